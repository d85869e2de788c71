/**
 * Guest strings. Linux paths and names are byte strings that need not be
 * UTF-8, so the kernel keeps them as "binary" JS strings: one char per byte
 * (char codes 0..255). These helpers convert at the edges.
 * @module
 */

const utf8 = new TextEncoder();
const utf8Dec = new TextDecoder();

/** Bytes as a binary string. */
export function bytesToBin(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 8192) {
    s += String.fromCharCode.apply(null, b.subarray(i, i + 8192) as unknown as number[]);
  }
  return s;
}

/** A binary string as bytes. */
export function binToBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

/** A host (Unicode) string as a binary string of its UTF-8 bytes. */
export function hostToBin(s: string): string {
  return bytesToBin(utf8.encode(s));
}

/** A binary string interpreted as UTF-8, for host APIs and messages. */
export function binToHost(s: string): string {
  return utf8Dec.decode(binToBytes(s));
}
