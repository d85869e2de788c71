/**
 * Memory protection keys on a CPU without PKU: the results of a native
 * run on Linux 6.18 on a host without PKU (the first valid pkey_alloc
 * fails with EINVAL and uses up key 0, later ones fail with ENOSPC).
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const PROT_READ = 1, PROT_WRITE = 2, MAP_PRIVATE = 2, MAP_ANON = 0x20;

Deno.test("pkeys: a CPU without PKU allocates no key; key -1 is mprotect", () => {
  const s = new Sys();
  const m = s.sys("mmap", 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
  assert.equal(s.sys("pkey_alloc", 1, 0), -E.EINVAL, "flags");
  assert.equal(s.sys("pkey_alloc", 0, 4), -E.EINVAL, "PKEY_DISABLE_EXECUTE is not x86's");
  assert.equal(s.sys("pkey_alloc", 0, 1), -E.EINVAL, "key 0 cannot be programmed");
  assert.equal(s.sys("pkey_alloc", 0, 0), -E.ENOSPC, "and is not given back");
  assert.equal(s.sys("pkey_alloc", 0, 3), -E.ENOSPC);
  assert.equal(s.sys("pkey_alloc", 0, 8), -E.EINVAL);
  const child = s.sys("fork");
  assert.equal(
    s.k.vfs.procs.get(child)!.pkeyZeroTaken,
    true,
    "fork copies the address space's keys",
  );
  for (const k of [0, 1, -1, 16]) assert.equal(s.sys("pkey_free", k), -E.EINVAL);
  assert.equal(s.sys("pkey_mprotect", m, 4096, PROT_READ, -1), 0);
  assert.equal(s.mem.findVma(m)!.prot & PROT_WRITE, 0, "applied like mprotect");
  assert.equal(s.sys("pkey_mprotect", m, 4096, PROT_READ, 0), -E.EINVAL);
  assert.equal(s.sys("pkey_mprotect", m, 4096, PROT_READ, 1), -E.EINVAL);
  assert.equal(s.sys("pkey_mprotect", m, 4096, PROT_READ, -2), -E.EINVAL);
  assert.equal(s.sys("pkey_mprotect", m + 1, 4096, PROT_READ, -1), -E.EINVAL);
  assert.equal(s.sys("pkey_mprotect", m, 4096, 0x100, 0), -E.EINVAL);
  assert.equal(s.sys("pkey_mprotect", 0x1000, 4096, PROT_READ, 0), -E.EINVAL, "key before VMA");
  assert.equal(s.sys("pkey_mprotect", 0x1000, 4096, PROT_READ, -1), -E.ENOMEM);
  assert.equal(s.sys("pkey_mprotect", m, 0, PROT_READ, 5), 0, "an empty range succeeds first");
});
