/**
 * The virtual file system: the mounted file systems, the initial tree
 * (/, /tmp, /dev, /proc, /etc, ...), inode creation, and the in-memory
 * (tmpfs) primitives that link and unlink directory entries.
 *
 * The current virtual time is pushed in by the kernel at each system call
 * (`nowS`/`nowN`) so that every timestamp derives from the guest's clock.
 * @module
 */

import { FileSystem, FsKind, Inode, makedev, S_IFCHR, S_IFDIR, S_IFLNK, S_IFREG } from "./inode.ts";
import { DEV_PTMX, DEV_TTY, DEVICES } from "./devices.ts";
import { PROC_ROOT } from "./procfs.ts";
import { EPOCH_SEC } from "../time.ts";
import type { Process } from "../process.ts";
import { dropCodeOver } from "../../exec/memory.ts";

/** statfs f_type values. */
export const TMPFS_MAGIC = 0x01021994,
  PROC_SUPER_MAGIC = 0x9fa0,
  PIPEFS_MAGIC = 0x50495045,
  DEVPTS_SUPER_MAGIC = 0x1cd1,
  ANON_INODE_FS_MAGIC = 0x09041934,
  SOCKFS_MAGIC = 0x534f434b,
  V9FS_MAGIC = 0x01021997;

/** A mounted file system and where it is mounted. */
export interface Mount {
  fs: FileSystem;
  root: Inode;
  /** Guest path of the mount point. */
  path: string;
  /** Mount id (statx stx_mnt_id, /proc/self/mountinfo). */
  id: number;
}

/** Text of the initial /etc files (a minimal root-only system). */
const ETC_FILES: readonly [string, string][] = [
  ["passwd", "root:x:0:0:root:/root:/bin/sh\n"],
  ["group", "root:x:0:\n"],
  ["hostname", "linuxvm\n"],
  ["hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost\n"],
];

/** The file tree of one machine. */
export class Vfs {
  /** Current virtual wall-clock time, set by the kernel on each system call. */
  nowS = EPOCH_SEC;
  nowN = 0;
  /** The last cookie pairing an IN_MOVED_FROM with its IN_MOVED_TO (lib/kernel/fs/inotify.ts). */
  moveCookie = 0;
  /** Processes by pid, for /proc. */
  readonly procs: Map<number, Process> = new Map();
  readonly mounts: Mount[] = [];
  readonly rootFs: FileSystem = new FileSystem(
    FsKind.Mem,
    "tmpfs",
    makedev(0, 26),
    TMPFS_MAGIC,
    false,
  );
  readonly devFs: FileSystem = new FileSystem(
    FsKind.Mem,
    "devtmpfs",
    makedev(0, 5),
    TMPFS_MAGIC,
    false,
  );
  readonly procFs: FileSystem = new FileSystem(
    FsKind.Proc,
    "proc",
    makedev(0, 22),
    PROC_SUPER_MAGIC,
    false,
  );
  /** Anonymous pipes. */
  readonly pipeFs: FileSystem = new FileSystem(
    FsKind.Pipe,
    "pipefs",
    makedev(0, 13),
    PIPEFS_MAGIC,
    false,
  );
  /** Anonymous inodes (eventfd). */
  readonly anonFs: FileSystem = new FileSystem(
    FsKind.Pipe,
    "anon_inodefs",
    makedev(0, 14),
    ANON_INODE_FS_MAGIC,
    false,
  );
  /** Socket inodes. */
  readonly sockFs: FileSystem = new FileSystem(
    FsKind.Pipe,
    "sockfs",
    makedev(0, 8),
    SOCKFS_MAGIC,
    false,
  );
  /** devpts, mounted on /dev/pts: the host console when it is a terminal (/dev/pts/0) and the pseudo-terminals. */
  readonly ptsFs: FileSystem = new FileSystem(
    FsKind.Mem,
    "devpts",
    makedev(0, 24),
    DEVPTS_SUPER_MAGIC,
    false,
  );
  readonly root: Inode;
  /** /dev/pts, and the device nodes /dev/ptmx and /dev/tty (which opens stand in for). */
  readonly ptsRoot: Inode;
  readonly ptmxNode: Inode;
  readonly ttyNode: Inode;

  constructor() {
    this.root = this.newInode(this.rootFs, S_IFDIR | 0o755);
    this.mounts.push({ fs: this.rootFs, root: this.root, path: "/", id: 1 });
    for (const d of ["bin", "etc", "home", "usr", "var"]) this.mkdir(this.root, d, 0o755);
    this.mkdir(this.root, "root", 0o700);
    this.mkdir(this.root, "tmp", 0o1777);
    const etc = this.root.entries!.get("etc")!;
    for (const [name, text] of ETC_FILES) {
      this.addFile(etc, name, new TextEncoder().encode(text), 0o644);
    }
    // sysfs is not emulated; glibc's get_nprocs() reads this one file.
    let cpu = this.root;
    for (const d of ["sys", "devices", "system", "cpu"]) cpu = this.mkdir(cpu, d, 0o755);
    for (const f of ["online", "possible", "present"]) {
      this.addFile(cpu, f, new TextEncoder().encode("0\n"), 0o444);
    }

    const dev = this.newInode(this.devFs, S_IFDIR | 0o755);
    for (const [name, rdev] of DEVICES) this.addDevice(dev, name, rdev, 0o666);
    this.ttyNode = this.addDevice(dev, "tty", DEV_TTY, 0o666);
    this.ptmxNode = this.addDevice(dev, "ptmx", DEV_PTMX, 0o666);
    this.mkdir(dev, "shm", 0o1777);
    this.symlink(dev, "fd", "/proc/self/fd");
    this.symlink(dev, "stdin", "/proc/self/fd/0");
    this.symlink(dev, "stdout", "/proc/self/fd/1");
    this.symlink(dev, "stderr", "/proc/self/fd/2");
    this.mount("/dev", this.devFs, dev);
    this.ptsRoot = this.newInode(this.ptsFs, S_IFDIR | 0o755);
    this.addDevice(this.ptsRoot, "ptmx", DEV_PTMX, 0);
    this.mount("/dev/pts", this.ptsFs, this.ptsRoot);

    const proc = this.newInode(this.procFs, S_IFDIR | 0o555);
    proc.procKind = PROC_ROOT;
    proc.entries = new Map();
    this.mount("/proc", this.procFs, proc);
  }

  /** A new inode with the current time, owned by root (numbered `ino`: devpts fixes its numbers). */
  newInode(fs: FileSystem, mode: number, uid = 0, gid = 0, ino = fs.nextIno++): Inode {
    const n = new Inode(fs, ino, mode);
    n.uid = uid;
    n.gid = gid;
    n.atimeS =
      n.mtimeS =
      n.ctimeS =
      n.btimeS =
        this.nowS;
    n.atimeN =
      n.mtimeN =
      n.ctimeN =
      n.btimeN =
        this.nowN;
    if (n.isDir()) n.nlink = 2;
    if (fs.kind === FsKind.Mem) {
      if (n.isDir()) n.entries = new Map();
      else if (n.isReg()) n.pages = new Map();
    }
    return n;
  }

  /** Set mtime and ctime to now (contents changed). */
  touchModify(n: Inode): void {
    n.mtimeS = n.ctimeS = this.nowS;
    n.mtimeN = n.ctimeN = this.nowN;
  }

  /** Set ctime to now (attributes changed). */
  touchChange(n: Inode): void {
    n.ctimeS = this.nowS;
    n.ctimeN = this.nowN;
  }

  /** Set atime to now if relatime says so (atime not newer than mtime or ctime, or a day old). */
  touchAccess(n: Inode): void {
    const older = (s: number, ns: number) => n.atimeS < s || (n.atimeS === s && n.atimeN <= ns);
    if (older(n.mtimeS, n.mtimeN) || older(n.ctimeS, n.ctimeN) || this.nowS - n.atimeS >= 86400) {
      n.atimeS = this.nowS;
      n.atimeN = this.nowN;
    }
  }

  // ---- in-memory (tmpfs) primitives: no permission checks ----------------------

  /** Add entry `name` for `n` in memory directory `dir`. */
  link(dir: Inode, name: string, n: Inode): void {
    dir.entries!.set(name, n);
    if (n.isDir()) {
      n.parent = dir;
      n.name = name;
      dir.nlink++;
    }
    this.touchModify(dir);
  }

  /** Remove entry `name` (for `n`) from memory directory `dir`. */
  unlink(dir: Inode, name: string, n: Inode): void {
    dir.entries!.delete(name);
    if (n.isDir()) {
      dir.nlink--;
      n.nlink = 0;
    } else n.nlink--;
    this.touchModify(dir);
    this.touchChange(n);
  }

  /** Create a memory directory. */
  mkdir(dir: Inode, name: string, mode: number, uid = 0, gid = 0): Inode {
    const n = this.newInode(dir.fs, S_IFDIR | mode, uid, gid);
    this.link(dir, name, n);
    return n;
  }

  /** Create a character device node. */
  addDevice(dir: Inode, name: string, rdev: number, mode: number): Inode {
    const n = this.newInode(dir.fs, S_IFCHR | mode);
    n.rdev = rdev;
    this.link(dir, name, n);
    return n;
  }

  /** Create a memory symlink. */
  symlink(dir: Inode, name: string, target: string, uid = 0, gid = 0): Inode {
    const n = this.newInode(dir.fs, S_IFLNK | 0o777, uid, gid);
    n.target = target;
    n.size = target.length;
    this.link(dir, name, n);
    return n;
  }

  /** Create a memory regular file holding `data`. */
  addFile(dir: Inode, name: string, data: Uint8Array, mode: number): Inode {
    const n = this.newInode(dir.fs, S_IFREG | (mode & 0o7777));
    writeMem(n, 0, data);
    this.link(dir, name, n);
    return n;
  }

  /** Mount the file system whose root is `root` on the memory directory at absolute `path` (created if missing). */
  mount(path: string, fs: FileSystem, root: Inode): void {
    let dir = this.root;
    for (const part of path.split("/")) {
      if (part === "") continue;
      while (dir.mounted !== null) dir = dir.mounted;
      const next = dir.entries?.get(part);
      if (next === undefined) {
        if (dir.fs.kind !== FsKind.Mem) throw new Error(`cannot create mount point ${path}`);
        dir = this.mkdir(dir, part, 0o755);
      } else if (!next.isDir()) throw new Error(`mount point ${path} is not a directory`);
      else dir = next;
    }
    while (dir.mounted !== null) dir = dir.mounted;
    dir.mounted = root;
    root.covers = dir;
    this.mounts.push({ fs, root, path: path === "" ? "/" : path, id: this.mounts.length + 1 });
  }

  /** The mount a node belongs to. */
  mountOf(n: Inode): Mount {
    return this.mounts.find((m) => m.fs === n.fs) ?? this.mounts[0];
  }

  /** Absolute guest path of a directory (or host node), following parents across mounts. */
  pathOf(n: Inode): string {
    const parts: string[] = [];
    let cur = n;
    for (;;) {
      while (cur.covers !== null) cur = cur.covers;
      if (cur.parent === null) break;
      parts.push(cur.name);
      cur = cur.parent;
    }
    return "/" + parts.reverse().join("/");
  }
}

/** Read up to `n` bytes at `pos` of a memory regular file. */
export function readMem(f: Inode, pos: number, n: number): Uint8Array {
  const end = Math.min(f.size, pos + n);
  if (end <= pos) return new Uint8Array(0);
  const out = new Uint8Array(end - pos);
  const pages = f.pages!;
  for (let p = pos; p < end;) {
    const idx = Math.floor(p / 4096), off = p - idx * 4096;
    const k = Math.min(4096 - off, end - p);
    const page = pages.get(idx);
    if (page !== undefined) out.set(page.subarray(off, off + k), p - pos);
    p += k;
  }
  return out;
}

/**
 * Write `data` at `pos` of a memory regular file, growing it as needed. The
 * pages change in place: mappings of the file show them (and drop any code
 * decoded from them).
 */
export function writeMem(f: Inode, pos: number, data: Uint8Array): void {
  const pages = f.pages!;
  const end = pos + data.length;
  for (let p = pos; p < end;) {
    const idx = Math.floor(p / 4096), off = p - idx * 4096;
    const k = Math.min(4096 - off, end - p);
    let page = pages.get(idx);
    if (page === undefined) {
      page = new Uint8Array(4096);
      pages.set(idx, page);
    } else dropCodeOver(page);
    page.set(data.subarray(p - pos, p - pos + k), off);
    p += k;
  }
  if (end > f.size) f.size = end;
}

/**
 * Set the length of a memory regular file; cut pages beyond it and zero the
 * tail of the last (the caller takes cut pages back from their mappings).
 * Growing zeroes nothing, as on tmpfs: what a shared mapping wrote past the
 * old end in the last page (never part of the file until then) becomes file
 * contents.
 */
export function truncateMem(f: Inode, len: number): void {
  const pages = f.pages!;
  if (len < f.size) {
    const keep = Math.ceil(len / 4096);
    for (const idx of [...pages.keys()]) if (idx >= keep) pages.delete(idx);
    const off = len % 4096;
    const page = off === 0 ? undefined : pages.get(Math.floor(len / 4096));
    if (page !== undefined) {
      dropCodeOver(page);
      page.fill(0, off);
    }
  }
  f.size = len;
}
