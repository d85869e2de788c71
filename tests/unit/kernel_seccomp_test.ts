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
  for (const [op, flags, args] of [[4, 0, 0], [0, 1, 0], [0, 0, sz], [-1, 0, 0], [1, 0, sz]]) {
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
