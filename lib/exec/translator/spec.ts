/**
 * The translator's instruction table: for each handler-table index, an
 * optional emitter that generates specialised code for (some forms of) the
 * instruction. Anything without one, or whose `ok` refuses the form, is
 * translated as a call to the interpreter's handler.
 * @module
 */

import { opIndex, PFX_66, PFX_F2, PFX_F3, PFX_NONE } from "../../decoder/insn.ts";
import type { Insn } from "../../decoder/insn.ts";
import type { Emitter } from "./emitter.ts";

/** Flag effects (`OpSpec.fx`): the instruction may observe the flags (read them, fault, exit). */
export const READS = 1;
/** The instruction always overwrites all six arithmetic flags. */
export const KILLS = 2;
/**
 * The instruction writes some flags and passes the others through (INC/DEC,
 * MUL, rotates, ...): it needs the previous flags only if its own are live.
 */
export const PARTIAL = 4;

/** A specialised instruction emitter. */
export interface OpSpec {
  /** Can this form be specialised? (Else the handler is called.) */
  ok(d: Insn): boolean;
  /** READS | KILLS | PARTIAL for this form, as far as liveness is concerned. */
  fx(d: Insn): number;
  /** Emit the instruction (after `Emitter.begin`). */
  emit(e: Emitter, d: Insn): void;
}

/** Emitters by handler-table index. */
export const specs: (OpSpec | undefined)[] = new Array(4 * 256 * 4);

/** Register an emitter for every mandatory-prefix class of an opcode. */
export function specAll(map: number, byte: number, s: OpSpec): void {
  for (const p of [PFX_NONE, PFX_66, PFX_F3, PFX_F2]) specs[opIndex(map, byte, p)] = s;
}

/** Register an emitter for one mandatory-prefix class. */
export function specPfx(map: number, byte: number, pfx: number, s: OpSpec): void {
  specs[opIndex(map, byte, pfx)] = s;
}

/** The emitter that will handle `d`, or undefined for a handler call. */
export function specFor(d: Insn): OpSpec | undefined {
  const s = specs[d.op];
  return s !== undefined && s.ok(d) ? s : undefined;
}

/** Does the instruction have a memory operand (and so may fault)? */
export function hasMem(d: Insn): boolean {
  return d.hasModrm && d.mod !== 3;
}

/** `READS` for a form with a memory operand (it may fault), else 0. */
export function memFx(d: Insn): number {
  return hasMem(d) ? READS : 0;
}
