/**
 * Test harness for instruction-level unit tests: runs raw machine code on a
 * bare CPU + memory (no kernel) and returns the final state.
 * @module
 */

import { Cpu, setReg64Num, Stop } from "../../lib/exec/cpu.ts";
import { Memory, PROT_EXEC, PROT_READ, PROT_WRITE } from "../../lib/exec/memory.ts";
import { run } from "../../lib/exec/interpreter.ts";
import type { Ctx } from "../../lib/exec/operands.ts";

/** Where test code, data and stack live. */
export const CODE = 0x400000, DATA = 0x600000, STACK_TOP = 0x7ff000010000;

/** Register names in encoding order. */
export const REG_NAMES = [
  "rax",
  "rcx",
  "rdx",
  "rbx",
  "rsp",
  "rbp",
  "rsi",
  "rdi",
  "r8",
  "r9",
  "r10",
  "r11",
  "r12",
  "r13",
  "r14",
  "r15",
] as const;

/** Result of running a code snippet. */
export interface Snippet extends Ctx {
  /** Why execution stopped: Stop.Budget means it reached the end of the code. */
  stop: Stop;
}

/**
 * Run `code` (bytes) from CODE until RIP leaves it, a fault, a SYSCALL, or
 * `limit` instructions. `setup` may seed registers/memory first. DATA has 64 KiB
 * of read-write memory; RSP starts at STACK_TOP - 0x100 inside 64 KiB of stack.
 */
export function runCode(
  code: ArrayLike<number>,
  setup?: (ctx: Ctx) => void,
  limit = 100000,
): Snippet {
  const cpu = new Cpu();
  const mem = new Memory();
  mem.map(CODE, 0x10000, PROT_READ | PROT_EXEC, 0);
  mem.map(DATA, 0x10000, PROT_READ | PROT_WRITE, 0);
  mem.map(STACK_TOP - 0x10000, 0x10000, PROT_READ | PROT_WRITE, 0);
  mem.writeBytes(CODE, Uint8Array.from(code), true);
  cpu.rip = CODE;
  setReg64Num(cpu, 4, STACK_TOP - 0x100);
  const ctx = { cpu, mem };
  setup?.(ctx);
  const end = CODE + code.length;
  let stop = Stop.Budget;
  for (let i = 0; i < limit && cpu.rip !== end; i++) {
    stop = run(ctx, 1);
    if (stop !== Stop.Budget) break;
  }
  return { cpu, mem, stop };
}

/** Register value as a BigInt (for readable assertions). */
export function reg(cpu: Cpu, n: number): bigint {
  return (BigInt(cpu.r[2 * n + 1]) << 32n) | BigInt(cpu.r[2 * n]);
}

/** Set a register from a BigInt. */
export function setReg(cpu: Cpu, n: number, v: bigint): void {
  const u = BigInt.asUintN(64, v);
  cpu.r[2 * n] = Number(u & 0xffffffffn);
  cpu.r[2 * n + 1] = Number(u >> 32n);
}
