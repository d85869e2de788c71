/**
 * Inspecting nodes: the stat family, statx, statfs/fstatfs, access and
 * faccessat/faccessat2, readlink/readlinkat.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { FsKind, type Inode, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from "../fs/inode.ts";
import { encodeStat, encodeStatx } from "../fs/stat.ts";
import {
  AT_EACCESS,
  AT_EMPTY_PATH,
  AT_FDCWD,
  AT_NO_AUTOMOUNT,
  AT_STATX_SYNC_TYPE,
  AT_SYMLINK_NOFOLLOW,
  atBase,
  resolveNode,
} from "../fs/namei.ts";
import { linkText, refresh } from "../fs/fsops.ts";
import { MAY_WRITE, permitted } from "../fs/perm.ts";
import { binToBytes } from "../fs/bytes.ts";
import { TOTAL_RAM } from "../fs/procfs_render.ts";
import { arg, argInt, copyOut, readPath, Struct } from "./uaccess.ts";
import { fileOfRaw } from "./common.ts";
import { EACCES, EFAULT, EINVAL, ENOENT, EROFS, fail } from "../errno.ts";

/**
 * The node a (dirfd, path, flags) triple names. An empty (or, with
 * AT_EMPTY_PATH, NULL) path means the descriptor itself when AT_EMPTY_PATH
 * is given.
 */
export function nodeAt(
  k: Kernel,
  p: Process,
  dirfd: number,
  pathAddr: number,
  flags: number,
): Inode {
  const emptyOk = (flags & AT_EMPTY_PATH) !== 0;
  const path = pathAddr === 0 && emptyOk ? "" : readPath(p.mem, pathAddr);
  if (path === "") {
    if (!emptyOk) fail(ENOENT);
    return dirfd === AT_FDCWD ? p.cwd : fileOfRaw(p, dirfd).inode;
  }
  const base = atBase(p, dirfd, path);
  return resolveNode(k.vfs, p, base, path, (flags & AT_SYMLINK_NOFOLLOW) === 0);
}

function putStat(p: Process, addr: number, n: Inode): number {
  refresh(n);
  p.mem.writeBytes(addr, encodeStat(n));
  return 0;
}

/** stat(path, buf) */
export function sysStat(k: Kernel, p: Process): number {
  return putStat(p, arg(p.cpu, 1), nodeAt(k, p, AT_FDCWD, arg(p.cpu, 0), 0));
}

/** lstat(path, buf) */
export function sysLstat(k: Kernel, p: Process): number {
  return putStat(p, arg(p.cpu, 1), nodeAt(k, p, AT_FDCWD, arg(p.cpu, 0), AT_SYMLINK_NOFOLLOW));
}

/** fstat(fd, buf) */
export function sysFstat(_k: Kernel, p: Process): number {
  return putStat(p, arg(p.cpu, 1), fileOfRaw(p, argInt(p.cpu, 0)).inode);
}

/** newfstatat(dirfd, path, buf, flags) */
export function sysNewfstatat(k: Kernel, p: Process): number {
  const flags = argInt(p.cpu, 3);
  if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)) !== 0) fail(EINVAL);
  return putStat(p, arg(p.cpu, 2), nodeAt(k, p, argInt(p.cpu, 0), arg(p.cpu, 1), flags));
}

/** statx(dirfd, path, flags, mask, buf) */
export function sysStatx(k: Kernel, p: Process): number {
  const flags = argInt(p.cpu, 2);
  const mask = argInt(p.cpu, 3) >>> 0;
  const known = AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE;
  if ((flags & ~known) !== 0 || (flags & AT_STATX_SYNC_TYPE) === AT_STATX_SYNC_TYPE) fail(EINVAL);
  if ((mask & 0x80000000) !== 0) fail(EINVAL);
  const buf = arg(p.cpu, 4);
  const n = nodeAt(k, p, argInt(p.cpu, 0), arg(p.cpu, 1), flags);
  refresh(n);
  p.mem.writeBytes(buf, encodeStatx(k.vfs, n));
  return 0;
}

/** ST_* mount flags in f_flags. */
const ST_RDONLY = 1, ST_VALID = 0x20, ST_RELATIME = 0x1000;

/** struct statfs (120 bytes) for the file system holding `n`. */
function encodeStatfs(n: Inode): Uint8Array {
  const fs = n.fs;
  const s = new Struct(120);
  const pages = TOTAL_RAM / 4096;
  const sized = fs.kind === FsKind.Mem || fs.kind === FsKind.Host;
  s.u64(0, fs.magic).u64(8, 4096);
  if (sized) {
    s.u64(16, pages / 2).u64(24, pages / 2).u64(32, pages / 2).u64(40, pages / 4).u64(
      48,
      pages / 4,
    );
  }
  s.u32(56, fs.dev).u32(60, 0).u64(64, 255).u64(72, 4096);
  const flags = ST_VALID | (fs.kind === FsKind.Pipe ? 0 : ST_RELATIME) |
    (fs.readOnly ? ST_RDONLY : 0);
  s.u64(80, flags);
  return s.bytes;
}

/** statfs(path, buf) */
export function sysStatfs(k: Kernel, p: Process): number {
  const n = nodeAt(k, p, AT_FDCWD, arg(p.cpu, 0), 0);
  p.mem.writeBytes(arg(p.cpu, 1), encodeStatfs(n));
  return 0;
}

/** fstatfs(fd, buf) */
export function sysFstatfs(_k: Kernel, p: Process): number {
  const n = fileOfRaw(p, argInt(p.cpu, 0)).inode;
  p.mem.writeBytes(arg(p.cpu, 1), encodeStatfs(n));
  return 0;
}

function doAccess(
  k: Kernel,
  p: Process,
  dirfd: number,
  pathAddr: number,
  mode: number,
  flags: number,
): number {
  if ((mode & ~7) !== 0) fail(EINVAL);
  const n = nodeAt(k, p, dirfd, pathAddr, flags);
  if (mode === 0) return 0;
  const t = n.mode & S_IFMT;
  if (
    (mode & MAY_WRITE) !== 0 && n.fs.readOnly && (t === S_IFREG || t === S_IFDIR || t === S_IFLNK)
  ) {
    fail(EROFS);
  }
  const useReal = (flags & AT_EACCESS) === 0;
  if (!permitted(p.cred, n, mode, useReal)) fail(EACCES);
  return 0;
}

/** access(path, mode): checked with the real uid and gid. */
export function sysAccess(k: Kernel, p: Process): number {
  return doAccess(k, p, AT_FDCWD, arg(p.cpu, 0), argInt(p.cpu, 1), 0);
}

/** faccessat(dirfd, path, mode) (the raw syscall has no flags argument). */
export function sysFaccessat(k: Kernel, p: Process): number {
  return doAccess(k, p, argInt(p.cpu, 0), arg(p.cpu, 1), argInt(p.cpu, 2), 0);
}

/** faccessat2(dirfd, path, mode, flags) */
export function sysFaccessat2(k: Kernel, p: Process): number {
  const flags = argInt(p.cpu, 3);
  if ((flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) !== 0) fail(EINVAL);
  return doAccess(k, p, argInt(p.cpu, 0), arg(p.cpu, 1), argInt(p.cpu, 2), flags);
}

function doReadlink(
  k: Kernel,
  p: Process,
  dirfd: number,
  pathAddr: number,
  buf: number,
  size: number,
): number {
  if (size <= 0) fail(EINVAL);
  const path = readPath(p.mem, pathAddr);
  let n: Inode;
  if (path === "") {
    // An empty path reads the symlink open (O_PATH|O_NOFOLLOW) as dirfd.
    if (dirfd === AT_FDCWD) fail(ENOENT);
    n = fileOfRaw(p, dirfd).inode;
    if (!n.isLink()) fail(ENOENT);
  } else n = resolveNode(k.vfs, p, atBase(p, dirfd, path), path, false);
  if (!n.isLink()) fail(EINVAL);
  const text = binToBytes(linkText(k.vfs, p, n));
  const out = text.subarray(0, Math.min(text.length, size));
  const done = copyOut(p.mem, buf, out);
  if (done < out.length) fail(EFAULT);
  return done;
}

/** readlink(path, buf, bufsiz) */
export function sysReadlink(k: Kernel, p: Process): number {
  return doReadlink(k, p, AT_FDCWD, arg(p.cpu, 0), arg(p.cpu, 1), argInt(p.cpu, 2));
}

/** readlinkat(dirfd, path, buf, bufsiz) */
export function sysReadlinkat(k: Kernel, p: Process): number {
  return doReadlink(k, p, argInt(p.cpu, 0), arg(p.cpu, 1), arg(p.cpu, 2), argInt(p.cpu, 3));
}
