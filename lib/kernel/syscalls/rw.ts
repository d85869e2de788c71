/**
 * Data transfer: read/write and their positional and vectored forms, lseek,
 * sendfile, copy_file_range, and the sync family.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import type { OpenFile } from "../fd_table.ts";
import { unblock, WouldBlock } from "../thread.ts";
import { O_APPEND } from "../fd_table.ts";
import { fileRead, fileWrite, MAX_FILE_SIZE, seekable } from "../file_io.ts";
import { FsKind, S_IFCHR, S_IFDIR, S_IFMT } from "../fs/inode.ts";
import { refresh } from "../fs/fsops.ts";
import type { Memory } from "../../exec/memory.ts";
import {
  accessOk,
  arg,
  argInt,
  argLong,
  copyIn,
  copyOut,
  MAX_RW_COUNT,
  readI64,
  readU64,
  writeI64,
} from "./uaccess.ts";
import { fileOf, fileOfRaw } from "./common.ts";
import { EBADF, EFAULT, EINVAL, EISDIR, ENXIO, EOPNOTSUPP, ESPIPE, fail } from "../errno.ts";

/** Most iovecs in one call (UIO_MAXIOV). */
const UIO_MAXIOV = 1024;

/** Copy `data` read from `f` out to `buf`; on a partial copy, un-read the rest of a seekable file. */
function deliver(
  f: OpenFile,
  mem: Memory,
  buf: number,
  data: Uint8Array,
  advanced: boolean,
): number {
  const n = copyOut(mem, buf, data);
  if (n < data.length && advanced && seekable(f.inode)) f.pos -= data.length - n;
  if (n === 0 && data.length > 0) fail(EFAULT);
  return n;
}

function readable(f: OpenFile): void {
  if (!f.readable()) fail(EBADF);
}

function writable(f: OpenFile): void {
  if (!f.writable()) fail(EBADF);
}

/** read(fd, buf, count) */
export function sysRead(k: Kernel, p: Process): number {
  const f = fileOf(p, argInt(p.cpu, 0));
  readable(f);
  const buf = arg(p.cpu, 1), count = arg(p.cpu, 2);
  accessOk(buf, count);
  return deliver(f, p.mem, buf, fileRead(k, f, Math.min(count, MAX_RW_COUNT), null), true);
}

/** write(fd, buf, count) */
export function sysWrite(k: Kernel, p: Process): number {
  const f = fileOf(p, argInt(p.cpu, 0));
  writable(f);
  const buf = arg(p.cpu, 1), count = arg(p.cpu, 2);
  accessOk(buf, count);
  const data = copyIn(p.mem, buf, Math.min(count, MAX_RW_COUNT));
  if (data.length === 0 && count > 0) fail(EFAULT);
  return fileWrite(k, p, f, data, null);
}

/** Validate the offset of a positional transfer and that the file supports one. */
function positional(f: OpenFile): void {
  if (!seekable(f.inode)) fail(ESPIPE);
}

/** pread64(fd, buf, count, offset) */
export function sysPread64(k: Kernel, p: Process): number {
  const pos = argLong(p.cpu, 3);
  if (pos < 0) fail(EINVAL);
  const f = fileOf(p, argInt(p.cpu, 0));
  positional(f);
  readable(f);
  const buf = arg(p.cpu, 1), count = arg(p.cpu, 2);
  accessOk(buf, count);
  return deliver(f, p.mem, buf, fileRead(k, f, Math.min(count, MAX_RW_COUNT), pos), false);
}

/** pwrite64(fd, buf, count, offset) */
export function sysPwrite64(k: Kernel, p: Process): number {
  const pos = argLong(p.cpu, 3);
  if (pos < 0) fail(EINVAL);
  const f = fileOf(p, argInt(p.cpu, 0));
  positional(f);
  writable(f);
  const buf = arg(p.cpu, 1), count = arg(p.cpu, 2);
  accessOk(buf, count);
  const data = copyIn(p.mem, buf, Math.min(count, MAX_RW_COUNT));
  if (data.length === 0 && count > 0) fail(EFAULT);
  return fileWrite(k, p, f, data, pos);
}

/** Read and validate an iovec array: [base, len] pairs, total capped at MAX_RW_COUNT. */
export function readIovecs(mem: Memory, addr: number, cnt: number): [number, number][] {
  if (cnt > UIO_MAXIOV) fail(EINVAL);
  const out: [number, number][] = [];
  let total = 0;
  for (let i = 0; i < cnt; i++) {
    const base = readU64(mem, addr + 16 * i);
    let len = readI64(mem, addr + 16 * i + 8);
    if (len < 0) fail(EINVAL);
    accessOk(base, len);
    len = Math.min(len, MAX_RW_COUNT - total);
    total += len;
    out.push([base, len]);
  }
  return out;
}

/** Total length of an iovec list. */
export function iovTotal(iov: [number, number][]): number {
  let n = 0;
  for (const [, len] of iov) n += len;
  return n;
}

/**
 * Scatter `data` over `iov`, starting `at` bytes into it; returns bytes
 * copied (stops at the first fault).
 */
export function scatter(mem: Memory, iov: [number, number][], data: Uint8Array, at = 0): number {
  let off = 0;
  for (const [base, len] of iov) {
    if (off >= data.length) break;
    if (at >= len) {
      at -= len;
      continue;
    }
    const chunk = data.subarray(off, off + len - at);
    const n = copyOut(mem, base + at, chunk);
    at = 0;
    off += n;
    if (n < chunk.length) break;
  }
  return off;
}

/** Gather `iov` into one buffer (stops at the first fault). */
export function gather(mem: Memory, iov: [number, number][]): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const [base, len] of iov) {
    const c = copyIn(mem, base, len);
    parts.push(c);
    total += c.length;
    if (c.length < len) break;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of parts) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

function vecRead(k: Kernel, p: Process, f: OpenFile, pos: number | null): number {
  readable(f);
  const iov = readIovecs(p.mem, arg(p.cpu, 1), arg(p.cpu, 2));
  if (iov.length === 0) return 0;
  const data = fileRead(k, f, iovTotal(iov), pos);
  const n = scatter(p.mem, iov, data);
  if (n < data.length && pos === null && seekable(f.inode)) f.pos -= data.length - n;
  if (n === 0 && data.length > 0) fail(EFAULT);
  return n;
}

function vecWrite(k: Kernel, p: Process, f: OpenFile, pos: number | null): number {
  writable(f);
  const iov = readIovecs(p.mem, arg(p.cpu, 1), arg(p.cpu, 2));
  if (iov.length === 0) return 0;
  const total = iovTotal(iov);
  const data = gather(p.mem, iov);
  if (data.length === 0 && total > 0) fail(EFAULT);
  return fileWrite(k, p, f, data, pos);
}

/** readv(fd, iov, iovcnt) */
export function sysReadv(k: Kernel, p: Process): number {
  return vecRead(k, p, fileOf(p, argInt(p.cpu, 0)), null);
}

/** writev(fd, iov, iovcnt) */
export function sysWritev(k: Kernel, p: Process): number {
  return vecWrite(k, p, fileOf(p, argInt(p.cpu, 0)), null);
}

/** preadv(fd, iov, iovcnt, offset) */
export function sysPreadv(k: Kernel, p: Process): number {
  const pos = argLong(p.cpu, 3);
  if (pos < 0) fail(EINVAL);
  const f = fileOf(p, argInt(p.cpu, 0));
  positional(f);
  return vecRead(k, p, f, pos);
}

/** pwritev(fd, iov, iovcnt, offset) */
export function sysPwritev(k: Kernel, p: Process): number {
  const pos = argLong(p.cpu, 3);
  if (pos < 0) fail(EINVAL);
  const f = fileOf(p, argInt(p.cpu, 0));
  positional(f);
  return vecWrite(k, p, f, pos);
}

/** RWF_* flags preadv2/pwritev2 accept (HIPRI DSYNC SYNC NOWAIT APPEND NOAPPEND ATOMIC DONTCACHE NOSIGNAL). */
const RWF_SUPPORTED = 0x1ff, RWF_APPEND = 0x10;

/** preadv2(fd, iov, iovcnt, offset, offset_hi, flags): offset -1 uses the file position. */
export function sysPreadv2(k: Kernel, p: Process): number {
  const pos = argLong(p.cpu, 3);
  if ((arg(p.cpu, 5) & ~RWF_SUPPORTED) !== 0) fail(EOPNOTSUPP);
  const f = fileOf(p, argInt(p.cpu, 0));
  if (pos === -1) return vecRead(k, p, f, null);
  if (pos < 0) fail(EINVAL);
  positional(f);
  return vecRead(k, p, f, pos);
}

/** pwritev2(fd, iov, iovcnt, offset, offset_hi, flags) */
export function sysPwritev2(k: Kernel, p: Process): number {
  const pos = argLong(p.cpu, 3);
  const flags = arg(p.cpu, 5);
  if ((flags & ~RWF_SUPPORTED) !== 0) fail(EOPNOTSUPP);
  const f = fileOf(p, argInt(p.cpu, 0));
  const append = (flags & RWF_APPEND) !== 0;
  if (append) f.flags |= O_APPEND;
  try {
    if (pos === -1) return vecWrite(k, p, f, null);
    if (pos < 0) fail(EINVAL);
    positional(f);
    return vecWrite(k, p, f, pos);
  } finally {
    if (append) f.flags &= ~O_APPEND;
  }
}

/** lseek whence values. */
export const SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2, SEEK_DATA = 3, SEEK_HOLE = 4;

/** Where SEEK_DATA/SEEK_HOLE land in a sparse memory file (page granularity, like tmpfs). */
function seekDataHole(f: OpenFile, off: number, whence: number): number {
  const n = f.inode;
  refresh(n);
  if (off < 0 || off >= n.size) fail(ENXIO);
  if (n.pages === null) return whence === SEEK_DATA ? off : n.size;
  for (let a = off; a < n.size; a = (Math.floor(a / 4096) + 1) * 4096) {
    const present = n.pages.has(Math.floor(a / 4096));
    if (present === (whence === SEEK_DATA)) return a;
  }
  if (whence === SEEK_HOLE) return n.size;
  return fail(ENXIO);
}

/** lseek(fd, offset, whence) */
export function sysLseek(_k: Kernel, p: Process): number {
  const f = fileOf(p, argInt(p.cpu, 0));
  const off = argLong(p.cpu, 1);
  const whence = argInt(p.cpu, 2) >>> 0;
  if (whence > SEEK_HOLE) fail(EINVAL);
  const n = f.inode;
  if (n.eventfd !== null || n.timerfd !== null || n.signalfd !== null) return f.pos; // noop_llseek
  if (!seekable(n)) fail(ESPIPE);
  const type = n.mode & S_IFMT;
  if (type === S_IFCHR) return 0;
  let pos: number;
  if (type === S_IFDIR || n.fs.kind === FsKind.Proc) {
    if (whence === SEEK_SET) pos = off;
    else if (whence === SEEK_CUR) pos = f.pos + off;
    else return fail(EINVAL);
  } else if (whence === SEEK_SET) pos = off;
  else if (whence === SEEK_CUR) pos = f.pos + off;
  else if (whence === SEEK_END) {
    refresh(n);
    pos = n.size + off;
  } else pos = seekDataHole(f, off, whence);
  if (pos < 0 || pos > MAX_FILE_SIZE) fail(EINVAL);
  if (type === S_IFDIR && pos === 0) f.dir = null;
  f.pos = pos;
  return pos;
}

/** Copy up to `count` bytes from `src` to `dst`, in chunks, as sendfile/copy_file_range do. */
function transfer(
  k: Kernel,
  p: Process,
  src: OpenFile,
  dst: OpenFile,
  count: number,
  inPos: number | null,
  outPos: number | null,
): [number, number] {
  let done = 0;
  let ip = inPos;
  let op = outPos;
  while (done < count) {
    const data = fileRead(k, src, Math.min(count - done, 1 << 16), ip);
    if (data.length === 0) break;
    let w = 0;
    let err: unknown = null;
    try {
      w = fileWrite(k, p, dst, data, op);
    } catch (e) {
      err = e;
      // A pipe write that must wait may already have put part of the chunk in the pipe.
      const wait = p.thread.wait;
      if (e === WouldBlock.instance && wait !== null && wait.kind === "io") w = wait.done;
    }
    if (ip !== null) ip += w;
    else if (w < data.length) src.pos -= data.length - w;
    if (op !== null) op += w;
    done += w;
    if (err !== null) {
      // Nothing moved: the error stands (or the call waits, to start afresh). Otherwise the
      // call reports what it moved, and waits no longer.
      if (done === 0) throw err;
      if (err === WouldBlock.instance) unblock(p.thread);
      break;
    }
    if (w < data.length) break;
  }
  return [done, ip ?? 0];
}

/** sendfile(out_fd, in_fd, offset*, count) */
export function sysSendfile(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const src = fileOf(p, argInt(cpu, 1));
  readable(src);
  const offPtr = arg(cpu, 2);
  let pos: number | null = null;
  if (offPtr !== 0) {
    pos = readI64(p.mem, offPtr);
    if (!seekable(src.inode)) fail(ESPIPE);
    if (pos < 0) fail(EINVAL);
  }
  const dst = fileOf(p, argInt(cpu, 0));
  writable(dst);
  if ((dst.flags & O_APPEND) !== 0) fail(EINVAL);
  if (src.inode.isDir()) fail(EINVAL);
  const [n, end] = transfer(k, p, src, dst, Math.min(arg(cpu, 3), MAX_RW_COUNT), pos, null);
  if (offPtr !== 0) writeI64(p.mem, offPtr, end);
  return n;
}

/** copy_file_range(fd_in, off_in*, fd_out, off_out*, len, flags) */
export function sysCopyFileRange(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  if (arg(cpu, 5) !== 0) fail(EINVAL);
  const src = fileOf(p, argInt(cpu, 0));
  const dst = fileOf(p, argInt(cpu, 2));
  readable(src);
  writable(dst);
  if ((dst.flags & O_APPEND) !== 0) fail(EBADF);
  if (src.inode.isDir() || dst.inode.isDir()) fail(EISDIR);
  if (!src.inode.isReg() || !dst.inode.isReg()) fail(EINVAL);
  const inPtr = arg(cpu, 1), outPtr = arg(cpu, 3);
  const ip = inPtr === 0 ? src.pos : readI64(p.mem, inPtr);
  const op = outPtr === 0 ? dst.pos : readI64(p.mem, outPtr);
  if (ip < 0 || op < 0) fail(EINVAL);
  const len = Math.min(arg(cpu, 4), MAX_RW_COUNT);
  if (src.inode === dst.inode && ip < op + len && op < ip + len) fail(EINVAL);
  const [n] = transfer(k, p, src, dst, len, ip, op);
  if (inPtr === 0) src.pos = ip + n;
  else writeI64(p.mem, inPtr, ip + n);
  if (outPtr === 0) dst.pos = op + n;
  else writeI64(p.mem, outPtr, op + n);
  return n;
}

/** fsync(fd) / fdatasync(fd): nothing is buffered; only files and directories have a sync operation. */
export function sysFsync(_k: Kernel, p: Process): number {
  const n = fileOf(p, argInt(p.cpu, 0)).inode;
  if ((!n.isReg() && !n.isDir()) || n.fs.kind === FsKind.Proc) fail(EINVAL);
  return 0;
}

/** sync(): all data is already where it belongs. */
export function sysSync(): number {
  return 0;
}

/** syncfs(fd) */
export function sysSyncfs(_k: Kernel, p: Process): number {
  fileOf(p, argInt(p.cpu, 0));
  return 0;
}

/** sync_file_range(fd, offset, nbytes, flags) */
export function sysSyncFileRange(_k: Kernel, p: Process): number {
  const off = argLong(p.cpu, 1), len = argLong(p.cpu, 2);
  const flags = arg(p.cpu, 3);
  if ((flags & ~7) !== 0 || off < 0 || len < 0) fail(EINVAL);
  const f = fileOfRaw(p, argInt(p.cpu, 0));
  if (f.isPath()) fail(EBADF);
  if (!f.inode.isReg() && !f.inode.isDir() && !f.inode.isLink()) fail(ESPIPE);
  return 0;
}
