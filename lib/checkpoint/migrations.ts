/**
 * Format versions and the migrations between them. A snapshot written by an
 * older linuxvm is read by upgrading its decoded document one version at a
 * time until it reaches `FORMAT_VERSION`; each step is an explicit function
 * registered under the version it upgrades from.
 * @module
 */

import type { SnapshotDocument } from "./container.ts";
import { SnapshotError } from "./errors.ts";

/** The format version this build writes. */
export const FORMAT_VERSION = 3;

/** Upgrades a document of version n to version n + 1. */
export type Migration = (doc: SnapshotDocument) => SnapshotDocument;

/** Migrations keyed by the version they upgrade from. */
export type MigrationRegistry = ReadonlyMap<number, Migration>;

/**
 * The built-in migrations. Version 2 added whole-machine snapshots (first
 * chunk "kernel"); a version 1 file, a bare CPU and memory image (first chunk
 * "machine"), is a valid version 2 file unchanged. Version 3 moved every
 * 4 KiB buffer of the kernel graph (file pages) from the graph into the pages
 * chunks, which changes what the state digest is computed over; a version 2
 * file, with those buffers inline, reads unchanged (its header digest is then
 * a version 2 digest of the same state).
 */
export const MIGRATIONS: MigrationRegistry = new Map([
  [1, (doc: SnapshotDocument) => ({ ...doc, version: 2 })],
  [2, (doc: SnapshotDocument) => ({ ...doc, version: 3 })],
]);

/** Can a document of `version` be brought to FORMAT_VERSION with `registry`? */
export function canMigrate(version: number, registry: MigrationRegistry): boolean {
  for (let v = version; v !== FORMAT_VERSION; v++) {
    if (v > FORMAT_VERSION || !registry.has(v)) return false;
  }
  return true;
}

/**
 * Bring `doc` to FORMAT_VERSION. A migration that fails on malformed old data
 * is reported as a `corrupt` SnapshotError.
 */
export function migrate(doc: SnapshotDocument, registry: MigrationRegistry): SnapshotDocument {
  while (doc.version !== FORMAT_VERSION) {
    const from = doc.version;
    const step = registry.get(from);
    if (step === undefined || from > FORMAT_VERSION) {
      throw new SnapshotError("unknown-version", `no migration from format version ${from}`);
    }
    try {
      doc = step(doc);
    } catch (e) {
      if (e instanceof SnapshotError) throw e;
      throw new SnapshotError("corrupt", `migration from version ${from}: ${e}`, { cause: e });
    }
    if (doc.version !== from + 1) {
      throw new SnapshotError("corrupt", `migration from version ${from} produced ${doc.version}`);
    }
  }
  return doc;
}
