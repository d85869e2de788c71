/**
 * Kernel file-system calls: open/read/write/seek, stat, directories,
 * links, renames and attributes. Expected values and errnos are those of
 * Linux 6.x on tmpfs (checked natively with small C programs).
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import { bootGuest, GUEST_BUDGET, GUEST_DIR, guestCase } from "../guest_cases.ts";
import * as E from "../../lib/kernel/errno.ts";

const O_RDONLY = 0,
  O_WRONLY = 1,
  O_RDWR = 2,
  O_CREAT = 0o100,
  O_EXCL = 0o200,
  O_TRUNC = 0o1000,
  O_APPEND = 0o2000;
const O_DIRECTORY = 0o200000, O_NOFOLLOW = 0o400000, O_CLOEXEC = 0o2000000, O_PATH = 0o10000000;
const O_TMPFILE = 0o20200000, O_NONBLOCK = 0o4000;
const AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200;
const AT_SYMLINK_FOLLOW = 0x400;

Deno.test("open/openat/read/write/close: create, write, reopen and read back", () => {
  const s = new Sys();
  const fd = s.open("/tmp/a", O_CREAT | O_WRONLY, 0o644);
  assert.equal(fd, 3);
  assert.equal(s.write(fd, "hello world"), 11);
  assert.equal(s.sys("close", fd), 0);
  assert.equal(s.sys("close", fd), -E.EBADF);
  const r = s.open("/tmp/a");
  assert.equal(s.read(r, 5), "hello");
  assert.equal(s.read(r), " world");
  assert.equal(s.read(r), "");
});

Deno.test("open/openat: errno rules for O_CREAT, O_EXCL, O_DIRECTORY, O_NOFOLLOW and trailing slashes", () => {
  const s = new Sys();
  assert.equal(s.open("/tmp/nope"), -E.ENOENT);
  assert.equal(s.open("/tmp/nope/x", O_CREAT | O_WRONLY), -E.ENOENT);
  assert.equal(s.open("/tmp/f", O_CREAT | O_WRONLY), 3);
  assert.equal(s.open("/tmp/f", O_CREAT | O_EXCL | O_WRONLY), -E.EEXIST);
  assert.equal(s.open("/tmp/f", O_DIRECTORY), -E.ENOTDIR);
  assert.equal(s.open("/tmp/f/"), -E.ENOTDIR);
  assert.equal(s.open("/tmp/g/", O_CREAT | O_RDWR), -E.EISDIR);
  assert.equal(s.open("/tmp/g", O_CREAT | O_DIRECTORY | O_RDWR), -E.EINVAL);
  assert.equal(s.open("/tmp", O_WRONLY), -E.EISDIR);
  assert.equal(s.open("/tmp", O_CREAT | O_RDONLY), -E.EISDIR);
  assert.equal(s.sys("symlink", s.str("f"), s.str("/tmp/l")), 0);
  assert.equal(s.open("/tmp/l", O_NOFOLLOW), -E.ELOOP);
  assert.equal(s.open("/tmp/l", O_CREAT | O_EXCL | O_WRONLY), -E.EEXIST);
  assert.ok(s.open("/tmp/l", O_PATH | O_NOFOLLOW) >= 0);
  assert.equal(s.sys("open", s.str(""), 0), -E.ENOENT);
  assert.equal(s.sys("open", 0, 0), -E.EFAULT);
  assert.equal(s.sys("open", s.str("/" + "a".repeat(256)), 0), -E.ENAMETOOLONG);
  assert.equal(s.sys("open", s.str("/tmp/" + "a/".repeat(2100)), 0), -E.ENAMETOOLONG);
});

Deno.test("open/openat/creat: O_TRUNC, O_APPEND, creat and the umask", () => {
  const s = new Sys();
  const fd = s.open("/tmp/t", O_CREAT | O_RDWR, 0o777);
  s.write(fd, "0123456789");
  const st = s.stat("/tmp/t");
  assert.ok(typeof st === "object");
  assert.equal(st.mode, 0o100755);
  const a = s.open("/tmp/t", O_WRONLY | O_APPEND);
  s.write(a, "AB");
  assert.equal(s.sys("pwrite64", a, s.str("CD"), 2, 0), 2);
  const r = s.open("/tmp/t");
  assert.equal(s.read(r), "0123456789ABCD");
  assert.equal(s.open("/tmp/t", O_WRONLY | O_TRUNC), 6);
  assert.equal((s.stat("/tmp/t") as { size: number }).size, 0);
  const c = s.sys("creat", s.str("/tmp/c"), 0o666);
  assert.ok(c >= 0);
  assert.equal((s.stat("/tmp/c") as { mode: number }).mode, 0o100644);
  assert.equal(s.sys("fcntl", c, 3), O_WRONLY | 0o100000);
});

Deno.test("openat/fcntl: F_GETFL shows O_LARGEFILE and status flags but not creation flags", () => {
  const s = new Sys();
  const d = s.open("/tmp", O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  assert.equal(s.sys("fcntl", d, 3), 0o100000 | O_DIRECTORY | O_NOFOLLOW);
  assert.equal(s.sys("fcntl", d, 1), 1);
  const p = s.open("/tmp", O_PATH);
  assert.equal(s.sys("fcntl", p, 3), O_PATH);
  const f = s.open("/tmp/x", O_CREAT | O_RDWR | O_TRUNC | O_EXCL | O_APPEND | 0o4010000, 0o644);
  assert.equal(s.sys("fcntl", f, 3), 0x109402);
});

Deno.test("openat: relative paths resolve against the directory fd; bad dirfds fail", () => {
  const s = new Sys();
  assert.equal(s.sys("mkdir", s.str("/tmp/d"), 0o755), 0);
  const d = s.open("/tmp/d", O_DIRECTORY);
  const f = s.sys("openat", d, s.str("x"), O_CREAT | O_WRONLY, 0o600);
  assert.ok(f >= 0);
  assert.equal(typeof s.stat("/tmp/d/x"), "object");
  assert.equal(s.sys("openat", 99, s.str("x"), 0), -E.EBADF);
  assert.equal(s.sys("openat", f, s.str("x"), 0), -E.ENOTDIR);
  assert.ok(s.sys("openat", 99, s.str("/tmp/d/x"), 0) >= 0, "absolute paths ignore dirfd");
});

Deno.test("open/openat/linkat: O_TMPFILE makes an unnamed file (shown as deleted) that linkat can name", () => {
  const s = new Sys();
  assert.equal(s.open("/tmp", O_TMPFILE | 0), -E.EINVAL);
  assert.equal(s.open("/tmp", 0o20000000 | O_RDWR), -E.EINVAL);
  assert.equal(s.open("/etc/passwd", O_TMPFILE | O_RDWR), -E.ENOTDIR);
  const t = s.open("/tmp", O_TMPFILE | O_RDWR, 0o600);
  assert.ok(t >= 0);
  const st = s.alloc(144);
  assert.equal(s.sys("fstat", t, st), 0);
  assert.equal(Number(s.u64(st + 16)), 0);
  assert.equal(s.u32(st + 24), 0o100600);
  const buf = s.alloc(100);
  const n = s.sys("readlink", s.str(`/proc/self/fd/${t}`), buf, 100);
  assert.match(s.text(buf, n), /^\/tmp\/#\d+ \(deleted\)$/);
  // Linking it in (values from Linux 6.18): by AT_EMPTY_PATH, again, not with O_EXCL, via /proc.
  const linkat = (fd: number, from: string, to: string, flags: number) =>
    s.sys("linkat", fd, s.str(from), AT_FDCWD, s.str(to), flags);
  assert.equal(s.sys("write", t, s.str("hi"), 2), 2);
  assert.equal(linkat(t, "", "/tmp/l1", AT_EMPTY_PATH), 0);
  assert.equal(s.sys("fstat", t, st), 0);
  assert.equal(Number(s.u64(st + 16)), 1);
  assert.equal(linkat(t, "", "/tmp/l2", AT_EMPTY_PATH), 0);
  assert.equal(linkat(t, "", "/tmp/l1", AT_EMPTY_PATH), -E.EEXIST);
  const r = s.open("/tmp/l2");
  assert.equal(s.sys("read", r, buf, 10), 2);
  const excl = s.open("/tmp", O_TMPFILE | O_RDWR | O_EXCL, 0o600);
  assert.equal(linkat(excl, "", "/tmp/l3", AT_EMPTY_PATH), -E.ENOENT);
  const w = s.open("/tmp", O_TMPFILE | O_WRONLY, 0o600);
  assert.equal(linkat(AT_FDCWD, `/proc/self/fd/${w}`, "/tmp/l4", AT_SYMLINK_FOLLOW), 0);
  assert.equal(linkat(AT_FDCWD, `/proc/self/fd/${excl}`, "/tmp/l5", 0), -E.EXDEV);
});

Deno.test("read/write/pread64/pwrite64: EBADF, EISDIR, EFAULT, ESPIPE and EINVAL cases", () => {
  const s = new Sys();
  const r = s.open("/etc/passwd");
  const buf = s.alloc(16);
  assert.equal(s.sys("write", r, buf, 1), -E.EBADF);
  assert.equal(s.sys("write", r, buf, 0), -E.EBADF);
  const d = s.open("/tmp", O_DIRECTORY);
  assert.equal(s.sys("read", d, buf, 1), -E.EISDIR);
  assert.equal(s.sys("read", d, buf, 0), -E.EISDIR);
  assert.equal(s.sys("read", r, buf, -1), -E.EFAULT);
  assert.equal(s.sys("read", r, 0x7ffffffff000 - 5, 10), -E.EFAULT);
  assert.equal(s.sys("read", r, 0, 0), 0);
  assert.equal(s.sys("write", 1, 0, 0), 0);
  assert.equal(s.sys("write", 1, 1, 1), -E.EFAULT);
  assert.equal(s.sys("read", r, 0x1000, 4), -E.EFAULT);
  assert.equal(s.sys("pread64", r, buf, 1, -1), -E.EINVAL);
  assert.equal(s.sys("pread64", 0, buf, 1, 0), -E.ESPIPE);
  assert.equal(s.sys("pread64", r, buf, 4, 5), 4);
  assert.equal(s.text(buf, 4), "x:0:");
  assert.equal(s.sys("read", 77, buf, 1), -E.EBADF);
  const p = s.open("/tmp", O_PATH);
  assert.equal(s.sys("read", p, buf, 0), -E.EBADF);
});

Deno.test("read: a partial copy to a bad page returns the bytes copied and rewinds the rest", () => {
  const s = new Sys();
  const fd = s.open("/tmp/big", O_CREAT | O_RDWR);
  s.write(fd, "x".repeat(100));
  assert.equal(s.sys("lseek", fd, 0, 0), 0);
  // The scratch region ends at 0x10400000; the 30 bytes before it are writable.
  assert.equal(s.sys("read", fd, 0x10400000 - 30, 100), 30);
  assert.equal(s.sys("lseek", fd, 0, 1), 30);
});

Deno.test("readv/writev/preadv/pwritev/preadv2/pwritev2: scatter-gather and iovec validation", () => {
  const s = new Sys();
  const fd = s.open("/tmp/v", O_CREAT | O_RDWR);
  const a = s.str("abc"), b = s.str("defgh");
  const iov = s.alloc(32);
  s.mem.write64(iov, a, 0);
  s.mem.write64(iov + 8, 3, 0);
  s.mem.write64(iov + 16, b, 0);
  s.mem.write64(iov + 24, 5, 0);
  assert.equal(s.sys("writev", fd, iov, 2), 8);
  assert.equal(s.sys("pwritev", fd, iov, 1, 8), 3);
  const out1 = s.alloc(4), out2 = s.alloc(16);
  s.mem.write64(iov, out1, 0);
  s.mem.write64(iov + 8, 4, 0);
  s.mem.write64(iov + 16, out2, 0);
  s.mem.write64(iov + 24, 16, 0);
  assert.equal(s.sys("preadv", fd, iov, 2, 0), 11);
  assert.equal(s.text(out1, 4) + s.text(out2, 7), "abcdefghabc");
  assert.equal(s.sys("lseek", fd, 2, 0), 2);
  assert.equal(s.sys("preadv2", fd, iov, 1, -1, 0, 0), 4);
  assert.equal(s.text(out1, 4), "cdef");
  assert.equal(s.sys("lseek", fd, 0, 1), 6);
  assert.equal(s.sys("readv", fd, 0, -1), -E.EINVAL);
  assert.equal(s.sys("readv", fd, 0, 1025), -E.EINVAL);
  assert.equal(s.sys("readv", fd, 0, 0), 0);
  s.mem.write64(iov + 24, 0xffffffff, 0xffffffff);
  assert.equal(s.sys("readv", fd, iov, 2), -E.EINVAL);
  assert.equal(s.sys("preadv2", fd, iov, 1, 0, 0, 0x10000), -E.EOPNOTSUPP);
  assert.equal(s.sys("preadv", fd, iov, 1, -2), -E.EINVAL);
  s.mem.write64(iov + 24, 4, 0);
  assert.equal(s.sys("pwritev2", fd, iov, 1, 0, 0, 0x10), 4, "RWF_APPEND");
  assert.equal(s.sys("fstat", fd, s.alloc(144)), 0);
});

Deno.test("lseek: SEEK_SET/CUR/END/DATA/HOLE, pipes, devices and directories", () => {
  const s = new Sys();
  const fd = s.open("/tmp/s", O_CREAT | O_RDWR);
  s.write(fd, "12345");
  assert.equal(s.sys("lseek", fd, -2, 2), 3);
  assert.equal(s.sys("lseek", fd, 1, 1), 4);
  assert.equal(s.sys("lseek", fd, -10, 1), -E.EINVAL);
  assert.equal(s.sys("lseek", fd, 0, 7), -E.EINVAL);
  assert.equal(s.sys("lseek", fd, 100000, 0), 100000);
  assert.equal(s.write(fd, "Z"), 1);
  assert.equal(s.sys("lseek", fd, 0, 3), 0, "SEEK_DATA at 0");
  assert.equal(s.sys("lseek", fd, 0, 4), 4096, "SEEK_HOLE after the first page");
  assert.equal(s.sys("lseek", fd, 5000, 3), 98304, "SEEK_DATA skips the hole");
  assert.equal(s.sys("lseek", fd, 200000, 3), -E.ENXIO);
  const st = s.stat("/tmp/s") as { size: number; blocks: number };
  assert.equal(st.size, 100001);
  assert.equal(st.blocks, 16, "two pages of a sparse tmpfs file");
  const pipe = s.alloc(8);
  s.sys("pipe", pipe);
  assert.equal(s.sys("lseek", s.i32(pipe), 0, 1), -E.ESPIPE);
  assert.equal(s.sys("lseek", s.open("/dev/null", O_RDWR), 10, 0), 0);
  const d = s.open("/tmp", O_DIRECTORY);
  assert.equal(s.sys("lseek", d, 0, 2), -E.EINVAL);
  assert.equal(s.sys("lseek", d, 5, 0), 5);
  assert.equal(s.sys("lseek", s.open("/proc/self/maps"), 10, 2), -E.EINVAL);
});

Deno.test("stat/lstat/fstat/newfstatat: fields of files, directories, symlinks and devices", () => {
  const s = new Sys();
  s.sys("mkdir", s.str("/tmp/q"), 0o777);
  const f = s.open("/tmp/q/f", O_CREAT | O_WRONLY, 0o640);
  s.write(f, "hello");
  s.sys("symlink", s.str("abc"), s.str("/tmp/q/sl"));
  s.sys("mkdir", s.str("/tmp/q/sub"), 0o777);
  const dir = s.stat("/tmp/q") as Record<string, number>;
  assert.equal(dir.mode, 0o40755);
  assert.equal(dir.nlink, 3);
  assert.equal(dir.size, 100, "tmpfs: 20 bytes per entry including . and ..");
  const file = s.stat("/tmp/q/f") as Record<string, number>;
  assert.deepEqual([file.mode, file.size, file.blocks, file.nlink], [0o100640, 5, 8, 1]);
  const link = s.stat("/tmp/q/sl", "lstat") as Record<string, number>;
  assert.deepEqual([link.mode, link.size, link.blocks], [0o120777, 3, 0]);
  assert.equal(s.stat("/tmp/q/sl"), -E.ENOENT);
  const nul = s.stat("/dev/null") as Record<string, number>;
  assert.deepEqual([nul.mode, nul.rdev, nul.dev], [0o20666, 0x103, 5]);
  const buf = s.alloc(144);
  assert.equal(s.sys("newfstatat", AT_FDCWD, s.str(""), buf, 0), -E.ENOENT);
  assert.equal(s.sys("newfstatat", AT_FDCWD, s.str(""), buf, AT_EMPTY_PATH), 0);
  assert.equal(s.u32(buf + 24), 0o40755, "AT_FDCWD with AT_EMPTY_PATH is the cwd");
  assert.equal(s.sys("newfstatat", f, 0, buf, AT_EMPTY_PATH), 0);
  assert.equal(Number(s.u64(buf + 48)), 5);
  assert.equal(s.sys("newfstatat", AT_FDCWD, s.str("/tmp"), buf, 0x8000), -E.EINVAL);
  assert.equal(s.sys("newfstatat", AT_FDCWD, s.str("/tmp"), 0, 0), -E.EFAULT);
  assert.equal(s.sys("newfstatat", 99, s.str("x"), buf, 0), -E.EBADF);
  assert.equal(s.sys("newfstatat", 0, s.str("x"), buf, 0), -E.ENOTDIR);
  assert.equal(s.sys("newfstatat", AT_FDCWD, s.str("/tmp/q/sl"), buf, AT_SYMLINK_NOFOLLOW), 0);
  assert.equal(s.u32(buf + 24), 0o120777);
  assert.equal(s.sys("fstat", 1, buf), 0);
  assert.equal(s.u32(buf + 24), 0o10600, "captured stdout is a pipe");
});

Deno.test("stat: timestamps come from the virtual clock and change on write", () => {
  const s = new Sys();
  s.p.cpu.icount = 5_000_000_000;
  const fd = s.open("/tmp/ts", O_CREAT | O_WRONLY);
  const buf = s.alloc(144);
  s.sys("fstat", fd, buf);
  assert.equal(Number(s.u64(buf + 88)), 1767225600 + 5, "mtime");
  s.p.cpu.icount = 7_250_000_000;
  s.write(fd, "x");
  s.sys("fstat", fd, buf);
  assert.deepEqual([Number(s.u64(buf + 88)), Number(s.u64(buf + 96))], [1767225607, 250_000_000]);
});

Deno.test("statx: basic fields, btime and mount id; invalid flags", () => {
  const s = new Sys();
  const fd = s.open("/tmp/sx", O_CREAT | O_WRONLY, 0o600);
  s.write(fd, "abc");
  const buf = s.alloc(256);
  assert.equal(s.sys("statx", AT_FDCWD, s.str("/tmp/sx"), 0, 0x7ff, buf), 0);
  assert.equal(s.u32(buf), 0x1fff);
  assert.equal(s.u16(buf + 28), 0o100600);
  assert.equal(Number(s.u64(buf + 40)), 3);
  assert.equal(s.sys("statx", AT_FDCWD, 0, AT_EMPTY_PATH, 0x7ff, buf), 0);
  assert.equal(Number(s.u64(buf + 8)) & 0x2000, 0x2000, "the root is a mount root");
  assert.equal(s.sys("statx", AT_FDCWD, s.str("/"), 0x6000, 0x7ff, buf), -E.EINVAL);
  assert.equal(s.sys("statx", AT_FDCWD, s.str("/"), 0, 0x80000000, buf), -E.EINVAL);
  assert.equal(s.sys("statx", AT_FDCWD, s.str("/proc/self/maps"), 0, 0x7ff, buf), 0);
  assert.equal(s.u32(buf), 0x17ff, "procfs has no birth time");
});

Deno.test("statfs/fstatfs: file system magic numbers and flags", () => {
  const s = new Sys();
  const buf = s.alloc(120);
  assert.equal(s.sys("statfs", s.str("/tmp"), buf), 0);
  assert.equal(Number(s.u64(buf)), 0x01021994);
  assert.equal(Number(s.u64(buf + 8)), 4096);
  assert.equal(Number(s.u64(buf + 64)), 255);
  assert.equal(Number(s.u64(buf + 80)), 0x1020);
  assert.equal(s.sys("statfs", s.str("/proc"), buf), 0);
  assert.equal(Number(s.u64(buf)), 0x9fa0);
  const pipe = s.alloc(8);
  s.sys("pipe", pipe);
  assert.equal(s.sys("fstatfs", s.i32(pipe), buf), 0);
  assert.equal(Number(s.u64(buf)), 0x50495045);
  assert.equal(s.sys("statfs", s.str("/nope"), buf), -E.ENOENT);
});

Deno.test("access/faccessat/faccessat2: modes, root's execute rule and flags", () => {
  const s = new Sys();
  assert.equal(s.sys("access", s.str("/etc/passwd"), 4), 0);
  assert.equal(
    s.sys("access", s.str("/etc/passwd"), 1),
    -E.EACCES,
    "root needs an x bit to execute",
  );
  assert.equal(s.sys("access", s.str("/tmp"), 1), 0);
  assert.equal(s.sys("access", s.str("/tmp"), 8), -E.EINVAL);
  assert.equal(s.sys("access", s.str("/nope"), 0), -E.ENOENT);
  assert.equal(s.sys("faccessat", AT_FDCWD, s.str("/tmp"), 0, 4), 0, "the raw call has no flags");
  assert.equal(s.sys("faccessat2", AT_FDCWD, s.str("/tmp"), 0, 4), -E.EINVAL);
  assert.equal(s.sys("faccessat2", AT_FDCWD, s.str(""), 0, AT_EMPTY_PATH), 0);
  assert.equal(s.sys("faccessat2", AT_FDCWD, s.str("/bin"), 2, 0x200), 0);
});

Deno.test("readlink/readlinkat: truncation, EINVAL for non-links and the O_PATH empty-path form", () => {
  const s = new Sys();
  s.sys("symlink", s.str("/some/target"), s.str("/tmp/l"));
  const buf = s.alloc(64);
  assert.equal(s.sys("readlink", s.str("/tmp/l"), buf, 64), 12);
  assert.equal(s.text(buf, 12), "/some/target");
  assert.equal(s.sys("readlink", s.str("/tmp/l"), buf, 4), 4);
  assert.equal(s.sys("readlink", s.str("/tmp/l"), buf, 0), -E.EINVAL);
  assert.equal(s.sys("readlink", s.str("/tmp"), buf, 10), -E.EINVAL);
  assert.equal(s.sys("readlink", s.str(""), buf, 10), -E.ENOENT);
  const p = s.open("/tmp/l", O_PATH | O_NOFOLLOW);
  assert.equal(s.sys("readlinkat", p, s.str(""), buf, 64), 12);
  const d = s.open("/tmp", O_DIRECTORY);
  assert.equal(s.sys("readlinkat", d, s.str("l"), buf, 64), 12);
});

Deno.test("symlink/symlinkat: relative, absolute, chained and looping links", () => {
  const s = new Sys();
  s.sys("mkdir", s.str("/tmp/d"), 0o755);
  s.open("/tmp/d/file", O_CREAT | O_WRONLY);
  assert.equal(s.sys("symlink", s.str("d/file"), s.str("/tmp/rel")), 0);
  assert.equal(s.sys("symlink", s.str("/tmp/rel"), s.str("/tmp/abs")), 0);
  assert.equal(s.sys("symlinkat", s.str("../d"), s.open("/tmp/d", O_DIRECTORY), s.str("up")), 0);
  assert.equal(typeof s.stat("/tmp/abs"), "object");
  assert.equal(typeof s.stat("/tmp/d/up/up/up/file"), "object");
  assert.equal(s.sys("symlink", s.str("loop"), s.str("/tmp/loop")), 0);
  assert.equal(s.stat("/tmp/loop"), -E.ELOOP);
  assert.equal(s.sys("symlink", s.str(""), s.str("/tmp/e")), -E.ENOENT);
  assert.equal(s.sys("symlink", s.str("x"), s.str("/tmp/rel")), -E.EEXIST);
  assert.equal(s.sys("symlink", s.str("x"), s.str("/tmp/s2/")), -E.ENOENT);
  // A dangling link is followed by O_CREAT, which creates its target.
  s.sys("symlink", s.str("/tmp/made"), s.str("/tmp/dang"));
  assert.ok(s.open("/tmp/dang", O_CREAT | O_WRONLY) >= 0);
  assert.equal(typeof s.stat("/tmp/made"), "object");
});

Deno.test("mkdir/mkdirat/rmdir: errnos for existing, non-empty, dot and root directories", () => {
  const s = new Sys();
  s.sys("mkdir", s.str("/tmp/d"), 0o1777);
  assert.equal(
    (s.stat("/tmp/d") as { mode: number }).mode,
    0o41755,
    "umask applies, sticky bit kept",
  );
  s.sys("mkdir", s.str("/tmp/d/e"), 0o777);
  s.sys("symlink", s.str("nowhere"), s.str("/tmp/dang"));
  assert.equal(s.sys("mkdir", s.str("/tmp/d"), 0o777), -E.EEXIST);
  assert.equal(s.sys("mkdir", s.str("/tmp/dang"), 0o777), -E.EEXIST);
  assert.equal(s.sys("mkdir", s.str("/tmp/new/"), 0o777), 0);
  assert.equal(s.sys("mkdir", s.str(""), 0o777), -E.ENOENT);
  assert.equal(s.sys("mkdirat", s.open("/tmp/d", O_DIRECTORY), s.str("f"), 0o700), 0);
  assert.equal(s.sys("rmdir", s.str("/tmp/d")), -E.ENOTEMPTY);
  assert.equal(s.sys("rmdir", s.str("/tmp/d/e/.")), -E.EINVAL);
  assert.equal(s.sys("rmdir", s.str("/tmp/d/e/..")), -E.ENOTEMPTY);
  assert.equal(s.sys("rmdir", s.str("/")), -E.EBUSY);
  assert.equal(s.sys("rmdir", s.str("/proc")), -E.EBUSY);
  assert.equal(s.sys("rmdir", s.str("/tmp/dang")), -E.ENOTDIR);
  assert.equal(s.sys("rmdir", s.str("/tmp/d/e")), 0);
  assert.equal((s.stat("/tmp/d") as { nlink: number }).nlink, 3);
});

Deno.test("unlink/unlinkat: files, directories, dots and AT_REMOVEDIR", () => {
  const s = new Sys();
  s.open("/tmp/f", O_CREAT | O_WRONLY);
  s.sys("mkdir", s.str("/tmp/d"), 0o755);
  assert.equal(s.sys("unlink", s.str("/tmp/.")), -E.EISDIR);
  assert.equal(s.sys("unlink", s.str("/tmp/f/")), -E.ENOTDIR);
  assert.equal(s.sys("unlink", s.str("/tmp/d/")), -E.EISDIR);
  assert.equal(s.sys("unlink", s.str("/tmp/d")), -E.EISDIR);
  assert.equal(s.sys("unlink", s.str("/tmp/nope/")), -E.ENOENT);
  assert.equal(s.sys("unlinkat", AT_FDCWD, s.str("/tmp/d"), 1), -E.EINVAL);
  assert.equal(s.sys("unlinkat", AT_FDCWD, s.str("/tmp/d"), AT_REMOVEDIR), 0);
  const fd = s.open("/tmp/f");
  assert.equal(s.sys("unlink", s.str("/tmp/f")), 0);
  assert.equal(s.stat("/tmp/f"), -E.ENOENT);
  const buf = s.alloc(144);
  assert.equal(s.sys("fstat", fd, buf), 0);
  assert.equal(Number(s.u64(buf + 16)), 0, "an open file survives unlink with nlink 0");
  assert.equal(s.sys("unlink", s.str("/proc/cpuinfo")), -E.EPERM);
});

Deno.test("link/linkat: hard links share the inode; EEXIST, EPERM, ENOENT and flags", () => {
  const s = new Sys();
  const fd = s.open("/tmp/f", O_CREAT | O_WRONLY);
  s.write(fd, "data");
  assert.equal(s.sys("link", s.str("/tmp/f"), s.str("/tmp/g")), 0);
  const f = s.stat("/tmp/f") as Record<string, number>,
    g = s.stat("/tmp/g") as Record<string, number>;
  assert.equal(f.ino, g.ino);
  assert.equal(g.nlink, 2);
  assert.equal(s.sys("link", s.str("/tmp/f"), s.str("/tmp/g")), -E.EEXIST);
  assert.equal(s.sys("link", s.str("/tmp"), s.str("/tmp/dl")), -E.EPERM);
  assert.equal(s.sys("link", s.str("/tmp/f"), s.str("/tmp/h/")), -E.ENOENT);
  assert.equal(s.sys("link", s.str("/tmp/nope"), s.str("/tmp/h")), -E.ENOENT);
  s.sys("symlink", s.str("nowhere"), s.str("/tmp/dang"));
  assert.equal(s.sys("link", s.str("/tmp/dang"), s.str("/tmp/dl2")), 0, "links the symlink itself");
  assert.equal(
    s.sys("linkat", AT_FDCWD, s.str("/tmp/dang"), AT_FDCWD, s.str("/tmp/dl3"), 0x400),
    -E.ENOENT,
  );
  assert.equal(s.sys("linkat", AT_FDCWD, s.str("/tmp/f"), AT_FDCWD, s.str("/tmp/x"), 8), -E.EINVAL);
  assert.equal(s.sys("linkat", fd, s.str(""), AT_FDCWD, s.str("/tmp/byfd"), AT_EMPTY_PATH), 0);
  assert.equal(s.sys("link", s.str("/tmp/f"), s.str("/dev/f")), -E.EXDEV);
});

Deno.test("rename/renameat/renameat2: replacement rules, loops, NOREPLACE, EXCHANGE and WHITEOUT", () => {
  const s = new Sys();
  for (const d of ["/tmp/r", "/tmp/r/d", "/tmp/r/d/e", "/tmp/r/x"]) s.sys("mkdir", s.str(d), 0o755);
  s.open("/tmp/r/f", O_CREAT | O_WRONLY);
  s.open("/tmp/r/g", O_CREAT | O_WRONLY);
  const r = (a: string, b: string, flags = 0) =>
    s.sys("renameat2", AT_FDCWD, s.str(a), AT_FDCWD, s.str(b), flags);
  assert.equal(r("/tmp/r/f", "/tmp/r/d"), -E.EISDIR);
  assert.equal(r("/tmp/r/d", "/tmp/r/f"), -E.ENOTDIR);
  assert.equal(r("/tmp/r/d", "/tmp/r/d/e/z"), -E.EINVAL);
  assert.equal(r("/tmp/r/d/e", "/tmp/r/d"), -E.ENOTEMPTY);
  assert.equal(r("/tmp/r/f/", "/tmp/r/z"), -E.ENOTDIR);
  assert.equal(r("/tmp/r/f", "/tmp/r/z/"), -E.ENOTDIR);
  assert.equal(r("/tmp/r/nope", "/tmp/r/z"), -E.ENOENT);
  assert.equal(r("/tmp/r/f", "/tmp/r/."), -E.EBUSY);
  assert.equal(r("/tmp/r/f", "/tmp/r/f"), 0);
  assert.equal(r("/tmp/r/f", "/tmp/r/g", 1), -E.EEXIST);
  assert.equal(r("/tmp/r/f", "/tmp/r/zz", 2), -E.ENOENT);
  assert.equal(r("/tmp/r/f", "/tmp/r/g", 3), -E.EINVAL);
  assert.equal(r("/tmp/r/f", "/tmp/r/g", 8), -E.EINVAL);
  assert.equal(r("/tmp/r/f", "/dev/f"), -E.EXDEV);
  assert.equal(
    s.sys("rename", s.str("/tmp/r/d"), s.str("/tmp/r/x")),
    0,
    "a directory replaces an empty one",
  );
  assert.equal(s.stat("/tmp/r/d"), -E.ENOENT);
  assert.equal(typeof s.stat("/tmp/r/x/e"), "object");
  assert.equal(r("/tmp/r/f", "/tmp/r/x", 2), 0, "exchange a file and a directory");
  assert.equal((s.stat("/tmp/r/x") as { mode: number }).mode & 0o170000, 0o100000);
  assert.equal(typeof s.stat("/tmp/r/f/e"), "object");
  assert.equal(r("/tmp/r/g", "/tmp/r/w", 4), 0, "whiteout");
  const wh = s.stat("/tmp/r/g") as Record<string, number>;
  assert.deepEqual([wh.mode, wh.rdev], [0o20000, 0]);
  const d = s.open("/tmp/r", O_DIRECTORY);
  assert.equal(s.sys("renameat", d, s.str("w"), d, s.str("w2")), 0);
  assert.equal(typeof s.stat("/tmp/r/w2"), "object");
});

Deno.test("rename: the cwd follows a renamed directory (getcwd)", () => {
  const s = new Sys();
  s.sys("mkdir", s.str("/tmp/a"), 0o755);
  assert.equal(s.sys("chdir", s.str("/tmp/a")), 0);
  s.sys("rename", s.str("/tmp/a"), s.str("/tmp/b"));
  const buf = s.alloc(64);
  assert.equal(s.sys("getcwd", buf, 64), 7);
  assert.equal(s.cstr(buf), "/tmp/b");
});

Deno.test("getcwd/chdir/fchdir/chroot: paths, ERANGE, ENOENT for a removed cwd, ENOTDIR", () => {
  const s = new Sys({ cwd: "/home/user" });
  const buf = s.alloc(64);
  assert.equal(s.sys("getcwd", buf, 64), 11);
  assert.equal(s.cstr(buf), "/home/user");
  assert.equal(s.sys("getcwd", buf, 3), -E.ERANGE);
  assert.equal(s.sys("getcwd", buf, 0), -E.ERANGE);
  assert.equal(s.sys("getcwd", 0, 100), -E.EFAULT);
  assert.equal(s.sys("chdir", s.str("/etc/passwd")), -E.ENOTDIR);
  assert.equal(s.sys("chdir", s.str("/nope")), -E.ENOENT);
  assert.equal(s.sys("chdir", s.str("..")), 0);
  s.sys("getcwd", buf, 64);
  assert.equal(s.cstr(buf), "/home");
  assert.equal(s.sys("fchdir", s.open("/proc/self", O_DIRECTORY)), 0);
  s.sys("getcwd", buf, 64);
  assert.equal(s.cstr(buf), "/proc/2");
  assert.equal(s.sys("fchdir", s.open("/etc/passwd")), -E.ENOTDIR);
  s.sys("mkdir", s.str("/tmp/gone"), 0o755);
  s.sys("chdir", s.str("/tmp/gone"));
  s.sys("rmdir", s.str("/tmp/gone"));
  assert.equal(s.sys("getcwd", buf, 64), -E.ENOENT);
  s.sys("mkdir", s.str("/tmp/jail"), 0o755);
  s.sys("mkdir", s.str("/tmp/jail/in"), 0o755);
  assert.equal(s.sys("chroot", s.str("/tmp/jail")), 0);
  assert.equal(s.sys("chdir", s.str("/in")), 0);
  s.sys("getcwd", buf, 64);
  assert.equal(s.cstr(buf), "/in");
  assert.equal(s.sys("chdir", s.str("/../../..")), 0);
  s.sys("getcwd", buf, 64);
  assert.equal(s.cstr(buf), "/", "'..' stops at the root");
});

Deno.test("getdents64/getdents: entries with types, d_off, small buffers and rewinding", () => {
  const s = new Sys();
  s.sys("mkdir", s.str("/tmp/g"), 0o755);
  s.open("/tmp/g/file", O_CREAT | O_WRONLY);
  s.sys("mkdir", s.str("/tmp/g/sub"), 0o755);
  s.sys("symlink", s.str("x"), s.str("/tmp/g/link"));
  const d = s.open("/tmp/g", O_DIRECTORY);
  const buf = s.alloc(1024);
  const list = (n: number, wide = true) => {
    const out: string[] = [];
    for (let o = 0; o < n;) {
      const rl = s.u16(buf + o + 16);
      const type = wide ? s.mem.read8(buf + o + 18) : s.mem.read8(buf + o + rl - 1);
      out.push(`${s.cstr(buf + o + (wide ? 19 : 18))}:${type}`);
      o += rl;
    }
    return out;
  };
  const n = s.sys("getdents64", d, buf, 1024);
  assert.deepEqual(
    list(n),
    [".:4", "..:4", "link:10", "sub:4", "file:8"],
    "tmpfs lists newest first",
  );
  assert.equal(n, 24 + 24 + 24 + 24 + 24);
  assert.equal(s.sys("getdents64", d, buf, 1024), 0);
  assert.equal(s.sys("lseek", d, 0, 0), 0);
  assert.equal(s.sys("getdents64", d, buf, 30), 24, "only what fits");
  assert.equal(Number(s.u64(buf + 8)), 1, "d_off is the position after the entry");
  assert.equal(s.sys("getdents64", d, buf, 10), -E.EINVAL);
  s.sys("lseek", d, 0, 0);
  assert.deepEqual(list(s.sys("getdents", d, buf, 1024), false), [
    ".:4",
    "..:4",
    "link:10",
    "sub:4",
    "file:8",
  ]);
  assert.equal(s.sys("getdents64", s.open("/etc/passwd"), buf, 1024), -E.ENOTDIR);
  assert.equal(s.sys("getdents64", s.open("/tmp/g", O_PATH), buf, 1024), -E.EBADF);
});

Deno.test("mknod/mknodat: regular files, FIFOs, devices; EPERM for directories, EINVAL for bad types", () => {
  const s = new Sys();
  assert.equal(s.sys("mknod", s.str("/tmp/n1"), 0o40777, 0), -E.EPERM);
  assert.equal(s.sys("mknod", s.str("/tmp/n2"), 0o777, 0), 0);
  assert.equal((s.stat("/tmp/n2") as { mode: number }).mode, 0o100755);
  assert.equal(s.sys("mknod", s.str("/tmp/n3"), 0o20666, 0x103), 0);
  assert.equal(s.sys("mknod", s.str("/tmp/n4"), 0o170777, 0), -E.EINVAL);
  assert.equal(s.sys("mknodat", AT_FDCWD, s.str("/tmp/n5"), 0o10666, 0), 0);
  const nul = s.open("/tmp/n3", O_RDWR);
  assert.equal(s.write(nul, "gone"), 4, "a device node made with mknod acts like /dev/null");
  assert.equal(s.open("/tmp/n5", O_WRONLY | O_NONBLOCK), -E.ENXIO, "FIFO without a reader");
  const r = s.open("/tmp/n5", O_NONBLOCK);
  const w = s.open("/tmp/n5", O_WRONLY);
  assert.equal(s.write(w, "fifo"), 4);
  assert.equal(s.read(r), "fifo");
  s.sys("mknod", s.str("/tmp/bad"), 0o20666, 0x105f);
  assert.equal(s.open("/tmp/bad"), -E.ENXIO);
});

Deno.test("chmod/fchmod/fchmodat/fchmodat2: modes, symlinks and O_PATH", () => {
  const s = new Sys();
  const fd = s.open("/tmp/m", O_CREAT | O_WRONLY);
  assert.equal(s.sys("chmod", s.str("/tmp/m"), 0o7777), 0);
  assert.equal((s.stat("/tmp/m") as { mode: number }).mode, 0o107777);
  assert.equal(s.sys("fchmod", fd, 0o600), 0);
  assert.equal((s.stat("/tmp/m") as { mode: number }).mode, 0o100600);
  assert.equal(s.sys("fchmodat", AT_FDCWD, s.str("/tmp/m"), 0o644), 0);
  s.sys("symlink", s.str("m"), s.str("/tmp/l"));
  assert.equal(
    s.sys("fchmodat2", AT_FDCWD, s.str("/tmp/l"), 0o644, AT_SYMLINK_NOFOLLOW),
    -E.EOPNOTSUPP,
  );
  assert.equal(s.sys("fchmodat2", AT_FDCWD, s.str("/tmp/l"), 0o640, 0), 0);
  assert.equal((s.stat("/tmp/m") as { mode: number }).mode, 0o100640);
  assert.equal(s.sys("fchmodat2", AT_FDCWD, s.str("/tmp/m"), 0o644, 8), -E.EINVAL);
  assert.equal(s.sys("fchmod", s.open("/tmp/m", O_PATH), 0o644), -E.EBADF);
  assert.equal(s.sys("chmod", s.str("/nope"), 0o644), -E.ENOENT);
});

Deno.test("chown/fchown/lchown/fchownat: ownership, -1 and the setuid bits chown clears", () => {
  const s = new Sys();
  s.open("/tmp/o", O_CREAT | O_WRONLY);
  s.sys("chmod", s.str("/tmp/o"), 0o6755);
  assert.equal(s.sys("chown", s.str("/tmp/o"), -1, -1), 0);
  assert.equal(
    (s.stat("/tmp/o") as { mode: number }).mode,
    0o100755,
    "even chown(-1, -1) clears them",
  );
  assert.equal(s.sys("chown", s.str("/tmp/o"), 1000, 100), 0);
  const buf = s.alloc(144);
  s.sys("stat", s.str("/tmp/o"), buf);
  assert.deepEqual([s.u32(buf + 28), s.u32(buf + 32)], [1000, 100]);
  s.sys("symlink", s.str("o"), s.str("/tmp/l"));
  assert.equal(s.sys("lchown", s.str("/tmp/l"), 5, 5), 0);
  s.sys("lstat", s.str("/tmp/l"), buf);
  assert.equal(s.u32(buf + 28), 5);
  s.sys("stat", s.str("/tmp/o"), buf);
  assert.equal(s.u32(buf + 28), 1000);
  assert.equal(s.sys("fchownat", AT_FDCWD, s.str("/tmp/o"), 0, 0, 8), -E.EINVAL);
  assert.equal(s.sys("fchown", s.open("/tmp/o"), 7, -1), 0);
});

Deno.test("utimensat/utimes/utime/futimesat: explicit times, UTIME_NOW/OMIT, NULL paths", () => {
  const s = new Sys();
  const fd = s.open("/tmp/u", O_CREAT | O_WRONLY);
  const ts = s.alloc(32);
  const put = (a: number, an: number, m: number, mn: number) => {
    s.mem.write64(ts, a, 0);
    s.mem.write64(ts + 8, an, 0);
    s.mem.write64(ts + 16, m, 0);
    s.mem.write64(ts + 24, mn, 0);
  };
  const buf = s.alloc(144);
  put(1, 0x3ffffffe, 2, 0x3ffffffe);
  assert.equal(
    s.sys("utimensat", AT_FDCWD, s.str("/tmp/nope"), ts, 0),
    0,
    "both UTIME_OMIT: nothing to do",
  );
  put(1, 2_000_000_000, 2, 0x3ffffffe);
  assert.equal(s.sys("utimensat", AT_FDCWD, s.str("/tmp/nope"), ts, 0), -E.ENOENT);
  assert.equal(s.sys("utimensat", AT_FDCWD, s.str("/tmp/u"), ts, 0), -E.EINVAL);
  put(1, 5, 1000, 0x3fffffff);
  assert.equal(s.sys("utimensat", AT_FDCWD, s.str("/tmp/u"), ts, 0), 0);
  s.sys("stat", s.str("/tmp/u"), buf);
  assert.deepEqual([Number(s.u64(buf + 72)), Number(s.u64(buf + 80))], [1, 5]);
  assert.equal(Number(s.u64(buf + 88)), 1767225600, "UTIME_NOW is the virtual time");
  assert.equal(s.sys("utimensat", AT_FDCWD, 0, 0, 0), -E.EFAULT);
  assert.equal(s.sys("utimensat", fd, 0, 0, 0), 0);
  assert.equal(s.sys("utimensat", fd, 0, 0, AT_SYMLINK_NOFOLLOW), -E.EINVAL);
  assert.equal(s.sys("utimensat", fd, s.str(""), 0, 0), -E.ENOENT);
  assert.equal(s.sys("utimensat", AT_FDCWD, s.str("/tmp/u"), 0, 8), -E.EINVAL);
  put(7, 2_000_000, 9, 0);
  assert.equal(s.sys("utimes", s.str("/tmp/u"), ts), -E.EINVAL, "tv_usec must be below 1e6");
  put(7, 20, 9, 0);
  assert.equal(s.sys("utimes", s.str("/tmp/u"), ts), 0);
  s.sys("stat", s.str("/tmp/u"), buf);
  assert.deepEqual([Number(s.u64(buf + 72)), Number(s.u64(buf + 80))], [7, 20_000]);
  s.mem.write64(ts, 11, 0);
  s.mem.write64(ts + 8, 12, 0);
  assert.equal(s.sys("utime", s.str("/tmp/u"), ts), 0);
  s.sys("stat", s.str("/tmp/u"), buf);
  assert.deepEqual([Number(s.u64(buf + 72)), Number(s.u64(buf + 88))], [11, 12]);
  assert.equal(s.sys("futimesat", AT_FDCWD, s.str("/tmp/u"), 0), 0);
});

Deno.test("umask: returns the old mask and keeps only permission bits", () => {
  const s = new Sys();
  assert.equal(s.sys("umask", 0o77), 0o22);
  assert.equal(s.sys("umask", 0o777777), 0o77);
  assert.equal(s.sys("umask", 0), 0o777);
});

Deno.test("truncate/ftruncate: growing, shrinking and errnos", () => {
  const s = new Sys();
  const fd = s.open("/tmp/t", O_CREAT | O_RDWR);
  s.write(fd, "abcdef");
  assert.equal(s.sys("truncate", s.str("/tmp/t"), 3), 0);
  assert.equal(s.sys("ftruncate", fd, 8192), 0);
  s.sys("lseek", fd, 0, 0);
  const buf = s.alloc(8192);
  assert.equal(s.sys("read", fd, buf, 8192), 8192);
  assert.equal(s.text(buf, 4), "abc\0");
  assert.equal(s.sys("truncate", s.str("/tmp/t"), -1), -E.EINVAL);
  assert.equal(s.sys("truncate", s.str("/tmp"), 0), -E.EISDIR);
  assert.equal(s.sys("truncate", s.str("/dev/null"), 0), -E.EINVAL);
  assert.equal(s.sys("ftruncate", s.open("/tmp/t"), 5), -E.EINVAL, "not open for writing");
  assert.equal(s.sys("ftruncate", s.open("/tmp", O_DIRECTORY), 0), -E.EINVAL);
  assert.equal(s.sys("ftruncate", fd, -1), -E.EINVAL);
});

Deno.test("fallocate: allocation, KEEP_SIZE, PUNCH_HOLE and the tmpfs errnos", () => {
  const s = new Sys();
  const w = s.open("/tmp/fa", O_CREAT | O_WRONLY);
  s.sys("ftruncate", w, 100);
  assert.equal(s.sys("fallocate", w, 0, 0, 0), -E.EINVAL);
  assert.equal(s.sys("fallocate", w, 0, -1, 10), -E.EINVAL);
  assert.equal(s.sys("fallocate", w, 2, 0, 10), -E.EOPNOTSUPP);
  assert.equal(s.sys("fallocate", w, 0x10, 0, 10), -E.EOPNOTSUPP);
  assert.equal(s.sys("fallocate", s.open("/tmp/fa"), 0, 0, 10), -E.EBADF);
  const pipe = s.alloc(8);
  s.sys("pipe", pipe);
  assert.equal(s.sys("fallocate", s.i32(pipe + 4), 0, 0, 10), -E.ESPIPE);
  assert.equal(s.sys("fallocate", s.open("/dev/null", O_WRONLY), 0, 0, 10), -E.ENODEV);
  assert.equal(s.sys("fallocate", w, 1, 0, 10000), 0);
  const st = s.stat("/tmp/fa") as Record<string, number>;
  assert.deepEqual([st.size, st.blocks], [100, 24]);
  assert.equal(s.sys("fallocate", w, 0, 0, 5000), 0);
  assert.equal((s.stat("/tmp/fa") as Record<string, number>).size, 5000);
  assert.equal(s.sys("fallocate", w, 3, 0, 4096), 0);
  assert.equal((s.stat("/tmp/fa") as Record<string, number>).blocks, 16);
});

Deno.test("sync/syncfs/fsync/fdatasync/sync_file_range: no-ops that still check their descriptor", () => {
  const s = new Sys();
  const fd = s.open("/tmp/y", O_CREAT | O_WRONLY);
  assert.equal(s.sys("sync"), 0);
  assert.equal(s.sys("syncfs", fd), 0);
  assert.equal(s.sys("fsync", fd), 0);
  assert.equal(s.sys("fdatasync", fd), 0);
  assert.equal(s.sys("fsync", 99), -E.EBADF);
  const pipe = s.alloc(8);
  s.sys("pipe", pipe);
  assert.equal(s.sys("fsync", s.i32(pipe)), -E.EINVAL);
  assert.equal(s.sys("fsync", s.open("/dev/null")), -E.EINVAL);
  assert.equal(s.sys("sync_file_range", fd, 0, 0, 0), 0);
  assert.equal(s.sys("sync_file_range", fd, 0, 0, 8), -E.EINVAL);
  assert.equal(s.sys("sync_file_range", s.i32(pipe), 0, 0, 0), -E.ESPIPE);
});

Deno.test("sendfile/copy_file_range: offsets, O_APPEND and errnos", () => {
  const s = new Sys();
  const src = s.open("/tmp/src", O_CREAT | O_RDWR);
  s.write(src, "0123456789");
  const dst = s.open("/tmp/dst", O_CREAT | O_RDWR);
  const off = s.alloc(8);
  s.mem.write64(off, 2, 0);
  assert.equal(s.sys("sendfile", dst, src, off, 5), 5);
  assert.equal(Number(s.u64(off)), 7);
  assert.equal(
    s.sys("lseek", src, 0, 1),
    10,
    "the source offset is untouched with an offset pointer",
  );
  assert.equal(s.sys("sendfile", 1, s.open("/tmp/src"), 0, 100), 10);
  assert.equal(new TextDecoder().decode(s.io.stdout()), "0123456789");
  assert.equal(s.sys("sendfile", s.open("/tmp/dst", O_WRONLY | O_APPEND), src, off, 1), -E.EINVAL);
  assert.equal(s.sys("sendfile", dst, s.open("/tmp/dst", O_WRONLY), 0, 1), -E.EBADF);
  assert.equal(s.sys("copy_file_range", src, 0, dst, 0, 4, 0), 0, "source at EOF");
  s.sys("lseek", src, 0, 0);
  assert.equal(s.sys("copy_file_range", src, 0, dst, 0, 4, 0), 4);
  assert.equal(s.sys("copy_file_range", src, 0, dst, 0, 4, 1), -E.EINVAL);
  assert.equal(s.sys("copy_file_range", src, 0, s.open("/tmp", O_DIRECTORY), 0, 4, 0), -E.EBADF);
  s.sys("lseek", dst, 0, 0);
  assert.equal(s.read(dst), "234560123");
});

Deno.test("open: /dev/null, /dev/zero, /dev/full and /dev/urandom behave like Linux's", () => {
  const s = new Sys({ seed: 42 });
  const buf = s.alloc(16);
  const nul = s.open("/dev/null", O_RDWR);
  assert.equal(s.sys("read", nul, buf, 16), 0);
  assert.equal(s.write(nul, "abc"), 3);
  const zero = s.open("/dev/zero");
  s.mem.writeBytes(buf, new Uint8Array(16).fill(7));
  assert.equal(s.sys("read", zero, buf, 16), 16);
  assert.deepEqual([...s.mem.readBytes(buf, 16)], new Array(16).fill(0));
  const full = s.open("/dev/full", O_WRONLY);
  assert.equal(s.write(full, "x"), -E.ENOSPC);
  const ur = s.open("/dev/urandom");
  assert.equal(s.sys("read", ur, buf, 16), 16);
  const a = [...s.mem.readBytes(buf, 16)];
  const again = new Sys({ seed: 42 });
  const b2 = again.alloc(16);
  again.sys("read", again.open("/dev/urandom"), b2, 16);
  assert.deepEqual([...again.mem.readBytes(b2, 16)], a, "same seed, same bytes");
  assert.notDeepEqual(a, new Array(16).fill(0));
  assert.equal(s.open("/dev/tty"), -E.ENXIO, "no controlling terminal");
  assert.equal(s.write(s.open("/dev/stdout", O_WRONLY), "via /dev/stdout\n"), 16);
  assert.equal(new TextDecoder().decode(s.io.stdout()), "via /dev/stdout\n");
});

Deno.test("read: stdin comes from the host, stdout and stderr go to it", () => {
  const s = new Sys({ stdin: "line1\nline2\n" });
  assert.equal(s.read(0, 6), "line1\n");
  assert.equal(s.read(0), "line2\n");
  assert.equal(s.read(0), "");
  s.write(1, "to out");
  s.write(2, "to err");
  assert.equal(new TextDecoder().decode(s.io.stdout()), "to out");
  assert.equal(new TextDecoder().decode(s.io.stderr()), "to err");
  assert.equal(s.write(0, "x"), -E.EBADF, "non-terminal stdin is read-only");
});

Deno.test("openat2: open_how validation (size, flags, mode, resolve) matches Linux", () => {
  const s = new Sys();
  s.sys("mkdir", s.str("/tmp/d"), 0o755);
  s.open("/tmp/d/f", O_CREAT | O_WRONLY);
  const d = s.open("/tmp/d", O_DIRECTORY);
  const how = (flags: number, mode = 0, resolve = 0, extra = 0) => {
    const a = s.alloc(40);
    s.mem.write64(a, flags, 0);
    s.mem.write64(a + 8, mode, 0);
    s.mem.write64(a + 16, resolve, 0);
    s.mem.write8(a + 27, extra);
    return a;
  };
  const o2 = (path: string, h: number, size = 24, dirfd = d) =>
    s.sys("openat2", dirfd, s.str(path), h, size);
  assert.ok(o2("f", how(0)) >= 0);
  assert.equal(o2("f", how(0), 20), -E.EINVAL);
  assert.equal(o2("f", how(0), 5000), -E.E2BIG);
  assert.equal(o2("f", how(0, 0, 0, 1), 32), -E.E2BIG, "unknown trailing bytes must be zero");
  assert.ok(o2("f", how(0), 32) >= 0);
  assert.equal(o2("f", how(0, 0o644)), -E.EINVAL, "mode without O_CREAT");
  assert.equal(o2("g", how(O_CREAT | O_WRONLY, 0o10000)), -E.EINVAL);
  assert.equal(o2("f", how(0x8000000)), -E.EINVAL);
  assert.equal(o2("f", how(0, 0, 0x40)), -E.EINVAL);
  assert.equal(o2("f", how(0, 0, 0x18)), -E.EINVAL, "BENEATH and IN_ROOT together");
  assert.equal(o2("f", how(O_PATH | O_RDWR)), -E.EINVAL, "openat2 is strict about O_PATH");
  assert.ok(o2("f", how(O_PATH | O_CLOEXEC)) >= 0);
  assert.equal(o2("f", how(O_CREAT | O_RDWR, 0, 0x20)), -E.EAGAIN, "RESOLVE_CACHED cannot create");
  assert.ok(o2("f", how(0, 0, 0x20)) >= 0);
});

Deno.test("openat2: RESOLVE_NO_SYMLINKS, NO_MAGICLINKS, BENEATH, IN_ROOT and NO_XDEV", () => {
  const s = new Sys();
  for (const dir of ["/tmp/d", "/tmp/d/e"]) s.sys("mkdir", s.str(dir), 0o755);
  s.open("/tmp/d/f", O_CREAT | O_WRONLY);
  s.sys("symlink", s.str("f"), s.str("/tmp/d/lf"));
  s.sys("symlink", s.str("/etc/passwd"), s.str("/tmp/d/abs"));
  s.sys("symlink", s.str("../f"), s.str("/tmp/d/e/up"));
  s.sys("symlink", s.str("../../x"), s.str("/tmp/d/e/up2"));
  const d = s.open("/tmp/d", O_DIRECTORY);
  const how = (flags: number, resolve: number) => {
    const a = s.alloc(24);
    s.mem.write64(a, flags, 0);
    s.mem.write64(a + 16, resolve, 0);
    return a;
  };
  const o2 = (path: string, res: number, flags = 0, dirfd = d) =>
    s.sys("openat2", dirfd, s.str(path), how(flags, res), 24);
  assert.equal(o2("lf", 4), -E.ELOOP);
  assert.ok(o2("lf", 4, O_PATH | O_NOFOLLOW) >= 0);
  assert.equal(o2("abs", 8), -E.EXDEV);
  assert.equal(o2("abs", 0x10), -E.ENOENT, "IN_ROOT: /etc/passwd is looked up under /tmp/d");
  assert.ok(o2("e/up", 8) >= 0);
  assert.equal(o2("e/up2", 8), -E.EXDEV);
  assert.equal(o2("..", 8), -E.EXDEV);
  assert.ok(o2("e/../f", 8) >= 0);
  assert.equal(o2("/etc/passwd", 8), -E.EXDEV);
  assert.ok(o2("/f", 0x10) >= 0);
  assert.ok(o2("../../../f", 0x10) >= 0, "'..' stops at the IN_ROOT root");
  assert.equal(o2("/proc/self/fd/0", 2, 0, -100), -E.ELOOP);
  assert.ok(o2("/proc/self/fd/0", 0, 0, -100) >= 0);
  assert.equal(o2("/proc/self/exe", 2, 0, -100), -E.ELOOP);
  assert.equal(o2("/proc/self/fd/0", 8, 0, -100), -E.EXDEV);
  assert.equal(o2("/proc", 1, 0, -100), -E.EXDEV);
  s.sys("chdir", s.str("/tmp"));
  assert.equal(o2("/dev", 1, 0, -100), -E.EXDEV);
  assert.ok(o2("d", 1, 0, -100) >= 0);
});

Deno.test("open: a FIFO open waits for the other end, O_RDWR never, ENXIO without a reader", () => {
  // The fifo guest program, recorded on Linux 6.18: both orders of opening, EOF after the writer.
  for (const v of ["musl", "glibc", "pie"]) {
    const c = guestCase(`fifo.${v}`);
    const r = bootGuest(c).run(GUEST_BUDGET);
    const want = Deno.readFileSync(new URL(`expected/${c.name}.stdout`, GUEST_DIR));
    assert.equal(new TextDecoder().decode(r.stdout), new TextDecoder().decode(want), c.name);
  }
});
