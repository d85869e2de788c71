/**
 * POSIX per-process timers: timer_create, timer_settime, timer_gettime,
 * timer_getoverrun and timer_delete, on virtual time (CLOCK_REALTIME,
 * MONOTONIC, BOOTTIME, TAI) or on the CPU time of a process or thread.
 * Expiries raise the sigevent's signal with si_code SI_TIMER, to the
 * process or (SIGEV_THREAD_ID) one of its threads; SIGEV_NONE timers only
 * count. The timers are lib/kernel/sigtimer.ts records.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import {
  activate,
  clockNow,
  deactivate,
  forward,
  SIGALRM,
  SIGEV_NONE,
  SIGEV_SIGNAL,
  SIGEV_THREAD,
  SIGEV_THREAD_ID,
  SigTimer,
} from "../sigtimer.ts";
import { fireTimers } from "../timer_queue.ts";
import { NSIG, sigpendingFull } from "../signals.ts";
import {
  CLOCK_BOOTTIME,
  CLOCK_MONOTONIC,
  CLOCK_MONOTONIC_COARSE,
  CLOCK_MONOTONIC_RAW,
  CLOCK_REALTIME,
  CLOCK_REALTIME_COARSE,
  CLOCK_TAI,
  EPOCH_SEC,
} from "../time.ts";
import { cpuClockOf } from "./time.ts";
import { arg, argInt, copyIn, readI64, Struct } from "./uaccess.ts";
import { EAGAIN, EINVAL, EOPNOTSUPP, fail } from "../errno.ts";

const CLOCK_REALTIME_ALARM = 8, CLOCK_BOOTTIME_ALARM = 9;
const TIMER_ABSTIME = 1;
/** sizeof(struct sigevent). */
const SIGEVENT_SIZE = 64;
/** Timer ids are non-negative ints, handed out in turn and never reused (as Linux does until wrap). */
const MAX_TIMER_ID = 0x7fffffff;

/** The clock a new timer counts on: null for virtual time, else whose CPU time; EINVAL/EOPNOTSUPP as Linux. */
function timerClock(k: Kernel, p: Process, id: number) {
  const cpu = cpuClockOf(k, p, id);
  if (cpu !== null) return cpu;
  switch (id) {
    case CLOCK_REALTIME:
    case CLOCK_MONOTONIC:
    case CLOCK_BOOTTIME:
    case CLOCK_TAI:
      return null;
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_REALTIME_ALARM: // alarm timers need an RTC, which this machine lacks
    case CLOCK_BOOTTIME_ALARM:
      return fail(EOPNOTSUPP);
    default:
      return fail(EINVAL);
  }
}

/** timer_create(clockid, sevp, timerid) */
export function sysTimerCreate(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const clockid = argInt(cpu, 0), sevp = arg(cpu, 1), out = arg(cpu, 2);
  const raw = sevp !== 0 ? copyIn(p.mem, sevp, SIGEVENT_SIZE) : null;
  const ev = raw !== null ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : null;
  const clock = timerClock(k, p, clockid);
  // The timer's siginfo is allocated first, under RLIMIT_SIGPENDING (whatever the notification).
  if (sigpendingFull(k.vfs.procs.values(), p)) fail(EAGAIN);
  if (p.nextTimerId > MAX_TIMER_ID) fail(EAGAIN);
  // Linux hands out the id before it checks the sigevent: a rejected one still uses it up.
  const id = p.nextTimerId++;
  let notify = SIGEV_SIGNAL, signo = SIGALRM, value = id, target = null;
  if (ev !== null) {
    notify = ev.getInt32(12, true);
    signo = ev.getInt32(8, true);
    value = Number(ev.getBigUint64(0, true));
    if (notify === SIGEV_THREAD_ID) {
      target = k.threads.get(ev.getInt32(16, true)) ?? null;
      if (target === null || target.proc !== p) fail(EINVAL);
    } else if (notify !== SIGEV_SIGNAL && notify !== SIGEV_THREAD && notify !== SIGEV_NONE) {
      fail(EINVAL);
    }
    if (notify !== SIGEV_NONE && (signo <= 0 || signo > NSIG)) fail(EINVAL);
  }
  p.mem.writeBytes(out, new Struct(4).u32(0, id).bytes);
  const tm = new SigTimer({
    id,
    posix: true,
    clockid,
    proc: p,
    cpuProc: clock?.proc ?? null,
    cpuThread: clock?.thread ?? null,
    notify: notify === SIGEV_THREAD ? SIGEV_SIGNAL : notify,
    signo,
    value,
    target,
  });
  p.timers.push(tm);
  return 0;
}

/** The caller's timer `id`, or EINVAL. */
function timerOf(p: Process, id: number): SigTimer {
  return p.timers.find((t) => t.id === id) ?? fail(EINVAL);
}

/**
 * The current setting as struct itimerspec (common_timer_get): a periodic
 * timer whose signal is pending, or a SIGEV_NONE one, is first moved past
 * now; a one-shot timer that has fired shows zero.
 */
function itimerspec(k: Kernel, tm: SigTimer): Uint8Array {
  const s = new Struct(32);
  const none = tm.notify === SIGEV_NONE;
  if (tm.interval > 0) s.u64(0, Math.floor(tm.interval / 1e9)).u64(8, tm.interval % 1e9);
  else if (!tm.active && !none) return s.bytes;
  if (tm.expiry < 0) return s.bytes;
  const now = clockNow(tm, k.elapsedNs());
  if (tm.interval > 0 && (tm.requeue || none)) tm.overrun += forward(tm, now);
  const left = tm.expiry - now;
  if (left > 0) s.u64(16, Math.floor(left / 1e9)).u64(24, left % 1e9);
  else if (!none) s.u64(24, 1);
  return s.bytes;
}

/** timer_settime(timerid, flags, new_value, old_value) */
export function sysTimerSettime(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const flags = argInt(cpu, 1), nv = arg(cpu, 2), ov = arg(cpu, 3);
  if (nv === 0) fail(EINVAL);
  const [isec, insec, vsec, vnsec] = [0, 8, 16, 24].map((o) => readI64(p.mem, nv + o));
  const valid = (s: number, ns: number) => s >= 0 && ns >= 0 && ns < 1e9;
  if (!valid(isec, insec) || !valid(vsec, vnsec)) fail(EINVAL);
  const tm = timerOf(p, argInt(cpu, 0));
  const old = itimerspec(k, tm);
  deactivate(k, tm);
  tm.interval = 0;
  tm.expiry = -1;
  tm.requeue = false; // a signal still queued no longer restarts the timer when taken
  tm.overrunLast = 0;
  if (vsec !== 0 || vnsec !== 0) {
    tm.interval = isec * 1e9 + insec;
    const now = clockNow(tm, k.elapsedNs());
    if ((flags & TIMER_ABSTIME) === 0) tm.expiry = now + vsec * 1e9 + vnsec;
    else {
      // Wall-clock times count from the epoch the machine boots at, as set.
      const wall = tm.clockid === CLOCK_REALTIME || tm.clockid === CLOCK_TAI;
      tm.expiry = Math.max(
        0,
        wall ? (vsec - EPOCH_SEC) * 1e9 + vnsec - k.clock.wallOffsetNs : vsec * 1e9 + vnsec,
      );
    }
    if (tm.notify !== SIGEV_NONE) {
      activate(k, tm);
      fireTimers(k); // an expiry already past fires now: its signal comes with the return
    }
  }
  if (ov !== 0) p.mem.writeBytes(ov, old); // a fault here is EFAULT, the timer set all the same
  return 0;
}

/** timer_gettime(timerid, curr_value) */
export function sysTimerGettime(k: Kernel, p: Process): number {
  const tm = timerOf(p, argInt(p.cpu, 0));
  p.mem.writeBytes(arg(p.cpu, 1), itimerspec(k, tm));
  return 0;
}

/** timer_getoverrun(timerid): the overrun of the timer's last signal taken. */
export function sysTimerGetoverrun(_k: Kernel, p: Process): number {
  return timerOf(p, argInt(p.cpu, 0)).overrunLast;
}

/** timer_delete(timerid): a signal it already queued stays pending. */
export function sysTimerDelete(k: Kernel, p: Process): number {
  const tm = timerOf(p, argInt(p.cpu, 0));
  deactivate(k, tm);
  p.timers.splice(p.timers.indexOf(tm), 1);
  return 0;
}
