/**
 * Host directory mounts: reading, read-only enforcement, writing through a
 * writable mount, and confinement (no escape through "..", absolute or
 * relative host symlinks).
 */

import assert from "node:assert/strict";
import { Sys } from "./kernel_harness.ts";
import * as E from "../../lib/kernel/errno.ts";

const O_WRONLY = 1, O_CREAT = 0o100, O_DIRECTORY = 0o200000;

/** A host directory tree: a/file.txt, a/sub/inner.txt, links in, out and up; plus a secret next to it. */
function hostTree(): { root: string; dir: string } {
  const root = Deno.makeTempDirSync({ prefix: "linuxvm-host-" });
  const dir = `${root}/a`;
  Deno.mkdirSync(`${dir}/sub`, { recursive: true });
  Deno.writeTextFileSync(`${dir}/file.txt`, "host data\n");
  Deno.writeTextFileSync(`${dir}/sub/inner.txt`, "inner\n");
  Deno.writeTextFileSync(`${root}/secret.txt`, "do not read\n");
  Deno.symlinkSync("sub/inner.txt", `${dir}/rel-in`);
  Deno.symlinkSync(`${dir}/sub`, `${dir}/abs-in`);
  Deno.symlinkSync(`${root}/secret.txt`, `${dir}/abs-out`);
  Deno.symlinkSync("../secret.txt", `${dir}/rel-out`);
  Deno.symlinkSync("/etc/passwd", `${dir}/host-etc`);
  return { root, dir };
}

Deno.test("open/read/stat/getdents64: a read-only host mount shows the host files", () => {
  const { root, dir } = hostTree();
  try {
    const s = new Sys({ mounts: [{ host: dir, guest: "/mnt/h", writable: false }] });
    assert.equal(s.read(s.open("/mnt/h/file.txt")), "host data\n");
    assert.equal(s.read(s.open("/mnt/h/sub/inner.txt")), "inner\n");
    const st = s.stat("/mnt/h/file.txt") as Record<string, number>;
    assert.deepEqual([st.mode & 0o170000, st.size], [0o100000, 10]);
    const d = s.open("/mnt/h", O_DIRECTORY);
    const buf = s.alloc(2048);
    const n = s.sys("getdents64", d, buf, 2048);
    const names: string[] = [];
    for (let o = 0; o < n; o += s.u16(buf + o + 16)) names.push(s.cstr(buf + o + 19));
    assert.deepEqual(names, [
      ".",
      "..",
      "abs-in",
      "abs-out",
      "file.txt",
      "host-etc",
      "rel-in",
      "rel-out",
      "sub",
    ]);
    const k = s.k.readFile("/mnt/h/sub/inner.txt");
    assert.equal(new TextDecoder().decode(k!), "inner\n");
    const sf = s.alloc(120);
    s.sys("statfs", s.str("/mnt/h"), sf);
    assert.equal(Number(s.u64(sf + 80)) & 1, 1, "ST_RDONLY");
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("open/creat/mkdir/unlink/rename/truncate: a read-only host mount refuses changes with EROFS", () => {
  const { root, dir } = hostTree();
  try {
    const s = new Sys({ mounts: [{ host: dir, guest: "/mnt/h", writable: false }] });
    assert.equal(s.open("/mnt/h/file.txt", O_WRONLY), -E.EROFS);
    assert.equal(s.open("/mnt/h/new", O_CREAT | O_WRONLY), -E.EROFS);
    assert.equal(s.sys("mkdir", s.str("/mnt/h/d"), 0o755), -E.EROFS);
    assert.equal(s.sys("unlink", s.str("/mnt/h/file.txt")), -E.EROFS);
    assert.equal(s.sys("rename", s.str("/mnt/h/file.txt"), s.str("/mnt/h/x")), -E.EROFS);
    assert.equal(s.sys("truncate", s.str("/mnt/h/file.txt"), 0), -E.EROFS);
    assert.equal(s.sys("chmod", s.str("/mnt/h/file.txt"), 0o777), -E.EROFS);
    assert.equal(s.sys("access", s.str("/mnt/h/file.txt"), 2), -E.EROFS);
    assert.equal(Deno.readTextFileSync(`${dir}/file.txt`), "host data\n");
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("open/write/mkdir/rename/unlink/symlink: a writable host mount changes the host directory", () => {
  const { root, dir } = hostTree();
  try {
    const s = new Sys({ mounts: [{ host: dir, guest: "/w", writable: true }] });
    const fd = s.open("/w/out.txt", O_CREAT | O_WRONLY, 0o6755);
    assert.ok(fd >= 0);
    assert.equal(s.write(fd, "from guest"), 10);
    assert.equal(Deno.readTextFileSync(`${dir}/out.txt`), "from guest");
    assert.equal(
      Deno.statSync(`${dir}/out.txt`).mode! & 0o7777,
      0o755,
      "no setuid bits on the host",
    );
    assert.equal(s.sys("pwrite64", fd, s.str("G"), 1, 0), 1);
    assert.equal(Deno.readTextFileSync(`${dir}/out.txt`), "Grom guest");
    assert.equal(s.sys("mkdir", s.str("/w/newdir"), 0o755), 0);
    assert.ok(Deno.statSync(`${dir}/newdir`).isDirectory);
    assert.equal(s.sys("rename", s.str("/w/out.txt"), s.str("/w/newdir/moved.txt")), 0);
    assert.equal(Deno.readTextFileSync(`${dir}/newdir/moved.txt`), "Grom guest");
    assert.equal(s.sys("chdir", s.str("/w/newdir")), 0);
    const buf = s.alloc(64);
    assert.equal(s.sys("getcwd", buf, 64), 10);
    assert.equal(s.cstr(buf), "/w/newdir");
    assert.equal(s.sys("rmdir", s.str("/w/newdir")), -E.ENOTEMPTY);
    assert.equal(s.sys("unlink", s.str("moved.txt")), 0);
    assert.equal(s.sys("rmdir", s.str("/w/newdir")), 0);
    assert.equal(s.sys("symlink", s.str("file.txt"), s.str("/w/ln")), 0);
    assert.equal(Deno.readLinkSync(`${dir}/ln`), "file.txt");
    assert.equal(s.read(s.open("/w/ln")), "host data\n");
    assert.equal(s.sys("rename", s.str("/w/file.txt"), s.str("/tmp/x")), -E.EXDEV);
    assert.equal(s.sys("chown", s.str("/w/file.txt"), 5, 5), -E.EPERM);
    assert.equal(s.sys("truncate", s.str("/w/file.txt"), 4), 0);
    assert.equal(Deno.readTextFileSync(`${dir}/file.txt`), "host");
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("open/readlink/chdir: host symlinks and '..' never leave the mount", () => {
  const { root, dir } = hostTree();
  try {
    const s = new Sys({ mounts: [{ host: dir, guest: "/mnt/h", writable: false }] });
    assert.equal(s.read(s.open("/mnt/h/rel-in")), "inner\n");
    assert.equal(
      s.read(s.open("/mnt/h/abs-in/inner.txt")),
      "inner\n",
      "absolute links inside are translated",
    );
    assert.equal(s.open("/mnt/h/abs-out"), -E.EACCES);
    assert.equal(s.open("/mnt/h/rel-out"), -E.EACCES);
    assert.equal(s.open("/mnt/h/host-etc"), -E.EACCES);
    const buf = s.alloc(256);
    const n = s.sys("readlink", s.str("/mnt/h/rel-out"), buf, 256);
    assert.equal(s.text(buf, n), "../secret.txt", "readlink shows the link text");
    assert.equal(s.open("/mnt/h/../secret.txt"), -E.ENOENT, "'..' leads to the guest parent");
    assert.equal(s.read(s.open("/mnt/h/../../etc/hostname")), "linuxvm\n");
    assert.equal(s.sys("chdir", s.str("/mnt/h/sub")), 0);
    assert.equal(s.sys("chdir", s.str("../../..")), 0);
    s.sys("getcwd", buf, 64);
    assert.equal(s.cstr(buf), "/");
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
