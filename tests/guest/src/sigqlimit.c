/* RLIMIT_SIGPENDING: queued signals of the user beyond the limit. Real-time
 * signals sent with a siginfo (sigqueue, rt_tgsigqueueinfo, tgkill) fail with
 * EAGAIN; kill() still sets them pending without a siginfo; a standard signal
 * from sigqueue loses its siginfo; every POSIX timer holds one (timer_create
 * fails with EAGAIN at the limit). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void report(const char *what, int r) {
  printf("%s: %d %s\n", what, r, r < 0 ? strerror(errno) : "");
}

static int queue(int sig, int v) {
  union sigval sv;
  sv.sival_int = v;
  return sigqueue(getpid(), sig, sv);
}

/* Take every pending signal of `set`, printing each siginfo. */
static void drain(sigset_t *set) {
  struct timespec zero = {0, 0};
  siginfo_t si;
  int sig;
  while ((sig = sigtimedwait(set, &si, &zero)) > 0) {
    printf("  got %d code %d value %d\n", sig - (sig >= SIGRTMIN ? SIGRTMIN : 0) +
           (sig >= SIGRTMIN ? 1000 : 0), si.si_code, si.si_code == SI_QUEUE ? si.si_value.sival_int : -1);
  }
}

int main(void) {
  setvbuf(stdout, 0, _IONBF, 0);
  struct rlimit rl = {3, 8};
  if (setrlimit(RLIMIT_SIGPENDING, &rl) != 0) perror("setrlimit");
  getrlimit(RLIMIT_SIGPENDING, &rl);
  printf("limit %ld %ld\n", (long)rl.rlim_cur, (long)rl.rlim_max);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGRTMIN);
  sigaddset(&set, SIGRTMIN + 1);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  sigaddset(&set, SIGALRM);
  sigprocmask(SIG_BLOCK, &set, 0);

  for (int i = 0; i < 5; i++) {
    char what[32];
    snprintf(what, sizeof what, "sigqueue rt #%d", i);
    report(what, queue(SIGRTMIN, i));
  }
  report("rt_tgsigqueueinfo", (int)syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), SIGRTMIN,
                                            &(siginfo_t){.si_code = SI_QUEUE}));
  report("tgkill rt", (int)syscall(SYS_tgkill, getpid(), gettid(), SIGRTMIN + 1));
  report("kill rt", kill(getpid(), SIGRTMIN + 1));
  report("sigqueue standard", queue(SIGUSR1, 77));
  report("kill standard", kill(getpid(), SIGUSR2));
  timer_t tm;
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_SIGNAL;
  ev.sigev_signo = SIGALRM;
  report("timer_create SIGEV_SIGNAL", timer_create(CLOCK_MONOTONIC, &ev, &tm));
  ev.sigev_notify = SIGEV_NONE;
  report("timer_create SIGEV_NONE", timer_create(CLOCK_MONOTONIC, &ev, &tm));
  drain(&set);

  /* Timers hold a siginfo each: two timers leave room for one queued signal. */
  timer_t t1, t2;
  ev.sigev_notify = SIGEV_SIGNAL;
  report("timer 1", timer_create(CLOCK_MONOTONIC, &ev, &t1));
  report("timer 2", timer_create(CLOCK_MONOTONIC, &ev, &t2));
  report("sigqueue with two timers", queue(SIGRTMIN, 10));
  report("again", queue(SIGRTMIN, 11));
  /* A timer's expiry uses the siginfo it holds, at the limit too. */
  struct itimerspec its = {{0, 0}, {0, 1000}};
  timer_settime(t1, 0, &its, 0);
  struct timespec ms = {0, 2000000};
  nanosleep(&ms, 0);
  drain(&set);
  timer_delete(t1);
  timer_delete(t2);
  report("after timer_delete", queue(SIGRTMIN, 12));
  drain(&set);

  /* Raising the limit again makes room. */
  rl.rlim_cur = 8;
  setrlimit(RLIMIT_SIGPENDING, &rl);
  int ok = 0;
  for (int i = 0; i < 10; i++) ok += queue(SIGRTMIN + 1, i) == 0;
  printf("queued with limit 8: %d\n", ok);
  drain(&set);
  return 0;
}
