/**
 * Signal system calls: rt_sigaction, rt_sigprocmask, rt_sigpending,
 * sigaltstack, rt_sigreturn, kill/tkill/tgkill, and rt_sigqueueinfo /
 * rt_tgsigqueueinfo (a siginfo of the sender's making). Signals are acted on when the caller returns to user mode
 * (signal_delivery.ts).
 * @module
 */

import { RSP } from "../../exec/cpu.ts";
import { SIGSEGV } from "../../exec/fault.ts";
import type { Kernel } from "../kernel.ts";
import { type Process, ProcState } from "../process.ts";
import {
  discardIfIgnored,
  forceSignal,
  kernelInfo,
  limitedInfo,
  NSIG,
  rawInfo,
  sendSignal,
  sendThreadSignal,
  SI_TKILL,
  SIGCONT,
  SIGKILL,
  SIGSTOP,
  userInfo,
} from "../signals.ts";
import { MINSIGSTKSZ, queryAltStack, setAltStack } from "../altstack.ts";
import { restoreFrame } from "../signal_frame.ts";
import { arg, argInt, readU64, Struct } from "./uaccess.ts";
import { REGS_RESTORED } from "./common.ts";
import { EINVAL, EPERM, ESRCH, fail } from "../errno.ts";

/** sizeof(sigset_t) in the kernel ABI. */
const SIGSET_SIZE = 8;
/** Bits of SIGKILL and SIGSTOP, which can never be blocked. */
export const UNBLOCKABLE = (1 << (SIGKILL - 1)) | (1 << (SIGSTOP - 1));
/**
 * sa_flags bits Linux keeps (UAPI_SA_FLAGS): SA_NOCLDSTOP, SA_NOCLDWAIT, SA_SIGINFO,
 * SA_EXPOSE_TAGBITS, SA_RESTORER, SA_ONSTACK, SA_RESTART, SA_NODEFER, SA_RESETHAND.
 */
const UAPI_SA_FLAGS = 0xdc000807;

/** rt_sigaction(sig, act, oact, sigsetsize) */
export function sysRtSigaction(_k: Kernel, p: Process): number {
  const cpu = p.cpu;
  if (arg(cpu, 3) !== SIGSET_SIZE) fail(EINVAL);
  const sig = argInt(cpu, 0);
  const act = arg(cpu, 1), oact = arg(cpu, 2);
  let next = null;
  if (act !== 0) {
    next = {
      handler: readU64(p.mem, act),
      flags: (p.mem.read32(act + 8) & UAPI_SA_FLAGS) >>> 0,
      restorer: readU64(p.mem, act + 16),
      maskLo: (p.mem.read32(act + 24) & ~UNBLOCKABLE) >>> 0,
      maskHi: p.mem.read32(act + 28),
    };
  }
  if (sig < 1 || sig > NSIG || (next !== null && (sig === SIGKILL || sig === SIGSTOP))) {
    fail(EINVAL);
  }
  const old = p.sigactions[sig];
  if (next !== null) {
    p.sigactions[sig] = next;
    discardIfIgnored(p, sig);
  }
  if (oact !== 0) {
    const s = new Struct(32).u64(0, old.handler).u64(8, old.flags).u64(16, old.restorer);
    s.u32(24, old.maskLo).u32(28, old.maskHi);
    p.mem.writeBytes(oact, s.bytes);
  }
  return 0;
}

const SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;

/** rt_sigprocmask(how, set, oldset, sigsetsize) */
export function sysRtSigprocmask(_k: Kernel, p: Process): number {
  const cpu = p.cpu;
  if (arg(cpu, 3) !== SIGSET_SIZE) fail(EINVAL);
  const set = arg(cpu, 1), oset = arg(cpu, 2);
  const oldLo = p.sigmaskLo, oldHi = p.sigmaskHi;
  if (set !== 0) {
    const lo = p.mem.read32(set) & ~UNBLOCKABLE, hi = p.mem.read32(set + 4);
    const how = argInt(cpu, 0);
    if (how === SIG_BLOCK) {
      p.sigmaskLo = (oldLo | lo) >>> 0;
      p.sigmaskHi = (oldHi | hi) >>> 0;
    } else if (how === SIG_UNBLOCK) {
      p.sigmaskLo = (oldLo & ~lo) >>> 0;
      p.sigmaskHi = (oldHi & ~hi) >>> 0;
    } else if (how === SIG_SETMASK) {
      p.sigmaskLo = lo >>> 0;
      p.sigmaskHi = hi >>> 0;
    } else fail(EINVAL);
  }
  if (oset !== 0) p.mem.writeBytes(oset, new Struct(8).u32(0, oldLo).u32(4, oldHi).bytes);
  return 0;
}

/** rt_sigpending(set, sigsetsize): blocked signals pending for the thread or its process. */
export function sysRtSigpending(_k: Kernel, p: Process): number {
  const size = arg(p.cpu, 1);
  if (size > SIGSET_SIZE) fail(EINVAL);
  const t = p.thread;
  const lo = (t.pendingLo | p.pendingLo) & t.sigmaskLo;
  const hi = (t.pendingHi | p.pendingHi) & t.sigmaskHi;
  const s = new Struct(8).u32(0, lo >>> 0).u32(4, hi >>> 0);
  p.mem.writeBytes(arg(p.cpu, 0), s.bytes.subarray(0, size));
  return 0;
}

/** sigaltstack(ss, old_ss) */
export function sysSigaltstack(_k: Kernel, p: Process): number {
  const ss = arg(p.cpu, 0), oss = arg(p.cpu, 1);
  const t = p.thread;
  const sp = p.cpu.r[2 * RSP + 1] * 4294967296 + p.cpu.r[2 * RSP];
  const next = ss === 0
    ? null
    : { sp: readU64(p.mem, ss), flags: p.mem.read32(ss + 8), size: readU64(p.mem, ss + 16) };
  const old = queryAltStack(t, sp);
  if (next !== null) setAltStack(t, next, sp, MINSIGSTKSZ);
  if (oss !== 0) {
    p.mem.writeBytes(oss, new Struct(24).u64(0, old.sp).u32(8, old.flags).u64(16, old.size).bytes);
  }
  return 0;
}

/** rt_sigreturn(): back from a handler, to where the signal interrupted. */
export function sysRtSigreturn(_k: Kernel, p: Process): number {
  if (restoreFrame(p.thread)) return REGS_RESTORED;
  forceSignal(p.thread, kernelInfo(SIGSEGV));
  return 0;
}

function validSignal(sig: number): void {
  if (sig < 0 || sig > NSIG) fail(EINVAL);
}

/**
 * May `p` signal `q` (kill_ok_by_cred)? Root may signal anyone; others need
 * their real or effective uid to match the target's real or saved one, and
 * SIGCONT may always go to a process of the same session.
 */
export function mayKill(p: Process, q: Process, sig: number): boolean {
  const c = p.cred, d = q.cred;
  if (c.capEffective || (sig === SIGCONT && p.sid === q.sid)) return true;
  return c.euid === d.suid || c.euid === d.uid || c.uid === d.suid || c.uid === d.uid;
}

/** Signal each of `targets` (kill semantics): ESRCH if there are none, EPERM if none may be. */
function killAll(k: Kernel, p: Process, targets: Process[], sig: number): number {
  if (targets.length === 0) fail(ESRCH);
  let sent = 0;
  for (const q of targets) {
    if (!mayKill(p, q, sig)) continue;
    sent++;
    if (sig !== 0 && q.state === ProcState.Alive) {
      sendSignal(q, sig, limitedInfo(k.vfs.procs.values(), q.thread, sig, userInfo(p, sig)));
    }
  }
  return sent > 0 ? 0 : fail(EPERM);
}

/**
 * kill(pid, sig): a process (zombies exist but ignore signals), the
 * caller's group (0), another group (-pgid), or every process but init and
 * the caller (-1).
 */
export function sysKill(k: Kernel, p: Process): number {
  const pid = argInt(p.cpu, 0), sig = argInt(p.cpu, 1);
  validSignal(sig);
  const all = [...k.vfs.procs.values()];
  if (pid > 0) {
    const q = k.vfs.procs.get(pid);
    return killAll(k, p, q === undefined ? [] : [q], sig);
  }
  if (pid === -1) {
    return killAll(k, p, all.filter((q) => q !== p && q.state === ProcState.Alive), sig);
  }
  if (pid === -2147483648) fail(ESRCH);
  const pgid = pid === 0 ? p.pgid : -pid;
  return killAll(k, p, all.filter((q) => q.pgid === pgid && q.state === ProcState.Alive), sig);
}

/** tkill/tgkill to thread `tid` (of process `tgid`, unless it is 0). */
function threadKill(k: Kernel, p: Process, tgid: number, tid: number, sig: number): number {
  const t = k.threads.get(tid);
  if (t === undefined || (tgid !== 0 && t.proc.pid !== tgid)) fail(ESRCH);
  if (!mayKill(p, t.proc, sig)) fail(EPERM);
  if (sig !== 0) {
    sendThreadSignal(t, sig, limitedInfo(k.vfs.procs.values(), t, sig, userInfo(p, sig, SI_TKILL)));
  }
  return 0;
}

/** tgkill(tgid, tid, sig) */
export function sysTgkill(k: Kernel, p: Process): number {
  const tgid = argInt(p.cpu, 0), tid = argInt(p.cpu, 1), sig = argInt(p.cpu, 2);
  if (tgid <= 0 || tid <= 0) fail(EINVAL);
  validSignal(sig);
  return threadKill(k, p, tgid, tid, sig);
}

/** tkill(tid, sig) */
export function sysTkill(k: Kernel, p: Process): number {
  const tid = argInt(p.cpu, 0), sig = argInt(p.cpu, 1);
  if (tid <= 0) fail(EINVAL);
  validSignal(sig);
  return threadKill(k, p, 0, tid, sig);
}

/** Bytes of a siginfo Linux keeps (sizeof(struct kernel_siginfo)); the rest must be zero or is ignored. */
const KERNEL_SIGINFO_SIZE = 48;

/**
 * The siginfo at `addr` as a sender supplies it (copy_siginfo_from_user):
 * its first KERNEL_SIGINFO_SIZE bytes with si_signo set to `sig`. Only the
 * kernel may claim a kill()-style (si_code >= 0) or tgkill() origin when
 * signalling someone other than `self` (EPERM).
 */
export function userSiginfo(p: Process, addr: number, sig: number, target: number, self: number) {
  const raw = p.mem.readBytes(addr, KERNEL_SIGINFO_SIZE).slice();
  const v = new DataView(raw.buffer);
  v.setInt32(0, sig, true);
  const code = v.getInt32(8, true);
  if ((code >= 0 || code === SI_TKILL) && target !== self) fail(EPERM);
  return rawInfo(sig, raw);
}

/** rt_sigqueueinfo(tgid, sig, info): a signal with a siginfo of the caller's making, to a process. */
export function sysRtSigqueueinfo(k: Kernel, p: Process): number {
  const pid = argInt(p.cpu, 0), sig = argInt(p.cpu, 1);
  const info = userSiginfo(p, arg(p.cpu, 2), sig, pid, p.pid);
  const q = pid > 0 ? k.vfs.procs.get(pid) : undefined;
  if (q === undefined) fail(ESRCH);
  validSignal(sig);
  if (!mayKill(p, q, sig)) fail(EPERM);
  if (sig !== 0 && q.state === ProcState.Alive) {
    sendSignal(q, sig, limitedInfo(k.vfs.procs.values(), q.thread, sig, info));
  }
  return 0;
}

/** rt_tgsigqueueinfo(tgid, tid, sig, info): the same, to one thread of process `tgid`. */
export function sysRtTgsigqueueinfo(k: Kernel, p: Process): number {
  const tgid = argInt(p.cpu, 0), tid = argInt(p.cpu, 1), sig = argInt(p.cpu, 2);
  if (tgid <= 0 || tid <= 0) fail(EINVAL);
  const info = userSiginfo(p, arg(p.cpu, 3), sig, tid, p.thread.tid);
  const t = k.threads.get(tid);
  if (t === undefined || t.proc.pid !== tgid) fail(ESRCH);
  validSignal(sig);
  if (!mayKill(p, t.proc, sig)) fail(EPERM);
  if (sig !== 0) sendThreadSignal(t, sig, limitedInfo(k.vfs.procs.values(), t, sig, info));
  return 0;
}
