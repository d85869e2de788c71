/**
 * Firing the armed signal timers (lib/kernel/sigtimer.ts) at their exact
 * virtual times. The scheduler fires what is due whenever it hands out or
 * continues a turn, a running thread's stretch of instructions never
 * crosses the next expiry of a timer its running advances (every
 * virtual-time timer, and the CPU-time timers of its process and of
 * itself), and an idle machine lets virtual time jump to the next
 * virtual-time expiry. So a signal is raised at exactly the instruction
 * its timer expires on, whatever the engine or schedule.
 * @module
 */

import { NS_PER_INSN } from "../exec/virtual_clock.ts";
import type { Thread } from "./thread.ts";
import { ThreadState } from "./thread.ts";
import {
  kernelInfo,
  sendSignal,
  sendThreadSignal,
  SI_TIMER,
  type SigInfo,
  timerInfo,
} from "./signals.ts";
import {
  activate,
  clockNow,
  deactivate,
  forward,
  type SigTimer,
  type TimerBase,
} from "./sigtimer.ts";

/** Fire every armed timer that is due, earliest expiry first. */
export function fireTimers(base: TimerBase): void {
  const armed = base.armedTimers;
  if (armed.length === 0) return;
  const elapsed = base.elapsedNs();
  const due = armed.filter((tm) => clockNow(tm, elapsed) >= tm.expiry);
  if (due.length === 0) return;
  due.sort((a, b) => a.expiry - b.expiry);
  for (const tm of due) fire(base, tm, elapsed);
}

/**
 * Instructions thread `t` may run before a timer its running advances
 * expires (at least 1; Infinity if none is armed).
 */
export function turnLimit(base: TimerBase, t: Thread): number {
  const armed = base.armedTimers;
  if (armed.length === 0) return Infinity;
  let ns = Infinity;
  for (const tm of armed) {
    if (tm.cpuThread !== null ? tm.cpuThread !== t : tm.cpuProc !== null && tm.cpuProc !== t.proc) {
      continue;
    }
    const left = tm.expiry - clockNow(tm, base.elapsedNs());
    if (left < ns) ns = left;
  }
  return Math.max(1, Math.ceil(ns / NS_PER_INSN));
}

/** The earliest expiry of an armed virtual-time timer (what an idle machine waits for), or Infinity. */
export function nextRealExpiry(base: TimerBase): number {
  let at = Infinity;
  for (const tm of base.armedTimers) {
    if (tm.cpuProc === null && tm.cpuThread === null && tm.expiry < at) at = tm.expiry;
  }
  return at;
}

/** The queued, not yet taken signal of POSIX timer `tm`, or undefined. */
function queuedSignal(tm: SigTimer): SigInfo | undefined {
  const mine = (i: SigInfo) => i.code === SI_TIMER && i.raw === null && i.timerid === tm.id;
  const p = tm.proc;
  return p.sigqueue.find(mine) ?? p.threads.map((t) => t.sigqueue.find(mine)).find((i) => i);
}

/** `tm` expired: signal its owner as Linux's it_real_fn, check_cpu_itimer or posix_timer_fn do. */
function fire(base: TimerBase, tm: SigTimer, elapsed: number): void {
  const p = tm.proc;
  if (!tm.posix) {
    if (tm.cpuProc !== null) {
      // ITIMER_VIRTUAL/PROF: the next period starts at once, whatever becomes of the signal.
      if (tm.interval > 0) tm.expiry += tm.interval;
      else {
        tm.expiry = -1;
        deactivate(base, tm);
      }
    } else deactivate(base, tm); // ITIMER_REAL: resumes when SIGALRM is taken (sigtimer.ts)
    sendSignal(p, tm.signo, kernelInfo(tm.signo));
    return;
  }
  deactivate(base, tm);
  const pending = queuedSignal(tm);
  if (pending !== undefined) {
    pending.overrun = Math.min(0x7fffffff, pending.overrun + 1);
    tm.requeue = tm.interval > 0;
    return;
  }
  const info = timerInfo(tm.signo, tm.id, tm.value);
  const target = tm.target;
  const sent = target === null
    ? sendSignal(p, tm.signo, info)
    : target.state !== ThreadState.Dead && sendThreadSignal(target, tm.signo, info);
  if (sent) {
    tm.requeue = tm.interval > 0;
    return;
  }
  // Discarded (ignored): no taking will rearm it, so a periodic timer goes on by itself.
  if (tm.interval > 0) {
    tm.overrun += forward(tm, clockNow(tm, elapsed));
    activate(base, tm);
  } else tm.expiry = -1;
}
