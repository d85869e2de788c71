/**
 * adjtimex and clock_adjtime: the NTP interface of Linux's
 * kernel/time/ntp.c over the plain-data state of lib/kernel/timekeeping.ts.
 * Values are validated, stored and reported like Linux; ADJ_SETOFFSET moves
 * the wall clock. No PLL runs: a phase offset or adjtime() adjustment is
 * kept as set, not slewed away second by second.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { NTP_PHASE_LIMIT, type NtpState, STA_NANO, STA_PLL, STA_UNSYNC } from "../timekeeping.ts";
import { CLOCK_REALTIME, readClock, realtime } from "../time.ts";
import { cpuClockOf } from "./time.ts";
import { setWallClock, validSettod } from "./settime.ts";
import { arg, argInt } from "./uaccess.ts";
import { EINVAL, EOPNOTSUPP, EPERM, fail } from "../errno.ts";

/** sizeof(struct timex) on x86-64. */
const TIMEX_SIZE = 208;

const ADJ_OFFSET = 0x1,
  ADJ_FREQUENCY = 0x2,
  ADJ_MAXERROR = 0x4,
  ADJ_ESTERROR = 0x8,
  ADJ_STATUS = 0x10,
  ADJ_TIMECONST = 0x20,
  ADJ_TAI = 0x80,
  ADJ_SETOFFSET = 0x100,
  ADJ_MICRO = 0x1000,
  ADJ_NANO = 0x2000,
  ADJ_TICK = 0x4000,
  ADJ_OFFSET_SINGLESHOT = 0x8001,
  ADJ_OFFSET_READONLY = 0x2000,
  ADJ_ADJTIME = 0x8000;

const STA_PPSFREQ = 0x2,
  STA_PPSTIME = 0x4,
  STA_PPSSIGNAL = 0x100,
  STA_PPSJITTER = 0x200,
  STA_PPSWANDER = 0x400,
  STA_PPSERROR = 0x800,
  STA_CLOCKERR = 0x1000,
  /** Bits adjtimex never lets a caller set. */
  STA_RONLY = 0xff00;

const TIME_OK = 0, TIME_ERROR = 5;
/** Linux's MAXTC, MAXPHASE (ns), MAX_TAI_OFFSET and USER_HZ-based tick bounds. */
const MAXTC = 10, MAXPHASE = 500_000_000, MAX_TAI_OFFSET = 100_000;
/** time_freq is ns/s << 32; freq is ppm << 16: PPM_SCALE converts, MAXFREQ_SCALED bounds. */
const PPM_SCALE = 65_536_000n, MAXFREQ_SCALED = 500_000n << 32n;
const PPM_SCALE_INV_SHIFT = 19n, PPM_SCALE_INV = (1n << 51n) / PPM_SCALE + 1n;
const NTP_INTERVAL_FREQ = 250n;

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Linux's shift_right: an arithmetic shift rounding toward zero. */
function shiftRight(v: bigint, s: bigint): bigint {
  return v < 0n ? -((-v) >> s) : v >> s;
}

/** Linux's is_error_status: what makes adjtimex return TIME_ERROR. */
function isErrorStatus(s: number): boolean {
  return (s & (STA_UNSYNC | STA_CLOCKERR)) !== 0 ||
    ((s & (STA_PPSFREQ | STA_PPSTIME)) !== 0 && (s & STA_PPSSIGNAL) === 0) ||
    (s & (STA_PPSTIME | STA_PPSJITTER)) === (STA_PPSTIME | STA_PPSJITTER) ||
    ((s & STA_PPSFREQ) !== 0 && (s & (STA_PPSWANDER | STA_PPSERROR)) !== 0);
}

/** The phase offset as Linux reports it after scaling by NTP_INTERVAL_FREQ and back. */
function reportedOffset(ntp: NtpState): number {
  const scaled = (BigInt(ntp.offsetNs) << 32n) / NTP_INTERVAL_FREQ;
  const ns = Number(shiftRight(scaled * NTP_INTERVAL_FREQ, 32n));
  if ((ntp.status & STA_NANO) !== 0) return ns;
  return Math.floor((ns >>> 0) / 1000); // Linux divides as u32, so negative offsets wrap
}

/** Linux's process_adjtimex_modes for the fields this machine keeps. */
function applyModes(ntp: NtpState, modes: number, v: DataView): void {
  const l = (off: number) => Number(v.getBigInt64(off, true));
  if (modes & ADJ_STATUS) {
    const status = v.getInt32(40, true);
    if ((ntp.status & STA_PLL) !== 0 && (status & STA_PLL) === 0) ntp.status = STA_UNSYNC;
    ntp.status = (ntp.status & STA_RONLY) | (status & ~STA_RONLY);
  }
  if (modes & ADJ_NANO) ntp.status |= STA_NANO;
  if (modes & ADJ_MICRO) ntp.status &= ~STA_NANO;
  if (modes & ADJ_FREQUENCY) {
    let f = v.getBigInt64(16, true) * PPM_SCALE;
    f = f > MAXFREQ_SCALED ? MAXFREQ_SCALED : f < -MAXFREQ_SCALED ? -MAXFREQ_SCALED : f;
    ntp.freq = Number(shiftRight((f >> PPM_SCALE_INV_SHIFT) * PPM_SCALE_INV, 32n));
  }
  if (modes & ADJ_MAXERROR) ntp.maxerror = clamp(l(24), 0, NTP_PHASE_LIMIT);
  if (modes & ADJ_ESTERROR) ntp.esterror = clamp(l(32), 0, NTP_PHASE_LIMIT);
  if (modes & ADJ_TIMECONST) {
    let c = clamp(l(48), 0, MAXTC);
    if ((ntp.status & STA_NANO) === 0) c += 4;
    ntp.constant = clamp(c, 0, MAXTC);
  }
  if ((modes & ADJ_TAI) && l(48) >= 0 && l(48) <= MAX_TAI_OFFSET) ntp.tai = l(48);
  if ((modes & ADJ_OFFSET) && (ntp.status & STA_PLL) !== 0) {
    let off = l(8);
    if ((ntp.status & STA_NANO) === 0) off = clamp(off, -1e6, 1e6) * 1000;
    ntp.offsetNs = clamp(off, -MAXPHASE, MAXPHASE);
  }
  if (modes & ADJ_TICK) ntp.tick = l(88);
}

/** Linux's timekeeping_validate_timex. */
function validate(p: Process, modes: number, v: DataView): void {
  const root = p.cred.capEffective;
  if (modes & ADJ_ADJTIME) {
    if ((modes & ADJ_OFFSET_SINGLESHOT) === 0) fail(EINVAL);
    if ((modes & ADJ_OFFSET_READONLY) === 0 && !root) fail(EPERM);
  } else {
    if (modes !== 0 && !root) fail(EPERM);
    const tick = Number(v.getBigInt64(88, true));
    if ((modes & ADJ_TICK) && (tick < 9000 || tick > 11000)) fail(EINVAL);
  }
  if (modes & ADJ_SETOFFSET) {
    if (!root) fail(EPERM);
    const usec = Number(v.getBigInt64(80, true));
    if (usec < 0 || usec >= ((modes & ADJ_NANO) ? 1e9 : 1e6)) fail(EINVAL);
  }
  if (modes & ADJ_FREQUENCY) {
    const f = v.getBigInt64(16, true);
    const max = ((1n << 63n) - 1n) / PPM_SCALE;
    if (f > max || f < -max) fail(EINVAL);
  }
}

/** Linux's do_adjtimex on the struct timex bytes `b` (updated in place); returns the clock state. */
function doAdjtimex(k: Kernel, p: Process, b: Uint8Array): number {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const modes = v.getUint32(0, true);
  validate(p, modes, v);
  const ntp = k.clock.ntp;
  if (modes & ADJ_SETOFFSET) {
    const sec = Number(v.getBigInt64(72, true));
    const nsec = Number(v.getBigInt64(80, true)) * ((modes & ADJ_NANO) ? 1 : 1000);
    const now = realtime(k.elapsedNs() + k.clock.wallOffsetNs);
    const carry = now.nsec + nsec >= 1e9 ? 1 : 0;
    const newSec = now.sec + sec + carry, newNsec = now.nsec + nsec - carry * 1e9;
    if (!validSettod(newSec, newNsec)) fail(EINVAL);
    setWallClock(k, newSec, newNsec);
  }
  if (modes & ADJ_ADJTIME) {
    const saved = ntp.adjust;
    if ((modes & ADJ_OFFSET_READONLY) === 0) ntp.adjust = Number(v.getBigInt64(8, true));
    v.setBigInt64(8, BigInt(saved), true);
  } else {
    if (modes !== 0) applyModes(ntp, modes, v);
    v.setBigInt64(8, BigInt(reportedOffset(ntp)), true);
  }
  const put = (off: number, x: number) => v.setBigInt64(off, BigInt(x), true);
  put(16, ntp.freq);
  put(24, ntp.maxerror);
  put(32, ntp.esterror);
  v.setInt32(40, ntp.status, true);
  put(48, ntp.constant);
  put(56, 1); // precision
  put(64, Number(MAXFREQ_SCALED / PPM_SCALE)); // tolerance
  put(88, ntp.tick);
  for (let off = 96; off < 160; off += 8) put(off, 0); // no PPS source
  v.setInt32(112, 0, true);
  v.setInt32(160, ntp.tai, true);
  const now = readClock(CLOCK_REALTIME, k.elapsedNs(), 0, k.clock.wallOffsetNs)!;
  put(72, now.sec);
  put(80, (ntp.status & STA_NANO) ? now.nsec : Math.floor(now.nsec / 1000));
  return isErrorStatus(ntp.status) ? TIME_ERROR : TIME_OK;
}

/**
 * Copy struct timex in, adjust clock `id`, copy it out: CLOCK_REALTIME
 * adjusts, other valid clocks have no adjustment (EOPNOTSUPP), anything
 * else is EINVAL; the copy-in comes first, as in Linux.
 */
function adjtimexAt(k: Kernel, p: Process, id: number, addr: number): number {
  const b = p.mem.readBytes(addr, TIMEX_SIZE).slice();
  if (cpuClockOf(k, p, id) === null && (id < 0 || readClock(id, 0, 0) === null)) fail(EINVAL);
  if (id !== CLOCK_REALTIME) fail(EOPNOTSUPP);
  const r = doAdjtimex(k, p, b);
  p.mem.writeBytes(addr, b);
  return r;
}

/** adjtimex(buf): clock_adjtime on CLOCK_REALTIME. */
export function sysAdjtimex(k: Kernel, p: Process): number {
  return adjtimexAt(k, p, CLOCK_REALTIME, arg(p.cpu, 0));
}

/** clock_adjtime(clockid, buf) */
export function sysClockAdjtime(k: Kernel, p: Process): number {
  return adjtimexAt(k, p, argInt(p.cpu, 0), arg(p.cpu, 1));
}
