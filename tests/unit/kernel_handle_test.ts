/**
 * name_to_handle_at/open_by_handle_at, checked against Linux 6.18 on a
 * tmpfs (/dev/shm) with a static probe: handle layout, EOVERFLOW with the
 * needed size, identifiers of procfs nodes, open permissions and ESTALE.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const AT_FDCWD = -100, O_RDWR = 2, O_CREAT = 0o100, O_DIRECTORY = 0o200000;

Deno.test("name_to_handle_at/open_by_handle_at: tmpfs handles, identifiers, EOVERFLOW, EPERM and ESTALE", () => {
  const s = new Sys();
  const fd = s.open("/tmp/h", O_RDWR | O_CREAT);
  s.write(fd, "data");
  const st = s.stat("/tmp/h");
  assert.ok(typeof st !== "number");
  const fh = s.alloc(136), mid = s.alloc(8);
  const path = s.str("/tmp/h");
  const name = (p: number, flags = 0, h = fh, m = mid) =>
    s.sys("name_to_handle_at", AT_FDCWD, p, h, m, flags);
  s.mem.write32(fh, 128);
  assert.equal(name(path), 0);
  assert.deepEqual([s.u32(fh), s.u32(fh + 4), s.u32(fh + 8), s.u32(fh + 12), s.u32(fh + 16)], [
    12,
    1,
    0,
    st.ino,
    0,
  ]);
  const mountId = s.i32(mid);
  assert.ok(mountId > 0);
  // Too small: the needed size and FILEID_INVALID come back with EOVERFLOW.
  s.mem.write32(fh, 8);
  s.mem.write32(mid, 0);
  assert.equal(name(path), -E.EOVERFLOW);
  assert.deepEqual([s.u32(fh), s.u32(fh + 4), s.i32(mid)], [12, 255, mountId]);
  s.mem.write32(fh, 129);
  assert.equal(name(path), -E.EINVAL);
  s.mem.write32(fh, 128);
  assert.equal(name(path, 0x8000), -E.EINVAL);
  assert.equal(name(path, 0x2 | 0x200), -E.EINVAL);
  assert.equal(name(s.str("/proc/self/status")), -E.EOPNOTSUPP);
  // AT_HANDLE_FID: an identifier even where handles cannot be decoded.
  assert.equal(name(s.str("/proc/self/status"), 0x200), 0);
  assert.deepEqual([s.u32(fh), s.u32(fh + 4)], [12, 0x81]);
  assert.equal(name(s.str("/nonexist")), -E.ENOENT);
  assert.equal(name(path, 0, 8), -E.EFAULT);
  s.mem.write32(fh, 128);
  assert.equal(name(path, 0, fh, 8), -E.EFAULT);
  assert.equal(s.u32(fh), 128, "nothing copied when the mount id cannot be");
  assert.equal(s.sys("name_to_handle_at", fd, s.str(""), fh, mid, 0x1000), 0);
  assert.equal(s.u32(fh + 12), st.ino);
  // Opening by handle.
  const dir = s.open("/tmp", O_DIRECTORY);
  const open = (flags = 0, m = dir, h = fh) => s.sys("open_by_handle_at", m, h, flags);
  const o = open();
  assert.ok(o >= 0);
  assert.equal(s.read(o), "data");
  assert.ok(open(O_CREAT) >= 0);
  assert.equal(open(O_DIRECTORY), -E.ENOTDIR);
  assert.equal(open(0, 999), -E.EBADF);
  assert.equal(open(0, dir, 8), -E.EFAULT);
  s.mem.write32(fh, 0);
  assert.equal(open(), -E.EINVAL);
  s.mem.write32(fh, 129);
  assert.equal(open(), -E.EINVAL);
  s.mem.write32(fh, 8);
  assert.equal(open(), -E.EINVAL);
  s.mem.write32(fh, 12);
  for (const t of [-1, 0x10000, 0x40000]) {
    s.mem.write32(fh + 4, t);
    assert.equal(open(), -E.EINVAL);
  }
  s.mem.write32(fh + 4, 1);
  assert.ok(open(0, AT_FDCWD) >= 0);
  s.mem.write32(fh + 8, 1);
  assert.equal(open(), -E.ESTALE, "another generation");
  s.mem.write32(fh + 8, 0);
  assert.equal(open(0, s.open("/proc", O_DIRECTORY)), -E.ESTALE);
  assert.equal(s.sys("unlink", path), 0);
  assert.equal(open(), -E.ESTALE);
  assert.equal(s.sys("setuid", 65534), 0);
  assert.equal(open(), -E.EPERM);
  assert.equal(open(0, 999), -E.EBADF);
});
