/**
 * Group 3 (F6/F7: TEST NOT NEG MUL IMUL DIV IDIV) and the two- and
 * three-operand IMUL forms (0F AF, 69, 6B).
 *
 * Flags the SDM leaves undefined follow the reference machine (native runs):
 * MUL/IMUL change only CF and OF; DIV/IDIV keep CF and OF, clear SF, ZF and
 * PF and set AF.
 *
 * Products and quotients of up to 32 bits are computed on JS numbers; 64-bit
 * products use 32x32-bit partial products split into 16-bit halves (exact in
 * doubles), and 64-bit division divides by 16-bit digits when the divisor
 * fits in 32 bits, falling back to BigInt only for wider divisors.
 * @module
 */

import { MAP_0F, MAP_1B } from "../../decoder/insn.ts";
import type { Insn } from "../../decoder/insn.ts";
import { AF, CC, CF, type Cpu, OF, RAX, RDX } from "../cpu.ts";
import { divideError } from "../fault.ts";
import { sub64 } from "../alu64.ts";
import { getArithFlags, setCC, setFlagsDirect, setLogic, sizeMask } from "../flags.ts";
import { defAll } from "../handlers.ts";
import {
  type Ctx,
  getReg,
  readRm,
  readRmAt,
  rmAddr,
  setReg,
  sext,
  signHi,
  writeRmAt,
} from "../operands.ts";

const TWO32 = 4294967296;

// Outputs of the multiply helpers: a 128-bit product as four 32-bit words
// (p0 lowest). Module variables so the hot paths allocate nothing.
let p0 = 0, p1 = 0, p2 = 0, p3 = 0;

/** Unsigned 32x32 -> 64-bit product into (p0, p1). */
function mulU32(a: number, b: number): void {
  const aL = a & 0xffff, aH = a >>> 16, bL = b & 0xffff, bH = b >>> 16;
  const mid = aH * bL + aL * bH; // < 2^33
  const low = aL * bL + (mid % 65536) * 65536; // < 2^33
  p0 = low >>> 0;
  p1 = (aH * bH + Math.floor(mid / 65536) + Math.floor(low / TWO32)) >>> 0;
}

/** Unsigned 64x64 -> 128-bit product into p0..p3; `signed` makes it a two's-complement product. */
function mul64(aLo: number, aHi: number, bLo: number, bHi: number, signed: boolean): void {
  mulU32(aLo, bLo);
  const w0 = p0, l1 = p1;
  mulU32(aLo, bHi);
  const m0 = p0, m1 = p1;
  mulU32(aHi, bLo);
  const n0 = p0, n1 = p1;
  mulU32(aHi, bHi);
  const h0 = p0, h1 = p1;
  const w1 = l1 + m0 + n0;
  const w2 = m1 + n1 + h0 + Math.floor(w1 / TWO32);
  let w3 = h1 + Math.floor(w2 / TWO32);
  let hiLo = w2 >>> 0;
  if (signed) {
    // (a - 2^64 sa)(b - 2^64 sb) = ab - 2^64 (sa b + sb a) mod 2^128.
    if (aHi >>> 31) {
      const t = hiLo - bLo;
      w3 = w3 - bHi - (t < 0 ? 1 : 0);
      hiLo = t >>> 0;
    }
    if (bHi >>> 31) {
      const t = hiLo - aLo;
      w3 = w3 - aHi - (t < 0 ? 1 : 0);
      hiLo = t >>> 0;
    }
  }
  p0 = w0;
  p1 = w1 >>> 0;
  p2 = hiLo;
  p3 = w3 >>> 0;
}

/** CF and OF set to `overflow`, SF ZF AF PF kept (the reference machine's MUL/IMUL flags). */
function setMulFlags(cpu: Cpu, overflow: boolean): void {
  const keep = getArithFlags(cpu) & ~(CF | OF);
  setFlagsDirect(cpu, overflow ? keep | CF | OF : keep);
}

/** Write a double-width result: AX for bytes, else DX:AX / EDX:EAX / RDX:RAX. */
function setWide(cpu: Cpu, size: number, lo: number, loH: number, hi: number, hiH: number): void {
  if (size === 1) setReg(cpu, RAX, 2, false, lo, 0);
  else {
    setReg(cpu, RAX, size, false, lo, loH);
    setReg(cpu, RDX, size, false, hi, hiH);
  }
}

/** MUL / IMUL with one operand. */
function mul1(cpu: Cpu, size: number, signed: boolean, s: number, sh: number): void {
  const a = getReg(cpu, RAX, size, false);
  const ah = cpu.hi;
  if (size === 8) {
    mul64(a, ah, s, sh, signed);
    setReg(cpu, RAX, 8, false, p0, p1);
    setReg(cpu, RDX, 8, false, p2, p3);
    const sx = (p1 | 0) < 0 ? 0xffffffff : 0;
    setMulFlags(cpu, signed ? p2 !== sx || p3 !== sx : (p2 | p3) !== 0);
    return;
  }
  const bits = size * 8;
  if (size === 4) {
    mulU32(a, s);
    let hi = p1;
    // Signed high word: subtract the other factor for each negative factor.
    if (signed) hi = (hi - (a >>> 31 ? s : 0) - (s >>> 31 ? a : 0)) >>> 0;
    setWide(cpu, 4, p0, 0, hi, 0);
    setMulFlags(cpu, signed ? hi !== signHi(p0) : hi !== 0);
    return;
  }
  // Sizes 1 and 2: the product fits a double exactly.
  const prod = signed ? sext(a, size) * sext(s, size) : a * s;
  const lo = prod & sizeMask(size);
  const hi = (prod >> bits) & sizeMask(size);
  setWide(cpu, size, size === 1 ? prod & 0xffff : lo, 0, hi, 0);
  setMulFlags(cpu, signed ? prod !== sext(lo, size) : hi !== 0);
}

// Division works on a dividend of up to four 32-bit words (little-endian).
const dividend = new Uint32Array(4);
const quotient = new Uint32Array(4);

/**
 * Divide the first `words` words of `dividend` by `d` (1..2^32-1) into
 * `quotient`, a 16-bit digit at a time so every intermediate stays below 2^48.
 * Returns the remainder.
 */
function divWords(words: number, d: number): number {
  let rem = 0;
  for (let i = words - 1; i >= 0; i--) {
    const w = dividend[i];
    const x1 = rem * 65536 + (w >>> 16);
    const q1 = Math.floor(x1 / d);
    rem = x1 - q1 * d;
    const x0 = rem * 65536 + (w & 0xffff);
    const q0 = Math.floor(x0 / d);
    rem = x0 - q0 * d;
    quotient[i] = q1 * 65536 + q0;
  }
  return rem;
}

/** Two's-complement negation of the first `words` words of `dividend`. */
function negateDividend(words: number): void {
  let carry = 1;
  for (let i = 0; i < words; i++) {
    const v = (~dividend[i] >>> 0) + carry;
    dividend[i] = v >>> 0;
    carry = v > 0xffffffff ? 1 : 0;
  }
}

/** DIV / IDIV. Raises #DE (before changing any state) on a zero divisor or quotient overflow. */
function div1(cpu: Cpu, size: number, signed: boolean, s: number, sh: number): void {
  const r = cpu.r;
  let q: number, qh = 0, rem: number, remH = 0;
  if (size <= 2) {
    const bits = size * 8;
    // Dividend AX (bytes) or DX:AX: at most 32 bits, exact in a double.
    const n = size === 1 ? r[0] & 0xffff : (r[4] & 0xffff) * 65536 + (r[0] & 0xffff);
    if (s === 0) divideError();
    if (signed) {
      const sn = size === 1 ? (n << 16) >> 16 : n | 0;
      const sd = sext(s, size);
      q = Math.trunc(sn / sd);
      if (q >= 2 ** (bits - 1) || q < -(2 ** (bits - 1))) divideError();
      rem = sn - q * sd;
    } else {
      q = Math.floor(n / s);
      if (q >= 2 ** bits) divideError();
      rem = n - q * s;
    }
    const m = sizeMask(size);
    if (size === 1) setReg(cpu, RAX, 2, false, ((rem & m) << 8) | (q & m), 0);
    else setWide(cpu, 2, q & m, 0, rem & m, 0);
  } else if (size === 4) {
    if (s === 0) divideError();
    dividend[0] = r[0];
    dividend[1] = r[4];
    const neg = signed && r[4] >>> 31 === 1;
    if (neg) negateDividend(2);
    const ds = signed && s >>> 31 ? (-(s | 0)) >>> 0 : s;
    if (dividend[1] >= ds) divideError();
    rem = divWords(2, ds);
    q = quotient[0];
    if (signed) {
      const qneg = neg !== (s >>> 31 === 1);
      if (q > (qneg ? 0x80000000 : 0x7fffffff)) divideError();
      if (qneg) q = -q >>> 0;
      if (neg) rem = -rem >>> 0;
    }
    setWide(cpu, 4, q, 0, rem, 0);
  } else {
    if ((s | sh) === 0) divideError();
    dividend[0] = r[0];
    dividend[1] = r[1];
    dividend[2] = r[4];
    dividend[3] = r[5];
    const neg = signed && r[5] >>> 31 === 1;
    const dneg = signed && sh >>> 31 === 1;
    if (neg) negateDividend(4);
    let dl = s, dh = sh;
    if (dneg) {
      dl = -s >>> 0;
      dh = (~sh + (s === 0 ? 1 : 0)) >>> 0;
    }
    // The magnitude of the quotient must fit 64 bits: high half below the divisor.
    if (dividend[3] > dh || (dividend[3] === dh && dividend[2] >= dl)) divideError();
    if (dh === 0) {
      rem = divWords(4, dl);
      q = quotient[0];
      qh = quotient[1];
    } else {
      const n = (BigInt(dividend[3]) << 96n) | (BigInt(dividend[2]) << 64n) |
        (BigInt(dividend[1]) << 32n) | BigInt(dividend[0]);
      const dv = (BigInt(dh) << 32n) | BigInt(dl);
      const bq = n / dv, br = n % dv;
      q = Number(bq & 0xffffffffn);
      qh = Number(bq >> 32n);
      rem = Number(br & 0xffffffffn);
      remH = Number(br >> 32n);
    }
    if (signed) {
      const qneg = neg !== dneg;
      const tooBig = qneg ? qh > 0x80000000 || (qh === 0x80000000 && q !== 0) : qh >= 0x80000000;
      if (tooBig) divideError();
      if (qneg) {
        qh = (~qh + (q === 0 ? 1 : 0)) >>> 0;
        q = -q >>> 0;
      }
      if (neg) {
        remH = (~remH + (rem === 0 ? 1 : 0)) >>> 0;
        rem = -rem >>> 0;
      }
    }
    setWide(cpu, 8, q, qh, rem, remH);
  }
  setFlagsDirect(cpu, (getArithFlags(cpu) & (CF | OF)) | AF);
}

/** Group 3 on an r/m operand of `size` bytes. */
function group3(ctx: Ctx, d: Insn, size: number): void {
  const cpu = ctx.cpu;
  const op = d.reg & 7;
  const a = rmAddr(ctx, d);
  const v = readRmAt(ctx, d, a, size);
  const vh = size === 8 ? cpu.hi : 0;
  switch (op) {
    case 0:
    case 1: { // TEST r/m, imm
      const res = (v & d.imm & (size === 8 ? 0xffffffff : sizeMask(size))) >>> 0;
      setLogic(cpu, size, res, size === 8 ? (vh & signHi(d.imm)) >>> 0 : 0);
      return;
    }
    case 2: // NOT
      writeRmAt(ctx, d, a, size, ~v >>> 0, ~vh >>> 0);
      return;
    case 3: { // NEG
      let res: number, resH = 0;
      if (size === 8) {
        res = sub64(cpu, 0, 0, v, vh);
        resH = cpu.hi;
      } else res = (-v & sizeMask(size)) >>> 0;
      writeRmAt(ctx, d, a, size, res, resH);
      setCC(cpu, CC.Sub, size, 0, 0, v, vh, res, resH);
      return;
    }
    case 4:
    case 5:
      mul1(cpu, size, op === 5, v, vh);
      return;
    default:
      div1(cpu, size, op === 7, v, vh);
  }
}

/** Does the signed 64x64-bit product of (aLo, aHi) and (bLo, bHi) overflow 64 bits (IMUL's CF/OF)? */
export function imul64Overflows(aLo: number, aHi: number, bLo: number, bHi: number): boolean {
  mul64(aLo, aHi, bLo, bHi, true);
  const sx = (p1 | 0) < 0 ? 0xffffffff : 0;
  return p2 !== sx || p3 !== sx;
}

defAll(MAP_1B, 0xf6, (ctx, d) => group3(ctx, d, 1));
defAll(MAP_1B, 0xf7, (ctx, d) => group3(ctx, d, d.opsize));

/** IMUL reg, r/m, imm (or reg, r/m when `imm` is the register itself): truncated signed product. */
function imul2(ctx: Ctx, d: Insn, useImm: boolean): void {
  const cpu = ctx.cpu;
  const size = d.opsize;
  const b = readRm(ctx, d, size);
  const bh = cpu.hi;
  let a: number, ah: number;
  if (useImm) {
    a = d.imm >>> 0;
    ah = signHi(d.imm);
  } else {
    a = getReg(cpu, d.reg, size, d.rex);
    ah = cpu.hi;
  }
  if (size === 8) {
    const ovf = imul64Overflows(a, ah, b, bh);
    setReg(cpu, d.reg, 8, true, p0, p1);
    setMulFlags(cpu, ovf);
  } else if (size === 4) {
    const lo = Math.imul(a, b);
    setReg(cpu, d.reg, 4, true, lo >>> 0, 0);
    // The double product is exact when in range and stays out of range otherwise.
    setMulFlags(cpu, (a | 0) * (b | 0) !== lo);
  } else {
    const prod = sext(a & 0xffff, 2) * sext(b, 2);
    setReg(cpu, d.reg, 2, true, prod & 0xffff, 0);
    setMulFlags(cpu, prod !== sext(prod & 0xffff, 2));
  }
}

defAll(MAP_0F, 0xaf, (ctx, d) => imul2(ctx, d, false));
defAll(MAP_1B, 0x69, (ctx, d) => imul2(ctx, d, true));
defAll(MAP_1B, 0x6b, (ctx, d) => imul2(ctx, d, true));
