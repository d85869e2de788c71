/**
 * CBOR (RFC 8949) encoding of snapshot records through cbor-x, configured for
 * a plain, language-neutral subset: maps with text keys, arrays, unsigned and
 * negative integers, text, byte strings, booleans and null. No cbor-x records,
 * no typed-array tags, so other CBOR implementations read the same data.
 *
 * The entry point `cbor-x/decode` is the pure-JS build: the package's main
 * entry probes the environment and a native addon at import time, which would
 * make every importer need --allow-env.
 * @module
 */

import { Decoder, Encoder } from "cbor-x/decode";
import { SnapshotError } from "./errors.ts";

const encoder = new Encoder({
  useRecords: false,
  mapsAsObjects: true,
  tagUint8Array: false,
  pack: false,
  // Shortest length headers for maps, as the CBOR preferred serialization asks.
  variableMapSize: true,
});

// Snapshot integers are below 2^53; with int64AsNumber (missing from cbor-x's
// typings) larger ones decode inexactly and then fail validation.
const decoderOptions = { useRecords: false, mapsAsObjects: true, int64AsNumber: true };
const decoder = new Decoder(decoderOptions);

/** 2^64: integer fields are unsigned 64-bit. */
export const TWO_64 = 18446744073709551616;

/**
 * An unsigned integer field as CBOR should carry it: cbor-x writes JS numbers
 * above 2^32 as float64, so larger values go through BigInt to become CBOR
 * uint64 (exact for any integer-valued double below 2^64, such as a fault
 * address above 2^53). Anything else is refused as `invalid-state` here, so a
 * written snapshot never holds a value its reader would reject.
 */
export function cborU64(n: number, what: string): number | bigint {
  if (!(Number.isInteger(n) && n >= 0 && n < TWO_64)) {
    throw new SnapshotError("invalid-state", `${what} = ${n} is not an unsigned 64-bit integer`);
  }
  return n > 0xffffffff ? BigInt(n) : n;
}

/** CBOR major types used when writing heads by hand. */
export const MAJOR_BYTES = 2, MAJOR_TEXT = 3, MAJOR_MAP = 5;

/**
 * Write the head of a CBOR item (major type and length argument below 2^32)
 * in its shortest form at `p`; returns the offset after it. For encoders that
 * place large byte strings themselves instead of copying them through cbor-x.
 */
export function writeCborHead(out: Uint8Array, p: number, major: number, n: number): number {
  const m = major << 5;
  if (n < 24) {
    out[p] = m | n;
    return p + 1;
  }
  const size = cborHeadSize(n) - 1;
  out[p] = m | (size === 1 ? 24 : size === 2 ? 25 : 26);
  for (let k = size; k > 0; k--, n = Math.floor(n / 256)) out[p + k] = n & 0xff;
  return p + 1 + size;
}

/** Size of the head `writeCborHead` writes for a length argument `n` (below 2^32). */
export function cborHeadSize(n: number): number {
  return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5;
}

/** Encode a plain value; the result stays valid after later calls. */
export function cborEncode(value: unknown): Uint8Array {
  return encoder.encode(value);
}

/**
 * Decode exactly one CBOR item filling `bytes`. Byte strings in the result are
 * views into `bytes`. Malformed input is a `corrupt` error naming `what`.
 */
export function cborDecode(bytes: Uint8Array, what: string): unknown {
  try {
    return decoder.decode(bytes);
  } catch (e) {
    throw new SnapshotError("corrupt", `${what}: invalid CBOR: ${(e as Error).message}`, {
      cause: e,
    });
  }
}
