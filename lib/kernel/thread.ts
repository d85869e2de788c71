/**
 * Threads (Linux tasks): one CPU context each, grouped into processes.
 * Everything here is plain data so a snapshot can carry it: a thread that
 * waits inside a system call is not a suspended closure but a `state` plus a
 * typed `wait` record; when the condition it names holds, the scheduler
 * runs the system call again, and the handler completes it from that record
 * (time left, bytes already written, whether a futex wake arrived).
 * @module
 */

import type { Cpu } from "../exec/cpu.ts";
import type { VmaPolicy } from "../exec/memory.ts";
import type { Inode } from "./fs/inode.ts";
import type { Process } from "./process.ts";
import type { SigInfo } from "./signals.ts";
import type { SemSet } from "./ipc/sem.ts";
import type { MsgQueue } from "./ipc/msg.ts";

/** Scheduling state of a thread. */
export const enum ThreadState {
  /** Can run user code (or retry the system call its `wait` record describes). */
  Runnable = 0,
  /** Waiting in a system call for what `wait` describes. */
  Blocked = 1,
  /** Stopped by a job-control signal until SIGCONT. */
  Stopped = 2,
  /** Gone: exited or killed (a process's last thread leaves a zombie process behind). */
  Dead = 3,
}

/** A futex wait: woken by FUTEX_WAKE* on the same key with an overlapping bitset, or by the deadline. */
export interface FutexWait {
  kind: "futex";
  /**
   * The futex's key, as Linux forms it: the address space and the address
   * for private mappings, the shared page and the offset in it for
   * MAP_SHARED ones (so separate processes meet there).
   */
  key: object;
  off: number;
  bitset: number;
  /** Set by a waker; the retried call then returns 0. */
  woken: boolean;
  /** Virtual ns at which the wait times out, or null. */
  deadline: number | null;
}

/**
 * futex_waitv: a wait on several futexes (keys formed as for FutexWait, any
 * bitset); the first FUTEX_WAKE* on one of them ends it.
 */
export interface FutexvWait {
  kind: "futexv";
  keys: object[];
  offs: number[];
  /** Set by a waker: the index of the futex it woke (-1: none yet); the call returns it. */
  woken: number;
  /** Virtual ns at which the wait times out, or null. */
  deadline: number | null;
}

/** A wait for files to change: pipe reads and writes, poll/select/epoll, timerfd reads. */
export interface IoWait {
  kind: "io";
  /** The inodes watched and their `pollGen` when the wait began: any change wakes the thread. */
  inodes: Inode[];
  gens: number[];
  /** Virtual ns at which to look again (a timer among the files is due, or `expires`), or null. */
  deadline: number | null;
  /** Virtual ns at which the call gives up (poll's timeout), or null. */
  expires: number | null;
  /** Bytes a blocking pipe write has already put in the pipe (it completes the rest). */
  done: number;
}

/** wait4/waitid: woken when a child of the process changes state (`childEvents` moves). */
export interface ChildWait {
  kind: "child";
  events: number;
}

/** Reading the host's standard input, which has nothing buffered yet. */
export interface StdinWait {
  kind: "stdin";
}

/** nanosleep and friends: woken at `until` (virtual ns since boot). */
export interface SleepWait {
  kind: "sleep";
  until: number;
}

/** vfork: the parent waits until the child execs or exits. */
export interface VforkWait {
  kind: "vfork";
  child: number;
}

/** rt_sigsuspend and pause: only a signal that runs a handler (or kills) ends the wait. */
export interface SignalWait {
  kind: "signal";
}

/** rt_sigtimedwait: until one of the signals in the set (halves) is pending, or the deadline. */
export interface SigWait {
  kind: "sigwait";
  lo: number;
  hi: number;
  deadline: number | null;
}

/** semop/semtimedop: until the set changes (its `gen` moves, removal included), or the deadline. */
export interface SemWait {
  kind: "sem";
  set: SemSet;
  gen: number;
  /** The operation that cannot proceed: its semaphore, and whether it waits for zero (GETZCNT) or an increase (GETNCNT). */
  num: number;
  zero: boolean;
  deadline: number | null;
}

/** msgsnd (queue full) or msgrcv (no matching message): until the queue changes (`gen` moves). */
export interface MsgWait {
  kind: "msg";
  queue: MsgQueue;
  gen: number;
}

/** mq_timedsend (queue full) or mq_timedreceive (queue empty): until the queue's inode changes, or the deadline. */
export interface MqWait {
  kind: "mq";
  inode: Inode;
  gen: number;
  /** A receive (a message sent now goes to it rather than raising a notification). */
  receive: boolean;
  deadline: number | null;
}

/** A blocking open of a FIFO: until the other side opens it (its open count moves past `count`). */
export interface FifoWait {
  kind: "fifo";
  inode: Inode;
  /** Waiting for a writer (an open for reading) or for a reader. */
  forWriter: boolean;
  count: number;
}

/**
 * flock or fcntl F_SETLKW/F_OFD_SETLKW: until the inode's locks change
 * (`lockGen` moves). A POSIX record lock request names its owner and range
 * so deadlock detection can follow who waits for whom.
 */
export interface LockWait {
  kind: "lock";
  inode: Inode;
  gen: number;
  /** The descriptor table of a POSIX record lock request; null for flock and OFD requests. */
  owner: object | null;
  write: boolean;
  start: number;
  end: number;
}

/** Why a blocked thread is waiting. */
export type WaitReason =
  | FutexWait
  | FutexvWait
  | IoWait
  | ChildWait
  | StdinWait
  | SleepWait
  | VforkWait
  | SignalWait
  | SigWait
  | SemWait
  | MsgWait
  | MqWait
  | FifoWait
  | LockWait;

/** One thread. */
export class Thread {
  state: ThreadState = ThreadState.Runnable;
  /** What the thread waits for while Blocked; kept while the woken call is retried. */
  wait: WaitReason | null = null;
  /** A signal with a handler ended the wait: the call is abandoned (EINTR) or restarted. */
  interrupted = false;
  /** Instructions this thread has retired (its CPU time). */
  insns = 0;
  /** Blocked signals (bit n-1 for signal n), as halves. */
  sigmaskLo = 0;
  sigmaskHi = 0;
  /** seccomp mode (0 off, 1 strict, 2 filter), inherited by threads and children it creates. */
  seccompMode = 0;
  /** Filter mode: the BPF programs (struct sock_filter bytes), newest first; never changed in place. */
  seccompFilters: Uint8Array[] = [];
  /**
   * The mask to restore once a signal has been handled (rt_sigsuspend runs
   * with a temporary one, Linux's saved_sigmask); `restoreMask` says it is set.
   */
  savedMaskLo = 0;
  savedMaskHi = 0;
  restoreMask = false;
  /** Signals sent to this thread alone (tgkill, faults), as halves, and their queued siginfo. */
  pendingLo = 0;
  pendingHi = 0;
  sigqueue: SigInfo[] = [];
  /**
   * sigaltstack: base, flags as last set (Linux's sas_ss_flags, 0 until set; SS_DISABLE after
   * a reset) and size (0: none).
   */
  altSp = 0;
  altFlags = 0;
  altSize = 0;
  /** The last exception's vector, error code and page-fault address (sigcontext trapno, err, cr2). */
  trapNr = 0;
  errorCode = 0;
  cr2 = 0;
  /** set_tid_address / CLONE_CHILD_CLEARTID: zeroed and futex-woken when the thread exits. */
  clearChildTid = 0;
  /** set_robust_list. */
  robustHead = 0;
  robustLen = 0;
  /** set_mempolicy's NUMA policy (null: MPOL_DEFAULT); inherited by clone, kept across execve. */
  mempolicy: VmaPolicy | null = null;

  constructor(
    /** Thread id (the process id for a group leader; a thread that execs takes the leader's). */
    public tid: number,
    /** The thread group this thread belongs to. */
    public proc: Process,
    /** Registers. */
    public cpu: Cpu,
  ) {}
}

/** Thrown by a system call that must wait; the kernel leaves the thread Blocked and retries later. */
export class WouldBlock {
  private constructor() {}
  /** The one instance (nothing to carry: the reason is in the thread's `wait`). */
  static readonly instance: WouldBlock = new WouldBlock();
}

/** Undo a `block` whose WouldBlock a call caught: it returns a partial result instead. */
export function unblock(t: Thread): void {
  t.state = ThreadState.Runnable;
  t.wait = null;
}

/** Park `t` on `reason` and unwind the system call. */
export function block(t: Thread, reason: WaitReason): never {
  t.state = ThreadState.Blocked;
  t.wait = reason;
  throw WouldBlock.instance;
}
