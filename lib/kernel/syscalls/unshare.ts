/**
 * unshare(2) with Linux's ksys_unshare rules. The machine has one
 * namespace of each kind, so namespace flags fail with EPERM (as clone's
 * do, and as in a container that may not create namespaces); CLONE_FILES
 * gives the process a private descriptor table, CLONE_SYSVSEM applies and
 * drops its semaphore undo adjustments; the thread, signal-handler and
 * address-space flags succeed only when there is nothing to unshare.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import { type Process, ProcState } from "../process.ts";
import { exitSem } from "../ipc/sem.ts";
import {
  CLONE_FILES,
  CLONE_FS,
  CLONE_NEWCGROUP,
  CLONE_NEWIPC,
  CLONE_NEWNET,
  CLONE_NEWNS,
  CLONE_NEWPID,
  CLONE_NEWUSER,
  CLONE_NEWUTS,
  CLONE_SIGHAND,
  CLONE_SYSVSEM,
  CLONE_THREAD,
  CLONE_VM,
} from "./clone.ts";
import { argInt } from "./uaccess.ts";
import { EINVAL, EPERM, fail } from "../errno.ts";

const CLONE_NEWTIME = 0x80;
const NAMESPACES = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |
  CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME;
const ALLOWED = CLONE_THREAD | CLONE_FS | CLONE_SIGHAND | CLONE_VM | CLONE_FILES | CLONE_SYSVSEM |
  NAMESPACES;

/** Another live process sharing `p`'s `what` (CLONE_SIGHAND, CLONE_VM or CLONE_FILES children). */
function shared(k: Kernel, p: Process, what: "sigactions" | "mem" | "fds"): boolean {
  for (const q of k.vfs.procs.values()) {
    if (q !== p && q.state === ProcState.Alive && q[what] === p[what]) return true;
  }
  return false;
}

/** unshare(flags) */
export function sysUnshare(k: Kernel, p: Process): number {
  let f = argInt(p.cpu, 0) >>> 0;
  // The implied flags, in Linux's order.
  if (f & CLONE_NEWUSER) f |= CLONE_THREAD | CLONE_FS;
  if (f & CLONE_VM) f |= CLONE_SIGHAND;
  if (f & CLONE_SIGHAND) f |= CLONE_THREAD;
  if (f & CLONE_NEWNS) f |= CLONE_FS;
  if ((f & ~ALLOWED) !== 0) fail(EINVAL);
  if ((f & (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)) !== 0 && p.threads.length > 1) fail(EINVAL);
  if ((f & (CLONE_SIGHAND | CLONE_VM)) !== 0 && shared(k, p, "sigactions")) fail(EINVAL);
  if ((f & CLONE_VM) !== 0 && shared(k, p, "mem")) fail(EINVAL);
  if ((f & NAMESPACES) !== 0) fail(EPERM);
  if ((f & CLONE_SYSVSEM) !== 0) exitSem(k, p);
  if ((f & CLONE_FILES) !== 0 && shared(k, p, "fds")) p.fds = p.fds.clone();
  return 0;
}
