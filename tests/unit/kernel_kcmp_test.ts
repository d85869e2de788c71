/**
 * kcmp between a process, its thread, a forked child and a CLONE_VM|CLONE_FILES
 * child: what they share compares 0, the rest orders by first holder.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const FILE = 0, VM = 1, FILES = 2, FS = 3, SIGHAND = 4, IO = 5, SYSVSEM = 6, EPOLL_TFD = 7;
const THREAD = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000;
const CLONE_VM = 0x100, CLONE_FILES = 0x400, SIGCHLD = 17;

Deno.test("kcmp: shared and separate objects across fork and threads, order, errors", () => {
  const s = new Sys();
  const me = s.p.pid;
  const tid = s.sys("clone", THREAD, 0, 0, 0, 0);
  const fork = s.sys("fork");
  const vm = s.sys("clone", CLONE_VM | CLONE_FILES | SIGCHLD, 0, 0, 0, 0);
  const kcmp = (a: number, b: number, type: number, i = 0, j = 0) =>
    s.sys("kcmp", a, b, type, i, j);
  for (const t of [VM, FILES, FS, SIGHAND, IO, SYSVSEM]) assert.equal(kcmp(me, tid, t), 0);
  assert.equal(kcmp(me, fork, VM), 1, "the first holder has the lower pid");
  assert.equal(kcmp(fork, me, VM), 2);
  assert.equal(kcmp(me, vm, VM), 0);
  assert.equal(kcmp(me, vm, FILES), 0);
  assert.equal(kcmp(me, fork, FILES), 1);
  assert.equal(kcmp(me, vm, SIGHAND), 1);
  assert.equal(kcmp(me, fork, FS), 1);
  assert.equal(kcmp(me, fork, SYSVSEM), 0, "neither has an undo list");
  // Files: fork shares the open files; a dup is the same file, the pipe's other end is not.
  const pfd = s.alloc(8);
  assert.equal(s.sys("pipe2", pfd, 0), 0);
  const fd = s.mem.read32(pfd), other = s.mem.read32(pfd + 4);
  const dup = s.sys("dup", fd);
  assert.equal(kcmp(me, me, FILE, fd, dup), 0);
  assert.equal(kcmp(me, me, FILE, fd, other), 1);
  assert.equal(kcmp(me, me, FILE, other, fd), 2);
  assert.equal(kcmp(me, fork, FILE, 0, 0), 0, "inherited across fork");
  assert.equal(kcmp(me, vm, FILE, fd, dup), 0, "CLONE_FILES shares the table");
  assert.equal(kcmp(me, fork, FILE, fd, fd), -E.EBADF, "opened after the fork");
  assert.equal(kcmp(me, me, FILE, 99, 0), -E.EBADF);
  // KCMP_EPOLL_TFD: the file that an epoll set watches as a given fd.
  const ep = s.sys("epoll_create1", 0);
  const ev = s.alloc(16);
  s.mem.write32(ev, 1);
  assert.equal(s.sys("epoll_ctl", ep, 1, dup, ev), 0);
  const slot = s.alloc(12);
  [ep, dup, 0].forEach((v, i) => s.mem.write32(slot + 4 * i, v));
  assert.equal(kcmp(me, me, EPOLL_TFD, fd, slot), 0);
  assert.equal(kcmp(me, me, EPOLL_TFD, other, slot), 2);
  s.mem.write32(slot + 8, 1);
  assert.equal(kcmp(me, me, EPOLL_TFD, fd, slot), -E.ENOENT, "no second entry");
  [fd, dup, 0].forEach((v, i) => s.mem.write32(slot + 4 * i, v));
  assert.equal(kcmp(me, me, EPOLL_TFD, fd, slot), -E.EINVAL, "not an epoll fd");
  s.mem.write32(slot, 99);
  assert.equal(kcmp(me, me, EPOLL_TFD, fd, slot), -E.EBADF);
  assert.equal(kcmp(me, me, EPOLL_TFD, fd, 8), -E.EFAULT);
  // Errors.
  assert.equal(kcmp(me, 99999, VM), -E.ESRCH);
  assert.equal(kcmp(99999, me, VM), -E.ESRCH);
  assert.equal(kcmp(me, me, 8), -E.EINVAL);
  assert.equal(kcmp(me, me, -1), -E.EINVAL);
  s.p.cred = { ...s.p.cred, uid: 1000, euid: 1000, suid: 1000, capEffective: false };
  assert.equal(kcmp(me, fork, VM), -E.EPERM, "the child is root's");
});
