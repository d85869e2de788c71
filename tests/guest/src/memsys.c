/*
 * Newer memory and futex system calls as a program uses them: futex_waitv
 * woken by another thread (the index of the futex woken), futex_wait and
 * futex_wake, process_vm_readv/writev into a forked child, mseal, protection
 * keys on a CPU without PKU, a NUMA policy on one node, and kcmp.
 * Numbers are raw (musl's headers may lack the newest calls).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define NR_process_vm_readv 310
#define NR_process_vm_writev 311
#define NR_kcmp 312
#define NR_pkey_mprotect 329
#define NR_pkey_alloc 330
#define NR_mbind 237
#define NR_set_mempolicy 238
#define NR_get_mempolicy 239
#define NR_futex_waitv 449
#define NR_futex_wake 454
#define NR_futex_wait 455
#define NR_mseal 462

struct waitv { uint64_t val, uaddr; uint32_t flags, reserved; };
static uint32_t fut[3];
static char buf[64] = "parent data", buf2[64];

static long call(long nr, long a, long b, long c, long d, long e, long f) {
  long r = syscall(nr, a, b, c, d, e, f);
  return r < 0 ? -errno : r;
}

/* Wake futex `i` until the waiter is there to be woken. */
static void *waker(void *arg) {
  int i = (int)(intptr_t)arg;
  while (call(NR_futex_wake, (long)&fut[i], 0xffffffff, 1, 2 | 128, 0, 0) != 1) sched_yield();
  return 0;
}

int main(void) {
  setvbuf(stdout, 0, _IONBF, 0);
  struct waitv v[3];
  for (int i = 0; i < 3; i++) v[i] = (struct waitv){0, (uintptr_t)&fut[i], 2 | 128, 0};
  for (int round = 0; round < 3; round++) {
    int i = (round * 2) % 3;
    pthread_t t;
    pthread_create(&t, 0, waker, (void *)(intptr_t)i);
    long r = call(NR_futex_waitv, (long)v, 3, 0, 0, 0, 0);
    pthread_join(t, 0);
    printf("futex_waitv woke %ld (waker on %d)\n", r, i);
  }
  fut[0] = 1;
  printf("futex_waitv with a changed value: %ld\n", call(NR_futex_waitv, (long)v, 3, 0, 0, 0, 0));
  {
    pthread_t t;
    pthread_create(&t, 0, waker, (void *)(intptr_t)2);
    printf("futex_wait: %ld\n", call(NR_futex_wait, (long)&fut[2], 0, 0xffffffff, 2 | 128, 0, 0));
    pthread_join(t, 0);
  }

  int go[2], ready[2];
  pipe(go);
  pipe(ready);
  pid_t child = fork();
  if (child == 0) {
    strcpy(buf, "child data");
    write(ready[1], "r", 1);
    char c;
    read(go[0], &c, 1);
    printf("child sees: %s\n", buf2);
    _exit(0);
  }
  char c, got[64] = {0};
  read(ready[0], &c, 1);
  struct iovec l = {got, sizeof got}, r = {buf, 11};
  printf("process_vm_readv: %ld \"%s\"\n", call(NR_process_vm_readv, child, (long)&l, 1, (long)&r, 1, 0), got);
  char msg[] = "written by the parent";
  struct iovec lw = {msg, sizeof msg}, rw = {buf2, sizeof msg};
  printf("process_vm_writev: %ld\n", call(NR_process_vm_writev, child, (long)&lw, 1, (long)&rw, 1, 0));
  struct iovec bad = {(void *)8, 4};
  printf("process_vm_readv of a bad address: %ld\n", call(NR_process_vm_readv, child, (long)&l, 1, (long)&bad, 1, 0));
  long same = call(NR_kcmp, getpid(), getpid(), 1, 0, 0, 0);
  long differ = call(NR_kcmp, getpid(), child, 1, 0, 0, 0);
  printf("kcmp VM self/self: %ld, self/child differ: %d\n", same, differ != 0);
  printf("kcmp FILE stdout/stdout of the child: %ld\n", call(NR_kcmp, getpid(), child, 0, 1, 1, 0));
  write(go[1], "g", 1);
  int status;
  waitpid(child, &status, 0);

  char *m = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mseal: %ld\n", call(NR_mseal, (long)m + 4096, 4096, 0, 0, 0, 0));
  long sealed = munmap(m, 3 * 4096) ? -errno : 0;
  long prot = mprotect(m + 4096, 4096, PROT_READ) ? -errno : 0;
  long unsealed = munmap(m, 4096) ? -errno : 0;
  printf("munmap sealed: %ld, mprotect sealed: %ld, munmap unsealed: %ld\n", sealed, prot, unsealed);
  long k1 = call(NR_pkey_alloc, 0, 0, 0, 0, 0, 0);
  long k2 = call(NR_pkey_alloc, 0, 0, 0, 0, 0, 0);
  long pm1 = call(NR_pkey_mprotect, (long)m + 8192, 4096, PROT_READ, -1, 0, 0);
  long pm2 = call(NR_pkey_mprotect, (long)m + 8192, 4096, PROT_READ, 1, 0, 0);
  printf("pkey_alloc: %ld then %ld; pkey_mprotect -1: %ld, 1: %ld\n", k1, k2, pm1, pm2);

  unsigned long mask = 1, got_mask = 0;
  int mode = -1;
  printf("set_mempolicy(MPOL_BIND, {0}): %ld\n", call(NR_set_mempolicy, 2, (long)&mask, 64, 0, 0, 0));
  long g = call(NR_get_mempolicy, (long)&mode, (long)&got_mask, 64, 0, 0, 0);
  printf("get_mempolicy: %ld mode %d mask %lx\n", g, mode, got_mask);
  char *n = mmap(0, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("mbind(MPOL_INTERLEAVE): %ld\n", call(NR_mbind, (long)n, 4096, 3, (long)&mask, 64, 0));
  call(NR_get_mempolicy, (long)&mode, (long)&got_mask, 64, (long)n, 2, 0);
  printf("policy of the range: %d, of the page after it: ", mode);
  call(NR_get_mempolicy, (long)&mode, 0, 0, (long)n + 4096, 2, 0);
  printf("%d\n", mode);
  return 0;
}
