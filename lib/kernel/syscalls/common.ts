/**
 * Descriptor helpers shared by system call handlers.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { RLIMIT_NOFILE } from "../process.ts";
import type { OpenFile } from "../fd_table.ts";
import { EBADF, EMFILE, fail } from "../errno.ts";

/** The handler signature: returns the result, or throws Errno / GuestFault. */
export type Handler = (k: Kernel, p: Process) => number;

/**
 * What a handler returns when it has set every register itself (rt_sigreturn): the
 * dispatcher then leaves RAX alone. No system call result can take this value.
 */
export const REGS_RESTORED = 2 ** 64;

/** The open file for `fd`, rejecting O_PATH descriptors (Linux fdget). */
export function fileOf(p: Process, fd: number): OpenFile {
  const e = p.fds.get(fd);
  if (e === undefined || e.file.isPath()) fail(EBADF);
  return e.file;
}

/** The open file for `fd`, O_PATH included (Linux fdget_raw). */
export function fileOfRaw(p: Process, fd: number): OpenFile {
  const e = p.fds.get(fd);
  if (e === undefined) fail(EBADF);
  return e.file;
}

/** Current RLIMIT_NOFILE soft limit. */
export function nofileLimit(p: Process): number {
  return p.rlimits[RLIMIT_NOFILE].cur;
}

/** Install `file` at the lowest free descriptor >= `min`; EMFILE if none is below RLIMIT_NOFILE. */
export function installFd(p: Process, file: OpenFile, cloexec: boolean, min = 0): number {
  const fd = p.fds.lowestFree(min, nofileLimit(p));
  if (fd < 0) fail(EMFILE);
  p.fds.install(fd, file, cloexec);
  return fd;
}
