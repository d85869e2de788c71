/**
 * Creating processes and threads: fork, vfork, clone and clone3. A new
 * process gets a copy-on-write copy of the address space (or shares it with
 * CLONE_VM), a copy of the descriptor table (or shares it with
 * CLONE_FILES), and copies of everything else; a new thread (CLONE_THREAD)
 * joins the caller's process with its own registers.
 * @module
 */

import { inheritShm } from "../ipc/shm.ts";
import type { Kernel } from "../kernel.ts";
import { openPidfd } from "./pidfd.ts";
import { Process } from "../process.ts";
import { block, Thread } from "../thread.ts";
import { copyCpu, type Cpu, RAX, RSP, setReg64Num } from "../../exec/cpu.ts";
import { arg, copyIn } from "./uaccess.ts";
import { E2BIG, EFAULT, EINVAL, EPERM, fail } from "../errno.ts";

/** clone flags. */
export const CSIGNAL = 0xff,
  CLONE_VM = 0x100,
  CLONE_FS = 0x200,
  CLONE_FILES = 0x400,
  CLONE_SIGHAND = 0x800,
  CLONE_PIDFD = 0x1000,
  CLONE_PTRACE = 0x2000,
  CLONE_VFORK = 0x4000,
  CLONE_PARENT = 0x8000,
  CLONE_THREAD = 0x10000,
  CLONE_NEWNS = 0x20000,
  CLONE_SYSVSEM = 0x40000,
  CLONE_SETTLS = 0x80000,
  CLONE_PARENT_SETTID = 0x100000,
  CLONE_CHILD_CLEARTID = 0x200000,
  CLONE_DETACHED = 0x400000,
  CLONE_UNTRACED = 0x800000,
  CLONE_CHILD_SETTID = 0x1000000,
  CLONE_NEWCGROUP = 0x2000000,
  CLONE_NEWUTS = 0x4000000,
  CLONE_NEWIPC = 0x8000000,
  CLONE_NEWUSER = 0x10000000,
  CLONE_NEWPID = 0x20000000,
  CLONE_NEWNET = 0x40000000,
  CLONE_IO = 0x80000000;
/** Namespaces: a single namespace of each kind exists here. */
const CLONE_NEWALL = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC |
  CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET;
const SIGCHLD = 17;
/** SS_DISABLE: a CLONE_VM child does not inherit the alternate signal stack. */
const SS_DISABLE = 2;

/** What clone and clone3 ask for (struct kernel_clone_args). */
export interface CloneArgs {
  flags: number;
  exitSignal: number;
  /** New stack pointer (0: the caller's). */
  stack: number;
  parentTid: number;
  childTid: number;
  tls: number;
  /** CLONE_PIDFD: where the parent's pidfd for the child is stored. */
  pidfd: number;
}

/** Reject flag combinations Linux's copy_process rejects. */
function validate(a: CloneArgs): void {
  const f = a.flags;
  if ((f & (CLONE_NEWNS | CLONE_FS)) === (CLONE_NEWNS | CLONE_FS)) fail(EINVAL);
  if ((f & (CLONE_NEWUSER | CLONE_FS)) === (CLONE_NEWUSER | CLONE_FS)) fail(EINVAL);
  if ((f & CLONE_THREAD) !== 0 && (f & CLONE_SIGHAND) === 0) fail(EINVAL);
  if ((f & CLONE_SIGHAND) !== 0 && (f & CLONE_VM) === 0) fail(EINVAL);
  if ((f & CLONE_PIDFD) !== 0 && (f & (CLONE_DETACHED | CLONE_THREAD)) !== 0) fail(EINVAL);
  if ((f & CLONE_NEWALL) !== 0) fail(EPERM); // no namespaces beyond the one of each kind
}

/** Registers of the new task: the caller's, returning 0, on `stack` if given, with `tls` if asked. */
function childCpu(p: Process, a: CloneArgs): Cpu {
  const cpu = copyCpu(p.cpu);
  setReg64Num(cpu, RAX, 0);
  if (a.stack !== 0) setReg64Num(cpu, RSP, a.stack);
  if ((a.flags & CLONE_SETTLS) !== 0) cpu.fsBase = a.tls;
  return cpu;
}

/** A new process: copies (or shares, as `flags` say) everything of `p`. */
function newChild(p: Process, a: CloneArgs, pid: number): Process {
  const f = a.flags;
  const mem = (f & CLONE_VM) !== 0 ? p.mem : p.mem.fork();
  const ppid = (f & CLONE_PARENT) !== 0 ? p.ppid : p.pid;
  const c = new Process(
    pid,
    ppid,
    mem,
    childCpu(p, a),
    "",
    p.argv,
    p.env,
    p.cwd,
    p.root,
    p.brkStart,
  );
  c.exePath = p.exePath;
  c.comm = p.comm;
  c.brk = p.brk;
  c.pgid = p.pgid;
  c.sid = p.sid;
  c.ctty = p.ctty;
  c.umask = p.umask;
  c.fds = (f & CLONE_FILES) !== 0 ? p.fds : p.fds.clone();
  c.fileMaps = p.fileMaps.map((m) => ({ ...m }));
  c.cred = { ...p.cred, groups: [...p.cred.groups] };
  c.sigactions = (f & CLONE_SIGHAND) !== 0 ? p.sigactions : p.sigactions.map((s) => ({ ...s }));
  c.rlimits = p.rlimits.map((l) => ({ ...l }));
  c.dumpable = p.dumpable;
  c.noNewPrivs = p.noNewPrivs;
  c.timerSlackNs = p.timerSlackNs;
  c.thpDisable = p.thpDisable;
  c.personality = p.personality;
  c.nice = p.nice;
  c.schedPolicy = p.schedPolicy;
  c.schedPriority = p.schedPriority;
  c.ioprio = p.ioprio;
  c.pkeyZeroTaken = p.pkeyZeroTaken; // part of the address space (mm->context)
  c.exitSignal = a.exitSignal;
  return c;
}

/**
 * The common part of fork, vfork, clone and clone3: create the task,
 * write the tids where asked, and start it. Returns the new tid.
 */
export function doClone(k: Kernel, p: Process, a: CloneArgs): number {
  validate(a);
  const t = p.thread;
  if (t.wait !== null && t.wait.kind === "vfork") return t.wait.child; // the child exec'd or exited
  const f = a.flags;
  const tid = k.nextPid++;
  let nt: Thread;
  if ((f & CLONE_THREAD) !== 0) {
    nt = new Thread(tid, p, childCpu(p, a));
    p.threads.push(nt);
  } else {
    const c = newChild(p, a, tid);
    if ((f & CLONE_VM) !== 0) c.shmMaps = p.shmMaps;
    else inheritShm(k, p, c);
    k.vfs.procs.set(tid, c);
    nt = c.thread;
  }
  nt.sigmaskLo = t.sigmaskLo;
  nt.sigmaskHi = t.sigmaskHi;
  nt.seccompMode = t.seccompMode;
  nt.seccompFilters = t.seccompFilters;
  nt.mempolicy = t.mempolicy;
  if ((f & CLONE_VM) === 0 || (f & CLONE_VFORK) !== 0) {
    nt.altSp = t.altSp;
    nt.altFlags = t.altFlags;
    nt.altSize = t.altSize;
  } else nt.altFlags = SS_DISABLE;
  if ((f & CLONE_CHILD_CLEARTID) !== 0) nt.clearChildTid = a.childTid;
  // Linux ignores faults on these two writes.
  if ((f & CLONE_PARENT_SETTID) !== 0) writeTid(p, a.parentTid, tid);
  if ((f & CLONE_PIDFD) !== 0) p.mem.write32(a.pidfd, openPidfd(k, p, nt.proc, false));
  if ((f & CLONE_CHILD_SETTID) !== 0) writeTid(nt.proc, a.childTid, tid);
  k.addThread(nt);
  if ((f & CLONE_VFORK) !== 0 && nt.proc !== p) {
    nt.proc.vforkParent = t.tid;
    block(t, { kind: "vfork", child: tid });
  }
  return tid;
}

/** clone(flags, stack, parent_tid, child_tid, tls) (x86-64 argument order). */
export function sysClone(k: Kernel, p: Process): number {
  const flags = arg(p.cpu, 0);
  // Both would use the parent_tid argument.
  if ((flags & CLONE_PIDFD) !== 0 && (flags & CLONE_PARENT_SETTID) !== 0) fail(EINVAL);
  return doClone(k, p, {
    flags: flags & ~CSIGNAL,
    exitSignal: flags & CSIGNAL,
    stack: arg(p.cpu, 1),
    parentTid: arg(p.cpu, 2),
    childTid: arg(p.cpu, 3),
    tls: arg(p.cpu, 4),
    pidfd: arg(p.cpu, 2), // clone() stores the pidfd where the parent tid would go
  });
}

/** fork() */
export function sysFork(k: Kernel, p: Process): number {
  return doClone(k, p, {
    flags: 0,
    exitSignal: SIGCHLD,
    stack: 0,
    parentTid: 0,
    childTid: 0,
    tls: 0,
    pidfd: 0,
  });
}

/** vfork(): the child shares the address space; the caller waits until it execs or exits. */
export function sysVfork(k: Kernel, p: Process): number {
  return doClone(k, p, {
    flags: CLONE_VM | CLONE_VFORK,
    exitSignal: SIGCHLD,
    stack: 0,
    parentTid: 0,
    childTid: 0,
    tls: 0,
    pidfd: 0,
  });
}

/** sizeof(struct clone_args) version 0 and the largest version known (with set_tid and cgroup). */
const CLONE_ARGS_SIZE_VER0 = 64, CLONE_ARGS_SIZE_MAX = 88;

/** clone3(uargs, size) */
export function sysClone3(k: Kernel, p: Process): number {
  const addr = arg(p.cpu, 0), size = arg(p.cpu, 1);
  if (size < CLONE_ARGS_SIZE_VER0) fail(EINVAL);
  if (size > 4096) fail(E2BIG);
  const raw = copyIn(p.mem, addr, size);
  if (raw.length < size) fail(EFAULT);
  // Fields beyond those this kernel knows must be zero (copy_struct_from_user).
  for (let i = CLONE_ARGS_SIZE_MAX; i < size; i++) if (raw[i] !== 0) fail(E2BIG);
  const v = new DataView(raw.buffer, raw.byteOffset, raw.length);
  const u = (i: number) => (i + 8 <= size ? Number(v.getBigUint64(i, true)) : 0);
  const flags = u(0), exitSignal = u(32), stack = u(40), stackSize = u(48);
  const setTidSize = u(72), cgroup = u(80);
  if ((flags & CSIGNAL) !== 0 || exitSignal > 64 || (flags & CLONE_DETACHED) !== 0) fail(EINVAL);
  if ((stack === 0) !== (stackSize === 0)) fail(EINVAL);
  if (setTidSize !== 0 || cgroup !== 0) fail(EINVAL);
  return doClone(k, p, {
    flags,
    exitSignal,
    stack: stack === 0 ? 0 : stack + stackSize,
    parentTid: u(24),
    childTid: u(16),
    tls: u(56),
    pidfd: u(8),
  });
}

/** Store a tid for CLONE_*_SETTID; a bad address is ignored, as Linux ignores it. */
function writeTid(p: Process, addr: number, tid: number): void {
  try {
    p.mem.write32(addr, tid);
  } catch { /* ignored */ }
}
