/**
 * The socket system calls over AF_UNIX sockets (lib/kernel/net/): socket,
 * socketpair, bind, listen, accept/accept4, connect, the send and receive
 * family (sendto/recvfrom, sendmsg/recvmsg, sendmmsg/recvmmsg), shutdown,
 * getsockname/getpeername and get/setsockopt. Other address families do not
 * exist here (there is no network): socket() says EAFNOSUPPORT.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { O_CLOEXEC, O_NONBLOCK, O_RDWR, OpenFile } from "../fd_table.ts";
import { unblock, WouldBlock } from "../thread.ts";
import {
  EAFNOSUPPORT,
  EFAULT,
  EINVAL,
  EMFILE,
  ENOTCONN,
  ENOTSOCK,
  EOPNOTSUPP,
  EPROTONOSUPPORT,
  Errno,
  ESOCKTNOSUPPORT,
  fail,
} from "../errno.ts";
import { GuestFault } from "../../exec/fault.ts";
import {
  accessOk,
  arg,
  argInt,
  copyIn,
  MAX_RW_COUNT,
  readTimespec,
  writeTimespec,
} from "./uaccess.ts";
import { gather, scatter } from "./rw.ts";
import { fileOf, installFd, nofileLimit } from "./common.ts";
import {
  AF_INET,
  AF_INET6,
  AF_MAX,
  AF_UNIX,
  AF_UNSPEC,
  family,
  isAutobind,
  readSockaddr,
  unixName,
  UNNAMED,
  writeSockaddr,
} from "../net/sockaddr.ts";
import {
  ControlWriter,
  MMSGHDR_SIZE,
  MSG_CONTROLLEN,
  MSG_FLAGS,
  MSG_NAMELEN,
  readControl,
  readMsghdr,
  SOL_SOCKET,
} from "../net/msghdr.ts";
import {
  acceptConn,
  dgramConnect,
  MSG_CMSG_CLOEXEC,
  MSG_CTRUNC,
  MSG_DONTWAIT,
  MSG_WAITFORONE,
  newSocket,
  peerCred,
  type Received,
  type Scm,
  shutdownSocket,
  type Sink,
  sockRecv,
  sockSend,
  streamConnect,
} from "../net/unix_io.ts";
import { autobind, bindName } from "../net/unix_names.ts";
import {
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_SEQPACKET,
  SOCK_STREAM,
  SockState,
  SOMAXCONN,
  type UnixSocket,
  wake,
} from "../net/unix_socket.ts";
import { getSockopt, setSockopt } from "../net/sockopt.ts";

/** socket() type flags and the type mask; SOCK_MAX bounds the type. */
const SOCK_NONBLOCK = O_NONBLOCK, SOCK_CLOEXEC = O_CLOEXEC, SOCK_TYPE_MASK = 0xf, SOCK_MAX = 11;
/** Largest single transfer (INT_MAX). */
const INT_MAX = 0x7fffffff;
/** Most messages one sendmmsg/recvmmsg handles (UIO_MAXIOV). */
const MMSG_MAX = 1024;

/** The socket open as `fd`: EBADF, or ENOTSOCK for another kind of file. */
function sockFile(p: Process, fd: number): OpenFile {
  const f = fileOf(p, fd);
  if (f.inode.socket === null) fail(ENOTSOCK);
  return f;
}

/** A description for socket `s` (read-write; O_NONBLOCK from SOCK_NONBLOCK). */
function sockDescription(s: UnixSocket, flags: number): OpenFile {
  return new OpenFile(s.inode, O_RDWR | (flags & SOCK_NONBLOCK), "");
}

/** Release a description that never got a descriptor (a call failed after creating it). */
function discard(f: OpenFile): void {
  f.refs = 1;
  f.release();
}

/** Validate socket()/socketpair() arguments; returns the AF_UNIX type (SOCK_RAW acts as SOCK_DGRAM). */
function socketType(domain: number, type: number, protocol: number): number {
  if (((type & ~SOCK_TYPE_MASK) & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) !== 0) fail(EINVAL);
  if (domain < 0 || domain >= AF_MAX) fail(EAFNOSUPPORT);
  const t = type & SOCK_TYPE_MASK;
  if (t >= SOCK_MAX) fail(EINVAL);
  if (domain !== AF_UNIX) fail(EAFNOSUPPORT);
  if (protocol !== 0 && protocol !== AF_UNIX) fail(EPROTONOSUPPORT);
  if (t === SOCK_RAW) return SOCK_DGRAM;
  if (t !== SOCK_STREAM && t !== SOCK_DGRAM && t !== SOCK_SEQPACKET) fail(ESOCKTNOSUPPORT);
  return t;
}

/** socket(domain, type, protocol) */
export function sysSocket(k: Kernel, p: Process): number {
  const type = argInt(p.cpu, 1), protocol = argInt(p.cpu, 2);
  const t = socketType(argInt(p.cpu, 0), type, protocol);
  const f = sockDescription(newSocket(k, p, t, protocol), type);
  try {
    return installFd(p, f, (type & SOCK_CLOEXEC) !== 0);
  } catch (e) {
    discard(f);
    throw e;
  }
}

/** socketpair(domain, type, protocol, sv*): two connected sockets. */
export function sysSocketpair(k: Kernel, p: Process): number {
  const domain = argInt(p.cpu, 0), type = argInt(p.cpu, 1), protocol = argInt(p.cpu, 2);
  const out = arg(p.cpu, 3);
  // Internet sockets exist on Linux but cannot be paired.
  if (domain === AF_INET || domain === AF_INET6) {
    socketType(AF_UNIX, type, 0);
    fail(EOPNOTSUPP);
  }
  const t = socketType(domain, type, protocol);
  const limit = nofileLimit(p);
  const fd0 = p.fds.lowestFree(0, limit);
  const fd1 = fd0 < 0 ? -1 : p.fds.lowestFree(fd0 + 1, limit);
  if (fd1 < 0) fail(EMFILE);
  const a = newSocket(k, p, t, protocol), b = newSocket(k, p, t, protocol);
  a.peer = b;
  b.peer = a;
  a.state = b.state = SockState.Connected;
  a.peerCred = peerCred(p);
  b.peerCred = peerCred(p);
  const fa = sockDescription(a, type), fb = sockDescription(b, type);
  try {
    p.mem.write32(out, fd0);
    p.mem.write32(out + 4, fd1);
  } catch (e) {
    discard(fa);
    discard(fb);
    throw e;
  }
  const cloexec = (type & SOCK_CLOEXEC) !== 0;
  p.fds.install(fd0, fa, cloexec);
  p.fds.install(fd1, fb, cloexec);
  return 0;
}

/** bind(fd, addr, addrlen) */
export function sysBind(k: Kernel, p: Process): number {
  const s = sockFile(p, argInt(p.cpu, 0)).inode.socket!;
  const a = readSockaddr(p.mem, arg(p.cpu, 1), argInt(p.cpu, 2));
  if (isAutobind(a)) autobind(k, s);
  else bindName(k, p, s, unixName(a));
  return 0;
}

/** listen(fd, backlog): a negative or too large backlog means SOMAXCONN. */
export function sysListen(_k: Kernel, p: Process): number {
  const s = sockFile(p, argInt(p.cpu, 0)).inode.socket!;
  let backlog = argInt(p.cpu, 1) >>> 0;
  if (backlog > SOMAXCONN) backlog = SOMAXCONN;
  if (!s.connected()) fail(EOPNOTSUPP);
  if (s.addr === null) fail(EINVAL);
  if (s.state !== SockState.Closed && s.state !== SockState.Listen) fail(EINVAL);
  if (backlog > s.maxBacklog) wake(s);
  s.maxBacklog = backlog;
  s.state = SockState.Listen;
  s.peerCred = peerCred(p);
  return 0;
}

function doAccept(k: Kernel, p: Process, flags: number): number {
  if ((flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK)) !== 0) fail(EINVAL);
  const f = sockFile(p, argInt(p.cpu, 0));
  if (p.fds.lowestFree(0, nofileLimit(p)) < 0) fail(EMFILE);
  const e = acceptConn(k, p, f, f.inode.socket!);
  const nf = sockDescription(e, flags);
  const addr = arg(p.cpu, 1);
  try {
    if (addr !== 0) writeSockaddr(p.mem, e.peer?.addr ?? UNNAMED, addr, arg(p.cpu, 2));
    return installFd(p, nf, (flags & SOCK_CLOEXEC) !== 0);
  } catch (err) {
    discard(nf);
    throw err;
  }
}

/** accept(fd, addr, addrlen*) */
export function sysAccept(k: Kernel, p: Process): number {
  return doAccept(k, p, 0);
}

/** accept4(fd, addr, addrlen*, flags) */
export function sysAccept4(k: Kernel, p: Process): number {
  return doAccept(k, p, argInt(p.cpu, 3));
}

/** connect(fd, addr, addrlen) */
export function sysConnect(k: Kernel, p: Process): number {
  const f = sockFile(p, argInt(p.cpu, 0));
  const s = f.inode.socket!;
  const a = readSockaddr(p.mem, arg(p.cpu, 1), argInt(p.cpu, 2));
  if (s.connected()) streamConnect(k, p, f, s, unixName(a));
  else {
    if (a.length < 2) fail(EINVAL);
    dgramConnect(k, p, s, family(a) === AF_UNSPEC ? null : unixName(a));
  }
  return 0;
}

/** shutdown(fd, how): SHUT_RD 0, SHUT_WR 1, SHUT_RDWR 2. */
export function sysShutdown(_k: Kernel, p: Process): number {
  const s = sockFile(p, argInt(p.cpu, 0)).inode.socket!;
  const how = argInt(p.cpu, 1);
  if (how < 0 || how > 2) fail(EINVAL);
  shutdownSocket(s, how + 1);
  return 0;
}

/** getsockname(fd, addr, addrlen*) */
export function sysGetsockname(_k: Kernel, p: Process): number {
  const s = sockFile(p, argInt(p.cpu, 0)).inode.socket!;
  writeSockaddr(p.mem, s.addr ?? UNNAMED, arg(p.cpu, 1), arg(p.cpu, 2));
  return 0;
}

/** getpeername(fd, addr, addrlen*) */
export function sysGetpeername(_k: Kernel, p: Process): number {
  const s = sockFile(p, argInt(p.cpu, 0)).inode.socket!;
  const peer = s.peer ?? fail(ENOTCONN);
  writeSockaddr(p.mem, peer.addr ?? UNNAMED, arg(p.cpu, 1), arg(p.cpu, 2));
  return 0;
}

/** Receives into user iovecs; a fault is EFAULT. */
class IovSink implements Sink {
  constructor(private readonly p: Process, private readonly iov: [number, number][]) {}
  put(bytes: Uint8Array, at: number): void {
    if (scatter(this.p.mem, this.iov, bytes, at) < bytes.length) fail(EFAULT);
  }
}

/** The source address a receive reports (empty for an unbound sender). */
function sourceAddr(r: Received): Uint8Array {
  return r.from?.addr ?? new Uint8Array(0);
}

/** sendto(fd, buf, len, flags, addr, addrlen) */
export function sysSendto(k: Kernel, p: Process): number {
  const f = sockFile(p, argInt(p.cpu, 0));
  const buf = arg(p.cpu, 1), len = Math.min(arg(p.cpu, 2), INT_MAX);
  const flags = argInt(p.cpu, 3);
  accessOk(buf, len);
  const addr = arg(p.cpu, 4);
  const dest = addr === 0 ? null : readSockaddr(p.mem, addr, argInt(p.cpu, 5));
  const data = copyIn(p.mem, buf, Math.min(len, MAX_RW_COUNT));
  if (data.length < Math.min(len, MAX_RW_COUNT)) fail(EFAULT);
  return sockSend(k, p, f, data, flags, dest?.length ? dest : null, { fds: null, cred: null });
}

/** recvfrom(fd, buf, len, flags, addr, addrlen*) */
export function sysRecvfrom(k: Kernel, p: Process): number {
  const f = sockFile(p, argInt(p.cpu, 0));
  const buf = arg(p.cpu, 1), len = Math.min(arg(p.cpu, 2), INT_MAX);
  const flags = argInt(p.cpu, 3);
  accessOk(buf, len);
  const r = sockRecv(k, f, new IovSink(p, [[buf, len]]), len, flags);
  dropPassed(r);
  const addr = arg(p.cpu, 4);
  if (addr !== 0) writeSockaddr(p.mem, sourceAddr(r), addr, arg(p.cpu, 5));
  return r.n;
}

/** Descriptions passed to a receive that has no control buffer are closed. */
function dropPassed(r: Received): void {
  if (r.fds !== null) { for (const f of r.fds) f.release(); }
}

/** sendmsg on `f` with the msghdr at `msg`. */
function sendOne(k: Kernel, p: Process, f: OpenFile, msg: number, flags: number): number {
  const m = readMsghdr(p.mem, msg);
  const dest = m.namelen > 0 ? readSockaddr(p.mem, m.name, m.namelen) : null;
  const scm: Scm = readControl(k, p, m);
  let total = 0;
  for (const [, len] of m.iov) total += len;
  const data = gather(p.mem, m.iov);
  if (data.length < total) fail(EFAULT);
  return sockSend(k, p, f, data, flags, dest, scm);
}

/** recvmsg on `f` with the msghdr at `msg`: data, source address, control messages, msg_flags. */
function recvOne(k: Kernel, p: Process, f: OpenFile, msg: number, flags: number): number {
  const m = readMsghdr(p.mem, msg);
  let total = 0;
  for (const [, len] of m.iov) total += len;
  const r = sockRecv(k, f, new IovSink(p, m.iov), total, flags);
  if (m.name !== 0) writeSockaddr(p.mem, sourceAddr(r), m.name, msg + MSG_NAMELEN);
  else p.mem.write32(msg + MSG_NAMELEN, 0);
  const ctl = new ControlWriter(p.mem, m.control, m.controllen);
  if (r.cred !== null) ctl.credentials(r.cred);
  if (r.fds !== null) ctl.rights(p, r.fds, (flags & MSG_CMSG_CLOEXEC) !== 0);
  p.mem.write64(msg + MSG_CONTROLLEN, ctl.used(), 0);
  const out = (flags & MSG_CMSG_CLOEXEC) | r.flags | (ctl.truncated ? MSG_CTRUNC : 0);
  p.mem.write32(msg + MSG_FLAGS, out);
  return r.n;
}

/** sendmsg(fd, msg*, flags) */
export function sysSendmsg(k: Kernel, p: Process): number {
  return sendOne(k, p, sockFile(p, argInt(p.cpu, 0)), arg(p.cpu, 1), argInt(p.cpu, 2));
}

/** recvmsg(fd, msg*, flags) */
export function sysRecvmsg(k: Kernel, p: Process): number {
  return recvOne(k, p, sockFile(p, argInt(p.cpu, 0)), arg(p.cpu, 1), argInt(p.cpu, 2));
}

/**
 * One message of sendmmsg/recvmmsg after the first: a message that would
 * wait, or fails, ends the batch with the count done so far.
 */
function later(p: Process, run: () => number): number | null {
  try {
    return run();
  } catch (e) {
    if (e === WouldBlock.instance) unblock(p.thread);
    else if (!(e instanceof Errno) && !(e instanceof GuestFault)) throw e;
    return null;
  }
}

/** sendmmsg(fd, msgvec*, vlen, flags): each message's byte count goes to its msg_len. */
export function sysSendmmsg(k: Kernel, p: Process): number {
  const f = sockFile(p, argInt(p.cpu, 0));
  const vec = arg(p.cpu, 1), vlen = Math.min(argInt(p.cpu, 2) >>> 0, MMSG_MAX);
  const flags = argInt(p.cpu, 3);
  let i = 0;
  for (; i < vlen; i++) {
    const entry = vec + MMSGHDR_SIZE * i;
    const n = i === 0
      ? sendOne(k, p, f, entry, flags)
      : later(p, () => sendOne(k, p, f, entry, flags));
    if (n === null) break;
    p.mem.write32(entry + 56, n);
    // The next message starts afresh, not from this one's recorded wait.
    p.thread.wait = null;
  }
  return i;
}

/**
 * recvmmsg(fd, msgvec*, vlen, flags, timeout*): MSG_WAITFORONE makes every
 * receive after the first non-blocking; the timeout is only validated and
 * written back, as no virtual time passes between the datagrams of one call.
 */
export function sysRecvmmsg(k: Kernel, p: Process): number {
  const f = sockFile(p, argInt(p.cpu, 0));
  const vec = arg(p.cpu, 1), vlen = Math.min(argInt(p.cpu, 2) >>> 0, MMSG_MAX);
  let flags = argInt(p.cpu, 3);
  const tmo = arg(p.cpu, 4);
  const t = tmo === 0 ? null : readTimespec(p.mem, tmo);
  let i = 0;
  for (; i < vlen; i++) {
    const entry = vec + MMSGHDR_SIZE * i;
    const fl = flags;
    const n = i === 0 ? recvOne(k, p, f, entry, fl) : later(p, () => recvOne(k, p, f, entry, fl));
    if (n === null) break;
    p.mem.write32(entry + 56, n);
    p.thread.wait = null;
    if ((flags & MSG_WAITFORONE) !== 0) flags |= MSG_DONTWAIT;
  }
  if (t !== null && i > 0) writeTimespec(p.mem, tmo, t[0], t[1]);
  return i;
}

/** setsockopt(fd, level, optname, optval, optlen) */
export function sysSetsockopt(_k: Kernel, p: Process): number {
  const len = argInt(p.cpu, 4);
  if (len < 0) fail(EINVAL);
  const s = sockFile(p, argInt(p.cpu, 0)).inode.socket!;
  if (argInt(p.cpu, 1) !== SOL_SOCKET) fail(EOPNOTSUPP);
  setSockopt(p, s, argInt(p.cpu, 2), arg(p.cpu, 3), len);
  return 0;
}

/** getsockopt(fd, level, optname, optval, optlen*) */
export function sysGetsockopt(_k: Kernel, p: Process): number {
  const s = sockFile(p, argInt(p.cpu, 0)).inode.socket!;
  const lenp = arg(p.cpu, 4);
  const len = p.mem.read32(lenp) | 0;
  if (len < 0) fail(EINVAL);
  if (argInt(p.cpu, 1) !== SOL_SOCKET) fail(EOPNOTSUPP);
  const v = getSockopt(s, argInt(p.cpu, 2));
  const n = Math.min(len, v.length);
  if (n > 0) p.mem.writeBytes(arg(p.cpu, 3), v.subarray(0, n));
  p.mem.write32(lenp, n);
  return 0;
}
