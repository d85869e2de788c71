/**
 * Threads and processes as plain data: the leader thread, per-thread state
 * seen through the process, and the machine-wide instruction clock.
 */

import assert from "node:assert/strict";
import { Cpu } from "../../lib/exec/cpu.ts";
import { Thread, ThreadState } from "../../lib/kernel/thread.ts";
import { ProcState } from "../../lib/kernel/process.ts";
import { Sys } from "./kernel_harness.ts";

Deno.test("process: a leader thread whose tid is the pid; per-thread state follows the current thread", () => {
  const s = new Sys();
  const p = s.p;
  assert.equal(p.threads.length, 1);
  assert.equal(p.thread.tid, p.pid);
  assert.equal(p.thread.proc, p);
  assert.equal(p.state, ProcState.Alive);
  assert.equal(p.thread.state, ThreadState.Runnable);
  const leader = p.thread;
  const other = new Thread(p.pid + 1, p, new Cpu());
  p.threads.push(other);
  p.sigmaskLo = 0x100;
  p.clearChildTid = 0x1234;
  p.thread = other;
  assert.equal(p.sigmaskLo, 0, "the new thread has its own mask");
  assert.equal(p.clearChildTid, 0);
  assert.equal(p.cpu, other.cpu);
  p.thread = leader;
  assert.equal(p.sigmaskLo, 0x100);
  assert.equal(p.clearChildTid, 0x1234);
  // gettid answers for the thread that makes the call.
  assert.equal(s.sys("gettid"), p.pid);
});

Deno.test("clock: threads share one instruction counter; CPU time is per thread and per process", () => {
  const s = new Sys();
  const p = s.p;
  const a = p.thread;
  a.cpu.icount = 1000;
  s.sys("getpid");
  assert.equal(s.k.retired, 1000);
  const b = new Thread(p.pid + 1, p, new Cpu());
  p.threads.push(b);
  b.cpu.icount = s.k.retired + 500; // b ran 500 instructions after a
  s.k.account(b);
  assert.deepEqual([a.insns, b.insns, p.insns(), s.k.retired], [1000, 500, 1500, 1500]);
  assert.equal(s.k.elapsedNs(), 1500);
});

Deno.test("CPU-time clocks: per thread, per process, and for other threads and processes", () => {
  const s = new Sys();
  const tid = s.sys("clone", 0x10f00, 0, 0, 0, 0); // a thread
  const t = s.k.threads.get(tid)!;
  const child = s.k.vfs.procs.get(s.sys("fork"))!;
  s.main.cpu.icount = s.k.retired + 3000; // the main thread runs 3000 instructions
  const ts = s.alloc(16);
  const read = (id: number) => {
    assert.equal(s.sys("clock_gettime", id, ts), 0, `clock ${id}`);
    return s.u32(ts + 8);
  };
  t.insns = 500;
  assert.equal(read(3), 3000, "CLOCK_THREAD_CPUTIME_ID: the caller's");
  assert.equal(read(2), 3500, "CLOCK_PROCESS_CPUTIME_ID: all threads");
  // pthread_getcpuclockid: ~tid << 3 | CPUCLOCK_PERTHREAD | CPUCLOCK_SCHED.
  const threadClock = (id: number) => (~id << 3) | 6;
  assert.equal(read(threadClock(tid)), 500);
  assert.equal(s.sys("clock_gettime", threadClock(child.pid), ts), -22, "not our thread");
  // clock_getcpuclockid(pid): ~pid << 3 | CPUCLOCK_SCHED.
  child.thread.insns = 70;
  assert.equal(read((~child.pid << 3) | 2), 70);
  assert.equal(s.sys("clock_gettime", (~999 << 3) | 2, ts), -22);
});
