/**
 * Stores to shared pages (MAP_SHARED, file pages, System V segments) use the
 * write TLB while no view of their bytes holds decoded code, and take the
 * slow path (which drops other views' code) once one does.
 * @module
 */

import assert from "node:assert/strict";
import {
  Memory,
  PAGE_SIZE,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
  TLB_SIZE,
} from "../../lib/exec/memory.ts";

const X = 0x500000, VPN = X / PAGE_SIZE, SLOT = VPN & (TLB_SIZE - 1);
const MAP_SHARED = 0x01, MAP_ANONYMOUS = 0x20;

Deno.test("memory: shared pages use the write TLB until another view of their bytes holds code", () => {
  const a = new Memory();
  a.map(X, PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_SHARED | MAP_ANONYMOUS);
  a.write8(X, 0x90); // materializes the page (slow path)
  a.write8(X + 1, 0x90);
  assert.equal(a.wTag[SLOT], VPN, "a shared page without code is in the write TLB");
  const b = a.fork(); // the child views the same bytes
  assert.equal(b.read8(X + 1), 0x90);
  const code = b.codePage(X); // b decodes code from them
  assert.notEqual(code.decoded, null);
  a.syncSharedCode(); // before a's threads run again
  assert.equal(a.wTag[SLOT], -1, "code over the bytes took them out of a's write TLB");
  a.write8(X + 2, 0xc3); // slow path: b's code over the bytes is dropped
  assert.equal(code.decoded, null, "a store through another view dropped the code");
  assert.equal(b.read8(X + 2), 0xc3);
});
