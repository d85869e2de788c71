/* A directory removed while it is the working directory and open: Linux
 * creates nothing in it (ENOENT for files, directories, links, FIFOs and
 * renames into it), getdents on it fails with ENOENT, getcwd cannot name
 * it, and ".." still leads out of it. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SHOW(x)                                                                  \
  do {                                                                           \
    errno = 0;                                                                   \
    long r_ = (long)(x);                                                         \
    printf("%-44s = %ld %s\n", #x, r_ < 0 ? -1L : r_ > 0 ? 1L : 0L,              \
           r_ < 0 ? strerror(errno) : "");                                       \
  } while (0)

int main(void) {
  struct stat st;
  char buf[4096];
  mkdir("/tmp/deaddir.d", 0755);
  mkdir("/tmp/deaddir.d/gone", 0755);
  close(creat("/tmp/deaddir.d/file", 0644));
  SHOW(chdir("/tmp/deaddir.d/gone"));
  int dfd = open(".", O_RDONLY | O_DIRECTORY);
  SHOW(dfd >= 0);
  SHOW(rmdir("/tmp/deaddir.d/gone"));
  SHOW(stat(".", &st));
  printf("nlink %ld\n", (long)st.st_nlink);
  SHOW(open("new", O_CREAT | O_WRONLY, 0644));
  SHOW(open("new", O_RDONLY));
  SHOW(mkdir("sub", 0755));
  SHOW(symlink("/tmp", "sym"));
  SHOW(link("/tmp/deaddir.d/file", "hard"));
  SHOW(mkfifo("fifo", 0644));
  SHOW(rename("/tmp/deaddir.d/file", "moved"));
  SHOW(openat(dfd, "x", O_CREAT | O_RDWR, 0600));
  SHOW(syscall(SYS_getdents64, dfd, buf, sizeof buf));
  SHOW(getcwd(buf, sizeof buf) != NULL);
  SHOW(chdir(".."));
  SHOW(getcwd(buf, sizeof buf) != NULL);
  printf("cwd %s\n", buf);
  SHOW(unlink("/tmp/deaddir.d/file"));
  SHOW(rmdir("/tmp/deaddir.d"));
  return 0;
}
