/**
 * Data movement: MOV (all forms), MOVSXD, MOVZX/MOVSX, LEA, XCHG, PUSH/POP,
 * PUSHF/POPF, CMOVcc, SETcc, XADD, CMPXCHG, CMPXCHG8B/16B, BSWAP and the
 * NOP/hint-NOP space.
 *
 * Stack operations write or read memory before committing RSP, so a faulting
 * access leaves the registers as they were.
 * @module
 */

import { type Cpu, reg64Num, RSP, setReg64Num, ZF } from "../cpu.ts";
import { generalProtection, undefinedOpcode } from "../fault.ts";
import { cond, getArithFlags, getRflags, setFlagsDirect, setRflags } from "../flags.ts";
import { defAll } from "../handlers.ts";
import {
  type Ctx,
  ea,
  getReg,
  pop64,
  push64,
  readMem,
  readRm,
  readRmAt,
  rmAddr,
  setReg,
  signHi,
  writeMem,
  writeRm,
  writeRmAt,
} from "../operands.ts";
import { type Insn, MAP_0F, MAP_1B, SEG_FS, SEG_GS } from "../../decoder/insn.ts";
import { ADD, aluFlags, aluResult, CMP } from "./alu.ts";

// ---- MOV ---------------------------------------------------------------------

// The 32/64-bit forms index the register array directly: they are the most frequent
// instructions there are, and getReg/setReg's size switches cost as much as the move.

/** 88/89: MOV r/m, reg. */
function movRmReg(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu, r = cpu.r;
  const size = d.byte === 0x88 ? 1 : d.opsize;
  if (size >= 4) {
    const j = 2 * d.reg;
    if (d.mod !== 3) writeMem(ctx, ea(cpu, d), size, r[j], r[j + 1]);
    else {
      const i = 2 * d.rm;
      r[i] = r[j];
      r[i + 1] = size === 8 ? r[j + 1] : 0;
    }
    return;
  }
  const v = getReg(cpu, d.reg, size, d.rex);
  if (d.mod === 3) setReg(cpu, d.rm, size, d.rex, v, 0);
  else writeMem(ctx, ea(cpu, d), size, v, 0);
}

/** 8A/8B: MOV reg, r/m. */
function movRegRm(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu, r = cpu.r;
  const size = d.byte === 0x8a ? 1 : d.opsize;
  if (size >= 4) {
    const j = 2 * d.reg;
    if (d.mod !== 3) {
      r[j] = readMem(ctx, ea(cpu, d), size);
      r[j + 1] = size === 8 ? cpu.hi : 0;
    } else {
      const i = 2 * d.rm;
      r[j] = r[i];
      r[j + 1] = size === 8 ? r[i + 1] : 0;
    }
    return;
  }
  setReg(cpu, d.reg, size, d.rex, readRm(ctx, d, size), 0);
}

/** Selector values Linux gives a 64-bit process: ES, CS, SS, DS, FS, GS. */
const SELECTORS = [0, 0x33, 0x2b, 0, 0, 0];

/**
 * Absolute address of a moffs operand (A0-A3): the offset has the address size
 * and the segment base is added to it untruncated.
 */
function moffsAddr(cpu: Cpu, d: Insn): number {
  const off = d.adsize === 8 ? d.immHi * 4294967296 + d.imm : d.imm;
  return d.seg === SEG_FS ? off + cpu.fsBase : d.seg === SEG_GS ? off + cpu.gsBase : off;
}

defAll(MAP_1B, 0x88, movRmReg);
defAll(MAP_1B, 0x89, movRmReg);
defAll(MAP_1B, 0x8a, movRegRm);
defAll(MAP_1B, 0x8b, movRegRm);
// 8C: MOV r/m, Sreg. A register destination takes the operand size; memory always gets 16 bits.
defAll(MAP_1B, 0x8c, (ctx, d) => {
  const sreg = d.reg & 7;
  if (sreg > 5) undefinedOpcode();
  if (d.mod === 3) setReg(ctx.cpu, d.rm, d.opsize, d.rex, SELECTORS[sreg], 0);
  else writeMem(ctx, ea(ctx.cpu, d), 2, SELECTORS[sreg], 0);
});
defAll(MAP_1B, 0xa0, (ctx, d) => {
  setReg(ctx.cpu, 0, 1, false, ctx.mem.read8(moffsAddr(ctx.cpu, d)), 0);
});
defAll(MAP_1B, 0xa1, (ctx, d) => {
  const v = readMem(ctx, moffsAddr(ctx.cpu, d), d.opsize);
  setReg(ctx.cpu, 0, d.opsize, false, v, ctx.cpu.hi);
});
defAll(MAP_1B, 0xa2, (ctx, d) => ctx.mem.write8(moffsAddr(ctx.cpu, d), ctx.cpu.r[0] & 0xff));
defAll(MAP_1B, 0xa3, (ctx, d) => {
  const v = getReg(ctx.cpu, 0, d.opsize, false);
  writeMem(ctx, moffsAddr(ctx.cpu, d), d.opsize, v, ctx.cpu.hi);
});

/** B0-B7: MOV r8, imm8. */
function movReg8Imm(ctx: Ctx, d: Insn): void {
  setReg(ctx.cpu, d.rm, 1, d.rex, d.imm, 0);
}

/** B8-BF: MOV reg, imm16/32/64 (imm32 comes with immHi = 0, which clears bits 32-63). */
function movRegImm(ctx: Ctx, d: Insn): void {
  const r = ctx.cpu.r, i = 2 * d.rm;
  if (d.opsize === 2) r[i] = (r[i] & 0xffff0000) | (d.imm & 0xffff);
  else {
    r[i] = d.imm;
    r[i + 1] = d.immHi;
  }
}

for (let i = 0; i < 8; i++) {
  defAll(MAP_1B, 0xb0 + i, movReg8Imm);
  defAll(MAP_1B, 0xb8 + i, movRegImm);
}

// C6 /0, C7 /0: MOV r/m, imm (imm32 sign-extends to 64 bits). Other /digits are
// XABORT/XBEGIN, undefined without RTM.
defAll(MAP_1B, 0xc6, (ctx, d) => {
  if ((d.reg & 7) !== 0) undefinedOpcode();
  writeRm(ctx, d, 1, d.imm & 0xff, 0);
});
defAll(MAP_1B, 0xc7, (ctx, d) => {
  if ((d.reg & 7) !== 0) undefinedOpcode();
  const size = d.opsize;
  writeRm(ctx, d, size, size === 2 ? d.imm & 0xffff : d.imm >>> 0, signHi(d.imm));
});

// 63: MOVSXD. Without REX.W it is a plain 32-bit (or, with 66, 16-bit) move.
defAll(MAP_1B, 0x63, (ctx, d) => {
  const size = d.opsize;
  const v = readRm(ctx, d, size === 8 ? 4 : size);
  setReg(ctx.cpu, d.reg, size, d.rex, v, signHi(v));
});

// 0F B6/B7: MOVZX; 0F BE/BF: MOVSX.
defAll(MAP_0F, 0xb6, (ctx, d) => setReg(ctx.cpu, d.reg, d.opsize, d.rex, readRm(ctx, d, 1), 0));
defAll(MAP_0F, 0xb7, (ctx, d) => setReg(ctx.cpu, d.reg, d.opsize, d.rex, readRm(ctx, d, 2), 0));
defAll(MAP_0F, 0xbe, (ctx, d) => {
  const v = (readRm(ctx, d, 1) << 24) >> 24;
  setReg(ctx.cpu, d.reg, d.opsize, d.rex, (d.opsize === 2 ? v & 0xffff : v) >>> 0, signHi(v));
});
defAll(MAP_0F, 0xbf, (ctx, d) => {
  const v = (readRm(ctx, d, 2) << 16) >> 16;
  setReg(ctx.cpu, d.reg, d.opsize, d.rex, v >>> 0, signHi(v));
});

// ---- LEA ---------------------------------------------------------------------

// 8D: LEA. Computed on halves (ea() returns a double, inexact above 2^53, and adds segment
// bases, which LEA ignores); the address size truncates first, then the operand size.
defAll(MAP_1B, 0x8d, (ctx, d) => {
  if (d.mod === 3) undefinedOpcode();
  const r = ctx.cpu.r;
  // A RIP-relative disp is an absolute address and may exceed 32 bits.
  let lo = d.disp >>> 0;
  let hi = d.disp < 0 ? 0xffffffff : Math.floor(d.disp / 4294967296);
  if (d.base >= 0) {
    lo += r[2 * d.base];
    hi += r[2 * d.base + 1];
  }
  if (d.index >= 0) {
    lo += r[2 * d.index] * d.scale;
    hi += r[2 * d.index + 1] * d.scale;
  }
  hi = d.adsize === 4 ? 0 : (hi + Math.floor(lo / 4294967296)) >>> 0;
  setReg(ctx.cpu, d.reg, d.opsize, d.rex, lo >>> 0, hi);
});

// ---- XCHG and NOP ------------------------------------------------------------

/** 86/87: XCHG r/m, reg (memory read and write happen before the register changes). */
function xchgRm(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu;
  const size = d.byte === 0x86 ? 1 : d.opsize;
  const v = getReg(cpu, d.reg, size, d.rex), vH = cpu.hi;
  const addr = rmAddr(ctx, d);
  const m = readRmAt(ctx, d, addr, size), mH = cpu.hi;
  writeRmAt(ctx, d, addr, size, v, vH);
  setReg(cpu, d.reg, size, d.rex, m, mH);
}

/**
 * 90-97: XCHG rAX, reg. Plain 90 (also 66 90, 48 90, F3 90 = PAUSE) is a true
 * NOP, without the zero-extension of XCHG EAX, EAX; but 41 90 is XCHG with R8.
 */
function xchgAcc(ctx: Ctx, d: Insn): void {
  const n = d.rm;
  if (n === 0) return;
  const cpu = ctx.cpu, size = d.opsize;
  const a = getReg(cpu, 0, size, false), aH = cpu.hi;
  const v = getReg(cpu, n, size, d.rex);
  setReg(cpu, 0, size, false, v, cpu.hi);
  setReg(cpu, n, size, d.rex, a, aH);
}

defAll(MAP_1B, 0x86, xchgRm);
defAll(MAP_1B, 0x87, xchgRm);
for (let i = 0; i < 8; i++) defAll(MAP_1B, 0x90 + i, xchgAcc);

/** Hint NOPs: 0F 0D (PREFETCHW), 0F 18-1F (prefetches, NOP r/m, ENDBR64, inert MPX/CET). */
const nop = (): void => {};
defAll(MAP_0F, 0x0d, (_ctx, d) => {
  if (d.mod === 3) undefinedOpcode();
});
for (let b = 0x18; b <= 0x1f; b++) defAll(MAP_0F, b, nop);

// ---- stack -------------------------------------------------------------------

/** Push a 16-bit value (66-prefixed PUSH). */
function push16(ctx: Ctx, v: number): void {
  const sp = reg64Num(ctx.cpu, RSP) - 2;
  ctx.mem.write16(sp, v);
  setReg64Num(ctx.cpu, RSP, sp);
}

/** Pop a 16-bit value (66-prefixed POP). */
function pop16(ctx: Ctx): number {
  const sp = reg64Num(ctx.cpu, RSP);
  const v = ctx.mem.read16(sp);
  setReg64Num(ctx.cpu, RSP, sp + 2);
  return v;
}

/** Push `size` (2 or 8) bytes; the value is truncated for 16-bit pushes. */
function push(ctx: Ctx, size: number, lo: number, hi: number): void {
  if (size === 2) push16(ctx, lo & 0xffff);
  else push64(ctx, lo, hi);
}

/** Stack operand size: 64 bits unless a 66 prefix makes it 16 (no 32-bit push in long mode). */
function stackSize(d: Insn): number {
  return d.opsize === 2 ? 2 : 8;
}

/** FF /6: PUSH r/m (the operand is read with RSP before the push). */
export function pushRm(ctx: Ctx, d: Insn): void {
  const size = stackSize(d);
  const v = readRm(ctx, d, size);
  push(ctx, size, v, ctx.cpu.hi);
}

/** 50-57: PUSH reg. */
function pushReg(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu;
  if (d.opsize === 2) push16(ctx, cpu.r[2 * d.rm] & 0xffff);
  else push64(ctx, cpu.r[2 * d.rm], cpu.r[2 * d.rm + 1]);
}

/** 58-5F: POP reg (POP RSP loads the popped value, overriding the increment). */
function popReg(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu;
  if (d.opsize === 2) setReg(cpu, d.rm, 2, true, pop16(ctx), 0);
  else {
    const lo = pop64(ctx);
    cpu.r[2 * d.rm] = lo;
    cpu.r[2 * d.rm + 1] = cpu.hi;
  }
}

for (let i = 0; i < 8; i++) {
  defAll(MAP_1B, 0x50 + i, pushReg);
  defAll(MAP_1B, 0x58 + i, popReg);
}
// 68/6A: PUSH imm (sign-extended to 64 bits, or 16 bits with 66).
const pushImm = (ctx: Ctx, d: Insn): void => push(ctx, stackSize(d), d.imm >>> 0, signHi(d.imm));
defAll(MAP_1B, 0x68, pushImm);
defAll(MAP_1B, 0x6a, pushImm);

// 8F /0: POP r/m. A memory destination is addressed with RSP already incremented (matters
// for [rsp+...]), but RSP is committed only once the store has succeeded.
defAll(MAP_1B, 0x8f, (ctx, d) => {
  if ((d.reg & 7) !== 0) undefinedOpcode();
  const cpu = ctx.cpu;
  const size = stackSize(d);
  const sp = reg64Num(cpu, RSP);
  const v = readMem(ctx, sp, size), vH = cpu.hi;
  setReg64Num(cpu, RSP, sp + size);
  if (d.mod === 3) {
    setReg(cpu, d.rm, size, d.rex, v, vH);
    return;
  }
  const addr = ea(cpu, d);
  setReg64Num(cpu, RSP, sp);
  writeMem(ctx, addr, size, v, vH);
  setReg64Num(cpu, RSP, sp + size);
});

// 9C/9D: PUSHF/POPF. The 16-bit POPF leaves the upper flag bits (AC, ID) as they are.
defAll(MAP_1B, 0x9c, (ctx, d) => push(ctx, stackSize(d), getRflags(ctx.cpu), 0));
defAll(MAP_1B, 0x9d, (ctx, d) => {
  const cpu = ctx.cpu;
  if (d.opsize === 2) setRflags(cpu, (getRflags(cpu) & 0xffff0000) | pop16(ctx));
  else setRflags(cpu, pop64(ctx));
});

// ---- conditional moves and sets ------------------------------------------------

// 0F 40-4F: CMOVcc. The source is read (and may fault) even when the condition is false,
// and a 32-bit destination is zero-extended either way.
function cmov(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu;
  const v = readRm(ctx, d, d.opsize), vH = cpu.hi;
  if (cond(cpu, d.byte & 15)) setReg(cpu, d.reg, d.opsize, d.rex, v, vH);
  else if (d.opsize === 4) cpu.r[2 * d.reg + 1] = 0;
}

/** 0F 90-9F: SETcc r/m8. */
function setcc(ctx: Ctx, d: Insn): void {
  writeRm(ctx, d, 1, cond(ctx.cpu, d.byte & 15) ? 1 : 0, 0);
}

for (let cc = 0; cc < 16; cc++) {
  defAll(MAP_0F, 0x40 + cc, cmov);
  defAll(MAP_0F, 0x90 + cc, setcc);
}

// ---- atomics -------------------------------------------------------------------

// 0F C0/C1: XADD r/m, reg: reg gets the old destination, the destination the sum (written
// last, so XADD r, r with the same register leaves the sum).
function xadd(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu;
  const size = d.byte === 0xc0 ? 1 : d.opsize;
  const addr = rmAddr(ctx, d);
  const a = readRmAt(ctx, d, addr, size), aH = size === 8 ? cpu.hi : 0;
  const b = getReg(cpu, d.reg, size, d.rex), bH = size === 8 ? cpu.hi : 0;
  const r = aluResult(cpu, ADD, size, a, aH, b, bH), rH = cpu.hi;
  if (addr >= 0) writeMem(ctx, addr, size, r, rH);
  setReg(cpu, d.reg, size, d.rex, a, aH);
  if (addr < 0) setReg(cpu, d.rm, size, d.rex, r, rH);
  aluFlags(cpu, ADD, size, a, aH, b, bH, r, rH);
}

// 0F B0/B1: CMPXCHG r/m, reg. Flags are those of CMP accumulator, destination. A memory
// destination is always written (with its old value on failure), as on hardware; a register
// destination is left untouched on failure, while the accumulator is loaded (zero-extended).
function cmpxchg(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu;
  const size = d.byte === 0xb0 ? 1 : d.opsize;
  const addr = rmAddr(ctx, d);
  const m = readRmAt(ctx, d, addr, size), mH = size === 8 ? cpu.hi : 0;
  const acc = getReg(cpu, 0, size, false), accH = size === 8 ? cpu.hi : 0;
  const equal = m === acc && mH === accH;
  if (equal) {
    const s = getReg(cpu, d.reg, size, d.rex);
    writeRmAt(ctx, d, addr, size, s, cpu.hi);
  } else {
    if (addr >= 0) writeMem(ctx, addr, size, m, mH);
    setReg(cpu, 0, size, false, m, mH);
  }
  const diff = aluResult(cpu, CMP, size, acc, accH, m, mH);
  aluFlags(cpu, CMP, size, acc, accH, m, mH, diff, cpu.hi);
}

defAll(MAP_0F, 0xc0, xadd);
defAll(MAP_0F, 0xc1, xadd);
defAll(MAP_0F, 0xb0, cmpxchg);
defAll(MAP_0F, 0xb1, cmpxchg);

// 0F C7 /1: CMPXCHG8B m64 / CMPXCHG16B m128 (REX.W; #GP unless 16-byte aligned). Only ZF
// changes. As with CMPXCHG the memory is written back on failure and rDX:rAX loaded.
// Other /digits (RDRAND, RDSEED, ...) are not offered by our CPU.
defAll(MAP_0F, 0xc7, (ctx, d) => {
  if ((d.reg & 7) !== 1 || d.mod === 3) undefinedOpcode();
  const cpu = ctx.cpu, r = cpu.r, mem = ctx.mem;
  const addr = ea(cpu, d);
  let equal: boolean;
  if (d.rexW) {
    if (addr % 16 !== 0) generalProtection();
    const lo = mem.read64(addr), loH = mem.hi;
    const hi = mem.read64(addr + 8), hiH = mem.hi;
    equal = lo === r[0] && loH === r[1] && hi === r[4] && hiH === r[5];
    if (equal) {
      mem.write64(addr, r[6], r[7]);
      mem.write64(addr + 8, r[2], r[3]);
    } else {
      mem.write64(addr, lo, loH);
      mem.write64(addr + 8, hi, hiH);
      r[0] = lo, r[1] = loH, r[4] = hi, r[5] = hiH;
    }
  } else {
    const lo = mem.read64(addr), hi = mem.hi;
    equal = lo === r[0] && hi === r[4];
    if (equal) mem.write64(addr, r[6], r[2]);
    else {
      mem.write64(addr, lo, hi);
      r[0] = lo, r[1] = 0, r[4] = hi, r[5] = 0;
    }
  }
  const f = getArithFlags(cpu);
  setFlagsDirect(cpu, equal ? f | ZF : f & ~ZF);
});

// ---- BSWAP ---------------------------------------------------------------------

/** Reverse the bytes of a 32-bit value. */
function swap32(v: number): number {
  return ((v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24)) >>> 0;
}

// 0F C8-CF: BSWAP reg. The 16-bit form is undefined by the manuals; CPUs clear the low word.
function bswap(ctx: Ctx, d: Insn): void {
  const r = ctx.cpu.r, i = 2 * d.rm;
  if (d.opsize === 8) {
    const lo = r[i];
    r[i] = swap32(r[i + 1]);
    r[i + 1] = swap32(lo);
  } else if (d.opsize === 4) {
    r[i] = swap32(r[i]);
    r[i + 1] = 0;
  } else r[i] &= 0xffff0000;
}

for (let i = 0; i < 8; i++) defAll(MAP_0F, 0xc8 + i, bswap);
