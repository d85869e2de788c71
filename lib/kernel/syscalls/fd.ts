/**
 * Descriptor control: dup/dup2/dup3, fcntl and ioctl (file locks are in locks.ts).
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { O_APPEND, O_ASYNC, O_DIRECT, O_NOATIME, O_NONBLOCK } from "../fd_table.ts";
import {
  F_SEAL_FUTURE_WRITE,
  F_SEAL_GROW,
  F_SEAL_SEAL,
  F_SEAL_SHRINK,
  F_SEAL_WRITE,
} from "../file_io.ts";
import { ownerOrCapable } from "../fs/perm.ts";
import { PIPE_MAX_SIZE, PIPE_PAGE } from "../fs/pipe.ts";
import { refresh } from "../fs/fsops.ts";
import { SOCK_DGRAM, SockState, type UnixSocket } from "../net/unix_socket.ts";
import { arg, argInt } from "./uaccess.ts";
import { FIONREAD, TIOCOUTQ, ttyIoctl } from "./tty_ioctl.ts";
import { recordLock } from "./locks.ts";
import { fileOf, fileOfRaw, installFd, nofileLimit } from "./common.ts";
import { EBADF, EBUSY, EFAULT, EINVAL, ENOTTY, EPERM, fail } from "../errno.ts";

/** dup(oldfd) */
export function sysDup(_k: Kernel, p: Process): number {
  return installFd(p, fileOfRaw(p, argInt(p.cpu, 0)), false);
}

function dup3(p: Process, oldfd: number, newfd: number, flags: number): number {
  if ((flags & ~0o2000000) !== 0) fail(EINVAL);
  if (oldfd === newfd) fail(EINVAL);
  if (newfd < 0 || newfd >= nofileLimit(p)) fail(EBADF);
  const f = fileOfRaw(p, oldfd);
  p.fds.install(newfd, f, flags !== 0);
  return newfd;
}

/** dup2(oldfd, newfd) */
export function sysDup2(_k: Kernel, p: Process): number {
  const oldfd = argInt(p.cpu, 0), newfd = argInt(p.cpu, 1);
  if (oldfd === newfd) {
    fileOfRaw(p, oldfd);
    return newfd;
  }
  return dup3(p, oldfd, newfd, 0);
}

/** dup3(oldfd, newfd, flags) */
export function sysDup3(_k: Kernel, p: Process): number {
  return dup3(p, argInt(p.cpu, 0), argInt(p.cpu, 1), argInt(p.cpu, 2));
}

/** fcntl commands. */
export const F_DUPFD = 0,
  F_GETFD = 1,
  F_SETFD = 2,
  F_GETFL = 3,
  F_SETFL = 4,
  F_GETLK = 5,
  F_SETLK = 6,
  F_SETLKW = 7,
  F_SETOWN = 8,
  F_GETOWN = 9,
  F_SETSIG = 10,
  F_GETSIG = 11,
  F_OFD_GETLK = 36,
  F_OFD_SETLK = 37,
  F_OFD_SETLKW = 38,
  F_DUPFD_QUERY = 1027,
  F_DUPFD_CLOEXEC = 1030,
  F_SETPIPE_SZ = 1031,
  F_GETPIPE_SZ = 1032,
  F_ADD_SEALS = 1033,
  F_GET_SEALS = 1034;
const SETFL_MASK = O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME;

/** F_SETPIPE_SZ rounding: a power-of-two number of pages, at least one. */
function pipeSize(req: number): number {
  if (req > 2 ** 31) return 0;
  let size = 4096;
  while (size < req) size *= 2;
  return size;
}

/** fcntl(fd, cmd, arg) */
export function sysFcntl(k: Kernel, p: Process): number {
  const fd = argInt(p.cpu, 0), cmd = argInt(p.cpu, 1);
  const e = p.fds.get(fd);
  if (e === undefined) fail(EBADF);
  const f = e.file;
  const a = arg(p.cpu, 2);
  const pathOk = cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC || cmd === F_GETFD || cmd === F_SETFD ||
    cmd === F_GETFL || cmd === F_DUPFD_QUERY;
  if (f.isPath() && !pathOk) fail(EBADF);
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
      const min = argInt(p.cpu, 2);
      if (min < 0 || min >= nofileLimit(p)) fail(EINVAL);
      return installFd(p, f, cmd === F_DUPFD_CLOEXEC, min);
    }
    case F_DUPFD_QUERY:
      return p.fds.get(argInt(p.cpu, 2))?.file === f ? 1 : 0;
    case F_GETFD:
      return e.cloexec ? 1 : 0;
    case F_SETFD:
      e.cloexec = (a & 1) !== 0;
      return 0;
    case F_GETFL:
      return f.flags;
    case F_SETFL: {
      if (
        (a & O_NOATIME) !== 0 && (f.flags & O_NOATIME) === 0 && !ownerOrCapable(p.cred, f.inode)
      ) fail(EPERM);
      f.flags = (f.flags & ~SETFL_MASK) | (a & SETFL_MASK);
      return 0;
    }
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
      return recordLock(k, p, f, cmd, a);
    case F_SETOWN:
      f.owner = argInt(p.cpu, 2);
      return 0;
    case F_GETOWN:
      return f.owner;
    case F_SETSIG: {
      const sig = a;
      if (sig > 64) fail(EINVAL);
      f.ownerSig = sig;
      return 0;
    }
    case F_GETSIG:
      return f.ownerSig;
    case F_GETPIPE_SZ:
      if (f.inode.pipe === null || f.inode.hostFd >= 0) fail(EBADF);
      return f.inode.pipe.slots * PIPE_PAGE;
    case F_SETPIPE_SZ: {
      const pipe = f.inode.pipe;
      if (pipe === null || f.inode.hostFd >= 0) fail(EBADF);
      const size = pipeSize(argInt(p.cpu, 2) >>> 0);
      if (size === 0) fail(EINVAL);
      if (size > PIPE_MAX_SIZE && !p.cred.capEffective) fail(EPERM);
      if (size / PIPE_PAGE < pipe.bufs.length) fail(EBUSY);
      pipe.slots = size / PIPE_PAGE;
      return size;
    }
    case F_GET_SEALS:
      if (f.inode.seals < 0) fail(EINVAL);
      return f.inode.seals;
    case F_ADD_SEALS: {
      const n = f.inode;
      if (n.seals < 0) fail(EINVAL);
      const known = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_FUTURE_WRITE |
        0x20;
      if ((a & ~known) !== 0) fail(EINVAL);
      if (!f.writable()) fail(EPERM);
      if ((n.seals & F_SEAL_SEAL) !== 0) fail(EPERM);
      if ((a & F_SEAL_WRITE) !== 0 && p.fileMaps.some((m) => m.inode === n && m.shared)) {
        fail(EBUSY);
      }
      n.seals |= a;
      return 0;
    }
  }
  return fail(EINVAL);
}

/**
 * SIOCINQ (FIONREAD) on a socket: every unread byte of a stream or
 * seqpacket socket, the next datagram's size; EINVAL while listening.
 */
function socketInq(s: UnixSocket): number {
  if (s.state === SockState.Listen) fail(EINVAL);
  if (s.type !== SOCK_DGRAM) return s.queued();
  return s.queue.length > 0 ? s.queue[0].left() : 0;
}

/** Generic ioctl requests (terminal ones are in tty_ioctl.ts). */
const FIONBIO = 0x5421,
  FIONCLEX = 0x5450,
  FIOCLEX = 0x5451,
  FIOASYNC = 0x5452,
  FIGETBSZ = 2;

/** ioctl(fd, request, arg) */
export function sysIoctl(k: Kernel, p: Process): number {
  const fd = argInt(p.cpu, 0);
  const f = fileOf(p, fd);
  const req = argInt(p.cpu, 1) >>> 0;
  const a = arg(p.cpu, 2);
  const n = f.inode;
  switch (req) {
    case FIOCLEX:
    case FIONCLEX:
      p.fds.get(fd)!.cloexec = req === FIOCLEX;
      return 0;
    case FIONBIO:
    case FIOASYNC: {
      if (a === 0) fail(EFAULT);
      const on = p.mem.read32(a) !== 0;
      const bit = req === FIONBIO ? O_NONBLOCK : O_ASYNC;
      f.flags = on ? f.flags | bit : f.flags & ~bit;
      return 0;
    }
    case FIONREAD:
      if (n.isReg()) {
        refresh(n);
        p.mem.write32(a, Math.max(0, Math.min(n.size - f.pos, 0x7fffffff)));
        return 0;
      }
      if (n.pipe !== null) {
        p.mem.write32(a, n.pipe.len);
        return 0;
      }
      if (n.socket !== null) {
        p.mem.write32(a, socketInq(n.socket));
        return 0;
      }
      break;
    case TIOCOUTQ:
      // SIOCOUTQ on a socket: the send buffer charge still queued.
      if (n.socket !== null) {
        p.mem.write32(a, n.socket.wmem);
        return 0;
      }
      break;
    case FIGETBSZ:
      if (n.isReg() || n.isDir()) {
        p.mem.write32(a, 4096);
        return 0;
      }
      break;
  }
  if (n.tty !== null) return ttyIoctl(k, p, f, req, a);
  return fail(ENOTTY);
}
