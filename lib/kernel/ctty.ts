/**
 * Controlling terminals: which terminal a session has, who is in its
 * foreground, and the signals that follow when that link is cut (Linux's
 * tty_jobctrl.c). A process's terminal is `Process.ctty`, shared by the
 * session through fork; the terminal records the session and foreground
 * process group (`Tty.session`, `Tty.pgrp`).
 * @module
 */

import type { Tty } from "./fs/tty.ts";
import type { Vfs } from "./fs/vfs.ts";
import { type Process, ProcState } from "./process.ts";
import { kernelInfo, sendSignal, SIGCONT, SIGHUP } from "./signals.ts";

/** Send `sig` from the terminal (SI_KERNEL) to every live process of group `pgid`. */
export function signalGroup(vfs: Vfs, pgid: number, sig: number): void {
  if (pgid === 0) return;
  for (const q of vfs.procs.values()) {
    if (q.pgid === pgid && q.state === ProcState.Alive) sendSignal(q, sig, kernelInfo(sig));
  }
}

/** Make `tty` the controlling terminal of `p`'s session (__proc_set_tty). */
export function setCtty(p: Process, tty: Tty): void {
  tty.session = p.sid;
  tty.pgrp = p.pgid;
  p.ctty = tty;
}

/**
 * An open of `tty` without O_NOCTTY by a session leader that has no
 * controlling terminal, of a terminal no session has, makes it the
 * session's (tty_open_proc_set_tty).
 */
export function openerAcquires(p: Process, tty: Tty, noctty: boolean): void {
  if (!noctty && p.pid === p.sid && p.ctty === null && tty.session === 0) setCtty(p, tty);
}

/** No process of `sid` has a controlling terminal any more (session_clear_tty). */
function clearSession(vfs: Vfs, sid: number): void {
  for (const q of vfs.procs.values()) if (q.sid === sid) q.ctty = null;
}

/**
 * The session leader `p` gives up its terminal (TIOCNOTTY, or exit when
 * `onExit`): the foreground group gets SIGHUP (and SIGCONT unless exiting),
 * and the whole session loses the terminal (disassociate_ctty).
 */
export function disassociate(vfs: Vfs, p: Process, onExit: boolean): void {
  const tty = p.ctty;
  if (tty === null) return;
  const pgrp = tty.pgrp;
  signalGroup(vfs, pgrp, SIGHUP);
  if (!onExit) signalGroup(vfs, pgrp, SIGCONT);
  tty.session = tty.pgrp = 0;
  clearSession(vfs, p.sid);
}

/**
 * Take the terminal from every process that has it; session leaders among
 * them get SIGHUP and SIGCONT (the master of a pseudo-terminal closed:
 * tty_signal_session_leader).
 */
export function hangupSession(vfs: Vfs, tty: Tty): void {
  for (const q of vfs.procs.values()) {
    if (q.ctty !== tty) continue;
    q.ctty = null;
    if (q.pid === q.sid && q.state === ProcState.Alive) {
      sendSignal(q, SIGHUP, kernelInfo(SIGHUP));
      sendSignal(q, SIGCONT, kernelInfo(SIGCONT));
    }
  }
  tty.session = tty.pgrp = 0;
}
