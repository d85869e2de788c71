/**
 * Times each benchmark guest natively, under `qemu-x86_64` (Debian's
 * qemu-user, skipped with a note when it is not installed), in linuxvm's
 * interpreter and with its translator, in one run, and prints the slowdowns
 * against native, the translator's speedup over the interpreter and guest
 * MIPS (for docs/BENCHMARKS.md). Every output must match the native run.
 *
 * `deno task compare [--runs N] [--no-interp] [NAME...]`
 *
 * Native and qemu times are the best of 5; the VM runs the best of `--runs`
 * (default 1) fresh machines, each including start-up, translation and V8's
 * compilation of the generated code.
 * @module
 */

import { parseArgs } from "node:util";
import { createMachine, type RunResult } from "../mod.ts";

const dir = new URL("./guest/", import.meta.url);
/** Each takes 60-90M guest instructions: integer loops, floating point, hashing, branchy dispatch, string functions, malloc. */
const WORKLOADS: [string, string[]][] = [
  ["sieve", ["2000000", "3"]],
  ["nbody", ["100000"]],
  ["sha256", ["1"]],
  ["bytecode", ["20000"]],
  ["text", ["10"]],
  ["mallocs", ["300000"]],
];

const { values: opts, positionals: only } = parseArgs({
  args: Deno.args,
  options: {
    runs: { type: "string", default: "1" },
    "no-interp": { type: "boolean", default: false },
  },
  allowPositionals: true,
});
const runs = Math.max(1, Number(opts.runs) | 0);
const withInterp = !opts["no-interp"];

function best<T>(n: number, f: () => [number, T]): [number, T] {
  let t = Infinity, out!: T;
  for (let i = 0; i < n; i++) {
    const [ti, o] = f();
    if (ti < t) [t, out] = [ti, o];
  }
  return [t, out];
}

/** Wall time of one host process run and its stdout. */
function host(cmd: string, args: string[]): [number, string] {
  const t0 = performance.now();
  const o = new Deno.Command(cmd, { args }).outputSync();
  const t = performance.now() - t0;
  if (!o.success) throw new Error(`${cmd} failed: ${new TextDecoder().decode(o.stderr)}`);
  return [t, new TextDecoder().decode(o.stdout)];
}

/** The qemu-x86_64 binary on PATH, or null. */
function findQemu(): string | null {
  try {
    return new Deno.Command("qemu-x86_64", { args: ["--version"] }).outputSync().success
      ? "qemu-x86_64"
      : null;
  } catch {
    return null;
  }
}

function vm(name: string, args: string[], engine: "jit" | "interp"): [number, RunResult] {
  const bin = Deno.readFileSync(new URL(name, dir));
  const m = createMachine({
    argv: [`/bin/${name}`, ...args],
    files: { [`/bin/${name}`]: bin },
    engine,
  });
  const t0 = performance.now();
  const r = m.run();
  return [performance.now() - t0, r];
}

const qemu = findQemu();
if (qemu === null) {
  console.log("note: qemu-x86_64 not found (Debian: apt-get install qemu-user); qemu skipped\n");
}
const x = (a: number, b: number, digits = 1): string => `${(a / b).toFixed(digits)}x`;
const rows: number[][] = [];
const cols = ["program", "native ms"];
if (qemu) cols.push("qemu ms");
if (withInterp) cols.push("interpreter ms");
cols.push("translator ms");
if (qemu) cols.push("qemu / native");
if (withInterp) cols.push("interpreter / native");
cols.push("translator / native");
if (withInterp) cols.push("translator speedup");
cols.push("guest instructions", "translator MIPS");
console.log(`| ${cols.join(" | ")} |`);
console.log(`| ${cols.map(() => "---").join(" | ")} |`);
const NAN = Number.NaN;
for (const [name, args] of WORKLOADS) {
  if (only.length > 0 && !only.includes(name)) continue;
  const path = new URL(name, dir).pathname;
  const [native, expected] = best(5, () => host(path, args));
  let q = NAN;
  if (qemu) {
    const [tq, out] = best(5, () => host(qemu, [path, ...args]));
    if (out !== expected) throw new Error(`${name}: qemu output differs`);
    q = tq;
  }
  const check = (r: RunResult): string => {
    if (new TextDecoder().decode(r.stdout) !== expected) throw new Error(`${name}: output differs`);
    return "";
  };
  let interp = NAN;
  if (withInterp) {
    const [ti, ri] = vm(name, args, "interp");
    check(ri);
    interp = ti;
  }
  const [jit, rj] = best(runs, () => vm(name, args, "jit"));
  check(rj);
  rows.push([q / native, interp / native, jit / native, interp / jit]);
  const cells = [`${name} ${args.join(" ")}`, native.toFixed(1)];
  if (qemu) cells.push(q.toFixed(1));
  if (withInterp) cells.push(interp.toFixed(0));
  cells.push(jit.toFixed(0));
  if (qemu) cells.push(x(q, native));
  if (withInterp) cells.push(x(interp, native, 0));
  cells.push(x(jit, native));
  if (withInterp) cells.push(x(interp, jit));
  cells.push(String(rj.instructions), (rj.instructions / jit / 1000).toFixed(0));
  console.log(`| ${cells.join(" | ")} |`);
}
const geo = (i: number): string =>
  Math.exp(rows.reduce((s, r) => s + Math.log(r[i]), 0) / rows.length).toFixed(1) + "x";
const g = ["geometric mean", ""];
if (qemu) g.push("");
if (withInterp) g.push("");
g.push("");
if (qemu) g.push(geo(0));
if (withInterp) g.push(geo(1));
g.push(geo(2));
if (withInterp) g.push(geo(3));
g.push("", "");
console.log(`| ${g.join(" | ")} |`);
