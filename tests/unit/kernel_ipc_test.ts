/**
 * Waiting on files between threads and processes: blocking pipe reads and
 * writes (EOF, partial progress, EPIPE), and poll, select, epoll, timerfd
 * and eventfd waits that other threads end.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import type { Process } from "../../lib/kernel/process.ts";
import type { Thread } from "../../lib/kernel/thread.ts";
import * as E from "../../lib/kernel/errno.ts";

const THREAD = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000;
const POLLIN = 1, EPOLLIN = 1, EPOLL_CTL_ADD = 1;

function pipe(s: Sys, flags = 0): [number, number] {
  const fds = s.alloc(8);
  assert.equal(s.sys("pipe2", fds, flags), 0);
  return [s.u32(fds), s.u32(fds + 4)];
}

function fork(s: Sys): Process {
  return s.k.vfs.procs.get(s.sys("fork"))!;
}

function thread(s: Sys): Thread {
  return s.k.threads.get(s.sys("clone", THREAD, 0, 0, 0, 0))!;
}

Deno.test("pipes between processes: a read waits for data, then for EOF when the last writer goes", () => {
  const s = new Sys();
  const [r, w] = pipe(s);
  const hello = s.str("hello");
  const c = fork(s);
  const t = s.main;
  const buf = s.alloc(16);
  assert.equal(s.call(t, "read", r, buf, 16), null, "the parent waits");
  assert.equal(s.call(c.thread, "write", w, hello, 5), 5);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), 5);
  assert.equal(s.text(buf, 5), "hello");
  assert.equal(s.sys("close", w), 0, "the parent's own write end");
  assert.equal(s.call(t, "read", r, buf, 16), null, "still waiting: the child holds a write end");
  s.call(c.thread, "exit_group", 0);
  assert.ok(s.resume(t), "the child's exit closed the last writer");
  assert.equal(s.result(t), 0, "EOF");
});

Deno.test("pipes: a blocking write larger than the pipe completes as the reader drains it", () => {
  const s = new Sys();
  const [r, w] = pipe(s);
  const big = 100_000;
  const src = s.alloc(big);
  for (let i = 0; i < big; i += 4) s.mem.write32(src + i, i);
  const writer = thread(s);
  assert.equal(s.call(writer, "write", w, src, big), null, "64 KiB fit, then it waits");
  const dst = s.alloc(big);
  let got = 0;
  while (got < big) {
    const n = s.sys("read", r, dst + got, big - got);
    assert.ok(n > 0);
    got += n;
  }
  assert.ok(s.resume(writer));
  assert.equal(s.result(writer), big, "one write of everything");
  assert.deepEqual(s.mem.readBytes(dst, big), s.mem.readBytes(src, big));
  // Readers gone while a writer waits: it returns what it wrote (SIGPIPE is raised too).
  const act = s.alloc(32);
  s.mem.write32(act, 1); // SIG_IGN
  assert.equal(s.sys("rt_sigaction", 13, act, 0, 8), 0);
  assert.equal(s.call(writer, "write", w, src, big), null);
  assert.equal(s.sys("close", r), 0);
  assert.ok(s.resume(writer));
  assert.equal(s.result(writer), 65536, "the 16 pages that fit");
  assert.equal(s.call(writer, "write", w, src, 1), -E.EPIPE);
});

Deno.test("poll/select/epoll wait for other threads; timeouts report the time left", () => {
  const s = new Sys();
  const [r, w] = pipe(s);
  const t = thread(s);
  const pfd = s.alloc(8);
  s.mem.write32(pfd, r);
  s.mem.write16(pfd + 4, POLLIN);
  assert.equal(s.call(t, "poll", pfd, 1, -1), null, "nothing to read: poll waits");
  assert.equal(s.write(w, "x"), 1);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), 1);
  assert.equal(s.u16(pfd + 6), POLLIN);
  assert.equal(s.read(r), "x");
  // ppoll with a timeout that runs out writes back zero time left.
  const tmo = s.alloc(16);
  s.mem.write32(tmo + 8, 2_000_000);
  const t0 = s.k.elapsedNs();
  assert.equal(s.sys("ppoll", pfd, 1, tmo, 0, 8), 0);
  assert.equal(s.k.elapsedNs() - t0, 2_000_000);
  assert.equal(s.u32(tmo + 8), 0);
  // select, ended by a write after 1 ms of the writer's sleep: 4 ms of 5 are left.
  s.mem.write32(tmo, 0);
  s.mem.write32(tmo + 8, 5000); // timeval: 5 ms
  const set = s.alloc(8);
  s.mem.write8(set, 1 << r);
  assert.equal(s.call(t, "select", r + 1, set, 0, 0, tmo), null);
  assert.equal(
    s.sys("nanosleep", s.data([0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x42, 0x0f, 0, 0, 0, 0, 0]), 0),
    0,
  );
  assert.equal(s.write(w, "y"), 1);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), 1);
  assert.equal(s.u32(tmo + 8), 4000);
  assert.equal(s.read(r), "y");
  // epoll_wait: woken by a write, and by epoll_ctl adding a ready file.
  const ep = s.sys("epoll_create1", 0);
  const ev = s.alloc(12);
  s.mem.write32(ev, EPOLLIN);
  assert.equal(s.sys("epoll_ctl", ep, EPOLL_CTL_ADD, r, ev), 0);
  const out = s.alloc(24);
  assert.equal(s.call(t, "epoll_wait", ep, out, 2, -1), null);
  assert.equal(s.write(w, "z"), 1);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), 1);
  const [r2, w2] = pipe(s);
  assert.equal(s.write(w2, "!"), 1);
  assert.equal(s.read(r), "z");
  assert.equal(s.call(t, "epoll_wait", ep, out, 2, -1), null);
  assert.equal(s.sys("epoll_ctl", ep, EPOLL_CTL_ADD, r2, ev), 0);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), 1);
});

Deno.test("timerfd and eventfd reads wait while other threads run", () => {
  const s = new Sys();
  const tfd = s.sys("timerfd_create", 1, 0);
  const spec = s.alloc(32);
  s.mem.write32(spec + 24, 3_000_000); // it_value: 3 ms
  assert.equal(s.sys("timerfd_settime", tfd, 0, spec, 0), 0);
  const t = thread(s);
  const buf = s.alloc(8);
  assert.equal(s.call(t, "read", tfd, buf, 8), null);
  assert.ok(s.resume(t), "the first thread's instructions bring the expiry");
  assert.equal(s.result(t), 8);
  assert.equal(s.u32(buf), 1);
  assert.ok(s.k.elapsedNs() >= 3_000_000);
  assert.equal(s.k.sleptNs, 0, "no idle time: a thread was running");
  const efd = s.sys("eventfd2", 0, 0);
  assert.equal(s.call(t, "read", efd, buf, 8), null);
  s.mem.write32(buf, 7);
  assert.equal(s.sys("write", efd, buf, 8), 8);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), 8);
  assert.equal(s.u32(buf), 7);
});

Deno.test("splice, tee and vmsplice wait for the other end unless SPLICE_F_NONBLOCK", () => {
  const s = new Sys();
  const [r1, w1] = pipe(s), [r2, w2] = pipe(s);
  const t = thread(s);
  const SPLICE_F_NONBLOCK = 2;
  assert.equal(s.sys("splice", r1, 0, w2, 0, 100, SPLICE_F_NONBLOCK), -E.EAGAIN);
  assert.equal(s.call(t, "splice", r1, 0, w2, 0, 100, 0), null, "an empty source waits");
  assert.equal(s.write(w1, "abc"), 3);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), 3);
  assert.equal(s.call(t, "tee", r2, w1, 100, 0), 3, "tee copies what is there");
  assert.equal(s.read(r2), "abc");
  assert.equal(s.read(r1), "abc");
  assert.equal(s.call(t, "tee", r2, w1, 100, 0), null, "and waits when nothing is");
  assert.equal(s.write(w2, "z"), 1);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), 1);
  // vmsplice into a full pipe waits for room.
  const page = s.sys("mmap", 0, 4096, 3, 0x22, -1, 0); // page-aligned: one slot per call
  const iov = s.alloc(16);
  s.mem.write64(iov, page >>> 0, Math.floor(page / 2 ** 32));
  s.mem.write32(iov + 8, 4096);
  for (let i = 0; i < 15; i++) assert.equal(s.sys("vmsplice", w2, iov, 1, 0), 4096, `page ${i}`);
  assert.equal(s.sys("vmsplice", w2, iov, 1, SPLICE_F_NONBLOCK), -E.EAGAIN);
  assert.equal(s.call(t, "vmsplice", w2, iov, 1, 0), null);
  assert.equal(s.read(r2, 4096)[0], "z", "reading frees the first slot");
  assert.ok(s.resume(t));
  assert.equal(s.result(t), 4096);
});

Deno.test("sendfile into a pipe: a partial transfer returns its count, an empty one waits", () => {
  const s = new Sys();
  const data = new Uint8Array(100_000).map((_, i) => i * 7);
  s.k.addFile("/big", data, 0o644);
  const fd = s.open("/big");
  const [r, w] = pipe(s);
  const t = thread(s);
  assert.equal(s.call(t, "sendfile", w, fd, 0, 100_000), 65536, "what fit");
  assert.equal(s.sys("lseek", fd, 0, 1), 65536, "the file offset follows");
  assert.equal(s.call(t, "sendfile", w, fd, 0, 100_000), null, "a full pipe: wait");
  const buf = s.alloc(100_000);
  let got = 0;
  while (got < 65536) got += s.sys("read", r, buf + got, 65536 - got);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), 100_000 - 65536);
  while (got < 100_000) got += s.sys("read", r, buf + got, 100_000 - got);
  assert.deepEqual(s.mem.readBytes(buf, 100_000), data);
});
