/**
 * Kernel memory-management calls: mmap, munmap, mprotect, mremap, brk,
 * madvise, msync, mincore and mlock, with Linux's argument checks
 * (expected errnos checked natively on Linux 6.x).
 */

import assert from "node:assert/strict";
import { BRK, Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";
import { MMAP_BASE } from "../../lib/kernel/layout.ts";
import { GuestFault } from "../../lib/exec/fault.ts";

const PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
const MAP_SHARED = 1,
  MAP_PRIVATE = 2,
  MAP_FIXED = 0x10,
  MAP_ANON = 0x20,
  MAP_FIXED_NOREPLACE = 0x100000;
const O_RDWR = 2, O_CREAT = 0o100;
const PAGE = 4096;

function anon(
  s: Sys,
  len: number,
  prot = PROT_READ | PROT_WRITE,
  flags = MAP_PRIVATE | MAP_ANON,
  addr = 0,
) {
  return s.sys("mmap", addr, len, prot, flags, -1, 0);
}

function faults(f: () => void): boolean {
  try {
    f();
    return false;
  } catch (e) {
    if (e instanceof GuestFault) return true;
    throw e;
  }
}

Deno.test("mmap: anonymous mappings are placed top-down below MMAP_BASE and are zero-filled", () => {
  const s = new Sys();
  const a = anon(s, 3 * PAGE);
  assert.equal(a, MMAP_BASE - 3 * PAGE);
  const b = anon(s, 100);
  assert.equal(b, a - PAGE);
  assert.equal(s.mem.read32(a + 8000), 0);
  s.mem.write32(a + 8000, 0xdeadbeef);
  assert.equal(s.mem.read32(a + 8000), 0xdeadbeef);
  assert.equal(
    anon(s, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANON, 0x200001),
    0x200000,
    "a free hint is used, page-aligned",
  );
  assert.equal(
    anon(s, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANON, 0x1000),
    0x10000,
    "hints below mmap_min_addr are raised",
  );
  assert.equal(
    anon(s, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANON, 0x200000),
    b - PAGE,
    "a taken hint is ignored",
  );
});

Deno.test("mmap: argument errors (EINVAL, EBADF, ENOMEM, EEXIST, EACCES, ENODEV)", () => {
  const s = new Sys();
  assert.equal(anon(s, 0), -E.EINVAL);
  assert.equal(s.sys("mmap", 0, PAGE, 3, MAP_ANON, -1, 0), -E.EINVAL, "neither shared nor private");
  assert.equal(
    s.sys("mmap", 0, PAGE, 3, 3 | MAP_ANON, -1, 0),
    -E.EINVAL,
    "MAP_SHARED_VALIDATE anonymous",
  );
  assert.equal(
    s.sys("mmap", 0, PAGE, 3, MAP_PRIVATE | MAP_ANON, -1, 1),
    -E.EINVAL,
    "unaligned offset",
  );
  assert.equal(s.sys("mmap", 0, PAGE, 3, MAP_PRIVATE, -1, 0), -E.EBADF);
  assert.equal(anon(s, PAGE, 3, MAP_PRIVATE | MAP_ANON | MAP_FIXED, 0x1001), -E.EINVAL);
  assert.equal(
    anon(s, PAGE, 3, MAP_PRIVATE | MAP_ANON | MAP_FIXED, 0x1000),
    0x1000,
    "root may map below mmap_min_addr",
  );
  assert.equal(anon(s, -1, 3), -E.ENOMEM);
  assert.equal(anon(s, 2 ** 47), -E.ENOMEM);
  assert.equal(anon(s, PAGE, 3, MAP_PRIVATE | MAP_ANON | MAP_FIXED, 0x7ffffffff000), -E.ENOMEM);
  assert.equal(
    anon(s, PAGE, 3, MAP_PRIVATE | MAP_ANON | MAP_FIXED, 0x7fffffffe000),
    0x7fffffffe000,
  );
  assert.equal(anon(s, PAGE, 3, MAP_PRIVATE | MAP_ANON | MAP_FIXED_NOREPLACE, 0x1000), -E.EEXIST);
  assert.equal(anon(s, PAGE, 3, MAP_PRIVATE | MAP_ANON | MAP_FIXED_NOREPLACE, 0x3001), -E.EINVAL);
  assert.equal(anon(s, PAGE, 0x10), MMAP_BASE - PAGE, "unknown prot bits are ignored by mmap");
  assert.equal(anon(s, PAGE, 3, MAP_PRIVATE | MAP_ANON | 0x40000), -E.ENOMEM, "no huge pages");
  const ro = s.open("/etc/passwd");
  assert.equal(s.sys("mmap", 0, PAGE, 3, MAP_SHARED, ro, 0), -E.EACCES);
  assert.equal(s.sys("mmap", 0, PAGE, 1, 3 | 0x200000, ro, 0), -E.EOPNOTSUPP);
  const wo = s.open("/tmp/wo", 0o101);
  assert.equal(s.sys("mmap", 0, PAGE, 1, MAP_PRIVATE, wo, 0), -E.EACCES);
  assert.equal(s.sys("mmap", 0, PAGE, 1, MAP_PRIVATE, s.open("/tmp", 0o200000), 0), -E.ENODEV);
  assert.equal(s.sys("mmap", 0, PAGE, 1, MAP_PRIVATE, s.open("/dev/null"), 0), -E.ENODEV);
  assert.equal(s.sys("mmap", 0, PAGE, 1, MAP_PRIVATE, s.open("/tmp", 0o10000000), 0), -E.EBADF);
  const pipe = s.alloc(8);
  s.sys("pipe", pipe);
  assert.equal(s.sys("mmap", 0, PAGE, 3, MAP_SHARED, s.i32(pipe), 0), -E.EACCES);
  assert.ok(
    s.sys("mmap", 0, PAGE, 1, MAP_PRIVATE, s.open("/dev/zero"), 0) > 0,
    "/dev/zero maps as anonymous memory",
  );
});

Deno.test("mmap: MAP_FIXED replaces; file mappings show the file and zeros past its end", () => {
  const s = new Sys();
  const a = anon(s, 2 * PAGE);
  s.mem.write8(a, 7);
  assert.equal(anon(s, PAGE, 3, MAP_PRIVATE | MAP_ANON | MAP_FIXED, a), a);
  assert.equal(s.mem.read8(a), 0, "the old page is gone");
  const fd = s.open("/tmp/f", O_RDWR | O_CREAT);
  s.write(fd, "x".repeat(5000));
  const m = s.sys("mmap", 0, 3 * PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
  assert.equal(s.text(m, 4), "xxxx");
  assert.equal(s.mem.read8(m + 903), 0x78);
  assert.equal(s.mem.read8(m + 904), 0, "bytes past the end of file are zero");
  assert.ok(faults(() => s.mem.write8(m, 1)), "PROT_READ mapping is read-only");
  const maps = s.read(s.open("/proc/self/maps"));
  assert.match(maps, new RegExp(`${m.toString(16)}-[0-9a-f]+ r--p 00001000 00:1a \\d+ +/tmp/f\\n`));
});

Deno.test("mmap: MAP_SHARED file mappings are the file's pages; SIGBUS past end of file", () => {
  const s = new Sys();
  const fd = s.open("/tmp/sh", O_RDWR | O_CREAT);
  s.write(fd, "hello world");
  const m = s.sys("mmap", 0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  s.mem.writeBytes(m, new TextEncoder().encode("J"));
  s.sys("pwrite64", fd, s.str("W"), 1, 6);
  s.sys("lseek", fd, 0, 0);
  assert.equal(s.read(fd), "Jello World", "a store is in the file at once, no msync needed");
  assert.equal(s.mem.read8(m + 6), 0x57, "and write() is in the mapping at once");
  s.mem.write8(m + 4, 0x4f);
  s.mem.write8(m + 100, 0x4f);
  assert.equal(s.sys("munmap", m + PAGE, PAGE), 0);
  s.sys("lseek", fd, 0, 0);
  assert.equal(s.read(fd), "JellO World", "bytes past the end of file stay out of it");
  assert.equal(
    (s.stat("/tmp/sh") as { size: number }).size,
    11,
    "the mapping does not extend the file",
  );
  const p = s.sys("mmap", 0, 2 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
  const bus = (a: number) => {
    try {
      s.mem.read8(a);
    } catch (e) {
      if (e instanceof GuestFault) return [e.signal, e.code, e.addr - a];
      throw e;
    }
    return null;
  };
  assert.deepEqual(bus(p + PAGE + 3), [7, 2, 0], "SIGBUS BUS_ADRERR at the address");
  assert.equal(s.sys("write", 1, p + PAGE, 1), -E.EFAULT, "the kernel's access: EFAULT");
  s.sys("ftruncate", fd, 0);
  assert.deepEqual(bus(m), [7, 2, 0], "after truncation to 0");
  assert.deepEqual(bus(p + 5), [7, 2, 0]);
  s.sys("ftruncate", fd, 2 * PAGE);
  assert.equal(s.mem.read8(p + PAGE + 3), 0, "the file grew: the page is there");
  assert.equal(s.mem.read8(m + 4), 0, "the truncation dropped the old contents");
  s.sys("pwrite64", fd, s.str("abc"), 3, 0);
  assert.equal(s.mem.read8(p + 1), 0x62, "an unwritten private page shows the file");
  assert.equal(s.sys("madvise", m, PAGE, 9), 0, "MADV_REMOVE");
  s.sys("lseek", fd, 0, 0);
  assert.equal(s.read(fd).slice(0, 3), "\0\0\0");
  assert.equal(s.mem.read8(p + 1), 0, "MADV_REMOVE punched the file's bytes out");
});

Deno.test("munmap: alignment, length and range errors; unmapping holes is fine", () => {
  const s = new Sys();
  const a = anon(s, 3 * PAGE);
  assert.equal(s.sys("munmap", a + 1, PAGE), -E.EINVAL);
  assert.equal(s.sys("munmap", a, 0), -E.EINVAL);
  assert.equal(s.sys("munmap", 0x7ffffffff000, PAGE), -E.EINVAL);
  assert.equal(s.sys("munmap", 0x7fffffffe000, 2 * PAGE), -E.EINVAL);
  assert.equal(s.sys("munmap", 0x100000, PAGE), 0);
  assert.equal(s.sys("munmap", a + PAGE, 1), 0);
  assert.ok(faults(() => s.mem.read8(a + PAGE)));
  assert.equal(s.mem.read8(a), 0);
  assert.equal(s.mem.read8(a + 2 * PAGE), 0);
});

Deno.test("mprotect: permission changes, errors, and partial application up to a hole", () => {
  const s = new Sys();
  const a = anon(s, 3 * PAGE);
  assert.equal(s.sys("mprotect", a + 1, PAGE, PROT_READ), -E.EINVAL);
  assert.equal(s.sys("mprotect", a, PAGE, 0x10), -E.EINVAL);
  assert.equal(s.sys("mprotect", a, 0, PROT_READ), 0);
  assert.equal(s.sys("mprotect", 0x100000, PAGE, PROT_READ), -E.ENOMEM);
  assert.equal(
    s.sys("mprotect", a, PAGE, PROT_READ | 0x01000000),
    -E.EINVAL,
    "PROT_GROWSDOWN needs a grows-down mapping",
  );
  assert.equal(s.sys("mprotect", a, PAGE, PROT_READ), 0);
  assert.ok(faults(() => s.mem.write8(a, 1)));
  assert.equal(s.sys("mprotect", a, PAGE, PROT_WRITE), 0);
  s.mem.write8(a, 1);
  assert.equal(s.mem.read8(a), 1, "x86: writable pages are readable");
  assert.equal(s.sys("mprotect", a, PAGE, 0), 0);
  assert.ok(faults(() => s.mem.read8(a)));
  s.sys("munmap", a + PAGE, PAGE);
  s.sys("mprotect", a, PAGE, PROT_READ | PROT_WRITE);
  assert.equal(s.sys("mprotect", a, 3 * PAGE, PROT_READ), -E.ENOMEM);
  assert.ok(faults(() => s.mem.write8(a, 1)), "pages before the hole were changed");
  const fd = s.open("/etc/passwd");
  const sh = s.sys("mmap", 0, PAGE, PROT_READ, MAP_SHARED, fd, 0);
  assert.equal(s.sys("mprotect", sh, PAGE, PROT_READ | PROT_WRITE), -E.EACCES);
  const pr = s.sys("mmap", 0, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
  assert.equal(s.sys("mprotect", pr, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC), 0);
});

Deno.test("mremap: grow in place, move with MREMAP_MAYMOVE, shrink, fixed targets and errors", () => {
  const s = new Sys();
  const a = anon(s, 2 * PAGE);
  s.sys("munmap", a + PAGE, PAGE);
  s.mem.write32(a, 0x1234);
  assert.equal(
    s.sys("mremap", a, PAGE, 2 * PAGE, 0, 0),
    a,
    "the next page is free: grows in place",
  );
  assert.equal(s.sys("mremap", a + 1, PAGE, 2 * PAGE, 0, 0), -E.EINVAL);
  assert.equal(s.sys("mremap", a, PAGE, 0, 0, 0), -E.EINVAL);
  assert.equal(s.sys("mremap", a, PAGE, PAGE, 8, 0), -E.EINVAL);
  assert.equal(
    s.sys("mremap", a, PAGE, PAGE, 2, 0),
    -E.EINVAL,
    "MREMAP_FIXED needs MREMAP_MAYMOVE",
  );
  assert.equal(s.sys("mremap", 0x100000, PAGE, 2 * PAGE, 1, 0), -E.EFAULT);
  assert.equal(s.sys("mremap", a, 0, 2 * PAGE, 1, 0), -E.EINVAL);
  anon(s, PAGE); // occupies the page below a
  const blocker = anon(s, PAGE, 3, MAP_PRIVATE | MAP_ANON | MAP_FIXED, a + 2 * PAGE);
  assert.equal(blocker, a + 2 * PAGE);
  assert.equal(s.sys("mremap", a, 2 * PAGE, 4 * PAGE, 0, 0), -E.ENOMEM);
  const moved = s.sys("mremap", a, 2 * PAGE, 4 * PAGE, 1, 0);
  assert.notEqual(moved, a);
  assert.equal(s.mem.read32(moved), 0x1234, "contents move with the mapping");
  assert.ok(faults(() => s.mem.read8(a)), "the old range is unmapped");
  assert.equal(s.sys("mremap", moved, 4 * PAGE, PAGE, 0, 0), moved);
  assert.ok(faults(() => s.mem.read8(moved + PAGE)));
  const target = 0x5000000;
  assert.equal(s.sys("mremap", moved, PAGE, PAGE, 3, target), target);
  assert.equal(s.mem.read32(target), 0x1234);
  assert.equal(s.sys("mremap", target, PAGE, PAGE, 1 | 4, 0) > 0, true, "MREMAP_DONTUNMAP");
  assert.equal(s.mem.read32(target), 0, "the old range stays mapped, empty");
});

Deno.test("brk: grows and shrinks the heap; failures return the current break", () => {
  const s = new Sys();
  assert.equal(s.sys("brk", 0), BRK);
  assert.equal(s.sys("brk", BRK - 1), BRK, "below the start: unchanged");
  assert.equal(s.sys("brk", BRK + 100), BRK + 100);
  s.mem.write8(BRK + 99, 5);
  assert.equal(s.sys("brk", BRK + 3 * PAGE + 1), BRK + 3 * PAGE + 1);
  assert.equal(s.mem.read8(BRK + 99), 5);
  assert.equal(s.mem.read8(BRK + 4 * PAGE - 1), 0);
  assert.ok(faults(() => s.mem.read8(BRK + 4 * PAGE)));
  assert.match(
    s.read(s.open("/proc/self/maps")),
    /20000000-20004000 rw-p 00000000 00:00 0 +\[heap\]\n/,
  );
  assert.equal(s.sys("brk", BRK + 10), BRK + 10);
  assert.ok(faults(() => s.mem.read8(BRK + PAGE)), "shrinking unmaps");
  assert.equal(s.sys("brk", BRK + 2 * PAGE), BRK + 2 * PAGE);
  assert.equal(s.mem.read8(BRK + PAGE), 0, "regrown pages are zero");
  anon(s, PAGE, 3, MAP_PRIVATE | MAP_ANON | MAP_FIXED, BRK + 5 * PAGE);
  assert.equal(
    s.sys("brk", BRK + 5 * PAGE),
    BRK + 2 * PAGE,
    "must leave a page before the next mapping",
  );
  assert.equal(s.sys("brk", BRK + 4 * PAGE), BRK + 4 * PAGE);
  assert.equal(s.sys("brk", 2 ** 47), BRK + 4 * PAGE);
});

Deno.test("madvise: DONTNEED zeroes private anonymous pages and restores private file pages", () => {
  const s = new Sys();
  const a = anon(s, 3 * PAGE);
  s.mem.write32(a, 99);
  assert.equal(s.sys("madvise", a + 1, PAGE, 4), -E.EINVAL);
  assert.equal(s.sys("madvise", a, PAGE, 999), -E.EINVAL);
  assert.equal(s.sys("madvise", a, 0, 4), 0);
  assert.equal(s.sys("madvise", 0x100000, PAGE, 4), -E.ENOMEM);
  assert.equal(s.sys("madvise", a, PAGE, 8), 0, "MADV_FREE");
  assert.equal(s.mem.read32(a), 99, "MADV_FREE without memory pressure keeps the data");
  assert.equal(s.sys("madvise", a, PAGE, 9), -E.EINVAL, "MADV_REMOVE needs a shared mapping");
  assert.equal(s.sys("madvise", a, PAGE, 100), -E.EINVAL, "no memory-failure injection");
  assert.equal(s.sys("madvise", a, 3 * PAGE, 4), 0);
  assert.equal(s.mem.read32(a), 0);
  const fd = s.open("/etc/passwd");
  const m = s.sys("mmap", 0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  s.mem.write8(m, 0x52);
  assert.equal(s.text(m, 4), "Root");
  assert.equal(s.sys("madvise", m, PAGE, 4), 0);
  assert.equal(s.text(m, 4), "root");
  const sh = anon(s, PAGE, 3, MAP_SHARED | MAP_ANON);
  s.mem.write8(sh, 9);
  assert.equal(s.sys("madvise", sh, PAGE, 4), 0);
  assert.equal(s.mem.read8(sh), 9, "shared memory keeps its contents");
  assert.equal(s.sys("madvise", sh, PAGE, 9), 0);
  assert.equal(s.mem.read8(sh), 0, "MADV_REMOVE frees shared pages");
  s.sys("munmap", a + PAGE, PAGE);
  assert.equal(s.sys("madvise", a, 3 * PAGE, 3), -E.ENOMEM);
});

Deno.test("msync/mincore: flags, alignment, holes and residency", () => {
  const s = new Sys();
  const a = anon(s, 3 * PAGE);
  assert.equal(s.sys("msync", a, PAGE, 0), 0);
  assert.equal(s.sys("msync", a, PAGE, 5), -E.EINVAL);
  assert.equal(s.sys("msync", a + 1, PAGE, 4), -E.EINVAL);
  assert.equal(s.sys("msync", a, PAGE, 8), -E.EINVAL);
  s.mem.write8(a + PAGE, 1);
  const v = s.alloc(4);
  assert.equal(s.sys("mincore", a, 3 * PAGE, v), 0);
  assert.deepEqual([...s.mem.readBytes(v, 3)], [0, 1, 0]);
  assert.equal(s.sys("mincore", a + 1, PAGE, v), -E.EINVAL);
  assert.equal(s.sys("mincore", a, PAGE, 0), -E.EFAULT);
  s.sys("munmap", a + 2 * PAGE, PAGE);
  assert.equal(s.sys("mincore", a, 3 * PAGE, v), -E.ENOMEM);
  assert.equal(s.sys("msync", a, 3 * PAGE, 4), -E.ENOMEM);
  // MAP_POPULATE (0x8000) and MAP_LOCKED (0x2000) fault the pages in at once; PROT_NONE ones stay out.
  for (const flag of [0x8000, 0x2000]) {
    const b = s.sys("mmap", 0, 2 * PAGE, PROT_READ, 0x22 | flag, -1, 0);
    assert.equal(s.sys("mincore", b, 2 * PAGE, v), 0);
    assert.deepEqual([...s.mem.readBytes(v, 2)], [1, 1]);
    const c = s.sys("mmap", 0, PAGE, 0, 0x22 | flag, -1, 0);
    assert.equal(s.sys("mincore", c, PAGE, v), 0);
    assert.equal(s.mem.read8(v), 0);
  }
});

Deno.test("mlock/munlock/mlock2/mlockall/munlockall: range and flag checks", () => {
  const s = new Sys();
  const a = anon(s, 3 * PAGE);
  assert.equal(s.sys("mlock", a, 3 * PAGE), 0);
  assert.equal(s.sys("mlock", a + 1, 100), 0);
  assert.equal(s.sys("munlock", a, PAGE), 0);
  assert.equal(s.sys("mlock", 0x100000, PAGE), -E.ENOMEM);
  assert.equal(s.sys("mlock2", a, 100, 2), -E.EINVAL);
  assert.equal(s.sys("mlock2", a, 100, 1), 0);
  assert.equal(s.sys("mlockall", 0), -E.EINVAL);
  assert.equal(s.sys("mlockall", 4), -E.EINVAL);
  assert.equal(s.sys("mlockall", 3), 0);
  assert.equal(s.sys("munlockall"), 0);
});

Deno.test("mmap/mprotect: adjacent compatible mappings merge in /proc/self/maps", () => {
  const s = new Sys();
  const a = anon(s, PAGE);
  const b = anon(s, PAGE);
  assert.equal(b, a - PAGE);
  const maps = s.read(s.open("/proc/self/maps"));
  assert.ok(maps.includes(`${b.toString(16)}-${(a + PAGE).toString(16)} rw-p`));
  s.sys("mprotect", b, PAGE, PROT_READ);
  const split = s.read(s.open("/proc/self/maps"));
  assert.ok(split.includes(`${b.toString(16)}-${a.toString(16)} r--p`));
  s.sys("mprotect", b, PAGE, PROT_READ | PROT_WRITE);
  assert.ok(
    s.read(s.open("/proc/self/maps")).includes(`${b.toString(16)}-${(a + PAGE).toString(16)} rw-p`),
  );
});
