/**
 * Opening and closing: open/openat/creat (with O_CREAT, O_EXCL, O_TRUNC,
 * O_DIRECTORY, O_NOFOLLOW, O_PATH, O_TMPFILE), close, close_range,
 * pipe/pipe2 and memfd_create.
 * @module
 */

import { fsnotifyNode, IN_OPEN, seenAt } from "../fs/inotify.ts";
import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import {
  O_ACCMODE,
  O_APPEND,
  O_ASYNC,
  O_CLOEXEC,
  O_CREAT,
  O_DIRECT,
  O_DIRECTORY,
  O_DSYNC,
  O_EXCL,
  O_LARGEFILE,
  O_NOATIME,
  O_NOCTTY,
  O_NOFOLLOW,
  O_NONBLOCK,
  O_PATH,
  O_RDONLY,
  O_RDWR,
  O_SYNC,
  O_TMPFILE,
  O_TRUNC,
  O_WRONLY,
  OpenFile,
} from "../fd_table.ts";
import {
  FsKind,
  type Inode,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFLNK,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
} from "../fs/inode.ts";
import {
  atBase,
  resolve,
  RESOLVE_BENEATH,
  RESOLVE_CACHED,
  RESOLVE_IN_ROOT,
  RESOLVE_NO_MAGICLINKS,
  RESOLVE_NO_SYMLINKS,
  RESOLVE_NO_XDEV,
} from "../fs/namei.ts";
import { createNode, truncateData } from "../fs/fsops.ts";
import { checkOwner, checkPermission, MAY_EXEC, MAY_READ, MAY_WRITE } from "../fs/perm.ts";
import { DEV_PTMX, DEV_TTY, knownDevice } from "../fs/devices.ts";
import { openDevTty, openPtmx, openSlave } from "../fs/pty.ts";
import { block } from "../thread.ts";
import { Pipe } from "../fs/pipe.ts";
import { procContent } from "../fs/procfs_render.ts";
import { F_SEAL_SEAL, F_SEAL_SHRINK, F_SEAL_WRITE } from "../file_io.ts";
import { arg, argInt, readCStr, readPath } from "./uaccess.ts";
import { installFd, nofileLimit } from "./common.ts";
import { GuestFault } from "../../exec/fault.ts";
import {
  E2BIG,
  EACCES,
  EAGAIN,
  EBADF,
  EEXIST,
  EINVAL,
  EISDIR,
  ELOOP,
  EMFILE,
  ENOENT,
  ENOTDIR,
  ENXIO,
  EOPNOTSUPP,
  EPERM,
  EROFS,
  fail,
} from "../errno.ts";

/** The bit of O_TMPFILE that is not O_DIRECTORY. */
const __O_TMPFILE = 0o20000000;
/** Flags open() stores in the description (F_GETFL): creation-time flags are dropped. */
const TRANSIENT = O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC;

/** Writes to this node need a writable mount (Linux applies EROFS to files, dirs and links). */
function checkNotReadOnly(n: Inode): void {
  const t = n.mode & S_IFMT;
  if (n.fs.readOnly && (t === S_IFREG || t === S_IFDIR || t === S_IFLNK)) fail(EROFS);
}

/** May the caller create or remove entries in `dir`? (EROFS before EACCES, as Linux checks.) */
export function checkDirWritable(p: Process, dir: Inode): void {
  if (dir.fs.readOnly) fail(EROFS);
  checkPermission(p.cred, dir, MAY_WRITE | MAY_EXEC);
}

/** Open the node, applying device, FIFO and procfs rules, and install a descriptor. */
function openNode(
  k: Kernel,
  p: Process,
  n: Inode,
  flags: number,
  path: string,
  parent: Inode | null = null,
  name = "",
): number {
  const type = n.mode & S_IFMT;
  const acc = flags & O_ACCMODE;
  if ((flags & O_PATH) === 0) {
    if (n.fs.kind === FsKind.Host && type !== S_IFREG && type !== S_IFDIR) fail(EACCES);
    if (type === S_IFCHR) n = openTerminal(k, p, n, flags);
    if (type === S_IFCHR && n.hostFd < 0 && n.tty === null && !knownDevice(n.rdev)) fail(ENXIO);
    if (type === S_IFSOCK) fail(ENXIO);
    if (type === S_IFIFO && n.hostFd < 0) {
      n.pipe ??= new Pipe();
      fifoPartner(p, n, acc, flags);
    }
  }
  const stored = (flags & ~TRANSIENT) | ((flags & O_PATH) !== 0 ? 0 : O_LARGEFILE);
  const f = new OpenFile(n, stored, path);
  f.parent = parent;
  f.name = name;
  // (A FIFO's opener was counted by fifoPartner.)
  if (n.pipe !== null && (flags & O_PATH) === 0 && type !== S_IFIFO) {
    if (f.readable()) n.pipe.readers++;
    if (f.writable()) n.pipe.writers++;
  }
  if (n.fs.kind === FsKind.Proc && type === S_IFREG) f.content = procContent(k, p, n);
  try {
    return installFd(p, f, (flags & O_CLOEXEC) !== 0);
  } catch (e) {
    f.refs = 1;
    f.release();
    throw e;
  }
}

/**
 * Opening a terminal device: /dev/ptmx makes a pseudo-terminal pair,
 * /dev/tty reaches the caller's controlling terminal, /dev/pts/N the slave
 * side. Returns the node the open file refers to (`n` for anything else).
 */
function openTerminal(k: Kernel, p: Process, n: Inode, flags: number): Inode {
  if (n.rdev === DEV_PTMX) return openPtmx(k.vfs, p);
  if (n.rdev === DEV_TTY) {
    const t = openDevTty(k.vfs, p);
    openSlave(p, t, true);
    return t;
  }
  if (n.tty !== null) openSlave(p, n, (flags & O_NOCTTY) !== 0);
  return n;
}

/**
 * The FIFO rules of open (Linux fifo_open). The opener counts as a reader
 * and/or writer at once, even while it waits, as on Linux; O_RDWR never
 * waits; a blocking open for reading waits for a writer, one for writing for
 * a reader, until the other side has been opened since the wait began (a
 * partner that came and went still ends it); O_NONBLOCK for writing with no
 * reader is ENXIO. A waiting open is retried from its wait record, which
 * keeps the count it began with (lib/kernel/fifo_wait.ts undoes the counting
 * of an open abandoned by a signal or by the thread's death).
 */
function fifoPartner(p: Process, n: Inode, acc: number, flags: number): void {
  const pipe = n.pipe!;
  const t = p.thread;
  const w = t.wait?.kind === "fifo" && t.wait.inode === n ? t.wait : null;
  if (w === null) {
    if (acc === O_WRONLY && pipe.readers === 0 && (flags & O_NONBLOCK) !== 0) fail(ENXIO);
    if (acc !== O_WRONLY) {
      pipe.readers++;
      pipe.readOpens++;
    }
    if (acc !== O_RDONLY) {
      pipe.writers++;
      pipe.writeOpens++;
    }
    n.pollGen++;
  }
  if (acc === O_RDWR || (flags & O_NONBLOCK) !== 0) return;
  const forWriter = acc === O_RDONLY;
  const opens = forWriter ? pipe.writeOpens : pipe.readOpens;
  if (w !== null) {
    if (opens !== w.count) return; // the call returns, which ends the wait
    block(t, w);
  }
  if ((forWriter ? pipe.writers : pipe.readers) === 0) {
    block(t, { kind: "fifo", inode: n, forWriter, count: opens });
  }
}

/** The path recorded for an open file (shown by /proc/self/fd). */
function openPath(k: Kernel, parent: Inode, name: string, n: Inode, magic?: string): string {
  if (magic !== undefined) return magic;
  if (n.isDir() || n.fs.kind === FsKind.Host) return k.vfs.pathOf(n);
  const dir = k.vfs.pathOf(parent);
  return dir === "/" ? "/" + name : `${dir}/${name}`;
}

/** O_TMPFILE: an unnamed regular file in directory `path`. */
function openTmpfile(
  k: Kernel,
  p: Process,
  base: Inode,
  path: string,
  flags: number,
  mode: number,
  resolveFlags: number,
): number {
  const acc = flags & O_ACCMODE;
  if (acc !== O_WRONLY && acc !== O_RDWR) fail(EINVAL);
  const r = resolve(k.vfs, p, base, path, true, resolveFlags);
  const dir = r.inode ?? fail(ENOENT);
  if (!dir.isDir()) fail(ENOTDIR);
  checkDirWritable(p, dir);
  if (dir.fs.kind !== FsKind.Mem) fail(EOPNOTSUPP);
  const n = k.vfs.newInode(
    dir.fs,
    S_IFREG | (mode & 0o7777 & ~p.umask),
    p.cred.fsuid,
    p.cred.fsgid,
  );
  n.nlink = 0;
  n.linkable = (flags & O_EXCL) === 0;
  const dirPath = k.vfs.pathOf(dir);
  return openNode(
    k,
    p,
    n,
    flags & ~(O_DIRECTORY | __O_TMPFILE),
    `${dirPath === "/" ? "" : dirPath}/#${n.ino}`,
  );
}

/**
 * The common open: resolve `path` from `base` with `flags` (and openat2's
 * RESOLVE_* flags), creating with `mode` if asked.
 */
export function doOpen(
  k: Kernel,
  p: Process,
  base: Inode,
  path: string,
  flags: number,
  mode: number,
  resolveFlags = 0,
): number {
  if ((flags & __O_TMPFILE) !== 0) {
    if ((flags & O_DIRECTORY) === 0) fail(EINVAL);
    return openTmpfile(k, p, base, path, flags, mode, resolveFlags);
  }
  if ((flags & O_PATH) !== 0) flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
  if ((flags & (O_CREAT | O_DIRECTORY)) === (O_CREAT | O_DIRECTORY)) fail(EINVAL);
  const creat = (flags & O_CREAT) !== 0;
  const excl = creat && (flags & O_EXCL) !== 0;
  const r = resolve(k.vfs, p, base, path, (flags & O_NOFOLLOW) === 0 && !excl, resolveFlags);
  if (creat && r.slash) fail(EISDIR);
  let n = r.inode;
  let created = false;
  if (n === null) {
    if (!creat) fail(ENOENT);
    checkDirWritable(p, r.parent);
    n = createNode(k.vfs, p.cred, r.parent, r.name, S_IFREG | (mode & 0o7777 & ~p.umask));
    created = true;
  } else {
    if (excl) fail(EEXIST);
    if (r.slash && !n.isDir()) fail(ENOTDIR);
    if ((flags & O_PATH) === 0) {
      if (n.isLink()) fail(ELOOP);
      if (n.isDir() && creat) fail(EISDIR);
    }
    if ((flags & O_DIRECTORY) !== 0 && !n.isDir()) fail(ENOTDIR);
  }
  if ((flags & O_PATH) === 0 && !created) {
    const acc = flags & O_ACCMODE;
    let want = acc === O_RDONLY ? MAY_READ : acc === O_WRONLY ? MAY_WRITE : MAY_READ | MAY_WRITE;
    const type = n.mode & S_IFMT;
    const trunc = (flags & O_TRUNC) !== 0 && type === S_IFREG;
    if (trunc) want |= MAY_WRITE;
    if (type === S_IFDIR && (want & MAY_WRITE) !== 0) fail(EISDIR);
    if ((want & MAY_WRITE) !== 0) checkNotReadOnly(n);
    checkPermission(p.cred, n, want);
    if ((flags & O_NOATIME) !== 0) checkOwner(p.cred, n);
    if (trunc) {
      if (n.seals >= 0 && (n.seals & (F_SEAL_SHRINK | F_SEAL_WRITE)) !== 0) fail(EPERM);
      truncateData(k.vfs, n, 0);
    }
  }
  const fd = openNode(k, p, n, flags, openPath(k, r.parent, r.name, n, r.magic), r.parent, r.name);
  seenAt(n, r.parent, r.name);
  if ((flags & O_PATH) === 0) fsnotifyNode(n, IN_OPEN, r.parent, r.name);
  return fd;
}

/** open(path, flags, mode) */
export function sysOpen(k: Kernel, p: Process): number {
  const path = readPath(p.mem, arg(p.cpu, 0));
  return doOpen(k, p, p.cwd, path, argInt(p.cpu, 1), argInt(p.cpu, 2));
}

/** openat(dirfd, path, flags, mode) */
export function sysOpenat(k: Kernel, p: Process): number {
  const path = readPath(p.mem, arg(p.cpu, 1));
  const base = atBase(p, argInt(p.cpu, 0), path);
  return doOpen(k, p, base, path, argInt(p.cpu, 2), argInt(p.cpu, 3));
}

/** creat(path, mode) = open(path, O_CREAT|O_WRONLY|O_TRUNC, mode) */
export function sysCreat(k: Kernel, p: Process): number {
  const path = readPath(p.mem, arg(p.cpu, 0));
  return doOpen(k, p, p.cwd, path, O_CREAT | O_WRONLY | O_TRUNC, argInt(p.cpu, 1));
}

/** Flags openat2 accepts (VALID_OPEN_FLAGS) and the subset allowed with O_PATH. */
const VALID_OPEN_FLAGS = O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK |
  O_SYNC | O_DSYNC | O_ASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME |
  O_CLOEXEC |
  O_PATH | O_TMPFILE;
const O_PATH_FLAGS = O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC;
/** sizeof(struct open_how) version 0. */
const OPEN_HOW_SIZE = 24;

/** openat2(dirfd, path, how, size): strict flag checking and RESOLVE_* path rules. */
export function sysOpenat2(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const how = arg(cpu, 2), size = arg(cpu, 3);
  if (size < OPEN_HOW_SIZE) fail(EINVAL);
  if (size > 4096) fail(E2BIG);
  const mem = p.mem;
  const word = (off: number) => [mem.read32(how + off), mem.read32(how + off + 4)];
  const [flags, flagsHi] = word(0), [mode, modeHi] = word(8), [res, resHi] = word(16);
  for (let i = OPEN_HOW_SIZE; i < size; i++) if (mem.read8(how + i) !== 0) fail(E2BIG);
  if (flagsHi !== 0 || (flags & ~VALID_OPEN_FLAGS) !== 0) fail(EINVAL);
  if ((flags & (O_CREAT | __O_TMPFILE)) !== 0) {
    if (modeHi !== 0 || (mode & ~0o7777) !== 0) fail(EINVAL);
  } else if (mode !== 0 || modeHi !== 0) fail(EINVAL);
  const allResolve = RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS |
    RESOLVE_BENEATH |
    RESOLVE_IN_ROOT | RESOLVE_CACHED;
  if (resHi !== 0 || (res & ~allResolve) !== 0) fail(EINVAL);
  if ((res & RESOLVE_BENEATH) !== 0 && (res & RESOLVE_IN_ROOT) !== 0) fail(EINVAL);
  if ((flags & O_PATH) !== 0 && (flags & ~O_PATH_FLAGS) !== 0) fail(EINVAL);
  // Everything is "in the cache" here, except what must change the tree.
  if ((res & RESOLVE_CACHED) !== 0 && (flags & (O_TRUNC | O_CREAT | __O_TMPFILE)) !== 0) {
    fail(EAGAIN);
  }
  const path = readPath(mem, arg(cpu, 1));
  // A scoped lookup starts at dirfd even for absolute paths.
  const scoped = (res & (RESOLVE_BENEATH | RESOLVE_IN_ROOT)) !== 0;
  const base = atBase(p, argInt(cpu, 0), scoped ? "." : path);
  return doOpen(k, p, base, path, flags, mode, res);
}

/** close(fd) */
export function sysClose(_k: Kernel, p: Process): number {
  if (!p.fds.close(argInt(p.cpu, 0))) fail(EBADF);
  return 0;
}

/** close_range flags. */
const CLOSE_RANGE_UNSHARE = 2, CLOSE_RANGE_CLOEXEC = 4;

/** close_range(first, last, flags) */
export function sysCloseRange(_k: Kernel, p: Process): number {
  const first = arg(p.cpu, 0) % 4294967296, last = arg(p.cpu, 1) % 4294967296;
  const flags = arg(p.cpu, 2);
  if ((flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) !== 0 || first > last) fail(EINVAL);
  const end = Math.min(last, p.fds.fds.length - 1);
  for (let fd = first; fd <= end; fd++) {
    const e = p.fds.get(fd);
    if (e === undefined) continue;
    if ((flags & CLOSE_RANGE_CLOEXEC) !== 0) e.cloexec = true;
    else p.fds.close(fd);
  }
  return 0;
}

/** pipe2(fds*, flags): a new pipe; [read end, write end] stored as two ints. */
export function sysPipe2(k: Kernel, p: Process): number {
  const flags = argInt(p.cpu, 1);
  if ((flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT)) !== 0) fail(EINVAL);
  return makePipe(k, p, arg(p.cpu, 0), flags);
}

/** pipe(fds*) */
export function sysPipe(k: Kernel, p: Process): number {
  return makePipe(k, p, arg(p.cpu, 0), 0);
}

function makePipe(k: Kernel, p: Process, out: number, flags: number): number {
  const limit = nofileLimit(p);
  const rfd = p.fds.lowestFree(0, limit);
  const wfd = rfd < 0 ? -1 : p.fds.lowestFree(rfd + 1, limit);
  if (wfd < 0) fail(EMFILE);
  const n = k.vfs.newInode(k.vfs.pipeFs, S_IFIFO | 0o600, p.cred.fsuid, p.cred.fsgid);
  n.pipe = new Pipe();
  n.pipe.readers = n.pipe.writers = 1;
  const keep = flags & (O_NONBLOCK | O_DIRECT);
  const cloexec = (flags & O_CLOEXEC) !== 0;
  p.fds.install(rfd, new OpenFile(n, O_RDONLY | keep, ""), cloexec);
  p.fds.install(wfd, new OpenFile(n, O_WRONLY | keep, ""), cloexec);
  try {
    p.mem.write32(out, rfd);
    p.mem.write32(out + 4, wfd);
  } catch (e) {
    if (e instanceof GuestFault) {
      p.fds.close(rfd);
      p.fds.close(wfd);
    }
    throw e;
  }
  return 0;
}

/** memfd_create flags. */
const MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2, MFD_NOEXEC_SEAL = 8, MFD_EXEC = 0x10;
const F_SEAL_EXEC = 0x20;

/** memfd_create(name, flags): an anonymous memory file. */
export function sysMemfdCreate(k: Kernel, p: Process): number {
  const flags = arg(p.cpu, 1);
  // MFD_HUGETLB (and its size bits) would need hugetlbfs, which this machine does not have.
  if ((flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_NOEXEC_SEAL | MFD_EXEC)) !== 0) fail(EINVAL);
  if ((flags & MFD_NOEXEC_SEAL) !== 0 && (flags & MFD_EXEC) !== 0) fail(EINVAL);
  const name = readCStr(p.mem, arg(p.cpu, 0), 250);
  if (name === null) fail(EINVAL);
  let mode = S_IFREG | 0o777;
  let seals = (flags & MFD_ALLOW_SEALING) !== 0 ? 0 : F_SEAL_SEAL;
  if ((flags & MFD_NOEXEC_SEAL) !== 0) {
    mode &= ~0o111;
    seals = F_SEAL_EXEC;
  }
  const n = k.vfs.newInode(k.vfs.rootFs, mode, p.cred.fsuid, p.cred.fsgid);
  n.seals = seals;
  const f = new OpenFile(n, O_RDWR | O_LARGEFILE, `/memfd:${name}`);
  n.nlink = 0;
  return installFd(p, f, (flags & MFD_CLOEXEC) !== 0);
}
