#!/usr/bin/env bash
# Builds the guest test programs and records their native behaviour.
#
# Every C program in src/ is built three ways (musl static, glibc static,
# glibc static-PIE) and every asm program in asm/ with nasm + ld; then
# tools/record_native.py runs each case natively with the exact argv, env
# and stdin the VM test uses, writing expected/<case>.stdout/.status and the
# manifest cases.json. The outputs are committed, so `deno task test` needs
# no compiler. Needs: gcc, musl-tools, nasm, binutils, python3.
#
# Usage: tests/guest/build.sh            (rebuild everything)
set -euo pipefail
cd "$(dirname "$0")"

CFLAGS=(-O2 -fno-ident -w)
mkdir -p bin expected
rm -f bin/* expected/*

for src in src/*.c; do
  name=$(basename "$src" .c)
  musl-gcc -static "${CFLAGS[@]}" -o "bin/$name.musl" "$src" -lm
  gcc -static "${CFLAGS[@]}" -o "bin/$name.glibc" "$src" -lm
  gcc -static-pie "${CFLAGS[@]}" -o "bin/$name.pie" "$src" -lm
done

for src in asm/*.asm; do
  name=$(basename "$src" .asm)
  obj=$(mktemp --suffix=.o)
  nasm -f elf64 -I asm/ -o "$obj" "$src"
  ld -static -o "bin/$name.asm" "$obj"
  rm -f "$obj"
done

python3 ../../tools/record_native.py
