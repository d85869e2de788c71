/**
 * Whole-machine snapshots and forks beyond the guest-suite round trips
 * (tests/snapshot_test.ts): host file verification, refusing state that is
 * not data, damaged graphs, and forks that are independent of each other.
 * @module
 */

import assert from "node:assert/strict";
import { Machine } from "../../lib/machine.ts";
import { digestHex } from "../../lib/checkpoint/digest.ts";
import { readMachineSnapshot } from "../../lib/checkpoint/machine_snapshot.ts";
import KERNEL_SCHEMA from "../../lib/checkpoint/kernel_schema.json" with { type: "json" };
import {
  errorOf,
  forged,
  machineAllowed,
  machineOutcome,
  randomCase,
  Rng,
  sampleMachineSnapshot,
  sampleSnapshot as sampleBare,
} from "../../tools/fuzz_snapshot.ts";
import { bootGuest, GUEST_BUDGET, guestCase } from "../guest_cases.ts";
import { fieldLists } from "../../tools/gen_kernel_schema.ts";

Deno.test("machine snapshot: a changed host file the run read is named at restore", () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${dir}/input.txt`, "first version\n");
    Deno.writeTextFileSync(`${dir}/unread.txt`, "never read\n");
    const m = bootGuest(guestCase("printf.musl"), {
      mounts: [{ host: dir, guest: "/data", writable: false }],
    });
    m.run(1000);
    assert.equal(
      new TextDecoder().decode(m.kernel.readFile("/data/input.txt")!),
      "first version\n",
    );
    const snap = m.snapshot();
    Deno.writeTextFileSync(`${dir}/unread.txt`, "changed, but the run never read it\n");
    assert.ok(Machine.restore(snap));
    Deno.writeTextFileSync(`${dir}/input.txt`, "second version\n");
    const e = errorOf(() => Machine.restore(snap));
    assert.equal(e.kind, "host-changed");
    assert.match(e.message, /input\.txt has changed/);
    Deno.removeSync(`${dir}/input.txt`);
    assert.match(errorOf(() => Machine.restore(snap)).message, /input\.txt is gone/);
    Deno.writeTextFileSync(`${dir}/input.txt`, "first version\n");
    const r = Machine.restore(snap).run(GUEST_BUDGET);
    assert.equal(r.status, "exited");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("machine snapshot: state that is not data is refused with its path", () => {
  const m = bootGuest(guestCase("printf.musl"));
  m.run(1000);
  (m.process as unknown as { extra: unknown }).extra = () => 0;
  const e = errorOf(() => m.snapshot());
  assert.equal(e.kind, "invalid-state");
  assert.match(e.message, /root\.process\.extra is a function/);
  (m.process as unknown as { extra: unknown }).extra = new (class Hidden {})();
  assert.match(errorOf(() => m.snapshot()).message, /unregistered class Hidden/);
});

Deno.test("machine snapshot: a bare CPU+memory image is not a machine", () => {
  const e = errorOf(() => readMachineSnapshot(sampleBare()));
  assert.equal(e.kind, "corrupt");
  assert.match(e.message, /bare CPU and memory image/);
});

Deno.test("machine snapshot: 2,500 damaged images are typed errors, never a crash", () => {
  // Truncations, bit flips, bursts and re-checksummed damage (forged CBOR and values).
  const base = sampleMachineSnapshot();
  const rng = new Rng(77);
  const seen = new Map<string, number>();
  for (let i = 0; i < 2500; i++) {
    const c = i < 500 ? forged(base, rng) : randomCase(base, rng);
    const got = machineOutcome(c.bytes);
    seen.set(got, (seen.get(got) ?? 0) + 1);
    assert.ok(machineAllowed(c).includes(got), `${c.what}: ${got}`);
  }
  assert.ok((seen.get("corrupt") ?? 0) > 400, JSON.stringify([...seen]));
});

Deno.test("machine fork: forks run on independently, each like the uninterrupted run", () => {
  const c = guestCase("procs.glibc");
  const want = bootGuest(c).run(GUEST_BUDGET);
  const m = bootGuest(c);
  const half = Math.floor(want.instructions / 2);
  const first = m.run(half);
  const before = digestHex(m.digest());
  const a = m.fork(), b = m.fork({ engine: "interp" });
  assert.equal(digestHex(a.digest()), before);
  const ra = a.run(GUEST_BUDGET);
  assert.equal(digestHex(m.digest()), before, "running a fork leaves the original alone");
  const rb = b.run(GUEST_BUDGET);
  const rm = m.run(GUEST_BUDGET);
  for (const [r, out] of [[ra, ra.stdout], [rb, rb.stdout]] as const) {
    assert.equal(r.exitCode, want.exitCode);
    assert.equal(r.instructions, want.instructions);
    assert.deepEqual(out, want.stdout.subarray(first.stdout.length));
  }
  assert.deepEqual(rm.stdout, want.stdout);
  assert.equal(digestHex(a.digest()), digestHex(m.digest()));
  assert.equal(digestHex(b.digest()), digestHex(m.digest()));
});

Deno.test("machine fork: memory written by one is unchanged in the other", () => {
  const m = bootGuest(guestCase("malloc.musl"));
  m.run(200_000);
  const f = m.fork();
  const mem = m.process.mem, fmem = f.process.mem;
  const vpn = [...mem.pages.keys()].find((v) => mem.pages.get(v)!.prot & 2)!;
  const addr = vpn * 4096;
  const old = mem.read8(addr);
  fmem.write8(addr, old ^ 0xff);
  assert.equal(mem.read8(addr), old);
  assert.equal(fmem.read8(addr), old ^ 0xff);
  const next = mem.read8(addr + 1);
  mem.write8(addr + 1, next ^ 0xa5);
  assert.equal(fmem.read8(addr + 1), next);
  assert.equal(mem.read8(addr + 1), next ^ 0xa5);
});

Deno.test("machine snapshot: kernel classes have the fields of kernel_schema.json", () => {
  // If this fails, a kernel class changed its fields: run tools/gen_kernel_schema.ts (and add a
  // format version with a migration if older snapshots must keep loading).
  const m = bootGuest(guestCase("procs.glibc"));
  m.run(60_000);
  for (const [cls, keys] of fieldLists(m)) {
    assert.deepEqual(keys, (KERNEL_SCHEMA.classes as Record<string, string[]>)[cls], cls);
  }
});

Deno.test("machine snapshot: other kernel records are refused as another version", () => {
  const m = bootGuest(guestCase("printf.musl"));
  m.run(1000);
  (m.process as unknown as { extra: number }).extra = 1;
  const e = errorOf(() => Machine.restore(m.snapshot()));
  assert.equal(e.kind, "unknown-version");
  assert.match(e.message, /class Process has the fields/);
});

Deno.test("machine snapshot: a format version 2 file (committed) still restores and finishes", () => {
  // files.musl stopped halfway by the linuxvm of format version 2 (file pages inline in the graph).
  const old = Deno.readFileSync(new URL("../fixtures/machine_v2_files_musl.lvms", import.meta.url));
  assert.equal(new DataView(old.buffer, old.byteOffset).getUint32(8, true), 2);
  const c = guestCase("files.musl");
  const whole = bootGuest(c).run(GUEST_BUDGET);
  const at = readMachineSnapshot(old).icount;
  const before = bootGuest(c).run(at);
  const m = Machine.restore(old);
  const r = m.run(GUEST_BUDGET);
  assert.equal(r.status, "exited");
  assert.equal(r.exitCode, whole.exitCode);
  assert.equal(r.instructions, whole.instructions);
  assert.ok(r.stdout.length > 0, "the second half prints something");
  assert.deepEqual(r.stdout, whole.stdout.subarray(before.stdout.length));
  // (Its final digest is not a fresh run's: since format version 4 a booted machine also has
  // /dev/tty, /dev/ptmx and devpts on /dev/pts, which a migrated older machine lacks.)
});

/** Every page of a MAP_SHARED file mapping of `m` with the file page it must be a view of. */
function sharedFilePages(m: Machine): [Uint8Array, Uint8Array][] {
  const out: [Uint8Array, Uint8Array][] = [];
  for (const p of m.kernel.vfs.procs.values()) {
    for (const v of p.mem.vmas) {
      if (v.file === null || (v.flags & 1) === 0) continue;
      for (let a = v.start; a < v.end; a += 4096) {
        const page = p.mem.pages.get(a / 4096);
        const data = v.file.pages!.get((v.offset + a - v.start) / 4096);
        if (page !== undefined) out.push([page.data, data!]);
      }
    }
  }
  return out;
}

Deno.test("machine snapshot and fork: MAP_SHARED file pages stay views of the file's pages", () => {
  const m = bootGuest(guestCase("mmapfile.musl"));
  while (sharedFilePages(m).length < 2) m.run(2_000);
  const same = (a: Uint8Array, b: Uint8Array) =>
    a.buffer === b.buffer && a.byteOffset === b.byteOffset;
  for (const [page, file] of sharedFilePages(m)) assert.ok(same(page, file));
  const r = Machine.restore(m.snapshot());
  const f = m.fork();
  for (const copy of [r, f]) {
    const pages = sharedFilePages(copy);
    assert.equal(pages.length, sharedFilePages(m).length);
    for (const [page, file] of pages) {
      assert.ok(same(page, file), "a mapping page shows the file's bytes");
      assert.ok(!sharedFilePages(m).some(([o]) => o.buffer === page.buffer), "not the origin's");
    }
  }
  const done = m.run(GUEST_BUDGET).stdout;
  for (const copy of [r, f]) {
    const rest = copy.run(GUEST_BUDGET).stdout;
    assert.deepEqual(
      rest,
      done.subarray(done.length - rest.length),
      "it runs on like the original",
    );
    assert.equal(digestHex(copy.digest()), digestHex(m.digest()));
  }
});
