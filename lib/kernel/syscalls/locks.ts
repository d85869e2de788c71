/**
 * File locks: fcntl record locks (F_GETLK/F_SETLK/F_SETLKW and their OFD
 * forms) and flock. Blocking requests wait as a `lock` wait record and are
 * retried when the inode's locks change.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import type { OpenFile } from "../fd_table.ts";
import type { Inode } from "../fs/inode.ts";
import { applyLock, lockConflict, OFFSET_MAX, type RecordLock } from "../fs/record_lock.ts";
import { refresh } from "../fs/fsops.ts";
import { block, ThreadState } from "../thread.ts";
import { argInt, readI64, writeI64 } from "./uaccess.ts";
import { fileOf } from "./common.ts";
import { EAGAIN, EBADF, EDEADLK, EINVAL, EOVERFLOW, fail } from "../errno.ts";

/** fcntl lock commands. */
const F_GETLK = 5, F_SETLKW = 7, F_OFD_GETLK = 36, F_OFD_SETLKW = 38;
/** l_type values. */
const F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2;
/** Linux's MAX_DEADLK_ITERATIONS: how far deadlock detection follows the chain of waiters. */
const MAX_DEADLK_ITERATIONS = 10;

/** The byte range start..end (inclusive) a struct flock names, as Linux's flock_to_posix_lock computes it. */
function lockRange(f: OpenFile, whence: number, lstart: number, len: number): [number, number] {
  if (whence > 2) fail(EINVAL);
  if (whence === 2) refresh(f.inode);
  const base = whence === 0 ? 0 : whence === 1 ? f.pos : f.inode.size;
  if (lstart > OFFSET_MAX - base) fail(EOVERFLOW);
  let start = base + lstart;
  if (start < 0) fail(EINVAL);
  let end = OFFSET_MAX;
  if (len > 0) {
    if (len - 1 > OFFSET_MAX - start) fail(EOVERFLOW);
    end = start + len - 1;
  } else if (len < 0) {
    end = start - 1;
    start += len;
    if (start < 0) fail(EINVAL);
  }
  return [start, end];
}

/**
 * The lock a POSIX (not OFD) request by `owner` would wait for leads back
 * to `owner` through owners waiting for each other: Linux's
 * posix_locks_deadlock, which follows at most MAX_DEADLK_ITERATIONS links.
 */
function deadlocks(k: Kernel, owner: object, blocker: RecordLock): boolean {
  let lock: RecordLock | null = blocker;
  for (let i = 0; lock !== null; i++) {
    if (i > MAX_DEADLK_ITERATIONS) return false;
    const waiting: object = lock.owner;
    lock = null;
    for (const p of k.vfs.procs.values()) {
      for (const t of p.threads) {
        const w = t.wait;
        if (t.state !== ThreadState.Blocked || w === null || w.kind !== "lock") continue;
        if (w.owner !== waiting) continue;
        lock = lockConflict(w.inode, waiting, w.write, w.start, w.end);
        break;
      }
      if (lock !== null) break;
    }
    if (lock !== null && lock.owner === owner) return true;
  }
  return false;
}

/** Write the conflicting lock `l` into the struct flock at `addr` (F_GETLK's answer). */
function reportLock(p: Process, addr: number, l: RecordLock): void {
  p.mem.write16(addr, l.write ? F_WRLCK : F_RDLCK);
  p.mem.write16(addr + 2, 0);
  writeI64(p.mem, addr + 8, l.start);
  writeI64(p.mem, addr + 16, l.end >= OFFSET_MAX ? 0 : l.end - l.start + 1);
  p.mem.write32(addr + 24, l.pid);
}

/**
 * fcntl's record lock commands on `f` with the struct flock at `addr`.
 * POSIX locks belong to the descriptor table (so every thread shares them and
 * closing any descriptor of the file drops them); OFD locks belong to the
 * open file description. Checks come in Linux's order (fcntl_getlk/fcntl_setlk).
 */
export function recordLock(k: Kernel, p: Process, f: OpenFile, cmd: number, addr: number): number {
  const type = p.mem.read16(addr);
  const whence = p.mem.read16(addr + 2);
  const lstart = readI64(p.mem, addr + 8);
  const len = readI64(p.mem, addr + 16);
  const pid = p.mem.read32(addr + 24) | 0;
  const ofd = cmd >= F_OFD_GETLK;
  const owner: object = ofd ? f : p.fds;
  const n = f.inode;
  if (cmd === F_GETLK || cmd === F_OFD_GETLK) {
    if (type !== F_RDLCK && type !== F_WRLCK) fail(EINVAL);
    if (ofd && pid !== 0) fail(EINVAL);
    const [start, end] = lockRange(f, whence, lstart, len);
    const c = lockConflict(n, owner, type === F_WRLCK, start, end);
    if (c === null) p.mem.write16(addr, F_UNLCK);
    else reportLock(p, addr, c);
    return 0;
  }
  const [start, end] = lockRange(f, whence, lstart, len);
  if (type > F_UNLCK) fail(EINVAL);
  if (type === F_RDLCK && !f.readable()) fail(EBADF);
  if (type === F_WRLCK && !f.writable()) fail(EBADF);
  if (ofd && pid !== 0) fail(EINVAL);
  if (type === F_UNLCK) {
    applyLock(n, owner, p.pid, null, start, end);
    return 0;
  }
  const write = type === F_WRLCK;
  const c = lockConflict(n, owner, write, start, end);
  if (c !== null) {
    if (cmd !== F_SETLKW && cmd !== F_OFD_SETLKW) fail(EAGAIN);
    if (!ofd && deadlocks(k, owner, c)) fail(EDEADLK);
    return waitForLock(p, n, ofd ? null : owner, write, start, end);
  }
  applyLock(n, owner, ofd ? -1 : p.pid, write, start, end);
  return 0;
}

/** Block the calling thread until `n`'s locks change. */
function waitForLock(
  p: Process,
  n: Inode,
  owner: object | null,
  write: boolean,
  start: number,
  end: number,
): never {
  return block(p.thread, { kind: "lock", inode: n, gen: n.lockGen, owner, write, start, end });
}

/** flock operations. */
const LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8, LOCK_MAND = 32;

/**
 * flock(fd, operation). Locks belong to open file descriptions, so two
 * opens of one file in this process do conflict. Converting a lock drops
 * the old one first, as Linux's flock_lock_inode does, so a conversion that
 * fails with EWOULDBLOCK (or waits) has given up the lock it held. Without
 * LOCK_NB a conflicting request waits until the holders let go.
 */
export function sysFlock(_k: Kernel, p: Process): number {
  const f = fileOf(p, argInt(p.cpu, 0));
  const op = argInt(p.cpu, 1);
  if ((op & LOCK_MAND) !== 0) return 0;
  const kind = op & ~LOCK_NB;
  if (kind !== LOCK_SH && kind !== LOCK_EX && kind !== LOCK_UN) fail(EINVAL);
  const n = f.inode;
  const exclusive = kind === LOCK_EX;
  const own = n.flocks.find((l) => l.holder === f);
  if (own !== undefined) {
    if (kind !== LOCK_UN && own.exclusive === exclusive) return 0;
    n.flocks = n.flocks.filter((l) => l !== own);
    n.lockGen++;
  }
  if (kind === LOCK_UN) return 0;
  if (n.flocks.some((l) => l.exclusive || exclusive)) {
    if ((op & LOCK_NB) !== 0) fail(EAGAIN);
    return waitForLock(p, n, null, exclusive, 0, 0);
  }
  n.flocks = [...n.flocks, { holder: f, exclusive }];
  return 0;
}
