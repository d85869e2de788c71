/**
 * Names: unlink/unlinkat, link/linkat, symlink/symlinkat and the rename
 * family (renameat2 with RENAME_NOREPLACE, RENAME_EXCHANGE, RENAME_WHITEOUT).
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { FsKind, type Inode, makedev, S_IFCHR } from "../fs/inode.ts";
import {
  AT_EMPTY_PATH,
  AT_FDCWD,
  AT_REMOVEDIR,
  AT_SYMLINK_FOLLOW,
  atBase,
  type Lookup,
  resolveNode,
} from "../fs/namei.ts";
import {
  addLink,
  createNode,
  isEmptyDir,
  makeSymlink,
  moveEntry,
  removeEntry,
} from "../fs/fsops.ts";
import { checkDelete, checkPermission, MAY_WRITE } from "../fs/perm.ts";
import { checkDirWritable } from "./open.ts";
import { checkCreate, doRmdir, lookupLast } from "./dir.ts";
import { arg, argInt, readPath } from "./uaccess.ts";
import { fileOfRaw } from "./common.ts";
import {
  EBUSY,
  EEXIST,
  EINVAL,
  EISDIR,
  ENOENT,
  ENOTDIR,
  ENOTEMPTY,
  EPERM,
  EROFS,
  EXDEV,
  fail,
} from "../errno.ts";

function doUnlink(k: Kernel, p: Process, dirfd: number, pathAddr: number): number {
  const [r] = lookupLast(k, p, dirfd, pathAddr);
  if (r.name === "." || r.name === "..") fail(EISDIR);
  if (r.parent.fs.readOnly) fail(EROFS);
  const n = r.inode ?? fail(ENOENT);
  if (r.slash) fail(n.isDir() ? EISDIR : ENOTDIR);
  checkDelete(p.cred, r.parent, n);
  if (n.isDir()) fail(EISDIR);
  removeEntry(k.vfs, r.parent, r.name, n);
  return 0;
}

/** unlink(path) */
export function sysUnlink(k: Kernel, p: Process): number {
  return doUnlink(k, p, AT_FDCWD, arg(p.cpu, 0));
}

/** unlinkat(dirfd, path, flags) */
export function sysUnlinkat(k: Kernel, p: Process): number {
  const flags = argInt(p.cpu, 2);
  if ((flags & ~AT_REMOVEDIR) !== 0) fail(EINVAL);
  const dirfd = argInt(p.cpu, 0);
  return (flags & AT_REMOVEDIR) !== 0
    ? doRmdir(k, p, dirfd, arg(p.cpu, 1))
    : doUnlink(k, p, dirfd, arg(p.cpu, 1));
}

/** The new name of link/symlink: must not exist; a trailing slash on a missing name is ENOENT. */
function newName(k: Kernel, p: Process, dirfd: number, pathAddr: number): Lookup {
  const [r] = lookupLast(k, p, dirfd, pathAddr);
  if (r.inode === null && r.slash) fail(ENOENT);
  checkCreate(p, r);
  return r;
}

function doLink(
  k: Kernel,
  p: Process,
  olddirfd: number,
  oldAddr: number,
  newdirfd: number,
  newAddr: number,
  flags: number,
) {
  if ((flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) !== 0) fail(EINVAL);
  const oldPath = readPath(p.mem, oldAddr);
  let n: Inode;
  if (oldPath === "" && (flags & AT_EMPTY_PATH) !== 0) {
    if (!p.cred.capEffective) fail(ENOENT);
    n = olddirfd === AT_FDCWD ? p.cwd : fileOfRaw(p, olddirfd).inode;
  } else {
    n = resolveNode(
      k.vfs,
      p,
      atBase(p, olddirfd, oldPath),
      oldPath,
      (flags & AT_SYMLINK_FOLLOW) !== 0,
    );
  }
  const r = newName(k, p, newdirfd, newAddr);
  if (r.parent.fs !== n.fs) fail(EXDEV);
  if (n.isDir()) fail(EPERM);
  if (n.nlink === 0 && !n.linkable) fail(ENOENT);
  addLink(k.vfs, r.parent, r.name, n);
  n.linkable = false;
  return 0;
}

/** link(oldpath, newpath) */
export function sysLink(k: Kernel, p: Process): number {
  return doLink(k, p, AT_FDCWD, arg(p.cpu, 0), AT_FDCWD, arg(p.cpu, 1), 0);
}

/** linkat(olddirfd, oldpath, newdirfd, newpath, flags) */
export function sysLinkat(k: Kernel, p: Process): number {
  const c = p.cpu;
  return doLink(k, p, argInt(c, 0), arg(c, 1), argInt(c, 2), arg(c, 3), argInt(c, 4));
}

function doSymlink(
  k: Kernel,
  p: Process,
  targetAddr: number,
  dirfd: number,
  pathAddr: number,
): number {
  const target = readPath(p.mem, targetAddr);
  if (target === "") fail(ENOENT);
  const r = newName(k, p, dirfd, pathAddr);
  makeSymlink(k.vfs, p.cred, r.parent, r.name, target);
  return 0;
}

/** symlink(target, linkpath) */
export function sysSymlink(k: Kernel, p: Process): number {
  return doSymlink(k, p, arg(p.cpu, 0), AT_FDCWD, arg(p.cpu, 1));
}

/** symlinkat(target, newdirfd, linkpath) */
export function sysSymlinkat(k: Kernel, p: Process): number {
  return doSymlink(k, p, arg(p.cpu, 0), argInt(p.cpu, 1), arg(p.cpu, 2));
}

/** renameat2 flags. */
export const RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2, RENAME_WHITEOUT = 4;

/** Is `a` the directory `d` or one of its ancestors? */
function isAncestor(a: Inode, d: Inode): boolean {
  for (let cur: Inode | null = d; cur !== null; cur = cur.parent) if (cur === a) return true;
  return false;
}

/** The mount a directory entry lives on (by file system). */
function sameMount(a: Inode, b: Inode): boolean {
  return a.fs === b.fs;
}

function doRename(
  k: Kernel,
  p: Process,
  olddirfd: number,
  oldAddr: number,
  newdirfd: number,
  newAddr: number,
  flags: number,
): number {
  if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) !== 0) fail(EINVAL);
  if ((flags & RENAME_EXCHANGE) !== 0 && (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) !== 0) {
    fail(EINVAL);
  }
  const [o] = lookupLast(k, p, olddirfd, oldAddr);
  const [t] = lookupLast(k, p, newdirfd, newAddr);
  if (!sameMount(o.parent, t.parent)) fail(EXDEV);
  const dots = (n: string) => n === "." || n === "..";
  if (dots(o.name)) fail(EBUSY);
  if (dots(t.name)) fail((flags & RENAME_NOREPLACE) !== 0 ? EEXIST : EBUSY);
  if (o.parent.fs.readOnly) fail(EROFS);
  const src = o.inode ?? fail(ENOENT);
  const victim = t.inode;
  const exchange = (flags & RENAME_EXCHANGE) !== 0;
  if ((flags & RENAME_NOREPLACE) !== 0 && victim !== null) fail(EEXIST);
  if (exchange && victim === null) fail(ENOENT);
  if (o.slash && !src.isDir()) fail(ENOTDIR);
  if (t.slash && !src.isDir() && !exchange) fail(ENOTDIR);
  if (src.isDir() && isAncestor(src, t.parent)) fail(EINVAL);
  if (victim !== null && victim.isDir() && isAncestor(victim, o.parent)) {
    fail(exchange ? EINVAL : ENOTEMPTY);
  }
  if (src === victim) return 0;
  checkDelete(p.cred, o.parent, src);
  if (victim !== null) {
    checkDelete(p.cred, t.parent, victim);
    if (!exchange) {
      if (src.isDir() && !victim.isDir()) fail(ENOTDIR);
      if (!src.isDir() && victim.isDir()) fail(EISDIR);
    }
  } else checkDirWritable(p, t.parent);
  const busy = (n: Inode) =>
    n.covers !== null || n.mounted !== null || n === p.root || n === k.vfs.root;
  if (busy(src) || (victim !== null && busy(victim))) fail(EBUSY);
  // Moving a directory to a new parent rewrites its "..": that needs write access to it.
  if (src.isDir() && o.parent !== t.parent) checkPermission(p.cred, src, MAY_WRITE);
  if (exchange) {
    if (src.fs.kind !== FsKind.Mem) fail(EINVAL);
    if (victim!.isDir() && o.parent !== t.parent) checkPermission(p.cred, victim!, MAY_WRITE);
    moveEntry(k.vfs, t.parent, t.name, o.parent, "\0swap", victim!, null);
    moveEntry(k.vfs, o.parent, o.name, t.parent, t.name, src, null);
    moveEntry(k.vfs, o.parent, "\0swap", o.parent, o.name, victim!, null);
    return 0;
  }
  if (victim !== null && victim.isDir() && !isEmptyDir(k.vfs, victim)) fail(ENOTEMPTY);
  if ((flags & RENAME_WHITEOUT) !== 0) {
    if (!p.cred.capEffective) fail(EPERM);
    if (src.fs.kind !== FsKind.Mem) fail(EINVAL);
  }
  moveEntry(k.vfs, o.parent, o.name, t.parent, t.name, src, victim);
  if ((flags & RENAME_WHITEOUT) !== 0) {
    createNode(k.vfs, p.cred, o.parent, o.name, S_IFCHR, makedev(0, 0));
  }
  return 0;
}

/** rename(oldpath, newpath) */
export function sysRename(k: Kernel, p: Process): number {
  return doRename(k, p, AT_FDCWD, arg(p.cpu, 0), AT_FDCWD, arg(p.cpu, 1), 0);
}

/** renameat(olddirfd, oldpath, newdirfd, newpath) */
export function sysRenameat(k: Kernel, p: Process): number {
  const c = p.cpu;
  return doRename(k, p, argInt(c, 0), arg(c, 1), argInt(c, 2), arg(c, 3), 0);
}

/** renameat2(olddirfd, oldpath, newdirfd, newpath, flags) */
export function sysRenameat2(k: Kernel, p: Process): number {
  const c = p.cpu;
  return doRename(k, p, argInt(c, 0), arg(c, 1), argInt(c, 2), arg(c, 3), argInt(c, 4) >>> 0);
}
