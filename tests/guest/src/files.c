/* Files and directories under /tmp: I/O, metadata, renames, directory listing, errno. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define D "/tmp/guest_files_test"

static void report(const char *what, long r) {
  int e = errno;
  if (r < 0)
    printf("%s -> %ld errno %d (%s)\n", what, r, e, strerror(e));
  else
    printf("%s -> %ld\n", what, r);
  errno = 0;
}

static void show_stat(const char *path) {
  struct stat st;
  if (stat(path, &st) < 0) {
    report(path, -1);
    return;
  }
  const char *kind = S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "dir" : "other";
  printf("stat %s: %s mode %o size %lld", path, kind, (unsigned)(st.st_mode & 07777),
         S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size);
  if (!S_ISDIR(st.st_mode)) printf(" nlink %lu", (unsigned long)st.st_nlink);
  printf("\n");
}

static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path) {
  DIR *d = opendir(path);
  if (!d) {
    report("opendir", -1);
    return;
  }
  char *names[64];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 64) names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, (size_t)n, sizeof *names, cmp);
  printf("ls %s:", path);
  for (int i = 0; i < n; i++) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
}

int main(void) {
  umask(022);
  /* Leftovers from an interrupted run must not change the output. */
  unlink(D "/a.txt");
  unlink(D "/b.txt");
  unlink(D "/link.txt");
  unlink(D "/sub/inner");
  rmdir(D "/sub");
  rmdir(D);
  errno = 0;

  report("mkdir", mkdir(D, 0755));
  report("mkdir again", mkdir(D, 0755));
  int fd = open(D "/a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  report("open a.txt", fd >= 0 ? 0 : -1);
  char buf[8192];
  for (int i = 0; i < (int)sizeof buf; i++) buf[i] = (char)('A' + i % 26);
  report("write", write(fd, buf, sizeof buf));
  report("write partial", write(fd, "tail\n", 5));
  report("lseek end", lseek(fd, 0, SEEK_END));
  report("lseek set", lseek(fd, 100, SEEK_SET));
  report("write mid", write(fd, "0123456789", 10));
  report("lseek beyond", lseek(fd, 10000, SEEK_SET));
  report("write hole", write(fd, "H", 1));
  report("lseek negative", lseek(fd, -1, SEEK_SET));
  report("read wronly", read(fd, buf, 1));
  report("close", close(fd));
  report("close again", close(fd));
  show_stat(D "/a.txt");

  fd = open(D "/a.txt", O_RDONLY);
  char rd[64];
  report("pread", pread(fd, rd, 20, 95));
  printf("data: %.20s\n", rd);
  report("lseek cur", lseek(fd, 8190, SEEK_SET));
  long got = read(fd, rd, 64);
  report("read", got);
  printf("data: ");
  for (long i = 0; i < got; i++) printf("%02x", (unsigned char)rd[i]);
  printf("\n");
  report("read again", read(fd, rd, 64));
  report("lseek end", lseek(fd, 0, SEEK_END));
  report("read eof", read(fd, rd, 64));
  report("write rdonly", write(fd, "x", 1));
  close(fd);

  FILE *f = fopen(D "/b.txt", "w+");
  for (int i = 0; i < 1000; i++) fprintf(f, "line %d %x\n", i, i * i);
  printf("ftell %ld\n", ftell(f));
  rewind(f);
  int lines = 0;
  long sum = 0;
  char line[100];
  while (fgets(line, sizeof line, f)) {
    lines++;
    sum += strtol(line + 5, NULL, 10);
  }
  printf("lines %d sum %ld feof %d\n", lines, sum, feof(f));
  fclose(f);

  report("link", link(D "/b.txt", D "/link.txt"));
  show_stat(D "/b.txt");
  report("rename", rename(D "/link.txt", D "/c.txt"));
  report("rename missing", rename(D "/nope", D "/c2.txt"));
  report("mkdir sub", mkdir(D "/sub", 0700));
  show_stat(D "/sub");
  fd = open(D "/sub/inner", O_CREAT | O_EXCL | O_WRONLY, 0600);
  report("create inner", fd >= 0 ? 0 : -1);
  report("create inner again", open(D "/sub/inner", O_CREAT | O_EXCL | O_WRONLY, 0600));
  close(fd);
  show_stat(D "/sub/inner");
  list(D);
  list(D "/sub");
  report("rmdir nonempty", rmdir(D "/sub"));
  report("open dir for write", open(D "/sub", O_WRONLY));
  report("open through file", open(D "/a.txt/x", O_RDONLY));
  report("open missing", open(D "/missing", O_RDONLY));
  report("unlink dir", unlink(D "/sub"));
  report("chdir", chdir(D "/sub"));
  char cwd[256];
  printf("cwd %s\n", getcwd(cwd, sizeof cwd));
  report("access inner", access("inner", R_OK | W_OK));
  report("access missing", access("zzz", F_OK));
  report("chdir ..", chdir(".."));
  report("truncate", truncate("a.txt", 5));
  show_stat("a.txt");
  report("chmod", chmod("a.txt", 0600));
  show_stat("a.txt");
  report("unlink inner", unlink("sub/inner"));
  report("rmdir sub", rmdir("sub"));
  report("unlink a", unlink("a.txt"));
  report("unlink b", unlink("b.txt"));
  report("unlink c", unlink("c.txt"));
  report("unlink a again", unlink("a.txt"));
  list(".");
  report("chdir /", chdir("/"));
  report("rmdir", rmdir(D));
  report("rmdir again", rmdir(D));
  report("dup2 bad", dup2(99, 100));
  return 0;
}
