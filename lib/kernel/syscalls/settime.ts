/**
 * Setting the wall clock: clock_settime and settimeofday. Only
 * CLOCK_REALTIME can be set; the new time becomes an offset over the
 * virtual clock (lib/kernel/timekeeping.ts), so every later reading of the
 * wall clock, file timestamps and absolute wall-clock deadlines follow it.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { CLOCK_REALTIME, EPOCH_SEC } from "../time.ts";
import { arg, argInt, readI64 } from "./uaccess.ts";
import { EINVAL, EPERM, fail } from "../errno.ts";

/** Linux's TIME_SETTOD_SEC_MAX: KTIME_SEC_MAX less 30 years of uptime. */
const SETTOD_SEC_MAX = 9_223_372_036 - 946_080_000;

/**
 * Set CLOCK_REALTIME to sec.nsec the way do_sys_settimeofday64 checks it:
 * EINVAL for an invalid time, EPERM without CAP_SYS_TIME (checked by the
 * caller's order), EINVAL for a time before boot (it would make the wall
 * clock earlier than CLOCK_MONOTONIC).
 */
export function setWallClock(k: Kernel, sec: number, nsec: number): void {
  const elapsed = k.elapsedNs();
  if ((sec - EPOCH_SEC) * 1e9 + nsec < elapsed) fail(EINVAL);
  k.clock.wallOffsetNs = (sec - EPOCH_SEC) * 1e9 + nsec - elapsed;
}

/** Linux's timespec64_valid_settod. */
export function validSettod(sec: number, nsec: number): boolean {
  return sec >= 0 && sec < SETTOD_SEC_MAX && nsec >= 0 && nsec < 1e9;
}

/** clock_settime(clockid, tp): only CLOCK_REALTIME is settable. */
export function sysClockSettime(k: Kernel, p: Process): number {
  if (argInt(p.cpu, 0) !== CLOCK_REALTIME) fail(EINVAL);
  const tp = arg(p.cpu, 1);
  const sec = readI64(p.mem, tp), nsec = readI64(p.mem, tp + 8);
  if (!validSettod(sec, nsec)) fail(EINVAL);
  if (!p.cred.capEffective) fail(EPERM);
  setWallClock(k, sec, nsec);
  return 0;
}

/** settimeofday(tv, tz): the time, the recorded timezone (within +-15 hours), or neither. */
export function sysSettimeofday(k: Kernel, p: Process): number {
  const tv = arg(p.cpu, 0), tz = arg(p.cpu, 1);
  let sec = 0, nsec = 0, west = 0, dst = 0;
  if (tv !== 0) {
    sec = readI64(p.mem, tv);
    const usec = readI64(p.mem, tv + 8);
    if (usec > 1e6 || usec < 0) fail(EINVAL);
    nsec = usec * 1000;
  }
  if (tz !== 0) {
    west = p.mem.read32(tz) | 0;
    dst = p.mem.read32(tz + 4) | 0;
  }
  if (tv !== 0 && !validSettod(sec, nsec)) fail(EINVAL);
  if (!p.cred.capEffective) fail(EPERM);
  if (tz !== 0) {
    if (west > 15 * 60 || west < -15 * 60) fail(EINVAL);
    k.clock.tzMinutesWest = west;
    k.clock.tzDsttime = dst;
  }
  if (tv !== 0) setWallClock(k, sec, nsec);
  return 0;
}
