/**
 * Times each benchmark guest natively and in linuxvm in one run and prints the
 * slowdown ratio and the interpreter's guest MIPS (for docs/BENCHMARKS.md).
 * `deno run -A bench/compare.ts`
 * @module
 */

import { createMachine } from "../mod.ts";

const dir = new URL("./guest/", import.meta.url);
const WORKLOADS: [string, string[]][] = [["sieve", ["2000000", "3"]], ["nbody", ["100000"]]];

function best<T>(n: number, f: () => T): [number, T] {
  let t = Infinity, out!: T;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    out = f();
    t = Math.min(t, performance.now() - t0);
  }
  return [t, out];
}

console.log("| program | native ms | linuxvm ms | slowdown | guest instructions | guest MIPS |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const [name, args] of WORKLOADS) {
  const path = new URL(name, dir);
  const bin = Deno.readFileSync(path);
  const [native, nout] = best(5, () => new Deno.Command(path, { args }).outputSync());
  const [vm, r] = best(
    1,
    () =>
      createMachine({ argv: [`/bin/${name}`, ...args], files: { [`/bin/${name}`]: bin } }).run(),
  );
  if (new TextDecoder().decode(r.stdout) !== new TextDecoder().decode(nout.stdout)) {
    throw new Error(`${name}: output differs from native`);
  }
  console.log(
    `| ${name} ${args.join(" ")} | ${native.toFixed(1)} | ${vm.toFixed(0)} | ${
      (vm / native).toFixed(0)
    }x | ${r.instructions} | ${(r.instructions / vm / 1000).toFixed(1)} |`,
  );
}
