/**
 * Waiting for a signal: rt_sigsuspend and pause. The thread blocks until a
 * signal runs a handler (which interrupts the wait: EINTR) or kills the
 * process. rt_sigsuspend waits with a temporary mask; the old one comes
 * back once the handler has been set up (its frame saves the old mask, so
 * rt_sigreturn restores it).
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { block } from "../thread.ts";
import { arg } from "./uaccess.ts";
import { UNBLOCKABLE } from "./signal.ts";
import { EINVAL, fail } from "../errno.ts";

/** pause() */
export function sysPause(_k: Kernel, p: Process): number {
  return block(p.thread, { kind: "signal" });
}

/** rt_sigsuspend(mask, sigsetsize) */
export function sysRtSigsuspend(_k: Kernel, p: Process): number {
  if (arg(p.cpu, 1) !== 8) fail(EINVAL);
  const addr = arg(p.cpu, 0);
  const lo = p.mem.read32(addr), hi = p.mem.read32(addr + 4);
  const t = p.thread;
  t.savedMaskLo = t.sigmaskLo;
  t.savedMaskHi = t.sigmaskHi;
  t.restoreMask = true;
  t.sigmaskLo = (lo & ~UNBLOCKABLE) >>> 0;
  t.sigmaskHi = hi >>> 0;
  return block(t, { kind: "signal" });
}
