/**
 * Guest-visible faults raised while executing an instruction.
 *
 * A `GuestFault` is thrown by memory accesses and handlers and caught by the
 * execution loop, which rewinds RIP to the faulting instruction and reports it.
 * It deliberately does not extend `Error`: faults are guest events, not host
 * bugs, and capturing a JS stack for each would be wasted work.
 * @module
 */

/** Linux signal numbers used by faults. */
export const SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGFPE = 8, SIGSEGV = 11;
/**
 * The "signal" of a fault that raises none: a store faulted a shared file
 * page in, and the kernel changes the file's times before the instruction
 * runs again (lib/exec/memory.ts `Memory.userMode`).
 */
export const WRITE_NOTIFY = 0;
/** si_code values. */
export const SEGV_MAPERR = 1,
  SEGV_ACCERR = 2,
  ILL_ILLOPN = 2,
  FPE_INTDIV = 1,
  FPE_INTOVF = 2,
  FPE_FLTDIV = 3,
  FPE_FLTOVF = 4,
  FPE_FLTUND = 5,
  FPE_FLTRES = 6,
  FPE_FLTINV = 7,
  BUS_ADRALN = 1,
  BUS_ADRERR = 2,
  SI_KERNEL = 0x80,
  TRAP_BRKPT = 1;

/** x86 exception vectors, as Linux stores them in the thread's trap_nr (sigcontext trapno). */
export const X86_TRAP_DE = 0,
  X86_TRAP_DB = 1,
  X86_TRAP_BP = 3,
  X86_TRAP_OF = 4,
  X86_TRAP_UD = 6,
  X86_TRAP_GP = 13,
  X86_TRAP_PF = 14,
  X86_TRAP_MF = 16,
  X86_TRAP_XF = 19;
/** Page-fault error code bits: page present, write access, user mode, instruction fetch. */
export const PF_PROT = 1, PF_WRITE = 2, PF_USER = 4, PF_INSTR = 16;

/** A synchronous exception of the guest (a would-be signal). */
export class GuestFault {
  constructor(
    /** Linux signal number. */
    readonly signal: number,
    /** si_code. */
    readonly code: number,
    /** si_addr: fault address for SIGSEGV/SIGBUS, instruction address otherwise (filled by the loop if 0). */
    readonly addr: number,
    /** The x86 exception vector (X86_TRAP_*); the default suits a user read of an unmapped page. */
    readonly trap: number = X86_TRAP_PF,
    /** The exception's error code (PF_* bits for a page fault, the selector error code for #GP). */
    readonly err: number = PF_USER,
  ) {}
}

/** Raise #UD: the instruction is undefined or unsupported. */
export function undefinedOpcode(): never {
  throw new GuestFault(SIGILL, ILL_ILLOPN, 0, X86_TRAP_UD, 0);
}

/**
 * Raise #GP, which Linux reports as SIGSEGV with si_code SI_KERNEL and address 0. `err` is the
 * error code (nonzero only for selector-related cases such as INT n through a DPL-0 gate).
 */
export function generalProtection(err = 0): never {
  throw new GuestFault(SIGSEGV, SI_KERNEL, 0, X86_TRAP_GP, err);
}

/** Raise #DE (divide error). */
export function divideError(): never {
  throw new GuestFault(SIGFPE, FPE_INTDIV, 0, X86_TRAP_DE, 0);
}
