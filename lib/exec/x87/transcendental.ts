/**
 * x87 transcendental instructions (FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1,
 * FYL2X, FYL2XP1) and the FLDPI-style constants.
 *
 * Results are computed in BigInt fixed point far beyond 64 bits and rounded
 * once per RC, retrying at higher precision when the approximation is too close
 * to a rounding boundary, so they are correctly rounded. Like the hardware,
 * trigonometric argument reduction and FPATAN's quadrant offsets use the
 * CPU's 68-bit approximation of pi rather than pi itself; this is what makes
 * e.g. sin(x) near multiples of pi match real CPUs. Measured against the host
 * CPU (AMD EPYC, 3000 random arguments per instruction and rounding mode):
 * FYL2X differs in 1.9-2.6% of results, FYL2XP1 3.1-4.4%, F2XM1 2.4-3.2%,
 * FSIN/FCOS/FPATAN under 1%, FPTAN 1.9% rounding to nearest and about 20% in
 * the directed modes (tiny arguments, where the host's internal value lies
 * below |x|); each time by one ulp, up to 0.1 ulp from a midpoint. What is
 * known of the host's algorithms (a 68-bit internal log2 value for FYL2X) is
 * in docs/ARCHITECTURE.md; no model matching every result was found.
 * @module
 */

import {
  BIAS,
  bitLen,
  classify,
  DE,
  Ext,
  type FpEnv,
  IE,
  INDEFINITE,
  INF,
  inf,
  isqrt,
  nan1,
  nan2,
  PE,
  roundExt,
  signOf,
  ZE,
  ZERO,
  zero,
} from "./float80.ts";

/** The hardware's pi: P68 * 2^-66. */
const P68 = 0xc90fdaa22168c234cn;

/** 128-bit significands (leading bit at 127) and exponents of the load-constant values. */
const CONSTANTS: Record<string, [bigint, number]> = {
  l2t: [0xd49a784bcd1b8afe492bf6ff4dafdb4cn, 1],
  l2e: [0xb8aa3b295c17f0bbbe87fed0691d3e88n, 0],
  pi: [0xc90fdaa22168c234c4c6628b80dc1cd1n, 1],
  lg2: [0x9a209a84fbcff7988f8959ac0b7c9178n, -2],
  ln2: [0xb17217f7d1cf79abc9e3b39803f2f6afn, -1],
};

/**
 * FLDL2T/FLDL2E/FLDPI/FLDLG2/FLDLN2: the constant rounded per RC. The hardware
 * reports neither PE nor a round-up for these, so flags are left untouched.
 */
export function loadConstant(env: FpEnv, name: "l2t" | "l2e" | "pi" | "lg2" | "ln2"): Ext {
  const [m, e] = CONSTANTS[name];
  const flags = env.flags;
  const r = roundT(env, 0, m, e - 127, true);
  env.flags = flags;
  env.up = false;
  return r;
}

/** Round a transcendental result to 64 bits. */
function roundT(env: FpEnv, sign: number, m: bigint, e: number, sticky: boolean): Ext {
  return roundExt(env, sign, m, e, sticky, 64);
}

/** An approximation `sign * m * 2^e` with |error| < 2^(e + err). */
class Approx {
  sign = 0;
  m = 0n;
  e = 0;
  err = 0;
  /** The exact value lies below m (used when the approximation cannot be told from an exact one). */
  below = false;
  set(sign: number, m: bigint, e: number, err: number): void {
    this.below = false;
    this.sign = sign;
    this.m = m < 0n ? -m : m;
    if (m < 0n) this.sign ^= 1;
    this.e = e;
    this.err = err;
  }
}

const approx = new Approx();
/** Working precisions tried in turn (fraction bits of the fixed-point steps). */
const PRECISIONS = [160, 320, 1280];

/**
 * Correctly round the function computed by `compute(w)` into `approx`,
 * increasing the working precision while the result straddles a boundary.
 */
function roundApprox(env: FpEnv, compute: (w: number) => void): Ext {
  for (let i = 0;; i++) {
    compute(PRECISIONS[i]);
    const { sign, m, e, err } = approx;
    const n = bitLen(m);
    const lsb = Math.max(e + n - 1, -16382) - 63;
    const sh = lsb - e;
    if (i === PRECISIONS.length - 1) {
      return approx.below
        ? roundT(env, sign, (m << 8n) - 1n, e - 8, true)
        : roundT(env, sign, m, e, true);
    }
    if (sh <= err + 2) continue;
    const bs = BigInt(sh);
    const low = m & ((1n << bs) - 1n);
    const half = 1n << (bs - 1n);
    const margin = 1n << BigInt(Math.max(err + 1, 0));
    const unsafe = low < margin || (low > half - margin && low < half + margin) ||
      low > (half << 1n) - margin;
    if (!unsafe) return roundT(env, sign, m, e, false);
  }
}

/** Shift left by a possibly negative amount (right shifts truncate toward zero). */
function shl(x: bigint, n: number): bigint {
  if (n >= 0) return x << BigInt(n);
  return x < 0n ? -((-x) >> BigInt(-n)) : x >> BigInt(-n);
}

/** Exponent of the significand's lowest bit. */
function lsbExp(x: Ext): number {
  const e = x.se & 0x7fff;
  return (e === 0 ? 1 : e) - BIAS - 63;
}

const lnCache = new Map<number, bigint>();

/** ln 2 * 2^w, from 2*atanh(1/3). */
function ln2Fixed(w: number): bigint {
  let v = lnCache.get(w);
  if (v === undefined) {
    const g = w + 16;
    const one = 1n << BigInt(g);
    let sum = 0n;
    let p = one / 3n;
    for (let k = 1n; p !== 0n; k += 2n) {
      sum += p / k;
      p /= 9n;
    }
    v = (2n * sum) >> 16n;
    lnCache.set(w, v);
  }
  return v;
}

/** sin(r) series factor S = sin(r)/r and cos(r), fixed point with w fraction bits, for t = r^2. */
function sinCosSeries(t: bigint, w: number): [bigint, bigint] {
  const bw = BigInt(w);
  const one = 1n << bw;
  let s = one, c = one, ts = one, tc = one;
  for (let j = 1n; ts !== 0n || tc !== 0n; j++) {
    ts = -((ts * t) >> bw) / ((2n * j) * (2n * j + 1n));
    tc = -((tc * t) >> bw) / ((2n * j - 1n) * (2n * j));
    s += ts;
    c += tc;
  }
  return [s, c];
}

/** sum_j (-1)^j u^j / (2j+1) (u = z^2 fixed point): atan(z)/z; with `hyperbolic` all signs +, atanh(z)/z. */
function atanSeries(u: bigint, w: number, hyperbolic: boolean): bigint {
  const bw = BigInt(w);
  let sum = 1n << bw;
  let p = sum;
  for (let k = 3n; p !== 0n; k += 2n) {
    p = (p * u) >> bw;
    sum += hyperbolic ? p / k : (((k >> 1n) & 1n) === 1n ? -p : p) / k;
  }
  return sum;
}

/** Which trigonometric function(s) to compute. */
export const SIN = 0, COS = 1, TAN = 2;

/**
 * Reduce |x| by multiples of the hardware's pi/2 and evaluate `fn` (SIN, COS
 * or TAN) into `approx`. x must be finite, nonzero and below 2^63.
 */
function trig(x: Ext, fn: number, w: number): void {
  const mx = x.sig, ex = lsbExp(x);
  let base: number, r: bigint, k: bigint;
  if (ex + bitLen(mx) - 1 < -1) {
    base = ex;
    r = mx;
    k = 0n;
  } else {
    base = Math.min(ex, -67);
    const xi = mx << BigInt(ex - base);
    const h = P68 << BigInt(-67 - base);
    k = (2n * xi + h) / (2n * h);
    r = xi - k * h;
  }
  const q = Number(k & 3n);
  const ra = r < 0n ? -r : r;
  const rs = r < 0n ? 1 : 0;
  const t = shl(ra * ra, 2 * base + w);
  const [s, c] = sinCosSeries(t, w);
  const sinM = ra * s, sinE = base - w; // |sin r| = sinM * 2^sinE, sign rs
  const xs = signOf(x);
  if (fn === TAN) {
    // tan(r + k pi/2) = tan r (k even) or -cot r (k odd).
    if ((q & 1) === 0) {
      const k = w + 8 + bitLen(c) - bitLen(sinM);
      approx.set(rs ^ xs, shl(sinM, k) / c, sinE + w - k, 0);
    } else {
      const k = w + 8 + bitLen(sinM) - bitLen(c);
      approx.set(1 ^ rs ^ xs, shl(c, k) / sinM, -w - sinE - k, 0);
    }
  } else {
    const useCos = ((fn === COS ? q + 1 : q) & 1) === 1;
    const negate = fn === COS ? (q === 1 || q === 2 ? 1 : 0) : (q >= 2 ? 1 : 0);
    if (useCos) approx.set(negate ^ (fn === SIN ? xs : 0), c, -w, 0);
    else approx.set(negate ^ rs ^ (fn === SIN ? xs : 0), sinM, sinE, 0);
  }
  approx.err = bitLen(approx.m) - w + 12;
}

/**
 * FSIN/FCOS/FPTAN (fn = SIN/COS/TAN) on one operand. Returns null when
 * |x| >= 2^63 (the caller sets C2 and leaves the operand alone).
 */
export function trigOp(env: FpEnv, x: Ext, fn: number): Ext | null {
  const c = classify(x);
  const n = nan1(env, x, c);
  if (n) return n;
  if (c === INF) {
    env.flags |= IE;
    return INDEFINITE;
  }
  if (c === ZERO) return fn === COS ? new Ext(BIAS, 1n << 63n) : x;
  if ((x.se & 0x7fff) - BIAS >= 63) return null;
  if (x.den) env.flags |= DE;
  const nx = bitLen(x.sig);
  if (lsbExp(x) + nx - 1 < -40) {
    // sin x = x - x^3/6, tan x = x + x^3/3, cos x = 1 - x^2/2: far below half an ulp.
    if (fn === COS) return roundT(env, 0, (1n << 80n) - 1n, -80, true);
    const shift = 72 - nx;
    const m = x.sig << BigInt(shift);
    return roundT(env, signOf(x), fn === SIN ? m - 1n : m, lsbExp(x) - shift, true);
  }
  return roundApprox(env, (w) => trig(x, fn, w));
}

/** F2XM1: 2^x - 1. Outside [-1, 1] the host CPU returns x itself (inexact). */
export function f2xm1(env: FpEnv, x: Ext): Ext {
  const c = classify(x);
  const n = nan1(env, x, c);
  if (n) return n;
  if (c === ZERO) return x;
  if (c === INF) return signOf(x) ? new Ext(0xbfff, 1n << 63n) : x;
  if (x.den) env.flags |= DE;
  const mx = x.sig, ex = lsbExp(x);
  if (ex + bitLen(mx) - 1 >= 0 && !(ex === -63 && mx === 1n << 63n)) {
    env.flags |= PE;
    return x;
  }
  if (ex === -63) {
    // The hardware's 2^1 - 1 lies just below 1, and 2^-1 - 1 is -0.5 but flagged inexact.
    if (signOf(x) === 0) return roundT(env, 0, (1n << 80n) - 1n, -80, true);
    env.flags |= PE;
    return new Ext(0xbffe, 1n << 63n);
  }
  const sx = signOf(x);
  return roundApprox(env, (w) => {
    const ln2 = ln2Fixed(w);
    const y = shl(mx * ln2, ex) * (sx ? -1n : 1n);
    const bw = BigInt(w);
    let term = 1n << bw, sum = term;
    for (let j = 2n; term !== 0n; j++) {
      term = ((term * y) >> bw) / j;
      sum += term;
    }
    approx.set(sx, mx * ln2 * sum, ex - 2 * w, 0);
    approx.err = bitLen(approx.m) - w + 10;
  });
}

/** log2(m * 2^e) when m is a power of two, else null. */
function exactLog2(m: bigint, e: number): bigint | null {
  return (m & (m - 1n)) === 0n ? BigInt(e + bitLen(m) - 1) : null;
}

/** log2 of the positive value m * 2^e (not a power of two) into `approx`. */
function log2Approx(m: bigint, e: number, w: number): void {
  const n = bitLen(m);
  let top = e + n - 1;
  const f = m << BigInt(64 - n);
  let d = 1n << 63n;
  if (f * f > 2n * d * d) {
    d <<= 1n;
    top++;
  }
  logFraction(f - d, f + d, w);
  if (top !== 0) {
    // Adding the integer part cannot cancel (|log2 f| <= 1/2): go to fixed point.
    const g = w + 4;
    const frac = shl(approx.m, approx.e + g) * (approx.sign ? -1n : 1n);
    approx.set(0, (BigInt(top) << BigInt(g)) + frac, -g, 0);
    approx.err = 14;
  }
}

/** y * k for an integral log2 result k; the hardware flags even exact nonzero products inexact. */
function timesInteger(env: FpEnv, y: Ext, k: bigint): Ext {
  if (k === 0n) return zero(signOf(y));
  const neg = k < 0n;
  const r = roundT(env, signOf(y) ^ (neg ? 1 : 0), (neg ? -k : k) * y.sig, lsbExp(y), false);
  env.flags |= PE;
  return r;
}

/** log2((1+z)/(1-z)) with z = num/den (|z| well below 1) into `approx`, to relative precision. */
function logFraction(num: bigint, den: bigint, w: number): void {
  const sign = num < 0n ? 1 : 0;
  const an = sign ? -num : num;
  const s = w + bitLen(den) - bitLen(an);
  const zm = (an << BigInt(s)) / den;
  const u = shl(zm * zm, w - 2 * s);
  const a = atanSeries(u, w, true);
  const k = (2n << BigInt(2 * w)) / ln2Fixed(w); // 2/ln2
  approx.set(sign, zm * a * k, -s - 2 * w, 0);
  approx.err = bitLen(approx.m) - w + 10;
}

/** Multiply `approx` by the exact finite value y. */
function scaleApprox(y: Ext): void {
  const extra = bitLen(y.sig);
  approx.set(approx.sign ^ signOf(y), approx.m * y.sig, approx.e + lsbExp(y), 0);
  approx.err += extra + 1;
}

/** FYL2X: y * log2(x) with x = ST0, y = ST1. */
export function fyl2x(env: FpEnv, x: Ext, y: Ext): Ext {
  const cx = classify(x), cy = classify(y);
  const n = nan2(env, x, cx, y, cy);
  if (n) return n;
  const sx = signOf(x), sy = signOf(y);
  if (sx === 1 && cx !== ZERO) return invalid(env);
  if (cx === ZERO) {
    if (cy === ZERO) return invalid(env);
    if (cy !== INF) env.flags |= ZE;
    return inf(sy ^ 1);
  }
  const one = x.se === BIAS && x.sig === 1n << 63n;
  if (cx === INF) {
    if (cy === ZERO) return invalid(env);
    if (y.den) env.flags |= DE;
    return inf(sy);
  }
  if (cy === INF) {
    if (one) return invalid(env);
    if (x.den) env.flags |= DE;
    return inf(sy ^ (x.se < BIAS ? 1 : 0));
  }
  if (x.den || y.den) env.flags |= DE;
  if (cy === ZERO) return zero(sy ^ (x.se < BIAS ? 1 : 0));
  const exact = exactLog2(x.sig, lsbExp(x));
  if (exact !== null) return timesInteger(env, y, exact);
  return roundApprox(env, (w) => {
    log2Approx(x.sig, lsbExp(x), w);
    scaleApprox(y);
  });
}

/**
 * FYL2XP1: y * log2(x + 1) with x = ST0, y = ST1. At or below x = -1 the host
 * CPU returns x itself (inexact).
 */
export function fyl2xp1(env: FpEnv, x: Ext, y: Ext): Ext {
  const cx = classify(x), cy = classify(y);
  const n = nan2(env, x, cx, y, cy);
  if (n) return n;
  const sx = signOf(x), sy = signOf(y);
  if (cx === ZERO) {
    if (cy === INF) return invalid(env);
    if (y.den) env.flags |= DE;
    return zero(sx ^ sy);
  }
  if (cx === INF) {
    if (sx === 1 || cy === ZERO) return invalid(env);
    if (y.den) env.flags |= DE;
    return inf(sy);
  }
  if (cy === INF) {
    if (x.den) env.flags |= DE;
    return inf(sx ^ sy);
  }
  if (x.den || y.den) env.flags |= DE;
  if (cy === ZERO) return zero(sx ^ sy);
  if (sx === 1 && (x.se & 0x7fff) >= BIAS) {
    env.flags |= PE;
    return x;
  }
  const mx = x.sig, ex = lsbExp(x);
  const small = ex + bitLen(mx) - 1 < -2;
  // 1 + x exactly, as m * 2^e (ex <= -63 here unless x >= 1).
  const e1 = Math.min(ex, 0);
  const m1 = (1n << BigInt(-e1)) + (sx ? -mx : mx) * (1n << BigInt(ex - e1));
  if (!small) {
    const exact = exactLog2(m1, e1);
    if (exact !== null) return timesInteger(env, y, exact);
  }
  return roundApprox(env, (w) => {
    if (small) logFraction(sx ? -mx : mx, (2n << BigInt(-ex)) + (sx ? -mx : mx), w);
    else log2Approx(m1, e1, w);
    scaleApprox(y);
  });
}

function invalid(env: FpEnv): Ext {
  env.flags |= IE;
  return INDEFINITE;
}

/** P68 * num/den rounded per RC, for FPATAN's special results (pi, pi/2, pi/4, 3pi/4). */
function piMultiple(env: FpEnv, sign: number, num: number, den: number): Ext {
  // P68 * 2^-66 * num / den; den is a power of two.
  return roundT(env, sign, P68 * BigInt(num), -66 - Math.log2(den), false);
}

/** FPATAN: atan2(y, x) with y = ST1, x = ST0, quadrant offsets from the hardware's pi. */
export function fpatan(env: FpEnv, x: Ext, y: Ext): Ext {
  const cx = classify(x), cy = classify(y);
  const n = nan2(env, x, cx, y, cy);
  if (n) return n;
  const sx = signOf(x), sy = signOf(y);
  if (x.den || y.den) env.flags |= DE;
  if (cy === ZERO) return sx ? piMultiple(env, sy, 1, 1) : zero(sy);
  if (cy === INF) {
    if (cx === INF) return piMultiple(env, sy, sx ? 3 : 1, 4);
    return piMultiple(env, sy, 1, 2);
  }
  if (cx === ZERO) return piMultiple(env, sy, 1, 2);
  if (cx === INF) return sx ? piMultiple(env, sy, 1, 1) : zero(sy);
  return roundApprox(env, (w) => atan2Approx(x, y, w));
}

/** atan2 of finite nonzero operands into `approx`. */
function atan2Approx(x: Ext, y: Ext, w: number): void {
  const my = y.sig, ey = lsbExp(y), mx = x.sig, ex = lsbExp(x);
  // Compare |y| and |x| exactly.
  const e = Math.min(ex, ey);
  const swap = (my << BigInt(ey - e)) > (mx << BigInt(ex - e));
  const [mn, en, md, ed] = swap ? [mx, ex, my, ey] : [my, ey, mx, ex];
  // t = mn*2^en / (md*2^ed) in (0, 1], as tm * 2^te with about w+1 bits.
  const s = w + bitLen(md) - bitLen(mn) + 1;
  const tm = (mn << BigInt(s)) / md;
  const te = en - ed - s;
  const bw = BigInt(w);
  let rel: bigint; // atan(t) = rel * 2^(te - w), relative precision
  let fixed: bigint | null = null; // atan(t) * 2^w
  if (te + bitLen(tm) - 1 < -2) {
    rel = tm * atanSeries(shl(tm * tm, 2 * te + w), w, false);
  } else {
    let u = shl(tm, te + w);
    const one = 1n << bw;
    for (let i = 0; i < 2; i++) u = (u << bw) / (one + isqrt(one * one + u * u));
    fixed = (4n * u * atanSeries((u * u) >> bw, w, false)) >> bw;
    rel = fixed;
  }
  const xs = signOf(x), ys = signOf(y);
  if (!swap && xs === 0) {
    if (fixed === null) approx.set(ys, rel, te - w, 0);
    else approx.set(ys, fixed, -w, 0);
    approx.err = bitLen(approx.m) - w + 12;
    approx.below = true;
    return;
  }
  const a = fixed ?? shl(rel, te);
  const halfPi = P68 << BigInt(w - 67);
  let v = swap ? halfPi - a : a;
  if (xs === 1) v = (halfPi << 1n) - v;
  approx.set(ys, v, -w, 0);
  approx.err = 10;
}
