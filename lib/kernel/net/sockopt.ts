/**
 * SOL_SOCKET options of AF_UNIX sockets (sk_setsockopt / sk_getsockopt):
 * buffer sizes with Linux's doubling and limits, credentials, errors,
 * timeouts, linger and the flags that are only stored and reported.
 * @module
 */

import type { Process } from "../process.ts";
import { readI64, Struct } from "../syscalls/uaccess.ts";
import { EDOM, EINVAL, ENOPROTOOPT, EOPNOTSUPP, EPERM, fail } from "../errno.ts";
import { AF_UNIX } from "./sockaddr.ts";
import { takeError } from "./unix_io.ts";
import {
  RMEM_MAX,
  SOCK_MIN_RCVBUF,
  SOCK_MIN_SNDBUF,
  SockState,
  type UnixSocket,
  wake,
  WMEM_MAX,
} from "./unix_socket.ts";

/** Option names (asm-generic/socket.h). */
export const SO_DEBUG = 1,
  SO_REUSEADDR = 2,
  SO_TYPE = 3,
  SO_ERROR = 4,
  SO_DONTROUTE = 5,
  SO_BROADCAST = 6,
  SO_SNDBUF = 7,
  SO_RCVBUF = 8,
  SO_KEEPALIVE = 9,
  SO_OOBINLINE = 10,
  SO_NO_CHECK = 11,
  SO_PRIORITY = 12,
  SO_LINGER = 13,
  SO_REUSEPORT = 15,
  SO_PASSCRED = 16,
  SO_PEERCRED = 17,
  SO_RCVLOWAT = 18,
  SO_SNDLOWAT = 19,
  SO_RCVTIMEO = 20,
  SO_SNDTIMEO = 21,
  SO_ACCEPTCONN = 30,
  SO_SNDBUFFORCE = 32,
  SO_RCVBUFFORCE = 33,
  SO_PROTOCOL = 38,
  SO_DOMAIN = 39;

/** Boolean options that are stored and reported but change nothing for AF_UNIX. */
const STORED_FLAGS = new Set([
  SO_DEBUG,
  SO_REUSEADDR,
  SO_DONTROUTE,
  SO_BROADCAST,
  SO_KEEPALIVE,
  SO_OOBINLINE,
  SO_NO_CHECK,
]);

const INT_MAX = 0x7fffffff;

/** A buffer size request as set_sndbuf/__sock_set_rcvbuf store it: doubled, at least `min`. */
function bufSize(val: number, min: number): number {
  return Math.max(Math.min(val, Math.floor(INT_MAX / 2)) * 2, min);
}

/** struct timeval (old 64-bit layout) → ns; EDOM for bad microseconds, 1 ns (no wait) if negative. */
function readTimeout(p: Process, addr: number, len: number): number {
  if (len < 16) fail(EINVAL);
  const sec = readI64(p.mem, addr);
  const usec = readI64(p.mem, addr + 8);
  if (usec < 0 || usec >= 1e6) fail(EDOM);
  if (sec < 0) return 1;
  return sec * 1e9 + usec * 1e3;
}

/** setsockopt(SOL_SOCKET, `name`) with `len` bytes at `addr`. */
export function setSockopt(
  p: Process,
  s: UnixSocket,
  name: number,
  addr: number,
  len: number,
): void {
  if (len < 4) fail(EINVAL);
  const val = p.mem.read32(addr) | 0;
  const admin = p.cred.capEffective;
  if (STORED_FLAGS.has(name)) {
    s.opts.set(name, val !== 0 ? 1 : 0);
    return;
  }
  switch (name) {
    case SO_SNDBUF:
    case SO_SNDBUFFORCE:
      if (name === SO_SNDBUFFORCE && !admin) fail(EPERM);
      s.sndbuf = bufSize(
        name === SO_SNDBUF ? Math.min(val >>> 0, WMEM_MAX) : Math.max(val, 0),
        SOCK_MIN_SNDBUF,
      );
      wake(s);
      return;
    case SO_RCVBUF:
    case SO_RCVBUFFORCE:
      if (name === SO_RCVBUFFORCE && !admin) fail(EPERM);
      s.rcvbuf = bufSize(
        name === SO_RCVBUF ? Math.min(val >>> 0, RMEM_MAX) : Math.max(val, 0),
        SOCK_MIN_RCVBUF,
      );
      return;
    case SO_REUSEPORT:
      // SO_REUSEPORT is for internet sockets only.
      if (val !== 0) fail(EOPNOTSUPP);
      return;
    case SO_PRIORITY:
      if ((val < 0 || val > 6) && !admin) fail(EPERM);
      s.opts.set(name, val);
      return;
    case SO_PASSCRED:
      s.passcred = val !== 0;
      return;
    case SO_RCVLOWAT:
      s.rcvlowat = val < 0 ? INT_MAX : val === 0 ? 1 : val;
      return;
    case SO_LINGER: {
      if (len < 8) fail(EINVAL);
      s.lingerOn = val !== 0 ? 1 : 0;
      if (val !== 0) s.linger = p.mem.read32(addr + 4) | 0;
      return;
    }
    case SO_RCVTIMEO:
      s.rcvtimeo = readTimeout(p, addr, len);
      return;
    case SO_SNDTIMEO:
      s.sndtimeo = readTimeout(p, addr, len);
      return;
  }
  fail(ENOPROTOOPT);
}

/** A timeout as struct timeval (0 for none). */
function timeval(ns: number): Uint8Array {
  return new Struct(16).u64(0, Math.floor(ns / 1e9)).u64(8, Math.floor((ns % 1e9) / 1e3)).bytes;
}

function int(v: number): Uint8Array {
  return new Struct(4).u32(0, v).bytes;
}

/** The full value of getsockopt(SOL_SOCKET, `name`) (the caller copies what fits). */
export function getSockopt(s: UnixSocket, name: number): Uint8Array {
  if (STORED_FLAGS.has(name) || name === SO_PRIORITY) return int(s.opts.get(name) ?? 0);
  switch (name) {
    case SO_TYPE:
      return int(s.type);
    case SO_PROTOCOL:
      return int(s.protocol);
    case SO_DOMAIN:
      return int(AF_UNIX);
    case SO_ERROR:
      return int(takeError(s));
    case SO_SNDBUF:
      return int(s.sndbuf);
    case SO_RCVBUF:
      return int(s.rcvbuf);
    case SO_REUSEPORT:
      return int(0);
    case SO_PASSCRED:
      return int(s.passcred ? 1 : 0);
    case SO_ACCEPTCONN:
      return int(s.state === SockState.Listen ? 1 : 0);
    case SO_RCVLOWAT:
      return int(s.rcvlowat);
    case SO_SNDLOWAT:
      return int(1);
    case SO_PEERCRED: {
      const c = s.peerCred;
      return new Struct(12).u32(0, c?.pid ?? 0).u32(4, c?.uid ?? -1).u32(8, c?.gid ?? -1).bytes;
    }
    case SO_LINGER:
      return new Struct(8).u32(0, s.lingerOn).u32(4, s.linger).bytes;
    case SO_RCVTIMEO:
      return timeval(s.rcvtimeo);
    case SO_SNDTIMEO:
      return timeval(s.sndtimeo);
  }
  return fail(ENOPROTOOPT);
}
