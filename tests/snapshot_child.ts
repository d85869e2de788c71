/**
 * Restores machine snapshots in a process of its own (the snapshot test runs
 * it so that nothing of the saving process can leak into the restored run)
 * and runs each to the end.
 *
 *     deno run -A tests/snapshot_child.ts JOBS.json
 *
 * JOBS.json lists `{ snapshot, stdin, stdinFrom, engine }` (snapshot and stdin
 * are file paths; the restored machine reads stdin from byte `stdinFrom` on);
 * the results go to stdout as a JSON list of `{ status, exitCode,
 * instructions, stdout, stderr, digest }`, outputs in base64.
 * @module
 */

import { Buffer } from "node:buffer";
import { Machine } from "../lib/machine.ts";
import { digestHex } from "../lib/checkpoint/digest.ts";

/** One snapshot to continue. */
export interface ResumeJob {
  snapshot: string;
  stdin: string | null;
  stdinFrom: number;
  engine: "jit" | "interp";
}

/** How it ended. */
export interface ResumeResult {
  status: string;
  exitCode: number;
  instructions: number;
  stdout: string;
  stderr: string;
  digest: string;
}

if (import.meta.main) {
  const jobs: ResumeJob[] = JSON.parse(Deno.readTextFileSync(Deno.args[0]));
  const results: ResumeResult[] = jobs.map((j) => {
    const m = Machine.restore(Deno.readFileSync(j.snapshot), {
      stdin: j.stdin === null ? undefined : Deno.readFileSync(j.stdin).subarray(j.stdinFrom),
      engine: j.engine,
    });
    const r = m.run(500_000_000);
    return {
      status: r.status,
      exitCode: r.exitCode,
      instructions: r.instructions,
      stdout: Buffer.from(r.stdout).toString("base64"),
      stderr: Buffer.from(r.stderr).toString("base64"),
      digest: digestHex(m.digest()),
    };
  });
  console.log(JSON.stringify(results));
}
