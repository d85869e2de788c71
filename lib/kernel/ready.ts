/**
 * Readiness of open files for poll, select and epoll: what a file's poll
 * method would report right now.
 * @module
 */

import type { OpenFile } from "./fd_table.ts";
import type { Kernel } from "./kernel.ts";
import type { EpollItem } from "./fs/epoll.ts";

/** poll/epoll event bits. */
export const POLLIN = 0x1,
  POLLPRI = 0x2,
  POLLOUT = 0x4,
  POLLERR = 0x8,
  POLLHUP = 0x10,
  POLLNVAL = 0x20,
  POLLRDNORM = 0x40,
  POLLWRNORM = 0x100;
/** epoll flag bits. */
export const EPOLLEXCLUSIVE = 1 << 28,
  EPOLLWAKEUP = 1 << 29,
  EPOLLONESHOT = 1 << 30,
  EPOLLET = 1 << 31;
/** What files without a poll method report (DEFAULT_POLLMASK). */
const DEFAULT_POLLMASK = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
/** Linux's limit on nested epoll instances. */
export const EPOLL_MAX_NESTS = 4;

/** The events `f` is ready for at virtual time `now`. */
export function readiness(f: OpenFile, now: number, depth = 0): number {
  const n = f.inode;
  if (n.hostFd >= 0) return f.readable() ? POLLIN | POLLRDNORM : POLLOUT | POLLWRNORM;
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
  if (n.epoll !== null) {
    if (depth > EPOLL_MAX_NESTS) return 0;
    n.epoll.prune();
    return n.epoll.items.some((i) => itemEvents(i, now, depth + 1) !== 0) ? POLLIN | POLLRDNORM : 0;
  }
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

/** Events an epoll entry would report at `now` (0 for a fired one-shot or an edge already reported). */
export function itemEvents(i: EpollItem, now: number, depth = 0): number {
  if (i.disabled) return 0;
  const ev = readiness(i.file, now, depth) & (i.events | POLLERR | POLLHUP);
  if ((i.events & EPOLLET) !== 0 && i.seenGen === i.file.inode.pollGen) return 0;
  return ev;
}

/**
 * The earliest virtual time after `now` at which one of `files` (timerfds,
 * also inside epoll instances) becomes ready by itself, or null: nothing
 * else can change while a lone process waits.
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

/**
 * Nothing among `files` is ready: wait, in virtual time, for the first
 * timer among them or for `timeoutNs` (null: no limit), whichever comes
 * first. Returns true if a timer fired (the caller scans again).
 */
export function waitForEvents(k: Kernel, files: OpenFile[], timeoutNs: number | null): boolean {
  const next = nextTimerEvent(files);
  if (next !== null && (timeoutNs === null || next - k.nowNs <= timeoutNs)) {
    k.sleep(Math.max(0, next - k.nowNs));
    return true;
  }
  if (timeoutNs !== null) k.sleep(timeoutNs);
  return false;
}
