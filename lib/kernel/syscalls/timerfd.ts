/**
 * timerfd_create, timerfd_settime and timerfd_gettime on the virtual
 * clock. Expirations are counted when the timer is read or polled; a
 * blocking read, poll or epoll wait on a pending timer sleeps until it fires.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { O_CLOEXEC, O_NONBLOCK, O_RDWR, OpenFile } from "../fd_table.ts";
import { TimerFd } from "../fs/timerfd.ts";
import { CLOCK_BOOTTIME, CLOCK_MONOTONIC, CLOCK_REALTIME, EPOCH_SEC } from "../time.ts";
import { arg, argInt, readI64, Struct } from "./uaccess.ts";
import { fileOf, installFd } from "./common.ts";
import { EINVAL, EPERM, fail } from "../errno.ts";

const CLOCK_REALTIME_ALARM = 8, CLOCK_BOOTTIME_ALARM = 9;
const TFD_TIMER_ABSTIME = 1, TFD_TIMER_CANCEL_ON_SET = 2;

/** timerfd_create(clockid, flags) */
export function sysTimerfdCreate(k: Kernel, p: Process): number {
  const clock = argInt(p.cpu, 0), flags = argInt(p.cpu, 1);
  const known = clock === CLOCK_REALTIME || clock === CLOCK_MONOTONIC || clock === CLOCK_BOOTTIME ||
    clock === CLOCK_REALTIME_ALARM || clock === CLOCK_BOOTTIME_ALARM;
  if ((flags & ~(O_CLOEXEC | O_NONBLOCK)) !== 0 || !known) fail(EINVAL);
  if (clock >= CLOCK_REALTIME_ALARM && !p.cred.capEffective) fail(EPERM);
  const n = k.vfs.newInode(k.vfs.anonFs, 0o600, p.cred.fsuid, p.cred.fsgid);
  n.timerfd = new TimerFd(clock);
  const f = new OpenFile(n, O_RDWR | (flags & O_NONBLOCK), "anon_inode:[timerfd]");
  return installFd(p, f, (flags & O_CLOEXEC) !== 0);
}

function timerOf(p: Process, fd: number): TimerFd {
  return fileOf(p, fd).inode.timerfd ?? fail(EINVAL);
}

/** Current setting as struct itimerspec: time to the next expiry and the period. */
function itimerspec(t: TimerFd, now: number): Uint8Array {
  const left = t.expiry < 0 ? 0 : t.expiry - now;
  return new Struct(32)
    .u64(0, Math.floor(t.interval / 1e9)).u64(8, t.interval % 1e9)
    .u64(16, Math.floor(left / 1e9)).u64(24, left % 1e9).bytes;
}

/** timerfd_settime(fd, flags, new_value, old_value) */
export function sysTimerfdSettime(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const flags = argInt(cpu, 1), nv = arg(cpu, 2), ov = arg(cpu, 3);
  const f = [0, 8, 16, 24].map((o) => readI64(p.mem, nv + o));
  const [isec, insec, vsec, vnsec] = f;
  const valid = (s: number, ns: number) => s >= 0 && ns >= 0 && ns < 1e9;
  if (
    (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) !== 0 || !valid(isec, insec) ||
    !valid(vsec, vnsec)
  ) {
    fail(EINVAL);
  }
  const t = timerOf(p, argInt(cpu, 0));
  t.update(k.nowNs);
  const old = itimerspec(t, k.nowNs);
  let expiry = -1;
  if (vsec !== 0 || vnsec !== 0) {
    if ((flags & TFD_TIMER_ABSTIME) === 0) expiry = k.nowNs + vsec * 1e9 + vnsec;
    else {
      // Wall-clock deadlines are counted from the epoch the virtual machine boots at, as set.
      const wall = t.clock === CLOCK_REALTIME || t.clock === CLOCK_REALTIME_ALARM;
      expiry = Math.max(
        0,
        wall ? (vsec - EPOCH_SEC) * 1e9 + vnsec - k.clock.wallOffsetNs : vsec * 1e9 + vnsec,
      );
    }
  }
  t.set(expiry, isec * 1e9 + insec);
  // Threads waiting on the timer look at its new deadline.
  fileOf(p, argInt(cpu, 0)).inode.pollGen++;
  if (ov !== 0) p.mem.writeBytes(ov, old);
  return 0;
}

/** timerfd_gettime(fd, curr_value) */
export function sysTimerfdGettime(k: Kernel, p: Process): number {
  const t = timerOf(p, argInt(p.cpu, 0));
  t.update(k.nowNs);
  p.mem.writeBytes(arg(p.cpu, 1), itimerspec(t, k.nowNs));
  return 0;
}
