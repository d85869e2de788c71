/**
 * NUMA calls on a single node: modes, flags and node masks validated as
 * Linux does with one node and MAX_NUMNODES 1024, policies stored per
 * thread and per VMA and reported back by get_mempolicy. Expected values
 * are those of a native run on Linux 6.18 with one node.
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const PROT_RW = 3, MAP_PRIVATE = 2, MAP_ANON = 0x20;
const DEF = 0, PREF = 1, BIND = 2, INTER = 3, LOCAL = 4, PREFMANY = 5, WPI = 6;
const STATIC = 1 << 15, REL = 1 << 14, BAL = 1 << 13;
const NODE = 1, ADDR = 2, MEMS = 4;
const STRICT = 1, MOVE = 2, MOVEALL = 4;

/** A node mask of `words` longs in scratch memory with the given bits set. */
function mask(s: Sys, bits: number[], words = 16): number {
  const a = s.alloc(words * 8);
  for (const b of bits) s.mem.write8(a + (b >> 3), s.mem.read8(a + (b >> 3)) | (1 << (b & 7)));
  return a;
}

/** get_mempolicy's mode and first mask word (as a bigint) for `addr`/`flags`. */
function policy(s: Sys, addr = 0, flags = 0): [number, number, bigint] {
  const m = s.alloc(8), nm = s.alloc(16);
  s.mem.writeBytes(nm, new Uint8Array(16).fill(0xaa));
  const r = s.sys("get_mempolicy", m, nm, 64, addr, flags);
  const lo = BigInt(s.mem.read32(nm)), hi = BigInt(s.mem.read32(nm + 4));
  return [r, s.mem.read32(m), (hi << 32n) | lo];
}

Deno.test("NUMA: one node; policies are validated, stored per thread and VMA and reported back", () => {
  const s = new Sys();
  const mode = s.alloc(8), nm = s.alloc(256);
  s.mem.writeBytes(nm, new Uint8Array(256).fill(0xaa));
  assert.equal(s.sys("get_mempolicy", mode, nm, 1024, 0, 0), 0);
  assert.equal(s.mem.read32(mode), DEF);
  assert.equal(s.mem.read32(nm + 8), 0, "the rest of the mask is cleared");
  s.mem.writeBytes(nm, new Uint8Array(16).fill(0xaa));
  assert.equal(s.sys("get_mempolicy", mode, nm, 1, 0, 0), 0);
  assert.equal(s.mem.read32(nm), 0xaaaaaaaa, "a mask of 0 bits is not written");
  assert.equal(s.sys("get_mempolicy", mode, nm, 65, 0, 0), 0);
  assert.equal(s.mem.read32(nm + 8), 0xaaaaaaaa, "only ALIGN(maxnode - 1, 64) bits are written");
  assert.equal(s.sys("get_mempolicy", mode, nm, 0, 0, 0), -E.EINVAL);
  assert.equal(s.sys("get_mempolicy", mode, 0, 0, 0, 0), 0);
  assert.equal(s.sys("get_mempolicy", 0, 0, 0, 0, 0), 0);
  assert.deepEqual(policy(s, 0, MEMS), [0, 0, 1n]);
  assert.equal(s.sys("get_mempolicy", mode, 0, 0, 0, MEMS | NODE), -E.EINVAL);
  assert.equal(s.sys("get_mempolicy", mode, 0, 0, 0, NODE), -E.EINVAL, "not interleaving");
  assert.equal(s.sys("get_mempolicy", mode, 0, 0, 0, ADDR), -E.EFAULT);
  assert.equal(s.sys("get_mempolicy", mode, 0, 0, 0x10000000, 0), -E.EINVAL);
  assert.equal(s.sys("get_mempolicy", mode, 0, 0, 0, 8), -E.EINVAL);
  assert.equal(s.sys("get_mempolicy", 1, 0, 0, 0, 0), -E.EFAULT);
  assert.equal(s.sys("get_mempolicy", mode, 1, 64, 0, 0), -E.EFAULT);
  assert.equal(s.sys("get_mempolicy", mode, nm, 40000, 0, 0), -E.EINVAL, "over a page");

  assert.equal(s.sys("set_mempolicy", BIND, mask(s, [0]), 2), 0);
  assert.deepEqual(policy(s), [0, BIND, 1n]);
  assert.equal(s.sys("set_mempolicy", BIND | STATIC, mask(s, [0, 1]), 64), 0);
  assert.deepEqual(policy(s), [0, BIND | STATIC, 3n], "static masks come back as given");
  assert.equal(s.sys("set_mempolicy", BIND | STATIC | REL, mask(s, [0]), 64), -E.EINVAL);
  assert.equal(s.sys("set_mempolicy", BIND | REL, mask(s, [1]), 64), 0, "folded onto node 0");
  assert.deepEqual(policy(s), [0, BIND | REL, 2n]);
  assert.equal(s.sys("set_mempolicy", BIND | BAL, mask(s, [0]), 64), 0);
  assert.deepEqual(policy(s), [0, BIND | BAL, 1n]);
  assert.equal(s.sys("set_mempolicy", PREF | BAL, mask(s, [0]), 64), -E.EINVAL);
  assert.equal(s.sys("set_mempolicy", PREFMANY | BAL, mask(s, [0]), 64), 0);
  assert.equal(s.sys("set_mempolicy", BIND, mask(s, [1]), 64), -E.EINVAL, "no node 1");
  assert.equal(s.sys("set_mempolicy", BIND, mask(s, [0, 1]), 64), 0);
  assert.deepEqual(policy(s), [0, BIND, 1n], "the nodes in use");
  assert.equal(s.sys("set_mempolicy", BIND, mask(s, []), 64), -E.EINVAL);
  assert.equal(s.sys("set_mempolicy", PREF, mask(s, []), 64), 0);
  assert.deepEqual(policy(s), [0, LOCAL, 0n], "preferred with no node is local");
  assert.equal(s.sys("set_mempolicy", PREF | STATIC, mask(s, []), 64), -E.EINVAL);
  assert.equal(s.sys("set_mempolicy", PREF, mask(s, [0]), 64), 0);
  assert.deepEqual(policy(s), [0, PREF, 1n]);
  assert.equal(s.sys("set_mempolicy", DEF, mask(s, [0]), 64), -E.EINVAL);
  assert.equal(s.sys("set_mempolicy", DEF | STATIC, 0, 0), 0);
  assert.deepEqual(policy(s), [0, DEF, 0n]);
  assert.equal(s.sys("set_mempolicy", LOCAL, mask(s, [0]), 64), -E.EINVAL);
  assert.equal(s.sys("set_mempolicy", INTER, mask(s, [0]), 64), 0);
  assert.equal(s.sys("get_mempolicy", mode, 0, 0, 0, NODE), 0, "the next interleave node");
  assert.equal(s.sys("set_mempolicy", WPI, mask(s, [0]), 64), 0);
  assert.deepEqual(policy(s), [0, WPI, 1n]);
  for (const m of [7, -1]) assert.equal(s.sys("set_mempolicy", m, mask(s, [0]), 64), -E.EINVAL);
  assert.equal(s.sys("set_mempolicy", BIND, mask(s, [0]), 0), -E.EINVAL, "no bits");
  assert.equal(s.sys("set_mempolicy", BIND, mask(s, [0]), 1), -E.EINVAL, "maxnode - 1 bits");
  assert.equal(s.sys("set_mempolicy", BIND, 0, 64), -E.EINVAL);
  assert.equal(s.sys("set_mempolicy", BIND, 8, 64), -E.EFAULT);
  assert.equal(s.sys("set_mempolicy", BIND, mask(s, [0, 960]), 1024), 0);
  assert.equal(s.sys("set_mempolicy", BIND, mask(s, [0, 64]), 65), 0, "bit 64 is not read");
  assert.equal(s.sys("set_mempolicy", BIND, mask(s, [0, 1024], 17), 1026), -E.EINVAL);
  assert.equal(s.sys("set_mempolicy", BIND, mask(s, [0, 1030], 17), 1026), -E.EINVAL, "whole word");
  assert.equal(s.sys("set_mempolicy", BIND, mask(s, [0], 600), 4096 * 8 + 2), -E.EINVAL);
  const child = s.k.threads.get(s.sys("fork"))!;
  assert.equal(child.mempolicy, s.main.mempolicy, "inherited");
});

Deno.test("NUMA: mbind splits and merges VMAs, checks holes, and home nodes", () => {
  const s = new Sys();
  const m = s.sys("mmap", 0, 4 * 4096, PROT_RW, MAP_PRIVATE | MAP_ANON, -1, 0);
  const one = mask(s, [0]);
  assert.equal(s.sys("mbind", m, 4096, BIND, one, 64, 0), 0);
  assert.deepEqual(policy(s, m, ADDR), [0, BIND, 1n]);
  assert.deepEqual(policy(s, m + 4096, ADDR), [0, DEF, 0n], "only the range");
  assert.equal(s.mem.findVma(m)!.end, m + 4096, "the VMA was split");
  assert.equal(s.sys("mbind", m + 1, 4096, BIND, one, 64, 0), -E.EINVAL);
  assert.equal(s.sys("mbind", m, 0, BIND, one, 64, 0), 0);
  assert.equal(s.sys("mbind", 0x1000, 4096, BIND, one, 64, 0), -E.EFAULT);
  assert.equal(s.sys("mbind", 0x1000, 4096, DEF, 0, 0, 0), -E.EFAULT, "all of it a hole");
  assert.equal(s.sys("mbind", m, 5 * 4096, BIND, one, 64, 0), -E.EFAULT, "hole at the tail");
  assert.equal(s.sys("mbind", m - 4096, 2 * 4096, BIND, one, 64, 0), -E.EFAULT, "at the head");
  for (const f of [STRICT, MOVE, MOVEALL]) {
    assert.equal(s.sys("mbind", m, 4096, BIND, one, 64, f), 0);
  }
  assert.equal(s.sys("mbind", m, 4096, BIND, one, 64, 8), -E.EINVAL);
  assert.equal(s.sys("mbind", m, 4096, 7, one, 64, 0), -E.EINVAL);
  assert.equal(s.sys("mbind", m, 4096, BIND | BAL, one, 64, 0), -E.EINVAL);
  assert.equal(s.sys("mbind", m, 4096, PREF | STATIC, mask(s, []), 64, 0), -E.EINVAL);
  assert.equal(s.sys("mbind", m + 4096, 4096, LOCAL, 0, 0, 0), 0);
  assert.deepEqual(policy(s, m + 4096, ADDR), [0, LOCAL, 0n]);
  assert.equal(s.sys("get_mempolicy", s.alloc(8), 0, 0, m + 4096, ADDR | NODE), 0);
  assert.equal(s.sys("mbind", m + 2 * 4096, 2 * 4096, BIND, one, 64, 0), 0);
  assert.equal(s.sys("set_mempolicy_home_node", m, 4096, 0, 0), 0, "m is BIND");
  assert.equal(s.sys("mbind", m, 4096, DEF, 0, 0, STRICT), 0, "back to the default");
  assert.deepEqual(policy(s, m, ADDR), [0, DEF, 0n]);
  assert.equal(s.sys("set_mempolicy_home_node", m, 4096, 0, 0), -E.ENOENT, "no policy");
  assert.equal(s.sys("set_mempolicy_home_node", m, 4096, 0, 1), -E.EINVAL);
  assert.equal(s.sys("set_mempolicy_home_node", m, 4096, 1, 0), -E.EINVAL);
  assert.equal(s.sys("set_mempolicy_home_node", m, 4096, -1, 0), -E.EINVAL);
  assert.equal(s.sys("set_mempolicy_home_node", m + 1, 4096, 0, 0), -E.EINVAL);
  assert.equal(s.sys("set_mempolicy_home_node", m, 0, 0, 0), 0);
  assert.equal(s.sys("set_mempolicy_home_node", m + 4096, 4096, 0, 0), -E.EOPNOTSUPP, "LOCAL");
  assert.equal(s.sys("set_mempolicy_home_node", m + 2 * 4096, 4096, 0, 0), 0);
  assert.equal(s.sys("set_mempolicy_home_node", 0x1000, 4096, 0, 0), -E.ENOENT);
  assert.equal(s.mem.findVma(m + 2 * 4096)!.end, m + 3 * 4096, "a home splits a VMA");
  assert.equal(s.sys("set_mempolicy_home_node", m + 3 * 4096, 4096, 0, 0), 0);
  assert.equal(s.mem.findVma(m + 2 * 4096)!.end, m + 4 * 4096, "alike again: merged");
  assert.equal(s.sys("munmap", m, 4 * 4096), 0);
  assert.equal(s.sys("mmap", m, 4 * 4096, PROT_RW, MAP_PRIVATE | MAP_ANON | 0x10, -1, 0), m);
  assert.deepEqual(policy(s, m + 2 * 4096, ADDR), [0, DEF, 0n], "a new mapping has none");
});

Deno.test("NUMA: migrate_pages and move_pages on one node", () => {
  const s = new Sys();
  const m = s.sys("mmap", 0, 4 * 4096, PROT_RW, MAP_PRIVATE | MAP_ANON, -1, 0);
  const one = mask(s, [0]), n1 = mask(s, [1]), none = mask(s, []);
  assert.equal(s.sys("migrate_pages", 0, 64, one, one), 0);
  assert.equal(s.sys("migrate_pages", s.p.pid, 64, one, one), 0);
  assert.equal(s.sys("migrate_pages", 99999, 64, one, one), -E.ESRCH);
  assert.equal(s.sys("migrate_pages", -1, 64, one, one), -E.ESRCH);
  assert.equal(s.sys("migrate_pages", 0, 64, n1, one), 0);
  assert.equal(s.sys("migrate_pages", 0, 64, one, n1), -E.EINVAL);
  assert.equal(s.sys("migrate_pages", 0, 64, one, none), -E.EINVAL);
  assert.equal(s.sys("migrate_pages", 0, 0, 0, 0), -E.EINVAL);
  assert.equal(s.sys("migrate_pages", 0, 64, 8, one), -E.EFAULT);

  s.mem.write8(m, 1);
  const pages = s.alloc(24), nodes = s.alloc(12), status = s.alloc(12);
  [m, m + 4096, 0x1000].forEach((a, i) => s.mem.write64(pages + i * 8, a >>> 0, a / 2 ** 32));
  const st = () => [0, 1, 2].map((i) => s.mem.read32(status + i * 4) | 0);
  assert.equal(s.sys("move_pages", 0, 3, pages, 0, status, 0), 0);
  assert.deepEqual(st(), [0, -E.ENOENT, -E.EFAULT]);
  s.mem.writeBytes(status, new Uint8Array(12).fill(9));
  assert.equal(s.sys("move_pages", 0, 3, pages, nodes, status, 0), 0);
  assert.deepEqual(st(), [0, -E.ENOENT, -E.EFAULT]);
  s.mem.writeBytes(status, new Uint8Array(12).fill(9));
  s.mem.write32(nodes + 4, 1);
  assert.equal(s.sys("move_pages", 0, 3, pages, nodes, status, 0), -E.ENODEV);
  assert.deepEqual(st(), [0, 0x09090909, 0x09090909], "statuses before the bad node are stored");
  s.mem.write32(nodes + 4, 0);
  assert.equal(s.sys("move_pages", 0, 3, pages, nodes, status, 1), -E.EINVAL);
  assert.equal(s.sys("move_pages", 0, 3, pages, nodes, status, MOVE), 0);
  assert.equal(s.sys("move_pages", 0, 3, pages, nodes, status, MOVEALL), 0);
  assert.equal(s.sys("move_pages", 0, 0, pages, nodes, status, 0), 0);
  assert.equal(s.sys("move_pages", 99999, 1, pages, nodes, status, 0), -E.ESRCH);
  assert.equal(s.sys("move_pages", 0, 1, 0, nodes, status, 0), -E.EFAULT);
  assert.equal(s.sys("move_pages", 0, 1, pages, nodes, 0, 0), -E.EFAULT);
  assert.equal(s.sys("move_pages", 0, 1, pages, 0, 0, 0), -E.EFAULT);
});
