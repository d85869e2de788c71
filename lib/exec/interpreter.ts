/**
 * The reference interpreter: fetch a decoded instruction (cached per code
 * page), advance RIP, run its handler, count it retired.
 * @module
 */

import { Insn } from "../decoder/insn.ts";
import { decode } from "../decoder/decode.ts";
import { type Cpu, Stop } from "./cpu.ts";
import { GuestFault } from "./fault.ts";
import { handlers } from "./handlers.ts";
import { type Memory, type Page, PAGE_SIZE } from "./memory.ts";
import type { Ctx } from "./operands.ts";
import "./ops/all.ts";

/** Decode (or fetch from the per-page cache) the instruction at `rip`. */
export function fetchInsn(mem: Memory, rip: number): Insn {
  const page = mem.codePage(rip);
  const off = rip - Math.floor(rip / PAGE_SIZE) * PAGE_SIZE;
  const cache = page.decoded!;
  let d = cache[off];
  if (d === undefined) {
    d = new Insn();
    decode(mem, rip, d);
    // Decoding may have touched (and so re-marked) the next page; the cache array is still ours.
    if (page.decoded === cache) cache[off] = d;
  }
  return d;
}

/**
 * Run until a stop: SYSCALL, a fault, or `budget` retired instructions.
 * On a fault RIP is left at the faulting instruction and `cpu.fault*` describe it.
 */
export function run(ctx: Ctx, budget: number): Stop {
  const cpu = ctx.cpu;
  const mem = ctx.mem;
  const end = cpu.icount + budget;
  cpu.stop = Stop.None;
  let rip = cpu.rip;
  // The current code page and its decoded-instruction array; revalidated when
  // RIP changes page or a store/unmap/mprotect drops the page's code.
  let vpn = -1;
  let page: Page | null = null;
  let cache: (Insn | undefined)[] | null = null;
  try {
    while (cpu.icount < end) {
      rip = cpu.rip;
      const v = Math.floor(rip / PAGE_SIZE);
      if (v !== vpn || page!.decoded !== cache) {
        page = mem.codePage(rip);
        cache = page.decoded;
        vpn = v;
      }
      let d = cache![rip - v * PAGE_SIZE];
      if (d === undefined) d = fetchInsn(mem, rip);
      cpu.rip = rip + d.len;
      handlers[d.op](ctx, d);
      cpu.icount++;
      if (cpu.stop !== Stop.None) return cpu.stop;
    }
    return Stop.Budget;
  } catch (e) {
    if (!(e instanceof GuestFault)) throw e;
    return recordFault(cpu, e, rip);
  }
}

/** Store a fault in the CPU and rewind to the faulting instruction. */
export function recordFault(cpu: Cpu, e: GuestFault, rip: number): Stop {
  cpu.rip = rip;
  cpu.faultSignal = e.signal;
  cpu.faultCode = e.code;
  cpu.faultAddr = e.addr === 0 && e.signal !== 11 ? rip : e.addr;
  cpu.faultTrap = e.trap;
  cpu.faultErr = e.err;
  return Stop.Fault;
}
