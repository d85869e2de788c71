/* Job control: SIGSTOP and SIGCONT from the parent, a child stopping itself,
 * SIGTSTP in a process group a parent watches, wait4 with WUNTRACED and
 * WCONTINUED, waitid's CLD_STOPPED / CLD_CONTINUED, SIGCHLD with and without
 * SA_NOCLDSTOP, and a fatal signal held back while the child is stopped. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t last_code;
static void on_chld(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)uc;
  last_code = si->si_code;
}

static pid_t child(int stop_self) {
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    if (stop_self) {
      raise(SIGSTOP);
      printf("child resumed after stopping itself\n");
      fflush(stdout);
      _exit(4);
    }
    for (;;) pause();
  }
  return p;
}

static void show(const char *what, int st) {
  if (WIFSTOPPED(st)) printf("%s: stopped by %d\n", what, WSTOPSIG(st));
  else if (WIFCONTINUED(st)) printf("%s: continued\n", what);
  else if (WIFSIGNALED(st)) printf("%s: killed by %d\n", what, WTERMSIG(st));
  else if (WIFEXITED(st)) printf("%s: exited %d\n", what, WEXITSTATUS(st));
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_chld;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigaction(SIGCHLD, &sa, NULL);
  int st;

  pid_t p = child(0);
  kill(p, SIGSTOP);
  waitpid(p, &st, WUNTRACED);
  show("SIGSTOP", st);
  printf("SIGCHLD code CLD_STOPPED: %d\n", last_code == CLD_STOPPED);
  printf("reported once: %d\n", waitpid(p, &st, WUNTRACED | WNOHANG));
  kill(p, SIGCONT);
  waitpid(p, &st, WCONTINUED);
  show("SIGCONT", st);
  /* (Linux sends CLD_CONTINUED when the child next runs, which may be after the wait.) */
  /* A fatal signal waits while the child is stopped, and ends it once continued. */
  kill(p, SIGSTOP);
  waitpid(p, &st, WUNTRACED);
  kill(p, SIGTERM);
  int r = waitpid(p, &st, WNOHANG);
  printf("SIGTERM while stopped: still there %d\n", r == 0);
  kill(p, SIGCONT);
  waitpid(p, &st, 0);
  show("continued with SIGTERM pending", st);

  /* A child that stops itself; waitid sees it without consuming it (WNOWAIT). */
  p = child(1);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  waitid(P_PID, p, &si, WSTOPPED | WNOWAIT);
  printf("waitid: code %d status %d\n", si.si_code, si.si_status);
  waitpid(p, &st, WUNTRACED);
  show("raise(SIGSTOP)", st);
  kill(p, SIGCONT);
  memset(&si, 0, sizeof si);
  waitid(P_PID, p, &si, WCONTINUED);
  printf("waitid: code %d status %d\n", si.si_code, si.si_status);
  waitpid(p, &st, 0);
  show("after resuming", st);

  /* SIGTSTP stops a child in its own group, which its parent's group watches. */
  sa.sa_flags |= SA_NOCLDSTOP;
  sigaction(SIGCHLD, &sa, NULL);
  last_code = 0;
  p = child(0);
  setpgid(p, p);
  kill(p, SIGTSTP);
  waitpid(p, &st, WUNTRACED);
  show("SIGTSTP", st);
  printf("SA_NOCLDSTOP: no SIGCHLD %d\n", last_code == 0);
  kill(p, SIGKILL);
  waitpid(p, &st, 0);
  show("SIGKILL while stopped", st);
  return 0;
}
