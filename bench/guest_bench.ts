/**
 * `deno bench`: CPU-bound guest programs in the interpreter, next to the same
 * binaries run natively in the same process run. The interpreter's guest
 * instructions per second are printed by `bench/compare.ts`.
 * @module
 */

import { createMachine } from "../mod.ts";

const dir = new URL("./guest/", import.meta.url);
const WORKLOADS: [string, string[]][] = [["sieve", ["300000", "1"]], ["nbody", ["20000"]]];

for (const [name, args] of WORKLOADS) {
  const bin = Deno.readFileSync(new URL(name, dir));
  Deno.bench(
    `${name} ${args.join(" ")}: linuxvm interpreter`,
    { group: name, n: 3, warmup: 1 },
    () => {
      const r = createMachine({ argv: [`/bin/${name}`, ...args], files: { [`/bin/${name}`]: bin } })
        .run();
      if (r.exitCode !== 0) throw new Error(`${name} exited ${r.exitCode}`);
    },
  );
  Deno.bench(`${name} ${args.join(" ")}: native`, { group: name, baseline: true }, () => {
    const r = new Deno.Command(new URL(name, dir), { args }).outputSync();
    if (!r.success) throw new Error(`${name} failed natively`);
  });
}
