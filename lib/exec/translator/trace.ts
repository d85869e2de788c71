/**
 * Superblock formation: the straight-line run of decoded instructions that
 * one translated block executes. It starts at a hot entry address and
 * follows fall-throughs and unconditional direct jumps, ending at a call
 * (chained to the callee's block), an indirect branch, a return, an
 * instruction that needs the kernel or may trap, a jump back into the trace,
 * or a size limit. Conditional branches become side exits (or the loop edge,
 * which ends the trace, when they target the entry).
 *
 * The instructions are the interpreter's own `Insn` records (fetched through
 * its per-page cache), and every page they were decoded from is recorded with
 * its decoded-instruction array: Memory replaces that array when the page is
 * written, unmapped or loses PROT_EXEC, which is how a stale block is noticed.
 * @module
 */

import { type Insn, MAP_0F, MAP_1B } from "../../decoder/insn.ts";
import { GuestFault } from "../fault.ts";
import { isDefined } from "../handlers.ts";
import { fetchInsn } from "../interpreter.ts";
import { type Memory, type Page, PAGE_SIZE } from "../memory.ts";

/** How an instruction of a trace passes control on. */
export const enum Flow {
  /** Falls through to the next instruction of the trace. */
  Next = 0,
  /** Conditional branch: taken leaves the trace (or loops to the entry), else falls through. */
  Cond = 1,
  /** Unconditional direct JMP/CALL whose target is the next instruction of the trace. */
  Follow = 2,
  /** Unconditional direct JMP/CALL to the trace's entry: the loop edge. */
  Loop = 3,
  /** Unconditional direct JMP/CALL to `target`, which the trace does not continue at. */
  Jump = 4,
  /** Ends the trace: RIP is computed at run time (RET, indirect branch, SYSCALL, traps...). */
  End = 5,
  /**
   * Conditional branch over a trap (an assertion's HLT/UD2/INT3) or to a hot
   * target: not taken leaves the trace, taken continues at `target`, the next
   * instruction of the trace.
   */
  CondTaken = 6,
}

/**
 * Trace length limit (instructions). Longer traces mostly add code past side
 * exits that V8 must compile but rarely runs: 48 beat 24 and 120 on the guest
 * suite and the benchmarks (docs/BENCHMARKS.md).
 */
export const MAX_TRACE = 48;
/** Distinct code pages a trace may span. */
const MAX_PAGES = 4;

/** A superblock ready to compile. */
export class Trace {
  /** Guest instructions in execution order. */
  readonly insns: Insn[] = [];
  /** `Flow` of each instruction. */
  readonly flow: Flow[] = [];
  /** Pages the instructions were decoded from, and their decoded arrays at that time. */
  readonly pages: Page[] = [];
  readonly decoded: (Insn | undefined)[][] = [];
  /** Address execution continues at when the last instruction falls through (a size-limit stop). */
  fallthrough = -1;

  constructor(
    /** Entry address. */
    readonly entry: number,
  ) {}

  /** Does any instruction branch back to the entry (so the block runs as a loop)? */
  get loops(): boolean {
    for (let i = 0; i < this.insns.length; i++) {
      const f = this.flow[i];
      if (f === Flow.Loop || (f === Flow.Cond && this.insns[i].target === this.entry)) return true;
    }
    return false;
  }
}

/** Is `d` a Jcc (70-7F, 0F 80-8F)? */
export function isJcc(d: Insn): boolean {
  return d.map === MAP_1B ? (d.byte & 0xf0) === 0x70 : d.map === MAP_0F && (d.byte & 0xf0) === 0x80;
}

/**
 * Classify an instruction for trace formation: direct JMP/CALL, Jcc, or an
 * instruction after which RIP is only known at run time (or that stops the
 * run loop: SYSCALL, INT, HLT, #UD).
 */
function classify(d: Insn): "jmp" | "call" | "jcc" | "end" | "next" {
  if (!isDefined(d.op)) return "end";
  if (d.map === MAP_1B) {
    const b = d.byte;
    if (b === 0xe9 || b === 0xeb) return "jmp";
    if (b === 0xe8) return "call";
    if ((b & 0xf0) === 0x70) return "jcc";
    // RET, RET imm, LOOPcc/JrCXZ, INT3, INT n, HLT, far forms.
    if (b === 0xc3 || b === 0xc2 || (b >= 0xe0 && b <= 0xe3) || b === 0xcc || b === 0xcd) {
      return "end";
    }
    if (b === 0xf4 || b === 0xca || b === 0xcb || b === 0xcf || b === 0xce) return "end";
    if (b === 0xff) {
      const r = d.reg & 7;
      return r >= 2 && r <= 5 ? "end" : "next";
    }
    return "next";
  }
  if (d.map === MAP_0F) {
    const b = d.byte;
    if ((b & 0xf0) === 0x80) return "jcc";
    // SYSCALL, UD2, SYSENTER/SYSEXIT, UD1, UD0.
    if (b === 0x05 || b === 0x0b || b === 0x34 || b === 0x35 || b === 0xb9 || b === 0xff) {
      return "end";
    }
  }
  return "next";
}

/** Is the instruction at `a` one that only traps (HLT, UD2, INT3)? False if it cannot be fetched. */
function isTrap(mem: Memory, a: number): boolean {
  try {
    const d = fetchInsn(mem, a);
    if (d.map === MAP_1B) return d.byte === 0xf4 || d.byte === 0xcc;
    return d.map === MAP_0F && d.byte === 0x0b;
  } catch (e) {
    if (e instanceof GuestFault) return false;
    throw e;
  }
}

/** Record the code page holding `a` (marking it as code so stores to it take Memory's slow path). */
function notePage(t: Trace, mem: Memory, a: number): boolean {
  const page = mem.codePage(a);
  const i = t.pages.indexOf(page);
  if (i >= 0) return t.decoded[i] === page.decoded;
  if (t.pages.length === MAX_PAGES) return false;
  t.pages.push(page);
  t.decoded.push(page.decoded!);
  return true;
}

/** Fetch the instruction at `pc` for trace `t` and note its pages; null if that is not possible. */
function fetchFor(t: Trace, mem: Memory, pc: number): Insn | null {
  try {
    const d = fetchInsn(mem, pc);
    const last = d.addr + d.len - 1;
    if (!notePage(t, mem, pc)) return null;
    if (Math.floor(last / PAGE_SIZE) !== Math.floor(pc / PAGE_SIZE) && !notePage(t, mem, last)) {
      return null;
    }
    return d;
  } catch (e) {
    if (e instanceof GuestFault) return null;
    throw e;
  }
}

/**
 * Form the trace starting at `entry`. `hot(a)`, if given, tells whether
 * execution has often branched to `a` (the dispatcher's entry counts): a
 * forward Jcc to a hot target is followed, its fall-through becoming the side
 * exit, so a loop whose body starts with a mostly taken branch stays in one
 * trace. Returns null if not even the first instruction can be fetched and
 * decoded (the interpreter then raises the fault).
 */
export function buildTrace(
  mem: Memory,
  entry: number,
  hot: (a: number) => boolean = () => false,
): Trace | null {
  const t = new Trace(entry);
  const seen = new Set<number>();
  let pc = entry;
  for (;;) {
    if (t.insns.length >= MAX_TRACE || seen.has(pc)) {
      t.fallthrough = pc;
      break;
    }
    const d = fetchFor(t, mem, pc);
    if (d === null) {
      // Unfetchable, undecodable or too many pages: leave it to the next dispatch.
      t.fallthrough = pc;
      break;
    }
    seen.add(pc);
    t.insns.push(d);
    const kind = classify(d);
    const next = d.addr + d.len;
    if (kind === "jmp" || kind === "call") {
      if (d.target === entry) {
        t.flow.push(Flow.Loop);
        break;
      }
      // Calls are not followed: a callee inlined into every caller's trace multiplies the code V8
      // must compile, which costs more than the chained exit to the callee's own block (measured).
      if (kind === "call" || seen.has(d.target) || t.insns.length >= MAX_TRACE) {
        t.flow.push(Flow.Jump);
        break;
      }
      t.flow.push(Flow.Follow);
      pc = d.target;
      continue;
    }
    if (kind === "jcc") {
      // `jcc ok; hlt` (musl's assertions, glibc's __builtin_trap): the trace goes on past the trap
      // instead of ending at it, which would split a function at every assertion.
      if (
        d.target !== entry && !seen.has(d.target) &&
        (isTrap(mem, next) || (d.target > d.addr && hot(d.target)))
      ) {
        t.flow.push(Flow.CondTaken);
        pc = d.target;
        continue;
      }
      t.flow.push(Flow.Cond);
      // A loop edge ends the trace: the loop body stays small and its exit path is one exit.
      if (d.target === entry) {
        t.fallthrough = next;
        break;
      }
    } else if (kind === "end") {
      t.flow.push(Flow.End);
      break;
    } else t.flow.push(Flow.Next);
    pc = next;
  }
  return t.insns.length === 0 ? null : t;
}
