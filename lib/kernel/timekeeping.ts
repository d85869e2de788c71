/**
 * Settable time-keeping state, as plain data: the offset clock_settime,
 * settimeofday and adjtimex(ADJ_SETOFFSET) give CLOCK_REALTIME over the
 * virtual boot clock, the timezone settimeofday records, and the NTP
 * variables adjtimex reads and writes (Linux kernel/time/ntp.c). Setting the
 * time only moves this offset, so runs stay deterministic.
 * @module
 */

/** adjtimex status bits (include/uapi/linux/timex.h). */
export const STA_PLL = 0x1, STA_UNSYNC = 0x40, STA_NANO = 0x2000;

/** Linux's NTP_PHASE_LIMIT: the largest maxerror/esterror (us), reached on a host without NTP. */
export const NTP_PHASE_LIMIT = 16_000_000;

/** The NTP state adjtimex exposes (only what it reports; no PLL runs). */
export interface NtpState {
  /** STA_* bits. */
  status: number;
  /** Frequency offset in scaled ppm (ppm << 16). */
  freq: number;
  maxerror: number;
  esterror: number;
  constant: number;
  /** Microseconds per tick (10000 at USER_HZ 100). */
  tick: number;
  tai: number;
  /** Phase offset in ns (ADJ_OFFSET under STA_PLL). */
  offsetNs: number;
  /** adjtime()'s pending adjustment in us (ADJ_OFFSET_SINGLESHOT). */
  adjust: number;
}

/** The machine's settable clock state. */
export interface Timekeeping {
  /** CLOCK_REALTIME minus (boot epoch + virtual time since boot), in ns. */
  wallOffsetNs: number;
  /** settimeofday's struct timezone, which gettimeofday reports. */
  tzMinutesWest: number;
  tzDsttime: number;
  ntp: NtpState;
}

/** The state at boot: wall clock at the boot epoch, UTC, an unsynchronized NTP clock. */
export function newTimekeeping(): Timekeeping {
  return {
    wallOffsetNs: 0,
    tzMinutesWest: 0,
    tzDsttime: 0,
    ntp: {
      status: STA_UNSYNC,
      freq: 0,
      maxerror: NTP_PHASE_LIMIT,
      esterror: NTP_PHASE_LIMIT,
      constant: 2,
      tick: 10000,
      tai: 0,
      offsetNs: 0,
      adjust: 0,
    },
  };
}
