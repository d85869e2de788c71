/**
 * Bit scans inline: BSF/BSR (0F BC/BD) and TZCNT/LZCNT (F3 0F BC/BD), 32-
 * and 64-bit, with the flags of the interpreter's handlers (lib/exec/ops/
 * bits.ts): glibc's string functions end every vector compare with one.
 * @module
 */

import { MAP_0F, PFX_F3, PFX_NONE } from "../../decoder/insn.ts";
import type { Insn } from "../../decoder/insn.ts";
import type { Emitter } from "./emitter.ts";
import { KILLS, memFx, type OpSpec, PARTIAL, specPfx } from "./spec.ts";

/** The source operand into temporaries [lo, hi] (hi "0" for 32 bits). */
function source(e: Emitter, d: Insn): [string, string] {
  const v = e.tmp(), vh = d.opsize === 8 ? e.tmp() : "0";
  if (d.mod === 3) {
    e.emit(`${v}=${e.lo(d.rm)};`);
    if (d.opsize === 8) e.emit(`${vh}=${e.hi(d.rm)};`);
  } else {
    e.addr(d);
    e.load(d.opsize, v, vh);
  }
  return [v, vh];
}

/** Index of the lowest (BSF) or highest (BSR) set bit of a non-zero (v, vh). */
function scanExpr(reverse: boolean, v: string, vh: string): string {
  if (reverse) return `(${vh}!==0?63-Math.clz32(${vh}):31-Math.clz32(${v}))`;
  return `(${v}!==0?31-Math.clz32(${v}&-${v}):63-Math.clz32(${vh}&-${vh}))`;
}

/**
 * BSF/BSR: a zero source sets ZF and PF and leaves the destination (upper
 * half included) untouched; otherwise only PF of the index is set.
 */
function bitScan(reverse: boolean): OpSpec {
  return {
    ok: (d) => d.opsize !== 2,
    fx: (d) => KILLS | memFx(d),
    emit(e, d) {
      const [v, vh] = source(e, d);
      // Halves a conditional write may change are loaded first, so both paths agree on the locals.
      e.lo(d.reg);
      e.hi(d.reg);
      const i = e.tmp();
      e.emit(`${i}=(${v}|${vh})===0?-1:${scanExpr(reverse, v, vh)};`);
      e.setEflags(`${i}<0?68:PT[${i}&255]<<2`);
      e.emit(`if(${i}>=0){`);
      e.setReg(d.reg, d.opsize, d.rex, i, "0");
      e.emit("}");
    },
  };
}

/** TZCNT/LZCNT: the count is always written; CF = source was zero, ZF = count is zero, OF kept. */
function countZeros(leading: boolean): OpSpec {
  return {
    ok: (d) => d.opsize !== 2,
    fx: (d) => PARTIAL | memFx(d),
    emit(e, d) {
      const [v, vh] = source(e, d);
      const bits = d.opsize * 8, n = e.tmp();
      let count: string;
      if (d.opsize === 4) count = leading ? `Math.clz32(${v})` : `(31-Math.clz32(${v}&-${v}))`;
      else {
        count = leading
          ? `(${vh}!==0?Math.clz32(${vh}):32+Math.clz32(${v}))`
          : `(${v}!==0?31-Math.clz32(${v}&-${v}):63-Math.clz32(${vh}&-${vh}))`;
      }
      e.emit(`${n}=(${v}|${vh})===0?${bits}:${count};`);
      if (e.deadFlags[e.k]) e.setEflags("0");
      else {
        e.setEflags(`(${e.eflags()}&2048)|(${n}===${bits}?1:0)|(${n}===0?64:0)`);
      }
      e.setReg(d.reg, d.opsize, d.rex, n, "0");
    },
  };
}

specPfx(MAP_0F, 0xbc, PFX_NONE, bitScan(false));
specPfx(MAP_0F, 0xbd, PFX_NONE, bitScan(true));
specPfx(MAP_0F, 0xbc, PFX_F3, countZeros(false));
specPfx(MAP_0F, 0xbd, PFX_F3, countZeros(true));
