/**
 * Signals and blocked system calls: pause and rt_sigsuspend wait for a
 * handler; a handled signal interrupts other waits with EINTR, restarts
 * them under SA_RESTART where Linux does, or returns the part already done.
 */

import assert from "node:assert/strict";
import { SCRATCH, Sys } from "./kernel_harness.ts";
import { RAX, reg64Num, RSP } from "../../lib/exec/cpu.ts";
import type { Thread } from "../../lib/kernel/thread.ts";
import * as E from "../../lib/kernel/errno.ts";

const THREAD = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000;
const SIGUSR1 = 10, SIGUSR2 = 12;
const SA_RESTART = 0x10000000, SA_RESTORER = 0x04000000;
const HANDLER = 0x401000, RESTORER = 0x402000;

/** A harness with a handler for SIGUSR1 (flags `flags`) and a thread on its own stack. */
function boot(flags = 0): [Sys, Thread] {
  const s = new Sys();
  const act = s.alloc(32);
  s.mem.write32(act, HANDLER);
  s.mem.write32(act + 8, (flags | SA_RESTORER) >>> 0);
  s.mem.write32(act + 16, RESTORER);
  assert.equal(s.sys("rt_sigaction", SIGUSR1, act, 0, 8), 0);
  const tid = s.sys("clone", THREAD, SCRATCH + 0x200000, 0, 0, 0);
  return [s, s.k.threads.get(tid)!];
}

/** Send SIGUSR1 to thread `t` from the main thread. */
function signal(s: Sys, t: Thread, sig = SIGUSR1): void {
  assert.equal(s.sys("tgkill", s.p.pid, t.tid, sig), 0);
}

Deno.test("pause/rt_sigsuspend: wait until a handler runs, with the caller's mask back afterwards", () => {
  const [s, t] = boot();
  assert.equal(s.call(t, "pause"), null);
  signal(s, t, SIGUSR2); // its default action would end the process: nothing to wait for
  assert.equal(s.p.termSignal, SIGUSR2);
  const [v, x] = boot();
  assert.equal(v.call(x, "pause"), null);
  signal(v, x);
  assert.ok(v.resume(x));
  assert.equal(x.cpu.rip, HANDLER, "the handler runs");
  assert.equal(u64At(v, reg64Num(x.cpu, RSP) + 8 + 40 + 13 * 8), -E.EINTR, "pause's result");
  // rt_sigsuspend: SIGUSR1 blocked by the caller, unblocked while waiting.
  const [u, w] = boot();
  const set = u.alloc(8);
  u.mem.write32(set, 1 << (SIGUSR1 - 1));
  assert.equal(u.call(w, "rt_sigprocmask", 0, set, 0, 8), 0);
  u.mem.write32(set, 1 << (SIGUSR2 - 1)); // wait with only SIGUSR2 blocked
  assert.equal(u.call(w, "rt_sigsuspend", set, 4), -E.EINVAL);
  assert.equal(u.call(w, "rt_sigsuspend", set, 8), null);
  assert.equal(w.sigmaskLo, 1 << (SIGUSR2 - 1));
  signal(u, w);
  assert.ok(u.resume(w));
  assert.equal(w.cpu.rip, HANDLER);
  assert.equal(reg64Num(w.cpu, RAX), 0, "not yet: the handler runs first (RAX holds its argument)");
  // The frame saved the caller's mask (SIGUSR1 blocked); the handler runs with the waiting mask
  // plus its own signal.
  assert.equal(w.sigmaskLo, (1 << (SIGUSR2 - 1)) | (1 << (SIGUSR1 - 1)));
  const sp = reg64Num(w.cpu, RSP);
  const ucSigmask = sp + 8 + 296; // pretcode, then ucontext: uc_sigmask at offset 296
  assert.equal(u.mem.read32(ucSigmask), 1 << (SIGUSR1 - 1));
});

Deno.test("signals interrupt blocked calls: EINTR, SA_RESTART restarts, partial transfers return", () => {
  const pipe = (s: Sys): [number, number] => {
    const fds = s.alloc(8);
    s.sys("pipe2", fds, 0);
    return [s.u32(fds), s.u32(fds + 4)];
  };
  // Without SA_RESTART a pipe read fails with EINTR once the handler is set up.
  const [s, t] = boot();
  const [r] = pipe(s);
  const buf = s.alloc(8);
  assert.equal(s.call(t, "read", r, buf, 8), null);
  signal(s, t);
  assert.ok(s.resume(t));
  assert.equal(t.cpu.rip, HANDLER);
  assert.equal(u64At(s, reg64Num(t.cpu, RSP) + 8 + 40 + 13 * 8), -E.EINTR, "sigcontext rax");
  // With SA_RESTART the saved RIP is back on the SYSCALL and RAX is the call number again.
  const [u, w] = boot(SA_RESTART);
  const [r2] = pipe(u);
  assert.equal(u.call(w, "read", r2, u.alloc(8), 8), null);
  const before = w.cpu.rip;
  signal(u, w);
  assert.ok(u.resume(w));
  const sc = reg64Num(w.cpu, RSP) + 8 + 40;
  assert.equal(u64At(u, sc + 16 * 8), before - 2, "sigcontext rip: the SYSCALL again");
  assert.equal(u64At(u, sc + 13 * 8), 0, "sigcontext rax: read's number");
  // nanosleep is never restarted: EINTR and the time left in rem.
  const [v, x] = boot(SA_RESTART);
  const req = v.alloc(16), rem = v.alloc(16);
  v.mem.write32(req, 5); // 5 s
  assert.equal(v.call(x, "nanosleep", req, rem), null);
  signal(v, x);
  assert.ok(v.resume(x));
  assert.equal(v.u32(rem), 4, "4.9... s left");
  assert.ok(v.u32(rem + 8) > 0);
  // A pipe write that already moved bytes returns their count.
  const [q, y] = boot();
  const [, w3] = pipe(q);
  const big = q.alloc(70000);
  assert.equal(q.call(y, "write", w3, big, 70000), null);
  signal(q, y);
  assert.ok(q.resume(y));
  assert.equal(u64At(q, reg64Num(y.cpu, RSP) + 8 + 40 + 13 * 8), 65536);
});

function u64At(s: Sys, a: number): number {
  const lo = s.mem.read64(a);
  return Number(BigInt.asIntN(64, (BigInt(s.mem.hi) << 32n) | BigInt(lo)));
}

Deno.test("ppoll/pselect6/epoll_pwait: the mask holds only while waiting; a signal it lets in interrupts", () => {
  const [s, t] = boot();
  const fds = s.alloc(8);
  s.sys("pipe2", fds, 0);
  const r = s.u32(fds), w = s.u32(fds + 4);
  const usr1 = s.alloc(8), none = s.alloc(8);
  s.mem.write32(usr1, 1 << (SIGUSR1 - 1));
  assert.equal(s.call(t, "rt_sigprocmask", 0, usr1, 0, 8), 0);
  const pfd = s.alloc(8);
  s.mem.write32(pfd, r);
  s.mem.write16(pfd + 4, 1);
  assert.equal(s.call(t, "ppoll", pfd, 1, 0, none, 4), -E.EINVAL);
  // Ready at once: the temporary mask is gone again; a signal it let in stays pending.
  signal(s, t);
  assert.equal(s.write(w, "x"), 1);
  assert.equal(s.call(t, "ppoll", pfd, 1, 0, none, 8), 1);
  assert.equal(t.sigmaskLo, 1 << (SIGUSR1 - 1));
  assert.notEqual(t.cpu.rip, HANDLER);
  assert.equal(s.read(r), "x");
  // Waiting: the pending SIGUSR1, no longer blocked, interrupts with EINTR and its handler runs
  // with the caller's mask saved in the frame.
  assert.equal(s.call(t, "ppoll", pfd, 1, 0, none, 8), null);
  assert.ok(s.resume(t));
  assert.equal(t.cpu.rip, HANDLER);
  const sp = reg64Num(t.cpu, RSP);
  assert.equal(u64At(s, sp + 8 + 40 + 13 * 8), -E.EINTR);
  assert.equal(s.mem.read32(sp + 8 + 296), 1 << (SIGUSR1 - 1), "uc_sigmask: the old mask");
  // epoll_pwait and pselect6 take the same path.
  const [u, x] = boot();
  const ep = u.call(x, "epoll_create1", 0)!;
  const set = u.alloc(8);
  u.mem.write32(set, 1 << (SIGUSR1 - 1));
  assert.equal(u.call(x, "rt_sigprocmask", 0, set, 0, 8), 0);
  u.mem.write32(set, 0);
  assert.equal(u.call(x, "epoll_pwait", ep, u.alloc(12), 1, -1, set, 8), null);
  signal(u, x);
  assert.ok(u.resume(x));
  assert.equal(x.cpu.rip, HANDLER);
  const [v, y] = boot();
  const arg6 = v.alloc(16);
  v.mem.write32(arg6, v.alloc(8));
  v.mem.write32(arg6 + 8, 7);
  assert.equal(v.call(y, "pselect6", 0, 0, 0, 0, 0, arg6), -E.EINVAL, "sigsetsize 7");
});

Deno.test("rt_sigtimedwait: takes a pending signal of its set, waits for one, times out with EAGAIN", () => {
  const [s, t] = boot();
  const set = s.alloc(8), info = s.alloc(128), ts = s.alloc(16);
  s.mem.write32(set, (1 << (SIGUSR1 - 1)) | (1 << (SIGUSR2 - 1)));
  assert.equal(s.call(t, "rt_sigprocmask", 0, set, 0, 8), 0);
  assert.equal(s.call(t, "rt_sigtimedwait", set, info, 0, 4), -E.EINVAL);
  signal(s, t, SIGUSR2);
  assert.equal(s.call(t, "rt_sigtimedwait", set, info, 0, 8), SIGUSR2, "already pending");
  assert.deepEqual([s.u32(info), s.u32(info + 8), s.u32(info + 16)], [SIGUSR2, -6 >>> 0, 2]);
  // Waiting: a signal of the set ends the wait and is taken, not handled (SIGUSR1 has a handler).
  assert.equal(s.call(t, "rt_sigtimedwait", set, 0, 0, 8), null);
  signal(s, t);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), SIGUSR1);
  assert.notEqual(t.cpu.rip, HANDLER);
  // A timeout that runs out: EAGAIN after exactly that much virtual time.
  s.mem.write32(ts + 8, 2_000_000);
  const t0 = s.k.elapsedNs();
  assert.equal(s.call(t, "rt_sigtimedwait", set, 0, ts, 8), null);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), -E.EAGAIN);
  assert.ok(s.k.elapsedNs() - t0 >= 2_000_000);
  s.mem.write32(ts + 8, 0);
  assert.equal(s.call(t, "rt_sigtimedwait", set, 0, ts, 8), -E.EAGAIN, "a zero timeout polls");
});
