/**
 * Replay of a recorded run: rebuild the machine from the log's header and
 * re-execute it with a `ReplayIO` host, which answers every host query from
 * the log. Execution is deterministic, so output, exit status and state
 * digest come out as they did when recording.
 *
 * Time travel: with `checkpointEvery`, the replay keeps a checkpoint every
 * that many instructions (a fork of the machine: it shares every page that
 * has not changed since, so each checkpoint costs the pages dirtied since the
 * previous one) and `seek` gives the machine at any instruction count by
 * forking the nearest checkpoint before it and replaying the distance.
 * @module
 */

import { CapturedIO } from "../kernel/host.ts";
import { Machine, type RunResult } from "../machine.ts";
import { type ConsoleOutput, ReplayError, ReplayIO } from "./recording_io.ts";
import { readReplayLog, type ReplayLog } from "./replay_log.ts";

/** How to replay. */
export interface ReplayOptions {
  /** Where guest output goes (the CLI passes the terminal). Default: captured in the result. */
  output?: ConsoleOutput;
  /** Keep a checkpoint every this many instructions, for `seek` (default: none). */
  checkpointEvery?: number;
}

/** A machine kept at an instruction count, with the replay's position in the log there. */
interface Checkpoint {
  icount: number;
  machine: Machine;
  io: ReplayIO;
}

/** What a replay run reports. */
export interface ReplayResult extends Omit<RunResult, "status"> {
  /**
   * As in RunResult, or "cut": the machine needed an input past the last
   * complete record of a recording that was cut short (see `cut`).
   */
  status: RunResult["status"] | "cut";
  /** Why a "cut" replay stopped: where the recording ends and why. */
  cut: string | null;
  /** The state digest where the replay stopped. */
  digest: Uint8Array;
  /**
   * When the run ended and the recording has an end record: whether status,
   * exit code, instruction count and digest equal the recorded ones. Else null.
   */
  matchesRecording: boolean | null;
}

/** A recorded run being re-executed. */
export class Replay {
  /** The log read back. */
  readonly log: ReplayLog;
  /** The re-executed machine. */
  readonly machine: Machine;
  private readonly io: ReplayIO;
  private readonly captured: CapturedIO | null;
  private stopped = false;
  private readonly every: number;
  /** In increasing instruction count; the first is the start. */
  private readonly checkpoints: Checkpoint[] = [];

  /**
   * Rebuild the recorded machine. Throws `SnapshotError` for a log whose
   * header is unreadable, and `ReplayError` if the recording stops before the
   * machine could boot.
   */
  constructor(log: Uint8Array | ReplayLog, opts: ReplayOptions = {}) {
    this.log = log instanceof Uint8Array ? readReplayLog(log) : log;
    this.captured = opts.output ? null : new CapturedIO();
    // The clock reads 0 while the machine boots (its constructor asks about the terminal).
    this.io = new ReplayIO(
      this.log,
      () => this.machine?.kernel.retired ?? 0,
      opts.output ?? this.captured!,
    );
    const o = this.log.header.options;
    this.machine = new Machine({
      argv: o.argv,
      program: o.program ?? undefined,
      env: o.env,
      cwd: o.cwd,
      seed: o.seed,
      strace: o.strace,
      files: Object.fromEntries(o.files.map((f) => [f.path, f.data])),
      mounts: o.mounts,
      schedule: o.chaos === null ? undefined : { chaos: o.chaos },
      host: this.io,
    });
    this.every = opts.checkpointEvery ?? 0;
    if (!(Number.isSafeInteger(this.every) && this.every >= 0)) {
      throw new RangeError(`checkpointEvery must be a count of instructions, not ${this.every}`);
    }
    if (this.every > 0) this.checkpoint();
  }

  private checkpoint(): void {
    const sink = { writeStdout() {}, writeStderr() {} };
    this.checkpoints.push({
      icount: this.machine.kernel.retired,
      machine: this.machine.fork(),
      io: this.io.copy(() => 0, sink),
    });
  }

  /**
   * Run to instruction `end` (or the end of the run), taking checkpoints on
   * the way; a "waiting" stop was the recorded host's, and its log says what
   * came next.
   */
  private advance(end: number): RunResult {
    const m = this.machine;
    for (;;) {
      const now = m.kernel.retired, every = this.every;
      const stop = every === 0 ? end : Math.min(end, (Math.floor(now / every) + 1) * every);
      let r = m.run(stop - now);
      while (r.status === "waiting") r = m.run(stop - m.kernel.retired);
      if (r.status !== "running" || m.kernel.retired >= end) return r;
      this.checkpoint();
    }
  }

  /**
   * The machine at exactly instruction `icount` (or where the run ended, if
   * sooner), as a new machine of its own whose host goes on answering from
   * the recording; its captured output starts at the checkpoint it came
   * from. Needs `checkpointEvery`; replays forward as far as needed.
   */
  seek(icount: number): Machine {
    if (this.every === 0) throw new Error("seek needs a replay with checkpointEvery");
    if (icount > this.machine.kernel.retired && !this.stopped) {
      this.run(icount - this.machine.kernel.retired);
    }
    let cp = this.checkpoints[0];
    for (const c of this.checkpoints) if (c.icount <= icount) cp = c;
    let m: Machine | null = null;
    const io = cp.io.copy(() => m!.kernel.retired, new CapturedIO());
    m = cp.machine.fork({ host: io });
    let r = m.run(icount - cp.icount);
    while (r.status === "waiting") r = m.run(icount - m.kernel.retired);
    return m;
  }

  /** Instruction counts of the checkpoints kept so far. */
  checkpointCounts(): number[] {
    return this.checkpoints.map((c) => c.icount);
  }

  /**
   * Re-execute up to `budget` more instructions (exactly that many unless the
   * run ends first). Throws `ReplayError` ("diverged") if the machine asks
   * the host something other than what was recorded; a cut recording ends
   * with status "cut", after which the replay cannot go on.
   */
  run(budget = Infinity): ReplayResult {
    if (this.stopped) throw new Error("this replay stopped at the end of a cut recording");
    let r: RunResult;
    let cut: string | null = null;
    try {
      r = this.advance(this.machine.kernel.retired + budget);
    } catch (e) {
      if (!(e instanceof ReplayError) || e.kind !== "cut") throw e;
      this.stopped = true;
      cut = e.message;
      r = {
        status: "running",
        exitCode: -1,
        signal: null,
        diagnostic: null,
        instructions: this.machine.kernel.retired,
        stdout: new Uint8Array(0),
        stderr: new Uint8Array(0),
      };
    }
    const digest = this.machine.digest();
    const end = this.log.end;
    let matches: boolean | null = null;
    if (r.status !== "running" && end !== null) {
      matches = r.status === end.status && r.exitCode === end.exitCode &&
        r.instructions === end.icount && this.io.consumedAll() &&
        digest.every((b, i) => b === end.digest[i]);
    }
    return {
      ...r,
      status: cut === null ? r.status : "cut",
      cut,
      stdout: this.captured?.stdout() ?? r.stdout,
      stderr: this.captured?.stderr() ?? r.stderr,
      digest,
      matchesRecording: matches,
    };
  }
}

/**
 * Replay a recording (the bytes of a `.lvmr` log, or a log already read).
 * Output is captured in the results unless `opts.output` takes it.
 */
export function replay(log: Uint8Array | ReplayLog, opts: ReplayOptions = {}): Replay {
  return new Replay(log, opts);
}
