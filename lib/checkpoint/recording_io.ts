/**
 * Record and replay at the host boundary. `RecordingIO` wraps the real host
 * and logs every answer it gives the machine (stdin chunks, readiness,
 * terminal queries) with the instruction count at which it was asked;
 * `ReplayIO` gives a re-executed machine the same answers at the same counts
 * from the log, with no stdin, terminal or host clock. Guest output is not
 * logged: a deterministic re-execution produces it again.
 * @module
 */

import type { HostIO } from "../kernel/host.ts";
import type { MachineOptions } from "../machine.ts";
import {
  type EndRecord,
  type InputRecord,
  type LogSink,
  type RecordedOptions,
  type ReplayLog,
  ReplayLogWriter,
} from "./replay_log.ts";
import { LINUXVM_VERSION } from "./snapshot.ts";

/** Where replayed guest output goes. */
export type ConsoleOutput = Pick<HostIO, "writeStdout" | "writeStderr">;

/** The options of `opts` that a recording keeps (see RecordedOptions). */
export function recordedOptions(opts: MachineOptions): RecordedOptions {
  const enc = new TextEncoder();
  return {
    argv: opts.argv,
    program: opts.program ?? null,
    env: opts.env ?? [],
    cwd: opts.cwd ?? "/",
    seed: opts.seed ?? 0,
    strace: opts.strace ?? false,
    files: Object.entries(opts.files ?? {}).map(([path, data]) => ({
      path,
      data: typeof data === "string" ? enc.encode(data) : data,
    })),
    mounts: (opts.mounts ?? []).map((m) => ({
      host: m.host,
      guest: m.guest,
      writable: m.writable,
    })),
    chaos: opts.schedule?.chaos ?? null,
  };
}

/**
 * Start recording a machine built from `opts` whose host is `inner`: writes
 * the log header to `sink` and returns the host to give the machine.
 * `clock` gives the machine's retired-instruction count.
 */
export function startRecording(
  opts: MachineOptions,
  inner: HostIO,
  sink: LogSink,
  clock: () => number,
): RecordingIO {
  const log = new ReplayLogWriter(sink, {
    linuxvm: LINUXVM_VERSION,
    options: recordedOptions(opts),
  });
  return new RecordingIO(inner, log, clock);
}

/** A HostIO that passes everything to `inner` and logs each input it returns. */
export class RecordingIO implements HostIO {
  /** stdinReady calls so far, and the last answer logged (only changes are logged). */
  private readyCalls = 0;
  private lastReady: boolean | null = null;
  private ended = false;

  /** `clock` gives the machine's retired-instruction count. */
  constructor(
    private readonly inner: HostIO,
    private readonly log: ReplayLogWriter,
    private readonly clock: () => number,
  ) {}

  readStdin(max: number): Uint8Array {
    const data = this.inner.readStdin(max);
    this.log.append({ kind: "stdin", icount: this.clock(), data });
    return data;
  }

  stdinReady(): boolean {
    // A host without stdinReady never waits: the kernel treats it as always ready.
    const ready = this.inner.stdinReady?.() ?? true;
    const call = this.readyCalls++;
    if (ready !== this.lastReady) {
      this.lastReady = ready;
      this.log.append({ kind: "ready", icount: this.clock(), call, ready });
    }
    return ready;
  }

  writeStdout(bytes: Uint8Array): void {
    this.inner.writeStdout(bytes);
  }

  writeStderr(bytes: Uint8Array): void {
    this.inner.writeStderr(bytes);
  }

  isTerminal(fd: number): boolean {
    const tty = this.inner.isTerminal(fd);
    this.log.append({ kind: "tty", icount: this.clock(), fd, tty });
    return tty;
  }

  terminalSize(): [number, number] {
    const [rows, cols] = this.inner.terminalSize();
    this.log.append({ kind: "winsize", icount: this.clock(), rows, cols });
    return [rows, cols];
  }

  /** Log how the run ended (once; later calls do nothing): the log is complete afterwards. */
  end(outcome: Omit<EndRecord, "kind">): void {
    if (this.ended) return;
    this.ended = true;
    this.log.append({ kind: "end", ...outcome });
  }
}

/**
 * Why a replay cannot go on: `cut`, the machine needs an input beyond the
 * last complete record of a recording that was cut short or damaged;
 * `diverged`, the machine asked for something other than what was recorded
 * at that point (a different linuxvm, or a changed mounted file).
 */
export class ReplayError extends Error {
  override readonly name = "ReplayError";
  constructor(readonly kind: "cut" | "diverged", message: string) {
    super(message);
  }
}

/** A HostIO answering from a replay log; guest output goes to `out`. */
export class ReplayIO implements HostIO {
  /** Index of the next input record, stdinReady calls so far, and the current readiness. */
  private next = 0;
  private readyCalls = 0;
  private ready = false;

  /** `clock` gives the machine's retired-instruction count. */
  constructor(
    private readonly log: ReplayLog,
    private readonly clock: () => number,
    private readonly out: ConsoleOutput,
  ) {}

  /**
   * A ReplayIO at the same point of the same log, for a copy of the machine
   * (a checkpoint): it answers what this one would answer next.
   */
  copy(clock: () => number, out: ConsoleOutput): ReplayIO {
    const c = new ReplayIO(this.log, clock, out);
    c.next = this.next;
    c.readyCalls = this.readyCalls;
    c.ready = this.ready;
    return c;
  }

  /** Every recorded input has been given back. */
  consumedAll(): boolean {
    return this.next === this.log.inputs.length;
  }

  /** The next record, which must be of `kind` and entered at the current instruction count. */
  private take<K extends InputRecord["kind"]>(
    kind: K,
    asked: string,
  ): Extract<InputRecord, { kind: K }> {
    const r = this.log.inputs[this.next];
    const now = this.clock();
    if (r === undefined) this.beyondEnd(now, asked);
    if (r.kind !== kind || r.icount !== now) {
      throw new ReplayError(
        "diverged",
        `at instruction ${now} the machine ${asked}; the recording has ${r.kind} ` +
          `at instruction ${r.icount}`,
      );
    }
    this.next++;
    return r as Extract<InputRecord, { kind: K }>;
  }

  private beyondEnd(now: number, asked: string): never {
    const cut = this.log.cut;
    if (cut !== null) {
      throw new ReplayError(
        "cut",
        `at instruction ${now} the machine ${asked}, past the last complete record: ${cut.message}`,
      );
    }
    throw new ReplayError(
      "diverged",
      `at instruction ${now} the machine ${asked}, but the recording has no more inputs`,
    );
  }

  readStdin(max: number): Uint8Array {
    const r = this.take("stdin", `read stdin (up to ${max} bytes)`);
    if (r.data.length > max) {
      throw new ReplayError(
        "diverged",
        `at instruction ${r.icount} the machine read up to ${max} bytes of stdin; ` +
          `the recording has ${r.data.length}`,
      );
    }
    return r.data.slice();
  }

  stdinReady(): boolean {
    const call = this.readyCalls++;
    const r = this.log.inputs[this.next];
    if (r?.kind === "ready" && r.call === call) {
      this.take("ready", "asked whether stdin is ready");
      this.ready = r.ready;
    } else if (r === undefined && this.log.cut !== null) {
      // Only changes are logged: past a cut, the answer is unknown.
      this.beyondEnd(this.clock(), "asked whether stdin is ready");
    } else if (call === 0 || (r?.kind === "ready" && r.call < call)) {
      throw new ReplayError(
        "diverged",
        `at instruction ${this.clock()} the machine asked whether stdin is ready ` +
          `(call ${call}); the recording disagrees`,
      );
    }
    return this.ready;
  }

  writeStdout(bytes: Uint8Array): void {
    this.out.writeStdout(bytes);
  }

  writeStderr(bytes: Uint8Array): void {
    this.out.writeStderr(bytes);
  }

  isTerminal(fd: number): boolean {
    const r = this.take("tty", `asked whether fd ${fd} is a terminal`);
    if (r.fd !== fd) {
      throw new ReplayError(
        "diverged",
        `at instruction ${r.icount} the machine asked about fd ${fd}; the recording has fd ${r.fd}`,
      );
    }
    return r.tty;
  }

  terminalSize(): [number, number] {
    const r = this.take("winsize", "asked for the terminal size");
    return [r.rows, r.cols];
  }
}
