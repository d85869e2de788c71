/**
 * Fixed address-space layout, as Linux lays out a process with ASLR disabled
 * (`setarch -R`): the VM is deterministic, so there is no randomization.
 * @module
 */

/** One past the highest stack address. */
export const STACK_TOP = 0x7ffffffff000;
/** Stack mapping size (RLIMIT_STACK default, 8 MiB); pages cost nothing until touched. */
export const STACK_SIZE = 8 * 1024 * 1024;
/** mmap allocations without a hint are placed top-down below this address. */
export const MMAP_BASE = 0x7ffff7fff000;
/** Lowest address mmap will hand out without MAP_FIXED (vm.mmap_min_addr is 64 KiB). */
export const MMAP_MIN = 0x10000;
/** Load base of ET_DYN (static-PIE) executables. */
export const PIE_BASE = 0x555555554000;
