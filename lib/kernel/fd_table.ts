/**
 * Open file descriptions and the per-process descriptor table.
 *
 * An `OpenFile` is what dup() shares: offset and status flags. A descriptor
 * adds only the close-on-exec bit. Descriptions are reference counted so the
 * last close can release pipe ends and flock() locks.
 * @module
 */

import { fsnotifyNode, IN_CLOSE_NOWRITE, IN_CLOSE_WRITE } from "./fs/inotify.ts";
import type { Inode } from "./fs/inode.ts";
import { releaseSocket } from "./net/unix_socket.ts";
import { releaseRecordLocks } from "./fs/record_lock.ts";
import { ptyRelease } from "./fs/pty.ts";

/** open(2) flags (x86-64 values). */
export const O_ACCMODE = 3,
  O_RDONLY = 0,
  O_WRONLY = 1,
  O_RDWR = 2,
  O_CREAT = 0o100,
  O_EXCL = 0o200,
  O_NOCTTY = 0o400,
  O_TRUNC = 0o1000,
  O_APPEND = 0o2000,
  O_NONBLOCK = 0o4000,
  O_DSYNC = 0o10000,
  O_ASYNC = 0o20000,
  O_DIRECT = 0o40000,
  O_LARGEFILE = 0o100000,
  O_DIRECTORY = 0o200000,
  O_NOFOLLOW = 0o400000,
  O_NOATIME = 0o1000000,
  O_CLOEXEC = 0o2000000,
  O_SYNC = 0o4010000,
  O_PATH = 0o10000000,
  O_TMPFILE = 0o20200000;

/** One open file description. */
export class OpenFile {
  /** Descriptors referring to this description. */
  refs = 0;
  /** File offset (directories: index into `dir`). */
  pos = 0;
  /** Directory listing snapshot taken when reading starts at offset 0. */
  dir: DirEntry[] | null = null;
  /** Generated contents (procfs), captured at open. */
  content: Uint8Array | null = null;
  /** F_SETOWN owner (pid, or -pgid) and F_SETSIG signal for O_ASYNC notification. */
  owner = 0;
  ownerSig = 0;
  /** The directory and entry name it was opened through (inotify tells that directory's watches). */
  parent: Inode | null = null;
  name = "";

  constructor(
    readonly inode: Inode,
    /** F_GETFL flags: access mode and status flags. */
    public flags: number,
    /** Path for /proc/self/fd and /proc/self/maps. */
    readonly path: string,
  ) {}

  /** Opened for reading (and not O_PATH)? */
  readable(): boolean {
    const acc = this.flags & O_ACCMODE;
    return (this.flags & O_PATH) === 0 && (acc === O_RDONLY || acc === O_RDWR);
  }

  /** Opened for writing (and not O_PATH)? */
  writable(): boolean {
    const acc = this.flags & O_ACCMODE;
    return (this.flags & O_PATH) === 0 && (acc === O_WRONLY || acc === O_RDWR);
  }

  /** Opened with O_PATH (usable only as a handle)? */
  isPath(): boolean {
    return (this.flags & O_PATH) !== 0;
  }

  /** Drop one reference (a descriptor, or a passed descriptor in flight); the last one releases pipe ends, sockets and locks. */
  release(): void {
    if (--this.refs > 0) return;
    if (this.inode.socket !== null) releaseSocket(this.inode.socket);
    const ino = this.inode.inotify;
    if (ino !== null) { for (const w of [...ino.watches]) ino.drop(w); }
    if (!this.isPath()) {
      const n = this.inode;
      fsnotifyNode(n, this.writable() ? IN_CLOSE_WRITE : IN_CLOSE_NOWRITE, this.parent, this.name);
    }
    const pipe = this.inode.pipe;
    if (pipe !== null && !this.isPath()) {
      if (this.readable()) pipe.readers--;
      if (this.writable()) pipe.writers--;
      this.inode.pollGen++;
    }
    const locks = this.inode.flocks;
    if (locks.length > 0 && locks.some((l) => l.holder === this)) {
      this.inode.flocks = locks.filter((l) => l.holder !== this);
      this.inode.lockGen++;
    }
    releaseRecordLocks(this.inode, this);
    if (this.inode.tty !== null && !this.isPath()) ptyRelease(this);
  }
}

/** One directory entry as getdents reports it. */
export interface DirEntry {
  name: string;
  ino: number;
  /** d_type. */
  type: number;
}

/** A descriptor slot. */
export interface FdEntry {
  file: OpenFile;
  cloexec: boolean;
}

/** A process's descriptor table. */
export class FdTable {
  /** Slots by descriptor number; null when free. */
  fds: (FdEntry | null)[] = [];

  /** The entry for `fd`, or undefined if `fd` is not open. */
  get(fd: number): FdEntry | undefined {
    return this.fds[fd] ?? undefined;
  }

  /** Lowest free descriptor >= `min`, or -1 if it would reach `limit`. */
  lowestFree(min: number, limit: number): number {
    let fd = min;
    while (fd < this.fds.length && this.fds[fd] !== null && this.fds[fd] !== undefined) fd++;
    return fd < limit ? fd : -1;
  }

  /** Put `file` in slot `fd`, closing what was there. */
  install(fd: number, file: OpenFile, cloexec: boolean): void {
    file.refs++;
    const old = this.fds[fd];
    while (this.fds.length <= fd) this.fds.push(null);
    this.fds[fd] = { file, cloexec };
    if (old) this.drop(old.file);
  }

  /** Close `fd`; returns false if it was not open. */
  close(fd: number): boolean {
    const e = this.fds[fd];
    if (e === null || e === undefined) return false;
    this.fds[fd] = null;
    this.drop(e.file);
    return true;
  }

  /** A descriptor of `file` goes: like Linux, this table's POSIX locks on the file go with any of them. */
  private drop(file: OpenFile): void {
    releaseRecordLocks(file.inode, this);
    file.release();
  }

  /** A copy for a forked child: the same open file descriptions (shared offsets), own slots. */
  clone(): FdTable {
    const t = new FdTable();
    t.fds = this.fds.map((e) => {
      if (e === null || e === undefined) return null;
      e.file.refs++;
      return { file: e.file, cloexec: e.cloexec };
    });
    return t;
  }

  /** Close every descriptor (a process ends, or exec drops close-on-exec ones when `onlyCloexec`). */
  closeAll(onlyCloexec = false): void {
    for (let fd = 0; fd < this.fds.length; fd++) {
      if (!onlyCloexec || this.fds[fd]?.cloexec) this.close(fd);
    }
  }

  /** Highest open descriptor + 1. */
  size(): number {
    let n = this.fds.length;
    while (n > 0 && (this.fds[n - 1] === null || this.fds[n - 1] === undefined)) n--;
    return n;
  }
}
