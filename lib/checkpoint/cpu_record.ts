/**
 * The CPU state record: one hardware thread's architectural registers as a
 * documented, plain CBOR map (docs/SNAPSHOT.md, "cpu"), independent of how
 * `Cpu` happens to hold them. Lazy flags are stored materialized as RFLAGS and
 * the x87 TOP is folded into the status word, as FXSAVE shows them, so a
 * change of internal representation does not change the format.
 * @module
 */

import { ARITH_FLAGS, Cpu } from "../exec/cpu.ts";
import { getRflags, setFlagsDirect } from "../exec/flags.ts";
import { cborU64 } from "./cbor.ts";
import { bytes, map, type RecordMap, u64, uint } from "./schema.ts";

/** Bytes of the register files as stored: 16 GPRs and 16 XMM registers, 8 x87 registers. */
const GPR_BYTES = 128, XMM_BYTES = 256, FPR_BYTES = 80;
const U32 = 0xffffffff, U16 = 0xffff;
/** x87 status word bits that hold TOP. */
const FSW_TOP = 0x3800;

/**
 * `Cpu` fields that are deliberately not part of the record: `hi` is scratch
 * between two reads of one instruction, `stop` is the loop's exit reason, and
 * `xmmBytes` views `xmm`. Everything else must be stored (a test enforces it).
 */
export const CPU_NON_STATE_FIELDS: readonly string[] = ["hi", "stop", "xmmBytes"];

function le(a: Uint32Array | Uint16Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();
}

/** The architectural state of `cpu` as a plain record. */
export function cpuToRecord(cpu: Cpu): RecordMap {
  return {
    gpr: le(cpu.r),
    rip: cborU64(cpu.rip, "cpu.rip"),
    rflags: getRflags(cpu),
    fsBase: cborU64(cpu.fsBase, "cpu.fsBase"),
    gsBase: cborU64(cpu.gsBase, "cpu.gsBase"),
    xmm: le(cpu.xmm),
    mxcsr: cpu.mxcsr,
    x87: {
      fpr: le(cpu.fpr),
      fcw: cpu.fpuCw,
      fsw: (cpu.fpuSw & ~FSW_TOP) | (cpu.fpuTop << 11),
      ftw: cpu.fpuTag,
      fip: cborU64(cpu.fpuIp, "cpu.fpuIp"),
      fdp: cborU64(cpu.fpuDp, "cpu.fpuDp"),
      fop: cpu.fpuOp,
    },
    icount: cborU64(cpu.icount, "cpu.icount"),
    fault: {
      signal: cpu.faultSignal,
      code: cpu.faultCode,
      addr: cborU64(cpu.faultAddr, "cpu.faultAddr"),
      trap: cpu.faultTrap,
      err: cborU64(cpu.faultErr, "cpu.faultErr"),
    },
  };
}

/** Build a `Cpu` from a decoded record; throws a `corrupt` SnapshotError if it is malformed. */
export function cpuFromRecord(rec: RecordMap): Cpu {
  const w = "cpu";
  const gpr = bytes(rec, "gpr", w, GPR_BYTES);
  const xmm = bytes(rec, "xmm", w, XMM_BYTES);
  const x87 = map(rec, "x87", w);
  const fpr = bytes(x87, "fpr", "cpu.x87", FPR_BYTES);
  const fault = map(rec, "fault", w);
  const cpu = new Cpu();
  new Uint8Array(cpu.r.buffer).set(gpr);
  new Uint8Array(cpu.xmm.buffer).set(xmm);
  new Uint8Array(cpu.fpr.buffer).set(fpr);
  cpu.rip = u64(rec, "rip", w);
  const rflags = uint(rec, "rflags", w, U32);
  setFlagsDirect(cpu, rflags);
  cpu.flagsOther = rflags & ~ARITH_FLAGS;
  cpu.fsBase = u64(rec, "fsBase", w);
  cpu.gsBase = u64(rec, "gsBase", w);
  cpu.mxcsr = uint(rec, "mxcsr", w, U32);
  cpu.fpuCw = uint(x87, "fcw", "cpu.x87", U16);
  const fsw = uint(x87, "fsw", "cpu.x87", U16);
  cpu.fpuSw = fsw & ~FSW_TOP;
  cpu.fpuTop = (fsw & FSW_TOP) >> 11;
  cpu.fpuTag = uint(x87, "ftw", "cpu.x87", U16);
  cpu.fpuIp = u64(x87, "fip", "cpu.x87");
  cpu.fpuDp = u64(x87, "fdp", "cpu.x87");
  cpu.fpuOp = uint(x87, "fop", "cpu.x87", U16);
  cpu.icount = uint(rec, "icount", w);
  cpu.faultSignal = uint(fault, "signal", "cpu.fault", 64);
  cpu.faultCode = uint(fault, "code", "cpu.fault", U32);
  cpu.faultAddr = u64(fault, "addr", "cpu.fault");
  cpu.faultTrap = uint(fault, "trap", "cpu.fault", 31);
  cpu.faultErr = u64(fault, "err", "cpu.fault");
  return cpu;
}
