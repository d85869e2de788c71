/* POSIX message queues: priorities, limits and errnos, a queue shared by a
 * forked child that waits on it, timeouts, poll/epoll readiness of the
 * descriptor and what read() shows, mq_notify's signal and
 * mq_getsetattr. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NAME "/linuxvm_mqueue_test"

static const char *err(int r) {
  if (r >= 0) return "ok";
  return errno == EINVAL      ? "EINVAL"
         : errno == EEXIST    ? "EEXIST"
         : errno == ENOENT    ? "ENOENT"
         : errno == EACCES    ? "EACCES"
         : errno == EAGAIN    ? "EAGAIN"
         : errno == EMSGSIZE  ? "EMSGSIZE"
         : errno == ETIMEDOUT ? "ETIMEDOUT"
         : errno == EBADF     ? "EBADF"
         : errno == EBUSY     ? "EBUSY"
         : errno == EINTR     ? "EINTR"
                              : "other";
}

static void sleep_ms(int ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, NULL);
}

static struct timespec in_ms(int ms) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_nsec += ms * 1000000L;
  if (ts.tv_nsec >= 1000000000L) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000L;
  }
  return ts;
}

static void show_attr(mqd_t q) {
  struct mq_attr a;
  mq_getattr(q, &a);
  printf("attr flags %s maxmsg %ld msgsize %ld curmsgs %ld\n",
         (a.mq_flags & O_NONBLOCK) ? "O_NONBLOCK" : "0", a.mq_maxmsg, a.mq_msgsize, a.mq_curmsgs);
}

static void recv_one(mqd_t q) {
  char buf[64];
  unsigned prio = 99;
  ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
  if (n < 0) printf("  receive %s\n", err(-1));
  else printf("  receive '%.*s' prio %u\n", (int)n, buf, prio);
  fflush(stdout);
}

static int polled(mqd_t q) {
  struct pollfd p = {q, POLLIN | POLLOUT, 0};
  poll(&p, 1, 0);
  return p.revents;
}

static volatile sig_atomic_t notified, note_code, note_pid_ok, note_value;
static void on_note(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)uc;
  notified++;
  note_code = si->si_code;
  note_pid_ok = si->si_pid == getpid();
  note_value = si->si_value.sival_int;
}

int main(void) {
  setvbuf(stdout, NULL, _IOFBF, 4096);
  mq_unlink(NAME); /* leftover of an interrupted run */
  struct mq_attr attr = {0, 4, 64, 0};
  mqd_t q = mq_open(NAME, O_CREAT | O_EXCL | O_RDWR, 0640, &attr);
  printf("open %s cloexec %d\n", err(q), (fcntl(q, F_GETFD) & FD_CLOEXEC) != 0);
  struct stat st;
  fstat(q, &st);
  printf("stat mode %o size %ld\n", st.st_mode, (long)st.st_size);
  show_attr(q);
  printf("again O_EXCL %s\n", err(mq_open(NAME, O_CREAT | O_EXCL | O_RDWR, 0640, &attr)));
  printf("missing %s\n", err(mq_open("/linuxvm_no_such_queue", O_RDONLY)));
  printf("slash inside %s\n", err(mq_open("/a/b", O_CREAT | O_RDWR, 0600, NULL)));
  struct mq_attr bad = {0, 0, 64, 0};
  printf("maxmsg 0 %s\n", err(mq_open("/linuxvm_bad", O_CREAT | O_RDWR, 0600, &bad)));
  printf("empty poll %x\n", polled(q));

  /* Priorities: highest first, oldest first within one. */
  mq_send(q, "p1", 2, 1);
  mq_send(q, "p5a", 3, 5);
  mq_send(q, "p3", 2, 3);
  mq_send(q, "p5b", 3, 5);
  printf("full poll %x\n", polled(q));
  show_attr(q);
  char info[128];
  ssize_t n = read(q, info, sizeof info - 1);
  info[n > 0 ? n : 0] = 0;
  printf("read: %s", info);
  printf("write %s\n", err(write(q, "x", 1)));
  struct mq_attr nb = {O_NONBLOCK, 0, 0, 0}, old;
  mq_setattr(q, &nb, &old);
  printf("full send nonblock %s\n", err(mq_send(q, "x", 1, 0)));
  nb.mq_flags = 0;
  mq_setattr(q, &nb, NULL);
  struct timespec past = {0, 0};
  printf("full send past timeout %s\n", err(mq_timedsend(q, "x", 1, 0, &past)));
  struct timespec soon = in_ms(10);
  printf("full timed send %s\n", err(mq_timedsend(q, "x", 1, 0, &soon)));
  printf("too long %s", err(mq_send(q, info, 65, 0)));
  printf(", prio too high %s\n", err(mq_send(q, "x", 1, 40000)));
  char small[8];
  printf("small buffer %s\n", err(mq_receive(q, small, sizeof small, NULL)));
  for (int i = 0; i < 4; i++) recv_one(q);
  soon = in_ms(10);
  char buf[64];
  printf("empty timed receive %s\n", err(mq_timedreceive(q, buf, sizeof buf, NULL, &soon)));
  printf("bad timeout %s\n",
         err(mq_timedreceive(q, buf, sizeof buf, NULL, &(struct timespec){0, 2000000000})));

  /* A child opens the queue by name and waits for a message. */
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    mqd_t r = mq_open(NAME, O_RDONLY);
    recv_one(r);
    printf("  child send on read-only %s\n", err(mq_send(r, "x", 1, 0)));
    fflush(stdout);
    _exit(0);
  }
  sleep_ms(5);
  mq_send(q, "to child", 8, 2);
  waitpid(c, NULL, 0);

  /* epoll sees the queue become readable. */
  int ep = epoll_create1(0);
  struct epoll_event ev = {EPOLLIN, {.fd = q}}, got;
  printf("epoll add %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, q, &ev)));
  printf("epoll empty %d\n", epoll_wait(ep, &got, 1, 0));
  fflush(stdout);
  c = fork();
  if (c == 0) {
    sleep_ms(5);
    mqd_t w = mq_open(NAME, O_WRONLY);
    mq_send(w, "wake", 4, 0);
    _exit(0);
  }
  int ready = epoll_wait(ep, &got, 1, 1000);
  printf("epoll wait %d events %x\n", ready, got.events);
  waitpid(c, NULL, 0);
  recv_one(q);

  /* mq_notify: a signal when a message arrives in the empty queue. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_note;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, NULL);
  struct sigevent se;
  memset(&se, 0, sizeof se);
  se.sigev_notify = SIGEV_SIGNAL;
  se.sigev_signo = SIGUSR1;
  se.sigev_value.sival_int = 42;
  printf("notify %s\n", err(mq_notify(q, &se)));
  n = pread(q, info, sizeof info - 1, 0);
  info[n > 0 ? n : 0] = 0;
  char *pid = strstr(info, "NOTIFY_PID:");
  int owner = pid ? atoi(pid + 11) : -1;
  if (pid) pid[11] = 0;
  printf("pread %zd: %s(owner-ok %d)\n", n, info, owner == getpid());
  printf("read at the end %zd\n", read(q, info, sizeof info));
  fflush(stdout);
  c = fork();
  if (c == 0) {
    printf("  child notify %s\n", err(mq_notify(q, &se)));
    fflush(stdout);
    _exit(0);
  }
  waitpid(c, NULL, 0);
  mq_send(q, "a", 1, 0);
  mq_send(q, "b", 1, 0);
  printf("notified %d code-mesgq %d pid-ok %d value %d\n", notified, note_code == SI_MESGQ,
         note_pid_ok, note_value);
  recv_one(q);
  recv_one(q);
  mq_send(q, "c", 1, 0);
  printf("registration used up: notified %d\n", notified);
  recv_one(q);
  printf("notify again %s", err(mq_notify(q, &se)));
  printf(", unregister %s\n", err(mq_notify(q, NULL)));
  mq_send(q, "d", 1, 0);
  printf("unregistered: notified %d\n", notified);
  recv_one(q);
  se.sigev_notify = 99;
  printf("bad sigev_notify %s\n", err(mq_notify(q, &se)));
  printf("notify on a non-queue %s\n", err(mq_notify(1, NULL)));

  /* Unlinked queues live on while open. */
  printf("unlink %s", err(mq_unlink(NAME)));
  printf(", again %s\n", err(mq_unlink(NAME)));
  mq_send(q, "still", 5, 0);
  recv_one(q);
  printf("reopen %s\n", err(mq_open(NAME, O_RDWR)));
  mq_close(q);
  printf("send after close %s\n", err(mq_send(q, "x", 1, 0)));
  return 0;
}
