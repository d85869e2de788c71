/**
 * AF_UNIX names: binding a socket to a path (a socket file in the file
 * tree), to an abstract name, or to an automatic abstract name, and finding
 * the socket an address names (unix_find_other).
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { S_IFMT, S_IFSOCK } from "../fs/inode.ts";
import { AT_FDCWD, atBase, resolve, resolveNode } from "../fs/namei.ts";
import { createNode } from "../fs/fsops.ts";
import { checkPermission, MAY_WRITE } from "../fs/perm.ts";
import { checkCreate } from "../syscalls/dir.ts";
import { EADDRINUSE, ECONNREFUSED, EEXIST, EINVAL, EPROTOTYPE, Errno, fail } from "../errno.ts";
import { AF_UNIX, type UnixName } from "./sockaddr.ts";
import { abstractKey, type UnixSocket } from "./unix_socket.ts";

/** Autobind names: a NUL and five hex digits. */
const AUTOBIND_SPACE = 0x100000;

/** bind() to a path or abstract name; EADDRINUSE if taken, EINVAL if `s` is bound already. */
export function bindName(k: Kernel, p: Process, s: UnixSocket, name: UnixName): void {
  if (name.kind === "abstract") {
    if (s.addr !== null) fail(EINVAL);
    const key = abstractKey(name.addr);
    if (s.ns.abstract.has(key)) fail(EADDRINUSE);
    s.ns.abstract.set(key, s);
    s.addr = name.addr;
    return;
  }
  // Linux creates the socket file first, so a taken path wins over "already bound".
  const r = resolve(k.vfs, p, atBase(p, AT_FDCWD, name.path), name.path, false);
  try {
    checkCreate(p, r);
  } catch (e) {
    if (e instanceof Errno && e.errno === EEXIST) fail(EADDRINUSE);
    throw e;
  }
  if (s.addr !== null) fail(EINVAL);
  const mode = S_IFSOCK | (0o777 & ~p.umask);
  const node = createNode(k.vfs, p.cred, r.parent, r.name, mode);
  node.boundSocket = s;
  s.node = node;
  s.addr = name.addr;
}

/** Bind `s` to a free automatic abstract name (unix_autobind); nothing happens if it is bound. */
export function autobind(k: Kernel, s: UnixSocket): void {
  if (s.addr !== null) return;
  const ns = s.ns;
  if (ns.nextAuto === 0) {
    const b = k.randomBytes(4);
    ns.nextAuto = (b[0] | (b[1] << 8) | (b[2] << 16)) % AUTOBIND_SPACE;
  }
  for (let tries = 0; tries < AUTOBIND_SPACE; tries++) {
    const key = ns.nextAuto.toString(16).padStart(5, "0");
    ns.nextAuto = (ns.nextAuto + 1) % AUTOBIND_SPACE;
    if (ns.abstract.has(key)) continue;
    const addr = new Uint8Array(3 + key.length);
    addr[0] = AF_UNIX;
    for (let i = 0; i < key.length; i++) addr[3 + i] = key.charCodeAt(i);
    ns.abstract.set(key, s);
    s.addr = addr;
    return;
  }
  fail(EADDRINUSE);
}

/**
 * The live socket of type `type` that `name` names: path lookup errors,
 * EACCES without write permission on the socket file, ECONNREFUSED if no
 * socket is bound there, EPROTOTYPE for another socket type.
 */
export function findSocket(k: Kernel, p: Process, name: UnixName, type: number): UnixSocket {
  let s: UnixSocket | null | undefined;
  if (name.kind === "abstract") s = k.unix.abstract.get(abstractKey(name.addr));
  else {
    const n = resolveNode(k.vfs, p, atBase(p, AT_FDCWD, name.path), name.path, true);
    checkPermission(p.cred, n, MAY_WRITE);
    if ((n.mode & S_IFMT) !== S_IFSOCK) fail(ECONNREFUSED);
    s = n.boundSocket;
  }
  if (s === null || s === undefined || s.dead) fail(ECONNREFUSED);
  if (s.type !== type) fail(EPROTOTYPE);
  return s;
}
