/**
 * What System V shared memory, semaphores and message queues have in
 * common (Linux ipc/util.c): the kern_ipc_perm of every object, the id
 * table that hands out ids as Linux does (index + sequence << 15, indexes
 * allocated cyclically), the lookup by key of shmget/semget/msgget, and
 * the permission rules (ipcperms, and owner-or-CAP_SYS_ADMIN for
 * IPC_SET/IPC_RMID).
 * @module
 */

import type { Credentials, Process } from "../process.ts";
import { inGroup } from "../fs/perm.ts";
import { EACCES, EEXIST, EINVAL, ENOENT, ENOSPC, EPERM, fail } from "../errno.ts";

/** ipc flags and commands shared by the three kinds. */
export const IPC_PRIVATE = 0,
  IPC_CREAT = 0o1000,
  IPC_EXCL = 0o2000,
  IPC_NOWAIT = 0o4000,
  IPC_RMID = 0,
  IPC_SET = 1,
  IPC_STAT = 2,
  IPC_INFO = 3;

/** The sequence number is stored above this many index bits (IPCMNI_SHIFT). */
const SEQ_SHIFT = 15;
/** Indexes run below this (IPCMNI); the sequence wraps below INT_MAX >> SEQ_SHIFT. */
const IPCMNI = 1 << SEQ_SHIFT, SEQ_MAX = 0x7fffffff >> SEQ_SHIFT;

/** Permission bits ipcperms compares (S_IRWXUGO). */
const S_IRWXUGO = 0o777;
/** Access requested of ipcperms: read (S_IRUGO) or write/alter (S_IWUGO). */
export const IPC_READ = 0o444, IPC_WRITE = 0o222;

/** kern_ipc_perm: identity and permissions of one IPC object. */
export class IpcPerm {
  /** Owner and group (IPC_SET changes them) and creator. */
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  /** Permission bits, plus kind-specific state bits (SHM_DEST, SHM_LOCKED). */
  mode: number;
  /** The object's id (index + seq << 15) and sequence number. */
  id = 0;
  seq = 0;
  /** Removed (IPC_RMID) or, for shared memory, destroyed: waiters see EIDRM. */
  deleted = false;

  constructor(
    /** The key it was created with; IPC_PRIVATE (0) after a shared memory segment is removed. */
    public key: number,
    cred: Credentials,
    mode: number,
  ) {
    this.uid = this.cuid = cred.euid;
    this.gid = this.cgid = cred.egid;
    this.mode = mode & S_IRWXUGO;
  }
}

/** Anything that lives in an id table. */
export interface IpcObject {
  perm: IpcPerm;
}

/** One kind's objects by index, with Linux's id allocation. */
export class IpcIds<T extends IpcObject> {
  /** Live objects by index (id % 32768). */
  readonly byIdx: Map<number, T> = new Map();
  /** Last index handed out (cyclic allocation continues after it) and the current sequence. */
  lastIdx = -1;
  seq = 0;

  constructor(
    /** How many objects may exist at once (shmmni, semmni, msgmni). */
    readonly limit: number,
  ) {}

  /** Give `obj` an id (ENOSPC when the table is full). */
  add(obj: T): number {
    if (this.byIdx.size >= this.limit) fail(ENOSPC);
    let idx = this.lastIdx + 1;
    while (idx < IPCMNI && this.byIdx.has(idx)) idx++;
    if (idx >= IPCMNI) {
      idx = 0;
      while (this.byIdx.has(idx)) idx++;
    }
    if (idx <= this.lastIdx && ++this.seq >= SEQ_MAX) this.seq = 0;
    this.lastIdx = idx;
    obj.perm.seq = this.seq;
    obj.perm.id = this.seq * IPCMNI + idx;
    this.byIdx.set(idx, obj);
    return obj.perm.id;
  }

  /** The object with id `id` (EINVAL if there is none, or it is negative or stale). */
  get(id: number): T {
    if (id < 0) fail(EINVAL);
    const obj = this.byIdx.get(id % IPCMNI);
    if (obj === undefined || obj.perm.id !== id) fail(EINVAL);
    return obj;
  }

  /** Take `obj` out of the table: its id and key no longer find it; waiters see EIDRM. */
  remove(obj: T): void {
    obj.perm.deleted = true;
    this.byIdx.delete(obj.perm.id % IPCMNI);
  }

  /** The live object created with `key` (never IPC_PRIVATE), if any. */
  findKey(key: number): T | undefined {
    for (const o of this.byIdx.values()) if (o.perm.key === key) return o;
    return undefined;
  }

  /** The highest index in use, or -1 (what IPC_INFO and the *_INFO commands return). */
  highestIdx(): number {
    let max = -1;
    for (const i of this.byIdx.keys()) if (i > max) max = i;
    return max;
  }
}

/**
 * The key lookup of shmget/semget/msgget (ipcget): a new object from
 * `create` for IPC_PRIVATE or a missing key with IPC_CREAT; for an
 * existing key, EEXIST under IPC_CREAT|IPC_EXCL, else the permissions the
 * flags' low bits ask for, then `check` (the kind's own test).
 */
export function ipcGet<T extends IpcObject>(
  ids: IpcIds<T>,
  cred: Credentials,
  key: number,
  flags: number,
  create: () => T,
  check: (obj: T) => void,
): number {
  if (key === IPC_PRIVATE) return ids.add(create());
  const obj = ids.findKey(key);
  if (obj === undefined) {
    if ((flags & IPC_CREAT) === 0) fail(ENOENT);
    return ids.add(create());
  }
  if ((flags & (IPC_CREAT | IPC_EXCL)) === (IPC_CREAT | IPC_EXCL)) fail(EEXIST);
  checkIpcPerm(cred, obj.perm, flags & S_IRWXUGO);
  check(obj);
  return obj.perm.id;
}

/** ipcperms: may `cred` use an object for `flag` (IPC_READ/IPC_WRITE bits)? CAP_IPC_OWNER may always. */
export function ipcPermitted(cred: Credentials, perm: IpcPerm, flag: number): boolean {
  const requested = (flag >> 6) | (flag >> 3) | flag;
  let granted = perm.mode;
  if (cred.euid === perm.cuid || cred.euid === perm.uid) granted >>= 6;
  else if (inGroup(cred, perm.cgid) || inGroup(cred, perm.gid)) granted >>= 3;
  return (requested & ~granted & 7) === 0 || cred.capEffective;
}

/** Fail with EACCES unless ipcperms allows `flag`. */
export function checkIpcPerm(cred: Credentials, perm: IpcPerm, flag: number): void {
  if (!ipcPermitted(cred, perm, flag)) fail(EACCES);
}

/**
 * The IPC_STAT, X_STAT and X_STAT_ANY commands of shmctl, semctl and msgctl:
 * IPC_STAT names an object by id, the other two by index, and X_STAT_ANY (`any`)
 * skips the read permission check. Writes `ds(obj)` at `buf`; returns 0 for
 * IPC_STAT, else the object's id.
 */
export function ipcStat<T extends IpcObject>(
  p: Process,
  ids: IpcIds<T>,
  cmd: number,
  any: number,
  id: number,
  buf: number,
  ds: (obj: T) => Uint8Array,
): number {
  const obj = cmd === IPC_STAT ? ids.get(id) : ids.byIdx.get(id) ?? fail(EINVAL);
  if (cmd !== any) checkIpcPerm(p.cred, obj.perm, IPC_READ);
  p.mem.writeBytes(buf, ds(obj));
  return cmd === IPC_STAT ? 0 : obj.perm.id;
}

/** IPC_SET and IPC_RMID: only the owner, the creator or CAP_SYS_ADMIN (EPERM). */
export function checkIpcOwner(cred: Credentials, perm: IpcPerm): void {
  if (cred.euid !== perm.cuid && cred.euid !== perm.uid && !cred.capEffective) fail(EPERM);
}

/** IPC_SET of the common part: new owner, group and permission bits. */
export function setIpcPerm(perm: IpcPerm, uid: number, gid: number, mode: number): void {
  perm.uid = uid;
  perm.gid = gid;
  perm.mode = (perm.mode & ~S_IRWXUGO) | (mode & S_IRWXUGO);
}

/** Size of struct ipc64_perm, the head of shmid64_ds, semid64_ds and msqid64_ds. */
export const IPC_PERM_SIZE = 48;

/** Fill struct ipc64_perm at `off` of `v`. */
export function putIpcPerm(v: DataView, off: number, perm: IpcPerm): void {
  v.setInt32(off, perm.key, true);
  v.setUint32(off + 4, perm.uid, true);
  v.setUint32(off + 8, perm.gid, true);
  v.setUint32(off + 12, perm.cuid, true);
  v.setUint32(off + 16, perm.cgid, true);
  v.setUint32(off + 20, perm.mode, true);
  v.setUint16(off + 24, perm.seq, true);
}
