/**
 * Snapshots of machine state: `writeSnapshot` turns a CPU and its address
 * space into a self-checking file, `readSnapshot` validates one and rebuilds
 * them. This is the v1 schema (docs/SNAPSHOT.md); the kernel records join it
 * in a later version.
 *
 *     header   { linuxvm, icount, digest, options }
 *     chunk 0  "machine": { cpu: <cpu record>, memory: <memory record> }
 *     chunk i  "pages": { runs, data }    (as many as needed, in address order)
 * @module
 */

import denoConfig from "../../deno.json" with { type: "json" };
import type { Cpu } from "../exec/cpu.ts";
import type { Memory } from "../exec/memory.ts";
import { cborU64 } from "./cbor.ts";
import {
  type Chunk,
  decodeContainer,
  encodeContainer,
  type EncodedChunk,
  isPlainMap,
} from "./container.ts";
import { cpuFromRecord, cpuToRecord } from "./cpu_record.ts";
import { digestHex, stateDigest } from "./digest.ts";
import { check, SnapshotError } from "./errors.ts";
import {
  encodedPageChunks,
  memoryFromRecords,
  memoryToRecord,
  significantPages,
} from "./memory_record.ts";
import {
  canMigrate,
  FORMAT_VERSION,
  migrate,
  type MigrationRegistry,
  MIGRATIONS,
} from "./migrations.ts";
import { asMap, bytes, map, text, uint } from "./schema.ts";
import { SNAPSHOT_ZSTD_LEVEL } from "./zstd.ts";

/** The linuxvm release recorded in snapshot headers. */
export const LINUXVM_VERSION: string = denoConfig.version;

/** The state a snapshot holds (CPU and address space for now; the kernel joins later). */
export interface MachineState {
  cpu: Cpu;
  mem: Memory;
}

/** What a snapshot's header says. */
export interface SnapshotHeader {
  /** linuxvm release that wrote it. */
  linuxvm: string;
  /** Retired guest instructions at the snapshot. */
  icount: number;
  /** The state digest (SHA-256, see digest.ts). */
  digest: Uint8Array;
  /** The machine options the writer recorded (plain data). */
  options: Record<string, unknown>;
}

/** How to write a snapshot. */
export interface WriteOptions {
  /** Machine options to record in the header (plain data: null, booleans, numbers, text, bytes, lists, maps). */
  options?: Record<string, unknown>;
  /** zstd level (default SNAPSHOT_ZSTD_LEVEL). Any level is readable. */
  level?: number;
  /** Pages per "pages" chunk (default PAGES_PER_CHUNK). Any split is readable. */
  pagesPerChunk?: number;
}

/** How to read a snapshot. */
export interface ReadOptions {
  /** Migrations to use for older versions (default: the built-in MIGRATIONS). */
  migrations?: MigrationRegistry;
  /**
   * Recompute the state digest of the rebuilt state and require it to equal the
   * header's. Default: true for current-version files; a migrated file's digest
   * was computed by an older definition and is not compared.
   */
  verifyDigest?: boolean;
}

/** A validated, rebuilt snapshot. */
export interface RestoredSnapshot extends MachineState {
  header: SnapshotHeader;
  /** The format version the file was written in (before migration). */
  version: number;
}

/** Throw `invalid-state` unless `v` is plain CBOR data. */
function assertPlainData(v: unknown, path: string): void {
  if (v === null || typeof v === "boolean" || typeof v === "string" || v instanceof Uint8Array) {
    return;
  }
  if (typeof v === "number" && Number.isFinite(v)) return;
  if (Array.isArray(v)) return v.forEach((x, i) => assertPlainData(x, `${path}[${i}]`));
  if (isPlainMap(v)) {
    return Object.entries(v).forEach(([k, x]) => assertPlainData(x, `${path}.${k}`));
  }
  throw new SnapshotError("invalid-state", `${path} is not plain data`);
}

/** Serialize `state` into a snapshot file. */
export function writeSnapshot(state: MachineState, opts: WriteOptions = {}): Uint8Array {
  const options = opts.options ?? {};
  assertPlainData(options, "options");
  const pages = significantPages(state.mem);
  const header = {
    linuxvm: LINUXVM_VERSION,
    icount: cborU64(state.cpu.icount, "cpu.icount"),
    digest: stateDigest(state.cpu, state.mem, pages),
    options,
  };
  const machine = { cpu: cpuToRecord(state.cpu), memory: memoryToRecord(state.mem, pages) };
  function* chunks(): Generator<Chunk | EncodedChunk> {
    yield { name: "machine", value: machine };
    for (const cbor of encodedPageChunks(pages, opts.pagesPerChunk)) yield { name: "pages", cbor };
  }
  return encodeContainer(
    { version: FORMAT_VERSION, header, chunks: chunks() },
    opts.level ?? SNAPSHOT_ZSTD_LEVEL,
  );
}

/**
 * Validate a snapshot file and rebuild its state. Throws `SnapshotError` (with
 * a `kind`) on any problem; never returns a partly restored state.
 */
export function readSnapshot(bytes_: Uint8Array, opts: ReadOptions = {}): RestoredSnapshot {
  const registry = opts.migrations ?? MIGRATIONS;
  const original = decodeContainer(bytes_, (v) => canMigrate(v, registry));
  const doc = migrate(original, registry);

  const h = doc.header;
  const header: SnapshotHeader = {
    linuxvm: text(h, "linuxvm", "header"),
    icount: uint(h, "icount", "header"),
    digest: bytes(h, "digest", "header", 32),
    options: map(h, "options", "header"),
  };
  const [first, ...rest] = doc.chunks;
  check(first?.name === "machine", 'the first chunk is not "machine"');
  const machine = asMap(first.value, "machine");
  for (const c of rest) check(c.name === "pages", `unexpected chunk "${c.name}"`);
  const cpu = cpuFromRecord(map(machine, "cpu", "machine"));
  const mem = memoryFromRecords(map(machine, "memory", "machine"), rest.map((c) => c.value));
  check(cpu.icount === header.icount, "header.icount differs from the CPU's");

  if (opts.verifyDigest ?? original.version === FORMAT_VERSION) {
    const got = stateDigest(cpu, mem);
    check(
      got.every((b, i) => b === header.digest[i]),
      `restored state digest ${digestHex(got)} differs from the saved ${digestHex(header.digest)}`,
    );
  }
  return { cpu, mem, header, version: original.version };
}
