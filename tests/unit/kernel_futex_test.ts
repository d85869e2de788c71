/**
 * futex: waits and wakes between threads, FIFO order, bitsets, timeouts on
 * the virtual clock, requeueing, WAKE_OP, private and shared keys across
 * fork, robust lists and clear_child_tid at thread exit, priority-inheritance
 * locks. Errnos and WAKE_OP
 * results are those of a native Linux 6.x run.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import type { Thread } from "../../lib/kernel/thread.ts";
import * as E from "../../lib/kernel/errno.ts";

const WAIT = 0, WAKE = 1, REQUEUE = 3, CMP_REQUEUE = 4, WAKE_OP = 5;
const WAIT_BITSET = 9, WAKE_BITSET = 10, PRIVATE = 128, CLOCK_REALTIME = 256;
const LOCK_PI = 6, UNLOCK_PI = 7, TRYLOCK_PI = 8, LOCK_PI2 = 13;
const WAITERS = 0x80000000, OWNER_DIED = 0x40000000;
/** A thread of the harness process: VM FS FILES SIGHAND THREAD. */
const THREAD = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000;

function thread(s: Sys): Thread {
  return s.k.threads.get(s.sys("clone", THREAD, 0, 0, 0, 0))!;
}

/** A timespec in scratch memory. */
function ts(s: Sys, sec: number, nsec: number): number {
  const a = s.alloc(16);
  s.mem.write32(a, sec);
  s.mem.write32(a + 8, nsec);
  return a;
}

Deno.test("futex: argument errors and immediate results", () => {
  const s = new Sys();
  const w = s.alloc(16);
  s.mem.write32(w, 5);
  assert.equal(s.sys("futex", w, WAIT, 4, 0, 0, 0), -E.EAGAIN);
  assert.equal(s.sys("futex", w + 1, WAIT, 5, 0, 0, 0), -E.EINVAL);
  assert.equal(s.sys("futex", 8, WAIT, 5, 0, 0, 0), -E.EFAULT);
  assert.equal(s.sys("futex", w, WAIT, 5, ts(s, 0, 0), 0, 0), -E.ETIMEDOUT);
  assert.equal(s.sys("futex", w, WAIT, 4, ts(s, 0, 2e9), 0, 0), -E.EINVAL, "timeout first");
  assert.equal(s.sys("futex", w, WAIT | CLOCK_REALTIME, 5, ts(s, 0, 0), 0, 0), -E.ENOSYS);
  assert.equal(s.sys("futex", w, WAIT_BITSET, 5, ts(s, 0, 0), 0, 0), -E.EINVAL, "bitset 0");
  assert.equal(s.sys("futex", w, WAIT_BITSET, 5, ts(s, 0, 0), 0, -1), -E.ETIMEDOUT);
  const rt = WAIT_BITSET | CLOCK_REALTIME;
  assert.equal(s.sys("futex", w, rt, 5, ts(s, 0, 0), 0, -1), -E.ETIMEDOUT, "1970 is past");
  assert.equal(s.sys("futex", w, WAKE_BITSET, 1, 0, 0, 0), -E.EINVAL);
  assert.equal(s.sys("futex", w + 1, WAKE, 1, 0, 0, 0), -E.EINVAL);
  assert.equal(s.sys("futex", 8, WAKE, 1, 0, 0, 0), -E.EFAULT);
  assert.equal(s.sys("futex", 8, WAKE | PRIVATE, 1, 0, 0, 0), 0, "a private key is an address");
  assert.equal(s.sys("futex", w, WAKE | CLOCK_REALTIME, 1, 0, 0, 0), -E.ENOSYS);
  assert.equal(s.sys("futex", w, CMP_REQUEUE, 1, 1, w + 4, 4), -E.EAGAIN);
  assert.equal(s.sys("futex", w, CMP_REQUEUE, 1, 1, w + 4, 5), 0);
  assert.equal(s.sys("futex", w, CMP_REQUEUE, -1, 1, w + 4, 5), -E.EINVAL);
  assert.equal(s.sys("futex", w, REQUEUE, 1, 1, 8, 5), -E.EFAULT);
  assert.equal(s.sys("futex", w, 2, 1, 0, 0, 0), -E.ENOSYS, "FUTEX_FD is gone");
  assert.equal(s.sys("futex", w, 14, 1, 0, 0, 0), -E.ENOSYS);
});

Deno.test("futex: WAKE_OP operates on the second word, then compares its old value", () => {
  const s = new Sys();
  const w = s.alloc(8);
  s.mem.write32(w + 4, 10);
  const op = (o: number, arg: number, cmp: number, carg: number) =>
    ((o << 28) | (cmp << 24) | ((arg & 0xfff) << 12) | (carg & 0xfff)) >>> 0;
  assert.equal(s.sys("futex", w, WAKE_OP, 1, 1, w + 4, op(1, 3, 4, 9)), 0); // ADD, GT
  assert.equal(s.u32(w + 4), 13);
  assert.equal(s.sys("futex", w, WAKE_OP, 1, 1, w + 4, op(8 | 2, 4, 0, 13)), 0); // OR 1<<4
  assert.equal(s.u32(w + 4), 29);
  assert.equal(s.sys("futex", w, WAKE_OP, 1, 1, w + 4, 7 << 28), -E.ENOSYS);
  assert.equal(s.u32(w + 4), 29, "a bad operation changes nothing");
  assert.equal(s.sys("futex", w, WAKE_OP, 1, 1, w + 4, op(1, 1, 9, 0)), -E.ENOSYS);
  assert.equal(s.u32(w + 4), 30, "a bad comparison comes after the operation");
  assert.equal(s.sys("futex", w, WAKE_OP, 1, 1, w + 4, op(1, -1, 2, 0)), 0);
  assert.equal(s.u32(w + 4), 29, "oparg is a signed 12-bit value");
});

Deno.test("futex: waiters wake in FIFO order, by bitset, and by WAKE_OP's comparison", () => {
  const s = new Sys();
  const w = s.alloc(8);
  const [a, b, c] = [thread(s), thread(s), thread(s)];
  for (const t of [b, a, c]) assert.equal(s.call(t, "futex", w, WAIT | PRIVATE, 0, 0, 0, 0), null);
  assert.equal(s.sys("futex", w, WAKE, 1, 0, 0, 0), 1, "a private wait meets a shared wake");
  assert.ok(s.resume(b), "the first to wait is the first woken");
  assert.equal(s.result(b), 0);
  assert.equal(s.sys("futex", w, WAKE, 5, 0, 0, 0), 2);
  for (const t of [a, c]) assert.ok(s.resume(t));
  assert.equal(s.call(a, "futex", w, WAIT_BITSET, 0, 0, 0, 0b01), null);
  assert.equal(s.call(b, "futex", w, WAIT_BITSET, 0, 0, 0, 0b10), null);
  assert.equal(s.sys("futex", w, WAKE_BITSET, 9, 0, 0, 0b10), 1);
  assert.ok(s.resume(b));
  // WAKE_OP: wake 1 on the first word; the second's old value 0 == 0 wakes 1 there too.
  assert.equal(s.call(c, "futex", w + 4, WAIT, 0, 0, 0, 0), null);
  assert.equal(s.sys("futex", w, WAKE_OP, 1, 1, w + 4, (1 << 28) | (1 << 12)), 2);
  assert.ok(s.resume(a));
  assert.ok(s.resume(c));
});

Deno.test("futex: timeouts run on the virtual clock", () => {
  const s = new Sys();
  const w = s.alloc(4);
  const t0 = s.k.elapsedNs();
  assert.equal(s.sys("futex", w, WAIT, 0, ts(s, 0, 3_000_000), 0, 0), -E.ETIMEDOUT);
  assert.equal(s.k.elapsedNs() - t0, 3_000_000, "3 ms passed, instantly");
  // An absolute CLOCK_MONOTONIC deadline for WAIT_BITSET.
  const at = s.k.elapsedNs() + 5_000_000;
  const abs = ts(s, Math.floor(at / 1e9), at % 1e9);
  assert.equal(s.sys("futex", w, WAIT_BITSET, 0, abs, 0, -1), -E.ETIMEDOUT);
  assert.equal(s.k.elapsedNs(), at);
  // A wake before the deadline wins; the waiter leaves the queue either way.
  const t = thread(s);
  assert.equal(s.call(t, "futex", w, WAIT, 0, ts(s, 1, 0), 0, 0), null);
  assert.equal(s.sys("futex", w, WAKE, 1, 0, 0, 0), 1);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), 0);
  assert.equal(s.k.futexWaiters.length, 0);
});

Deno.test("futex: CMP_REQUEUE wakes some and moves others behind the target's waiters", () => {
  const s = new Sys();
  const w = s.alloc(8);
  const [a, b, c, d] = [thread(s), thread(s), thread(s), thread(s)];
  assert.equal(s.call(d, "futex", w + 4, WAIT, 0, 0, 0, 0), null);
  for (const t of [a, b, c]) assert.equal(s.call(t, "futex", w, WAIT, 0, 0, 0, 0), null);
  assert.equal(s.sys("futex", w, CMP_REQUEUE, 1, 5, w + 4, 0), 3, "1 woken + 2 moved");
  assert.ok(s.resume(a));
  assert.equal(s.sys("futex", w, WAKE, 9, 0, 0, 0), 0, "nobody is left on the first word");
  assert.equal(s.sys("futex", w + 4, WAKE, 2, 0, 0, 0), 2);
  assert.ok(s.resume(d), "the target's own waiter stays first");
  assert.ok(s.resume(b));
  assert.equal(s.sys("futex", w + 4, WAKE, 1, 0, 0, 0), 1);
  assert.ok(s.resume(c));
});

Deno.test("futex: shared keys meet across fork in MAP_SHARED memory; private ones do not", () => {
  const s = new Sys();
  const sh = s.sys("mmap", 0, 4096, 3, 0x21, -1, 0);
  const child = s.k.vfs.procs.get(s.sys("fork"))!;
  const ct = child.thread;
  assert.equal(s.call(ct, "futex", sh, WAIT, 0, 0, 0, 0), null);
  assert.equal(s.sys("futex", sh, WAKE | PRIVATE, 1, 0, 0, 0), 0, "a private wake stays home");
  assert.equal(s.sys("futex", sh, WAKE, 1, 0, 0, 0), 1);
  assert.ok(s.resume(ct));
  // In private (copy-on-write) memory the same address is a different futex in each process.
  const priv = s.alloc(4);
  assert.equal(s.call(ct, "futex", priv, WAIT, 0, 0, 0, 0), null);
  assert.equal(s.sys("futex", priv, WAKE, 1, 0, 0, 0), 0);
});

Deno.test("futex: a dying thread marks its robust mutexes and wakes clear_child_tid waiters", () => {
  const s = new Sys();
  const ctid = s.alloc(4);
  const flags = THREAD | 0x200000; // CLONE_CHILD_CLEARTID
  const t = s.k.threads.get(s.sys("clone", flags, 0, 0, ctid, 0))!;
  s.mem.write32(ctid, t.tid);
  // A robust list head with one held mutex: the lock word sits 8 bytes after the list entry.
  const head = s.alloc(24), entry = s.alloc(16);
  s.mem.writeBytes(head, u64(entry));
  s.mem.writeBytes(head + 8, u64(8));
  s.mem.writeBytes(entry, u64(head));
  s.mem.write32(entry + 8, (0x80000000 | t.tid) >>> 0); // FUTEX_WAITERS | owner
  assert.equal(s.call(t, "set_robust_list", head, 24), 0);
  const joiner = thread(s), waiter = thread(s);
  assert.equal(s.call(joiner, "futex", ctid, WAIT, t.tid, 0, 0, 0), null);
  assert.equal(s.call(waiter, "futex", entry + 8, WAIT, s.u32(entry + 8), 0, 0, 0), null);
  assert.equal(s.call(t, "exit", 0), 0);
  assert.equal(s.u32(ctid), 0);
  assert.equal(s.u32(entry + 8), 0xc0000000, "FUTEX_WAITERS | FUTEX_OWNER_DIED");
  assert.ok(s.resume(joiner));
  assert.ok(s.resume(waiter));
});

function u64(v: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(v), true);
  return b;
}

Deno.test("futex: threads that die waiting leave the queue (exit_group, a fatal signal)", () => {
  const s = new Sys();
  const w = s.alloc(4);
  const other = s.k.vfs.procs.get(s.sys("fork"))!;
  const [a, b] = [thread(s), thread(s)];
  assert.equal(s.call(a, "futex", w, WAIT, 0, 0, 0, 0), null);
  assert.equal(s.call(b, "futex", w, WAIT, 0, 0, 0, 0), null);
  assert.equal(s.k.futexWaiters.length, 2);
  s.sys("exit_group", 0);
  assert.equal(s.k.futexWaiters.length, 0);
  // Another process's wakes go on working.
  assert.equal(s.call(other.thread, "futex", w, WAKE, 1, 0, 0, 0), 0);
});

Deno.test("futex: PI locks take a free word, queue contenders and hand over at unlock", () => {
  const s = new Sys();
  const w = s.alloc(8);
  const me = s.main.tid;
  assert.equal(s.sys("futex", w, UNLOCK_PI, 0, 0, 0, 0), -E.EPERM, "not the owner");
  assert.equal(s.sys("futex", w, LOCK_PI, 0, 0, 0, 0), 0);
  assert.equal(s.u32(w), me);
  assert.equal(s.sys("futex", w, LOCK_PI, 0, 0, 0, 0), -E.EDEADLK);
  assert.equal(s.sys("futex", w, TRYLOCK_PI, 0, 0, 0, 0), -E.EDEADLK);
  assert.equal(s.sys("futex", w, LOCK_PI | CLOCK_REALTIME, 0, 0, 0, 0), -E.ENOSYS);
  const [a, b] = [thread(s), thread(s)];
  assert.equal(s.call(a, "futex", w, TRYLOCK_PI, 0, 0, 0, 0), -E.EAGAIN);
  assert.equal(s.u32(w), (me | WAITERS) >>> 0, "even a failed try sets FUTEX_WAITERS");
  assert.equal(s.call(a, "futex", w, LOCK_PI, 0, 0, 0, 0), null);
  assert.equal(s.call(b, "futex", w, LOCK_PI2 | PRIVATE, 0, 0, 0, 0), null);
  assert.equal(s.sys("futex", w, UNLOCK_PI, 0, 0, 0, 0), 0);
  assert.equal(s.u32(w), (a.tid | WAITERS) >>> 0, "handed to the first waiter");
  assert.ok(s.resume(a));
  assert.equal(s.result(a), 0);
  assert.equal(s.call(a, "futex", w, UNLOCK_PI, 0, 0, 0, 0), 0);
  assert.ok(s.resume(b));
  assert.equal(s.result(b), 0);
  assert.equal(s.u32(w), (b.tid | WAITERS) >>> 0);
  assert.equal(s.call(b, "futex", w, UNLOCK_PI, 0, 0, 0, 0), 0);
  assert.equal(s.u32(w), 0, "nobody waits: free");
  s.mem.write32(w, 99999);
  assert.equal(s.sys("futex", w, LOCK_PI, 0, 0, 0, 0), -E.ESRCH, "the owner does not exist");
  assert.equal(s.u32(w), (99999 | WAITERS) >>> 0);
  s.mem.write32(w, (OWNER_DIED | WAITERS) >>> 0);
  assert.equal(s.sys("futex", w, TRYLOCK_PI, 0, 0, 0, 0), 0, "a dead owner's lock is taken");
  assert.equal(s.u32(w), (me | OWNER_DIED) >>> 0, "keeping FUTEX_OWNER_DIED");
});

Deno.test("futex: PI lock timeouts are absolute: CLOCK_REALTIME, or CLOCK_MONOTONIC for LOCK_PI2", () => {
  const s = new Sys();
  const w = s.alloc(4);
  const t = thread(s);
  assert.equal(s.call(t, "futex", w, LOCK_PI, 0, 0, 0, 0), 0);
  const at = s.k.elapsedNs() + 4_000_000;
  assert.equal(
    s.sys("futex", w, LOCK_PI2, 0, ts(s, Math.floor(at / 1e9), at % 1e9), 0, 0),
    -E.ETIMEDOUT,
  );
  assert.equal(s.k.elapsedNs(), at);
  assert.equal(s.sys("futex", w, LOCK_PI, 0, ts(s, 0, 0), 0, 0), -E.ETIMEDOUT, "1970 is past");
  assert.equal(s.k.futexWaiters.length, 0);
  assert.equal(s.call(t, "futex", w, UNLOCK_PI, 0, 0, 0, 0), 0);
  assert.equal(s.u32(w), 0, "the timed-out waiters left the queue");
});
