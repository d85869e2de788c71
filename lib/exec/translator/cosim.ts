/**
 * Co-simulation support: exact comparison of the architectural state of two
 * CPUs and two address spaces, used to run the translator in lock-step with
 * the reference interpreter (tests/unit/translator_cosim_test.ts) and
 * to report the first divergence precisely.
 * @module
 */

import type { Cpu } from "../cpu.ts";
import { getRflags } from "../flags.ts";
import { type Memory, PAGE_SIZE } from "../memory.ts";

const REG_NAMES = [
  "rax",
  "rcx",
  "rdx",
  "rbx",
  "rsp",
  "rbp",
  "rsi",
  "rdi",
  "r8",
  "r9",
  "r10",
  "r11",
  "r12",
  "r13",
  "r14",
  "r15",
];

const hex = (v: number): string => `0x${v.toString(16)}`;

/** The first architectural difference between two CPUs, or null if they agree exactly. */
export function diffCpu(a: Cpu, b: Cpu): string | null {
  for (let i = 0; i < 32; i++) {
    if (a.r[i] !== b.r[i]) {
      const n = REG_NAMES[i >> 1], h = (i & 1) === 0 ? "low" : "high";
      return `${n} ${h} half: ${hex(a.r[i])} vs ${hex(b.r[i])}`;
    }
  }
  const scalars: [string, number, number][] = [
    ["rip", a.rip, b.rip],
    ["rflags", getRflags(a), getRflags(b)],
    ["icount", a.icount, b.icount],
    ["fsBase", a.fsBase, b.fsBase],
    ["gsBase", a.gsBase, b.gsBase],
    ["mxcsr", a.mxcsr, b.mxcsr],
    ["fpuCw", a.fpuCw, b.fpuCw],
    ["fpuSw", a.fpuSw, b.fpuSw],
    ["fpuTop", a.fpuTop, b.fpuTop],
    ["fpuTag", a.fpuTag, b.fpuTag],
    ["fpuIp", a.fpuIp, b.fpuIp],
    ["fpuDp", a.fpuDp, b.fpuDp],
    ["fpuOp", a.fpuOp, b.fpuOp],
  ];
  for (const [n, x, y] of scalars) if (x !== y) return `${n}: ${hex(x)} vs ${hex(y)}`;
  for (let i = 0; i < 64; i++) {
    if (a.xmm[i] !== b.xmm[i]) {
      return `xmm${i >> 2} dword ${i & 3}: ${hex(a.xmm[i])} vs ${hex(b.xmm[i])}`;
    }
  }
  for (let i = 0; i < 40; i++) {
    if (a.fpr[i] !== b.fpr[i]) return `x87 R${Math.floor(i / 5)} word ${i % 5} differs`;
  }
  return null;
}

const ZERO_PAGE = new Uint8Array(PAGE_SIZE);

/**
 * The first difference between two address spaces: mappings, then page
 * contents (a page one side never materialized counts as zeros), or null.
 */
export function diffMemory(a: Memory, b: Memory): string | null {
  if (a.vmas.length !== b.vmas.length) return `${a.vmas.length} vs ${b.vmas.length} mappings`;
  for (let i = 0; i < a.vmas.length; i++) {
    const x = a.vmas[i], y = b.vmas[i];
    if (x.start !== y.start || x.end !== y.end || x.prot !== y.prot) {
      return `mapping ${i}: ${hex(x.start)}-${hex(x.end)} prot ${x.prot} vs ` +
        `${hex(y.start)}-${hex(y.end)} prot ${y.prot}`;
    }
  }
  const vpns = new Set([...a.pages.keys(), ...b.pages.keys()]);
  for (const vpn of vpns) {
    const p = a.pages.get(vpn)?.data ?? ZERO_PAGE, q = b.pages.get(vpn)?.data ?? ZERO_PAGE;
    if (p === q) continue;
    for (let i = 0; i < PAGE_SIZE; i++) {
      if (p[i] !== q[i]) return `byte at ${hex(vpn * PAGE_SIZE + i)}: ${hex(p[i])} vs ${hex(q[i])}`;
    }
  }
  return null;
}
