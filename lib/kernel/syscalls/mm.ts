/**
 * Memory management: mmap, munmap, mprotect, mremap, brk, madvise, msync,
 * mincore and the mlock family, with Linux's argument checks and errnos.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { FileMap, Process } from "../process.ts";
import { RLIMIT_DATA } from "../process.ts";
import {
  dropCodeOver,
  type Page,
  PAGE_SIZE,
  pageUp,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
  type Vma,
} from "../../exec/memory.ts";
import { MMAP_BASE, MMAP_MIN } from "../layout.ts";
import { S_IFCHR, S_IFMT, S_IFREG } from "../fs/inode.ts";
import { DEV_ZERO } from "../fs/devices.ts";
import {
  dropFileMaps,
  hardwareProt,
  loadFilePages,
  MAP_ANONYMOUS,
  MAP_DENYWRITE,
  MAP_EXECUTABLE,
  MAP_FIXED,
  MAP_FIXED_NOREPLACE,
  MAP_GROWSDOWN,
  MAP_HUGETLB,
  MAP_LOCKED,
  MAP_NONBLOCK,
  MAP_NORESERVE,
  MAP_POPULATE,
  MAP_PRIVATE,
  MAP_SHARED,
  MAP_SHARED_VALIDATE,
  MAP_STACK,
  MAP_SYNC,
  MAP_TYPE,
  MAP_UNINITIALIZED,
  mergeVmas,
  pagedFile,
  reloadPrivateFilePages,
  syncFileMaps,
} from "../vma.ts";
import { arg, argInt, TASK_SIZE } from "./uaccess.ts";
import { fileOf } from "./common.ts";
import { checkSealed, checkSealedDiscard } from "./mseal.ts";
import { EACCES, EEXIST, EFAULT, EINVAL, ENODEV, ENOMEM, EOPNOTSUPP, fail } from "../errno.ts";

/** Flags valid with MAP_SHARED/MAP_PRIVATE (LEGACY_MAP_MASK); MAP_SHARED_VALIDATE also allows MAP_SYNC... */
const LEGACY_MAP_MASK = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE |
  MAP_EXECUTABLE | MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE |
  MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB;
/** MAP_DROPPABLE (Linux 6.11): private anonymous memory the kernel may drop; never dropped here. */
const MAP_DROPPABLE = 0x08;

function aligned(a: number): boolean {
  return a % PAGE_SIZE === 0;
}

/** Is any page of [start, end) mapped? */
function overlaps(p: Process, start: number, end: number): boolean {
  return !p.mem.isFree(start, end);
}

/** Is all of [start, end) mapped? Returns the end of the mapped prefix. */
function mappedPrefix(p: Process, start: number, end: number): number {
  let a = start;
  while (a < end) {
    const v = p.mem.findVma(a);
    if (v === undefined) break;
    a = v.end;
  }
  return Math.min(a, end);
}

/** Where a mapping of `len` bytes goes without MAP_FIXED: the hint if free, else top-down below MMAP_BASE. */
export function placement(p: Process, hint: number, len: number): number {
  if (hint !== 0) {
    const a = Math.max(hint - (hint % PAGE_SIZE), MMAP_MIN);
    if (a + len <= TASK_SIZE && !overlaps(p, a, a + len)) return a;
  }
  const a = p.mem.findFreeBelow(len, MMAP_BASE, MMAP_MIN);
  if (a >= 0) return a;
  const high = p.mem.findFreeBelow(len, TASK_SIZE, MMAP_BASE);
  return high >= 0 ? high : fail(ENOMEM);
}

/** Largest mapping MAP_POPULATE / MAP_LOCKED fault in at once (256 MiB). */
const MAX_POPULATE = 256 * 1024 * 1024;

/** mmap(addr, length, prot, flags, fd, offset) */
export function sysMmap(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const hint = arg(cpu, 0), length = arg(cpu, 1);
  const prot = argInt(cpu, 2) & (PROT_READ | PROT_WRITE | PROT_EXEC);
  let flags = argInt(cpu, 3) >>> 0;
  const offset = arg(cpu, 5);
  if (!aligned(offset)) fail(EINVAL);
  const anon = (flags & MAP_ANONYMOUS) !== 0;
  const file = anon ? null : fileOf(p, argInt(cpu, 4));
  if (length === 0) fail(EINVAL);
  const len = pageUp(length);
  if (len > TASK_SIZE) fail(ENOMEM);
  if ((flags & MAP_HUGETLB) !== 0 && anon) fail(ENOMEM); // no huge pages are reserved
  if ((flags & MAP_FIXED_NOREPLACE) !== 0) flags |= MAP_FIXED;
  let addr: number;
  if ((flags & MAP_FIXED) !== 0) {
    if (!aligned(hint)) fail(EINVAL);
    if (hint + len > TASK_SIZE) fail(ENOMEM);
    addr = hint;
    if ((flags & MAP_FIXED_NOREPLACE) !== 0 && overlaps(p, addr, addr + len)) fail(EEXIST);
  } else addr = placement(p, hint, len);
  checkSealed(p.mem, addr, addr + len);
  const type = flags & MAP_TYPE;
  const shared = type === MAP_SHARED || type === MAP_SHARED_VALIDATE;
  let mayWrite = true;
  if (file !== null) {
    if (type === MAP_SHARED) flags &= LEGACY_MAP_MASK;
    if (shared) {
      if ((flags & ~(LEGACY_MAP_MASK | MAP_SYNC | MAP_FIXED_NOREPLACE)) !== 0) fail(EOPNOTSUPP);
      mayWrite = file.writable();
      if ((prot & PROT_WRITE) !== 0 && !mayWrite) fail(EACCES);
    } else if (type !== MAP_PRIVATE) fail(EINVAL);
    if (!file.readable()) fail(EACCES);
    const n = file.inode;
    const t = n.mode & S_IFMT;
    const mappable = t === S_IFREG && n.pipe === null && n.mqueue === null;
    if (!mappable && !(t === S_IFCHR && n.rdev === DEV_ZERO)) {
      fail(ENODEV);
    }
  } else if (type !== MAP_SHARED && type !== MAP_PRIVATE && type !== MAP_DROPPABLE) fail(EINVAL);
  const viaZero = file !== null && (file.inode.mode & S_IFMT) === S_IFCHR;
  dropFileMaps(k, p, addr, addr + len);
  const vmFlags = (flags & (MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_STACK)) |
    (viaZero ? MAP_ANONYMOUS : 0);
  const name = file === null || viaZero ? "" : file.path;
  const paged = file === null || viaZero ? null : pagedFile(file.inode);
  p.mem.map(addr, len, hardwareProt(prot), vmFlags, name, file === null ? 0 : offset, paged);
  if (file !== null && !viaZero) {
    const m: FileMap = {
      start: addr,
      end: addr + len,
      inode: file.inode,
      offset,
      shared,
      mayWrite,
      orig: null,
    };
    loadFilePages(p, m);
    p.fileMaps.push(m);
  }
  // MAP_POPULATE and MAP_LOCKED fault the pages in now (mincore sees them). A huge request
  // is left to demand paging: materializing it would exhaust the host, not the guest.
  if ((flags & (MAP_POPULATE | MAP_LOCKED)) !== 0 && len <= MAX_POPULATE) {
    p.mem.populate(addr, addr + len);
  }
  mergeVmas(p.mem);
  return addr;
}

/** munmap(addr, length) */
export function sysMunmap(k: Kernel, p: Process): number {
  const addr = arg(p.cpu, 0), length = arg(p.cpu, 1);
  if (!aligned(addr) || length === 0 || addr > TASK_SIZE || length > TASK_SIZE - addr) fail(EINVAL);
  const len = pageUp(length);
  checkSealed(p.mem, addr, addr + len);
  dropFileMaps(k, p, addr, addr + len);
  p.mem.unmap(addr, len);
  return 0;
}

const PROT_GROWSDOWN = 0x01000000, PROT_GROWSUP = 0x02000000, PROT_SEM = 0x8;

/** mprotect(addr, length, prot): applied up to the first hole, which then fails with ENOMEM. */
export function sysMprotect(_k: Kernel, p: Process): number {
  return mprotect(p, arg(p.cpu, 0), arg(p.cpu, 1), argInt(p.cpu, 2) >>> 0, true);
}

/**
 * Linux's do_mprotect_pkey: `keyOk` says whether pkey_mprotect's protection
 * key is allocated (EINVAL if not, reported after the argument checks).
 */
export function mprotect(
  p: Process,
  addr: number,
  length: number,
  prot: number,
  keyOk: boolean,
): number {
  if (!aligned(addr)) fail(EINVAL);
  if (
    (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN | PROT_GROWSUP)) !== 0
  ) {
    fail(EINVAL);
  }
  if (length === 0) return 0;
  const end = addr + pageUp(length);
  if (end > TASK_SIZE) fail(ENOMEM);
  if (!keyOk) fail(EINVAL);
  checkSealed(p.mem, addr, end);
  const first = p.mem.findVma(addr);
  if (first === undefined) fail(ENOMEM);
  if ((prot & (PROT_GROWSDOWN | PROT_GROWSUP)) !== 0) {
    if ((prot & PROT_GROWSUP) !== 0 || (first.flags & MAP_GROWSDOWN) === 0) fail(EINVAL);
  }
  const want = prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
  const stop = mappedPrefix(p, addr, end);
  if ((want & PROT_WRITE) !== 0) {
    for (const m of p.fileMaps) {
      if (m.shared && !m.mayWrite && m.start < stop && m.end > addr) fail(EACCES);
    }
  }
  p.mem.protect(addr, stop - addr, hardwareProt(want));
  mergeVmas(p.mem);
  if (stop < end) fail(ENOMEM);
  return 0;
}

const MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2, MREMAP_DONTUNMAP = 4;

/** Move the pages of [from, from+len) to `to` (same size), keeping their contents. */
function movePages(
  k: Kernel,
  p: Process,
  from: number,
  len: number,
  to: number,
  keepOld: boolean,
): void {
  const mem = p.mem;
  const v = mem.findVma(from)!;
  const moved: [number, Page][] = [];
  for (let i = 0; i < len / PAGE_SIZE; i++) {
    const vpn = from / PAGE_SIZE + i;
    const page = mem.pages.get(vpn);
    if (page === undefined) continue;
    page.decoded = null;
    mem.pages.delete(vpn);
    moved.push([to / PAGE_SIZE + i, page]);
  }
  const fm = p.fileMaps.find((m) => m.start <= from && from < m.end);
  const offset = v.offset + (from - v.start);
  dropFileMaps(k, p, to, to + len);
  mem.map(to, len, v.prot, v.flags, v.name, offset, v.file);
  for (const [vpn, page] of moved) mem.pages.set(vpn, page);
  if (fm !== undefined) {
    p.fileMaps.push({
      ...fm,
      start: to,
      end: to + len,
      offset: fm.offset + (from - fm.start),
      orig: fm.orig === null ? null : fm.orig.slice(from - fm.start, from - fm.start + len),
    });
  }
  if (!keepOld) {
    dropFileMaps(k, p, from, from + len);
    mem.unmap(from, len);
  }
  mem.flushTlb();
}

/** mremap(old_address, old_size, new_size, flags, new_address) */
export function sysMremap(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const addr = arg(cpu, 0), oldSize = arg(cpu, 1), newSize = arg(cpu, 2);
  const flags = arg(cpu, 3), target = arg(cpu, 4);
  if ((flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) !== 0) fail(EINVAL);
  const maymove = (flags & MREMAP_MAYMOVE) !== 0;
  if ((flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) !== 0 && !maymove) fail(EINVAL);
  if ((flags & MREMAP_DONTUNMAP) !== 0 && oldSize !== newSize) fail(EINVAL);
  if (!aligned(addr)) fail(EINVAL);
  const oldLen = pageUp(oldSize), newLen = pageUp(newSize);
  if (newLen === 0) fail(EINVAL);
  if (oldLen === 0) fail(EINVAL); // duplicating shared mappings (old_size 0) is not supported
  const mem = p.mem;
  if ((flags & MREMAP_FIXED) !== 0) {
    if (!aligned(target) || newLen > TASK_SIZE || target > TASK_SIZE - newLen) fail(EINVAL);
    if (target < addr + oldLen && addr < target + newLen) fail(EINVAL);
  }
  const v = mem.findVma(addr);
  if (v === undefined || oldLen > v.end - addr) fail(EFAULT);
  checkSealed(mem, addr, addr + oldLen);
  if ((flags & MREMAP_FIXED) !== 0) checkSealed(mem, target, target + newLen);
  if ((flags & MREMAP_FIXED) !== 0) {
    const keep = Math.min(oldLen, newLen);
    if (oldLen > newLen) {
      dropFileMaps(k, p, addr + newLen, addr + oldLen);
      mem.unmap(addr + newLen, oldLen - newLen);
    }
    dropFileMaps(k, p, target, target + newLen);
    mem.unmap(target, newLen);
    movePages(k, p, addr, keep, target, (flags & MREMAP_DONTUNMAP) !== 0);
    if (newLen > keep) {
      const at = v.offset + (addr - v.start) + keep;
      mem.map(target + keep, newLen - keep, v.prot, v.flags, v.name, at, v.file);
    }
    mergeVmas(mem);
    return target;
  }
  if (newLen <= oldLen && (flags & MREMAP_DONTUNMAP) === 0) {
    if (newLen < oldLen) {
      dropFileMaps(k, p, addr + newLen, addr + oldLen);
      mem.unmap(addr + newLen, oldLen - newLen);
    }
    return addr;
  }
  const tail = addr + oldLen;
  if (
    (flags & MREMAP_DONTUNMAP) === 0 && tail === v.end && addr + newLen <= TASK_SIZE &&
    mem.isFree(tail, addr + newLen)
  ) {
    mem.map(tail, newLen - oldLen, v.prot, v.flags, v.name, v.offset + (tail - v.start), v.file);
    const fm = p.fileMaps.find((m) => m.start <= addr && addr < m.end);
    if (fm !== undefined) {
      const more: FileMap = {
        ...fm,
        start: tail,
        end: addr + newLen,
        offset: fm.offset + (tail - fm.start),
        orig: null,
      };
      loadFilePages(p, more);
      p.fileMaps.push(more);
    }
    mergeVmas(mem);
    return addr;
  }
  if (!maymove) fail(ENOMEM);
  const to = placement(p, 0, newLen);
  movePages(k, p, addr, oldLen, to, (flags & MREMAP_DONTUNMAP) !== 0);
  if (newLen > oldLen) {
    mem.map(
      to + oldLen,
      newLen - oldLen,
      v.prot,
      v.flags,
      v.name,
      v.offset + (addr - v.start) + oldLen,
      v.file,
    );
  }
  mergeVmas(mem);
  return to;
}

/** Guard gap Linux keeps below a grows-down (stack) mapping: 256 pages. */
const STACK_GUARD_GAP = 256 * PAGE_SIZE;

/** brk(addr): move the program break; on any failure the current break is returned. */
export function sysBrk(k: Kernel, p: Process): number {
  const want = arg(p.cpu, 0);
  if (want < p.brkStart || want >= TASK_SIZE) return p.brk;
  if (want - p.brkStart > p.rlimits[RLIMIT_DATA].cur) return p.brk;
  const oldEnd = pageUp(p.brk), newEnd = pageUp(want);
  if (newEnd === oldEnd) {
    p.brk = want;
    return want;
  }
  if (newEnd < oldEnd) {
    if (p.mem.vmas.some((v) => v.sealed && v.start < oldEnd && v.end > newEnd)) return p.brk;
    dropFileMaps(k, p, newEnd, oldEnd);
    p.mem.unmap(newEnd, oldEnd - newEnd);
    p.brk = want;
    return want;
  }
  for (const v of p.mem.vmas) {
    if (v.end <= oldEnd) continue;
    const gap = (v.flags & MAP_GROWSDOWN) !== 0 ? STACK_GUARD_GAP : 0;
    if (newEnd + PAGE_SIZE > v.start - gap) return p.brk;
  }
  p.mem.map(oldEnd, newEnd - oldEnd, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, "[heap]");
  mergeVmas(p.mem);
  p.brk = want;
  return want;
}

/** madvise advice values. */
const MADV_DONTNEED = 4,
  MADV_FREE = 8,
  MADV_REMOVE = 9,
  MADV_DONTFORK = 10,
  MADV_WIPEONFORK = 18,
  MADV_DONTNEED_LOCKED = 24;
/** Advice that only tunes paging, NUMA, THP, KSM, core dumps or fork: no effect on contents. */
const MADV_HINTS = new Set([0, 1, 2, 3, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21, 22, 23, 25]);

/**
 * Advice that throws pages away (Linux's is_discard): refused on sealed
 * read-only private mappings. MADV_FREE, MADV_REMOVE, MADV_DONTNEED,
 * MADV_DONTFORK, MADV_WIPEONFORK and MADV_DONTNEED_LOCKED.
 */
const DISCARDS = new Set([
  MADV_FREE,
  MADV_REMOVE,
  MADV_DONTNEED,
  MADV_DONTFORK,
  MADV_WIPEONFORK,
  MADV_DONTNEED_LOCKED,
]);

/** madvise(addr, length, advice) */
export function sysMadvise(_k: Kernel, p: Process): number {
  return madvise(p, arg(p.cpu, 0), arg(p.cpu, 1), argInt(p.cpu, 2));
}

/** madvise on `p`'s address space (also process_madvise's, for each range). */
export function madvise(p: Process, addr: number, length: number, advice: number): number {
  const known = MADV_HINTS.has(advice) || advice === MADV_DONTNEED || advice === MADV_FREE ||
    advice === MADV_REMOVE || advice === MADV_WIPEONFORK || advice === MADV_DONTNEED_LOCKED;
  if (!known || !aligned(addr)) fail(EINVAL);
  const len = pageUp(length);
  if (length !== 0 && len === 0) fail(EINVAL);
  const end = addr + len;
  if (end === addr) return 0;
  const mem = p.mem;
  if (DISCARDS.has(advice)) checkSealedDiscard(mem, addr, end);
  let hole = false;
  for (let a = addr; a < end;) {
    const v = mem.findVma(a);
    if (v === undefined) {
      hole = true;
      a += PAGE_SIZE;
      continue;
    }
    const s = a, e = Math.min(v.end, end);
    const anon = (v.flags & MAP_ANONYMOUS) !== 0, shared = (v.flags & MAP_SHARED) !== 0;
    if (advice === MADV_REMOVE && !shared) fail(EINVAL);
    if ((advice === MADV_WIPEONFORK || advice === MADV_FREE) && (!anon || shared)) fail(EINVAL);
    if (advice === MADV_DONTNEED || advice === MADV_DONTNEED_LOCKED || advice === MADV_REMOVE) {
      // Private anonymous pages come back zero; private file pages come back from the file;
      // shared pages keep their contents (MADV_REMOVE punches them out: zero).
      if (shared && advice === MADV_REMOVE && v.file !== null) zeroFilePages(v, s, e);
      else if (!shared || advice === MADV_REMOVE) {
        const fromFile = anon ? [] : reloadPrivateFilePages(p, s, e);
        for (let q = s; q < e; q += PAGE_SIZE) {
          if (!fromFile[(q - s) / PAGE_SIZE]) mem.discardPage(q / PAGE_SIZE);
        }
        mem.flushTlb();
      }
    }
    a = e;
  }
  if (hole) fail(ENOMEM);
  return 0;
}

/**
 * MADV_REMOVE on a shared mapping of an in-memory file: the file's bytes
 * under [s, e) become zeros, in place, so every mapping and read() sees them.
 */
function zeroFilePages(v: Vma, s: number, e: number): void {
  const pages = v.file!.pages!;
  for (let a = s; a < e; a += PAGE_SIZE) {
    const data = pages.get((v.offset + a - v.start) / PAGE_SIZE);
    if (data === undefined) continue;
    dropCodeOver(data);
    data.fill(0);
  }
}

const MS_ASYNC = 1, MS_INVALIDATE = 2, MS_SYNC = 4;

/** msync(addr, length, flags): writes MAP_SHARED file changes back. */
export function sysMsync(k: Kernel, p: Process): number {
  const addr = arg(p.cpu, 0), length = arg(p.cpu, 1), flags = argInt(p.cpu, 2);
  if (!aligned(addr) || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) !== 0) fail(EINVAL);
  if ((flags & MS_ASYNC) !== 0 && (flags & MS_SYNC) !== 0) fail(EINVAL);
  const end = addr + pageUp(length);
  syncFileMaps(k, p, addr, end);
  if (mappedPrefix(p, addr, end) < end) fail(ENOMEM);
  return 0;
}

/** mincore(addr, length, vec): 1 for each page that has been touched (is resident), or is in its file. */
export function sysMincore(_k: Kernel, p: Process): number {
  const addr = arg(p.cpu, 0), length = arg(p.cpu, 1), vec = arg(p.cpu, 2);
  if (!aligned(addr)) fail(EINVAL);
  const end = addr + pageUp(length);
  if (end > TASK_SIZE) fail(ENOMEM);
  if (mappedPrefix(p, addr, end) < end) fail(ENOMEM);
  const out = new Uint8Array((end - addr) / PAGE_SIZE);
  for (let i = 0; i < out.length; i++) {
    const a = addr + i * PAGE_SIZE;
    if (p.mem.pages.has(a / PAGE_SIZE)) out[i] = 1;
    else {
      // A file mapping's page is resident when the file's page is (Linux looks in the page cache).
      const v = p.mem.findVma(a)!;
      out[i] = v.file?.pages?.has((v.offset + a - v.start) / PAGE_SIZE) ? 1 : 0;
    }
  }
  p.mem.writeBytes(vec, out);
  return 0;
}

/** Shared check of mlock/munlock: the page-rounded range must be mapped. */
function lockRange(p: Process): number {
  const addr = arg(p.cpu, 0), length = arg(p.cpu, 1);
  const start = addr - (addr % PAGE_SIZE);
  const end = pageUp(addr + length);
  if (end > TASK_SIZE) fail(ENOMEM);
  if (mappedPrefix(p, start, end) < end) fail(ENOMEM);
  return 0;
}

/** mlock(addr, len) / munlock(addr, len): nothing is ever swapped, so locking changes nothing else. */
export function sysMlock(_k: Kernel, p: Process): number {
  return lockRange(p);
}

/** mlock2(addr, len, flags) */
export function sysMlock2(_k: Kernel, p: Process): number {
  if ((arg(p.cpu, 2) & ~1) !== 0) fail(EINVAL);
  return lockRange(p);
}

/** mlockall(flags) */
export function sysMlockall(_k: Kernel, p: Process): number {
  const flags = argInt(p.cpu, 0);
  if (flags === 0 || (flags & ~7) !== 0 || flags === 4) fail(EINVAL);
  return 0;
}

/** munlockall() */
export function sysMunlockall(): number {
  return 0;
}
