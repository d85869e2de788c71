/**
 * Readiness of open files for poll, select and epoll: what a file's poll
 * method would report right now.
 * @module
 */

import type { OpenFile } from "./fd_table.ts";
import type { Kernel } from "./kernel.ts";
import type { Inode } from "./fs/inode.ts";
import { block, type Thread } from "./thread.ts";
import { sigPending } from "./interrupt.ts";
import { pidfdReadiness } from "./fs/pidfd.ts";
import { ptyReadiness } from "./fs/pty.ts";
import type { EpollItem } from "./fs/epoll.ts";
import {
  RCV_SHUTDOWN,
  SHUTDOWN_MASK,
  SOCK_STREAM,
  SockState,
  type UnixSocket,
} from "./net/unix_socket.ts";

/** poll/epoll event bits. */
export const POLLIN = 0x1,
  POLLPRI = 0x2,
  POLLOUT = 0x4,
  POLLERR = 0x8,
  POLLHUP = 0x10,
  POLLNVAL = 0x20,
  POLLRDNORM = 0x40,
  POLLWRNORM = 0x100,
  POLLWRBAND = 0x200,
  POLLRDHUP = 0x2000;
/** epoll flag bits. */
export const EPOLLEXCLUSIVE = 1 << 28,
  EPOLLWAKEUP = 1 << 29,
  EPOLLONESHOT = 1 << 30,
  EPOLLET = 1 << 31;
/** What files without a poll method report (DEFAULT_POLLMASK). */
const DEFAULT_POLLMASK = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
/** Linux's limit on nested epoll instances. */
export const EPOLL_MAX_NESTS = 4;

/** The events `f` is ready for at virtual time `now`, polled by thread `reader`. */
export function readiness(f: OpenFile, now: number, reader: Thread, depth = 0): number {
  const n = f.inode;
  if (n.pidfd !== null) return pidfdReadiness(n.pidfd);
  if (n.inotify !== null) return n.inotify.queue.length > 0 ? POLLIN | POLLRDNORM : 0;
  if (n.signalfd !== null) {
    return sigPending(reader, n.signalfd.maskLo, n.signalfd.maskHi) ? POLLIN | POLLRDNORM : 0;
  }
  if (n.hostFd >= 0) return f.readable() ? POLLIN | POLLRDNORM : POLLOUT | POLLWRNORM;
  if (n.tty !== null) return ptyReadiness(f);
  if (n.timerfd !== null) {
    const before = n.timerfd.ticks;
    n.timerfd.update(now);
    if (n.timerfd.ticks !== before) n.pollGen++;
    return n.timerfd.ticks > 0 ? POLLIN | POLLRDNORM : 0;
  }
  if (n.eventfd !== null) {
    return (n.eventfd.readable() ? POLLIN | POLLRDNORM : 0) |
      (n.eventfd.writable() ? POLLOUT | POLLWRNORM : 0);
  }
  if (n.mqueue !== null) {
    const q = n.mqueue;
    return (q.msgs.length > 0 ? POLLIN | POLLRDNORM : 0) |
      (q.msgs.length < q.maxmsg ? POLLOUT | POLLWRNORM : 0);
  }
  if (n.epoll !== null) {
    if (depth > EPOLL_MAX_NESTS) return 0;
    n.epoll.prune();
    return n.epoll.items.some((i) => itemEvents(i, now, reader, depth + 1) !== 0)
      ? POLLIN | POLLRDNORM
      : 0;
  }
  if (n.socket !== null) return socketEvents(n.socket);
  const pipe = n.pipe;
  if (pipe === null) return DEFAULT_POLLMASK;
  let mask = 0;
  if (f.readable()) {
    if (pipe.len > 0) mask |= POLLIN | POLLRDNORM;
    if (pipe.writers === 0) mask |= POLLHUP;
  }
  if (f.writable()) {
    if (!pipe.full()) mask |= POLLOUT | POLLWRNORM;
    if (pipe.readers === 0) mask |= POLLERR;
  }
  return mask;
}

/**
 * A socket's events (unix_poll, and unix_dgram_poll for datagram and
 * seqpacket sockets): a pending error, hang-ups from shutdowns, queued data
 * or connections, and room to write (for datagrams also in the connected
 * peer's queue, unless that peer is connected back).
 */
function socketEvents(s: UnixSocket): number {
  let mask = 0;
  if (s.err !== 0) mask |= POLLERR;
  if (s.shutdown === SHUTDOWN_MASK) mask |= POLLHUP;
  if ((s.shutdown & RCV_SHUTDOWN) !== 0) mask |= POLLRDHUP | POLLIN | POLLRDNORM;
  if (s.queue.length > 0 || s.backlog.length > 0) mask |= POLLIN | POLLRDNORM;
  if (s.connected() && s.state === SockState.Closed) mask |= POLLHUP;
  let writable = s.writable();
  const o = s.peer;
  if (s.type !== SOCK_STREAM && o !== null && o.peer !== s && o.recvqFull()) writable = false;
  if (writable) mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
  return mask;
}

/**
 * Events an epoll entry would report at `now` to thread `reader` (0 for a
 * fired one-shot or an edge already reported).
 */
export function itemEvents(i: EpollItem, now: number, reader: Thread, depth = 0): number {
  if (i.disabled) return 0;
  const ev = readiness(i.file, now, reader, depth) & (i.events | POLLERR | POLLHUP);
  if ((i.events & EPOLLET) !== 0 && i.seenGen === i.file.inode.pollGen) return 0;
  return ev;
}

/**
 * The earliest virtual time at which one of `files` (timerfds, also inside
 * epoll instances) becomes ready by itself, or null.
 */
export function nextTimerEvent(files: OpenFile[], depth = 0): number | null {
  let next: number | null = null;
  for (const f of files) {
    const n = f.inode;
    let t: number | null = null;
    if (n.timerfd !== null && n.timerfd.expiry >= 0) t = n.timerfd.expiry;
    else if (n.epoll !== null && depth <= EPOLL_MAX_NESTS) {
      t = nextTimerEvent(n.epoll.items.filter((i) => !i.disabled).map((i) => i.file), depth + 1);
    }
    if (t !== null && (next === null || t < next)) next = t;
  }
  return next;
}

/** The inodes whose changes can make `files` ready: theirs, and those inside epoll instances. */
export function watchedInodes(files: OpenFile[], out: Inode[] = [], depth = 0): Inode[] {
  for (const f of files) {
    out.push(f.inode);
    const ep = f.inode.epoll;
    if (ep !== null && depth <= EPOLL_MAX_NESTS) {
      watchedInodes(ep.items.map((i) => i.file), out, depth + 1);
    }
  }
  return out;
}

/**
 * Block the current thread until one of `inodes` changes (its `pollGen`
 * moves) or virtual time reaches `deadline`; the scheduler then retries the
 * call. `expires` is when the call itself gives up; `done` the bytes a
 * write has already transferred.
 */
export function waitIo(
  k: Kernel,
  inodes: Inode[],
  deadline: number | null,
  expires: number | null = null,
  done = 0,
): never {
  const gens = inodes.map((n) => n.pollGen);
  return block(k.current!, { kind: "io", inodes, gens, deadline, expires, done });
}

/**
 * Nothing among `files` is ready: block until one of them changes, a timer
 * among them is due, or `timeoutNs` (null: no limit) has passed since the
 * call began (a retried call keeps its first deadline). Returns only when
 * the wait is over without events: the caller reports nothing ready.
 */
export function waitForEvents(k: Kernel, files: OpenFile[], timeoutNs: number | null): void {
  const w = k.current!.wait;
  const expires = w !== null && w.kind === "io"
    ? w.expires
    : timeoutNs === null
    ? null
    : k.nowNs + timeoutNs;
  if (expires !== null && k.nowNs >= expires) return;
  const timer = nextTimerEvent(files);
  const deadline = timer !== null && (expires === null || timer < expires) ? timer : expires;
  waitIo(k, watchedInodes(files), deadline, expires);
}

/** Time left of a wait with `timeoutNs` (what ppoll/select write back), or null for none. */
export function timeLeft(k: Kernel, timeoutNs: number | null): number | null {
  const w = k.current!.wait;
  if (w !== null && w.kind === "io" && w.expires !== null) return Math.max(0, w.expires - k.nowNs);
  return timeoutNs;
}
