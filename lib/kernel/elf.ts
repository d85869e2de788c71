/**
 * ELF64 x86-64 executable parsing and validation. Everything a hostile file
 * could get wrong is checked here, before any guest memory is touched, and
 * reported as one `ElfError` sentence.
 * @module
 */

import { PAGE_SIZE, USER_END } from "../exec/memory.ts";
import { PIE_BASE } from "./layout.ts";

/** Program header types and flags we act on. */
export const PT_LOAD = 1,
  PT_DYNAMIC = 2,
  PT_INTERP = 3,
  PT_PHDR = 6,
  PT_TLS = 7,
  PT_GNU_STACK = 0x6474e551;
export const PF_X = 1, PF_W = 2, PF_R = 4;
/** ELF types. */
export const ET_EXEC = 2, ET_DYN = 3;
const EM_X86_64 = 62;

/** A reason the file cannot be run. */
export class ElfError extends Error {
  override name = "ElfError";
}

/** The file is a dynamically linked executable (needs an interpreter this machine cannot load). */
export class DynamicElfError extends ElfError {}

/** One program header. */
export interface ProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  align: number;
}

/** What the loader needs from an executable. */
export interface ElfImage {
  type: number;
  entry: number;
  phoff: number;
  phentsize: number;
  phnum: number;
  phdrs: ProgramHeader[];
  /** Path of the requested interpreter, if the file is dynamically linked. */
  interp: string | null;
  /** Whether PT_GNU_STACK asks for an executable stack (absent means executable on x86-64). */
  execStack: boolean;
}

/** Parse and validate an ELF executable. Throws ElfError with a one-line reason. */
export function parseElf(bytes: Uint8Array): ElfImage {
  if (bytes.length < 64) {
    if (bytes.length >= 4 && isMagic(bytes)) throw new ElfError("truncated ELF header");
    throw new ElfError("not an ELF file");
  }
  if (!isMagic(bytes)) throw new ElfError("not an ELF file");
  if (bytes[4] !== 2) throw new ElfError("32-bit ELF files are not supported (need ELF64)");
  if (bytes[5] !== 1) throw new ElfError("big-endian ELF files are not supported");
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = dv.getUint16(16, true);
  const machine = dv.getUint16(18, true);
  if (machine !== EM_X86_64) throw new ElfError(`ELF machine ${machine} is not x86-64`);
  if (type !== ET_EXEC && type !== ET_DYN) {
    throw new ElfError(`ELF type ${type} is not an executable (need ET_EXEC or ET_DYN)`);
  }
  const entry = u64(dv, 24);
  const phoff = u64(dv, 32);
  const phentsize = dv.getUint16(54, true);
  const phnum = dv.getUint16(56, true);
  if (phentsize !== 56) throw new ElfError(`bad program header size ${phentsize}`);
  if (phnum === 0 || phnum > 512) throw new ElfError(`bad program header count ${phnum}`);
  if (phoff + phnum * 56 > bytes.length) throw new ElfError("program headers lie outside the file");

  const phdrs: ProgramHeader[] = [];
  let interp: string | null = null;
  let execStack = true;
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * 56;
    const ph: ProgramHeader = {
      type: dv.getUint32(o, true),
      flags: dv.getUint32(o + 4, true),
      offset: u64(dv, o + 8),
      vaddr: u64(dv, o + 16),
      filesz: u64(dv, o + 32),
      memsz: u64(dv, o + 40),
      align: u64(dv, o + 48),
    };
    phdrs.push(ph);
    if (ph.type === PT_GNU_STACK) execStack = (ph.flags & PF_X) !== 0;
    if (ph.type === PT_INTERP) {
      if (ph.offset + ph.filesz > bytes.length || ph.filesz === 0) {
        throw new ElfError("PT_INTERP lies outside the file");
      }
      const raw = bytes.subarray(ph.offset, ph.offset + ph.filesz);
      const end = raw.indexOf(0);
      interp = new TextDecoder().decode(end >= 0 ? raw.subarray(0, end) : raw);
    }
  }
  const loads = phdrs.filter((p) => p.type === PT_LOAD);
  if (loads.length === 0) throw new ElfError("no loadable segments");
  const base = loadBias(type);
  let prevEnd = -1;
  for (const p of loads) {
    if (p.filesz > p.memsz) throw new ElfError("segment file size exceeds its memory size");
    if (p.offset + p.filesz > bytes.length) throw new ElfError("segment lies outside the file");
    if ((p.vaddr - p.offset) % PAGE_SIZE !== 0) {
      throw new ElfError("segment address and file offset are not congruent modulo the page size");
    }
    const start = base + p.vaddr, end = start + p.memsz;
    if (!(end <= USER_END) || start < 0x1000 && type === ET_EXEC) {
      throw new ElfError(`segment at 0x${p.vaddr.toString(16)} is outside user space`);
    }
    // Sharing a page is fine (the loader merges protections); sharing bytes is not.
    if (start < prevEnd) {
      throw new ElfError("loadable segments overlap or are out of order");
    }
    prevEnd = Math.max(prevEnd, end);
  }
  if (!Number.isFinite(entry)) throw new ElfError("entry point is outside user space");
  if (interp !== null) {
    throw new DynamicElfError(
      `dynamically linked programs are not supported yet (interpreter ${interp}); link with -static`,
    );
  }
  return { type, entry, phoff, phentsize, phnum, phdrs, interp, execStack };
}

/** Where an executable of this ELF type is loaded: ET_DYN at the fixed PIE base. */
export function loadBias(type: number): number {
  return type === ET_DYN ? PIE_BASE : 0;
}

function isMagic(b: Uint8Array): boolean {
  return b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
}

/** A 64-bit field as a number; absurd values become Infinity so range checks reject them. */
function u64(dv: DataView, o: number): number {
  const hi = dv.getUint32(o + 4, true);
  return hi >= 0x200000 ? Infinity : hi * 4294967296 + dv.getUint32(o, true);
}
