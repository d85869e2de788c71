/* File locks between processes: fcntl POSIX record locks (conflicts, F_GETLK
 * reports, split and merged ranges, SEEK_CUR/SEEK_END and negative lengths,
 * release on any close and at exit, blocking F_SETLKW, EDEADLK, EINTR and
 * SA_RESTART), OFD locks (per open file description, l_pid -1) and blocking
 * flock with conversions. Pids are printed relative to the fork. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef F_OFD_GETLK
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#endif

static char path[64];
static int fd;       /* the parent's read-write descriptor */
static int sync_[2]; /* the parent writes 'R' here just before it releases a lock */

static int lk(int f, int cmd, int type, int whence, long start, long len) {
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = type;
  fl.l_whence = whence;
  fl.l_start = start;
  fl.l_len = len;
  return fcntl(f, cmd, &fl) == 0 ? 0 : -errno;
}

/* F_GETLK (or F_OFD_GETLK) for a write lock on start/len: who holds what. */
static void probe(const char *what, int f, int cmd, long start, long len) {
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = start;
  fl.l_len = len;
  if (fcntl(f, cmd, &fl) != 0) {
    printf("%s: error %s\n", what, strerror(errno));
    return;
  }
  if (fl.l_type == F_UNLCK) {
    printf("%s: unlocked\n", what);
    return;
  }
  const char *who = fl.l_pid == getppid() ? "parent" : fl.l_pid == getpid() ? "self"
                    : fl.l_pid == -1                      ? "ofd(-1)"
                                                          : "other";
  printf("%s: %s start %ld len %ld whence %d by %s\n", what, fl.l_type == F_WRLCK ? "write" : "read",
         (long)fl.l_start, (long)fl.l_len, fl.l_whence, who);
}

static const char *err(int r) { return r == 0 ? "ok" : strerror(-r); }

static pid_t child(void (*body)(void)) {
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    body();
    fflush(stdout);
    _exit(0);
  }
  return p;
}

static void reap(pid_t p) {
  int st;
  waitpid(p, &st, 0);
}

/* The child: did the parent signal before this point? */
static const char *released(void) {
  char c = 0;
  int fl = fcntl(sync_[0], F_GETFL);
  fcntl(sync_[0], F_SETFL, fl | O_NONBLOCK);
  int n = read(sync_[0], &c, 1);
  fcntl(sync_[0], F_SETFL, fl);
  return n == 1 && c == 'R' ? "after the holder released" : "too early";
}

static void release_soon(void) {
  usleep(200000);
  write(sync_[1], "R", 1);
}

static void conflicts(void) {
  int f = open(path, O_RDWR);
  printf("F_SETLK over the parent's write lock: %s\n", err(lk(f, F_SETLK, F_WRLCK, SEEK_SET, 5, 1)));
  printf("F_SETLK read lock next to it: %s\n", err(lk(f, F_SETLK, F_RDLCK, SEEK_SET, 10, 10)));
  probe("whole file", f, F_GETLK, 0, 0);
  probe("F_OFD_GETLK whole file", f, F_OFD_GETLK, 0, 0);
}

static void after_split(void) {
  int f = open(path, O_RDWR);
  probe("split: from 0", f, F_GETLK, 0, 0);
  probe("split: the hole", f, F_GETLK, 3, 2);
  probe("split: from 4", f, F_GETLK, 4, 0);
  probe("negative length", f, F_GETLK, 25, 1);
  probe("to end of file", f, F_GETLK, 95, 1);
  probe("past the end", f, F_GETLK, 1000, 5);
}

static void after_merge(void) {
  int f = open(path, O_RDWR);
  probe("merged", f, F_GETLK, 0, 1);
}

static void after_close(void) {
  int f = open(path, O_RDWR);
  probe("after the parent closed another descriptor", f, F_GETLK, 0, 0);
}

static void waits(void) {
  int f = open(path, O_RDWR);
  int r = lk(f, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
  printf("F_SETLKW: %s, %s\n", err(r), released());
}

static void deadlock_child(void) {
  int f = open(path, O_RDWR);
  lk(f, F_SETLK, F_WRLCK, SEEK_SET, 1, 1);
  int r = lk(f, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
  printf("child F_SETLKW for the parent's byte: %s, %s\n", err(r), released());
}

static void holds_then_exits(void) {
  int f = open(path, O_RDWR);
  lk(f, F_SETLK, F_WRLCK, SEEK_SET, 50, 1);
}

static volatile sig_atomic_t alarms;
static void on_alarm(int s) {
  (void)s;
  alarms++;
}

static void arm(int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sa.sa_flags = flags;
  sigaction(SIGALRM, &sa, 0);
  struct itimerval it = {{0, 0}, {0, 50000}};
  setitimer(ITIMER_REAL, &it, 0);
}

static void interrupted(void) {
  int f = open(path, O_RDWR);
  arm(0);
  int r = lk(f, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
  printf("F_SETLKW interrupted: %s (%d alarm)\n", err(r), alarms);
  arm(0);
  printf("F_OFD_SETLKW interrupted: %s\n", err(lk(f, F_OFD_SETLKW, F_WRLCK, SEEK_SET, 0, 1)));
  arm(0);
  printf("flock interrupted: %s\n", flock(f, LOCK_EX) == 0 ? "ok" : strerror(errno));
  arm(SA_RESTART);
  r = lk(f, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
  printf("F_SETLKW with SA_RESTART: %s, %s (%d alarms)\n", err(r), released(), alarms);
}

static void ofd_child(void) {
  int f = open(path, O_RDWR);
  probe("child F_GETLK on an OFD lock", f, F_GETLK, 0, 0);
  printf("inherited description takes its OFD lock again: %s\n",
         err(lk(fd, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 1)));
  int r = lk(f, F_OFD_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
  printf("F_OFD_SETLKW: %s, %s\n", err(r), released());
}

static void flock_child(void) {
  int f = open(path, O_RDWR);
  printf("flock LOCK_NB: %s\n", flock(f, LOCK_EX | LOCK_NB) == 0 ? "ok" : strerror(errno));
  int r = flock(f, LOCK_EX);
  printf("flock waits: %s, %s\n", r == 0 ? "ok" : strerror(errno), released());
}

int main(void) {
  strcpy(path, "/tmp/locks-XXXXXX");
  fd = mkstemp(path);
  ftruncate(fd, 100);
  pipe(sync_);

  printf("-- POSIX locks\n");
  printf("parent F_SETLK 0..9: %s\n", err(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10)));
  probe("own lock", fd, F_GETLK, 0, 0);
  reap(child(conflicts));
  lseek(fd, 10, SEEK_SET);
  printf("unlock 3..4 by SEEK_CUR: %s\n", err(lk(fd, F_SETLK, F_UNLCK, SEEK_CUR, -7, 2)));
  printf("read lock 20..29 by a negative length: %s\n", err(lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 30, -10)));
  printf("write lock from SEEK_END-10: %s\n", err(lk(fd, F_SETLK, F_WRLCK, SEEK_END, -10, 0)));
  reap(child(after_split));
  printf("relock 3..4: %s\n", err(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 3, 2)));
  reap(child(after_merge));
  int other = open(path, O_RDONLY);
  printf("read-only descriptor, write lock: %s\n", err(lk(other, F_SETLK, F_WRLCK, SEEK_SET, 0, 1)));
  printf("bad whence: %s\n", err(lk(fd, F_SETLK, F_WRLCK, 7, 0, 1)));
  printf("start before 0: %s\n", err(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, -1, 1)));
  printf("negative length before 0: %s\n", err(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 2, -5)));
  printf("bad type: %s\n", err(lk(fd, F_SETLK, 9, SEEK_SET, 0, 1)));
  printf("F_GETLK F_UNLCK: %s\n", err(lk(fd, F_GETLK, F_UNLCK, SEEK_SET, 0, 1)));
  close(other);
  reap(child(after_close));

  printf("-- blocking\n");
  lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1);
  pid_t c = child(waits);
  release_soon();
  lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 1);
  reap(c);

  lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1);
  c = child(deadlock_child);
  usleep(200000);
  printf("parent F_SETLKW for the child's byte: %s\n", err(lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 1, 1)));
  write(sync_[1], "R", 1);
  lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 1);
  reap(c);

  reap(child(holds_then_exits));
  printf("lock released at exit: %s\n", err(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 50, 1)));

  lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1);
  flock(fd, LOCK_EX);
  c = child(interrupted);
  usleep(400000);
  release_soon();
  lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
  flock(fd, LOCK_UN);
  reap(c);

  printf("-- OFD locks\n");
  int a = open(path, O_RDWR), b = open(path, O_RDWR);
  printf("OFD lock on a: %s\n", err(lk(a, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 1)));
  printf("OFD lock on b (same process): %s\n", err(lk(b, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 1)));
  printf("POSIX lock over it: %s\n", err(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1)));
  probe("F_OFD_GETLK from b", b, F_OFD_GETLK, 0, 0);
  struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_pid = 5};
  printf("OFD with l_pid 5: %s\n", fcntl(b, F_OFD_SETLK, &fl) == 0 ? "ok" : strerror(errno));
  printf("OFD F_GETLK with l_pid 5: %s\n", fcntl(b, F_OFD_GETLK, &fl) == 0 ? "ok" : strerror(errno));
  close(b);
  probe("after closing b", fd, F_GETLK, 0, 0);
  int saved = fd;
  fd = a;
  c = child(ofd_child);
  fd = saved;
  release_soon();
  lk(a, F_OFD_SETLK, F_UNLCK, SEEK_SET, 0, 0);
  reap(c);

  printf("-- flock\n");
  int x = open(path, O_RDWR), y = open(path, O_RDWR);
  printf("shared x: %d, shared y: %d\n", flock(x, LOCK_SH), flock(y, LOCK_SH));
  printf("x to exclusive: %s\n", flock(x, LOCK_EX | LOCK_NB) == 0 ? "ok" : strerror(errno));
  printf("y to exclusive after x's failed conversion: %s\n",
         flock(y, LOCK_EX | LOCK_NB) == 0 ? "ok" : strerror(errno));
  printf("y again: %s\n", flock(y, LOCK_EX | LOCK_NB) == 0 ? "ok" : strerror(errno));
  c = child(flock_child);
  release_soon();
  flock(y, LOCK_UN);
  reap(c);
  unlink(path);
  printf("done\n");
  return 0;
}
