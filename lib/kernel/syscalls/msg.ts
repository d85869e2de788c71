/**
 * System V message queue calls: msgget, msgsnd, msgrcv and msgctl, with
 * Linux's argument checks, errnos and struct msqid64_ds layout. A send to
 * a full queue or a receive with nothing matching blocks the thread (a
 * `msg` wait) until the queue changes; removal wakes it with EIDRM.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import {
  checkIpcOwner,
  checkIpcPerm,
  IPC_INFO,
  IPC_NOWAIT,
  IPC_PERM_SIZE,
  IPC_READ,
  IPC_RMID,
  IPC_SET,
  IPC_STAT,
  IPC_WRITE,
  ipcGet,
  ipcStat,
  putIpcPerm,
  setIpcPerm,
} from "../ipc/ids.ts";
import { MSG_COPY, MSG_EXCEPT, MSG_NOERROR, MSGMAX, MSGMNB, MsgQueue } from "../ipc/msg.ts";
import { block } from "../thread.ts";
import { arg, argBigInt, argInt, argLong, Struct } from "./uaccess.ts";
import { E2BIG, EAGAIN, EIDRM, EINVAL, ENOMSG, EPERM, fail } from "../errno.ts";

/** msgctl commands beyond the IPC_* ones. */
const MSG_STAT = 11, MSG_INFO = 12, MSG_STAT_ANY = 13;
/** Linux's msgmni, MSGPOOL (KiB), MSGSSZ and MSGSEG. */
const MSGMNI = 32000, MSGPOOL = MSGMNI * MSGMNB / 1024, MSGSSZ = 16, MSGSEG = 0xffff;

/** msgget(key, msgflg) */
export function sysMsgget(k: Kernel, p: Process): number {
  const key = argInt(p.cpu, 0), flags = argInt(p.cpu, 1);
  return ipcGet(
    k.ipc.msg,
    p.cred,
    key,
    flags,
    () => new MsgQueue(key, p.cred, flags, k.vfs.nowS),
    () => {},
  );
}

/** The queue `id` names for a call that may be a retry: EIDRM if it was removed while the call waited. */
function queueOf(k: Kernel, p: Process, id: number): MsgQueue {
  const w = p.thread.wait;
  if (w !== null && w.kind === "msg" && w.queue.perm.deleted) fail(EIDRM);
  return k.ipc.msg.get(id);
}

/** msgsnd(msqid, msgp, msgsz, msgflg) */
export function sysMsgsnd(k: Kernel, p: Process): number {
  const id = argInt(p.cpu, 0), msgp = arg(p.cpu, 1), size = argLong(p.cpu, 2);
  const flags = argInt(p.cpu, 3);
  const lo = p.mem.read64(msgp);
  const type = BigInt.asIntN(64, (BigInt(p.mem.hi) << 32n) | BigInt(lo));
  if (size > MSGMAX || size < 0 || id < 0) fail(EINVAL);
  if (type < 1n) fail(EINVAL);
  const text = p.mem.readBytes(msgp + 8, size);
  const q = queueOf(k, p, id);
  checkIpcPerm(p.cred, q.perm, IPC_WRITE);
  if (!q.fits(size)) {
    if ((flags & IPC_NOWAIT) !== 0) fail(EAGAIN);
    return block(p.thread, { kind: "msg", queue: q, gen: q.gen });
  }
  q.msgs.push({ type, text });
  q.cbytes += size;
  q.lspid = p.pid;
  q.stime = k.vfs.nowS;
  q.gen++;
  return 0;
}

/** msgrcv(msqid, msgp, msgsz, msgtyp, msgflg): the text's length. */
export function sysMsgrcv(k: Kernel, p: Process): number {
  const id = argInt(p.cpu, 0), msgp = arg(p.cpu, 1), size = argLong(p.cpu, 2);
  const type = argBigInt(p.cpu, 3), flags = argInt(p.cpu, 4);
  if (id < 0 || size < 0) fail(EINVAL);
  const copy = (flags & MSG_COPY) !== 0;
  if (copy && ((flags & MSG_EXCEPT) !== 0 || (flags & IPC_NOWAIT) === 0)) fail(EINVAL);
  const q = queueOf(k, p, id);
  checkIpcPerm(p.cred, q.perm, IPC_READ);
  const i = q.find(type, flags);
  if (i < 0) {
    if ((flags & IPC_NOWAIT) !== 0) fail(ENOMSG);
    return block(p.thread, { kind: "msg", queue: q, gen: q.gen });
  }
  const m = q.msgs[i];
  if (size < m.text.length) {
    if ((flags & MSG_NOERROR) === 0) fail(E2BIG);
    if (copy) fail(EINVAL); // the copy's buffer is sized by msgsz and cannot take the message
  }
  if (!copy) {
    q.msgs.splice(i, 1);
    q.cbytes -= m.text.length;
    q.lrpid = p.pid;
    q.rtime = k.vfs.nowS;
    q.gen++;
  }
  // A bad buffer loses the message, as in Linux.
  const n = Math.min(size, m.text.length);
  const out = new Struct(8 + n);
  out.view.setBigInt64(0, m.type, true);
  out.bytes.set(m.text.subarray(0, n), 8);
  p.mem.writeBytes(msgp, out.bytes);
  return n;
}

/** struct msqid64_ds of `q`. */
function msqidDs(q: MsgQueue): Uint8Array {
  const s = new Struct(120);
  putIpcPerm(s.view, 0, q.perm);
  s.u64(IPC_PERM_SIZE, q.stime).u64(56, q.rtime).u64(64, q.ctime);
  s.u64(72, q.cbytes).u64(80, q.msgs.length).u64(88, q.qbytes);
  return s.u32(96, q.lspid).u32(100, q.lrpid).bytes;
}

/** IPC_INFO/MSG_INFO: struct msginfo (MSG_INFO puts queues, messages and bytes in use in msgpool, msgmap, msgtql). */
function msgInfo(k: Kernel, usage: boolean): Uint8Array {
  let msgs = 0, bytes = 0;
  for (const q of k.ipc.msg.byIdx.values()) {
    msgs += q.msgs.length;
    bytes += q.cbytes;
  }
  const s = new Struct(32);
  s.u32(0, usage ? k.ipc.msg.byIdx.size : MSGPOOL).u32(4, usage ? msgs : MSGMNB);
  s.u32(8, MSGMAX).u32(12, MSGMNB).u32(16, MSGMNI).u32(20, MSGSSZ);
  return s.u32(24, usage ? bytes : MSGMNB).u16(28, MSGSEG).bytes;
}

/** msgctl(msqid, cmd, buf) */
export function sysMsgctl(k: Kernel, p: Process): number {
  const id = argInt(p.cpu, 0), cmd = argInt(p.cpu, 1), buf = arg(p.cpu, 2);
  if (id < 0 || cmd < 0) fail(EINVAL);
  const ids = k.ipc.msg;
  switch (cmd) {
    case IPC_INFO:
    case MSG_INFO:
      p.mem.writeBytes(buf, msgInfo(k, cmd === MSG_INFO));
      return Math.max(ids.highestIdx(), 0);
    case IPC_STAT:
    case MSG_STAT:
    case MSG_STAT_ANY:
      return ipcStat(p, ids, cmd, MSG_STAT_ANY, id, buf, msqidDs);
    case IPC_SET:
    case IPC_RMID: {
      const ds = cmd === IPC_SET ? new DataView(p.mem.readBytes(buf, 120).buffer) : null;
      const q = ids.get(id);
      checkIpcOwner(p.cred, q.perm);
      q.gen++; // waiters retry: EIDRM, or a changed size or permission
      if (ds === null) {
        ids.remove(q);
        return 0;
      }
      const qbytes = Number(ds.getBigUint64(88, true));
      if (qbytes > MSGMNB && !p.cred.capEffective) fail(EPERM);
      setIpcPerm(q.perm, ds.getUint32(4, true), ds.getUint32(8, true), ds.getUint32(20, true));
      q.qbytes = qbytes;
      q.ctime = k.vfs.nowS;
      return 0;
    }
    default:
      return fail(EINVAL);
  }
}
