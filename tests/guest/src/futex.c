/* Raw futexes between threads: a ping-pong of 500 round trips with
 * FUTEX_WAIT/FUTEX_WAKE, errors (EAGAIN, ETIMEDOUT, EINVAL), a timed wait,
 * FUTEX_CMP_REQUEUE moving sleepers to a second word, WAKE_OP, bitsets, and
 * a pthread_join that learns of the exit through clear_child_tid. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* From <linux/futex.h>, which musl-gcc does not see. */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_OP_ADD 1
#define FUTEX_OP_OR 2
#define FUTEX_OP_OPARG_SHIFT 8
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP_CMP_GT 4
#define FUTEX_OP(op, oparg, cmp, cmparg) \
  (((op & 0xf) << 28) | ((cmp & 0xf) << 24) | ((oparg & 0xfff) << 12) | (cmparg & 0xfff))

static long futex(uint32_t *a, int op, uint32_t v, const struct timespec *t, uint32_t *a2,
                  uint32_t v3) {
  long r = syscall(SYS_futex, a, op, v, t, a2, v3);
  return r < 0 ? -errno : r;
}

/* Ping-pong: the turn word alternates 0 (main) / 1 (partner). */
static uint32_t turn;
static void *partner(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++) {
    while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) != 1) futex(&turn, FUTEX_WAIT_PRIVATE, 0, 0, 0, 0);
    __atomic_store_n(&turn, 0, __ATOMIC_RELEASE);
    futex(&turn, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
  }
  return NULL;
}

/* Sleepers on `gate` until it becomes nonzero; each counts its wake-up. */
static uint32_t gate, gate2;
static int woke;
static pthread_mutex_t wmu = PTHREAD_MUTEX_INITIALIZER;
static void *sleeper(void *arg) {
  uint32_t *w = arg;
  while (__atomic_load_n(w, __ATOMIC_ACQUIRE) == 0) futex(w, FUTEX_WAIT, 0, 0, 0, 0);
  pthread_mutex_lock(&wmu);
  woke++;
  pthread_mutex_unlock(&wmu);
  return NULL;
}

/* Count of threads sleeping on a futex: how many a wake of everyone reaches, without waking. */
static void settle(void) {
  for (int i = 0; i < 20; i++) usleep(1000);
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, partner, NULL);
  for (int i = 0; i < 500; i++) {
    __atomic_store_n(&turn, 1, __ATOMIC_RELEASE);
    futex(&turn, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
    while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) != 0) futex(&turn, FUTEX_WAIT_PRIVATE, 1, 0, 0, 0);
  }
  pthread_join(t, NULL);
  printf("ping-pong done, turn %u\n", turn);

  uint32_t w = 5;
  printf("wait on a changed value: %ld (EAGAIN %d)\n", futex(&w, FUTEX_WAIT, 4, 0, 0, 0), -EAGAIN);
  struct timespec ten_ms = {0, 10000000}, now, later;
  clock_gettime(CLOCK_MONOTONIC, &now);
  long r = futex(&w, FUTEX_WAIT, 5, &ten_ms, 0, 0);
  clock_gettime(CLOCK_MONOTONIC, &later);
  long ms = (later.tv_sec - now.tv_sec) * 1000 + (later.tv_nsec - now.tv_nsec) / 1000000;
  printf("timed wait: %ld (ETIMEDOUT %d), at least 10 ms: %d\n", r, -ETIMEDOUT, ms >= 10);
  printf("misaligned: %ld (EINVAL %d)\n", futex((uint32_t *)((char *)&w + 1), FUTEX_WAKE, 1, 0, 0, 0),
         -EINVAL);
  printf("bitset 0: %ld\n", futex(&w, FUTEX_WAIT_BITSET, 5, 0, 0, 0));
  printf("wake with nobody waiting: %ld\n", futex(&w, FUTEX_WAKE, 10, 0, 0, 0));

  /* Three sleepers on gate: CMP_REQUEUE wakes one and moves two to gate2. */
  pthread_t s[3];
  for (int i = 0; i < 3; i++) pthread_create(&s[i], NULL, sleeper, &gate);
  settle();
  printf("cmp_requeue with a stale value: %ld\n",
         futex(&gate, FUTEX_CMP_REQUEUE, 1, (void *)2, &gate2, 1));
  __atomic_store_n(&gate, 1, __ATOMIC_RELEASE);
  printf("cmp_requeue: %ld woken or moved\n", futex(&gate, FUTEX_CMP_REQUEUE, 1, (void *)2, &gate2, 1));
  settle();
  printf("left on gate: %ld\n", futex(&gate, FUTEX_WAKE, 10, 0, 0, 0));
  __atomic_store_n(&gate2, 1, __ATOMIC_RELEASE);
  printf("woken on gate2: %ld\n", futex(&gate2, FUTEX_WAKE, 10, 0, 0, 0));
  for (int i = 0; i < 3; i++) pthread_join(s[i], NULL);
  printf("all three sleepers ran: %d\n", woke);

  /* WAKE_OP: add 1 to the second word, wake there if its old value was 0. */
  uint32_t a = 0, b = 0;
  long n = futex(&a, FUTEX_WAKE_OP, 1, (void *)1, &b, FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0));
  printf("wake_op: %ld, second word %u\n", n, b);
  n = futex(&a, FUTEX_WAKE_OP, 1, (void *)1, &b,
            FUTEX_OP(FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT, 4, FUTEX_OP_CMP_GT, 0));
  printf("wake_op shift: %ld, second word %u\n", n, b);
  return 0;
}
