/**
 * Specialised emitters for the common SSE2 instructions: register and memory
 * moves, bitwise logic and unpacks, and double-precision arithmetic.
 *
 * XMM registers stay in `Cpu.xmm` (`X`, with the Float64Array view `XF`).
 * Arithmetic runs on host doubles only where the host result is provably the
 * SSE result with no MXCSR change: round-to-nearest without DAZ/FTZ, the
 * precision exception already flagged and masked, finite normal (or zero)
 * operands and a normal (or exact zero) result. Anything else, including a
 * memory operand that misses the TLB, calls the interpreter's handler, which
 * handles NaNs, denormals, exceptions and rounding modes exactly.
 * @module
 */

import { MAP_0F, opIndex, PFX_66, PFX_F2, PFX_F3, PFX_NONE } from "../../decoder/insn.ts";
import { handlers } from "../handlers.ts";
import { KILLS, memFx, type OpSpec, READS, specPfx, specs } from "./spec.ts";

const sse = (map: number, byte: number, pfx: number, s: OpSpec): void => specPfx(map, byte, pfx, s);

/** Smallest normal double: results at or below it in magnitude may be tiny. */
const MIN = "2.2250738585072014e-308";
/**
 * `x` is not a denormal (no DE). NaN and infinite operands pass: they make
 * every result below fail its own check, except where that result is exact.
 */
const notDenormal = (x: string): string => `!(Math.abs(${x})<${MIN}&&${x}!==0)`;
/** `x` is ±0 or a finite normal double (for compares, where no result check follows). */
const zeroOrNormal = (x: string): string => `(${x}===0||Math.abs(${x})>=${MIN}&&${x}-${x}===0)`;
/** `x` is a finite double above the normal range's bottom (no OE, UE, IE, denormal result). */
const normal = (x: string): string => `(Math.abs(${x})>${MIN}&&Math.abs(${x})<Infinity)`;
/**
 * MXCSR lets host doubles stand in: RC nearest, no DAZ/FTZ, PE set and masked.
 * Evaluated into the local `hf` at block entry and after handler calls (only
 * a handler can change MXCSR, and a handler's exceptions never clear PE).
 */
const HOST_FP = "hf";

// ---- moves ---------------------------------------------------------------------------------

/** 128-bit load into xmm(reg): register copy, or memory (`aligned`: #GP unless 16-aligned). */
function load128(aligned: boolean): OpSpec {
  return {
    ok: (d) => !d.lock,
    fx: memFx,
    emit(e, d) {
      const o = d.reg << 2;
      if (d.mod === 3) {
        const s = d.rm << 2;
        e.emit(
          `X[${o}]=X[${s}];X[${o + 1}]=X[${s + 1}];X[${o + 2}]=X[${s + 2}];X[${o + 3}]=X[${
            s + 3
          }];`,
        );
        return;
      }
      e.addr(d);
      if (aligned) e.alignCheck();
      e.load128(o);
    },
  };
}

/** 128-bit store of xmm(reg) to r/m. */
function store128(aligned: boolean): OpSpec {
  return {
    ok: (d) => !d.lock,
    fx: memFx,
    emit(e, d) {
      const o = d.reg << 2;
      if (d.mod === 3) {
        const t = d.rm << 2;
        e.emit(
          `X[${t}]=X[${o}];X[${t + 1}]=X[${o + 1}];X[${t + 2}]=X[${o + 2}];X[${t + 3}]=X[${
            o + 3
          }];`,
        );
        return;
      }
      e.addr(d);
      if (aligned) e.alignCheck();
      e.store128(o);
    },
  };
}

for (const p of [PFX_NONE, PFX_66]) {
  sse(MAP_0F, 0x10, p, load128(false)); // MOVUPS / MOVUPD
  sse(MAP_0F, 0x11, p, store128(false));
  sse(MAP_0F, 0x28, p, load128(true)); // MOVAPS / MOVAPD
  sse(MAP_0F, 0x29, p, store128(true));
}
sse(MAP_0F, 0x6f, PFX_66, load128(true)); // MOVDQA
sse(MAP_0F, 0x7f, PFX_66, store128(true));
sse(MAP_0F, 0x6f, PFX_F3, load128(false)); // MOVDQU
sse(MAP_0F, 0x7f, PFX_F3, store128(false));

/** Load the low qword of the source (register or m64) into xmm(reg); `zeroHigh` as MOVQ/MOVSD-m64. */
function loadLow64(zeroHighFromReg: boolean): OpSpec {
  return {
    ok: (d) => !d.lock,
    fx: memFx,
    emit(e, d) {
      const o = d.reg << 2;
      if (d.mod === 3) {
        const s = d.rm << 2;
        e.emit(`X[${o}]=X[${s}];X[${o + 1}]=X[${s + 1}];`);
        if (zeroHighFromReg) e.emit(`X[${o + 2}]=0;X[${o + 3}]=0;`);
        return;
      }
      e.addr(d);
      const v = e.tmp(), vh = e.tmp();
      e.load(8, v, vh);
      e.emit(`X[${o}]=${v};X[${o + 1}]=${vh};X[${o + 2}]=0;X[${o + 3}]=0;`);
    },
  };
}
sse(MAP_0F, 0x10, PFX_F2, loadLow64(false)); // MOVSD xmm, xmm/m64
sse(MAP_0F, 0x7e, PFX_F3, loadLow64(true)); // MOVQ xmm, xmm/m64

/** Store the low qword of xmm(reg); a register destination keeps (MOVSD) or zeroes (MOVQ) its high qword. */
function storeLow64(zeroHigh: boolean): OpSpec {
  return {
    ok: (d) => !d.lock,
    fx: memFx,
    emit(e, d) {
      const o = d.reg << 2;
      if (d.mod === 3) {
        const t = d.rm << 2;
        e.emit(`X[${t}]=X[${o}];X[${t + 1}]=X[${o + 1}];`);
        if (zeroHigh) e.emit(`X[${t + 2}]=0;X[${t + 3}]=0;`);
        return;
      }
      e.addr(d);
      e.store(8, `X[${o}]`, `X[${o + 1}]`);
    },
  };
}
sse(MAP_0F, 0x11, PFX_F2, storeLow64(false)); // MOVSD xmm/m64, xmm
sse(MAP_0F, 0xd6, PFX_66, storeLow64(true)); // MOVQ xmm/m64, xmm

// MOVSS: a memory source zeroes the rest of the register, a register source merges.
sse(MAP_0F, 0x10, PFX_F3, {
  ok: (d) => !d.lock,
  fx: memFx,
  emit(e, d) {
    const o = d.reg << 2;
    if (d.mod === 3) {
      e.emit(`X[${o}]=X[${d.rm << 2}];`);
      return;
    }
    e.addr(d);
    const v = e.tmp();
    e.load(4, v);
    e.emit(`X[${o}]=${v};X[${o + 1}]=0;X[${o + 2}]=0;X[${o + 3}]=0;`);
  },
});
sse(MAP_0F, 0x11, PFX_F3, {
  ok: (d) => !d.lock,
  fx: memFx,
  emit(e, d) {
    const o = d.reg << 2;
    if (d.mod === 3) {
      e.emit(`X[${d.rm << 2}]=X[${o}];`);
      return;
    }
    e.addr(d);
    e.store(4, `X[${o}]`);
  },
});

// 66 0F 6E MOVD/MOVQ xmm, r/m32|64; 66 0F 7E MOVD/MOVQ r/m32|64, xmm.
sse(MAP_0F, 0x6e, PFX_66, {
  ok: (d) => !d.lock,
  fx: memFx,
  emit(e, d) {
    const o = d.reg << 2, size = d.rexW ? 8 : 4;
    let v: string, vh: string;
    if (d.mod === 3) {
      v = e.lo(d.rm);
      vh = size === 8 ? e.hi(d.rm) : "0";
    } else {
      e.addr(d);
      v = e.tmp();
      vh = size === 8 ? e.tmp() : "0";
      e.load(size, v, vh);
    }
    e.emit(`X[${o}]=${v};X[${o + 1}]=${vh};X[${o + 2}]=0;X[${o + 3}]=0;`);
  },
});
sse(MAP_0F, 0x7e, PFX_66, {
  ok: (d) => !d.lock,
  fx: memFx,
  emit(e, d) {
    const o = d.reg << 2, size = d.rexW ? 8 : 4;
    const v = e.tmp(), vh = e.tmp();
    e.emit(`${v}=X[${o}];${vh}=X[${o + 1}];`);
    if (d.mod === 3) e.setReg(d.rm, size, d.rex, v, vh);
    else {
      e.addr(d);
      e.store(size, v, vh);
    }
  },
});

// 66 0F 12/16 MOVLPD/MOVHPD xmm, m64 and 13/17 m64, xmm (memory forms only; 0F 12/16 with a
// register source are MOVHLPS/MOVLHPS: handler).
function loadHalf(half: number): OpSpec {
  return {
    ok: (d) => !d.lock && d.mod !== 3,
    fx: () => READS,
    emit(e, d) {
      const o = (d.reg << 2) + half;
      e.addr(d);
      const v = e.tmp(), vh = e.tmp();
      e.load(8, v, vh);
      e.emit(`X[${o}]=${v};X[${o + 1}]=${vh};`);
    },
  };
}
function storeHalf(half: number): OpSpec {
  return {
    ok: (d) => !d.lock && d.mod !== 3,
    fx: () => READS,
    emit(e, d) {
      const o = (d.reg << 2) + half;
      e.addr(d);
      e.store(8, `X[${o}]`, `X[${o + 1}]`);
    },
  };
}
for (const p of [PFX_NONE, PFX_66]) {
  sse(MAP_0F, 0x12, p, loadHalf(0));
  sse(MAP_0F, 0x16, p, loadHalf(2));
  sse(MAP_0F, 0x13, p, storeHalf(0));
  sse(MAP_0F, 0x17, p, storeHalf(2));
}

// ---- bitwise logic and unpacks (no exceptions) ----------------------------------------------

/**
 * A 128-bit operation of xmm(reg) and an aligned r/m source, computed
 * dword-wise: `lane(i, a, b)` gives dword i of the result from the source
 * dword expressions `a[i]`, `b[i]` (source read first, so reg = rm works).
 */
function binary128(lane: (i: number, a: string[], b: string[]) => string): OpSpec {
  return {
    ok: (d) => !d.lock,
    fx: memFx,
    emit(e, d) {
      const o = d.reg << 2;
      const b: string[] = [];
      if (d.mod === 3) {
        const s = d.rm << 2;
        for (let i = 0; i < 4; i++) {
          const t = e.tmp();
          e.emit(`${t}=X[${s + i}];`);
          b.push(t);
        }
      } else {
        e.addr(d);
        e.alignCheck();
        const v = e.tmp(), vh = e.tmp(), w = e.tmp(), wh = e.tmp();
        e.load(8, v, vh);
        e.emit("al=(al+8)>>>0;");
        e.load(8, w, wh);
        b.push(v, vh, w, wh);
      }
      const a: string[] = [];
      for (let i = 0; i < 4; i++) {
        const t = e.tmp();
        e.emit(`${t}=X[${o + i}];`);
        a.push(t);
      }
      let s = "";
      for (let i = 0; i < 4; i++) s += `X[${o + i}]=${lane(i, a, b)};`;
      e.emit(s);
    },
  };
}

const bitwise = (op: string) => binary128((i, a, b) => `(${a[i]}${op}${b[i]})>>>0`);
for (const p of [PFX_NONE, PFX_66]) {
  sse(MAP_0F, 0x54, p, bitwise("&")); // ANDPS / ANDPD
  sse(MAP_0F, 0x55, p, binary128((i, a, b) => `(~${a[i]}&${b[i]})>>>0`)); // ANDNPS / ANDNPD
  sse(MAP_0F, 0x56, p, bitwise("|")); // ORPS / ORPD
  sse(MAP_0F, 0x57, p, bitwise("^")); // XORPS / XORPD
}
sse(MAP_0F, 0xdb, PFX_66, bitwise("&")); // PAND
sse(MAP_0F, 0xdf, PFX_66, binary128((i, a, b) => `(~${a[i]}&${b[i]})>>>0`)); // PANDN
sse(MAP_0F, 0xeb, PFX_66, bitwise("|")); // POR
sse(MAP_0F, 0xef, PFX_66, bitwise("^")); // PXOR
// UNPCKLPD / UNPCKHPD: low (high) qwords of destination and source.
sse(MAP_0F, 0x14, PFX_66, binary128((i, a, b) => (i < 2 ? a[i] : b[i - 2])));
sse(MAP_0F, 0x15, PFX_66, binary128((i, a, b) => (i < 2 ? a[i + 2] : b[i])));
// UNPCKLPS / UNPCKHPS: interleaved low (high) dwords.
sse(MAP_0F, 0x14, PFX_NONE, binary128((i, a, b) => ((i & 1) === 0 ? a[i >> 1] : b[i >> 1])));
sse(
  MAP_0F,
  0x15,
  PFX_NONE,
  binary128((i, a, b) => ((i & 1) === 0 ? a[2 + (i >> 1)] : b[2 + (i >> 1)])),
);

// ---- packed integer arithmetic, unpacks and shifts by an immediate ---------------------------

/** Word `h` (0 low, 1 high) of dword expression `x`. */
const word = (x: string, h: number): string => (h === 0 ? `(${x}&65535)` : `(${x}>>>16)`);
/** Byte `j` (0..3) of dword expression `x`. */
const byteOf = (x: string, j: number): string => `((${x}>>>${8 * j})&255)`;

// PADDD / PSUBD / PADDQ / PSUBQ (carries between the dwords of a qword from the operands).
sse(MAP_0F, 0xfe, PFX_66, binary128((i, a, b) => `(${a[i]}+${b[i]})>>>0`));
sse(MAP_0F, 0xfa, PFX_66, binary128((i, a, b) => `(${a[i]}-${b[i]})>>>0`));
sse(
  MAP_0F,
  0xd4,
  PFX_66,
  binary128((i, a, b) =>
    (i & 1) === 0
      ? `(${a[i]}+${b[i]})>>>0`
      : `(${a[i]}+${b[i]}+(${a[i - 1]}+${b[i - 1]}>4294967295?1:0))>>>0`
  ),
);
sse(
  MAP_0F,
  0xfb,
  PFX_66,
  binary128((i, a, b) =>
    (i & 1) === 0 ? `(${a[i]}-${b[i]})>>>0` : `(${a[i]}-${b[i]}-(${a[i - 1]}<${b[i - 1]}?1:0))>>>0`
  ),
);
// PUNPCKL/HBW: bytes of the low (high) halves interleaved, destination first.
for (const [byte, base] of [[0x60, 0], [0x68, 8]]) {
  sse(
    MAP_0F,
    byte,
    PFX_66,
    binary128((i, a, b) => {
      const j = base + 2 * i, x = j >> 2, y = (j + 1) >> 2;
      return `(${byteOf(a[x], j & 3)}|(${byteOf(b[x], j & 3)}<<8)|(${
        byteOf(a[y], (j + 1) & 3)
      }<<16)|` +
        `(${byteOf(b[y], (j + 1) & 3)}<<24))>>>0`;
    }),
  );
}
// PUNPCKL/HWD: words interleaved.
for (const [byte, base] of [[0x61, 0], [0x69, 4]]) {
  sse(
    MAP_0F,
    byte,
    PFX_66,
    binary128((i, a, b) => {
      const w = base + i, x = w >> 1;
      return `(${word(a[x], w & 1)}|(${word(b[x], w & 1)}<<16))>>>0`;
    }),
  );
}
// PUNPCKL/HDQ, PUNPCKL/HQDQ: dwords and qwords interleaved.
sse(MAP_0F, 0x62, PFX_66, binary128((i, a, b) => ((i & 1) === 0 ? a[i >> 1] : b[i >> 1])));
sse(
  MAP_0F,
  0x6a,
  PFX_66,
  binary128((i, a, b) => ((i & 1) === 0 ? a[2 + (i >> 1)] : b[2 + (i >> 1)])),
);
sse(MAP_0F, 0x6c, PFX_66, binary128((i, a, b) => (i < 2 ? a[i] : b[i - 2])));
sse(MAP_0F, 0x6d, PFX_66, binary128((i, a, b) => (i < 2 ? a[i + 2] : b[i])));
// PACKUSWB: signed words of destination then source, saturated to unsigned bytes.
sse(
  MAP_0F,
  0x67,
  PFX_66,
  binary128((i, a, b) => {
    const src = i < 2 ? a : b;
    const parts: string[] = [];
    for (let k = 0; k < 4; k++) {
      const w = 4 * (i & 1) + k, x = src[w >> 1];
      const sw = (w & 1) === 0 ? `((${x}<<16)>>16)` : `(${x}>>16)`;
      parts.push(`(Math.min(255,Math.max(0,${sw}))<<${8 * k})`);
    }
    return `(${parts.join("|")})>>>0`;
  }),
);

/**
 * Statements setting dword `o + i` (i = 0..3) of X to the shift of its old
 * value (temporaries `v`) by the constant `c`, for shift group `byte` /`op`;
 * null when the form is left to the handler (byte shifts by a count that is
 * not a whole number of dwords).
 */
function shiftImm(byte: number, op: number, c: number, o: number, v: string[]): string | null {
  let s = "";
  const set = (i: number, expr: string): void => {
    s += `X[${o + i}]=${expr};`;
  };
  if (byte === 0x71) { // words
    for (let i = 0; i < 4; i++) {
      const x = v[i];
      if (op === 4) {
        const k = Math.min(c, 15);
        set(i, `((((${x}<<16)>>16)>>${k})&65535|(((${x}>>16)>>${k})<<16))>>>0`);
      } else if (c > 15) set(i, "0");
      else if (op === 2) set(i, `((${word(x, 0)}>>>${c})|((${x}>>>${16 + c})<<16))>>>0`);
      else set(i, `(((${x}<<${c})&65535)|((${word(x, 1)}<<${c})<<16))>>>0`);
    }
    return s;
  }
  if (byte === 0x72) { // dwords
    for (let i = 0; i < 4; i++) {
      const x = v[i];
      if (op === 4) set(i, `(${x}>>${Math.min(c, 31)})>>>0`);
      else if (c > 31) set(i, "0");
      else set(i, op === 2 ? `${x}>>>${c}` : `(${x}<<${c})>>>0`);
    }
    return s;
  }
  if (op === 2 || op === 6) { // PSRLQ / PSLLQ: qwords
    for (let q = 0; q < 4; q += 2) {
      const lo = v[q], hi = v[q + 1];
      if (c > 63) set(q, "0"), set(q + 1, "0");
      else if (c === 0) set(q, lo), set(q + 1, hi);
      else if (op === 2) {
        if (c >= 32) set(q, `${hi}>>>${c - 32}`), set(q + 1, "0");
        else set(q, `((${lo}>>>${c})|(${hi}<<${32 - c}))>>>0`), set(q + 1, `${hi}>>>${c}`);
      } else {
        if (c >= 32) set(q + 1, `(${lo}<<${c - 32})>>>0`), set(q, "0");
        else set(q + 1, `((${hi}<<${c})|(${lo}>>>${32 - c}))>>>0`), set(q, `(${lo}<<${c})>>>0`);
      }
    }
    return s;
  }
  // PSRLDQ (/3) / PSLLDQ (/7): whole dwords only.
  const n = Math.min(c, 16);
  if (n % 4 !== 0) return null;
  const k = n >> 2;
  for (let i = 0; i < 4; i++) {
    const from = op === 3 ? i + k : i - k;
    set(i, from >= 0 && from < 4 ? v[from] : "0");
  }
  return s;
}

/** The /digit forms of 66 0F 71, 72 and 73 that exist (others are #UD: handler). */
const SHIFT_OPS: Record<number, number[]> = {
  0x71: [2, 4, 6],
  0x72: [2, 4, 6],
  0x73: [2, 3, 6, 7],
};

for (const byte of [0x71, 0x72, 0x73]) {
  sse(MAP_0F, byte, PFX_66, {
    ok: (d) =>
      !d.lock && d.mod === 3 && SHIFT_OPS[byte].includes(d.reg & 7) &&
      shiftImm(byte, d.reg & 7, d.imm & 255, 0, ["a", "b", "c", "d"]) !== null,
    fx: () => 0,
    emit(e, d) {
      const o = d.rm << 2, v: string[] = [];
      for (let i = 0; i < 4; i++) {
        const t = e.tmp();
        e.emit(`${t}=X[${o + i}];`);
        v.push(t);
      }
      e.emit(shiftImm(byte, d.reg & 7, d.imm & 255, o, v)!);
    },
  });
}

// ---- double-precision arithmetic --------------------------------------------------------------

/** Host-double kernel of an arithmetic opcode: result expression and the extra fast-path condition. */
interface FpKernel {
  /** Result from destination lane `a` and source lane `b`. */
  res: (a: string, b: string) => string;
  /** Condition (given zero-or-normal operands where required) that the result is exact IEEE with no flag but PE. */
  ok: (a: string, b: string, r: string) => string;
  /** Only the source is an operand (SQRT). */
  unary: boolean;
}

// A zero result is exact only from an exact cancellation (a + -a: both operands finite, as a
// NaN or infinity cannot cancel), a zero factor, or a zero dividend (with a finite divisor).
const FP: Record<number, FpKernel> = {
  0x58: {
    res: (a, b) => `${a}+${b}`,
    ok: (a, b, r) => `${notDenormal(a)}&&${notDenormal(b)}&&(${normal(r)}||${r}===0)`,
    unary: false,
  },
  0x5c: {
    res: (a, b) => `${a}-${b}`,
    ok: (a, b, r) => `${notDenormal(a)}&&${notDenormal(b)}&&(${normal(r)}||${r}===0)`,
    unary: false,
  },
  0x59: {
    res: (a, b) => `${a}*${b}`,
    ok: (a, b, r) =>
      `${notDenormal(a)}&&${notDenormal(b)}&&(${normal(r)}||${r}===0&&(${a}===0||${b}===0))`,
    unary: false,
  },
  0x5e: {
    res: (a, b) => `${a}/${b}`,
    ok: (a, b, r) =>
      `${notDenormal(a)}&&${notDenormal(b)}&&${b}!==0&&(${normal(r)}||${r}===0&&${a}===0)`,
    unary: false,
  },
  0x51: {
    res: (_a, b) => `Math.sqrt(${b})`,
    ok: (_a, b) => `(${b}===0||${b}>=${MIN}&&${b}<Infinity)`,
    unary: true,
  },
};

/**
 * Scalar (`lanes` 1, F2 prefix) or packed (`lanes` 2, 66 prefix) double
 * arithmetic: host doubles when provably exact, else the handler.
 */
function fpArith(k: FpKernel, lanes: number): OpSpec {
  return {
    ok: (d) => !d.lock,
    fx: () => READS,
    emit(e, d) {
      const o = d.reg << 1;
      const b: string[] = [];
      for (let i = 0; i < lanes; i++) b.push(e.tmp());
      if (d.mod === 3) {
        let s = "ok=1;";
        for (let i = 0; i < lanes; i++) s += `${b[i]}=XF[${(d.rm << 1) + i}];`;
        e.emit(s);
      } else {
        e.addr(d);
        // Packed forms need a 16-aligned operand; a misaligned one goes to the handler (#GP).
        const load = lanes === 1
          ? `${b[0]}=dv.getFloat64(of,true);`
          : `${b[0]}=dv.getFloat64(of,true);${b[1]}=dv.getFloat64(of+8,true);`;
        if (lanes === 2) e.emit("if((al&15)!==0){ok=0;}else{");
        e.tryLoad(8 * lanes, load);
        if (lanes === 2) e.emit("}");
      }
      const a: string[] = [], r: string[] = [], conds: string[] = [];
      for (let i = 0; i < lanes; i++) {
        const ai = e.tmp(), ri = e.tmp();
        e.emit(`${ai}=XF[${o + i}];${ri}=${k.res(ai, b[i])};`);
        a.push(ai);
        r.push(ri);
        conds.push(k.ok(ai, b[i], ri));
      }
      let commit = "";
      for (let i = 0; i < lanes; i++) commit += `XF[${o + i}]=${r[i]};`;
      e.emit(`if(ok===1&&${HOST_FP}&&${conds.join("&&")}){${commit}}else{${e.handlerCall()}}`);
    },
  };
}

for (const byte of [0x58, 0x59, 0x5c, 0x5e, 0x51]) {
  sse(MAP_0F, byte, PFX_F2, fpArith(FP[byte], 1));
  sse(MAP_0F, byte, PFX_66, fpArith(FP[byte], 2));
}

// 66 0F 2E UCOMISD / 2F COMISD: ZF PF CF = 000 greater, 001 less, 100 equal (111 unordered
// and the denormal/NaN exceptions: handler). OF SF AF are cleared.
const comisd: OpSpec = {
  ok: (d) => !d.lock,
  fx: () => READS | KILLS,
  emit(e, d) {
    const a = e.tmp(), b = e.tmp(), f = e.tmp();
    if (d.mod === 3) e.emit(`ok=1;${b}=XF[${d.rm << 1}];`);
    else {
      e.addr(d);
      e.tryLoad(8, `${b}=dv.getFloat64(of,true);`);
    }
    e.emit(`${a}=XF[${d.reg << 1}];`);
    e.emit(
      `if(ok===1&&${zeroOrNormal(a)}&&${zeroOrNormal(b)}){${f}=${a}<${b}?1:${a}>${b}?0:64;}` +
        `else{${e.handlerCall()}${f}=cpu.ccRes;}`,
    );
    e.setEflags(f);
  },
};
sse(MAP_0F, 0x2e, PFX_66, comisd);
sse(MAP_0F, 0x2f, PFX_66, comisd);

// F2 0F 2A CVTSI2SD xmm, r/m32|64: exact for 32-bit sources and 64-bit ones below 2^53.
sse(MAP_0F, 0x2a, PFX_F2, {
  ok: (d) => !d.lock,
  fx: () => READS,
  emit(e, d) {
    const o = d.reg << 1;
    let v: string, vh = "0";
    if (d.mod === 3) {
      v = e.lo(d.rm);
      if (d.rexW) vh = e.hi(d.rm);
    } else {
      e.addr(d);
      v = e.tmp();
      if (d.rexW) vh = e.tmp();
      e.load(d.rexW ? 8 : 4, v, vh);
    }
    if (!d.rexW) {
      e.emit(`XF[${o}]=${v}|0;`);
      return;
    }
    const x = e.tmp();
    e.emit(
      `${x}=(${vh}|0)*4294967296+${v};if(${x}<=9007199254740992&&${x}>=-9007199254740992)` +
        `XF[${o}]=${x};else{${e.handlerCall()}}`,
    );
  },
});

// F2 0F 2C CVTTSD2SI r32|64, xmm/m64: in range and exact (or PE already set and masked).
sse(MAP_0F, 0x2c, PFX_F2, {
  ok: (d) => !d.lock,
  fx: () => READS,
  emit(e, d) {
    const v = e.tmp(), r = e.tmp(), lo = e.tmp(), hi = e.tmp();
    if (d.mod === 3) e.emit(`ok=1;${v}=XF[${d.rm << 1}];`);
    else {
      e.addr(d);
      e.tryLoad(8, `${v}=dv.getFloat64(of,true);`);
    }
    const lim = d.rexW ? "9007199254740992" : "2147483648";
    // Denormal operands (DE) and out-of-range ones (IE) go to the handler.
    e.emit(
      `${r}=Math.trunc(${v});if(ok===1&&${zeroOrNormal(v)}&&${r}<${lim}&&${r}>=-${lim}&&` +
        `(${r}===${v}||(cpu.mxcsr&0x1020)===0x1020)){${lo}=${r}>>>0;` +
        `${hi}=Math.floor(${r}/4294967296)>>>0;}else{${e.handlerCall()}` +
        `${lo}=R[${2 * d.reg}];${hi}=R[${2 * d.reg + 1}];}`,
    );
    e.setReg(d.reg, d.rexW ? 8 : 4, d.rex, lo, hi);
  },
});

// ---- PMOVMSKB -------------------------------------------------------------------------------

// 66 0F D7 PMOVMSKB r32, xmm: the sign bits of the 16 bytes (glibc's string functions test
// every vector compare with it); the destination is zero-extended.
sse(MAP_0F, 0xd7, PFX_66, {
  ok: (d) => d.mod === 3,
  fx: () => 0,
  emit(e, d) {
    const s = d.rm << 2, m = e.tmp(), w = e.tmp();
    e.emit(`${m}=0;`);
    for (let i = 0; i < 4; i++) {
      e.emit(
        `${w}=X[${s + i}];${m}|=(((${w}>>>7)&1)|((${w}>>>14)&2)|((${w}>>>21)&4)|((${w}>>>28)&8))` +
          `<<${4 * i};`,
      );
    }
    e.setReg(d.reg, 4, true, m, "0");
  },
});

// ---- everything else that only reads/writes XMM state --------------------------------------

/**
 * SSE/SSE2 instructions whose handlers change nothing but XMM registers and
 * MXCSR (no general register, flag, memory store or RIP): translated as a
 * bare handler call. The general registers it may read (address, or the
 * source of CVTSI2SS) are stored first; a fault is caught by the block.
 */
const xmmOnly: OpSpec = {
  ok: () => true,
  fx: () => READS,
  emit(e, d) {
    // Register forms name XMM registers, except CVTSI2SS's general-register source.
    if (d.mod !== 3 || d.byte === 0x2a) e.syncOperands(d);
    e.emit(`${e.constant(handlers[d.op])}(ctx,${e.local(d)});`);
  },
};

/** Does this slot take `xmmOnly` (only where no specialised emitter is registered)? */
function xmmOnlySlot(byte: number, pfx: number): boolean {
  if (pfx === PFX_66) {
    if (byte >= 0x60 && byte <= 0x6d) return true;
    if (byte >= 0x70 && byte <= 0x76) return true;
    if (byte >= 0xd1 && byte <= 0xfe) return ![0xd6, 0xd7, 0xe7, 0xf7].includes(byte);
  }
  if (byte === 0x70 && (pfx === PFX_F2 || pfx === PFX_F3)) return true;
  // Packed/scalar single and double arithmetic, compares, shuffles, conversions between XMM.
  if (
    [0x51, 0x52, 0x53, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0xc2, 0xc6].includes(byte)
  ) {
    return true;
  }
  if (byte === 0xe6 && pfx !== PFX_NONE) return true;
  return byte === 0x2a && pfx === PFX_F3;
}

for (const pfx of [PFX_NONE, PFX_66, PFX_F3, PFX_F2]) {
  for (let byte = 0; byte < 256; byte++) {
    if (xmmOnlySlot(byte, pfx) && specs[opIndex(MAP_0F, byte, pfx)] === undefined) {
      sse(MAP_0F, byte, pfx, xmmOnly);
    }
  }
}
