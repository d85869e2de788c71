/**
 * POSIX message queue calls: mq_open, mq_unlink, mq_timedsend,
 * mq_timedreceive, mq_notify and mq_getsetattr. Queues are inodes of the
 * namespace's mqueue file system; descriptors are close-on-exec open files
 * that read() describes and poll/select/epoll watch. A send to a full
 * queue or a receive from an empty one blocks the thread (an `mq` wait on
 * the inode) until the queue changes or the absolute CLOCK_REALTIME
 * timeout passes (ETIMEDOUT).
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { RLIMIT_MSGQUEUE } from "../process.ts";
import { type Inode, S_IFREG } from "../fs/inode.ts";
import { NAME_MAX } from "../fs/namei.ts";
import { checkDelete, checkPermission, MAY_READ, MAY_WRITE } from "../fs/perm.ts";
import {
  O_ACCMODE,
  O_CLOEXEC,
  O_CREAT,
  O_EXCL,
  O_NOCTTY,
  O_NONBLOCK,
  O_RDWR,
  O_TRUNC,
  O_WRONLY,
  OpenFile,
} from "../fd_table.ts";
import {
  HARD_MSGMAX,
  HARD_MSGSIZEMAX,
  liveNotify,
  MQ_MSG_DEFAULT,
  MQ_MSG_MAX,
  MQ_MSGSIZE_DEFAULT,
  MQ_MSGSIZE_MAX,
  MQ_PRIO_MAX,
  MQ_QUEUES_MAX,
  MqQueue,
  SIGEV_NONE,
  SIGEV_SIGNAL,
  SIGEV_THREAD,
} from "../ipc/mqueue.ts";
import { EPOCH_SEC } from "../time.ts";
import { mesgqInfo, NSIG, sendSignal } from "../signals.ts";
import { block, ThreadState } from "../thread.ts";
import { fileOf, installFd, nofileLimit } from "./common.ts";
import { arg, argInt, readI64, readPath, readTimespec, Struct } from "./uaccess.ts";
import {
  EACCES,
  EAGAIN,
  EBADF,
  EBUSY,
  ECONNREFUSED,
  EEXIST,
  EINVAL,
  EMFILE,
  EMSGSIZE,
  ENAMETOOLONG,
  ENOENT,
  ENOSPC,
  EOVERFLOW,
  ETIMEDOUT,
  fail,
} from "../errno.ts";

/** What stat shows as the size of a queue (FILENT_SIZE). */
const FILENT_SIZE = 80;
/** Bytes of the cookie a SIGEV_THREAD registration hands its netlink socket. */
const NOTIFY_COOKIE_LEN = 32;

/** A queue name as the mqueue root looks it up (lookup_one_len): no '/', not "." or "..". */
function queueName(p: Process, addr: number): string {
  const name = readPath(p.mem, addr);
  if (name === "") fail(ENOENT);
  if (name.includes("/") || name === "." || name === "..") fail(EACCES);
  if (name.length > NAME_MAX) fail(ENAMETOOLONG);
  return name;
}

/** mq_attr_ok: the sizes a new queue may have (CAP_SYS_RESOURCE lifts the limits to the hard ones). */
function checkAttr(p: Process, maxmsg: number, msgsize: number): void {
  if (maxmsg <= 0 || msgsize <= 0) fail(EINVAL);
  const cap = p.cred.capEffective;
  if (maxmsg > (cap ? HARD_MSGMAX : MQ_MSG_MAX)) fail(EINVAL);
  if (msgsize > (cap ? HARD_MSGSIZEMAX : MQ_MSGSIZE_MAX)) fail(EINVAL);
  if (maxmsg * msgsize > Number.MAX_SAFE_INTEGER) fail(EOVERFLOW);
}

/** Every queue still alive: named in the mqueue root, or held open by a descriptor. */
function liveQueues(k: Kernel): Set<MqQueue> {
  const out = new Set<MqQueue>();
  for (const n of k.ipc.mqRoot.entries!.values()) if (n.mqueue !== null) out.add(n.mqueue);
  for (const q of k.vfs.procs.values()) {
    for (const e of q.fds.fds) if (e?.file.inode.mqueue) out.add(e.file.inode.mqueue);
  }
  return out;
}

/** Create queue `name` (mode already masked): ENOSPC past queues_max, EMFILE past RLIMIT_MSGQUEUE. */
function createQueue(k: Kernel, p: Process, name: string, mode: number, attr: number): Inode {
  let maxmsg = MQ_MSG_DEFAULT, msgsize = MQ_MSGSIZE_DEFAULT;
  if (attr !== 0) {
    maxmsg = readI64(p.mem, attr + 8);
    msgsize = readI64(p.mem, attr + 16);
    checkAttr(p, maxmsg, msgsize);
  }
  const live = liveQueues(k);
  if (live.size >= MQ_QUEUES_MAX && !p.cred.capEffective) fail(ENOSPC);
  const q = new MqQueue(maxmsg, msgsize, p.cred.euid);
  let used = q.bytes();
  for (const o of live) if (o.uid === q.uid) used += o.bytes();
  if (used > p.rlimits[RLIMIT_MSGQUEUE].cur) fail(EMFILE);
  const n = k.vfs.newInode(k.ipc.mqFs, S_IFREG | mode, p.cred.fsuid, p.cred.fsgid);
  n.pages = null;
  n.size = FILENT_SIZE;
  n.mqueue = q;
  k.vfs.link(k.ipc.mqRoot, name, n);
  return n;
}

/** mq_open(name, oflag, mode, attr): a close-on-exec descriptor for the queue. */
export function sysMqOpen(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const oflag = argInt(cpu, 1), mode = argInt(cpu, 2), attr = arg(cpu, 3);
  if (attr !== 0) p.mem.readBytes(attr, 64);
  const name = queueName(p, arg(cpu, 0));
  if (p.fds.lowestFree(0, nofileLimit(p)) < 0) fail(EMFILE);
  const root = k.ipc.mqRoot;
  let n = root.entries!.get(name);
  if (n === undefined) {
    if ((oflag & O_CREAT) === 0) fail(ENOENT);
    n = createQueue(k, p, name, mode & 0o7777 & ~p.umask, attr);
  } else {
    if ((oflag & (O_CREAT | O_EXCL)) === (O_CREAT | O_EXCL)) fail(EEXIST);
    const acc = oflag & O_ACCMODE;
    if (acc === O_ACCMODE) fail(EINVAL);
    checkPermission(
      p.cred,
      n,
      acc === O_RDWR ? MAY_READ | MAY_WRITE : acc === O_WRONLY ? MAY_WRITE : MAY_READ,
    );
  }
  const flags = oflag & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
  return installFd(p, new OpenFile(n, flags, "/" + name), true);
}

/** mq_unlink(name): the name goes; the queue lives on while descriptors hold it. */
export function sysMqUnlink(k: Kernel, p: Process): number {
  const name = queueName(p, arg(p.cpu, 0));
  const root = k.ipc.mqRoot;
  const n = root.entries!.get(name) ?? fail(ENOENT);
  checkDelete(p.cred, root, n);
  k.vfs.unlink(root, name, n);
  return 0;
}

/** The queue of descriptor `fd` (EBADF if it is not one). */
function queueFile(p: Process, fd: number): OpenFile {
  const f = fileOf(p, fd);
  if (f.inode.mqueue === null) fail(EBADF);
  return f;
}

/**
 * The absolute CLOCK_REALTIME timeout at `addr` as virtual ns since boot
 * (null: none); a retried call keeps the one it started with.
 */
function mqDeadline(p: Process, addr: number): number | null {
  const w = p.thread.wait;
  if (w !== null && w.kind === "mq") return w.deadline;
  if (addr === 0) return null;
  const [sec, nsec] = readTimespec(p.mem, addr);
  return (sec - EPOCH_SEC) * 1e9 + nsec;
}

/** Block on queue inode `n` (ETIMEDOUT once the deadline has passed). */
function waitQueue(
  k: Kernel,
  p: Process,
  n: Inode,
  receive: boolean,
  deadline: number | null,
): never {
  if (deadline !== null && k.nowNs >= deadline) fail(ETIMEDOUT);
  return block(p.thread, { kind: "mq", inode: n, gen: n.pollGen, receive, deadline });
}

/** Is some thread blocked receiving from queue inode `n`? */
function receiverWaits(k: Kernel, n: Inode): boolean {
  for (const t of k.threads.values()) {
    const w = t.wait;
    if (
      t.state === ThreadState.Blocked && w !== null && w.kind === "mq" && w.receive && w.inode === n
    ) {
      return true;
    }
  }
  return false;
}

/**
 * A message arrived in the empty queue with no receiver waiting: the
 * registered process gets its signal (SI_MESGQ, from the sender), and the
 * registration is used up.
 */
function notify(k: Kernel, p: Process, q: MqQueue): void {
  const r = q.notify!;
  q.notify = null;
  if (r.how !== SIGEV_SIGNAL || r.signo === 0) return;
  const owner = k.vfs.procs.get(r.pid);
  if (owner === undefined) return;
  sendSignal(owner, r.signo, mesgqInfo(p, r.signo, r.valueHi * 4294967296 + r.valueLo));
}

/** mq_timedsend(mqdes, msg_ptr, msg_len, msg_prio, abs_timeout) */
export function sysMqTimedsend(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const ptr = arg(cpu, 1), len = arg(cpu, 2), prio = arg(cpu, 3);
  const deadline = mqDeadline(p, arg(cpu, 4));
  if (prio >= MQ_PRIO_MAX) fail(EINVAL);
  const f = queueFile(p, argInt(cpu, 0));
  if (!f.writable()) fail(EBADF);
  const n = f.inode, q = n.mqueue!;
  if (len > q.msgsize) fail(EMSGSIZE);
  const text = p.mem.readBytes(ptr, len);
  if (q.msgs.length >= q.maxmsg) {
    if ((f.flags & O_NONBLOCK) !== 0) fail(EAGAIN);
    waitQueue(k, p, n, false, deadline);
  }
  q.insert(prio, text);
  if (q.msgs.length === 1 && liveNotify(k, n) !== null && !receiverWaits(k, n)) notify(k, p, q);
  k.vfs.touchModify(n);
  n.atimeS = n.mtimeS;
  n.atimeN = n.mtimeN;
  n.pollGen++;
  return 0;
}

/** mq_timedreceive(mqdes, msg_ptr, msg_len, msg_prio, abs_timeout): the message's length. */
export function sysMqTimedreceive(k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const ptr = arg(cpu, 1), len = arg(cpu, 2), prioPtr = arg(cpu, 3);
  const deadline = mqDeadline(p, arg(cpu, 4));
  const f = queueFile(p, argInt(cpu, 0));
  if (!f.readable()) fail(EBADF);
  const n = f.inode, q = n.mqueue!;
  if (len < q.msgsize) fail(EMSGSIZE);
  if (q.msgs.length === 0) {
    if ((f.flags & O_NONBLOCK) !== 0) fail(EAGAIN);
    waitQueue(k, p, n, true, deadline);
  }
  const m = q.msgs.shift()!;
  k.vfs.touchModify(n);
  n.atimeS = n.mtimeS;
  n.atimeN = n.mtimeN;
  n.pollGen++;
  // A bad buffer loses the message, as in Linux.
  if (prioPtr !== 0) p.mem.write32(prioPtr, m.prio);
  p.mem.writeBytes(ptr, m.text);
  return m.text.length;
}

/** mq_notify(mqdes, sevp): register (SIGEV_SIGNAL, SIGEV_NONE) or, with NULL, unregister. */
export function sysMqNotify(k: Kernel, p: Process): number {
  const sevp = arg(p.cpu, 1);
  let how = -1, signo = 0, valueLo = 0, valueHi = 0;
  if (sevp !== 0) {
    const v = new DataView(p.mem.readBytes(sevp, 64).buffer);
    valueLo = v.getUint32(0, true);
    valueHi = v.getUint32(4, true);
    signo = v.getInt32(8, true);
    how = v.getInt32(12, true);
    if (how !== SIGEV_NONE && how !== SIGEV_SIGNAL && how !== SIGEV_THREAD) fail(EINVAL);
    if (how === SIGEV_SIGNAL && (signo < 0 || signo > NSIG)) fail(EINVAL);
    if (how === SIGEV_THREAD) {
      // The cookie is read, then the netlink socket named by sigev_signo, which no descriptor here is.
      p.mem.readBytes(readI64(p.mem, sevp), NOTIFY_COOKIE_LEN);
      fileOf(p, signo);
      fail(ECONNREFUSED);
    }
  }
  const f = queueFile(p, argInt(p.cpu, 0));
  const n = f.inode, q = n.mqueue!;
  liveNotify(k, n);
  if (how < 0) {
    if (q.notify?.pid === p.pid) {
      q.notify = null;
      k.vfs.touchChange(n);
      n.atimeS = n.ctimeS;
      n.atimeN = n.ctimeN;
    }
    return 0;
  }
  if (q.notify !== null) fail(EBUSY);
  q.notify = { pid: p.pid, how, signo, valueLo, valueHi };
  k.vfs.touchChange(n);
  n.atimeS = n.ctimeS;
  n.atimeN = n.ctimeN;
  return 0;
}

/** mq_getsetattr(mqdes, newattr, oldattr): only O_NONBLOCK can be changed. */
export function sysMqGetsetattr(_k: Kernel, p: Process): number {
  const newAttr = arg(p.cpu, 1), oldAttr = arg(p.cpu, 2);
  let flags = 0;
  if (newAttr !== 0) {
    flags = readI64(p.mem, newAttr);
    p.mem.readBytes(newAttr, 64);
    if ((flags & ~O_NONBLOCK) !== 0) fail(EINVAL);
  }
  const f = queueFile(p, argInt(p.cpu, 0));
  const q = f.inode.mqueue!;
  const old = new Struct(64).u64(0, f.flags & O_NONBLOCK).u64(8, q.maxmsg).u64(16, q.msgsize)
    .u64(24, q.msgs.length);
  if (newAttr !== 0) f.flags = (f.flags & ~O_NONBLOCK) | (flags & O_NONBLOCK);
  if (oldAttr !== 0) p.mem.writeBytes(oldAttr, old.bytes);
  return 0;
}
