/**
 * Administration calls: syslog, capset, clock_settime/settimeofday,
 * adjtimex/clock_adjtime and sysfs. Expected values were checked on Linux
 * 6.18 (static probes, as root and after setuid(65534)); syslog is denied
 * to everything on that host, so its values follow Linux's do_syslog.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";
import { EPOCH_SEC } from "../../lib/kernel/time.ts";

const CAP_V1 = 0x19980330, CAP_V2 = 0x20071026, CAP_V3 = 0x20080522;

/** Drop root as setuid(65534) does (no capabilities left). */
function dropRoot(s: Sys): void {
  assert.equal(s.sys("setuid", 65534), 0);
}

Deno.test("syslog: actions, permissions and reads of the boot log", () => {
  const s = new Sys();
  const size = s.sys("syslog", 10, 0, 0);
  assert.equal(size, 262144);
  const unread = s.sys("syslog", 9, 0, 0);
  const b = s.alloc(4096);
  const all = s.sys("syslog", 3, b, 4096);
  assert.equal(all, unread);
  const text = s.text(b, all);
  assert.match(text, /^<5>\[ {4}0\.000000\] Linux version 6\.1\.0-linuxvm /);
  assert.equal(text.split("\n").length, 4);
  // READ_ALL keeps the newest whole records that fit.
  const last = text.slice(text.lastIndexOf("<"));
  assert.equal(s.sys("syslog", 3, b, last.length + 3), last.length);
  assert.equal(s.text(b, last.length), last);
  assert.equal(s.sys("syslog", 3, 0, 10), -E.EINVAL);
  assert.equal(s.sys("syslog", 3, b, -1), -E.EINVAL);
  assert.equal(s.sys("syslog", 3, b, 0), 0);
  assert.equal(s.sys("syslog", 3, 2 ** 47, 10), -E.EFAULT);
  // READ consumes: a first record may come in parts, later ones only whole.
  assert.equal(s.sys("syslog", 2, b, 5), 5);
  assert.equal(s.text(b, 5), text.slice(0, 5));
  assert.equal(s.sys("syslog", 9, 0, 0), all - 5);
  const first = text.indexOf("\n") + 1;
  assert.equal(s.sys("syslog", 2, b, first), first - 5);
  assert.equal(s.sys("syslog", 2, b, 4096), all - first);
  assert.equal(s.text(b, all - first), text.slice(first));
  assert.equal(s.sys("syslog", 9, 0, 0), 0);
  // CLEAR empties what READ_ALL returns, not the buffer.
  assert.equal(s.sys("syslog", 4, b, 4096), all);
  assert.equal(s.sys("syslog", 3, b, 4096), 0);
  assert.equal(s.sys("syslog", 10, 0, 0), 262144);
  for (const a of [0, 1, 5, 6, 7]) assert.equal(s.sys("syslog", a, 0, 0), 0);
  assert.equal(s.sys("syslog", 8, 0, 0), -E.EINVAL);
  assert.equal(s.sys("syslog", 8, 0, 9), -E.EINVAL);
  assert.equal(s.sys("syslog", 8, 0, 8), 0);
  assert.equal(s.sys("syslog", 11, 0, 0), -E.EINVAL);
  assert.equal(s.sys("syslog", -1, 0, 0), -E.EINVAL);
  // READ with nothing unread waits (for a signal: no new lines are ever logged).
  assert.equal(s.call(s.main, "syslog", 2, b, 10), null);
  const u = new Sys();
  dropRoot(u);
  for (const a of [10, 3, 99, 0]) assert.equal(u.sys("syslog", a, u.alloc(8), 8), -E.EPERM);
});

Deno.test("capset: versions, pids, EPERM when raising, dropping all capabilities", () => {
  const s = new Sys();
  const h = s.alloc(8), d = s.alloc(24);
  const hdr = (v: number, pid = 0) => {
    s.mem.write32(h, v);
    s.mem.write32(h + 4, pid);
  };
  const caps = (e: number[], p: number[], i = [0, 0]) => {
    for (let w = 0; w < 2; w++) {
      s.mem.write32(d + 12 * w, e[w]);
      s.mem.write32(d + 12 * w + 4, p[w]);
      s.mem.write32(d + 12 * w + 8, i[w]);
    }
  };
  const get = () => {
    hdr(CAP_V3);
    assert.equal(s.sys("capget", h, d), 0);
    return [s.u32(d), s.u32(d + 4), s.u32(d + 12), s.u32(d + 16)];
  };
  const full = [0xffffffff, 0x1ff];
  caps(full, full);
  hdr(CAP_V3);
  assert.equal(s.sys("capset", h, d), 0);
  hdr(0x1234);
  assert.equal(s.sys("capset", h, d), -E.EINVAL);
  assert.equal(s.u32(h), CAP_V3);
  hdr(0x1234);
  assert.equal(s.sys("capset", h, 0), -E.EINVAL);
  hdr(CAP_V3, 1);
  assert.equal(s.sys("capset", h, d), -E.EPERM);
  hdr(CAP_V3, -1);
  assert.equal(s.sys("capset", h, d), -E.EPERM);
  hdr(CAP_V3, s.p.pid);
  assert.equal(s.sys("capset", h, d), 0);
  hdr(CAP_V3);
  assert.equal(s.sys("capset", h, 8), -E.EFAULT);
  assert.equal(s.sys("capset", 8, d), -E.EFAULT);
  hdr(CAP_V2);
  assert.equal(s.sys("capset", h, d), 0);
  // Effective beyond permitted.
  caps([0xff, 0], [0xf, 0]);
  hdr(CAP_V3);
  assert.equal(s.sys("capset", h, d), -E.EPERM);
  // Dropping effective keeps permitted, which raises it again.
  caps([0, 0], full);
  hdr(CAP_V3);
  assert.equal(s.sys("capset", h, d), 0);
  assert.deepEqual(get(), [0, 0xffffffff, 0, 0x1ff]);
  hdr(CAP_V3);
  assert.equal(s.sys("clock_settime", 0, s.alloc(16)), -E.EPERM);
  caps(full, full);
  hdr(CAP_V3);
  assert.equal(s.sys("capset", h, d), 0);
  assert.deepEqual(get(), [0xffffffff, 0xffffffff, 0x1ff, 0x1ff]);
  // V1 sets only the low word: the high capabilities go, so (all-or-nothing) all go.
  caps(full, full);
  hdr(CAP_V1);
  assert.equal(s.sys("capset", h, d), 0);
  assert.deepEqual(get(), [0, 0, 0, 0]);
  caps(full, full);
  hdr(CAP_V3);
  assert.equal(s.sys("capset", h, d), -E.EPERM);
  caps([0, 0], [0, 0]);
  hdr(CAP_V3);
  assert.equal(s.sys("capset", h, d), 0);
  caps([0, 0], [1, 0]);
  hdr(CAP_V3);
  assert.equal(s.sys("capset", h, d), -E.EPERM);
  caps([0, 0], [0, 0], [1, 0]);
  hdr(CAP_V3);
  assert.equal(s.sys("capset", h, d), -E.EPERM);
});

Deno.test("clock_settime/settimeofday: a virtual wall-clock offset, validation and EPERM", () => {
  const s = new Sys();
  const ts = s.alloc(16);
  const set = (sec: number, nsec: number) => {
    s.mem.write64(ts, sec >>> 0, Math.floor(sec / 2 ** 32) >>> 0);
    s.mem.write64(ts + 8, nsec >>> 0, nsec < 0 ? 0xffffffff : 0);
  };
  for (const id of [1, 2, 4, 5, 7, 11, 99, -1]) {
    assert.equal(s.sys("clock_settime", id, ts), -E.EINVAL);
  }
  assert.equal(s.sys("clock_settime", 1, 8), -E.EINVAL);
  assert.equal(s.sys("clock_settime", 0, 8), -E.EFAULT);
  set(0, 1e9);
  assert.equal(s.sys("clock_settime", 0, ts), -E.EINVAL);
  set(0, -1);
  assert.equal(s.sys("clock_settime", 0, ts), -E.EINVAL);
  set(-1, 0);
  assert.equal(s.sys("clock_settime", 0, ts), -E.EINVAL);
  // Earlier than the time since boot: the wall clock may not fall behind CLOCK_MONOTONIC.
  set(0, 0);
  assert.equal(s.sys("clock_settime", 0, ts), -E.EINVAL);
  set(2_000_000_000, 500);
  assert.equal(s.sys("clock_settime", 0, ts), 0);
  const out = s.alloc(16);
  assert.equal(s.sys("clock_gettime", 0, out), 0);
  assert.equal(Number(s.u64(out)), 2_000_000_000);
  assert.equal(s.sys("clock_gettime", 1, out), 0);
  assert.ok(Number(s.u64(out)) < 10, "CLOCK_MONOTONIC does not move");
  assert.equal(s.sys("time", 0), 2_000_000_000);
  // File times follow the wall clock.
  const fd = s.open("/tmp/f", 0o100 | 1);
  assert.ok(fd >= 0);
  const st = s.alloc(144);
  assert.equal(s.sys("fstat", fd, st), 0);
  assert.equal(Number(s.u64(st + 88)), 2_000_000_000);
  // settimeofday: microseconds, the timezone, and both optional.
  const tv = s.alloc(16), tz = s.alloc(8);
  s.mem.write64(tv, EPOCH_SEC + 100, 0);
  s.mem.write64(tv + 8, 1_000_000, 0);
  assert.equal(s.sys("settimeofday", tv, 0), -E.EINVAL);
  s.mem.write64(tv + 8, 250, 0);
  assert.equal(s.sys("settimeofday", tv, 0), 0);
  assert.equal(s.sys("gettimeofday", out, 0), 0);
  assert.equal(Number(s.u64(out)), EPOCH_SEC + 100);
  assert.equal(Number(s.u64(out + 8)), 250);
  assert.equal(s.sys("settimeofday", 0, 0), 0);
  assert.equal(s.sys("settimeofday", 8, 0), -E.EFAULT);
  assert.equal(s.sys("settimeofday", 0, 8), -E.EFAULT);
  s.mem.write32(tz, -1000);
  assert.equal(s.sys("settimeofday", 0, tz), -E.EINVAL);
  s.mem.write32(tz, 1000);
  assert.equal(s.sys("settimeofday", 0, tz), -E.EINVAL);
  s.mem.write32(tz, -60);
  s.mem.write32(tz + 4, 1);
  assert.equal(s.sys("settimeofday", 0, tz), 0);
  assert.equal(s.sys("gettimeofday", 0, out), 0);
  assert.deepEqual([s.i32(out), s.i32(out + 4)], [-60, 1]);
  dropRoot(s);
  assert.equal(s.sys("settimeofday", 0, 0), -E.EPERM);
  set(0, -1);
  assert.equal(s.sys("clock_settime", 0, ts), -E.EINVAL);
  set(2_000_000_000, 0);
  assert.equal(s.sys("clock_settime", 0, ts), -E.EPERM);
});

Deno.test("adjtimex/clock_adjtime: read-only state, validation, stored values, ADJ_SETOFFSET", () => {
  const s = new Sys();
  const tx = s.alloc(208);
  const l = (off: number) => Number(BigInt.asIntN(64, s.u64(tx + off)));
  const setL = (off: number, v: number) => {
    const b = BigInt.asUintN(64, BigInt(v));
    s.mem.write64(tx + off, Number(b & 0xffffffffn), Number(b >> 32n));
  };
  const adj = (modes: number, fields: [number, number][] = [], name = "adjtimex", id = 0) => {
    s.mem.writeBytes(tx, new Uint8Array(208));
    s.mem.write32(tx, modes);
    for (const [off, v] of fields) setL(off, v);
    return name === "adjtimex" ? s.sys(name, tx) : s.sys(name, id, tx);
  };
  assert.equal(adj(0), 5);
  assert.deepEqual(
    [l(8), l(16), l(24), l(32), s.i32(tx + 40), l(48), l(56), l(64), l(88), s.i32(tx + 160)],
    [0, 0, 16000000, 16000000, 64, 2, 1, 32768000, 10000, 0],
  );
  assert.equal(l(72), EPOCH_SEC);
  assert.equal(adj(0, [], "clock_adjtime", 0), 5);
  for (const id of [1, 2, 11]) assert.equal(adj(0, [], "clock_adjtime", id), -E.EOPNOTSUPP);
  assert.equal(adj(0, [], "clock_adjtime", 99), -E.EINVAL);
  assert.equal(s.sys("adjtimex", 8), -E.EFAULT);
  assert.equal(s.sys("clock_adjtime", 99, 8), -E.EFAULT);
  assert.equal(adj(0x4000, [[88, 1]]), -E.EINVAL);
  assert.equal(adj(0x100, [[80, -1]]), -E.EINVAL);
  assert.equal(adj(0x100 | 0x2000, [[80, 1e9]]), -E.EINVAL);
  assert.equal(adj(0x100, [[80, 1e6]]), -E.EINVAL);
  assert.equal(adj(0x80000000), 5);
  // adjtime(): the previous adjustment comes back.
  assert.equal(adj(0x8001, [[8, 1234]]), 5);
  assert.equal(l(8), 0);
  assert.equal(adj(0xa001), 5);
  assert.equal(l(8), 1234);
  // Stored values, clamped like Linux's.
  assert.equal(adj(0x4 | 0x8 | 0x20 | 0x4000, [[24, 5], [32, -7], [48, 3], [88, 9999]]), 5);
  assert.deepEqual([l(24), l(32), l(48), l(88)], [5, 0, 7, 9999]);
  assert.equal(adj(0x2, [[16, 100 << 16]]), 5);
  assert.equal(l(16), 100 << 16);
  assert.equal(adj(0x2, [[16, 1e12]]), -E.EINVAL); // freq * PPM_SCALE would overflow
  assert.equal(adj(0x2, [[16, 1e10]]), 5);
  assert.equal(l(16), 32768000);
  // Synchronized: STA_PLL and no STA_UNSYNC makes the clock TIME_OK; offsets under STA_PLL are kept.
  assert.equal(adj(0x10, [[40, 1]]), 0);
  assert.equal(s.i32(tx + 40), 1);
  assert.equal(adj(0x1, [[8, -1]]), 0);
  assert.equal(l(8), 4294966); // Linux divides the offset as an unsigned 32-bit value
  assert.equal(adj(0x1 | 0x2000, [[8, 1000]]), 0);
  assert.equal(l(8), 1000);
  assert.equal(s.i32(tx + 40), 0x2001);
  assert.equal(adj(0x1000), 0);
  // Turning STA_PLL off resets the status, then the caller's bits apply.
  assert.equal(adj(0x10, [[40, 0]]), 0);
  assert.equal(s.i32(tx + 40), 0);
  assert.equal(adj(0x10, [[40, 0x40 | 0x100]]), 5);
  assert.equal(s.i32(tx + 40), 0x40);
  // ADJ_SETOFFSET moves the wall clock.
  assert.equal(adj(0x100, [[72, 3600], [80, 5]]), 5);
  const ts = s.alloc(16);
  s.sys("clock_gettime", 0, ts);
  assert.equal(Number(s.u64(ts)), EPOCH_SEC + 3600);
  assert.equal(adj(0x100, [[72, -2 * 3600]]), -E.EINVAL);
  dropRoot(s);
  assert.equal(adj(0), 5);
  assert.equal(adj(1), -E.EPERM);
  assert.equal(adj(0xa001), 5);
  assert.equal(adj(0x8001), -E.EPERM);
  assert.equal(adj(0x4000, [[88, 1]]), -E.EPERM);
});

Deno.test("sysfs: the file-system types of /proc/filesystems by name, index and count", () => {
  const s = new Sys();
  const fd = s.open("/proc/filesystems");
  const names = s.read(fd).trim().split("\n").map((l) => l.split("\t")[1]);
  assert.equal(s.sys("sysfs", 3), names.length);
  const b = s.alloc(64);
  names.forEach((n, i) => {
    assert.equal(s.sys("sysfs", 1, s.str(n)), i);
    assert.equal(s.sys("sysfs", 2, i, b), 0);
    assert.equal(s.cstr(b), n);
  });
  assert.equal(s.sys("sysfs", 1, s.str("proc")), names.indexOf("proc"));
  assert.equal(s.sys("sysfs", 1, s.str("nope")), -E.EINVAL);
  assert.equal(s.sys("sysfs", 1, s.str("")), -E.ENOENT);
  assert.equal(s.sys("sysfs", 1, s.str("a".repeat(4999))), -E.ENAMETOOLONG);
  assert.equal(s.sys("sysfs", 1, 8), -E.EFAULT);
  assert.equal(s.sys("sysfs", 2, names.length, b), -E.EINVAL);
  assert.equal(s.sys("sysfs", 2, -1, b), -E.EINVAL);
  assert.equal(s.sys("sysfs", 2, 0, 8), -E.EFAULT);
  assert.equal(s.sys("sysfs", 0), -E.EINVAL);
  assert.equal(s.sys("sysfs", 4), -E.EINVAL);
});
