/**
 * The futex2 calls (Linux 6.7+): futex_wait, futex_wake, futex_requeue
 * and futex_waitv (wait on up to 128 futexes, returning the index of the
 * one woken). They share futex(2)'s queues (lib/kernel/futex.ts). Only
 * 32-bit futexes exist (FUTEX2_SIZE_U32), as in Linux; FUTEX2_NUMA futexes
 * carry a node word after the value, which may only name node 0 (or
 * FUTEX_NO_NODE, replaced by 0). Errnos and their order were compared with
 * native Linux 6.18.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { block } from "../thread.ts";
import { futexDequeue, type FutexKey, requeue, wakeKey } from "../futex.ts";
import { absoluteDeadline, key, wait, word } from "./futex.ts";
import { arg, argInt, readTimespec, readU64 } from "./uaccess.ts";
import { EAGAIN, EINVAL, ETIMEDOUT, fail } from "../errno.ts";

const FUTEX2_SIZE_MASK = 0x03, FUTEX2_SIZE_U32 = 0x02, FUTEX2_NUMA = 0x04, FUTEX2_MPOL = 0x08;
const FUTEX2_PRIVATE = 128;
const FUTEX2_VALID_MASK = FUTEX2_SIZE_MASK | FUTEX2_NUMA | FUTEX2_MPOL | FUTEX2_PRIVATE;
/** The node word of a FUTEX2_NUMA futex that names no node yet. */
const FUTEX_NO_NODE = 0xffffffff;
/** Most futexes one futex_waitv takes. */
const FUTEX_WAITV_MAX = 128;
const CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1;
/** sizeof(struct futex_waitv): u64 val, u64 uaddr, u32 flags, u32 __reserved. */
const WAITV_SIZE = 24;

/** futex2 flags: EINVAL unless known and sized FUTEX2_SIZE_U32 (the only size implemented). */
function checkFlags(flags: number): void {
  if ((flags & ~FUTEX2_VALID_MASK) !== 0 || (flags & FUTEX2_SIZE_MASK) !== FUTEX2_SIZE_U32) {
    fail(EINVAL);
  }
}

/** A value or mask for a 32-bit futex: EINVAL if it does not fit. */
function u32(v: number): number {
  if (v > 0xffffffff) fail(EINVAL);
  return v;
}

/**
 * get_futex_key for futex2 `flags`: a FUTEX2_NUMA futex is 8-aligned with
 * its node word after the value (FUTEX_NO_NODE becomes node 0).
 */
function key2(p: Process, addr: number, flags: number): FutexKey {
  if ((flags & FUTEX2_NUMA) !== 0) {
    if (addr % 8 !== 0) fail(EINVAL);
    const node = word(p, addr + 4);
    if (node !== FUTEX_NO_NODE && node !== 0) fail(EINVAL);
    if (node === FUTEX_NO_NODE) p.mem.write32(addr + 4, 0);
  }
  return key(p, addr, (flags & FUTEX2_PRIVATE) !== 0);
}

/**
 * The absolute timeout at `addr` on `clockid` (CLOCK_MONOTONIC or
 * CLOCK_REALTIME, else EINVAL) as a deadline, or null for none.
 */
function deadline(k: Kernel, p: Process, addr: number, clockid: number): number | null {
  if (addr === 0) return null;
  if (clockid !== CLOCK_REALTIME && clockid !== CLOCK_MONOTONIC) fail(EINVAL);
  const [sec, nsec] = readTimespec(p.mem, addr);
  return absoluteDeadline(k, sec, nsec, clockid === CLOCK_REALTIME);
}

/** futex_wait(uaddr, val, mask, flags, timeout, clockid) */
export function sysFutexWait(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const addr = arg(cpu, 0), flags = argInt(cpu, 3) >>> 0;
  const priv = (flags & FUTEX2_PRIVATE) !== 0;
  // A retried call finishes the wait it began (its arguments were checked then).
  if (p.thread.wait?.kind === "futex") return wait(k, p, addr, 0, 0, null, priv);
  checkFlags(flags);
  const val = u32(arg(cpu, 1)), mask = u32(arg(cpu, 2));
  const until = deadline(k, p, arg(cpu, 4), argInt(cpu, 5));
  if (mask === 0) fail(EINVAL);
  key2(p, addr, flags);
  return wait(k, p, addr, val, mask, until, priv);
}

/** futex_wake(uaddr, mask, nr, flags): like FUTEX_WAKE_BITSET; nr <= 0 still wakes one. */
export function sysFutexWake(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const addr = arg(cpu, 0), nr = argInt(cpu, 2), flags = argInt(cpu, 3) >>> 0;
  checkFlags(flags);
  const mask = u32(arg(cpu, 1));
  if (mask === 0) fail(EINVAL);
  return wakeKey(k, key2(p, addr, flags), Math.max(nr, 1), mask);
}

/** One struct futex_waitv, checked like futex_parse_waitv. */
interface Waitv {
  val: number;
  uaddr: number;
  flags: number;
}

/** The `n` struct futex_waitv at `addr`. */
function parseWaitv(p: Process, addr: number, n: number): Waitv[] {
  const out: Waitv[] = [];
  for (let i = 0; i < n; i++) {
    const a = addr + i * WAITV_SIZE;
    const val = readU64(p.mem, a), uaddr = readU64(p.mem, a + 8);
    const flags = p.mem.read32(a + 16), reserved = p.mem.read32(a + 20);
    if ((flags & ~FUTEX2_VALID_MASK) !== 0 || reserved !== 0) fail(EINVAL);
    checkFlags(flags);
    out.push({ val: u32(val), uaddr, flags });
  }
  return out;
}

/**
 * futex_requeue(waiters[2], flags, nr_wake, nr_requeue): if the first
 * futex still holds its value, wake nr_wake of its waiters and move up to
 * nr_requeue more to the second (both must have the same flags).
 */
export function sysFutexRequeue(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const waiters = arg(cpu, 0), nrWake = argInt(cpu, 2), nrRequeue = argInt(cpu, 3);
  if (argInt(cpu, 1) !== 0 || waiters === 0) fail(EINVAL);
  const [a, b] = parseWaitv(p, waiters, 2);
  if (a.flags !== b.flags) fail(EINVAL);
  if (nrWake < 0 || nrRequeue < 0) fail(EINVAL);
  const from = key2(p, a.uaddr, a.flags), to = key2(p, b.uaddr, b.flags);
  if (word(p, a.uaddr) !== a.val) fail(EAGAIN);
  return requeue(k, from, to, nrWake, nrRequeue);
}

/**
 * futex_waitv(waiters, nr_futexes, flags, timeout, clockid): sleep until
 * one of the futexes is woken (returns its index) or the absolute timeout.
 * EAGAIN if one no longer holds its expected value when the wait starts.
 */
export function sysFutexWaitv(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const t = p.thread;
  const w = t.wait;
  if (w !== null && w.kind === "futexv") {
    if (w.woken >= 0) return w.woken;
    if (w.deadline !== null && k.nowNs >= w.deadline) {
      futexDequeue(k, t);
      return fail(ETIMEDOUT);
    }
    return block(t, w);
  }
  const waiters = arg(cpu, 0), n = argInt(cpu, 1) >>> 0;
  if (argInt(cpu, 2) !== 0) fail(EINVAL);
  if (n === 0 || n > FUTEX_WAITV_MAX || waiters === 0) fail(EINVAL);
  const until = deadline(k, p, arg(cpu, 3), argInt(cpu, 4));
  const vs = parseWaitv(p, waiters, n);
  // Linux forms every key before it reads any value.
  const keys = vs.map((v) => key2(p, v.uaddr, v.flags));
  for (const v of vs) if (word(p, v.uaddr) !== v.val) fail(EAGAIN);
  if (until !== null && until <= k.nowNs) fail(ETIMEDOUT);
  k.futexWaiters.push(t);
  return block(t, {
    kind: "futexv",
    keys: keys.map((x) => x.key),
    offs: keys.map((x) => x.off),
    woken: -1,
    deadline: until,
  });
}
