/**
 * pidfds: descriptors that name a process. A pidfd polls readable once
 * its process has ended (and hung up once it has been reaped); the
 * process keeps the inodes of its pidfds so its end can wake their pollers.
 * @module
 */

import type { Inode } from "./inode.ts";
import { type Process, ProcState } from "../process.ts";
import { POLLHUP, POLLIN, POLLRDNORM } from "../ready.ts";

/** What a pidfd refers to. */
export class PidFd {
  constructor(readonly proc: Process) {}
}

/** Attach pidfd inode `n` to process `p`. */
export function attachPidfd(n: Inode, p: Process): void {
  n.pidfd = new PidFd(p);
  p.pidfds.push(n);
}

/** Process `p` ended or was reaped: its pidfds' pollers look again. */
export function notifyPidfds(p: Process): void {
  for (const n of p.pidfds) n.pollGen++;
}

/** poll events of a pidfd (pidfd_poll). */
export function pidfdReadiness(f: PidFd): number {
  const p = f.proc;
  if (p.state === ProcState.Reaped) return POLLIN | POLLRDNORM | POLLHUP;
  return p.state === ProcState.Zombie ? POLLIN | POLLRDNORM : 0;
}
