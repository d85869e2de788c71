/**
 * Integer ALU instructions: ADD/OR/ADC/SBB/AND/SUB/XOR/CMP in all encodings
 * (00-3D, group 1), TEST, INC/DEC, the flag instructions (CMC/CLC/STC/CLD/STD,
 * SAHF/LAHF) and the accumulator sign extensions (CBW family, CWD family).
 *
 * Memory-destination forms store the result before touching the flags: if the
 * store faults, the instruction must leave no architectural trace.
 * @module
 */

import { AF, CC, CF, type Cpu, DF, OF, PF, SF, ZF } from "../cpu.ts";
import { add64, sub64 } from "../alu64.ts";
import { undefinedOpcode } from "../fault.ts";
import {
  getArithFlags,
  getCF,
  PARITY,
  setCC,
  setFlagsDirect,
  setLogic,
  sizeMask,
} from "../flags.ts";
import { defAll } from "../handlers.ts";
import {
  type Ctx,
  ea,
  getReg,
  readMem,
  readRm,
  readRmAt,
  rmAddr,
  setReg,
  signHi,
  writeMem,
  writeRmAt,
} from "../operands.ts";
import { type Insn, MAP_1B } from "../../decoder/insn.ts";

/** ALU operation kinds in encoding order: bits 3-5 of opcodes 00-3D and the /digit of group 1. */
export const ADD = 0, OR = 1, ADC = 2, SBB = 3, AND = 4, SUB = 5, XOR = 6, CMP = 7;

/**
 * Result of `a OP b` at `size` bytes without touching the flags (ADC/SBB read
 * CF). Operands are unsigned and masked to the size; the H halves are only
 * read for size 8. Returns the low half and leaves the high half in `cpu.hi`.
 */
export function aluResult(
  cpu: Cpu,
  kind: number,
  size: number,
  a: number,
  aH: number,
  b: number,
  bH: number,
): number {
  // Split by size so each half stays small enough for V8 to inline into the handlers.
  return size === 8 ? aluResult64(cpu, kind, a, aH, b, bH) : aluResultN(cpu, kind, size, a, b);
}

function aluResult64(cpu: Cpu, kind: number, a: number, aH: number, b: number, bH: number): number {
  switch (kind) {
    case ADD:
      return add64(cpu, a, aH, b, bH);
    case OR:
      cpu.hi = (aH | bH) >>> 0;
      return (a | b) >>> 0;
    case ADC: {
      const lo = a + b + getCF(cpu);
      cpu.hi = (aH + bH + (lo > 0xffffffff ? 1 : 0)) >>> 0;
      return lo >>> 0;
    }
    case SBB: {
      const lo = a - b - getCF(cpu);
      cpu.hi = (aH - bH - (lo < 0 ? 1 : 0)) >>> 0;
      return lo >>> 0;
    }
    case AND:
      cpu.hi = (aH & bH) >>> 0;
      return (a & b) >>> 0;
    case XOR:
      cpu.hi = (aH ^ bH) >>> 0;
      return (a ^ b) >>> 0;
    default:
      return sub64(cpu, a, aH, b, bH);
  }
}

function aluResultN(cpu: Cpu, kind: number, size: number, a: number, b: number): number {
  cpu.hi = 0;
  const m = size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff;
  switch (kind) {
    case ADD:
      return ((a + b) & m) >>> 0;
    case OR:
      return (a | b) >>> 0;
    case ADC:
      return ((a + b + getCF(cpu)) & m) >>> 0;
    case SBB:
      return ((a - b - getCF(cpu)) & m) >>> 0;
    case AND:
      return (a & b) >>> 0;
    case XOR:
      return (a ^ b) >>> 0;
    default:
      return ((a - b) & m) >>> 0;
  }
}

/**
 * Set the flags of `a OP b = r` (as computed by `aluResult`, before the flags
 * changed: ADC/SBB read the carry-in again).
 */
export function aluFlags(
  cpu: Cpu,
  kind: number,
  size: number,
  a: number,
  aH: number,
  b: number,
  bH: number,
  r: number,
  rH: number,
): void {
  if (kind === ADC || kind === SBB) {
    setFlagsDirect(cpu, carryChainFlags(cpu, kind === SBB, size, a, aH, b, bH, r, rH));
  } else if (kind === ADD || kind === SUB || kind === CMP) {
    // One setCC call site keeps this small enough to inline into every ALU handler.
    if (size !== 8) aH = bH = rH = 0;
    setCC(cpu, kind === ADD ? CC.Add : CC.Sub, size, a, aH, b, bH, r, rH);
  } else setLogic(cpu, size, r, size === 8 ? rH : 0);
}

/** `aluResult` then `aluFlags`, for destinations whose write cannot fault. */
export function alu(
  cpu: Cpu,
  kind: number,
  size: number,
  a: number,
  aH: number,
  b: number,
  bH: number,
): number {
  const r = aluResult(cpu, kind, size, a, aH, b, bH);
  const rH = cpu.hi;
  aluFlags(cpu, kind, size, a, aH, b, bH, r, rH);
  cpu.hi = rH;
  return r;
}

/** Eager flags of ADC (or SBB when `sub`), whose carry-in defeats the lazy Add/Sub rules. */
function carryChainFlags(
  cpu: Cpu,
  sub: boolean,
  size: number,
  a: number,
  aH: number,
  b: number,
  bH: number,
  r: number,
  rH: number,
): number {
  const c = getCF(cpu);
  let carry: boolean, sign: number, ovf: number;
  if (size === 8) {
    if (sub) {
      const lo = a - b - c;
      carry = aH - bH - (lo < 0 ? 1 : 0) < 0;
      ovf = ((aH ^ bH) & (aH ^ rH)) >>> 31;
    } else {
      const lo = a + b + c;
      carry = aH + bH + (lo > 0xffffffff ? 1 : 0) > 0xffffffff;
      ovf = ((aH ^ rH) & (bH ^ rH)) >>> 31;
    }
    sign = rH >>> 31;
  } else {
    const top = size * 8 - 1;
    if (sub) {
      carry = a - b - c < 0;
      ovf = (((a ^ b) & (a ^ r)) >>> top) & 1;
    } else {
      carry = a + b + c > sizeMask(size);
      ovf = (((a ^ r) & (b ^ r)) >>> top) & 1;
    }
    sign = (r >>> top) & 1;
  }
  return (carry ? CF : 0) | (PARITY[r & 0xff] << 2) | ((a ^ b ^ r) & AF) |
    ((r | rH) === 0 ? ZF : 0) | (sign << 7) | (ovf << 11);
}

/** 32-bit `kind` on register `n` with source `b`: the hot case, minus getReg/setReg's switches. */
function aluReg32(cpu: Cpu, kind: number, n: number, b: number): void {
  const r = cpu.r, i = 2 * n, a = r[i];
  const res = aluResultN(cpu, kind, 4, a, b);
  aluFlags(cpu, kind, 4, a, 0, b, 0, res, 0);
  if (kind !== CMP) {
    r[i] = res;
    r[i + 1] = 0;
  }
}

/** 64-bit `kind` on register `n` with source (b, bH). */
function aluReg64(cpu: Cpu, kind: number, n: number, b: number, bH: number): void {
  const r = cpu.r, i = 2 * n, a = r[i], aH = r[i + 1];
  const res = aluResult64(cpu, kind, a, aH, b, bH), resH = cpu.hi;
  aluFlags(cpu, kind, 8, a, aH, b, bH, res, resH);
  if (kind !== CMP) {
    r[i] = res;
    r[i + 1] = resH;
  }
}

/** Apply `kind` to the r/m operand with source (b, bH); CMP only reads it. */
function aluToRm(ctx: Ctx, d: Insn, kind: number, size: number, b: number, bH: number): void {
  const cpu = ctx.cpu;
  if (d.mod === 3) {
    const a = getReg(cpu, d.rm, size, d.rex);
    const r = alu(cpu, kind, size, a, cpu.hi, b, bH);
    if (kind !== CMP) setReg(cpu, d.rm, size, d.rex, r, cpu.hi);
    return;
  }
  const addr = ea(cpu, d);
  const a = readMem(ctx, addr, size);
  const aH = cpu.hi;
  const r = aluResult(cpu, kind, size, a, aH, b, bH);
  const rH = cpu.hi;
  if (kind !== CMP) writeMem(ctx, addr, size, r, rH);
  aluFlags(cpu, kind, size, a, aH, b, bH, r, rH);
}

/** 00/01 ... 38/39: OP r/m, reg. */
function aluRmReg(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu;
  const size = (d.byte & 1) === 0 ? 1 : d.opsize;
  if (d.mod === 3 && size >= 4) {
    const j = 2 * d.reg;
    if (size === 4) aluReg32(cpu, d.byte >> 3, d.rm, cpu.r[j]);
    else aluReg64(cpu, d.byte >> 3, d.rm, cpu.r[j], cpu.r[j + 1]);
    return;
  }
  const b = getReg(cpu, d.reg, size, d.rex);
  aluToRm(ctx, d, d.byte >> 3, size, b, cpu.hi);
}

/** 02/03 ... 3A/3B: OP reg, r/m. */
function aluRegRm(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu;
  const kind = d.byte >> 3;
  const size = (d.byte & 1) === 0 ? 1 : d.opsize;
  const b = readRm(ctx, d, size);
  if (size === 4) return aluReg32(cpu, kind, d.reg, b);
  if (size === 8) return aluReg64(cpu, kind, d.reg, b, cpu.hi);
  const a = getReg(cpu, d.reg, size, d.rex);
  const r = alu(cpu, kind, size, a, 0, b, 0);
  if (kind !== CMP) setReg(cpu, d.reg, size, d.rex, r, 0);
}

/** 04/05 ... 3C/3D: OP AL/eAX, imm. */
function aluAccImm(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu;
  const kind = d.byte >> 3;
  const size = (d.byte & 1) === 0 ? 1 : d.opsize;
  if (size === 4) return aluReg32(cpu, kind, 0, d.imm >>> 0);
  if (size === 8) return aluReg64(cpu, kind, 0, d.imm >>> 0, signHi(d.imm));
  const a = getReg(cpu, 0, size, false);
  const r = alu(cpu, kind, size, a, 0, (d.imm & sizeMask(size)) >>> 0, 0);
  if (kind !== CMP) setReg(cpu, 0, size, false, r, 0);
}

/** 80, 81, 83: group 1, OP r/m, imm (the decoder already sign-extended imm8/imm32). */
function aluGroup1(ctx: Ctx, d: Insn): void {
  const size = d.byte === 0x80 ? 1 : d.opsize;
  if (d.mod === 3 && size >= 4) {
    if (size === 4) aluReg32(ctx.cpu, d.reg & 7, d.rm, d.imm >>> 0);
    else aluReg64(ctx.cpu, d.reg & 7, d.rm, d.imm >>> 0, signHi(d.imm));
    return;
  }
  aluToRm(ctx, d, d.reg & 7, size, (d.imm & sizeMask(size)) >>> 0, signHi(d.imm));
}

/** Flags of TEST (an AND that only sets flags). */
function testFlags(cpu: Cpu, size: number, a: number, aH: number, b: number, bH: number): void {
  setLogic(cpu, size, (a & b) >>> 0, size === 8 ? (aH & bH) >>> 0 : 0);
}

/** INC (or DEC when `dec`) of the r/m operand; CF is preserved by the Inc/Dec lazy kinds. */
export function incDec(ctx: Ctx, d: Insn, size: number, dec: boolean): void {
  const cpu = ctx.cpu;
  if (d.mod === 3 && size >= 4) {
    const r = cpu.r, i = 2 * d.rm, a = r[i];
    if (size === 4) {
      const res = (dec ? a - 1 : a + 1) >>> 0;
      r[i] = res;
      r[i + 1] = 0;
      setCC(cpu, dec ? CC.Dec : CC.Inc, 4, a, 0, 1, 0, res, 0);
    } else {
      const aH = r[i + 1];
      const res = dec ? sub64(cpu, a, aH, 1, 0) : add64(cpu, a, aH, 1, 0);
      r[i] = res;
      r[i + 1] = cpu.hi;
      setCC(cpu, dec ? CC.Dec : CC.Inc, 8, a, aH, 1, 0, res, cpu.hi);
    }
    return;
  }
  const addr = rmAddr(ctx, d);
  const a = readRmAt(ctx, d, addr, size);
  let aH = 0, r: number, rH = 0;
  if (size === 8) {
    aH = cpu.hi;
    r = dec ? sub64(cpu, a, aH, 1, 0) : add64(cpu, a, aH, 1, 0);
    rH = cpu.hi;
  } else r = ((dec ? a - 1 : a + 1) & sizeMask(size)) >>> 0;
  writeRmAt(ctx, d, addr, size, r, rH);
  setCC(cpu, dec ? CC.Dec : CC.Inc, size, a, aH, 1, 0, r, rH);
}

for (let kind = 0; kind < 8; kind++) {
  const base = kind << 3;
  defAll(MAP_1B, base, aluRmReg);
  defAll(MAP_1B, base + 1, aluRmReg);
  defAll(MAP_1B, base + 2, aluRegRm);
  defAll(MAP_1B, base + 3, aluRegRm);
  defAll(MAP_1B, base + 4, aluAccImm);
  defAll(MAP_1B, base + 5, aluAccImm);
}
defAll(MAP_1B, 0x80, aluGroup1);
defAll(MAP_1B, 0x81, aluGroup1);
defAll(MAP_1B, 0x83, aluGroup1);

// TEST r/m, reg (84, 85) and TEST AL/eAX, imm (A8, A9).
defAll(MAP_1B, 0x84, (ctx, d) => {
  const a = readRm(ctx, d, 1);
  testFlags(ctx.cpu, 1, a, 0, getReg(ctx.cpu, d.reg, 1, d.rex), 0);
});
defAll(MAP_1B, 0x85, (ctx, d) => {
  const cpu = ctx.cpu, size = d.opsize;
  const a = readRm(ctx, d, size), aH = cpu.hi;
  const b = getReg(cpu, d.reg, size, d.rex);
  testFlags(cpu, size, a, aH, b, cpu.hi);
});
defAll(MAP_1B, 0xa8, (ctx, d) => testFlags(ctx.cpu, 1, ctx.cpu.r[0] & 0xff, 0, d.imm & 0xff, 0));
defAll(MAP_1B, 0xa9, (ctx, d) => {
  const cpu = ctx.cpu, size = d.opsize;
  const a = getReg(cpu, 0, size, false);
  testFlags(cpu, size, a, cpu.hi, (d.imm & sizeMask(size)) >>> 0, signHi(d.imm));
});

// FE: INC/DEC r/m8 (FF, which mixes in CALL/JMP/PUSH, is registered in control.ts).
defAll(MAP_1B, 0xfe, (ctx, d) => {
  const op = d.reg & 7;
  if (op > 1) undefinedOpcode();
  incDec(ctx, d, 1, op === 1);
});

// Carry and direction flag instructions.
defAll(MAP_1B, 0xf5, (ctx) => setFlagsDirect(ctx.cpu, getArithFlags(ctx.cpu) ^ CF));
defAll(MAP_1B, 0xf8, (ctx) => setFlagsDirect(ctx.cpu, getArithFlags(ctx.cpu) & ~CF));
defAll(MAP_1B, 0xf9, (ctx) => setFlagsDirect(ctx.cpu, getArithFlags(ctx.cpu) | CF));
defAll(MAP_1B, 0xfc, (ctx) => {
  ctx.cpu.flagsOther &= ~DF;
});
defAll(MAP_1B, 0xfd, (ctx) => {
  ctx.cpu.flagsOther |= DF;
});

// SAHF loads SF ZF AF PF CF from AH (OF kept); LAHF stores them with bit 1 set.
const SAHF_MASK = SF | ZF | AF | PF | CF;
defAll(MAP_1B, 0x9e, (ctx) => {
  const cpu = ctx.cpu;
  setFlagsDirect(cpu, (getArithFlags(cpu) & OF) | ((cpu.r[0] >>> 8) & SAHF_MASK));
});
defAll(MAP_1B, 0x9f, (ctx) => {
  const cpu = ctx.cpu;
  const ah = (getArithFlags(cpu) & SAHF_MASK) | 2;
  cpu.r[0] = (cpu.r[0] & 0xffff00ff) | (ah << 8);
});

// 98: CBW / CWDE / CDQE sign-extend the lower half of the accumulator into all of it.
defAll(MAP_1B, 0x98, (ctx, d) => {
  const r = ctx.cpu.r;
  if (d.opsize === 2) r[0] = (r[0] & 0xffff0000) | (((r[0] << 24) >> 24) & 0xffff);
  else if (d.opsize === 4) {
    r[0] = (r[0] << 16) >> 16;
    r[1] = 0;
  } else r[1] = signHi(r[0]);
});

// 99: CWD / CDQ / CQO fill rDX with the accumulator's sign.
defAll(MAP_1B, 0x99, (ctx, d) => {
  const r = ctx.cpu.r;
  if (d.opsize === 2) r[4] = (r[4] & 0xffff0000) | ((r[0] & 0x8000) !== 0 ? 0xffff : 0);
  else if (d.opsize === 4) {
    r[4] = signHi(r[0]);
    r[5] = 0;
  } else r[4] = r[5] = signHi(r[1]);
});
