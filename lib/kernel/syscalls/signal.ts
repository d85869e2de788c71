/**
 * Signal state: rt_sigaction, rt_sigprocmask, rt_sigpending, sigaltstack,
 * and kill/tkill/tgkill aimed at the process itself. Handlers are recorded
 * but not yet invoked: a signal that would run one stays pending.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import {
  discardIfIgnored,
  NSIG,
  recheckPending,
  sendSignal,
  SIGKILL,
  SIGSTOP,
} from "../signals.ts";
import { arg, argInt, readI64, readU64, Struct } from "./uaccess.ts";
import { EINVAL, ENOMEM, ESRCH, fail } from "../errno.ts";

/** sizeof(sigset_t) in the kernel ABI. */
const SIGSET_SIZE = 8;
/** Bits of SIGKILL and SIGSTOP, which can never be blocked. */
const UNBLOCKABLE = (1 << (SIGKILL - 1)) | (1 << (SIGSTOP - 1));

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
      flags: readU64(p.mem, act + 8),
      restorer: readU64(p.mem, act + 16),
      maskLo: p.mem.read32(act + 24) & ~UNBLOCKABLE,
      maskHi: p.mem.read32(act + 28),
    };
  }
  if (sig < 1 || sig > NSIG || (next !== null && (sig === SIGKILL || sig === SIGSTOP))) {
    fail(EINVAL);
  }
  const old = p.sigactions[sig];
  if (next !== null) {
    next.maskLo >>>= 0;
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
  recheckPending(p);
  return 0;
}

/** rt_sigpending(set, sigsetsize): pending signals that are blocked. */
export function sysRtSigpending(_k: Kernel, p: Process): number {
  const size = arg(p.cpu, 1);
  if (size > SIGSET_SIZE) fail(EINVAL);
  const s = new Struct(8).u32(0, p.pendingLo & p.sigmaskLo).u32(4, p.pendingHi & p.sigmaskHi);
  p.mem.writeBytes(arg(p.cpu, 0), s.bytes.subarray(0, size));
  return 0;
}

const SS_ONSTACK = 1, SS_DISABLE = 2, SS_AUTODISARM = 1 << 31;
/** MINSIGSTKSZ on x86-64. */
const MINSIGSTKSZ = 2048;

/** sigaltstack(ss, old_ss) */
export function sysSigaltstack(_k: Kernel, p: Process): number {
  const ss = arg(p.cpu, 0), oss = arg(p.cpu, 1);
  const old = new Struct(24).u64(0, p.altSp).u32(8, p.altFlags).u64(16, p.altSize);
  if (ss !== 0) {
    const sp = readU64(p.mem, ss);
    const flags = p.mem.read32(ss + 8);
    const size = readI64(p.mem, ss + 16);
    const mode = flags & ~SS_AUTODISARM;
    if (mode !== 0 && mode !== SS_DISABLE && mode !== SS_ONSTACK) fail(EINVAL);
    if (mode === SS_DISABLE) {
      p.altSp = 0;
      p.altSize = 0;
      p.altFlags = SS_DISABLE;
    } else {
      if (size < MINSIGSTKSZ) fail(ENOMEM);
      p.altSp = sp;
      p.altSize = size;
      p.altFlags = (flags & SS_AUTODISARM) >>> 0;
    }
  }
  if (oss !== 0) p.mem.writeBytes(oss, old.bytes);
  return 0;
}

function validSignal(sig: number): void {
  if (sig < 0 || sig > NSIG) fail(EINVAL);
}

/** kill(pid, sig): this process is the only one the caller can reach. */
export function sysKill(_k: Kernel, p: Process): number {
  const pid = argInt(p.cpu, 0), sig = argInt(p.cpu, 1);
  validSignal(sig);
  // pid -1 means every process except init and the caller: there is none.
  const hits = pid > 0 ? pid === p.pid : pid === 0 ? true : pid === -1 ? false : -pid === p.pgid;
  if (!hits) fail(ESRCH);
  if (sig !== 0) sendSignal(p, sig);
  return 0;
}

/** tgkill(tgid, tid, sig) */
export function sysTgkill(_k: Kernel, p: Process): number {
  const tgid = argInt(p.cpu, 0), tid = argInt(p.cpu, 1), sig = argInt(p.cpu, 2);
  if (tgid <= 0 || tid <= 0) fail(EINVAL);
  validSignal(sig);
  if (tgid !== p.pid || tid !== p.pid) fail(ESRCH);
  if (sig !== 0) sendSignal(p, sig);
  return 0;
}

/** tkill(tid, sig) */
export function sysTkill(_k: Kernel, p: Process): number {
  const tid = argInt(p.cpu, 0), sig = argInt(p.cpu, 1);
  if (tid <= 0) fail(EINVAL);
  validSignal(sig);
  if (tid !== p.pid) fail(ESRCH);
  if (sig !== 0) sendSignal(p, sig);
  return 0;
}
