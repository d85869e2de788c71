/**
 * Signal timers: setitimer/getitimer/alarm and the POSIX timers, firing at
 * exact virtual times (both engines interrupt a running thread at the
 * expiry instruction), periods, overruns, SIGEV_NONE and the errnos.
 */

import assert from "node:assert/strict";
import { createMachine } from "../../mod.ts";
import { hex, tinyElf } from "./tiny_elf.ts";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const SIGUSR1 = 10, SIGALRM = 14;
const SI_TIMER = -2;

/** A program that arms interval timer `which` to 1 ms (no period) and spins. */
function spinner(which: number): Uint8Array {
  return tinyElf(hex(
    "b826000000" + "bf0" + which + "000000" + "488d3506000000" + "31d2" + "0f05" + "ebfe" +
      "00".repeat(24) + "e803000000000000",
  ));
}

Deno.test("setitimer/getitimer/alarm: SIGALRM at the exact virtual time, periods, CPU-time timers", () => {
  // The signal interrupts a spinning thread on the instruction its timer expires at: 5
  // instructions up to the SYSCALL, then 1 ms (a CPU-time timer starts a tick late, as Linux's).
  for (const engine of ["interp", "jit"] as const) {
    for (const [which, sig, at] of [[0, 14, 1_000_005], [1, 26, 5_000_005], [2, 27, 5_000_005]]) {
      const m = createMachine({ argv: ["/t"], files: { "/t": spinner(which) }, engine });
      const r = m.run(20_000_000);
      assert.equal(r.status, "signaled");
      assert.equal(r.signal, sig);
      assert.equal(r.instructions, at, `${engine} timer ${which}`);
    }
  }
  const s = new Sys();
  const itv = s.alloc(32), old = s.alloc(32);
  assert.equal(s.sys("alarm", 5), 0);
  assert.equal(s.sys("alarm", 2), 5);
  s.k.sleep(1_600_000_000);
  assert.equal(s.sys("alarm", 0), 1, "0.4 s left: at least 1");
  assert.equal(s.sys("getitimer", 3, itv), -E.EINVAL);
  assert.equal(s.sys("getitimer", 0, itv), 0);
  assert.deepEqual([s.u64(itv), s.u64(itv + 8), s.u64(itv + 16), s.u64(itv + 24)], [
    0n,
    0n,
    0n,
    0n,
  ]);
  // 1.5 s with a 0.25 s period.
  s.mem.write32(itv, 0);
  s.mem.write32(itv + 8, 250_000);
  s.mem.write32(itv + 16, 1);
  s.mem.write32(itv + 24, 500_000);
  assert.equal(s.sys("setitimer", 0, itv, old), 0);
  assert.equal(s.u64(old + 16), 0n);
  s.mem.write32(itv + 24, 1_000_000);
  assert.equal(s.sys("setitimer", 0, itv, 0), -E.EINVAL, "tv_usec out of range");
  assert.equal(s.sys("getitimer", 0, old), 0);
  assert.deepEqual([s.u64(old), s.u64(old + 8), s.u64(old + 16), s.u64(old + 24)], [
    0n,
    250_000n,
    1n,
    500_000n,
  ]);
  // Blocked SIGALRM: it fires once and the timer waits for the signal to be taken.
  const set = s.alloc(8);
  s.mem.write32(set, 1 << (SIGALRM - 1));
  assert.equal(s.sys("rt_sigprocmask", 0, set, 0, 8), 0);
  const ts = s.alloc(16);
  s.mem.write32(ts, 2); // sleep 2 s: the timer expires at 1.5 s
  assert.equal(s.sys("nanosleep", ts, 0), 0);
  assert.equal(s.p.pendingLo, 1 << (SIGALRM - 1));
  assert.equal(s.sys("getitimer", 0, old), 0);
  assert.equal(s.u64(old + 16) + s.u64(old + 24), 0n, "not running while its signal waits");
  const info = s.alloc(128);
  assert.equal(s.sys("rt_sigtimedwait", set, info, 0, 8), SIGALRM);
  assert.equal(s.i32(info + 8), 0x80, "SI_KERNEL");
  // Taken at 3.5 s after boot (2 s of it slept): the next period ends at 3.75 s.
  assert.equal(s.sys("getitimer", 0, old), 0);
  assert.equal(s.k.armedTimers.length, 1);
  assert.equal(s.k.armedTimers[0].expiry - s.k.elapsedNs(), 250_000_000);
  // Disarming with a null value; ITIMER_VIRTUAL keeps its period (set_cpu_itimer).
  assert.equal(s.sys("setitimer", 0, 0, 0), 0);
  assert.equal(s.k.armedTimers.length, 0);
  s.mem.write32(itv + 16, 0);
  s.mem.write32(itv + 24, 0);
  assert.equal(s.sys("setitimer", 1, itv, 0), 0);
  assert.equal(s.sys("getitimer", 1, old), 0);
  assert.deepEqual([s.u64(old + 8), s.u64(old + 16), s.u64(old + 24)], [250_000n, 0n, 0n]);
});

/** struct sigevent for `notify` with signal `sig`, value `value` and thread `tid`. */
function sigevent(s: Sys, notify: number, sig: number, value: number, tid = 0): number {
  const ev = s.alloc(64);
  s.mem.write32(ev, value);
  s.mem.write32(ev + 8, sig);
  s.mem.write32(ev + 12, notify);
  s.mem.write32(ev + 16, tid);
  return ev;
}

/** struct itimerspec: period and first expiry in ns (below 1 s). */
function itimerspec(s: Sys, interval: number, value: number): number {
  const a = s.alloc(32);
  s.mem.write32(a + 8, interval);
  s.mem.write32(a + 24, value);
  return a;
}

Deno.test("timer_create/timer_settime/timer_gettime/timer_getoverrun/timer_delete: POSIX timers", () => {
  const s = new Sys();
  const id = s.alloc(4);
  assert.equal(s.sys("timer_create", 10, 0, id), -E.EINVAL);
  assert.equal(s.sys("timer_create", 4, 0, id), -E.EOPNOTSUPP, "CLOCK_MONOTONIC_RAW");
  assert.equal(s.sys("timer_create", 1, sigevent(s, 0, 65, 0), id), -E.EINVAL);
  assert.equal(s.sys("timer_create", 1, sigevent(s, 4, SIGUSR1, 0, 999), id), -E.EINVAL);
  assert.equal(s.sys("timer_create", 1, sigevent(s, 7, SIGUSR1, 0), id), -E.EINVAL);
  assert.equal(s.sys("timer_create", 1, sigevent(s, 0, SIGUSR1, 0x1234), id), 0);
  assert.equal(s.u32(id), 3, "rejected sigevents used up ids 0..2, as Linux's do");
  const t = s.u32(id);
  assert.equal(s.sys("timer_settime", t, 0, 0, 0), -E.EINVAL);
  assert.equal(s.sys("timer_settime", t, 0, itimerspec(s, 0, 1_000_000_000), 0), -E.EINVAL);
  assert.equal(s.sys("timer_settime", 77, 0, itimerspec(s, 0, 1), 0), -E.EINVAL);
  // Every millisecond from 1 ms on; SIGUSR1 blocked, taken 3.5 ms later.
  const set = s.alloc(8);
  s.mem.write32(set, 1 << (SIGUSR1 - 1));
  assert.equal(s.sys("rt_sigprocmask", 0, set, 0, 8), 0);
  assert.equal(s.sys("timer_settime", t, 0, itimerspec(s, 1_000_000, 1_000_000), 0), 0);
  const ts = s.alloc(16);
  s.mem.write32(ts + 8, 3_500_000);
  assert.equal(s.sys("nanosleep", ts, 0), 0);
  const cur = s.alloc(32);
  assert.equal(s.sys("timer_gettime", t, cur), 0);
  assert.deepEqual([s.u64(cur + 8), s.u64(cur + 24)], [1_000_000n, 500_000n]);
  const info = s.alloc(128);
  assert.equal(s.sys("rt_sigtimedwait", set, info, 0, 8), SIGUSR1);
  assert.deepEqual(
    [s.i32(info + 8), s.i32(info + 16), s.i32(info + 20), s.u32(info + 24)],
    [SI_TIMER, t, 2, 0x1234],
    "si_code, si_timerid, si_overrun (expiries at 2 and 3 ms), si_value",
  );
  assert.equal(s.sys("timer_getoverrun", t), 2);
  // Absolute expiry in the past: fires at once.
  const abs = itimerspec(s, 0, 0);
  assert.equal(s.sys("timer_settime", t, 1, abs, cur), 0, "a zero value disarms");
  s.mem.write32(abs + 24, 1);
  assert.equal(s.sys("timer_settime", t, 1, abs, 0), 0);
  assert.equal(s.sys("timer_getoverrun", t), 0);
  assert.equal(s.sys("rt_sigtimedwait", set, info, ts, 8), SIGUSR1);
  assert.equal(s.sys("timer_gettime", t, cur), 0);
  assert.equal(s.u64(cur + 16) + s.u64(cur + 24), 0n, "a one-shot timer that fired");
  // SIGEV_NONE counts without signalling; ignored signals do not stop a periodic timer.
  assert.equal(s.sys("timer_create", 1, sigevent(s, 1, 0, 0), id), 0);
  const none = s.u32(id);
  assert.equal(s.sys("timer_settime", none, 0, itimerspec(s, 300_000, 250_000), 0), 0);
  assert.equal(s.sys("nanosleep", ts, 0), 0);
  assert.equal(s.sys("timer_gettime", none, cur), 0);
  assert.deepEqual([s.u64(cur + 8), s.u64(cur + 24)], [300_000n, 50_000n]);
  assert.equal(s.p.pendingLo, 0);
  assert.equal(s.sys("timer_delete", t), 0);
  assert.equal(s.sys("timer_delete", t), -E.EINVAL);
  assert.equal(s.sys("timer_gettime", t, cur), -E.EINVAL);
  // timer_create without a sigevent: SIGALRM with the id as value; execve drops POSIX timers.
  assert.equal(s.sys("timer_create", 0, 0, id), 0);
  assert.equal(s.u32(id), 5);
  assert.equal(s.p.timers.length, 2);
});
