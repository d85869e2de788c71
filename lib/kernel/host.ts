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
  private readonly out: Uint8Array[] = [];
  private readonly err: Uint8Array[] = [];
  constructor(private readonly stdin: Uint8Array = new Uint8Array(0)) {}
  readStdin(max: number): Uint8Array {
    const n = Math.min(max, this.stdin.length - this.stdinPos);
    const b = this.stdin.slice(this.stdinPos, this.stdinPos + n);
    this.stdinPos += n;
    return b;
  }
  writeStdout(bytes: Uint8Array): void {
    this.out.push(bytes.slice());
  }
  writeStderr(bytes: Uint8Array): void {
    this.err.push(bytes.slice());
  }
  isTerminal(): boolean {
    return false;
  }
  terminalSize(): [number, number] {
    return [24, 80];
  }
  /** Everything written to stdout so far. */
  stdout(): Uint8Array {
    return concat(this.out);
  }
  /** Everything written to stderr so far. */
  stderr(): Uint8Array {
    return concat(this.err);
  }
}

/** Concatenate byte arrays. */
export function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
