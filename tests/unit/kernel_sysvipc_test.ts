/**
 * System V IPC driven through the system calls: shared memory segments
 * (ids, keys, permissions, attach rules, fork/exit, destruction after the
 * last detach), semaphore sets (values, counts, blocking semop between
 * processes, timeouts, EIDRM, EINTR, SEM_UNDO) and message queues (types,
 * flags, limits, blocking both ways).
 */

import assert from "node:assert/strict";
import { SCRATCH, Sys } from "./kernel_harness.ts";
import type { Process } from "../../lib/kernel/process.ts";
import type { Thread } from "../../lib/kernel/thread.ts";
import { reg64Num, RSP } from "../../lib/exec/cpu.ts";
import * as E from "../../lib/kernel/errno.ts";

const IPC_PRIVATE = 0, IPC_CREAT = 0o1000, IPC_EXCL = 0o2000, IPC_NOWAIT = 0o4000;
const IPC_RMID = 0, IPC_SET = 1, IPC_STAT = 2, IPC_INFO = 3;
const SHM_RDONLY = 0o10000, SHM_EXEC = 0o100000, SHM_STAT = 13, SHM_INFO = 14, SHM_DEST = 0o1000;
const GETPID = 11, GETVAL = 12, GETALL = 13, GETNCNT = 14, GETZCNT = 15, SETVAL = 16, SETALL = 17;
const SEM_UNDO = 0x1000;
const MSG_NOERROR = 0o10000, MSG_EXCEPT = 0o20000, MSG_COPY = 0o40000;
const THREAD = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000;
const SIGUSR1 = 10, SA_RESTORER = 0x04000000, SA_RESTART = 0x10000000;
const HANDLER = 0x401000, RESTORER = 0x402000;

function fork(s: Sys): Process {
  return s.k.vfs.procs.get(s.sys("fork"))!;
}

/** Make `p` an unprivileged user 1000 (group 1000). */
function unprivileged(p: Process): void {
  p.cred = {
    ...p.cred,
    uid: 1000,
    euid: 1000,
    suid: 1000,
    fsuid: 1000,
    gid: 1000,
    egid: 1000,
    sgid: 1000,
    fsgid: 1000,
    capEffective: false,
    capPermitted: false,
  };
}

/** shmctl(IPC_STAT) fields: mode, size, cpid, lpid, nattch, key. */
function shmStat(s: Sys, id: number) {
  const b = s.alloc(112);
  const r = s.sys("shmctl", id, IPC_STAT, b);
  if (r < 0) return r;
  return {
    key: s.i32(b),
    mode: s.u32(b + 20),
    size: Number(s.u64(b + 48)),
    cpid: s.u32(b + 80),
    lpid: s.u32(b + 84),
    nattch: Number(s.u64(b + 88)),
  };
}

Deno.test("shmget/shmat/shmdt/shmctl: keys, sizes, attach rules, IPC_STAT and destruction after the last detach", () => {
  const s = new Sys();
  const a = s.sys("shmget", IPC_PRIVATE, 5000, 0o600);
  const b = s.sys("shmget", IPC_PRIVATE, 10, 0o600);
  assert.deepEqual([a, b], [0, 1], "ids are handed out cyclically from 0");
  assert.deepEqual(shmStat(s, a), {
    key: 0,
    mode: 0o600,
    size: 5000,
    cpid: s.p.pid,
    lpid: 0,
    nattch: 0,
  });
  assert.equal(s.sys("shmget", IPC_PRIVATE, 0, 0o600), -E.EINVAL);
  assert.equal(s.sys("shmget", IPC_PRIVATE, 10, 0o4000 | 0o600), -E.ENOMEM, "SHM_HUGETLB");
  // Keys.
  const key = 0x1234;
  const k1 = s.sys("shmget", key, 100, IPC_CREAT | 0o640);
  assert.equal(s.sys("shmget", key, 50, 0), k1);
  assert.equal(s.sys("shmget", key, 101, 0), -E.EINVAL);
  assert.equal(s.sys("shmget", key, 1, IPC_CREAT | IPC_EXCL), -E.EEXIST);
  assert.equal(s.sys("shmget", key + 1, 1, 0), -E.ENOENT);
  // Attach: the segment's bytes, zeroed, readable through IPC_STAT's counters.
  const addr = s.sys("shmat", a, 0, 0);
  assert.ok(addr > 0 && addr % 4096 === 0);
  assert.equal(s.mem.read8(addr + 4999), 0);
  s.mem.write32(addr + 4096, 0xdeadbeef);
  assert.equal((shmStat(s, a) as { nattch: number }).nattch, 1);
  const maps = s.open("/proc/self/maps");
  assert.match(s.read(maps, 1 << 16), /rw-s 00000000 .* \/SYSV00000000 \(deleted\)/);
  // A second attachment at a fixed address sees the same bytes.
  const hole = s.sys("mmap", 0, 8192, 0, 0x22, -1, 0);
  s.sys("munmap", hole, 8192);
  assert.equal(s.sys("shmat", a, hole + 1, 0), -E.EINVAL, "misaligned without SHM_RND");
  assert.equal(s.sys("shmat", a, hole + 1, 0o20000), hole, "SHM_RND rounds down");
  assert.equal(s.mem.read32(hole + 4096), 0xdeadbeef);
  assert.equal(s.sys("shmat", a, hole, 0), -E.EINVAL, "the range is taken");
  assert.equal(s.sys("shmdt", hole + 1), -E.EINVAL);
  assert.equal(s.sys("shmdt", hole + 4096), -E.EINVAL, "not the start of an attachment");
  assert.equal(s.sys("shmdt", hole), 0);
  assert.equal(s.sys("shmdt", hole), -E.EINVAL);
  // Read-only attachments fault on stores.
  const ro = s.sys("shmat", a, 0, SHM_RDONLY);
  assert.throws(() => s.mem.write8(ro, 1));
  assert.equal(s.sys("shmdt", ro), 0);
  // Permissions, ownership and the info commands.
  const stat = s.alloc(112);
  s.sys("shmctl", a, IPC_STAT, stat);
  s.mem.write32(stat + 20, 0o604);
  assert.equal(s.sys("shmctl", a, IPC_SET, stat), 0);
  assert.equal((shmStat(s, a) as { mode: number }).mode, 0o604);
  assert.equal(s.sys("shmctl", 0, SHM_STAT, stat), a, "SHM_STAT takes an index, returns the id");
  assert.equal(s.sys("shmctl", 0, SHM_INFO, stat), 2, "highest index in use");
  assert.equal(s.u32(stat), 3, "used_ids");
  assert.equal(s.sys("shmctl", 0, IPC_INFO, stat), 2);
  assert.equal(Number(s.u64(stat + 8)), 1, "shmmin");
  assert.equal(s.sys("shmctl", a, 99, stat), -E.EINVAL);
  assert.equal(s.sys("shmctl", -1, IPC_STAT, stat), -E.EINVAL);
  assert.equal(s.sys("shmctl", a, IPC_STAT, 8), -E.EFAULT);
  unprivileged(s.p);
  assert.equal(s.sys("shmat", a, 0, 0), -E.EACCES, "others may only read");
  const r = s.sys("shmat", a, 0, SHM_RDONLY);
  assert.ok(r > 0);
  assert.equal(s.sys("shmat", a, 0, SHM_RDONLY | SHM_EXEC), -E.EACCES, "no execute permission");
  assert.equal(s.sys("shmctl", a, IPC_RMID, 0), -E.EPERM);
  assert.equal(s.sys("shmget", key, 1, 0o600), -E.EACCES, "0640 for others");
  s.sys("shmdt", r);
  s.p.cred.euid = 0;
  s.p.cred.capEffective = true;
  // Removal while attached: SHM_DEST, key IPC_PRIVATE, destroyed at the last detach.
  assert.equal(s.sys("shmctl", a, IPC_RMID, 0), 0);
  const st = shmStat(s, a) as { mode: number; key: number; nattch: number };
  assert.equal(st.mode & SHM_DEST, SHM_DEST);
  assert.equal(st.nattch, 1);
  assert.equal(s.sys("shmdt", addr), 0);
  assert.equal(shmStat(s, a), -E.EINVAL);
  // /proc/sysvipc/shm lists what is left, in Linux's columns.
  const ctime = String(s.k.vfs.nowS).padStart(10);
  const proc = s.read(s.open("/proc/sysvipc/shm"), 4096).split("\n");
  assert.equal(proc[0].slice(0, 40), "       key      shmid perms             ");
  assert.equal(
    proc[2],
    `      4660          2   640                   100     2     0      0     0     0     0     0` +
      `          0          0 ${ctime}                     0                     0`,
  );
  // Segments get at most 1 GiB of memory in all.
  const huge = s.sys("shmget", IPC_PRIVATE, 2 ** 31, 0o600);
  assert.equal(s.sys("shmat", huge, 0, 0), -E.ENOMEM);
  assert.ok(s.sys("shmat", s.sys("shmget", IPC_PRIVATE, 4096, 0o600), 0, 0) > 0);
  const gib = s.sys("shmget", IPC_PRIVATE, 2 ** 30, 0o600);
  assert.equal(s.sys("shmat", gib, 0, 0), -E.ENOMEM, "1 GiB more than the 4 KiB in use");
});

Deno.test("shm: attachments are shared across fork and detached at exit, munmap and shmdt", () => {
  const s = new Sys();
  const id = s.sys("shmget", IPC_PRIVATE, 3 * 4096, 0o600);
  const addr = s.sys("shmat", id, 0, 0);
  s.mem.write8(addr, 7);
  const c = fork(s);
  assert.equal((shmStat(s, id) as { nattch: number }).nattch, 2, "the child inherits it");
  assert.equal(c.mem.read8(addr), 7);
  c.mem.write8(addr + 8192, 9);
  assert.equal(s.mem.read8(addr + 8192), 9, "the child's store is the parent's");
  s.mem.write8(addr + 1, 5);
  assert.equal(c.mem.read8(addr + 1), 5);
  s.call(c.thread, "exit_group", 0);
  const st = shmStat(s, id) as { nattch: number; lpid: number };
  assert.equal(st.nattch, 1, "exit detaches");
  assert.equal(st.lpid, c.pid);
  // Unmapping part of an attachment keeps it; unmapping all of it detaches.
  assert.equal(s.sys("munmap", addr, 4096), 0);
  assert.equal((shmStat(s, id) as { nattch: number }).nattch, 1);
  assert.equal(s.sys("munmap", addr, 3 * 4096), 0);
  assert.equal((shmStat(s, id) as { nattch: number }).nattch, 0);
  // A new attachment still holds what was written.
  const again = s.sys("shmat", id, 0, 0);
  assert.equal(s.mem.read8(again + 8192), 9);
  s.sys("shmctl", id, IPC_RMID, 0);
  assert.equal(s.sys("shmdt", again), 0);
  assert.equal(s.sys("shmat", id, 0, 0), -E.EINVAL, "destroyed");
});

/** semop(id, [[num, op, flg]...]) */
function semop(s: Sys, t: Thread, id: number, ops: number[][], timeout = 0): number | null {
  const b = s.alloc(6 * ops.length);
  const mem = t.proc.mem; // a forked child reads its own copy of the scratch area
  ops.forEach(([num, op, flg], i) => {
    mem.write16(b + 6 * i, num);
    mem.write16(b + 6 * i + 2, op & 0xffff);
    mem.write16(b + 6 * i + 4, flg);
  });
  return timeout === 0
    ? s.call(t, "semop", id, b, ops.length)
    : s.call(t, "semtimedop", id, b, ops.length, timeout);
}

Deno.test("semget/semop/semctl: values, GETNCNT/GETZCNT, SETVAL/SETALL, ERANGE, IPC_NOWAIT", () => {
  const s = new Sys();
  const t = s.main;
  assert.equal(s.sys("semget", IPC_PRIVATE, 0, 0o600), -E.EINVAL);
  assert.equal(s.sys("semget", IPC_PRIVATE, 32001, 0o600), -E.EINVAL);
  const id = s.sys("semget", IPC_PRIVATE, 3, 0o600);
  assert.equal(s.sys("semget", 77, 2, IPC_CREAT | 0o600) >= 0, true);
  assert.equal(s.sys("semget", 77, 3, 0), -E.EINVAL, "more semaphores than the set has");
  const vals = s.alloc(6);
  s.mem.write16(vals, 1);
  s.mem.write16(vals + 2, 2);
  s.mem.write16(vals + 4, 3);
  assert.equal(s.sys("semctl", id, 0, SETALL, vals), 0);
  assert.equal(s.sys("semctl", id, 2, GETVAL), 3);
  assert.equal(s.sys("semctl", id, 2, GETPID), s.p.pid);
  assert.equal(s.sys("semctl", id, 3, GETVAL), -E.EINVAL);
  assert.equal(s.sys("semctl", id, 0, SETVAL, 32768), -E.ERANGE);
  assert.equal(s.sys("semctl", id, 0, SETVAL, -1), -E.ERANGE);
  s.mem.write16(vals, 40000);
  assert.equal(s.sys("semctl", id, 0, SETALL, vals), -E.ERANGE);
  assert.equal(semop(s, t, id, [[0, -1, 0], [1, -2, 0]]), 0);
  assert.equal(semop(s, t, id, [[2, 1, 0], [0, -1, IPC_NOWAIT]]), -E.EAGAIN);
  assert.equal(s.sys("semctl", id, 2, GETVAL), 3, "nothing applied");
  assert.equal(semop(s, t, id, [[2, 32765, 0]]), -E.ERANGE);
  assert.equal(semop(s, t, id, [[3, 1, 0]]), -E.EFBIG);
  assert.equal(semop(s, t, id, []), -E.EINVAL);
  assert.equal(s.call(t, "semop", id, s.alloc(6), 501), -E.E2BIG);
  assert.equal(s.call(t, "semop", id, 8, 1), -E.EFAULT);
  const all = s.alloc(6);
  assert.equal(s.sys("semctl", id, 0, GETALL, all), 0);
  assert.deepEqual([s.u16(all), s.u16(all + 2), s.u16(all + 4)], [0, 0, 3]);
  assert.equal(s.sys("semctl", id, 0, GETNCNT), 0);
  assert.equal(s.sys("semctl", id, 0, GETZCNT), 0);
  const ds = s.alloc(104);
  assert.equal(s.sys("semctl", id, 0, IPC_STAT, ds), 0);
  assert.equal(Number(s.u64(ds + 80)), 3, "sem_nsems");
  assert.equal(s.u32(ds + 20), 0o600);
  assert.equal(s.sys("semctl", id, 0, IPC_INFO, ds), 1);
  const proc = s.read(s.open("/proc/sysvipc/sem"), 4096).split("\n");
  assert.equal(
    proc[0],
    "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime",
  );
  assert.match(proc[2], /^ {8}77 {10}1 {3}600 {10}2 {5}0 {5}0 {5}0 {5}0 {10}0 +\d+$/);
  assert.equal(s.u32(ds + 4 * 8), 32767, "semvmx");
  // Permissions.
  unprivileged(s.p);
  assert.equal(s.sys("semctl", id, 0, GETVAL), -E.EACCES);
  assert.equal(semop(s, t, id, [[0, 1, 0]]), -E.EACCES);
  assert.equal(s.sys("semctl", id, 0, IPC_RMID), -E.EPERM);
  s.p.cred.euid = 0;
  s.p.cred.capEffective = true;
  assert.equal(s.sys("semctl", id, 0, IPC_RMID), 0);
  assert.equal(s.sys("semctl", id, 0, GETVAL), -E.EINVAL);
  assert.equal(s.sys("semctl", id, 0, 99), -E.EINVAL);
});

/** A SIGUSR1 handler (flags `flags`) and a thread of its own, as signal tests need. */
function withHandler(s: Sys, flags: number): Thread {
  const act = s.alloc(32);
  s.mem.write32(act, HANDLER);
  s.mem.write32(act + 8, (flags | SA_RESTORER) >>> 0);
  s.mem.write32(act + 16, RESTORER);
  assert.equal(s.sys("rt_sigaction", SIGUSR1, act, 0, 8), 0);
  return s.k.threads.get(s.sys("clone", THREAD, SCRATCH + 0x200000, 0, 0, 0))!;
}

/** RAX saved in the signal frame on `t`'s stack: the interrupted call's result. */
function frameRax(s: Sys, t: Thread): number {
  return Number(BigInt.asIntN(64, s.u64(reg64Num(t.cpu, RSP) + 8 + 40 + 13 * 8)));
}

Deno.test("semop: blocking waits woken by other processes, semtimedop timeout, EIDRM, EINTR, SEM_UNDO at exit", () => {
  const s = new Sys();
  const id = s.sys("semget", IPC_PRIVATE, 2, 0o600);
  const c = fork(s);
  assert.equal(semop(s, c.thread, id, [[0, -1, 0]]), null, "the child waits for an increase");
  assert.equal(semop(s, s.main, id, [[1, 0, 0]]), 0, "zero: no wait");
  assert.equal(s.sys("semctl", id, 0, GETNCNT), 1);
  assert.equal(semop(s, s.main, id, [[0, 2, 0]]), 0);
  assert.ok(s.resume(c.thread));
  assert.equal(s.result(c.thread), 0);
  assert.equal(s.sys("semctl", id, 0, GETVAL), 1);
  assert.equal(s.sys("semctl", id, 0, GETPID), c.pid);
  // Waiting for zero.
  assert.equal(semop(s, c.thread, id, [[0, 0, 0]]), null);
  assert.equal(s.sys("semctl", id, 0, GETZCNT), 1);
  assert.equal(s.sys("semctl", id, 0, SETVAL, 0), 0);
  assert.ok(s.resume(c.thread));
  assert.equal(s.result(c.thread), 0);
  // semtimedop gives up after its (relative) timeout.
  const ts = s.alloc(16);
  s.mem.write32(ts + 8, 5_000_000);
  const before = s.k.elapsedNs();
  assert.equal(semop(s, s.main, id, [[0, -1, 0]], ts), null);
  assert.ok(s.resume(s.main));
  assert.equal(s.result(s.main), -E.EAGAIN);
  assert.ok(s.k.elapsedNs() - before >= 5_000_000);
  s.mem.write32(ts + 8, 1e9);
  assert.equal(semop(s, s.main, id, [[0, -1, 0]], ts), -E.EINVAL);
  // SEM_UNDO: the child's changes come undone when it exits (clamped at 0).
  assert.equal(s.sys("semctl", id, 1, SETVAL, 1), 0);
  assert.equal(semop(s, c.thread, id, [[0, 5, SEM_UNDO], [1, -1, SEM_UNDO]]), 0);
  assert.equal(s.sys("semctl", id, 0, SETVAL, 2), 0, "forgets the adjustment of semaphore 0");
  s.call(c.thread, "exit_group", 0);
  assert.equal(s.sys("semctl", id, 0, GETVAL), 2);
  assert.equal(s.sys("semctl", id, 1, GETVAL), 1);
  // Removal wakes a waiter with EIDRM.
  const d = fork(s);
  assert.equal(semop(s, d.thread, id, [[1, -5, 0]]), null);
  assert.equal(s.sys("semctl", id, 0, IPC_RMID), 0);
  assert.ok(s.resume(d.thread));
  assert.equal(s.result(d.thread), -E.EIDRM);
  // A handled signal interrupts the wait with EINTR, even under SA_RESTART.
  const s2 = new Sys();
  const t = withHandler(s2, SA_RESTART);
  const id2 = s2.sys("semget", IPC_PRIVATE, 1, 0o600);
  assert.equal(semop(s2, t, id2, [[0, -1, 0]]), null);
  assert.equal(s2.sys("tgkill", s2.p.pid, t.tid, SIGUSR1), 0);
  assert.ok(s2.resume(t));
  assert.equal(t.cpu.rip, HANDLER);
  assert.equal(frameRax(s2, t), -E.EINTR);
  assert.equal(s2.sys("semctl", id2, 0, GETNCNT), 0);
});

/** msgsnd(id, type, text, flags) from thread `t`. */
function msgsnd(s: Sys, t: Thread, id: number, type: number, text: string, flags = 0) {
  const b = s.alloc(8 + text.length);
  const mem = t.proc.mem; // a forked child reads its own copy of the scratch area
  mem.write64(b, type >>> 0, type < 0 ? 0xffffffff : 0);
  mem.writeBytes(b + 8, new TextEncoder().encode(text));
  return s.call(t, "msgsnd", id, b, text.length, flags);
}

/** msgrcv into a fresh buffer: [result, type, text]. */
function msgrcv(
  s: Sys,
  id: number,
  size: number,
  type: number,
  flags = 0,
): [number, number, string] {
  const b = s.alloc(8 + size);
  const r = s.sys("msgrcv", id, b, size, type, flags);
  return [r, s.u32(b), r > 0 ? s.text(b + 8, r) : ""];
}

Deno.test("msgget/msgsnd/msgrcv/msgctl: types, MSG_EXCEPT, MSG_NOERROR, MSG_COPY, IPC_STAT, limits", () => {
  const s = new Sys();
  const t = s.main;
  const q = s.sys("msgget", IPC_PRIVATE, 0o600);
  assert.equal(s.sys("msgget", 5, 0), -E.ENOENT);
  const k = s.sys("msgget", 5, IPC_CREAT | 0o600);
  assert.equal(s.sys("msgget", 5, IPC_CREAT), k);
  assert.equal(s.sys("msgget", 5, IPC_CREAT | IPC_EXCL), -E.EEXIST);
  for (const [type, text] of [[4, "d"], [2, "b1"], [3, "c"], [2, "b2"]] as const) {
    assert.equal(msgsnd(s, t, q, type, text), 0);
  }
  const ds = s.alloc(120);
  assert.equal(s.sys("msgctl", q, IPC_STAT, ds), 0);
  assert.deepEqual([Number(s.u64(ds + 72)), Number(s.u64(ds + 80)), Number(s.u64(ds + 88))], [
    6,
    4,
    16384,
  ]);
  assert.equal(s.u32(ds + 96), s.p.pid, "msg_lspid");
  const proc = s.read(s.open("/proc/sysvipc/msg"), 4096).split("\n");
  assert.match(
    proc[1],
    /^ {9}0 {10}0 {3}600 {11}6 {10}4 {5}2 {5}0 {5}0 {5}0 {5}0 {5}0 +\d+ {10}0 +\d+$/,
  );
  assert.deepEqual(msgrcv(s, q, 16, 1, MSG_COPY | IPC_NOWAIT), [2, 2, "b1"], "index 1, kept");
  assert.deepEqual(msgrcv(s, q, 16, 0, MSG_COPY), [-E.EINVAL, 0, ""]);
  assert.deepEqual(msgrcv(s, q, 16, 2), [2, 2, "b1"]);
  assert.deepEqual(msgrcv(s, q, 16, 2, MSG_EXCEPT), [1, 4, "d"]);
  assert.deepEqual(msgrcv(s, q, 16, -10), [2, 2, "b2"], "lowest type first");
  assert.deepEqual(msgrcv(s, q, 16, 9, IPC_NOWAIT), [-E.ENOMSG, 0, ""]);
  assert.equal(msgsnd(s, t, q, 1, "hello"), 0);
  assert.deepEqual(msgrcv(s, q, 2, 1), [-E.E2BIG, 0, ""]);
  assert.deepEqual(msgrcv(s, q, 2, 1, MSG_NOERROR), [2, 1, "he"], "truncated");
  assert.deepEqual(msgrcv(s, q, 16, 0), [1, 3, "c"]);
  assert.equal(msgsnd(s, t, q, 0, "x"), -E.EINVAL);
  assert.equal(msgsnd(s, t, q, -3, "x"), -E.EINVAL);
  assert.equal(s.sys("msgsnd", q, s.alloc(8200), 8193, 0), -E.EINVAL);
  assert.equal(s.sys("msgsnd", q, 8, 1, 0), -E.EFAULT);
  assert.equal(s.sys("msgrcv", q, s.alloc(16), -1, 0, 0), -E.EINVAL);
  // A smaller queue fills up.
  s.mem.writeBytes(ds + 88, new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0]));
  assert.equal(s.sys("msgctl", q, IPC_SET, ds), 0);
  assert.equal(msgsnd(s, t, q, 1, "12345678"), 0);
  assert.equal(msgsnd(s, t, q, 1, "9", IPC_NOWAIT), -E.EAGAIN);
  assert.equal(s.sys("msgctl", q, IPC_INFO, ds), 1);
  assert.equal(s.u32(ds + 8), 8192, "msgmax");
  unprivileged(s.p);
  s.mem.writeBytes(ds + 88, new Uint8Array([0, 0, 1, 0, 0, 0, 0, 0]));
  assert.equal(s.sys("msgctl", q, IPC_SET, ds), -E.EPERM, "msg_qbytes above msgmnb");
  assert.deepEqual(msgrcv(s, q, 16, 0), [-E.EACCES, 0, ""]);
  s.p.cred.euid = 0;
  s.p.cred.capEffective = true;
  assert.equal(s.sys("msgctl", q, IPC_RMID, 0), 0);
  assert.equal(s.sys("msgctl", q, IPC_STAT, ds), -E.EINVAL);
});

Deno.test("msgsnd/msgrcv: blocking both ways, EIDRM on removal", () => {
  const s = new Sys();
  const q = s.sys("msgget", IPC_PRIVATE, 0o600);
  const c = fork(s);
  const buf = s.alloc(24);
  assert.equal(s.call(c.thread, "msgrcv", q, buf, 16, 7, 0), null, "waits for type 7");
  assert.equal(msgsnd(s, s.main, q, 5, "five"), 0);
  assert.equal(s.resume(c.thread), false, "type 5 does not end its wait");
  assert.equal(msgsnd(s, s.main, q, 7, "seven"), 0);
  assert.ok(s.resume(c.thread));
  assert.equal(s.result(c.thread), 5);
  assert.equal(c.mem.read32(buf), 7);
  // A sender waits for room.
  const ds = s.alloc(120);
  s.sys("msgctl", q, IPC_STAT, ds);
  s.mem.writeBytes(ds + 88, new Uint8Array([4, 0, 0, 0, 0, 0, 0, 0]));
  assert.equal(s.sys("msgctl", q, IPC_SET, ds), 0);
  assert.equal(msgsnd(s, c.thread, q, 1, "x"), null, "the queue already holds 4 bytes");
  assert.deepEqual(msgrcv(s, q, 16, 0), [4, 5, "five"]);
  assert.ok(s.resume(c.thread));
  assert.equal(s.result(c.thread), 0);
  assert.deepEqual(msgrcv(s, q, 16, 0), [1, 1, "x"]);
  // Removal wakes a waiting receiver with EIDRM.
  assert.equal(s.call(c.thread, "msgrcv", q, buf, 16, 0, 0), null);
  assert.equal(s.sys("msgctl", q, IPC_RMID, 0), 0);
  assert.ok(s.resume(c.thread));
  assert.equal(s.result(c.thread), -E.EIDRM);
});
