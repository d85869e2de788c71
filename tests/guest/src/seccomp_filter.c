/* seccomp filter mode: classic BPF programs over struct seccomp_data that
 * allow, fail (SECCOMP_RET_ERRNO), trap (SIGSYS with si_syscall and
 * si_arch) or kill (SIGSYS); the no_new_privs rule; filter validation;
 * precedence between stacked filters; inheritance by fork. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* <linux/filter.h> and <linux/seccomp.h>, spelled out (musl ships no kernel headers). */
struct sock_filter {
  uint16_t code;
  uint8_t jt, jf;
  uint32_t k;
};
struct sock_fprog {
  unsigned short len;
  struct sock_filter *filter;
};
struct seccomp_data {
  int nr;
  uint32_t arch;
  uint64_t instruction_pointer;
  uint64_t args[6];
};
#define BPF_STMT(c, v) {(uint16_t)(c), 0, 0, (uint32_t)(v)}
#define BPF_JUMP(c, v, t, f) {(uint16_t)(c), (uint8_t)(t), (uint8_t)(f), (uint32_t)(v)}
#define LD_W_ABS 0x20
#define JEQ_K 0x15
#define JGE_K 0x35
#define JSET_K 0x45
#define RET_K 0x06
#define RET_A 0x16
#define ST 0x02
#define LD_MEM 0x60
#define ALU_ADD_K 0x04
#define JA 0x05
#define SECCOMP_SET_MODE_FILTER 1
#define RET_KILL_PROCESS 0x80000000U
#define RET_KILL_THREAD 0U
#define RET_TRAP 0x00030000U
#define RET_ERRNO 0x00050000U
#define RET_TRACE 0x7ff00000U
#define RET_LOG 0x7ffc0000U
#define RET_ALLOW 0x7fff0000U
#define NR offsetof(struct seccomp_data, nr)
#define ARCH offsetof(struct seccomp_data, arch)
#define ARG0 offsetof(struct seccomp_data, args[0])

static long install(struct sock_filter *f, unsigned short n, unsigned flags) {
  struct sock_fprog prog = {n, f};
  errno = 0;
  return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
}

static volatile int trapped_nr = -1, trapped_errno = -1, trapped_code = -1;
static volatile unsigned trapped_arch;
static void on_sys(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)uc;
  trapped_nr = si->si_syscall;
  trapped_arch = si->si_arch;
  trapped_errno = si->si_errno;
  trapped_code = si->si_code;
}

static void report(const char *what, pid_t c) {
  int st;
  waitpid(c, &st, 0);
  if (WIFSIGNALED(st)) printf("%s: killed by signal %d\n", what, WTERMSIG(st));
  else printf("%s: exited %d\n", what, WEXITSTATUS(st));
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  struct sock_filter allow[] = {BPF_STMT(RET_K, RET_ALLOW)};
  /* Invalid programs. */
  struct sock_filter noret[] = {BPF_STMT(LD_W_ABS, NR)};
  struct sock_filter badjump[] = {BPF_JUMP(JEQ_K, 1, 5, 0), BPF_STMT(RET_K, RET_ALLOW)};
  struct sock_filter misaligned[] = {BPF_STMT(LD_W_ABS, 2), BPF_STMT(RET_K, RET_ALLOW)};
  struct sock_filter outside[] = {BPF_STMT(LD_W_ABS, 64), BPF_STMT(RET_K, RET_ALLOW)};
  struct sock_filter uninit[] = {BPF_STMT(LD_MEM, 3), BPF_STMT(RET_A, 0)};
  struct sock_filter badop[] = {BPF_STMT(0x28, 0), BPF_STMT(RET_K, RET_ALLOW)}; /* LD H ABS */
  long r;
  if (fork() == 0) {
    setuid(65534);
    r = install(allow, 1, 0);
    printf("unprivileged without no_new_privs: %ld errno=%d\n", r, errno);
    _exit(0);
  }
  wait(NULL);
  r = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  printf("no_new_privs: %ld\n", r);
  struct { const char *name; struct sock_filter *f; unsigned short n; } bad[] = {
    {"no RET at the end", noret, 1}, {"jump past the end", badjump, 2}, {"misaligned load", misaligned, 2},
    {"load past seccomp_data", outside, 2}, {"scratch read before write", uninit, 2}, {"16-bit load", badop, 2},
    {"empty", allow, 0},
  };
  for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    r = install(bad[i].f, bad[i].n, 0);
    printf("%s: %ld errno=%d\n", bad[i].name, r, errno);
  }
  r = install(allow, 1, 0x40);
  printf("unknown flag: %ld errno=%d\n", r, errno);
  r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, (void *)8);
  printf("bad program address: %ld errno=%d\n", r, errno);

  /* The filter: ERRNO(5) for getpid, TRAP(7) for getppid, ERRNO by argument for dup(42),
   * KILL_PROCESS for kill(1234, 0), TRACE (no tracer: ENOSYS) for getpgrp, the rest allowed. */
  struct sock_filter f[] = {
    BPF_STMT(LD_W_ABS, ARCH),
    BPF_JUMP(JEQ_K, 0xc000003e, 1, 0),
    BPF_STMT(RET_K, RET_KILL_PROCESS),
    BPF_STMT(LD_W_ABS, NR),
    BPF_JUMP(JEQ_K, SYS_getpid, 0, 1),
    BPF_STMT(RET_K, RET_ERRNO | 5),
    BPF_JUMP(JEQ_K, SYS_getppid, 0, 1),
    BPF_STMT(RET_K, RET_TRAP | 7),
    BPF_JUMP(JEQ_K, SYS_getpgrp, 0, 1),
    BPF_STMT(RET_K, RET_TRACE),
    BPF_JUMP(JEQ_K, SYS_dup, 0, 4),
    BPF_STMT(LD_W_ABS, ARG0),
    BPF_JUMP(JEQ_K, 42, 0, 1),
    BPF_STMT(RET_K, RET_ERRNO | 99999),
    BPF_STMT(RET_K, RET_ALLOW),
    BPF_JUMP(JEQ_K, SYS_kill, 0, 3),
    BPF_STMT(LD_W_ABS, ARG0),
    BPF_JUMP(JEQ_K, 1234, 0, 1),
    BPF_STMT(RET_K, RET_KILL_PROCESS),
    BPF_STMT(RET_K, RET_ALLOW),
  };
  r = install(f, sizeof f / sizeof f[0], 0);
  printf("install: %ld\n", r);
  printf("PR_GET_SECCOMP: %d\n", prctl(PR_GET_SECCOMP));
  errno = 0;
  r = syscall(SYS_getpid);
  printf("getpid: %ld errno=%d\n", r, errno);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sys;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSYS, &sa, NULL);
  r = syscall(SYS_getppid);
  printf("getppid: %ld (trapped nr=%d arch=%#x errno=%d code=%d)\n", r, trapped_nr, trapped_arch, trapped_errno,
         trapped_code);
  errno = 0;
  r = syscall(SYS_getpgrp);
  printf("getpgrp: %ld errno=%d\n", r, errno);
  errno = 0;
  r = syscall(SYS_dup, 42);
  printf("dup(42): %ld errno=%d\n", r, errno);
  r = syscall(SYS_dup, 1);
  printf("dup(1) allowed: %d\n", r > 2);
  /* A second filter: LOG for everything; the first's stricter verdicts still win. */
  struct sock_filter logall[] = {BPF_STMT(RET_K, RET_LOG)};
  r = install(logall, 1, 0);
  printf("second filter: %ld\n", r);
  errno = 0;
  r = syscall(SYS_getpid);
  printf("getpid again: %ld errno=%d\n", r, errno);
  /* Children inherit the filters. */
  pid_t c = fork();
  if (c == 0) {
    errno = 0;
    long q = syscall(SYS_getpid);
    printf("child getpid: %ld errno=%d\n", q, errno);
    syscall(SYS_kill, 1234, 0);
    printf("child: not reached\n");
    _exit(0);
  }
  report("child calling kill(1234, 0)", c);
  c = fork();
  if (c == 0) {
    struct sock_filter killthread[] = {BPF_STMT(RET_K, RET_KILL_THREAD)};
    install(killthread, 1, 0);
    syscall(SYS_getuid);
    _exit(0);
  }
  report("child under KILL_THREAD", c);
  return 0;
}
