/**
 * Futex wait queues. A futex is named by a key, as in Linux: the address
 * space and the address for private mappings; the shared page and the
 * offset in it for MAP_SHARED mappings (so processes sharing the page meet
 * there). Waiters queue in the order they started waiting and are woken in
 * that order.
 * @module
 */

import type { Kernel } from "./kernel.ts";
import type { FutexWait, Thread } from "./thread.ts";
import { type Memory, PAGE_SIZE } from "../exec/memory.ts";
import { MAP_SHARED } from "./vma.ts";

/** A futex key: the object (address space or shared page) and the offset in it. */
export interface FutexKey {
  key: object;
  off: number;
}

/** The key of the futex word at `addr` in `mem` (the word must be mapped: the caller has read it). */
export function futexKey(mem: Memory, addr: number): FutexKey {
  const vma = mem.findVma(addr);
  if (vma !== undefined && (vma.flags & MAP_SHARED) !== 0) {
    const page = mem.pages.get(Math.floor(addr / PAGE_SIZE));
    if (page !== undefined) return { key: page, off: addr % PAGE_SIZE };
  }
  return { key: mem, off: addr };
}

/** Queue `t` on the futex `w` describes (the caller then blocks it on `w`). */
export function futexEnqueue(k: Kernel, t: Thread): void {
  k.futexWaiters.push(t);
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
  const { key, off } = futexKey(mem, addr);
  return wakeKey(k, key, off, n, bitset);
}

/** Wake up to `n` waiters on (`key`, `off`) whose bitset meets `bitset`. */
export function wakeKey(k: Kernel, key: object, off: number, n: number, bitset: number): number {
  let woken = 0;
  for (let i = 0; i < k.futexWaiters.length && woken < n;) {
    const t = k.futexWaiters[i];
    const w = t.wait as FutexWait;
    if (w.key === key && w.off === off && (w.bitset & bitset) !== 0) {
      w.woken = true;
      k.futexWaiters.splice(i, 1);
      woken++;
    } else i++;
  }
  return woken;
}
