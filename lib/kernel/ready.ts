/**
 * Readiness of open files for poll, select and epoll: what a file's poll
 * method would report right now.
 * @module
 */

import type { OpenFile } from "./fd_table.ts";
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

/** The events `f` is ready for right now. */
export function readiness(f: OpenFile, depth = 0): number {
  const n = f.inode;
  if (n.hostFd >= 0) return f.readable() ? POLLIN | POLLRDNORM : POLLOUT | POLLWRNORM;
  if (n.eventfd !== null) {
    return (n.eventfd.readable() ? POLLIN | POLLRDNORM : 0) |
      (n.eventfd.writable() ? POLLOUT | POLLWRNORM : 0);
  }
  if (n.epoll !== null) {
    if (depth > EPOLL_MAX_NESTS) return 0;
    n.epoll.prune();
    return n.epoll.items.some((i) => itemEvents(i, depth + 1) !== 0) ? POLLIN | POLLRDNORM : 0;
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

/** Events an epoll entry would report now (0 for a fired one-shot or an edge already reported). */
export function itemEvents(i: EpollItem, depth = 0): number {
  if (i.disabled) return 0;
  if ((i.events & EPOLLET) !== 0 && i.seenGen === i.file.inode.pollGen) return 0;
  return readiness(i.file, depth) & (i.events | POLLERR | POLLHUP);
}
