/**
 * The translating executor on raw code (no kernel): stopping after exactly N
 * instructions, faults in the middle of a translated block, a store into the
 * next instruction of the running block, a code cache smaller than the
 * program, chaining, and the generated source carrying no guest text.
 * Every run is compared with the interpreter from the same state.
 * @module
 */

import assert from "node:assert/strict";
import { Cpu, setReg64Num, Stop } from "../../lib/exec/cpu.ts";
import { Memory, PROT_EXEC, PROT_READ, PROT_WRITE } from "../../lib/exec/memory.ts";
import { run } from "../../lib/exec/interpreter.ts";
import type { Ctx } from "../../lib/exec/operands.ts";
import { getRflags } from "../../lib/exec/flags.ts";
import { Jit } from "../../lib/exec/translator/engine.ts";
import { diffCpu, diffMemory } from "../../lib/exec/translator/cosim.ts";
import { buildTrace } from "../../lib/exec/translator/trace.ts";
import { compileTrace } from "../../lib/exec/translator/compile.ts";

const CODE = 0x400000, DATA = 0x600000, STACK_TOP = 0x7ff000010000;

function hex(s: string): number[] {
  return s.match(/../g)!.map((b) => parseInt(b, 16));
}

/** Code at CODE (writable when `rwx`), 4 KiB of data at DATA (RBX points there), a stack. */
function machine(code: number[], rwx = false): Ctx {
  const cpu = new Cpu(), mem = new Memory();
  mem.map(CODE, 0x10000, PROT_READ | PROT_EXEC | (rwx ? PROT_WRITE : 0), 0);
  mem.map(DATA, 0x1000, PROT_READ | PROT_WRITE, 0);
  mem.map(STACK_TOP - 0x10000, 0x10000, PROT_READ | PROT_WRITE, 0);
  mem.writeBytes(CODE, Uint8Array.from(code), true);
  cpu.rip = CODE;
  setReg64Num(cpu, 3, DATA);
  setReg64Num(cpu, 4, STACK_TOP - 0x100);
  return { cpu, mem };
}

/** Run until a stop that is not the budget, or `budget` instructions. */
function exec(ctx: Ctx, budget: number, jit: Jit | null): Stop {
  const end = ctx.cpu.icount + budget;
  for (;;) {
    const left = end - ctx.cpu.icount;
    if (left <= 0) return Stop.Budget;
    const stop = jit === null ? run(ctx, left) : jit.run(ctx, left);
    if (stop !== Stop.Budget) return stop;
  }
}

function assertSame(a: Ctx, b: Ctx, what: string): void {
  assert.equal(diffCpu(a.cpu, b.cpu), null, what);
  assert.equal(diffMemory(a.mem, b.mem), null, what);
}

// L: add eax, [rbx]; add dword [rbx], 3; dec ecx; jnz L; hlt   (ECX = 50 first)
const LOOP = hex("b932000000" + "0303" + "830303" + "ffc9" + "75f7" + "f4");

Deno.test("translator: stopping after exactly N instructions matches the interpreter", () => {
  for (let n = 1; n <= 160; n += 3) {
    const a = machine(LOOP), b = machine(LOOP);
    const jit = new Jit({ threshold: 1 });
    // Two slices, so the second starts inside a translated loop.
    const k = Math.floor(n / 2);
    assert.equal(exec(a, k, jit), Stop.Budget);
    assert.equal(exec(a, n - k, jit), Stop.Budget);
    assert.equal(exec(b, n, null), Stop.Budget);
    assert.equal(a.cpu.icount, n);
    assertSame(a, b, `budget ${n}`);
  }
  const a = machine(LOOP), b = machine(LOOP);
  const jit = new Jit({ threshold: 1 });
  assert.equal(exec(a, 1e6, jit), Stop.Fault); // HLT
  assert.equal(exec(b, 1e6, null), Stop.Fault);
  assertSame(a, b, "to the end");
  assert.ok(jit.stats.jitInsns > 150, "the loop ran translated");
});

Deno.test("translator: a fault inside a block leaves the interpreter's exact state", () => {
  // mov eax,1; add eax,2; mov rdx,rax; cmp eax,7; mov ecx,[rbx+rdx*8+0x100000] (unmapped); hlt
  const code = hex("b801000000" + "83c002" + "4889c2" + "83f807" + "8b8cd300001000" + "f4");
  const a = machine(code), b = machine(code);
  const jit = new Jit({ threshold: 1 });
  assert.equal(exec(a, 100, jit), Stop.Fault);
  assert.equal(exec(b, 100, null), Stop.Fault);
  assertSame(a, b, "fault");
  assert.equal(jit.stats.translations, 1);
  assert.equal(a.cpu.rip, CODE + 14);
  assert.equal(a.cpu.icount, 4);
  assert.equal(a.cpu.r[0], 3);
  assert.equal(a.cpu.r[4], 3);
  assert.equal(getRflags(a.cpu) & 0x8d5, 0x95); // 3 - 7: CF SF AF PF
  assert.deepEqual([a.cpu.faultSignal, a.cpu.faultAddr], [11, DATA + 24 + 0x100000]);
});

Deno.test("translator: a store into the next instruction of the running block takes effect", () => {
  // L: mov [rip+2], cl (the imm8 of the next add); add eax, imm8; dec ecx; jnz L; hlt
  const code = hex("b964000000" + "880d02000000" + "83c000" + "ffc9" + "75f3" + "f4");
  const a = machine(code, true), b = machine(code, true);
  const jit = new Jit({ threshold: 1 });
  assert.equal(exec(a, 1e6, jit), Stop.Fault);
  assert.equal(exec(b, 1e6, null), Stop.Fault);
  assertSame(a, b, "self-modifying loop");
  assert.equal(a.cpu.r[0], 5050);
  assert.ok(jit.stats.invalidations > 0);
});

Deno.test("translator: a branch over a trap (an assertion) does not end the block, and the trap stays exact", () => {
  // ECX = 100; L: add eax, 1; cmp ecx, K; jne +1; hlt; add eax, 2; dec ecx; jnz L; hlt
  const code = (k: number): number[] =>
    hex(
      "b964000000" + "83c001" + "83f9" + k.toString(16).padStart(2, "0") + "7501f4" + "83c002" +
        "ffc9" + "75f0" + "f4",
    );
  // K = 0 never holds: the loop runs as one translated block to the final HLT.
  const a = machine(code(0)), b = machine(code(0));
  const jit = new Jit({ threshold: 1 });
  assert.equal(exec(a, 1e6, jit), Stop.Fault);
  assert.equal(exec(b, 1e6, null), Stop.Fault);
  assertSame(a, b, "assertions hold");
  assert.equal(a.cpu.r[0], 300);
  // The loop is one block iterating inside its function (ending at the HLT, it would take 200+ runs).
  assert.ok(jit.stats.blockRuns < 10, `block runs: ${jit.stats.blockRuns}`);
  assert.ok(jit.stats.jitInsns > 500, `translated: ${jit.stats.jitInsns}`);
  // K = 40: the assertion fails in the translated loop; the HLT faults where the interpreter's does.
  const c = machine(code(40)), d = machine(code(40));
  assert.equal(exec(c, 1e6, new Jit({ threshold: 1 })), Stop.Fault);
  assert.equal(exec(d, 1e6, null), Stop.Fault);
  assertSame(c, d, "assertion fails");
  assert.equal(c.cpu.rip, CODE + 13);
  assert.equal(c.cpu.r[0], 60 * 3 + 1);
});

Deno.test("translator: a loop whose body starts with a mostly taken forward branch stays one block", () => {
  // ECX = 100; L: add eax, 1; cmp ecx, 0; jne +3 (always taken); add eax, 5; dec ecx; jnz L; hlt
  const code = hex("b964000000" + "83c001" + "83f900" + "7503" + "83c005" + "ffc9" + "75f1" + "f4");
  const a = machine(code), b = machine(code);
  const jit = new Jit({ threshold: 1 });
  assert.equal(exec(a, 1e6, jit), Stop.Fault);
  assert.equal(exec(b, 1e6, null), Stop.Fault);
  assertSame(a, b, "taken branch followed");
  assert.equal(a.cpu.r[0], 100);
  // Ending at the branch, each iteration would take two block runs.
  assert.ok(jit.stats.blockRuns < 10, `block runs: ${jit.stats.blockRuns}`);
});

Deno.test("translator: a program larger than the code cache runs correctly, evicting blocks one at a time", () => {
  // ECX = 30; 40 pieces "add eax, 1; call +0; pop rsi" (each its own block); dec ecx; jnz; hlt
  const piece = "83c001e8000000005e";
  const body = piece.repeat(40);
  const back = -(body.length / 2 + 4);
  const code = hex(
    "b91e000000" + body + "ffc9" + "0f85" +
      ((back - 4) >>> 0).toString(16).padStart(8, "0").match(/../g)!.reverse().join("") + "f4",
  );
  const a = machine(code), b = machine(code);
  const jit = new Jit({ threshold: 2, maxBlocks: 8 });
  assert.equal(exec(a, 1e6, jit), Stop.Fault);
  assert.equal(exec(b, 1e6, null), Stop.Fault);
  assertSame(a, b, "small cache");
  assert.equal(a.cpu.r[0], 1200);
  assert.ok(jit.stats.evictions > 10, `evictions: ${jit.stats.evictions}`);
  assert.ok(jit.stats.translations - jit.stats.evictions <= 8, "the cache stays within its bound");
  const big = new Jit({ threshold: 2 });
  const c = machine(code);
  exec(c, 1e6, big);
  assert.equal(big.stats.evictions, 0);
  assert.ok(big.stats.chained > big.stats.blockRuns / 2, "blocks chain to their successors");
});

Deno.test("translator: eviction keeps a hot loop translated while colder code churns", () => {
  // ECX = 200 rounds of: EDX = 20 passes over 4 pieces (hot), then 40 pieces once (cold); hlt.
  const piece = "83c001e8000000005e"; // add eax, 1; call +0; pop rsi
  const le = (v: number): string =>
    (v >>> 0).toString(16).padStart(8, "0").match(/../g)!.reverse().join("");
  const hot = piece.repeat(4), cold = piece.repeat(40);
  const code = hex(
    "b9c8000000" + "ba14000000" + hot + "ffca" + "0f85" + le(-(hot.length / 2 + 8)) + cold +
      "ffc9" + "0f85" + le(-(5 + hot.length / 2 + 8 + cold.length / 2 + 8)) + "f4",
  );
  const a = machine(code), b = machine(code);
  const jit = new Jit({ threshold: 2, maxBlocks: 16 });
  assert.equal(exec(a, 1e7, jit), Stop.Fault);
  assert.equal(exec(b, 1e7, null), Stop.Fault);
  assertSame(a, b, "bounded cache");
  assert.equal(a.cpu.r[0], 200 * (20 * 4 + 40));
  const st = jit.stats;
  assert.ok(st.evictions > 0 && st.translations - st.evictions <= 16);
  // Most instructions are in the hot loop: they must have run translated.
  const share = st.jitInsns / (st.jitInsns + st.interpInsns);
  assert.ok(share > 0.6, `translated share ${share}`);
});

Deno.test("translator: generated source holds no text derived from guest bytes", () => {
  // Code whose bytes spell ASCII text (as immediates and displacements) must still compile to
  // source made only of fixed identifiers, punctuation and formatted numbers.
  const text = Array.from(new TextEncoder().encode("alert('x')//\"`")).map((c) =>
    c.toString(16).padStart(2, "0")
  ).join("");
  const code = hex("48b8" + text.slice(0, 16) + "3d" + text.slice(16, 24) + "f4");
  const ctx = machine(code);
  const t = buildTrace(ctx.mem, CODE)!;
  const src = compileTrace(t).source;
  assert.equal(src.replace('"use strict";', "").search(/["'`]/), -1);
  assert.doesNotMatch(src, /alert/);
});

Deno.test("translator: machines running the same code share one compiled function, each with its own objects", () => {
  // pavgb xmm1, [rbx] (a handler call taking its Insn); add dword [rbx], 1 (a store: page checks)
  const code = hex("660fe00b" + "830301" + "f4");
  const a = machine(code), b = machine(code);
  const ca = compileTrace(buildTrace(a.mem, CODE)!), cb = compileTrace(buildTrace(b.mem, CODE)!);
  assert.equal(ca.fn, cb.fn, "one function");
  assert.notEqual(ca.locals, cb.locals);
  assert.ok(ca.locals.length > 0 && ca.locals.every((v, i) => v !== cb.locals[i]), "own objects");
  // The same bytes but another register: the same source, the other instruction record.
  const c = machine(hex("660fe013" + "830301" + "f4"));
  const cc = compileTrace(buildTrace(c.mem, CODE)!);
  assert.equal(cc.fn, ca.fn);
  const jit = new Jit({ threshold: 1 });
  for (const ctx of [a, c]) {
    const ref = machine(ctx === a ? code : hex("660fe013" + "830301" + "f4"));
    ctx.cpu.xmm.fill(7), ref.cpu.xmm.fill(7);
    for (let i = 0; i < 3; i++) {
      ctx.cpu.rip = CODE, ref.cpu.rip = CODE;
      assert.equal(exec(ctx, 1000, jit), exec(ref, 1000, null));
    }
    assertSame(ctx, ref, "shared function, own instruction");
  }
});
