/**
 * The two-thread zstd batch (lib/checkpoint/zstd_pool.ts): whichever thread
 * did a chunk, results are those of single-threaded zstd, in order, and a
 * damaged frame is the caller's SnapshotError.
 * @module
 */

import assert from "node:assert/strict";
import { ZstdBatch } from "../../lib/checkpoint/zstd_pool.ts";
import { zstdCompress, zstdDecompress } from "../../lib/checkpoint/zstd.ts";
import { SnapshotError } from "../../lib/checkpoint/errors.ts";
import { chunks } from "../zstd_pool_child.ts";

Deno.test("zstd batch: with the helper thread working, results equal single-threaded zstd", async () => {
  // Under `deno test` the helper never takes work, so this runs in a `deno run` process.
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../zstd_pool_child.ts", import.meta.url).pathname],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  assert.equal(out.code, 0);
  const r = JSON.parse(new TextDecoder().decode(out.stdout));
  assert.deepEqual(r.rounds, [true, true, true, true]);
  assert.ok(r.jobs > 0, "the helper thread took no chunk");
  assert.match(r.error, /^corrupt: .*chunk 7: zstd: /);
});

Deno.test("zstd batch: a damaged frame among good ones is a corrupt SnapshotError", () => {
  const raw = chunks();
  const frames = raw.map((c) => zstdCompress(c, 1));
  for (const bad of [0, 7, 23]) {
    const damaged = frames.map((f, i) => {
      if (i !== bad) return f;
      const d = new Uint8Array(f); // a copy (a node Buffer's slice() is a view)
      d[d.length >> 1] ^= 0x55;
      return d;
    });
    assert.throws(() => zstdDecompress(damaged[bad], raw[bad].length, "alone"), SnapshotError);
    const batch = new ZstdBatch(0, raw.length << 20);
    assert.throws(
      () => {
        damaged.forEach((f, i) => batch.add(f, raw[i].length, `chunk ${i}`));
        batch.results();
      },
      (e) =>
        e instanceof SnapshotError && e.kind === "corrupt" && e.message.includes(`chunk ${bad}`),
    );
  }
});
