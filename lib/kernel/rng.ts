/**
 * The machine's only source of randomness: xoshiro128** seeded from the
 * machine seed. AT_RANDOM, getrandom and /dev/(u)random all draw from one
 * stream, so a run is reproducible from its seed. State is a typed array.
 * @module
 */

/** Deterministic random generator (xoshiro128**, 2^128-1 period). */
export class Rng {
  /** Generator state: four 32-bit words, never all zero. */
  readonly s: Uint32Array = new Uint32Array(4);

  constructor(seed: number) {
    // splitmix32 spreads any seed (including 0) over the whole state.
    let x = (seed >>> 0) ^ Math.floor(seed / 4294967296);
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** Next 32 random bits. */
  next32(): number {
    const s = this.s;
    const r = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return r;
  }

  /** Fill `out` with random bytes. */
  fill(out: Uint8Array): void {
    let w = 0;
    for (let i = 0; i < out.length; i++) {
      if ((i & 3) === 0) w = this.next32();
      out[i] = w & 0xff;
      w >>>= 8;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
