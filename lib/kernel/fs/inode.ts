/**
 * Inodes and file systems: the plain-data nodes of the guest's file tree.
 *
 * One `Inode` class serves every kind of node and every file system so that
 * code walking the tree sees a single object shape. Which fields matter
 * depends on the file type (mode) and on the file system kind.
 * @module
 */

import type { Pipe } from "./pipe.ts";
import type { EventFd } from "./eventfd.ts";
import type { EpollSet } from "./epoll.ts";
import type { TimerFd } from "./timerfd.ts";
import type { SignalFd } from "./signalfd.ts";
import type { PidFd } from "./pidfd.ts";
import type { Inotify, InotifyWatch } from "./inotify.ts";
import type { MqQueue } from "../ipc/mqueue.ts";
import type { OpenFile } from "../fd_table.ts";
import type { RecordLock } from "./record_lock.ts";
import type { UnixSocket } from "../net/unix_socket.ts";
import type { Tty } from "./tty.ts";

/** File type and permission bits (st_mode). */
export const S_IFMT = 0o170000,
  S_IFSOCK = 0o140000,
  S_IFLNK = 0o120000,
  S_IFREG = 0o100000,
  S_IFBLK = 0o060000,
  S_IFDIR = 0o040000,
  S_IFCHR = 0o020000,
  S_IFIFO = 0o010000,
  S_ISUID = 0o4000,
  S_ISGID = 0o2000,
  S_ISVTX = 0o1000;

/** Where a file system's nodes live and how they behave. */
export const enum FsKind {
  /** In memory (tmpfs, devtmpfs). */
  Mem = 0,
  /** A host directory, through Deno's synchronous fs API. */
  Host = 1,
  /** procfs: nodes generated from process state. */
  Proc = 2,
  /** Anonymous pipes, sockets and anonymous inodes (pipefs, sockfs, anon_inodefs). */
  Pipe = 3,
}

/** Encode a device number as Linux's st_dev/st_rdev (new_encode_dev). */
export function makedev(major: number, minor: number): number {
  return (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12);
}

/** Major number of an encoded device number. */
export function devMajor(dev: number): number {
  return (dev >>> 8) & 0xfff;
}

/** Minor number of an encoded device number. */
export function devMinor(dev: number): number {
  return (dev & 0xff) | ((dev >>> 12) & 0xfff00);
}

/** One mounted file system instance. */
export class FileSystem {
  /** Next inode number to hand out. */
  nextIno = 1;
  /** Host file systems: our inode number for each host "dev:ino", so hard links agree. */
  readonly hostInos: Map<string, number> = new Map();
  /** Host fs: the files the guest has read, whose contents a snapshot records hashes of. */
  readonly readNodes: Set<Inode> = new Set();
  constructor(
    readonly kind: FsKind,
    /** Name for /proc/mounts ("tmpfs", "proc", ...). */
    readonly type: string,
    /** st_dev of every node. */
    readonly dev: number,
    /** statfs f_type. */
    readonly magic: number,
    /** Mounted read-only (writes fail with EROFS). */
    readonly readOnly: boolean,
    /** Host fs: absolute host path of the mounted directory. */
    readonly hostRoot = "",
  ) {}
}

/** An flock(2) lock held through one open file description. */
export interface Flock {
  holder: OpenFile;
  exclusive: boolean;
}

/** A file, directory, symlink, device, FIFO... */
export class Inode {
  nlink = 1;
  uid = 0;
  gid = 0;
  /** Device number of a character/block device. */
  rdev = 0;
  /** Regular file length in bytes; symlink target length. */
  size = 0;
  /** Host nodes: st_blocks as the host reports it (memory nodes derive it from `pages`). */
  blocks = 0;
  atimeS = 0;
  atimeN = 0;
  mtimeS = 0;
  mtimeN = 0;
  ctimeS = 0;
  ctimeN = 0;
  btimeS = 0;
  btimeN = 0;
  /** Regular file contents in 4 KiB pages; absent pages are holes (zeros). */
  pages: Map<number, Uint8Array> | null = null;
  /** Directory entries (in memory), or the cache of looked-up children (host, proc). */
  entries: Map<string, Inode> | null = null;
  /** Directories and host nodes: the containing directory and our name in it. */
  parent: Inode | null = null;
  name = "";
  /** Root of the file system mounted on this directory, if any. */
  mounted: Inode | null = null;
  /** For the root of a mounted file system: the directory it covers. */
  covers: Inode | null = null;
  /** Symlink target (bytes as a latin1 string). */
  target = "";
  /** procfs: which generated node this is, and for which pid / fd. */
  procKind = 0;
  procPid = 0;
  procFd = -1;
  /** FIFOs and pipes: the shared buffer. */
  pipe: Pipe | null = null;
  /** eventfd: the counter. */
  eventfd: EventFd | null = null;
  /** timerfd: the timer. */
  timerfd: TimerFd | null = null;
  /** signalfd: the signals it reads. */
  signalfd: SignalFd | null = null;
  /** pidfd: the process it names. */
  pidfd: PidFd | null = null;
  /** inotify instance (its descriptor's inode), and the inotify watches on this node. */
  inotify: Inotify | null = null;
  watches: InotifyWatch[] | null = null;
  /**
   * Non-directories: the directory and name the node was last created,
   * linked, renamed or opened as, standing in for Linux's dentry when
   * inotify tells a directory about its entries' changes.
   */
  seenIn: Inode | null = null;
  seenAs = "";
  /** POSIX message queue (an inode of the mqueue file system): the queue. */
  mqueue: MqQueue | null = null;
  /** epoll instance: the interest list. */
  epoll: EpollSet | null = null;
  /** sockfs node: the socket. */
  socket: UnixSocket | null = null;
  /** A socket file (S_IFSOCK) that bind created: the socket bound to it while it is open. */
  boundSocket: UnixSocket | null = null;
  /** Bumped on every event that wakes waiters (data in or out, an end closing): edge-triggered epoll. */
  pollGen = 0;
  /** The host console: which host stream (0, 1, 2) this node reads or writes, else -1. */
  hostFd = -1;
  /** O_TMPFILE opened without O_EXCL: may be linked into a directory while it has no name (I_LINKABLE). */
  linkable = false;
  /** memfd seals (F_ADD_SEALS), -1 when the file cannot be sealed. */
  seals = -1;
  /** Terminals (the console, a pseudo-terminal's ends, an open /dev/tty): the terminal. */
  tty: Tty | null = null;
  /** flock(2) locks. */
  flocks: Flock[] = [];
  /** fcntl record locks (POSIX and OFD), each owner's together. */
  locks: RecordLock[] = [];
  /** Moves whenever a flock or record lock is dropped or changed: lock waiters look again. */
  lockGen = 0;
  /** Extended attributes (in-memory file systems), in creation order. */
  xattrs: Map<string, Uint8Array> | null = null;

  constructor(
    /** The file system this node belongs to. */
    readonly fs: FileSystem,
    /** Inode number. */
    readonly ino: number,
    /** st_mode: type and permission bits. */
    public mode: number,
  ) {}

  /** Is this a directory? */
  isDir(): boolean {
    return (this.mode & S_IFMT) === S_IFDIR;
  }

  /** Is this a regular file? */
  isReg(): boolean {
    return (this.mode & S_IFMT) === S_IFREG;
  }

  /** Is this a symbolic link? */
  isLink(): boolean {
    return (this.mode & S_IFMT) === S_IFLNK;
  }

  /** File type bits. */
  type(): number {
    return this.mode & S_IFMT;
  }
}

/** linux_dirent d_type of a mode. */
export function dtype(mode: number): number {
  return (mode & S_IFMT) >>> 12;
}
