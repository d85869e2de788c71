/**
 * Snapshot speed and size for a guest that touched 64 MiB (issue 3 targets:
 * write < 250 ms, restore < 150 ms, size within 1.1x of `zstd -3` over the
 * same touched pages).
 *
 *     deno bench --allow-read bench/snapshot_bench.ts        timings
 *     deno run --allow-read --allow-write --allow-run bench/snapshot_bench.ts
 *         sizes against the zstd CLI, zstd levels, node:zlib vs zstd-codec
 *
 * The address space is synthetic but deterministic: real x86 code (the guest
 * test binaries), 48 MiB of heap built like a malloc arena (see `fillHeap` for
 * the mix) and 16 MiB of touched pages that stayed zero.
 * @module
 */

import { type Memory, PAGE_SIZE } from "../lib/exec/memory.ts";
import { touched64 } from "./touched_memory.ts";
import { stateDigest } from "../lib/checkpoint/digest.ts";
import { readSnapshot, writeSnapshot } from "../lib/checkpoint/snapshot.ts";
import { SNAPSHOT_ZSTD_LEVEL } from "../lib/checkpoint/zstd.ts";
import { constants, zstdCompressSync, zstdDecompressSync } from "node:zlib";

const MiB = 1 << 20;
const HEAP_SIZE = 48 * MiB;

/** All touched pages in address order, as `zstd -3` would see a raw memory dump. */
function rawPages(mem: Memory): Uint8Array {
  const vpns = [...mem.pages.keys()].sort((a, b) => a - b);
  const out = new Uint8Array(vpns.length * PAGE_SIZE);
  vpns.forEach((v, i) => out.set(mem.pages.get(v)!.data, i * PAGE_SIZE));
  return out;
}

const state = touched64();
const snap = writeSnapshot(state);

Deno.bench("snapshot: write, 64 MiB touched", { group: "snapshot", baseline: true }, () => {
  writeSnapshot(state);
});
Deno.bench("snapshot: write, 64 MiB touched, zstd level 3", { group: "snapshot" }, () => {
  writeSnapshot(state, { level: 3 });
});
Deno.bench("snapshot: restore, 64 MiB touched", { group: "restore", baseline: true }, () => {
  readSnapshot(snap);
});
Deno.bench("snapshot: restore + digest verification", { group: "restore" }, () => {
  readSnapshot(snap, { verifyDigest: true });
});
Deno.bench("snapshot: state digest, 64 MiB touched", () => {
  stateDigest(state.cpu, state.mem);
});

/** Best wall time of `n` runs, in ms. */
function best(n: number, f: () => unknown): number {
  let t = Infinity;
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    f();
    t = Math.min(t, performance.now() - s);
  }
  return t;
}

/** `zstd -<level> -T1` over a file: compressed size and best wall time. */
function zstdCli(file: string, level: number): { size: number; ms: number } {
  let size = 0;
  const ms = best(3, () => {
    const o = new Deno.Command("zstd", { args: [`-${level}`, "-T1", "-c", "-q", file] })
      .outputSync();
    if (!o.success) throw new Error("zstd failed (apt-get install zstd)");
    size = o.stdout.length;
  });
  return { size, ms };
}

if (import.meta.main) {
  const raw = rawPages(state.mem);
  const mib = (n: number) => (n / MiB).toFixed(2);
  console.log(`touched: ${mib(raw.length)} MiB in ${state.mem.pages.size} pages`);

  const file = Deno.makeTempFileSync({ suffix: ".pages" });
  Deno.writeFileSync(file, raw);
  const ref = zstdCli(file, 3);
  console.log(
    `zstd -3 -T1 (CLI) over the raw pages: ${mib(ref.size)} MiB in ${ref.ms.toFixed(0)} ms`,
  );
  for (const level of [1, 2, 3]) {
    const s = writeSnapshot(state, { level });
    const w = best(5, () => writeSnapshot(state, { level }));
    const r = best(5, () => readSnapshot(s));
    const cli = zstdCli(file, level).size;
    console.log(
      `level ${level}${level === SNAPSHOT_ZSTD_LEVEL ? " (default)" : ""}: ${
        mib(s.length)
      } MiB = ` +
        `${(s.length / ref.size).toFixed(3)}x zstd -3, write ${w.toFixed(0)} ms, ` +
        `restore ${r.toFixed(0)} ms | CLI -${level} ${mib(cli)} MiB`,
    );
  }
  Deno.removeSync(file);
  console.log(`digest ${best(5, () => stateDigest(state.cpu, state.mem)).toFixed(0)} ms`);

  // Compressors on the same 1 MiB pieces of the raw pages (without zero pages), level 3.
  const pieces: Uint8Array[] = [];
  for (let o = 0; o < HEAP_SIZE; o += MiB) pieces.push(raw.subarray(o, o + MiB));
  const params = { params: { [constants.ZSTD_c_compressionLevel]: 3 } };
  let nativeOut: Uint8Array[] = [];
  const nc = best(5, () => (nativeOut = pieces.map((p) => zstdCompressSync(p, params))));
  const nd = best(5, () => nativeOut.forEach((p) => zstdDecompressSync(p)));
  const nsize = nativeOut.reduce((n, p) => n + p.length, 0);
  console.log(
    `node:zlib zstd L3, 48 x 1 MiB: ${mib(nsize)} MiB, compress ${nc.toFixed(0)} ms, decompress ${
      nd.toFixed(0)
    } ms`,
  );
  const { ZstdCodec } = await import("zstd-codec");
  await new Promise<void>((done) =>
    ZstdCodec.run(
      (
        zstd: {
          Simple: new () => {
            compress(b: Uint8Array, l: number): Uint8Array;
            decompress(b: Uint8Array): Uint8Array;
          };
        },
      ) => {
        const simple = new zstd.Simple();
        let out: Uint8Array[] = [];
        const wc = best(5, () => (out = pieces.map((p) => simple.compress(p, 3))));
        const wd = best(5, () => out.forEach((p) => simple.decompress(p)));
        const wsize = out.reduce((n, p) => n + p.length, 0);
        console.log(
          `zstd-codec (WASM) L3, 48 x 1 MiB: ${mib(wsize)} MiB, compress ${
            wc.toFixed(0)
          } ms, decompress ${wd.toFixed(0)} ms`,
        );
        done();
      },
    )
  );
}
