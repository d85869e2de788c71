/**
 * Signal generation and dequeueing, as Linux's kernel/signal.c does them:
 * dispositions, per-thread blocked masks, a pending set per thread (tgkill,
 * faults) and one per process (kill), each with its queue of siginfo (one
 * instance of a standard signal, every instance of a real-time one). A
 * signal is acted on when its thread returns to user mode
 * (signal_delivery.ts); only an unblocked signal whose default action is
 * to terminate (without a core dump) ends the process at once, as Linux's
 * complete_signal does.
 * @module
 */

import { type Process, ProcState, RLIMIT_SIGPENDING } from "./process.ts";
import type { Thread } from "./thread.ts";
import { SI_KERNEL, SIGBUS, SIGFPE, SIGILL, SIGSEGV, SIGTRAP } from "../exec/fault.ts";
import { nanosAt } from "../exec/virtual_clock.ts";
import { USER_HZ } from "./time.ts";
import { type TimerBase, timerSignalTaken } from "./sigtimer.ts";
import { notifySignalfds } from "./fs/signalfd.ts";
import { EAGAIN, fail } from "./errno.ts";

/** Signal numbers used by the kernel itself. */
export const SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGPIPE = 13, SIGCHLD = 17;
export const SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGXFSZ = 25, SIGWINCH = 28;
export const SIGSYS = 31;
/** Dispositions. */
export const SIG_DFL = 0, SIG_IGN = 1;
/** Highest signal number. */
export const NSIG = 64;
/** si_code of kill(), sigqueue(), POSIX timers, message queue notifications and tkill()/tgkill(). */
export const SI_USER = 0, SI_QUEUE = -1, SI_TIMER = -2, SI_MESGQ = -3, SI_TKILL = -6;

/** Default actions. */
export const enum Action {
  Term,
  Core,
  Ignore,
  Stop,
  Continue,
}

/** Linux's default action for `sig` (signal(7)). */
export function defaultAction(sig: number): Action {
  switch (sig) {
    case 3: // SIGQUIT
    case 4: // SIGILL
    case 5: // SIGTRAP
    case 6: // SIGABRT
    case 7: // SIGBUS
    case 8: // SIGFPE
    case 11: // SIGSEGV
    case 24: // SIGXCPU
    case 25: // SIGXFSZ
    case 31: // SIGSYS
      return Action.Core;
    case 17: // SIGCHLD
    case 23: // SIGURG
    case 28: // SIGWINCH
      return Action.Ignore;
    case 18: // SIGCONT
      return Action.Continue;
    case 19: // SIGSTOP
    case 20: // SIGTSTP
    case 21: // SIGTTIN
    case 22: // SIGTTOU
      return Action.Stop;
    default:
      return Action.Term;
  }
}

/**
 * A queued siginfo_t. Which union members the frame shows follows from
 * signo and code (see `isFaultInfo`, `isChildInfo`): a fault address, or
 * the sender (with a child's status and CPU times for SIGCHLD).
 */
export interface SigInfo {
  signo: number;
  code: number;
  /** Sender's process id and real user id (kill-style codes), or the child's (SIGCHLD). */
  pid: number;
  uid: number;
  /** Faulting address (memory faults) or instruction (SIGILL, SIGFPE). */
  addr: number;
  /** SIGCHLD: exit status or signal, and user and system CPU time in clock ticks. */
  status: number;
  utime: number;
  stime: number;
  /** SI_TIMER: the POSIX timer's id and the expirations the signal stands for beyond the first. */
  timerid: number;
  overrun: number;
  /** si_value: a POSIX timer's or a message queue notification's sigev_value. */
  value: number;
  /**
   * A siginfo its sender wrote whole (rt_sigqueueinfo, pidfd_send_signal):
   * the kernel_siginfo bytes Linux keeps (KERNEL_SIGINFO_SIZE), si_signo
   * set; the frame shows them as they are. Null for the kernel's own.
   */
  raw: Uint8Array | null;
}

/** A set of pending signals with their siginfo: a thread's own, or its process's shared one. */
interface PendingSet {
  pendingLo: number;
  pendingHi: number;
  sigqueue: SigInfo[];
}

/** Does siginfo `i` carry si_addr (a kernel-generated fault) rather than si_pid/si_uid? */
export function isFaultInfo(i: SigInfo): boolean {
  const s = i.signo;
  return i.code > SI_USER && i.code < SI_KERNEL &&
    (s === SIGSEGV || s === SIGBUS || s === SIGILL || s === SIGFPE || s === SIGTRAP);
}

/** Does siginfo `i` describe a child's state change (si_status, si_utime, si_stime)? */
export function isChildInfo(i: SigInfo): boolean {
  return i.signo === SIGCHLD && i.code > SI_USER && i.code < SI_KERNEL;
}

/** A siginfo with the given code and sender and nothing else. */
function info(sig: number, code: number, pid: number, uid: number): SigInfo {
  return {
    signo: sig,
    code,
    pid,
    uid,
    addr: 0,
    status: 0,
    utime: 0,
    stime: 0,
    timerid: 0,
    overrun: 0,
    value: 0,
    raw: null,
  };
}

/** The siginfo of a signal sent by `sender` (kill: SI_USER; tkill/tgkill: SI_TKILL). */
export function userInfo(sender: Process, sig: number, code = SI_USER): SigInfo {
  return info(sig, code, sender.pid, sender.cred.uid);
}

/** The siginfo of a signal the kernel raises without details (Linux's SEND_SIG_PRIV, force_sig). */
export function kernelInfo(sig: number): SigInfo {
  return info(sig, SI_KERNEL, 0, 0);
}

/** The siginfo of an expiry of POSIX timer `timerid` whose sigev_value is `value`. */
export function timerInfo(sig: number, timerid: number, value: number): SigInfo {
  const i = info(sig, SI_TIMER, 0, 0);
  i.timerid = timerid;
  i.value = value;
  return i;
}

/** The siginfo of a message queue notification: sent by `sender`, carrying the registration's sigev_value. */
export function mesgqInfo(sender: Process, sig: number, value: number): SigInfo {
  const i = info(sig, SI_MESGQ, sender.pid, sender.cred.uid);
  i.value = value;
  return i;
}

/** A siginfo given whole by a sender (`raw`: its kernel_siginfo bytes, si_signo already `sig`). */
export function rawInfo(sig: number, raw: Uint8Array): SigInfo {
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const i = info(sig, v.getInt32(8, true), v.getInt32(16, true), v.getUint32(20, true));
  i.value = Number(v.getBigUint64(24, true));
  i.raw = raw;
  return i;
}

/** The siginfo of a CPU exception: the signal, its si_code and si_addr. */
export function faultInfo(sig: number, code: number, addr: number): SigInfo {
  const i = info(sig, code, 0, 0);
  i.addr = addr;
  return i;
}

/** si_code of SIGCHLD for a child that exited, or that a signal killed. */
const CLD_EXITED = 1, CLD_KILLED = 2;

/**
 * What the parent learns when child `c` has ended (do_notify_parent): its
 * pid and uid, exit status or fatal signal (no core is dumped: RLIMIT_CORE
 * is 0), and its CPU time, all of it user time, in clock ticks.
 */
export function childExitInfo(c: Process, sig: number): SigInfo {
  const killed = c.termSignal !== null;
  const i = info(sig, killed ? CLD_KILLED : CLD_EXITED, c.pid, c.cred.uid);
  i.status = killed ? c.termSignal! : c.exitCode ?? 0;
  i.utime = Math.floor(nanosAt(c.insns()) / (1e9 / USER_HZ));
  return i;
}

/** Is `sig` in the set given as two 32-bit halves? */
export function inSet(lo: number, hi: number, sig: number): boolean {
  const b = sig - 1;
  return b < 32 ? ((lo >>> b) & 1) !== 0 : ((hi >>> (b - 32)) & 1) !== 0;
}

/** Does thread `t` block `sig`? */
function blocks(t: Thread, sig: number): boolean {
  return inSet(t.sigmaskLo, t.sigmaskHi, sig);
}

function addBit(s: PendingSet, sig: number): void {
  const b = sig - 1;
  if (b < 32) s.pendingLo = (s.pendingLo | (1 << b)) >>> 0;
  else s.pendingHi = (s.pendingHi | (1 << (b - 32))) >>> 0;
}

function clearBit(s: PendingSet, sig: number): void {
  const b = sig - 1;
  if (b < 32) s.pendingLo = (s.pendingLo & ~(1 << b)) >>> 0;
  else s.pendingHi = (s.pendingHi & ~(1 << (b - 32))) >>> 0;
}

/** Remove every pending instance of `sig` from `s`. */
function flush(s: PendingSet, sig: number): void {
  if (!inSet(s.pendingLo, s.pendingHi, sig)) return;
  clearBit(s, sig);
  s.sigqueue = s.sigqueue.filter((q) => q.signo !== sig);
}

/** Remove `sig` from the process's shared set and every thread's own. */
function flushEverywhere(p: Process, sig: number): void {
  flush(p, sig);
  for (const t of p.threads) flush(t, sig);
}

/** Is `sig` discarded on arrival: SIG_IGN, or SIG_DFL with an ignoring default action? */
function ignoredAction(p: Process, sig: number): boolean {
  const h = p.sigactions[sig].handler;
  if (h === SIG_IGN) return true;
  if (h !== SIG_DFL) return false;
  const a = defaultAction(sig);
  return a === Action.Ignore || a === Action.Continue;
}

/**
 * Linux's prepare_signal: SIGCONT cancels pending stop signals and a stop
 * signal cancels a pending SIGCONT; a signal that `t` does not block and
 * whose action ignores it is not queued at all.
 */
function prepare(p: Process, t: Thread, sig: number): boolean {
  if (defaultAction(sig) === Action.Stop) flushEverywhere(p, SIGCONT);
  else if (sig === SIGCONT) {
    for (let s = SIGSTOP; s <= 22; s++) flushEverywhere(p, s);
    // A stopped process resumes whatever SIGCONT's disposition (lib/kernel/jobctl.ts).
    p.stopRequest = 0;
    p.contRequest = true;
  }
  return blocks(t, sig) || !ignoredAction(p, sig);
}

/** Lowest real-time signal number (the kernel's SIGRTMIN; libcs keep the first two). */
const SIGRTMIN = 32;

/**
 * The siginfo user `uid` has queued, as Linux counts them against
 * RLIMIT_SIGPENDING (the user's sigpending ucount): every queued siginfo of
 * its live processes and threads, and one per POSIX timer, which holds its
 * signal's siginfo from timer_create on (so its queued signals are not
 * counted again).
 */
export function queuedSiginfo(procs: Iterable<Process>, uid: number): number {
  const counted = (q: SigInfo[]) => q.reduce((n, i) => (i.code === SI_TIMER ? n : n + 1), 0);
  let n = 0;
  for (const p of procs) {
    if (p.state !== ProcState.Alive || p.cred.uid !== uid) continue;
    n += p.timers.length + counted(p.sigqueue);
    for (const t of p.threads) n += counted(t.sigqueue);
  }
  return n;
}

/** Has the user of process `p` queued as many siginfo as `p`'s RLIMIT_SIGPENDING allows? */
export function sigpendingFull(procs: Iterable<Process>, p: Process): boolean {
  return queuedSiginfo(procs, p.cred.uid) >= p.rlimits[RLIMIT_SIGPENDING].cur;
}

/**
 * The siginfo a signal sent by a system call queues for `t`, under its
 * RLIMIT_SIGPENDING as Linux's __send_signal_locked applies it: `info`
 * while the user is below the limit; at the limit a standard signal with
 * a kill()-style code (si_code >= 0) is queued anyway, a real-time signal
 * with a code other than SI_USER fails (EAGAIN), and any other is sent
 * without its siginfo (null: it reads as SI_USER from pid 0).
 */
export function limitedInfo(
  procs: Iterable<Process>,
  t: Thread,
  sig: number,
  info: SigInfo,
): SigInfo | null {
  if (sig === SIGKILL || !sigpendingFull(procs, t.proc)) return info;
  if (sig < SIGRTMIN && info.code >= 0) return info;
  if (sig >= SIGRTMIN && info.code !== SI_USER) fail(EAGAIN);
  return null;
}

/**
 * Queue `sig` with `info` on `set` (which belongs to `t` or its process);
 * a standard signal already pending there is not queued twice; null
 * `info` sets the signal pending without a siginfo. An unblocked signal
 * whose default action terminates ends the process now. False if the
 * signal was discarded on arrival (ignored, or the process has ended).
 */
function send(t: Thread, set: PendingSet, sig: number, info: SigInfo | null): boolean {
  const p = t.proc;
  if (p.ended() || !prepare(p, t, sig)) return false;
  // A stop signal with its default action stops the process (lib/kernel/jobctl.ts).
  if (
    (sig === SIGSTOP || (p.sigactions[sig].handler === SIG_DFL &&
      defaultAction(sig) === Action.Stop)) && !blocks(t, sig)
  ) {
    p.stopRequest = sig;
    return true;
  }
  if (sig < 32 && inSet(set.pendingLo, set.pendingHi, sig)) return true;
  if (sig !== SIGKILL && info !== null) set.sigqueue.push(info);
  addBit(set, sig);
  notifySignalfds(p);
  const wanted = set === p ? p.threads.some((x) => !blocks(x, sig)) : !blocks(t, sig);
  const fatal = sig === SIGKILL ||
    (p.sigactions[sig].handler === SIG_DFL && defaultAction(sig) === Action.Term);
  // A stopped process takes no signal but SIGKILL until it is continued (jobctl.ts).
  if (wanted && fatal && (sig === SIGKILL || !p.stopped)) p.termSignal = sig;
  return true;
}

/**
 * Send `sig` to process `p` as a whole (kill); `info` defaults to SI_USER
 * from `p` itself. False if it was discarded on arrival.
 */
export function sendSignal(
  p: Process,
  sig: number,
  info: SigInfo | null = userInfo(p, sig),
): boolean {
  return send(p.thread, p, sig, info);
}

/**
 * Send `sig` to thread `t` alone (tkill, tgkill, and what the kernel raises for the thread's
 * own doing: SIGPIPE, SIGXFSZ); `info` defaults to SI_USER from its process. False if it was
 * discarded on arrival.
 */
export function sendThreadSignal(
  t: Thread,
  sig: number,
  info: SigInfo | null = userInfo(t.proc, sig),
): boolean {
  return send(t, t, sig, info);
}

/**
 * Linux's force_sig_info: a signal the thread caused (a fault, a bad
 * signal frame) cannot be blocked or ignored away. If it is blocked or
 * ignored, or `toDefault` is set, its action reverts to SIG_DFL and it is
 * unblocked, so it kills unless a handler is installed and unblocked.
 */
export function forceSignal(t: Thread, info: SigInfo, toDefault = false): void {
  const p = t.proc;
  const sig = info.signo;
  const act = p.sigactions[sig];
  const blocked = blocks(t, sig);
  if (blocked || act.handler === SIG_IGN || toDefault) {
    p.sigactions[sig] = { ...act, handler: SIG_DFL };
    if (blocked) {
      const b = sig - 1;
      if (b < 32) t.sigmaskLo = (t.sigmaskLo & ~(1 << b)) >>> 0;
      else t.sigmaskHi = (t.sigmaskHi & ~(1 << (b - 32))) >>> 0;
    }
  }
  send(t, t, sig, info);
}

/** Signals whose kernel-generated instances are taken before any other (SYNCHRONOUS_MASK). */
const SYNCHRONOUS = (1 << (SIGSEGV - 1)) | (1 << (SIGBUS - 1)) | (1 << (SIGILL - 1)) |
  (1 << (SIGTRAP - 1)) | (1 << (SIGFPE - 1)) | (1 << (SIGSYS - 1));

/** The lowest bit set in a nonzero 32-bit value, as a signal number offset (0 for bit 0). */
function lowest(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/**
 * Linux's next_signal: the lowest pending signal `t` does not block,
 * preferring synchronous ones; 0 if none.
 */
function nextSignal(s: PendingSet, t: Thread): number {
  let lo = s.pendingLo & ~t.sigmaskLo;
  const hi = s.pendingHi & ~t.sigmaskHi;
  if (lo !== 0) {
    if (lo & SYNCHRONOUS) lo &= SYNCHRONOUS;
    return lowest(lo) + 1;
  }
  return hi !== 0 ? lowest(hi) + 33 : 0;
}

/** Take the first queued instance of `sig` from `s` (the bit stays if another remains). */
function collect(s: PendingSet, sig: number): SigInfo {
  const i = s.sigqueue.findIndex((q) => q.signo === sig);
  const again = i >= 0 && s.sigqueue.findIndex((q, j) => j > i && q.signo === sig) >= 0;
  if (!again) clearBit(s, sig);
  if (i < 0) return info(sig, SI_USER, 0, 0);
  return s.sigqueue.splice(i, 1)[0];
}

/**
 * The next signal thread `t` should act on, removed from its pending sets,
 * or null: a fault it caused first (dequeue_synchronous_signal), then its
 * own signals, then its process's (dequeue_signal). A periodic timer whose
 * signal it is starts its next period (`base` holds the armed timers).
 */
export function dequeueSignal(base: TimerBase, t: Thread): SigInfo | null {
  let info: SigInfo | null = null;
  if ((t.pendingLo & ~t.sigmaskLo & SYNCHRONOUS) !== 0) {
    const q = t.sigqueue.find((x) =>
      x.code > SI_USER && ((1 << (x.signo - 1)) & SYNCHRONOUS) !== 0
    );
    if (q !== undefined) info = collect(t, q.signo);
  }
  if (info === null) {
    const own = nextSignal(t, t);
    if (own !== 0) info = collect(t, own);
    else {
      const shared = nextSignal(t.proc, t);
      if (shared !== 0) info = collect(t.proc, shared);
    }
  }
  if (info !== null) timerSignalTaken(base, t.proc, info);
  return info;
}

/**
 * Take the next pending signal of the set (`lo`, `hi`) from `t`, whatever
 * its mask (rt_sigtimedwait, signalfd reads); or null.
 */
export function takeSignal(base: TimerBase, t: Thread, lo: number, hi: number): SigInfo | null {
  const maskLo = t.sigmaskLo, maskHi = t.sigmaskHi;
  t.sigmaskLo = ~lo >>> 0;
  t.sigmaskHi = ~hi >>> 0;
  const info = dequeueSignal(base, t);
  t.sigmaskLo = maskLo;
  t.sigmaskHi = maskHi;
  return info;
}

/**
 * After sigaction: a pending signal whose new action ignores it is
 * discarded, even if blocked (POSIX), from every pending set of the process.
 */
export function discardIfIgnored(p: Process, sig: number): void {
  if (ignoredAction(p, sig)) flushEverywhere(p, sig);
}
