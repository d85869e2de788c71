/**
 * Socket addresses between user memory and the kernel: Linux's
 * move_addr_to_kernel / move_addr_to_user rules, and struct sockaddr_un
 * (path names, abstract names with a leading NUL, autobind requests).
 * @module
 */

import type { Memory } from "../../exec/memory.ts";
import { EINVAL, fail } from "../errno.ts";

/** Address families. */
export const AF_UNSPEC = 0, AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;
/** Number of address families Linux knows (AF_MAX). */
export const AF_MAX = 46;
/** sizeof(struct sockaddr_storage), the most a system call copies in. */
export const SOCKADDR_MAX = 128;
/** sizeof(struct sockaddr_un) and offsetof(struct sockaddr_un, sun_path). */
export const SUN_LEN = 110, SUN_PATH = 2;

/** `len` bytes of a user sockaddr (move_addr_to_kernel): EINVAL past sockaddr_storage. */
export function readSockaddr(mem: Memory, addr: number, len: number): Uint8Array {
  if (len < 0 || len > SOCKADDR_MAX) fail(EINVAL);
  return len === 0 ? new Uint8Array(0) : mem.readBytes(addr, len);
}

/** The address family of a sockaddr (0 if too short to have one). */
export function family(a: Uint8Array): number {
  return a.length < 2 ? AF_UNSPEC : a[0] | (a[1] << 8);
}

/** What a sockaddr_un names. */
export type UnixName =
  | { kind: "path"; path: string; addr: Uint8Array }
  | { kind: "abstract"; addr: Uint8Array };

/**
 * Validate a sockaddr_un of the given length (unix_validate_addr) and say
 * what it names. A path name ends at its first NUL; the stored address is
 * family + path + NUL, as Linux keeps it.
 */
export function unixName(a: Uint8Array): UnixName {
  if (a.length <= SUN_PATH || a.length > SUN_LEN || family(a) !== AF_UNIX) fail(EINVAL);
  if (a[SUN_PATH] === 0) return { kind: "abstract", addr: a.slice() };
  let end = SUN_PATH;
  while (end < a.length && a[end] !== 0) end++;
  let path = "";
  for (let i = SUN_PATH; i < end; i++) path += String.fromCharCode(a[i]);
  const addr = new Uint8Array(end + 1);
  addr.set(a.subarray(0, end));
  return { kind: "path", path, addr };
}

/** Is this an autobind request (bind with just the family)? */
export function isAutobind(a: Uint8Array): boolean {
  return a.length === SUN_PATH && family(a) === AF_UNIX;
}

/** The address of an unbound AF_UNIX socket: the family alone. */
export const UNNAMED: Uint8Array = new Uint8Array([AF_UNIX, 0]);

/**
 * move_addr_to_user: copy at most `*ulen` bytes of `kaddr` to `uaddr` and
 * store the full length in `*ulen` (EINVAL if `*ulen` is negative).
 */
export function writeSockaddr(mem: Memory, kaddr: Uint8Array, uaddr: number, ulen: number): void {
  let len = mem.read32(ulen) | 0;
  if (len > kaddr.length) len = kaddr.length;
  if (len < 0) fail(EINVAL);
  if (len > 0) mem.writeBytes(uaddr, kaddr.subarray(0, len));
  mem.write32(ulen, kaddr.length);
}
