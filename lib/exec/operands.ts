/**
 * Operand access for handlers: registers by size, effective addresses, and
 * ModRM r/m operands that are either a register or memory.
 *
 * Convention: values are unsigned numbers. A read of size 8 returns the low
 * half and leaves the high half in `cpu.hi`. Writes of size 4 zero the upper
 * half (x86-64 rule); sizes 1 and 2 merge into the register.
 * @module
 */

import type { Cpu } from "./cpu.ts";
import type { Memory } from "./memory.ts";
import { type Insn, SEG_FS, SEG_GS } from "../decoder/insn.ts";

/** Execution context handed to every handler. */
export interface Ctx {
  cpu: Cpu;
  mem: Memory;
}

/** Read a general-purpose register of `size` bytes; `rex` selects SPL..DIL over AH..BH for size 1. */
export function getReg(cpu: Cpu, n: number, size: number, rex: boolean): number {
  const r = cpu.r;
  switch (size) {
    case 1:
      if (!rex && n >= 4 && n < 8) return (r[2 * (n - 4)] >>> 8) & 0xff;
      return r[2 * n] & 0xff;
    case 2:
      return r[2 * n] & 0xffff;
    case 4:
      return r[2 * n];
    default:
      cpu.hi = r[2 * n + 1];
      return r[2 * n];
  }
}

/** Write a general-purpose register of `size` bytes (`hi` only used for size 8). */
export function setReg(
  cpu: Cpu,
  n: number,
  size: number,
  rex: boolean,
  lo: number,
  hi: number,
): void {
  const r = cpu.r;
  switch (size) {
    case 1:
      if (!rex && n >= 4 && n < 8) {
        const i = 2 * (n - 4);
        r[i] = (r[i] & 0xffff00ff) | ((lo & 0xff) << 8);
      } else r[2 * n] = (r[2 * n] & 0xffffff00) | (lo & 0xff);
      return;
    case 2:
      r[2 * n] = (r[2 * n] & 0xffff0000) | (lo & 0xffff);
      return;
    case 4:
      r[2 * n] = lo;
      r[2 * n + 1] = 0;
      return;
    default:
      r[2 * n] = lo;
      r[2 * n + 1] = hi;
  }
}

/**
 * Effective (linear) address of the memory operand of `d`, including FS/GS
 * base, wrapped to the address size.
 */
export function ea(cpu: Cpu, d: Insn): number {
  // Fast path: 64-bit addressing, no segment, registers below 2^48: plain double
  // arithmetic is exact, and a non-negative sum needs no wrapping.
  if (d.adsize === 8 && d.seg === 0) {
    const r = cpu.r;
    let a = d.disp;
    const b = d.base, x = d.index;
    if (b >= 0) {
      const h = r[2 * b + 1];
      if (h >= 0x10000) return eaWide(cpu, d);
      a += h * 4294967296 + r[2 * b];
    }
    if (x >= 0) {
      const h = r[2 * x + 1];
      if (h >= 0x10000) return eaWide(cpu, d);
      a += (h * 4294967296 + r[2 * x]) * d.scale;
    }
    if (a >= 0) return a;
  }
  return eaWide(cpu, d);
}

/** The general effective address: summed on 32-bit halves so negative 64-bit indexes stay exact. */
function eaWide(cpu: Cpu, d: Insn): number {
  const r = cpu.r;
  let lo = d.disp >>> 0;
  let hi = d.disp < 0 ? 0xffffffff : Math.floor(d.disp / 4294967296);
  if (d.base >= 0) {
    lo += r[2 * d.base];
    hi += r[2 * d.base + 1];
  }
  if (d.index >= 0) {
    lo += r[2 * d.index] * d.scale;
    hi += r[2 * d.index + 1] * d.scale;
  }
  if (d.adsize === 4) {
    // The address is truncated to 32 bits before the FS/GS base is added (checked natively).
    lo %= 4294967296;
    hi = 0;
  }
  if (d.seg !== 0) {
    const b = d.seg === SEG_FS ? cpu.fsBase : d.seg === SEG_GS ? cpu.gsBase : 0;
    lo += b % 4294967296;
    hi += Math.floor(b / 4294967296);
  }
  const carry = Math.floor(lo / 4294967296);
  hi = (hi + carry) % 4294967296;
  return hi * 4294967296 + (lo % 4294967296);
}

/** Read memory of `size` bytes at `a` (size 8: high half in `cpu.hi`). */
export function readMem(ctx: Ctx, a: number, size: number): number {
  const m = ctx.mem;
  switch (size) {
    case 1:
      return m.read8(a);
    case 2:
      return m.read16(a);
    case 4:
      return m.read32(a);
    default: {
      const lo = m.read64(a);
      ctx.cpu.hi = m.hi;
      return lo;
    }
  }
}

/** Write memory of `size` bytes at `a`. */
export function writeMem(ctx: Ctx, a: number, size: number, lo: number, hi: number): void {
  const m = ctx.mem;
  switch (size) {
    case 1:
      m.write8(a, lo);
      return;
    case 2:
      m.write16(a, lo);
      return;
    case 4:
      m.write32(a, lo);
      return;
    default:
      m.write64(a, lo, hi);
  }
}

/** Address of the r/m operand, or -1 when it is a register (mod = 3). */
export function rmAddr(ctx: Ctx, d: Insn): number {
  return d.mod === 3 ? -1 : ea(ctx.cpu, d);
}

/** Read the r/m operand given its precomputed address (`-1` = register). */
export function readRmAt(ctx: Ctx, d: Insn, a: number, size: number): number {
  return a < 0 ? getReg(ctx.cpu, d.rm, size, d.rex) : readMem(ctx, a, size);
}

/** Write the r/m operand given its precomputed address (`-1` = register). */
export function writeRmAt(
  ctx: Ctx,
  d: Insn,
  a: number,
  size: number,
  lo: number,
  hi: number,
): void {
  if (a < 0) setReg(ctx.cpu, d.rm, size, d.rex, lo, hi);
  else writeMem(ctx, a, size, lo, hi);
}

/** Read the r/m operand. */
export function readRm(ctx: Ctx, d: Insn, size: number): number {
  return d.mod === 3 ? getReg(ctx.cpu, d.rm, size, d.rex) : readMem(ctx, ea(ctx.cpu, d), size);
}

/** Write the r/m operand. */
export function writeRm(ctx: Ctx, d: Insn, size: number, lo: number, hi: number): void {
  if (d.mod === 3) setReg(ctx.cpu, d.rm, size, d.rex, lo, hi);
  else writeMem(ctx, ea(ctx.cpu, d), size, lo, hi);
}

/** Push a 64-bit value. */
export function push64(ctx: Ctx, lo: number, hi: number): void {
  const r = ctx.cpu.r;
  const sp = r[9] * 4294967296 + r[8] - 8;
  ctx.mem.write64(sp, lo, hi);
  r[8] = sp >>> 0;
  r[9] = Math.floor(sp / 4294967296);
}

/** Pop a 64-bit value (high half in `cpu.hi`). */
export function pop64(ctx: Ctx): number {
  const cpu = ctx.cpu;
  const r = cpu.r;
  const sp = r[9] * 4294967296 + r[8];
  const lo = ctx.mem.read64(sp);
  cpu.hi = ctx.mem.hi;
  const nsp = sp + 8;
  r[8] = nsp >>> 0;
  r[9] = Math.floor(nsp / 4294967296);
  return lo;
}

/** Sign-extend a value of `size` bytes (1, 2, 4) to a signed JS number. */
export function sext(v: number, size: number): number {
  return size === 1 ? (v << 24) >> 24 : size === 2 ? (v << 16) >> 16 : v | 0;
}

/** High half (0 or 0xffffffff) of a sign-extended 32-bit value. */
export function signHi(v: number): number {
  return (v | 0) < 0 ? 0xffffffff : 0;
}
