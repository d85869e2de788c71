/**
 * String instructions MOVS, CMPS, STOS, LODS, SCAS (A4-A7, AA-AF) with the
 * REP/REPE/REPNE prefixes, and XLAT (D7).
 *
 * Operands: source [seg:RSI] (FS/GS overrides apply), destination [RDI];
 * with a 67 prefix ESI/EDI/ECX are used and written back zero-extended.
 * Each iteration commits RSI/RDI/RCX before the next one starts, so a fault
 * leaves them as the completed iterations made them, while the interpreter
 * rewinds RIP to the instruction (as the CPU does for a faulting REP).
 *
 * REP MOVS and REP STOS run in bulk (either direction): as many elements as
 * fit in the current source and destination pages are copied or filled at
 * once, so faults still happen exactly at page boundaries.
 * @module
 */

import { MAP_1B, SEG_FS, SEG_GS } from "../../decoder/insn.ts";
import type { Insn } from "../../decoder/insn.ts";
import { CC, type Cpu, DF, RAX } from "../cpu.ts";
import { sub64 } from "../alu64.ts";
import { setCC, sizeMask } from "../flags.ts";
import { defAll } from "../handlers.ts";
import { PAGE_SIZE, PROT_READ } from "../memory.ts";
import { type Ctx, getReg, readMem, setReg, writeMem } from "../operands.ts";

const TWO32 = 4294967296, TWO64 = 18446744073709551616;
// Register halves indexes in `cpu.r`.
const RCX_LO = 2, RSI_LO = 12, RDI_LO = 14;

/** Address-sized value of the register whose low half is `r[i]`. */
function regAddr(cpu: Cpu, i: number, ad32: boolean): number {
  return ad32 ? cpu.r[i] : cpu.r[i + 1] * TWO32 + cpu.r[i];
}

/** Source linear address: segment base (FS/GS override) plus RSI/ESI. */
function srcAddr(cpu: Cpu, d: Insn): number {
  const a = regAddr(cpu, RSI_LO, d.adsize === 4);
  if (d.seg === 0) return a;
  const s = a + (d.seg === SEG_FS ? cpu.fsBase : d.seg === SEG_GS ? cpu.gsBase : 0);
  return s >= TWO64 ? s - TWO64 : s;
}

/** Add `delta` (may be negative) to RSI/RDI (or ESI/EDI, zero-extending). */
function advance(cpu: Cpu, i: number, delta: number, ad32: boolean): void {
  const r = cpu.r;
  const lo = r[i] + delta;
  r[i] = lo;
  if (ad32) r[i + 1] = 0;
  else if (lo >= TWO32) r[i + 1] += Math.floor(lo / TWO32);
  else if (lo < 0) r[i + 1] -= Math.ceil(-lo / TWO32);
}

/** Operand size of a string opcode: even bytes are byte forms. */
function strSize(d: Insn): number {
  return (d.byte & 1) === 0 ? 1 : d.opsize;
}

/** Record CMPS/SCAS flags for a - b; returns whether the operands were equal. */
function compare(cpu: Cpu, size: number, a: number, ah: number, b: number, bh: number): boolean {
  if (size === 8) {
    const lo = sub64(cpu, a, ah, b, bh);
    setCC(cpu, CC.Sub, 8, a, ah, b, bh, lo, cpu.hi);
    return a === b && ah === bh;
  }
  setCC(cpu, CC.Sub, size, a, 0, b, 0, ((a - b) & sizeMask(size)) >>> 0, 0);
  return a === b;
}

/**
 * One iteration of string operation `byte` (A4..AF with bit 0 cleared):
 * access memory, then advance RSI/RDI. Returns the ZF outcome for CMPS/SCAS
 * (true when equal), true otherwise.
 */
function step(ctx: Ctx, d: Insn, op: number, size: number, delta: number, ad32: boolean): boolean {
  const cpu = ctx.cpu;
  switch (op) {
    case 0xa4: { // MOVS
      const v = readMem(ctx, srcAddr(cpu, d), size);
      writeMem(ctx, regAddr(cpu, RDI_LO, ad32), size, v, cpu.hi);
      advance(cpu, RSI_LO, delta, ad32);
      advance(cpu, RDI_LO, delta, ad32);
      return true;
    }
    case 0xa6: { // CMPS
      const a = readMem(ctx, srcAddr(cpu, d), size);
      const ah = cpu.hi;
      const b = readMem(ctx, regAddr(cpu, RDI_LO, ad32), size);
      const eq = compare(cpu, size, a, ah, b, cpu.hi);
      advance(cpu, RSI_LO, delta, ad32);
      advance(cpu, RDI_LO, delta, ad32);
      return eq;
    }
    case 0xaa: // STOS
      writeMem(ctx, regAddr(cpu, RDI_LO, ad32), size, cpu.r[0], cpu.r[1]);
      advance(cpu, RDI_LO, delta, ad32);
      return true;
    case 0xac: { // LODS
      const v = readMem(ctx, srcAddr(cpu, d), size);
      setReg(cpu, RAX, size, false, v, cpu.hi);
      advance(cpu, RSI_LO, delta, ad32);
      return true;
    }
    default: { // SCAS
      const b = readMem(ctx, regAddr(cpu, RDI_LO, ad32), size);
      const bh = cpu.hi;
      const a = getReg(cpu, RAX, size, false);
      const eq = compare(cpu, size, a, cpu.hi, b, bh);
      advance(cpu, RDI_LO, delta, ad32);
      return eq;
    }
  }
}

/**
 * Bulk REP MOVS/STOS: handle as many whole elements as fit in the current
 * pages, walking up (DF=0) or down (`down`, DF=1) from RSI/RDI. Returns the
 * number of elements done (0 when the next element must go through `step`:
 * it straddles a page, overlaps its own source too closely, or lands on a
 * page holding decoded code).
 */
function bulk(
  ctx: Ctx,
  d: Insn,
  movs: boolean,
  down: boolean,
  size: number,
  n: number,
  ad32: boolean,
): number {
  const cpu = ctx.cpu;
  const mem = ctx.mem;
  const dst = regAddr(cpu, RDI_LO, ad32);
  const doff = dst % PAGE_SIZE;
  // Bytes from the first element to the page edge we walk towards (first element included).
  let room = down ? doff + size : PAGE_SIZE - doff;
  if (doff + size > PAGE_SIZE) return 0;
  let src = 0, soff = 0;
  if (movs) {
    src = srcAddr(cpu, d);
    soff = src % PAGE_SIZE;
    if (soff + size > PAGE_SIZE) return 0;
    room = Math.min(room, down ? soff + size : PAGE_SIZE - soff);
    // A copy whose destination is ahead of its source in the walking
    // direction must see the bytes it already wrote: copy at most one
    // distance's worth at a time, so each block's source is final.
    const dist = down ? src - dst : dst - src;
    if (dist > 0 && dist < room) room = dist;
  }
  const k = Math.min(n, Math.floor(room / size));
  if (k === 0) return 0;
  const bytes = k * size;
  const dpage = mem.pageForWrite(dst);
  if (dpage.decoded !== null) return 0;
  const dlo = down ? doff + size - bytes : doff;
  if (movs) {
    const spage = mem.pageFor(src, PROT_READ);
    const slo = down ? soff + size - bytes : soff;
    dpage.data.set(spage.data.subarray(slo, slo + bytes), dlo);
  } else {
    const lo = cpu.r[0], hi = cpu.r[1];
    const b = lo & 0xff;
    const uniform = size === 1 ||
      (size === 2 ? (lo & 0xffff) === b * 0x101 : lo === b * 0x1010101 &&
        (size === 4 || hi === lo));
    if (uniform) dpage.data.fill(b, dlo, dlo + bytes);
    else {
      const dv = dpage.dv;
      for (let o = dlo, end = dlo + bytes; o < end; o += size) {
        if (size === 2) dv.setUint16(o, lo, true);
        else {
          dv.setUint32(o, lo, true);
          if (size === 8) dv.setUint32(o + 4, hi, true);
        }
      }
    }
  }
  return k;
}

/** Execute a string instruction, with or without a REP prefix. */
function stringOp(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu;
  const size = strSize(d);
  const op = d.byte & 0xfe;
  const ad32 = d.adsize === 4;
  const delta = (cpu.flagsOther & DF) !== 0 ? -size : size;
  if (d.rep === 0) {
    step(ctx, d, op, size, delta, ad32);
    return;
  }
  // The count is kept as 32-bit halves: RCX may exceed 2^53.
  let cLo = cpu.r[RCX_LO], cHi = ad32 ? 0 : cpu.r[RCX_LO + 1];
  const conditional = op === 0xa6 || op === 0xae;
  const fast = op === 0xa4 || op === 0xaa;
  while ((cLo | cHi) !== 0) {
    let k = 0;
    if (fast) k = bulk(ctx, d, op === 0xa4, delta < 0, size, cHi !== 0 ? TWO32 : cLo, ad32);
    let eq = true;
    if (k > 0) {
      if (op === 0xa4) advance(cpu, RSI_LO, k * delta, ad32);
      advance(cpu, RDI_LO, k * delta, ad32);
    } else {
      eq = step(ctx, d, op, size, delta, ad32);
      k = 1;
    }
    if (cLo < k) cHi--;
    cLo = (cLo - k) >>> 0;
    cpu.r[RCX_LO] = cLo;
    cpu.r[RCX_LO + 1] = cHi;
    // REPE stops on a difference, REPNE on equality (CMPS/SCAS only).
    if (conditional && eq !== (d.rep === 0xf3)) return;
  }
}

for (const b of [0xa4, 0xa5, 0xa6, 0xa7, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf]) {
  defAll(MAP_1B, b, stringOp);
}

/** XLAT: AL = [seg:RBX + AL] (EBX + AL with a 67 prefix). */
defAll(MAP_1B, 0xd7, (ctx, d) => {
  const cpu = ctx.cpu;
  const r = cpu.r;
  let a = r[7] * TWO32 + r[6] + (r[0] & 0xff);
  if (d.adsize === 4) a = (r[6] + (r[0] & 0xff)) % TWO32;
  else if (a >= TWO64) a -= TWO64;
  if (d.seg !== 0) a += d.seg === SEG_FS ? cpu.fsBase : cpu.gsBase;
  const v = ctx.mem.read8(a);
  r[0] = (r[0] & 0xffffff00) | v;
});
