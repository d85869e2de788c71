/**
 * POSIX message queues (Linux ipc/mqueue.c): a queue is an inode of the
 * mqueue file system, opened as a descriptor that poll/select/epoll see
 * (readable with messages queued, writable while not full). Messages come
 * out by priority, oldest first within one. One process may register for
 * a notification when a message arrives in the empty queue.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Inode } from "../fs/inode.ts";
import { ProcState } from "../process.ts";

/** Priorities run below MQ_PRIO_MAX. */
export const MQ_PRIO_MAX = 32768;
/** Defaults and the limits unprivileged callers get (/proc/sys/fs/mqueue), and the hard limits. */
export const MQ_MSG_DEFAULT = 10,
  MQ_MSGSIZE_DEFAULT = 8192,
  MQ_MSG_MAX = 10,
  MQ_MSGSIZE_MAX = 8192,
  MQ_QUEUES_MAX = 256,
  HARD_MSGMAX = 65536,
  HARD_MSGSIZEMAX = 16 * 1024 * 1024;
/** sigev_notify values mq_notify accepts. */
export const SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD = 2;
/** Bytes of the kernel's bookkeeping charged per message slot (struct msg_msg, posix_msg_tree_node). */
const MSG_MSG_SIZE = 48, TREE_NODE_SIZE = 48;

/** One queued message. */
export interface MqMsg {
  prio: number;
  text: Uint8Array;
}

/** A registered notification (mq_notify). */
export interface MqNotify {
  /** The registering process. */
  pid: number;
  /** SIGEV_SIGNAL or SIGEV_NONE; the signal and sigev_value (as 64-bit halves). */
  how: number;
  signo: number;
  valueLo: number;
  valueHi: number;
}

/** The state behind an mqueue inode (struct mqueue_inode_info). */
export class MqQueue {
  /** Queued messages, highest priority first, then oldest first. */
  readonly msgs: MqMsg[] = [];
  /** The registered notification, if any. */
  notify: MqNotify | null = null;

  constructor(
    /** mq_maxmsg and mq_msgsize, fixed at creation. */
    readonly maxmsg: number,
    readonly msgsize: number,
    /** Owner's uid: RLIMIT_MSGQUEUE is charged to the user. */
    readonly uid: number,
  ) {}

  /** Bytes charged against RLIMIT_MSGQUEUE (mqueue_get_inode's mq_bytes). */
  bytes(): number {
    return this.maxmsg * this.msgsize + this.maxmsg * MSG_MSG_SIZE +
      Math.min(this.maxmsg, MQ_PRIO_MAX) * TREE_NODE_SIZE;
  }

  /** Queue a message behind those of equal or higher priority. */
  insert(prio: number, text: Uint8Array): void {
    let i = this.msgs.length;
    while (i > 0 && this.msgs[i - 1].prio < prio) i--;
    this.msgs.splice(i, 0, { prio, text });
  }

  /** Bytes queued (QSIZE in the file's text). */
  qsize(): number {
    let n = 0;
    for (const m of this.msgs) n += m.text.length;
    return n;
  }

  /** What read() of the queue's descriptor shows. */
  text(): string {
    const n = this.notify;
    const how = n === null ? 0 : n.how;
    const signo = n !== null && n.how === SIGEV_SIGNAL ? n.signo : 0;
    return `QSIZE:${String(this.qsize()).padEnd(10)} NOTIFY:${String(how).padEnd(5)} ` +
      `SIGNO:${String(signo).padEnd(5)} NOTIFY_PID:${String(n?.pid ?? 0).padEnd(6)}\n`;
  }
}

/**
 * The registration of queue inode `n` that still holds. Linux drops it when
 * its owner closes a descriptor of the queue (mqueue_flush_file; exit and
 * exec's close-on-exec close them too); here it lapses, when next looked at,
 * once the owner holds no descriptor of the queue.
 */
export function liveNotify(k: Kernel, n: Inode): MqNotify | null {
  const q = n.mqueue!;
  const r = q.notify;
  if (r === null) return null;
  const owner = k.vfs.procs.get(r.pid);
  if (
    owner === undefined || owner.state !== ProcState.Alive ||
    !owner.fds.fds.some((e) => e?.file.inode === n)
  ) q.notify = null;
  return q.notify;
}
