/**
 * futex2: futex_wait, futex_wake, futex_requeue and futex_waitv. Errnos and
 * their order are those of a native run on Linux 6.18.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import type { Thread } from "../../lib/kernel/thread.ts";
import * as E from "../../lib/kernel/errno.ts";

const U32 = 2, NUMA = 4, MPOL = 8, PRIVATE = 128;
const MONO = 1, REALTIME = 0;
/** FUTEX_BITSET_MATCH_ANY. */
const M = 0xffffffff;
/** A thread of the harness process: VM FS FILES SIGHAND THREAD. */
const THREAD = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000;

function thread(s: Sys): Thread {
  return s.k.threads.get(s.sys("clone", THREAD, 0, 0, 0, 0))!;
}

/** A timespec in scratch memory. */
function ts(s: Sys, sec: number, nsec: number): number {
  const a = s.alloc(16);
  s.mem.write64(a, sec >>> 0, sec < 0 ? -1 : 0);
  s.mem.write64(a + 8, nsec >>> 0, 0);
  return a;
}

/** An array of struct futex_waitv { u64 val, u64 uaddr, u32 flags, u32 reserved }. */
function waitv(s: Sys, entries: [number, number, number, number?][]): number {
  const a = s.alloc(entries.length * 24);
  entries.forEach(([val, uaddr, flags, res], i) => {
    s.mem.write64(a + i * 24, val >>> 0, Math.floor(val / 2 ** 32));
    s.mem.write64(a + i * 24 + 8, uaddr >>> 0, Math.floor(uaddr / 2 ** 32));
    s.mem.write32(a + i * 24 + 16, flags);
    s.mem.write32(a + i * 24 + 20, res ?? 0);
  });
  return a;
}

Deno.test("futex2: flags, sizes, NUMA node words, values and timeouts are checked like Linux", () => {
  const s = new Sys();
  const w = s.alloc(64);
  s.mem.write32(w, 5);
  s.mem.write32(w + 8, 7);
  s.mem.write32(w + 12, 0xffffffff);
  s.mem.write32(w + 20, 3);
  const past = ts(s, 0, 0);
  const wait = (a: number, v: number | bigint, m: number | bigint, f: number, t = past, c = MONO) =>
    s.sys("futex_wait", a, v, m, f, t, c);
  assert.equal(wait(w, 5, M, 0), -E.EINVAL, "FUTEX2_SIZE_U8 is not implemented");
  assert.equal(wait(w, 5, M, U32), -E.ETIMEDOUT);
  assert.equal(wait(w, 4, M, U32), -E.EAGAIN);
  assert.equal(wait(w, 5, M, U32 | PRIVATE), -E.ETIMEDOUT);
  for (const f of [3, 1, 0x12]) assert.equal(wait(w, 5, M, f), -E.EINVAL);
  assert.equal(wait(w, 5, M, U32 | MPOL), -E.ETIMEDOUT);
  assert.equal(wait(w + 8, 7, M, U32 | NUMA), -E.ETIMEDOUT);
  assert.equal(s.mem.read32(w + 12), 0, "FUTEX_NO_NODE becomes node 0");
  assert.equal(wait(w + 16, 0, M, U32 | NUMA), -E.EINVAL, "node 3 does not exist");
  assert.equal(wait(w + 4, 0, M, U32 | NUMA), -E.EINVAL, "NUMA futexes are 8-aligned");
  assert.equal(wait(w, 5n | (1n << 32n), M, U32), -E.EINVAL);
  assert.equal(wait(w, 5, -1n, U32), -E.EINVAL);
  assert.equal(wait(w, 5, 0, U32), -E.EINVAL);
  assert.equal(wait(w, 5, M, U32, past, 2), -E.EINVAL, "CLOCK_PROCESS_CPUTIME_ID");
  assert.equal(wait(w, 5, M, U32, past, REALTIME), -E.ETIMEDOUT);
  assert.equal(wait(w, 4, M, U32, 0, 2), -E.EAGAIN, "no timeout: no clock check");
  assert.equal(wait(w, 5, M, U32, ts(s, 0, 2e9)), -E.EINVAL);
  assert.equal(wait(w, 5, M, U32, ts(s, -1, 0)), -E.EINVAL);
  assert.equal(wait(w, 5, 0, U32, ts(s, -1, 0)), -E.EINVAL, "timeout before mask");
  assert.equal(wait(w, 5, M, U32, 8), -E.EFAULT);
  assert.equal(wait(w + 2, 5, M, U32), -E.EINVAL);
  assert.equal(wait(8, 5, M, U32), -E.EFAULT);
  assert.equal(wait(8, 5, M, U32 | PRIVATE), -E.EFAULT, "the value is read");
  const at = s.k.elapsedNs() + 1_000_000;
  assert.equal(wait(w, 5, M, U32, ts(s, Math.floor(at / 1e9), at % 1e9)), -E.ETIMEDOUT);
  assert.equal(s.k.elapsedNs(), at, "an absolute CLOCK_MONOTONIC deadline");

  const wake = (a: number, m: number | bigint, n: number, f: number) =>
    s.sys("futex_wake", a, m, n, f);
  assert.equal(wake(w, M, 1, U32), 0);
  assert.equal(wake(w, M, 1, 0), -E.EINVAL);
  assert.equal(wake(w, 0, 1, U32), -E.EINVAL);
  assert.equal(wake(w, -1n, 1, U32), -E.EINVAL);
  assert.equal(wake(w, M, -1, U32), 0);
  assert.equal(wake(w + 1, M, 1, U32), -E.EINVAL);
  assert.equal(wake(8, M, 1, U32), -E.EFAULT);
  assert.equal(wake(8, M, 1, U32 | PRIVATE), 0, "a private key is an address");
  assert.equal(wake(w + 16, M, 1, U32 | NUMA), -E.EINVAL);

  const req = (v: number, f: number, nw: number, nr: number) =>
    s.sys("futex_requeue", v, f, nw, nr);
  const pair = (e0: [number, number, number, number?], e1: [number, number, number, number?]) =>
    waitv(s, [e0, e1]);
  const ok = pair([5, w, U32], [0, w + 32, U32]);
  assert.equal(req(ok, 0, 1, 1), 0);
  assert.equal(req(ok, 1, 1, 1), -E.EINVAL);
  assert.equal(req(0, 0, 1, 1), -E.EINVAL);
  assert.equal(req(8, 0, 1, 1), -E.EFAULT);
  assert.equal(req(ok, 0, -1, 1), -E.EINVAL);
  assert.equal(req(ok, 0, 1, -1), -E.EINVAL);
  assert.equal(req(pair([4, w, U32], [0, w + 32, U32]), 0, 1, 1), -E.EAGAIN);
  assert.equal(req(pair([5, w, U32], [0, w + 32, U32, 1]), 0, 1, 1), -E.EINVAL, "reserved");
  assert.equal(req(pair([5, w, U32], [0, w + 32, 0]), 0, 1, 1), -E.EINVAL);
  assert.equal(req(pair([5, w, U32], [2 ** 32, w + 32, U32]), 0, 1, 1), -E.EINVAL);
  assert.equal(req(pair([5, w, U32], [0, 8, U32]), 0, 1, 1), -E.EFAULT);
  assert.equal(req(pair([5, w, U32], [0, 8, U32 | PRIVATE]), 0, 1, 1), -E.EINVAL, "flags differ");
  assert.equal(req(pair([5, w + 2, U32], [0, w + 32, U32]), 0, 1, 1), -E.EINVAL);

  const wv = (v: number, n: number, f = 0, t = past, c = MONO) =>
    s.sys("futex_waitv", v, n, f, t, c);
  const many = waitv(s, Array.from({ length: 130 }, () => [5, w, U32] as [number, number, number]));
  assert.equal(wv(many, 2), -E.ETIMEDOUT);
  assert.equal(wv(many, 2, 1), -E.EINVAL);
  assert.equal(wv(many, 0), -E.EINVAL);
  assert.equal(wv(many, 128), -E.ETIMEDOUT);
  assert.equal(wv(many, 129), -E.EINVAL);
  assert.equal(wv(0, 1), -E.EINVAL);
  assert.equal(wv(many, 1, 0, past, 2), -E.EINVAL);
  assert.equal(wv(many, 1, 0, ts(s, 0, 2e9)), -E.EINVAL);
  assert.equal(wv(waitv(s, [[5, w, U32], [4, w, U32]]), 2), -E.EAGAIN);
  assert.equal(wv(waitv(s, [[5, w, U32], [5, 8, U32]]), 2), -E.EFAULT);
  assert.equal(wv(waitv(s, [[4, w, U32], [5, 8, U32]]), 2), -E.EFAULT, "keys before values");
  assert.equal(wv(waitv(s, [[4, w, U32], [5, 8, U32 | PRIVATE]]), 2), -E.EAGAIN);
  assert.equal(wv(waitv(s, [[5, w, U32], [5, w, 3]]), 2), -E.EINVAL);
  assert.equal(wv(8, 1), -E.EFAULT);
  assert.equal(wv(many, 1, 0, 8), -E.EFAULT);
  assert.equal(s.k.futexWaiters.length, 0);
});

Deno.test("futex2: futex_waitv returns the index of the futex woken, times out, and is requeued", () => {
  const s = new Sys();
  const w = s.alloc(64);
  const [a, b, c] = [thread(s), thread(s), thread(s)];
  const v = waitv(s, [[0, w, U32], [0, w + 4, U32 | PRIVATE], [0, w + 8, U32]]);
  assert.equal(s.call(a, "futex_waitv", v, 3, 0, 0, 0), null);
  assert.equal(s.call(b, "futex_wait", w + 4, 0, 0b10, U32, 0, 0), null);
  assert.equal(s.sys("futex_wake", w + 4, 0b01, 5, U32), 1, "the mask passes b by");
  assert.ok(s.resume(a));
  assert.equal(s.result(a), 1, "a waitv waiter takes any mask");
  assert.equal(s.sys("futex", w + 4, 1, 1, 0, 0, 0), 1, "futex(2) wakes futex_wait");
  assert.ok(s.resume(b));
  assert.equal(s.result(b), 0);

  assert.equal(s.call(a, "futex_waitv", v, 3, 0, 0, 0), null);
  assert.equal(s.sys("futex_wake", w + 8, M, 0, U32), 1, "nr 0 still wakes one");
  assert.ok(s.resume(a));
  assert.equal(s.result(a), 2);
  assert.equal(s.sys("futex_wake", w, M, 1, U32), 0, "it left every queue");

  // Requeued from its futex 0 to w + 16, a waitv waiter is woken there and reports index 0.
  assert.equal(s.call(a, "futex_waitv", v, 3, 0, 0, 0), null);
  assert.equal(s.call(c, "futex_wait", w, 0, M, U32, 0, 0), null);
  const pair = waitv(s, [[0, w, U32], [0, w + 16, U32]]);
  assert.equal(s.sys("futex_requeue", pair, 0, 1, 1), 2, "one woken, one moved");
  assert.ok(s.resume(a), "the first waiter was woken");
  assert.equal(s.result(a), 0);
  assert.equal(s.sys("futex_wake", w + 16, M, 1, U32), 1);
  assert.ok(s.resume(c));
  assert.equal(s.result(c), 0);

  // A timeout on the virtual clock, absolute on CLOCK_MONOTONIC.
  const at = s.k.elapsedNs() + 2_000_000;
  const t0 = ts(s, Math.floor(at / 1e9), at % 1e9);
  assert.equal(s.sys("futex_waitv", v, 3, 0, t0, MONO), -E.ETIMEDOUT);
  assert.ok(s.k.elapsedNs() >= at, "not before the deadline (the other threads ran meanwhile)");
  assert.equal(s.k.futexWaiters.length, 0);
});
