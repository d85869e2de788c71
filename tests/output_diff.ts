/**
 * Compact comparison of program output for the guest and real-program suites:
 * rather than dumping two large byte arrays, report where they first differ.
 * @module
 */

const dec = new TextDecoder();

/** Show at most this many characters of a line, around column `at`. */
function window(s: string, at: number, before = 60, after = 100): string {
  const from = Math.max(0, at - before), to = Math.min(s.length, at + after);
  return (from > 0 ? "…" : "") + s.slice(from, to) + (to < s.length ? "…" : "");
}

/**
 * Describe how `actual` differs from `expected`, or return null if they are
 * byte-identical. Names the first differing line and column, with the lines
 * before it for context, clipped around the difference.
 */
export function describeMismatch(expected: Uint8Array, actual: Uint8Array): string | null {
  if (expected.length === actual.length && expected.every((b, i) => b === actual[i])) return null;
  let at = 0;
  while (at < expected.length && at < actual.length && expected[at] === actual[at]) at++;
  const want = dec.decode(expected).split("\n");
  const got = dec.decode(actual).split("\n");
  let line = 0;
  while (line < want.length && line < got.length && want[line] === got[line]) line++;
  const w = want[line] ?? "", g = got[line] ?? "";
  let col = 0;
  while (col < w.length && col < g.length && w[col] === g[col]) col++;
  const out = [
    `output differs at byte ${at} (expected ${expected.length} bytes, got ${actual.length}),` +
    ` line ${line + 1} column ${col + 1}:`,
  ];
  for (let i = Math.max(0, line - 2); i < line; i++) out.push(`    ${window(want[i], col)}`);
  out.push(`  - ${line < want.length ? window(w, col) : "<end of output>"}`);
  out.push(`  + ${line < got.length ? window(g, col) : "<end of output>"}`);
  return out.join("\n");
}
