/**
 * x87 instructions (D8-DF) as bare handler calls. Their handlers change only
 * x87 state and memory, so registers stay valid in their locals (the address
 * registers are stored first) and flags in theirs; only stores need a check
 * that this block's code is unchanged.
 * FCMOVcc reads the flags (stored first); FCOMI/FUCOMI(P), which write them,
 * and FNSTSW AX, which writes AX, go through the generic handler call.
 * @module
 */

import { type Insn, MAP_1B } from "../../decoder/insn.ts";
import { handlers } from "../handlers.ts";
import { num } from "./emitter.ts";
import { materialize } from "./recipe.ts";
import { type OpSpec, READS, specAll } from "./spec.ts";

/** Does this register-form x87 instruction write EFLAGS or a general register? */
function writesCpuState(d: Insn): boolean {
  const r = d.reg & 7;
  if (d.byte === 0xdb || d.byte === 0xdf) {
    if (r === 5 || r === 6) return true; // FUCOMI(P), FCOMI(P)
  }
  return d.byte === 0xdf && r === 4; // FNSTSW AX
}

const x87: OpSpec = {
  ok: (d) => d.mod !== 3 || !writesCpuState(d),
  fx: () => READS,
  emit(e, d) {
    // FCMOVcc (DA/DB register forms /0-/3) evaluates a condition on the flags.
    const fcmov = d.mod === 3 && (d.byte === 0xda || d.byte === 0xdb) && (d.reg & 7) <= 3;
    const flags = fcmov ? materialize(e.fop, e.fsz) : "";
    if (d.mod !== 3) e.syncOperands(d);
    e.emit(`${flags}${e.constant(handlers[d.op])}(ctx,${e.local(d)});`);
    if (d.mod !== 3) e.emit(`if(${e.codeChanged()}){${e.exitDynamic(num(d.addr + d.len))}}`);
  },
};
for (let b = 0xd8; b <= 0xdf; b++) specAll(MAP_1B, b, x87);
