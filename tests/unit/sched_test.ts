/**
 * The deterministic scheduler: fixed round-robin turns, the seeded chaos
 * schedule, virtual time jumping while every thread sleeps, and host stdin
 * read only when nothing else can run.
 */

import assert from "node:assert/strict";
import { Cpu, RSP, setReg64Num } from "../../lib/exec/cpu.ts";
import { createMachine, type HostIO, type Machine, type MachineOptions } from "../../mod.ts";
import { QUANTUM } from "../../lib/kernel/scheduler.ts";
import { Thread } from "../../lib/kernel/thread.ts";
import { ELF_BASE, ELF_HDR, hex, tinyElf } from "./tiny_elf.ts";

/**
 * Raw x86-64 code (nasm -f bin, position independent):
 *   0x00 sleeper: nanosleep({0, 1000000}) then exit_group(7)
 *   0x1c spin:    jmp spin
 *   0x1e reader:  n = read(0, buf, 16); write(1, buf, n); exit_group(n)
 */
const CODE = hex(
  "488d3d4900000031f6b8230000000f05bf07000000b8e70000000f05ebfe31ff488d3539000000ba100000" +
    "0031c00f054889c2bf01000000488d3521000000b8010000000f054889d7b8e70000000f05000000000000" +
    "000040420f000000000000000000000000000000000000000000",
);
const SLEEPER = 0x00, SPIN = 0x1c, READER = 0x1e;

/** A machine whose first thread starts at `entry`, plus threads of the same process at `more`. */
function boot(entry: number, more: number[], opts: Partial<MachineOptions> = {}): Machine {
  const m = createMachine({ argv: ["/t"], files: { "/t": tinyElf(CODE, entry) }, ...opts });
  const p = m.process;
  for (const at of more) {
    const cpu = new Cpu();
    cpu.rip = ELF_BASE + ELF_HDR + at;
    setReg64Num(cpu, RSP, 0x7ff000000000);
    const t = new Thread(m.kernel.nextPid++, p, cpu);
    p.threads.push(t);
    m.kernel.addThread(t);
  }
  return m;
}

function turns(m: Machine): number[] {
  return m.process.threads.map((t) => t.insns);
}

Deno.test("fixed schedule: QUANTUM-instruction turns in tid order, identical on every run", () => {
  const m = boot(SPIN, [SPIN, SPIN]);
  const r = m.run(3.5 * QUANTUM);
  assert.equal(r.status, "running");
  assert.equal(r.instructions, 3.5 * QUANTUM);
  assert.deepEqual(turns(m), [1.5 * QUANTUM, QUANTUM, QUANTUM]);
  // Running in small budgets does not change who runs when.
  const n = boot(SPIN, [SPIN, SPIN]);
  for (let i = 0; i < 35; i++) n.run(QUANTUM / 10);
  assert.deepEqual(turns(n), turns(m));
});

Deno.test("chaos schedule: reproducible for a seed, different across seeds", () => {
  const run = (seed: number) => {
    const m = boot(SPIN, [SPIN, SPIN], { schedule: { chaos: seed } });
    m.run(50_000);
    return turns(m);
  };
  const a = run(1);
  assert.deepEqual(run(1), a);
  assert.notDeepEqual(run(2), a);
  assert.equal(a.reduce((x, y) => x + y), 50_000);
  assert.ok(a.every((x) => x > 0 && x < 50_000), `every thread ran: ${a}`);
});

Deno.test("sleeping: other threads run meanwhile; virtual time jumps only when all sleep", () => {
  // Alone, the sleeper wakes after exactly 1 ms of virtual time without running anything.
  const alone = boot(SLEEPER, []);
  const r1 = alone.run();
  assert.equal(r1.exitCode, 7);
  assert.equal(r1.instructions, 7);
  assert.equal(alone.kernel.elapsedNs(), 1_000_007);
  assert.equal(alone.kernel.sleptNs, 1_000_000);
  // Beside a spinning thread, 1 ms of virtual time is 1M instructions of the spinner.
  const busy = boot(SLEEPER, [SPIN]);
  const r2 = busy.run();
  assert.equal(r2.exitCode, 7);
  assert.equal(busy.kernel.sleptNs, 0);
  assert.ok(r2.instructions >= 1_000_000 && r2.instructions < 1_000_000 + QUANTUM);
});

/**
 * A host whose stdin has nothing until the user "types" (`arrive`): it then
 * hands out `chunks` one read at a time, and counts reads.
 */
class SlowStdin implements HostIO {
  reads = 0;
  out: number[] = [];
  private here = false;
  constructor(private readonly chunks: string[]) {}
  arrive(): void {
    this.here = true;
  }
  stdinReady(): boolean {
    return this.here;
  }
  readStdin(): Uint8Array {
    this.reads++;
    return new TextEncoder().encode(this.chunks.shift() ?? "");
  }
  writeStdout(b: Uint8Array): void {
    this.out.push(...b);
  }
  writeStderr(): void {}
  isTerminal(): boolean {
    return false;
  }
  terminalSize(): [number, number] {
    return [24, 80];
  }
}

Deno.test("host stdin that may block is read only when no thread can run", () => {
  const host = new SlowStdin(["hello\n"]);
  const m = boot(READER, [SLEEPER], { host });
  // The reader blocked; the sleeper slept; with nothing runnable and nothing typed yet, the
  // machine stops for its host (before letting time jump), without reading.
  const r = m.run();
  assert.equal(r.status, "waiting");
  assert.equal(host.reads, 0);
  assert.equal(m.kernel.sleptNs, 0);
  assert.equal(m.run().status, "waiting", "still nothing typed");
  host.arrive();
  // Now the host is read at once, so the reader's exit_group(6) comes first.
  const r2 = m.run();
  assert.equal(host.reads, 1);
  assert.equal(r2.exitCode, 6);
  assert.equal(new TextDecoder().decode(Uint8Array.from(host.out)), "hello\n");
  assert.equal(m.kernel.sleptNs, 0);
});

Deno.test("end of the host's stdin ends a blocked read", () => {
  const host = new SlowStdin([]);
  const m = boot(READER, [], { host });
  assert.equal(m.run().status, "waiting");
  host.arrive();
  const r = m.run();
  assert.equal(host.reads, 1);
  assert.equal(r.status, "exited");
  assert.equal(r.exitCode, 0);
});

Deno.test("a thread blocked for ever with nothing to wake it: status blocked", () => {
  // pipe2(fds, 0); read(fds[0], ...): it holds the only write end itself.
  const code = hex(
    "488d3d2100000031f6b8250100000f058b3d12000000488d350b000000ba0100000031c00f05f490" +
      "0000000000000000",
  );
  const m = createMachine({ argv: ["/t"], files: { "/t": tinyElf(code) } });
  const r = m.run();
  assert.equal(r.status, "blocked");
  assert.equal(r.exitCode, -1);
  assert.match(r.diagnostic ?? "", /Linux would hang/);
  assert.equal(r.instructions, 9);
});

Deno.test("cli: --chaos N runs with the chaos schedule; a bad seed is refused", () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/sleeper`;
  Deno.writeFileSync(path, tinyElf(CODE, SLEEPER));
  const cli = (...args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-write",
        "--allow-env",
        new URL("../../cli.ts", import.meta.url).pathname,
        ...args,
      ],
      stdin: "null",
    }).outputSync();
  const ok = cli("--chaos", "3", path);
  const bad = cli("--chaos", "x", path);
  Deno.removeSync(dir, { recursive: true });
  assert.equal(ok.code, 7);
  assert.equal(bad.code, 2);
  assert.equal(new TextDecoder().decode(bad.stderr).split("\n")[0], "linuxvm: bad --chaos x");
});
