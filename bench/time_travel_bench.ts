/**
 * Time travel over a recording (issue 3 targets: checkpointing every 5×10^7
 * instructions costs under 5% of the replay; with a checkpoint every 10^7 a
 * seek costs at most the replay of the distance from the nearest
 * checkpoint). The workload is bench/guest/mallocs (malloc churn: it
 * dirties memory all the time, the worst case for checkpoints).
 *
 *     deno bench --allow-read bench/time_travel_bench.ts
 * @module
 */

import { createMachine, MemorySink, replay } from "../mod.ts";

const bin = Deno.readFileSync(new URL("./guest/mallocs", import.meta.url));
const sink = new MemorySink();
const total = createMachine({
  argv: ["/bin/mallocs", "300000"],
  files: { "/bin/mallocs": bin },
  record: sink,
}).run().instructions;
const log = sink.bytes();

Deno.bench(
  `replay ${total} instructions, no checkpoints`,
  { group: "replay", baseline: true },
  () => {
    replay(log).run();
  },
);
Deno.bench("replay, a checkpoint every 5×10^7", { group: "replay" }, () => {
  replay(log, { checkpointEvery: 50_000_000 }).run();
});
Deno.bench("replay, a checkpoint every 10^7", { group: "replay" }, () => {
  replay(log, { checkpointEvery: 10_000_000 }).run();
});

const tt = replay(log, { checkpointEvery: 10_000_000 });
tt.run();
Deno.bench(
  "seek to 10^7 + 10^6 (10^6 past a checkpoint)",
  { group: "seek", baseline: true },
  () => {
    tt.seek(11_000_000);
  },
);
Deno.bench("seek to 2×10^7 - 1 (10^7 - 1 past a checkpoint)", { group: "seek" }, () => {
  tt.seek(19_999_999);
});
Deno.bench("replay 10^7 instructions from the start, for comparison", { group: "seek" }, () => {
  replay(log).run(10_000_000);
});
