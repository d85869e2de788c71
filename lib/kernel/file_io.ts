/**
 * Reading and writing an open file description, whatever it refers to:
 * regular files (memory or host), procfs files, /dev devices, pipes and
 * FIFOs, and the host console. Shared by read/write/readv/pread/sendfile...
 *
 * Reading an empty pipe that still has a writer, or writing to a full one,
 * blocks the calling thread (unless O_NONBLOCK) until the pipe changes; the
 * scheduler then retries the call.
 * @module
 */

import { fsnotifyNode, IN_ACCESS, IN_MODIFY, takeEvents } from "./fs/inotify.ts";
import { liveNotify } from "./ipc/mqueue.ts";
import type { Kernel } from "./kernel.ts";
import type { Process } from "./process.ts";
import { O_APPEND, O_DIRECT, O_NONBLOCK, type OpenFile } from "./fd_table.ts";
import { FsKind, type Inode, S_IFCHR, S_IFDIR, S_IFMT } from "./fs/inode.ts";
import { readData, refresh, writeData } from "./fs/fsops.ts";
import { deviceRead, deviceWrite } from "./fs/devices.ts";
import { hasSuidBits } from "./fs/perm.ts";
import { PROC_COMM } from "./fs/procfs.ts";
import { RLIMIT_FSIZE } from "./process.ts";
import { sendThreadSignal, SIGPIPE, SIGXFSZ, takeSignal } from "./signals.ts";
import { SIGNALFD_SIGINFO_SIZE, signalfdSiginfo } from "./fs/signalfd.ts";
import { block } from "./thread.ts";
import { EAGAIN, EFBIG, EINVAL, EISDIR, EPERM, EPIPE, fail } from "./errno.ts";
import { waitIo } from "./ready.ts";
import { sockRead, sockWrite } from "./net/unix_io.ts";
import { ptyRead, ptyWrite } from "./fs/pty.ts";

/** memfd seals. */
export const F_SEAL_SEAL = 1,
  F_SEAL_SHRINK = 2,
  F_SEAL_GROW = 4,
  F_SEAL_WRITE = 8,
  F_SEAL_FUTURE_WRITE = 16;
/** Files never grow past 2^53 bytes here (offsets are JS numbers); Linux's limit is 2^63-1. */
export const MAX_FILE_SIZE = Number.MAX_SAFE_INTEGER;

/**
 * read() of a timerfd: the expirations so far. A blocking read of a timer
 * that has not fired waits (in virtual time) until it does.
 */
function readTimer(k: Kernel, f: OpenFile, len: number): Uint8Array {
  const t = f.inode.timerfd!;
  if (len < 8) fail(EINVAL);
  t.update(k.nowNs);
  if (t.ticks === 0) {
    if ((f.flags & O_NONBLOCK) !== 0) fail(EAGAIN);
    waitIo(k, [f.inode], t.expiry < 0 ? null : t.expiry);
  }
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(t.ticks), true);
  t.ticks = 0;
  f.inode.pollGen++;
  return out;
}

/**
 * read() of a signalfd: as many signals of its set as `len` has room for,
 * taken from the reading thread's pending signals (then its process's); a
 * blocking read with none pending waits for the first.
 */
function readSignals(k: Kernel, f: OpenFile, len: number): Uint8Array {
  const { maskLo, maskHi } = f.inode.signalfd!;
  const room = Math.floor(len / SIGNALFD_SIGINFO_SIZE);
  if (room === 0) fail(EINVAL);
  const t = k.current!;
  const out: Uint8Array[] = [];
  while (out.length < room) {
    const info = takeSignal(k, t, maskLo, maskHi);
    if (info === null) break;
    out.push(signalfdSiginfo(info));
  }
  if (out.length === 0) {
    if ((f.flags & O_NONBLOCK) !== 0) fail(EAGAIN);
    block(t, { kind: "sigwait", lo: maskLo, hi: maskHi, deadline: null });
  }
  const b = new Uint8Array(out.length * SIGNALFD_SIGINFO_SIZE);
  out.forEach((x, i) => b.set(x, i * SIGNALFD_SIGINFO_SIZE));
  return b;
}

/**
 * read() of an inotify instance: the queued events that fit (EINVAL if not
 * even the first does); a blocking read waits for one.
 */
function readInotify(k: Kernel, f: OpenFile, len: number): Uint8Array {
  const ino = f.inode.inotify!;
  if (ino.queue.length === 0) {
    if ((f.flags & O_NONBLOCK) !== 0) fail(EAGAIN);
    waitIo(k, [f.inode], null);
  }
  const out = takeEvents(ino, len);
  return out.length > 0 ? out : fail(EINVAL);
}

/** Does the file have a position that lseek/pread can use? (Pipes and terminals do not.) */
export function seekable(n: Inode): boolean {
  return n.pipe === null && n.hostFd < 0 && n.tty === null && n.eventfd === null &&
    n.timerfd === null &&
    n.signalfd === null && n.pidfd === null && n.inotify === null && n.socket === null;
}

/**
 * Read up to `len` bytes. `pos` null means at (and advancing) the file
 * offset; a number means pread at that offset.
 */
export function fileRead(k: Kernel, f: OpenFile, len: number, pos: number | null): Uint8Array {
  const n = f.inode;
  if ((n.mode & S_IFMT) === S_IFDIR) fail(EISDIR);
  if (n.hostFd >= 0) return k.readConsole(len);
  if (n.tty !== null) return ptyRead(k, f, len);
  if (n.socket !== null) return sockRead(k, f, len);
  if (n.pipe !== null) {
    const pipe = n.pipe;
    if (len === 0) return new Uint8Array(0);
    if (pipe.len === 0) {
      if (pipe.writers === 0) return new Uint8Array(0);
      if ((f.flags & O_NONBLOCK) !== 0) fail(EAGAIN);
      waitIo(k, [n], null);
    }
    n.pollGen++;
    return pipe.read(len);
  }
  if ((n.mode & S_IFMT) === S_IFCHR) return deviceRead(n.rdev, len, k.rng);
  if (n.timerfd !== null) return readTimer(k, f, len);
  if (n.signalfd !== null) return readSignals(k, f, len);
  if (n.pidfd !== null) fail(EINVAL);
  if (n.inotify !== null) return readInotify(k, f, len);
  if (n.mqueue !== null) {
    // The queue's state as text, read like a small file from the offset.
    liveNotify(k, n);
    const text = new TextEncoder().encode(n.mqueue.text());
    const at = pos ?? f.pos;
    const out = text.slice(at, at + len);
    if (pos === null) f.pos = at + out.length;
    return out;
  }
  if (n.eventfd !== null) {
    if (len >= 8 && !n.eventfd.readable() && (f.flags & O_NONBLOCK) === 0) waitIo(k, [n], null);
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, n.eventfd.take(len), true);
    n.pollGen++;
    return out;
  }
  const at = pos ?? f.pos;
  let out: Uint8Array;
  if (n.fs.kind === FsKind.Proc) {
    const c = f.content ?? new Uint8Array(0);
    out = at >= c.length ? new Uint8Array(0) : c.slice(at, at + len);
  } else {
    out = readData(n, at, len);
    if (n.fs.kind === FsKind.Mem) k.vfs.touchAccess(n);
    if (out.length > 0) fsnotifyNode(n, IN_ACCESS, f.parent, f.name);
  }
  if (pos === null) f.pos = at + out.length;
  return out;
}

/** Write `data`; `pos` as for fileRead. Returns the count written. */
export function fileWrite(
  k: Kernel,
  p: Process,
  f: OpenFile,
  data: Uint8Array,
  pos: number | null,
): number {
  const n = f.inode;
  if (n.hostFd >= 0) {
    if (data.length > 0) {
      if (n.hostFd === 2) k.host.writeStderr(data);
      else k.host.writeStdout(data);
    }
    return data.length;
  }
  if (n.tty !== null) return ptyWrite(k, p, f, data);
  if (n.socket !== null) return sockWrite(k, p, f, data);
  if (n.pipe !== null) {
    const pipe = n.pipe;
    if (data.length === 0) return 0;
    // A blocked write that is retried continues after the bytes it already wrote.
    const w = p.thread.wait;
    let done = w !== null && w.kind === "io" ? w.done : 0;
    if (pipe.readers === 0) {
      sendThreadSignal(p.thread, SIGPIPE);
      return done > 0 ? done : fail(EPIPE);
    }
    const written = pipe.write(data.subarray(done), (f.flags & O_DIRECT) !== 0);
    if (written > 0) n.pollGen++;
    done += written;
    if (done === data.length) return done;
    if ((f.flags & O_NONBLOCK) !== 0) return done > 0 ? done : fail(EAGAIN);
    return waitIo(k, [n], null, null, done);
  }
  if ((n.mode & S_IFMT) === S_IFCHR) {
    const r = deviceWrite(n.rdev, data.length);
    return r < 0 ? fail(-r) : r;
  }
  if (
    n.timerfd !== null || n.signalfd !== null || n.pidfd !== null || n.inotify !== null ||
    n.mqueue !== null
  ) {
    fail(EINVAL);
  }
  if (n.eventfd !== null) {
    const v = data.length < 8
      ? 0n
      : new DataView(data.buffer, data.byteOffset).getBigUint64(0, true);
    const blocking = (f.flags & O_NONBLOCK) === 0 && v !== 0xffffffffffffffffn;
    if (blocking && data.length >= 8 && !n.eventfd.fits(v)) waitIo(k, [n], null);
    n.eventfd.add(data.length, v);
    n.pollGen++;
    return 8;
  }
  if (n.fs.kind === FsKind.Proc) {
    if (n.procKind !== PROC_COMM) fail(EINVAL);
    const target = k.vfs.procs.get(n.procPid);
    if (target !== undefined) {
      let s = "";
      for (let i = 0; i < Math.min(data.length, 15) && data[i] !== 0; i++) {
        s += String.fromCharCode(data[i]);
      }
      target.comm = s;
    }
    return data.length;
  }
  // Linux appends even for pwrite on an O_APPEND file.
  const append = (f.flags & O_APPEND) !== 0;
  if (append) refresh(n);
  const at = append ? n.size : pos ?? f.pos;
  if (n.seals >= 0) {
    if ((n.seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)) !== 0) fail(EPERM);
    if ((n.seals & F_SEAL_GROW) !== 0 && at + data.length > n.size) fail(EPERM);
  }
  let bytes = data;
  const limit = p.rlimits[RLIMIT_FSIZE].cur;
  if (at + bytes.length > limit) {
    if (at >= limit) {
      sendThreadSignal(p.thread, SIGXFSZ);
      fail(EFBIG);
    }
    bytes = bytes.subarray(0, limit - at);
  }
  if (at + bytes.length > MAX_FILE_SIZE) fail(EFBIG);
  if (bytes.length === 0) return 0;
  writeData(k.vfs, n, at, bytes);
  fsnotifyNode(n, IN_MODIFY, f.parent, f.name);
  if (hasSuidBits(n) && !p.cred.capEffective) {
    n.mode &= ~0o4000;
    if ((n.mode & 0o2010) === 0o2010) n.mode &= ~0o2000;
  }
  if (pos === null) f.pos = at + bytes.length;
  return bytes.length;
}
