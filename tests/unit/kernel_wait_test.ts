/**
 * Process lifetimes: exit and exit_group with threads, zombies and wait4 /
 * waitid, SIGCHLD, orphans, process groups and sessions across processes.
 * Expected values are those of a native Linux 6.x run of the same calls.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import { type Process, ProcState } from "../../lib/kernel/process.ts";
import { ThreadState } from "../../lib/kernel/thread.ts";
import * as E from "../../lib/kernel/errno.ts";

const WNOHANG = 1, WEXITED = 4, WNOWAIT = 0x01000000, __WCLONE = 0x80000000, __WALL = 0x40000000;
const P_ALL = 0, P_PID = 1;
const SIGCHLD = 17, SIGTERM = 15;

/** Fork and return the child process. */
function fork(s: Sys, from: Process = s.p): Process {
  const pid = s.call(from.thread, "fork")!;
  return s.k.vfs.procs.get(pid)!;
}

Deno.test("wait4/waitid: statuses, WNOHANG, WNOWAIT, ECHILD, and reaping zombies", () => {
  const s = new Sys();
  const st = s.alloc(4);
  assert.equal(s.sys("wait4", -1, st, 0, 0), -E.ECHILD);
  const a = fork(s), b = fork(s);
  assert.equal(s.sys("wait4", -1, st, WNOHANG, 0), 0, "children, none ended");
  assert.equal(s.sys("wait4", 99, st, WNOHANG, 0), -E.ECHILD, "not a child");
  assert.equal(s.call(a.thread, "exit_group", 300), 0);
  assert.equal(a.state, ProcState.Zombie);
  assert.ok(s.k.vfs.procs.has(a.pid), "a zombie keeps its pid");
  assert.equal(s.sys("wait4", -1, st, 0, 0), a.pid);
  assert.equal(s.u32(st), 0x2c00, "exit(300): status 44 << 8");
  assert.equal(a.state, ProcState.Reaped);
  assert.ok(!s.k.vfs.procs.has(a.pid));
  // waitid: WNOHANG with nothing to report zeroes the fields Linux sets, nothing else.
  const si = s.alloc(128);
  s.mem.writeBytes(si, new Uint8Array(32).fill(0x55));
  assert.equal(s.sys("waitid", P_ALL, 0, si, WEXITED | WNOHANG, 0), 0);
  assert.deepEqual([0, 4, 8, 12, 16, 20, 24, 28].map((o) => s.u32(si + o)), [
    0,
    0,
    0,
    0x55555555,
    0,
    0,
    0,
    0x55555555,
  ]);
  // Killed by a signal: status is the signal; waitid reports CLD_KILLED and WNOWAIT keeps it.
  b.termSignal = SIGTERM;
  s.k.sweep();
  assert.equal(s.sys("waitid", P_PID, b.pid, si, WEXITED | WNOWAIT, 0), 0);
  assert.deepEqual([s.u32(si), s.u32(si + 8), s.u32(si + 16), s.u32(si + 24)], [
    SIGCHLD,
    2,
    b.pid,
    SIGTERM,
  ]);
  assert.equal(b.state, ProcState.Zombie, "WNOWAIT leaves the zombie");
  assert.equal(s.sys("wait4", b.pid, st, 0, 0), b.pid);
  assert.equal(s.u32(st), SIGTERM);
  assert.equal(s.sys("waitid", P_ALL, 0, si, WEXITED | WNOHANG, 0), -E.ECHILD);
  // A child that signals its parent with something other than SIGCHLD is a "clone" child.
  const c = s.k.vfs.procs.get(s.sys("clone", 0, 0, 0, 0, 0))!;
  assert.equal(s.sys("wait4", -1, st, WNOHANG, 0), -E.ECHILD);
  assert.equal(s.sys("wait4", -1, st, WNOHANG | __WCLONE, 0), 0);
  s.call(c.thread, "exit_group", 1);
  assert.equal(s.sys("wait4", -1, st, __WALL, 0), c.pid);
  // CPU time of reaped children shows in RUSAGE_CHILDREN.
  const ru = s.alloc(144);
  assert.equal(s.sys("getrusage", -1, ru), 0);
});

Deno.test("wait4: blocks until a child exits; SIGCHLD ignored means no zombies; orphans go to init", () => {
  const s = new Sys();
  const st = s.alloc(4);
  const c = fork(s);
  const t = s.p.thread;
  assert.equal(s.call(t, "wait4", -1, st, 0, 0), null, "the parent blocks");
  assert.ok(s.k.sched.next(s.k) === c.thread, "the child runs");
  const g = fork(s, c);
  s.call(c.thread, "exit_group", 5);
  assert.equal(g.ppid, 1, "the grandchild is handed to init");
  assert.ok(s.resume(t), "the parent's wait is over");
  assert.equal(s.result(t), c.pid);
  assert.equal(s.u32(st), 5 << 8);
  s.call(g.thread, "exit_group", 0);
  assert.equal(g.state, ProcState.Reaped, "init reaps orphans at once");
  // With SIGCHLD ignored, children vanish when they end and wait fails with ECHILD.
  const act = s.alloc(32);
  s.mem.write32(act, 1); // SIG_IGN
  assert.equal(s.sys("rt_sigaction", SIGCHLD, act, 0, 8), 0);
  const d = fork(s);
  s.call(d.thread, "exit_group", 0);
  assert.equal(d.state, ProcState.Reaped);
  assert.equal(s.sys("wait4", -1, st, 0, 0), -E.ECHILD);
});

Deno.test("exit/exit_group: a thread's exit leaves the process running; the last thread's status is the process's", () => {
  const s = new Sys();
  const flags = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x200000; // VM FS FILES SIGHAND THREAD CHILD_CLEARTID
  const ctid = s.alloc(4);
  s.mem.write32(ctid, 77);
  const tid = s.sys("clone", flags, 0, 0, ctid, 0);
  const t2 = s.k.threads.get(tid)!;
  assert.equal(s.call(t2, "exit", 9), 0);
  assert.equal(t2.state, ThreadState.Dead);
  assert.equal(s.u32(ctid), 0, "clear_child_tid is zeroed");
  assert.equal(s.p.state, ProcState.Alive);
  assert.deepEqual(s.p.threads.map((t) => t.tid), [2]);
  assert.equal(s.sys("getpid"), 2);
  // The last thread's exit ends the process with its status.
  s.sys("exit", 3);
  assert.equal(s.p.state, ProcState.Reaped, "pid 2's parent is init, which reaps it");
  assert.equal(s.p.exitCode, 3);
  // exit_group ends every thread.
  const u = new Sys();
  const t3 = u.k.threads.get(u.sys("clone", flags, 0, 0, 0, 0))!;
  u.sys("exit_group", 4);
  assert.equal(t3.state, ThreadState.Dead);
  assert.equal(u.p.exitCode, 4);
  assert.equal(u.k.sched.threads.length, 0);
});

Deno.test("setpgid/setsid/getpgid/getsid across processes: groups in a session, children before exec", () => {
  const s = new Sys();
  const c = fork(s);
  assert.equal(s.sys("getpgid", c.pid), 2);
  assert.equal(s.sys("getsid", c.pid), 2);
  assert.equal(s.sys("getpgid", 1), -E.ESRCH, "init is outside the namespace");
  assert.equal(s.sys("setpgid", 1, 0), -E.ESRCH, "not a child");
  assert.equal(s.sys("setpgid", c.pid, 9999), -E.EPERM, "no such group in the session");
  assert.equal(s.sys("setpgid", c.pid, 0), 0);
  assert.equal(c.pgid, c.pid);
  assert.equal(s.sys("setpgid", c.pid, 2), 0, "back into the parent's group");
  assert.equal(s.call(c.thread, "setpgid", 0, 0), 0);
  assert.equal(s.call(c.thread, "setsid"), -E.EPERM, "a group leader cannot");
  const d = fork(s);
  assert.equal(s.call(d.thread, "setsid"), d.pid);
  assert.deepEqual([d.sid, d.pgid], [d.pid, d.pid]);
  assert.equal(s.sys("setpgid", d.pid, 0), -E.EPERM, "a child in another session");
  c.execed = true;
  assert.equal(s.sys("setpgid", c.pid, 0), -E.EACCES, "a child that has exec'd");
  s.call(c.thread, "exit_group", 0);
  assert.equal(s.sys("getpgid", c.pid), c.pid, "zombies keep their ids");
  assert.equal(s.call(d.thread, "getppid"), 2);
});

Deno.test("kill/tkill/tgkill across processes: groups, -1, zombies and permissions", () => {
  const s = new Sys();
  const a = fork(s), b = fork(s);
  assert.equal(s.call(b.thread, "setpgid", 0, 0), 0);
  assert.equal(s.sys("kill", a.pid, 0), 0);
  assert.equal(s.sys("kill", 99, 0), -E.ESRCH);
  assert.equal(s.sys("kill", -b.pid, SIGTERM), 0, "b's group");
  assert.equal(b.termSignal, SIGTERM);
  assert.equal(a.termSignal, null);
  assert.equal(s.sys("kill", -12345, 0), -E.ESRCH);
  s.k.sweep();
  assert.equal(s.sys("kill", b.pid, SIGTERM), 0, "a zombie still exists, unharmed");
  assert.equal(s.sys("tgkill", a.pid, a.pid, 0), 0);
  assert.equal(s.sys("tgkill", s.p.pid, a.pid, 0), -E.ESRCH, "a's thread is not in our group");
  assert.equal(s.sys("tkill", a.pid, SIGTERM), 0);
  assert.equal(a.termSignal, SIGTERM);
  // kill(-1): everyone but the caller and init; an unprivileged sender needs matching uids.
  const c = fork(s), d = fork(s);
  assert.equal(s.call(c.thread, "setuid", 1000), 0);
  assert.equal(s.call(c.thread, "kill", d.pid, SIGTERM), -E.EPERM);
  assert.equal(s.call(c.thread, "kill", 2, 18), 0, "SIGCONT within the session");
  assert.equal(s.sys("kill", -1, SIGTERM), 0);
  assert.deepEqual([s.p.termSignal, c.termSignal, d.termSignal], [null, SIGTERM, SIGTERM]);
});

Deno.test("job control: SIGSTOP/SIGCONT, WUNTRACED/WCONTINUED, a stopped process gets no turns", () => {
  const s = new Sys();
  const st = s.alloc(4);
  const c = fork(s);
  assert.equal(s.sys("kill", c.pid, 19), 0); // SIGSTOP
  assert.ok(c.stopped);
  assert.equal(s.sys("wait4", c.pid, st, WNOHANG, 0), 0, "a stop needs WUNTRACED");
  assert.equal(s.sys("wait4", c.pid, st, 2, 0), c.pid);
  assert.equal(s.u32(st), (19 << 8) | 0x7f);
  assert.equal(s.sys("wait4", c.pid, st, 2 | WNOHANG, 0), 0, "reported once");
  // The scheduler passes over the stopped child; SIGTERM waits for SIGCONT.
  const t = s.main;
  const second = s.alloc(16);
  s.mem.write32(second, 1);
  assert.equal(s.call(t, "nanosleep", second, 0), null);
  assert.ok(s.k.sched.next(s.k) === t, "only the parent can run");
  s.k.sched.endTurn();
  assert.equal(s.sys("kill", c.pid, SIGTERM), 0);
  assert.equal(c.termSignal, null, "held while stopped");
  assert.equal(s.sys("kill", c.pid, 18), 0); // SIGCONT
  assert.ok(!c.stopped);
  assert.equal(c.termSignal, SIGTERM, "and fatal once continued");
  const si = s.alloc(128);
  assert.equal(s.sys("waitid", 1, c.pid, si, 8, 0), 0); // WCONTINUED
  assert.deepEqual([s.u32(si + 8), s.u32(si + 24)], [6, 18], "CLD_CONTINUED, SIGCONT");
  assert.equal(s.sys("wait4", c.pid, st, 0, 0), c.pid);
  assert.equal(s.u32(st), SIGTERM);
  // SIGTSTP does nothing in an orphaned group (pid 2's parent is init, outside the session).
  assert.equal(s.sys("kill", 2, 20), 0);
  assert.ok(!s.p.stopped);
  const d = fork(s);
  assert.equal(s.sys("setpgid", d.pid, d.pid), 0);
  assert.equal(s.sys("kill", d.pid, 20), 0);
  assert.ok(d.stopped, "in a group its parent's group watches, it stops");
});
