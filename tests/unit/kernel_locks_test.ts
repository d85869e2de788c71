/**
 * File locks between processes: fcntl POSIX record locks (conflicts, split
 * and merged ranges, F_GETLK reports, F_SETLKW waits, EDEADLK, release on
 * close and exit), OFD locks and blocking flock. Outcomes are Linux 6.18's
 * (checked natively; see also the guest test `locks`).
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import type { Process } from "../../lib/kernel/process.ts";
import type { Memory } from "../../lib/exec/memory.ts";
import * as E from "../../lib/kernel/errno.ts";

const O_RDWR = 2, O_CREAT = 0o100;
const F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7, F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38;
const F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2;
const SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;
const LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;

function fork(s: Sys): Process {
  return s.k.vfs.procs.get(s.sys("fork"))!;
}

/** Fill the struct flock at `a` in `mem`. */
function flock(
  mem: Memory,
  a: number,
  type: number,
  whence: number,
  start: number,
  len: number,
): number {
  mem.write16(a, type);
  mem.write16(a + 2, whence);
  mem.write64(a + 8, start >>> 0, Math.floor(start / 2 ** 32) >>> 0);
  mem.write64(a + 16, len >>> 0, Math.floor(len / 2 ** 32) >>> 0);
  mem.write32(a + 24, 0);
  return a;
}

/** The struct flock F_GETLK left at `a`: [type, start, len, pid]. */
function report(mem: Memory, a: number): [number, number, number, number] {
  return [mem.read16(a), mem.read32(a + 8), mem.read32(a + 16), mem.read32(a + 24) | 0];
}

Deno.test("fcntl: POSIX record locks conflict between processes; ranges split and merge; F_GETLK reports the holder", () => {
  const s = new Sys();
  const f = s.open("/tmp/rl", O_CREAT | O_RDWR);
  assert.equal(s.sys("ftruncate", f, 100), 0);
  const fl = s.alloc(32);
  assert.equal(s.sys("fcntl", f, F_SETLK, flock(s.mem, fl, F_WRLCK, SEEK_SET, 0, 10)), 0);
  assert.equal(s.sys("fcntl", f, F_GETLK, flock(s.mem, fl, F_WRLCK, SEEK_SET, 0, 0)), 0);
  assert.equal(s.mem.read16(fl), F_UNLCK, "a process never conflicts with itself");
  const c = fork(s), m = c.mem, t = c.thread;
  assert.equal(s.call(t, "fcntl", f, F_SETLK, flock(m, fl, F_WRLCK, SEEK_SET, 5, 1)), -E.EAGAIN);
  assert.equal(s.call(t, "fcntl", f, F_SETLK, flock(m, fl, F_RDLCK, SEEK_SET, 10, 10)), 0);
  assert.equal(s.call(t, "fcntl", f, F_GETLK, flock(m, fl, F_WRLCK, SEEK_SET, 0, 0)), 0);
  assert.deepEqual(report(m, fl), [F_WRLCK, 0, 10, s.p.pid]);
  assert.equal(s.call(t, "fcntl", f, F_OFD_GETLK, flock(m, fl, F_WRLCK, SEEK_SET, 0, 0)), 0);
  assert.deepEqual(
    report(m, fl),
    [F_WRLCK, 0, 10, s.p.pid],
    "OFD requests conflict with POSIX locks",
  );
  assert.equal(s.sys("lseek", f, 10, SEEK_SET), 10);
  assert.equal(
    s.sys("fcntl", f, F_SETLK, flock(s.mem, fl, F_UNLCK, SEEK_CUR, -7, 2)),
    0,
    "unlock 3..4",
  );
  assert.equal(
    s.sys("fcntl", f, F_SETLK, flock(s.mem, fl, F_RDLCK, SEEK_SET, 30, -10)),
    0,
    "20..29",
  );
  assert.equal(
    s.sys("fcntl", f, F_SETLK, flock(s.mem, fl, F_WRLCK, SEEK_END, -10, 0)),
    0,
    "90..EOF",
  );
  const probe = (start: number, len: number) => {
    assert.equal(s.call(t, "fcntl", f, F_GETLK, flock(m, fl, F_WRLCK, SEEK_SET, start, len)), 0);
    return report(m, fl);
  };
  assert.deepEqual(probe(0, 0), [F_WRLCK, 0, 3, s.p.pid]);
  assert.equal(probe(3, 2)[0], F_UNLCK);
  assert.deepEqual(probe(4, 0), [F_WRLCK, 5, 5, s.p.pid]);
  assert.deepEqual(probe(25, 1), [F_RDLCK, 20, 10, s.p.pid]);
  assert.deepEqual(probe(1000, 5), [F_WRLCK, 90, 0, s.p.pid], "l_len 0: to end of file");
  assert.equal(s.sys("fcntl", f, F_SETLK, flock(s.mem, fl, F_WRLCK, SEEK_SET, 3, 2)), 0);
  assert.deepEqual(probe(0, 1), [F_WRLCK, 0, 10, s.p.pid], "neighbours of one type merge");
  assert.equal(s.sys("fcntl", f, F_SETLK, flock(s.mem, fl, F_WRLCK, SEEK_SET, -1, 1)), -E.EINVAL);
  assert.equal(s.sys("fcntl", f, F_SETLK, flock(s.mem, fl, F_WRLCK, SEEK_SET, 2, -5)), -E.EINVAL);
  assert.equal(s.sys("fcntl", f, F_SETLK, flock(s.mem, fl, F_WRLCK, 3, 0, 1)), -E.EINVAL);
  assert.equal(s.sys("fcntl", f, F_GETLK, flock(s.mem, fl, F_UNLCK, SEEK_SET, 0, 1)), -E.EINVAL);
  const again = s.open("/tmp/rl");
  assert.equal(s.sys("fcntl", again, F_SETLK, flock(s.mem, fl, F_WRLCK, SEEK_SET, 0, 1)), -E.EBADF);
  assert.equal(s.sys("close", again), 0);
  assert.equal(probe(0, 0)[0], F_UNLCK, "closing any descriptor dropped the parent's locks");
  assert.equal(s.sys("fcntl", f, F_GETLK, flock(s.mem, fl, F_WRLCK, SEEK_SET, 0, 0)), 0);
  assert.deepEqual(report(s.mem, fl), [F_RDLCK, 10, 10, c.pid], "the child's lock stays");
});

Deno.test("fcntl: F_SETLKW waits for the holder; EDEADLK; locks go at exit", () => {
  const s = new Sys();
  const f = s.open("/tmp/rw", O_CREAT | O_RDWR);
  const fl = s.alloc(32);
  assert.equal(s.sys("fcntl", f, F_SETLK, flock(s.mem, fl, F_WRLCK, SEEK_SET, 0, 1)), 0);
  const c = fork(s), m = c.mem, t = c.thread;
  assert.equal(s.call(t, "fcntl", f, F_SETLK, flock(m, fl, F_WRLCK, SEEK_SET, 1, 1)), 0);
  assert.equal(
    s.call(t, "fcntl", f, F_SETLKW, flock(m, fl, F_WRLCK, SEEK_SET, 0, 1)),
    null,
    "the child waits",
  );
  assert.equal(s.resume(t), false, "and keeps waiting while the parent holds byte 0");
  assert.equal(
    s.sys("fcntl", f, F_SETLKW, flock(s.mem, fl, F_WRLCK, SEEK_SET, 1, 1)),
    -E.EDEADLK,
    "the parent would wait for a process that waits for it",
  );
  assert.equal(s.sys("fcntl", f, F_SETLK, flock(s.mem, fl, F_UNLCK, SEEK_SET, 0, 1)), 0);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), 0, "the child has byte 0 now");
  assert.equal(s.sys("fcntl", f, F_SETLK, flock(s.mem, fl, F_RDLCK, SEEK_SET, 0, 2)), -E.EAGAIN);
  s.call(t, "exit_group", 0);
  assert.equal(
    s.sys("fcntl", f, F_SETLK, flock(s.mem, fl, F_WRLCK, SEEK_SET, 0, 2)),
    0,
    "its exit freed them",
  );
});

Deno.test("fcntl: OFD locks belong to the open file description and report l_pid -1", () => {
  const s = new Sys();
  const a = s.open("/tmp/ofd", O_CREAT | O_RDWR), b = s.open("/tmp/ofd", O_RDWR);
  const fl = s.alloc(32);
  assert.equal(s.sys("fcntl", a, F_OFD_SETLK, flock(s.mem, fl, F_WRLCK, SEEK_SET, 0, 1)), 0);
  assert.equal(
    s.sys("fcntl", b, F_OFD_SETLK, flock(s.mem, fl, F_WRLCK, SEEK_SET, 0, 1)),
    -E.EAGAIN,
  );
  assert.equal(s.sys("fcntl", b, F_SETLK, flock(s.mem, fl, F_RDLCK, SEEK_SET, 0, 1)), -E.EAGAIN);
  assert.equal(s.sys("fcntl", b, F_GETLK, flock(s.mem, fl, F_RDLCK, SEEK_SET, 0, 0)), 0);
  assert.deepEqual(report(s.mem, fl), [F_WRLCK, 0, 1, -1]);
  flock(s.mem, fl, F_WRLCK, SEEK_SET, 0, 1);
  s.mem.write32(fl + 24, 5);
  assert.equal(s.sys("fcntl", b, F_OFD_GETLK, fl), -E.EINVAL);
  assert.equal(s.sys("close", b), 0);
  assert.equal(s.sys("fcntl", a, F_GETLK, flock(s.mem, fl, F_WRLCK, SEEK_SET, 0, 0)), 0);
  assert.deepEqual(
    report(s.mem, fl),
    [F_WRLCK, 0, 1, -1],
    "closing another descriptor leaves OFD locks",
  );
  const c = fork(s);
  assert.equal(
    s.call(c.thread, "fcntl", a, F_OFD_SETLK, flock(c.mem, fl, F_RDLCK, SEEK_SET, 0, 1)),
    0,
  );
  assert.equal(s.call(c.thread, "close", a), 0);
  const d = s.open("/tmp/ofd", O_RDWR);
  assert.equal(
    s.sys("fcntl", d, F_OFD_SETLK, flock(s.mem, fl, F_RDLCK, SEEK_SET, 0, 1)),
    0,
    "shared now",
  );
  s.call(c.thread, "exit_group", 0);
  assert.equal(
    s.call(s.main, "fcntl", d, F_OFD_SETLKW, flock(s.mem, fl, F_WRLCK, SEEK_SET, 0, 1)),
    null,
  );
  assert.equal(s.sys("close", a), 0, "the description's last close drops its lock");
  assert.ok(s.resume(s.main));
  assert.equal(s.result(s.main), 0);
});

Deno.test("flock: a conflicting request waits until the holder lets go; conversions drop the old lock first", () => {
  const s = new Sys();
  const x = s.open("/tmp/fl", O_CREAT | O_RDWR), y = s.open("/tmp/fl", O_RDWR);
  assert.equal(s.sys("flock", x, LOCK_SH), 0);
  assert.equal(s.sys("flock", y, LOCK_SH), 0);
  assert.equal(s.sys("flock", x, LOCK_EX | LOCK_NB), -E.EAGAIN);
  assert.equal(
    s.sys("flock", y, LOCK_EX | LOCK_NB),
    0,
    "x's failed conversion gave up its shared lock",
  );
  const name = s.str("/tmp/fl");
  const c = fork(s), t = c.thread;
  const z = s.call(t, "open", name, O_RDWR)!;
  assert.equal(s.call(t, "flock", z, LOCK_SH), null, "the child waits");
  assert.equal(s.resume(t), false);
  assert.equal(s.sys("flock", y, LOCK_UN), 0);
  assert.ok(s.resume(t));
  assert.equal(s.result(t), 0);
  assert.equal(s.call(t, "flock", z, LOCK_EX), 0, "converted: nothing else holds it");
  assert.equal(s.call(s.main, "flock", x, LOCK_SH), null);
  s.call(t, "exit_group", 0);
  assert.ok(s.resume(s.main), "the child's exit released its lock");
  assert.equal(s.result(s.main), 0);
});
