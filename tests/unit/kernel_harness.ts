/**
 * Test harness for kernel unit tests: a Kernel with one process whose
 * memory has a scratch region, and a `sys` helper that loads arguments into
 * registers, runs the syscall and returns RAX as a signed number.
 * @module
 */

import { Cpu } from "../../lib/exec/cpu.ts";
import { Memory, PROT_READ, PROT_WRITE } from "../../lib/exec/memory.ts";
import { CapturedIO, type HostIO } from "../../lib/kernel/host.ts";
import { Kernel, type MountSpec, type Process } from "../../lib/kernel/kernel.ts";
import { ENTRIES } from "../../lib/kernel/syscalls/table.ts";
import { type Thread, ThreadState } from "../../lib/kernel/thread.ts";

/** Scratch memory for arguments: 4 MiB, read-write. */
export const SCRATCH = 0x10000000, SCRATCH_SIZE = 4 << 20;
/** Initial program break of test processes. */
export const BRK = 0x20000000;

const NR = new Map(ENTRIES.map((e) => [e.name, e.nr]));
const REGS = [7, 6, 2, 10, 8, 9];

/** Options for `boot`. */
export interface BootOptions {
  stdin?: string;
  host?: HostIO;
  mounts?: MountSpec[];
  cwd?: string;
  seed?: number;
  strace?: boolean;
  argv?: string[];
  env?: string[];
}

/** A booted kernel with one process. */
export class Sys {
  readonly k: Kernel;
  readonly p: Process;
  readonly io: CapturedIO;
  /** The process's first thread, which `sys` calls from. */
  readonly main: Thread;
  private next = SCRATCH;

  constructor(o: BootOptions = {}) {
    this.io = new CapturedIO(new TextEncoder().encode(o.stdin ?? ""));
    this.k = new Kernel({
      host: o.host ?? this.io,
      seed: o.seed ?? 1,
      strace: o.strace ?? false,
      cwd: o.cwd ?? "/",
      mounts: o.mounts ?? [],
    });
    const mem = new Memory();
    mem.map(SCRATCH, SCRATCH_SIZE, PROT_READ | PROT_WRITE, 0x22);
    this.p = this.k.spawn({
      mem,
      cpu: new Cpu(),
      exePath: "/bin/test",
      argv: o.argv ?? ["/bin/test", "arg1"],
      env: o.env ?? ["HOME=/root"],
      brk: BRK,
    });
    this.main = this.p.thread;
    this.k.switchTo(this.main);
  }

  get mem(): Memory {
    return this.p.mem;
  }

  /**
   * Run system call `name` as the process's first thread, with integer
   * arguments (negative numbers are two's complement).
   */
  sys(name: string, ...args: (number | bigint)[]): number {
    const t = this.main;
    // A call that blocks is finished the way the machine does it: the scheduler lets
    // virtual time pass (or reads stdin) and retries it.
    if (this.call(t, name, ...args) === null && !this.resume(t)) {
      throw new Error(`${name} blocks for ever`);
    }
    return this.result(t);
  }

  /**
   * Let the scheduler hand out turns until blocked thread `t` has finished
   * its call; false if it never does. Other threads run no code here: their
   * turns only spend their instructions (so virtual time moves).
   */
  resume(t: Thread): boolean {
    for (let i = 0; i < 1000; i++) {
      const n = this.k.sched.next(this.k);
      if (n === null) return false;
      if (n === t) {
        this.k.sched.endTurn();
        return true;
      }
      n.cpu.icount += this.k.sched.left;
      this.k.account(n);
      this.k.sched.endTurn();
    }
    return false;
  }

  /**
   * Make thread `t` (of any process) enter system call `name`: its result,
   * or null if the call blocked (the thread waits; see `result`).
   */
  call(t: Thread, name: string, ...args: (number | bigint)[]): number | null {
    const nr = NR.get(name);
    if (nr === undefined) throw new Error(`no syscall ${name}`);
    const cpu = t.cpu;
    cpu.r[0] = nr;
    cpu.r[1] = 0;
    // Unused argument registers are zeroed so leftovers of earlier calls never leak in.
    REGS.forEach((r, i) => {
      const v = BigInt.asUintN(64, BigInt(args[i] ?? 0));
      cpu.r[2 * r] = Number(v & 0xffffffffn);
      cpu.r[2 * r + 1] = Number(v >> 32n);
    });
    if (this.k.current !== t) this.k.switchTo(t);
    this.k.syscall(t);
    return t.state === ThreadState.Blocked ? null : this.result(t);
  }

  /** RAX of thread `t` as a signed number (a system call's result). */
  result(t: Thread): number {
    const cpu = t.cpu;
    return Number(BigInt.asIntN(64, (BigInt(cpu.r[1]) << 32n) | BigInt(cpu.r[0])));
  }

  /** Reserve `n` zeroed scratch bytes (8-aligned). */
  alloc(n: number): number {
    const a = this.next;
    this.next += (n + 7) & ~7;
    this.mem.writeBytes(a, new Uint8Array(n));
    return a;
  }

  /** Put a NUL-terminated UTF-8 string in scratch memory. */
  str(s: string): number {
    const b = new TextEncoder().encode(s);
    const a = this.alloc(b.length + 1);
    this.mem.writeBytes(a, b);
    return a;
  }

  /** Put bytes in scratch memory. */
  data(b: Uint8Array | number[]): number {
    const a = this.alloc(b.length);
    this.mem.writeBytes(a, Uint8Array.from(b));
    return a;
  }

  /** `n` bytes of guest memory as text. */
  text(addr: number, n: number): string {
    return new TextDecoder().decode(this.mem.readBytes(addr, n));
  }

  /** A NUL-terminated string from guest memory. */
  cstr(addr: number): string {
    return new TextDecoder().decode(this.mem.readCString(addr));
  }

  u32(addr: number): number {
    return this.mem.read32(addr);
  }

  i32(addr: number): number {
    return this.mem.read32(addr) | 0;
  }

  u16(addr: number): number {
    return this.mem.read16(addr);
  }

  /** A 64-bit little-endian value as a BigInt. */
  u64(addr: number): bigint {
    const lo = this.mem.read64(addr);
    return (BigInt(this.mem.hi) << 32n) | BigInt(lo);
  }

  /** Open `path` with flags/mode; returns the fd (or -errno). */
  open(path: string, flags = 0, mode = 0o644): number {
    return this.sys("openat", -100, this.str(path), flags, mode);
  }

  /** Write a string to fd. */
  write(fd: number, s: string): number {
    const b = new TextEncoder().encode(s);
    return this.sys("write", fd, this.data(b), b.length);
  }

  /** Read up to n bytes from fd as text (throws on error). */
  read(fd: number, n = 4096): string {
    const buf = this.alloc(n);
    const r = this.sys("read", fd, buf, n);
    if (r < 0) throw new Error(`read failed: ${r}`);
    return this.text(buf, r);
  }

  /** stat(path) -> [mode, size, nlink, ino, uid] (or -errno). */
  stat(
    path: string,
    name = "stat",
  ): {
    mode: number;
    size: number;
    nlink: number;
    ino: number;
    dev: number;
    rdev: number;
    blocks: number;
  } | number {
    const buf = this.alloc(144);
    const r = this.sys(name, this.str(path), buf);
    if (r < 0) return r;
    return {
      dev: Number(this.u64(buf)),
      ino: Number(this.u64(buf + 8)),
      nlink: Number(this.u64(buf + 16)),
      mode: this.u32(buf + 24),
      rdev: Number(this.u64(buf + 40)),
      size: Number(this.u64(buf + 48)),
      blocks: Number(this.u64(buf + 64)),
    };
  }
}
