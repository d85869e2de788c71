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

import { Cpu } from "../lib/exec/cpu.ts";
import { Memory, PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE } from "../lib/exec/memory.ts";
import { stateDigest } from "../lib/checkpoint/digest.ts";
import { readSnapshot, writeSnapshot } from "../lib/checkpoint/snapshot.ts";
import { SNAPSHOT_ZSTD_LEVEL } from "../lib/checkpoint/zstd.ts";
import { constants, zstdCompressSync, zstdDecompressSync } from "node:zlib";

const MiB = 1 << 20;
const CODE = 0x400000, HEAP = 0x555555559000, HEAP_SIZE = 48 * MiB, ZERO_SIZE = 16 * MiB;
const WORDS = ("the of and to in is you that it he was for on are as with his they at be this " +
  "have from or one had by word but not what all were we when your can said there use an each " +
  "which she do how their if will up other about out many then them these so some her would " +
  "make like him into time has look two more write go see number no way could people my than " +
  "first water been call who its now find long down day did get come made may part").split(" ");

/** xorshift32, so the data is the same on every machine. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

/**
 * A heap like a malloc arena: chunks of 16 B to 4 KiB, each with a size word,
 * holding by chunk 40% structs (heap pointers, small ints, zeros), 20% text,
 * 20% doubles of a random walk, 10% increasing int32 arrays, 10% random bytes
 * (hashes, compressed data).
 */
function fillHeap(out: Uint8Array): void {
  const r = rng(0x9e3779b9);
  const dv = new DataView(out.buffer);
  const enc = new TextEncoder();
  let p = 0;
  while (p < out.length - 8192) {
    const size = (16 + (r() % 8 === 0 ? r() % 4000 : r() % 240)) & ~15;
    dv.setUint32(p, size | 1, true);
    p += 8;
    const end = p + size;
    const kind = r() % 10;
    if (kind < 4) {
      for (; p + 8 <= end; p += 8) {
        const f = r() % 4;
        if (f === 0) dv.setUint32(p, 0x55560000 + (r() % 0x400000 & ~15), true);
        if (f === 0) dv.setUint32(p + 4, 0x5555, true);
        else if (f === 1) dv.setUint32(p, r() % 1000, true);
        else if (f === 2) dv.setBigInt64(p, BigInt(-(r() % 100)), true);
      }
    } else if (kind < 6) {
      while (p < end) {
        const w = enc.encode(WORDS[r() % WORDS.length] + " ");
        out.set(w.subarray(0, end - p), p);
        p += w.length;
      }
    } else if (kind < 8) {
      let x = r() / 1e6;
      for (; p + 8 <= end; p += 8) dv.setFloat64(p, x += r() / 4294967296 - 0.5, true);
    } else if (kind < 9) {
      let v = r() % 100;
      for (; p + 4 <= end; p += 4) dv.setUint32(p, v += r() % 16, true);
    } else {
      for (; p + 4 <= end; p += 4) dv.setUint32(p, r(), true);
    }
    p = (end + 15) & ~15;
  }
}

/** The code image: the guest test binaries, back to back. */
function codeImage(): Uint8Array {
  const dir = new URL("../tests/guest/bin/", import.meta.url);
  const parts = ["math.glibc", "math.musl", "fpu.asm"].map((f) =>
    Deno.readFileSync(new URL(f, dir))
  );
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((o, p) => (out.set(p, o), o + p.length), 0);
  return out;
}

/** A CPU and an address space with 64 MiB of touched pages. */
export function touched64(): { cpu: Cpu; mem: Memory } {
  const mem = new Memory();
  const code = codeImage();
  const codeLen = Math.ceil(code.length / PAGE_SIZE) * PAGE_SIZE;
  mem.map(CODE, codeLen, PROT_READ | PROT_EXEC, 2, "/bin/prog");
  mem.writeBytes(CODE, code, true);
  const heap = new Uint8Array(HEAP_SIZE - codeLen);
  fillHeap(heap);
  mem.map(HEAP, heap.length + ZERO_SIZE, PROT_READ | PROT_WRITE, 0x22, "[heap]");
  mem.writeBytes(HEAP, heap);
  for (let a = HEAP + heap.length; a < HEAP + heap.length + ZERO_SIZE; a += PAGE_SIZE) {
    mem.read8(a);
  }
  const cpu = new Cpu();
  cpu.rip = CODE + 0x1000;
  cpu.icount = 5_000_000_000;
  return { cpu, mem };
}

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
