/**
 * Recording overhead (issue 3 target: at most 10% over a plain run): busybox
 * md5sum over random stdin, plain and recording to a file, with stdin served
 * the way the CLI's terminal host serves it (64 KiB reads, made only when
 * every guest thread waits).
 *
 *     deno bench --allow-read --allow-write bench/record_bench.ts     1 MiB, deno bench
 *     deno run --allow-read --allow-write bench/record_bench.ts       5 MB, 21 interleaved rounds
 *
 * Needs /bin/busybox (Debian busybox-static).
 * @module
 */

import { createMachine, FileSink } from "../mod.ts";
import type { HostIO } from "../lib/kernel/host.ts";

const BUSYBOX = "/bin/busybox";

/**
 * The CLI's stdin behaviour over fixed bytes (lib/terminal_io.ts): nothing is
 * ready until the machine stops "waiting" and `fill` takes the next 64 KiB,
 * as the terminal's blocking read would; output is dropped.
 */
class PipeIO implements HostIO {
  private pos = 0;
  private ahead: Uint8Array | null = null;
  constructor(private readonly data: Uint8Array) {}
  fill(): void {
    const n = Math.min(1 << 16, this.data.length - this.pos);
    this.ahead = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
  }
  stdinReady(): boolean {
    return this.ahead !== null;
  }
  readStdin(max: number): Uint8Array {
    const b = this.ahead!.subarray(0, max);
    this.ahead = b.length === this.ahead!.length ? null : this.ahead!.subarray(max);
    return b;
  }
  writeStdout(): void {}
  writeStderr(): void {}
  isTerminal(): boolean {
    return false;
  }
  terminalSize(): [number, number] {
    return [24, 80];
  }
}

/** Deterministic pseudo-random bytes (xorshift32). */
function input(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = 0x2545f491;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}

/** Run md5sum over `stdin`, recording to `logPath` when given; returns ms and instructions. */
function md5sum(program: Uint8Array, stdin: Uint8Array, logPath: string | null) {
  const t0 = performance.now();
  const io = new PipeIO(stdin);
  const m = createMachine({
    argv: [BUSYBOX, "md5sum"],
    files: { [BUSYBOX]: program },
    host: io,
    record: logPath === null ? undefined : new FileSink(logPath),
  });
  let r = m.run();
  while (r.status === "waiting") {
    io.fill();
    r = m.run();
  }
  if (r.exitCode !== 0) throw new Error(`md5sum exited ${r.exitCode}`);
  return { ms: performance.now() - t0, instructions: r.instructions };
}

const program = (() => {
  try {
    return Deno.readFileSync(BUSYBOX);
  } catch {
    return null;
  }
})();
const log = Deno.makeTempFileSync({ suffix: ".lvmr" });
const small = input(1 << 20);
const ignore = program === null;

Deno.bench("md5sum 1 MiB stdin, plain", { group: "record", baseline: true, ignore }, () => {
  md5sum(program!, small, null);
});
Deno.bench("md5sum 1 MiB stdin, recording to a file", { group: "record", ignore }, () => {
  md5sum(program!, small, log);
});

if (import.meta.main) {
  if (program === null) throw new Error(`${BUSYBOX} is needed (apt-get install busybox-static)`);
  const big = input(5_000_000);
  // Runs vary by ±20% here (translation and GC): many paired rounds, and the median of the pairs.
  const rounds = 21;
  const plain: number[] = [], rec: number[] = [];
  md5sum(program, big, null); // warm up the JIT of the interpreter
  for (let i = 0; i < rounds; i++) {
    plain.push(md5sum(program, big, null).ms);
    const r = md5sum(program, big, log);
    rec.push(r.ms);
    if (i === 0) {
      console.log(`${r.instructions} instructions, log ${Deno.statSync(log).size} bytes`);
    }
  }
  const min = (a: number[]) => Math.min(...a);
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  console.log(`plain     min ${min(plain).toFixed(0)} ms, median ${med(plain).toFixed(0)} ms`);
  console.log(`recording min ${min(rec).toFixed(0)} ms, median ${med(rec).toFixed(0)} ms`);
  const paired = med(rec.map((r, i) => r / plain[i]));
  console.log(
    `overhead  min ${((min(rec) / min(plain) - 1) * 100).toFixed(1)}%, ` +
      `median ${((med(rec) / med(plain) - 1) * 100).toFixed(1)}%, ` +
      `median of paired rounds ${((paired - 1) * 100).toFixed(1)}%`,
  );
  Deno.removeSync(log);
}
