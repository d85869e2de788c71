/**
 * IEEE-754 binary32/binary64 arithmetic under the x86 SSE rules of MXCSR:
 * rounding control, DAZ, FTZ and exact exception flags (tininess detected
 * after rounding, as the SDM specifies and hardware does).
 *
 * Values travel as JS numbers (a binary32 value is the double holding it).
 * NaN operands never reach these kernels: the callers own NaN propagation
 * because it depends on bit patterns. A kernel returns NaN only for an
 * invalid operation, and the caller stores the default NaN.
 *
 * Fast path: the host computes the round-to-nearest result, and an
 * error-free transformation (TwoSum, Dekker's product, the remainder of a
 * division or square root) gives the sign of the rounding error: enough to
 * know inexactness and to step one ulp in the directed modes. Results near
 * the underflow or overflow thresholds, and operands where a transformation
 * could lose bits, take a slow path that computes the exact value with
 * BigInt and rounds it explicitly.
 * @module
 */

/** MXCSR exception flag bits (the mask bits are these shifted left by 7). */
export const IE = 1, DE = 2, ZE = 4, OE = 8, UE = 16, PE = 32;
/** Rounding control (MXCSR bits 13-14). */
export const RC_NEAREST = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3;

/**
 * The floating-point environment of the instruction being executed:
 * controls decoded from MXCSR by `fpBegin`, and the exceptions raised so far
 * split into pre-computation (IE DE ZE) and post-computation (OE UE PE) ones
 * because an unmasked pre-computation exception suppresses the latter.
 * Scratch state: meaningless between instructions.
 */
export class FpEnv {
  rc = RC_NEAREST;
  daz = false;
  ftz = false;
  /** Underflow / overflow exceptions masked (their masked responses differ). */
  umask = true;
  omask = true;
  pre = 0;
  post = 0;
}

/** The shared environment (one instruction executes at a time). */
export const fp: FpEnv = new FpEnv();

/** Start a floating-point instruction under `mxcsr`. */
export function fpBegin(mxcsr: number): void {
  fp.rc = (mxcsr >> 13) & 3;
  fp.daz = (mxcsr & 0x40) !== 0;
  fp.ftz = (mxcsr & 0x8000) !== 0;
  fp.umask = (mxcsr & 0x800) !== 0;
  fp.omask = (mxcsr & 0x400) !== 0;
  fp.pre = 0;
  fp.post = 0;
}

const MIN_NORMAL32 = 2 ** -126, MIN_NORMAL64 = 2 ** -1022;
// Results in [LO, HI] are normal and stay normal and finite after a one-ulp step.
const LO32 = 2 ** -125, HI32 = 2 ** 127, LO64 = 2 ** -1021, HI64 = 2 ** 1023;
// Dekker's product is exact for factors below 2^995 and products above 2^-960.
const TP_MAX = 2 ** 995, TP_MIN = 2 ** -960;
const SPLIT = 134217729; // 2^27 + 1

const f64 = new Float64Array(1);
const f64u = new Uint32Array(f64.buffer);
const f32 = new Float32Array(1);
const f32u = new Uint32Array(f32.buffer);

// ---- operands ------------------------------------------------------------------

/** Set by `in32`/`in64` when an operand is denormal and DAZ is off. */
let den = 0;

/** Apply DAZ to a binary32 operand, noting a denormal for `takeDenormal`. */
export function in32(x: number): number {
  if (x === 0 || !(Math.abs(x) < MIN_NORMAL32)) return x;
  if (fp.daz) return x < 0 ? -0 : 0;
  den = 1;
  return x;
}

/** Apply DAZ to a binary64 operand, noting a denormal for `takeDenormal`. */
export function in64(x: number): number {
  if (x === 0 || !(Math.abs(x) < MIN_NORMAL64)) return x;
  if (fp.daz) return x < 0 ? -0 : 0;
  den = 1;
  return x;
}

/** Raise DE if an operand read since the last call was denormal. */
export function takeDenormal(): void {
  if (den !== 0) {
    fp.pre |= DE;
    den = 0;
  }
}

/** Forget a denormal operand: an invalid or divide-by-zero lane reports only that. */
function dropDenormal(): void {
  den = 0;
}

// ---- rounding of a round-to-nearest result with a known error sign -----------

/** Step a nonzero finite binary64 one ulp away from (or toward) zero. */
function bump64(r: number, away: boolean): number {
  f64[0] = r;
  let lo = f64u[0], hi = f64u[1];
  if (away) {
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi++;
  } else {
    if (lo === 0) hi--;
    lo = (lo - 1) >>> 0;
  }
  f64u[0] = lo;
  f64u[1] = hi;
  return f64[0];
}

/** Step a nonzero finite binary32 value one ulp away from (or toward) zero. */
function bump32(r: number, away: boolean): number {
  f32[0] = r;
  f32u[0] += away ? 1 : -1;
  return f32[0];
}

/** Whether the directed rounding mode moves `r` (the nearest result) given the sign `e` of exact - r. */
function stepDir(r: number, e: number): number {
  switch (fp.rc) {
    case RC_DOWN:
      return e < 0 ? (r < 0 ? 1 : -1) : 0;
    case RC_UP:
      return e > 0 ? (r > 0 ? 1 : -1) : 0;
    case RC_ZERO:
      return (e < 0) === (r > 0) ? -1 : 0;
    default:
      return 0;
  }
}

/** Finish an inexact binary64 result `r` (nearest, normal, safe range) whose error has sign `e`. */
function inexact64(r: number, e: number): number {
  fp.post |= PE;
  if (fp.rc === RC_NEAREST) return r;
  const s = stepDir(r, e);
  return s === 0 ? r : bump64(r, s > 0);
}

/** Finish a binary64 result `r` with error sign `e`, or NaN when the slow path is needed. */
function fin64(r: number, e: number): number {
  const a = Math.abs(r);
  // A non-finite error means TwoSum itself overflowed (operands near the top of the range).
  if (!(a >= LO64 && a <= HI64) || e - e !== 0) return NaN;
  return e === 0 ? r : inexact64(r, e);
}

/**
 * Round `x + err` to binary32, where `x` is a double and `e` the sign of the
 * (tiny) error `err`. Exact because `x` is then either the true value or
 * rounds the same way (double rounding is innocuous for + - * / sqrt of
 * binary32 operands computed in binary64). NaN when the slow path is needed.
 */
function fin32(x: number, e: number): number {
  const r = Math.fround(x);
  const a = Math.abs(r);
  if (!(a >= LO32 && a <= HI32)) return NaN;
  const d = x - r;
  const s = d !== 0 ? d : e;
  if (s === 0) return r;
  fp.post |= PE;
  if (fp.rc === RC_NEAREST) return r;
  const dir = stepDir(r, s);
  return dir === 0 ? r : bump32(r, dir > 0);
}

/** Exact error of `s = a + b` (Knuth's TwoSum). */
function twoSumErr(a: number, b: number, s: number): number {
  const bb = s - a;
  return (a - (s - bb)) + (b - bb);
}

/** Exact error of `p = a * b` (Dekker), valid inside the TP_MIN/TP_MAX window. */
function twoProdErr(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/** IEEE sum of exactly cancelling operands: +0, or -0 when rounding down (or both are -0). */
function zeroSum(a: number, b: number): number {
  if (Object.is(a, -0) && Object.is(b, -0)) return -0;
  if (a === 0 && b === 0 && !Object.is(a, -0) && !Object.is(b, -0)) return 0;
  return fp.rc === RC_DOWN ? -0 : 0;
}

// ---- slow path: exact BigInt arithmetic ------------------------------------

/** A binary format: precision, exponent range, largest finite value. */
interface Fmt {
  p: number;
  emin: number;
  emax: number;
  max: number;
}
const F32: Fmt = { p: 24, emin: -126, emax: 127, max: 3.4028234663852886e38 };
const F64: Fmt = { p: 53, emin: -1022, emax: 1023, max: Number.MAX_VALUE };

const OP_ADD = 0, OP_MUL = 1, OP_DIV = 2, OP_SQRT = 3;

let dS = 0, dM = 0n, dE = 0;

/** Split a finite double into sign `dS`, integer significand `dM` and exponent `dE`. */
function decompose(x: number): void {
  f64[0] = x;
  const lo = f64u[0], hi = f64u[1];
  dS = hi >>> 31;
  const ex = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (ex === 0) dE = -1074;
  else {
    m |= 1n << 52n;
    dE = ex - 1075;
  }
  dM = m;
}

function bitLength(m: bigint): number {
  return m === 0n ? 0 : m.toString(2).length;
}

let shiftInexact = false;

/** `m` shifted right by `sh` bits (left if negative) and rounded per RC; sets `shiftInexact`. */
function roundShift(m: bigint, sh: number, sign: number): bigint {
  shiftInexact = false;
  if (sh <= 0) return m << BigInt(-sh);
  const s = BigInt(sh);
  let q = m >> s;
  const rem = m - (q << s);
  if (rem === 0n) return q;
  shiftInexact = true;
  switch (fp.rc) {
    case RC_NEAREST: {
      const half = 1n << (s - 1n);
      if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
      break;
    }
    case RC_UP:
      if (sign === 0) q++;
      break;
    case RC_DOWN:
      if (sign !== 0) q++;
      break;
  }
  return q;
}

/** Round the exact value (-1)^sign * m * 2^e (m > 0) to format `f`, raising OE/UE/PE. */
function roundPack(sign: number, m: bigint, e: number, f: Fmt): number {
  const nb = bitLength(m);
  const p = f.p;
  let sh = nb - p;
  let q = roundShift(m, sh, sign);
  // An unmasked overflow/underflow discards the result but still reports
  // whether rounding to p bits (with an unbounded exponent) was inexact.
  const unboundedPE = shiftInexact ? PE : 0;
  let E = e + nb - 1;
  if (q === 1n << BigInt(p)) E++;
  if (E > f.emax) {
    if (!fp.omask) {
      fp.post |= OE | unboundedPE;
      return Infinity;
    }
    fp.post |= OE | PE;
    const rc = fp.rc;
    const inf = rc === RC_NEAREST || (rc === RC_UP && sign === 0) || (rc === RC_DOWN && sign !== 0);
    const v = inf ? Infinity : f.max;
    return sign ? -v : v;
  }
  if (E < f.emin) {
    if (!fp.umask) {
      fp.post |= UE | unboundedPE;
      return 0;
    }
    if (fp.ftz) {
      fp.post |= UE | PE;
      return sign ? -0 : 0;
    }
    sh = f.emin - p + 1 - e;
    q = roundShift(m, sh, sign);
    if (shiftInexact) fp.post |= UE | PE;
    const v = Number(q) * 2 ** (f.emin - p + 1);
    return sign ? -v : v;
  }
  if (shiftInexact) fp.post |= PE;
  const v = Number(q) * 2 ** (e + sh);
  return sign ? -v : v;
}

/** Integer square root (floor). */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLength(n) + 1) >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** Exact `a op b` (finite operands, nonzero result) rounded to `f`. */
function slow(op: number, a: number, b: number, f: Fmt): number {
  decompose(a);
  const sa = dS, ma = dM, ea = dE;
  if (op === OP_SQRT) {
    let m = ma, e = ea;
    if ((e & 1) !== 0) {
      m <<= 1n;
      e--;
    }
    // At least p+2 root bits, then a sticky bit for the remainder.
    const k = Math.max(0, Math.ceil((2 * (f.p + 2) - bitLength(m)) / 2));
    m <<= BigInt(2 * k);
    e -= 2 * k;
    const r = isqrt(m);
    return roundPack(0, (r << 1n) | (r * r === m ? 0n : 1n), e / 2 - 1, f);
  }
  decompose(b);
  const sb = dS, mb = dM, eb = dE;
  switch (op) {
    case OP_ADD: {
      const e = Math.min(ea, eb);
      const va = ma << BigInt(ea - e), vb = mb << BigInt(eb - e);
      const v = (sa ? -va : va) + (sb ? -vb : vb);
      return v < 0n ? roundPack(1, -v, e, f) : roundPack(0, v, e, f);
    }
    case OP_MUL:
      return roundPack(sa ^ sb, ma * mb, ea + eb, f);
    default: {
      const k = Math.max(0, f.p + 3 - (bitLength(ma) - bitLength(mb)));
      const n = ma << BigInt(k);
      const q = n / mb;
      return roundPack(sa ^ sb, (q << 1n) | (q * mb === n ? 0n : 1n), ea - eb - k - 1, f);
    }
  }
}

// ---- binary32 kernels --------------------------------------------------------

/** a + b in binary32. */
export function add32(a: number, b: number): number {
  den = 0;
  a = in32(a);
  b = in32(b);
  const s = a + b;
  if (s !== s) return invalid();
  takeDenormal();
  if (s === 0) return zeroSum(a, b);
  if (s === Infinity || s === -Infinity) return s;
  const r = fin32(s, twoSumErr(a, b, s));
  return r === r ? r : slow(OP_ADD, a, b, F32);
}

/** a - b in binary32. */
export function sub32(a: number, b: number): number {
  return add32(a, -b);
}

/** a * b in binary32. */
export function mul32(a: number, b: number): number {
  den = 0;
  a = in32(a);
  b = in32(b);
  const p = a * b; // exact: 48-bit significands and a wide exponent range
  if (p !== p) return invalid();
  takeDenormal();
  if (p === 0 || p === Infinity || p === -Infinity) return p;
  const r = fin32(p, 0);
  return r === r ? r : slow(OP_MUL, a, b, F32);
}

/** a / b in binary32. */
export function div32(a: number, b: number): number {
  den = 0;
  a = in32(a);
  b = in32(b);
  const q = a / b;
  if (q !== q) return invalid();
  if (b === 0 && a - a === 0) return divByZero(q);
  takeDenormal();
  if (a === 0 || a - a !== 0 || b - b !== 0) return q;
  const p = q * b;
  const rem = (a - p) - twoProdErr(q, b, p);
  const r = fin32(q, b > 0 ? rem : -rem);
  return r === r ? r : slow(OP_DIV, a, b, F32);
}

/** sqrt(a) in binary32. */
export function sqrt32(a: number): number {
  den = 0;
  a = in32(a);
  if (a < 0) return invalid();
  takeDenormal();
  if (a === 0 || a === Infinity) return a;
  const r = Math.sqrt(a);
  const p = r * r;
  const res = fin32(r, (a - p) - twoProdErr(r, r, p));
  return res === res ? res : slow(OP_SQRT, a, 0, F32);
}

// ---- binary64 kernels --------------------------------------------------------

/** a + b in binary64. */
export function add64(a: number, b: number): number {
  den = 0;
  a = in64(a);
  b = in64(b);
  const s = a + b;
  if (s !== s) return invalid();
  takeDenormal();
  const r = fin64(s, twoSumErr(a, b, s));
  if (r === r) return r;
  if (s === 0) return zeroSum(a, b);
  if ((s === Infinity || s === -Infinity) && (a - a !== 0 || b - b !== 0)) return s;
  return slow(OP_ADD, a, b, F64);
}

/** a - b in binary64. */
export function sub64(a: number, b: number): number {
  return add64(a, -b);
}

/** a * b in binary64. */
export function mul64(a: number, b: number): number {
  den = 0;
  a = in64(a);
  b = in64(b);
  const p = a * b;
  if (p !== p) return invalid();
  takeDenormal();
  const aa = Math.abs(a), ab = Math.abs(b), ap = Math.abs(p);
  if (
    ap >= TP_MIN && ap <= HI64 && aa >= MIN_NORMAL64 && aa < TP_MAX && ab >= MIN_NORMAL64 &&
    ab < TP_MAX
  ) {
    const e = twoProdErr(a, b, p);
    return e === 0 ? p : inexact64(p, e);
  }
  if (a === 0 || b === 0 || aa === Infinity || ab === Infinity) return p;
  return slow(OP_MUL, a, b, F64);
}

/** a / b in binary64. */
export function div64(a: number, b: number): number {
  den = 0;
  a = in64(a);
  b = in64(b);
  const q = a / b;
  if (q !== q) return invalid();
  if (b === 0 && a - a === 0) return divByZero(q);
  takeDenormal();
  if (a === 0 || a - a !== 0 || b - b !== 0) return q;
  const aa = Math.abs(a), ab = Math.abs(b), aq = Math.abs(q);
  if (
    aq >= LO64 && aq < TP_MAX && aa >= TP_MIN && aa < TP_MAX && ab >= MIN_NORMAL64 && ab < TP_MAX
  ) {
    const p = q * b;
    const rem = (a - p) - twoProdErr(q, b, p);
    return rem === 0 ? q : inexact64(q, b > 0 ? rem : -rem);
  }
  return slow(OP_DIV, a, b, F64);
}

/** sqrt(a) in binary64. */
export function sqrt64(a: number): number {
  den = 0;
  a = in64(a);
  if (a < 0) return invalid();
  takeDenormal();
  if (a === 0 || a === Infinity) return a;
  if (a >= TP_MIN && a <= 2 ** 1020) {
    const r = Math.sqrt(a);
    const p = r * r;
    const rem = (a - p) - twoProdErr(r, r, p);
    return rem === 0 ? r : inexact64(r, rem);
  }
  return slow(OP_SQRT, a, 0, F64);
}

function invalid(): number {
  dropDenormal();
  fp.pre |= IE;
  return NaN;
}

function divByZero(q: number): number {
  dropDenormal();
  fp.pre |= ZE;
  return q;
}

// ---- conversions -------------------------------------------------------------

/** binary64 -> binary32 (CVTSD2SS). */
export function f64to32(x: number): number {
  den = 0;
  x = in64(x);
  takeDenormal();
  if (x === 0 || x === Infinity || x === -Infinity) return x;
  const r = fin32(x, 0);
  if (r === r) return r;
  decompose(x);
  return roundPack(dS, dM, dE, F32);
}

/** binary32 -> binary64 (CVTSS2SD): exact, only DAZ/DE apply. */
export function f32to64(x: number): number {
  den = 0;
  x = in32(x);
  takeDenormal();
  return x;
}

/** int32 -> binary32. */
export function i32to32(v: number): number {
  return v === 0 ? 0 : fin32(v, 0);
}

/** int64 (halves) -> binary64. */
export function i64to64(lo: number, hi: number): number {
  const h = (hi | 0) * 4294967296;
  const s = h + lo;
  if (s === 0) return 0;
  const e = twoSumErr(h, lo, s);
  return e === 0 ? s : inexact64(s, e);
}

/** int64 (halves) -> binary32. */
export function i64to32(lo: number, hi: number): number {
  const h = (hi | 0) * 4294967296;
  const s = h + lo;
  if (s === 0) return 0;
  if (twoSumErr(h, lo, s) === 0) return fin32(s, 0);
  // Beyond 2^53 the sum above was rounded once already: round the exact integer.
  const v = (BigInt(hi | 0) << 32n) + BigInt(lo);
  return v < 0n ? roundPack(1, -v, 0, F32) : roundPack(0, v, 0, F32);
}

/**
 * Round a binary32/64 value (non-NaN) to an integer per RC, or toward zero
 * when `trunc`: the integral double, or NaN (with IE) when it does not fit
 * a signed integer of `bits` (32 or 64) bits. DAZ applies; DE is never raised.
 */
export function toInt(x: number, bits: number, trunc: boolean, single: boolean): number {
  x = single ? in32(x) : in64(x);
  den = 0;
  let r: number;
  if (trunc) r = Math.trunc(x);
  else {
    switch (fp.rc) {
      case RC_DOWN:
        r = Math.floor(x);
        break;
      case RC_UP:
        r = Math.ceil(x);
        break;
      case RC_ZERO:
        r = Math.trunc(x);
        break;
      default: {
        r = Math.floor(x);
        const d = x - r;
        if (d > 0.5 || (d === 0.5 && r % 2 !== 0)) r++;
      }
    }
  }
  const lim = bits === 32 ? 2147483648 : 9223372036854775808;
  if (!(r >= -lim && r < lim)) {
    fp.pre |= IE;
    return NaN;
  }
  if (r !== x) fp.post |= PE;
  return r === 0 ? 0 : r;
}
