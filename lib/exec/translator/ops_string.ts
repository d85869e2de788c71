/**
 * MOVS and STOS without a REP prefix, inline: byte-copy loops (`movsb; dec
 * edx; jnz`, memcpy's tail in musl) otherwise call the interpreter's
 * handler for every element, with the flags and registers synchronised
 * around each call. REP forms stay handler calls: their handler moves whole
 * page runs at once. The direction flag is read at run time.
 * @module
 */

import { MAP_1B, SEG_NONE } from "../../decoder/insn.ts";
import { DF } from "../cpu.ts";
import { carryOf, type Emitter } from "./emitter.ts";
import { type OpSpec, READS, specAll } from "./spec.ts";

/** RSI (6) or RDI (7) += the signed step in local `step`, as 64-bit halves. */
function advance(e: Emitter, reg: number, step: string): void {
  const lo = e.lo(reg), hi = e.hi(reg);
  e.emit(`ad=${lo}+${step};`);
  e.setHalf(2 * reg + 1, `(${hi}+${carryOf("ad", NaN)})>>>0`);
  e.setHalf(2 * reg, "ad>>>0");
}

/** Element size of A4/A5 (MOVS) or AA/AB (STOS). */
function size(byte: number, opsize: number): number {
  return (byte & 1) === 0 ? 1 : opsize;
}

/** The signed element step (by DF) into a temporary. */
function step(e: Emitter, n: number): string {
  const s = e.tmp();
  e.emit(`${s}=(cpu.flagsOther&${DF})!==0?${-n}:${n};`);
  return s;
}

const movs: OpSpec = {
  // 64-bit addressing and no segment override (FS/GS sources go through the handler).
  ok: (d) => d.rep === 0 && d.adsize === 8 && d.seg === SEG_NONE,
  fx: () => READS,
  emit(e, d) {
    const n = size(d.byte, d.opsize);
    const v = e.tmp(), vh = n === 8 ? e.tmp() : "0";
    e.emit(`al=${e.lo(6)};ah=${e.hi(6)};`);
    e.load(n, v, vh);
    e.emit(`al=${e.lo(7)};ah=${e.hi(7)};`);
    e.store(n, v, vh);
    const s = step(e, n);
    advance(e, 6, s);
    advance(e, 7, s);
  },
};
specAll(MAP_1B, 0xa4, movs);
specAll(MAP_1B, 0xa5, movs);

const stos: OpSpec = {
  ok: (d) => d.rep === 0 && d.adsize === 8,
  fx: () => READS,
  emit(e, d) {
    const n = size(d.byte, d.opsize);
    const mask = n === 1 ? "&255" : n === 2 ? "&65535" : "";
    const v = e.tmp();
    e.emit(`${v}=${e.lo(0)}${mask};`);
    e.emit(`al=${e.lo(7)};ah=${e.hi(7)};`);
    e.store(n, v, n === 8 ? e.hi(0) : "0");
    advance(e, 7, step(e, n));
  },
};
specAll(MAP_1B, 0xaa, stos);
specAll(MAP_1B, 0xab, stos);
