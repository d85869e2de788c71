/**
 * The 0F AE group: FXSAVE/FXRSTOR (the 512-byte x87+SSE state image),
 * LDMXCSR/STMXCSR, the LFENCE/MFENCE/SFENCE fences (no-ops in a single
 * sequentially executed thread) and CLFLUSH (a no-op after its address is
 * checked like a load). XSAVE-family forms, and every prefixed form, are #UD:
 * the virtual CPU advertises none of those extensions.
 * @module
 */

import { PFX_NONE } from "../../decoder/insn.ts";
import type { Cpu } from "../cpu.ts";
import { generalProtection, undefinedOpcode } from "../fault.ts";
import { PROT_READ } from "../memory.ts";
import type { Ctx } from "../operands.ts";
import { defSse, memOnly, probeWrite } from "./sse_common.ts";

/** MXCSR bits that exist (reported as MXCSR_MASK); setting any other bit is #GP. */
export const MXCSR_MASK = 0xffff;

/** FXSAVE writes bytes 0-415 (x87, MXCSR, XMM0-15); 416-511 are left untouched. */
const FXSAVE_USED = 416;

const image = new Uint8Array(FXSAVE_USED);

/** x87 tag of a physical register from its contents: 0 valid, 1 zero, 2 special. */
function tagOf(fpr: Uint16Array, i: number): number {
  const exp = fpr[5 * i + 4] & 0x7fff;
  const m3 = fpr[5 * i + 3];
  if (exp === 0x7fff) return 2;
  if (exp === 0) return (m3 | fpr[5 * i + 2] | fpr[5 * i + 1] | fpr[5 * i]) === 0 ? 1 : 2;
  return (m3 & 0x8000) === 0 ? 2 : 0; // unnormal
}

/**
 * Write the FXSAVE image of the x87/SSE state into bytes 0-415 of `out`
 * (FXSAVE itself, or the fpstate of a signal frame). `wide` selects the
 * FXSAVE64 format (64-bit FPU instruction/data pointers).
 */
export function saveFxState(cpu: Cpu, out: Uint8Array, wide: boolean): void {
  const v = new DataView(out.buffer, out.byteOffset, FXSAVE_USED);
  v.setUint16(0, cpu.fpuCw, true);
  v.setUint16(2, (cpu.fpuSw & ~0x3800) | ((cpu.fpuTop & 7) << 11), true);
  let abridged = 0;
  for (let i = 0; i < 8; i++) if (((cpu.fpuTag >> (2 * i)) & 3) !== 3) abridged |= 1 << i;
  v.setUint8(4, abridged);
  v.setUint8(5, 0);
  v.setUint16(6, cpu.fpuOp & 0x7ff, true);
  setPointer(v, 8, cpu.fpuIp, wide);
  setPointer(v, 16, cpu.fpuDp, wide);
  v.setUint32(24, cpu.mxcsr, true);
  v.setUint32(28, MXCSR_MASK, true);
  for (let st = 0; st < 8; st++) {
    const p = (cpu.fpuTop + st) & 7, o = 32 + 16 * st;
    for (let k = 0; k < 5; k++) v.setUint16(o + 2 * k, cpu.fpr[5 * p + k], true);
    for (let k = 10; k < 16; k++) v.setUint8(o + k, 0);
  }
  out.set(cpu.xmmBytes, 160);
}

/** A 64-bit pointer field, or a 32-bit offset with a zero selector (FCS/FDS are deprecated). */
function setPointer(v: DataView, o: number, p: number, wide: boolean): void {
  v.setUint32(o, p >>> 0, true);
  v.setUint32(o + 4, wide ? Math.floor(p / 4294967296) >>> 0 : 0, true);
}

function getPointer(v: DataView, o: number, wide: boolean): number {
  const lo = v.getUint32(o, true);
  return wide ? v.getUint32(o + 4, true) * 4294967296 + lo : lo;
}

/**
 * Load the x87/SSE state from an FXSAVE image (FXRSTOR, or sigreturn).
 * Returns false, loading nothing, when the image's MXCSR sets bits outside
 * MXCSR_MASK (FXRSTOR then raises #GP).
 */
export function loadFxState(cpu: Cpu, img: Uint8Array, wide: boolean): boolean {
  const v = new DataView(img.buffer, img.byteOffset, FXSAVE_USED);
  if (v.getUint32(24, true) & ~MXCSR_MASK) return false;
  cpu.fpuCw = v.getUint16(0, true);
  const sw = v.getUint16(2, true);
  cpu.fpuTop = (sw >> 11) & 7;
  cpu.fpuSw = sw & ~0x3800;
  cpu.fpuOp = v.getUint16(6, true) & 0x7ff;
  cpu.fpuIp = getPointer(v, 8, wide);
  cpu.fpuDp = getPointer(v, 16, wide);
  cpu.mxcsr = v.getUint32(24, true);
  for (let st = 0; st < 8; st++) {
    const p = (cpu.fpuTop + st) & 7, o = 32 + 16 * st;
    for (let k = 0; k < 5; k++) cpu.fpr[5 * p + k] = v.getUint16(o + 2 * k, true);
  }
  const abridged = img[4];
  let tag = 0;
  for (let i = 0; i < 8; i++) tag |= ((abridged >> i) & 1 ? tagOf(cpu.fpr, i) : 3) << (2 * i);
  cpu.fpuTag = tag;
  cpu.xmmBytes.set(img.subarray(160, FXSAVE_USED));
  return true;
}

function fxsave(ctx: Ctx, a: number, wide: boolean): void {
  if (a % 16 !== 0) generalProtection();
  // The whole 512-byte operand must be writable although only 416 bytes are stored.
  probeWrite(ctx, a, 512);
  saveFxState(ctx.cpu, image, wide);
  ctx.mem.writeBytes(a, image);
}

function fxrstor(ctx: Ctx, a: number, wide: boolean): void {
  if (a % 16 !== 0) generalProtection();
  if (!loadFxState(ctx.cpu, ctx.mem.readBytes(a, 512), wide)) generalProtection();
}

defSse(0xae, PFX_NONE, (ctx, d) => {
  const op = d.reg & 7;
  if (d.mod === 3) {
    // LFENCE (/5), MFENCE (/6), SFENCE (/7); the r/m field is ignored.
    if (op < 5) undefinedOpcode();
    return;
  }
  const cpu = ctx.cpu;
  switch (op) {
    case 0:
      return fxsave(ctx, memOnly(ctx, d), d.rexW);
    case 1:
      return fxrstor(ctx, memOnly(ctx, d), d.rexW);
    case 2: { // LDMXCSR
      const v = ctx.mem.read32(memOnly(ctx, d));
      if (v & ~MXCSR_MASK) generalProtection();
      cpu.mxcsr = v;
      return;
    }
    case 3: // STMXCSR
      return ctx.mem.write32(memOnly(ctx, d), cpu.mxcsr);
    case 7: // CLFLUSH
      ctx.mem.pageFor(memOnly(ctx, d), PROT_READ);
      return;
    default: // XSAVE, XRSTOR, XSAVEOPT
      undefinedOpcode();
  }
});
