/**
 * Snapshot decoder fuzzing: corrupt a valid snapshot in many ways and check
 * that every reading fails with a SnapshotError of the expected kind (or, for
 * inputs re-checksummed after the damage, either fails as `corrupt` or restores
 * a valid state): never another exception, never a crash.
 *
 *     deno run --allow-read tools/fuzz_snapshot.ts [iterations=200000] [seed=1]
 *
 * tests/unit/checkpoint_fuzz_test.ts runs the same cases in smaller numbers.
 * @module
 */

import { Cpu } from "../lib/exec/cpu.ts";
import { Memory, PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE } from "../lib/exec/memory.ts";
import { cborEncode } from "../lib/checkpoint/cbor.ts";
import {
  decodeContainer,
  encodeContainer,
  FRAME_HEADER_SIZE,
  MAGIC,
  PREAMBLE_SIZE,
  TRAILER_SIZE,
} from "../lib/checkpoint/container.ts";
import { SnapshotError, type SnapshotErrorKind } from "../lib/checkpoint/errors.ts";
import { readSnapshot, writeSnapshot } from "../lib/checkpoint/snapshot.ts";
import { xxh32 } from "../lib/checkpoint/xxhash32.ts";
import { FORMAT_VERSION } from "../lib/checkpoint/migrations.ts";
import { readMachineSnapshot } from "../lib/checkpoint/machine_snapshot.ts";
import { Machine } from "../lib/machine.ts";
import { createHash } from "node:crypto";

/** What reading an input gave: a SnapshotError kind, "ok", or "crash" (anything else thrown). */
export type Outcome = SnapshotErrorKind | "ok" | "crash";

/** One corrupted input and the outcomes allowed for it. */
export interface FuzzCase {
  /** Mutation family and parameters, to reproduce a failure. */
  what: string;
  bytes: Uint8Array;
  allowed: readonly Outcome[];
}

/** xorshift32: small, seedable, the same everywhere. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = (seed >>> 0) || 0x9e3779b9;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    let s = this.s;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.s = s >>> 0;
    return this.s % n;
  }
}

/** A small state with code, data over several chunks, zero pages and a stack. */
export function sampleSnapshot(): Uint8Array {
  const mem = new Memory();
  mem.map(0x400000, 3 * PAGE_SIZE, PROT_READ | PROT_EXEC, 2, "/bin/fuzz");
  mem.writeBytes(0x400000, new TextEncoder().encode("\x55\x48\x89\xe5".repeat(2000)), true);
  mem.map(0x600000, 16 * PAGE_SIZE, PROT_READ | PROT_WRITE, 0x22, "[heap]");
  for (let p = 0; p < 16; p += 2) mem.write64(0x600000 + p * PAGE_SIZE + 8 * p, p * 0x1234567, p);
  mem.read8(0x600000 + PAGE_SIZE);
  mem.map(0x7ffffffde000, 0x21000, PROT_READ | PROT_WRITE, 0x20122, "[stack]");
  mem.write64(0x7fffffffeff8, 0xdeadbeef, 0x7fff);
  const cpu = new Cpu();
  cpu.rip = 0x400004;
  cpu.r[8] = 0x7fffeff0;
  cpu.r[9] = 0x7fff;
  cpu.icount = 4242;
  return writeSnapshot({ cpu, mem }, {
    options: { argv: ["/bin/fuzz"], seed: 7 },
    pagesPerChunk: 3,
  });
}

/** Offsets where frames start, the trailer's offset, and the file end. */
export function frameBoundaries(bytes: Uint8Array): number[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const end = bytes.length - TRAILER_SIZE;
  const out: number[] = [];
  for (
    let p = PREAMBLE_SIZE;
    p < end;
    p += FRAME_HEADER_SIZE + ((dv.getUint32(p, true) + 7) & ~7)
  ) {
    out.push(p);
  }
  return [...out, end, bytes.length];
}

/** Recompute every frame checksum and the trailer hash (frame lengths must be intact). */
function refit(bytes: Uint8Array): Uint8Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const b = frameBoundaries(bytes);
  for (const p of b.slice(0, -2)) {
    const stored = bytes.subarray(
      p + FRAME_HEADER_SIZE,
      p + FRAME_HEADER_SIZE + dv.getUint32(p, true),
    );
    dv.setUint32(p + 12, xxh32(stored), true);
  }
  const end = bytes.length - TRAILER_SIZE;
  bytes.set(createHash("sha256").update(bytes.subarray(0, end)).digest(), end);
  return bytes;
}

/** Set the format version and make the preamble checksum agree. */
export function withVersion(base: Uint8Array, version: number): Uint8Array {
  const bytes = base.slice();
  const dv = new DataView(bytes.buffer);
  dv.setUint32(8, version, true);
  dv.setUint32(20, xxh32(bytes.subarray(0, 20)), true);
  return bytes;
}

/** The SnapshotError `f` throws (any other exception passes through; no exception is an error). */
export function errorOf(f: () => unknown): SnapshotError {
  try {
    f();
  } catch (e) {
    if (e instanceof SnapshotError) return e;
    throw e;
  }
  throw new Error("no error");
}

/** Read `bytes` as a snapshot (by default a bare CPU+memory image) and classify what happened. */
export function outcome(
  bytes: Uint8Array,
  read: (b: Uint8Array) => unknown = (b) => readSnapshot(b, { verifyDigest: true }),
): Outcome {
  try {
    read(bytes);
    return "ok";
  } catch (e) {
    return e instanceof SnapshotError ? e.kind : "crash";
  }
}

/** Every truncation of `base` (to 0 .. length-1 bytes). */
export function* truncations(base: Uint8Array): Generator<FuzzCase> {
  for (let n = 0; n < base.length; n++) {
    yield { what: `truncate to ${n}`, bytes: base.subarray(0, n), allowed: ["truncated"] };
  }
}

/** Inputs that are not snapshots, or claim a version nobody wrote. */
export function* foreignInputs(base: Uint8Array): Generator<FuzzCase> {
  const enc = new TextEncoder();
  const heads = [
    Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0), // ELF
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), // PNG
    Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0), // a bare zstd frame
    enc.encode("LVMSNAP1"),
    enc.encode("\x89LVM\n\x1a\n\n"), // CRLF converted to LF
    new Uint8Array(8),
  ];
  for (const h of heads) {
    const bytes = base.slice();
    bytes.set(h, 0);
    yield { what: `magic ${Array.from(h).join(",")}`, bytes, allowed: ["bad-magic"] };
    yield { what: `bare magic-like ${Array.from(h).join(",")}`, bytes: h, allowed: ["bad-magic"] };
  }
  yield { what: "text", bytes: enc.encode("hello, world\n"), allowed: ["bad-magic"] };
  for (const v of [0, FORMAT_VERSION + 1, FORMAT_VERSION + 2, 255, 0x10000, 0xffffffff]) {
    yield { what: `version ${v}`, bytes: withVersion(base, v), allowed: ["unknown-version"] };
  }
  const longer = new Uint8Array(base.length + 5);
  longer.set(base);
  yield { what: "trailing bytes", bytes: longer, allowed: ["corrupt"] };
  yield {
    what: "trailing bytes, declared",
    bytes: withLength(longer, longer.length),
    allowed: ["checksum"],
  };
}

function withLength(base: Uint8Array, n: number): Uint8Array {
  const bytes = base.slice();
  const dv = new DataView(bytes.buffer);
  dv.setBigUint64(12, BigInt(n), true);
  dv.setUint32(20, xxh32(bytes.subarray(0, 20)), true);
  return bytes;
}

/** Single bit flips: in the magic they make a foreign file, anywhere else a checksum error. */
export function bitFlip(base: Uint8Array, at: number, bit: number): FuzzCase {
  const bytes = base.slice();
  bytes[at] ^= 1 << bit;
  return {
    what: `flip byte ${at} bit ${bit}`,
    bytes,
    allowed: [at < MAGIC.length ? "bad-magic" : "checksum"],
  };
}

/** Random damage, then re-checksummed or re-encoded so it reaches the decoder proper. */
export function forged(base: Uint8Array, rng: Rng): FuzzCase {
  const doc = decodeContainer(base, () => true);
  const b = frameBoundaries(base);
  const allowed: Outcome[] = ["corrupt", "ok"];
  switch (rng.int(3)) {
    case 0: {
      // Garbage in a stored frame (the header) or a zstd stream, checksums fixed.
      const frame = rng.int(b.length - 2);
      const dv = new DataView(base.buffer, base.byteOffset);
      const start = b[frame] + FRAME_HEADER_SIZE, len = dv.getUint32(b[frame], true);
      const bytes = base.slice();
      const n = 1 + rng.int(4);
      for (let k = 0; k < n; k++) bytes[start + rng.int(len)] ^= 1 + rng.int(255);
      return { what: `forged frame ${frame} bytes`, bytes: refit(bytes), allowed };
    }
    case 1: {
      // Garbage in the CBOR of one chunk, which is then compressed and framed properly.
      const target = rng.int(doc.chunks.length);
      const chunks = doc.chunks.map((c) => ({
        name: c.name,
        cbor: new Uint8Array(cborEncode(c.value)),
      }));
      const cbor = chunks[target].cbor;
      const n = 1 + rng.int(4);
      for (let k = 0; k < n; k++) cbor[rng.int(cbor.length)] ^= 1 + rng.int(255);
      const bytes = encodeContainer({ version: doc.version, header: doc.header, chunks }, 1);
      return { what: `forged CBOR of chunk ${target}`, bytes, allowed };
    }
    default: {
      // A well-formed document with one value replaced by something of another shape.
      const path = mutateValue(doc, rng);
      const bytes = encodeContainer(doc, 1);
      return { what: `forged value at ${path}`, bytes, allowed };
    }
  }
}

const REPLACEMENTS: unknown[] = [
  null,
  -1,
  0.5,
  2 ** 60,
  "x",
  new Uint8Array(3),
  [],
  {},
  true,
  [1, 2, 3],
  { a: 1 },
  0xffffffff,
];

/** Replace one randomly chosen value anywhere in the document; returns its path. */
function mutateValue(
  doc: { header: Record<string, unknown>; chunks: { value: unknown }[] },
  rng: Rng,
): string {
  const slots: [Record<string | number, unknown>, string | number, string][] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        slots.push([v as unknown as Record<number, unknown>, i, `${path}[${i}]`]);
        walk(x, `${path}[${i}]`);
      });
    } else if (v !== null && typeof v === "object" && !(v instanceof Uint8Array)) {
      for (const [k, x] of Object.entries(v)) {
        slots.push([v as Record<string, unknown>, k, `${path}.${k}`]);
        walk(x, `${path}.${k}`);
      }
    }
  };
  walk(doc.header, "header");
  doc.chunks.forEach((c, i) => {
    slots.push([c as unknown as Record<string, unknown>, "value", `chunk${i}`]);
    walk(c.value, `chunk${i}`);
  });
  const [obj, key, path] = slots[rng.int(slots.length)];
  if (rng.int(4) === 0 && !Array.isArray(obj)) {
    delete obj[key];
    return `${path} (deleted)`;
  }
  obj[key] = REPLACEMENTS[rng.int(REPLACEMENTS.length)];
  return path;
}

/** A random case of any family. */
export function randomCase(base: Uint8Array, rng: Rng): FuzzCase {
  switch (rng.int(4)) {
    case 0: {
      const n = rng.int(base.length);
      return { what: `truncate to ${n}`, bytes: base.subarray(0, n), allowed: ["truncated"] };
    }
    case 1:
      return bitFlip(base, rng.int(base.length), rng.int(8));
    case 2: {
      // A burst of random bytes somewhere past the magic.
      const bytes = base.slice();
      const at = MAGIC.length + rng.int(base.length - MAGIC.length);
      const n = 1 + rng.int(64);
      for (let k = at; k < Math.min(at + n, bytes.length); k++) bytes[k] = rng.int(256);
      const same = bytes.every((x, i) => x === base[i]);
      return { what: `burst at ${at} x${n}`, bytes, allowed: same ? ["ok"] : ["checksum"] };
    }
    default:
      return forged(base, rng);
  }
}

/** A small whole-machine snapshot: a guest test program stopped mid-run. */
export function sampleMachineSnapshot(): Uint8Array {
  const bin = Deno.readFileSync(new URL("../tests/guest/bin/pipes.musl", import.meta.url));
  const m = new Machine({ argv: ["/bin/pipes"], files: { "/bin/pipes": bin } });
  m.run(400_000);
  return m.snapshot();
}

/** Read a machine snapshot and classify what happened. */
export function machineOutcome(bytes: Uint8Array): Outcome {
  // With the digest check too: without it a forged file can only read as "ok" more often.
  return outcome(bytes, (b) => readMachineSnapshot(b, { verifyDigest: true }));
}

/**
 * The outcomes a machine snapshot reader may give for `c`: a damaged field
 * name in the kernel graph reads as another version's kernel records.
 */
export function machineAllowed(c: FuzzCase): readonly Outcome[] {
  return c.allowed.includes("corrupt") ? [...c.allowed, "unknown-version"] : c.allowed;
}

if (import.meta.main) {
  // deno run -A tools/fuzz_snapshot.ts [ITERATIONS] [SEED] [--machine]
  const machine = Deno.args.includes("--machine");
  const args = Deno.args.filter((a) => a !== "--machine");
  const iterations = Number(args[0] ?? 200_000);
  const seed = Number(args[1] ?? 1);
  const base = machine ? sampleMachineSnapshot() : sampleSnapshot();
  const read = machine ? machineOutcome : (b: Uint8Array) => outcome(b);
  const rng = new Rng(seed);
  const counts = new Map<string, number>();
  let bad = 0;
  const t0 = performance.now();
  const all = function* () {
    yield* truncations(base);
    yield* foreignInputs(base);
    for (let i = 0; i < iterations; i++) yield randomCase(base, rng);
  };
  for (const c of all()) {
    const got = read(c.bytes);
    const key = `${c.what.split(" ")[0]} -> ${got}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const allowed = machine ? machineAllowed(c) : c.allowed;
    if (!allowed.includes(got)) {
      bad++;
      if (bad <= 20) console.error(`UNEXPECTED ${got} (allowed ${allowed.join("/")}): ${c.what}`);
    }
  }
  for (const [k, n] of [...counts].sort()) console.log(`${k.padEnd(32)} ${n}`);
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`${iterations} random cases (seed ${seed}) in ${secs} s; ${bad} unexpected`);
  if (bad > 0) Deno.exit(1);
}
