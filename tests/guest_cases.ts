/**
 * The guest test programs (tests/guest/cases.json, recorded natively by
 * tools/record_native.py) and how to boot one in a machine: shared by every
 * test that runs them.
 * @module
 */

import { createMachine, type Machine, type MachineOptions } from "../mod.ts";

/** One entry of tests/guest/cases.json. */
export interface GuestCase {
  /** Names expected/<name>.stdout and .status. */
  name: string;
  /** File in tests/guest/bin. */
  binary: string;
  /** Guest argv; argv[0] is where the binary is placed in the guest. */
  argv: string[];
  env: string[];
  /** File under tests/guest fed as standard input, or null for none. */
  stdin: string | null;
}

/** tests/guest/. */
export const GUEST_DIR: URL = new URL("./guest/", import.meta.url);

/** Every guest case. */
export const GUEST_CASES: readonly GuestCase[] = JSON.parse(
  Deno.readTextFileSync(new URL("cases.json", GUEST_DIR)),
);

/** Far above any case (each is kept under ~20M instructions), so a runaway guest fails. */
export const GUEST_BUDGET = 500_000_000;

/** The case named `name` (throws if there is none). */
export function guestCase(name: string): GuestCase {
  const c = GUEST_CASES.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no guest case ${name}`);
  return c;
}

/** The case's standard input bytes, or undefined. */
export function guestStdin(c: GuestCase): Uint8Array | undefined {
  return c.stdin === null ? undefined : Deno.readFileSync(new URL(c.stdin, GUEST_DIR));
}

/** A machine ready to run case `c`, with `extra` options on top. */
export function bootGuest(c: GuestCase, extra: Partial<MachineOptions> = {}): Machine {
  return createMachine({
    argv: c.argv,
    env: c.env,
    files: { [c.argv[0]]: Deno.readFileSync(new URL(`bin/${c.binary}`, GUEST_DIR)) },
    stdin: guestStdin(c),
    ...extra,
  });
}
