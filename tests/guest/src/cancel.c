/* pthread_cancel: a thread sleeping in nanosleep and one in pthread_cond_wait
 * (deferred cancellation at cancellation points, with a cleanup handler that
 * releases the mutex), and an asynchronously cancellable spinning thread.
 * Cancellation travels as a signal to the thread and interrupts its waits. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int cleaned;

static void cleanup(void *arg) {
  (void)arg;
  cleaned++;
  pthread_mutex_unlock(&mu);
}

static void *sleeper(void *arg) {
  (void)arg;
  for (;;) sleep(100);
  return NULL;
}

static void *waiter(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  pthread_cleanup_push(cleanup, NULL);
  for (;;) pthread_cond_wait(&cv, &mu);
  pthread_cleanup_pop(0);
  return NULL;
}

static void *spinner(void *arg) {
  (void)arg;
  pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
  for (volatile unsigned long i = 0;; i++) {
  }
  return NULL;
}

int main(void) {
  pthread_t t[3];
  void *r;
  pthread_create(&t[0], NULL, sleeper, NULL);
  pthread_create(&t[1], NULL, waiter, NULL);
  pthread_create(&t[2], NULL, spinner, NULL);
  usleep(2000);
  for (int i = 0; i < 3; i++) {
    pthread_cancel(t[i]);
    pthread_join(t[i], &r);
    printf("thread %d canceled: %d\n", i, r == PTHREAD_CANCELED);
  }
  printf("cleanup handlers run: %d\n", cleaned);
  printf("the mutex is free again: %d\n", pthread_mutex_trylock(&mu) == 0);
  return 0;
}
