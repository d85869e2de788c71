/**
 * Futex wait queues. A futex is named by a key, as in Linux: the address
 * space and the address for private mappings; the shared page's bytes and
 * the offset in them for MAP_SHARED mappings (so processes sharing the page
 * meet there). Waiters queue in the order they started waiting and are
 * woken in that order; a requeued waiter goes to the back.
 * @module
 */

import type { Kernel } from "./kernel.ts";
import type { FutexvWait, FutexWait, Thread } from "./thread.ts";
import { type Memory, PAGE_SIZE } from "../exec/memory.ts";
import { MAP_SHARED } from "./vma.ts";
import { readI64, readU64 } from "./syscalls/uaccess.ts";

/** FUTEX_BITSET_MATCH_ANY: a wait or wake for every bit. */
export const FUTEX_BITSET_MATCH_ANY = 0xffffffff;
/** Robust futex word bits. */
const FUTEX_WAITERS = 0x80000000, FUTEX_OWNER_DIED = 0x40000000, FUTEX_TID_MASK = 0x3fffffff;
/** Most robust-list entries walked at exit (ROBUST_LIST_LIMIT). */
const ROBUST_LIST_LIMIT = 2048;

/** A futex key: the object (address space, or the buffer of shared page bytes) and the offset in it. */
export interface FutexKey {
  key: object;
  off: number;
}

/**
 * The key of the futex word at `addr` in `mem` (the word must be mapped:
 * the caller has read it). `priv`: FUTEX_PRIVATE_FLAG, always keyed by the
 * address space.
 */
export function futexKey(mem: Memory, addr: number, priv = false): FutexKey {
  if (!priv && (mem.findVma(addr)?.flags ?? 0) & MAP_SHARED) {
    // Keyed by the bytes' buffer, not a view of them: each mapping (and a restored
    // machine) may hold its own view of the same bytes.
    const page = mem.pages.get(Math.floor(addr / PAGE_SIZE));
    if (page !== undefined) {
      return { key: page.data.buffer, off: page.data.byteOffset + addr % PAGE_SIZE };
    }
  }
  return { key: mem, off: addr };
}

/** Take `t` off the futex queue (it timed out, was interrupted or woken). */
export function futexDequeue(k: Kernel, t: Thread): void {
  const i = k.futexWaiters.indexOf(t);
  if (i >= 0) k.futexWaiters.splice(i, 1);
}

/**
 * Wake up to `n` waiters on the key of (`mem`, `addr`) whose bitset meets
 * `bitset`, oldest first. Returns how many were woken.
 */
export function futexWake(k: Kernel, mem: Memory, addr: number, n: number, bitset: number): number {
  return wakeKey(k, futexKey(mem, addr), n, bitset);
}

/**
 * Where waiter `w` waits on `key`: 0 for a futex wait, the index among a
 * futex_waitv's futexes; -1 if it does not.
 */
function waitsOn(w: FutexWait | FutexvWait, key: FutexKey): number {
  if (w.kind === "futex") return w.key === key.key && w.off === key.off ? 0 : -1;
  for (let i = 0; i < w.keys.length; i++) {
    if (w.keys[i] === key.key && w.offs[i] === key.off) return i;
  }
  return -1;
}

/**
 * Wake up to `n` waiters on `key` whose bitset meets `bitset` (a
 * futex_waitv waiter takes any). A woken futex_waitv waiter leaves all its
 * queues at once (Linux leaves its other futexes queued until it runs, where
 * a second wake could count it again).
 */
export function wakeKey(k: Kernel, key: FutexKey, n: number, bitset: number): number {
  let woken = 0;
  for (let i = 0; i < k.futexWaiters.length && woken < n;) {
    const w = k.futexWaiters[i].wait as FutexWait | FutexvWait;
    const at = waitsOn(w, key);
    if (at >= 0 && (w.kind === "futexv" || (w.bitset & bitset) !== 0)) {
      if (w.kind === "futex") w.woken = true;
      else w.woken = at;
      k.futexWaiters.splice(i, 1);
      woken++;
    } else i++;
  }
  return woken;
}

/**
 * FUTEX_(CMP_)REQUEUE: wake up to `n` waiters on `from`, then move up to
 * `max` more to `to` (behind its own waiters). Returns woken + moved.
 */
export function requeue(k: Kernel, from: FutexKey, to: FutexKey, n: number, max: number): number {
  const woken = wakeKey(k, from, n, 0xffffffff);
  const moved: Thread[] = [];
  for (let i = 0; i < k.futexWaiters.length && moved.length < max;) {
    const t = k.futexWaiters[i];
    const w = t.wait as FutexWait | FutexvWait;
    const at = waitsOn(w, from);
    if (at >= 0) {
      if (w.kind === "futex") {
        w.key = to.key;
        w.off = to.off;
      } else {
        w.keys[at] = to.key;
        w.offs[at] = to.off;
      }
      k.futexWaiters.splice(i, 1);
      moved.push(t);
    } else i++;
  }
  k.futexWaiters.push(...moved);
  return woken + moved.length;
}

/**
 * A thread is exiting: mark the robust mutexes it still holds
 * FUTEX_OWNER_DIED and wake a waiter of each (Linux's exit_robust_list).
 */
export function exitRobustList(k: Kernel, t: Thread): void {
  const mem = t.proc.mem;
  const head = t.robustHead;
  if (head === 0) return;
  try {
    let entry = readU64(mem, head);
    const offset = readI64(mem, head + 8);
    const pending = readU64(mem, head + 16);
    for (let i = 0; entry !== head && i < ROBUST_LIST_LIMIT; i++) {
      const next = readU64(mem, entry);
      if (entry !== pending) ownerDied(k, t, entry + offset);
      entry = next;
    }
    if (pending !== 0) ownerDied(k, t, pending + offset);
  } catch { /* a corrupt list is abandoned, as Linux does */ }
}

/** handle_futex_death: the lock word at `addr` is owned by `t`: mark it and wake one waiter. */
function ownerDied(k: Kernel, t: Thread, addr: number): void {
  // The entry's low bit flags a PI futex; the word itself is 4-aligned.
  const a = addr - (addr % 2);
  const mem = t.proc.mem;
  const v = mem.read32(a);
  if ((v & FUTEX_TID_MASK) !== t.tid) return;
  mem.write32(a, ((v & FUTEX_WAITERS) | FUTEX_OWNER_DIED) >>> 0);
  if ((v & FUTEX_WAITERS) !== 0) futexWake(k, mem, a, 1, FUTEX_BITSET_MATCH_ANY);
}
