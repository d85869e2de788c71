/**
 * procfs: nodes generated from process and kernel state. Lookups create (and
 * cache) inodes tagged with a `procKind`; file contents are rendered when a
 * file is opened, as Linux's seq files effectively do for small reads.
 * @module
 */

import { FsKind, type Inode, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from "./inode.ts";
import type { Vfs } from "./vfs.ts";
import type { Process } from "../process.ts";

/** Node kinds. */
export const PROC_ROOT = 1,
  PROC_SELF = 2,
  PROC_PID = 3,
  PROC_FDDIR = 4,
  PROC_FD = 5,
  PROC_EXE = 6,
  PROC_CWD = 7,
  PROC_ROOTLINK = 8,
  PROC_CMDLINE = 10,
  PROC_ENVIRON = 11,
  PROC_MAPS = 12,
  PROC_COMM = 13,
  PROC_STATUS = 14,
  PROC_STAT = 15,
  PROC_MOUNTS = 16,
  PROC_LIMITS = 17,
  PROC_CPUINFO = 20,
  PROC_MEMINFO = 21,
  PROC_UPTIME = 22,
  PROC_VERSION = 23,
  PROC_LOADAVG = 24,
  PROC_FILESYSTEMS = 25,
  PROC_MOUNTS_LINK = 26,
  PROC_SYS = 30,
  PROC_SYS_KERNEL = 31,
  PROC_SYS_VM = 32,
  PROC_SYS_FS = 33,
  PROC_HOSTNAME = 40,
  PROC_OSRELEASE = 41,
  PROC_OSTYPE = 42,
  PROC_PID_MAX = 43,
  PROC_NGROUPS_MAX = 44,
  PROC_KVERSION = 45,
  PROC_OVERCOMMIT = 46,
  PROC_MAX_MAP_COUNT = 47,
  PROC_NR_OPEN = 48,
  PROC_PIPE_MAX = 49,
  PROC_SYSVIPC = 50,
  PROC_SYSVIPC_SHM = 51,
  PROC_SYSVIPC_SEM = 52,
  PROC_SYSVIPC_MSG = 53;

/** A static child: name, kind, mode. */
type Spec = readonly [string, number, number];
const DIR = S_IFDIR | 0o555, FILE = S_IFREG | 0o444, LINK = S_IFLNK | 0o777;
const SYSFILE = S_IFREG | 0o644;

/** Static children of each directory kind (dynamic ones are added by `lookup`/`list`). */
const CHILDREN: Record<number, readonly Spec[]> = {
  [PROC_ROOT]: [
    ["cpuinfo", PROC_CPUINFO, FILE],
    ["filesystems", PROC_FILESYSTEMS, FILE],
    ["loadavg", PROC_LOADAVG, FILE],
    ["meminfo", PROC_MEMINFO, FILE],
    ["mounts", PROC_MOUNTS_LINK, LINK],
    ["self", PROC_SELF, LINK],
    ["sys", PROC_SYS, DIR],
    ["sysvipc", PROC_SYSVIPC, DIR],
    ["uptime", PROC_UPTIME, FILE],
    ["version", PROC_VERSION, FILE],
  ],
  [PROC_PID]: [
    ["cmdline", PROC_CMDLINE, FILE],
    ["comm", PROC_COMM, S_IFREG | 0o644],
    ["cwd", PROC_CWD, LINK],
    ["environ", PROC_ENVIRON, S_IFREG | 0o400],
    ["exe", PROC_EXE, LINK],
    ["fd", PROC_FDDIR, S_IFDIR | 0o500],
    ["limits", PROC_LIMITS, FILE],
    ["maps", PROC_MAPS, FILE],
    ["mounts", PROC_MOUNTS, FILE],
    ["root", PROC_ROOTLINK, LINK],
    ["stat", PROC_STAT, FILE],
    ["status", PROC_STATUS, FILE],
  ],
  [PROC_SYSVIPC]: [
    ["msg", PROC_SYSVIPC_MSG, FILE],
    ["sem", PROC_SYSVIPC_SEM, FILE],
    ["shm", PROC_SYSVIPC_SHM, FILE],
  ],
  [PROC_SYS]: [
    ["fs", PROC_SYS_FS, DIR],
    ["kernel", PROC_SYS_KERNEL, DIR],
    ["vm", PROC_SYS_VM, DIR],
  ],
  [PROC_SYS_KERNEL]: [
    ["hostname", PROC_HOSTNAME, SYSFILE],
    ["ngroups_max", PROC_NGROUPS_MAX, FILE],
    ["osrelease", PROC_OSRELEASE, FILE],
    ["ostype", PROC_OSTYPE, FILE],
    ["pid_max", PROC_PID_MAX, SYSFILE],
    ["version", PROC_KVERSION, FILE],
  ],
  [PROC_SYS_VM]: [
    ["max_map_count", PROC_MAX_MAP_COUNT, SYSFILE],
    ["overcommit_memory", PROC_OVERCOMMIT, SYSFILE],
  ],
  [PROC_SYS_FS]: [
    ["nr_open", PROC_NR_OPEN, SYSFILE],
    ["pipe-max-size", PROC_PIPE_MAX, SYSFILE],
  ],
};

/** Is `s` a canonical decimal number ("0" or no leading zero)? */
function decimal(s: string): number {
  return /^(0|[1-9][0-9]{0,9})$/.test(s) ? Number(s) : -1;
}

/** Get or create the cached child node `name` of `dir`. */
function node(
  vfs: Vfs,
  dir: Inode,
  name: string,
  kind: number,
  mode: number,
  pid: number,
  fd = -1,
): Inode {
  const cache = dir.entries!;
  const old = cache.get(name);
  if (old !== undefined && old.procKind === kind) return old;
  const n = vfs.newInode(vfs.procFs, mode);
  n.procKind = kind;
  n.procPid = pid;
  n.procFd = fd;
  if ((mode & S_IFMT) === S_IFDIR) {
    n.entries = new Map();
    n.parent = dir;
    n.name = name;
    n.nlink = 2;
  }
  cache.set(name, n);
  return n;
}

/** Look up `name` in procfs directory `dir`; null if absent. */
export function procLookup(vfs: Vfs, dir: Inode, name: string): Inode | null {
  const kind = dir.procKind;
  if (kind === PROC_ROOT) {
    const pid = decimal(name);
    if (pid > 0) return vfs.procs.has(pid) ? node(vfs, dir, name, PROC_PID, DIR, pid) : null;
  } else if (kind === PROC_FDDIR) {
    const fd = decimal(name);
    const f = fd < 0 ? undefined : vfs.procs.get(dir.procPid)?.fds.get(fd)?.file;
    if (f === undefined) return null;
    const n = node(vfs, dir, name, PROC_FD, S_IFLNK, dir.procPid, fd);
    // The link's permissions mirror the open mode (r-x, -wx, rwx); its size is 64, as in Linux.
    n.mode = S_IFLNK | (f.readable() ? 0o500 : 0) | (f.writable() ? 0o300 : 0);
    n.size = 64;
    return n;
  }
  if (dir.procPid !== 0 && !vfs.procs.has(dir.procPid)) return null;
  const spec = CHILDREN[kind]?.find((s) => s[0] === name);
  return spec === undefined ? null : node(vfs, dir, name, spec[1], spec[2], dir.procPid);
}

/** Names in procfs directory `dir`. */
export function procList(vfs: Vfs, dir: Inode): string[] {
  const names: string[] = [];
  if (dir.procKind === PROC_FDDIR) {
    const fds = vfs.procs.get(dir.procPid)?.fds.fds ?? [];
    fds.forEach((e, fd) => {
      if (e !== null && e !== undefined) names.push(String(fd));
    });
    return names;
  }
  for (const s of CHILDREN[dir.procKind] ?? []) names.push(s[0]);
  if (dir.procKind === PROC_ROOT) {
    for (const pid of [...vfs.procs.keys()].sort((a, b) => a - b)) names.push(String(pid));
  }
  return names;
}

/** Symlink target of a procfs link, as seen by `caller`. */
export function procReadlink(vfs: Vfs, caller: Process | null, n: Inode): string {
  const p = vfs.procs.get(n.procPid);
  switch (n.procKind) {
    case PROC_SELF:
      return caller === null ? "" : String(caller.pid);
    case PROC_MOUNTS_LINK:
      return "self/mounts";
    case PROC_EXE:
      return p?.exePath ?? "";
    case PROC_CWD:
      return p === undefined ? "" : vfs.pathOf(p.cwd);
    case PROC_ROOTLINK:
      return p === undefined ? "" : vfs.pathOf(p.root);
    case PROC_FD: {
      const f = p?.fds.get(n.procFd)?.file;
      return f === undefined ? "" : filePath(f.inode, f.path);
    }
  }
  return "";
}

/** Where a "magic" link (fd, cwd, root) leads directly, bypassing its text; null for ordinary links. */
export function procMagicTarget(vfs: Vfs, n: Inode): Inode | null {
  const p = vfs.procs.get(n.procPid);
  if (p === undefined) return null;
  if (n.procKind === PROC_FD) return p.fds.get(n.procFd)?.file.inode ?? null;
  if (n.procKind === PROC_CWD) return p.cwd;
  if (n.procKind === PROC_ROOTLINK) return p.root;
  return null;
}

/** The name Linux shows for an open file: its path, "pipe:[ino]", "socket:[ino]", or "path (deleted)". */
export function filePath(n: Inode, path: string): string {
  if (n.socket !== null) return `socket:[${n.ino}]`;
  if (n.fs.kind === FsKind.Pipe && path === "") return `pipe:[${n.ino}]`;
  if (n.nlink === 0 && !n.isDir()) return `${path} (deleted)`;
  return path;
}
