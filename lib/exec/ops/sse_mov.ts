/**
 * SSE/SSE2 data movement: full, scalar and half-register moves between XMM
 * registers, memory and general registers, non-temporal stores, sign-mask
 * extraction and MASKMOVDQU. Moves never touch MXCSR (bit patterns,
 * including signaling NaNs, pass through unchanged).
 * @module
 */

import { type Insn, PFX_66, PFX_F2, PFX_F3, PFX_NONE, SEG_FS, SEG_GS } from "../../decoder/insn.ts";
import { RDI } from "../cpu.ts";
import type { Handler } from "../handlers.ts";
import { type Ctx, ea, getReg, readRm, setReg, writeRm } from "../operands.ts";
import {
  alignedAddr,
  defSse,
  memOnly,
  probeWrite,
  read128,
  regOnly,
  write128,
} from "./sse_common.ts";

/** Copy XMM register `s` to XMM register `t`. */
function copyX(x: Uint32Array, t: number, s: number): void {
  const a = t << 2, b = s << 2;
  x[a] = x[b];
  x[a + 1] = x[b + 1];
  x[a + 2] = x[b + 2];
  x[a + 3] = x[b + 3];
}

/** 128-bit load into xmm(reg); `aligned` selects the MOVAPS-style #GP check. */
function load128(aligned: boolean): Handler {
  return (ctx, d) => {
    const cpu = ctx.cpu;
    if (d.mod === 3) copyX(cpu.xmm, d.reg, d.rm);
    else read128(ctx, aligned ? alignedAddr(ctx, d) : ea(cpu, d), cpu.xmm, d.reg << 2);
  };
}

/** 128-bit store of xmm(reg) to r/m. */
function store128(aligned: boolean): Handler {
  return (ctx, d) => {
    const cpu = ctx.cpu;
    if (d.mod === 3) copyX(cpu.xmm, d.rm, d.reg);
    else write128(ctx, aligned ? alignedAddr(ctx, d) : ea(cpu, d), cpu.xmm, d.reg << 2);
  };
}

/** Non-temporal 128-bit store (memory form only, aligned). */
const storeNt: Handler = (ctx, d) => {
  memOnly(ctx, d);
  write128(ctx, alignedAddr(ctx, d), ctx.cpu.xmm, d.reg << 2);
};

for (const p of [PFX_NONE, PFX_66]) {
  defSse(0x10, p, load128(false)); // MOVUPS / MOVUPD
  defSse(0x11, p, store128(false));
  defSse(0x28, p, load128(true)); // MOVAPS / MOVAPD
  defSse(0x29, p, store128(true));
  defSse(0x2b, p, storeNt); // MOVNTPS / MOVNTPD
}
defSse(0x6f, PFX_66, load128(true)); // MOVDQA
defSse(0x7f, PFX_66, store128(true));
defSse(0x6f, PFX_F3, load128(false)); // MOVDQU
defSse(0x7f, PFX_F3, store128(false));
defSse(0xe7, PFX_66, storeNt); // MOVNTDQ

// MOVSS: a memory source zeroes the rest of the register, a register source merges.
defSse(0x10, PFX_F3, (ctx, d) => {
  const x = ctx.cpu.xmm, o = d.reg << 2;
  if (d.mod === 3) x[o] = x[d.rm << 2];
  else {
    x[o] = ctx.mem.read32(ea(ctx.cpu, d));
    x[o + 1] = 0;
    x[o + 2] = 0;
    x[o + 3] = 0;
  }
});
defSse(0x11, PFX_F3, (ctx, d) => {
  const x = ctx.cpu.xmm, o = d.reg << 2;
  if (d.mod === 3) x[d.rm << 2] = x[o];
  else ctx.mem.write32(ea(ctx.cpu, d), x[o]);
});

// MOVSD (and MOVQ xmm, xmm/m64 which always zeroes the high half).
function loadLow64(zeroHighFromReg: boolean): Handler {
  return (ctx, d) => {
    const x = ctx.cpu.xmm, o = d.reg << 2;
    if (d.mod === 3) {
      const s = d.rm << 2;
      x[o] = x[s];
      x[o + 1] = x[s + 1];
      if (!zeroHighFromReg) return;
    } else {
      const m = ctx.mem;
      x[o] = m.read64(ea(ctx.cpu, d));
      x[o + 1] = m.hi;
    }
    x[o + 2] = 0;
    x[o + 3] = 0;
  };
}
defSse(0x10, PFX_F2, loadLow64(false)); // MOVSD xmm, xmm/m64
defSse(0x7e, PFX_F3, loadLow64(true)); // MOVQ xmm, xmm/m64

defSse(0x11, PFX_F2, (ctx, d) => {
  const x = ctx.cpu.xmm, o = d.reg << 2;
  if (d.mod === 3) {
    const t = d.rm << 2;
    x[t] = x[o];
    x[t + 1] = x[o + 1];
  } else ctx.mem.write64(ea(ctx.cpu, d), x[o], x[o + 1]);
});

// MOVQ xmm/m64, xmm: the register form zeroes the destination's high half.
defSse(0xd6, PFX_66, (ctx, d) => {
  const x = ctx.cpu.xmm, o = d.reg << 2;
  if (d.mod === 3) {
    const t = d.rm << 2;
    x[t] = x[o];
    x[t + 1] = x[o + 1];
    x[t + 2] = 0;
    x[t + 3] = 0;
  } else ctx.mem.write64(ea(ctx.cpu, d), x[o], x[o + 1]);
});

/** Load 8 bytes from memory into dword `half` (0 = low qword, 2 = high qword) of xmm(reg). */
function loadHalf(ctx: Ctx, d: Insn, half: number): void {
  const x = ctx.cpu.xmm, o = (d.reg << 2) + half, m = ctx.mem;
  const lo = m.read64(ea(ctx.cpu, d));
  x[o] = lo;
  x[o + 1] = m.hi;
}

/** Store qword `half` (0 or 2) of xmm(reg) to memory. */
function storeHalf(half: number): Handler {
  return (ctx, d) => {
    const a = memOnly(ctx, d);
    const x = ctx.cpu.xmm, o = (d.reg << 2) + half;
    ctx.mem.write64(a, x[o], x[o + 1]);
  };
}

// 0F 12: MOVLPS xmm, m64 / MOVHLPS xmm, xmm; 66: MOVLPD (memory only).
defSse(0x12, PFX_NONE, (ctx, d) => {
  if (d.mod !== 3) return loadHalf(ctx, d, 0);
  const x = ctx.cpu.xmm, o = d.reg << 2, s = d.rm << 2;
  x[o] = x[s + 2];
  x[o + 1] = x[s + 3];
});
defSse(0x12, PFX_66, (ctx, d) => {
  memOnly(ctx, d);
  loadHalf(ctx, d, 0);
});
// 0F 16: MOVHPS xmm, m64 / MOVLHPS xmm, xmm; 66: MOVHPD (memory only).
defSse(0x16, PFX_NONE, (ctx, d) => {
  if (d.mod !== 3) return loadHalf(ctx, d, 2);
  const x = ctx.cpu.xmm, o = d.reg << 2, s = d.rm << 2;
  x[o + 2] = x[s];
  x[o + 3] = x[s + 1];
});
defSse(0x16, PFX_66, (ctx, d) => {
  memOnly(ctx, d);
  loadHalf(ctx, d, 2);
});
for (const p of [PFX_NONE, PFX_66]) {
  defSse(0x13, p, storeHalf(0)); // MOVLPS / MOVLPD m64, xmm
  defSse(0x17, p, storeHalf(2)); // MOVHPS / MOVHPD m64, xmm
}

// MOVD / MOVQ between XMM and r/m32 / r/m64.
defSse(0x6e, PFX_66, (ctx, d) => {
  const cpu = ctx.cpu, x = cpu.xmm, o = d.reg << 2;
  const lo = readRm(ctx, d, d.rexW ? 8 : 4);
  x[o] = lo;
  x[o + 1] = d.rexW ? cpu.hi : 0;
  x[o + 2] = 0;
  x[o + 3] = 0;
});
defSse(0x7e, PFX_66, (ctx, d) => {
  const x = ctx.cpu.xmm, o = d.reg << 2;
  writeRm(ctx, d, d.rexW ? 8 : 4, x[o], x[o + 1]);
});

// MOVNTI m32/m64, r32/r64.
defSse(0xc3, PFX_NONE, (ctx, d) => {
  const a = memOnly(ctx, d);
  const cpu = ctx.cpu, size = d.rexW ? 8 : 4;
  const lo = getReg(cpu, d.reg, size, d.rex);
  if (size === 8) ctx.mem.write64(a, lo, cpu.hi);
  else ctx.mem.write32(a, lo);
});

// MOVMSKPS / MOVMSKPD / PMOVMSKB: sign bits into a general register (zero-extended).
defSse(0x50, PFX_NONE, (ctx, d) => {
  regOnly(d);
  const x = ctx.cpu.xmm, s = d.rm << 2;
  const m = (x[s] >>> 31) | ((x[s + 1] >>> 31) << 1) | ((x[s + 2] >>> 31) << 2) |
    ((x[s + 3] >>> 31) << 3);
  setReg(ctx.cpu, d.reg, 4, d.rex, m, 0);
});
defSse(0x50, PFX_66, (ctx, d) => {
  regOnly(d);
  const x = ctx.cpu.xmm, s = d.rm << 2;
  setReg(ctx.cpu, d.reg, 4, d.rex, (x[s + 1] >>> 31) | ((x[s + 3] >>> 31) << 1), 0);
});
defSse(0xd7, PFX_66, (ctx, d) => {
  regOnly(d);
  const b = ctx.cpu.xmmBytes, s = d.rm << 4;
  let m = 0;
  for (let i = 15; i >= 0; i--) m = (m << 1) | (b[s + i] >>> 7);
  setReg(ctx.cpu, d.reg, 4, d.rex, m, 0);
});

// MASKMOVDQU xmm1, xmm2: store the bytes of xmm1 whose xmm2 mask byte has its top bit set, at [RDI].
defSse(0xf7, PFX_66, (ctx, d) => {
  regOnly(d);
  const cpu = ctx.cpu, b = cpu.xmmBytes, src = d.reg << 4, msk = d.rm << 4;
  const r = cpu.r;
  let a = d.adsize === 4 ? r[2 * RDI] : r[2 * RDI + 1] * 4294967296 + r[2 * RDI];
  if (d.seg === SEG_FS) a += cpu.fsBase;
  else if (d.seg === SEG_GS) a += cpu.gsBase;
  let first = -1, last = -1;
  for (let i = 0; i < 16; i++) {
    if (b[msk + i] & 0x80) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return;
  probeWrite(ctx, a + first, last - first + 1);
  for (let i = first; i <= last; i++) if (b[msk + i] & 0x80) ctx.mem.write8(a + i, b[src + i]);
});
