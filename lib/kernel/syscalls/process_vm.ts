/**
 * process_vm_readv and process_vm_writev: copies between the caller's
 * iovecs and another process's, as Linux's mm/process_vm_access.c does
 * them. The copy stops at the first fault on either side; bytes copied
 * before it are the result, EFAULT only if there were none.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import { type Process, ProcState } from "../process.ts";
import { PAGE_SIZE } from "../../exec/memory.ts";
import { GuestFault } from "../../exec/fault.ts";
import { mayAttach } from "./pidfd.ts";
import { gather, readIovecs, scatter } from "./rw.ts";
import { arg, argInt, readI64, readU64 } from "./uaccess.ts";
import { EFAULT, EINVAL, EPERM, ESRCH, fail } from "../errno.ts";

/** Most iovecs per call (UIO_MAXIOV). */
const UIO_MAXIOV = 1024;

/** The remote iovecs (iovec_from_user: no range check, negative lengths EINVAL). */
function remoteIovecs(p: Process, addr: number, cnt: number): [number, number][] {
  if (cnt > UIO_MAXIOV) fail(EINVAL);
  const out: [number, number][] = [];
  for (let i = 0; i < cnt; i++) {
    const base = readU64(p.mem, addr + 16 * i), len = readI64(p.mem, addr + 16 * i + 8);
    if (len < 0) fail(EINVAL);
    out.push([base, len]);
  }
  return out;
}

/**
 * Run `step(addr, n)` over the remote ranges in pieces that stay within a
 * page, `total` bytes at most, until it throws a fault. Returns the bytes
 * done and whether a fault stopped it.
 */
function walk(
  ranges: [number, number][],
  total: number,
  step: (addr: number, n: number, done: number) => void,
): [number, boolean] {
  let done = 0;
  for (const [base, len] of ranges) {
    for (let off = 0; off < len && done < total;) {
      const a = base + off;
      const n = Math.min(PAGE_SIZE - (a % PAGE_SIZE), len - off, total - done);
      try {
        step(a, n, done);
      } catch (e) {
        if (e instanceof GuestFault) return [done, true];
        throw e;
      }
      off += n;
      done += n;
    }
  }
  return [done, false];
}

/** The common part of both calls: `write` copies local to remote. */
function processVm(k: Kernel, p: Process, write: boolean): number {
  const cpu = p.cpu;
  const pid = argInt(cpu, 0);
  if (arg(cpu, 5) !== 0) fail(EINVAL);
  const local = readIovecs(p.mem, arg(cpu, 1), arg(cpu, 2));
  const total = local.reduce((n, [, len]) => n + len, 0);
  if (total === 0) return 0;
  const remote = remoteIovecs(p, arg(cpu, 3), arg(cpu, 4));
  if (remote.every(([, len]) => len === 0)) return 0;
  const q = k.threads.get(pid)?.proc ?? fail(ESRCH);
  if (q.state !== ProcState.Alive) fail(ESRCH); // no address space left
  if (q.mem !== p.mem && !mayAttach(p, q)) fail(EPERM);
  let copied: number, fault: boolean;
  if (write) {
    const data = gather(p.mem, local);
    const [n, remoteFault] = walk(
      remote,
      data.length,
      (a, len, at) => q.mem.writeBytes(a, data.subarray(at, at + len)),
    );
    copied = n;
    fault = remoteFault || data.length < total;
  } else {
    const data = new Uint8Array(total);
    const [n, remoteFault] = walk(
      remote,
      total,
      (a, len, at) => data.set(q.mem.readBytes(a, len), at),
    );
    copied = scatter(p.mem, local, data.subarray(0, n));
    fault = remoteFault || copied < n;
  }
  if (copied === 0 && fault) fail(EFAULT);
  return copied;
}

/** process_vm_readv(pid, local_iov, liovcnt, remote_iov, riovcnt, flags) */
export function sysProcessVmReadv(k: Kernel, p: Process): number {
  return processVm(k, p, false);
}

/** process_vm_writev(pid, local_iov, liovcnt, remote_iov, riovcnt, flags) */
export function sysProcessVmWritev(k: Kernel, p: Process): number {
  return processVm(k, p, true);
}
