/**
 * inotify on the in-memory file tree: events with names for a watched
 * directory, the node's own events, move cookies, merging of repeats,
 * IN_ONESHOT, IN_MASK_ADD/IN_MASK_CREATE/IN_ONLYDIR, IN_IGNORED, reads and poll.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const IN_NONBLOCK = 0x800, IN_ALL_EVENTS = 0xfff, IN_ONESHOT = 0x80000000;
const IN_MODIFY = 2, IN_ATTRIB = 4, IN_OPEN = 0x20, IN_CREATE = 0x100, IN_DELETE_SELF = 0x400;
const IN_ONLYDIR = 0x1000000, IN_MASK_CREATE = 0x10000000, IN_MASK_ADD = 0x20000000;

/** Every queued event as [wd, mask, cookie, name]. */
function events(s: Sys, fd: number): [number, number, number, string][] {
  const buf = s.alloc(4096);
  const n = s.sys("read", fd, buf, 4096);
  if (n === -E.EAGAIN) return [];
  const out: [number, number, number, string][] = [];
  for (let o = 0; o < n;) {
    const len = s.u32(buf + o + 12);
    const name = len > 0 ? s.cstr(buf + o + 16) : "";
    out.push([s.i32(buf + o), s.u32(buf + o + 4), s.u32(buf + o + 8), name]);
    o += 16 + len;
  }
  return out;
}

Deno.test("inotify: create, delete, modify, open, close, attrib and move events with cookies; watch flags", () => {
  const s = new Sys();
  assert.equal(s.sys("inotify_init1", 1), -E.EINVAL);
  const fd = s.sys("inotify_init1", IN_NONBLOCK);
  assert.equal(s.sys("mkdir", s.str("/w"), 0o755), 0);
  assert.equal(s.sys("inotify_add_watch", fd, s.str("/w"), 0), -E.EINVAL);
  assert.equal(s.sys("inotify_add_watch", 0, s.str("/w"), IN_ALL_EVENTS), -E.EINVAL);
  const wd = s.sys("inotify_add_watch", fd, s.str("/w"), IN_ALL_EVENTS);
  assert.equal(wd, 1);
  const f = s.open("/w/a", 0o101); // O_WRONLY | O_CREAT
  s.write(f, "x");
  s.write(f, "y");
  assert.equal(s.sys("close", f), 0);
  assert.deepEqual(events(s, fd), [
    [wd, IN_CREATE, 0, "a"],
    [wd, IN_OPEN, 0, "a"],
    [wd, IN_MODIFY, 0, "a"], // the second write merged into the first
    [wd, 8, 0, "a"],
  ]);
  const buf = s.alloc(16);
  s.open("/w/b", 0o100);
  assert.equal(s.sys("read", fd, buf, 16), -E.EINVAL, "room for no whole event");
  events(s, fd);
  // The file's own watch; flags.
  assert.equal(s.sys("inotify_add_watch", fd, s.str("/w/a"), IN_ONLYDIR | IN_ATTRIB), -E.ENOTDIR);
  const wf = s.sys("inotify_add_watch", fd, s.str("/w/a"), IN_ATTRIB | IN_ONESHOT);
  assert.equal(
    s.sys("inotify_add_watch", fd, s.str("/w/a"), IN_MASK_CREATE | IN_ATTRIB),
    -E.EEXIST,
  );
  assert.equal(
    s.sys("inotify_add_watch", fd, s.str("/w/a"), IN_MASK_ADD | IN_MASK_CREATE | 1),
    -E.EINVAL,
  );
  assert.equal(s.sys("inotify_add_watch", fd, s.str("/w/a"), IN_MASK_ADD | IN_DELETE_SELF), wf);
  assert.equal(s.sys("chmod", s.str("/w/a"), 0o600), 0);
  assert.equal(s.sys("chmod", s.str("/w/a"), 0o644), 0);
  assert.deepEqual(events(s, fd), [
    [wd, IN_ATTRIB, 0, "a"],
    [wf, IN_ATTRIB, 0, ""],
    [wf, 0x8000, 0, ""], // one-shot: IN_IGNORED after its first event
    [wd, IN_ATTRIB, 0, "a"],
  ]);
  // Renames pair their two halves with one cookie; a directory's events carry IN_ISDIR.
  assert.equal(s.sys("rename", s.str("/w/a"), s.str("/w/c")), 0);
  assert.equal(s.sys("mkdir", s.str("/w/d"), 0o755), 0);
  const ev = events(s, fd);
  assert.deepEqual(ev.map((e) => [e[1], e[3]]), [[0x40, "a"], [0x80, "c"], [0x40000100, "d"]]);
  assert.ok(ev[0][2] !== 0 && ev[0][2] === ev[1][2]);
  // The last unlink of a watched file: its own watch hears DELETE_SELF and goes.
  const wc = s.sys("inotify_add_watch", fd, s.str("/w/c"), IN_ALL_EVENTS);
  assert.equal(s.sys("unlink", s.str("/w/c")), 0);
  assert.deepEqual(events(s, fd), [
    [wc, IN_ATTRIB, 0, ""],
    [wc, IN_DELETE_SELF, 0, ""],
    [wc, 0x8000, 0, ""],
    [wd, 0x200, 0, "c"],
  ]);
  // poll, rm_watch.
  const pfd = s.alloc(8);
  s.mem.write32(pfd, fd);
  s.mem.write16(pfd + 4, 1);
  assert.equal(s.sys("poll", pfd, 1, 0), 0);
  assert.equal(s.sys("inotify_rm_watch", fd, wd), 0);
  assert.equal(s.sys("poll", pfd, 1, 0), 1);
  assert.equal(s.sys("inotify_rm_watch", fd, wd), -E.EINVAL);
  assert.deepEqual(events(s, fd), [[wd, 0x8000, 0, ""]]);
  assert.equal(s.sys("lseek", fd, 0, 0), -E.ESPIPE);
});
