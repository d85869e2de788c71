/**
 * The file-system types this kernel registers, in registration order: what
 * /proc/filesystems lists and sysfs(2) indexes. None needs a block device.
 * @module
 */

/** Registered file-system type names. */
export const FILESYSTEM_TYPES: readonly string[] = [
  "tmpfs",
  "devtmpfs",
  "proc",
  "pipefs",
  "devpts",
  "9p",
];

/** /proc/filesystems: one "nodev\tNAME" line per type. */
export function procFilesystems(): string {
  return FILESYSTEM_TYPES.map((t) => `nodev\t${t}\n`).join("");
}
