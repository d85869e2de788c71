/* A thread that takes signals synchronously (sigwait, sigwaitinfo,
 * sigtimedwait) while every thread blocks them; the main thread sends them
 * to the process, and finally takes one itself. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static sigset_t set;

static void *waiter(void *arg) {
  (void)arg;
  int sig;
  siginfo_t si;
  sigwait(&set, &sig);
  printf("sigwait got %d\n", sig);
  int r = sigwaitinfo(&set, &si);
  printf("sigwaitinfo got %d code %d pid-ok %d\n", r, si.si_code, si.si_pid == getpid());
  struct timespec ts = {0, 5000000};
  r = sigtimedwait(&set, &si, &ts);
  printf("sigtimedwait %d EAGAIN %d\n", r, r < 0 && errno == EAGAIN);
  return NULL;
}

int main(void) {
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  pthread_t t;
  pthread_create(&t, NULL, waiter, NULL);
  usleep(1000);
  kill(getpid(), SIGUSR2);
  usleep(1000);
  kill(getpid(), SIGUSR1);
  pthread_join(t, NULL);
  kill(getpid(), SIGUSR1);
  int sig;
  sigwait(&set, &sig);
  printf("main sigwait %d\n", sig);
  return 0;
}
