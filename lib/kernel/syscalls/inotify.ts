/**
 * inotify_init, inotify_init1, inotify_add_watch and inotify_rm_watch:
 * watching the guest's file tree for changes made by the guest itself
 * (lib/kernel/fs/inotify.ts); a host directory's changes by others are not seen.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { O_CLOEXEC, O_NONBLOCK, O_RDONLY, OpenFile } from "../fd_table.ts";
import { IN_ALL_EVENTS, IN_ONESHOT, Inotify, InotifyWatch } from "../fs/inotify.ts";
import { AT_FDCWD, atBase, resolveNode } from "../fs/namei.ts";
import { checkPermission, MAY_READ } from "../fs/perm.ts";
import { arg, argInt, readPath } from "./uaccess.ts";
import { installFd } from "./common.ts";
import { EBADF, EEXIST, EINVAL, ENOTDIR, fail } from "../errno.ts";

/** inotify_add_watch flags. */
const IN_ONLYDIR = 0x1000000, IN_DONT_FOLLOW = 0x2000000, IN_EXCL_UNLINK = 0x4000000;
const IN_MASK_CREATE = 0x10000000, IN_MASK_ADD = 0x20000000;
/** Every bit a watch mask may hold. */
const ALL_BITS = IN_ALL_EVENTS | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK | IN_MASK_CREATE |
  IN_MASK_ADD | 0x40000000 | IN_ONESHOT;

function init(k: Kernel, p: Process, flags: number): number {
  if ((flags & ~(O_CLOEXEC | O_NONBLOCK)) !== 0) fail(EINVAL);
  const n = k.vfs.newInode(k.vfs.anonFs, 0o600, p.cred.fsuid, p.cred.fsgid);
  n.inotify = new Inotify(n);
  const f = new OpenFile(n, O_RDONLY | (flags & O_NONBLOCK), "anon_inode:inotify");
  return installFd(p, f, (flags & O_CLOEXEC) !== 0);
}

/** inotify_init() */
export function sysInotifyInit(k: Kernel, p: Process): number {
  return init(k, p, 0);
}

/** inotify_init1(flags) */
export function sysInotifyInit1(k: Kernel, p: Process): number {
  return init(k, p, argInt(p.cpu, 0));
}

/** The inotify instance open as `fd` (EBADF, or EINVAL for another kind of file). */
function instanceOf(p: Process, fd: number): Inotify {
  const e = p.fds.get(fd) ?? fail(EBADF);
  return e.file.inode.inotify ?? fail(EINVAL);
}

/** inotify_add_watch(fd, path, mask): a new watch descriptor, or the one the node already has. */
export function sysInotifyAddWatch(k: Kernel, p: Process): number {
  const mask = argInt(p.cpu, 2) >>> 0;
  if ((mask & IN_ALL_EVENTS) === 0 || (mask & ~ALL_BITS) !== 0) fail(EINVAL);
  if ((mask & IN_MASK_ADD) !== 0 && (mask & IN_MASK_CREATE) !== 0) fail(EINVAL);
  const ino = instanceOf(p, argInt(p.cpu, 0));
  const path = readPath(p.mem, arg(p.cpu, 1));
  const n = resolveNode(k.vfs, p, atBase(p, AT_FDCWD, path), path, (mask & IN_DONT_FOLLOW) === 0);
  if ((mask & IN_ONLYDIR) !== 0 && !n.isDir()) fail(ENOTDIR);
  checkPermission(p.cred, n, MAY_READ);
  const keep = IN_ALL_EVENTS | IN_ONESHOT | IN_EXCL_UNLINK;
  const old = ino.watches.find((w) => w.inode === n);
  if (old !== undefined) {
    if ((mask & IN_MASK_CREATE) !== 0) fail(EEXIST);
    old.mask = (mask & IN_MASK_ADD) !== 0 ? (old.mask | mask) & keep : mask & keep;
    return old.wd;
  }
  const w = new InotifyWatch(ino.nextWd++, n, mask & keep, ino);
  ino.watches.push(w);
  (n.watches ??= []).push(w);
  return w.wd;
}

/** inotify_rm_watch(fd, wd): the watch goes, with an IN_IGNORED event. */
export function sysInotifyRmWatch(_k: Kernel, p: Process): number {
  const ino = instanceOf(p, argInt(p.cpu, 0));
  const wd = argInt(p.cpu, 1);
  const w = ino.watches.find((x) => x.wd === wd) ?? fail(EINVAL);
  ino.drop(w);
  return 0;
}
