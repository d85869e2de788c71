/* setjmp/longjmp across frames, sigsetjmp, and deep (100k-frame) recursion. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static jmp_buf env;
static sigjmp_buf senv;
static volatile int depth_reached;

static void dive(int n) {
  volatile char pad[32];
  pad[n % 32] = (char)n;
  if (n == 0) longjmp(env, 7);
  dive(n - 1);
  depth_reached += pad[n % 32];
}

/* Not a tail call: the result is used after the recursive call returns. */
static long deep(long n, volatile long *sink) {
  volatile long local[2] = {n, n * 3};
  if (n == 0) return 0;
  long r = deep(n - 1, sink) + local[0] % 7 + local[1] % 5;
  *sink += r & 1;
  return r;
}

static unsigned long ackermann(unsigned long m, unsigned long n) {
  if (m == 0) return n + 1;
  if (n == 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

static int counter;

static void handler(int sig) {
  counter += sig;
  siglongjmp(senv, counter);
}

int main(void) {
  volatile int round = 0;
  int r = setjmp(env);
  printf("setjmp returned %d round %d\n", r, round);
  if (round < 5) {
    round++;
    dive(round * 100);
  }
  printf("after loop round %d depth %d\n", round, depth_reached);

  /* longjmp must restore callee-saved registers the compiler keeps values in. */
  volatile long a = 1, b = 2;
  long c = 3;
  if (setjmp(env) == 0) {
    a = 10;
    b = 20;
    c = 30;
    longjmp(env, 0); /* 0 becomes 1 */
  }
  printf("a %ld b %ld\n", a, b);
  (void)c;

  volatile long sink = 0;
  long d = deep(100000, &sink);
  printf("deep %ld sink %ld\n", d, sink);
  printf("ackermann(2,300) %lu ackermann(3,6) %lu\n", ackermann(2, 300), ackermann(3, 6));

  signal(SIGUSR1, handler);
  for (int i = 0; i < 3; i++) {
    int v = sigsetjmp(senv, 1);
    if (v == 0) {
      raise(SIGUSR1);
      printf("not reached\n");
    } else {
      printf("siglongjmp %d\n", v);
    }
  }
  sigset_t cur;
  sigprocmask(SIG_BLOCK, NULL, &cur);
  printf("SIGUSR1 blocked after siglongjmp: %d\n", sigismember(&cur, SIGUSR1));
  return 0;
}
