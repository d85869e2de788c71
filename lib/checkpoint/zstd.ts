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

/** How to compress: a zstd level, optionally refined by zstd's advanced parameters. */
export interface ZstdSettings {
  level: number;
  /** log2 of the match-finder hash table size (ZSTD_c_hashLog). */
  hashLog?: number;
  /** Shortest match searched for (ZSTD_c_minMatch). */
  minMatch?: number;
}

/**
 * The snapshot default, by measurement (docs/SNAPSHOT.md): level 1 with
 * 4-byte matches and a 2^14 hash table is as small as `zstd -3` on guest
 * memory (full of 4- and 8-byte fields) at the speed of level 1-2.
 */
export const SNAPSHOT_ZSTD: ZstdSettings = { level: 1, hashLog: 14, minMatch: 4 };

/** Compress `data` into one zstd frame, with the frame's content checksum. */
export function zstdCompress(data: Uint8Array, settings: ZstdSettings): Uint8Array {
  const params: Record<number, number> = {
    [constants.ZSTD_c_compressionLevel]: settings.level,
    [constants.ZSTD_c_checksumFlag]: 1,
  };
  if (settings.hashLog !== undefined) params[constants.ZSTD_c_hashLog] = settings.hashLog;
  if (settings.minMatch !== undefined) params[constants.ZSTD_c_minMatch] = settings.minMatch;
  return zstdCompressSync(data, { params });
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
  return out;
}
