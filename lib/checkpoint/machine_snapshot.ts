/**
 * Whole-machine snapshots (format version 2, docs/SNAPSHOT.md): the kernel
 * with every process, thread (running or blocked in a system call), open
 * file, pipe, timer and signal, as an object graph (graph.ts), the contents
 * of every address space's pages in "pages" chunks, and the content hashes
 * of the host files the run has read, which a restore verifies.
 *
 *     header   { linuxvm, icount, digest, options, hostFiles }
 *     chunk 0  "kernel": the graph table { shapes, classes, nodes }
 *     chunk i  "pages": { data }   (page contents, 4 KiB each, in graph order)
 * @module
 */

import { createHash, type Hash } from "node:crypto";
import { PAGE_SIZE, PAGE_SLABS } from "../exec/memory.ts";
import { FsKind, type Inode } from "../kernel/fs/inode.ts";
import { hostPath } from "../kernel/fs/hostfs.ts";
import { Kernel } from "../kernel/kernel.ts";
import { Process } from "../kernel/process.ts";
import {
  cborEncode,
  cborHeadSize,
  MAJOR_BYTES,
  MAJOR_MAP,
  MAJOR_TEXT,
  writeCborHead,
} from "./cbor.ts";
import { digestHex } from "./digest.ts";
import { decodeContainer, encodeContainer, type EncodedChunk, isPlainMap } from "./container.ts";
import { check, SnapshotError } from "./errors.ts";
import { decodeGraph, type EncodedGraph, encodeGraph, type GraphContext } from "./graph.ts";
import { KERNEL_CLASSES } from "./kernel_classes.ts";
import KERNEL_SCHEMA from "./kernel_schema.json" with { type: "json" };
import { PAGES_PER_CHUNK } from "./memory_record.ts";
import { canMigrate, FORMAT_VERSION, migrate, MIGRATIONS } from "./migrations.ts";
import { asList, asMap, bytes, map, text, uint } from "./schema.ts";
import { LINUXVM_VERSION } from "./snapshot.ts";
import { SNAPSHOT_ZSTD_LEVEL } from "./zstd.ts";

const DATA_KEY = new TextEncoder().encode("data");
const PAD_KEY = new TextEncoder().encode("pad");

/** Everything a machine is, apart from its host and its caches: what a snapshot holds. */
export interface MachineState {
  kernel: Kernel;
  /** The process the machine was started with (its outcome is the machine's). */
  process: Process;
  /** The one-line description of the fault that ended it, if any. */
  diagnostic: string | null;
}

/** A host file the run has read, as it was at the snapshot. */
export interface HostFileHash {
  /** Host path. */
  path: string;
  /** SHA-256 of its contents, or "" if it no longer existed. */
  sha256: string;
}

/** The state as bytes: the graph table (CBOR) and page contents. */
interface EncodedState {
  graph: Uint8Array;
  blobs: Uint8Array[];
}

/** What the machine digest hashes first: a version text, then the graph's CBOR (then the pages). */
function digestStart(graph: Uint8Array): Hash {
  return createHash("sha256").update("linuxvm machine state v2\0").update(graph);
}

function encodeState(state: MachineState): EncodedState {
  // Pages over the same bytes (MAP_SHARED after fork) are one entry, keyed by
  // their buffer, and in a page slab (a restored chunk) by their offset too.
  const blobIds = new Map<ArrayBufferLike, number>();
  const slabIds = new Map<ArrayBufferLike, Map<number, number>>();
  const blobs: Uint8Array[] = [];
  const ctx: GraphContext = {
    blob(data) {
      let ids: Map<ArrayBufferLike | number, number> = blobIds;
      let key: ArrayBufferLike | number = data.buffer;
      if (data.byteLength !== data.buffer.byteLength) {
        let slab = slabIds.get(data.buffer);
        if (slab === undefined) slabIds.set(data.buffer, slab = new Map());
        ids = slab;
        key = data.byteOffset;
      }
      let id = ids.get(key);
      if (id === undefined) {
        ids.set(key, id = blobs.length);
        blobs.push(data);
      }
      return id;
    },
    blobAt() {
      throw new Error("blobAt while writing");
    },
    blobOf: (buffer) => blobIds.get(buffer),
  };
  const graph = cborEncode(encodeGraph(state as unknown as object, KERNEL_CLASSES, ctx));
  return { graph, blobs };
}

/**
 * The machine-state digest: SHA-256 over the canonical encoding of the whole
 * state (kernel graph and page contents). Equal states have equal digests;
 * a restored or forked machine has the digest of its origin.
 */
export function machineDigest(state: MachineState): Uint8Array {
  const { graph, blobs } = encodeState(state);
  const h = digestStart(graph);
  for (const b of blobs) h.update(b);
  return h.digest();
}

/** Every host file some process has read (in mount order, then order of first read). */
function readHostFiles(k: Kernel): Inode[] {
  const out: Inode[] = [];
  for (const m of k.vfs.mounts) if (m.fs.kind === FsKind.Host) out.push(...m.fs.readNodes);
  return out;
}

function hashHostFile(path: string): string {
  let data: Uint8Array;
  try {
    data = Deno.readFileSync(path);
  } catch {
    return "";
  }
  return createHash("sha256").update(data).digest("hex");
}

/** How to write a machine snapshot. */
export interface MachineWriteOptions {
  /** Plain data to record in the header (machine options). */
  options?: Record<string, unknown>;
  /** zstd level (default SNAPSHOT_ZSTD_LEVEL). */
  level?: number;
}

/** Serialize a machine's state. Throws `SnapshotError` ("invalid-state") if it holds something that is not data. */
export function writeMachineSnapshot(
  state: MachineState,
  opts: MachineWriteOptions = {},
): Uint8Array {
  const enc = encodeState(state);
  const hostFiles = readHostFiles(state.kernel).map((n) => {
    const path = hostPath(n);
    return { path, sha256: hashHostFile(path) };
  });
  // The digest is taken as the pages are laid out in the chunks (same bytes, same
  // order as machineDigest), while the helper thread compresses: the header,
  // which holds it, is written last.
  const digest = digestStart(enc.graph);
  const header = () => ({
    linuxvm: LINUXVM_VERSION,
    icount: state.kernel.retired,
    digest: digest.digest(),
    options: opts.options ?? {},
    hostFiles,
  });
  function* chunks(): Generator<EncodedChunk> {
    yield { name: "kernel", cbor: enc.graph };
    // { pad, data } written straight into one reused buffer (valid until the next
    // chunk); `pad` makes the pages start 8-aligned, so a restore can use them in place.
    const buf = new Uint8Array(32 + PAGES_PER_CHUNK * PAGE_SIZE);
    for (let i = 0; i < enc.blobs.length; i += PAGES_PER_CHUNK) {
      const n = Math.min(PAGES_PER_CHUNK, enc.blobs.length - i);
      let p = writeCborHead(buf, 0, MAJOR_MAP, 2);
      p = writeCborHead(buf, p, MAJOR_TEXT, PAD_KEY.length);
      buf.set(PAD_KEY, p);
      p += PAD_KEY.length;
      // What follows the pad: its own head (1 byte), "data" (5), the bytes head.
      const rest = 1 + 1 + DATA_KEY.length + cborHeadSize(n * PAGE_SIZE);
      const pad = (8 - ((p + rest) & 7)) & 7;
      p = writeCborHead(buf, p, MAJOR_BYTES, pad);
      buf.fill(0, p, p + pad);
      p = writeCborHead(buf, p + pad, MAJOR_TEXT, DATA_KEY.length);
      buf.set(DATA_KEY, p);
      p = writeCborHead(buf, p + DATA_KEY.length, MAJOR_BYTES, n * PAGE_SIZE);
      const start = p;
      for (let j = 0; j < n; j++, p += PAGE_SIZE) buf.set(enc.blobs[i + j], p);
      digest.update(buf.subarray(start, p));
      yield { name: "pages", cbor: buf.subarray(0, p) };
    }
  }
  return encodeContainer(
    { version: FORMAT_VERSION, header, chunks: chunks(), sizeHint: enc.blobs.length * PAGE_SIZE },
    opts.level ?? SNAPSHOT_ZSTD_LEVEL,
  );
}

/** How to read a machine snapshot. */
export interface MachineReadOptions {
  /**
   * Recompute the digest of the rebuilt state and require it to equal the
   * header's (default false: the file hashes already prove the bytes are the
   * ones written; this guards against a decoder bug). Skipped for files of an
   * older format version, whose digest had another definition.
   */
  verifyDigest?: boolean;
}

/** A rebuilt machine snapshot. */
export interface RestoredMachine {
  state: MachineState;
  icount: number;
  digest: Uint8Array;
  options: Record<string, unknown>;
}

/**
 * Validate a machine snapshot and rebuild the state. Throws `SnapshotError`:
 * damaged or malformed input, a bare CPU+memory image (`readSnapshot`'s
 * kind), or ("host-changed") a host file the run read that has changed since.
 */
export function readMachineSnapshot(
  input: Uint8Array,
  opts: MachineReadOptions = {},
): RestoredMachine {
  const original = decodeContainer(input, (v) => canMigrate(v, MIGRATIONS));
  const version = original.version;
  const doc = migrate(original, MIGRATIONS);
  const h = doc.header;
  const icount = uint(h, "icount", "header");
  const digest = bytes(h, "digest", "header", 32);
  const options = map(h, "options", "header");
  text(h, "linuxvm", "header");
  const [first, ...rest] = doc.chunks;
  if (first?.name === "machine") {
    throw new SnapshotError(
      "corrupt",
      "this is a bare CPU and memory image, not a machine snapshot",
    );
  }
  check(first?.name === "kernel", 'the first chunk is not "kernel"');
  // Pages stay where decompression put them: each is a view into its chunk,
  // marked as a page slab, instead of a copy (half the restore time for 64 MiB).
  const blobs: Uint8Array[] = [];
  rest.forEach((c, i) => {
    check(c.name === "pages", `unexpected chunk "${c.name}"`);
    const data = bytes(asMap(c.value, `pages chunk ${i}`), "data", `pages chunk ${i}`);
    check(data.length % PAGE_SIZE === 0, `pages chunk ${i} is not whole pages`);
    if ((data.byteOffset & 7) !== 0) {
      // Unaligned (version 2 wrote no pad): typed-array views of a page need alignment.
      // (new Uint8Array copies: `data` may be a node Buffer, whose slice() is a view.)
      for (let p = 0; p < data.length; p += PAGE_SIZE) {
        blobs.push(new Uint8Array(data.subarray(p, p + PAGE_SIZE)));
      }
      return;
    }
    PAGE_SLABS.add(data.buffer);
    for (let p = 0; p < data.length; p += PAGE_SIZE) {
      blobs.push(new Uint8Array(data.buffer, data.byteOffset + p, PAGE_SIZE));
    }
  });
  const ctx: GraphContext = {
    blob() {
      throw new Error("blob while reading");
    },
    blobAt(i, whole) {
      check(Number.isInteger(i) && i >= 0 && i < blobs.length, `page ${i} is not in the snapshot`);
      // A buffer of the graph (a file page) is a buffer of its own, shared with any page over it.
      if (whole === true && blobs[i].byteLength !== blobs[i].buffer.byteLength) {
        blobs[i] = blobs[i].slice();
      }
      return blobs[i];
    },
    blobOf() {
      throw new Error("blobOf while reading");
    },
  };
  const g = asMap(first.value, "kernel");
  const root = decodeGraph(
    {
      shapes: asList(g.shapes, "kernel.shapes"),
      classes: asList(g.classes, "kernel.classes"),
      nodes: asList(g.nodes, "kernel.nodes"),
    } as EncodedGraph,
    KERNEL_CLASSES,
    ctx,
    KERNEL_SCHEMA.classes,
  ) as Partial<MachineState>;
  check(
    isPlainMap(root) && root.kernel instanceof Kernel && root.process instanceof Process &&
      (root.diagnostic === null || typeof root.diagnostic === "string"),
    "the graph's root is not a machine",
  );
  const state = root as MachineState;
  check(state.kernel.retired === icount, "header.icount differs from the kernel's");
  // By default the digest is not recomputed: the whole-file SHA-256 has proved
  // that these are the bytes the writer hashed into it, and recomputing costs a
  // pass over every page (40 ms for 64 MiB, a third of the restore budget).
  if (opts.verifyDigest === true && version === FORMAT_VERSION) {
    let got: Uint8Array;
    try {
      got = machineDigest(state);
    } catch (e) {
      // What the writer would refuse as invalid state, a reader received: the file is corrupt.
      if (e instanceof SnapshotError) throw new SnapshotError("corrupt", e.message, { cause: e });
      throw e;
    }
    check(
      got.every((b, i) => b === digest[i]),
      `restored state digest ${digestHex(got)} differs from the saved ${digestHex(digest)}`,
    );
  }
  for (const [i, f] of asList(h.hostFiles, "header.hostFiles").entries()) {
    const m = asMap(f, `header.hostFiles[${i}]`);
    const path = text(m, "path", `header.hostFiles[${i}]`);
    const want = text(m, "sha256", `header.hostFiles[${i}]`);
    const now = hashHostFile(path);
    if (now !== want) {
      throw new SnapshotError(
        "host-changed",
        `${path} ${now === "" ? "is gone" : "has changed"} since the snapshot (the run read it)`,
      );
    }
  }
  return { state, icount, digest, options };
}
