/**
 * Changing attributes: chmod and chown families, the utime family, umask,
 * truncate/ftruncate and fallocate.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { FsKind, type Inode, S_IFMT, S_IFREG } from "../fs/inode.ts";
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW } from "../fs/namei.ts";
import { refresh, setMode, setTimes, truncateData } from "../fs/fsops.ts";
import { unmapFilePages } from "../fs/file_mappings.ts";
import { dropCodeOver } from "../../exec/memory.ts";
import {
  checkOwner,
  checkPermission,
  chmodMode,
  inGroup,
  MAY_WRITE,
  ownerOrCapable,
  permitted,
} from "../fs/perm.ts";
import { F_SEAL_GROW, F_SEAL_SHRINK, MAX_FILE_SIZE } from "../file_io.ts";
import { RLIMIT_FSIZE } from "../process.ts";
import { sendThreadSignal, SIGXFSZ } from "../signals.ts";
import { nodeAt } from "./stat.ts";
import { arg, argInt, argLong, readI64 } from "./uaccess.ts";
import { fileOf } from "./common.ts";
import {
  EACCES,
  EBADF,
  EFBIG,
  EINVAL,
  EISDIR,
  ENODEV,
  EOPNOTSUPP,
  EPERM,
  EROFS,
  ESPIPE,
  fail,
} from "../errno.ts";

function notReadOnly(n: Inode): void {
  if (n.fs.readOnly) fail(EROFS);
}

function doChmod(k: Kernel, p: Process, n: Inode, mode: number): number {
  notReadOnly(n);
  checkOwner(p.cred, n);
  setMode(k.vfs, n, chmodMode(p.cred, n, mode));
  return 0;
}

/** chmod(path, mode) */
export function sysChmod(k: Kernel, p: Process): number {
  return doChmod(k, p, nodeAt(k, p, AT_FDCWD, arg(p.cpu, 0), 0), argInt(p.cpu, 1));
}

/** fchmod(fd, mode) */
export function sysFchmod(k: Kernel, p: Process): number {
  return doChmod(k, p, fileOf(p, argInt(p.cpu, 0)).inode, argInt(p.cpu, 1));
}

/** fchmodat(dirfd, path, mode) (the raw syscall has no flags) */
export function sysFchmodat(k: Kernel, p: Process): number {
  return doChmod(k, p, nodeAt(k, p, argInt(p.cpu, 0), arg(p.cpu, 1), 0), argInt(p.cpu, 2));
}

/** fchmodat2(dirfd, path, mode, flags): symlinks themselves have no mode to change. */
export function sysFchmodat2(k: Kernel, p: Process): number {
  const flags = argInt(p.cpu, 3);
  if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) !== 0) fail(EINVAL);
  const n = nodeAt(k, p, argInt(p.cpu, 0), arg(p.cpu, 1), flags);
  if (n.isLink()) fail(EOPNOTSUPP);
  return doChmod(k, p, n, argInt(p.cpu, 2));
}

/** Change owner and group (0xffffffff leaves one as is); clears setuid/setgid of non-directories. */
function doChown(k: Kernel, p: Process, n: Inode, uidArg: number, gidArg: number): number {
  notReadOnly(n);
  const uid = uidArg >>> 0, gid = gidArg >>> 0;
  const c = p.cred;
  const newUid = uid === 0xffffffff ? n.uid : uid;
  const newGid = gid === 0xffffffff ? n.gid : gid;
  if (!c.capEffective) {
    const ownerOk = c.fsuid === n.uid && newUid === n.uid;
    if (!ownerOk || (newGid !== n.gid && !inGroup(c, newGid))) fail(EPERM);
  }
  if (n.fs.kind === FsKind.Host && (newUid !== n.uid || newGid !== n.gid)) fail(EPERM);
  n.uid = newUid;
  n.gid = newGid;
  if (!n.isDir()) {
    let mode = n.mode & ~0o4000;
    if ((mode & 0o2010) === 0o2010) mode &= ~0o2000;
    if (mode !== n.mode) setMode(k.vfs, n, mode);
  }
  k.vfs.touchChange(n);
  return 0;
}

/** chown(path, uid, gid) */
export function sysChown(k: Kernel, p: Process): number {
  return doChown(
    k,
    p,
    nodeAt(k, p, AT_FDCWD, arg(p.cpu, 0), 0),
    argInt(p.cpu, 1),
    argInt(p.cpu, 2),
  );
}

/** lchown(path, uid, gid) */
export function sysLchown(k: Kernel, p: Process): number {
  const n = nodeAt(k, p, AT_FDCWD, arg(p.cpu, 0), AT_SYMLINK_NOFOLLOW);
  return doChown(k, p, n, argInt(p.cpu, 1), argInt(p.cpu, 2));
}

/** fchown(fd, uid, gid) */
export function sysFchown(k: Kernel, p: Process): number {
  return doChown(k, p, fileOf(p, argInt(p.cpu, 0)).inode, argInt(p.cpu, 1), argInt(p.cpu, 2));
}

/** fchownat(dirfd, path, uid, gid, flags) */
export function sysFchownat(k: Kernel, p: Process): number {
  const flags = argInt(p.cpu, 4);
  if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) !== 0) fail(EINVAL);
  const n = nodeAt(k, p, argInt(p.cpu, 0), arg(p.cpu, 1), flags);
  return doChown(k, p, n, argInt(p.cpu, 2), argInt(p.cpu, 3));
}

/** Special tv_nsec values of utimensat. */
export const UTIME_NOW = 0x3fffffff, UTIME_OMIT = 0x3ffffffe;

/** Apply new times; each is [sec, nsec], UTIME_NOW or UTIME_OMIT in nsec; null times means both now. */
function applyTimes(k: Kernel, p: Process, n: Inode, times: [number, number][] | null): number {
  if (times !== null) {
    for (const [, ns] of times) {
      if (ns !== UTIME_NOW && ns !== UTIME_OMIT && (ns < 0 || ns >= 1e9)) fail(EINVAL);
    }
  }
  notReadOnly(n);
  const explicit = times !== null && times.some(([, ns]) => ns !== UTIME_NOW && ns !== UTIME_OMIT);
  if (explicit) {
    if (!ownerOrCapable(p.cred, n)) fail(EPERM);
  } else if (!ownerOrCapable(p.cred, n) && !permitted(p.cred, n, MAY_WRITE)) fail(EACCES);
  const now: [number, number] = [k.vfs.nowS, k.vfs.nowN];
  const pick = (t: [number, number]) => (t[1] === UTIME_OMIT ? null : t[1] === UTIME_NOW ? now : t);
  setTimes(k.vfs, n, times === null ? now : pick(times[0]), times === null ? now : pick(times[1]));
  return 0;
}

/** Read `count` timespecs (or timevals when `usec`, converted to ns) from `addr`. */
function readTimes(p: Process, addr: number, usec: boolean): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < 2; i++) {
    const sec = readI64(p.mem, addr + 16 * i);
    const frac = readI64(p.mem, addr + 16 * i + 8);
    if (usec && (frac < 0 || frac >= 1e6)) fail(EINVAL);
    out.push([sec, usec ? frac * 1000 : frac]);
  }
  return out;
}

/** utimensat(dirfd, path, times[2], flags); a NULL path means the file open as dirfd. */
export function sysUtimensat(k: Kernel, p: Process): number {
  const dirfd = argInt(p.cpu, 0), pathAddr = arg(p.cpu, 1), timesAddr = arg(p.cpu, 2);
  const flags = argInt(p.cpu, 3);
  const times = timesAddr === 0 ? null : readTimes(p, timesAddr, false);
  if (times !== null && times[0][1] === UTIME_OMIT && times[1][1] === UTIME_OMIT) return 0;
  if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) !== 0) fail(EINVAL);
  let n: Inode;
  if (pathAddr === 0 && dirfd !== AT_FDCWD) {
    if ((flags & AT_SYMLINK_NOFOLLOW) !== 0) fail(EINVAL);
    const e = p.fds.get(dirfd);
    if (e === undefined) fail(EBADF);
    n = e.file.inode;
  } else n = nodeAt(k, p, dirfd, pathAddr, flags);
  return applyTimes(k, p, n, times);
}

/** futimesat(dirfd, path, timeval[2]) */
export function sysFutimesat(k: Kernel, p: Process): number {
  const timesAddr = arg(p.cpu, 2);
  const times = timesAddr === 0 ? null : readTimes(p, timesAddr, true);
  return applyTimes(k, p, nodeAt(k, p, argInt(p.cpu, 0), arg(p.cpu, 1), 0), times);
}

/** utimes(path, timeval[2]) */
export function sysUtimes(k: Kernel, p: Process): number {
  const timesAddr = arg(p.cpu, 1);
  const times = timesAddr === 0 ? null : readTimes(p, timesAddr, true);
  return applyTimes(k, p, nodeAt(k, p, AT_FDCWD, arg(p.cpu, 0), 0), times);
}

/** utime(path, utimbuf{actime, modtime}) */
export function sysUtime(k: Kernel, p: Process): number {
  const bufAddr = arg(p.cpu, 1);
  const times: [number, number][] | null = bufAddr === 0
    ? null
    : [[readI64(p.mem, bufAddr), 0], [readI64(p.mem, bufAddr + 8), 0]];
  return applyTimes(k, p, nodeAt(k, p, AT_FDCWD, arg(p.cpu, 0), 0), times);
}

/** umask(mask): returns the previous mask. */
export function sysUmask(_k: Kernel, p: Process): number {
  const old = p.umask;
  p.umask = argInt(p.cpu, 0) & 0o777;
  return old;
}

/** Set a regular file's length, with memfd seals and RLIMIT_FSIZE. */
function setLength(k: Kernel, p: Process, n: Inode, len: number): number {
  refresh(n);
  if (n.seals >= 0) {
    if ((n.seals & F_SEAL_SHRINK) !== 0 && len < n.size) fail(EPERM);
    if ((n.seals & F_SEAL_GROW) !== 0 && len > n.size) fail(EPERM);
  }
  if (len > p.rlimits[RLIMIT_FSIZE].cur) {
    sendThreadSignal(p.thread, SIGXFSZ);
    fail(EFBIG);
  }
  if (len > MAX_FILE_SIZE) fail(EFBIG);
  truncateData(k.vfs, n, len);
  return 0;
}

/** truncate(path, length) */
export function sysTruncate(k: Kernel, p: Process): number {
  const len = argLong(p.cpu, 1);
  if (len < 0) fail(EINVAL);
  const n = nodeAt(k, p, AT_FDCWD, arg(p.cpu, 0), 0);
  if (n.isDir()) fail(EISDIR);
  if (!n.isReg()) fail(EINVAL);
  notReadOnly(n);
  checkPermission(p.cred, n, MAY_WRITE);
  return setLength(k, p, n, len);
}

/** ftruncate(fd, length) */
export function sysFtruncate(k: Kernel, p: Process): number {
  const len = argLong(p.cpu, 1);
  if (len < 0) fail(EINVAL);
  const f = fileOf(p, argInt(p.cpu, 0));
  if ((f.inode.mode & S_IFMT) !== S_IFREG || !f.writable()) fail(EINVAL);
  return setLength(k, p, f.inode, len);
}

/** fallocate modes tmpfs supports. */
const FALLOC_FL_KEEP_SIZE = 1, FALLOC_FL_PUNCH_HOLE = 2;

/** fallocate(fd, mode, offset, len): allocation and hole punching as tmpfs does them. */
export function sysFallocate(k: Kernel, p: Process): number {
  const mode = argInt(p.cpu, 1);
  const off = argLong(p.cpu, 2), len = argLong(p.cpu, 3);
  if (off < 0 || len <= 0) fail(EINVAL);
  const f = fileOf(p, argInt(p.cpu, 0));
  if (!f.writable()) fail(EBADF);
  const n = f.inode;
  if (n.pipe !== null) fail(ESPIPE);
  if (n.isDir()) fail(EISDIR);
  if (!n.isReg()) fail(ENODEV);
  if ((mode & FALLOC_FL_PUNCH_HOLE) !== 0 && (mode & FALLOC_FL_KEEP_SIZE) === 0) fail(EOPNOTSUPP);
  if ((mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE)) !== 0) fail(EOPNOTSUPP);
  if (off + len > MAX_FILE_SIZE) fail(EFBIG);
  if (n.fs.kind !== FsKind.Mem || n.pages === null) {
    if (mode !== 0) fail(EOPNOTSUPP);
    refresh(n);
    if (off + len > n.size) return setLength(k, p, n, off + len);
    return 0;
  }
  const pages = n.pages;
  if ((mode & FALLOC_FL_PUNCH_HOLE) !== 0) {
    const end = Math.min(off + len, n.size);
    // Whole pages leave the file and its mappings (which fault in the hole's
    // new zero page); partial ones are zeroed in place, under the mappings.
    unmapFilePages(k.vfs.procs.values(), n, Math.ceil(off / 4096), Math.floor(end / 4096), false);
    for (let a = off; a < end;) {
      const idx = Math.floor(a / 4096), pageEnd = (idx + 1) * 4096;
      const stop = Math.min(pageEnd, end);
      const page = pages.get(idx);
      if (a === idx * 4096 && stop === pageEnd) pages.delete(idx);
      else if (page !== undefined) {
        dropCodeOver(page);
        page.fill(0, a - idx * 4096, stop - idx * 4096);
      }
      a = stop;
    }
    k.vfs.touchModify(n);
    return 0;
  }
  if ((mode & FALLOC_FL_KEEP_SIZE) === 0 && off + len > n.size) setLength(k, p, n, off + len);
  for (let idx = Math.floor(off / 4096); idx * 4096 < off + len; idx++) {
    if (!pages.has(idx)) pages.set(idx, new Uint8Array(4096));
  }
  return 0;
}
