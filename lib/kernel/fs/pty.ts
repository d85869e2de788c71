/**
 * Pseudo-terminals (devpts) and /dev/tty: opening /dev/ptmx makes a pair
 * (a master node and /dev/pts/N), opening /dev/pts/N or /dev/tty reaches a
 * terminal's slave side; reads, writes, readiness and the last close of
 * either end. The line discipline itself is in tty.ts.
 *
 * An open master is a node of its own that stats like /dev/ptmx; an open
 * /dev/tty is the terminal's `devTty` node, which stats like /dev/tty. Every
 * node of a pair counts as changed (`pollGen`) when the pair does, so a
 * blocked read, poll or epoll on any of them looks again.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { O_NONBLOCK, type OpenFile } from "../fd_table.ts";
import { type Inode, makedev, S_IFCHR } from "./inode.ts";
import { DEV_PTMX, DEV_TTY, PTS_MAJOR } from "./devices.ts";
import type { Vfs } from "./vfs.ts";
import {
  ICANON,
  masterWrite,
  PTY_OUT_MAX,
  slaveWrite,
  takeInput,
  Tty,
  VMIN,
  VTIME,
} from "./tty.ts";
import { hangupSession, openerAcquires, signalGroup } from "../ctty.ts";
import { waitIo } from "../ready.ts";
import { EAGAIN, EIO, ENXIO, fail } from "../errno.ts";
import { POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from "../ready.ts";

/** devpts inode numbers: the root is 1, ptmx 2, /dev/pts/N is N + 3. */
export const PTS_FIRST_INO = 3;

/** Every node standing for `t`: its change wakes whoever waits on any. */
function changed(t: Tty): void {
  t.slave.pollGen++;
  if (t.master !== null) t.master.pollGen++;
  if (t.devTty !== null) t.devTty.pollGen++;
}

/** Is this open file the master of a pair? */
function isMaster(f: OpenFile): boolean {
  return f.inode.tty!.master === f.inode;
}

/** Open /dev/ptmx: a new locked pair with the lowest free number; returns the master's node. */
export function openPtmx(vfs: Vfs, p: Process): Inode {
  const dir = vfs.ptsRoot;
  let index = 0;
  while (dir.entries!.has(String(index))) index++;
  const slave = vfs.newInode(
    vfs.ptsFs,
    S_IFCHR | 0o600,
    p.cred.fsuid,
    p.cred.fsgid,
    index + PTS_FIRST_INO,
  );
  slave.rdev = makedev(PTS_MAJOR, index);
  const ptmx = vfs.ptmxNode;
  const master = vfs.newInode(ptmx.fs, ptmx.mode, ptmx.uid, ptmx.gid, ptmx.ino);
  master.rdev = DEV_PTMX;
  const t = new Tty(index, true, slave, master, vfs);
  slave.tty = master.tty = t;
  vfs.link(dir, String(index), slave);
  return master;
}

/** The node an open of /dev/tty stands for: the caller's controlling terminal (ENXIO: none). */
export function openDevTty(vfs: Vfs, p: Process): Inode {
  const t = p.ctty ?? fail(ENXIO);
  if (t.devTty === null) {
    const node = vfs.ttyNode;
    const n = vfs.newInode(node.fs, node.mode, node.uid, node.gid, node.ino);
    n.rdev = DEV_TTY;
    n.tty = t;
    // The console's /dev/tty writes where its standard output does.
    n.hostFd = t.pty ? -1 : 1;
    t.devTty = n;
  }
  return t.devTty;
}

/**
 * An open of a terminal's slave side (/dev/pts/N, or /dev/tty): EIO while
 * the pair is locked; a session leader without a terminal may acquire it.
 */
export function openSlave(p: Process, n: Inode, noctty: boolean): void {
  const t = n.tty!;
  if (t.pty) {
    if (t.locked && n === t.slave) fail(EIO);
    t.slaveOpens++;
    t.slaveClosed = false;
  }
  openerAcquires(p, t, noctty);
}

/** The last close of an open file of a pair. */
export function ptyRelease(f: OpenFile): void {
  const t = f.inode.tty!;
  if (!t.pty) return;
  if (isMaster(f)) {
    // The slave is hung up and /dev/pts/N goes away (devpts_pty_kill).
    t.hungUp = true;
    const dir = t.vfs.ptsRoot;
    const name = String(t.index);
    if (dir.entries!.get(name) === t.slave) t.vfs.unlink(dir, name, t.slave);
    hangupSession(t.vfs, t);
  } else if (--t.slaveOpens === 0) t.slaveClosed = true;
  changed(t);
}

/** Bytes the slave side may read now, for readiness (VMIN counts when VTIME is 0, as n_tty_poll). */
function slaveReady(t: Tty): boolean {
  if (t.lflag(ICANON)) return t.input.length > 0;
  const min = t.cc(VMIN);
  return t.input.length >= (t.cc(VTIME) === 0 && min > 0 ? min : 1);
}

/** poll events of an open file of a pair. */
export function ptyReadiness(f: OpenFile): number {
  const t = f.inode.tty!;
  if (isMaster(f)) {
    return (t.output.length > 0 ? POLLIN | POLLRDNORM : 0) | (t.slaveClosed ? POLLHUP : 0) |
      POLLOUT | POLLWRNORM;
  }
  if (t.hungUp) return POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | POLLWRNORM;
  return (slaveReady(t) ? POLLIN | POLLRDNORM : 0) |
    (t.output.length < PTY_OUT_MAX ? POLLOUT | POLLWRNORM : 0);
}

/**
 * A slave read in non-canonical mode (VMIN, VTIME in tenths of a second):
 * VMIN 0 with VTIME 0 returns what is there; VTIME alone waits that long
 * for a byte; VMIN waits for that many bytes (or, with VTIME, for VTIME
 * after the first).
 */
function rawRead(k: Kernel, f: OpenFile, t: Tty, len: number): Uint8Array {
  const min = Math.min(t.cc(VMIN), len);
  const timeNs = t.cc(VTIME) * 100_000_000;
  const have = t.input.length;
  if (min === 0 && timeNs === 0) return takeInput(t, len);
  if (have >= Math.max(min, 1)) return takeInput(t, len);
  if ((f.flags & O_NONBLOCK) !== 0) return have > 0 ? takeInput(t, len) : fail(EAGAIN);
  if (timeNs > 0 && (min === 0 || have > 0)) {
    const w = k.current!.wait;
    const expires = w !== null && w.kind === "io" && w.expires !== null
      ? w.expires
      : k.nowNs + timeNs;
    if (k.nowNs >= expires) return takeInput(t, len);
    waitIo(k, [f.inode], expires, expires);
  }
  return waitIo(k, [f.inode], null);
}

/** read() of an open file of a pair (the master, /dev/pts/N, or /dev/tty). */
export function ptyRead(k: Kernel, f: OpenFile, len: number): Uint8Array {
  const t = f.inode.tty!;
  if (isMaster(f)) {
    if (t.output.length === 0) {
      if (t.slaveClosed) fail(EIO);
      if ((f.flags & O_NONBLOCK) !== 0) fail(EAGAIN);
      waitIo(k, [f.inode], null);
    }
    const out = Uint8Array.from(t.output.slice(0, len));
    t.output = t.output.slice(out.length);
    changed(t);
    return out;
  }
  if (t.hungUp || len === 0) return new Uint8Array(0);
  let out: Uint8Array;
  if (!t.lflag(ICANON)) out = rawRead(k, f, t, len);
  else {
    if (t.input.length === 0) {
      if ((f.flags & O_NONBLOCK) !== 0) fail(EAGAIN);
      waitIo(k, [f.inode], null);
    }
    out = takeInput(t, len);
  }
  changed(t);
  return out;
}

/** write() to an open file of a pair. */
export function ptyWrite(k: Kernel, p: Process, f: OpenFile, data: Uint8Array): number {
  const t = f.inode.tty!;
  if (isMaster(f)) {
    for (const sig of masterWrite(t, data)) signalGroup(k.vfs, t.pgrp, sig);
    changed(t);
    return data.length;
  }
  if (t.hungUp) fail(EIO);
  if (data.length === 0) return 0;
  // A blocked write that is retried continues after the bytes it already wrote.
  const w = p.thread.wait;
  let done = w !== null && w.kind === "io" ? w.done : 0;
  const took = slaveWrite(t, data.subarray(done));
  if (took > 0) changed(t);
  done += took;
  if (done === data.length) return done;
  if ((f.flags & O_NONBLOCK) !== 0) return done > 0 ? done : fail(EAGAIN);
  return waitIo(k, [f.inode], null, null, done);
}
