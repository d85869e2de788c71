/**
 * The process itself: ids, sessions and groups, uname and host names,
 * prctl, arch_prctl, thread-library registration (set_tid_address, robust
 * lists), resource limits and usage, scheduling queries, exit, getrandom
 * and sysinfo.
 * @module
 */

import { doSeccomp, SECCOMP_MODE_FILTER, SECCOMP_MODE_STRICT } from "./seccomp.ts";
import type { Kernel } from "../kernel.ts";
import { type Process, ProcState, RLIM_NLIMITS, type Rlimit, RLIMIT_NOFILE } from "../process.ts";
import type { Thread } from "../thread.ts";
import { exitThread } from "../lifecycle.ts";
import { PAGE_SIZE } from "../../exec/memory.ts";
import { TOTAL_RAM } from "../fs/procfs_render.ts";
import { nanosAt } from "../../exec/virtual_clock.ts";
import { accessOk, arg, argInt, copyOut, MAX_RW_COUNT, Struct, TASK_SIZE } from "./uaccess.ts";
import { EACCES, EFAULT, EINVAL, ENODEV, EPERM, ESRCH, fail } from "../errno.ts";

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

/** The thread `tid` names (0 = the caller), in any process, zombies' leaders included; else ESRCH. */
function task(k: Kernel, p: Process, tid: number): Thread {
  if (tid === 0) return p.thread;
  const t = k.threads.get(tid) ?? k.vfs.procs.get(tid)?.thread;
  if (t === undefined || tid < 0) fail(ESRCH);
  return t;
}

/** getpgrp() */
export function sysGetpgrp(_k: Kernel, p: Process): number {
  return p.pgid;
}

/** getpgid(pid) */
export function sysGetpgid(k: Kernel, p: Process): number {
  return task(k, p, argInt(p.cpu, 0)).proc.pgid;
}

/** getsid(pid) */
export function sysGetsid(k: Kernel, p: Process): number {
  return task(k, p, argInt(p.cpu, 0)).proc.sid;
}

/**
 * setpgid(pid, pgid): move the caller or one of its children (that has not
 * exec'd) into a new or existing process group of the caller's session.
 */
export function sysSetpgid(k: Kernel, p: Process): number {
  const pid = argInt(p.cpu, 0), pgid = argInt(p.cpu, 1);
  if (pgid < 0) fail(EINVAL);
  const q = pid === 0 ? p : k.vfs.procs.get(pid);
  if (q === undefined || (q !== p && q.ppid !== p.pid)) fail(ESRCH);
  if (q !== p) {
    if (q.sid !== p.sid) fail(EPERM);
    if (q.execed) fail(EACCES);
  }
  const target = pgid === 0 ? q.pid : pgid;
  if (q.sid === q.pid) fail(EPERM); // a session leader stays in its group
  if (target !== q.pid) {
    const group = [...k.vfs.procs.values()].some((r) => r.pgid === target && r.sid === p.sid);
    if (!group) fail(EPERM);
  }
  q.pgid = target;
  return 0;
}

/** setsid(): start a new session and group; fails if a group with the caller's id exists. */
export function sysSetsid(k: Kernel, p: Process): number {
  for (const q of k.vfs.procs.values()) if (q.pgid === p.pid) fail(EPERM);
  p.sid = p.pgid = p.pid;
  p.ctty = null;
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
  PR_SET_SECCOMP = 22,
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
      return p.thread.seccompMode;
    case PR_SET_SECCOMP:
      // prctl_set_seccomp: strict mode ignores arg3; filter mode takes it as the program.
      if (a2 === SECCOMP_MODE_STRICT) return doSeccomp(p, 0, 0, 0);
      if (a2 === SECCOMP_MODE_FILTER) return doSeccomp(p, 1, 0, arg(cpu, 2));
      fail(EINVAL);
      break;
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
export function sysGetRobustList(k: Kernel, p: Process): number {
  const t = task(k, p, argInt(p.cpu, 0));
  p.mem.writeBytes(arg(p.cpu, 2), new Struct(8).u64(0, ROBUST_HEAD_SIZE).bytes);
  p.mem.writeBytes(arg(p.cpu, 1), new Struct(8).u64(0, t.robustHead).bytes);
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
export function sysPrlimit64(k: Kernel, p: Process): number {
  const r = argInt(p.cpu, 1) >>> 0;
  const newAddr = arg(p.cpu, 2), oldAddr = arg(p.cpu, 3);
  const next = newAddr === 0 ? null : readRlimit(p, newAddr);
  const q = task(k, p, argInt(p.cpu, 0)).proc;
  if (r >= RLIM_NLIMITS) fail(EINVAL);
  const old = q.rlimits[r];
  if (next !== null) setRlimit(q, r, next);
  if (oldAddr !== 0) writeRlimit(p, oldAddr, old);
  return 0;
}

const RUSAGE_SELF = 0, RUSAGE_CHILDREN = -1, RUSAGE_THREAD = 1;

/** getrusage(who, usage): CPU time (of the process, the thread, or reaped children) and memory. */
export function sysGetrusage(_k: Kernel, p: Process): number {
  const who = argInt(p.cpu, 0);
  if (who !== RUSAGE_SELF && who !== RUSAGE_CHILDREN && who !== RUSAGE_THREAD) fail(EINVAL);
  const s = new Struct(144);
  const insns = who === RUSAGE_SELF
    ? p.insns()
    : who === RUSAGE_THREAD
    ? p.thread.insns
    : p.childInsns;
  const us = Math.floor(nanosAt(insns) / 1000);
  s.u64(0, Math.floor(us / 1e6)).u64(8, us % 1e6);
  if (who !== RUSAGE_CHILDREN) {
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

/** sched_yield(): the caller's turn on the CPU ends; the next runnable thread runs. */
export function sysSchedYield(k: Kernel): number {
  k.sched.endTurn();
  return 0;
}

/** sched_getaffinity(pid, len, mask): one CPU. Returns the bytes written (a cpumask: 8). */
export function sysSchedGetaffinity(k: Kernel, p: Process): number {
  const len = arg(p.cpu, 1);
  if (len * 8 < 1 || len % 8 !== 0) fail(EINVAL);
  task(k, p, argInt(p.cpu, 0));
  p.mem.writeBytes(arg(p.cpu, 2), new Struct(8).u64(0, 1).bytes);
  return 8;
}

/** sched_setaffinity(pid, len, mask): the mask must include CPU 0. */
export function sysSchedSetaffinity(k: Kernel, p: Process): number {
  const len = arg(p.cpu, 1);
  task(k, p, argInt(p.cpu, 0));
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

/** exit_group(status): end every thread of the process (the kernel then tears it down). */
export function sysExitGroup(_k: Kernel, p: Process): number {
  p.exitCode = argInt(p.cpu, 0) & 0xff;
  return 0;
}

/** exit(status): end the calling thread; the last one to go ends the process with `status`. */
export function sysExit(k: Kernel, p: Process): number {
  if (p.threads.length <= 1) return sysExitGroup(k, p);
  exitThread(k, p.thread);
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

/** The live processes getpriority/setpriority's (which, who) name; ESRCH if none. */
function prioTargets(k: Kernel, p: Process): Process[] {
  const which = argInt(p.cpu, 0), who = argInt(p.cpu, 1);
  let out: Process[];
  const live = [...k.vfs.procs.values()].filter((q) => q.state === ProcState.Alive);
  if (which === PRIO_PROCESS) out = [task(k, p, who).proc];
  else if (which === PRIO_PGRP) out = live.filter((q) => q.pgid === (who === 0 ? p.pgid : who));
  else if (which === PRIO_USER) {
    out = live.filter((q) => q.cred.uid === (who === 0 ? p.cred.uid : who));
  } else return fail(EINVAL);
  if (out.length === 0) fail(ESRCH);
  return out;
}

/** getpriority(which, who): the kernel returns 20 - nice of the highest priority (libc converts). */
export function sysGetpriority(k: Kernel, p: Process): number {
  return 20 - Math.min(...prioTargets(k, p).map((q) => q.nice));
}

/** setpriority(which, who, prio): lowering nice needs CAP_SYS_NICE. */
export function sysSetpriority(k: Kernel, p: Process): number {
  const nice = Math.max(-20, Math.min(19, argInt(p.cpu, 2)));
  for (const q of prioTargets(k, p)) {
    if (nice < q.nice && !p.cred.capEffective) fail(EACCES);
    q.nice = nice;
  }
  return 0;
}
