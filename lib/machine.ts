/**
 * A machine: one kernel, its processes, the executor, and the host boundary.
 * This is what `createMachine` in mod.ts returns.
 * @module
 */

import { Stop } from "./exec/cpu.ts";
import { run } from "./exec/interpreter.ts";
import { Jit } from "./exec/translator/engine.ts";
import { CPUID_1_EDX } from "./exec/cpuid.ts";
import { ElfError, parseElf } from "./kernel/elf.ts";
import { loadImage } from "./kernel/loader.ts";
import { CapturedIO, type HostIO } from "./kernel/host.ts";
import { Kernel, type MountSpec, type Process } from "./kernel/kernel.ts";
import { ProcState } from "./kernel/process.ts";
import type { Thread } from "./kernel/thread.ts";
import type { ScheduleOptions } from "./kernel/scheduler.ts";
import { signalName } from "./kernel/signal_names.ts";
import { type RecordingIO, startRecording } from "./checkpoint/recording_io.ts";
import type { LogSink } from "./checkpoint/replay_log.ts";
import { stateDigest } from "./checkpoint/digest.ts";
import { deliverSignals, raiseFault } from "./kernel/signal_delivery.ts";
import { turnLimit } from "./kernel/timer_queue.ts";

/** How to build a machine. */
export interface MachineOptions {
  /** Guest argv; argv[0] is also the program path unless `program` is set. */
  argv: string[];
  /** Guest path of the ELF executable to run (default: argv[0]). */
  program?: string;
  /** The guest environment, exactly (default: empty). */
  env?: string[];
  /** Files to create in the guest's in-memory file system before start. */
  files?: Record<string, Uint8Array | string>;
  /** Host directories to expose inside the guest (read-only unless `writable`). */
  mounts?: MountSpec[];
  /** Standard input bytes (ignored when `host` is given). */
  stdin?: Uint8Array | string;
  /** Initial working directory (default "/"). */
  cwd?: string;
  /** Seed of the guest's randomness (AT_RANDOM, getrandom, /dev/urandom). Default 0. */
  seed?: number;
  /** Trace syscalls to stderr. */
  strace?: boolean;
  /** Custom host boundary (the CLI passes the real terminal). Default: captured output. */
  host?: HostIO;
  /**
   * Scheduling of threads and processes. Default: fixed round-robin turns
   * of 100k instructions. `{chaos: seed}` varies turn lengths and order
   * reproducibly from the seed, to shake out races and replay them.
   */
  schedule?: ScheduleOptions;
  /**
   * Record the run to this replay log sink (e.g. `new FileSink("run.lvmr")`):
   * the options, every host input as it enters, and the outcome with the
   * final digest. `replay` re-executes it exactly.
   */
  record?: LogSink;
  /**
   * Executor: "jit" (default) translates hot guest code to JavaScript
   * functions, "interp" runs everything in the reference interpreter. Both
   * give identical results, instruction for instruction.
   */
  engine?: "jit" | "interp";
}

/** Outcome of `Machine.run`. */
export interface RunResult {
  /**
   * "exited": the program called exit; "signaled": a signal ended it; "running": the budget
   * ran out; "blocked": every thread waits for something that can never happen (a deadlock).
   */
  status: "exited" | "signaled" | "running" | "blocked";
  /** Shell-style status: the exit code, or 128 + signal number. -1 while running. */
  exitCode: number;
  /** The terminating signal, if any. */
  signal: number | null;
  /** One-line description of a fatal fault, e.g. "SIGSEGV at rip=0x401a2b, fault address 0x0". */
  diagnostic: string | null;
  /** Retired guest instructions so far. */
  instructions: number;
  /** Captured standard output and error (empty when a custom host consumed them). */
  stdout: Uint8Array;
  stderr: Uint8Array;
}

/** A running or finished guest. */
export class Machine {
  /** The kernel (file system, processes). */
  readonly kernel: Kernel;
  /** The initial process. */
  readonly process: Process;
  /** The translator (statistics, tuning), or null when the machine only interprets. */
  readonly jit: Jit | null;
  private readonly captured: CapturedIO | null;
  private readonly recorder: RecordingIO | null;
  private diagnostic: string | null = null;

  constructor(opts: MachineOptions) {
    const enc = new TextEncoder();
    this.jit = opts.engine === "interp" ? null : new Jit();
    if (opts.argv.length === 0) throw new TypeError("argv must name the program");
    const stdin = typeof opts.stdin === "string" ? enc.encode(opts.stdin) : opts.stdin;
    this.captured = opts.host ? null : new CapturedIO(stdin);
    const base = opts.host ?? this.captured!;
    this.recorder = opts.record
      ? startRecording(opts, base, opts.record, () => this.kernel.retired)
      : null;
    const host = this.recorder ?? base;
    this.kernel = new Kernel({
      host,
      seed: opts.seed ?? 0,
      strace: opts.strace ?? false,
      cwd: opts.cwd ?? "/",
      mounts: opts.mounts ?? [],
      schedule: opts.schedule,
    });
    for (const [path, data] of Object.entries(opts.files ?? {})) {
      this.kernel.addFile(path, typeof data === "string" ? enc.encode(data) : data, 0o755);
    }
    const program = opts.program ?? opts.argv[0];
    const bytes = this.kernel.readFile(resolvePath(opts.cwd ?? "/", program));
    if (bytes === null) throw new ElfError(`${program}: no such file in the guest file system`);
    const elf = parseElf(bytes);
    const env = opts.env ?? [];
    const image = loadImage(bytes, elf, {
      argv: opts.argv,
      env,
      execfn: program,
      random: this.kernel.randomBytes(16),
      hwcap: CPUID_1_EDX,
      name: resolvePath(opts.cwd ?? "/", program),
    });
    this.process = this.kernel.spawn({
      mem: image.mem,
      cpu: image.cpu,
      exePath: resolvePath(opts.cwd ?? "/", program),
      argv: opts.argv,
      env,
      brk: image.brk,
    });
  }

  /**
   * Run until every process has ended, or `budget` more instructions have
   * retired (over all threads), or no thread can ever run again.
   */
  run(budget = Infinity): RunResult {
    const k = this.kernel;
    const sched = k.sched;
    const end = k.retired + budget;
    let blocked = false;
    while (k.retired < end) {
      const t = sched.next(k);
      if (t === null) {
        blocked = this.process.state === ProcState.Alive;
        break;
      }
      // Signals that arrived while the thread was off the CPU are acted on as it resumes.
      deliverSignals(k, t);
      if (t.proc.ended()) {
        sched.endTurn();
        continue;
      }
      const before = k.retired;
      const ctx = { cpu: t.cpu, mem: t.proc.mem },
        n = Math.min(sched.left, end - before, turnLimit(k, t));
      const stop = this.jit !== null ? this.jit.run(ctx, n) : run(ctx, n);
      k.account(t);
      sched.left -= k.retired - before;
      if (stop === Stop.Syscall) k.syscall(t);
      else if (stop === Stop.Fault) this.fault(t);
    }
    k.sweep();
    const result = this.result(blocked);
    if (this.recorder !== null && result.status !== "running") {
      const { instructions: icount, status, exitCode } = result;
      this.recorder.end({ icount, status, exitCode, digest: this.digest() });
    }
    return result;
  }

  /**
   * SHA-256 digest of the initial process's CPU and address space
   * (lib/checkpoint/digest.ts). Kernel state is not part of it yet.
   */
  digest(): Uint8Array {
    return stateDigest(this.process.cpu, this.process.mem);
  }

  /**
   * A CPU exception: its signal goes to the thread, whose handler then runs
   * or whose process the default action ends (described in the diagnostic).
   */
  private fault(t: Thread): void {
    const cpu = t.cpu;
    const sig = cpu.faultSignal, rip = cpu.rip, addr = cpu.faultAddr;
    raiseFault(t);
    deliverSignals(this.kernel, t);
    if (!t.proc.ended()) return;
    if (t.proc === this.process && t.proc.termSignal === sig) {
      this.diagnostic = `${signalName(sig)} at rip=0x${rip.toString(16)}` +
        (sig === 11 || sig === 7 ? `, fault address 0x${addr.toString(16)}` : "");
    }
    this.kernel.sched.endTurn();
  }

  private result(blocked: boolean): RunResult {
    const p = this.process;
    const out = this.captured?.stdout() ?? new Uint8Array(0);
    const err = this.captured?.stderr() ?? new Uint8Array(0);
    const base = {
      instructions: this.kernel.retired,
      stdout: out,
      stderr: err,
      diagnostic: this.diagnostic,
    };
    if (p.exitCode !== null) {
      return { ...base, status: "exited", exitCode: p.exitCode, signal: null };
    }
    if (p.termSignal !== null) {
      return { ...base, status: "signaled", exitCode: 128 + p.termSignal, signal: p.termSignal };
    }
    if (blocked) {
      return {
        ...base,
        status: "blocked",
        exitCode: -1,
        signal: null,
        diagnostic: "every thread waits for something that cannot happen (Linux would hang)",
      };
    }
    return { ...base, status: "running", exitCode: -1, signal: null };
  }
}

/** Make a guest path absolute against a working directory (lexically). */
function resolvePath(cwd: string, path: string): string {
  return path.startsWith("/") ? path : `${cwd.replace(/\/$/, "")}/${path}`;
}
