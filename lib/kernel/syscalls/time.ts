/**
 * Clocks and sleeping on the virtual clock: clock_gettime/getres,
 * gettimeofday, time, nanosleep, clock_nanosleep, times. Sleeping advances
 * virtual time without consuming host time.
 * @module
 */

import { nanosAt } from "../../exec/virtual_clock.ts";
import type { Kernel } from "../kernel.ts";
import { type Process, ProcState } from "../process.ts";
import {
  CLOCK_BOOTTIME,
  CLOCK_MONOTONIC,
  CLOCK_PROCESS_CPUTIME_ID,
  CLOCK_REALTIME,
  CLOCK_TAI,
  CLOCK_THREAD_CPUTIME_ID,
  clockResolution,
  readClock,
  type Timespec,
  timesTicks,
  USER_HZ,
} from "../time.ts";
import { arg, argInt, readTimespec, Struct, writeTimespec } from "./uaccess.ts";
import { block, type Thread } from "../thread.ts";
import { EINVAL, EOPNOTSUPP, fail } from "../errno.ts";

/** A decoded clock: the equivalent fixed clock id and, for CPU-time clocks, whose time it is. */
interface Clock {
  id: number;
  /** Instructions retired by the thread or process the clock measures. */
  insns: number;
}

/** Whose CPU time a CPU-time clock measures: a thread, or else a whole process. */
export interface CpuClock {
  id: number;
  thread: Thread | null;
  proc: Process;
}

/**
 * Decode a CPU-time clock id: CLOCK_PROCESS/THREAD_CPUTIME_ID (the
 * caller), or one made by clock_getcpuclockid (any live process, pid 0 =
 * the caller's) or pthread_getcpuclockid (a thread of the caller's
 * process, 0 = the caller). Null if `id` is not a valid CPU-time clock.
 */
export function cpuClockOf(k: Kernel, p: Process, id: number): CpuClock | null {
  if (id === CLOCK_PROCESS_CPUTIME_ID) return { id, thread: null, proc: p };
  if (id === CLOCK_THREAD_CPUTIME_ID) return { id, thread: p.thread, proc: p };
  if (id >= 0 || (id & 7) === 7 || (id & 3) === 3) return null;
  const pid = ~(id >> 3);
  if ((id & 4) !== 0) {
    const t = pid === 0 ? p.thread : k.threads.get(pid);
    if (t === undefined || t.proc !== p) return null;
    return { id: CLOCK_THREAD_CPUTIME_ID, thread: t, proc: p };
  }
  const q = pid === 0 ? p : k.vfs.procs.get(pid);
  if (q === undefined || q.state !== ProcState.Alive) return null;
  return { id: CLOCK_PROCESS_CPUTIME_ID, thread: null, proc: q };
}

/** Decode a clock id (a fixed clock, or a CPU-time clock as `cpuClockOf` does); null if invalid. */
function clockId(k: Kernel, p: Process, id: number): Clock | null {
  const cpu = cpuClockOf(k, p, id);
  if (cpu !== null) return { id: cpu.id, insns: cpu.thread?.insns ?? cpu.proc.insns() };
  if (id < 0 || readClock(id, 0, 0) === null) return null;
  return { id, insns: 0 };
}

function now(k: Kernel, c: Clock): Timespec {
  return readClock(c.id, k.elapsedNs(), nanosAt(c.insns), k.clock.wallOffsetNs)!;
}

/** A fixed clock read for the caller. */
function nowOf(k: Kernel, p: Process, id: number): Timespec {
  return now(k, clockId(k, p, id)!);
}

/** clock_gettime(clockid, tp) */
export function sysClockGettime(k: Kernel, p: Process): number {
  const c = clockId(k, p, argInt(p.cpu, 0)) ?? fail(EINVAL);
  const t = now(k, c);
  writeTimespec(p.mem, arg(p.cpu, 1), t.sec, t.nsec);
  return 0;
}

/** clock_getres(clockid, res) */
export function sysClockGetres(k: Kernel, p: Process): number {
  const c = clockId(k, p, argInt(p.cpu, 0)) ?? fail(EINVAL);
  const res = clockResolution(c.id)!;
  const addr = arg(p.cpu, 1);
  if (addr !== 0) writeTimespec(p.mem, addr, 0, res);
  return 0;
}

/** gettimeofday(tv, tz): the timezone is what settimeofday last set (UTC at boot). */
export function sysGettimeofday(k: Kernel, p: Process): number {
  const tv = arg(p.cpu, 0), tz = arg(p.cpu, 1);
  if (tv !== 0) {
    const t = nowOf(k, p, CLOCK_REALTIME);
    writeTimespec(p.mem, tv, t.sec, Math.floor(t.nsec / 1000));
  }
  if (tz !== 0) {
    p.mem.writeBytes(
      tz,
      new Struct(8).u32(0, k.clock.tzMinutesWest).u32(4, k.clock.tzDsttime).bytes,
    );
  }
  return 0;
}

/** time(tloc) */
export function sysTime(k: Kernel, p: Process): number {
  const t = nowOf(k, p, CLOCK_REALTIME);
  const tloc = arg(p.cpu, 0);
  if (tloc !== 0) p.mem.writeBytes(tloc, new Struct(8).u64(0, t.sec).bytes);
  return t.sec;
}

/**
 * Block the current thread until `ns` of virtual time from now, or finish a
 * sleep whose wake-up time has come (the retried call).
 */
function sleepFor(k: Kernel, p: Process, ns: () => number): number {
  const t = p.thread;
  const w = t.wait;
  if (w !== null && w.kind === "sleep") {
    if (k.nowNs >= w.until) return 0;
    block(t, w);
  }
  return block(t, { kind: "sleep", until: k.nowNs + ns() });
}

/** nanosleep(req, rem): the thread sleeps in virtual time; never interrupted, so rem is never written. */
export function sysNanosleep(k: Kernel, p: Process): number {
  return sleepFor(k, p, () => {
    const [sec, nsec] = readTimespec(p.mem, arg(p.cpu, 0));
    return sec * 1e9 + nsec;
  });
}

const TIMER_ABSTIME = 1;

/**
 * clock_nanosleep(clockid, flags, req, rem). Sleeping on the process CPU
 * clock advances virtual time like the other clocks (CPU time itself does
 * not advance while asleep, so Linux would wait for ever on a future target).
 */
export function sysClockNanosleep(k: Kernel, p: Process): number {
  const c = clockId(k, p, argInt(p.cpu, 0));
  if (c === null || c.id === CLOCK_THREAD_CPUTIME_ID) fail(EINVAL);
  const id = c.id;
  const sleepable = id === CLOCK_REALTIME || id === CLOCK_MONOTONIC || id === CLOCK_BOOTTIME ||
    id === CLOCK_TAI || id === CLOCK_PROCESS_CPUTIME_ID;
  if (!sleepable) fail(EOPNOTSUPP);
  return sleepFor(k, p, () => {
    const [sec, nsec] = readTimespec(p.mem, arg(p.cpu, 2));
    if ((argInt(p.cpu, 1) & TIMER_ABSTIME) === 0) return sec * 1e9 + nsec;
    // Subtract seconds and nanoseconds apart: wall-clock times in ns exceed 2^53.
    const t = now(k, c);
    return Math.max(0, (sec - t.sec) * 1e9 + (nsec - t.nsec));
  });
}

/** times(buf): process and reaped children's CPU time in clock ticks; returns ticks since boot. */
export function sysTimes(k: Kernel, p: Process): number {
  const buf = arg(p.cpu, 0);
  if (buf !== 0) {
    const ticks = (insns: number) => Math.floor(nanosAt(insns) / (1e9 / USER_HZ));
    // tms_utime, tms_stime, tms_cutime (reaped children), tms_cstime: all time is user time.
    p.mem.writeBytes(
      buf,
      new Struct(32).u64(0, ticks(p.insns())).u64(16, ticks(p.childInsns)).bytes,
    );
  }
  return timesTicks(k.elapsedNs());
}
