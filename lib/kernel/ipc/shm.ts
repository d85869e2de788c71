/**
 * System V shared memory segments (Linux ipc/shm.c): the segment, its
 * attachments in processes, and the rule that a removed segment lives on
 * until its last attachment goes (detach, munmap, exec or exit).
 *
 * A segment's bytes are one buffer; every attachment maps MAP_SHARED pages
 * over slices of it, so all processes (and a forked child, whose
 * MAP_SHARED pages keep the same bytes) see every store.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Credentials, Process } from "../process.ts";
import { Backing, Page, PAGE_SIZE, pageUp } from "../../exec/memory.ts";
import { IpcPerm } from "./ids.ts";
import { ENOMEM, fail } from "../errno.ts";

/** shm mode bits: removed but still attached, and SHM_LOCK'ed. */
export const SHM_DEST = 0o1000, SHM_LOCKED = 0o2000;
/** Memory this machine gives all shared memory segments together, allocated at first attach (1 GiB). */
export const SHM_BACKING_MAX = 1 << 30;
/** MAP_SHARED, as the attachments' VMAs record it. */
const MAP_SHARED = 0x01;

/** One shared memory segment (struct shmid_kernel). */
export class ShmSegment {
  readonly perm: IpcPerm;
  /** Its bytes, allocated (zeroed) at the first attach. */
  data: Uint8Array | null = null;
  /** shmat, shmdt and IPC_SET/creation times (wall-clock seconds). */
  atime = 0;
  dtime = 0;
  ctime: number;
  /** Creator, and the last process to attach or detach. */
  readonly cpid: number;
  lpid = 0;
  /** Attachments in all processes. */
  nattch = 0;

  constructor(
    key: number,
    cred: Credentials,
    mode: number,
    /** Size in bytes as requested (attachments map it rounded up to pages). */
    readonly size: number,
    pid: number,
    now: number,
  ) {
    this.perm = new IpcPerm(key, cred, mode);
    this.cpid = pid;
    this.ctime = now;
  }
}

/** A segment attached in a process: [start, end) of its address space. */
export interface ShmMap {
  start: number;
  end: number;
  seg: ShmSegment;
}

/** Name of an attachment in /proc/PID/maps, as Linux shows its unlinked shm file. */
function vmaName(seg: ShmSegment): string {
  return `/SYSV${(seg.perm.key >>> 0).toString(16).padStart(8, "0")} (deleted)`;
}

/**
 * Map `seg` at `addr` in `p` with `prot` (the caller has chosen and checked
 * the address): MAP_SHARED pages over the segment's bytes. ENOMEM when the
 * segments' memory would pass SHM_BACKING_MAX (a guest must not exhaust the host).
 */
export function attachShm(
  k: Kernel,
  p: Process,
  seg: ShmSegment,
  addr: number,
  prot: number,
): void {
  const len = pageUp(seg.size);
  if (seg.data === null) {
    let used = 0;
    for (const s of k.ipc.shm.byIdx.values()) used += s.data?.length ?? 0;
    if (used + len > SHM_BACKING_MAX) fail(ENOMEM);
    seg.data = new Uint8Array(len);
  }
  const data = seg.data;
  const mem = p.mem;
  mem.map(addr, len, prot, MAP_SHARED, vmaName(seg));
  for (let off = 0; off < len; off += PAGE_SIZE) {
    mem.pages.set(
      (addr + off) / PAGE_SIZE,
      new Page(prot, data.subarray(off, off + PAGE_SIZE), Backing.Shared),
    );
  }
  p.shmMaps.push({ start: addr, end: addr + len, seg });
  opened(k, p, seg);
}

/** An attachment appeared (shmat, fork): Linux's shm_open. */
function opened(k: Kernel, p: Process, seg: ShmSegment): void {
  seg.nattch++;
  seg.atime = k.vfs.nowS;
  seg.lpid = p.pid;
}

/** An attachment went away (shm_close): a removed segment dies with its last one. */
function closed(k: Kernel, p: Process, seg: ShmSegment): void {
  seg.nattch--;
  seg.dtime = k.vfs.nowS;
  seg.lpid = p.pid;
  if (seg.nattch === 0 && (seg.perm.mode & SHM_DEST) !== 0) destroyShm(k, seg);
}

/** Free a segment: out of the id table, its memory released once unmapped everywhere. */
export function destroyShm(k: Kernel, seg: ShmSegment): void {
  k.ipc.shm.remove(seg);
  seg.data = null;
}

/** shmdt: unmap the attachment starting at `addr`; false if there is none. */
export function detachShm(k: Kernel, p: Process, addr: number): boolean {
  const i = p.shmMaps.findIndex((m) => m.start === addr);
  if (i < 0) return false;
  const m = p.shmMaps[i];
  p.shmMaps.splice(i, 1);
  p.mem.unmap(m.start, m.end - m.start);
  closed(k, p, m.seg);
  return true;
}

/**
 * [start, end) of `p` is being unmapped or replaced: attachments entirely
 * inside it are gone (a partly unmapped one stays attached, like the VMA
 * fragments Linux keeps).
 */
export function forgetShmMaps(k: Kernel, p: Process, start: number, end: number): void {
  for (let i = 0; i < p.shmMaps.length;) {
    const m = p.shmMaps[i];
    if (m.start >= start && m.end <= end) {
      p.shmMaps.splice(i, 1);
      closed(k, p, m.seg);
    } else i++;
  }
}

/** Every attachment of `p` goes (exit, or exec replacing an address space no one else uses). */
export function detachAllShm(k: Kernel, p: Process): void {
  const maps = p.shmMaps.splice(0);
  for (const m of maps) closed(k, p, m.seg);
}

/** A forked child's attachments: the parent's, each counted again (its pages are shared by fork). */
export function inheritShm(k: Kernel, parent: Process, child: Process): void {
  child.shmMaps = parent.shmMaps.map((m) => ({ ...m }));
  for (const m of child.shmMaps) opened(k, parent, m.seg);
}
