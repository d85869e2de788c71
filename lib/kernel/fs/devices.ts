/**
 * Character devices of /dev: the memory devices (null, zero, full) and the
 * random devices, which draw from the machine's seeded generator.
 * @module
 */

import { makedev } from "./inode.ts";
import type { Rng } from "../rng.ts";
import { ENOSPC } from "../errno.ts";

/** Device numbers (major 1 = mem devices, as in Linux's drivers/char/mem.c). */
export const DEV_NULL = makedev(1, 3),
  DEV_ZERO = makedev(1, 5),
  DEV_FULL = makedev(1, 7),
  DEV_RANDOM = makedev(1, 8),
  DEV_URANDOM = makedev(1, 9);

/** Terminal devices: /dev/tty, /dev/ptmx, and the major number of /dev/pts/N (lib/kernel/fs/pty.ts). */
export const DEV_TTY = makedev(5, 0), DEV_PTMX = makedev(5, 2), PTS_MAJOR = 136;

/** The devices created in /dev, with their names. */
export const DEVICES: readonly [string, number][] = [
  ["null", DEV_NULL],
  ["zero", DEV_ZERO],
  ["full", DEV_FULL],
  ["random", DEV_RANDOM],
  ["urandom", DEV_URANDOM],
];

/** Is `rdev` a device this machine implements? */
export function knownDevice(rdev: number): boolean {
  return DEVICES.some(([, d]) => d === rdev);
}

/** Read up to `n` bytes from device `rdev`. */
export function deviceRead(rdev: number, n: number, rng: Rng): Uint8Array {
  if (rdev === DEV_NULL) return new Uint8Array(0);
  const out = new Uint8Array(n);
  if (rdev === DEV_RANDOM || rdev === DEV_URANDOM) rng.fill(out);
  return out;
}

/** Write `n` bytes to device `rdev`: the count consumed, or -errno. */
export function deviceWrite(rdev: number, n: number): number {
  return rdev === DEV_FULL ? -ENOSPC : n;
}
