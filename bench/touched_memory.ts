/**
 * A deterministic address space with 64 MiB of touched pages, for the
 * snapshot and fork benchmarks: real x86 code (the guest test binaries),
 * 48 MiB of heap built like a malloc arena (see `fillHeap` for the mix) and
 * 16 MiB of touched pages that stayed zero.
 * @module
 */

import { Cpu } from "../lib/exec/cpu.ts";
import { Memory, PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE } from "../lib/exec/memory.ts";

const MiB = 1 << 20;
/** Where the code and the heap are. */
export const CODE = 0x400000, HEAP = 0x555555559000;
const HEAP_SIZE = 48 * MiB, ZERO_SIZE = 16 * MiB;
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
