/**
 * The text of procfs files, rendered from kernel and process state in
 * Linux's formats.
 * @module
 */

import { procFilesystems } from "./fstypes.ts";
import { nanosAt } from "../../exec/virtual_clock.ts";
import type { Kernel } from "../kernel.ts";
import { type Process, ProcState } from "../process.ts";
import { ThreadState } from "../thread.ts";
import { devMajor, devMinor, type Inode } from "./inode.ts";
import { binToBytes, hostToBin } from "./bytes.ts";
import { resolve } from "./namei.ts";
import * as P from "./procfs.ts";
import { CPUID_1_EDX } from "../../exec/cpuid.ts";
import { PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE } from "../../exec/memory.ts";
import { USER_HZ } from "../time.ts";
import { sysvipcMsg, sysvipcSem, sysvipcShm } from "../ipc/proc_sysvipc.ts";

/** Memory the machine claims to have (sysinfo, /proc/meminfo). */
export const TOTAL_RAM = 4 * 1024 * 1024 * 1024;

const hex = (v: number, w: number) => v.toString(16).padStart(w, "0");

/** Rendered contents of procfs file `n` opened by `caller`. */
export function procContent(k: Kernel, caller: Process, n: Inode): Uint8Array {
  return binToBytes(render(k, caller, n));
}

function render(k: Kernel, caller: Process, n: Inode): string {
  const p = k.vfs.procs.get(n.procPid) ?? caller;
  const enc = (ss: string[]) => ss.map((s) => hostToBin(s) + "\0").join("");
  switch (n.procKind) {
    case P.PROC_CMDLINE:
      return enc(p.argv);
    case P.PROC_ENVIRON:
      return enc(p.env);
    case P.PROC_COMM:
      return p.comm + "\n";
    case P.PROC_MAPS:
      return maps(k, p);
    case P.PROC_STATUS:
      return status(p);
    case P.PROC_STAT:
      return stat(p);
    case P.PROC_LIMITS:
      return limits(p);
    case P.PROC_MOUNTS:
      return k.vfs.mounts.map((m) =>
        `${m.fs.type} ${m.path} ${m.fs.type} ${m.fs.readOnly ? "ro" : "rw"},relatime 0 0\n`
      )
        .join("");
    case P.PROC_CPUINFO:
      return cpuinfo();
    case P.PROC_MEMINFO:
      return meminfo(p);
    case P.PROC_UPTIME: {
      const cs = Math.floor(k.elapsedNs() / 1e7);
      return `${Math.floor(cs / 100)}.${String(cs % 100).padStart(2, "0")} 0.00\n`;
    }
    case P.PROC_VERSION:
      return `${k.uts.sysname} version ${k.uts.release} (linuxvm@linuxvm) (linuxvm) ${k.uts.version}\n`;
    case P.PROC_LOADAVG:
      return `0.00 0.00 0.00 1/${k.vfs.procs.size} ${caller.pid}\n`;
    case P.PROC_FILESYSTEMS:
      return procFilesystems();
    case P.PROC_HOSTNAME:
      return k.uts.nodename + "\n";
    case P.PROC_OSRELEASE:
      return k.uts.release + "\n";
    case P.PROC_OSTYPE:
      return k.uts.sysname + "\n";
    case P.PROC_KVERSION:
      return k.uts.version + "\n";
    case P.PROC_PID_MAX:
      return "4194304\n";
    case P.PROC_NGROUPS_MAX:
      return "65536\n";
    case P.PROC_OVERCOMMIT:
      return "0\n";
    case P.PROC_MAX_MAP_COUNT:
      return "65530\n";
    case P.PROC_NR_OPEN:
      return "1048576\n";
    case P.PROC_PIPE_MAX:
      return "1048576\n";
    case P.PROC_SYSVIPC_SHM:
      return sysvipcShm(k);
    case P.PROC_SYSVIPC_SEM:
      return sysvipcSem(k);
    case P.PROC_SYSVIPC_MSG:
      return sysvipcMsg(k);
  }
  return "";
}

/** /proc/pid/maps: one line per VMA, names padded to column 73 as Linux's show_map_vma does. */
function maps(k: Kernel, p: Process): string {
  const files = new Map<string, Inode | null>();
  let out = "";
  for (const v of p.mem.vmas) {
    const fm = p.fileMaps.find((m) => m.start <= v.start && v.start < m.end);
    let node: Inode | null = fm?.inode ?? null;
    if (node === null && v.name.startsWith("/")) {
      if (!files.has(v.name)) {
        let found: Inode | null = null;
        try {
          found = resolve(k.vfs, p, k.vfs.root, hostToBin(v.name), true).inode;
        } catch { /* the file is gone: show it without device and inode */ }
        files.set(v.name, found);
      }
      node = files.get(v.name)!;
    }
    const perms = ((v.prot & PROT_READ) ? "r" : "-") + ((v.prot & PROT_WRITE) ? "w" : "-") +
      ((v.prot & PROT_EXEC) ? "x" : "-") + ((v.flags & 1) ? "s" : "p");
    const dev = node === null
      ? "00:00"
      : `${hex(devMajor(node.fs.dev), 2)}:${hex(devMinor(node.fs.dev), 2)}`;
    const offset = node === null ? 0 : v.offset - (v.offset % PAGE_SIZE);
    let line = `${hex(v.start, 8)}-${hex(v.end, 8)} ${perms} ${hex(offset, 8)} ${dev} ${
      node?.ino ?? 0
    } `;
    if (v.name !== "") line = line.padEnd(72, " ") + " " + hostToBin(v.name);
    out += line + "\n";
  }
  return out;
}

function sigHex(lo: number, hi: number): string {
  return hex(hi, 8) + hex(lo, 8);
}

/** Signal sets of dispositions: ignored and caught (handler installed). */
function dispositions(p: Process): [string, string] {
  let ilo = 0, ihi = 0, clo = 0, chi = 0;
  for (let s = 1; s <= 64; s++) {
    const h = p.sigactions[s].handler;
    const b = s - 1;
    if (h === 1) {
      if (b < 32) ilo |= 1 << b;
      else ihi |= 1 << (b - 32);
    } else if (h !== 0) {
      if (b < 32) clo |= 1 << b;
      else chi |= 1 << (b - 32);
    }
  }
  return [sigHex(ilo >>> 0, ihi >>> 0), sigHex(clo >>> 0, chi >>> 0)];
}

function vmSizeKb(p: Process): number {
  let n = 0;
  for (const v of p.mem.vmas) n += v.end - v.start;
  return n / 1024;
}

function rssKb(p: Process): number {
  return (p.mem.pages.size * PAGE_SIZE) / 1024;
}

/** The task state /proc shows: running (any thread can run), sleeping, stopped, or zombie. */
function taskState(p: Process): string {
  if (p.state !== ProcState.Alive) return "Z (zombie)";
  if (p.stopped) return "T (stopped)";
  const running = p.threads.some((t) => t.state === ThreadState.Runnable);
  return running ? "R (running)" : "S (sleeping)";
}

function status(p: Process): string {
  const c = p.cred;
  const [ign, cgt] = dispositions(p);
  const caps = c.capEffective ? "000001ffffffffff" : "0000000000000000";
  const prm = c.capPermitted ? "000001ffffffffff" : "0000000000000000";
  const kb = (v: number) => `${String(Math.round(v)).padStart(8, " ")} kB`;
  return [
    `Name:\t${p.comm}`,
    `Umask:\t${p.umask.toString(8).padStart(4, "0")}`,
    `State:\t${taskState(p)}`,
    `Tgid:\t${p.pid}`,
    "Ngid:\t0",
    `Pid:\t${p.pid}`,
    `PPid:\t${p.ppid}`,
    "TracerPid:\t0",
    `Uid:\t${c.uid}\t${c.euid}\t${c.suid}\t${c.fsuid}`,
    `Gid:\t${c.gid}\t${c.egid}\t${c.sgid}\t${c.fsgid}`,
    `FDSize:\t${Math.max(64, 2 ** Math.ceil(Math.log2(Math.max(p.fds.size(), 1))))}`,
    `Groups:\t${c.groups.join(" ")} `,
    `VmPeak:\t${kb(vmSizeKb(p))}`,
    `VmSize:\t${kb(vmSizeKb(p))}`,
    `VmHWM:\t${kb(rssKb(p))}`,
    `VmRSS:\t${kb(rssKb(p))}`,
    `Threads:\t${p.threads.length}`,
    `SigQ:\t0/${p.rlimits[11].cur}`,
    `SigPnd:\t${sigHex(p.thread.pendingLo, p.thread.pendingHi)}`,
    `ShdPnd:\t${sigHex(p.pendingLo, p.pendingHi)}`,
    `SigBlk:\t${sigHex(p.sigmaskLo, p.sigmaskHi)}`,
    `SigIgn:\t${ign}`,
    `SigCgt:\t${cgt}`,
    "CapInh:\t0000000000000000",
    `CapPrm:\t${prm}`,
    `CapEff:\t${caps}`,
    "CapBnd:\t000001ffffffffff",
    "CapAmb:\t0000000000000000",
    `NoNewPrivs:\t${p.noNewPrivs}`,
    "Seccomp:\t0",
    "Cpus_allowed:\t1",
    "Cpus_allowed_list:\t0",
    "voluntary_ctxt_switches:\t0",
    "nonvoluntary_ctxt_switches:\t0",
    "",
  ].join("\n");
}

function stat(p: Process): string {
  const [ign, cgt] = dispositions(p);
  const ticks = Math.floor((nanosAt(p.insns())) / (1e9 / USER_HZ));
  const code = p.mem.vmas.find((v) => (v.prot & PROT_EXEC) !== 0 && v.name.startsWith("/"));
  const stack = p.mem.vmas.find((v) => v.name === "[stack]");
  const f = [
    p.pid,
    `(${p.comm})`,
    taskState(p)[0],
    p.ppid,
    p.pgid,
    p.sid,
    0,
    -1,
    4194304,
    p.mem.pages.size,
    0,
    0,
    0,
    ticks,
    0,
    Math.floor(nanosAt(p.childInsns) / (1e9 / USER_HZ)),
    0,
    20 + p.nice,
    p.nice,
    p.threads.length,
    0,
    0,
    vmSizeKb(p) * 1024,
    p.mem.pages.size,
    "18446744073709551615",
    code?.start ?? 0,
    code?.end ?? 0,
    stack?.end ?? 0,
    0,
    0,
    0,
    BigInt("0x" + sigHex(p.sigmaskLo, p.sigmaskHi)).toString(),
    BigInt("0x" + ign).toString(),
    BigInt("0x" + cgt).toString(),
    0,
    0,
    0,
    17,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    p.brkStart,
    0,
    0,
    0,
    0,
    0,
  ];
  return f.join(" ") + "\n";
}

const LIMIT_NAMES: readonly [string, string][] = [
  ["Max cpu time", "seconds"],
  ["Max file size", "bytes"],
  ["Max data size", "bytes"],
  ["Max stack size", "bytes"],
  ["Max core file size", "bytes"],
  ["Max resident set", "bytes"],
  ["Max processes", "processes"],
  ["Max open files", "files"],
  ["Max locked memory", "bytes"],
  ["Max address space", "bytes"],
  ["Max file locks", "locks"],
  ["Max pending signals", "signals"],
  ["Max msgqueue size", "bytes"],
  ["Max nice priority", ""],
  ["Max realtime priority", ""],
  ["Max realtime timeout", "us"],
];

function limits(p: Process): string {
  const v = (x: number) => (x === Infinity ? "unlimited" : String(x));
  let out = `${"Limit".padEnd(25)} ${"Soft Limit".padEnd(20)} ${"Hard Limit".padEnd(20)} ${
    "Units".padEnd(10)
  }\n`;
  LIMIT_NAMES.forEach(([name, unit], i) => {
    const l = p.rlimits[i];
    out += `${name.padEnd(25)} ${v(l.cur).padEnd(20)} ${v(l.max).padEnd(20)} ${unit.padEnd(10)}\n`;
  });
  return out;
}

/** CPUID leaf 1 EDX bits and their /proc/cpuinfo flag names. */
const EDX_FLAGS: readonly [number, string][] = [
  [0, "fpu"],
  [4, "tsc"],
  [8, "cx8"],
  [15, "cmov"],
  [19, "clflush"],
  [23, "mmx"],
  [24, "fxsr"],
  [25, "sse"],
  [26, "sse2"],
];

function cpuinfo(): string {
  const flags = EDX_FLAGS.filter(([b]) => (CPUID_1_EDX >>> b) & 1).map(([, n]) => n);
  flags.push("syscall", "lm");
  return [
    "processor\t: 0",
    "vendor_id\t: GenuineIntel",
    "cpu family\t: 6",
    "model\t\t: 0",
    "model name\t: linuxvm virtual CPU",
    "stepping\t: 0",
    "cpu MHz\t\t: 1000.000",
    "cache size\t: 0 KB",
    "physical id\t: 0",
    "siblings\t: 1",
    "core id\t\t: 0",
    "cpu cores\t: 1",
    "fpu\t\t: yes",
    "fpu_exception\t: yes",
    "cpuid level\t: 1",
    "wp\t\t: yes",
    `flags\t\t: ${flags.join(" ")}`,
    "bogomips\t: 2000.00",
    "clflush size\t: 64",
    "cache_alignment\t: 64",
    "address sizes\t: 48 bits physical, 48 bits virtual",
    "",
    "",
  ].join("\n");
}

function meminfo(p: Process): string {
  const total = TOTAL_RAM / 1024;
  const used = rssKb(p);
  const line = (name: string, kb: number) =>
    `${(name + ":").padEnd(16)}${String(Math.round(kb)).padStart(8)} kB`;
  return [
    line("MemTotal", total),
    line("MemFree", total - used),
    line("MemAvailable", total - used),
    line("Buffers", 0),
    line("Cached", 0),
    line("SwapCached", 0),
    line("SwapTotal", 0),
    line("SwapFree", 0),
    line("Shmem", 0),
    "",
  ].join("\n");
}
