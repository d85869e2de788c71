/* Fatal traps and exit statuses, selected by argv[1]. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile int zero = 0, thousand = 1000;

static void on_signal(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  char buf[128];
  int n = snprintf(buf, sizeof buf, "caught signal %d code %d addr-is-null %d\n", sig, si->si_code,
                   si->si_addr == NULL);
  write(1, buf, (size_t)n);
  _exit(sig + 100);
}

static void install(int sig) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO;
  sigaction(sig, &sa, NULL);
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  printf("trap: %s\n", what);
  fflush(stdout);
  if (!strcmp(what, "segv")) {
    *(volatile int *)0 = 1;
  } else if (!strcmp(what, "segv-handled")) {
    install(SIGSEGV);
    *(volatile int *)0 = 1;
  } else if (!strcmp(what, "fpe")) {
    printf("%d\n", thousand / zero);
  } else if (!strcmp(what, "fpe-handled")) {
    install(SIGFPE);
    printf("%d\n", thousand / zero);
  } else if (!strcmp(what, "ill")) {
    __asm__ volatile("ud2");
  } else if (!strcmp(what, "abort")) {
    abort();
  } else if (!strcmp(what, "exit")) {
    printf("buffered output is flushed by exit\n");
    exit(argc > 2 ? atoi(argv[2]) : 0);
  } else if (!strcmp(what, "return")) {
    return 77;
  } else if (!strcmp(what, "_exit")) {
    printf("lost: never flushed");
    _exit(9);
  }
  printf("survived\n");
  return 1;
}
