/**
 * The alternate signal stack (sigaltstack) of a thread, with Linux's rules:
 * when a stack pointer counts as being on it, what flags a query reports,
 * and when it may be changed (kernel/signal.c do_sigaltstack).
 * @module
 */

import type { Thread } from "./thread.ts";
import { EINVAL, ENOMEM, EPERM, fail } from "./errno.ts";

/** ss_flags: on the stack, disabled, and the SS_AUTODISARM modifier. */
export const SS_ONSTACK = 1, SS_DISABLE = 2, SS_AUTODISARM = 0x80000000;
/** MINSIGSTKSZ on x86-64: the smallest stack sigaltstack(2) accepts. */
export const MINSIGSTKSZ = 2048;

/** A stack_t: base, flags, size. */
export interface StackT {
  sp: number;
  flags: number;
  size: number;
}

/** Is `sp` inside `t`'s alternate stack (Linux's __on_sig_stack; the top itself counts)? */
export function inAltStack(t: Thread, sp: number): boolean {
  return sp > t.altSp && sp - t.altSp <= t.altSize;
}

/** Does `sp` run on the alternate stack? Never, once SS_AUTODISARM applies (on_sig_stack). */
export function onAltStack(t: Thread, sp: number): boolean {
  return (t.altFlags & SS_AUTODISARM) === 0 && inAltStack(t, sp);
}

/** The state a query reports for stack pointer `sp`: SS_DISABLE, SS_ONSTACK or 0 (sas_ss_flags). */
function altStackState(t: Thread, sp: number): number {
  if (t.altSize === 0) return SS_DISABLE;
  return onAltStack(t, sp) ? SS_ONSTACK : 0;
}

/** What sigaltstack returns as the old stack for a thread whose stack pointer is `sp`. */
export function queryAltStack(t: Thread, sp: number): StackT {
  return {
    sp: t.altSp,
    flags: (altStackState(t, sp) | (t.altFlags & SS_AUTODISARM)) >>> 0,
    size: t.altSize,
  };
}

/**
 * Install `ss` as `t`'s alternate stack (do_sigaltstack): EPERM while
 * running on the current one, EINVAL for an unknown mode, ENOMEM below
 * `minSize` (unless nothing changes). SS_DISABLE forgets base and size; the flags are kept
 * as given.
 */
export function setAltStack(t: Thread, ss: StackT, sp: number, minSize: number): void {
  if (onAltStack(t, sp)) fail(EPERM);
  const mode = (ss.flags & ~SS_AUTODISARM) >>> 0;
  if (mode !== 0 && mode !== SS_DISABLE && mode !== SS_ONSTACK) fail(EINVAL);
  if (ss.sp === t.altSp && ss.size === t.altSize && ss.flags >>> 0 === t.altFlags) return;
  if (mode === SS_DISABLE) {
    t.altSp = 0;
    t.altSize = 0;
  } else {
    if (ss.size < minSize) fail(ENOMEM);
    t.altSp = ss.sp;
    t.altSize = ss.size;
  }
  t.altFlags = ss.flags >>> 0;
}

/** Disable the alternate stack after a handler was entered on it with SS_AUTODISARM (sas_ss_reset). */
export function resetAltStack(t: Thread): void {
  t.altSp = 0;
  t.altSize = 0;
  t.altFlags = SS_DISABLE;
}
