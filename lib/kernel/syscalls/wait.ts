/**
 * Waiting for children: wait4 and waitid. A child that has ended is a
 * zombie until one of these reports it (and reaps it, unless WNOWAIT).
 * A caller with children but nothing to report blocks until a child
 * changes state, or returns at once with WNOHANG.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import { type Process, ProcState } from "../process.ts";
import { block } from "../thread.ts";
import { reap } from "../lifecycle.ts";
import { nanosAt } from "../../exec/virtual_clock.ts";
import { arg, argInt, Struct } from "./uaccess.ts";
import { O_NONBLOCK } from "../fd_table.ts";
import { pidfdTarget } from "./pidfd.ts";
import { EAGAIN, ECHILD, EINVAL, ESRCH, fail } from "../errno.ts";

/** wait options. */
const WNOHANG = 1,
  WUNTRACED = 2,
  WSTOPPED = 2,
  WEXITED = 4,
  WCONTINUED = 8,
  WNOWAIT = 0x01000000,
  __WNOTHREAD = 0x20000000,
  __WALL = 0x40000000,
  __WCLONE = 0x80000000;
const P_ALL = 0, P_PID = 1, P_PGID = 2, P_PIDFD = 3;
const SIGCHLD = 17;
/** si_code of SIGCHLD (no core is ever dumped, so never CLD_DUMPED). */
const CLD_EXITED = 1, CLD_KILLED = 2, CLD_STOPPED = 5, CLD_CONTINUED = 6;
const SIGCONT = 18;

/** Which children a wait is about. */
interface Selector {
  /** P_ALL, P_PID (id = pid) or P_PGID (id = pgid). */
  which: number;
  id: number;
  options: number;
}

/** Is child `c` one the wait selects (by id and by the clone-child rules of __WCLONE/__WALL)? */
function selects(c: Process, s: Selector): boolean {
  if (s.which === P_PID && c.pid !== s.id) return false;
  if (s.which === P_PGID && c.pgid !== s.id) return false;
  if ((s.options & __WALL) !== 0) return true;
  // A "clone" child is one that does not signal its parent with SIGCHLD.
  return ((s.options & __WCLONE) !== 0) === (c.exitSignal !== SIGCHLD);
}

/** What a wait reports about a child: it ended, stopped or continued. */
const enum Change {
  Exited,
  Stopped,
  Continued,
}

/** A child with something to report. */
interface Report {
  child: Process;
  change: Change;
}

/** The wait status word (what WIFEXITED/WIFSTOPPED/WIFCONTINUED and friends decode). */
function waitStatus(r: Report): number {
  const c = r.child;
  if (r.change === Change.Stopped) return (c.stopReport << 8) | 0x7f;
  if (r.change === Change.Continued) return 0xffff;
  return c.termSignal !== null ? c.termSignal : (c.exitCode! & 0xff) << 8;
}

/** waitid's si_code and si_status for a report. */
function siginfoOf(r: Report): [number, number] {
  const c = r.child;
  if (r.change === Change.Stopped) return [CLD_STOPPED, c.stopReport];
  if (r.change === Change.Continued) return [CLD_CONTINUED, SIGCONT];
  return c.termSignal === null ? [CLD_EXITED, c.exitCode!] : [CLD_KILLED, c.termSignal];
}

/**
 * Find a child with a change the wait `s` asks about (an exit first, then a
 * stop, then a continue, as Linux checks each child): the report, or null
 * if there are children but none to report; ECHILD if there are none.
 */
function findChange(k: Kernel, p: Process, s: Selector): Report | null {
  let any = false;
  for (const c of k.vfs.procs.values()) {
    if (c.ppid !== p.pid || c === p || !selects(c, s)) continue;
    any = true;
    if (c.state === ProcState.Zombie) {
      if ((s.options & WEXITED) !== 0) return { child: c, change: Change.Exited };
    } else if (c.stopReport !== 0 && (s.options & WSTOPPED) !== 0) {
      return { child: c, change: Change.Stopped };
    } else if (c.contReport && (s.options & WCONTINUED) !== 0) {
      return { child: c, change: Change.Continued };
    }
  }
  if (!any) fail(ECHILD);
  return null;
}

/** Wait for a change per `s`: the report, or null under WNOHANG; otherwise blocks. */
function waitChild(k: Kernel, p: Process, s: Selector): Report | null {
  const r = findChange(k, p, s);
  if (r !== null || (s.options & WNOHANG) !== 0) return r;
  return block(p.thread, { kind: "child", events: p.childEvents });
}

/** The report has been given: reap the zombie, or clear the stop or continue reported. */
function consume(k: Kernel, r: Report): void {
  if (r.change === Change.Exited) reap(k, r.child);
  else if (r.change === Change.Stopped) r.child.stopReport = 0;
  else r.child.contReport = false;
}

/** struct rusage of a reaped child: its CPU time (all user time here) and page count. */
function rusage(c: Process): Uint8Array {
  const us = Math.floor(nanosAt(c.insns() + c.childInsns) / 1000);
  const s = new Struct(144);
  s.u64(0, Math.floor(us / 1e6)).u64(8, us % 1e6);
  s.u64(32, (c.mem.pages.size * 4096) / 1024);
  return s.bytes;
}

/** wait4(pid, wstatus, options, rusage) */
export function sysWait4(k: Kernel, p: Process): number {
  const pid = argInt(p.cpu, 0), options = argInt(p.cpu, 2) >>> 0;
  if ((options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)) !== 0) {
    fail(EINVAL);
  }
  if (pid === -2147483648) fail(ESRCH);
  const sel: Selector = pid > 0
    ? { which: P_PID, id: pid, options }
    : pid === -1
    ? { which: P_ALL, id: 0, options }
    : { which: P_PGID, id: pid === 0 ? p.pgid : -pid, options };
  sel.options |= WEXITED;
  const r = waitChild(k, p, sel);
  if (r === null) return 0;
  const status = arg(p.cpu, 1), ru = arg(p.cpu, 3);
  if (status !== 0) p.mem.write32(status, waitStatus(r));
  if (ru !== 0) p.mem.writeBytes(ru, rusage(r.child));
  consume(k, r);
  return r.child.pid;
}

/** waitid(idtype, id, infop, options, rusage) */
export function sysWaitid(k: Kernel, p: Process): number {
  const which = argInt(p.cpu, 0), id = argInt(p.cpu, 1), options = argInt(p.cpu, 3) >>> 0;
  const known = WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD | __WCLONE |
    __WALL;
  if ((options & ~known) !== 0 || (options & (WEXITED | WSTOPPED | WCONTINUED)) === 0) fail(EINVAL);
  if (which === P_PID) {
    if (id <= 0) fail(EINVAL);
  } else if (which === P_PGID) {
    if (id < 0) fail(EINVAL);
  } else if (which !== P_ALL && which !== P_PIDFD) fail(EINVAL);
  let sel: Selector = { which, id: which === P_PGID && id === 0 ? p.pgid : id, options };
  let nonblock = false;
  if (which === P_PIDFD) {
    // The child the pidfd names; a non-blocking pidfd makes the wait WNOHANG (EAGAIN if
    // there is nothing to report).
    if (id < 0) fail(EINVAL);
    const target = pidfdTarget(p, id);
    nonblock = (p.fds.get(id)!.file.flags & O_NONBLOCK) !== 0;
    sel = { which: P_PID, id: target.pid, options: options | (nonblock ? WNOHANG : 0) };
  }
  const r = waitChild(k, p, sel);
  const infop = arg(p.cpu, 2), ru = arg(p.cpu, 4);
  if (infop !== 0) {
    // si_signo, si_errno, si_code, si_pid, si_uid, si_status; with WNOHANG and nothing to
    // report, Linux stores zeros in them.
    let f = [0, 0, 0, 0, 0, 0];
    if (r !== null) {
      const [code, status] = siginfoOf(r);
      f = [SIGCHLD, 0, code, r.child.pid, r.child.cred.uid, status];
    }
    [0, 4, 8, 16, 20, 24].forEach((off, i) => p.mem.write32(infop + off, f[i]));
  }
  if (r === null) return nonblock ? -EAGAIN : 0;
  if (ru !== 0) p.mem.writeBytes(ru, rusage(r.child));
  if ((options & WNOWAIT) === 0) consume(k, r);
  return 0;
}
