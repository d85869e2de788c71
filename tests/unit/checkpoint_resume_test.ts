/**
 * A snapshot of the CPU and address space taken in the middle of a real guest
 * program, restored and run to the end, gives the same output, exit status and
 * final state digest as the uninterrupted run.
 *
 * Kernel state is not in the v1 records yet, so the resumed run keeps the
 * kernel of a machine that ran to the same instruction count (runs are
 * deterministic) and swaps in the restored CPU and memory; the replaced objects
 * are scribbled over to prove nothing still uses them.
 * @module
 */

import assert from "node:assert/strict";
import { createMachine, type Machine } from "../../mod.ts";
import { digestHex, stateDigest } from "../../lib/checkpoint/digest.ts";
import { readSnapshot, writeSnapshot } from "../../lib/checkpoint/snapshot.ts";

interface GuestCase {
  name: string;
  binary: string;
  argv: string[];
  env: string[];
  stdin: string | null;
}

const dir = new URL("../guest/", import.meta.url);
const cases: GuestCase[] = JSON.parse(Deno.readTextFileSync(new URL("cases.json", dir)));
const BUDGET = 500_000_000;
/** Heap, setjmp, SSE, x87, 128-bit integer, file, signal-handler and asm programs; each libc build. */
const PICKED = [
  "malloc.musl",
  "setjmp.pie",
  "sse2.musl",
  "fenv.glibc",
  "int128.pie",
  "files.musl",
  "traps-segv-handled.glibc",
  "fpu.asm",
];

function boot(c: GuestCase): Machine {
  return createMachine({
    argv: c.argv,
    env: c.env,
    files: { [c.argv[0]]: Deno.readFileSync(new URL(`bin/${c.binary}`, dir)) },
    stdin: c.stdin === null ? undefined : Deno.readFileSync(new URL(c.stdin, dir)),
  });
}

function finalDigest(m: Machine): string {
  return digestHex(stateDigest(m.process.cpu, m.process.mem));
}

for (const name of PICKED) {
  const c = cases.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no guest case ${name}`);
  Deno.test(`checkpoint: ${name} resumed from 5 snapshots matches the uninterrupted run`, () => {
    const ref = boot(c);
    const want = ref.run(BUDGET);
    assert.notEqual(want.status, "running");
    const wantDigest = finalDigest(ref);
    for (let k = 1; k <= 5; k++) {
      const at = Math.floor((want.instructions * k) / 6);
      const m = boot(c);
      assert.equal(m.run(at).instructions, at);
      const proc = m.process;
      const before = digestHex(stateDigest(proc.cpu, proc.mem));
      const snap = readSnapshot(writeSnapshot({ cpu: proc.cpu, mem: proc.mem }), {
        verifyDigest: true,
      });
      assert.equal(digestHex(snap.header.digest), before);
      const oldCpu = proc.cpu, oldMem = proc.mem;
      proc.cpu = snap.cpu;
      proc.mem = snap.mem;
      oldCpu.r.fill(0xcccccccc);
      oldCpu.rip = 0;
      for (const page of oldMem.pages.values()) page.data.fill(0xcc);
      const got = m.run(BUDGET);
      const where = `${name} resumed at ${at}`;
      assert.equal(got.status, want.status, where);
      assert.equal(got.exitCode, want.exitCode, where);
      assert.equal(got.instructions, want.instructions, where);
      assert.deepEqual(got.stdout, want.stdout, where);
      assert.deepEqual(got.stderr, want.stderr, where);
      assert.equal(finalDigest(m), wantDigest, where);
    }
  });
}
