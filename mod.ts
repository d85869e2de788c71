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
 * @module
 */

import { Machine, type MachineOptions } from "./lib/machine.ts";

export { Machine, type MachineOptions, type RunResult } from "./lib/machine.ts";
export { ElfError } from "./lib/kernel/elf.ts";
export type { HostIO } from "./lib/kernel/host.ts";
export type { MountSpec } from "./lib/kernel/kernel.ts";

/**
 * Create a machine ready to run `options.argv[0]` (or `options.program`).
 * Throws `ElfError` if the program is not a runnable static x86-64 ELF.
 */
export function createMachine(options: MachineOptions): Machine {
  return new Machine(options);
}
