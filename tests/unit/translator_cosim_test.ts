/**
 * Co-simulation: committed guest programs run under the translator (compiling
 * nearly everything: threshold 2) in lock-step with the reference
 * interpreter. After every block the translator runs, the interpreter machine
 * is brought to the same instruction count and the two CPUs must agree
 * exactly; address spaces are compared periodically and at the end, and so
 * are the outputs.
 * @module
 */

import assert from "node:assert/strict";
import { createMachine, type MachineOptions } from "../../mod.ts";
import { Stop } from "../../lib/exec/cpu.ts";
import { diffCpu, diffMemory } from "../../lib/exec/translator/cosim.ts";

const dir = new URL("../guest/", import.meta.url);
const ENV = JSON.parse(Deno.readTextFileSync(new URL("cases.json", dir)))[0].env as string[];
const BUDGET = 200_000_000;
/** Compare whole address spaces every this many block exits. */
const MEMORY_EVERY = 4096;

/** Run `opts` under both engines in lock-step; returns the number of state comparisons. */
function cosim(opts: MachineOptions): number {
  const a = createMachine({ ...opts, engine: "jit" });
  const b = createMachine({ ...opts, engine: "interp" });
  const jit = a.jit!;
  jit.threshold = 2;
  let checks = 0;
  let failure: string | null = null;
  jit.onBlockExit = (cpu) => {
    // A block that stopped for a syscall or fault is compared after the machine has handled it.
    if (failure !== null || cpu.stop !== Stop.None) return;
    const tid = a.kernel.sched.current!.tid;
    b.run(cpu.icount - b.kernel.retired);
    const other = b.kernel.sched.threads.find((t) => t.tid === tid);
    if (other === undefined) {
      failure = `thread ${tid} missing in the interpreter at ${cpu.icount}`;
      return;
    }
    const d = diffCpu(cpu, other.cpu) ??
      (++checks % MEMORY_EVERY === 0
        ? diffMemory(a.kernel.sched.current!.proc.mem, other.proc.mem)
        : null);
    if (d !== null) {
      failure = `after ${cpu.icount} instructions, rip 0x${cpu.rip.toString(16)}: ${d}`;
    }
  };
  const ra = a.run(BUDGET);
  jit.onBlockExit = null;
  assert.equal(failure, null);
  const rb = b.run(BUDGET - b.kernel.retired);
  assert.equal(ra.status, rb.status);
  assert.equal(ra.exitCode, rb.exitCode);
  assert.equal(ra.instructions, rb.instructions);
  assert.deepEqual(ra.stdout, rb.stdout);
  assert.equal(diffMemory(a.process.mem, b.process.mem), null);
  assert.ok(jit.stats.translations > 0);
  return checks;
}

interface GuestCase {
  name: string;
  binary: string;
  argv: string[];
  env: string[];
  stdin: string | null;
}
const cases: GuestCase[] = JSON.parse(Deno.readTextFileSync(new URL("cases.json", dir)));
/** A spread of libcs, PIE, SSE, x87, signals, self-modifying code and hand-written asm. */
const PICKED = [
  "printf.musl",
  "strings.glibc",
  "malloc.pie",
  "math.glibc",
  "sse2.musl",
  "int128.pie",
  "setjmp.glibc",
  "stdin.musl",
  "traps-segv-handled.glibc",
  "traps-fpe.musl",
  "flags.asm",
  "string.asm",
  "fpu.asm",
  "smc.musl",
  "smc.pie",
];

for (const name of PICKED) {
  const c = cases.find((x) => x.name === name);
  if (c === undefined) continue;
  Deno.test(`translator co-simulation: ${name}`, () => {
    const checks = cosim({
      argv: c.argv,
      env: c.env ?? ENV,
      files: { [c.argv[0]]: Deno.readFileSync(new URL(`bin/${c.binary}`, dir)) },
      stdin: c.stdin === null ? undefined : Deno.readFileSync(new URL(c.stdin, dir)),
    });
    assert.ok(checks > 100, `only ${checks} comparisons`);
  });
}
