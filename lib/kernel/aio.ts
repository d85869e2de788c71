/**
 * Linux AIO contexts (fs/aio.c) as plain data. io_setup maps a ring into
 * the process: a struct aio_ring header (id, nr, head, tail, magic,
 * features, header_length) followed by io_event slots, which libaio and
 * user-space reapers read. Completed requests go into that ring in guest
 * memory, exactly where Linux puts them; io_getevents takes them from the
 * head the guest sees. Requests on in-memory files complete when they are
 * submitted; IOCB_CMD_POLL requests stay pending until their file is ready.
 * @module
 */

import type { Memory } from "../exec/memory.ts";
import type { OpenFile } from "./fd_table.ts";
import type { Inode } from "./fs/inode.ts";

/** struct aio_ring's magic, features and header size; struct io_event's size. */
export const AIO_RING_MAGIC = 0xa10a10a1, AIO_RING_COMPAT_FEATURES = 1, AIO_RING_HEADER = 32;
export const IO_EVENT_SIZE = 32;

/** An IOCB_CMD_POLL request waiting for its file. */
export interface PendingPoll {
  file: OpenFile;
  /** Events asked for, plus POLLERR and POLLHUP. */
  events: number;
  /** aio_data and the iocb's user address (io_event.data and .obj). */
  data: bigint;
  obj: number;
  /** The eventfd to signal on completion (IOCB_FLAG_RESFD), or null. */
  resfd: OpenFile | null;
}

/** One AIO context (struct kioctx). */
export class AioContext {
  /** Polls not yet complete (Linux's active_reqs: the requests io_cancel can find). */
  polls: PendingPoll[] = [];
  /** The kernel's own tail (Linux's ctx->tail): where the next event goes, whatever the guest writes. */
  tail = 0;
  /** A thread blocked in io_submit on this context (0: none) and how many of its iocbs are done. */
  submitTid = 0;
  submitDone = 0;
  constructor(
    /** Index in the process's table (aio_ring.id). */
    readonly id: number,
    /** The ring's user address: the context id io_setup returns. */
    readonly addr: number,
    /** Bytes mapped for the ring (whole pages). */
    readonly size: number,
    /** io_event slots in the ring. */
    readonly nr: number,
    /** io_setup's nr_events (what the system-wide aio_nr counts). */
    readonly maxReqs: number,
    /** Bumped when events arrive: what a blocked io_getevents watches. */
    readonly inode: Inode,
  ) {}
}

/** Write the ring header of a new context. */
export function initRing(mem: Memory, ctx: AioContext): void {
  const h = new DataView(new ArrayBuffer(AIO_RING_HEADER));
  h.setUint32(0, ctx.id, true);
  h.setUint32(4, ctx.nr, true);
  h.setUint32(16, AIO_RING_MAGIC, true);
  h.setUint32(20, AIO_RING_COMPAT_FEATURES, true);
  h.setUint32(28, AIO_RING_HEADER, true);
  mem.writeBytes(ctx.addr, new Uint8Array(h.buffer));
}

/** The ring's head and tail as the guest sees them, reduced modulo the ring size. */
export function ringPositions(mem: Memory, ctx: AioContext): [number, number] {
  return [mem.read32(ctx.addr + 8) % ctx.nr, mem.read32(ctx.addr + 12) % ctx.nr];
}

/** Events in the ring not yet reaped. */
export function ringCount(mem: Memory, ctx: AioContext): number {
  const [head, tail] = ringPositions(mem, ctx);
  return (tail - head + ctx.nr) % ctx.nr;
}

/** Requests that may still be submitted (ring slots not taken by unreaped events or pending polls). */
export function reqsAvailable(mem: Memory, ctx: AioContext): number {
  return ctx.nr - 1 - ringCount(mem, ctx) - ctx.polls.length;
}

/** Post a completion to the ring (aio_complete) and wake waiters. */
export function postEvent(
  mem: Memory,
  ctx: AioContext,
  data: bigint,
  obj: number,
  res: number,
  res2 = 0,
): void {
  const tail = ctx.tail;
  const ev = new DataView(new ArrayBuffer(IO_EVENT_SIZE));
  ev.setBigUint64(0, data, true);
  ev.setBigUint64(8, BigInt(obj), true);
  ev.setBigInt64(16, BigInt(res), true);
  ev.setBigInt64(24, BigInt(res2), true);
  mem.writeBytes(ctx.addr + AIO_RING_HEADER + tail * IO_EVENT_SIZE, new Uint8Array(ev.buffer));
  ctx.tail = (tail + 1) % ctx.nr;
  mem.write32(ctx.addr + 12, ctx.tail);
  ctx.inode.pollGen++;
}

/** Take up to `max` events from the ring head (aio_read_events_ring), as raw io_event bytes. */
export function takeEvents(mem: Memory, ctx: AioContext, max: number): Uint8Array {
  const [head, tail] = ringPositions(mem, ctx);
  const n = Math.min(max, (tail - head + ctx.nr) % ctx.nr);
  const out = new Uint8Array(n * IO_EVENT_SIZE);
  for (let i = 0; i < n; i++) {
    const slot = (head + i) % ctx.nr;
    out.set(
      mem.readBytes(ctx.addr + AIO_RING_HEADER + slot * IO_EVENT_SIZE, IO_EVENT_SIZE),
      i * IO_EVENT_SIZE,
    );
  }
  return out;
}

/** Move the ring head past `n` reaped events. */
export function advanceHead(mem: Memory, ctx: AioContext, n: number): void {
  const [head] = ringPositions(mem, ctx);
  mem.write32(ctx.addr + 8, (head + n) % ctx.nr);
}
