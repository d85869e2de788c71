/**
 * The micro-benchmark that chose the register representation (see
 * docs/ARCHITECTURE.md): an interpreter-shaped loop (decoded-op switch, sized
 * register reads and writes, lazy-flag result stores) over 64-bit registers as
 * BigInt (BigUint64Array) versus 32-bit halves (Uint32Array), and page memory
 * read through a DataView versus byte composition.
 * @module
 */

const N = 1_000_000;
const OPS = new Int32Array([0, 1, 2, 3, 0, 2, 1, 3]);

class BigCpu {
  r = new BigUint64Array(16);
  res = 0n;
}

function bigGet(c: BigCpu, i: number, size: number): bigint {
  const v = c.r[i];
  return size === 8 ? v : v & 0xffffffffn;
}

function bigSet(c: BigCpu, i: number, size: number, v: bigint): void {
  c.r[i] = size === 8 ? v : v & 0xffffffffn;
}

function bigLoop(): bigint {
  const c = new BigCpu();
  c.r[1] = 7n;
  for (let i = 0; i < N; i++) {
    const sz = (i & 1) ? 8 : 4;
    let v: bigint;
    switch (OPS[i & 7]) {
      case 0:
        v = BigInt.asUintN(64, bigGet(c, 0, sz) + bigGet(c, 1, sz));
        bigSet(c, 0, sz, v);
        break;
      case 1:
        v = bigGet(c, 0, sz) ^ bigGet(c, 2, sz);
        bigSet(c, 2, sz, v);
        break;
      case 2:
        v = BigInt.asUintN(64, bigGet(c, 0, sz) - 1n);
        bigSet(c, 3, sz, v);
        break;
      default:
        v = BigInt.asUintN(64, bigGet(c, 3, sz) << 1n);
        bigSet(c, 1, sz, v | 1n);
    }
    c.res = v;
  }
  return c.r[0];
}

class PairCpu {
  r = new Uint32Array(32);
  res = 0;
  resH = 0;
}

function pairLoop(): number {
  const c = new PairCpu();
  const r = c.r;
  r[2] = 7;
  for (let i = 0; i < N; i++) {
    const wide = (i & 1) !== 0;
    let lo: number, hi = 0;
    switch (OPS[i & 7]) {
      case 0: {
        const s = r[0] + r[2];
        lo = s >>> 0;
        if (wide) hi = (r[1] + r[3] + (s > 0xffffffff ? 1 : 0)) >>> 0;
        r[0] = lo;
        r[1] = hi;
        break;
      }
      case 1:
        lo = r[0] ^ r[4];
        if (wide) hi = r[1] ^ r[5];
        r[4] = lo;
        r[5] = hi;
        break;
      case 2:
        lo = (r[0] - 1) >>> 0;
        if (wide) hi = (r[1] - (r[0] === 0 ? 1 : 0)) >>> 0;
        r[6] = lo;
        r[7] = hi;
        break;
      default:
        lo = (r[6] << 1) >>> 0;
        if (wide) hi = ((r[7] << 1) | (r[6] >>> 31)) >>> 0;
        r[2] = lo | 1;
        r[3] = hi;
    }
    c.res = lo;
    c.resH = hi;
  }
  return r[0];
}

Deno.bench("registers: BigInt (BigUint64Array), 1M ops", { group: "registers" }, () => {
  bigLoop();
});
Deno.bench("registers: 32-bit halves (Uint32Array), 1M ops", {
  group: "registers",
  baseline: true,
}, () => {
  pairLoop();
});

const page = new Uint8Array(4096).map((_, i) => i * 7);
const dv = new DataView(page.buffer);

Deno.bench("memory: DataView.getUint32, 1M reads", { group: "memory", baseline: true }, () => {
  let s = 0;
  for (let i = 0; i < N; i++) s = (s + dv.getUint32((i * 4) & 4092, true)) >>> 0;
  if (s === 1) throw new Error("unreachable");
});
Deno.bench("memory: byte composition, 1M reads", { group: "memory" }, () => {
  let s = 0;
  for (let i = 0; i < N; i++) {
    const o = (i * 4) & 4092;
    s = (s + (page[o] | (page[o + 1] << 8) | (page[o + 2] << 16) | (page[o + 3] << 24))) >>> 0;
  }
  if (s === 1) throw new Error("unreachable");
});
