/**
 * XXH32 against the reference implementation: expected values come from
 * `xxhsum -H0` (xxHash 0.8) run on the same generated inputs.
 * @module
 */

import assert from "node:assert/strict";
import { xxh32 } from "../../lib/checkpoint/xxhash32.ts";

/** The byte generator the reference files were made with (an LCG, see the test below). */
function lcgBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff; // mod 2^31 needs only the low 32 bits
    out[i] = (x >> 16) & 255;
  }
  return out;
}

// Lengths cover the < 16-byte path, stripes, and 0-3 tail bytes after 4-byte words.
const XXHSUM: [number, number][] = [
  [0, 0x02cc5d05],
  [1, 0x9ca7f35d],
  [3, 0xa229e304],
  [4, 0x76e02420],
  [5, 0x12b8038a],
  [15, 0xc35a79e3],
  [16, 0x5388867b],
  [17, 0x18146596],
  [31, 0x94da86e0],
  [32, 0xffd390d7],
  [33, 0xce0faf5c],
  [100, 0xbcc6dc14],
  [1000, 0x2631a2b0],
  [65537, 0x1ab32b6b],
];

Deno.test("xxh32 matches xxhsum -H0", () => {
  for (const [n, want] of XXHSUM) {
    assert.equal(xxh32(lcgBytes(n, n)), want, `length ${n}`);
  }
});

Deno.test("xxh32 with a seed matches the reference sanity value", () => {
  // xxHash's own sanity check: XXH32 of no bytes with seed PRIME32_1.
  assert.equal(xxh32(new Uint8Array(0), 0x9e3779b1), 0x36b78ae7);
});

Deno.test("xxh32 gives the same result at any alignment", () => {
  const data = lcgBytes(1000, 1000);
  for (let off = 0; off < 8; off++) {
    const buf = new Uint8Array(1008);
    buf.set(data, off);
    assert.equal(xxh32(buf.subarray(off, off + 1000)), 0x2631a2b0, `offset ${off}`);
  }
});
