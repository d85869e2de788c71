/**
 * mseal: argument errors, and what sealed mappings refuse afterwards
 * (results of a native run on Linux 6.18).
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const R = 1, RW = 3, PAGE = 4096;
const MADV_WILLNEED = 3, MADV_DONTNEED = 4, MADV_FREE = 8, MADV_COLD = 20;

Deno.test("mseal: sealed mappings refuse munmap, mprotect, mremap, MAP_FIXED and discarding advice", () => {
  const s = new Sys();
  const g = s.sys("mmap", 0, 6 * PAGE, 0, 0x22, -1, 0);
  const m = g + PAGE;
  assert.equal(s.sys("mmap", m, 4 * PAGE, RW, 0x32, -1, 0), m);
  assert.equal(s.sys("munmap", g + 5 * PAGE, PAGE), 0);
  assert.equal(s.sys("mseal", m, PAGE, 1), -E.EINVAL);
  assert.equal(s.sys("mseal", m + 1, PAGE, 0), -E.EINVAL);
  assert.equal(s.sys("mseal", m, 0, 0), 0);
  assert.equal(s.sys("mseal", m, -1, 0), -E.EINVAL);
  assert.equal(s.sys("mseal", 0x1000, PAGE, 0), -E.ENOMEM);
  assert.equal(s.sys("mseal", m + 3 * PAGE, 3 * PAGE, 0), -E.ENOMEM, "a hole");
  assert.equal(s.sys("mprotect", m + 3 * PAGE, PAGE, R), 0, "nothing was sealed");
  assert.equal(s.sys("mseal", m + PAGE, PAGE, 0), 0);
  assert.equal(s.sys("mseal", m + PAGE, PAGE, 0), 0, "again");
  assert.equal(s.sys("mprotect", m, 2 * PAGE, R), -E.EPERM);
  assert.equal(s.mem.findVma(m)!.prot & 2, 2, "nothing changed");
  assert.equal(s.sys("pkey_mprotect", m + PAGE, PAGE, R, -1), -E.EPERM);
  assert.equal(s.sys("munmap", m + PAGE, PAGE), -E.EPERM);
  assert.equal(s.sys("munmap", m, 4 * PAGE), -E.EPERM);
  assert.equal(s.sys("mremap", m + PAGE, PAGE, 2 * PAGE, 1, 0), -E.EPERM);
  assert.equal(s.sys("mremap", m + 2 * PAGE, PAGE, PAGE, 3, m + PAGE), -E.EPERM, "onto a seal");
  assert.equal(s.sys("mmap", m + PAGE, PAGE, RW, 0x32, -1, 0), -E.EPERM);
  assert.equal(s.sys("madvise", m + PAGE, PAGE, MADV_DONTNEED), 0, "writable: allowed");
  assert.equal(s.sys("mprotect", m + 2 * PAGE, PAGE, R), 0);
  assert.equal(s.sys("mseal", m + 2 * PAGE, PAGE, 0), 0);
  assert.equal(s.sys("madvise", m + 2 * PAGE, PAGE, MADV_DONTNEED), -E.EPERM);
  assert.equal(s.sys("madvise", m + 2 * PAGE, PAGE, MADV_FREE), -E.EPERM);
  assert.equal(s.sys("madvise", m + 2 * PAGE, PAGE, MADV_COLD), 0);
  assert.equal(s.sys("madvise", m + 2 * PAGE, PAGE, MADV_WILLNEED), 0);
  assert.equal(s.sys("madvise", m, 3 * PAGE, MADV_DONTNEED), -E.EPERM);
  assert.notEqual(
    s.mem.findVma(m + 2 * PAGE)!.end,
    m + 4 * PAGE,
    "sealed and unsealed do not merge",
  );
  const child = s.k.vfs.procs.get(s.sys("fork"))!;
  assert.equal(child.mem.findVma(m + PAGE)!.sealed, true, "fork keeps seals");
});
