/**
 * Times each benchmark guest natively, in linuxvm's interpreter and with its
 * translator, in one run, and prints the slowdowns, the translator's speedup
 * over the interpreter and guest MIPS (for docs/BENCHMARKS.md). Outputs must
 * match the native run.
 * `deno run -A bench/compare.ts [NAME...]`
 * @module
 */

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

function best<T>(n: number, f: () => T): [number, T] {
  let t = Infinity, out!: T;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    out = f();
    t = Math.min(t, performance.now() - t0);
  }
  return [t, out];
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

const only = Deno.args;
const rows: number[][] = [];
console.log(
  "| program | native ms | interpreter ms | translator ms | interpreter / native | " +
    "translator / native | translator speedup | guest instructions | translator MIPS |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const [name, args] of WORKLOADS) {
  if (only.length > 0 && !only.includes(name)) continue;
  const path = new URL(name, dir);
  const [native, nout] = best(5, () => new Deno.Command(path, { args }).outputSync());
  const expected = new TextDecoder().decode(nout.stdout);
  const [interp, ri] = vm(name, args, "interp");
  const [jit, rj] = vm(name, args, "jit");
  for (const r of [ri, rj]) {
    if (new TextDecoder().decode(r.stdout) !== expected) throw new Error(`${name}: output differs`);
  }
  rows.push([interp / native, jit / native, interp / jit]);
  console.log(
    `| ${name} ${args.join(" ")} | ${native.toFixed(1)} | ${interp.toFixed(0)} | ${
      jit.toFixed(0)
    } | ` +
      `${(interp / native).toFixed(0)}x | ${(jit / native).toFixed(1)}x | ${
        (interp / jit).toFixed(1)
      }x | ` +
      `${rj.instructions} | ${(rj.instructions / jit / 1000).toFixed(0)} |`,
  );
}
const geo = (i: number): number =>
  Math.exp(rows.reduce((s, r) => s + Math.log(r[i]), 0) / rows.length);
console.log(
  `| geometric mean | | | | ${geo(0).toFixed(0)}x | ${geo(1).toFixed(1)}x | ${
    geo(2).toFixed(1)
  }x | | |`,
);
