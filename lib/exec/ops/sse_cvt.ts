/**
 * SSE/SSE2 conversions: between binary32 and binary64 (scalar and packed),
 * from int32/int64 to floating point, and from floating point to int32/int64
 * (rounding per MXCSR.RC, or truncating for the CVTT forms). Out-of-range
 * values and NaNs convert to the "integer indefinite" (0x80000000...) with
 * IE; inexact ones raise PE.
 * @module
 */

import { PFX_66, PFX_F2, PFX_F3, PFX_NONE } from "../../decoder/insn.ts";
import { readRm, setReg } from "../operands.ts";
import {
  f32to64,
  f64to32,
  fp,
  fpBegin,
  i32to32,
  i64to32,
  i64to64,
  IE,
  toInt,
} from "../softfloat64.ts";
import { B, defSse, fpFinish, putX, R, srcD, srcQ, srcX } from "./sse_common.ts";

/** R.f64[i] = B.f32[j], quieting (and flagging) a signaling NaN. */
function cvt32to64(i: number, j: number): void {
  const v = B.f32[j];
  if (v !== v) {
    const x = B.u32[j];
    if ((x & 0x400000) === 0) fp.pre |= IE;
    const f = x & 0x7fffff;
    R.u32[2 * i] = (f << 29) >>> 0;
    R.u32[2 * i + 1] = ((x & 0x80000000) | 0x7ff80000 | (f >>> 3)) >>> 0;
    return;
  }
  R.f64[i] = f32to64(v);
}

/** R.f32[i] = B.f64[j] rounded, keeping a NaN's top payload bits. */
function cvt64to32(i: number, j: number): void {
  const v = B.f64[j];
  if (v !== v) {
    const hi = B.u32[2 * j + 1], lo = B.u32[2 * j];
    if ((hi & 0x80000) === 0) fp.pre |= IE;
    R.u32[i] = ((hi & 0x80000000) | 0x7fc00000 | ((hi & 0xfffff) << 3) | (lo >>> 29)) >>> 0;
    return;
  }
  R.f32[i] = f64to32(v);
}

/** Float lane value `v` to int32 bits (indefinite 0x80000000 when invalid). */
function toI32(v: number, trunc: boolean, single: boolean): number {
  const r = toInt(v, 32, trunc, single);
  return r === r ? r >>> 0 : 0x80000000;
}

// CVTPS2PD xmm, xmm/m64 / CVTPD2PS / CVTSS2SD / CVTSD2SS.
defSse(0x5a, PFX_NONE, (ctx, d) => {
  const cpu = ctx.cpu;
  srcQ(ctx, d);
  fpBegin(cpu.mxcsr);
  cvt32to64(0, 0);
  cvt32to64(1, 1);
  fpFinish(cpu);
  putX(cpu, d.reg, R);
});
defSse(0x5a, PFX_66, (ctx, d) => {
  const cpu = ctx.cpu;
  srcX(ctx, d, true);
  fpBegin(cpu.mxcsr);
  cvt64to32(0, 0);
  cvt64to32(1, 1);
  fpFinish(cpu);
  R.u32[2] = 0;
  R.u32[3] = 0;
  putX(cpu, d.reg, R);
});
defSse(0x5a, PFX_F3, (ctx, d) => {
  const cpu = ctx.cpu, x = cpu.xmm, o = d.reg << 2;
  srcD(ctx, d);
  fpBegin(cpu.mxcsr);
  cvt32to64(0, 0);
  fpFinish(cpu);
  x[o] = R.u32[0];
  x[o + 1] = R.u32[1];
});
defSse(0x5a, PFX_F2, (ctx, d) => {
  const cpu = ctx.cpu;
  srcQ(ctx, d);
  fpBegin(cpu.mxcsr);
  cvt64to32(0, 0);
  fpFinish(cpu);
  cpu.xmm[d.reg << 2] = R.u32[0];
});

// CVTDQ2PS / CVTPS2DQ / CVTTPS2DQ.
defSse(0x5b, PFX_NONE, (ctx, d) => {
  const cpu = ctx.cpu;
  srcX(ctx, d, true);
  fpBegin(cpu.mxcsr);
  for (let i = 0; i < 4; i++) R.f32[i] = i32to32(B.i32[i]);
  fpFinish(cpu);
  putX(cpu, d.reg, R);
});
for (const [pfx, trunc] of [[PFX_66, false], [PFX_F3, true]] as const) {
  defSse(0x5b, pfx, (ctx, d) => {
    const cpu = ctx.cpu;
    srcX(ctx, d, true);
    fpBegin(cpu.mxcsr);
    for (let i = 0; i < 4; i++) R.u32[i] = toI32(B.f32[i], trunc, true);
    fpFinish(cpu);
    putX(cpu, d.reg, R);
  });
}

// CVTTPD2DQ (66) / CVTPD2DQ (F2): the upper half of the result is zeroed. CVTDQ2PD (F3): exact.
for (const [pfx, trunc] of [[PFX_66, true], [PFX_F2, false]] as const) {
  defSse(0xe6, pfx, (ctx, d) => {
    const cpu = ctx.cpu;
    srcX(ctx, d, true);
    fpBegin(cpu.mxcsr);
    R.u32[0] = toI32(B.f64[0], trunc, false);
    R.u32[1] = toI32(B.f64[1], trunc, false);
    fpFinish(cpu);
    R.u32[2] = 0;
    R.u32[3] = 0;
    putX(cpu, d.reg, R);
  });
}
defSse(0xe6, PFX_F3, (ctx, d) => {
  srcQ(ctx, d);
  R.f64[0] = B.i32[0];
  R.f64[1] = B.i32[1];
  putX(ctx.cpu, d.reg, R);
});

// CVTSI2SS / CVTSI2SD xmm, r/m32|r/m64.
defSse(0x2a, PFX_F3, (ctx, d) => {
  const cpu = ctx.cpu;
  const lo = readRm(ctx, d, d.rexW ? 8 : 4);
  fpBegin(cpu.mxcsr);
  R.f32[0] = d.rexW ? i64to32(lo, cpu.hi) : i32to32(lo | 0);
  fpFinish(cpu);
  cpu.xmm[d.reg << 2] = R.u32[0];
});
defSse(0x2a, PFX_F2, (ctx, d) => {
  const cpu = ctx.cpu, x = cpu.xmm, o = d.reg << 2;
  const lo = readRm(ctx, d, d.rexW ? 8 : 4);
  fpBegin(cpu.mxcsr);
  R.f64[0] = d.rexW ? i64to64(lo, cpu.hi) : lo | 0;
  fpFinish(cpu);
  x[o] = R.u32[0];
  x[o + 1] = R.u32[1];
});

// CVT(T)SS2SI / CVT(T)SD2SI r32|r64, xmm/m32|m64.
for (const [byte, trunc] of [[0x2c, true], [0x2d, false]] as const) {
  for (const single of [true, false]) {
    defSse(byte, single ? PFX_F3 : PFX_F2, (ctx, d) => {
      const cpu = ctx.cpu;
      let v: number;
      if (single) v = srcD(ctx, d).f32[0];
      else v = srcQ(ctx, d).f64[0];
      fpBegin(cpu.mxcsr);
      if (d.rexW) {
        const r = toInt(v, 64, trunc, single);
        fpFinish(cpu);
        if (r !== r) setReg(cpu, d.reg, 8, d.rex, 0, 0x80000000);
        else {
          const hi = Math.floor(r / 4294967296);
          setReg(cpu, d.reg, 8, d.rex, (r - hi * 4294967296) >>> 0, hi >>> 0);
        }
      } else {
        const r = toI32(v, trunc, single);
        fpFinish(cpu);
        setReg(cpu, d.reg, 4, d.rex, r, 0);
      }
    });
  }
}
