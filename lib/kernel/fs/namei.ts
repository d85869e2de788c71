/**
 * Path resolution (Linux namei): walk a path component by component from
 * the root, the working directory or a directory descriptor, crossing
 * mounts, following symlinks (at most 40 per resolution), checking search
 * permission on every directory, and reporting the final component apart
 * so callers can create, remove or rename it.
 * @module
 */

import { FsKind, type Inode } from "./inode.ts";
import { PROC_CWD, PROC_EXE, PROC_FD, PROC_ROOTLINK } from "./procfs.ts";
import type { Vfs } from "./vfs.ts";
import { followTarget, linkText, lookupChild } from "./fsops.ts";
import { MAY_EXEC, permitted } from "./perm.ts";
import { type Credentials, type Process, rootCredentials } from "../process.ts";
import { EACCES, EBADF, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, EXDEV, fail } from "../errno.ts";

/** *at() conventions. */
export const AT_FDCWD = -100,
  AT_SYMLINK_NOFOLLOW = 0x100,
  AT_REMOVEDIR = 0x200,
  AT_EACCESS = 0x200,
  AT_SYMLINK_FOLLOW = 0x400,
  AT_NO_AUTOMOUNT = 0x800,
  AT_EMPTY_PATH = 0x1000,
  AT_STATX_SYNC_TYPE = 0x6000;
/** Longest name component, and the symlink budget of one resolution. */
export const NAME_MAX = 255, MAXSYMLINKS = 40;
/** openat2 RESOLVE_* flags. */
export const RESOLVE_NO_XDEV = 0x01,
  RESOLVE_NO_MAGICLINKS = 0x02,
  RESOLVE_NO_SYMLINKS = 0x04,
  RESOLVE_BENEATH = 0x08,
  RESOLVE_IN_ROOT = 0x10,
  RESOLVE_CACHED = 0x20;

/** Where a path led: the directory holding the last component, its name, and the node if it exists. */
export interface Lookup {
  parent: Inode;
  /** Last component ("." for "/"); "." and ".." are reported as such. */
  name: string;
  inode: Inode | null;
  /** The path ended with "/" (the result must be a directory). */
  slash: boolean;
  /** Set when the last step was a procfs "magic" link: its text (the name of what it leads to). */
  magic?: string;
}

/** Credentials used when the kernel itself resolves a path (no process): root. */
const KERNEL_CRED: Credentials = rootCredentials();

/** Follow mounts stacked on a directory. */
export function crossMounts(n: Inode): Inode {
  while (n.mounted !== null) n = n.mounted;
  return n;
}

/** Is `n` one of procfs's "magic" links (exe, cwd, root, fd/N), which jump rather than resolve text? */
function isMagic(n: Inode): boolean {
  const k = n.procKind;
  return n.fs.kind === FsKind.Proc &&
    (k === PROC_EXE || k === PROC_CWD || k === PROC_ROOTLINK || k === PROC_FD);
}

class Walk {
  links = 0;
  constructor(
    readonly vfs: Vfs,
    readonly proc: Process | null,
    /** openat2 RESOLVE_* flags. */
    readonly flags = 0,
    /** RESOLVE_BENEATH / RESOLVE_IN_ROOT: the directory the walk must stay under. */
    readonly scope: Inode | null = null,
  ) {}

  /** RESOLVE_NO_XDEV: moving from `from` to `to` must not cross a mount. */
  sameMount(from: Inode, to: Inode): void {
    if ((this.flags & RESOLVE_NO_XDEV) !== 0 && from.fs !== to.fs) fail(EXDEV);
  }

  get cred(): Credentials {
    return this.proc?.cred ?? KERNEL_CRED;
  }

  get root(): Inode {
    return this.proc?.root ?? this.vfs.root;
  }

  /** ".." of `dir`, staying at the process root and climbing out of mounted roots. */
  parentOf(dir: Inode): Inode {
    let d = dir;
    for (;;) {
      if (d === this.root) return d;
      if (d.covers === null) break;
      d = d.covers;
    }
    return d.parent === null ? d : crossMounts(d.parent);
  }

  /** `dir` must be a directory we may search. */
  searchable(dir: Inode): void {
    if (!dir.isDir()) fail(ENOTDIR);
    if (!permitted(this.cred, dir, MAY_EXEC)) fail(EACCES);
  }

  child(dir: Inode, name: string): Inode | null {
    if (name === ".") return dir;
    if (name === "..") {
      if (dir === this.scope) {
        if ((this.flags & RESOLVE_BENEATH) !== 0) fail(EXDEV);
        return dir;
      }
      const up = this.parentOf(dir);
      this.sameMount(dir, up);
      return up;
    }
    if (name.length > NAME_MAX) fail(ENAMETOOLONG);
    const n = lookupChild(this.vfs, dir, name);
    if (n === null) return null;
    const m = crossMounts(n);
    this.sameMount(dir, m);
    return m;
  }

  follow(dir: Inode, link: Inode, slash: boolean): Lookup {
    if ((this.flags & RESOLVE_NO_SYMLINKS) !== 0) fail(ELOOP);
    if (isMagic(link)) {
      if ((this.flags & RESOLVE_NO_MAGICLINKS) !== 0) fail(ELOOP);
      if (this.scope !== null) fail(EXDEV);
    }
    if (++this.links > MAXSYMLINKS) fail(ELOOP);
    const t = followTarget(this.vfs, this.proc, link);
    if (typeof t !== "string") {
      this.sameMount(dir, t);
      const magic = linkText(this.vfs, this.proc, link);
      return { parent: t.parent ?? this.root, name: t.name, inode: t, slash, magic };
    }
    if (t === "") fail(ENOENT);
    const r = this.walk(dir, t, true);
    return slash && !r.slash ? { ...r, slash: true } : r;
  }

  walk(base: Inode, path: string, follow: boolean): Lookup {
    if (path.length === 0) fail(ENOENT);
    let dir = base;
    if (path.charCodeAt(0) === 47) {
      if ((this.flags & RESOLVE_BENEATH) !== 0) fail(EXDEV);
      dir = this.scope ?? this.root;
      this.sameMount(base, dir);
    }
    const parts = path.split("/");
    let last = parts.length - 1;
    while (last >= 0 && parts[last] === "") last--;
    const slash = last < parts.length - 1;
    if (last < 0) return { parent: dir, name: ".", inode: dir, slash: true };
    for (let i = 0; i < last; i++) {
      const part = parts[i];
      if (part === "") continue;
      this.searchable(dir);
      let n = this.child(dir, part);
      if (n === null) fail(ENOENT);
      if (n.isLink()) n = this.follow(dir, n, true).inode ?? fail(ENOENT);
      dir = n;
    }
    this.searchable(dir);
    const name = parts[last];
    const inode = this.child(dir, name);
    if (inode !== null && inode.isLink() && (follow || slash)) {
      return this.follow(dir, inode, slash);
    }
    return { parent: dir, name, inode, slash };
  }
}

/**
 * Resolve `path` relative to `base` (used when it is relative). `follow`
 * says whether a symlink in the last position is followed. The last
 * component need not exist.
 */
export function resolve(
  vfs: Vfs,
  proc: Process | null,
  base: Inode,
  path: string,
  follow: boolean,
  resolveFlags = 0,
): Lookup {
  const scoped = (resolveFlags & (RESOLVE_BENEATH | RESOLVE_IN_ROOT)) !== 0;
  return new Walk(vfs, proc, resolveFlags, scoped ? base : null).walk(base, path, follow);
}

/** Resolve to an existing node (ENOENT if missing, ENOTDIR for "file/"). */
export function resolveNode(
  vfs: Vfs,
  proc: Process | null,
  base: Inode,
  path: string,
  follow: boolean,
): Inode {
  const r = resolve(vfs, proc, base, path, follow);
  if (r.inode === null) fail(ENOENT);
  if (r.slash && !r.inode.isDir()) fail(ENOTDIR);
  return r.inode;
}

/** The directory a relative path starts from: the cwd for AT_FDCWD, else the directory open as `dirfd`. */
export function atBase(proc: Process, dirfd: number, path: string): Inode {
  if (path.charCodeAt(0) === 47) return proc.root;
  if (dirfd === AT_FDCWD) return proc.cwd;
  const e = proc.fds.get(dirfd);
  if (e === undefined) fail(EBADF);
  if (path.length === 0) return e.file.inode;
  if (!e.file.inode.isDir()) fail(ENOTDIR);
  return e.file.inode;
}
