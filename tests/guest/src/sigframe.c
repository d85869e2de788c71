/* The x86-64 rt_sigframe byte for byte: what a handler sees (registers on entry, ucontext,
 * sigcontext, siginfo, FP state), what rt_sigreturn restores, and the fatal paths, selected by
 * argv[1]. Only host-independent facts are printed: addresses relative to the frame or to labels,
 * and nothing that depends on the size of the host's XSAVE area. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

typedef unsigned long u64;

/* Kernel ABI offsets, relative to the ucontext (RDX on entry; the frame starts 8 below). */
enum {
  UC_FLAGS = 0, UC_LINK = 8, UC_SS_SP = 16, UC_SS_FLAGS = 24, UC_SS_SIZE = 32, UC_MCTX = 40,
  SC_R8 = 40, SC_RDI = 40 + 64, SC_RSI = 40 + 72, SC_RBP = 40 + 80, SC_RBX = 40 + 88,
  SC_RDX = 40 + 96, SC_RAX = 40 + 104, SC_RCX = 40 + 112, SC_RSP = 40 + 120, SC_RIP = 40 + 128,
  SC_EFLAGS = 40 + 136, SC_CS = 40 + 144, SC_GS = 40 + 146, SC_FS = 40 + 148, SC_SS = 40 + 150,
  SC_ERR = 40 + 152, SC_TRAPNO = 40 + 160, SC_OLDMASK = 40 + 168, SC_CR2 = 40 + 176,
  SC_FPSTATE = 40 + 184, SC_RESERVED = 40 + 192, UC_SIGMASK = 296, INFO = 304, FRAME_END = 432,
};

#define AT(uc, off, type) (*(type *)((unsigned char *)(uc) + (off)))
#define ONE(x) ((x) ? 1 : 0)

/* ---- assembly helpers -------------------------------------------------------------------- */

/* Registers the handler saw on entry, saved by entry_stub before any C code runs. */
struct entry { u64 rax, rdi, rsi, rdx, rsp, rflags, mxcsr, fcw; } entry;
unsigned char entry_fx[512] __attribute__((aligned(16)));
/* regs_raise results: rsp at the syscall, then r12, rax, rflags, xmm15 (2), mxcsr, fcw, rcx, r11. */
u64 raise_out[10];
extern char raise_ret[], entry_stub[];
void regs_raise(long tid, long sig);
void c_entry_handler(int sig, siginfo_t *si, void *uc);

__asm__(
    ".text\n"
    ".globl entry_stub\n"
    "entry_stub:\n"
    "  mov %rax, entry+0(%rip)\n"
    "  mov %rdi, entry+8(%rip)\n"
    "  mov %rsi, entry+16(%rip)\n"
    "  mov %rdx, entry+24(%rip)\n"
    "  mov %rsp, entry+32(%rip)\n"
    "  pushfq\n"
    "  pop entry+40(%rip)\n"
    "  stmxcsr entry+48(%rip)\n"
    "  fnstcw entry+56(%rip)\n"
    "  fxsaveq entry_fx(%rip)\n"
    "  jmp c_entry_handler\n"
    /* regs_raise(tid, sig): tkill with known values in every register and FP state, DF and CF
       set; records what rt_sigreturn restored. */
    ".globl regs_raise\n"
    "regs_raise:\n"
    "  push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
    "  sub $8, %rsp\n"
    "  movabs $0x0808080808080808, %r8\n"
    "  movabs $0x0909090909090909, %r9\n"
    "  movabs $0x1010101010101010, %r10\n"
    "  movabs $0x1212121212121212, %r12\n"
    "  movabs $0x1313131313131313, %r13\n"
    "  movabs $0x1414141414141414, %r14\n"
    "  movabs $0x1515151515151515, %r15\n"
    "  movabs $0x0b0b0b0b0b0b0b0b, %rbx\n"
    "  movabs $0x0e0e0e0e0e0e0e0e, %rbp\n"
    "  movabs $0x0d0d0d0d0d0d0d0d, %rdx\n"
    "  movq %r15, %xmm15\n"
    "  movq %r8, %xmm0\n"
    "  punpcklqdq %xmm0, %xmm0\n"
    "  movl $0x1fa0, (%rsp)\n"
    "  ldmxcsr (%rsp)\n"
    "  movw $0x27f, (%rsp)\n"
    "  fldcw (%rsp)\n"
    "  fld1\n"
    "  mov %rsp, raise_out(%rip)\n"
    "  mov $200, %eax\n" /* SYS_tkill */
    "  cmp %eax, %eax\n"
    "  stc\n"
    "  std\n"
    "  syscall\n"
    ".globl raise_ret\n"
    "raise_ret:\n"
    "  pushfq\n"
    "  cld\n"
    "  pop raise_out+24(%rip)\n"
    "  mov %r12, raise_out+8(%rip)\n"
    "  mov %rax, raise_out+16(%rip)\n"
    "  movdqu %xmm15, raise_out+32(%rip)\n"
    "  stmxcsr raise_out+48(%rip)\n"
    "  fnstcw raise_out+56(%rip)\n"
    "  mov %rcx, raise_out+64(%rip)\n"
    "  mov %r11, raise_out+72(%rip)\n"
    "  fninit\n"
    "  movl $0x1f80, (%rsp)\n"
    "  ldmxcsr (%rsp)\n"
    "  add $8, %rsp\n"
    "  pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
    "  ret\n"
    /* Faulting instructions, each followed by a resume label the handler jumps to. */
    ".globl f_wnull, r_wnull\n"
    "f_wnull: movl $1, 0\n"
    "r_wnull: ret\n"
    ".globl f_read, r_read\n" /* f_read(addr): read a byte */
    "f_read: movzbl (%rdi), %eax\n"
    "r_read: ret\n"
    ".globl f_write, r_write\n" /* f_write(addr): write a byte */
    "f_write: movb $7, (%rdi)\n"
    "r_write: ret\n"
    ".globl f_call, r_call\n" /* f_call(addr): call it; the handler resumes at r_call */
    "f_call: call *%rdi\n"
    "r_call: ret\n"
    ".globl f_div, r_div\n"
    "f_div: xor %edx, %edx\n mov $1000, %eax\n xor %ecx, %ecx\n"
    "i_div: divl %ecx\n"
    "r_div: ret\n"
    ".globl i_div\n"
    ".globl f_ud2, r_ud2\n"
    "f_ud2: ud2\n"
    "r_ud2: ret\n"
    ".globl f_int3, r_int3\n"
    "f_int3: int3\n"
    "r_int3: ret\n"
    ".globl f_hlt, r_hlt\n"
    "f_hlt: hlt\n"
    "r_hlt: ret\n"
    ".globl f_int, r_int\n"
    "f_int: int $0x41\n"
    "r_int: ret\n"
    ".globl f_noncanon, r_noncanon\n"
    "f_noncanon: movabs $0x8000000000000000, %rax\n"
    "i_noncanon: mov (%rax), %eax\n"
    "r_noncanon: ret\n"
    ".globl i_noncanon\n"
    ".globl f_sse, i_sse, r_sse\n" /* divide by zero with ZE unmasked in MXCSR */
    "f_sse: sub $8, %rsp\n movl $0x1d80, (%rsp)\n ldmxcsr (%rsp)\n add $8, %rsp\n"
    "  xorps %xmm1, %xmm1\n mov $1, %eax\n cvtsi2ss %eax, %xmm0\n"
    "i_sse: divss %xmm1, %xmm0\n"
    "r_sse: ret\n"
    ".globl f_x87, i_x87, r_x87\n" /* x87 zero divide with ZE unmasked: #MF at the next FWAIT */
    "f_x87: sub $8, %rsp\n movw $0x37b, (%rsp)\n fldcw (%rsp)\n add $8, %rsp\n"
    "  fldz\n fld1\n fdiv %st(1), %st\n"
    "i_x87: fwait\n"
    "r_x87: fninit\n ret\n");

extern char f_wnull[], r_wnull[], f_read[], r_read[], f_write[], r_write[], f_call[], r_call[],
    i_div[], r_div[], f_ud2[], r_ud2[], f_int3[], r_int3[], f_hlt[], r_hlt[], f_int[], r_int[],
    i_noncanon[], r_noncanon[], i_sse[], r_sse[], i_x87[], r_x87[];
void f_wnull_fn(void) __asm__("f_wnull");
int f_read_fn(void *) __asm__("f_read");
void f_write_fn(void *) __asm__("f_write");
void f_call_fn(void *) __asm__("f_call");
void f_div_fn(void) __asm__("f_div");
void f_ud2_fn(void) __asm__("f_ud2");
void f_int3_fn(void) __asm__("f_int3");
void f_hlt_fn(void) __asm__("f_hlt");
void f_int_fn(void) __asm__("f_int");
void f_noncanon_fn(void) __asm__("f_noncanon");
void f_sse_fn(void) __asm__("f_sse");
void f_x87_fn(void) __asm__("f_x87");

/* ---- helpers ----------------------------------------------------------------------------- */

static long tid(void) { return syscall(SYS_gettid); }

static void install(int sig, void *fn, int flags, const sigset_t *mask) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = (void (*)(int, siginfo_t *, void *))fn;
  sa.sa_flags = flags;
  if (mask) sa.sa_mask = *mask;
  if (sigaction(sig, &sa, NULL)) printf("sigaction %d failed\n", sig);
}

/* The blocked mask as the raw 64-bit kernel set. */
static u64 cur_mask(void) {
  u64 m = 0;
  syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, 8);
  return m;
}

static void set_mask(u64 m) { syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8); }

static void hex(const char *what, const void *p, int n) {
  printf("%s", what);
  for (int i = 0; i < n; i++) printf("%02x", ((const unsigned char *)p)[i]);
  printf("\n");
}

/* Nonzero bytes in [from, to) of the siginfo. */
static int nonzero(const void *si, int from, int to) {
  int n = 0;
  for (int i = from; i < to; i++) n += ((const unsigned char *)si)[i] != 0;
  return n;
}

/* ---- entry state and the frame of a tkill'd signal ---------------------------------------- */

static u64 sw_xstate_size(const unsigned char *fp) { return *(const unsigned *)(fp + 464 + 16); }

void c_entry_handler(int sig, siginfo_t *si, void *uc) {
  unsigned char *fp = AT(uc, SC_FPSTATE, unsigned char *);
  printf("entry: rdi %lu rsi-is-info %d rdx-is-uc %d rax %lu rsp-is-frame %d\n", entry.rdi,
         ONE(entry.rsi == (u64)si), ONE(entry.rdx == (u64)uc), entry.rax,
         ONE(entry.rsp == (u64)uc - 8));
  printf("entry: rflags %#lx mxcsr %#lx fcw %#lx\n", entry.rflags, entry.mxcsr, entry.fcw & 0xffff);
  hex("entry fx 0-23: ", entry_fx, 24);
  printf("entry fx mxcsr %#x, st and xmm all zero %d\n", *(unsigned *)(entry_fx + 24),
         ONE(nonzero(entry_fx, 32, 416) == 0));
  printf("pretcode is the return address %d\n",
         ONE(AT(uc, -8, void *) == __builtin_return_address(0)));
  printf("uc_flags (without UC_FP_XSTATE) %#lx uc_link %#lx\n", AT(uc, UC_FLAGS, u64) & ~1ul,
         AT(uc, UC_LINK, u64));
  printf("uc_stack sp %#lx flags %d size %lu\n", AT(uc, UC_SS_SP, u64), AT(uc, UC_SS_FLAGS, int),
         AT(uc, UC_SS_SIZE, u64));
  static const char *names[] = {"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
                                "rdi", "rsi", "rbp", "rbx", "rdx", "rax", "rcx", "rsp"};
  for (int i = 0; i < 16; i++) {
    u64 v = AT(uc, SC_R8 + 8 * i, u64);
    if (i == 3) printf("  r11 is the saved rflags: %#lx\n", v);
    else if (i == 8) printf("  rdi is the tid %d\n", ONE(v == (u64)tid()));
    else if (i == 14) printf("  rcx is the return rip %d\n", ONE(v == (u64)raise_ret));
    else if (i == 15) printf("  rsp as at the syscall %d\n", ONE(v == raise_out[0]));
    else printf("  %s %#lx\n", names[i], v);
  }
  printf("  rip at raise_ret %d eflags %#lx\n", ONE(AT(uc, SC_RIP, u64) == (u64)raise_ret),
         AT(uc, SC_EFLAGS, u64));
  printf("  cs %#x gs %#x fs %#x ss %#x\n", AT(uc, SC_CS, unsigned short),
         AT(uc, SC_GS, unsigned short), AT(uc, SC_FS, unsigned short),
         AT(uc, SC_SS, unsigned short));
  printf("  err %lu trapno %lu oldmask %#lx cr2 %#lx\n", AT(uc, SC_ERR, u64),
         AT(uc, SC_TRAPNO, u64), AT(uc, SC_OLDMASK, u64), AT(uc, SC_CR2, u64));
  printf("  uc_sigmask %#lx\n", AT(uc, UC_SIGMASK, u64));
  u64 xsize = sw_xstate_size(fp) + ((AT(uc, UC_FLAGS, u64) & 1) ? 4 : 0);
  printf("fpstate - uc = %ld, 64-aligned %d, right below the red zone %d\n",
         (long)(fp - (unsigned char *)uc), ONE(((u64)fp & 63) == 0),
         ONE(raise_out[0] - 128 - ((u64)fp + xsize) < 64));
  printf("fp: cwd %#x swd %#x ftw %#x mxcsr %#x\n", *(unsigned short *)fp,
         *(unsigned short *)(fp + 2), fp[4], *(unsigned *)(fp + 24));
  hex("fp: st0 ", fp + 32, 10);
  hex("fp: xmm0 ", fp + 160, 16);
  hex("fp: xmm15 ", fp + 160 + 240, 16);
  printf("fp: sw_reserved magic1 %#x extended_size - xstate_size %u\n", *(unsigned *)(fp + 464),
         *(unsigned *)(fp + 468) - (unsigned)sw_xstate_size(fp));
  printf("info: signo %d errno %d code %d pid-is-self %d uid-is-self %d, nonzero bytes after 24: %d\n",
         si->si_signo, si->si_errno, si->si_code, ONE(si->si_pid == getpid()),
         ONE(si->si_uid == getuid()), nonzero(si, 24, 128));
  printf("info - uc = %ld\n", (long)((char *)si - (char *)uc));
  printf("mask in handler %#lx\n", cur_mask());
  /* What rt_sigreturn must restore, changed. */
  AT(uc, SC_R8 + 32, u64) = 0xfeedfacecafef00dul;
  AT(uc, SC_RAX, u64) = 0x1234;
  AT(uc, SC_EFLAGS, u64) = 0xffffffffffffffff & ~0x40100ul; /* not TF, not AC */
  AT(uc, SC_RCX, u64) = 0xc;
  memset(fp + 160 + 240, 0x5a, 16);
  *(unsigned *)(fp + 24) = 0x1f81; /* sets the IE flag */
  AT(uc, UC_SIGMASK, u64) |= 1ul << (SIGUSR2 - 1);
  (void)sig;
}

static void frame_basic(void) {
  sigset_t m;
  sigemptyset(&m);
  sigaddset(&m, SIGINT);
  install(SIGUSR1, entry_stub, SA_SIGINFO, &m);
  set_mask((1ul << (SIGHUP - 1)) | (1ul << 39));
  regs_raise(tid(), SIGUSR1);
  printf("after sigreturn: r12 %#lx rax %#lx rflags %#lx rcx %#lx r11 %#lx\n", raise_out[1],
         raise_out[2], raise_out[3], raise_out[8], raise_out[9]);
  hex("after sigreturn: xmm15 ", &raise_out[4], 16);
  printf("after sigreturn: mxcsr %#lx fcw %#lx mask %#lx\n", raise_out[6],
         raise_out[7] & 0xffff, cur_mask());
  set_mask(0);
  signal(SIGUSR1, SIG_DFL);
}

/* ---- faults: what sigcontext and siginfo say, resuming at a label ------------------------- */

static void *volatile resume_at;
static volatile int pop_return;

static void on_fault(int sig, siginfo_t *si, void *uc) {
  printf("  sig %d code %d errno %d trapno %lu err %#lx", sig, si->si_code, si->si_errno,
         AT(uc, SC_TRAPNO, u64), AT(uc, SC_ERR, u64));
  AT(uc, SC_RIP, void *) = resume_at;
  if (pop_return) AT(uc, SC_RSP, u64) += 8;
  unsigned char *fp = AT(uc, SC_FPSTATE, unsigned char *);
  if (sig == SIGFPE) {
    printf(" fp swd %#x mxcsr %#x", *(unsigned short *)(fp + 2), *(unsigned *)(fp + 24));
    *(unsigned short *)(fp + 2) = 0; /* clear the x87 exception */
    *(unsigned *)(fp + 24) = 0x1f80;
  }
  printf("\n");
}

static volatile u64 last_rip, last_addr, last_cr2;

static void on_fault_addr(int sig, siginfo_t *si, void *uc) {
  last_rip = AT(uc, SC_RIP, u64);
  last_addr = (u64)si->si_addr;
  last_cr2 = AT(uc, SC_CR2, u64);
  on_fault(sig, si, uc);
}

#define FAULT(what, call, resume, rip_expect, addr_expect, cr2_expect)                       \
  do {                                                                                      \
    printf("%s\n", what);                                                                   \
    resume_at = (resume);                                                                   \
    call;                                                                                   \
    printf("  rip ok %d si_addr ok %d cr2 ok %d\n", ONE(last_rip == (u64)(rip_expect)),     \
           ONE(last_addr == (u64)(addr_expect)), ONE(last_cr2 == (u64)(cr2_expect)));       \
  } while (0)

static void faults(void) {
  install(SIGSEGV, on_fault_addr, SA_SIGINFO, NULL);
  install(SIGBUS, on_fault_addr, SA_SIGINFO, NULL);
  install(SIGFPE, on_fault_addr, SA_SIGINFO, NULL);
  install(SIGILL, on_fault_addr, SA_SIGINFO, NULL);
  install(SIGTRAP, on_fault_addr, SA_SIGINFO, NULL);
  long pg = sysconf(_SC_PAGESIZE);
  unsigned char *ro = mmap(NULL, 4 * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  mprotect(ro + 2 * pg, pg, PROT_NONE);
  FAULT("write to NULL", f_wnull_fn(), r_wnull, f_wnull, 0, 0);
  FAULT("read 0x10", f_read_fn((void *)0x10), r_read, f_read, 0x10, 0x10);
  (void)*(volatile unsigned char *)ro;
  FAULT("write to a present read-only page", f_write_fn(ro + 5), r_write, f_write, ro + 5, ro + 5);
  FAULT("write to an absent read-only page", f_write_fn(ro + pg + 9), r_write, f_write,
        ro + pg + 9, ro + pg + 9);
  FAULT("read a PROT_NONE page", f_read_fn(ro + 2 * pg), r_read, f_read, ro + 2 * pg,
        ro + 2 * pg);
  FAULT("read a kernel address", f_read_fn((void *)0xffff880000000000ul), r_read, f_read,
        0xffff880000000000ul, 0xffff880000000000ul);
  pop_return = 1;
  FAULT("call NULL", f_call_fn(0), r_call, 0, 0, 0);
  FAULT("call into a present non-executable page", f_call_fn(ro), r_call, ro, ro, ro);
  pop_return = 0;
  FAULT("divide by zero (cr2 keeps the last page fault)", f_div_fn(), r_div, i_div, i_div, ro);
  FAULT("ud2", f_ud2_fn(), r_ud2, f_ud2, f_ud2, ro);
  FAULT("int3", f_int3_fn(), r_int3, r_int3, 0, ro);
  FAULT("hlt", f_hlt_fn(), r_hlt, f_hlt, 0, ro);
  FAULT("int $0x41", f_int_fn(), r_int, f_int, 0, ro);
  FAULT("non-canonical load", f_noncanon_fn(), r_noncanon, i_noncanon, 0, ro);
  FAULT("SSE divide by zero, unmasked", f_sse_fn(), r_sse, i_sse, i_sse, ro);
  FAULT("x87 divide by zero, unmasked", f_x87_fn(), r_x87, i_x87, i_x87, ro);
  munmap(ro, 4 * pg);
  for (int s = 1; s < 32; s++) signal(s, SIG_DFL);
}

/* ---- the alternate stack: placement, untouched bytes, SS_ONSTACK, SS_AUTODISARM ----------- */

#define ALT_SIZE 65536
static unsigned char alt[ALT_SIZE] __attribute__((aligned(64)));

/* Bytes of [-8, 960) relative to uc that still hold the fill pattern, over two fills. */
#define PROBE 968
/* Shared with signal handlers, hence volatile. */
static volatile unsigned char probe_fill, probe_same[PROBE];

static void on_probe(int sig, siginfo_t *si, void *uc) {
  for (int i = 0; i < PROBE; i++) probe_same[i] &= ((unsigned char *)uc)[i - 8] == probe_fill;
  (void)sig, (void)si;
}

/* Which bytes the kernel leaves alone when it builds a frame on the alternate stack. */
static void untouched(const char *what, int flags) {
  install(SIGUSR2, on_probe, flags | SA_ONSTACK, NULL);
  for (int i = 0; i < PROBE; i++) probe_same[i] = 1;
  for (int fill = 0; fill < 2; fill++) {
    probe_fill = fill ? 0x55 : 0xaa;
    memset(alt, probe_fill, sizeof alt);
    raise(SIGUSR2);
  }
  printf("%s: untouched bytes relative to uc:", what);
  int start = -1;
  for (int i = 0; i <= PROBE; i++) {
    int keep = i < PROBE && probe_same[i];
    if (keep && start < 0) start = i;
    if (!keep && start >= 0) {
      printf(" [%d,%d)", start - 8, i - 8);
      start = -1;
    }
  }
  printf("\n");
}

static volatile int nested;

static void on_alt(int sig, siginfo_t *si, void *uc) {
  stack_t now;
  sigaltstack(NULL, &now);
  unsigned char *fp = AT(uc, SC_FPSTATE, unsigned char *);
  u64 top = (u64)alt + ALT_SIZE;
  u64 xsize = sw_xstate_size(fp) + ((AT(uc, UC_FLAGS, u64) & 1) ? 4 : 0);
  printf("sig %d on the alternate stack %d, fpstate at round_down(top - xstate, 64) %d\n", sig,
         ONE((u64)uc > (u64)alt && (u64)uc < top), ONE((u64)fp == ((top - xsize) & ~63ul)));
  printf("  uc_stack sp-is-alt %d flags %#x size %lu; sigaltstack now flags %#x size %lu\n",
         ONE(AT(uc, UC_SS_SP, u64) == (u64)alt), AT(uc, UC_SS_FLAGS, unsigned),
         AT(uc, UC_SS_SIZE, u64), (unsigned)now.ss_flags, (u64)now.ss_size);
  if (sig == SIGUSR2 && nested == 0) {
    printf("  changing the alternate stack while on it: errno %d\n",
           syscall(SYS_sigaltstack, &now, NULL) ? errno : 0);
    nested = 1;
    void *outer = uc;
    raise(SIGUSR1);
    printf("  back in the outer handler %d\n", ONE(outer == uc));
  }
  (void)si;
}

static void altstack(void) {
  stack_t ss = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0};
  if (sigaltstack(&ss, NULL)) printf("sigaltstack failed\n");
  install(SIGUSR2, on_alt, SA_SIGINFO | SA_ONSTACK, NULL);
  install(SIGUSR1, on_alt, SA_SIGINFO | SA_ONSTACK, NULL);
  raise(SIGUSR2);
  untouched("SA_SIGINFO", SA_SIGINFO);
  untouched("no SA_SIGINFO", 0);
  ss.ss_flags = (int)(1u << 31); /* SS_AUTODISARM */
  sigaltstack(&ss, NULL);
  nested = 1;
  install(SIGUSR2, on_alt, SA_SIGINFO | SA_ONSTACK, NULL);
  raise(SIGUSR2);
  stack_t now;
  sigaltstack(NULL, &now);
  printf("after return: sigaltstack flags %#x size %lu (re-armed from uc_stack)\n",
         (unsigned)now.ss_flags, (u64)now.ss_size);
  ss.ss_flags = SS_DISABLE;
  sigaltstack(&ss, NULL);
  signal(SIGUSR1, SIG_DFL);
  signal(SIGUSR2, SIG_DFL);
}

/* ---- dispositions, masks and the order of pending signals --------------------------------- */

static volatile char order[64];
static volatile int norder;

static void on_record(int sig) { order[norder++] = (char)sig; }

static void on_reset(int sig, siginfo_t *si, void *uc) {
  struct sigaction now;
  sigaction(sig, NULL, &now);
  printf("SA_RESETHAND|SA_NODEFER: handler now default %d, flags %#x, %d blocked in handler %d\n",
         ONE(now.sa_handler == SIG_DFL), now.sa_flags & ~0x04000000, sig,
         ONE(cur_mask() & (1ul << (sig - 1))));
  printf("  uc_sigmask %#lx oldmask %#lx\n", AT(uc, UC_SIGMASK, u64), AT(uc, SC_OLDMASK, u64));
  (void)si;
}

static void pending_order(int all_blocked) {
  sigset_t m;
  if (all_blocked) sigfillset(&m);
  else sigemptyset(&m);
  int sigs[] = {SIGHUP, SIGUSR1, SIGUSR2, SIGSEGV, SIGTERM, SIGRTMIN + 2};
  for (int i = 0; i < 6; i++) install(sigs[i], on_record, 0, &m);
  set_mask(~0ul);
  norder = 0;
  kill(getpid(), SIGUSR1);
  syscall(SYS_tkill, tid(), SIGUSR2);
  kill(getpid(), SIGHUP);
  syscall(SYS_tkill, tid(), SIGSEGV);
  kill(getpid(), SIGTERM);
  syscall(SYS_tkill, tid(), SIGTERM); /* private copy of a signal also pending shared */
  kill(getpid(), SIGRTMIN + 2);
  kill(getpid(), SIGRTMIN + 2); /* real-time signals queue */
  sigset_t pend;
  sigpending(&pend);
  printf("pending:");
  for (int s = 1; s < 64; s++)
    if (sigismember(&pend, s)) printf(" %d", s);
  printf("\n");
  set_mask(0);
  printf("handlers ran (%s):", all_blocked ? "each blocks all" : "none block others");
  for (int i = 0; i < norder; i++) printf(" %d", order[i]);
  printf("\n");
  for (int i = 0; i < 6; i++) signal(sigs[i], SIG_DFL);
}

static void dispositions(void) {
  install(SIGUSR1, on_reset, SA_SIGINFO | SA_RESETHAND | SA_NODEFER, NULL);
  set_mask(1ul << (SIGQUIT - 1));
  raise(SIGUSR1);
  set_mask(0);
  signal(SIGUSR2, SIG_IGN);
  raise(SIGUSR2);
  printf("ignored SIGUSR2: survived\n");
  u64 act[4] = {(u64)on_record, ~0ul, (u64)on_record, ~0ul}, old[4];
  syscall(SYS_rt_sigaction, SIGUSR2, act, NULL, 8);
  syscall(SYS_rt_sigaction, SIGUSR2, NULL, old, 8);
  printf("all-ones sa_flags read back %#lx, sa_mask %#lx\n", old[1], old[3]);
  signal(SIGUSR2, SIG_DFL);
  signal(SIGCHLD, SIG_DFL);
  raise(SIGCHLD);
  raise(SIGWINCH);
  printf("default-ignored SIGCHLD and SIGWINCH: survived\n");
  pending_order(0);
  pending_order(1);
}

/* ---- fatal paths (each its own case) ------------------------------------------------------- */

static void never(int sig) {
  printf("handler ran for %d\n", sig);
  fflush(stdout);
}

static void corrupt_fp(int sig, siginfo_t *si, void *uc) {
  (void)sig, (void)si;
  *(unsigned *)(AT(uc, SC_FPSTATE, unsigned char *) + 24) = 0xffffffff; /* reserved MXCSR bits */
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("sigframe: %s\n", what);
  if (!strcmp(what, "")) {
    frame_basic();
    faults();
    altstack();
    dispositions();
    printf("done\n");
    return 0;
  }
  if (!strcmp(what, "segv-blocked")) { /* a fault while its signal is blocked kills */
    install(SIGSEGV, never, 0, NULL);
    set_mask(1ul << (SIGSEGV - 1));
    f_wnull_fn();
  } else if (!strcmp(what, "segv-in-handler")) { /* SIGSEGV is blocked inside its handler */
    install(SIGSEGV, f_wnull_fn, 0, NULL);
    f_wnull_fn();
  } else if (!strcmp(what, "no-restorer")) { /* x86-64 needs SA_RESTORER: SIGSEGV instead */
    u64 act[4] = {(u64)never, 0, 0, 0};
    syscall(SYS_rt_sigaction, SIGUSR1, act, NULL, 8);
    raise(SIGUSR1);
  } else if (!strcmp(what, "bad-fpstate")) { /* rt_sigreturn rejects the frame: SIGSEGV */
    install(SIGUSR1, corrupt_fp, SA_SIGINFO, NULL);
    raise(SIGUSR1);
  } else if (!strcmp(what, "ignored-fault")) { /* SIG_IGN does not stop a fault from killing */
    signal(SIGFPE, SIG_IGN);
    f_div_fn();
  } else if (!strcmp(what, "term")) { /* a default-terminate signal from kill() */
    kill(getpid(), SIGTERM);
  }
  printf("survived\n");
  return 1;
}
