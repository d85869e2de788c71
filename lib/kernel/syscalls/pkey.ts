/**
 * Memory protection keys as Linux has them on a CPU without PKU (our
 * virtual CPU's CPUID has none): pkey_alloc never hands out a key, and
 * pkey_mprotect accepts only key -1 (plain mprotect).
 *
 * Linux's quirk is kept: without OSPKE the address space's key map starts
 * empty, so the first valid pkey_alloc takes key 0, fails to program it
 * (EINVAL), and cannot give it back (key 0 is the "execute-only" key of a
 * zeroed context, which mm_pkey_free refuses); every later pkey_alloc in
 * that address space fails with ENOSPC. Checked natively on Linux 6.18.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { mprotect } from "./mm.ts";
import { arg, argInt } from "./uaccess.ts";
import { EINVAL, ENOSPC, fail } from "../errno.ts";

/** PKEY_DISABLE_ACCESS | PKEY_DISABLE_WRITE: the rights x86 keys can withhold. */
const PKEY_ACCESS_MASK = 3;

/** pkey_alloc(flags, init_val) */
export function sysPkeyAlloc(_k: Kernel, p: Process): number {
  const flags = arg(p.cpu, 0), init = arg(p.cpu, 1);
  if (flags !== 0 || init > PKEY_ACCESS_MASK) fail(EINVAL);
  if (p.pkeyZeroTaken) fail(ENOSPC);
  p.pkeyZeroTaken = true;
  return fail(EINVAL);
}

/** pkey_free(pkey): no key is ever allocated. */
export function sysPkeyFree(): number {
  return fail(EINVAL);
}

/** pkey_mprotect(addr, len, prot, pkey): key -1 is mprotect, no other key is allocated. */
export function sysPkeyMprotect(_k: Kernel, p: Process): number {
  const cpu = p.cpu;
  return mprotect(p, arg(cpu, 0), arg(cpu, 1), argInt(cpu, 2) >>> 0, argInt(cpu, 3) === -1);
}
