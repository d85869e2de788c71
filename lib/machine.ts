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
import type { Memory } from "./exec/memory.ts";
import type { ScheduleOptions } from "./kernel/scheduler.ts";
import { signalName } from "./kernel/signal_names.ts";
import { type RecordingIO, startRecording } from "./checkpoint/recording_io.ts";
import type { LogSink } from "./checkpoint/replay_log.ts";
import {
  machineDigest,
  type MachineState,
  readMachineSnapshot,
  writeMachineSnapshot,
} from "./checkpoint/machine_snapshot.ts";
import { cloneGraph } from "./checkpoint/graph.ts";
import { KERNEL_CLASSES } from "./checkpoint/kernel_classes.ts";
import { deliverSignals, raiseFault } from "./kernel/signal_delivery.ts";
import { turnLimit } from "./kernel/timer_queue.ts";
import { stampMapWrites } from "./kernel/fs/file_mappings.ts";
import { WRITE_NOTIFY } from "./exec/fault.ts";

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

/**
 * How to attach a restored or forked machine to its new host. Its program,
 * files, seed and schedule come from the state; only the host side is new.
 */
export interface AttachOptions {
  /** Standard input bytes from here on (ignored when `host` is given). */
  stdin?: Uint8Array | string;
  /** Custom host boundary. Default: captured output. */
  host?: HostIO;
  /** Executor (default "jit"); the state does not depend on it. */
  engine?: "jit" | "interp";
}

/** How to continue a snapshot: what to attach, and whether to re-check the state digest. */
export interface RestoreOptions extends AttachOptions {
  /**
   * Recompute the restored state's digest and require the saved one (default
   * false; the file's hashes already prove its bytes; about 40 ms per 64 MiB).
   */
  verifyDigest?: boolean;
}

/** Outcome of `Machine.run`. */
export interface RunResult {
  /**
   * "exited": the program called exit; "signaled": a signal ended it; "running": the budget
   * ran out; "waiting": every thread waits for the host's stdin, which has nothing yet (run
   * again once it has: the CLI's TerminalIO.waitForStdin); "blocked": every thread waits for
   * something that can never happen (a deadlock).
   */
  status: "exited" | "signaled" | "running" | "waiting" | "blocked";
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

  /**
   * Boot a machine from `opts`; or, given `state` (what `Machine.restore`
   * and `fork` pass), continue that state, attached to the host `opts`
   * describes (`argv` and the other boot options are then not used).
   */
  constructor(opts: MachineOptions, state?: MachineState) {
    const enc = new TextEncoder();
    this.jit = opts.engine === "interp" ? null : new Jit();
    const stdin = typeof opts.stdin === "string" ? enc.encode(opts.stdin) : opts.stdin;
    this.captured = opts.host ? null : new CapturedIO(stdin);
    const base = opts.host ?? this.captured!;
    if (state !== undefined) {
      if (opts.record) throw new TypeError("a restored machine cannot be recorded");
      this.recorder = null;
      this.kernel = state.kernel;
      (this.kernel as { host: HostIO }).host = base;
      this.process = state.process;
      this.diagnostic = state.diagnostic;
      return;
    }
    if (opts.argv.length === 0) throw new TypeError("argv must name the program");
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
    let blocked = false, waiting = false;
    while (k.retired < end) {
      const t = sched.next(k);
      if (t === null) {
        waiting = sched.waitingOnHost;
        blocked = !waiting && this.process.state === ProcState.Alive;
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
      ctx.mem.syncSharedCode();
      ctx.mem.userMode = true;
      let stop: Stop;
      try {
        stop = this.jit !== null ? this.jit.run(ctx, n) : run(ctx, n);
      } finally {
        ctx.mem.userMode = false;
      }
      k.account(t);
      sched.left -= k.retired - before;
      if (stop === Stop.Syscall) k.syscall(t);
      else if (stop === Stop.Fault) this.fault(t);
      // Kernel work outside system calls (signal frames, exits) may have written mapped files.
      stampMapWrites(k.vfs);
    }
    k.sweep();
    const result = this.result(blocked, waiting);
    if (this.recorder !== null && result.status !== "running" && result.status !== "waiting") {
      const { instructions: icount, status, exitCode } = result;
      this.recorder.end({ icount, status, exitCode, digest: this.digest() });
    }
    return result;
  }

  /**
   * SHA-256 digest of the whole machine state: every process, thread,
   * address space, file, pipe, timer and signal (lib/checkpoint/machine_snapshot.ts).
   * Two runs with the same inputs have the same digest at every instruction count.
   */
  digest(): Uint8Array {
    return machineDigest(this.state());
  }

  /**
   * Bytes of the `stdin` option the machine has taken from its host so far
   * (0 with a custom host): a restored or forked copy that should see the
   * same input continues with the rest.
   */
  stdinConsumed(): number {
    return this.captured?.stdinConsumed() ?? 0;
  }

  /** The state a snapshot or a fork carries. */
  private state(): MachineState {
    return { kernel: this.kernel, process: this.process, diagnostic: this.diagnostic };
  }

  /**
   * The whole machine as a snapshot file (docs/SNAPSHOT.md), at any stop,
   * including while threads are blocked in system calls. `Machine.restore`
   * continues it exactly, in this or another process. Output already
   * produced is not part of it.
   */
  snapshot(options: Record<string, unknown> = {}): Uint8Array {
    return writeMachineSnapshot(this.state(), { options });
  }

  /**
   * Continue a snapshot. Throws `SnapshotError` if it is damaged, not a
   * machine snapshot, or if a host file the run had read has changed.
   */
  static restore(snapshot: Uint8Array, options: RestoreOptions = {}): Machine {
    const { verifyDigest, ...attach } = options;
    const { state } = readMachineSnapshot(snapshot, { verifyDigest });
    return new Machine({ argv: [], ...attach }, state);
  }

  /**
   * An independent copy of this machine, in memory: same state and digest,
   * sharing unchanged pages copy-on-write, so it costs time in proportion to
   * the kernel objects, not to the memory. Runs of either do not affect the other.
   */
  fork(attach: AttachOptions = {}): Machine {
    return new Machine(
      { argv: [], ...attach },
      cloneGraph(this.state(), KERNEL_CLASSES, memoriesOf(this.kernel)),
    );
  }

  /**
   * A CPU exception: its signal goes to the thread, whose handler then runs
   * or whose process the default action ends (described in the diagnostic).
   */
  private fault(t: Thread): void {
    const cpu = t.cpu;
    if (cpu.faultSignal === WRITE_NOTIFY) {
      this.kernel.writeNotify(t);
      return;
    }
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

  private result(blocked: boolean, waiting: boolean): RunResult {
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
    if (waiting) return { ...base, status: "waiting", exitCode: -1, signal: null };
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

/** Every address space of the machine: a fork copies them before anything that refers to their pages. */
function memoriesOf(k: Kernel): Memory[] {
  return [...new Set([...k.vfs.procs.values()].map((p) => p.mem))];
}

/** Make a guest path absolute against a working directory (lexically). */
function resolvePath(cwd: string, path: string): string {
  return path.startsWith("/") ? path : `${cwd.replace(/\/$/, "")}/${path}`;
}
