/**
 * timerfd state on the virtual clock. All the clocks a timerfd can use
 * (realtime, monotonic, boottime and their alarm variants) advance
 * together here, so expiries are kept as virtual nanoseconds since boot.
 * @module
 */

/** A timer: next expiry (-1 when disarmed), period, and expirations not yet read. */
export class TimerFd {
  expiry = -1;
  interval = 0;
  ticks = 0;
  constructor(readonly clock: number) {}

  /** Count the expirations that happened by virtual time `now`. */
  update(now: number): void {
    if (this.expiry < 0 || now < this.expiry) return;
    if (this.interval > 0) {
      const n = 1 + Math.floor((now - this.expiry) / this.interval);
      this.ticks += n;
      this.expiry += n * this.interval;
    } else {
      this.ticks += 1;
      this.expiry = -1;
    }
  }

  /** Arm (expiry >= 0) or disarm (-1); pending expirations are dropped. */
  set(expiry: number, interval: number): void {
    this.expiry = expiry;
    this.interval = expiry < 0 ? 0 : interval;
    this.ticks = 0;
  }
}
