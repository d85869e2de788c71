/* Priority-inheritance mutexes (PTHREAD_PRIO_INHERIT): the C libraries lock
 * and unlock them in user space and call futex LOCK_PI / UNLOCK_PI /
 * TRYLOCK_PI under contention; the kernel queues waiters and hands the lock
 * to the next one. Contended counting, trylock, timedlock and errorcheck
 * behaviour. (A robust PI mutex whose owner dies is left out: natively,
 * whether the next locker sees EOWNERDEAD races with the owner's exit.) */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t pi;
static long counter;
static sem_t held;

static void *contend(void *arg) {
  (void)arg;
  for (int i = 0; i < 3000; i++) {
    pthread_mutex_lock(&pi);
    long v = counter;
    if (i % 500 == 0) usleep(100); /* hold it across a sleep: others queue in the kernel */
    counter = v + 1;
    pthread_mutex_unlock(&pi);
  }
  return NULL;
}

static void *holder(void *arg) {
  pthread_mutex_lock(&pi);
  sem_post(&held);
  usleep(30000);
  pthread_mutex_unlock(&pi);
  return arg;
}

static void *try_while_held(void *arg) {
  (void)arg;
  return (void *)(long)pthread_mutex_trylock(&pi);
}

static struct timespec in_ms(int ms) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_nsec += ms * 1000000L;
  while (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
  return ts;
}

int main(void) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
  printf("init %s\n", strerror(pthread_mutex_init(&pi, &a)));

  pthread_t t[4];
  for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, contend, NULL);
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  printf("counter %ld\n", counter);

  pthread_mutex_lock(&pi);
  printf("relock by owner: %s\n", strerror(pthread_mutex_lock(&pi)));
  void *r;
  pthread_create(&t[0], NULL, try_while_held, NULL);
  pthread_join(t[0], &r);
  printf("trylock while held: %s\n", strerror((int)(long)r));
  pthread_mutex_unlock(&pi);
  printf("unlock not owned: %s\n", strerror(pthread_mutex_unlock(&pi)));

  sem_init(&held, 0, 0);
  pthread_create(&t[0], NULL, holder, NULL);
  sem_wait(&held);
  struct timespec ts = in_ms(5);
  printf("timedlock while held: %s\n", strerror(pthread_mutex_timedlock(&pi, &ts)));
  ts = in_ms(2000);
  printf("timedlock after release: %s\n", strerror(pthread_mutex_timedlock(&pi, &ts)));
  pthread_mutex_unlock(&pi);
  pthread_join(t[0], NULL);

  return 0;
}
