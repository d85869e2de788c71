/**
 * Determinism: two runs of the same program with the same inputs and seed
 * give the same output and the same state digest at every stop; a run
 * stepped in pieces stops after exactly the budget it was given and ends as
 * the uninterrupted run does; the seed alone decides AT_RANDOM.
 * @module
 */

import assert from "node:assert/strict";
import { createMachine, digestHex, type Machine, type RunResult } from "../../mod.ts";
import { Rng } from "../../lib/kernel/rng.ts";

interface GuestCase {
  name: string;
  binary: string;
  argv: string[];
  env: string[];
  stdin: string | null;
}

const dir = new URL("../guest/", import.meta.url);
const cases: GuestCase[] = JSON.parse(Deno.readTextFileSync(new URL("cases.json", dir)));
/** Each libc build and the asm suite; stdin, heap, signals, SSE, x87, 128-bit integers, traps. */
const PICKED = [
  "stdin.pie",
  "malloc.glibc",
  "printf.musl",
  "sse2.musl",
  "fenv.glibc",
  "int128.pie",
  "sigframe.glibc",
  "traps-segv-handled.musl",
  "traps-abort.glibc",
  "fpu.asm",
];
/** Step budgets, used in turn: odd sizes land stops inside system calls' neighbourhood and loops. */
const STEPS = [1, 2, 17, 999, 123_457, 2_000_003];

function boot(c: GuestCase, seed = 0): Machine {
  return createMachine({
    argv: c.argv,
    env: c.env,
    seed,
    files: { [c.argv[0]]: Deno.readFileSync(new URL(`bin/${c.binary}`, dir)) },
    stdin: c.stdin === null ? undefined : Deno.readFileSync(new URL(c.stdin, dir)),
  });
}

/** One stop of a stepped run. */
interface Stop {
  instructions: number;
  status: string;
  stdoutLength: number;
  digest: string;
}

/** Run `m` to the end in budgets cycling through STEPS, checking each stop is exact. */
function stepped(m: Machine, where: string): { stops: Stop[]; last: RunResult } {
  const stops: Stop[] = [];
  let at = 0;
  for (let i = 0;; i++) {
    const budget = STEPS[i % STEPS.length];
    const r = m.run(budget);
    if (r.status === "running") assert.equal(r.instructions, at + budget, `${where}: exact stop`);
    else assert.ok(r.instructions <= at + budget, `${where}: ends within the budget`);
    at = r.instructions;
    stops.push({
      instructions: r.instructions,
      status: r.status,
      stdoutLength: r.stdout.length,
      digest: digestHex(m.digest()),
    });
    if (r.status !== "running") return { stops, last: r };
    assert.ok(i < 10_000, `${where}: does not end`);
  }
}

for (const name of PICKED) {
  const c = cases.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no guest case ${name}`);
  Deno.test(`determinism: ${name} twice, stepped, gives equal digests at every stop`, () => {
    const whole = boot(c);
    const want = whole.run();
    assert.notEqual(want.status, "running");
    const a = stepped(boot(c), `${name} run 1`);
    const b = stepped(boot(c), `${name} run 2`);
    assert.deepEqual(a.stops, b.stops);
    for (const r of [a.last, b.last]) {
      assert.equal(r.status, want.status);
      assert.equal(r.exitCode, want.exitCode);
      assert.equal(r.instructions, want.instructions);
      assert.deepEqual(r.stdout, want.stdout);
      assert.deepEqual(r.stderr, want.stderr);
    }
    assert.equal(a.stops.at(-1)!.digest, digestHex(whole.digest()));
    // The stops differ in state: the digest really follows the machine.
    assert.ok(new Set(a.stops.map((s) => s.digest)).size > a.stops.length / 2);
  });
}

Deno.test("determinism: single-stepping a whole program matches the uninterrupted run", () => {
  const c = cases.find((x) => x.name === "traps-exit3.musl")!;
  const whole = boot(c);
  const want = whole.run();
  const m = boot(c);
  let r: RunResult;
  let n = 0;
  do {
    r = m.run(1);
    if (r.status === "running") assert.equal(r.instructions, ++n);
  } while (r.status === "running");
  assert.equal(r.instructions, want.instructions);
  assert.equal(r.exitCode, want.exitCode);
  assert.deepEqual(r.stdout, want.stdout);
  assert.equal(digestHex(m.digest()), digestHex(whole.digest()));
});

Deno.test("determinism: run(0) retires nothing and changes nothing", () => {
  const m = boot(cases.find((x) => x.name === "printf.musl")!);
  const before = digestHex(m.digest());
  const r = m.run(0);
  assert.equal(r.status, "running");
  assert.equal(r.instructions, 0);
  assert.equal(digestHex(m.digest()), before);
  assert.equal(m.run(5000).instructions, 5000);
});

/**
 * A 190-byte static ELF that writes its 16 AT_RANDOM bytes to stdout and
 * exits 0 (nasm -f bin of: walk past argv and envp on the initial stack,
 * scan auxv for type 25, write(1, value, 16), exit(0)).
 */
const AT_RANDOM_ELF = Uint8Array.from(
  ("7f454c4602010100000000000000000002003e000100000078004000000000004000000000000000" +
    "000000000000000000000000400038000100000000000000010000000500000000000000000000" +
    "0000004000000000000000400000000000be00000000000000be00000000000000001000000000" +
    "0000488b0c24488d74cc1048ad4885c075f948ad4889c248ad4883fa19740c4885d275eebf0100" +
    "0000eb164889c6bf01000000ba10000000b8010000000f0531ffb83c0000000f05").match(/../g)!,
  (h) => parseInt(h, 16),
);

function atRandom(seed: number): Uint8Array {
  const r = createMachine({
    argv: ["/bin/rnd"],
    files: { "/bin/rnd": AT_RANDOM_ELF },
    seed,
  }).run();
  assert.equal(r.exitCode, 0);
  assert.equal(r.stdout.length, 16);
  return r.stdout;
}

Deno.test("determinism: AT_RANDOM comes from the seed, and only from it", () => {
  for (const seed of [0, 1, 2, 0xdeadbeef]) {
    const want = new Uint8Array(16);
    new Rng(seed).fill(want);
    assert.deepEqual(atRandom(seed), want);
    assert.deepEqual(atRandom(seed), want);
  }
  const seen = new Set([0, 1, 2, 3, 1000, 2 ** 40].map((s) => digestHex(atRandom(s))));
  assert.equal(seen.size, 6);
});

Deno.test("determinism: a different seed changes the state of a glibc program", () => {
  // glibc derives its stack canary and pointer guard from AT_RANDOM.
  const c = cases.find((x) => x.name === "printf.glibc")!;
  const run = (seed: number) => {
    const m = boot(c, seed);
    const r = m.run();
    return { out: r.stdout, digest: digestHex(m.digest()) };
  };
  const a = run(1), b = run(1), other = run(2);
  assert.equal(a.digest, b.digest);
  assert.notEqual(a.digest, other.digest);
  assert.deepEqual(a.out, other.out); // output does not depend on the canary
});

const BUSYBOX = "/bin/busybox";
const busybox = (() => {
  try {
    return Deno.readFileSync(BUSYBOX);
  } catch {
    return null;
  }
})();

Deno.test({
  name: "determinism: busybox sort | md5sum-style runs with stdin repeat exactly",
  // Developers without busybox-static skip; CI installs it and must not skip.
  ignore: busybox === null && !Deno.env.get("CI"),
  fn() {
    const lines = Array.from({ length: 3000 }, (_, i) => `${(i * 7919) % 3001} line ${i}\n`);
    const stdin = new TextEncoder().encode(lines.join(""));
    for (const argv of [["/bin/busybox", "sort", "-n"], ["/bin/busybox", "md5sum"]]) {
      const boot = () =>
        createMachine({ argv, files: { "/bin/busybox": busybox! }, stdin, env: ["LANG=C"] });
      const a = stepped(boot(), argv.join(" "));
      const b = stepped(boot(), argv.join(" "));
      assert.deepEqual(a.stops, b.stops);
      assert.equal(a.last.exitCode, 0);
      assert.deepEqual(a.last.stdout, b.last.stdout);
      assert.ok(a.last.stdout.length > 0);
    }
  },
});
