/* Interval timers: alarm's remaining seconds, ITIMER_REAL periods with
 * SIGALRM (si_code SI_KERNEL), a periodic timer that waits while its
 * signal is blocked and resumes when it is taken, sleeps interrupted by
 * SIGALRM, ITIMER_VIRTUAL and ITIMER_PROF on CPU time, errnos, and fork
 * (the child starts with no timers). Prints facts, not timings. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t count[64];
static volatile int lastcode;

static void handler(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  count[sig]++;
  lastcode = si->si_code;
}

static void on(int sig) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  sigaction(sig, &sa, NULL);
}

static void arm(int which, long value_us, long interval_us) {
  struct itimerval v = {{interval_us / 1000000, interval_us % 1000000},
                        {value_us / 1000000, value_us % 1000000}};
  if (setitimer(which, &v, NULL) != 0) perror("setitimer");
}

static long left_us(int which) {
  struct itimerval v;
  getitimer(which, &v);
  return v.it_value.tv_sec * 1000000L + v.it_value.tv_usec;
}

int main(void) {
  printf("alarm %u\n", alarm(5));
  printf("alarm %u\n", alarm(3));
  printf("alarm %u\n", alarm(0));

  on(SIGALRM);
  arm(ITIMER_REAL, 10000, 10000);
  struct itimerval v;
  getitimer(ITIMER_REAL, &v);
  printf("interval %ld.%06ld, value in (0, 10ms]: %d\n", (long)v.it_interval.tv_sec,
         (long)v.it_interval.tv_usec, v.it_value.tv_usec > 0 && v.it_value.tv_usec <= 10000);
  while (count[SIGALRM] < 3) pause();
  arm(ITIMER_REAL, 0, 10000);
  getitimer(ITIMER_REAL, &v);
  printf("3 alarms, code SI_KERNEL %d; disarmed: %ld %ld\n", lastcode == SI_KERNEL,
         (long)v.it_value.tv_usec, (long)v.it_interval.tv_usec);

  /* Blocked: fires once, then does not run until SIGALRM is taken. */
  int r;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGALRM);
  sigprocmask(SIG_BLOCK, &set, NULL);
  arm(ITIMER_REAL, 1000, 1000);
  struct timespec ts = {0, 20000000};
  nanosleep(&ts, NULL);
  sigset_t pend;
  sigpending(&pend);
  printf("pending %d, running while pending %d\n", sigismember(&pend, SIGALRM),
         left_us(ITIMER_REAL) != 0);
  siginfo_t si;
  r = sigwaitinfo(&set, &si);
  printf("taken %d code SI_KERNEL %d\n", r, si.si_code == SI_KERNEL);
  printf("running again %d\n", left_us(ITIMER_REAL) > 0);
  arm(ITIMER_REAL, 0, 0);
  sigprocmask(SIG_UNBLOCK, &set, NULL);

  /* A sleep ends early with EINTR. */
  arm(ITIMER_REAL, 5000, 0);
  ts.tv_sec = 1;
  r = nanosleep(&ts, NULL);
  printf("nanosleep %d EINTR %d alarms %d\n", r, r < 0 && errno == EINTR, (int)count[SIGALRM]);

  /* CPU-time timers fire only while the process runs. */
  on(SIGVTALRM);
  on(SIGPROF);
  arm(ITIMER_VIRTUAL, 20000, 0);
  while (count[SIGVTALRM] == 0) {}
  arm(ITIMER_PROF, 20000, 20000);
  while (count[SIGPROF] < 2) {}
  arm(ITIMER_PROF, 0, 0);
  printf("SIGVTALRM %d SIGPROF %d\n", (int)count[SIGVTALRM], (int)count[SIGPROF]);
  arm(ITIMER_VIRTUAL, 0, 7000);
  getitimer(ITIMER_VIRTUAL, &v);
  printf("virtual disarmed keeps interval %ld, value %ld\n", (long)v.it_interval.tv_usec,
         (long)v.it_value.tv_usec);

  struct itimerval bad = {{0, 0}, {0, 1000000}};
  r = setitimer(ITIMER_REAL, &bad, NULL);
  printf("bad usec %d EINVAL %d\n", r, errno == EINVAL);
  r = getitimer(7, &v);
  printf("bad which %d EINVAL %d\n", r, errno == EINVAL);

  arm(ITIMER_REAL, 2000000, 0);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    long real = left_us(ITIMER_REAL);
    printf("child: real %ld alarm %u\n", real, alarm(0));
    fflush(stdout);
    _exit(0);
  }
  waitpid(c, NULL, 0);
  printf("parent still armed %d\n", left_us(ITIMER_REAL) > 0);
  return 0;
}
