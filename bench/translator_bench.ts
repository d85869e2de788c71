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
  setReg64Num(cpu, 4, DATA + 0x10000); // the stack: the top of the data area
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

/** `pieces` blocks of "add eax, 1; lea rsi, [rip+2]; jmp rsi", the whole run `rounds` times. */
function manyBlocks(pieces: number, rounds: number): number[] {
  const body = "83c001488d3502000000ffe6".repeat(pieces);
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

/**
 * A program with a hot loop of `hot` blocks run `inner` times, then `cold`
 * blocks run once, the whole `rounds` times: skewed like real code.
 */
function skewed(hot: number, cold: number, inner: number, rounds: number): number[] {
  const piece = "83c001488d3502000000ffe6"; // add eax, 1; lea rsi, [rip+2]; jmp rsi: one block each
  const hotBody = piece.repeat(hot), coldBody = piece.repeat(cold);
  const hotBack = -(hotBody.length / 2 + 2 + 6);
  const outerBack = -(5 + hotBody.length / 2 + 8 + coldBody.length / 2 + 2 + 6);
  return hex(
    `b9${le32(rounds)}` + `ba${le32(inner)}` + hotBody + "ffca" + "0f85" + le32(hotBack) +
      coldBody + "ffc9" + "0f85" + le32(outerBack) + "f4",
  );
}

// Steady state of a program larger than the code cache: 32 hot blocks x 20 and 300 others once
// per round (about 1000 block entries), with room for 64 blocks. The Jit persists across
// iterations and is warmed up here (translations, V8's tiers, eviction settling), so the timings
// are the steady state: eviction keeps the hot blocks translated, and the others are interpreted
// until they are hot enough to displace something.
const BIG = skewed(32, 300, 20, 10);
const bigI = machine(BIG), bigA = machine(BIG), bigB = machine(BIG);
const fits = new Jit({ threshold: 50 });
const bounded = new Jit({ threshold: 50, maxBlocks: 64 });
for (let i = 0; i < 2000; i++) {
  finish(bigA, fits);
  finish(bigB, bounded);
}
Deno.bench("332 blocks, 32 hot: interpreter", { group: "cache" }, () => {
  finish(bigI, null);
});
Deno.bench("332 blocks, 32 hot: cache holds all", { group: "cache", baseline: true }, () => {
  finish(bigA, fits);
});
Deno.bench("332 blocks, 32 hot: cache of 64 blocks (evicting)", { group: "cache" }, () => {
  finish(bigB, bounded);
});
