/**
 * process_vm_readv and process_vm_writev between a process and its forked
 * child: copies across iovecs on both sides, partial results at faults,
 * and Linux's argument errors (checked natively on Linux 6.18).
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

/** An iovec array in scratch memory. */
function iov(s: Sys, vecs: [number, number][]): number {
  const a = s.alloc(vecs.length * 16);
  vecs.forEach(([base, len], i) => {
    s.mem.write64(a + i * 16, base >>> 0, Math.floor(base / 2 ** 32));
    s.mem.write64(a + i * 16 + 8, len >>> 0, len < 0 ? -1 : 0);
  });
  return a;
}

Deno.test("process_vm_readv/writev: copies between address spaces, partial at faults, EPERM/ESRCH", () => {
  const s = new Sys();
  const text = new TextEncoder().encode("hello, other process");
  const src = s.alloc(64);
  s.mem.writeBytes(src, text);
  const m = s.sys("mmap", 0, 8192, 3, 0x22, -1, 0);
  const pid = s.sys("fork");
  const child = s.k.vfs.procs.get(pid)!;
  // Write "hello, " and "other process" to two places in the child.
  const lv = iov(s, [[src, 7], [src + 7, 13]]);
  const rv = iov(s, [[m + 100, 10], [m + 4090, 10]]);
  assert.equal(s.sys("process_vm_writev", pid, lv, 2, rv, 2, 0), 20);
  assert.equal(new TextDecoder().decode(child.mem.readBytes(m + 100, 10)), "hello, oth");
  assert.equal(new TextDecoder().decode(child.mem.readBytes(m + 4090, 10)), "er process");
  assert.equal(s.mem.read8(m + 100), 0, "the parent's copy-on-write page is untouched");
  // Read them back into one buffer.
  const dst = s.alloc(64);
  assert.equal(s.sys("process_vm_readv", pid, iov(s, [[dst, 64]]), 1, rv, 2, 0), 20);
  assert.deepEqual(s.mem.readBytes(dst, 20), text);
  // Faults: remote past the end of the mapping, local into an unmapped page.
  const edge = iov(s, [[m + 8192 - 4, 16]]);
  assert.equal(s.sys("process_vm_readv", pid, iov(s, [[dst, 16]]), 1, edge, 1, 0), 4);
  assert.equal(s.sys("process_vm_writev", pid, iov(s, [[src, 16]]), 1, edge, 1, 0), 4);
  assert.equal(
    s.sys("process_vm_readv", pid, iov(s, [[dst, 16]]), 1, iov(s, [[8, 16]]), 1, 0),
    -E.EFAULT,
  );
  const lEdge = iov(s, [[m + 8192 - 3, 10]]);
  assert.equal(s.sys("process_vm_readv", pid, lEdge, 1, rv, 2, 0), 3, "local fault after 3");
  assert.equal(s.sys("process_vm_readv", pid, iov(s, [[8, 10]]), 1, rv, 2, 0), -E.EFAULT);
  assert.equal(s.sys("mprotect", m, 4096, 1), 0);
  assert.equal(
    s.sys("process_vm_writev", s.p.pid, iov(s, [[src, 4]]), 1, iov(s, [[m, 4]]), 1, 0),
    -E.EFAULT,
    "read-only",
  );
  // Argument errors.
  assert.equal(s.sys("process_vm_readv", pid, lv, 2, rv, 2, 1), -E.EINVAL);
  assert.equal(s.sys("process_vm_readv", pid, lv, 1025, rv, 2, 0), -E.EINVAL);
  assert.equal(s.sys("process_vm_readv", pid, lv, 2, rv, 1025, 0), -E.EINVAL);
  assert.equal(s.sys("process_vm_readv", pid, 8, 2, rv, 2, 0), -E.EFAULT);
  assert.equal(s.sys("process_vm_readv", pid, lv, 2, 8, 2, 0), -E.EFAULT);
  assert.equal(s.sys("process_vm_readv", pid, lv, 0, 8, 2, 0), 0, "nothing to copy: remote unread");
  assert.equal(s.sys("process_vm_readv", pid, lv, 2, iov(s, [[m, -1]]), 1, 0), -E.EINVAL);
  assert.equal(s.sys("process_vm_readv", pid, lv, 2, iov(s, [[m, 0]]), 1, 0), 0);
  assert.equal(s.sys("process_vm_readv", 99999, lv, 2, rv, 2, 0), -E.ESRCH);
  assert.equal(
    s.sys("process_vm_readv", 99999, lv, 2, iov(s, [[m, 0]]), 1, 0),
    0,
    "pid looked up last",
  );
  child.cred = { ...child.cred, uid: 0, euid: 0 };
  s.p.cred = { ...s.p.cred, uid: 1000, euid: 1000, suid: 1000, capEffective: false };
  assert.equal(s.sys("process_vm_readv", pid, lv, 2, rv, 2, 0), -E.EPERM);
  assert.equal(
    s.sys("process_vm_readv", s.p.pid, iov(s, [[dst, 4]]), 1, iov(s, [[src, 4]]), 1, 0),
    4,
    "itself",
  );
  s.call(child.thread, "exit_group", 0);
  s.p.cred = { ...s.p.cred, capEffective: true };
  assert.equal(s.sys("process_vm_readv", pid, lv, 2, rv, 2, 0), -E.ESRCH, "a zombie has no memory");
});
