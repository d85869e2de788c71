/**
 * The process: everything the kernel knows about one guest program, as plain
 * data (no closures), so a machine snapshot can carry it.
 * @module
 */

import type { Tty } from "./fs/tty.ts";
import type { Cpu } from "../exec/cpu.ts";
import type { Memory } from "../exec/memory.ts";
import type { Inode } from "./fs/inode.ts";
import { FdTable } from "./fd_table.ts";
import { hostToBin } from "./fs/bytes.ts";
import { Thread } from "./thread.ts";
import type { AioContext } from "./aio.ts";
import type { SigInfo } from "./signals.ts";
import { newItimers, type SigTimer } from "./sigtimer.ts";
import type { ShmMap } from "./ipc/shm.ts";

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

/** Life cycle of a process. */
export const enum ProcState {
  /** At least one thread is alive. */
  Alive = 0,
  /** Every thread is gone; the exit status waits for the parent's wait(). */
  Zombie = 1,
  /** Reaped (or auto-reaped): no longer in the process table. */
  Reaped = 2,
}

/**
 * Everything about one process (a thread group). Per-thread state (registers,
 * signal mask, alternate stack, clear_child_tid, robust list) lives in
 * `Thread`; the same-named members here read and write the thread that is
 * in the kernel right now (`thread`, Linux's `current`), so system call
 * handlers can keep saying `p.cpu` and `p.sigmaskLo`.
 */
export class Process {
  pgid: number;
  sid: number;
  /** Controlling terminal (shared by the session through fork; none after setsid). */
  ctty: Tty | null = null;
  /** Guest path of the executable (what /proc/self/exe points to), as a binary string. */
  exePath: string;
  /** Working and root directories. */
  cwd: Inode;
  root: Inode;
  umask = 0o022;
  fds: FdTable = new FdTable();
  /** Program break: where the heap starts and its current end (not necessarily page-aligned). */
  brkStart: number;
  brk: number;
  fileMaps: FileMap[] = [];
  /** Attached System V shared memory segments (shared with CLONE_VM children, like the address space). */
  shmMaps: ShmMap[] = [];
  cred: Credentials = rootCredentials();
  /** Dispositions of signals 1..64 (index 0 unused); shared by CLONE_SIGHAND. */
  sigactions: SigAction[] = defaultSigactions();
  /** Signals pending for the whole process (bit n-1 for signal n), as low/high halves. */
  pendingLo = 0;
  pendingHi = 0;
  /** Their queued siginfo (kill). */
  sigqueue: SigInfo[] = [];
  /** Limits indexed by RLIMIT_*. */
  rlimits: Rlimit[] = defaultRlimits();
  /** Thread name (PR_SET_NAME, /proc/self/comm), at most 15 bytes, as a binary string. */
  comm: string;
  /** prctl state. */
  dumpable = 1;
  pdeathSignal = 0;
  noNewPrivs = 0;
  childSubreaper = 0;
  timerSlackNs = 50_000;
  thpDisable = 0;
  /** personality(2) persona. */
  personality = 0;
  /** Nice value (getpriority/setpriority). */
  nice = 0;
  /** Scheduling policy (SCHED_*) and static priority. */
  schedPolicy = 0;
  schedPriority = 0;
  /** I/O priority (ioprio_set); 0 = none set. */
  ioprio = 0;
  /** membarrier commands registered (MEMBARRIER_CMD_REGISTER_* bits). */
  membarrierReg = 0;
  /**
   * pkey_alloc has tried (and failed) to program protection key 0 of this
   * address space: later calls fail with ENOSPC (lib/kernel/syscalls/pkey.ts).
   */
  pkeyZeroTaken = false;
  /** Set by exit/exit_group: the exit status (0..255). */
  exitCode: number | null = null;
  /** Set when a signal's default action killed the process. */
  termSignal: number | null = null;
  /** Alive, zombie or reaped. */
  state: ProcState = ProcState.Alive;
  /** Live threads, in creation order (the leader first while it lives). */
  threads: Thread[] = [];
  /** The thread executing a system call or about to run (Linux's `current`). */
  thread: Thread;
  /** Signal sent to the parent when this process ends (SIGCHLD, or clone's exit signal; 0 = none). */
  exitSignal = 17;
  /** Bumped whenever a child dies, stops or continues: what a blocked wait4 watches. */
  childEvents = 0;
  /** Job control (lib/kernel/jobctl.ts): stopped by a signal, and requests not yet acted on. */
  stopped = false;
  stopRequest = 0;
  contRequest = false;
  /** A stop (its signal) or a continue the parent's wait has not reported yet. */
  stopReport = 0;
  contReport = false;
  /** Has called execve since it was forked (setpgid on it then fails with EACCES). */
  execed = false;
  /** tid of the parent thread blocked in vfork until this child execs or exits (0: none). */
  vforkParent = 0;
  /** Instructions retired by threads that have exited. */
  deadInsns = 0;
  /** Instructions of reaped children and their reaped descendants (times' cutime). */
  childInsns = 0;
  /** setitimer's ITIMER_REAL, ITIMER_VIRTUAL and ITIMER_PROF (lib/kernel/sigtimer.ts). */
  itimers: SigTimer[];
  /** Inodes of the pidfds naming this process (woken when it ends). */
  pidfds: Inode[] = [];
  /** POSIX timers (timer_create), by ascending id, and the id the next one gets. */
  timers: SigTimer[] = [];
  /** AIO contexts by ring id (null: destroyed, free for reuse); not inherited by fork, gone at exec. */
  aio: (AioContext | null)[] = [];
  nextTimerId = 0;

  constructor(
    /** Process id (= thread group id = the leader's tid). */
    readonly pid: number,
    /** Parent process id (1: the virtual init). */
    public ppid: number,
    /** The address space (shared with CLONE_VM children). */
    public mem: Memory,
    cpu: Cpu,
    exePath: string,
    /** Arguments and environment as given to the loader (Unicode strings). */
    public argv: string[],
    public env: string[],
    cwd: Inode,
    root: Inode,
    brk: number,
  ) {
    this.pgid = pid;
    this.sid = pid;
    this.exePath = hostToBin(exePath);
    this.comm = this.exePath.slice(this.exePath.lastIndexOf("/") + 1).slice(0, 15);
    this.cwd = cwd;
    this.root = root;
    this.brkStart = brk;
    this.brk = brk;
    this.itimers = newItimers(this);
    this.thread = new Thread(pid, this, cpu);
    this.threads.push(this.thread);
  }

  /** Registers of the current thread. */
  get cpu(): Cpu {
    return this.thread.cpu;
  }
  set cpu(c: Cpu) {
    this.thread.cpu = c;
  }

  /** Blocked signals of the current thread (bit n-1 for signal n), as halves. */
  get sigmaskLo(): number {
    return this.thread.sigmaskLo;
  }
  set sigmaskLo(v: number) {
    this.thread.sigmaskLo = v;
  }
  get sigmaskHi(): number {
    return this.thread.sigmaskHi;
  }
  set sigmaskHi(v: number) {
    this.thread.sigmaskHi = v;
  }

  /** sigaltstack of the current thread. */
  get altSp(): number {
    return this.thread.altSp;
  }
  set altSp(v: number) {
    this.thread.altSp = v;
  }
  get altFlags(): number {
    return this.thread.altFlags;
  }
  set altFlags(v: number) {
    this.thread.altFlags = v;
  }
  get altSize(): number {
    return this.thread.altSize;
  }
  set altSize(v: number) {
    this.thread.altSize = v;
  }

  /** set_tid_address and set_robust_list state of the current thread. */
  get clearChildTid(): number {
    return this.thread.clearChildTid;
  }
  set clearChildTid(v: number) {
    this.thread.clearChildTid = v;
  }
  get robustHead(): number {
    return this.thread.robustHead;
  }
  set robustHead(v: number) {
    this.thread.robustHead = v;
  }
  get robustLen(): number {
    return this.thread.robustLen;
  }
  set robustLen(v: number) {
    this.thread.robustLen = v;
  }

  /** Has the process ended (exit status or fatal signal recorded)? */
  ended(): boolean {
    return this.exitCode !== null || this.termSignal !== null;
  }

  /** Instructions retired by all its threads, live and exited (CPU time). */
  insns(): number {
    let n = this.deadInsns;
    for (const t of this.threads) n += t.insns;
    return n;
  }
}

/** Default dispositions: SIG_DFL for signals 1..64 (index 0 unused). */
function defaultSigactions(): SigAction[] {
  const out: SigAction[] = [];
  for (let i = 0; i <= 64; i++) {
    out.push({ handler: 0, flags: 0, restorer: 0, maskLo: 0, maskHi: 0 });
  }
  return out;
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
  return new Process(
    init.pid,
    init.ppid,
    init.mem,
    init.cpu,
    init.exePath,
    init.argv,
    init.env,
    init.cwd,
    init.root,
    init.brk,
  );
}
