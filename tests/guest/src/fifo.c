/* Named pipes: which opens wait for the other end (Linux fifo_open), ENXIO, EOF. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  char path[64], b[64];
  snprintf(path, sizeof path, "/tmp/fifo.%d", (int)getpid());
  if (mkfifo(path, 0600) != 0) return 1;
  int fd = open(path, O_WRONLY | O_NONBLOCK);
  printf("write end, nonblocking, no reader: %s\n", fd < 0 ? strerror(errno) : "opened");
  int r = open(path, O_RDONLY | O_NONBLOCK);
  printf("read end, nonblocking: %s, read gives %zd\n", r < 0 ? "error" : "opened", read(r, b, sizeof b));
  fd = open(path, O_WRONLY | O_NONBLOCK);
  printf("write end, nonblocking, with a reader: %s\n", fd < 0 ? strerror(errno) : "opened");
  close(fd);
  close(r);
  int rw = open(path, O_RDWR);
  printf("read-write end: %s\n", rw < 0 ? "error" : "opened without waiting");
  close(rw);
  for (int round = 0; round < 2; round++) {
    /* Round 0: the child opens for writing first and waits for us; round 1: we wait for it. */
    pid_t c = fork();
    if (c == 0) {
      if (round == 1) usleep(1000);
      int w = open(path, O_WRONLY);
      write(w, "hello through the fifo\n", 23);
      close(w);
      _exit(0);
    }
    if (round == 0) usleep(1000);
    int rd = open(path, O_RDONLY);
    ssize_t n = read(rd, b, sizeof b);
    printf("round %d: read %zd: %.*s", round, n, (int)n, b);
    int st;
    waitpid(c, &st, 0);
    printf("round %d: then read gives %zd (end of file), child exit %d\n", round, read(rd, b, sizeof b),
           WEXITSTATUS(st));
    close(rd);
  }
  unlink(path);
  return 0;
}
