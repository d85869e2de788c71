/**
 * Pipe buffers: a byte ring with Linux's capacity rules, shared by the two
 * ends of a pipe(2) or by every opener of a FIFO.
 * @module
 */

/** Writes of at most this many bytes are atomic. */
export const PIPE_BUF = 4096;
/** Default pipe capacity (16 pages). */
export const PIPE_DEF_SIZE = 65536;
/** /proc/sys/fs/pipe-max-size default. */
export const PIPE_MAX_SIZE = 1048576;

/** The shared state of a pipe. */
export class Pipe {
  buf: Uint8Array = new Uint8Array(PIPE_DEF_SIZE);
  /** Index of the oldest unread byte and number of unread bytes. */
  head = 0;
  len = 0;
  /** Open file descriptions reading from / writing to the pipe. */
  readers = 0;
  writers = 0;

  /** Free space. */
  room(): number {
    return this.buf.length - this.len;
  }

  /** Remove and return up to `n` bytes. */
  read(n: number): Uint8Array {
    const k = Math.min(n, this.len);
    const out = new Uint8Array(k);
    const cap = this.buf.length;
    const first = Math.min(k, cap - this.head);
    out.set(this.buf.subarray(this.head, this.head + first));
    out.set(this.buf.subarray(0, k - first), first);
    this.head = (this.head + k) % cap;
    this.len -= k;
    return out;
  }

  /** Append as much of `bytes` as fits; returns the count appended. */
  write(bytes: Uint8Array): number {
    const k = Math.min(bytes.length, this.room());
    const cap = this.buf.length;
    const tail = (this.head + this.len) % cap;
    const first = Math.min(k, cap - tail);
    this.buf.set(bytes.subarray(0, first), tail);
    this.buf.set(bytes.subarray(first, k), 0);
    this.len += k;
    return k;
  }

  /** Change capacity (F_SETPIPE_SZ), keeping the contents. Caller checks it is large enough. */
  resize(cap: number): void {
    const data = this.read(this.len);
    this.buf = new Uint8Array(cap);
    this.head = 0;
    this.len = 0;
    this.write(data);
  }
}
