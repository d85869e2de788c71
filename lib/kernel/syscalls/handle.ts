/**
 * name_to_handle_at and open_by_handle_at (fs/fhandle.c). A handle is what
 * tmpfs's shmem_encode_fh makes: generation, inode number low and high
 * words (type FILEID_INO32_GEN); other file systems cannot be exported
 * (EOPNOTSUPP) unless only an identifier is asked for (AT_HANDLE_FID).
 * Decoding looks the inode number up in the mount's file system: a node
 * since deleted gives ESTALE.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { FsKind, type Inode } from "../fs/inode.ts";
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW } from "../fs/namei.ts";
import { doOpen } from "./open.ts";
import { nodeAt } from "./stat.ts";
import { fileOf } from "./common.ts";
import { arg, argInt, Struct } from "./uaccess.ts";
import { EINVAL, EOPNOTSUPP, EOVERFLOW, EPERM, ESTALE, fail } from "../errno.ts";

const AT_HANDLE_MNT_ID_UNIQUE = 0x1, AT_HANDLE_CONNECTABLE = 0x2, AT_HANDLE_FID = 0x200;
const AT_SYMLINK_FOLLOW = 0x400, O_NOFOLLOW = 0o400000;
const MAX_HANDLE_SZ = 128, FILEID_INO32_GEN = 1, FILEID_INO64_GEN = 0x81, FILEID_INVALID = 255;

/** Can nodes of this file system be exported (tmpfs and devtmpfs: shmem_export_ops)? */
function exportable(n: Inode): boolean {
  return n.fs.kind === FsKind.Mem && (n.fs.type === "tmpfs" || n.fs.type === "devtmpfs");
}

/** name_to_handle_at(dirfd, pathname, handle, mount_id, flags) */
export function sysNameToHandleAt(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const flags = argInt(cpu, 4);
  const known = AT_SYMLINK_FOLLOW | AT_EMPTY_PATH | AT_HANDLE_FID | AT_HANDLE_MNT_ID_UNIQUE |
    AT_HANDLE_CONNECTABLE;
  if ((flags & ~known) !== 0) fail(EINVAL);
  if ((flags & AT_HANDLE_CONNECTABLE) !== 0 && (flags & (AT_HANDLE_FID | AT_EMPTY_PATH)) !== 0) {
    fail(EINVAL);
  }
  const lookup = ((flags & AT_SYMLINK_FOLLOW) !== 0 ? 0 : AT_SYMLINK_NOFOLLOW) |
    (flags & AT_EMPTY_PATH);
  const n = nodeAt(k, p, argInt(cpu, 0), arg(cpu, 1), lookup);
  const fid = (flags & AT_HANDLE_FID) !== 0;
  // Only an identifier (exportfs_encode_inode_fh: ino, generation) is possible without export operations.
  const tmpfs = exportable(n);
  if (!fid && !tmpfs) fail(EOPNOTSUPP);
  const handle = arg(cpu, 2), mntIdAddr = arg(cpu, 3);
  const capacity = p.mem.read32(handle);
  p.mem.read32(handle + 4);
  if (capacity > MAX_HANDLE_SZ) fail(EINVAL);
  const hi = Math.floor(n.ino / 2 ** 32);
  // shmem_encode_fh: generation (0 here), inode low and high words; else exportfs_encode_ino64_fid.
  const words = tmpfs ? [0, n.ino >>> 0, hi] : [n.ino >>> 0, hi, 0];
  const fits = words.length * 4 <= capacity;
  const mount = k.vfs.mountOf(n);
  if ((flags & AT_HANDLE_MNT_ID_UNIQUE) !== 0) p.mem.write64(mntIdAddr, mount.id, 0);
  else p.mem.write32(mntIdAddr, mount.id);
  const out = new Struct(8 + (fits ? 4 * words.length : 0));
  out.u32(0, 4 * words.length).u32(
    4,
    !fits ? FILEID_INVALID : tmpfs ? FILEID_INO32_GEN : FILEID_INO64_GEN,
  );
  if (fits) words.forEach((w, i) => out.u32(8 + 4 * i, w));
  p.mem.writeBytes(handle, out.bytes);
  return fits ? 0 : fail(EOVERFLOW);
}

/** Where the node with inode number `ino` is under `dir` (same file system): its directory and name. */
function findIno(dir: Inode, ino: number): [Inode, string] | null {
  if (dir.entries === null) return null;
  for (const [name, c] of dir.entries) {
    if (c.fs !== dir.fs) continue;
    if (c.ino === ino) return [dir, name];
    const hit = findIno(c, ino);
    if (hit !== null) return hit;
  }
  return null;
}

/** open_by_handle_at(mount_fd, handle, flags): needs CAP_DAC_READ_SEARCH. */
export function sysOpenByHandleAt(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const mountFd = argInt(cpu, 0), handle = arg(cpu, 1), flags = argInt(cpu, 2);
  const anchor = mountFd === AT_FDCWD ? p.cwd : fileOf(p, mountFd).inode;
  if (!p.cred.capEffective) fail(EPERM);
  const bytes = p.mem.read32(handle), type = p.mem.read32(handle + 4) | 0;
  if (bytes > MAX_HANDLE_SZ || bytes === 0) fail(EINVAL);
  if ((type & 0xffff0000) !== 0) fail(EINVAL);
  const raw = p.mem.readBytes(handle + 8, bytes);
  const mount = k.vfs.mountOf(anchor);
  if (!exportable(mount.root)) fail(ESTALE);
  if (bytes < 12) fail(EINVAL);
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const ino = v.getUint32(4, true) + v.getUint32(8, true) * 2 ** 32;
  const root: [Inode, string] | null = mount.root.ino === ino ? [mount.root, "."] : null;
  const at = v.getUint32(0, true) === 0 ? root ?? findIno(mount.root, ino) : null;
  if (at === null) fail(ESTALE);
  // The node itself is opened: a symbolic link is not followed (ELOOP unless O_PATH).
  return doOpen(k, p, at[0], at[1], (flags & ~0o300) | O_NOFOLLOW, 0);
}
