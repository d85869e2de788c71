/**
 * Discretionary access control: Linux's generic_permission with the
 * capabilities root holds (CAP_DAC_OVERRIDE, CAP_FOWNER, ...), reduced to
 * "all capabilities or none".
 * @module
 */

import type { Credentials } from "../process.ts";
import { type Inode, S_IFMT, S_IFREG, S_ISGID, S_ISVTX } from "./inode.ts";
import { EACCES, EPERM, fail } from "../errno.ts";

/** Access bits of an access check (same values as R_OK/W_OK/X_OK). */
export const MAY_EXEC = 1, MAY_WRITE = 2, MAY_READ = 4;

/** Is `gid` the caller's file-system group or one of its supplementary groups? */
export function inGroup(cred: Credentials, gid: number): boolean {
  return cred.fsgid === gid || cred.groups.includes(gid);
}

/**
 * May `cred` access `inode` for `mask` (MAY_*)? `useReal` checks with the real
 * ids instead of the fs ids (access(2) without AT_EACCESS).
 */
export function permitted(cred: Credentials, inode: Inode, mask: number, useReal = false): boolean {
  const uid = useReal ? cred.uid : cred.fsuid;
  const mode = inode.mode;
  let bits: number;
  if (uid === inode.uid) bits = mode >> 6;
  else if (
    useReal ? cred.gid === inode.gid || cred.groups.includes(inode.gid) : inGroup(cred, inode.gid)
  ) {
    bits = mode >> 3;
  } else bits = mode;
  if ((mask & ~bits & 7) === 0) return true;
  // access(2) as non-root root-uid still has capabilities; real-id checks follow the real uid.
  const capable = useReal ? cred.uid === 0 && cred.capPermitted : cred.capEffective;
  if (!capable) return false;
  if (inode.isDir()) return true;
  // CAP_DAC_OVERRIDE grants execute only if some execute bit is set.
  return (mask & MAY_EXEC) === 0 || (mode & 0o111) !== 0;
}

/** Fail with EACCES unless `cred` may access `inode` for `mask`. */
export function checkPermission(cred: Credentials, inode: Inode, mask: number): void {
  if (!permitted(cred, inode, mask)) fail(EACCES);
}

/** Does the caller own `inode` or hold CAP_FOWNER (chmod, utimes with explicit times)? */
export function ownerOrCapable(cred: Credentials, inode: Inode): boolean {
  return cred.fsuid === inode.uid || cred.capEffective;
}

/** Fail with EPERM unless the caller owns `inode` or holds CAP_FOWNER. */
export function checkOwner(cred: Credentials, inode: Inode): void {
  if (!ownerOrCapable(cred, inode)) fail(EPERM);
}

/**
 * May the caller remove or rename `victim` out of `dir`? Needs write and search
 * on `dir`; in a sticky directory also ownership of the file or directory.
 */
export function checkDelete(cred: Credentials, dir: Inode, victim: Inode): void {
  checkPermission(cred, dir, MAY_WRITE | MAY_EXEC);
  if (
    (dir.mode & S_ISVTX) !== 0 && cred.fsuid !== victim.uid && cred.fsuid !== dir.uid &&
    !cred.capEffective
  ) fail(EPERM);
}

/** The mode chmod actually stores: setgid is dropped for files of a group the caller is not in. */
export function chmodMode(cred: Credentials, inode: Inode, mode: number): number {
  let m = mode & 0o7777;
  if ((m & S_ISGID) !== 0 && !inGroup(cred, inode.gid) && !cred.capEffective) m &= ~S_ISGID;
  return (inode.mode & S_IFMT) | m;
}

/** Is this a regular file with setuid, or setgid plus group-execute (bits a write or chown clears)? */
export function hasSuidBits(inode: Inode): boolean {
  const m = inode.mode;
  return (m & S_IFMT) === S_IFREG && ((m & 0o4000) !== 0 || (m & 0o2010) === 0o2010);
}
