/**
 * seccomp(2) and prctl's PR_SET_SECCOMP: strict mode, where a thread may
 * only read, write, exit and return from signal handlers (any other call
 * kills it with SIGKILL), and the queries of the actions and notification
 * sizes this kernel knows. Filter mode fails with EINVAL, as on a kernel
 * built without CONFIG_SECCOMP_FILTER.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import type { Thread } from "../thread.ts";
import { arg, argInt, Struct } from "./uaccess.ts";
import { EINVAL, EOPNOTSUPP, fail } from "../errno.ts";

/** Modes and operations. */
export const SECCOMP_MODE_STRICT = 1, SECCOMP_MODE_FILTER = 2;
const SECCOMP_SET_MODE_STRICT = 0,
  SECCOMP_SET_MODE_FILTER = 1,
  SECCOMP_GET_ACTION_AVAIL = 2,
  SECCOMP_GET_NOTIF_SIZES = 3;

/** SECCOMP_RET_* actions Linux knows (what SECCOMP_GET_ACTION_AVAIL accepts). */
const ACTIONS = new Set([
  0x80000000, // KILL_PROCESS
  0x00000000, // KILL_THREAD
  0x00030000, // TRAP
  0x00050000, // ERRNO
  0x7fc00000, // USER_NOTIF
  0x7ff00000, // TRACE
  0x7ffc0000, // LOG
  0x7fff0000, // ALLOW
]);

/** The calls strict mode allows: read, write, exit, rt_sigreturn. */
const STRICT_ALLOWED = new Set([0, 1, 60, 15]);

/** Does seccomp forbid thread `t` system call `nr` (so the thread must die with SIGKILL)? */
export function seccompDenies(t: Thread, nr: number): boolean {
  return t.seccompMode === SECCOMP_MODE_STRICT && !STRICT_ALLOWED.has(nr);
}

/** do_seccomp: one operation with its flags and argument pointer. */
export function doSeccomp(p: Process, op: number, flags: number, uargs: number): number {
  switch (op) {
    case SECCOMP_SET_MODE_STRICT: {
      if (flags !== 0 || uargs !== 0) fail(EINVAL);
      const t = p.thread;
      if (t.seccompMode !== 0 && t.seccompMode !== SECCOMP_MODE_STRICT) fail(EINVAL);
      t.seccompMode = SECCOMP_MODE_STRICT;
      return 0;
    }
    case SECCOMP_SET_MODE_FILTER:
      fail(EINVAL);
      break;
    case SECCOMP_GET_ACTION_AVAIL:
      if (flags !== 0) fail(EINVAL);
      if (!ACTIONS.has(p.mem.read32(uargs))) fail(EOPNOTSUPP);
      return 0;
    case SECCOMP_GET_NOTIF_SIZES:
      if (flags !== 0) fail(EINVAL);
      // struct seccomp_notif, seccomp_notif_resp and seccomp_data.
      p.mem.writeBytes(uargs, new Struct(6).u16(0, 80).u16(2, 24).u16(4, 64).bytes);
      return 0;
  }
  fail(EINVAL);
}

/** seccomp(operation, flags, args) */
export function sysSeccomp(_k: Kernel, p: Process): number {
  return doSeccomp(p, argInt(p.cpu, 0) >>> 0, argInt(p.cpu, 1) >>> 0, arg(p.cpu, 2));
}
