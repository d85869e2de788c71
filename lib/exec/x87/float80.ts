/**
 * Soft-float for the x87 80-bit extended format, exact to the bit.
 *
 * Values are unpacked into `Ext` (sign/exponent word plus 64-bit significand
 * as a BigInt). Every operation computes the exact result with BigInt
 * arithmetic and rounds once, honouring the precision control (24/53/64
 * significant bits while keeping the 15-bit exponent range, with denormals
 * rounded at the same fixed significand position as hardware), the rounding
 * control, masked/unmasked underflow and overflow, and the status flags. The
 * x87 is a cold path next to SSE, so clarity beats avoiding BigInt allocation.
 *
 * Semantics follow the host CPU where Intel's manual leaves room: tininess is
 * detected after rounding, NaN selection picks the QNaN over an SNaN and
 * otherwise the larger significand (ties: the positive one), and DE is not
 * reported alongside a NaN operand or a zero divisor.
 * @module
 */

/** Status-word exception flags (also the control-word mask bits). */
export const IE = 0x01, DE = 0x02, ZE = 0x04, OE = 0x08, UE = 0x10, PE = 0x20;
/** Status-word stack fault, error summary, condition codes and busy bits. */
export const SF = 0x40, ES = 0x80, C0 = 0x100, C1 = 0x200, C2 = 0x400, C3 = 0x4000, BUSY = 0x8000;

/** Rounding-control field values (control word bits 10-11). */
export const RC_NEAR = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3;

/** Operand classes returned by `classify`. */
export const ZERO = 0, NORMAL = 1, DENORMAL = 2, INF = 3, QNAN = 4, SNAN = 5, UNSUPPORTED = 6;

/** Exponent bias of the extended format. */
export const BIAS = 16383;
const EXT_EMIN = -16382, EXT_EMAX = 16383;
/** Exponent wrap applied to register results of unmasked overflow/underflow. */
const EXT_ADJUST = 24576;
const J = 1n << 63n;
const QUIET = 1n << 62n;
const FRAC = J - 1n;

/** One 80-bit value, unpacked. */
export class Ext {
  constructor(
    /** Sign (bit 15) and biased exponent (bits 0-14). */
    readonly se: number,
    /** 64-bit significand including the explicit integer bit. */
    readonly sig: bigint,
    /**
     * Counts as a denormal operand (DE): 80-bit denormals and pseudo-denormals,
     * and single/double denormals after widening (which normalizes them).
     */
    readonly den: boolean = (se & 0x7fff) === 0 && sig !== 0n,
  ) {}
}

/** The default NaN ("real indefinite"). */
export const INDEFINITE: Ext = new Ext(0xffff, 0xc000000000000000n);
/** +0.0 and +1.0. */
export const POS_ZERO: Ext = new Ext(0, 0n), ONE: Ext = new Ext(BIAS, J);

/** Rounding/flag state of the instruction being executed. */
export class FpEnv {
  /** Rounding control (RC_*). */
  rc = RC_NEAR;
  /** Significand width selected by precision control, for the basic arithmetic. */
  prec = 64;
  /** Exception mask bits from the control word. */
  masks = 0x3f;
  /** Exceptions raised so far by this instruction (status-word bits). */
  flags = 0;
  /** The last rounding increased the magnitude (reported in C1). */
  up = false;
  /** Output of `roundCore`: significand, exponent of its lowest bit, overflowed to infinity. */
  q = 0n;
  lsb = 0;
  inf = false;

  /** Start an instruction under control word `cw`. */
  reset(cw: number): void {
    this.rc = (cw >> 10) & 3;
    this.prec = PC_BITS[(cw >> 8) & 3];
    this.masks = cw & 0x3f;
    this.flags = 0;
    this.up = false;
  }
}

/** Significand width per precision-control value (the reserved 01 encoding acts as 64). */
const PC_BITS = [24, 64, 53, 64];

/** Number of significant bits of a non-negative BigInt. */
export function bitLen(x: bigint): number {
  let n = 0;
  while (x >= 0x10000000000000000n) {
    x >>= 64n;
    n += 64;
  }
  const hi = Number(x >> 32n);
  return hi !== 0 ? n + 64 - Math.clz32(hi) : n + 32 - Math.clz32(Number(x));
}

/** Class of an 80-bit value (ZERO, NORMAL, DENORMAL, INF, QNAN, SNAN, UNSUPPORTED). */
export function classify(x: Ext): number {
  const e = x.se & 0x7fff;
  const s = x.sig;
  if (e === 0) return s === 0n ? ZERO : DENORMAL;
  if ((s & J) === 0n) return UNSUPPORTED;
  if (e !== 0x7fff) return NORMAL;
  if ((s & FRAC) === 0n) return INF;
  return (s & QUIET) !== 0n ? QNAN : SNAN;
}

/** Sign bit (0/1). */
export function signOf(x: Ext): number {
  return x.se >>> 15;
}

/** Exponent of the significand's lowest bit: the value is `sig * 2^lsbExp`. */
function lsbExp(x: Ext): number {
  const e = x.se & 0x7fff;
  return (e === 0 ? 1 : e) - BIAS - 63;
}

/** Signed zero / infinity. */
export function zero(sign: number): Ext {
  return new Ext(sign << 15, 0n);
}
export function inf(sign: number): Ext {
  return new Ext((sign << 15) | 0x7fff, J);
}

/** Same value with the sign flipped / cleared (no exceptions, works on any encoding). */
export function neg(x: Ext): Ext {
  return new Ext(x.se ^ 0x8000, x.sig);
}
export function abs(x: Ext): Ext {
  return new Ext(x.se & 0x7fff, x.sig);
}

function isNaN(c: number): boolean {
  return c === QNAN || c === SNAN;
}

function quiet(x: Ext): Ext {
  return new Ext(x.se, x.sig | QUIET);
}

/**
 * Result of a one-operand instruction whose operand is a NaN or unsupported
 * encoding (raising IE for SNaN/unsupported), or null for other operands.
 */
export function nan1(env: FpEnv, a: Ext, ca: number): Ext | null {
  if (ca === UNSUPPORTED) {
    env.flags |= IE;
    return INDEFINITE;
  }
  if (ca === SNAN) {
    env.flags |= IE;
    return quiet(a);
  }
  return ca === QNAN ? a : null;
}

/** Two-operand NaN rule (see module doc), or null when neither operand is a NaN/unsupported. */
export function nan2(env: FpEnv, a: Ext, ca: number, b: Ext, cb: number): Ext | null {
  if (ca === UNSUPPORTED || cb === UNSUPPORTED) {
    env.flags |= IE;
    return INDEFINITE;
  }
  const an = isNaN(ca), bn = isNaN(cb);
  if (!an && !bn) return null;
  if (ca === SNAN || cb === SNAN) env.flags |= IE;
  if (!bn) return quiet(a);
  if (!an) return quiet(b);
  if (ca !== cb) return ca === QNAN ? a : b;
  const qa = a.sig | QUIET, qb = b.sig | QUIET;
  if (qa !== qb) return quiet(qa > qb ? a : b);
  return quiet(a.se <= b.se ? a : b);
}

/**
 * Round `sign * (m + sticky) * 2^e` to `prec` significant bits for a format
 * with normal exponents in [emin, emax]; `adjust` is the exponent wrap of
 * unmasked over/underflow. Leaves the result in env.q/env.lsb/env.inf (q = 0:
 * zero) and raises PE/UE/OE and the C1 round-up indication.
 */
export function roundCore(
  env: FpEnv,
  sign: number,
  m: bigint,
  e: number,
  sticky: boolean,
  prec: number,
  emin: number,
  emax: number,
  adjust: number,
): void {
  if (sticky) {
    // Append the sticky bit well below the rounding position.
    const k = Math.max(2, prec + 3 - bitLen(m));
    m = (m << BigInt(k)) | 1n;
    e -= k;
  }
  env.inf = false;
  env.up = false;
  const n = bitLen(m);
  const top = e + n - 1;
  let lsb = top - (prec - 1);
  let tiny = false;
  const ueMasked = (env.masks & UE) !== 0;
  if (!ueMasked && top + adjust < emin) {
    // Too tiny even for the exponent wrap (FSCALE): zero, whatever the rounding.
    env.flags |= UE | PE;
    env.q = 0n;
    return;
  }
  if (top < emin) {
    // Tininess is detected after rounding (to prec bits, unbounded exponent).
    tiny = top < emin - 1 || !carriesOut(env, sign, m, e, lsb);
    if (ueMasked) lsb = emin - (prec - 1);
  }
  let q: bigint;
  let inexact = false;
  let up = false;
  const sh = lsb - e;
  if (sh <= 0) q = m << BigInt(-sh);
  else {
    const bs = BigInt(sh);
    q = m >> bs;
    const rem = m - (q << bs);
    if (rem !== 0n) {
      inexact = true;
      up = roundsUp(env.rc, sign, rem, 1n << (bs - 1n), q);
    }
  }
  if (up) {
    q += 1n;
    if (q >> BigInt(prec) !== 0n) {
      q >>= 1n;
      lsb++;
    }
  }
  if (inexact) {
    env.flags |= PE;
    env.up = up;
  }
  if (tiny) {
    if (!ueMasked) {
      env.flags |= UE;
      lsb += adjust;
    } else if (inexact) env.flags |= UE;
  }
  if (q !== 0n && lsb + bitLen(q) - 1 > emax) {
    if (lsb - adjust + bitLen(q) - 1 > emax && (env.masks & OE) === 0) {
      // Too large even for the exponent wrap (FSCALE): infinity, whatever the rounding.
      env.flags |= OE | PE;
      env.inf = true;
      env.up = true;
    } else if ((env.masks & OE) !== 0) {
      env.flags |= OE | PE;
      const toInf = env.rc === RC_NEAR || (env.rc === RC_UP && sign === 0) ||
        (env.rc === RC_DOWN && sign === 1);
      env.inf = toInf;
      env.up = toInf;
      q = (1n << BigInt(prec)) - 1n;
      lsb = emax - (prec - 1);
    } else {
      env.flags |= OE;
      lsb -= adjust;
    }
  }
  env.q = q;
  env.lsb = lsb;
}

/** Whether rounding `rem` (below `half * 2`) away increases the magnitude. */
function roundsUp(rc: number, sign: number, rem: bigint, half: bigint, q: bigint): boolean {
  switch (rc) {
    case RC_NEAR:
      return rem > half || (rem === half && (q & 1n) === 1n);
    case RC_DOWN:
      return sign === 1;
    case RC_UP:
      return sign === 0;
    default:
      return false;
  }
}

/** Does rounding m*2^e at `lsb` carry into a new leading bit? */
function carriesOut(env: FpEnv, sign: number, m: bigint, e: number, lsb: number): boolean {
  const bs = BigInt(lsb - e);
  const q = m >> bs;
  const rem = m - (q << bs);
  if (rem === 0n || !roundsUp(env.rc, sign, rem, 1n << (bs - 1n), q)) return false;
  return bitLen(q + 1n) > bitLen(q);
}

/** Pack env's rounded result as an 80-bit value. */
function packExt(env: FpEnv, sign: number): Ext {
  if (env.inf) return inf(sign);
  const q = env.q;
  if (q === 0n) return zero(sign);
  const n = bitLen(q);
  const top = env.lsb + n - 1;
  if (top >= EXT_EMIN) return new Ext((sign << 15) | (top + BIAS), q << BigInt(64 - n));
  return new Ext(sign << 15, q << BigInt(env.lsb - (EXT_EMIN - 63)));
}

/** Round an exact value `sign * (m + sticky) * 2^e` to an 80-bit result with `prec` bits. */
export function roundExt(
  env: FpEnv,
  sign: number,
  m: bigint,
  e: number,
  sticky: boolean,
  prec: number,
): Ext {
  roundCore(env, sign, m, e, sticky, prec, EXT_EMIN, EXT_EMAX, EXT_ADJUST);
  return packExt(env, sign);
}

/** a + b (or a - b when `subtract`), rounded per env (precision control applies). */
export function add(env: FpEnv, a: Ext, b: Ext, subtract: boolean): Ext {
  const ca = classify(a), cb = classify(b);
  const n = nan2(env, a, ca, b, cb);
  if (n) return n;
  const sa = signOf(a), sb = signOf(b) ^ (subtract ? 1 : 0);
  if (ca === INF || cb === INF) {
    if (ca === INF && cb === INF) {
      if (sa !== sb) {
        env.flags |= IE;
        return INDEFINITE;
      }
      return inf(sa);
    }
    if (a.den || b.den) env.flags |= DE;
    return inf(ca === INF ? sa : sb);
  }
  if (a.den || b.den) env.flags |= DE;
  let ma = a.sig, ea = lsbExp(a), mb = b.sig, eb = lsbExp(b);
  if (ma === 0n && mb === 0n) return zero(sa === sb ? sa : env.rc === RC_DOWN ? 1 : 0);
  if (ma === 0n) return roundExt(env, sb, mb, eb, false, env.prec);
  if (mb === 0n) return roundExt(env, sa, ma, ea, false, env.prec);
  // An operand far below the other only matters as a same-signed sticky bit.
  if (ea - eb > 70) {
    mb = 1n;
    eb = ea - 70;
  } else if (eb - ea > 70) {
    ma = 1n;
    ea = eb - 70;
  }
  const e = Math.min(ea, eb);
  const sum = (sa ? -ma : ma) * (1n << BigInt(ea - e)) + (sb ? -mb : mb) * (1n << BigInt(eb - e));
  if (sum === 0n) return zero(env.rc === RC_DOWN ? 1 : 0);
  return sum < 0n
    ? roundExt(env, 1, -sum, e, false, env.prec)
    : roundExt(env, 0, sum, e, false, env.prec);
}

/** a * b, rounded per env. */
export function mul(env: FpEnv, a: Ext, b: Ext): Ext {
  const ca = classify(a), cb = classify(b);
  const n = nan2(env, a, ca, b, cb);
  if (n) return n;
  const sign = signOf(a) ^ signOf(b);
  if (ca === INF || cb === INF) {
    if (ca === ZERO || cb === ZERO) {
      env.flags |= IE;
      return INDEFINITE;
    }
    if (a.den || b.den) env.flags |= DE;
    return inf(sign);
  }
  if (a.den || b.den) env.flags |= DE;
  if (ca === ZERO || cb === ZERO) return zero(sign);
  return roundExt(env, sign, a.sig * b.sig, lsbExp(a) + lsbExp(b), false, env.prec);
}

/** a / b, rounded per env. */
export function div(env: FpEnv, a: Ext, b: Ext): Ext {
  const ca = classify(a), cb = classify(b);
  const n = nan2(env, a, ca, b, cb);
  if (n) return n;
  const sign = signOf(a) ^ signOf(b);
  if (ca === INF) {
    if (cb === INF) {
      env.flags |= IE;
      return INDEFINITE;
    }
    if (b.den) env.flags |= DE;
    return inf(sign);
  }
  if (cb === INF) {
    if (a.den) env.flags |= DE;
    return zero(sign);
  }
  if (cb === ZERO) {
    env.flags |= ca === ZERO ? IE : ZE;
    return ca === ZERO ? INDEFINITE : inf(sign);
  }
  if (a.den || b.den) env.flags |= DE;
  if (ca === ZERO) return zero(sign);
  const k = 140 + bitLen(b.sig) - bitLen(a.sig);
  const num = a.sig << BigInt(k);
  const q = num / b.sig;
  return roundExt(env, sign, q, lsbExp(a) - lsbExp(b) - k, q * b.sig !== num, env.prec);
}

/** Integer square root (floor). */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLen(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** Square root, rounded per env. */
export function sqrt(env: FpEnv, a: Ext): Ext {
  const ca = classify(a);
  const n = nan1(env, a, ca);
  if (n) return n;
  if (ca === ZERO) return a;
  if (signOf(a)) {
    env.flags |= IE;
    return INDEFINITE;
  }
  if (ca === INF) return a;
  if (a.den) env.flags |= DE;
  let m = a.sig, e = lsbExp(a);
  if ((e & 1) !== 0) {
    m <<= 1n;
    e--;
  }
  const k = Math.max(0, Math.ceil((140 - bitLen(m)) / 2));
  const s = m << BigInt(2 * k);
  const r = isqrt(s);
  return roundExt(env, 0, r, e / 2 - k, r * r !== s, env.prec);
}

/**
 * Round the finite value `sign * m * 2^e` to an integer per env.rc, setting PE
 * and env.up when inexact. Returns the magnitude.
 */
function roundToInteger(env: FpEnv, sign: number, m: bigint, e: number, truncate: boolean): bigint {
  env.up = false;
  if (e >= 0) return m << BigInt(e);
  const bs = BigInt(-e);
  const q = m >> bs;
  const rem = m - (q << bs);
  if (rem === 0n) return q;
  env.flags |= PE;
  if (!truncate && roundsUp(env.rc, sign, rem, 1n << (bs - 1n), q)) {
    env.up = true;
    return q + 1n;
  }
  return q;
}

/** FRNDINT: round to an integral value per RC (precision control does not apply). */
export function roundInt(env: FpEnv, a: Ext): Ext {
  const ca = classify(a);
  const n = nan1(env, a, ca);
  if (n) return n;
  if (ca === ZERO || ca === INF) return a;
  if (a.den) env.flags |= DE;
  const sign = signOf(a);
  const q = roundToInteger(env, sign, a.sig, lsbExp(a), false);
  if (q === 0n) return zero(sign);
  if (lsbExp(a) >= 0) return a;
  const nb = bitLen(q);
  return new Ext((sign << 15) | (nb - 1 + BIAS), q << BigInt(64 - nb));
}

/**
 * Convert to a signed integer of `bits` bits (FIST/FISTTP): rounds per RC or
 * truncates. Returns null (after raising IE) when the value does not fit or is
 * not finite: the caller stores the integer indefinite.
 */
export function toInt(env: FpEnv, a: Ext, bits: number, truncate: boolean): bigint | null {
  const ca = classify(a);
  if (ca === ZERO) return 0n;
  if (ca !== NORMAL && ca !== DENORMAL) {
    env.flags |= IE;
    return null;
  }
  const sign = signOf(a);
  const e = lsbExp(a);
  if (e > bits) {
    env.flags |= IE;
    return null;
  }
  const q = roundToInteger(env, sign, a.sig, e, truncate);
  const limit = 1n << BigInt(bits - 1);
  if (sign ? q > limit : q >= limit) {
    env.flags = (env.flags & ~PE) | IE;
    env.up = false;
    return null;
  }
  return sign ? -q : q;
}

/** Exact conversion of a signed integer to 80 bits. */
export function fromInt(v: bigint): Ext {
  if (v === 0n) return POS_ZERO;
  const sign = v < 0n ? 1 : 0;
  const m = sign ? -v : v;
  const n = bitLen(m);
  return new Ext((sign << 15) | (n - 1 + BIAS), m << BigInt(64 - n));
}

/** Widen an IEEE binary32/binary64 encoding (SNaNs stay signaling; denormals are normalized with `den`). */
export function fromIeee(bits: bigint, fracBits: number, expBits: number): Ext {
  const fmask = (1n << BigInt(fracBits)) - 1n;
  const emask = (1 << expBits) - 1;
  const bias = emask >> 1;
  const sign = Number(bits >> BigInt(fracBits + expBits)) & 1;
  const e = Number(bits >> BigInt(fracBits)) & emask;
  const f = bits & fmask;
  const up = BigInt(63 - fracBits);
  if (e === emask) return new Ext((sign << 15) | 0x7fff, J | (f << up));
  if (e !== 0) return new Ext((sign << 15) | (e - bias + BIAS), J | (f << up));
  if (f === 0n) return zero(sign);
  const n = bitLen(f);
  // value = f * 2^(1 - bias - fracBits)
  return new Ext((sign << 15) | (1 - bias - fracBits + n - 1 + BIAS), f << BigInt(64 - n), true);
}

/**
 * Narrow to an IEEE binary32/binary64 encoding for FST: rounds per RC,
 * raises IE (SNaN, unsupported), OE, UE, PE; NaN payloads are truncated.
 */
export function toIeee(env: FpEnv, a: Ext, fracBits: number, expBits: number): bigint {
  const ca = classify(a);
  const sign = BigInt(signOf(a));
  const emask = (1 << expBits) - 1;
  const bias = emask >> 1;
  const signBit = sign << BigInt(fracBits + expBits);
  const expField = (e: number) => BigInt(e) << BigInt(fracBits);
  const down = BigInt(63 - fracBits);
  switch (ca) {
    case ZERO:
      return signBit;
    case INF:
      return signBit | expField(emask);
    case UNSUPPORTED:
      env.flags |= IE;
      return (1n << BigInt(fracBits + expBits + 1)) - (1n << BigInt(fracBits - 1));
    case SNAN:
    case QNAN:
      if (ca === SNAN) env.flags |= IE;
      return signBit | expField(emask) | (((a.sig | QUIET) & FRAC) >> down);
  }
  const prec = fracBits + 1;
  const emin = 1 - bias;
  roundCore(env, Number(sign), a.sig, lsbExp(a), false, prec, emin, bias, 3 << (expBits - 2));
  if (env.inf) return signBit | expField(emask);
  const q = env.q;
  if (q === 0n) return signBit;
  const top = env.lsb + bitLen(q) - 1;
  if (top >= emin) return signBit | expField(top + bias) | (q & ((1n << BigInt(fracBits)) - 1n));
  return signBit | (q << BigInt(env.lsb - (emin - fracBits)));
}

/**
 * Compare two values: -1 (a < b), 0, 1, or 2 (unordered). Raises IE for
 * SNaN/unsupported operands, and for QNaNs unless `quietNaN` (FUCOM*), and DE.
 */
export function compare(env: FpEnv, a: Ext, b: Ext, quietNaN: boolean): number {
  const ca = classify(a), cb = classify(b);
  if (ca === UNSUPPORTED || cb === UNSUPPORTED || ca === SNAN || cb === SNAN) {
    env.flags |= IE;
    return 2;
  }
  if (ca === QNAN || cb === QNAN) {
    if (!quietNaN) env.flags |= IE;
    return 2;
  }
  if (a.den || b.den) env.flags |= DE;
  const va = signedMagnitudeKey(a, ca), vb = signedMagnitudeKey(b, cb);
  return va < vb ? -1 : va > vb ? 1 : 0;
}

/**
 * A BigInt that orders finite and infinite values like their numeric values:
 * sign applied to (normalized exponent, significand).
 */
function signedMagnitudeKey(x: Ext, c: number): bigint {
  if (c === ZERO) return 0n;
  let mag: bigint;
  if (c === INF) mag = 1n << 90n;
  else {
    const n = bitLen(x.sig);
    const top = lsbExp(x) + n - 1; // in [-16445, 16383]
    mag = (BigInt(top + 20000) << 64n) | (x.sig << BigInt(64 - n));
  }
  return x.se & 0x8000 ? -mag : mag;
}

/** FSCALE: a * 2^trunc(b), full 64-bit precision. */
export function scale(env: FpEnv, a: Ext, b: Ext): Ext {
  const ca = classify(a), cb = classify(b);
  const n = nan2(env, a, ca, b, cb);
  if (n) return n;
  const sa = signOf(a);
  if (cb === INF) {
    if ((signOf(b) === 1 && ca === INF) || (signOf(b) === 0 && ca === ZERO)) {
      env.flags |= IE;
      return INDEFINITE;
    }
    if (a.den) env.flags |= DE;
    return signOf(b) ? zero(sa) : ca === ZERO ? a : inf(sa);
  }
  if (a.den || b.den) env.flags |= DE;
  if (ca === INF || ca === ZERO) return a;
  // Beyond +-2^17 every finite operand over- or underflows alike.
  const eb = lsbExp(b);
  let k: number;
  if (cb === ZERO) k = 0;
  else if (eb + bitLen(b.sig) > 18) k = 1 << 18;
  else k = Number(eb >= 0 ? b.sig << BigInt(eb) : b.sig >> BigInt(-eb));
  if (signOf(b)) k = -k;
  return roundExt(env, sa, a.sig, lsbExp(a) + k, false, 64);
}

/** FXTRACT: [exponent, significand] of a (raising ZE for zero). */
export function extract(env: FpEnv, a: Ext): [Ext, Ext] {
  const ca = classify(a);
  const n = nan1(env, a, ca);
  if (n) return [n, n];
  if (ca === ZERO) {
    env.flags |= ZE;
    return [inf(1), a];
  }
  if (ca === INF) return [inf(0), a];
  if (a.den) env.flags |= DE;
  const nb = bitLen(a.sig);
  const top = lsbExp(a) + nb - 1;
  return [fromInt(BigInt(top)), new Ext((a.se & 0x8000) | BIAS, a.sig << BigInt(64 - nb))];
}

/** Outcome of FPREM/FPREM1. */
export interface Remainder {
  /** The (partial) remainder. */
  value: Ext;
  /** Low three quotient bits (complete reduction only). */
  q: number;
  /** Reduction incomplete (C2). */
  partial: boolean;
}

/**
 * FPREM (`ieee` false: truncated quotient) and FPREM1 (`ieee`: nearest-even
 * quotient). When the exponent difference D is 64 or more, performs one
 * partial step reducing it by (D & 31) | 32, as the hardware does.
 */
export function remainder(env: FpEnv, a: Ext, b: Ext, ieee: boolean): Remainder {
  const ca = classify(a), cb = classify(b);
  const n = nan2(env, a, ca, b, cb);
  if (n) return { value: n, q: 0, partial: false };
  if (ca === INF || cb === ZERO) {
    env.flags |= IE;
    return { value: INDEFINITE, q: 0, partial: false };
  }
  if (a.den || b.den) env.flags |= DE;
  if (ca === ZERO) return { value: a, q: 0, partial: false };
  if (cb === INF) return { value: repack(env, a), q: 0, partial: false };
  const sa = signOf(a);
  const na = bitLen(a.sig), nb = bitLen(b.sig);
  const ma = a.sig << BigInt(64 - na), mb = b.sig << BigInt(64 - nb);
  const ea = lsbExp(a) - (64 - na), eb = lsbExp(b) - (64 - nb);
  const d = ea - eb;
  if (d >= 64) {
    const k = (d & 31) | 32;
    const num = ma << BigInt(k);
    const r = num % mb;
    return { value: roundExt(env, sa, r, ea - k, false, 64), q: 0, partial: true };
  }
  if (d < -1 || (d === -1 && !ieee)) return { value: repack(env, a), q: 0, partial: false };
  const e = Math.min(ea, eb);
  const ai = ma << BigInt(ea - e), bi = mb << BigInt(eb - e);
  let q = ai / bi;
  let r = ai - q * bi;
  let sign = sa;
  if (ieee && (2n * r > bi || (2n * r === bi && (q & 1n) === 1n))) {
    q += 1n;
    r = bi - r;
    sign ^= 1;
  }
  const value = r === 0n ? zero(sa) : roundExt(env, sign, r, e, false, 64);
  return { value, q: Number(q & 7n), partial: false };
}

/**
 * A finite nonzero operand passed through as the result: pseudo-denormals are
 * normalized, and a denormal is wrapped when UE is unmasked.
 */
function repack(env: FpEnv, a: Ext): Ext {
  return roundExt(env, signOf(a), a.sig, lsbExp(a), false, 64);
}

/** Decode 18-digit packed BCD (FBLD). Invalid digits are taken at face value. */
export function fromBcd(lo: bigint, hi: number): Ext {
  let v = 0n;
  for (let i = 8; i >= 0; i--) {
    const byte = i === 8 ? hi & 0xff : Number((lo >> BigInt(8 * i)) & 0xffn);
    v = v * 100n + BigInt((byte >> 4) * 10 + (byte & 15));
  }
  const x = fromInt(v);
  return hi & 0x8000 ? new Ext(x.se | 0x8000, x.sig) : x;
}

/**
 * Encode as 18-digit packed BCD (FBSTP) after rounding per RC: returns
 * [low 64 bits, high 16 bits], or the BCD indefinite on IE.
 */
export function toBcd(env: FpEnv, a: Ext): [bigint, number] {
  const ca = classify(a);
  let v: bigint | null = null;
  if (ca === ZERO) v = 0n;
  else if (ca === NORMAL || ca === DENORMAL) {
    const e = lsbExp(a);
    if (e < 64) {
      v = roundToInteger(env, signOf(a), a.sig, e, false);
      if (v > 999999999999999999n) v = null;
    }
  }
  if (v === null) {
    env.flags = (env.flags & ~PE) | IE;
    env.up = false;
    return [0xc000000000000000n, 0xffff];
  }
  let lo = 0n;
  let hi = 0;
  for (let i = 0; i < 9; i++) {
    const byte = BigInt(Number(v % 10n) | (Number((v / 10n) % 10n) << 4));
    v /= 100n;
    if (i < 8) lo |= byte << BigInt(8 * i);
    else hi = Number(byte);
  }
  return [lo, hi | (a.se & 0x8000)];
}
