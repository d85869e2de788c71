/**
 * Regenerates lib/checkpoint/kernel_schema.json, the field lists of the
 * kernel classes in machine snapshots of this format version: every guest
 * test program is run and its object graph encoded at 8 points, and each
 * registered class must show one field list throughout. Reading a snapshot
 * checks its shapes against the file, so a snapshot whose kernel records
 * differ is refused instead of half-restored.
 *
 *     deno run --allow-read --allow-write tools/gen_kernel_schema.ts
 *
 * Run it after changing the fields of a kernel class, and bump the format
 * version with a migration if snapshots of the old fields must keep loading.
 * @module
 */

import { encodeGraph } from "../lib/checkpoint/graph.ts";
import { KERNEL_CLASS_NAMES, KERNEL_CLASSES } from "../lib/checkpoint/kernel_classes.ts";
import { FORMAT_VERSION } from "../lib/checkpoint/migrations.ts";
import { EventFd } from "../lib/kernel/fs/eventfd.ts";
import { TimerFd } from "../lib/kernel/fs/timerfd.ts";
import { bootGuest, GUEST_CASES } from "../tests/guest_cases.ts";
import type { Machine } from "../lib/machine.ts";

/** Each kernel class in `m`'s object graph with its field list (what a snapshot's shapes hold). */
export function fieldLists(m: Machine): [string, string[]][] {
  const ctx = {
    blob: () => 0,
    blobAt: (): Uint8Array => new Uint8Array(0),
    blobOf: () => undefined,
  };
  const g = encodeGraph(
    { kernel: m.kernel, process: m.process, diagnostic: null },
    KERNEL_CLASSES,
    ctx,
  );
  return g.shapes.filter(([cls]) => cls !== "");
}

if (import.meta.main) {
  const fields = new Map<string, string[]>();
  for (const c of GUEST_CASES) {
    const total = bootGuest(c).run(500_000_000).instructions;
    const m = bootGuest(c);
    for (let k = 1; k <= 8; k++) {
      m.run(Math.floor((total * k) / 9) - m.kernel.retired);
      for (const [cls, keys] of fieldLists(m)) {
        const seen = fields.get(cls);
        if (seen === undefined) fields.set(cls, keys);
        else if (seen.join() !== keys.join()) {
          throw new Error(`${cls} has two field lists: ${seen.join()} / ${keys.join()}`);
        }
      }
    }
  }
  // Classes only unit tests create: their fields from a fresh instance.
  for (const o of [new EventFd(0n, false), new TimerFd(0)]) {
    if (!fields.has(o.constructor.name)) fields.set(o.constructor.name, Object.keys(o));
  }
  const missing = KERNEL_CLASS_NAMES.filter((n) => !fields.has(n));
  if (missing.length > 0) {
    throw new Error(`no guest test program has a ${missing.join(", ")} (add one that does)`);
  }
  const out = {
    formatVersion: FORMAT_VERSION,
    classes: Object.fromEntries([...fields].sort(([a], [b]) => (a < b ? -1 : 1))),
  };
  Deno.writeTextFileSync(
    new URL("../lib/checkpoint/kernel_schema.json", import.meta.url),
    JSON.stringify(out, null, 2) + "\n",
  );
  console.log(`${fields.size} classes`);
}
