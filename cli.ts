/**
 * Command line: `deno task vm [OPTIONS] [--] PROGRAM [ARGS...]` runs a host
 * ELF file inside the VM with the terminal as its console;
 * `deno task vm replay [--until N] FILE` re-executes a recorded run;
 * `deno task vm resume FILE` continues a saved snapshot.
 * @module
 */

import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import {
  createMachine,
  digestHex,
  ElfError,
  FileSink,
  Machine,
  replay,
  ReplayError,
  type ReplayResult,
  SnapshotError,
} from "./mod.ts";
import { TerminalIO } from "./lib/terminal_io.ts";
import type { MountSpec } from "./lib/kernel/kernel.ts";

const USAGE = `usage: deno task vm [OPTIONS] [--] PROGRAM [ARGS...]
       deno task vm replay [--until N [--snapshot-out SNAP]] FILE
       deno task vm replay --checkpoint-every N --seek A[,B...] FILE
       deno task vm resume [--until N [--snapshot-out SNAP]] [--interp] [--stats] SNAP

Runs a static x86-64 Linux executable inside linuxvm. The exit status is the
program's, or 128+N when signal N ends it.

Options:
  --mount HOST:GUEST[:rw]  expose a host directory (read-only unless :rw)
  --cwd DIR                initial guest working directory (default /)
  --env K=V                add a guest environment variable (the guest sees only these)
  --seed N                 seed of the guest's randomness (default 0)
  --chaos N                vary how threads and processes interleave, reproducibly
                           for seed N (default: fixed round-robin turns)
  --strace                 trace system calls to stderr
  --record FILE            record the run to FILE (a replay log, conventionally .lvmr)
  --interp                 interpret only (no translation of hot code to JavaScript)
  --stats                  print executor statistics to stderr at exit
  --until N                stop after exactly N guest instructions (exit status 0)
  --snapshot-out SNAP      with --until: save the whole machine there to SNAP
  --help                   show this help

replay re-executes a recording with no stdin or terminal: the same stdout,
stderr and exit status, then one line "linuxvm: digest HEX at instruction N"
on stderr. --until N stops after exactly N instructions and prints the
digest there (exit status 0). --checkpoint-every N keeps a checkpoint (an
in-memory copy-on-write fork) every N instructions; --seek A,B,... then
travels to each count in turn, forwards or backwards, replaying only from
the nearest checkpoint, and prints the digest there. A replay that cannot be completed (the
recording was cut short, or the run diverges from it) says why and exits 125.

resume continues a snapshot (from --snapshot-out, or Machine.snapshot()) with
the terminal as its console, as if the run had never stopped. A snapshot that
is damaged, or whose run read a host file that has changed since, is refused
(exit status 2).
`;

/** Options that take a value (so their value is not mistaken for PROGRAM). */
const VALUED = new Set([
  "--mount",
  "--cwd",
  "--env",
  "--seed",
  "--chaos",
  "--record",
  "--until",
  "--snapshot-out",
]);
/** Exit status of a replay that cannot be completed. */
const REPLAY_FAILED = 125;

function splitArgs(args: string[]): [string[], string[]] {
  let i = 0;
  while (i < args.length) {
    const a = args[i];
    if (a === "--") return [args.slice(0, i), args.slice(i + 1)];
    if (!a.startsWith("-")) break;
    i += VALUED.has(a) ? 2 : 1;
  }
  return [args.slice(0, i), args.slice(i)];
}

function fail(msg: string, code: number): never {
  console.error(`linuxvm: ${msg}`);
  Deno.exit(code);
}

function main(args: string[]): number {
  const [opts, rest] = splitArgs(args);
  let values;
  try {
    ({ values } = parseArgs({
      args: opts,
      options: {
        mount: { type: "string", multiple: true },
        cwd: { type: "string" },
        env: { type: "string", multiple: true },
        seed: { type: "string" },
        chaos: { type: "string" },
        strace: { type: "boolean" },
        interp: { type: "boolean" },
        stats: { type: "boolean" },
        record: { type: "string" },
        until: { type: "string" },
        "snapshot-out": { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`, 2);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (rest.length === 0) fail(`no program given\n${USAGE}`, 2);
  const mounts: MountSpec[] = (values.mount ?? []).map((m) => {
    const parts = m.split(":");
    if (parts.length < 2 || parts.length > 3 || (parts[2] && parts[2] !== "rw")) {
      fail(`bad --mount ${m} (want HOST:GUEST[:rw])`, 2);
    }
    return { host: parts[0], guest: parts[1], writable: parts[2] === "rw" };
  });
  for (const e of values.env ?? []) if (!e.includes("=")) fail(`bad --env ${e} (want K=V)`, 2);
  const seed = values.seed === undefined ? 0 : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) fail(`bad --seed ${values.seed}`, 2);
  const chaos = values.chaos === undefined ? undefined : Number(values.chaos);
  if (chaos !== undefined && !(Number.isSafeInteger(chaos) && chaos >= 0)) {
    fail(`bad --chaos ${values.chaos}`, 2);
  }

  const until = parseUntil(values.until, values["snapshot-out"]);
  const [program, ...guestArgs] = rest;
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(program);
  } catch (e) {
    fail(`${program}: ${(e as Error).message}`, 127);
  }
  const guestPath = program.startsWith("/") ? program : `/${program.replace(/^(\.\/)+/, "")}`;
  const io = new TerminalIO();
  try {
    const machine = createMachine({
      argv: [program, ...guestArgs],
      program: guestPath,
      files: { [guestPath]: bytes },
      env: values.env ?? [],
      cwd: values.cwd ?? "/",
      mounts,
      seed,
      schedule: chaos === undefined ? undefined : { chaos },
      strace: values.strace ?? false,
      host: io,
      record: values.record === undefined ? undefined : openLog(values.record),
      engine: values.interp ? "interp" : "jit",
    });
    return runToEnd(machine, io, until, values["snapshot-out"], values.stats ?? false);
  } catch (e) {
    if (e instanceof ElfError) fail(`${program}: ${e.message}`, 126);
    throw e;
  }
}

/** `--until`'s value (Infinity when absent); `--snapshot-out` needs it. */
function parseUntil(value: string | undefined, snapshotOut: string | undefined): number {
  const until = value === undefined ? Infinity : Number(value);
  if (until !== Infinity && !(Number.isSafeInteger(until) && until >= 0)) {
    fail(`bad --until ${value}`, 2);
  }
  if (snapshotOut !== undefined && until === Infinity) fail("--snapshot-out needs --until", 2);
  return until;
}

/** Save the machine to `path` (the --snapshot-out file). */
function saveSnapshot(machine: Machine, path: string): void {
  try {
    Deno.writeFileSync(path, machine.snapshot());
  } catch (e) {
    fail(`${path}: ${(e as Error).message}`, 2);
  }
  console.error(`linuxvm: snapshot at instruction ${machine.kernel.retired} saved to ${path}`);
}

/**
 * Run until the program ends or `until` instructions have retired in all,
 * taking stdin from the terminal whenever the guest waits for it; then save
 * the snapshot if asked. The exit status: the program's, or 0 at `until`.
 */
function runToEnd(
  machine: Machine,
  io: TerminalIO,
  until: number,
  snapshotOut: string | undefined,
  stats: boolean,
): number {
  const t0 = performance.now(), i0 = machine.kernel.retired;
  let result = machine.run(until - machine.kernel.retired);
  while (result.status === "waiting") {
    io.waitForStdin();
    result = machine.run(until - machine.kernel.retired);
  }
  const ms = performance.now() - t0;
  if (result.diagnostic) console.error(`linuxvm: ${result.diagnostic}`);
  if (stats) {
    const n = result.instructions - i0;
    console.error(
      `linuxvm: ${n} instructions in ${ms.toFixed(0)} ms (${(n / ms / 1000).toFixed(1)} MIPS)`,
    );
    for (const line of machine.jit?.stats.lines() ?? []) console.error(`linuxvm: ${line}`);
  }
  if (result.status !== "running") return result.exitCode;
  if (snapshotOut !== undefined) saveSnapshot(machine, snapshotOut);
  return 0;
}

/** A subcommand's options and its positional arguments; `--help` prints the usage and exits. */
function parseCommand<O extends ParseArgsOptionsConfig>(args: string[], options: O) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, help: { type: "boolean" } },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`, 2);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(USAGE);
    Deno.exit(0);
  }
  return parsed;
}

function resumeMain(args: string[]): number {
  const { values, positionals } = parseCommand(args, {
    until: { type: "string" },
    "snapshot-out": { type: "string" },
    interp: { type: "boolean" },
    stats: { type: "boolean" },
  });
  if (positionals.length !== 1) fail(`resume wants one snapshot\n${USAGE}`, 2);
  const until = parseUntil(values.until, values["snapshot-out"]);
  const file = positionals[0];
  const io = new TerminalIO();
  let machine: Machine;
  try {
    machine = Machine.restore(Deno.readFileSync(file), {
      host: io,
      engine: values.interp ? "interp" : "jit",
    });
  } catch (e) {
    if (e instanceof SnapshotError) fail(`${file}: ${e.message}`, 2);
    fail(`${file}: ${(e as Error).message}`, 2);
  }
  return runToEnd(machine, io, until, values["snapshot-out"], values.stats ?? false);
}

/** `replay --checkpoint-every N --seek A,B,...`: the digest at each count, by time travel. */
function seekMain(file: string, every: string | undefined, seek: string | undefined): number {
  const n = Number(every);
  if (every === undefined || !(Number.isSafeInteger(n) && n > 0)) {
    fail(`--seek needs --checkpoint-every N (N > 0)`, 2);
  }
  const points = (seek ?? "").split(",").map(Number);
  if (seek === undefined || !points.every((p) => Number.isSafeInteger(p) && p >= 0)) {
    fail(`bad --seek ${seek} (want counts separated by commas)`, 2);
  }
  try {
    const rp = replay(Deno.readFileSync(file), { checkpointEvery: n });
    for (const p of points) {
      const m = rp.seek(p);
      console.error(`linuxvm: digest ${digestHex(m.digest())} at instruction ${m.kernel.retired}`);
    }
  } catch (e) {
    if (e instanceof SnapshotError) fail(`${file}: ${e.message}`, 2);
    if (e instanceof ReplayError) fail(`replay of ${file} failed: ${e.message}`, REPLAY_FAILED);
    if (e instanceof Deno.errors.NotFound) fail(`${file}: ${e.message}`, 2);
    throw e;
  }
  return 0;
}

function openLog(path: string): FileSink {
  try {
    return new FileSink(path);
  } catch (e) {
    fail(`${path}: ${(e as Error).message}`, 2);
  }
}

function replayMain(args: string[]): number {
  const { values, positionals } = parseCommand(args, {
    until: { type: "string" },
    "snapshot-out": { type: "string" },
    "checkpoint-every": { type: "string" },
    seek: { type: "string" },
  });
  if (positionals.length !== 1) fail(`replay wants one recording\n${USAGE}`, 2);
  if (values.seek !== undefined || values["checkpoint-every"] !== undefined) {
    return seekMain(positionals[0], values["checkpoint-every"], values.seek);
  }
  const until = parseUntil(values.until, values["snapshot-out"]);
  const file = positionals[0];
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(file);
  } catch (e) {
    fail(`${file}: ${(e as Error).message}`, 2);
  }
  let r: ReplayResult;
  let machine: Machine;
  try {
    const rp = replay(bytes, { output: new TerminalIO() });
    machine = rp.machine;
    r = rp.run(until);
  } catch (e) {
    if (e instanceof SnapshotError) fail(`${file}: ${e.message}`, 2);
    if (e instanceof ElfError) fail(`${file}: the recorded program: ${e.message}`, REPLAY_FAILED);
    if (e instanceof ReplayError) fail(`replay of ${file} failed: ${e.message}`, REPLAY_FAILED);
    throw e;
  }
  if (r.diagnostic && r.status !== "running") console.error(`linuxvm: ${r.diagnostic}`);
  console.error(`linuxvm: digest ${digestHex(r.digest)} at instruction ${r.instructions}`);
  if (r.status === "cut") fail(`replay stopped: ${r.cut}`, REPLAY_FAILED);
  if (r.matchesRecording === false) {
    fail("replay diverged: the outcome differs from the recorded one", REPLAY_FAILED);
  }
  if (r.status !== "running") return r.exitCode;
  if (values["snapshot-out"] !== undefined) saveSnapshot(machine, values["snapshot-out"]);
  return 0;
}

if (import.meta.main) {
  const [command, ...rest] = Deno.args;
  Deno.exit(
    command === "replay"
      ? replayMain(rest)
      : command === "resume"
      ? resumeMain(rest)
      : main(Deno.args),
  );
}
