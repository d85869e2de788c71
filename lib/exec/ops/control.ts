/**
 * Control transfer: Jcc, JMP, CALL, RET, LOOP family, JrCXZ, ENTER/LEAVE, and
 * the instructions that trap to the kernel (INT3, INT1, INT n, and the
 * privileged ones: HLT, CLI/STI, port I/O, control registers...). Also the FF
 * group, whose /digits mix INC/DEC and PUSH in with CALL/JMP.
 *
 * Near branches always use 64-bit targets: the virtual CPU is an Intel one,
 * which ignores a 66 prefix on them in long mode. Indirect targets must be
 * canonical or the branch itself raises #GP (Intel reports it on the branch,
 * not on the target).
 * @module
 */

import { type Cpu, reg64Num, RSP, setReg64Num, Stop } from "../cpu.ts";
import { sub64 } from "../alu64.ts";
import {
  generalProtection,
  SI_KERNEL,
  SIGSEGV,
  SIGTRAP,
  TRAP_BRKPT,
  undefinedOpcode,
  X86_TRAP_BP,
  X86_TRAP_DB,
  X86_TRAP_OF,
} from "../fault.ts";
import { cond, getZF } from "../flags.ts";
import { defAll } from "../handlers.ts";
import { type Ctx, push64, readRm, setReg } from "../operands.ts";
import { type Insn, MAP_0F, MAP_1B } from "../../decoder/insn.ts";
import { incDec } from "./alu.ts";
import { pushRm } from "./datamov.ts";

/** Is the 64-bit address whose high half is `hi` canonical (bits 47-63 all equal)? */
function canonical(hi: number): boolean {
  return ((hi + 0x8000) >>> 0) <= 0xffff;
}

/** Push the return address (RIP already points past the CALL). */
function pushReturn(ctx: Ctx): void {
  const rip = ctx.cpu.rip;
  push64(ctx, rip >>> 0, Math.floor(rip / 4294967296));
}

/**
 * Report a trap-class exception: unlike faults, the saved RIP is the next
 * instruction, so the handler stops the loop itself instead of throwing.
 */
function trap(cpu: Cpu, signal: number, vector: number, code = SI_KERNEL, addr = 0): void {
  cpu.faultSignal = signal;
  cpu.faultCode = code;
  cpu.faultAddr = addr;
  cpu.faultTrap = vector;
  cpu.faultErr = 0;
  cpu.stop = Stop.Fault;
}

// ---- branches ------------------------------------------------------------------

/** 70-7F, 0F 80-8F: Jcc rel8/rel32. */
function jcc(ctx: Ctx, d: Insn): void {
  if (cond(ctx.cpu, d.byte & 15)) ctx.cpu.rip = d.target;
}

for (let cc = 0; cc < 16; cc++) {
  defAll(MAP_1B, 0x70 + cc, jcc);
  defAll(MAP_0F, 0x80 + cc, jcc);
}

const jmp = (ctx: Ctx, d: Insn): void => {
  ctx.cpu.rip = d.target;
};
defAll(MAP_1B, 0xe9, jmp);
defAll(MAP_1B, 0xeb, jmp);

defAll(MAP_1B, 0xe8, (ctx, d) => {
  pushReturn(ctx);
  ctx.cpu.rip = d.target;
});

// C3, C2 imm16: RET (imm16 bytes of arguments are released after popping).
function ret(ctx: Ctx, d: Insn): void {
  const cpu = ctx.cpu;
  const sp = reg64Num(cpu, RSP);
  const lo = ctx.mem.read64(sp), hi = ctx.mem.hi;
  if (!canonical(hi)) generalProtection();
  setReg64Num(cpu, RSP, sp + 8 + d.imm);
  cpu.rip = hi * 4294967296 + lo;
}
defAll(MAP_1B, 0xc3, ret);
defAll(MAP_1B, 0xc2, ret);

/** Decrement the count register (RCX, or ECX with a 67 prefix, zero-extending); true if nonzero. */
function decCount(cpu: Cpu, d: Insn): boolean {
  const r = cpu.r;
  if (d.adsize === 8) {
    r[2] = sub64(cpu, r[2], r[3], 1, 0);
    r[3] = cpu.hi;
    return (r[2] | r[3]) !== 0;
  }
  r[2] = r[2] - 1;
  r[3] = 0;
  return r[2] !== 0;
}

// E0 LOOPNE, E1 LOOPE, E2 LOOP, E3 JRCXZ/JECXZ. None of them changes flags.
defAll(MAP_1B, 0xe0, (ctx, d) => {
  if (decCount(ctx.cpu, d) && getZF(ctx.cpu) === 0) ctx.cpu.rip = d.target;
});
defAll(MAP_1B, 0xe1, (ctx, d) => {
  if (decCount(ctx.cpu, d) && getZF(ctx.cpu) === 1) ctx.cpu.rip = d.target;
});
defAll(MAP_1B, 0xe2, (ctx, d) => {
  if (decCount(ctx.cpu, d)) ctx.cpu.rip = d.target;
});
defAll(MAP_1B, 0xe3, (ctx, d) => {
  const r = ctx.cpu.r;
  if (r[2] === 0 && (d.adsize === 4 || r[3] === 0)) ctx.cpu.rip = d.target;
});

// FF: group 5. /3 and /5 (far CALL/JMP through memory) are not supported.
defAll(MAP_1B, 0xff, (ctx, d) => {
  const cpu = ctx.cpu;
  switch (d.reg & 7) {
    case 0:
      incDec(ctx, d, d.opsize, false);
      return;
    case 1:
      incDec(ctx, d, d.opsize, true);
      return;
    case 2: {
      const lo = readRm(ctx, d, 8), hi = cpu.hi;
      if (!canonical(hi)) generalProtection();
      pushReturn(ctx);
      cpu.rip = hi * 4294967296 + lo;
      return;
    }
    case 4: {
      const lo = readRm(ctx, d, 8), hi = cpu.hi;
      if (!canonical(hi)) generalProtection();
      cpu.rip = hi * 4294967296 + lo;
      return;
    }
    case 6:
      pushRm(ctx, d);
      return;
    default:
      undefinedOpcode();
  }
});

// ---- stack frames --------------------------------------------------------------

// C8: ENTER imm16, imm8. Every store happens before RSP/RBP change, so a fault leaves them
// intact. Nesting level > 0 copies level-1 outer frame pointers, then pushes the new one.
defAll(MAP_1B, 0xc8, (ctx, d) => {
  const cpu = ctx.cpu, mem = ctx.mem, r = cpu.r;
  const level = d.imm2 & 31;
  let sp = reg64Num(cpu, RSP);
  if (d.opsize === 2) {
    sp -= 2;
    mem.write16(sp, r[10] & 0xffff);
    const frame = sp;
    if (level > 0) {
      let bp = reg64Num(cpu, 5);
      for (let i = 1; i < level; i++) {
        bp -= 2;
        const v = mem.read16(bp);
        sp -= 2;
        mem.write16(sp, v);
      }
      sp -= 2;
      mem.write16(sp, frame & 0xffff);
    }
    setReg(cpu, 5, 2, false, frame, 0);
  } else {
    sp -= 8;
    mem.write64(sp, r[10], r[11]);
    const frame = sp;
    if (level > 0) {
      let bp = reg64Num(cpu, 5);
      for (let i = 1; i < level; i++) {
        bp -= 8;
        const v = mem.read64(bp), vH = mem.hi;
        sp -= 8;
        mem.write64(sp, v, vH);
      }
      sp -= 8;
      mem.write64(sp, frame >>> 0, Math.floor(frame / 4294967296));
    }
    setReg64Num(cpu, 5, frame);
  }
  setReg64Num(cpu, RSP, sp - d.imm);
});

// C9: LEAVE = mov rsp, rbp; pop rbp (the load comes first so a fault changes nothing).
defAll(MAP_1B, 0xc9, (ctx, d) => {
  const cpu = ctx.cpu;
  const bp = reg64Num(cpu, 5);
  if (d.opsize === 2) {
    const v = ctx.mem.read16(bp);
    setReg64Num(cpu, RSP, bp + 2);
    setReg(cpu, 5, 2, false, v, 0);
  } else {
    const v = ctx.mem.read64(bp), vH = ctx.mem.hi;
    setReg64Num(cpu, RSP, bp + 8);
    cpu.r[10] = v;
    cpu.r[11] = vH;
  }
});

// ---- traps -----------------------------------------------------------------------

// CC: INT3 (#BP) → SIGTRAP, si_code SI_KERNEL, with RIP after the breakpoint as Linux shows it.
defAll(MAP_1B, 0xcc, (ctx) => trap(ctx.cpu, SIGTRAP, X86_TRAP_BP));

// CD: INT n. Only vectors 3 (#BP) and 4 (#OF) are open to user mode (both traps, RIP after the
// instruction); any other vector is a #GP on the instruction itself, whose error code names the
// IDT entry (vector * 8 + 2).
defAll(MAP_1B, 0xcd, (ctx, d) => {
  const n = d.imm & 0xff;
  if (n === 3) trap(ctx.cpu, SIGTRAP, X86_TRAP_BP);
  else if (n === 4) trap(ctx.cpu, SIGSEGV, X86_TRAP_OF);
  else generalProtection(n * 8 + 2);
});

// F1: INT1 (ICEBP) raises #DB; Linux reports SIGTRAP TRAP_BRKPT at the next instruction.
defAll(MAP_1B, 0xf1, (ctx) => trap(ctx.cpu, SIGTRAP, X86_TRAP_DB, TRAP_BRKPT, ctx.cpu.rip));

// Privileged at CPL 3 with IOPL 0, as Linux runs user code: #GP(0) → SIGSEGV SI_KERNEL.
// HLT; CLI, STI; IN, OUT, INS, OUTS; CLTS, INVD, WBINVD, SYSRET, MOV to or from CR/DR,
// WRMSR, RDMSR, RDPMC (CR4.PCE is clear).
for (
  const b of [
    0xf4,
    0xfa,
    0xfb,
    0x6c,
    0x6d,
    0x6e,
    0x6f,
    0xe4,
    0xe5,
    0xe6,
    0xe7,
    0xec,
    0xed,
    0xee,
    0xef,
  ]
) {
  defAll(MAP_1B, b, () => generalProtection());
}
for (const b of [0x06, 0x07, 0x08, 0x09, 0x20, 0x21, 0x22, 0x23, 0x30, 0x32, 0x33]) {
  defAll(MAP_0F, b, () => generalProtection());
}
// 0F 00: LLDT and LTR (/2, /3) are privileged; the rest of the group is #UD here.
defAll(MAP_0F, 0x00, (_ctx, d) => {
  const r = d.reg & 7;
  if (r === 2 || r === 3) generalProtection();
  undefinedOpcode();
});
