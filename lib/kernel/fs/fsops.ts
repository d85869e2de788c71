/**
 * Node operations, dispatched on the file system kind: memory (tmpfs),
 * host directories, procfs. Callers have already resolved names and checked
 * permissions; these only carry out the change with each file system's rules.
 * @module
 */

import {
  fsnotify,
  fsnotifyEntry,
  fsnotifyGone,
  fsnotifyNode,
  IN_ACCESS,
  IN_ATTRIB,
  IN_CREATE,
  IN_DELETE,
  IN_MODIFY,
  IN_MOVE_SELF,
  IN_MOVED_FROM,
  IN_MOVED_TO,
} from "./inotify.ts";
import { FsKind, type Inode, S_IFDIR, S_IFMT, S_IFREG, S_ISGID } from "./inode.ts";
import { readMem, truncateMem, type Vfs, writeMem } from "./vfs.ts";
import {
  hostChmod,
  hostCreate,
  hostFollow,
  hostLink,
  hostList,
  hostLookup,
  hostMkdir,
  hostRead,
  hostReadlink,
  hostRefresh,
  hostRemove,
  hostRename,
  hostSymlink,
  hostTruncate,
  hostUtimes,
  hostWrite,
} from "./hostfs.ts";
import { unmapFilePages } from "./file_mappings.ts";
import { procList, procLookup, procMagicTarget, procReadlink } from "./procfs.ts";
import type { Credentials, Process } from "../process.ts";
import { EIO, ENOENT, EPERM, fail } from "../errno.ts";

/** The child `name` of directory `dir` (not "." or ".."), or null. Mounts are not crossed here. */
export function lookupChild(vfs: Vfs, dir: Inode, name: string): Inode | null {
  switch (dir.fs.kind) {
    case FsKind.Mem:
      return dir.entries!.get(name) ?? null;
    case FsKind.Host:
      return hostLookup(dir, name);
    case FsKind.Proc:
      return procLookup(vfs, dir, name);
    default:
      return null;
  }
}

/**
 * The entries of directory `dir` other than "." and "..", in listing order:
 * newest first for memory directories, as tmpfs lists them.
 */
export function listChildren(vfs: Vfs, dir: Inode): [string, Inode][] {
  if (dir.fs.kind === FsKind.Mem) return [...dir.entries!].reverse();
  const names = dir.fs.kind === FsKind.Host ? hostList(dir) : procList(vfs, dir);
  const out: [string, Inode][] = [];
  for (const name of names) {
    const n = lookupChild(vfs, dir, name);
    if (n !== null) out.push([name, n]);
  }
  return out;
}

/** Is directory `dir` empty? */
export function isEmptyDir(vfs: Vfs, dir: Inode): boolean {
  if (dir.fs.kind === FsKind.Mem) return dir.entries!.size === 0;
  return listChildren(vfs, dir).length === 0;
}

/** The text of symlink `n` (what readlink returns). */
export function linkText(vfs: Vfs, caller: Process | null, n: Inode): string {
  if (n.fs.kind === FsKind.Host) return hostReadlink(n);
  if (n.fs.kind === FsKind.Proc) return procReadlink(vfs, caller, n);
  return n.target;
}

/**
 * How to follow symlink `n`: either a node to jump to (procfs "magic" links
 * such as /proc/self/fd/N) or a path to resolve from the link's directory.
 */
export function followTarget(vfs: Vfs, caller: Process | null, n: Inode): Inode | string {
  if (n.fs.kind === FsKind.Proc) {
    const magic = procMagicTarget(vfs, n);
    if (magic !== null) return magic;
    const text = procReadlink(vfs, caller, n);
    return text === "" ? fail(ENOENT) : text;
  }
  if (n.fs.kind === FsKind.Host) return hostFollow(n, vfs.pathOf(vfs.mountOf(n).root));
  return n.target;
}

/** Refresh attributes that live elsewhere (host files) before reporting them. */
export function refresh(n: Inode): void {
  if (n.fs.kind === FsKind.Host) hostRefresh(n);
}

/** Read up to `len` bytes at `pos` of a regular file. */
export function readData(n: Inode, pos: number, len: number): Uint8Array {
  if (n.fs.kind === FsKind.Host) return hostRead(n, pos, len);
  if (n.pages === null) fail(EIO);
  return readMem(n, pos, len);
}

/** Write `data` at `pos` of a regular file. */
export function writeData(vfs: Vfs, n: Inode, pos: number, data: Uint8Array): void {
  if (n.fs.kind === FsKind.Host) hostWrite(n, pos, data);
  else {
    writeMem(n, pos, data);
    vfs.touchModify(n);
  }
}

/**
 * Set the length of a regular file. Mappings of a memory file lose the pages
 * past the new end (touching them then raises SIGBUS).
 */
export function truncateData(vfs: Vfs, n: Inode, len: number): void {
  if (n.fs.kind === FsKind.Host) hostTruncate(n, len);
  else {
    if (len < n.size) unmapFilePages(vfs.procs.values(), n, Math.ceil(len / 4096), Infinity, true);
    truncateMem(n, len);
    vfs.touchModify(n);
  }
  fsnotifyNode(n, IN_MODIFY, null, "");
}

/** Owner and group of a new node in `dir` (BSD group semantics under a setgid directory). */
function newOwner(cred: Credentials, dir: Inode): [number, number] {
  return [cred.fsuid, (dir.mode & S_ISGID) !== 0 ? dir.gid : cred.fsgid];
}

/**
 * A directory removed while it is still open or someone's working directory
 * is dead (IS_DEADDIR in Linux): nothing can be created or linked in it (ENOENT).
 */
function refuseDeadDir(dir: Inode): void {
  if (dir.nlink === 0) fail(ENOENT);
}

/** Create a non-directory node (regular file, FIFO, device, socket) named `name` in `dir`. */
export function createNode(
  vfs: Vfs,
  cred: Credentials,
  dir: Inode,
  name: string,
  mode: number,
  rdev = 0,
): Inode {
  refuseDeadDir(dir);
  if (dir.fs.kind === FsKind.Host) {
    if ((mode & S_IFMT) !== S_IFREG) fail(EPERM);
    return created(dir, name, hostCreate(dir, name, mode));
  }
  if (dir.fs.kind !== FsKind.Mem) fail(ENOENT);
  const [uid, gid] = newOwner(cred, dir);
  const n = vfs.newInode(dir.fs, mode, uid, gid);
  n.rdev = rdev;
  vfs.link(dir, name, n);
  return created(dir, name, n);
}

/** Create directory `name` in `dir`. */
export function makeDir(
  vfs: Vfs,
  cred: Credentials,
  dir: Inode,
  name: string,
  mode: number,
): Inode {
  refuseDeadDir(dir);
  if (dir.fs.kind === FsKind.Host) return created(dir, name, hostMkdir(dir, name, mode));
  if (dir.fs.kind !== FsKind.Mem) fail(ENOENT);
  const [uid, gid] = newOwner(cred, dir);
  const setgid = dir.mode & S_ISGID;
  return created(dir, name, vfs.mkdir(dir, name, (mode & 0o7777) | setgid, uid, gid));
}

/** Create symlink `name` -> `target` in `dir`. */
export function makeSymlink(
  vfs: Vfs,
  cred: Credentials,
  dir: Inode,
  name: string,
  target: string,
): Inode {
  refuseDeadDir(dir);
  if (dir.fs.kind === FsKind.Host) return created(dir, name, hostSymlink(dir, name, target));
  if (dir.fs.kind !== FsKind.Mem) fail(ENOENT);
  const [uid, gid] = newOwner(cred, dir);
  return created(dir, name, vfs.symlink(dir, name, target, uid, gid));
}

/** Add hard link `name` in `dir` to existing node `n` (same file system). */
export function addLink(vfs: Vfs, dir: Inode, name: string, n: Inode): void {
  refuseDeadDir(dir);
  if (dir.fs.kind === FsKind.Host) hostLink(n, dir, name);
  else {
    if (dir.fs.kind !== FsKind.Mem) fail(ENOENT);
    n.nlink++;
    vfs.touchChange(n);
    vfs.link(dir, name, n);
  }
  fsnotify(n, IN_ATTRIB, null, ""); // the link count changed: the node's own watches only
  fsnotifyEntry(dir, IN_CREATE, name, n);
}

/** Remove entry `name` (node `n`) from `dir`. */
export function removeEntry(vfs: Vfs, dir: Inode, name: string, n: Inode): void {
  if (dir.fs.kind === FsKind.Host) {
    hostRemove(dir, name);
    if ((n.mode & S_IFMT) === S_IFDIR) n.nlink = 0;
    else hostRefresh(n);
  } else {
    if (dir.fs.kind !== FsKind.Mem) fail(EPERM);
    vfs.unlink(dir, name, n);
  }
  removed(dir, name, n);
}

/**
 * Move entry `oname` (node `n`) of `odir` to `nname` in `ndir`, replacing
 * `victim` if given. Both directories are on the same file system.
 */
export function moveEntry(
  vfs: Vfs,
  odir: Inode,
  oname: string,
  ndir: Inode,
  nname: string,
  n: Inode,
  victim: Inode | null,
): void {
  refuseDeadDir(ndir);
  if (odir.fs.kind === FsKind.Host) {
    hostRename(odir, oname, ndir, nname);
    if (victim !== null && victim.isDir()) victim.nlink = 0;
  } else {
    if (odir.fs.kind !== FsKind.Mem) fail(EPERM);
    if (victim !== null) vfs.unlink(ndir, nname, victim);
    odir.entries!.delete(oname);
    if (n.isDir()) odir.nlink--;
    vfs.touchModify(odir);
    vfs.link(ndir, nname, n);
    vfs.touchChange(n);
  }
  const cookie = ++vfs.moveCookie;
  fsnotifyEntry(odir, IN_MOVED_FROM, oname, n, cookie);
  fsnotifyEntry(ndir, IN_MOVED_TO, nname, n, cookie);
  fsnotify(n, IN_MOVE_SELF, null, "");
  if (victim !== null && (victim.isDir() || victim.nlink === 0)) fsnotifyGone(victim);
}

/** Store a new mode (type bits kept). */
export function setMode(vfs: Vfs, n: Inode, mode: number): void {
  if (n.fs.kind === FsKind.Host) hostChmod(n, mode);
  else {
    n.mode = (n.mode & S_IFMT) | (mode & 0o7777);
    vfs.touchChange(n);
  }
  fsnotifyNode(n, IN_ATTRIB, null, "");
}

/** Set access and modification times; null leaves one unchanged. */
export function setTimes(
  vfs: Vfs,
  n: Inode,
  atime: [number, number] | null,
  mtime: [number, number] | null,
): void {
  if (n.fs.kind === FsKind.Host) {
    const a = atime ?? [n.atimeS, n.atimeN];
    const m = mtime ?? [n.mtimeS, n.mtimeN];
    hostUtimes(n, a[0] + a[1] / 1e9, m[0] + m[1] / 1e9);
  } else {
    if (atime !== null) [n.atimeS, n.atimeN] = atime;
    if (mtime !== null) [n.mtimeS, n.mtimeN] = mtime;
    vfs.touchChange(n);
  }
  // Linux's fsnotify_change: both times (utimes) is IN_ATTRIB, only one is an access or a modify.
  if (atime === null && mtime === null) return;
  const mask = atime !== null && mtime !== null
    ? IN_ATTRIB
    : atime !== null
    ? IN_ACCESS
    : IN_MODIFY;
  fsnotifyNode(n, mask, null, "");
}

/** A node was created as entry `name` of `dir`: tell the directory's watches. */
function created(dir: Inode, name: string, n: Inode): Inode {
  fsnotifyEntry(dir, IN_CREATE, name, n);
  return n;
}

/**
 * Entry `name` (node `n`) left `dir`: a file's link count changed; a node
 * with no links left is gone; the directory's watches hear of the deletion.
 */
function removed(dir: Inode, name: string, n: Inode): void {
  if (!n.isDir()) fsnotify(n, IN_ATTRIB, null, "");
  if (n.isDir() || n.nlink === 0) fsnotifyGone(n);
  fsnotifyEntry(dir, IN_DELETE, name, n);
}
