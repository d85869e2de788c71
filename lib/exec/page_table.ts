/**
 * The page table of an address space: virtual page number → `Page`, in
 * chunks of 512 pages (2 MiB of address space) that address spaces share
 * copy-on-write. Forking a process or a whole machine copies the small map
 * of chunks, not an entry per page, so it costs time in proportion to the
 * chunks, and the first change through a shared chunk copies that chunk
 * alone (its 512 references).
 *
 * Two levels of sharing make a page writable in place only when both say
 * it is not shared: `PageChunk.holders` counts the tables that hold a
 * chunk, `Page.sharers` counts the chunks that hold a page (so copying a
 * chunk adds one to each of its pages).
 * @module
 */

import type { Page } from "./memory.ts";

/** Pages per chunk (a power of two). */
const CHUNK_PAGES = 512;
const CHUNK_MASK = CHUNK_PAGES - 1;

/** 512 consecutive page slots, possibly shared by several tables. */
class PageChunk {
  /** Tables holding this chunk; above 1 it is read-only to all of them. */
  holders = 1;
  /** Occupied slots. */
  count = 0;
  constructor(readonly pages: (Page | undefined)[] = new Array(CHUNK_PAGES)) {}
}

/** A Map-like table of pages, shared copy-on-write by chunks. */
export class PageTable {
  private chunks: Map<number, PageChunk> = new Map();
  /** Number of pages. */
  size = 0;

  /** The page at `vpn`, if any. */
  get(vpn: number): Page | undefined {
    const c = this.chunks.get(Math.floor(vpn / CHUNK_PAGES));
    return c === undefined ? undefined : c.pages[vpn & CHUNK_MASK];
  }

  /** Is there a page at `vpn`? */
  has(vpn: number): boolean {
    return this.get(vpn) !== undefined;
  }

  /** Put `page` at `vpn` (the reference count of a page it replaces is the caller's business). */
  set(vpn: number, page: Page): this {
    const c = this.own(Math.floor(vpn / CHUNK_PAGES), true)!;
    const i = vpn & CHUNK_MASK;
    if (c.pages[i] === undefined) {
      c.count++;
      this.size++;
    }
    c.pages[i] = page;
    return this;
  }

  /** Put `page` at `vpn` in place of a page this table held, which it no longer counts as a holder of. */
  replace(vpn: number, page: Page): void {
    const old = this.get(vpn);
    this.set(vpn, page);
    if (old !== undefined && old !== page && old.sharers > 1) old.sharers--;
  }

  /** Remove the page at `vpn`; returns whether there was one. */
  delete(vpn: number): boolean {
    if (this.get(vpn) === undefined) return false;
    const ci = Math.floor(vpn / CHUNK_PAGES);
    const c = this.own(ci, false)!;
    c.pages[vpn & CHUNK_MASK] = undefined;
    this.size--;
    if (--c.count === 0) this.chunks.delete(ci);
    return true;
  }

  /**
   * Does another table or chunk hold `page` (at `vpn` here)? Then it must be
   * copied before a change, and it may not be written through a TLB.
   */
  isShared(vpn: number, page: Page): boolean {
    return page.sharers > 1 || this.chunks.get(Math.floor(vpn / CHUNK_PAGES))!.holders > 1;
  }

  /** Make chunk `ci` this table's alone (copying it if shared), creating it if asked. */
  private own(ci: number, create: boolean): PageChunk | undefined {
    let c = this.chunks.get(ci);
    if (c === undefined) {
      if (!create) return undefined;
      c = new PageChunk();
      this.chunks.set(ci, c);
      return c;
    }
    if (c.holders === 1) return c;
    c.holders--;
    const copy = new PageChunk(c.pages.slice());
    copy.count = c.count;
    for (const p of copy.pages) if (p !== undefined) p.sharers++;
    this.chunks.set(ci, copy);
    return copy;
  }

  /** A table with the same pages, sharing every chunk copy-on-write. */
  fork(): PageTable {
    const t = new PageTable();
    t.chunks = new Map(this.chunks);
    t.size = this.size;
    for (const c of this.chunks.values()) c.holders++;
    return t;
  }

  /** This table stops counting as a holder of its chunks and pages (its address space is released). */
  release(): void {
    for (const c of this.chunks.values()) {
      if (c.holders > 1) c.holders--;
      else for (const p of c.pages) if (p !== undefined && p.sharers > 1) p.sharers--;
    }
  }

  /** Virtual page numbers, chunk by chunk. */
  *keys(): IterableIterator<number> {
    for (const [ci, c] of this.chunks) {
      const base = ci * CHUNK_PAGES;
      for (let i = 0; i < CHUNK_PAGES; i++) if (c.pages[i] !== undefined) yield base + i;
    }
  }

  /** The pages. */
  *values(): IterableIterator<Page> {
    for (const c of this.chunks.values()) for (const p of c.pages) if (p !== undefined) yield p;
  }

  /** [vpn, page] pairs. */
  *entries(): IterableIterator<[number, Page]> {
    for (const [ci, c] of this.chunks) {
      const base = ci * CHUNK_PAGES;
      for (let i = 0; i < CHUNK_PAGES; i++) {
        const p = c.pages[i];
        if (p !== undefined) yield [base + i, p];
      }
    }
  }

  [Symbol.iterator](): IterableIterator<[number, Page]> {
    return this.entries();
  }
}
