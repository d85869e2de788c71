/**
 * Signals that end a blocked system call. A thread waiting in a call is
 * woken when a signal it does not block would run a handler (signals that
 * kill end the whole process at once; ignored ones change nothing). The
 * call then returns what Linux's restart rules give after that handler:
 * EINTR, the part of a transfer already done, or (SA_RESTART, for the calls
 * Linux restarts) a fresh start once the handler returns.
 * @module
 */

import { abandonFifoOpen } from "./fifo_wait.ts";
import type { Kernel } from "./kernel.ts";
import type { Thread } from "./thread.ts";
import { futexDequeue } from "./futex.ts";
import { inSet, NSIG, SIG_DFL, SIG_IGN } from "./signals.ts";
import { arg, argInt, Struct, writeTimespec } from "./syscalls/uaccess.ts";
import { EINTR } from "./errno.ts";

/** futex(2) and its LOCK_PI and LOCK_PI2 operations. */
const FUTEX = 202, PI_LOCKS = new Set([6, 13]);
/** sa_flags: restart interrupted system calls. */
const SA_RESTART = 0x10000000;
/** nanosleep and clock_nanosleep: EINTR with the time left written to `rem`. */
const NANOSLEEP = 35, CLOCK_NANOSLEEP = 230, TIMER_ABSTIME = 1;
/** select (timeval), pselect6 and ppoll (timespec): EINTR with the time left in the timeout. */
const SELECT = 23, PSELECT6 = 270, PPOLL = 271;
/**
 * Calls that return -ERESTARTSYS when interrupted, so SA_RESTART restarts
 * them: reads and writes (pipes, the console, eventfds), wait4/waitid,
 * futex waits (futex, futex_wait, futex_waitv), flock and fcntl's F_SETLKW/F_OFD_SETLKW, FIFO opens,
 * POSIX message queue sends and receives and syslog's READ. The others (poll, select, epoll,
 * sigsuspend, pause, nanosleep...) fail with EINTR whatever the flags.
 */
const RESTARTABLE = new Set([
  0,
  1,
  2,
  17,
  18,
  19,
  20,
  40,
  61,
  72,
  73,
  103,
  202,
  242,
  243,
  247,
  257,
  275,
  276,
  278,
  295,
  296,
  327,
  328,
  449,
  455,
]);

/**
 * Socket calls that wait (connect, accept/accept4, sendto, recvfrom,
 * sendmsg, recvmsg): restarted under SA_RESTART unless a socket timeout
 * bounds the wait.
 */
const SOCKET_WAITS = new Set([42, 43, 44, 45, 46, 47, 288]);

/** Is one of the signals in the set (`lo`, `hi`) pending for `t` (its own or its process's)? */
export function sigPending(t: Thread, lo: number, hi: number): boolean {
  const p = t.proc;
  return (((t.pendingLo | p.pendingLo) & lo) | ((t.pendingHi | p.pendingHi) & hi)) !== 0;
}

/**
 * The signal a handler would run for next in `t`: unblocked, pending,
 * caught (lowest first); or 0. Signals in `except` (what rt_sigtimedwait
 * takes itself) do not count.
 */
export function handledSignal(t: Thread, except: { lo: number; hi: number } | null = null): number {
  const p = t.proc;
  const lo = ((t.pendingLo | p.pendingLo) & ~t.sigmaskLo & ~(except?.lo ?? 0)) >>> 0;
  const hi = ((t.pendingHi | p.pendingHi) & ~t.sigmaskHi & ~(except?.hi ?? 0)) >>> 0;
  if ((lo | hi) === 0) return 0;
  for (let sig = 1; sig <= NSIG; sig++) {
    if (!inSet(lo, hi, sig)) continue;
    const h = p.sigactions[sig].handler;
    if (h !== SIG_DFL && h !== SIG_IGN) return sig;
  }
  return 0;
}

/**
 * The outcome of `t`'s call `nr`, whose wait a signal interrupted: its
 * result, or null to restart it (the caller rewinds RIP to the SYSCALL).
 */
export function interruptedCall(k: Kernel, t: Thread, nr: number): number | null {
  const w = t.wait;
  if (w !== null && (w.kind === "futex" || w.kind === "futexv")) futexDequeue(k, t);
  abandonFifoOpen(t);
  if (w !== null && w.kind === "io" && w.done > 0) return w.done;
  const cpu = t.cpu;
  if (w !== null && w.kind === "sleep") {
    const relative = nr === NANOSLEEP || (argInt(cpu, 1) & TIMER_ABSTIME) === 0;
    const rem = arg(cpu, nr === CLOCK_NANOSLEEP ? 3 : 1);
    if (relative && rem !== 0) {
      const left = Math.max(0, w.until - k.nowNs);
      try {
        writeTimespec(t.proc.mem, rem, Math.floor(left / 1e9), left % 1e9);
      } catch { /* a bad rem pointer loses the time left, nothing more */ }
    }
    return -EINTR;
  }
  // A PI lock wait is restarted whatever the flags (futex_lock_pi returns -ERESTARTNOINTR).
  if (nr === FUTEX && PI_LOCKS.has(argInt(cpu, 1) & 0x7f)) return null;
  if (w !== null && w.kind === "io" && w.deadline !== null) writeTimeLeft(k, t, nr, w.deadline);
  const sig = handledSignal(t);
  const restart = sig !== 0 && (t.proc.sigactions[sig].flags & SA_RESTART) !== 0;
  // A socket call waiting with SO_RCVTIMEO/SO_SNDTIMEO fails with EINTR (sock_intr_errno).
  if (SOCKET_WAITS.has(nr) && w !== null && w.kind === "io" && w.expires !== null) return -EINTR;
  return restart && (RESTARTABLE.has(nr) || SOCKET_WAITS.has(nr)) ? null : -EINTR;
}

/**
 * select, pselect6 and ppoll report the time left of their timeout even when
 * a signal interrupts them (poll_select_finish), select as a timeval.
 */
function writeTimeLeft(k: Kernel, t: Thread, nr: number, deadline: number): void {
  if (nr !== SELECT && nr !== PSELECT6 && nr !== PPOLL) return;
  const addr = arg(t.cpu, nr === PPOLL ? 2 : 4);
  const left = Math.max(0, deadline - k.nowNs);
  const sec = Math.floor(left / 1e9), nsec = left % 1e9;
  try {
    if (nr === SELECT) {
      t.proc.mem.writeBytes(addr, new Struct(16).u64(0, sec).u64(8, Math.floor(nsec / 1000)).bytes);
    } else writeTimespec(t.proc.mem, addr, sec, nsec);
  } catch { /* an unwritable timeout loses the time left, as in Linux */ }
}
