/**
 * signalfd and signalfd4: a descriptor that reads pending signals of a set
 * as struct signalfd_siginfo (lib/kernel/file_io.ts reads it; poll and
 * epoll see it readable while one of its signals is pending for the
 * polling thread).
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { O_CLOEXEC, O_NONBLOCK, O_RDWR, OpenFile } from "../fd_table.ts";
import { SignalFd } from "../fs/signalfd.ts";
import { UNBLOCKABLE } from "./signal.ts";
import { arg, argInt } from "./uaccess.ts";
import { fileOf, installFd } from "./common.ts";
import { EINVAL, fail } from "../errno.ts";

/** Create a signalfd for the mask at `maskAddr`, or change the mask of signalfd `fd` (not -1). */
function signalfd(
  k: Kernel,
  p: Process,
  fd: number,
  maskAddr: number,
  size: number,
  flags: number,
) {
  if (size !== 8) fail(EINVAL);
  const lo = (p.mem.read32(maskAddr) & ~UNBLOCKABLE) >>> 0, hi = p.mem.read32(maskAddr + 4) >>> 0;
  if ((flags & ~(O_CLOEXEC | O_NONBLOCK)) !== 0) fail(EINVAL);
  if (fd !== -1) {
    const n = fileOf(p, fd).inode;
    const s = n.signalfd ?? fail(EINVAL);
    s.maskLo = lo;
    s.maskHi = hi;
    n.pollGen++; // waiters look again with the new mask
    return fd;
  }
  const n = k.vfs.newInode(k.vfs.anonFs, 0o600, p.cred.fsuid, p.cred.fsgid);
  n.signalfd = new SignalFd(lo, hi);
  const f = new OpenFile(n, O_RDWR | (flags & O_NONBLOCK), "anon_inode:[signalfd]");
  return installFd(p, f, (flags & O_CLOEXEC) !== 0);
}

/** signalfd4(fd, mask, sizemask, flags) */
export function sysSignalfd4(k: Kernel, p: Process): number {
  const c = p.cpu;
  return signalfd(k, p, argInt(c, 0), arg(c, 1), arg(c, 2), argInt(c, 3));
}

/** signalfd(fd, mask, sizemask) */
export function sysSignalfd(k: Kernel, p: Process): number {
  const c = p.cpu;
  return signalfd(k, p, argInt(c, 0), arg(c, 1), arg(c, 2), 0);
}
