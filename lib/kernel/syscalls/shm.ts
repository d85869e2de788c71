/**
 * System V shared memory calls: shmget, shmat, shmdt and shmctl, with
 * Linux's argument checks, errnos and struct shmid64_ds layout.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { PAGE_SIZE, pageUp, PROT_EXEC, PROT_READ, PROT_WRITE } from "../../exec/memory.ts";
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
import { attachShm, destroyShm, detachShm, SHM_DEST, SHM_LOCKED, ShmSegment } from "../ipc/shm.ts";
import { dropFileMaps } from "../vma.ts";
import { placement } from "./mm.ts";
import { arg, argInt, Struct, TASK_SIZE } from "./uaccess.ts";
import { RLIMIT_MEMLOCK } from "../process.ts";
import { EINVAL, ENOMEM, EPERM, fail } from "../errno.ts";

/** shmget/shmat flags and shmctl commands. */
const SHM_HUGETLB = 0o4000,
  SHM_RDONLY = 0o10000,
  SHM_RND = 0o20000,
  SHM_REMAP = 0o40000,
  SHM_EXEC = 0o100000,
  SHM_LOCK = 11,
  SHM_UNLOCK = 12,
  SHM_STAT = 13,
  SHM_INFO = 14,
  SHM_STAT_ANY = 15;
/** Linux's default limits: SHMMAX and SHMALL (ULONG_MAX - 2^24, bytes and pages), SHMMNI, SHMMIN. */
const SHMMAX = 18446744073692774399n, SHMMNI = 4096, SHMMIN = 1;
/** Attach addresses must be multiples of SHMLBA (the page size on x86-64). */
const SHMLBA = PAGE_SIZE;

/** shmget(key, size, shmflg) */
export function sysShmget(k: Kernel, p: Process): number {
  const key = argInt(p.cpu, 0), size = arg(p.cpu, 1), flags = argInt(p.cpu, 2);
  return ipcGet(k.ipc.shm, p.cred, key, flags, () => {
    if (size < SHMMIN || BigInt(size) > SHMMAX) fail(EINVAL);
    if ((flags & SHM_HUGETLB) !== 0) fail(ENOMEM); // no huge pages are reserved
    return new ShmSegment(key, p.cred, flags, size, p.pid, k.vfs.nowS);
  }, (seg) => {
    if (seg.size < size) fail(EINVAL);
  });
}

/** shmat(shmid, shmaddr, shmflg): the address the segment is attached at. */
export function sysShmat(k: Kernel, p: Process): number {
  const id = argInt(p.cpu, 0), flags = argInt(p.cpu, 2);
  let addr = arg(p.cpu, 1);
  if (id < 0) fail(EINVAL);
  if (addr !== 0) {
    if (addr % SHMLBA !== 0) {
      if ((flags & SHM_RND) === 0) fail(EINVAL);
      addr -= addr % SHMLBA;
      if (addr === 0 && (flags & SHM_REMAP) !== 0) fail(EINVAL);
    }
  } else if ((flags & SHM_REMAP) !== 0) fail(EINVAL);
  const rdonly = (flags & SHM_RDONLY) !== 0;
  let prot = rdonly ? PROT_READ : PROT_READ | PROT_WRITE;
  let acc = rdonly ? IPC_READ : IPC_READ | IPC_WRITE;
  if ((flags & SHM_EXEC) !== 0) {
    prot |= PROT_EXEC;
    acc |= 0o111;
  }
  const seg = k.ipc.shm.get(id);
  checkIpcPerm(p.cred, seg.perm, acc);
  const len = pageUp(seg.size);
  if (addr !== 0) {
    if ((flags & SHM_REMAP) === 0 && !p.mem.isFree(addr, addr + len)) fail(EINVAL);
    if (addr + len > TASK_SIZE) fail(ENOMEM);
  } else addr = placement(p, 0, len);
  dropFileMaps(k, p, addr, addr + len);
  attachShm(k, p, seg, addr, prot);
  return addr;
}

/** shmdt(shmaddr) */
export function sysShmdt(k: Kernel, p: Process): number {
  const addr = arg(p.cpu, 0);
  if (addr % PAGE_SIZE !== 0 || !detachShm(k, p, addr)) fail(EINVAL);
  return 0;
}

/** struct shmid64_ds of `seg`. */
function shmidDs(seg: ShmSegment): Uint8Array {
  const s = new Struct(112);
  putIpcPerm(s.view, 0, seg.perm);
  s.u64(IPC_PERM_SIZE, seg.size).u64(56, seg.atime).u64(64, seg.dtime).u64(72, seg.ctime);
  s.u32(80, seg.cpid).u32(84, seg.lpid).u64(88, seg.nattch);
  return s.bytes;
}

/** IPC_INFO: struct shminfo64 of the limits. */
function shmInfo(): Uint8Array {
  const s = new Struct(72);
  s.view.setBigUint64(0, SHMMAX, true);
  s.u64(8, SHMMIN).u64(16, SHMMNI).u64(24, SHMMNI);
  s.view.setBigUint64(32, SHMMAX, true);
  return s.bytes;
}

/** SHM_INFO: struct shm_info of what is in use (every page of a segment counts as resident once attached). */
function shmUsage(k: Kernel): Uint8Array {
  let tot = 0, rss = 0;
  for (const seg of k.ipc.shm.byIdx.values()) {
    const pages = pageUp(seg.size) / PAGE_SIZE;
    tot += pages;
    if (seg.data !== null) rss += pages;
  }
  return new Struct(48).u32(0, k.ipc.shm.byIdx.size).u64(8, tot).u64(16, rss).bytes;
}

/** shmctl(shmid, cmd, buf) */
export function sysShmctl(k: Kernel, p: Process): number {
  const id = argInt(p.cpu, 0), cmd = argInt(p.cpu, 1), buf = arg(p.cpu, 2);
  if (cmd < 0 || id < 0) fail(EINVAL);
  const ids = k.ipc.shm;
  switch (cmd) {
    case IPC_INFO:
    case SHM_INFO:
      p.mem.writeBytes(buf, cmd === IPC_INFO ? shmInfo() : shmUsage(k));
      return Math.max(ids.highestIdx(), 0);
    case IPC_STAT:
    case SHM_STAT:
    case SHM_STAT_ANY:
      return ipcStat(p, ids, cmd, SHM_STAT_ANY, id, buf, shmidDs);
    case IPC_SET: {
      const ds = p.mem.readBytes(buf, 112);
      const seg = ids.get(id);
      checkIpcOwner(p.cred, seg.perm);
      const v = new DataView(ds.buffer);
      setIpcPerm(seg.perm, v.getUint32(4, true), v.getUint32(8, true), v.getUint32(20, true));
      seg.ctime = k.vfs.nowS;
      return 0;
    }
    case IPC_RMID: {
      const seg = ids.get(id);
      checkIpcOwner(p.cred, seg.perm);
      if (seg.nattch === 0) destroyShm(k, seg);
      else {
        seg.perm.mode |= SHM_DEST;
        seg.perm.key = 0; // IPC_PRIVATE: the key may name a new segment
      }
      return 0;
    }
    case SHM_LOCK:
    case SHM_UNLOCK: {
      const seg = ids.get(id);
      const c = p.cred;
      if (!c.capEffective) {
        if (c.euid !== seg.perm.uid && c.euid !== seg.perm.cuid) fail(EPERM);
        if (cmd === SHM_LOCK && p.rlimits[RLIMIT_MEMLOCK].cur === 0) fail(EPERM);
      }
      if (cmd === SHM_LOCK) seg.perm.mode |= SHM_LOCKED;
      else seg.perm.mode &= ~SHM_LOCKED;
      return 0;
    }
    default:
      return fail(EINVAL);
  }
}
