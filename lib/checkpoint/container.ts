/**
 * The snapshot container: the byte framing around CBOR chunks (magic, format
 * version, lengths, checksums, zstd). It knows nothing about machines; the
 * schema of what the chunks hold lives in `snapshot.ts` and its records.
 *
 * Layout (all integers little-endian; docs/SNAPSHOT.md is the full spec):
 *
 *     preamble  24 B   magic(8) version:u32 fileLength:u64 xxh32(preamble[0..20)):u32
 *     frame 0          the header: a CBOR map, stored uncompressed
 *     frame 1..n       the chunks named by header.chunks, each CBOR then zstd
 *     trailer   32 B   SHA-256 of every byte before it
 *
 *     frame     16 B   storedLength:u32 rawLength:u32 codec:u8 0:u8[3] xxh32(stored):u32
 *                      then the stored bytes, zero-padded to a multiple of 8
 *
 * The preamble layout is the same in every format version, so any version can
 * be recognized, checked and refused (or migrated) before anything else.
 * @module
 */

import { createHash } from "node:crypto";
import { cborDecode, cborEncode } from "./cbor.ts";
import { check, SnapshotError } from "./errors.ts";
import { xxh32 } from "./xxhash32.ts";
import { ZstdBatch } from "./zstd_pool.ts";

/** First bytes of every snapshot: "\x89LVM\r\n\x1a\n" (PNG-style: catches 7-bit and newline mangling). */
export const MAGIC: Uint8Array = Uint8Array.of(0x89, 0x4c, 0x56, 0x4d, 0x0d, 0x0a, 0x1a, 0x0a);

/** Sizes of the fixed parts. */
export const PREAMBLE_SIZE = 24, FRAME_HEADER_SIZE = 16, TRAILER_SIZE = 32;

/** Frame codecs. */
export const CODEC_STORED = 0, CODEC_ZSTD = 1;

/** Largest raw size accepted for one frame: bounds what a forged length can make us allocate. */
const MAX_FRAME_RAW = 1 << 28;

/** The header key under which the container records the chunk names. */
const CHUNKS_KEY = "chunks";

/** One named chunk: any plain CBOR-encodable value. */
export interface Chunk {
  name: string;
  value: unknown;
}

/** A chunk already encoded as one CBOR item; `cbor` need only stay valid until the next chunk is pulled. */
export interface EncodedChunk {
  name: string;
  cbor: Uint8Array;
}

/** What a container holds: a header map and named chunks, in the schema of `version`. */
export interface SnapshotDocument {
  version: number;
  header: Record<string, unknown>;
  chunks: Chunk[];
}

/** A document to write; chunks may be produced lazily and pre-encoded. */
export interface DocumentToWrite {
  version: number;
  /** The header, or a function giving it once every chunk has been pulled. */
  header: Record<string, unknown> | (() => Record<string, unknown>);
  chunks: Iterable<Chunk | EncodedChunk>;
  /** About how many bytes the chunks hold (large documents are compressed on two threads). */
  sizeHint?: number;
}

function sha256(bytes: Uint8Array): Uint8Array {
  return createHash("sha256").update(bytes).digest();
}

function pad8(n: number): number {
  return (n + 7) & ~7;
}

/** A frame to write: its codec, the size of its raw content, and the bytes stored. */
export interface Frame {
  codec: number;
  rawLength: number;
  stored: Uint8Array;
}

/** Bytes a frame with `storedLength` stored bytes takes (head, bytes, padding). */
export function frameSize(storedLength: number): number {
  return FRAME_HEADER_SIZE + pad8(storedLength);
}

/** Write frame `f` at `p` of `out` (zero-filled); returns the offset after it and its padding. */
export function writeFrame(out: Uint8Array, p: number, f: Frame): number {
  const dv = new DataView(out.buffer, out.byteOffset + p, FRAME_HEADER_SIZE);
  dv.setUint32(0, f.stored.length, true);
  dv.setUint32(4, f.rawLength, true);
  out[p + 8] = f.codec;
  dv.setUint32(12, xxh32(f.stored), true);
  out.set(f.stored, p + FRAME_HEADER_SIZE);
  return p + frameSize(f.stored.length);
}

/**
 * Serialize a document. Chunk values are CBOR-encoded and compressed at zstd
 * `level`; the header (plus the chunk names) is stored uncompressed so tools
 * can read it cheaply.
 */
export function encodeContainer(doc: DocumentToWrite, level: number): Uint8Array {
  const names: string[] = [];
  const rawLengths: number[] = [];
  const batch = new ZstdBatch(level, doc.sizeHint ?? 0);
  for (const c of doc.chunks) {
    const raw = "cbor" in c ? c.cbor : cborEncode(c.value);
    batch.add(raw);
    names.push(c.name);
    rawLengths.push(raw.length);
  }
  const frames: Frame[] = batch.results().map((stored, i) => ({
    codec: CODEC_ZSTD,
    rawLength: rawLengths[i],
    stored,
  }));
  const fields = typeof doc.header === "function" ? doc.header() : doc.header;
  if (CHUNKS_KEY in fields) {
    throw new SnapshotError("invalid-state", `header key "${CHUNKS_KEY}" is reserved`);
  }
  const header = cborEncode({ ...fields, [CHUNKS_KEY]: names });
  frames.unshift({ codec: CODEC_STORED, rawLength: header.length, stored: header });

  let size = PREAMBLE_SIZE + TRAILER_SIZE;
  for (const f of frames) size += frameSize(f.stored.length);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out.set(MAGIC, 0);
  dv.setUint32(8, doc.version, true);
  dv.setBigUint64(12, BigInt(size), true);
  dv.setUint32(20, xxh32(out.subarray(0, 20)), true);
  let p = PREAMBLE_SIZE;
  for (const f of frames) p = writeFrame(out, p, f);
  out.set(sha256(out.subarray(0, p)), p);
  return out;
}

/** Check the magic and the preamble; returns the format version and the declared file length. */
function readPreamble(bytes: Uint8Array): { version: number; fileLength: number } {
  const magicLen = Math.min(bytes.length, MAGIC.length);
  for (let i = 0; i < magicLen; i++) {
    if (bytes[i] !== MAGIC[i]) throw new SnapshotError("bad-magic", "not a linuxvm snapshot");
  }
  if (bytes.length < PREAMBLE_SIZE) {
    throw new SnapshotError("truncated", `only ${bytes.length} bytes, the preamble alone has 24`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, PREAMBLE_SIZE);
  if (dv.getUint32(20, true) !== xxh32(bytes.subarray(0, 20))) {
    throw new SnapshotError("checksum", "preamble checksum mismatch");
  }
  const fileLength = Number(dv.getBigUint64(12, true));
  return { version: dv.getUint32(8, true), fileLength };
}

/** Read the format version of a snapshot after checking its magic and preamble. */
export function containerVersion(bytes: Uint8Array): number {
  return readPreamble(bytes).version;
}

/** A frame located in the input, not yet checked. */
export interface RawFrame {
  codec: number;
  rawLength: number;
  checksum: number;
  stored: Uint8Array;
  /** Offset of the next frame. */
  next: number;
}

/** Parse the frame header at `p`, bounds-checked against `end`; null if it does not fit. */
export function frameAt(bytes: Uint8Array, p: number, end: number): RawFrame | null {
  if (p + FRAME_HEADER_SIZE > end) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset + p, FRAME_HEADER_SIZE);
  const storedLength = dv.getUint32(0, true);
  const start = p + FRAME_HEADER_SIZE;
  if (start + storedLength > end) return null;
  return {
    codec: bytes[p + 8],
    rawLength: dv.getUint32(4, true),
    checksum: dv.getUint32(12, true),
    stored: bytes.subarray(start, start + storedLength),
    next: start + pad8(storedLength),
  };
}

/** After a file-hash mismatch: name the first damaged frame, if the damage is in one. */
function locateDamage(bytes: Uint8Array, end: number): string {
  let p = PREAMBLE_SIZE;
  for (let i = 0; p < end; i++) {
    const f = frameAt(bytes, p, end);
    if (f === null) return `frame ${i} framing is damaged`;
    if (xxh32(f.stored) !== f.checksum) {
      return i === 0 ? "header checksum mismatch" : `chunk ${i - 1} checksum mismatch`;
    }
    p = f.next;
  }
  return "file hash mismatch";
}

/**
 * Check a frame (checksum, codec, size) and put its raw content in `batch`:
 * zstd frames are decompressed there, a stored frame's bytes are copied.
 */
function addFrame(batch: RawBatch, f: RawFrame, what: string): void {
  if (xxh32(f.stored) !== f.checksum) {
    throw new SnapshotError("checksum", `${what} checksum mismatch`);
  }
  check(f.rawLength <= MAX_FRAME_RAW, `${what}: raw length ${f.rawLength} is too large`);
  if (f.codec === CODEC_STORED) {
    check(f.rawLength === f.stored.length, `${what}: stored frame length mismatch`);
    // Decoded byte strings are views of the raw bytes: copy, so none aliases the caller's input.
    batch.stored(new Uint8Array(f.stored));
  } else if (f.codec === CODEC_ZSTD) {
    batch.zstd.add(f.stored, f.rawLength, what);
    batch.stored(null);
  } else {
    throw new SnapshotError("corrupt", `${what}: unknown codec ${f.codec}`);
  }
}

/** Raw frame contents being gathered: stored ones at once, zstd ones from a `ZstdBatch`. */
class RawBatch {
  private readonly copies: (Uint8Array | null)[] = [];
  constructor(readonly zstd: ZstdBatch) {}
  stored(raw: Uint8Array | null): void {
    this.copies.push(raw);
  }
  /** The raw contents, in the order added. */
  results(): Uint8Array[] {
    const unpacked = this.zstd.results();
    let z = 0;
    return this.copies.map((c) => c ?? unpacked[z++]);
  }
}

/** Decode one frame's content (checksum, decompression, CBOR); errors name it `what`. */
export function frameValue(f: RawFrame, what: string): unknown {
  const batch = new RawBatch(new ZstdBatch(0, 0));
  addFrame(batch, f, what);
  return cborDecode(batch.results()[0], what);
}

/**
 * Parse and verify a snapshot container. Checks, in order: magic, preamble
 * checksum, that `acceptVersion(version)` holds, the declared length, the
 * whole-file SHA-256, then each frame's checksum, decompression and CBOR. Throws
 * `SnapshotError` on the first problem; returns the document in its own version.
 */
export function decodeContainer(
  bytes: Uint8Array,
  acceptVersion: (version: number) => boolean,
): SnapshotDocument {
  const { version, fileLength } = readPreamble(bytes);
  if (!acceptVersion(version)) {
    throw new SnapshotError("unknown-version", `format version ${version} is not supported`);
  }
  if (fileLength > bytes.length) {
    throw new SnapshotError("truncated", `${bytes.length} of ${fileLength} bytes present`);
  }
  check(fileLength === bytes.length, `${bytes.length - fileLength} bytes after the end`);
  check(fileLength >= PREAMBLE_SIZE + TRAILER_SIZE, `impossible file length ${fileLength}`);
  const end = fileLength - TRAILER_SIZE;
  const want = bytes.subarray(end, fileLength);
  const got = sha256(bytes.subarray(0, end));
  if (!got.every((b, i) => b === want[i])) {
    throw new SnapshotError("checksum", locateDamage(bytes, end));
  }

  const first = frameAt(bytes, PREAMBLE_SIZE, end);
  check(first !== null && first.codec === CODEC_STORED, "the header frame is missing");
  const header = frameValue(first, "header");
  check(isPlainMap(header), "the header is not a map");
  const names = header[CHUNKS_KEY];
  check(
    Array.isArray(names) && names.every((n) => typeof n === "string"),
    "header.chunks is not a list of names",
  );
  delete header[CHUNKS_KEY];
  // Every frame is checked and handed out for decompression (two threads for a
  // large file) before any is decoded.
  const batch = new RawBatch(new ZstdBatch(0, end));
  const what = (i: number) => `chunk ${i} ("${names[i]}")`;
  let p = first.next;
  for (let i = 0; i < names.length; i++) {
    const f = frameAt(bytes, p, end);
    check(f !== null, `${what(i)} is missing`);
    addFrame(batch, f, what(i));
    p = f.next;
  }
  check(p === end, "bytes between the last chunk and the trailer");
  const chunks: Chunk[] = batch.results().map((raw, i) => ({
    name: names[i],
    value: cborDecode(raw, what(i)),
  }));
  return { version, header, chunks };
}

/** Is `v` a CBOR map decoded as a plain object (not an array, byte string or tagged value)? */
export function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}
