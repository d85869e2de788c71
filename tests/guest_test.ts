/**
 * Guest programs (tests/guest: C built with musl, glibc and glibc static-PIE,
 * plus libc-free asm) run in the VM must reproduce the stdout and exit status
 * recorded from native runs by tests/guest/build.sh.
 * @module
 */

import assert from "node:assert/strict";
import { bootGuest, GUEST_BUDGET as BUDGET, GUEST_CASES, GUEST_DIR } from "./guest_cases.ts";
import { describeMismatch } from "./output_diff.ts";

/** A value the recording host's x87 transcendentals round wrongly (see known_differences.json). */
interface KnownDifference {
  expected: string;
  actual: string;
  via: string;
}

const dir = GUEST_DIR;
const known: Record<string, KnownDifference[]> = JSON.parse(
  Deno.readTextFileSync(new URL("known_differences.json", dir)),
);

/** The recording with this case's known host-rounding differences replaced by the exact values. */
function correctedExpectation(name: string, expected: Uint8Array): Uint8Array {
  let text = new TextDecoder().decode(expected);
  for (const k of known[name] ?? []) {
    assert.ok(
      text.includes(k.expected),
      `${name}: known difference ${k.expected} not in recording`,
    );
    text = text.replaceAll(k.expected, k.actual);
  }
  return new TextEncoder().encode(text);
}

for (const c of GUEST_CASES) {
  Deno.test(`guest ${c.name}`, () => {
    const r = bootGuest(c).run(BUDGET);
    const context = `${c.name}: status ${r.status}, exit ${r.exitCode}, ` +
      `${r.instructions} instructions${r.diagnostic ? `, ${r.diagnostic}` : ""}\n` +
      `stderr: ${new TextDecoder().decode(r.stderr.subarray(0, 500))}`;
    assert.notEqual(
      r.status,
      "running",
      `did not finish within ${BUDGET} instructions\n${context}`,
    );
    const expected = Deno.readFileSync(new URL(`expected/${c.name}.stdout`, dir));
    const mismatch = describeMismatch(expected, r.stdout) &&
      describeMismatch(correctedExpectation(c.name, expected), r.stdout);
    if (mismatch !== null) assert.fail(`${mismatch}\n${context}`);
    const status = Number(Deno.readTextFileSync(new URL(`expected/${c.name}.status`, dir)));
    assert.equal(r.exitCode, status, context);
  });
}
