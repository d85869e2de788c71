/**
 * strace-style rendering of a system call: `name(args) = result`. Each
 * table entry carries a one-letter-per-argument signature saying how to
 * show its arguments.
 * @module
 */

import type { Process } from "./process.ts";
import type { SyscallEntry } from "./syscalls/table.ts";
import { arg, argInt, argLong, readCStr } from "./syscalls/uaccess.ts";
import { errnoName } from "./errno.ts";
import { signalName } from "./signal_names.ts";
import { AT_FDCWD } from "./fs/namei.ts";

/** Quote bytes like strace: printable ASCII as is, the rest escaped. */
function quote(s: string, max: number): string {
  let out = '"';
  for (let i = 0; i < Math.min(s.length, max); i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) out += "\\" + s[i];
    else if (c === 10) out += "\\n";
    else if (c === 9) out += "\\t";
    else if (c >= 0x20 && c < 0x7f) out += s[i];
    else out += "\\x" + c.toString(16).padStart(2, "0");
  }
  return out + (s.length > max ? '"...' : '"');
}

function hex(v: number): string {
  return "0x" + v.toString(16);
}

/** Render argument `i` of `p`'s current call according to signature letter `kind`. */
function formatArg(p: Process, kind: string, i: number): string {
  const cpu = p.cpu;
  try {
    switch (kind) {
      case "d":
        return String(argInt(cpu, i));
      case "f": {
        const fd = argInt(cpu, i);
        return fd === AT_FDCWD ? "AT_FDCWD" : String(fd);
      }
      case "u":
        return String(arg(cpu, i));
      case "l":
        return String(argLong(cpu, i));
      case "o":
        return "0" + arg(cpu, i).toString(8);
      case "p": {
        const v = arg(cpu, i);
        return v === 0 ? "NULL" : hex(v);
      }
      case "s": {
        const addr = arg(cpu, i);
        if (addr === 0) return "NULL";
        const s = readCStr(p.mem, addr, 4096);
        return s === null ? hex(addr) : quote(s, 4096);
      }
      case "b": {
        const addr = arg(cpu, i), len = Math.min(arg(cpu, i + 1), 32);
        let s = "";
        for (let k = 0; k < len; k++) s += String.fromCharCode(p.mem.read8(addr + k));
        return quote(s, 32) + (arg(cpu, i + 1) > 32 ? "..." : "");
      }
      case "S":
        return signalName(argInt(cpu, i));
      default:
        return hex(arg(cpu, i));
    }
  } catch {
    return hex(arg(cpu, i));
  }
}

/** "name(arg, ...)" for the call `p` is making (syscall number `nr`). */
export function formatCall(p: Process, nr: number, entry: SyscallEntry | undefined): string {
  if (entry === undefined) {
    return `syscall_${nr}(${[0, 1, 2, 3, 4, 5].map((i) => hex(arg(p.cpu, i))).join(", ")})`;
  }
  const args: string[] = [];
  for (let i = 0; i < entry.args.length; i++) args.push(formatArg(p, entry.args[i], i));
  return `${entry.name}(${args.join(", ")})`;
}

/** The result part: a number (hex for address results) or "-1 ENOENT". */
export function formatResult(r: number, entry: SyscallEntry | undefined): string {
  if (r < 0 && r >= -4095) return `-1 ${errnoName(-r)}`;
  return entry?.hexResult ? hex(r) : String(r);
}
