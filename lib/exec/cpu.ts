/**
 * Architectural state of one x86-64 hardware thread, as plain typed data.
 *
 * 64-bit general-purpose registers are kept as two unsigned 32-bit halves in a
 * `Uint32Array` (index `2*r` low, `2*r+1` high): measured 6x faster than BigInt
 * registers in an interpreter-shaped loop (see `bench/registers_bench.ts` and
 * docs/ARCHITECTURE.md). Stores into the array wrap modulo 2^32 for free.
 *
 * Every field is a number or a typed array so that a snapshot can carry it.
 * @module
 */

/** Register numbers in encoding order. */
export const RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7;
/** R8..R15 follow at 8..15. */
export const R8 = 8, R9 = 9, R10 = 10, R11 = 11;

/** Why the execution loop returned to its caller. */
export const enum Stop {
  None = 0,
  /** The guest executed SYSCALL; RIP already points past it. */
  Syscall = 1,
  /**
   * A fault was raised; `cpu.faultSignal` etc. describe it and RIP is the faulting instruction,
   * except for traps (INT3, INT 3/4), which leave RIP at the next instruction as Linux reports it.
   */
  Fault = 2,
  /** The instruction budget ran out. */
  Budget = 3,
}

/** Lazy condition-code kinds: how `cc*` fields describe the last flag-setting op. */
export const enum CC {
  /** `ccRes` holds the materialized arithmetic flags (CF PF AF ZF SF OF bits). */
  Eflags = 0,
  Add = 1,
  Sub = 2,
  Logic = 3,
  /** INC/DEC: like Add/Sub with src=1, CF taken from `ccCarry`. */
  Inc = 4,
  Dec = 5,
}

/** EFLAGS bit positions. */
export const CF = 1 << 0,
  PF = 1 << 2,
  AF = 1 << 4,
  ZF = 1 << 6,
  SF = 1 << 7,
  TF = 1 << 8,
  IF = 1 << 9,
  DF = 1 << 10,
  OF = 1 << 11,
  AC = 1 << 18,
  ID = 1 << 21;
/** The six arithmetic flags. */
export const ARITH_FLAGS = CF | PF | AF | ZF | SF | OF;

/** One hardware thread's registers. */
export class Cpu {
  /** GPRs as 32-bit halves: `r[2*n]` low, `r[2*n+1]` high. */
  readonly r: Uint32Array = new Uint32Array(32);
  /** Instruction pointer (canonical user addresses fit a double exactly). */
  rip = 0;
  /** FS and GS segment bases (set by arch_prctl). */
  fsBase = 0;
  gsBase = 0;

  /** Lazy flags: kind of the last flag-setting operation. */
  ccOp: number = CC.Eflags;
  /** Operand size in bytes (1, 2, 4, 8) of the last flag-setting operation. */
  ccSize = 4;
  /** Destination (first) operand, result and source, as low/high halves (high only for size 8). */
  ccDst = 0;
  ccDstH = 0;
  ccSrc = 0;
  ccSrcH = 0;
  ccRes = 0;
  ccResH = 0;
  /** Carry flag preserved across INC/DEC. */
  ccCarry = 0;
  /** Non-arithmetic RFLAGS bits (DF, ID, AC, reserved bit 1, ...). */
  flagsOther = 0x202;

  /** XMM0..15 as 4 dwords each; `xmmBytes` views the same memory. */
  readonly xmm: Uint32Array = new Uint32Array(64);
  readonly xmmBytes: Uint8Array = new Uint8Array(this.xmm.buffer);
  /** MXCSR control/status register. */
  mxcsr = 0x1f80;

  /** x87 physical registers R0..R7, 10 bytes each (64-bit significand little-endian, then sign|exponent). */
  readonly fpr: Uint16Array = new Uint16Array(40);
  /** x87 control word, status word (TOP kept separately), tag word (2 bits per physical register). */
  fpuCw = 0x037f;
  fpuSw = 0;
  fpuTop = 0;
  fpuTag = 0xffff;
  /** Last x87 instruction/data pointers and opcode, as FXSAVE reports them. */
  fpuIp = 0;
  fpuDp = 0;
  fpuOp = 0;

  /** Retired guest instructions. */
  icount = 0;
  /** Set by a handler to make the loop return (a `Stop` value). */
  stop = 0;
  /** Details of the last fault: Linux signal number, si_code and fault address. */
  faultSignal = 0;
  faultCode = 0;
  faultAddr = 0;
  /** The last fault's x86 exception vector and error code (sigcontext trapno and err). */
  faultTrap = 0;
  faultErr = 0;

  /** Scratch: high half returned by 64-bit operand reads. Meaningless between instructions. */
  hi = 0;
}

/** Read a 64-bit register as a JS number (exact below 2^53; used for addresses and counts). */
export function reg64Num(cpu: Cpu, n: number): number {
  return cpu.r[2 * n + 1] * 4294967296 + cpu.r[2 * n];
}

/** Write a 64-bit register from a non-negative JS number below 2^53. */
export function setReg64Num(cpu: Cpu, n: number, v: number): void {
  cpu.r[2 * n] = v >>> 0;
  cpu.r[2 * n + 1] = Math.floor(v / 4294967296);
}

/** Read a 64-bit register as a BigInt (for rare wide arithmetic). */
export function reg64Big(cpu: Cpu, n: number): bigint {
  return (BigInt(cpu.r[2 * n + 1]) << 32n) | BigInt(cpu.r[2 * n]);
}

/** Write a 64-bit register from a BigInt (taken modulo 2^64). */
export function setReg64Big(cpu: Cpu, n: number, v: bigint): void {
  cpu.r[2 * n] = Number(v & 0xffffffffn);
  cpu.r[2 * n + 1] = Number((v >> 32n) & 0xffffffffn);
}

/** A copy of every register: the `Cpu` holds numbers and typed arrays only. */
export function copyCpu(from: Cpu): Cpu {
  const to = new Cpu();
  const src = from as unknown as Record<string, unknown>;
  const dst = to as unknown as Record<string, unknown>;
  for (const key of Object.keys(src)) {
    const v = src[key];
    if (v instanceof Uint32Array || v instanceof Uint16Array || v instanceof Uint8Array) {
      (dst[key] as typeof v).set(v);
    } else dst[key] = v;
  }
  return to;
}
