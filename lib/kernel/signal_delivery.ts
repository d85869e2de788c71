/**
 * Acting on signals when a thread returns to user mode, as Linux's
 * get_signal/handle_signal do after every system call and exception:
 * each pending signal the thread does not block is taken in Linux's order
 * and ignored, run through its default action, or given a handler frame.
 * Frames stack up while signals remain deliverable, so the handler of the
 * last one taken runs first. Also: turning a CPU exception into its signal.
 *
 * Default actions: terminate and core dump end the process; stop signals
 * stop it (lib/kernel/jobctl.ts; SIGTSTP, SIGTTIN and SIGTTOU only outside
 * orphaned process groups, as Linux does).
 * @module
 */

import { SIGSEGV, X86_TRAP_PF } from "../exec/fault.ts";
import { resetAltStack, SS_AUTODISARM } from "./altstack.ts";
import type { SigAction } from "./process.ts";
import { setupFrame } from "./signal_frame.ts";
import {
  Action,
  defaultAction,
  dequeueSignal,
  faultInfo,
  forceSignal,
  kernelInfo,
  SIG_DFL,
  SIG_IGN,
  type SigInfo,
} from "./signals.ts";
import type { Thread } from "./thread.ts";
import type { TimerBase } from "./sigtimer.ts";

/** sa_flags: reset to SIG_DFL on delivery, and do not block the signal in its handler. */
const SA_RESETHAND = 0x80000000, SA_NODEFER = 0x40000000;

/**
 * Deliver what thread `t` has pending and unblocked (it is about to run
 * user code); `base` gets back periodic timers whose signals are taken.
 */
export function deliverSignals(base: TimerBase, t: Thread): void {
  const p = t.proc;
  while (!p.ended()) {
    const info = dequeueSignal(base, t);
    if (info === null) break;
    const sig = info.signo;
    const act = p.sigactions[sig];
    if (act.handler === SIG_IGN) continue;
    if (act.handler !== SIG_DFL) {
      handle(t, info, act);
      continue;
    }
    const a = defaultAction(sig);
    if (a === Action.Term || a === Action.Core) p.termSignal = sig;
    else if (a === Action.Stop) p.stopRequest = sig; // a stop signal that was blocked until now
  }
  // rt_sigsuspend's temporary mask ends here unless a handler frame took the old one along.
  if (t.restoreMask) {
    t.restoreMask = false;
    t.sigmaskLo = t.savedMaskLo;
    t.sigmaskHi = t.savedMaskHi;
  }
}

/** Enter the handler `act` for `info` (handle_signal, signal_delivered). */
function handle(t: Thread, info: SigInfo, act: SigAction): void {
  const sig = info.signo;
  if ((act.flags & SA_RESETHAND) !== 0) t.proc.sigactions[sig] = { ...act, handler: SIG_DFL };
  const framed = setupFrame(t, info, act);
  if (framed) t.restoreMask = false; // the frame holds the mask to restore
  if (!framed) {
    // force_sigsegv: a SIGSEGV that cannot be delivered must kill.
    forceSignal(t, kernelInfo(SIGSEGV), sig === SIGSEGV);
    return;
  }
  let lo = t.sigmaskLo | act.maskLo, hi = t.sigmaskHi | act.maskHi;
  if ((act.flags & SA_NODEFER) === 0) {
    if (sig <= 32) lo |= 1 << (sig - 1);
    else hi |= 1 << (sig - 33);
  }
  t.sigmaskLo = lo >>> 0;
  t.sigmaskHi = hi >>> 0;
  if ((t.altFlags & SS_AUTODISARM) !== 0) resetAltStack(t);
}

/**
 * Turn the exception `t`'s CPU just reported into its signal, recording
 * the vector, error code and (for page faults) address that the next
 * frame's sigcontext shows. Like Linux's force_sig_fault, a blocked or
 * ignored fault signal reverts to its default action.
 */
export function raiseFault(t: Thread): void {
  const cpu = t.cpu;
  t.trapNr = cpu.faultTrap;
  t.errorCode = cpu.faultErr;
  if (cpu.faultTrap === X86_TRAP_PF) t.cr2 = cpu.faultAddr;
  forceSignal(t, faultInfo(cpu.faultSignal, cpu.faultCode, cpu.faultAddr));
}
