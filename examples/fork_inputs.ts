/**
 * One state, 100 futures: run a program up to the point where it reads its
 * input, then fork the machine (copy-on-write, no re-run of the start-up)
 * and feed each fork a different stdin. This is how a fuzzer or a "what if"
 * exploration uses linuxvm; any interesting fork can be saved with
 * `snapshot()` and replayed exactly.
 * `deno run -A examples/fork_inputs.ts`
 * @module
 */

import { createMachine, type Machine } from "../mod.ts";

const program = Deno.readFileSync(new URL("./checker", import.meta.url));
// A host whose stdin is empty for now: the machine stops when the program waits to read it.
const base: Machine = createMachine({
  argv: ["/bin/checker"],
  files: { "/bin/checker": program },
  host: {
    stdinReady: () => false,
    readStdin: () => new Uint8Array(0),
    writeStdout: () => {},
    writeStderr: () => {},
    isTerminal: () => false,
    terminalSize: () => [24, 80],
  },
});
const t0 = performance.now();
const start = base.run();
const startMs = performance.now() - t0;
console.log(
  `start-up: ${start.status} after ${start.instructions} instructions (${startMs.toFixed(0)} ms)`,
);

const t1 = performance.now();
let crashes = 0;
for (let i = 0; i < 100; i++) {
  const fork = base.fork({ stdin: `input-${i}\n` });
  const r = fork.run();
  if (r.signal !== null) {
    crashes++;
    console.log(`input-${i}: ${r.diagnostic ?? `signal ${r.signal}`} (exit ${r.exitCode})`);
  }
}
const ms = performance.now() - t1;
console.log(`100 forks run to the end in ${ms.toFixed(0)} ms; ${crashes} crashed`);
