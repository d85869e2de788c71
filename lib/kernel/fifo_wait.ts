/**
 * A FIFO open that waits has already been counted among the FIFO's readers
 * or writers (as on Linux, so the other side sees it); when the wait is
 * abandoned (a signal interrupts it, or the thread dies) the count goes.
 * @module
 */

import type { Thread } from "./thread.ts";

/** Undo the counting of `t`'s waiting FIFO open, if it is in one. */
export function abandonFifoOpen(t: Thread): void {
  const w = t.wait;
  if (w === null || w.kind !== "fifo") return;
  const pipe = w.inode.pipe!;
  if (w.forWriter) pipe.readers--;
  else pipe.writers--;
  w.inode.pollGen++;
}
