/**
 * AF_UNIX operations that move data or wait for a peer: sending and
 * receiving (stream, datagram and seqpacket rules), connecting, accepting
 * and shutting down. A call that must wait blocks the thread on the
 * sockets' inodes (an io wait, so poll/select/epoll share the mechanism)
 * and is retried from the recorded progress; SO_RCVTIMEO/SO_SNDTIMEO bound
 * the wait and end it with EAGAIN.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { O_NONBLOCK, type OpenFile } from "../fd_table.ts";
import { S_IFSOCK } from "../fs/inode.ts";
import { waitIo } from "../ready.ts";
import { sendThreadSignal, SIGPIPE } from "../signals.ts";
import {
  EAGAIN,
  ECONNREFUSED,
  EINVAL,
  EISCONN,
  EMSGSIZE,
  ENOTCONN,
  EOPNOTSUPP,
  EPERM,
  EPIPE,
  fail,
} from "../errno.ts";
import { autobind, findSocket } from "./unix_names.ts";
import { type UnixName, unixName } from "./sockaddr.ts";
import {
  dequeue,
  enqueue,
  RCV_SHUTDOWN,
  SEND_SHUTDOWN,
  SOCK_SEQPACKET,
  SOCK_STREAM,
  SockMsg,
  SockState,
  streamChunk,
  truesize,
  Ucred,
  UnixSocket,
  wake,
} from "./unix_socket.ts";

/** send/recv flags. */
export const MSG_OOB = 0x1,
  MSG_PEEK = 0x2,
  MSG_CTRUNC = 0x8,
  MSG_TRUNC = 0x20,
  MSG_DONTWAIT = 0x40,
  MSG_WAITALL = 0x100,
  MSG_NOSIGNAL = 0x4000,
  MSG_WAITFORONE = 0x10000,
  MSG_CMSG_CLOEXEC = 0x40000000;

/** Ancillary data of a send: descriptions to pass and explicit credentials. */
export interface Scm {
  fds: OpenFile[] | null;
  cred: Ucred | null;
}

/** What a receive got besides the bytes the sink took. */
export interface Received {
  /** The call's result: bytes received (or, with MSG_TRUNC on a datagram, its full length). */
  n: number;
  /** The sender (its address is the source address), or null. */
  from: UnixSocket | null;
  /** Passed descriptions, each holding one reference for the receiver. */
  fds: OpenFile[] | null;
  /** SCM_CREDENTIALS to report (the receiver has SO_PASSCRED), or null. */
  cred: Ucred | null;
  /** MSG_TRUNC when a datagram did not fit. */
  flags: number;
}

/** Where received bytes go: `at` is the offset in the caller's buffer. */
export interface Sink {
  put(bytes: Uint8Array, at: number): void;
}

/** Credentials of a process as SO_PEERCRED reports them (effective ids). */
export function peerCred(p: Process): Ucred {
  return new Ucred(p.pid, p.cred.euid, p.cred.egid);
}

/** Credentials a message carries by default (real ids). */
function senderCred(p: Process): Ucred {
  return new Ucred(p.pid, p.cred.uid, p.cred.gid);
}

/** A new socket with its sockfs inode, owned by the caller. */
export function newSocket(k: Kernel, p: Process, type: number, protocol: number): UnixSocket {
  const n = k.vfs.newInode(k.vfs.sockFs, S_IFSOCK | 0o777, p.cred.fsuid, p.cred.fsgid);
  const s = new UnixSocket(type, protocol, n, k.unix);
  n.socket = s;
  return s;
}

/** The call may not wait: O_NONBLOCK on the description or MSG_DONTWAIT. */
function nonblocking(f: OpenFile, flags: number): boolean {
  return (f.flags & O_NONBLOCK) !== 0 || (flags & MSG_DONTWAIT) !== 0;
}

/** Progress a retried call recorded when it blocked (bytes already moved). */
function progress(k: Kernel): number {
  const w = k.current!.wait;
  return w !== null && w.kind === "io" ? w.done : 0;
}

/**
 * Block until one of `socks` changes, keeping `done`; returns (without
 * blocking) once the socket timeout `timeoNs` (0: none), counted from the
 * first wait, has passed: the caller then reports EAGAIN or its progress.
 */
function sockWait(k: Kernel, socks: UnixSocket[], timeoNs: number, done: number): void {
  const w = k.current!.wait;
  const expires = w !== null && w.kind === "io"
    ? w.expires
    : timeoNs > 0
    ? k.nowNs + timeoNs
    : null;
  if (expires !== null && k.nowNs >= expires) return;
  waitIo(k, socks.map((s) => s.inode), expires, expires, done);
}

/** Take one in-flight reference on each description (they travel with a message). */
function hold(fds: OpenFile[] | null): OpenFile[] | null {
  if (fds === null || fds.length === 0) return null;
  for (const f of fds) f.refs++;
  return fds.slice();
}

/** The credentials a message from `s` to `to` carries: explicit ones, or the sender's if either end asked. */
function credFor(p: Process, s: UnixSocket, to: UnixSocket, scm: Scm): Ucred | null {
  if (scm.cred !== null) return scm.cred;
  return s.passcred || to.passcred ? senderCred(p) : null;
}

/**
 * send/sendto/sendmsg/write on socket `f`: `dest` is the address given (or
 * null when none or an empty one). Returns the bytes sent; EPIPE (with SIGPIPE unless MSG_NOSIGNAL)
 * on a stream whose other end is gone.
 */
export function sockSend(
  k: Kernel,
  p: Process,
  f: OpenFile,
  data: Uint8Array,
  flags: number,
  dest: Uint8Array | null,
  scm: Scm,
): number {
  const s = f.inode.socket!;
  if ((flags & MSG_OOB) !== 0) fail(EOPNOTSUPP);
  if (s.type === SOCK_STREAM) return streamSend(k, p, f, s, data, flags, dest, scm);
  return dgramSend(k, p, f, s, data, flags, dest, scm);
}

function streamSend(
  k: Kernel,
  p: Process,
  f: OpenFile,
  s: UnixSocket,
  data: Uint8Array,
  flags: number,
  dest: Uint8Array | null,
  scm: Scm,
): number {
  if (dest !== null) fail(s.state === SockState.Connected ? EISCONN : EOPNOTSUPP);
  const other = s.peer;
  if (s.state !== SockState.Connected || other === null) fail(ENOTCONN);
  let sent = progress(k);
  while (sent < data.length) {
    if ((s.shutdown & SEND_SHUTDOWN) !== 0 || other.dead || (other.shutdown & RCV_SHUTDOWN) !== 0) {
      if (sent === 0 && (flags & MSG_NOSIGNAL) === 0) sendThreadSignal(p.thread, SIGPIPE);
      return sent > 0 ? sent : fail(EPIPE);
    }
    if (s.wmem >= s.sndbuf) {
      if (!nonblocking(f, flags)) sockWait(k, [s, other], s.sndtimeo, sent);
      return sent > 0 ? sent : fail(EAGAIN);
    }
    const size = Math.min(data.length - sent, streamChunk(s.sndbuf));
    const fds = sent === 0 ? hold(scm.fds) : null;
    const bytes = data.slice(sent, sent + size);
    enqueue(other, new SockMsg(bytes, truesize(size, true), s, fds, credFor(p, s, other, scm)));
    sent += size;
  }
  return sent;
}

function dgramSend(
  k: Kernel,
  p: Process,
  f: OpenFile,
  s: UnixSocket,
  data: Uint8Array,
  flags: number,
  dest: Uint8Array | null,
  scm: Scm,
): number {
  let name: UnixName | null = null;
  if (s.type === SOCK_SEQPACKET) {
    if (s.state !== SockState.Connected) fail(ENOTCONN);
  } else if (dest !== null) name = unixName(dest);
  if (name === null && s.peer === null) fail(ENOTCONN);
  if (s.passcred) autobind(k, s);
  if (data.length > s.sndbuf - 32) fail(EMSGSIZE);
  if ((s.shutdown & SEND_SHUTDOWN) !== 0) fail(EPIPE);
  if (s.wmem >= s.sndbuf) {
    if (!nonblocking(f, flags)) sockWait(k, [s], s.sndtimeo, 0);
    fail(EAGAIN);
  }
  const other = name !== null ? findSocket(k, p, name, s.type) : s.peer!;
  if (other.peer !== null && other.peer !== s) fail(EPERM);
  if (other.dead) {
    if (s.type === SOCK_SEQPACKET) fail(EPIPE);
    if (s.peer === other) {
      s.peer = null;
      s.state = SockState.Closed;
    }
    fail(ECONNREFUSED);
  }
  if ((other.shutdown & RCV_SHUTDOWN) !== 0) fail(EPIPE);
  if (other.peer !== s && other.recvqFull()) {
    if (!nonblocking(f, flags)) sockWait(k, [other, s], s.sndtimeo, 0);
    fail(EAGAIN);
  }
  const m = new SockMsg(
    data.slice(),
    truesize(data.length, false),
    s,
    hold(scm.fds),
    credFor(p, s, other, scm),
  );
  enqueue(other, m);
  return data.length;
}

/** Credentials reported for a message that carries none (no pid, overflow ids). */
const NO_CRED = new Ucred(0, 65534, 65534);

function sameCred(a: Ucred | null, b: Ucred | null): boolean {
  const x = a ?? NO_CRED, y = b ?? NO_CRED;
  return x.pid === y.pid && x.uid === y.uid && x.gid === y.gid;
}

/** Take the pending error (sk_err), clearing it. */
export function takeError(s: UnixSocket): number {
  const e = s.err;
  s.err = 0;
  return e;
}

/** recv/recvfrom/recvmsg/read on socket `f`: at most `len` bytes into `sink`. */
export function sockRecv(
  k: Kernel,
  f: OpenFile,
  sink: Sink,
  len: number,
  flags: number,
): Received {
  const s = f.inode.socket!;
  if ((flags & MSG_OOB) !== 0) fail(EOPNOTSUPP);
  if (s.type === SOCK_STREAM) return streamRecv(k, f, s, sink, len, flags);
  return dgramRecv(k, f, s, sink, len, flags);
}

function streamRecv(
  k: Kernel,
  f: OpenFile,
  s: UnixSocket,
  sink: Sink,
  len: number,
  flags: number,
): Received {
  if (s.state !== SockState.Connected) fail(EINVAL);
  const peek = (flags & MSG_PEEK) !== 0;
  const target = Math.max(1, (flags & MSG_WAITALL) !== 0 ? len : Math.min(s.rcvlowat, len));
  const out: Received = { n: 0, from: null, fds: null, cred: null, flags: 0 };
  let copied = peek ? 0 : progress(k);
  let i = 0;
  let first = true;
  for (;;) {
    const m = s.queue[i];
    if (m === undefined) {
      if (copied >= target) break;
      const err = takeError(s);
      if (err !== 0) {
        if (copied > 0) break;
        fail(err);
      }
      if ((s.shutdown & RCV_SHUTDOWN) !== 0) break;
      if (!nonblocking(f, flags)) sockWait(k, [s], s.rcvtimeo, peek ? 0 : copied);
      if (copied > 0) break;
      fail(EAGAIN);
    }
    // With SO_PASSCRED, data of different senders is never returned together.
    if (s.passcred) {
      if (first) out.cred = m.cred ?? NO_CRED;
      else if (!sameCred(m.cred, out.cred)) break;
    }
    if (first) out.from = m.from;
    first = false;
    const chunk = Math.min(m.left(), len - copied);
    if ((flags & MSG_TRUNC) === 0) sink.put(m.data.subarray(m.off, m.off + chunk), copied);
    copied += chunk;
    if (!peek) {
      m.off += chunk;
      if (m.fds !== null) {
        out.fds = m.fds;
        m.fds = null;
      }
      if (m.left() > 0) break;
      dequeue(s);
      if (out.fds !== null) break;
    } else {
      if (m.fds !== null) {
        out.fds = hold(m.fds);
        break;
      }
      i++;
    }
    if (copied >= len) break;
  }
  out.n = copied;
  return out;
}

function dgramRecv(
  k: Kernel,
  f: OpenFile,
  s: UnixSocket,
  sink: Sink,
  len: number,
  flags: number,
): Received {
  const seqpacket = s.type === SOCK_SEQPACKET;
  if (seqpacket && s.state !== SockState.Connected) fail(ENOTCONN);
  const out: Received = { n: 0, from: null, fds: null, cred: null, flags: 0 };
  const m = s.queue[0];
  if (m === undefined) {
    const err = takeError(s);
    if (err !== 0) fail(err);
    const eof = (s.shutdown & RCV_SHUTDOWN) !== 0;
    if (nonblocking(f, flags)) {
      // EOF on a disconnected non-blocking SEQPACKET socket; datagram sockets say EAGAIN.
      if (seqpacket && eof) return out;
      fail(EAGAIN);
    }
    if (eof) return out;
    sockWait(k, [s], s.rcvtimeo, 0);
    fail(EAGAIN);
  }
  const n = Math.min(len, m.left());
  sink.put(m.data.subarray(m.off, m.off + n), 0);
  if (m.left() > len) out.flags |= MSG_TRUNC;
  out.n = (flags & MSG_TRUNC) !== 0 ? m.left() : n;
  out.from = m.from;
  if (s.passcred) out.cred = m.cred ?? NO_CRED;
  if ((flags & MSG_PEEK) !== 0) out.fds = hold(m.fds);
  else {
    dequeue(s);
    out.fds = m.fds;
    m.fds = null;
  }
  return out;
}

/**
 * connect() of a stream or seqpacket socket (unix_stream_connect): a new
 * server-side socket joins the listener's backlog and the caller is
 * connected at once. A full backlog makes the caller wait (EAGAIN if it
 * may not).
 */
export function streamConnect(
  k: Kernel,
  p: Process,
  f: OpenFile,
  s: UnixSocket,
  name: UnixName,
): void {
  const other = findSocket(k, p, name, s.type);
  if (other.state !== SockState.Listen) fail(ECONNREFUSED);
  if (other.backlog.length > other.maxBacklog) {
    if (!nonblocking(f, 0)) sockWait(k, [other], s.sndtimeo, 0);
    fail(EAGAIN);
  }
  if (s.state === SockState.Connected) fail(EISCONN);
  if (s.state === SockState.Listen) fail(EINVAL);
  if (s.passcred) autobind(k, s);
  const e = newSocket(k, p, s.type, s.protocol);
  e.state = SockState.Connected;
  e.peer = s;
  e.addr = other.addr;
  e.peerCred = peerCred(p);
  s.peer = e;
  s.state = SockState.Connected;
  s.peerCred = other.peerCred;
  other.backlog.push(e);
  wake(other);
  wake(s);
}

/** connect() of a datagram socket: set (or, with AF_UNSPEC, clear) the default peer. */
export function dgramConnect(k: Kernel, p: Process, s: UnixSocket, name: UnixName | null): void {
  if (name === null) {
    s.peer = null;
    s.state = SockState.Closed;
    return;
  }
  if (s.passcred) autobind(k, s);
  const other = findSocket(k, p, name, s.type);
  if (other.peer !== null && other.peer !== s) fail(EPERM);
  s.peer = other;
  s.state = SockState.Connected;
  wake(s);
}

/** accept(): the oldest waiting connection of listening socket `f`, waiting for one if allowed. */
export function acceptConn(k: Kernel, p: Process, f: OpenFile, s: UnixSocket): UnixSocket {
  if (!s.connected()) fail(EOPNOTSUPP);
  if (s.state !== SockState.Listen) fail(EINVAL);
  if (s.backlog.length === 0) {
    if (!nonblocking(f, 0)) sockWait(k, [s], s.rcvtimeo, 0);
    fail(EAGAIN);
  }
  const e = s.backlog.shift()!;
  wake(s);
  e.passcred = s.passcred;
  e.inode.uid = p.cred.fsuid;
  e.inode.gid = p.cred.fsgid;
  return e;
}

/** shutdown(): mark `s`, and for connected types its peer, as no longer sending/receiving. */
export function shutdownSocket(s: UnixSocket, mode: number): void {
  s.shutdown |= mode;
  wake(s);
  const other = s.peer;
  if (other === null || !s.connected()) return;
  let peerMode = 0;
  if ((mode & RCV_SHUTDOWN) !== 0) peerMode |= SEND_SHUTDOWN;
  if ((mode & SEND_SHUTDOWN) !== 0) peerMode |= RCV_SHUTDOWN;
  other.shutdown |= peerMode;
  wake(other);
}

/** Collects received bytes (read(2) on a socket returns them as one buffer). */
class BufferSink implements Sink {
  readonly parts: Uint8Array[] = [];
  put(bytes: Uint8Array): void {
    this.parts.push(bytes.slice());
  }
  bytes(): Uint8Array {
    if (this.parts.length === 1) return this.parts[0];
    const out = new Uint8Array(this.parts.reduce((n, b) => n + b.length, 0));
    let o = 0;
    for (const b of this.parts) {
      out.set(b, o);
      o += b.length;
    }
    return out;
  }
}

/** read(2) on a socket: a receive without flags; passed descriptors are closed. */
export function sockRead(k: Kernel, f: OpenFile, len: number): Uint8Array {
  const sink = new BufferSink();
  const r = sockRecv(k, f, sink, len, 0);
  if (r.fds !== null) { for (const d of r.fds) d.release(); }
  return sink.bytes();
}

/** write(2) on a socket: a send without flags or address. */
export function sockWrite(k: Kernel, p: Process, f: OpenFile, data: Uint8Array): number {
  return sockSend(k, p, f, data, 0, null, { fds: null, cred: null });
}
