/* Pseudo-terminals: /dev/ptmx and /dev/pts/N (unlockpt, ptsname, EIO while
 * locked), the line discipline (canonical editing with VERASE/VKILL/VEOF,
 * echo, ICRNL, OPOST|ONLCR, raw mode with VMIN/VTIME 0), termios and window
 * size through either end, FIONREAD, poll, O_NONBLOCK, a controlling
 * terminal acquired by a session leader (/dev/tty, TIOCGSID, tcgetpgrp,
 * VINTR sending SIGINT), TIOCNOTTY, and hangups when either end closes. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static void show(const char *what, const char *buf, long n) {
  printf("%s: %ld \"", what, n);
  for (long i = 0; i < n; i++) {
    unsigned char c = buf[i];
    if (c == '\n') printf("\\n");
    else if (c == '\r') printf("\\r");
    else if (c < 32 || c >= 127) printf("\\x%02x", c);
    else putchar(c);
  }
  printf("\"\n");
}

/* Everything the master can read right now (the echo), shown. */
static void drain(int m, const char *what) {
  char buf[256];
  int fl = fcntl(m, F_GETFL);
  fcntl(m, F_SETFL, fl | O_NONBLOCK);
  long n = read(m, buf, sizeof buf);
  if (n < 0) printf("%s: errno %d\n", what, errno);
  else show(what, buf, n);
  fcntl(m, F_SETFL, fl);
}

static void rd(int fd, const char *what, size_t len) {
  char buf[256];
  long n = read(fd, buf, len);
  if (n < 0) printf("%s: errno %d\n", what, errno);
  else show(what, buf, n);
}

/* The result of a call and its errno, printed (evaluated before printing). */
static void res(const char *what, long r) {
  if (r < 0) printf("%s: %ld errno %d\n", what, r, errno);
  else printf("%s: %ld\n", what, r);
}

static int events(int fd) {
  struct pollfd p = {fd, POLLIN | POLLOUT | POLLPRI, 0};
  int r = poll(&p, 1, 0);
  return r < 0 ? -errno : p.revents;
}

static int open_pair(int *s, int flags) {
  int m = posix_openpt(O_RDWR | O_NOCTTY);
  if (m < 0 || grantpt(m) || unlockpt(m)) return -1;
  *s = open(ptsname(m), O_RDWR | flags);
  return m;
}

/* Read exactly n bytes from fd. */
static void expect(int fd, char *buf, int n) {
  for (int got = 0; got < n;) {
    long r = read(fd, buf + got, n - got);
    if (r <= 0) return;
    got += r;
  }
}

static volatile sig_atomic_t got;
static void on_sig(int sig) { got = sig; }

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  struct stat st, ds;
  int m = posix_openpt(O_RDWR | O_NOCTTY);
  printf("posix_openpt: %s\n", m >= 0 ? "ok" : "failed");
  fstat(m, &st);
  printf("master: mode %o rdev %u,%u isatty %d\n", st.st_mode, major(st.st_rdev), minor(st.st_rdev), isatty(m));
  int n = -1;
  printf("TIOCGPTN %d\n", ioctl(m, TIOCGPTN, &n));
  char want[32];
  snprintf(want, sizeof want, "/dev/pts/%d", n);
  char *name = ptsname(m);
  printf("ptsname matches: %d\n", name != NULL && strcmp(name, want) == 0);
  int s = open(want, O_RDWR | O_NOCTTY);
  res("open while locked", s);
  int lock = -1;
  printf("TIOCGPTLCK %d locked %d\n", ioctl(m, TIOCGPTLCK, &lock), lock);
  printf("grantpt %d unlockpt %d\n", grantpt(m), unlockpt(m));
  printf("TIOCGPTLCK %d locked %d\n", ioctl(m, TIOCGPTLCK, &lock), lock);
  printf("master read before slave open: ");
  fcntl(m, F_SETFL, O_NONBLOCK);
  rd(m, "read", 10);
  fcntl(m, F_SETFL, 0);
  s = open(want, O_RDWR | O_NOCTTY);
  printf("open slave: %s\n", s >= 0 ? "ok" : "failed");
  fstat(s, &st);
  stat("/dev/pts", &ds);
  printf("slave: mode %o major %u minor matches %d same dev as /dev/pts %d isatty %d\n", st.st_mode,
         major(st.st_rdev), minor(st.st_rdev) == (unsigned)n, st.st_dev == ds.st_dev, isatty(s));
  printf("ttyname matches: %d\n", ttyname(s) != NULL && strcmp(ttyname(s), want) == 0);
  res("TIOCGPTN on slave", ioctl(s, TIOCGPTN, &n));
  stat("/dev/ptmx", &st);
  printf("/dev/ptmx: mode %o rdev %u,%u\n", st.st_mode, major(st.st_rdev), minor(st.st_rdev));
  stat("/dev/tty", &st);
  printf("/dev/tty: mode %o rdev %u,%u\n", st.st_mode, major(st.st_rdev), minor(st.st_rdev));
  stat("/dev/pts/ptmx", &st);
  printf("/dev/pts/ptmx: mode %o rdev %u,%u\n", st.st_mode, major(st.st_rdev), minor(st.st_rdev));

  struct termios t, mt;
  tcgetattr(s, &t);
  tcgetattr(m, &mt);
  printf("termios: iflag %o oflag %o cflag %o lflag %o same via master %d\n", t.c_iflag, t.c_oflag,
         t.c_cflag, t.c_lflag, memcmp(&t, &mt, sizeof t) == 0);
  printf("cc:");
  for (int i = 0; i < 17; i++) printf(" %d", t.c_cc[i]);
  printf("\n");
  printf("speed %d %d\n", (int)cfgetispeed(&t), (int)cfgetospeed(&t));

  /* Canonical mode: CR becomes NL, the echo comes back to the master with ONLCR. */
  printf("poll slave idle: %#x master: %#x\n", events(s), events(m));
  write(m, "hel", 3);
  printf("poll slave partial line: %#x\n", events(s));
  int q = -1;
  ioctl(s, FIONREAD, &q);
  printf("FIONREAD slave partial: %d\n", q);
  write(m, "lo\r", 3);
  printf("poll slave line: %#x master: %#x\n", events(s), events(m));
  ioctl(s, FIONREAD, &q);
  printf("FIONREAD slave %d", q);
  ioctl(m, FIONREAD, &q);
  printf(" master %d\n", q);
  rd(s, "slave read", 100);
  drain(m, "echo");
  /* Line editing. */
  write(m, "abX\x7f" "c\x15xyz\x7f\n", 11);
  rd(s, "edited", 100);
  drain(m, "echo");
  write(m, "\x01\x7f" "q\n", 4);
  rd(s, "ctl erase", 100);
  drain(m, "echo");
  write(m, "ab\x04", 3);
  rd(s, "eof line", 100);
  write(m, "\x04", 1);
  rd(s, "eof", 100);
  drain(m, "echo");
  write(m, "12345\n6\n", 8);
  rd(s, "part", 3);
  rd(s, "rest", 100);
  rd(s, "next", 100);
  drain(m, "echo");
  /* Output processing. */
  write(s, "out\nline\r\n", 10);
  events(m);
  ioctl(m, FIONREAD, &q);
  printf("FIONREAD master %d\n", q);
  drain(m, "output");
  /* Echo off, ECHONL on. */
  t.c_lflag &= ~ECHO;
  t.c_lflag |= ECHONL;
  tcsetattr(s, TCSANOW, &t);
  write(m, "secret\n", 7);
  rd(s, "noecho", 100);
  drain(m, "echo");
  /* Kill with ECHOK but not ECHOKE. */
  t.c_lflag |= ECHO;
  t.c_lflag &= ~(ECHONL | ECHOKE);
  tcsetattr(s, TCSANOW, &t);
  write(m, "ab\x15" "c\n", 5);
  rd(s, "echok", 100);
  drain(m, "echo");
  /* Without ECHOE, erase echoes the erase character; with ECHOCTL off, control chars echo raw. */
  t.c_lflag &= ~(ECHOE | ECHOCTL);
  tcsetattr(s, TCSADRAIN, &t);
  write(m, "ab\x7f\x01\n", 5);
  rd(s, "noechoe", 100);
  drain(m, "echo");
  /* OPOST off. */
  t.c_oflag &= ~OPOST;
  tcsetattr(s, TCSAFLUSH, &t);
  write(s, "raw\n", 4);
  drain(m, "no opost");

  /* Raw mode. */
  cfmakeraw(&t);
  t.c_cc[VMIN] = 0;
  t.c_cc[VTIME] = 0;
  tcsetattr(s, TCSANOW, &t);
  tcgetattr(m, &mt);
  printf("raw: iflag %o oflag %o cflag %o lflag %o\n", mt.c_iflag, mt.c_oflag, mt.c_cflag, mt.c_lflag);
  rd(s, "raw empty", 100);
  write(m, "a\rb\x03\x7f\n", 6);
  printf("poll slave raw: %#x\n", events(s));
  rd(s, "raw", 100);
  drain(m, "echo");
  write(s, "x\ny", 3);
  drain(m, "raw out");
  fcntl(s, F_SETFL, O_NONBLOCK);
  rd(s, "raw nonblock", 100);
  t.c_cc[VMIN] = 1;
  tcsetattr(s, TCSANOW, &t);
  rd(s, "vmin1 nonblock", 100);
  fcntl(s, F_SETFL, 0);
  t.c_cc[VMIN] = 3;
  tcsetattr(s, TCSANOW, &t);
  write(m, "12", 2);
  printf("poll slave vmin3 two bytes: %#x\n", events(s));
  write(m, "345", 3);
  printf("poll slave vmin3 five bytes: %#x\n", events(s));
  rd(s, "vmin3", 100);

  /* Back to a sane terminal; TCSAFLUSH drops pending input. */
  tcgetattr(m, &t);
  t.c_iflag |= ICRNL;
  t.c_oflag |= OPOST | ONLCR;
  t.c_lflag |= ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | ISIG | IEXTEN;
  t.c_cc[VMIN] = 1;
  write(m, "junk\n", 5);
  events(s);
  tcsetattr(m, TCSAFLUSH, &t);
  fcntl(s, F_SETFL, O_NONBLOCK);
  rd(s, "after flush", 100);
  fcntl(s, F_SETFL, 0);
  drain(m, "echo");

  struct winsize ws = {24, 80, 640, 480}, ws2;
  memset(&ws2, 0, sizeof ws2);
  ioctl(s, TIOCGWINSZ, &ws2);
  printf("winsize initial %d %d %d %d\n", ws2.ws_row, ws2.ws_col, ws2.ws_xpixel, ws2.ws_ypixel);
  printf("TIOCSWINSZ master %d\n", ioctl(m, TIOCSWINSZ, &ws));
  ioctl(s, TIOCGWINSZ, &ws2);
  printf("winsize via slave %d %d %d %d\n", ws2.ws_row, ws2.ws_col, ws2.ws_xpixel, ws2.ws_ypixel);

  /* Not our controlling terminal: TIOCGPGRP/TIOCGSID fail on the slave; the master answers for it. */
  pid_t pg = 123;
  res("TIOCGPGRP slave", ioctl(s, TIOCGPGRP, &pg));
  pg = 123;
  res("TIOCGPGRP master", ioctl(m, TIOCGPGRP, &pg));
  printf("pgrp %d\n", pg);
  res("TIOCGSID master", ioctl(m, TIOCGSID, &pg));
  /* (In a child: the VM's first process leads its session, a natively started one need not.) */
  pid_t c = fork();
  if (c == 0) {
    res("TIOCSCTTY not leader", ioctl(s, TIOCSCTTY, 0));
    _exit(0);
  }
  waitpid(c, NULL, 0);
  res("TIOCNOTTY not ctty", ioctl(s, TIOCNOTTY, 0));
  res("TIOCSPGRP not ctty", ioctl(s, TIOCSPGRP, &pg));

  /* A session leader opening the slave gets it as controlling terminal. */
  c = fork();
  if (c == 0) {
    pid_t sid = setsid();
    int fd = open("/dev/tty", O_RDWR);
    res("child: /dev/tty before", fd);
    int cs = open(want, O_RDWR);
    pid_t x = -1;
    res("child: TIOCGSID", ioctl(cs, TIOCGSID, &x));
    printf("child: is self %d\n", x == sid);
    printf("child: tcgetpgrp is self %d\n", tcgetpgrp(cs) == getpgrp());
    fd = open("/dev/tty", O_RDWR);
    printf("child: /dev/tty after: %s\n", fd >= 0 ? "ok" : "failed");
    fstat(fd, &st);
    printf("child: /dev/tty fd rdev %u,%u isatty %d\n", major(st.st_rdev), minor(st.st_rdev), isatty(fd));
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sig;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGQUIT);
    sigaddset(&set, SIGTSTP);
    sigaddset(&set, SIGWINCH);
    sigprocmask(SIG_BLOCK, &set, NULL);
    write(fd, "ready\n", 6);
    printf("child: signals");
    for (int i = 0; i < 4; i++) printf(" %d", sigwaitinfo(&set, NULL));
    printf("\n");
    fcntl(cs, F_SETFL, O_NONBLOCK);
    rd(cs, "child: input after signals", 100);
    fcntl(cs, F_SETFL, 0);
    sigaction(SIGHUP, &sa, NULL);
    got = 0;
    res("child: TIOCNOTTY", ioctl(cs, TIOCNOTTY, 0));
    printf("child: got %d\n", got);
    fd = open("/dev/tty", O_RDWR);
    res("child: /dev/tty after TIOCNOTTY", fd);
    res("child: TIOCSCTTY", ioctl(cs, TIOCSCTTY, 0));
    printf("child: TIOCGSID again %d\n", ioctl(cs, TIOCGSID, &x) == 0 && x == sid);
    _exit(0);
  }
  char buf[64];
  expect(m, buf, 7);
  /* One at a time: a signal character drops echoes not yet written. */
  write(m, "\x03", 1);
  expect(m, buf + 7, 2);
  write(m, "\x1c", 1);
  expect(m, buf + 9, 2);
  write(m, "\x1a", 1);
  expect(m, buf + 11, 2);
  ws.ws_row = 50;
  ioctl(m, TIOCSWINSZ, &ws);
  int st2;
  waitpid(c, &st2, 0);
  printf("child status %d\n", st2);
  show("parent: from child", buf, 13);
  /* A child of a new session without a terminal. */
  c = fork();
  if (c == 0) {
    setsid();
    res("child2: open /dev/tty", open("/dev/tty", O_RDWR));
    res("child2: TIOCSCTTY on master", ioctl(m, TIOCSCTTY, 0));
    res("child2: open /dev/tty now", open("/dev/tty", O_RDWR) >= 0);
    _exit(0);
  }
  waitpid(c, &st2, 0);
  pg = 123;
  res("TIOCGPGRP master after", ioctl(m, TIOCGPGRP, &pg));
  printf("pgrp %d\n", pg);

  /* Hang-ups: the slave after the master closes. */
  close(m);
  printf("poll slave after master close: %#x\n", events(s));
  rd(s, "slave read after hangup", 100);
  res("slave write after hangup", write(s, "x", 1));
  res("slave tcgetattr after hangup", tcgetattr(s, &t));
  res("slave TIOCSPGRP after hangup", ioctl(s, TIOCSPGRP, &pg));
  int s2 = open(want, O_RDWR | O_NOCTTY);
  res("reopen slave after master close", s2);
  close(s);

  /* The master after the slave closes. */
  m = open_pair(&s, O_NOCTTY);
  write(s, "bye\n", 4);
  close(s);
  printf("poll master after slave close: %#x\n", events(m));
  rd(m, "master read", 100);
  rd(m, "master read after", 100);
  res("master write after slave close", write(m, "x\n", 2));
  s = open(ptsname(m), O_RDWR | O_NOCTTY);
  printf("reopen slave: %s\n", s >= 0 ? "ok" : "failed");
  rd(s, "queued for slave", 100);
  close(s);
  close(m);
  return 0;
}
