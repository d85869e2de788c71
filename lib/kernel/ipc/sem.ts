/**
 * System V semaphore sets (Linux ipc/sem.c): values, the all-or-nothing
 * semop, and SEM_UNDO adjustments applied when a process exits.
 *
 * A semop that cannot proceed waits (a `sem` thread wait naming the set
 * and the operation it blocked on, which is what GETNCNT/GETZCNT count)
 * until the set changes (`gen` moves), then tries all its operations again.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Credentials, Process } from "../process.ts";
import { IpcPerm } from "./ids.ts";
import { ThreadState } from "../thread.ts";
import { EAGAIN, ERANGE, fail } from "../errno.ts";

/** Largest semaphore value (SEMVMX) and largest undo adjustment (SEMAEM). */
export const SEMVMX = 32767, SEMAEM = SEMVMX;
/** sem_flg bits. */
export const SEM_UNDO = 0x1000;
const IPC_NOWAIT = 0o4000;

/** One operation of a semop call (struct sembuf). */
export interface SemOp {
  num: number;
  op: number;
  flg: number;
}

/** A process's SEM_UNDO adjustments for one set (struct sem_undo). */
export interface SemUndo {
  pid: number;
  adj: number[];
}

/** One semaphore set (struct sem_array). */
export class SemSet {
  readonly perm: IpcPerm;
  readonly vals: number[];
  /** Last process to change each semaphore (GETPID). */
  readonly pids: number[];
  /** Last semop and last change (creation, IPC_SET, SETVAL, SETALL), wall-clock seconds. */
  otime = 0;
  ctime: number;
  /** Bumped by every change of values, and by removal: what waiters watch. */
  gen = 0;
  /** SEM_UNDO adjustments by process. */
  undos: SemUndo[] = [];

  constructor(key: number, cred: Credentials, mode: number, nsems: number, now: number) {
    this.perm = new IpcPerm(key, cred, mode);
    this.vals = new Array(nsems).fill(0);
    this.pids = new Array(nsems).fill(0);
    this.ctime = now;
  }

  /** The undo adjustments of process `pid`, created on first use. */
  undoOf(pid: number): SemUndo {
    let u = this.undos.find((x) => x.pid === pid);
    if (u === undefined) {
      u = { pid, adj: new Array(this.vals.length).fill(0) };
      this.undos.push(u);
    }
    return u;
  }

  /** SETVAL/SETALL: the adjustments of semaphore `num` (all when -1) are forgotten in every process. */
  clearUndo(num: number): void {
    for (const u of this.undos) {
      if (num < 0) u.adj.fill(0);
      else u.adj[num] = 0;
    }
  }
}

/**
 * Linux's perform_atomic_semop: apply every operation or none. Returns -1
 * on success, else the index of the operation that must wait; fails with
 * ERANGE (a value or adjustment out of range) or EAGAIN (the blocking
 * operation has IPC_NOWAIT).
 */
export function trySemop(set: SemSet, ops: SemOp[], pid: number, now: number): number {
  const vals = set.vals.slice();
  const undo = ops.some((o) => (o.flg & SEM_UNDO) !== 0) ? set.undoOf(pid) : null;
  const adj = undo === null ? null : undo.adj.slice();
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i];
    const cur = vals[o.num];
    const result = cur + o.op;
    if ((o.op === 0 && cur !== 0) || result < 0) {
      if ((o.flg & IPC_NOWAIT) !== 0) fail(EAGAIN);
      return i;
    }
    if (result > SEMVMX) fail(ERANGE);
    if ((o.flg & SEM_UNDO) !== 0) {
      const a = adj![o.num] - o.op;
      if (a < -SEMAEM - 1 || a > SEMAEM) fail(ERANGE);
      adj![o.num] = a;
    }
    vals[o.num] = result;
  }
  for (let i = 0; i < vals.length; i++) set.vals[i] = vals[i];
  if (undo !== null) undo.adj = adj!;
  for (const o of ops) set.pids[o.num] = pid;
  set.otime = now;
  if (ops.some((o) => o.op !== 0)) set.gen++;
  return -1;
}

/** GETNCNT (`zero` false) or GETZCNT: threads whose semop waits on semaphore `num` of `set`. */
export function semWaiters(k: Kernel, set: SemSet, num: number, zero: boolean): number {
  let n = 0;
  for (const t of k.threads.values()) {
    const w = t.wait;
    if (
      t.state === ThreadState.Blocked && w !== null && w.kind === "sem" && w.set === set &&
      w.num === num && w.zero === zero
    ) n++;
  }
  return n;
}

/**
 * Process `p` exits: its SEM_UNDO adjustments are added to the values,
 * each result clamped to 0..SEMVMX (exit_sem), in every set still alive.
 */
export function exitSem(k: Kernel, p: Process): void {
  for (const set of k.ipc.sem.byIdx.values()) {
    const i = set.undos.findIndex((u) => u.pid === p.pid);
    if (i < 0) continue;
    const u = set.undos[i];
    set.undos.splice(i, 1);
    for (let n = 0; n < u.adj.length; n++) {
      if (u.adj[n] === 0) continue;
      set.vals[n] = Math.min(SEMVMX, Math.max(0, set.vals[n] + u.adj[n]));
      set.pids[n] = p.pid;
    }
    set.otime = k.vfs.nowS;
    set.gen++;
  }
}
