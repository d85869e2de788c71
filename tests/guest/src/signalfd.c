/* signalfd and queued signals: reading signalfd_siginfo (raise, sigqueue
 * payloads, POSIX timers, a child's signal), poll and epoll readiness,
 * SFD_NONBLOCK and SFD_CLOEXEC, changing the mask of an existing
 * descriptor, a blocking read, and rt_sigqueueinfo's EPERM rule. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void show(struct signalfd_siginfo *s) {
  printf("signo %u code %d self %d int %d\n", s->ssi_signo, s->ssi_code,
         s->ssi_pid == (unsigned)getpid(), s->ssi_int);
}

int main(void) {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR1);
  sigaddset(&mask, SIGUSR2);
  sigaddset(&mask, SIGRTMIN);
  sigprocmask(SIG_BLOCK, &mask, NULL);
  int fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  printf("cloexec %d nonblock %d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0,
         (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
  struct signalfd_siginfo s[4];
  int r = read(fd, s, sizeof s);
  printf("empty read %d EAGAIN %d\n", r, errno == EAGAIN);
  r = read(fd, s, sizeof s[0] - 1);
  printf("short buffer %d EINVAL %d\n", r, errno == EINVAL);
  struct pollfd p = {fd, POLLIN, 0};
  printf("poll %d\n", poll(&p, 1, 0));

  raise(SIGUSR1);
  union sigval v;
  v.sival_int = 77;
  sigqueue(getpid(), SIGRTMIN, v);
  v.sival_int = 78;
  sigqueue(getpid(), SIGRTMIN, v);
  r = poll(&p, 1, 0);
  printf("poll %d revents %d\n", r, p.revents);
  r = read(fd, s, sizeof s);
  printf("read %d\n", r / (int)sizeof s[0]);
  for (int i = 0; i < r / (int)sizeof s[0]; i++) show(&s[i]);

  int ep = epoll_create1(0);
  struct epoll_event e = {EPOLLIN, {.u32 = 5}}, out;
  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
  printf("epoll idle %d\n", epoll_wait(ep, &out, 1, 0));
  kill(getpid(), SIGUSR2);
  r = epoll_wait(ep, &out, 1, 0);
  printf("epoll %d data %u\n", r, out.data.u32);
  read(fd, s, sizeof s);
  show(&s[0]);

  /* Narrow the mask: SIGUSR1 stays pending, unseen. */
  sigset_t only2;
  sigemptyset(&only2);
  sigaddset(&only2, SIGUSR2);
  printf("same fd %d\n", signalfd(fd, &only2, 0) == fd);
  kill(getpid(), SIGUSR1);
  r = read(fd, s, sizeof s);
  printf("narrowed read %d EAGAIN %d\n", r, errno == EAGAIN);
  r = signalfd(0, &only2, 0);
  printf("not a signalfd %d EINVAL %d\n", r, errno == EINVAL);

  /* A POSIX timer's signal. */
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_SIGNAL;
  ev.sigev_signo = SIGUSR2;
  ev.sigev_value.sival_int = 5;
  timer_t t;
  timer_create(CLOCK_MONOTONIC, &ev, &t);
  struct itimerspec its = {{0, 0}, {0, 1000000}};
  timer_settime(t, 0, &its, NULL);
  int bfd = signalfd(-1, &only2, 0);
  r = read(bfd, s, sizeof s);
  printf("timer: %d code SI_TIMER %d tid %u overrun %u int %d\n", r / (int)sizeof s[0],
         s[0].ssi_code == SI_TIMER, s[0].ssi_tid, s[0].ssi_overrun, s[0].ssi_int);

  /* A blocking read waits for a child's signal. */
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    struct timespec ts = {0, 2000000};
    nanosleep(&ts, NULL);
    kill(getppid(), SIGUSR2);
    r = syscall(SYS_rt_sigqueueinfo, getppid(), SIGUSR2, &(siginfo_t){.si_code = SI_USER});
    printf("child: SI_USER to parent %d EPERM %d\n", r, errno == EPERM);
    fflush(stdout);
    _exit(0);
  }
  r = read(bfd, s, sizeof s);
  printf("blocking read %d from child %d code %d\n", r / (int)sizeof s[0], s[0].ssi_pid == (unsigned)c,
         s[0].ssi_code);
  waitpid(c, NULL, 0);
  siginfo_t self = {.si_code = SI_USER};
  self.si_value.sival_int = 3;
  r = syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, &self);
  read(bfd, s, sizeof s);
  printf("SI_USER to self %d code %d\n", r, s[0].ssi_code);
  return 0;
}
