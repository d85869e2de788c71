/**
 * A minimal static x86-64 executable around raw machine code, for tests
 * that need a program without a compiler.
 * @module
 */

/** Where the image is loaded, and the size of the headers before the code. */
export const ELF_BASE = 0x400000, ELF_HDR = 120;

/** An ET_EXEC ELF with one read-write-execute segment holding `code`, entered at `entry` (offset in `code`). */
export function tinyElf(code: Uint8Array, entry = 0): Uint8Array {
  const b = new Uint8Array(ELF_HDR + code.length);
  const v = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, 62, true); // EM_X86_64
  v.setUint32(20, 1, true);
  v.setBigUint64(24, BigInt(ELF_BASE + ELF_HDR + entry), true);
  v.setBigUint64(32, 64n, true); // e_phoff
  v.setUint16(52, 64, true);
  v.setUint16(54, 56, true);
  v.setUint16(56, 1, true);
  v.setUint32(64, 1, true); // PT_LOAD
  v.setUint32(68, 7, true); // RWX
  v.setBigUint64(80, BigInt(ELF_BASE), true);
  v.setBigUint64(88, BigInt(ELF_BASE), true);
  v.setBigUint64(96, BigInt(b.length), true);
  v.setBigUint64(104, BigInt(b.length), true);
  v.setBigUint64(112, 4096n, true);
  b.set(code, ELF_HDR);
  return b;
}

/** Bytes from a hex string. */
export function hex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
}
