/**
 * fork, vfork, clone and clone3 (process and thread forms), and the
 * copy-on-write address spaces behind fork.
 */

import assert from "node:assert/strict";
import { SCRATCH, Sys } from "./kernel_harness.ts";
import { ProcState } from "../../lib/kernel/process.ts";
import { ThreadState } from "../../lib/kernel/thread.ts";
import { PAGE_SIZE } from "../../lib/exec/memory.ts";
import { reg64Num, RSP } from "../../lib/exec/cpu.ts";
import * as E from "../../lib/kernel/errno.ts";

const SIGCHLD = 17;
const CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800;
const CLONE_THREAD = 0x10000, CLONE_SYSVSEM = 0x40000;
const CLONE_SETTLS = 0x80000, CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000;
const CLONE_CHILD_SETTID = 0x1000000, CLONE_NEWPID = 0x20000000, CLONE_NEWNS = 0x20000;
const PROT_RW = 3, MAP_PRIVATE_ANON = 0x22, MAP_SHARED_ANON = 0x21;

Deno.test("fork: a child with the next pid, RAX 0, a copy of memory and shared open files", () => {
  const s = new Sys();
  const buf = s.str("parent");
  const fd = s.open("/f", 0o102); // O_RDWR | O_CREAT
  assert.equal(s.write(fd, "abc"), 3);
  // Every register is copied, 64-bit addresses and vector and x87 state included.
  const cpu = s.p.cpu;
  cpu.rip = 0x555555555123;
  cpu.fsBase = 0x7ffff7ff0000;
  cpu.xmm[5] = 0xdeadbeef;
  cpu.fpr[7] = 0x1234;
  cpu.mxcsr = 0x1fa0;
  const pid = s.sys("fork");
  assert.equal(pid, 3);
  const c = s.k.vfs.procs.get(pid)!;
  assert.equal(c.ppid, 2);
  assert.equal(c.pgid, 2);
  assert.equal(c.sid, 2);
  assert.equal(c.thread.tid, 3);
  assert.equal(s.result(c.thread), 0, "the child sees 0");
  assert.deepEqual(
    [c.cpu.rip, c.cpu.fsBase, c.cpu.xmm[5], c.cpu.fpr[7], c.cpu.mxcsr],
    [0x555555555123, 0x7ffff7ff0000, 0xdeadbeef, 0x1234, 0x1fa0],
  );
  assert.notEqual(c.cpu.xmm, cpu.xmm);
  assert.notEqual(c.mem, s.p.mem);
  assert.equal(new TextDecoder().decode(c.mem.readCString(buf)), "parent");
  c.mem.writeBytes(buf, new TextEncoder().encode("child!"));
  assert.equal(s.cstr(buf), "parent", "writes after fork are private");
  assert.equal(s.call(c.thread, "getpid"), 3);
  assert.equal(s.call(c.thread, "getppid"), 2);
  // The descriptor table is a copy whose entries share open file descriptions (and offsets).
  assert.equal(s.call(c.thread, "lseek", fd, 0, 1), 3);
  assert.equal(s.call(c.thread, "write", fd, buf, 2), 2);
  assert.equal(s.sys("lseek", fd, 0, 1), 5);
  assert.equal(s.call(c.thread, "close", fd), 0);
  assert.equal(s.sys("lseek", fd, 0, 1), 5, "closing in the child leaves the parent's open");
});

Deno.test("fork: 100 MiB of touched memory is shared copy-on-write, copied a page at a time", () => {
  const s = new Sys();
  const len = 100 << 20;
  const a = s.sys("mmap", 0, len, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
  for (let off = 0; off < len; off += PAGE_SIZE) s.mem.write32(a + off, off);
  const before = s.mem.pages.size;
  const t0 = performance.now();
  const pid = s.sys("fork");
  const ms = performance.now() - t0;
  const c = s.k.vfs.procs.get(pid)!;
  assert.equal(c.mem.pages.size, before);
  assert.equal(s.mem.cowCopies + c.mem.cowCopies, 0, "fork copied no page");
  assert.ok(ms < 2000, `fork took ${ms} ms`);
  // The child's first write copies one page; the parent keeps its bytes.
  c.mem.write32(a + 5 * PAGE_SIZE, 0xdead);
  assert.equal(c.mem.cowCopies, 1);
  assert.equal(s.mem.read32(a + 5 * PAGE_SIZE), 5 * PAGE_SIZE);
  assert.equal(c.mem.read32(a + 5 * PAGE_SIZE), 0xdead);
  // That page now has one holder on the parent's side: it writes in place.
  s.mem.write32(a + 5 * PAGE_SIZE + 8, 1);
  assert.equal(s.mem.cowCopies, 0);
  // Untouched pages of the child still read the shared bytes.
  assert.equal(c.mem.read32(a + 77 * PAGE_SIZE), 77 * PAGE_SIZE);
  // The kernel writing into the child (read(2), the loader...) copies too.
  c.mem.writeBytes(a + 9 * PAGE_SIZE, Uint8Array.of(1, 2, 3));
  assert.equal(c.mem.cowCopies, 2);
  assert.equal(s.mem.read32(a + 9 * PAGE_SIZE), 9 * PAGE_SIZE);
  // When the child exits, the parent owns every page again: no further copies.
  assert.equal(s.call(c.thread, "exit_group", 0), 0);
  assert.equal(c.state, ProcState.Zombie);
  s.mem.write32(a + 50 * PAGE_SIZE, 7);
  assert.equal(s.mem.cowCopies, 0);
});

Deno.test("fork: MAP_SHARED memory stays shared; mprotect in the child leaves the parent's pages alone", () => {
  const s = new Sys();
  const sh = s.sys("mmap", 0, 2 * PAGE_SIZE, PROT_RW, MAP_SHARED_ANON, -1, 0);
  const pr = s.sys("mmap", 0, PAGE_SIZE, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
  s.mem.write32(pr, 1);
  const c = s.k.vfs.procs.get(s.sys("fork"))!;
  c.mem.write32(sh + PAGE_SIZE, 42);
  assert.equal(s.mem.read32(sh + PAGE_SIZE), 42, "the parent sees the child's write");
  s.mem.write32(sh, 7);
  assert.equal(c.mem.read32(sh), 7, "and the other way");
  assert.equal(s.call(c.thread, "mprotect", pr, PAGE_SIZE, 1), 0);
  s.mem.write32(pr, 2); // still writable in the parent
  assert.equal(c.mem.read32(pr), 1);
  assert.throws(() => c.mem.write32(pr, 3));
});

Deno.test("vfork: the parent waits until the child exits, sharing its memory", () => {
  const s = new Sys();
  const t = s.p.thread;
  assert.equal(s.call(t, "vfork"), null, "the parent blocks");
  const c = s.k.vfs.procs.get(3)!;
  assert.equal(c.mem, s.p.mem);
  c.mem.write32(SCRATCH, 99);
  assert.equal(s.k.sched.next(s.k), c.thread, "only the child can run");
  assert.equal(s.call(c.thread, "exit_group", 4), 0);
  assert.equal(s.k.sched.next(s.k), t);
  assert.equal(s.result(t), 3, "vfork returns the child's pid once it is gone");
  assert.equal(s.mem.read32(SCRATCH), 99);
});

Deno.test("clone: flag checks, tid pointers, TLS and stack; clone3 argument checks", () => {
  const s = new Sys();
  assert.equal(s.sys("clone", CLONE_THREAD | SIGCHLD, 0, 0, 0, 0), -E.EINVAL);
  assert.equal(s.sys("clone", CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0), -E.EINVAL);
  assert.equal(s.sys("clone", CLONE_NEWNS | CLONE_FS, 0, 0, 0, 0), -E.EINVAL);
  assert.equal(s.sys("clone", CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0), -E.EPERM);
  const tids = s.alloc(8);
  const flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
    CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
  const tid = s.sys("clone", flags, SCRATCH + 0x10000, tids, tids + 4, 0x12345000);
  assert.equal(tid, 3);
  const t = s.k.threads.get(tid)!;
  assert.equal(t.proc, s.p, "a thread joins the caller's process");
  assert.equal(s.p.threads.length, 2);
  assert.equal(s.u32(tids), 3, "CLONE_PARENT_SETTID");
  assert.equal(t.clearChildTid, tids + 4);
  assert.equal(t.cpu.fsBase, 0x12345000);
  assert.equal(reg64Num(t.cpu, RSP), SCRATCH + 0x10000);
  assert.equal(s.call(t, "gettid"), 3);
  assert.equal(s.call(t, "getpid"), 2);
  const pid = s.sys("clone", CLONE_CHILD_SETTID | SIGCHLD, 0, 0, tids + 4, 0);
  assert.equal(pid, 4);
  assert.equal(s.k.vfs.procs.get(pid)!.mem.read32(tids + 4), 4, "written in the child's memory");
  assert.equal(s.u32(tids + 4), 0, "not in the parent's");
  const args = s.alloc(96);
  assert.equal(s.sys("clone3", args, 32), -E.EINVAL);
  assert.equal(s.sys("clone3", args, 8192), -E.E2BIG);
  s.mem.write8(args + 90, 1);
  assert.equal(s.sys("clone3", args, 96), -E.E2BIG);
  s.mem.write8(args + 90, 0);
  s.mem.write32(args, SIGCHLD); // a signal in flags
  assert.equal(s.sys("clone3", args, 64), -E.EINVAL);
  s.mem.write32(args, 0);
  s.mem.write32(args + 32, SIGCHLD);
  s.mem.write32(args + 48, 4096); // stack size without a stack
  assert.equal(s.sys("clone3", args, 64), -E.EINVAL);
  s.mem.write32(args + 48, 0);
  assert.equal(s.sys("clone3", args, 64), 5);
  assert.equal(s.k.vfs.procs.get(5)!.exitSignal, SIGCHLD);
  assert.equal(s.k.threads.get(5)!.state, ThreadState.Runnable);
});
