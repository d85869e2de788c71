/**
 * Record/replay: a recorded run re-executes with the same output, exit status,
 * instruction count and digest from its log alone; the log reads back the
 * inputs the host gave; a log cut anywhere (at every record boundary and in
 * the middle of records, also by SIGKILL of a recording CLI) replays up to
 * its last complete record and then names the cut; damage and divergence are
 * typed errors.
 * @module
 */

import assert from "node:assert/strict";
import {
  createMachine,
  digestHex,
  type MachineOptions,
  MemorySink,
  readReplayLog,
  replay,
  ReplayError,
  type ReplayLog,
  SnapshotError,
} from "../../mod.ts";
import { CapturedIO } from "../../lib/kernel/host.ts";
import { CODEC_STORED, FRAME_HEADER_SIZE, writeFrame } from "../../lib/checkpoint/container.ts";
import { cborEncode } from "../../lib/checkpoint/cbor.ts";
import {
  REPLAY_FORMAT_VERSION,
  REPLAY_MAGIC,
  REPLAY_PREAMBLE_SIZE,
} from "../../lib/checkpoint/replay_log.ts";
import { xxh32 } from "../../lib/checkpoint/xxhash32.ts";

interface GuestCase {
  name: string;
  binary: string;
  argv: string[];
  env: string[];
  stdin: string | null;
}

const dir = new URL("../guest/", import.meta.url);
const cases: GuestCase[] = JSON.parse(Deno.readTextFileSync(new URL("cases.json", dir)));
const byName = (name: string) => cases.find((c) => c.name === name)!;
const binary = (c: GuestCase) => Deno.readFileSync(new URL(`bin/${c.binary}`, dir));
const STDIN = Deno.readFileSync(new URL("input/stdin.txt", dir));
/** The first lines of the stdin suite's input, for runs that must stay short. */
const SHORT_STDIN = STDIN.subarray(0, STDIN.indexOf(10, 3000) + 1);

function options(c: GuestCase, stdin = c.stdin === null ? undefined : STDIN): MachineOptions {
  return { argv: c.argv, env: c.env, seed: 7, files: { [c.argv[0]]: binary(c) }, stdin };
}

/** A captured console whose stdin arrives in chunks of at most `chunk` bytes. */
class ChunkedIO extends CapturedIO {
  constructor(stdin: Uint8Array, private readonly chunk: number) {
    super(stdin);
  }
  override readStdin(max: number): Uint8Array {
    return super.readStdin(Math.min(max, this.chunk));
  }
}

/** Record `opts`; returns the log, the run's result and its final digest. */
function record(opts: MachineOptions) {
  const sink = new MemorySink();
  const m = createMachine({ ...opts, record: sink });
  const result = m.run();
  return { log: sink.bytes(), result, digest: digestHex(m.digest()) };
}

for (const name of ["stdin.glibc", "printf.musl", "traps-segv.pie", "sigframe.musl", "fpu.asm"]) {
  Deno.test(`replay: ${name} replays exactly from its recording`, () => {
    const rec = record(options(byName(name)));
    const r = replay(rec.log).run();
    assert.equal(r.status, rec.result.status);
    assert.equal(r.exitCode, rec.result.exitCode);
    assert.equal(r.instructions, rec.result.instructions);
    assert.equal(r.diagnostic, rec.result.diagnostic);
    assert.deepEqual(r.stdout, rec.result.stdout);
    assert.deepEqual(r.stderr, rec.result.stderr);
    assert.equal(digestHex(r.digest), rec.digest);
    assert.equal(r.matchesRecording, true);
    assert.equal(r.cut, null);
  });
}

Deno.test("replay: the log holds the options, each input with its instruction count, the end", () => {
  const c = byName("stdin.musl");
  const rec = record({
    ...options(c),
    env: ["A=1"],
    cwd: "/tmp",
    files: {
      [c.argv[0]]: binary(c),
      "/etc/motd": "hi",
    },
  });
  const log = readReplayLog(rec.log);
  assert.equal(log.version, REPLAY_FORMAT_VERSION);
  assert.equal(log.cut, null);
  const o = log.header.options;
  assert.deepEqual(o.argv, c.argv);
  assert.deepEqual(o.env, ["A=1"]);
  assert.equal(o.cwd, "/tmp");
  assert.equal(o.seed, 7);
  assert.equal(o.chaos, null);
  assert.deepEqual(o.files.map((f) => f.path), [c.argv[0], "/etc/motd"]);
  assert.deepEqual(o.files[0].data, binary(c));
  assert.deepEqual(o.files[1].data, new TextEncoder().encode("hi"));
  // Booting asks whether fds 0, 1 and 2 are terminals; the captured console says no.
  assert.deepEqual(
    log.inputs.slice(0, 3),
    [0, 1, 2].map((fd) => ({ kind: "tty", icount: 0, fd, tty: false })),
  );
  const stdin = log.inputs.filter((r) => r.kind === "stdin");
  const data = stdin.map((r) => r.data);
  assert.deepEqual(new Uint8Array(data.flatMap((d) => [...d])), STDIN);
  assert.equal(data.at(-1)!.length, 0, "end of file is an empty chunk");
  const counts = log.inputs.map((r) => r.icount);
  assert.deepEqual(counts, [...counts].sort((a, b) => a - b));
  assert.ok(stdin[0].icount > 0 && stdin.at(-1)!.icount < rec.result.instructions);
  assert.equal(log.end!.icount, rec.result.instructions);
  assert.equal(log.end!.exitCode, 0);
  assert.equal(log.end!.status, "exited");
  assert.equal(digestHex(log.end!.digest), rec.digest);
});

Deno.test("replay: equal runs give byte-identical logs; another seed another end digest", () => {
  const c = byName("printf.glibc");
  const a = record(options(c)), b = record(options(c));
  assert.deepEqual(a.log, b.log);
  const other = record({ ...options(c), seed: 8 });
  assert.notEqual(digestHex(readReplayLog(other.log).end!.digest), a.digest);
});

Deno.test("replay: --until style stops are exact and agree with the recorded run", () => {
  const c = byName("stdin.pie");
  const rec = record(options(c));
  for (const n of [1, 1000, 250_001, rec.result.instructions - 1]) {
    const m = createMachine(options(c));
    assert.equal(m.run(n).instructions, n);
    const r = replay(rec.log).run(n);
    assert.equal(r.status, "running");
    assert.equal(r.instructions, n);
    assert.equal(r.matchesRecording, null);
    assert.equal(digestHex(r.digest), digestHex(m.digest()), `at ${n}`);
  }
});

/** Byte offsets where frames end: after the header, after each initial file, after each record. */
function frameEnds(log: Uint8Array): number[] {
  const dv = new DataView(log.buffer, log.byteOffset);
  const out: number[] = [];
  for (let p = REPLAY_PREAMBLE_SIZE; p < log.length;) {
    p += FRAME_HEADER_SIZE + ((dv.getUint32(p, true) + 7) & ~7);
    out.push(p);
  }
  return out;
}

/** Byte offsets where records start (after the header and its `files` file frames), and the end. */
function recordBoundaries(log: Uint8Array, files = 1): number[] {
  return frameEnds(log).slice(files);
}

/** The same log in format version 1: the initial files' bytes inline in the header. */
function asVersion1(log: Uint8Array): Uint8Array {
  const v2 = readReplayLog(log);
  const o = v2.header.options;
  const raw = cborEncode({
    linuxvm: v2.header.linuxvm,
    options: { ...o, files: o.files.map((f) => ({ path: f.path, data: f.data })) },
  });
  const records = log.subarray(recordBoundaries(log, o.files.length)[0]);
  const head = REPLAY_PREAMBLE_SIZE + FRAME_HEADER_SIZE + ((raw.length + 7) & ~7);
  const out = new Uint8Array(head + records.length);
  out.set(REPLAY_MAGIC, 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(8, 1, true);
  dv.setUint32(12, xxh32(out.subarray(0, 12)), true);
  writeFrame(out, REPLAY_PREAMBLE_SIZE, {
    codec: CODEC_STORED,
    rawLength: raw.length,
    stored: raw,
  });
  out.set(records, head);
  return out;
}

Deno.test("replay: a format version 1 log (files inside the header) still reads and replays", () => {
  const c = byName("stdin.musl");
  const rec = record(options(c));
  const v1 = asVersion1(rec.log);
  const a = readReplayLog(rec.log), b = readReplayLog(v1);
  assert.equal(b.version, 1);
  assert.deepEqual(b.header, a.header);
  assert.deepEqual(b.inputs, a.inputs);
  assert.deepEqual(b.end, a.end);
  const r = replay(v1).run();
  assert.equal(r.matchesRecording, true);
  assert.deepEqual(r.stdout, rec.result.stdout);
});

Deno.test("replay: a log cut inside an initial file's frame is a truncated header", () => {
  const rec = record(options(byName("stdin.musl")));
  const [header, file] = frameEnds(rec.log);
  for (const at of [header, header + 7, header + FRAME_HEADER_SIZE, file - 1]) {
    assert.throws(
      () => readReplayLog(rec.log.subarray(0, at)),
      (e) =>
        e instanceof SnapshotError && e.kind === "truncated" && /header file 0/.test(e.message),
      `cut at ${at}`,
    );
  }
  const bad = rec.log.slice();
  bad[header + FRAME_HEADER_SIZE + 100] ^= 1;
  assert.throws(
    () => readReplayLog(bad),
    (e) => e instanceof SnapshotError && e.kind === "checksum",
  );
});

Deno.test("replay: a log cut at any record boundary or inside any record replays up to the cut", () => {
  const c = byName("stdin.musl");
  const opts = options(c, undefined);
  const rec = record({ ...opts, host: new ChunkedIO(SHORT_STDIN, 300) });
  const full = rec.result;
  const want = createMachine({ ...opts, stdin: SHORT_STDIN }).run();
  assert.equal(full.exitCode, 0);
  const all = readReplayLog(rec.log);
  const bounds = recordBoundaries(rec.log); // after the header, after record 0, ...
  assert.equal(bounds.length, all.inputs.length + 2);
  assert.ok(all.inputs.length > 12, `${all.inputs.length} records`);
  const cuts: { at: number; complete: number }[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i], next = bounds[i + 1];
    cuts.push({ at: start, complete: i });
    for (
      const at of [start + 1, start + FRAME_HEADER_SIZE - 1, start + FRAME_HEADER_SIZE, next - 1]
    ) {
      cuts.push({ at, complete: i });
    }
  }
  for (const { at, complete } of cuts) {
    const where = `cut at byte ${at}`;
    const log = readReplayLog(rec.log.subarray(0, at));
    assert.ok(log.cut instanceof SnapshotError, where);
    assert.equal(log.cut.kind, "truncated", where);
    assert.equal(log.end, null, where);
    assert.deepEqual(log.inputs, all.inputs.slice(0, complete), where);
    if (at === bounds[complete]) assert.match(log.cut.message, /after \d+ records without an end/);
    else {assert.match(
        log.cut.message,
        new RegExp(`record ${complete} at byte ${bounds[complete]} is incomplete`),
      );}
    if (complete === all.inputs.length) {
      // Only the end record is missing: every input is there, so the run completes.
      const r = replay(log).run();
      assert.equal(r.status, "exited", where);
      assert.equal(r.matchesRecording, null, where);
      assert.deepEqual(r.stdout, want.stdout, where);
      continue;
    }
    if (complete < 3) {
      // The machine asks about its terminal while booting: it cannot even be built.
      assert.throws(() => replay(log), (e) => e instanceof ReplayError && e.kind === "cut", where);
      continue;
    }
    const rp = replay(log);
    const r = rp.run();
    assert.equal(r.status, "cut", where);
    assert.match(r.cut!, /past the last complete record: truncated: /, where);
    const missing = all.inputs[complete];
    assert.ok(r.instructions >= all.inputs[complete - 1].icount, where);
    assert.ok(r.instructions <= missing.icount, where);
    if (missing.kind === "stdin") assert.equal(r.instructions, missing.icount, where);
    assert.deepEqual(r.stdout, want.stdout.subarray(0, r.stdout.length), where);
    assert.throws(() => rp.run(), /stopped at the end of a cut recording/, where);
  }
  // The whole log still replays to the end.
  const r = replay(rec.log).run();
  assert.equal(r.matchesRecording, true);
  assert.deepEqual(r.stdout, want.stdout);
});

Deno.test("replay: damaged records stop the log at the last good record", () => {
  const c = byName("stdin.musl");
  const rec = record({ ...options(c, undefined), host: new ChunkedIO(SHORT_STDIN, 1000) });
  const bounds = recordBoundaries(rec.log);
  const k = 5;
  const bad = rec.log.slice();
  bad[bounds[k] + FRAME_HEADER_SIZE + 2] ^= 0x10; // inside record k's stored bytes
  const log = readReplayLog(bad);
  assert.equal(log.cut?.kind, "checksum");
  assert.match(log.cut!.message, new RegExp(`record ${k} at byte ${bounds[k]} checksum`));
  assert.equal(log.inputs.length, k);
  assert.equal(replay(log).run().status, "cut");
});

Deno.test("replay: bad magic, version, preamble and header are typed errors", () => {
  const rec = record(options(byName("fpu.asm")));
  const kind = (bytes: Uint8Array) => {
    try {
      readReplayLog(bytes);
    } catch (e) {
      assert.ok(e instanceof SnapshotError, String(e));
      return e.kind;
    }
    return "ok";
  };
  assert.equal(kind(rec.log), "ok");
  assert.equal(kind(new TextEncoder().encode("#!/bin/sh\n")), "bad-magic");
  assert.equal(kind(rec.log.subarray(0, 5)), "truncated");
  assert.equal(kind(rec.log.subarray(0, 40)), "truncated");
  const flip = (i: number) => {
    const b = rec.log.slice();
    b[i] ^= 1;
    return b;
  };
  assert.equal(kind(flip(0)), "bad-magic");
  assert.equal(kind(flip(9)), "checksum");
  assert.equal(kind(flip(REPLAY_PREAMBLE_SIZE + FRAME_HEADER_SIZE + 3)), "checksum");
  const next = rec.log.slice();
  const dv = new DataView(next.buffer);
  dv.setUint32(8, REPLAY_FORMAT_VERSION + 1, true);
  dv.setUint32(12, xxh32(next.subarray(0, 12)), true);
  assert.equal(kind(next), "unknown-version");
  // A snapshot is not a replay log.
  assert.equal(kind(Uint8Array.of(0x89, 0x4c, 0x56, 0x4d, 0x0d, 0x0a, 0x1a, 0x0a)), "bad-magic");
});

Deno.test("replay: a machine that asks for something else than the recording is a divergence", () => {
  const rec = record(options(byName("stdin.glibc")));
  const log = readReplayLog(rec.log);
  const first = log.inputs.findIndex((r) => r.kind === "stdin");
  const shifted: ReplayLog = {
    ...log,
    inputs: log.inputs.map((r, i) => (i === first ? { ...r, icount: r.icount + 1 } : r)),
  };
  assert.throws(
    () => replay(shifted).run(),
    (e) =>
      e instanceof ReplayError && e.kind === "diverged" &&
      /the recording has stdin/.test(e.message),
  );
  const short: ReplayLog = { ...log, inputs: log.inputs.slice(0, first) };
  assert.throws(
    () => replay(short).run(),
    (e) => e instanceof ReplayError && e.kind === "diverged" && /no more inputs/.test(e.message),
  );
  const tty: ReplayLog = {
    ...log,
    inputs: log.inputs.map((r, i) => (i === 1 ? { ...r, fd: 2 } : r)),
  };
  assert.throws(() => replay(tty), (e) => e instanceof ReplayError && e.kind === "diverged");
});

Deno.test("replay: a changed end record is reported as a mismatch", () => {
  const rec = record(options(byName("fpu.asm")));
  const log = readReplayLog(rec.log);
  const digest = log.end!.digest.slice();
  digest[0] ^= 1;
  const r = replay({ ...log, end: { ...log.end!, digest } }).run();
  assert.equal(r.matchesRecording, false);
});

const CLI = new URL("../../cli.ts", import.meta.url).pathname;
const DENO = Deno.execPath();

async function cli(args: string[], stdin: Uint8Array | null) {
  const child = new Deno.Command(DENO, {
    args: ["run", "--allow-read", "--allow-write", "--allow-env", CLI, ...args],
    stdin: stdin === null ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== null) {
    const w = child.stdin.getWriter();
    await w.write(stdin);
    await w.close();
  }
  const out = await child.output();
  return { code: out.code, stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("replay: the CLI records a run and replays it byte for byte with no stdin", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const prog = new URL("bin/stdin.pie", dir).pathname;
    const file = `${tmp}/run.lvmr`;
    const rec = await cli(["--record", file, prog], STDIN);
    assert.equal(rec.code, 0, rec.stderr);
    const want = createMachine({
      argv: [prog],
      program: prog,
      files: { [prog]: binary(byName("stdin.pie")) },
      stdin: STDIN,
    }).run();
    assert.deepEqual(rec.stdout, want.stdout);
    const rep = await cli(["replay", file], null);
    assert.equal(rep.code, 0, rep.stderr);
    assert.deepEqual(rep.stdout, rec.stdout);
    const end = readReplayLog(Deno.readFileSync(file)).end!;
    assert.equal(
      rep.stderr,
      rec.stderr + `linuxvm: digest ${digestHex(end.digest)} at instruction ${end.icount}\n`,
    );
    const until = await cli(["replay", "--until", "123456", file], null);
    assert.equal(until.code, 0);
    assert.match(until.stderr, /^linuxvm: digest [0-9a-f]{64} at instruction 123456\n$/);
    const bad = await cli(["replay", `${tmp}/missing.lvmr`], null);
    assert.equal(bad.code, 2);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("replay: a recording CLI killed with SIGKILL leaves a log that replays up to the kill", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const prog = new URL("bin/stdin.musl", dir).pathname;
    const file = `${tmp}/run.lvmr`;
    const child = new Deno.Command(DENO, {
      args: ["run", "--allow-read", "--allow-write", "--allow-env", CLI, "--record", file, prog],
      stdin: "piped",
      stdout: "null",
      stderr: "null",
    }).spawn();
    const w = child.stdin.getWriter();
    await w.write(SHORT_STDIN.subarray(0, 2000));
    // Wait until the first stdin chunk is in the log (the guest then waits for more).
    const deadline = Date.now() + 60_000;
    for (;;) {
      let log: ReplayLog | null = null;
      try {
        log = readReplayLog(Deno.readFileSync(file));
      } catch { /* not written yet */ }
      if (log?.inputs.some((r) => r.kind === "stdin")) break;
      assert.ok(Date.now() < deadline, "the recording never logged stdin");
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGKILL");
    assert.equal((await child.status).signal, "SIGKILL");
    await w.close().catch(() => {});
    const log = readReplayLog(Deno.readFileSync(file));
    assert.equal(log.end, null);
    assert.equal(log.cut?.kind, "truncated");
    const r = replay(log).run();
    assert.equal(r.status, "cut");
    const stdinRecords = log.inputs.filter((x) => x.kind === "stdin");
    assert.ok(r.instructions >= stdinRecords.at(-1)!.icount);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});
