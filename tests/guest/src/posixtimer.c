/* POSIX timers: SIGEV_SIGNAL with si_code SI_TIMER, si_timerid and
 * si_value; overruns while the signal waits; timer_gettime; absolute
 * times; SIGEV_NONE; SIGEV_THREAD_ID; a CPU-time clock; SIGEV_THREAD
 * (the C library's helper thread); errnos; fork drops timers. Prints
 * facts, not timings. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

static volatile sig_atomic_t cpu_fired;
static sem_t done;
static volatile int thread_value;

static void on_cpu(int sig) {
  (void)sig;
  cpu_fired = 1;
}

static void on_thread(union sigval v) {
  thread_value = v.sival_int;
  sem_post(&done);
}

static void set(timer_t t, int flags, long value_ns, long interval_ns) {
  struct itimerspec its = {{interval_ns / 1000000000, interval_ns % 1000000000},
                           {value_ns / 1000000000, value_ns % 1000000000}};
  if (timer_settime(t, flags, &its, NULL) != 0) perror("timer_settime");
}

static void sleep_ns(long ns) {
  struct timespec ts = {ns / 1000000000, ns % 1000000000};
  nanosleep(&ts, NULL);
}

int main(void) {
  sigset_t set1;
  sigemptyset(&set1);
  sigaddset(&set1, SIGRTMIN);
  sigaddset(&set1, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set1, NULL);

  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_SIGNAL;
  ev.sigev_signo = SIGRTMIN;
  ev.sigev_value.sival_int = 42;
  timer_t t;
  int r = timer_create(CLOCK_MONOTONIC, &ev, &t);
  printf("create %d\n", r);

  /* Every 2 ms; the signal waits blocked for about 11 ms. */
  set(t, 0, 2000000, 2000000);
  sleep_ns(11000000);
  siginfo_t si;
  r = sigwaitinfo(&set1, &si);
  printf("sig %d SI_TIMER %d timerid %d value %d overrun in [3,5] %d\n", r, si.si_code == SI_TIMER,
         si.si_timerid, si.si_value.sival_int, si.si_overrun >= 3 && si.si_overrun <= 5);
  printf("getoverrun matches %d\n", timer_getoverrun(t) == si.si_overrun);
  struct itimerspec cur;
  timer_gettime(t, &cur);
  printf("interval %ld value in (0, 2ms] %d\n", cur.it_interval.tv_nsec,
         cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 2000000);

  /* Disarm, then an absolute time already past: fires at once. */
  set(t, 0, 0, 0);
  timer_gettime(t, &cur);
  printf("disarmed %ld %ld\n", cur.it_value.tv_nsec, cur.it_interval.tv_nsec);
  set(t, TIMER_ABSTIME, 1, 0);
  struct timespec zero = {0, 0};
  r = sigtimedwait(&set1, &si, &zero);
  printf("absolute past: sig %d overrun %d getoverrun %d\n", r, si.si_overrun, timer_getoverrun(t));
  timer_gettime(t, &cur);
  printf("one-shot done %ld\n", cur.it_value.tv_nsec);

  /* SIGEV_NONE only counts. */
  ev.sigev_notify = SIGEV_NONE;
  timer_t n;
  timer_create(CLOCK_REALTIME, &ev, &n);
  set(n, 0, 50000000, 0);
  timer_gettime(n, &cur);
  printf("none running %d\n", cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 50000000);
  set(n, 0, 1000000, 0);
  sleep_ns(3000000);
  timer_gettime(n, &cur);
  sigset_t pend;
  sigpending(&pend);
  printf("none expired %ld, nothing pending %d\n", cur.it_value.tv_nsec,
         !sigismember(&pend, SIGRTMIN));

  /* SIGEV_THREAD_ID: to this thread. */
  ev.sigev_notify = SIGEV_THREAD_ID;
  ev.sigev_signo = SIGUSR1;
  ev.sigev_value.sival_int = 7;
  ev.sigev_notify_thread_id = syscall(SYS_gettid);
  timer_t d;
  r = timer_create(CLOCK_BOOTTIME, &ev, &d);
  set(d, 0, 1000000, 0);
  r = sigwaitinfo(&set1, &si);
  printf("thread id timer: create ok, sig %d value %d\n", r, si.si_value.sival_int);
  ev.sigev_notify_thread_id = 999999;
  timer_t bad;
  r = timer_create(CLOCK_MONOTONIC, &ev, &bad);
  printf("bad thread %d EINVAL %d\n", r, errno == EINVAL);

  /* The process CPU-time clock. */
  signal(SIGALRM, on_cpu);
  timer_t c;
  r = timer_create(CLOCK_PROCESS_CPUTIME_ID, NULL, &c);
  set(c, 0, 5000000, 0);
  while (!cpu_fired) {}
  printf("cpu timer %d fired\n", r);

  /* SIGEV_THREAD: the C library runs the function in a thread. */
  sem_init(&done, 0, 0);
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_THREAD;
  ev.sigev_notify_function = on_thread;
  ev.sigev_value.sival_int = 99;
  timer_t th;
  r = timer_create(CLOCK_MONOTONIC, &ev, &th);
  set(th, 0, 1000000, 0);
  sem_wait(&done);
  printf("thread timer %d value %d\n", r, thread_value);
  timer_delete(th);

  r = timer_create(10, NULL, &bad);
  printf("bad clock %d EINVAL %d\n", r, errno == EINVAL);
  struct itimerspec inv = {{0, 0}, {0, 1000000000}};
  r = timer_settime(t, 0, &inv, NULL);
  printf("bad nsec %d EINVAL %d\n", r, errno == EINVAL);
  fflush(stdout);
  pid_t k = fork();
  if (k == 0) {
    r = timer_gettime(t, &cur);
    printf("child: gettime %d EINVAL %d\n", r, errno == EINVAL);
    fflush(stdout);
    _exit(0);
  }
  waitpid(k, NULL, 0);
  printf("delete %d\n", timer_delete(t));
  r = timer_delete(t);
  printf("again %d EINVAL %d\n", r, errno == EINVAL);
  return 0;
}
