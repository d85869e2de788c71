/**
 * The translator itself, on raw code (no kernel): translation time per block,
 * dispatch cost between chained blocks, a hot loop against the interpreter,
 * and steady state on a program larger than the code cache.
 * `deno bench --allow-read bench/translator_bench.ts`
 * @module
 */

import { Cpu, setReg64Num, Stop } from "../lib/exec/cpu.ts";
import { Memory, PROT_EXEC, PROT_READ, PROT_WRITE } from "../lib/exec/memory.ts";
import { run } from "../lib/exec/interpreter.ts";
import type { Ctx } from "../lib/exec/operands.ts";
import { Jit } from "../lib/exec/translator/engine.ts";
import { buildTrace } from "../lib/exec/translator/trace.ts";
import { compileTrace } from "../lib/exec/translator/compile.ts";

const CODE = 0x400000, DATA = 0x600000;

function hex(s: string): number[] {
  return s.match(/../g)!.map((b) => parseInt(b, 16));
}

function le32(v: number): string {
  return (v >>> 0).toString(16).padStart(8, "0").match(/../g)!.reverse().join("");
}

function machine(code: number[]): Ctx {
  const cpu = new Cpu(), mem = new Memory();
  mem.map(CODE, 0x10000, PROT_READ | PROT_EXEC, 0);
  mem.map(DATA, 0x10000, PROT_READ | PROT_WRITE, 0);
  mem.writeBytes(CODE, Uint8Array.from(code), true);
  cpu.rip = CODE;
  setReg64Num(cpu, 3, DATA);
  return { cpu, mem };
}

/** Run from the start to the HLT at the end (a #GP stop); the address space is reused. */
function finish(ctx: Ctx, jit: Jit | null): void {
  ctx.cpu.rip = CODE;
  for (;;) {
    const stop = jit === null ? run(ctx, 1e9) : jit.run(ctx, 1e9);
    if (stop === Stop.Fault) return;
  }
}

// ECX = n: L: add eax, [rbx+rcx*4]; xor [rbx+rcx*4], eax; add edx, eax; dec ecx; jnz L; hlt
const loop = (n: number): number[] =>
  hex(`b9${le32(n)}` + "03048b" + "31048b" + "01c2" + "ffc9" + "75f4" + "f4");

/** `pieces` blocks of "add eax, 1; cmp eax, eax; je +2; ud2", the whole run `rounds` times. */
function manyBlocks(pieces: number, rounds: number): number[] {
  const body = "83c00139c074020f0b".repeat(pieces);
  const back = -(body.length / 2 + 4) - 4;
  return hex(`b9${le32(rounds)}` + body + "ffc9" + "0f85" + le32(back) + "f4");
}

const LOOP = loop(1000);

Deno.bench("translate one block (trace + codegen + new Function)", { group: "translate" }, () => {
  const ctx = machine(LOOP);
  compileTrace(buildTrace(ctx.mem, CODE + 5)!);
});

const loopI = machine(LOOP), loopJ = machine(LOOP);
const warm = new Jit({ threshold: 1 });
Deno.bench("hot loop, 5k instructions: interpreter", { group: "loop", baseline: true }, () => {
  finish(loopI, null);
});
Deno.bench("hot loop, 5k instructions: translator (warm cache)", { group: "loop" }, () => {
  finish(loopJ, warm);
});

// Every piece is its own block that exits to the next: measures dispatch and chaining.
const CHAIN = manyBlocks(40, 100);
const chainI = machine(CHAIN), chainJ = machine(CHAIN);
const chainJit = new Jit({ threshold: 1 });
Deno.bench("40 chained blocks x 100 (16k instructions): translator", { group: "dispatch" }, () => {
  finish(chainJ, chainJit);
});
Deno.bench("40 chained blocks x 100 (16k instructions): interpreter", {
  group: "dispatch",
  baseline: true,
}, () => {
  finish(chainI, null);
});

// Steady state with the cache smaller than the program: 200 hot blocks, room for 64.
const BIG = manyBlocks(200, 20);
const bigA = machine(BIG), bigB = machine(BIG);
const fits = new Jit({ threshold: 2 });
const thrash = new Jit({ threshold: 2, maxBlocks: 64 });
Deno.bench("200 blocks x 20: cache holds all", { group: "cache", baseline: true }, () => {
  finish(bigA, fits);
});
Deno.bench("200 blocks x 20: cache of 64 blocks (flushes)", { group: "cache" }, () => {
  finish(bigB, thrash);
});
