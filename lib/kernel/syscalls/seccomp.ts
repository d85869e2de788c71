/**
 * seccomp(2) and prctl's PR_SET_SECCOMP: strict mode, where a thread may
 * only read, write, exit and return from signal handlers (any other call
 * kills it with SIGKILL); filter mode, where classic BPF programs
 * (lib/kernel/seccomp_bpf.ts) judge each call from its struct seccomp_data;
 * and the queries of the actions and notification sizes this kernel knows.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import type { Thread } from "../thread.ts";
import { BPF_MAXINSNS, runFilter, SECCOMP_DATA_SIZE, validFilter } from "../seccomp_bpf.ts";
import { exitThread } from "../lifecycle.ts";
import { forceSignal, rawInfo } from "../signals.ts";
import { arg, argInt, readU64, Struct } from "./uaccess.ts";
import { EACCES, EINVAL, ENOMEM, ENOSYS, EOPNOTSUPP, fail } from "../errno.ts";

/** Modes and operations. */
export const SECCOMP_MODE_STRICT = 1, SECCOMP_MODE_FILTER = 2;
const SECCOMP_SET_MODE_STRICT = 0,
  SECCOMP_SET_MODE_FILTER = 1,
  SECCOMP_GET_ACTION_AVAIL = 2,
  SECCOMP_GET_NOTIF_SIZES = 3;

/** SECCOMP_RET_* actions Linux knows (what SECCOMP_GET_ACTION_AVAIL accepts). */
const ACTIONS = new Set([
  0x80000000, // KILL_PROCESS
  0x00000000, // KILL_THREAD
  0x00030000, // TRAP
  0x00050000, // ERRNO
  0x7fc00000, // USER_NOTIF
  0x7ff00000, // TRACE
  0x7ffc0000, // LOG
  0x7fff0000, // ALLOW
]);

/** The calls strict mode allows: read, write, exit, rt_sigreturn. */
const STRICT_ALLOWED = new Set([0, 1, 60, 15]);

const RET_KILL_PROCESS = 0x80000000,
  RET_TRAP = 0x00030000,
  RET_ERRNO = 0x00050000,
  RET_USER_NOTIF = 0x7fc00000,
  RET_TRACE = 0x7ff00000,
  RET_LOG = 0x7ffc0000,
  RET_ALLOW = 0x7fff0000;
/** AUDIT_ARCH_X86_64, SIGSYS, SYS_SECCOMP (si_code), MAX_ERRNO; MAX_INSNS_PER_PATH. */
const AUDIT_ARCH_X86_64 = 0xc000003e, SIGSYS = 31, SYS_SECCOMP = 1, MAX_ERRNO = 4095;
const MAX_INSNS_PER_PATH = 32768;
const SIGKILL = 9;
/** RDI RSI RDX R10 R8 R9 as register numbers. */
const ARG_REGS = [7, 6, 2, 10, 8, 9];

/** struct seccomp_data for thread `t` entering call `nr`. */
function seccompData(t: Thread, nr: number): DataView {
  const v = new DataView(new ArrayBuffer(SECCOMP_DATA_SIZE));
  const cpu = t.cpu;
  v.setInt32(0, nr, true);
  v.setUint32(4, AUDIT_ARCH_X86_64, true);
  v.setBigUint64(8, BigInt(cpu.rip), true);
  ARG_REGS.forEach((r, i) => {
    v.setUint32(16 + 8 * i, cpu.r[2 * r], true);
    v.setUint32(20 + 8 * i, cpu.r[2 * r + 1], true);
  });
  return v;
}

/** The action of highest precedence among the filters' results (seccomp_run_filters). */
function filterVerdict(t: Thread, nr: number): number {
  const data = seccompData(t, nr);
  let ret = RET_ALLOW;
  for (const f of t.seccompFilters) {
    const cur = runFilter(f, data);
    if ((cur & 0xffff0000) < (ret & 0xffff0000)) ret = cur; // signed: KILL_PROCESS comes first
  }
  return ret >>> 0;
}

/**
 * What seccomp makes of thread `t` entering call `nr`: null to run it,
 * else the value RAX gets while the call is skipped (the thread may have
 * been killed or sent SIGSYS).
 */
export function seccompIntercept(t: Thread, nr: number, k: Kernel): number | null {
  const p = t.proc;
  if (t.seccompMode === SECCOMP_MODE_STRICT) {
    if (STRICT_ALLOWED.has(nr)) return null;
    p.termSignal = SIGKILL;
    return 0;
  }
  const ret = filterVerdict(t, nr);
  const action = (ret & 0xffff0000) >>> 0, data = ret & 0xffff;
  switch (action) {
    case RET_ALLOW:
    case RET_LOG:
      return null;
    case RET_ERRNO:
      return -Math.min(data, MAX_ERRNO);
    case RET_TRACE:
    case RET_USER_NOTIF:
      return -ENOSYS; // no tracer, no listener
    case RET_TRAP: {
      const raw = new Uint8Array(48);
      const v = new DataView(raw.buffer);
      v.setInt32(0, SIGSYS, true);
      v.setInt32(4, data, true);
      v.setInt32(8, SYS_SECCOMP, true);
      v.setBigUint64(16, BigInt(t.cpu.rip), true);
      v.setInt32(24, nr, true);
      v.setUint32(28, AUDIT_ARCH_X86_64, true);
      forceSignal(t, rawInfo(SIGSYS, raw));
      return nr; // syscall_rollback: RAX holds the call number again
    }
    default:
      // KILL_THREAD ends only the thread while others live; otherwise the process dies of SIGSYS.
      if (action !== RET_KILL_PROCESS && p.threads.length > 1) exitThread(k, t);
      else p.termSignal = SIGSYS;
      return 0;
  }
}

const FLAG_TSYNC = 1, FLAG_NEW_LISTENER = 8, FLAG_TSYNC_ESRCH = 16, FLAG_WAIT_KILLABLE_RECV = 32;

/** seccomp_set_mode_filter: validate and install the program at `uargs` (struct sock_fprog). */
function setModeFilter(p: Process, flags: number, uargs: number): number {
  if ((flags & ~0x3f) !== 0) fail(EINVAL);
  if ((flags & FLAG_WAIT_KILLABLE_RECV) !== 0 && (flags & FLAG_NEW_LISTENER) === 0) fail(EINVAL);
  const len = p.mem.read16(uargs), filter = readU64(p.mem, uargs + 8);
  if (len === 0 || len > BPF_MAXINSNS) fail(EINVAL);
  if (p.noNewPrivs === 0 && !p.cred.capEffective) fail(EACCES);
  const prog = p.mem.readBytes(filter, 8 * len).slice();
  if (!validFilter(prog)) fail(EINVAL);
  // No listener descriptors: a notification listener cannot be created.
  if ((flags & FLAG_NEW_LISTENER) !== 0) fail(EINVAL);
  const t = p.thread;
  if (t.seccompMode === SECCOMP_MODE_STRICT) fail(EINVAL);
  let total = len;
  for (const f of t.seccompFilters) total += f.length / 8 + 4;
  if (total > MAX_INSNS_PER_PATH) fail(ENOMEM);
  const filters = [prog, ...t.seccompFilters];
  const targets = (flags & (FLAG_TSYNC | FLAG_TSYNC_ESRCH)) !== 0 ? p.threads : [t];
  for (const o of targets) {
    o.seccompMode = SECCOMP_MODE_FILTER;
    o.seccompFilters = filters;
  }
  return 0;
}

/** do_seccomp: one operation with its flags and argument pointer. */
export function doSeccomp(p: Process, op: number, flags: number, uargs: number): number {
  switch (op) {
    case SECCOMP_SET_MODE_STRICT: {
      if (flags !== 0 || uargs !== 0) fail(EINVAL);
      const t = p.thread;
      if (t.seccompMode !== 0 && t.seccompMode !== SECCOMP_MODE_STRICT) fail(EINVAL);
      t.seccompMode = SECCOMP_MODE_STRICT;
      return 0;
    }
    case SECCOMP_SET_MODE_FILTER:
      return setModeFilter(p, flags, uargs);
    case SECCOMP_GET_ACTION_AVAIL:
      if (flags !== 0) fail(EINVAL);
      if (!ACTIONS.has(p.mem.read32(uargs))) fail(EOPNOTSUPP);
      return 0;
    case SECCOMP_GET_NOTIF_SIZES:
      if (flags !== 0) fail(EINVAL);
      // struct seccomp_notif, seccomp_notif_resp and seccomp_data.
      p.mem.writeBytes(uargs, new Struct(6).u16(0, 80).u16(2, 24).u16(4, 64).bytes);
      return 0;
  }
  fail(EINVAL);
}

/** seccomp(operation, flags, args) */
export function sysSeccomp(_k: Kernel, p: Process): number {
  return doSeccomp(p, argInt(p.cpu, 0) >>> 0, argInt(p.cpu, 1) >>> 0, arg(p.cpu, 2));
}
