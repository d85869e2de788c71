/**
 * Directories: mkdir/mkdirat, rmdir, mknod/mknodat, getdents/getdents64,
 * getcwd, chdir/fchdir and chroot.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import type { DirEntry } from "../fd_table.ts";
import {
  dtype,
  FsKind,
  type Inode,
  S_IFBLK,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
  S_ISVTX,
} from "../fs/inode.ts";
import { AT_FDCWD, atBase, type Lookup, resolve, resolveNode } from "../fs/namei.ts";
import { createNode, isEmptyDir, listChildren, makeDir, removeEntry } from "../fs/fsops.ts";
import { checkDelete, checkPermission, MAY_EXEC } from "../fs/perm.ts";
import { binToBytes } from "../fs/bytes.ts";
import { checkDirWritable } from "./open.ts";
import { accessOk, arg, argInt, copyOut, readPath } from "./uaccess.ts";
import { fileOf, fileOfRaw } from "./common.ts";
import {
  EBUSY,
  EEXIST,
  EFAULT,
  EINVAL,
  ENOENT,
  ENOTDIR,
  ENOTEMPTY,
  EPERM,
  ERANGE,
  EROFS,
  fail,
} from "../errno.ts";

/** Resolve the last component of a path that is about to be created or removed (not followed). */
export function lookupLast(
  k: Kernel,
  p: Process,
  dirfd: number,
  pathAddr: number,
): [Lookup, string] {
  const path = readPath(p.mem, pathAddr);
  return [resolve(k.vfs, p, atBase(p, dirfd, path), path, false), path];
}

/** Shared checks for creating `r.name`: it must not exist; the parent must be writable. */
export function checkCreate(p: Process, r: Lookup): void {
  if (r.inode !== null) fail(EEXIST);
  checkDirWritable(p, r.parent);
}

function doMkdir(k: Kernel, p: Process, dirfd: number, pathAddr: number, mode: number): number {
  const [r] = lookupLast(k, p, dirfd, pathAddr);
  checkCreate(p, r);
  makeDir(k.vfs, p.cred, r.parent, r.name, mode & (0o777 | S_ISVTX) & ~p.umask);
  return 0;
}

/** mkdir(path, mode) */
export function sysMkdir(k: Kernel, p: Process): number {
  return doMkdir(k, p, AT_FDCWD, arg(p.cpu, 0), argInt(p.cpu, 1));
}

/** mkdirat(dirfd, path, mode) */
export function sysMkdirat(k: Kernel, p: Process): number {
  return doMkdir(k, p, argInt(p.cpu, 0), arg(p.cpu, 1), argInt(p.cpu, 2));
}

/** Remove directory `path` (rmdir and unlinkat(AT_REMOVEDIR)). */
export function doRmdir(k: Kernel, p: Process, dirfd: number, pathAddr: number): number {
  const [r, path] = lookupLast(k, p, dirfd, pathAddr);
  if (/^\/+$/.test(path)) fail(EBUSY);
  if (r.name === ".") fail(EINVAL);
  if (r.name === "..") fail(ENOTEMPTY);
  if (r.parent.fs.readOnly) fail(EROFS);
  const n = r.inode ?? fail(ENOENT);
  checkDelete(p.cred, r.parent, n);
  if (!n.isDir()) fail(ENOTDIR);
  if (n.covers !== null || n.mounted !== null || n === p.root) fail(EBUSY);
  if (!isEmptyDir(k.vfs, n)) fail(ENOTEMPTY);
  removeEntry(k.vfs, r.parent, r.name, n);
  return 0;
}

/** rmdir(path) */
export function sysRmdir(k: Kernel, p: Process): number {
  return doRmdir(k, p, AT_FDCWD, arg(p.cpu, 0));
}

function doMknod(
  k: Kernel,
  p: Process,
  dirfd: number,
  pathAddr: number,
  mode: number,
  dev: number,
): number {
  let type = mode & S_IFMT;
  if (type === 0) type = S_IFREG;
  if (type === S_IFDIR) fail(EPERM);
  if (
    type !== S_IFREG && type !== S_IFCHR && type !== S_IFBLK && type !== S_IFIFO &&
    type !== S_IFSOCK
  ) {
    fail(EINVAL);
  }
  if ((type === S_IFCHR || type === S_IFBLK) && !p.cred.capEffective) fail(EPERM);
  const [r] = lookupLast(k, p, dirfd, pathAddr);
  checkCreate(p, r);
  const rdev = type === S_IFCHR || type === S_IFBLK ? dev >>> 0 : 0;
  createNode(k.vfs, p.cred, r.parent, r.name, type | (mode & 0o7777 & ~p.umask), rdev);
  return 0;
}

/** mknod(path, mode, dev) */
export function sysMknod(k: Kernel, p: Process): number {
  return doMknod(k, p, AT_FDCWD, arg(p.cpu, 0), argInt(p.cpu, 1), argInt(p.cpu, 2));
}

/** mknodat(dirfd, path, mode, dev) */
export function sysMknodat(k: Kernel, p: Process): number {
  return doMknod(k, p, argInt(p.cpu, 0), arg(p.cpu, 1), argInt(p.cpu, 2), argInt(p.cpu, 3));
}

/** Snapshot of a directory for getdents: ".", "..", then the entries. */
function listing(k: Kernel, p: Process, dir: Inode): DirEntry[] {
  let parent = dir;
  if (dir !== p.root) {
    let d = dir;
    while (d.covers !== null && d !== p.root) d = d.covers;
    parent = d === p.root ? d : d.parent ?? d;
  }
  const out: DirEntry[] = [
    { name: ".", ino: dir.ino, type: dtype(S_IFDIR) },
    { name: "..", ino: parent.ino, type: dtype(S_IFDIR) },
  ];
  for (const [name, n] of listChildren(k.vfs, dir)) {
    out.push({ name, ino: n.ino, type: dtype(n.mode) });
  }
  return out;
}

/** Fill a getdents buffer; `wide` selects linux_dirent64 over the old linux_dirent. */
function getdents(k: Kernel, p: Process, wide: boolean): number {
  const f = fileOf(p, argInt(p.cpu, 0));
  const buf = arg(p.cpu, 1), count = argInt(p.cpu, 2) >>> 0;
  accessOk(buf, count);
  const dir = f.inode;
  if (!dir.isDir()) fail(ENOTDIR);
  // A removed directory lists nothing, not even "." and "..": iterate_dir says ENOENT.
  if (dir.nlink === 0) fail(ENOENT);
  if (f.dir === null || f.pos === 0) f.dir = listing(k, p, dir);
  const entries = f.dir;
  const out = new Uint8Array(Math.min(count, 1 << 20));
  const v = new DataView(out.buffer);
  let used = 0;
  let i = f.pos;
  for (; i < entries.length; i++) {
    const e = entries[i];
    const name = binToBytes(e.name);
    const reclen = wide ? (19 + name.length + 1 + 7) & ~7 : (18 + name.length + 2 + 7) & ~7;
    if (used + reclen > out.length) {
      if (used === 0) fail(EINVAL);
      break;
    }
    v.setBigUint64(used, BigInt(e.ino), true);
    v.setBigInt64(used + 8, BigInt(i + 1), true);
    v.setUint16(used + 16, reclen, true);
    if (wide) {
      out[used + 18] = e.type;
      out.set(name, used + 19);
    } else {
      out.set(name, used + 18);
      out[used + reclen - 1] = e.type;
    }
    used += reclen;
  }
  if (copyOut(p.mem, buf, out.subarray(0, used)) < used) fail(EFAULT);
  f.pos = i;
  if (dir.fs.kind === FsKind.Mem) k.vfs.touchAccess(dir);
  return used;
}

/** getdents64(fd, dirp, count) */
export function sysGetdents64(k: Kernel, p: Process): number {
  return getdents(k, p, true);
}

/** getdents(fd, dirp, count): the old layout with d_type in the last byte. */
export function sysGetdents(k: Kernel, p: Process): number {
  return getdents(k, p, false);
}

/** Path of `dir` as seen from the process root. */
function pathFromRoot(k: Kernel, p: Process, dir: Inode): string {
  if (p.root === k.vfs.root) return k.vfs.pathOf(dir);
  const root = k.vfs.pathOf(p.root);
  const full = k.vfs.pathOf(dir);
  if (full === root) return "/";
  return full.startsWith(root + "/") ? full.slice(root.length) : "(unreachable)" + full;
}

/** getcwd(buf, size): returns the length including the NUL. */
export function sysGetcwd(k: Kernel, p: Process): number {
  if (p.cwd.nlink === 0) fail(ENOENT);
  const path = binToBytes(pathFromRoot(k, p, p.cwd) + "\0");
  if (path.length > arg(p.cpu, 1)) fail(ERANGE);
  p.mem.writeBytes(arg(p.cpu, 0), path);
  return path.length;
}

function enterable(p: Process, n: Inode): Inode {
  if (!n.isDir()) fail(ENOTDIR);
  checkPermission(p.cred, n, MAY_EXEC);
  return n;
}

/** chdir(path) */
export function sysChdir(k: Kernel, p: Process): number {
  const path = readPath(p.mem, arg(p.cpu, 0));
  p.cwd = enterable(p, resolveNode(k.vfs, p, p.cwd, path, true));
  return 0;
}

/** fchdir(fd) */
export function sysFchdir(_k: Kernel, p: Process): number {
  p.cwd = enterable(p, fileOfRaw(p, argInt(p.cpu, 0)).inode);
  return 0;
}

/** chroot(path): needs CAP_SYS_CHROOT. */
export function sysChroot(k: Kernel, p: Process): number {
  const path = readPath(p.mem, arg(p.cpu, 0));
  const n = enterable(p, resolveNode(k.vfs, p, p.cwd, path, true));
  if (!p.cred.capEffective) fail(EPERM);
  p.root = n;
  return 0;
}
