/**
 * Command line: `deno task vm [OPTIONS] [--] PROGRAM [ARGS...]` runs a host
 * ELF file inside the VM with the terminal as its console.
 * @module
 */

import { parseArgs } from "node:util";
import { createMachine, ElfError } from "./mod.ts";
import { TerminalIO } from "./lib/terminal_io.ts";
import type { MountSpec } from "./lib/kernel/kernel.ts";

const USAGE = `usage: deno task vm [OPTIONS] [--] PROGRAM [ARGS...]

Runs a static x86-64 Linux executable inside linuxvm. The exit status is the
program's, or 128+N when signal N ends it.

Options:
  --mount HOST:GUEST[:rw]  expose a host directory (read-only unless :rw)
  --cwd DIR                initial guest working directory (default /)
  --env K=V                add a guest environment variable (the guest sees only these)
  --seed N                 seed of the guest's randomness (default 0)
  --strace                 trace system calls to stderr
  --help                   show this help
`;

/** Options that take a value (so their value is not mistaken for PROGRAM). */
const VALUED = new Set(["--mount", "--cwd", "--env", "--seed"]);

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
        strace: { type: "boolean" },
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

  const [program, ...guestArgs] = rest;
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(program);
  } catch (e) {
    fail(`${program}: ${(e as Error).message}`, 127);
  }
  const guestPath = program.startsWith("/") ? program : `/${program.replace(/^(\.\/)+/, "")}`;
  try {
    const machine = createMachine({
      argv: [program, ...guestArgs],
      program: guestPath,
      files: { [guestPath]: bytes },
      env: values.env ?? [],
      cwd: values.cwd ?? "/",
      mounts,
      seed,
      strace: values.strace ?? false,
      host: new TerminalIO(),
    });
    const result = machine.run();
    if (result.diagnostic) console.error(`linuxvm: ${result.diagnostic}`);
    return result.exitCode;
  } catch (e) {
    if (e instanceof ElfError) fail(`${program}: ${e.message}`, 126);
    throw e;
  }
}

if (import.meta.main) Deno.exit(main(Deno.args));
