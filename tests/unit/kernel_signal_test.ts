/**
 * Signal delivery at the kernel level: the frame a handler gets (values
 * from Linux's x64_setup_rt_frame for a CPU without XSAVE), rt_sigreturn,
 * the order pending signals are taken in, forced fault signals and the
 * alternate stack. The byte layout is also checked against a native run in
 * signal_frame_test.ts and tests/guest/src/sigframe.c.
 */

import assert from "node:assert/strict";
import { SCRATCH, Sys } from "./kernel_harness.ts";
import { DF, RSP } from "../../lib/exec/cpu.ts";
import { getRflags, setRflags } from "../../lib/exec/flags.ts";
import { deliverSignals, raiseFault } from "../../lib/kernel/signal_delivery.ts";
import * as E from "../../lib/kernel/errno.ts";

const SA_SIGINFO = 4, SA_RESTORER = 0x04000000, SA_ONSTACK = 0x08000000;
const SA_NODEFER = 0x40000000, SA_RESETHAND = 0x80000000;
const HANDLER = 0x401000, RESTORER = 0x402000;
const SIGHUP = 1, SIGINT = 2, SIGFPE = 8, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGTERM = 15;
/** Where tests put the interrupted stack pointer (64-aligned, inside the scratch mapping). */
const STACK = SCRATCH + 0x200000;

function bit(sig: number): bigint {
  return 1n << BigInt(sig - 1);
}

function reg(s: Sys, n: number): bigint {
  const r = s.p.cpu.r;
  return (BigInt(r[2 * n + 1]) << 32n) | BigInt(r[2 * n]);
}

function setReg(s: Sys, n: number, v: bigint): void {
  s.p.cpu.r[2 * n] = Number(v & 0xffffffffn);
  s.p.cpu.r[2 * n + 1] = Number((v >> 32n) & 0xffffffffn);
}

/** Install `HANDLER` (or `handler`) for `sig` through rt_sigaction. */
function install(s: Sys, sig: number, flags: number, mask = 0n, handler = HANDLER): void {
  const act = s.alloc(32);
  s.mem.write64(act, handler, 0);
  s.mem.write64(act + 8, flags >>> 0, 0);
  s.mem.write64(act + 16, RESTORER, 0);
  s.mem.write64(act + 24, Number(mask & 0xffffffffn), Number(mask >> 32n));
  assert.equal(s.sys("rt_sigaction", sig, act, 0, 8), 0);
}

function setMask(s: Sys, how: number, mask: bigint): void {
  const set = s.alloc(8);
  s.mem.write64(set, Number(mask & 0xffffffffn), Number(mask >> 32n));
  assert.equal(s.sys("rt_sigprocmask", how, set, 0, 8), 0);
}

function mask(s: Sys): bigint {
  return (BigInt(s.p.thread.sigmaskHi) << 32n) | BigInt(s.p.thread.sigmaskLo);
}

/** The frame of a handler just entered (RSP), its ucontext and its FP image. */
function frameOf(s: Sys): { frame: number; uc: number; fp: number } {
  const frame = Number(reg(s, RSP));
  return { frame, uc: frame + 8, fp: Number(s.u64(frame + 8 + 40 + 184)) };
}

Deno.test("signal delivery: handler frame, registers on entry, the mask while handling, SA_RESETHAND", () => {
  const s = new Sys();
  install(s, SIGUSR1, SA_SIGINFO | SA_RESTORER, bit(SIGINT));
  setMask(s, 2, bit(SIGHUP) | bit(40));
  s.mem.writeBytes(STACK - 0x1000, new Uint8Array(0x1000).fill(0xee));
  const cpu = s.p.cpu;
  setReg(s, RSP, BigInt(STACK));
  for (const n of [3, 5, 11, 12, 13, 14, 15]) setReg(s, n, 0x0101010101010101n * BigInt(n));
  cpu.rip = 0x400123;
  setRflags(cpu, 0x647); // CF PF ZF IF DF
  cpu.mxcsr = 0x1fa0;
  cpu.fpuCw = 0x27f;
  cpu.xmm.fill(0x15151515);
  assert.equal(s.sys("tkill", 2, SIGUSR1), 0, "RAX is 0 on handler entry");

  // get_sigframe: red zone, 512-byte FP image 64-aligned, frame 16-aligned minus 8.
  const fp = STACK - 128 - 512;
  const frame = fp - 456;
  assert.equal(Number(reg(s, RSP)), frame);
  assert.equal(cpu.rip, HANDLER);
  assert.equal(reg(s, 7), BigInt(SIGUSR1), "RDI = signal");
  assert.equal(reg(s, 6), BigInt(frame + 312), "RSI = &siginfo");
  assert.equal(reg(s, 2), BigInt(frame + 8), "RDX = &ucontext");
  assert.equal(getRflags(cpu), 0x247, "DF cleared, the other flags kept");
  assert.equal(mask(s), bit(SIGHUP) | bit(40) | bit(SIGINT) | bit(SIGUSR1));
  assert.deepEqual([cpu.mxcsr, cpu.fpuCw, cpu.fpuTag, cpu.xmm[60]], [0x1f80, 0x37f, 0xffff, 0]);

  const uc = frame + 8, sc = uc + 40;
  assert.equal(s.u64(frame), BigInt(RESTORER), "pretcode");
  assert.deepEqual([s.u64(uc), s.u64(uc + 8)], [6n, 0n], "UC_SIGCONTEXT_SS|UC_STRICT_RESTORE_SS");
  assert.deepEqual([s.u64(uc + 16), s.u32(uc + 24), s.u64(uc + 32)], [0n, 0, 0n], "uc_stack");
  assert.equal(s.u32(uc + 28), 0xeeeeeeee, "ss_flags padding untouched");
  // r8 r9 r10 hold tkill's unused arguments (0), then r11..r15, rdi, rsi, rbp, rbx, rdx, rax...
  assert.equal(s.u64(sc + 24), 0x0b0b0b0b0b0b0b0bn, "r11");
  assert.equal(s.u64(sc + 32), 0x0c0c0c0c0c0c0c0cn, "r12");
  assert.equal(s.u64(sc + 56), 0x0f0f0f0f0f0f0f0fn, "r15");
  assert.deepEqual([s.u64(sc + 64), s.u64(sc + 72)], [2n, BigInt(SIGUSR1)], "rdi, rsi");
  assert.equal(s.u64(sc + 80), 0x0505050505050505n, "rbp");
  assert.equal(s.u64(sc + 88), 0x0303030303030303n, "rbx");
  assert.equal(s.u64(sc + 104), 0n, "rax: tkill's result");
  assert.deepEqual([s.u64(sc + 120), s.u64(sc + 128), s.u64(sc + 136)], [
    BigInt(STACK),
    0x400123n,
    0x647n,
  ]);
  assert.deepEqual([144, 146, 148, 150].map((o) => s.u16(sc + o)), [0x33, 0, 0, 0x2b]);
  assert.deepEqual([s.u64(sc + 152), s.u64(sc + 160), s.u64(sc + 176)], [0n, 0n, 0n]);
  assert.equal(s.u64(sc + 168), bit(SIGHUP) | bit(40), "oldmask: the whole first word");
  assert.equal(s.u64(sc + 184), BigInt(fp));
  assert.equal(s.u64(sc + 192), 0xeeeeeeeeeeeeeeeen, "reserved1 untouched");
  assert.equal(s.u64(uc + 296), bit(SIGHUP) | bit(40), "uc_sigmask");
  const si = frame + 312;
  assert.deepEqual([s.i32(si), s.i32(si + 4), s.i32(si + 8), s.i32(si + 16), s.i32(si + 20)], [
    SIGUSR1,
    0,
    -6,
    2,
    0,
  ], "SI_TKILL from pid 2, uid 0");
  assert.ok(s.mem.readBytes(si + 24, 104).every((b) => b === 0));
  // The FXSAVE64 image, then the software-reserved bytes as Linux 6.x writes them without XSAVE.
  assert.deepEqual([s.u16(fp), s.u32(fp + 24), s.u32(fp + 28), s.u32(fp + 160)], [
    0x27f,
    0x1fa0,
    0xffff,
    0x15151515,
  ]);
  assert.ok(s.mem.readBytes(fp + 416, 48).every((b) => b === 0xee), "bytes 416-463 untouched");
  assert.deepEqual([s.u32(fp + 464), s.u32(fp + 468), s.u64(fp + 472), s.u32(fp + 480)], [
    0x46505853,
    516,
    0n,
    512,
  ]);
  assert.ok(s.mem.readBytes(fp + 484, 28).every((b) => b === 0));

  // SA_RESETHAND: back to SIG_DFL once taken; SA_NODEFER: not blocked in its handler.
  const t = new Sys();
  install(t, SIGUSR2, SA_RESTORER | SA_RESETHAND | SA_NODEFER);
  t.mem.writeBytes(STACK - 0x1000, new Uint8Array(0x1000).fill(0xee));
  setReg(t, RSP, BigInt(STACK));
  t.sys("tkill", 2, SIGUSR2);
  assert.equal(t.p.cpu.rip, HANDLER);
  assert.equal(t.p.sigactions[SIGUSR2].handler, 0);
  assert.equal(mask(t), 0n);
  const info = t.mem.readBytes(frameOf(t).frame + 312, 128);
  assert.ok(info.every((b) => b === 0xee), "no SA_SIGINFO: siginfo not written");
});

Deno.test("rt_sigreturn: registers, user flags, FP state, mask and alternate stack come back from the frame", () => {
  const s = new Sys();
  install(s, SIGUSR1, SA_SIGINFO | SA_RESTORER);
  setReg(s, RSP, BigInt(STACK));
  s.p.cpu.rip = 0x400123;
  s.p.cpu.xmm[60] = 0x15151515;
  setMask(s, 2, bit(SIGHUP));
  s.sys("tkill", 2, SIGUSR1);
  const { frame, uc, fp } = frameOf(s);
  const sc = uc + 40;
  s.mem.write64(sc + 32, 0xcafef00d, 0xfeedface); // r12
  s.mem.write64(sc + 104, 0xffffffff, 0xffffffff); // rax: -1 must survive exactly
  s.mem.write64(sc + 112, 0xc, 0); // rcx
  s.mem.write64(sc + 136, 0xffffffff & ~0x40100, 0xffffffff); // every flag but TF and AC
  s.mem.write32(fp + 160 + 240, 0x5a5a5a5a); // xmm15
  s.mem.write32(fp + 24, 0x1f81);
  s.mem.write64(uc + 296, Number(bit(SIGUSR2) | bit(9) | bit(19)), 0);
  setReg(s, RSP, BigInt(frame + 8)); // the handler returned to the restorer
  setRflags(s.p.cpu, 0x202);
  assert.equal(s.sys("rt_sigreturn"), -1, "RAX comes from the frame");
  const cpu = s.p.cpu;
  assert.equal(reg(s, 12), 0xfeedfacecafef00dn);
  assert.equal(reg(s, 1), 0xcn);
  assert.equal(reg(s, RSP), BigInt(STACK));
  assert.equal(cpu.rip, 0x400123);
  assert.equal(getRflags(cpu), 0xed7, "OF DF SF ZF AF PF CF from the frame, IF kept, RF dropped");
  assert.deepEqual([cpu.xmm[60], cpu.mxcsr], [0x5a5a5a5a, 0x1f81]);
  assert.equal(mask(s), bit(SIGUSR2), "SIGKILL and SIGSTOP cannot be blocked");
  cpu.flagsOther &= ~DF;

  // A frame whose FP image FXRSTOR would reject: SIGSEGV (here fatal), initial FP state.
  s.sys("tkill", 2, SIGUSR1);
  const f2 = frameOf(s);
  s.mem.write32(f2.fp + 24, 0xffffffff);
  setReg(s, RSP, BigInt(f2.frame + 8));
  assert.equal(s.sys("rt_sigreturn"), 0);
  assert.equal(s.p.termSignal, SIGSEGV);
  assert.equal(cpu.mxcsr, 0x1f80);

  // A stack pointer that leads nowhere.
  const t = new Sys();
  setReg(t, RSP, 0x1000n);
  assert.equal(t.sys("rt_sigreturn"), 0);
  assert.equal(t.p.termSignal, SIGSEGV);
});

Deno.test("signal delivery: Linux's order, stacked frames, queued real-time signals, default actions", () => {
  const s = new Sys();
  for (const sig of [SIGHUP, SIGUSR1, SIGSEGV, SIGUSR2, SIGTERM, 36]) install(s, sig, SA_RESTORER);
  setReg(s, RSP, BigInt(STACK));
  setMask(s, 0, ~0n);
  s.sys("kill", 2, SIGUSR1);
  s.sys("kill", 2, SIGUSR2);
  s.sys("tkill", 2, SIGHUP);
  s.sys("tkill", 2, SIGSEGV);
  s.sys("kill", 2, SIGTERM);
  s.sys("tkill", 2, SIGTERM);
  s.sys("kill", 2, 36);
  s.sys("kill", 2, 36);
  const set = s.alloc(8);
  s.sys("rt_sigpending", set, 8);
  assert.equal(s.u64(set), bit(1) | bit(10) | bit(11) | bit(12) | bit(15) | bit(36));
  setMask(s, 2, 0n);
  // Own signals first (synchronous ones first), then the process's; each frame goes on top of
  // the previous one and saves its registers, so walking the chain shows the order taken.
  const order = [Number(reg(s, 7))];
  for (let frame = Number(reg(s, RSP)); order.length < 7;) {
    const sc = frame + 8 + 40;
    order.push(Number(s.u64(sc + 64)));
    frame = Number(s.u64(sc + 120));
  }
  assert.deepEqual(order, [36, SIGUSR2, SIGUSR1, SIGTERM, SIGHUP, SIGSEGV, 2], "2: SIG_SETMASK");
  s.sys("rt_sigpending", set, 8);
  assert.equal(s.u64(set), bit(15) | bit(36), "the shared SIGTERM and the second SIGRTMIN+2 wait");

  const t = new Sys();
  install(t, SIGUSR1, SA_RESTORER);
  setReg(t, RSP, BigInt(STACK));
  assert.equal(t.sys("kill", 2, 28), 0, "SIGWINCH: ignored by default");
  t.sys("kill", 2, SIGUSR1);
  assert.equal(t.p.cpu.rip, HANDLER);
  const ign = t.alloc(32);
  t.mem.write64(ign, 1, 0);
  t.sys("rt_sigaction", SIGTERM, ign, 0, 8);
  t.sys("kill", 2, SIGTERM);
  assert.equal(t.p.termSignal, null, "SIG_IGN");
  t.sys("kill", 2, 6);
  assert.equal(t.p.termSignal, 6, "SIGABRT dumps core: the process ends on the way out");
});

Deno.test("signal delivery: faults force their signal; unusable frames and restorers force SIGSEGV", () => {
  const fault = (s: Sys, sig: number, code: number, addr: number, trap: number, err: number) => {
    const c = s.p.cpu;
    c.faultSignal = sig;
    c.faultCode = code;
    c.faultAddr = addr;
    c.faultTrap = trap;
    c.faultErr = err;
    raiseFault(s.p.thread);
    deliverSignals(s.k, s.p.thread);
  };
  const s = new Sys();
  install(s, SIGSEGV, SA_SIGINFO | SA_RESTORER);
  setReg(s, RSP, BigInt(STACK));
  fault(s, SIGSEGV, 1, 0x10, 14, 6);
  let { frame, uc } = frameOf(s);
  let sc = uc + 40;
  assert.deepEqual([s.u64(sc + 152), s.u64(sc + 160), s.u64(sc + 176)], [6n, 14n, 0x10n]);
  assert.deepEqual([s.i32(frame + 312 + 8), Number(s.u64(frame + 312 + 16))], [1, 0x10]);
  setReg(s, RSP, BigInt(STACK));
  install(s, SIGFPE, SA_SIGINFO | SA_RESTORER);
  fault(s, SIGFPE, 1, 0x400200, 0, 0);
  ({ frame, uc } = frameOf(s));
  sc = uc + 40;
  assert.deepEqual(
    [s.u64(sc + 152), s.u64(sc + 160), s.u64(sc + 176)],
    [0n, 0n, 0x10n],
    "cr2 stays",
  );
  assert.equal(Number(s.u64(frame + 312 + 16)), 0x400200, "si_addr: the instruction");

  // Blocked (inside its own handler): the action reverts to SIG_DFL and the process dies.
  fault(s, SIGFPE, 1, 0x400200, 0, 0);
  assert.equal(s.p.termSignal, SIGFPE);
  assert.equal(s.p.sigactions[SIGFPE].handler, 0);

  const ign = new Sys();
  const act = ign.alloc(32);
  ign.mem.write64(act, 1, 0);
  ign.sys("rt_sigaction", SIGSEGV, act, 0, 8);
  fault(ign, SIGSEGV, 1, 0, 14, 6);
  assert.equal(ign.p.termSignal, SIGSEGV, "SIG_IGN does not survive a fault");

  const noRestorer = new Sys();
  const a = noRestorer.alloc(32);
  noRestorer.mem.write64(a, HANDLER, 0);
  noRestorer.sys("rt_sigaction", SIGUSR1, a, 0, 8);
  setReg(noRestorer, RSP, BigInt(STACK));
  noRestorer.sys("tkill", 2, SIGUSR1);
  assert.equal(noRestorer.p.termSignal, SIGSEGV, "x86-64 requires SA_RESTORER");

  // No stack to put the frame on: SIGSEGV, whose own handler cannot be entered either.
  const bad = new Sys();
  install(bad, SIGUSR1, SA_RESTORER);
  install(bad, SIGSEGV, SA_RESTORER);
  setReg(bad, RSP, 0x1000n);
  bad.sys("tkill", 2, SIGUSR1);
  assert.equal(bad.p.termSignal, SIGSEGV);
  assert.equal(bad.p.sigactions[SIGSEGV].handler, 0);
});

Deno.test("sigaltstack: frames on the alternate stack, SS_ONSTACK, SS_AUTODISARM, EPERM", () => {
  const s = new Sys();
  const alt = SCRATCH + 0x300000, size = 0x4000;
  const ss = s.alloc(24), old = s.alloc(24);
  s.mem.write64(ss, alt, 0);
  s.mem.write32(ss + 8, 0);
  s.mem.write64(ss + 16, size, 0);
  assert.equal(s.sys("sigaltstack", ss, 0), 0);
  install(s, SIGUSR1, SA_SIGINFO | SA_RESTORER | SA_ONSTACK);
  setReg(s, RSP, BigInt(STACK));
  s.sys("tkill", 2, SIGUSR1);
  const { frame, uc, fp } = frameOf(s);
  assert.equal(fp, alt + size - 512, "no red zone on a fresh alternate stack");
  assert.equal(frame, fp - 456);
  assert.deepEqual([Number(s.u64(uc + 16)), s.u32(uc + 24), Number(s.u64(uc + 32))], [
    alt,
    0,
    size,
  ]);
  assert.equal(s.sys("sigaltstack", 0, old), 0);
  assert.equal(s.u32(old + 8), 1, "SS_ONSTACK while running on it");
  assert.equal(s.sys("sigaltstack", ss, 0), -E.EPERM);
  // A nested signal stays on the alternate stack, below the red zone.
  install(s, SIGUSR2, SA_RESTORER | SA_ONSTACK);
  s.sys("tkill", 2, SIGUSR2);
  assert.equal(frameOf(s).fp, Math.floor((frame - 128 - 512) / 64) * 64);
  // ... unless it no longer fits: SIGSEGV.
  const o = new Sys();
  const oss = o.alloc(24);
  o.mem.write64(oss, alt, 0);
  o.mem.write64(oss + 16, size, 0);
  o.sys("sigaltstack", oss, 0);
  install(o, SIGUSR1, SA_RESTORER | SA_ONSTACK);
  setReg(o, RSP, BigInt(alt + 256));
  o.sys("tkill", 2, SIGUSR1);
  assert.equal(o.p.termSignal, SIGSEGV, "alternate stack overflow");

  // SS_AUTODISARM: entering the handler disables the stack, rt_sigreturn re-arms it.
  const d = new Sys();
  const dss = d.alloc(24), dold = d.alloc(24);
  d.mem.write64(dss, alt, 0);
  d.mem.write32(dss + 8, 0x80000000);
  d.mem.write64(dss + 16, size, 0);
  d.sys("sigaltstack", dss, 0);
  install(d, SIGUSR1, SA_RESTORER | SA_ONSTACK);
  setReg(d, RSP, BigInt(STACK));
  d.sys("tkill", 2, SIGUSR1);
  const df = frameOf(d);
  assert.equal(df.fp, alt + size - 512);
  assert.equal(d.u32(df.uc + 24), 0x80000000, "uc_stack keeps the flags as set");
  d.sys("sigaltstack", 0, dold);
  assert.deepEqual([d.u32(dold + 8), Number(d.u64(dold + 16))], [2, 0]);
  setReg(d, RSP, BigInt(df.frame + 8));
  d.sys("rt_sigreturn");
  d.sys("sigaltstack", 0, dold);
  assert.deepEqual([d.u32(dold + 8), Number(d.u64(dold + 16))], [0x80000000, size]);
});

Deno.test("signal delivery: SIGCHLD tells the parent the child's pid, uid, status and CPU time", () => {
  const s = new Sys();
  const SIGCHLD = 17;
  install(s, SIGCHLD, SA_SIGINFO | SA_RESTORER);
  setReg(s, RSP, BigInt(STACK));
  const exited = s.sys("fork");
  const child = s.k.vfs.procs.get(exited)!;
  child.thread.cpu.icount += 25_000_000; // 25 ms of CPU time at 1 ns per instruction
  s.k.account(child.thread);
  s.call(child.thread, "exit_group", 3);
  s.sys("getpid");
  const si = Number(reg(s, 6));
  assert.deepEqual([s.i32(si), s.i32(si + 8), s.i32(si + 16), s.i32(si + 20), s.i32(si + 24)], [
    SIGCHLD,
    1,
    exited,
    0,
    3,
  ], "CLD_EXITED with the exit status");
  assert.deepEqual([s.u64(si + 32), s.u64(si + 40)], [2n, 0n], "utime in clock ticks");

  const killed = s.sys("fork");
  const k = s.k.vfs.procs.get(killed)!;
  s.call(k.thread, "kill", killed, SIGTERM);
  setReg(s, RSP, BigInt(STACK));
  setMask(s, 2, 0n);
  const si2 = Number(reg(s, 6));
  assert.deepEqual([s.i32(si2 + 8), s.i32(si2 + 16), s.i32(si2 + 24)], [2, killed, SIGTERM]);
});

Deno.test("signal delivery: SIGPIPE goes to the thread, kill to the process (/proc SigPnd, ShdPnd)", () => {
  const s = new Sys();
  setMask(s, 0, bit(13) | bit(SIGUSR1));
  const fds = s.alloc(8);
  assert.equal(s.sys("pipe2", fds, 0), 0);
  s.sys("close", s.i32(fds));
  assert.equal(s.write(s.i32(fds + 4), "x"), -E.EPIPE);
  s.sys("kill", 2, SIGUSR1);
  const status = s.read(s.open("/proc/self/status"));
  assert.match(status, /SigPnd:\t0000000000001000\n/);
  assert.match(status, /ShdPnd:\t0000000000000200\n/);
});
