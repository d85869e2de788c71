/**
 * Shifts and rotates: group 2 (C0, C1, D0-D3: ROL ROR RCL RCR SHL SHR SAL SAR)
 * and the double-precision shifts SHLD/SHRD (0F A4/A5/AC/AD).
 *
 * Flags are computed eagerly. Where the SDM calls a flag undefined we
 * reproduce what the reference machine (the x86-64 host the project is
 * checked against) does, measured with native runs:
 * - SHL/SHR/SAR/SHLD/SHRD set AF to 1 for any non-zero count;
 * - OF is computed for every non-zero count, not just 1: SHL and SHLD give
 *   MSB(result) ^ CF, SHR and SHRD MSB(result) ^ next bit of the result
 *   (so SHR by more than 1 gives 0), SAR 0;
 * - 8/16-bit SHL/SHR counts beyond the width give CF = 0;
 * - rotates touch only CF and OF;
 * - a count that is 0 after masking leaves every flag and the operand value
 *   as they were, but the operand is still written back (read-only memory faults).
 * @module
 */

import { MAP_0F, MAP_1B } from "../../decoder/insn.ts";
import type { Insn } from "../../decoder/insn.ts";
import { AF, CF, OF, SF, ZF } from "../cpu.ts";
import { getArithFlags, getCF, setFlagsDirect, sizeMask } from "../flags.ts";
import { defAll } from "../handlers.ts";
import { type Ctx, getReg, readRmAt, rmAddr, writeRmAt } from "../operands.ts";

/**
 * SF, ZF and PF of a result of `size` bytes (`hi` only for size 8), as an
 * EFLAGS mask. PF: bit n of 0x9669 is set when the nibble n has even parity.
 * Shared with the other eagerly-flagged instruction modules.
 */
export function szpFlags(size: number, lo: number, hi: number): number {
  const b = lo & 0xff;
  const pf = ((0x9669 >>> ((b ^ (b >>> 4)) & 15)) & 1) << 2;
  if (size === 8) return pf | ((lo | hi) === 0 ? ZF : 0) | (hi >>> 31 ? SF : 0);
  return pf | (lo === 0 ? ZF : 0) | ((lo >>> (size * 8 - 1)) & 1 ? SF : 0);
}

// Results of the 64-bit helpers (two halves and the carry out), kept in
// module variables so the hot paths allocate nothing.
let outLo = 0, outHi = 0, outCf = 0;

/** Logical/arithmetic shift of a 64-bit value by 1..63 (`op` 4 = SHL, 5 = SHR, 7 = SAR). */
function shift64(op: number, lo: number, hi: number, c: number): void {
  if (op === 4) {
    if (c < 32) {
      outCf = (hi >>> (32 - c)) & 1;
      outHi = ((hi << c) | (lo >>> (32 - c))) >>> 0;
      outLo = (lo << c) >>> 0;
    } else {
      outCf = c === 32 ? hi & 1 : (lo >>> (64 - c)) & 1;
      outHi = (lo << (c - 32)) >>> 0;
      outLo = 0;
    }
    return;
  }
  // SAR shifts in copies of the sign bit, SHR zeros.
  const fill = op === 7 ? (hi | 0) >> 31 : 0;
  if (c < 32) {
    outCf = (lo >>> (c - 1)) & 1;
    outLo = ((lo >>> c) | (hi << (32 - c))) >>> 0;
    outHi = (op === 7 ? (hi | 0) >> c : hi >>> c) >>> 0;
  } else {
    outCf = c === 32 ? lo >>> 31 : (hi >>> (c - 33)) & 1;
    outLo = (c === 32 ? hi : op === 7 ? (hi | 0) >> (c - 32) : hi >>> (c - 32)) >>> 0;
    outHi = fill >>> 0;
  }
}

/** Rotate a 64-bit value left by 0..63. */
function rol64(lo: number, hi: number, c: number): void {
  if (c >= 32) {
    const t = lo;
    lo = hi;
    hi = t;
    c -= 32;
  }
  if (c === 0) {
    outLo = lo;
    outHi = hi;
  } else {
    outLo = ((lo << c) | (hi >>> (32 - c))) >>> 0;
    outHi = ((hi << c) | (lo >>> (32 - c))) >>> 0;
  }
}

/**
 * Rotate through carry: `left` selects RCL. Done a bit at a time; RCL/RCR are
 * rare and their counts small, and this keeps the (size+1)-bit rotation obvious.
 */
function rcx(size: number, left: boolean, lo: number, hi: number, cf: number, c: number): void {
  const bits = size * 8;
  const mask = size === 8 ? 0xffffffff : sizeMask(size);
  for (let i = 0; i < c; i++) {
    if (left) {
      const out = size === 8 ? hi >>> 31 : (lo >>> (bits - 1)) & 1;
      if (size === 8) hi = ((hi << 1) | (lo >>> 31)) >>> 0;
      lo = (((lo << 1) | cf) & mask) >>> 0;
      cf = out;
    } else {
      const out = lo & 1;
      if (size === 8) {
        lo = ((lo >>> 1) | (hi << 31)) >>> 0;
        hi = ((hi >>> 1) | (cf << 31)) >>> 0;
      } else lo = ((lo >>> 1) | (cf << (bits - 1))) >>> 0;
      cf = out;
    }
  }
  outLo = lo;
  outHi = hi;
  outCf = cf;
}

/** Bit `bits - 1 - k` of a value given as halves (k = 0: the sign bit). */
function topBit(size: number, lo: number, hi: number, k: number): number {
  if (size === 8) return 31 - k >= 0 ? (hi >>> (31 - k)) & 1 : (lo >>> (63 - k)) & 1;
  return (lo >>> (size * 8 - 1 - k)) & 1;
}

/** Execute group-2 operation `op` (ModRM /digit) on the r/m operand with an unmasked count. */
function group2(ctx: Ctx, d: Insn, size: number, count: number): void {
  const cpu = ctx.cpu;
  const a = rmAddr(ctx, d);
  const v = readRmAt(ctx, d, a, size);
  const vh = size === 8 ? cpu.hi : 0;
  const c = count & (size === 8 ? 63 : 31);
  if (c === 0) {
    // The operand is still written back (a read-only page faults), flags are kept.
    writeRmAt(ctx, d, a, size, v, vh);
    return;
  }
  let op = d.reg & 7;
  if (op === 6) op = 4; // SAL /6 is an alias of SHL.
  const bits = size * 8;
  let res = 0, resH = 0, flags: number;
  switch (op) {
    case 0: // ROL
    case 1: { // ROR
      const r = op === 0 ? c % bits : (bits - (c % bits)) % bits;
      if (size === 8) {
        rol64(v, vh, r);
        res = outLo;
        resH = outHi;
      } else if (r === 0) res = v;
      else res = ((v << r) | (v >>> (bits - r))) & sizeMask(size);
      res >>>= 0;
      const msb = topBit(size, res, resH, 0);
      const cf = op === 0 ? res & 1 : msb;
      const of = op === 0 ? msb ^ cf : msb ^ topBit(size, res, resH, 1);
      flags = (getArithFlags(cpu) & ~(CF | OF)) | cf | (of << 11);
      break;
    }
    case 2: // RCL
    case 3: { // RCR
      const n = size === 1 ? c % 9 : size === 2 ? c % 17 : c;
      rcx(size, op === 2, v, vh, getCF(cpu), n);
      res = outLo;
      resH = outHi;
      const msb = topBit(size, res, resH, 0);
      const of = op === 2 ? msb ^ outCf : msb ^ topBit(size, res, resH, 1);
      flags = (getArithFlags(cpu) & ~(CF | OF)) | outCf | (of << 11);
      break;
    }
    default: { // SHL, SHR, SAR
      let cf: number;
      if (size === 8) {
        shift64(op, v, vh, c);
        res = outLo;
        resH = outHi;
        cf = outCf;
      } else if (op === 4) {
        cf = c <= bits ? (v >>> (bits - c)) & 1 : 0;
        res = ((v << c) & sizeMask(size)) >>> 0;
      } else if (op === 5) {
        cf = c <= bits ? (v >>> (c - 1)) & 1 : 0;
        res = v >>> c;
      } else {
        const s = (v << (32 - bits)) >> (32 - bits);
        cf = (s >> Math.min(c - 1, 31)) & 1;
        res = (s >> c) & sizeMask(size);
        res >>>= 0;
      }
      const msb = topBit(size, res, resH, 0);
      const of = op === 4 ? msb ^ cf : op === 5 ? msb ^ topBit(size, res, resH, 1) : 0;
      flags = szpFlags(size, res, resH) | AF | cf | (of << 11);
    }
  }
  writeRmAt(ctx, d, a, size, res, resH);
  setFlagsDirect(cpu, flags);
}

defAll(MAP_1B, 0xc0, (ctx, d) => group2(ctx, d, 1, d.imm));
defAll(MAP_1B, 0xc1, (ctx, d) => group2(ctx, d, d.opsize, d.imm));
defAll(MAP_1B, 0xd0, (ctx, d) => group2(ctx, d, 1, 1));
defAll(MAP_1B, 0xd1, (ctx, d) => group2(ctx, d, d.opsize, 1));
defAll(MAP_1B, 0xd2, (ctx, d) => group2(ctx, d, 1, ctx.cpu.r[2]));
defAll(MAP_1B, 0xd3, (ctx, d) => group2(ctx, d, d.opsize, ctx.cpu.r[2]));

/**
 * SHLD (`left`) / SHRD: shift the r/m operand, filling from the register
 * operand. The SDM leaves 16-bit counts above 16 undefined; we follow the
 * reference machine.
 */
function shiftDouble(ctx: Ctx, d: Insn, left: boolean, count: number): void {
  const cpu = ctx.cpu;
  const size = d.opsize;
  const a = rmAddr(ctx, d);
  const v = readRmAt(ctx, d, a, size);
  const vh = size === 8 ? cpu.hi : 0;
  const c = count & (size === 8 ? 63 : 31);
  if (c === 0) {
    writeRmAt(ctx, d, a, size, v, vh);
    return;
  }
  const s = getReg(cpu, d.reg, size, d.rex);
  const sh = size === 8 ? cpu.hi : 0;
  let res: number, resH = 0, cf: number;
  if (size === 8) {
    // Shift the 128-bit pair as two 64-bit shifts and merge.
    if (left) {
      shift64(4, v, vh, c);
      cf = outCf;
      res = outLo;
      resH = outHi;
      shift64(5, s, sh, 64 - c);
      res = (res | outLo) >>> 0;
      resH = (resH | outHi) >>> 0;
    } else {
      shift64(5, v, vh, c);
      cf = outCf;
      res = outLo;
      resH = outHi;
      shift64(4, s, sh, 64 - c);
      res = (res | outLo) >>> 0;
      resH = (resH | outHi) >>> 0;
    }
  } else if (size === 4) {
    if (left) {
      cf = (v >>> (32 - c)) & 1;
      res = ((v << c) | (s >>> (32 - c))) >>> 0;
    } else {
      cf = (v >>> (c - 1)) & 1;
      res = ((v >>> c) | (s << (32 - c))) >>> 0;
    }
  } else if (c <= 16) {
    const pair = left ? v * 65536 + s : s * 65536 + v;
    if (left) {
      cf = (v >>> (16 - c)) & 1;
      res = Math.floor(pair / 2 ** (16 - c)) & 0xffff;
    } else {
      cf = (v >>> (c - 1)) & 1;
      res = Math.floor(pair / 2 ** c) & 0xffff;
    }
  } else {
    // Counts 17..31 on 16-bit operands: the result is the source rotated by
    // count - 16; CF reads as 0 and SHLD's OF as 0 (measured).
    const r = left ? c - 16 : 32 - c;
    res = ((s << r) | (s >>> (16 - r))) & 0xffff;
    cf = 0;
    const msb = res >>> 15;
    const of = left ? 0 : msb ^ ((res >>> 14) & 1);
    writeRmAt(ctx, d, a, size, res, 0);
    setFlagsDirect(cpu, szpFlags(size, res, 0) | AF | (of << 11));
    return;
  }
  const msb = topBit(size, res, resH, 0);
  // A 16-bit SHLD by exactly 16 reports OF = CF on the reference machine.
  const of = left ? (size === 2 && c === 16 ? cf : msb ^ cf) : msb ^ topBit(size, res, resH, 1);
  writeRmAt(ctx, d, a, size, res, resH);
  setFlagsDirect(cpu, szpFlags(size, res, resH) | AF | cf | (of << 11));
}

defAll(MAP_0F, 0xa4, (ctx, d) => shiftDouble(ctx, d, true, d.imm));
defAll(MAP_0F, 0xa5, (ctx, d) => shiftDouble(ctx, d, true, ctx.cpu.r[2]));
defAll(MAP_0F, 0xac, (ctx, d) => shiftDouble(ctx, d, false, d.imm));
defAll(MAP_0F, 0xad, (ctx, d) => shiftDouble(ctx, d, false, ctx.cpu.r[2]));
