/**
 * The handler table: one function per (map, opcode byte, mandatory prefix).
 * Instruction modules under `ops/` fill it when imported; unfilled slots
 * raise #UD so unsupported encodings become SIGILL in the guest.
 * @module
 */

import type { Insn } from "../decoder/insn.ts";
import { opIndex, PFX_66, PFX_F2, PFX_F3, PFX_NONE } from "../decoder/insn.ts";
import { undefinedOpcode } from "./fault.ts";
import type { Ctx } from "./operands.ts";

/** Executes one decoded instruction. RIP already points at the next instruction. */
export type Handler = (ctx: Ctx, d: Insn) => void;

const undefinedHandler: Handler = () => undefinedOpcode();

/** The table, indexed by `Insn.op`. */
export const handlers: Handler[] = new Array(4 * 256 * 4).fill(undefinedHandler);

/** Register a handler for every mandatory-prefix class of an opcode (prefix-insensitive opcodes). */
export function defAll(map: number, byte: number, h: Handler): void {
  for (const p of [PFX_NONE, PFX_66, PFX_F3, PFX_F2]) handlers[opIndex(map, byte, p)] = h;
}

/** Register a handler for one mandatory-prefix class (SSE-style opcodes). */
export function defPfx(map: number, byte: number, pfx: number, h: Handler): void {
  handlers[opIndex(map, byte, pfx)] = h;
}

/** Is a real handler registered for this slot? */
export function isDefined(op: number): boolean {
  return handlers[op] !== undefinedHandler;
}
