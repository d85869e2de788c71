/**
 * Integer instructions, part 2: shifts and rotates, multiply/divide, bit
 * operations, string instructions and the system instructions.
 *
 * The table cases were produced by running each instruction's bytes natively
 * on the x86-64 host (AMD EPYC; gcc inline asm in an oracle program that loads
 * every register and RFLAGS, executes the instruction and stores everything
 * back, catching faults through the signal context), with DATA mapped at the
 * same address and filled with the same pattern, so the undefined flags,
 * partial-register effects, memory contents and fault states are the CPU's.
 * @module
 */

import assert from "node:assert/strict";
import { Stop } from "../../lib/exec/cpu.ts";
import { SIGFPE, SIGILL, SIGSEGV } from "../../lib/exec/fault.ts";
import { getRflags, setRflags } from "../../lib/exec/flags.ts";
import { PAGE_SIZE, PROT_READ } from "../../lib/exec/memory.ts";
import { TSC_HZ, tscAt } from "../../lib/exec/virtual_clock.ts";
import type { Ctx } from "../../lib/exec/operands.ts";
import { CODE, DATA, reg, REG_NAMES, runCode, setReg, type Snippet } from "./harness.ts";

const REGS: readonly string[] = REG_NAMES;
const RSP = 4;

/** Register value before a case unless the case sets it (distinct bytes expose partial writes). */
function seed(n: number): bigint {
  return 0x0101010101010101n * BigInt(0x10 + n);
}

/** DATA contents before a case: 64 KiB of (i * 37 + 11) & 0xff. */
const PATTERN = Uint8Array.from({ length: 0x10000 }, (_, i) => (i * 37 + 11) & 0xff);

/** Compared flags: the six arithmetic flags and DF. */
const FLAG_MASK = 0x8d5 | 0x400;

/**
 * A native run: [code bytes (hex), assembly, initial state, initial flags,
 * registers changed, final flags, DATA bytes changed, signal].
 *
 * Initial state: `reg=hex` for registers that differ from `seed`, and
 * `[off]=hex` for a little-endian qword stored at DATA + off. Changed bytes
 * are runs `off:hexbytes` (runs over 32 bytes as `off:length#fnv1a32`).
 * A signal means the instruction faulted; the registers are then those the
 * signal context reported, with RIP at the instruction.
 */
type Vec = [string, string, string, number, string, number, string?, number?];

function parseRegs(s: string): Map<number, bigint> {
  const m = new Map<number, bigint>();
  for (const part of s.split(" ")) {
    if (part === "" || part.startsWith("[")) continue;
    const [name, hex] = part.split("=");
    m.set(REGS.indexOf(name), BigInt("0x" + hex));
  }
  return m;
}

function fnv1a(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const x of b) h = Math.imul(h ^ x, 0x01000193) >>> 0;
  return h;
}

/** DATA bytes that differ from `ref`, rendered like the table's change column. */
function diffRuns(now: Uint8Array, ref: Uint8Array): string {
  const runs: string[] = [];
  let i = 0;
  while (i < now.length) {
    if (now[i] === ref[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < now.length && now[j] !== ref[j]) j++;
    const bytes = now.subarray(i, j);
    const body = bytes.length <= 32
      ? Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")
      : `${bytes.length.toString(16)}#${fnv1a(bytes).toString(16).padStart(8, "0")}`;
    runs.push(`${i.toString(16)}:${body}`);
    i = j;
  }
  return runs.join(" ");
}

function runVec(v: Vec): void {
  const [hex, asm, init, flags, changed, outFlags, mem = "", sig = 0] = v;
  const code = hex.match(/../g)!.map((h) => parseInt(h, 16));
  const start = parseRegs(init);
  const image = PATTERN.slice();
  for (const m of init.matchAll(/\[([0-9a-f]+)\]=([0-9a-f]+)/g)) {
    new DataView(image.buffer).setBigUint64(parseInt(m[1], 16), BigInt("0x" + m[2]), true);
  }
  const r = runCode(code, ({ cpu, mem }) => {
    mem.writeBytes(DATA, image);
    for (let n = 0; n < 16; n++) if (n !== RSP) setReg(cpu, n, start.get(n) ?? seed(n));
    setRflags(cpu, flags | 0x202);
  }, 1);
  const what = `${asm} [${init}] fl=${flags.toString(16)}`;
  const end = parseRegs(changed);
  for (let n = 0; n < 16; n++) {
    if (n === RSP || n === 15) continue;
    const want = end.get(n) ?? start.get(n) ?? seed(n);
    assert.equal(reg(r.cpu, n), want, `${what}: ${REGS[n]}`);
  }
  assert.equal(
    (getRflags(r.cpu) & FLAG_MASK).toString(16),
    outFlags.toString(16),
    `${what}: flags`,
  );
  assert.equal(diffRuns(r.mem.readBytes(DATA, 0x10000), image), mem, `${what}: memory`);
  if (sig === 0) assert.equal(r.stop, Stop.Budget, `${what}: completes`);
  else {
    assert.equal(r.stop, Stop.Fault, `${what}: faults`);
    assert.equal(r.cpu.faultSignal, sig, `${what}: signal`);
    assert.equal(r.cpu.rip, CODE, `${what}: RIP at the instruction`);
  }
}

// deno-fmt-ignore
const NATIVE: Vec[] = [
  ["d2c0", "rol al, cl", "rax=deadbeef00000081 rcx=ff00", 0x8d5, "", 0x8d5],
  ["d2c0", "rol al, cl", "rax=deadbeef00000040 rcx=ff01", 0x0, "rax=deadbeef00000080", 0x800],
  ["d2c0", "rol al, cl", "rax=deadbeef0000007f rcx=ff02", 0x8d5, "rax=deadbeef000000fd", 0xd5],
  ["d2c0", "rol al, cl", "rax=deadbeef000000c5 rcx=ff07", 0x0, "rax=deadbeef000000e2", 0x800],
  ["d2c0", "rol al, cl", "rax=deadbeef00000081 rcx=ff08", 0x8d5, "", 0xd5],
  ["d2c0", "rol al, cl", "rax=deadbeef00000040 rcx=ff09", 0x0, "rax=deadbeef00000080", 0x800],
  ["d2c0", "rol al, cl", "rax=deadbeef0000007f rcx=ff11", 0x8d5, "rax=deadbeef000000fe", 0x8d4],
  ["d2c0", "rol al, cl", "rax=deadbeef000000c5 rcx=ff20", 0x0, "", 0x0],
  ["66d3c0", "rol ax, cl", "rax=deadbeef00008001 rcx=ff00", 0x8d5, "", 0x8d5],
  ["66d3c0", "rol ax, cl", "rax=deadbeef00004000 rcx=ff01", 0x0, "rax=deadbeef00008000", 0x800],
  ["66d3c0", "rol ax, cl", "rax=deadbeef00007fff rcx=ff0f", 0x8d5, "rax=deadbeef0000bfff", 0xd5],
  ["66d3c0", "rol ax, cl", "rax=deadbeef0000c5a3 rcx=ff10", 0x0, "", 0x1],
  ["66d3c0", "rol ax, cl", "rax=deadbeef00008001 rcx=ff11", 0x8d5, "rax=deadbeef00000003", 0x8d5],
  ["66d3c0", "rol ax, cl", "rax=deadbeef00004000 rcx=ff1f", 0x0, "rax=deadbeef00002000", 0x0],
  ["66d3c0", "rol ax, cl", "rax=deadbeef00007fff rcx=ff20", 0x8d5, "", 0x8d5],
  ["d3c0", "rol eax, cl", "rax=deadbeef80000001 rcx=ff00", 0x0, "rax=80000001", 0x0],
  ["d3c0", "rol eax, cl", "rax=deadbeef40000000 rcx=ff01", 0x8d5, "rax=80000000", 0x8d4],
  ["d3c0", "rol eax, cl", "rax=deadbeef7fffffff rcx=ff02", 0x0, "rax=fffffffd", 0x1],
  ["d3c0", "rol eax, cl", "rax=deadbeefc5a3e1f7 rcx=ff1f", 0x8d5, "rax=e2d1f0fb", 0xd5],
  ["d3c0", "rol eax, cl", "rax=deadbeef80000001 rcx=ff20", 0x0, "rax=80000001", 0x0],
  ["d3c0", "rol eax, cl", "rax=deadbeef40000000 rcx=ff21", 0x8d5, "rax=80000000", 0x8d4],
  ["48d3c0", "rol rax, cl", "rax=8000000000000001 rcx=ff00", 0x0, "", 0x0],
  ["48d3c0", "rol rax, cl", "rax=4000000000000000 rcx=ff01", 0x8d5, "rax=8000000000000000", 0x8d4],
  ["48d3c0", "rol rax, cl", "rax=7fffffffffffffff rcx=ff02", 0x0, "rax=fffffffffffffffd", 0x1],
  ["48d3c0", "rol rax, cl", "rax=c5a3e1f70b1d2f49 rcx=ff3f", 0x8d5, "rax=e2d1f0fb858e97a4", 0x8d4],
  ["48d3c0", "rol rax, cl", "rax=8000000000000001 rcx=ff40", 0x0, "", 0x0],
  ["48d3c0", "rol rax, cl", "rax=4000000000000000 rcx=ff41", 0x8d5, "rax=8000000000000000", 0x8d4],
  ["d1c0", "rol eax, 1", "rax=80000001", 0x0, "rax=3", 0x801],
  ["d1c0", "rol eax, 1", "rax=40000000", 0x8d5, "rax=80000000", 0x8d4],
  ["c00603", "rol byte ptr [rsi], 3", "rsi=600100 [100]=96", 0x0, "", 0x800, "100:b4"],
  ["d2c4", "rol ah, cl", "rax=8100 rcx=3", 0x8d5, "rax=c00", 0xd4],
  ["d2c8", "ror al, cl", "rax=deadbeef00000081 rcx=ff00", 0x0, "", 0x0],
  ["d2c8", "ror al, cl", "rax=deadbeef00000040 rcx=ff01", 0x8d5, "rax=deadbeef00000020", 0xd4],
  ["d2c8", "ror al, cl", "rax=deadbeef0000007f rcx=ff02", 0x0, "rax=deadbeef000000df", 0x1],
  ["d2c8", "ror al, cl", "rax=deadbeef000000c5 rcx=ff07", 0x8d5, "rax=deadbeef0000008b", 0x8d5],
  ["d2c8", "ror al, cl", "rax=deadbeef00000081 rcx=ff08", 0x0, "", 0x801],
  ["d2c8", "ror al, cl", "rax=deadbeef00000040 rcx=ff09", 0x8d5, "rax=deadbeef00000020", 0xd4],
  ["d2c8", "ror al, cl", "rax=deadbeef0000007f rcx=ff11", 0x0, "rax=deadbeef000000bf", 0x801],
  ["d2c8", "ror al, cl", "rax=deadbeef000000c5 rcx=ff20", 0x8d5, "", 0x8d5],
  ["66d3c8", "ror ax, cl", "rax=deadbeef00008001 rcx=ff00", 0x0, "", 0x0],
  ["66d3c8", "ror ax, cl", "rax=deadbeef00004000 rcx=ff01", 0x8d5, "rax=deadbeef00002000", 0xd4],
  ["66d3c8", "ror ax, cl", "rax=deadbeef00007fff rcx=ff0f", 0x0, "rax=deadbeef0000fffe", 0x1],
  ["66d3c8", "ror ax, cl", "rax=deadbeef0000c5a3 rcx=ff10", 0x8d5, "", 0xd5],
  ["66d3c8", "ror ax, cl", "rax=deadbeef00008001 rcx=ff11", 0x0, "rax=deadbeef0000c000", 0x1],
  ["66d3c8", "ror ax, cl", "rax=deadbeef00004000 rcx=ff1f", 0x8d5, "rax=deadbeef00008000", 0x8d5],
  ["66d3c8", "ror ax, cl", "rax=deadbeef00007fff rcx=ff20", 0x0, "", 0x0],
  ["d3c8", "ror eax, cl", "rax=deadbeef80000001 rcx=ff00", 0x8d5, "rax=80000001", 0x8d5],
  ["d3c8", "ror eax, cl", "rax=deadbeef40000000 rcx=ff01", 0x0, "rax=20000000", 0x0],
  ["d3c8", "ror eax, cl", "rax=deadbeef7fffffff rcx=ff02", 0x8d5, "rax=dfffffff", 0xd5],
  ["d3c8", "ror eax, cl", "rax=deadbeefc5a3e1f7 rcx=ff1f", 0x0, "rax=8b47c3ef", 0x801],
  ["d3c8", "ror eax, cl", "rax=deadbeef80000001 rcx=ff20", 0x8d5, "rax=80000001", 0x8d5],
  ["d3c8", "ror eax, cl", "rax=deadbeef40000000 rcx=ff21", 0x0, "rax=20000000", 0x0],
  ["48d3c8", "ror rax, cl", "rax=8000000000000001 rcx=ff00", 0x8d5, "", 0x8d5],
  ["48d3c8", "ror rax, cl", "rax=4000000000000000 rcx=ff01", 0x0, "rax=2000000000000000", 0x0],
  ["48d3c8", "ror rax, cl", "rax=7fffffffffffffff rcx=ff02", 0x8d5, "rax=dfffffffffffffff", 0xd5],
  ["48d3c8", "ror rax, cl", "rax=c5a3e1f70b1d2f49 rcx=ff3f", 0x0, "rax=8b47c3ee163a5e93", 0x801],
  ["48d3c8", "ror rax, cl", "rax=8000000000000001 rcx=ff40", 0x8d5, "", 0x8d5],
  ["48d3c8", "ror rax, cl", "rax=4000000000000000 rcx=ff41", 0x0, "rax=2000000000000000", 0x0],
  ["d1c8", "ror eax, 1", "rax=80000001", 0x8d5, "rax=c0000000", 0xd5],
  ["d1c8", "ror eax, 1", "rax=40000000", 0x0, "rax=20000000", 0x0],
  ["c00e03", "ror byte ptr [rsi], 3", "rsi=600100 [100]=96", 0x8d5, "", 0xd5, "100:d2"],
  ["d2cc", "ror ah, cl", "rax=8100 rcx=3", 0x0, "rax=3000", 0x0],
  ["d2d0", "rcl al, cl", "rax=deadbeef00000081 rcx=ff00", 0x8d5, "", 0x8d5],
  ["d2d0", "rcl al, cl", "rax=deadbeef00000040 rcx=ff01", 0x0, "rax=deadbeef00000080", 0x800],
  ["d2d0", "rcl al, cl", "rax=deadbeef0000007f rcx=ff02", 0x8d5, "rax=deadbeef000000fe", 0xd5],
  ["d2d0", "rcl al, cl", "rax=deadbeef000000c5 rcx=ff07", 0x0, "rax=deadbeef000000b1", 0x800],
  ["d2d0", "rcl al, cl", "rax=deadbeef00000081 rcx=ff08", 0x8d5, "rax=deadbeef000000c0", 0xd5],
  ["d2d0", "rcl al, cl", "rax=deadbeef00000040 rcx=ff09", 0x0, "", 0x0],
  ["d2d0", "rcl al, cl", "rax=deadbeef0000007f rcx=ff11", 0x8d5, "rax=deadbeef000000bf", 0xd5],
  ["d2d0", "rcl al, cl", "rax=deadbeef000000c5 rcx=ff20", 0x0, "", 0x0],
  ["66d3d0", "rcl ax, cl", "rax=deadbeef00008001 rcx=ff00", 0x8d5, "", 0x8d5],
  ["66d3d0", "rcl ax, cl", "rax=deadbeef00004000 rcx=ff01", 0x0, "rax=deadbeef00008000", 0x800],
  ["66d3d0", "rcl ax, cl", "rax=deadbeef00007fff rcx=ff0f", 0x8d5, "rax=deadbeef0000dfff", 0xd5],
  ["66d3d0", "rcl ax, cl", "rax=deadbeef0000c5a3 rcx=ff10", 0x0, "rax=deadbeef000062d1", 0x801],
  ["66d3d0", "rcl ax, cl", "rax=deadbeef00008001 rcx=ff11", 0x8d5, "", 0xd5],
  ["66d3d0", "rcl ax, cl", "rax=deadbeef00004000 rcx=ff1f", 0x0, "rax=deadbeef00000800", 0x0],
  ["66d3d0", "rcl ax, cl", "rax=deadbeef00007fff rcx=ff20", 0x8d5, "", 0x8d5],
  ["d3d0", "rcl eax, cl", "rax=deadbeef80000001 rcx=ff00", 0x0, "rax=80000001", 0x0],
  ["d3d0", "rcl eax, cl", "rax=deadbeef40000000 rcx=ff01", 0x8d5, "rax=80000001", 0x8d4],
  ["d3d0", "rcl eax, cl", "rax=deadbeef7fffffff rcx=ff02", 0x0, "rax=fffffffc", 0x1],
  ["d3d0", "rcl eax, cl", "rax=deadbeefc5a3e1f7 rcx=ff1f", 0x8d5, "rax=f168f87d", 0xd5],
  ["d3d0", "rcl eax, cl", "rax=deadbeef80000001 rcx=ff20", 0x0, "rax=80000001", 0x0],
  ["d3d0", "rcl eax, cl", "rax=deadbeef40000000 rcx=ff21", 0x8d5, "rax=80000001", 0x8d4],
  ["48d3d0", "rcl rax, cl", "rax=8000000000000001 rcx=ff00", 0x0, "", 0x0],
  ["48d3d0", "rcl rax, cl", "rax=4000000000000000 rcx=ff01", 0x8d5, "rax=8000000000000001", 0x8d4],
  ["48d3d0", "rcl rax, cl", "rax=7fffffffffffffff rcx=ff02", 0x0, "rax=fffffffffffffffc", 0x1],
  ["48d3d0", "rcl rax, cl", "rax=c5a3e1f70b1d2f49 rcx=ff3f", 0x8d5, "rax=f168f87dc2c74bd2", 0x8d4],
  ["48d3d0", "rcl rax, cl", "rax=8000000000000001 rcx=ff40", 0x0, "", 0x0],
  ["48d3d0", "rcl rax, cl", "rax=4000000000000000 rcx=ff41", 0x8d5, "rax=8000000000000001", 0x8d4],
  ["d1d0", "rcl eax, 1", "rax=80000001", 0x0, "rax=2", 0x801],
  ["d1d0", "rcl eax, 1", "rax=40000000", 0x8d5, "rax=80000001", 0x8d4],
  ["c01603", "rcl byte ptr [rsi], 3", "rsi=600100 [100]=96", 0x0, "", 0x800, "100:b2"],
  ["d2d4", "rcl ah, cl", "rax=8100 rcx=3", 0x8d5, "rax=e00", 0xd4],
  ["d2d8", "rcr al, cl", "rax=deadbeef00000081 rcx=ff00", 0x0, "", 0x0],
  ["d2d8", "rcr al, cl", "rax=deadbeef00000040 rcx=ff01", 0x8d5, "rax=deadbeef000000a0", 0x8d4],
  ["d2d8", "rcr al, cl", "rax=deadbeef0000007f rcx=ff02", 0x0, "rax=deadbeef0000009f", 0x801],
  ["d2d8", "rcr al, cl", "rax=deadbeef000000c5 rcx=ff07", 0x8d5, "rax=deadbeef00000017", 0xd5],
  ["d2d8", "rcr al, cl", "rax=deadbeef00000081 rcx=ff08", 0x0, "rax=deadbeef00000002", 0x1],
  ["d2d8", "rcr al, cl", "rax=deadbeef00000040 rcx=ff09", 0x8d5, "", 0x8d5],
  ["d2d8", "rcr al, cl", "rax=deadbeef0000007f rcx=ff11", 0x0, "rax=deadbeef000000fe", 0x0],
  ["d2d8", "rcr al, cl", "rax=deadbeef000000c5 rcx=ff20", 0x8d5, "", 0x8d5],
  ["66d3d8", "rcr ax, cl", "rax=deadbeef00008001 rcx=ff00", 0x0, "", 0x0],
  ["66d3d8", "rcr ax, cl", "rax=deadbeef00004000 rcx=ff01", 0x8d5, "rax=deadbeef0000a000", 0x8d4],
  ["66d3d8", "rcr ax, cl", "rax=deadbeef00007fff rcx=ff0f", 0x0, "rax=deadbeef0000fffc", 0x1],
  ["66d3d8", "rcr ax, cl", "rax=deadbeef0000c5a3 rcx=ff10", 0x8d5, "rax=deadbeef00008b47", 0x8d5],
  ["66d3d8", "rcr ax, cl", "rax=deadbeef00008001 rcx=ff11", 0x0, "", 0x800],
  ["66d3d8", "rcr ax, cl", "rax=deadbeef00004000 rcx=ff1f", 0x8d5, "rax=deadbeef00000005", 0xd4],
  ["66d3d8", "rcr ax, cl", "rax=deadbeef00007fff rcx=ff20", 0x0, "", 0x0],
  ["d3d8", "rcr eax, cl", "rax=deadbeef80000001 rcx=ff00", 0x8d5, "rax=80000001", 0x8d5],
  ["d3d8", "rcr eax, cl", "rax=deadbeef40000000 rcx=ff01", 0x0, "rax=20000000", 0x0],
  ["d3d8", "rcr eax, cl", "rax=deadbeef7fffffff rcx=ff02", 0x8d5, "rax=dfffffff", 0xd5],
  ["d3d8", "rcr eax, cl", "rax=deadbeefc5a3e1f7 rcx=ff1f", 0x0, "rax=168f87dd", 0x1],
  ["d3d8", "rcr eax, cl", "rax=deadbeef80000001 rcx=ff20", 0x8d5, "rax=80000001", 0x8d5],
  ["d3d8", "rcr eax, cl", "rax=deadbeef40000000 rcx=ff21", 0x0, "rax=20000000", 0x0],
  ["48d3d8", "rcr rax, cl", "rax=8000000000000001 rcx=ff00", 0x8d5, "", 0x8d5],
  ["48d3d8", "rcr rax, cl", "rax=4000000000000000 rcx=ff01", 0x0, "rax=2000000000000000", 0x0],
  ["48d3d8", "rcr rax, cl", "rax=7fffffffffffffff rcx=ff02", 0x8d5, "rax=dfffffffffffffff", 0xd5],
  ["48d3d8", "rcr rax, cl", "rax=c5a3e1f70b1d2f49 rcx=ff3f", 0x0, "rax=168f87dc2c74bd25", 0x1],
  ["48d3d8", "rcr rax, cl", "rax=8000000000000001 rcx=ff40", 0x8d5, "", 0x8d5],
  ["48d3d8", "rcr rax, cl", "rax=4000000000000000 rcx=ff41", 0x0, "rax=2000000000000000", 0x0],
  ["d1d8", "rcr eax, 1", "rax=80000001", 0x8d5, "rax=c0000000", 0xd5],
  ["d1d8", "rcr eax, 1", "rax=40000000", 0x0, "rax=20000000", 0x0],
  ["c01e03", "rcr byte ptr [rsi], 3", "rsi=600100 [100]=96", 0x8d5, "", 0x8d5, "100:b2"],
  ["d2dc", "rcr ah, cl", "rax=8100 rcx=3", 0x0, "rax=5000", 0x800],
  ["d2e0", "shl al, cl", "rax=deadbeef00000081 rcx=ff00", 0x8d5, "", 0x8d5],
  ["d2e0", "shl al, cl", "rax=deadbeef00000040 rcx=ff01", 0x0, "rax=deadbeef00000080", 0x890],
  ["d2e0", "shl al, cl", "rax=deadbeef0000007f rcx=ff02", 0x8d5, "rax=deadbeef000000fc", 0x95],
  ["d2e0", "shl al, cl", "rax=deadbeef000000c5 rcx=ff07", 0x0, "rax=deadbeef00000080", 0x890],
  ["d2e0", "shl al, cl", "rax=deadbeef00000081 rcx=ff08", 0x8d5, "rax=deadbeef00000000", 0x855],
  ["d2e0", "shl al, cl", "rax=deadbeef00000040 rcx=ff09", 0x0, "rax=deadbeef00000000", 0x54],
  ["d2e0", "shl al, cl", "rax=deadbeef0000007f rcx=ff11", 0x8d5, "rax=deadbeef00000000", 0x54],
  ["d2e0", "shl al, cl", "rax=deadbeef000000c5 rcx=ff20", 0x0, "", 0x0],
  ["66d3e0", "shl ax, cl", "rax=deadbeef00008001 rcx=ff00", 0x8d5, "", 0x8d5],
  ["66d3e0", "shl ax, cl", "rax=deadbeef00004000 rcx=ff01", 0x0, "rax=deadbeef00008000", 0x894],
  ["66d3e0", "shl ax, cl", "rax=deadbeef00007fff rcx=ff0f", 0x8d5, "rax=deadbeef00008000", 0x95],
  ["66d3e0", "shl ax, cl", "rax=deadbeef0000c5a3 rcx=ff10", 0x0, "rax=deadbeef00000000", 0x855],
  ["66d3e0", "shl ax, cl", "rax=deadbeef00008001 rcx=ff11", 0x8d5, "rax=deadbeef00000000", 0x54],
  ["66d3e0", "shl ax, cl", "rax=deadbeef00004000 rcx=ff1f", 0x0, "rax=deadbeef00000000", 0x54],
  ["66d3e0", "shl ax, cl", "rax=deadbeef00007fff rcx=ff20", 0x8d5, "", 0x8d5],
  ["d3e0", "shl eax, cl", "rax=deadbeef80000001 rcx=ff00", 0x0, "rax=80000001", 0x0],
  ["d3e0", "shl eax, cl", "rax=deadbeef40000000 rcx=ff01", 0x8d5, "rax=80000000", 0x894],
  ["d3e0", "shl eax, cl", "rax=deadbeef7fffffff rcx=ff02", 0x0, "rax=fffffffc", 0x95],
  ["d3e0", "shl eax, cl", "rax=deadbeefc5a3e1f7 rcx=ff1f", 0x8d5, "rax=80000000", 0x95],
  ["d3e0", "shl eax, cl", "rax=deadbeef80000001 rcx=ff20", 0x0, "rax=80000001", 0x0],
  ["d3e0", "shl eax, cl", "rax=deadbeef40000000 rcx=ff21", 0x8d5, "rax=80000000", 0x894],
  ["48d3e0", "shl rax, cl", "rax=8000000000000001 rcx=ff00", 0x0, "", 0x0],
  ["48d3e0", "shl rax, cl", "rax=4000000000000000 rcx=ff01", 0x8d5, "rax=8000000000000000", 0x894],
  ["48d3e0", "shl rax, cl", "rax=7fffffffffffffff rcx=ff02", 0x0, "rax=fffffffffffffffc", 0x95],
  ["48d3e0", "shl rax, cl", "rax=c5a3e1f70b1d2f49 rcx=ff3f", 0x8d5, "rax=8000000000000000", 0x894],
  ["48d3e0", "shl rax, cl", "rax=8000000000000001 rcx=ff40", 0x0, "", 0x0],
  ["48d3e0", "shl rax, cl", "rax=4000000000000000 rcx=ff41", 0x8d5, "rax=8000000000000000", 0x894],
  ["d1e0", "shl eax, 1", "rax=80000001", 0x0, "rax=2", 0x811],
  ["d1e0", "shl eax, 1", "rax=40000000", 0x8d5, "rax=80000000", 0x894],
  ["c02603", "shl byte ptr [rsi], 3", "rsi=600100 [100]=96", 0x0, "", 0x890, "100:b0"],
  ["d2e4", "shl ah, cl", "rax=8100 rcx=3", 0x8d5, "rax=800", 0x10],
  ["d2e8", "shr al, cl", "rax=deadbeef00000081 rcx=ff00", 0x0, "", 0x0],
  ["d2e8", "shr al, cl", "rax=deadbeef00000040 rcx=ff01", 0x8d5, "rax=deadbeef00000020", 0x10],
  ["d2e8", "shr al, cl", "rax=deadbeef0000007f rcx=ff02", 0x0, "rax=deadbeef0000001f", 0x11],
  ["d2e8", "shr al, cl", "rax=deadbeef000000c5 rcx=ff07", 0x8d5, "rax=deadbeef00000001", 0x11],
  ["d2e8", "shr al, cl", "rax=deadbeef00000081 rcx=ff08", 0x0, "rax=deadbeef00000000", 0x55],
  ["d2e8", "shr al, cl", "rax=deadbeef00000040 rcx=ff09", 0x8d5, "rax=deadbeef00000000", 0x54],
  ["d2e8", "shr al, cl", "rax=deadbeef0000007f rcx=ff11", 0x0, "rax=deadbeef00000000", 0x54],
  ["d2e8", "shr al, cl", "rax=deadbeef000000c5 rcx=ff20", 0x8d5, "", 0x8d5],
  ["66d3e8", "shr ax, cl", "rax=deadbeef00008001 rcx=ff00", 0x0, "", 0x0],
  ["66d3e8", "shr ax, cl", "rax=deadbeef00004000 rcx=ff01", 0x8d5, "rax=deadbeef00002000", 0x14],
  ["66d3e8", "shr ax, cl", "rax=deadbeef00007fff rcx=ff0f", 0x0, "rax=deadbeef00000000", 0x55],
  ["66d3e8", "shr ax, cl", "rax=deadbeef0000c5a3 rcx=ff10", 0x8d5, "rax=deadbeef00000000", 0x55],
  ["66d3e8", "shr ax, cl", "rax=deadbeef00008001 rcx=ff11", 0x0, "rax=deadbeef00000000", 0x54],
  ["66d3e8", "shr ax, cl", "rax=deadbeef00004000 rcx=ff1f", 0x8d5, "rax=deadbeef00000000", 0x54],
  ["66d3e8", "shr ax, cl", "rax=deadbeef00007fff rcx=ff20", 0x0, "", 0x0],
  ["d3e8", "shr eax, cl", "rax=deadbeef80000001 rcx=ff00", 0x8d5, "rax=80000001", 0x8d5],
  ["d3e8", "shr eax, cl", "rax=deadbeef40000000 rcx=ff01", 0x0, "rax=20000000", 0x14],
  ["d3e8", "shr eax, cl", "rax=deadbeef7fffffff rcx=ff02", 0x8d5, "rax=1fffffff", 0x15],
  ["d3e8", "shr eax, cl", "rax=deadbeefc5a3e1f7 rcx=ff1f", 0x0, "rax=1", 0x11],
  ["d3e8", "shr eax, cl", "rax=deadbeef80000001 rcx=ff20", 0x8d5, "rax=80000001", 0x8d5],
  ["d3e8", "shr eax, cl", "rax=deadbeef40000000 rcx=ff21", 0x0, "rax=20000000", 0x14],
  ["48d3e8", "shr rax, cl", "rax=8000000000000001 rcx=ff00", 0x8d5, "", 0x8d5],
  ["48d3e8", "shr rax, cl", "rax=4000000000000000 rcx=ff01", 0x0, "rax=2000000000000000", 0x14],
  ["48d3e8", "shr rax, cl", "rax=7fffffffffffffff rcx=ff02", 0x8d5, "rax=1fffffffffffffff", 0x15],
  ["48d3e8", "shr rax, cl", "rax=c5a3e1f70b1d2f49 rcx=ff3f", 0x0, "rax=1", 0x11],
  ["48d3e8", "shr rax, cl", "rax=8000000000000001 rcx=ff40", 0x8d5, "", 0x8d5],
  ["48d3e8", "shr rax, cl", "rax=4000000000000000 rcx=ff41", 0x0, "rax=2000000000000000", 0x14],
  ["d1e8", "shr eax, 1", "rax=80000001", 0x8d5, "rax=40000000", 0x815],
  ["d1e8", "shr eax, 1", "rax=40000000", 0x0, "rax=20000000", 0x14],
  ["c02e03", "shr byte ptr [rsi], 3", "rsi=600100 [100]=96", 0x8d5, "", 0x15, "100:12"],
  ["d2ec", "shr ah, cl", "rax=8100 rcx=3", 0x0, "rax=1000", 0x10],
  ["d2f8", "sar al, cl", "rax=deadbeef00000081 rcx=ff00", 0x8d5, "", 0x8d5],
  ["d2f8", "sar al, cl", "rax=deadbeef00000040 rcx=ff01", 0x0, "rax=deadbeef00000020", 0x10],
  ["d2f8", "sar al, cl", "rax=deadbeef0000007f rcx=ff02", 0x8d5, "rax=deadbeef0000001f", 0x11],
  ["d2f8", "sar al, cl", "rax=deadbeef000000c5 rcx=ff07", 0x0, "rax=deadbeef000000ff", 0x95],
  ["d2f8", "sar al, cl", "rax=deadbeef00000081 rcx=ff08", 0x8d5, "rax=deadbeef000000ff", 0x95],
  ["d2f8", "sar al, cl", "rax=deadbeef00000040 rcx=ff09", 0x0, "rax=deadbeef00000000", 0x54],
  ["d2f8", "sar al, cl", "rax=deadbeef0000007f rcx=ff11", 0x8d5, "rax=deadbeef00000000", 0x54],
  ["d2f8", "sar al, cl", "rax=deadbeef000000c5 rcx=ff20", 0x0, "", 0x0],
  ["66d3f8", "sar ax, cl", "rax=deadbeef00008001 rcx=ff00", 0x8d5, "", 0x8d5],
  ["66d3f8", "sar ax, cl", "rax=deadbeef00004000 rcx=ff01", 0x0, "rax=deadbeef00002000", 0x14],
  ["66d3f8", "sar ax, cl", "rax=deadbeef00007fff rcx=ff0f", 0x8d5, "rax=deadbeef00000000", 0x55],
  ["66d3f8", "sar ax, cl", "rax=deadbeef0000c5a3 rcx=ff10", 0x0, "rax=deadbeef0000ffff", 0x95],
  ["66d3f8", "sar ax, cl", "rax=deadbeef00008001 rcx=ff11", 0x8d5, "rax=deadbeef0000ffff", 0x95],
  ["66d3f8", "sar ax, cl", "rax=deadbeef00004000 rcx=ff1f", 0x0, "rax=deadbeef00000000", 0x54],
  ["66d3f8", "sar ax, cl", "rax=deadbeef00007fff rcx=ff20", 0x8d5, "", 0x8d5],
  ["d3f8", "sar eax, cl", "rax=deadbeef80000001 rcx=ff00", 0x0, "rax=80000001", 0x0],
  ["d3f8", "sar eax, cl", "rax=deadbeef40000000 rcx=ff01", 0x8d5, "rax=20000000", 0x14],
  ["d3f8", "sar eax, cl", "rax=deadbeef7fffffff rcx=ff02", 0x0, "rax=1fffffff", 0x15],
  ["d3f8", "sar eax, cl", "rax=deadbeefc5a3e1f7 rcx=ff1f", 0x8d5, "rax=ffffffff", 0x95],
  ["d3f8", "sar eax, cl", "rax=deadbeef80000001 rcx=ff20", 0x0, "rax=80000001", 0x0],
  ["d3f8", "sar eax, cl", "rax=deadbeef40000000 rcx=ff21", 0x8d5, "rax=20000000", 0x14],
  ["48d3f8", "sar rax, cl", "rax=8000000000000001 rcx=ff00", 0x0, "", 0x0],
  ["48d3f8", "sar rax, cl", "rax=4000000000000000 rcx=ff01", 0x8d5, "rax=2000000000000000", 0x14],
  ["48d3f8", "sar rax, cl", "rax=7fffffffffffffff rcx=ff02", 0x0, "rax=1fffffffffffffff", 0x15],
  ["48d3f8", "sar rax, cl", "rax=c5a3e1f70b1d2f49 rcx=ff3f", 0x8d5, "rax=ffffffffffffffff", 0x95],
  ["48d3f8", "sar rax, cl", "rax=8000000000000001 rcx=ff40", 0x0, "", 0x0],
  ["48d3f8", "sar rax, cl", "rax=4000000000000000 rcx=ff41", 0x8d5, "rax=2000000000000000", 0x14],
  ["d1f8", "sar eax, 1", "rax=80000001", 0x0, "rax=c0000000", 0x95],
  ["d1f8", "sar eax, 1", "rax=40000000", 0x8d5, "rax=20000000", 0x14],
  ["c03e03", "sar byte ptr [rsi], 3", "rsi=600100 [100]=96", 0x0, "", 0x91, "100:f2"],
  ["d2fc", "sar ah, cl", "rax=8100 rcx=3", 0x8d5, "rax=f000", 0x94],
  ["d3f0", ".byte 0xd3, 0xf0", "rax=80000001 rcx=1", 0x0, "rax=2", 0x811],
  ["d3f0", ".byte 0xd3, 0xf0", "rax=c0000001 rcx=4", 0x8d5, "rax=10", 0x10],
  ["48c1e000", "shl rax, 0", "rax=123", 0x8d5, "", 0x8d5],
  ["d326", "shl dword ptr [rsi], cl", "rcx=0 rsi=600100 [100]=1122334455667788", 0x8d5, "", 0x8d5],
  ["660fa5d8", "shld ax, bx, cl", "rax=8001 rcx=0 rbx=c5a3", 0x0, "", 0x0],
  ["660fa5d8", "shld ax, bx, cl", "rax=4000 rcx=1 rbx=8001", 0x8d5, "rax=8001", 0x890],
  ["660fa5d8", "shld ax, bx, cl", "rax=7fff rcx=8 rbx=4000", 0x0, "rax=ff40", 0x91],
  ["660fa5d8", "shld ax, bx, cl", "rax=c5a3 rcx=f rbx=7fff", 0x8d5, "rax=bfff", 0x95],
  ["660fa5d8", "shld ax, bx, cl", "rax=8001 rcx=10 rbx=c5a3", 0x0, "rax=c5a3", 0x895],
  ["660fa5d8", "shld ax, bx, cl", "rax=4000 rcx=11 rbx=8001", 0x8d5, "rax=3", 0x14],
  ["660fa5d8", "shld ax, bx, cl", "rax=7fff rcx=1f rbx=4000", 0x0, "rax=2000", 0x14],
  ["0fa5d8", "shld eax, ebx, cl", "rax=80000001 rcx=0 rbx=c5a3e1f7", 0x8d5, "", 0x8d5],
  ["0fa5d8", "shld eax, ebx, cl", "rax=40000000 rcx=1 rbx=80000001", 0x0, "rax=80000001", 0x890],
  ["0fa5d8", "shld eax, ebx, cl", "rax=7fffffff rcx=10 rbx=40000000", 0x8d5, "rax=ffff4000", 0x95],
  ["0fa5d8", "shld eax, ebx, cl", "rax=c5a3e1f7 rcx=1f rbx=7fffffff", 0x0, "rax=bfffffff", 0x95],
  ["0fa5d8", "shld eax, ebx, cl", "rax=80000001 rcx=20 rbx=c5a3e1f7", 0x8d5, "", 0x8d5],
  ["480fa5d8", "shld rax, rbx, cl", "rax=8000000000000001 rcx=0 rbx=c5a3e1f70b1d2f49", 0x0, "", 0x0],
  ["480fa5d8", "shld rax, rbx, cl", "rax=4000000000000000 rcx=1 rbx=8000000000000001", 0x8d5, "rax=8000000000000001", 0x890],
  ["480fa5d8", "shld rax, rbx, cl", "rax=7fffffffffffffff rcx=20 rbx=4000000000000000", 0x0, "rax=ffffffff40000000", 0x95],
  ["480fa5d8", "shld rax, rbx, cl", "rax=c5a3e1f70b1d2f49 rcx=3f rbx=7fffffffffffffff", 0x8d5, "rax=bfffffffffffffff", 0x894],
  ["480fa5d8", "shld rax, rbx, cl", "rax=8000000000000001 rcx=40 rbx=c5a3e1f70b1d2f49", 0x0, "", 0x0],
  ["0fa4d805", "shld eax, ebx, 5", "rax=87654321 rbx=13579bdf", 0x0, "rax=eca86422", 0x894],
  ["480fa41e0c", "shld qword ptr [rsi], rbx, 12", "rbx=fedcba9876543210 rsi=600100 [100]=123456789abcdef", 0x0, "", 0x14, "100:edffdebc9a785634"],
  ["660fadd8", "shrd ax, bx, cl", "rax=8001 rcx=0 rbx=c5a3", 0x8d5, "", 0x8d5],
  ["660fadd8", "shrd ax, bx, cl", "rax=4000 rcx=1 rbx=8001", 0x0, "rax=a000", 0x894],
  ["660fadd8", "shrd ax, bx, cl", "rax=7fff rcx=8 rbx=4000", 0x8d5, "rax=7f", 0x11],
  ["660fadd8", "shrd ax, bx, cl", "rax=c5a3 rcx=f rbx=7fff", 0x0, "rax=ffff", 0x95],
  ["660fadd8", "shrd ax, bx, cl", "rax=8001 rcx=10 rbx=c5a3", 0x8d5, "rax=c5a3", 0x95],
  ["660fadd8", "shrd ax, bx, cl", "rax=4000 rcx=11 rbx=8001", 0x0, "rax=c000", 0x94],
  ["660fadd8", "shrd ax, bx, cl", "rax=7fff rcx=1f rbx=4000", 0x8d5, "rax=8000", 0x894],
  ["0fadd8", "shrd eax, ebx, cl", "rax=80000001 rcx=0 rbx=c5a3e1f7", 0x0, "", 0x0],
  ["0fadd8", "shrd eax, ebx, cl", "rax=40000000 rcx=1 rbx=80000001", 0x8d5, "rax=a0000000", 0x894],
  ["0fadd8", "shrd eax, ebx, cl", "rax=7fffffff rcx=10 rbx=40000000", 0x0, "rax=7fff", 0x15],
  ["0fadd8", "shrd eax, ebx, cl", "rax=c5a3e1f7 rcx=1f rbx=7fffffff", 0x8d5, "rax=ffffffff", 0x95],
  ["0fadd8", "shrd eax, ebx, cl", "rax=80000001 rcx=20 rbx=c5a3e1f7", 0x0, "", 0x0],
  ["480fadd8", "shrd rax, rbx, cl", "rax=8000000000000001 rcx=0 rbx=c5a3e1f70b1d2f49", 0x8d5, "", 0x8d5],
  ["480fadd8", "shrd rax, rbx, cl", "rax=4000000000000000 rcx=1 rbx=8000000000000001", 0x0, "rax=a000000000000000", 0x894],
  ["480fadd8", "shrd rax, rbx, cl", "rax=7fffffffffffffff rcx=20 rbx=4000000000000000", 0x8d5, "rax=7fffffff", 0x15],
  ["480fadd8", "shrd rax, rbx, cl", "rax=c5a3e1f70b1d2f49 rcx=3f rbx=7fffffffffffffff", 0x0, "rax=ffffffffffffffff", 0x95],
  ["480fadd8", "shrd rax, rbx, cl", "rax=8000000000000001 rcx=40 rbx=c5a3e1f70b1d2f49", 0x8d5, "", 0x8d5],
  ["0facd805", "shrd eax, ebx, 5", "rax=87654321 rbx=13579bdf", 0x0, "rax=fc3b2a19", 0x90],
  ["480fac1e0c", "shrd qword ptr [rsi], rbx, 12", "rbx=fedcba9876543210 rsi=600100 [100]=123456789abcdef", 0x0, "", 0x11, "100:bc9a785634120021"],
  ["f6d3", "not bl", "rax=abcd000000000081 rdx=1111 rbx=81", 0x0, "rbx=7e", 0x0],
  ["f6d3", "not bl", "rax=3 rbx=7f", 0x8d5, "rbx=80", 0x8d5],
  ["f6d3", "not bl", "rax=0 rbx=ff", 0x0, "rbx=0", 0x0],
  ["f6db", "neg bl", "rax=abcd000000000081 rdx=1111 rbx=81", 0x8d5, "rbx=7f", 0x11],
  ["f6db", "neg bl", "rax=3 rbx=7f", 0x0, "rbx=81", 0x95],
  ["f6db", "neg bl", "rax=0 rbx=ff", 0x8d5, "rbx=1", 0x11],
  ["f6e3", "mul bl", "rax=abcd000000000081 rdx=1111 rbx=81", 0x0, "rax=abcd000000004101", 0x801],
  ["f6e3", "mul bl", "rax=3 rbx=7f", 0x8d5, "rax=17d", 0x8d5],
  ["f6e3", "mul bl", "rax=0 rbx=ff", 0x0, "", 0x0],
  ["f6eb", "imul bl", "rax=abcd000000000081 rdx=1111 rbx=81", 0x8d5, "rax=abcd000000003f01", 0x8d5],
  ["f6eb", "imul bl", "rax=3 rbx=7f", 0x0, "rax=17d", 0x801],
  ["f6eb", "imul bl", "rax=0 rbx=ff", 0x8d5, "", 0xd4],
  ["f6f3", "div bl", "rax=3e8 rdx=0 rbx=7", 0x0, "rax=68e", 0x10],
  ["f6f3", "div bl", "rax=ff rdx=0 rbx=ff", 0x8d5, "rax=1", 0x811],
  ["f6f3", "div bl", "rax=5 rdx=0 rbx=0", 0x0, "", 0x0, "", 8],
  ["f6f3", "div bl", "rax=200 rdx=1 rbx=1", 0x8d5, "", 0x8d5, "", 8],
  ["f6fb", "idiv bl", "rax=fffffffffffffc18 rdx=ffffffffffffffff rbx=7", 0x0, "", 0x0, "", 8],
  ["f6fb", "idiv bl", "rax=3e8 rdx=0 rbx=fffffffffffffff9", 0x8d5, "", 0x8d5, "", 8],
  ["f6fb", "idiv bl", "rax=ff80 rdx=ffffffffffffffff rbx=ffffffffffffffff", 0x0, "", 0x0, "", 8],
  ["f626", "mul byte ptr [rsi]", "rax=c5 rsi=600100 [100]=c5", 0x8d5, "rax=9799", 0x8d5],
  ["f61e", "neg byte ptr [rsi]", "rsi=600100 [100]=80", 0x0, "", 0x881],
  ["f61e", "neg byte ptr [rsi]", "rsi=600100 [100]=0", 0x8d5, "", 0x44],
  ["66f7d3", "not bx", "rax=abcd000000008001 rdx=1111 rbx=8001", 0x0, "rbx=7ffe", 0x0],
  ["66f7d3", "not bx", "rax=3 rbx=7fff", 0x8d5, "rbx=8000", 0x8d5],
  ["66f7d3", "not bx", "rax=0 rbx=ffff", 0x0, "rbx=0", 0x0],
  ["66f7db", "neg bx", "rax=abcd000000008001 rdx=1111 rbx=8001", 0x8d5, "rbx=7fff", 0x15],
  ["66f7db", "neg bx", "rax=3 rbx=7fff", 0x0, "rbx=8001", 0x91],
  ["66f7db", "neg bx", "rax=0 rbx=ffff", 0x8d5, "rbx=1", 0x11],
  ["66f7e3", "mul bx", "rax=abcd000000008001 rdx=1111 rbx=8001", 0x0, "rax=abcd000000000001 rdx=4001", 0x801],
  ["66f7e3", "mul bx", "rax=3 rbx=7fff", 0x8d5, "rax=7ffd rdx=1212121212120001", 0x8d5],
  ["66f7e3", "mul bx", "rax=0 rbx=ffff", 0x0, "rdx=1212121212120000", 0x0],
  ["66f7eb", "imul bx", "rax=abcd000000008001 rdx=1111 rbx=8001", 0x8d5, "rax=abcd000000000001 rdx=3fff", 0x8d5],
  ["66f7eb", "imul bx", "rax=3 rbx=7fff", 0x0, "rax=7ffd rdx=1212121212120001", 0x801],
  ["66f7eb", "imul bx", "rax=0 rbx=ffff", 0x8d5, "rdx=1212121212120000", 0xd4],
  ["66f7f3", "div bx", "rax=3e8 rdx=0 rbx=7", 0x0, "rax=8e rdx=6", 0x10],
  ["66f7f3", "div bx", "rax=ffff rdx=7fff rbx=ffff", 0x8d5, "rax=8000", 0x811],
  ["66f7f3", "div bx", "rax=5 rdx=0 rbx=0", 0x0, "", 0x0, "", 8],
  ["66f7f3", "div bx", "rax=0 rdx=1 rbx=1", 0x8d5, "", 0x8d5, "", 8],
  ["66f7fb", "idiv bx", "rax=fffffffffffffc18 rdx=ffffffffffffffff rbx=7", 0x0, "rax=ffffffffffffff72 rdx=fffffffffffffffa", 0x10],
  ["66f7fb", "idiv bx", "rax=3e8 rdx=0 rbx=fffffffffffffff9", 0x8d5, "rax=ff72 rdx=6", 0x811],
  ["66f7fb", "idiv bx", "rax=8000 rdx=ffffffffffffffff rbx=ffffffffffffffff", 0x0, "", 0x0, "", 8],
  ["66f726", "mul word ptr [rsi]", "rax=c5a3 rsi=600100 [100]=c5a3", 0x8d5, "rax=45c9 rdx=1212121212129894", 0x8d5],
  ["66f71e", "neg word ptr [rsi]", "rsi=600100 [100]=8000", 0x0, "", 0x885],
  ["66f71e", "neg word ptr [rsi]", "rsi=600100 [100]=0", 0x8d5, "", 0x44],
  ["f7d3", "not ebx", "rax=abcd000080000001 rdx=1111 rbx=80000001", 0x0, "rbx=7ffffffe", 0x0],
  ["f7d3", "not ebx", "rax=3 rbx=7fffffff", 0x8d5, "rbx=80000000", 0x8d5],
  ["f7d3", "not ebx", "rax=0 rbx=ffffffff", 0x0, "rbx=0", 0x0],
  ["f7db", "neg ebx", "rax=abcd000080000001 rdx=1111 rbx=80000001", 0x8d5, "rbx=7fffffff", 0x15],
  ["f7db", "neg ebx", "rax=3 rbx=7fffffff", 0x0, "rbx=80000001", 0x91],
  ["f7db", "neg ebx", "rax=0 rbx=ffffffff", 0x8d5, "rbx=1", 0x11],
  ["f7e3", "mul ebx", "rax=abcd000080000001 rdx=1111 rbx=80000001", 0x0, "rax=1 rdx=40000001", 0x801],
  ["f7e3", "mul ebx", "rax=3 rbx=7fffffff", 0x8d5, "rax=7ffffffd rdx=1", 0x8d5],
  ["f7e3", "mul ebx", "rax=0 rbx=ffffffff", 0x0, "rdx=0", 0x0],
  ["f7eb", "imul ebx", "rax=abcd000080000001 rdx=1111 rbx=80000001", 0x8d5, "rax=1 rdx=3fffffff", 0x8d5],
  ["f7eb", "imul ebx", "rax=3 rbx=7fffffff", 0x0, "rax=7ffffffd rdx=1", 0x801],
  ["f7eb", "imul ebx", "rax=0 rbx=ffffffff", 0x8d5, "rdx=0", 0xd4],
  ["f7f3", "div ebx", "rax=3e8 rdx=0 rbx=7", 0x0, "rax=8e rdx=6", 0x10],
  ["f7f3", "div ebx", "rax=ffffffff rdx=7fffffff rbx=ffffffff", 0x8d5, "rax=80000000", 0x811],
  ["f7f3", "div ebx", "rax=5 rdx=0 rbx=0", 0x0, "", 0x0, "", 8],
  ["f7f3", "div ebx", "rax=0 rdx=1 rbx=1", 0x8d5, "", 0x8d5, "", 8],
  ["f7fb", "idiv ebx", "rax=fffffffffffffc18 rdx=ffffffffffffffff rbx=7", 0x0, "rax=ffffff72 rdx=fffffffa", 0x10],
  ["f7fb", "idiv ebx", "rax=3e8 rdx=0 rbx=fffffffffffffff9", 0x8d5, "rax=ffffff72 rdx=6", 0x811],
  ["f7fb", "idiv ebx", "rax=80000000 rdx=ffffffffffffffff rbx=ffffffffffffffff", 0x0, "", 0x0, "", 8],
  ["f726", "mul dword ptr [rsi]", "rax=c5a3e1f7 rsi=600100 [100]=c5a3e1f7", 0x8d5, "rax=adfe1c51 rdx=9895a2af", 0x8d5],
  ["f71e", "neg dword ptr [rsi]", "rsi=600100 [100]=80000000", 0x0, "", 0x885],
  ["f71e", "neg dword ptr [rsi]", "rsi=600100 [100]=0", 0x8d5, "", 0x44],
  ["48f7d3", "not rbx", "rax=8000000000000001 rdx=1111 rbx=8000000000000001", 0x0, "rbx=7ffffffffffffffe", 0x0],
  ["48f7d3", "not rbx", "rax=3 rbx=7fffffffffffffff", 0x8d5, "rbx=8000000000000000", 0x8d5],
  ["48f7d3", "not rbx", "rax=0 rbx=ffffffffffffffff", 0x0, "rbx=0", 0x0],
  ["48f7db", "neg rbx", "rax=8000000000000001 rdx=1111 rbx=8000000000000001", 0x8d5, "rbx=7fffffffffffffff", 0x15],
  ["48f7db", "neg rbx", "rax=3 rbx=7fffffffffffffff", 0x0, "rbx=8000000000000001", 0x91],
  ["48f7db", "neg rbx", "rax=0 rbx=ffffffffffffffff", 0x8d5, "rbx=1", 0x11],
  ["48f7e3", "mul rbx", "rax=8000000000000001 rdx=1111 rbx=8000000000000001", 0x0, "rax=1 rdx=4000000000000001", 0x801],
  ["48f7e3", "mul rbx", "rax=3 rbx=7fffffffffffffff", 0x8d5, "rax=7ffffffffffffffd rdx=1", 0x8d5],
  ["48f7e3", "mul rbx", "rax=0 rbx=ffffffffffffffff", 0x0, "rdx=0", 0x0],
  ["48f7eb", "imul rbx", "rax=8000000000000001 rdx=1111 rbx=8000000000000001", 0x8d5, "rax=1 rdx=3fffffffffffffff", 0x8d5],
  ["48f7eb", "imul rbx", "rax=3 rbx=7fffffffffffffff", 0x0, "rax=7ffffffffffffffd rdx=1", 0x801],
  ["48f7eb", "imul rbx", "rax=0 rbx=ffffffffffffffff", 0x8d5, "rdx=0", 0xd4],
  ["48f7f3", "div rbx", "rax=3e8 rdx=0 rbx=7", 0x0, "rax=8e rdx=6", 0x10],
  ["48f7f3", "div rbx", "rax=ffffffffffffffff rdx=7fffffffffffffff rbx=ffffffffffffffff", 0x8d5, "rax=8000000000000000", 0x811],
  ["48f7f3", "div rbx", "rax=5 rdx=0 rbx=0", 0x0, "", 0x0, "", 8],
  ["48f7f3", "div rbx", "rax=0 rdx=1 rbx=1", 0x8d5, "", 0x8d5, "", 8],
  ["48f7fb", "idiv rbx", "rax=fffffffffffffc18 rdx=ffffffffffffffff rbx=7", 0x0, "rax=ffffffffffffff72 rdx=fffffffffffffffa", 0x10],
  ["48f7fb", "idiv rbx", "rax=3e8 rdx=0 rbx=fffffffffffffff9", 0x8d5, "rax=ffffffffffffff72 rdx=6", 0x811],
  ["48f7fb", "idiv rbx", "rax=8000000000000000 rdx=ffffffffffffffff rbx=ffffffffffffffff", 0x0, "", 0x0, "", 8],
  ["48f726", "mul qword ptr [rsi]", "rax=c5a3e1f70b1d2f49 rsi=600100 [100]=c5a3e1f70b1d2f49", 0x8d5, "rax=50e116420545e2d1 rdx=9895a2afbf2741e0", 0x8d5],
  ["48f71e", "neg qword ptr [rsi]", "rsi=600100 [100]=8000000000000000", 0x0, "", 0x885],
  ["48f71e", "neg qword ptr [rsi]", "rsi=600100 [100]=0", 0x8d5, "", 0x44],
  ["a901000080", "test eax, 0x80000001", "rax=80000000", 0x8d5, "", 0x84],
  ["48f706feffffff", "test qword ptr [rsi], -2", "rsi=600100 [100]=8000000000000001", 0x0, "", 0x84],
  ["f6c35a", "test bl, 0x5a", "rbx=a5", 0x8d5, "", 0x44],
  ["f7c801000080", ".byte 0xf7, 0xc8, 0x01, 0x00, 0x00, 0x80", "rax=80000000", 0x0, "", 0x84],
  ["48f7f1", "div rcx", "rax=123456789abcdef rcx=1000000000000001 rdx=12345", 0x0, "rax=123450 rdx=12345678999999f", 0x10],
  ["48f7f9", "idiv rcx", "rax=123456789abcdef rcx=7000000000000001 rdx=fffffffffffffff0", 0x0, "rax=ffffffffffffffdc rdx=c123456789abce13", 0x10],
  ["f7f9", "idiv ecx", "rax=0 rcx=80000000 rdx=80000000", 0x0, "", 0x0, "", 8],
  ["f7f9", "idiv ecx", "rax=0 rcx=80000000 rdx=c0000000", 0x8d5, "", 0x8d5, "", 8],
  ["660fafc3", "imul ax, bx", "rax=8001 rbx=c5a3", 0x0, "rax=45a3", 0x801],
  ["660fafc3", "imul ax, bx", "rax=3 rbx=5", 0x8d5, "rax=f", 0xd4],
  ["660fafc3", "imul ax, bx", "rax=7fff rbx=ffffffffffffffff", 0x0, "rax=8001", 0x0],
  ["666bc39c", "imul ax, bx, -100", "rbx=4000", 0x8d5, "rax=1010101010100000", 0x8d5],
  ["666bc39c", "imul ax, bx, -100", "rbx=7", 0x0, "rax=101010101010fd44", 0x0],
  ["666b0607", "imul ax, word ptr [rsi], 7", "rsi=600100 [100]=c5a3", 0x8d5, "rax=1010101010106775", 0x8d5],
  ["0fafc3", "imul eax, ebx", "rax=80000001 rbx=c5a3e1f7", 0x0, "rax=45a3e1f7", 0x801],
  ["0fafc3", "imul eax, ebx", "rax=3 rbx=5", 0x8d5, "rax=f", 0xd4],
  ["0fafc3", "imul eax, ebx", "rax=7fffffff rbx=ffffffffffffffff", 0x0, "rax=80000001", 0x0],
  ["6bc39c", "imul eax, ebx, -100", "rbx=40000000", 0x8d5, "rax=0", 0x8d5],
  ["6bc39c", "imul eax, ebx, -100", "rbx=7", 0x0, "rax=fffffd44", 0x0],
  ["6b0607", "imul eax, dword ptr [rsi], 7", "rsi=600100 [100]=c5a3e1f7", 0x8d5, "rax=677b2dc1", 0x8d5],
  ["480fafc3", "imul rax, rbx", "rax=8000000000000001 rbx=c5a3e1f70b1d2f49", 0x0, "rax=45a3e1f70b1d2f49", 0x801],
  ["480fafc3", "imul rax, rbx", "rax=3 rbx=5", 0x8d5, "rax=f", 0xd4],
  ["480fafc3", "imul rax, rbx", "rax=7fffffffffffffff rbx=ffffffffffffffff", 0x0, "rax=8000000000000001", 0x0],
  ["486bc39c", "imul rax, rbx, -100", "rbx=4000000000000000", 0x8d5, "rax=0", 0x8d5],
  ["486bc39c", "imul rax, rbx, -100", "rbx=7", 0x0, "rax=fffffffffffffd44", 0x0],
  ["486b0607", "imul rax, qword ptr [rsi], 7", "rsi=600100 [100]=c5a3e1f70b1d2f49", 0x8d5, "rax=677b2dc14dcc4aff", 0x8d5],
  ["69c378563412", "imul eax, ebx, 0x12345678", "rbx=1000", 0x0, "rax=45678000", 0x801],
  ["660fa3d8", "bt ax, bx", "rax=c5a3 rbx=0", 0x0, "", 0x1],
  ["660fa3d8", "bt ax, bx", "rax=c5a3 rbx=5", 0x8d5, "", 0x8d5],
  ["660fa3d8", "bt ax, bx", "rax=c5a3 rbx=f", 0x0, "", 0x1],
  ["660fa3d8", "bt ax, bx", "rax=c5a3 rbx=11", 0x8d5, "", 0x8d5],
  ["660fa31e", "bt word ptr [rsi], bx", "rbx=3 rsi=600100", 0x0, "", 0x1],
  ["660fa31e", "bt word ptr [rsi], bx", "rbx=13 rsi=600100", 0x8d5, "", 0x8d4],
  ["660fa31e", "bt word ptr [rsi], bx", "rbx=ffffffffffffffff rsi=600100", 0x0, "", 0x1],
  ["660fa31e", "bt word ptr [rsi], bx", "rbx=ffffffffffffffeb rsi=600100", 0x8d5, "", 0x8d5],
  ["660fa31e", "bt word ptr [rsi], bx", "rbx=3e8 rsi=600100", 0x0, "", 0x0],
  ["0fa3d8", "bt eax, ebx", "rax=c5a3e1f7 rbx=0", 0x8d5, "", 0x8d5],
  ["0fa3d8", "bt eax, ebx", "rax=c5a3e1f7 rbx=5", 0x0, "", 0x1],
  ["0fa3d8", "bt eax, ebx", "rax=c5a3e1f7 rbx=1f", 0x8d5, "", 0x8d5],
  ["0fa3d8", "bt eax, ebx", "rax=c5a3e1f7 rbx=21", 0x0, "", 0x1],
  ["0fa31e", "bt dword ptr [rsi], ebx", "rbx=3 rsi=600100", 0x8d5, "", 0x8d5],
  ["0fa31e", "bt dword ptr [rsi], ebx", "rbx=23 rsi=600100", 0x0, "", 0x1],
  ["0fa31e", "bt dword ptr [rsi], ebx", "rbx=ffffffffffffffff rsi=600100", 0x8d5, "", 0x8d5],
  ["0fa31e", "bt dword ptr [rsi], ebx", "rbx=ffffffffffffffdb rsi=600100", 0x0, "", 0x0],
  ["0fa31e", "bt dword ptr [rsi], ebx", "rbx=3e8 rsi=600100", 0x8d5, "", 0x8d4],
  ["480fa3d8", "bt rax, rbx", "rax=c5a3e1f70b1d2f49 rbx=0", 0x0, "", 0x1],
  ["480fa3d8", "bt rax, rbx", "rax=c5a3e1f70b1d2f49 rbx=5", 0x8d5, "", 0x8d4],
  ["480fa3d8", "bt rax, rbx", "rax=c5a3e1f70b1d2f49 rbx=3f", 0x0, "", 0x1],
  ["480fa3d8", "bt rax, rbx", "rax=c5a3e1f70b1d2f49 rbx=41", 0x8d5, "", 0x8d4],
  ["480fa31e", "bt qword ptr [rsi], rbx", "rbx=3 rsi=600100", 0x0, "", 0x1],
  ["480fa31e", "bt qword ptr [rsi], rbx", "rbx=43 rsi=600100", 0x8d5, "", 0x8d4],
  ["480fa31e", "bt qword ptr [rsi], rbx", "rbx=ffffffffffffffff rsi=600100", 0x0, "", 0x1],
  ["480fa31e", "bt qword ptr [rsi], rbx", "rbx=ffffffffffffffbb rsi=600100", 0x8d5, "", 0x8d5],
  ["480fa31e", "bt qword ptr [rsi], rbx", "rbx=3e8 rsi=600100", 0x0, "", 0x0],
  ["0fbae023", "bt eax, 35", "rax=fffffff7", 0x8d5, "", 0x8d4],
  ["480fba263f", "bt qword ptr [rsi], 63", "rsi=600100 [100]=8000000000000000", 0x0, "", 0x1],
  ["660fabd8", "bts ax, bx", "rax=c5a3 rbx=0", 0x8d5, "", 0x8d5],
  ["660fabd8", "bts ax, bx", "rax=c5a3 rbx=5", 0x0, "", 0x1],
  ["660fabd8", "bts ax, bx", "rax=c5a3 rbx=f", 0x8d5, "", 0x8d5],
  ["660fabd8", "bts ax, bx", "rax=c5a3 rbx=11", 0x0, "", 0x1],
  ["660fab1e", "bts word ptr [rsi], bx", "rbx=3 rsi=600100", 0x8d5, "", 0x8d5],
  ["660fab1e", "bts word ptr [rsi], bx", "rbx=13 rsi=600100", 0x0, "", 0x0, "102:5d"],
  ["660fab1e", "bts word ptr [rsi], bx", "rbx=ffffffffffffffff rsi=600100", 0x8d5, "", 0x8d5],
  ["660fab1e", "bts word ptr [rsi], bx", "rbx=ffffffffffffffeb rsi=600100", 0x0, "", 0x1],
  ["660fab1e", "bts word ptr [rsi], bx", "rbx=3e8 rsi=600100", 0x8d5, "", 0x8d4, "17d:1d"],
  ["0fabd8", "bts eax, ebx", "rax=c5a3e1f7 rbx=0", 0x0, "", 0x1],
  ["0fabd8", "bts eax, ebx", "rax=c5a3e1f7 rbx=5", 0x8d5, "", 0x8d5],
  ["0fabd8", "bts eax, ebx", "rax=c5a3e1f7 rbx=1f", 0x0, "", 0x1],
  ["0fabd8", "bts eax, ebx", "rax=c5a3e1f7 rbx=21", 0x8d5, "", 0x8d5],
  ["0fab1e", "bts dword ptr [rsi], ebx", "rbx=3 rsi=600100", 0x0, "", 0x1],
  ["0fab1e", "bts dword ptr [rsi], ebx", "rbx=23 rsi=600100", 0x8d5, "", 0x8d5],
  ["0fab1e", "bts dword ptr [rsi], ebx", "rbx=ffffffffffffffff rsi=600100", 0x0, "", 0x1],
  ["0fab1e", "bts dword ptr [rsi], ebx", "rbx=ffffffffffffffdb rsi=600100", 0x8d5, "", 0x8d4, "fb:5a"],
  ["0fab1e", "bts dword ptr [rsi], ebx", "rbx=3e8 rsi=600100", 0x0, "", 0x0, "17d:1d"],
  ["480fabd8", "bts rax, rbx", "rax=c5a3e1f70b1d2f49 rbx=0", 0x8d5, "", 0x8d5],
  ["480fabd8", "bts rax, rbx", "rax=c5a3e1f70b1d2f49 rbx=5", 0x0, "rax=c5a3e1f70b1d2f69", 0x0],
  ["480fabd8", "bts rax, rbx", "rax=c5a3e1f70b1d2f49 rbx=3f", 0x8d5, "", 0x8d5],
  ["480fabd8", "bts rax, rbx", "rax=c5a3e1f70b1d2f49 rbx=41", 0x0, "rax=c5a3e1f70b1d2f4b", 0x0],
  ["480fab1e", "bts qword ptr [rsi], rbx", "rbx=3 rsi=600100", 0x8d5, "", 0x8d5],
  ["480fab1e", "bts qword ptr [rsi], rbx", "rbx=43 rsi=600100", 0x0, "", 0x0, "108:3b"],
  ["480fab1e", "bts qword ptr [rsi], rbx", "rbx=ffffffffffffffff rsi=600100", 0x8d5, "", 0x8d5],
  ["480fab1e", "bts qword ptr [rsi], rbx", "rbx=ffffffffffffffbb rsi=600100", 0x0, "", 0x1],
  ["480fab1e", "bts qword ptr [rsi], rbx", "rbx=3e8 rsi=600100", 0x8d5, "", 0x8d4, "17d:1d"],
  ["0fbae823", "bts eax, 35", "rax=fffffff7", 0x0, "rax=ffffffff", 0x0],
  ["480fba2e3f", "bts qword ptr [rsi], 63", "rsi=600100 [100]=8000000000000000", 0x8d5, "", 0x8d5],
  ["660fb3d8", "btr ax, bx", "rax=c5a3 rbx=0", 0x0, "rax=c5a2", 0x1],
  ["660fb3d8", "btr ax, bx", "rax=c5a3 rbx=5", 0x8d5, "rax=c583", 0x8d5],
  ["660fb3d8", "btr ax, bx", "rax=c5a3 rbx=f", 0x0, "rax=45a3", 0x1],
  ["660fb3d8", "btr ax, bx", "rax=c5a3 rbx=11", 0x8d5, "rax=c5a1", 0x8d5],
  ["660fb31e", "btr word ptr [rsi], bx", "rbx=3 rsi=600100", 0x0, "", 0x1, "100:03"],
  ["660fb31e", "btr word ptr [rsi], bx", "rbx=13 rsi=600100", 0x8d5, "", 0x8d4],
  ["660fb31e", "btr word ptr [rsi], bx", "rbx=ffffffffffffffff rsi=600100", 0x0, "", 0x1, "ff:66"],
  ["660fb31e", "btr word ptr [rsi], bx", "rbx=ffffffffffffffeb rsi=600100", 0x8d5, "", 0x8d5, "fd:94"],
  ["660fb31e", "btr word ptr [rsi], bx", "rbx=3e8 rsi=600100", 0x0, "", 0x0],
  ["0fb3d8", "btr eax, ebx", "rax=c5a3e1f7 rbx=0", 0x8d5, "rax=c5a3e1f6", 0x8d5],
  ["0fb3d8", "btr eax, ebx", "rax=c5a3e1f7 rbx=5", 0x0, "rax=c5a3e1d7", 0x1],
  ["0fb3d8", "btr eax, ebx", "rax=c5a3e1f7 rbx=1f", 0x8d5, "rax=45a3e1f7", 0x8d5],
  ["0fb3d8", "btr eax, ebx", "rax=c5a3e1f7 rbx=21", 0x0, "rax=c5a3e1f5", 0x1],
  ["0fb31e", "btr dword ptr [rsi], ebx", "rbx=3 rsi=600100", 0x8d5, "", 0x8d5, "100:03"],
  ["0fb31e", "btr dword ptr [rsi], ebx", "rbx=23 rsi=600100", 0x0, "", 0x1, "104:97"],
  ["0fb31e", "btr dword ptr [rsi], ebx", "rbx=ffffffffffffffff rsi=600100", 0x8d5, "", 0x8d5, "ff:66"],
  ["0fb31e", "btr dword ptr [rsi], ebx", "rbx=ffffffffffffffdb rsi=600100", 0x0, "", 0x0],
  ["0fb31e", "btr dword ptr [rsi], ebx", "rbx=3e8 rsi=600100", 0x8d5, "", 0x8d4],
  ["480fb3d8", "btr rax, rbx", "rax=c5a3e1f70b1d2f49 rbx=0", 0x0, "rax=c5a3e1f70b1d2f48", 0x1],
  ["480fb3d8", "btr rax, rbx", "rax=c5a3e1f70b1d2f49 rbx=5", 0x8d5, "", 0x8d4],
  ["480fb3d8", "btr rax, rbx", "rax=c5a3e1f70b1d2f49 rbx=3f", 0x0, "rax=45a3e1f70b1d2f49", 0x1],
  ["480fb3d8", "btr rax, rbx", "rax=c5a3e1f70b1d2f49 rbx=41", 0x8d5, "", 0x8d4],
  ["480fb31e", "btr qword ptr [rsi], rbx", "rbx=3 rsi=600100", 0x0, "", 0x1, "100:03"],
  ["480fb31e", "btr qword ptr [rsi], rbx", "rbx=43 rsi=600100", 0x8d5, "", 0x8d4],
  ["480fb31e", "btr qword ptr [rsi], rbx", "rbx=ffffffffffffffff rsi=600100", 0x0, "", 0x1, "ff:66"],
  ["480fb31e", "btr qword ptr [rsi], rbx", "rbx=ffffffffffffffbb rsi=600100", 0x8d5, "", 0x8d5, "f7:b6"],
  ["480fb31e", "btr qword ptr [rsi], rbx", "rbx=3e8 rsi=600100", 0x0, "", 0x0],
  ["0fbaf023", "btr eax, 35", "rax=fffffff7", 0x8d5, "", 0x8d4],
  ["480fba363f", "btr qword ptr [rsi], 63", "rsi=600100 [100]=8000000000000000", 0x0, "", 0x1, "107:00"],
  ["660fbbd8", "btc ax, bx", "rax=c5a3 rbx=0", 0x8d5, "rax=c5a2", 0x8d5],
  ["660fbbd8", "btc ax, bx", "rax=c5a3 rbx=5", 0x0, "rax=c583", 0x1],
  ["660fbbd8", "btc ax, bx", "rax=c5a3 rbx=f", 0x8d5, "rax=45a3", 0x8d5],
  ["660fbbd8", "btc ax, bx", "rax=c5a3 rbx=11", 0x0, "rax=c5a1", 0x1],
  ["660fbb1e", "btc word ptr [rsi], bx", "rbx=3 rsi=600100", 0x8d5, "", 0x8d5, "100:03"],
  ["660fbb1e", "btc word ptr [rsi], bx", "rbx=13 rsi=600100", 0x0, "", 0x0, "102:5d"],
  ["660fbb1e", "btc word ptr [rsi], bx", "rbx=ffffffffffffffff rsi=600100", 0x8d5, "", 0x8d5, "ff:66"],
  ["660fbb1e", "btc word ptr [rsi], bx", "rbx=ffffffffffffffeb rsi=600100", 0x0, "", 0x1, "fd:94"],
  ["660fbb1e", "btc word ptr [rsi], bx", "rbx=3e8 rsi=600100", 0x8d5, "", 0x8d4, "17d:1d"],
  ["0fbbd8", "btc eax, ebx", "rax=c5a3e1f7 rbx=0", 0x0, "rax=c5a3e1f6", 0x1],
  ["0fbbd8", "btc eax, ebx", "rax=c5a3e1f7 rbx=5", 0x8d5, "rax=c5a3e1d7", 0x8d5],
  ["0fbbd8", "btc eax, ebx", "rax=c5a3e1f7 rbx=1f", 0x0, "rax=45a3e1f7", 0x1],
  ["0fbbd8", "btc eax, ebx", "rax=c5a3e1f7 rbx=21", 0x8d5, "rax=c5a3e1f5", 0x8d5],
  ["0fbb1e", "btc dword ptr [rsi], ebx", "rbx=3 rsi=600100", 0x0, "", 0x1, "100:03"],
  ["0fbb1e", "btc dword ptr [rsi], ebx", "rbx=23 rsi=600100", 0x8d5, "", 0x8d5, "104:97"],
  ["0fbb1e", "btc dword ptr [rsi], ebx", "rbx=ffffffffffffffff rsi=600100", 0x0, "", 0x1, "ff:66"],
  ["0fbb1e", "btc dword ptr [rsi], ebx", "rbx=ffffffffffffffdb rsi=600100", 0x8d5, "", 0x8d4, "fb:5a"],
  ["0fbb1e", "btc dword ptr [rsi], ebx", "rbx=3e8 rsi=600100", 0x0, "", 0x0, "17d:1d"],
  ["480fbbd8", "btc rax, rbx", "rax=c5a3e1f70b1d2f49 rbx=0", 0x8d5, "rax=c5a3e1f70b1d2f48", 0x8d5],
  ["480fbbd8", "btc rax, rbx", "rax=c5a3e1f70b1d2f49 rbx=5", 0x0, "rax=c5a3e1f70b1d2f69", 0x0],
  ["480fbbd8", "btc rax, rbx", "rax=c5a3e1f70b1d2f49 rbx=3f", 0x8d5, "rax=45a3e1f70b1d2f49", 0x8d5],
  ["480fbbd8", "btc rax, rbx", "rax=c5a3e1f70b1d2f49 rbx=41", 0x0, "rax=c5a3e1f70b1d2f4b", 0x0],
  ["480fbb1e", "btc qword ptr [rsi], rbx", "rbx=3 rsi=600100", 0x8d5, "", 0x8d5, "100:03"],
  ["480fbb1e", "btc qword ptr [rsi], rbx", "rbx=43 rsi=600100", 0x0, "", 0x0, "108:3b"],
  ["480fbb1e", "btc qword ptr [rsi], rbx", "rbx=ffffffffffffffff rsi=600100", 0x8d5, "", 0x8d5, "ff:66"],
  ["480fbb1e", "btc qword ptr [rsi], rbx", "rbx=ffffffffffffffbb rsi=600100", 0x0, "", 0x1, "f7:b6"],
  ["480fbb1e", "btc qword ptr [rsi], rbx", "rbx=3e8 rsi=600100", 0x8d5, "", 0x8d4, "17d:1d"],
  ["0fbaf823", "btc eax, 35", "rax=fffffff7", 0x0, "rax=ffffffff", 0x0],
  ["480fba3e3f", "btc qword ptr [rsi], 63", "rsi=600100 [100]=8000000000000000", 0x8d5, "", 0x8d5, "107:00"],
  ["660fbcc3", "bsf ax, bx", "rbx=c5a3", 0x0, "rax=1010101010100000", 0x4],
  ["660fbcc3", "bsf ax, bx", "rbx=0", 0x8d5, "", 0x44],
  ["660fbcc3", "bsf ax, bx", "rbx=8000", 0x0, "rax=101010101010000f", 0x4],
  ["660fbcc3", "bsf ax, bx", "rbx=ffffffffffffffff", 0x8d5, "rax=1010101010100000", 0x4],
  ["0fbcc3", "bsf eax, ebx", "rbx=c5a3e1f7", 0x0, "rax=0", 0x4],
  ["0fbcc3", "bsf eax, ebx", "rbx=0", 0x8d5, "", 0x44],
  ["0fbcc3", "bsf eax, ebx", "rbx=80000000", 0x0, "rax=1f", 0x0],
  ["0fbcc3", "bsf eax, ebx", "rbx=ffffffffffffffff", 0x8d5, "rax=0", 0x4],
  ["480fbcc3", "bsf rax, rbx", "rbx=c5a3e1f70b1d2f49", 0x0, "rax=0", 0x4],
  ["480fbcc3", "bsf rax, rbx", "rbx=0", 0x8d5, "", 0x44],
  ["480fbcc3", "bsf rax, rbx", "rbx=8000000000000000", 0x0, "rax=3f", 0x4],
  ["480fbcc3", "bsf rax, rbx", "rbx=ffffffffffffffff", 0x8d5, "rax=0", 0x4],
  ["480fbc06", "bsf rax, qword ptr [rsi]", "rsi=600100 [100]=10000000000", 0x0, "rax=28", 0x4],
  ["660fbdc3", "bsr ax, bx", "rbx=c5a3", 0x8d5, "rax=101010101010000f", 0x4],
  ["660fbdc3", "bsr ax, bx", "rbx=0", 0x0, "", 0x44],
  ["660fbdc3", "bsr ax, bx", "rbx=8000", 0x8d5, "rax=101010101010000f", 0x4],
  ["660fbdc3", "bsr ax, bx", "rbx=ffffffffffffffff", 0x0, "rax=101010101010000f", 0x4],
  ["0fbdc3", "bsr eax, ebx", "rbx=c5a3e1f7", 0x8d5, "rax=1f", 0x0],
  ["0fbdc3", "bsr eax, ebx", "rbx=0", 0x0, "", 0x44],
  ["0fbdc3", "bsr eax, ebx", "rbx=80000000", 0x8d5, "rax=1f", 0x0],
  ["0fbdc3", "bsr eax, ebx", "rbx=ffffffffffffffff", 0x0, "rax=1f", 0x0],
  ["480fbdc3", "bsr rax, rbx", "rbx=c5a3e1f70b1d2f49", 0x8d5, "rax=3f", 0x4],
  ["480fbdc3", "bsr rax, rbx", "rbx=0", 0x0, "", 0x44],
  ["480fbdc3", "bsr rax, rbx", "rbx=8000000000000000", 0x8d5, "rax=3f", 0x4],
  ["480fbdc3", "bsr rax, rbx", "rbx=ffffffffffffffff", 0x0, "rax=3f", 0x4],
  ["480fbd06", "bsr rax, qword ptr [rsi]", "rsi=600100 [100]=10000000000", 0x8d5, "rax=28", 0x4],
  ["66f30fbcc3", "tzcnt ax, bx", "rbx=c5a3", 0x0, "rax=1010101010100000", 0x40],
  ["66f30fbcc3", "tzcnt ax, bx", "rbx=0", 0x8d5, "rax=1010101010100010", 0x801],
  ["66f30fbcc3", "tzcnt ax, bx", "rbx=8000", 0x0, "rax=101010101010000f", 0x0],
  ["66f30fbcc3", "tzcnt ax, bx", "rbx=ffffffffffffffff", 0x8d5, "rax=1010101010100000", 0x840],
  ["f30fbcc3", "tzcnt eax, ebx", "rbx=c5a3e1f7", 0x0, "rax=0", 0x40],
  ["f30fbcc3", "tzcnt eax, ebx", "rbx=0", 0x8d5, "rax=20", 0x801],
  ["f30fbcc3", "tzcnt eax, ebx", "rbx=80000000", 0x0, "rax=1f", 0x0],
  ["f30fbcc3", "tzcnt eax, ebx", "rbx=ffffffffffffffff", 0x8d5, "rax=0", 0x840],
  ["f3480fbcc3", "tzcnt rax, rbx", "rbx=c5a3e1f70b1d2f49", 0x0, "rax=0", 0x40],
  ["f3480fbcc3", "tzcnt rax, rbx", "rbx=0", 0x8d5, "rax=40", 0x801],
  ["f3480fbcc3", "tzcnt rax, rbx", "rbx=8000000000000000", 0x0, "rax=3f", 0x0],
  ["f3480fbcc3", "tzcnt rax, rbx", "rbx=ffffffffffffffff", 0x8d5, "rax=0", 0x840],
  ["f3480fbc06", "tzcnt rax, qword ptr [rsi]", "rsi=600100 [100]=10000000000", 0x0, "rax=28", 0x0],
  ["66f30fbdc3", "lzcnt ax, bx", "rbx=c5a3", 0x8d5, "rax=1010101010100000", 0x840],
  ["66f30fbdc3", "lzcnt ax, bx", "rbx=0", 0x0, "rax=1010101010100010", 0x1],
  ["66f30fbdc3", "lzcnt ax, bx", "rbx=8000", 0x8d5, "rax=1010101010100000", 0x840],
  ["66f30fbdc3", "lzcnt ax, bx", "rbx=ffffffffffffffff", 0x0, "rax=1010101010100000", 0x40],
  ["f30fbdc3", "lzcnt eax, ebx", "rbx=c5a3e1f7", 0x8d5, "rax=0", 0x840],
  ["f30fbdc3", "lzcnt eax, ebx", "rbx=0", 0x0, "rax=20", 0x1],
  ["f30fbdc3", "lzcnt eax, ebx", "rbx=80000000", 0x8d5, "rax=0", 0x840],
  ["f30fbdc3", "lzcnt eax, ebx", "rbx=ffffffffffffffff", 0x0, "rax=0", 0x40],
  ["f3480fbdc3", "lzcnt rax, rbx", "rbx=c5a3e1f70b1d2f49", 0x8d5, "rax=0", 0x840],
  ["f3480fbdc3", "lzcnt rax, rbx", "rbx=0", 0x0, "rax=40", 0x1],
  ["f3480fbdc3", "lzcnt rax, rbx", "rbx=8000000000000000", 0x8d5, "rax=0", 0x840],
  ["f3480fbdc3", "lzcnt rax, rbx", "rbx=ffffffffffffffff", 0x0, "rax=0", 0x40],
  ["f3480fbd06", "lzcnt rax, qword ptr [rsi]", "rsi=600100 [100]=10000000000", 0x8d5, "rax=17", 0x800],
  ["66f30fb8c3", "popcnt ax, bx", "rbx=c5a3", 0x0, "rax=1010101010100008", 0x0],
  ["66f30fb8c3", "popcnt ax, bx", "rbx=0", 0x8d5, "rax=1010101010100000", 0x40],
  ["66f30fb8c3", "popcnt ax, bx", "rbx=8000", 0x0, "rax=1010101010100001", 0x0],
  ["66f30fb8c3", "popcnt ax, bx", "rbx=ffffffffffffffff", 0x8d5, "rax=1010101010100010", 0x0],
  ["f30fb8c3", "popcnt eax, ebx", "rbx=c5a3e1f7", 0x0, "rax=13", 0x0],
  ["f30fb8c3", "popcnt eax, ebx", "rbx=0", 0x8d5, "rax=0", 0x40],
  ["f30fb8c3", "popcnt eax, ebx", "rbx=80000000", 0x0, "rax=1", 0x0],
  ["f30fb8c3", "popcnt eax, ebx", "rbx=ffffffffffffffff", 0x8d5, "rax=20", 0x0],
  ["f3480fb8c3", "popcnt rax, rbx", "rbx=c5a3e1f70b1d2f49", 0x0, "rax=22", 0x0],
  ["f3480fb8c3", "popcnt rax, rbx", "rbx=0", 0x8d5, "rax=0", 0x40],
  ["f3480fb8c3", "popcnt rax, rbx", "rbx=8000000000000000", 0x0, "rax=1", 0x0],
  ["f3480fb8c3", "popcnt rax, rbx", "rbx=ffffffffffffffff", 0x8d5, "rax=40", 0x0],
  ["f3480fb806", "popcnt rax, qword ptr [rsi]", "rsi=600100 [100]=10000000000", 0x0, "rax=1", 0x0],
  ["f20fbcc3", ".byte 0xf2, 0x0f, 0xbc, 0xc3", "rbx=80", 0x0, "rax=7", 0x0],
  ["a4", "movsb", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rsi=600041 rdi=600081", 0x0, "80:4b"],
  ["a4", "movsb", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rsi=60003f rdi=60007f", 0xcd5, "80:4b"],
  ["f3a4", "rep movsb", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rcx=0 rsi=600045 rdi=600085", 0x0, "80:4b7095badf"],
  ["f3a4", "rep movsb", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rcx=0 rsi=60003b rdi=60007b", 0x400, "7c:b7dc01264b"],
  ["f3a4", "rep movsb", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["66a5", "movsw", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rsi=600042 rdi=600082", 0x0, "80:4b70"],
  ["66a5", "movsw", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rsi=60003e rdi=60007e", 0xcd5, "80:4b70"],
  ["66f3a5", "rep movsw", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rcx=0 rsi=60004a rdi=60008a", 0x0, "80:4b7095badf04294e7398"],
  ["66f3a5", "rep movsw", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rcx=0 rsi=600036 rdi=600076", 0x400, "78:23486d92b7dc01264b70"],
  ["66f3a5", "rep movsw", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["a5", "movsd", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rsi=600044 rdi=600084", 0x0, "80:4b7095ba"],
  ["a5", "movsd", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rsi=60003c rdi=60007c", 0xcd5, "80:4b7095ba"],
  ["f3a5", "rep movsd", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rcx=0 rsi=600054 rdi=600094", 0x0, "80:4b7095badf04294e7398bde2072c51769bc0e50a"],
  ["f3a5", "rep movsd", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rcx=0 rsi=60002c rdi=60006c", 0x400, "70:fb20456a8fb4d9fe23486d92b7dc01264b7095ba"],
  ["f3a5", "rep movsd", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["48a5", "movsq", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rsi=600048 rdi=600088", 0x0, "80:4b7095badf04294e"],
  ["48a5", "movsq", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rsi=600038 rdi=600078", 0xcd5, "80:4b7095badf04294e"],
  ["f348a5", "rep movsq", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rcx=0 rsi=600068 rdi=6000a8", 0x0, "80:28#2d11cbc5"],
  ["f348a5", "rep movsq", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rcx=0 rsi=600018 rdi=600058", 0x400, "60:28#f797e245"],
  ["f348a5", "rep movsq", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["aa", "stosb", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rdi=600081", 0x0, "80:88"],
  ["aa", "stosb", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rdi=60007f", 0xcd5, "80:88"],
  ["f3aa", "rep stosb", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rcx=0 rdi=600085", 0x0, "80:2c2c2c2c2c"],
  ["f3aa", "rep stosb", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rcx=0 rdi=60007b", 0x400, "7c:2c2c2c2c2c"],
  ["f3aa", "rep stosb", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["66ab", "stosw", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rdi=600082", 0x0, "80:8877"],
  ["66ab", "stosw", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rdi=60007e", 0xcd5, "80:8877"],
  ["66f3ab", "rep stosw", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rcx=0 rdi=60008a", 0x0, "80:2c2c2c2c2c2c2c2c2c2c"],
  ["66f3ab", "rep stosw", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rcx=0 rdi=600076", 0x400, "78:2c2c2c2c2c2c2c2c2c2c"],
  ["66f3ab", "rep stosw", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["ab", "stosd", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rdi=600084", 0x0, "80:88776655"],
  ["ab", "stosd", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rdi=60007c", 0xcd5, "80:88776655"],
  ["f3ab", "rep stosd", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rcx=0 rdi=600094", 0x0, "80:2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c"],
  ["f3ab", "rep stosd", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rcx=0 rdi=60006c", 0x400, "70:2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c"],
  ["f3ab", "rep stosd", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["48ab", "stosq", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rdi=600088", 0x0, "80:8877665544332211"],
  ["48ab", "stosq", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rdi=600078", 0xcd5, "80:8877665544332211"],
  ["f348ab", "rep stosq", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rcx=0 rdi=6000a8", 0x0, "80:28#7fed2345"],
  ["f348ab", "rep stosq", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rcx=0 rdi=600058", 0x400, "60:28#7fed2345"],
  ["f348ab", "rep stosq", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["ac", "lodsb", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rax=112233445566774b rsi=600041", 0x0],
  ["ac", "lodsb", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rax=112233445566774b rsi=60003f", 0xcd5],
  ["f3ac", "rep lodsb", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rax=2c2c2c2c2c2c2cdf rcx=0 rsi=600045", 0x0],
  ["f3ac", "rep lodsb", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rax=2c2c2c2c2c2c2cb7 rcx=0 rsi=60003b", 0x400],
  ["f3ac", "rep lodsb", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["66ad", "lodsw", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rax=112233445566704b rsi=600042", 0x0],
  ["66ad", "lodsw", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rax=112233445566704b rsi=60003e", 0xcd5],
  ["66f3ad", "rep lodsw", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rax=2c2c2c2c2c2c9873 rcx=0 rsi=60004a", 0x0],
  ["66f3ad", "rep lodsw", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rax=2c2c2c2c2c2c4823 rcx=0 rsi=600036", 0x400],
  ["66f3ad", "rep lodsw", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["ad", "lodsd", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rax=ba95704b rsi=600044", 0x0],
  ["ad", "lodsd", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rax=ba95704b rsi=60003c", 0xcd5],
  ["f3ad", "rep lodsd", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rax=ae5c09b rcx=0 rsi=600054", 0x0],
  ["f3ad", "rep lodsd", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rax=6a4520fb rcx=0 rsi=60002c", 0x400],
  ["f3ad", "rep lodsd", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["48ad", "lodsq", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rax=4e2904dfba95704b rsi=600048", 0x0],
  ["48ad", "lodsq", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rax=4e2904dfba95704b rsi=600038", 0xcd5],
  ["f348ad", "rep lodsq", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rax=eec9a47f5a3510eb rcx=0 rsi=600068", 0x0],
  ["f348ad", "rep lodsq", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rax=ae89643f1af5d0ab rcx=0 rsi=600018", 0x400],
  ["f348ad", "rep lodsq", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["a6", "cmpsb", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rsi=600041 rdi=600081", 0x885],
  ["a6", "cmpsb", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rsi=60003f rdi=60007f", 0xc85],
  ["f3a6", "repe cmpsb", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rcx=4 rsi=600041 rdi=600081", 0x885],
  ["f3a6", "repe cmpsb", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rcx=4 rsi=60003f rdi=60007f", 0xc85],
  ["f3a6", "repe cmpsb", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["66a7", "cmpsw", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rsi=600042 rdi=600082", 0x885],
  ["66a7", "cmpsw", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rsi=60003e rdi=60007e", 0xc85],
  ["66f3a7", "repe cmpsw", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rcx=4 rsi=600042 rdi=600082", 0x885],
  ["66f3a7", "repe cmpsw", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rcx=4 rsi=60003e rdi=60007e", 0xc85],
  ["66f3a7", "repe cmpsw", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["a7", "cmpsd", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rsi=600044 rdi=600084", 0x85],
  ["a7", "cmpsd", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rsi=60003c rdi=60007c", 0x485],
  ["f3a7", "repe cmpsd", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rcx=4 rsi=600044 rdi=600084", 0x85],
  ["f3a7", "repe cmpsd", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rcx=4 rsi=60003c rdi=60007c", 0x485],
  ["f3a7", "repe cmpsd", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["48a7", "cmpsq", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rsi=600048 rdi=600088", 0x885],
  ["48a7", "cmpsq", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rsi=600038 rdi=600078", 0xc85],
  ["f348a7", "repe cmpsq", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rcx=4 rsi=600048 rdi=600088", 0x885],
  ["f348a7", "repe cmpsq", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rcx=4 rsi=600038 rdi=600078", 0xc85],
  ["f348a7", "repe cmpsq", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["ae", "scasb", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rdi=600081", 0x91],
  ["ae", "scasb", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rdi=60007f", 0x491],
  ["f3ae", "repe scasb", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rcx=4 rdi=600081", 0x881],
  ["f3ae", "repe scasb", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rcx=4 rdi=60007f", 0xc81],
  ["f3ae", "repe scasb", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["66af", "scasw", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rdi=600082", 0x891],
  ["66af", "scasw", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rdi=60007e", 0xc91],
  ["66f3af", "repe scasw", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rcx=4 rdi=600082", 0x1],
  ["66f3af", "repe scasw", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rcx=4 rdi=60007e", 0x401],
  ["66f3af", "repe scasw", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["af", "scasd", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rdi=600084", 0x11],
  ["af", "scasd", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rdi=60007c", 0x411],
  ["f3af", "repe scasd", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rcx=4 rdi=600084", 0x1],
  ["f3af", "repe scasd", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rcx=4 rdi=60007c", 0x401],
  ["f3af", "repe scasd", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["48af", "scasq", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0x0, "rdi=600088", 0x891],
  ["48af", "scasq", "rax=1122334455667788 rcx=3 rsi=600040 rdi=600080", 0xcd5, "rdi=600078", 0xc91],
  ["f348af", "repe scasq", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x0, "rcx=4 rdi=600088", 0x881],
  ["f348af", "repe scasq", "rax=2c2c2c2c2c2c2c2c rcx=5 rsi=600040 rdi=600080", 0x400, "rcx=4 rdi=600078", 0xc81],
  ["f348af", "repe scasq", "rax=2c2c2c2c2c2c2c2c rcx=0 rsi=600040 rdi=600080", 0x8d5, "", 0x8d5],
  ["f3a6", "repe cmpsb", "rax=0 rcx=28 rsi=600200 rdi=600300 [200]=101010101010101 [208]=101010101010101 [210]=101010101010101 [218]=101010101010101 [300]=101010101010101 [308]=101010101010101 [310]=101010101010101 [318]=101010101010101 [308]=101010101ff0101", 0x0, "rcx=1d rsi=60020b rdi=60030b", 0x11],
  ["f2a6", "repne cmpsb", "rax=0 rcx=28 rsi=600200 rdi=600300 [200]=807060504030201 [300]=a09080706ff0403", 0x0, "rcx=1f rsi=600209 rdi=600309", 0x44],
  ["f2ae", "repne scasb", "rax=ff rcx=64 rsi=0 rdi=600300 [200]=101010101010101 [208]=101010101010101 [210]=101010101010101 [218]=101010101010101 [300]=101010101010101 [308]=101010101010101 [310]=101010101010101 [318]=101010101010101 [308]=101010101ff0101", 0x0, "rcx=59 rdi=60030b", 0x44],
  ["f2ae", "repne scasb", "rax=ff rcx=5 rsi=0 rdi=600300 [200]=101010101010101 [208]=101010101010101 [210]=101010101010101 [218]=101010101010101 [300]=101010101010101 [308]=101010101010101 [310]=101010101010101 [318]=101010101010101 [308]=101010101ff0101", 0x0, "rcx=0 rdi=600305", 0x80],
  ["f348af", "repe scasq", "rax=101010101010101 rcx=a rsi=0 rdi=600300 [200]=101010101010101 [208]=101010101010101 [210]=101010101010101 [218]=101010101010101 [300]=101010101010101 [308]=101010101010101 [310]=101010101010101 [318]=101010101010101 [308]=101010101ff0101", 0x0, "rcx=8 rdi=600310", 0x85],
  ["f3a4", "rep movsb", "rcx=14 rsi=600010 rdi=600011", 0x0, "rcx=0 rsi=600024 rdi=600025", 0x0, "11:5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b"],
  ["f3a4", "rep movsb", "rcx=1100 rsi=600ff0 rdi=602ffd", 0x0, "rcx=0 rsi=6020f0 rdi=6040fd", 0x0, "2ffd:1100#a48643c5"],
  ["f3a4", "rep movsb", "rcx=40 rsi=600100 rdi=60fff0", 0x0, "rcx=30 rsi=600110 rdi=610000", 0x0, "fff0:0b30557a9fc4e90e33587da2c7ec1136", 11],
  ["f348a5", "rep movsq", "rcx=4 rsi=600010 rdi=600014", 0x0, "rcx=0 rsi=600030 rdi=600034", 0x0, "14:5b80a5caef14395eef14395e173c6186173c61863f6489ae3f6489ae678cb1d6"],
  ["f348a5", "rep movsq", "rcx=8 rsi=60fff0 rdi=600100", 0x0, "rcx=6 rsi=610000 rdi=600110", 0x0, "100:bbe0052a4f7499bee3082d52779cc1e6", 11],
  ["f3ab", "rep stosd", "rax=12345678 rcx=404 rsi=0 rdi=600ffe", 0x0, "rcx=0 rdi=60200e", 0x0, "ffe:b1#d0b55587 10b0:ff#ee4ebe11 11b0:ff#ee4ebe11 12b0:ff#ee4ebe11 13b0:ff#ee4ebe11 14b0:ff#ee4ebe11 15b0:ff#ee4ebe11 16b0:ff#ee4ebe11 17b0:ff#ee4ebe11 18b0:ff#ee4ebe11 19b0:ff#ee4ebe11 1ab0:ff#ee4ebe11 1bb0:ff#ee4ebe11 1cb0:ff#ee4ebe11 1db0:ff#ee4ebe11 1eb0:ff#ee4ebe11 1fb0:5e#6f4170b3"],
  ["f3ab", "rep stosd", "rax=12345678 rcx=4 rsi=0 rdi=60fff8", 0x0, "rcx=2 rdi=610000", 0x0, "fff8:7856341278563412", 11],
  ["f3aa", "rep stosb", "rax=0 rcx=2001 rsi=0 rdi=601000", 0x0, "rcx=0 rdi=603001", 0x0, "1000:91#0c2450df 1092:ff#3cbe5647 1192:ff#3cbe5647 1292:ff#3cbe5647 1392:ff#3cbe5647 1492:ff#3cbe5647 1592:ff#3cbe5647 1692:ff#3cbe5647 1792:ff#3cbe5647 1892:ff#3cbe5647 1992:ff#3cbe5647 1a92:ff#3cbe5647 1b92:ff#3cbe5647 1c92:ff#3cbe5647 1d92:ff#3cbe5647 1e92:ff#3cbe5647 1f92:ff#3cbe5647 2092:ff#3cbe5647 2192:ff#3cbe5647 2292:ff#3cbe5647 2392:ff#3cbe5647 2492:ff#3cbe5647 2592:ff#3cbe5647 2692:ff#3cbe5647 2792:ff#3cbe5647 2892:ff#3cbe5647 2992:ff#3cbe5647 2a92:ff#3cbe5647 2b92:ff#3cbe5647 2c92:ff#3cbe5647 2d92:ff#3cbe5647 2e92:ff#3cbe5647 2f92:6f#8d296887"],
  ["f248a5", ".byte 0xf2, 0x48, 0xa5", "rcx=2 rsi=600040 rdi=600080", 0x0, "rcx=0 rsi=600050 rdi=600090", 0x0, "80:4b7095badf04294e7398bde2072c5176"],
  ["67a4", "addr32 movsb", "rcx=7 rsi=dead00600040 rdi=beef00600080", 0x0, "rsi=600041 rdi=600081", 0x0, "80:4b"],
  ["67f3aa", "rep addr32 stosb", "rax=99 rcx=5500000003 rsi=0 rdi=beef00600080", 0x0, "rcx=0 rdi=600083", 0x0, "80:999999"],
  ["67f3aa", "rep addr32 stosb", "rax=99 rcx=100000000 rsi=0 rdi=600080", 0x0, "", 0x0],
  ["d7", "xlatb", "rax=ffffff10 rbx=600020", 0x0, "rax=fffffffb", 0x0],
  ["67d7", "addr32 xlatb", "rax=5 rbx=7700600020", 0x0, "rax=64", 0x0],
  ["f3a4", "rep movsb", "rcx=2100 rsi=6030ff rdi=605002", 0x400, "rcx=0 rsi=600fff rdi=602f02", 0x400, "2f03:2100#a80ce7c5"],
  ["f3a4", "rep movsb", "rcx=300 rsi=601100 rdi=6010f0", 0x400, "rcx=0 rsi=600e00 rdi=600df0", 0x400, "e01:f0#18d7b8f5 f01:f0#18d7b8f5 1001:f0#18d7b8f5"],
  ["f3a4", "rep movsb", "rcx=300 rsi=6010f0 rdi=601100", 0x400, "rcx=0 rsi=600df0 rdi=600e00", 0x400, "e01:300#93a62ec5"],
  ["f3a4", "rep movsb", "rcx=40 rsi=602000 rdi=600020", 0x400, "rcx=1f rsi=601fdf rdi=5fffff", 0x400, "0:21#09cc502a", 11],
  ["f3a5", "rep movsd", "rcx=810 rsi=6030fc rdi=605002", 0x400, "rcx=0 rsi=6010bc rdi=602fc2", 0x400, "2fc6:2040#59da1685"],
  ["f3a5", "rep movsd", "rcx=100 rsi=601100 rdi=6010fe", 0x400, "rcx=0 rsi=600d00 rdi=600cfe", 0x400, "d02:400#5dce7ea1"],
  ["f348ab", "rep stosq", "rax=1122334455667788 rcx=300 rsi=0 rdi=603ffc", 0x400, "rcx=0 rdi=6027fc", 0x400, "2804:1800#e0fbadc5"],
  ["f348ab", "rep stosq", "rax=101010101010101 rcx=10 rsi=0 rdi=600018", 0x400, "rcx=c rdi=5ffff8", 0x400, "0:0101010101010101010101010101010101010101010101010101010101010101", 11],
  ["66f3ab", "rep stosw", "rax=4242 rcx=900 rsi=0 rdi=602fff", 0x400, "rcx=0 rdi=601dff", 0x400, "1e01:2a#72eabc45 1e2c:ff#6e619a05 1f2c:ff#6e619a05 202c:ff#6e619a05 212c:ff#6e619a05 222c:ff#6e619a05 232c:ff#6e619a05 242c:ff#6e619a05 252c:ff#6e619a05 262c:ff#6e619a05 272c:ff#6e619a05 282c:ff#6e619a05 292c:ff#6e619a05 2a2c:ff#6e619a05 2b2c:ff#6e619a05 2c2c:ff#6e619a05 2d2c:ff#6e619a05 2e2c:ff#6e619a05 2f2c:d5#0b2e7e85"],
];

function nativeCases(re: RegExp): Vec[] {
  const out = NATIVE.filter((v) => re.test(v[1]));
  assert.ok(out.length > 0);
  return out;
}

Deno.test("shifts and rotates (group 2, SHLD/SHRD): results and flags match the CPU", () => {
  for (const v of nativeCases(/^(rol|ror|rcl|rcr|shl|shr|sar|shld|shrd|\.byte 0xd3)/)) runVec(v);
});

Deno.test("group 3 and IMUL: results, flags and #DE match the CPU", () => {
  for (const v of nativeCases(/^(not|neg|mul|imul|div|idiv|test|\.byte 0xf7)/)) runVec(v);
});

Deno.test("BT/BTS/BTR/BTC, BSF/BSR, TZCNT/LZCNT, POPCNT match the CPU", () => {
  for (const v of nativeCases(/^(bt|bsf|bsr|tzcnt|lzcnt|popcnt|\.byte 0xf2, 0x0f)/)) runVec(v);
});

Deno.test("string instructions and XLAT: DF, REP/REPE/REPNE, 67 prefix, faults match the CPU", () => {
  for (const v of nativeCases(/^(rep|movs|stos|lods|cmps|scas|addr32|xlat|\.byte 0xf2, 0x48)/)) {
    runVec(v);
  }
});

/** Run `code` with registers given by number, then `setup`. */
function exec(
  code: number[],
  regs: Record<number, bigint> = {},
  setup?: (ctx: Ctx) => void,
): Snippet {
  return runCode(code, (ctx) => {
    for (const [n, v] of Object.entries(regs)) setReg(ctx.cpu, Number(n), v);
    setup?.(ctx);
  });
}

const RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSI = 6, RDI = 7, R8 = 8, R11 = 11;

Deno.test("LOCK is #UD except on NOT/NEG/BTS/BTR/BTC with a memory operand", () => {
  const ud = [
    [0xf0, 0xd3, 0xe0], // lock shl eax, cl
    [0xf0, 0xc1, 0x26, 0x01], // lock shl dword [rsi], 1
    [0xf0, 0xf7, 0xd0], // lock not eax
    [0xf0, 0xf7, 0x26], // lock mul dword [rsi]
    [0xf0, 0x0f, 0xa3, 0x06], // lock bt [rsi], eax
    [0xf0, 0x0f, 0xab, 0xc3], // lock bts ebx, eax
    [0xf0, 0xa4], // lock movsb
    [0xf0, 0x0f, 0xa2], // lock cpuid
  ];
  for (const code of ud) {
    const r = exec(code, { [RSI]: BigInt(DATA), [RDI]: BigInt(DATA + 8), [RAX]: 1n });
    assert.equal(r.stop, Stop.Fault, code.join(","));
    assert.equal(r.cpu.faultSignal, SIGILL);
  }
  // lock not dword [rsi]; lock neg qword [rsi]; lock bts dword [rsi], eax; lock btc qword [rsi], 3
  const ok = [
    0xf0,
    0xf7,
    0x16,
    0xf0,
    0x48,
    0xf7,
    0x1e,
    0xf0,
    0x0f,
    0xab,
    0x06,
    0xf0,
    0x48,
    0x0f,
    0xba,
    0x3e,
    0x03,
  ];
  const r = exec(ok, { [RSI]: BigInt(DATA), [RAX]: 4n });
  assert.equal(r.stop, Stop.Budget);
  // 0 -> not: ffffffff -> neg (qword ffffffff) = ffffffff00000001 -> bts 4 -> btc 3
  assert.equal(r.mem.read32(DATA), 0x00000019);
  assert.equal(r.mem.read32(DATA + 4), 0xffffffff);
});

Deno.test("a zero shift count still writes its memory operand (read-only memory faults)", () => {
  // shl dword [rsi], cl with CL = 0 on a read-only page: SIGSEGV on the CPU too.
  const r = exec([0xd3, 0x26], { [RSI]: BigInt(DATA), [RCX]: 0x100n }, ({ mem }) => {
    mem.protect(DATA, PAGE_SIZE, PROT_READ);
  });
  assert.equal(r.stop, Stop.Fault);
  assert.equal(r.cpu.faultSignal, SIGSEGV);
  // bt only reads, so it works on read-only memory.
  const bt = exec([0x0f, 0xba, 0x26, 0x03], { [RSI]: BigInt(DATA) }, ({ mem }) => {
    mem.protect(DATA, PAGE_SIZE, PROT_READ);
  });
  assert.equal(bt.stop, Stop.Budget);
});

Deno.test("64-bit DIV/IDIV paths: small and wide divisors, quotient overflow", () => {
  // div rbx: (2^64 * 5 + 7) / 2^35 and / 10
  let r = exec([0x48, 0xf7, 0xf3], { [RDX]: 5n, [RAX]: 7n, [RBX]: 1n << 35n });
  assert.equal(reg(r.cpu, RAX), ((5n << 64n) + 7n) / (1n << 35n));
  assert.equal(reg(r.cpu, RDX), 7n);
  r = exec([0x48, 0xf7, 0xf3], { [RDX]: 5n, [RAX]: 0xfedcba9876543210n, [RBX]: 10n });
  assert.equal(r.stop, Stop.Budget);
  const n = (5n << 64n) + 0xfedcba9876543210n;
  assert.equal(reg(r.cpu, RAX), n / 10n);
  assert.equal(reg(r.cpu, RDX), n % 10n);
  // idiv rbx: -(2^64 * 3 + 11) / -(2^40 + 3)
  const num = -((3n << 64n) + 11n), den = -((1n << 40n) + 3n);
  const u = BigInt.asUintN(128, num);
  r = exec([0x48, 0xf7, 0xfb], {
    [RDX]: u >> 64n,
    [RAX]: u & 0xffffffffffffffffn,
    [RBX]: BigInt.asUintN(64, den),
  });
  assert.equal(reg(r.cpu, RAX), BigInt.asUintN(64, num / den));
  assert.equal(reg(r.cpu, RDX), BigInt.asUintN(64, num % den));
  // Quotient 2^63 does not fit: #DE, registers untouched.
  r = exec([0x48, 0xf7, 0xfb], { [RDX]: 0n, [RAX]: 1n << 63n, [RBX]: 1n });
  assert.equal(r.stop, Stop.Fault);
  assert.equal(r.cpu.faultSignal, SIGFPE);
  assert.equal(reg(r.cpu, RAX), 1n << 63n);
  // ... but -2^63 / 1 does.
  r = exec([0x48, 0xf7, 0xfb], { [RDX]: 0xffffffffffffffffn, [RAX]: 1n << 63n, [RBX]: 1n });
  assert.equal(r.stop, Stop.Budget);
  assert.equal(reg(r.cpu, RAX), 1n << 63n);
});

Deno.test("64-bit MUL/IMUL produce the full 128-bit product", () => {
  const cases: [bigint, bigint][] = [
    [0xffffffffffffffffn, 0xffffffffffffffffn],
    [0x8000000000000000n, 0x8000000000000000n],
    [0x123456789abcdef1n, 0xfedcba9876543211n],
    [0xffffffffn, 0x100000001n],
  ];
  for (const [a, b] of cases) {
    let r = exec([0x48, 0xf7, 0xe3], { [RAX]: a, [RBX]: b }); // mul rbx
    const p = a * b;
    assert.equal(reg(r.cpu, RAX), p & 0xffffffffffffffffn);
    assert.equal(reg(r.cpu, RDX), p >> 64n);
    r = exec([0x48, 0xf7, 0xeb], { [RAX]: a, [RBX]: b }); // imul rbx
    const sp = BigInt.asUintN(128, BigInt.asIntN(64, a) * BigInt.asIntN(64, b));
    assert.equal(reg(r.cpu, RAX), sp & 0xffffffffffffffffn);
    assert.equal(reg(r.cpu, RDX), sp >> 64n);
  }
});

Deno.test("REP with a count beyond 2^53 counts exactly down to the fault", () => {
  // rep stosb from 16 bytes before the end of DATA: 16 stores, then SIGSEGV.
  const r = exec([0xf3, 0xaa], { [RCX]: 0x1bb7414a00000000n, [RDI]: BigInt(DATA + 0xfff0) });
  assert.equal(r.stop, Stop.Fault);
  assert.equal(r.cpu.faultSignal, SIGSEGV);
  assert.equal(r.cpu.faultAddr, DATA + 0x10000);
  assert.equal(reg(r.cpu, RCX), 0x1bb7414a00000000n - 16n);
  assert.equal(reg(r.cpu, RDI), BigInt(DATA + 0x10000));
});

Deno.test("FS/GS overrides apply to the string source and XLAT, not the destination", () => {
  const image = Uint8Array.from({ length: 256 }, (_, i) => i);
  // fs lodsb; gs movsb; fs xlatb
  const r = exec([0x64, 0xac, 0x65, 0xa4, 0x64, 0xd7], {
    [RSI]: 0x10n,
    [RDI]: BigInt(DATA + 0x80),
    [RBX]: 0x20n,
  }, ({ cpu, mem }) => {
    mem.writeBytes(DATA, image);
    cpu.fsBase = DATA;
    cpu.gsBase = DATA + 0x40;
  });
  // lodsb: AL = [DATA+0x10]; movsb copies [DATA+0x40+0x11] to DATA+0x80; xlat: AL = [DATA+0x20+0x10].
  assert.equal(r.mem.read8(DATA + 0x80), 0x51);
  assert.equal(reg(r.cpu, RAX) & 0xffn, 0x30n);
  assert.equal(reg(r.cpu, RSI), 0x12n);
  assert.equal(reg(r.cpu, RDI), BigInt(DATA + 0x81));
});

Deno.test("REP MOVSB into a code page drops the stale decoded instruction", () => {
  // rep movsb copies "mov al, 2" over the following "mov al, 1".
  const r = exec([0xf3, 0xa4, 0xb0, 0x01], {
    [RCX]: 2n,
    [RSI]: BigInt(DATA),
    [RDI]: BigInt(CODE + 2),
  }, ({ mem }) => {
    mem.protect(CODE, 0x10000, 7);
    mem.writeBytes(DATA, Uint8Array.of(0xb0, 0x02));
  });
  assert.equal(r.stop, Stop.Budget);
  assert.equal(reg(r.cpu, RAX) & 0xffn, 2n);
});

Deno.test("CPUID describes the fixed virtual CPU", () => {
  const leaf = (eax: number, ecx = 0): bigint[] => {
    const r = exec([0x0f, 0xa2], {
      [RAX]: BigInt(eax) | 0xdead00000000n,
      [RCX]: BigInt(ecx),
      [RBX]: -1n,
      [RDX]: -1n,
    });
    return [RAX, RBX, RCX, RDX].map((n) => reg(r.cpu, n));
  };
  const text = (words: bigint[]): string =>
    new TextDecoder().decode(new Uint32Array(words.map(Number)).buffer).replace(/\0+$/, "");
  const [max, b, c, d] = leaf(0);
  assert.equal(max, 7n);
  assert.equal(text([b, d, c]), "GenuineIntel");
  const [sig, misc, feat1c, feat1d] = leaf(1);
  assert.equal(sig, 0x6fbn); // family 6, model 15, stepping 11
  assert.equal(misc, 0x10800n); // 64-byte CLFLUSH line, one logical CPU
  assert.equal(feat1c, 0n); // no SSE3/SSSE3/SSE4/POPCNT/XSAVE/AVX
  assert.equal(feat1d, 0x07088111n); // FPU TSC CX8 CMOV CLFSH FXSR SSE SSE2
  assert.deepEqual(leaf(2), [0xff01n, 0n, 0n, 0n]);
  assert.deepEqual(leaf(4, 0), [0x121n, 0x01c0003fn, 63n, 0n]);
  assert.deepEqual(leaf(4, 3), [0x163n, 0x03c0003fn, 8191n, 2n]);
  assert.deepEqual(leaf(4, 4), [0n, 0n, 0n, 0n]);
  assert.deepEqual(leaf(7), [0n, 0n, 0n, 0n]);
  assert.deepEqual(leaf(0x40000000), [0n, 0n, 0n, 0n]); // above the basic range: leaf 7
  assert.equal(leaf(0x80000000)[0], 0x80000008n);
  assert.deepEqual(leaf(0x80000001), [0n, 0n, 1n, 0x20100800n]);
  const brand = [0x80000002, 0x80000003, 0x80000004].flatMap((l) => leaf(l));
  assert.equal(text(brand), "linuxvm virtual CPU");
  assert.equal(leaf(0x80000006)[2], 0x01004040n);
  assert.equal(leaf(0x80000008)[0], 0x3027n);
});

Deno.test("RDTSC/RDTSCP read the virtual clock: one tick per retired instruction", () => {
  assert.equal(TSC_HZ, 1_000_000_000);
  // rdtsc; mov r8, rax; rdtscp
  const r = exec([0x0f, 0x31, 0x49, 0x89, 0xc0, 0x0f, 0x01, 0xf9], { [RCX]: -1n }, ({ cpu }) => {
    cpu.icount = 0x100000005;
  });
  assert.equal(reg(r.cpu, R8), 5n);
  assert.equal(reg(r.cpu, RAX), 7n);
  assert.equal(reg(r.cpu, RDX), 1n);
  assert.equal(reg(r.cpu, RCX), 0n); // TSC_AUX: cpu 0, node 0
  assert.equal(tscAt(12), 12);
});

Deno.test("SYSCALL stops with RCX = next RIP and R11 = RFLAGS", () => {
  const r = exec([0x90, 0x0f, 0x05, 0x90], {}, ({ cpu }) => setRflags(cpu, 0x8c5 | 0x400));
  assert.equal(r.stop, Stop.Syscall);
  assert.equal(r.cpu.rip, CODE + 3);
  assert.equal(reg(r.cpu, RCX), BigInt(CODE + 3));
  assert.equal(reg(r.cpu, R11), 0x8c5n | 0x400n | 0x202n);
});

Deno.test("UD2, XGETBV, other 0F 01 forms and JMPE raise SIGILL", () => {
  for (
    const code of [[0x0f, 0x0b], [0x0f, 0x01, 0xd0], [0x0f, 0x01, 0xc8], [0x0f, 0x01, 0x00], [
      0x0f,
      0xb8,
      0xc0,
    ]]
  ) {
    const r = exec(code);
    assert.equal(r.stop, Stop.Fault, code.join(","));
    assert.equal(r.cpu.faultSignal, SIGILL);
    assert.equal(r.cpu.rip, CODE);
  }
});
