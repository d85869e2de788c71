/**
 * signalfd and queued signals: reading signals as signalfd_siginfo, poll
 * readiness, blocking reads, mask updates; rt_sigqueueinfo and
 * rt_tgsigqueueinfo payloads and their EPERM rule.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const SIGUSR1 = 10, SIGUSR2 = 12, SIGRTMIN = 34;
const SFD_NONBLOCK = 0x800;
const SI_QUEUE = -1;

/** A sigset holding `sigs`. */
function sigset(s: Sys, ...sigs: number[]): number {
  const a = s.alloc(8);
  for (const sig of sigs) {
    const b = sig - 1;
    if (b < 32) s.mem.write32(a, s.u32(a) | (1 << b));
    else s.mem.write32(a + 4, s.u32(a + 4) | (1 << (b - 32)));
  }
  return a;
}

/** A siginfo for rt_sigqueueinfo: code, and an int value. */
function siginfo(s: Sys, code: number, value: number): number {
  const a = s.alloc(128);
  s.mem.write32(a + 8, code);
  s.mem.write32(a + 16, 4242); // a claimed sender pid, kept as given
  s.mem.write32(a + 24, value);
  return a;
}

Deno.test("signalfd/signalfd4: reads signals of its set, polls readable, blocks, masks can change", () => {
  const s = new Sys();
  const set = sigset(s, SIGUSR1, SIGRTMIN);
  assert.equal(s.sys("signalfd4", -1, set, 4, 0), -E.EINVAL);
  assert.equal(s.sys("signalfd4", -1, set, 8, 1), -E.EINVAL);
  assert.equal(s.sys("signalfd4", 0, set, 8, 0), -E.EINVAL, "not a signalfd");
  assert.equal(s.sys("rt_sigprocmask", 0, set, 0, 8), 0);
  const fd = s.sys("signalfd4", -1, set, 8, SFD_NONBLOCK);
  assert.ok(fd >= 3);
  const buf = s.alloc(512);
  assert.equal(s.sys("read", fd, buf, 512), -E.EAGAIN);
  assert.equal(s.sys("read", fd, buf, 127), -E.EINVAL);
  const pfd = s.alloc(8);
  s.mem.write32(pfd, fd);
  s.mem.write16(pfd + 4, 1);
  assert.equal(s.sys("poll", pfd, 1, 0), 0);
  // Two queued real-time signals with payloads, and a SIGUSR1 from kill.
  assert.equal(s.sys("rt_sigqueueinfo", s.p.pid, SIGRTMIN, siginfo(s, SI_QUEUE, 7)), 0);
  assert.equal(s.sys("rt_sigqueueinfo", s.p.pid, SIGRTMIN, siginfo(s, SI_QUEUE, 8)), 0);
  assert.equal(s.sys("kill", s.p.pid, SIGUSR1), 0);
  assert.equal(s.sys("poll", pfd, 1, 0), 1);
  assert.equal(s.u16(pfd + 6), 1);
  assert.equal(s.sys("read", fd, buf, 256), 256, "room for two");
  assert.deepEqual(
    [s.u32(buf), s.i32(buf + 8), s.u32(buf + 12), s.u32(buf + 16)],
    [SIGUSR1, 0, s.p.pid, 0],
  );
  assert.deepEqual(
    [s.u32(buf + 128), s.i32(buf + 136), s.u32(buf + 140), s.i32(buf + 172), s.u32(buf + 176)],
    [SIGRTMIN, SI_QUEUE, 4242, 8 - 1, 7],
    "ssi_signo, ssi_code, ssi_pid, ssi_int, ssi_ptr",
  );
  assert.equal(s.sys("read", fd, buf, 512), 128);
  assert.equal(s.i32(buf + 44), 8);
  // Changing the mask: SIGUSR2 only.
  assert.equal(s.sys("signalfd", fd, sigset(s, SIGUSR2), 8), fd);
  assert.equal(s.sys("rt_sigprocmask", 0, sigset(s, SIGUSR2), 0, 8), 0);
  assert.equal(s.sys("kill", s.p.pid, SIGUSR1), 0);
  assert.equal(s.sys("read", fd, buf, 128), -E.EAGAIN);
  // A blocking read waits until a signal of its set arrives (from another thread here).
  const bfd = s.sys("signalfd", -1, sigset(s, SIGUSR2), 8);
  const tid = s.sys("clone", 0x100 | 0x200 | 0x400 | 0x800 | 0x10000, 0x10200000, 0, 0, 0);
  const other = s.k.threads.get(tid)!;
  assert.equal(s.call(s.main, "read", bfd, buf, 128), null);
  assert.equal(s.call(other, "kill", s.p.pid, SIGUSR2), 0);
  assert.ok(s.resume(s.main));
  assert.equal(s.result(s.main), 128);
  assert.equal(s.u32(buf), SIGUSR2);
  assert.equal(s.sys("write", fd, buf, 8), -E.EINVAL);
  assert.equal(s.sys("lseek", fd, 0, 0), 0);
});

Deno.test("rt_sigqueueinfo/rt_tgsigqueueinfo: the sender's siginfo arrives; EPERM for kill-style codes to others", () => {
  const s = new Sys();
  const child = s.sys("fork");
  assert.equal(s.sys("rt_sigqueueinfo", child, SIGUSR1, siginfo(s, 0, 1)), -E.EPERM);
  assert.equal(s.sys("rt_sigqueueinfo", child, SIGUSR1, siginfo(s, -6, 1)), -E.EPERM, "SI_TKILL");
  assert.equal(s.sys("rt_sigqueueinfo", s.p.pid, SIGUSR1, 8), -E.EFAULT);
  assert.equal(s.sys("rt_sigqueueinfo", 999, SIGUSR1, siginfo(s, SI_QUEUE, 1)), -E.ESRCH);
  assert.equal(s.sys("rt_sigqueueinfo", child, 65, siginfo(s, SI_QUEUE, 1)), -E.EINVAL);
  assert.equal(s.sys("rt_sigqueueinfo", child, 0, siginfo(s, SI_QUEUE, 1)), 0);
  const q = s.k.vfs.procs.get(child)!;
  assert.equal(s.sys("rt_sigqueueinfo", child, SIGRTMIN, siginfo(s, SI_QUEUE, 5)), 0);
  assert.equal(q.sigqueue.length, 1);
  assert.equal(q.sigqueue[0].value, 5);
  assert.equal(q.sigqueue[0].pid, 4242, "the claimed sender pid stays");
  assert.equal(s.sys("rt_tgsigqueueinfo", 0, child, SIGRTMIN, siginfo(s, SI_QUEUE, 1)), -E.EINVAL);
  assert.equal(
    s.sys("rt_tgsigqueueinfo", s.p.pid, child, SIGRTMIN, siginfo(s, SI_QUEUE, 1)),
    -E.ESRCH,
  );
  assert.equal(q.termSignal, SIGRTMIN, "its default action ends the child");
  // Another thread of the caller's own process counts as another: EPERM for SI_USER.
  assert.equal(s.sys("rt_sigprocmask", 0, sigset(s, SIGRTMIN), 0, 8), 0);
  const tid = s.sys("clone", 0x100 | 0x200 | 0x400 | 0x800 | 0x10000, 0x10200000, 0, 0, 0);
  const pid = s.p.pid;
  assert.equal(s.sys("rt_tgsigqueueinfo", pid, tid, SIGRTMIN, siginfo(s, 0, 1)), -E.EPERM);
  assert.equal(s.sys("rt_tgsigqueueinfo", pid, tid, SIGRTMIN, siginfo(s, SI_QUEUE, 6)), 0);
  assert.equal(s.k.threads.get(tid)!.sigqueue[0].value, 6);
  // To itself any code goes, even SI_USER's.
  const set = sigset(s, SIGUSR1);
  assert.equal(s.sys("rt_sigprocmask", 0, set, 0, 8), 0);
  assert.equal(s.sys("rt_tgsigqueueinfo", s.p.pid, s.p.pid, SIGUSR1, siginfo(s, 0, 3)), 0);
  const info = s.alloc(128);
  assert.equal(s.sys("rt_sigtimedwait", set, info, 0, 8), SIGUSR1);
  assert.deepEqual([s.i32(info + 8), s.u32(info + 16), s.u32(info + 24)], [0, 4242, 3]);
});

Deno.test("RLIMIT_SIGPENDING: queued siginfo past the limit: EAGAIN for real-time signals, lost siginfo otherwise", () => {
  const s = new Sys();
  const rl = s.alloc(16);
  s.mem.writeBytes(rl, new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0]));
  assert.equal(s.sys("setrlimit", 11, rl), 0);
  const set = sigset(s, SIGRTMIN, SIGUSR1, SIGUSR2, 14);
  assert.equal(s.sys("rt_sigprocmask", 0, set, 0, 8), 0);
  const me = s.p.pid;
  assert.equal(s.sys("rt_sigqueueinfo", me, SIGRTMIN, siginfo(s, SI_QUEUE, 1)), 0);
  assert.equal(s.sys("kill", me, SIGUSR2), 0);
  assert.equal(s.sys("rt_sigqueueinfo", me, SIGRTMIN, siginfo(s, SI_QUEUE, 2)), -E.EAGAIN);
  assert.equal(s.sys("rt_tgsigqueueinfo", me, me, SIGRTMIN, siginfo(s, SI_QUEUE, 3)), -E.EAGAIN);
  assert.equal(s.sys("tgkill", me, me, SIGRTMIN), -E.EAGAIN, "SI_TKILL is not SI_USER");
  assert.equal(s.sys("kill", me, SIGRTMIN), 0, "kill() sets it pending without a siginfo");
  assert.equal(s.sys("rt_sigqueueinfo", me, SIGUSR1, siginfo(s, SI_QUEUE, 4)), 0);
  assert.equal(s.p.sigqueue.length, 2, "nothing more was queued");
  const ev = s.alloc(64);
  assert.equal(s.sys("timer_create", 1, 0, ev), -E.EAGAIN, "a timer holds a siginfo");
  const info = s.alloc(128);
  assert.equal(s.sys("rt_sigtimedwait", set, info, 0, 8), SIGUSR1);
  assert.equal(s.i32(info + 8), 0, "the standard signal lost its siginfo: SI_USER");
  assert.equal(s.sys("rt_sigtimedwait", set, info, 0, 8), SIGUSR2);
  assert.equal(s.sys("timer_create", 1, 0, ev), 0, "room again");
  assert.equal(s.sys("rt_sigqueueinfo", me, SIGRTMIN, siginfo(s, SI_QUEUE, 5)), -E.EAGAIN);
});
