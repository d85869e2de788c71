/**
 * The process: everything the kernel knows about one guest program, as plain
 * data (no closures), so a machine snapshot can carry it.
 * @module
 */

import type { Cpu } from "../exec/cpu.ts";
import type { Memory } from "../exec/memory.ts";
import type { Inode } from "./fs/inode.ts";
import { FdTable } from "./fd_table.ts";
import { hostToBin } from "./fs/bytes.ts";

/** User and group identity (Linux `struct cred`, capabilities reduced to all-or-nothing). */
export interface Credentials {
  uid: number;
  euid: number;
  suid: number;
  fsuid: number;
  gid: number;
  egid: number;
  sgid: number;
  fsgid: number;
  /** Supplementary groups. */
  groups: number[];
  /** Effective and permitted capability sets: all capabilities, or none. */
  capEffective: boolean;
  capPermitted: boolean;
  /** PR_SET_KEEPCAPS. */
  keepCaps: boolean;
}

/** Credentials of root with every capability: the guest's initial user. */
export function rootCredentials(): Credentials {
  return {
    uid: 0,
    euid: 0,
    suid: 0,
    fsuid: 0,
    gid: 0,
    egid: 0,
    sgid: 0,
    fsgid: 0,
    groups: [],
    capEffective: true,
    capPermitted: true,
    keepCaps: false,
  };
}

/** A signal disposition (struct kernel_sigaction). */
export interface SigAction {
  /** SIG_DFL (0), SIG_IGN (1) or a handler address. */
  handler: number;
  flags: number;
  restorer: number;
  /** Signals blocked while the handler runs (bit n-1 for signal n), as two halves. */
  maskLo: number;
  maskHi: number;
}

/** A resource limit; `Infinity` stands for RLIM_INFINITY. */
export interface Rlimit {
  cur: number;
  max: number;
}

/** A file-backed mapping, so msync/munmap can write MAP_SHARED pages back and madvise can re-read. */
export interface FileMap {
  start: number;
  end: number;
  inode: Inode;
  /** File offset of `start`. */
  offset: number;
  shared: boolean;
  /** MAP_SHARED: the file was open for writing, so PROT_WRITE may be added later. */
  mayWrite: boolean;
  /** MAP_SHARED: the bytes as mapped, to find what the guest changed (null for private maps). */
  orig: Uint8Array | null;
}

/** Everything about one process. */
export interface Process {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  mem: Memory;
  cpu: Cpu;
  /** Guest path of the executable (what /proc/self/exe points to), as a binary string. */
  exePath: string;
  /** Arguments and environment as given to the loader (Unicode strings). */
  argv: string[];
  env: string[];
  /** Working and root directories. */
  cwd: Inode;
  root: Inode;
  umask: number;
  fds: FdTable;
  /** Program break: where the heap starts and its current end (not necessarily page-aligned). */
  brkStart: number;
  brk: number;
  fileMaps: FileMap[];
  cred: Credentials;
  /** Dispositions of signals 1..64 (index 0 unused). */
  sigactions: SigAction[];
  /** Blocked and pending signal sets (bit n-1 for signal n), as low/high halves. */
  sigmaskLo: number;
  sigmaskHi: number;
  pendingLo: number;
  pendingHi: number;
  /** sigaltstack. */
  altSp: number;
  altFlags: number;
  altSize: number;
  /** Limits indexed by RLIMIT_*. */
  rlimits: Rlimit[];
  /** Thread name (PR_SET_NAME, /proc/self/comm), at most 15 bytes, as a binary string. */
  comm: string;
  /** set_tid_address and set_robust_list state. */
  clearChildTid: number;
  robustHead: number;
  robustLen: number;
  /** prctl state. */
  dumpable: number;
  pdeathSignal: number;
  noNewPrivs: number;
  childSubreaper: number;
  timerSlackNs: number;
  thpDisable: number;
  /** personality(2) persona. */
  personality: number;
  /** Nice value (getpriority/setpriority). */
  nice: number;
  /** Scheduling policy (SCHED_*) and static priority. */
  schedPolicy: number;
  schedPriority: number;
  /** I/O priority (ioprio_set); 0 = none set. */
  ioprio: number;
  /** membarrier commands registered (MEMBARRIER_CMD_REGISTER_* bits). */
  membarrierReg: number;
  /** Set by exit/exit_group: the exit status (0..255). */
  exitCode: number | null;
  /** Set when a signal's default action killed the process. */
  termSignal: number | null;
}

/** RLIMIT_* indices. */
export const RLIMIT_CPU = 0,
  RLIMIT_FSIZE = 1,
  RLIMIT_DATA = 2,
  RLIMIT_STACK = 3,
  RLIMIT_CORE = 4,
  RLIMIT_RSS = 5,
  RLIMIT_NPROC = 6,
  RLIMIT_NOFILE = 7,
  RLIMIT_MEMLOCK = 8,
  RLIMIT_AS = 9,
  RLIMIT_LOCKS = 10,
  RLIMIT_SIGPENDING = 11,
  RLIMIT_MSGQUEUE = 12,
  RLIMIT_NICE = 13,
  RLIMIT_RTPRIO = 14,
  RLIMIT_RTTIME = 15,
  RLIM_NLIMITS = 16;

/** Linux's default limits for a process started by init (8 MiB stack, 1024/4096 files). */
function defaultRlimits(): Rlimit[] {
  const inf = Infinity;
  const tasks = 63_704; // RLIMIT_NPROC / SIGPENDING as Linux derives them for 8 GiB of RAM
  const v: [number, number][] = [
    [inf, inf],
    [inf, inf],
    [inf, inf],
    [8 * 1024 * 1024, inf],
    [0, inf],
    [inf, inf],
    [tasks, tasks],
    [1024, 4096],
    [8 * 1024 * 1024, 8 * 1024 * 1024],
    [inf, inf],
    [inf, inf],
    [tasks, tasks],
    [819_200, 819_200],
    [0, 0],
    [0, 0],
    [inf, inf],
  ];
  return v.map(([cur, max]) => ({ cur, max }));
}

/** What a new process starts with. */
export interface NewProcess {
  pid: number;
  ppid: number;
  mem: Memory;
  cpu: Cpu;
  /** Executable path (Unicode, as the loader was given it). */
  exePath: string;
  argv: string[];
  env: string[];
  cwd: Inode;
  root: Inode;
  brk: number;
}

/** A process with Linux's initial state: root credentials, default limits and dispositions. */
export function newProcess(init: NewProcess): Process {
  const exe = hostToBin(init.exePath);
  const base = exe.slice(exe.lastIndexOf("/") + 1);
  const sigactions: SigAction[] = [];
  for (let i = 0; i <= 64; i++) {
    sigactions.push({ handler: 0, flags: 0, restorer: 0, maskLo: 0, maskHi: 0 });
  }
  return {
    pid: init.pid,
    ppid: init.ppid,
    pgid: init.pid,
    sid: init.pid,
    mem: init.mem,
    cpu: init.cpu,
    exePath: exe,
    argv: init.argv,
    env: init.env,
    cwd: init.cwd,
    root: init.root,
    umask: 0o022,
    fds: new FdTable(),
    brkStart: init.brk,
    brk: init.brk,
    fileMaps: [],
    cred: rootCredentials(),
    sigactions,
    sigmaskLo: 0,
    sigmaskHi: 0,
    pendingLo: 0,
    pendingHi: 0,
    altSp: 0,
    altFlags: 2, // SS_DISABLE
    altSize: 0,
    rlimits: defaultRlimits(),
    comm: base.slice(0, 15),
    clearChildTid: 0,
    robustHead: 0,
    robustLen: 0,
    dumpable: 1,
    pdeathSignal: 0,
    noNewPrivs: 0,
    childSubreaper: 0,
    timerSlackNs: 50_000,
    thpDisable: 0,
    personality: 0,
    nice: 0,
    schedPolicy: 0,
    schedPriority: 0,
    ioprio: 0,
    membarrierReg: 0,
    exitCode: null,
    termSignal: null,
  };
}
