#define _GNU_SOURCE
/* /dev/tty without a controlling terminal (as in CI): open fails with
 * ENXIO, stat still shows the device; terminal ioctls on a pipe fail with
 * ENOTTY; a new session has no terminal either. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

static void res(const char *what, long r) {
  if (r < 0) printf("%s: %ld errno %d\n", what, r, errno);
  else printf("%s: %ld\n", what, r);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  struct stat st;
  res("stat /dev/tty", stat("/dev/tty", &st));
  printf("mode %o rdev %u,%u\n", st.st_mode, major(st.st_rdev), minor(st.st_rdev));
  res("open /dev/tty", open("/dev/tty", O_RDWR));
  res("open /dev/tty O_RDONLY|O_NOCTTY", open("/dev/tty", O_RDONLY | O_NOCTTY));
  res("open /dev/tty O_PATH", open("/dev/tty", O_PATH) >= 0);
  res("isatty(1)", isatty(1));
  pid_t pg;
  res("TIOCGPGRP stdout", ioctl(1, TIOCGPGRP, &pg));
  res("TIOCSCTTY stdout", ioctl(1, TIOCSCTTY, 0));
  res("TIOCNOTTY stdout", ioctl(1, TIOCNOTTY, 0));
  int null = open("/dev/null", O_RDWR);
  res("TIOCGSID /dev/null", ioctl(null, TIOCGSID, &pg));
  res("TCGETS /dev/null", isatty(null));
  pid_t c = fork();
  if (c == 0) {
    res("child: setsid is pid", setsid() == getpid());
    res("child: open /dev/tty", open("/dev/tty", O_WRONLY));
    res("child: TIOCNOTTY /dev/null", ioctl(null, TIOCNOTTY, 0));
    _exit(0);
  }
  int status;
  waitpid(c, &status, 0);
  printf("child status %d\n", status);
  return 0;
}
