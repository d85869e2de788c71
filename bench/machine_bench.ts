/**
 * Whole-machine snapshot, restore and fork for a machine whose process has
 * touched 64 MiB (issue 3 targets: fork at 1,000 per second, i.e. 1 ms, in
 * proportion to what differs and not to memory size; write < 250 ms and
 * restore < 150 ms as for the bare image in snapshot_bench.ts).
 *
 *     deno bench --allow-read --allow-write --allow-run bench/machine_bench.ts
 *
 * The machine is a real one (a guest test program stopped after startup)
 * whose address space gets the 64 MiB heap of snapshot_bench.ts.
 * @module
 */

import { PAGE_SIZE } from "../lib/exec/memory.ts";
import { Machine } from "../lib/machine.ts";
import { touched64 } from "./touched_memory.ts";
import { readSnapshot, writeSnapshot } from "../lib/checkpoint/snapshot.ts";

/** Where the 64 MiB go in the guest's address space. */
const BASE = 0x7e0000000000;

/** A machine stopped inside a guest program, with 64 MiB more touched in its address space. */
export function machine64(): Machine {
  const bin = Deno.readFileSync(new URL("../tests/guest/bin/malloc.musl", import.meta.url));
  const m = new Machine({ argv: ["/bin/malloc"], files: { "/bin/malloc": bin } });
  m.run(100_000);
  const mem = m.process.mem, src = touched64().mem;
  for (const v of src.vmas) {
    if (v.name !== "[heap]") continue;
    mem.map(BASE, v.end - v.start, v.prot, v.flags, "", 0);
    for (let a = v.start; a < v.end; a += PAGE_SIZE) {
      mem.writeBytes(BASE + (a - v.start), src.readBytes(a, PAGE_SIZE));
    }
  }
  return m;
}

const m = machine64();
const snap = m.snapshot();
// The bare CPU+memory image of the same pages, as a yardstick measured in the same run.
const bare = { cpu: m.process.cpu, mem: m.process.mem };
const bareSnap = writeSnapshot(bare);
const forks: Machine[] = [];

Deno.bench("machine: fork, 64 MiB touched", () => {
  forks.push(m.fork());
  if (forks.length > 100) forks.length = 0;
});
Deno.bench("machine: fork and write one page in the fork", () => {
  const f = m.fork();
  f.process.mem.write8(BASE, 1);
});
Deno.bench("bare image: write, same pages", { group: "write", baseline: true }, () => {
  writeSnapshot(bare);
});
Deno.bench("machine: snapshot, 64 MiB touched", { group: "write" }, () => {
  m.snapshot();
});
Deno.bench("bare image: restore, same pages", { group: "restore", baseline: true }, () => {
  readSnapshot(bareSnap);
});
Deno.bench("machine: restore, 64 MiB touched", { group: "restore" }, () => {
  Machine.restore(snap);
});
Deno.bench("machine: digest, 64 MiB touched", () => {
  m.digest();
});
