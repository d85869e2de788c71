/**
 * Extended attributes as tmpfs keeps them: the user.*, trusted.* and
 * security.* namespaces on in-memory files (the set*, get*, list* and
 * remove* calls in path, l- and f- forms). procfs, pipes and host mounts do
 * not support them (EOPNOTSUPP).
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { FsKind, type Inode } from "../fs/inode.ts";
import { AT_FDCWD, AT_SYMLINK_NOFOLLOW } from "../fs/namei.ts";
import { MAY_READ, MAY_WRITE, ownerOrCapable, permitted } from "../fs/perm.ts";
import { binToBytes } from "../fs/bytes.ts";
import { nodeAt } from "./stat.ts";
import { arg, argInt, copyOut, readCStr } from "./uaccess.ts";
import { fileOf } from "./common.ts";
import {
  E2BIG,
  EACCES,
  EEXIST,
  EINVAL,
  ENODATA,
  EOPNOTSUPP,
  EPERM,
  ERANGE,
  EROFS,
  fail,
} from "../errno.ts";

const XATTR_CREATE = 1, XATTR_REPLACE = 2;
/** Longest name and value (XATTR_NAME_MAX, XATTR_SIZE_MAX). */
const NAME_MAX = 255, SIZE_MAX = 65536;

/** Read and check an attribute name: ERANGE if empty or too long. */
function readName(p: Process, addr: number): string {
  const name = readCStr(p.mem, addr, NAME_MAX + 1);
  if (name === null || name.length === 0) fail(ERANGE);
  return name;
}

/** Does the file system keep extended attributes? */
function supports(n: Inode): boolean {
  return n.fs.kind === FsKind.Mem;
}

/**
 * Linux's xattr_permission plus the namespace check: which names exist,
 * who may read or write them, and on what kinds of files.
 */
function check(p: Process, n: Inode, name: string, write: boolean): void {
  if (write && n.fs.readOnly) fail(EROFS);
  const ns = name.slice(0, name.indexOf(".") + 1);
  if (ns !== "user." && ns !== "trusted." && ns !== "security." && ns !== "system.") {
    fail(EOPNOTSUPP);
  }
  if (name === ns && ns !== "system.") fail(EINVAL);
  if (!supports(n)) fail(EOPNOTSUPP);
  if (ns === "system.") {
    // Only POSIX ACLs live there; none are set, and setting them is not supported.
    if (write || !/^system\.posix_acl_(access|default)$/.test(name)) fail(EOPNOTSUPP);
  }
  if (ns === "trusted." && !p.cred.capEffective) fail(write ? EPERM : ENODATA);
  if (ns === "user.") {
    if (!n.isReg() && !n.isDir()) fail(write ? EPERM : ENODATA);
    if (write && n.isDir() && (n.mode & 0o1000) !== 0 && !ownerOrCapable(p.cred, n)) fail(EPERM);
  }
  if (ns === "user." && !permitted(p.cred, n, write ? MAY_WRITE : MAY_READ)) fail(EACCES);
}

function doSet(
  k: Kernel,
  p: Process,
  n: Inode,
  nameAddr: number,
  value: number,
  size: number,
  flags: number,
): number {
  if ((flags & ~(XATTR_CREATE | XATTR_REPLACE)) !== 0) fail(EINVAL);
  const name = readName(p, nameAddr);
  if (size > SIZE_MAX) fail(E2BIG);
  const data = size === 0 ? new Uint8Array(0) : p.mem.readBytes(value, size);
  check(p, n, name, true);
  n.xattrs ??= new Map();
  const exists = n.xattrs.has(name);
  if ((flags & XATTR_CREATE) !== 0 && exists) fail(EEXIST);
  if ((flags & XATTR_REPLACE) !== 0 && !exists) fail(ENODATA);
  n.xattrs.set(name, data);
  k.vfs.touchChange(n);
  return 0;
}

function doGet(p: Process, n: Inode, nameAddr: number, value: number, size: number): number {
  const name = readName(p, nameAddr);
  check(p, n, name, false);
  const v = n.xattrs?.get(name) ?? fail(ENODATA);
  if (size === 0) return v.length;
  if (size < v.length) fail(ERANGE);
  p.mem.writeBytes(value, v);
  return v.length;
}

function doList(p: Process, n: Inode, list: number, size: number): number {
  let names = "";
  if (supports(n)) {
    for (const name of n.xattrs?.keys() ?? []) {
      if (name.startsWith("trusted.") && !p.cred.capEffective) continue;
      names += name + "\0";
    }
  }
  if (size === 0) return names.length;
  if (size < names.length) fail(ERANGE);
  copyOut(p.mem, list, binToBytes(names));
  return names.length;
}

function doRemove(k: Kernel, p: Process, n: Inode, nameAddr: number): number {
  const name = readName(p, nameAddr);
  check(p, n, name, true);
  if (n.xattrs?.delete(name) !== true) fail(ENODATA);
  k.vfs.touchChange(n);
  return 0;
}

const byPath = (k: Kernel, p: Process, follow: boolean) =>
  nodeAt(k, p, AT_FDCWD, arg(p.cpu, 0), follow ? 0 : AT_SYMLINK_NOFOLLOW);
const byFd = (p: Process) => fileOf(p, argInt(p.cpu, 0)).inode;

/** setxattr(path, name, value, size, flags) */
export function sysSetxattr(k: Kernel, p: Process): number {
  const c = p.cpu;
  return doSet(k, p, byPath(k, p, true), arg(c, 1), arg(c, 2), arg(c, 3), argInt(c, 4));
}

/** lsetxattr(path, name, value, size, flags) */
export function sysLsetxattr(k: Kernel, p: Process): number {
  const c = p.cpu;
  return doSet(k, p, byPath(k, p, false), arg(c, 1), arg(c, 2), arg(c, 3), argInt(c, 4));
}

/** fsetxattr(fd, name, value, size, flags) */
export function sysFsetxattr(k: Kernel, p: Process): number {
  const c = p.cpu;
  return doSet(k, p, byFd(p), arg(c, 1), arg(c, 2), arg(c, 3), argInt(c, 4));
}

/** getxattr(path, name, value, size) */
export function sysGetxattr(k: Kernel, p: Process): number {
  return doGet(
    p,
    byPath(k, p, true),
    arg(p.cpu, 1),
    arg(p.cpu, 2),
    Math.min(arg(p.cpu, 3), SIZE_MAX),
  );
}

/** lgetxattr(path, name, value, size) */
export function sysLgetxattr(k: Kernel, p: Process): number {
  return doGet(
    p,
    byPath(k, p, false),
    arg(p.cpu, 1),
    arg(p.cpu, 2),
    Math.min(arg(p.cpu, 3), SIZE_MAX),
  );
}

/** fgetxattr(fd, name, value, size) */
export function sysFgetxattr(_k: Kernel, p: Process): number {
  return doGet(p, byFd(p), arg(p.cpu, 1), arg(p.cpu, 2), Math.min(arg(p.cpu, 3), SIZE_MAX));
}

/** listxattr(path, list, size) */
export function sysListxattr(k: Kernel, p: Process): number {
  return doList(p, byPath(k, p, true), arg(p.cpu, 1), arg(p.cpu, 2));
}

/** llistxattr(path, list, size) */
export function sysLlistxattr(k: Kernel, p: Process): number {
  return doList(p, byPath(k, p, false), arg(p.cpu, 1), arg(p.cpu, 2));
}

/** flistxattr(fd, list, size) */
export function sysFlistxattr(_k: Kernel, p: Process): number {
  return doList(p, byFd(p), arg(p.cpu, 1), arg(p.cpu, 2));
}

/** removexattr(path, name) */
export function sysRemovexattr(k: Kernel, p: Process): number {
  return doRemove(k, p, byPath(k, p, true), arg(p.cpu, 1));
}

/** lremovexattr(path, name) */
export function sysLremovexattr(k: Kernel, p: Process): number {
  return doRemove(k, p, byPath(k, p, false), arg(p.cpu, 1));
}

/** fremovexattr(fd, name) */
export function sysFremovexattr(k: Kernel, p: Process): number {
  return doRemove(k, p, byFd(p), arg(p.cpu, 1));
}
