/**
 * The host boundary: the one place where nondeterminism (stdin, terminal
 * queries) enters the machine and where guest output leaves it.
 * @module
 */

/** What the machine asks of its host. */
export interface HostIO {
  /**
   * Read up to `max` bytes of standard input. An empty array means EOF.
   * May block (CLI) or return only what was provided up front (library).
   */
  readStdin(max: number): Uint8Array;
  /**
   * Whether `readStdin` would return at once (data or EOF at hand). A host
   * without this method never waits. When it says no, the machine reads
   * only once every guest thread is blocked.
   */
  stdinReady?(): boolean;
  /** Deliver guest bytes written to fd 1 / fd 2 of the host console. */
  writeStdout(bytes: Uint8Array): void;
  writeStderr(bytes: Uint8Array): void;
  /** Whether host fd 0/1/2 is a terminal (for TCGETS/TIOCGWINSZ). */
  isTerminal(fd: number): boolean;
  /** Terminal size as [rows, cols] when `isTerminal`. */
  terminalSize(): [number, number];
}

/** A HostIO over fixed stdin bytes that captures output (library default). */
export class CapturedIO implements HostIO {
  private stdinPos = 0;
  private readonly out = new ByteSink();
  private readonly err = new ByteSink();
  constructor(private readonly stdin: Uint8Array = new Uint8Array(0)) {}
  readStdin(max: number): Uint8Array {
    const n = Math.min(max, this.stdin.length - this.stdinPos);
    const b = this.stdin.slice(this.stdinPos, this.stdinPos + n);
    this.stdinPos += n;
    return b;
  }
  writeStdout(bytes: Uint8Array): void {
    this.out.append(bytes);
  }
  writeStderr(bytes: Uint8Array): void {
    this.err.append(bytes);
  }
  isTerminal(): boolean {
    return false;
  }
  terminalSize(): [number, number] {
    return [24, 80];
  }
  /** Bytes of stdin handed to the machine so far. */
  stdinConsumed(): number {
    return this.stdinPos;
  }
  /** Everything written to stdout so far. */
  stdout(): Uint8Array {
    return this.out.bytes();
  }
  /** Everything written to stderr so far. */
  stderr(): Uint8Array {
    return this.err.bytes();
  }
}

/** An append-only byte buffer that grows by doubling (many small guest writes stay cheap). */
class ByteSink {
  private buf = new Uint8Array(4096);
  private len = 0;
  append(bytes: Uint8Array): void {
    if (this.len + bytes.length > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < this.len + bytes.length) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
