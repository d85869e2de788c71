/**
 * System V message queues (Linux ipc/msg.c): typed messages in arrival
 * order, the byte and count limit of a queue, and msgrcv's type selection.
 * A send or receive that must wait is a `msg` thread wait on the queue,
 * woken when it changes (`gen` moves) and then retried.
 * @module
 */

import type { Credentials } from "../process.ts";
import { IpcPerm } from "./ids.ts";

/** Largest message (msgmax) and default queue size in bytes (msgmnb), as Linux's defaults. */
export const MSGMAX = 8192, MSGMNB = 16384;
/** msgrcv flags. */
export const MSG_NOERROR = 0o10000, MSG_EXCEPT = 0o20000, MSG_COPY = 0o40000;

/** One queued message. */
export interface Msg {
  /** mtype: a positive long (kept exact as a bigint). */
  type: bigint;
  text: Uint8Array;
}

/** One message queue (struct msg_queue). */
export class MsgQueue {
  readonly perm: IpcPerm;
  readonly msgs: Msg[] = [];
  /** Bytes of text queued, and the most the queue may hold (IPC_SET can change it). */
  cbytes = 0;
  qbytes = MSGMNB;
  /** Last send, receive and change times (wall-clock seconds), and last sender and receiver. */
  stime = 0;
  rtime = 0;
  ctime: number;
  lspid = 0;
  lrpid = 0;
  /** Bumped by every send, receive, IPC_SET and removal: what waiters watch. */
  gen = 0;

  constructor(key: number, cred: Credentials, mode: number, now: number) {
    this.perm = new IpcPerm(key, cred, mode);
    this.ctime = now;
  }

  /** Would a message of `len` bytes fit (msg_fits_inqueue: bytes, and one more message than bytes)? */
  fits(len: number): boolean {
    return this.cbytes + len <= this.qbytes && this.msgs.length + 1 <= this.qbytes;
  }

  /**
   * msgrcv's choice (find_msg): `type` 0 takes the first message; a
   * positive one the first of that type (of any other type with
   * MSG_EXCEPT); a negative one the first of the lowest type <= |type|.
   * MSG_COPY instead names the index of the message to copy. Returns the
   * index in `msgs`, or -1.
   */
  find(type: bigint, flags: number): number {
    if ((flags & MSG_COPY) !== 0) {
      return type >= 0n && type < BigInt(this.msgs.length) ? Number(type) : -1;
    }
    if (type === 0n) return this.msgs.length > 0 ? 0 : -1;
    if (type > 0n) {
      const except = (flags & MSG_EXCEPT) !== 0;
      return this.msgs.findIndex((m) => (m.type === type) !== except);
    }
    const max = -type;
    let best = -1;
    for (let i = 0; i < this.msgs.length; i++) {
      const t = this.msgs[i].type;
      if (t <= max && (best < 0 || t < this.msgs[best].type)) best = i;
    }
    return best;
  }
}
