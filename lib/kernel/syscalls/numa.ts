/**
 * NUMA system calls on one node: set_mempolicy, get_mempolicy, mbind,
 * set_mempolicy_home_node, migrate_pages and move_pages. Policies are
 * validated and stored (lib/kernel/mempolicy.ts) and reported back; all
 * memory is on node 0, so nothing ever moves. Errnos and orders of checks
 * follow mm/mempolicy.c and mm/migrate.c, compared with native Linux 6.18.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import { type Process, ProcState } from "../process.ts";
import { PAGE_SIZE, pageUp, PROT_READ } from "../../exec/memory.ts";
import {
  MPOL_BIND,
  MPOL_DEFAULT,
  MPOL_F_NUMA_BALANCING,
  MPOL_INTERLEAVE,
  MPOL_PREFERRED_MANY,
  MPOL_WEIGHTED_INTERLEAVE,
  newPolicy,
  readNodes,
  sanitizeMode,
  setVmaPolicy,
} from "../mempolicy.ts";
import { mayAttach } from "./pidfd.ts";
import { arg, argInt, copyOut, readU64, TASK_SIZE } from "./uaccess.ts";
import { EFAULT, EINVAL, ENODEV, ENOENT, EOPNOTSUPP, EPERM, ESRCH, fail } from "../errno.ts";

/** get_mempolicy flags. */
const MPOL_F_NODE = 1, MPOL_F_ADDR = 2, MPOL_F_MEMS_ALLOWED = 4;
/** mbind/move_pages flags. */
const MPOL_MF_STRICT = 1, MPOL_MF_MOVE = 2, MPOL_MF_MOVE_ALL = 4;

/** set_mempolicy(mode, nodemask, maxnode): the calling thread's policy. */
export function sysSetMempolicy(_k: Kernel, p: Process): number {
  const { mode, flags } = sanitizeMode(argInt(p.cpu, 0));
  const nodes = readNodes(p.mem, arg(p.cpu, 1), arg(p.cpu, 2));
  p.thread.mempolicy = newPolicy(mode, flags, nodes);
  return 0;
}

/** get_mempolicy(mode, nodemask, maxnode, addr, flags) */
export function sysGetMempolicy(_k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const modeAddr = arg(cpu, 0), maskAddr = arg(cpu, 1), maxnode = arg(cpu, 2);
  const addr = arg(cpu, 3), flags = arg(cpu, 4);
  if (maskAddr !== 0 && maxnode < 1) fail(EINVAL);
  if (flags > 7) fail(EINVAL);
  let value: number, lo: number, hi: number;
  if ((flags & MPOL_F_MEMS_ALLOWED) !== 0) {
    if ((flags & (MPOL_F_NODE | MPOL_F_ADDR)) !== 0) fail(EINVAL);
    [value, lo, hi] = [0, 1, 0];
  } else {
    let pol = p.thread.mempolicy;
    if ((flags & MPOL_F_ADDR) !== 0) pol = (p.mem.findVma(addr) ?? fail(EFAULT)).policy;
    else if (addr !== 0) fail(EINVAL);
    if ((flags & MPOL_F_NODE) !== 0) {
      if ((flags & MPOL_F_ADDR) !== 0) {
        // lookup_node faults the page in: where it lives is the answer.
        p.mem.pageFor(addr - (addr % PAGE_SIZE), PROT_READ);
        value = 0;
      } else if (pol?.mode === MPOL_INTERLEAVE || pol?.mode === MPOL_WEIGHTED_INTERLEAVE) {
        value = 0; // the next node to interleave onto
      } else return fail(EINVAL);
    } else value = pol === null ? MPOL_DEFAULT : pol.mode | pol.flags;
    [lo, hi] = pol === null ? [0, 0] : [pol.lo, pol.hi];
  }
  if (modeAddr !== 0) p.mem.write32(modeAddr, value);
  if (maskAddr !== 0) {
    // copy_nodes_to_user: the mask rounded up to longs, of which only the first is a node's.
    const copy = Math.ceil((maxnode - 1) / 64) * 8;
    if (copy > PAGE_SIZE) fail(EINVAL);
    if (copy > 8 && copyOut(p.mem, maskAddr + 8, new Uint8Array(copy - 8)) < copy - 8) {
      fail(EFAULT);
    }
    if (copy > 0) {
      p.mem.write32(maskAddr, lo);
      p.mem.write32(maskAddr + 4, hi);
    }
  }
  return 0;
}

/**
 * Linux's queue_pages_range check: EFAULT if no VMA meets [start, end),
 * or (unless `holesOk`) if any page of it is unmapped.
 */
function checkMapped(p: Process, start: number, end: number, holesOk: boolean): void {
  let a = start, seen = false;
  for (const v of p.mem.vmas) {
    if (v.end <= start || v.start >= end) continue;
    if (!holesOk && v.start > a) fail(EFAULT);
    seen = true;
    a = v.end;
  }
  if (!seen || (!holesOk && a < end)) fail(EFAULT);
}

/** mbind(addr, len, mode, nodemask, maxnode, flags): the policy of a range of mappings. */
export function sysMbind(_k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const start = arg(cpu, 0), length = arg(cpu, 1);
  const { mode, flags: modeFlags } = sanitizeMode(argInt(cpu, 2));
  if ((modeFlags & MPOL_F_NUMA_BALANCING) !== 0) fail(EINVAL); // set_mempolicy only
  const nodes = readNodes(p.mem, arg(cpu, 3), arg(cpu, 4));
  const flags = argInt(cpu, 5) >>> 0;
  if ((flags & ~(MPOL_MF_STRICT | MPOL_MF_MOVE | MPOL_MF_MOVE_ALL)) !== 0) fail(EINVAL);
  if ((flags & MPOL_MF_MOVE_ALL) !== 0 && !p.cred.capEffective) fail(EPERM);
  if (start % PAGE_SIZE !== 0) fail(EINVAL);
  const end = rangeEnd(start, length);
  if (end === start) return 0;
  const policy = newPolicy(mode, modeFlags, nodes);
  checkMapped(p, start, Math.min(end, TASK_SIZE), policy === null);
  // Every page is on node 0 already: MPOL_MF_STRICT finds none misplaced, MOVE none to move.
  setVmaPolicy(p.mem, start, end, () => policy);
  return 0;
}

/** set_mempolicy_home_node(start, len, home_node, flags) */
export function sysSetMempolicyHomeNode(_k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const start = arg(cpu, 0), length = arg(cpu, 1), home = arg(cpu, 2);
  if (start % PAGE_SIZE !== 0 || arg(cpu, 3) !== 0) fail(EINVAL);
  if (home !== 0) fail(EINVAL); // the only online node
  const end = rangeEnd(start, length);
  if (end === start) return 0;
  // ENOENT unless some VMA in the range has a policy; one other than BIND or
  // PREFERRED_MANY stops the walk (those before it keep their new home).
  let result = -ENOENT;
  for (const v of p.mem.vmas) {
    if (v.end <= start || v.start >= end || v.policy === null) continue;
    const pol = v.policy;
    if (pol.mode !== MPOL_BIND && pol.mode !== MPOL_PREFERRED_MANY) return fail(EOPNOTSUPP);
    setVmaPolicy(
      p.mem,
      Math.max(v.start, start),
      Math.min(v.end, end),
      () => ({ ...pol, home }),
    );
    result = 0;
  }
  return result < 0 ? fail(-result) : 0;
}

/**
 * The process `pid` names (0: the caller) for migrate_pages/move_pages:
 * ESRCH if none, EPERM unless the caller may ptrace it, EINVAL if it has
 * no memory left (a zombie).
 */
function target(k: Kernel, p: Process, pid: number): Process {
  const q = pid === 0 ? p : (k.threads.get(pid)?.proc ?? fail(ESRCH));
  if (q.state === ProcState.Reaped) fail(ESRCH);
  if (!mayAttach(p, q)) fail(EPERM);
  if (q.state !== ProcState.Alive) fail(EINVAL);
  return q;
}

/** migrate_pages(pid, maxnode, old_nodes, new_nodes): nothing to move with one node. */
export function sysMigratePages(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const pid = argInt(cpu, 0), maxnode = arg(cpu, 1);
  readNodes(p.mem, arg(cpu, 2), maxnode);
  const to = readNodes(p.mem, arg(cpu, 3), maxnode);
  target(k, p, pid);
  if (to.others && !p.cred.capEffective) fail(EPERM);
  if (!to.node0) fail(EINVAL);
  return 0;
}

/**
 * move_pages(pid, count, pages, nodes, status, flags): with `nodes`, move
 * each page to its node (node 0 is the only one: ENODEV for others);
 * without, report where each page is. A page's status is 0 (node 0),
 * -ENOENT (not present) or -EFAULT (not mapped).
 */
export function sysMovePages(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const count = arg(cpu, 1), pages = arg(cpu, 2), nodes = arg(cpu, 3), status = arg(cpu, 4);
  const flags = argInt(cpu, 5) >>> 0;
  if ((flags & ~(MPOL_MF_MOVE | MPOL_MF_MOVE_ALL)) !== 0) fail(EINVAL);
  if ((flags & MPOL_MF_MOVE_ALL) !== 0 && !p.cred.capEffective) fail(EPERM);
  const q = target(k, p, argInt(cpu, 0));
  const mem = p.mem;
  const where = (a: number) =>
    q.mem.findVma(a) === undefined
      ? -EFAULT
      : q.mem.pages.has(Math.floor(a / PAGE_SIZE))
      ? 0
      : -ENOENT;
  if (nodes === 0) {
    // do_pages_stat works in chunks of 16: each chunk's addresses are read, then its statuses written.
    for (let i = 0; i < count; i += 16) {
      const n = Math.min(16, count - i);
      const st: number[] = [];
      for (let j = 0; j < n; j++) st.push(where(readU64(mem, pages + (i + j) * 8)));
      st.forEach((s, j) => mem.write32(status + (i + j) * 4, s));
    }
    return 0;
  }
  for (let i = 0; i < count; i++) {
    const a = readU64(mem, pages + i * 8);
    const node = mem.read32(nodes + i * 4) | 0;
    if (node !== 0) fail(ENODEV); // out of range or without memory: only node 0 exists
    mem.write32(status + i * 4, where(a));
  }
  return 0;
}

/**
 * The end of [start, start + PAGE_ALIGN(len)) in 64-bit arithmetic, as
 * Linux computes it: a length that rounds past 2^64 wraps to 0 (an empty
 * range); EINVAL if the end wraps below the start.
 */
function rangeEnd(start: number, length: number): number {
  const len = pageUp(length) >= 2 ** 64 ? 0 : pageUp(length);
  if (start + len >= 2 ** 64) fail(EINVAL);
  return start + len;
}
