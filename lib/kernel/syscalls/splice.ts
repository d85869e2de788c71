/**
 * Moving data through pipes without a user buffer: splice, tee and
 * vmsplice, with Linux's per-page pipe buffers (a file page or user page
 * becomes one slot). An operation that must wait for the other end of a
 * pipe blocks, unless SPLICE_F_NONBLOCK (or O_NONBLOCK on the pipe) says
 * to fail with EAGAIN.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { O_APPEND, O_NONBLOCK, type OpenFile } from "../fd_table.ts";
import type { Pipe } from "../fs/pipe.ts";
import { waitIo } from "../ready.ts";
import { fileRead, fileWrite, seekable } from "../file_io.ts";
import { readIovecs } from "./rw.ts";
import { arg, argInt, copyIn, copyOut, MAX_RW_COUNT, readI64, writeI64 } from "./uaccess.ts";
import { fileOf } from "./common.ts";
import { EAGAIN, EBADF, EFAULT, EINVAL, EPIPE, ESPIPE, fail } from "../errno.ts";
import { sendThreadSignal, SIGPIPE } from "../signals.ts";
import { PAGE_SIZE } from "../../exec/memory.ts";

/** SPLICE_F_MOVE | NONBLOCK | MORE | GIFT */
const SPLICE_F_ALL = 0xf, SPLICE_F_NONBLOCK = 2;

/** Must a splice on `f` fail rather than wait (SPLICE_F_NONBLOCK, or an O_NONBLOCK pipe)? */
function nonblocking(f: OpenFile, flags: number): boolean {
  return (flags & SPLICE_F_NONBLOCK) !== 0 || (f.flags & O_NONBLOCK) !== 0;
}

/** The pipe behind a file, for splice purposes (FIFOs included, the console excluded). */
function pipeOf(f: OpenFile): Pipe | null {
  return f.inode.hostFd < 0 ? f.inode.pipe : null;
}

/** Writing into a pipe nobody reads: SIGPIPE and EPIPE; into a full one: wait, or EAGAIN. */
function checkOutput(k: Kernel, p: Process, f: OpenFile, flags: number): void {
  const out = f.inode.pipe!;
  if (out.readers === 0) {
    sendThreadSignal(p.thread, SIGPIPE);
    fail(EPIPE);
  }
  if (out.full()) nonblocking(f, flags) ? fail(EAGAIN) : waitIo(k, [f.inode], null);
}

/** Pipe empty: 0 (EOF) without writers, otherwise wait for data, or EAGAIN. */
function emptyResult(k: Kernel, f: OpenFile, flags: number): number {
  if (f.inode.pipe!.writers === 0) return 0;
  return nonblocking(f, flags) ? fail(EAGAIN) : waitIo(k, [f.inode], null);
}

/** splice(fd_in, off_in, fd_out, off_out, len, flags) */
export function sysSplice(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const len = Math.min(arg(cpu, 4), MAX_RW_COUNT);
  if (len === 0) return 0;
  const flags = arg(cpu, 5);
  if ((flags & ~SPLICE_F_ALL) !== 0) fail(EINVAL);
  const src = fileOf(p, argInt(cpu, 0)), dst = fileOf(p, argInt(cpu, 2));
  if (!src.readable() || !dst.writable()) fail(EBADF);
  const offIn = arg(cpu, 1), offOut = arg(cpu, 3);
  const ip = pipeOf(src), op = pipeOf(dst);
  if (ip !== null && op !== null) {
    if (offIn !== 0 || offOut !== 0) fail(ESPIPE);
    if (ip === op) fail(EINVAL);
    if (ip.len === 0) return emptyResult(k, src, flags);
    checkOutput(k, p, dst, flags);
    const n = ip.transfer(op, len, false);
    src.inode.pollGen++;
    dst.inode.pollGen++;
    return n;
  }
  if (ip !== null) {
    if (offIn !== 0) fail(ESPIPE);
    if (offOut !== 0 && !seekable(dst.inode)) fail(ESPIPE);
    if ((dst.flags & O_APPEND) !== 0) fail(EINVAL);
    const pos = offOut !== 0 ? readI64(p.mem, offOut) : null;
    if (pos !== null && pos < 0) fail(EINVAL);
    if (ip.len === 0) return emptyResult(k, src, flags);
    const data = ip.read(len);
    src.inode.pollGen++;
    const n = fileWrite(k, p, dst, data, pos);
    if (pos !== null) writeI64(p.mem, offOut, pos + n);
    return n;
  }
  if (op !== null) {
    if (offOut !== 0) fail(ESPIPE);
    if (offIn !== 0 && !seekable(src.inode)) fail(ESPIPE);
    const pos = offIn !== 0 ? readI64(p.mem, offIn) : src.pos;
    if (pos < 0) fail(EINVAL);
    checkOutput(k, p, dst, flags);
    // One slot per file page touched, the first starting mid-page.
    const room = (op.slots - op.bufs.length) * PAGE_SIZE;
    const data = fileRead(k, src, Math.min(len, room), pos);
    const chunks: Uint8Array[] = [];
    for (let o = 0; o < data.length;) {
      const end = Math.min(data.length, o + PAGE_SIZE - ((pos + o) % PAGE_SIZE));
      chunks.push(data.subarray(o, end));
      o = end;
    }
    const n = op.pushPages(chunks);
    dst.inode.pollGen++;
    if (offIn !== 0) writeI64(p.mem, offIn, pos + n);
    else src.pos = pos + n;
    return n;
  }
  return fail(EINVAL);
}

/** tee(fd_in, fd_out, len, flags): duplicate pipe contents without consuming them. */
export function sysTee(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const len = Math.min(arg(cpu, 2), MAX_RW_COUNT);
  const flags = arg(cpu, 3);
  if ((flags & ~SPLICE_F_ALL) !== 0) fail(EINVAL);
  if (len === 0) return 0;
  const src = fileOf(p, argInt(cpu, 0)), dst = fileOf(p, argInt(cpu, 1));
  if (!src.readable() || !dst.writable()) fail(EBADF);
  const ip = pipeOf(src), op = pipeOf(dst);
  if (ip === null || op === null || ip === op) fail(EINVAL);
  if (ip.len === 0) return emptyResult(k, src, flags);
  checkOutput(k, p, dst, flags);
  const n = ip.transfer(op, len, true);
  dst.inode.pollGen++;
  return n;
}

/** vmsplice(fd, iov, nr_segs, flags): user pages into a pipe's write end, or out of its read end. */
export function sysVmsplice(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const flags = arg(cpu, 3);
  if ((flags & ~SPLICE_F_ALL) !== 0) fail(EINVAL);
  const f = fileOf(p, argInt(cpu, 0));
  const pipe = pipeOf(f);
  if (pipe === null || (!f.writable() && !f.readable())) fail(EBADF);
  const iov = readIovecs(p.mem, arg(cpu, 1), arg(cpu, 2));
  if (f.writable()) {
    const chunks: Uint8Array[] = [];
    for (const [base, n] of iov) {
      for (let o = 0; o < n;) {
        const end = Math.min(n, o + PAGE_SIZE - ((base + o) % PAGE_SIZE));
        const c = copyIn(p.mem, base + o, end - o);
        if (c.length < end - o) fail(EFAULT);
        chunks.push(c);
        o = end;
      }
    }
    if (chunks.length === 0) return 0;
    checkOutput(k, p, f, flags);
    const n = pipe.pushPages(chunks);
    f.inode.pollGen++;
    return n;
  }
  let total = 0;
  for (const [, n] of iov) total += n;
  if (total === 0) return 0;
  if (pipe.len === 0) return emptyResult(k, f, flags);
  const data = pipe.read(total);
  f.inode.pollGen++;
  let done = 0;
  for (const [base, n] of iov) {
    if (done >= data.length) break;
    done += copyOut(p.mem, base, data.subarray(done, done + n));
  }
  return done;
}
