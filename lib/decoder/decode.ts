/**
 * x86-64 (64-bit mode) instruction decoder: legacy and REX prefixes, the
 * one-byte, 0F, 0F38 and 0F3A maps, ModRM/SIB/displacement/immediates and
 * RIP-relative addressing. Produces `Insn` records; what an opcode *does* is
 * the executor's business, the decoder only finds boundaries and operands.
 * @module
 */

import { generalProtection, undefinedOpcode } from "../exec/fault.ts";
import {
  type Insn,
  MAP_0F,
  MAP_0F38,
  MAP_0F3A,
  MAP_1B,
  opIndex,
  PFX_66,
  PFX_F2,
  PFX_F3,
  PFX_NONE,
  SEG_FS,
  SEG_GS,
} from "./insn.ts";

/** Source of instruction bytes. */
export interface ByteSource {
  /** Byte at an absolute address; throws GuestFault if not executable. */
  fetch8(addr: number): number;
}

// Immediate kinds.
const I_NONE = 0,
  I_8 = 1,
  I_16 = 2,
  I_Z = 3,
  I_V = 4,
  I_REL8 = 5,
  I_REL32 = 6,
  I_ENTER = 7,
  I_MOFFS = 8,
  I_GRP3 = 9,
  BAD = 15;

/** Per-opcode attributes: bit 4 = has ModRM, low 4 bits = immediate kind. */
function table(spec: Record<string, [boolean, number]>, fill: [boolean, number]): Uint8Array {
  const t = new Uint8Array(256).fill((fill[0] ? 16 : 0) | fill[1]);
  for (const [range, [m, imm]] of Object.entries(spec)) {
    const [a, b] = range.split("-").map((x) => parseInt(x, 16));
    for (let i = a; i <= (b ?? a); i++) t[i] = (m ? 16 : 0) | imm;
  }
  return t;
}

const M: [boolean, number] = [true, I_NONE];
const N: [boolean, number] = [false, I_NONE];
const X: [boolean, number] = [false, BAD];

const ONE_BYTE = (() => {
  const spec: Record<string, [boolean, number]> = {};
  for (let row = 0; row < 8; row++) {
    const b = row * 8;
    spec[b.toString(16) + "-" + (b + 3).toString(16)] = M;
    spec[(b + 4).toString(16)] = [false, I_8];
    spec[(b + 5).toString(16)] = [false, I_Z];
    spec[(b + 6).toString(16) + "-" + (b + 7).toString(16)] = X;
  }
  Object.assign(spec, {
    "50-5f": N,
    "60-62": X,
    "63": M,
    "68": [false, I_Z],
    "69": [true, I_Z],
    "6a": [false, I_8],
    "6b": [true, I_8],
    "6c-6f": N,
    "70-7f": [false, I_REL8],
    "80": [true, I_8],
    "81": [true, I_Z],
    "82": X,
    "83": [true, I_8],
    "84-8f": M,
    "90-99": N,
    "9a": X,
    "9b-9f": N,
    "a0-a3": [false, I_MOFFS],
    "a4-a7": N,
    "a8": [false, I_8],
    "a9": [false, I_Z],
    "aa-af": N,
    "b0-b7": [false, I_8],
    "b8-bf": [false, I_V],
    "c0-c1": [true, I_8],
    "c2": [false, I_16],
    "c3": N,
    "c4-c5": X,
    "c6": [true, I_8],
    "c7": [true, I_Z],
    "c8": [false, I_ENTER],
    "c9": N,
    "ca": [false, I_16],
    "cb-cc": N,
    "cd": [false, I_8],
    "ce": X,
    "cf": N,
    "d0-d3": M,
    "d4-d6": X,
    "d7": N,
    "d8-df": M,
    "e0-e3": [false, I_REL8],
    "e4-e7": [false, I_8],
    "e8-e9": [false, I_REL32],
    "ea": X,
    "eb": [false, I_REL8],
    "ec-ef": N,
    "f1": N,
    "f4-f5": N,
    "f6-f7": [true, I_GRP3],
    "f8-fd": N,
    "fe-ff": M,
  });
  return table(spec, N);
})();

const MAP0F = table({
  "04": X,
  "05-09": N,
  "0a": X,
  "0b": N,
  "0c": X,
  "0e": N,
  "0f": X,
  "24-27": X,
  "30-37": N,
  "38-3f": X,
  "70-73": [true, I_8],
  "77": N,
  "7a-7b": X,
  "80-8f": [false, I_REL32],
  "a0-a2": N,
  "a4": [true, I_8],
  "a6-a7": X,
  "a8-aa": N,
  "ac": [true, I_8],
  "ba": [true, I_8],
  "c2": [true, I_8],
  "c4-c6": [true, I_8],
  "c8-cf": N,
}, M);

const MAP0F38 = table({}, M);
const MAP0F3A = table({}, [true, I_8]);

/**
 * Decode the instruction at `addr` into `d`. Throws GuestFault (SIGILL for
 * undefined encodings, SIGSEGV for unfetchable bytes or length over 15).
 */
export function decode(src: ByteSource, addr: number, d: Insn): void {
  let p = addr;
  let opsize16 = false, adsize32 = false, rep = 0, lock = false, seg = 0, lastSse = PFX_NONE;
  let rex = 0;
  let b = src.fetch8(p++);
  // Legacy prefixes, then an optional REX that must immediately precede the opcode.
  for (;;) {
    if (b === 0x66) {
      opsize16 = true;
      if (lastSse === PFX_NONE) lastSse = PFX_66;
    } else if (b === 0x67) adsize32 = true;
    else if (b === 0xf2 || b === 0xf3) {
      rep = b;
      lastSse = b === 0xf2 ? PFX_F2 : PFX_F3;
    } else if (b === 0xf0) lock = true;
    else if (b === 0x64) seg = SEG_FS;
    else if (b === 0x65) seg = SEG_GS;
    else if (b === 0x2e || b === 0x3e || b === 0x26 || b === 0x36) {
      // Null segment overrides in 64-bit mode (2E/3E also serve as branch hints).
    } else if ((b & 0xf0) === 0x40) {
      rex = b;
      b = src.fetch8(p++);
      if ((b & 0xf0) === 0x40 || isLegacyPrefix(b)) {
        // A REX not immediately before the opcode is ignored.
        rex = 0;
        continue;
      }
      break;
    } else break;
    if (p - addr >= 15) tooLong();
    b = src.fetch8(p++);
  }
  const rexW = (rex & 8) !== 0, rexB = (rex & 1) << 3;

  let map = MAP_1B;
  let attrs: number;
  if (b === 0xc4 || b === 0xc5 || b === 0x62) return decodeVex(src, addr, p, b, d);
  if (b === 0x0f) {
    b = src.fetch8(p++);
    if (b === 0x38) {
      map = MAP_0F38;
      b = src.fetch8(p++);
      attrs = MAP0F38[b];
    } else if (b === 0x3a) {
      map = MAP_0F3A;
      b = src.fetch8(p++);
      attrs = MAP0F3A[b];
    } else {
      map = MAP_0F;
      attrs = MAP0F[b];
    }
  } else attrs = ONE_BYTE[b];
  const immKind = attrs & 15;
  if (immKind === BAD) undefinedOpcode();

  d.addr = addr;
  d.byte = b;
  d.map = map;
  d.pfx = map === MAP_1B ? PFX_NONE : lastSse;
  d.op = opIndex(map, b, d.pfx);
  d.opsize = rexW ? 8 : opsize16 ? 2 : 4;
  d.adsize = adsize32 ? 4 : 8;
  d.rep = rep;
  d.lock = lock;
  d.seg = seg;
  d.rex = rex !== 0;
  d.rexW = rexW;
  d.hasModrm = (attrs & 16) !== 0;
  d.mod = 3;
  d.reg = 0;
  // Without ModRM, `rm` names the register encoded in the opcode's low bits (50+r, B8+r, ...).
  d.rm = (b & 7) | rexB;
  d.base = -1;
  d.index = -1;
  d.scale = 1;
  d.disp = 0;
  d.imm = 0;
  d.immHi = 0;
  d.imm2 = 0;
  d.target = 0;

  if (d.hasModrm) p = decodeModrm(src, p, d, rex);
  // mod 0 with rm 101 (any REX.B) is RIP-relative in 64-bit mode.
  const ripRel = d.hasModrm && d.mod === 0 && (d.rm & 7) === 5;

  switch (immKind) {
    case I_NONE:
      break;
    case I_8:
      d.imm = s8(src.fetch8(p++));
      break;
    case I_16:
      d.imm = src.fetch8(p) | (src.fetch8(p + 1) << 8);
      p += 2;
      break;
    case I_Z:
      if (d.opsize === 2) {
        d.imm = s16(src.fetch8(p) | (src.fetch8(p + 1) << 8));
        p += 2;
      } else {
        d.imm = s32(src, p);
        p += 4;
      }
      break;
    case I_V:
      if (d.opsize === 2) {
        d.imm = src.fetch8(p) | (src.fetch8(p + 1) << 8);
        p += 2;
      } else if (d.opsize === 4) {
        d.imm = s32(src, p) >>> 0;
        p += 4;
      } else {
        d.imm = s32(src, p) >>> 0;
        d.immHi = s32(src, p + 4) >>> 0;
        p += 8;
      }
      break;
    case I_REL8:
      d.imm = s8(src.fetch8(p++));
      break;
    case I_REL32:
      d.imm = s32(src, p);
      p += 4;
      break;
    case I_ENTER:
      d.imm = src.fetch8(p) | (src.fetch8(p + 1) << 8);
      d.imm2 = src.fetch8(p + 2);
      p += 3;
      break;
    case I_MOFFS:
      if (d.adsize === 8) {
        d.imm = s32(src, p) >>> 0;
        d.immHi = s32(src, p + 4) >>> 0;
        p += 8;
      } else {
        d.imm = s32(src, p) >>> 0;
        p += 4;
      }
      break;
    case I_GRP3:
      if ((d.reg & 7) < 2) {
        if (b === 0xf6) d.imm = s8(src.fetch8(p++));
        else if (d.opsize === 2) {
          d.imm = s16(src.fetch8(p) | (src.fetch8(p + 1) << 8));
          p += 2;
        } else {
          d.imm = s32(src, p);
          p += 4;
        }
      }
      break;
  }
  const len = p - addr;
  if (len > 15) tooLong();
  // LOCK on anything but a locked read-modify-write: measured (objdump agrees on the length) and
  // executed as #UD through the empty handler slot VEX uses.
  if (lock && !lockable(map, b, d.reg & 7, d.mod)) d.op = UD_OP;
  d.len = len;
  const next = addr + len;
  if (ripRel) d.disp = d.adsize === 8 ? next + d.disp : (next + d.disp) >>> 0;
  if (immKind === I_REL8 || immKind === I_REL32) d.target = wrap64(next + d.imm);
}

/**
 * May this instruction carry a LOCK prefix? Only the read-modify-write forms
 * with a memory destination (ADD OR ADC SBB AND SUB XOR, their group-1
 * immediates but CMP, XCHG, NOT NEG INC DEC, BTS BTR BTC, CMPXCHG,
 * CMPXCHG8B/16B, XADD); on anything else the prefix is #UD.
 */
function lockable(map: number, b: number, reg: number, mod: number): boolean {
  if (mod === 3) return false;
  if (map === MAP_1B) {
    if (b < 0x38) return (b & 7) < 2;
    switch (b) {
      case 0x80:
      case 0x81:
      case 0x83:
        return reg !== 7;
      case 0x86:
      case 0x87:
        return true;
      case 0xf6:
      case 0xf7:
        return reg === 2 || reg === 3;
      case 0xfe:
      case 0xff:
        return reg < 2;
    }
    return false;
  }
  if (map !== MAP_0F) return false;
  switch (b) {
    case 0xab:
    case 0xb3:
    case 0xbb:
    case 0xb0:
    case 0xb1:
    case 0xc0:
    case 0xc1:
      return true;
    case 0xba:
      return reg >= 5;
    case 0xc7:
      return reg === 1;
  }
  return false;
}

/** The handler slot of C4 (LES, invalid in 64-bit mode): no handler, so executing it is #UD. */
const UD_OP = opIndex(MAP_1B, 0xc4, PFX_NONE);

/**
 * VEX (C4/C5) and EVEX (62) encodings: AVX and AVX-512, which our virtual CPU
 * does not advertise. They are measured exactly (so instruction boundaries are
 * right) and executed as #UD through the unfilled handler slot of the escape byte.
 */
function decodeVex(src: ByteSource, addr: number, p: number, esc: number, d: Insn): void {
  let map: number;
  if (esc === 0xc5) {
    p++;
    map = 1;
  } else if (esc === 0xc4) {
    map = src.fetch8(p) & 0x1f;
    p += 2;
  } else {
    map = src.fetch8(p) & 7;
    p += 3;
  }
  const byte = src.fetch8(p++);
  const hasModrm = !(map === 1 && byte === 0x77);
  const imm = map === 3 ||
    (map === 1 &&
      ((byte >= 0x70 && byte <= 0x73) || byte === 0xc2 || (byte >= 0xc4 && byte <= 0xc6)));
  if (hasModrm) p = decodeModrm(src, p, d, 0);
  if (imm) p++;
  if (p - addr > 15) tooLong();
  d.addr = addr;
  d.len = p - addr;
  d.byte = esc;
  d.map = MAP_1B;
  d.pfx = PFX_NONE;
  d.op = opIndex(MAP_1B, esc, PFX_NONE);
}

/** Decode ModRM, SIB and displacement at `p` into `d`; returns the position after them. */
function decodeModrm(src: ByteSource, p: number, d: Insn, rex: number): number {
  const modrm = src.fetch8(p++);
  const mod = modrm >> 6;
  const rexB = (rex & 1) << 3;
  d.mod = mod;
  d.reg = ((modrm >> 3) & 7) | ((rex & 4) << 1);
  const rm = modrm & 7;
  d.rm = rm | rexB;
  if (mod === 3) return p;
  if (rm === 4) {
    const sib = src.fetch8(p++);
    const base = sib & 7;
    const index = ((sib >> 3) & 7) | ((rex & 2) << 2);
    d.scale = 1 << (sib >> 6);
    d.index = index === 4 ? -1 : index;
    if (base === 5 && mod === 0) {
      d.base = -1;
      d.disp = s32(src, p);
      p += 4;
    } else d.base = base | rexB;
  } else if (rm === 5 && mod === 0) {
    d.disp = s32(src, p);
    p += 4;
  } else d.base = rm | rexB;
  if (mod === 1) d.disp = s8(src.fetch8(p++));
  else if (mod === 2) {
    d.disp = s32(src, p);
    p += 4;
  }
  return p;
}

function isLegacyPrefix(b: number): boolean {
  return b === 0x66 || b === 0x67 || b === 0xf2 || b === 0xf3 || b === 0xf0 || b === 0x64 ||
    b === 0x65 || b === 0x2e || b === 0x3e || b === 0x26 || b === 0x36;
}

function tooLong(): never {
  generalProtection();
}

function s8(v: number): number {
  return (v << 24) >> 24;
}

function s16(v: number): number {
  return (v << 16) >> 16;
}

function s32(src: ByteSource, p: number): number {
  return src.fetch8(p) | (src.fetch8(p + 1) << 8) | (src.fetch8(p + 2) << 16) |
    (src.fetch8(p + 3) << 24);
}

/** Addresses wrap modulo 2^64; user code never goes near the ends, so keep it simple. */
function wrap64(a: number): number {
  return a < 0 ? a + 18446744073709551616 : a;
}

/** Map names, for diagnostics. */
export const MAP_NAMES: readonly string[] = ["", "0f ", "0f38 ", "0f3a "];
