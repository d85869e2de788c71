/**
 * Time travel over a recording: a replay with checkpoints seeks to any
 * instruction count, forwards and backwards, and the machine it gives has
 * exactly the state a straight replay has there.
 * @module
 */

import assert from "node:assert/strict";
import { MemorySink, replay } from "../../mod.ts";
import { digestHex } from "../../lib/checkpoint/digest.ts";
import { bootGuest, GUEST_BUDGET, guestCase } from "../guest_cases.ts";

function recording(name: string): Uint8Array {
  const log = new MemorySink();
  const r = bootGuest(guestCase(name), { record: log }).run(GUEST_BUDGET);
  assert.equal(r.status, "exited");
  return log.bytes();
}

/** The digest a fresh replay has after exactly `n` instructions. */
function straight(log: Uint8Array, n: number): string {
  const r = replay(log);
  r.run(n);
  return digestHex(r.machine.digest());
}

for (const name of ["stdin.glibc", "procs.musl", "threads.musl"]) {
  Deno.test(`time travel: ${name} seeks anywhere, in any order, to the straight replay's state`, () => {
    const log = recording(name);
    const total = replay(log).run().instructions;
    const every = Math.max(1000, Math.floor(total / 10));
    const tt = replay(log, { checkpointEvery: every });
    const points = [
      Math.floor(total * 0.73),
      Math.floor(total * 0.2),
      every,
      every + 1,
      3,
      total - 1,
      Math.floor(total * 0.5) + 17,
      0,
      total,
    ];
    for (const n of points) {
      const m = tt.seek(n);
      assert.equal(m.kernel.retired, n, `${name} seek ${n}`);
      assert.equal(digestHex(m.digest()), straight(log, n), `${name} seek ${n}`);
    }
    // A checkpoint at every multiple of `every` up to where the replay got.
    const counts = tt.checkpointCounts();
    assert.deepEqual(counts, counts.map((_, i) => i * every));
    assert.ok(counts.length >= 10);
    // The replay itself still ends as recorded, and a sought machine runs on to the same end.
    const end = tt.run();
    assert.equal(end.matchesRecording, true);
    const late = tt.seek(Math.floor(total * 0.6));
    const r = late.run(GUEST_BUDGET);
    assert.equal(r.instructions, total);
    assert.equal(digestHex(late.digest()), digestHex(end.digest));
  });
}
