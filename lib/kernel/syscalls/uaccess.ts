/**
 * System call arguments and user-memory access. A bad user pointer makes
 * the memory layer throw `GuestFault`, which the dispatcher turns into
 * -EFAULT; the helpers here add Linux's partial-copy and path rules.
 * @module
 */

import { type Cpu, R10, R8, R9, RDI, RDX, RSI } from "../../exec/cpu.ts";
import { GuestFault } from "../../exec/fault.ts";
import { type Memory, PAGE_SIZE, PROT_READ } from "../../exec/memory.ts";
import { EFAULT, EINVAL, ENAMETOOLONG, fail } from "../errno.ts";

/** One past the highest user address (TASK_SIZE_MAX: the top page is never mapped). */
export const TASK_SIZE = 0x7ffffffff000;
/** Largest count a single read or write transfers (MAX_RW_COUNT). */
export const MAX_RW_COUNT = 0x7ffff000;
/** Longest path including its NUL (PATH_MAX). */
export const PATH_MAX = 4096;

const REGS = [RDI, RSI, RDX, R10, R8, R9];

/** Argument `i` (0..5) as an unsigned 64-bit number (inexact above 2^53, which no valid value reaches). */
export function arg(cpu: Cpu, i: number): number {
  const r = REGS[i];
  return cpu.r[2 * r + 1] * 4294967296 + cpu.r[2 * r];
}

/** Argument `i` as a C int (low 32 bits, signed). */
export function argInt(cpu: Cpu, i: number): number {
  return cpu.r[2 * REGS[i]] | 0;
}

/** Argument `i` as a signed 64-bit number (off_t, long). */
export function argLong(cpu: Cpu, i: number): number {
  const r = REGS[i];
  return (cpu.r[2 * r + 1] | 0) * 4294967296 + cpu.r[2 * r];
}

/** Argument `i` as an exact signed 64-bit bigint (values that must not round, like message types). */
export function argBigInt(cpu: Cpu, i: number): bigint {
  const r = REGS[i];
  return BigInt.asIntN(64, (BigInt(cpu.r[2 * r + 1]) << 32n) | BigInt(cpu.r[2 * r]));
}

/** Fail with EFAULT unless [addr, addr+len) lies in user space (Linux access_ok). */
export function accessOk(addr: number, len: number): void {
  if (addr + len > TASK_SIZE || addr < 0) fail(EFAULT);
}

/** Read a NUL-terminated path (as a binary string). ENAMETOOLONG past PATH_MAX, EFAULT on bad memory. */
export function readPath(mem: Memory, addr: number): string {
  const s = readCStr(mem, addr, PATH_MAX);
  if (s === null) fail(ENAMETOOLONG);
  return s;
}

/** Read a NUL-terminated string of at most `max` bytes including the NUL; null if longer. */
export function readCStr(mem: Memory, addr: number, max: number): string | null {
  if (addr === 0) fail(EFAULT);
  let s = "";
  for (let k = 0; k < max; k++) {
    const b = mem.read8(addr + k);
    if (b === 0) return s;
    s += String.fromCharCode(b);
  }
  return null;
}

/** Copy `bytes` to user memory, stopping at the first bad page; returns the count copied. */
export function copyOut(mem: Memory, addr: number, bytes: Uint8Array): number {
  let done = 0;
  while (done < bytes.length) {
    const a = addr + done;
    const k = Math.min(PAGE_SIZE - (a % PAGE_SIZE), bytes.length - done);
    try {
      mem.writeBytes(a, bytes.subarray(done, done + k));
    } catch (e) {
      if (e instanceof GuestFault) return done;
      throw e;
    }
    done += k;
  }
  return done;
}

/**
 * Up to `n` bytes of user memory, stopping at the first bad page (the
 * result may be shorter). A range inside one page comes back as a view of
 * guest memory, not a copy (writes are the hot path): consumers that keep
 * the bytes must copy them.
 */
export function copyIn(mem: Memory, addr: number, n: number): Uint8Array {
  const off = addr % PAGE_SIZE;
  if (off + n <= PAGE_SIZE && addr >= 0) {
    try {
      return mem.pageFor(addr, PROT_READ).data.subarray(off, off + n);
    } catch (e) {
      if (e instanceof GuestFault) return new Uint8Array(0);
      throw e;
    }
  }
  const chunks: Uint8Array[] = [];
  let done = 0;
  while (done < n) {
    const a = addr + done;
    const k = Math.min(PAGE_SIZE - (a % PAGE_SIZE), n - done);
    try {
      chunks.push(mem.readBytes(a, k));
    } catch (e) {
      if (e instanceof GuestFault) break;
      throw e;
    }
    done += k;
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(done);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Read an unsigned 64-bit value as a number. */
export function readU64(mem: Memory, addr: number): number {
  const lo = mem.read64(addr);
  return mem.hi * 4294967296 + lo;
}

/** Read a signed 64-bit value as a number. */
export function readI64(mem: Memory, addr: number): number {
  const lo = mem.read64(addr);
  return (mem.hi | 0) * 4294967296 + lo;
}

/** Write a 64-bit value given as a (possibly negative) number. */
export function writeI64(mem: Memory, addr: number, v: number): void {
  mem.write64(addr, v >>> 0, Math.floor(v / 4294967296) >>> 0);
}

/** Read a struct timespec; EINVAL unless 0 <= tv_nsec < 1e9 and tv_sec >= 0 (when `check`). */
export function readTimespec(mem: Memory, addr: number, check = true): [number, number] {
  const sec = readI64(mem, addr);
  const nsec = readI64(mem, addr + 8);
  if (check && (sec < 0 || nsec < 0 || nsec >= 1e9)) fail(EINVAL);
  return [sec, nsec];
}

/** Write a struct timespec (or timeval: same layout of two longs). */
export function writeTimespec(mem: Memory, addr: number, sec: number, nsec: number): void {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setBigInt64(0, BigInt(sec), true);
  v.setBigInt64(8, BigInt(nsec), true);
  mem.writeBytes(addr, b);
}

/** A little-endian struct being filled for copy-out. */
export class Struct {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u16(off: number, v: number): this {
    this.view.setUint16(off, v, true);
    return this;
  }
  u32(off: number, v: number): this {
    this.view.setUint32(off, v >>> 0, true);
    return this;
  }
  /** A 64-bit field from a number (negative values in two's complement). */
  u64(off: number, v: number): this {
    this.view.setBigUint64(off, BigInt.asUintN(64, BigInt(v)), true);
    return this;
  }
  /** A NUL-padded string field. */
  str(off: number, s: string, len: number): this {
    for (let i = 0; i < Math.min(s.length, len - 1); i++) this.bytes[off + i] = s.charCodeAt(i);
    return this;
  }
}
