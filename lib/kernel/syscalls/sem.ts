/**
 * System V semaphore calls: semget, semop, semtimedop and semctl, with
 * Linux's argument checks, errnos and struct layouts. A semop that must
 * wait blocks the thread (a `sem` wait) until the set changes; removal
 * wakes it with EIDRM, a signal with a handler with EINTR, the timeout of
 * semtimedop with EAGAIN.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import {
  checkIpcOwner,
  checkIpcPerm,
  IPC_INFO,
  IPC_PERM_SIZE,
  IPC_READ,
  IPC_RMID,
  IPC_SET,
  IPC_STAT,
  IPC_WRITE,
  ipcGet,
  ipcStat,
  putIpcPerm,
  setIpcPerm,
} from "../ipc/ids.ts";
import { type SemOp, SemSet, SEMVMX, semWaiters, trySemop } from "../ipc/sem.ts";
import { block } from "../thread.ts";
import { arg, argInt, readTimespec, Struct } from "./uaccess.ts";
import { E2BIG, EAGAIN, EFBIG, EIDRM, EINVAL, ENOSPC, ERANGE, fail } from "../errno.ts";

/** semctl commands beyond the IPC_* ones. */
const GETPID = 11,
  GETVAL = 12,
  GETALL = 13,
  GETNCNT = 14,
  GETZCNT = 15,
  SETVAL = 16,
  SETALL = 17,
  SEM_STAT = 18,
  SEM_INFO = 19,
  SEM_STAT_ANY = 20;
/** Linux's default limits (/proc/sys/kernel/sem): SEMMSL, SEMMNS, SEMOPM, SEMMNI. */
const SEMMSL = 32000, SEMMNS = 1_024_000_000, SEMOPM = 500, SEMMNI = 32000;

/** semget(key, nsems, semflg) */
export function sysSemget(k: Kernel, p: Process): number {
  const key = argInt(p.cpu, 0), nsems = argInt(p.cpu, 1), flags = argInt(p.cpu, 2);
  if (nsems < 0 || nsems > SEMMSL) fail(EINVAL);
  return ipcGet(k.ipc.sem, p.cred, key, flags, () => {
    if (nsems === 0) fail(EINVAL);
    if (usedSems(k) + nsems > SEMMNS) fail(ENOSPC);
    return new SemSet(key, p.cred, flags, nsems, k.vfs.nowS);
  }, (set) => {
    if (nsems > set.vals.length) fail(EINVAL);
  });
}

/** Semaphores in all sets. */
function usedSems(k: Kernel): number {
  let n = 0;
  for (const s of k.ipc.sem.byIdx.values()) n += s.vals.length;
  return n;
}

/** semop(semid, sops, nsops) */
export function sysSemop(k: Kernel, p: Process): number {
  return semtimedop(k, p, 0);
}

/** semtimedop(semid, sops, nsops, timeout): the timeout is relative; when it passes, EAGAIN. */
export function sysSemtimedop(k: Kernel, p: Process): number {
  return semtimedop(k, p, arg(p.cpu, 3));
}

function semtimedop(k: Kernel, p: Process, timeout: number): number {
  const cpu = p.cpu;
  const id = argInt(cpu, 0), sops = arg(cpu, 1), nsops = argInt(cpu, 2) >>> 0;
  const t = p.thread;
  const w = t.wait !== null && t.wait.kind === "sem" ? t.wait : null;
  const ts = w === null && timeout !== 0 ? readTimespec(p.mem, timeout, false) : null;
  if (nsops < 1 || id < 0) fail(EINVAL);
  if (nsops > SEMOPM) fail(E2BIG);
  const raw = p.mem.readBytes(sops, nsops * 6);
  const v = new DataView(raw.buffer);
  const ops: SemOp[] = [];
  let max = 0, alter = false;
  for (let i = 0; i < nsops; i++) {
    const o = {
      num: v.getUint16(6 * i, true),
      op: v.getInt16(6 * i + 2, true),
      flg: v.getInt16(6 * i + 4, true),
    };
    ops.push(o);
    if (o.num > max) max = o.num;
    if (o.op !== 0) alter = true;
  }
  let deadline = w?.deadline ?? null;
  if (ts !== null) {
    if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1e9) fail(EINVAL);
    deadline = k.nowNs + ts[0] * 1e9 + ts[1];
  }
  if (w !== null && w.set.perm.deleted) fail(EIDRM);
  const set = k.ipc.sem.get(id);
  if (max >= set.vals.length) fail(EFBIG);
  checkIpcPerm(p.cred, set.perm, alter ? IPC_WRITE : IPC_READ);
  const blocked = trySemop(set, ops, p.pid, k.vfs.nowS);
  if (blocked < 0) return 0;
  if (deadline !== null && k.nowNs >= deadline) fail(EAGAIN);
  const o = ops[blocked];
  return block(t, { kind: "sem", set, gen: set.gen, num: o.num, zero: o.op === 0, deadline });
}

/** IPC_INFO/SEM_INFO: struct seminfo (SEM_INFO puts the sets and semaphores in use in semusz and semaem). */
function semInfo(k: Kernel, usage: boolean): Uint8Array {
  const s = new Struct(40);
  const fields = [
    SEMMNS, // semmap
    SEMMNI,
    SEMMNS,
    SEMMNS, // semmnu
    SEMMSL,
    SEMOPM,
    SEMOPM, // semume
    usage ? k.ipc.sem.byIdx.size : 20, // semusz
    SEMVMX,
    usage ? usedSems(k) : SEMVMX, // semaem
  ];
  fields.forEach((f, i) => s.u32(4 * i, f));
  return s.bytes;
}

/** struct semid64_ds of `set`. */
function semidDs(set: SemSet): Uint8Array {
  const s = new Struct(104);
  putIpcPerm(s.view, 0, set.perm);
  return s.u64(IPC_PERM_SIZE, set.otime).u64(64, set.ctime).u64(80, set.vals.length).bytes;
}

/** semctl(semid, semnum, cmd, arg): `arg` is the union semun passed by value. */
export function sysSemctl(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const id = argInt(cpu, 0), num = argInt(cpu, 1), cmd = argInt(cpu, 2), ptr = arg(cpu, 3);
  if (id < 0) fail(EINVAL);
  const ids = k.ipc.sem;
  const now = k.vfs.nowS;
  switch (cmd) {
    case IPC_INFO:
    case SEM_INFO:
      p.mem.writeBytes(ptr, semInfo(k, cmd === SEM_INFO));
      return Math.max(ids.highestIdx(), 0);
    case IPC_STAT:
    case SEM_STAT:
    case SEM_STAT_ANY:
      return ipcStat(p, ids, cmd, SEM_STAT_ANY, id, ptr, semidDs);
    case GETALL:
    case GETVAL:
    case GETPID:
    case GETNCNT:
    case GETZCNT:
    case SETALL: {
      const set = ids.get(id);
      const n = set.vals.length;
      checkIpcPerm(p.cred, set.perm, cmd === SETALL ? IPC_WRITE : IPC_READ);
      if (cmd === GETALL) {
        const out = new Struct(2 * n);
        set.vals.forEach((x, i) => out.u16(2 * i, x));
        p.mem.writeBytes(ptr, out.bytes);
        return 0;
      }
      if (cmd === SETALL) {
        const raw = p.mem.readBytes(ptr, 2 * n);
        const v = new DataView(raw.buffer);
        const vals: number[] = [];
        for (let i = 0; i < n; i++) vals.push(v.getUint16(2 * i, true));
        if (vals.some((x) => x > SEMVMX)) fail(ERANGE);
        set.clearUndo(-1);
        vals.forEach((x, i) => {
          set.vals[i] = x;
          set.pids[i] = p.pid;
        });
        set.ctime = now;
        set.gen++;
        return 0;
      }
      if (num < 0 || num >= n) fail(EINVAL);
      if (cmd === GETVAL) return set.vals[num];
      if (cmd === GETPID) return set.pids[num];
      return semWaiters(k, set, num, cmd === GETZCNT);
    }
    case SETVAL: {
      const val = argInt(cpu, 3);
      if (val > SEMVMX || val < 0) fail(ERANGE);
      const set = ids.get(id);
      if (num < 0 || num >= set.vals.length) fail(EINVAL);
      checkIpcPerm(p.cred, set.perm, IPC_WRITE);
      set.clearUndo(num);
      set.vals[num] = val;
      set.pids[num] = p.pid;
      set.ctime = now;
      set.gen++;
      return 0;
    }
    case IPC_SET:
    case IPC_RMID: {
      const ds = cmd === IPC_SET ? new DataView(p.mem.readBytes(ptr, 104).buffer) : null;
      const set = ids.get(id);
      checkIpcOwner(p.cred, set.perm);
      if (ds === null) {
        ids.remove(set);
        set.gen++;
        return 0;
      }
      setIpcPerm(set.perm, ds.getUint32(4, true), ds.getUint32(8, true), ds.getUint32(20, true));
      set.ctime = now;
      return 0;
    }
    default:
      return fail(EINVAL);
  }
}
