/* pidfds: pidfd_open, poll readiness when the child exits, waitid
 * P_PIDFD (blocking and non-blocking), pidfd_send_signal with and without
 * a siginfo, pidfd_getfd borrowing a child's pipe end, and the errnos. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static int pidfd_open(pid_t pid, unsigned flags) { return syscall(SYS_pidfd_open, pid, flags); }

int main(void) {
  int pipefd[2];
  pipe(pipefd);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    struct timespec ts = {0, 200000000};
    nanosleep(&ts, NULL);
    _exit(7);
  }
  int fd = pidfd_open(c, 0);
  printf("cloexec %d\n", fcntl(fd, F_GETFD) == FD_CLOEXEC);
  struct pollfd p = {fd, POLLIN, 0};
  printf("poll now %d\n", poll(&p, 1, 0));
  int r = poll(&p, 1, 1000);
  printf("poll wait %d revents %d\n", r, p.revents);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  r = waitid(P_PIDFD, fd, &si, WEXITED);
  printf("waitid %d pid ok %d code CLD_EXITED %d status %d\n", r, si.si_pid == c,
         si.si_code == CLD_EXITED, si.si_status);
  r = poll(&p, 1, 0);
  printf("reaped: revents %d\n", p.revents);
  r = syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0);
  printf("signal reaped %d ESRCH %d\n", r, errno == ESRCH);
  close(fd);

  /* A child that waits for a signal, holding the pipe's write end. */
  c = fork();
  if (c == 0) {
    close(pipefd[0]);
    pause();
    _exit(0);
  }
  close(pipefd[1]);
  fd = pidfd_open(c, O_NONBLOCK);
  r = waitid(P_PIDFD, fd, &si, WEXITED);
  printf("nonblocking waitid %d EAGAIN %d\n", r, errno == EAGAIN);
  int w = syscall(SYS_pidfd_getfd, fd, pipefd[1], 0);
  printf("getfd ok %d cloexec %d\n", w >= 0, fcntl(w, F_GETFD) == FD_CLOEXEC);
  write(w, "hi", 2);
  close(w);
  char buf[4] = {0};
  read(pipefd[0], buf, 2);
  printf("through the borrowed end: %s\n", buf);
  r = syscall(SYS_pidfd_getfd, fd, 99, 0);
  printf("getfd bad target %d EBADF %d\n", r, errno == EBADF);
  siginfo_t info;
  memset(&info, 0, sizeof info);
  info.si_signo = SIGTERM;
  info.si_code = SI_USER;
  r = syscall(SYS_pidfd_send_signal, fd, SIGTERM, &info, 0);
  printf("SI_USER siginfo to another %d EPERM %d\n", r, errno == EPERM);
  r = syscall(SYS_pidfd_send_signal, 0, SIGTERM, NULL, 0);
  printf("not a pidfd %d EBADF %d\n", r, errno == EBADF);
  r = syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0);
  printf("send %d\n", r);
  p.fd = fd;
  poll(&p, 1, 1000);
  r = waitid(P_PIDFD, fd, &si, WEXITED);
  printf("killed: %d code CLD_KILLED %d signal %d\n", r, si.si_code == CLD_KILLED, si.si_status);
  r = pidfd_open(0, 0);
  printf("pid 0 %d EINVAL %d\n", r, errno == EINVAL);
  r = pidfd_open(getpid(), 1);
  printf("bad flags %d EINVAL %d\n", r, errno == EINVAL);
  return 0;
}
