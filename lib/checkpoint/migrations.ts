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
export const FORMAT_VERSION = 5;

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
 * a version 2 digest of the same state). Version 5 added file-backed pages:
 * a VMA's `file` (the in-memory file its faults page in) and a `Page`
 * record's `backing`; a version 4 document has neither, which the readers
 * of those records take as no file (its file mappings keep the copies and
 * write-back they had) and, for a MAP_SHARED mapping's pages, shared bytes,
 * so the migration from 4 is the identity.
 */
export const MIGRATIONS: MigrationRegistry = new Map([
  [1, (doc: SnapshotDocument) => ({ ...doc, version: 2 })],
  [2, (doc: SnapshotDocument) => ({ ...doc, version: 3 })],
  [3, terminalFields],
  [4, (doc: SnapshotDocument) => ({ ...doc, version: 5 })],
]);

/**
 * Version 4 added terminals: `Process.ctty`, `Kernel.console`, the devpts
 * nodes of `Vfs`, and `Inode.tty` in place of `Inode.termios`. A version 3
 * machine had no pseudo-terminals and no controlling terminals, so the new
 * fields are null (a terminal console's termios is dropped: after restoring,
 * its descriptors are no longer terminals).
 */
function terminalFields(doc: SnapshotDocument): SnapshotDocument {
  // class -> [new field, the field it follows] ("=" + an old field's name: it takes that place).
  const added: Record<string, [string, string][]> = {
    Process: [["ctty", "sid"]],
    Kernel: [["console", "stdinEof"]],
    Vfs: [["ptsRoot", "root"], ["ptmxNode", "ptsRoot"], ["ttyNode", "ptmxNode"]],
    Inode: [["tty", "=termios"]],
  };
  const chunks = doc.chunks.map((c) => {
    if (c.name !== "kernel") return c;
    const g = c.value as { shapes: [string, string[]][]; nodes: unknown[][] };
    // For each changed shape: where each new field's value comes from (-1: null).
    const remap = new Map<number, number[]>();
    const shapes = g.shapes.map(([cls, keys], i): [string, string[]] => {
      const changes = added[cls];
      if (changes === undefined) return [cls, keys];
      const next = [...keys];
      for (const [field, where] of changes) {
        if (where.startsWith("=")) next[next.indexOf(where.slice(1))] = field;
        else next.splice(next.indexOf(where) + 1, 0, field);
      }
      // A new field (or the renamed tty, whose old termios bytes are no Tty) starts as null.
      remap.set(i, next.map((k) => keys.indexOf(k)));
      return [cls, next];
    });
    const nodes = g.nodes.map((n) => {
      // An object node is [N_OBJECT (0), shape, ...field values].
      const from = n[0] === 0 ? remap.get(n[1] as number) : undefined;
      if (from === undefined) return n;
      return [n[0], n[1], ...from.map((j) => (j < 0 ? null : n[2 + j]))];
    });
    return { ...c, value: { ...g, shapes, nodes } };
  });
  return { ...doc, version: 4, chunks };
}

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
