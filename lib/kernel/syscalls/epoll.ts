/**
 * epoll: epoll_create/create1, epoll_ctl and epoll_wait/pwait/pwait2 over
 * pipes, FIFOs, eventfds, the console and other epoll instances, with
 * level-triggered, edge-triggered (EPOLLET: reported once per wake-up event
 * on the file) and one-shot entries. As with poll, a wait blocks until a
 * watched file changes, a timerfd among them is due, or the timeout passes.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { O_CLOEXEC, O_RDWR, OpenFile } from "../fd_table.ts";
import { EpollSet } from "../fs/epoll.ts";
import { S_IFCHR, S_IFMT } from "../fs/inode.ts";
import { DEV_RANDOM } from "../fs/devices.ts";
import {
  EPOLL_MAX_NESTS,
  EPOLLET,
  EPOLLEXCLUSIVE,
  EPOLLONESHOT,
  EPOLLWAKEUP,
  itemEvents,
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLOUT,
  waitForEvents,
} from "../ready.ts";
import { accessOk, arg, argInt, readTimespec, Struct } from "./uaccess.ts";
import { fileOf, installFd } from "./common.ts";
import { withWaitMask } from "./sigwait.ts";
import { EEXIST, EINVAL, ELOOP, ENOENT, EPERM, fail } from "../errno.ts";

const EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
/** sizeof(struct epoll_event) on x86-64 (packed). */
const EVENT_SIZE = 12;
/** Most events one call may return (INT_MAX / sizeof(struct epoll_event)). */
const EP_MAX_EVENTS = Math.floor(0x7fffffff / EVENT_SIZE);

function create(k: Kernel, p: Process, cloexec: boolean): number {
  const n = k.vfs.newInode(k.vfs.anonFs, 0o600, p.cred.fsuid, p.cred.fsgid);
  n.epoll = new EpollSet();
  return installFd(p, new OpenFile(n, O_RDWR, "anon_inode:[eventpoll]"), cloexec);
}

/** epoll_create(size): size is only checked to be positive. */
export function sysEpollCreate(k: Kernel, p: Process): number {
  if (argInt(p.cpu, 0) <= 0) fail(EINVAL);
  return create(k, p, false);
}

/** epoll_create1(flags) */
export function sysEpollCreate1(k: Kernel, p: Process): number {
  const flags = argInt(p.cpu, 0);
  if ((flags & ~O_CLOEXEC) !== 0) fail(EINVAL);
  return create(k, p, flags !== 0);
}

/**
 * Files with a poll method: pipes, FIFOs, eventfds, timerfds, signalfds, pidfds, inotify
 * instances, sockets, message queues, the console, epoll instances (not files, dirs, mem devices).
 */
function pollable(f: OpenFile): boolean {
  const n = f.inode;
  if (
    n.pipe !== null || n.eventfd !== null || n.timerfd !== null || n.epoll !== null ||
    n.signalfd !== null || n.pidfd !== null || n.inotify !== null || n.hostFd >= 0 ||
    n.socket !== null || n.mqueue !== null
  ) {
    return true;
  }
  // Of the /dev devices only /dev/random has a poll method.
  return (n.mode & S_IFMT) === S_IFCHR && n.rdev === DEV_RANDOM;
}

/** Would watching `target` from `set` create a cycle or nest too deep? */
function nestingError(set: EpollSet, target: OpenFile): boolean {
  const walk = (f: OpenFile, depth: number): boolean => {
    const e = f.inode.epoll;
    if (e === null) return false;
    if (e === set || depth >= EPOLL_MAX_NESTS) return true;
    return e.items.some((i) => walk(i.file, depth + 1));
  };
  return walk(target, 0);
}

/** epoll_ctl(epfd, op, fd, event) */
export function sysEpollCtl(_k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const op = argInt(cpu, 1), fd = argInt(cpu, 2), evAddr = arg(cpu, 3);
  let events = 0, lo = 0, hi = 0;
  if (op !== EPOLL_CTL_DEL) {
    events = p.mem.read32(evAddr);
    lo = p.mem.read32(evAddr + 4);
    hi = p.mem.read32(evAddr + 8);
  }
  const ep = fileOf(p, argInt(cpu, 0));
  const target = fileOf(p, fd);
  if (!pollable(target)) fail(EPERM);
  const set = ep.inode.epoll;
  if (set === null || ep === target) fail(EINVAL);
  if (op !== EPOLL_CTL_ADD && op !== EPOLL_CTL_DEL && op !== EPOLL_CTL_MOD) fail(EINVAL);
  if ((events & EPOLLEXCLUSIVE) !== 0) {
    if (op === EPOLL_CTL_MOD) fail(EINVAL);
    const okBits = POLLIN | POLLOUT | POLLERR | POLLHUP | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE;
    if (op === EPOLL_CTL_ADD && (target.inode.epoll !== null || (events & ~okBits) !== 0)) {
      fail(EINVAL);
    }
  }
  set.prune();
  const item = set.find(fd, target);
  // Threads in epoll_wait on this instance look again at its entries.
  ep.inode.pollGen++;
  switch (op) {
    case EPOLL_CTL_ADD:
      if (item !== undefined) fail(EEXIST);
      if (nestingError(set, target)) fail(ELOOP);
      set.items.push({
        fd,
        file: target,
        events,
        dataLo: lo,
        dataHi: hi,
        seenGen: -1,
        disabled: false,
      });
      return 0;
    case EPOLL_CTL_MOD:
      if (item === undefined) fail(ENOENT);
      if ((item.events & EPOLLEXCLUSIVE) !== 0) fail(EINVAL);
      item.events = events;
      item.dataLo = lo;
      item.dataHi = hi;
      item.seenGen = -1;
      item.disabled = false;
      return 0;
    default:
      if (item === undefined) fail(ENOENT);
      set.items = set.items.filter((i) => i !== item);
      return 0;
  }
}

/** Collect up to `max` ready entries into `out`; with none, wait up to `timeoutNs` (null: forever). */
function doWait(k: Kernel, p: Process, max: number, timeoutNs: number | null): number {
  const cpu = p.cpu;
  const out = arg(cpu, 1);
  if (max <= 0 || max > EP_MAX_EVENTS) fail(EINVAL);
  accessOk(out, max * EVENT_SIZE);
  const ep = fileOf(p, argInt(cpu, 0));
  const set = ep.inode.epoll ?? fail(EINVAL);
  set.prune();
  const collect = () => {
    const ready: [number, number, number][] = [];
    for (const i of set.items) {
      if (ready.length >= max) break;
      const ev = itemEvents(i, k.nowNs, p.thread);
      if (ev === 0) continue;
      ready.push([ev, i.dataLo, i.dataHi]);
      if ((i.events & EPOLLET) !== 0) i.seenGen = i.file.inode.pollGen;
      if ((i.events & EPOLLONESHOT) !== 0) i.disabled = true;
    }
    return ready;
  };
  const ready = collect();
  if (ready.length === 0) {
    waitForEvents(k, [ep], timeoutNs);
    return 0;
  }
  const s = new Struct(ready.length * EVENT_SIZE);
  ready.forEach(([ev, lo, hi], n) =>
    s.u32(n * EVENT_SIZE, ev).u32(n * EVENT_SIZE + 4, lo).u32(n * EVENT_SIZE + 8, hi)
  );
  p.mem.writeBytes(out, s.bytes);
  return ready.length;
}

function msTimeout(ms: number): number | null {
  return ms < 0 ? null : ms * 1e6;
}

/** epoll_wait(epfd, events, maxevents, timeout_ms) */
export function sysEpollWait(k: Kernel, p: Process): number {
  return doWait(k, p, argInt(p.cpu, 2), msTimeout(argInt(p.cpu, 3)));
}

/** epoll_pwait(epfd, events, maxevents, timeout_ms, sigmask, sigsetsize) */
export function sysEpollPwait(k: Kernel, p: Process): number {
  const timeout = msTimeout(argInt(p.cpu, 3));
  return withWaitMask(
    p,
    arg(p.cpu, 4),
    arg(p.cpu, 5),
    () => doWait(k, p, argInt(p.cpu, 2), timeout),
  );
}

/** epoll_pwait2(epfd, events, maxevents, timeout_timespec, sigmask, sigsetsize) */
export function sysEpollPwait2(k: Kernel, p: Process): number {
  const ts = arg(p.cpu, 3);
  let timeout: number | null = null;
  if (ts !== 0) {
    const [sec, nsec] = readTimespec(p.mem, ts);
    timeout = sec * 1e9 + nsec;
  }
  return withWaitMask(
    p,
    arg(p.cpu, 4),
    arg(p.cpu, 5),
    () => doWait(k, p, argInt(p.cpu, 2), timeout),
  );
}
