/* select, pselect6 and ppoll interrupted by a signal (EINTR) still write
 * the time left of their timeout back (the raw system calls; glibc's
 * select() converts pselect6's answer back into the caller's timeval). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void on_alarm(int s) { (void)s; }

static void arm(void) {
  struct itimerval it = {{0, 0}, {0, 30000}}; /* 30 ms */
  setitimer(ITIMER_REAL, &it, NULL);
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, NULL);
  int p[2];
  pipe(p);
  fd_set r;

  arm();
  struct timeval tv = {1, 0};
  FD_ZERO(&r);
  FD_SET(p[0], &r);
  long n = syscall(SYS_select, p[0] + 1, &r, NULL, NULL, &tv);
  printf("select %ld %s, left %ld.%ld s\n", n, strerror(errno), (long)tv.tv_sec, (long)tv.tv_usec / 100000);

  arm();
  struct timespec ts = {1, 0};
  FD_SET(p[0], &r);
  n = syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, NULL);
  printf("pselect6 %ld %s, left %ld.%ld s\n", n, strerror(errno), (long)ts.tv_sec, ts.tv_nsec / 100000000);

  arm();
  ts.tv_sec = 2;
  ts.tv_nsec = 0;
  struct pollfd pf = {p[0], POLLIN, 0};
  n = syscall(SYS_ppoll, &pf, 1, &ts, NULL, 8);
  printf("ppoll %ld %s, left %ld.%ld s\n", n, strerror(errno), (long)ts.tv_sec, ts.tv_nsec / 100000000);

  arm();
  tv.tv_sec = 0;
  tv.tv_usec = 500000;
  FD_SET(p[0], &r);
  n = select(p[0] + 1, &r, NULL, NULL, &tv);
  printf("select() %ld %s, left %ld.%ld s\n", n, strerror(errno), (long)tv.tv_sec, (long)tv.tv_usec / 100000);

  tv.tv_sec = 0;
  tv.tv_usec = 20000;
  FD_SET(p[0], &r);
  n = syscall(SYS_select, p[0] + 1, &r, NULL, NULL, &tv);
  printf("select timeout %ld, left %ld.%06ld s\n", n, (long)tv.tv_sec, (long)tv.tv_usec);
  return 0;
}
