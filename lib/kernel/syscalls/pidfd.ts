/**
 * pidfd_open, pidfd_send_signal and pidfd_getfd: descriptors naming a
 * process (lib/kernel/fs/pidfd.ts), which poll readable when it ends;
 * clone's CLONE_PIDFD and waitid's P_PIDFD use them too.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import { type Process, ProcState } from "../process.ts";
import { O_NONBLOCK, O_RDWR, OpenFile } from "../fd_table.ts";
import { attachPidfd } from "../fs/pidfd.ts";
import { limitedInfo, sendSignal, sendThreadSignal, SI_TKILL, userInfo } from "../signals.ts";
import { mayKill, userSiginfo } from "./signal.ts";
import { arg, argInt } from "./uaccess.ts";
import { installFd } from "./common.ts";
import { EBADF, EINVAL, EPERM, ESRCH, fail } from "../errno.ts";

/**
 * pidfd_send_signal flags: whom the signal goes to, the process's leader
 * thread or its process group (PIDFD_SIGNAL_THREAD_GROUP, 2, is the default:
 * the process).
 */
const PIDFD_SIGNAL_THREAD = 1, PIDFD_SIGNAL_PROCESS_GROUP = 4;

/** A new pidfd (close-on-exec, as Linux makes them) for process `q` in `p`'s table. */
export function openPidfd(k: Kernel, p: Process, q: Process, nonblock: boolean): number {
  const n = k.vfs.newInode(k.vfs.anonFs, 0o600, p.cred.fsuid, p.cred.fsgid);
  attachPidfd(n, q);
  const f = new OpenFile(n, O_RDWR | (nonblock ? O_NONBLOCK : 0), "anon_inode:[pidfd]");
  return installFd(p, f, true);
}

/** The process pidfd `fd` names; EBADF if `fd` is not a pidfd. */
export function pidfdTarget(p: Process, fd: number): Process {
  return (p.fds.get(fd)?.file.inode.pidfd ?? fail(EBADF)).proc;
}

/** pidfd_open(pid, flags) */
export function sysPidfdOpen(k: Kernel, p: Process): number {
  const pid = argInt(p.cpu, 0), flags = argInt(p.cpu, 1);
  if ((flags & ~O_NONBLOCK) !== 0 || pid <= 0) fail(EINVAL);
  const q = k.vfs.procs.get(pid);
  if (q === undefined) fail(k.threads.has(pid) ? EINVAL : ESRCH); // a thread is not a process
  return openPidfd(k, p, q, flags !== 0);
}

/** pidfd_send_signal(pidfd, sig, info, flags) */
export function sysPidfdSendSignal(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const sig = argInt(cpu, 1), infoAddr = arg(cpu, 2), flags = argInt(cpu, 3);
  const scope = flags & 7;
  if ((flags & ~7) !== 0 || (scope & (scope - 1)) !== 0) fail(EINVAL);
  const q = pidfdTarget(p, argInt(cpu, 0));
  let info = null;
  if (infoAddr !== 0) {
    if (p.mem.read32(infoAddr) !== sig) fail(EINVAL);
    // Only to oneself may a caller send a siginfo claiming kill()'s or tgkill()'s origin.
    const self = q === p && scope !== PIDFD_SIGNAL_PROCESS_GROUP ? p.pid : -1;
    info = userSiginfo(p, infoAddr, sig, q.pid, self);
  }
  if (q.state === ProcState.Reaped) fail(ESRCH);
  if (sig < 0 || sig > 64) fail(EINVAL);
  const targets = scope === PIDFD_SIGNAL_PROCESS_GROUP
    ? [...k.vfs.procs.values()].filter((x) => x.pgid === q.pgid && x.state === ProcState.Alive)
    : [q];
  if (!targets.some((x) => mayKill(p, x, sig))) fail(EPERM);
  if (sig === 0) return 0;
  for (const x of targets) {
    if (x.state !== ProcState.Alive || !mayKill(p, x, sig)) continue;
    const procs = k.vfs.procs.values();
    if (scope === PIDFD_SIGNAL_THREAD) {
      const t = x.threads[0];
      sendThreadSignal(t, sig, limitedInfo(procs, t, sig, info ?? userInfo(p, sig, SI_TKILL)));
    } else sendSignal(x, sig, limitedInfo(procs, x.thread, sig, info ?? userInfo(p, sig)));
  }
  return 0;
}

/**
 * May `p` inspect or change `q` (ptrace_may_access with PTRACE_MODE_*_REALCREDS):
 * take its descriptors, read its memory, move its pages?
 */
export function mayAttach(p: Process, q: Process): boolean {
  const c = p.cred, d = q.cred;
  if (c.capEffective) return true;
  const ids = [d.uid, d.euid, d.suid].every((u) => u === c.uid) &&
    [d.gid, d.egid, d.sgid].every((g) => g === c.gid);
  return ids && q.dumpable === 1;
}

/** pidfd_getfd(pidfd, targetfd, flags): a duplicate of another process's descriptor. */
export function sysPidfdGetfd(_k: Kernel, p: Process): number {
  if (argInt(p.cpu, 2) !== 0) fail(EINVAL);
  const q = pidfdTarget(p, argInt(p.cpu, 0));
  if (q.state === ProcState.Reaped) fail(ESRCH);
  if (!mayAttach(p, q)) fail(EPERM);
  if (q.state === ProcState.Zombie) fail(EBADF); // its descriptors are closed
  const f = q.fds.get(argInt(p.cpu, 1))?.file ?? fail(EBADF);
  return installFd(p, f, true);
}
