/**
 * Trace → JavaScript function. Runs the flag-liveness pass, emits every
 * instruction (specialised or as a handler call), and instantiates the
 * source with `new Function`. A trace that branches back to its entry
 * becomes a `for (;;)` loop whose head keeps the registers in locals.
 * @module
 */

import type { Ctx } from "../operands.ts";
import type { Cpu } from "../cpu.ts";
import type { Memory } from "../memory.ts";
import { Emitter } from "./emitter.ts";
import { KILLS, PARTIAL, READS, specFor } from "./spec.ts";
import { Flow, type Trace } from "./trace.ts";
import "./ops_int.ts";
import "./ops_sse.ts";
import "./ops_x87.ts";
import "./ops_string.ts";
import "./ops_bits.ts";

/** What a block function needs besides the machine: fault bookkeeping and tables. */
export interface BlockEnv {
  /** Address of the instruction whose slow path or handler call is running (for fault reports). */
  pc: number;
  /** PF lookup table. */
  readonly parity: Uint8Array;
}

/**
 * A translated block: runs at most `Trace.insns.length` instructions per
 * pass (looping blocks check `end` before each further pass), leaves `Cpu`
 * exact, and returns the number of the static exit taken, or -1 when RIP
 * was computed (or the loop must stop: `cpu.stop` is set).
 */
export type BlockFn = (
  ctx: Ctx,
  cpu: Cpu,
  mem: Memory,
  env: BlockEnv,
  end: number,
  xf: Float64Array,
  /** The block's objects of this machine (`Compiled.locals`). */
  locals: unknown[],
) => number;

/** The result of compiling a trace. */
export interface Compiled {
  fn: BlockFn;
  /** Target address of each static exit. */
  exits: number[];
  /** The generated source (for inspection and tests). */
  source: string;
  /** Objects of this machine the function is called with (its argument `L`). */
  locals: unknown[];
}

/**
 * Block functions by helpers and source. Generated code refers to this
 * machine's objects only through its argument `L`, so one function serves
 * every machine and process running the same code in this JS realm: a
 * forked or exec'd process, or the next machine a library user creates,
 * finds V8's compiled and optimized code instead of warming it up again.
 * Holds no machine state (module-level helpers only); bounded, oldest first out.
 */
const shared = new Map<string, BlockFn>();
const SHARED_MAX = 4096;
/** Small ids of the module-level helpers generated code binds (part of the cache key). */
const helperIds = new Map<unknown, number>();

function helperKey(consts: unknown[]): string {
  let key = "";
  for (const c of consts) {
    let id = helperIds.get(c);
    if (id === undefined) {
      id = helperIds.size;
      helperIds.set(c, id);
    }
    key += `${id},`;
  }
  return key;
}

/**
 * Flag liveness, backwards over the trace: an instruction's flag results are
 * dead when a later instruction overwrites all flags before anything (a read,
 * an exit, a possible fault, a handler call) could observe them. A partial
 * writer (INC/DEC, MUL, rotates) passes the older flags on, so they are live
 * before it exactly when its own are live after it. Returns the
 * dead set and whether the flags at the entry are observable.
 */
export function flagLiveness(t: Trace): [boolean[], boolean] {
  const n = t.insns.length;
  const dead: boolean[] = new Array(n).fill(false);
  let live = true; // every exit observes all flags
  for (let k = n - 1; k >= 0; k--) {
    const d = t.insns[k];
    const s = specFor(d);
    const fx = s === undefined ? READS : s.fx(d);
    // An instruction that may fault could also store into this block's code and leave right
    // after itself, so only fault-free instructions can have dead results.
    dead[k] = (fx & READS) === 0 && (fx & (KILLS | PARTIAL)) !== 0 && !live;
    live = (fx & READS) !== 0 || ((fx & KILLS) === 0 && live);
  }
  return [dead, live];
}

function emitBody(e: Emitter): void {
  const t = e.trace, n = t.insns.length;
  for (let k = 0; k < n; k++) {
    e.begin(k);
    const d = t.insns[k];
    const s = specFor(d);
    if (s === undefined) e.fallback();
    else s.emit(e, d);
    e.end();
  }
  const last = t.flow[n - 1];
  if (last === Flow.Next || last === Flow.Follow || last === Flow.Cond || last === Flow.CondTaken) {
    e.emit(e.exitTo(t.fallthrough, n));
  }
}

/** Translate a trace into a block function. */
export function compileTrace(t: Trace): Compiled {
  const [dead, liveIn] = flagLiveness(t);
  const loops = t.loops;
  let touched: Uint8Array | null = null;
  if (loops) {
    // A first pass finds the registers the loop uses, to keep them in locals across passes.
    const probe = new Emitter(t, dead, liveIn);
    emitBody(probe);
    touched = probe.touched;
  }
  const e = new Emitter(t, dead, liveIn);
  if (loops) e.startLoop(touched!);
  emitBody(e);
  if (loops) e.emit("}");
  const src = e.source();
  const key = `${helperKey(e.consts)}\n${src}`;
  let fn = shared.get(key);
  if (fn === undefined) {
    fn = (new Function("K", src) as (k: unknown[]) => BlockFn)(e.consts);
    if (shared.size >= SHARED_MAX) shared.delete(shared.keys().next().value!);
    shared.set(key, fn);
  }
  return { fn, exits: e.exits, source: src, locals: e.locals };
}
