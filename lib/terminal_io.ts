/**
 * HostIO over the real process console, for the CLI: blocking stdin reads,
 * synchronous writes, terminal queries.
 * @module
 */

import type { HostIO } from "./kernel/host.ts";

/** The CLI's host boundary. */
export class TerminalIO implements HostIO {
  /** Input `waitForStdin` has read and the guest not yet taken (empty at EOF), or null. */
  private ahead: Uint8Array | null = null;

  /**
   * A read may wait for the user, so the machine takes input only when no
   * guest thread can run, and stops ("waiting") when it is not here yet.
   */
  stdinReady(): boolean {
    return this.ahead !== null;
  }
  readStdin(max: number): Uint8Array {
    if (this.ahead === null) this.waitForStdin();
    const b = this.ahead!.subarray(0, max);
    this.ahead = b.length === 0 || b.length === this.ahead!.length
      ? null
      : this.ahead!.subarray(max);
    return b;
  }
  /** Block until the user types something (or closes stdin); the machine's next run takes it. */
  waitForStdin(): void {
    if (this.ahead !== null) return;
    const buf = new Uint8Array(1 << 16);
    const n = Deno.stdin.readSync(buf);
    this.ahead = n === null ? new Uint8Array(0) : buf.subarray(0, n);
  }
  writeStdout(bytes: Uint8Array): void {
    writeAll(Deno.stdout, bytes);
  }
  writeStderr(bytes: Uint8Array): void {
    writeAll(Deno.stderr, bytes);
  }
  isTerminal(fd: number): boolean {
    return (fd === 0 ? Deno.stdin : fd === 1 ? Deno.stdout : Deno.stderr).isTerminal();
  }
  terminalSize(): [number, number] {
    try {
      const { rows, columns } = Deno.consoleSize();
      return [rows, columns];
    } catch {
      return [24, 80];
    }
  }
}

function writeAll(w: { writeSync(b: Uint8Array): number }, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += w.writeSync(bytes.subarray(off));
}
