/* execve with an empty argv (or a NULL argv pointer): since Linux 5.18 the
 * new program gets argc 1 and argv[0] = "", so code that starts at argv[1]
 * never walks into the environment. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp) {
  if (argc < 2 || strcmp(argv[1], "parent") != 0) {
    int envc = 0;
    while (envp[envc] != NULL) envc++;
    printf("child: argc %d, argv[0] \"%s\", argv[1] %s, envc %d, first env %s\n", argc,
           argc > 0 ? argv[0] : "(none)", argv[1] == NULL ? "NULL" : argv[1], envc, envp[0]);
    return 0;
  }
  char *env[] = {"ONLY=1", "SECOND=2", NULL};
  char *empty[] = {NULL};
  for (int round = 0; round < 2; round++) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      execve("/proc/self/exe", round == 0 ? empty : NULL, env);
      _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("round %d: exit %d\n", round, WEXITSTATUS(st));
  }
  return 0;
}
