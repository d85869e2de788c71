/**
 * Differential fuzzing of the translator against the interpreter: seeded
 * random programs of valid instructions (integer ALU in every size and
 * operand form, moves, LEA, shifts and rotates, INC/DEC, CMOVcc/SETcc,
 * multiply/divide, PUSH/POP, MOVS/STOS, CMPXCHG and LOCK forms, XCHG, bit scans, forward branches (also over a
 * HLT, like an assertion), SSE2 moves and double
 * arithmetic with special values and random MXCSR modes, memory operands,
 * occasional faulting accesses) inside a counted loop. Each program runs
 * from identical random states under both engines, to completion and
 * stopped after a random number of instructions; registers, flags, XMM,
 * MXCSR, memory, retired count and the stop/fault must agree exactly.
 *
 * `FUZZ_SEED` / `FUZZ_PROGRAMS` widen a local run (defaults keep the test quick).
 * @module
 */

import assert from "node:assert/strict";
import { Cpu, setReg64Num, Stop } from "../../lib/exec/cpu.ts";
import { Memory, PROT_EXEC, PROT_READ, PROT_WRITE } from "../../lib/exec/memory.ts";
import { run } from "../../lib/exec/interpreter.ts";
import type { Ctx } from "../../lib/exec/operands.ts";
import { Jit } from "../../lib/exec/translator/engine.ts";
import { diffCpu, diffMemory } from "../../lib/exec/translator/cosim.ts";
import { setFlagsDirect } from "../../lib/exec/flags.ts";

const CODE = 0x400000, STACK_TOP = 0x7ff000010000;

/**
 * Two data pages and where RBX points into them (R13 holds a small index;
 * neither is ever written by the programs). Some seeds put them across the
 * 4 GiB line, so that address sums carry into and borrow from the high half.
 */
function dataLayout(seed: number): [data: number, base: number] {
  switch (seed % 5) {
    case 3:
      return [0xfffff000, 0x100000000];
    case 4:
      return [0xfffff000, 0xffffffc0];
    default:
      return [0x600000, 0x600800];
  }
}
const RBX = 3, RSP = 4, R13 = 13, R15 = 15;

/** xorshift32: reproducible programs from a seed. */
class Rng {
  constructor(private s: number) {
    if (this.s === 0) this.s = 1;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  int(n: number): number {
    return this.next() % n;
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)];
  }
  chance(p: number): boolean {
    return this.next() / 4294967296 < p;
  }
}

/** A ModRM operand: a register or [rbx + disp8] / [rbx + r13*scale + disp8]. */
type Rm = { reg: number } | { disp: number; sib: number };

/** Bytes of `opcode` with ModRM `reg`/`rm`, operand size `size` (1 = byte opcode) and prefixes. */
function encode(
  size: number,
  opcode: number[],
  reg: number,
  rm: Rm,
  opts: { rex?: boolean; pfx?: number; noW?: boolean } = {},
): number[] {
  const out: number[] = [];
  if (size === 2) out.push(0x66);
  if (opts.pfx !== undefined) out.push(opts.pfx);
  const b = "reg" in rm ? rm.reg : RBX;
  const x = "reg" in rm || rm.sib === 0 ? 0 : R13;
  const rex = 0x40 | (size === 8 && !opts.noW ? 8 : 0) | (reg >= 8 ? 4 : 0) | (x >= 8 ? 2 : 0) |
    (b >= 8 ? 1 : 0);
  if (rex !== 0x40 || opts.rex) out.push(rex);
  out.push(...opcode);
  if ("reg" in rm) out.push(0xc0 | ((reg & 7) << 3) | (rm.reg & 7));
  else if (rm.sib === 0) out.push(0x40 | ((reg & 7) << 3) | 3, rm.disp & 0xff);
  else {
    const ss = [1, 2, 4, 8].indexOf(rm.sib);
    out.push(0x44 | ((reg & 7) << 3), (ss << 6) | ((R13 & 7) << 3) | 3, rm.disp & 0xff);
  }
  return out;
}

const le = (v: number, n: number): number[] => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.floor(v / 2 ** (8 * i)) & 0xff);
  return out;
};

/** Random program generator. */
class Gen {
  constructor(private r: Rng) {}

  size(): number {
    return this.r.pick([1, 2, 4, 4, 8, 8]);
  }

  /** A register the program may write, valid for `size` with/without REX. */
  dst(size: number, rex: boolean): number {
    if (size === 1 && !rex) return this.r.pick([0, 1, 2, 4, 5, 6]);
    return this.r.pick([0, 1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 14]);
  }

  /** Any register as a source. */
  src(size: number, rex: boolean): number {
    return size === 1 && !rex ? this.r.int(8) : this.r.int(16);
  }

  mem(align = 1): Rm {
    const disp = (this.r.int(256) - 128) & ~(align - 1);
    return { disp, sib: align === 1 && this.r.chance(0.3) ? this.r.pick([1, 2, 4, 8]) : 0 };
  }

  /** A destination r/m: register (safe to write) or memory. */
  rmDst(size: number, rex: boolean): Rm {
    return this.r.chance(0.35) ? this.mem() : { reg: this.dst(size, rex) };
  }

  rmSrc(size: number, rex: boolean): Rm {
    return this.r.chance(0.35) ? this.mem() : { reg: this.src(size, rex) };
  }

  imm(n: number): number[] {
    return le(this.r.next(), n);
  }

  /** One random instruction, now and then with an FS or GS segment prefix. */
  insn(): number[] {
    const ins = this.plainInsn();
    return this.r.chance(0.08) ? [this.r.pick([0x64, 0x65]), ...ins] : ins;
  }

  plainInsn(): number[] {
    const r = this.r;
    const size = this.size();
    const rex = size === 1 && r.chance(0.4);
    const w = size === 1 ? 0 : 1;
    switch (r.int(26)) {
      case 0:
      case 1: { // ALU r/m, reg and reg, r/m (all eight kinds)
        const kind = r.int(8);
        if (r.chance(0.5)) {
          const rm = this.rmDst(size, rex);
          // LOCK on a read-modify-write of memory (LOCK CMP is #UD, so is LOCK with a register).
          const lock = !("reg" in rm) && kind !== 7 && r.chance(0.3) ? 0xf0 : undefined;
          return encode(size, [(kind << 3) | w], this.src(size, rex), rm, { rex, pfx: lock });
        }
        return encode(size, [(kind << 3) | 2 | w], this.dst(size, rex), this.rmSrc(size, rex), {
          rex,
        });
      }
      case 2: { // group 1 with an immediate
        const kind = r.int(8);
        const rm = this.rmDst(size, rex);
        if (size === 1) return [...encode(1, [0x80], kind, rm, { rex }), ...this.imm(1)];
        if (r.chance(0.5)) return [...encode(size, [0x83], kind, rm), ...this.imm(1)];
        return [...encode(size, [0x81], kind, rm), ...this.imm(size === 2 ? 2 : 4)];
      }
      case 3: { // accumulator forms
        const kind = r.int(8);
        if (size === 1) return [(kind << 3) | 4, ...this.imm(1)];
        return [
          ...encode(size, [(kind << 3) | 5], 0, { reg: 0 }).slice(0, -1),
          ...this.imm(size === 2 ? 2 : 4),
        ];
      }
      case 4: // TEST
        return encode(size, [0x84 | w], this.src(size, rex), this.rmSrc(size, rex), { rex });
      case 5: { // MOV in all directions, MOV imm
        const k = r.int(4);
        if (k === 0) {
          return encode(size, [0x88 | w], this.src(size, rex), this.rmDst(size, rex), { rex });
        }
        if (k === 1) {
          return encode(size, [0x8a | w], this.dst(size, rex), this.rmSrc(size, rex), { rex });
        }
        if (k === 2) {
          const n = this.dst(size, rex);
          const op = (size === 1 ? 0xb0 : 0xb8) | (n & 7);
          const head = encode(size, [op], 0, { reg: n }, { rex }).slice(0, -1);
          return [
            ...head,
            ...this.imm(size === 1 ? 1 : size === 2 ? 2 : 4),
            ...(size === 8 ? this.imm(4) : []),
          ];
        }
        const rm = this.rmDst(size, rex);
        return [
          ...encode(size, [0xc6 | w], 0, rm, { rex }),
          ...this.imm(size === 1 ? 1 : size === 2 ? 2 : 4),
        ];
      }
      case 6: { // LEA with any base/index
        const s = r.pick([2, 4, 8]);
        const d = this.dst(s, false);
        const base = r.int(16), index = r.pick([0, 1, 2, 3, 5, 6, 7, 8, 9, 10]);
        const out: number[] = [];
        if (s === 2) out.push(0x66);
        const rx = 0x40 | (s === 8 ? 8 : 0) | (d >= 8 ? 4 : 0) | (index >= 8 ? 2 : 0) |
          (base >= 8 ? 1 : 0);
        if (rx !== 0x40) out.push(rx);
        out.push(0x8d, 0x84 | ((d & 7) << 3), (r.int(4) << 6) | ((index & 7) << 3) | (base & 7));
        return [...out, ...this.imm(4)];
      }
      case 7: { // MOVSXD, MOVZX, MOVSX
        const k = r.int(3);
        const s = r.pick([2, 4, 8]);
        if (k === 0) return encode(s, [0x63], this.dst(s, true), this.rmSrc(4, true));
        const wide = r.chance(0.5);
        const rx = !wide && r.chance(0.4);
        return encode(
          s,
          [0x0f, (k === 1 ? 0xb6 : 0xbe) | (wide ? 1 : 0)],
          this.dst(s, true),
          this.rmSrc(wide ? 2 : 1, rx),
          { rex: rx },
        );
      }
      case 8: // INC/DEC
        return encode(size, [0xfe | w], r.int(2), this.rmDst(size, rex), { rex });
      case 9: { // shifts and rotates by 1, imm8, CL
        const k = r.int(3), digit = r.int(8);
        const rm = this.rmDst(size, rex);
        if (k === 0) return encode(size, [0xd0 | w], digit, rm, { rex });
        if (k === 1) return [...encode(size, [0xc0 | w], digit, rm, { rex }), r.int(70)];
        // By CL, sometimes an edge count first (mov cl, imm8).
        const cl = r.chance(0.5) ? [0xb1, r.pick([0, 1, 31, 32, 33, 63, 64, 65])] : [];
        return [...cl, ...encode(size, [0xd2 | w], digit, rm, { rex })];
      }
      case 10: { // CMOVcc, SETcc
        const cc = r.int(16);
        if (size !== 1 && r.chance(0.5)) {
          return encode(size, [0x0f, 0x40 | cc], this.dst(size, false), this.rmSrc(size, false));
        }
        return encode(1, [0x0f, 0x90 | cc], 0, this.rmDst(1, rex), { rex });
      }
      case 11: // CBW family / CWD family
        return [...(size === 2 ? [0x66] : size === 8 ? [0x48] : []), r.pick([0x98, 0x99])];
      case 12: { // PUSH then POP (balanced)
        const src = r.int(16), d = this.dst(8, false);
        const push = r.chance(0.3)
          ? [0x6a, r.int(256)]
          : [...(src >= 8 ? [0x41] : []), 0x50 | (src & 7)];
        return [...push, ...(d >= 8 ? [0x41] : []), 0x58 | (d & 7)];
      }
      case 13: { // MUL/IMUL/DIV/IDIV/NEG/NOT, IMUL r, r/m
        if (r.chance(0.4)) {
          return encode(
            size === 1 ? 4 : size,
            [0x0f, 0xaf],
            this.dst(4, true),
            this.rmSrc(4, true),
          );
        }
        if (r.chance(0.3)) {
          const s = r.pick([2, 4, 8]), d = this.dst(s, false);
          const short = r.chance(0.5);
          const imm = short ? this.imm(1) : this.imm(s === 2 ? 2 : 4);
          return [...encode(s, [short ? 0x6b : 0x69], d, this.rmSrc(s, false)), ...imm];
        }
        if (r.chance(0.3)) {
          // A division with a dividend made to fit: zeroed or sign-extended RDX (EDX).
          const s = r.pick([4, 8]);
          const ext = r.chance(0.5) ? [0x31, 0xd2] : s === 8 ? [0x48, 0x99] : [0x99];
          const src = r.pick([1, 5, 6, 7, 8, 9, 10, 11]);
          return [
            ...ext,
            ...encode(s, [0xf7], r.pick([6, 7]), r.chance(0.3) ? this.mem() : { reg: src }),
          ];
        }
        const digit = r.chance(0.1) ? r.pick([6, 7]) : r.pick([2, 3, 4, 5]);
        const rm = digit <= 3 ? this.rmDst(size, rex) : this.rmSrc(size, rex);
        return encode(size, [0xf6 | w], digit, rm, { rex });
      }
      case 14: // SSE2 scalar/packed double arithmetic
        return this.sseArith();
      case 15:
      case 16: // SSE moves
        return this.sseMove();
      case 17: { // UCOMISD / COMISD, CVTSI2SD, CVTTSD2SI
        const k = r.int(3);
        const x = r.int(16);
        if (k === 0) {
          return encode(
            4,
            [0x0f, r.pick([0x2e, 0x2f])],
            x,
            r.chance(0.3) ? this.mem(8) : { reg: r.int(16) },
            { pfx: 0x66 },
          );
        }
        if (k === 1) {
          return encode(r.pick([4, 8]), [0x0f, 0x2a], x, this.rmSrc(4, true), { pfx: 0xf2 });
        }
        const s = r.pick([4, 8]);
        return encode(s, [0x0f, 0x2c], this.dst(s, true), { reg: r.int(16) }, { pfx: 0xf2 });
      }
      case 18: // a load that faults now and then
        return r.chance(0.15)
          ? [0x8b, 0x83, ...le(0x200000, 4)]
          : encode(8, [0x8b], this.dst(8, true), this.mem());
      case 19: // XCHG, XADD, BT, BSWAP: interpreter-handled forms mixed in
        return r.pick([
          () =>
            encode(size, [0x86 | w], this.dst(size, rex), { reg: this.dst(size, rex) }, { rex }),
          () => encode(4, [0x0f, 0xa3], this.src(4, false), { reg: this.dst(4, false) }),
          () =>
            encode(r.pick([4, 8]), [0x0f, r.pick([0xab, 0xb3, 0xbb])], this.src(4, false), {
              reg: this.dst(4, false),
            }),
          () => [
            ...encode(r.pick([4, 8]), [0x0f, 0xba], 4 + r.int(4), { reg: this.dst(4, false) }),
            r.int(256),
          ],
          () => encode(size === 1 ? 4 : size, [0x0f, 0xc1], this.dst(4, true), this.rmDst(4, true)),
          () => { // CMPXCHG (with LOCK on memory), RAX sometimes made equal to the destination first
            const rm = this.rmDst(size, rex);
            const mem = !("reg" in rm);
            const op = encode(size, [0x0f, 0xb0 | w], this.src(size, rex), rm, {
              rex,
              pfx: mem && r.chance(0.5) ? 0xf0 : undefined,
            });
            if (!r.chance(0.5)) return op;
            const load = encode(size === 1 ? 4 : size, [0x8b], 0, mem ? rm : { reg: rm.reg });
            return [...load, ...op];
          },
        ])();
      case 20: // NOPs
        return r.pick([[0x90], [0x0f, 0x1f, 0x40, 0x00], [0x66, 0x90]]);
      case 21: { // MOVS/STOS of every size, either direction: lea rsi/rdi, [rbx+disp8] first
        const lea = (reg: number): number[] => [0x48, 0x8d, 0x43 | (reg << 3), r.int(256)];
        const movs = r.chance(0.5);
        const op = (movs ? 0xa4 : 0xaa) | (size === 1 ? 0 : 1);
        const pre = size === 2 ? [0x66] : size === 8 ? [0x48] : [];
        const down = r.chance(0.3);
        return [
          ...lea(6),
          ...lea(7),
          ...(down ? [0xfd] : []),
          ...pre,
          op,
          ...(down ? [0xfc] : []),
        ];
      }
      case 23: { // BSF/BSR/TZCNT/LZCNT; XCHG with memory and rAX forms
        if (r.chance(0.6)) {
          const s = r.pick([4, 8]);
          return encode(s, [0x0f, r.pick([0xbc, 0xbd])], this.dst(s, true), this.rmSrc(s, true), {
            pfx: r.chance(0.4) ? 0xf3 : undefined,
          });
        }
        if (r.chance(0.5)) {
          return encode(size, [0x86 | w], this.dst(size, rex), this.mem(), { rex });
        }
        const n = this.dst(8, true);
        return [...encode(size === 1 ? 4 : size, [0x90 | (n & 7)], 0, { reg: n }).slice(0, -1)];
      }
      case 24: { // handler-run SSE and x87 forms reading a general register the block just wrote
        const lea = [0x48, 0x8d, 0x73, r.int(8) * 16]; // lea rsi, [rbx + 16k]
        const d = (): number => ((r.int(16) - 8) * 16) & 0xff;
        switch (r.int(3)) {
          case 0: // pavgb xmm, [rsi + disp8]
            return [...lea, 0x66, 0x0f, 0xe0, 0x46 | (r.int(8) << 3), d()];
          case 1: // fld qword [rsi + disp8]; fstp qword [rsi + disp8]
            return [...lea, 0xdd, 0x46, d(), 0xdd, 0x5e, d()];
          default: // cvtsi2ss xmm, esi / rsi
            return [
              ...lea,
              0xf3,
              ...(r.chance(0.5) ? [0x48] : []),
              0x0f,
              0x2a,
              0xc6 | (r.int(8) << 3),
            ];
        }
      }
      case 22: // now and then a conditional jump over a trap (an assertion); an untaken one stops
        return r.chance(0.3) ? [0x70 | r.int(16), 1, 0xf4] : [0x90];
      default: // MOV to memory with a 64-bit register
        return encode(8, [0x89], this.src(8, true), this.mem());
    }
  }

  sseArith(): number[] {
    const r = this.r;
    if (r.chance(0.4)) return this.sseInt();
    const op = r.pick([0x58, 0x59, 0x5c, 0x5e, 0x51, 0x54, 0x57, 0x14, 0x15]);
    const packed = op >= 0x54 || op <= 0x15 || r.chance(0.4);
    const rm: Rm = r.chance(0.3) ? this.mem(packed ? 16 : 8) : { reg: r.int(16) };
    return encode(4, [0x0f, op], r.int(16), rm, { pfx: packed ? 0x66 : 0xf2 });
  }

  /** Packed integer add/subtract, unpacks, PACKUSWB, and shifts by an immediate (edge counts included). */
  sseInt(): number[] {
    const r = this.r;
    if (r.chance(0.5)) {
      const g = r.pick([0x71, 0x72, 0x73]);
      const digit = r.pick(g === 0x73 ? [2, 3, 6, 7] : [2, 4, 6]);
      const imm = r.chance(0.5) ? r.pick([0, 1, 4, 8, 15, 16, 31, 32, 33, 63, 64, 255]) : r.int(70);
      return [...encode(4, [0x0f, g], digit, { reg: r.int(16) }, { pfx: 0x66 }), imm];
    }
    const op = r.pick([
      0xfe,
      0xfa,
      0xd4,
      0xfb,
      0x60,
      0x68,
      0x61,
      0x69,
      0x62,
      0x6a,
      0x6c,
      0x6d,
      0x67,
    ]);
    const rm: Rm = r.chance(0.3) ? this.mem(16) : { reg: r.int(16) };
    return encode(4, [0x0f, op], r.int(16), rm, { pfx: 0x66 });
  }

  sseMove(): number[] {
    const r = this.r;
    const x = r.int(16);
    return r.pick([
      () =>
        encode(4, [0x0f, 0x10], x, r.chance(0.5) ? this.mem(8) : { reg: r.int(16) }, { pfx: 0xf2 }),
      () =>
        encode(4, [0x0f, 0x11], x, r.chance(0.5) ? this.mem(8) : { reg: r.int(16) }, { pfx: 0xf2 }),
      () =>
        encode(4, [0x0f, 0x28], x, r.chance(0.5) ? this.mem(16) : { reg: r.int(16) }, {
          pfx: 0x66,
        }),
      () => encode(4, [0x0f, 0x29], x, this.mem(r.chance(0.8) ? 16 : 8), {}),
      () => encode(4, [0x0f, 0x10], x, this.mem(), {}),
      () => encode(4, [0x0f, 0x11], x, this.mem(), { pfx: 0x66 }),
      () => encode(r.pick([4, 8]), [0x0f, 0x6e], x, this.rmSrc(4, true), { pfx: 0x66 }),
      () => encode(r.pick([4, 8]), [0x0f, 0x7e], x, this.rmDst(4, true), { pfx: 0x66 }),
      () => encode(4, [0x0f, 0x7e], x, this.mem(), { pfx: 0xf3 }),
      () =>
        encode(4, [0x0f, 0xd6], x, r.chance(0.5) ? this.mem() : { reg: r.int(16) }, { pfx: 0x66 }),
      () => encode(4, [0x0f, 0xef], x, { reg: r.int(16) }, { pfx: 0x66 }),
      () => encode(4, [0x0f, 0x16], x, this.mem(), { pfx: 0x66 }),
      () =>
        encode(4, [0x0f, r.pick([0xfe, 0xfa, 0xd4, 0x60, 0x61, 0x62, 0x6c, 0x74, 0x67, 0xda])], x, {
          reg: r.int(16),
        }, { pfx: 0x66 }),
      () => [
        ...encode(4, [0x0f, r.pick([0x71, 0x72, 0x73])], r.pick([2, 4, 6]), { reg: x }, {
          pfx: 0x66,
        }),
        r.int(40),
      ],
      () => [...encode(4, [0x0f, 0x70], x, { reg: r.int(16) }, { pfx: 0x66 }), r.int(256)],
      () => encode(r.pick([4, 8]), [0x0f, 0xd7], this.dst(4, true), { reg: x }, { pfx: 0x66 }),
      () =>
        encode(4, [0x0f, r.pick([0x58, 0x59, 0x5d, 0x5f])], x, { reg: r.int(16) }, {
          pfx: r.pick([0xf3, 0x66]),
        }),
    ])();
  }

  /** A loop of `n` random instructions run R15 times, with forward Jcc skips, then HLT. */
  program(n: number): number[] {
    const body: number[] = [];
    for (let i = 0; i < n; i++) {
      const ins = this.insn();
      if (this.r.chance(0.12)) {
        const skipped = this.insn();
        body.push(0x70 | this.r.int(16), skipped.length, ...skipped);
      }
      body.push(...ins);
      // Observe all flags now and then (pushfq; pop rdx), so flag bugs cannot hide behind
      // later flag writes.
      if (this.r.chance(0.2)) body.push(0x9c, 0x5a);
    }
    // dec r15d; jnz loop (rel32); hlt
    const back = -(body.length + 3 + 6);
    return [...body, 0x41, 0xff, 0xcf, 0x0f, 0x85, ...le(back >>> 0, 4), 0xf4];
  }
}

const SPECIAL = [
  0,
  -0,
  1,
  -1.5,
  2.5,
  1e308,
  -1e-308,
  5e-324,
  Infinity,
  -Infinity,
  NaN,
  3.141592653589793,
];

/** A fresh machine state for `code`, randomized from `seed` (identical for equal seeds). */
function state(code: number[], seed: number): Ctx {
  const r = new Rng(seed);
  const cpu = new Cpu(), mem = new Memory();
  mem.map(CODE, 0x10000, PROT_READ | PROT_EXEC, 0);
  const [dataAt, base] = dataLayout(seed);
  mem.map(dataAt, 0x2000, PROT_READ | PROT_WRITE, 0);
  mem.map(STACK_TOP - 0x10000, 0x10000, PROT_READ | PROT_WRITE, 0);
  mem.writeBytes(CODE, Uint8Array.from(code), true);
  const data = new Uint8Array(0x2000);
  for (let i = 0; i < data.length; i++) data[i] = r.int(256);
  const f64 = new Float64Array(data.buffer);
  for (let i = 0; i < f64.length; i += 3) {
    f64[i] = r.chance(0.5) ? r.pick(SPECIAL) : (r.next() - 2 ** 31) / 977;
  }
  mem.writeBytes(dataAt, data);
  for (let i = 0; i < 32; i++) {
    cpu.r[i] = r.chance(0.2) ? r.pick([0, 1, 0x7fffffff, 0x80000000, 0xffffffff]) : r.next();
  }
  setReg64Num(cpu, RBX, base);
  // Segment bases: mostly keeping FS/GS-relative accesses in the data pages (across the 4 GiB line
  // with the second layout above), sometimes elsewhere (a fault).
  cpu.fsBase = r.pick([0, 0x10, 0x40, 0x100, 0x100000000]);
  cpu.gsBase = r.pick([0, 0x20, 0x80, 0x7ff000000000]);
  setReg64Num(cpu, R13, r.int(16));
  setReg64Num(cpu, R15, 1 + r.int(8));
  setReg64Num(cpu, RSP, STACK_TOP - 0x800);
  const xf = new Float64Array(cpu.xmm.buffer);
  for (let i = 0; i < 32; i++) {
    if (r.chance(0.7)) xf[i] = r.chance(0.3) ? r.pick(SPECIAL) : (r.next() - 2 ** 31) / 1031;
    else cpu.xmm[2 * i] = r.next(), cpu.xmm[2 * i + 1] = r.next();
  }
  // MXCSR: mostly default or with PE already set; sometimes other rounding, DAZ/FTZ, unmasked PE.
  cpu.mxcsr = r.pick([0x1f80, 0x1fa0, 0x1fa0, 0x3fa0, 0x9fe0, 0x1f80 | 0x20 | 0x40, 0x0fa0]);
  setFlagsDirect(cpu, r.next() & 0x8d5);
  cpu.rip = CODE;
  return { cpu, mem };
}

/** Run to a stop or `budget` instructions with the interpreter or a translator. */
function exec(ctx: Ctx, budget: number, jit: Jit | null): Stop {
  const end = ctx.cpu.icount + budget;
  for (;;) {
    const left = end - ctx.cpu.icount;
    if (left <= 0) return Stop.Budget;
    const stop = jit === null ? run(ctx, left) : jit.run(ctx, left);
    if (stop !== Stop.Budget) return stop;
  }
}

function check(seed: number): void {
  const g = new Gen(new Rng(seed * 7919 + 17));
  const code = g.program(4 + (seed % 29));
  const budgets = [1_000_000, 1 + (seed * 37) % 60];
  for (const budget of budgets) {
    for (const threshold of [1, 3]) {
      const a = state(code, seed), b = state(code, seed);
      const jit = new Jit({ threshold });
      // Warm the translator on a first pass so that later entries run translated code.
      const sa = exec(a, budget, jit);
      const sb = exec(b, budget, null);
      const where = `seed ${seed}, budget ${budget}, threshold ${threshold}: code ${
        code.map((x) => x.toString(16).padStart(2, "0")).join(" ")
      }`;
      assert.equal(sa, sb, `stop differs; ${where}`);
      assert.equal(diffCpu(a.cpu, b.cpu), null, where);
      assert.equal(diffMemory(a.mem, b.mem), null, where);
      if (sa === Stop.Fault) {
        assert.deepEqual(
          [a.cpu.faultSignal, a.cpu.faultCode, a.cpu.faultAddr],
          [b.cpu.faultSignal, b.cpu.faultCode, b.cpu.faultAddr],
          where,
        );
      }
    }
  }
}

const FIRST = Number(Deno.env.get("FUZZ_SEED") ?? "1");
const COUNT = Number(Deno.env.get("FUZZ_PROGRAMS") ?? "400");

Deno.test("translator fuzz: random programs agree with the interpreter", () => {
  for (let s = FIRST; s < FIRST + COUNT; s++) check(s);
});

Deno.test("translator sweep: every shift and rotate count (immediate and CL), size and operation", () => {
  const r = new Rng(99);
  for (const size of [1, 2, 4, 8]) {
    for (let digit = 0; digit < 8; digit++) {
      for (let count = 0; count < 144; count++) {
        const w = size === 1 ? 0 : 1;
        // Counts 0-71 as an immediate, then the same counts in CL (mov ecx, count; shift by CL).
        const shift = count < 72
          ? [...encode(size, [0xc0 | w], digit, { reg: 0 }), count]
          : [0xb9, ...le(count - 72, 4), ...encode(size, [0xd2 | w], digit, { reg: 0 })];
        // rax = random; shift; pushfq; pop rdx; hlt  (run twice so the block is translated)
        const code = [
          0x48,
          0xb8,
          ...le(r.next(), 4),
          ...le(r.next(), 4),
          ...shift,
          0x9c,
          0x5a,
          0xf4,
        ];
        const a = state(code, count), b = state(code, count);
        const jit = new Jit({ threshold: 1 });
        assert.equal(exec(a, 1000, jit), exec(b, 1000, null));
        const where = `size ${size} /${digit} count ${count}`;
        assert.equal(diffCpu(a.cpu, b.cpu), null, where);
        assert.ok(jit.stats.translations === 1, where);
      }
    }
  }
});
