/**
 * Kernel process calls: identity, credentials, time, limits, signals,
 * uname/prctl/arch_prctl, randomness, exit, and the /proc files.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const EPOCH = 1767225600;

Deno.test("getpid/gettid/getppid/getpgrp/getpgid/getsid/setpgid/setsid: pid 2 in its own session", () => {
  const s = new Sys();
  assert.equal(s.sys("getpid"), 2);
  assert.equal(s.sys("gettid"), 2);
  assert.equal(s.sys("getppid"), 1);
  assert.equal(s.sys("getpgrp"), 2);
  assert.equal(s.sys("getpgid", 0), 2);
  assert.equal(s.sys("getpgid", 77), -E.ESRCH);
  assert.equal(s.sys("getsid", 0), 2);
  assert.equal(s.sys("getsid", 2), 2);
  assert.equal(s.sys("setsid"), -E.EPERM, "a group leader cannot start a session");
  assert.equal(s.sys("setpgid", 0, 0), -E.EPERM, "a session leader stays in its group");
  assert.equal(s.sys("setpgid", 0, 5), -E.EPERM);
  assert.equal(s.sys("setpgid", 9, 0), -E.ESRCH);
  assert.equal(s.sys("setpgid", 0, -1), -E.EINVAL);
});

Deno.test("getuid/geteuid/getgid/getegid/getresuid/getresgid/getgroups: root with no supplementary groups", () => {
  const s = new Sys();
  assert.deepEqual([s.sys("getuid"), s.sys("geteuid"), s.sys("getgid"), s.sys("getegid")], [
    0,
    0,
    0,
    0,
  ]);
  const b = s.alloc(12);
  assert.equal(s.sys("getresuid", b, b + 4, b + 8), 0);
  assert.equal(s.sys("getresgid", b, b + 4, b + 8), 0);
  assert.equal(s.sys("getgroups", 0, 0), 0);
  assert.equal(s.sys("getgroups", -1, 0), -E.EINVAL);
  assert.equal(s.sys("getresuid", 0x1000, b, b), -E.EFAULT);
});

Deno.test("setgroups/getgroups: needs privilege; size checks", () => {
  const s = new Sys();
  const list = s.alloc(8);
  s.mem.write32(list, 20);
  s.mem.write32(list + 4, 10);
  assert.equal(s.sys("setgroups", 2, list), 0);
  assert.equal(s.sys("getgroups", 1, list), -E.EINVAL);
  assert.equal(s.sys("getgroups", 2, list), 2);
  assert.deepEqual([s.u32(list), s.u32(list + 4)], [10, 20]);
  assert.equal(s.sys("setgroups", 70000, list), -E.EINVAL);
});

Deno.test("setuid/setgid/setreuid/setregid/setresuid/setresgid/setfsuid/setfsgid: root drops privileges for good", () => {
  const s = new Sys();
  assert.equal(s.sys("setuid", -1), -E.EINVAL);
  assert.equal(s.sys("setresgid", 100, 100, 100), 0);
  assert.equal(s.sys("getgid"), 100);
  assert.equal(s.sys("setreuid", 1000, 1001), 0);
  const b = s.alloc(12);
  s.sys("getresuid", b, b + 4, b + 8);
  assert.deepEqual([s.u32(b), s.u32(b + 4), s.u32(b + 8)], [1000, 1001, 1001]);
  assert.equal(s.sys("setuid", 0), -E.EPERM, "capabilities are gone");
  assert.equal(s.sys("setuid", 1000), 0, "back to the real uid");
  assert.equal(s.sys("geteuid"), 1000);
  assert.equal(s.sys("setresuid", -1, 1001, -1), 0, "the saved uid is allowed");
  assert.equal(s.sys("setresuid", 5, -1, -1), -E.EPERM);
  assert.equal(s.sys("setgid", 0), -E.EPERM);
  assert.equal(s.sys("setregid", -1, 100), 0);
  assert.equal(s.sys("setfsuid", 1000), 1001, "returns the old fsuid");
  assert.equal(s.sys("setfsuid", 0), 1000, "not allowed: unchanged");
  assert.equal(s.sys("setfsuid", -1), 1000);
  assert.equal(s.sys("setfsgid", 100), 100);
  // Permission checks now apply: /root is 0700 root.
  assert.equal(s.open("/root"), -E.EACCES);
  assert.equal(s.sys("mkdir", s.str("/etc/x"), 0o755), -E.EACCES);
  assert.ok(s.open("/tmp/mine", 0o101) >= 0, "/tmp is world-writable");
  assert.equal(s.sys("chroot", s.str("/tmp")), -E.EPERM);
  assert.equal(s.sys("sethostname", s.str("x"), 1), -E.EPERM);
});

Deno.test("setuid/chmod/unlink: sticky /tmp protects other users' files", () => {
  const s = new Sys();
  assert.ok(s.open("/tmp/roots", 0o101) >= 0);
  assert.equal(s.sys("setuid", 1000), 0);
  assert.equal(s.sys("unlink", s.str("/tmp/roots")), -E.EPERM);
  assert.equal(s.sys("chmod", s.str("/tmp/roots"), 0o777), -E.EPERM);
  assert.equal(s.sys("access", s.str("/tmp/roots"), 2), -E.EACCES);
  assert.equal(s.sys("access", s.str("/tmp/roots"), 4), 0);
});

Deno.test("capget: version negotiation and the capability sets", () => {
  const s = new Sys();
  const hdr = s.alloc(8), data = s.alloc(24);
  s.mem.write32(hdr, 0x12345);
  assert.equal(s.sys("capget", hdr, 0), 0);
  assert.equal(s.u32(hdr), 0x20080522);
  assert.equal(s.sys("capget", hdr, data), 0);
  assert.deepEqual([s.u32(data), s.u32(data + 12)], [0xffffffff, 0x1ff]);
  s.mem.write32(hdr + 4, 99);
  assert.equal(s.sys("capget", hdr, data), -E.ESRCH);
});

Deno.test("clock_gettime/clock_getres/gettimeofday/time: the virtual clock starts at 2026-01-01", () => {
  const s = new Sys();
  s.p.cpu.icount = 1_500_000_123;
  const ts = s.alloc(16);
  assert.equal(s.sys("clock_gettime", 0, ts), 0);
  assert.deepEqual([Number(s.u64(ts)), Number(s.u64(ts + 8))], [EPOCH + 1, 500_000_123]);
  assert.equal(s.sys("clock_gettime", 1, ts), 0);
  assert.deepEqual([Number(s.u64(ts)), Number(s.u64(ts + 8))], [1, 500_000_123]);
  assert.equal(s.sys("clock_gettime", 6, ts), 0);
  assert.equal(Number(s.u64(ts + 8)), 500_000_000, "coarse clocks tick at 250 Hz");
  assert.equal(s.sys("clock_gettime", 2, ts), 0);
  assert.equal(Number(s.u64(ts + 8)), 500_000_123);
  assert.equal(s.sys("clock_gettime", 8, ts), -E.EINVAL, "no RTC alarm clocks");
  assert.equal(s.sys("clock_gettime", 99, ts), -E.EINVAL);
  assert.equal(s.sys("clock_gettime", -6, ts), 0, "CPU clock of the calling process");
  assert.equal(s.sys("clock_gettime", 0, 0x1000), -E.EFAULT);
  assert.equal(s.sys("clock_getres", 0, ts), 0);
  assert.deepEqual([Number(s.u64(ts)), Number(s.u64(ts + 8))], [0, 1]);
  assert.equal(s.sys("clock_getres", 5, ts), 0);
  assert.equal(Number(s.u64(ts + 8)), 4_000_000);
  assert.equal(s.sys("clock_getres", 1, 0), 0);
  assert.equal(s.sys("gettimeofday", ts, 0), 0);
  assert.deepEqual([Number(s.u64(ts)), Number(s.u64(ts + 8))], [EPOCH + 1, 500_000]);
  assert.equal(s.sys("time", 0), EPOCH + 1);
  assert.equal(s.sys("time", ts), EPOCH + 1);
  assert.equal(Number(s.u64(ts)), EPOCH + 1);
});

Deno.test("nanosleep/clock_nanosleep: sleeping advances virtual time, not CPU time", () => {
  const s = new Sys();
  const req = s.alloc(16), ts = s.alloc(16);
  s.mem.write64(req, 2, 0);
  s.mem.write64(req + 8, 250, 0);
  assert.equal(s.sys("nanosleep", req, 0), 0);
  s.sys("clock_gettime", 1, ts);
  assert.deepEqual([Number(s.u64(ts)), Number(s.u64(ts + 8))], [2, 250]);
  s.sys("clock_gettime", 2, ts);
  assert.deepEqual([Number(s.u64(ts)), Number(s.u64(ts + 8))], [0, 0]);
  s.mem.write64(req + 8, 1e9, 0);
  assert.equal(s.sys("nanosleep", req, 0), -E.EINVAL);
  s.mem.write64(req, EPOCH + 10, 0);
  s.mem.write64(req + 8, 0, 0);
  assert.equal(s.sys("clock_nanosleep", 0, 1, req, 0), 0, "absolute sleep on CLOCK_REALTIME");
  s.sys("clock_gettime", 0, ts);
  assert.equal(Number(s.u64(ts)), EPOCH + 10);
  assert.equal(s.sys("clock_nanosleep", 3, 0, req, 0), -E.EINVAL);
  assert.equal(s.sys("clock_nanosleep", 4, 0, req, 0), -E.EOPNOTSUPP);
  assert.equal(s.sys("clock_nanosleep", 99, 0, req, 0), -E.EINVAL);
});

Deno.test("times/getrusage/sysinfo: CPU time, clock ticks and memory figures", () => {
  const s = new Sys();
  s.p.cpu.icount = 2_340_000_000;
  const buf = s.alloc(144);
  assert.equal(
    s.sys("times", buf),
    1717956918 + 234,
    "Linux's jiffies start 300 s before wrapping",
  );
  assert.equal(Number(s.u64(buf)), 234);
  assert.equal(s.sys("times", 0), 1717956918 + 234);
  assert.equal(s.sys("getrusage", 0, buf), 0);
  assert.deepEqual([Number(s.u64(buf)), Number(s.u64(buf + 8))], [2, 340_000]);
  assert.equal(s.sys("getrusage", -1, buf), 0);
  assert.equal(Number(s.u64(buf)), 0);
  assert.equal(s.sys("getrusage", 5, buf), -E.EINVAL);
  assert.equal(s.sys("sysinfo", buf), 0);
  assert.equal(Number(s.u64(buf)), 2, "uptime");
  assert.equal(Number(s.u64(buf + 32)), 4 * 2 ** 30);
  assert.equal(s.u32(buf + 104), 1);
});

Deno.test("getrlimit/setrlimit/prlimit64: defaults, validation and RLIM_INFINITY", () => {
  const s = new Sys();
  const l = s.alloc(16);
  assert.equal(s.sys("getrlimit", 7, l), 0);
  assert.deepEqual([Number(s.u64(l)), Number(s.u64(l + 8))], [1024, 4096]);
  assert.equal(s.sys("getrlimit", 3, l), 0);
  assert.deepEqual([s.u64(l), s.u64(l + 8)], [8388608n, 0xffffffffffffffffn]);
  assert.equal(s.sys("getrlimit", 16, l), -E.EINVAL);
  s.mem.write64(l, 10, 0);
  s.mem.write64(l + 8, 5, 0);
  assert.equal(s.sys("setrlimit", 7, l), -E.EINVAL, "cur > max");
  s.mem.write64(l, 10, 0);
  s.mem.write64(l + 8, 2000000, 0);
  assert.equal(s.sys("setrlimit", 7, l), -E.EPERM, "above fs.nr_open");
  const old = s.alloc(16);
  s.mem.write64(l + 8, 20, 0);
  assert.equal(s.sys("prlimit64", 0, 7, l, old), 0);
  assert.deepEqual([Number(s.u64(old)), Number(s.u64(old + 8))], [1024, 4096]);
  assert.equal(s.sys("prlimit64", 0, 7, 0, old), 0);
  assert.deepEqual([Number(s.u64(old)), Number(s.u64(old + 8))], [10, 20]);
  assert.equal(s.sys("prlimit64", 55, 7, 0, old), -E.ESRCH);
  s.sys("setuid", 1000);
  s.mem.write64(l, 10, 0);
  s.mem.write64(l + 8, 30, 0);
  assert.equal(s.sys("setrlimit", 7, l), -E.EPERM, "raising the hard limit needs privilege");
});

Deno.test("setrlimit/write/truncate: RLIMIT_FSIZE raises SIGXFSZ and EFBIG", () => {
  const s = new Sys();
  const act = s.alloc(32);
  s.mem.write64(act, 1, 0);
  s.sys("rt_sigaction", 25, act, 0, 8);
  const l = s.alloc(16);
  s.mem.write64(l, 10, 0);
  s.mem.write64(l + 8, 10, 0);
  s.sys("setrlimit", 1, l);
  const fd = s.open("/tmp/fs", 0o102);
  assert.equal(s.write(fd, "0123456789abc"), 10, "cut at the limit");
  assert.equal(s.write(fd, "x"), -E.EFBIG);
  assert.equal(s.sys("ftruncate", fd, 11), -E.EFBIG);
  assert.equal(s.p.termSignal, null);
});

Deno.test("rt_sigaction/rt_sigprocmask/rt_sigpending: dispositions, masks and pending signals", () => {
  const s = new Sys();
  const act = s.alloc(32), old = s.alloc(32);
  s.mem.write64(act, 0x401000, 0);
  s.mem.write64(act + 8, 0x04000000, 0);
  s.mem.write64(act + 16, 0x402000, 0);
  s.mem.write64(act + 24, 0xffffffff, 0xffffffff);
  assert.equal(s.sys("rt_sigaction", 10, act, 0, 4), -E.EINVAL, "sigsetsize must be 8");
  assert.equal(s.sys("rt_sigaction", 9, act, 0, 8), -E.EINVAL);
  assert.equal(s.sys("rt_sigaction", 9, 0, old, 8), 0, "SIGKILL can be queried");
  assert.equal(s.sys("rt_sigaction", 65, 0, old, 8), -E.EINVAL);
  assert.equal(s.sys("rt_sigaction", 0, 0, old, 8), -E.EINVAL);
  assert.equal(s.sys("rt_sigaction", 10, act, 0, 8), 0);
  assert.equal(s.sys("rt_sigaction", 10, 0, old, 8), 0);
  assert.deepEqual([Number(s.u64(old)), Number(s.u64(old + 8)), Number(s.u64(old + 16))], [
    0x401000,
    0x04000000,
    0x402000,
  ]);
  assert.equal(s.u64(old + 24), 0xfffffffffffbfeffn, "SIGKILL and SIGSTOP cannot be masked");
  const set = s.alloc(8), oset = s.alloc(8);
  s.mem.write64(set, 1 << 9, 0);
  assert.equal(s.sys("rt_sigprocmask", 0, set, oset, 8), 0);
  assert.equal(s.sys("rt_sigprocmask", 7, set, oset, 8), -E.EINVAL);
  assert.equal(s.sys("rt_sigprocmask", 7, 0, oset, 8), 0, "how is ignored without a set");
  assert.equal(s.u64(oset), 0x200n);
  assert.equal(s.sys("rt_sigprocmask", 0, set, 0, 16), -E.EINVAL);
  assert.equal(s.sys("kill", 2, 10), 0);
  assert.equal(s.p.termSignal, null, "SIGUSR1 has a handler: pending");
  assert.equal(s.sys("rt_sigpending", oset, 8), 0);
  assert.equal(s.u64(oset), 0x200n);
  assert.equal(s.sys("rt_sigpending", oset, 9), -E.EINVAL);
  const status = s.read(s.open("/proc/self/status"));
  assert.match(status, /SigBlk:\t0000000000000200\n/);
  assert.match(status, /SigCgt:\t0000000000000200\n/);
});

Deno.test("kill/tkill/tgkill: default actions terminate, ignored signals vanish, blocked ones wait", () => {
  const s = new Sys();
  assert.equal(s.sys("kill", 2, 0), 0);
  assert.equal(s.sys("kill", 3, 0), -E.ESRCH);
  assert.equal(s.sys("kill", -1, 15), -E.ESRCH, "nobody else to signal");
  assert.equal(s.sys("kill", 2, 65), -E.EINVAL);
  assert.equal(s.sys("kill", 2, 28), 0, "SIGWINCH is ignored by default");
  assert.equal(s.sys("tgkill", 0, 2, 1), -E.EINVAL);
  assert.equal(s.sys("tgkill", 2, 3, 1), -E.ESRCH);
  assert.equal(s.sys("tkill", -1, 1), -E.EINVAL);
  const set = s.alloc(8);
  s.mem.write64(set, 1 << 14, 0);
  s.sys("rt_sigprocmask", 0, set, 0, 8);
  assert.equal(s.sys("kill", 0, 15), 0);
  assert.equal(s.p.termSignal, null, "SIGTERM is blocked");
  s.sys("rt_sigprocmask", 1, set, 0, 8);
  assert.equal(s.p.termSignal, 15, "unblocking delivers it");
  const t = new Sys();
  assert.equal(t.sys("tgkill", 2, 2, 6), 0);
  assert.equal(t.p.termSignal, 6);
  const u = new Sys();
  assert.equal(u.sys("tkill", 2, 9), 0);
  assert.equal(u.p.termSignal, 9);
});

Deno.test("sigaltstack: install, query, disable and size checks", () => {
  const s = new Sys();
  const ss = s.alloc(24), old = s.alloc(24);
  assert.equal(s.sys("sigaltstack", 0, old), 0);
  assert.equal(s.u32(old + 8), 2, "SS_DISABLE initially");
  s.mem.write64(ss, 0x700000, 0);
  s.mem.write32(ss + 8, 0);
  s.mem.write64(ss + 16, 1024, 0);
  assert.equal(s.sys("sigaltstack", ss, 0), -E.ENOMEM);
  s.mem.write64(ss + 16, 8192, 0);
  s.mem.write32(ss + 8, 7);
  assert.equal(s.sys("sigaltstack", ss, 0), -E.EINVAL);
  s.mem.write32(ss + 8, 0x80000000);
  assert.equal(s.sys("sigaltstack", ss, 0), 0);
  assert.equal(s.sys("sigaltstack", 0, old), 0);
  assert.deepEqual([Number(s.u64(old)), s.u32(old + 8), Number(s.u64(old + 16))], [
    0x700000,
    0x80000000,
    8192,
  ]);
});

Deno.test("uname/sethostname/setdomainname: fixed identity, settable names", () => {
  const s = new Sys();
  const u = s.alloc(390);
  assert.equal(s.sys("uname", u), 0);
  assert.deepEqual([0, 1, 2, 4, 5].map((i) => s.cstr(u + 65 * i)), [
    "Linux",
    "linuxvm",
    "6.1.0-linuxvm",
    "x86_64",
    "(none)",
  ]);
  assert.equal(s.sys("sethostname", s.str("box"), 3), 0);
  assert.equal(s.sys("sethostname", s.str("box"), 65), -E.EINVAL);
  assert.equal(s.sys("setdomainname", s.str("example"), 7), 0);
  s.sys("uname", u);
  assert.deepEqual([s.cstr(u + 65), s.cstr(u + 325)], ["box", "example"]);
  assert.equal(s.read(s.open("/proc/sys/kernel/hostname")), "box\n");
  assert.equal(s.sys("uname", 0), -E.EFAULT);
});

Deno.test("prctl: PR_SET_NAME/PR_GET_NAME, dumpable, no_new_privs, pdeathsig and unknown options", () => {
  const s = new Sys();
  const b = s.alloc(16);
  assert.equal(s.sys("prctl", 16, b), 0);
  assert.equal(s.cstr(b), "test");
  assert.equal(s.sys("prctl", 15, s.str("a-very-long-thread-name")), 0);
  s.sys("prctl", 16, b);
  assert.equal(s.cstr(b), "a-very-long-thr");
  assert.equal(s.read(s.open("/proc/self/comm")), "a-very-long-thr\n");
  assert.equal(s.sys("prctl", 3), 1);
  assert.equal(s.sys("prctl", 4, 2), -E.EINVAL);
  assert.equal(s.sys("prctl", 4, 0), 0);
  assert.equal(s.sys("prctl", 3), 0);
  assert.equal(s.sys("prctl", 38, 0), -E.EINVAL);
  assert.equal(s.sys("prctl", 38, 1), 0);
  assert.equal(s.sys("prctl", 39), 1);
  assert.equal(s.sys("prctl", 1, 9), 0);
  assert.equal(s.sys("prctl", 2, b), 0);
  assert.equal(s.u32(b), 9);
  assert.equal(s.sys("prctl", 23, 40), 1);
  assert.equal(s.sys("prctl", 23, 41), -E.EINVAL);
  assert.equal(s.sys("prctl", 0x53564d41, 0, 0, 0, 0), -E.EINVAL, "PR_SET_VMA: not configured");
  assert.equal(s.sys("prctl", 12345), -E.EINVAL);
});

Deno.test("arch_prctl: FS/GS bases, CPUID and XSAVE feature queries", () => {
  const s = new Sys();
  assert.equal(s.sys("arch_prctl", 0x1002, 0x7000_0000), 0);
  assert.equal(s.p.cpu.fsBase, 0x7000_0000);
  assert.equal(s.sys("arch_prctl", 0x1001, 0x1234), 0);
  assert.equal(s.p.cpu.gsBase, 0x1234);
  const b = s.alloc(8);
  assert.equal(s.sys("arch_prctl", 0x1003, b), 0);
  assert.equal(Number(s.u64(b)), 0x7000_0000);
  assert.equal(s.sys("arch_prctl", 0x1004, b), 0);
  assert.equal(Number(s.u64(b)), 0x1234);
  assert.equal(s.sys("arch_prctl", 0x1002, 0x7ffffffff000), -E.EPERM);
  assert.equal(s.sys("arch_prctl", 0x1003, 0x1000), -E.EFAULT);
  assert.equal(s.sys("arch_prctl", 0x1011), 1);
  assert.equal(s.sys("arch_prctl", 0x1021, b), 0);
  assert.equal(Number(s.u64(b)), 3);
  assert.equal(s.sys("arch_prctl", 0x1023, 18), -E.EINVAL, "no AMX");
  assert.equal(s.sys("arch_prctl", 0x9999, 0), -E.EINVAL);
});

Deno.test("set_tid_address/set_robust_list/get_robust_list/exit/exit_group: thread bookkeeping and exit", () => {
  const s = new Sys();
  const tid = s.alloc(8);
  s.mem.write32(tid, 77);
  assert.equal(s.sys("set_tid_address", tid), 2);
  assert.equal(s.sys("set_robust_list", 0x1000, 24), 0);
  assert.equal(s.sys("set_robust_list", 0x1000, 16), -E.EINVAL);
  const h = s.alloc(16);
  assert.equal(s.sys("get_robust_list", 0, h, h + 8), 0);
  assert.deepEqual([Number(s.u64(h)), Number(s.u64(h + 8))], [0x1000, 24]);
  assert.equal(s.sys("get_robust_list", 5, h, h + 8), -E.ESRCH);
  s.sys("exit_group", 0x1234);
  assert.equal(s.p.exitCode, 0x34);
  assert.equal(s.u32(tid), 0, "clear_child_tid is zeroed at exit");
  const t = new Sys();
  t.sys("exit", 3);
  assert.equal(t.p.exitCode, 3);
});

Deno.test("getrandom: seeded bytes, flag checks and EFAULT", () => {
  const a = new Sys({ seed: 7 }), b = new Sys({ seed: 7 }), c = new Sys({ seed: 8 });
  const bufs = [a, b, c].map((s) => s.alloc(32));
  assert.equal(a.sys("getrandom", bufs[0], 32, 0), 32);
  b.sys("getrandom", bufs[1], 32, 1);
  c.sys("getrandom", bufs[2], 32, 0);
  const bytes = [a, b, c].map((s, i) => [...s.mem.readBytes(bufs[i], 32)]);
  assert.deepEqual(bytes[0], bytes[1]);
  assert.notDeepEqual(bytes[0], bytes[2]);
  assert.equal(a.sys("getrandom", bufs[0], 4, 8), -E.EINVAL);
  assert.equal(a.sys("getrandom", bufs[0], 4, 6), -E.EINVAL);
  assert.equal(a.sys("getrandom", 0x1000, 4, 0), -E.EFAULT);
  assert.equal(a.sys("getrandom", bufs[0], 0, 0), 0);
  const fromKernel = new Sys({ seed: 7 });
  assert.deepEqual(
    [...fromKernel.k.randomBytes(32)],
    bytes[0],
    "AT_RANDOM and getrandom share one stream",
  );
});

Deno.test("sched_yield/sched_getaffinity/sched_setaffinity/getcpu: one CPU", () => {
  const s = new Sys();
  assert.equal(s.sys("sched_yield"), 0);
  const m = s.alloc(128);
  s.mem.write32(m, 0xff);
  assert.equal(s.sys("sched_getaffinity", 0, 128, m), 8);
  assert.equal(Number(s.u64(m)), 1);
  assert.equal(s.sys("sched_getaffinity", 0, 4, m), -E.EINVAL);
  assert.equal(s.sys("sched_getaffinity", 0, 12, m), -E.EINVAL);
  assert.equal(s.sys("sched_getaffinity", 9, 8, m), -E.ESRCH);
  assert.equal(s.sys("sched_setaffinity", 0, 8, m), 0);
  s.mem.write32(m, 2);
  assert.equal(s.sys("sched_setaffinity", 0, 8, m), -E.EINVAL);
  const c = s.alloc(8);
  s.mem.write32(c, 9);
  assert.equal(s.sys("getcpu", c, c + 4, 0), 0);
  assert.deepEqual([s.u32(c), s.u32(c + 4)], [0, 0]);
});

Deno.test("getpriority/setpriority/personality: nice values and the persona", () => {
  const s = new Sys();
  assert.equal(s.sys("getpriority", 0, 0), 20);
  assert.equal(s.sys("setpriority", 0, 0, 5), 0);
  assert.equal(s.sys("getpriority", 0, 0), 15);
  assert.equal(s.sys("setpriority", 0, 0, 100), 0);
  assert.equal(s.sys("getpriority", 0, 0), 1, "clamped to 19");
  assert.equal(s.sys("getpriority", 3, 0), -E.EINVAL);
  assert.equal(s.sys("getpriority", 0, 9), -E.ESRCH);
  assert.equal(s.sys("personality", 0xffffffff), 0);
  assert.equal(s.sys("personality", 0x0040000), 0);
  assert.equal(s.sys("personality", 0xffffffff), 0x0040000);
});

Deno.test("open/read/readlink: /proc/self files describe the process", () => {
  const s = new Sys({ argv: ["/bin/test", "a b", "c"], env: ["X=1", "Y=2"] });
  assert.equal(s.read(s.open("/proc/self/cmdline")), "/bin/test\0a b\0c\0");
  assert.equal(s.read(s.open("/proc/self/environ")), "X=1\0Y=2\0");
  const buf = s.alloc(256);
  let n = s.sys("readlink", s.str("/proc/self"), buf, 256);
  assert.equal(s.text(buf, n), "2");
  n = s.sys("readlink", s.str("/proc/self/exe"), buf, 256);
  assert.equal(s.text(buf, n), "/bin/test");
  n = s.sys("readlink", s.str("/proc/self/cwd"), buf, 256);
  assert.equal(s.text(buf, n), "/");
  const f = s.open("/etc/hostname");
  n = s.sys("readlink", s.str(`/proc/self/fd/${f}`), buf, 256);
  assert.equal(s.text(buf, n), "/etc/hostname");
  const pipe = s.alloc(8);
  s.sys("pipe", pipe);
  n = s.sys("readlink", s.str(`/proc/self/fd/${s.i32(pipe)}`), buf, 256);
  assert.match(s.text(buf, n), /^pipe:\[\d+\]$/);
  n = s.sys("readlink", s.str("/proc/self/fd/1"), buf, 256);
  assert.match(s.text(buf, n), /^pipe:\[\d+\]$/, "captured stdout is a pipe");
  assert.equal(s.read(s.open(`/proc/self/fd/${f}`)), "linuxvm\n", "fd links reopen the file");
  const lst = s.alloc(144);
  s.sys("lstat", s.str(`/proc/self/fd/${f}`), lst);
  assert.deepEqual(
    [s.u32(lst + 24), Number(s.u64(lst + 48))],
    [0o120500, 64],
    "r-x for a read-only fd, size 64",
  );
  s.sys("lstat", s.str("/proc/self/fd/1"), lst);
  assert.equal(s.u32(lst + 24), 0o120300);
  assert.equal(s.open("/proc/self/fd/99"), -E.ENOENT);
  assert.equal(s.open("/proc/77/cmdline"), -E.ENOENT);
  assert.equal(s.open("/proc/foo", 0o101), -E.ENOENT);
  assert.match(s.read(s.open("/proc/self/stat")), /^2 \(test\) R 1 2 2 0 -1 /);
  assert.match(s.read(s.open("/proc/cpuinfo")), /processor\t: 0\n/);
  assert.match(s.read(s.open("/proc/self/limits")), /Max open files +1024 +4096 +files/);
  assert.match(s.read(s.open("/proc/mounts")), /proc \/proc proc rw,relatime 0 0\n/);
  assert.equal(s.read(s.open("/sys/devices/system/cpu/online")), "0\n");
  const dir = s.open("/proc/self/fd", 0o200000);
  const d = s.alloc(1024);
  const len = s.sys("getdents64", dir, d, 1024);
  const names: string[] = [];
  for (let o = 0; o < len; o += s.u16(d + o + 16)) names.push(s.cstr(d + o + 19));
  assert.deepEqual(names.slice(0, 5), [".", "..", "0", "1", "2"]);
  assert.ok(names.includes(String(dir)));
  assert.equal(names.length, s.p.fds.size() + 2);
});

Deno.test("open/write: /proc/self/comm is writable and sets the thread name", () => {
  const s = new Sys();
  const f = s.open("/proc/self/comm", 1);
  assert.equal(s.write(f, "0123456789abcdefghij"), 20);
  assert.equal(s.read(s.open("/proc/self/comm")), "0123456789abcde\n");
  assert.equal(s.write(s.open("/proc/self/cmdline", 1), "x"), -E.EINVAL);
});

Deno.test("wait4/waitid: argument checks, then ECHILD (a process without children)", () => {
  const s = new Sys();
  const st = s.alloc(128);
  assert.equal(s.sys("wait4", -1, st, 0, 0), -E.ECHILD);
  assert.equal(s.sys("wait4", 1, st, 0, 0), -E.ECHILD);
  assert.equal(s.sys("wait4", -1, st, 0x1000000, 0), -E.EINVAL, "WNOWAIT is not a wait4 option");
  assert.equal(s.sys("wait4", -2147483648, st, 0, 0), -E.ESRCH);
  assert.equal(s.sys("waitid", 0, 0, st, 4, 0), -E.ECHILD);
  assert.equal(s.sys("waitid", 9, 0, st, 4, 0), -E.EINVAL);
  assert.equal(
    s.sys("waitid", 0, 0, st, 0, 0),
    -E.EINVAL,
    "one of WEXITED/WSTOPPED/WCONTINUED is needed",
  );
  assert.equal(s.sys("waitid", 0, 0, st, 0x1000000 | 4, 0), -E.ECHILD);
  assert.equal(s.sys("waitid", 1, 0, st, 4, 0), -E.EINVAL);
  assert.equal(s.sys("waitid", 3, 99, st, 4, 0), -E.EBADF);
});
