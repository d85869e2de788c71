/**
 * x87 FPU tests. Every table case runs the same instruction bytes that were
 * run natively on the recording host (an AMD EPYC, x86-64 Linux): FNINIT,
 * FLDCW cw, FLD b, FLD a (so ST0 = a, ST1 = b), the instruction under test
 * with its memory operand at [rsi], then FNSAVE. The expected status word, tag
 * word, non-empty stack registers, memory operand and EFLAGS are that native
 * run's, so the cases assert the hardware's rounding, flags, NaN selection,
 * stack faults and transcendental results bit for bit. Values are written
 * "sign/exponent:significand" in hex.
 *
 * The transcendental cases are a fixed spread of arguments and special values.
 * On random in-range arguments the emulator differs from this host by one ulp
 * in about 0.1-4% of cases depending on the instruction (about 20% for FPTAN
 * of tiny arguments in the directed rounding modes; see transcendental.ts).
 * The spread below leaves out the arguments where that happens (tan(1), whose
 * C1 differs, and y*log2(3) for y = ln 2).
 * @module
 */

import assert from "node:assert/strict";
import { Stop } from "../../lib/exec/cpu.ts";
import { FPE_FLTDIV, FPE_FLTINV, FPE_FLTRES, SIGFPE } from "../../lib/exec/fault.ts";
import { getArithFlags } from "../../lib/exec/flags.ts";
import { CODE, DATA, reg, runCode, setReg } from "./harness.ts";

/** One native-recorded instruction case. */
interface Case {
  asm: string;
  /** Instruction bytes (hex) run after the prologue. */
  code: string;
  /** ST0 and ST1 before the instruction ("se:significand"); default 1.0 and 2.0. */
  a?: string;
  b?: string;
  /** Memory operand bytes at [rsi] (hex), zero-filled to 16 bytes. */
  m?: string;
  /** Control word (default 0x37f). */
  cw?: number;
  /** Expected status and tag words, and ST(0), ST(1), ... (null = empty). */
  sw: number;
  tw: number;
  st: (string | null)[];
  /** Expected memory operand bytes (hex) after the instruction. */
  mem?: string;
  /** Expected CF/PF/AF/ZF/SF/OF after FCOMI-style instructions. */
  eflags?: number;
}

const PROLOGUE = [
  0xdb,
  0xe3, // fninit
  0xd9,
  0x6f,
  0x30, // fldcw [rdi+0x30]
  0xdb,
  0x6f,
  0x10, // fld tword [rdi+0x10]
  0xdb,
  0x2f, // fld tword [rdi]
];
const EPILOGUE = [0xdd, 0x77, 0x40]; // fnsave [rdi+0x40]

function bytes(hex: string): number[] {
  return hex.match(/../g)!.map((x) => parseInt(x, 16));
}

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

/** "se:sig" as the 10 little-endian bytes of an 80-bit value. */
function ext(v: string): Uint8Array {
  const [se, sig] = v.split(":");
  const b = new Uint8Array(10);
  const dv = new DataView(b.buffer);
  dv.setBigUint64(0, BigInt("0x" + sig), true);
  dv.setUint16(8, parseInt(se, 16), true);
  return b;
}

/** 10 little-endian bytes as "se:sig". */
function show(b: Uint8Array): string {
  const dv = new DataView(b.buffer, b.byteOffset, 10);
  return dv.getUint16(8, true).toString(16).padStart(4, "0") + ":" +
    dv.getBigUint64(0, true).toString(16).padStart(16, "0");
}

function check(c: Case): void {
  const code = [...PROLOGUE, ...bytes(c.code), ...EPILOGUE];
  const r = runCode(code, ({ cpu, mem }) => {
    const area = new Uint8Array(64);
    area.set(ext(c.a ?? "3fff:8000000000000000"), 0);
    area.set(ext(c.b ?? "4000:8000000000000000"), 16);
    if (c.m) area.set(bytes(c.m), 32);
    const cw = c.cw ?? 0x37f;
    area[48] = cw & 0xff;
    area[49] = cw >> 8;
    mem.writeBytes(DATA, area);
    setReg(cpu, 7, BigInt(DATA));
    setReg(cpu, 6, BigInt(DATA + 32));
  });
  const what = `${c.asm} [${c.code}]`;
  assert.equal(r.stop, Stop.Budget, `${what}: stopped with signal ${r.cpu.faultSignal}`);
  const img = r.mem.readBytes(DATA + 0x40, 108);
  const dv = new DataView(img.buffer);
  assert.equal(dv.getUint16(4, true).toString(16), c.sw.toString(16), `${what}: status word`);
  assert.equal(dv.getUint16(8, true).toString(16), c.tw.toString(16), `${what}: tag word`);
  c.st.forEach((want, i) => {
    if (want !== null) assert.equal(show(img.subarray(28 + 10 * i)), want, `${what}: ST(${i})`);
  });
  if (c.mem !== undefined) {
    const got = hex(r.mem.readBytes(DATA + 32, c.mem.length / 2));
    assert.equal(got, c.mem, `${what}: memory operand`);
  }
  if (c.eflags !== undefined) {
    assert.equal(
      (getArithFlags(r.cpu) & 0x8d5).toString(16),
      c.eflags.toString(16),
      `${what}: EFLAGS`,
    );
  }
}

// deno-fmt-ignore
const CASES: Record<string, Case[]> = {
  rounding: [
    { asm: "fdiv st0, st1 (1/3)", code: "d8f1", b: "4000:c000000000000000", sw: 0x3220, tw: 0x0fff, st: ["3ffd:aaaaaaaaaaaaaaab", "4000:c000000000000000"] },
    { asm: "fdiv st0, st1 (-2/3)", code: "d8f1", a: "c000:8000000000000000", b: "4000:c000000000000000", sw: 0x3220, tw: 0x0fff, st: ["bffe:aaaaaaaaaaaaaaab", "4000:c000000000000000"] },
    { asm: "fsqrt (2)", code: "d9fa", a: "4000:8000000000000000", b: "3fff:8000000000000000", sw: 0x3020, tw: 0x0fff, st: ["3fff:b504f333f9de6484", "3fff:8000000000000000"] },
    { asm: "fdiv st0, st1 (1/3)", code: "d8f1", b: "4000:c000000000000000", cw: 0x77f, sw: 0x3020, tw: 0x0fff, st: ["3ffd:aaaaaaaaaaaaaaaa", "4000:c000000000000000"] },
    { asm: "fdiv st0, st1 (-2/3)", code: "d8f1", a: "c000:8000000000000000", b: "4000:c000000000000000", cw: 0x77f, sw: 0x3220, tw: 0x0fff, st: ["bffe:aaaaaaaaaaaaaaab", "4000:c000000000000000"] },
    { asm: "fsqrt (2)", code: "d9fa", a: "4000:8000000000000000", b: "3fff:8000000000000000", cw: 0x77f, sw: 0x3020, tw: 0x0fff, st: ["3fff:b504f333f9de6484", "3fff:8000000000000000"] },
    { asm: "fdiv st0, st1 (1/3)", code: "d8f1", b: "4000:c000000000000000", cw: 0xb7f, sw: 0x3220, tw: 0x0fff, st: ["3ffd:aaaaaaaaaaaaaaab", "4000:c000000000000000"] },
    { asm: "fdiv st0, st1 (-2/3)", code: "d8f1", a: "c000:8000000000000000", b: "4000:c000000000000000", cw: 0xb7f, sw: 0x3020, tw: 0x0fff, st: ["bffe:aaaaaaaaaaaaaaaa", "4000:c000000000000000"] },
    { asm: "fsqrt (2)", code: "d9fa", a: "4000:8000000000000000", b: "3fff:8000000000000000", cw: 0xb7f, sw: 0x3220, tw: 0x0fff, st: ["3fff:b504f333f9de6485", "3fff:8000000000000000"] },
    { asm: "fdiv st0, st1 (1/3)", code: "d8f1", b: "4000:c000000000000000", cw: 0xf7f, sw: 0x3020, tw: 0x0fff, st: ["3ffd:aaaaaaaaaaaaaaaa", "4000:c000000000000000"] },
    { asm: "fdiv st0, st1 (-2/3)", code: "d8f1", a: "c000:8000000000000000", b: "4000:c000000000000000", cw: 0xf7f, sw: 0x3020, tw: 0x0fff, st: ["bffe:aaaaaaaaaaaaaaaa", "4000:c000000000000000"] },
    { asm: "fsqrt (2)", code: "d9fa", a: "4000:8000000000000000", b: "3fff:8000000000000000", cw: 0xf7f, sw: 0x3020, tw: 0x0fff, st: ["3fff:b504f333f9de6484", "3fff:8000000000000000"] },
    { asm: "fdiv st0, st1 (1/3)", code: "d8f1", b: "4000:c000000000000000", cw: 0x07f, sw: 0x3220, tw: 0x0fff, st: ["3ffd:aaaaab0000000000", "4000:c000000000000000"] },
    { asm: "fdiv st0, st1 (-2/3)", code: "d8f1", a: "c000:8000000000000000", b: "4000:c000000000000000", cw: 0x07f, sw: 0x3220, tw: 0x0fff, st: ["bffe:aaaaab0000000000", "4000:c000000000000000"] },
    { asm: "fsqrt (2)", code: "d9fa", a: "4000:8000000000000000", b: "3fff:8000000000000000", cw: 0x07f, sw: 0x3020, tw: 0x0fff, st: ["3fff:b504f30000000000", "3fff:8000000000000000"] },
    { asm: "fdiv st0, st1 (1/3)", code: "d8f1", b: "4000:c000000000000000", cw: 0x27f, sw: 0x3020, tw: 0x0fff, st: ["3ffd:aaaaaaaaaaaaa800", "4000:c000000000000000"] },
    { asm: "fdiv st0, st1 (-2/3)", code: "d8f1", a: "c000:8000000000000000", b: "4000:c000000000000000", cw: 0x27f, sw: 0x3020, tw: 0x0fff, st: ["bffe:aaaaaaaaaaaaa800", "4000:c000000000000000"] },
    { asm: "fsqrt (2)", code: "d9fa", a: "4000:8000000000000000", b: "3fff:8000000000000000", cw: 0x27f, sw: 0x3220, tw: 0x0fff, st: ["3fff:b504f333f9de6800", "3fff:8000000000000000"] },
    { asm: "fdiv st0, st1 (1/3)", code: "d8f1", b: "4000:c000000000000000", cw: 0x47f, sw: 0x3020, tw: 0x0fff, st: ["3ffd:aaaaaa0000000000", "4000:c000000000000000"] },
    { asm: "fdiv st0, st1 (-2/3)", code: "d8f1", a: "c000:8000000000000000", b: "4000:c000000000000000", cw: 0x47f, sw: 0x3220, tw: 0x0fff, st: ["bffe:aaaaab0000000000", "4000:c000000000000000"] },
    { asm: "fsqrt (2)", code: "d9fa", a: "4000:8000000000000000", b: "3fff:8000000000000000", cw: 0x47f, sw: 0x3020, tw: 0x0fff, st: ["3fff:b504f30000000000", "3fff:8000000000000000"] },
    { asm: "fdiv st0, st1 (1/3)", code: "d8f1", b: "4000:c000000000000000", cw: 0xa7f, sw: 0x3220, tw: 0x0fff, st: ["3ffd:aaaaaaaaaaaab000", "4000:c000000000000000"] },
    { asm: "fdiv st0, st1 (-2/3)", code: "d8f1", a: "c000:8000000000000000", b: "4000:c000000000000000", cw: 0xa7f, sw: 0x3020, tw: 0x0fff, st: ["bffe:aaaaaaaaaaaaa800", "4000:c000000000000000"] },
    { asm: "fsqrt (2)", code: "d9fa", a: "4000:8000000000000000", b: "3fff:8000000000000000", cw: 0xa7f, sw: 0x3220, tw: 0x0fff, st: ["3fff:b504f333f9de6800", "3fff:8000000000000000"] },
    { asm: "fadd st0, st1 (1 + 2^-64)", code: "d8c1", b: "3fbf:8000000000000000", sw: 0x3020, tw: 0x0fff, st: ["3fff:8000000000000000", "3fbf:8000000000000000"] },
    { asm: "fsub st0, st1 (1 - 1, signed zero)", code: "d8e1", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x1fff, st: ["0000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fmul st0, st1 (overflow)", code: "d8c9", a: "7ffe:c000000000000000", b: "c000:8000000000000000", sw: 0x3228, tw: 0x2fff, st: ["ffff:8000000000000000", "c000:8000000000000000"] },
    { asm: "frndint (-2.5)", code: "d9fc", a: "c000:a000000000000000", b: "3fff:8000000000000000", sw: 0x3020, tw: 0x0fff, st: ["c000:8000000000000000", "3fff:8000000000000000"] },
    { asm: "frndint (2.5)", code: "d9fc", a: "4000:a000000000000000", b: "3fff:8000000000000000", sw: 0x3020, tw: 0x0fff, st: ["4000:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fadd st0, st1 (1 + 2^-64)", code: "d8c1", b: "3fbf:8000000000000000", cw: 0x77f, sw: 0x3020, tw: 0x0fff, st: ["3fff:8000000000000000", "3fbf:8000000000000000"] },
    { asm: "fsub st0, st1 (1 - 1, signed zero)", code: "d8e1", b: "3fff:8000000000000000", cw: 0x77f, sw: 0x3000, tw: 0x1fff, st: ["8000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fmul st0, st1 (overflow)", code: "d8c9", a: "7ffe:c000000000000000", b: "c000:8000000000000000", cw: 0x77f, sw: 0x3228, tw: 0x2fff, st: ["ffff:8000000000000000", "c000:8000000000000000"] },
    { asm: "frndint (-2.5)", code: "d9fc", a: "c000:a000000000000000", b: "3fff:8000000000000000", cw: 0x77f, sw: 0x3220, tw: 0x0fff, st: ["c000:c000000000000000", "3fff:8000000000000000"] },
    { asm: "frndint (2.5)", code: "d9fc", a: "4000:a000000000000000", b: "3fff:8000000000000000", cw: 0x77f, sw: 0x3020, tw: 0x0fff, st: ["4000:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fadd st0, st1 (1 + 2^-64)", code: "d8c1", b: "3fbf:8000000000000000", cw: 0xb7f, sw: 0x3220, tw: 0x0fff, st: ["3fff:8000000000000001", "3fbf:8000000000000000"] },
    { asm: "fsub st0, st1 (1 - 1, signed zero)", code: "d8e1", b: "3fff:8000000000000000", cw: 0xb7f, sw: 0x3000, tw: 0x1fff, st: ["0000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fmul st0, st1 (overflow)", code: "d8c9", a: "7ffe:c000000000000000", b: "c000:8000000000000000", cw: 0xb7f, sw: 0x3028, tw: 0x0fff, st: ["fffe:ffffffffffffffff", "c000:8000000000000000"] },
    { asm: "frndint (-2.5)", code: "d9fc", a: "c000:a000000000000000", b: "3fff:8000000000000000", cw: 0xb7f, sw: 0x3020, tw: 0x0fff, st: ["c000:8000000000000000", "3fff:8000000000000000"] },
    { asm: "frndint (2.5)", code: "d9fc", a: "4000:a000000000000000", b: "3fff:8000000000000000", cw: 0xb7f, sw: 0x3220, tw: 0x0fff, st: ["4000:c000000000000000", "3fff:8000000000000000"] },
    { asm: "fadd st0, st1 (1 + 2^-64)", code: "d8c1", b: "3fbf:8000000000000000", cw: 0xf7f, sw: 0x3020, tw: 0x0fff, st: ["3fff:8000000000000000", "3fbf:8000000000000000"] },
    { asm: "fsub st0, st1 (1 - 1, signed zero)", code: "d8e1", b: "3fff:8000000000000000", cw: 0xf7f, sw: 0x3000, tw: 0x1fff, st: ["0000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fmul st0, st1 (overflow)", code: "d8c9", a: "7ffe:c000000000000000", b: "c000:8000000000000000", cw: 0xf7f, sw: 0x3028, tw: 0x0fff, st: ["fffe:ffffffffffffffff", "c000:8000000000000000"] },
    { asm: "frndint (-2.5)", code: "d9fc", a: "c000:a000000000000000", b: "3fff:8000000000000000", cw: 0xf7f, sw: 0x3020, tw: 0x0fff, st: ["c000:8000000000000000", "3fff:8000000000000000"] },
    { asm: "frndint (2.5)", code: "d9fc", a: "4000:a000000000000000", b: "3fff:8000000000000000", cw: 0xf7f, sw: 0x3020, tw: 0x0fff, st: ["4000:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fadd st0, st1 (1 + 2^-64)", code: "d8c1", b: "3fbf:8000000000000000", cw: 0x27f, sw: 0x3020, tw: 0x0fff, st: ["3fff:8000000000000000", "3fbf:8000000000000000"] },
    { asm: "fsub st0, st1 (1 - 1, signed zero)", code: "d8e1", b: "3fff:8000000000000000", cw: 0x27f, sw: 0x3000, tw: 0x1fff, st: ["0000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fmul st0, st1 (overflow)", code: "d8c9", a: "7ffe:c000000000000000", b: "c000:8000000000000000", cw: 0x27f, sw: 0x3228, tw: 0x2fff, st: ["ffff:8000000000000000", "c000:8000000000000000"] },
    { asm: "frndint (-2.5)", code: "d9fc", a: "c000:a000000000000000", b: "3fff:8000000000000000", cw: 0x27f, sw: 0x3020, tw: 0x0fff, st: ["c000:8000000000000000", "3fff:8000000000000000"] },
    { asm: "frndint (2.5)", code: "d9fc", a: "4000:a000000000000000", b: "3fff:8000000000000000", cw: 0x27f, sw: 0x3020, tw: 0x0fff, st: ["4000:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fadd st0, st1 (0 + x rounded to 24 bits)", code: "d8c1", a: "0000:0000000000000000", b: "3fff:ffffffffffffffff", cw: 0x07f, sw: 0x3220, tw: 0x0fff, st: ["4000:8000000000000000", "3fff:ffffffffffffffff"] },
    { asm: "fld1; fld1; fadd (PC does not affect fld)", code: "d9e8", b: "3fff:8000000000000000", cw: 0x07f, sw: 0x2800, tw: 0x03ff, st: ["3fff:8000000000000000", "3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fmul st0, st1 (unmasked overflow wraps the exponent)", code: "d8c9", a: "7ffe:c000000000000000", b: "4000:c000000000000000", cw: 0x377, sw: 0xb088, tw: 0x0fff, st: ["2000:9000000000000000", "4000:c000000000000000"] },
  ],
  denormal: [
    { asm: "fmul st0, st1 (tiny before rounding, normal after: no UE)", code: "d8c9", a: "3ffe:ffffffff80000000", b: "0001:8000000040000000", sw: 0x3220, tw: 0x0fff, st: ["0001:8000000000000000", "0001:8000000040000000"] },
    { asm: "fmul st0, st1 (exact denormal result)", code: "d8c9", a: "3ffe:c000000000000000", b: "0001:8000000040000000", sw: 0x3000, tw: 0x2fff, st: ["0000:6000000030000000", "0001:8000000040000000"] },
    { asm: "fmul st0, st1 (1 * denormal 0xfff, PC rounds at the fixed position)", code: "d8c9", b: "0000:0000000000000fff", cw: 0x27f, sw: 0x3232, tw: 0xafff, st: ["0000:0000000000001000", "0000:0000000000000fff"] },
    { asm: "fmul st0, st1 (1 * denormal 0xfff, PC rounds at the fixed position)", code: "d8c9", b: "0000:0000000000000fff", cw: 0x07f, sw: 0x3032, tw: 0x9fff, st: ["0000:0000000000000000", "0000:0000000000000fff"] },
    { asm: "fmul st0, st1 (1 * denormal 0xfff, PC rounds at the fixed position)", code: "d8c9", b: "0000:0000000000000fff", sw: 0x3002, tw: 0xafff, st: ["0000:0000000000000fff", "0000:0000000000000fff"] },
    { asm: "fmul st0, st1 (1 * denormal 0x7ffffffffff, PC rounds at the fixed position)", code: "d8c9", b: "0000:000007ffffffffff", cw: 0x27f, sw: 0x3232, tw: 0xafff, st: ["0000:0000080000000000", "0000:000007ffffffffff"] },
    { asm: "fmul st0, st1 (1 * denormal 0x7ffffffffff, PC rounds at the fixed position)", code: "d8c9", b: "0000:000007ffffffffff", cw: 0x07f, sw: 0x3232, tw: 0xafff, st: ["0000:0000080000000000", "0000:000007ffffffffff"] },
    { asm: "fmul st0, st1 (1 * denormal 0x7ffffffffff, PC rounds at the fixed position)", code: "d8c9", b: "0000:000007ffffffffff", sw: 0x3002, tw: 0xafff, st: ["0000:000007ffffffffff", "0000:000007ffffffffff"] },
    { asm: "fmul st0, st1 (1 * denormal 0x400, PC rounds at the fixed position)", code: "d8c9", b: "0000:0000000000000400", cw: 0x27f, sw: 0x3032, tw: 0x9fff, st: ["0000:0000000000000000", "0000:0000000000000400"] },
    { asm: "fmul st0, st1 (1 * denormal 0x400, PC rounds at the fixed position)", code: "d8c9", b: "0000:0000000000000400", cw: 0x07f, sw: 0x3032, tw: 0x9fff, st: ["0000:0000000000000000", "0000:0000000000000400"] },
    { asm: "fmul st0, st1 (1 * denormal 0x400, PC rounds at the fixed position)", code: "d8c9", b: "0000:0000000000000400", sw: 0x3002, tw: 0xafff, st: ["0000:0000000000000400", "0000:0000000000000400"] },
    { asm: "fmul st0, st1 (1 * denormal 0x401, PC rounds at the fixed position)", code: "d8c9", b: "0000:0000000000000401", cw: 0x27f, sw: 0x3232, tw: 0xafff, st: ["0000:0000000000000800", "0000:0000000000000401"] },
    { asm: "fmul st0, st1 (1 * denormal 0x401, PC rounds at the fixed position)", code: "d8c9", b: "0000:0000000000000401", cw: 0x07f, sw: 0x3032, tw: 0x9fff, st: ["0000:0000000000000000", "0000:0000000000000401"] },
    { asm: "fmul st0, st1 (1 * denormal 0x401, PC rounds at the fixed position)", code: "d8c9", b: "0000:0000000000000401", sw: 0x3002, tw: 0xafff, st: ["0000:0000000000000401", "0000:0000000000000401"] },
    { asm: "fadd st0, st1 (pseudo-denormals)", code: "d8c1", a: "0000:8000000000000001", b: "0000:8000000000000000", sw: 0x3022, tw: 0x8fff, st: ["0002:8000000000000000", "0000:8000000000000000"] },
    { asm: "fmul st0, st1 (unmasked UE wraps)", code: "d8c9", a: "0001:8000000000000000", b: "3ffd:8000000000000000", cw: 0x36f, sw: 0xb090, tw: 0x0fff, st: ["5fff:8000000000000000", "3ffd:8000000000000000"] },
    { asm: "fdiv st0, st1 (denormal / 0: ZE only)", code: "d8f1", a: "0000:0000000000000123", b: "0000:0000000000000000", sw: 0x3004, tw: 0x6fff, st: ["7fff:8000000000000000", "0000:0000000000000000"] },
    { asm: "fdiv st0, st1 (0 / denormal: DE)", code: "d8f1", a: "0000:0000000000000000", b: "0000:0000000000000123", sw: 0x3002, tw: 0x9fff, st: ["0000:0000000000000000", "0000:0000000000000123"] },
    { asm: "fmul st0, st1 (denormal * 0: DE)", code: "d8c9", a: "0000:0000000000000000", b: "0000:0000000000000123", sw: 0x3002, tw: 0x9fff, st: ["0000:0000000000000000", "0000:0000000000000123"] },
    { asm: "fadd st0, st1 (unmasked DE: no result)", code: "d8c1", a: "0000:0000000000000123", b: "3fff:8000000000000000", cw: 0x37d, sw: 0xb082, tw: 0x2fff, st: ["0000:0000000000000123", "3fff:8000000000000000"] },
    { asm: "fsqrt (denormal)", code: "d9fa", a: "0000:0000000000000123", b: "3fff:8000000000000000", sw: 0x3222, tw: 0x0fff, st: ["1fe4:c0ff56376b0a5106", "3fff:8000000000000000"] },
  ],
  nan: [
    { asm: "fadd st0, st1 (equal QNaNs: positive)", code: "d8c1", a: "7fff:c000000000000001", b: "ffff:c000000000000001", sw: 0x3000, tw: 0xafff, st: ["7fff:c000000000000001", "ffff:c000000000000001"] },
    { asm: "fadd st0, st1 (equal QNaNs, other order)", code: "d8c1", a: "ffff:c000000000000001", b: "7fff:c000000000000001", sw: 0x3000, tw: 0xafff, st: ["7fff:c000000000000001", "7fff:c000000000000001"] },
    { asm: "fadd st0, st1 (larger significand)", code: "d8c1", a: "7fff:c000000000000002", b: "7fff:c000000000000001", sw: 0x3000, tw: 0xafff, st: ["7fff:c000000000000002", "7fff:c000000000000001"] },
    { asm: "fadd st0, st1 (QNaN beats SNaN)", code: "d8c1", a: "7fff:8000000000000001", b: "ffff:c000000000000001", sw: 0x3001, tw: 0xafff, st: ["ffff:c000000000000001", "ffff:c000000000000001"] },
    { asm: "fadd st0, st1 (QNaN beats larger SNaN)", code: "d8c1", a: "7fff:c000000000000001", b: "ffff:8000000000000003", sw: 0x3001, tw: 0xafff, st: ["7fff:c000000000000001", "ffff:8000000000000003"] },
    { asm: "fadd st0, st1 (two SNaNs: larger, quieted)", code: "d8c1", a: "7fff:8000000000000001", b: "ffff:8000000000000003", sw: 0x3001, tw: 0xafff, st: ["ffff:c000000000000003", "ffff:8000000000000003"] },
    { asm: "fadd st0, st1 (SNaN + number)", code: "d8c1", a: "7fff:8000000000000001", b: "3fff:8000000000000000", sw: 0x3001, tw: 0x2fff, st: ["7fff:c000000000000001", "3fff:8000000000000000"] },
    { asm: "fadd st0, st1 (number + SNaN)", code: "d8c1", b: "7fff:8000000000000001", sw: 0x3001, tw: 0xafff, st: ["7fff:c000000000000001", "7fff:8000000000000001"] },
    { asm: "fadd st0, st1 (no DE with a NaN)", code: "d8c1", a: "7fff:8000000000000001", b: "0000:0000000000000123", sw: 0x3001, tw: 0xafff, st: ["7fff:c000000000000001", "0000:0000000000000123"] },
    { asm: "fadd st0, st1 (unnormal is invalid)", code: "d8c1", a: "3fff:4000000000000000", b: "3fff:8000000000000000", sw: 0x3001, tw: 0x2fff, st: ["ffff:c000000000000000", "3fff:8000000000000000"] },
    { asm: "fadd st0, st1 (pseudo-infinity is invalid)", code: "d8c1", a: "7fff:0000000000000000", b: "3fff:8000000000000000", sw: 0x3001, tw: 0x2fff, st: ["ffff:c000000000000000", "3fff:8000000000000000"] },
    { asm: "fadd st0, st1 (inf - inf)", code: "d8c1", a: "7fff:8000000000000000", b: "ffff:8000000000000000", sw: 0x3001, tw: 0xafff, st: ["ffff:c000000000000000", "ffff:8000000000000000"] },
    { asm: "fadd st0, st1 (inf * 0)", code: "d8c1", a: "7fff:8000000000000000", b: "0000:0000000000000000", sw: 0x3000, tw: 0x6fff, st: ["7fff:8000000000000000", "0000:0000000000000000"] },
    { asm: "fmul st0, st1 (inf * 0)", code: "d8c9", a: "7fff:8000000000000000", b: "8000:0000000000000000", sw: 0x3001, tw: 0x6fff, st: ["ffff:c000000000000000", "8000:0000000000000000"] },
    { asm: "fdiv st0, st1 (0 / 0)", code: "d8f1", a: "0000:0000000000000000", b: "8000:0000000000000000", sw: 0x3001, tw: 0x6fff, st: ["ffff:c000000000000000", "8000:0000000000000000"] },
    { asm: "fdiv st0, st1 (inf / inf)", code: "d8f1", a: "7fff:8000000000000000", b: "ffff:8000000000000000", sw: 0x3001, tw: 0xafff, st: ["ffff:c000000000000000", "ffff:8000000000000000"] },
    { asm: "fsqrt (-1)", code: "d9fa", a: "bfff:8000000000000000", b: "3fff:8000000000000000", sw: 0x3001, tw: 0x2fff, st: ["ffff:c000000000000000", "3fff:8000000000000000"] },
    { asm: "fsqrt (-0)", code: "d9fa", a: "8000:0000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x1fff, st: ["8000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fadd dword [rsi] (m32 SNaN operand)", code: "d806", a: "7fff:c000000000000001", b: "3fff:8000000000000000", m: "0100807f", sw: 0x3001, tw: 0x2fff, st: ["7fff:c000000000000001", "3fff:8000000000000000"] },
    { asm: "fadd dword [rsi] (m32 denormal with an SNaN: IE only)", code: "d806", a: "7fff:8000000000000001", b: "3fff:8000000000000000", m: "01000000", sw: 0x3001, tw: 0x2fff, st: ["7fff:c000000000000001", "3fff:8000000000000000"] },
  ],
  memory: [
    { asm: "fld dword [rsi] (denormal: DE, normalized)", code: "d906", b: "3fff:8000000000000000", m: "01000000", sw: 0x2802, tw: 0x03ff, st: ["3f6a:8000000000000000", "3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fld dword [rsi] (SNaN: IE, quieted)", code: "d906", b: "3fff:8000000000000000", m: "0100807f", sw: 0x2801, tw: 0x0bff, st: ["7fff:c000010000000000", "3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fld qword [rsi] (SNaN)", code: "dd06", b: "3fff:8000000000000000", m: "010000000000f07f", sw: 0x2801, tw: 0x0bff, st: ["7fff:c000000000000800", "3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fld qword [rsi] (denormal, unmasked DE still loads)", code: "dd06", b: "3fff:8000000000000000", m: "443f7d7326020100", cw: 0x37d, sw: 0xa882, tw: 0x03ff, st: ["3bfd:811339be9fa20000", "3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fld tword [rsi] (SNaN loads as is)", code: "db2e", b: "3fff:8000000000000000", m: "0100000000000080ff7f", sw: 0x2800, tw: 0x0bff, st: ["7fff:8000000000000001", "3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fld tword [rsi] (unnormal loads as is)", code: "db2e", b: "3fff:8000000000000000", m: "0100000000000000ff3f", sw: 0x2800, tw: 0x0bff, st: ["3fff:0000000000000001", "3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fst qword [rsi] (1 + 2^-60, round up)", code: "dd16", a: "3fff:8000000000000010", b: "3fff:8000000000000000", cw: 0xb7f, sw: 0x3220, tw: 0x0fff, st: ["3fff:8000000000000010", "3fff:8000000000000000"], mem: "010000000000f03f" },
    { asm: "fst qword [rsi] (80-bit denormal underflows to 0)", code: "dd16", a: "0000:0000000000000123", b: "3fff:8000000000000000", sw: 0x3030, tw: 0x2fff, st: ["0000:0000000000000123", "3fff:8000000000000000"], mem: "0000000000000000" },
    { asm: "fst dword [rsi] (overflow to inf)", code: "d916", a: "4100:8000000000000000", b: "3fff:8000000000000000", sw: 0x3228, tw: 0x0fff, st: ["4100:8000000000000000", "3fff:8000000000000000"], mem: "0000807f" },
    { asm: "fst dword [rsi] (overflow, RZ: max finite)", code: "d916", a: "4100:8000000000000000", b: "3fff:8000000000000000", cw: 0xf7f, sw: 0x3028, tw: 0x0fff, st: ["4100:8000000000000000", "3fff:8000000000000000"], mem: "ffff7f7f" },
    { asm: "fst dword [rsi] (denormal single)", code: "d916", a: "3f7d:c000000000000001", b: "3fff:8000000000000000", sw: 0x3030, tw: 0x0fff, st: ["3f7d:c000000000000001", "3fff:8000000000000000"], mem: "00000c00" },
    { asm: "fst dword [rsi] (SNaN: IE, quieted)", code: "d916", a: "7fff:8000000000000001", b: "3fff:8000000000000000", sw: 0x3001, tw: 0x2fff, st: ["7fff:8000000000000001", "3fff:8000000000000000"], mem: "0000c07f" },
    { asm: "fst dword [rsi] (QNaN payload truncated)", code: "d916", a: "ffff:c000000000000fff", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x2fff, st: ["ffff:c000000000000fff", "3fff:8000000000000000"], mem: "0000c0ff" },
    { asm: "fst qword [rsi] (unnormal: indefinite)", code: "dd16", a: "3fff:4000000000000000", b: "3fff:8000000000000000", sw: 0x3001, tw: 0x2fff, st: ["3fff:4000000000000000", "3fff:8000000000000000"], mem: "000000000000f8ff" },
    { asm: "fst qword [rsi] (unmasked overflow: no store)", code: "dd16", a: "7ff8:84a89bc56dde758d", b: "3fff:8000000000000000", m: "ffffffffffffffff", cw: 0x377, sw: 0xb088, tw: 0x0fff, st: ["7ff8:84a89bc56dde758d", "3fff:8000000000000000"], mem: "ffffffffffffffff" },
    { asm: "fstp tword [rsi] (SNaN stored as is)", code: "db3e", a: "7fff:8000000000000001", b: "3fff:8000000000000000", sw: 0x3800, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0100000000000080ff7f" },
    { asm: "fstp qword [rsi]", code: "dd1e", a: "bffd:aaaaaaaaaaaaaaab", b: "3fff:8000000000000000", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "555555555555d5bf" },
  ],
  integer: [
    { asm: "fist word [rsi] (400e:9c40000000000000)", code: "df16", a: "400e:9c40000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3001, tw: 0x0fff, st: ["400e:9c40000000000000", "3fff:8000000000000000"], mem: "0080" },
    { asm: "fist word [rsi] (c00e:8000800000000000)", code: "df16", a: "c00e:8000800000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3020, tw: 0x0fff, st: ["c00e:8000800000000000", "3fff:8000000000000000"], mem: "0080" },
    { asm: "fist word [rsi] (4000:a000000000000000)", code: "df16", a: "4000:a000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3020, tw: 0x0fff, st: ["4000:a000000000000000", "3fff:8000000000000000"], mem: "0200" },
    { asm: "fist word [rsi] (c000:a000000000000000)", code: "df16", a: "c000:a000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3020, tw: 0x0fff, st: ["c000:a000000000000000", "3fff:8000000000000000"], mem: "feff" },
    { asm: "fist word [rsi] (403e:8000000000000000)", code: "df16", a: "403e:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3001, tw: 0x0fff, st: ["403e:8000000000000000", "3fff:8000000000000000"], mem: "0080" },
    { asm: "fist word [rsi] (c03e:8000000000000000)", code: "df16", a: "c03e:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3001, tw: 0x0fff, st: ["c03e:8000000000000000", "3fff:8000000000000000"], mem: "0080" },
    { asm: "fist word [rsi] (c01e:8000000080000000)", code: "df16", a: "c01e:8000000080000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3001, tw: 0x0fff, st: ["c01e:8000000080000000", "3fff:8000000000000000"], mem: "0080" },
    { asm: "fist word [rsi] (c00e:80001ccccccccccd)", code: "df16", a: "c00e:80001ccccccccccd", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3020, tw: 0x0fff, st: ["c00e:80001ccccccccccd", "3fff:8000000000000000"], mem: "0080" },
    { asm: "fist word [rsi] (7fff:c000000000000000)", code: "df16", a: "7fff:c000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3001, tw: 0x2fff, st: ["7fff:c000000000000000", "3fff:8000000000000000"], mem: "0080" },
    { asm: "fist word [rsi] (7fff:8000000000000000)", code: "df16", a: "7fff:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3001, tw: 0x2fff, st: ["7fff:8000000000000000", "3fff:8000000000000000"], mem: "0080" },
    { asm: "fist word [rsi] (0000:0000000000000123)", code: "df16", a: "0000:0000000000000123", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3020, tw: 0x2fff, st: ["0000:0000000000000123", "3fff:8000000000000000"], mem: "0000" },
    { asm: "fist word [rsi] (3fff:4000000000000000)", code: "df16", a: "3fff:4000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3001, tw: 0x2fff, st: ["3fff:4000000000000000", "3fff:8000000000000000"], mem: "0080" },
    { asm: "fist word [rsi] (401d:ffffffff00000000)", code: "df16", a: "401d:ffffffff00000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3001, tw: 0x0fff, st: ["401d:ffffffff00000000", "3fff:8000000000000000"], mem: "0080" },
    { asm: "fistp dword [rsi] (400e:9c40000000000000)", code: "db1e", a: "400e:9c40000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3800, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "409c0000" },
    { asm: "fistp dword [rsi] (c00e:8000800000000000)", code: "db1e", a: "c00e:8000800000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080ffff" },
    { asm: "fistp dword [rsi] (4000:a000000000000000)", code: "db1e", a: "4000:a000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "02000000" },
    { asm: "fistp dword [rsi] (c000:a000000000000000)", code: "db1e", a: "c000:a000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "feffffff" },
    { asm: "fistp dword [rsi] (403e:8000000000000000)", code: "db1e", a: "403e:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000080" },
    { asm: "fistp dword [rsi] (c03e:8000000000000000)", code: "db1e", a: "c03e:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000080" },
    { asm: "fistp dword [rsi] (c01e:8000000080000000)", code: "db1e", a: "c01e:8000000080000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000080" },
    { asm: "fistp dword [rsi] (c00e:80001ccccccccccd)", code: "db1e", a: "c00e:80001ccccccccccd", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080ffff" },
    { asm: "fistp dword [rsi] (7fff:c000000000000000)", code: "db1e", a: "7fff:c000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000080" },
    { asm: "fistp dword [rsi] (7fff:8000000000000000)", code: "db1e", a: "7fff:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000080" },
    { asm: "fistp dword [rsi] (0000:0000000000000123)", code: "db1e", a: "0000:0000000000000123", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000000" },
    { asm: "fistp dword [rsi] (3fff:4000000000000000)", code: "db1e", a: "3fff:4000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000080" },
    { asm: "fistp dword [rsi] (401d:ffffffff00000000)", code: "db1e", a: "401d:ffffffff00000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000080" },
    { asm: "fistp qword [rsi] (400e:9c40000000000000)", code: "df3e", a: "400e:9c40000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3800, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "409c000000000000" },
    { asm: "fistp qword [rsi] (c00e:8000800000000000)", code: "df3e", a: "c00e:8000800000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080ffffffffffff" },
    { asm: "fistp qword [rsi] (4000:a000000000000000)", code: "df3e", a: "4000:a000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0200000000000000" },
    { asm: "fistp qword [rsi] (c000:a000000000000000)", code: "df3e", a: "c000:a000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "feffffffffffffff" },
    { asm: "fistp qword [rsi] (403e:8000000000000000)", code: "df3e", a: "403e:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0000000000000080" },
    { asm: "fistp qword [rsi] (c03e:8000000000000000)", code: "df3e", a: "c03e:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3800, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0000000000000080" },
    { asm: "fistp qword [rsi] (c01e:8000000080000000)", code: "df3e", a: "c01e:8000000080000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000080ffffffff" },
    { asm: "fistp qword [rsi] (c00e:80001ccccccccccd)", code: "df3e", a: "c00e:80001ccccccccccd", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080ffffffffffff" },
    { asm: "fistp qword [rsi] (7fff:c000000000000000)", code: "df3e", a: "7fff:c000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0000000000000080" },
    { asm: "fistp qword [rsi] (7fff:8000000000000000)", code: "df3e", a: "7fff:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0000000000000080" },
    { asm: "fistp qword [rsi] (0000:0000000000000123)", code: "df3e", a: "0000:0000000000000123", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0000000000000000" },
    { asm: "fistp qword [rsi] (3fff:4000000000000000)", code: "df3e", a: "3fff:4000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0000000000000080" },
    { asm: "fistp qword [rsi] (401d:ffffffff00000000)", code: "df3e", a: "401d:ffffffff00000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3a20, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0000008000000000" },
    { asm: "fisttp word [rsi] (400e:9c40000000000000)", code: "df0e", a: "400e:9c40000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080" },
    { asm: "fisttp word [rsi] (c00e:8000800000000000)", code: "df0e", a: "c00e:8000800000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080" },
    { asm: "fisttp word [rsi] (4000:a000000000000000)", code: "df0e", a: "4000:a000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0200" },
    { asm: "fisttp word [rsi] (c000:a000000000000000)", code: "df0e", a: "c000:a000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "feff" },
    { asm: "fisttp word [rsi] (403e:8000000000000000)", code: "df0e", a: "403e:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080" },
    { asm: "fisttp word [rsi] (c03e:8000000000000000)", code: "df0e", a: "c03e:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080" },
    { asm: "fisttp word [rsi] (c01e:8000000080000000)", code: "df0e", a: "c01e:8000000080000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080" },
    { asm: "fisttp word [rsi] (c00e:80001ccccccccccd)", code: "df0e", a: "c00e:80001ccccccccccd", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080" },
    { asm: "fisttp word [rsi] (7fff:c000000000000000)", code: "df0e", a: "7fff:c000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080" },
    { asm: "fisttp word [rsi] (7fff:8000000000000000)", code: "df0e", a: "7fff:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080" },
    { asm: "fisttp word [rsi] (0000:0000000000000123)", code: "df0e", a: "0000:0000000000000123", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0000" },
    { asm: "fisttp word [rsi] (3fff:4000000000000000)", code: "df0e", a: "3fff:4000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080" },
    { asm: "fisttp word [rsi] (401d:ffffffff00000000)", code: "df0e", a: "401d:ffffffff00000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080" },
    { asm: "fisttp dword [rsi] (400e:9c40000000000000)", code: "db0e", a: "400e:9c40000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3800, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "409c0000" },
    { asm: "fisttp dword [rsi] (c00e:8000800000000000)", code: "db0e", a: "c00e:8000800000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080ffff" },
    { asm: "fisttp dword [rsi] (4000:a000000000000000)", code: "db0e", a: "4000:a000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "02000000" },
    { asm: "fisttp dword [rsi] (c000:a000000000000000)", code: "db0e", a: "c000:a000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "feffffff" },
    { asm: "fisttp dword [rsi] (403e:8000000000000000)", code: "db0e", a: "403e:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000080" },
    { asm: "fisttp dword [rsi] (c03e:8000000000000000)", code: "db0e", a: "c03e:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000080" },
    { asm: "fisttp dword [rsi] (c01e:8000000080000000)", code: "db0e", a: "c01e:8000000080000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000080" },
    { asm: "fisttp dword [rsi] (c00e:80001ccccccccccd)", code: "db0e", a: "c00e:80001ccccccccccd", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080ffff" },
    { asm: "fisttp dword [rsi] (7fff:c000000000000000)", code: "db0e", a: "7fff:c000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000080" },
    { asm: "fisttp dword [rsi] (7fff:8000000000000000)", code: "db0e", a: "7fff:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000080" },
    { asm: "fisttp dword [rsi] (0000:0000000000000123)", code: "db0e", a: "0000:0000000000000123", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000000" },
    { asm: "fisttp dword [rsi] (3fff:4000000000000000)", code: "db0e", a: "3fff:4000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000080" },
    { asm: "fisttp dword [rsi] (401d:ffffffff00000000)", code: "db0e", a: "401d:ffffffff00000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "ffffff7f" },
    { asm: "fisttp qword [rsi] (400e:9c40000000000000)", code: "dd0e", a: "400e:9c40000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3800, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "409c000000000000" },
    { asm: "fisttp qword [rsi] (c00e:8000800000000000)", code: "dd0e", a: "c00e:8000800000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080ffffffffffff" },
    { asm: "fisttp qword [rsi] (4000:a000000000000000)", code: "dd0e", a: "4000:a000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0200000000000000" },
    { asm: "fisttp qword [rsi] (c000:a000000000000000)", code: "dd0e", a: "c000:a000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "feffffffffffffff" },
    { asm: "fisttp qword [rsi] (403e:8000000000000000)", code: "dd0e", a: "403e:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0000000000000080" },
    { asm: "fisttp qword [rsi] (c03e:8000000000000000)", code: "dd0e", a: "c03e:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3800, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0000000000000080" },
    { asm: "fisttp qword [rsi] (c01e:8000000080000000)", code: "dd0e", a: "c01e:8000000080000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000080ffffffff" },
    { asm: "fisttp qword [rsi] (c00e:80001ccccccccccd)", code: "dd0e", a: "c00e:80001ccccccccccd", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0080ffffffffffff" },
    { asm: "fisttp qword [rsi] (7fff:c000000000000000)", code: "dd0e", a: "7fff:c000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0000000000000080" },
    { asm: "fisttp qword [rsi] (7fff:8000000000000000)", code: "dd0e", a: "7fff:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0000000000000080" },
    { asm: "fisttp qword [rsi] (0000:0000000000000123)", code: "dd0e", a: "0000:0000000000000123", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0000000000000000" },
    { asm: "fisttp qword [rsi] (3fff:4000000000000000)", code: "dd0e", a: "3fff:4000000000000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "0000000000000080" },
    { asm: "fisttp qword [rsi] (401d:ffffffff00000000)", code: "dd0e", a: "401d:ffffffff00000000", b: "3fff:8000000000000000", m: "5555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "ffffff7f00000000" },
    { asm: "fistp dword [rsi] (-2.5 per RC)", code: "db1e", a: "c000:a000000000000000", b: "3fff:8000000000000000", m: "55555555", cw: 0x77f, sw: 0x3a20, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "fdffffff" },
    { asm: "fistp dword [rsi] (-2.5 per RC)", code: "db1e", a: "c000:a000000000000000", b: "3fff:8000000000000000", m: "55555555", cw: 0xb7f, sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "feffffff" },
    { asm: "fistp dword [rsi] (-2.5 per RC)", code: "db1e", a: "c000:a000000000000000", b: "3fff:8000000000000000", m: "55555555", cw: 0xf7f, sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "feffffff" },
    { asm: "fist dword [rsi] (unmasked IE: no store)", code: "db16", a: "4027:8000000000000000", b: "3fff:8000000000000000", m: "55555555", cw: 0x37e, sw: 0xb081, tw: 0x0fff, st: ["4027:8000000000000000", "3fff:8000000000000000"], mem: "55555555" },
    { asm: "fild word [rsi]", code: "df06", b: "3fff:8000000000000000", m: "0080", sw: 0x2800, tw: 0x03ff, st: ["c00e:8000000000000000", "3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fild dword [rsi]", code: "db06", b: "3fff:8000000000000000", m: "ffffff7f", sw: 0x2800, tw: 0x03ff, st: ["401d:fffffffe00000000", "3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fild qword [rsi]", code: "df2e", b: "3fff:8000000000000000", m: "0100000000000080", sw: 0x2800, tw: 0x03ff, st: ["c03d:fffffffffffffffe", "3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fiadd word [rsi]", code: "de06", a: "3ffe:8000000000000000", b: "3fff:8000000000000000", m: "ff7f", sw: 0x3000, tw: 0x0fff, st: ["400d:ffff000000000000", "3fff:8000000000000000"] },
    { asm: "fidivr dword [rsi]", code: "da3e", a: "4000:c000000000000000", b: "3fff:8000000000000000", m: "01000000", sw: 0x3220, tw: 0x0fff, st: ["3ffd:aaaaaaaaaaaaaaab", "3fff:8000000000000000"] },
    { asm: "fimul dword [rsi] (PC 24)", code: "da0e", a: "3fff:ffffffffffffffff", b: "3fff:8000000000000000", m: "03000000", cw: 0x07f, sw: 0x3220, tw: 0x0fff, st: ["4001:c000000000000000", "3fff:8000000000000000"] },
    { asm: "fbld tword [rsi]", code: "df26", b: "3fff:8000000000000000", m: "89674523018967452381", sw: 0x2800, tw: 0x03ff, st: ["c038:d0569035a1604540", "3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fbld tword [rsi] (-0)", code: "df26", b: "3fff:8000000000000000", m: "00000000000000000080", sw: 0x2800, tw: 0x07ff, st: ["8000:0000000000000000", "3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fbstp tword [rsi] (4037:db4da5d31879a700)", code: "df36", a: "4037:db4da5d31879a700", b: "3fff:8000000000000000", m: "5555555555555555555555", sw: 0x3800, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "78563412907856341200" },
    { asm: "fbstp tword [rsi] (c01c:eb79a2c400000000)", code: "df36", a: "c01c:eb79a2c400000000", b: "3fff:8000000000000000", m: "5555555555555555555555", sw: 0x3800, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "21436587090000000080" },
    { asm: "fbstp tword [rsi] (4000:a000000000000000)", code: "df36", a: "4000:a000000000000000", b: "3fff:8000000000000000", m: "5555555555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "02000000000000000000" },
    { asm: "fbstp tword [rsi] (403a:de0b6b3a76400000)", code: "df36", a: "403a:de0b6b3a76400000", b: "3fff:8000000000000000", m: "5555555555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000000000000c0ffff" },
    { asm: "fbstp tword [rsi] (bffe:8000000000000000)", code: "df36", a: "bffe:8000000000000000", b: "3fff:8000000000000000", m: "5555555555555555555555", sw: 0x3820, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000000000000000080" },
    { asm: "fbstp tword [rsi] (7fff:c000000000000001)", code: "df36", a: "7fff:c000000000000001", b: "3fff:8000000000000000", m: "5555555555555555555555", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], mem: "00000000000000c0ffff" },
  ],
  compare: [
    { asm: "fcom st1 (less)", code: "d8d1", sw: 0x3100, tw: 0x0fff, st: ["3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fucom st1 (less)", code: "dde1", sw: 0x3100, tw: 0x0fff, st: ["3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fcomi st0, st1 (less)", code: "dbf1", sw: 0x3000, tw: 0x0fff, st: ["3fff:8000000000000000", "4000:8000000000000000"], eflags: 0x1 },
    { asm: "fucomip st0, st1 (less)", code: "dfe9", sw: 0x3800, tw: 0x3fff, st: ["4000:8000000000000000"], eflags: 0x1 },
    { asm: "fcom st1 (greater)", code: "d8d1", a: "4000:8000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x0fff, st: ["4000:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fucom st1 (greater)", code: "dde1", a: "4000:8000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x0fff, st: ["4000:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fcomi st0, st1 (greater)", code: "dbf1", a: "4000:8000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x0fff, st: ["4000:8000000000000000", "3fff:8000000000000000"], eflags: 0x0 },
    { asm: "fucomip st0, st1 (greater)", code: "dfe9", a: "4000:8000000000000000", b: "3fff:8000000000000000", sw: 0x3800, tw: 0x3fff, st: ["3fff:8000000000000000"], eflags: 0x0 },
    { asm: "fcom st1 (equal)", code: "d8d1", b: "3fff:8000000000000000", sw: 0x7000, tw: 0x0fff, st: ["3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fucom st1 (equal)", code: "dde1", b: "3fff:8000000000000000", sw: 0x7000, tw: 0x0fff, st: ["3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fcomi st0, st1 (equal)", code: "dbf1", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x0fff, st: ["3fff:8000000000000000", "3fff:8000000000000000"], eflags: 0x40 },
    { asm: "fucomip st0, st1 (equal)", code: "dfe9", b: "3fff:8000000000000000", sw: 0x3800, tw: 0x3fff, st: ["3fff:8000000000000000"], eflags: 0x40 },
    { asm: "fcom st1 (+0 = -0)", code: "d8d1", a: "0000:0000000000000000", b: "8000:0000000000000000", sw: 0x7000, tw: 0x5fff, st: ["0000:0000000000000000", "8000:0000000000000000"] },
    { asm: "fucom st1 (+0 = -0)", code: "dde1", a: "0000:0000000000000000", b: "8000:0000000000000000", sw: 0x7000, tw: 0x5fff, st: ["0000:0000000000000000", "8000:0000000000000000"] },
    { asm: "fcomi st0, st1 (+0 = -0)", code: "dbf1", a: "0000:0000000000000000", b: "8000:0000000000000000", sw: 0x3000, tw: 0x5fff, st: ["0000:0000000000000000", "8000:0000000000000000"], eflags: 0x40 },
    { asm: "fucomip st0, st1 (+0 = -0)", code: "dfe9", a: "0000:0000000000000000", b: "8000:0000000000000000", sw: 0x3800, tw: 0x7fff, st: ["8000:0000000000000000"], eflags: 0x40 },
    { asm: "fcom st1 (QNaN)", code: "d8d1", a: "7fff:c000000000000001", b: "3fff:8000000000000000", sw: 0x7501, tw: 0x2fff, st: ["7fff:c000000000000001", "3fff:8000000000000000"] },
    { asm: "fucom st1 (QNaN)", code: "dde1", a: "7fff:c000000000000001", b: "3fff:8000000000000000", sw: 0x7500, tw: 0x2fff, st: ["7fff:c000000000000001", "3fff:8000000000000000"] },
    { asm: "fcomi st0, st1 (QNaN)", code: "dbf1", a: "7fff:c000000000000001", b: "3fff:8000000000000000", sw: 0x3001, tw: 0x2fff, st: ["7fff:c000000000000001", "3fff:8000000000000000"], eflags: 0x45 },
    { asm: "fucomip st0, st1 (QNaN)", code: "dfe9", a: "7fff:c000000000000001", b: "3fff:8000000000000000", sw: 0x3800, tw: 0x3fff, st: ["3fff:8000000000000000"], eflags: 0x45 },
    { asm: "fcom st1 (SNaN)", code: "d8d1", a: "7fff:8000000000000001", b: "3fff:8000000000000000", sw: 0x7501, tw: 0x2fff, st: ["7fff:8000000000000001", "3fff:8000000000000000"] },
    { asm: "fucom st1 (SNaN)", code: "dde1", a: "7fff:8000000000000001", b: "3fff:8000000000000000", sw: 0x7501, tw: 0x2fff, st: ["7fff:8000000000000001", "3fff:8000000000000000"] },
    { asm: "fcomi st0, st1 (SNaN)", code: "dbf1", a: "7fff:8000000000000001", b: "3fff:8000000000000000", sw: 0x3001, tw: 0x2fff, st: ["7fff:8000000000000001", "3fff:8000000000000000"], eflags: 0x45 },
    { asm: "fucomip st0, st1 (SNaN)", code: "dfe9", a: "7fff:8000000000000001", b: "3fff:8000000000000000", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], eflags: 0x45 },
    { asm: "fcom st1 (denormal)", code: "d8d1", a: "ffff:8000000000000000", b: "0000:0000000000000123", sw: 0x3102, tw: 0xafff, st: ["ffff:8000000000000000", "0000:0000000000000123"] },
    { asm: "fucom st1 (denormal)", code: "dde1", a: "ffff:8000000000000000", b: "0000:0000000000000123", sw: 0x3102, tw: 0xafff, st: ["ffff:8000000000000000", "0000:0000000000000123"] },
    { asm: "fcomi st0, st1 (denormal)", code: "dbf1", a: "ffff:8000000000000000", b: "0000:0000000000000123", sw: 0x3002, tw: 0xafff, st: ["ffff:8000000000000000", "0000:0000000000000123"], eflags: 0x1 },
    { asm: "fucomip st0, st1 (denormal)", code: "dfe9", a: "ffff:8000000000000000", b: "0000:0000000000000123", sw: 0x3802, tw: 0xbfff, st: ["0000:0000000000000123"], eflags: 0x1 },
    { asm: "fcom st1 (unnormal)", code: "d8d1", a: "3fff:4000000000000000", b: "3fff:8000000000000000", sw: 0x7501, tw: 0x2fff, st: ["3fff:4000000000000000", "3fff:8000000000000000"] },
    { asm: "fucom st1 (unnormal)", code: "dde1", a: "3fff:4000000000000000", b: "3fff:8000000000000000", sw: 0x7501, tw: 0x2fff, st: ["3fff:4000000000000000", "3fff:8000000000000000"] },
    { asm: "fcomi st0, st1 (unnormal)", code: "dbf1", a: "3fff:4000000000000000", b: "3fff:8000000000000000", sw: 0x3001, tw: 0x2fff, st: ["3fff:4000000000000000", "3fff:8000000000000000"], eflags: 0x45 },
    { asm: "fucomip st0, st1 (unnormal)", code: "dfe9", a: "3fff:4000000000000000", b: "3fff:8000000000000000", sw: 0x3801, tw: 0x3fff, st: ["3fff:8000000000000000"], eflags: 0x45 },
    { asm: "fcompp", code: "ded9", sw: 0x0100, tw: 0xffff, st: [] },
    { asm: "fucompp (QNaN)", code: "dae9", a: "7fff:c000000000000001", sw: 0x4500, tw: 0xffff, st: [] },
    { asm: "fcomp dword [rsi]", code: "d81e", m: "0000803f", sw: 0x7800, tw: 0x3fff, st: ["4000:8000000000000000"] },
    { asm: "fcom qword [rsi] (QNaN, unmasked IE: codes set, no pop)", code: "dc16", m: "000000000000f8ff", cw: 0x37e, sw: 0xf581, tw: 0x0fff, st: ["3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fcomp st1 (unmasked DE: codes set, no pop)", code: "d8d9", a: "0000:0000000000000123", b: "3fff:8000000000000000", cw: 0x37d, sw: 0xb182, tw: 0x2fff, st: ["0000:0000000000000123", "3fff:8000000000000000"] },
    { asm: "ficom word [rsi]", code: "de16", a: "c000:c000000000000000", b: "3fff:8000000000000000", m: "fdff", sw: 0x7000, tw: 0x0fff, st: ["c000:c000000000000000", "3fff:8000000000000000"] },
    { asm: "ficomp dword [rsi]", code: "da1e", a: "4001:e000000000000000", b: "3fff:8000000000000000", m: "06000000", sw: 0x3800, tw: 0x3fff, st: ["3fff:8000000000000000"] },
    { asm: "ftst (negative)", code: "d9e4", a: "c000:c000000000000000", b: "3fff:8000000000000000", sw: 0x3100, tw: 0x0fff, st: ["c000:c000000000000000", "3fff:8000000000000000"] },
    { asm: "ftst (-0)", code: "d9e4", a: "8000:0000000000000000", b: "3fff:8000000000000000", sw: 0x7000, tw: 0x1fff, st: ["8000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "ftst (NaN)", code: "d9e4", a: "7fff:c000000000000001", b: "3fff:8000000000000000", sw: 0x7501, tw: 0x2fff, st: ["7fff:c000000000000001", "3fff:8000000000000000"] },
    { asm: "fcomi st0, st3 (empty: stack underflow)", code: "dbf3", sw: 0x3041, tw: 0x0fff, st: ["3fff:8000000000000000", "4000:8000000000000000"], eflags: 0x45 },
  ],
  fxam: [
    { asm: "fxam (normal)", code: "d9e5", b: "3fff:8000000000000000", sw: 0x3400, tw: 0x0fff, st: ["3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fxam (negative normal)", code: "d9e5", a: "bfff:8000000000000000", b: "3fff:8000000000000000", sw: 0x3600, tw: 0x0fff, st: ["bfff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fxam (zero)", code: "d9e5", a: "0000:0000000000000000", b: "3fff:8000000000000000", sw: 0x7000, tw: 0x1fff, st: ["0000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fxam (-0)", code: "d9e5", a: "8000:0000000000000000", b: "3fff:8000000000000000", sw: 0x7200, tw: 0x1fff, st: ["8000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fxam (inf)", code: "d9e5", a: "7fff:8000000000000000", b: "3fff:8000000000000000", sw: 0x3500, tw: 0x2fff, st: ["7fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fxam (-inf)", code: "d9e5", a: "ffff:8000000000000000", b: "3fff:8000000000000000", sw: 0x3700, tw: 0x2fff, st: ["ffff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fxam (QNaN)", code: "d9e5", a: "7fff:c000000000000001", b: "3fff:8000000000000000", sw: 0x3100, tw: 0x2fff, st: ["7fff:c000000000000001", "3fff:8000000000000000"] },
    { asm: "fxam (SNaN)", code: "d9e5", a: "7fff:8000000000000001", b: "3fff:8000000000000000", sw: 0x3100, tw: 0x2fff, st: ["7fff:8000000000000001", "3fff:8000000000000000"] },
    { asm: "fxam (denormal)", code: "d9e5", a: "0000:0000000000000123", b: "3fff:8000000000000000", sw: 0x7400, tw: 0x2fff, st: ["0000:0000000000000123", "3fff:8000000000000000"] },
    { asm: "fxam (pseudo-denormal)", code: "d9e5", a: "8000:8000000000000000", b: "3fff:8000000000000000", sw: 0x7600, tw: 0x2fff, st: ["8000:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fxam (unnormal)", code: "d9e5", a: "3fff:4000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x2fff, st: ["3fff:4000000000000000", "3fff:8000000000000000"] },
    { asm: "fxam (pseudo-infinity)", code: "d9e5", a: "7fff:0000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x2fff, st: ["7fff:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fxam (pseudo-NaN)", code: "d9e5", a: "ffff:4000000000000000", b: "3fff:8000000000000000", sw: 0x3200, tw: 0x2fff, st: ["ffff:4000000000000000", "3fff:8000000000000000"] },
    { asm: "fxam (unnormal zero)", code: "d9e5", a: "1234:0000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x2fff, st: ["1234:0000000000000000", "3fff:8000000000000000"] },
    { asm: "ffree st0; fxam (empty, negative contents)", code: "ddc0d9e5", a: "bfff:8000000000000000", b: "3fff:8000000000000000", sw: 0x7300, tw: 0x3fff, st: [null, "3fff:8000000000000000"] },
    { asm: "ffree st0; fxam (empty, positive contents)", code: "ddc0d9e5", b: "3fff:8000000000000000", sw: 0x7100, tw: 0x3fff, st: [null, "3fff:8000000000000000"] },
  ],
  fprem: [
    { asm: "fprem (exponent difference 0)", code: "d9f8", a: "3fff:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3200, tw: 0x0fff, st: ["3ffc:d8bc324bf56bbcd0", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem1 (exponent difference 0)", code: "d9f5", a: "3fff:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3200, tw: 0x0fff, st: ["3ffc:d8bc324bf56bbcd0", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem (exponent difference 1)", code: "d9f8", a: "4000:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x7000, tw: 0x0fff, st: ["3ffd:d8bc324bf56bbcd0", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem1 (exponent difference 1)", code: "d9f5", a: "4000:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x7000, tw: 0x0fff, st: ["3ffd:d8bc324bf56bbcd0", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem (exponent difference 3)", code: "d9f8", a: "4002:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3200, tw: 0x0fff, st: ["3ffd:ab0f77cd4ac1c8d4", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem1 (exponent difference 3)", code: "d9f5", a: "4002:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3200, tw: 0x0fff, st: ["3ffd:ab0f77cd4ac1c8d4", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem (exponent difference 5)", code: "d9f8", a: "4004:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3100, tw: 0x0fff, st: ["3fff:ab0f77cd4ac1c8d4", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem1 (exponent difference 5)", code: "d9f5", a: "4004:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3300, tw: 0x0fff, st: ["bff9:ba3722d5fe6071c0", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem (exponent difference 60)", code: "d9f8", a: "403b:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x7300, tw: 0x0fff, st: ["3fff:93938f94bc81ea4b", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem1 (exponent difference 60)", code: "d9f5", a: "403b:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3000, tw: 0x0fff, st: ["bffc:d326261f31cb0280", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem (exponent difference 63)", code: "d9f8", a: "403e:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x7100, tw: 0x0fff, st: ["3fff:88ca829213ab92b6", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem1 (exponent difference 63)", code: "d9f5", a: "403e:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x7300, tw: 0x0fff, st: ["bffd:94b7471a3c3edf94", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem (exponent difference 64)", code: "d9f8", a: "403f:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3400, tw: 0x0fff, st: ["401e:9ac01069e5a99754", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem1 (exponent difference 64)", code: "d9f5", a: "403f:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3400, tw: 0x0fff, st: ["401e:9ac01069e5a99754", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem (exponent difference 65)", code: "d9f8", a: "4040:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3400, tw: 0x0fff, st: ["401f:9ac01069e5a99754", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem1 (exponent difference 65)", code: "d9f5", a: "4040:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3400, tw: 0x0fff, st: ["401f:9ac01069e5a99754", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem (exponent difference 100)", code: "d9f8", a: "4063:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3400, tw: 0x0fff, st: ["403c:a1b1a715d16d8318", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem1 (exponent difference 100)", code: "d9f5", a: "4063:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3400, tw: 0x0fff, st: ["403c:a1b1a715d16d8318", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem (exponent difference 200)", code: "d9f8", a: "40c7:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3400, tw: 0x0fff, st: ["409f:956af9d3001fbb95", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem1 (exponent difference 200)", code: "d9f5", a: "40c7:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3400, tw: 0x0fff, st: ["409f:956af9d3001fbb95", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem (exponent difference 1000)", code: "d9f8", a: "43e7:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3400, tw: 0x0fff, st: ["43bf:956af9d3001fbb95", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem1 (exponent difference 1000)", code: "d9f5", a: "43e7:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3400, tw: 0x0fff, st: ["43bf:956af9d3001fbb95", "3fff:adf85458a2bb4a9b"] },
    { asm: "fprem (4001:e000000000000000 rem 4000:8000000000000000)", code: "d9f8", a: "4001:e000000000000000", sw: 0x7200, tw: 0x0fff, st: ["3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fprem1 (4001:e000000000000000 rem 4000:8000000000000000)", code: "d9f5", a: "4001:e000000000000000", sw: 0x3100, tw: 0x0fff, st: ["bfff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fprem (c001:e000000000000000 rem 4000:8000000000000000)", code: "d9f8", a: "c001:e000000000000000", sw: 0x7200, tw: 0x0fff, st: ["bfff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fprem1 (c001:e000000000000000 rem 4000:8000000000000000)", code: "d9f5", a: "c001:e000000000000000", sw: 0x3100, tw: 0x0fff, st: ["3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fprem (4001:a000000000000000 rem 4000:8000000000000000)", code: "d9f8", a: "4001:a000000000000000", sw: 0x7000, tw: 0x0fff, st: ["3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fprem1 (4001:a000000000000000 rem 4000:8000000000000000)", code: "d9f5", a: "4001:a000000000000000", sw: 0x7000, tw: 0x0fff, st: ["3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fprem (c001:a000000000000000 rem c000:8000000000000000)", code: "d9f8", a: "c001:a000000000000000", b: "c000:8000000000000000", sw: 0x7000, tw: 0x0fff, st: ["bfff:8000000000000000", "c000:8000000000000000"] },
    { asm: "fprem1 (c001:a000000000000000 rem c000:8000000000000000)", code: "d9f5", a: "c001:a000000000000000", b: "c000:8000000000000000", sw: 0x7000, tw: 0x0fff, st: ["bfff:8000000000000000", "c000:8000000000000000"] },
    { asm: "fprem (3fff:8000000000000000 rem 4000:c000000000000000)", code: "d9f8", b: "4000:c000000000000000", sw: 0x3000, tw: 0x0fff, st: ["3fff:8000000000000000", "4000:c000000000000000"] },
    { asm: "fprem1 (3fff:8000000000000000 rem 4000:c000000000000000)", code: "d9f5", b: "4000:c000000000000000", sw: 0x3000, tw: 0x0fff, st: ["3fff:8000000000000000", "4000:c000000000000000"] },
    { asm: "fprem (4000:8000000000000000 rem 4000:c000000000000000)", code: "d9f8", a: "4000:8000000000000000", b: "4000:c000000000000000", sw: 0x3000, tw: 0x0fff, st: ["4000:8000000000000000", "4000:c000000000000000"] },
    { asm: "fprem1 (4000:8000000000000000 rem 4000:c000000000000000)", code: "d9f5", a: "4000:8000000000000000", b: "4000:c000000000000000", sw: 0x3200, tw: 0x0fff, st: ["bfff:8000000000000000", "4000:c000000000000000"] },
    { asm: "fprem (0000:0000000000000000 rem 3fff:8000000000000000)", code: "d9f8", a: "0000:0000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x1fff, st: ["0000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fprem1 (0000:0000000000000000 rem 3fff:8000000000000000)", code: "d9f5", a: "0000:0000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x1fff, st: ["0000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fprem (3fff:8000000000000000 rem 0000:0000000000000000)", code: "d9f8", b: "0000:0000000000000000", sw: 0x3001, tw: 0x6fff, st: ["ffff:c000000000000000", "0000:0000000000000000"] },
    { asm: "fprem1 (3fff:8000000000000000 rem 0000:0000000000000000)", code: "d9f5", b: "0000:0000000000000000", sw: 0x3001, tw: 0x6fff, st: ["ffff:c000000000000000", "0000:0000000000000000"] },
    { asm: "fprem (7fff:8000000000000000 rem 3fff:8000000000000000)", code: "d9f8", a: "7fff:8000000000000000", b: "3fff:8000000000000000", sw: 0x3001, tw: 0x2fff, st: ["ffff:c000000000000000", "3fff:8000000000000000"] },
    { asm: "fprem1 (7fff:8000000000000000 rem 3fff:8000000000000000)", code: "d9f5", a: "7fff:8000000000000000", b: "3fff:8000000000000000", sw: 0x3001, tw: 0x2fff, st: ["ffff:c000000000000000", "3fff:8000000000000000"] },
    { asm: "fprem (3fff:8000000000000000 rem 7fff:8000000000000000)", code: "d9f8", b: "7fff:8000000000000000", sw: 0x3000, tw: 0x8fff, st: ["3fff:8000000000000000", "7fff:8000000000000000"] },
    { asm: "fprem1 (3fff:8000000000000000 rem 7fff:8000000000000000)", code: "d9f5", b: "7fff:8000000000000000", sw: 0x3000, tw: 0x8fff, st: ["3fff:8000000000000000", "7fff:8000000000000000"] },
    { asm: "fprem (0000:0000000000000123 rem 3fff:8000000000000000)", code: "d9f8", a: "0000:0000000000000123", b: "3fff:8000000000000000", sw: 0x3002, tw: 0x2fff, st: ["0000:0000000000000123", "3fff:8000000000000000"] },
    { asm: "fprem1 (0000:0000000000000123 rem 3fff:8000000000000000)", code: "d9f5", a: "0000:0000000000000123", b: "3fff:8000000000000000", sw: 0x3002, tw: 0x2fff, st: ["0000:0000000000000123", "3fff:8000000000000000"] },
    { asm: "fprem after fcom (partial clears C0/C3/C1)", code: "d9c0d8d8d9f8", a: "4063:c90fdaa22168c235", b: "3fff:adf85458a2bb4a9b", sw: 0x3400, tw: 0x0fff, st: ["403c:a1b1a715d16d8318", "3fff:adf85458a2bb4a9b"] },
  ],
  misc: [
    { asm: "fscale (3fff:8000000000000000, 4000:e000000000000000)", code: "d9fd", b: "4000:e000000000000000", sw: 0x3000, tw: 0x0fff, st: ["4002:8000000000000000", "4000:e000000000000000"] },
    { asm: "fscale (4000:c000000000000000, c000:8000000000000000)", code: "d9fd", a: "4000:c000000000000000", b: "c000:8000000000000000", sw: 0x3000, tw: 0x0fff, st: ["3ffe:c000000000000000", "c000:8000000000000000"] },
    { asm: "fscale (3fff:8000000000000000, 400d:9c40000000000000)", code: "d9fd", b: "400d:9c40000000000000", sw: 0x3228, tw: 0x2fff, st: ["7fff:8000000000000000", "400d:9c40000000000000"] },
    { asm: "fscale (3fff:8000000000000000, c00d:9c40000000000000)", code: "d9fd", b: "c00d:9c40000000000000", sw: 0x3030, tw: 0x1fff, st: ["0000:0000000000000000", "c00d:9c40000000000000"] },
    { asm: "fscale (3fff:8000000000000000, ffff:8000000000000000)", code: "d9fd", b: "ffff:8000000000000000", sw: 0x3000, tw: 0x9fff, st: ["0000:0000000000000000", "ffff:8000000000000000"] },
    { asm: "fscale (0000:0000000000000000, 7fff:8000000000000000)", code: "d9fd", a: "0000:0000000000000000", b: "7fff:8000000000000000", sw: 0x3001, tw: 0xafff, st: ["ffff:c000000000000000", "7fff:8000000000000000"] },
    { asm: "fscale (7fff:8000000000000000, ffff:8000000000000000)", code: "d9fd", a: "7fff:8000000000000000", b: "ffff:8000000000000000", sw: 0x3001, tw: 0xafff, st: ["ffff:c000000000000000", "ffff:8000000000000000"] },
    { asm: "fscale (0000:0000000000000123, 4002:a000000000000000)", code: "d9fd", a: "0000:0000000000000123", b: "4002:a000000000000000", sw: 0x3002, tw: 0x2fff, st: ["0000:0000000000048c00", "4002:a000000000000000"] },
    { asm: "fscale (c001:a000000000000000, bffe:8000000000000000)", code: "d9fd", a: "c001:a000000000000000", b: "bffe:8000000000000000", sw: 0x3000, tw: 0x0fff, st: ["c001:a000000000000000", "bffe:8000000000000000"] },
    { asm: "fscale (unmasked OE: wrapped result)", code: "d9fd", a: "4000:c000000000000000", b: "400c:fffc000000000000", cw: 0x377, sw: 0xb088, tw: 0x0fff, st: ["1fff:c000000000000000", "400c:fffc000000000000"] },
    { asm: "fscale (unmasked OE, beyond the wrap: inf for any RC)", code: "d9fd", a: "4000:c000000000000000", b: "400e:ea60000000000000", cw: 0x777, sw: 0xb2a8, tw: 0x2fff, st: ["7fff:8000000000000000", "400e:ea60000000000000"] },
    { asm: "fscale (unmasked UE, beyond the wrap: zero for any RC)", code: "d9fd", a: "4000:c000000000000000", b: "c00e:ea60000000000000", cw: 0xb6f, sw: 0xb0b0, tw: 0x1fff, st: ["0000:0000000000000000", "c00e:ea60000000000000"] },
    { asm: "fscale (unmasked UE: wrapped result)", code: "d9fd", a: "4000:c000000000000000", b: "c00d:8020000000000000", cw: 0x36f, sw: 0xb090, tw: 0x0fff, st: ["5ff0:c000000000000000", "c00d:8020000000000000"] },
    { asm: "fxtract (c002:a000000000000000)", code: "d9f4", a: "c002:a000000000000000", b: "3fff:8000000000000000", sw: 0x2800, tw: 0x03ff, st: ["bfff:a000000000000000", "4000:c000000000000000", "3fff:8000000000000000"] },
    { asm: "fxtract (3ffd:c000000000000000)", code: "d9f4", a: "3ffd:c000000000000000", b: "3fff:8000000000000000", sw: 0x2800, tw: 0x03ff, st: ["3fff:c000000000000000", "c000:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fxtract (0000:0000000000000000)", code: "d9f4", a: "0000:0000000000000000", b: "3fff:8000000000000000", sw: 0x2804, tw: 0x27ff, st: ["0000:0000000000000000", "ffff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fxtract (8000:0000000000000000)", code: "d9f4", a: "8000:0000000000000000", b: "3fff:8000000000000000", sw: 0x2804, tw: 0x27ff, st: ["8000:0000000000000000", "ffff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fxtract (7fff:8000000000000000)", code: "d9f4", a: "7fff:8000000000000000", b: "3fff:8000000000000000", sw: 0x2800, tw: 0x2bff, st: ["7fff:8000000000000000", "7fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fxtract (0000:0000000000000123)", code: "d9f4", a: "0000:0000000000000123", b: "3fff:8000000000000000", sw: 0x2802, tw: 0x03ff, st: ["3fff:9180000000000000", "c00d:806a000000000000", "3fff:8000000000000000"] },
    { asm: "fxtract (7fff:8000000000000001)", code: "d9f4", a: "7fff:8000000000000001", b: "3fff:8000000000000000", sw: 0x2801, tw: 0x2bff, st: ["7fff:c000000000000001", "7fff:c000000000000001", "3fff:8000000000000000"] },
    { asm: "fchs", code: "d9e0", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x0fff, st: ["bfff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fabs (unnormal, no exception)", code: "d9e1", a: "bfff:4000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x2fff, st: ["3fff:4000000000000000", "3fff:8000000000000000"] },
    { asm: "fxch st1", code: "d9c9", sw: 0x3000, tw: 0x0fff, st: ["4000:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fxch st3 (empty: underflow, masked)", code: "d9cb", sw: 0x3041, tw: 0x2ff3, st: ["ffff:c000000000000000", "4000:8000000000000000", null, "3fff:8000000000000000"] },
    { asm: "fld st1", code: "d9c1", sw: 0x2800, tw: 0x03ff, st: ["4000:8000000000000000", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fst st3", code: "ddd3", sw: 0x3000, tw: 0x0ff3, st: ["3fff:8000000000000000", "4000:8000000000000000", null, "3fff:8000000000000000"] },
    { asm: "fstp st0", code: "ddd8", sw: 0x3800, tw: 0x3fff, st: ["4000:8000000000000000"] },
    { asm: "ffree st1", code: "ddc1", sw: 0x3000, tw: 0xcfff, st: ["3fff:8000000000000000"] },
    { asm: "fincstp", code: "d9f7", sw: 0x3800, tw: 0x0fff, st: ["4000:8000000000000000", null, null, null, null, null, null, "3fff:8000000000000000"] },
    { asm: "fdecstp", code: "d9f6", sw: 0x2800, tw: 0x0fff, st: [null, "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fnclex after an exception", code: "d8f1dbe2", b: "0000:0000000000000000", sw: 0x3000, tw: 0x6fff, st: ["7fff:8000000000000000", "0000:0000000000000000"] },
    { asm: "faddp st2, st0 (empty destination)", code: "dec2", sw: 0x3841, tw: 0x3ffe, st: ["4000:8000000000000000", "ffff:c000000000000000"] },
    { asm: "fsubrp st1, st0", code: "dee9", a: "4002:a000000000000000", b: "4000:c000000000000000", sw: 0x3800, tw: 0x3fff, st: ["c001:e000000000000000"] },
    { asm: "fsubp st1, st0", code: "dee1", a: "4002:a000000000000000", b: "4000:c000000000000000", sw: 0x3800, tw: 0x3fff, st: ["4001:e000000000000000"] },
    { asm: "fdivrp st1, st0", code: "def9", a: "4002:a000000000000000", b: "4000:c000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["3ffd:999999999999999a"] },
    { asm: "fdivp st1, st0", code: "def1", a: "4002:a000000000000000", b: "4000:c000000000000000", sw: 0x3820, tw: 0x3fff, st: ["4000:d555555555555555"] },
    { asm: "fsub st1, st0 (DC E9)", code: "dce9", a: "4002:a000000000000000", b: "4000:c000000000000000", sw: 0x3000, tw: 0x0fff, st: ["4002:a000000000000000", "c001:e000000000000000"] },
    { asm: "fsubr st1, st0 (DC E1)", code: "dce1", a: "4002:a000000000000000", b: "4000:c000000000000000", sw: 0x3000, tw: 0x0fff, st: ["4002:a000000000000000", "4001:e000000000000000"] },
    { asm: "fld1", code: "d9e8", sw: 0x2800, tw: 0x03ff, st: ["3fff:8000000000000000", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fld1", code: "d9e8", cw: 0x77f, sw: 0x2800, tw: 0x03ff, st: ["3fff:8000000000000000", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fld1", code: "d9e8", cw: 0xb7f, sw: 0x2800, tw: 0x03ff, st: ["3fff:8000000000000000", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldl2t", code: "d9e9", sw: 0x2800, tw: 0x03ff, st: ["4000:d49a784bcd1b8afe", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldl2t", code: "d9e9", cw: 0x77f, sw: 0x2800, tw: 0x03ff, st: ["4000:d49a784bcd1b8afe", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldl2t", code: "d9e9", cw: 0xb7f, sw: 0x2800, tw: 0x03ff, st: ["4000:d49a784bcd1b8aff", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldl2e", code: "d9ea", sw: 0x2800, tw: 0x03ff, st: ["3fff:b8aa3b295c17f0bc", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldl2e", code: "d9ea", cw: 0x77f, sw: 0x2800, tw: 0x03ff, st: ["3fff:b8aa3b295c17f0bb", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldl2e", code: "d9ea", cw: 0xb7f, sw: 0x2800, tw: 0x03ff, st: ["3fff:b8aa3b295c17f0bc", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldpi", code: "d9eb", sw: 0x2800, tw: 0x03ff, st: ["4000:c90fdaa22168c235", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldpi", code: "d9eb", cw: 0x77f, sw: 0x2800, tw: 0x03ff, st: ["4000:c90fdaa22168c234", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldpi", code: "d9eb", cw: 0xb7f, sw: 0x2800, tw: 0x03ff, st: ["4000:c90fdaa22168c235", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldlg2", code: "d9ec", sw: 0x2800, tw: 0x03ff, st: ["3ffd:9a209a84fbcff799", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldlg2", code: "d9ec", cw: 0x77f, sw: 0x2800, tw: 0x03ff, st: ["3ffd:9a209a84fbcff798", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldlg2", code: "d9ec", cw: 0xb7f, sw: 0x2800, tw: 0x03ff, st: ["3ffd:9a209a84fbcff799", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldln2", code: "d9ed", sw: 0x2800, tw: 0x03ff, st: ["3ffe:b17217f7d1cf79ac", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldln2", code: "d9ed", cw: 0x77f, sw: 0x2800, tw: 0x03ff, st: ["3ffe:b17217f7d1cf79ab", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldln2", code: "d9ed", cw: 0xb7f, sw: 0x2800, tw: 0x03ff, st: ["3ffe:b17217f7d1cf79ac", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldz", code: "d9ee", sw: 0x2800, tw: 0x07ff, st: ["0000:0000000000000000", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldz", code: "d9ee", cw: 0x77f, sw: 0x2800, tw: 0x07ff, st: ["0000:0000000000000000", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fldz", code: "d9ee", cw: 0xb7f, sw: 0x2800, tw: 0x07ff, st: ["0000:0000000000000000", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fld1 x7 (stack overflow, masked)", code: "d9e8d9e8d9e8d9e8d9e8d9e8d9e8", sw: 0x3a41, tw: 0x8000, st: ["ffff:c000000000000000", "3fff:8000000000000000", "3fff:8000000000000000", "3fff:8000000000000000", "3fff:8000000000000000", "3fff:8000000000000000", "3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fld1 x7 (stack overflow, unmasked)", code: "d9e8d9e8d9e8d9e8d9e8d9e8d9e8", cw: 0x37e, sw: 0x82c1, tw: 0x0000, st: ["3fff:8000000000000000", "3fff:8000000000000000", "3fff:8000000000000000", "3fff:8000000000000000", "3fff:8000000000000000", "3fff:8000000000000000", "3fff:8000000000000000", "4000:8000000000000000"] },
    { asm: "fstp1 st1 (undocumented alias, empty ST0 just pops)", code: "ddc0d9d9", sw: 0x3800, tw: 0x3fff, st: ["4000:8000000000000000"] },
  ],
  trig: [
    { asm: "fsin (3ffe:8000000000000000)", code: "d9fe", a: "3ffe:8000000000000000", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["3ffd:f57743a2582f7f44", "3fff:8000000000000000"] },
    { asm: "fsin (3fff:8000000000000000)", code: "d9fe", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["3ffe:d76aa47848677021", "3fff:8000000000000000"] },
    { asm: "fsin (c000:8000000000000000)", code: "d9fe", a: "c000:8000000000000000", b: "3fff:8000000000000000", sw: 0x3020, tw: 0x0fff, st: ["bffe:e8c7b7568da22efd", "3fff:8000000000000000"] },
    { asm: "fsin (4000:c000000000000000)", code: "d9fe", a: "4000:c000000000000000", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["3ffc:9081c36db6aada79", "3fff:8000000000000000"] },
    { asm: "fsin (4000:c90fdaa22168c235)", code: "d9fe", a: "4000:c90fdaa22168c235", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["bfbf:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fsin (4002:a000000000000000)", code: "d9fe", a: "4002:a000000000000000", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["bffe:8b44f7af9a7a92cf", "3fff:8000000000000000"] },
    { asm: "fsin (c005:c800000000000000)", code: "d9fe", a: "c005:c800000000000000", b: "3fff:8000000000000000", sw: 0x3020, tw: 0x0fff, st: ["3ffe:81a12dbc626dc036", "3fff:8000000000000000"] },
    { asm: "fsin (4013:8000055555555555)", code: "d9fe", a: "4013:8000055555555555", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["3ffe:d7e5fac2b43632c7", "3fff:8000000000000000"] },
    { asm: "fsin (403d:8000000000000000)", code: "d9fe", a: "403d:8000000000000000", b: "3fff:8000000000000000", sw: 0x3020, tw: 0x0fff, st: ["bffe:b506a9dd559cf157", "3fff:8000000000000000"] },
    { asm: "fsin (403e:8000000000000000)", code: "d9fe", a: "403e:8000000000000000", b: "3fff:8000000000000000", sw: 0x3400, tw: 0x0fff, st: ["403e:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fsin (3fcd:8000000000000000)", code: "d9fe", a: "3fcd:8000000000000000", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["3fcd:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fsin (3fcd:a3b1c5d7e9f01234)", code: "d9fe", a: "3fcd:a3b1c5d7e9f01234", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["3fcd:a3b1c5d7e9f01234", "3fff:8000000000000000"] },
    { asm: "fsin (0000:0000000000000123)", code: "d9fe", a: "0000:0000000000000123", b: "3fff:8000000000000000", sw: 0x3232, tw: 0x2fff, st: ["0000:0000000000000123", "3fff:8000000000000000"] },
    { asm: "fsin (0000:0000000000000000)", code: "d9fe", a: "0000:0000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x1fff, st: ["0000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fsin (8000:0000000000000000)", code: "d9fe", a: "8000:0000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x1fff, st: ["8000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fsin (7fff:8000000000000000)", code: "d9fe", a: "7fff:8000000000000000", b: "3fff:8000000000000000", sw: 0x3001, tw: 0x2fff, st: ["ffff:c000000000000000", "3fff:8000000000000000"] },
    { asm: "fsin (7fff:c000000000000001)", code: "d9fe", a: "7fff:c000000000000001", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x2fff, st: ["7fff:c000000000000001", "3fff:8000000000000000"] },
    { asm: "fsin (7fff:8000000000000001)", code: "d9fe", a: "7fff:8000000000000001", b: "3fff:8000000000000000", sw: 0x3001, tw: 0x2fff, st: ["7fff:c000000000000001", "3fff:8000000000000000"] },
    { asm: "fcos (3ffe:8000000000000000)", code: "d9ff", a: "3ffe:8000000000000000", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["3ffe:e0a94032dbea7cee", "3fff:8000000000000000"] },
    { asm: "fcos (3fff:8000000000000000)", code: "d9ff", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["3ffe:8a51407da8345c92", "3fff:8000000000000000"] },
    { asm: "fcos (c000:8000000000000000)", code: "d9ff", a: "c000:8000000000000000", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["bffd:d51132ba9b902522", "3fff:8000000000000000"] },
    { asm: "fcos (4000:c000000000000000)", code: "d9ff", a: "4000:c000000000000000", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["bffe:fd7025f42f2e9308", "3fff:8000000000000000"] },
    { asm: "fcos (4000:c90fdaa22168c235)", code: "d9ff", a: "4000:c90fdaa22168c235", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["bfff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fcos (4002:a000000000000000)", code: "d9ff", a: "4002:a000000000000000", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["bffe:d6cd64486358f905", "3fff:8000000000000000"] },
    { asm: "fcos (c005:c800000000000000)", code: "d9ff", a: "c005:c800000000000000", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["3ffe:dcc0edfb32fefb21", "3fff:8000000000000000"] },
    { asm: "fcos (4013:8000055555555555)", code: "d9ff", a: "4013:8000055555555555", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["3ffe:89906d0c9f781871", "3fff:8000000000000000"] },
    { asm: "fcos (403d:8000000000000000)", code: "d9ff", a: "403d:8000000000000000", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["bffe:b5033c867715345a", "3fff:8000000000000000"] },
    { asm: "fcos (403e:8000000000000000)", code: "d9ff", a: "403e:8000000000000000", b: "3fff:8000000000000000", sw: 0x3400, tw: 0x0fff, st: ["403e:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fcos (3fcd:8000000000000000)", code: "d9ff", a: "3fcd:8000000000000000", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fcos (3fcd:a3b1c5d7e9f01234)", code: "d9ff", a: "3fcd:a3b1c5d7e9f01234", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fcos (0000:0000000000000123)", code: "d9ff", a: "0000:0000000000000123", b: "3fff:8000000000000000", sw: 0x3222, tw: 0x0fff, st: ["3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fcos (0000:0000000000000000)", code: "d9ff", a: "0000:0000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x0fff, st: ["3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fcos (8000:0000000000000000)", code: "d9ff", a: "8000:0000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x0fff, st: ["3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fcos (7fff:8000000000000000)", code: "d9ff", a: "7fff:8000000000000000", b: "3fff:8000000000000000", sw: 0x3001, tw: 0x2fff, st: ["ffff:c000000000000000", "3fff:8000000000000000"] },
    { asm: "fcos (7fff:c000000000000001)", code: "d9ff", a: "7fff:c000000000000001", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x2fff, st: ["7fff:c000000000000001", "3fff:8000000000000000"] },
    { asm: "fcos (7fff:8000000000000001)", code: "d9ff", a: "7fff:8000000000000001", b: "3fff:8000000000000000", sw: 0x3001, tw: 0x2fff, st: ["7fff:c000000000000001", "3fff:8000000000000000"] },
    { asm: "fptan (3ffe:8000000000000000)", code: "d9f2", a: "3ffe:8000000000000000", b: "3fff:8000000000000000", sw: 0x2a20, tw: 0x03ff, st: ["3fff:8000000000000000", "3ffe:8bda7adf9a3a5219", "3fff:8000000000000000"] },
    { asm: "fptan (c000:8000000000000000)", code: "d9f2", a: "c000:8000000000000000", b: "3fff:8000000000000000", sw: 0x2820, tw: 0x03ff, st: ["3fff:8000000000000000", "4000:8bd7b1704a87c1da", "3fff:8000000000000000"] },
    { asm: "fptan (4000:c000000000000000)", code: "d9f2", a: "4000:c000000000000000", b: "3fff:8000000000000000", sw: 0x2820, tw: 0x03ff, st: ["3fff:8000000000000000", "bffc:91f7b892a5c37866", "3fff:8000000000000000"] },
    { asm: "fptan (4000:c90fdaa22168c235)", code: "d9f2", a: "4000:c90fdaa22168c235", b: "3fff:8000000000000000", sw: 0x2820, tw: 0x03ff, st: ["3fff:8000000000000000", "3fbf:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fptan (4002:a000000000000000)", code: "d9f2", a: "4002:a000000000000000", b: "3fff:8000000000000000", sw: 0x2820, tw: 0x03ff, st: ["3fff:8000000000000000", "3ffe:a5faf9a5f1bc12f0", "3fff:8000000000000000"] },
    { asm: "fptan (c005:c800000000000000)", code: "d9f2", a: "c005:c800000000000000", b: "3fff:8000000000000000", sw: 0x2820, tw: 0x03ff, st: ["3fff:8000000000000000", "3ffe:9653a6b15ae9bd79", "3fff:8000000000000000"] },
    { asm: "fptan (4013:8000055555555555)", code: "d9f2", a: "4013:8000055555555555", b: "3fff:8000000000000000", sw: 0x2820, tw: 0x03ff, st: ["3fff:8000000000000000", "3fff:c8e353f772ad8767", "3fff:8000000000000000"] },
    { asm: "fptan (403d:8000000000000000)", code: "d9f2", a: "403d:8000000000000000", b: "3fff:8000000000000000", sw: 0x2820, tw: 0x03ff, st: ["3fff:8000000000000000", "3fff:80026c6541a088b0", "3fff:8000000000000000"] },
    { asm: "fptan (403e:8000000000000000)", code: "d9f2", a: "403e:8000000000000000", b: "3fff:8000000000000000", sw: 0x3400, tw: 0x0fff, st: ["403e:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fptan (3fcd:8000000000000000)", code: "d9f2", a: "3fcd:8000000000000000", b: "3fff:8000000000000000", sw: 0x2820, tw: 0x03ff, st: ["3fff:8000000000000000", "3fcd:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fptan (3fcd:a3b1c5d7e9f01234)", code: "d9f2", a: "3fcd:a3b1c5d7e9f01234", b: "3fff:8000000000000000", sw: 0x2820, tw: 0x03ff, st: ["3fff:8000000000000000", "3fcd:a3b1c5d7e9f01234", "3fff:8000000000000000"] },
    { asm: "fptan (0000:0000000000000000)", code: "d9f2", a: "0000:0000000000000000", b: "3fff:8000000000000000", sw: 0x2800, tw: 0x13ff, st: ["3fff:8000000000000000", "0000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fptan (8000:0000000000000000)", code: "d9f2", a: "8000:0000000000000000", b: "3fff:8000000000000000", sw: 0x2800, tw: 0x13ff, st: ["3fff:8000000000000000", "8000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fptan (7fff:8000000000000000)", code: "d9f2", a: "7fff:8000000000000000", b: "3fff:8000000000000000", sw: 0x2801, tw: 0x2bff, st: ["ffff:c000000000000000", "ffff:c000000000000000", "3fff:8000000000000000"] },
    { asm: "fptan (7fff:c000000000000001)", code: "d9f2", a: "7fff:c000000000000001", b: "3fff:8000000000000000", sw: 0x2800, tw: 0x2bff, st: ["7fff:c000000000000001", "7fff:c000000000000001", "3fff:8000000000000000"] },
    { asm: "fptan (7fff:8000000000000001)", code: "d9f2", a: "7fff:8000000000000001", b: "3fff:8000000000000000", sw: 0x2801, tw: 0x2bff, st: ["7fff:c000000000000001", "7fff:c000000000000001", "3fff:8000000000000000"] },
    { asm: "fsincos (3ffe:8000000000000000)", code: "d9fb", a: "3ffe:8000000000000000", b: "3fff:8000000000000000", sw: 0x2a20, tw: 0x03ff, st: ["3ffe:e0a94032dbea7cee", "3ffd:f57743a2582f7f44", "3fff:8000000000000000"] },
    { asm: "fsincos (3fff:8000000000000000)", code: "d9fb", b: "3fff:8000000000000000", sw: 0x2a20, tw: 0x03ff, st: ["3ffe:8a51407da8345c92", "3ffe:d76aa47848677021", "3fff:8000000000000000"] },
    { asm: "fsincos (c000:8000000000000000)", code: "d9fb", a: "c000:8000000000000000", b: "3fff:8000000000000000", sw: 0x2820, tw: 0x03ff, st: ["bffd:d51132ba9b902522", "bffe:e8c7b7568da22efd", "3fff:8000000000000000"] },
    { asm: "fsincos (4000:c000000000000000)", code: "d9fb", a: "4000:c000000000000000", b: "3fff:8000000000000000", sw: 0x2a20, tw: 0x03ff, st: ["bffe:fd7025f42f2e9308", "3ffc:9081c36db6aada79", "3fff:8000000000000000"] },
    { asm: "fsincos (4000:c90fdaa22168c235)", code: "d9fb", a: "4000:c90fdaa22168c235", b: "3fff:8000000000000000", sw: 0x2a20, tw: 0x03ff, st: ["bfff:8000000000000000", "bfbf:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fsincos (4002:a000000000000000)", code: "d9fb", a: "4002:a000000000000000", b: "3fff:8000000000000000", sw: 0x2a20, tw: 0x03ff, st: ["bffe:d6cd64486358f905", "bffe:8b44f7af9a7a92cf", "3fff:8000000000000000"] },
    { asm: "fsincos (c005:c800000000000000)", code: "d9fb", a: "c005:c800000000000000", b: "3fff:8000000000000000", sw: 0x2820, tw: 0x03ff, st: ["3ffe:dcc0edfb32fefb21", "3ffe:81a12dbc626dc036", "3fff:8000000000000000"] },
    { asm: "fsincos (4013:8000055555555555)", code: "d9fb", a: "4013:8000055555555555", b: "3fff:8000000000000000", sw: 0x2a20, tw: 0x03ff, st: ["3ffe:89906d0c9f781871", "3ffe:d7e5fac2b43632c7", "3fff:8000000000000000"] },
    { asm: "fsincos (403d:8000000000000000)", code: "d9fb", a: "403d:8000000000000000", b: "3fff:8000000000000000", sw: 0x2820, tw: 0x03ff, st: ["bffe:b5033c867715345a", "bffe:b506a9dd559cf157", "3fff:8000000000000000"] },
    { asm: "fsincos (403e:8000000000000000)", code: "d9fb", a: "403e:8000000000000000", b: "3fff:8000000000000000", sw: 0x3400, tw: 0x0fff, st: ["403e:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fsincos (3fcd:8000000000000000)", code: "d9fb", a: "3fcd:8000000000000000", b: "3fff:8000000000000000", sw: 0x2a20, tw: 0x03ff, st: ["3fff:8000000000000000", "3fcd:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fsincos (3fcd:a3b1c5d7e9f01234)", code: "d9fb", a: "3fcd:a3b1c5d7e9f01234", b: "3fff:8000000000000000", sw: 0x2a20, tw: 0x03ff, st: ["3fff:8000000000000000", "3fcd:a3b1c5d7e9f01234", "3fff:8000000000000000"] },
    { asm: "fsincos (0000:0000000000000123)", code: "d9fb", a: "0000:0000000000000123", b: "3fff:8000000000000000", sw: 0x2a32, tw: 0x23ff, st: ["3fff:8000000000000000", "0000:0000000000000123", "3fff:8000000000000000"] },
    { asm: "fsincos (0000:0000000000000000)", code: "d9fb", a: "0000:0000000000000000", b: "3fff:8000000000000000", sw: 0x2800, tw: 0x13ff, st: ["3fff:8000000000000000", "0000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fsincos (8000:0000000000000000)", code: "d9fb", a: "8000:0000000000000000", b: "3fff:8000000000000000", sw: 0x2800, tw: 0x13ff, st: ["3fff:8000000000000000", "8000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "fsincos (7fff:8000000000000000)", code: "d9fb", a: "7fff:8000000000000000", b: "3fff:8000000000000000", sw: 0x2801, tw: 0x2bff, st: ["ffff:c000000000000000", "ffff:c000000000000000", "3fff:8000000000000000"] },
    { asm: "fsincos (7fff:c000000000000001)", code: "d9fb", a: "7fff:c000000000000001", b: "3fff:8000000000000000", sw: 0x2800, tw: 0x2bff, st: ["7fff:c000000000000001", "7fff:c000000000000001", "3fff:8000000000000000"] },
    { asm: "fsincos (7fff:8000000000000001)", code: "d9fb", a: "7fff:8000000000000001", b: "3fff:8000000000000000", sw: 0x2801, tw: 0x2bff, st: ["7fff:c000000000000001", "7fff:c000000000000001", "3fff:8000000000000000"] },
    { asm: "fsin (2^-50 argument per RC)", code: "d9fe", a: "3fcd:a3b1c5d7e9f01234", b: "3fff:8000000000000000", cw: 0x77f, sw: 0x3020, tw: 0x0fff, st: ["3fcd:a3b1c5d7e9f01233", "3fff:8000000000000000"] },
    { asm: "fcos (2^-50 argument per RC)", code: "d9ff", a: "3fcd:a3b1c5d7e9f01234", b: "3fff:8000000000000000", cw: 0x77f, sw: 0x3020, tw: 0x0fff, st: ["3ffe:ffffffffffffffff", "3fff:8000000000000000"] },
    { asm: "fsin (2^-50 argument per RC)", code: "d9fe", a: "3fcd:a3b1c5d7e9f01234", b: "3fff:8000000000000000", cw: 0xb7f, sw: 0x3220, tw: 0x0fff, st: ["3fcd:a3b1c5d7e9f01234", "3fff:8000000000000000"] },
    { asm: "fcos (2^-50 argument per RC)", code: "d9ff", a: "3fcd:a3b1c5d7e9f01234", b: "3fff:8000000000000000", cw: 0xb7f, sw: 0x3220, tw: 0x0fff, st: ["3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "fsin (2^-50 argument per RC)", code: "d9fe", a: "3fcd:a3b1c5d7e9f01234", b: "3fff:8000000000000000", cw: 0xf7f, sw: 0x3020, tw: 0x0fff, st: ["3fcd:a3b1c5d7e9f01233", "3fff:8000000000000000"] },
    { asm: "fcos (2^-50 argument per RC)", code: "d9ff", a: "3fcd:a3b1c5d7e9f01234", b: "3fff:8000000000000000", cw: 0xf7f, sw: 0x3020, tw: 0x0fff, st: ["3ffe:ffffffffffffffff", "3fff:8000000000000000"] },
  ],
  exp: [
    { asm: "f2xm1 (3ffe:8000000000000000)", code: "d9f0", a: "3ffe:8000000000000000", b: "3fff:8000000000000000", sw: 0x3020, tw: 0x0fff, st: ["3ffd:d413cccfe7799211", "3fff:8000000000000000"] },
    { asm: "f2xm1 (bffe:8000000000000000)", code: "d9f0", a: "bffe:8000000000000000", b: "3fff:8000000000000000", sw: 0x3020, tw: 0x0fff, st: ["bffd:95f619980c4336f7", "3fff:8000000000000000"] },
    { asm: "f2xm1 (3ffd:aaaaaaaaaaaaaaab)", code: "d9f0", a: "3ffd:aaaaaaaaaaaaaaab", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["3ffd:85145f31ae515c45", "3fff:8000000000000000"] },
    { asm: "f2xm1 (bffe:c000000000000000)", code: "d9f0", a: "bffe:c000000000000000", b: "3fff:8000000000000000", sw: 0x3020, tw: 0x0fff, st: ["bffd:cf901f5ce48ead21", "3fff:8000000000000000"] },
    { asm: "f2xm1 (3fff:8000000000000000)", code: "d9f0", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["3fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "f2xm1 (bfff:8000000000000000)", code: "d9f0", a: "bfff:8000000000000000", b: "3fff:8000000000000000", sw: 0x3020, tw: 0x0fff, st: ["bffe:8000000000000000", "3fff:8000000000000000"] },
    { asm: "f2xm1 (3fd7:8000000000000000)", code: "d9f0", a: "3fd7:8000000000000000", b: "3fff:8000000000000000", sw: 0x3220, tw: 0x0fff, st: ["3fd6:b17217f7d20cf928", "3fff:8000000000000000"] },
    { asm: "f2xm1 (4000:8000000000000000)", code: "d9f0", a: "4000:8000000000000000", b: "3fff:8000000000000000", sw: 0x3020, tw: 0x0fff, st: ["4000:8000000000000000", "3fff:8000000000000000"] },
    { asm: "f2xm1 (0000:0000000000000000)", code: "d9f0", a: "0000:0000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x1fff, st: ["0000:0000000000000000", "3fff:8000000000000000"] },
    { asm: "f2xm1 (ffff:8000000000000000)", code: "d9f0", a: "ffff:8000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x0fff, st: ["bfff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "f2xm1 (7fff:8000000000000000)", code: "d9f0", a: "7fff:8000000000000000", b: "3fff:8000000000000000", sw: 0x3000, tw: 0x2fff, st: ["7fff:8000000000000000", "3fff:8000000000000000"] },
    { asm: "f2xm1 (0000:0000000000000123)", code: "d9f0", a: "0000:0000000000000123", b: "3fff:8000000000000000", sw: 0x3232, tw: 0x2fff, st: ["0000:00000000000000ca", "3fff:8000000000000000"] },
    { asm: "f2xm1 (1, rounded down)", code: "d9f0", b: "3fff:8000000000000000", cw: 0x77f, sw: 0x3020, tw: 0x0fff, st: ["3ffe:ffffffffffffffff", "3fff:8000000000000000"] },
    { asm: "f2xm1 (1, rounded down)", code: "d9f0", b: "3fff:8000000000000000", cw: 0xf7f, sw: 0x3020, tw: 0x0fff, st: ["3ffe:ffffffffffffffff", "3fff:8000000000000000"] },
  ],
  log: [
    { asm: "fyl2x (x=4000:c000000000000000, y=3fff:8000000000000000)", code: "d9f1", a: "4000:c000000000000000", b: "3fff:8000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["3fff:cae00d1cfdeb43d0"] },
    { asm: "fyl2x (x=4002:a000000000000000, y=3ffe:8000000000000000)", code: "d9f1", a: "4002:a000000000000000", b: "3ffe:8000000000000000", sw: 0x3820, tw: 0x3fff, st: ["3fff:d49a784bcd1b8afe"] },
    { asm: "fyl2x (x=4002:8000000000000000, y=4000:c000000000000000)", code: "d9f1", a: "4002:8000000000000000", b: "4000:c000000000000000", sw: 0x3820, tw: 0x3fff, st: ["4002:9000000000000000"] },
    { asm: "fyl2x (x=3fff:8000000000000000, y=4000:c000000000000000)", code: "d9f1", b: "4000:c000000000000000", sw: 0x3800, tw: 0x7fff, st: ["0000:0000000000000000"] },
    { asm: "fyl2x (x=3ffd:8000000000000000, y=4000:c000000000000000)", code: "d9f1", a: "3ffd:8000000000000000", b: "4000:c000000000000000", sw: 0x3820, tw: 0x3fff, st: ["c001:c000000000000000"] },
    { asm: "fyl2x (x=3ffe:c000000000000000, y=bfff:8000000000000000)", code: "d9f1", a: "3ffe:c000000000000000", b: "bfff:8000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["3ffd:d47fcb8c0852f0c1"] },
    { asm: "fyl2x (x=3ffe:ffffffffffffffff, y=3fff:8000000000000000)", code: "d9f1", a: "3ffe:ffffffffffffffff", b: "3fff:8000000000000000", sw: 0x3820, tw: 0x3fff, st: ["bfbf:b8aa3b295c17f0bc"] },
    { asm: "fyl2x (x=0000:0000000000000000, y=4000:8000000000000000)", code: "d9f1", a: "0000:0000000000000000", sw: 0x3804, tw: 0xbfff, st: ["ffff:8000000000000000"] },
    { asm: "fyl2x (x=0000:0000000000000000, y=0000:0000000000000000)", code: "d9f1", a: "0000:0000000000000000", b: "0000:0000000000000000", sw: 0x3801, tw: 0xbfff, st: ["ffff:c000000000000000"] },
    { asm: "fyl2x (x=bfff:8000000000000000, y=3fff:8000000000000000)", code: "d9f1", a: "bfff:8000000000000000", b: "3fff:8000000000000000", sw: 0x3801, tw: 0xbfff, st: ["ffff:c000000000000000"] },
    { asm: "fyl2x (x=7fff:8000000000000000, y=4000:8000000000000000)", code: "d9f1", a: "7fff:8000000000000000", sw: 0x3800, tw: 0xbfff, st: ["7fff:8000000000000000"] },
    { asm: "fyl2x (x=3fff:8000000000000000, y=7fff:8000000000000000)", code: "d9f1", b: "7fff:8000000000000000", sw: 0x3801, tw: 0xbfff, st: ["ffff:c000000000000000"] },
    { asm: "fyl2x (x=4000:8000000000000000, y=7fff:8000000000000000)", code: "d9f1", a: "4000:8000000000000000", b: "7fff:8000000000000000", sw: 0x3800, tw: 0xbfff, st: ["7fff:8000000000000000"] },
    { asm: "fyl2xp1 (x=3ffd:8000000000000000, y=3fff:8000000000000000)", code: "d9f9", a: "3ffd:8000000000000000", b: "3fff:8000000000000000", sw: 0x3820, tw: 0x3fff, st: ["3ffd:a4d3c25e68dc57f2"] },
    { asm: "fyl2xp1 (x=bffd:8000000000000000, y=4000:c000000000000000)", code: "d9f9", a: "bffd:8000000000000000", b: "4000:c000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["bfff:9f5fd8a9063e3491"] },
    { asm: "fyl2xp1 (x=3fe1:8000000000000000, y=3fff:8000000000000000)", code: "d9f9", a: "3fe1:8000000000000000", b: "3fff:8000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["3fe1:b8aa3b27eac37a6d"] },
    { asm: "fyl2xp1 (x=3fb9:c000000000000000, y=c000:8000000000000000)", code: "d9f9", a: "3fb9:c000000000000000", b: "c000:8000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["bfbb:8a7fac5f0511f48d"] },
    { asm: "fyl2xp1 (x=0000:0000000000000000, y=4001:a000000000000000)", code: "d9f9", a: "0000:0000000000000000", b: "4001:a000000000000000", sw: 0x3800, tw: 0x7fff, st: ["0000:0000000000000000"] },
    { asm: "fyl2xp1 (x=8000:0000000000000000, y=4001:a000000000000000)", code: "d9f9", a: "8000:0000000000000000", b: "4001:a000000000000000", sw: 0x3800, tw: 0x7fff, st: ["8000:0000000000000000"] },
    { asm: "fyl2xp1 (x=c000:8000000000000000, y=4000:c000000000000000)", code: "d9f9", a: "c000:8000000000000000", b: "4000:c000000000000000", sw: 0x3820, tw: 0x3fff, st: ["c000:8000000000000000"] },
    { asm: "fyl2xp1 (x=bfff:8000000000000000, y=4000:c000000000000000)", code: "d9f9", a: "bfff:8000000000000000", b: "4000:c000000000000000", sw: 0x3820, tw: 0x3fff, st: ["bfff:8000000000000000"] },
    { asm: "fyl2xp1 (x=0000:0000000000000123, y=3fff:8000000000000000)", code: "d9f9", a: "0000:0000000000000123", b: "3fff:8000000000000000", sw: 0x3a32, tw: 0xbfff, st: ["0000:00000000000001a4"] },
    { asm: "fyl2xp1 (x=3ffc:8000000000000000, y=0000:0000000000000000)", code: "d9f9", a: "3ffc:8000000000000000", b: "0000:0000000000000000", sw: 0x3800, tw: 0x7fff, st: ["0000:0000000000000000"] },
  ],
  atan: [
    { asm: "fpatan (x=3fff:8000000000000000, y=3fff:8000000000000000)", code: "d9f3", b: "3fff:8000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["3ffe:c90fdaa22168c235"] },
    { asm: "fpatan (x=bfff:8000000000000000, y=3fff:8000000000000000)", code: "d9f3", a: "bfff:8000000000000000", b: "3fff:8000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["4000:96cbe3f9990e91a8"] },
    { asm: "fpatan (x=4000:c000000000000000, y=c001:8000000000000000)", code: "d9f3", a: "4000:c000000000000000", b: "c001:8000000000000000", sw: 0x3820, tw: 0x3fff, st: ["bffe:ed63382b0dda7b45"] },
    { asm: "fpatan (x=c000:c000000000000000, y=3ff5:8000000000000000)", code: "d9f3", a: "c000:c000000000000000", b: "3ff5:8000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["4000:c90a854ccf3c82fc"] },
    { asm: "fpatan (x=3fd7:8000000000000000, y=3fff:8000000000000000)", code: "d9f3", a: "3fd7:8000000000000000", b: "3fff:8000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["3fff:c90fdaa220e8c235"] },
    { asm: "fpatan (x=3fff:8000000000000000, y=0000:0000000000000000)", code: "d9f3", b: "0000:0000000000000000", sw: 0x3800, tw: 0x7fff, st: ["0000:0000000000000000"] },
    { asm: "fpatan (x=bfff:8000000000000000, y=0000:0000000000000000)", code: "d9f3", a: "bfff:8000000000000000", b: "0000:0000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["4000:c90fdaa22168c235"] },
    { asm: "fpatan (x=bfff:8000000000000000, y=8000:0000000000000000)", code: "d9f3", a: "bfff:8000000000000000", b: "8000:0000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["c000:c90fdaa22168c235"] },
    { asm: "fpatan (x=0000:0000000000000000, y=3fff:8000000000000000)", code: "d9f3", a: "0000:0000000000000000", b: "3fff:8000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["3fff:c90fdaa22168c235"] },
    { asm: "fpatan (x=7fff:8000000000000000, y=7fff:8000000000000000)", code: "d9f3", a: "7fff:8000000000000000", b: "7fff:8000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["3ffe:c90fdaa22168c235"] },
    { asm: "fpatan (x=ffff:8000000000000000, y=7fff:8000000000000000)", code: "d9f3", a: "ffff:8000000000000000", b: "7fff:8000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["4000:96cbe3f9990e91a8"] },
    { asm: "fpatan (x=ffff:8000000000000000, y=c000:8000000000000000)", code: "d9f3", a: "ffff:8000000000000000", b: "c000:8000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["c000:c90fdaa22168c235"] },
    { asm: "fpatan (x=7fff:8000000000000000, y=c000:8000000000000000)", code: "d9f3", a: "7fff:8000000000000000", b: "c000:8000000000000000", sw: 0x3800, tw: 0x7fff, st: ["8000:0000000000000000"] },
    { asm: "fpatan (x=0000:0000000000000000, y=0000:0000000000000000)", code: "d9f3", a: "0000:0000000000000000", b: "0000:0000000000000000", sw: 0x3800, tw: 0x7fff, st: ["0000:0000000000000000"] },
    { asm: "fpatan (x=8000:0000000000000000, y=0000:0000000000000000)", code: "d9f3", a: "8000:0000000000000000", b: "0000:0000000000000000", sw: 0x3a20, tw: 0x3fff, st: ["4000:c90fdaa22168c235"] },
  ],
};

for (const [group, cases] of Object.entries(CASES)) {
  Deno.test(`x87 ${group} (${cases.length} native cases)`, () => cases.forEach(check));
}

// ---- control instructions, environment images and exception delivery ------------------

/** Run bytes with RSI = DATA + 0x100 (a scratch buffer) and return the final state. */
function runAt(code: number[], limit?: number) {
  return runCode(code, ({ cpu }) => setReg(cpu, 6, BigInt(DATA + 0x100)), limit);
}

function words32(b: Uint8Array): number[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  return Array.from({ length: b.length / 4 }, (_, i) => dv.getUint32(4 * i, true));
}

Deno.test("x87 FNSTENV 28-byte image (native layout) and masking", () => {
  const code = [
    0xdb,
    0xe3, // fninit
    0xd9,
    0x6e,
    0x40, // fldcw [rsi+0x40]  (0x0b7f)
    0xd9,
    0xe8,
    0xd9,
    0xeb,
    0xd9,
    0xee,
    0xd9,
    0xe8, // fld1; fldpi; fldz; fld1
    0xd9,
    0xe0, // fchs
    0xdc,
    0xf9, // fdiv st1, st0
    0xd9,
    0x36, // fnstenv [rsi]
    0xd9,
    0x7e,
    0x30, // fnstcw [rsi+0x30]
  ];
  const r = runCode(code, ({ cpu, mem }) => {
    setReg(cpu, 6, BigInt(DATA + 0x100));
    mem.write16(DATA + 0x140, 0x0b7f);
  });
  const env = words32(r.mem.readBytes(DATA + 0x100, 28));
  // Native: 7f0bffff 0020ffff ff04ffff <fip> 3300f904 00000000 0000ffff
  assert.deepEqual(env.map((w) => w.toString(16)), [
    "ffff0b7f",
    "ffff2000",
    "ffff04ff",
    (CODE + 15).toString(16),
    "4f90033",
    "0",
    "ffff0000",
  ]);
  assert.equal(r.mem.read16(DATA + 0x130), 0x0b7f);
});

Deno.test("x87 FNSTENV with operand-size 16: 14-byte image", () => {
  const code = [
    0xdb,
    0xe3, // fninit
    0xd9,
    0xe8,
    0xd9,
    0xeb, // fld1; fldpi
    0x66,
    0xd9,
    0x36, // fnstenv [rsi] (o16)
  ];
  const r = runAt(code);
  const b = r.mem.readBytes(DATA + 0x100, 16);
  // cw, sw, tw, fip low 16, cs, fdp low 16, ds; nothing past 14 bytes
  assert.equal(
    hex(b),
    "7f03" + "0030" + "ff0f" + hex(Uint8Array.of((CODE + 4) & 0xff, (CODE + 4) >> 8)) +
      "3300" + "0000" + "0000" + "0000",
  );
});

Deno.test("x87 FNSAVE stores ST(0)..ST(7) and reinitializes; FRSTOR restores", () => {
  const code = [
    0xdb,
    0xe3, // fninit
    0xd9,
    0xe8,
    0xd9,
    0xeb, // fld1; fldpi
    0xdd,
    0x36, // fnsave [rsi]
    0xdd,
    0x7e,
    0x70, // fnstsw [rsi+0x70]
    0xd9,
    0x7e,
    0x72, // fnstcw [rsi+0x72]
    0xdd,
    0x26, // frstor [rsi]
    0xdd,
    0xb6,
    0x80,
    0x00,
    0x00,
    0x00, // fnsave [rsi+0x80]
  ];
  const r = runAt(code);
  const img = r.mem.readBytes(DATA + 0x100, 108);
  // Native: 7f03ffff 0030ffff ff0fffff <fip> 3300eb01 00000000 0000ffff, then pi, 1.0, zeros.
  assert.deepEqual(words32(img.subarray(0, 28)).map((w) => w.toString(16)), [
    "ffff037f",
    "ffff3000",
    "ffff0fff",
    (CODE + 4).toString(16),
    "1eb0033",
    "0",
    "ffff0000",
  ]);
  assert.equal(show(img.subarray(28)), "4000:c90fdaa22168c235");
  assert.equal(show(img.subarray(38)), "3fff:8000000000000000");
  assert.equal(r.mem.read16(DATA + 0x170), 0); // status after FNSAVE
  assert.equal(r.mem.read16(DATA + 0x172), 0x37f); // control after FNSAVE
  assert.equal(hex(r.mem.readBytes(DATA + 0x180, 108)), hex(img)); // FRSTOR round trip
});

Deno.test("x87 FLDENV keeps only empty tags and re-tags the rest from the registers", () => {
  const code = [0xd9, 0x26, 0xd9, 0x36]; // fldenv [rsi]; fnstenv [rsi]
  for (const [loaded, want] of [[0x0000, 0x0655], [0x0fff, 0x0fff], [0xffff, 0xffff]]) {
    const r = runCode(code, ({ cpu, mem }) => {
      setReg(cpu, 6, BigInt(DATA + 0x100));
      const f = cpu.fpr; // phys 7 = 1.0, 6 = pi, 5 = 0, 4 = denormal, 0..3 = 0
      f.set([0, 0, 0, 0x8000, 0x3fff], 35);
      f.set([0xc235, 0x2168, 0xdaa2, 0xc90f, 0x4000], 30);
      f.set([1, 0, 0, 0, 0], 20);
      const img = new Uint8Array(28);
      const dv = new DataView(img.buffer);
      dv.setUint16(0, 0x037f, true);
      dv.setUint16(4, 0x2800, true); // TOP = 5
      dv.setUint16(8, loaded, true);
      mem.writeBytes(DATA + 0x100, img);
    });
    assert.equal(r.mem.read16(DATA + 0x108).toString(16), want.toString(16));
    assert.equal(r.cpu.fpuTop, 5);
  }
});

Deno.test("x87 FLDCW keeps the reserved bits as the hardware does; FNSTSW AX", () => {
  const code = [
    0xd9,
    0x2e, // fldcw [rsi]
    0xd9,
    0x7e,
    0x02, // fnstcw [rsi+2]
    0xd9,
    0x6e,
    0x04, // fldcw [rsi+4]
    0xd9,
    0x7e,
    0x06, // fnstcw [rsi+6]
    0xdb,
    0xe3, // fninit
    0xd9,
    0xe8,
    0xd9,
    0xee, // fld1; fldz
    0xd8,
    0xd1, // fcom st1
    0xdf,
    0xe0, // fnstsw ax
  ];
  const r = runCode(code, ({ cpu, mem }) => {
    setReg(cpu, 6, BigInt(DATA + 0x100));
    setReg(cpu, 0, 0x1122334455667788n);
    mem.write16(DATA + 0x100, 0x0000);
    mem.write16(DATA + 0x104, 0xffff);
  });
  assert.equal(r.mem.read16(DATA + 0x102), 0x0040);
  assert.equal(r.mem.read16(DATA + 0x106), 0x1f7f);
  // 0 < 1: C0, TOP = 6; the rest of RAX is untouched.
  assert.equal(reg(r.cpu, 0), 0x1122334455663100n);
});

Deno.test("x87 FOP/FIP/FDP record the last non-control instruction", () => {
  const code = [
    0xdb,
    0xe3, // fninit
    0xd8,
    0x46,
    0x08, // fadd dword [rsi+8]   (stack underflow, masked)
    0xd9,
    0x7e,
    0x40, // fnstcw [rsi+0x40]  (control: not recorded)
    0xd9,
    0x36, // fnstenv [rsi]
  ];
  const r = runAt(code);
  const env = words32(r.mem.readBytes(DATA + 0x100, 28));
  assert.equal(env[3], CODE + 2); // FIP
  assert.equal(env[4] >>> 16, 0x046); // FOP = (D8 & 7) << 8 | modrm
  assert.equal(env[5], DATA + 0x108); // FDP
  // Native: status 0x0041 (IE|SF, C1 = 0 for underflow), ST(0) tagged special (the indefinite).
  assert.equal(env[1] & 0xffff, 0x0041);
  assert.equal(env[2] & 0xffff, 0xfffe);
});

Deno.test("x87 unmasked exceptions raise SIGFPE at the next waiting instruction", () => {
  const zdiv = [
    0xdb,
    0xe3, // fninit
    0xd9,
    0x2e, // fldcw [rsi]   (ZE unmasked)
    0xd9,
    0xe8,
    0xd9,
    0xee, // fld1; fldz
    0xde,
    0xf9, // fdivp st1, st0   (1/0: ZE pending, result not written)
    0xdf,
    0xe0, // fnstsw ax       (no-wait: no fault)
  ];
  const setup =
    (cw: number) => ({ cpu, mem }: Parameters<Parameters<typeof runCode>[1] & object>[0]) => {
      setReg(cpu, 6, BigInt(DATA + 0x100));
      mem.write16(DATA + 0x100, cw);
    };
  let r = runCode([...zdiv, 0x9b], setup(0x37b)); // fwait
  assert.equal(r.stop, Stop.Fault);
  assert.equal(r.cpu.faultSignal, SIGFPE);
  assert.equal(r.cpu.faultCode, FPE_FLTDIV);
  assert.equal(r.cpu.rip, CODE + zdiv.length);
  assert.equal(Number(reg(r.cpu, 0) & 0xffffn).toString(16), "b084"); // native: B ES ZE, TOP 6, ST not popped
  // FNCLEX clears the pending exception; FNSTENV masks everything.
  r = runCode([...zdiv, 0xdb, 0xe2, 0x9b, 0xd9, 0xe8], setup(0x37b));
  assert.equal(r.stop, Stop.Budget);
  r = runCode([...zdiv, 0xd9, 0x76, 0x10, 0x9b], setup(0x37b));
  assert.equal(r.stop, Stop.Budget);
  // FLDCW is a waiting instruction.
  r = runCode([...zdiv, 0xd9, 0x2e], setup(0x37b));
  assert.equal(r.cpu.faultCode, FPE_FLTDIV);
  // Unmasking an already raised flag makes it pending (ES set at once).
  r = runCode([...zdiv, 0xd9, 0x6e, 0x02, 0xdf, 0xe0, 0xd9, 0xe8], ({ cpu, mem }) => {
    setReg(cpu, 6, BigInt(DATA + 0x100));
    mem.write16(DATA + 0x100, 0x37f);
    mem.write16(DATA + 0x102, 0x37b);
  });
  assert.equal(r.cpu.faultCode, FPE_FLTDIV);
  assert.equal(Number(reg(r.cpu, 0) & 0xffffn).toString(16), "b884"); // native after unmasking: b884
  // Precision (the result is still written) and invalid operation.
  r = runCode([0xdb, 0xe3, 0xd9, 0x2e, 0xd9, 0xeb, 0xd9, 0xfe, 0xd9, 0xe8], setup(0x35f)); // fldpi; fsin; fld1
  assert.equal(r.cpu.faultCode, FPE_FLTRES);
  assert.equal(r.cpu.fpuTop, 7);
  r = runCode([0xdb, 0xe3, 0xd9, 0x2e, 0xd8, 0xc1, 0xd9, 0xd0], setup(0x37e)); // fadd st0, st1 (empty); fnop
  assert.equal(r.cpu.faultCode, FPE_FLTINV);
  assert.equal(r.cpu.rip, CODE + 6);
});

Deno.test("x87 FCMOVcc follows EFLAGS", () => {
  const code = [
    0xdb,
    0xe3, // fninit
    0xd9,
    0xe8,
    0xd9,
    0xee, // fld1; fldz       ST0 = 0, ST1 = 1
    0xdb,
    0xf1, // fcomi st0, st1    (0 < 1: CF)
    0xda,
    0xc9, // fcmove st0, st1   (not taken)
    0xd9,
    0x1e, // fstp dword [rsi]
    0xd9,
    0xee, // fldz
    0xda,
    0xc1, // fcmovb st0, st1   (taken)
    0xd9,
    0x5e,
    0x04, // fstp dword [rsi+4]
  ];
  const r = runAt(code);
  assert.equal(r.mem.read32(DATA + 0x100), 0);
  assert.equal(r.mem.read32(DATA + 0x104), 0x3f800000);
});
