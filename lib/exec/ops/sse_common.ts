/**
 * Shared plumbing of the SSE/SSE2 handlers: 128-bit scratch operands with
 * typed views, XMM and memory operand access with the legacy-SSE alignment
 * rule, and the end-of-instruction MXCSR update that raises SIGFPE.
 * @module
 */

import type { Cpu } from "../cpu.ts";
import { type Insn, MAP_0F } from "../../decoder/insn.ts";
import { defPfx, type Handler } from "../handlers.ts";
import {
  FPE_FLTDIV,
  FPE_FLTINV,
  FPE_FLTOVF,
  FPE_FLTRES,
  FPE_FLTUND,
  generalProtection,
  GuestFault,
  SIGFPE,
  undefinedOpcode,
  X86_TRAP_XF,
} from "../fault.ts";
import { type Ctx, ea } from "../operands.ts";
import { PAGE_SIZE, PROT_WRITE } from "../memory.ts";
import { fp } from "../softfloat64.ts";

/** A 128-bit operand in scratch storage, viewed as every lane type. */
export class Vec {
  readonly u32: Uint32Array = new Uint32Array(4);
  readonly i32: Int32Array = new Int32Array(this.u32.buffer);
  readonly u16: Uint16Array = new Uint16Array(this.u32.buffer);
  readonly i16: Int16Array = new Int16Array(this.u32.buffer);
  readonly u8: Uint8Array = new Uint8Array(this.u32.buffer);
  readonly i8: Int8Array = new Int8Array(this.u32.buffer);
  readonly f32: Float32Array = new Float32Array(this.u32.buffer);
  readonly f64: Float64Array = new Float64Array(this.u32.buffer);
}

/**
 * Scratch operands: `A` holds a copy of the destination register, `B` the
 * source operand, `R` results computed before anything is committed (an
 * unmasked exception must leave the destination unchanged). Meaningless
 * between instructions.
 */
export const A: Vec = new Vec(), B: Vec = new Vec(), R: Vec = new Vec();

/** Register the handler of 0F `byte` with mandatory prefix `pfx`; LOCK makes any SSE instruction #UD. */
export function defSse(byte: number, pfx: number, h: Handler): void {
  defPfx(MAP_0F, byte, pfx, (ctx, d) => {
    h(ctx, d);
  });
}

/** Copy XMM register `n` into `v`. */
export function getX(cpu: Cpu, n: number, v: Vec): void {
  const x = cpu.xmm, u = v.u32, o = n << 2;
  u[0] = x[o];
  u[1] = x[o + 1];
  u[2] = x[o + 2];
  u[3] = x[o + 3];
}

/** Copy `v` into XMM register `n`. */
export function putX(cpu: Cpu, n: number, v: Vec): void {
  const x = cpu.xmm, u = v.u32, o = n << 2;
  x[o] = u[0];
  x[o + 1] = u[1];
  x[o + 2] = u[2];
  x[o + 3] = u[3];
}

/** Require a memory operand (#UD for the register form). */
export function memOnly(ctx: Ctx, d: Insn): number {
  if (d.mod === 3) undefinedOpcode();
  return ea(ctx.cpu, d);
}

/** Require a register operand (#UD for the memory form). */
export function regOnly(d: Insn): void {
  if (d.mod !== 3) undefinedOpcode();
}

/** Address of a 16-byte memory operand that must be aligned (#GP otherwise, before any paging check). */
export function alignedAddr(ctx: Ctx, d: Insn): number {
  const a = ea(ctx.cpu, d);
  if (a % 16 !== 0) generalProtection();
  return a;
}

/** Read 16 bytes at `a` into `u` (4 dwords from `o`). */
export function read128(ctx: Ctx, a: number, u: Uint32Array, o: number): void {
  const m = ctx.mem;
  const lo = m.read64(a);
  const lh = m.hi;
  const hi = m.read64(a + 8);
  u[o] = lo;
  u[o + 1] = lh;
  u[o + 2] = hi;
  u[o + 3] = m.hi;
}

/**
 * Before a store of `n` bytes at `a` that is done in pieces, fault on the
 * second page it touches (if any) so that nothing is stored on failure. The
 * first piece checks the first page itself.
 */
export function probeWrite(ctx: Ctx, a: number, n: number): void {
  const next = Math.floor((a + n - 1) / PAGE_SIZE) * PAGE_SIZE;
  if (next > a) ctx.mem.pageFor(next, PROT_WRITE);
}

/** Write 16 bytes from `u` (4 dwords at `o`) to `a`, all or nothing. */
export function write128(ctx: Ctx, a: number, u: Uint32Array, o: number): void {
  const m = ctx.mem;
  probeWrite(ctx, a, 16);
  m.write64(a, u[o], u[o + 1]);
  m.write64(a + 8, u[o + 2], u[o + 3]);
}

/** Load the full 128-bit r/m source into B (`aligned`: legacy SSE alignment check). */
export function srcX(ctx: Ctx, d: Insn, aligned: boolean): Vec {
  if (d.mod === 3) getX(ctx.cpu, d.rm, B);
  else read128(ctx, aligned ? alignedAddr(ctx, d) : ea(ctx.cpu, d), B.u32, 0);
  return B;
}

/** Load the low 64 bits of the r/m source into B.u32[0..1] (memory: 8 bytes, unaligned). */
export function srcQ(ctx: Ctx, d: Insn): Vec {
  const u = B.u32;
  if (d.mod === 3) {
    const x = ctx.cpu.xmm, o = d.rm << 2;
    u[0] = x[o];
    u[1] = x[o + 1];
  } else {
    const m = ctx.mem;
    u[0] = m.read64(ea(ctx.cpu, d));
    u[1] = m.hi;
  }
  return B;
}

/** Load the low 32 bits of the r/m source into B.u32[0] (memory: 4 bytes, unaligned). */
export function srcD(ctx: Ctx, d: Insn): Vec {
  B.u32[0] = d.mod === 3 ? ctx.cpu.xmm[d.rm << 2] : ctx.mem.read32(ea(ctx.cpu, d));
  return B;
}

/**
 * End a floating-point instruction: merge the exceptions it raised into
 * MXCSR and raise SIGFPE if one is unmasked. An unmasked pre-computation
 * exception (IE DE ZE) suppresses the post-computation ones. The caller
 * commits its results only after this returns.
 */
export function fpFinish(cpu: Cpu): void {
  const pre = fp.pre, post = fp.post;
  if ((pre | post) === 0) return;
  const unmasked = ~(cpu.mxcsr >> 7) & 0x3f;
  if ((pre & unmasked) !== 0) {
    cpu.mxcsr |= pre;
    simdFault(cpu.mxcsr);
  }
  cpu.mxcsr |= pre | post;
  if ((post & unmasked) !== 0) simdFault(cpu.mxcsr);
}

/** #XM as Linux reports it: si_code from the unmasked flags of the whole MXCSR. */
function simdFault(mxcsr: number): never {
  const err = ~(mxcsr >> 7) & mxcsr;
  const code = err & 1
    ? FPE_FLTINV
    : err & 4
    ? FPE_FLTDIV
    : err & 8
    ? FPE_FLTOVF
    : err & 0x12
    ? FPE_FLTUND
    : FPE_FLTRES;
  throw new GuestFault(SIGFPE, code, 0, X86_TRAP_XF, 0);
}
