/**
 * The kernel: owns processes, the VFS and the syscall dispatcher.
 * (Skeleton: the kernel owner fills in syscalls under `syscalls/`.)
 * @module
 */

import type { HostIO } from "./host.ts";

/** Options the machine passes to the kernel. */
export interface KernelOptions {
  host: HostIO;
  /** Seed for /dev/urandom, getrandom and AT_RANDOM. */
  seed: number;
  /** Print each syscall (and unimplemented ones once) to the host's stderr. */
  strace: boolean;
  /** Initial working directory inside the guest. */
  cwd: string;
  /** Host directories mounted into the guest. */
  mounts: MountSpec[];
}

/** A host directory visible inside the guest. */
export interface MountSpec {
  host: string;
  guest: string;
  writable: boolean;
}
