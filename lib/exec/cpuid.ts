/**
 * Identity of the virtual CPU that other layers must agree on.
 * @module
 */

/**
 * CPUID leaf 1 EDX (also AT_HWCAP): FPU, TSC, CX8, CMOV, CLFSH, FXSR, SSE, SSE2.
 * Only what the executor implements is advertised, so libc picks baseline SSE2 paths.
 */
export const CPUID_1_EDX = (1 << 0) | (1 << 4) | (1 << 8) | (1 << 15) | (1 << 19) | (1 << 24) |
  (1 << 25) | (1 << 26);
