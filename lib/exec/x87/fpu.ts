/**
 * x87 machine state on `Cpu`: the register stack (physical registers, TOP,
 * full tag word), status-word bookkeeping (sticky flags, C1, the ES/B summary,
 * pending-exception #MF delivery), last-instruction pointers, and the
 * FNSTENV/FLDENV/FNSAVE/FRSTOR memory images.
 *
 * The tag word is kept exact at all times (00 valid, 01 zero, 10 special, 11
 * empty per physical register) because FXSAVE reports it; `fpuSw` holds
 * everything but TOP, and ES/B always equal "some flag is set and unmasked".
 * @module
 */

import type { Cpu } from "../cpu.ts";
import {
  FPE_FLTDIV,
  FPE_FLTINV,
  FPE_FLTOVF,
  FPE_FLTRES,
  FPE_FLTUND,
  GuestFault,
  SIGFPE,
  X86_TRAP_MF,
} from "../fault.ts";
import {
  BUSY,
  C0,
  C1,
  C2,
  C3,
  classify,
  DE,
  ES,
  Ext,
  FpEnv,
  IE,
  INDEFINITE,
  NORMAL,
  OE,
  SF,
  UE,
  ZE,
  ZERO,
} from "./float80.ts";

/** Rounding/flag scratch of the instruction being executed (reset by `begin`). */
export const env: FpEnv = new FpEnv();

/** Linux's si_code for the highest-priority unmasked exception in `pending`. */
function siCode(pending: number): number {
  if (pending & IE) return FPE_FLTINV;
  if (pending & ZE) return FPE_FLTDIV;
  if (pending & OE) return FPE_FLTOVF;
  if (pending & (UE | DE)) return FPE_FLTUND;
  return FPE_FLTRES;
}

/** Deliver a pending unmasked exception (#MF, SIGFPE) before a waiting instruction runs. */
export function checkPending(cpu: Cpu): void {
  const pending = cpu.fpuSw & ~cpu.fpuCw & 0x3f;
  if (pending !== 0) throw new GuestFault(SIGFPE, siCode(pending), 0, X86_TRAP_MF, 0);
}

/** Recompute ES and B from the flags and masks. */
export function syncSummary(cpu: Cpu): void {
  const sw = cpu.fpuSw & ~(ES | BUSY);
  cpu.fpuSw = (sw & ~cpu.fpuCw & 0x3f) !== 0 ? sw | ES | BUSY : sw;
}

/**
 * Start a non-control instruction: deliver pending exceptions, reset the
 * rounding environment. Call before touching any state.
 */
export function begin(cpu: Cpu): FpEnv {
  checkPending(cpu);
  env.reset(cpu.fpuCw);
  return env;
}

/**
 * Merge the instruction's exceptions into the status word and set C1 from the
 * round-up indication (or the stack-fault direction). Returns true when an
 * unmasked IE, DE or ZE means the destination must be left unchanged: the
 * operation then stops before computing, so only those flags are recorded.
 */
export function commit(cpu: Cpu): boolean {
  let f = env.flags;
  let up = env.up;
  const stop = (f & ~cpu.fpuCw & (IE | DE | ZE)) !== 0;
  if (stop) {
    f &= IE | DE | ZE | SF;
    up &&= (f & SF) !== 0;
  }
  cpu.fpuSw = ((cpu.fpuSw | (f & 0x7f)) & ~C1) | (up ? C1 : 0);
  syncSummary(cpu);
  return stop;
}

/** Set the four condition codes (others untouched); `c` is a mask of C0|C1|C2|C3. */
export function setCC(cpu: Cpu, c: number): void {
  cpu.fpuSw = (cpu.fpuSw & ~(C0 | C1 | C2 | C3)) | c;
}

/** Status word as FNSTSW reports it (TOP merged). */
export function statusWord(cpu: Cpu): number {
  return (cpu.fpuSw & ~0x3800) | (cpu.fpuTop << 11);
}

/** Physical register number of ST(i). */
export function phys(cpu: Cpu, i: number): number {
  return (cpu.fpuTop + i) & 7;
}

/** Is ST(i) empty? */
export function isEmpty(cpu: Cpu, i: number): boolean {
  return ((cpu.fpuTag >> (2 * phys(cpu, i))) & 3) === 3;
}

/** Contents of physical register p. */
export function readPhys(cpu: Cpu, p: number): Ext {
  const f = cpu.fpr, o = p * 5;
  const sig = (BigInt(f[o + 3]) << 48n) | (BigInt(f[o + 2]) << 32n) | (BigInt(f[o + 1]) << 16n) |
    BigInt(f[o]);
  return new Ext(f[o + 4], sig);
}

/** Tag (0 valid, 1 zero, 2 special) describing a value. */
function tagOf(x: Ext): number {
  const c = classify(x);
  return c === NORMAL ? 0 : c === ZERO ? 1 : 2;
}

/** Store into physical register p and tag it from its contents. */
export function writePhys(cpu: Cpu, p: number, x: Ext): void {
  const f = cpu.fpr, o = p * 5;
  const s = x.sig;
  f[o] = Number(s & 0xffffn);
  f[o + 1] = Number((s >> 16n) & 0xffffn);
  f[o + 2] = Number((s >> 32n) & 0xffffn);
  f[o + 3] = Number((s >> 48n) & 0xffffn);
  f[o + 4] = x.se;
  cpu.fpuTag = (cpu.fpuTag & ~(3 << (2 * p))) | (tagOf(x) << (2 * p));
}

/** ST(i). */
export function st(cpu: Cpu, i: number): Ext {
  return readPhys(cpu, phys(cpu, i));
}

/** ST(i) = x. */
export function setSt(cpu: Cpu, i: number, x: Ext): void {
  writePhys(cpu, phys(cpu, i), x);
}

/** Mark ST(i) empty. */
export function free(cpu: Cpu, i: number): void {
  cpu.fpuTag |= 3 << (2 * phys(cpu, i));
}

/** Push x (the caller has checked for overflow). */
export function push(cpu: Cpu, x: Ext): void {
  cpu.fpuTop = (cpu.fpuTop - 1) & 7;
  writePhys(cpu, cpu.fpuTop, x);
}

/** Pop: free ST(0) and increment TOP. */
export function pop(cpu: Cpu): void {
  free(cpu, 0);
  cpu.fpuTop = (cpu.fpuTop + 1) & 7;
}

/** Record a stack underflow (IE|SF, C1=0); returns true when masked (continue with the indefinite). */
export function underflow(cpu: Cpu): boolean {
  env.flags |= IE | SF;
  env.up = false;
  return (cpu.fpuCw & IE) !== 0;
}

/** Record a stack overflow (IE|SF, C1=1); returns true when masked. */
export function overflow(cpu: Cpu): boolean {
  env.flags |= IE | SF;
  env.up = true;
  return (cpu.fpuCw & IE) !== 0;
}

/** ST(i), or the indefinite after a (masked) stack underflow; null when unmasked. */
export function operand(cpu: Cpu, i: number): Ext | null {
  if (!isEmpty(cpu, i)) return st(cpu, i);
  return underflow(cpu) ? INDEFINITE : null;
}

/**
 * Push x unless ST(7) is occupied: then raise stack overflow and push the
 * indefinite if masked. Commits flags; an unmasked IE suppresses the push (an
 * unmasked DE does not: widened denormals still load).
 */
export function pushChecked(cpu: Cpu, x: Ext): void {
  if (!isEmpty(cpu, 7)) {
    if (overflow(cpu)) push(cpu, INDEFINITE);
    commit(cpu);
    return;
  }
  const unmaskedIE = (env.flags & ~cpu.fpuCw & IE) !== 0;
  commit(cpu);
  if (!unmaskedIE) push(cpu, x);
}

/** Record FIP/FOP (and FDP for a memory operand, `addr` >= 0) of a non-control instruction. */
export function recordInsn(cpu: Cpu, ip: number, opcode: number, addr: number): void {
  cpu.fpuIp = ip;
  cpu.fpuOp = opcode;
  if (addr >= 0) cpu.fpuDp = addr;
}

/** FNINIT. */
export function reset(cpu: Cpu): void {
  cpu.fpuCw = 0x037f;
  cpu.fpuSw = 0;
  cpu.fpuTop = 0;
  cpu.fpuTag = 0xffff;
  cpu.fpuIp = 0;
  cpu.fpuDp = 0;
  cpu.fpuOp = 0;
}

/** FLDCW's effect: reserved bits read back as the hardware keeps them (bit 6 set, 13-15 clear). */
export function loadControlWord(cpu: Cpu, cw: number): void {
  cpu.fpuCw = (cw & 0x1f3f) | 0x40;
  syncSummary(cpu);
}

/** Code segment selector stored in the protected-mode environment image (64-bit user CS). */
const USER_CS = 0x33;

/** Size of the FNSTENV image: 28 bytes (32-bit operand size) or 14 (16-bit). */
export function envSize(opsize: number): number {
  return opsize === 2 ? 14 : 28;
}

/** FNSTENV/FNSAVE environment image (protected-mode layout) written into `b` at offset 0. */
export function storeEnv(cpu: Cpu, b: DataView, opsize: number): void {
  const sw = statusWord(cpu);
  if (opsize === 2) {
    b.setUint16(0, cpu.fpuCw, true);
    b.setUint16(2, sw, true);
    b.setUint16(4, cpu.fpuTag, true);
    b.setUint16(6, cpu.fpuIp & 0xffff, true);
    b.setUint16(8, USER_CS, true);
    b.setUint16(10, cpu.fpuDp & 0xffff, true);
    b.setUint16(12, 0, true);
    return;
  }
  b.setUint32(0, 0xffff0000 | cpu.fpuCw, true);
  b.setUint32(4, 0xffff0000 | sw, true);
  b.setUint32(8, 0xffff0000 | cpu.fpuTag, true);
  b.setUint32(12, cpu.fpuIp % 4294967296, true);
  b.setUint32(16, (USER_CS | (cpu.fpuOp << 16)) >>> 0, true);
  b.setUint32(20, cpu.fpuDp % 4294967296, true);
  b.setUint32(24, 0xffff0000, true);
}

/**
 * FLDENV/FRSTOR environment image from `b`: the tag word only decides which
 * registers are empty; the others are re-tagged from their contents, so load
 * the registers first.
 */
export function loadEnv(cpu: Cpu, b: DataView, opsize: number): void {
  const w16 = opsize === 2;
  const sw = b.getUint16(w16 ? 2 : 4, true);
  const tag = b.getUint16(w16 ? 4 : 8, true);
  cpu.fpuSw = sw & ~0x3800;
  cpu.fpuTop = (sw >> 11) & 7;
  cpu.fpuIp = w16 ? b.getUint16(6, true) : b.getUint32(12, true);
  if (!w16) cpu.fpuOp = b.getUint16(18, true) & 0x7ff;
  cpu.fpuDp = w16 ? b.getUint16(10, true) : b.getUint32(20, true);
  let t = 0;
  for (let p = 0; p < 8; p++) {
    t |= (((tag >> (2 * p)) & 3) === 3 ? 3 : tagOf(readPhys(cpu, p))) << (2 * p);
  }
  cpu.fpuTag = t;
  loadControlWord(cpu, b.getUint16(0, true));
}

/** Write ST(0)..ST(7) as 10-byte values into `b` from offset `off` (FNSAVE). */
export function storeRegs(cpu: Cpu, b: DataView, off: number): void {
  const f = cpu.fpr;
  for (let i = 0; i < 8; i++) {
    const o = phys(cpu, i) * 5;
    for (let w = 0; w < 5; w++) b.setUint16(off + 10 * i + 2 * w, f[o + w], true);
  }
}

/** Load ST(0)..ST(7) for stack top `top` from `b` at offset `off` (FRSTOR, before loadEnv). */
export function loadRegs(cpu: Cpu, b: DataView, off: number, top: number): void {
  const f = cpu.fpr;
  for (let i = 0; i < 8; i++) {
    const o = ((top + i) & 7) * 5;
    for (let w = 0; w < 5; w++) f[o + w] = b.getUint16(off + 10 * i + 2 * w, true);
  }
}
