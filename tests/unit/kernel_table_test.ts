/**
 * The system call table and dispatcher: numbering, honest statuses, tests
 * that exist, ENOSYS for the rest, strace output, and the generated doc.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import { ENTRIES, SYSCALLS } from "../../lib/kernel/syscalls/table.ts";
import { renderSyscallsDoc } from "../../tools/gen_syscalls_doc.ts";
import * as E from "../../lib/kernel/errno.ts";

Deno.test("table: one entry per x86-64 syscall number 0..334 and 424..462 with Linux's names", () => {
  const nrs = ENTRIES.map((e) => e.nr);
  const want = [...Array(335).keys(), ...Array.from({ length: 39 }, (_, i) => 424 + i)];
  assert.deepEqual(nrs, want);
  const names: [number, string][] = [
    [0, "read"],
    [9, "mmap"],
    [59, "execve"],
    [158, "arch_prctl"],
    [231, "exit_group"],
    [257, "openat"],
    [262, "newfstatat"],
    [332, "statx"],
    [334, "rseq"],
    [435, "clone3"],
    [439, "faccessat2"],
    [452, "fchmodat2"],
    [462, "mseal"],
  ];
  for (const [nr, name] of names) assert.equal(SYSCALLS[nr]?.name, name);
  assert.equal(new Set(ENTRIES.map((e) => e.name)).size, ENTRIES.length);
});

Deno.test("table: implemented entries have handlers and tests, partial ones say what is missing", () => {
  const sources = [...Deno.readDirSync(new URL(".", import.meta.url))]
    .filter((f) => /^kernel_.*_test\.ts$/.test(f.name))
    .map((f) => Deno.readTextFileSync(new URL(f.name, import.meta.url)))
    .join("\n");
  for (const e of ENTRIES) {
    if (e.status === "unimplemented") {
      assert.equal(e.handler, null, e.name);
      continue;
    }
    assert.notEqual(e.handler, null, e.name);
    assert.ok(e.tests.length > 0, `${e.name} has no tests`);
    for (const t of e.tests) assert.ok(sources.includes(`Deno.test("${t}"`), `missing test "${t}"`);
    if (e.status === "partial") assert.ok(e.note.length > 10, `${e.name} must say what is missing`);
  }
  assert.equal(SYSCALLS[334]?.status, "unimplemented", "rseq returns ENOSYS on purpose");
});

Deno.test("syscall: unimplemented and unknown numbers return ENOSYS; strace reports each once", () => {
  const s = new Sys({ strace: true });
  assert.equal(s.sys("kexec_load"), -E.ENOSYS);
  assert.equal(s.sys("kexec_load"), -E.ENOSYS);
  assert.equal(s.sys("rseq", 0, 0, 0, 0), -E.ENOSYS);
  const cpu = s.p.cpu;
  cpu.r[0] = 400;
  s.k.syscall(s.p.thread);
  assert.equal(cpu.r[0] | 0, -E.ENOSYS);
  cpu.r[0] = 0xffffffff;
  s.k.syscall(s.p.thread);
  assert.equal(cpu.r[0] | 0, -E.ENOSYS);
  const err = new TextDecoder().decode(s.io.stderr());
  assert.equal(err.match(/unimplemented system call 246 \(kexec_load\)/g)?.length, 1);
  assert.match(err, /unimplemented system call 400 \(unknown\)/);
  assert.match(err, /^kexec_load\(\) = -1 ENOSYS$/m);
});

Deno.test("syscall: the upper half of RAX is ignored, like Linux's int syscall number", () => {
  const s = new Sys();
  const cpu = s.p.cpu;
  cpu.r[0] = 39;
  cpu.r[1] = 0x12345;
  s.k.syscall(s.p.thread);
  assert.equal(cpu.r[0], 2);
  assert.equal(cpu.r[1], 0);
});

Deno.test("syscall: strace prints one line per call with decoded arguments and results", () => {
  const s = new Sys({ strace: true });
  const fd = s.open("/etc/hostname");
  s.read(fd, 3);
  s.open("/nope");
  s.write(1, "hi\n");
  s.sys("mmap", 0, 4096, 3, 0x22, -1, 0);
  s.sys("kill", 2, 10);
  s.sys("exit_group", 3);
  const lines = new TextDecoder().decode(s.io.stderr()).trim().split("\n");
  assert.equal(lines[0], 'openat(AT_FDCWD, "/etc/hostname", 0x0, 0644) = 3');
  assert.match(lines[1], /^read\(3, 0x[0-9a-f]+, 3\) = 3$/);
  assert.equal(lines[2], 'openat(AT_FDCWD, "/nope", 0x0, 0644) = -1 ENOENT');
  assert.equal(lines[3], 'write(1, "hi\\n", 3) = 3');
  assert.equal(lines[4], "mmap(NULL, 4096, 0x3, 0x22, -1, 0x0) = 0x7ffff7ffe000");
  assert.equal(lines[5], "kill(2, SIGUSR1) = ?", "the process died");
  assert.equal(s.p.termSignal, 10);
});

Deno.test("syscall: a bad pointer anywhere in a call gives EFAULT instead of crashing", () => {
  const s = new Sys();
  for (
    const [name, args] of [
      ["stat", [0x1000, 0x1000]],
      ["uname", [0xdead0000]],
      ["clock_gettime", [0, -1]],
      ["pipe2", [0x1000, 0]],
      ["rt_sigaction", [10, 0x1000, 0, 8]],
      ["getdents64", [s.open("/", 0o200000), 0x1000, 100]],
      ["sysinfo", [2 ** 47 + 4096]],
    ] as [string, number[]][]
  ) {
    assert.equal(s.sys(name, ...args), -E.EFAULT, name);
  }
});

Deno.test("table: docs/SYSCALLS.md is up to date (deno task syscalls-doc)", () => {
  const doc = Deno.readTextFileSync(new URL("../../docs/SYSCALLS.md", import.meta.url));
  assert.equal(doc, renderSyscallsDoc());
  assert.match(doc, /\*\*\d+ of the 374 x86-64 Linux system calls are implemented/);
});
