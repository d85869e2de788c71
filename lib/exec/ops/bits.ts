/**
 * Bit instructions: BT/BTS/BTR/BTC (0F A3/AB/B3/BB and the 0F BA imm8 group),
 * BSF/BSR (0F BC/BD), TZCNT/LZCNT (F3 0F BC/BD) and POPCNT (F3 0F B8).
 *
 * Flags the SDM leaves undefined follow the reference machine (native runs):
 * BTx change only CF; BSF/BSR clear CF, OF, SF and AF; TZCNT/LZCNT keep OF
 * and clear SF, AF and PF; POPCNT clears all but ZF.
 * @module
 */

import { MAP_0F, PFX_66, PFX_F2, PFX_F3, PFX_NONE } from "../../decoder/insn.ts";
import type { Insn } from "../../decoder/insn.ts";
import { CF, OF, PF, ZF } from "../cpu.ts";
import { undefinedOpcode } from "../fault.ts";
import { getArithFlags, setFlagsDirect } from "../flags.ts";
import { defAll, defPfx } from "../handlers.ts";
import { type Ctx, ea, getReg, readMem, readRm, setReg, writeMem } from "../operands.ts";
import { szpFlags } from "./shift.ts";

const TWO32 = 4294967296, TWO64 = 18446744073709551616;

/**
 * BT (`op` 0), BTS (1), BTR (2), BTC (3) on the r/m operand. `bitReg` is the
 * register holding the bit offset, or -1 for the imm8 form. A register offset
 * on a memory operand is signed and selects the operand-sized word it falls in.
 */
function bitTest(ctx: Ctx, d: Insn, op: number, bitReg: number): void {
  const cpu = ctx.cpu;
  const size = d.opsize;
  const bits = size * 8;
  let bit: number;
  let a = -1;
  if (bitReg < 0) {
    bit = d.imm & (bits - 1);
    if (d.mod !== 3) a = ea(cpu, d);
  } else {
    const off = getReg(cpu, bitReg, size, d.rex);
    bit = off & (bits - 1);
    if (d.mod !== 3) {
      // Signed offset divided by the operand width, scaled to bytes.
      const signed = size === 8
        ? (cpu.hi | 0) * TWO32 + off
        : size === 4
        ? off | 0
        : (off << 16) >> 16;
      a = ea(cpu, d) + Math.floor(signed / bits) * size;
      if (d.adsize === 4) a = ((a % TWO32) + TWO32) % TWO32;
      else if (a < 0) a += TWO64;
      else if (a >= TWO64) a -= TWO64;
    }
  }
  const v = a < 0 ? getReg(cpu, d.rm, size, d.rex) : readMem(ctx, a, size);
  let vh = size === 8 ? cpu.hi : 0;
  let lo = v;
  const inHi = bit >= 32;
  const m = 1 << (bit & 31);
  const cf = ((inHi ? vh : v) >>> (bit & 31)) & 1;
  if (op !== 0) {
    let w = inHi ? vh : lo;
    w = op === 1 ? w | m : op === 2 ? w & ~m : w ^ m;
    if (inHi) vh = w >>> 0;
    else lo = w >>> 0;
    if (a < 0) setReg(cpu, d.rm, size, d.rex, lo, vh);
    else writeMem(ctx, a, size, lo, vh);
  }
  setFlagsDirect(cpu, (getArithFlags(cpu) & ~CF) | cf);
}

defAll(MAP_0F, 0xa3, (ctx, d) => bitTest(ctx, d, 0, d.reg));
defAll(MAP_0F, 0xab, (ctx, d) => bitTest(ctx, d, 1, d.reg));
defAll(MAP_0F, 0xb3, (ctx, d) => bitTest(ctx, d, 2, d.reg));
defAll(MAP_0F, 0xbb, (ctx, d) => bitTest(ctx, d, 3, d.reg));
defAll(MAP_0F, 0xba, (ctx, d) => {
  const op = d.reg & 7;
  if (op < 4) undefinedOpcode();
  bitTest(ctx, d, op - 4, -1);
});

/** Trailing zeros of a non-zero 32-bit value. */
function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/**
 * BSF (`reverse` false) / BSR. A zero source sets ZF and leaves the
 * destination untouched, upper half included; PF then reflects the source's
 * low byte (zero), otherwise the index found.
 */
function bitScan(ctx: Ctx, d: Insn, reverse: boolean): void {
  const cpu = ctx.cpu;
  const size = d.opsize;
  const v = readRm(ctx, d, size);
  const vh = size === 8 ? cpu.hi : 0;
  if ((v | vh) === 0) {
    setFlagsDirect(cpu, ZF | PF);
    return;
  }
  let idx: number;
  if (reverse) idx = vh !== 0 ? 63 - Math.clz32(vh) : 31 - Math.clz32(v);
  else idx = v !== 0 ? ctz32(v) : 32 + ctz32(vh);
  setReg(cpu, d.reg, size, d.rex, idx, 0);
  setFlagsDirect(cpu, szpFlags(1, idx, 0) & PF);
}

/** TZCNT (`leading` false) / LZCNT: CF = source was zero, ZF = count is zero, OF kept. */
function countZeros(ctx: Ctx, d: Insn, leading: boolean): void {
  const cpu = ctx.cpu;
  const size = d.opsize;
  const bits = size * 8;
  const v = readRm(ctx, d, size);
  const vh = size === 8 ? cpu.hi : 0;
  let n: number;
  if ((v | vh) === 0) n = bits;
  else if (leading) {
    n = size === 8 ? (vh !== 0 ? Math.clz32(vh) : 32 + Math.clz32(v)) : Math.clz32(v) - (32 - bits);
  } else n = v !== 0 ? ctz32(v) : 32 + ctz32(vh);
  setReg(cpu, d.reg, size, d.rex, n, 0);
  const of = getArithFlags(cpu) & OF;
  setFlagsDirect(cpu, of | (n === bits ? CF : 0) | (n === 0 ? ZF : 0));
}

/** Set bits in a 32-bit value. */
function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** POPCNT: ZF = source was zero, other arithmetic flags cleared. */
function popcnt(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu;
  const v = readRm(ctx, d, d.opsize);
  const n = popcount32(v) + (d.opsize === 8 ? popcount32(cpu.hi) : 0);
  setReg(cpu, d.reg, d.opsize, d.rex, n, 0);
  setFlagsDirect(cpu, n === 0 ? ZF : 0);
}

// F3 selects TZCNT/LZCNT/POPCNT; the other prefix classes keep the legacy meaning
// (B8 without F3 is JMPE, which is #UD in 64-bit mode: left unregistered).
for (const pfx of [PFX_NONE, PFX_66, PFX_F2]) {
  defPfx(MAP_0F, 0xbc, pfx, (ctx, d) => bitScan(ctx, d, false));
  defPfx(MAP_0F, 0xbd, pfx, (ctx, d) => bitScan(ctx, d, true));
}
defPfx(MAP_0F, 0xbc, PFX_F3, (ctx, d) => countZeros(ctx, d, false));
defPfx(MAP_0F, 0xbd, PFX_F3, (ctx, d) => countZeros(ctx, d, true));
defPfx(MAP_0F, 0xb8, PFX_F3, popcnt);
