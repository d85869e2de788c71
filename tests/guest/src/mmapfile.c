/* File mappings as Linux has them: SIGBUS past the end of the file (also after
 * the file shrinks; gone once it grows), zeros past EOF in the last page that
 * never reach the file, MAP_SHARED pages that read(), write(), other mappings
 * and a forked child see at once, MAP_PRIVATE pages that show the file until
 * written, and code run from one view of a file rewritten through another.
 * The files are on tmpfs (/dev/shm), like the VM's: file systems differ in
 * when a store through a mapping changes mtime and in what growing a file
 * does to bytes a mapping wrote past its end.
 * Argument "core": an unhandled SIGBUS ends the program (status 135). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096

static sigjmp_buf env;
static volatile char *base;
static volatile int got_sig, got_code;
static volatile long got_off;

static void on_bus(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  got_sig = sig;
  got_code = si->si_code;
  got_off = (char *)si->si_addr - (char *)base;
  siglongjmp(env, 1);
}

/* Read (or write) the byte at `off` of the mapping at `b`; report a SIGBUS. */
static void touch(const char *what, volatile char *b, long off, int write) {
  base = b;
  got_sig = 0;
  if (sigsetjmp(env, 1) == 0) {
    int v;
    if (write) {
      b[off] = 'W';
      v = 'W';
    } else v = b[off];
    printf("%s: ok %d\n", what, v);
  } else {
    printf("%s: signal %d code %d offset %ld\n", what, got_sig, got_code, got_off);
  }
}

static int tmpfile_fd(const char *name, long size) {
  char path[64];
  snprintf(path, sizeof path, "/dev/shm/mmapfile-%s-%d", name, (int)getpid());
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    perror("open");
    exit(1);
  }
  unlink(path);
  char *buf = malloc(size);
  for (long i = 0; i < size; i++) buf[i] = 'a' + i % 26;
  if (write(fd, buf, size) != size) perror("write");
  free(buf);
  return fd;
}

static long file_size(int fd) {
  struct stat st;
  fstat(fd, &st);
  return st.st_size;
}

static int byte_at(int fd, long off) {
  unsigned char c = 0;
  long n = pread(fd, &c, 1, off);
  return n == 1 ? c : -1;
}

static void sigbus_cases(void) {
  int fd = tmpfile_fd("bus", 5000);
  volatile char *m = mmap(0, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  touch("page 0", m, 10, 0);
  touch("past EOF, last page", m, 6000, 0);
  touch("write past EOF, last page", m, 6000, 1);
  printf("size after that write: %ld, pread at 6000: %d\n", file_size(fd), byte_at(fd, 6000));
  touch("whole page past EOF", m, 2 * PG + 5, 0);
  touch("write whole page past EOF", m, 2 * PG, 1);
  /* The file grows: the page that raised SIGBUS now shows the new contents. */
  pwrite(fd, "grown", 5, 2 * PG + 100);
  printf("size %ld; mapped bytes past old EOF: %d %d\n", file_size(fd), m[6000], m[2 * PG + 100]);
  touch("grown page", m, 2 * PG + 101, 0);
  /* The file shrinks to 0: every page now raises SIGBUS. */
  ftruncate(fd, 0);
  touch("after truncate to 0", m, 10, 0);
  touch("write after truncate to 0", m, PG, 1);
  ftruncate(fd, 100);
  touch("after growing to 100", m, 10, 0);
  touch("after growing to 100, page 1", m, PG + 10, 0);
  munmap((void *)m, 3 * PG);

  /* Private mappings raise it too, also for pages the process wrote before the truncation. */
  ftruncate(fd, 2 * PG);
  volatile char *p = mmap(0, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  p[PG] = 'P';
  touch("private page 2", p, 2 * PG, 0);
  ftruncate(fd, 10);
  touch("private written page after truncate", p, PG, 0);
  touch("private page 0 after truncate", p, 11, 0);
  munmap((void *)p, 3 * PG);

  /* An offset mapping: the faulting address is reported, not the file offset. */
  ftruncate(fd, 3 * PG);
  volatile char *o = mmap(0, 4 * PG, PROT_READ, MAP_SHARED, fd, PG);
  touch("offset mapping page 1", o, PG + 1, 0);
  touch("offset mapping page 2", o, 2 * PG + 1, 0);
  /* The kernel's own accesses fail with EFAULT. */
  errno = 0;
  long n = write(1, (char *)o + 3 * PG, 1);
  printf("write() from past EOF: %ld errno %d\n", n, errno);
  munmap((void *)o, 4 * PG);
  close(fd);
}

static int changed(struct stat *x, struct stat *y) {
  return x->st_mtim.tv_sec != y->st_mtim.tv_sec || x->st_mtim.tv_nsec != y->st_mtim.tv_nsec;
}

static int same_ctime(struct stat *x) {
  return x->st_mtim.tv_sec == x->st_ctim.tv_sec && x->st_mtim.tv_nsec == x->st_ctim.tv_nsec;
}

static void shared_cases(void) {
  int fd = tmpfile_fd("shared", 2 * PG);
  char *a = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  char *b = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  char *r = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  a[5] = 'X';
  printf("store via a: pread %c, b %c, private %c\n", byte_at(fd, 5), b[5], r[5]);
  pwrite(fd, "Y", 1, PG + 7);
  printf("pwrite: a %c, b %c, private %c\n", a[PG + 7], b[PG + 7], r[PG + 7]);
  r[PG + 8] = 'R';
  pwrite(fd, "Z", 1, PG + 9);
  printf("after a private store: private sees %c (own page), file has %c at %d\n", r[PG + 9],
         byte_at(fd, PG + 8), PG + 8);
  printf("private page 0 still follows the file: %c\n", r[5]);
  printf("size %ld\n", file_size(fd));

  /* A forked child's stores through the inherited mapping and through its own. */
  pid_t pid = fork();
  if (pid == 0) {
    a[100] = 'C';
    char *c = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    c[101] = 'D';
    r[102] = 'E'; /* private: the parent does not see it */
    _exit(0);
  }
  int st;
  waitpid(pid, &st, 0);
  printf("child wrote: a %c%c, b %c%c, pread %c%c, private %c\n", a[100], a[101], b[100], b[101],
         byte_at(fd, 100), byte_at(fd, 101), r[102]);

  /* Parent and child keep seeing each other's stores while both run. */
  int go[2], back[2];
  pipe(go);
  pipe(back);
  pid = fork();
  if (pid == 0) {
    char t;
    read(go[0], &t, 1);
    t = a[200];
    a[201] = t + 1;
    write(back[1], &t, 1);
    _exit(0);
  }
  a[200] = 'm';
  write(go[1], "x", 1);
  char t;
  read(back[0], &t, 1);
  waitpid(pid, &st, 0);
  printf("ping-pong: child saw %c, parent sees %c\n", t, a[201]);

  /* The first store through a clean page of a mapping changes mtime and ctime; more stores
   * to that page do not; a page of another mapping is clean again. The size stays. */
  struct stat s0, s1, s2, s3;
  struct timespec pause = {0, 20000000};
  fstat(fd, &s0);
  nanosleep(&pause, 0);
  a[PG + 300] = 'T';
  fstat(fd, &s1);
  nanosleep(&pause, 0);
  a[PG + 301] = 'U';
  fstat(fd, &s2);
  nanosleep(&pause, 0);
  b[PG + 302] = 'V';
  fstat(fd, &s3);
  printf("mtime changed: %d %d %d; ctime follows: %d; size %ld\n", changed(&s0, &s1),
         changed(&s1, &s2), changed(&s2, &s3), same_ctime(&s3), (long)s3.st_size);
  /* A store that faults a page in changes them; a read brought its neighbours in too. */
  char *c = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  struct stat s4, s5, s6;
  nanosleep(&pause, 0);
  c[10] = 'Q';
  fstat(fd, &s4);
  char *d = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  nanosleep(&pause, 0);
  printf("read %c;", d[0]);
  d[PG + 1] = 'R';
  fstat(fd, &s5);
  nanosleep(&pause, 0);
  c[PG + 2] = 'S';
  fstat(fd, &s6);
  printf(" mtime changed: %d %d %d; ctime follows: %d\n", changed(&s3, &s4), changed(&s4, &s5),
         changed(&s5, &s6), same_ctime(&s6));
  close(fd);
}

static void code_cases(void) {
  int fd = tmpfile_fd("code", PG);
  unsigned char *w = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  unsigned char *x = mmap(0, PG, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
  if (x == MAP_FAILED) {
    printf("exec mapping: errno %d\n", errno);
    return;
  }
  int (*f)(void) = (int (*)(void))x;
  unsigned char code[6] = {0xb8, 1, 0, 0, 0, 0xc3}; /* mov eax, imm32; ret */
  memcpy(w, code, 6);
  printf("code: %d", f());
  w[1] = 2;
  printf(" %d", f());
  code[1] = 3;
  pwrite(fd, code, 6, 0);
  printf(" %d", f());
  pid_t pid = fork();
  if (pid == 0) {
    w[1] = 4;
    _exit(0);
  }
  int st;
  waitpid(pid, &st, 0);
  printf(" %d\n", f());
  close(fd);
}

int main(int argc, char **argv) {
  setvbuf(stdout, 0, _IONBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_bus;
  sa.sa_flags = SA_SIGINFO;
  if (argc > 1 && !strcmp(argv[1], "core")) {
    int fd = tmpfile_fd("core", 10);
    volatile char *m = mmap(0, 2 * PG, PROT_READ, MAP_SHARED, fd, 0);
    printf("first page: %c\n", m[0]);
    printf("second page: %c\n", m[PG]);
    return 0;
  }
  sigaction(SIGBUS, &sa, 0);
  sigbus_cases();
  shared_cases();
  code_cases();
  return 0;
}
