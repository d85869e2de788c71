/**
 * execve and execveat: replace the calling process's image with a static
 * ELF executable (or a `#!` script's interpreter) from the guest file
 * system, a host mount included. Other threads end, close-on-exec
 * descriptors close, caught signals revert to their default action, and a
 * vfork parent resumes.
 * @module
 */

import { detachAllShm } from "../ipc/shm.ts";
import type { Kernel } from "../kernel.ts";
import { type Process, ProcState, RLIMIT_STACK } from "../process.ts";
import { DynamicElfError, ElfError, parseElf } from "../elf.ts";
import { loadImage } from "../loader.ts";
import { CPUID_1_EDX } from "../../exec/cpuid.ts";
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW, atBase, resolve } from "../fs/namei.ts";
import { MAY_EXEC, permitted } from "../fs/perm.ts";
import { readData, refresh } from "../fs/fsops.ts";
import { binToBytes, binToHost } from "../fs/bytes.ts";
import type { Inode } from "../fs/inode.ts";
import { exitThread } from "../lifecycle.ts";
import { flushAll } from "../vma.ts";
import { dropTimers } from "../sigtimer.ts";
import { SIG_IGN } from "../signals.ts";
import { arg, argInt, readCStr, readPath, readU64 } from "./uaccess.ts";
import {
  E2BIG,
  EACCES,
  EBADF,
  EFAULT,
  EINVAL,
  ELOOP,
  ENOENT,
  ENOEXEC,
  ENOTDIR,
  fail,
} from "../errno.ts";

/** Longest single argument or environment string, NUL included (MAX_ARG_STRLEN: 32 pages). */
const MAX_ARG_STRLEN = 32 * 4096;
/** Bytes of a file's start that binfmt_script looks at (BINPRM_BUF_SIZE). */
const BINPRM_BUF_SIZE = 256;
/** Nested `#!` interpreters allowed before ELOOP (binfmt's recursion limit). */
const MAX_INTERP_DEPTH = 4;
/** sigaltstack flags after exec. */
const SS_DISABLE = 2;

/** Read a NULL-terminated array of string pointers (argv or envp); a NULL array is empty. */
function readStrings(p: Process, addr: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (addr === 0) return out;
  for (let i = 0;; i++) {
    const ptr = readU64(p.mem, addr + 8 * i);
    if (ptr === 0) return out;
    const s = readCStr(p.mem, ptr, MAX_ARG_STRLEN);
    if (s === null) fail(E2BIG);
    out.push(binToBytes(s));
  }
}

/**
 * The argument vector at `addr`. An empty one gets "" as argv[0], as Linux
 * (5.18 and later) gives it, so programs that start at argv[1] never walk
 * into the environment.
 */
function readArgv(p: Process, addr: number): Uint8Array[] {
  const argv = readStrings(p, addr);
  if (argv.length === 0) argv.push(new Uint8Array(0));
  return argv;
}

/** A file to exec: its contents and its absolute path (what /proc/PID/exe shows). */
interface Executable {
  bytes: Uint8Array;
  path: string;
}

/** The contents of executable `n`: a regular file with execute permission. */
function contents(p: Process, n: Inode): Uint8Array {
  if (!n.isReg() || !permitted(p.cred, n, MAY_EXEC)) fail(EACCES);
  refresh(n);
  return readData(n, 0, n.size);
}

/** Look up an executable (symlinks followed unless `follow` is false: then ELOOP). */
function open(k: Kernel, p: Process, base: Inode, path: string, follow: boolean): Executable {
  if (path.length === 0) fail(ENOENT);
  const r = resolve(k.vfs, p, base, path, follow);
  if (r.inode === null) fail(ENOENT);
  if (r.slash && !r.inode.isDir()) fail(ENOTDIR);
  if (r.inode.isLink()) fail(ELOOP);
  const bytes = contents(p, r.inode);
  const dir = k.vfs.pathOf(r.parent);
  return { bytes, path: (dir === "/" ? "" : dir) + "/" + r.name };
}

/** The interpreter and optional argument of a `#!` line, or null if `bytes` is no script. */
function shebang(bytes: Uint8Array): [string, string | null] | null {
  if (bytes[0] !== 0x23 || bytes[1] !== 0x21) return null;
  let line = "";
  const end = Math.min(bytes.length, BINPRM_BUF_SIZE);
  let i = 2;
  for (; i < end && bytes[i] !== 0x0a; i++) line += String.fromCharCode(bytes[i]);
  const trimmed = line.replace(/^[ \t]+/, "").replace(/[ \t]+$/, "");
  // An interpreter path cut off by the buffer's end cannot be run.
  if (i === end && end === BINPRM_BUF_SIZE && !/[ \t]/.test(trimmed)) fail(ENOEXEC);
  if (trimmed.length === 0) fail(ENOEXEC);
  const sep = trimmed.search(/[ \t]/);
  if (sep < 0) return [trimmed, null];
  return [trimmed.slice(0, sep), trimmed.slice(sep).replace(/^[ \t]+/, "")];
}

/** Check that argv and envp fit the argument space (a quarter of the stack limit, as Linux). */
function checkArgSpace(p: Process, argv: Uint8Array[], env: Uint8Array[]): void {
  let total = 0;
  for (const s of [...argv, ...env]) total += s.length + 1 + 8;
  const limit = Math.max(32 * 4096, Math.min(p.rlimits[RLIMIT_STACK].cur / 4, 6 << 20));
  if (total > limit) fail(E2BIG);
}

/**
 * Replace `p`'s image with file `exe`, found at `path`. `filename` is the
 * name the caller gave (AT_EXECFN and the new comm); it differs from
 * `path` once a script's interpreter is being run.
 */
function execFile(
  k: Kernel,
  p: Process,
  filename: string,
  path: string,
  exe: Executable,
  argv: Uint8Array[],
  env: Uint8Array[],
  depth: number,
): number {
  const script = shebang(exe.bytes);
  if (script !== null) {
    if (depth >= MAX_INTERP_DEPTH) fail(ELOOP);
    const [interp, opt] = script;
    const next: Uint8Array[] = [binToBytes(interp)];
    if (opt !== null) next.push(binToBytes(opt));
    next.push(binToBytes(path), ...argv.slice(1));
    const target = open(k, p, atBase(p, AT_FDCWD, interp), interp, true);
    return execFile(k, p, filename, interp, target, next, env, depth + 1);
  }
  let elf;
  try {
    elf = parseElf(exe.bytes);
  } catch (e) {
    if (e instanceof DynamicElfError) fail(ENOENT); // its interpreter is not in this machine
    if (e instanceof ElfError) fail(ENOEXEC);
    throw e;
  }
  checkArgSpace(p, argv, env);
  const exePath = exe.path;
  const image = loadImage(exe.bytes, elf, {
    argv,
    env,
    execfn: binToHost(filename),
    random: k.randomBytes(16),
    hwcap: CPUID_1_EDX,
    name: binToHost(exePath),
  });
  // The point of no return: the old image goes away.
  const t = p.thread;
  for (const o of [...p.threads]) if (o !== t) exitThread(k, o);
  flushAll(k, p);
  dropTimers(k, p, true); // interval timers survive execve, POSIX timers do not
  const shared = [...k.vfs.procs.values()].filter((q) => q !== p && q.state === ProcState.Alive);
  if (!shared.some((q) => q.mem === p.mem)) {
    detachAllShm(k, p);
    p.mem.release();
  }
  p.mem = image.mem;
  p.fileMaps = [];
  p.shmMaps = [];
  p.aio = []; // the rings went with the old address space
  p.pkeyZeroTaken = false;
  p.brkStart = p.brk = image.brk;
  image.cpu.icount = t.cpu.icount;
  t.cpu = image.cpu;
  if (t.tid !== p.pid) k.renameThread(t, p.pid);
  t.clearChildTid = 0;
  t.robustHead = t.robustLen = 0;
  t.altSp = t.altSize = 0;
  t.altFlags = SS_DISABLE;
  if (shared.some((q) => q.fds === p.fds)) p.fds = p.fds.clone();
  p.fds.closeAll(true);
  if (shared.some((q) => q.sigactions === p.sigactions)) {
    p.sigactions = p.sigactions.map((a) => ({ ...a }));
  }
  for (const a of p.sigactions) {
    if (a.handler !== SIG_IGN) a.handler = 0;
    a.flags =
      a.restorer =
      a.maskLo =
      a.maskHi =
        0;
  }
  p.exePath = exePath;
  p.comm = filename.slice(filename.lastIndexOf("/") + 1).slice(0, 15);
  const dec = new TextDecoder();
  p.argv = argv.map((a) => dec.decode(a));
  p.env = env.map((e) => dec.decode(e));
  p.execed = true;
  p.vforkParent = 0;
  return 0;
}

/** execve(path, argv, envp) */
export function sysExecve(k: Kernel, p: Process): number {
  const path = readPath(p.mem, arg(p.cpu, 0));
  const argv = readArgv(p, arg(p.cpu, 1));
  const env = readStrings(p, arg(p.cpu, 2));
  const exe = open(k, p, atBase(p, AT_FDCWD, path), path, true);
  return execFile(k, p, path, path, exe, argv, env, 0);
}

/** execveat(dirfd, path, argv, envp, flags): AT_EMPTY_PATH runs the file open as dirfd. */
export function sysExecveat(k: Kernel, p: Process): number {
  const dirfd = argInt(p.cpu, 0), flags = argInt(p.cpu, 4);
  if ((flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) !== 0) fail(EINVAL);
  const addr = arg(p.cpu, 1);
  if (addr === 0) fail(EFAULT);
  const path = readPath(p.mem, addr);
  const argv = readArgv(p, arg(p.cpu, 2));
  const env = readStrings(p, arg(p.cpu, 3));
  let exe: Executable;
  let name = path;
  if (path.length === 0 && (flags & AT_EMPTY_PATH) !== 0) {
    const e = p.fds.get(dirfd);
    if (e === undefined) fail(EBADF);
    exe = { bytes: contents(p, e.file.inode), path: e.file.path };
    name = `/dev/fd/${dirfd}`;
  } else {
    const base = atBase(p, dirfd, path);
    if (!base.isDir() && path.length > 0) fail(ENOTDIR);
    exe = open(k, p, base, path, (flags & AT_SYMLINK_NOFOLLOW) === 0);
    if (path.charCodeAt(0) !== 47 && dirfd !== AT_FDCWD) name = `/dev/fd/${dirfd}/${path}`;
  }
  return execFile(k, p, name, name, exe, argv, env, 0);
}
