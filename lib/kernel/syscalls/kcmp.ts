/**
 * kcmp(pid1, pid2, type, idx1, idx2): do two tasks share a kernel object?
 * 0 if they do; otherwise 1 or 2 says which one's object "is less".
 *
 * Linux orders objects by their addresses scrambled with a per-boot secret
 * (kptr_obfuscate): arbitrary, but fixed while the objects live. We order
 * them by their first holder instead, which is deterministic and survives
 * snapshots: the lowest pid among the live processes holding the object
 * (for KCMP_FILE, the lowest (pid, fd) that refers to the open file). As in
 * Linux, 3 is never returned.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import { type Process, ProcState } from "../process.ts";
import type { OpenFile } from "../fd_table.ts";
import { mayAttach } from "./pidfd.ts";
import { arg, argInt } from "./uaccess.ts";
import { EBADF, EINVAL, ENOENT, EPERM, ESRCH, fail } from "../errno.ts";

const KCMP_FILE = 0,
  KCMP_VM = 1,
  KCMP_FILES = 2,
  KCMP_FS = 3,
  KCMP_SIGHAND = 4,
  KCMP_IO = 5,
  KCMP_SYSVSEM = 6,
  KCMP_EPOLL_TFD = 7;
/** Most fds a process may have (fs.nr_open): keys (pid, fd) fit in one number. */
const FD_SPAN = 2 ** 21;

/** Live processes by ascending pid. */
function holders(k: Kernel): Process[] {
  return [...k.vfs.procs.values()].filter((q) => q.state === ProcState.Alive).sort((a, b) =>
    a.pid - b.pid
  );
}

/** The first holder's key of a per-process object (`of` picks it), or 0 for none (NULL). */
function ownerKey(k: Kernel, obj: unknown, of: (q: Process) => unknown): number {
  if (obj === null) return 0;
  for (const q of holders(k)) if (of(q) === obj) return q.pid;
  return 0;
}

/** The first (pid, fd) referring to open file `f`. */
function fileKey(k: Kernel, f: OpenFile): number {
  for (const q of holders(k)) {
    const fd = q.fds.fds.findIndex((e) => e?.file === f);
    if (fd >= 0) return q.pid * FD_SPAN + fd;
  }
  return 0;
}

/** kcmp_ptr: 0 if the same, else 1 (first less) or 2 (first greater). */
function order(same: boolean, a: number, b: number): number {
  if (same) return 0;
  return a < b ? 1 : 2;
}

/** Does `q` have SEM_UNDO adjustments (Linux allocates its undo list on the first)? */
function hasUndoList(k: Kernel, q: Process): boolean {
  for (const set of k.ipc.sem.byIdx.values()) {
    if (set.undos.some((u) => u.pid === q.pid)) return true;
  }
  return false;
}

/**
 * The open file that epoll instance `efd` of `q` watches as fd `tfd`: the
 * `toff`th such entry (KCMP_EPOLL_TFD).
 */
function epollTarget(q: Process, efd: number, tfd: number, toff: number): OpenFile {
  const ep = q.fds.get(efd)?.file ?? fail(EBADF);
  const set = ep.inode.epoll ?? fail(EINVAL);
  for (const item of set.items) {
    if (item.fd !== tfd) continue;
    if (toff === 0) return item.file;
    toff--;
  }
  return fail(ENOENT);
}

/** kcmp(pid1, pid2, type, idx1, idx2) */
export function sysKcmp(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const t1 = k.threads.get(argInt(cpu, 0)), t2 = k.threads.get(argInt(cpu, 1));
  if (t1 === undefined || t2 === undefined) fail(ESRCH);
  const a = t1.proc, b = t2.proc;
  if (!mayAttach(p, a) || !mayAttach(p, b)) fail(EPERM);
  const type = argInt(cpu, 2), idx1 = arg(cpu, 3), idx2 = arg(cpu, 4);
  const cmp = (x: unknown, y: unknown, of: (q: Process) => unknown) =>
    order(x === y, ownerKey(k, x, of), ownerKey(k, y, of));
  switch (type) {
    case KCMP_FILE: {
      const f1 = a.fds.get(idx1)?.file ?? fail(EBADF);
      const f2 = b.fds.get(idx2)?.file ?? fail(EBADF);
      return order(f1 === f2, fileKey(k, f1), fileKey(k, f2));
    }
    case KCMP_EPOLL_TFD: {
      // struct kcmp_epoll_slot { u32 efd, tfd, toff } is read first (EFAULT).
      const slot = [0, 4, 8].map((o) => p.mem.read32(idx2 + o));
      const f1 = a.fds.get(idx1)?.file ?? fail(EBADF);
      const f2 = epollTarget(b, slot[0], slot[1], slot[2]);
      return order(f1 === f2, fileKey(k, f1), fileKey(k, f2));
    }
    case KCMP_VM:
      return cmp(a.mem, b.mem, (q) => q.mem);
    case KCMP_FILES:
      return cmp(a.fds, b.fds, (q) => q.fds);
    case KCMP_FS:
    case KCMP_IO:
      // Each thread group has its own (CLONE_FS and CLONE_IO between processes are not modelled).
      return order(a === b, a.pid, b.pid);
    case KCMP_SIGHAND:
      return cmp(a.sigactions, b.sigactions, (q) => q.sigactions);
    case KCMP_SYSVSEM: {
      const ua = hasUndoList(k, a) ? a : null, ub = hasUndoList(k, b) ? b : null;
      return order(ua === ub, ua?.pid ?? 0, ub?.pid ?? 0);
    }
  }
  return fail(EINVAL);
}
