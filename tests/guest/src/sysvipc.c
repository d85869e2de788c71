/* System V IPC between forked processes: a shared memory segment both
 * sides write (and its attach/detach/removal rules), semaphores that make
 * parent and child take turns (blocking, GETNCNT/GETZCNT, SEM_UNDO at
 * exit, EIDRM, EINTR, timeouts), and message queues with types, blocking
 * in both directions and the errno cases. Ids, pids and times are only
 * compared, never printed: the native recording shares the host's IPC
 * namespace. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef MSG_COPY
#define MSG_COPY 040000
#endif
#ifndef SHM_DEST
#define SHM_DEST 01000
#endif
#ifndef SHM_LOCKED
#define SHM_LOCKED 02000
#endif

union semun {
  int val;
  struct semid_ds *buf;
  unsigned short *array;
};

static const char *err(int r) {
  static char buf[32];
  if (r >= 0) return "ok";
  snprintf(buf, sizeof buf, "%s", errno == EINVAL   ? "EINVAL"
                                  : errno == EEXIST ? "EEXIST"
                                  : errno == ENOENT ? "ENOENT"
                                  : errno == EACCES ? "EACCES"
                                  : errno == EAGAIN ? "EAGAIN"
                                  : errno == EFBIG  ? "EFBIG"
                                  : errno == ERANGE ? "ERANGE"
                                  : errno == EIDRM  ? "EIDRM"
                                  : errno == EINTR  ? "EINTR"
                                  : errno == ENOMSG ? "ENOMSG"
                                  : errno == E2BIG  ? "E2BIG"
                                  : errno == EPERM  ? "EPERM"
                                                    : "other");
  return buf;
}

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  fflush(stdout);
}

static void sleep_ms(int ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, NULL);
}

static int wait_child(pid_t pid) {
  int st;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static struct shmid_ds shm_stat(int id) {
  struct shmid_ds ds;
  memset(&ds, 0, sizeof ds);
  if (shmctl(id, IPC_STAT, &ds) < 0) out("IPC_STAT %s\n", err(-1));
  return ds;
}

static void shm_tests(const char *self) {
  out("-- shm\n");
  int id = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
  struct shmid_ds ds = shm_stat(id);
  out("new: size %zu mode %o nattch %lu key %d cpid-ok %d lpid %d atime %ld\n", (size_t)ds.shm_segsz,
      ds.shm_perm.mode, (unsigned long)ds.shm_nattch, (int)ds.shm_perm.__key,
      ds.shm_cpid == getpid(), ds.shm_lpid, (long)ds.shm_atime);
  char *p = shmat(id, NULL, 0);
  ds = shm_stat(id);
  out("attached: nattch %lu lpid-ok %d atime-set %d aligned %d\n", (unsigned long)ds.shm_nattch,
      ds.shm_lpid == getpid(), ds.shm_atime != 0, ((unsigned long)p & 4095) == 0);
  out("zeroed %d %d\n", p[0], p[9999]);
  strcpy(p, "from parent");
  p[8192] = 1;
  pid_t c = fork();
  if (c == 0) {
    out("child sees '%s'\n", p);
    strcpy(p + 100, "from child");
    p[8192]++;
    out("child nattch %lu\n", (unsigned long)shm_stat(id).shm_nattch);
    out("child shmdt %s\n", err(shmdt(p)));
    out("child nattch after shmdt %lu\n", (unsigned long)shm_stat(id).shm_nattch);
    _exit(0);
  }
  wait_child(c);
  out("parent sees '%s' counter %d nattch %lu\n", p + 100, p[8192],
      (unsigned long)shm_stat(id).shm_nattch);
  c = fork();
  if (c == 0) _exit(p[8192] == 2 ? 0 : 1); /* exits attached */
  int st = wait_child(c);
  out("child exit %d, nattch %lu\n", st, (unsigned long)shm_stat(id).shm_nattch);
  c = fork();
  if (c == 0) {
    char arg[16];
    snprintf(arg, sizeof arg, "%d", id);
    execl("/proc/self/exe", self, "exec-child", arg, (char *)NULL);
    _exit(99);
  }
  st = wait_child(c);
  out("exec child exit %d, nattch %lu\n", st, (unsigned long)shm_stat(id).shm_nattch);

  /* Read-only attachments fault on store. */
  char *ro = shmat(id, NULL, SHM_RDONLY);
  out("rdonly reads '%s'\n", ro);
  c = fork();
  if (c == 0) {
    ro[0] = 'X';
    _exit(0);
  }
  out("store to SHM_RDONLY: status %d\n", wait_child(c));
  out("shmdt ro %s\n", err(shmdt(ro)));

  /* Address rules. */
  out("misaligned %s\n", err(shmat(id, p + 1, 0) == (void *)-1 ? -1 : 0));
  out("taken %s\n", err(shmat(id, p, 0) == (void *)-1 ? -1 : 0));
  char *q = shmat(id, p + 1, SHM_RND | SHM_REMAP);
  out("SHM_RND|SHM_REMAP at same place %d, sees '%s'\n", q == p, q);
  out("SHM_REMAP without address %s\n", err(shmat(id, NULL, SHM_REMAP) == (void *)-1 ? -1 : 0));
  void *hole = mmap(NULL, 3 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(hole, 3 * 4096);
  char *fixed = shmat(id, hole, 0);
  out("at a chosen free address %d, sees '%s'\n", fixed == hole, fixed);
  out("shmdt inside %s\n", err(shmdt(fixed + 4096)));
  out("shmdt unaligned %s\n", err(shmdt(fixed + 1)));
  out("nattch %lu\n", (unsigned long)shm_stat(id).shm_nattch);
  munmap(fixed, 3 * 4096);
  out("after munmap of one attachment nattch %lu\n", (unsigned long)shm_stat(id).shm_nattch);
  out("shmdt unmapped %s\n", err(shmdt(fixed)));

  /* IPC_SET, SHM_LOCK, bad commands. */
  memset(&ds, 0, sizeof ds);
  ds = shm_stat(id);
  ds.shm_perm.mode = 0640;
  out("IPC_SET %s", err(shmctl(id, IPC_SET, &ds)));
  out(" mode %o\n", shm_stat(id).shm_perm.mode);
  out("SHM_LOCK %s", err(shmctl(id, SHM_LOCK, NULL)));
  out(" locked %d\n", (shm_stat(id).shm_perm.mode & SHM_LOCKED) != 0);
  out("SHM_UNLOCK %s", err(shmctl(id, SHM_UNLOCK, NULL)));
  out(" locked %d\n", (shm_stat(id).shm_perm.mode & SHM_LOCKED) != 0);
  out("bad cmd %s", err(shmctl(id, 99, &ds)));
  out(", bad id %s\n", err(shmctl(-1, IPC_STAT, &ds)));

  /* Removed while attached: lives on with SHM_DEST and key IPC_PRIVATE until the last detach. */
  out("IPC_RMID %s\n", err(shmctl(id, IPC_RMID, NULL)));
  ds = shm_stat(id);
  out("removed: dest %d key %d nattch %lu\n", (ds.shm_perm.mode & SHM_DEST) != 0,
      (int)ds.shm_perm.__key, (unsigned long)ds.shm_nattch);
  char *again = shmat(id, NULL, 0);
  out("attach removed segment %s, sees '%s'\n", again == (void *)-1 ? err(-1) : "ok", again);
  shmdt(again);
  out("shmdt last %s\n", err(shmdt(p)));
  out("after last detach: IPC_STAT %s\n", err(shmctl(id, IPC_STAT, &ds)));

  /* Keys. */
  key_t key = 0x4c564d31;
  shmctl(shmget(key, 1, 0), IPC_RMID, NULL); /* leftover of an interrupted run */
  int k1 = shmget(key, 5000, IPC_CREAT | IPC_EXCL | 0600);
  out("key create %s\n", err(k1));
  out("same key %d\n", shmget(key, 0, 0) == k1);
  out("IPC_CREAT|IPC_EXCL again %s\n", err(shmget(key, 10, IPC_CREAT | IPC_EXCL | 0600)));
  out("larger size %s\n", err(shmget(key, 5001, 0)));
  out("size 0 new %s\n", err(shmget(IPC_PRIVATE, 0, 0600)));
  out("missing key %s\n", err(shmget(key + 1, 10, 0600)));
  shmctl(k1, IPC_RMID, NULL);
  out("after IPC_RMID %s\n", err(shmget(key, 10, 0600)));
  struct shminfo info;
  out("IPC_INFO %s", err(shmctl(0, IPC_INFO, (void *)&info)));
  out(" shmmin %lu shmmni %lu shmmax %lu\n", info.shmmin, info.shmmni, info.shmmax);
}

static int semval(int id, int n) { return semctl(id, n, GETVAL); }

static int sop(int id, int num, int op, int flg) {
  struct sembuf b = {num, op, flg};
  return semop(id, &b, 1);
}

static void wait_ncnt(int id, int n, int cmd, int want) {
  for (int i = 0; i < 1000 && semctl(id, n, cmd) != want; i++) sleep_ms(1);
}

static volatile sig_atomic_t got_usr1;
static void on_usr1(int s) {
  (void)s;
  got_usr1 = 1;
}

static void sem_tests(void) {
  out("-- sem\n");
  int st;
  int id = semget(IPC_PRIVATE, 3, 0600);
  struct semid_ds ds;
  union semun u = {.buf = &ds};
  semctl(id, 0, IPC_STAT, u);
  out("nsems %lu mode %o\n", (unsigned long)ds.sem_nsems, ds.sem_perm.mode);
  unsigned short all[3] = {1, 2, 3}, got[3];
  u.array = all;
  out("SETALL %s\n", err(semctl(id, 0, SETALL, u)));
  u.array = got;
  semctl(id, 0, GETALL, u);
  out("GETALL %d %d %d GETPID-ok %d\n", got[0], got[1], got[2], semctl(id, 1, GETPID) == getpid());
  u.val = 40000;
  out("SETVAL 40000 %s\n", err(semctl(id, 0, SETVAL, u)));
  u.val = 0;
  out("SETVAL 0 %s", err(semctl(id, 0, SETVAL, u)));
  out(" -> %d\n", semval(id, 0));
  out("GETVAL bad num %s\n", err(semctl(id, 3, GETVAL)));
  out("decrement 0 nowait %s\n", err(sop(id, 0, -1, IPC_NOWAIT)));
  out("wait-for-zero on 2 nowait %s\n", err(sop(id, 1, 0, IPC_NOWAIT)));
  out("sem_num 3 %s\n", err(sop(id, 3, 1, 0)));
  out("overflow %s\n", err(sop(id, 2, 32767, 0)));
  struct sembuf two[2] = {{1, -2, 0}, {2, -4, IPC_NOWAIT}};
  out("all-or-nothing %s", err(semop(id, two, 2)));
  out(", values %d %d\n", semval(id, 1), semval(id, 2));
  struct timespec ts = {0, 10000000};
  out("semtimedop timeout %s\n", err(semtimedop(id, (struct sembuf[]){{0, -1, 0}}, 1, &ts)));

  /* Ping-pong: semaphore 0 is the parent's turn, 1 the child's. */
  u.val = 0;
  semctl(id, 1, SETVAL, u);
  pid_t c = fork();
  if (c == 0) {
    for (int i = 0; i < 3; i++) {
      sop(id, 1, -1, 0);
      out("pong %d\n", i);
      sop(id, 0, 1, 0);
    }
    _exit(0);
  }
  for (int i = 0; i < 3; i++) {
    out("ping %d\n", i);
    sop(id, 1, 1, 0);
    sop(id, 0, -1, 0);
  }
  wait_child(c);

  /* GETNCNT / GETZCNT count the waiters. */
  c = fork();
  if (c == 0) _exit(sop(id, 0, -1, 0) == 0 ? 0 : 1);
  wait_ncnt(id, 0, GETNCNT, 1);
  out("GETNCNT %d GETZCNT %d\n", semctl(id, 0, GETNCNT), semctl(id, 0, GETZCNT));
  sop(id, 0, 1, 0);
  st = wait_child(c);
  out("waiter exit %d, value %d\n", st, semval(id, 0));
  u.val = 1;
  semctl(id, 1, SETVAL, u);
  c = fork();
  if (c == 0) _exit(sop(id, 1, 0, 0) == 0 ? 0 : 1);
  wait_ncnt(id, 1, GETZCNT, 1);
  out("GETZCNT %d\n", semctl(id, 1, GETZCNT));
  sop(id, 1, -1, 0);
  out("zero waiter exit %d\n", wait_child(c));

  /* SEM_UNDO: what a process did comes undone when it exits. */
  u.val = 5;
  semctl(id, 2, SETVAL, u);
  c = fork();
  if (c == 0) {
    sop(id, 2, 3, SEM_UNDO);
    sop(id, 2, -1, SEM_UNDO);
    out("child set it to %d\n", semval(id, 2));
    _exit(0);
  }
  wait_child(c);
  out("after exit %d\n", semval(id, 2));

  /* A signal with a handler interrupts a waiting semop. */
  signal(SIGUSR1, on_usr1);
  c = fork();
  if (c == 0) {
    int r = sop(id, 0, -1, 0);
    _exit(r < 0 && errno == EINTR && got_usr1 ? 7 : 1);
  }
  wait_ncnt(id, 0, GETNCNT, 1);
  kill(c, SIGUSR1);
  out("interrupted semop exit %d\n", wait_child(c));

  /* Removal wakes waiters with EIDRM. */
  c = fork();
  if (c == 0) {
    int r = sop(id, 0, -1, 0);
    _exit(r < 0 && errno == EIDRM ? 8 : 1);
  }
  wait_ncnt(id, 0, GETNCNT, 1);
  out("IPC_RMID %s\n", err(semctl(id, 0, IPC_RMID)));
  out("removed-while-waiting exit %d\n", wait_child(c));
  out("semop after removal %s\n", err(sop(id, 0, 1, 0)));
  out("semget nsems 0 %s", err(semget(IPC_PRIVATE, 0, 0600)));
  out(", too many %s\n", err(semget(IPC_PRIVATE, 40000, 0600)));
}

struct msgbuf_ {
  long mtype;
  char mtext[64];
};

static int snd(int q, long type, const char *text, int flg) {
  struct msgbuf_ m = {type, ""};
  strcpy(m.mtext, text);
  return msgsnd(q, &m, strlen(text), flg);
}

static void rcv(int q, long type, size_t size, int flg) {
  struct msgbuf_ m;
  memset(&m, 0, sizeof m);
  ssize_t n = msgrcv(q, &m, size, type, flg);
  if (n < 0) out("  msgrcv(%ld) %s\n", type, err(-1));
  else out("  msgrcv(%ld) type %ld '%.*s'\n", type, m.mtype, (int)n, m.mtext);
}

static void msg_tests(void) {
  out("-- msg\n");
  int q = msgget(IPC_PRIVATE, 0600);
  snd(q, 3, "three", 0);
  snd(q, 1, "one-a", 0);
  snd(q, 2, "two", 0);
  snd(q, 1, "one-b", 0);
  struct msqid_ds ds;
  msgctl(q, IPC_STAT, &ds);
  out("qnum %lu cbytes %lu qbytes %lu lspid-ok %d\n", (unsigned long)ds.msg_qnum,
      (unsigned long)ds.__msg_cbytes, (unsigned long)ds.msg_qbytes, ds.msg_lspid == getpid());
  rcv(q, 0, 64, MSG_COPY | IPC_NOWAIT);
  rcv(q, 2, 64, MSG_COPY | IPC_NOWAIT);
  rcv(q, 9, 64, MSG_COPY | IPC_NOWAIT);
  rcv(q, 1, 64, 0);
  rcv(q, -2, 64, 0);
  rcv(q, 1, 64, MSG_EXCEPT);
  rcv(q, 7, 64, IPC_NOWAIT);
  rcv(q, 0, 2, IPC_NOWAIT);
  rcv(q, 0, 2, MSG_NOERROR);
  out("type 0 %s", err(snd(q, 0, "x", 0)));
  out(", too long %s\n", err(msgsnd(q, &ds, 9000, 0)));
  out("MSG_COPY without IPC_NOWAIT %s\n", err(msgrcv(q, &ds, 8, 0, MSG_COPY)));

  /* A receiver waits for its type. */
  pid_t c = fork();
  if (c == 0) {
    rcv(q, 7, 64, 0);
    _exit(0);
  }
  sleep_ms(5);
  snd(q, 5, "five", 0);
  sleep_ms(5);
  snd(q, 7, "seven", 0);
  wait_child(c);
  msgctl(q, IPC_STAT, &ds);
  out("left %lu lrpid-ok %d\n", (unsigned long)ds.msg_qnum, ds.msg_lrpid == c);
  rcv(q, 0, 64, 0);

  /* A sender waits for room. */
  ds.msg_qbytes = 10;
  out("IPC_SET qbytes %s\n", err(msgctl(q, IPC_SET, &ds)));
  snd(q, 1, "0123456789", 0);
  out("full nowait %s\n", err(snd(q, 1, "x", IPC_NOWAIT)));
  c = fork();
  if (c == 0) {
    int r = snd(q, 2, "late", 0);
    out("  blocked send %s\n", err(r));
    _exit(0);
  }
  sleep_ms(5);
  rcv(q, 0, 64, 0);
  wait_child(c);
  rcv(q, 0, 64, 0);

  /* Removal wakes a waiting receiver with EIDRM. */
  c = fork();
  if (c == 0) {
    rcv(q, 0, 64, 0);
    _exit(0);
  }
  sleep_ms(5);
  out("IPC_RMID %s\n", err(msgctl(q, IPC_RMID, NULL)));
  wait_child(c);
  out("msgsnd after removal %s\n", err(snd(q, 1, "x", 0)));
  struct msginfo mi;
  msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
  out("IPC_INFO msgmax %d msgmnb %d\n", mi.msgmax, mi.msgmnb);
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "exec-child") == 0) {
    /* After exec the forked child's attachment is gone: only the parent's counts. */
    printf("exec'd child: nattch %lu\n", (unsigned long)shm_stat(atoi(argv[2])).shm_nattch);
    return 0;
  }
  setvbuf(stdout, NULL, _IOFBF, 4096);
  shm_tests(argv[0]);
  sem_tests();
  msg_tests();
  return 0;
}
