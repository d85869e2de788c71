/**
 * cachestat(fd, range, cstat, flags): page-cache statistics of a file.
 * Files live in memory here, as on tmpfs: every page holding file data
 * counts as cached, none as dirty, under writeback or evicted (tmpfs on
 * Linux 6.18 reports the same). Other files (pipes, sockets, devices,
 * directories) have no cached pages.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { PAGE_SIZE } from "../../exec/memory.ts";
import { S_IFMT, S_IFREG } from "../fs/inode.ts";
import { fileOf } from "./common.ts";
import { arg, argInt, readU64, Struct } from "./uaccess.ts";
import { EINVAL, EPERM, fail } from "../errno.ts";

/** cachestat(fd, cstat_range, cstat, flags) */
export function sysCachestat(_k: Kernel, p: Process): number {
  const cpu = p.cpu;
  const f = fileOf(p, argInt(cpu, 0));
  const rangeAddr = arg(cpu, 1);
  const off = readU64(p.mem, rangeAddr), len = readU64(p.mem, rangeAddr + 8);
  const n = f.inode;
  // can_do_cachestat: open for writing, or the file's owner, or privileged.
  if (!f.writable() && p.cred.fsuid !== n.uid && !p.cred.capEffective) fail(EPERM);
  if (argInt(cpu, 3) !== 0) fail(EINVAL);
  const first = Math.floor(off / PAGE_SIZE);
  const last = len === 0 ? Infinity : Math.floor((off + len - 1) / PAGE_SIZE);
  const pages = (n.mode & S_IFMT) === S_IFREG ? Math.ceil(n.size / PAGE_SIZE) : 0;
  const cached = Math.max(0, Math.min(last + 1, pages) - first);
  p.mem.writeBytes(arg(cpu, 2), new Struct(40).u64(0, cached).bytes);
  return 0;
}
