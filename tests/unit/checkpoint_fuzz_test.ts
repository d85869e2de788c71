/**
 * Thousands of damaged snapshots must each be refused with a SnapshotError of
 * the right kind (tools/fuzz_snapshot.ts runs the same cases for longer).
 * @module
 */

import assert from "node:assert/strict";
import {
  bitFlip,
  foreignInputs,
  forged,
  frameBoundaries,
  type FuzzCase,
  outcome,
  randomCase,
  Rng,
  sampleSnapshot,
  truncations,
} from "../../tools/fuzz_snapshot.ts";

const base = sampleSnapshot();

function expectAll(cases: Iterable<FuzzCase>, minimum: number): void {
  let n = 0;
  for (const c of cases) {
    const got = outcome(c.bytes);
    assert.ok(c.allowed.includes(got), `${c.what}: got ${got}, expected ${c.allowed.join(" or ")}`);
    n++;
  }
  assert.ok(n >= minimum, `only ${n} cases`);
}

Deno.test("fuzz: the sample is valid and spans several chunks", () => {
  assert.equal(outcome(base), "ok");
  assert.ok(frameBoundaries(base).length >= 8, "expected a header and at least five chunks");
});

Deno.test("fuzz: truncation anywhere, including every frame boundary, is 'truncated'", () => {
  const lengths = new Set(frameBoundaries(base).slice(0, -1));
  for (const b of frameBoundaries(base)) for (const d of [-1, 1]) lengths.add(b + d);
  expectAll(truncations(base), base.length);
  for (const n of lengths) {
    if (n < base.length) assert.equal(outcome(base.subarray(0, n)), "truncated", `length ${n}`);
  }
});

Deno.test("fuzz: foreign files, unknown versions and trailing bytes", () => {
  expectAll(foreignInputs(base), 15);
});

Deno.test("fuzz: every bit flip of the preamble and the first frame, random ones elsewhere", () => {
  function* flips(): Generator<FuzzCase> {
    for (let at = 0; at < 80; at++) for (let bit = 0; bit < 8; bit++) yield bitFlip(base, at, bit);
    const rng = new Rng(11);
    for (let i = 0; i < 2500; i++) yield bitFlip(base, rng.int(base.length), rng.int(8));
  }
  expectAll(flips(), 3000);
});

Deno.test("fuzz: re-checksummed damage is 'corrupt' or a valid state, never a crash", () => {
  function* cases(): Generator<FuzzCase> {
    const rng = new Rng(5);
    for (let i = 0; i < 1500; i++) yield forged(base, rng);
  }
  expectAll(cases(), 1500);
});

Deno.test("fuzz: a random mix", () => {
  function* cases(): Generator<FuzzCase> {
    const rng = new Rng(2024);
    for (let i = 0; i < 2000; i++) yield randomCase(base, rng);
  }
  expectAll(cases(), 2000);
});
