/**
 * Terminals: the state one terminal keeps (termios, window size, the
 * session it controls and its foreground process group) and, for the
 * pseudo-terminals of devpts, the line discipline between the two ends
 * (Linux's n_tty): input from the master is edited (ICANON: VERASE, VWERASE,
 * VKILL, VEOF, VEOL), translated (ICRNL, INLCR, IGNCR), echoed (ECHO,
 * ECHOE, ECHOK, ECHOKE, ECHONL, ECHOCTL) and checked for signal characters
 * (ISIG: VINTR, VQUIT, VSUSP); output from the slave goes through OPOST
 * (ONLCR, OCRNL, ONOCR, ONLRET, XTABS).
 *
 * Everything is plain data: the queues are byte arrays, the end-of-file
 * mark of a canonical line is the value `EOF_MARK` in the input queue.
 * @module
 */

import type { Inode } from "./inode.ts";
import type { Vfs } from "./vfs.ts";
import { SIGINT, SIGQUIT, SIGTSTP } from "../signals.ts";

/** struct termios size as TCGETS copies it (c_cc has 19 entries). */
export const TERMIOS_SIZE = 36;
/** c_cc indexes. */
export const VINTR = 0,
  VQUIT = 1,
  VERASE = 2,
  VKILL = 3,
  VEOF = 4,
  VTIME = 5,
  VMIN = 6,
  VSUSP = 10,
  VEOL = 11,
  VWERASE = 14,
  VEOL2 = 16;
/** c_iflag bits. */
export const IGNCR = 0o200, ICRNL = 0o400, INLCR = 0o100, ISTRIP = 0o40, IUTF8 = 0o40000;
/** c_oflag bits. */
export const OPOST = 1, ONLCR = 4, OCRNL = 0o10, ONOCR = 0o20, ONLRET = 0o40, XTABS = 0o14000;
/** c_lflag bits. */
export const ISIG = 1,
  ICANON = 2,
  ECHO = 0o10,
  ECHOE = 0o20,
  ECHOK = 0o40,
  ECHONL = 0o100,
  NOFLSH = 0o200,
  ECHOCTL = 0o1000,
  ECHOKE = 0o4000,
  IEXTEN = 0o100000;
/** The end of a line ended by VEOF (Linux stores __DISABLED_CHAR with a flag). */
export const EOF_MARK = 256;
/** Bytes of slave output the master may leave unread before slave writes wait (Linux: about 64 KiB of flip buffers). */
export const PTY_OUT_MAX = 65536;
/** Linux's N_TTY_BUF_SIZE: a canonical line keeps at most this many bytes less one. */
const N_TTY_BUF_SIZE = 4096;

/** Signals a terminal raises. */

/** struct termios of a freshly opened terminal (tty_std_termios, as `stty sane`). */
export function defaultTermios(): Uint8Array {
  const t = new Uint8Array(TERMIOS_SIZE);
  const v = new DataView(t.buffer);
  v.setUint32(0, 0x500, true); // ICRNL | IXON
  v.setUint32(4, 0x5, true); // OPOST | ONLCR
  v.setUint32(8, 0xbf, true); // B38400 | CS8 | CREAD | HUPCL
  v.setUint32(12, 0x8a3b, true); // ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN
  // c_cc: VINTR ^C, VQUIT ^\, VERASE DEL, VKILL ^U, VEOF ^D, VTIME 0, VMIN 1, ...
  t.set([3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0], 17);
  return t;
}

/** One terminal: the host console or a pseudo-terminal pair. */
export class Tty {
  termios: Uint8Array = defaultTermios();
  /** struct winsize. */
  rows = 0;
  cols = 0;
  xpixel = 0;
  ypixel = 0;
  /** Session this is the controlling terminal of (0: none), and its foreground process group. */
  session = 0;
  pgrp = 0;
  /** The node /dev/tty opens stand for when this is a process's controlling terminal (made on first use). */
  devTty: Inode | null = null;

  // ---- pseudo-terminals only ----
  /** Slave not openable until TIOCSPTLCK(0) (unlockpt). */
  locked = true;
  /** The master has been closed: every slave file is hung up. */
  hungUp = false;
  /** Open files of the slave side (/dev/pts/N, /dev/tty); the master reads EIO once they are gone. */
  slaveOpens = 0;
  /** Linux's TTY_OTHER_CLOSED on the master: the slave was open and is now closed. */
  slaveClosed = false;
  /** Input the slave can read: whole lines in canonical mode (EOF_MARK ends one without a byte). */
  input: number[] = [];
  /** The canonical line being edited (not readable until a line delimiter). */
  line: number[] = [];
  /** What the master can read: the slave's output and the echo. */
  output: number[] = [];
  /** Output column (tabs, ONOCR). */
  column = 0;

  constructor(
    /** Pseudo-terminal number (N of /dev/pts/N); the console is 0 when it is a terminal. */
    readonly index: number,
    /** A devpts pair (false: the host console). */
    readonly pty: boolean,
    /** The slave node (/dev/pts/N) and, for a pair, the master's node (an open /dev/ptmx). */
    readonly slave: Inode,
    readonly master: Inode | null,
    /** The file tree (its processes, and /dev/pts, which a pair leaves when its master closes). */
    readonly vfs: Vfs,
  ) {}

  /** A c_iflag/c_oflag/c_cflag/c_lflag word (offset 0, 4, 8, 12). */
  flag(off: number): number {
    const t = this.termios;
    return (t[off] | (t[off + 1] << 8) | (t[off + 2] << 16) | (t[off + 3] << 24)) >>> 0;
  }

  /** c_cc[i]. */
  cc(i: number): number {
    return this.termios[17 + i];
  }

  /** Is c_lflag bit `bit` set? */
  lflag(bit: number): boolean {
    return (this.flag(12) & bit) !== 0;
  }

  /** Bytes a slave read could take now: FIONREAD, and readiness (canonical: only whole lines). */
  readable(): number {
    let n = 0;
    for (const c of this.input) if (c !== EOF_MARK) n++;
    return n;
  }

  /** Drop unread input (TCIFLUSH, TCSETSF, a signal character without NOFLSH). */
  flushInput(): void {
    this.input = [];
    this.line = [];
  }

  /**
   * New termios: leaving canonical mode makes the line being edited
   * readable; entering it makes what is queued one pushed line (Linux).
   */
  setTermios(t: Uint8Array): void {
    const wasCanon = this.lflag(ICANON);
    this.termios = t;
    if (wasCanon && !this.lflag(ICANON)) {
      this.input.push(...this.line.filter((c) => c !== EOF_MARK));
      this.line = [];
    }
  }
}

/** Output processing of one byte (Linux do_output_char) into the master's queue. */
function outputChar(t: Tty, c: number): void {
  const o = t.flag(4);
  if ((o & OPOST) === 0) {
    t.output.push(c);
    return;
  }
  switch (c) {
    case 10:
      if ((o & ONLCR) !== 0) {
        t.output.push(13, 10);
        t.column = 0;
        return;
      }
      if ((o & ONLRET) !== 0) t.column = 0;
      break;
    case 13:
      if ((o & ONOCR) !== 0 && t.column === 0) return;
      if ((o & OCRNL) !== 0) {
        c = 10;
        if ((o & ONLRET) !== 0) t.column = 0;
        break;
      }
      t.column = 0;
      break;
    case 9: {
      const spaces = 8 - (t.column & 7);
      if ((o & XTABS) === XTABS) {
        for (let i = 0; i < spaces; i++) t.output.push(32);
        t.column += spaces;
        return;
      }
      t.column += spaces;
      break;
    }
    case 8:
      if (t.column > 0) t.column--;
      break;
    default:
      if (c >= 32 && c !== 127 && (c & 0xc0) !== 0x80) t.column++;
  }
  t.output.push(c);
}

/**
 * The slave writes `data`: as many bytes as the master's queue has room
 * for, output-processed. Returns the count taken.
 */
export function slaveWrite(t: Tty, data: Uint8Array): number {
  let i = 0;
  while (i < data.length && t.output.length < PTY_OUT_MAX) outputChar(t, data[i++]);
  return i;
}

/** Echo `c` as it is (echo_char_raw). */
function echoRaw(t: Tty, c: number): void {
  outputChar(t, c);
}

/** Echo `c`, a control character as ^X with ECHOCTL (echo_char). */
function echoChar(t: Tty, c: number): void {
  if (t.lflag(ECHOCTL) && (c < 32 || c === 127) && c !== 9) {
    outputChar(t, 94);
    outputChar(t, c ^ 0o100);
  } else outputChar(t, c);
}

function erase3(t: Tty): void {
  echoRaw(t, 8);
  echoRaw(t, 32);
  echoRaw(t, 8);
}

/** Is `c` a UTF-8 continuation byte that erases along with its lead byte (IUTF8)? */
function continuation(t: Tty, c: number): boolean {
  return (c & 0xc0) === 0x80 && (t.flag(0) & IUTF8) !== 0;
}

/** VERASE, VWERASE or VKILL in canonical mode (Linux eraser). */
function eraser(t: Tty, c: number): void {
  const line = t.line;
  if (line.length === 0) return;
  const kind = c === t.cc(VERASE) ? "erase" : c === t.cc(VWERASE) ? "werase" : "kill";
  const echo = t.lflag(ECHO);
  if (kind === "kill") {
    if (!echo) {
      t.line = [];
      return;
    }
    if (!t.lflag(ECHOK) || !t.lflag(ECHOKE) || !t.lflag(ECHOE)) {
      t.line = [];
      echoChar(t, c);
      if (t.lflag(ECHOK)) echoRaw(t, 10);
      return;
    }
  }
  let alnums = 0;
  while (line.length > 0) {
    let head = line.length;
    let ch: number;
    do ch = line[--head]; while (continuation(t, ch) && head > 0);
    if (continuation(t, ch)) break;
    if (kind === "werase") {
      const word = (ch >= 48 && ch <= 57) || (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) ||
        ch === 95;
      if (word) alnums++;
      else if (alnums > 0) break;
    }
    line.length = head;
    if (echo) {
      if (kind === "erase" && !t.lflag(ECHOE)) echoChar(t, t.cc(VERASE));
      else {
        const ctl = ch < 32 || ch === 127;
        if (ctl && t.lflag(ECHOCTL)) erase3(t);
        if (!ctl || t.lflag(ECHOCTL)) erase3(t);
      }
    }
    if (kind === "erase") break;
  }
}

/** End the canonical line being edited with `c` (a delimiter, or EOF_MARK) and make it readable. */
function endLine(t: Tty, c: number): void {
  t.line.push(c);
  t.input.push(...t.line);
  t.line = [];
}

/**
 * The master writes `data`: each byte goes through the slave's input
 * processing. Returns the signals to send to the foreground process group,
 * in order.
 */
export function masterWrite(t: Tty, data: Uint8Array): number[] {
  const sigs: number[] = [];
  for (let i = 0; i < data.length; i++) {
    let c = data[i];
    const iflag = t.flag(0);
    if ((iflag & ISTRIP) !== 0) c &= 0x7f;
    if (c === 13) {
      if ((iflag & IGNCR) !== 0) continue;
      if ((iflag & ICRNL) !== 0) c = 10;
    } else if (c === 10 && (iflag & INLCR) !== 0) c = 13;
    const special = (k: number) => c !== 0 && c === t.cc(k);
    if (t.lflag(ISIG)) {
      const sig = special(VINTR) ? SIGINT : special(VQUIT) ? SIGQUIT : special(VSUSP) ? SIGTSTP : 0;
      if (sig !== 0) {
        if (!t.lflag(NOFLSH)) t.flushInput();
        sigs.push(sig);
        if (t.lflag(ECHO)) echoChar(t, c);
        continue;
      }
    }
    const echo = t.lflag(ECHO);
    if (!t.lflag(ICANON)) {
      if (echo) echoChar(t, c);
      t.input.push(c);
      continue;
    }
    const iexten = t.lflag(IEXTEN);
    if (special(VERASE) || special(VKILL) || (iexten && special(VWERASE))) {
      eraser(t, c);
      continue;
    }
    if (c === 10) {
      if (echo || t.lflag(ECHONL)) echoRaw(t, 10);
      endLine(t, 10);
      continue;
    }
    if (special(VEOF)) {
      endLine(t, EOF_MARK);
      continue;
    }
    if (special(VEOL) || (iexten && special(VEOL2))) {
      if (echo) echoChar(t, c);
      endLine(t, c);
      continue;
    }
    // A full line takes no more bytes (only a delimiter, above).
    if (t.line.length >= N_TTY_BUF_SIZE - 1) continue;
    if (echo) echoChar(t, c);
    t.line.push(c);
  }
  return sigs;
}

/**
 * Take up to `len` bytes a slave read returns: in canonical mode up to the
 * end of the first line (its delimiter included, a VEOF mark consumed but
 * not returned); otherwise what is queued.
 */
export function takeInput(t: Tty, len: number): Uint8Array {
  const q = t.input;
  if (!t.lflag(ICANON)) {
    const out = Uint8Array.from(q.slice(0, len));
    t.input = q.slice(out.length);
    return out;
  }
  const out: number[] = [];
  let i = 0, ended = false;
  while (i < q.length && out.length < len && !ended) {
    const c = q[i++];
    ended = c === EOF_MARK || c === 10 || (c !== 0 && (c === t.cc(VEOL) || c === t.cc(VEOL2)));
    if (c !== EOF_MARK) out.push(c);
  }
  // A line that fitted exactly still consumes its VEOF mark.
  if (!ended && q[i] === EOF_MARK) i++;
  t.input = q.slice(i);
  return Uint8Array.from(out);
}
