/**
 * Whole-machine snapshots of every guest test program: taken at 5 evenly
 * spaced instruction counts (and, for programs that read stdin, while the
 * program is blocked in a read of a host stdin with nothing in it yet),
 * restored in a fresh process (tests/snapshot_child.ts) and run to the end,
 * they give the stdout, stderr, exit status, instruction count and final
 * state digest of the uninterrupted run. Snapshots are taken under the
 * translator and resumed alternately under the interpreter and the translator.
 * @module
 */

import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { Machine } from "../lib/machine.ts";
import { digestHex } from "../lib/checkpoint/digest.ts";
import type { HostIO } from "../lib/kernel/host.ts";
import { bootGuest, GUEST_BUDGET, GUEST_CASES, GUEST_DIR, guestStdin } from "./guest_cases.ts";
import type { ResumeJob, ResumeResult } from "./snapshot_child.ts";

/** A host whose stdin has nothing until `feed`: reads of it block, and the machine stops "waiting". */
class LateStdin implements HostIO {
  private data: Uint8Array | null = null;
  private pos = 0;
  readonly out: Uint8Array[] = [];
  readonly err: Uint8Array[] = [];
  feed(data: Uint8Array): void {
    this.data = data;
  }
  stdinReady(): boolean {
    return this.data !== null;
  }
  readStdin(max: number): Uint8Array {
    const b = this.data!.slice(this.pos, this.pos + max);
    this.pos += b.length;
    return b;
  }
  writeStdout(b: Uint8Array): void {
    this.out.push(b.slice());
  }
  writeStderr(b: Uint8Array): void {
    this.err.push(b.slice());
  }
  isTerminal(): boolean {
    return false;
  }
  terminalSize(): [number, number] {
    return [24, 80];
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** What a resumed run must reproduce, and the output it already had at the stop. */
interface Expectation {
  where: string;
  stdoutBefore: number;
  stderrBefore: number;
}

async function resumeInChild(jobs: ResumeJob[]): Promise<ResumeResult[]> {
  const file = Deno.makeTempFileSync({ suffix: ".json" });
  Deno.writeTextFileSync(file, JSON.stringify(jobs));
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./snapshot_child.ts", import.meta.url).pathname, file],
    stdout: "piped",
    stderr: "piped",
  }).output();
  Deno.removeSync(file);
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

for (const c of GUEST_CASES) {
  Deno.test(`snapshot: ${c.name} restored in a fresh process continues exactly`, async () => {
    const ref = bootGuest(c);
    const want = ref.run(GUEST_BUDGET);
    assert.ok(want.status === "exited" || want.status === "signaled", want.status);
    const wantDigest = digestHex(ref.digest());

    const tmp = Deno.makeTempDirSync();
    const stdinPath = c.stdin === null ? null : new URL(c.stdin, GUEST_DIR).pathname;
    const jobs: ResumeJob[] = [];
    const expect: Expectation[] = [];
    const m = bootGuest(c);
    for (let k = 1; k <= 5; k++) {
      const at = Math.floor((want.instructions * k) / 6);
      const r = m.run(at - m.kernel.retired);
      assert.equal(r.instructions, at);
      const snapshot = `${tmp}/${k}.lvms`;
      Deno.writeFileSync(snapshot, m.snapshot());
      jobs.push({
        snapshot,
        stdin: stdinPath,
        stdinFrom: m.stdinConsumed(),
        engine: k % 2 ? "interp" : "jit",
      });
      expect.push({
        where: `at ${at}`,
        stdoutBefore: r.stdout.length,
        stderrBefore: r.stderr.length,
      });
    }
    if (c.stdin !== null) {
      const host = new LateStdin();
      const w = bootGuest(c, { host });
      const r = w.run(GUEST_BUDGET);
      assert.equal(r.status, "waiting", "a read of an empty host stdin stops the machine");
      const blocked = [...w.kernel.threads.values()].filter((t) => t.wait?.kind === "stdin");
      assert.equal(blocked.length, 1, "one thread waits in a read of stdin");
      const snapshot = `${tmp}/blocked.lvms`;
      Deno.writeFileSync(snapshot, w.snapshot());
      jobs.push({ snapshot, stdin: stdinPath, stdinFrom: 0, engine: "jit" });
      expect.push({
        where: `blocked in read at ${r.instructions}`,
        stdoutBefore: concat(host.out).length,
        stderrBefore: concat(host.err).length,
      });
      // The machine that stopped goes on too, once its input arrives.
      host.feed(guestStdin(c)!);
      const rest = w.run(GUEST_BUDGET);
      assert.equal(rest.instructions, want.instructions);
      assert.deepEqual(concat(host.out), want.stdout);
    }
    const results = await resumeInChild(jobs);
    Deno.removeSync(tmp, { recursive: true });
    results.forEach((got, i) => {
      const e = expect[i], where = `${c.name} resumed from the snapshot ${e.where}`;
      assert.equal(got.status, want.status, where);
      assert.equal(got.exitCode, want.exitCode, where);
      assert.equal(got.instructions, want.instructions, where);
      assert.deepEqual(
        Buffer.from(got.stdout, "base64"),
        Buffer.from(want.stdout.subarray(e.stdoutBefore)),
        where,
      );
      assert.deepEqual(
        Buffer.from(got.stderr, "base64"),
        Buffer.from(want.stderr.subarray(e.stderrBefore)),
        where,
      );
      assert.equal(got.digest, wantDigest, where);
    });
  });
}

Deno.test("snapshot: a restored machine has the digest of the saved one, and of its fork", () => {
  const c = GUEST_CASES.find((x) => x.name === "procs.glibc")!;
  const m = bootGuest(c);
  m.run(60_000);
  const d = digestHex(m.digest());
  assert.equal(digestHex(Machine.restore(m.snapshot()).digest()), d);
  assert.equal(digestHex(m.fork().digest()), d);
  assert.equal(digestHex(m.digest()), d, "forking leaves the original as it was");
});
