/**
 * Exercises the two-thread zstd batch in a `deno run` process of its own
 * (tests/unit/checkpoint_zstd_pool_test.ts runs it: under `deno test` the
 * helper thread never starts taking work, so the test there would only see
 * the caller's path). Prints `{ jobs, rounds, error }`: how many chunks the
 * helper thread took, for each round whether every result matched
 * single-threaded zstd, in order, and the error a damaged frame 7 gave.
 *
 *     deno run -A tests/zstd_pool_child.ts
 * @module
 */

import { helperJobs, ZstdBatch } from "../lib/checkpoint/zstd_pool.ts";
import { zstdCompress } from "../lib/checkpoint/zstd.ts";
import { SnapshotError } from "../lib/checkpoint/errors.ts";

/** `b` as a plain Uint8Array (zstd may hand out node Buffers). */
function plain(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && plain(a).every((x, i) => x === b[i]);
}

/** 24 different 1 MiB chunks of compressible bytes (24 MiB: large enough for the helper). */
export function chunks(): Uint8Array[] {
  const out: Uint8Array[] = [];
  let s = 12345;
  for (let c = 0; c < 24; c++) {
    const b = new Uint8Array(1 << 20);
    for (let i = 0; i < b.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) | 0;
      b[i] = (s >>> 24) & (c % 3 === 0 ? 0xff : 0x0f);
    }
    out.push(b);
  }
  return out;
}

if (import.meta.main) {
  const raw = chunks();
  const want = raw.map((c) => zstdCompress(c, 2));
  const rounds: boolean[] = [];
  // The first large batch runs alone and starts the helper once the event loop is idle.
  for (let round = 0; round < 4; round++) {
    const reused = new Uint8Array(1 << 20); // the caller may reuse its buffer after add()
    const batch = new ZstdBatch(2, raw.length << 20);
    for (const c of raw) {
      reused.set(c);
      batch.add(reused);
    }
    const got = batch.results();
    const back = new ZstdBatch(0, raw.length << 20);
    got.forEach((g, i) => back.add(g, raw[i].length, `chunk ${i}`));
    const unpacked = back.results();
    rounds.push(
      got.length === raw.length && got.every((g, i) => same(g, want[i])) &&
        unpacked.every((u, i) => same(u, raw[i])),
    );
    await new Promise((r) => setTimeout(r, 200));
  }
  // A damaged frame (the helper reports the failure; the caller redoes it and raises it).
  const damaged = want.map((f) => new Uint8Array(f));
  damaged[7][damaged[7].length >> 1] ^= 0x55;
  let error = "none";
  const batch = new ZstdBatch(0, raw.length << 20);
  try {
    damaged.forEach((f, i) => batch.add(f, raw[i].length, `chunk ${i}`));
    batch.results();
  } catch (e) {
    error = e instanceof SnapshotError ? `${e.kind}: ${e.message}` : String(e);
  }
  console.log(JSON.stringify({ jobs: helperJobs(), rounds, error }));
}
