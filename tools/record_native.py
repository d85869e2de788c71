#!/usr/bin/env python3
"""Run every guest test case natively and record what the VM must reproduce.

Called by tests/guest/build.sh after the binaries are built; with program names as
arguments (e.g. `record_native.py smc`) only those programs' cases are re-recorded. For each case it
executes tests/guest/bin/<binary> with exactly the argv (argv[0] included),
environment and stdin that tests/guest_test.ts gives the VM, from cwd "/",
and writes tests/guest/expected/<case>.stdout and <case>.status (shell-style:
exit code, or 128 + signal), plus the manifest tests/guest/cases.json.
"""

import json
import os
import subprocess
import sys

GUEST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "guest")

# glibc picks FMA/AVX variants of libm functions (which round differently) on
# hosts that have them; the VM advertises only SSE2, so the native run is held
# to the same baseline. The VM receives the same variable (a no-op there).
TUNABLES = ("GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX,-AVX2,-AVX512F,-AVX512VL,-AVX512BW,"
            "-AVX512DQ,-AVX512CD,-FMA,-FMA4,-SSSE3,-SSE4_1,-SSE4_2,-POPCNT,-BMI1,-BMI2,"
            "-LZCNT,-MOVBE,-ERMS,-FSRM,-RTM,-F16C")
ENV = ["HOME=/", "PATH=/bin:/usr/bin", "LANG=C", TUNABLES]

C_VARIANTS = ["musl", "glibc", "pie"]

# (program, case suffix, extra argv, stdin file relative to tests/guest or None)
C_CASES = [
    ("printf", "", [], None),
    ("strings", "", [], None),
    ("malloc", "", [], None),
    ("files", "", [], None),
    ("math", "", [], None),
    ("int128", "", [], None),
    ("setjmp", "", [], None),
    ("auxv", "", ["hello world", "", "--flag=x", "\u00e9t\u00e9"], None),
    ("sse2", "", [], None),
    ("fenv", "", [], None),
    ("stdlib", "", [], None),
    ("stdin", "", [], "input/stdin.txt"),
    ("traps", "-segv", ["segv"], None),
    ("traps", "-segv-handled", ["segv-handled"], None),
    ("traps", "-fpe", ["fpe"], None),
    ("traps", "-fpe-handled", ["fpe-handled"], None),
    ("traps", "-ill", ["ill"], None),
    ("traps", "-abort", ["abort"], None),
    ("traps", "-exit3", ["exit", "3"], None),
    ("traps", "-exit256", ["exit", "256"], None),
    ("traps", "-return", ["return"], None),
    ("traps", "-_exit", ["_exit"], None),
    ("sigframe", "", [], None),
    ("sigframe", "-segv-blocked", ["segv-blocked"], None),
    ("sigframe", "-segv-in-handler", ["segv-in-handler"], None),
    ("sigframe", "-no-restorer", ["no-restorer"], None),
    ("sigframe", "-bad-fpstate", ["bad-fpstate"], None),
    ("sigframe", "-ignored-fault", ["ignored-fault"], None),
    ("sigframe", "-term", ["term"], None),
    ("smc", "", [], None),
    ("procs", "", [], None),
    ("pipes", "", [], None),
    ("threads", "", [], None),
    ("futex", "", [], None),
    ("cancel", "", [], None),
    ("jobctl", "", [], None),
    ("sigwait", "", [], None),
    ("itimer", "", [], None),
    ("posixtimer", "", [], None),
    ("signalfd", "", [], None),
    ("pidfd", "", [], None),
    ("inotify", "", [], None),
    ("sockets", "", [], None),
    ("sysvipc", "", [], None),
    ("mqueue", "", [], None),
    ("aio", "", [], None),
    ("seccomp_strict", "", [], None),
    ("seccomp_filter", "", [], None),
    ("memsys", "", [], None),
    ("fifo", "", [], None),
    ("locks", "", [], None),
    ("sigwake", "", [], None),
    ("pty", "", [], None),
    ("tty", "", [], None),
    ("privileged", "", [], None),
    ("deaddir", "", [], None),
    ("pimutex", "", [], None),
    ("argzero", "-parent", ["parent"], None),
    ("intrleft", "", [], None),
    ("mmapfile", "", [], None),
    ("mmapfile", "-core", ["core"], None),
    ("sigqlimit", "", [], None),
]
ASM_CASES = ["flags", "string", "fpu"]


def cases():
    for prog, suffix, args, stdin in C_CASES:
        for v in C_VARIANTS:
            yield {"name": f"{prog}{suffix}.{v}", "binary": f"{prog}.{v}",
                   "argv": [f"/bin/{prog}"] + args, "env": ENV, "stdin": stdin}
    for prog in ASM_CASES:
        yield {"name": f"{prog}.asm", "binary": f"{prog}.asm", "argv": [f"/bin/{prog}"],
               "env": ENV, "stdin": None}


def run(case):
    env = dict(e.split("=", 1) for e in case["env"])
    stdin = open(os.path.join(GUEST, case["stdin"]), "rb") if case["stdin"] else subprocess.DEVNULL
    p = subprocess.run(case["argv"], executable=os.path.join(GUEST, "bin", case["binary"]),
                       env=env, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       cwd="/", timeout=120)
    status = p.returncode if p.returncode >= 0 else 128 - p.returncode
    return p.stdout, status


def main(only):
    """Record every case, or only those whose program is named in `only` (the manifest is
    always written whole)."""
    manifest = []
    for case in cases():
        manifest.append(case)
        if only and case["binary"].split(".")[0] not in only:
            continue
        out, status = run(case)
        with open(os.path.join(GUEST, "expected", case["name"] + ".stdout"), "wb") as f:
            f.write(out)
        with open(os.path.join(GUEST, "expected", case["name"] + ".status"), "w") as f:
            f.write(f"{status}\n")
        print(f"{case['name']}: status {status}, {len(out)} bytes", file=sys.stderr)
    with open(os.path.join(GUEST, "cases.json"), "w") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
