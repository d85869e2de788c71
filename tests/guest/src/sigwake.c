/* A blocked call whose condition comes true together with a signal that has
 * a handler (no SA_RESTART): Linux re-checks the condition first, so the
 * call completes (the handler runs on the way out) and is interrupted
 * (EINTR) only if it would still have to wait. The usual case: a child
 * writes to a pipe, or becomes a zombie, and its SIGCHLD arrives at once. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t chld, usr1;
static void on_chld(int s) { (void)s; chld++; }
static void on_usr1(int s) { (void)s; usr1++; }

/* Only results: when each handler ran depends on timing natively. */
static void report(const char *what, long r) {
  printf("%s -> %ld%s\n", what, r, r < 0 ? (errno == EINTR ? " EINTR" : " error") : "");
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_chld;
  sigaction(SIGCHLD, &sa, NULL);
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  char buf[64];
  int p[2], st;

  /* read: the child's data and its SIGCHLD arrive together; then EOF. */
  pipe(p);
  pid_t pid = fork();
  if (pid == 0) { write(p[1], "thirty bytes of data, exactly\n", 30); _exit(0); }
  close(p[1]);
  report("read while the writer exits", read(p[0], buf, sizeof buf));
  report("read at EOF", read(p[0], buf, sizeof buf));
  close(p[0]);
  report("wait4 for the zombie", waitpid(pid, &st, 0) == pid);

  /* wait4: the child becoming a zombie raises SIGCHLD; the wait still reaps it. */
  pid = fork();
  if (pid == 0) { usleep(20000); _exit(7); }
  long r = waitpid(pid, &st, 0);
  report("waitpid across SIGCHLD", r == pid ? WEXITSTATUS(st) : r);

  /* poll: readable and SIGCHLD at once gives the ready count. */
  pipe(p);
  pid = fork();
  if (pid == 0) { usleep(20000); write(p[1], "x", 1); _exit(0); }
  close(p[1]);
  struct pollfd pf = {p[0], POLLIN, 0};
  report("poll across SIGCHLD", poll(&pf, 1, 5000));
  printf("POLLIN %d\n", (pf.revents & POLLIN) != 0);
  close(p[0]);
  waitpid(pid, &st, 0);

  /* A signal while nothing is ready still interrupts; the retry then gets the data. */
  pipe(p);
  pid = fork();
  if (pid == 0) {
    kill(getppid(), SIGUSR1);
    usleep(100000);
    write(p[1], "late", 4);
    _exit(0);
  }
  close(p[1]);
  report("read interrupted by SIGUSR1", read(p[0], buf, sizeof buf));
  report("read again", read(p[0], buf, sizeof buf));
  close(p[0]);
  waitpid(pid, &st, 0);
  printf("handlers ran: SIGCHLD %d, SIGUSR1 %d\n", chld > 0, (int)usr1);
  return 0;
}
