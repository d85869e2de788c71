/**
 * Decoder boundaries versus GNU objdump: for every committed guest binary,
 * each instruction `objdump -d -w` lists must decode (lib/decoder/decode.ts)
 * to the same length at the same address. This covers whole libcs, including
 * the AVX/AVX2/AVX-512 (VEX/EVEX) ifunc variants glibc carries, which the
 * decoder must measure even though executing them is #UD on our CPU.
 * Needs binutils' objdump on PATH (part of `deno task test:real`).
 * @module
 */

import assert from "node:assert/strict";
import { type ByteSource, decode } from "../lib/decoder/decode.ts";
import { Insn } from "../lib/decoder/insn.ts";
import { GuestFault, SIGSEGV } from "../lib/exec/fault.ts";
import { parseElf, PF_X, PT_LOAD } from "../lib/kernel/elf.ts";

/** The executable segments of an ELF file, addressed as objdump prints them (link-time). */
class ElfText implements ByteSource {
  private readonly segs: { vaddr: number; end: number; offset: number }[] = [];
  constructor(private readonly bytes: Uint8Array) {
    for (const ph of parseElf(bytes).phdrs) {
      if (ph.type === PT_LOAD && (ph.flags & PF_X) !== 0) {
        this.segs.push({ vaddr: ph.vaddr, end: ph.vaddr + ph.filesz, offset: ph.offset });
      }
    }
  }
  fetch8(addr: number): number {
    for (const s of this.segs) {
      if (addr >= s.vaddr && addr < s.end) return this.bytes[s.offset + addr - s.vaddr];
    }
    throw new GuestFault(SIGSEGV, 1, addr);
  }
}

/** One instruction line of `objdump -d -w`. */
interface Listed {
  addr: number;
  bytes: string;
  text: string;
}

const LINE = /^\s*([0-9a-f]+):\t((?:[0-9a-f]{2} )+)\s*\t?(.*)$/;

function objdump(path: string): Listed[] {
  const out = new Deno.Command("objdump", { args: ["-d", "-w", path], stdout: "piped" })
    .outputSync();
  assert.equal(out.code, 0, `objdump failed on ${path}`);
  const listed: Listed[] = [];
  for (const line of new TextDecoder().decode(out.stdout).split("\n")) {
    const m = LINE.exec(line);
    if (m) listed.push({ addr: parseInt(m[1], 16), bytes: m[2].trim(), text: m[3].trim() });
  }
  return listed;
}

/** Compare boundaries; returns one line per mismatch. */
function mismatches(bytes: Uint8Array, listed: Listed[]): string[] {
  const src = new ElfText(bytes);
  const d = new Insn();
  const bad: string[] = [];
  for (const l of listed) {
    // objdump could not decode these either; nothing to compare.
    if (l.text.includes("(bad)") || l.text.startsWith(".byte")) continue;
    const want = l.bytes.split(" ").length;
    let got: string;
    try {
      decode(src, l.addr, d);
      if (d.len === want) continue;
      // objdump folds FWAIT (9B, an instruction of its own) into the x87 op after it
      // ("fstsw" = fwait; fnstsw): the pair must measure 1 + the rest.
      if (l.bytes.startsWith("9b") && d.len === 1) {
        decode(src, l.addr + 1, d);
        if (d.len === want - 1) continue;
        got = `fwait + length ${d.len}`;
      } else got = `length ${d.len}`;
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e;
      got = e.signal === SIGSEGV ? "fault (too long / unfetchable)" : "#UD";
    }
    bad.push(`${l.addr.toString(16)}: ${l.bytes} | ${l.text} | objdump ${want}, ours ${got}`);
  }
  return bad;
}

const haveObjdump = (() => {
  try {
    return new Deno.Command("objdump", { args: ["--version"], stdout: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
})();

const binDir = new URL("./guest/bin/", import.meta.url);
const binaries = [...Deno.readDirSync(binDir)].map((e) => e.name).sort();

for (const name of binaries) {
  Deno.test({ name: `objdump boundaries ${name}`, ignore: !haveObjdump }, () => {
    const path = new URL(name, binDir).pathname;
    const listed = objdump(path);
    assert.ok(listed.length > 0, "objdump listed no instructions");
    const bad = mismatches(Deno.readFileSync(path), listed);
    const shown = bad.slice(0, 25).join("\n");
    assert.equal(
      bad.length,
      0,
      `${bad.length} of ${listed.length} instructions differ:\n${shown}` +
        (bad.length > 25 ? `\n… ${bad.length - 25} more` : ""),
    );
  });
}
