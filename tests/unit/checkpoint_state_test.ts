/**
 * CPU and memory state records and the state digest: what a snapshot stores,
 * that a restored state is the same state, and what the digest notices.
 * @module
 */

import assert from "node:assert/strict";
import { CC, Cpu, RAX, RSP } from "../../lib/exec/cpu.ts";
import { cond, getRflags, setCC, setLogic } from "../../lib/exec/flags.ts";
import { GuestFault } from "../../lib/exec/fault.ts";
import {
  Memory,
  PAGE_SIZE,
  PROT_EXEC,
  PROT_NONE,
  PROT_READ,
  PROT_WRITE,
} from "../../lib/exec/memory.ts";
import {
  CPU_NON_STATE_FIELDS,
  cpuFromRecord,
  cpuToRecord,
} from "../../lib/checkpoint/cpu_record.ts";
import { cborDecode, cborEncode } from "../../lib/checkpoint/cbor.ts";
import { asMap } from "../../lib/checkpoint/schema.ts";
import { digestHex, stateDigest } from "../../lib/checkpoint/digest.ts";
import { PAGES_PER_CHUNK, significantPages } from "../../lib/checkpoint/memory_record.ts";
import { readSnapshot, writeSnapshot } from "../../lib/checkpoint/snapshot.ts";

const RW = PROT_READ | PROT_WRITE;
const CODE = 0x400000, HEAP = 0x600000, STACK = 0x7ffffffde000, STACK_LEN = 0x21000;

/** A deterministic byte pattern. */
function pattern(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}

/** An address space with code, a heap spanning several chunks, zero pages and a stack. */
function sampleMemory(): Memory {
  const mem = new Memory();
  mem.map(CODE, 0x3000, PROT_READ | PROT_EXEC, 0x2, "/bin/prog", 0x1000);
  mem.writeBytes(CODE, pattern(0x2800, 1), true);
  mem.map(HEAP, (PAGES_PER_CHUNK * 2 + 40) * PAGE_SIZE, RW, 0x22, "[heap]");
  for (let p = 0; p < PAGES_PER_CHUNK * 2 + 40; p += 3) {
    mem.writeBytes(HEAP + p * PAGE_SIZE + (p % 7) * 100, pattern(300 + p, p + 7));
  }
  mem.read8(HEAP + PAGE_SIZE); // materialized but all zero: must cost nothing
  mem.map(STACK, STACK_LEN, RW, 0x20122, "[stack]");
  mem.write64(STACK + STACK_LEN - 8, 0xdeadbeef, 0x7fff);
  mem.map(0x10000, PAGE_SIZE, PROT_NONE, 0x22, "");
  return mem;
}

/** A CPU with every architectural register set to something distinctive. */
function sampleCpu(): Cpu {
  const cpu = new Cpu();
  const r = pattern(128, 99);
  new Uint8Array(cpu.r.buffer).set(r);
  new Uint8Array(cpu.xmm.buffer).set(pattern(256, 5));
  new Uint8Array(cpu.fpr.buffer).set(pattern(80, 6));
  cpu.rip = 0x401234;
  cpu.fsBase = 0x7ffff7ff8740;
  cpu.gsBase = 0x1000;
  setCC(cpu, CC.Sub, 4, 5, 0, 7, 0, (5 - 7) >>> 0, 0); // CF=1 SF=1 AF=1
  cpu.flagsOther = 0x202 | 0x400 | 0x40000; // DF and AC
  cpu.mxcsr = 0x1fa0;
  cpu.fpuCw = 0x027f;
  cpu.fpuSw = 0x4121;
  cpu.fpuTop = 5;
  cpu.fpuTag = 0x0fff;
  cpu.fpuIp = 0x401000;
  cpu.fpuDp = 2 ** 64 - 4096; // data pointers may hold any 64-bit address
  cpu.fpuOp = 0x5e9;
  cpu.icount = 123_456_789_012;
  cpu.faultSignal = 11;
  cpu.faultCode = 2;
  cpu.faultAddr = 0xffff800000000000;
  cpu.faultTrap = 14;
  cpu.faultErr = 7;
  return cpu;
}

/** A CPU after its record went through CBOR, as in a snapshot file. */
function viaCbor(cpu: Cpu): Cpu {
  return cpuFromRecord(asMap(cborDecode(cborEncode(cpuToRecord(cpu)), "cpu"), "cpu"));
}

Deno.test("checkpoint: every Cpu field is either recorded or declared not state", () => {
  const recorded = [
    "r",
    "rip",
    "fsBase",
    "gsBase",
    "xmm",
    "mxcsr",
    "fpr",
    "fpuCw",
    "fpuSw",
    "fpuTop",
    "fpuTag",
    "fpuIp",
    "fpuDp",
    "fpuOp",
    "icount",
    "faultSignal",
    "faultCode",
    "faultAddr",
    "faultTrap",
    "faultErr",
  ];
  // The lazy-flag fields are recorded through the RFLAGS value they determine.
  const viaRflags = [
    "ccOp",
    "ccSize",
    "ccDst",
    "ccDstH",
    "ccSrc",
    "ccSrcH",
    "ccRes",
    "ccResH",
    "ccCarry",
    "flagsOther",
  ];
  // A new Cpu field fails this test until the CPU record (and docs/SNAPSHOT.md) covers it.
  assert.deepEqual(
    Object.keys(new Cpu()).sort(),
    [...recorded, ...viaRflags, ...CPU_NON_STATE_FIELDS].sort(),
  );
});

Deno.test("checkpoint: CPU record round trip keeps every architectural register", () => {
  const cpu = sampleCpu();
  const back = viaCbor(cpu);
  assert.deepEqual(back.r, cpu.r);
  assert.deepEqual(back.xmm, cpu.xmm);
  assert.deepEqual(back.fpr, cpu.fpr);
  for (
    const k of [
      "rip",
      "fsBase",
      "gsBase",
      "mxcsr",
      "fpuCw",
      "fpuSw",
      "fpuTop",
      "fpuTag",
      "fpuIp",
      "fpuDp",
      "fpuOp",
      "icount",
      "faultSignal",
      "faultCode",
      "faultAddr",
      "faultTrap",
      "faultErr",
    ] as const
  ) {
    assert.equal(back[k], cpu[k], k);
  }
  assert.equal(getRflags(back), getRflags(cpu));
  assert.equal(getRflags(cpu), 0x40693); // CF PF AF SF, IF, DF, AC, bit 1
});

Deno.test("checkpoint: lazy flags are restored as the same RFLAGS and conditions", () => {
  const states: ((c: Cpu) => void)[] = [
    (c) => setCC(c, CC.Add, 1, 0xff, 0, 1, 0, 0, 0),
    (c) => setCC(c, CC.Add, 8, 0, 0x7fffffff, 0, 1, 0, 0x80000000),
    (c) => setCC(c, CC.Sub, 2, 0, 0, 1, 0, 0xffff, 0),
    (c) => setCC(c, CC.Inc, 4, 0x7fffffff, 0, 1, 0, 0x80000000, 0),
    (c) => setCC(c, CC.Dec, 8, 0, 0, 1, 0, 0xffffffff, 0xffffffff),
    (c) => setLogic(c, 1, 0x80, 0),
    (c) => setLogic(c, 8, 0, 0),
  ];
  for (const [i, set] of states.entries()) {
    const cpu = new Cpu();
    set(cpu);
    const back = viaCbor(cpu);
    assert.equal(getRflags(back), getRflags(cpu), `state ${i}`);
    for (let cc = 0; cc < 16; cc++) {
      assert.equal(cond(back, cc), cond(cpu, cc), `state ${i} cc ${cc}`);
    }
    // INC/DEC keep CF: the restored carry must be the one they will keep.
    setCC(back, CC.Inc, 4, 1, 0, 1, 0, 2, 0);
    setCC(cpu, CC.Inc, 4, 1, 0, 1, 0, 2, 0);
    assert.equal(getRflags(back), getRflags(cpu), `state ${i} after INC`);
  }
});

Deno.test("checkpoint: restored memory has the same mappings, contents and protections", () => {
  const mem = sampleMemory();
  const cpu = sampleCpu();
  const { mem: back } = readSnapshot(writeSnapshot({ cpu, mem }), { verifyDigest: true });
  assert.deepEqual(back.vmas, mem.vmas);
  for (const [vpn, page] of mem.pages) {
    const got = back.pages.get(vpn);
    const zero = page.data.every((b) => b === 0);
    if (zero) assert.equal(got, undefined, `zero page ${vpn.toString(16)} stored`);
    else {
      assert.deepEqual(got?.data, page.data, `page ${vpn.toString(16)}`);
      assert.equal(got!.prot, page.prot);
      assert.equal(got!.decoded, null, "decoded-code caches start empty");
    }
  }
  // Every readable byte reads the same, including never-stored zero pages.
  for (const v of mem.vmas) {
    if (!(v.prot & PROT_READ)) continue;
    for (let a = v.start; a < v.end; a += PAGE_SIZE) {
      assert.deepEqual(back.readBytes(a, PAGE_SIZE), mem.readBytes(a, PAGE_SIZE), a.toString(16));
    }
  }
  // Protections are enforced the same way.
  assert.throws(() => back.write8(CODE, 1), GuestFault);
  assert.throws(() => back.read8(0x10000), GuestFault);
  assert.throws(() => back.read8(0x20000), GuestFault);
  assert.equal(back.fetch8(CODE + 5), mem.fetch8(CODE + 5));
  const before = mem.read8(HEAP + 5);
  back.write8(HEAP + 5, before ^ 0xff);
  assert.equal(back.read8(HEAP + 5), before ^ 0xff);
  assert.equal(mem.read8(HEAP + 5), before, "the restored memory is independent of the original");
});

Deno.test("checkpoint: zero pages cost nothing unless their protection differs from the VMA", () => {
  const mem = new Memory();
  mem.map(HEAP, 64 * PAGE_SIZE, RW, 0x22, "[heap]");
  const empty = writeSnapshot({ cpu: new Cpu(), mem });
  for (let p = 0; p < 64; p++) mem.read8(HEAP + p * PAGE_SIZE); // materialize all, still zero
  assert.equal(mem.pages.size, 64);
  assert.equal(writeSnapshot({ cpu: new Cpu(), mem }).length, empty.length);
  assert.equal(significantPages(mem).vpns.length, 0);

  // A zero page whose protection no longer matches its mapping must be kept.
  mem.pages.get(HEAP / PAGE_SIZE + 3)!.prot = PROT_READ;
  assert.deepEqual(significantPages(mem).vpns, [HEAP / PAGE_SIZE + 3]);
  const back = readSnapshot(writeSnapshot({ cpu: new Cpu(), mem }), { verifyDigest: true }).mem;
  assert.equal(back.pages.get(HEAP / PAGE_SIZE + 3)?.prot, PROT_READ);
  assert.throws(() => back.write8(HEAP + 3 * PAGE_SIZE, 1), GuestFault);
  back.write8(HEAP + 4 * PAGE_SIZE, 1);
});

Deno.test("checkpoint: a restored state has the saved digest; the digest sees every part", () => {
  const mem = sampleMemory();
  const cpu = sampleCpu();
  const d0 = digestHex(stateDigest(cpu, mem));
  const snap = writeSnapshot({ cpu, mem });
  const r = readSnapshot(snap);
  assert.equal(digestHex(r.header.digest), d0);
  assert.equal(digestHex(stateDigest(r.cpu, r.mem)), d0);
  assert.equal(r.header.icount, cpu.icount);

  // Representation details do not change it: materialized zero pages, a compression level.
  sampleMemory().read8(HEAP + 2 * PAGE_SIZE);
  const mem2 = sampleMemory();
  mem2.read8(HEAP + 2 * PAGE_SIZE);
  mem2.read8(STACK);
  assert.equal(digestHex(stateDigest(cpu, mem2)), d0);
  assert.equal(
    digestHex(readSnapshot(writeSnapshot({ cpu, mem }, { level: 9 })).header.digest),
    d0,
  );

  const changes: [string, (c: Cpu, m: Memory) => void][] = [
    ["one heap byte", (_c, m) => m.write8(HEAP + 3 * PAGE_SIZE + 1000, 1)],
    ["a byte of a zero page", (_c, m) => m.write8(HEAP + PAGE_SIZE + 7, 1)],
    ["a page protection", (_c, m) => m.protect(HEAP, PAGE_SIZE, PROT_READ)],
    ["a VMA name", (_c, m) => (m.vmas[1].name = "[heap2]")],
    ["an unmapped page", (_c, m) => m.unmap(STACK, PAGE_SIZE)],
    ["RAX", (c) => (c.r[2 * RAX] ^= 1)],
    ["RSP high half", (c) => (c.r[2 * RSP + 1] ^= 0x100)],
    ["RIP", (c) => (c.rip += 1)],
    ["a flag", (c) => setLogic(c, 4, 0, 0)],
    ["XMM15", (c) => (c.xmm[63] ^= 1)],
    ["MXCSR", (c) => (c.mxcsr ^= 1)],
    ["an x87 register", (c) => (c.fpr[39] ^= 1)],
    ["x87 TOP", (c) => (c.fpuTop = 4)],
    ["the instruction count", (c) => (c.icount += 1)],
    ["FS base", (c) => (c.fsBase += 8)],
  ];
  const seen = new Set([d0]);
  for (const [what, change] of changes) {
    const c = sampleCpu(), m = sampleMemory();
    change(c, m);
    const d = digestHex(stateDigest(c, m));
    assert.ok(!seen.has(d), `the digest did not change with ${what}`);
    seen.add(d);
  }
});

Deno.test("checkpoint: snapshots of equal states are byte-identical", () => {
  const a = writeSnapshot({ cpu: sampleCpu(), mem: sampleMemory() }, { options: { seed: 1 } });
  const b = writeSnapshot({ cpu: sampleCpu(), mem: sampleMemory() }, { options: { seed: 1 } });
  assert.deepEqual(a, b);
});
