#!/usr/bin/env bash
# Rebuild the demo guest (needs musl-tools: apt-get install musl-tools).
set -euo pipefail
cd "$(dirname "$0")"
musl-gcc -static -O2 -o hello hello.c
musl-gcc -static -O2 -o checker checker.c
