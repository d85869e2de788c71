/**
 * futex(2): WAIT, WAKE and their bitset forms, REQUEUE, CMP_REQUEUE,
 * WAKE_OP and the priority-inheritance locks (LOCK_PI, LOCK_PI2,
 * TRYLOCK_PI, UNLOCK_PI: lib/kernel/futex_pi.ts), private or shared, with
 * timeouts on the virtual clock.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { block } from "../thread.ts";
import {
  FUTEX_BITSET_MATCH_ANY,
  futexDequeue,
  type FutexKey,
  futexKey,
  requeue,
  wakeKey,
} from "../futex.ts";
import { lockPi, unlockPi } from "../futex_pi.ts";
import { realtime } from "../time.ts";
import { arg, argInt, readTimespec } from "./uaccess.ts";
import { EAGAIN, EFAULT, EINVAL, ENOSYS, ETIMEDOUT, fail } from "../errno.ts";

/** futex operations and flags. */
export const FUTEX_WAIT = 0,
  FUTEX_WAKE = 1,
  FUTEX_REQUEUE = 3,
  FUTEX_CMP_REQUEUE = 4,
  FUTEX_WAKE_OP = 5,
  FUTEX_LOCK_PI = 6,
  FUTEX_UNLOCK_PI = 7,
  FUTEX_TRYLOCK_PI = 8,
  FUTEX_WAIT_BITSET = 9,
  FUTEX_WAKE_BITSET = 10,
  FUTEX_LOCK_PI2 = 13,
  FUTEX_PRIVATE_FLAG = 128,
  FUTEX_CLOCK_REALTIME = 256;
const FUTEX_CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);

/**
 * The key of the futex at `addr`: EINVAL if misaligned; a shared futex
 * must be mapped (EFAULT), a private one is only an address.
 */
export function key(p: Process, addr: number, priv: boolean): FutexKey {
  if (addr % 4 !== 0) fail(EINVAL);
  if (!priv) word(p, addr);
  return futexKey(p.mem, addr, priv);
}

/** The 32-bit futex word at `addr`; EINVAL if misaligned, EFAULT if unmapped. */
export function word(p: Process, addr: number): number {
  if (addr % 4 !== 0) fail(EINVAL);
  try {
    return p.mem.read32(addr);
  } catch {
    return fail(EFAULT);
  }
}

/**
 * Wait on `addr` while it holds `val`, until woken or `deadline` (virtual
 * ns since boot, null: none). A retried call finishes the wait it began.
 */
export function wait(
  k: Kernel,
  p: Process,
  addr: number,
  val: number,
  bitset: number,
  deadline: number | null,
  priv: boolean,
): number {
  const t = p.thread;
  const w = t.wait;
  if (w !== null && w.kind === "futex") {
    if (w.woken) return 0;
    if (w.deadline !== null && k.nowNs >= w.deadline) {
      futexDequeue(k, t);
      return fail(ETIMEDOUT);
    }
    return block(t, w);
  }
  if (bitset === 0) fail(EINVAL);
  if (word(p, addr) !== val) fail(EAGAIN);
  if (deadline !== null && deadline <= k.nowNs) fail(ETIMEDOUT);
  const { key, off } = futexKey(p.mem, addr, priv);
  k.futexWaiters.push(t);
  return block(t, { kind: "futex", key, off, bitset, woken: false, deadline });
}

/** The timeout argument as a deadline: relative for FUTEX_WAIT, absolute for WAIT_BITSET. */
function deadlineArg(k: Kernel, p: Process, cmd: number, realtimeClock: boolean): number | null {
  const addr = arg(p.cpu, 3);
  if (addr === 0) return null;
  const [sec, nsec] = readTimespec(p.mem, addr);
  if (cmd === FUTEX_WAIT) return k.nowNs + sec * 1e9 + nsec;
  return absoluteDeadline(k, sec, nsec, realtimeClock);
}

/** An absolute time on CLOCK_MONOTONIC (or CLOCK_REALTIME) as a deadline in virtual ns since boot. */
export function absoluteDeadline(
  k: Kernel,
  sec: number,
  nsec: number,
  realtimeClock: boolean,
): number {
  if (!realtimeClock) return sec * 1e9 + nsec;
  // Subtract seconds and nanoseconds apart (2^53 ns is near).
  const now = realtime(k.nowNs + k.clock.wallOffsetNs);
  return k.nowNs + (sec - now.sec) * 1e9 + (nsec - now.nsec);
}

/** FUTEX_WAKE_OP's operation on the word at uaddr2 and its comparison of the old value. */
function wakeOp(p: Process, addr2: number, encoded: number): boolean {
  const op = (encoded >>> 28) & 7, cmp = (encoded >>> 24) & 15;
  let oparg = ((encoded >>> 12) & 0xfff) << 20 >> 20;
  const cmparg = (encoded & 0xfff) << 20 >> 20;
  if ((encoded >>> 31) !== 0) oparg = 1 << (oparg & 31); // FUTEX_OP_OPARG_SHIFT
  const old = word(p, addr2) | 0;
  if (op > 4) fail(ENOSYS);
  const next = [oparg, old + oparg, old | oparg, old & ~oparg, old ^ oparg][op];
  p.mem.write32(addr2, next >>> 0);
  // Linux checks the comparison only after the operation is done.
  if (cmp > 5) fail(ENOSYS);
  return [old === cmparg, old !== cmparg, old < cmparg, old <= cmparg, old > cmparg, old >= cmparg][
    cmp
  ];
}

/** futex(uaddr, op, val, timeout | val2, uaddr2, val3) */
export function sysFutex(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const addr = arg(cpu, 0), op = argInt(cpu, 1), val = argInt(cpu, 2) >>> 0;
  const addr2 = arg(cpu, 4), val3 = argInt(cpu, 5) >>> 0;
  const cmd = op & FUTEX_CMD_MASK;
  const priv = (op & FUTEX_PRIVATE_FLAG) !== 0;
  const rt = (op & FUTEX_CLOCK_REALTIME) !== 0;
  if (rt && cmd !== FUTEX_WAIT_BITSET && cmd !== FUTEX_LOCK_PI2) fail(ENOSYS);
  // val2 shares the timeout register: a count, clamped to INT_MAX like Linux.
  const val2 = Math.min(arg(cpu, 3), 0x7fffffff);
  switch (cmd) {
    case FUTEX_WAIT:
      return wait(k, p, addr, val, FUTEX_BITSET_MATCH_ANY, waitDeadline(k, p, cmd, rt), priv);
    case FUTEX_WAIT_BITSET:
      return wait(k, p, addr, val, val3, waitDeadline(k, p, cmd, rt), priv);
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET: {
      const bitset = cmd === FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3;
      if (bitset === 0) fail(EINVAL);
      return wakeKey(k, key(p, addr, priv), Math.min(val, 0x7fffffff), bitset);
    }
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE: {
      if ((val | 0) < 0 || (val2 | 0) < 0) fail(EINVAL);
      const from = key(p, addr, priv), to = key(p, addr2, priv);
      if (cmd === FUTEX_CMP_REQUEUE && word(p, addr) !== val3) fail(EAGAIN);
      return requeue(k, from, to, val, val2);
    }
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_TRYLOCK_PI:
      return lockPi(k, p, addr, priv, cmd === FUTEX_TRYLOCK_PI, piDeadline(k, p, cmd, rt), word);
    case FUTEX_UNLOCK_PI:
      return unlockPi(k, p, addr, priv, word);
    case FUTEX_WAKE_OP: {
      const k1 = key(p, addr, priv), k2 = key(p, addr2, priv);
      const hit = wakeOp(p, addr2, val3);
      let n = wakeKey(k, k1, val, FUTEX_BITSET_MATCH_ANY);
      if (hit) n += wakeKey(k, k2, val2, FUTEX_BITSET_MATCH_ANY);
      return n;
    }
  }
  return fail(ENOSYS);
}

/**
 * The deadline of a PI lock: an absolute time on CLOCK_REALTIME for LOCK_PI,
 * on CLOCK_MONOTONIC (or CLOCK_REALTIME with the flag) for LOCK_PI2; none
 * for TRYLOCK_PI. Computed once, when the wait starts.
 */
function piDeadline(k: Kernel, p: Process, cmd: number, rt: boolean): number | null {
  const addr = arg(p.cpu, 3);
  if (cmd === FUTEX_TRYLOCK_PI || addr === 0 || p.thread.wait?.kind === "futex") return null;
  const [sec, nsec] = readTimespec(p.mem, addr);
  return absoluteDeadline(k, sec, nsec, cmd === FUTEX_LOCK_PI || rt);
}

/** The deadline of a wait: computed once, when the wait starts (a retry keeps its record). */
function waitDeadline(k: Kernel, p: Process, cmd: number, rt: boolean): number | null {
  return p.thread.wait?.kind === "futex" ? null : deadlineArg(k, p, cmd, rt);
}
