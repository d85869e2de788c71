/**
 * execve and execveat: new images from the guest file system, #! scripts,
 * what survives an exec and what does not, and the errors that leave the
 * caller untouched.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import { ELF_BASE, ELF_HDR, tinyElf } from "./tiny_elf.ts";
import { reg64Num, RSP } from "../../lib/exec/cpu.ts";
import { ThreadState } from "../../lib/kernel/thread.ts";
import type { Memory } from "../../lib/exec/memory.ts";
import * as E from "../../lib/kernel/errno.ts";

const SPIN = Uint8Array.of(0xeb, 0xfe); // jmp $
const O_RDONLY = 0, O_CLOEXEC = 0o2000000, O_DIRECTORY = 0o200000, O_CREAT = 0o100;
const F_GETFD = 1;
const AT_EMPTY_PATH = 0x1000, AT_SYMLINK_NOFOLLOW = 0x100;
const AT_EXECFN = 31;

/** A kernel with /bin/t (a static program) and scratch strings; returns the harness. */
function boot(): Sys {
  const s = new Sys();
  s.k.addFile("/bin/t", tinyElf(SPIN), 0o755);
  return s;
}

/** A NULL-terminated pointer array of strings in scratch memory. */
function strv(s: Sys, items: string[]): number {
  const a = s.alloc(8 * (items.length + 1));
  items.forEach((x, i) => s.mem.writeBytes(a + 8 * i, u64(s.str(x))));
  return a;
}

function u64(v: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(v), true);
  return b;
}

function read64(m: Memory, a: number): number {
  const lo = m.read64(a);
  return m.hi * 4294967296 + lo;
}

/** argv and envp as the new image's stack holds them, and its auxv. */
function stack(s: Sys): { argv: string[]; env: string[]; aux: Map<number, number> } {
  const m = s.p.mem;
  let sp = reg64Num(s.p.cpu, RSP);
  const dec = (a: number) => new TextDecoder().decode(m.readCString(a));
  const argc = read64(m, sp);
  const argv: string[] = [];
  for (let i = 0; i < argc; i++) argv.push(dec(read64(m, sp + 8 + 8 * i)));
  sp += 8 * (argc + 2);
  const env: string[] = [];
  for (; read64(m, sp) !== 0; sp += 8) env.push(dec(read64(m, sp)));
  const aux = new Map<number, number>();
  for (sp += 8; read64(m, sp) !== 0; sp += 16) aux.set(read64(m, sp), read64(m, sp + 8));
  return { argv, env, aux };
}

Deno.test("execve: a static ELF replaces the image; argv/envp on the new stack; close-on-exec; handlers reset", () => {
  const s = boot();
  const keep = s.open("/k", O_CREAT | 2);
  const drop = s.open("/d", O_CREAT | 2 | O_CLOEXEC);
  const act = s.alloc(32);
  s.mem.write32(act, 0x1234); // a handler for SIGUSR1
  assert.equal(s.sys("rt_sigaction", 10, act, 0, 8), 0);
  s.mem.write32(act, 1); // SIG_IGN for SIGUSR2
  assert.equal(s.sys("rt_sigaction", 12, act, 0, 8), 0);
  const tid = s.sys("clone", 0x10f00, 0, 0, 0, 0); // a second thread
  const other = s.k.threads.get(tid)!;
  const old = s.p.mem;
  const argv = strv(s, ["t", "a b"]), envp = strv(s, ["X=1"]);
  assert.equal(s.sys("execve", s.str("/bin/t"), argv, envp), 0);
  assert.notEqual(s.p.mem, old);
  assert.equal(s.p.cpu.rip, ELF_BASE + ELF_HDR);
  const st = stack(s);
  assert.deepEqual(st.argv, ["t", "a b"]);
  assert.deepEqual(st.env, ["X=1"]);
  assert.equal(new TextDecoder().decode(s.p.mem.readCString(st.aux.get(AT_EXECFN)!)), "/bin/t");
  assert.equal(other.state, ThreadState.Dead, "other threads end");
  assert.deepEqual(s.p.threads.map((t) => t.tid), [2]);
  assert.equal(s.p.comm, "t");
  assert.equal(s.p.exePath, "/bin/t");
  assert.ok(s.p.execed);
  // The new image's memory is empty apart from the program and its stack: use it for scratch.
  const scratch = s.sys("mmap", 0, 4096, 3, 0x22, -1, 0);
  assert.equal(s.sys("fcntl", keep, F_GETFD), 0);
  assert.equal(s.sys("fcntl", drop, F_GETFD), -E.EBADF);
  assert.equal(s.sys("rt_sigaction", 10, 0, scratch, 8), 0);
  assert.equal(s.p.mem.read32(scratch), 0, "caught signals revert to SIG_DFL");
  assert.equal(s.sys("rt_sigaction", 12, 0, scratch, 8), 0);
  assert.equal(s.p.mem.read32(scratch), 1, "ignored ones stay ignored");
});

Deno.test("execve: errors (EACCES, ENOEXEC, ENOENT, ENOTDIR, E2BIG, EFAULT) leave the caller as it was", () => {
  const s = boot();
  s.k.addFile("/bin/noexec", tinyElf(SPIN), 0o644);
  s.k.addFile("/bin/empty", new Uint8Array(0), 0o755);
  s.k.addFile("/bin/garbage", new TextEncoder().encode("\x7fELFxx"), 0o755);
  s.k.addFile("/bin/text", new TextEncoder().encode("echo hi\n"), 0o755);
  const argv = strv(s, ["x"]);
  const mem = s.p.mem;
  const cases: [string, number][] = [
    ["/bin", -E.EACCES],
    ["/bin/noexec", -E.EACCES],
    ["/bin/empty", -E.ENOEXEC],
    ["/bin/garbage", -E.ENOEXEC],
    ["/bin/text", -E.ENOEXEC],
    ["/nonexist", -E.ENOENT],
    ["/bin/t/x", -E.ENOTDIR],
    ["", -E.ENOENT],
  ];
  for (const [path, err] of cases) assert.equal(s.sys("execve", s.str(path), argv, 0), err, path);
  assert.equal(s.sys("execve", s.str("/bin/t"), 0x10, 0), -E.EFAULT);
  const big = strv(s, ["x", "a".repeat(200_000)]);
  assert.equal(s.sys("execve", s.str("/bin/t"), big, 0), -E.E2BIG);
  assert.equal(s.p.mem, mem, "the image is untouched");
  assert.equal(s.sys("execve", s.str("/bin/t"), 0, 0), 0, "a NULL argv is an empty one");
  assert.deepEqual(stack(s).argv, [""], 'which gets argv[0] = "" (Linux 5.18+)');
});

Deno.test("execve: #! scripts run their interpreter with the script path and optional argument", () => {
  const s = boot();
  const enc = new TextEncoder();
  s.k.addFile("/s1", enc.encode("#!/bin/t  -x  y \nignored"), 0o755);
  s.k.addFile("/s2", enc.encode("#!/bin/t\n"), 0o755);
  s.k.addFile("/s3", enc.encode("#!   \n"), 0o755);
  s.k.addFile("/s4", enc.encode("#!/nonexist/sh\n"), 0o755);
  s.k.addFile("/s5", enc.encode("#!/s2\n"), 0o755);
  const argv = strv(s, ["name", "arg1"]);
  assert.equal(s.sys("execve", s.str("/s3"), argv, 0), -E.ENOEXEC);
  assert.equal(s.sys("execve", s.str("/s4"), argv, 0), -E.ENOENT);
  assert.equal(s.sys("execve", s.str("/s1"), argv, 0), 0);
  assert.deepEqual(stack(s).argv, ["/bin/t", "-x  y", "/s1", "arg1"]);
  assert.equal(s.p.exePath, "/bin/t", "/proc/self/exe is the interpreter");
  assert.equal(s.p.comm, "s1", "the name is the script's");
  const u = boot();
  u.k.addFile("/s2", enc.encode("#!/bin/t\n"), 0o755);
  u.k.addFile("/s5", enc.encode("#!/s2\n"), 0o755);
  assert.equal(u.sys("execve", u.str("/s5"), strv(u, ["n"]), 0), 0, "a script may name a script");
  assert.deepEqual(stack(u).argv, ["/bin/t", "/s2", "/s5"]);
});

Deno.test("execveat: AT_EMPTY_PATH runs an open file; relative paths from a directory fd", () => {
  const s = boot();
  s.k.vfs.symlink(s.k.vfs.root, "lnk", "/bin/t");
  const argv = strv(s, ["x"]);
  const dir = s.open("/bin", O_RDONLY | O_DIRECTORY);
  assert.equal(s.sys("execveat", dir, s.str("t"), argv, 0, 0x1), -E.EINVAL, "unknown flag");
  assert.equal(s.sys("execveat", -100, s.str("/lnk"), argv, 0, AT_SYMLINK_NOFOLLOW), -E.ELOOP);
  assert.equal(s.sys("execveat", dir, s.str(""), argv, 0, 0), -E.ENOENT);
  const fd = s.open("/bin/t", O_RDONLY);
  assert.equal(s.sys("execveat", fd, s.str(""), argv, 0, AT_EMPTY_PATH), 0);
  const execfn = stack(s).aux.get(AT_EXECFN)!;
  assert.equal(new TextDecoder().decode(s.p.mem.readCString(execfn)), `/dev/fd/${fd}`);
  const u = boot();
  const d = u.open("/bin", O_RDONLY | O_DIRECTORY);
  assert.equal(u.sys("execveat", d, u.str("t"), strv(u, ["y"]), 0, 0), 0);
  assert.equal(u.p.comm, "t");
});

Deno.test("vfork + execve: the parent resumes when the child execs", () => {
  const s = boot();
  const t = s.p.thread;
  const path = s.str("/bin/t"), argv = strv(s, ["t"]);
  assert.equal(s.call(t, "vfork"), null);
  const c = s.k.vfs.procs.get(3)!;
  assert.equal(s.call(c.thread, "execve", path, argv, 0), 0);
  assert.notEqual(c.mem, s.p.mem);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), 3);
  assert.equal(s.cstr(path), "/bin/t", "the parent's memory is intact");
  assert.equal(s.mem.released, false);
});
