/**
 * The process itself: ids, sessions and groups, uname and host names,
 * prctl, arch_prctl, thread-library registration (set_tid_address, robust
 * lists), resource limits and usage, scheduling queries, exit, getrandom
 * and sysinfo.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import { type Process, RLIM_NLIMITS, type Rlimit, RLIMIT_NOFILE } from "../process.ts";
import { PAGE_SIZE } from "../../exec/memory.ts";
import { TOTAL_RAM } from "../fs/procfs_render.ts";
import { cpuNs } from "./time.ts";
import { accessOk, arg, argInt, copyOut, MAX_RW_COUNT, Struct, TASK_SIZE } from "./uaccess.ts";
import { EACCES, EBADF, ECHILD, EFAULT, EINVAL, ENODEV, EPERM, ESRCH, fail } from "../errno.ts";

/** getpid(): the thread group id. */
export function sysGetpid(_k: Kernel, p: Process): number {
  return p.pid;
}

/** gettid(): the calling thread's id. */
export function sysGettid(_k: Kernel, p: Process): number {
  return p.thread.tid;
}

/** getppid() */
export function sysGetppid(_k: Kernel, p: Process): number {
  return p.ppid;
}

/** The process `pid` names (0 = self); only this process exists to the caller. */
function self(p: Process, pid: number): Process {
  if (pid !== 0 && pid !== p.pid) fail(ESRCH);
  return p;
}

/** getpgrp() */
export function sysGetpgrp(_k: Kernel, p: Process): number {
  return p.pgid;
}

/** getpgid(pid) */
export function sysGetpgid(_k: Kernel, p: Process): number {
  return self(p, argInt(p.cpu, 0)).pgid;
}

/** getsid(pid) */
export function sysGetsid(_k: Kernel, p: Process): number {
  return self(p, argInt(p.cpu, 0)).sid;
}

/** setpgid(pid, pgid): a session leader cannot move; the only group it can form is its own. */
export function sysSetpgid(_k: Kernel, p: Process): number {
  const pid = argInt(p.cpu, 0), pgid = argInt(p.cpu, 1);
  if (pgid < 0) fail(EINVAL);
  self(p, pid);
  const target = pgid === 0 ? p.pid : pgid;
  if (p.sid === p.pid) {
    if (target !== p.pgid) fail(EPERM);
    return 0;
  }
  if (target !== p.pid && target !== p.pgid) fail(EPERM);
  p.pgid = target;
  return 0;
}

/** setsid(): fails for a process group leader. */
export function sysSetsid(_k: Kernel, p: Process): number {
  if (p.pgid === p.pid) fail(EPERM);
  p.sid = p.pgid = p.pid;
  return p.sid;
}

/** uname(buf) */
export function sysUname(k: Kernel, p: Process): number {
  const u = k.uts;
  const s = new Struct(390);
  [u.sysname, u.nodename, u.release, u.version, u.machine, u.domainname].forEach((f, i) =>
    s.str(65 * i, f, 65)
  );
  p.mem.writeBytes(arg(p.cpu, 0), s.bytes);
  return 0;
}

function setUtsField(k: Kernel, p: Process, field: "nodename" | "domainname"): number {
  const len = argInt(p.cpu, 1);
  if (len < 0 || len > 64) fail(EINVAL);
  if (!p.cred.capEffective) fail(EPERM);
  const bytes = p.mem.readBytes(arg(p.cpu, 0), len);
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  k.uts[field] = s;
  return 0;
}

/** sethostname(name, len) */
export function sysSethostname(k: Kernel, p: Process): number {
  return setUtsField(k, p, "nodename");
}

/** setdomainname(name, len) */
export function sysSetdomainname(k: Kernel, p: Process): number {
  return setUtsField(k, p, "domainname");
}

/** prctl options. */
const PR_SET_PDEATHSIG = 1,
  PR_GET_PDEATHSIG = 2,
  PR_GET_DUMPABLE = 3,
  PR_SET_DUMPABLE = 4,
  PR_GET_KEEPCAPS = 7,
  PR_SET_KEEPCAPS = 8,
  PR_SET_NAME = 15,
  PR_GET_NAME = 16,
  PR_GET_SECCOMP = 21,
  PR_CAPBSET_READ = 23,
  PR_GET_TIMERSLACK = 30,
  PR_SET_TIMERSLACK = 29,
  PR_SET_CHILD_SUBREAPER = 36,
  PR_GET_CHILD_SUBREAPER = 37,
  PR_SET_NO_NEW_PRIVS = 38,
  PR_GET_NO_NEW_PRIVS = 39,
  PR_GET_TID_ADDRESS = 40,
  PR_SET_THP_DISABLE = 41,
  PR_GET_THP_DISABLE = 42;
/** Highest capability number (CAP_CHECKPOINT_RESTORE). */
const CAP_LAST_CAP = 40;

/** prctl(option, arg2, arg3, arg4, arg5) */
export function sysPrctl(_k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const opt = argInt(cpu, 0);
  const a2 = arg(cpu, 1);
  const rest = arg(cpu, 2) !== 0 || arg(cpu, 3) !== 0 || arg(cpu, 4) !== 0;
  switch (opt) {
    case PR_SET_PDEATHSIG:
      if (a2 > 64) fail(EINVAL);
      p.pdeathSignal = a2;
      return 0;
    case PR_GET_PDEATHSIG:
      p.mem.write32(a2, p.pdeathSignal);
      return 0;
    case PR_GET_DUMPABLE:
      return p.dumpable;
    case PR_SET_DUMPABLE:
      if (a2 > 1) fail(EINVAL);
      p.dumpable = a2;
      return 0;
    case PR_GET_KEEPCAPS:
      return p.cred.keepCaps ? 1 : 0;
    case PR_SET_KEEPCAPS:
      if (a2 > 1) fail(EINVAL);
      p.cred.keepCaps = a2 === 1;
      return 0;
    case PR_SET_NAME: {
      let s = "";
      for (let i = 0; i < 15; i++) {
        const b = p.mem.read8(a2 + i);
        if (b === 0) break;
        s += String.fromCharCode(b);
      }
      p.comm = s;
      return 0;
    }
    case PR_GET_NAME:
      p.mem.writeBytes(a2, new Struct(16).str(0, p.comm, 16).bytes);
      return 0;
    case PR_GET_SECCOMP:
      return 0;
    case PR_CAPBSET_READ:
      if (a2 > CAP_LAST_CAP) fail(EINVAL);
      return 1;
    case PR_SET_TIMERSLACK:
      p.timerSlackNs = a2 === 0 ? 50_000 : a2;
      return 0;
    case PR_GET_TIMERSLACK:
      return p.timerSlackNs;
    case PR_SET_CHILD_SUBREAPER:
      p.childSubreaper = a2 !== 0 ? 1 : 0;
      return 0;
    case PR_GET_CHILD_SUBREAPER:
      p.mem.write32(a2, p.childSubreaper);
      return 0;
    case PR_SET_NO_NEW_PRIVS:
      if (a2 !== 1 || rest) fail(EINVAL);
      p.noNewPrivs = 1;
      return 0;
    case PR_GET_NO_NEW_PRIVS:
      if (a2 !== 0 || rest) fail(EINVAL);
      return p.noNewPrivs;
    case PR_GET_TID_ADDRESS:
      p.mem.writeBytes(a2, new Struct(8).u64(0, p.clearChildTid).bytes);
      return 0;
    case PR_SET_THP_DISABLE:
      if (rest) fail(EINVAL);
      p.thpDisable = a2 !== 0 ? 1 : 0;
      return 0;
    case PR_GET_THP_DISABLE:
      if (a2 !== 0 || rest) fail(EINVAL);
      return p.thpDisable;
  }
  return fail(EINVAL);
}

/** arch_prctl codes. */
const ARCH_SET_GS = 0x1001,
  ARCH_SET_FS = 0x1002,
  ARCH_GET_FS = 0x1003,
  ARCH_GET_GS = 0x1004,
  ARCH_GET_CPUID = 0x1011,
  ARCH_SET_CPUID = 0x1012,
  ARCH_GET_XCOMP_SUPP = 0x1021,
  ARCH_GET_XCOMP_PERM = 0x1022,
  ARCH_REQ_XCOMP_PERM = 0x1023;
/** XSAVE features the virtual CPU has: x87 and SSE state. */
const XFEATURES = 3;

/** arch_prctl(code, addr) */
export function sysArchPrctl(_k: Kernel, p: Process): number {
  const code = argInt(p.cpu, 0);
  const addr = arg(p.cpu, 1);
  const cpu = p.cpu;
  switch (code) {
    case ARCH_SET_FS:
    case ARCH_SET_GS:
      if (addr >= TASK_SIZE) fail(EPERM);
      if (code === ARCH_SET_FS) cpu.fsBase = addr;
      else cpu.gsBase = addr;
      return 0;
    case ARCH_GET_FS:
    case ARCH_GET_GS:
      p.mem.writeBytes(
        addr,
        new Struct(8).u64(0, code === ARCH_GET_FS ? cpu.fsBase : cpu.gsBase).bytes,
      );
      return 0;
    case ARCH_GET_CPUID:
      return 1;
    case ARCH_SET_CPUID:
      // Turning CPUID off needs CPUID faulting hardware.
      if (addr === 0) fail(ENODEV);
      return 0;
    case ARCH_GET_XCOMP_SUPP:
    case ARCH_GET_XCOMP_PERM:
      p.mem.writeBytes(addr, new Struct(8).u64(0, XFEATURES).bytes);
      return 0;
    case ARCH_REQ_XCOMP_PERM:
      if (addr >= 2) fail(EINVAL);
      return 0;
  }
  return fail(EINVAL);
}

/** set_tid_address(tidptr): recorded for exit; returns the tid. */
export function sysSetTidAddress(_k: Kernel, p: Process): number {
  p.clearChildTid = arg(p.cpu, 0);
  return p.pid;
}

/** Size of struct robust_list_head. */
const ROBUST_HEAD_SIZE = 24;

/** set_robust_list(head, len) */
export function sysSetRobustList(_k: Kernel, p: Process): number {
  if (arg(p.cpu, 1) !== ROBUST_HEAD_SIZE) fail(EINVAL);
  p.robustHead = arg(p.cpu, 0);
  p.robustLen = ROBUST_HEAD_SIZE;
  return 0;
}

/** get_robust_list(pid, head_ptr, len_ptr) */
export function sysGetRobustList(_k: Kernel, p: Process): number {
  self(p, argInt(p.cpu, 0));
  p.mem.writeBytes(arg(p.cpu, 2), new Struct(8).u64(0, ROBUST_HEAD_SIZE).bytes);
  p.mem.writeBytes(arg(p.cpu, 1), new Struct(8).u64(0, p.robustHead).bytes);
  return 0;
}

/** fs.nr_open: the most RLIMIT_NOFILE can be raised to. */
const NR_OPEN = 1048576;

function readRlimit(p: Process, addr: number): Rlimit {
  const lim = (off: number) => {
    const lo = p.mem.read32(addr + off), hi = p.mem.read32(addr + off + 4);
    return lo === 0xffffffff && hi === 0xffffffff ? Infinity : hi * 4294967296 + lo;
  };
  return { cur: lim(0), max: lim(8) };
}

function writeRlimit(p: Process, addr: number, l: Rlimit): void {
  const v = (x: number) => (x === Infinity ? -1 : x);
  p.mem.writeBytes(addr, new Struct(16).u64(0, v(l.cur)).u64(8, v(l.max)).bytes);
}

/** Validate and install a new limit (Linux do_prlimit). */
function setRlimit(p: Process, resource: number, l: Rlimit): void {
  if (l.cur > l.max) fail(EINVAL);
  if (resource === RLIMIT_NOFILE && l.max > NR_OPEN) fail(EPERM);
  if (l.max > p.rlimits[resource].max && !p.cred.capEffective) fail(EPERM);
  p.rlimits[resource] = l;
}

/** getrlimit(resource, rlim) */
export function sysGetrlimit(_k: Kernel, p: Process): number {
  const r = argInt(p.cpu, 0) >>> 0;
  if (r >= RLIM_NLIMITS) fail(EINVAL);
  writeRlimit(p, arg(p.cpu, 1), p.rlimits[r]);
  return 0;
}

/** setrlimit(resource, rlim) */
export function sysSetrlimit(_k: Kernel, p: Process): number {
  const r = argInt(p.cpu, 0) >>> 0;
  const l = readRlimit(p, arg(p.cpu, 1));
  if (r >= RLIM_NLIMITS) fail(EINVAL);
  setRlimit(p, r, l);
  return 0;
}

/** prlimit64(pid, resource, new, old) */
export function sysPrlimit64(_k: Kernel, p: Process): number {
  const r = argInt(p.cpu, 1) >>> 0;
  const newAddr = arg(p.cpu, 2), oldAddr = arg(p.cpu, 3);
  const next = newAddr === 0 ? null : readRlimit(p, newAddr);
  self(p, argInt(p.cpu, 0));
  if (r >= RLIM_NLIMITS) fail(EINVAL);
  const old = p.rlimits[r];
  if (next !== null) setRlimit(p, r, next);
  if (oldAddr !== 0) writeRlimit(p, oldAddr, old);
  return 0;
}

/** getrusage(who, usage): own CPU time and memory; children use nothing (there are none). */
export function sysGetrusage(_k: Kernel, p: Process): number {
  const who = argInt(p.cpu, 0);
  if (who !== 0 && who !== -1 && who !== 1) fail(EINVAL);
  const s = new Struct(144);
  if (who !== -1) {
    const us = Math.floor(cpuNs(p) / 1000);
    s.u64(0, Math.floor(us / 1e6)).u64(8, us % 1e6);
    s.u64(32, (p.mem.pages.size * PAGE_SIZE) / 1024); // ru_maxrss in KiB
    s.u64(64, p.mem.pages.size); // ru_minflt: each page was faulted in once
  }
  p.mem.writeBytes(arg(p.cpu, 1), s.bytes);
  return 0;
}

/** sysinfo(info) */
export function sysSysinfo(k: Kernel, p: Process): number {
  const used = p.mem.pages.size * PAGE_SIZE;
  const s = new Struct(112);
  s.u64(0, Math.floor(k.elapsedNs() / 1e9));
  s.u64(32, TOTAL_RAM).u64(40, TOTAL_RAM - used);
  s.u16(80, k.vfs.procs.size);
  s.u32(104, 1);
  p.mem.writeBytes(arg(p.cpu, 0), s.bytes);
  return 0;
}

/** sched_yield(): the only runnable thread keeps running. */
export function sysSchedYield(): number {
  return 0;
}

/** sched_getaffinity(pid, len, mask): one CPU. Returns the bytes written (a cpumask: 8). */
export function sysSchedGetaffinity(_k: Kernel, p: Process): number {
  const len = arg(p.cpu, 1);
  if (len * 8 < 1 || len % 8 !== 0) fail(EINVAL);
  self(p, argInt(p.cpu, 0));
  p.mem.writeBytes(arg(p.cpu, 2), new Struct(8).u64(0, 1).bytes);
  return 8;
}

/** sched_setaffinity(pid, len, mask): the mask must include CPU 0. */
export function sysSchedSetaffinity(_k: Kernel, p: Process): number {
  const len = arg(p.cpu, 1);
  self(p, argInt(p.cpu, 0));
  const first = len === 0 ? 0 : p.mem.read8(arg(p.cpu, 2));
  if ((first & 1) === 0) fail(EINVAL);
  return 0;
}

/** getcpu(cpu, node, cache): always CPU 0 on node 0. */
export function sysGetcpu(_k: Kernel, p: Process): number {
  const cpu = arg(p.cpu, 0), node = arg(p.cpu, 1);
  if (cpu !== 0) p.mem.write32(cpu, 0);
  if (node !== 0) p.mem.write32(node, 0);
  return 0;
}

/** exit(status) and exit_group(status): end the process (the kernel then tears it down). */
export function sysExit(_k: Kernel, p: Process): number {
  p.exitCode = argInt(p.cpu, 0) & 0xff;
  return 0;
}

const GRND_NONBLOCK = 1, GRND_RANDOM = 2, GRND_INSECURE = 4;

/** getrandom(buf, len, flags): from the seeded generator, which is always "initialized". */
export function sysGetrandom(k: Kernel, p: Process): number {
  const flags = arg(p.cpu, 2);
  if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) !== 0) fail(EINVAL);
  if ((flags & (GRND_RANDOM | GRND_INSECURE)) === (GRND_RANDOM | GRND_INSECURE)) fail(EINVAL);
  const buf = arg(p.cpu, 0), len = arg(p.cpu, 1);
  accessOk(buf, len);
  const n = Math.min(len, MAX_RW_COUNT);
  const done = copyOut(p.mem, buf, k.randomBytes(n));
  if (done === 0 && n > 0) fail(EFAULT);
  return done;
}

/** personality(persona): 0xffffffff queries. Returns the previous persona. */
export function sysPersonality(_k: Kernel, p: Process): number {
  const old = p.personality;
  const v = argInt(p.cpu, 0) >>> 0;
  if (v !== 0xffffffff) p.personality = v;
  return old;
}

const PRIO_PROCESS = 0, PRIO_PGRP = 1, PRIO_USER = 2;

function prioTarget(p: Process): void {
  const which = argInt(p.cpu, 0), who = argInt(p.cpu, 1);
  if (which === PRIO_PROCESS) self(p, who);
  else if (which === PRIO_PGRP) {
    if (who !== 0 && who !== p.pgid) fail(ESRCH);
  } else if (which === PRIO_USER) {
    if (who !== 0 && who !== p.cred.uid) fail(ESRCH);
  } else fail(EINVAL);
}

/** getpriority(which, who): the kernel returns 20 - nice (libc converts). */
export function sysGetpriority(_k: Kernel, p: Process): number {
  prioTarget(p);
  return 20 - p.nice;
}

/** setpriority(which, who, prio): lowering nice needs CAP_SYS_NICE. */
export function sysSetpriority(_k: Kernel, p: Process): number {
  prioTarget(p);
  const nice = Math.max(-20, Math.min(19, argInt(p.cpu, 2)));
  if (nice < p.nice && !p.cred.capEffective) fail(EACCES);
  p.nice = nice;
  return 0;
}

/** wait options. */
const WNOHANG = 1,
  WUNTRACED = 2,
  WSTOPPED = 2,
  WEXITED = 4,
  WCONTINUED = 8,
  WNOWAIT = 0x01000000,
  __WNOTHREAD = 0x20000000,
  __WALL = 0x40000000,
  __WCLONE = 0x80000000;
const P_ALL = 0, P_PID = 1, P_PGID = 2, P_PIDFD = 3;

/** wait4(pid, status, options, rusage): after Linux's checks, ECHILD: the process has no children. */
export function sysWait4(_k: Kernel, p: Process): number {
  const pid = argInt(p.cpu, 0), options = argInt(p.cpu, 2) >>> 0;
  if ((options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)) !== 0) {
    fail(EINVAL);
  }
  if (pid === -2147483648) fail(ESRCH);
  return fail(ECHILD);
}

/** waitid(idtype, id, infop, options, rusage): after Linux's checks, ECHILD. */
export function sysWaitid(_k: Kernel, p: Process): number {
  const which = argInt(p.cpu, 0), id = argInt(p.cpu, 1), options = argInt(p.cpu, 3) >>> 0;
  const known = WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD | __WCLONE |
    __WALL;
  if ((options & ~known) !== 0 || (options & (WEXITED | WSTOPPED | WCONTINUED)) === 0) fail(EINVAL);
  if (which === P_PID) {
    if (id <= 0) fail(EINVAL);
  } else if (which === P_PGID) {
    if (id < 0) fail(EINVAL);
  } else if (which === P_PIDFD) {
    if (p.fds.get(id) === undefined) fail(EBADF);
    fail(EINVAL); // no descriptor is a pidfd
  } else if (which !== P_ALL) fail(EINVAL);
  return fail(ECHILD);
}
