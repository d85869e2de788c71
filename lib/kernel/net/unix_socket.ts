/**
 * AF_UNIX sockets as plain data: the socket, its receive queue of messages
 * (with passed descriptors and credentials), listening backlogs of
 * not-yet-accepted connections, the abstract name space, and what closing a
 * socket does to its peer. Blocking and user memory are the callers'
 * business (lib/kernel/net/unix_io.ts, syscalls/socket.ts); everything here
 * only changes state and bumps the `pollGen` of the inodes whose waiters
 * must look again.
 *
 * Send-buffer accounting follows Linux: every queued message charges its
 * sender the kernel's `truesize` of the buffer (data plus sk_buff overhead,
 * see `truesize`), and a sender may queue while that charge is below its
 * SO_SNDBUF. So the number of writes a full socket takes matches Linux's.
 * @module
 */

import type { Inode } from "../fs/inode.ts";
import type { OpenFile } from "../fd_table.ts";
import { ECONNRESET } from "../errno.ts";

/** Socket types. */
export const SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_SEQPACKET = 5;
/** sk_shutdown bits. */
export const RCV_SHUTDOWN = 1, SEND_SHUTDOWN = 2, SHUTDOWN_MASK = 3;
/** net.core / net.unix sysctl values of the recording host. */
export const WMEM_DEFAULT = 212992,
  RMEM_DEFAULT = 212992,
  WMEM_MAX = 4194304,
  RMEM_MAX = 4194304,
  MAX_DGRAM_QLEN = 10,
  SOMAXCONN = 4096;
/** Smallest SO_SNDBUF / SO_RCVBUF (2 and 1 minimal TCP skb truesizes). */
export const SOCK_MIN_SNDBUF = 4608, SOCK_MIN_RCVBUF = 2304;
/** Most descriptors one SCM_RIGHTS message may carry (SCM_MAX_FD). */
export const SCM_MAX_FD = 253;

/** Connection state (Linux reuses TCP's names: TCP_CLOSE, TCP_LISTEN, TCP_ESTABLISHED). */
export const enum SockState {
  Closed = 0,
  Listen = 1,
  Connected = 2,
}

/** struct ucred: a process id and user/group ids (SO_PEERCRED, SCM_CREDENTIALS). */
export class Ucred {
  constructor(public pid: number, public uid: number, public gid: number) {}
}

/** One queued message (Linux's sk_buff on the receive queue). */
export class SockMsg {
  /** Bytes of `data` already read (stream sockets read messages piecemeal). */
  off = 0;
  constructor(
    readonly data: Uint8Array,
    /** What the message charges its sender's send buffer. */
    readonly truesize: number,
    /** The sending socket (its address is the source a receiver sees). */
    readonly from: UnixSocket,
    /** Descriptions passed with SCM_RIGHTS; each holds a reference while in flight. */
    public fds: OpenFile[] | null,
    /** The sender's credentials when either end asked for them (SO_PASSCRED). */
    readonly cred: Ucred | null,
  ) {}

  /** Unread bytes. */
  left(): number {
    return this.data.length - this.off;
  }
}

/** The abstract socket name space (one network namespace) and the autobind counter. */
export class UnixNamespace {
  /** Bound abstract names (the bytes after the leading NUL, as latin1) and their sockets. */
  readonly abstract: Map<string, UnixSocket> = new Map();
  /** Next autobind number (five hex digits). */
  nextAuto = 0;
}

/** One AF_UNIX socket. */
export class UnixSocket {
  state: SockState = SockState.Closed;
  /** The connected peer (kept after the peer closes, as Linux's unix_peer is). */
  peer: UnixSocket | null = null;
  /** Bound address as struct sockaddr_un bytes (family included), or null. */
  addr: Uint8Array | null = null;
  /** Path sockets: the file system node bind created. */
  node: Inode | null = null;
  /** Received messages, oldest first. */
  queue: SockMsg[] = [];
  /** Listening: connections not accepted yet (the server ends), and how many may wait. */
  backlog: UnixSocket[] = [];
  maxBacklog = 0;
  /** RCV_SHUTDOWN / SEND_SHUTDOWN. */
  shutdown = 0;
  /** Pending error (sk_err) that the next receive or SO_ERROR reports once. */
  err = 0;
  sndbuf = WMEM_DEFAULT;
  rcvbuf = RMEM_DEFAULT;
  /** Truesize of messages this socket sent that are still queued somewhere (sk_wmem_alloc). */
  wmem = 0;
  /** SO_PASSCRED. */
  passcred = false;
  /** SO_RCVLOWAT. */
  rcvlowat = 1;
  /** SO_RCVTIMEO / SO_SNDTIMEO in ns (0: wait for ever). */
  rcvtimeo = 0;
  sndtimeo = 0;
  /** SOL_SOCKET options that are only stored and reported (SO_REUSEADDR, SO_KEEPALIVE...). */
  opts: Map<number, number> = new Map();
  /** SO_LINGER: l_onoff and l_linger. */
  lingerOn = 0;
  linger = 0;
  /** SO_PEERCRED: who connected (or listened), null before any connection. */
  peerCred: Ucred | null = null;
  /** Closed: every descriptor is gone. */
  dead = false;

  constructor(
    /** SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET. */
    readonly type: number,
    /** The protocol argument of socket() (0 or PF_UNIX), reported by SO_PROTOCOL. */
    readonly protocol: number,
    /** The sockfs inode: its pollGen wakes this socket's waiters. */
    readonly inode: Inode,
    readonly ns: UnixNamespace,
  ) {}

  /** SOCK_STREAM or SOCK_SEQPACKET (connection-oriented). */
  connected(): boolean {
    return this.type !== SOCK_DGRAM;
  }

  /** Bytes queued for reading (the whole queue; FIONREAD on stream and seqpacket sockets). */
  queued(): number {
    let n = 0;
    for (const m of this.queue) n += m.left();
    return n;
  }

  /** unix_writable: not listening and at most a quarter of the send buffer charged. */
  writable(): boolean {
    return this.state !== SockState.Listen && this.wmem * 4 <= this.sndbuf;
  }

  /** The receive queue is over the datagram limit (unix_recvq_full). */
  recvqFull(): boolean {
    return this.queue.length > MAX_DGRAM_QLEN;
  }
}

/** Wake whoever waits on `s` (readers, writers, pollers, accept and connect). */
export function wake(s: UnixSocket): void {
  s.inode.pollGen++;
}

/** Round up to a multiple of `a` (a power of two). */
function align(n: number, a: number): number {
  return (n + a - 1) & -a;
}

/** sizeof(struct skb_shared_info) and of struct sk_buff, cache-aligned (x86-64). */
const SHINFO = 320, SKB = 256, PAGE = 4096;
/** Linear part limits: SKB_MAX_HEAD(0) (stream) and SKB_MAX_ALLOC (datagrams). */
const MAX_HEAD = PAGE - SHINFO, MAX_ALLOC = 4 * PAGE - SHINFO;
/** Page fragments: UNIX_SKB_FRAGS_SZ (stream) and MAX_SKB_FRAGS pages (datagrams). */
const STREAM_FRAGS = 32768, DGRAM_FRAGS = 17 * PAGE;

/** Most bytes one stream message carries for a socket with this send buffer. */
export function streamChunk(sndbuf: number): number {
  return Math.min((sndbuf >> 1) - 64, MAX_HEAD + STREAM_FRAGS);
}

/**
 * The truesize Linux charges for a message of `len` bytes: the head
 * allocation (a power of two of at least 512 bytes holding the linear part
 * and skb_shared_info), the sk_buff itself, and whole pages for the part
 * that goes into page fragments (stream messages past one page's head,
 * datagrams past SKB_MAX_ALLOC).
 */
export function truesize(len: number, stream: boolean): number {
  let paged: number;
  if (stream) paged = Math.min(len, align(Math.max(0, len - MAX_HEAD), PAGE));
  else paged = len > MAX_ALLOC ? align(Math.min(len - MAX_ALLOC, DGRAM_FRAGS), PAGE) : 0;
  const head = align(len - paged, 64) + SHINFO;
  let alloc = 512;
  while (alloc < head) alloc *= 2;
  return alloc + SKB + align(paged, PAGE);
}

/** Queue `m` on `to`, charging its sender. */
export function enqueue(to: UnixSocket, m: SockMsg): void {
  to.queue.push(m);
  m.from.wmem += m.truesize;
  wake(to);
}

/** Take the first message off `s`'s queue (fully read, or dropped): its sender's charge ends. */
export function dequeue(s: UnixSocket): SockMsg {
  const m = s.queue.shift()!;
  m.from.wmem -= m.truesize;
  wake(m.from);
  return m;
}

/** Drop the in-flight references of passed descriptions that nobody will receive. */
export function dropFds(fds: OpenFile[] | null): void {
  if (fds !== null) { for (const f of fds) f.release(); }
}

/** Give up the bound name: an abstract name becomes free; a path node stays but leads nowhere. */
function unbind(s: UnixSocket): void {
  const a = s.addr;
  if (a !== null && a.length > 2 && a[2] === 0) {
    const key = abstractKey(a);
    if (s.ns.abstract.get(key) === s) s.ns.abstract.delete(key);
  }
  if (s.node !== null && s.node.boundSocket === s) s.node.boundSocket = null;
}

/** The abstract name space key of an abstract address (bytes after the NUL, latin1). */
export function abstractKey(addr: Uint8Array): string {
  let k = "";
  for (let i = 3; i < addr.length; i++) k += String.fromCharCode(addr[i]);
  return k;
}

/**
 * The last reference to `s` is gone (unix_release_sock): a connected peer
 * can no longer send or receive more (and sees ECONNRESET if `s` had unread
 * data or was never accepted), queued messages and their passed descriptors
 * are dropped, and connections waiting in a listener's backlog are reset.
 */
export function releaseSocket(s: UnixSocket, embryo = false): void {
  if (s.dead) return;
  s.dead = true;
  unbind(s);
  const wasListening = s.state === SockState.Listen;
  s.state = SockState.Closed;
  s.shutdown = SHUTDOWN_MASK;
  const peer = s.peer;
  if (peer !== null) {
    if (s.connected()) {
      peer.shutdown = SHUTDOWN_MASK;
      if (s.queue.length > 0 || embryo) peer.err = ECONNRESET;
    }
    wake(peer);
    s.peer = null;
  }
  while (s.queue.length > 0) dropFds(dequeue(s).fds);
  if (wasListening) {
    for (const e of s.backlog) releaseSocket(e, true);
    s.backlog = [];
  }
  wake(s);
}
