/**
 * Waiting with a temporary signal mask, and waiting for a signal:
 * rt_sigsuspend and pause block until a signal runs a handler (which
 * interrupts the wait: EINTR) or kills the process; rt_sigtimedwait takes
 * a signal of a set without handling it; ppoll, pselect6 and
 * epoll_pwait wait with a mask of the caller's choosing. The old mask comes
 * back when the call returns, or, when a signal interrupts it, once the
 * handler has been set up (its frame saves the old mask, so rt_sigreturn
 * restores it).
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { block, type Thread, WouldBlock } from "../thread.ts";
import { arg, readTimespec } from "./uaccess.ts";
import { takeSignal } from "../signals.ts";
import { putSiginfo, SIGINFO_SIZE } from "../signal_frame.ts";
import { UNBLOCKABLE } from "./signal.ts";
import { EAGAIN, EINVAL, fail } from "../errno.ts";

/** pause() */
export function sysPause(_k: Kernel, p: Process): number {
  return block(p.thread, { kind: "signal" });
}

/** Put the sigset at `addr` in force for `t`, keeping the old mask to restore. */
function swapMask(p: Process, t: Thread, addr: number): void {
  const lo = p.mem.read32(addr), hi = p.mem.read32(addr + 4);
  t.savedMaskLo = t.sigmaskLo;
  t.savedMaskHi = t.sigmaskHi;
  t.restoreMask = true;
  t.sigmaskLo = (lo & ~UNBLOCKABLE) >>> 0;
  t.sigmaskHi = hi >>> 0;
}

/** The call ended without a signal to handle: its temporary mask gives way to the old one. */
function restoreMask(t: Thread): void {
  if (!t.restoreMask) return;
  t.restoreMask = false;
  t.sigmaskLo = t.savedMaskLo;
  t.sigmaskHi = t.savedMaskHi;
}

/** rt_sigsuspend(mask, sigsetsize) */
export function sysRtSigsuspend(_k: Kernel, p: Process): number {
  if (arg(p.cpu, 1) !== 8) fail(EINVAL);
  const t = p.thread;
  swapMask(p, t, arg(p.cpu, 0));
  return block(t, { kind: "signal" });
}

/**
 * Run the waiting call `call` with the sigset at `addr` (of `size` bytes;
 * none when 0) in force, as ppoll, pselect6 and epoll_pwait do. A retried
 * call already has it.
 */
export function withWaitMask(p: Process, addr: number, size: number, call: () => number): number {
  const t = p.thread;
  if (addr !== 0) {
    if (size !== 8) fail(EINVAL);
    if (t.wait === null) swapMask(p, t, addr);
  }
  let r: number;
  try {
    r = call();
  } catch (e) {
    if (e !== WouldBlock.instance) restoreMask(t);
    throw e;
  }
  restoreMask(t);
  return r;
}

/**
 * rt_sigtimedwait(set, info, timeout, sigsetsize): take a signal of `set`
 * (usually blocked, so it stays pending) instead of having it handled;
 * wait for one until the timeout (EAGAIN). Another signal with a handler
 * interrupts the wait (EINTR).
 */
export function sysRtSigtimedwait(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  if (arg(cpu, 3) !== 8) fail(EINVAL);
  const set = arg(cpu, 0);
  const lo = (p.mem.read32(set) & ~UNBLOCKABLE) >>> 0, hi = p.mem.read32(set + 4);
  const t = p.thread;
  const w = t.wait;
  let deadline: number | null = null;
  if (w !== null && w.kind === "sigwait") deadline = w.deadline;
  else if (arg(cpu, 2) !== 0) {
    const [sec, nsec] = readTimespec(p.mem, arg(cpu, 2));
    deadline = k.nowNs + sec * 1e9 + nsec;
  }
  const info = takeSignal(k, t, lo, hi);
  if (info !== null) {
    const out = arg(cpu, 1);
    if (out !== 0) {
      const v = new DataView(new ArrayBuffer(SIGINFO_SIZE));
      putSiginfo(v, 0, info);
      p.mem.writeBytes(out, new Uint8Array(v.buffer));
    }
    return info.signo;
  }
  if (deadline !== null && k.nowNs >= deadline) fail(EAGAIN);
  return block(t, { kind: "sigwait", lo, hi, deadline });
}
