/* Processes: fork and wait statuses (exit codes, fatal signals), WNOHANG and
 * waitid, self-exec with new argv and environment, vfork, process groups and
 * sessions, zombies, SIGCHLD. Prints nothing that depends on pids or on the
 * order the host schedules processes in. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void describe(const char *what, int st) {
  if (WIFEXITED(st)) printf("%s: exited %d\n", what, WEXITSTATUS(st));
  else if (WIFSIGNALED(st)) printf("%s: killed by %d\n", what, WTERMSIG(st));
  else printf("%s: status %#x\n", what, st);
}

/* Fork a child running `fn(arg)` then _exit(its result); the parent gets the pid. */
static pid_t spawn(int (*fn)(int), int arg) {
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) _exit(fn(arg));
  return p;
}

static int ret(int code) { return code; }
static int segv(int unused) { (void)unused; return *(volatile int *)16; }
static int self_kill(int sig) { raise(sig); return 99; }
static int do_abort(int unused) { (void)unused; abort(); }
static int sleeper(int ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
  return 3;
}

static volatile sig_atomic_t chld;
static void on_chld(int sig) { (void)sig; chld++; }

static int child_mode(int argc, char **argv) {
  const char *v = getenv("PROCS_VAR");
  printf("exec'd: argc %d argv[1] %s argv[2] %s env %s\n", argc, argv[1], argv[2], v ? v : "(none)");
  return atoi(argv[2]);
}

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "child") == 0) return child_mode(argc, argv);
  int st;

  /* Exit codes are taken modulo 256. */
  int codes[] = {0, 1, 42, 255, 256, 300};
  for (int i = 0; i < 6; i++) {
    pid_t p = spawn(ret, codes[i]);
    char what[32];
    snprintf(what, sizeof what, "exit(%d)", codes[i]);
    if (waitpid(p, &st, 0) != p) printf("waitpid failed\n");
    describe(what, st);
  }

  /* Fatal signals: a fault, raise, abort, and a kill from the parent. */
  waitpid(spawn(segv, 0), &st, 0);
  describe("segfault", st);
  waitpid(spawn(self_kill, SIGTERM), &st, 0);
  describe("raise(SIGTERM)", st);
  waitpid(spawn(do_abort, 0), &st, 0);
  describe("abort", st);
  pid_t p = spawn(sleeper, 10000);
  printf("WNOHANG on a sleeping child: %d\n", waitpid(p, &st, WNOHANG));
  kill(p, SIGKILL);
  waitpid(p, &st, 0);
  describe("SIGKILL while sleeping", st);
  waitpid(spawn(sleeper, 5), &st, 0);
  describe("slept 5 ms", st);

  /* waitid: WNOWAIT leaves the zombie for a later wait. */
  p = spawn(ret, 9);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  waitid(P_PID, p, &si, WEXITED | WNOWAIT);
  printf("waitid: signo %d code %d status %d pid-match %d\n", si.si_signo, si.si_code, si.si_status,
         si.si_pid == p);
  printf("zombie still there: %d\n", kill(p, 0) == 0);
  printf("reaped: %d\n", waitpid(p, &st, 0) == p && WEXITSTATUS(st) == 9);
  errno = 0;
  int r = waitpid(-1, &st, WNOHANG);
  printf("no children left: %d errno ECHILD %d\n", r, errno == ECHILD);

  /* Several children: wait(-1) reaps them all, in some order; statuses summed. */
  int sum = 0;
  for (int i = 1; i <= 5; i++) spawn(ret, i * 10);
  for (int i = 0; i < 5; i++) {
    if (wait(&st) < 0) printf("wait failed\n");
    sum += WEXITSTATUS(st);
  }
  printf("five children, statuses sum %d\n", sum);

  /* A child sees its parent; a child can lead its own group and session. */
  pid_t me = getpid();
  fflush(stdout);
  p = fork();
  if (p == 0) {
    int ok = getppid() == me && getpgrp() == getpgid(me);
    int sid = setsid() == getpid() && getsid(0) == getpid() && getpgrp() == getpid();
    _exit(ok * 2 + sid);
  }
  waitpid(p, &st, 0);
  printf("child: parent and group %d, own session %d\n", WEXITSTATUS(st) >> 1, WEXITSTATUS(st) & 1);
  p = spawn(sleeper, 50);
  r = setpgid(p, 0);
  printf("setpgid(child, 0): %d, its group is its pid: %d\n", r, getpgid(p) == p);
  r = kill(-p, SIGTERM);
  printf("kill(-group, SIGTERM): %d\n", r);
  waitpid(p, &st, 0);
  describe("group killed", st);

  /* Self-exec with new arguments and environment. */
  fflush(stdout);
  p = fork();
  if (p == 0) {
    char *av[] = {"procs", "child", "7", NULL};
    char *ev[] = {"PROCS_VAR=from-exec", NULL};
    execve("/proc/self/exe", av, ev);
    _exit(127);
  }
  waitpid(p, &st, 0);
  describe("exec'd child", st);
  errno = 0;
  char *none[] = {"x", NULL};
  r = execve("/", none, none);
  printf("execve of a directory: %d EACCES %d\n", r, errno == EACCES);

  /* vfork: the parent waits for the child's exec (or exit). */
  fflush(stdout);
  p = vfork();
  if (p == 0) {
    char *av[] = {"procs", "child", "8", NULL};
    char *ev[] = {NULL};
    execve("/proc/self/exe", av, ev);
    _exit(127);
  }
  waitpid(p, &st, 0);
  describe("vfork+exec child", st);
  volatile int shared = 0;
  p = vfork();
  if (p == 0) {
    shared = 5;
    _exit(4);
  }
  waitpid(p, &st, 0);
  printf("vfork child wrote the parent's memory: %d, exit %d\n", shared, WEXITSTATUS(st));

  /* SIGCHLD arrives (at least once) when children end. */
  signal(SIGCHLD, on_chld);
  for (int i = 0; i < 3; i++) spawn(ret, 0);
  for (int i = 0; i < 3; i++) wait(&st);
  printf("SIGCHLD seen: %d\n", chld > 0);
  /* With SIGCHLD ignored, children leave no zombies and wait fails with ECHILD. */
  signal(SIGCHLD, SIG_IGN);
  spawn(ret, 1);
  errno = 0;
  r = wait(&st);
  printf("ignored SIGCHLD: wait %d ECHILD %d\n", r, errno == ECHILD);
  return 0;
}
