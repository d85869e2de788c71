/**
 * linuxvm: run unmodified static x86-64 Linux programs in a deterministic
 * virtual machine written in TypeScript.
 *
 * @example
 * ```ts
 * import { createMachine } from "jsr:@x/linuxvm";
 * const program = Deno.readFileSync("./hello");
 * const machine = createMachine({ argv: ["/bin/hello"], files: { "/bin/hello": program } });
 * const result = machine.run();
 * console.log(new TextDecoder().decode(result.stdout), result.exitCode);
 * ```
 *
 * Record a run and replay it exactly:
 * ```ts
 * import { createMachine, MemorySink, replay } from "jsr:@x/linuxvm";
 * const log = new MemorySink();
 * const program = Deno.readFileSync("./hello");
 * createMachine({ argv: ["/bin/hello"], files: { "/bin/hello": program }, record: log }).run();
 * const again = replay(log.bytes()).run(); // same stdout, exit code and digest
 * ```
 * @module
 */

import { Machine, type MachineOptions } from "./lib/machine.ts";

export {
  type AttachOptions,
  Machine,
  type MachineOptions,
  type RestoreOptions,
  type RunResult,
} from "./lib/machine.ts";
export { ElfError } from "./lib/kernel/elf.ts";
export type { HostIO } from "./lib/kernel/host.ts";
export type { MountSpec } from "./lib/kernel/kernel.ts";
export {
  FileSink,
  type LogSink,
  MemorySink,
  readReplayLog,
  type ReplayLog,
} from "./lib/checkpoint/replay_log.ts";
export { ReplayError } from "./lib/checkpoint/recording_io.ts";
export { Replay, replay, type ReplayOptions, type ReplayResult } from "./lib/checkpoint/replay.ts";
export { SnapshotError } from "./lib/checkpoint/errors.ts";
export { digestHex } from "./lib/checkpoint/digest.ts";

/**
 * Create a machine ready to run `options.argv[0]` (or `options.program`).
 * Throws `ElfError` if the program is not a runnable static x86-64 ELF.
 */
export function createMachine(options: MachineOptions): Machine {
  return new Machine(options);
}
