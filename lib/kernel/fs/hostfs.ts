/**
 * Host directories mounted into the guest, through Deno's synchronous fs API.
 *
 * Confinement: every guest path is resolved component by component inside
 * the guest namespace; a host path is only ever built from the mount's real
 * root plus names that were each looked up (lstat) as directories. Host
 * symlinks are never followed by the host: their targets are resolved by the
 * guest's resolver and refused (EACCES) when they point outside the mount.
 * New files never get setuid/setgid bits on the host.
 * @module
 */

import { type FileSystem, Inode, S_IFDIR, S_IFMT } from "./inode.ts";
import { binToHost, hostToBin } from "./bytes.ts";
import { EACCES, EIO, ENOENT, ENOTDIR, Errno, errnoByName, fail } from "../errno.ts";

/** Convert a host exception to the guest errno it stands for. */
export function hostErrno(e: unknown): Errno {
  if (e instanceof Errno) return e;
  const code = (e as { code?: unknown })?.code;
  const n = typeof code === "string" ? errnoByName(code) : 0;
  if (n !== 0) return new Errno(n);
  if (e instanceof Deno.errors.NotFound) return new Errno(ENOENT);
  if (e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotCapable) {
    return new Errno(EACCES);
  }
  return new Errno(EIO);
}

/** Run a host operation, turning host errors into guest errnos. */
function host<T>(op: () => T): T {
  try {
    return op();
  } catch (e) {
    throw hostErrno(e);
  }
}

/** The root inode of a host directory mounted through `fs` (whose hostRoot is a real path). */
export function hostRootInode(fs: FileSystem): Inode {
  const info = host(() => Deno.statSync(fs.hostRoot));
  if (!info.isDirectory) throw new Error(`mount source ${fs.hostRoot} is not a directory`);
  const n = new Inode(fs, fs.nextIno++, S_IFDIR | 0o755);
  n.entries = new Map();
  apply(n, info);
  return n;
}

/** Canonical host path of a mount source (symlinks resolved). */
export function realHostDir(path: string): string {
  return host(() => Deno.realPathSync(path));
}

/** Host path of a host node. */
export function hostPath(n: Inode): string {
  const parts: string[] = [];
  let cur = n;
  while (cur.covers === null && cur.parent !== null) {
    parts.push(binToHost(cur.name));
    cur = cur.parent;
  }
  return parts.length === 0 ? n.fs.hostRoot : `${n.fs.hostRoot}/${parts.reverse().join("/")}`;
}

function toTime(d: Date | null): [number, number] {
  const ms = d === null ? 0 : d.getTime();
  const sec = Math.floor(ms / 1000);
  return [sec, (ms - sec * 1000) * 1e6];
}

/** Copy host attributes into a node. Ownership is shown as root: the guest is root. */
function apply(n: Inode, info: Deno.FileInfo): void {
  n.mode = info.mode ?? n.mode;
  n.nlink = info.nlink ?? 1;
  n.size = info.size;
  n.blocks = info.blocks ?? Math.ceil(info.size / 512);
  [n.atimeS, n.atimeN] = toTime(info.atime);
  [n.mtimeS, n.mtimeN] = toTime(info.mtime);
  [n.ctimeS, n.ctimeN] = toTime(info.ctime ?? info.mtime);
  [n.btimeS, n.btimeN] = toTime(info.birthtime ?? info.mtime);
}

/** Re-read a node's attributes from the host (before stat); a vanished file keeps its last ones. */
export function hostRefresh(n: Inode): void {
  try {
    apply(n, Deno.lstatSync(hostPath(n)));
  } catch { /* unlinked on the host while open: keep what we knew */ }
}

/** Look up `name` in host directory `dir`; null if it does not exist. */
export function hostLookup(dir: Inode, name: string): Inode | null {
  const cache = dir.entries!;
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(`${hostPath(dir)}/${binToHost(name)}`);
  } catch (e) {
    const err = hostErrno(e);
    if (err.errno === ENOENT || err.errno === ENOTDIR) {
      cache.delete(name);
      return null;
    }
    throw err;
  }
  const fs = dir.fs;
  const key = `${info.dev}:${info.ino}`;
  let ino = fs.hostInos.get(key);
  if (ino === undefined) {
    ino = fs.nextIno++;
    fs.hostInos.set(key, ino);
  }
  let n = cache.get(name);
  if (n === undefined || n.ino !== ino) {
    n = new Inode(fs, ino, info.mode ?? 0);
    n.parent = dir;
    n.name = name;
    if (((info.mode ?? 0) & S_IFMT) === S_IFDIR) n.entries = new Map();
    cache.set(name, n);
  }
  apply(n, info);
  return n;
}

/** Names in host directory `dir`, sorted bytewise so listings are reproducible. */
export function hostList(dir: Inode): string[] {
  const names = host(() => [...Deno.readDirSync(hostPath(dir))].map((e) => hostToBin(e.name)));
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Read up to `len` bytes at `pos` of a host file. */
export function hostRead(n: Inode, pos: number, len: number): Uint8Array {
  n.fs.readNodes.add(n);
  return host(() => {
    using f = Deno.openSync(hostPath(n), { read: true });
    f.seekSync(pos, Deno.SeekMode.Start);
    const buf = new Uint8Array(len);
    let got = 0;
    while (got < len) {
      const k = f.readSync(buf.subarray(got));
      if (k === null || k === 0) break;
      got += k;
    }
    return buf.subarray(0, got);
  });
}

/** Write `data` at `pos` of a host file. */
export function hostWrite(n: Inode, pos: number, data: Uint8Array): void {
  host(() => {
    using f = Deno.openSync(hostPath(n), { write: true });
    f.seekSync(pos, Deno.SeekMode.Start);
    let done = 0;
    while (done < data.length) done += f.writeSync(data.subarray(done));
  });
  hostRefresh(n);
}

/** Set the length of a host file. */
export function hostTruncate(n: Inode, len: number): void {
  host(() => Deno.truncateSync(hostPath(n), len));
  hostRefresh(n);
}

function childPath(dir: Inode, name: string): string {
  return `${hostPath(dir)}/${binToHost(name)}`;
}

/** Look up a node that an operation just created (it must exist now). */
function created(dir: Inode, name: string): Inode {
  return hostLookup(dir, name) ?? fail(EIO);
}

/** Create an empty regular file. */
export function hostCreate(dir: Inode, name: string, mode: number): Inode {
  const p = childPath(dir, name);
  host(() => {
    Deno.openSync(p, { write: true, createNew: true, mode: mode & 0o1777 }).close();
    Deno.chmodSync(p, mode & 0o1777);
  });
  return created(dir, name);
}

/** Create a directory. */
export function hostMkdir(dir: Inode, name: string, mode: number): Inode {
  const p = childPath(dir, name);
  host(() => {
    Deno.mkdirSync(p, { mode: mode & 0o1777 });
    Deno.chmodSync(p, mode & 0o1777);
  });
  return created(dir, name);
}

/** Create a symlink (the target is stored verbatim). */
export function hostSymlink(dir: Inode, name: string, target: string): Inode {
  host(() => Deno.symlinkSync(binToHost(target), childPath(dir, name)));
  return created(dir, name);
}

/** Add a hard link to `n` in `dir`. */
export function hostLink(n: Inode, dir: Inode, name: string): void {
  host(() => Deno.linkSync(hostPath(n), childPath(dir, name)));
  created(dir, name);
  hostRefresh(n);
}

/** Remove a non-directory or an empty directory. */
export function hostRemove(dir: Inode, name: string): void {
  host(() => Deno.removeSync(childPath(dir, name)));
  dir.entries!.delete(name);
}

/** Rename within one host mount (rename(2) semantics, replacing the target). */
export function hostRename(odir: Inode, oname: string, ndir: Inode, nname: string): void {
  host(() => Deno.renameSync(childPath(odir, oname), childPath(ndir, nname)));
  const n = odir.entries!.get(oname);
  odir.entries!.delete(oname);
  ndir.entries!.delete(nname);
  if (n !== undefined) {
    n.parent = ndir;
    n.name = nname;
    ndir.entries!.set(nname, n);
  }
}

/** chmod on the host (setuid/setgid never reach the host). */
export function hostChmod(n: Inode, mode: number): void {
  host(() => Deno.chmodSync(hostPath(n), mode & 0o1777));
  hostRefresh(n);
}

/** Set access and modification times (seconds, fractional). */
export function hostUtimes(n: Inode, atime: number, mtime: number): void {
  host(() => Deno.utimeSync(hostPath(n), atime, mtime));
  hostRefresh(n);
}

/** A host symlink's text. */
export function hostReadlink(n: Inode): string {
  return hostToBin(host(() => Deno.readLinkSync(hostPath(n))));
}

/** Lexically normalize an absolute host path. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

/**
 * The guest path to follow for host symlink `n`: relative targets as they
 * are, absolute ones translated from host to guest (given the mount's guest
 * path, a binary string). Fails with EACCES if the target lies outside the mount.
 */
export function hostFollow(n: Inode, mountGuestPath: string): string {
  const target = host(() => Deno.readLinkSync(hostPath(n)));
  const root = n.fs.hostRoot;
  const abs = normalize(target.startsWith("/") ? target : `${hostPath(n.parent!)}/${target}`);
  const inside = root === "/" || abs === root || abs.startsWith(root + "/");
  if (!inside) fail(EACCES);
  if (!target.startsWith("/")) return hostToBin(target);
  const rest = root === "/" ? abs : abs.slice(root.length);
  return (mountGuestPath.replace(/\/$/, "") + hostToBin(rest)) || "/";
}
