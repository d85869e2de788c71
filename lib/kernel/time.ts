/**
 * Virtual time. The guest's clocks are derived from retired instructions
 * (lib/exec/virtual_clock.ts: a 1 GHz clock, 1 instruction = 1 ns) plus the
 * time the guest asked to sleep (sleeping takes no host time and does not
 * advance the TSC or CPU time). The machine boots, and the process
 * starts, at 2026-01-01T00:00:00Z, so every clock is a pure function of the run.
 * @module
 */

/** CLOCK_REALTIME at boot: 2026-01-01T00:00:00Z in seconds since the Unix epoch. */
export const EPOCH_SEC = 1_767_225_600;
/** Kernel tick (CONFIG_HZ=250, as on Debian): granularity of the coarse clocks and jiffies. */
export const TICK_NS = 4_000_000;
/** Linux HZ and USER_HZ (the clock_t unit of times()). */
export const HZ = 250, USER_HZ = 100;
/** Linux's INITIAL_JIFFIES on 64-bit: jiffies start 300 s before wrapping 32 bits. */
const INITIAL_JIFFIES = 4294967296 - 300 * HZ;

/** Clock ids. */
export const CLOCK_REALTIME = 0,
  CLOCK_MONOTONIC = 1,
  CLOCK_PROCESS_CPUTIME_ID = 2,
  CLOCK_THREAD_CPUTIME_ID = 3,
  CLOCK_MONOTONIC_RAW = 4,
  CLOCK_REALTIME_COARSE = 5,
  CLOCK_MONOTONIC_COARSE = 6,
  CLOCK_BOOTTIME = 7,
  CLOCK_TAI = 11;

/** A time as whole seconds and nanoseconds (both non-negative). */
export interface Timespec {
  sec: number;
  nsec: number;
}

/** Split nanoseconds (plus whole seconds) into a Timespec. */
export function toTimespec(ns: number, baseSec = 0): Timespec {
  const sec = Math.floor(ns / 1e9);
  return { sec: baseSec + sec, nsec: ns - sec * 1e9 };
}

/** Wall-clock time `elapsedNs` after boot. */
export function realtime(elapsedNs: number): Timespec {
  return toTimespec(elapsedNs, EPOCH_SEC);
}

/**
 * Read clock `id` given the virtual time since boot, the CPU time used and
 * the offset settimeofday gave the wall clock.
 * Returns null for ids Linux rejects with EINVAL (the *_ALARM clocks need an
 * RTC this machine does not have, exactly like a host without one).
 */
export function readClock(
  id: number,
  elapsedNs: number,
  cpuNs: number,
  wallOffsetNs = 0,
): Timespec | null {
  switch (id) {
    case CLOCK_REALTIME:
    case CLOCK_TAI: // the TAI offset is 0 until NTP sets it
      return realtime(elapsedNs + wallOffsetNs);
    case CLOCK_REALTIME_COARSE:
      return realtime(elapsedNs - (elapsedNs % TICK_NS) + wallOffsetNs);
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_BOOTTIME:
      return toTimespec(elapsedNs);
    case CLOCK_MONOTONIC_COARSE:
      return toTimespec(elapsedNs - (elapsedNs % TICK_NS));
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
      return toTimespec(cpuNs);
    default:
      return null;
  }
}

/** Resolution in ns of clock `id`, or null if the id is invalid. */
export function clockResolution(id: number): number | null {
  if (id === CLOCK_REALTIME_COARSE || id === CLOCK_MONOTONIC_COARSE) return TICK_NS;
  return readClock(id, 0, 0) === null ? null : 1;
}

/** What times() returns `elapsedNs` after boot: jiffies in clock_t units, as Linux computes it. */
export function timesTicks(elapsedNs: number): number {
  const jiffies = INITIAL_JIFFIES + Math.floor(elapsedNs / TICK_NS);
  return Math.floor((jiffies * USER_HZ) / HZ);
}
