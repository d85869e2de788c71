/**
 * Priority-inheritance futexes (FUTEX_LOCK_PI, LOCK_PI2, TRYLOCK_PI,
 * UNLOCK_PI): the lock word holds the owner's tid, FUTEX_WAITERS while
 * someone waits in the kernel, FUTEX_OWNER_DIED after a robust owner died.
 * The kernel takes a free lock, queues contenders (FIFO: one virtual CPU has
 * no priorities to inherit) and hands the lock straight to the first waiter
 * at unlock, writing its tid into the word.
 * @module
 */

import type { Kernel } from "./kernel.ts";
import type { Process } from "./process.ts";
import { block, type FutexWait, type Thread } from "./thread.ts";
import { FUTEX_BITSET_MATCH_ANY, futexDequeue, type FutexKey, futexKey } from "./futex.ts";
import { EAGAIN, EDEADLK, EPERM, ESRCH, ETIMEDOUT, fail } from "./errno.ts";

const FUTEX_WAITERS = 0x80000000, FUTEX_OWNER_DIED = 0x40000000, FUTEX_TID_MASK = 0x3fffffff;

/** The first thread queued on `key`, or null. */
function firstWaiter(k: Kernel, key: FutexKey): Thread | null {
  for (const t of k.futexWaiters) {
    const w = t.wait as FutexWait;
    if (w.kind === "futex" && w.key === key.key && w.off === key.off) return t;
  }
  return null;
}

/**
 * LOCK_PI/LOCK_PI2 (`trylock` false) or TRYLOCK_PI on the word at `addr`
 * (`word` reads it: EINVAL misaligned, EFAULT unmapped), waiting until
 * `deadline` (virtual ns, null: forever). A retried call finishes its wait:
 * owning the lock if the unlocker handed it over, else trying again.
 */
export function lockPi(
  k: Kernel,
  p: Process,
  addr: number,
  priv: boolean,
  trylock: boolean,
  deadline: number | null,
  word: (p: Process, addr: number) => number,
): number {
  const t = p.thread;
  const w = t.wait;
  if (w !== null && w.kind === "futex") {
    if (!w.woken) {
      if (w.deadline !== null && k.nowNs >= w.deadline) {
        futexDequeue(k, t);
        return fail(ETIMEDOUT);
      }
      return block(t, w);
    }
    if ((word(p, addr) & FUTEX_TID_MASK) === t.tid) return 0;
    // Woken without the lock (its robust owner died): contend again.
  }
  const v = word(p, addr);
  const owner = v & FUTEX_TID_MASK;
  const key = futexKey(p.mem, addr, priv);
  if (owner === 0) {
    const waiters = firstWaiter(k, key) !== null ? FUTEX_WAITERS : 0;
    p.mem.write32(addr, (t.tid | (v & FUTEX_OWNER_DIED) | waiters) >>> 0);
    return 0;
  }
  if (owner === t.tid) fail(EDEADLK);
  // Linux sets FUTEX_WAITERS before it looks at the owner: a failed try, a
  // missing owner or a past deadline leave it set (the owner's unlock then
  // comes to the kernel).
  p.mem.write32(addr, (v | FUTEX_WAITERS) >>> 0);
  if (!k.threads.has(owner)) fail(ESRCH);
  if (trylock) fail(EAGAIN);
  if (deadline !== null && deadline <= k.nowNs) fail(ETIMEDOUT);
  k.futexWaiters.push(t);
  const wait: FutexWait = {
    kind: "futex",
    key: key.key,
    off: key.off,
    bitset: FUTEX_BITSET_MATCH_ANY,
    woken: false,
    deadline,
  };
  return block(t, wait);
}

/**
 * UNLOCK_PI: the caller must own the word at `addr` (EPERM); the lock goes
 * to the first waiter (its tid and FUTEX_WAITERS written, as wake_futex_pi
 * does) or becomes free (0).
 */
export function unlockPi(
  k: Kernel,
  p: Process,
  addr: number,
  priv: boolean,
  word: (p: Process, addr: number) => number,
): number {
  const t = p.thread;
  if ((word(p, addr) & FUTEX_TID_MASK) !== t.tid) fail(EPERM);
  const next = firstWaiter(k, futexKey(p.mem, addr, priv));
  if (next === null) {
    p.mem.write32(addr, 0);
    return 0;
  }
  p.mem.write32(addr, (FUTEX_WAITERS | next.tid) >>> 0);
  (next.wait as FutexWait).woken = true;
  futexDequeue(k, next);
  return 0;
}
