/**
 * 64-bit integer arithmetic on (lo, hi) 32-bit halves, for handlers that keep
 * registers split (see cpu.ts). Results return the low half and leave the
 * high half in `cpu.hi`, the same convention as 64-bit operand reads, so no
 * result object is allocated.
 * @module
 */

import type { Cpu } from "./cpu.ts";

/** (a + b) mod 2^64; low half returned, high half in `cpu.hi`. */
export function add64(cpu: Cpu, alo: number, ahi: number, blo: number, bhi: number): number {
  const lo = alo + blo;
  cpu.hi = (ahi + bhi + (lo > 0xffffffff ? 1 : 0)) >>> 0;
  return lo >>> 0;
}

/** (a - b) mod 2^64; low half returned, high half in `cpu.hi`. */
export function sub64(cpu: Cpu, alo: number, ahi: number, blo: number, bhi: number): number {
  const lo = alo - blo;
  cpu.hi = (ahi - bhi - (lo < 0 ? 1 : 0)) >>> 0;
  return lo >>> 0;
}
