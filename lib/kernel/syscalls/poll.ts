/**
 * Readiness: poll, ppoll, select and pselect6 over regular files, devices,
 * pipes, eventfds, timerfds and the console. With nothing ready the thread
 * blocks until a watched file changes, a timer among them is due, or the
 * timeout passes.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { arg, argInt, readI64, readTimespec, Struct, writeTimespec } from "./uaccess.ts";
import { nofileLimit } from "./common.ts";
import { withWaitMask } from "./sigwait.ts";
import {
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLNVAL,
  POLLOUT,
  POLLPRI,
  POLLRDNORM,
  POLLWRNORM,
  readiness,
  timeLeft,
  waitForEvents,
} from "../ready.ts";
import type { OpenFile } from "../fd_table.ts";
import { EBADF, EINVAL, fail } from "../errno.ts";

function doPoll(
  k: Kernel,
  p: Process,
  fds: number,
  nfds: number,
  timeoutNs: number | null,
): [number, number | null] {
  if (nfds > nofileLimit(p)) fail(EINVAL);
  const mem = p.mem;
  const items: [number, number][] = [];
  for (let i = 0; i < nfds; i++) {
    items.push([mem.read32(fds + 8 * i) | 0, mem.read16(fds + 8 * i + 4)]);
  }
  const files = items.map(([fd]) => (fd < 0 ? undefined : p.fds.get(fd)?.file));
  const scan = () =>
    items.map(([fd, events], i) => {
      const f = files[i];
      if (fd < 0) return 0;
      if (f === undefined || f.isPath()) return POLLNVAL;
      return readiness(f, k.nowNs, p.thread) & (events | POLLERR | POLLHUP);
    });
  const revents = scan();
  if (revents.every((r) => r === 0)) {
    waitForEvents(k, files.filter((f): f is OpenFile => f !== undefined), timeoutNs);
  }
  revents.forEach((r, i) => mem.write16(fds + 8 * i + 6, r));
  return [revents.filter((r) => r !== 0).length, timeLeft(k, timeoutNs)];
}

/** poll(fds, nfds, timeout_ms) */
export function sysPoll(k: Kernel, p: Process): number {
  const timeout = argInt(p.cpu, 2);
  return doPoll(k, p, arg(p.cpu, 0), arg(p.cpu, 1), timeout < 0 ? null : timeout * 1e6)[0];
}

/** Read an optional timespec argument; null pointer = wait forever. */
function timeoutArg(p: Process, addr: number): number | null {
  if (addr === 0) return null;
  const [sec, nsec] = readTimespec(p.mem, addr);
  return sec * 1e9 + nsec;
}

/** ppoll(fds, nfds, tmo_p, sigmask, sigsetsize) */
export function sysPpoll(k: Kernel, p: Process): number {
  const tsp = arg(p.cpu, 2);
  const timeout = timeoutArg(p, tsp);
  return withWaitMask(p, arg(p.cpu, 3), arg(p.cpu, 4), () => {
    const [r, left] = doPoll(k, p, arg(p.cpu, 0), arg(p.cpu, 1), timeout);
    if (left !== null) writeTimespec(p.mem, tsp, Math.floor(left / 1e9), left % 1e9);
    return r;
  });
}

/** Bits of one fd_set, or null for a NULL pointer. */
function readFdSet(p: Process, addr: number, nfds: number): Uint8Array | null {
  if (addr === 0) return null;
  return p.mem.readBytes(addr, Math.ceil(nfds / 64) * 8);
}

function doSelect(
  k: Kernel,
  p: Process,
  nfdsArg: number,
  timeoutNs: number | null,
): [number, number | null] {
  if (nfdsArg < 0) fail(EINVAL);
  // Linux clips nfds to the size of the descriptor table: at least 64 slots, grown by 64s here.
  const nfds = Math.min(nfdsArg, Math.max(64, Math.ceil(p.fds.fds.length / 64) * 64));
  const addrs = [arg(p.cpu, 1), arg(p.cpu, 2), arg(p.cpu, 3)];
  const sets = addrs.map((a) => readFdSet(p, a, nfds));
  const want = [POLLIN | POLLRDNORM | POLLHUP | POLLERR, POLLOUT | POLLWRNORM | POLLERR, POLLPRI];
  const watched: [number, OpenFile][] = [];
  for (let fd = 0; fd < nfds; fd++) {
    const byte = fd >> 3, bit = 1 << (fd & 7);
    if (!sets.some((s) => s !== null && (s[byte] & bit) !== 0)) continue;
    const e = p.fds.get(fd);
    if (e === undefined || e.file.isPath()) fail(EBADF);
    watched.push([fd, e.file]);
  }
  const scan = (): [(Uint8Array | null)[], number] => {
    const out = sets.map((s) => (s === null ? null : new Uint8Array(s.length)));
    let count = 0;
    for (const [fd, f] of watched) {
      const byte = fd >> 3, bit = 1 << (fd & 7);
      const mask = readiness(f, k.nowNs, p.thread);
      sets.forEach((s, i) => {
        if (s !== null && (s[byte] & bit) !== 0 && (mask & want[i]) !== 0) {
          out[i]![byte] |= bit;
          count++;
        }
      });
    }
    return [out, count];
  };
  const [out, count] = scan();
  if (count === 0) waitForEvents(k, watched.map(([, f]) => f), timeoutNs);
  out.forEach((o, i) => {
    if (o !== null) p.mem.writeBytes(addrs[i], o);
  });
  return [count, timeLeft(k, timeoutNs)];
}

/** select(nfds, readfds, writefds, exceptfds, timeout): the timeout is updated to what remains. */
export function sysSelect(k: Kernel, p: Process): number {
  const tv = arg(p.cpu, 4);
  let timeout: number | null = null;
  if (tv !== 0) {
    const sec = readI64(p.mem, tv), usec = readI64(p.mem, tv + 8);
    if (sec < 0 || usec < 0 || usec >= 1e6) fail(EINVAL);
    timeout = sec * 1e9 + usec * 1000;
  }
  const [n, left] = doSelect(k, p, argInt(p.cpu, 0), timeout);
  if (left !== null) {
    p.mem.writeBytes(
      tv,
      new Struct(16).u64(0, Math.floor(left / 1e9)).u64(8, Math.floor((left % 1e9) / 1000)).bytes,
    );
  }
  return n;
}

/** pselect6(nfds, readfds, writefds, exceptfds, timeout, {sigmask, size}) */
export function sysPselect6(k: Kernel, p: Process): number {
  const ts = arg(p.cpu, 4);
  const timeout = timeoutArg(p, ts);
  const sm = arg(p.cpu, 5);
  const mask = sm === 0 ? 0 : readI64(p.mem, sm), size = sm === 0 ? 0 : readI64(p.mem, sm + 8);
  return withWaitMask(p, mask, size, () => {
    const [n, left] = doSelect(k, p, argInt(p.cpu, 0), timeout);
    if (left !== null) writeTimespec(p.mem, ts, Math.floor(left / 1e9), left % 1e9);
    return n;
  });
}
