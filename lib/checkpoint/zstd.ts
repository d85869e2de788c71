/**
 * zstd compression of snapshot chunks through the zstd built into Deno's
 * `node:zlib` (chosen over the `zstd-codec` WASM build by measurement: see
 * docs/SNAPSHOT.md). Output is standard zstd frames with a content checksum,
 * so the file format does not depend on this choice.
 * @module
 */

import { constants, zstdCompressSync, zstdDecompressSync } from "node:zlib";
import { SnapshotError } from "./errors.ts";

/** zstd's frame magic number, little-endian. */
const ZSTD_MAGIC = 0xfd2fb528;

/**
 * The snapshot default level, by measurement (docs/BENCHMARKS.md): level 2
 * keeps files within 1.04x of `zstd -3` on guest memory at about the cost of
 * level 1 with tuned parameters, and decompresses faster than that.
 */
export const SNAPSHOT_ZSTD_LEVEL = 2;

/** Compress `data` into one zstd frame at `level`, with the frame's content checksum. */
export function zstdCompress(data: Uint8Array, level: number): Uint8Array {
  return zstdCompressSync(data, {
    params: {
      [constants.ZSTD_c_compressionLevel]: level,
      [constants.ZSTD_c_checksumFlag]: 1,
    },
  });
}

/**
 * Decompress a zstd frame that must expand to exactly `rawLength` bytes. Any
 * failure (not zstd, bad content checksum, wrong size) is a `corrupt` error.
 */
export function zstdDecompress(frame: Uint8Array, rawLength: number, what: string): Uint8Array {
  if (
    frame.length < 4 ||
    new DataView(frame.buffer, frame.byteOffset).getUint32(0, true) !== ZSTD_MAGIC
  ) {
    throw new SnapshotError("corrupt", `${what}: not a zstd frame`);
  }
  let out: Uint8Array;
  try {
    // maxOutputLength bounds the work a forged frame can demand (a decompression bomb).
    out = zstdDecompressSync(frame, { maxOutputLength: Math.max(rawLength, 1) });
  } catch (e) {
    throw new SnapshotError("corrupt", `${what}: zstd: ${(e as Error).message}`, { cause: e });
  }
  if (out.length !== rawLength) {
    throw new SnapshotError("corrupt", `${what}: expands to ${out.length} bytes, not ${rawLength}`);
  }
  // Restores keep views into the result (page slabs): it must not share a pooled buffer.
  return out.byteLength === out.buffer.byteLength ? out : out.slice();
}
