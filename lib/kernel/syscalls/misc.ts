/**
 * Smaller calls: eventfd/eventfd2, readahead, fadvise64, the scheduling
 * policy family, ioprio_get/ioprio_set, getitimer and membarrier.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { O_CLOEXEC, O_NONBLOCK, O_RDWR, OpenFile } from "../fd_table.ts";
import { EventFd } from "../fs/eventfd.ts";
import { arg, argInt, readI64, Struct, writeTimespec } from "./uaccess.ts";
import { fileOf, installFd } from "./common.ts";
import { E2BIG, EBADF, EINVAL, EPERM, ESPIPE, ESRCH, fail } from "../errno.ts";

const EFD_SEMAPHORE = 1;

function makeEventfd(k: Kernel, p: Process, initval: number, flags: number): number {
  if ((flags & ~(EFD_SEMAPHORE | O_CLOEXEC | O_NONBLOCK)) !== 0) fail(EINVAL);
  const n = k.vfs.newInode(k.vfs.anonFs, 0o600, p.cred.fsuid, p.cred.fsgid);
  n.eventfd = new EventFd(BigInt(initval), (flags & EFD_SEMAPHORE) !== 0);
  const f = new OpenFile(n, O_RDWR | (flags & O_NONBLOCK), "anon_inode:[eventfd]");
  return installFd(p, f, (flags & O_CLOEXEC) !== 0);
}

/** eventfd2(initval, flags) */
export function sysEventfd2(k: Kernel, p: Process): number {
  return makeEventfd(k, p, argInt(p.cpu, 0) >>> 0, argInt(p.cpu, 1));
}

/** eventfd(initval) */
export function sysEventfd(k: Kernel, p: Process): number {
  return makeEventfd(k, p, argInt(p.cpu, 0) >>> 0, 0);
}

/** readahead(fd, offset, count): page-cache hint; only readable regular files accept it. */
export function sysReadahead(_k: Kernel, p: Process): number {
  const f = fileOf(p, argInt(p.cpu, 0));
  if (!f.readable()) fail(EBADF);
  if (!f.inode.isReg()) fail(EINVAL);
  return 0;
}

/** fadvise64(fd, offset, len, advice): a hint; validated like Linux. */
export function sysFadvise64(_k: Kernel, p: Process): number {
  const f = fileOf(p, argInt(p.cpu, 0));
  const advice = argInt(p.cpu, 3);
  if (f.inode.pipe !== null || f.inode.hostFd >= 0) fail(ESPIPE);
  if (advice < 0 || advice > 5) fail(EINVAL);
  return 0;
}

/** Scheduling policies. */
const SCHED_OTHER = 0,
  SCHED_FIFO = 1,
  SCHED_RR = 2,
  SCHED_BATCH = 3,
  SCHED_IDLE = 5,
  SCHED_DEADLINE = 6;

function target(p: Process, pid: number): Process {
  if (pid < 0) fail(EINVAL);
  if (pid !== 0 && pid !== p.pid) fail(ESRCH);
  return p;
}

function realtime(policy: number): boolean {
  return policy === SCHED_FIFO || policy === SCHED_RR;
}

/** Validate and apply a policy and priority (sched_setscheduler rules). */
function setPolicy(p: Process, policy: number, prio: number): void {
  if (
    policy !== SCHED_OTHER && policy !== SCHED_BATCH && policy !== SCHED_IDLE && !realtime(policy)
  ) {
    fail(EINVAL);
  }
  if (realtime(policy) ? prio < 1 || prio > 99 : prio !== 0) fail(EINVAL);
  if (realtime(policy) && !p.cred.capEffective) fail(EPERM);
  p.schedPolicy = policy;
  p.schedPriority = prio;
}

/** sched_getscheduler(pid) */
export function sysSchedGetscheduler(_k: Kernel, p: Process): number {
  return target(p, argInt(p.cpu, 0)).schedPolicy;
}

/** sched_setscheduler(pid, policy, param) */
export function sysSchedSetscheduler(_k: Kernel, p: Process): number {
  const param = arg(p.cpu, 2);
  if (param === 0) fail(EINVAL);
  const prio = p.mem.read32(param) | 0;
  setPolicy(target(p, argInt(p.cpu, 0)), argInt(p.cpu, 1) & ~0x40000000, prio);
  return 0;
}

/** sched_getparam(pid, param) */
export function sysSchedGetparam(_k: Kernel, p: Process): number {
  const param = arg(p.cpu, 1);
  if (param === 0) fail(EINVAL);
  p.mem.write32(param, target(p, argInt(p.cpu, 0)).schedPriority);
  return 0;
}

/** sched_setparam(pid, param) */
export function sysSchedSetparam(_k: Kernel, p: Process): number {
  const param = arg(p.cpu, 1);
  if (param === 0) fail(EINVAL);
  const t = target(p, argInt(p.cpu, 0));
  setPolicy(t, t.schedPolicy, p.mem.read32(param) | 0);
  return 0;
}

/** sched_get_priority_max(policy) */
export function sysSchedGetPriorityMax(_k: Kernel, p: Process): number {
  const policy = argInt(p.cpu, 0);
  if (realtime(policy)) return 99;
  if (
    policy === SCHED_OTHER || policy === SCHED_BATCH || policy === SCHED_IDLE ||
    policy === SCHED_DEADLINE
  ) return 0;
  return fail(EINVAL);
}

/** sched_get_priority_min(policy) */
export function sysSchedGetPriorityMin(_k: Kernel, p: Process): number {
  const policy = argInt(p.cpu, 0);
  if (realtime(policy)) return 1;
  if (
    policy === SCHED_OTHER || policy === SCHED_BATCH || policy === SCHED_IDLE ||
    policy === SCHED_DEADLINE
  ) return 0;
  return fail(EINVAL);
}

/** Round-robin quantum of SCHED_RR (sched_rr_timeslice_ms default). */
const RR_TIMESLICE_NS = 100_000_000;

/** sched_rr_get_interval(pid, tp): the RR quantum, 0 for other policies. */
export function sysSchedRrGetInterval(_k: Kernel, p: Process): number {
  const t = target(p, argInt(p.cpu, 0));
  writeTimespec(p.mem, arg(p.cpu, 1), 0, t.schedPolicy === SCHED_RR ? RR_TIMESLICE_NS : 0);
  return 0;
}

/** sizeof(struct sched_attr) as of SCHED_ATTR_SIZE_VER1. */
const SCHED_ATTR_SIZE = 56;

/** sched_getattr(pid, attr, size, flags) */
export function sysSchedGetattr(_k: Kernel, p: Process): number {
  const attr = arg(p.cpu, 1), size = argInt(p.cpu, 2) >>> 0;
  if (attr === 0 || size > 4096 || size < 48 || argInt(p.cpu, 3) !== 0) fail(EINVAL);
  const t = target(p, argInt(p.cpu, 0));
  const n = Math.min(size, SCHED_ATTR_SIZE);
  const s = new Struct(SCHED_ATTR_SIZE).u32(0, n).u32(4, t.schedPolicy).u32(16, t.nice).u32(
    20,
    t.schedPriority,
  );
  p.mem.writeBytes(attr, s.bytes.subarray(0, n));
  return 0;
}

/** sched_setattr(pid, attr, flags): SCHED_DEADLINE is not supported (EINVAL as without CAP). */
export function sysSchedSetattr(_k: Kernel, p: Process): number {
  const attr = arg(p.cpu, 1);
  if (attr === 0 || argInt(p.cpu, 2) !== 0) fail(EINVAL);
  let size = p.mem.read32(attr);
  if (size === 0) size = 48;
  if (size < 48 || size > 4096) {
    p.mem.write32(attr, SCHED_ATTR_SIZE);
    fail(E2BIG);
  }
  for (let i = SCHED_ATTR_SIZE; i < size; i++) {
    if (p.mem.read8(attr + i) !== 0) {
      p.mem.write32(attr, SCHED_ATTR_SIZE);
      fail(E2BIG);
    }
  }
  const t = target(p, argInt(p.cpu, 0));
  const policy = p.mem.read32(attr + 4);
  const flags = readI64(p.mem, attr + 8);
  const nice = p.mem.read32(attr + 16) | 0;
  const prio = p.mem.read32(attr + 20);
  if (flags !== 0 || policy === SCHED_DEADLINE) fail(EINVAL);
  setPolicy(t, policy, prio);
  if (!realtime(policy)) {
    const clamped = Math.max(-20, Math.min(19, nice));
    if (clamped < t.nice && !t.cred.capEffective) fail(EPERM);
    t.nice = clamped;
  }
  return 0;
}

const IOPRIO_WHO_PROCESS = 1, IOPRIO_WHO_PGRP = 2, IOPRIO_WHO_USER = 3;
const IOPRIO_CLASS_RT = 1, IOPRIO_CLASS_IDLE = 3;

function ioprioTarget(p: Process): Process {
  const which = argInt(p.cpu, 0), who = argInt(p.cpu, 1);
  if (which === IOPRIO_WHO_PROCESS) return target(p, who);
  if (which === IOPRIO_WHO_PGRP) {
    if (who !== 0 && who !== p.pgid) fail(ESRCH);
    return p;
  }
  if (which === IOPRIO_WHO_USER) {
    if (who !== p.cred.uid) fail(ESRCH);
    return p;
  }
  return fail(EINVAL);
}

/** ioprio_get(which, who) */
export function sysIoprioGet(_k: Kernel, p: Process): number {
  return ioprioTarget(p).ioprio;
}

/** ioprio_set(which, who, ioprio) */
export function sysIoprioSet(_k: Kernel, p: Process): number {
  const prio = argInt(p.cpu, 2) & 0xffff;
  const cls = (prio >> 13) & 7;
  if (cls > IOPRIO_CLASS_IDLE) fail(EINVAL);
  if (cls === IOPRIO_CLASS_RT && !p.cred.capEffective) fail(EPERM);
  ioprioTarget(p).ioprio = prio;
  return 0;
}

/** membarrier commands (the RSEQ ones need rseq, which is not supported). */
const MB_QUERY = 0,
  MB_GLOBAL = 1,
  MB_GLOBAL_EXPEDITED = 2,
  MB_REGISTER_GLOBAL_EXPEDITED = 4,
  MB_PRIVATE_EXPEDITED = 8,
  MB_REGISTER_PRIVATE_EXPEDITED = 16,
  MB_PRIVATE_EXPEDITED_SYNC_CORE = 32,
  MB_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE = 64,
  MB_GET_REGISTRATIONS = 512;
const MB_SUPPORTED = MB_GLOBAL | MB_GLOBAL_EXPEDITED | MB_REGISTER_GLOBAL_EXPEDITED |
  MB_PRIVATE_EXPEDITED |
  MB_REGISTER_PRIVATE_EXPEDITED | MB_PRIVATE_EXPEDITED_SYNC_CORE |
  MB_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE |
  MB_GET_REGISTRATIONS;

/** membarrier(cmd, flags, cpu_id): with one thread every barrier is already complete. */
export function sysMembarrier(_k: Kernel, p: Process): number {
  const cmd = argInt(p.cpu, 0);
  if (argInt(p.cpu, 1) !== 0) fail(EINVAL);
  switch (cmd) {
    case MB_QUERY:
      return MB_SUPPORTED;
    case MB_GLOBAL:
    case MB_GLOBAL_EXPEDITED:
      return 0;
    case MB_REGISTER_GLOBAL_EXPEDITED:
    case MB_REGISTER_PRIVATE_EXPEDITED:
    case MB_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE:
      p.membarrierReg |= cmd;
      return 0;
    case MB_PRIVATE_EXPEDITED:
    case MB_PRIVATE_EXPEDITED_SYNC_CORE:
      if ((p.membarrierReg & (cmd * 2)) === 0) fail(EPERM);
      return 0;
    case MB_GET_REGISTRATIONS:
      return p.membarrierReg;
  }
  return fail(EINVAL);
}
