/**
 * User and group identity: the get*id and set*id families, getgroups and
 * setgroups, and capget, with Linux's rules for unprivileged changes and
 * its capability fix-ups when root gives up its uids.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Credentials, Process } from "../process.ts";
import { arg, argInt, Struct } from "./uaccess.ts";
import { EINVAL, EPERM, ESRCH, fail } from "../errno.ts";

/** (uid_t)-1: "leave unchanged" in set*id calls. */
const KEEP = 0xffffffff;

function u32(p: Process, i: number): number {
  return argInt(p.cpu, i) >>> 0;
}

/** getuid() */
export function sysGetuid(_k: Kernel, p: Process): number {
  return p.cred.uid;
}

/** geteuid() */
export function sysGeteuid(_k: Kernel, p: Process): number {
  return p.cred.euid;
}

/** getgid() */
export function sysGetgid(_k: Kernel, p: Process): number {
  return p.cred.gid;
}

/** getegid() */
export function sysGetegid(_k: Kernel, p: Process): number {
  return p.cred.egid;
}

/** Linux's cap_emulate_setxuid: capabilities follow the transition to and from uid 0. */
function fixCaps(c: Credentials, oldR: number, oldE: number, oldS: number): void {
  const wasRoot = oldR === 0 || oldE === 0 || oldS === 0;
  const nowRoot = c.uid === 0 || c.euid === 0 || c.suid === 0;
  if (wasRoot && !nowRoot && !c.keepCaps) {
    c.capPermitted = false;
    c.capEffective = false;
  }
  if (oldE === 0 && c.euid !== 0) c.capEffective = false;
  if (oldE !== 0 && c.euid === 0) c.capEffective = c.capPermitted;
}

/** Apply new real/effective/saved uids (KEEP = unchanged) after permission checks. */
function setUids(c: Credentials, r: number, e: number, s: number): void {
  const oldR = c.uid, oldE = c.euid, oldS = c.suid;
  if (r !== KEEP) c.uid = r;
  if (e !== KEEP) c.euid = e;
  if (s !== KEEP) c.suid = s;
  c.fsuid = c.euid;
  fixCaps(c, oldR, oldE, oldS);
}

/** setuid(uid) */
export function sysSetuid(_k: Kernel, p: Process): number {
  const uid = u32(p, 0);
  if (uid === KEEP) fail(EINVAL);
  const c = p.cred;
  if (c.capEffective) setUids(c, uid, uid, uid);
  else if (uid === c.uid || uid === c.suid) setUids(c, KEEP, uid, KEEP);
  else fail(EPERM);
  return 0;
}

/** setreuid(ruid, euid) */
export function sysSetreuid(_k: Kernel, p: Process): number {
  const r = u32(p, 0), e = u32(p, 1);
  const c = p.cred;
  if (!c.capEffective) {
    if (r !== KEEP && r !== c.uid && r !== c.euid) fail(EPERM);
    if (e !== KEEP && e !== c.uid && e !== c.euid && e !== c.suid) fail(EPERM);
  }
  const s = r !== KEEP || (e !== KEEP && e !== c.uid) ? (e !== KEEP ? e : c.euid) : KEEP;
  setUids(c, r, e, s);
  return 0;
}

/** setresuid(ruid, euid, suid) */
export function sysSetresuid(_k: Kernel, p: Process): number {
  const ids = [u32(p, 0), u32(p, 1), u32(p, 2)];
  const c = p.cred;
  if (!c.capEffective) {
    for (const v of ids) if (v !== KEEP && v !== c.uid && v !== c.euid && v !== c.suid) fail(EPERM);
  }
  setUids(c, ids[0], ids[1], ids[2]);
  return 0;
}

/** Apply new real/effective/saved gids (no capability effects). */
function setGids(c: Credentials, r: number, e: number, s: number): void {
  if (r !== KEEP) c.gid = r;
  if (e !== KEEP) c.egid = e;
  if (s !== KEEP) c.sgid = s;
  c.fsgid = c.egid;
}

/** setgid(gid) */
export function sysSetgid(_k: Kernel, p: Process): number {
  const gid = u32(p, 0);
  if (gid === KEEP) fail(EINVAL);
  const c = p.cred;
  if (c.capEffective) setGids(c, gid, gid, gid);
  else if (gid === c.gid || gid === c.sgid) setGids(c, KEEP, gid, KEEP);
  else fail(EPERM);
  return 0;
}

/** setregid(rgid, egid) */
export function sysSetregid(_k: Kernel, p: Process): number {
  const r = u32(p, 0), e = u32(p, 1);
  const c = p.cred;
  if (!c.capEffective) {
    if (r !== KEEP && r !== c.gid && r !== c.egid) fail(EPERM);
    if (e !== KEEP && e !== c.gid && e !== c.egid && e !== c.sgid) fail(EPERM);
  }
  const s = r !== KEEP || (e !== KEEP && e !== c.gid) ? (e !== KEEP ? e : c.egid) : KEEP;
  setGids(c, r, e, s);
  return 0;
}

/** setresgid(rgid, egid, sgid) */
export function sysSetresgid(_k: Kernel, p: Process): number {
  const ids = [u32(p, 0), u32(p, 1), u32(p, 2)];
  const c = p.cred;
  if (!c.capEffective) {
    for (const v of ids) if (v !== KEEP && v !== c.gid && v !== c.egid && v !== c.sgid) fail(EPERM);
  }
  setGids(c, ids[0], ids[1], ids[2]);
  return 0;
}

function writeTriple(p: Process, a: number, b: number, c: number): number {
  p.mem.write32(arg(p.cpu, 0), a);
  p.mem.write32(arg(p.cpu, 1), b);
  p.mem.write32(arg(p.cpu, 2), c);
  return 0;
}

/** getresuid(ruid*, euid*, suid*) */
export function sysGetresuid(_k: Kernel, p: Process): number {
  return writeTriple(p, p.cred.uid, p.cred.euid, p.cred.suid);
}

/** getresgid(rgid*, egid*, sgid*) */
export function sysGetresgid(_k: Kernel, p: Process): number {
  return writeTriple(p, p.cred.gid, p.cred.egid, p.cred.sgid);
}

/**
 * setfsuid(uid): always returns the previous fsuid. Leaving fsuid 0 drops
 * the (all-or-nothing) effective capabilities; returning to 0 restores them.
 */
export function sysSetfsuid(_k: Kernel, p: Process): number {
  const c = p.cred;
  const old = c.fsuid;
  const uid = u32(p, 0);
  if (
    uid !== KEEP &&
    (uid === c.uid || uid === c.euid || uid === c.suid || uid === c.fsuid || c.capEffective)
  ) {
    c.fsuid = uid;
    if (old === 0 && uid !== 0) c.capEffective = false;
    if (old !== 0 && uid === 0) c.capEffective = c.capPermitted;
  }
  return old;
}

/** setfsgid(gid): always returns the previous fsgid. */
export function sysSetfsgid(_k: Kernel, p: Process): number {
  const c = p.cred;
  const old = c.fsgid;
  const gid = u32(p, 0);
  if (
    gid !== KEEP &&
    (gid === c.gid || gid === c.egid || gid === c.sgid || gid === c.fsgid || c.capEffective)
  ) {
    c.fsgid = gid;
  }
  return old;
}

/** getgroups(size, list): size 0 asks for the count. */
export function sysGetgroups(_k: Kernel, p: Process): number {
  const size = argInt(p.cpu, 0);
  const groups = p.cred.groups;
  if (size < 0) fail(EINVAL);
  if (size === 0) return groups.length;
  if (size < groups.length) fail(EINVAL);
  const s = new Struct(4 * groups.length);
  groups.forEach((g, i) => s.u32(4 * i, g));
  p.mem.writeBytes(arg(p.cpu, 1), s.bytes);
  return groups.length;
}

/** NGROUPS_MAX */
const NGROUPS_MAX = 65536;

/** setgroups(size, list): needs CAP_SETGID. */
export function sysSetgroups(_k: Kernel, p: Process): number {
  const size = argInt(p.cpu, 0) >>> 0;
  if (!p.cred.capEffective) fail(EPERM);
  if (size > NGROUPS_MAX) fail(EINVAL);
  const list = arg(p.cpu, 1);
  const groups: number[] = [];
  for (let i = 0; i < size; i++) groups.push(p.mem.read32(list + 4 * i));
  p.cred.groups = groups.sort((a, b) => a - b);
  return 0;
}

/** _LINUX_CAPABILITY_VERSION_3 (and 2, which uses the same layout). */
const CAP_V3 = 0x20080522, CAP_V2 = 0x20071026, CAP_V1 = 0x19980330;

/** capget(header, data): all capabilities (0..40) or none. */
export function sysCapget(_k: Kernel, p: Process): number {
  const hdr = arg(p.cpu, 0), data = arg(p.cpu, 1);
  const version = p.mem.read32(hdr);
  if (version !== CAP_V1 && version !== CAP_V2 && version !== CAP_V3) {
    p.mem.write32(hdr, CAP_V3);
    if (data === 0) return 0;
    fail(EINVAL);
  }
  const pid = p.mem.read32(hdr + 4) | 0;
  if (pid < 0) fail(EINVAL);
  if (pid !== 0 && pid !== p.pid) fail(ESRCH);
  if (data === 0) return 0;
  const words = version === CAP_V1 ? 1 : 2;
  const s = new Struct(12 * words);
  const full = [0xffffffff, 0x1ff];
  for (let w = 0; w < words; w++) {
    s.u32(12 * w, p.cred.capEffective ? full[w] : 0);
    s.u32(12 * w + 4, p.cred.capPermitted ? full[w] : 0);
  }
  p.mem.writeBytes(data, s.bytes);
  return 0;
}

/** Does the capability set in words lo/hi hold every capability (0..40)? */
function allCaps(lo: number, hi: number): boolean {
  return lo === 0xffffffff && (hi & 0x1ff) === 0x1ff;
}

/**
 * capset(header, data) on the caller (pid 0 or its own pid), with
 * cap_capset's rules: permitted may only shrink, effective must lie within
 * the new permitted set, inheritable within the old permitted set unless
 * the caller holds capabilities. The model is all-or-nothing, so a set
 * holding only some capabilities counts as holding none.
 */
export function sysCapset(_k: Kernel, p: Process): number {
  const hdr = arg(p.cpu, 0), data = arg(p.cpu, 1);
  const version = p.mem.read32(hdr);
  const pid = p.mem.read32(hdr + 4) | 0;
  if (version !== CAP_V1 && version !== CAP_V2 && version !== CAP_V3) {
    p.mem.write32(hdr, CAP_V3);
    fail(EINVAL);
  }
  if (pid !== 0 && pid !== p.pid) fail(EPERM);
  const words = version === CAP_V1 ? 1 : 2;
  const set = [0, 0, 0, 0, 0, 0]; // effective, permitted, inheritable: low and high words
  for (let w = 0; w < words; w++) {
    for (let i = 0; i < 3; i++) set[2 * i + w] = p.mem.read32(data + 12 * w + 4 * i);
  }
  const [eLo, eHi, pLo, pHi, iLo, iHi] = set.map((x, i) => (i & 1) === 1 ? x & 0x1ff : x >>> 0);
  const c = p.cred;
  if (!c.capEffective && !c.capPermitted && (iLo | iHi) !== 0) fail(EPERM);
  if (!c.capPermitted && (pLo | pHi) !== 0) fail(EPERM);
  if ((eLo & ~pLo) !== 0 || (eHi & ~pHi) !== 0) fail(EPERM);
  c.capPermitted = allCaps(pLo, pHi);
  c.capEffective = allCaps(eLo, eHi);
  return 0;
}
