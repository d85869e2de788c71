/**
 * The address-space records: VMAs and page contents of a `Memory` as plain
 * CBOR data (docs/SNAPSHOT.md, "memory" and "pages"), and back.
 *
 * Only significant pages are stored: a materialized page that is all zeros
 * and has its mapping's protection behaves exactly like a page never touched
 * (both read as zeros and are created on demand with the VMA's protection), so
 * it costs nothing. Decoded-code caches and TLBs are caches, not state: a
 * restored `Memory` starts with them empty.
 * @module
 */

import { Memory, Page, PAGE_SIZE, type Vma, type VmaPolicy } from "../exec/memory.ts";
import { cborEncode, cborU64, MAJOR_BYTES, MAJOR_MAP, MAJOR_TEXT, writeCborHead } from "./cbor.ts";
import { check } from "./errors.ts";
import { asList, asMap, bytes, list, map, type RecordMap, text, u64, uint } from "./schema.ts";

/** Pages per "pages" chunk: 1 MiB of raw data (measured: docs/SNAPSHOT.md). */
export const PAGES_PER_CHUNK = 256;
/** Highest virtual page number + 1 of a 64-bit address space. */
const VPN_LIMIT = 2 ** 52;
const U32 = 0xffffffff;

/** The significant pages of an address space in address order. */
export interface PageList {
  vpns: number[];
  pages: Page[];
}

/** Is the page all zeros? */
export function isZeroPage(page: Page): boolean {
  const words = new Int32Array(page.data.buffer, page.data.byteOffset, PAGE_SIZE / 4);
  for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
  return true;
}

/** The pages of `mem` that a snapshot must store, sorted by address. */
export function significantPages(mem: Memory): PageList {
  const vpns = [...mem.pages.keys()].sort((a, b) => a - b);
  const out: PageList = { vpns: [], pages: [] };
  for (const vpn of vpns) {
    const page = mem.pages.get(vpn)!;
    if (isZeroPage(page) && mem.findVma(vpn * PAGE_SIZE)?.prot === page.prot) continue;
    out.vpns.push(vpn);
    out.pages.push(page);
  }
  return out;
}

/** The mapping list as a record (the "memory" entry of the machine chunk). */
export function memoryToRecord(mem: Memory, pages: PageList): RecordMap {
  return {
    vmas: mem.vmas.map((v) => ({
      start: cborU64(v.start, "vma.start"),
      end: cborU64(v.end, "vma.end"),
      prot: v.prot,
      flags: v.flags,
      name: v.name,
      offset: cborU64(v.offset, "vma.offset"),
      // Kernel attributes appear only when set, so records without them stay as they were.
      ...(v.policy === null ? {} : { policy: policyToRecord(v.policy) }),
      ...(v.sealed ? { sealed: 1 } : {}),
    })),
    pageCount: pages.vpns.length,
  };
}

const RUNS_KEY = new TextEncoder().encode("runs");
const DATA_KEY = new TextEncoder().encode("data");

/**
 * The page contents as CBOR-encoded "pages" chunks of up to `perChunk`
 * pages each: the map `{ runs, data }` where `runs` lists [first vpn, count,
 * prot] for consecutive pages of equal protection and `data` is their bytes
 * back to back. Pages are copied straight into one reused buffer (each chunk
 * is valid until the next is pulled): measured to save a third of the write
 * time over building `data` arrays and encoding them with cbor-x.
 */
export function* encodedPageChunks(
  pages: PageList,
  perChunk = PAGES_PER_CHUNK,
): Generator<Uint8Array> {
  const { vpns } = pages;
  let buf = new Uint8Array(0);
  for (let first = 0; first < vpns.length; first += perChunk) {
    const last = Math.min(first + perChunk, vpns.length);
    const runs: (number | bigint)[][] = [];
    for (let i = first, runStart = first; i < last; i++) {
      const next = i + 1;
      const prot = pages.pages[i].prot;
      if (next === last || vpns[next] !== vpns[i] + 1 || pages.pages[next].prot !== prot) {
        runs.push([cborU64(vpns[runStart], "vpn"), next - runStart, prot]);
        runStart = next;
      }
    }
    const runsCbor = cborEncode(runs);
    const dataLength = (last - first) * PAGE_SIZE;
    const size = 32 + runsCbor.length + dataLength;
    if (buf.length < size) buf = new Uint8Array(size);
    let p = writeCborHead(buf, 0, MAJOR_MAP, 2);
    p = writeCborHead(buf, p, MAJOR_TEXT, RUNS_KEY.length);
    buf.set(RUNS_KEY, p);
    buf.set(runsCbor, p += RUNS_KEY.length);
    p = writeCborHead(buf, p + runsCbor.length, MAJOR_TEXT, DATA_KEY.length);
    buf.set(DATA_KEY, p);
    p = writeCborHead(buf, p + DATA_KEY.length, MAJOR_BYTES, dataLength);
    for (let i = first; i < last; i++, p += PAGE_SIZE) buf.set(pages.pages[i].data, p);
    yield buf.subarray(0, p);
  }
}

/** An mbind policy as a record: `{ mode, flags, lo, hi, home }` (home + 1, so -1 is 0). */
function policyToRecord(p: VmaPolicy): RecordMap {
  return { mode: p.mode, flags: p.flags, lo: p.lo, hi: p.hi, home: p.home + 1 };
}

function policyFromRecord(m: RecordMap, w: string): VmaPolicy {
  return {
    mode: uint(m, "mode", w, 15),
    flags: uint(m, "flags", w, U32),
    lo: uint(m, "lo", w, U32),
    hi: uint(m, "hi", w, U32),
    home: uint(m, "home", w, U32) - 1,
  };
}

function vmaFromRecord(v: unknown, i: number): Vma {
  const w = `memory.vmas[${i}]`;
  const m = asMap(v, w);
  const vma: Vma = {
    start: u64(m, "start", w),
    end: u64(m, "end", w),
    prot: uint(m, "prot", w, 7),
    flags: uint(m, "flags", w, U32),
    name: text(m, "name", w),
    offset: u64(m, "offset", w),
    policy: m.policy === undefined ? null : policyFromRecord(map(m, "policy", w), `${w}.policy`),
    sealed: m.sealed !== undefined && uint(m, "sealed", w, 1) === 1,
    // A bare memory image has no files: its mappings hold their pages.
    file: null,
  };
  check(
    vma.start % PAGE_SIZE === 0 && vma.end % PAGE_SIZE === 0 && vma.start < vma.end,
    `${w} is not a page-aligned, non-empty range`,
  );
  return vma;
}

/**
 * Build a `Memory` from the "memory" record and the "pages" chunk values.
 * Validates everything (ordering, overlaps, sizes) before returning; throws a
 * `corrupt` SnapshotError otherwise.
 */
export function memoryFromRecords(rec: RecordMap, chunks: readonly unknown[]): Memory {
  const mem = new Memory();
  const vmas = list(rec, "vmas", "memory").map(vmaFromRecord);
  for (let i = 1; i < vmas.length; i++) {
    check(vmas[i - 1].end <= vmas[i].start, `memory.vmas[${i}] overlaps or is out of order`);
  }
  mem.vmas = vmas;
  let nextVpn = 0, count = 0;
  chunks.forEach((value, c) => {
    const w = `pages chunk ${c}`;
    const m = asMap(value, w);
    const data = bytes(m, "data", w);
    let off = 0;
    asList(m.runs, `${w}.runs`).forEach((run, r) => {
      const rw = `${w}.runs[${r}]`;
      const t = asList(run, rw);
      check(t.length === 3, `${rw} is not [vpn, count, prot]`);
      const f = { vpn: t[0], count: t[1], prot: t[2] };
      const vpn = uint(f, "vpn", rw, VPN_LIMIT - 1);
      const n = uint(f, "count", rw, VPN_LIMIT);
      const prot = uint(f, "prot", rw, 7);
      check(n > 0 && vpn >= nextVpn && vpn + n <= VPN_LIMIT, `${rw} is empty or out of order`);
      check(off + n * PAGE_SIZE <= data.length, `${rw} runs past ${w}.data`);
      for (let k = 0; k < n; k++, off += PAGE_SIZE) {
        const page = new Page(prot);
        page.data.set(data.subarray(off, off + PAGE_SIZE));
        mem.pages.set(vpn + k, page);
      }
      nextVpn = vpn + n;
      count += n;
    });
    check(off === data.length, `${w}.data has bytes no run describes`);
  });
  check(count === uint(rec, "pageCount", "memory"), "memory.pageCount does not match the pages");
  return mem;
}
