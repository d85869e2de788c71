/**
 * Snapshots across engines: a guest stopped after exactly N instructions has
 * the same state digest under the translator and the interpreter, and a
 * snapshot taken under one engine, restored and finished under the other,
 * ends exactly like an uninterrupted run. (Kernel state is not in the
 * snapshot records yet: the resuming machine runs to the same count first,
 * as in checkpoint_resume_test.ts, then takes the restored CPU and memory.)
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

function boot(c: GuestCase, engine: "jit" | "interp"): Machine {
  const m = createMachine({
    argv: c.argv,
    env: c.env,
    files: { [c.argv[0]]: Deno.readFileSync(new URL(`bin/${c.binary}`, dir)) },
    stdin: c.stdin === null ? undefined : Deno.readFileSync(new URL(c.stdin, dir)),
    engine,
  });
  // Translate early so that the stop points fall inside translated code.
  if (m.jit !== null) m.jit.threshold = 4;
  return m;
}

const digest = (m: Machine): string => digestHex(stateDigest(m.process.cpu, m.process.mem));

for (const name of ["strings.musl", "sse2.pie", "malloc.glibc", "fenv.musl", "fpu.asm"]) {
  const c = cases.find((x) => x.name === name)!;
  Deno.test(`translator snapshot: ${name} across engines`, () => {
    const ref = boot(c, "interp");
    const want = ref.run(BUDGET);
    const wantDigest = digest(ref);
    for (const [from, to] of [["jit", "interp"], ["interp", "jit"]] as const) {
      for (const k of [1, 2]) {
        const at = Math.floor((want.instructions * k) / 3) + 7;
        const a = boot(c, from);
        assert.equal(a.run(at).instructions, at);
        const b = boot(c, to);
        assert.equal(b.run(at).instructions, at);
        const where = `${name}: ${from} -> ${to} at ${at}`;
        assert.equal(digest(a), digest(b), `${where}: both engines stop in the same state`);
        const snap = readSnapshot(writeSnapshot({ cpu: a.process.cpu, mem: a.process.mem }));
        b.process.cpu = snap.cpu;
        b.process.mem = snap.mem;
        const got = b.run(BUDGET);
        assert.equal(got.exitCode, want.exitCode, where);
        assert.equal(got.instructions, want.instructions, where);
        assert.deepEqual(got.stdout, want.stdout, where);
        assert.equal(digest(b), wantDigest, where);
      }
    }
  });
}
