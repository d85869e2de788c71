/**
 * The signal frame's byte layout against a native Linux run: the facts
 * tests/guest/src/sigframe.c printed natively (tests/guest/expected) are
 * compared with frames the kernel builds here, and with what the same
 * binaries print in the VM. Native values that depend on the host's XSAVE
 * area are not printed by the program; kernel_signal_test.ts pins those to
 * what Linux writes for a CPU without XSAVE.
 */

import assert from "node:assert/strict";
import { SCRATCH, Sys } from "./kernel_harness.ts";
import { createMachine } from "../../mod.ts";

const guest = new URL("../guest/", import.meta.url);
/**
 * The musl recording: glibc's SSE2 memset leaves the stack's fill pattern in XMM0, so its
 * untouched-bytes report also lists XMM0's slot of the FP image.
 */
const native = Deno.readTextFileSync(new URL("expected/sigframe.musl.stdout", guest));

/** A number the native run printed after `label`. */
function nativeNumber(label: string): number {
  const m = native.match(new RegExp(`${label} (-?\\d+)`));
  assert.ok(m, `native output lacks "${label}"`);
  return Number(m[1]);
}

/** The native "untouched bytes" ranges (relative to the ucontext) for a handler kind. */
function nativeUntouched(kind: string): string {
  const m = native.match(new RegExp(`^${kind}: untouched bytes relative to uc:(.*)$`, "m"));
  assert.ok(m, `native output lacks the ${kind} untouched ranges`);
  return m[1].trim();
}

const SA_SIGINFO = 4, SA_RESTORER = 0x04000000, SIGUSR1 = 10;
const STACK = SCRATCH + 0x200000;

/** Deliver SIGUSR1 onto a stack filled with `fill`; the ucontext address and the memory around it. */
function frameBytes(flags: number, fill: number): { uc: number; info: number; bytes: Uint8Array } {
  const s = new Sys();
  const act = s.alloc(32);
  s.mem.write64(act, 0x401000, 0);
  s.mem.write64(act + 8, SA_RESTORER | flags, 0);
  s.mem.write64(act + 16, 0x402000, 0);
  s.sys("rt_sigaction", SIGUSR1, act, 0, 8);
  s.mem.writeBytes(STACK - 0x1000, new Uint8Array(0x1000).fill(fill));
  s.p.cpu.r[8] = STACK;
  s.p.cpu.r[9] = 0;
  s.sys("tkill", 2, SIGUSR1);
  const uc = s.p.cpu.r[4];
  return { uc, info: s.p.cpu.r[12], bytes: s.mem.readBytes(uc - 8, 968) };
}

/** Ranges of [-8, 960) relative to the ucontext the kernel did not write, as sigframe.c prints them. */
function untouched(flags: number): string {
  const a = frameBytes(flags, 0xaa), b = frameBytes(flags, 0x55);
  assert.equal(a.uc, b.uc);
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= 968; i++) {
    const keep = i < 968 && a.bytes[i] === 0xaa && b.bytes[i] === 0x55;
    if (keep && start < 0) start = i;
    if (!keep && start >= 0) {
      out.push(`[${start - 8},${i - 8})`);
      start = -1;
    }
  }
  return out.join(" ");
}

Deno.test("signal frame: offsets of siginfo and FP state from the ucontext match Linux", () => {
  const f = frameBytes(SA_SIGINFO, 0);
  assert.equal(f.info - f.uc, nativeNumber("info - uc ="));
  const fp = new DataView(f.bytes.buffer, f.bytes.byteOffset).getUint32(8 + 40 + 184, true);
  assert.equal(fp - f.uc, nativeNumber("fpstate - uc ="));
});

Deno.test("signal frame: the kernel writes exactly the bytes Linux writes", () => {
  assert.equal(untouched(SA_SIGINFO), nativeUntouched("SA_SIGINFO"));
  assert.equal(untouched(0), nativeUntouched("no SA_SIGINFO"));
});

Deno.test("signal frame: sigframe.c prints the same frame facts in the VM as natively", () => {
  for (const variant of ["musl", "glibc", "pie"]) {
    const m = createMachine({
      argv: ["/bin/sigframe"],
      files: { "/bin/sigframe": Deno.readFileSync(new URL(`bin/sigframe.${variant}`, guest)) },
    });
    const r = m.run(50_000_000);
    const want = Deno.readFileSync(new URL(`expected/sigframe.${variant}.stdout`, guest));
    assert.equal(new TextDecoder().decode(r.stdout), new TextDecoder().decode(want), variant);
    assert.equal(r.exitCode, 0);
  }
});
