/**
 * Real programs: Debian's static busybox applets run in the VM must produce
 * exactly the stdout and exit status of the same binary run natively with the
 * same argv, environment, stdin and input files. Inputs are a few hundred KB
 * of deterministic generated text and binary data.
 * Needs /bin/busybox (Debian busybox-static); part of `deno task test:real`.
 * @module
 */

import assert from "node:assert/strict";
import { createMachine } from "../mod.ts";
import { describeMismatch } from "./output_diff.ts";

const BUSYBOX = "/bin/busybox";
/**
 * The same environment natively and in the guest. GLIBC_TUNABLES holds the
 * native glibc to the baseline (SSE2) code paths the VM's CPU offers, so libm
 * results (awk, printf) come from the same routines.
 */
const ENV = [
  "LANG=C",
  "PATH=/bin:/usr/bin",
  "GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX,-AVX2,-AVX512F,-AVX512VL,-AVX512BW,-AVX512DQ,-AVX512CD," +
  "-FMA,-FMA4,-SSSE3,-SSE4_1,-SSE4_2,-POPCNT,-BMI1,-BMI2,-LZCNT,-MOVBE,-ERMS,-FSRM,-RTM,-F16C",
];
/** Generous: the heaviest applet runs (awk, sort) stay well below this. */
const BUDGET = 4_000_000_000;

/** xorshift32: the same data on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

const WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron " +
  "pi rho sigma tau upsilon phi chi psi omega The quick brown fox jumps over lazy dog " +
  "abc abbc abbbc Data data DATA x y z").split(" ");

/** ~300 KB: words, then tab-separated integer and decimal columns. */
function makeText(): string {
  const r = rng(12345);
  const lines: string[] = [];
  for (let i = 0; i < 8000; i++) {
    const n = r() % 9;
    const words: string[] = [];
    for (let k = 0; k <= n; k++) words.push(WORDS[r() % WORDS.length]);
    const int = (r() % 200000) - 100000;
    const dec = ((r() % 1000000) / 1000).toFixed(3);
    lines.push(`${words.join(" ")}\t${int}\t${dec}`);
  }
  return lines.join("\n") + "\n";
}

/** ~100 KB of short lines with runs of adjacent duplicates (some differing only in case). */
function makeDups(): string {
  const r = rng(777);
  const lines: string[] = [];
  while (lines.length < 12000) {
    const w = `${WORDS[r() % WORDS.length]} ${r() % 50}`;
    const reps = 1 + (r() % 4);
    for (let k = 0; k < reps; k++) lines.push(r() % 7 === 0 ? w.toUpperCase() : w);
  }
  return lines.join("\n") + "\n";
}

/** 64 KiB of pseudo-random bytes with some structure (runs, all byte values). */
function makeBinary(): Uint8Array {
  const r = rng(4242);
  const b = new Uint8Array(65536);
  for (let i = 0; i < b.length; i++) b[i] = i % 4096 < 256 ? i & 255 : r() & 255;
  b.fill(0, 30000, 30500);
  return b;
}

/** Base64 with 76-column lines, as a decoder input. */
function base64Lines(b: Uint8Array): string {
  let bin = "";
  for (const x of b) bin += String.fromCharCode(x);
  return btoa(bin).replace(/.{76}/g, "$&\n") + "\n";
}

const enc = new TextEncoder();
const TEXT = enc.encode(makeText());
const DUPS = enc.encode(makeDups());
const BIN = makeBinary();
const B64 = enc.encode(base64Lines(BIN.subarray(0, 20000)));

/** Input files live at the same absolute path natively and in the guest. */
const dir = Deno.makeTempDirSync({ prefix: "linuxvm-real-" });
const F = { text: `${dir}/text.txt`, dups: `${dir}/dups.txt`, bin: `${dir}/data.bin` };
const fileData: Record<string, Uint8Array> = { [F.text]: TEXT, [F.dups]: DUPS, [F.bin]: BIN };
for (const [path, data] of Object.entries(fileData)) Deno.writeFileSync(path, data);

/** One applet run: arguments after "busybox", and optional stdin. */
interface Case {
  name: string;
  args: string[];
  stdin?: Uint8Array;
  /** The exit status the native run must have (default 0, with non-empty output). */
  status?: number;
}

const printfArgs: string[] = [];
for (let i = 0; i < 800; i++) {
  printfArgs.push(WORDS[i % WORDS.length], String(i * 37 - 5000), String(i * 977), String(i));
  printfArgs.push(`${i / 7}`, WORDS[(i * 3) % WORDS.length], "Z");
}
const seqFloats = ["0.5", "0.25", "300"];

const CASES: Case[] = [
  { name: "echo many args", args: ["echo", ...WORDS, ...WORDS.slice(0, 40).reverse()] },
  { name: "echo -e escapes", args: ["echo", "-e", "tab\\there\\nnew\\x41\\0101 \\\\ \\c gone"] },
  { name: "echo -n", args: ["echo", "-n", "no newline", "", "x"] },
  { name: "printf reused format", args: ["printf", "%s:%d:%x:%o:%5.2f|%-8s|%c\\n", ...printfArgs] },
  {
    name: "printf numbers",
    args: ["printf", "%e %g %.10f %i %u %X %%\\n", "3.14159", "1e-5", "2.5", "0x1f", "42", "255"],
  },
  { name: "cat stdin", args: ["cat"], stdin: TEXT },
  { name: "cat -n file", args: ["cat", "-n", F.text] },
  { name: "cat two files", args: ["cat", F.bin, F.dups] },
  { name: "head -n file", args: ["head", "-n", "1234", F.text] },
  { name: "head -c stdin", args: ["head", "-c", "100000"], stdin: TEXT },
  { name: "tail -n stdin", args: ["tail", "-n", "777"], stdin: TEXT },
  { name: "tail -c file", args: ["tail", "-c", "5000", F.text] },
  { name: "tail -n +N file", args: ["tail", "-n", "+7990", F.text] },
  { name: "wc stdin", args: ["wc"], stdin: TEXT },
  { name: "wc files", args: ["wc", "-l", "-w", "-c", F.text, F.dups, F.bin] },
  { name: "sort stdin", args: ["sort"], stdin: TEXT },
  { name: "sort keys", args: ["sort", "-t", "\t", "-k2,2n", "-k1,1r", F.text] },
  { name: "sort -u -f", args: ["sort", "-u", "-f", F.dups] },
  { name: "sort -g -r", args: ["sort", "-g", "-r", "-t", "\t", "-k3"], stdin: TEXT },
  { name: "uniq -c", args: ["uniq", "-c"], stdin: DUPS },
  { name: "uniq -d", args: ["uniq", "-d", F.dups] },
  { name: "uniq -u -i", args: ["uniq", "-u", "-i"], stdin: DUPS },
  { name: "cut -f", args: ["cut", "-f", "2,3"], stdin: TEXT },
  { name: "cut -d -f", args: ["cut", "-d", " ", "-f", "1,3-", F.text] },
  { name: "cut -c", args: ["cut", "-c", "3-12,20-"], stdin: TEXT },
  { name: "tr upper", args: ["tr", "a-z", "A-Z"], stdin: TEXT },
  { name: "tr -d", args: ["tr", "-d", "0-9\t"], stdin: TEXT },
  { name: "tr -s", args: ["tr", "-s", "a-z "], stdin: DUPS },
  { name: "tr -cd", args: ["tr", "-c", "-d", "a-z\\n"], stdin: TEXT },
  { name: "seq", args: ["seq", "100000"] },
  { name: "seq -s -w", args: ["seq", "-s", ",", "-w", "5", "3", "30000"] },
  { name: "seq floats", args: ["seq", ...seqFloats] },
  { name: "expr multiply", args: ["expr", "123456789", "*", "1000"] },
  { name: "expr length", args: ["expr", "length", "hello world"] },
  { name: "expr match", args: ["expr", "abc123def", ":", "[a-z]*\\([0-9]*\\)"] },
  { name: "expr zero result", args: ["expr", "5", "-", "5"], status: 1 },
  { name: "expr divide by zero", args: ["expr", "10", "/", "0"], status: 2 },
  { name: "expr substr", args: ["expr", "substr", "linuxvm", "3", "4"] },
  { name: "expr compare", args: ["expr", "b", "<", "a"], status: 1 },
  { name: "expr precedence", args: ["expr", "7", "+", "5", "*", "3", "%", "4"] },
  { name: "basename suffix", args: ["basename", "/usr/lib/x86_64-linux-gnu/libc.so.6", ".6"] },
  { name: "basename slashes", args: ["basename", "//"] },
  { name: "dirname", args: ["dirname", "/a/b//c///"] },
  { name: "dirname relative", args: ["dirname", "file"] },
  { name: "md5sum stdin", args: ["md5sum"], stdin: TEXT },
  { name: "md5sum files", args: ["md5sum", F.bin, F.text] },
  { name: "sha1sum stdin", args: ["sha1sum"], stdin: TEXT },
  { name: "sha1sum files", args: ["sha1sum", F.bin, F.dups] },
  { name: "sha256sum stdin", args: ["sha256sum"], stdin: TEXT },
  { name: "sha256sum files", args: ["sha256sum", F.bin, F.dups] },
  { name: "base64 encode", args: ["base64", F.bin] },
  { name: "base64 decode", args: ["base64", "-d"], stdin: B64 },
  { name: "od -A d -t x2", args: ["od", "-A", "d", "-t", "x2", F.bin] },
  { name: "od -c", args: ["od", "-c", "-N", "3000"], stdin: TEXT },
  { name: "od -t f8", args: ["od", "-t", "f8", "-N", "8192", F.bin] },
  { name: "od -t d4 skip", args: ["od", "-t", "d4", "-j", "1000", "-N", "4000", F.bin] },
  { name: "xxd", args: ["xxd", F.bin] },
  { name: "xxd -p range", args: ["xxd", "-p", "-c", "40", "-s", "1000", "-l", "3000", F.bin] },
  { name: "xxd -i", args: ["xxd", "-i", "-l", "600", F.bin] },
  { name: "grep -c", args: ["grep", "-c", "alpha"], stdin: TEXT },
  { name: "grep -n -E", args: ["grep", "-n", "-E", "gamma [a-z]+ delta|-[0-9]{5}\t", F.text] },
  { name: "grep -v -i", args: ["grep", "-v", "-i", "a"], stdin: TEXT },
  { name: "grep -o -w", args: ["grep", "-o", "-w", "[a-z]*ta"], stdin: TEXT },
  { name: "grep no match", args: ["grep", "qqqzzz", F.text], status: 1 },
  { name: "grep bre", args: ["grep", "ab\\{2,\\}c [A-Z]"], stdin: TEXT },
  { name: "sed -n every 7th", args: ["sed", "-n", "p;n;n;n;n;n;n"], stdin: TEXT },
  { name: "sed swap", args: ["sed", "s/\\([a-z]*\\) \\([a-z]*\\)/\\2 \\1/g"], stdin: TEXT },
  {
    name: "sed script",
    args: ["sed", "-e", "/alpha/d", "-e", "s/[0-9]/#/2", "-e", "y/abc/XYZ/", F.text],
  },
  { name: "sed count", args: ["sed", "-n", "$="], stdin: DUPS },
  { name: "sed range delete", args: ["sed", "100,200!d", F.text] },
  {
    name: "awk sums",
    args: [
      "awk",
      "-F",
      "\t",
      '{ n[$1]++; s += $2; f += $3 } END { for (k in n) c++; printf "%d %d %.6f\\n", c, s, f }',
    ],
    stdin: TEXT,
  },
  {
    name: "awk word lengths",
    args: [
      "awk",
      "{ for (i = 1; i <= NF; i++) w[length($i)]++ } END { for (l = 0; l < 30; l++) if (l in w) print l, w[l] }",
      F.text,
    ],
  },
  {
    name: "awk arithmetic",
    args: [
      "awk",
      // Debian's busybox awk has no libm functions (sin, exp, ...): plain arithmetic only.
      'BEGIN { x = 1; for (i = 1; i <= 1500; i++) { x = x * 1.0001 + i / 7; printf "%d %.10g %.6e %s %d %x\\n", i, x, (i * i) / 3.3 - x, substr("abcdefghij", i % 10 + 1, 3), int(i / 7), i * 12345 } }',
    ],
  },
  {
    name: "awk fields",
    args: ["awk", "NR % 50 == 0 { print NR, NF, toupper($1), $NF, length($0) }"],
    stdin: TEXT,
  },
];

/**
 * busybox sh scripts: pipelines, subshells, command substitution, here-documents, traps,
 * background jobs and `wait`, xargs/find/sort chains, redirections and exit statuses.
 * Every process they start runs in the VM (the shell runs applets from /proc/self/exe).
 */
const sh = (name: string, script: string, status?: number): Case => ({
  name: `sh ${name}`,
  args: ["sh", "-c", script],
  status,
});
CASES.push(
  sh("pipeline", "seq 1 1000 | sort -r | head -5; seq 1 20000 | sort -rn | head -2"),
  sh(
    "killing jobs",
    'sleep 10 & kill $!; wait $!; echo "killed $?"; ' +
      'sleep 1 & p=$!; (sleep 0.1; kill -INT $p) & wait $p; echo "SIGINT ignored in the background: $?"',
  ),
  sh(
    "subshells and command substitution",
    'x=$(echo abc | tr a-z A-Z); echo "$x"; (echo in; exit 3); echo $?; ' +
      'echo $( (echo nested) ) "$(echo $(echo deep))"; v=$(seq 1 5 | tr "\\n" " "); echo "[$v]"',
  ),
  sh("background jobs and wait", "(sleep 0.2; echo one) & (echo two) & wait; echo all done"),
  sh(
    "wait for each job's status",
    "for i in 1 2 3; do (sleep 0.0$i; exit $i) & eval p$i=$!; done; " +
      'wait $p2; echo "p2=$?"; wait $p3; echo "p3=$?"; wait $p1; echo "p1=$?"',
  ),
  sh(
    "traps",
    'trap "echo caught USR1" USR1; kill -USR1 $$; trap "echo exiting" EXIT; exit 4',
    4,
  ),
  sh(
    "here-documents, functions and read loops",
    'f() { while read a b; do echo "$b:$a"; done; }; f <<EOF\none 1\ntwo $((1+1))\nEOF\n' +
      `head -3 ${F.text} | while read w n; do echo "$n $w"; done | cut -c1-40`,
  ),
  sh(
    "find, sort, xargs and awk",
    `find ${dir} -type f | sort | xargs wc -l; ` +
      "seq 1 200 | xargs -n 50 | awk '{s=0; for(i=1;i<=NF;i++) s+=$i; print NF, s}'",
  ),
  sh(
    "redirections and file descriptors",
    `echo a > ${dir}/sh1; echo b >> ${dir}/sh1; cat < ${dir}/sh1; exec 3> ${dir}/sh2; ` +
      `echo x >&3; echo y >&3; exec 3>&-; cat ${dir}/sh2; wc -c < ${dir}/sh2; rm ${dir}/sh1 ${dir}/sh2`,
  ),
  sh(
    "exit statuses, signals and set -e",
    "false; echo $?; ! true; echo $?; sh -c 'exit 7'; echo $?; sh -c 'kill -TERM $$'; echo $?; " +
      "yes | head -n 100000 | wc -l; set -e; echo before; false; echo never",
    1,
  ),
  sh(
    "text processing chain",
    `cat ${F.text} | tr a-z A-Z | md5sum; sort ${F.dups} | uniq -c | sort -rn | head -3; ` +
      `cut -f1 ${F.text} | cut -d" " -f1 | sort -u | tr "\\n" ,; echo`,
  ),
);

/** Run busybox natively with exactly the guest's argv, environment and stdin. */
async function runNative(c: Case): Promise<{ stdout: Uint8Array; status: number }> {
  const env: Record<string, string> = {};
  for (const kv of ENV) {
    const i = kv.indexOf("=");
    env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  const child = new Deno.Command(BUSYBOX, {
    args: c.args,
    env,
    clearEnv: true,
    cwd: "/",
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  // Collect output while feeding stdin, or a full stdout pipe would deadlock the two.
  const output = child.output();
  const writer = child.stdin.getWriter();
  // The applet may exit before reading everything (head); a broken pipe is fine.
  await writer.write(c.stdin ?? new Uint8Array(0)).catch(() => {});
  await writer.close().catch(() => {});
  const out = await output;
  // Deno reports a signal death as code 128 + signal, the shell convention the VM uses too.
  return { stdout: out.stdout, status: out.code };
}

const busybox = (() => {
  try {
    return Deno.readFileSync(BUSYBOX);
  } catch {
    return null;
  }
})();

for (const c of CASES) {
  Deno.test({
    name: `busybox ${c.name}`,
    // Developers without busybox-static skip; CI installs it and must not skip.
    ignore: busybox === null && !Deno.env.get("CI"),
  }, async () => {
    assert.ok(busybox, `${BUSYBOX} is missing (apt-get install busybox-static)`);
    const native = await runNative(c);
    // Guard against cases that silently test nothing (an applet option busybox lacks).
    assert.equal(native.status, c.status ?? 0, "the native run itself failed");
    assert.ok(native.stdout.length > 0 || c.status, "the native run printed nothing");
    const machine = createMachine({
      argv: [BUSYBOX, ...c.args],
      env: ENV,
      files: { [BUSYBOX]: busybox, ...fileData },
      stdin: c.stdin,
    });
    const r = machine.run(BUDGET);
    const context = `busybox ${c.args.slice(0, 4).join(" ")}: status ${r.status}, exit ` +
      `${r.exitCode}, ${r.instructions} instructions` +
      (r.diagnostic ? `, ${r.diagnostic}` : "") +
      `\nstderr: ${new TextDecoder().decode(r.stderr.subarray(0, 500))}`;
    assert.notEqual(
      r.status,
      "running",
      `did not finish within ${BUDGET} instructions\n${context}`,
    );
    const mismatch = describeMismatch(native.stdout, r.stdout);
    if (mismatch !== null) assert.fail(`${mismatch}\n${context}`);
    assert.equal(r.exitCode, native.status, context);
  });
}

globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
