/**
 * unshare: Linux 6.18's flag checks (a static probe, single-threaded and
 * with a second thread), descriptor tables and namespaces.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800;
const CLONE_THREAD = 0x10000, CLONE_SYSVSEM = 0x40000, CLONE_NEWUTS = 0x4000000;
const CLONE_NEWUSER = 0x10000000, CLONE_NEWNS = 0x20000;

Deno.test("unshare: flag checks, shared tables and semaphore undo, namespaces", () => {
  const s = new Sys();
  for (
    const f of [0, CLONE_VM, CLONE_THREAD, CLONE_SIGHAND, CLONE_FILES, CLONE_FS, CLONE_SYSVSEM]
  ) {
    assert.equal(s.sys("unshare", f), 0);
  }
  for (const f of [1, 0x1000, 0x4000]) assert.equal(s.sys("unshare", f), -E.EINVAL);
  for (const f of [CLONE_NEWUTS, CLONE_NEWNS, 0x80]) assert.equal(s.sys("unshare", f), -E.EPERM);
  // CLONE_SYSVSEM applies the SEM_UNDO adjustments (Linux's exit_sem) and forgets them.
  const id = s.sys("semget", 0, 1, 0o1600);
  const op = s.data([0, 0, 1, 0, 0x00, 0x10]);
  assert.equal(s.sys("semop", id, op, 1), 0);
  assert.equal(s.sys("semctl", id, 0, 12), 1);
  assert.equal(s.sys("unshare", CLONE_SYSVSEM), 0);
  assert.equal(s.sys("semctl", id, 0, 12), 0);
  assert.equal(s.sys("unshare", CLONE_SYSVSEM), 0);
  assert.equal(s.sys("semctl", id, 0, 12), 0);
  // A CLONE_FILES child shares the table until it unshares it.
  const child = s.k.vfs.procs.get(s.sys("clone", CLONE_FILES | 17, 0, 0, 0, 0))!;
  assert.equal(child.fds, s.p.fds);
  assert.equal(s.call(child.thread, "unshare", CLONE_FILES), 0);
  assert.notEqual(child.fds, s.p.fds);
  const fd = s.open("/tmp/x", 0o100 | 2);
  assert.equal(s.call(child.thread, "fcntl", fd, 1), -E.EBADF);
  // With a second thread, the thread-group flags cannot be unshared.
  s.sys("clone", CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD, 0, 0, 0, 0);
  for (const f of [CLONE_VM, CLONE_THREAD, CLONE_SIGHAND, CLONE_NEWUSER]) {
    assert.equal(s.sys("unshare", f), -E.EINVAL);
  }
  assert.equal(s.sys("unshare", CLONE_FILES), 0);
});
