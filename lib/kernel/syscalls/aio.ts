/**
 * Linux native AIO: io_setup, io_destroy, io_submit, io_getevents,
 * io_pgetevents and io_cancel (fs/aio.c) over the contexts of
 * lib/kernel/aio.ts. Reads, writes and syncs run at submission (in-memory
 * files have nothing to wait for; a blocking pipe or eventfd blocks
 * io_submit itself, as Linux's synchronous buffered AIO does); polls wait
 * for their file. io_getevents blocks as an io wait on the context.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import type { OpenFile } from "../fd_table.ts";
import { FsKind } from "../fs/inode.ts";
import { fileRead, fileWrite } from "../file_io.ts";
import {
  advanceHead,
  AIO_RING_HEADER,
  AioContext,
  initRing,
  IO_EVENT_SIZE,
  type PendingPoll,
  postEvent,
  reqsAvailable,
  ringCount,
  takeEvents,
} from "../aio.ts";
import {
  nextTimerEvent,
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLOUT,
  POLLRDNORM,
  POLLWRNORM,
  readiness,
  waitIo,
  watchedInodes,
} from "../ready.ts";
import { placement } from "./mm.ts";
import { gather, iovTotal, readIovecs, scatter } from "./rw.ts";
import { withWaitMask } from "./sigwait.ts";
import { fileOf } from "./common.ts";
import { unblock, WouldBlock } from "../thread.ts";
import { PAGE_SIZE, PROT_READ, PROT_WRITE } from "../../exec/memory.ts";
import {
  accessOk,
  arg,
  argInt,
  argLong,
  copyIn,
  copyOut,
  MAX_RW_COUNT,
  readI64,
  readU64,
} from "./uaccess.ts";
import { EAGAIN, EBADF, EFAULT, EINPROGRESS, EINVAL, EOPNOTSUPP, Errno, fail } from "../errno.ts";

const IOCB_CMD_PREAD = 0,
  IOCB_CMD_PWRITE = 1,
  IOCB_CMD_FSYNC = 2,
  IOCB_CMD_FDSYNC = 3,
  IOCB_CMD_POLL = 5,
  IOCB_CMD_PREADV = 7,
  IOCB_CMD_PWRITEV = 8;
const IOCB_FLAG_RESFD = 1;
/** RWF_HIPRI, RWF_DSYNC, RWF_SYNC, RWF_NOWAIT, RWF_APPEND, RWF_NOAPPEND, RWF_ATOMIC, RWF_DONTCACHE. */
const RWF_SUPPORTED = 0xff;
/** sysctl fs.aio-max-nr. */
const AIO_MAX_NR = 65536;
/** MAP_SHARED | MAP_ANONYMOUS: the ring is shared memory of the aio file system. */
const RING_FLAGS = 0x21;
/** Possible CPUs of this machine (Linux sizes rings per CPU). */
const NR_CPUS = 1;

/** The context `id` names (the ring address), or null; a bad address is no context (EINVAL). */
function lookup(p: Process, id: number): AioContext | null {
  let index: number;
  try {
    index = p.mem.read32(id + 0);
  } catch {
    return null;
  }
  const ctx = p.aio[index] ?? null;
  return ctx !== null && ctx.addr === id ? ctx : null;
}

/** Events every context of the machine reserves (Linux's aio_nr). */
function aioNr(k: Kernel): number {
  let n = 0;
  for (const q of k.vfs.procs.values()) for (const c of q.aio) n += c?.maxReqs ?? 0;
  return n;
}

/** io_setup(nr_events, ctxp) */
export function sysIoSetup(k: Kernel, p: Process): number {
  const req = argInt(p.cpu, 0) >>> 0, ctxp = arg(p.cpu, 1);
  if (readU64(p.mem, ctxp) !== 0 || req === 0) fail(EINVAL);
  let nr = (Math.max(req, NR_CPUS * 4) * 2) >>> 0;
  if (nr > 0x10000000 / IO_EVENT_SIZE) fail(EINVAL);
  if (nr === 0 || req > AIO_MAX_NR) fail(EAGAIN);
  nr += 2;
  const pages = Math.ceil((AIO_RING_HEADER + nr * IO_EVENT_SIZE) / PAGE_SIZE);
  const size = pages * PAGE_SIZE;
  nr = (size - AIO_RING_HEADER) / IO_EVENT_SIZE;
  if (aioNr(k) + req > AIO_MAX_NR) fail(EAGAIN);
  let id = p.aio.indexOf(null);
  if (id < 0) id = p.aio.length;
  const addr = placement(p, 0, size);
  const inode = k.vfs.newInode(k.vfs.anonFs, 0o600, p.cred.fsuid, p.cred.fsgid);
  const ctx = new AioContext(id, addr, size, nr, req, inode);
  p.mem.map(addr, size, PROT_READ | PROT_WRITE, RING_FLAGS, "/[aio] (deleted)");
  initRing(p.mem, ctx);
  p.aio[id] = ctx;
  try {
    p.mem.write64(ctxp, addr >>> 0, Math.floor(addr / 2 ** 32));
  } catch (e) {
    destroy(p, ctx);
    throw e;
  }
  return 0;
}

/** Unmap a context's ring and free its slot; its pending polls are dropped. */
function destroy(p: Process, ctx: AioContext): void {
  p.mem.unmap(ctx.addr, ctx.size);
  p.aio[ctx.id] = null;
  ctx.polls = [];
  ctx.inode.pollGen++;
}

/** io_destroy(ctx_id) */
export function sysIoDestroy(_k: Kernel, p: Process): number {
  const ctx = lookup(p, arg(p.cpu, 0)) ?? fail(EINVAL);
  destroy(p, ctx);
  return 0;
}

/** Signal the eventfd of IOCB_FLAG_RESFD (eventfd_signal: add 1). */
function notify(resfd: OpenFile | null): void {
  const ev = resfd?.inode.eventfd;
  if (ev === undefined || ev === null) return;
  if (ev.fits(1n)) ev.count += 1n;
  resfd!.inode.pollGen++;
}

/**
 * Complete the pending polls whose files are ready. One ready at submission
 * reports only the events asked for (aio_poll); one completed later reports
 * what the wake-up said (aio_poll_wake), which for pipes and sockets
 * carries POLLRDNORM/POLLWRNORM along with POLLIN/POLLOUT.
 */
function firePolls(
  k: Kernel,
  p: Process,
  ctx: AioContext,
  submitted: PendingPoll | null = null,
): void {
  ctx.polls = ctx.polls.filter((q) => {
    const ready = readiness(q.file, k.nowNs, p.thread);
    if ((ready & q.events) === 0) return true;
    const wide = q.events | ((q.events & POLLIN) !== 0 ? POLLRDNORM : 0) |
      ((q.events & POLLOUT) !== 0 ? POLLWRNORM : 0);
    postEvent(p.mem, ctx, q.data, q.obj, ready & (q === submitted ? q.events : wide));
    notify(q.resfd);
    return false;
  });
}

/** A decoded struct iocb. */
interface Iocb {
  data: bigint;
  rwFlags: number;
  opcode: number;
  fd: number;
  buf: number;
  nbytes: number;
  offset: number;
  flags: number;
  resfd: number;
}

/** Read the iocb at `addr`, with io_submit_one's checks of the reserved field and sizes. */
function readIocb(p: Process, addr: number): Iocb {
  const b = p.mem.readBytes(addr, 64);
  const v = new DataView(b.buffer, b.byteOffset, 64);
  if (v.getBigUint64(48, true) !== 0n) fail(EINVAL);
  if (v.getBigInt64(32, true) < 0n) fail(EINVAL);
  return {
    data: v.getBigUint64(0, true),
    rwFlags: v.getUint32(12, true),
    opcode: v.getUint16(16, true),
    fd: v.getInt32(20, true),
    buf: Number(v.getBigUint64(24, true)),
    nbytes: Number(v.getBigUint64(32, true)),
    offset: Number(v.getBigInt64(40, true)),
    flags: v.getUint32(56, true),
    resfd: v.getInt32(60, true),
  };
}

/** Run a read or write request now; its result (bytes or -errno) goes into the event. */
function transfer(
  k: Kernel,
  p: Process,
  f: OpenFile,
  cb: Iocb,
  write: boolean,
  vec: boolean,
): number {
  if (write ? !f.writable() : !f.readable()) fail(EBADF);
  const n = f.inode;
  // Files without read_iter/write_iter: AIO cannot drive them.
  const noIter = n.isDir() || n.timerfd !== null || n.inotify !== null || n.pidfd !== null ||
    n.epoll !== null || (write && (n.eventfd !== null || n.signalfd !== null));
  if (noIter) fail(EINVAL);
  const iov: [number, number][] = vec
    ? readIovecs(p.mem, cb.buf, cb.nbytes)
    : [[cb.buf, Math.min(cb.nbytes, MAX_RW_COUNT)]];
  if (!vec) accessOk(cb.buf, cb.nbytes);
  if (cb.offset < 0) fail(EINVAL);
  try {
    const total = iovTotal(iov);
    if (write) {
      const data = vec ? gather(p.mem, iov) : copyIn(p.mem, cb.buf, total);
      if (data.length === 0 && total > 0) return -EFAULT;
      return fileWrite(k, p, f, data, cb.offset);
    }
    const data = fileRead(k, f, total, cb.offset);
    const n = vec ? scatter(p.mem, iov, data) : copyOut(p.mem, cb.buf, data);
    return n === 0 && data.length > 0 ? -EFAULT : n;
  } catch (e) {
    if (e instanceof Errno) return -e.errno;
    throw e;
  }
}

/** io_submit_one: validate, start and (except for a waiting poll) complete one request. */
function submitOne(k: Kernel, p: Process, ctx: AioContext, user: number): void {
  const cb = readIocb(p, user);
  if (reqsAvailable(p.mem, ctx) <= 0) fail(EAGAIN);
  const f = fileOf(p, cb.fd);
  let resfd: OpenFile | null = null;
  if ((cb.flags & IOCB_FLAG_RESFD) !== 0) {
    resfd = fileOf(p, cb.resfd);
    if (resfd.inode.eventfd === null) fail(EINVAL);
  }
  p.mem.write32(user + 8, 0); // aio_key = KIOCB_KEY
  let res: number;
  switch (cb.opcode) {
    case IOCB_CMD_PREAD:
    case IOCB_CMD_PWRITE:
    case IOCB_CMD_PREADV:
    case IOCB_CMD_PWRITEV: {
      if ((cb.rwFlags & ~RWF_SUPPORTED) !== 0) fail(EOPNOTSUPP);
      const write = cb.opcode === IOCB_CMD_PWRITE || cb.opcode === IOCB_CMD_PWRITEV;
      res = transfer(k, p, f, cb, write, cb.opcode >= IOCB_CMD_PREADV);
      break;
    }
    case IOCB_CMD_FSYNC:
    case IOCB_CMD_FDSYNC: {
      if (cb.buf !== 0 || cb.offset !== 0 || cb.nbytes !== 0 || cb.rwFlags !== 0) fail(EINVAL);
      const n = f.inode;
      if ((!n.isReg() && !n.isDir()) || n.fs.kind === FsKind.Proc) fail(EINVAL);
      res = 0;
      break;
    }
    case IOCB_CMD_POLL: {
      if (cb.buf > 0xffff || cb.offset !== 0 || cb.nbytes !== 0 || cb.rwFlags !== 0) fail(EINVAL);
      const poll: PendingPoll = {
        file: f,
        events: cb.buf | POLLERR | POLLHUP,
        data: cb.data,
        obj: user,
        resfd,
      };
      ctx.polls.push(poll);
      firePolls(k, p, ctx, poll);
      return;
    }
    default:
      fail(EINVAL);
  }
  postEvent(p.mem, ctx, cb.data, user, res);
  notify(resfd);
}

/** io_submit(ctx_id, nr, iocbpp) */
export function sysIoSubmit(k: Kernel, p: Process): number {
  let nr = argLong(p.cpu, 1);
  if (nr < 0) fail(EINVAL);
  const ctx = lookup(p, arg(p.cpu, 0)) ?? fail(EINVAL);
  nr = Math.min(nr, ctx.nr);
  const list = arg(p.cpu, 2), t = p.thread;
  let i = t.wait !== null && ctx.submitTid === t.tid ? ctx.submitDone : 0;
  ctx.submitTid = 0;
  firePolls(k, p, ctx);
  for (; i < nr; i++) {
    try {
      submitOne(k, p, ctx, Number(readU64(p.mem, list + 8 * i)));
    } catch (e) {
      if (e === WouldBlock.instance) {
        ctx.submitTid = t.tid;
        ctx.submitDone = i;
        throw e;
      }
      if (i > 0) return i;
      throw e;
    }
    if (t.wait !== null) unblock(t); // a blocked request finished: the next one starts afresh
  }
  return i;
}

/**
 * io_getevents' common part: wait until `min` events are in the ring (or
 * the timeout), then copy out up to `max`.
 */
function getEvents(k: Kernel, p: Process, timeoutAddr: number): number {
  const cpu = p.cpu;
  const min = argLong(cpu, 1), max = argLong(cpu, 2), out = arg(cpu, 3);
  let timeoutNs: number | null = null;
  if (timeoutAddr !== 0) {
    timeoutNs = readI64(p.mem, timeoutAddr) * 1e9 + readI64(p.mem, timeoutAddr + 8);
  }
  const ctx = lookup(p, arg(cpu, 0)) ?? fail(EINVAL);
  if (min > max || min < 0) fail(EINVAL);
  firePolls(k, p, ctx);
  const t = p.thread, w = t.wait;
  if (ringCount(p.mem, ctx) < min) {
    const expires = w !== null && w.kind === "io"
      ? w.expires
      : timeoutNs === null
      ? null
      : k.nowNs + Math.max(0, timeoutNs);
    if (expires === null || k.nowNs < expires) {
      const files = ctx.polls.map((q) => q.file);
      const timer = nextTimerEvent(files);
      const deadline = timer !== null && (expires === null || timer < expires) ? timer : expires;
      waitIo(k, [ctx.inode, ...watchedInodes(files)], deadline, expires);
    }
  }
  const events = takeEvents(p.mem, ctx, Math.max(0, max));
  if (events.length > 0) p.mem.writeBytes(out, events);
  advanceHead(p.mem, ctx, events.length / IO_EVENT_SIZE);
  return events.length / IO_EVENT_SIZE;
}

/** io_getevents(ctx_id, min_nr, nr, events, timeout) */
export function sysIoGetevents(k: Kernel, p: Process): number {
  return getEvents(k, p, arg(p.cpu, 4));
}

/** io_pgetevents(ctx_id, min_nr, nr, events, timeout, usig): with a signal mask while waiting. */
export function sysIoPgetevents(k: Kernel, p: Process): number {
  const timeout = arg(p.cpu, 4), usig = arg(p.cpu, 5);
  if (timeout !== 0) p.mem.readBytes(timeout, 16);
  if (usig === 0) return getEvents(k, p, timeout);
  const mask = readU64(p.mem, usig), size = readU64(p.mem, usig + 8);
  return withWaitMask(p, mask, size, () => getEvents(k, p, timeout));
}

/** io_cancel(ctx_id, iocb, result): only a pending poll can be cancelled; its event says 0. */
export function sysIoCancel(_k: Kernel, p: Process): number {
  const user = arg(p.cpu, 1);
  if (p.mem.read32(user + 8) !== 0) fail(EINVAL);
  const ctx = lookup(p, arg(p.cpu, 0)) ?? fail(EINVAL);
  const i = ctx.polls.findIndex((q) => q.obj === user);
  if (i < 0) fail(EINVAL);
  const [q] = ctx.polls.splice(i, 1);
  postEvent(p.mem, ctx, q.data, q.obj, 0);
  notify(q.resfd);
  fail(EINPROGRESS);
}
