/**
 * The classes a machine snapshot may hold, and how each is saved, rebuilt and
 * copied (lib/checkpoint/graph.ts). Kernel objects are plain data and use the
 * default (their own fields); the CPU uses its documented record, and address
 * spaces keep page contents out of the graph (in "pages" chunks) and are
 * copied copy-on-write by `Machine.fork`.
 *
 * A class missing here makes `Machine.snapshot` fail with the path to the
 * object, so a new kernel object cannot be silently left out: register it.
 * @module
 */

import { copyCpu, Cpu } from "../exec/cpu.ts";
import { Backing, Memory, ownPageBytes, Page, PAGE_SIZE, type Vma } from "../exec/memory.ts";
import { FdTable, OpenFile } from "../kernel/fd_table.ts";
import { EpollSet } from "../kernel/fs/epoll.ts";
import { EventFd } from "../kernel/fs/eventfd.ts";
import { FileSystem, Inode } from "../kernel/fs/inode.ts";
import { Pipe, PipeBuffer } from "../kernel/fs/pipe.ts";
import { Tty } from "../kernel/fs/tty.ts";
import { TimerFd } from "../kernel/fs/timerfd.ts";
import { SignalFd } from "../kernel/fs/signalfd.ts";
import { PidFd } from "../kernel/fs/pidfd.ts";
import { Inotify, InotifyWatch } from "../kernel/fs/inotify.ts";
import { SigTimer } from "../kernel/sigtimer.ts";
import { AioContext } from "../kernel/aio.ts";
import { SockMsg, Ucred, UnixNamespace, UnixSocket } from "../kernel/net/unix_socket.ts";
import { IpcNamespace } from "../kernel/ipc/namespace.ts";
import { IpcIds, IpcPerm } from "../kernel/ipc/ids.ts";
import { ShmSegment } from "../kernel/ipc/shm.ts";
import { SemSet } from "../kernel/ipc/sem.ts";
import { MsgQueue } from "../kernel/ipc/msg.ts";
import { MqQueue } from "../kernel/ipc/mqueue.ts";
import { Vfs } from "../kernel/fs/vfs.ts";
import { Kernel } from "../kernel/kernel.ts";
import { Process } from "../kernel/process.ts";
import { Rng } from "../kernel/rng.ts";
import { Scheduler } from "../kernel/scheduler.ts";
import { Thread } from "../kernel/thread.ts";
import { cpuFromRecord, cpuToRecord } from "./cpu_record.ts";
import { check } from "./errors.ts";
import { type ClassCodec, ClassRegistry } from "./graph.ts";
import { isZeroPage } from "./memory_record.ts";

/** Highest user address + 1 (47-bit canonical lower half). */
const USER_END = 2 ** 47;

function plain<T extends object>(
  name: string,
  ctor: ClassCodec<T>["ctor"],
  skip?: string[],
): ClassCodec<T> {
  return { name, ctor, skip };
}

/**
 * `v` with its bigints as numbers: the CPU record holds 64-bit fields as
 * bigints for its own CBOR encoding; in the graph, numbers are exact doubles.
 */
function numbers(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (typeof v !== "object" || v === null || v instanceof Uint8Array) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, numbers(x)]));
}

const cpuCodec: ClassCodec<Cpu> = {
  name: "Cpu",
  ctor: Cpu,
  save: (cpu) => numbers(cpuToRecord(cpu)) as Record<string, unknown>,
  load: (rec) => cpuFromRecord(rec),
  clone: (cpu) => copyCpu(cpu),
};

const pageCodec: ClassCodec<Page> = {
  name: "Page",
  ctor: Page,
  // How many address spaces hold a page is not state: each holder counts itself when rebuilt.
  // A page over part of a larger buffer (a System V shared memory segment) keeps that buffer,
  // which the graph shares with whatever else views it; a page of its own goes to the pages chunks.
  // A page over shared bytes says so (records without `backing` are a page's own bytes).
  save: (page, ctx) => ({
    ...(ownPageBytes(page.data)
      ? { prot: page.prot, data: ctx.blob(page.data) }
      : { prot: page.prot, buffer: page.data.buffer, offset: page.data.byteOffset }),
    ...(page.backing === Backing.Own ? {} : { backing: page.backing }),
  }),
  load: (rec, ctx) => {
    check(Number.isInteger(rec.prot) && (rec.prot as number) >>> 0 <= 7, "page.prot is bad");
    const backing = rec.backing ?? Backing.Own;
    check(
      backing === Backing.Own || backing === Backing.Shared || backing === Backing.FileCow,
      "page.backing is bad",
    );
    let data: Uint8Array;
    if (rec.buffer instanceof ArrayBuffer) {
      const off = rec.offset as number;
      check(
        Number.isSafeInteger(off) && off >= 0 && off + PAGE_SIZE <= rec.buffer.byteLength,
        "page.offset is outside its buffer",
      );
      data = new Uint8Array(rec.buffer, off, PAGE_SIZE);
    } else {
      check(Number.isInteger(rec.data), "page.data is not a page index");
      data = ctx.blobAt(rec.data as number);
    }
    const page = new Page(rec.prot as number, data, backing as Backing);
    page.sharers = 0;
    return page;
  },
  // Only reached for a page outside every address space (a stale futex key): it stays as it is.
  clone: (page) => page,
};

/**
 * A page the snapshot need not store: zeros with its mapping's protection
 * that a fault brings back the same: demand-zero, or a private file
 * mapping's view of a zero page of the file (a private copy must stay: a
 * fault would show the file; so must a shared file page written through,
 * which a fault would bring back clean).
 */
function insignificant(mem: Memory, vpn: number, page: Page): boolean {
  const vma = mem.findVma(vpn * PAGE_SIZE);
  return isZeroPage(page) && vma?.prot === page.prot &&
    (vma.file === null || page.backing === Backing.FileCow);
}

function vmaOk(v: unknown): v is Vma {
  if (typeof v !== "object" || v === null) return false;
  const m = v as Record<string, unknown>;
  const int = (x: unknown, max: number) =>
    Number.isInteger(x) && (x as number) >= 0 && (x as number) <= max;
  return int(m.start, USER_END) && int(m.end, USER_END) && (m.start as number) % PAGE_SIZE === 0 &&
    (m.end as number) % PAGE_SIZE === 0 && (m.start as number) < (m.end as number) &&
    int(m.prot, 7) && int(m.flags, 0xffffffff) && typeof m.name === "string" &&
    int(m.offset, 2 ** 64) && (m.policy === undefined || typeof m.policy === "object") &&
    (m.file === undefined || m.file === null || m.file instanceof Inode) &&
    (m.sealed === undefined || typeof m.sealed === "boolean");
}

const memoryCodec: ClassCodec<Memory> = {
  name: "Memory",
  ctor: Memory,
  save: (mem) => {
    const pages: unknown[] = [];
    const vpns = [...mem.pages.keys()].sort((a, b) => a - b);
    for (const vpn of vpns) {
      const page = mem.pages.get(vpn)!;
      if (!insignificant(mem, vpn, page)) pages.push(vpn, page);
    }
    return { vmas: mem.vmas, pages, released: mem.released };
  },
  load: (rec) => {
    const mem = new Memory();
    const vmas = rec.vmas, pages = rec.pages;
    check(Array.isArray(vmas) && vmas.every(vmaOk), "memory.vmas is malformed");
    for (let i = 1; i < vmas.length; i++) {
      check(vmas[i - 1].end <= vmas[i].start, `memory.vmas[${i}] overlaps or is out of order`);
    }
    check(typeof rec.released === "boolean", "memory.released is not a boolean");
    check(Array.isArray(pages) && pages.length % 2 === 0, "memory.pages is malformed");
    // Snapshots from before VMAs had a NUMA policy, a seal and a paged-in file have none.
    mem.vmas = vmas.map((v) => ({
      ...v,
      policy: v.policy ?? null,
      sealed: v.sealed ?? false,
      file: v.file ?? null,
    }));
    mem.released = rec.released as boolean;
    for (let i = 0; i < pages.length; i += 2) {
      const vpn = pages[i], page = pages[i + 1];
      check(
        Number.isInteger(vpn) && vpn >= 0 && vpn < USER_END / PAGE_SIZE && page instanceof Page &&
          !mem.pages.has(vpn),
        `memory.pages[${i}] is bad`,
      );
      if (!mem.released) page.sharers++;
      // Format 4 recorded no backing: a MAP_SHARED mapping's pages are shared bytes.
      if (page.backing === Backing.Own && ((mem.findVma(vpn * PAGE_SIZE)?.flags ?? 0) & 1) !== 0) {
        page.backing = Backing.Shared;
      }
      mem.pages.set(vpn, page);
    }
    return mem;
  },
  clone: (mem, copy, copies) =>
    mem.copyForMachine(copies, (d) => copy(d) as Uint8Array, (f) => copy(f) as Inode),
};

/** The classes of plain data (saved field by field), by name. */
const PLAIN_CLASSES = [
  plain("Kernel", Kernel, ["host"]),
  plain("Vfs", Vfs),
  plain("FileSystem", FileSystem),
  plain("Inode", Inode),
  plain("OpenFile", OpenFile),
  plain("FdTable", FdTable),
  plain("Process", Process),
  plain("Thread", Thread),
  plain("Scheduler", Scheduler),
  plain("Rng", Rng),
  plain("Pipe", Pipe),
  plain("Tty", Tty),
  plain("PipeBuffer", PipeBuffer),
  plain("EventFd", EventFd),
  plain("TimerFd", TimerFd),
  plain("EpollSet", EpollSet),
  plain("SignalFd", SignalFd),
  plain("PidFd", PidFd),
  plain("Inotify", Inotify),
  plain("InotifyWatch", InotifyWatch),
  plain("SigTimer", SigTimer),
  plain("AioContext", AioContext),
  plain("UnixNamespace", UnixNamespace),
  plain("UnixSocket", UnixSocket),
  plain("SockMsg", SockMsg),
  plain("Ucred", Ucred),
  plain("IpcNamespace", IpcNamespace),
  plain("IpcIds", IpcIds),
  plain("IpcPerm", IpcPerm),
  plain("ShmSegment", ShmSegment),
  plain("SemSet", SemSet),
  plain("MsgQueue", MsgQueue),
  plain("MqQueue", MqQueue),
];

/** Names of the classes saved field by field (their fields are in kernel_schema.json). */
export const KERNEL_CLASS_NAMES: readonly string[] = PLAIN_CLASSES.map((c) => c.name);

/** Every class a machine's state is made of. */
export const KERNEL_CLASSES: ClassRegistry = new ClassRegistry([
  cpuCodec,
  pageCodec,
  memoryCodec,
  ...PLAIN_CLASSES,
]);
