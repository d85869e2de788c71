/**
 * Builds a fresh process image from a validated ELF: maps the PT_LOAD
 * segments and lays out the initial stack exactly as Linux's
 * `create_elf_tables` does (strings, platform, AT_RANDOM, auxv, envp, argv, argc).
 * @module
 */

import { Cpu, RSP, setReg64Num } from "../exec/cpu.ts";
import { Memory, pageDown, pageUp, PROT_EXEC, PROT_READ, PROT_WRITE } from "../exec/memory.ts";
import { type ElfImage, loadBias, PF_R, PF_W, PF_X, PT_LOAD, PT_PHDR } from "./elf.ts";
import { STACK_SIZE, STACK_TOP } from "./layout.ts";

/** Auxiliary vector keys. */
export const AT_NULL = 0,
  AT_PHDR = 3,
  AT_PHENT = 4,
  AT_PHNUM = 5,
  AT_PAGESZ = 6,
  AT_BASE = 7,
  AT_FLAGS = 8,
  AT_ENTRY = 9,
  AT_UID = 11,
  AT_EUID = 12,
  AT_GID = 13,
  AT_EGID = 14,
  AT_PLATFORM = 15,
  AT_HWCAP = 16,
  AT_CLKTCK = 17,
  AT_SECURE = 23,
  AT_RANDOM = 25,
  AT_HWCAP2 = 26,
  AT_EXECFN = 31;

const MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20, MAP_GROWSDOWN = 0x100;

/** What the loader produced. */
export interface LoadedImage {
  mem: Memory;
  cpu: Cpu;
  /** Page-aligned end of the highest segment: where brk starts. */
  brk: number;
}

/** Inputs that shape the initial stack. */
export interface StackInit {
  /** Arguments and environment: text (stored as UTF-8) or raw bytes (from execve). */
  argv: (string | Uint8Array)[];
  env: (string | Uint8Array)[];
  /** The path given to execve (AT_EXECFN). */
  execfn: string;
  /** 16 bytes for AT_RANDOM. */
  random: Uint8Array;
  /** AT_HWCAP: CPUID.1:EDX of the virtual CPU. */
  hwcap: number;
  /** Name shown in /proc/self/maps for the segments. */
  name: string;
}

/** Map the image and build the initial stack and registers. */
export function loadImage(bytes: Uint8Array, elf: ElfImage, init: StackInit): LoadedImage {
  const mem = new Memory();
  const bias = loadBias(elf.type);
  let brk = 0;
  let mappedEnd = 0;
  let phdrAddr = 0;
  for (const ph of elf.phdrs) {
    if (ph.type === PT_PHDR) phdrAddr = ph.vaddr + bias;
    if (ph.type !== PT_LOAD) continue;
    const prot = ((ph.flags & PF_R) ? PROT_READ : 0) | ((ph.flags & PF_W) ? PROT_WRITE : 0) |
      ((ph.flags & PF_X) ? PROT_EXEC : 0);
    const vaddr = ph.vaddr + bias;
    let start = pageDown(vaddr);
    const end = pageUp(vaddr + ph.memsz);
    if (start < mappedEnd) {
      // Segments sharing a page: the shared page gets both protections, as Linux's overlapping mmaps allow.
      const shared = mem.findVma(start);
      if (shared) mem.protect(start, mappedEnd - start, shared.prot | prot);
      start = mappedEnd;
    }
    if (end > start) mem.map(start, end - start, prot, MAP_PRIVATE, init.name, ph.offset);
    mem.writeBytes(vaddr, bytes.subarray(ph.offset, ph.offset + ph.filesz), true);
    if (phdrAddr === 0 && ph.offset === 0) phdrAddr = vaddr + elf.phoff;
    mappedEnd = Math.max(mappedEnd, end);
    brk = Math.max(brk, end);
  }

  const stackProt = PROT_READ | PROT_WRITE | (elf.execStack ? PROT_EXEC : 0);
  mem.map(
    STACK_TOP - STACK_SIZE,
    STACK_SIZE,
    stackProt,
    MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN,
    "[stack]",
  );

  const cpu = new Cpu();
  cpu.rip = elf.entry + bias;
  const auxv: [number, number][] = [];
  const sp = buildStack(mem, init, (platform, random, execfn) => {
    auxv.push(
      [AT_HWCAP, init.hwcap],
      [AT_PAGESZ, 4096],
      [AT_CLKTCK, 100],
      [AT_PHDR, phdrAddr],
      [AT_PHENT, 56],
      [AT_PHNUM, elf.phnum],
      [AT_BASE, 0],
      [AT_FLAGS, 0],
      [AT_ENTRY, elf.entry + bias],
      [AT_UID, 0],
      [AT_EUID, 0],
      [AT_GID, 0],
      [AT_EGID, 0],
      [AT_SECURE, 0],
      [AT_RANDOM, random],
      [AT_HWCAP2, 0],
      [AT_EXECFN, execfn],
      [AT_PLATFORM, platform],
      [AT_NULL, 0],
    );
    return auxv;
  });
  setReg64Num(cpu, RSP, sp);
  return { mem, cpu, brk };
}

/**
 * Lay out strings and tables below STACK_TOP; `makeAuxv` receives the
 * addresses of the platform string, the random bytes and the exec file name.
 * Returns the initial RSP (pointing at argc, 16-byte aligned).
 */
function buildStack(
  mem: Memory,
  init: StackInit,
  makeAuxv: (platform: number, random: number, execfn: number) => [number, number][],
): number {
  const enc = new TextEncoder();
  let p = STACK_TOP - 8;
  const pushString = (s: string | Uint8Array): number => {
    const b = typeof s === "string" ? enc.encode(s) : s;
    p -= b.length + 1;
    mem.writeBytes(p, b, true);
    mem.writeBytes(p + b.length, new Uint8Array(1), true);
    return p;
  };
  const execfn = pushString(init.execfn);
  const envPtrs = init.env.map(() => 0);
  for (let i = init.env.length - 1; i >= 0; i--) envPtrs[i] = pushString(init.env[i]);
  const argPtrs = init.argv.map(() => 0);
  for (let i = init.argv.length - 1; i >= 0; i--) argPtrs[i] = pushString(init.argv[i]);
  p = Math.floor(p / 16) * 16;
  const platform = pushString("x86_64");
  p -= 16;
  const random = p;
  mem.writeBytes(random, init.random, true);
  const auxv = makeAuxv(platform, random, execfn);
  const words = 1 + argPtrs.length + 1 + envPtrs.length + 1 + auxv.length * 2;
  const sp = Math.floor((p - words * 8) / 16) * 16;
  const table: number[] = [init.argv.length, ...argPtrs, 0, ...envPtrs, 0];
  for (const [k, v] of auxv) table.push(k, v);
  const buf = new Uint8Array(table.length * 8);
  const dv = new DataView(buf.buffer);
  table.forEach((v, i) => {
    dv.setUint32(i * 8, v >>> 0, true);
    dv.setUint32(i * 8 + 4, Math.floor(v / 4294967296), true);
  });
  mem.writeBytes(sp, buf, true);
  return sp;
}
