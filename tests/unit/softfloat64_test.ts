/**
 * The MXCSR-exact binary32/binary64 kernels of lib/exec/softfloat64.ts.
 *
 * Expected results and flags come from the same operations run natively
 * (ADDSD/MULSS/... with the given MXCSR on an x86-64 host, AMD EPYC); a null
 * result marks an unmasked exception, where only the flags are compared.
 * @module
 */

import assert from "node:assert/strict";
import {
  add32,
  add64,
  div32,
  div64,
  f32to64,
  f64to32,
  fp,
  fpBegin,
  i32to32,
  i64to32,
  i64to64,
  IE,
  mul32,
  mul64,
  PE,
  sqrt32,
  sqrt64,
  sub32,
  sub64,
  toInt,
} from "../../lib/exec/softfloat64.ts";

type Row = [op: string, mxcsr: number, a: string, b: string, result: string | null, flags: number];

const f64 = new Float64Array(1), u64 = new BigUint64Array(f64.buffer);
const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
const d = (h: string) => {
  u64[0] = BigInt("0x" + h);
  return f64[0];
};
const dHex = (x: number) => {
  f64[0] = x;
  return u64[0].toString(16).padStart(16, "0");
};
const s = (h: string) => {
  u32[0] = parseInt(h, 16);
  return f32[0];
};
const sHex = (x: number) => {
  f32[0] = x;
  return u32[0].toString(16).padStart(8, "0");
};

const K64: Record<string, (a: number, b: number) => number> = {
  add: add64,
  sub: sub64,
  mul: mul64,
  div: div64,
  sqrt: (_a, b) => sqrt64(b),
};
const K32: Record<string, (a: number, b: number) => number> = {
  add: add32,
  sub: sub32,
  mul: mul32,
  div: div32,
  sqrt: (_a, b) => sqrt32(b),
};

const B64: Row[] = [
  ["add", 0x1f80, "3ff0000000000000", "bff0000000000000", "0000000000000000", 0x00],
  ["add", 0x3f80, "3ff0000000000000", "bff0000000000000", "8000000000000000", 0x00],
  ["add", 0x3f80, "0000000000000000", "8000000000000000", "8000000000000000", 0x00],
  ["add", 0x1f80, "8000000000000000", "8000000000000000", "8000000000000000", 0x00],
  ["add", 0x1f80, "3ff0000000000000", "3c30000000000000", "3ff0000000000000", 0x20],
  ["add", 0x3f80, "3ff0000000000000", "3c30000000000000", "3ff0000000000000", 0x20],
  ["add", 0x5f80, "3ff0000000000000", "3c30000000000000", "3ff0000000000001", 0x20],
  ["add", 0x7f80, "3ff0000000000000", "3c30000000000000", "3ff0000000000000", 0x20],
  ["add", 0x1f80, "bff0000000000000", "bc30000000000000", "bff0000000000000", 0x20],
  ["add", 0x3f80, "bff0000000000000", "bc30000000000000", "bff0000000000001", 0x20],
  ["add", 0x5f80, "bff0000000000000", "bc30000000000000", "bff0000000000000", 0x20],
  ["add", 0x7f80, "bff0000000000000", "bc30000000000000", "bff0000000000000", 0x20],
  ["sub", 0x1f80, "0010000000000000", "0000000000000001", "000fffffffffffff", 0x02],
  ["sub", 0x3f80, "0010000000000000", "0000000000000001", "000fffffffffffff", 0x02],
  ["sub", 0x5f80, "0010000000000000", "0000000000000001", "000fffffffffffff", 0x02],
  ["sub", 0x7f80, "0010000000000000", "0000000000000001", "000fffffffffffff", 0x02],
  ["mul", 0x1f80, "7fefffffffffffff", "4000000000000000", "7ff0000000000000", 0x28],
  ["mul", 0x3f80, "7fefffffffffffff", "4000000000000000", "7fefffffffffffff", 0x28],
  ["mul", 0x5f80, "7fefffffffffffff", "4000000000000000", "7ff0000000000000", 0x28],
  ["mul", 0x7f80, "7fefffffffffffff", "4000000000000000", "7fefffffffffffff", 0x28],
  ["mul", 0x1f80, "8000000000000005", "3fe8000000000000", "8000000000000004", 0x32],
  ["mul", 0x3f80, "8000000000000005", "3fe8000000000000", "8000000000000004", 0x32],
  ["mul", 0x5f80, "8000000000000005", "3fe8000000000000", "8000000000000003", 0x32],
  ["mul", 0x7f80, "8000000000000005", "3fe8000000000000", "8000000000000003", 0x32],
  ["mul", 0x1f80, "0018000000000001", "3fe0000000000000", "000c000000000000", 0x30],
  ["mul", 0x9f80, "0018000000000001", "3fe0000000000000", "0000000000000000", 0x30],
  ["mul", 0x1f80, "001fffffffffffff", "3fe0000000000000", "0010000000000000", 0x30],
  ["mul", 0x5f80, "2000000000000001", "1ff0000000000001", "0008000000000002", 0x30],
  ["mul", 0x1b80, "5ff0000000000001", "5ff0000000000001", null, 0x28],
  ["mul", 0x1b80, "5ff0000000000000", "5ff0000000000000", null, 0x08],
  ["mul", 0x5f80, "3ff0000000000001", "3ff0000000000001", "3ff0000000000003", 0x20],
  ["div", 0x1f80, "3ff0000000000000", "4008000000000000", "3fd5555555555555", 0x20],
  ["div", 0x3f80, "3ff0000000000000", "4008000000000000", "3fd5555555555555", 0x20],
  ["div", 0x5f80, "3ff0000000000000", "4008000000000000", "3fd5555555555556", 0x20],
  ["div", 0x7f80, "3ff0000000000000", "4008000000000000", "3fd5555555555555", 0x20],
  ["div", 0x1f80, "0000000000000003", "4010000000000000", "0000000000000001", 0x32],
  ["div", 0x7f80, "7fe0000000000000", "3fe0000000000000", "7fefffffffffffff", 0x28],
  ["div", 0x3f80, "0010000000000000", "7fe0000000000000", "0000000000000000", 0x30],
  ["div", 0x1f80, "3ff0000000000000", "0000000000000000", "7ff0000000000000", 0x04],
  ["div", 0x1f80, "0000000000000000", "0000000000000000", "fff8000000000000", 0x01],
  ["div", 0x1f80, "7ff0000000000000", "0000000000000000", "7ff0000000000000", 0x00],
  ["sqrt", 0x1f80, "0000000000000000", "4000000000000000", "3ff6a09e667f3bcd", 0x20],
  ["sqrt", 0x3f80, "0000000000000000", "4000000000000000", "3ff6a09e667f3bcc", 0x20],
  ["sqrt", 0x5f80, "0000000000000000", "4000000000000000", "3ff6a09e667f3bcd", 0x20],
  ["sqrt", 0x7f80, "0000000000000000", "4000000000000000", "3ff6a09e667f3bcc", 0x20],
  ["sqrt", 0x1f80, "0000000000000000", "0000000000000002", "1e66a09e667f3bcd", 0x22],
  ["sqrt", 0x5f80, "0000000000000000", "7fefffffffffffff", "5ff0000000000000", 0x20],
  ["sqrt", 0x1f80, "0000000000000000", "bff0000000000000", "fff8000000000000", 0x01],
  ["sqrt", 0x1f80, "0000000000000000", "8000000000000000", "8000000000000000", 0x00],
  ["sqrt", 0x1fc0, "0000000000000000", "8000000000000001", "8000000000000000", 0x00],
];

const B32: Row[] = [
  ["add", 0x1f80, "3f800000", "33800001", "3f800001", 0x20],
  ["add", 0x3f80, "3f800000", "33800001", "3f800000", 0x20],
  ["add", 0x5f80, "3f800000", "33800001", "3f800001", 0x20],
  ["add", 0x7f80, "3f800000", "33800001", "3f800000", 0x20],
  ["mul", 0x1f80, "08042108", "37f80000", "00800000", 0x20],
  ["mul", 0x3f80, "08042108", "37f80000", "007fffff", 0x30],
  ["mul", 0x5f80, "08042108", "37f80000", "00800000", 0x20],
  ["mul", 0x7f80, "08042108", "37f80000", "007fffff", 0x30],
  ["mul", 0x9f80, "08042108", "37f80000", "00800000", 0x20],
  ["mul", 0xff80, "08042108", "37f80000", "00000000", 0x30],
  ["mul", 0x9f80, "00800000", "3f000000", "00000000", 0x30],
  ["mul", 0x1780, "00800000", "3f000000", null, 0x10],
  ["mul", 0x1f80, "ff7fffff", "40000000", "ff800000", 0x28],
  ["mul", 0x3f80, "ff7fffff", "40000000", "ff800000", 0x28],
  ["mul", 0x5f80, "ff7fffff", "40000000", "ff7fffff", 0x28],
  ["mul", 0x7f80, "ff7fffff", "40000000", "ff7fffff", 0x28],
  ["div", 0x1f80, "3f800000", "40400000", "3eaaaaab", 0x20],
  ["div", 0x3f80, "3f800000", "40400000", "3eaaaaaa", 0x20],
  ["div", 0x5f80, "3f800000", "40400000", "3eaaaaab", 0x20],
  ["div", 0x7f80, "3f800000", "40400000", "3eaaaaaa", 0x20],
  ["div", 0x1f80, "00000001", "00000000", "7f800000", 0x04],
  ["div", 0x1fc0, "00000001", "00000000", "ffc00000", 0x01],
  ["div", 0x5f80, "00800000", "4b000000", "00000001", 0x00],
  ["sqrt", 0x1f80, "00000000", "40000000", "3fb504f3", 0x20],
  ["sqrt", 0x3f80, "00000000", "40000000", "3fb504f3", 0x20],
  ["sqrt", 0x5f80, "00000000", "40000000", "3fb504f4", 0x20],
  ["sqrt", 0x7f80, "00000000", "40000000", "3fb504f3", 0x20],
  ["sqrt", 0x1f80, "00000000", "00000001", "1a3504f3", 0x22],
];

function check(rows: Row[], k: Record<string, (a: number, b: number) => number>, single: boolean) {
  for (const [op, mx, a, b, want, flags] of rows) {
    fpBegin(mx);
    const r = single ? k[op](s(a), s(b)) : k[op](d(a), d(b));
    const what = `${op} ${a} ${b} mxcsr=${mx.toString(16)}`;
    assert.equal(fp.pre | fp.post, flags, what + " flags");
    if (want === null) continue;
    if (r !== r) assert.ok(want === (single ? "ffc00000" : "fff8000000000000"), what);
    else assert.equal(single ? sHex(r) : dHex(r), want, what);
  }
}

Deno.test("binary64 kernels: rounding modes, signed zeros, subnormals, overflow, flags", () => {
  check(B64, K64, false);
});

Deno.test("binary32 kernels: tininess after rounding, FTZ, directed rounding, DAZ", () => {
  check(B32, K32, true);
});

Deno.test("slow (BigInt) path agrees with the fast path in every rounding mode", () => {
  // Scaling operands by powers of two moves them out of the fast path's
  // window without changing the exact result (or its scaled square root).
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
  const same = (slow: () => number, fast: () => number, scale: number, what: string) => {
    for (let rc = 0; rc < 4; rc++) {
      fpBegin(0x1f80 | (rc << 13));
      const want = fast() * scale;
      const flags = fp.post;
      fpBegin(0x1f80 | (rc << 13));
      assert.equal(slow(), want, `${what} rc=${rc}`);
      assert.equal(fp.post, flags, `${what} rc=${rc} flags`);
    }
  };
  for (let i = 0; i < 1000; i++) {
    const a = (rnd() + 0.5) * 2 ** Math.floor(rnd() * 40 - 20);
    const b = (rnd() + 0.5) * 2 ** Math.floor(rnd() * 40 - 20);
    same(() => mul64(a * 2 ** 1000, b * 2 ** -1000), () => mul64(a, b), 1, `${a} * ${b}`);
    same(() => div64(a * 2 ** 1000, b * 2 ** 1000), () => div64(a, b), 1, `${a} / ${b}`);
    same(() => sqrt64(a * 2 ** -1000), () => sqrt64(a), 2 ** -500, `sqrt ${a}`);
  }
});

Deno.test("conversions: int64 rounding (no double rounding), float<->double, integer indefinite", () => {
  fpBegin(0x1f80);
  // 0x1000001000000001 is just above a binary32 tie: rounding via a double would go to even.
  assert.equal(sHex(i64to32(0x00000001, 0x10000010)), "5d800001");
  assert.equal(fp.post, PE);
  fpBegin(0x5f80);
  assert.equal(dHex(i64to64(0xffffffff, 0x7fffffff)), "43e0000000000000");
  assert.equal(fp.post, PE);
  fpBegin(0x1f80);
  assert.equal(i64to64(0xfffffffb, 0xffffffff), -5);
  assert.equal(sHex(i32to32(0x01000001)), "4b800000");
  assert.equal(fp.post, PE);
  fpBegin(0x1f80);
  assert.equal(sHex(f64to32(d("0000000000000001"))), "00000000"); // CVTSD2SS of a denormal
  assert.equal(fp.pre | fp.post, 0x32);
  fpBegin(0x1f80);
  assert.equal(sHex(f64to32(d("47f0000000000000"))), "7f800000");
  assert.equal(fp.post, 0x28);
  fpBegin(0x7f80);
  assert.equal(sHex(f64to32(d("47f0000000000000"))), "7f7fffff");
  fpBegin(0x1fc0);
  assert.equal(dHex(f32to64(s("80000001"))), "8000000000000000"); // DAZ, no DE
  assert.equal(fp.pre, 0);
  fpBegin(0x1f80);
  assert.equal(dHex(f32to64(s("00000001"))), "36a0000000000000");
  assert.equal(fp.pre, 2);
});

Deno.test("toInt: RC rounding, truncation, range limits and DAZ", () => {
  const cases: [number, number, number, boolean, number, number][] = [
    // value, mxcsr, bits, trunc, result (NaN = indefinite), flags
    [2.5, 0x1f80, 32, false, 2, PE],
    [-2.5, 0x1f80, 32, false, -2, PE],
    [3.5, 0x1f80, 32, false, 4, PE],
    [-1.5, 0x1f80, 64, true, -1, PE],
    [2 ** 31, 0x1f80, 32, false, NaN, IE],
    [-(2 ** 31) - 0.5, 0x1f80, 32, true, -(2 ** 31), PE],
    [-(2 ** 31) - 0.5, 0x1f80, 32, false, -(2 ** 31), PE],
    [-(2 ** 63), 0x1f80, 64, false, -(2 ** 63), 0],
    [2 ** 63, 0x1f80, 64, false, NaN, IE],
    [-4.9e-324, 0x3f80, 32, false, -1, PE], // RD of a negative denormal
    [4.9e-324, 0x1fc0, 32, false, 0, 0], // DAZ: exact zero
    [NaN, 0x1f80, 64, true, NaN, IE],
  ];
  for (const [v, mx, bits, trunc, want, flags] of cases) {
    fpBegin(mx);
    const r = toInt(v, bits, trunc, false);
    assert.ok(Object.is(r, want) || (r === want), `${v} -> ${r}`);
    assert.equal(fp.pre | fp.post, flags, `${v} flags`);
  }
});
