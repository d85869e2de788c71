/**
 * Signal generation for a single process: dispositions, the blocked mask and
 * the pending set. A signal whose action is the default "terminate" or
 * "core" ends the process (termSignal); ignored ones vanish; blocked ones and
 * ones with a handler stay pending (handler delivery is not implemented yet).
 * @module
 */

import type { Process } from "./process.ts";

/** Signal numbers used by the kernel itself. */
export const SIGKILL = 9, SIGPIPE = 13, SIGSTOP = 19, SIGXFSZ = 25;
/** Dispositions. */
export const SIG_DFL = 0, SIG_IGN = 1;
/** Highest signal number. */
export const NSIG = 64;

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

/** Is `sig` in the set given as two 32-bit halves? */
export function inSet(lo: number, hi: number, sig: number): boolean {
  const b = sig - 1;
  return b < 32 ? ((lo >>> b) & 1) !== 0 : ((hi >>> (b - 32)) & 1) !== 0;
}

function addPending(p: Process, sig: number): void {
  const b = sig - 1;
  if (b < 32) p.pendingLo = (p.pendingLo | (1 << b)) >>> 0;
  else p.pendingHi = (p.pendingHi | (1 << (b - 32))) >>> 0;
}

function clearPending(p: Process, sig: number): void {
  const b = sig - 1;
  if (b < 32) p.pendingLo = (p.pendingLo & ~(1 << b)) >>> 0;
  else p.pendingHi = (p.pendingHi & ~(1 << (b - 32))) >>> 0;
}

/**
 * Act on an unblocked signal: default terminate/core kills the process;
 * default ignore, continue and stop (a lone process has no one to resume
 * it, so stopping is not modelled) discard it; a handler leaves it pending.
 */
function dispatch(p: Process, sig: number): void {
  const handler = p.sigactions[sig].handler;
  if (sig === SIGKILL || (handler === SIG_DFL && sig !== SIGSTOP)) {
    const a = sig === SIGKILL ? Action.Term : defaultAction(sig);
    clearPending(p, sig);
    if (a === Action.Term || a === Action.Core) {
      if (p.termSignal === null && p.exitCode === null) p.termSignal = sig;
    }
    return;
  }
  if (handler === SIG_IGN || sig === SIGSTOP) clearPending(p, sig);
  else addPending(p, sig);
}

/** Send `sig` (1..64) to process `p`. */
export function sendSignal(p: Process, sig: number): void {
  if (sig !== SIGKILL && sig !== SIGSTOP && inSet(p.sigmaskLo, p.sigmaskHi, sig)) {
    addPending(p, sig);
    return;
  }
  dispatch(p, sig);
}

/** After the mask or a disposition changed: act on pending signals that are no longer blocked. */
export function recheckPending(p: Process): void {
  for (let sig = 1; sig <= NSIG; sig++) {
    if (!inSet(p.pendingLo, p.pendingHi, sig) || inSet(p.sigmaskLo, p.sigmaskHi, sig)) continue;
    dispatch(p, sig);
  }
}

/** Drop a pending signal whose disposition became "ignore" (POSIX: discarded even if blocked). */
export function discardIfIgnored(p: Process, sig: number): void {
  const h = p.sigactions[sig].handler;
  if (h === SIG_IGN || (h === SIG_DFL && defaultAction(sig) === Action.Ignore)) {
    clearPending(p, sig);
  }
}
