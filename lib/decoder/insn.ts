/**
 * The decoded form of one x86-64 instruction, shared by the interpreter and
 * the translator. One monomorphic class so V8 keeps a single hidden shape.
 * @module
 */

/** Opcode maps. */
export const MAP_1B = 0, MAP_0F = 1, MAP_0F38 = 2, MAP_0F3A = 3;
/** Mandatory-prefix classes (SSE "pfx" column). */
export const PFX_NONE = 0, PFX_66 = 1, PFX_F3 = 2, PFX_F2 = 3;
/** Segment overrides that matter in 64-bit mode. */
export const SEG_NONE = 0, SEG_FS = 1, SEG_GS = 2;

/** Handler-table index of an opcode: map, opcode byte and mandatory-prefix class. */
export function opIndex(map: number, byte: number, pfx: number): number {
  return (map << 10) | (byte << 2) | pfx;
}

/** A decoded instruction. */
export class Insn {
  /** Address of the first byte. */
  addr = 0;
  /** Length in bytes (1..15). */
  len = 0;
  /** Handler-table index: `opIndex(map, byte, pfx)`. */
  op = 0;
  /** Opcode byte within its map. */
  byte = 0;
  /** Opcode map (MAP_*). */
  map = 0;
  /** Mandatory-prefix class (PFX_*), from the last of 66/F2/F3 with F2/F3 winning. */
  pfx = 0;
  /** Operand size in bytes: 2, 4 or 8 (byte-sized opcodes ignore it). */
  opsize = 4;
  /** Address size in bytes: 4 or 8. */
  adsize = 8;
  /** 0, 0xF2 (REPNE) or 0xF3 (REP/REPE). */
  rep = 0;
  /** LOCK prefix present. */
  lock = false;
  /** Segment override (SEG_*). */
  seg = 0;
  /** A REX prefix was present (selects SPL/BPL/SIL/DIL instead of AH/CH/DH/BH). */
  rex = false;
  /** REX.W. */
  rexW = false;
  /** ModRM present. */
  hasModrm = false;
  /** ModRM.mod (3 = register operand). */
  mod = 0;
  /** ModRM.reg extended by REX.R (0..15). Use `reg & 7` as the /digit of group opcodes. */
  reg = 0;
  /** ModRM.rm extended by REX.B (0..15), meaningful when mod = 3; without ModRM, opcode bits 0-2 + REX.B. */
  rm = 0;
  /** Memory operand: base register (0..15) or -1 (none; RIP-relative folds into `disp`). */
  base = -1;
  /** Memory operand: index register (0..15) or -1. */
  index = -1;
  /** Memory operand: scale (1, 2, 4, 8). */
  scale = 1;
  /**
   * Memory operand: signed displacement. For RIP-relative operands it is the
   * absolute address (next RIP + disp32), with `base` = -1.
   */
  disp = 0;
  /** Immediate, sign-extended to a JS number per its encoding (imm8 of 0xff is -1). */
  imm = 0;
  /** High 32 bits of a 64-bit immediate (MOV r64, imm64 and MOV moffs). */
  immHi = 0;
  /** Second immediate (ENTER's imm8). */
  imm2 = 0;
  /** Absolute target of a relative branch. */
  target = 0;
}
