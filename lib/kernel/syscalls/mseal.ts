/**
 * mseal (Linux 6.10+): seal mappings so they can no longer be unmapped,
 * moved, re-protected or (anonymous read-only ones) discarded. The seal
 * is the VMA's `sealed` flag; mm.ts asks `checkSealed` before changing a
 * range. Sealing is for good: it survives fork and ends only with the
 * address space (execve, exit).
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { type Memory, PAGE_SIZE, pageUp, PROT_WRITE } from "../../exec/memory.ts";
import { MAP_ANONYMOUS, MAP_SHARED, mergeVmas } from "../vma.ts";
import { arg } from "./uaccess.ts";
import { EINVAL, ENOMEM, EPERM, fail } from "../errno.ts";

/** EPERM if a sealed mapping meets [start, end) (munmap, mprotect, mremap, MAP_FIXED). */
export function checkSealed(mem: Memory, start: number, end: number): void {
  for (const v of mem.vmas) if (v.sealed && v.start < end && v.end > start) fail(EPERM);
}

/**
 * EPERM if advice that throws pages away would hit a sealed mapping whose
 * contents the owner could not rewrite anyway: private (anonymous or
 * file-backed) and not writable (Linux's is_ro_anon).
 */
export function checkSealedDiscard(mem: Memory, start: number, end: number): void {
  for (const v of mem.vmas) {
    if (!v.sealed || v.start >= end || v.end <= start) continue;
    const privateOrAnon = (v.flags & MAP_SHARED) === 0 || (v.flags & MAP_ANONYMOUS) !== 0;
    if (privateOrAnon && (v.prot & PROT_WRITE) === 0) fail(EPERM);
  }
}

/** mseal(addr, len, flags) */
export function sysMseal(_k: Kernel, p: Process): number {
  const start = arg(p.cpu, 0), length = arg(p.cpu, 1);
  if (arg(p.cpu, 2) !== 0) fail(EINVAL);
  if (start % PAGE_SIZE !== 0) fail(EINVAL);
  const len = pageUp(length);
  // A length that rounds up past 2^64 wraps to 0 in Linux: EINVAL, as does an end that wraps.
  if (len >= 2 ** 64 || start + len >= 2 ** 64) fail(EINVAL);
  const end = start + len;
  if (end === start) return 0;
  const mem = p.mem;
  for (let a = start; a < end;) {
    const v = mem.findVma(a) ?? fail(ENOMEM);
    a = v.end;
  }
  const out = [];
  for (const v of mem.vmas) {
    if (v.end <= start || v.start >= end || v.sealed) {
      out.push(v);
      continue;
    }
    if (v.start < start) out.push({ ...v, end: start });
    const s = Math.max(v.start, start), e = Math.min(v.end, end);
    out.push({ ...v, start: s, end: e, offset: v.offset + (s - v.start), sealed: true });
    if (v.end > end) out.push({ ...v, start: end, offset: v.offset + (end - v.start) });
  }
  mem.vmas = out;
  mergeVmas(mem);
  return 0;
}
