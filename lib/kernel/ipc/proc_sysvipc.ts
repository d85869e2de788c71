/**
 * /proc/sysvipc/shm, sem and msg: one line per System V object in index
 * order, in Linux's column formats (ipc/shm.c, sem.c and msg.c
 * sysvipc_*_proc_show).
 * @module
 */

import type { Kernel } from "../kernel.ts";
import { pageUp } from "../../exec/memory.ts";
import type { IpcIds, IpcObject, IpcPerm } from "./ids.ts";

/** Right-aligned decimal of width `w` (printf %Nd/%Nu/%Nlu). */
const r = (v: number, w: number) => String(v).padStart(w);
/** The permission column ("%4o"). */
const perms = (p: IpcPerm) => (p.mode & 0o777).toString(8).padStart(4);
/** key, id and permissions, the head of every line ("%10d %10d  %4o"). */
const head = (p: IpcPerm) => `${r(p.key | 0, 10)} ${r(p.id, 10)}  ${perms(p)}`;
/** Owner, group, creator and creator group ("%5u %5u %5u %5u"). */
const owners = (p: IpcPerm) => [p.uid, p.gid, p.cuid, p.cgid].map((v) => r(v, 5)).join(" ");

/** The objects of `ids` by ascending index. */
function inOrder<T extends IpcObject>(ids: IpcIds<T>): T[] {
  return [...ids.byIdx.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
}

/** /proc/sysvipc/shm (rss: every page of a segment that has been attached). */
export function sysvipcShm(k: Kernel): string {
  let out =
    "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  " +
    "cgid      atime      dtime      ctime                   rss                  swap\n";
  for (const s of inOrder(k.ipc.shm)) {
    const rss = s.data === null ? 0 : pageUp(s.size);
    out += `${head(s.perm)} ${r(s.size, 21)} ${r(s.cpid, 5)} ${r(s.lpid, 5)}  ${r(s.nattch, 5)} ` +
      `${owners(s.perm)} ${r(s.atime, 10)} ${r(s.dtime, 10)} ${r(s.ctime, 10)} ${r(rss, 21)} ` +
      `${r(0, 21)}\n`;
  }
  return out;
}

/** /proc/sysvipc/sem */
export function sysvipcSem(k: Kernel): string {
  let out =
    "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n";
  for (const s of inOrder(k.ipc.sem)) {
    out += `${head(s.perm)} ${r(s.vals.length, 10)} ${owners(s.perm)} ${r(s.otime, 10)} ` +
      `${r(s.ctime, 10)}\n`;
  }
  return out;
}

/** /proc/sysvipc/msg */
export function sysvipcMsg(k: Kernel): string {
  let out =
    "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid" +
    "      stime      rtime      ctime\n";
  for (const q of inOrder(k.ipc.msg)) {
    out += `${head(q.perm)}  ${r(q.cbytes, 10)} ${r(q.msgs.length, 10)} ${r(q.lspid, 5)} ` +
      `${r(q.lrpid, 5)} ${owners(q.perm)} ${r(q.stime, 10)} ${r(q.rtime, 10)} ${r(q.ctime, 10)}\n`;
  }
  return out;
}
