/**
 * The one error type of snapshot decoding and encoding. Every failure of
 * `readSnapshot`/`decodeContainer` is a `SnapshotError` whose `kind` says what
 * is wrong with the input, so callers can react without parsing messages.
 * @module
 */

/**
 * What is wrong with a snapshot:
 * - `truncated`: the input ends before its structure says it does;
 * - `bad-magic`: the input is not a linuxvm snapshot at all;
 * - `unknown-version`: a format version this build neither reads nor migrates;
 * - `checksum`: a checksum or hash does not match (the bytes were damaged);
 * - `corrupt`: the bytes are intact but do not describe a valid machine state;
 * - `invalid-state`: (writing) the state or options cannot be represented;
 * - `host-changed`: (restoring) a host file the saved run read is no longer as it was.
 */
export type SnapshotErrorKind =
  | "truncated"
  | "bad-magic"
  | "unknown-version"
  | "checksum"
  | "corrupt"
  | "invalid-state"
  | "host-changed";

/** A snapshot could not be read or written; `kind` classifies why. */
export class SnapshotError extends Error {
  override readonly name = "SnapshotError";

  constructor(readonly kind: SnapshotErrorKind, message: string, options?: ErrorOptions) {
    super(`${kind}: ${message}`, options);
  }
}

/** Throw a `corrupt` error unless `ok`: the decoder's schema assertion. */
export function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new SnapshotError("corrupt", what);
}
