/**
 * SSE2 packed-integer instructions on XMM registers (the 66-prefixed 0F
 * forms; the unprefixed MMX forms stay undefined since the virtual CPU has
 * no MMX): add/sub with wrap-around and saturation, multiplies, averages,
 * min/max, compares, logic, shifts, packs, unpacks, shuffles and
 * PINSRW/PEXTRW. Operations compute in the scratch copy A (destination) from
 * B (source), or into R when lanes would overlap, then store back.
 * @module
 */

import { PFX_66, PFX_F2, PFX_F3 } from "../../decoder/insn.ts";
import { undefinedOpcode } from "../fault.ts";
import { ea, getReg, setReg } from "../operands.ts";
import { A, B, defSse, getX, putX, R, regOnly, srcX, type Vec } from "./sse_common.ts";

/** Register 66 0F `byte`: `op` transforms A using B (and the immediate), and the result is `out`. */
function def(byte: number, op: (imm: number) => void, out: Vec = A): void {
  defSse(byte, PFX_66, (ctx, d) => {
    const cpu = ctx.cpu;
    srcX(ctx, d, true);
    getX(cpu, d.reg, A);
    op(d.imm);
    putX(cpu, d.reg, out);
  });
}

const a8 = A.u8, b8 = B.u8, sa8 = A.i8, sb8 = B.i8;
const a16 = A.u16, b16 = B.u16, sa16 = A.i16, sb16 = B.i16;
const a32 = A.u32, b32 = B.u32, sa32 = A.i32, sb32 = B.i32;
const r8 = R.u8, r16 = R.u16, r32 = R.u32, sr8 = R.i8, sr16 = R.i16;

function satS8(v: number): number {
  return v < -128 ? -128 : v > 127 ? 127 : v;
}
function satU8(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}
function satS16(v: number): number {
  return v < -32768 ? -32768 : v > 32767 ? 32767 : v;
}
function satU16(v: number): number {
  return v < 0 ? 0 : v > 65535 ? 65535 : v;
}

// ---- add / subtract ------------------------------------------------------------------

def(0xfc, () => {
  for (let i = 0; i < 16; i++) a8[i] += b8[i];
});
def(0xfd, () => {
  for (let i = 0; i < 8; i++) a16[i] += b16[i];
});
def(0xfe, () => {
  for (let i = 0; i < 4; i++) a32[i] += b32[i];
});
def(0xd4, () => { // PADDQ
  for (let i = 0; i < 4; i += 2) {
    const lo = a32[i] + b32[i];
    a32[i] = lo;
    a32[i + 1] += b32[i + 1] + (lo > 0xffffffff ? 1 : 0);
  }
});
def(0xf8, () => {
  for (let i = 0; i < 16; i++) a8[i] -= b8[i];
});
def(0xf9, () => {
  for (let i = 0; i < 8; i++) a16[i] -= b16[i];
});
def(0xfa, () => {
  for (let i = 0; i < 4; i++) a32[i] -= b32[i];
});
def(0xfb, () => { // PSUBQ
  for (let i = 0; i < 4; i += 2) {
    const lo = a32[i] - b32[i];
    a32[i] = lo;
    a32[i + 1] -= b32[i + 1] + (lo < 0 ? 1 : 0);
  }
});
def(0xec, () => {
  for (let i = 0; i < 16; i++) sa8[i] = satS8(sa8[i] + sb8[i]);
});
def(0xed, () => {
  for (let i = 0; i < 8; i++) sa16[i] = satS16(sa16[i] + sb16[i]);
});
def(0xdc, () => {
  for (let i = 0; i < 16; i++) a8[i] = satU8(a8[i] + b8[i]);
});
def(0xdd, () => {
  for (let i = 0; i < 8; i++) a16[i] = satU16(a16[i] + b16[i]);
});
def(0xe8, () => {
  for (let i = 0; i < 16; i++) sa8[i] = satS8(sa8[i] - sb8[i]);
});
def(0xe9, () => {
  for (let i = 0; i < 8; i++) sa16[i] = satS16(sa16[i] - sb16[i]);
});
def(0xd8, () => {
  for (let i = 0; i < 16; i++) a8[i] = satU8(a8[i] - b8[i]);
});
def(0xd9, () => {
  for (let i = 0; i < 8; i++) a16[i] = satU16(a16[i] - b16[i]);
});

// ---- multiply, average, sum of absolute differences --------------------------------

def(0xd5, () => { // PMULLW
  for (let i = 0; i < 8; i++) a16[i] = Math.imul(a16[i], b16[i]);
});
def(0xe5, () => { // PMULHW
  for (let i = 0; i < 8; i++) sa16[i] = (sa16[i] * sb16[i]) >> 16;
});
def(0xe4, () => { // PMULHUW
  for (let i = 0; i < 8; i++) a16[i] = (a16[i] * b16[i]) >>> 16;
});
def(0xf5, () => { // PMADDWD (0x8000 * 0x8000 twice wraps to 0x80000000)
  for (let i = 0; i < 4; i++) {
    sa32[i] = sa16[2 * i] * sb16[2 * i] + sa16[2 * i + 1] * sb16[2 * i + 1];
  }
});
def(0xf4, () => { // PMULUDQ: even dwords, full 64-bit products
  for (let i = 0; i < 4; i += 2) {
    const x = a32[i], y = b32[i];
    const xl = x & 0xffff, xh = x >>> 16, yl = y & 0xffff, yh = y >>> 16;
    const t = xl * yl + (xl * yh + xh * yl) * 65536; // < 2^50: exact
    const carry = Math.floor(t / 4294967296);
    a32[i] = t - carry * 4294967296;
    a32[i + 1] = xh * yh + carry;
  }
});
def(0xe0, () => {
  for (let i = 0; i < 16; i++) a8[i] = (a8[i] + b8[i] + 1) >> 1;
});
def(0xe3, () => {
  for (let i = 0; i < 8; i++) a16[i] = (a16[i] + b16[i] + 1) >> 1;
});
def(0xf6, () => { // PSADBW
  for (let h = 0; h < 16; h += 8) {
    let s = 0;
    for (let i = h; i < h + 8; i++) s += Math.abs(a8[i] - b8[i]);
    a32[h >> 2] = s;
    a32[(h >> 2) + 1] = 0;
  }
});

// ---- min / max, compares, logic --------------------------------------------------------

def(0xda, () => {
  for (let i = 0; i < 16; i++) if (b8[i] < a8[i]) a8[i] = b8[i];
});
def(0xde, () => {
  for (let i = 0; i < 16; i++) if (b8[i] > a8[i]) a8[i] = b8[i];
});
def(0xea, () => {
  for (let i = 0; i < 8; i++) if (sb16[i] < sa16[i]) sa16[i] = sb16[i];
});
def(0xee, () => {
  for (let i = 0; i < 8; i++) if (sb16[i] > sa16[i]) sa16[i] = sb16[i];
});
def(0x74, () => {
  for (let i = 0; i < 16; i++) a8[i] = a8[i] === b8[i] ? 0xff : 0;
});
def(0x75, () => {
  for (let i = 0; i < 8; i++) a16[i] = a16[i] === b16[i] ? 0xffff : 0;
});
def(0x76, () => {
  for (let i = 0; i < 4; i++) a32[i] = a32[i] === b32[i] ? 0xffffffff : 0;
});
def(0x64, () => {
  for (let i = 0; i < 16; i++) a8[i] = sa8[i] > sb8[i] ? 0xff : 0;
});
def(0x65, () => {
  for (let i = 0; i < 8; i++) a16[i] = sa16[i] > sb16[i] ? 0xffff : 0;
});
def(0x66, () => {
  for (let i = 0; i < 4; i++) a32[i] = sa32[i] > sb32[i] ? 0xffffffff : 0;
});
def(0xdb, () => {
  for (let i = 0; i < 4; i++) a32[i] &= b32[i];
});
def(0xdf, () => {
  for (let i = 0; i < 4; i++) a32[i] = ~a32[i] & b32[i];
});
def(0xeb, () => {
  for (let i = 0; i < 4; i++) a32[i] |= b32[i];
});
def(0xef, () => {
  for (let i = 0; i < 4; i++) a32[i] ^= b32[i];
});

// ---- shifts ------------------------------------------------------------------------------
// Counts above the lane width clear the lane (arithmetic shifts fill with the sign).

function shl16(c: number): void {
  for (let i = 0; i < 8; i++) a16[i] = c > 15 ? 0 : a16[i] << c;
}
function shr16(c: number): void {
  for (let i = 0; i < 8; i++) a16[i] = c > 15 ? 0 : a16[i] >>> c;
}
function sar16(c: number): void {
  const s = c > 15 ? 15 : c;
  for (let i = 0; i < 8; i++) sa16[i] >>= s;
}
function shl32(c: number): void {
  for (let i = 0; i < 4; i++) a32[i] = c > 31 ? 0 : a32[i] << c;
}
function shr32(c: number): void {
  for (let i = 0; i < 4; i++) a32[i] = c > 31 ? 0 : a32[i] >>> c;
}
function sar32(c: number): void {
  const s = c > 31 ? 31 : c;
  for (let i = 0; i < 4; i++) sa32[i] >>= s;
}
function shl64(c: number): void {
  for (let i = 0; i < 4; i += 2) {
    const lo = a32[i], hi = a32[i + 1];
    if (c > 63) a32[i] = a32[i + 1] = 0;
    else if (c >= 32) {
      a32[i + 1] = lo << (c - 32);
      a32[i] = 0;
    } else if (c > 0) {
      a32[i + 1] = (hi << c) | (lo >>> (32 - c));
      a32[i] = lo << c;
    }
  }
}
function shr64(c: number): void {
  for (let i = 0; i < 4; i += 2) {
    const lo = a32[i], hi = a32[i + 1];
    if (c > 63) a32[i] = a32[i + 1] = 0;
    else if (c >= 32) {
      a32[i] = hi >>> (c - 32);
      a32[i + 1] = 0;
    } else if (c > 0) {
      a32[i] = (lo >>> c) | (hi << (32 - c));
      a32[i + 1] = hi >>> c;
    }
  }
}
function shlBytes(c: number): void {
  for (let i = 15; i >= 0; i--) a8[i] = i >= c ? a8[i - c] : 0;
}
function shrBytes(c: number): void {
  for (let i = 0; i < 16; i++) a8[i] = i + c < 16 ? a8[i + c] : 0;
}

/** Shift count from the source's low quadword (saturated to 64). */
function countB(): number {
  return b32[1] !== 0 || b32[0] > 64 ? 64 : b32[0];
}

def(0xf1, () => shl16(countB()));
def(0xf2, () => shl32(countB()));
def(0xf3, () => shl64(countB()));
def(0xd1, () => shr16(countB()));
def(0xd2, () => shr32(countB()));
def(0xd3, () => shr64(countB()));
def(0xe1, () => sar16(countB()));
def(0xe2, () => sar32(countB()));

/** The immediate-count groups 66 0F 71/72/73: the register operand is r/m, /digit picks the shift. */
const SHIFT_GROUPS: ((c: number) => void)[][] = [];
SHIFT_GROUPS[0x71] = [];
SHIFT_GROUPS[0x71][2] = shr16;
SHIFT_GROUPS[0x71][4] = sar16;
SHIFT_GROUPS[0x71][6] = shl16;
SHIFT_GROUPS[0x72] = [];
SHIFT_GROUPS[0x72][2] = shr32;
SHIFT_GROUPS[0x72][4] = sar32;
SHIFT_GROUPS[0x72][6] = shl32;
SHIFT_GROUPS[0x73] = [];
SHIFT_GROUPS[0x73][2] = shr64;
SHIFT_GROUPS[0x73][3] = shrBytes;
SHIFT_GROUPS[0x73][6] = shl64;
SHIFT_GROUPS[0x73][7] = shlBytes;
for (const byte of [0x71, 0x72, 0x73]) {
  const group = SHIFT_GROUPS[byte];
  defSse(byte, PFX_66, (ctx, d) => {
    regOnly(d);
    const f = group[d.reg & 7];
    if (f === undefined) undefinedOpcode();
    getX(ctx.cpu, d.rm, A);
    f(d.imm & 0xff);
    putX(ctx.cpu, d.rm, A);
  });
}

// ---- pack, unpack, shuffle ------------------------------------------------------------

def(0x63, () => { // PACKSSWB
  for (let i = 0; i < 8; i++) {
    sr8[i] = satS8(sa16[i]);
    sr8[i + 8] = satS8(sb16[i]);
  }
}, R);
def(0x67, () => { // PACKUSWB
  for (let i = 0; i < 8; i++) {
    r8[i] = satU8(sa16[i]);
    r8[i + 8] = satU8(sb16[i]);
  }
}, R);
def(0x6b, () => { // PACKSSDW
  for (let i = 0; i < 4; i++) {
    sr16[i] = satS16(sa32[i]);
    sr16[i + 4] = satS16(sb32[i]);
  }
}, R);

/** Interleave the low (`h` = 0) or high (`h` = 1) halves of A and B in units of `w` bytes. */
function unpack(w: number, h: number): void {
  const n = 8 / w, base = h * 8;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < w; k++) {
      r8[2 * i * w + k] = a8[base + i * w + k];
      r8[(2 * i + 1) * w + k] = b8[base + i * w + k];
    }
  }
}
for (const [lo, w] of [[0x60, 1], [0x61, 2], [0x62, 4], [0x6c, 8]]) {
  def(lo, () => unpack(w, 0), R);
  def(lo === 0x6c ? 0x6d : lo + 8, () => unpack(w, 1), R);
}

defSse(0x70, PFX_66, (ctx, d) => { // PSHUFD
  srcX(ctx, d, true);
  const imm = d.imm;
  for (let i = 0; i < 4; i++) r32[i] = b32[(imm >> (2 * i)) & 3];
  putX(ctx.cpu, d.reg, R);
});
for (const high of [true, false]) { // PSHUFHW (F3) / PSHUFLW (F2)
  defSse(0x70, high ? PFX_F3 : PFX_F2, (ctx, d) => {
    srcX(ctx, d, true);
    const imm = d.imm, o = high ? 4 : 0, k = high ? 0 : 2;
    r32[k] = b32[k];
    r32[k + 1] = b32[k + 1];
    for (let i = 0; i < 4; i++) r16[o + i] = b16[o + ((imm >> (2 * i)) & 3)];
    putX(ctx.cpu, d.reg, R);
  });
}

// PINSRW xmm, r32/m16, imm8 and PEXTRW r32, xmm, imm8.
defSse(0xc4, PFX_66, (ctx, d) => {
  const cpu = ctx.cpu;
  const v = d.mod === 3 ? getReg(cpu, d.rm, 4, d.rex) : ctx.mem.read16(ea(cpu, d));
  const i = (d.reg << 3) + (d.imm & 7);
  cpu.xmmBytes[2 * i] = v;
  cpu.xmmBytes[2 * i + 1] = v >>> 8;
});
defSse(0xc5, PFX_66, (ctx, d) => {
  regOnly(d);
  const b = ctx.cpu.xmmBytes, i = (d.rm << 4) + 2 * (d.imm & 7);
  setReg(ctx.cpu, d.reg, 4, d.rex, b[i] | (b[i + 1] << 8), 0);
});
