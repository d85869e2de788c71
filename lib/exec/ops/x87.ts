/**
 * x87 FPU instructions: escape opcodes D8-DF (memory and register forms,
 * including the undocumented register aliases) and FWAIT (9B).
 *
 * Each handler follows the same order so that faults stay precise: deliver a
 * pending unmasked exception (#MF), read memory operands, compute into the
 * rounding environment, write memory, and only then update the register stack
 * and status word. Unmasked IE/DE/ZE leave the destination (and the stack)
 * unchanged; unmasked OE/UE write the exponent-wrapped result to registers and
 * suppress memory stores, as the hardware does.
 * @module
 */

import type { Cpu } from "../cpu.ts";
import type { Insn } from "../../decoder/insn.ts";
import { defAll } from "../handlers.ts";
import { type Ctx, ea, setReg, sext } from "../operands.ts";
import { cond, setFlagsDirect } from "../flags.ts";
import { CF, PF, ZF } from "../cpu.ts";
import { undefinedOpcode } from "../fault.ts";
import {
  abs,
  add,
  C0,
  C1,
  C2,
  C3,
  classify,
  compare,
  DE,
  DENORMAL,
  div,
  Ext,
  extract,
  fromBcd,
  fromIeee,
  fromInt,
  IE,
  INDEFINITE,
  INF,
  mul,
  neg,
  NORMAL,
  OE,
  ONE,
  PE,
  POS_ZERO,
  QNAN,
  remainder,
  roundInt,
  scale,
  SF,
  signOf,
  SNAN,
  sqrt,
  toBcd,
  toIeee,
  toInt,
  UE,
  ZERO,
} from "../x87/float80.ts";
import {
  COS,
  f2xm1,
  fpatan,
  fyl2x,
  fyl2xp1,
  loadConstant,
  SIN,
  TAN,
  trigOp,
} from "../x87/transcendental.ts";
import {
  begin,
  checkPending,
  commit,
  env,
  envSize,
  free,
  isEmpty,
  loadControlWord,
  loadEnv,
  loadRegs,
  operand,
  overflow,
  pop,
  push,
  pushChecked,
  recordInsn,
  reset,
  setCC,
  setSt,
  st,
  statusWord,
  storeEnv,
  storeRegs,
  syncSummary,
  underflow,
} from "../x87/fpu.ts";

/** The 11-bit FOP: low three bits of the escape byte and the ModRM byte. */
function fop(d: Insn): number {
  return ((d.byte & 7) << 8) | (d.mod << 6) | ((d.reg & 7) << 3) | (d.rm & 7);
}

/** Start a waiting non-control instruction without a memory operand. */
function startReg(cpu: Cpu, d: Insn): void {
  begin(cpu);
  recordInsn(cpu, d.addr, fop(d), -1);
}

/** Would an unmasked exception among `mask` (raised so far) block the result? */
function blocked(cpu: Cpu, mask: number): boolean {
  return (env.flags & ~cpu.fpuCw & mask) !== 0;
}

// ---- memory operand formats ---------------------------------------------------

const M32 = 0, M64 = 1, I16 = 2, I32 = 3, I64 = 4;

/** Read a memory operand of the given format as an 80-bit value (no exceptions raised here). */
function readOperand(ctx: Ctx, a: number, fmt: number): Ext {
  const m = ctx.mem;
  switch (fmt) {
    case M32:
      return fromIeee(BigInt(m.read32(a)), 23, 8);
    case M64: {
      const lo = m.read64(a);
      return fromIeee((BigInt(m.hi) << 32n) | BigInt(lo), 52, 11);
    }
    case I16:
      return fromInt(BigInt(sext(m.read16(a), 2)));
    case I32:
      return fromInt(BigInt(m.read32(a) | 0));
    default: {
      const lo = m.read64(a);
      return fromInt(BigInt.asIntN(64, (BigInt(m.hi) << 32n) | BigInt(lo)));
    }
  }
}

// ---- arithmetic ------------------------------------------------------------------

/** The arithmetic of /0../7 (2 and 3 are compares) with `a` the destination operand. */
function arith(op: number, a: Ext, b: Ext): Ext {
  switch (op) {
    case 0:
      return add(env, a, b, false);
    case 1:
      return mul(env, a, b);
    case 4:
      return add(env, a, b, true);
    case 5:
      return add(env, b, a, true);
    case 6:
      return div(env, a, b);
    default:
      return div(env, b, a);
  }
}

/** ST(dst) = ST(dst) op src, optionally popping. */
function arithTo(cpu: Cpu, op: number, dst: number, src: Ext | null, popAfter: boolean): void {
  const a = operand(cpu, dst);
  if (a === null || src === null) {
    commit(cpu);
    return;
  }
  const r = env.flags & SF ? INDEFINITE : arith(op, a, src);
  if (commit(cpu)) return;
  setSt(cpu, dst, r);
  if (popAfter) pop(cpu);
}

/** Set C3/C2/C0 (and clear C1) from a compare result. */
function setCompareCC(cpu: Cpu, r: number): void {
  setCC(cpu, r === 2 ? C3 | C2 | C0 : r === 0 ? C3 : r < 0 ? C0 : 0);
}

/**
 * FCOM/FUCOM/FICOM/FTST family: compare ST(0) with `b`, set C3/C2/C0, then pop
 * `pops` times. The condition codes are written (unordered on a stack fault)
 * even when an exception is unmasked; only the pops are suppressed.
 */
function compareST0(cpu: Cpu, b: Ext | null, quiet: boolean, pops: number): void {
  const a = operand(cpu, 0);
  const r = a !== null && b !== null ? compare(env, a, b, quiet) : 2;
  const stop = commit(cpu);
  setCompareCC(cpu, r);
  if (!stop) { for (let i = 0; i < pops; i++) pop(cpu); }
}

/** FCOMI/FUCOMI(P): compare ST(0) with ST(i) into ZF/PF/CF (OF/SF/AF cleared). */
function compareEflags(cpu: Cpu, i: number, quiet: boolean, popAfter: boolean): void {
  const a = operand(cpu, 0);
  const b = operand(cpu, i);
  const r = a !== null && b !== null ? compare(env, a, b, quiet) : 2;
  const stop = commit(cpu);
  setFlagsDirect(cpu, r === 2 ? ZF | PF | CF : r === 0 ? ZF : r < 0 ? CF : 0);
  if (popAfter && !stop) pop(cpu);
}

/** Escape /r with a memory operand of format `fmt`: arithmetic and compares on ST(0). */
function memArith(ctx: Ctx, d: Insn, fmt: number): void {
  const cpu = ctx.cpu;
  begin(cpu);
  const a = ea(cpu, d);
  const b = readOperand(ctx, a, fmt);
  recordInsn(cpu, d.addr, fop(d), a);
  const op = d.reg & 7;
  if (op === 2 || op === 3) compareST0(cpu, b, false, op - 2);
  else arithTo(cpu, op, 0, b, false);
}

// ---- loads and stores ---------------------------------------------------------

/**
 * Push a loaded value. `convert` raises IE/DE for widened single/double
 * operands (SNaN is quieted); 80-bit and integer loads raise nothing.
 */
function load(cpu: Cpu, x: Ext, convert: boolean): void {
  if (isEmpty(cpu, 7) && convert) {
    const c = classify(x);
    if (c === SNAN) {
      env.flags |= IE;
      x = new Ext(x.se, x.sig | (1n << 62n));
    } else if (x.den) env.flags |= DE;
  }
  pushChecked(cpu, x);
}

/** Destination formats of `storeMem`. */
const ST_M32 = 0, ST_M64 = 1, ST_M80 = 2, ST_I16 = 3, ST_I32 = 4, ST_I64 = 5, ST_BCD = 6;

/** FST/FSTP to memory in single/double/extended/integer/BCD format. */
function storeMem(ctx: Ctx, d: Insn, kind: number, popAfter: boolean): void {
  const cpu = ctx.cpu;
  begin(cpu);
  const a = ea(cpu, d);
  const m = ctx.mem;
  let x = operand(cpu, 0);
  if (x === null) {
    recordInsn(cpu, d.addr, fop(d), a);
    commit(cpu);
    return;
  }
  const stackFault = env.flags !== 0;
  if (stackFault) x = INDEFINITE;
  switch (kind) {
    case ST_M32: {
      const bits = toIeee(env, x, 23, 8);
      if (!blocked(cpu, IE | OE | UE)) m.write32(a, Number(bits));
      break;
    }
    case ST_M64: {
      const bits = toIeee(env, x, 52, 11);
      if (!blocked(cpu, IE | OE | UE)) {
        m.write64(a, Number(bits & 0xffffffffn), Number(bits >> 32n));
      }
      break;
    }
    case ST_M80:
      if (!blocked(cpu, IE)) {
        m.write64(a, Number(x.sig & 0xffffffffn), Number(x.sig >> 32n));
        m.write16(a + 8, x.se);
      }
      break;
    case ST_BCD: {
      const [lo, hi] = stackFault ? [0xc000000000000000n, 0xffff] : toBcd(env, x);
      if (!blocked(cpu, IE)) {
        m.write64(a, Number(lo & 0xffffffffn), Number(lo >> 32n));
        m.write16(a + 8, hi);
      }
      break;
    }
    default: {
      const bits = kind === ST_I16 ? 16 : kind === ST_I32 ? 32 : 64;
      const v = stackFault ? null : toInt(env, x, bits, (d.reg & 7) === 1);
      const u = v === null ? 1n << BigInt(bits - 1) : BigInt.asUintN(bits, v);
      if (!blocked(cpu, IE)) {
        if (bits === 16) m.write16(a, Number(u));
        else if (bits === 32) m.write32(a, Number(u));
        else m.write64(a, Number(u & 0xffffffffn), Number(u >> 32n));
      }
    }
  }
  const stop = blocked(cpu, kind <= ST_M64 ? IE | OE | UE : IE);
  if (stop) {
    // A suppressed store reports no precision exception or rounding.
    env.flags &= ~PE;
    env.up = false;
  }
  recordInsn(cpu, d.addr, fop(d), a);
  commit(cpu);
  if (popAfter && !stop) pop(cpu);
}

/** Load from memory: FLD/FILD/FBLD. */
function loadMem(ctx: Ctx, d: Insn, read: (ctx: Ctx, a: number) => Ext, convert: boolean): void {
  const cpu = ctx.cpu;
  begin(cpu);
  const a = ea(cpu, d);
  const x = read(ctx, a);
  recordInsn(cpu, d.addr, fop(d), a);
  load(cpu, x, convert);
}

function read80(ctx: Ctx, a: number): Ext {
  const lo = ctx.mem.read64(a);
  const hi = ctx.mem.hi;
  return new Ext(ctx.mem.read16(a + 8), (BigInt(hi) << 32n) | BigInt(lo));
}

function readBcd(ctx: Ctx, a: number): Ext {
  const lo = ctx.mem.read64(a);
  const hi = ctx.mem.hi;
  return fromBcd((BigInt(hi) << 32n) | BigInt(lo), ctx.mem.read16(a + 8));
}

// ---- register-only helpers ----------------------------------------------------

/** Unary operation on ST(0) (FCHS, FABS, FSQRT, FRNDINT, F2XM1). */
function unary(cpu: Cpu, f: (x: Ext) => Ext): void {
  const x = operand(cpu, 0);
  if (x === null) {
    commit(cpu);
    return;
  }
  const r = env.flags & SF ? INDEFINITE : f(x);
  if (!commit(cpu)) setSt(cpu, 0, r);
}

/** ST(1) = f(ST(0), ST(1)), then pop (FYL2X, FYL2XP1, FPATAN). */
function binaryPop(cpu: Cpu, f: (x: Ext, y: Ext) => Ext): void {
  const x = operand(cpu, 0);
  const y = operand(cpu, 1);
  if (x === null || y === null) {
    commit(cpu);
    return;
  }
  const r = env.flags & SF ? INDEFINITE : f(x, y);
  if (commit(cpu)) return;
  setSt(cpu, 1, r);
  pop(cpu);
}

/** FSIN/FCOS: C2 reports an out-of-range operand, which is left alone. */
function trigUnary(cpu: Cpu, fn: number): void {
  const x = operand(cpu, 0);
  if (x === null) {
    commit(cpu);
    return;
  }
  const r = env.flags & SF ? INDEFINITE : trigOp(env, x, fn);
  if (commit(cpu)) return;
  if (r === null) {
    setCC(cpu, (cpu.fpuSw & (C0 | C3)) | C2);
    return;
  }
  cpu.fpuSw &= ~C2;
  setSt(cpu, 0, r);
}

/**
 * Operations replacing ST(0) by two results (FPTAN, FSINCOS, FXTRACT):
 * ST(0) = first, then push second. Stack faults leave two indefinites.
 */
function twoResults(cpu: Cpu, f: (x: Ext) => [Ext, Ext] | null): void {
  if (isEmpty(cpu, 0) || !isEmpty(cpu, 7)) {
    const masked = isEmpty(cpu, 0) ? underflow(cpu) : overflow(cpu);
    if (masked) {
      setSt(cpu, 0, INDEFINITE);
      push(cpu, INDEFINITE);
    }
    commit(cpu);
    return;
  }
  const r = f(st(cpu, 0));
  if (commit(cpu)) return;
  if (r === null) {
    setCC(cpu, (cpu.fpuSw & (C0 | C1 | C3)) | C2);
    return;
  }
  cpu.fpuSw &= ~C2;
  setSt(cpu, 0, r[0]);
  push(cpu, r[1]);
}

/** FPTAN pushes 1.0 after tan(x), or the NaN result again when there is one. */
function fptan(x: Ext): [Ext, Ext] | null {
  const t = trigOp(env, x, TAN);
  if (t === null) return null;
  const c = classify(t);
  return [t, c === QNAN || c === SNAN ? t : ONE];
}

function fsincos(x: Ext): [Ext, Ext] | null {
  const s = trigOp(env, x, SIN);
  if (s === null) return null;
  const up = env.up;
  const c = trigOp(env, x, COS)!;
  env.up = up;
  return [s, c];
}

/** FPREM/FPREM1: quotient bits go to C0 (Q2), C3 (Q1), C1 (Q0); C2 flags a partial result. */
function fprem(cpu: Cpu, ieee: boolean): void {
  const a = operand(cpu, 0);
  const b = operand(cpu, 1);
  if (a === null || b === null) {
    commit(cpu);
    return;
  }
  if (env.flags !== 0) {
    commit(cpu);
    setSt(cpu, 0, INDEFINITE);
    return;
  }
  const r = remainder(env, a, b, ieee);
  if (commit(cpu)) return;
  setSt(cpu, 0, r.value);
  if (r.partial) setCC(cpu, C2);
  else {
    const q = r.q;
    setCC(cpu, (q & 4 ? C0 : 0) | (q & 2 ? C3 : 0) | (q & 1 ? C1 : 0));
  }
}

/** FXAM: class of ST(0) in C3/C2/C0, sign in C1. */
function fxam(cpu: Cpu): void {
  const x = st(cpu, 0);
  const sign = signOf(x) ? C1 : 0;
  if (isEmpty(cpu, 0)) {
    setCC(cpu, sign | C3 | C0);
    return;
  }
  const c = classify(x);
  const cls = c === ZERO
    ? C3
    : c === NORMAL
    ? C2
    : c === DENORMAL
    ? C3 | C2
    : c === INF
    ? C2 | C0
    : c === QNAN || c === SNAN
    ? C0
    : 0;
  setCC(cpu, sign | cls);
}

/** FXCH ST(i); empty registers become the indefinite when the underflow is masked. */
function fxch(cpu: Cpu, i: number): void {
  let a = operand(cpu, 0);
  let b = operand(cpu, i);
  if (a === null || b === null) {
    commit(cpu);
    return;
  }
  if (env.flags !== 0) {
    a = isEmpty(cpu, 0) ? INDEFINITE : a;
    b = isEmpty(cpu, i) ? INDEFINITE : b;
  }
  commit(cpu);
  setSt(cpu, 0, b);
  setSt(cpu, i, a);
}

/**
 * FST/FSTP ST(i). The undocumented FSTP1/FSTP8/FSTP9 aliases (`alias`) just
 * pop an empty ST(0) instead of faulting.
 */
function fstReg(cpu: Cpu, i: number, popAfter: boolean, alias = false): void {
  if (alias && isEmpty(cpu, 0)) {
    commit(cpu);
    return pop(cpu);
  }
  const x = operand(cpu, 0);
  if (commit(cpu) || x === null) return;
  setSt(cpu, i, x);
  if (popAfter) pop(cpu);
}

/** FLD ST(i). */
function fldReg(cpu: Cpu, i: number): void {
  if (!isEmpty(cpu, 7)) {
    pushChecked(cpu, INDEFINITE);
    return;
  }
  const x = operand(cpu, i);
  if (x === null) {
    commit(cpu);
    return;
  }
  pushChecked(cpu, x);
}

/** FCMOVcc: the condition is evaluated on EFLAGS; empty operands fault either way. */
function fcmov(cpu: Cpu, i: number, cc: number): void {
  const a = operand(cpu, 0);
  const b = operand(cpu, i);
  if (a === null || b === null) {
    commit(cpu);
    return;
  }
  if (env.flags !== 0) {
    commit(cpu);
    setSt(cpu, 0, INDEFINITE);
    return;
  }
  commit(cpu);
  if (cond(cpu, cc)) setSt(cpu, 0, b);
}

// ---- control instructions -----------------------------------------------------

function fnstenv(ctx: Ctx, d: Insn, save: boolean): void {
  const cpu = ctx.cpu;
  const size = envSize(d.opsize);
  const buf = new Uint8Array(save ? size + 80 : size);
  const dv = new DataView(buf.buffer);
  storeEnv(cpu, dv, d.opsize);
  if (save) storeRegs(cpu, dv, size);
  ctx.mem.writeBytes(ea(cpu, d), buf);
  if (save) reset(cpu);
  else {
    cpu.fpuCw |= 0x3f;
    syncSummary(cpu);
  }
}

function fldenv(ctx: Ctx, d: Insn, restore: boolean): void {
  const cpu = ctx.cpu;
  checkPending(cpu);
  const size = envSize(d.opsize);
  const buf = ctx.mem.readBytes(ea(cpu, d), restore ? size + 80 : size);
  const dv = new DataView(buf.buffer);
  const sw = dv.getUint16(d.opsize === 2 ? 2 : 4, true);
  if (restore) loadRegs(cpu, dv, size, (sw >> 11) & 7);
  loadEnv(cpu, dv, d.opsize);
}

// ---- opcode handlers ------------------------------------------------------------

/** D9 E9..ED: the rounded constants, in encoding order. */
const CONSTANTS = ["l2t", "l2e", "pi", "lg2", "ln2"] as const;

/** D8: arithmetic with m32fp or ST(0), ST(i). */
function escD8(ctx: Ctx, d: Insn): void {
  if (d.mod !== 3) return memArith(ctx, d, M32);
  const cpu = ctx.cpu;
  startReg(cpu, d);
  const op = d.reg & 7, i = d.rm & 7;
  if (op === 2 || op === 3) compareST0(cpu, operand(cpu, i), false, op - 2);
  else arithTo(cpu, op, 0, operand(cpu, i), false);
}

/** Undefined D9 register encodings: bit i of entry /r (D1-D7, E2, E3, E6, E7, EF). */
const D9_UNDEFINED = [0, 0, 0xfe, 0, 0xcc, 0x80, 0, 0];

/** D9: loads/stores m32fp, control words and environment, and the register-only group. */
function escD9(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu;
  const op = d.reg & 7;
  if (d.mod !== 3) {
    switch (op) {
      case 0:
        return loadMem(ctx, d, (c, a) => readOperand(c, a, M32), true);
      case 2:
        return storeMem(ctx, d, ST_M32, false);
      case 3:
        return storeMem(ctx, d, ST_M32, true);
      case 4:
        return fldenv(ctx, d, false);
      case 5: {
        checkPending(cpu);
        return loadControlWord(cpu, ctx.mem.read16(ea(cpu, d)));
      }
      case 6:
        return fnstenv(ctx, d, false);
      case 7:
        return ctx.mem.write16(ea(cpu, d), cpu.fpuCw);
      default:
        return undefinedOpcode();
    }
  }
  const i = d.rm & 7;
  if ((D9_UNDEFINED[op] >> i) & 1) return undefinedOpcode();
  startReg(cpu, d);
  switch (op) {
    case 0:
      return fldReg(cpu, i);
    case 1:
      return fxch(cpu, i);
    case 2: // FNOP
      return;
    case 3: // FSTP1 (undocumented alias)
      return fstReg(cpu, i, true, true);
    case 4:
      switch (i) {
        case 0:
          return unary(cpu, neg);
        case 1:
          return unary(cpu, abs);
        case 4:
          return compareST0(cpu, POS_ZERO, false, 0);
        default:
          return fxam(cpu);
      }
    case 5: // FLD1, FLDL2T, FLDL2E, FLDPI, FLDLG2, FLDLN2, FLDZ
      return pushChecked(
        cpu,
        i === 0 ? ONE : i === 6 ? POS_ZERO : loadConstant(env, CONSTANTS[i - 1]),
      );
    case 6:
      switch (i) {
        case 0:
          return unary(cpu, (x) => f2xm1(env, x));
        case 1:
          return binaryPop(cpu, (x, y) => fyl2x(env, x, y));
        case 2:
          return twoResults(cpu, fptan);
        case 3:
          return binaryPop(cpu, (x, y) => fpatan(env, x, y));
        case 4:
          return twoResults(cpu, (x) => extract(env, x));
        case 5:
          return fprem(cpu, true);
        case 6:
          cpu.fpuTop = (cpu.fpuTop - 1) & 7;
          cpu.fpuSw &= ~C1;
          return;
        default:
          cpu.fpuTop = (cpu.fpuTop + 1) & 7;
          cpu.fpuSw &= ~C1;
          return;
      }
    default:
      switch (i) {
        case 0:
          return fprem(cpu, false);
        case 1:
          return binaryPop(cpu, (x, y) => fyl2xp1(env, x, y));
        case 2:
          return unary(cpu, (x) => sqrt(env, x));
        case 3:
          return twoResults(cpu, fsincos);
        case 4:
          return unary(cpu, (x) => roundInt(env, x));
        case 5:
          return fscale(cpu);
        case 6:
          return trigUnary(cpu, SIN);
        default:
          return trigUnary(cpu, COS);
      }
  }
}

/** FSCALE: ST(0) = ST(0) * 2^trunc(ST(1)). */
function fscale(cpu: Cpu): void {
  const a = operand(cpu, 0);
  const b = operand(cpu, 1);
  if (a === null || b === null) {
    commit(cpu);
    return;
  }
  const r = env.flags & SF ? INDEFINITE : scale(env, a, b);
  if (!commit(cpu)) setSt(cpu, 0, r);
}

/** DA: m32int arithmetic, FCMOVB/E/BE/U, FUCOMPP. */
function escDA(ctx: Ctx, d: Insn): void {
  if (d.mod !== 3) return memArith(ctx, d, I32);
  const cpu = ctx.cpu;
  const op = d.reg & 7, i = d.rm & 7;
  if (op < 4) {
    startReg(cpu, d);
    return fcmov(cpu, i, [2, 4, 6, 10][op]);
  }
  if (op !== 5 || i !== 1) return undefinedOpcode();
  startReg(cpu, d);
  compareST0(cpu, operand(cpu, 1), true, 2);
}

/** DB: m32int loads/stores, m80 load/store, FCMOVNcc, FNCLEX, FNINIT, FUCOMI, FCOMI. */
function escDB(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu;
  const op = d.reg & 7;
  if (d.mod !== 3) {
    switch (op) {
      case 0:
        return loadMem(ctx, d, (c, a) => readOperand(c, a, I32), false);
      case 1:
        return storeMem(ctx, d, ST_I32, true);
      case 2:
        return storeMem(ctx, d, ST_I32, false);
      case 3:
        return storeMem(ctx, d, ST_I32, true);
      case 5:
        return loadMem(ctx, d, read80, false);
      case 7:
        return storeMem(ctx, d, ST_M80, true);
      default:
        return undefinedOpcode();
    }
  }
  const i = d.rm & 7;
  if (op < 4) {
    startReg(cpu, d);
    return fcmov(cpu, i, [3, 5, 7, 11][op]);
  }
  if (op === 4) {
    switch (i) {
      case 0: // FENI, FDISI, FSETPM: no-ops since the 387
      case 1:
      case 4:
        return;
      case 2:
        cpu.fpuSw &= ~(0x7f | 0x80 | 0x8000);
        return;
      case 3:
        return reset(cpu);
      default:
        return undefinedOpcode();
    }
  }
  if (op === 7) return undefinedOpcode();
  startReg(cpu, d);
  compareEflags(cpu, i, op === 5, false);
}

/** DC: m64fp arithmetic and ST(i) = ST(i) op ST(0). */
function escDC(ctx: Ctx, d: Insn): void {
  if (d.mod !== 3) return memArith(ctx, d, M64);
  const cpu = ctx.cpu;
  startReg(cpu, d);
  const op = d.reg & 7, i = d.rm & 7;
  if (op === 2 || op === 3) return compareST0(cpu, operand(cpu, i), false, op - 2);
  arithTo(cpu, op < 4 ? op : op ^ 1, i, operand(cpu, 0), false);
}

/** DD: m64fp loads/stores, FISTTP m64, FRSTOR/FNSAVE/FNSTSW, FFREE, FST(P) ST(i), FUCOM(P). */
function escDD(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu;
  const op = d.reg & 7;
  if (d.mod !== 3) {
    switch (op) {
      case 0:
        return loadMem(ctx, d, (c, a) => readOperand(c, a, M64), true);
      case 1:
        return storeMem(ctx, d, ST_I64, true);
      case 2:
        return storeMem(ctx, d, ST_M64, false);
      case 3:
        return storeMem(ctx, d, ST_M64, true);
      case 4:
        return fldenv(ctx, d, true);
      case 6:
        return fnstenv(ctx, d, true);
      case 7:
        return ctx.mem.write16(ea(cpu, d), statusWord(cpu));
      default:
        return undefinedOpcode();
    }
  }
  const i = d.rm & 7;
  if (op === 6 || op === 7) return undefinedOpcode();
  startReg(cpu, d);
  switch (op) {
    case 0:
      return free(cpu, i);
    case 1: // FXCH4 (undocumented alias)
      return fxch(cpu, i);
    case 2:
      return fstReg(cpu, i, false);
    case 3:
      return fstReg(cpu, i, true);
    default:
      return compareST0(cpu, operand(cpu, i), true, op - 4);
  }
}

/** DE: m16int arithmetic and ST(i) = ST(i) op ST(0) with pop, FCOMPP. */
function escDE(ctx: Ctx, d: Insn): void {
  if (d.mod !== 3) return memArith(ctx, d, I16);
  const cpu = ctx.cpu;
  const op = d.reg & 7, i = d.rm & 7;
  if (op === 3 && i !== 1) return undefinedOpcode();
  startReg(cpu, d);
  if (op === 2) return compareST0(cpu, operand(cpu, i), false, 1); // FCOMP5 alias
  if (op === 3) return compareST0(cpu, operand(cpu, 1), false, 2);
  arithTo(cpu, op < 4 ? op : op ^ 1, i, operand(cpu, 0), true);
}

/** DF: m16int/m64int loads/stores, FBLD/FBSTP, FISTTP m16, FFREEP, FNSTSW AX, FUCOMIP, FCOMIP. */
function escDF(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu;
  const op = d.reg & 7;
  if (d.mod !== 3) {
    switch (op) {
      case 0:
        return loadMem(ctx, d, (c, a) => readOperand(c, a, I16), false);
      case 1:
        return storeMem(ctx, d, ST_I16, true);
      case 2:
        return storeMem(ctx, d, ST_I16, false);
      case 3:
        return storeMem(ctx, d, ST_I16, true);
      case 4:
        return loadMem(ctx, d, readBcd, false);
      case 5:
        return loadMem(ctx, d, (c, a) => readOperand(c, a, I64), false);
      case 6:
        return storeMem(ctx, d, ST_BCD, true);
      default:
        return storeMem(ctx, d, ST_I64, true);
    }
  }
  const i = d.rm & 7;
  if (op === 4) {
    if (i !== 0) return undefinedOpcode();
    return setReg(cpu, 0, 2, false, statusWord(cpu), 0);
  }
  if (op === 7) return undefinedOpcode();
  startReg(cpu, d);
  switch (op) {
    case 0: // FFREEP (undocumented)
      free(cpu, i);
      return pop(cpu);
    case 1: // FXCH7 alias
      return fxch(cpu, i);
    case 2: // FSTP8, FSTP9 aliases
    case 3:
      return fstReg(cpu, i, true, true);
    default:
      return compareEflags(cpu, i, op === 5, true);
  }
}

defAll(0, 0xd8, escD8);
defAll(0, 0xd9, escD9);
defAll(0, 0xda, escDA);
defAll(0, 0xdb, escDB);
defAll(0, 0xdc, escDC);
defAll(0, 0xdd, escDD);
defAll(0, 0xde, escDE);
defAll(0, 0xdf, escDF);
defAll(0, 0x9b, (ctx) => checkPending(ctx.cpu));
