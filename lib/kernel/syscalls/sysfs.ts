/**
 * sysfs(2): the obsolete query of registered file-system types, over the
 * list /proc/filesystems shows (lib/kernel/fs/fstypes.ts).
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { FILESYSTEM_TYPES } from "../fs/fstypes.ts";
import { arg, argInt, readPath } from "./uaccess.ts";
import { EINVAL, ENOENT, fail } from "../errno.ts";

/** sysfs(option, arg1, arg2): 1 = index of a name, 2 = name of an index, 3 = how many. */
export function sysSysfs(_k: Kernel, p: Process): number {
  switch (argInt(p.cpu, 0)) {
    case 1: {
      const name = readPath(p.mem, arg(p.cpu, 1));
      if (name === "") fail(ENOENT);
      const i = FILESYSTEM_TYPES.indexOf(name);
      return i >= 0 ? i : fail(EINVAL);
    }
    case 2: {
      const name = FILESYSTEM_TYPES[argInt(p.cpu, 1) >>> 0] ?? fail(EINVAL);
      p.mem.writeBytes(arg(p.cpu, 2), new TextEncoder().encode(name + "\0"));
      return 0;
    }
    case 3:
      return FILESYSTEM_TYPES.length;
    default:
      fail(EINVAL);
  }
}
