/**
 * zstd over many chunks on two threads, synchronously. Compressing the 64
 * one-MiB chunks of a 64 MiB snapshot takes ~200 ms on one core; a helper
 * thread (`zstd_worker.ts`) takes every other chunk while the caller does the
 * rest. `Machine.snapshot()` and `Machine.restore()` stay synchronous: the
 * caller collects results with `Atomics.wait` and `receiveMessageOnPort`
 * instead of awaiting them.
 *
 * The helper is an optimization only. It starts on the first large batch and
 * takes work once it says it is ready, so a cold start never makes a batch
 * wait; if it cannot start (no workers here), fails, or stops answering, the
 * caller does the work itself. Results do not depend on which thread made
 * them: zstd output is a function of input and parameters.
 * @module
 */

import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from "node:worker_threads";
import { zstdCompress, zstdDecompress } from "./zstd.ts";

/** Batches of fewer bytes than this are done by the caller alone (and start no thread). */
const HELPER_MIN_BYTES = 4 << 20;
/** Jobs the helper may hold at once: one running, one queued. */
const IN_FLIGHT = 2;
/** How long a silent helper is waited for before the caller takes its jobs back. */
const HELPER_TIMEOUT_MS = 20_000;

/** First message to the helper: its reply port and the shared counter [completions, ready]. */
export interface PoolSetup {
  port: MessagePort;
  counter: SharedArrayBuffer;
}

/** A job: `rawLength` < 0 compresses `input[0, length)` at `level`, else decompresses it. */
export interface PoolJob {
  id: number;
  input: ArrayBuffer;
  length: number;
  level: number;
  rawLength: number;
}

/** A result (or the helper's error message), with the input buffer given back. */
export interface PoolReply {
  id: number;
  input: ArrayBuffer;
  out: ArrayBuffer | null;
  length: number;
  error?: string;
}

/** The helper thread and the buffers that travel to it and back. */
class Helper {
  private readonly counter: Int32Array;
  private received = 0;
  /** Jobs sent so far (each one's id is the count before it). */
  sent = 0;
  /** Jobs sent and not yet answered (including those of a batch abandoned by an exception). */
  inflight = 0;
  private readonly spare: ArrayBuffer[] = [];
  /** Copies of compression inputs while the helper has them, kept in case it fails. */
  private readonly backups: Uint8Array[] = [];
  alive = true;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    shared: SharedArrayBuffer,
  ) {
    this.counter = new Int32Array(shared);
  }

  /** Start the helper thread, or null if this runtime cannot. */
  static start(): Helper | null {
    try {
      const worker = new Worker(new URL("./zstd_worker.ts", import.meta.url));
      worker.unref();
      const { port1, port2 } = new MessageChannel();
      const shared = new SharedArrayBuffer(8);
      const h = new Helper(worker, port1, shared);
      worker.on("error", () => h.alive = false);
      worker.on("exit", () => h.alive = false);
      worker.postMessage({ port: port2, counter: shared } satisfies PoolSetup, [port2]);
      return h;
    } catch {
      return null;
    }
  }

  /** Has the thread started and set itself up? */
  ready(): boolean {
    return this.alive && Atomics.load(this.counter, 1) === 1;
  }

  /** Send a job whose input is a copy of `src` (in a buffer that comes back with the reply); returns its id. */
  send(src: Uint8Array, level: number, rawLength: number): number {
    const id = this.sent++;
    this.inflight++;
    let input = this.spare.pop();
    if (input === undefined || input.byteLength < src.length) {
      input = new ArrayBuffer(Math.max(src.length, 1 << 20));
    }
    new Uint8Array(input).set(src);
    const job: PoolJob = { id, input, length: src.length, level, rawLength };
    this.worker.postMessage(job, [input]);
    return id;
  }

  /** A copy of `src` in a reused buffer; give it back with `release`. */
  backup(src: Uint8Array): Uint8Array {
    let b = this.backups.pop();
    if (b === undefined || b.length < src.length) b = new Uint8Array(Math.max(src.length, 1 << 20));
    b.set(src);
    return b.subarray(0, src.length);
  }

  /** Return a buffer `backup` gave out. */
  release(b: Uint8Array): void {
    this.backups.push(new Uint8Array(b.buffer));
  }

  /** A reply that has arrived, if any. */
  poll(): PoolReply | undefined {
    const m = receiveMessageOnPort(this.port);
    if (m === undefined) return undefined;
    this.received++;
    this.inflight--;
    const reply = m.message as PoolReply;
    this.spare.push(reply.input);
    return reply;
  }

  /** The next reply, waiting for it; null if the helper died or went silent. */
  next(): PoolReply | null {
    for (;;) {
      const reply = this.poll();
      if (reply !== undefined) return reply;
      if (!this.alive) return null;
      // Wakes when the helper counts a completion past those received (at once if it already has).
      if (Atomics.wait(this.counter, 0, this.received, HELPER_TIMEOUT_MS) === "timed-out") {
        this.alive = false;
        return null;
      }
    }
  }
}

/** The helper: undefined until started, null if it cannot be. */
let helper: Helper | null | undefined;
/** Large batches seen so far (see `ZstdBatch`'s constructor). */
let largeBatches = 0;

/** Jobs the helper thread has been given in this process (for tests and measurements). */
export function helperJobs(): number {
  return helper?.sent ?? 0;
}

function startHelper(): void {
  if (helper === undefined) helper = Helper.start();
}

/** A job given to the helper: where its result goes, and what redoes it if the helper fails. */
interface Pending {
  index: number;
  /** Compress: a copy of the input (the caller's buffer is reused); decompress: the input. */
  input: Uint8Array;
  rawLength: number;
  what: string;
}

/**
 * One batch of chunks to compress or decompress, results in the order added.
 * For compression, `add`'s input may be reused by the caller once it returns.
 */
export class ZstdBatch {
  private readonly out: Uint8Array[] = [];
  /** This batch's jobs at the helper, by job id. */
  private readonly pending = new Map<number, Pending>();
  private readonly h: Helper | null;

  /** `totalBytes`: about how much the batch will process (decides whether to use the helper). */
  constructor(private readonly level: number, totalBytes: number) {
    const large = totalBytes >= HELPER_MIN_BYTES;
    if (large && helper === undefined) {
      // Starting a worker blocks this thread for ~100 ms, as much as the helper
      // saves on one 64 MiB batch: a one-off snapshot or restore (the CLI's)
      // runs alone and starts it once the event loop is idle; a second large
      // batch before then starts it at once, since more will likely follow.
      if (largeBatches++ === 0) Deno.unrefTimer(setTimeout(startHelper, 0));
      else startHelper();
    }
    // A helper started just now takes work from the moment it is ready (see `add`).
    this.h = large ? helper ?? null : null;
  }

  /** Compress `raw` (rawLength < 0) or decompress it to exactly `rawLength` bytes. */
  add(input: Uint8Array, rawLength = -1, what = "chunk"): void {
    const index = this.out.length;
    this.out.push(EMPTY);
    const h = this.h;
    if (h !== null && h.ready()) {
      for (let r = h.poll(); r !== undefined; r = h.poll()) this.take(r);
      // The helper gets the job if it has room; otherwise this thread does it meanwhile.
      if (h.inflight < IN_FLIGHT) {
        const id = h.send(input, this.level, rawLength);
        this.pending.set(id, {
          index,
          input: rawLength < 0 ? h.backup(input) : input,
          rawLength,
          what,
        });
        return;
      }
    }
    this.out[index] = this.local(input, rawLength, what);
  }

  /** Every result, in the order added (waits for the helper's). */
  results(): Uint8Array[] {
    while (this.pending.size > 0) this.settle();
    return this.out;
  }

  private local(input: Uint8Array, rawLength: number, what: string): Uint8Array {
    return rawLength < 0 ? zstdCompress(input, this.level) : zstdDecompress(input, rawLength, what);
  }

  /** Take one reply (or, if the helper is gone, do every pending job here); false if it was gone. */
  private settle(): boolean {
    const r = this.h!.next();
    if (r === null) {
      for (const p of this.pending.values()) {
        this.out[p.index] = this.local(p.input, p.rawLength, p.what);
      }
      this.pending.clear();
      return false;
    }
    this.take(r);
    return true;
  }

  /** Place the helper's result (redoing the job here if it failed). */
  private take(r: PoolReply): void {
    const p = this.pending.get(r.id);
    // A late reply to a batch that an exception abandoned: nobody wants it.
    if (p === undefined) return;
    this.pending.delete(r.id);
    if (p.rawLength < 0 && r.out !== null) this.h!.release(p.input);
    // An error is redone here, so that it is raised as the caller's own (e.g. a corrupt frame).
    this.out[p.index] = r.out === null
      ? this.local(p.input, p.rawLength, p.what)
      : new Uint8Array(r.out, 0, r.length);
  }
}

const EMPTY = new Uint8Array(0);
