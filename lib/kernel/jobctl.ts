/**
 * Job control: stopping and continuing processes. SIGSTOP (and SIGTSTP,
 * SIGTTIN, SIGTTOU with their default action, outside orphaned process
 * groups) stops every thread of a process; SIGCONT resumes it. A stopped
 * process keeps its threads' states (a blocked call simply resumes waiting
 * later, as Linux restarts it); the scheduler gives it no turns. The parent
 * learns of each change through SIGCHLD (CLD_STOPPED / CLD_CONTINUED unless
 * SA_NOCLDSTOP) and wait4/waitid with WUNTRACED / WCONTINUED.
 *
 * Sending only records the request (`Process.stopRequest`, `contRequest`,
 * set in signals.ts); `applyJobControl` acts on it, from the kernel: after
 * the sender's system call and before any thread gets a turn.
 * @module
 */

import type { Kernel } from "./kernel.ts";
import { type Process, ProcState } from "./process.ts";
import {
  Action,
  defaultAction,
  inSet,
  NSIG,
  sendSignal,
  SIG_DFL,
  SIGCHLD,
  SIGCONT,
  SIGSTOP,
  userInfo,
} from "./signals.ts";

/** sigaction flag: no SIGCHLD when children stop or continue. */
const SA_NOCLDSTOP = 1;
/** si_code of SIGCHLD. */
const CLD_STOPPED = 5, CLD_CONTINUED = 6;

/**
 * Is process group `pgid` orphaned: does no member have a parent in
 * another group of the same session (Linux's will_become_orphaned_pgrp)?
 * Init, outside the namespace, counts as another session.
 */
function orphaned(k: Kernel, pgid: number): boolean {
  for (const m of k.vfs.procs.values()) {
    if (m.pgid !== pgid || m.state !== ProcState.Alive) continue;
    const parent = k.vfs.procs.get(m.ppid);
    if (parent !== undefined && parent.pgid !== pgid && parent.sid === m.sid) return false;
  }
  return true;
}

/** Tell `p`'s parent that `p` stopped or continued. */
function notifyParent(k: Kernel, p: Process, code: number, status: number): void {
  const parent = k.vfs.procs.get(p.ppid);
  if (parent === undefined || parent.state !== ProcState.Alive) return;
  parent.childEvents++;
  if ((parent.sigactions[SIGCHLD].flags & SA_NOCLDSTOP) !== 0) return;
  const info = userInfo(p, SIGCHLD, code);
  info.status = status;
  sendSignal(parent, SIGCHLD, info);
}

/**
 * A fatal signal sent while `p` was stopped waited; now that it runs again,
 * the first such signal that a thread does not block ends it.
 */
function actOnFatalPending(p: Process): void {
  for (let sig = 1; sig <= NSIG; sig++) {
    const h = p.sigactions[sig].handler;
    const a = defaultAction(sig);
    if (h !== SIG_DFL || (a !== Action.Term && a !== Action.Core)) continue;
    for (const t of p.threads) {
      const pending = inSet(p.pendingLo, p.pendingHi, sig) || inSet(t.pendingLo, t.pendingHi, sig);
      if (pending && !inSet(t.sigmaskLo, t.sigmaskHi, sig)) {
        p.termSignal = sig;
        return;
      }
    }
  }
}

/** Act on `p`'s pending job-control requests: continue, then stop. */
export function applyJobControl(k: Kernel, p: Process): void {
  if (p.contRequest) {
    p.contRequest = false;
    if (p.stopped) {
      p.stopped = false;
      p.stopReport = 0;
      p.contReport = true;
      notifyParent(k, p, CLD_CONTINUED, SIGCONT);
      actOnFatalPending(p);
    }
  }
  const sig = p.stopRequest;
  if (sig === 0) return;
  p.stopRequest = 0;
  if (p.stopped || p.state !== ProcState.Alive || p.ended()) return;
  // The terminal stop signals do nothing in a group no job-control shell watches.
  if (sig !== SIGSTOP && orphaned(k, p.pgid)) return;
  p.stopped = true;
  p.stopReport = sig;
  p.contReport = false;
  notifyParent(k, p, CLD_STOPPED, sig);
}
