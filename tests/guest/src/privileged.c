/* Instructions user mode may not execute, and LOCK where it is not allowed.
 * Privileged ones (CLI, port I/O, control registers, MSRs, descriptor tables,
 * SWAPGS...) raise #GP: SIGSEGV with si_code SI_KERNEL, address 0, trapno 13.
 * A LOCK prefix on anything but a read-modify-write of memory is #UD:
 * SIGILL ILL_ILLOPN, trapno 6. INT1 (ICEBP) is a #DB trap: SIGTRAP TRAP_BRKPT
 * at the next instruction. Each case resumes through siglongjmp. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static sigjmp_buf jb;

static void handler(int sig, siginfo_t *si, void *uc_) {
  ucontext_t *uc = uc_;
  printf("sig %d code %d addr %s err %lld trapno %lld\n", sig, si->si_code, si->si_addr ? "set" : "0",
         (long long)uc->uc_mcontext.gregs[REG_ERR], (long long)uc->uc_mcontext.gregs[REG_TRAPNO]);
  siglongjmp(jb, 1);
}

/* Run the bytes with RDI = cell, RAX = 0, RCX = 1. */
#define TRY(name, bytes)                                                          \
  do {                                                                            \
    if (!sigsetjmp(jb, 1)) {                                                      \
      long rax = 0, rcx = 1;                                                      \
      printf("%-14s", name);                                                      \
      __asm__ volatile(".byte " bytes                                             \
                       : "+a"(rax), "+c"(rcx)                                     \
                       : "D"(cell)                                                \
                       : "rdx", "rsi", "memory", "cc");                           \
      printf("completes\n");                                                     \
    }                                                                             \
  } while (0)

static long cell[4];

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGILL, &sa, NULL);
  sigaction(SIGTRAP, &sa, NULL);
  TRY("cli", "0xfa");
  TRY("sti", "0xfb");
  TRY("in al,dx", "0xec");
  TRY("out dx,eax", "0xef");
  TRY("in al,0x60", "0xe4,0x60");
  TRY("out 0x80,al", "0xe6,0x80");
  TRY("insb", "0x6c");
  TRY("outsd", "0x6f");
  TRY("hlt", "0xf4");
  TRY("clts", "0x0f,0x06");
  TRY("sysret", "0x0f,0x07");
  TRY("invd", "0x0f,0x08");
  TRY("wbinvd", "0x0f,0x09");
  TRY("mov eax,cr0", "0x0f,0x20,0xc0");
  TRY("mov cr3,eax", "0x0f,0x22,0xd8");
  TRY("mov eax,dr7", "0x0f,0x21,0xf8");
  TRY("wrmsr", "0x0f,0x30");
  TRY("rdmsr", "0x0f,0x32");
  TRY("rdpmc", "0x0f,0x33");
  TRY("lgdt [rdi]", "0x0f,0x01,0x17");
  TRY("lidt [rdi]", "0x0f,0x01,0x1f");
  TRY("lmsw ax", "0x0f,0x01,0xf0");
  TRY("invlpg [rdi]", "0x0f,0x01,0x3f");
  TRY("swapgs", "0x0f,0x01,0xf8");
  TRY("lldt ax", "0x0f,0x00,0xd0");
  TRY("ltr ax", "0x0f,0x00,0xd8");
  TRY("int1", "0xf1");
  TRY("lock nop", "0xf0,0x90");
  TRY("lock add r,r", "0xf0,0x01,0xc0");
  TRY("lock mov m,r", "0xf0,0x89,0x07");
  TRY("lock cmp m,r", "0xf0,0x39,0x07");
  TRY("lock bt m,r", "0xf0,0x0f,0xa3,0x07");
  TRY("lock test m,i", "0xf0,0xf6,0x07,0x01");
  TRY("lock shl m", "0xf0,0xd1,0x27");
  TRY("lock lea", "0xf0,0x48,0x8d,0x07");
  TRY("lock add m,r", "0xf0,0x48,0x01,0x0f");
  TRY("lock or m,i", "0xf0,0x48,0x83,0x0f,0x10");
  TRY("lock inc m", "0xf0,0xff,0x07");
  TRY("lock neg m", "0xf0,0xf7,0x1f");
  TRY("lock xchg m,r", "0xf0,0x48,0x87,0x0f");
  TRY("lock bts m,i", "0xf0,0x48,0x0f,0xba,0x2f,0x3f");
  TRY("lock xadd m,r", "0xf0,0x48,0x0f,0xc1,0x0f");
  TRY("lock cmpxchg m", "0xf0,0x48,0x0f,0xb1,0x0f");
  printf("cell %#lx\n", (unsigned long)cell[0]);
  return 0;
}
