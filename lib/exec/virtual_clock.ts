/**
 * The guest's sense of time. Nothing in the VM reads the host clock: time is
 * a pure function of the retired-instruction count, so runs are reproducible.
 *
 * The virtual machine runs at 1 GHz and one instruction per cycle: the TSC
 * (RDTSC/RDTSCP) equals `cpu.icount`, and one instruction takes 1 ns of
 * virtual time. The kernel's clocks derive from the same count.
 * @module
 */

/** TSC frequency in Hz (ticks per virtual second). */
export const TSC_HZ = 1_000_000_000;

/** TSC ticks per retired instruction. */
export const TSC_PER_INSN = 1;

/** Virtual nanoseconds per retired instruction (follows from the two constants above). */
export const NS_PER_INSN = (TSC_PER_INSN * 1_000_000_000) / TSC_HZ;

/** TSC value after `icount` retired instructions. */
export function tscAt(icount: number): number {
  return icount * TSC_PER_INSN;
}

/** Virtual nanoseconds elapsed after `icount` retired instructions. */
export function nanosAt(icount: number): number {
  return icount * NS_PER_INSN;
}
