/**
 * /dev/tty and the console as controlling terminal. Native recordings run
 * without a terminal (tests/guest/src/tty.c covers ENXIO there, pty.c the
 * pseudo-terminals), so the terminal-console path is checked here with a
 * host whose standard streams are a terminal.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const O_RDWR = 2, O_NOCTTY = 0o400;
const TIOCSCTTY = 0x540e, TIOCGPGRP = 0x540f, TIOCSPGRP = 0x5410, TIOCNOTTY = 0x5422;
const TIOCGSID = 0x5429, TIOCGWINSZ = 0x5413, TCGETS = 0x5401, TIOCGPTN = 0x80045430;

/** A kernel whose host console is a terminal; `out` collects what reaches the host's stdout. */
function terminal(): { s: Sys; out: string[] } {
  const out: string[] = [];
  const host = {
    readStdin: () => new TextEncoder().encode("typed\n"),
    writeStdout: (b: Uint8Array) => {
      out.push(new TextDecoder().decode(b));
    },
    writeStderr: () => {},
    isTerminal: () => true,
    terminalSize: (): [number, number] => [30, 100],
  };
  return { s: new Sys({ host }), out };
}

Deno.test("/dev/tty: the console is the first session's controlling terminal", () => {
  const { s, out } = terminal();
  const fd = s.open("/dev/tty", O_RDWR);
  assert.ok(fd >= 3);
  const st = s.stat("/dev/tty");
  assert.ok(typeof st !== "number");
  assert.equal(st.mode, 0o20666);
  assert.equal(st.rdev, (5 << 8) | 0);
  assert.equal(s.write(fd, "hi\n"), 3);
  assert.deepEqual(out, ["hi\n"], "writes reach the console");
  assert.equal(s.read(fd, 64), "typed\n", "reads take the console's input");
  const v = s.alloc(8);
  assert.equal(s.sys("ioctl", fd, TIOCGSID, v), 0);
  assert.equal(s.u32(v), s.p.pid);
  assert.equal(s.sys("ioctl", fd, TIOCGPGRP, v), 0);
  assert.equal(s.u32(v), s.p.pgid);
  s.mem.write32(v, s.p.pgid);
  assert.equal(s.sys("ioctl", fd, TIOCSPGRP, v), 0);
  s.mem.write32(v, 12345);
  assert.equal(s.sys("ioctl", fd, TIOCSPGRP, v), -E.ESRCH);
  s.mem.write32(v, -1);
  assert.equal(s.sys("ioctl", fd, TIOCSPGRP, v), -E.EINVAL);
  assert.equal(s.sys("ioctl", fd, TIOCGWINSZ, v), 0);
  assert.deepEqual([s.u16(v), s.u16(v + 2)], [30, 100]);
  assert.equal(s.sys("ioctl", fd, TCGETS, s.alloc(36)), 0);
  const pts = s.stat("/dev/pts/0");
  assert.ok(typeof pts !== "number");
  assert.equal(pts.rdev, 136 << 8, "the console is /dev/pts/0");
});

/** Ignore SIGHUP: a session leader's TIOCNOTTY sends it to the foreground group, the leader's own. */
function ignoreHangup(s: Sys): void {
  const act = s.alloc(32);
  s.mem.write64(act, 1, 0); // SIG_IGN
  assert.equal(s.sys("rt_sigaction", 1, act, 0, 8), 0);
}

Deno.test("/dev/tty: TIOCNOTTY gives the terminal up, TIOCSCTTY takes it back", () => {
  const { s } = terminal();
  ignoreHangup(s);
  assert.equal(s.sys("ioctl", 0, TIOCNOTTY), 0);
  assert.equal(s.open("/dev/tty", O_RDWR), -E.ENXIO);
  assert.equal(s.sys("ioctl", 0, TIOCGPGRP, s.alloc(4)), -E.ENOTTY, "no longer ours");
  assert.equal(s.sys("ioctl", 0, TIOCNOTTY), -E.ENOTTY);
  assert.equal(s.sys("ioctl", 0, TIOCSCTTY, 0), 0);
  assert.ok(s.open("/dev/tty", O_RDWR) >= 3);
  assert.equal(s.sys("ioctl", 0, TIOCSCTTY, 0), 0, "already ours");
});

Deno.test("/dev/tty: opening the console's /dev/pts/0 reacquires it unless O_NOCTTY", () => {
  const { s } = terminal();
  ignoreHangup(s);
  assert.equal(s.sys("ioctl", 0, TIOCNOTTY), 0);
  assert.ok(s.open("/dev/pts/0", O_RDWR | O_NOCTTY) >= 3);
  assert.equal(s.open("/dev/tty", O_RDWR), -E.ENXIO);
  assert.ok(s.open("/dev/pts/0", O_RDWR) >= 3);
  assert.ok(s.open("/dev/tty", O_RDWR) >= 3);
});

Deno.test("/dev/tty: ENXIO without a terminal; pseudo-terminals number from 1 after the console", () => {
  const plain = new Sys();
  assert.equal(plain.open("/dev/tty", O_RDWR), -E.ENXIO);
  const n = plain.alloc(4);
  const m0 = plain.open("/dev/ptmx", O_RDWR);
  assert.equal(plain.sys("ioctl", m0, TIOCGPTN, n), 0);
  assert.equal(plain.u32(n), 0, "no console terminal: the first pair is /dev/pts/0");
  const { s } = terminal();
  const m = s.open("/dev/ptmx", O_RDWR);
  assert.equal(s.sys("ioctl", m, TIOCGPTN, n), 0);
  assert.equal(s.u32(n), 1);
  assert.equal(s.sys("close", m), 0);
  assert.equal(s.stat("/dev/pts/1"), -E.ENOENT, "the slave goes with its master");
});
