/* Self-modifying and generated code. Every piece of code runs many times
 * before it changes, so an emulator that translates hot code has translated
 * it by then and must notice each change before the next instruction that
 * could observe it:
 *  - this program patches its own text (a page made writable with mprotect):
 *    an immediate in another function, and the very next instruction of the
 *    loop doing the store;
 *  - it writes machine code into an mmap'd RWX buffer, rewrites it between
 *    calls, and runs code that stores into its own page;
 *  - an instruction straddling two pages is changed through its second page;
 *  - W^X: code is written while the page is RW, run after mprotect to RX,
 *    and running it after mprotect to RW (no exec) raises SIGSEGV.
 * Output has no addresses: only sums of results. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A page of our own text holding two functions:
 *   patched(x)  = x + IMM, where IMM is the imm32 of its `add eax, imm32`;
 *   inloop(n)   = for i = n..1: store i into the imm8 of the `add eax, imm8`
 *                 right after the store, then execute it: returns n(n+1)/2. */
__asm__(".text\n"
        ".p2align 12\n"
        ".globl patched, patched_imm, inloop\n"
        "patched:\n"
        "  mov %edi, %eax\n"
        "  .byte 0x05\n"
        "patched_imm:\n"
        "  .long 1\n"
        "  ret\n"
        "inloop:\n"
        "  xor %eax, %eax\n"
        "1:\n"
        "  movb %dil, 2f(%rip)\n"
        "  .byte 0x83, 0xc0\n"
        "2:\n"
        "  .byte 0\n"
        "  dec %edi\n"
        "  jnz 1b\n"
        "  ret\n"
        ".p2align 12\n");

int patched(int);
int inloop(int);
extern unsigned char patched_imm[];

typedef int (*fn1)(int);
typedef int (*fn0)(void);

static void put32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }

static sigjmp_buf env;
static void on_segv(int sig) {
  (void)sig;
  siglongjmp(env, 1);
}

int main(void) {
  /* 1. Patch our own text. */
  uintptr_t page = (uintptr_t)patched & ~(uintptr_t)4095;
  if (mprotect((void *)page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) return 1;
  long sum = 0;
  for (int round = 0; round < 40; round++) {
    for (int i = 0; i < 100; i++) sum += patched(i);
    put32(patched_imm, (uint32_t)(round * 7 + 3));
  }
  printf("own text: %ld\n", sum);
  sum = 0;
  for (int k = 0; k < 30; k++) sum += inloop(100 + k);
  printf("next instruction: %ld\n", sum);

  /* 2. Generated code in an RWX buffer, rewritten between runs. */
  unsigned char *buf = mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_EXEC,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (buf == MAP_FAILED) return 2;
  sum = 0;
  for (int k = 0; k < 60; k++) {
    /* mov eax, edi; imul eax, eax, k; add eax, k+1; ret */
    unsigned char *p = buf + (k % 3) * 16;
    p[0] = 0x89, p[1] = 0xf8, p[2] = 0x69, p[3] = 0xc0;
    put32(p + 4, (uint32_t)k);
    p[8] = 0x05;
    put32(p + 9, (uint32_t)(k + 1));
    p[13] = 0xc3;
    for (int i = 0; i < 50; i++) sum += ((fn1)p)(i);
  }
  printf("rewritten buffer: %ld\n", sum);

  /* Code that increments a counter in its own page on every call:
   * add dword [rip+0x100], 1; mov eax, [rip+0xfa]; ret */
  unsigned char *q = buf + 256;
  unsigned char counter_code[] = {0x83, 0x05, 0x00, 0x01, 0x00, 0x00, 0x01,
                                  0x8b, 0x05, 0xfa, 0x00, 0x00, 0x00, 0xc3};
  memcpy(q, counter_code, sizeof counter_code);
  put32(q + 7 + 0x100, 0);
  sum = 0;
  for (int i = 0; i < 500; i++) sum += ((fn0)q)();
  printf("stores into own page: %ld\n", sum);

  /* 3. An instruction straddling the two pages, changed through the second page:
   * mov eax, imm32 starts 2 bytes before the page boundary; then ret. */
  unsigned char *s = buf + 4096 - 2;
  s[0] = 0x90, s[1] = 0xb8;
  put32(s + 2, 5);
  s[6] = 0xc3;
  sum = 0;
  for (int k = 0; k < 40; k++) {
    for (int i = 0; i < 25; i++) sum += ((fn0)s)();
    put32(s + 2, (uint32_t)(k * 11 + 2));
  }
  printf("straddling: %ld\n", sum);

  /* 4. W^X with mprotect toggling. */
  unsigned char *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (w == MAP_FAILED) return 3;
  sum = 0;
  for (int k = 0; k < 50; k++) {
    if (mprotect(w, 4096, PROT_READ | PROT_WRITE) != 0) return 4;
    w[0] = 0xb8; /* mov eax, imm32; ret */
    put32(w + 1, (uint32_t)(k * k + 1));
    w[5] = 0xc3;
    if (mprotect(w, 4096, PROT_READ | PROT_EXEC) != 0) return 5;
    for (int i = 0; i < 20; i++) sum += ((fn0)w)();
  }
  printf("mprotect toggling: %ld\n", sum);

  signal(SIGSEGV, on_segv);
  mprotect(w, 4096, PROT_READ | PROT_WRITE);
  int faulted = sigsetjmp(env, 1);
  if (!faulted) {
    ((fn0)w)();
    printf("ran without PROT_EXEC\n");
  } else {
    printf("no PROT_EXEC: SIGSEGV\n");
  }
  return 0;
}
