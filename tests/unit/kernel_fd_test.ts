/**
 * Kernel descriptor calls: dup family, fcntl, ioctl, flock, pipes, poll and
 * select, close_range, memfd. Expected errnos are Linux 6.x's (checked
 * natively).
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0o100, O_APPEND = 0o2000, O_NONBLOCK = 0o4000;
const O_CLOEXEC = 0o2000000, O_PATH = 0o10000000;
const F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_GETLK = 5, F_SETLK = 6;
const F_OFD_SETLK = 37,
  F_DUPFD_QUERY = 1027,
  F_DUPFD_CLOEXEC = 1030,
  F_SETPIPE_SZ = 1031,
  F_GETPIPE_SZ = 1032;
const F_ADD_SEALS = 1033, F_GET_SEALS = 1034;

function pipe(s: Sys, flags = 0): [number, number] {
  const buf = s.alloc(8);
  assert.equal(s.sys("pipe2", buf, flags), 0);
  return [s.i32(buf), s.i32(buf + 4)];
}

Deno.test("dup/dup2/dup3: lowest free descriptor, shared offsets and errnos", () => {
  const s = new Sys();
  const f = s.open("/etc/passwd");
  assert.equal(f, 3);
  const d = s.sys("dup", f);
  assert.equal(d, 4);
  assert.equal(s.read(f, 4), "root");
  assert.equal(s.read(d, 2), ":x", "dup shares the file offset");
  assert.equal(s.sys("dup2", f, f), f);
  assert.equal(s.sys("dup2", 99, 99), -E.EBADF);
  assert.equal(s.sys("dup3", f, f, 0), -E.EINVAL);
  assert.equal(s.sys("dup3", f, 5, 1), -E.EINVAL);
  assert.equal(s.sys("dup2", f, 100000), -E.EBADF);
  assert.equal(s.sys("dup3", f, 10, O_CLOEXEC), 10);
  assert.equal(s.sys("fcntl", 10, F_GETFD), 1);
  assert.equal(s.sys("dup2", d, 10), 10, "dup2 replaces an open descriptor");
  assert.equal(s.sys("fcntl", 10, F_GETFD), 0);
  assert.equal(s.sys("dup", s.open("/tmp", O_PATH)), 6, "O_PATH descriptors can be duplicated");
  assert.equal(s.sys("close", 1), 0);
  assert.equal(s.sys("dup", 2), 1, "the lowest free number is reused");
});

Deno.test("dup/fcntl/setrlimit: RLIMIT_NOFILE bounds descriptors (EMFILE, EBADF, EINVAL)", () => {
  const s = new Sys();
  const lim = s.alloc(16);
  s.mem.write64(lim, 5, 0);
  s.mem.write64(lim + 8, 5, 0);
  assert.equal(s.sys("setrlimit", 7, lim), 0);
  assert.equal(s.sys("dup", 0), 3);
  assert.equal(s.sys("dup", 0), 4);
  assert.equal(s.sys("dup", 0), -E.EMFILE);
  assert.equal(s.open("/etc/passwd"), -E.EMFILE);
  assert.equal(s.sys("dup2", 0, 5), -E.EBADF);
  assert.equal(s.sys("fcntl", 0, F_DUPFD, 5), -E.EINVAL);
  assert.equal(s.sys("pipe2", s.alloc(8), 0), -E.EMFILE);
});

Deno.test("fcntl: F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD/SETFD, F_GETFL/SETFL, F_DUPFD_QUERY", () => {
  const s = new Sys();
  const f = s.open("/etc/passwd");
  assert.equal(s.sys("fcntl", f, F_DUPFD, 20), 20);
  assert.equal(s.sys("fcntl", f, F_DUPFD_CLOEXEC, 20), 21);
  assert.equal(s.sys("fcntl", 21, F_GETFD), 1);
  assert.equal(s.sys("fcntl", 21, F_SETFD, 0), 0);
  assert.equal(s.sys("fcntl", 21, F_GETFD), 0);
  assert.equal(s.sys("fcntl", f, F_DUPFD, -1), -E.EINVAL);
  assert.equal(s.sys("fcntl", f, F_SETFL, O_APPEND | O_WRONLY | O_NONBLOCK), 0);
  assert.equal(
    s.sys("fcntl", f, F_GETFL),
    0o100000 | O_APPEND | O_NONBLOCK,
    "the access mode cannot change",
  );
  assert.equal(s.sys("fcntl", f, F_DUPFD_QUERY, 20), 1);
  assert.equal(s.sys("fcntl", f, F_DUPFD_QUERY, 0), 0);
  assert.equal(s.sys("fcntl", f, 99), -E.EINVAL);
  assert.equal(s.sys("fcntl", 77, F_GETFD), -E.EBADF);
  const p = s.open("/tmp", O_PATH);
  assert.equal(s.sys("fcntl", p, F_GETFD), 0);
  assert.equal(s.sys("fcntl", p, F_SETFL, O_NONBLOCK), -E.EBADF);
  assert.equal(s.sys("fcntl", p, F_GETLK, 0), -E.EBADF);
  assert.equal(s.sys("fcntl", f, 8, 1234), 0, "F_SETOWN");
  assert.equal(s.sys("fcntl", f, 9), 1234, "F_GETOWN");
});

Deno.test("fcntl: record lock arguments are checked like Linux; a process's own locks never conflict", () => {
  const s = new Sys();
  const f = s.open("/etc/passwd");
  const fl = s.alloc(32);
  s.mem.write16(fl, 1);
  assert.equal(s.sys("fcntl", f, F_SETLK, fl), -E.EBADF, "a write lock needs a writable file");
  s.mem.write16(fl, 0);
  assert.equal(s.sys("fcntl", f, F_SETLK, fl), 0);
  s.mem.write16(fl, 5);
  assert.equal(s.sys("fcntl", f, F_SETLK, fl), -E.EINVAL);
  s.mem.write16(fl, 1);
  assert.equal(s.sys("fcntl", f, F_GETLK, fl), 0);
  assert.equal(s.u16(fl), 2);
  s.mem.write16(fl, 0);
  s.mem.write16(fl + 2, 3);
  assert.equal(s.sys("fcntl", f, F_GETLK, fl), -E.EINVAL);
  s.mem.write16(fl + 2, 0);
  s.mem.write64(fl + 8, -5 >>> 0, 0xffffffff);
  assert.equal(s.sys("fcntl", f, F_SETLK, fl), -E.EINVAL);
  s.mem.write64(fl + 8, 0, 0);
  s.mem.write32(fl + 24, 5);
  assert.equal(s.sys("fcntl", f, F_OFD_SETLK, fl), -E.EINVAL, "OFD locks need l_pid 0");
  s.mem.write32(fl + 24, 0);
  assert.equal(s.sys("fcntl", f, F_OFD_SETLK, fl), 0);
});

Deno.test("fcntl/pipe2: F_GETPIPE_SZ and F_SETPIPE_SZ rounding and limits", () => {
  const s = new Sys();
  const [r] = pipe(s);
  assert.equal(s.sys("fcntl", s.open("/etc/passwd"), F_GETPIPE_SZ), -E.EBADF);
  assert.equal(s.sys("fcntl", r, F_GETPIPE_SZ), 65536);
  assert.equal(s.sys("fcntl", r, F_SETPIPE_SZ, 5000), 8192);
  assert.equal(s.sys("fcntl", r, F_SETPIPE_SZ, 1), 4096);
  assert.equal(s.sys("fcntl", r, F_SETPIPE_SZ, 0), 4096);
  assert.equal(s.sys("fcntl", r, F_SETPIPE_SZ, 2000000), 2097152, "root may exceed pipe-max-size");
  assert.equal(s.sys("fcntl", r, F_SETPIPE_SZ, 2 ** 31 + 1), -E.EINVAL);
  assert.equal(s.sys("fcntl", r, F_GETPIPE_SZ), 2097152);
});

Deno.test("memfd_create/fcntl: seals, names and flags", () => {
  const s = new Sys();
  const m = s.sys("memfd_create", s.str("hello"), 0);
  assert.ok(m >= 0);
  const buf = s.alloc(300);
  const n = s.sys("readlink", s.str(`/proc/self/fd/${m}`), buf, 100);
  assert.equal(s.text(buf, n), "/memfd:hello (deleted)");
  assert.equal(s.sys("fstat", m, buf), 0);
  assert.deepEqual([s.u32(buf + 24), Number(s.u64(buf + 16))], [0o100777, 0]);
  assert.equal(s.sys("fcntl", m, F_GET_SEALS), 1);
  assert.equal(s.sys("fcntl", m, F_ADD_SEALS, 8), -E.EPERM);
  const m2 = s.sys("memfd_create", s.str("s"), 2);
  assert.equal(s.sys("fcntl", m2, F_GET_SEALS), 0);
  assert.equal(s.write(m2, "abc"), 3);
  assert.equal(s.sys("fcntl", m2, F_ADD_SEALS, 2 | 8), 0);
  assert.equal(s.write(m2, "x"), -E.EPERM);
  assert.equal(s.sys("ftruncate", m2, 1), -E.EPERM, "F_SEAL_SHRINK");
  assert.equal(s.sys("ftruncate", m2, 10), 0, "growing is still allowed");
  assert.equal(s.sys("fcntl", 0, F_GET_SEALS), -E.EINVAL);
  assert.equal(s.sys("memfd_create", s.str("x"), 0x100), -E.EINVAL);
  assert.equal(s.sys("memfd_create", s.str("a".repeat(250)), 0), -E.EINVAL);
  assert.ok(s.sys("memfd_create", s.str("a".repeat(249)), 1) >= 0);
  assert.equal(s.sys("fcntl", s.sys("memfd_create", s.str("c"), 1), F_GETFD), 1);
});

Deno.test("ioctl: FIONREAD, FIONBIO, FIOCLEX, FIGETBSZ and ENOTTY for non-terminals", () => {
  const s = new Sys();
  const f = s.open("/etc/passwd");
  const n = s.alloc(4);
  assert.equal(s.sys("ioctl", f, 0x541b, n), 0);
  assert.equal(s.u32(n), 30);
  assert.equal(s.sys("ioctl", s.open("/tmp", 0o200000), 0x541b, n), -E.ENOTTY);
  assert.equal(s.sys("ioctl", s.open("/tmp", O_PATH), 0x541b, n), -E.EBADF);
  assert.equal(s.sys("ioctl", f, 0x5401, n), -E.ENOTTY, "TCGETS");
  assert.equal(s.sys("ioctl", 1, 0x5413, n), -E.ENOTTY, "TIOCGWINSZ on a pipe");
  assert.equal(s.sys("ioctl", s.open("/dev/null"), 0x541b, n), -E.ENOTTY);
  assert.equal(s.sys("ioctl", f, 0x1234, n), -E.ENOTTY);
  assert.equal(s.sys("ioctl", f, 0x5421, 0), -E.EFAULT);
  s.mem.write32(n, 1);
  assert.equal(s.sys("ioctl", f, 0x5421, n), 0);
  assert.equal(s.sys("fcntl", f, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
  assert.equal(s.sys("ioctl", f, 0x5451, 0), 0);
  assert.equal(s.sys("fcntl", f, F_GETFD), 1);
  assert.equal(s.sys("ioctl", f, 0x5450, 0), 0);
  assert.equal(s.sys("fcntl", f, F_GETFD), 0);
  assert.equal(s.sys("ioctl", f, 2, n), 0);
  assert.equal(s.u32(n), 4096);
  const [r, w] = pipe(s);
  s.write(w, "abc");
  assert.equal(s.sys("ioctl", r, 0x541b, n), 0);
  assert.equal(s.u32(n), 3);
});

Deno.test("ioctl: terminal requests when the host console is a terminal", () => {
  const host = {
    readStdin: () => new Uint8Array(0),
    writeStdout: () => {},
    writeStderr: () => {},
    isTerminal: () => true,
    terminalSize: (): [number, number] => [40, 120],
  };
  const s = new Sys({ host });
  const ws = s.alloc(8);
  assert.equal(s.sys("ioctl", 1, 0x5413, ws), 0);
  assert.deepEqual([s.u16(ws), s.u16(ws + 2)], [40, 120]);
  const t = s.alloc(36);
  assert.equal(s.sys("ioctl", 0, 0x5401, t), 0);
  assert.equal(s.u32(t + 12) & 2, 2, "ICANON");
  s.mem.write32(t + 12, 0);
  assert.equal(s.sys("ioctl", 0, 0x5402, t), 0);
  const t2 = s.alloc(36);
  s.sys("ioctl", 0, 0x5401, t2);
  assert.equal(s.u32(t2 + 12), 0, "TCSETS is remembered");
  const pg = s.alloc(4);
  assert.equal(s.sys("ioctl", 0, 0x540f, pg), 0);
  assert.equal(s.u32(pg), 2);
  assert.equal(s.sys("fcntl", 0, F_GETFL), O_RDWR | 0o100000);
  const buf = s.alloc(64);
  const n = s.sys("readlink", s.str("/proc/self/fd/0"), buf, 64);
  assert.equal(s.text(buf, n), "/dev/pts/0");
});

Deno.test("flock: locks belong to open file descriptions; LOCK_NB conflicts, LOCK_UN, EINVAL", () => {
  const s = new Sys();
  const a = s.open("/tmp/lk", O_CREAT | O_RDWR), b = s.open("/tmp/lk", O_RDWR);
  assert.equal(s.sys("flock", a, 2), 0);
  assert.equal(s.sys("flock", b, 1 | 4), -E.EAGAIN);
  assert.equal(s.sys("flock", a, 1), 0, "convert to shared");
  assert.equal(s.sys("flock", b, 1 | 4), 0);
  assert.equal(s.sys("flock", b, 2 | 4), -E.EAGAIN);
  assert.equal(s.sys("flock", a, 99), 0, "LOCK_MAND is ignored");
  assert.equal(s.sys("flock", s.open("/tmp", O_PATH), 2), -E.EBADF);
  assert.equal(s.sys("flock", a, 4), -E.EINVAL);
  const dupA = s.sys("dup", a);
  assert.equal(s.sys("flock", dupA, 8), 0, "a dup unlocks the same lock");
  assert.equal(s.sys("flock", b, 8), 0);
  assert.equal(s.sys("flock", b, 2 | 4), 0);
  assert.equal(s.sys("close", b), 0);
  assert.equal(s.sys("flock", a, 2 | 4), 0, "closing releases the lock");
});

Deno.test("pipe/pipe2: data flow, EOF, EPIPE with SIGPIPE, O_NONBLOCK and EFAULT", () => {
  const s = new Sys();
  assert.equal(s.sys("pipe2", s.alloc(8), 0o10), -E.EINVAL);
  const [r, w] = pipe(s, O_NONBLOCK);
  assert.deepEqual([r, w], [3, 4]);
  assert.equal(s.sys("fcntl", r, F_GETFL), O_NONBLOCK);
  assert.equal(s.sys("fcntl", w, F_GETFL), O_NONBLOCK | O_WRONLY);
  assert.equal(s.sys("read", r, s.alloc(4), 4), -E.EAGAIN);
  assert.equal(s.write(w, "ping"), 4);
  assert.equal(s.read(r), "ping");
  assert.equal(s.write(r, "x"), -E.EBADF);
  s.sys("close", w);
  assert.equal(s.read(r), "", "EOF once the writers are gone");
  const [r2, w2] = pipe(s);
  s.sys("close", r2);
  const act = s.alloc(32);
  s.mem.write64(act, 1, 0);
  assert.equal(s.sys("rt_sigaction", 13, act, 0, 8), 0);
  assert.equal(s.write(w2, "x"), -E.EPIPE);
  assert.equal(s.p.termSignal, null, "SIGPIPE ignored");
  s.mem.write64(act, 0, 0);
  s.sys("rt_sigaction", 13, act, 0, 8);
  assert.equal(s.write(w2, "x"), -E.EPIPE);
  assert.equal(s.p.termSignal, 13, "default SIGPIPE kills");
  const t = new Sys();
  assert.equal(t.sys("pipe", 0x1000), -E.EFAULT);
  assert.equal(t.sys("fcntl", 3, F_GETFD), -E.EBADF, "no descriptors leak on EFAULT");
});

Deno.test("pipe2/write/read/poll: page slots fill like Linux's; packet mode with O_DIRECT", () => {
  const s = new Sys();
  const big = s.alloc(200000);
  const [r, w] = pipe(s, O_NONBLOCK);
  s.sys("fcntl", r, F_SETPIPE_SZ, 4096);
  assert.equal(s.sys("write", w, big, 4000), 4000);
  assert.equal(
    s.sys("write", w, big, 200),
    -E.EAGAIN,
    "does not fit the last page and no slot is free",
  );
  assert.equal(s.sys("write", w, big, 5000), -E.EAGAIN);
  assert.equal(s.sys("write", w, big, 96), 96);
  assert.equal(s.sys("write", w, big, 1), -E.EAGAIN);
  const [, w2] = pipe(s, O_NONBLOCK);
  let total = 0;
  for (let r2 = 0; r2 >= 0; r2 = s.sys("write", w2, big, 4097)) total += r2;
  assert.equal(total, 45066, "4097-byte writes take a fresh page and top up the last");
  const [r3, w3] = pipe(s, O_NONBLOCK);
  assert.equal(s.sys("write", w3, big, 100000), 65536);
  assert.equal(s.sys("write", w3, big, 10), -E.EAGAIN);
  assert.equal(s.sys("fcntl", r3, F_SETPIPE_SZ, 8192), -E.EBUSY);
  const [r4, w4] = pipe(s, O_NONBLOCK);
  s.sys("write", w4, big, 10);
  s.sys("fcntl", r4, F_SETPIPE_SZ, 0);
  assert.equal(s.sys("write", w4, big, 5000), 904, "only the merged part fits");
  const pfd = s.alloc(8);
  s.mem.write32(pfd, w4);
  s.mem.write16(pfd + 4, 4);
  assert.equal(s.sys("read", r4, big, 5), 5);
  assert.equal(s.sys("poll", pfd, 1, 0), 0, "the only slot is still in use");
  assert.equal(s.sys("write", w4, big, 1), 1, "but a small write still merges");
  const [r5, w5] = pipe(s, O_NONBLOCK | 0o40000);
  s.write(w5, "first");
  s.write(w5, "second");
  assert.equal(s.read(r5, 3), "fir", "a packet is read alone; its rest is dropped");
  assert.equal(s.read(r5, 100), "second");
});

Deno.test("poll/ppoll: readiness of files, pipes and bad descriptors; timeouts advance virtual time", () => {
  const s = new Sys();
  const [r, w] = pipe(s);
  const f = s.open("/etc/passwd");
  const fds = s.alloc(40);
  const set = (i: number, fd: number, ev: number) => {
    s.mem.write32(fds + 8 * i, fd >>> 0);
    s.mem.write16(fds + 8 * i + 4, ev);
    s.mem.write16(fds + 8 * i + 6, 0xffff);
  };
  set(0, r, 1);
  set(1, w, 4);
  set(2, f, 1 | 4);
  set(3, 99, 1);
  set(4, -1, 1);
  assert.equal(s.sys("poll", fds, 5, 0), 3);
  const rev = (i: number) => s.u16(fds + 8 * i + 6);
  assert.deepEqual([rev(0), rev(1), rev(2), rev(3), rev(4)], [0, 4, 5, 0x20, 0]);
  s.write(w, "x");
  s.sys("close", w);
  set(0, r, 1);
  assert.equal(s.sys("poll", fds, 1, 0), 1);
  assert.equal(rev(0), 0x11, "POLLIN|POLLHUP");
  set(0, r, 0);
  s.read(r);
  const before = s.k.sleptNs;
  set(0, s.open("/tmp", O_PATH), 1);
  assert.equal(s.sys("poll", fds, 1, 250), 1);
  assert.equal(rev(0), 0x20);
  const [r2] = pipe(s);
  set(0, r2, 1);
  assert.equal(s.sys("poll", fds, 1, 250), 0);
  assert.equal(s.k.sleptNs - before, 250e6);
  const ts = s.alloc(16);
  s.mem.write64(ts, 1, 0);
  s.mem.write64(ts + 8, 0, 0);
  assert.equal(s.sys("ppoll", fds, 1, ts, 0, 8), 0);
  assert.equal(Number(s.u64(ts)), 0, "remaining time is written back");
  s.mem.write64(ts + 8, 1e9, 0);
  assert.equal(s.sys("ppoll", fds, 1, ts, 0, 8), -E.EINVAL);
  assert.equal(s.sys("ppoll", fds, 1, 0, s.alloc(8), 4), -E.EINVAL);
  assert.equal(s.sys("poll", fds, 5000, 0), -E.EINVAL);
});

Deno.test("select/pselect6: fd_set results, EBADF and timeout updates", () => {
  const s = new Sys();
  const [r, w] = pipe(s);
  const rd = s.alloc(8), wr = s.alloc(8);
  const bits = (a: number) => s.u32(a);
  s.mem.write32(rd, (1 << r) | (1 << 0));
  s.mem.write32(wr, 1 << w);
  assert.equal(s.sys("select", 8, rd, wr, 0, 0), 2, "stdin (host) readable, pipe writable");
  assert.deepEqual([bits(rd), bits(wr)], [1, 1 << w]);
  s.mem.write32(rd, 1 << 9);
  assert.equal(s.sys("select", 10, rd, 0, 0, 0), -E.EBADF);
  assert.equal(s.sys("select", -1, 0, 0, 0, 0), -E.EINVAL);
  const tv = s.alloc(16);
  s.mem.write64(tv, 2, 0);
  s.mem.write64(tv + 8, 500, 0);
  s.mem.write32(rd, 1 << r);
  const before = s.k.sleptNs;
  assert.equal(s.sys("select", 8, rd, 0, 0, tv), 0);
  assert.equal(s.k.sleptNs - before, 2_000_500_000);
  assert.deepEqual([Number(s.u64(tv)), Number(s.u64(tv + 8))], [0, 0]);
  s.mem.write64(tv + 8, 1e6, 0);
  assert.equal(s.sys("select", 8, rd, 0, 0, tv), -E.EINVAL);
  s.mem.write32(rd, 1 << r);
  s.write(w, "y");
  assert.equal(s.sys("pselect6", 8, rd, 0, 0, 0, 0), 1);
});

Deno.test("close/close_range: closing ranges and CLOSE_RANGE_CLOEXEC", () => {
  const s = new Sys();
  for (let i = 0; i < 5; i++) s.sys("dup", 0);
  assert.equal(s.sys("close_range", 4, 5, 4), 0);
  assert.equal(s.sys("fcntl", 4, F_GETFD), 1);
  assert.equal(s.sys("close_range", 4, 6, 0), 0);
  assert.equal(s.sys("fcntl", 4, F_GETFD), -E.EBADF);
  assert.equal(s.sys("fcntl", 7, F_GETFD), 0);
  assert.equal(s.sys("close_range", 3, ~0 >>> 0, 0), 0);
  assert.equal(s.sys("fcntl", 7, F_GETFD), -E.EBADF);
  assert.equal(s.sys("close_range", 5, 4, 0), -E.EINVAL);
  assert.equal(s.sys("close_range", 0, 1, 1), -E.EINVAL);
});

Deno.test("epoll_create/epoll_create1/epoll_ctl: descriptors, errnos and what can be watched", () => {
  const s = new Sys();
  const [r, w] = pipe(s);
  const ev = s.alloc(12);
  s.mem.write32(ev, 1);
  s.mem.write64(ev + 4, 7, 0);
  assert.equal(s.sys("epoll_create", 0), -E.EINVAL);
  assert.equal(s.sys("epoll_create1", 1), -E.EINVAL);
  const e = s.sys("epoll_create1", O_CLOEXEC);
  assert.equal(s.sys("fcntl", e, F_GETFD), 1);
  assert.equal(s.sys("fcntl", e, F_GETFL), O_RDWR);
  const b = s.alloc(64);
  const n = s.sys("readlink", s.str(`/proc/self/fd/${e}`), b, 64);
  assert.equal(s.text(b, n), "anon_inode:[eventpoll]");
  const ctl = (op: number, fd: number, epfd = e) => s.sys("epoll_ctl", epfd, op, fd, ev);
  assert.equal(ctl(1, s.open("/etc/passwd")), -E.EPERM);
  assert.equal(ctl(1, s.open("/tmp", 0o200000)), -E.EPERM);
  assert.equal(ctl(1, s.open("/dev/null")), -E.EPERM);
  assert.equal(ctl(1, s.open("/dev/urandom")), -E.EPERM);
  assert.equal(ctl(1, s.open("/dev/random")), 0);
  assert.equal(ctl(1, e), -E.EINVAL, "not inside itself");
  assert.equal(ctl(1, w, r), -E.EINVAL, "epfd must be an epoll instance");
  assert.equal(ctl(1, 99), -E.EBADF);
  assert.equal(ctl(9, r), -E.EINVAL);
  assert.equal(ctl(1, r), 0);
  assert.equal(ctl(1, r), -E.EEXIST);
  assert.equal(ctl(3, w), -E.ENOENT);
  assert.equal(ctl(2, w), -E.ENOENT);
  s.mem.write32(ev, 1 | (1 << 28));
  const [r2] = pipe(s);
  assert.equal(ctl(1, r2), 0);
  assert.equal(ctl(3, r2), -E.EINVAL, "EPOLLEXCLUSIVE cannot be modified");
  const e2 = s.sys("epoll_create1", 0);
  s.mem.write32(ev, 1);
  assert.equal(ctl(1, e, e2), 0);
  assert.equal(ctl(1, e2, e), -E.ELOOP);
});

Deno.test("epoll_wait/epoll_pwait/epoll_pwait2: level, edge and one-shot reporting; closed files drop out", () => {
  const s = new Sys();
  const [r, w] = pipe(s);
  const e = s.sys("epoll_create1", 0);
  const ev = s.alloc(12), out = s.alloc(96);
  const set = (events: number, data: number) => {
    s.mem.write32(ev, events >>> 0);
    s.mem.write64(ev + 4, data, 0);
  };
  const wait = () => s.sys("epoll_wait", e, out, 8, 0);
  set(1, 7);
  s.sys("epoll_ctl", e, 1, r, ev);
  assert.equal(wait(), 0);
  assert.equal(s.sys("epoll_wait", e, out, 0, 0), -E.EINVAL);
  assert.equal(s.sys("epoll_wait", e, 0, 8, 0), 0, "nothing ready: the buffer is not touched");
  assert.equal(s.sys("epoll_wait", r, out, 8, 0), -E.EINVAL);
  s.write(w, "x");
  assert.equal(wait(), 1);
  assert.deepEqual([s.u32(out), Number(s.u64(out + 4))], [1, 7]);
  assert.equal(wait(), 1, "level-triggered: still readable");
  set(1 | (1 << 31), 9);
  assert.equal(s.sys("epoll_ctl", e, 3, r, ev), 0);
  assert.equal(wait(), 1, "EPOLL_CTL_MOD re-evaluates");
  assert.equal(wait(), 0, "edge-triggered: no new event");
  s.write(w, "y");
  assert.equal(wait(), 1, "every write is an event");
  set(1 | (1 << 30), 9);
  s.sys("epoll_ctl", e, 3, r, ev);
  assert.equal(wait(), 1);
  assert.equal(wait(), 0, "one-shot: disarmed");
  s.sys("epoll_ctl", e, 3, r, ev);
  assert.equal(wait(), 1, "re-armed by EPOLL_CTL_MOD");
  set(4, 11);
  s.sys("epoll_ctl", e, 1, w, ev);
  assert.equal(wait(), 1);
  assert.deepEqual([Number(s.u64(out + 4)), s.u32(out)], [11, 4]);
  s.sys("close", w);
  assert.equal(wait(), 0, "closing the last reference removes the entry");
  const d = s.sys("dup", r);
  s.sys("close", r);
  assert.equal(wait(), 0);
  const ts = s.alloc(16);
  s.mem.write64(ts + 8, 0xffffffff, 0xffffffff);
  assert.equal(s.sys("epoll_pwait2", e, out, 8, ts, 0, 8), -E.EINVAL);
  assert.equal(s.sys("epoll_pwait", e, out, 8, 0, s.alloc(8), 4), -E.EINVAL);
  const before = s.k.sleptNs;
  assert.equal(s.sys("epoll_pwait", e, out, 8, 30, s.alloc(8), 8), 0);
  assert.equal(s.k.sleptNs - before, 30e6);
  const ef = s.sys("eventfd2", 1, 0);
  set(1, 3);
  s.sys("epoll_ctl", e, 1, ef, ev);
  const outer = s.sys("epoll_create1", 0);
  s.sys("epoll_ctl", outer, 1, e, ev);
  assert.equal(s.sys("epoll_wait", outer, out, 8, 0), 1, "a nested instance is readable");
  assert.ok(d > 0);
});

Deno.test("splice/tee/vmsplice: pipe buffers per page, offsets, and Linux's errnos", () => {
  const s = new Sys();
  const f = s.open("/tmp/spf", O_CREAT | O_RDWR);
  const text = Array.from({ length: 100000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(
    "",
  );
  s.write(f, text);
  const [r, w] = pipe(s, O_NONBLOCK);
  const off = s.alloc(8);
  const fionread = (fd: number) => {
    const n = s.alloc(4);
    s.sys("ioctl", fd, 0x541b, n);
    return s.u32(n);
  };
  s.mem.write64(off, 100, 0);
  assert.equal(s.sys("splice", f, off, w, 0, 5000, 0), 5000);
  assert.equal(Number(s.u64(off)), 5100);
  assert.equal(s.write(w, "x"), 1, "spliced file pages are not merged into");
  assert.equal(
    s.sys("splice", f, off, w, 0, 200000, 0),
    52244,
    "13 free slots, the first one mid-page",
  );
  assert.deepEqual([fionread(r), Number(s.u64(off))], [57245, 57344]);
  assert.equal(s.sys("splice", f, off, w, 0, 10, 0), -E.EAGAIN);
  assert.equal(s.read(r, 3), "wxy");
  const g = s.open("/tmp/spg", O_CREAT | O_RDWR);
  assert.equal(s.sys("splice", r, 0, g, 0, 10, 0), 10);
  assert.equal(s.sys("lseek", g, 0, 1), 10);
  s.mem.write64(off, 5, 0);
  assert.equal(s.sys("splice", r, 0, g, off, 10, 0), 10);
  assert.equal(Number(s.u64(off)), 15);
  assert.equal(s.sys("splice", r, off, g, 0, 10, 0), -E.ESPIPE);
  assert.equal(s.sys("splice", f, 0, g, 0, 10, 0), -E.EINVAL);
  assert.equal(s.sys("splice", r, 0, w, 0, 10, 0), -E.EINVAL);
  assert.equal(s.sys("splice", r, 0, g, 0, 0, 0), 0);
  assert.equal(s.sys("splice", r, 0, g, 0, 10, 0x10), -E.EINVAL);
  assert.equal(s.sys("splice", r, 0, s.open("/tmp/spf"), 0, 10, 0), -E.EBADF);
  assert.equal(s.sys("splice", r, 0, s.open("/tmp/spg", O_WRONLY | 0o2000), 0, 10, 0), -E.EINVAL);
  const [qr, qw] = pipe(s, O_NONBLOCK);
  assert.equal(s.sys("splice", r, 0, qw, 0, 5000, 0), 5000);
  assert.equal(fionread(qr), 5000);
  assert.equal(s.sys("tee", r, qw, 100, 0), 100);
  assert.deepEqual([fionread(qr), fionread(r)], [5100, 52222]);
  assert.equal(s.sys("tee", r, w, 10, 0), -E.EINVAL);
  assert.equal(s.sys("tee", f, qw, 10, 0), -E.EINVAL);
  const [er, ew] = pipe(s, O_NONBLOCK);
  assert.equal(s.sys("splice", er, 0, g, 0, 10, 0), -E.EAGAIN);
  s.sys("close", ew);
  assert.equal(s.sys("splice", er, 0, g, 0, 10, 0), 0);
  assert.equal(s.sys("tee", er, qw, 10, 0), 0);
  const [vr, vw] = pipe(s, O_NONBLOCK);
  const data = s.str("0123456789abcdefghijklmnop");
  const iov = s.alloc(32);
  s.mem.write64(iov, data, 0);
  s.mem.write64(iov + 8, 10, 0);
  s.mem.write64(iov + 16, data + 20, 0);
  s.mem.write64(iov + 24, 5, 0);
  assert.equal(s.sys("vmsplice", vw, iov, 2, 0), 15);
  const back = s.alloc(32);
  s.mem.write64(iov, back, 0);
  s.mem.write64(iov + 16, back + 10, 0);
  assert.equal(s.sys("vmsplice", vr, iov, 2, 0), 15);
  assert.equal(s.text(back, 15), "0123456789klmno");
  assert.equal(s.sys("vmsplice", f, iov, 2, 0), -E.EBADF);
  assert.equal(s.sys("vmsplice", vw, iov, 2, 0x10), -E.EINVAL);
});
