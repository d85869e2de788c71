/* Pipes between processes: a large transfer in odd-sized writes, EOF, a
 * three-process pipeline through dup2, poll readiness and hang-up, PIPE_BUF
 * atomicity with concurrent writers, O_NONBLOCK, and SIGPIPE / EPIPE. Output
 * does not depend on how the host interleaves the processes. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "common.h"

#define BIG (160 * 1024)

static int wait_status(pid_t p) {
  int st;
  waitpid(p, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static pid_t fork_flushed(void) {
  fflush(stdout);
  return fork();
}

static size_t write_all(int fd, const unsigned char *b, size_t n) {
  size_t done = 0;
  while (done < n) {
    ssize_t k = write(fd, b + done, n - done);
    if (k <= 0) break;
    done += (size_t)k;
  }
  return done;
}

/* Parent sends BIG bytes in writes of varying sizes; the child hashes what it reads until EOF
 * and reports the count and hash back through a second pipe. */
static void transfer(void) {
  int down[2], up[2];
  pipe(down);
  pipe(up);
  pid_t p = fork_flushed();
  if (p == 0) {
    close(down[1]);
    close(up[0]);
    static unsigned char buf[7000];
    uint64_t h = FNV_INIT;
    size_t total = 0;
    ssize_t n;
    while ((n = read(down[0], buf, sizeof buf)) > 0) {
      h = fnv(h, buf, (size_t)n);
      total += (size_t)n;
    }
    char msg[64];
    int len = snprintf(msg, sizeof msg, "%zu %016llx", total, (unsigned long long)h);
    write(up[1], msg, (size_t)len);
    _exit(n == 0 ? 0 : 1);
  }
  close(down[0]);
  close(up[1]);
  static unsigned char data[BIG];
  for (size_t i = 0; i < BIG; i++) data[i] = (unsigned char)(rng() >> 24);
  size_t off = 0, sizes[] = {1, 4095, 4096, 4097, 65536, 100000, 12345};
  for (int i = 0; off < BIG; i++) {
    size_t k = sizes[i % 7];
    if (k > BIG - off) k = BIG - off;
    off += write_all(down[1], data + off, k);
  }
  close(down[1]);
  char msg[64] = {0};
  size_t got = 0;
  ssize_t n;
  while ((n = read(up[0], msg + got, sizeof msg - 1 - got)) > 0) got += (size_t)n;
  close(up[0]);
  printf("transfer: child read %s, expected %d %016llx, child exit %d\n", msg, BIG,
         (unsigned long long)fnv(FNV_INIT, data, BIG), wait_status(p));
}

/* producer | upcase | consumer, wired with dup2 onto stdin/stdout. */
static void pipeline(void) {
  int a[2], b[2];
  pipe(a);
  pipe(b);
  pid_t prod = fork_flushed();
  if (prod == 0) {
    dup2(a[1], 1);
    close(a[0]), close(a[1]), close(b[0]), close(b[1]);
    for (int i = 0; i < 2000; i++) printf("line %d of the pipeline\n", i);
    fflush(stdout);
    _exit(0);
  }
  pid_t up = fork_flushed();
  if (up == 0) {
    dup2(a[0], 0);
    dup2(b[1], 1);
    close(a[0]), close(a[1]), close(b[0]), close(b[1]);
    int c;
    while ((c = getchar()) != EOF) putchar(c >= 'a' && c <= 'z' ? c - 32 : c);
    fflush(stdout);
    _exit(0);
  }
  close(a[0]), close(a[1]), close(b[1]);
  static char buf[100000];
  size_t got = 0;
  ssize_t n;
  while ((n = read(b[0], buf + got, sizeof buf - got)) > 0) got += (size_t)n;
  close(b[0]);
  int lines = 0;
  for (size_t i = 0; i < got; i++) lines += buf[i] == '\n';
  printf("pipeline: %zu bytes, %d lines, last: %.24s, statuses %d %d\n", got, lines,
         buf + got - 25, wait_status(prod), wait_status(up));
}

/* poll: nothing, then data, then hang-up once the writer is gone. */
static void polling(void) {
  int fds[2], ack[2];
  pipe(fds);
  pipe(ack);
  struct pollfd pf = {fds[0], POLLIN, 0};
  int r = poll(&pf, 1, 0);
  printf("poll empty: %d revents %#x\n", r, pf.revents);
  pid_t p = fork_flushed();
  if (p == 0) {
    close(fds[0]);
    close(ack[1]);
    usleep(2000);
    write(fds[1], "x", 1);
    char c;
    read(ack[0], &c, 1); /* stay until the parent has looked */
    _exit(0);
  }
  close(fds[1]);
  close(ack[0]);
  r = poll(&pf, 1, -1);
  printf("poll data: %d revents %#x\n", r, pf.revents);
  char c;
  read(fds[0], &c, 1);
  write(ack[1], "k", 1);
  close(ack[1]);
  wait_status(p);
  r = poll(&pf, 1, -1);
  printf("poll after the writer exited: %d revents %#x\n", r, pf.revents);
  close(fds[0]);
}

/* Three writers each send 100 records of PIPE_BUF bytes (all one letter): none may be torn. */
static void atomicity(void) {
  int fds[2];
  pipe(fds);
  pid_t w[3];
  for (int i = 0; i < 3; i++) {
    w[i] = fork_flushed();
    if (w[i] == 0) {
      close(fds[0]);
      static char rec[PIPE_BUF];
      memset(rec, 'A' + i, sizeof rec);
      for (int k = 0; k < 100; k++) write(fds[1], rec, sizeof rec);
      _exit(0);
    }
  }
  close(fds[1]);
  static char rec[PIPE_BUF];
  int counts[3] = {0}, torn = 0;
  for (;;) {
    size_t got = 0;
    ssize_t n = 0;
    while (got < sizeof rec && (n = read(fds[0], rec + got, sizeof rec - got)) > 0) got += (size_t)n;
    if (got == 0) break;
    int ok = got == sizeof rec;
    for (size_t i = 1; ok && i < got; i++) ok = rec[i] == rec[0];
    if (ok && rec[0] >= 'A' && rec[0] <= 'C') counts[rec[0] - 'A']++;
    else torn++;
  }
  close(fds[0]);
  for (int i = 0; i < 3; i++) wait_status(w[i]);
  printf("atomic records: %d %d %d, torn %d\n", counts[0], counts[1], counts[2], torn);
}

static void broken(void) {
  int fds[2];
  pipe(fds);
  int fl = fcntl(fds[0], F_GETFL);
  fcntl(fds[0], F_SETFL, fl | O_NONBLOCK);
  char c;
  errno = 0;
  ssize_t r = read(fds[0], &c, 1);
  printf("nonblocking read of an empty pipe: %zd EAGAIN %d\n", r, errno == EAGAIN);
  close(fds[0]);
  /* Default SIGPIPE kills the writer. */
  pid_t p = fork_flushed();
  if (p == 0) {
    write(fds[1], "x", 1);
    _exit(0);
  }
  printf("write with no reader, SIGPIPE default: status %d\n", wait_status(p));
  /* Ignored: the write fails with EPIPE. */
  signal(SIGPIPE, SIG_IGN);
  errno = 0;
  r = write(fds[1], "x", 1);
  printf("write with no reader, SIGPIPE ignored: %zd EPIPE %d\n", r, errno == EPIPE);
  close(fds[1]);
  /* A reader that goes away while the writer is blocked on a full pipe. */
  pipe(fds);
  p = fork_flushed();
  if (p == 0) {
    close(fds[1]);
    char buf[1000];
    read(fds[0], buf, sizeof buf);
    _exit(0);
  }
  close(fds[0]);
  static unsigned char big[200000];
  errno = 0;
  size_t done = 0;
  ssize_t k = 0;
  while (done < sizeof big && (k = write(fds[1], big + done, sizeof big - done)) > 0) done += (size_t)k;
  printf("writer outlived its reader: stopped with EPIPE %d, reader status %d\n",
         k < 0 && errno == EPIPE, wait_status(p));
  close(fds[1]);
}

int main(void) {
  transfer();
  pipeline();
  polling();
  atomicity();
  broken();
  return 0;
}
