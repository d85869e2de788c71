/**
 * Compact comparison of program output for the guest and real-program suites:
 * rather than dumping two large byte arrays, report where they first differ.
 * @module
 */

const dec = new TextDecoder();

/** Clip a line for display, keeping the start (where diffs usually show). */
function clip(s: string, max = 200): string {
  return s.length > max ? s.slice(0, max) + `… (${s.length} chars)` : s;
}

/**
 * Describe how `actual` differs from `expected`, or return null if they are
 * byte-identical. Names the first differing line with its neighbours.
 */
export function describeMismatch(expected: Uint8Array, actual: Uint8Array): string | null {
  if (expected.length === actual.length && expected.every((b, i) => b === actual[i])) return null;
  let at = 0;
  while (at < expected.length && at < actual.length && expected[at] === actual[at]) at++;
  const want = dec.decode(expected).split("\n");
  const got = dec.decode(actual).split("\n");
  let line = 0;
  while (line < want.length && line < got.length && want[line] === got[line]) line++;
  const out = [
    `output differs at byte ${at} (expected ${expected.length} bytes, got ${actual.length}),` +
    ` line ${line + 1}:`,
  ];
  for (let i = Math.max(0, line - 2); i < line; i++) out.push(`    ${clip(want[i])}`);
  out.push(`  - ${line < want.length ? clip(want[line]) : "<end of output>"}`);
  out.push(`  + ${line < got.length ? clip(got[line]) : "<end of output>"}`);
  return out.join("\n");
}
