/**
 * Interval timers: setitimer, getitimer and alarm. ITIMER_REAL counts
 * virtual time and raises SIGALRM; ITIMER_VIRTUAL and ITIMER_PROF count the
 * process's CPU time (retired instructions; all of it is user time here)
 * and raise SIGVTALRM and SIGPROF. The timers themselves are
 * lib/kernel/sigtimer.ts records fired by lib/kernel/timer_queue.ts.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import {
  activate,
  clockNow,
  deactivate,
  ITIMER_PROF,
  ITIMER_REAL,
  type SigTimer,
} from "../sigtimer.ts";
import { TICK_NS } from "../time.ts";
import { arg, argInt, readI64, Struct } from "./uaccess.ts";
import { EINVAL, fail } from "../errno.ts";

/** An interval timer setting in ns: first expiry (0: disarmed) and period. */
interface Setting {
  value: number;
  interval: number;
}

/** Read a struct itimerval (interval, then value; timevals), EINVAL unless both are valid. */
function readItimerval(p: Process, addr: number): Setting {
  const [isec, iusec, vsec, vusec] = [0, 8, 16, 24].map((o) => readI64(p.mem, addr + o));
  const valid = (s: number, us: number) => s >= 0 && us >= 0 && us < 1e6;
  if (!valid(isec, iusec) || !valid(vsec, vusec)) fail(EINVAL);
  return { interval: isec * 1e9 + iusec * 1000, value: vsec * 1e9 + vusec * 1000 };
}

/** struct itimerval for a setting in ns (timevals truncate to microseconds). */
function itimerval(s: Setting): Uint8Array {
  const us = (ns: number) => Math.floor(ns / 1000) % 1e6;
  return new Struct(32)
    .u64(0, Math.floor(s.interval / 1e9)).u64(8, us(s.interval))
    .u64(16, Math.floor(s.value / 1e9)).u64(24, us(s.value)).bytes;
}

/**
 * What getitimer reports for `tm` (do_getitimer): the time left (an
 * expiry due now shows as 1 µs, a CPU timer past due as one tick) and the period.
 */
function current(k: Kernel, tm: SigTimer): Setting {
  if (tm.cpuProc === null) {
    const left = tm.expiry - k.elapsedNs();
    return { value: tm.active ? (left > 0 ? left : 1000) : 0, interval: tm.interval };
  }
  if (tm.expiry < 0) return { value: 0, interval: tm.interval };
  const now = clockNow(tm, 0);
  return { value: tm.expiry < now ? TICK_NS : tm.expiry - now, interval: tm.interval };
}

/** Arm (value > 0) or disarm interval timer `tm` as do_setitimer does. */
function set(k: Kernel, tm: SigTimer, s: Setting): void {
  deactivate(k, tm);
  if (tm.cpuProc === null) {
    // ITIMER_REAL: a zero value disarms and forgets the period.
    tm.interval = s.value !== 0 ? s.interval : 0;
    tm.expiry = s.value !== 0 ? k.elapsedNs() + s.value : -1;
  } else {
    // set_cpu_itimer: the period is kept even when disarmed; a first expiry is a tick late.
    tm.interval = s.interval;
    tm.expiry = s.value !== 0 ? clockNow(tm, 0) + s.value + TICK_NS : -1;
  }
  if (tm.expiry >= 0) activate(k, tm);
}

/** The interval timer `which` names, or EINVAL. */
function itimerOf(p: Process, which: number): SigTimer {
  if (which < ITIMER_REAL || which > ITIMER_PROF) fail(EINVAL);
  return p.itimers[which];
}

/** getitimer(which, value) */
export function sysGetitimer(k: Kernel, p: Process): number {
  const tm = itimerOf(p, argInt(p.cpu, 0));
  p.mem.writeBytes(arg(p.cpu, 1), itimerval(current(k, tm)));
  return 0;
}

/** setitimer(which, new_value, old_value): a null new value disarms, as Linux allows. */
export function sysSetitimer(k: Kernel, p: Process): number {
  const nv = arg(p.cpu, 1), ov = arg(p.cpu, 2);
  const s = nv !== 0 ? readItimerval(p, nv) : { value: 0, interval: 0 };
  const tm = itimerOf(p, argInt(p.cpu, 0));
  const old = current(k, tm);
  set(k, tm, s);
  if (ov !== 0) p.mem.writeBytes(ov, itimerval(old));
  return 0;
}

/** alarm(seconds): ITIMER_REAL once; returns the seconds that were left, rounded to nearest (at least 1 if any). */
export function sysAlarm(k: Kernel, p: Process): number {
  const tm = p.itimers[ITIMER_REAL];
  const old = current(k, tm).value;
  set(k, tm, { value: (argInt(p.cpu, 0) >>> 0) * 1e9, interval: 0 });
  const sec = Math.floor(old / 1e9), frac = old - sec * 1e9;
  return (sec === 0 && frac !== 0) || frac >= 5e8 ? sec + 1 : sec;
}
