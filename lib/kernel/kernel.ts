/**
 * The kernel: owns the file tree, the processes, virtual time, randomness,
 * and the system call dispatcher (handlers live under `syscalls/`, indexed
 * by `syscalls/table.ts`).
 * @module
 */

import { nanosAt } from "../exec/virtual_clock.ts";
import type { HostIO } from "./host.ts";
import { V9FS_MAGIC, Vfs } from "./fs/vfs.ts";
import { FileSystem, FsKind, type Inode, makedev, S_IFCHR, S_IFIFO } from "./fs/inode.ts";
import { hostRootInode, realHostDir } from "./fs/hostfs.ts";
import { crossMounts, resolve, resolveNode } from "./fs/namei.ts";
import { readData, refresh, truncateData, writeData } from "./fs/fsops.ts";
import { mapWritten, stampMapWrites } from "./fs/file_mappings.ts";
import { binToHost, hostToBin } from "./fs/bytes.ts";
import { O_LARGEFILE, O_RDONLY, O_RDWR, O_WRONLY, OpenFile } from "./fd_table.ts";
import { newProcess, type Process, ProcState } from "./process.ts";
import { Rng } from "./rng.ts";
import { realtime } from "./time.ts";
import { newTimekeeping, type Timekeeping } from "./timekeeping.ts";
import { type KernelLog, newKernelLog } from "./klog.ts";
import { EFAULT, ENOSYS, Errno } from "./errno.ts";
import { GuestFault } from "../exec/fault.ts";
import type { Memory } from "../exec/memory.ts";
import type { Cpu } from "../exec/cpu.ts";
import { SYSCALLS } from "./syscalls/table.ts";
import { REGS_RESTORED } from "./syscalls/common.ts";
import { deliverSignals } from "./signal_delivery.ts";
import { block, type Thread, ThreadState, unblock, WouldBlock } from "./thread.ts";
import { type ScheduleOptions, Scheduler } from "./scheduler.ts";
import { exitProcess } from "./lifecycle.ts";
import { seccompIntercept } from "./syscalls/seccomp.ts";
import { interruptedCall } from "./interrupt.ts";
import { applyJobControl } from "./jobctl.ts";
import { formatCall, formatResult } from "./strace.ts";
import type { SigTimer, TimerBase } from "./sigtimer.ts";
import { UnixNamespace } from "./net/unix_socket.ts";
import { IpcNamespace } from "./ipc/namespace.ts";
import { Tty } from "./fs/tty.ts";
import { PTS_FIRST_INO } from "./fs/pty.ts";
import { PTS_MAJOR } from "./fs/devices.ts";
import { setCtty } from "./ctty.ts";

export type { Process } from "./process.ts";

/** Options the machine passes to the kernel. */
export interface KernelOptions {
  host: HostIO;
  /** Seed for /dev/urandom, getrandom and AT_RANDOM. */
  seed: number;
  /** Print each syscall (and unimplemented ones once) to the host's stderr. */
  strace: boolean;
  /** Initial working directory inside the guest. */
  cwd: string;
  /** Host directories mounted into the guest. */
  mounts: MountSpec[];
  /** Scheduling (default: the fixed round-robin). */
  schedule?: ScheduleOptions;
}

/** A host directory visible inside the guest. */
export interface MountSpec {
  host: string;
  guest: string;
  writable: boolean;
}

/** What the loader hands over to start a process. */
export interface ProcessInit {
  mem: Memory;
  cpu: Cpu;
  exePath: string;
  argv: string[];
  env: string[];
  /** Page-aligned end of the highest PT_LOAD: where the heap starts. */
  brk: number;
}

/**
 * PID of the first process. Not 1: Linux exempts init from signals whose
 * action is the default, which would make raise()/abort() behave unlike an
 * ordinary program. So the program runs as the first child (pid 2) of an
 * init (pid 1) in a fresh PID namespace, in its own session and group.
 */
export const FIRST_PID = 2;

/** uname(2) fields. */
export interface Utsname {
  sysname: string;
  nodename: string;
  release: string;
  version: string;
  machine: string;
  domainname: string;
}

/** The emulated Linux kernel. */
export class Kernel implements TimerBase {
  readonly host: HostIO;
  readonly vfs: Vfs = new Vfs();
  /** The AF_UNIX abstract name space. */
  readonly unix: UnixNamespace = new UnixNamespace();
  /** System V IPC objects and POSIX message queues. */
  readonly ipc: IpcNamespace = new IpcNamespace(this.vfs);
  readonly rng: Rng;
  /** Instructions retired by all threads: the virtual CPU's clock (see `account`). */
  retired = 0;
  /** Who runs when. */
  readonly sched: Scheduler;
  /** Live threads by tid. */
  readonly threads: Map<number, Thread> = new Map();
  /** The thread in a system call or on the CPU (Linux's `current`), if any. */
  current: Thread | null = null;
  /** Armed signal timers of every process (lib/kernel/timer_queue.ts fires them). */
  readonly armedTimers: SigTimer[] = [];
  /** Threads waiting on futexes, in the order they started waiting. */
  readonly futexWaiters: Thread[] = [];
  /** The next process/thread id to hand out. */
  nextPid = FIRST_PID + 1;
  /** Bytes read from the host's stdin that no guest read has taken yet. */
  stdinBuf: Uint8Array = new Uint8Array(0);
  /** The host's stdin reached end of file. */
  stdinEof = false;
  /** The host console when it is a terminal. */
  console: Tty | null = null;
  /** Virtual time spent sleeping (nanosleep and friends), added to instruction time. */
  sleptNs = 0;
  /** Virtual ns since boot at the current system call (advanced by `sleep`). */
  nowNs = 0;
  /** The settable wall-clock offset, timezone and NTP state. */
  readonly clock: Timekeeping = newTimekeeping();
  readonly uts: Utsname = {
    sysname: "Linux",
    nodename: "linuxvm",
    release: "6.1.0-linuxvm",
    version: "#1 SMP PREEMPT_DYNAMIC Thu Jan  1 00:00:00 UTC 2026",
    machine: "x86_64",
    domainname: "(none)",
  };
  /** The kernel log syslog(2) reads. */
  readonly klog: KernelLog = newKernelLog(this.uts);
  /** Trace system calls to the host's stderr. */
  strace: boolean;
  /** Unimplemented syscall numbers already reported. */
  readonly reported: Set<number> = new Set();
  private readonly cwd: Inode;

  constructor(opts: KernelOptions) {
    this.host = opts.host;
    this.rng = new Rng(opts.seed);
    this.strace = opts.strace;
    this.sched = new Scheduler(opts.schedule);
    opts.mounts.forEach((m, i) => {
      const fs = new FileSystem(
        FsKind.Host,
        "9p",
        makedev(0, 40 + i),
        V9FS_MAGIC,
        !m.writable,
        realHostDir(m.host),
      );
      this.vfs.mount(hostToBin(m.guest), fs, hostRootInode(fs));
    });
    this.cwd = this.mkdirs(hostToBin(opts.cwd));
  }

  /** Directory at absolute binary path `path`, creating missing in-memory directories. */
  private mkdirs(path: string): Inode {
    let dir = this.vfs.root;
    for (const part of path.split("/")) {
      if (part === "" || part === ".") continue;
      const r = resolve(this.vfs, null, dir, part, true);
      if (r.inode !== null) {
        if (!r.inode.isDir()) throw new Error(`${binToHost(path)}: not a directory`);
        dir = r.inode;
      } else if (dir.fs.kind === FsKind.Mem) dir = this.vfs.mkdir(dir, part, 0o755);
      else throw new Error(`${binToHost(path)}: does not exist`);
    }
    return crossMounts(dir);
  }

  /** Create a file (and missing parent directories) in the in-memory FS; an existing file is replaced. */
  addFile(path: string, data: Uint8Array, mode: number): void {
    const bin = hostToBin(path);
    const cut = bin.lastIndexOf("/");
    const dir = this.mkdirs(bin.slice(0, cut + 1));
    const name = bin.slice(cut + 1);
    const old = resolve(this.vfs, null, dir, name, true).inode;
    if (old !== null && old.isReg()) {
      truncateData(this.vfs, old, 0);
      writeData(this.vfs, old, 0, data);
      old.mode = (old.mode & ~0o7777) | (mode & 0o7777);
      return;
    }
    if (dir.fs.kind !== FsKind.Mem) {
      throw new Error(`${path}: cannot create outside the in-memory FS`);
    }
    this.vfs.addFile(dir, name, data, mode);
  }

  /** Bytes of the regular file at a guest path (following symlinks and mounts), or null. */
  readFile(path: string): Uint8Array | null {
    try {
      const n = resolveNode(this.vfs, null, this.vfs.root, hostToBin(path), true);
      if (!n.isReg()) return null;
      refresh(n);
      return readData(n, 0, n.size);
    } catch (e) {
      if (e instanceof Errno) return null;
      throw e;
    }
  }

  /** n bytes from the seeded deterministic RNG (AT_RANDOM, getrandom, /dev/urandom share it). */
  randomBytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    this.rng.fill(b);
    return b;
  }

  /** Create the initial process (pid FIRST_PID) with fds 0/1/2 on the host console. */
  spawn(init: ProcessInit): Process {
    const p = newProcess({
      pid: FIRST_PID,
      ppid: 1,
      mem: init.mem,
      cpu: init.cpu,
      exePath: init.exePath,
      argv: init.argv,
      env: init.env,
      cwd: this.cwd,
      root: this.vfs.root,
      brk: init.brk,
    });
    this.vfs.procs.set(p.pid, p);
    this.addThread(p.thread);
    for (let fd = 0; fd < 3; fd++) this.openConsole(p, fd);
    return p;
  }

  /** Make a new thread known to the kernel and the scheduler. */
  addThread(t: Thread): void {
    this.threads.set(t.tid, t);
    this.sched.add(t);
  }

  /** A non-leader thread that execs takes over the thread group's id. */
  renameThread(t: Thread, tid: number): void {
    this.threads.delete(t.tid);
    this.sched.remove(t);
    t.tid = tid;
    this.addThread(t);
  }

  /** Give `t` the CPU: it continues the machine's instruction clock and becomes `current`. */
  switchTo(t: Thread): void {
    t.cpu.icount = this.retired;
    t.proc.thread = t;
    this.current = t;
  }

  /**
   * Act on job-control requests (stop, continue) and end every process
   * whose exit status or fatal signal has been recorded since the last look.
   */
  sweep(): void {
    for (const p of [...this.vfs.procs.values()]) {
      if (p.state !== ProcState.Alive) continue;
      applyJobControl(this, p);
      if (p.ended()) exitProcess(this, p);
    }
  }

  /** Is there stdin data (or EOF) a read can take without waiting for the host? */
  stdinAvailable(): boolean {
    return this.stdinBuf.length > 0 || this.stdinEof || (this.host.stdinReady?.() ?? true);
  }

  /** Wait for the host's stdin (the machine is idle otherwise) and buffer what arrives. */
  fillStdin(): void {
    const b = this.host.readStdin(1 << 16);
    if (b.length === 0) this.stdinEof = true;
    else this.stdinBuf = b.slice();
  }

  /**
   * Read up to `len` bytes of the host's stdin for the current thread:
   * buffered bytes first; a host that could make the read wait is asked
   * only when no thread can run (the thread blocks until then).
   */
  readConsole(len: number): Uint8Array {
    if (len === 0) return new Uint8Array(0);
    if (this.stdinBuf.length > 0) {
      const out = this.stdinBuf.slice(0, len);
      this.stdinBuf = this.stdinBuf.subarray(out.length);
      return out;
    }
    if (this.stdinEof) return new Uint8Array(0);
    if (!(this.host.stdinReady?.() ?? true)) block(this.current!, { kind: "stdin" });
    // Take what the host has in one piece (as when idle), so a recording logs chunks, not reads.
    this.fillStdin();
    const out = this.stdinBuf.slice(0, len);
    this.stdinBuf = this.stdinBuf.subarray(out.length);
    return out;
  }

  /**
   * Attach host stream `fd` as descriptor `fd`: a terminal appears as
   * /dev/pts/0 (one inode number for all three, one terminal, the initial
   * session's controlling terminal), anything else as a pipe.
   */
  private openConsole(p: Process, fd: number): void {
    const vfs = this.vfs;
    const tty = this.host.isTerminal(fd);
    let n: Inode;
    if (tty) {
      n = vfs.newInode(vfs.ptsFs, S_IFCHR | 0o620, 0, 0, PTS_FIRST_INO);
      n.rdev = makedev(PTS_MAJOR, 0);
      if (this.console === null) {
        this.console = new Tty(0, false, n, null, vfs);
        vfs.link(vfs.ptsRoot, "0", n);
        setCtty(p, this.console);
      }
      n.tty = this.console;
    } else n = vfs.newInode(vfs.pipeFs, S_IFIFO | 0o600);
    n.hostFd = fd;
    const acc = tty ? O_RDWR : fd === 0 ? O_RDONLY : O_WRONLY;
    const file = new OpenFile(n, acc | (tty ? O_LARGEFILE : 0), tty ? "/dev/pts/0" : "");
    p.fds.install(fd, file, false);
  }

  /** Bring the kernel's clocks (nowNs, and the file times' wall clock) to the current instruction. */
  private tick(): void {
    this.nowNs = this.elapsedNs();
    const now = realtime(this.nowNs + this.clock.wallOffsetNs);
    this.vfs.nowS = now.sec;
    this.vfs.nowN = now.nsec;
  }

  /**
   * `t` stopped on a write-notify fault (its store faulted a shared file
   * page in, lib/exec/memory.ts): the file's mtime and ctime become now;
   * the store then runs again, on the page now there.
   */
  writeNotify(t: Thread): void {
    this.tick();
    mapWritten(this.vfs, t.proc.mem.mappedFile(t.cpu.faultAddr) as Inode);
  }

  /** Virtual nanoseconds since boot: every instruction retired (by any thread) plus all sleeping. */
  elapsedNs(): number {
    return nanosAt(this.retired) + this.sleptNs;
  }

  /** Let virtual time pass (sleeping, or waiting for a timer): no host time, no CPU time. */
  sleep(ns: number): void {
    this.sleptNs += ns;
    this.nowNs += ns;
  }

  /**
   * Charge the instructions `t` retired since the clock last moved to it and
   * to the machine's clock. Threads take turns on one virtual CPU whose
   * instruction counter (the TSC) every thread's `cpu.icount` continues.
   */
  account(t: Thread): void {
    const delta = t.cpu.icount - this.retired;
    t.insns += delta;
    this.retired = t.cpu.icount;
  }

  /**
   * Handle the SYSCALL thread `t` just executed (number in RAX, args RDI RSI
   * RDX R10 R8 R9, result or -errno into RAX), or retry the call it blocked
   * in. A call that must wait leaves `t` Blocked with RAX untouched.
   */
  syscall(t: Thread): void {
    const proc = t.proc;
    proc.thread = t;
    this.current = t;
    this.account(t);
    const cpu = t.cpu;
    const nr = cpu.r[0] | 0;
    this.tick();
    const entry = nr >= 0 ? SYSCALLS[nr] : undefined;
    const call = this.strace ? formatCall(proc, nr, entry) : "";
    let r: number;
    let restart = false;
    // seccomp judges a call once, at entry (a retried blocked call is past that).
    const verdict = t.seccompMode !== 0 && t.wait === null ? seccompIntercept(t, nr, this) : null;
    if (verdict !== null) r = verdict;
    else if (t.interrupted) {
      t.interrupted = false;
      const out = interruptedCall(this, t, nr);
      restart = out === null;
      r = out ?? 0;
    } else if (entry === undefined || entry.handler === null) {
      r = -ENOSYS;
      if (this.strace && !this.reported.has(nr)) {
        this.reported.add(nr);
        const name = entry?.name ?? "unknown";
        this.stderr(`[linuxvm] unimplemented system call ${nr} (${name})\n`);
      }
    } else {
      try {
        r = entry.handler(this, proc);
      } catch (e) {
        if (e === WouldBlock.instance) {
          this.sched.endTurn();
          return;
        }
        if (e instanceof Errno) r = -e.errno;
        else if (e instanceof GuestFault) r = -EFAULT;
        else throw e;
      } finally {
        stampMapWrites(this.vfs);
      }
    }
    // A call that returned did not block (one that caught its own WouldBlock returns a part).
    if (t.state === ThreadState.Blocked) unblock(t);
    else t.wait = null;
    if (restart) cpu.rip -= 2; // back to the SYSCALL, which runs again after the handler
    else if (r === REGS_RESTORED) r = (cpu.r[1] | 0) * 4294967296 + cpu.r[0];
    else {
      cpu.r[0] = r >>> 0;
      cpu.r[1] = Math.floor(r / 4294967296);
    }
    if (this.strace) {
      const res = proc.ended() ? "?" : restart ? "? ERESTARTSYS" : formatResult(r, entry);
      this.stderr(`${call} = ${res}\n`);
    }
    deliverSignals(this, t);
    // Stops and continues the call asked for, of its own process or another, happen now.
    for (const q of this.vfs.procs.values()) {
      if (q.state === ProcState.Alive) applyJobControl(this, q);
    }
    if (proc.ended()) exitProcess(this, proc);
    if (t.state !== ThreadState.Runnable || proc.stopped) this.sched.endTurn();
  }

  /** Text to the host's stderr (strace output). */
  private stderr(s: string): void {
    this.host.writeStderr(new TextEncoder().encode(s));
  }
}
