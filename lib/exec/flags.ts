/**
 * Lazy arithmetic flags. ALU handlers record operands and result; individual
 * flags are derived only when something reads them (Jcc, SETcc, PUSHF, ...).
 *
 * Values are unsigned: for sizes 1, 2 and 4 only the low half is used and it
 * is already masked to the size; for size 8 the `*H` halves hold bits 32..63.
 * @module
 */

import { AF, ARITH_FLAGS, CC, CF, type Cpu, OF, PF, SF, ZF } from "./cpu.ts";

/** PF value (1 = even number of set bits) of each byte, for flags computed eagerly. */
export const PARITY: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let b = i, n = 0;
    while (b) {
      n += b & 1;
      b >>= 1;
    }
    t[i] = n & 1 ? 0 : 1;
  }
  return t;
})();

/** Value mask for an operand size below 8. */
export function sizeMask(size: number): number {
  return size === 1 ? 0xff : size === 2 ? 0xffff : 0xffffffff;
}

/** Record a flag-setting operation. */
export function setCC(
  cpu: Cpu,
  op: CC,
  size: number,
  dst: number,
  dstH: number,
  src: number,
  srcH: number,
  res: number,
  resH: number,
): void {
  if (op === CC.Inc || op === CC.Dec) cpu.ccCarry = getCF(cpu);
  cpu.ccOp = op;
  cpu.ccSize = size;
  cpu.ccDst = dst;
  cpu.ccDstH = dstH;
  cpu.ccSrc = src;
  cpu.ccSrcH = srcH;
  cpu.ccRes = res;
  cpu.ccResH = resH;
}

/** Record flags for a logical operation (CF=OF=0, AF undefined: 0 like hardware). */
export function setLogic(cpu: Cpu, size: number, res: number, resH: number): void {
  cpu.ccOp = CC.Logic;
  cpu.ccSize = size;
  cpu.ccRes = res;
  cpu.ccResH = resH;
}

/** Set all six arithmetic flags explicitly (a bit mask of CF|PF|AF|ZF|SF|OF). */
export function setFlagsDirect(cpu: Cpu, flags: number): void {
  cpu.ccOp = CC.Eflags;
  cpu.ccRes = flags & ARITH_FLAGS;
}

function signBit(size: number, lo: number, hi: number): number {
  return size === 8 ? hi >>> 31 : (lo >>> (size * 8 - 1)) & 1;
}

/** Unsigned a < b on (lo, hi) pairs. */
function ltu(alo: number, ahi: number, blo: number, bhi: number): boolean {
  return ahi < bhi || (ahi === bhi && alo < blo);
}

/** Carry flag (0/1). */
export function getCF(cpu: Cpu): number {
  switch (cpu.ccOp) {
    case CC.Eflags:
      return cpu.ccRes & CF;
    case CC.Add:
      return ltu(cpu.ccRes, cpu.ccResH, cpu.ccDst, cpu.ccDstH) ? 1 : 0;
    case CC.Sub:
      return ltu(cpu.ccDst, cpu.ccDstH, cpu.ccSrc, cpu.ccSrcH) ? 1 : 0;
    case CC.Logic:
      return 0;
    default:
      return cpu.ccCarry;
  }
}

/** Zero flag (0/1). */
export function getZF(cpu: Cpu): number {
  if (cpu.ccOp === CC.Eflags) return (cpu.ccRes >> 6) & 1;
  return (cpu.ccRes | cpu.ccResH) === 0 ? 1 : 0;
}

/** Sign flag (0/1). */
export function getSF(cpu: Cpu): number {
  if (cpu.ccOp === CC.Eflags) return (cpu.ccRes >> 7) & 1;
  return signBit(cpu.ccSize, cpu.ccRes, cpu.ccResH);
}

/** Parity flag (0/1), of the low byte of the result. */
export function getPF(cpu: Cpu): number {
  if (cpu.ccOp === CC.Eflags) return (cpu.ccRes >> 2) & 1;
  return PARITY[cpu.ccRes & 0xff];
}

/** Auxiliary carry (0/1). */
export function getAF(cpu: Cpu): number {
  switch (cpu.ccOp) {
    case CC.Eflags:
      return (cpu.ccRes >> 4) & 1;
    case CC.Logic:
      return 0;
    default:
      return ((cpu.ccDst ^ cpu.ccSrc ^ cpu.ccRes) >> 4) & 1;
  }
}

/** Overflow flag (0/1). */
export function getOF(cpu: Cpu): number {
  const s = cpu.ccSize;
  switch (cpu.ccOp) {
    case CC.Eflags:
      return (cpu.ccRes >> 11) & 1;
    case CC.Add:
    case CC.Inc:
      return signBit(
        s,
        (cpu.ccDst ^ cpu.ccRes) & (cpu.ccSrc ^ cpu.ccRes),
        (cpu.ccDstH ^ cpu.ccResH) & (cpu.ccSrcH ^ cpu.ccResH),
      );
    case CC.Sub:
    case CC.Dec:
      return signBit(
        s,
        (cpu.ccDst ^ cpu.ccSrc) & (cpu.ccDst ^ cpu.ccRes),
        (cpu.ccDstH ^ cpu.ccSrcH) & (cpu.ccDstH ^ cpu.ccResH),
      );
    default:
      return 0;
  }
}

/** The six arithmetic flags as an EFLAGS bit mask. */
export function getArithFlags(cpu: Cpu): number {
  if (cpu.ccOp === CC.Eflags) return cpu.ccRes & ARITH_FLAGS;
  return getCF(cpu) | (getPF(cpu) << 2) | (getAF(cpu) << 4) | (getZF(cpu) << 6) |
    (getSF(cpu) << 7) | (getOF(cpu) << 11);
}

/** Full RFLAGS value (low 32 bits; the rest are zero). */
export function getRflags(cpu: Cpu): number {
  return (cpu.flagsOther | getArithFlags(cpu) | 2) >>> 0;
}

/** Load RFLAGS from a value (user-writable bits only). */
export function setRflags(cpu: Cpu, v: number): void {
  setFlagsDirect(cpu, v);
  // User mode may change TF, DF, NT, AC, ID (plus the arithmetic flags); IF/IOPL stay as they are.
  const userMask = 0x100 | 0x400 | 0x4000 | 0x40000 | 0x200000;
  cpu.flagsOther = (cpu.flagsOther & ~userMask) | (v & userMask) | 0x202;
}

/**
 * Evaluate condition code `cc` (0..15, the low nibble of Jcc/SETcc/CMOVcc):
 * O, NO, B, AE, E, NE, BE, A, S, NS, P, NP, L, GE, LE, G.
 */
export function cond(cpu: Cpu, cc: number): boolean {
  let r: boolean;
  switch (cc >> 1) {
    case 0:
      r = getOF(cpu) === 1;
      break;
    case 1:
      r = getCF(cpu) === 1;
      break;
    case 2:
      r = getZF(cpu) === 1;
      break;
    case 3:
      r = (getCF(cpu) | getZF(cpu)) === 1;
      break;
    case 4:
      r = getSF(cpu) === 1;
      break;
    case 5:
      r = getPF(cpu) === 1;
      break;
    case 6:
      r = getSF(cpu) !== getOF(cpu);
      break;
    default:
      r = getZF(cpu) === 1 || getSF(cpu) !== getOF(cpu);
      break;
  }
  return (cc & 1) === 0 ? r : !r;
}

export { AF, CF, OF, PF, SF, ZF };
