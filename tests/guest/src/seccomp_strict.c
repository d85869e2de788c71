/* seccomp strict mode: a child may read, write and exit; any other system
 * call (getpid, exit_group, seccomp itself) kills it with SIGKILL. Also the
 * action and notification-size queries and prctl's seccomp options. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* <linux/seccomp.h>, spelled out (musl ships no kernel headers). */
#define SECCOMP_MODE_STRICT 1
#define SECCOMP_SET_MODE_STRICT 0
#define SECCOMP_GET_ACTION_AVAIL 2
#define SECCOMP_GET_NOTIF_SIZES 3
#define SECCOMP_RET_KILL_PROCESS 0x80000000U
#define SECCOMP_RET_KILL_THREAD 0x00000000U
#define SECCOMP_RET_TRAP 0x00030000U
#define SECCOMP_RET_ERRNO 0x00050000U
#define SECCOMP_RET_USER_NOTIF 0x7fc00000U
#define SECCOMP_RET_TRACE 0x7ff00000U
#define SECCOMP_RET_LOG 0x7ffc0000U
#define SECCOMP_RET_ALLOW 0x7fff0000U
struct seccomp_notif_sizes {
  uint16_t seccomp_notif, seccomp_notif_resp, seccomp_data;
};

static void report(const char *what, pid_t c) {
  int st;
  waitpid(c, &st, 0);
  if (WIFSIGNALED(st)) printf("%s: killed by signal %d\n", what, WTERMSIG(st));
  else printf("%s: exited %d\n", what, WEXITSTATUS(st));
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  uint32_t acts[] = {SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_TRAP, SECCOMP_RET_ERRNO,
                     SECCOMP_RET_USER_NOTIF, SECCOMP_RET_TRACE, SECCOMP_RET_LOG, SECCOMP_RET_ALLOW, 0x12345};
  for (unsigned i = 0; i < sizeof acts / sizeof acts[0]; i++) {
    errno = 0;
    long r = syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &acts[i]);
    printf("action %#x: %ld errno=%d\n", acts[i], r, errno);
  }
  struct seccomp_notif_sizes sz;
  long r = syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sz);
  printf("notif sizes: %ld %u %u %u\n", r, sz.seccomp_notif,
         sz.seccomp_notif_resp, sz.seccomp_data);
  r = syscall(SYS_seccomp, 99, 0, NULL);
  printf("bad op: %ld errno=%d\n", r, errno);
  printf("PR_GET_SECCOMP: %d\n", prctl(PR_GET_SECCOMP));

  pid_t c = fork();
  if (c == 0) {
    syscall(SYS_seccomp, SECCOMP_SET_MODE_STRICT, 0, NULL);
    write(1, "child: strict, writing is fine\n", 31);
    syscall(SYS_getpid);
    write(1, "child: not reached\n", 19);
    syscall(SYS_exit, 0);
  }
  report("getpid in strict mode", c);
  c = fork();
  if (c == 0) {
    prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT);
    char buf[4];
    read(0, buf, 0);
    write(1, "child: read too\n", 16);
    syscall(SYS_exit, 7);
  }
  report("exit in strict mode", c);
  c = fork();
  if (c == 0) {
    prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT);
    _exit(3); /* exit_group: not allowed */
  }
  report("exit_group in strict mode", c);
  return 0;
}
