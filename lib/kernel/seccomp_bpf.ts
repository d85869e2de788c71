/**
 * Classic BPF for seccomp filters: validation as Linux's bpf_check_classic
 * and seccomp_check_filter do it, and an interpreter over struct
 * seccomp_data. A filter stays bytes (struct sock_filter array): data,
 * never code.
 * @module
 */

/** Linux's BPF_MAXINSNS and BPF_MEMWORDS; sizeof(struct seccomp_data). */
export const BPF_MAXINSNS = 4096, SECCOMP_DATA_SIZE = 64;
const BPF_MEMWORDS = 16;

const LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03, ALU = 0x04, JMP = 0x05, RET = 0x06, MISC = 0x07;
const W = 0x00, IMM = 0x00, ABS = 0x20, MEM = 0x60, LEN = 0x80;
const ADD = 0x00,
  SUB = 0x10,
  MUL = 0x20,
  DIV = 0x30,
  OR = 0x40,
  AND = 0x50,
  LSH = 0x60,
  RSH = 0x70,
  NEG = 0x80,
  XOR = 0xa0;
const JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40;
const K = 0x00, X = 0x08, A = 0x10, TAX = 0x00, TXA = 0x80;

/** The instruction codes seccomp accepts (seccomp_check_filter's list, before its rewrites). */
const ALLOWED = new Set<number>([
  LD | W | ABS,
  LD | W | LEN,
  LDX | W | LEN,
  RET | K,
  RET | A,
  ...[ADD, SUB, MUL, DIV, AND, OR, XOR, LSH, RSH].flatMap((op) => [ALU | op | K, ALU | op | X]),
  ALU | NEG,
  LD | IMM,
  LDX | IMM,
  MISC | TAX,
  MISC | TXA,
  LD | MEM,
  LDX | MEM,
  ST,
  STX,
  JMP | JA,
  ...[JEQ, JGE, JGT, JSET].flatMap((op) => [JMP | op | K, JMP | op | X]),
]);

function isCondJump(code: number): boolean {
  return (code & 7) === JMP && (code & 0xf0) !== JA;
}

/** Is `prog` (8-byte struct sock_filter entries) a filter seccomp would install? */
export function validFilter(prog: Uint8Array): boolean {
  const v = new DataView(prog.buffer, prog.byteOffset, prog.byteLength);
  const len = prog.length / 8;
  if (len === 0 || len > BPF_MAXINSNS) return false;
  for (let pc = 0; pc < len; pc++) {
    const code = v.getUint16(8 * pc, true), jt = prog[8 * pc + 2], jf = prog[8 * pc + 3];
    const k = v.getUint32(8 * pc + 4, true);
    if (!ALLOWED.has(code)) return false;
    if (code === (LD | W | ABS) && (k >= SECCOMP_DATA_SIZE || (k & 3) !== 0)) return false;
    if (code === (ALU | DIV | K) && k === 0) return false;
    if ((code === (ALU | LSH | K) || code === (ALU | RSH | K)) && k >= 32) return false;
    const cls = code & 7;
    if (
      (code === (LD | MEM) || code === (LDX | MEM) || cls === ST || cls === STX) &&
      k >= BPF_MEMWORDS
    ) {
      return false;
    }
    if (code === (JMP | JA) && k >= len - pc - 1) return false;
    if (isCondJump(code) && (pc + jt + 1 >= len || pc + jf + 1 >= len)) return false;
  }
  const last = v.getUint16(8 * (len - 1), true);
  if (last !== (RET | K) && last !== (RET | A)) return false;
  return memoryInitialized(prog, len);
}

/** Linux's check_load_and_stores: no scratch cell is read before every path has written it. */
function memoryInitialized(prog: Uint8Array, len: number): boolean {
  const v = new DataView(prog.buffer, prog.byteOffset, prog.byteLength);
  const masks = new Uint16Array(len).fill(0xffff);
  let valid = 0;
  for (let pc = 0; pc < len; pc++) {
    valid &= masks[pc];
    const code = v.getUint16(8 * pc, true), k = v.getUint32(8 * pc + 4, true);
    if ((code & 7) === ST || (code & 7) === STX) valid |= 1 << k;
    else if (code === (LD | MEM) || code === (LDX | MEM)) {
      if ((valid & (1 << k)) === 0) return false;
    } else if (code === (JMP | JA)) {
      masks[pc + 1 + k] &= valid;
      valid = 0xffff;
    } else if (isCondJump(code)) {
      masks[pc + 1 + prog[8 * pc + 2]] &= valid;
      masks[pc + 1 + prog[8 * pc + 3]] &= valid;
      valid = 0xffff;
    }
  }
  return true;
}

/** Run a validated filter over `data` (struct seccomp_data); its 32-bit return value. */
export function runFilter(prog: Uint8Array, data: DataView): number {
  const v = new DataView(prog.buffer, prog.byteOffset, prog.byteLength);
  const mem = new Uint32Array(BPF_MEMWORDS);
  let a = 0, x = 0;
  for (let pc = 0;; pc++) {
    const code = v.getUint16(8 * pc, true), k = v.getUint32(8 * pc + 4, true);
    switch (code & 7) {
      case LD:
        a = code === (LD | W | ABS)
          ? data.getUint32(k, true)
          : code === (LD | W | LEN)
          ? SECCOMP_DATA_SIZE
          : code === (LD | MEM)
          ? mem[k]
          : k;
        break;
      case LDX:
        x = code === (LDX | W | LEN) ? SECCOMP_DATA_SIZE : code === (LDX | MEM) ? mem[k] : k;
        break;
      case ST:
        mem[k] = a;
        break;
      case STX:
        mem[k] = x;
        break;
      case ALU: {
        const s = (code & X) !== 0 ? x : k;
        switch (code & 0xf0) {
          case ADD:
            a = (a + s) >>> 0;
            break;
          case SUB:
            a = (a - s) >>> 0;
            break;
          case MUL:
            a = Math.imul(a, s) >>> 0;
            break;
          case DIV:
            if (s === 0) return 0; // classic BPF: division by a zero X ends the program with 0
            a = Math.floor(a / s) >>> 0;
            break;
          case OR:
            a = (a | s) >>> 0;
            break;
          case AND:
            a = (a & s) >>> 0;
            break;
          case XOR:
            a = (a ^ s) >>> 0;
            break;
          case LSH:
            a = (a << (s & 31)) >>> 0;
            break;
          case RSH:
            a = a >>> (s & 31);
            break;
          case NEG:
            a = -a >>> 0;
            break;
        }
        break;
      }
      case JMP: {
        const op = code & 0xf0;
        if (op === JA) {
          pc += k;
          break;
        }
        const s = (code & X) !== 0 ? x : k;
        const taken = op === JEQ
          ? a === s
          : op === JGT
          ? a > s
          : op === JGE
          ? a >= s
          : (a & s) !== 0;
        pc += taken ? prog[8 * pc + 2] : prog[8 * pc + 3];
        break;
      }
      case RET:
        return (code & A) !== 0 ? a : k;
      case MISC:
        if (code === (MISC | TAX)) x = a;
        else a = x;
        break;
    }
  }
}
