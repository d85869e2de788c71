/**
 * AF_UNIX sockets driven through the system calls: creation and errnos,
 * names, connections and backlogs, datagrams, descriptor and credential
 * passing, blocking calls that other threads or processes end, readiness,
 * options and the batch calls. Expected values are those of native Linux.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import type { Process } from "../../lib/kernel/process.ts";
import type { Thread } from "../../lib/kernel/thread.ts";
import * as E from "../../lib/kernel/errno.ts";

const AF_UNIX = 1, AF_INET = 2;
const STREAM = 1, DGRAM = 2, RAW = 3, RDM = 4, SEQPACKET = 5;
const NONBLOCK = 0o4000, CLOEXEC = 0o2000000;
const SOL_SOCKET = 1;
const SO_TYPE = 3, SO_ERROR = 4, SO_SNDBUF = 7, SO_RCVBUF = 8, SO_PASSCRED = 16;
const SO_PEERCRED = 17, SO_RCVTIMEO = 20, SO_ACCEPTCONN = 30;
const MSG_PEEK = 2, MSG_CTRUNC = 8, MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40;
const MSG_NOSIGNAL = 0x4000, MSG_WAITFORONE = 0x10000;
const THREAD = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000;
const POLLIN = 1, POLLOUT = 4, POLLHUP = 0x10, POLLRDHUP = 0x2000;

function pair(s: Sys, type = STREAM): [number, number] {
  const sv = s.alloc(8);
  assert.equal(s.sys("socketpair", AF_UNIX, type, 0, sv), 0);
  return [s.u32(sv), s.u32(sv + 4)];
}

/** A sockaddr_un for a path (length: family + path + NUL) or an abstract name ("@name"). */
function addr(s: Sys, name: string): [number, number] {
  const bytes = new TextEncoder().encode(name.startsWith("@") ? "\0" + name.slice(1) : name);
  const a = s.alloc(110);
  s.mem.write16(a, AF_UNIX);
  s.mem.writeBytes(a + 2, bytes);
  return [a, 2 + bytes.length + (name.startsWith("@") ? 0 : 1)];
}

function sock(s: Sys, type = STREAM): number {
  const fd = s.sys("socket", AF_UNIX, type, 0);
  assert.ok(fd >= 0);
  return fd;
}

function getopt(s: Sys, fd: number, name: number): number {
  const v = s.alloc(4), l = s.alloc(4);
  s.mem.write32(l, 4);
  assert.equal(s.sys("getsockopt", fd, SOL_SOCKET, name, v, l), 0);
  return s.i32(v);
}

function setopt(s: Sys, fd: number, name: number, val: number): number {
  const v = s.alloc(4);
  s.mem.write32(v, val);
  return s.sys("setsockopt", fd, SOL_SOCKET, name, v, 4);
}

function thread(s: Sys): Thread {
  return s.k.threads.get(s.sys("clone", THREAD, 0, 0, 0, 0))!;
}

function fork(s: Sys): Process {
  return s.k.vfs.procs.get(s.sys("fork"))!;
}

/** The length a getsockname/getpeername-style call reports. */
function nameLen(s: Sys, call: string, fd: number): number {
  const a = s.alloc(128), l = s.alloc(4);
  s.mem.write32(l, 128);
  const r = s.sys(call, fd, a, l);
  return r < 0 ? r : s.u32(l);
}

/** A msghdr with one iovec of `len` bytes at `buf` and an optional control buffer. */
function msghdr(s: Sys, buf: number, len: number, control = 0, controllen = 0): number {
  const iov = s.alloc(16);
  s.mem.write64(iov, buf, 0);
  s.mem.write64(iov + 8, len, 0);
  const m = s.alloc(56);
  s.mem.write64(m + 16, iov, 0);
  s.mem.write64(m + 24, 1, 0);
  s.mem.write64(m + 32, control, 0);
  s.mem.write64(m + 40, controllen, 0);
  return m;
}

/** A control buffer holding one SCM_RIGHTS message with `fds`. */
function rights(s: Sys, fds: number[]): [number, number] {
  const len = 16 + 4 * fds.length;
  const c = s.alloc((len + 7) & ~7);
  s.mem.write64(c, len, 0);
  s.mem.write32(c + 8, SOL_SOCKET);
  s.mem.write32(c + 12, 1);
  fds.forEach((fd, i) => s.mem.write32(c + 16 + 4 * i, fd));
  return [c, (len + 7) & ~7];
}

Deno.test("socket/socketpair: types, flags and errnos; SOCK_RAW acts as SOCK_DGRAM", () => {
  const s = new Sys();
  const fd = s.sys("socket", AF_UNIX, STREAM | NONBLOCK | CLOEXEC, 0);
  assert.equal(fd, 3);
  assert.equal(s.sys("fcntl", fd, 3), 0o4002, "O_RDWR | O_NONBLOCK");
  assert.equal(s.sys("fcntl", fd, 1), 1, "FD_CLOEXEC");
  const st = s.alloc(144);
  assert.equal(s.sys("fstat", fd, st), 0);
  assert.equal(s.u32(st + 24), 0o140777);
  assert.equal(s.sys("socket", AF_INET, STREAM, 0), -E.EAFNOSUPPORT);
  assert.equal(s.sys("socket", 99, STREAM, 0), -E.EAFNOSUPPORT);
  assert.equal(s.sys("socket", AF_UNIX, 20, 0), -E.EINVAL);
  assert.equal(s.sys("socket", AF_UNIX, STREAM | 0x100000, 0), -E.EINVAL);
  assert.equal(s.sys("socket", AF_UNIX, RDM, 0), -E.ESOCKTNOSUPPORT);
  assert.equal(s.sys("socket", AF_UNIX, STREAM, 2), -E.EPROTONOSUPPORT);
  assert.equal(getopt(s, s.sys("socket", AF_UNIX, RAW, 1), SO_TYPE), DGRAM);
  const sv = s.alloc(8);
  assert.equal(s.sys("socketpair", AF_INET, STREAM, 0, sv), -E.EOPNOTSUPP);
  assert.equal(s.sys("socketpair", AF_UNIX, STREAM, 0, 8), -E.EFAULT);
  assert.equal(s.sys("socket", AF_UNIX, SEQPACKET, 0), 5, "the failed pair left no descriptors");
});

Deno.test("socketpair: stream data both ways, EOF after shutdown and close, EPIPE with SIGPIPE", () => {
  const s = new Sys();
  const [a, b] = pair(s);
  assert.equal(s.write(a, "ping"), 4);
  assert.equal(s.read(b), "ping");
  assert.equal(s.write(b, "pong"), 4);
  assert.equal(s.read(a), "pong");
  assert.equal(s.write(a, "last"), 4);
  assert.equal(s.sys("shutdown", a, 1), 0);
  assert.equal(s.read(b), "last");
  assert.equal(s.read(b), "", "EOF after SHUT_WR");
  // SIGPIPE blocked so that it stays pending where rt_sigpending sees it.
  const set = s.alloc(8);
  s.mem.write32(set, 1 << 12);
  assert.equal(s.sys("rt_sigprocmask", 0, set, 0, 8), 0);
  const x = s.str("x");
  assert.equal(s.sys("sendto", a, x, 1, MSG_NOSIGNAL, 0, 0), -E.EPIPE);
  assert.equal(s.sys("rt_sigpending", set, 8), 0);
  assert.equal(s.u32(set), 0, "MSG_NOSIGNAL: no signal");
  assert.equal(s.sys("write", a, x, 1), -E.EPIPE);
  assert.equal(s.sys("rt_sigpending", set, 8), 0);
  assert.equal(s.u32(set), 1 << 12, "SIGPIPE");
  assert.equal(s.write(b, "to a"), 4);
  assert.equal(s.sys("close", b), 0);
  assert.equal(s.read(a), "to a", "data sent before the close");
  assert.equal(s.read(a), "");
});

Deno.test("bind/listen/connect/accept: path and abstract names, EADDRINUSE, ECONNREFUSED, backlog", () => {
  const s = new Sys();
  const [pa, plen] = addr(s, "/tmp/srv");
  const srv = sock(s);
  const c0 = sock(s);
  assert.equal(s.sys("connect", c0, pa, plen), -E.ENOENT);
  assert.equal(s.sys("listen", srv, 1), -E.EINVAL, "not bound");
  assert.equal(s.sys("bind", srv, pa, plen), 0);
  assert.equal(s.sys("bind", srv, ...addr(s, "/tmp/other")), -E.EINVAL, "bound already");
  assert.equal((s.stat("/tmp/srv") as { mode: number }).mode, 0o140755);
  assert.equal(s.sys("bind", sock(s), pa, plen), -E.EADDRINUSE);
  assert.equal(s.sys("connect", c0, pa, plen), -E.ECONNREFUSED, "not listening");
  assert.equal(s.open("/tmp/srv", 2), -E.ENXIO);
  assert.equal(s.sys("listen", srv, 0), 0);
  assert.equal(getopt(s, srv, SO_ACCEPTCONN), 1);
  const c1 = s.sys("socket", AF_UNIX, STREAM | NONBLOCK, 0);
  const c2 = s.sys("socket", AF_UNIX, STREAM | NONBLOCK, 0);
  assert.equal(s.sys("connect", c1, pa, plen), 0);
  assert.equal(s.sys("connect", c2, pa, plen), -E.EAGAIN, "backlog 0 holds one connection");
  assert.equal(s.write(c1, "early"), 5, "a connected client can write before accept");
  const peer = s.alloc(110), plenp = s.alloc(4);
  s.mem.write32(plenp, 110);
  const acc = s.sys("accept4", srv, peer, plenp, NONBLOCK);
  assert.ok(acc >= 0);
  assert.equal(s.u32(plenp), 2, "the client is unnamed");
  assert.equal(s.sys("fcntl", acc, 3), 0o4002);
  assert.equal(s.read(acc), "early");
  assert.equal(nameLen(s, "getsockname", acc), 2 + 8 + 1, "the listener's name");
  assert.equal(s.sys("connect", c2, pa, plen), 0, "room again");
  assert.equal(s.sys("connect", c1, pa, plen), -E.EAGAIN, "backlog full comes first");
  assert.equal(s.sys("accept", srv, 0, 0), acc + 1);
  assert.equal(s.sys("connect", c1, pa, plen), -E.EISCONN);
  assert.equal(s.sys("accept", c1, 0, 0), -E.EINVAL);
  assert.equal(s.sys("accept4", srv, 0, 0, 1), -E.EINVAL);
  // Abstract names and types.
  const d = sock(s, DGRAM);
  const [aa, alen] = addr(s, "@abs");
  assert.equal(s.sys("bind", d, aa, alen), 0);
  assert.equal(s.sys("bind", sock(s, DGRAM), aa, alen), -E.EADDRINUSE);
  assert.equal(s.sys("connect", sock(s), aa, alen), -E.EPROTOTYPE);
  assert.equal(s.sys("listen", d, 1), -E.EOPNOTSUPP);
  assert.equal(s.sys("close", d), 0);
  assert.equal(s.sys("bind", sock(s, DGRAM), aa, alen), 0, "the name is free after close");
  // The server goes: its path stays but leads nowhere.
  assert.equal(s.sys("close", srv), 0);
  assert.equal(s.sys("connect", sock(s), pa, plen), -E.ECONNREFUSED);
});

Deno.test("sendto/recvfrom/sendmsg/recvmsg: datagram addresses, MSG_TRUNC, MSG_PEEK, queue limit", () => {
  const s = new Sys();
  const x = s.sys("socket", AF_UNIX, DGRAM | NONBLOCK, 0);
  const y = s.sys("socket", AF_UNIX, DGRAM | NONBLOCK, 0);
  const [xa, xl] = addr(s, "@x"), [ya, yl] = addr(s, "@y");
  assert.equal(s.sys("bind", x, xa, xl), 0);
  assert.equal(s.sys("bind", y, ya, yl), 0);
  const msg = s.str("datagram");
  assert.equal(s.sys("sendto", x, msg, 8, 0, 0, 0), -E.ENOTCONN);
  assert.equal(s.sys("sendto", x, msg, 8, 0, ya, yl), 8);
  const buf = s.alloc(16), from = s.alloc(110), fl = s.alloc(4);
  s.mem.write32(fl, 110);
  assert.equal(s.sys("recvfrom", y, buf, 4, MSG_PEEK, from, fl), 4);
  assert.equal(s.u32(fl), 4, "from @x");
  assert.equal(s.sys("recvfrom", y, buf, 4, MSG_PEEK | MSG_TRUNC, 0, 0), 8);
  const m = msghdr(s, buf, 4);
  assert.equal(s.sys("recvmsg", y, m, 0), 4);
  assert.equal(s.u32(m + 48), MSG_TRUNC, "the rest was dropped");
  assert.equal(s.sys("recvfrom", y, buf, 16, 0, 0, 0), -E.EAGAIN);
  let n = 0;
  while (s.sys("sendto", x, msg, 1, 0, ya, yl) === 1) n++;
  assert.equal(n, 11, "max_dgram_qlen 10: the 12th waits");
  assert.equal(s.sys("sendto", x, msg, 1, 0, ya, yl), -E.EAGAIN);
  assert.equal(s.sys("sendto", x, msg, 300000, 0, ya, yl), -E.EMSGSIZE);
  assert.equal(s.sys("sendto", x, msg, 1, 0, ...addr(s, "@nobody")), -E.ECONNREFUSED);
  // A connected datagram socket whose peer closes.
  const z = sock(s, DGRAM);
  assert.equal(s.sys("connect", z, xa, xl), 0);
  assert.equal(s.sys("sendto", z, msg, 2, 0, 0, 0), 2);
  assert.equal(nameLen(s, "getpeername", z), 4);
  assert.equal(s.sys("close", x), 0);
  assert.equal(s.sys("sendto", z, msg, 2, 0, 0, 0), -E.ECONNREFUSED);
  assert.equal(s.sys("sendto", z, msg, 2, 0, 0, 0), -E.ENOTCONN, "disconnected");
});

Deno.test("sendmsg/recvmsg: SCM_RIGHTS passes descriptors between processes; MSG_CTRUNC; SCM_CREDENTIALS", () => {
  const s = new Sys();
  const [a, b] = pair(s);
  const [d0, d1] = pair(s, DGRAM);
  const pfd = s.alloc(8);
  assert.equal(s.sys("pipe2", pfd, 0), 0);
  const [r, w] = [s.u32(pfd), s.u32(pfd + 4)];
  // What the child sends is set up before the fork (its memory is a copy).
  const data = s.str("fd!");
  const sendR = msghdr(s, data, 3, ...rights(s, [r]));
  const sendW = msghdr(s, data, 3, ...rights(s, [w]));
  const c = fork(s);
  assert.equal(s.sys("close", r), 0);
  assert.equal(s.call(c.thread, "sendmsg", a, sendR, 0), 3);
  assert.equal(s.call(c.thread, "close", r), 0);
  assert.equal(s.write(w, "via pipe"), 8, "no EPIPE: the read end in flight keeps the pipe open");
  const buf = s.alloc(16), rctl = s.alloc(24);
  const m = msghdr(s, buf, 16, rctl, 24);
  assert.equal(s.sys("recvmsg", b, m, 0x40000000), 3);
  assert.equal(Number(s.u64(m + 40)), 24, "msg_controllen: one aligned message");
  assert.equal(s.u32(m + 48), 0x40000000, "MSG_CMSG_CLOEXEC is echoed in msg_flags");
  assert.deepEqual([Number(s.u64(rctl)), s.u32(rctl + 8), s.u32(rctl + 12)], [20, 1, 1]);
  const got = s.u32(rctl + 16);
  assert.equal(s.sys("fcntl", got, 1), 1, "FD_CLOEXEC");
  assert.equal(s.read(got), "via pipe");
  // No room for the descriptor: MSG_CTRUNC, and it is closed.
  assert.equal(s.call(c.thread, "sendmsg", a, sendW, 0), 3);
  const m2 = msghdr(s, buf, 16);
  assert.equal(s.sys("recvmsg", b, m2, 0), 3);
  assert.equal(s.u32(m2 + 48), MSG_CTRUNC);
  assert.equal(s.sys("sendmsg", a, msghdr(s, data, 3, ...rights(s, [99])), 0), -E.EBADF);
  // Credentials of the sender when the receiver asks for them.
  assert.equal(setopt(s, d1, SO_PASSCRED, 1), 0);
  assert.equal(s.call(c.thread, "sendto", d0, data, 1, 0, 0, 0), 1);
  const cctl = s.alloc(32);
  const m3 = msghdr(s, buf, 16, cctl, 32);
  assert.equal(s.sys("recvmsg", d1, m3, 0), 1);
  assert.equal(Number(s.u64(cctl)), 28);
  assert.equal(s.u32(cctl + 12), 2, "SCM_CREDENTIALS");
  assert.equal(s.u32(cctl + 16), c.pid);
});

Deno.test("sockets: blocking accept, connect, recv and send wait for the peer; poll and epoll see sockets", () => {
  const s = new Sys();
  const [pa, plen] = addr(s, "@wait");
  const srv = sock(s);
  assert.equal(s.sys("bind", srv, pa, plen), 0);
  assert.equal(s.sys("listen", srv, 0), 0);
  const t = thread(s);
  assert.equal(s.call(t, "accept", srv, 0, 0), null, "nobody connects yet");
  const pfd = s.alloc(8);
  s.mem.write32(pfd, srv);
  s.mem.write16(pfd + 4, POLLIN);
  assert.equal(s.sys("poll", pfd, 1, 0), 0);
  const c = sock(s);
  assert.equal(s.sys("connect", c, pa, plen), 0);
  assert.ok(s.resume(t));
  const acc = s.result(t);
  assert.ok(acc > c);
  // A second client fills the backlog; a third waits until accept makes room.
  assert.equal(s.sys("connect", sock(s), pa, plen), 0);
  const c3 = sock(s);
  assert.equal(s.call(t, "connect", c3, pa, plen), null);
  assert.equal(s.sys("accept", srv, 0, 0) > 0, true);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), 0);
  // recv waits for data; poll and epoll report it.
  const buf = s.alloc(8);
  assert.equal(s.call(t, "recvfrom", acc, buf, 8, 0, 0, 0), null);
  s.mem.write32(pfd, acc);
  s.mem.write16(pfd + 4, POLLIN | POLLOUT);
  assert.equal(s.sys("poll", pfd, 1, 0), 1);
  assert.equal(s.u16(pfd + 6), POLLOUT);
  const ep = s.sys("epoll_create1", 0);
  const ev = s.alloc(12);
  s.mem.write32(ev, 1);
  assert.equal(s.sys("epoll_ctl", ep, 1, acc, ev), 0);
  assert.equal(s.write(c, "wake"), 4);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), 4);
  assert.equal(s.write(c, "more"), 4);
  const out = s.alloc(24);
  assert.equal(s.sys("epoll_wait", ep, out, 2, 0), 1);
  assert.equal(s.u32(out), 1);
  // A send larger than the buffer waits until the reader drains it.
  assert.equal(setopt(s, c, SO_SNDBUF, 5000), 0);
  const big = 40000, src = s.alloc(big), dst = s.alloc(big + 4);
  assert.equal(s.call(t, "sendto", c, src, big, 0, 0, 0), null);
  let got = 0;
  while (got < big + 4) {
    const n = s.sys("recvfrom", acc, dst + got, big + 4 - got, 0, 0, 0);
    assert.ok(n > 0);
    got += n;
  }
  assert.equal(s.result(t), big, "one send of everything");
  // Hang-up: the peer's close shows as POLLIN|POLLHUP|POLLRDHUP.
  assert.equal(s.sys("close", c), 0);
  s.mem.write16(pfd + 4, POLLIN | POLLRDHUP);
  assert.equal(s.sys("poll", pfd, 1, 0), 1);
  assert.equal(s.u16(pfd + 6), POLLIN | POLLHUP | POLLRDHUP);
  // SO_RCVTIMEO: a receive gives up with EAGAIN once the time has passed.
  const [p0] = pair(s);
  const tv = s.alloc(16);
  s.mem.write32(tv + 8, 2000); // 2 ms
  assert.equal(s.sys("setsockopt", p0, SOL_SOCKET, SO_RCVTIMEO, tv, 16), 0);
  const t0 = s.k.elapsedNs();
  assert.equal(s.sys("recvfrom", p0, buf, 8, 0, 0, 0), -E.EAGAIN);
  assert.ok(s.k.elapsedNs() - t0 >= 2_000_000);
});

Deno.test("getsockopt/setsockopt: SO_TYPE, SO_ERROR, buffers, SO_PEERCRED, timeouts", () => {
  const s = new Sys();
  const fd = sock(s, SEQPACKET);
  assert.equal(getopt(s, fd, SO_TYPE), SEQPACKET);
  assert.equal(getopt(s, fd, SO_ERROR), 0);
  assert.equal(getopt(s, fd, SO_SNDBUF), 212992);
  assert.equal(setopt(s, fd, SO_SNDBUF, 1000), 0);
  assert.equal(getopt(s, fd, SO_SNDBUF), 4608, "doubled, at least SOCK_MIN_SNDBUF");
  assert.equal(setopt(s, fd, SO_RCVBUF, 1 << 30), 0);
  assert.equal(getopt(s, fd, SO_RCVBUF), 8388608, "twice rmem_max");
  assert.equal(setopt(s, fd, 999, 1), -E.ENOPROTOOPT);
  assert.equal(setopt(s, fd, SO_TYPE, 1), -E.ENOPROTOOPT);
  assert.equal(s.sys("setsockopt", fd, 6, 1, s.alloc(4), 4), -E.EOPNOTSUPP);
  assert.equal(s.sys("setsockopt", fd, SOL_SOCKET, SO_SNDBUF, s.alloc(4), 2), -E.EINVAL);
  assert.equal(s.sys("setsockopt", fd, SOL_SOCKET, SO_SNDBUF, s.alloc(4), -1), -E.EINVAL);
  const v = s.alloc(12), l = s.alloc(4);
  s.mem.write32(l, 12);
  assert.equal(s.sys("getsockopt", fd, SOL_SOCKET, SO_PEERCRED, v, l), 0);
  assert.deepEqual([s.i32(v), s.i32(v + 4), s.i32(v + 8)], [0, -1, -1], "not connected");
  const [a] = pair(s);
  s.mem.write32(l, 12);
  assert.equal(s.sys("getsockopt", a, SOL_SOCKET, SO_PEERCRED, v, l), 0);
  assert.deepEqual([s.i32(v), s.i32(v + 4), s.i32(v + 8)], [s.p.pid, 0, 0]);
  s.mem.write32(l, 2);
  assert.equal(s.sys("getsockopt", a, SOL_SOCKET, SO_TYPE, v, l), 0);
  assert.equal(s.u32(l), 2, "a short buffer gets what fits");
  const tv = s.alloc(16);
  s.mem.write32(tv, 3);
  s.mem.write32(tv + 8, 250000);
  assert.equal(s.sys("setsockopt", a, SOL_SOCKET, SO_RCVTIMEO, tv, 16), 0);
  s.mem.write32(tv + 8, 1000000);
  assert.equal(s.sys("setsockopt", a, SOL_SOCKET, SO_RCVTIMEO, tv, 16), -E.EDOM);
  const out = s.alloc(16);
  s.mem.write32(l, 16);
  assert.equal(s.sys("getsockopt", a, SOL_SOCKET, SO_RCVTIMEO, out, l), 0);
  assert.deepEqual([s.u32(out), s.u32(out + 8)], [3, 250000]);
  assert.equal(s.sys("getsockopt", a, 6, 1, v, l), -E.EOPNOTSUPP);
  s.mem.write32(l, -1);
  assert.equal(s.sys("getsockopt", a, SOL_SOCKET, SO_TYPE, v, l), -E.EINVAL);
});

Deno.test("sendmmsg/recvmmsg: batches of datagrams, MSG_WAITFORONE", () => {
  const s = new Sys();
  const [a, b] = pair(s, DGRAM);
  const vec = s.alloc(64 * 4);
  const bufs: number[] = [];
  for (let i = 0; i < 4; i++) {
    const buf = s.alloc(8);
    bufs.push(buf);
    s.mem.writeBytes(buf, new TextEncoder().encode("msg" + i));
    const m = msghdr(s, buf, 4);
    s.mem.writeBytes(vec + 64 * i, s.mem.readBytes(m, 56));
  }
  assert.equal(s.sys("sendmmsg", a, vec, 3, 0), 3);
  assert.equal(s.u32(vec + 56), 4, "msg_len");
  const rvec = s.alloc(64 * 5);
  for (let i = 0; i < 5; i++) {
    s.mem.writeBytes(rvec + 64 * i, s.mem.readBytes(msghdr(s, s.alloc(8), 8), 56));
  }
  assert.equal(
    s.sys("recvmmsg", b, rvec, 5, MSG_WAITFORONE, 0),
    3,
    "stops when the queue is empty",
  );
  assert.equal(s.u32(rvec + 64 * 2 + 56), 4);
  assert.equal(s.sys("recvmmsg", b, rvec, 5, MSG_DONTWAIT, 0), -E.EAGAIN);
  const bad = s.alloc(16);
  s.mem.write32(bad + 8, 2_000_000_000);
  assert.equal(s.sys("recvmmsg", b, rvec, 5, 0, bad), -E.EINVAL);
});

Deno.test("getsockname/getpeername/shutdown: addresses and errnos", () => {
  const s = new Sys();
  const fd = sock(s);
  assert.equal(nameLen(s, "getsockname", fd), 2, "unbound: the family alone");
  assert.equal(nameLen(s, "getpeername", fd), -E.ENOTCONN);
  const auto = s.alloc(2);
  s.mem.write16(auto, AF_UNIX);
  assert.equal(s.sys("bind", fd, auto, 2), 0);
  assert.equal(nameLen(s, "getsockname", fd), 8, "autobind: NUL and five hex digits");
  assert.equal(s.sys("bind", fd, auto, 2), 0, "autobind of a bound socket changes nothing");
  const a = s.alloc(110), l = s.alloc(4);
  s.mem.write32(l, 1);
  assert.equal(s.sys("getsockname", fd, a, l), 0);
  assert.equal(s.u32(l), 8, "the full length, whatever fitted");
  s.mem.write32(l, -1);
  assert.equal(s.sys("getsockname", fd, a, l), -E.EINVAL);
  assert.equal(s.sys("bind", fd, auto, 1), -E.EINVAL);
  assert.equal(s.sys("bind", fd, auto, 200), -E.EINVAL);
  assert.equal(s.sys("shutdown", fd, 3), -E.EINVAL);
  assert.equal(s.sys("shutdown", fd, 2), 0, "an unconnected socket can be shut down");
  assert.equal(s.sys("shutdown", 0, 1), -E.ENOTSOCK);
  assert.equal(s.sys("listen", 77, 1), -E.EBADF);
  assert.equal(s.sys("getsockname", 1, a, l), -E.ENOTSOCK);
  const [x, y] = pair(s);
  assert.equal(s.sys("shutdown", x, 0), 0);
  const buf = s.alloc(4);
  assert.equal(s.sys("recvfrom", x, buf, 4, 0, 0, 0), 0, "SHUT_RD: EOF");
  assert.equal(s.sys("sendto", y, buf, 1, MSG_NOSIGNAL, 0, 0), -E.EPIPE, "the peer may not send");
  assert.equal(nameLen(s, "getpeername", x), 2);
});
