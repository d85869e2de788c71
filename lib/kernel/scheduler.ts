/**
 * The deterministic scheduler: every thread of every process takes turns on
 * one virtual CPU, round-robin in a fixed order (ascending thread id, the
 * order threads were created), each turn lasting at most QUANTUM retired
 * instructions. A turn ends early when the thread blocks, yields, or ends.
 * Nothing else decides an interleaving, so the same program with the same
 * inputs interleaves identically on every run.
 *
 * A blocked thread is woken when the condition its wait record names holds
 * (checked whenever a turn is handed out), and then retries its system call
 * before running user code; a signal with a handler interrupts the wait
 * instead (lib/kernel/interrupt.ts). When no thread can run: if some wait has a
 * deadline, virtual time jumps to the earliest one (no host time passes);
 * if some thread waits for the host's stdin, the host is read (this is the
 * only place a run may wait for the outside world); otherwise nothing can
 * ever run again. Armed timers are fired when due (lib/kernel/timer_queue.ts)
 * before any turn is handed out or continued, and an idle machine lets time
 * pass to the next one.
 *
 * The optional "chaos" schedule (MachineOptions.schedule.chaos = seed)
 * draws each turn's length from 1..CHAOS_QUANTUM and the next thread among
 * the runnable ones from a generator seeded with the seed: interleavings
 * vary from seed to seed but replay exactly for a given seed.
 * @module
 */

import type { Kernel } from "./kernel.ts";
import { Rng } from "./rng.ts";
import { type Thread, ThreadState, type WaitReason } from "./thread.ts";
import { handledSignal, sigPending } from "./interrupt.ts";
import { fireTimers, nextRealExpiry } from "./timer_queue.ts";

/** Instructions in one turn of the fixed schedule (100 µs of virtual time at 1 ns per instruction). */
export const QUANTUM = 100_000;
/** Longest turn under the chaos schedule: short turns make rare interleavings likely. */
export const CHAOS_QUANTUM = 2_000;

/** Schedule options (MachineOptions.schedule). */
export interface ScheduleOptions {
  /** Seed of a reproducible randomized schedule; absent: the fixed round-robin. */
  chaos?: number;
}

/** Whose turn it is and how much of it is left: plain data, part of the machine state. */
export class Scheduler {
  /** Every live thread, by ascending tid. */
  readonly threads: Thread[] = [];
  /** The thread holding the CPU, or null between turns. */
  current: Thread | null = null;
  /** Instructions left in the current turn. */
  left = 0;
  /** tid of the last thread given a turn (round-robin resumes after it). */
  lastTid = 0;
  /** Generator of the chaos schedule, or null for the fixed one. */
  readonly chaos: Rng | null;
  /**
   * `next` returned null because every thread waits for the host's stdin and
   * the host has nothing yet (not machine state: the answer of the last call).
   */
  waitingOnHost = false;

  constructor(opts: ScheduleOptions = {}) {
    this.chaos = opts.chaos === undefined ? null : new Rng(opts.chaos);
  }

  /** Register a thread, keeping the list in tid order. */
  add(t: Thread): void {
    let i = this.threads.length;
    while (i > 0 && this.threads[i - 1].tid > t.tid) i--;
    this.threads.splice(i, 0, t);
  }

  /** Forget a dead thread. */
  remove(t: Thread): void {
    const i = this.threads.indexOf(t);
    if (i >= 0) this.threads.splice(i, 1);
    if (this.current === t) this.endTurn();
  }

  /** End the current turn (the thread blocked, yielded or ended). */
  endTurn(): void {
    this.current = null;
    this.left = 0;
  }

  /**
   * The thread to run next, with `left` set to its turn, or null if no
   * thread will ever run again. Retries woken threads' system calls, moves
   * virtual time forward and reads the host's stdin as needed.
   */
  next(k: Kernel): Thread | null {
    this.waitingOnHost = false;
    fireTimers(k);
    const cur = this.current;
    if (
      cur !== null && this.left > 0 && cur.state === ThreadState.Runnable && cur.wait === null &&
      !cur.proc.stopped
    ) {
      return cur;
    }
    this.endTurn();
    for (;;) {
      fireTimers(k);
      k.sweep();
      const t = this.choose(k);
      if (t !== null) {
        k.switchTo(t);
        if (t.wait !== null) {
          k.syscall(t); // the retried call completes, or blocks again
          if (t.state !== ThreadState.Runnable) continue;
        }
        this.current = t;
        this.left = this.chaos === null ? QUANTUM : 1 + (this.chaos.next32() % CHAOS_QUANTUM);
        return t;
      }
      if (!this.idle(k)) return null;
    }
  }

  /** Pick a runnable thread (waking those whose wait is over), in schedule order; null if none. */
  private choose(k: Kernel): Thread | null {
    const now = k.elapsedNs();
    const ready: Thread[] = [];
    for (const t of this.threads) {
      if (t.proc.stopped) continue; // until SIGCONT: its waits keep (Linux restarts them)
      if (t.state === ThreadState.Blocked && woken(k, t, now)) t.state = ThreadState.Runnable;
      if (t.state === ThreadState.Runnable) ready.push(t);
    }
    if (ready.length === 0) return null;
    const t = this.chaos !== null
      ? ready[this.chaos.next32() % ready.length]
      : ready.find((x) => x.tid > this.lastTid) ?? ready[0];
    this.lastTid = t.tid;
    return t;
  }

  /**
   * Nothing can run: take the host's stdin if a thread reads it (a program
   * waiting for its user should not race through virtual time meanwhile),
   * or stop (`waitingOnHost`) if the host has nothing yet; else let virtual
   * time pass to the earliest deadline. False if nothing can wake anyone now.
   */
  private idle(k: Kernel): boolean {
    let until = nextRealExpiry(k);
    let stdin = false;
    for (const t of this.threads) {
      if (t.state !== ThreadState.Blocked || t.proc.stopped) continue;
      const d = deadline(t.wait!);
      if (d !== null && d < until) until = d;
      if (t.wait!.kind === "stdin") stdin = true;
    }
    if (stdin) {
      if (!k.stdinAvailable()) {
        this.waitingOnHost = true;
        return false;
      }
      k.fillStdin();
      return true;
    }
    if (until !== Infinity) {
      k.sleep(Math.max(0, until - k.elapsedNs()));
      return true;
    }
    return false;
  }
}

/** When `w` times out by itself (virtual ns), or null. */
function deadline(w: WaitReason): number | null {
  switch (w.kind) {
    case "futex":
    case "futexv":
    case "io":
    case "sigwait":
    case "sem":
    case "mq":
      return w.deadline;
    case "sleep":
      return w.until;
    default:
      return null;
  }
}

/**
 * Has the condition blocked thread `t` waits for come about, or has a
 * signal with a handler interrupted the wait (so its call should be
 * retried, or abandoned)? Like Linux's wait loops (wait_event_interruptible,
 * do_poll, do_wait), a condition that holds wins over a pending signal: the
 * call is retried and completes, and the handler runs on the way out; only
 * if the retry would block again does the signal interrupt it.
 */
function woken(k: Kernel, t: Thread, now: number): boolean {
  const w = t.wait!;
  // rt_sigtimedwait takes the signals it waits for itself, before any handler could run.
  if (w.kind === "sigwait" && sigPending(t, w.lo, w.hi)) return true;
  if (conditionHolds(k, t, w)) return true;
  // vfork's wait is not interruptible (only a fatal signal, which ends the process, ends it).
  if (w.kind !== "vfork" && handledSignal(t, w.kind === "sigwait" ? w : null) !== 0) {
    t.interrupted = true;
    return true;
  }
  const d = deadline(w);
  return d !== null && now >= d;
}

/** Has what wait `w` of thread `t` waits for changed (its deadline aside)? */
function conditionHolds(k: Kernel, t: Thread, w: WaitReason): boolean {
  switch (w.kind) {
    case "futex":
      return w.woken;
    case "futexv":
      return w.woken >= 0;
    case "io":
      return w.inodes.some((n, i) => n.pollGen !== w.gens[i]);
    case "child":
      return t.proc.childEvents !== w.events;
    case "fifo": {
      const pipe = w.inode.pipe!;
      return (w.forWriter ? pipe.writeOpens : pipe.readOpens) !== w.count;
    }
    case "stdin":
      return k.stdinAvailable();
    case "sleep":
      return false;
    case "vfork":
      return k.vfs.procs.get(w.child)?.vforkParent !== t.tid;
    case "signal":
    case "sigwait":
      return false;
    case "sem":
      return w.set.gen !== w.gen;
    case "msg":
      return w.queue.gen !== w.gen;
    case "mq":
      return w.inode.pollGen !== w.gen;
    case "lock":
      return w.inode.lockGen !== w.gen;
  }
}
