/**
 * In-memory files' pages under their mappings: a mapping of a file shows
 * the file's own pages, so pages that truncation or hole punching removes
 * must leave every mapping, and a store that faults a shared mapping's
 * page in changes the file's times (as on tmpfs).
 * @module
 */

import type { Inode } from "./inode.ts";
import type { Vfs } from "./vfs.ts";
import type { Process } from "../process.ts";
import { Backing, type Memory, PAGE_SIZE, takeMapWrites } from "../../exec/memory.ts";

/**
 * Pages [first, last) of in-memory file `n` are gone (truncated or punched
 * out): every mapping of them in every process drops its page, so the next
 * touch faults again (SIGBUS past the new end of file, a new zero page in
 * a hole), as Linux's unmap_mapping_range does. Private copies the process
 * wrote are dropped too when `cows` (truncation), kept otherwise (a hole).
 */
export function unmapFilePages(
  procs: Iterable<Process>,
  n: Inode,
  first: number,
  last: number,
  cows: boolean,
): void {
  const seen = new Set<Memory>();
  for (const p of procs) {
    const mem = p.mem;
    if (seen.has(mem)) continue;
    seen.add(mem);
    let dropped = false;
    for (const v of mem.vmas) {
      if (v.file !== n) continue;
      const vFirst = v.offset / PAGE_SIZE, vLast = vFirst + (v.end - v.start) / PAGE_SIZE;
      const lo = Math.max(first, vFirst), hi = Math.min(last, vLast);
      for (let idx = lo; idx < hi; idx++) {
        const vpn = (v.start - v.offset) / PAGE_SIZE + idx;
        const page = mem.pages.get(vpn);
        if (page === undefined || (!cows && page.backing === Backing.Own)) continue;
        mem.discardPage(vpn);
        dropped = true;
      }
    }
    if (dropped) mem.flushTlb();
  }
}

/**
 * A store faulted a shared mapping's page of file `f` in (a write-notify
 * fault, or a kernel access): the file's mtime and ctime become now (the
 * time `vfs` holds), as tmpfs sets them; the size stays.
 */
export function mapWritten(vfs: Vfs, f: Inode): void {
  vfs.touchModify(f);
}

/** Stamp the files whose shared mapping pages kernel accesses faulted in by storing, just now. */
export function stampMapWrites(vfs: Vfs): void {
  for (const f of takeMapWrites()) mapWritten(vfs, f as Inode);
}
