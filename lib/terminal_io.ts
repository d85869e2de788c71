/**
 * HostIO over the real process console, for the CLI: blocking stdin reads,
 * synchronous writes, terminal queries.
 * @module
 */

import type { HostIO } from "./kernel/host.ts";

/** The CLI's host boundary. */
export class TerminalIO implements HostIO {
  /** A read may wait for the user: the machine reads only when no guest thread can run. */
  stdinReady(): boolean {
    return false;
  }
  readStdin(max: number): Uint8Array {
    const buf = new Uint8Array(Math.min(max, 1 << 16));
    const n = Deno.stdin.readSync(buf);
    return n === null ? new Uint8Array(0) : buf.subarray(0, n);
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
