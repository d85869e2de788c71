/**
 * Guest virtual memory: 4 KiB pages with permissions, demand-allocated inside
 * mappings (VMAs), accessed through direct-mapped software TLBs.
 *
 * Addresses are JS numbers (user space is below 2^47, exact in a double).
 * Untouched pages of a mapping cost nothing: they are materialized (zeroed) on
 * first access. Pages that hold decoded instructions are kept out of the write
 * TLB so every store to them goes through the slow path, which drops the
 * decoded instructions (self-modifying code stays exact).
 * @module
 */

import {
  BUS_ADRERR,
  generalProtection,
  GuestFault,
  PF_INSTR,
  PF_PROT,
  PF_USER,
  PF_WRITE,
  SEGV_ACCERR,
  SEGV_MAPERR,
  SIGBUS,
  SIGSEGV,
  WRITE_NOTIFY,
  X86_TRAP_PF,
} from "./fault.ts";
import type { Insn } from "../decoder/insn.ts";
import { PageTable } from "./page_table.ts";

/** Page protection bits (same values as Linux PROT_*). */
export const PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
/** Linux MAP_SHARED, as recorded in `Vma.flags`. */
const MAP_SHARED = 0x01;
/** Page size and shift. */
export const PAGE_SIZE = 4096, PAGE_SHIFT = 12;
/** Pages a read fault of a shared file mapping maps around it (64 KiB, Linux's fault_around_bytes). */
const FAULT_AROUND = 16;
/** Entries of each software TLB (a power of two). */
export const TLB_SIZE = 1024;
const TLB_MASK = TLB_SIZE - 1;
/** Highest user address + 1 (47-bit canonical lower half). */
export const USER_END = 0x800000000000;
/** First canonical address of the upper half. */
const KERNEL_START = 0xffff800000000000;

/**
 * Buffers that hold many pages, each of which is a page of its own (not shared
 * bytes like a System V segment): a restore places the pages it reads as views
 * into the decompressed chunks instead of copying each one (lib/checkpoint).
 */
export const PAGE_SLABS: WeakSet<ArrayBufferLike> = new WeakSet();

/** Is `data` the bytes of one page of its own (its whole buffer, or a slot of a page slab)? */
export function ownPageBytes(data: Uint8Array): boolean {
  return data.byteLength === data.buffer.byteLength || PAGE_SLABS.has(data.buffer);
}

/**
 * Whose bytes a page holds. `Own`: its own (shared copy-on-write after fork
 * through the page table's counts). `Shared`: bytes other views see at once
 * (a MAP_SHARED mapping, a file's page, a System V segment). `FileCow`: a
 * private file mapping's page the process has not written: it shows the
 * file's own page (later changes to the file included, as Linux does) and
 * the first store gives the process a copy.
 */
export const enum Backing {
  Own = 0,
  Shared = 1,
  FileCow = 2,
}

/**
 * The file behind a file mapping, as page faults see it (an in-memory
 * `Inode`): its length, past which a fault raises SIGBUS, and its 4 KiB
 * pages (absent: a hole, materialized when mapped).
 */
export interface MappedFile {
  size: number;
  pages: Map<number, Uint8Array> | null;
}

/** One materialized guest page. */
export class Page {
  readonly dv: DataView;
  /** Decoded instructions by page offset (a cache; not part of machine state). */
  decoded: (Insn | undefined)[] | null = null;
  /**
   * Page-table chunks holding this page copy-on-write (after fork; see
   * page_table.ts, where the chunks have their own count). Above 1, the page
   * is read-only to all of them: the first write copies it, and it stays out
   * of every write TLB until it has a single holder again.
   */
  sharers = 1;
  constructor(
    public prot: number,
    /** The bytes; MAP_SHARED pages of forked processes are distinct Pages over the same bytes. */
    readonly data: Uint8Array = new Uint8Array(PAGE_SIZE),
    /** Whether the bytes are the page's own or viewed by others too. */
    public backing: Backing = Backing.Own,
  ) {
    this.dv = new DataView(data.buffer, data.byteOffset, PAGE_SIZE);
  }
}

/** A mapping: a page-aligned address range with one protection and origin. */
export interface Vma {
  start: number;
  end: number;
  prot: number;
  /** Linux MAP_* flags the region was created with (MAP_SHARED, MAP_ANONYMOUS, MAP_STACK...). */
  flags: number;
  /** What /proc/self/maps shows: "[heap]", "[stack]", a path, or "". */
  name: string;
  /** File offset of `start` for file mappings. */
  offset: number;
  /**
   * An in-memory file mapped here, whose pages faults bring in (shared or
   * copy-on-write); null for anonymous memory and for host files, which
   * the kernel copies in at mmap.
   */
  file: MappedFile | null;
  /** mbind's NUMA policy for the range (null: the thread's policy applies). */
  policy: VmaPolicy | null;
  /** mseal: the mapping may no longer be changed or unmapped. */
  sealed: boolean;
}

/**
 * A NUMA memory policy as the kernel keeps it for a VMA or a thread
 * (lib/kernel/mempolicy.ts): plain numbers, never mutated once made.
 */
export interface VmaPolicy {
  /** MPOL_* mode. */
  readonly mode: number;
  /** MPOL_F_STATIC_NODES / MPOL_F_RELATIVE_NODES / MPOL_F_NUMA_BALANCING as given. */
  readonly flags: number;
  /** The first word of the node mask get_mempolicy reports, as 32-bit halves. */
  readonly lo: number;
  readonly hi: number;
  /** set_mempolicy_home_node's node, or -1. */
  readonly home: number;
}

/** Round up to a page boundary. */
export function pageUp(n: number): number {
  return Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;
}

/** Round down to a page boundary. */
export function pageDown(n: number): number {
  return Math.floor(n / PAGE_SIZE) * PAGE_SIZE;
}

/**
 * The #PF a user access of kind `need` (PROT_READ, PROT_WRITE or PROT_EXEC) raises at `a`,
 * with the hardware error code: present, write, user, instruction fetch.
 */
function pageFault(code: number, a: number, need: number, present: boolean): GuestFault {
  const err = PF_USER | (present ? PF_PROT : 0) | (need & PROT_WRITE ? PF_WRITE : 0) |
    (need & PROT_EXEC ? PF_INSTR : 0);
  return new GuestFault(SIGSEGV, code, a, X86_TRAP_PF, err);
}

/** A page over shared bytes that holds decoded code, where it is mapped. */
interface CodeView {
  mem: Memory;
  vpn: number;
  page: Page;
}

/**
 * Pages over shared bytes (`Backing.Shared` and `FileCow`) that hold decoded
 * code, by their bytes' buffer: a store through any other view of the bytes
 * (another mapping, a write() to the file) must drop their code. A cache,
 * like `Page.decoded`: a restored machine starts without it.
 */
const codeViews: WeakMap<ArrayBufferLike, CodeView[]> = new WeakMap();

/**
 * Bumped whenever code is first decoded from shared bytes (a new `codeViews`
 * entry). Shared pages enter a write TLB only while no view of their bytes
 * holds code; an address space whose write TLB was filled before the last
 * bump empties it (`syncSharedCode`) before its threads run again, so stores
 * reach `dropCodeOver` once there is code to drop.
 */
let sharedCodeEpoch = 0;

/**
 * The bytes `data` (a page's worth of shared bytes) are about to change:
 * every page viewing them forgets its decoded code, wherever it is mapped.
 */
export function dropCodeOver(data: Uint8Array): void {
  const views = codeViews.get(data.buffer);
  if (views === undefined) return;
  const keep: CodeView[] = [];
  for (const v of views) {
    if (v.page.decoded === null) continue;
    if (v.page.data.byteOffset === data.byteOffset) v.mem.dropCode(v.vpn, v.page);
    else keep.push(v);
  }
  if (keep.length === 0) codeViews.delete(data.buffer);
  else codeViews.set(data.buffer, keep);
}

/**
 * Files whose shared mapping pages kernel accesses have just faulted in by
 * storing (see `Memory.userMode`), for the kernel to stamp with the time of
 * its current step (`takeMapWrites`). Always empty between steps, so it is
 * not machine state.
 */
const mapWrites: MappedFile[] = [];
const NO_FILES: readonly MappedFile[] = [];

/** The files whose shared mapping pages kernel accesses faulted in by storing since the last call. */
export function takeMapWrites(): readonly MappedFile[] {
  return mapWrites.length === 0 ? NO_FILES : mapWrites.splice(0);
}

/** A guest address space. */
export class Memory {
  /** Materialized pages by virtual page number (shared copy-on-write by chunks after a fork). */
  pages: PageTable = new PageTable();
  /** Pages this address space copied because they were shared copy-on-write. */
  cowCopies = 0;
  /** Set by `release`: the address space is no longer in use. */
  released = false;
  /** Mappings, sorted by start, non-overlapping. */
  vmas: Vma[] = [];
  /** Scratch: high half returned by `read64`. */
  hi = 0;
  /**
   * Guest code is running (set by the run loop; not state). A store that
   * faults a shared file page in updates the file's mtime and ctime, as
   * tmpfs does (Linux's fault_dirty_shared_page); a page a read brought in
   * is writable at once and changes no time. A guest store then stops with
   * a write-notify fault (signal 0) after the page is in, so the kernel
   * stamps the file at that instruction's time; a kernel access leaves the
   * file in `mapWrites` for the kernel's current step.
   */
  userMode = false;

  /** `sharedCodeEpoch` when this write TLB was last checked against it. */
  private sharedEpoch = 0;

  /**
   * Read and write TLBs: direct-mapped by `vpn & (TLB_SIZE - 1)`, tag = virtual page number
   * (-1 = empty), value = the page's DataView. Readable so that translated code can inline the
   * hit check (lib/exec/translator); only this class changes their entries.
   */
  readonly rTag: Float64Array = new Float64Array(TLB_SIZE).fill(-1);
  readonly rDv: DataView[] = new Array(TLB_SIZE);
  readonly wTag: Float64Array = new Float64Array(TLB_SIZE).fill(-1);
  readonly wDv: DataView[] = new Array(TLB_SIZE);

  // ---- fast-path accessors -------------------------------------------------

  /** Read an unsigned byte. */
  read8(a: number): number {
    const vpn = Math.floor(a / PAGE_SIZE);
    const i = vpn & TLB_MASK;
    if (this.rTag[i] === vpn) return this.rDv[i].getUint8(a - vpn * PAGE_SIZE);
    return this.slowRead(a, 1);
  }

  /** Read an unsigned 16-bit little-endian value. */
  read16(a: number): number {
    const vpn = Math.floor(a / PAGE_SIZE);
    const off = a - vpn * PAGE_SIZE;
    const i = vpn & TLB_MASK;
    if (this.rTag[i] === vpn && off <= PAGE_SIZE - 2) return this.rDv[i].getUint16(off, true);
    return this.slowRead(a, 2);
  }

  /** Read an unsigned 32-bit little-endian value. */
  read32(a: number): number {
    const vpn = Math.floor(a / PAGE_SIZE);
    const off = a - vpn * PAGE_SIZE;
    const i = vpn & TLB_MASK;
    if (this.rTag[i] === vpn && off <= PAGE_SIZE - 4) return this.rDv[i].getUint32(off, true);
    return this.slowRead(a, 4);
  }

  /** Read a 64-bit value: returns the low half, leaves the high half in `this.hi`. */
  read64(a: number): number {
    const vpn = Math.floor(a / PAGE_SIZE);
    const off = a - vpn * PAGE_SIZE;
    const i = vpn & TLB_MASK;
    if (this.rTag[i] === vpn && off <= PAGE_SIZE - 8) {
      const dv = this.rDv[i];
      this.hi = dv.getUint32(off + 4, true);
      return dv.getUint32(off, true);
    }
    const lo = this.slowRead(a, 4);
    this.hi = this.slowRead(a + 4, 4);
    return lo;
  }

  /** Write a byte. */
  write8(a: number, v: number): void {
    const vpn = Math.floor(a / PAGE_SIZE);
    const i = vpn & TLB_MASK;
    if (this.wTag[i] === vpn) this.wDv[i].setUint8(a - vpn * PAGE_SIZE, v);
    else this.slowWrite(a, 1, v);
  }

  /** Write a 16-bit value. */
  write16(a: number, v: number): void {
    const vpn = Math.floor(a / PAGE_SIZE);
    const off = a - vpn * PAGE_SIZE;
    const i = vpn & TLB_MASK;
    if (this.wTag[i] === vpn && off <= PAGE_SIZE - 2) this.wDv[i].setUint16(off, v, true);
    else this.slowWrite(a, 2, v);
  }

  /** Write a 32-bit value. */
  write32(a: number, v: number): void {
    const vpn = Math.floor(a / PAGE_SIZE);
    const off = a - vpn * PAGE_SIZE;
    const i = vpn & TLB_MASK;
    if (this.wTag[i] === vpn && off <= PAGE_SIZE - 4) this.wDv[i].setUint32(off, v, true);
    else this.slowWrite(a, 4, v);
  }

  /** Write a 64-bit value given as halves. Checks both halves before storing either. */
  write64(a: number, lo: number, hi: number): void {
    const vpn = Math.floor(a / PAGE_SIZE);
    const off = a - vpn * PAGE_SIZE;
    const i = vpn & TLB_MASK;
    if (this.wTag[i] === vpn && off <= PAGE_SIZE - 8) {
      const dv = this.wDv[i];
      dv.setUint32(off, lo, true);
      dv.setUint32(off + 4, hi, true);
    } else {
      this.checkWritable(a, 8);
      this.slowWrite(a, 4, lo);
      this.slowWrite(a + 4, 4, hi);
    }
  }

  /** Read a byte for instruction fetch (requires PROT_EXEC). */
  fetch8(a: number): number {
    const page = this.pageFor(a, PROT_EXEC);
    return page.data[a - Math.floor(a / PAGE_SIZE) * PAGE_SIZE];
  }

  /** The page holding `a` for instruction fetch (requires PROT_EXEC); marks it as holding code. */
  codePage(a: number): Page {
    const page = this.pageFor(a, PROT_EXEC);
    if (page.decoded === null) {
      page.decoded = new Array(PAGE_SIZE);
      const vpn = Math.floor(a / PAGE_SIZE);
      const i = vpn & TLB_MASK;
      if (this.wTag[i] === vpn) this.wTag[i] = -1;
      if (page.backing !== Backing.Own) {
        const views = codeViews.get(page.data.buffer);
        const view = { mem: this, vpn, page };
        if (views === undefined) {
          codeViews.set(page.data.buffer, [view]);
          // Other pages of this table may view the same bytes through the write TLB.
          this.wTag.fill(-1);
          this.sharedEpoch = ++sharedCodeEpoch;
        } else views.push(view);
      }
    }
    return page;
  }

  // ---- slow paths --------------------------------------------------------------

  /** Find (materializing on demand) the page for `a`, checking `need` protection bits. */
  pageFor(a: number, need: number): Page {
    if (!(a >= 0 && a < USER_END)) {
      // Non-canonical addresses raise #GP, which Linux reports with SI_KERNEL and no address.
      if (a >= USER_END && a < KERNEL_START) generalProtection();
      // Linux reports user accesses to kernel addresses as protection faults.
      throw pageFault(SEGV_MAPERR, a, need, true);
    }
    const vpn = Math.floor(a / PAGE_SIZE);
    let page = this.pages.get(vpn);
    if (page === undefined) {
      const vma = this.findVma(a);
      if (vma === undefined) throw pageFault(SEGV_MAPERR, a, need, false);
      if ((vma.prot & need) !== need) throw pageFault(SEGV_ACCERR, a, need, false);
      const made = this.newPage(vma, vpn);
      // A file page wholly past the end of the file does not exist: SIGBUS (BUS_ADRERR).
      if (made === null) {
        const err = pageFault(SEGV_MAPERR, a, need, false).err;
        throw new GuestFault(SIGBUS, BUS_ADRERR, a, X86_TRAP_PF, err);
      }
      this.pages.set(vpn, page = made);
      if (vma.file !== null && made.backing === Backing.Shared) {
        if ((need & PROT_WRITE) !== 0) this.writeFault(a, vma.file, need);
        else this.faultAround(vma, vpn);
      }
    }
    // A PROT_NONE page is not present to the MMU.
    if ((page.prot & need) !== need) throw pageFault(SEGV_ACCERR, a, need, page.prot !== PROT_NONE);
    return page;
  }

  /** A store at `a` has just faulted in a page of shared mapped `file`: its times change (`userMode`). */
  private writeFault(a: number, file: MappedFile, need: number): void {
    if (!this.userMode) {
      mapWrites.push(file);
      return;
    }
    const err = pageFault(SEGV_ACCERR, a, need, true).err;
    throw new GuestFault(WRITE_NOTIFY, 0, a, X86_TRAP_PF, err);
  }

  /**
   * The file whose shared mapping a store at `a` faulted in (the kernel
   * resolves a write-notify fault by stamping its times).
   */
  mappedFile(a: number): MappedFile {
    return this.findVma(a)!.file!;
  }

  /**
   * A read fault at `vpn` of a shared file mapping also maps the pages
   * around it that the file holds (Linux's fault-around: the aligned 64 KiB
   * around the fault, within the mapping and the file), so a later store
   * to one of them faults nothing in and changes no time.
   */
  private faultAround(vma: Vma, vpn: number): void {
    const file = vma.file!;
    const first = Math.max(vpn - (vpn % FAULT_AROUND), vma.start / PAGE_SIZE);
    const last = Math.min(first + FAULT_AROUND, vma.end / PAGE_SIZE);
    for (let v = first; v < last; v++) {
      if (v === vpn || this.pages.has(v)) continue;
      const pos = vma.offset + (v * PAGE_SIZE - vma.start);
      const data = pos < file.size ? file.pages!.get(pos / PAGE_SIZE) : undefined;
      if (data !== undefined) this.pages.set(v, new Page(vma.prot, data, Backing.Shared));
    }
  }

  /**
   * The page a fault at `vpn` of `vma` brings in: zeros for anonymous memory;
   * for a file mapping the file's own page (shared, or copy-on-write for a
   * private mapping), a hole of the file being filled now; null past the
   * end of the file.
   */
  private newPage(vma: Vma, vpn: number): Page | null {
    const shared = (vma.flags & MAP_SHARED) !== 0;
    const file = vma.file;
    if (file === null || file.pages === null) {
      return new Page(vma.prot, undefined, shared ? Backing.Shared : Backing.Own);
    }
    const pos = vma.offset + (vpn * PAGE_SIZE - vma.start);
    if (pos >= file.size) return null;
    const idx = pos / PAGE_SIZE;
    let data = file.pages.get(idx);
    if (data === undefined) file.pages.set(idx, data = new Uint8Array(PAGE_SIZE));
    return new Page(vma.prot, data, shared ? Backing.Shared : Backing.FileCow);
  }

  private slowRead(a: number, size: number): number {
    const vpn = Math.floor(a / PAGE_SIZE);
    const off = a - vpn * PAGE_SIZE;
    if (off + size <= PAGE_SIZE) {
      const page = this.pageFor(a, PROT_READ);
      const i = vpn & TLB_MASK;
      this.rTag[i] = vpn;
      this.rDv[i] = page.dv;
      return size === 1
        ? page.dv.getUint8(off)
        : size === 2
        ? page.dv.getUint16(off, true)
        : page.dv.getUint32(off, true);
    }
    let v = 0;
    for (let k = size - 1; k >= 0; k--) v = v * 256 + this.read8(a + k);
    return v;
  }

  private checkWritable(a: number, size: number): void {
    this.pageFor(a, PROT_WRITE);
    this.pageFor(a + size - 1, PROT_WRITE);
  }

  /**
   * The page holding `a` for a store (requires PROT_WRITE), copied first if
   * it is shared copy-on-write; other views of shared bytes drop their code.
   */
  pageForWrite(a: number): Page {
    const page = this.pageFor(a, PROT_WRITE);
    const vpn = Math.floor(a / PAGE_SIZE);
    return this.writable(vpn, page);
  }

  /**
   * `page` at `vpn` made ready for a store: a copy if it is copy-on-write;
   * shared bytes stay shared (in a page of this table's own) and other
   * views of them drop their code.
   */
  private writable(vpn: number, page: Page): Page {
    if (page.backing === Backing.Shared) {
      if (this.pages.isShared(vpn, page)) page = this.ownView(vpn, page);
      dropCodeOver(page.data);
      return page;
    }
    if (page.backing === Backing.FileCow || this.pages.isShared(vpn, page)) {
      return this.unshare(vpn, page);
    }
    return page;
  }

  /** A page of this table's own over the same shared bytes as `page` at `vpn` (which others hold too). */
  private ownView(vpn: number, page: Page): Page {
    if (page.decoded !== null) this.dropCode(vpn, page);
    const view = new Page(page.prot, page.data, page.backing);
    this.pages.replace(vpn, view);
    const i = vpn & TLB_MASK;
    if (this.rTag[i] === vpn) this.rDv[i] = view.dv;
    return view;
  }

  /** Give this address space its own copy of copy-on-write page `page` at `vpn`. */
  private unshare(vpn: number, page: Page): Page {
    // The copy starts without decoded code; dropping the original's makes a run loop
    // executing from it look the page up again.
    if (page.decoded !== null) this.dropCode(vpn, page);
    const copy = new Page(page.prot);
    copy.data.set(page.data);
    this.pages.replace(vpn, copy);
    this.cowCopies++;
    const i = vpn & TLB_MASK;
    if (this.rTag[i] === vpn) this.rDv[i] = copy.dv;
    return copy;
  }

  private slowWrite(a: number, size: number, v: number): void {
    const vpn = Math.floor(a / PAGE_SIZE);
    const off = a - vpn * PAGE_SIZE;
    if (off + size <= PAGE_SIZE) {
      const page = this.pageForWrite(a);
      if (page.decoded !== null) this.dropCode(vpn, page);
      else if (
        page.backing === Backing.Own ||
        (page.backing === Backing.Shared && codeViews.get(page.data.buffer) === undefined)
      ) {
        // Shared bytes some view holds code from stay out of the write TLB: each store must
        // reach `dropCodeOver` (see `sharedCodeEpoch`).
        const i = vpn & TLB_MASK;
        this.wTag[i] = vpn;
        this.wDv[i] = page.dv;
      }
      if (size === 1) page.dv.setUint8(off, v);
      else if (size === 2) page.dv.setUint16(off, v, true);
      else page.dv.setUint32(off, v, true);
      return;
    }
    this.checkWritable(a, size);
    for (let k = 0; k < size; k++) {
      this.write8(a + k, v & 0xff);
      v = Math.floor(v / 256);
    }
  }

  /** Forget decoded instructions of `page` at `vpn` (and of the page before, whose last instruction may spill over). */
  dropCode(vpn: number, page: Page): void {
    page.decoded = null;
    const prev = this.pages.get(vpn - 1);
    if (prev !== undefined && prev.decoded !== null) prev.decoded = null;
  }

  /**
   * Empty the write TLB if code has been decoded from shared bytes since it
   * was filled (see `sharedCodeEpoch`). Call before running this address
   * space's threads: address spaces take turns on one virtual CPU.
   */
  syncSharedCode(): void {
    if (this.sharedEpoch === sharedCodeEpoch) return;
    this.wTag.fill(-1);
    this.sharedEpoch = sharedCodeEpoch;
  }

  /** Drop all TLB entries (after any change to mappings or protections). */
  flushTlb(): void {
    this.rTag.fill(-1);
    this.wTag.fill(-1);
  }

  // ---- bulk access for the kernel ---------------------------------------------

  /** Copy `n` guest bytes starting at `a` (requires PROT_READ). Throws GuestFault on a bad range. */
  readBytes(a: number, n: number): Uint8Array {
    const out = new Uint8Array(n);
    let done = 0;
    while (done < n) {
      const addr = a + done;
      const page = this.pageFor(addr, PROT_READ);
      const off = addr - Math.floor(addr / PAGE_SIZE) * PAGE_SIZE;
      const k = Math.min(PAGE_SIZE - off, n - done);
      out.set(page.data.subarray(off, off + k), done);
      done += k;
    }
    return out;
  }

  /** Copy bytes into guest memory at `a` (requires PROT_WRITE unless `force`). */
  writeBytes(a: number, bytes: Uint8Array, force = false): void {
    let done = 0;
    const n = bytes.length;
    while (done < n) {
      const addr = a + done;
      const vpn = Math.floor(addr / PAGE_SIZE);
      let page = force ? this.forcePage(addr) : this.pageFor(addr, PROT_WRITE);
      page = this.writable(vpn, page);
      if (page.decoded !== null) this.dropCode(vpn, page);
      const off = addr - vpn * PAGE_SIZE;
      const k = Math.min(PAGE_SIZE - off, n - done);
      page.data.set(bytes.subarray(done, done + k), off);
      done += k;
    }
  }

  /**
   * Fault in the untouched accessible pages of [start, end), as MAP_POPULATE
   * and MAP_LOCKED do (PROT_NONE pages stay absent, as Linux's populate skips them).
   */
  populate(start: number, end: number): void {
    for (let vpn = start / PAGE_SIZE; vpn < end / PAGE_SIZE; vpn++) {
      if (this.pages.has(vpn)) continue;
      const vma = this.findVma(vpn * PAGE_SIZE);
      if (vma === undefined || vma.prot === PROT_NONE) continue;
      // Pages past the end of a file stay absent (populating them is no error).
      const page = this.newPage(vma, vpn);
      if (page !== null) this.pages.set(vpn, page);
    }
  }

  /** Materialize the page at `a` regardless of protection (loader use); it must lie in a VMA. */
  private forcePage(a: number): Page {
    const vpn = Math.floor(a / PAGE_SIZE);
    let page = this.pages.get(vpn);
    if (page === undefined) {
      const vma = this.findVma(a);
      if (vma === undefined) throw new GuestFault(SIGSEGV, SEGV_MAPERR, a);
      page = new Page(
        vma.prot,
        undefined,
        (vma.flags & MAP_SHARED) !== 0 ? Backing.Shared : Backing.Own,
      );
      this.pages.set(vpn, page);
    }
    return page;
  }

  /** Read a NUL-terminated string of at most `max` bytes (without the NUL). Throws GuestFault. */
  readCString(a: number, max = 4096): Uint8Array {
    const bytes: number[] = [];
    for (let k = 0; k < max; k++) {
      const b = this.read8(a + k);
      if (b === 0) return new Uint8Array(bytes);
      bytes.push(b);
    }
    throw new GuestFault(SIGSEGV, SEGV_MAPERR, a + max);
  }

  // ---- mappings ----------------------------------------------------------------

  /** The VMA containing `a`, if any. */
  findVma(a: number): Vma | undefined {
    const v = this.vmas;
    let lo = 0, hi = v.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = v[mid];
      if (a < m.start) hi = mid - 1;
      else if (a >= m.end) lo = mid + 1;
      else return m;
    }
    return undefined;
  }

  /**
   * Map [start, start+len) (page-aligned), replacing whatever was there
   * (MAP_FIXED semantics); `file` pages it in from an in-memory file at `offset`.
   */
  map(
    start: number,
    len: number,
    prot: number,
    flags: number,
    name = "",
    offset = 0,
    file: MappedFile | null = null,
  ): void {
    this.unmap(start, len);
    const vma: Vma = {
      start,
      end: start + len,
      prot,
      flags,
      name,
      offset,
      file,
      policy: null,
      sealed: false,
    };
    let i = 0;
    while (i < this.vmas.length && this.vmas[i].start < start) i++;
    this.vmas.splice(i, 0, vma);
  }

  /** Unmap [start, start+len), splitting VMAs and freeing pages. */
  unmap(start: number, len: number): void {
    const end = start + len;
    const out: Vma[] = [];
    for (const v of this.vmas) {
      if (v.end <= start || v.start >= end) {
        out.push(v);
        continue;
      }
      if (v.start < start) out.push({ ...v, end: start });
      if (v.end > end) out.push({ ...v, start: end, offset: v.offset + (end - v.start) });
      this.dropPages(Math.max(v.start, start), Math.min(v.end, end));
    }
    this.vmas = out;
    this.flushTlb();
  }

  /** Free the pages of a range; their decoded code is dropped so cached references see it. */
  private dropPages(start: number, end: number): void {
    const first = start / PAGE_SIZE, last = end / PAGE_SIZE;
    if (last - first < this.pages.size) {
      for (let p = first; p < last; p++) this.discardPage(p);
    } else {
      for (const p of [...this.pages.keys()]) if (p >= first && p < last) this.discardPage(p);
    }
  }

  /** Forget the page at `vpn` (it reads as zero again unless refilled); the caller flushes the TLB. */
  discardPage(vpn: number): void {
    const page = this.pages.get(vpn);
    if (page === undefined) return;
    page.decoded = null;
    this.pages.delete(vpn);
    if (page.sharers > 1) page.sharers--;
  }

  /** Change protection of [start, start+len); every page must be mapped. Returns false if not. */
  protect(start: number, len: number, prot: number): boolean {
    const end = start + len;
    for (let a = start; a < end;) {
      const v = this.findVma(a);
      if (v === undefined) return false;
      a = v.end;
    }
    const out: Vma[] = [];
    for (const v of this.vmas) {
      if (v.end <= start || v.start >= end) {
        out.push(v);
        continue;
      }
      if (v.start < start) out.push({ ...v, end: start });
      const s = Math.max(v.start, start), e = Math.min(v.end, end);
      out.push({ ...v, start: s, end: e, prot, offset: v.offset + (s - v.start) });
      if (v.end > end) out.push({ ...v, start: end, offset: v.offset + (end - v.start) });
    }
    this.vmas = out;
    for (let p = start / PAGE_SIZE; p < end / PAGE_SIZE; p++) {
      let page = this.pages.get(p);
      if (page !== undefined) {
        // A copy-on-write page's protection belongs to every holder: take a copy to change it
        // (of the page: a view of shared bytes, or of a file's page, stays one).
        if (page.prot !== prot && this.pages.isShared(p, page)) {
          page = page.backing === Backing.Own ? this.unshare(p, page) : this.ownView(p, page);
        }
        page.prot = prot;
        if ((prot & PROT_EXEC) === 0) page.decoded = null;
      }
    }
    this.flushTlb();
    return true;
  }

  /** Is every page of [start, end) free of mappings? */
  isFree(start: number, end: number): boolean {
    for (const v of this.vmas) if (v.start < end && v.end > start) return false;
    return true;
  }

  /** Highest free gap of `len` bytes ending at or below `below`, or -1. */
  findFreeBelow(len: number, below: number, above: number): number {
    let top = below;
    for (let i = this.vmas.length - 1; i >= 0; i--) {
      const v = this.vmas[i];
      if (v.start >= top) continue;
      if (v.end <= top - len && top - len >= above) return top - len;
      top = Math.min(top, v.start);
    }
    return top - len >= above ? top - len : -1;
  }

  // ---- fork ---------------------------------------------------------------------

  /**
   * The address space of a forked child: the same mappings; private pages
   * shared copy-on-write (nothing is copied now: the first write on either
   * side copies one page), MAP_SHARED pages shared for good (both processes
   * see every write; untouched anonymous ones are materialized now so that
   * both sides use the same bytes, while file pages come from the file).
   */
  fork(): Memory {
    const child = new Memory();
    child.vmas = this.vmas.map((v) => ({ ...v }));
    for (const v of this.sharedVmas()) {
      if (v.file !== null) continue;
      for (let vpn = v.start / PAGE_SIZE; vpn < v.end / PAGE_SIZE; vpn++) {
        if (!this.pages.has(vpn)) this.pages.set(vpn, new Page(v.prot, undefined, Backing.Shared));
      }
    }
    child.pages = this.pages.fork();
    for (const v of this.sharedVmas()) {
      for (let vpn = v.start / PAGE_SIZE; vpn < v.end / PAGE_SIZE; vpn++) {
        const page = this.pages.get(vpn);
        if (page === undefined) continue;
        // A file page is the child's to fault in (clean, as Linux copies no shared file PTEs).
        if (v.file !== null) child.discardPage(vpn);
        else child.pages.replace(vpn, new Page(page.prot, page.data, Backing.Shared));
      }
    }
    // Every private page is now copy-on-write: no store may hit it through the TLB.
    this.wTag.fill(-1);
    return child;
  }

  private sharedVmas(): Vma[] {
    return this.vmas.filter((v) => (v.flags & MAP_SHARED) !== 0);
  }

  /**
   * A copy of this address space for a copy of the whole machine
   * (`Machine.fork`): private pages are shared copy-on-write as by `fork`,
   * but shared bytes (MAP_SHARED pages, private file pages not yet written)
   * must not be shared with the other machine, so they are copied, once per
   * machine copy: `copies` maps each original page to its copy and
   * `copyData` copies bytes (keeping what views share shared, files
   * included), so the new machine shares within itself what the old one
   * shares. `copyFile` gives the new machine's copy of a mapped file.
   */
  copyForMachine(
    copies: Map<unknown, unknown>,
    copyData: (d: Uint8Array) => Uint8Array,
    copyFile: (f: MappedFile) => MappedFile,
  ): Memory {
    const m = new Memory();
    m.vmas = this.vmas.map((v) => ({ ...v, file: v.file === null ? null : copyFile(v.file) }));
    m.released = this.released;
    m.pages = this.pages.fork();
    for (const v of this.vmas) {
      if ((v.flags & MAP_SHARED) === 0 && v.file === null) continue;
      for (let vpn = v.start / PAGE_SIZE; vpn < v.end / PAGE_SIZE; vpn++) {
        const page = this.pages.get(vpn);
        if (page === undefined || page.backing === Backing.Own) continue;
        let copy = copies.get(page) as Page | undefined;
        if (copy === undefined) {
          copy = new Page(page.prot, copyData(page.data), page.backing);
          copies.set(page, copy);
        }
        m.pages.replace(vpn, copy);
      }
    }
    this.wTag.fill(-1);
    return m;
  }

  /**
   * This address space is discarded (its process exited or exec'd): other
   * holders of its copy-on-write pages may write them in place again. The
   * pages stay readable here for inspection.
   */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.pages.release();
    this.wTag.fill(-1);
  }
}
