/**
 * The replay log (`.lvmr`): everything needed to re-run a recorded machine
 * exactly. A header record holds the options that rebuild the initial state
 * (program bytes, files, argv, env, seed, ...); then one record per input that
 * crossed the host boundary, each with the retired-instruction count at which
 * it entered; then an end record with the outcome and the final state digest.
 *
 * The log is written as the run goes and never rewritten: each record is a
 * self-delimiting frame with its own checksum (the snapshot container's frame,
 * docs/SNAPSHOT.md), handed to the sink in one write. A recording cut short
 * (SIGKILL, full disk) therefore reads back as its complete records plus a
 * `cut` naming where and why it stops, and replays up to there.
 *
 *     preamble 16 B  magic(8) version:u32 xxh32(preamble[0..12)):u32
 *     frame          header { linuxvm, options }           (stored)
 *     frame ...      input  { kind, icount, ... }          (stored)
 *     frame          end    { kind: "end", icount, status, exitCode, digest }
 * @module
 */

import { cborEncode, cborU64, MAJOR_BYTES, MAJOR_MAP, MAJOR_TEXT, writeCborHead } from "./cbor.ts";
import {
  CODEC_STORED,
  FRAME_HEADER_SIZE,
  frameAt,
  frameSize,
  frameValue,
  writeFrame,
} from "./container.ts";
import { check, SnapshotError } from "./errors.ts";
import {
  asList,
  asMap,
  bytes as byteField,
  list,
  map,
  type RecordMap,
  text,
  uint,
} from "./schema.ts";
import { xxh32 } from "./xxhash32.ts";

/** First bytes of every replay log: "\x89LVR\r\n\x1a\n" (the snapshot magic with R for replay). */
export const REPLAY_MAGIC: Uint8Array = Uint8Array.of(
  0x89,
  0x4c,
  0x56,
  0x52,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
);
/**
 * The replay log format version this build writes. Version 2 moved the
 * initial files' bytes out of the header into a stored frame each, written
 * from the caller's buffer without a copy; version 1 logs (bytes inline in
 * the header) are still read.
 */
export const REPLAY_FORMAT_VERSION = 2;
/** Size of the preamble; the first frame starts here (8-aligned, like every frame). */
export const REPLAY_PREAMBLE_SIZE = 16;
/** The machine options a recording holds: what rebuilds the initial state. */
export interface RecordedOptions {
  argv: string[];
  /** Guest path of the executable, or null for argv[0]. */
  program: string | null;
  env: string[];
  cwd: string;
  seed: number;
  strace: boolean;
  /** Files created before start, in creation order (the order decides inode numbers). */
  files: { path: string; data: Uint8Array }[];
  /** Host directories by path: their contents are not in the log (docs/SNAPSHOT.md). */
  mounts: { host: string; guest: string; writable: boolean }[];
  /** Seed of the chaos schedule, or null for the fixed one. */
  chaos: number | null;
}

/** Largest initial file a log may declare: bounds what a forged size can make a reader allocate. */
const MAX_FILE_SIZE = 1 << 30;

/** The header record. */
export interface ReplayHeader {
  /** linuxvm release that recorded. */
  linuxvm: string;
  options: RecordedOptions;
}

/**
 * One input that crossed the host boundary, at `icount` retired instructions:
 * - `stdin`: a chunk `readStdin` returned (empty: end of file);
 * - `ready`: `stdinReady` answered `ready` at its `call`-th call (0-based) and
 *   every later call until the next `ready` record (only changes are logged);
 * - `tty`: `isTerminal(fd)` answered `tty`;
 * - `winsize`: `terminalSize` answered rows × cols.
 */
export type InputRecord =
  | { kind: "stdin"; icount: number; data: Uint8Array }
  | { kind: "ready"; icount: number; call: number; ready: boolean }
  | { kind: "tty"; icount: number; fd: number; tty: boolean }
  | { kind: "winsize"; icount: number; rows: number; cols: number };

/** How the recorded run ended, and its state digest there (digest.ts). */
export interface EndRecord {
  kind: "end";
  icount: number;
  /** RunResult.status: "exited", "signaled" or "blocked". */
  status: string;
  /** RunResult.exitCode (-1 when blocked). */
  exitCode: number;
  digest: Uint8Array;
}

/** Any record after the header. */
export type LogRecord = InputRecord | EndRecord;

/**
 * Where log bytes go: each `write` is one whole record, to be made durable
 * before returning. `bytes` is only valid during the call (the writer reuses
 * its buffer): a sink that keeps them must copy.
 */
export interface LogSink {
  write(bytes: Uint8Array): void;
  close?(): void;
}

/** A log sink appending to a host file (created or truncated), unbuffered: a kill loses no record. */
export class FileSink implements LogSink {
  private readonly file: Deno.FsFile;
  constructor(path: string) {
    this.file = Deno.openSync(path, { write: true, create: true, truncate: true });
  }
  write(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length) off += this.file.writeSync(bytes.subarray(off));
  }
  close(): void {
    this.file.close();
  }
}

/** A log sink that keeps the log in memory. */
export class MemorySink implements LogSink {
  private readonly parts: Uint8Array[] = [];
  private length = 0;
  write(bytes: Uint8Array): void {
    this.parts.push(bytes.slice());
    this.length += bytes.length;
  }
  /** The log written so far. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let p = 0;
    for (const b of this.parts) {
      out.set(b, p);
      p += b.length;
    }
    return out;
  }
}

/** Writes a replay log record by record. */
export class ReplayLogWriter {
  private ended = false;
  /** Reused for stdin frames: fresh memory for each 64 KiB record cost more than writing it. */
  private scratch = new Uint8Array(0);
  /** Small records waiting for the next stdin or end record (see `append`). */
  private held: Uint8Array[] = [];
  private heldBytes = 0;

  /**
   * Write the preamble, the header and one frame per initial file to `sink`.
   * A file's bytes go to the sink as they are (no copy: for a 2 MB program
   * the copies cost more than the write), between their frame head and padding.
   */
  constructor(private readonly sink: LogSink, header: ReplayHeader) {
    const o = header.options;
    const raw = cborEncode({
      linuxvm: header.linuxvm,
      options: {
        argv: o.argv,
        program: o.program,
        env: o.env,
        cwd: o.cwd,
        seed: cborU64(o.seed, "seed"),
        strace: o.strace,
        files: o.files.map((f) => ({ path: f.path, size: f.data.length })),
        mounts: o.mounts.map((m) => ({ host: m.host, guest: m.guest, writable: m.writable })),
        chaos: o.chaos === null ? null : cborU64(o.chaos, "chaos"),
      },
    });
    const out = new Uint8Array(REPLAY_PREAMBLE_SIZE + frameSize(raw.length));
    out.set(REPLAY_MAGIC, 0);
    const dv = new DataView(out.buffer);
    dv.setUint32(8, REPLAY_FORMAT_VERSION, true);
    dv.setUint32(12, xxh32(out.subarray(0, 12)), true);
    writeFrame(out, REPLAY_PREAMBLE_SIZE, {
      codec: CODEC_STORED,
      rawLength: raw.length,
      stored: raw,
    });
    sink.write(out);
    for (const f of o.files) {
      const head = new Uint8Array(FRAME_HEADER_SIZE);
      const hv = new DataView(head.buffer);
      hv.setUint32(0, f.data.length, true);
      hv.setUint32(4, f.data.length, true);
      head[8] = CODEC_STORED;
      hv.setUint32(12, xxh32(f.data), true);
      sink.write(head);
      sink.write(f.data);
      const pad = frameSize(f.data.length) - FRAME_HEADER_SIZE - f.data.length;
      if (pad > 0) sink.write(new Uint8Array(pad));
    }
  }

  /**
   * Append one record. Small records (ready, tty, winsize) go to the sink with
   * the next stdin or end record, in the same write: they are only ever
   * needed by a replay that gets that far, and a busy reader would otherwise
   * cost two writes per chunk. After the end record nothing more may follow.
   */
  append(r: LogRecord): void {
    if (this.ended) throw new Error("replay log: record after the end record");
    if (r.kind === "stdin") {
      const size = this.heldBytes + frameSize(STDIN_HEAD.length + 24 + r.data.length);
      if (this.scratch.length < size) this.scratch = new Uint8Array(Math.max(size, 1 << 17));
      const p = this.takeHeld(this.scratch);
      const f = stdinFrame(this.scratch.subarray(p), r.icount, r.data);
      return this.sink.write(this.scratch.subarray(0, p + f.length));
    }
    const raw = cborEncode(recordToCbor(r));
    const out = new Uint8Array(frameSize(raw.length));
    writeFrame(out, 0, { codec: CODEC_STORED, rawLength: raw.length, stored: raw });
    this.held.push(out);
    this.heldBytes += out.length;
    if (r.kind === "end") {
      const all = new Uint8Array(this.heldBytes);
      this.sink.write(all.subarray(0, this.takeHeld(all)));
      this.ended = true;
      this.sink.close?.();
    }
  }

  /** Move the held records to the start of `out`; returns their length. */
  private takeHeld(out: Uint8Array): number {
    let p = 0;
    for (const h of this.held) {
      out.set(h, p);
      p += h.length;
    }
    this.held = [];
    this.heldBytes = 0;
    return p;
  }
}

const STDIN_HEAD = cborEncode({ kind: "stdin", icount: 0 });

/**
 * The frame of a stdin record in `out` (large enough), its CBOR `{ kind, icount, data }`
 * written in place: the data is copied once (not through cbor-x and again into the frame).
 */
function stdinFrame(out: Uint8Array, icount: number, data: Uint8Array): Uint8Array {
  const count = cborEncode(cborU64(icount, "icount"));
  // STDIN_HEAD ends with the encoding of icount 0 (one byte); `count` replaces it.
  const prefix = STDIN_HEAD.length - 1 + count.length;
  const raw = out.subarray(FRAME_HEADER_SIZE);
  raw.set(STDIN_HEAD, 0);
  raw[0] = (MAJOR_MAP << 5) | 3;
  raw.set(count, STDIN_HEAD.length - 1);
  let p = writeCborHead(raw, prefix, MAJOR_TEXT, 4);
  raw.set(DATA_KEY, p);
  p = writeCborHead(raw, p + 4, MAJOR_BYTES, data.length);
  raw.set(data, p);
  const stored = raw.subarray(0, p + data.length);
  const dv = new DataView(out.buffer, out.byteOffset);
  dv.setUint32(0, stored.length, true);
  dv.setUint32(4, stored.length, true);
  out[8] = CODEC_STORED;
  dv.setUint32(12, xxh32(stored), true);
  const end = frameSize(stored.length);
  out.fill(0, FRAME_HEADER_SIZE + stored.length, end); // the padding, after earlier records
  return out.subarray(0, end);
}

const DATA_KEY = new TextEncoder().encode("data");

/** A record as its CBOR map (key order fixed here, so equal runs give equal logs). */
function recordToCbor(r: LogRecord): RecordMap {
  const icount = cborU64(r.icount, "icount");
  switch (r.kind) {
    case "stdin":
      return { kind: r.kind, icount, data: r.data };
    case "ready":
      return { kind: r.kind, icount, call: cborU64(r.call, "call"), ready: r.ready };
    case "tty":
      return { kind: r.kind, icount, fd: r.fd, tty: r.tty };
    case "winsize":
      return { kind: r.kind, icount, rows: r.rows, cols: r.cols };
    case "end":
      return {
        kind: r.kind,
        icount,
        status: r.status,
        exitCode: r.exitCode,
        digest: r.digest,
      };
  }
}

/** A replay log read back. */
export interface ReplayLog {
  version: number;
  header: ReplayHeader;
  /** The complete input records, in order. */
  inputs: InputRecord[];
  /** The end record, or null when the recording stops before it. */
  end: EndRecord | null;
  /**
   * Why the log stops before an end record (`truncated` for a cut, `checksum`
   * or `corrupt` for damage), naming the record and byte offset; null when
   * the log is whole.
   */
  cut: SnapshotError | null;
}

/**
 * Read a replay log. A bad preamble or header throws `SnapshotError` (there is
 * nothing to replay); damage or a cut after the header stops the reading at
 * the last complete record and is reported in `cut`.
 */
export function readReplayLog(input: Uint8Array): ReplayLog {
  const magicLen = Math.min(input.length, REPLAY_MAGIC.length);
  for (let i = 0; i < magicLen; i++) {
    if (input[i] !== REPLAY_MAGIC[i]) {
      throw new SnapshotError("bad-magic", "not a linuxvm replay log");
    }
  }
  if (input.length < REPLAY_PREAMBLE_SIZE) {
    throw new SnapshotError("truncated", `only ${input.length} bytes, the preamble alone has 16`);
  }
  const dv = new DataView(input.buffer, input.byteOffset, REPLAY_PREAMBLE_SIZE);
  if (dv.getUint32(12, true) !== xxh32(input.subarray(0, 12))) {
    throw new SnapshotError("checksum", "preamble checksum mismatch");
  }
  const version = dv.getUint32(8, true);
  if (version !== 1 && version !== REPLAY_FORMAT_VERSION) {
    throw new SnapshotError("unknown-version", `replay log version ${version} is not supported`);
  }
  const first = frameAt(input, REPLAY_PREAMBLE_SIZE, input.length);
  if (first === null || first.next > input.length) {
    throw new SnapshotError("truncated", "the header record is incomplete");
  }
  const { header, sizes } = headerFromCbor(asMap(frameValue(first, "header"), "header"), version);
  let p = first.next;
  if (version >= 2) {
    // The initial files' bytes, one stored frame each, are part of the header.
    for (const [i, f] of header.options.files.entries()) {
      const what = `header file ${i} (${f.path})`;
      const fr = frameAt(input, p, input.length);
      if (fr === null || fr.next > input.length) {
        throw new SnapshotError("truncated", `${what} is incomplete`);
      }
      if (xxh32(fr.stored) !== fr.checksum) {
        throw new SnapshotError("checksum", `${what} checksum mismatch`);
      }
      check(
        fr.codec === CODEC_STORED && fr.rawLength === fr.stored.length &&
          fr.stored.length === sizes[i],
        `${what} is not a stored frame of ${sizes[i]} bytes`,
      );
      f.data = fr.stored.slice();
      p = fr.next;
    }
  }

  const inputs: InputRecord[] = [];
  let end: EndRecord | null = null;
  let cut: SnapshotError | null = null;
  for (let i = 0; end === null; i++) {
    const where = `record ${i} at byte ${p}`;
    if (p === input.length) {
      cut = new SnapshotError(
        "truncated",
        `the recording stops after ${i} records without an end record (cut short)`,
      );
      break;
    }
    const f = frameAt(input, p, input.length);
    if (f === null || f.next > input.length) {
      const have = input.length - p;
      const want = have < FRAME_HEADER_SIZE
        ? `at least ${FRAME_HEADER_SIZE}`
        : `${frameSize(new DataView(input.buffer, input.byteOffset + p, 4).getUint32(0, true))}`;
      cut = new SnapshotError(
        "truncated",
        `${where} is incomplete (${have} of ${want} bytes): the recording was cut short`,
      );
      break;
    }
    try {
      const r = recordFromCbor(asMap(frameValue(f, where), where), where);
      if (r.kind === "end") end = r;
      else inputs.push(r);
    } catch (e) {
      if (!(e instanceof SnapshotError)) throw e;
      cut = e;
      break;
    }
    p = f.next;
  }
  check(cut !== null || p === input.length, `${input.length - p} bytes after the end record`);
  return { version, header, inputs, end, cut };
}

/** A byte-string field as a plain Uint8Array view (the decoder may hand out node Buffers). */
function bytes(m: RecordMap, key: string, what: string, length?: number): Uint8Array {
  const b = byteField(m, key, what, length);
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/**
 * The header record. In version 1 files carry their bytes; from version 2 only
 * their sizes (returned in `sizes`; the caller reads the bytes from the frames after).
 */
function headerFromCbor(h: RecordMap, version: number): { header: ReplayHeader; sizes: number[] } {
  const o = map(h, "options", "header");
  const w = "header.options";
  const strings = (key: string): string[] => {
    const l = list(o, key, w);
    check(l.every((s) => typeof s === "string"), `${w}.${key} is not a list of text`);
    return l as string[];
  };
  const argv = strings("argv");
  check(argv.length > 0, `${w}.argv is empty`);
  const flag = (m: RecordMap, key: string, what: string): boolean => {
    check(typeof m[key] === "boolean", `${what}.${key} is not a boolean`);
    return m[key] as boolean;
  };
  const sizes: number[] = [];
  const header: ReplayHeader = {
    linuxvm: text(h, "linuxvm", "header"),
    options: {
      argv,
      program: o.program === null ? null : text(o, "program", w),
      env: strings("env"),
      cwd: text(o, "cwd", w),
      seed: uint(o, "seed", w),
      strace: flag(o, "strace", w),
      files: list(o, "files", w).map((x, i) => {
        const f = asMap(x, `${w}.files[${i}]`);
        sizes.push(version === 1 ? 0 : uint(f, "size", `${w}.files[${i}]`, MAX_FILE_SIZE));
        return {
          path: text(f, "path", `${w}.files[${i}]`),
          data: version === 1 ? bytes(f, "data", `${w}.files[${i}]`) : new Uint8Array(0),
        };
      }),
      mounts: asList(o.mounts, `${w}.mounts`).map((x, i) => {
        const what = `${w}.mounts[${i}]`;
        const m = asMap(x, what);
        return {
          host: text(m, "host", what),
          guest: text(m, "guest", what),
          writable: flag(m, "writable", what),
        };
      }),
      chaos: o.chaos === null ? null : uint(o, "chaos", w),
    },
  };
  return { header, sizes };
}

function recordFromCbor(m: RecordMap, what: string): LogRecord {
  const kind = text(m, "kind", what);
  const icount = uint(m, "icount", what);
  switch (kind) {
    case "stdin":
      return { kind, icount, data: bytes(m, "data", what) };
    case "ready":
      check(typeof m.ready === "boolean", `${what}.ready is not a boolean`);
      return { kind, icount, call: uint(m, "call", what), ready: m.ready };
    case "tty":
      check(typeof m.tty === "boolean", `${what}.tty is not a boolean`);
      return { kind, icount, fd: uint(m, "fd", what, 2), tty: m.tty };
    case "winsize":
      return {
        kind,
        icount,
        rows: uint(m, "rows", what, 0xffff),
        cols: uint(m, "cols", what, 0xffff),
      };
    case "end": {
      const code = m.exitCode;
      check(
        typeof code === "number" && Number.isInteger(code) && code >= -1 && code <= 255,
        `${what}.exitCode is not an integer in [-1, 255]`,
      );
      return {
        kind,
        icount,
        status: text(m, "status", what),
        exitCode: code,
        digest: bytes(m, "digest", what, 32),
      };
    }
  }
  throw new SnapshotError("corrupt", `${what}: unknown record kind "${kind}"`);
}
