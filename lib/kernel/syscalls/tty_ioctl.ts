/**
 * Terminal ioctls (the console, pseudo-terminal masters and slaves, and
 * /dev/tty): termios, window size, queue sizes, the controlling terminal
 * and foreground process group, and the master's TIOCGPTN/TIOCSPTLCK.
 * As on Linux, termios, window size and process-group requests on a master
 * act on its slave.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import type { OpenFile } from "../fd_table.ts";
import { ICANON, TERMIOS_SIZE, type Tty } from "../fs/tty.ts";
import { disassociate, setCtty, signalGroup } from "../ctty.ts";
import { ProcState } from "../process.ts";
import { SIGWINCH } from "../signals.ts";
import { Struct } from "./uaccess.ts";
import { EINVAL, EIO, ENOTTY, EPERM, ESRCH, fail } from "../errno.ts";

/** Terminal ioctl requests. */
export const TCGETS = 0x5401,
  TCSETS = 0x5402,
  TCSETSW = 0x5403,
  TCSETSF = 0x5404,
  TCSBRK = 0x5409,
  TCXONC = 0x540a,
  TCFLSH = 0x540b,
  TIOCSCTTY = 0x540e,
  TIOCGPGRP = 0x540f,
  TIOCSPGRP = 0x5410,
  TIOCOUTQ = 0x5411,
  TIOCGWINSZ = 0x5413,
  TIOCSWINSZ = 0x5414,
  FIONREAD = 0x541b,
  TIOCNOTTY = 0x5422,
  TCSBRKP = 0x5425,
  TIOCGSID = 0x5429,
  TIOCGPTN = 0x80045430,
  TIOCSPTLCK = 0x40045431,
  TIOCGPTLCK = 0x80045439;
/** TCFLSH queue selectors. */
const TCIFLUSH = 0, TCOFLUSH = 1, TCIOFLUSH = 2;

/** TIOCSCTTY: make `t` the caller's controlling terminal (tiocsctty). */
function setControlling(k: Kernel, p: Process, f: OpenFile, t: Tty, steal: boolean): void {
  const leader = p.pid === p.sid;
  if (leader && t.session === p.sid) return;
  if (!leader || p.ctty !== null) fail(EPERM);
  if (t.session !== 0) {
    if (!steal || !p.cred.capEffective) fail(EPERM);
    for (const q of k.vfs.procs.values()) if (q.sid === t.session) q.ctty = null;
  }
  if (!f.readable() && !p.cred.capEffective) fail(EPERM);
  setCtty(p, t);
}

/** TIOCSPGRP: move the foreground to group `pgrp` of the caller's session (tiocspgrp). */
function setForeground(k: Kernel, p: Process, t: Tty, pgrp: number): void {
  if (p.ctty !== t || t.session !== p.sid) fail(ENOTTY);
  if (pgrp < 0) fail(EINVAL);
  let found = false;
  for (const q of k.vfs.procs.values()) {
    if (q.pgid !== pgrp || q.state !== ProcState.Alive) continue;
    if (q.sid !== p.sid) fail(EPERM);
    found = true;
  }
  if (!found) fail(ESRCH);
  t.pgrp = pgrp;
}

/** ioctl `req` on terminal file `f`. */
export function ttyIoctl(k: Kernel, p: Process, f: OpenFile, req: number, a: number): number {
  const t = f.inode.tty!;
  const master = t.master === f.inode;
  if (t.hungUp && !master) fail(req === TIOCSPGRP ? ENOTTY : EIO);
  // Requests on the slave (or /dev/tty) about the controlling terminal need it to be the caller's.
  const notMine = !master && p.ctty !== t;
  switch (req) {
    case TCGETS:
      p.mem.writeBytes(a, t.termios);
      return 0;
    case TCSETS:
    case TCSETSW:
    case TCSETSF: {
      const next = p.mem.readBytes(a, TERMIOS_SIZE).slice();
      if (req === TCSETSF) t.flushInput();
      t.setTermios(next);
      return 0;
    }
    case TCSBRK:
    case TCSBRKP:
    case TCXONC:
      return 0;
    case TCFLSH: {
      const q = a | 0;
      if (q < TCIFLUSH || q > TCIOFLUSH) fail(EINVAL);
      // Input of a master is what the slave wrote to it.
      if (q !== TCOFLUSH) {
        if (master) t.output = [];
        else t.flushInput();
      }
      if (q !== TCIFLUSH && !master) t.output = [];
      return 0;
    }
    case TIOCGWINSZ: {
      const [rows, cols] = t.pty ? [t.rows, t.cols] : k.host.terminalSize();
      const ws = new Struct(8).u16(0, rows).u16(2, cols).u16(4, t.xpixel).u16(6, t.ypixel);
      p.mem.writeBytes(a, ws.bytes);
      return 0;
    }
    case TIOCSWINSZ: {
      const b = p.mem.readBytes(a, 8);
      const v = new DataView(b.buffer, b.byteOffset, 8);
      const next = [
        v.getUint16(0, true),
        v.getUint16(2, true),
        v.getUint16(4, true),
        v.getUint16(6, true),
      ];
      if (
        next[0] === t.rows && next[1] === t.cols && next[2] === t.xpixel && next[3] === t.ypixel
      ) {
        return 0;
      }
      [t.rows, t.cols, t.xpixel, t.ypixel] = next;
      signalGroup(k.vfs, t.pgrp, SIGWINCH);
      return 0;
    }
    case FIONREAD: {
      const n = !t.pty
        ? k.stdinBuf.length
        : master
        ? t.output.length
        : t.lflag(ICANON)
        ? t.readable()
        : t.input.length;
      p.mem.write32(a, n);
      return 0;
    }
    case TIOCOUTQ:
      p.mem.write32(a, master ? 0 : t.output.length);
      return 0;
    case TIOCGPGRP:
      if (notMine) fail(ENOTTY);
      p.mem.write32(a, t.pgrp);
      return 0;
    case TIOCSPGRP:
      setForeground(k, p, t, p.mem.read32(a) | 0);
      return 0;
    case TIOCGSID:
      if (notMine || t.session === 0) fail(ENOTTY);
      p.mem.write32(a, t.session);
      return 0;
    case TIOCSCTTY:
      setControlling(k, p, f, t, (a | 0) === 1);
      return 0;
    case TIOCNOTTY:
      if (master || p.ctty !== t) fail(ENOTTY);
      if (p.pid === p.sid) disassociate(k.vfs, p, false);
      else p.ctty = null;
      return 0;
    case TIOCGPTN:
      if (!master) break;
      p.mem.write32(a, t.index);
      return 0;
    case TIOCSPTLCK:
      if (!master) break;
      t.locked = p.mem.read32(a) !== 0;
      return 0;
    case TIOCGPTLCK:
      if (!master) break;
      p.mem.write32(a, t.locked ? 1 : 0);
      return 0;
  }
  return fail(ENOTTY);
}
