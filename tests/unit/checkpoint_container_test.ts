/**
 * The snapshot file layout, readability across writer choices, typed errors,
 * and versioning: a synthetic version-0 file is read through a registered
 * migration and refused without one.
 * @module
 */

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { zstdDecompressSync } from "node:zlib";
import { Cpu, RAX, RSP } from "../../lib/exec/cpu.ts";
import { Memory, PAGE_SIZE, PROT_READ, PROT_WRITE } from "../../lib/exec/memory.ts";
import { cborDecode } from "../../lib/checkpoint/cbor.ts";
import {
  CODEC_STORED,
  CODEC_ZSTD,
  containerVersion,
  decodeContainer,
  encodeContainer,
  MAGIC,
  type SnapshotDocument,
} from "../../lib/checkpoint/container.ts";
import { cpuToRecord } from "../../lib/checkpoint/cpu_record.ts";
import { digestHex, stateDigest } from "../../lib/checkpoint/digest.ts";
import { memoryToRecord, significantPages } from "../../lib/checkpoint/memory_record.ts";
import { FORMAT_VERSION, type Migration, MIGRATIONS } from "../../lib/checkpoint/migrations.ts";
import { LINUXVM_VERSION, readSnapshot, writeSnapshot } from "../../lib/checkpoint/snapshot.ts";
import { xxh32 } from "../../lib/checkpoint/xxhash32.ts";
import { errorOf, frameBoundaries } from "../../tools/fuzz_snapshot.ts";

const HEAP = 0x600000;

function sample(): { cpu: Cpu; mem: Memory } {
  const mem = new Memory();
  mem.map(HEAP, 40 * PAGE_SIZE, PROT_READ | PROT_WRITE, 0x22, "[heap]");
  for (let p = 0; p < 40; p++) mem.write32(HEAP + p * PAGE_SIZE + 4 * p, 0x01020304 * (p + 1));
  const cpu = new Cpu();
  cpu.rip = 0x401000;
  cpu.r[2 * RAX] = 42;
  cpu.r[2 * RSP] = 0xffffe000;
  cpu.r[2 * RSP + 1] = 0x7fff;
  cpu.icount = 1000;
  return { cpu, mem };
}

Deno.test("container: layout of preamble, frames and trailer", () => {
  const s = sample();
  const bytes = writeSnapshot(s, { options: { argv: ["/bin/x"], seed: 3 }, pagesPerChunk: 16 });
  const dv = new DataView(bytes.buffer);
  assert.deepEqual(bytes.subarray(0, 8), MAGIC);
  assert.equal(dv.getUint32(8, true), FORMAT_VERSION);
  assert.equal(containerVersion(bytes), FORMAT_VERSION);
  assert.equal(Number(dv.getBigUint64(12, true)), bytes.length);
  assert.equal(dv.getUint32(20, true), xxh32(bytes.subarray(0, 20)));
  const end = bytes.length - 32;
  assert.deepEqual(
    bytes.subarray(end),
    new Uint8Array(createHash("sha256").update(bytes.subarray(0, end)).digest()),
  );

  const starts = frameBoundaries(bytes).slice(0, -2);
  assert.equal(starts.length, 1 + 1 + 3, "header, machine, 40 pages in chunks of 16");
  for (const [i, p] of starts.entries()) {
    const stored = bytes.subarray(p + 16, p + 16 + dv.getUint32(p, true));
    assert.equal(p % 8, 0);
    assert.equal(dv.getUint32(p + 12, true), xxh32(stored), `frame ${i} checksum`);
    const raw = i === 0 ? stored : zstdDecompressSync(stored);
    assert.equal(bytes[p + 8], i === 0 ? CODEC_STORED : CODEC_ZSTD);
    assert.equal(raw.length, dv.getUint32(p + 4, true));
    if (i > 0) {
      // A standard zstd frame with the content checksum flag (frame header descriptor bit 2).
      assert.deepEqual(Array.from(stored.subarray(0, 4)), [0x28, 0xb5, 0x2f, 0xfd]);
      assert.equal((stored[4] >> 2) & 1, 1);
    }
    const value = cborDecode(raw, "frame") as Record<string, unknown>;
    if (i === 0) {
      assert.deepEqual(Object.keys(value), ["linuxvm", "icount", "digest", "options", "chunks"]);
      assert.equal(value.linuxvm, LINUXVM_VERSION);
      assert.equal(value.icount, 1000);
      assert.deepEqual(value.options, { argv: ["/bin/x"], seed: 3 });
      assert.deepEqual(value.chunks, ["machine", "pages", "pages", "pages"]);
      assert.equal(digestHex(value.digest as Uint8Array), digestHex(stateDigest(s.cpu, s.mem)));
    }
  }
});

Deno.test("container: any level and chunking reads back to the same state", () => {
  const s = sample();
  const want = digestHex(stateDigest(s.cpu, s.mem));
  for (const level of [-5, 1, 3, 9]) {
    for (const pagesPerChunk of [1, 7, 1000]) {
      const r = readSnapshot(writeSnapshot(s, { level, pagesPerChunk }), { verifyDigest: true });
      assert.equal(digestHex(stateDigest(r.cpu, r.mem)), want, `level ${level} / ${pagesPerChunk}`);
      assert.equal(r.version, FORMAT_VERSION);
    }
  }
});

Deno.test("container: input at any alignment inside a larger buffer", () => {
  const bytes = writeSnapshot(sample());
  for (const off of [1, 3, 5]) {
    const buf = new Uint8Array(bytes.length + 8);
    buf.set(bytes, off);
    assert.equal(readSnapshot(buf.subarray(off, off + bytes.length)).header.icount, 1000);
  }
});

Deno.test("container: errors are SnapshotErrors with a kind and a message naming the problem", () => {
  const bytes = writeSnapshot(sample(), { pagesPerChunk: 8 });
  const chunk2 = frameBoundaries(bytes)[3];
  const damaged = bytes.slice();
  damaged[chunk2 + 40] ^= 4;
  const e = errorOf(() => readSnapshot(damaged));
  assert.equal(e.name, "SnapshotError");
  assert.equal(e.kind, "checksum");
  assert.match(e.message, /^checksum: chunk 2 checksum mismatch$/);

  const t = errorOf(() => readSnapshot(bytes.subarray(0, 100)));
  assert.equal(t.kind, "truncated");
  assert.match(t.message, new RegExp(`100 of ${bytes.length} bytes`));

  assert.equal(errorOf(() => readSnapshot(new Uint8Array(0))).kind, "truncated");
  assert.equal(
    errorOf(() => readSnapshot(new TextEncoder().encode("#!/bin/sh\n"))).kind,
    "bad-magic",
  );
});

Deno.test("container: unrepresentable options are refused when writing", () => {
  const s = sample();
  for (const options of [{ f: () => 1 }, { d: new Date(0) }, { n: NaN }, { u: undefined }]) {
    assert.equal(errorOf(() => writeSnapshot(s, { options })).kind, "invalid-state");
  }
  const doc = { version: 1, header: { chunks: [] }, chunks: [] };
  assert.equal(errorOf(() => encodeContainer(doc, 1)).kind, "invalid-state");
  s.cpu.faultAddr = -1;
  assert.equal(errorOf(() => writeSnapshot(s)).kind, "invalid-state");
});

Deno.test("container: a digest that does not match the state is refused", () => {
  const s = sample();
  const doc = decodeContainer(writeSnapshot(s), () => true);
  (doc.header.digest as Uint8Array)[0] ^= 1;
  const bytes = encodeContainer(doc, 1);
  assert.equal(errorOf(() => readSnapshot(bytes, { verifyDigest: true })).kind, "corrupt");
  assert.equal(readSnapshot(bytes, { verifyDigest: false }).header.icount, 1000);
});

// ---- versioning --------------------------------------------------------------

/**
 * A synthetic version 0, as a pre-release format might have looked: one
 * "state" chunk with registers as [lo, hi] pairs and pages as [address, prot,
 * bytes] triples.
 */
function writeV0(cpu: Cpu, mem: Memory): Uint8Array {
  const regs = Array.from({ length: 16 }, (_, n) => [cpu.r[2 * n], cpu.r[2 * n + 1]]);
  const pages = [...mem.pages].map(([vpn, p]) => [vpn * PAGE_SIZE, p.prot, p.data.slice()]);
  const maps = mem.vmas.map((v) => [v.start, v.end, v.prot, v.flags, v.name, v.offset]);
  const doc: SnapshotDocument = {
    version: 0,
    header: { linuxvm: "0.0.1", icount: cpu.icount, digest: new Uint8Array(32), options: {} },
    chunks: [{
      name: "state",
      value: { regs, rip: cpu.rip, flags: 0x202, icount: cpu.icount, maps, pages },
    }],
  };
  return encodeContainer(doc, 3);
}

/** The v0 to v1 step: builds v1 records by way of the real types. */
const v0to1: Migration = (doc) => {
  const st = doc.chunks[0].value as {
    regs: number[][];
    rip: number;
    icount: number;
    maps: [number, number, number, number, string, number][];
    pages: [number, number, Uint8Array][];
  };
  const cpu = new Cpu();
  st.regs.forEach(([lo, hi], n) => {
    cpu.r[2 * n] = lo;
    cpu.r[2 * n + 1] = hi;
  });
  cpu.rip = st.rip;
  cpu.icount = st.icount;
  const mem = new Memory();
  for (const [start, end, prot, flags, name, offset] of st.maps) {
    mem.map(start, end - start, prot, flags, name, offset);
  }
  for (const [addr, , data] of st.pages) mem.writeBytes(addr, data, true);
  const pages = significantPages(mem);
  const data = new Uint8Array(pages.vpns.length * PAGE_SIZE);
  pages.pages.forEach((p, i) => data.set(p.data, i * PAGE_SIZE));
  const runs = pages.vpns.map((vpn, i) => [vpn, 1, pages.pages[i].prot]);
  return {
    version: 1,
    header: doc.header,
    chunks: [
      { name: "machine", value: { cpu: cpuToRecord(cpu), memory: memoryToRecord(mem, pages) } },
      { name: "pages", value: { runs, data } },
    ],
  };
};

Deno.test("versions: a v0 file is read through its registered migration", () => {
  const s = sample();
  const v0 = writeV0(s.cpu, s.mem);
  assert.equal(containerVersion(v0), 0);
  const r = readSnapshot(v0, { migrations: new Map([[0, v0to1], ...MIGRATIONS]) });
  assert.equal(r.version, 0);
  assert.equal(r.header.linuxvm, "0.0.1");
  assert.equal(digestHex(stateDigest(r.cpu, r.mem)), digestHex(stateDigest(s.cpu, s.mem)));
  assert.deepEqual(r.mem.vmas, s.mem.vmas);
});

Deno.test("versions: unknown or unmigratable versions are refused as 'unknown-version'", () => {
  const s = sample();
  const v0 = writeV0(s.cpu, s.mem);
  const e = errorOf(() => readSnapshot(v0));
  assert.equal(e.kind, "unknown-version");
  assert.match(e.message, /format version 0/);
  const next = FORMAT_VERSION + 1;
  const future = encodeContainer({ version: next, header: {}, chunks: [] }, 1);
  assert.equal(errorOf(() => readSnapshot(future)).kind, "unknown-version");
  // A registry may not reach past the current version.
  const pastReg = new Map([[next, v0to1]]);
  assert.equal(
    errorOf(() => readSnapshot(future, { migrations: pastReg })).kind,
    "unknown-version",
  );
});

Deno.test("versions: a failing or misnumbered migration is reported, not propagated raw", () => {
  const s = sample();
  const v0 = writeV0(s.cpu, s.mem);
  const throws: Migration = () => {
    throw new TypeError("cannot read properties of undefined");
  };
  const e = errorOf(() => readSnapshot(v0, { migrations: new Map([[0, throws], ...MIGRATIONS]) }));
  assert.equal(e.kind, "corrupt");
  assert.match(e.message, /migration from version 0/);
  const wrong: Migration = (doc) => ({ ...v0to1(doc), version: 7 });
  assert.equal(
    errorOf(() => readSnapshot(v0, { migrations: new Map([[0, wrong], ...MIGRATIONS]) })).kind,
    "corrupt",
  );
});
