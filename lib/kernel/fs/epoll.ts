/**
 * epoll interest lists: one entry per (descriptor, open file) pair, with the
 * requested events, the user data, and the state edge-triggered and
 * one-shot entries need.
 * @module
 */

import type { OpenFile } from "../fd_table.ts";

/** One watched file. */
export interface EpollItem {
  fd: number;
  file: OpenFile;
  /** Requested events and EPOLLET/EPOLLONESHOT/... flags. */
  events: number;
  /** epoll_data as two 32-bit halves. */
  dataLo: number;
  dataHi: number;
  /** Edge-triggered: the file's pollGen when this entry was last reported. */
  seenGen: number;
  /** One-shot entry already reported (until EPOLL_CTL_MOD re-arms it). */
  disabled: boolean;
}

/** The state of an epoll instance. */
export class EpollSet {
  items: EpollItem[] = [];

  /** The entry for `fd` referring to `file`, if any. */
  find(fd: number, file: OpenFile): EpollItem | undefined {
    return this.items.find((i) => i.fd === fd && i.file === file);
  }

  /** Drop entries whose file has been closed everywhere (Linux removes them on the final close). */
  prune(): void {
    if (this.items.some((i) => i.file.refs === 0)) {
      this.items = this.items.filter((i) => i.file.refs > 0);
    }
  }
}
