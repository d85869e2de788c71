/**
 * The translating executor: a drop-in for the interpreter's `run(ctx,
 * budget)`. Code is interpreted block by block until an entry address has
 * been reached `threshold` times; then its superblock is translated to a JS
 * function and cached. Blocks chain: each remembers the block reached through
 * each of its static exits, and the last target of its computed exit (a
 * one-entry cache that serves most returns), so steady-state dispatch needs
 * no map lookup.
 *
 * Exactness: a block runs only if the full pass fits in the budget (else the
 * remainder is interpreted), so stopping after exactly N instructions works;
 * faults inside a block leave `Cpu` as the interpreter would, RIP at the
 * faulting instruction. Blocks are validated against their pages' decoded
 * arrays at every entry, so code writes, unmaps and mprotects invalidate them.
 *
 * Each address space (forked processes have their own) gets a code cache.
 * The caches are derived state: they hold nothing a snapshot needs, and a
 * cache is flushed whole when it is full.
 * @module
 */

import { type Cpu, Stop } from "../cpu.ts";
import { GuestFault } from "../fault.ts";
import { PARITY } from "../flags.ts";
import { handlers } from "../handlers.ts";
import { fetchInsn, recordFault } from "../interpreter.ts";
import { type Memory, type Page, PAGE_SIZE } from "../memory.ts";
import type { Ctx } from "../operands.ts";
import type { Insn } from "../../decoder/insn.ts";
import { type BlockEnv, type BlockFn, compileTrace } from "./compile.ts";
import { buildTrace } from "./trace.ts";

/**
 * The Memory fields generated code reads by name (`mem.rTag[ix] === vpn`,
 * then `mem.rDv[ix]`...): this type fails to compile if they are renamed.
 */
type TlbFields = Pick<Memory, "rTag" | "rDv" | "wTag" | "wDv">;

/** A translated block in the code cache. */
export class Block {
  /** Successor block of each static exit, once seen. */
  readonly succ: (Block | null)[];
  /** Last computed-exit target and its block. */
  lastRip = -1;
  lastBlock: Block | null = null;
  /** The first page and its decoded array (checked inline); the others, if any. */
  private readonly p0: Page;
  private readonly d0: (Insn | undefined)[];
  private readonly more: boolean;

  constructor(
    readonly entry: number,
    readonly fn: BlockFn,
    /** Instructions in one pass. */
    readonly n: number,
    private readonly pages: Page[],
    private readonly decoded: (Insn | undefined)[][],
    exits: number,
    /** Cache generation the block belongs to (chains never cross a flush). */
    readonly gen: number,
  ) {
    this.succ = new Array(exits).fill(null);
    this.p0 = pages[0];
    this.d0 = decoded[0];
    this.more = pages.length > 1;
  }

  /** Are the block's pages unchanged since translation? */
  valid(): boolean {
    if (this.p0.decoded !== this.d0) return false;
    if (!this.more) return true;
    const p = this.pages, dec = this.decoded;
    for (let i = 1; i < p.length; i++) if (p[i].decoded !== dec[i]) return false;
    return true;
  }
}

/** Translator counters (`--stats`). */
export class JitStats {
  /** Blocks translated, and their total generated source size. */
  translations = 0;
  sourceBytes = 0;
  /** Blocks dropped because their code changed. */
  invalidations = 0;
  /** Whole-cache flushes (capacity). */
  flushes = 0;
  /** Block executions; of those reached through a chain; and cache lookups that hit. */
  blockRuns = 0;
  chained = 0;
  lookups = 0;
  lookupHits = 0;
  /** Instructions retired by translated code and by the interpreter. */
  jitInsns = 0;
  interpInsns = 0;
  /** Wall time spent translating (ms). */
  translateMs = 0;

  /** Human-readable summary (`--stats`). */
  lines(): string[] {
    const pct = (a: number, b: number): string => `${b === 0 ? 0 : Math.round((100 * a) / b)}%`;
    return [
      `translator: ${this.translations} blocks translated (${
        Math.round(this.sourceBytes / 1024)
      } KiB ` +
      `of JS, ${Math.round(this.translateMs)} ms), ${this.invalidations} invalidated, ` +
      `${this.flushes} cache flushes`,
      `translator: ${this.blockRuns} block runs, ${pct(this.chained, this.blockRuns)} chained, ` +
      `cache lookups ${this.lookups} (${pct(this.lookupHits, this.lookups)} hits)`,
      `translator: ${pct(this.jitInsns, this.jitInsns + this.interpInsns)} of instructions ` +
      `translated (${this.jitInsns} translated, ${this.interpInsns} interpreted)`,
    ];
  }
}

/** Tuning of the translator. */
export interface JitOptions {
  /**
   * Entries of an address before its block is translated (default 2000: V8 compiles generated
   * code slowly and runs it slowly until it is hot, so only hot code pays off; measured).
   */
  threshold?: number;
  /** Code cache capacity in blocks; the cache is flushed when full (default 8192). */
  maxBlocks?: number;
}

/** Slots of the direct-mapped lookup table in front of the block map. */
const FAST_SLOTS = 4096;

/** The translations of one address space. */
class CodeCache {
  readonly blocks: Map<number, Block> = new Map();
  /** Direct-mapped by entry address: serves computed jumps and returns without a map lookup. */
  readonly fast: (Block | null)[] = new Array(FAST_SLOTS).fill(null);
  /** Entries seen before translation, direct-mapped like `fast` (tag = address). */
  readonly heat: Int32Array = new Int32Array(FAST_SLOTS);
  readonly heatTag: Float64Array = new Float64Array(FAST_SLOTS).fill(-1);
  /** Times the block at an address was invalidated (raises its threshold). */
  readonly churn: Map<number, number> = new Map();
  constructor(public gen: number) {}
}

/** The translating executor (one per machine; a code cache per address space). */
export class Jit implements BlockEnv {
  pc = 0;
  readonly parity: Uint8Array = PARITY;
  readonly stats: JitStats = new JitStats();
  /** Called after every block (translated or interpreted); used by co-simulation. */
  onBlockExit: ((cpu: Cpu) => void) | null = null;
  /** Entries before translation, and cache capacity (see JitOptions; may be changed any time). */
  threshold: number;
  maxBlocks: number;

  private readonly caches = new WeakMap<Memory, CodeCache>();
  private cache: CodeCache = new CodeCache(0);
  private cacheMem: Memory | null = null;
  private gens = 0;
  private xcpu: Cpu | null = null;
  private xf: Float64Array = new Float64Array(0);

  constructor(opts: JitOptions = {}) {
    this.threshold = opts.threshold ?? 2000;
    this.maxBlocks = opts.maxBlocks ?? 8192;
  }

  /** Drop every translation of the current address space (hot addresses stay hot). */
  private flush(): void {
    const c = this.cache;
    c.blocks.clear();
    c.fast.fill(null);
    c.gen = ++this.gens;
    this.stats.flushes++;
  }

  /** Run until a stop: SYSCALL, a fault, or `budget` retired instructions (as `run` in interpreter.ts). */
  run(ctx: Ctx, budget: number): Stop {
    const cpu = ctx.cpu, mem: Memory & TlbFields = ctx.mem, st = this.stats;
    if (mem !== this.cacheMem) {
      let c = this.caches.get(mem);
      if (c === undefined) {
        c = new CodeCache(++this.gens);
        this.caches.set(mem, c);
      }
      this.cache = c;
      this.cacheMem = mem;
    }
    const cache = this.cache;
    if (cpu !== this.xcpu) {
      this.xcpu = cpu;
      this.xf = new Float64Array(cpu.xmm.buffer);
    }
    const xf = this.xf;
    const start = cpu.icount, end = start + budget, interp0 = st.interpInsns;
    cpu.stop = Stop.None;
    let b: Block | null = null;
    try {
      while (cpu.icount < end) {
        if (b === null) b = this.find(mem, cpu.rip);
        if (b === null || cpu.icount + b.n > end) {
          // Cold code, or a block that might not fit the budget: interpret a stretch.
          const before = cpu.icount;
          const stop = this.interpret(ctx, end);
          st.interpInsns += cpu.icount - before;
          if (this.onBlockExit !== null) this.onBlockExit(cpu);
          if (stop !== Stop.None) return this.done(stop, start - interp0, cpu);
          b = null;
          continue;
        }
        const exit: number = b.fn(ctx, cpu, mem, this, end, xf);
        st.blockRuns++;
        if (this.onBlockExit !== null) this.onBlockExit(cpu);
        if (cpu.stop !== Stop.None) return this.done(cpu.stop, start - interp0, cpu);
        // Chain: the successor cached on this exit, if still current.
        const rip = cpu.rip;
        let next: Block | null = exit >= 0 ? b.succ[exit] : b.lastRip === rip ? b.lastBlock : null;
        if (next !== null && next.gen === cache.gen && next.valid()) {
          st.chained++;
          b = next;
          continue;
        }
        next = this.find(mem, rip);
        if (next !== null && b.gen === cache.gen) {
          if (exit >= 0) b.succ[exit] = next;
          else {
            b.lastRip = rip;
            b.lastBlock = next;
          }
        }
        b = next;
      }
      return this.done(Stop.Budget, start - interp0, cpu);
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e;
      return this.done(recordFault(cpu, e, this.pc), start - interp0, cpu);
    }
  }

  /**
   * Account the run's translated instructions and return `stop`; `base` is
   * the starting count minus the interpreted count at the start.
   */
  private done(stop: Stop, base: number, cpu: Cpu): Stop {
    const st = this.stats;
    st.jitInsns += cpu.icount - base - st.interpInsns;
    return stop;
  }

  /** The valid cached block at `rip`, translating it if it has become hot; null while cold. */
  private find(mem: Memory, rip: number): Block | null {
    const st = this.stats, c = this.cache;
    st.lookups++;
    const slot = ((rip >>> 12) ^ rip) & (FAST_SLOTS - 1);
    const f = c.fast[slot];
    if (f !== null && f.entry === rip && f.valid()) {
      st.lookupHits++;
      return f;
    }
    const b = c.blocks.get(rip);
    if (b !== undefined) {
      if (b.valid()) {
        st.lookupHits++;
        c.fast[slot] = b;
        return b;
      }
      c.blocks.delete(rip);
      st.invalidations++;
      c.churn.set(rip, (c.churn.get(rip) ?? 0) + 1);
    }
    // Entry counts are direct-mapped: a collision restarts the count, which only delays a block.
    let heat = 1;
    if (c.heatTag[slot] === rip) heat = c.heat[slot] + 1;
    else c.heatTag[slot] = rip;
    // Code that keeps being rewritten waits longer before each new translation.
    const churn = c.churn.size === 0 ? 0 : c.churn.get(rip) ?? 0;
    if (heat < this.threshold * 2 ** Math.min(churn, 16)) {
      c.heat[slot] = heat;
      return null;
    }
    c.heat[slot] = 0;
    return this.translate(mem, rip);
  }

  private translate(mem: Memory, rip: number): Block | null {
    const t0 = performance.now();
    const t = buildTrace(mem, rip);
    if (t === null) return null;
    const c = compileTrace(t);
    const cache = this.cache;
    if (cache.blocks.size >= this.maxBlocks) this.flush();
    const b = new Block(rip, c.fn, t.insns.length, t.pages, t.decoded, c.exits.length, cache.gen);
    cache.blocks.set(rip, b);
    cache.fast[((rip >>> 12) ^ rip) & (FAST_SLOTS - 1)] = b;
    const st = this.stats;
    st.translations++;
    st.sourceBytes += c.source.length;
    st.translateMs += performance.now() - t0;
    return b;
  }

  /**
   * Interpret from RIP until a taken branch, a stop or the end of the budget
   * (cold code and budget tails). Returns Stop.None when the run just ended.
   */
  private interpret(ctx: Ctx, end: number): Stop {
    const cpu = ctx.cpu, mem = ctx.mem;
    let rip = cpu.rip;
    // The current code page and its decoded array, revalidated like the interpreter's loop does.
    let vpn = -1, page: Page | null = null, decoded: (Insn | undefined)[] | null = null;
    try {
      while (cpu.icount < end) {
        rip = cpu.rip;
        const v = Math.floor(rip / PAGE_SIZE);
        if (v !== vpn || page!.decoded !== decoded) {
          page = mem.codePage(rip);
          decoded = page.decoded;
          vpn = v;
        }
        let d = decoded![rip - v * PAGE_SIZE];
        if (d === undefined) d = fetchInsn(mem, rip);
        const next = rip + d.len;
        cpu.rip = next;
        handlers[d.op](ctx, d);
        cpu.icount++;
        if (cpu.stop !== Stop.None) return cpu.stop;
        if (cpu.rip !== next) break;
      }
      return Stop.None;
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e;
      return recordFault(cpu, e, rip);
    }
  }
}
