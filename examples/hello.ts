/**
 * Demo: run the bundled static x86-64 program inside linuxvm and show its output.
 * `deno task demo`
 * @module
 */

import { createMachine } from "../mod.ts";

const program = Deno.readFileSync(new URL("./hello", import.meta.url));
const machine = createMachine({
  argv: ["/bin/hello", "from", "TypeScript"],
  files: { "/bin/hello": program },
});
const t0 = performance.now();
const result = machine.run();
const ms = performance.now() - t0;
Deno.stdout.writeSync(result.stdout);
console.log(
  `[linuxvm] exit status ${result.exitCode}, ${result.instructions} guest instructions in ${
    ms.toFixed(0)
  } ms`,
);
