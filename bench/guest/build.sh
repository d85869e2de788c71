#!/usr/bin/env bash
# Rebuild the benchmark guests (needs musl-tools). Binaries are committed.
set -euo pipefail
cd "$(dirname "$0")"
for src in *.c; do
  musl-gcc -static -O2 -o "${src%.c}" "$src" -lm
done
