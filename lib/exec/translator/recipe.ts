/**
 * Flags inside translated code. The last flag-setting instruction leaves a
 * *recipe*: its kind and size are compile-time constants, and its operands
 * and result sit in the block's flag locals (`fd fdh fs fsh fr frh fc`, the
 * same roles as `Cpu.cc*`). Conditions are generated straight from the
 * recipe (`cmp eax, ebx; jl` becomes `(fd | 0) < (fs | 0)`), and the lazy
 * `Cpu.cc*` fields are written only where the flags escape: at exits, before
 * interpreter calls and on the slow paths that may fault.
 *
 * Besides a static recipe (a `CC` kind), the flags may be `IN_CPU` (already
 * in `Cpu.cc*`, e.g. at block entry), `DYN` (in the locals with the kind and
 * size in `fo`/`fz` too: the state at a loop head, where the first and later
 * iterations arrive with different recipes) or `DEAD` (nothing can observe
 * them before they are overwritten).
 * @module
 */

import { CC, type Cpu } from "../cpu.ts";

/** Flags are in `Cpu.cc*`. */
export const IN_CPU = -1;
/** Flags are in the locals, kind in `fo`, size in `fz`. */
export const DYN = -2;
/** Flags cannot be observed. */
export const DEAD = -3;

/**
 * Store flags given as a recipe's kind, size and locals into `Cpu.cc*` (the
 * generated code calls this as `MF`, one call where flags escape).
 */
export function storeFlags(
  cpu: Cpu,
  op: number,
  size: number,
  dst: number,
  dstH: number,
  src: number,
  srcH: number,
  res: number,
  resH: number,
  carry: number,
): void {
  cpu.ccOp = op;
  cpu.ccSize = size;
  cpu.ccDst = dst;
  cpu.ccDstH = dstH;
  cpu.ccSrc = src;
  cpu.ccSrcH = srcH;
  cpu.ccRes = res;
  cpu.ccResH = resH;
  cpu.ccCarry = carry;
}

/** Statements that store a recipe's flags into `Cpu.cc*` (`cpu` and `MF` in scope). */
export function materialize(op: number, size: number): string {
  if (op === IN_CPU) return "";
  if (op === DEAD) throw new Error("translator: dead flags escape");
  if (op === CC.Eflags) return "cpu.ccOp=0;cpu.ccRes=fr;";
  const kind = op === DYN ? "fo" : String(op), sz = op === DYN ? "fz" : String(size);
  return `MF(cpu,${kind},${sz},fd,fdh,fs,fsh,fr,frh,fc);`;
}

/** Statements that load `Cpu.cc*` into the locals as a `DYN` recipe. */
export const LOAD_DYN = "fo=cpu.ccOp;fz=cpu.ccSize;fd=cpu.ccDst;fdh=cpu.ccDstH;fs=cpu.ccSrc;" +
  "fsh=cpu.ccSrcH;fr=cpu.ccRes;frh=cpu.ccResH;fc=cpu.ccCarry;";

/** Statements that turn a static recipe (or `IN_CPU`) into `DYN`. */
export function toDyn(op: number, size: number): string {
  if (op === DYN || op === DEAD) return "";
  if (op === IN_CPU) return LOAD_DYN;
  return `fo=${op};fz=${size};`;
}

/** Is `op` a recipe whose flags can be generated from the locals? */
export function isStatic(op: number): boolean {
  return op >= 0;
}

const topOf = (size: number): number => size * 8 - 1;

/** CF (0/1) of a static recipe. */
export function cfExpr(op: number, size: number): string {
  switch (op) {
    case CC.Eflags:
      return "(fr&1)";
    case CC.Add:
      return size === 8 ? "(frh<fdh||(frh===fdh&&fr<fd)?1:0)" : "(fr<fd?1:0)";
    case CC.Sub:
      return size === 8 ? "(fdh<fsh||(fdh===fsh&&fd<fs)?1:0)" : "(fd<fs?1:0)";
    case CC.Logic:
      return "0";
    default:
      return "fc";
  }
}

/** ZF (0/1) of a static recipe. */
export function zfExpr(op: number, size: number): string {
  if (op === CC.Eflags) return "((fr>>6)&1)";
  return size === 8 ? "((fr|frh)===0?1:0)" : "(fr===0?1:0)";
}

/** SF (0/1) of a static recipe. */
export function sfExpr(op: number, size: number): string {
  if (op === CC.Eflags) return "((fr>>7)&1)";
  return size === 8 ? "(frh>>>31)" : `((fr>>>${topOf(size)})&1)`;
}

/** OF (0/1) of a static recipe. */
export function ofExpr(op: number, size: number): string {
  const sub = op === CC.Sub || op === CC.Dec;
  switch (op) {
    case CC.Eflags:
      return "((fr>>11)&1)";
    case CC.Logic:
      return "0";
    default: {
      const lo = sub ? "(fd^fs)&(fd^fr)" : "(fd^fr)&(fs^fr)";
      const hi = sub ? "(fdh^fsh)&(fdh^frh)" : "(fdh^frh)&(fsh^frh)";
      return size === 8 ? `((${hi})>>>31)` : `(((${lo})>>>${topOf(size)})&1)`;
    }
  }
}

/** PF (0/1) of a static recipe; `PT` is the parity table in scope. */
export function pfExpr(op: number): string {
  return op === CC.Eflags ? "((fr>>2)&1)" : "PT[fr&255]";
}

/** AF (0/1) of a static recipe. */
export function afExpr(op: number): string {
  if (op === CC.Eflags) return "((fr>>4)&1)";
  if (op === CC.Logic) return "0";
  return "(((fd^fs^fr)>>4)&1)";
}

/** The six arithmetic flags of a static recipe as an EFLAGS mask. */
export function eflagsExpr(op: number, size: number): string {
  if (op === CC.Eflags) return "(fr&2261)";
  return `(${cfExpr(op, size)}|(${pfExpr(op)}<<2)|(${afExpr(op)}<<4)|(${zfExpr(op, size)}<<6)|` +
    `(${sfExpr(op, size)}<<7)|(${ofExpr(op, size)}<<11))`;
}

/** Sign-extending view of a size-masked flag local for signed comparisons. */
function signed(v: string, size: number): string {
  return size === 4 ? `(${v}|0)` : size === 2 ? `((${v}<<16)>>16)` : `((${v}<<24)>>24)`;
}

/**
 * Condition `cc` (the low nibble of Jcc/SETcc/CMOVcc) of a static recipe as
 * a boolean JS expression. Comparisons are specialised; other cases combine
 * the single-flag expressions exactly like `cond()` in flags.ts.
 */
export function condExpr(op: number, size: number, cc: number): string {
  const base = cc >> 1;
  let e: string | null = null;
  if (op === CC.Sub) {
    if (size === 8) {
      if (base === 1) e = "(fdh<fsh||(fdh===fsh&&fd<fs))";
      else if (base === 2) e = "(fd===fs&&fdh===fsh)";
      else if (base === 3) e = "(fdh<fsh||(fdh===fsh&&fd<=fs))";
      else if (base === 6) e = "((fdh|0)<(fsh|0)||(fdh===fsh&&fd<fs))";
      else if (base === 7) e = "((fdh|0)<(fsh|0)||(fdh===fsh&&fd<=fs))";
    } else {
      if (base === 1) e = "(fd<fs)";
      else if (base === 2) e = "(fd===fs)";
      else if (base === 3) e = "(fd<=fs)";
      else if (base === 6) e = `(${signed("fd", size)}<${signed("fs", size)})`;
      else if (base === 7) e = `(${signed("fd", size)}<=${signed("fs", size)})`;
    }
  } else if (op === CC.Logic && size !== 8) {
    if (base === 2) e = "(fr===0)";
    else if (base === 4 || base === 6) e = `(${signed("fr", size)}<0)`;
    else if (base === 7) e = `(${signed("fr", size)}<=0)`;
  }
  if (e === null) {
    switch (base) {
      case 0:
        e = `(${ofExpr(op, size)}===1)`;
        break;
      case 1:
        e = `(${cfExpr(op, size)}===1)`;
        break;
      case 2:
        e = `(${zfExpr(op, size)}===1)`;
        break;
      case 3:
        e = `((${cfExpr(op, size)}|${zfExpr(op, size)})===1)`;
        break;
      case 4:
        e = `(${sfExpr(op, size)}===1)`;
        break;
      case 5:
        e = `(${pfExpr(op)}===1)`;
        break;
      case 6:
        e = `(${sfExpr(op, size)}!==${ofExpr(op, size)})`;
        break;
      default:
        e = `(${zfExpr(op, size)}===1||${sfExpr(op, size)}!==${ofExpr(op, size)})`;
    }
  }
  return (cc & 1) === 0 ? e : `!${e}`;
}
