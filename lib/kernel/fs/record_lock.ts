/**
 * fcntl record locks on an inode's byte ranges, as plain data: POSIX locks
 * (owned by a descriptor table, as Linux owns them by `files_struct`) and
 * OFD locks (owned by an open file description). An owner's locks never
 * overlap and adjacent ones of one type are merged, like Linux's
 * posix_lock_inode leaves them.
 * @module
 */

import type { Inode } from "./inode.ts";

/** The largest file offset: a lock ending here runs to end of file (l_len 0). */
export const OFFSET_MAX = 2 ** 63;

/** One record lock on bytes start..end (inclusive). */
export interface RecordLock {
  /** The descriptor table (POSIX locks) or the open file description (OFD locks) holding it. */
  owner: object;
  /** l_pid as F_GETLK reports it: the setter's process id, or -1 for an OFD lock. */
  pid: number;
  write: boolean;
  start: number;
  /** Last byte locked (inclusive); OFFSET_MAX for "to end of file". */
  end: number;
}

/** The first lock of another owner that a `write` (or read) lock on start..end would conflict with. */
export function lockConflict(
  n: Inode,
  owner: object,
  write: boolean,
  start: number,
  end: number,
): RecordLock | null {
  for (const l of n.locks) {
    if (l.owner === owner || (!write && !l.write)) continue;
    if (l.start <= end && l.end >= start) return l;
  }
  return null;
}

/**
 * Set (or, with `write` null, remove) `owner`'s lock on start..end, without
 * checking conflicts: the owner's old locks there are split or replaced and
 * same-type neighbours merged. The owner's locks keep their place in the
 * list (F_GETLK reports the first conflict, as Linux's list order gives it).
 */
export function applyLock(
  n: Inode,
  owner: object,
  pid: number,
  write: boolean | null,
  start: number,
  end: number,
): void {
  const pieces: RecordLock[] = [];
  let at = -1;
  const rest: RecordLock[] = [];
  for (const l of n.locks) {
    if (l.owner !== owner) {
      rest.push(l);
      continue;
    }
    if (at < 0) at = rest.length;
    if (l.end < start || l.start > end) {
      pieces.push({ ...l });
      continue;
    }
    if (l.start < start) pieces.push({ ...l, end: start - 1 });
    if (l.end > end) pieces.push({ ...l, start: end + 1 });
  }
  if (write !== null) pieces.push({ owner, pid, write, start, end });
  pieces.sort((a, b) => a.start - b.start);
  const merged: RecordLock[] = [];
  for (const l of pieces) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.write === l.write && last.end + 1 >= l.start) {
      if (l.end > last.end) last.end = l.end;
      last.pid = pid;
    } else merged.push(l);
  }
  if (at < 0) at = rest.length;
  n.locks = [...rest.slice(0, at), ...merged, ...rest.slice(at)];
  n.lockGen++;
}

/** Drop every record lock `owner` holds on `n` (a close, an exit), waking waiters if any went. */
export function releaseRecordLocks(n: Inode, owner: object): void {
  if (!n.locks.some((l) => l.owner === owner)) return;
  n.locks = n.locks.filter((l) => l.owner !== owner);
  n.lockGen++;
}
