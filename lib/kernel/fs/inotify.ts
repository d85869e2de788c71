/**
 * inotify instances and watches on the in-memory file tree, and the
 * events file operations raise (Linux's fsnotify hooks). An event goes to
 * the watches on the inode it concerns (without a name) and to those on
 * its directory (with the entry's name); each instance queues the
 * inotify_event records its reader will get, merging an event identical
 * to the last one still unread, as Linux does.
 * @module
 */

import type { Inode } from "./inode.ts";

/** Event bits. */
export const IN_ACCESS = 0x1,
  IN_MODIFY = 0x2,
  IN_ATTRIB = 0x4,
  IN_CLOSE_WRITE = 0x8,
  IN_CLOSE_NOWRITE = 0x10,
  IN_OPEN = 0x20,
  IN_MOVED_FROM = 0x40,
  IN_MOVED_TO = 0x80,
  IN_CREATE = 0x100,
  IN_DELETE = 0x200,
  IN_DELETE_SELF = 0x400,
  IN_MOVE_SELF = 0x800,
  IN_ALL_EVENTS = 0xfff,
  IN_Q_OVERFLOW = 0x4000,
  IN_IGNORED = 0x8000,
  IN_ISDIR = 0x40000000,
  IN_ONESHOT = 0x80000000;
/** Events that concern a directory's entries (reported only to the directory's watches). */
const ENTRY_EVENTS = IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE;
/** /proc/sys/fs/inotify/max_queued_events. */
const MAX_QUEUED = 16384;
/** sizeof(struct inotify_event) without the name; names are padded to a multiple of it. */
const EVENT_SIZE = 16;

/** A watch: which events of `inode` instance `owner` wants. */
export class InotifyWatch {
  constructor(
    readonly wd: number,
    readonly inode: Inode,
    public mask: number,
    readonly owner: Inotify,
  ) {}
}

/** An inotify instance: its watches and the events not read yet. */
export class Inotify {
  watches: InotifyWatch[] = [];
  nextWd = 1;
  /** Encoded inotify_event records, oldest first. */
  queue: Uint8Array[] = [];
  constructor(
    /** The instance's own inode (its pollGen wakes readers). */
    readonly node: Inode,
  ) {}

  /** Queue an event (merged into an identical last one; IN_Q_OVERFLOW once full). */
  push(wd: number, mask: number, cookie: number, name: string): void {
    const e = encode(wd, mask, cookie, name);
    const last = this.queue[this.queue.length - 1];
    if (last !== undefined && same(last, e)) return;
    if (this.queue.length >= MAX_QUEUED) {
      const overflow = encode(-1, IN_Q_OVERFLOW, 0, "");
      if (last !== undefined && same(last, overflow)) return;
      this.queue.push(overflow);
    } else this.queue.push(e);
    this.node.pollGen++;
  }

  /** Forget watch `w` and tell the reader (IN_IGNORED). */
  drop(w: InotifyWatch): void {
    this.watches.splice(this.watches.indexOf(w), 1);
    const list = w.inode.watches!;
    list.splice(list.indexOf(w), 1);
    this.push(w.wd, IN_IGNORED, 0, "");
  }
}

/** struct inotify_event for the given fields, the name NUL-padded to a multiple of 16 bytes. */
function encode(wd: number, mask: number, cookie: number, name: string): Uint8Array {
  const len = name === "" ? 0 : Math.ceil((name.length + 1) / EVENT_SIZE) * EVENT_SIZE;
  const b = new Uint8Array(EVENT_SIZE + len);
  const v = new DataView(b.buffer);
  v.setInt32(0, wd, true);
  v.setUint32(4, mask >>> 0, true);
  v.setUint32(8, cookie, true);
  v.setUint32(12, len, true);
  for (let i = 0; i < name.length; i++) b[EVENT_SIZE + i] = name.charCodeAt(i);
  return b;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Raise `mask` for the watches on `n` (its own events: no name). */
function toWatches(n: Inode, mask: number, cookie: number, name: string): void {
  const list = n.watches;
  if (list === null || list.length === 0) return;
  for (const w of [...list]) {
    if ((w.mask & mask & IN_ALL_EVENTS) === 0) continue;
    w.owner.push(w.wd, mask, cookie, name);
    if ((w.mask & IN_ONESHOT) !== 0) w.owner.drop(w);
  }
}

/**
 * Event `mask` about `n`: to its own watches, and to those of directory
 * `dir` (if known) as an event about entry `name`.
 */
export function fsnotify(n: Inode, mask: number, dir: Inode | null, name: string): void {
  const m = n.isDir() ? mask | IN_ISDIR : mask;
  if (dir !== null) toWatches(dir, m, 0, name);
  toWatches(n, m, 0, "");
}

/**
 * Event `mask` about `n`, told to its directory too: a directory knows its
 * own; a file's is `via` (the directory it was opened through, as entry
 * `name`), if known.
 */
export function fsnotifyNode(n: Inode, mask: number, via: Inode | null, name: string): void {
  if (n.isDir()) fsnotify(n, mask, n.parent, n.name);
  else if (via !== null) fsnotify(n, mask, via, name);
  else {
    // The entry it was last known by, if it is still that.
    const dir = n.seenIn;
    const here = dir !== null && dir.entries?.get(n.seenAs) === n;
    fsnotify(n, mask, here ? dir : null, n.seenAs);
  }
}

/** Remember that non-directory `n` is entry `name` of `dir` (see Inode.seenIn). */
export function seenAt(n: Inode, dir: Inode, name: string): void {
  if (n.isDir()) return;
  n.seenIn = dir;
  n.seenAs = name;
}

/** Event `mask` (IN_CREATE, IN_DELETE) about entry `name` (node `n`) of directory `dir`. */
export function fsnotifyEntry(dir: Inode, mask: number, name: string, n: Inode, cookie = 0): void {
  if ((mask & (IN_CREATE | IN_MOVED_TO)) !== 0) seenAt(n, dir, name);
  toWatches(dir, (n.isDir() ? mask | IN_ISDIR : mask) & (ENTRY_EVENTS | IN_ISDIR), cookie, name);
}

/** `n` has lost its last link: IN_DELETE_SELF, then its watches go (IN_IGNORED). */
export function fsnotifyGone(n: Inode): void {
  if (n.watches === null) return;
  toWatches(n, IN_DELETE_SELF, 0, "");
  for (const w of [...n.watches]) w.owner.drop(w);
}

/** Bytes the reader can take: whole events from the front that fit in `len`. */
export function takeEvents(ino: Inotify, len: number): Uint8Array {
  let n = 0, size = 0;
  while (n < ino.queue.length && size + ino.queue[n].length <= len) size += ino.queue[n++].length;
  const out = new Uint8Array(size);
  let o = 0;
  for (const e of ino.queue.splice(0, n)) {
    out.set(e, o);
    o += e.length;
  }
  return out;
}
