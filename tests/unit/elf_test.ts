/**
 * ELF validation: every malformed executable is refused with one clear
 * ElfError sentence, and the CLI turns it into a single line and exit 126.
 * @module
 */

import assert from "node:assert/strict";
import { ElfError, parseElf, PT_INTERP, PT_LOAD } from "../../lib/kernel/elf.ts";

const hello = Deno.readFileSync(new URL("../../examples/hello", import.meta.url));

/** A copy of the demo binary with `edit` applied to a DataView over it. */
function variant(edit: (dv: DataView, b: Uint8Array) => void, bytes = hello): Uint8Array {
  const b = bytes.slice();
  edit(new DataView(b.buffer), b);
  return b;
}

/** Offset of the i-th program header of the given type. */
function phdr(b: Uint8Array, type: number, nth = 0): number {
  const dv = new DataView(b.buffer, b.byteOffset);
  const phoff = Number(dv.getBigUint64(32, true));
  for (let i = 0, seen = 0; i < dv.getUint16(56, true); i++) {
    const o = phoff + i * 56;
    if (dv.getUint32(o, true) === type && seen++ === nth) return o;
  }
  throw new Error(`no program header of type ${type}`);
}

function rejects(bytes: Uint8Array, message: RegExp): void {
  assert.throws(
    () => parseElf(bytes),
    (e: unknown) => e instanceof ElfError && message.test(e.message),
  );
}

Deno.test("elf: the demo binary parses", () => {
  const img = parseElf(hello);
  assert.equal(img.interp, null);
  assert.ok(img.phdrs.some((p) => p.type === PT_LOAD));
});

Deno.test("elf: not ELF, truncated, 32-bit, big-endian, other machine, not executable", () => {
  rejects(new TextEncoder().encode("#!/bin/sh\necho hi\n"), /not an ELF file/);
  rejects(hello.slice(0, 40), /truncated ELF header/);
  rejects(variant((_, b) => b[4] = 1), /32-bit/);
  rejects(variant((_, b) => b[5] = 2), /big-endian/);
  rejects(variant((dv) => dv.setUint16(18, 183, true)), /machine 183 is not x86-64/);
  rejects(variant((dv) => dv.setUint16(16, 1, true)), /not an executable/);
});

Deno.test("elf: broken program headers and segments", () => {
  rejects(variant((dv) => dv.setUint16(54, 32, true)), /program header size/);
  rejects(variant((dv) => dv.setUint16(56, 0, true)), /program header count/);
  rejects(
    variant((dv) => dv.setBigUint64(32, BigInt(hello.length - 10), true)),
    /outside the file/,
  );
  rejects(hello.slice(0, 4096), /outside the file/);
  rejects(
    variant((dv, b) => dv.setBigUint64(phdr(b, PT_LOAD) + 32, 1n << 40n, true)),
    /outside the file|exceeds/,
  );
  rejects(
    variant((dv, b) => dv.setBigUint64(phdr(b, PT_LOAD) + 16, 0x7fffffffffff0000n, true)),
    /outside user space|congruent/,
  );
  rejects(
    variant((dv, b) => {
      const first = phdr(b, PT_LOAD, 0), second = phdr(b, PT_LOAD, 1);
      dv.setBigUint64(second + 16, dv.getBigUint64(first + 16, true) + 0x2000n, true);
      dv.setBigUint64(second + 8, dv.getBigUint64(first + 8, true) + 0x2000n, true);
    }),
    /overlap/,
  );
});

Deno.test("elf: PT_INTERP (dynamic linking) is refused with the interpreter named", () => {
  const b = variant((dv, b) => {
    const o = phdr(b, PT_LOAD, 0);
    const text = new TextEncoder().encode("/lib64/ld-linux-x86-64.so.2\0");
    b.set(text, 0x200);
    // Turn the last program header into PT_INTERP pointing at the string.
    const last = Number(dv.getBigUint64(32, true)) + (dv.getUint16(56, true) - 1) * 56;
    dv.setUint32(last, PT_INTERP, true);
    dv.setBigUint64(last + 8, 0x200n, true);
    dv.setBigUint64(last + 32, BigInt(text.length), true);
    assert.ok(o >= 0);
  });
  rejects(b, /dynamically linked.*ld-linux-x86-64\.so\.2/);
});

Deno.test("cli: a non-runnable file gives one line on stderr and exit 126", () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/bad`;
  Deno.writeFileSync(path, variant((_, b) => b[4] = 1));
  const r = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      new URL("../../cli.ts", import.meta.url).pathname,
      path,
    ],
  }).outputSync();
  Deno.removeSync(dir, { recursive: true });
  const err = new TextDecoder().decode(r.stderr).trim();
  assert.equal(r.code, 126);
  assert.equal(err, `linuxvm: ${path}: 32-bit ELF files are not supported (need ELF64)`);
});
