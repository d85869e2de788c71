/**
 * process_madvise and process_mrelease through pidfds, and cachestat on
 * in-memory files. Errnos as in native runs on Linux 6.18.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const MADV_WILLNEED = 3, MADV_DONTNEED = 4, MADV_COLD = 20;

/** An iovec array in scratch memory. */
function iov(s: Sys, vecs: [number, number][]): number {
  const a = s.alloc(vecs.length * 16);
  vecs.forEach(([base, len], i) => {
    s.mem.write64(a + i * 16, base >>> 0, Math.floor(base / 2 ** 32));
    s.mem.write64(a + i * 16 + 8, len >>> 0, 0);
  });
  return a;
}

Deno.test("process_madvise/process_mrelease: pidfds, ranges, remote hints and errors", () => {
  const s = new Sys();
  const m = s.sys("mmap", 0, 3 * 4096, 3, 0x22, -1, 0);
  s.mem.write8(m, 7);
  const self = s.sys("pidfd_open", s.p.pid, 0);
  const child = s.sys("fork");
  const pfd = s.sys("pidfd_open", child, 0);
  const two = iov(s, [[m, 4096], [m + 4096, 100]]);
  assert.equal(s.sys("process_madvise", self, two, 2, MADV_DONTNEED, 0), 4196);
  assert.equal(s.mem.read8(m), 0, "DONTNEED applies to the caller itself");
  assert.equal(s.sys("process_madvise", pfd, two, 2, MADV_COLD, 0), 4196);
  assert.equal(s.sys("process_madvise", pfd, two, 2, MADV_WILLNEED, 0), 4196);
  assert.equal(s.sys("process_madvise", pfd, two, 2, MADV_DONTNEED, 0), -E.EINVAL, "not a hint");
  const holed = iov(s, [[m, 4096], [m + 1, 4096]]);
  assert.equal(
    s.sys("process_madvise", pfd, holed, 2, MADV_COLD, 0),
    4096,
    "done before the bad one",
  );
  assert.equal(s.sys("process_madvise", pfd, iov(s, [[m + 1, 4096]]), 1, MADV_COLD, 0), -E.EINVAL);
  assert.equal(s.sys("process_madvise", pfd, iov(s, [[0x1000, 4096]]), 1, MADV_COLD, 0), -E.ENOMEM);
  assert.equal(s.sys("process_madvise", pfd, two, 2, MADV_COLD, 1), -E.EINVAL);
  assert.equal(s.sys("process_madvise", pfd, two, 1025, MADV_COLD, 0), -E.EINVAL);
  assert.equal(s.sys("process_madvise", pfd, 8, 1, MADV_COLD, 0), -E.EFAULT);
  assert.equal(s.sys("process_madvise", 1, two, 2, MADV_COLD, 0), -E.EBADF);
  assert.equal(s.sys("process_madvise", 99, two, 2, MADV_COLD, 0), -E.EBADF);
  assert.equal(s.sys("process_madvise", pfd, two, 0, MADV_COLD, 0), 0);
  s.p.cred = { ...s.p.cred, capEffective: false };
  assert.equal(s.sys("process_madvise", pfd, two, 2, MADV_COLD, 0), -E.EPERM, "CAP_SYS_NICE");
  assert.equal(s.sys("process_madvise", self, two, 2, MADV_COLD, 0), 4196, "not for itself");
  s.p.cred = { ...s.p.cred, capEffective: true };

  assert.equal(s.sys("process_mrelease", -1, 0), -E.EBADF);
  assert.equal(s.sys("process_mrelease", 0, 1), -E.EINVAL, "flags first");
  assert.equal(s.sys("process_mrelease", self, 0), -E.EINVAL, "not dying");
  assert.equal(s.sys("process_mrelease", pfd, 0), -E.EINVAL);
  assert.equal(s.sys("process_mrelease", 1, 0), -E.EBADF);
  s.call(s.k.vfs.procs.get(child)!.thread, "exit_group", 0);
  assert.equal(s.sys("process_mrelease", pfd, 0), -E.ESRCH, "a zombie's memory is gone");
  assert.equal(s.sys("process_madvise", pfd, two, 2, MADV_COLD, 0), -E.ESRCH);
});

Deno.test("cachestat: every page of an in-memory file is cached; errors in Linux's order", () => {
  const s = new Sys();
  const fd = s.sys("open", s.str("/c"), 0o102, 0o600);
  const data = s.alloc(10000);
  assert.equal(s.sys("write", fd, data, 10000), 10000);
  const range = s.alloc(16), cs = s.alloc(40);
  const stat = (f: number, off: number, len: number, flags = 0) => {
    s.mem.write32(range, off);
    s.mem.write32(range + 8, len);
    s.mem.writeBytes(cs, new Uint8Array(40).fill(0xff));
    const r = s.sys("cachestat", f, range, cs, flags);
    return [r, ...[0, 1, 2, 3, 4].map((i) => s.mem.read32(cs + 8 * i))];
  };
  assert.deepEqual(stat(fd, 0, 0), [0, 3, 0, 0, 0, 0]);
  assert.deepEqual(stat(fd, 4096, 1), [0, 1, 0, 0, 0, 0]);
  assert.deepEqual(stat(fd, 4095, 2), [0, 2, 0, 0, 0, 0]);
  assert.deepEqual(stat(fd, 8192, 1 << 20), [0, 1, 0, 0, 0, 0]);
  assert.deepEqual(stat(fd, 1 << 20, 0), [0, 0, 0, 0, 0, 0]);
  assert.equal(stat(fd, 0, 0, 1)[0], -E.EINVAL);
  assert.equal(stat(99, 0, 0, 1)[0], -E.EBADF);
  assert.equal(s.sys("cachestat", fd, 0, cs, 1), -E.EFAULT, "the range before the flags");
  assert.equal(s.sys("cachestat", fd, range, 0, 0), -E.EFAULT);
  const p = s.alloc(8);
  assert.equal(s.sys("pipe2", p, 0), 0);
  assert.deepEqual(stat(s.mem.read32(p), 0, 0), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(stat(s.sys("open", s.str("/"), 0), 0, 0), [0, 0, 0, 0, 0, 0], "a directory");
  const ro = s.sys("open", s.str("/c"), 0);
  s.p.cred = { ...s.p.cred, fsuid: 1000, capEffective: false };
  assert.equal(stat(ro, 0, 0)[0], -E.EPERM, "neither writable, owned nor privileged");
  assert.equal(stat(fd, 0, 0)[0], 0, "open for writing");
});
