/**
 * The x86-64 signal frame, byte for byte as Linux 6.1 builds it
 * (arch/x86/kernel/signal.c get_sigframe, signal_64.c x64_setup_rt_frame)
 * for a CPU with FXSR but no XSAVE, and rt_sigreturn's restore from it.
 *
 * From the interrupted stack pointer down: a 128-byte red zone (skipped
 * unless the frame goes to the alternate stack), the 512-byte FXSAVE image
 * 64-byte aligned, then struct rt_sigframe (440 bytes) placed so that the
 * handler starts with RSP = 8 mod 16, as after a call:
 *
 *   +0    pretcode      sa_restorer: the handler's return address
 *   +8    ucontext      uc_flags, uc_link, uc_stack, sigcontext, uc_sigmask
 *   +312  siginfo       written only for SA_SIGINFO handlers
 *
 * Bytes Linux does not write are left as they were: the padding after
 * uc_stack.ss_flags, sigcontext.reserved1, bytes 416-463 of the FXSAVE image
 * and, without SA_SIGINFO, the siginfo.
 * @module
 */

import { type Cpu, DF, RSP, TF } from "../exec/cpu.ts";
import { getRflags, setRflags } from "../exec/flags.ts";
import { GuestFault } from "../exec/fault.ts";
import { loadFxState, saveFxState } from "../exec/ops/sse_state.ts";
import type { Memory } from "../exec/memory.ts";
import { Errno } from "./errno.ts";
import type { SigAction } from "./process.ts";
import { isChildInfo, isFaultInfo, SI_TIMER, type SigInfo, SIGKILL, SIGSTOP } from "./signals.ts";
import type { Thread } from "./thread.ts";
import { inAltStack, MINSIGSTKSZ, onAltStack, setAltStack, type StackT } from "./altstack.ts";

/** sa_flags bits that change how a frame is built. */
const SA_SIGINFO = 4, SA_ONSTACK = 0x08000000, SA_RESTORER = 0x04000000;

/** sizeof(struct rt_sigframe). */
const FRAME_SIZE = 440;
/** Offsets in the frame: the ucontext, its parts, the siginfo. */
const UC = 8,
  UC_STACK = UC + 16,
  SIGCONTEXT = UC + 40,
  UC_SIGMASK = UC + 296,
  INFO = UC + 304;
/** sizeof(siginfo_t). */
export const SIGINFO_SIZE = 128;
/** sigcontext up to reserved1: what the kernel writes and rt_sigreturn reads. */
const SC_SIZE = 192;
/** Bytes below the interrupted stack pointer that the ABI lets leaf code use. */
const RED_ZONE = 128;
/** The FP state: an FXSAVE image (no XSAVE on this CPU), aligned as XSAVE would need. */
const FP_SIZE = 512, FP_ALIGN = 64;
/** FXSAVE writes bytes 0-415; Linux fills the software-reserved bytes 464-511. */
const FX_WRITTEN = 416, SW_RESERVED = 464;
/** struct _fpx_sw_bytes.magic1: "the state is described here". */
const FP_XSTATE_MAGIC1 = 0x46505853, FP_XSTATE_MAGIC2_SIZE = 4;

/** uc_flags for a 64-bit frame without XSAVE: SS is saved and restored strictly. */
const UC_SIGCONTEXT_SS = 2, UC_STRICT_RESTORE_SS = 4;
/** Selectors of 64-bit user code and data. */
const USER_CS = 0x33, USER_DS = 0x2b;
/** RFLAGS bits rt_sigreturn takes from the frame (FIX_EFLAGS): AC OF DF TF SF ZF AF PF CF RF. */
const FIX_EFLAGS = 0x40000 | 0x800 | 0x400 | 0x100 | 0x80 | 0x40 | 0x10 | 0x4 | 0x1 | 0x10000;

/** GPRs in sigcontext order: r8-r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp. */
const SC_REGS = [8, 9, 10, 11, 12, 13, 14, 15, 7, 6, 5, 3, 2, 0, 1, 4];
const SC_RIP = 128, SC_EFLAGS = 136, SC_CS = 144, SC_SS = 150, SC_ERR = 152, SC_TRAPNO = 160;
const SC_OLDMASK = 168, SC_CR2 = 176, SC_FPSTATE = 184;

/** Scratch images (built then copied out; never hold state between calls). */
const frameImage = new Uint8Array(FRAME_SIZE);
const fpImage = new Uint8Array(FP_SIZE);
/** The FP state a handler starts with: FNINIT plus the default MXCSR (Linux's init_fpstate). */
const initFp = new Uint8Array(FP_SIZE);
new DataView(initFp.buffer).setUint16(0, 0x037f, true);
new DataView(initFp.buffer).setUint32(24, 0x1f80, true);

/** Give `cpu` the initial x87/SSE state, as a signal handler starts with it. */
function resetFpState(cpu: Cpu): void {
  loadFxState(cpu, initFp, true);
}

function putU64(v: DataView, o: number, n: number): void {
  v.setUint32(o, n >>> 0, true);
  v.setUint32(o + 4, Math.floor(n / 4294967296) >>> 0, true);
}

function getU64(v: DataView, o: number): number {
  return v.getUint32(o + 4, true) * 4294967296 + v.getUint32(o, true);
}

/** A 64-bit register as a JS number (exact below 2^53; larger values only make the frame fault). */
function reg(cpu: Cpu, n: number): number {
  return cpu.r[2 * n + 1] * 4294967296 + cpu.r[2 * n];
}

/**
 * Where the frame for a handler with flags `flags` goes (get_sigframe):
 * [frame, fpstate], or null if it would overflow the alternate stack.
 */
function place(t: Thread, flags: number): [number, number] | null {
  const rsp = reg(t.cpu, RSP);
  const nested = onAltStack(t, rsp);
  let sp = rsp - RED_ZONE;
  let entering = false;
  if ((flags & SA_ONSTACK) !== 0 && t.altSize !== 0 && !onAltStack(t, sp)) {
    sp = t.altSp + t.altSize;
    entering = true;
  }
  const fp = Math.floor((sp - FP_SIZE) / FP_ALIGN) * FP_ALIGN;
  const frame = Math.floor((fp - FRAME_SIZE) / 16) * 16 - 8;
  if ((nested || entering) && !inAltStack(t, frame)) return null;
  return [frame, fp];
}

/** Write siginfo `i` (a whole siginfo_t, zero beyond what it carries) at `o` in `v`. */
export function putSiginfo(v: DataView, o: number, i: SigInfo): void {
  for (let k = 0; k < SIGINFO_SIZE; k += 4) v.setUint32(o + k, 0, true);
  if (i.raw !== null) {
    new Uint8Array(v.buffer, v.byteOffset + o, i.raw.length).set(i.raw);
    return;
  }
  v.setInt32(o, i.signo, true);
  v.setInt32(o + 8, i.code, true);
  if (i.code === SI_TIMER) {
    v.setInt32(o + 16, i.timerid, true);
    v.setInt32(o + 20, i.overrun, true);
    putU64(v, o + 24, i.value);
  } else if (isFaultInfo(i)) putU64(v, o + 16, i.addr);
  else {
    v.setInt32(o + 16, i.pid, true);
    v.setUint32(o + 20, i.uid, true);
    if (isChildInfo(i)) {
      v.setInt32(o + 24, i.status, true);
      putU64(v, o + 32, i.utime);
      putU64(v, o + 40, i.stime);
    } else putU64(v, o + 24, i.value);
  }
}

/** Copy [from, to) of the frame image to the guest frame at `frame`. */
function copyOut(mem: Memory, frame: number, from: number, to: number): void {
  mem.writeBytes(frame + from, frameImage.subarray(from, to));
}

/**
 * Build the frame for delivering `info` to the handler `act` of thread
 * `t` and point the registers at the handler: RDI = signal, RSI = &siginfo,
 * RDX = &ucontext, RAX = 0, RSP = the frame, DF and TF clear, FP state
 * reset. False if the frame cannot be built (no SA_RESTORER, alternate
 * stack overflow, unwritable stack): the caller then forces SIGSEGV.
 */
export function setupFrame(t: Thread, info: SigInfo, act: SigAction): boolean {
  if ((act.flags & SA_RESTORER) === 0) return false;
  const where = place(t, act.flags);
  if (where === null) return false;
  const [frame, fp] = where;
  const cpu = t.cpu;
  const mem = t.proc.mem;
  const v = new DataView(frameImage.buffer);
  const f = new DataView(fpImage.buffer);
  saveFxState(cpu, fpImage, true);
  f.setUint32(SW_RESERVED, FP_XSTATE_MAGIC1, true);
  f.setUint32(SW_RESERVED + 4, FP_SIZE + FP_XSTATE_MAGIC2_SIZE, true);
  putU64(f, SW_RESERVED + 8, 0); // xfeatures: none without XSAVE
  f.setUint32(SW_RESERVED + 16, FP_SIZE, true);
  for (let k = SW_RESERVED + 20; k < FP_SIZE; k += 4) f.setUint32(k, 0, true);

  putU64(v, 0, act.restorer);
  putU64(v, UC, UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS);
  putU64(v, UC + 8, 0);
  putU64(v, UC_STACK, t.altSp);
  v.setUint32(UC_STACK + 8, t.altFlags, true);
  putU64(v, UC_STACK + 16, t.altSize);
  for (let i = 0; i < SC_REGS.length; i++) {
    v.setUint32(SIGCONTEXT + 8 * i, cpu.r[2 * SC_REGS[i]], true);
    v.setUint32(SIGCONTEXT + 8 * i + 4, cpu.r[2 * SC_REGS[i] + 1], true);
  }
  putU64(v, SIGCONTEXT + SC_RIP, cpu.rip);
  putU64(v, SIGCONTEXT + SC_EFLAGS, getRflags(cpu));
  putU64(v, SIGCONTEXT + SC_CS, USER_CS); // cs, then gs and fs as 0
  v.setUint16(SIGCONTEXT + SC_SS, USER_DS, true);
  putU64(v, SIGCONTEXT + SC_ERR, t.errorCode);
  putU64(v, SIGCONTEXT + SC_TRAPNO, t.trapNr);
  // The mask rt_sigreturn restores: rt_sigsuspend's caller's, not the one it waited with.
  const maskLo = t.restoreMask ? t.savedMaskLo : t.sigmaskLo;
  const maskHi = t.restoreMask ? t.savedMaskHi : t.sigmaskHi;
  v.setUint32(SIGCONTEXT + SC_OLDMASK, maskLo, true);
  v.setUint32(SIGCONTEXT + SC_OLDMASK + 4, maskHi, true);
  putU64(v, SIGCONTEXT + SC_CR2, t.cr2);
  putU64(v, SIGCONTEXT + SC_FPSTATE, fp);
  v.setUint32(UC_SIGMASK, maskLo, true);
  v.setUint32(UC_SIGMASK + 4, maskHi, true);
  const siginfo = (act.flags & SA_SIGINFO) !== 0;
  if (siginfo) putSiginfo(v, INFO, info);

  try {
    mem.writeBytes(fp, fpImage.subarray(0, FX_WRITTEN));
    mem.writeBytes(fp + SW_RESERVED, fpImage.subarray(SW_RESERVED));
    copyOut(mem, frame, 0, UC_STACK + 12);
    copyOut(mem, frame, UC_STACK + 16, SIGCONTEXT + SC_SIZE);
    copyOut(mem, frame, UC_SIGMASK, INFO);
    if (siginfo) copyOut(mem, frame, INFO, FRAME_SIZE);
  } catch (e) {
    if (e instanceof GuestFault) return false;
    throw e;
  }

  const r = cpu.r;
  r[14] = info.signo; // RDI
  r[15] = 0;
  setPointer(r, 6, frame + INFO); // RSI
  setPointer(r, 2, frame + UC); // RDX
  r[0] = r[1] = 0; // RAX
  setPointer(r, RSP, frame);
  cpu.rip = act.handler;
  cpu.flagsOther &= ~(DF | TF);
  resetFpState(cpu);
  return true;
}

function setPointer(r: Uint32Array, n: number, v: number): void {
  r[2 * n] = v >>> 0;
  r[2 * n + 1] = Math.floor(v / 4294967296);
}

/**
 * rt_sigreturn for thread `t`: take the signal mask, registers, FP state
 * and alternate stack back from the frame RSP - 8 points to, as Linux does
 * and in its order (a bad frame can leave the mask and registers already
 * restored). RFLAGS takes only the bits user code may change; an FP image
 * that FXRSTOR would reject leaves the initial FP state. False for a bad
 * frame (the caller forces SIGSEGV).
 */
export function restoreFrame(t: Thread): boolean {
  const cpu = t.cpu;
  const mem = t.proc.mem;
  const frame = reg(cpu, RSP) - 8;
  let sc: DataView;
  try {
    const lo = mem.read32(frame + UC_SIGMASK), hi = mem.read32(frame + UC_SIGMASK + 4);
    t.sigmaskLo = (lo & ~((1 << (SIGKILL - 1)) | (1 << (SIGSTOP - 1)))) >>> 0;
    t.sigmaskHi = hi >>> 0;
    const b = mem.readBytes(frame + SIGCONTEXT, SC_SIZE);
    sc = new DataView(b.buffer, b.byteOffset, SC_SIZE);
  } catch (e) {
    if (e instanceof GuestFault) return false;
    throw e;
  }
  for (let i = 0; i < SC_REGS.length; i++) {
    cpu.r[2 * SC_REGS[i]] = sc.getUint32(8 * i, true);
    cpu.r[2 * SC_REGS[i] + 1] = sc.getUint32(8 * i + 4, true);
  }
  cpu.rip = getU64(sc, SC_RIP);
  setRflags(
    cpu,
    ((getRflags(cpu) & ~FIX_EFLAGS) | (sc.getUint32(SC_EFLAGS, true) & FIX_EFLAGS)) >>> 0,
  );
  if (!restoreFp(cpu, mem, getU64(sc, SC_FPSTATE))) return false;
  let ss: StackT;
  try {
    const b = mem.readBytes(frame + UC_STACK, 24);
    const d = new DataView(b.buffer, b.byteOffset, 24);
    ss = { sp: getU64(d, 0), flags: d.getUint32(8, true), size: getU64(d, 16) };
  } catch (e) {
    if (e instanceof GuestFault) return false;
    throw e;
  }
  try {
    setAltStack(t, ss, reg(cpu, RSP), MINSIGSTKSZ);
  } catch (e) {
    if (!(e instanceof Errno)) throw e; // Linux ignores every error but EFAULT here
  }
  return true;
}

/** Load the FP state from the image at `fp` (none: the initial state). False if unusable. */
function restoreFp(cpu: Cpu, mem: Memory, fp: number): boolean {
  if (fp === 0) {
    resetFpState(cpu);
    return true;
  }
  try {
    if (loadFxState(cpu, mem.readBytes(fp, FP_SIZE), true)) return true;
  } catch (e) {
    if (!(e instanceof GuestFault)) throw e;
  }
  resetFpState(cpu);
  return false;
}
