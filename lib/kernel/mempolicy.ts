/**
 * NUMA memory policies on a machine with one node (node 0), validated the
 * way Linux's mm/mempolicy.c does with nr_node_ids = 1 and MAX_NUMNODES =
 * 1024 (the host's CONFIG_NODES_SHIFT=10). A policy is plain data (the
 * `VmaPolicy` record) kept per thread (set_mempolicy) or per VMA (mbind);
 * with one node every policy places memory on node 0, so it is only
 * stored, to be reported back by get_mempolicy.
 * @module
 */

import type { Memory, VmaPolicy } from "../exec/memory.ts";
import { mergeVmas } from "./vma.ts";
import { EINVAL, fail } from "./errno.ts";

/** MPOL_* modes. */
export const MPOL_DEFAULT = 0,
  MPOL_PREFERRED = 1,
  MPOL_BIND = 2,
  MPOL_INTERLEAVE = 3,
  MPOL_LOCAL = 4,
  MPOL_PREFERRED_MANY = 5,
  MPOL_WEIGHTED_INTERLEAVE = 6,
  MPOL_MAX = 7;
/** Mode flags (the high bits of the mode argument). */
export const MPOL_F_STATIC_NODES = 1 << 15,
  MPOL_F_RELATIVE_NODES = 1 << 14,
  MPOL_F_NUMA_BALANCING = 1 << 13;
const MPOL_MODE_FLAGS = MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES | MPOL_F_NUMA_BALANCING;
/** Nodes a node mask may name (MAX_NUMNODES). */
export const MAX_NUMNODES = 1024;
const PAGE_BITS = 4096 * 8;

/** A node mask read from user memory (get_nodes). */
export interface NodeMask {
  /** Its first 64-bit word, as 32-bit halves (what get_mempolicy can report back). */
  lo: number;
  hi: number;
  /** Node 0 is in it. */
  node0: boolean;
  /** Some node other than 0 is in it. */
  others: boolean;
}

/** Split a mode argument into mode and flags, with sanitize_mpol_flags' checks. */
export function sanitizeMode(arg: number): { mode: number; flags: number } {
  const flags = arg & MPOL_MODE_FLAGS;
  const mode = (arg & ~MPOL_MODE_FLAGS) >>> 0;
  if (mode >= MPOL_MAX) fail(EINVAL);
  if ((flags & MPOL_F_STATIC_NODES) !== 0 && (flags & MPOL_F_RELATIVE_NODES) !== 0) fail(EINVAL);
  if (
    (flags & MPOL_F_NUMA_BALANCING) !== 0 && mode !== MPOL_BIND && mode !== MPOL_PREFERRED_MANY
  ) {
    fail(EINVAL);
  }
  return { mode, flags };
}

/** The 64-bit word at `addr` as halves, masked to its low `bits` bits. */
function word(mem: Memory, addr: number, bits: number): [number, number] {
  let lo = mem.read32(addr), hi = mem.read32(addr + 4);
  if (bits < 32) lo = bits === 0 ? 0 : lo & ((1 << bits) - 1) >>> 0;
  if (bits < 64) hi = bits <= 32 ? 0 : hi & ((1 << (bits - 32)) - 1) >>> 0;
  return [lo >>> 0, hi >>> 0];
}

/**
 * Linux's get_nodes: the mask of `maxnode - 1` bits at `addr` (none if
 * either is 0). Bits past MAX_NUMNODES must be clear (EINVAL), read a
 * word at a time from the top as Linux does; masks over a page are EINVAL.
 */
export function readNodes(mem: Memory, addr: number, maxnode: number): NodeMask {
  const none = { lo: 0, hi: 0, node0: false, others: false };
  let n = maxnode - 1;
  if (maxnode === 0 || n === 0 || addr === 0) return none;
  if (n > PAGE_BITS) fail(EINVAL);
  while (n > MAX_NUMNODES) {
    const bits = Math.min(n, 64);
    const [lo, hi] = word(mem, addr + Math.floor((n - 1) / 64) * 8, bits);
    n = n - bits >= MAX_NUMNODES ? n - bits : MAX_NUMNODES;
    // MAX_NUMNODES is a multiple of 64: the whole word lies past it.
    if ((lo | hi) !== 0) fail(EINVAL);
  }
  const [lo, hi] = word(mem, addr, Math.min(n, 64));
  let others = (lo & ~1) !== 0 || hi !== 0;
  for (let w = 1; w * 64 < n; w++) {
    const [l, h] = word(mem, addr + w * 8, Math.min(n - w * 64, 64));
    if ((l | h) !== 0) others = true;
  }
  return { lo, hi, node0: (lo & 1) !== 0, others };
}

/**
 * mpol_new and mpol_set_nodemask: the policy `mode` with `flags` over
 * `nodes`, or null for MPOL_DEFAULT. EINVAL when the mask is empty (or
 * set where it must not be) once limited to the nodes that exist, as
 * MPOL_F_RELATIVE_NODES folds any nonempty mask onto node 0.
 */
export function newPolicy(mode: number, flags: number, nodes: NodeMask): VmaPolicy | null {
  const any = nodes.node0 || nodes.others;
  const relStatic = flags & (MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES);
  if (mode === MPOL_DEFAULT) {
    if (any) fail(EINVAL);
    return null;
  }
  if (mode === MPOL_PREFERRED && !any) {
    if (relStatic !== 0) fail(EINVAL);
    mode = MPOL_LOCAL;
  } else if (mode === MPOL_LOCAL) {
    if (any || relStatic !== 0) fail(EINVAL);
  } else if (!any) fail(EINVAL);
  if (mode === MPOL_LOCAL) return { mode, flags, lo: 0, hi: 0, home: -1 };
  const effective = (flags & MPOL_F_RELATIVE_NODES) !== 0 ? any : nodes.node0;
  if (!effective) fail(EINVAL);
  // STATIC/RELATIVE policies report the mask as the user gave it; others the nodes in use.
  return relStatic !== 0
    ? { mode, flags, lo: nodes.lo, hi: nodes.hi, home: -1 }
    : { mode, flags, lo: 1, hi: 0, home: -1 };
}

/**
 * Set the policy of the mapped parts of [start, end) to what `policyOf`
 * makes of each VMA's current one (Linux's mbind_range: VMAs are split at
 * the range's ends and merged again where they end up alike).
 */
export function setVmaPolicy(
  mem: Memory,
  start: number,
  end: number,
  policyOf: (old: VmaPolicy | null) => VmaPolicy | null,
): void {
  const out = [];
  for (const v of mem.vmas) {
    if (v.end <= start || v.start >= end) {
      out.push(v);
      continue;
    }
    if (v.start < start) out.push({ ...v, end: start });
    const s = Math.max(v.start, start), e = Math.min(v.end, end);
    out.push({
      ...v,
      start: s,
      end: e,
      offset: v.offset + (s - v.start),
      policy: policyOf(v.policy),
    });
    if (v.end > end) out.push({ ...v, start: end, offset: v.offset + (end - v.start) });
  }
  mem.vmas = out;
  mergeVmas(mem);
}
