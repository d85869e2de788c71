/**
 * Code generation state for one trace: which guest register halves are held
 * in JS locals, where the flags are (see recipe.ts), and the building blocks
 * every instruction emitter uses: operand access, effective addresses, the
 * inlined TLB fast path with its slow path, exits, and calls into
 * interpreter handlers.
 *
 * Registers live in locals: every half the block writes is loaded at its
 * entry and stored back to `Cpu.r` in one shared tail that every exit breaks
 * to (exits only assign constants to `xr`/`xi`/`xe`), and in the fault catch.
 * So an exit costs no code of its own, and a rarely taken exit has nothing
 * in it for V8 to lack type feedback for (V8 optimizes a function once enough
 * of its bytecode has run, and deoptimizes at the first run of an operation
 * it has no feedback for). Handler calls get the halves they read stored
 * first. Flags stay in locals and are stored in the same tail. A fault
 * anywhere in a block is caught once: the index of the running instruction
 * (`kk`) selects its start-of-instruction flag recipe and address from
 * per-block tables.
 *
 * Exactness rule for emitters: an instruction performs every access that may
 * fault before it changes any register or flag, so the state at a fault is
 * exactly the state before the instruction.
 *
 * Only numbers formatted here and fixed identifiers ever reach the generated
 * source; guest-derived objects (Insn records, pages, handlers) are passed in
 * the constants array.
 * @module
 */

import type { Insn } from "../../decoder/insn.ts";
import { SEG_FS, SEG_NONE } from "../../decoder/insn.ts";
import { handlers } from "../handlers.ts";
import { cond, getArithFlags, getCF } from "../flags.ts";
import { generalProtection } from "../fault.ts";
import { read128, write128 } from "../ops/sse_common.ts";
import { TLB_SIZE } from "../memory.ts";
import {
  cfExpr,
  condExpr,
  DEAD,
  DYN,
  eflagsExpr,
  IN_CPU,
  isStatic,
  LOAD_DYN,
  materialize,
  storeFlags,
  toDyn,
} from "./recipe.ts";
import { Flow, type Trace } from "./trace.ts";

/**
 * MXCSR lets host doubles stand in for SSE double arithmetic: round to
 * nearest, no DAZ/FTZ, the precision exception already flagged and masked
 * (see ops_sse.ts; kept in the local `hf`).
 */
const HOST_FP_EXPR = "(cpu.mxcsr&0xf060)===0x1020";

/**
 * States of a register half (`Cpu.r` index): not in its local; in its local
 * and `Cpu.r`; in its local only (stored back at exits, or before a handler
 * that reads it).
 */
const NONE = 0, LOADED = 1, DIRTY = 2;

/** Format a number for the generated source (the only way guest values enter it). */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`translator: bad constant ${x}`);
  return x < 0 || Object.is(x, -0) ? `(${x})` : String(x);
}

/** Halves of a 64-bit constant given as a signed or unsigned JS integer. */
export function halves(x: number): [number, number] {
  return [x >>> 0, x < 0 ? 0xffffffff : Math.floor(x / 4294967296) >>> 0];
}

/**
 * Expression for floor(v / 2^32), the carry into the high half, where `v` is
 * a uint32 plus `delta` (|delta| < 2^32; NaN: of either sign). Comparisons
 * keep it an integer for V8 (Math.floor of a quotient made the sieve's
 * inner loop 15-20% slower).
 */
export function carryOf(v: string, delta: number): string {
  if (delta >= 0) return `(${v}>4294967295?1:0)`;
  if (delta < 0) return `(${v}<0?-1:0)`;
  return `(${v}>4294967295?1:${v}<0?-1:0)`;
}

/** Generated-code state and helpers for one trace. */
export class Emitter {
  private readonly out: string[] = [];
  /** Runtime helpers the generated code calls (module-level functions, bound to `K<i>` names). */
  readonly consts: ((...args: never[]) => unknown)[] = [];
  private readonly constNames = new Map<unknown, string>();
  /**
   * Objects of this machine the block uses (Insn records, pages and their
   * decoded arrays, fault tables): passed as the argument `L` at every
   * call, so that one compiled function can serve every machine running the
   * same code (compile.ts).
   */
  readonly locals: unknown[] = [];
  private readonly localNames = new Map<unknown, string>();
  /** Per `Cpu.r` index: NONE, LOADED or DIRTY. */
  readonly rs: Uint8Array = new Uint8Array(32);
  /** Halves the trace reads or writes. */
  readonly touched: Uint8Array = new Uint8Array(32);
  /** Halves the trace writes: loaded at entry, stored back by the exit tail and the fault catch. */
  private readonly written: Uint8Array = new Uint8Array(32);
  /** Positions in the output where every written half is reloaded (after full handler calls). */
  private readonly reloads: number[] = [];
  /** Flags: a `CC` kind, or IN_CPU / DYN / DEAD; and the recipe's operand size. */
  fop = IN_CPU;
  fsz = 4;
  /** Index of the instruction being emitted, and the instruction. */
  k = 0;
  d!: Insn;
  /** Targets of static exits, by exit number. */
  readonly exits: number[] = [];
  /** Head state of a loop block (halves preloaded; flags state at the head). */
  private headRs: Uint8Array | null = null;
  private headFop = DEAD;
  /** Per instruction: the flag recipe at its start (for the fault catch). */
  private readonly faultKind: Int32Array;
  private readonly faultSize: Int32Array;
  /** Per instruction: 1 when a fault in it leaves `Cpu.r` exact (a full handler call), else 0. */
  private readonly faultInR: Uint8Array;
  /** Set when a store of the current instruction may have invalidated this block's code. */
  private storesCode = false;
  private temp = 0;
  /** Temporaries declared (the most any instruction used). */
  private temps = 0;

  constructor(
    readonly trace: Trace,
    /** Per instruction: its flag results cannot be observed. */
    readonly deadFlags: boolean[],
    /** Can the flags at the trace entry be observed? */
    readonly flagsLiveIn: boolean,
  ) {
    this.faultKind = new Int32Array(trace.insns.length);
    this.faultSize = new Int32Array(trace.insns.length);
    this.faultInR = new Uint8Array(trace.insns.length);
  }

  // ---- output ---------------------------------------------------------------------------

  /** Append statements. */
  emit(s: string): void {
    this.out.push(s);
  }

  /**
   * Name of a runtime helper: a module-level function or value, the same in
   * every machine (runtime helpers never appear as source text).
   */
  constant(v: (...args: never[]) => unknown): string {
    let n = this.constNames.get(v);
    if (n === undefined) {
      n = `K${this.consts.length}`;
      this.consts.push(v);
      this.constNames.set(v, n);
    }
    return n;
  }

  /** Expression for an object of this machine (guest-derived objects never appear as source text). */
  local(v: unknown): string {
    let n = this.localNames.get(v);
    if (n === undefined) {
      n = `L[${this.locals.length}]`;
      this.locals.push(v);
      this.localNames.set(v, n);
    }
    return n;
  }

  /** A fresh temporary local (declared by `source`). */
  tmp(): string {
    if (this.temp === this.temps) this.temps++;
    return `t${this.temp++}`;
  }

  // ---- registers ----------------------------------------------------------------------

  private use(i: number): string {
    this.touched[i] = 1;
    if (this.rs[i] === NONE) {
      this.emit(`g${i}=R[${i}];`);
      this.rs[i] = LOADED;
    }
    return `g${i}`;
  }

  /** Low half of register n (loaded into its local if needed). */
  lo(n: number): string {
    return this.use(2 * n);
  }

  /** High half of register n. */
  hi(n: number): string {
    return this.use(2 * n + 1);
  }

  /** Assign a half (the expression must already be a uint32). */
  setHalf(i: number, expr: string): void {
    this.touched[i] = 1;
    this.written[i] = 1;
    this.emit(`g${i}=${expr};`);
    this.rs[i] = DIRTY;
  }

  /** Statements storing every dirty half to `Cpu.r` (the state is unchanged: for conditional paths). */
  private storeDirty(): string {
    let s = "";
    for (let i = 0; i < 32; i++) if (this.rs[i] === DIRTY) s += `R[${i}]=g${i};`;
    return s;
  }

  /**
   * Make `Cpu.r` current for the general registers an interpreter function
   * running `d` may read: its address's base and index, or the r/m register.
   */
  syncOperands(d: Insn): void {
    let s = "";
    for (const n of d.mod === 3 ? [d.rm] : [d.base, d.index]) {
      if (n < 0) continue;
      for (const i of [2 * n, 2 * n + 1]) {
        if (this.rs[i] !== DIRTY) continue;
        s += `R[${i}]=g${i};`;
        this.rs[i] = LOADED;
      }
    }
    if (s !== "") this.emit(s);
  }

  /** Read a register of `size` bytes (1: AH..BH without REX for 4..7); size 8 gives the low half. */
  reg(n: number, size: number, rex: boolean): string {
    switch (size) {
      case 1:
        if (!rex && n >= 4 && n < 8) return `((${this.lo(n - 4)}>>>8)&255)`;
        return `(${this.lo(n)}&255)`;
      case 2:
        return `(${this.lo(n)}&65535)`;
      default:
        return this.lo(n);
    }
  }

  /**
   * Write a register of `size` bytes: 4 zero-extends, 1 and 2 merge. `lo` and
   * `hi` must be simple names or constants (evaluated after earlier halves change).
   */
  setReg(n: number, size: number, rex: boolean, lo: string, hi: string): void {
    switch (size) {
      case 1:
        if (!rex && n >= 4 && n < 8) {
          const g = this.lo(n - 4);
          this.setHalf(2 * (n - 4), `((${g}&0xffff00ff)|((${lo}&255)<<8))>>>0`);
        } else {
          const g = this.lo(n);
          this.setHalf(2 * n, `((${g}&0xffffff00)|(${lo}&255))>>>0`);
        }
        return;
      case 2: {
        const g = this.lo(n);
        this.setHalf(2 * n, `((${g}&0xffff0000)|(${lo}&65535))>>>0`);
        return;
      }
      case 4:
        this.setHalf(2 * n, lo);
        this.setHalf(2 * n + 1, "0");
        return;
      default:
        this.setHalf(2 * n, lo);
        this.setHalf(2 * n + 1, hi);
    }
  }

  // ---- flags ----------------------------------------------------------------------------

  /**
   * Record the flags of a flag-setting instruction: kind `op` (a CC value),
   * operand/result expressions for the flag locals. Skipped when dead.
   * For `CC.Eflags` pass the flag mask as `res`.
   */
  setFlags(
    op: number,
    size: number,
    dst: string,
    dstH: string,
    src: string,
    srcH: string,
    res: string,
    resH: string,
  ): void {
    if (this.deadFlags[this.k]) {
      this.fop = DEAD;
      return;
    }
    this.emit(`fd=${dst};fdh=${dstH};fs=${src};fsh=${srcH};fr=${res};frh=${resH};`);
    this.fop = op;
    this.fsz = size;
  }

  /** Record flags given as an EFLAGS mask expression (only the six arithmetic bits are kept). */
  setEflags(mask: string): void {
    if (this.deadFlags[this.k]) {
      this.fop = DEAD;
      return;
    }
    this.emit(`fr=(${mask})&2261;`);
    this.fop = 0;
    this.fsz = 4;
  }

  /** Make the flags readable from `Cpu.cc*` (emitting the stores now). */
  flagsToCpu(): void {
    if (this.fop === IN_CPU) return;
    this.emit(materialize(this.fop, this.fsz));
    this.fop = IN_CPU;
  }

  /** Boolean expression of condition `cc` at this point. */
  cond(cc: number): string {
    if (!isStatic(this.fop)) {
      if (this.fop === DYN) this.flagsToCpu();
      return `${this.constant(cond)}(cpu,${cc})`;
    }
    return condExpr(this.fop, this.fsz, cc);
  }

  /** The six arithmetic flags as an EFLAGS mask expression at this point. */
  eflags(): string {
    if (!isStatic(this.fop)) {
      if (this.fop === DYN) this.flagsToCpu();
      return `${this.constant(getArithFlags)}(cpu)`;
    }
    return eflagsExpr(this.fop, this.fsz);
  }

  /** CF (0/1) expression at this point. */
  cf(): string {
    if (!isStatic(this.fop)) {
      if (this.fop === DYN) this.flagsToCpu();
      return `${this.constant(getCF)}(cpu)`;
    }
    return cfExpr(this.fop, this.fsz);
  }

  // ---- exits ---------------------------------------------------------------------------------

  /**
   * Statements leaving the block through the shared tail (source()): the
   * flag recipe, RIP, retired count and exit value go to locals.
   */
  private leave(rip: string, retired: string, value: number): string {
    let f: string;
    if (this.fop === IN_CPU) f = "fo=-1;";
    else if (this.fop === DEAD) throw new Error("translator: dead flags escape");
    else f = toDyn(this.fop, this.fsz);
    return `${f}xr=${rip};xi=${retired};xe=${value};break EXIT;`;
  }

  /** Statements of a static exit to `target` after `retired` instructions of this pass. */
  exitTo(target: number, retired: number): string {
    let e = this.exits.indexOf(target);
    if (e < 0) {
      e = this.exits.length;
      this.exits.push(target);
    }
    return this.leave(num(target), String(retired), e);
  }

  /** Statements of an exit whose RIP is computed (`rip` expression) after the current instruction. */
  exitDynamic(rip: string): string {
    return this.leave(rip, String(this.k + 1), -1);
  }

  /**
   * The current instruction transfers control to `target` (a taken Jcc, or a
   * JMP/CALL that ends the trace): the loop edge when it is the entry.
   */
  jumpTo(target: number): string {
    if (target === this.trace.entry && this.headRs !== null) return this.backEdge();
    return this.exitTo(target, this.k + 1);
  }

  /**
   * Statements of the loop edge: count the pass, leave at the entry if another
   * full pass might not fit the budget, else re-establish the head state
   * (reload halves a handler call dropped, flags as `DYN`) and iterate.
   */
  private backEdge(): string {
    const head = this.headRs!;
    const entry = this.trace.entry;
    let e = this.exits.indexOf(entry);
    if (e < 0) {
      e = this.exits.length;
      this.exits.push(entry);
    }
    let s = `ic+=${this.k + 1};if(ic+${this.trace.insns.length}>end){` +
      `${this.leave(num(entry), "0", e)}}`;
    for (let i = 0; i < 32; i++) if (head[i] !== NONE && this.rs[i] === NONE) s += `g${i}=R[${i}];`;
    if (this.headFop === DYN) s += toDyn(this.fop, this.fsz);
    return `${s}continue;`;
  }

  // ---- interpreter calls ---------------------------------------------------------------

  /**
   * Run the current instruction with the interpreter's handler (flags stored,
   * RIP at the next instruction), then leave if it stopped the loop, branched,
   * or invalidated this block's code. Afterwards registers are reloaded lazily
   * and the flags are in `Cpu`.
   */
  fallback(): void {
    const d = this.d;
    const next = d.addr + d.len;
    this.emit(this.handlerCall());
    // A handler that faults may have changed flags and registers already (REP MOVS): the catch
    // must keep them.
    this.faultKind[this.k] = IN_CPU;
    this.faultInR[this.k] = 1;
    this.rs.fill(NONE);
    this.fop = IN_CPU;
    // Leaving here needs no tail: `Cpu.r` is exact and the flags are in `Cpu`.
    if (this.trace.flow[this.k] === Flow.End) {
      this.emit(`cpu.icount=ic+${this.k + 1};return -1;`);
      return;
    }
    this.emit(
      `if(cpu.stop!==0||cpu.rip!==${num(next)}||${this.codeChanged()}){` +
        `cpu.icount=ic+${this.k + 1};return -1;}`,
    );
    // The handler may have changed any register: the written halves' locals are refreshed.
    this.reloads.push(this.out.length);
    this.emit("");
  }

  /**
   * Statements running the current instruction through its interpreter
   * handler: dirty registers and flags stored, retired count and RIP (the
   * next instruction) set. The caller accounts for what the handler may change.
   */
  handlerCall(): string {
    const d = this.d;
    const h = this.constant(handlers[d.op]), dn = this.local(d);
    return `${this.storeDirty()}${materialize(this.fop, this.fsz)}cpu.icount=ic+${this.k};` +
      `cpu.rip=${num(d.addr + d.len)};${h}(ctx,${dn});hf=${HOST_FP_EXPR};`;
  }

  /** Expression: has any page of this block been written, unmapped or made non-executable? */
  codeChanged(): string {
    const t = this.trace;
    const parts: string[] = [];
    for (let i = 0; i < t.pages.length; i++) {
      parts.push(`${this.local(t.pages[i])}.decoded!==${this.local(t.decoded[i])}`);
    }
    return parts.join("||");
  }

  // ---- memory ---------------------------------------------------------------------------

  /**
   * Compute the effective address of the current instruction's memory operand
   * into the locals `al`/`ah` (32-bit halves), like `ea()` in operands.ts.
   */
  addr(d: Insn): void {
    this.offset(d);
    if (d.seg === SEG_NONE) return;
    // FS/GS: the base is added after the offset is summed (and truncated, for 32-bit addressing).
    this.emit(
      `sb=cpu.${d.seg === SEG_FS ? "fsBase" : "gsBase"};ad=al+sb%4294967296;` +
        `ah=(ah+Math.floor(sb/4294967296)+(ad>4294967295?1:0))>>>0;al=ad>>>0;`,
    );
  }

  /** The effective address without a segment base into `al`/`ah`. */
  private offset(d: Insn): void {
    const [dl, dh] = halves(d.disp);
    if (d.base < 0 && d.index < 0) {
      this.emit(`al=${dl};ah=${d.adsize === 4 ? 0 : dh};`);
      return;
    }
    let lo = "", hi = "";
    if (d.base >= 0) {
      lo = this.lo(d.base);
      hi = this.hi(d.base);
    }
    if (d.index >= 0) {
      const il = this.lo(d.index), ih = this.hi(d.index);
      const m = d.scale === 1 ? "" : `*${d.scale}`;
      lo = lo === "" ? `${il}${m}` : `${lo}+${il}${m}`;
      hi = hi === "" ? `${ih}${m}` : `${hi}+${ih}${m}`;
    }
    if (d.adsize === 4) {
      this.emit(`al=(${lo}+${num(d.disp)})>>>0;ah=0;`);
      return;
    }
    if (d.index < 0 && d.disp === 0) {
      this.emit(`al=${lo};ah=${hi};`);
      return;
    }
    if (d.index < 0) {
      this.emit(`ad=${lo}+${num(d.disp)};al=ad>>>0;ah=(${hi}+${carryOf("ad", d.disp)})>>>0;`);
      return;
    }
    // With the displacement as unsigned halves the sums are non-negative and below 2^36, exact
    // in a double; the carry into the high half is their quotient by 2^32, truncated.
    const disp = dl === 0 ? "" : `+${dl}`, dispH = dh === 0 ? "" : `+${dh}`;
    this.emit(`ad=${lo}${disp};al=ad>>>0;ah=(${hi}${dispH}+((ad/4294967296)|0))>>>0;`);
  }

  /** Address of the stack slot at RSP + `delta` into `al`/`ah`. */
  stackAddr(delta: number): void {
    const lo = this.lo(4), hi = this.hi(4);
    if (delta === 0) this.emit(`al=${lo};ah=${hi};`);
    else this.emit(`ad=${lo}+${num(delta)};al=ad>>>0;ah=(${hi}+${carryOf("ad", delta)})>>>0;`);
  }

  /** The TLB probe shared by loads and stores of `size` bytes at `al`/`ah`. */
  private probe(tag: string, size: number): string {
    const fits = size === 1 ? "" : `&&of<=${4096 - size}`;
    return `pg=ah*1048576+(al>>>12);ix=(al>>>12)&${TLB_SIZE - 1};of=al&4095;` +
      `if(${tag}[ix]===pg${fits})`;
  }

  /** Load `size` bytes at `al`/`ah` into locals `v` (and `vh` for size 8). */
  load(size: number, v: string, vh = ""): void {
    const a = "ah*4294967296+al";
    let fast: string, slow: string;
    switch (size) {
      case 1:
        fast = `${v}=rD[ix].getUint8(of);`;
        slow = `${v}=mem.read8(${a});`;
        break;
      case 2:
        fast = `${v}=rD[ix].getUint16(of,true);`;
        slow = `${v}=mem.read16(${a});`;
        break;
      case 4:
        fast = `${v}=rD[ix].getUint32(of,true);`;
        slow = `${v}=mem.read32(${a});`;
        break;
      default:
        fast = `dv=rD[ix];${v}=dv.getUint32(of,true);${vh}=dv.getUint32(of+4,true);`;
        slow = `${v}=mem.read64(${a});${vh}=mem.hi;`;
    }
    this.emit(`${this.probe("rT", size)}{${fast}}else{${slow}}`);
  }

  /** Store `size` bytes (`v`, and `vh` for size 8) at `al`/`ah`. */
  store(size: number, v: string, vh = "0"): void {
    const a = "ah*4294967296+al";
    let fast: string, slow: string;
    switch (size) {
      case 1:
        fast = `wD[ix].setUint8(of,${v});`;
        slow = `mem.write8(${a},${v});`;
        break;
      case 2:
        fast = `wD[ix].setUint16(of,${v},true);`;
        slow = `mem.write16(${a},${v});`;
        break;
      case 4:
        fast = `wD[ix].setUint32(of,${v},true);`;
        slow = `mem.write32(${a},${v});`;
        break;
      default:
        fast = `dv=wD[ix];dv.setUint32(of,${v},true);dv.setUint32(of+4,${vh},true);`;
        slow = `mem.write64(${a},${v},${vh});`;
    }
    // Stores to code pages always take the slow path (Memory keeps them out of the write TLB).
    this.emit(
      `${this.probe("wT", size)}{${fast}}else{${slow}if(${this.codeChanged()})sm=1;}`,
    );
    this.storesCode = true;
  }

  /**
   * Try a load of `size` bytes at `al`/`ah` from the read TLB only: sets the
   * local `ok` to 1 and runs `body` (with `dv`, `of` in scope) on a hit, `ok`
   * = 0 otherwise (the caller then takes its own slow path).
   */
  tryLoad(size: number, body: string): void {
    this.emit(`ok=0;${this.probe("rT", size)}{dv=rD[ix];${body}ok=1;}`);
  }

  /** Raise #GP unless `al` is 16-byte aligned (legacy SSE rule, checked before paging). */
  alignCheck(): void {
    this.emit(`if((al&15)!==0)${this.constant(generalProtection)}();`);
  }

  /** Load 16 bytes at `al`/`ah` into XMM dwords `o`..`o+3`. */
  load128(o: number): void {
    this.emit(
      `${this.probe("rT", 16)}{dv=rD[ix];X[${o}]=dv.getUint32(of,true);` +
        `X[${o + 1}]=dv.getUint32(of+4,true);X[${o + 2}]=dv.getUint32(of+8,true);` +
        `X[${o + 3}]=dv.getUint32(of+12,true);}else{` +
        `${this.constant(read128)}(ctx,ah*4294967296+al,X,${o});}`,
    );
  }

  /** Store XMM dwords `o`..`o+3` as 16 bytes at `al`/`ah` (all or nothing). */
  store128(o: number): void {
    this.emit(
      `${this.probe("wT", 16)}{dv=wD[ix];dv.setUint32(of,X[${o}],true);` +
        `dv.setUint32(of+4,X[${o + 1}],true);dv.setUint32(of+8,X[${o + 2}],true);` +
        `dv.setUint32(of+12,X[${o + 3}],true);}else{` +
        `${this.constant(write128)}(ctx,ah*4294967296+al,X,${o});` +
        `if(${this.codeChanged()})sm=1;}`,
    );
    this.storesCode = true;
  }

  // ---- driving ------------------------------------------------------------------------

  /** Start instruction `k`. */
  begin(k: number): void {
    this.k = k;
    this.d = this.trace.insns[k];
    this.storesCode = false;
    this.temp = 0;
    this.faultKind[k] = this.fop;
    this.faultSize[k] = this.fsz;
    this.emit(`kk=${k};`);
  }

  /**
   * Finish instruction `k`: if one of its stores hit this block's code, leave
   * before running anything stale (at the instruction's successor).
   */
  end(): void {
    if (!this.storesCode) return;
    const d = this.d, f = this.trace.flow[this.k];
    const next = f === Flow.Follow || f === Flow.Loop || f === Flow.Jump
      ? d.target
      : d.addr + d.len;
    this.emit(`if(sm===1){${this.exitDynamic(num(next))}}`);
  }

  /** Set up the loop head (call before emitting the first instruction of a looping trace). */
  startLoop(touched: Uint8Array): void {
    const head = new Uint8Array(32);
    for (let i = 0; i < 32; i++) {
      if (touched[i] === 0) continue;
      this.emit(`g${i}=R[${i}];`);
      head[i] = LOADED;
    }
    if (this.flagsLiveIn) {
      this.emit(LOAD_DYN);
      this.headFop = DYN;
    } else this.headFop = DEAD;
    this.headRs = head;
    this.rs.set(head);
    // A half may come back dirty from the previous pass.
    for (let i = 0; i < 32; i++) if (head[i] !== NONE) this.rs[i] = DIRTY;
    this.fop = this.headFop;
    this.emit("for(;;){");
  }

  /** The complete source of the factory `function(K)` returning the block function. */
  source(): string {
    const t = this.trace;
    const pcs = Float64Array.from(t.insns, (d) => d.addr);
    const mf = this.constant(storeFlags), fk = this.local(this.faultKind);
    const fs = this.local(this.faultSize), pc = this.local(pcs);
    let temps = "";
    for (let i = 0; i < this.temps; i++) temps += `,t${i}=0`;
    let regs = "", load = "", store = "";
    for (let i = 0; i < 32; i++) {
      if (this.written[i]) {
        regs += `,g${i}=R[${i}]`;
        load += `g${i}=R[${i}];`;
        store += `R[${i}]=g${i};`;
      } else if (this.touched[i]) regs += `,g${i}=0`;
    }
    for (const at of this.reloads) this.out[at] = load;
    // A fault inside a full handler call leaves `Cpu.r` as the handler left it.
    const faultStore = store === "" || !this.faultInR.includes(1)
      ? store
      : `if(${this.local(this.faultInR)}[kk]===0){${store}}`;
    const binds = this.consts.map((_, i) => `K${i}=K[${i}]`).join(",");
    const body = this.out.join("\n");
    const flags = "fd,fdh,fs,fsh,fr,frh,fc";
    return `"use strict";const ${binds},MF=${mf};` +
      `return function B${t.entry.toString(16)}(ctx,cpu,mem,E,end,XF,L){` +
      "const R=cpu.r,X=cpu.xmm,rT=mem.rTag,rD=mem.rDv,wT=mem.wTag,wD=mem.wDv,PT=E.parity;" +
      `let ic=cpu.icount,kk=0,fo=0,fz=0,fd=0,fdh=0,fs=0,fsh=0,fr=0,frh=0,fc=0,al=0,ah=0,ad=0,` +
      `pg=0,ix=0,of=0,sm=0,ok=0,dv=null,xr=0,xi=0,xe=0,sb=0,hf=${HOST_FP_EXPR}${temps}${regs};` +
      `EXIT:{try{\n${body}\n}catch(x){${faultStore}` +
      `const q=${fk}[kk];if(q>=0)MF(cpu,q,${fs}[kk],${flags});else if(q===${DYN})` +
      `MF(cpu,fo,fz,${flags});cpu.icount=ic+kk;E.pc=${pc}[kk];throw x;}}\n` +
      `${store}if(fo>=0)MF(cpu,fo,fz,${flags});cpu.rip=xr;cpu.icount=ic+xi;return xe;}`;
  }
}
