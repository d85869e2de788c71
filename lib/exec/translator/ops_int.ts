/**
 * Specialised emitters for the common integer instructions: MOV family, LEA,
 * ALU (ADD OR AND SUB XOR CMP, TEST), INC/DEC, shifts by a constant,
 * CMOVcc/SETcc, PUSH/POP, LEAVE, sign extensions of the accumulator, and the
 * control transfers (Jcc, JMP, CALL, RET, indirect CALL/JMP). Each mirrors
 * the interpreter handler of the same instruction (ops/*.ts), including
 * the order "all memory accesses, then register and flag updates".
 * Forms left out here (LOCK prefixes, 16-bit stack operations, ADC/SBB, ...)
 * run through the handler.
 * @module
 */

import { type Insn, MAP_0F, MAP_1B } from "../../decoder/insn.ts";
import { CC } from "../cpu.ts";
import { generalProtection } from "../fault.ts";
import { szpFlags } from "../ops/shift.ts";
import { imul64Overflows } from "../ops/muldiv.ts";
import { carryOf, type Emitter, halves, num } from "./emitter.ts";
import { Flow } from "./trace.ts";
import { KILLS, memFx, type OpSpec, PARTIAL, READS, specAll } from "./spec.ts";

const ADD = 0, AND = 4, SUB = 5, CMP = 7;
/** JS operator of the bitwise kinds OR, AND, XOR by kind number. */
const BITWISE = ["", "|", "", "", "&", "", "^"];

const maskOf = (size: number): number => size === 1 ? 0xff : size === 2 ? 0xffff : 0xffffffff;

/** Read the r/m operand into expressions [lo, hi] (hi "0" below size 8). */
function readRm(e: Emitter, d: Insn, size: number): [string, string] {
  if (d.mod === 3) return [e.reg(d.rm, size, d.rex), size === 8 ? e.hi(d.rm) : "0"];
  e.addr(d);
  const v = e.tmp(), vh = size === 8 ? e.tmp() : "0";
  e.load(size, v, vh);
  return [v, vh];
}

/** Write the r/m operand (memory: address computed here). */
function writeRm(e: Emitter, d: Insn, size: number, lo: string, hi: string): void {
  if (d.mod === 3) e.setReg(d.rm, size, d.rex, lo, hi);
  else {
    e.addr(d);
    e.store(size, lo, hi);
  }
}

/** `a kind b` into fresh temporaries (ADD, OR, AND, SUB/CMP, XOR). */
function aluValue(
  e: Emitter,
  kind: number,
  size: number,
  a: string,
  ah: string,
  b: string,
  bh: string,
): [string, string] {
  const r = e.tmp();
  if (size === 8) {
    const rh = e.tmp();
    switch (kind) {
      case ADD:
        e.emit(`${r}=${a}+${b};${rh}=(${ah}+${bh}+(${r}>4294967295?1:0))>>>0;${r}=${r}>>>0;`);
        break;
      case SUB:
      case CMP:
        e.emit(`${r}=${a}-${b};${rh}=(${ah}-${bh}-(${r}<0?1:0))>>>0;${r}=${r}>>>0;`);
        break;
      default: {
        const o = BITWISE[kind];
        e.emit(`${r}=(${a}${o}${b})>>>0;${rh}=(${ah}${o}${bh})>>>0;`);
      }
    }
    return [r, rh];
  }
  const m = size === 4 ? ">>>0" : `&${maskOf(size)}`;
  switch (kind) {
    case ADD:
      e.emit(`${r}=(${a}+${b})${m};`);
      break;
    case SUB:
    case CMP:
      e.emit(`${r}=(${a}-${b})${m};`);
      break;
    default: {
      e.emit(`${r}=(${a}${BITWISE[kind]}${b})>>>0;`);
    }
  }
  return [r, "0"];
}

/** Flags of an ALU result (call after the last memory access, before register writes). */
function aluFlags(
  e: Emitter,
  kind: number,
  size: number,
  a: string,
  ah: string,
  b: string,
  bh: string,
  r: string,
  rh: string,
): void {
  if (kind === ADD || kind === SUB || kind === CMP) {
    e.setFlags(kind === ADD ? CC.Add : CC.Sub, size, a, ah, b, bh, r, rh);
  } else e.setFlags(CC.Logic, size, "0", "0", "0", "0", r, rh);
}

/** `kind` with the r/m operand as destination and (b, bh) as source. */
function aluToRm(e: Emitter, d: Insn, kind: number, size: number, b: string, bh: string): void {
  if (d.mod === 3) {
    const a = e.reg(d.rm, size, d.rex), ah = size === 8 ? e.hi(d.rm) : "0";
    const [r, rh] = aluValue(e, kind, size, a, ah, b, bh);
    aluFlags(e, kind, size, a, ah, b, bh, r, rh);
    if (kind !== CMP) e.setReg(d.rm, size, d.rex, r, rh);
    return;
  }
  e.addr(d);
  const a = e.tmp(), ah = size === 8 ? e.tmp() : "0";
  e.load(size, a, ah);
  const [r, rh] = aluValue(e, kind, size, a, ah, b, bh);
  if (kind !== CMP) e.store(size, r, rh);
  aluFlags(e, kind, size, a, ah, b, bh, r, rh);
}

/** An immediate as [lo, hi] constants of `size` (sign-extended to 64 bits for size 8). */
function immOf(imm: number, size: number): [string, string] {
  if (size === 8) {
    const [l, h] = halves(imm);
    return [num(l), num(h)];
  }
  return [num((imm & maskOf(size)) >>> 0), "0"];
}

const isAluKind = (k: number): boolean => k !== 2 && k !== 3;

// 00-3D: OP r/m,reg / OP reg,r/m / OP acc,imm for the kinds above (ADC, SBB: handler). LOCK
// changes nothing here: guest threads interleave between whole instructions, so every
// read-modify-write is atomic (the decoder makes LOCK on anything else #UD).
const aluSpec: OpSpec = {
  ok: (d) => isAluKind(d.byte >> 3),
  fx: (d) => KILLS | memFx(d),
  emit(e, d) {
    const kind = d.byte >> 3, form = d.byte & 7;
    const size = (form & 1) === 0 ? 1 : d.opsize;
    if (form <= 1) {
      const b = e.reg(d.reg, size, d.rex), bh = size === 8 ? e.hi(d.reg) : "0";
      aluToRm(e, d, kind, size, b, bh);
      return;
    }
    let b: string, bh: string, dst: number, rex: boolean;
    if (form <= 3) {
      [b, bh] = readRm(e, d, size);
      dst = d.reg;
      rex = d.rex;
    } else {
      [b, bh] = immOf(d.imm, size);
      dst = 0;
      rex = false;
    }
    const a = e.reg(dst, size, rex), ah = size === 8 ? e.hi(dst) : "0";
    const [r, rh] = aluValue(e, kind, size, a, ah, b, bh);
    aluFlags(e, kind, size, a, ah, b, bh, r, rh);
    if (kind !== CMP) e.setReg(dst, size, rex, r, rh);
  },
};
for (let kind = 0; kind < 8; kind++) {
  for (let form = 0; form < 6; form++) specAll(MAP_1B, (kind << 3) + form, aluSpec);
}

// 80, 81, 83: group 1 with an immediate.
const group1Spec: OpSpec = {
  ok: (d) => isAluKind(d.reg & 7),
  fx: (d) => KILLS | memFx(d),
  emit(e, d) {
    const size = d.byte === 0x80 ? 1 : d.opsize;
    const [b, bh] = immOf(d.imm, size);
    aluToRm(e, d, d.reg & 7, size, b, bh);
  },
};
specAll(MAP_1B, 0x80, group1Spec);
specAll(MAP_1B, 0x81, group1Spec);
specAll(MAP_1B, 0x83, group1Spec);

// 84/85 TEST r/m, reg; A8/A9 TEST acc, imm.
const testSpec: OpSpec = {
  ok: () => true,
  fx: (d) => KILLS | memFx(d),
  emit(e, d) {
    const size = (d.byte & 1) === 0 ? 1 : d.opsize;
    let a: string, ah: string, b: string, bh: string;
    if (d.byte >= 0xa8) {
      a = e.reg(0, size, false);
      ah = size === 8 ? e.hi(0) : "0";
      [b, bh] = immOf(d.imm, size);
    } else {
      [a, ah] = readRm(e, d, size);
      b = e.reg(d.reg, size, d.rex);
      bh = size === 8 ? e.hi(d.reg) : "0";
    }
    const [r, rh] = aluValue(e, AND, size, a, ah, b, bh);
    aluFlags(e, AND, size, a, ah, b, bh, r, rh);
  },
};
for (const b of [0x84, 0x85, 0xa8, 0xa9]) specAll(MAP_1B, b, testSpec);

// ---- moves ------------------------------------------------------------------------------

// 88/89 MOV r/m, reg; 8A/8B MOV reg, r/m.
const movSpec: OpSpec = {
  ok: () => true,
  fx: memFx,
  emit(e, d) {
    const size = (d.byte & 1) === 0 ? 1 : d.opsize;
    if (d.byte <= 0x89) {
      const v = e.reg(d.reg, size, d.rex), vh = size === 8 ? e.hi(d.reg) : "0";
      writeRm(e, d, size, v, vh);
    } else {
      const [v, vh] = readRm(e, d, size);
      e.setReg(d.reg, size, d.rex, v, vh);
    }
  },
};
for (const b of [0x88, 0x89, 0x8a, 0x8b]) specAll(MAP_1B, b, movSpec);

// B0-B7 MOV r8, imm8; B8-BF MOV reg, imm (imm64 with REX.W: immHi).
const movImmRegSpec: OpSpec = {
  ok: () => true,
  fx: () => 0,
  emit(e, d) {
    if (d.byte < 0xb8) e.setReg(d.rm, 1, d.rex, num(d.imm & 0xff), "0");
    else if (d.opsize === 2) e.setReg(d.rm, 2, d.rex, num(d.imm & 0xffff), "0");
    else e.setReg(d.rm, 8, d.rex, num(d.imm >>> 0), num(d.immHi >>> 0));
  },
};
for (let i = 0; i < 16; i++) specAll(MAP_1B, 0xb0 + i, movImmRegSpec);

// C6 /0, C7 /0: MOV r/m, imm (other /digits: handler, #UD).
const movImmRmSpec: OpSpec = {
  ok: (d) => (d.reg & 7) === 0,
  fx: memFx,
  emit(e, d) {
    const size = d.byte === 0xc6 ? 1 : d.opsize;
    const [v, vh] = immOf(d.imm, size);
    writeRm(e, d, size, v, vh);
  },
};
specAll(MAP_1B, 0xc6, movImmRmSpec);
specAll(MAP_1B, 0xc7, movImmRmSpec);

// 8D LEA: computed on halves; the address size truncates first, then the operand size.
specAll(MAP_1B, 0x8d, {
  ok: (d) => d.mod !== 3,
  fx: () => 0,
  emit(e, d) {
    const [dl, dh] = halves(d.disp);
    let lo = num(dl), hi = num(dh);
    if (d.base >= 0) {
      lo += `+${e.lo(d.base)}`;
      hi += `+${e.hi(d.base)}`;
    }
    if (d.index >= 0) {
      const m = d.scale === 1 ? "" : `*${d.scale}`;
      lo += `+${e.lo(d.index)}${m}`;
      hi += `+${e.hi(d.index)}${m}`;
    }
    const t = e.tmp(), th = e.tmp();
    if (d.adsize === 4 || d.opsize !== 8) e.emit(`${t}=(${lo})>>>0;`);
    else {
      // The displacement's halves are unsigned, so the sums are non-negative (below 2^36).
      e.emit(`${t}=${lo};${th}=(${hi}+((${t}/4294967296)|0))>>>0;${t}=${t}>>>0;`);
    }
    e.setReg(d.reg, d.opsize, d.rex, t, d.adsize === 4 ? "0" : th);
  },
});

// 63 MOVSXD (without REX.W a plain move).
specAll(MAP_1B, 0x63, {
  ok: () => true,
  fx: memFx,
  emit(e, d) {
    const size = d.opsize;
    const [v] = readRm(e, d, size === 8 ? 4 : size);
    const t = e.tmp();
    if (size === 8) e.emit(`${t}=(${v}>>31)>>>0;`);
    e.setReg(d.reg, size, d.rex, v, size === 8 ? t : "0");
  },
});

// 0F B6/B7 MOVZX, 0F BE/BF MOVSX.
const movxSpec: OpSpec = {
  ok: () => true,
  fx: memFx,
  emit(e, d) {
    const src = (d.byte & 1) === 0 ? 1 : 2;
    const [v] = readRm(e, d, src);
    if (d.byte <= 0xb7) {
      e.setReg(d.reg, d.opsize, d.rex, v, "0");
      return;
    }
    const sh = src === 1 ? 24 : 16;
    const s = e.tmp(), lo = e.tmp(), hi = e.tmp();
    e.emit(`${s}=(${v}<<${sh})>>${sh};${lo}=${s}>>>0;${hi}=(${s}>>31)>>>0;`);
    e.setReg(d.reg, d.opsize, d.rex, lo, hi);
  },
};
for (const b of [0xb6, 0xb7, 0xbe, 0xbf]) specAll(MAP_0F, b, movxSpec);

// 98: CWDE / CDQE; 99: CDQ / CQO (16-bit forms: handler).
specAll(MAP_1B, 0x98, {
  ok: (d) => d.opsize !== 2,
  fx: () => 0,
  emit(e, d) {
    const a = e.lo(0);
    if (d.opsize === 4) e.setReg(0, 4, false, `((${a}<<16)>>16)>>>0`, "0");
    else e.setHalf(1, `(${a}>>31)>>>0`);
  },
});
specAll(MAP_1B, 0x99, {
  ok: (d) => d.opsize !== 2,
  fx: () => 0,
  emit(e, d) {
    if (d.opsize === 4) e.setReg(2, 4, false, `(${e.lo(0)}>>31)>>>0`, "0");
    else {
      const t = e.tmp();
      e.emit(`${t}=(${e.hi(0)}>>31)>>>0;`);
      e.setReg(2, 8, false, t, t);
    }
  },
});

// NOPs: 90 (not XCHG with R8), 0F 18-1F hint NOPs.
const nopSpec: OpSpec = { ok: (d) => d.map !== MAP_1B || d.rm === 0, fx: () => 0, emit() {} };
specAll(MAP_1B, 0x90, nopSpec);
for (let b = 0x18; b <= 0x1f; b++) specAll(MAP_0F, b, nopSpec);

// ---- INC / DEC ---------------------------------------------------------------------------

/** INC (or DEC) of the r/m operand; CF is carried over from the previous flags. */
function incDec(e: Emitter, d: Insn, size: number, dec: boolean): void {
  const [a, ah] = readRm(e, d, size);
  let r: string, rh: string;
  if (size === 8) [r, rh] = aluValue(e, dec ? SUB : ADD, 8, a, ah, "1", "0");
  else {
    r = e.tmp();
    rh = "0";
    e.emit(`${r}=(${a}${dec ? "-" : "+"}1)${size === 4 ? ">>>0" : `&${maskOf(size)}`};`);
  }
  if (d.mod !== 3) e.store(size, r, rh);
  if (!e.deadFlags[e.k]) {
    const c = e.cf();
    e.emit(`fc=${c};`);
  }
  e.setFlags(dec ? CC.Dec : CC.Inc, size, a, ah, "1", "0", r, rh);
  if (d.mod === 3) e.setReg(d.rm, size, d.rex, r, rh);
}

specAll(MAP_1B, 0xfe, {
  ok: (d) => (d.reg & 7) <= 1,
  fx: (d) => PARTIAL | memFx(d),
  emit: (e, d) => incDec(e, d, 1, (d.reg & 7) === 1),
});

// ---- shifts by a constant ---------------------------------------------------------------

/** Emit SHL/SHR/SAR (`op` 4/5/7) of (v, vh) by constant `c` into temps; returns [r, rh, cf, of]. */
function shiftValue(
  e: Emitter,
  op: number,
  size: number,
  v: string,
  vh: string,
  c: number,
): [string, string, string, string] {
  const r = e.tmp(), rh = size === 8 ? e.tmp() : "0";
  let cf: string;
  if (size === 4) {
    if (op === 4) {
      e.emit(`${r}=(${v}<<${c})>>>0;`);
      cf = `((${v}>>>${32 - c})&1)`;
    } else {
      e.emit(op === 5 ? `${r}=${v}>>>${c};` : `${r}=((${v}|0)>>${c})>>>0;`);
      cf = `((${v}>>>${c - 1})&1)`;
    }
  } else if (op === 4) {
    if (c < 32) {
      e.emit(`${rh}=((${vh}<<${c})|(${v}>>>${32 - c}))>>>0;${r}=(${v}<<${c})>>>0;`);
      cf = `((${vh}>>>${32 - c})&1)`;
    } else {
      e.emit(`${rh}=(${v}<<${c - 32})>>>0;${r}=0;`);
      cf = c === 32 ? `(${vh}&1)` : `((${v}>>>${64 - c})&1)`;
    }
  } else {
    const fill = op === 7 ? `((${vh}|0)>>31)>>>0` : "0";
    if (c < 32) {
      const h = op === 7 ? `((${vh}|0)>>${c})>>>0` : `${vh}>>>${c}`;
      e.emit(`${r}=((${v}>>>${c})|(${vh}<<${32 - c}))>>>0;${rh}=${h};`);
      cf = `((${v}>>>${c - 1})&1)`;
    } else if (c === 32) {
      e.emit(`${r}=${vh};${rh}=${fill};`);
      cf = `(${v}>>>31)`;
    } else {
      const l = op === 7 ? `((${vh}|0)>>${c - 32})>>>0` : `${vh}>>>${c - 32}`;
      e.emit(`${r}=${l};${rh}=${fill};`);
      cf = `((${vh}>>>${c - 33})&1)`;
    }
  }
  const top = size === 8 ? rh : r;
  const of = op === 4
    ? `((${top}>>>31)^${cf})`
    : op === 5
    ? `(((${top}>>>31)^(${top}>>>30))&1)`
    : "0";
  return [r, rh, cf, of];
}

/** Operand size and masked constant count of a group-2 shift/rotate by 1 or imm8. */
function group2Count(d: Insn): [number, number] {
  const size = (d.byte & 1) === 0 ? 1 : d.opsize;
  const c = (d.byte >= 0xd0 ? 1 : d.imm) & (size === 8 ? 63 : 31);
  return [size, c];
}

/**
 * SHL/SHR/SAR (`op` 4/5/7) of a byte or word by constant c (1..31, possibly
 * beyond the width) into a temp, with CF and OF as the handler computes them.
 */
function shiftSmall(
  e: Emitter,
  op: number,
  size: number,
  v: string,
  c: number,
): [string, string, string] {
  const bits = size * 8, mask = maskOf(size), r = e.tmp();
  let cf: string;
  if (op === 4) {
    e.emit(`${r}=(${v}<<${c})&${mask};`);
    cf = c <= bits ? `((${v}>>>${bits - c})&1)` : "0";
  } else if (op === 5) {
    e.emit(`${r}=${v}>>>${c};`);
    cf = c <= bits ? `((${v}>>>${c - 1})&1)` : "0";
  } else {
    const sx = `((${v}<<${32 - bits})>>${32 - bits})`;
    e.emit(`${r}=(${sx}>>${c})&${mask};`);
    cf = `((${sx}>>${Math.min(c - 1, 31)})&1)`;
  }
  const msb = `((${r}>>>${bits - 1})&1)`;
  const of = op === 4 ? `(${msb}^${cf})` : op === 5 ? `(${msb}^((${r}>>>${bits - 2})&1))` : "0";
  return [r, cf, of];
}

const shiftSpec: OpSpec = {
  ok(d) {
    const [, c] = group2Count(d);
    return !d.lock && c !== 0 && (d.reg & 7) >= 4;
  },
  fx: (d) => KILLS | memFx(d),
  emit(e, d) {
    const [size, c] = group2Count(d);
    const op = (d.reg & 7) === 6 ? 4 : d.reg & 7;
    const [v, vh] = readRm(e, d, size);
    let r: string, rh: string, cf: string, of: string;
    if (size >= 4) [r, rh, cf, of] = shiftValue(e, op, size, v, vh, c);
    else {
      [r, cf, of] = shiftSmall(e, op, size, v, c);
      rh = "0";
    }
    if (d.mod !== 3) e.store(size, r, rh);
    e.setEflags(`${e.constant(szpFlags)}(${size},${r},${rh})|16|${cf}|(${of}<<11)`);
    if (d.mod === 3) e.setReg(d.rm, size, d.rex, r, rh);
  },
};

// ---- conditional moves and sets -----------------------------------------------------------

// 0F 40-4F CMOVcc: the source is always read; a 32-bit destination is zero-extended either way.
const cmovSpec: OpSpec = {
  ok: () => true,
  fx: () => READS,
  emit(e, d) {
    const size = d.opsize;
    const [v, vh] = readRm(e, d, size);
    const c = e.tmp();
    e.emit(`${c}=${e.cond(d.byte & 15)};`);
    const lo = e.tmp(), hi = e.tmp();
    const old = e.reg(d.reg, size, d.rex);
    e.emit(`${lo}=${c}?${v}:${old};`);
    if (size === 8) e.emit(`${hi}=${c}?${vh}:${e.hi(d.reg)};`);
    e.setReg(d.reg, size, d.rex, lo, size === 8 ? hi : "0");
  },
};
// 0F 90-9F SETcc r/m8.
const setccSpec: OpSpec = {
  ok: () => true,
  fx: () => READS,
  emit(e, d) {
    const c = e.tmp();
    e.emit(`${c}=${e.cond(d.byte & 15)}?1:0;`);
    writeRm(e, d, 1, c, "0");
  },
};
for (let cc = 0; cc < 16; cc++) {
  specAll(MAP_0F, 0x40 + cc, cmovSpec);
  specAll(MAP_0F, 0x90 + cc, setccSpec);
}

// ---- stack ------------------------------------------------------------------------------

/** RSP += delta (after the accesses). */
function addRsp(e: Emitter, delta: number): void {
  const lo = e.lo(4), hi = e.hi(4);
  e.emit(`ad=${lo}+${num(delta)};`);
  e.setHalf(9, `(${hi}+${carryOf("ad", delta)})>>>0`);
  e.setHalf(8, "ad>>>0");
}

/** Push a 64-bit value; RSP is committed after the store. */
function push64(e: Emitter, lo: string, hi: string): void {
  e.stackAddr(-8);
  e.store(8, lo, hi);
  e.setHalf(8, "al");
  e.setHalf(9, "ah");
}

// 50-57 PUSH reg, 58-5F POP reg (16-bit forms: handler). POP RSP keeps the popped value.
const pushSpec: OpSpec = {
  ok: (d) => d.opsize !== 2,
  fx: () => READS,
  emit(e, d) {
    const v = e.tmp(), vh = e.tmp();
    e.emit(`${v}=${e.lo(d.rm)};${vh}=${e.hi(d.rm)};`);
    push64(e, v, vh);
  },
};
const popSpec: OpSpec = {
  ok: (d) => d.opsize !== 2,
  fx: () => READS,
  emit(e, d) {
    const v = e.tmp(), vh = e.tmp();
    e.stackAddr(0);
    e.load(8, v, vh);
    addRsp(e, 8);
    e.setReg(d.rm, 8, true, v, vh);
  },
};
for (let i = 0; i < 8; i++) {
  specAll(MAP_1B, 0x50 + i, pushSpec);
  specAll(MAP_1B, 0x58 + i, popSpec);
}

// 68/6A PUSH imm.
const pushImmSpec: OpSpec = {
  ok: (d) => d.opsize !== 2,
  fx: () => READS,
  emit(e, d) {
    const [l, h] = halves(d.imm);
    push64(e, num(l), num(h));
  },
};
specAll(MAP_1B, 0x68, pushImmSpec);
specAll(MAP_1B, 0x6a, pushImmSpec);

// C9 LEAVE: load [RBP] first, then RSP = RBP + 8, RBP = loaded value.
specAll(MAP_1B, 0xc9, {
  ok: (d) => d.opsize !== 2,
  fx: () => READS,
  emit(e) {
    const v = e.tmp(), vh = e.tmp();
    const lo = e.lo(5), hi = e.hi(5);
    e.emit(`al=${lo};ah=${hi};`);
    e.load(8, v, vh);
    e.emit(`ad=${lo}+8;`);
    e.setHalf(9, `(${hi}+${carryOf("ad", 8)})>>>0`);
    e.setHalf(8, "ad>>>0");
    e.setHalf(10, v);
    e.setHalf(11, vh);
  },
});

// ---- control transfers --------------------------------------------------------------------

/** Raise #GP unless the 64-bit target whose high half is `hi` is canonical. */
function checkCanonical(e: Emitter, hi: string): void {
  e.emit(`if(((${hi}+32768)>>>0)>65535)${e.constant(generalProtection)}();`);
}

/** Jcc: a side exit (or the loop edge) when taken; over a trap (Flow.CondTaken), when not taken. */
const jccSpec: OpSpec = {
  ok: () => true,
  fx: () => READS,
  emit(e, d) {
    if (e.trace.flow[e.k] === Flow.CondTaken) {
      e.emit(`if(!(${e.cond(d.byte & 15)})){${e.jumpTo(d.addr + d.len)}}`);
    } else e.emit(`if(${e.cond(d.byte & 15)}){${e.jumpTo(d.target)}}`);
  },
};
for (let cc = 0; cc < 16; cc++) {
  specAll(MAP_1B, 0x70 + cc, jccSpec);
  specAll(MAP_0F, 0x80 + cc, jccSpec);
}

/** After a direct JMP/CALL: continue in the trace, loop, or leave for the target. */
function afterJump(e: Emitter, d: Insn): void {
  const f = e.trace.flow[e.k];
  if (f === Flow.Loop || f === Flow.Jump) e.emit(e.jumpTo(d.target));
}

const jmpSpec: OpSpec = { ok: () => true, fx: () => 0, emit: afterJump };
specAll(MAP_1B, 0xe9, jmpSpec);
specAll(MAP_1B, 0xeb, jmpSpec);

specAll(MAP_1B, 0xe8, {
  ok: () => true,
  fx: () => READS,
  emit(e, d) {
    const [l, h] = halves(d.addr + d.len);
    push64(e, num(l), num(h));
    afterJump(e, d);
  },
});

// C3 RET, C2 RET imm16.
const retSpec: OpSpec = {
  ok: () => true,
  fx: () => READS,
  emit(e, d) {
    const v = e.tmp(), vh = e.tmp();
    e.stackAddr(0);
    e.load(8, v, vh);
    checkCanonical(e, vh);
    addRsp(e, 8 + d.imm);
    e.emit(e.exitDynamic(`${vh}*4294967296+${v}`));
  },
};
specAll(MAP_1B, 0xc3, retSpec);
specAll(MAP_1B, 0xc2, retSpec);

// FF: /0 INC, /1 DEC, /2 CALL r/m64, /4 JMP r/m64 (others: handler).
specAll(MAP_1B, 0xff, {
  ok(d) {
    const r = d.reg & 7;
    return r <= 2 || r === 4;
  },
  fx: (d) => ((d.reg & 7) <= 1 ? PARTIAL | memFx(d) : READS),
  emit(e, d) {
    const r = d.reg & 7;
    if (r <= 1) {
      incDec(e, d, d.opsize, r === 1);
      return;
    }
    const [v, vh] = readRm(e, d, 8);
    const t = e.tmp(), th = e.tmp();
    e.emit(`${t}=${v};${th}=${vh};`);
    checkCanonical(e, th);
    if (r === 2) {
      const [l, h] = halves(d.addr + d.len);
      push64(e, num(l), num(h));
    }
    e.emit(e.exitDynamic(`${th}*4294967296+${t}`));
  },
});

// ---- group 3: TEST imm, NOT, NEG, MUL, IMUL, DIV, IDIV ----------------------------------

/** Flags of MUL/IMUL: CF = OF = `ovf`, the others kept (the reference machine's behaviour). */
function mulFlags(e: Emitter, ovf: string): void {
  if (e.deadFlags[e.k]) e.setEflags("0");
  else e.setEflags(`(${e.eflags()}&~2049)|(${ovf}?2049:0)`);
}

/**
 * Unsigned 32x32-bit product of `a` and `b` into temps [lo, hi], on 16-bit
 * halves so that every partial product is exact in a double.
 */
function mulU32(e: Emitter, a: string, b: string): [string, string] {
  const m = e.tmp(), l = e.tmp(), lo = e.tmp(), hi = e.tmp();
  e.emit(
    `${m}=(${a}>>>16)*(${b}&65535)+(${a}&65535)*(${b}>>>16);` +
      `${l}=(${a}&65535)*(${b}&65535)+(${m}&65535)*65536;${lo}=${l}>>>0;` +
      `${hi}=((${a}>>>16)*(${b}>>>16)+Math.floor(${m}/65536)+(${l}>4294967295?1:0))>>>0;`,
  );
  return [lo, hi];
}

/**
 * DIV/IDIV (`signed`) of EDX:EAX or RDX:RAX by (s, sh) where the quotient is
 * computable exactly on doubles (32-bit dividends and divisors); anything
 * else, including #DE, goes to the handler. Flags: CF OF kept, SF ZF PF
 * cleared, AF set.
 */
function divide(e: Emitter, size: number, signed: boolean, s: string, sh: string): void {
  const a = e.lo(0), dl = e.lo(2);
  const q = e.tmp(), r = e.tmp(), qh = e.tmp(), rh = e.tmp(), ok = e.tmp();
  let fast: string;
  if (size === 4) {
    fast = signed
      ? `${ok}=${s}!==0&&${dl}===(${a}>>31)>>>0&&!(${a}===2147483648&&${s}===4294967295);` +
        `if(${ok}){${q}=Math.trunc((${a}|0)/(${s}|0));${r}=(${a}|0)-${q}*(${s}|0);}`
      : `${ok}=${s}!==0&&${dl}===0;if(${ok}){${q}=Math.floor(${a}/${s});${r}=${a}-${q}*${s};}`;
  } else {
    const ah = e.hi(0), dh = e.hi(2);
    // RDX:RAX is the (sign-)extension of a 32-bit value and the divisor fits 32 bits.
    fast = signed
      ? `${ok}=${s}!==0&&${sh}===(${s}>>31)>>>0&&${ah}===(${a}>>31)>>>0&&${dl}===${ah}&&` +
        `${dh}===${ah};if(${ok}){${q}=Math.trunc((${a}|0)/(${s}|0));${r}=(${a}|0)-${q}*(${s}|0);}`
      : `${ok}=${s}!==0&&${sh}===0&&${ah}===0&&${dl}===0&&${dh}===0;if(${ok}){` +
        `${q}=Math.floor(${a}/${s});${r}=${a}-${q}*${s};}`;
  }
  const f = e.deadFlags[e.k] ? "0" : `(${e.eflags()}&2049)|16`;
  e.emit(
    `${fast}if(${ok}){${qh}=${q}<0?4294967295:0;${rh}=${r}<0?4294967295:0;${q}=${q}>>>0;` +
      `${r}=${r}>>>0;fr=${f};}else{${e.handlerCall()}${q}=R[0];${qh}=R[1];${r}=R[4];${rh}=R[5];` +
      `fr=cpu.ccRes;}`,
  );
  e.fop = CC.Eflags;
  e.fsz = 4;
  e.setReg(0, size, false, q, qh);
  e.setReg(2, size, false, r, rh);
}

specAll(MAP_1B, 0xf6, {
  ok: (d) => (d.reg & 7) <= 3,
  fx: (d) => ((d.reg & 7) === 2 ? 0 : KILLS) | memFx(d),
  emit: (e, d) => group3(e, d, 1),
});
specAll(MAP_1B, 0xf7, {
  ok: (d) => (d.reg & 7) <= 3 || d.opsize === 4 || ((d.reg & 7) >= 6 && d.opsize === 8),
  fx(d) {
    const op = d.reg & 7;
    if (op >= 6) return READS;
    return (op === 2 ? 0 : op <= 3 ? KILLS : PARTIAL) | memFx(d);
  },
  emit: (e, d) => group3(e, d, d.opsize),
});

function group3(e: Emitter, d: Insn, size: number): void {
  const op = d.reg & 7;
  const [v, vh] = readRm(e, d, size);
  switch (op) {
    case 0:
    case 1: {
      const [b, bh] = immOf(d.imm, size);
      const [r, rh] = aluValue(e, AND, size, v, vh, b, bh);
      aluFlags(e, AND, size, v, vh, b, bh, r, rh);
      return;
    }
    case 2: {
      const r = e.tmp(), rh = e.tmp();
      e.emit(`${r}=(~${v})${size >= 4 ? ">>>0" : `&${maskOf(size)}`};${rh}=(~${vh})>>>0;`);
      if (d.mod === 3) e.setReg(d.rm, size, d.rex, r, rh);
      else e.store(size, r, rh);
      return;
    }
    case 3: {
      const [r, rh] = aluValue(e, SUB, size, "0", "0", v, vh);
      if (d.mod !== 3) e.store(size, r, rh);
      e.setFlags(CC.Sub, size, "0", "0", v, vh, r, rh);
      if (d.mod === 3) e.setReg(d.rm, size, d.rex, r, rh);
      return;
    }
    case 4:
    case 5: {
      const a = e.lo(0);
      const [lo, hi] = mulU32(e, a, v);
      if (op === 5) e.emit(`${hi}=(${hi}-(${a}>>>31?${v}:0)-(${v}>>>31?${a}:0))>>>0;`);
      mulFlags(e, op === 5 ? `${hi}!==((${lo}>>31)>>>0)` : `${hi}!==0`);
      e.setReg(0, 4, false, lo, "0");
      e.setReg(2, 4, false, hi, "0");
      return;
    }
    default: {
      const s = e.tmp(), sh = e.tmp();
      e.emit(`${s}=${v};${sh}=${vh};`);
      divide(e, size, op === 7, s, sh);
    }
  }
}

// 0F AF IMUL reg, r/m; 69/6B IMUL reg, r/m, imm (32-bit; 64-bit when the flags are dead).
const imulSpec: OpSpec = {
  ok: (d) => !d.lock && d.opsize !== 2,
  fx: (d) => PARTIAL | memFx(d),
  emit(e, d) {
    const size = d.opsize;
    const [b, bh] = readRm(e, d, size);
    let a: string, ah: string;
    if (d.byte === 0xaf) {
      a = e.reg(d.reg, size, d.rex);
      ah = size === 8 ? e.hi(d.reg) : "0";
    } else [a, ah] = immOf(d.imm, size);
    const lo = e.tmp();
    if (size === 4) {
      e.emit(`${lo}=Math.imul(${a},${b})>>>0;`);
      // The double product is exact when in range and stays out of range otherwise.
      mulFlags(e, `(${a}|0)*(${b}|0)!==(${lo}|0)`);
      e.setReg(d.reg, 4, d.rex, lo, "0");
      return;
    }
    const [pl, ph] = mulU32(e, a, b);
    const hi = e.tmp();
    e.emit(`${lo}=${pl};${hi}=(${ph}+Math.imul(${a},${bh})+Math.imul(${ah},${b}))>>>0;`);
    // Factors that are sign-extended 32-bit values cannot overflow (|product| < 2^62).
    const small = `${ah}===(${a}>>31)>>>0&&${bh}===(${b}>>31)>>>0`;
    const ovf = `!(${small})&&${e.constant(imul64Overflows)}(${a},${ah},${b},${bh})`;
    if (!e.deadFlags[e.k]) mulFlags(e, `(${ovf})`);
    else e.setEflags("0");
    e.setReg(d.reg, 8, d.rex, lo, hi);
  },
};
specAll(MAP_0F, 0xaf, imulSpec);
specAll(MAP_1B, 0x69, imulSpec);
specAll(MAP_1B, 0x6b, imulSpec);

// ---- rotates by a constant, shifts by CL ------------------------------------------------

/** ROL/ROR (`op` 0/1) of (v, vh) by constant c (1..bits-1) into temps; CF and OF expressions. */
function rotateValue(
  e: Emitter,
  op: number,
  size: number,
  v: string,
  vh: string,
  c: number,
): [string, string, string, string] {
  const r = e.tmp(), rh = size === 8 ? e.tmp() : "0";
  const left = op === 0 ? c : size * 8 - c;
  if (size === 4) e.emit(`${r}=((${v}<<${left})|(${v}>>>${32 - left}))>>>0;`);
  else {
    // 64-bit rotate left by `left`: swap halves for 32 and above.
    const [x, y, n] = left >= 32 ? [vh, v, left - 32] : [v, vh, left];
    if (n === 0) e.emit(`${r}=${x};${rh}=${y};`);
    else {
      e.emit(
        `${r}=((${x}<<${n})|(${y}>>>${32 - n}))>>>0;${rh}=((${y}<<${n})|(${x}>>>${32 - n}))>>>0;`,
      );
    }
  }
  const top = size === 8 ? rh : r;
  const msb = `(${top}>>>31)`;
  const cf = op === 0 ? `(${r}&1)` : msb;
  const of = op === 0 ? `(${msb}^${cf})` : `((${msb}^(${top}>>>30))&1)`;
  return [r, rh, cf, of];
}

const rotateSpec: OpSpec = {
  ok(d) {
    const [size, c] = group2Count(d);
    return !d.lock && size >= 4 && c !== 0 && (d.reg & 7) <= 1;
  },
  fx: (d) => PARTIAL | memFx(d),
  emit(e, d) {
    const [size, c] = group2Count(d);
    const op = d.reg & 7;
    const [v, vh] = readRm(e, d, size);
    const [r, rh, cf, of] = rotateValue(e, op, size, v, vh, c);
    if (d.mod !== 3) e.store(size, r, rh);
    if (e.deadFlags[e.k]) e.setEflags("0");
    else e.setEflags(`(${e.eflags()}&~2049)|${cf}|(${of}<<11)`);
    if (d.mod === 3) e.setReg(d.rm, size, d.rex, r, rh);
  },
};

/** C1/D1: shifts (shiftSpec) and rotates (rotateSpec) share the opcodes. */
const group2Spec: OpSpec = {
  ok: (d) => (d.reg & 7) <= 1 ? rotateSpec.ok(d) : shiftSpec.ok(d),
  fx: (d) => (d.reg & 7) <= 1 ? rotateSpec.fx(d) : shiftSpec.fx(d),
  emit: (e, d) => (d.reg & 7) <= 1 ? rotateSpec.emit(e, d) : shiftSpec.emit(e, d),
};
for (const b of [0xc0, 0xc1, 0xd0, 0xd1]) specAll(MAP_1B, b, group2Spec);

// D3: SHL/SHR/SAR r/m32, CL. A zero count leaves value and flags alone (the operand is
// still written back, so memory forms go to the handler).
specAll(MAP_1B, 0xd3, {
  ok: (d) => (d.opsize === 4 || d.opsize === 8) && d.mod === 3 && (d.reg & 7) >= 4,
  fx: () => PARTIAL,
  emit(e, d) {
    if (d.opsize === 8) {
      shiftCl64(e, d);
      return;
    }
    const op = (d.reg & 7) === 6 ? 4 : d.reg & 7;
    const v = e.lo(d.rm), c = e.tmp(), r = e.tmp(), f = e.tmp();
    e.emit(`${c}=${e.lo(1)}&31;`);
    const shifted = op === 4
      ? `(${v}<<${c})>>>0`
      : op === 5
      ? `${v}>>>${c}`
      : `((${v}|0)>>${c})>>>0`;
    const cf = op === 4 ? `((${v}>>>(32-${c}))&1)` : `((${v}>>>(${c}-1))&1)`;
    const of = op === 4 ? `((${r}>>>31)^${cf})` : op === 5 ? `(((${r}>>>31)^(${r}>>>30))&1)` : "0";
    const keep = e.deadFlags[e.k] ? "0" : e.eflags();
    e.emit(
      `if(${c}===0){${r}=${v};${f}=${keep};}else{${r}=${shifted};` +
        `${f}=${e.constant(szpFlags)}(4,${r},0)|16|${cf}|(${of}<<11);}`,
    );
    e.setEflags(f);
    e.setReg(d.rm, 4, d.rex, r, "0");
  },
});

/**
 * SHL/SHR/SAR of a 64-bit register by CL (masked to 6 bits; a zero count
 * keeps the flags), with the flags the constant-count emitter computes.
 */
function shiftCl64(e: Emitter, d: Insn): void {
  const op = (d.reg & 7) === 6 ? 4 : d.reg & 7;
  const v = e.tmp(), vh = e.tmp(), c = e.tmp(), k = e.tmp();
  const r = e.tmp(), rh = e.tmp(), cf = e.tmp(), f = e.tmp();
  e.emit(`${v}=${e.lo(d.rm)};${vh}=${e.hi(d.rm)};${c}=${e.lo(1)}&63;${k}=${c}-32;`);
  let lo: string, hi: string;
  if (op === 4) {
    lo = `${r}=(${v}<<${c})>>>0;${rh}=((${vh}<<${c})|(${v}>>>(32-${c})))>>>0;` +
      `${cf}=(${vh}>>>(32-${c}))&1;`;
    hi = `${r}=0;${rh}=(${v}<<${k})>>>0;${cf}=${c}===32?${vh}&1:(${v}>>>(64-${c}))&1;`;
  } else {
    const top = op === 7 ? `((${vh}|0)>>${c})>>>0` : `${vh}>>>${c}`;
    const fill = op === 7 ? `((${vh}|0)>>31)>>>0` : "0";
    const down = op === 7 ? `((${vh}|0)>>${k})>>>0` : `${vh}>>>${k}`;
    lo = `${r}=((${v}>>>${c})|(${vh}<<(32-${c})))>>>0;${rh}=${top};${cf}=(${v}>>>(${c}-1))&1;`;
    hi = `${r}=${down};${rh}=${fill};${cf}=${c}===32?${v}>>>31:(${vh}>>>(${k}-1))&1;`;
  }
  const of = op === 4 ? `((${rh}>>>31)^${cf})` : op === 5 ? `(((${rh}>>>31)^(${rh}>>>30))&1)` : "0";
  const keep = e.deadFlags[e.k] ? "0" : e.eflags();
  e.emit(
    `if(${c}===0){${r}=${v};${rh}=${vh};${f}=${keep};}else{if(${c}<32){${lo}}else{${hi}}` +
      `${f}=${e.constant(szpFlags)}(8,${r},${rh})|16|${cf}|(${of}<<11);}`,
  );
  e.setEflags(f);
  e.setReg(d.rm, 8, d.rex, r, rh);
}

// ---- XCHG -------------------------------------------------------------------------------

// 86/87 XCHG r/m, reg and 91-97 XCHG rAX, reg (90 with REX.B: handler): both operands are
// written (32-bit forms zero-extend both); a memory operand is loaded and stored first.
const xchgSpec: OpSpec = {
  ok: (d) => d.opsize !== 2,
  fx: memFx,
  emit(e, d) {
    const size = d.byte === 0x86 ? 1 : d.opsize;
    const short = d.byte >= 0x90;
    const a = e.tmp(), ah = e.tmp(), b = e.tmp(), bh = e.tmp();
    const other = short ? 0 : d.reg, rex = short ? true : d.rex;
    e.emit(`${b}=${e.reg(other, size, rex)};${bh}=${size === 8 ? e.hi(other) : "0"};`);
    if (!short && d.mod !== 3) {
      e.addr(d);
      e.load(size, a, ah);
      e.store(size, b, bh);
      e.setReg(other, size, rex, a, ah);
      return;
    }
    e.emit(`${a}=${e.reg(d.rm, size, d.rex)};${ah}=${size === 8 ? e.hi(d.rm) : "0"};`);
    e.setReg(d.rm, size, d.rex, b, bh);
    e.setReg(other, size, rex, a, ah);
  },
};
specAll(MAP_1B, 0x86, xchgSpec);
specAll(MAP_1B, 0x87, xchgSpec);
for (let i = 1; i < 8; i++) specAll(MAP_1B, 0x90 + i, xchgSpec);

// ---- ADC / SBB ------------------------------------------------------------------------

/** ADC (or SBB) of (a, ah) and (b, bh) with the current CF; eager flags. Returns [r, rh]. */
function carryOp(
  e: Emitter,
  sbb: boolean,
  size: number,
  a: string,
  ah: string,
  b: string,
  bh: string,
): [string, string] {
  const c = e.tmp(), r = e.tmp(), rh = e.tmp(), cy = e.tmp();
  e.emit(`${c}=${e.cf()};`);
  const o = sbb ? "-" : "+";
  if (size === 4) {
    e.emit(
      `${r}=${a}${o}${b}${o}${c};${cy}=${sbb ? `${r}<0` : `${r}>4294967295`}?1:0;${r}=${r}>>>0;`,
    );
  } else {
    e.emit(
      `${r}=${a}${o}${b}${o}${c};${rh}=${ah}${o}${bh}${o}(${
        sbb ? `${r}<0` : `${r}>4294967295`
      }?1:0);` +
        `${cy}=${sbb ? `${rh}<0` : `${rh}>4294967295`}?1:0;${r}=${r}>>>0;${rh}=${rh}>>>0;`,
    );
  }
  if (!e.deadFlags[e.k]) {
    const top = size === 8 ? rh : r, ta = size === 8 ? ah : a, tb = size === 8 ? bh : b;
    const ovf = sbb
      ? `(((${ta}^${tb})&(${ta}^${top}))>>>31)`
      : `(((${ta}^${top})&(${tb}^${top}))>>>31)`;
    const zero = size === 8 ? `(${r}|${rh})===0` : `${r}===0`;
    e.setEflags(
      `${cy}|(PT[${r}&255]<<2)|((${a}^${b}^${r})&16)|(${zero}?64:0)|((${top}>>>31)<<7)|(${ovf}<<11)`,
    );
  } else e.setEflags("0");
  return [r, size === 8 ? rh : "0"];
}

// 10-13 ADC, 18-1B SBB (r/m, reg and reg, r/m forms), 32- and 64-bit registers.
const carrySpec: OpSpec = {
  ok: (d) => !d.lock && d.mod === 3 && (d.byte & 1) === 1 && d.opsize !== 2,
  fx: () => READS | KILLS,
  emit(e, d) {
    const size = d.opsize, sbb = (d.byte >> 3) === 3;
    const [dst, src] = (d.byte & 2) === 0 ? [d.rm, d.reg] : [d.reg, d.rm];
    const a = e.lo(dst), ah = size === 8 ? e.hi(dst) : "0";
    const b = e.lo(src), bh = size === 8 ? e.hi(src) : "0";
    const [r, rh] = carryOp(e, sbb, size, a, ah, b, bh);
    e.setReg(dst, size, true, r, rh);
  },
};
for (const b of [0x11, 0x13, 0x19, 0x1b]) specAll(MAP_1B, b, carrySpec);

// ---- BT / BTS / BTR / BTC on registers ---------------------------------------------------

/** BTx (`op` 0-3) of register rm with bit offset expression `off`: only CF changes. */
function bitTest(e: Emitter, d: Insn, op: number, off: string): void {
  const size = d.opsize;
  const v = e.lo(d.rm), vh = size === 8 ? e.hi(d.rm) : "0";
  const b = e.tmp(), w = e.tmp(), cf = e.tmp();
  e.emit(
    `${b}=${off}&${size * 8 - 1};${w}=${size === 8 ? `${b}>=32?${vh}:${v}` : v};` +
      `${cf}=(${w}>>>(${b}&31))&1;`,
  );
  if (op !== 0) {
    const m = `(1<<(${b}&31))`;
    const nw = op === 1 ? `(${w}|${m})>>>0` : op === 2 ? `(${w}&~${m})>>>0` : `(${w}^${m})>>>0`;
    const lo = e.tmp(), hi = e.tmp();
    if (size === 8) e.emit(`${lo}=${b}>=32?${v}:${nw};${hi}=${b}>=32?${nw}:${vh};`);
    else e.emit(`${lo}=${nw};`);
    if (e.deadFlags[e.k]) e.setEflags("0");
    else e.setEflags(`(${e.eflags()}&~1)|${cf}`);
    e.setReg(d.rm, size, d.rex, lo, size === 8 ? hi : "0");
    return;
  }
  if (e.deadFlags[e.k]) e.setEflags("0");
  else e.setEflags(`(${e.eflags()}&~1)|${cf}`);
}

const btSpec: OpSpec = {
  ok: (d) => !d.lock && d.mod === 3 && d.opsize !== 2,
  fx: () => PARTIAL,
  emit(e, d) {
    const op = d.byte === 0xa3 ? 0 : d.byte === 0xab ? 1 : d.byte === 0xb3 ? 2 : 3;
    bitTest(e, d, op, e.lo(d.reg));
  },
};
for (const b of [0xa3, 0xab, 0xb3, 0xbb]) specAll(MAP_0F, b, btSpec);
// 0F BA /4-/7: BT/BTS/BTR/BTC r/m, imm8.
specAll(MAP_0F, 0xba, {
  ok: (d) => !d.lock && d.mod === 3 && d.opsize !== 2 && (d.reg & 7) >= 4,
  fx: () => PARTIAL,
  emit: (e, d) => bitTest(e, d, (d.reg & 7) - 4, num(d.imm & 255)),
});

// ---- CMPXCHG ----------------------------------------------------------------------------

// 0F B0/B1 CMPXCHG r/m, reg (musl's atomics: `lock cmpxchg`). As on hardware (and in the
// interpreter), a memory destination is always written, with its old value on failure; the
// flags are those of CMP accumulator, destination.
const cmpxchgSpec: OpSpec = {
  ok: (d) => d.opsize !== 2,
  fx: (d) => KILLS | memFx(d),
  emit(e, d) {
    const size = d.byte === 0xb0 ? 1 : d.opsize;
    // Halves a conditional write may change are loaded first, so both paths agree on the locals.
    const own = (n: number): number => size === 1 && !d.rex && n >= 4 && n < 8 ? n - 4 : n;
    e.lo(0);
    e.hi(0);
    if (d.mod === 3) {
      e.lo(own(d.rm));
      e.hi(own(d.rm));
    }
    const [m, mh] = readRm(e, d, size);
    const acc = e.reg(0, size, false), acch = size === 8 ? e.hi(0) : "0";
    const src = e.reg(d.reg, size, d.rex), srch = size === 8 ? e.hi(d.reg) : "0";
    const eq = e.tmp(), s = e.tmp(), sh = e.tmp(), o = e.tmp(), oh = e.tmp();
    e.emit(`${o}=${m};${oh}=${mh};${s}=${src};${sh}=${srch};${eq}=${o}===${acc}&&${oh}===${acch};`);
    if (d.mod !== 3) {
      const v = e.tmp(), vh = e.tmp();
      e.emit(`${v}=${eq}?${s}:${o};${vh}=${eq}?${sh}:${oh};`);
      e.store(size, v, vh);
    }
    const [r, rh] = aluValue(e, CMP, size, acc, acch, o, oh);
    aluFlags(e, CMP, size, acc, acch, o, oh, r, rh);
    if (d.mod === 3) {
      e.emit(`if(${eq}){`);
      e.setReg(d.rm, size, d.rex, s, sh);
      e.emit("}else{");
      e.setReg(0, size, false, o, oh);
      e.emit("}");
    } else {
      e.emit(`if(!${eq}){`);
      e.setReg(0, size, false, o, oh);
      e.emit("}");
    }
  },
};
specAll(MAP_0F, 0xb0, cmpxchgSpec);
specAll(MAP_0F, 0xb1, cmpxchgSpec);
