/**
 * Steady-state timing of one `bench/guest` program under the translator:
 * runs it on `N` fresh machines one after another in this process and prints
 * each run's wall and CPU milliseconds. The first run pays for V8 compiling
 * our own code and the generated code; later runs show the steady state
 * (docs/BENCHMARKS.md compares the minimum of runs 3..N).
 *
 * ```sh
 * deno run --allow-read bench/steady.ts 6 mallocs 300000
 * ```
 * @module
 */

import process from "node:process";
import { createMachine } from "../mod.ts";

const [count, name, ...args] = Deno.args;
if (name === undefined) throw new Error("usage: steady.ts N PROGRAM [ARGS...]");
const bin = Deno.readFileSync(new URL(`./guest/${name}`, import.meta.url));
const out: string[] = [];
for (let i = 0; i < Number(count); i++) {
  const m = createMachine({ argv: [`/bin/${name}`, ...args], files: { [`/bin/${name}`]: bin } });
  const t0 = performance.now(), c0 = process.cpuUsage();
  m.run();
  const c = process.cpuUsage(c0);
  out.push(`${Math.round(performance.now() - t0)}/${Math.round((c.user + c.system) / 1000)}`);
}
console.log(`${name} (wall/cpu ms): ${out.join(" ")}`);
