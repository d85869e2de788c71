/**
 * Kernel extras: extended attributes, eventfd, readahead/fadvise64, the
 * scheduling-policy calls, ioprio, getitimer and membarrier (expected
 * values checked natively on Linux 6.x, tmpfs).
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0o100, O_NONBLOCK = 0o4000, O_PATH = 0o10000000;

Deno.test("setxattr/getxattr/listxattr/removexattr: tmpfs attributes, flags and size queries", () => {
  const s = new Sys();
  s.open("/tmp/f", O_CREAT | O_WRONLY);
  const set = (name: string, v: string, flags = 0, fn = "setxattr", path = "/tmp/f") =>
    s.sys(fn, s.str(path), s.str(name), s.str(v), v.length, flags);
  const b = s.alloc(400);
  assert.equal(set("user.a", "hello"), 0);
  assert.equal(s.sys("getxattr", s.str("/tmp/f"), s.str("user.a"), b, 0), 5);
  assert.equal(s.sys("getxattr", s.str("/tmp/f"), s.str("user.a"), b, 3), -E.ERANGE);
  assert.equal(s.sys("getxattr", s.str("/tmp/f"), s.str("user.a"), b, 100), 5);
  assert.equal(s.text(b, 5), "hello");
  assert.equal(set("user.a", "x", 1), -E.EEXIST);
  assert.equal(set("user.b", "x", 2), -E.ENODATA);
  assert.equal(set("user.b", "x", 4), -E.EINVAL);
  assert.equal(set("foo.a", "x"), -E.EOPNOTSUPP);
  assert.equal(set("user.", "x"), -E.EINVAL);
  assert.equal(set("", "x"), -E.ERANGE);
  assert.equal(set("user." + "a".repeat(251), "x"), -E.ERANGE);
  assert.equal(set("user." + "a".repeat(250), "x"), 0);
  assert.equal(s.sys("setxattr", s.str("/tmp/f"), s.str("user.big"), b, 70000, 0), -E.E2BIG);
  assert.equal(set("trusted.t", "t"), 0);
  assert.equal(set("security.s", "s"), 0);
  assert.equal(set("user.e", ""), 0);
  assert.equal(s.sys("getxattr", s.str("/tmp/f"), s.str("user.e"), b, 10), 0);
  assert.equal(set("system.foo", "x"), -E.EOPNOTSUPP);
  assert.equal(
    s.sys("getxattr", s.str("/tmp/f"), s.str("system.posix_acl_access"), b, 100),
    -E.ENODATA,
  );
  const total = 7 + 256 + 10 + 11 + 7;
  assert.equal(s.sys("listxattr", s.str("/tmp/f"), b, 0), total);
  assert.equal(s.sys("listxattr", s.str("/tmp/f"), b, 5), -E.ERANGE);
  assert.equal(s.sys("listxattr", s.str("/tmp/f"), b, 400), total);
  assert.equal(s.text(b, 7), "user.a\0");
  assert.equal(s.sys("removexattr", s.str("/tmp/f"), s.str("user.a")), 0);
  assert.equal(s.sys("removexattr", s.str("/tmp/f"), s.str("user.a")), -E.ENODATA);
  assert.equal(s.sys("getxattr", s.str("/tmp/nope"), s.str("user.a"), b, 1), -E.ENOENT);
});

Deno.test("lsetxattr/lgetxattr/llistxattr/lremovexattr/fsetxattr/fgetxattr/flistxattr/fremovexattr: links, FIFOs, procfs", () => {
  const s = new Sys();
  const fd = s.open("/tmp/f", O_CREAT | O_RDWR);
  s.sys("symlink", s.str("f"), s.str("/tmp/l"));
  s.sys("mknod", s.str("/tmp/p"), 0o10644, 0);
  const b = s.alloc(100);
  const x = s.str("x");
  assert.equal(s.sys("fsetxattr", fd, s.str("user.a"), x, 1, 0), 0);
  assert.equal(s.sys("fgetxattr", fd, s.str("user.a"), b, 10), 1);
  assert.equal(s.sys("lsetxattr", s.str("/tmp/l"), s.str("user.a"), x, 1, 0), -E.EPERM);
  assert.equal(s.sys("lgetxattr", s.str("/tmp/l"), s.str("user.a"), b, 10), -E.ENODATA);
  assert.equal(s.sys("getxattr", s.str("/tmp/l"), s.str("user.a"), b, 10), 1);
  assert.equal(s.sys("lsetxattr", s.str("/tmp/l"), s.str("trusted.a"), x, 1, 0), 0);
  assert.equal(s.sys("llistxattr", s.str("/tmp/l"), b, 100), 10);
  assert.equal(s.sys("lremovexattr", s.str("/tmp/l"), s.str("trusted.a")), 0);
  assert.equal(s.sys("setxattr", s.str("/tmp/p"), s.str("user.a"), x, 1, 0), -E.EPERM);
  assert.equal(s.sys("getxattr", s.str("/tmp/p"), s.str("user.a"), b, 10), -E.ENODATA);
  assert.equal(s.sys("getxattr", s.str("/proc/self/maps"), s.str("user.a"), b, 10), -E.EOPNOTSUPP);
  assert.equal(s.sys("getxattr", s.str("/dev/null"), s.str("user.a"), b, 10), -E.ENODATA);
  assert.equal(s.sys("fsetxattr", s.open("/tmp", O_PATH), s.str("user.a"), x, 1, 0), -E.EBADF);
  assert.equal(s.sys("flistxattr", fd, b, 100), 7);
  assert.equal(s.sys("fremovexattr", fd, s.str("user.a")), 0);
  assert.equal(s.sys("flistxattr", fd, b, 100), 0);
  s.sys("setuid", 1000);
  assert.equal(
    s.sys("fgetxattr", fd, s.str("trusted.x"), b, 10),
    -E.ENODATA,
    "trusted.* needs CAP_SYS_ADMIN",
  );
});

Deno.test("eventfd/eventfd2/read/write/poll: counter semantics, semaphore mode and errnos", () => {
  const s = new Sys();
  const e = s.sys("eventfd2", 5, O_NONBLOCK);
  const v = s.alloc(8);
  const st = s.alloc(144);
  s.sys("fstat", e, st);
  assert.equal(s.u32(st + 24), 0o600);
  const b = s.alloc(64);
  const n = s.sys("readlink", s.str(`/proc/self/fd/${e}`), b, 64);
  assert.equal(s.text(b, n), "anon_inode:[eventfd]");
  assert.equal(s.sys("fcntl", e, 3), O_RDWR | O_NONBLOCK);
  assert.equal(s.sys("read", e, v, 4), -E.EINVAL);
  assert.equal(s.sys("read", e, v, 8), 8);
  assert.equal(s.u64(v), 5n);
  assert.equal(s.sys("read", e, v, 8), -E.EAGAIN);
  s.mem.write64(v, 3, 0);
  assert.equal(s.sys("write", e, v, 8), 8);
  assert.equal(s.sys("write", e, v, 4), -E.EINVAL);
  s.mem.write64(v, 0xffffffff, 0xffffffff);
  assert.equal(s.sys("write", e, v, 8), -E.EINVAL);
  s.mem.write64(v, 0xfffffffe, 0xffffffff);
  assert.equal(s.sys("write", e, v, 8), -E.EAGAIN);
  s.mem.write64(v, 0xfffffffe - 3, 0xffffffff);
  assert.equal(s.sys("write", e, v, 8), 8);
  const pfd = s.alloc(8);
  s.mem.write32(pfd, e);
  s.mem.write16(pfd + 4, 1 | 4);
  assert.equal(s.sys("poll", pfd, 1, 0), 1);
  assert.equal(s.u16(pfd + 6), 1, "full: readable but not writable");
  assert.equal(s.sys("read", e, v, 8), 8);
  assert.equal(s.u64(v), 0xfffffffffffffffen);
  assert.equal(s.sys("lseek", e, 0, 1), 0);
  assert.equal(s.sys("pread64", e, v, 8, 0), -E.ESPIPE);
  assert.equal(s.sys("ioctl", e, 0x541b, v), -E.ENOTTY);
  assert.equal(s.sys("fsync", e), -E.EINVAL);
  const sem = s.sys("eventfd2", 2, 1 | O_NONBLOCK);
  assert.equal(s.sys("read", sem, v, 8), 8);
  assert.equal(s.u64(v), 1n);
  assert.equal(s.sys("read", sem, v, 8), 8);
  assert.equal(s.sys("read", sem, v, 8), -E.EAGAIN);
  assert.equal(s.sys("eventfd2", 0, 99), -E.EINVAL);
  assert.ok(s.sys("eventfd", 0) >= 0);
});

Deno.test("readahead/fadvise64: hints accepted on regular files; errnos for others", () => {
  const s = new Sys();
  const f = s.open("/tmp/f", O_CREAT | O_RDWR);
  assert.equal(s.sys("readahead", f, 0, 100), 0);
  assert.equal(s.sys("readahead", s.open("/tmp", 0o200000), 0, 100), -E.EINVAL);
  const pipe = s.alloc(8);
  s.sys("pipe", pipe);
  assert.equal(s.sys("readahead", s.i32(pipe), 0, 10), -E.EINVAL);
  assert.equal(s.sys("readahead", s.open("/tmp/f", O_WRONLY), 0, 10), -E.EBADF);
  assert.equal(s.sys("fadvise64", f, 0, 0, 99), -E.EINVAL);
  assert.equal(s.sys("fadvise64", f, 0, -1, 0), 0);
  assert.equal(s.sys("fadvise64", s.i32(pipe), 0, 0, 0), -E.ESPIPE);
  assert.equal(s.sys("fadvise64", 99, 0, 0, 0), -E.EBADF);
  assert.equal(s.sys("fadvise64", s.open("/tmp", 0o200000), 0, 0, 0), 0);
});

Deno.test("sched_getscheduler/sched_setscheduler/sched_getparam/sched_setparam/sched_get_priority_max/sched_get_priority_min/sched_rr_get_interval: policies, priorities and quanta", () => {
  const s = new Sys();
  const sp = s.alloc(8), ts = s.alloc(16);
  assert.equal(s.sys("sched_getscheduler", 0), 0);
  assert.equal(s.sys("sched_getscheduler", -1), -E.EINVAL);
  assert.equal(s.sys("sched_getscheduler", 99999), -E.ESRCH);
  assert.equal(s.sys("sched_getparam", 0, sp), 0);
  assert.equal(s.u32(sp), 0);
  assert.deepEqual([0, 1, 2, 3, 5, 6].map((p) => s.sys("sched_get_priority_max", p)), [
    0,
    99,
    99,
    0,
    0,
    0,
  ]);
  assert.equal(s.sys("sched_get_priority_max", 4), -E.EINVAL);
  assert.equal(s.sys("sched_get_priority_min", 1), 1);
  assert.equal(s.sys("sched_get_priority_min", 6), 0);
  assert.equal(s.sys("sched_rr_get_interval", 0, ts), 0);
  assert.deepEqual([Number(s.u64(ts)), Number(s.u64(ts + 8))], [0, 0]);
  s.mem.write32(sp, 5);
  assert.equal(s.sys("sched_setscheduler", 0, 0, sp), -E.EINVAL);
  assert.equal(s.sys("sched_setscheduler", 0, 9, sp), -E.EINVAL);
  assert.equal(s.sys("sched_setscheduler", 0, 2, sp), 0);
  assert.equal(s.sys("sched_getscheduler", 0), 2);
  assert.equal(s.sys("sched_rr_get_interval", 0, ts), 0);
  assert.equal(Number(s.u64(ts + 8)), 100_000_000);
  s.mem.write32(sp, 7);
  assert.equal(s.sys("sched_setparam", 0, sp), 0);
  assert.equal(s.sys("sched_getparam", 0, sp), 0);
  assert.equal(s.u32(sp), 7);
  s.mem.write32(sp, 0);
  assert.equal(s.sys("sched_setscheduler", 0, 3, sp), 0);
  assert.equal(s.sys("sched_getscheduler", 0), 3);
});

Deno.test("sched_getattr/sched_setattr: size negotiation and policies", () => {
  const s = new Sys();
  const a = s.alloc(200);
  assert.equal(s.sys("sched_getattr", 0, a, 56, 0), 0);
  assert.deepEqual([s.u32(a), s.u32(a + 4), s.u32(a + 20)], [56, 0, 0]);
  assert.equal(s.sys("sched_getattr", 0, a, 10, 0), -E.EINVAL);
  assert.equal(s.sys("sched_getattr", 0, a, 56, 1), -E.EINVAL);
  assert.equal(s.sys("sched_getattr", 0, a, 200, 0), 0);
  s.mem.writeBytes(a, new Uint8Array(200));
  s.mem.write32(a, 56);
  s.mem.write32(a + 4, 0);
  s.mem.write32(a + 16, 5);
  assert.equal(s.sys("sched_setattr", 0, a, 0), 0);
  assert.equal(s.sys("getpriority", 0, 0), 15, "sched_nice applies");
  s.mem.write32(a + 4, 6);
  assert.equal(s.sys("sched_setattr", 0, a, 0), -E.EINVAL);
  s.mem.write32(a, 64);
  s.mem.write8(a + 60, 1);
  assert.equal(s.sys("sched_setattr", 0, a, 0), -E.E2BIG);
  assert.equal(s.u32(a), 56, "the kernel's size is written back");
});

Deno.test("ioprio_get/ioprio_set/getitimer/membarrier: values, classes and commands", () => {
  const s = new Sys();
  assert.equal(s.sys("ioprio_get", 1, 0), 0);
  assert.equal(s.sys("ioprio_get", 9, 0), -E.EINVAL);
  assert.equal(s.sys("ioprio_set", 1, 0, (2 << 13) | 4), 0);
  assert.equal(s.sys("ioprio_get", 1, 0), 16388);
  assert.equal(s.sys("ioprio_set", 1, 0, 7 << 13), -E.EINVAL);
  const it = s.alloc(32);
  s.mem.write32(it, 5);
  assert.equal(s.sys("getitimer", 0, it), 0);
  assert.equal(s.u64(it), 0n);
  assert.equal(s.sys("getitimer", 5, it), -E.EINVAL);
  assert.equal(s.sys("membarrier", 0, 0, 0), 0x27f);
  assert.equal(s.sys("membarrier", 1, 0, 0), 0);
  assert.equal(s.sys("membarrier", 99, 0, 0), -E.EINVAL);
  assert.equal(s.sys("membarrier", 0, 1, 0), -E.EINVAL);
  assert.equal(s.sys("membarrier", 8, 0, 0), -E.EPERM, "not registered");
  assert.equal(s.sys("membarrier", 16, 0, 0), 0);
  assert.equal(s.sys("membarrier", 8, 0, 0), 0);
  assert.equal(s.sys("membarrier", 512, 0, 0), 16);
});

Deno.test("timerfd_create/timerfd_settime/timerfd_gettime: virtual-time timers, periods and errnos", () => {
  const s = new Sys();
  assert.equal(s.sys("timerfd_create", 99, 0), -E.EINVAL);
  assert.equal(s.sys("timerfd_create", 1, 99), -E.EINVAL);
  assert.equal(s.sys("timerfd_create", 2, 0), -E.EINVAL, "no CPU-time timers");
  const t = s.sys("timerfd_create", 1, O_NONBLOCK);
  assert.equal(s.sys("fcntl", t, 3), O_RDWR | O_NONBLOCK);
  const name = s.alloc(64);
  const n = s.sys("readlink", s.str(`/proc/self/fd/${t}`), name, 64);
  assert.equal(s.text(name, n), "anon_inode:[timerfd]");
  const v = s.alloc(8), its = s.alloc(32), old = s.alloc(32);
  assert.equal(s.sys("read", t, v, 8), -E.EAGAIN);
  assert.equal(s.sys("read", t, v, 4), -E.EINVAL);
  assert.equal(s.sys("timerfd_gettime", t, old), 0);
  assert.equal(s.u64(old + 16), 0n);
  s.mem.write64(its + 24, 2e9, 0);
  assert.equal(s.sys("timerfd_settime", t, 0, its, 0), -E.EINVAL);
  s.mem.write64(its + 8, 1e6, 0);
  s.mem.write64(its + 24, 1e6, 0);
  assert.equal(s.sys("timerfd_settime", t, 0, its, 0), 0);
  assert.equal(s.sys("timerfd_settime", t, 4, its, 0), -E.EINVAL);
  assert.equal(s.sys("timerfd_settime", t, 2, its, 0), 0);
  s.p.cpu.icount += 5_500_000;
  assert.equal(s.sys("read", t, v, 8), 8);
  assert.equal(s.u64(v), 5n, "five 1 ms periods in 5.5 ms");
  assert.equal(s.sys("timerfd_gettime", t, old), 0);
  assert.deepEqual([s.u64(old + 8), s.u64(old + 24)], [1000000n, 500000n]);
  assert.equal(s.sys("lseek", t, 0, 1), 0);
  assert.equal(s.sys("write", t, v, 8), -E.EINVAL);
  s.mem.write64(its + 24, 0, 0);
  assert.equal(s.sys("timerfd_settime", t, 0, its, old), 0, "disarm");
  assert.equal(s.u64(old + 8), 1000000n);
  assert.equal(s.sys("read", t, v, 8), -E.EAGAIN);
  const u = s.sys("timerfd_create", 1, 0);
  s.mem.write64(its + 8, 0, 0);
  s.mem.write64(its + 24, 3e6, 0);
  s.sys("timerfd_settime", u, 0, its, 0);
  const before = s.k.sleptNs;
  assert.equal(s.sys("read", u, v, 8), 8, "a blocking read sleeps until the timer fires");
  assert.equal(s.u64(v), 1n);
  assert.equal(s.k.sleptNs - before, 3e6);
  const ts = s.alloc(16);
  s.mem.write64(its + 16, 1767225600 + 10, 0);
  s.mem.write64(its + 24, 0, 0);
  const w = s.sys("timerfd_create", 0, 0);
  assert.equal(s.sys("timerfd_settime", w, 1, its, 0), 0, "absolute wall-clock deadline");
  s.sys("read", w, v, 8);
  s.sys("clock_gettime", 0, ts);
  assert.equal(Number(s.u64(ts)), 1767225610);
});

Deno.test("timerfd_settime/poll/ppoll/select/epoll_wait: waits end at the first timer expiry", () => {
  const s = new Sys();
  const t = s.sys("timerfd_create", 1, 0);
  const its = s.alloc(32);
  s.mem.write64(its + 24, 50e6, 0);
  s.sys("timerfd_settime", t, 0, its, 0);
  const pfd = s.alloc(8);
  s.mem.write32(pfd, t);
  s.mem.write16(pfd + 4, 1);
  let before = s.k.sleptNs;
  assert.equal(s.sys("poll", pfd, 1, 1000), 1);
  assert.equal(s.u16(pfd + 6), 1);
  assert.equal(s.k.sleptNs - before, 50e6, "woken by the timer, not the 1 s timeout");
  s.sys("read", t, s.alloc(8), 8);
  s.sys("timerfd_settime", t, 0, its, 0);
  const ts = s.alloc(16);
  s.mem.write64(ts, 1, 0);
  assert.equal(s.sys("ppoll", pfd, 1, ts, 0, 8), 1);
  assert.deepEqual(
    [Number(s.u64(ts)), Number(s.u64(ts + 8))],
    [0, 950e6],
    "ppoll writes back the time left",
  );
  s.sys("read", t, s.alloc(8), 8);
  s.sys("timerfd_settime", t, 0, its, 0);
  const rd = s.alloc(8);
  s.mem.write32(rd, 1 << t);
  const tv = s.alloc(16);
  s.mem.write64(tv + 8, 20000, 0);
  before = s.k.sleptNs;
  assert.equal(s.sys("select", t + 1, rd, 0, 0, tv), 0, "a shorter timeout wins");
  assert.equal(s.k.sleptNs - before, 20e6);
  const e = s.sys("epoll_create1", 0);
  const ev = s.alloc(12);
  s.mem.write32(ev, 1);
  s.sys("epoll_ctl", e, 1, t, ev);
  before = s.k.sleptNs;
  assert.equal(s.sys("epoll_wait", e, s.alloc(24), 2, -1), 1);
  assert.equal(s.k.sleptNs - before, 30e6, "the rest of the 50 ms");
});
