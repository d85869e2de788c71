/**
 * Validators for decoded snapshot records. Decoded CBOR is untrusted: each
 * accessor checks the shape of one field and throws a `corrupt` SnapshotError
 * naming the field, so a bad record never reaches a constructor.
 * @module
 */

import { TWO_64 } from "./cbor.ts";
import { check } from "./errors.ts";
import { isPlainMap } from "./container.ts";

/** A decoded CBOR map, checked to be one. */
export type RecordMap = Record<string, unknown>;

/** `v` as a map; `what` names it in the error. */
export function asMap(v: unknown, what: string): RecordMap {
  check(isPlainMap(v), `${what} is not a map`);
  return v;
}

/** `v` as a list. */
export function asList(v: unknown, what: string): unknown[] {
  check(Array.isArray(v), `${what} is not a list`);
  return v;
}

/** `m[key]` as an integer in [0, max]. */
export function uint(
  m: RecordMap,
  key: string,
  what: string,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const v = m[key];
  check(
    typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && v <= max,
    `${what}.${key} is not an integer in [0, ${max}]`,
  );
  return v;
}

/**
 * `m[key]` as an unsigned 64-bit integer held in a double: exact below 2^53,
 * and above it exactly the double the writer had (see `cborU64`).
 */
export function u64(m: RecordMap, key: string, what: string): number {
  const v = m[key];
  check(
    typeof v === "number" && Number.isInteger(v) && v >= 0 && v < TWO_64,
    `${what}.${key} is not an unsigned 64-bit integer`,
  );
  return v;
}

/** `m[key]` as a byte string, of exactly `length` bytes when given. */
export function bytes(m: RecordMap, key: string, what: string, length?: number): Uint8Array {
  const v = m[key];
  check(v instanceof Uint8Array, `${what}.${key} is not a byte string`);
  check(length === undefined || v.length === length, `${what}.${key} is not ${length} bytes`);
  return v;
}

/** `m[key]` as text. */
export function text(m: RecordMap, key: string, what: string): string {
  const v = m[key];
  check(typeof v === "string", `${what}.${key} is not text`);
  return v;
}

/** `m[key]` as a map. */
export function map(m: RecordMap, key: string, what: string): RecordMap {
  return asMap(m[key], `${what}.${key}`);
}

/** `m[key]` as a list. */
export function list(m: RecordMap, key: string, what: string): unknown[] {
  return asList(m[key], `${what}.${key}`);
}
