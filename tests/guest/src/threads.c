/* pthreads: N threads summing under a mutex, a condition-variable queue with
 * one producer and several consumers, barriers, a reader-writer lock,
 * thread-local storage, pthread_once, semaphores, detached threads and
 * join values. Every result is independent of the interleaving. */
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define N 4

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long total;

static void *summer(void *arg) {
  long id = (long)arg, local = 0;
  for (long i = id; i < 40000; i += N) {
    local += i;
    if (i % 1000 == 0) {
      pthread_mutex_lock(&mu);
      total += local;
      local = 0;
      pthread_mutex_unlock(&mu);
    }
  }
  pthread_mutex_lock(&mu);
  total += local;
  pthread_mutex_unlock(&mu);
  return (void *)(id * 10);
}

/* A bounded queue: one producer, three consumers. */
#define QCAP 8
static int queue[QCAP], qhead, qlen, done;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER, not_full = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t qmu = PTHREAD_MUTEX_INITIALIZER;

static void *producer(void *arg) {
  (void)arg;
  for (int i = 1; i <= 2000; i++) {
    pthread_mutex_lock(&qmu);
    while (qlen == QCAP) pthread_cond_wait(&not_full, &qmu);
    queue[(qhead + qlen++) % QCAP] = i;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&qmu);
  }
  pthread_mutex_lock(&qmu);
  done = 1;
  pthread_cond_broadcast(&not_empty);
  pthread_mutex_unlock(&qmu);
  return NULL;
}

static void *consumer(void *arg) {
  long *sum = arg;
  for (;;) {
    pthread_mutex_lock(&qmu);
    while (qlen == 0 && !done) pthread_cond_wait(&not_empty, &qmu);
    if (qlen == 0) {
      pthread_mutex_unlock(&qmu);
      return NULL;
    }
    int v = queue[qhead];
    qhead = (qhead + 1) % QCAP;
    qlen--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&qmu);
    *sum += v;
  }
}

/* Barriers: every thread adds to phase[k] before anyone starts phase k + 1. */
static pthread_barrier_t bar;
static int phase[5], phase_ok = 1;
static pthread_mutex_t pmu = PTHREAD_MUTEX_INITIALIZER;

static void *phased(void *arg) {
  (void)arg;
  for (int k = 0; k < 5; k++) {
    pthread_mutex_lock(&pmu);
    phase[k]++;
    if (k > 0 && phase[k - 1] != N) phase_ok = 0;
    pthread_mutex_unlock(&pmu);
    pthread_barrier_wait(&bar);
  }
  return NULL;
}

/* A reader-writer lock guarding a pair that writers keep equal. */
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long pair[2];
static int rw_bad;

static void *rw_user(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < 300; i++) {
    if ((i + id) % 5 == 0) {
      pthread_rwlock_wrlock(&rw);
      pair[0]++;
      sched_yield();
      pair[1]++;
      pthread_rwlock_unlock(&rw);
    } else {
      pthread_rwlock_rdlock(&rw);
      if (pair[0] != pair[1]) rw_bad = 1;
      pthread_rwlock_unlock(&rw);
    }
  }
  return NULL;
}

static __thread long tls = 7;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static void init_once(void) { once_runs++; }

static void *tls_user(void *arg) {
  pthread_once(&once, init_once);
  long id = (long)arg;
  tls += id; /* every thread starts from the initial 7 */
  usleep(100);
  return (void *)tls;
}

static sem_t sem;
static void *detached(void *arg) {
  (void)arg;
  sem_post(&sem);
  return NULL;
}

int main(void) {
  pthread_t th[N];
  long joined = 0;
  for (long i = 0; i < N; i++) pthread_create(&th[i], NULL, summer, (void *)i);
  for (int i = 0; i < N; i++) {
    void *r;
    pthread_join(th[i], &r);
    joined += (long)r;
  }
  printf("sum %ld (expect %ld), join values %ld\n", total, 40000L * 39999 / 2, joined);

  pthread_t prod, cons[3];
  long sums[3] = {0};
  pthread_create(&prod, NULL, producer, NULL);
  for (int i = 0; i < 3; i++) pthread_create(&cons[i], NULL, consumer, &sums[i]);
  pthread_join(prod, NULL);
  for (int i = 0; i < 3; i++) pthread_join(cons[i], NULL);
  printf("queue: consumed sum %ld (expect %d)\n", sums[0] + sums[1] + sums[2], 2000 * 2001 / 2);

  pthread_barrier_init(&bar, NULL, N);
  for (long i = 0; i < N; i++) pthread_create(&th[i], NULL, phased, (void *)i);
  for (int i = 0; i < N; i++) pthread_join(th[i], NULL);
  printf("barrier phases %d %d %d %d %d in order %d\n", phase[0], phase[1], phase[2], phase[3],
         phase[4], phase_ok);

  for (long i = 0; i < N; i++) pthread_create(&th[i], NULL, rw_user, (void *)i);
  for (int i = 0; i < N; i++) pthread_join(th[i], NULL);
  printf("rwlock: pair %ld %ld, torn reads %d\n", pair[0], pair[1], rw_bad);

  long tsum = 0;
  for (long i = 0; i < N; i++) pthread_create(&th[i], NULL, tls_user, (void *)(i + 1));
  for (int i = 0; i < N; i++) {
    void *r;
    pthread_join(th[i], &r);
    tsum += (long)r;
  }
  printf("tls sum %ld, main's tls %ld, once ran %d time(s)\n", tsum, tls, once_runs);

  sem_init(&sem, 0, 0);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  for (int i = 0; i < 3; i++) {
    pthread_t d;
    pthread_create(&d, &attr, detached, NULL);
  }
  for (int i = 0; i < 3; i++) sem_wait(&sem);
  printf("three detached threads posted\n");
  pthread_t self = pthread_self();
  printf("pthread_equal(self, self) %d\n", pthread_equal(self, pthread_self()) != 0);
  return 0;
}
