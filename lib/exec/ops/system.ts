/**
 * System-flavoured user-mode instructions: SYSCALL, CPUID, RDTSC, RDTSCP, UD2.
 *
 * ## The virtual CPU reported by CPUID
 *
 * A fixed, deterministic "GenuineIntel" family 6 model 15 stepping 11 part
 * that advertises only what the executor implements, so libc chooses its
 * baseline SSE2 code paths. Leaf by leaf (registers EAX EBX ECX EDX):
 *
 * | leaf        | contents |
 * | ----------- | -------- |
 * | 0           | max basic leaf 7; "GenuineIntel" |
 * | 1           | 0x6fb; CLFLUSH line 64 B, 1 logical CPU, APIC id 0; ECX 0 (no SSE3, SSSE3, SSE4, POPCNT, XSAVE, OSXSAVE, AVX, RDRAND, hypervisor); EDX `CPUID_1_EDX` = FPU TSC CX8 CMOV CLFSH FXSR SSE SSE2 |
 * | 2           | one round, descriptor 0xFF: "see leaf 4" |
 * | 3, 5, 6     | zero |
 * | 4           | caches, 64-byte lines, one thread each: L1D 32 KiB 8-way, L1I 32 KiB 8-way, L2 256 KiB 4-way, L3 8 MiB 16-way inclusive; subleaf 4+ is the null cache |
 * | 7           | zero (no BMI, AVX2, ERMS, RDSEED, FSGSBASE...; max subleaf 0) |
 * | 0x80000000  | max extended leaf 0x80000008 |
 * | 0x80000001  | ECX LAHF/SAHF; EDX SYSCALL, NX, LM (no RDTSCP bit, no LZCNT/ABM) |
 * | 0x80000002-4| brand string "linuxvm virtual CPU", NUL-padded |
 * | 0x80000005  | zero |
 * | 0x80000006  | ECX L2: 256 KiB, 4-way, 64-byte lines |
 * | 0x80000007  | zero |
 * | 0x80000008  | EAX 0x3027: 39 physical, 48 linear address bits |
 *
 * Like Intel parts, a leaf above the maximum of its range returns the
 * highest basic leaf (7), which is all zeros.
 * @module
 */

import { MAP_0F } from "../../decoder/insn.ts";
import { type Cpu, R11, RAX, RBX, RCX, RDX, Stop } from "../cpu.ts";
import { CPUID_1_EDX } from "../cpuid.ts";
import { generalProtection, undefinedOpcode } from "../fault.ts";
import { getRflags } from "../flags.ts";
import { defAll } from "../handlers.ts";
import type { Ctx } from "../operands.ts";
import { tscAt } from "../virtual_clock.ts";

const MAX_BASIC = 7, MAX_EXT = 0x80000008;

/** The brand string as 12 little-endian dwords (leaves 0x80000002..4). */
const BRAND: Uint32Array = (() => {
  const bytes = new Uint8Array(48);
  bytes.set(new TextEncoder().encode("linuxvm virtual CPU"));
  return new Uint32Array(bytes.buffer);
})();

/** "GenuineIntel" as EBX, EDX, ECX. */
const VENDOR_EBX = 0x756e6547, VENDOR_EDX = 0x49656e69, VENDOR_ECX = 0x6c65746e;

/** Leaf 4 subleaves 0..3: EAX, EBX, ECX, EDX each (cache type/level, ways/partitions/line, sets - 1, flags). */
// deno-fmt-ignore
const CACHES = new Uint32Array([
  // L1 data: type 1, level 1, self-initializing; 8 ways, 64-byte lines; 64 sets.
  0x121, (7 << 22) | 63, 63, 0,
  // L1 instruction: type 2, level 1.
  0x122, (7 << 22) | 63, 63, 0,
  // L2 unified: type 3, level 2; 4 ways; 1024 sets.
  0x143, (3 << 22) | 63, 1023, 0,
  // L3 unified: type 3, level 3; 16 ways; 8192 sets; inclusive.
  0x163, (15 << 22) | 63, 8191, 2,
]);

/** Write a 32-bit CPUID result register (zero-extending, as any 32-bit write). */
function set32(cpu: Cpu, reg: number, v: number): void {
  cpu.r[2 * reg] = v;
  cpu.r[2 * reg + 1] = 0;
}

/** Execute CPUID for leaf `leaf` and subleaf `sub`, writing EAX, EBX, ECX, EDX. */
export function cpuid(cpu: Cpu, leaf: number, sub: number): void {
  let a = 0, b = 0, c = 0, d = 0;
  if ((leaf > MAX_BASIC && leaf < 0x80000000) || leaf > MAX_EXT) leaf = MAX_BASIC;
  switch (leaf) {
    case 0:
      a = MAX_BASIC;
      b = VENDOR_EBX;
      c = VENDOR_ECX;
      d = VENDOR_EDX;
      break;
    case 1:
      a = 0x6fb;
      b = (1 << 16) | (8 << 8);
      d = CPUID_1_EDX;
      break;
    case 2:
      a = 0xff01;
      break;
    case 4:
      if (sub < 4) {
        a = CACHES[4 * sub];
        b = CACHES[4 * sub + 1];
        c = CACHES[4 * sub + 2];
        d = CACHES[4 * sub + 3];
      }
      break;
    case 0x80000000:
      a = MAX_EXT;
      break;
    case 0x80000001:
      c = 1; // LAHF/SAHF in 64-bit mode
      d = (1 << 11) | (1 << 20) | (1 << 29); // SYSCALL, NX, LM
      break;
    case 0x80000002:
    case 0x80000003:
    case 0x80000004: {
      const i = (leaf - 0x80000002) * 4;
      a = BRAND[i];
      b = BRAND[i + 1];
      c = BRAND[i + 2];
      d = BRAND[i + 3];
      break;
    }
    case 0x80000006:
      c = (256 << 16) | (4 << 12) | 64;
      break;
    case 0x80000008:
      a = 0x3027;
      break;
  }
  set32(cpu, RAX, a);
  set32(cpu, RBX, b);
  set32(cpu, RCX, c);
  set32(cpu, RDX, d);
}

/** Load EDX:EAX with the virtual TSC. */
function readTsc(cpu: Cpu): void {
  const t = tscAt(cpu.icount);
  set32(cpu, RAX, t >>> 0);
  set32(cpu, RDX, Math.floor(t / 4294967296));
}

// SYSCALL: RCX = return address, R11 = RFLAGS; the kernel takes over from there.
defAll(MAP_0F, 0x05, (ctx: Ctx) => {
  const cpu = ctx.cpu;
  const rip = cpu.rip;
  cpu.r[2 * RCX] = rip >>> 0;
  cpu.r[2 * RCX + 1] = Math.floor(rip / 4294967296);
  set32(cpu, R11, getRflags(cpu));
  cpu.stop = Stop.Syscall;
});

defAll(MAP_0F, 0x0b, () => undefinedOpcode()); // UD2

defAll(MAP_0F, 0xa2, (ctx) => {
  const cpu = ctx.cpu;
  cpuid(cpu, cpu.r[2 * RAX], cpu.r[2 * RCX]);
});

defAll(MAP_0F, 0x31, (ctx) => {
  readTsc(ctx.cpu);
});

// 0F 01: of the group-7 forms only RDTSCP (0F 01 F9) is available in user
// mode on this CPU; XGETBV (0F 01 D0) is #UD because OSXSAVE is off. LGDT,
// LIDT, LMSW, INVLPG and SWAPGS are privileged (#GP).
defAll(MAP_0F, 0x01, (ctx, d) => {
  const r = d.reg & 7;
  if (
    d.mod !== 3
      ? r === 2 || r === 3 || r === 6 || r === 7
      : r === 6 || (r === 7 && (d.rm & 7) === 0)
  ) {
    generalProtection();
  }
  if (d.mod !== 3 || r !== 7 || (d.rm & 7) !== 1) undefinedOpcode();
  readTsc(ctx.cpu);
  set32(ctx.cpu, RCX, 0); // IA32_TSC_AUX: Linux stores (node << 12) | cpu, both 0 here.
});
