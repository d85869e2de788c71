/**
 * The machine's IPC namespace: the System V id tables and the mqueue file
 * system that POSIX message queues live in (as Linux's ipc_namespace).
 * @module
 */

import { FileSystem, FsKind, type Inode, makedev, S_IFDIR, S_ISVTX } from "../fs/inode.ts";
import type { Vfs } from "../fs/vfs.ts";
import { IpcIds } from "./ids.ts";
import type { ShmSegment } from "./shm.ts";
import type { SemSet } from "./sem.ts";
import type { MsgQueue } from "./msg.ts";

/** statfs f_type of the mqueue file system. */
export const MQUEUE_MAGIC = 0x19800202;
/** How many objects of each kind may exist (shmmni, semmni, msgmni as Linux sets them). */
const SHMMNI = 4096, SEMMNI = 32000, MSGMNI = 32000;

/** System V objects and POSIX message queues of one machine. */
export class IpcNamespace {
  readonly shm: IpcIds<ShmSegment> = new IpcIds(SHMMNI);
  readonly sem: IpcIds<SemSet> = new IpcIds(SEMMNI);
  readonly msg: IpcIds<MsgQueue> = new IpcIds(MSGMNI);
  /** The mqueue file system; its root directory holds the queues by name. */
  readonly mqFs: FileSystem = new FileSystem(
    FsKind.Mem,
    "mqueue",
    makedev(0, 19),
    MQUEUE_MAGIC,
    false,
  );
  readonly mqRoot: Inode;

  constructor(vfs: Vfs) {
    this.mqRoot = vfs.newInode(this.mqFs, S_IFDIR | S_ISVTX | 0o777);
  }
}
