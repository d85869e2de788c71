/* inotify on a private directory: create, open, modify, close, attrib,
 * rename (paired cookies), link, unlink, rmdir, delete-self and ignored
 * events; IN_ONLYDIR, IN_MASK_ADD, IN_MASK_CREATE, IN_ONESHOT,
 * IN_NONBLOCK and poll; rm_watch. Prints each event's watch, mask and name. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

static int fd, wdir, wfile;
static unsigned lastcookie;

static const char *who(int wd) {
  return wd == wdir ? "dir" : wd == wfile ? "file" : "other";
}

static void drain(const char *what) {
  char buf[4096] __attribute__((aligned(8)));
  printf("-- %s\n", what);
  for (;;) {
    int n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    for (char *p = buf; p < buf + n;) {
      struct inotify_event *e = (struct inotify_event *)p;
      printf("%s %#x %s", who(e->wd), e->mask, e->len ? e->name : "-");
      if (e->cookie) {
        printf(" cookie %s", lastcookie == e->cookie ? "same" : "new");
        lastcookie = e->cookie;
      }
      printf("\n");
      p += sizeof *e + e->len;
    }
  }
}

int main(void) {
  char dir[] = "/tmp/inotifyXXXXXX";
  if (!mkdtemp(dir)) return 1;
  chdir(dir);
  fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  printf("cloexec %d\n", fcntl(fd, F_GETFD) == FD_CLOEXEC);
  int r = read(fd, NULL, 0);
  printf("empty %d EAGAIN %d\n", r, errno == EAGAIN);
  wdir = inotify_add_watch(fd, ".", IN_ALL_EVENTS);
  printf("wd %d\n", wdir);

  int f = open("a", O_CREAT | O_WRONLY, 0644);
  write(f, "x", 1);
  write(f, "y", 1);
  close(f);
  drain("create, write twice, close");
  struct pollfd p = {fd, POLLIN, 0};
  printf("poll idle %d\n", poll(&p, 1, 0));

  wfile = inotify_add_watch(fd, "a", IN_ATTRIB | IN_MODIFY);
  r = inotify_add_watch(fd, "a", IN_ONLYDIR | IN_OPEN);
  printf("onlydir %d ENOTDIR %d\n", r, errno == ENOTDIR);
  r = inotify_add_watch(fd, "a", IN_MASK_CREATE | IN_OPEN);
  printf("mask create %d EEXIST %d\n", r, errno == EEXIST);
  printf("mask add same wd %d\n", inotify_add_watch(fd, "a", IN_MASK_ADD | IN_DELETE_SELF) == wfile);
  chmod("a", 0600);
  printf("poll %d\n", poll(&p, 1, 0));
  drain("chmod");
  f = open("a", O_RDONLY);
  char c;
  read(f, &c, 1);
  close(f);
  drain("read");
  truncate("a", 0);
  drain("truncate");
  rename("a", "b");
  drain("rename");
  link("b", "c");
  drain("link");
  unlink("c");
  drain("unlink one link");
  unlink("b");
  drain("unlink last");
  mkdir("d", 0755);
  int wsub = inotify_add_watch(fd, "d", IN_ONESHOT | IN_ALL_EVENTS);
  close(open("d/x", O_CREAT | O_RDONLY, 0644));
  drain("oneshot subdirectory");
  unlink("d/x");
  rmdir("d");
  drain("rmdir");
  printf("rm_watch %d\n", inotify_rm_watch(fd, wdir));
  r = inotify_rm_watch(fd, wdir);
  printf("again %d EINVAL %d\n", r, errno == EINVAL);
  drain("rm_watch");
  r = inotify_add_watch(fd, "missing", IN_ALL_EVENTS);
  printf("missing %d ENOENT %d\n", r, errno == ENOENT);
  r = inotify_add_watch(fd, ".", 0);
  printf("no events %d EINVAL %d\n", r, errno == EINVAL);
  r = inotify_add_watch(0, ".", IN_ALL_EVENTS);
  printf("not inotify %d EINVAL %d\n", r, errno == EINVAL);
  (void)wsub;
  chdir("/");
  rmdir(dir);
  return 0;
}
