/**
 * Address-space bookkeeping on top of `Memory`: Linux's VMA merging, the
 * x86 page-permission rule, and file-backed mappings. A mapping of an
 * in-memory file is paged in by `Memory` from the file's own pages (shared,
 * or copy-on-write when private); a host file's is copied in at mmap and
 * its MAP_SHARED changes written back at msync/munmap/exit.
 * @module
 */

import type { Kernel } from "./kernel.ts";
import type { FileMap, Process } from "./process.ts";
import {
  type MappedFile,
  type Memory,
  PAGE_SIZE,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
  type Vma,
  type VmaPolicy,
} from "../exec/memory.ts";
import { readData, writeData } from "./fs/fsops.ts";
import { FsKind, type Inode } from "./fs/inode.ts";
import { forgetShmMaps } from "./ipc/shm.ts";

/** MAP_* flags. */
export const MAP_SHARED = 0x01,
  MAP_PRIVATE = 0x02,
  MAP_SHARED_VALIDATE = 0x03,
  MAP_TYPE = 0x0f,
  MAP_FIXED = 0x10,
  MAP_ANONYMOUS = 0x20,
  MAP_GROWSDOWN = 0x100,
  MAP_DENYWRITE = 0x800,
  MAP_EXECUTABLE = 0x1000,
  MAP_LOCKED = 0x2000,
  MAP_NORESERVE = 0x4000,
  MAP_POPULATE = 0x8000,
  MAP_NONBLOCK = 0x10000,
  MAP_STACK = 0x20000,
  MAP_HUGETLB = 0x40000,
  MAP_SYNC = 0x80000,
  MAP_FIXED_NOREPLACE = 0x100000,
  MAP_UNINITIALIZED = 0x4000000;

/**
 * x86 page tables cannot express write-only or execute-only pages: any
 * accessible page is readable. The guest's memory gets the effective bits.
 */
export function hardwareProt(prot: number): number {
  const p = prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
  return p === 0 ? 0 : p | PROT_READ;
}

/** Do two VMA policies say the same (Linux's mpol_equal)? */
export function samePolicy(a: VmaPolicy | null, b: VmaPolicy | null): boolean {
  if (a === null || b === null) return a === b;
  return a.mode === b.mode && a.flags === b.flags && a.lo === b.lo && a.hi === b.hi &&
    a.home === b.home;
}

function mergeable(a: Vma, b: Vma): boolean {
  return a.end === b.start && a.prot === b.prot && a.flags === b.flags && a.name === b.name &&
    a.file === b.file &&
    samePolicy(a.policy, b.policy) && a.sealed === b.sealed &&
    (a.name === "" || a.name.startsWith("[") || a.offset + (a.end - a.start) === b.offset);
}

/** Coalesce adjacent compatible VMAs, as Linux merges them after mmap/mprotect/brk. */
export function mergeVmas(mem: Memory): void {
  const out: Vma[] = [];
  for (const v of mem.vmas) {
    const prev = out[out.length - 1];
    if (prev !== undefined && mergeable(prev, v)) out[out.length - 1] = { ...prev, end: v.end };
    else out.push(v);
  }
  mem.vmas = out;
}

/** Write the bytes of a shared file mapping that differ from what was mapped back to the file. */
function writeBack(k: Kernel, p: Process, m: FileMap, start: number, end: number): void {
  if (m.orig === null) return;
  const n = m.inode;
  const fileEnd = n.size;
  for (let a = start; a < end; a += PAGE_SIZE) {
    const page = p.mem.pages.get(a / PAGE_SIZE);
    if (page === undefined) continue;
    const base = a - m.start;
    const fileOff = m.offset + base;
    const len = Math.min(PAGE_SIZE, fileEnd - fileOff);
    if (len <= 0) break;
    // Merge: only bytes the guest changed through the mapping are written.
    let i = 0;
    while (i < len) {
      if (page.data[i] === m.orig[base + i]) {
        i++;
        continue;
      }
      let j = i;
      while (j < len && page.data[j] !== m.orig[base + j]) j++;
      const bytes = page.data.slice(i, j);
      writeData(k.vfs, n, fileOff + i, bytes);
      m.orig.set(bytes, base + i);
      i = j;
    }
  }
}

/** Flush MAP_SHARED file mappings overlapping [start, end) (msync). */
export function syncFileMaps(k: Kernel, p: Process, start: number, end: number): void {
  for (const m of p.fileMaps) {
    if (m.shared && m.start < end && m.end > start) {
      writeBack(k, p, m, Math.max(m.start, start), Math.min(m.end, end));
    }
  }
}

/**
 * Forget file mappings in [start, end) before it is unmapped or replaced,
 * writing shared changes back; System V shared memory attachments inside it
 * are detached.
 */
export function dropFileMaps(k: Kernel, p: Process, start: number, end: number): void {
  if (p.shmMaps.length > 0) forgetShmMaps(k, p, start, end);
  const keep: FileMap[] = [];
  for (const m of p.fileMaps) {
    if (m.end <= start || m.start >= end) {
      keep.push(m);
      continue;
    }
    if (m.shared) writeBack(k, p, m, Math.max(m.start, start), Math.min(m.end, end));
    if (m.start < start) keep.push(slice(m, m.start, start));
    if (m.end > end) keep.push(slice(m, end, m.end));
  }
  p.fileMaps = keep;
}

/** The part [s, e) of a file mapping. */
function slice(m: FileMap, s: number, e: number): FileMap {
  return {
    ...m,
    start: s,
    end: e,
    offset: m.offset + (s - m.start),
    orig: m.orig === null ? null : m.orig.subarray(s - m.start, e - m.start),
  };
}

/**
 * The file whose pages a mapping of `n` shows (an in-memory file), or null
 * for a host file, whose contents `loadFilePages` copies in.
 */
export function pagedFile(n: Inode): MappedFile | null {
  return n.fs.kind === FsKind.Host ? null : n.pages === null ? null : n;
}

/**
 * Fill a new host file mapping with the file's contents (bytes past end of
 * file are zero); a mapping of an in-memory file is paged in on demand.
 */
export function loadFilePages(p: Process, m: FileMap): void {
  if (pagedFile(m.inode) !== null) return;
  const data = readData(m.inode, m.offset, m.end - m.start);
  p.mem.writeBytes(m.start, data, true);
  if (m.shared) {
    m.orig = new Uint8Array(m.end - m.start);
    m.orig.set(data);
  }
}

/**
 * Re-read the pages of private host file mappings in [start, end) from
 * their files (MADV_DONTNEED); in-memory files' pages fault back in alone.
 */
export function reloadPrivateFilePages(p: Process, start: number, end: number): boolean[] {
  const covered: boolean[] = [];
  for (const m of p.fileMaps) {
    if (m.shared || m.end <= start || m.start >= end || pagedFile(m.inode) !== null) continue;
    const s = Math.max(m.start, start), e = Math.min(m.end, end);
    const data = readData(m.inode, m.offset + (s - m.start), e - s);
    const full = new Uint8Array(e - s);
    full.set(data);
    p.mem.writeBytes(s, full, true);
    for (let a = s; a < e; a += PAGE_SIZE) covered[(a - start) / PAGE_SIZE] = true;
  }
  return covered;
}

/** Write back all shared file mappings (at exit). */
export function flushAll(k: Kernel, p: Process): void {
  for (const m of p.fileMaps) if (m.shared) writeBack(k, p, m, m.start, m.end);
}
