/**
 * pidfds: pidfd_open, readiness when the process ends (and hang-up once
 * reaped), pidfd_send_signal, pidfd_getfd, CLONE_PIDFD and waitid P_PIDFD.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const SIGUSR1 = 10, SIGTERM = 15;
const O_NONBLOCK = 0x800, FD_CLOEXEC = 1, F_GETFD = 1;
const POLLIN = 1, POLLHUP = 0x10;
const CLONE_PIDFD = 0x1000, CLONE_PARENT_SETTID = 0x100000, SIGCHLD = 17;
const P_PIDFD = 3, WEXITED = 4, WNOHANG = 1;

/** poll one descriptor for POLLIN without waiting: its revents. */
function revents(s: Sys, fd: number): number {
  const pfd = s.alloc(8);
  s.mem.write32(pfd, fd);
  s.mem.write16(pfd + 4, POLLIN);
  s.sys("poll", pfd, 1, 0);
  return s.u16(pfd + 6);
}

Deno.test("pidfd_open/pidfd_send_signal/pidfd_getfd: naming, signalling and borrowing from a process", () => {
  const s = new Sys();
  assert.equal(s.sys("pidfd_open", 0, 0), -E.EINVAL);
  assert.equal(s.sys("pidfd_open", s.p.pid, 1), -E.EINVAL);
  assert.equal(s.sys("pidfd_open", 9999, 0), -E.ESRCH);
  const child = s.sys("fork");
  const q = s.k.vfs.procs.get(child)!;
  const fd = s.sys("pidfd_open", child, 0);
  assert.ok(fd >= 3);
  assert.equal(s.sys("fcntl", fd, F_GETFD), FD_CLOEXEC);
  assert.equal(revents(s, fd), 0, "running");
  assert.equal(s.sys("read", fd, s.alloc(8), 8), -E.EINVAL);
  // pidfd_getfd: the child's stdout, as a new close-on-exec descriptor.
  assert.equal(s.sys("pidfd_getfd", fd, 1, 1), -E.EINVAL);
  assert.equal(s.sys("pidfd_getfd", 0, 1, 0), -E.EBADF, "not a pidfd");
  assert.equal(s.sys("pidfd_getfd", fd, 77, 0), -E.EBADF);
  const dup = s.sys("pidfd_getfd", fd, 1, 0);
  assert.equal(s.p.fds.get(dup)!.file, q.fds.get(1)!.file);
  // pidfd_send_signal: flags, siginfo checks, then the signal.
  assert.equal(s.sys("pidfd_send_signal", fd, SIGUSR1, 0, 8), -E.EINVAL);
  assert.equal(s.sys("pidfd_send_signal", fd, SIGUSR1, 0, 3), -E.EINVAL, "two scopes");
  assert.equal(s.sys("pidfd_send_signal", 0, SIGUSR1, 0, 0), -E.EBADF);
  const info = s.alloc(128);
  s.mem.write32(info, SIGTERM);
  assert.equal(s.sys("pidfd_send_signal", fd, SIGUSR1, info, 0), -E.EINVAL, "si_signo differs");
  s.mem.write32(info, SIGUSR1);
  assert.equal(s.sys("pidfd_send_signal", fd, SIGUSR1, info, 0), -E.EPERM, "SI_USER to another");
  assert.equal(s.sys("pidfd_send_signal", fd, 0, 0, 0), 0);
  assert.equal(s.sys("pidfd_send_signal", fd, SIGTERM, 0, 0), 0);
  assert.equal(q.termSignal, SIGTERM);
  s.k.sweep(); // the child ends
  assert.equal(revents(s, fd), POLLIN, "ended: readable");
  assert.equal(
    s.sys("pidfd_send_signal", fd, SIGTERM, 0, 0),
    0,
    "a zombie takes (and drops) signals",
  );
  assert.equal(s.sys("pidfd_getfd", fd, 1, 0), -E.EBADF);
  // waitid P_PIDFD reaps it; then the pidfd hangs up and its process is gone.
  const si = s.alloc(128);
  assert.equal(s.sys("waitid", P_PIDFD, fd, si, WEXITED, 0), 0);
  assert.equal(s.i32(si + 16), child);
  assert.equal(revents(s, fd), POLLIN | POLLHUP);
  assert.equal(s.sys("pidfd_send_signal", fd, SIGTERM, 0, 0), -E.ESRCH);
  assert.equal(s.sys("waitid", P_PIDFD, 0, si, WEXITED, 0), -E.EBADF);
});

Deno.test("clone CLONE_PIDFD and waitid P_PIDFD: the pidfd of a new child, non-blocking waits", () => {
  const s = new Sys();
  const where = s.alloc(4);
  assert.equal(
    s.sys("clone", CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, where, 0, 0),
    -E.EINVAL,
  );
  const child = s.sys("clone", CLONE_PIDFD | SIGCHLD, 0, where, 0, 0);
  const fd = s.u32(where);
  assert.equal(s.p.fds.get(fd)!.file.inode.pidfd!.proc.pid, child);
  const nb = s.sys("pidfd_open", child, O_NONBLOCK);
  const si = s.alloc(128);
  assert.equal(s.sys("waitid", P_PIDFD, nb, si, WEXITED, 0), -E.EAGAIN, "O_NONBLOCK: WNOHANG");
  assert.equal(s.i32(si + 16), 0, "nothing to report");
  assert.equal(s.sys("waitid", P_PIDFD, fd, si, WEXITED | WNOHANG, 0), 0);
  const q = s.k.vfs.procs.get(child)!;
  q.exitCode = 3;
  s.k.sweep();
  assert.equal(s.sys("waitid", P_PIDFD, nb, si, WEXITED, 0), 0);
  assert.deepEqual([s.i32(si + 16), s.i32(si + 24)], [child, 3]);
});
