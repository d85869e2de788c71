/**
 * Pipe buffers, shared by the two ends of a pipe(2) or by every opener of a
 * FIFO. Like Linux, a pipe is a ring of page-sized buffers ("slots"): a
 * write first tops up the last page with the odd-sized part of the data,
 * then fills fresh pages while slots remain. Capacity, readiness (POLLOUT
 * means a free slot) and partial writes therefore match Linux exactly.
 * @module
 */

/** Bytes per slot (a page). */
export const PIPE_PAGE = 4096;
/** Default number of slots (64 KiB). */
export const PIPE_DEF_SLOTS = 16;
/** /proc/sys/fs/pipe-max-size default. */
export const PIPE_MAX_SIZE = 1048576;

/** One page of pipe data: bytes [off, off+len) of `data` are unread. */
export class PipeBuffer {
  readonly data: Uint8Array = new Uint8Array(PIPE_PAGE);
  off = 0;
  len = 0;
  /** Written in packet mode (O_DIRECT): read as one message, never merged into. */
  packet = false;
  /** Not PIPE_BUF_FLAG_CAN_MERGE: spliced file pages, vmspliced or tee'd buffers. */
  noMerge = false;
}

/** The shared state of a pipe. */
export class Pipe {
  /** Occupied slots, oldest first. */
  bufs: PipeBuffer[] = [];
  /** Number of slots (F_SETPIPE_SZ / PAGE_SIZE). */
  slots = PIPE_DEF_SLOTS;
  /** Unread bytes. */
  len = 0;
  /** Open file descriptions reading from / writing to the pipe. */
  readers = 0;
  writers = 0;
  /**
   * FIFOs: opens for reading / for writing so far (Linux's r_counter and
   * w_counter): a blocking open waits until the other side's count moves,
   * even if that opener has closed again since.
   */
  readOpens = 0;
  writeOpens = 0;

  /** Every slot is in use (no POLLOUT; a write can only merge into the last page). */
  full(): boolean {
    return this.bufs.length >= this.slots;
  }

  /** Remove and return up to `n` bytes; a packet is returned alone and its unread rest dropped. */
  read(n: number): Uint8Array {
    const out = new Uint8Array(Math.min(n, this.len));
    let done = 0;
    while (done < out.length && this.bufs.length > 0) {
      const b = this.bufs[0];
      const k = Math.min(b.len, out.length - done);
      out.set(b.data.subarray(b.off, b.off + k), done);
      done += k;
      b.off += k;
      b.len -= k;
      this.len -= k;
      if (b.packet) {
        this.len -= b.len;
        b.len = 0;
      }
      if (b.len === 0) this.bufs.shift();
      if (b.packet) break;
    }
    return done === out.length ? out : out.subarray(0, done);
  }

  /**
   * Linux's pipe_write without waiting: merge the `length % PAGE_SIZE` head
   * into the last page if it fits there, then copy into new slots while
   * any are free. Returns the bytes taken (0 if the pipe is full).
   */
  write(bytes: Uint8Array, packet: boolean): number {
    let done = 0;
    const chars = bytes.length % PIPE_PAGE;
    const last = this.bufs[this.bufs.length - 1];
    if (chars !== 0 && last !== undefined && !last.packet && !last.noMerge && !packet) {
      const end = last.off + last.len;
      if (end + chars <= PIPE_PAGE) {
        last.data.set(bytes.subarray(0, chars), end);
        last.len += chars;
        done = chars;
      }
    }
    while (done < bytes.length && !this.full()) {
      const b = new PipeBuffer();
      const k = Math.min(PIPE_PAGE, bytes.length - done);
      b.data.set(bytes.subarray(done, done + k));
      b.len = k;
      b.packet = packet;
      this.bufs.push(b);
      done += k;
    }
    this.len += done;
    return done;
  }

  /** Append chunks (each at most a page) as new unmergeable slots, as splice from a file and vmsplice do. */
  pushPages(chunks: Uint8Array[]): number {
    let done = 0;
    for (const c of chunks) {
      if (this.full()) break;
      const b = new PipeBuffer();
      b.data.set(c);
      b.len = c.length;
      b.noMerge = true;
      this.bufs.push(b);
      done += c.length;
    }
    this.len += done;
    return done;
  }

  /**
   * Give up to `n` bytes of buffers to `out` (splice between pipes), or
   * copy them leaving this pipe as it is (`tee`). Whole buffers keep their
   * flags; split or shared ones can no longer be merged into.
   */
  transfer(out: Pipe, n: number, tee: boolean): number {
    let done = 0;
    let i = 0;
    while (done < n && i < this.bufs.length && !out.full()) {
      const b = this.bufs[i];
      const take = Math.min(b.len, n - done);
      const nb = new PipeBuffer();
      nb.data.set(b.data.subarray(b.off, b.off + take));
      nb.len = take;
      nb.packet = b.packet;
      nb.noMerge = b.noMerge || tee || take < b.len;
      out.bufs.push(nb);
      out.len += take;
      done += take;
      if (tee) i++;
      else {
        b.off += take;
        b.len -= take;
        this.len -= take;
        if (b.len === 0) this.bufs.shift();
      }
    }
    return done;
  }
}
