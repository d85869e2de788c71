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
 * The caches are derived state: they hold nothing a snapshot needs. A full
 * cache evicts one block per translation: the least often entered of a
 * sample of blocks (every entry counts; counts halve as they age).
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

/** The decoded array of an evicted block: no page ever holds it, so the block is never valid. */
const RETIRED: (Insn | undefined)[] = [];

/** A translated block in the code cache. */
export class Block {
  /** Successor block of each static exit, once seen. */
  readonly succ: (Block | null)[];
  /** Last computed-exit target and its block. */
  lastRip = -1;
  lastBlock: Block | null = null;
  /** Entries since translation, halved as it ages (for eviction); and the count at the last halving. */
  runs = 0;
  aged = 0;
  /** Position in its cache's `ring`. */
  slot = -1;
  /** The first page and its decoded array (checked inline; RETIRED once evicted); the others, if any. */
  private readonly p0: Page;
  private d0: (Insn | undefined)[];
  private readonly more: boolean;

  constructor(
    readonly entry: number,
    readonly fn: BlockFn,
    /** Instructions in one pass. */
    readonly n: number,
    /** This machine's objects the function is called with. */
    readonly locals: unknown[],
    private readonly pages: Page[],
    private readonly decoded: (Insn | undefined)[][],
    exits: number,
  ) {
    this.succ = new Array(exits).fill(null);
    this.p0 = pages[0];
    this.d0 = decoded[0];
    this.more = pages.length > 1;
  }

  /**
   * Make the block permanently invalid (evicted) and drop its links, so that
   * blocks still chained to it keep nothing else alive.
   */
  retire(): void {
    this.d0 = RETIRED;
    this.succ.fill(null);
    this.lastBlock = null;
  }

  /** Are the block's pages unchanged since translation (and the block not evicted)? */
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
  /** Blocks evicted to make room (capacity). */
  evictions = 0;
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
      `${this.evictions} evicted`,
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
  /** Code cache capacity in blocks; a full cache evicts a block per translation (default 8192). */
  maxBlocks?: number;
}

/** Slots of the direct-mapped lookup table in front of the block map. */
const FAST_SLOTS = 4096;
/** Blocks an eviction compares (more is closer to true LFU and slower). */
const EVICT_SAMPLE = 16;
/** Retired instructions between halvings of a block's entry count. */
const AGE_INSNS = 1 << 20;

/** The translations of one address space. */
class CodeCache {
  readonly blocks: Map<number, Block> = new Map();
  /** Direct-mapped by entry address: serves computed jumps and returns without a map lookup. */
  readonly fast: (Block | null)[] = new Array(FAST_SLOTS).fill(null);
  /** Entries seen before translation, direct-mapped like `fast` (tag = address). */
  readonly heat: Int32Array = new Int32Array(FAST_SLOTS);
  readonly heatTag: Float64Array = new Float64Array(FAST_SLOTS).fill(-1);
  /** Times the block at an address was invalidated or evicted (raises its threshold). */
  readonly churn: Map<number, number> = new Map();
  /** The cached blocks (swap-removed), and where the next eviction sample starts. */
  readonly ring: Block[] = [];
  hand = 0;

  /** Add a new block. */
  add(b: Block, slot: number): void {
    this.blocks.set(b.entry, b);
    this.fast[slot] = b;
    b.slot = this.ring.length;
    this.ring.push(b);
  }

  /** Remove a block (evicted, or invalidated by a code change). */
  remove(b: Block): void {
    this.blocks.delete(b.entry);
    const slot = ((b.entry >>> 12) ^ b.entry) & (FAST_SLOTS - 1);
    if (this.fast[slot] === b) this.fast[slot] = null;
    const ring = this.ring, last = ring.pop()!;
    if (last !== b) {
      ring[b.slot] = last;
      last.slot = b.slot;
    }
    b.retire();
  }

  /**
   * Evict the least often entered of the next EVICT_SAMPLE blocks of the
   * ring (sampled LFU), `now` being the retired-instruction count. Counts of
   * sampled blocks are capped and halved once per AGE_INSNS, so blocks of
   * an earlier phase lose their standing while a burst of new translations
   * (a scan through code entered once per round) cannot push out the hot
   * loop. An evicted address waits longer before its next translation (like
   * code that keeps changing), so a program larger than the cache settles
   * with its hottest blocks translated instead of retranslating in a cycle.
   */
  evictOne(now: number): void {
    const ring = this.ring;
    let victim: Block | null = null;
    for (let i = 0; i < EVICT_SAMPLE && i < ring.length; i++) {
      if (this.hand >= ring.length) this.hand = 0;
      const b = ring[this.hand++];
      if (now - b.aged >= AGE_INSNS) {
        b.runs = Math.min(b.runs, 255) >>> 1;
        b.aged = now;
      }
      if (victim === null || b.runs < victim.runs) victim = b;
    }
    this.remove(victim!);
    this.churn.set(victim!.entry, (this.churn.get(victim!.entry) ?? 0) + 1);
  }
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
  private cache: CodeCache = new CodeCache();
  private cacheMem: Memory | null = null;
  private xcpu: Cpu | null = null;
  private xf: Float64Array = new Float64Array(0);

  constructor(opts: JitOptions = {}) {
    this.threshold = opts.threshold ?? 2000;
    this.maxBlocks = opts.maxBlocks ?? 8192;
  }

  /** Run until a stop: SYSCALL, a fault, or `budget` retired instructions (as `run` in interpreter.ts). */
  run(ctx: Ctx, budget: number): Stop {
    const cpu = ctx.cpu, mem: Memory & TlbFields = ctx.mem, st = this.stats;
    if (mem !== this.cacheMem) {
      let c = this.caches.get(mem);
      if (c === undefined) {
        c = new CodeCache();
        this.caches.set(mem, c);
      }
      this.cache = c;
      this.cacheMem = mem;
    }
    if (cpu !== this.xcpu) {
      this.xcpu = cpu;
      this.xf = new Float64Array(cpu.xmm.buffer);
    }
    const xf = this.xf, fast = this.cache.fast;
    const start = cpu.icount, end = start + budget, interp0 = st.interpInsns;
    cpu.stop = Stop.None;
    let b: Block | null = null;
    try {
      while (cpu.icount < end) {
        if (b === null) b = this.find(mem, cpu.rip, cpu.icount);
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
        b.runs++;
        const exit: number = b.fn(ctx, cpu, mem, this, end, xf, b.locals);
        st.blockRuns++;
        if (this.onBlockExit !== null) this.onBlockExit(cpu);
        if (cpu.stop !== Stop.None) return this.done(cpu.stop, start - interp0, cpu);
        // Chain: the successor cached on this exit, if still current.
        const rip = cpu.rip;
        let next: Block | null = exit >= 0 ? b.succ[exit] : b.lastRip === rip ? b.lastBlock : null;
        if (next !== null && next.valid()) {
          st.chained++;
          b = next;
          continue;
        }
        if (exit < 0) {
          // A computed exit to another target than last time (a switch's jump table, a return to
          // another caller): the direct-mapped table, inline.
          const f = fast[((rip >>> 12) ^ rip) & (FAST_SLOTS - 1)];
          if (f !== null && f.entry === rip && f.valid()) {
            st.lookups++;
            st.lookupHits++;
            b.lastRip = rip;
            b.lastBlock = f;
            b = f;
            continue;
          }
        }
        next = this.find(mem, rip, cpu.icount);
        if (next !== null && b.valid()) {
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

  /**
   * The valid cached block at `rip`, translating it if it has become hot;
   * null while cold. `now` is the retired-instruction count.
   */
  private find(mem: Memory, rip: number, now: number): Block | null {
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
      c.remove(b);
      st.invalidations++;
      c.churn.set(rip, (c.churn.get(rip) ?? 0) + 1);
    }
    // Entry counts are direct-mapped: a collision restarts the count, which only delays a block.
    let heat = 1;
    if (c.heatTag[slot] === rip) heat = c.heat[slot] + 1;
    else c.heatTag[slot] = rip;
    // Code that keeps being rewritten or evicted waits longer before each new translation.
    const churn = c.churn.size === 0 ? 0 : c.churn.get(rip) ?? 0;
    if (heat < this.threshold * 2 ** Math.min(churn, 16)) {
      c.heat[slot] = heat;
      return null;
    }
    c.heat[slot] = 0;
    return this.translate(mem, rip, now);
  }

  /**
   * Has execution often branched to `a`: a cached block starts there, or its
   * entry count has reached half the translation threshold?
   */
  private branchedTo(a: number): boolean {
    const c = this.cache, slot = ((a >>> 12) ^ a) & (FAST_SLOTS - 1);
    if (c.heatTag[slot] === a && c.heat[slot] * 2 >= this.threshold) return true;
    return c.blocks.has(a);
  }

  private translate(mem: Memory, rip: number, now: number): Block | null {
    const t0 = performance.now();
    const t = buildTrace(mem, rip, (a) => this.branchedTo(a));
    if (t === null) return null;
    const c = compileTrace(t);
    const cache = this.cache, st = this.stats;
    while (cache.blocks.size >= Math.max(1, this.maxBlocks)) {
      cache.evictOne(now);
      st.evictions++;
    }
    const b = new Block(rip, c.fn, t.insns.length, c.locals, t.pages, t.decoded, c.exits.length);
    b.aged = now;
    cache.add(b, ((rip >>> 12) ^ rip) & (FAST_SLOTS - 1));
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
