/**
 * The attributes of a node as struct stat (x86-64, 144 bytes) and struct
 * statx (256 bytes), with the sizes, block counts and device numbers the
 * corresponding Linux file systems report.
 * @module
 */

import { devMajor, devMinor, FsKind, type Inode, S_IFDIR, S_IFMT, S_IFREG } from "./inode.ts";
import type { Vfs } from "./vfs.ts";

/** statx mask bits. */
export const STATX_BASIC_STATS = 0x7ff, STATX_BTIME = 0x800, STATX_MNT_ID = 0x1000;
/** STATX_ATTR_MOUNT_ROOT: the node is the root of a mount. */
const STATX_ATTR_MOUNT_ROOT = 0x2000;

/** st_size as Linux shows it: tmpfs directories count 20 bytes per entry (BOGO_DIRENT_SIZE). */
function sizeOf(n: Inode): number {
  const t = n.mode & S_IFMT;
  if (n.fs.kind === FsKind.Mem && t === S_IFDIR) return 20 * (n.entries!.size + 2);
  if (n.fs.kind === FsKind.Proc) return n.size;
  return n.size;
}

/** 512-byte blocks: tmpfs allocates whole pages, only for regular file data. */
function blocksOf(n: Inode): number {
  if (n.fs.kind === FsKind.Host) return n.blocks;
  if ((n.mode & S_IFMT) === S_IFREG && n.pages !== null) return n.pages.size * 8;
  return 0;
}

function blksize(n: Inode): number {
  return n.fs.kind === FsKind.Proc ? 1024 : 4096;
}

/** struct stat for `n`. */
export function encodeStat(n: Inode): Uint8Array {
  const b = new Uint8Array(144);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, BigInt(n.fs.dev), true);
  v.setBigUint64(8, BigInt(n.ino), true);
  v.setBigUint64(16, BigInt(n.nlink), true);
  v.setUint32(24, n.mode, true);
  v.setUint32(28, n.uid, true);
  v.setUint32(32, n.gid, true);
  v.setBigUint64(40, BigInt(n.rdev), true);
  v.setBigInt64(48, BigInt(sizeOf(n)), true);
  v.setBigInt64(56, BigInt(blksize(n)), true);
  v.setBigInt64(64, BigInt(blocksOf(n)), true);
  v.setBigInt64(72, BigInt(n.atimeS), true);
  v.setBigInt64(80, BigInt(n.atimeN), true);
  v.setBigInt64(88, BigInt(n.mtimeS), true);
  v.setBigInt64(96, BigInt(n.mtimeN), true);
  v.setBigInt64(104, BigInt(n.ctimeS), true);
  v.setBigInt64(112, BigInt(n.ctimeN), true);
  return b;
}

function timestamp(v: DataView, off: number, sec: number, nsec: number): void {
  v.setBigInt64(off, BigInt(sec), true);
  v.setUint32(off + 8, nsec, true);
}

/** struct statx for `n` (all basic fields are always filled, as Linux does). */
export function encodeStatx(vfs: Vfs, n: Inode): Uint8Array {
  const b = new Uint8Array(256);
  const v = new DataView(b.buffer);
  const hasBtime = n.fs.kind === FsKind.Mem || n.fs.kind === FsKind.Host;
  const mount = vfs.mountOf(n);
  v.setUint32(0, STATX_BASIC_STATS | STATX_MNT_ID | (hasBtime ? STATX_BTIME : 0), true);
  v.setUint32(4, blksize(n), true);
  v.setBigUint64(8, BigInt(mount.root === n ? STATX_ATTR_MOUNT_ROOT : 0), true);
  v.setUint32(16, n.nlink, true);
  v.setUint32(20, n.uid, true);
  v.setUint32(24, n.gid, true);
  v.setUint16(28, n.mode, true);
  v.setBigUint64(32, BigInt(n.ino), true);
  v.setBigUint64(40, BigInt(sizeOf(n)), true);
  v.setBigUint64(48, BigInt(blocksOf(n)), true);
  v.setBigUint64(56, BigInt(n.fs.kind === FsKind.Proc ? 0x203000 : 0x203070), true);
  timestamp(v, 64, n.atimeS, n.atimeN);
  if (hasBtime) timestamp(v, 80, n.btimeS, n.btimeN);
  timestamp(v, 96, n.ctimeS, n.ctimeN);
  timestamp(v, 112, n.mtimeS, n.mtimeN);
  v.setUint32(128, devMajor(n.rdev), true);
  v.setUint32(132, devMinor(n.rdev), true);
  v.setUint32(136, devMajor(n.fs.dev), true);
  v.setUint32(140, devMinor(n.fs.dev), true);
  v.setBigUint64(144, BigInt(mount.id), true);
  return b;
}
