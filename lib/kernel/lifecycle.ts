/**
 * How threads and processes end: a thread's exit (clear_child_tid), a
 * process's exit (every thread stops, descriptors close, children go to
 * init, the parent learns of it through SIGCHLD and wait), and reaping.
 * @module
 */

import { disassociate } from "./ctty.ts";
import { abandonFifoOpen } from "./fifo_wait.ts";
import type { Kernel } from "./kernel.ts";
import { type Process, ProcState } from "./process.ts";
import { type Thread, ThreadState } from "./thread.ts";
import { flushAll } from "./vma.ts";
import { dropTimers } from "./sigtimer.ts";
import { notifyPidfds } from "./fs/pidfd.ts";
import { detachAllShm } from "./ipc/shm.ts";
import { exitSem } from "./ipc/sem.ts";
import { childExitInfo, sendSignal, SIG_IGN } from "./signals.ts";
import { exitRobustList, FUTEX_BITSET_MATCH_ANY, futexDequeue, futexWake } from "./futex.ts";

/** SIGCHLD, and sigaction's SA_NOCLDWAIT. */
const SIGCHLD = 17, SA_NOCLDWAIT = 2;

/**
 * Take thread `t` off the CPU for good. Like Linux's mm_release: robust
 * mutexes it holds are marked owner-died, and if it asked for it
 * (CLONE_CHILD_CLEARTID, set_tid_address) the tid word is zeroed and one
 * futex waiter there woken (how pthread_join learns of the exit).
 */
export function exitThread(k: Kernel, t: Thread): void {
  if (t.state === ThreadState.Dead) return;
  const p = t.proc;
  exitRobustList(k, t);
  if (t.clearChildTid !== 0) {
    try {
      p.mem.write32(t.clearChildTid, 0);
      futexWake(k, p.mem, t.clearChildTid, 1, FUTEX_BITSET_MATCH_ANY);
    } catch { /* Linux ignores a bad clear_child_tid at exit */ }
  }
  if (t.wait !== null && (t.wait.kind === "futex" || t.wait.kind === "futexv")) {
    futexDequeue(k, t);
  }
  abandonFifoOpen(t);
  t.state = ThreadState.Dead;
  t.wait = null;
  p.deadInsns += t.insns;
  t.insns = 0;
  p.threads.splice(p.threads.indexOf(t), 1);
  k.threads.delete(t.tid);
  k.sched.remove(t);
}

/** Does a live process other than `p` use the same descriptor table (CLONE_FILES) or address space (CLONE_VM)? */
function othersShare(k: Kernel, p: Process, what: "fds" | "mem"): boolean {
  for (const q of k.vfs.procs.values()) {
    if (q !== p && q.state === ProcState.Alive && q[what] === p[what]) return true;
  }
  return false;
}

/**
 * End process `p`, whose exit status or fatal signal is already recorded:
 * its threads exit, shared file mappings are written back, System V shared
 * memory is detached and SEM_UNDO adjustments applied, descriptors close
 * (so pipe readers see EOF), children are handed to init, and the parent is
 * told (SIGCHLD, wait). What is left is a zombie until reaped.
 */
export function exitProcess(k: Kernel, p: Process): void {
  if (p.state !== ProcState.Alive) return;
  for (const t of [...p.threads]) exitThread(k, t);
  flushAll(k, p);
  dropTimers(k, p, false);
  p.state = ProcState.Zombie;
  notifyPidfds(p);
  p.vforkParent = 0;
  if (!othersShare(k, p, "fds")) p.fds.closeAll();
  if (!othersShare(k, p, "mem")) {
    detachAllShm(k, p);
    p.mem.release();
  }
  exitSem(k, p);
  // A session leader's pseudo-terminal hangs up its foreground group (the console stays).
  if (p.pid === p.sid && p.ctty !== null && p.ctty.pty) disassociate(k.vfs, p, true);
  for (const c of [...k.vfs.procs.values()]) {
    if (c.ppid !== p.pid || c === p) continue;
    c.ppid = 1;
    if (c.state === ProcState.Zombie) reap(k, c);
  }
  const parent = k.vfs.procs.get(p.ppid);
  if (parent === undefined || parent.state !== ProcState.Alive) {
    reap(k, p);
    return;
  }
  parent.childEvents++;
  const act = parent.sigactions[SIGCHLD];
  if (p.exitSignal === SIGCHLD && (act.handler === SIG_IGN || (act.flags & SA_NOCLDWAIT) !== 0)) {
    reap(k, p); // POSIX.1-2001: children of such a parent never become zombies
    return;
  }
  if (p.exitSignal !== 0) sendSignal(parent, p.exitSignal, childExitInfo(p, p.exitSignal));
}

/** Remove zombie `p` from the process table, adding its CPU time to its parent's children's time. */
export function reap(k: Kernel, p: Process): void {
  if (p.state === ProcState.Reaped) return;
  p.state = ProcState.Reaped;
  notifyPidfds(p);
  k.vfs.procs.delete(p.pid);
  const parent = k.vfs.procs.get(p.ppid);
  if (parent !== undefined) parent.childInsns += p.insns() + p.childInsns;
}
