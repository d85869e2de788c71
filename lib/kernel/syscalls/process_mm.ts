/**
 * Memory calls on a process named by a pidfd: process_madvise (advice for
 * ranges of its address space) and process_mrelease (reap the memory of a
 * process that is being killed). Checks in Linux's order (mm/madvise.c,
 * mm/oom_kill.c), compared with native Linux 6.18.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import { type Process, ProcState } from "../process.ts";
import { mayAttach, pidfdTarget } from "./pidfd.ts";
import { madvise } from "./mm.ts";
import { readIovecs } from "./rw.ts";
import { arg, argInt } from "./uaccess.ts";
import { EACCES, EINVAL, EPERM, ESRCH, fail } from "../errno.ts";

/** Advice another process may be given: non-destructive hints only. */
const MADV_WILLNEED = 3, MADV_COLD = 20, MADV_PAGEOUT = 21, MADV_COLLAPSE = 25;
const REMOTE_ADVICE = new Set([MADV_WILLNEED, MADV_COLD, MADV_PAGEOUT, MADV_COLLAPSE]);

/** The live process pidfd `fd` names: EBADF if it is no pidfd, ESRCH once the process is gone. */
function target(p: Process, fd: number): Process {
  const q = pidfdTarget(p, fd);
  if (q.state === ProcState.Reaped) fail(ESRCH);
  return q;
}

/**
 * process_madvise(pidfd, iovec, vlen, advice, flags): madvise each range
 * in order; the bytes advised before a failing range are the result (its
 * error if there were none). Advice to another process needs CAP_SYS_NICE
 * and is limited to hints, which change nothing here.
 */
export function sysProcessMadvise(_k: Kernel, p: Process): number {
  const cpu = p.cpu;
  if (argInt(cpu, 4) !== 0) fail(EINVAL);
  const ranges = readIovecs(p.mem, arg(cpu, 1), arg(cpu, 2));
  const advice = argInt(cpu, 3);
  const q = target(p, argInt(cpu, 0));
  if (q.state !== ProcState.Alive) fail(ESRCH); // no address space left
  const self = q.mem === p.mem;
  if (!self && !mayAttach(p, q)) fail(EACCES);
  if (!self && !REMOTE_ADVICE.has(advice)) fail(EINVAL);
  if (!self && !p.cred.capEffective) fail(EPERM);
  let done = 0;
  for (const [base, len] of ranges) {
    try {
      madvise(q, base, len, advice);
    } catch (e) {
      if (done > 0) return done;
      throw e;
    }
    done += len;
  }
  return done;
}

/**
 * process_mrelease(pidfd, flags): only a process being killed has memory
 * to reap early. Exits here are immediate, so a live process is never
 * dying (EINVAL, as Linux says for one that is not) and a dead one has no
 * memory left (ESRCH).
 */
export function sysProcessMrelease(_k: Kernel, p: Process): number {
  if (arg(p.cpu, 1) !== 0) fail(EINVAL);
  const q = target(p, argInt(p.cpu, 0));
  if (q.state !== ProcState.Alive) fail(ESRCH);
  return fail(EINVAL);
}
