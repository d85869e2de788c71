/**
 * The machine-state digest: SHA-256 over a canonical walk of the state
 * records (CPU, mappings) and of the significant pages in address order. Two
 * machines with equal digests have equal architectural state; a restored
 * machine has the digest of the one that was saved.
 *
 * The walk is defined here, not by a CBOR encoder, so the digest does not
 * change with the cbor-x version, the zstd level or the chunk size. The kernel
 * state records extend it with further `section`/`value` calls.
 * @module
 */

import { createHash, type Hash } from "node:crypto";
import type { Cpu } from "../exec/cpu.ts";
import type { Memory } from "../exec/memory.ts";
import { cpuToRecord } from "./cpu_record.ts";
import { memoryToRecord, type PageList, significantPages } from "./memory_record.ts";

const TWO_32 = 4294967296;
/** Type tags of the canonical walk. */
const T_NULL = 0, T_FALSE = 1, T_TRUE = 2, T_UINT = 3, T_FLOAT = 4, T_TEXT = 5, T_BYTES = 6;
const T_LIST = 7, T_MAP = 8;
/** Byte strings at least this long are hashed in place instead of being copied into the buffer. */
const DIRECT = 1024;

/** Incremental SHA-256 of little-endian fields and canonical plain values. */
export class DigestBuilder {
  private readonly hash: Hash = createHash("sha256");
  private readonly buf = new Uint8Array(8192);
  private readonly dv = new DataView(this.buf.buffer);
  private pos = 0;
  private readonly utf8 = new TextEncoder();

  private room(n: number): void {
    if (this.pos + n > this.buf.length) this.flush();
  }

  private flush(): void {
    this.hash.update(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  /** Start a named part of the state (keeps parts from running into each other). */
  section(name: string): this {
    this.u32(0x5345_4354); // "SECT"
    return this.bytes(this.utf8.encode(name));
  }

  /** A 32-bit unsigned field. */
  u32(v: number): this {
    this.room(4);
    this.dv.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
    return this;
  }

  /** A 64-bit unsigned field given as an integer-valued number below 2^64. */
  u64(v: number): this {
    this.room(8);
    this.dv.setUint32(this.pos, v % TWO_32, true);
    this.dv.setUint32(this.pos + 4, Math.floor(v / TWO_32), true);
    this.pos += 8;
    return this;
  }

  /** A length-prefixed byte string. */
  bytes(b: Uint8Array): this {
    this.u32(b.length);
    if (b.length >= DIRECT) {
      this.flush();
      this.hash.update(b);
    } else {
      this.room(b.length);
      this.buf.set(b, this.pos);
      this.pos += b.length;
    }
    return this;
  }

  /**
   * A plain value (null, boolean, number, bigint, string, Uint8Array, array,
   * map) by type tag and content; map entries in insertion order.
   */
  value(v: unknown): this {
    if (v === null) return this.u32(T_NULL);
    switch (typeof v) {
      case "boolean":
        return this.u32(v ? T_TRUE : T_FALSE);
      case "bigint":
        return this.u32(T_UINT).u64(Number(v));
      case "number":
        if (Number.isInteger(v) && v >= 0 && v < TWO_32 * TWO_32) return this.u32(T_UINT).u64(v);
        this.u32(T_FLOAT).room(8);
        this.dv.setFloat64(this.pos, v, true);
        this.pos += 8;
        return this;
      case "string":
        return this.u32(T_TEXT).bytes(this.utf8.encode(v));
    }
    if (v instanceof Uint8Array) return this.u32(T_BYTES).bytes(v);
    if (Array.isArray(v)) {
      this.u32(T_LIST).u32(v.length);
      for (const x of v) this.value(x);
      return this;
    }
    if (typeof v === "object") {
      const entries = Object.entries(v);
      this.u32(T_MAP).u32(entries.length);
      for (const [k, x] of entries) this.bytes(this.utf8.encode(k)).value(x);
      return this;
    }
    throw new TypeError(`cannot digest a ${typeof v}`);
  }

  /** The SHA-256 of everything fed so far (the builder is spent afterwards). */
  finish(): Uint8Array {
    this.flush();
    return this.hash.digest();
  }
}

/** Feed the address space: the mapping record, then each significant page (vpn, prot, bytes). */
export function digestMemory(d: DigestBuilder, mem: Memory, pages: PageList): void {
  d.section("memory").value(memoryToRecord(mem, pages));
  d.section("pages").u32(pages.vpns.length);
  for (let i = 0; i < pages.vpns.length; i++) {
    d.u64(pages.vpns[i]).u32(pages.pages[i].prot).bytes(pages.pages[i].data);
  }
}

/** Digest of a CPU and its address space. `pages` may be passed when already computed. */
export function stateDigest(
  cpu: Cpu,
  mem: Memory,
  pages: PageList = significantPages(mem),
): Uint8Array {
  const d = new DigestBuilder().section("linuxvm-state-v1");
  d.section("cpu").value(cpuToRecord(cpu));
  digestMemory(d, mem, pages);
  return d.finish();
}

/** A digest as lowercase hex, as the CLI prints it. */
export function digestHex(digest: Uint8Array): string {
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
