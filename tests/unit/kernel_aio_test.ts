/**
 * Linux AIO: io_setup/io_destroy/io_submit/io_getevents/io_pgetevents/
 * io_cancel. Expected values come from a static probe run on Linux 6.18
 * (ring header, results, errnos, which errors io_submit returns and which
 * go into the event).
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const PREAD = 0, PWRITE = 1, FSYNC = 2, FDSYNC = 3, POLL = 5, PREADV = 7;
/** CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM */
const THREAD = 0x50f00;
const O_RDWR = 2, O_CREAT = 0o100, O_NONBLOCK = 0o4000, POLLIN = 1, POLLOUT = 4;

interface Cb {
  data?: number;
  op: number;
  fd: number;
  buf?: number;
  nbytes?: number;
  offset?: number;
  flags?: number;
  resfd?: number;
  rwFlags?: number;
  reserved2?: number;
}

/** A context and helpers around it. */
class Aio {
  readonly ctx: number;
  readonly list: number;
  readonly events: number;
  constructor(readonly s: Sys, nr = 1) {
    const p = s.alloc(8);
    assert.equal(s.sys("io_setup", nr, p), 0);
    this.ctx = Number(s.u64(p));
    this.list = s.alloc(64);
    this.events = s.alloc(32 * 256);
  }
  /** Write an iocb; returns its address. */
  iocb(c: Cb, at = this.s.alloc(64)): number {
    const s = this.s;
    s.mem.writeBytes(at, new Uint8Array(64));
    const v = new DataView(new ArrayBuffer(64));
    v.setBigUint64(0, BigInt(c.data ?? 0), true);
    v.setUint32(8, 99, true); // aio_key: the kernel resets it
    v.setUint32(12, c.rwFlags ?? 0, true);
    v.setUint16(16, c.op, true);
    v.setInt32(20, c.fd, true);
    v.setBigUint64(24, BigInt(c.buf ?? 0), true);
    v.setBigInt64(32, BigInt(c.nbytes ?? 0), true);
    v.setBigInt64(40, BigInt(c.offset ?? 0), true);
    v.setBigUint64(48, BigInt(c.reserved2 ?? 0), true);
    v.setUint32(56, c.flags ?? 0, true);
    v.setInt32(60, c.resfd ?? 0, true);
    s.mem.writeBytes(at, new Uint8Array(v.buffer));
    return at;
  }
  submit(...cbs: number[]): number {
    cbs.forEach((a, i) => this.s.mem.write64(this.list + 8 * i, a, 0));
    return this.s.sys("io_submit", this.ctx, cbs.length, this.list);
  }
  /** io_getevents; returns [count, [data, obj, res][]]. */
  get(min: number, nr = 8, timeout: number | null = null): [number, [number, number, number][]] {
    let ts = 0;
    if (timeout !== null) {
      ts = this.s.alloc(16);
      this.s.mem.write64(ts, Math.floor(timeout / 1e9), 0);
      this.s.mem.write64(ts + 8, timeout % 1e9, 0);
    }
    const n = this.s.sys("io_getevents", this.ctx, min, nr, this.events, ts);
    const out: [number, number, number][] = [];
    for (let i = 0; i < n; i++) {
      const e = this.events + 32 * i;
      out.push([
        Number(this.s.u64(e)),
        Number(this.s.u64(e + 8)),
        Number(BigInt.asIntN(64, this.s.u64(e + 16))),
      ]);
    }
    return [n, out];
  }
  ring(): number[] {
    return [0, 4, 8, 12, 16, 20, 24, 28].map((o) => this.s.u32(this.ctx + o));
  }
}

Deno.test("io_setup/io_submit/io_getevents/io_destroy: the ring, reads, writes, syncs and errors", () => {
  const s = new Sys();
  const p = s.alloc(8);
  assert.equal(s.sys("io_setup", 0, p), -E.EINVAL);
  s.mem.write64(p, 5, 0);
  assert.equal(s.sys("io_setup", 1, p), -E.EINVAL);
  assert.equal(s.sys("io_setup", 1, 8), -E.EFAULT);
  s.mem.write64(p, 0, 0);
  assert.equal(s.sys("io_setup", 100000, p), -E.EAGAIN);
  assert.equal(s.sys("io_setup", 5000000, p), -E.EINVAL);
  const a = new Aio(s);
  // struct aio_ring: id, nr, head, tail, magic, compat and incompat features, header length.
  assert.deepEqual(a.ring(), [0, 127, 0, 0, 0xa10a10a1, 1, 0, 32]);
  const maps = s.read(s.open("/proc/self/maps"), 65536);
  const hex = a.ctx.toString(16).padStart(8, "0");
  assert.match(maps, new RegExp(`${hex}-[0-9a-f]+ rw-s .*/\\[aio\\] \\(deleted\\)`));
  const fd = s.open("/tmp/f", O_RDWR | O_CREAT);
  const text = s.str("hello aio world");
  const w = a.iocb({ data: 7, op: PWRITE, fd, buf: text, nbytes: 15, offset: 3 });
  assert.equal(a.submit(w), 1);
  assert.equal(s.u32(w + 8), 0, "aio_key is set to KIOCB_KEY");
  assert.equal(a.ring()[3], 1);
  assert.deepEqual(a.get(1), [1, [[7, w, 15]]]);
  assert.deepEqual(a.ring().slice(2, 4), [1, 1]);
  assert.equal(s.sys("lseek", fd, 0, 1), 0, "AIO leaves the file offset alone");
  const rb = s.alloc(64);
  assert.equal(a.submit(a.iocb({ data: 8, op: PREAD, fd, buf: rb, nbytes: 30 })), 1);
  assert.equal(a.get(1)[1][0][2], 18);
  assert.equal(s.text(rb + 3, 15), "hello aio world");
  const iov = s.alloc(32);
  s.mem.write64(iov, rb + 40, 0);
  s.mem.write64(iov + 8, 4, 0);
  s.mem.write64(iov + 16, rb + 50, 0);
  s.mem.write64(iov + 24, 4, 0);
  assert.equal(a.submit(a.iocb({ data: 9, op: PREADV, fd, buf: iov, nbytes: 2, offset: 3 })), 1);
  assert.equal(a.get(0)[1][0][2], 8);
  assert.equal(s.text(rb + 40, 4) + s.text(rb + 50, 4), "hello ai");
  assert.equal(a.submit(a.iocb({ data: 10, op: FSYNC, fd })), 1);
  assert.equal(a.get(1, 8, 1e9)[1][0][2], 0);
  // Errors io_submit returns itself.
  assert.equal(a.submit(a.iocb({ op: FDSYNC, fd, offset: 1 })), -E.EINVAL);
  assert.equal(a.submit(a.iocb({ op: 99, fd })), -E.EINVAL);
  assert.equal(a.submit(a.iocb({ op: PREAD, fd, buf: rb, nbytes: 4, reserved2: 1 })), -E.EINVAL);
  assert.equal(a.submit(a.iocb({ op: PREAD, fd: 999, buf: rb, nbytes: 4 })), -E.EBADF);
  assert.equal(a.submit(a.iocb({ op: PREAD, fd, buf: rb, nbytes: -1 })), -E.EINVAL);
  assert.equal(a.submit(a.iocb({ op: PREAD, fd, buf: rb, nbytes: 4, offset: -1 })), -E.EINVAL);
  assert.equal(
    a.submit(a.iocb({ op: PREAD, fd, buf: rb, nbytes: 4, rwFlags: 0x80000000 })),
    -E.EOPNOTSUPP,
  );
  const ro = s.open("/tmp/f");
  assert.equal(a.submit(a.iocb({ op: PWRITE, fd: ro, buf: rb, nbytes: 4 })), -E.EBADF);
  assert.equal(a.submit(a.iocb({ op: PREAD, fd: s.open("/tmp"), buf: rb, nbytes: 4 })), -E.EINVAL);
  // A bad buffer fails in the event.
  assert.equal(a.submit(a.iocb({ data: 11, op: PREAD, fd, buf: 8, nbytes: 4 })), 1);
  assert.equal(a.get(0)[1][0][2], -E.EFAULT);
  // Later failures only stop the batch.
  const ok = a.iocb({ op: FSYNC, fd }), bad = a.iocb({ op: 99, fd });
  assert.equal(a.submit(ok, bad), 1);
  assert.equal(s.sys("io_submit", a.ctx, 0, a.list), 0);
  assert.equal(s.sys("io_submit", a.ctx, -1, a.list), -E.EINVAL);
  assert.equal(s.sys("io_submit", 12345, 1, a.list), -E.EINVAL);
  assert.equal(s.sys("io_submit", a.ctx, 1, 8), -E.EFAULT);
  assert.equal(a.get(0)[0], 1);
  assert.equal(s.sys("io_getevents", a.ctx, 2, 1, a.events, 0), -E.EINVAL);
  assert.equal(s.sys("io_getevents", a.ctx, -1, 1, a.events, 0), -E.EINVAL);
  assert.equal(s.sys("io_getevents", 999, 0, 1, a.events, 0), -E.EINVAL);
  assert.equal(s.sys("io_getevents", a.ctx, 0, 1, a.events, 8), -E.EFAULT);
  // A fault copying events out leaves them in the ring.
  assert.equal(a.submit(a.iocb({ op: FSYNC, fd })), 1);
  const [head] = a.ring().slice(2);
  assert.equal(s.sys("io_getevents", a.ctx, 1, 8, 8, 0), -E.EFAULT);
  assert.equal(a.ring()[2], head);
  assert.equal(a.get(1)[0], 1);
  // The ring takes nr - 1 requests before EAGAIN.
  const sync = a.iocb({ op: FSYNC, fd });
  let n = 0;
  while (a.submit(sync) === 1) n++;
  assert.equal(n, 126);
  assert.equal(a.submit(sync), -E.EAGAIN);
  assert.equal(a.get(1, 200)[0], 126);
  // Slots are reused; io_destroy unmaps the ring.
  const b = new Aio(s);
  assert.equal(b.ring()[0], 1);
  assert.equal(s.sys("io_destroy", a.ctx), 0);
  assert.equal(s.sys("io_destroy", a.ctx), -E.EINVAL);
  assert.equal(s.sys("io_destroy", 0), -E.EINVAL);
  const c = new Aio(s, 300);
  assert.deepEqual(c.ring().slice(0, 2), [0, 639]);
});

Deno.test("io_submit/io_getevents/io_cancel: polls, eventfd notification, pipes and blocking waits", () => {
  const s = new Sys();
  const a = new Aio(s);
  const fd = s.open("/tmp/f", O_RDWR | O_CREAT);
  s.write(fd, "0123456789");
  const rb = s.alloc(64);
  const efd = s.sys("eventfd2", 0, 0);
  // IOCB_FLAG_RESFD: the eventfd counts completions.
  assert.equal(a.submit(a.iocb({ op: PREAD, fd, buf: rb, nbytes: 5, flags: 1, resfd: efd })), 1);
  assert.equal(s.read(efd, 8).charCodeAt(0), 1);
  assert.equal(
    a.submit(a.iocb({ op: PREAD, fd, buf: rb, nbytes: 5, flags: 1, resfd: fd })),
    -E.EINVAL,
  );
  assert.equal(
    a.submit(a.iocb({ op: PREAD, fd, buf: rb, nbytes: 5, flags: 1, resfd: 999 })),
    -E.EBADF,
  );
  assert.equal(a.get(0)[0], 1);
  // A poll waits for its file; io_cancel completes it with 0.
  const pp = s.alloc(8);
  s.sys("pipe2", pp, 0);
  const rd = s.i32(pp), wr = s.i32(pp + 4);
  const poll = a.iocb({ data: 42, op: POLL, fd: rd, buf: POLLIN });
  assert.equal(a.submit(poll), 1);
  assert.deepEqual(a.get(1, 8, 0), [0, []]);
  assert.equal(s.sys("io_cancel", a.ctx, poll, a.events), -E.EINPROGRESS);
  assert.deepEqual(a.get(1, 8, 0), [1, [[42, poll, 0]]]);
  assert.equal(s.sys("io_cancel", a.ctx, poll, a.events), -E.EINVAL);
  s.mem.write32(poll + 8, 1);
  assert.equal(s.sys("io_cancel", a.ctx, poll, a.events), -E.EINVAL);
  assert.equal(s.sys("io_cancel", a.ctx, 8, a.events), -E.EFAULT);
  // io_getevents blocks until the poll's file is ready (another thread writes).
  const poll2 = a.iocb({ data: 43, op: POLL, fd: rd, buf: POLLIN });
  assert.equal(a.submit(poll2), 1);
  const helper = s.k.threads.get(s.sys("clone", THREAD, 0, 0, 0, 0))!;
  const xy = s.str("xyabc");
  assert.equal(s.call(s.main, "io_getevents", a.ctx, 1, 8, a.events, 0), null);
  assert.equal(s.call(helper, "write", wr, xy, 2), 2);
  assert.ok(s.resume(s.main));
  assert.equal(s.result(s.main), 1);
  assert.equal(Number(s.u64(a.events + 16)), POLLIN | 0x40);
  assert.equal(a.submit(a.iocb({ data: 44, op: PREAD, fd: rd, buf: rb, nbytes: 10 })), 1);
  assert.equal(a.get(1)[1][0][2], 2);
  assert.equal(a.submit(a.iocb({ op: POLL, fd: rd, buf: 0x10000 })), -E.EINVAL);
  assert.equal(a.submit(a.iocb({ op: POLL, fd: wr, buf: POLLOUT })), 1);
  assert.equal(a.get(1)[1][0][2], POLLOUT);
  assert.equal(a.submit(a.iocb({ op: FSYNC, fd: wr })), -E.EINVAL);
  // A blocking pipe read blocks io_submit itself; a non-blocking one fails in the event.
  const r2 = a.iocb({ data: 45, op: PREAD, fd: rd, buf: rb, nbytes: 10 });
  assert.equal(s.call(s.main, "io_submit", a.ctx, 1, (s.mem.write64(a.list, r2, 0), a.list)), null);
  assert.equal(s.call(helper, "write", wr, xy + 2, 3), 3);
  assert.ok(s.resume(s.main));
  assert.equal(s.result(s.main), 1);
  assert.equal(a.get(1)[1][0][2], 3);
  s.sys("fcntl", rd, 4, O_NONBLOCK);
  assert.equal(a.submit(a.iocb({ op: PREAD, fd: rd, buf: rb, nbytes: 10 })), 1);
  assert.equal(a.get(1)[1][0][2], -E.EAGAIN);
  // eventfds read through AIO (8 bytes or EINVAL in the event) but have no write_iter.
  const v = s.alloc(8);
  s.mem.write64(v, 5, 0);
  assert.equal(a.submit(a.iocb({ op: PWRITE, fd: efd, buf: v, nbytes: 8 })), -E.EINVAL);
  s.sys("write", efd, v, 8);
  assert.equal(a.submit(a.iocb({ op: PREAD, fd: efd, buf: rb, nbytes: 4 })), 1);
  assert.equal(a.get(1)[1][0][2], -E.EINVAL);
  assert.equal(a.submit(a.iocb({ op: PREAD, fd: efd, buf: rb, nbytes: 8 })), 1);
  assert.equal(a.get(1)[1][0][2], 8);
  assert.equal(Number(s.u64(rb)), 5);
  // Timeouts pass in virtual time.
  assert.deepEqual(a.get(1, 8, 20e6), [0, []]);
  // io_pgetevents: a null usig or a null mask, and the mask size checked.
  const z = s.alloc(16), us = s.alloc(16), m = s.alloc(8);
  assert.equal(s.sys("io_pgetevents", a.ctx, 1, 8, a.events, z, 0), 0);
  s.mem.write64(us + 8, 8, 0);
  assert.equal(s.sys("io_pgetevents", a.ctx, 1, 8, a.events, z, us), 0);
  s.mem.write64(us, m, 0);
  s.mem.write64(us + 8, 4, 0);
  assert.equal(s.sys("io_pgetevents", a.ctx, 1, 8, a.events, z, us), -E.EINVAL);
  s.mem.write64(us + 8, 8, 0);
  assert.equal(s.sys("io_pgetevents", a.ctx, 1, 8, a.events, z, us), 0);
  assert.equal(s.sys("io_pgetevents", a.ctx, 1, 8, a.events, z, 8), -E.EFAULT);
});
