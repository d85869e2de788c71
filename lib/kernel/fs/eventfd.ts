/**
 * eventfd counters: a 64-bit count that writes add to and reads take
 * (all of it, or one in semaphore mode).
 * @module
 */

import { EAGAIN, EINVAL, fail } from "../errno.ts";

/** Largest count an eventfd holds (2^64 - 2). */
const MAX = 0xfffffffffffffffen;

/** The state behind an eventfd descriptor. */
export class EventFd {
  constructor(public count: bigint, readonly semaphore: boolean) {}

  /** read(): the 8-byte value taken, or EAGAIN while the count is 0. */
  take(len: number): bigint {
    if (len < 8) fail(EINVAL);
    if (this.count === 0n) fail(EAGAIN);
    const v = this.semaphore ? 1n : this.count;
    this.count -= v;
    return v;
  }

  /** write(): add `v`; EAGAIN if the sum would pass the maximum, EINVAL for 2^64 - 1. */
  add(len: number, v: bigint): void {
    if (len < 8 || v === 0xffffffffffffffffn) fail(EINVAL);
    if (!this.fits(v)) fail(EAGAIN);
    this.count += v;
  }

  /** Can `v` be added without passing the maximum (else a blocking write waits)? */
  fits(v: bigint): boolean {
    return this.count + v <= MAX;
  }

  /** Readable: the count is non-zero. */
  readable(): boolean {
    return this.count > 0n;
  }

  /** Writable: at least 1 can still be added. */
  writable(): boolean {
    return this.count < MAX;
  }
}
