/**
 * struct msghdr and ancillary data (control messages) for sendmsg/recvmsg:
 * reading a msghdr from user memory with Linux's checks, parsing
 * SCM_RIGHTS and SCM_CREDENTIALS on send, and writing them on receive
 * (installing passed descriptors, MSG_CTRUNC when they do not fit).
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import type { Memory } from "../../exec/memory.ts";
import type { OpenFile } from "../fd_table.ts";
import { readU64 } from "../syscalls/uaccess.ts";
import { readIovecs } from "../syscalls/rw.ts";
import { fileOfRaw, nofileLimit } from "../syscalls/common.ts";
import { EINVAL, EMSGSIZE, ENOBUFS, EPERM, ESRCH, fail } from "../errno.ts";
import { SOCKADDR_MAX } from "./sockaddr.ts";
import { SCM_MAX_FD, Ucred } from "./unix_socket.ts";
import type { Scm } from "./unix_io.ts";

/** sizeof(struct msghdr) and of struct mmsghdr on x86-64. */
export const MSGHDR_SIZE = 56, MMSGHDR_SIZE = 64;
/** Offsets of msg_namelen, msg_controllen and msg_flags (written back by recvmsg). */
export const MSG_NAMELEN = 8, MSG_CONTROLLEN = 40, MSG_FLAGS = 48;
/** SOL_SOCKET and the control message types. */
export const SOL_SOCKET = 1, SCM_RIGHTS = 1, SCM_CREDENTIALS = 2;
/** sizeof(struct cmsghdr). */
const CMSG_HDR = 16;
/** Most iovecs (UIO_MAXIOV) and control bytes (net.core.optmem_max) one call takes. */
const UIO_MAXIOV = 1024, OPTMEM_MAX = 131072;

/** A msghdr as the kernel sees it after copy_msghdr_from_user. */
export interface MsgHdr {
  name: number;
  namelen: number;
  iov: [number, number][];
  control: number;
  controllen: number;
}

/** Read the msghdr at `addr`: EINVAL for a negative name length, EMSGSIZE for too many iovecs. */
export function readMsghdr(mem: Memory, addr: number): MsgHdr {
  const name = readU64(mem, addr);
  let namelen = mem.read32(addr + MSG_NAMELEN) | 0;
  const iovAddr = readU64(mem, addr + 16);
  const iovlen = readU64(mem, addr + 24);
  const control = readU64(mem, addr + 32);
  const controllen = readU64(mem, addr + MSG_CONTROLLEN);
  if (name === 0) namelen = 0;
  if (namelen < 0) fail(EINVAL);
  if (namelen > SOCKADDR_MAX) namelen = SOCKADDR_MAX;
  if (iovlen > UIO_MAXIOV) fail(EMSGSIZE);
  return { name, namelen, iov: readIovecs(mem, iovAddr, iovlen), control, controllen };
}

function cmsgAlign(n: number): number {
  return (n + 7) & ~7;
}

/** Is `id` one of the real, effective or saved ids (or may the caller use any)? */
function ownId(id: number, ids: number[], capable: boolean): boolean {
  return capable || ids.includes(id);
}

/**
 * The control messages of a send (__scm_send): SCM_RIGHTS descriptions
 * (EBADF for a bad descriptor, EINVAL past SCM_MAX_FD) and SCM_CREDENTIALS
 * (EPERM for ids the caller may not claim); other SOL_SOCKET types and
 * malformed headers are EINVAL, other levels are skipped.
 */
export function readControl(k: Kernel, p: Process, m: MsgHdr): Scm {
  const scm: Scm = { fds: null, cred: null };
  const len = m.controllen;
  if (len > 0x7fffffff || len > OPTMEM_MAX) fail(ENOBUFS);
  if (len < CMSG_HDR) return scm;
  const buf = p.mem.readBytes(m.control, len);
  const v = new DataView(buf.buffer, buf.byteOffset, buf.length);
  for (let at = 0; at + CMSG_HDR <= len;) {
    const clen = Number(v.getBigUint64(at, true));
    if (clen < CMSG_HDR || clen > len - at) fail(EINVAL);
    const level = v.getInt32(at + 8, true), type = v.getInt32(at + 12, true);
    if (level === SOL_SOCKET) {
      if (type === SCM_RIGHTS) {
        const num = Math.floor((clen - CMSG_HDR) / 4);
        const fds = scm.fds ?? [];
        if (fds.length + num > SCM_MAX_FD) fail(EINVAL);
        for (let i = 0; i < num; i++) {
          fds.push(fileOfRaw(p, v.getInt32(at + CMSG_HDR + 4 * i, true)));
        }
        if (num > 0) scm.fds = fds;
      } else if (type === SCM_CREDENTIALS) {
        if (clen !== CMSG_HDR + 12) fail(EINVAL);
        const pid = v.getInt32(at + 16, true);
        const uid = v.getUint32(at + 20, true), gid = v.getUint32(at + 24, true);
        const c = p.cred;
        if (pid !== p.pid && !c.capEffective) fail(EPERM);
        if (uid === 0xffffffff || gid === 0xffffffff) fail(EINVAL);
        if (!ownId(uid, [c.uid, c.euid, c.suid], c.capEffective)) fail(EPERM);
        if (!ownId(gid, [c.gid, c.egid, c.sgid], c.capEffective)) fail(EPERM);
        if (!k.vfs.procs.has(pid)) fail(ESRCH);
        scm.cred = new Ucred(pid, uid, gid);
      } else fail(EINVAL);
    }
    at += cmsgAlign(clen);
  }
  return scm;
}

/** Writes control messages into a receiver's buffer, as put_cmsg and scm_detach_fds do. */
export class ControlWriter {
  /** Next free byte and bytes left. */
  private at: number;
  private left: number;
  /** MSG_CTRUNC: something did not fit. */
  truncated = false;

  constructor(private readonly mem: Memory, private readonly start: number, len: number) {
    this.at = start;
    this.left = start === 0 ? 0 : len;
  }

  /** Bytes used (the msg_controllen recvmsg reports). */
  used(): number {
    return this.at - this.start;
  }

  private header(len: number, type: number): void {
    this.mem.write64(this.at, len, 0);
    this.mem.write32(this.at + 8, SOL_SOCKET);
    this.mem.write32(this.at + 12, type);
  }

  private advance(len: number): void {
    const n = Math.min(cmsgAlign(len), this.left);
    this.at += n;
    this.left -= n;
  }

  /** SCM_CREDENTIALS (cut short, with MSG_CTRUNC, if the buffer ends first). */
  credentials(c: Ucred): void {
    if (this.left < CMSG_HDR) {
      this.truncated = true;
      return;
    }
    let len = CMSG_HDR + 12;
    if (this.left < len) {
      this.truncated = true;
      len = this.left;
    }
    const data = new Uint8Array(12);
    const v = new DataView(data.buffer);
    v.setInt32(0, c.pid, true);
    v.setUint32(4, c.uid, true);
    v.setUint32(8, c.gid, true);
    this.header(len, SCM_CREDENTIALS);
    this.mem.writeBytes(this.at + CMSG_HDR, data.subarray(0, len - CMSG_HDR));
    this.advance(len);
  }

  /**
   * SCM_RIGHTS: install as many of `fds` as fit (and the descriptor limit
   * allows), then drop the in-flight references; the rest are closed and
   * MSG_CTRUNC is set.
   */
  rights(p: Process, fds: OpenFile[], cloexec: boolean): void {
    const max = this.left > CMSG_HDR ? Math.floor((this.left - CMSG_HDR) / 4) : 0;
    let i = 0;
    for (; i < Math.min(max, fds.length); i++) {
      const fd = p.fds.lowestFree(0, nofileLimit(p));
      if (fd < 0) break;
      this.mem.write32(this.at + CMSG_HDR + 4 * i, fd);
      p.fds.install(fd, fds[i], cloexec);
    }
    if (i > 0) {
      this.header(CMSG_HDR + 4 * i, SCM_RIGHTS);
      this.advance(CMSG_HDR + 4 * i);
    }
    if (i < fds.length) this.truncated = true;
    for (const f of fds) f.release();
  }
}
