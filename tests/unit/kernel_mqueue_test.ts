/**
 * POSIX message queues driven through the system calls: opening and
 * unlinking by name with Linux's attribute checks and limits, priorities,
 * blocking sends and receives between processes with absolute timeouts,
 * poll readiness, notification and mq_getsetattr.
 */

import assert from "node:assert/strict";
import { SCRATCH, Sys } from "./kernel_harness.ts";
import type { Process } from "../../lib/kernel/process.ts";
import type { Thread } from "../../lib/kernel/thread.ts";
import { EPOCH_SEC } from "../../lib/kernel/time.ts";
import * as E from "../../lib/kernel/errno.ts";

const O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0o100, O_EXCL = 0o200;
const O_NONBLOCK = 0o4000;
const POLLIN = 1, POLLOUT = 4;
const SIGUSR1 = 10, SA_RESTORER = 0x04000000, SA_RESTART = 0x10000000, SA_SIGINFO = 4;
const SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD = 2;
const THREAD = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000;

/** mq_open(name, flags, mode, attr {maxmsg, msgsize} or none). */
function open(s: Sys, name: string, flags: number, attr?: [number, number], mode = 0o600) {
  let a = 0;
  if (attr !== undefined) {
    a = s.alloc(64);
    s.mem.write32(a + 8, attr[0]);
    s.mem.write32(a + 16, attr[1]);
  }
  return s.sys("mq_open", s.str(name), flags, mode, a);
}

/** mq_getsetattr's old attributes: [flags, maxmsg, msgsize, curmsgs]. */
function getattr(s: Sys, fd: number): number[] {
  const a = s.alloc(64);
  assert.equal(s.sys("mq_getsetattr", fd, 0, a), 0);
  return [0, 8, 16, 24].map((o) => Number(s.u64(a + o)));
}

function send(s: Sys, t: Thread, fd: number, text: string, prio = 0, timeout = 0) {
  const b = s.alloc(text.length + 1);
  t.proc.mem.writeBytes(b, new TextEncoder().encode(text));
  return s.call(t, "mq_timedsend", fd, b, text.length, prio, timeout);
}

function poll(s: Sys, fd: number): number {
  const p = s.alloc(8);
  s.mem.write32(p, fd);
  s.mem.write16(p + 4, POLLIN | POLLOUT);
  s.sys("poll", p, 1, 0);
  return s.u16(p + 6);
}

/** Receive into `size` bytes of fresh scratch memory as thread `t`: [result, prio, text]. */
function receive(s: Sys, fd: number, size = 64): [number, number, string] {
  const b = s.alloc(size), prio = s.alloc(4);
  const r = s.sys("mq_timedreceive", fd, b, size, prio, 0);
  return [r, s.u32(prio), r > 0 ? s.text(b, r) : ""];
}

/** An absolute CLOCK_REALTIME timespec `ms` from now. */
function deadline(s: Sys, ms: number): number {
  const ts = s.alloc(16);
  const ns = s.k.elapsedNs() + ms * 1e6;
  s.mem.write32(ts, EPOCH_SEC + Math.floor(ns / 1e9));
  s.mem.write32(ts + 8, ns % 1e9);
  return ts;
}

/** The queue's status line, read from offset 0. */
function status(s: Sys, fd: number): string {
  const b = s.alloc(128);
  const n = s.sys("pread64", fd, b, 128, 0);
  return s.text(b, n);
}

function fork(s: Sys): Process {
  return s.k.vfs.procs.get(s.sys("fork"))!;
}

Deno.test("mq_open/mq_unlink: names, attributes, limits, permissions, read and poll of the descriptor", () => {
  const s = new Sys();
  const fd = open(s, "q", O_CREAT | O_EXCL | O_RDWR, [4, 64], 0o640);
  assert.ok(fd >= 3);
  assert.equal(s.sys("fcntl", fd, 1), 1, "close-on-exec");
  assert.equal(s.sys("fcntl", fd, 3), O_RDWR, "F_GETFL");
  assert.deepEqual(getattr(s, fd), [0, 4, 64, 0]);
  const st = s.alloc(144);
  s.sys("fstat", fd, st);
  assert.equal(s.u32(st + 24), 0o100640 & ~0o022 | 0o100000, "S_IFREG, mode less umask");
  assert.equal(Number(s.u64(st + 48)), 80);
  assert.equal(open(s, "q", O_CREAT | O_EXCL | O_RDWR), -E.EEXIST);
  assert.equal(open(s, "q", 3), -E.EINVAL, "access mode 3");
  assert.equal(open(s, "none", O_RDONLY), -E.ENOENT);
  assert.equal(open(s, "", O_CREAT | O_RDWR), -E.ENOENT);
  assert.equal(open(s, "a/b", O_CREAT | O_RDWR), -E.EACCES);
  assert.equal(open(s, "..", O_CREAT | O_RDWR), -E.EACCES);
  assert.equal(open(s, "x".repeat(256), O_CREAT | O_RDWR), -E.ENAMETOOLONG);
  assert.equal(open(s, "bad", O_CREAT | O_RDWR, [0, 10]), -E.EINVAL);
  assert.equal(open(s, "bad", O_CREAT | O_RDWR, [10, 0]), -E.EINVAL);
  assert.equal(open(s, "bad", O_CREAT | O_RDWR, [65537, 1]), -E.EINVAL, "above HARD_MSGMAX");
  assert.equal(s.sys("mq_open", s.str("bad"), O_CREAT, 0, 8), -E.EFAULT);
  // The descriptor reads as a status line, is not writable, and polls by fill level.
  assert.equal(poll(s, fd), POLLOUT);
  assert.equal(send(s, s.main, fd, "hello", 3), 0);
  assert.equal(poll(s, fd), POLLIN | POLLOUT);
  assert.equal(
    s.read(fd, 200),
    "QSIZE:5          NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n",
  );
  assert.equal(s.read(fd, 200), "", "then end of file");
  assert.equal(s.write(fd, "x"), -E.EINVAL);
  assert.equal(s.sys("mmap", 0, 4096, 1, 1, fd, 0), -E.ENODEV);
  // Permissions: others may not open a 0640 queue.
  const name = s.str("q");
  const c = fork(s);
  c.cred = { ...c.cred, euid: 1000, fsuid: 1000, fsgid: 1000, capEffective: false };
  assert.equal(s.call(c.thread, "mq_open", name, O_RDONLY, 0, 0), -E.EACCES);
  // Unlinked queues live on while open.
  assert.equal(s.sys("mq_unlink", s.str("q")), 0);
  assert.equal(s.sys("mq_unlink", s.str("q")), -E.ENOENT);
  assert.deepEqual(receive(s, fd), [5, 3, "hello"]);
  // RLIMIT_MSGQUEUE (819200 bytes) holds 9 default queues (10 x 8192 bytes each, plus bookkeeping).
  const fds: number[] = [];
  for (let i = 0; i < 9; i++) fds.push(open(s, `d${i}`, O_CREAT | O_RDWR));
  assert.ok(fds.every((f) => f >= 0));
  assert.equal(open(s, "d9", O_CREAT | O_RDWR), -E.EMFILE);
  for (let i = 0; i < 9; i++) s.sys("mq_unlink", s.str(`d${i}`));
  for (const f of fds) s.sys("close", f);
  assert.ok(open(s, "d9", O_CREAT | O_RDWR) >= 0, "their memory is returned once gone");
});

Deno.test("mq_timedsend/mq_timedreceive: priorities, blocking, timeouts, O_NONBLOCK", () => {
  const s = new Sys();
  const t = s.main;
  const fd = open(s, "q", O_CREAT | O_RDWR, [3, 16]);
  const ro = open(s, "q", O_RDONLY), wo = open(s, "q", O_WRONLY);
  assert.equal(send(s, t, fd, "low", 1), 0);
  assert.equal(send(s, t, fd, "high", 9), 0);
  assert.equal(send(s, t, fd, "high2", 9), 0);
  assert.equal(send(s, t, fd, "x", 0, deadline(s, 0)), -E.ETIMEDOUT, "full, deadline passed");
  const before = s.k.elapsedNs();
  assert.equal(send(s, t, fd, "x", 0, deadline(s, 3)), null);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), -E.ETIMEDOUT);
  assert.ok(s.k.elapsedNs() - before >= 3e6);
  assert.equal(send(s, t, ro, "x"), -E.EBADF, "read-only descriptor");
  assert.equal(send(s, t, fd, "x".repeat(17)), -E.EMSGSIZE);
  assert.equal(send(s, t, fd, "x", 32768), -E.EINVAL);
  assert.equal(send(s, t, 1, "x"), -E.EBADF, "not a queue");
  const bad = s.alloc(16);
  s.mem.write32(bad + 8, 1e9);
  assert.equal(send(s, t, fd, "x", 0, bad), -E.EINVAL, "tv_nsec out of range");
  assert.equal(s.sys("mq_timedreceive", fd, s.alloc(8), 8, 0, 0), -E.EMSGSIZE);
  assert.equal(s.sys("mq_timedreceive", wo, s.alloc(16), 16, 0, 0), -E.EBADF);
  assert.deepEqual(receive(s, fd), [4, 9, "high"]);
  assert.deepEqual(receive(s, fd), [5, 9, "high2"]);
  assert.deepEqual(receive(s, fd), [3, 1, "low"]);
  // O_NONBLOCK descriptors fail with EAGAIN instead of waiting.
  const nb = open(s, "q", O_RDWR | O_NONBLOCK);
  assert.equal(s.sys("mq_timedreceive", nb, s.alloc(16), 16, 0, 0), -E.EAGAIN);
  // A receiver in another process waits until a message comes.
  const c = fork(s);
  const buf = s.alloc(16);
  assert.equal(s.call(c.thread, "mq_timedreceive", ro, buf, 16, 0, 0), null);
  assert.equal(s.resume(c.thread), false, "nothing sent yet");
  assert.equal(send(s, t, wo, "wake", 4), 0);
  assert.ok(s.resume(c.thread));
  assert.equal(s.result(c.thread), 4);
  assert.equal(new TextDecoder().decode(c.mem.readBytes(buf, 4)), "wake");
  // A sender waits for room.
  for (const m of ["a", "b", "c"]) assert.equal(send(s, t, fd, m), 0);
  assert.equal(send(s, c.thread, wo, "d"), null);
  assert.deepEqual(receive(s, fd), [1, 0, "a"]);
  assert.ok(s.resume(c.thread));
  assert.equal(s.result(c.thread), 0);
  // A handled signal restarts a waiting receive under SA_RESTART.
  const s2 = new Sys();
  const act = s2.alloc(32);
  s2.mem.write32(act, 0x401000);
  s2.mem.write32(act + 8, (SA_RESTART | SA_RESTORER) >>> 0);
  s2.mem.write32(act + 16, 0x402000);
  s2.sys("rt_sigaction", SIGUSR1, act, 0, 8);
  const w = s2.k.threads.get(s2.sys("clone", THREAD, SCRATCH + 0x200000, 0, 0, 0))!;
  const q2 = open(s2, "q", O_CREAT | O_RDWR, [1, 8]);
  assert.equal(s2.call(w, "mq_timedreceive", q2, s2.alloc(8), 8, 0, 0), null);
  const rip = w.cpu.rip;
  s2.sys("tgkill", s2.p.pid, w.tid, SIGUSR1);
  assert.ok(s2.resume(w));
  assert.equal(w.cpu.rip, 0x401000, "the handler runs, then the call again");
  assert.equal(
    s2.u64(w.cpu.r[8] + w.cpu.r[9] * 2 ** 32 + 8 + 40 + 16 * 8),
    BigInt.asUintN(64, BigInt(rip - 2)),
  );
});

Deno.test("mq_notify/mq_getsetattr: notification signal, EBUSY, O_NONBLOCK changes", () => {
  const s = new Sys();
  const fd = open(s, "q", O_CREAT | O_RDWR, [4, 16]);
  const act = s.alloc(32);
  s.mem.write32(act, 0x401000);
  s.mem.write32(act + 8, (SA_SIGINFO | SA_RESTORER) >>> 0);
  s.mem.write32(act + 16, 0x402000);
  s.sys("rt_sigaction", SIGUSR1, act, 0, 8);
  const sev = s.alloc(64);
  s.mem.write32(sev, 42);
  s.mem.write32(sev + 8, SIGUSR1);
  s.mem.write32(sev + 12, SIGEV_SIGNAL);
  assert.equal(s.sys("mq_notify", fd, sev), 0);
  assert.match(status(s, fd), /NOTIFY:0 {5}SIGNO:10 {4}NOTIFY_PID:2 /);
  const c = fork(s);
  assert.equal(s.call(c.thread, "mq_notify", fd, sev), -E.EBUSY);
  assert.equal(s.call(c.thread, "mq_notify", fd, 0), 0, "not the owner: nothing to cancel");
  assert.equal(send(s, c.thread, fd, "m"), 0);
  assert.equal(s.p.pendingLo, 1 << (SIGUSR1 - 1), "the owner is signalled");
  const info = s.p.sigqueue[0];
  assert.deepEqual([info.code, info.pid, info.value], [-3, c.pid, 42]);
  assert.equal(s.sys("rt_sigprocmask", 0, s.str("\xff\xff\xff\xff"), 0, 8), 0);
  s.p.pendingLo = 0;
  s.p.sigqueue.length = 0;
  assert.equal(send(s, s.main, fd, "m"), 0);
  assert.equal(s.p.pendingLo, 0, "the registration was used up");
  // SIGEV_NONE registers without a signal; NULL unregisters.
  s.mem.write32(sev + 12, SIGEV_NONE);
  assert.equal(s.sys("mq_notify", fd, sev), 0);
  assert.match(status(s, fd), /NOTIFY:1 {5}SIGNO:0 /);
  assert.equal(s.sys("mq_notify", fd, 0), 0);
  assert.equal(s.sys("mq_notify", fd, sev), 0);
  s.mem.write32(sev + 12, 7);
  assert.equal(s.sys("mq_notify", fd, sev), -E.EINVAL);
  s.mem.write32(sev + 12, SIGEV_SIGNAL);
  s.mem.write32(sev + 8, 65);
  assert.equal(s.sys("mq_notify", fd, sev), -E.EINVAL);
  s.mem.write32(sev + 12, SIGEV_THREAD);
  s.mem.write32(sev, s.alloc(32));
  s.mem.write32(sev + 8, fd);
  assert.equal(s.sys("mq_notify", fd, sev), -E.ECONNREFUSED, "a queue is no netlink socket");
  assert.equal(s.sys("mq_notify", 1, 0), -E.EBADF);
  // mq_getsetattr changes only O_NONBLOCK.
  const attr = s.alloc(64);
  s.mem.write32(attr, O_NONBLOCK);
  const old = s.alloc(64);
  assert.equal(s.sys("mq_getsetattr", fd, attr, old), 0);
  assert.equal(Number(s.u64(old + 24)), 2, "mq_curmsgs");
  assert.deepEqual(getattr(s, fd), [O_NONBLOCK, 4, 16, 2]);
  s.mem.write32(attr, O_NONBLOCK | 1);
  assert.equal(s.sys("mq_getsetattr", fd, attr, 0), -E.EINVAL);
  assert.equal(s.sys("mq_getsetattr", 1, 0, old), -E.EBADF);
  assert.equal(s.sys("mq_getsetattr", fd, 0, 8), -E.EFAULT);
  // A registration lapses when its owner no longer holds the queue open.
  s.mem.write32(sev + 12, SIGEV_NONE);
  assert.equal(s.call(c.thread, "mq_notify", fd, sev), -E.EBUSY);
  assert.equal(s.sys("close", fd), 0);
  assert.equal(s.call(c.thread, "mq_notify", fd, sev), 0);
});
