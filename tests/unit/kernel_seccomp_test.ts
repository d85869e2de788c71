/**
 * seccomp: strict mode and the queries (checked natively on Linux 6.18 with
 * a static probe that forks children into strict mode).
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";
import { ProcState } from "../../lib/kernel/process.ts";

Deno.test("seccomp: strict mode, action and notification-size queries, prctl", () => {
  const s = new Sys();
  const a = s.alloc(8);
  for (
    const act of [0x80000000, 0, 0x30000, 0x50000, 0x7fc00000, 0x7ff00000, 0x7ffc0000, 0x7fff0000]
  ) {
    s.mem.write32(a, act);
    assert.equal(s.sys("seccomp", 2, 0, a), 0);
  }
  for (const act of [0x12345, 0x50001, 0x7fff0001]) {
    s.mem.write32(a, act);
    assert.equal(s.sys("seccomp", 2, 0, a), -E.EOPNOTSUPP);
  }
  assert.equal(s.sys("seccomp", 2, 1, a), -E.EINVAL);
  assert.equal(s.sys("seccomp", 2, 0, 8), -E.EFAULT);
  assert.equal(s.sys("seccomp", 2, 0, 0), -E.EFAULT);
  const sz = s.alloc(8);
  assert.equal(s.sys("seccomp", 3, 0, sz), 0);
  assert.deepEqual([s.u16(sz), s.u16(sz + 2), s.u16(sz + 4)], [80, 24, 64]);
  assert.equal(s.sys("seccomp", 3, 1, sz), -E.EINVAL);
  assert.equal(s.sys("seccomp", 3, 0, 8), -E.EFAULT);
  for (const [op, flags, args] of [[4, 0, 0], [0, 1, 0], [0, 0, sz], [-1, 0, 0]]) {
    assert.equal(s.sys("seccomp", op, flags, args), -E.EINVAL);
  }
  assert.equal(s.sys("prctl", 21), 0);
  assert.equal(s.sys("prctl", 22, 0), -E.EINVAL);
  assert.equal(s.sys("prctl", 22, 3), -E.EINVAL);
  // A child in strict mode may write and exit; getpid (or exit_group, or seccomp) kills it.
  const msg = s.str("in strict\n");
  const strict = (enter: () => void, then: string, ...args: number[]) => {
    const c = s.k.vfs.procs.get(s.sys("fork"))!;
    s.k.switchTo(c.thread);
    enter.call(null);
    assert.equal(s.call(c.thread, "write", 1, msg, 10), 10);
    s.call(c.thread, then, ...args);
    s.k.switchTo(s.main);
    return c;
  };
  const enterSeccomp = () => assert.equal(s.call(s.k.current!, "seccomp", 0, 0, 0), 0);
  const enterPrctl = () => assert.equal(s.call(s.k.current!, "prctl", 22, 1, 12345), 0);
  for (
    const [enter, then] of [[enterSeccomp, "getpid"], [enterPrctl, "exit_group"], [
      enterPrctl,
      "seccomp",
    ]] as const
  ) {
    const c = strict(enter, then);
    assert.notEqual(c.state, ProcState.Alive);
    assert.equal(c.termSignal, 9);
  }
  const c = strict(enterPrctl, "exit", 7);
  assert.notEqual(c.state, ProcState.Alive);
  assert.equal(c.termSignal, null);
  assert.equal(c.exitCode, 7);
  assert.equal(new TextDecoder().decode(s.io.stdout()), "in strict\n".repeat(4));
});

/** A struct sock_fprog over `insns` ([code, jt, jf, k]) in scratch memory. */
function prog(s: Sys, insns: [number, number, number, number][]): number {
  const f = s.alloc(8 * insns.length);
  insns.forEach(([code, jt, jf, k], i) => {
    s.mem.writeBytes(f + 8 * i, new Uint8Array([code & 0xff, code >> 8, jt, jf]));
    s.mem.write32(f + 8 * i + 4, k >>> 0);
  });
  const p = s.alloc(16);
  s.mem.writeBytes(p, new Uint8Array([insns.length & 0xff, insns.length >> 8]));
  s.mem.write64(p + 8, f, 0);
  return p;
}

Deno.test("seccomp: filter validation, verdicts and their precedence, SIGSYS, inheritance", () => {
  const s = new Sys();
  const LD_NR: [number, number, number, number] = [0x20, 0, 0, 0];
  const allow = prog(s, [[0x06, 0, 0, 0x7fff0000]]);
  // Without no_new_privs only CAP_SYS_ADMIN may install a filter.
  const u = new Sys();
  u.sys("setuid", 65534);
  assert.equal(u.sys("seccomp", 1, 0, prog(u, [[0x06, 0, 0, 0x7fff0000]])), -E.EACCES);
  const bad: [number, number, number, number][][] = [
    [LD_NR], // no RET at the end
    [[0x15, 5, 0, 1], [0x06, 0, 0, 0]], // jump past the end
    [[0x20, 0, 0, 2], [0x06, 0, 0, 0]], // misaligned
    [[0x20, 0, 0, 64], [0x06, 0, 0, 0]], // past seccomp_data
    [[0x60, 0, 0, 3], [0x16, 0, 0, 0]], // scratch read before write
    [[0x28, 0, 0, 0], [0x06, 0, 0, 0]], // 16-bit load
    [[0x34, 0, 0, 0], [0x06, 0, 0, 0]], // division by constant 0
  ];
  for (const b of bad) assert.equal(s.sys("seccomp", 1, 0, prog(s, b)), -E.EINVAL);
  assert.equal(s.sys("seccomp", 1, 0x40, allow), -E.EINVAL);
  assert.equal(s.sys("seccomp", 1, 8, allow), -E.EINVAL, "no notification listeners");
  assert.equal(s.sys("seccomp", 1, 0, 8), -E.EFAULT);
  // Stored scratch cells, ALU and JSET: ERRNO(nr + 1) for getuid (102), ERRNO(4095 max) via arg0 bit 1.
  const f = prog(s, [
    LD_NR,
    [0x15, 0, 4, 102],
    [0x02, 0, 0, 5], // M[5] = A
    [0x60, 0, 0, 5], // A = M[5]
    [0x04, 0, 0, 0x50001], // A += ERRNO | 1
    [0x16, 0, 0, 0], // RET A
    [0x15, 0, 3, 32], // dup?
    [0x20, 0, 0, 16], // A = arg0 low
    [0x45, 0, 1, 2], // JSET 2
    [0x06, 0, 0, 0x50000 | 9999],
    [0x06, 0, 0, 0x7fff0000],
  ]);
  assert.equal(s.sys("seccomp", 1, 0, f), 0);
  assert.equal(s.sys("prctl", 21), 2);
  assert.equal(s.sys("getuid"), -103);
  assert.equal(s.sys("dup", 2), -4095);
  assert.ok(s.sys("dup", 1) > 2);
  // A later, laxer filter does not win over an earlier verdict; a stricter one does.
  assert.equal(s.sys("seccomp", 1, 0, prog(s, [[0x06, 0, 0, 0x7ffc0000]])), 0);
  assert.equal(s.sys("getuid"), -103);
  assert.equal(
    s.sys(
      "seccomp",
      1,
      0,
      prog(s, [LD_NR, [0x15, 0, 1, 102], [0x06, 0, 0, 0x30000 | 7], [0x06, 0, 0, 0x7fff0000]]),
    ),
    0,
  );
  // TRAP: the call is skipped with RAX back to its number, and SIGSYS is forced (here: no handler, so it kills).
  const t = s.k.vfs.procs.get(s.sys("fork"))!;
  assert.equal(s.call(t.thread, "getuid"), 102);
  assert.equal(t.termSignal, 31);
  // Children inherit the filters; KILL_PROCESS ends them with SIGSYS.
  assert.equal(
    s.sys(
      "seccomp",
      1,
      0,
      prog(s, [LD_NR, [0x15, 0, 1, 39], [0x06, 0, 0, 0x80000000], [0x06, 0, 0, 0x7fff0000]]),
    ),
    0,
  );
  const c = s.k.vfs.procs.get(s.sys("fork"))!;
  assert.equal(c.thread.seccompFilters.length, 4);
  s.call(c.thread, "getpid");
  assert.equal(c.termSignal, 31);
  assert.notEqual(c.state, ProcState.Alive);
  // Strict mode cannot follow a filter.
  assert.equal(s.sys("seccomp", 0, 0, 0), -E.EINVAL);
});
