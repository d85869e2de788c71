/**
 * signalfd state: the set of signals a descriptor reads. Which signals are
 * there to read depends on the thread reading (its own pending signals and
 * its process's), as in Linux; the descriptor only holds the mask.
 * @module
 */

import type { Process } from "../process.ts";
import type { SigInfo } from "../signals.ts";
import { isChildInfo, isFaultInfo, SI_TIMER, SI_TKILL } from "../signals.ts";

/** sizeof(struct signalfd_siginfo). */
export const SIGNALFD_SIGINFO_SIZE = 128;

/** The signals a signalfd accepts, as two 32-bit halves (bit n-1 for signal n). */
export class SignalFd {
  constructor(public maskLo: number, public maskHi: number) {}
}

/**
 * Signals arrived for process `p`: wake whoever polls or reads one of its
 * signalfds (Linux's signalfd_notify wakes the signal handlers' wait queue).
 */
export function notifySignalfds(p: Process): void {
  for (const e of p.fds.fds) if (e && e.file.inode.signalfd !== null) e.file.inode.pollGen++;
}

/** struct signalfd_siginfo for `i`, with the fields its siginfo layout carries (signalfd_copyinfo). */
export function signalfdSiginfo(i: SigInfo): Uint8Array {
  const b = new Uint8Array(SIGNALFD_SIGINFO_SIZE);
  const v = new DataView(b.buffer);
  v.setUint32(0, i.signo, true);
  v.setInt32(8, i.code, true);
  const ptr = (n: number) => {
    v.setBigUint64(48, BigInt.asUintN(64, BigInt(n)), true);
    v.setInt32(44, n % 4294967296 | 0, true); // ssi_int: the low half of the sigval
  };
  if (i.raw !== null) {
    v.setInt32(4, new DataView(i.raw.buffer, i.raw.byteOffset).getInt32(4, true), true);
  }
  if (i.code === SI_TIMER) {
    v.setUint32(24, i.timerid, true);
    v.setUint32(32, i.overrun, true);
    ptr(i.value);
  } else if (isFaultInfo(i)) {
    v.setBigUint64(72, BigInt(i.addr), true);
  } else {
    v.setUint32(12, i.pid, true);
    v.setUint32(16, i.uid, true);
    if (isChildInfo(i)) {
      v.setInt32(40, i.status, true);
      v.setBigUint64(56, BigInt(i.utime), true);
      v.setBigUint64(64, BigInt(i.stime), true);
    } else if (i.code < 0 && i.code !== SI_TKILL) ptr(i.value); // sigqueue-style: si_value
  }
  return b;
}
