/**
 * SSE/SSE2 floating-point arithmetic on XMM lanes: ADD SUB MUL DIV SQRT MIN
 * MAX (packed and scalar, single and double), CMPcc, (U)COMIS, the bitwise
 * AND/ANDN/OR/XOR PS/PD, SHUF/UNPCK PS/PD and the RCP/RSQRT approximations.
 *
 * Each lane reads its operands from the scratch copies A (destination) and B
 * (source) and writes R; the destination is updated only after `fpFinish`
 * accepted the exceptions, so an unmasked one leaves it unchanged.
 * NaN operands are handled here on bit patterns: the first NaN operand
 * (destination first) is returned quieted, and an SNaN raises IE.
 * @module
 */

import { PFX_66, PFX_F2, PFX_F3, PFX_NONE } from "../../decoder/insn.ts";
import { CF, PF, ZF } from "../cpu.ts";
import { setFlagsDirect } from "../flags.ts";
import type { Handler } from "../handlers.ts";
import {
  add32,
  add64,
  div32,
  div64,
  fp,
  fpBegin,
  IE,
  in32,
  in64,
  mul32,
  mul64,
  sqrt32,
  sqrt64,
  sub32,
  sub64,
  takeDenormal,
} from "../softfloat64.ts";
import { A, B, defSse, fpFinish, getX, putX, R, srcD, srcQ, srcX } from "./sse_common.ts";

/** Default NaN ("QNaN floating-point indefinite"). */
const QNAN32 = 0xffc00000, QNAN64_HI = 0xfff80000;

type Kernel = (a: number, b: number) => number;

function isSnan32(x: number): boolean {
  return (x & 0x7fc00000) === 0x7f800000 && (x & 0x3fffff) !== 0;
}

function isSnan64(hi: number, lo: number): boolean {
  return (hi & 0x7ff80000) === 0x7ff00000 && ((hi & 0x7ffff) | lo) !== 0;
}

// ---- arithmetic lanes ------------------------------------------------------------

/** R.f32[i] = k(A.f32[i], B.f32[i]) with NaN propagation. */
function lane32(k: Kernel, i: number): void {
  const a = A.f32[i], b = B.f32[i];
  if (a !== a || b !== b) {
    const x = A.u32[i], y = B.u32[i];
    if (isSnan32(x) || isSnan32(y)) fp.pre |= IE;
    R.u32[i] = (a !== a ? x : y) | 0x400000;
    return;
  }
  const r = k(a, b);
  if (r !== r) R.u32[i] = QNAN32;
  else R.f32[i] = r;
}

/** R.f64[i] = k(A.f64[i], B.f64[i]) with NaN propagation. */
function lane64(k: Kernel, i: number): void {
  const a = A.f64[i], b = B.f64[i];
  const j = i << 1;
  if (a !== a || b !== b) {
    const au = A.u32, bu = B.u32;
    if (isSnan64(au[j + 1], au[j]) || isSnan64(bu[j + 1], bu[j])) fp.pre |= IE;
    const s = a !== a ? au : bu;
    R.u32[j] = s[j];
    R.u32[j + 1] = s[j + 1] | 0x80000;
    return;
  }
  const r = k(a, b);
  if (r !== r) {
    R.u32[j] = 0;
    R.u32[j + 1] = QNAN64_HI;
  } else R.f64[i] = r;
}

/** Unary kernels take their operand from B (the source); `a` is ignored. */
function sqrt32k(_a: number, b: number): number {
  return sqrt32(b);
}
function sqrt64k(_a: number, b: number): number {
  return sqrt64(b);
}

/** A unary lane only looks at the source: make the destination copy a non-NaN. */
function unaryPrep(n: number): void {
  for (let i = 0; i < n; i++) A.u32[i] = 0;
}

/** Register the PS/PD/SS/SD forms of an arithmetic opcode. */
function defArith(byte: number, k32: Kernel, k64: Kernel, unary: boolean): void {
  defSse(byte, PFX_NONE, (ctx, d) => {
    const cpu = ctx.cpu;
    srcX(ctx, d, true);
    if (unary) unaryPrep(4);
    else getX(cpu, d.reg, A);
    fpBegin(cpu.mxcsr);
    lane32(k32, 0);
    lane32(k32, 1);
    lane32(k32, 2);
    lane32(k32, 3);
    fpFinish(cpu);
    putX(cpu, d.reg, R);
  });
  defSse(byte, PFX_66, (ctx, d) => {
    const cpu = ctx.cpu;
    srcX(ctx, d, true);
    if (unary) unaryPrep(4);
    else getX(cpu, d.reg, A);
    fpBegin(cpu.mxcsr);
    lane64(k64, 0);
    lane64(k64, 1);
    fpFinish(cpu);
    putX(cpu, d.reg, R);
  });
  defSse(byte, PFX_F3, (ctx, d) => {
    const cpu = ctx.cpu, x = cpu.xmm, o = d.reg << 2;
    srcD(ctx, d);
    A.u32[0] = unary ? 0 : x[o];
    fpBegin(cpu.mxcsr);
    lane32(k32, 0);
    fpFinish(cpu);
    x[o] = R.u32[0];
  });
  defSse(byte, PFX_F2, (ctx, d) => {
    const cpu = ctx.cpu, x = cpu.xmm, o = d.reg << 2;
    srcQ(ctx, d);
    if (unary) unaryPrep(2);
    else {
      A.u32[0] = x[o];
      A.u32[1] = x[o + 1];
    }
    fpBegin(cpu.mxcsr);
    lane64(k64, 0);
    fpFinish(cpu);
    x[o] = R.u32[0];
    x[o + 1] = R.u32[1];
  });
}

defArith(0x51, sqrt32k, sqrt64k, true);
defArith(0x58, add32, add64, false);
defArith(0x59, mul32, mul64, false);
defArith(0x5c, sub32, sub64, false);
defArith(0x5e, div32, div64, false);

// ---- MIN / MAX ---------------------------------------------------------------------
// Not IEEE minNum/maxNum: the result is `dst < src ? dst : src` (resp. >),
// so a NaN in either operand, or two zeros, yield the source (SNaNs are not
// quieted); any NaN raises IE. DAZ-flushed operands are returned as the zero
// they became, even next to a NaN.

function minmax32(i: number, max: boolean): void {
  const a = A.f32[i], b = B.f32[i];
  if (a !== a || b !== b) {
    fp.pre |= IE;
    const y = B.u32[i];
    R.u32[i] = fp.daz && (y & 0x7f800000) === 0 ? y & 0x80000000 : y;
    return;
  }
  const x = in32(a), y = in32(b);
  takeDenormal();
  R.f32[i] = (max ? x > y : x < y) ? x : y;
}

function minmax64(i: number, max: boolean): void {
  const a = A.f64[i], b = B.f64[i];
  if (a !== a || b !== b) {
    fp.pre |= IE;
    const j = i << 1, hi = B.u32[j + 1];
    const flush = fp.daz && (hi & 0x7ff00000) === 0;
    R.u32[j] = flush ? 0 : B.u32[j];
    R.u32[j + 1] = flush ? hi & 0x80000000 : hi;
    return;
  }
  const x = in64(a), y = in64(b);
  takeDenormal();
  R.f64[i] = (max ? x > y : x < y) ? x : y;
}

function defMinMax(byte: number, max: boolean): void {
  defSse(byte, PFX_NONE, (ctx, d) => {
    const cpu = ctx.cpu;
    srcX(ctx, d, true);
    getX(cpu, d.reg, A);
    fpBegin(cpu.mxcsr);
    for (let i = 0; i < 4; i++) minmax32(i, max);
    fpFinish(cpu);
    putX(cpu, d.reg, R);
  });
  defSse(byte, PFX_66, (ctx, d) => {
    const cpu = ctx.cpu;
    srcX(ctx, d, true);
    getX(cpu, d.reg, A);
    fpBegin(cpu.mxcsr);
    minmax64(0, max);
    minmax64(1, max);
    fpFinish(cpu);
    putX(cpu, d.reg, R);
  });
  defSse(byte, PFX_F3, (ctx, d) => {
    const cpu = ctx.cpu, x = cpu.xmm, o = d.reg << 2;
    srcD(ctx, d);
    A.u32[0] = x[o];
    fpBegin(cpu.mxcsr);
    minmax32(0, max);
    fpFinish(cpu);
    x[o] = R.u32[0];
  });
  defSse(byte, PFX_F2, (ctx, d) => {
    const cpu = ctx.cpu, x = cpu.xmm, o = d.reg << 2;
    srcQ(ctx, d);
    A.u32[0] = x[o];
    A.u32[1] = x[o + 1];
    fpBegin(cpu.mxcsr);
    minmax64(0, max);
    fpFinish(cpu);
    x[o] = R.u32[0];
    x[o + 1] = R.u32[1];
  });
}

defMinMax(0x5d, false);
defMinMax(0x5f, true);

// ---- CMPcc (0F C2 ib) ---------------------------------------------------------------
// Predicates EQ LT LE UNORD NEQ NLT NLE ORD (imm8 & 7 in the legacy encoding).
// LT LE NLT NLE are signaling: a QNaN raises IE too.

const SIGNALING = 0b01100110;
const TRUE_IF_UNORDERED = 0b01111000;

function compare(x: number, y: number, pred: number): boolean {
  switch (pred) {
    case 0:
      return x === y;
    case 1:
      return x < y;
    case 2:
      return x <= y;
    case 3:
      return false;
    case 4:
      return x !== y;
    case 5:
      return !(x < y);
    case 6:
      return !(x <= y);
    default:
      return true;
  }
}

function cmp32(i: number, pred: number): void {
  const a = A.f32[i], b = B.f32[i];
  let r: boolean;
  if (a !== a || b !== b) {
    if (isSnan32(A.u32[i]) || isSnan32(B.u32[i]) || ((SIGNALING >> pred) & 1) !== 0) {
      fp.pre |= IE;
    }
    r = ((TRUE_IF_UNORDERED >> pred) & 1) !== 0;
  } else {
    const x = in32(a), y = in32(b);
    takeDenormal();
    r = compare(x, y, pred);
  }
  R.u32[i] = r ? 0xffffffff : 0;
}

function cmp64(i: number, pred: number): void {
  const a = A.f64[i], b = B.f64[i];
  const j = i << 1;
  let r: boolean;
  if (a !== a || b !== b) {
    if (
      isSnan64(A.u32[j + 1], A.u32[j]) || isSnan64(B.u32[j + 1], B.u32[j]) ||
      ((SIGNALING >> pred) & 1) !== 0
    ) fp.pre |= IE;
    r = ((TRUE_IF_UNORDERED >> pred) & 1) !== 0;
  } else {
    const x = in64(a), y = in64(b);
    takeDenormal();
    r = compare(x, y, pred);
  }
  const v = r ? 0xffffffff : 0;
  R.u32[j] = v;
  R.u32[j + 1] = v;
}

defSse(0xc2, PFX_NONE, (ctx, d) => {
  const cpu = ctx.cpu, pred = d.imm & 7;
  srcX(ctx, d, true);
  getX(cpu, d.reg, A);
  fpBegin(cpu.mxcsr);
  for (let i = 0; i < 4; i++) cmp32(i, pred);
  fpFinish(cpu);
  putX(cpu, d.reg, R);
});
defSse(0xc2, PFX_66, (ctx, d) => {
  const cpu = ctx.cpu, pred = d.imm & 7;
  srcX(ctx, d, true);
  getX(cpu, d.reg, A);
  fpBegin(cpu.mxcsr);
  cmp64(0, pred);
  cmp64(1, pred);
  fpFinish(cpu);
  putX(cpu, d.reg, R);
});
defSse(0xc2, PFX_F3, (ctx, d) => {
  const cpu = ctx.cpu, x = cpu.xmm, o = d.reg << 2;
  srcD(ctx, d);
  A.u32[0] = x[o];
  fpBegin(cpu.mxcsr);
  cmp32(0, d.imm & 7);
  fpFinish(cpu);
  x[o] = R.u32[0];
});
defSse(0xc2, PFX_F2, (ctx, d) => {
  const cpu = ctx.cpu, x = cpu.xmm, o = d.reg << 2;
  srcQ(ctx, d);
  A.u32[0] = x[o];
  A.u32[1] = x[o + 1];
  fpBegin(cpu.mxcsr);
  cmp64(0, d.imm & 7);
  fpFinish(cpu);
  x[o] = R.u32[0];
  x[o + 1] = R.u32[1];
});

// ---- COMISS / UCOMISS / COMISD / UCOMISD -------------------------------------------
// ZF PF CF = 111 unordered, 000 greater, 001 less, 100 equal; OF SF AF cleared.
// COMIS raises IE for any NaN, UCOMIS only for an SNaN.

function comiFlags(x: number, y: number): number {
  return x < y ? CF : x > y ? 0 : ZF;
}

function defComi(byte: number, signaling: boolean): void {
  defSse(byte, PFX_NONE, (ctx, d) => {
    const cpu = ctx.cpu;
    srcD(ctx, d);
    A.u32[0] = cpu.xmm[d.reg << 2];
    fpBegin(cpu.mxcsr);
    const a = A.f32[0], b = B.f32[0];
    let f: number;
    if (a !== a || b !== b) {
      if (signaling || isSnan32(A.u32[0]) || isSnan32(B.u32[0])) fp.pre |= IE;
      f = ZF | PF | CF;
    } else {
      const x = in32(a), y = in32(b);
      takeDenormal();
      f = comiFlags(x, y);
    }
    fpFinish(cpu);
    setFlagsDirect(cpu, f);
  });
  defSse(byte, PFX_66, (ctx, d) => {
    const cpu = ctx.cpu, o = d.reg << 2;
    srcQ(ctx, d);
    A.u32[0] = cpu.xmm[o];
    A.u32[1] = cpu.xmm[o + 1];
    fpBegin(cpu.mxcsr);
    const a = A.f64[0], b = B.f64[0];
    let f: number;
    if (a !== a || b !== b) {
      if (signaling || isSnan64(A.u32[1], A.u32[0]) || isSnan64(B.u32[1], B.u32[0])) {
        fp.pre |= IE;
      }
      f = ZF | PF | CF;
    } else {
      const x = in64(a), y = in64(b);
      takeDenormal();
      f = comiFlags(x, y);
    }
    fpFinish(cpu);
    setFlagsDirect(cpu, f);
  });
}

defComi(0x2e, false);
defComi(0x2f, true);

// ---- bitwise logic, shuffles, unpacks (no exceptions) ------------------------------

/** Register a PS and PD form that share one bitwise/shuffle implementation over A and B into R. */
function defBoth(byte: number, op: (imm: number) => void): void {
  const h: Handler = (ctx, d) => {
    const cpu = ctx.cpu;
    srcX(ctx, d, true);
    getX(cpu, d.reg, A);
    op(d.imm);
    putX(cpu, d.reg, R);
  };
  defSse(byte, PFX_NONE, h);
  defSse(byte, PFX_66, h);
}

/** Register one prefix form computing R from A and B. */
function defOne(byte: number, pfx: number, op: (imm: number) => void): void {
  defSse(byte, pfx, (ctx, d) => {
    const cpu = ctx.cpu;
    srcX(ctx, d, true);
    getX(cpu, d.reg, A);
    op(d.imm);
    putX(cpu, d.reg, R);
  });
}

const a = A.u32, b = B.u32, r = R.u32;
defBoth(0x54, () => {
  for (let i = 0; i < 4; i++) r[i] = a[i] & b[i];
});
defBoth(0x55, () => {
  for (let i = 0; i < 4; i++) r[i] = ~a[i] & b[i];
});
defBoth(0x56, () => {
  for (let i = 0; i < 4; i++) r[i] = a[i] | b[i];
});
defBoth(0x57, () => {
  for (let i = 0; i < 4; i++) r[i] = a[i] ^ b[i];
});

defOne(0x14, PFX_NONE, () => { // UNPCKLPS
  r[0] = a[0];
  r[1] = b[0];
  r[2] = a[1];
  r[3] = b[1];
});
defOne(0x15, PFX_NONE, () => { // UNPCKHPS
  r[0] = a[2];
  r[1] = b[2];
  r[2] = a[3];
  r[3] = b[3];
});
defOne(0x14, PFX_66, () => { // UNPCKLPD
  r[0] = a[0];
  r[1] = a[1];
  r[2] = b[0];
  r[3] = b[1];
});
defOne(0x15, PFX_66, () => { // UNPCKHPD
  r[0] = a[2];
  r[1] = a[3];
  r[2] = b[2];
  r[3] = b[3];
});
defOne(0xc6, PFX_NONE, (imm) => { // SHUFPS
  r[0] = a[imm & 3];
  r[1] = a[(imm >> 2) & 3];
  r[2] = b[(imm >> 4) & 3];
  r[3] = b[(imm >> 6) & 3];
});
defOne(0xc6, PFX_66, (imm) => { // SHUFPD
  const s = (imm & 1) << 1, t = imm & 2;
  r[0] = a[s];
  r[1] = a[s + 1];
  r[2] = b[t];
  r[3] = b[t + 1];
});

// ---- RCPPS/RCPSS, RSQRTPS/RSQRTSS ----------------------------------------------------
// Intel's approximations: the reciprocal (square root) of the midpoint of the
// input's 11-bit (10-bit plus exponent parity) significand interval, rounded
// to nearest at 12 fraction bits. This reproduces the tables Intel hardware
// uses (checked against Bochs' hardware-derived tables); AMD rounds
// differently. No exceptions, no MXCSR influence: denormal inputs count as
// zero and tiny results flush to zero.

const RCP = new Uint16Array(2048);
const RSQRT = new Uint16Array(2048);
for (let i = 0; i < 2048; i++) {
  RCP[i] = Math.round(4096 * (2 / (1 + (2 * i + 1) / 4096) - 1));
}
for (let i = 0; i < 1024; i++) {
  const m = 1 + (2 * i + 1) / 2048;
  RSQRT[i] = Math.round(4096 * (Math.sqrt(2 / m) - 1)); // even biased exponent: input 2 * 1.f
  RSQRT[1024 + i] = Math.round(4096 * (2 / Math.sqrt(m) - 1)); // odd: input 1.f
}

function rcp(x: number): number {
  const s = x & 0x80000000, e = (x >>> 23) & 0xff, f = x & 0x7fffff;
  if (e === 0xff) return (f !== 0 ? x | 0x400000 : s) >>> 0;
  if (e === 0) return (s | 0x7f800000) >>> 0;
  const re = 253 - e;
  return re <= 0 ? s >>> 0 : (s | (re << 23) | (RCP[f >>> 12] << 11)) >>> 0;
}

function rsqrt(x: number): number {
  const e = (x >>> 23) & 0xff, f = x & 0x7fffff;
  if (e === 0xff) return (f !== 0 ? x | 0x400000 : x >>> 31 ? QNAN32 : 0) >>> 0;
  if (e === 0) return ((x & 0x80000000) | 0x7f800000) >>> 0;
  if (x >>> 31) return QNAN32;
  return ((0x7e - ((e - 0x7f) >> 1)) << 23) | (RSQRT[((e & 1) << 10) | (f >>> 13)] << 11);
}

function defApprox(byte: number, f: (x: number) => number): void {
  defSse(byte, PFX_NONE, (ctx, d) => {
    srcX(ctx, d, true);
    const x = ctx.cpu.xmm, o = d.reg << 2;
    for (let i = 0; i < 4; i++) x[o + i] = f(b[i]);
  });
  defSse(byte, PFX_F3, (ctx, d) => {
    srcD(ctx, d);
    ctx.cpu.xmm[d.reg << 2] = f(b[0]);
  });
}

defApprox(0x52, rsqrt);
defApprox(0x53, rcp);
