/**
 * Timers that signal: the interval timers of setitimer/alarm and the POSIX
 * timers of timer_create, as plain data. A timer counts on one clock:
 * virtual time since boot (CLOCK_REALTIME, MONOTONIC, BOOTTIME, TAI and
 * ITIMER_REAL all advance together here), or the CPU time (retired
 * instructions) of a process or thread (ITIMER_VIRTUAL, ITIMER_PROF and
 * the CPU-time clocks). The kernel keeps the armed ones in one list
 * (`TimerBase.armedTimers`) and fires them at their exact virtual times
 * (lib/kernel/timer_queue.ts).
 *
 * As in Linux, a periodic timer whose signal is queued is not rearmed
 * until that signal is taken (posixtimer_rearm; for ITIMER_REAL, any
 * SIGALRM taken): the expirations missed meanwhile become the signal's
 * si_overrun.
 * @module
 */

import type { Process } from "./process.ts";
import type { Thread } from "./thread.ts";
import type { SigInfo } from "./signals.ts";

/** sigevent notification methods. */
export const SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD = 2, SIGEV_THREAD_ID = 4;
/** setitimer/getitimer timers. */
export const ITIMER_REAL = 0, ITIMER_VIRTUAL = 1, ITIMER_PROF = 2;
/** Signal numbers of the three interval timers. */
export const SIGALRM = 14, SIGVTALRM = 26, SIGPROF = 27;
/** si_code of POSIX timer signals (Linux's SI_TIMER). */
const SI_TIMER = -2;

/** How a timer is made: its clock, owner and what it does on expiry. */
export interface TimerSpec {
  /** POSIX timer id, or ITIMER_* for an interval timer. */
  id: number;
  /** A POSIX timer (rearmed when its SI_TIMER signal is taken) rather than an interval timer. */
  posix: boolean;
  /** The clock id as the caller named it (CLOCK_REALTIME matters for absolute times). */
  clockid: number;
  /** The process owning the timer. */
  proc: Process;
  /** CPU-time clocks: the process or thread whose CPU time is counted (null: virtual time). */
  cpuProc: Process | null;
  cpuThread: Thread | null;
  /** SIGEV_SIGNAL, SIGEV_NONE or SIGEV_THREAD_ID (SIGEV_THREAD acts as SIGEV_SIGNAL in the kernel). */
  notify: number;
  signo: number;
  /** sigev_value, handed to the handler as si_value. */
  value: number;
  /** SIGEV_THREAD_ID: the thread signalled. */
  target: Thread | null;
}

/** One timer. */
export class SigTimer implements TimerSpec {
  id: number;
  posix: boolean;
  clockid: number;
  proc: Process;
  cpuProc: Process | null;
  cpuThread: Thread | null;
  notify: number;
  signo: number;
  value: number;
  target: Thread | null;
  /** Next (or last, while its signal waits to be taken) expiry on the timer's clock; -1: disarmed. */
  expiry = -1;
  /** Period in ns (0: one-shot). */
  interval = 0;
  /** Waiting to fire: in the kernel's armed list. */
  active = false;
  /** Its signal is queued; a periodic timer resumes counting when it is taken. */
  requeue = false;
  /** Periods counted toward the next signal's si_overrun (Linux's it_overrun; -1 before the first). */
  overrun = -1;
  /** Overrun of the last signal taken (timer_getoverrun). */
  overrunLast = 0;

  constructor(s: TimerSpec) {
    this.id = s.id;
    this.posix = s.posix;
    this.clockid = s.clockid;
    this.proc = s.proc;
    this.cpuProc = s.cpuProc;
    this.cpuThread = s.cpuThread;
    this.notify = s.notify;
    this.signo = s.signo;
    this.value = s.value;
    this.target = s.target;
  }
}

/** What the kernel offers timers: the armed list and the virtual clock. */
export interface TimerBase {
  /** Every active timer of every process. */
  armedTimers: SigTimer[];
  /** Virtual ns since boot. */
  elapsedNs(): number;
}

/** The three interval timers of a new process, disarmed (ITIMER_REAL, _VIRTUAL, _PROF). */
export function newItimers(p: Process): SigTimer[] {
  return [SIGALRM, SIGVTALRM, SIGPROF].map((signo, which) =>
    new SigTimer({
      id: which,
      posix: false,
      clockid: which === ITIMER_REAL ? 1 : 2,
      proc: p,
      cpuProc: which === ITIMER_REAL ? null : p,
      cpuThread: null,
      notify: SIGEV_SIGNAL,
      signo,
      value: 0,
      target: null,
    })
  );
}

/** The reading of `tm`'s clock, `elapsed` being virtual ns since boot. */
export function clockNow(tm: SigTimer, elapsed: number): number {
  if (tm.cpuThread !== null) return tm.cpuThread.insns;
  if (tm.cpuProc !== null) return tm.cpuProc.insns();
  return elapsed;
}

/**
 * Move a periodic timer's expiry past `now` (hrtimer_forward): returns how
 * many periods it moved (0 if the expiry is still ahead).
 */
export function forward(tm: SigTimer, now: number): number {
  if (tm.interval <= 0 || tm.expiry > now) return 0;
  const n = Math.floor((now - tm.expiry) / tm.interval) + 1;
  tm.expiry += n * tm.interval;
  return n;
}

/** Put `tm` in the armed list (it has an expiry). */
export function activate(base: TimerBase, tm: SigTimer): void {
  if (tm.active) return;
  tm.active = true;
  base.armedTimers.push(tm);
}

/** Take `tm` out of the armed list. */
export function deactivate(base: TimerBase, tm: SigTimer): void {
  if (!tm.active) return;
  tm.active = false;
  const i = base.armedTimers.indexOf(tm);
  if (i >= 0) base.armedTimers.splice(i, 1);
}

/**
 * Signal `info` of process `p` has just been taken (dequeue_signal): a
 * periodic POSIX timer whose signal it is resumes from its last expiry,
 * counting the periods missed into si_overrun; a periodic ITIMER_REAL
 * resumes on any SIGALRM, as Linux's does.
 */
export function timerSignalTaken(base: TimerBase, p: Process, info: SigInfo): void {
  if (info.code === SI_TIMER && info.raw === null) {
    const tm = p.timers.find((x) => x.id === info.timerid);
    if (tm === undefined || !tm.requeue) return;
    tm.requeue = false;
    tm.overrun += forward(tm, clockNow(tm, base.elapsedNs()));
    tm.overrunLast = tm.overrun;
    tm.overrun = -1;
    info.overrun = Math.min(0x7fffffff, tm.overrunLast + info.overrun);
    activate(base, tm);
    return;
  }
  const real = p.itimers[ITIMER_REAL];
  if (info.signo === SIGALRM && !real.active && real.interval > 0 && real.expiry >= 0) {
    forward(real, base.elapsedNs());
    activate(base, real);
  }
}

/** Disarm every timer of `p` (it ended); POSIX timers only when `posixOnly` (it exec'd). */
export function dropTimers(base: TimerBase, p: Process, posixOnly: boolean): void {
  for (const tm of p.timers) deactivate(base, tm);
  p.timers = [];
  if (posixOnly) return;
  for (const tm of p.itimers) {
    deactivate(base, tm);
    tm.expiry = -1;
  }
}
