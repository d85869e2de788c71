/* argv, envp and the auxiliary vector as the kernel laid them out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv, char **envp) {
  printf("argc %d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d] = [%s]\n", i, argv[i]);
  printf("argv[argc] is NULL: %d\n", argv[argc] == NULL);
  int n = 0;
  for (char **e = envp; *e; e++) printf("envp[%d] = [%s]\n", n++, *e);
  printf("environ == envp: %d\n", environ == envp);
  printf("getenv HOME=%s MISSING=%s\n", getenv("HOME"), getenv("MISSING") ? "set" : "(null)");
  setenv("NEWVAR", "value", 1);
  printf("after setenv: %s\n", getenv("NEWVAR"));
  unsetenv("HOME");
  printf("after unsetenv: %s\n", getenv("HOME") ? "set" : "(null)");

  /* The argument strings are contiguous on the stack, followed by the environment strings. */
  int contiguous = 1;
  for (int i = 0; i + 1 < argc; i++)
    if (argv[i] + strlen(argv[i]) + 1 != argv[i + 1]) contiguous = 0;
  printf("argv strings contiguous: %d\n", contiguous);
  /* auxv follows envp's NULL terminator. */
  unsigned long *aux = (unsigned long *)(envp + n + 1);
  int count = 0, seen_pagesz = 0, seen_random = 0;
  for (; aux[0] != AT_NULL; aux += 2, count++) {
    if (aux[0] == AT_PAGESZ) seen_pagesz = (int)aux[1];
    if (aux[0] == AT_RANDOM) seen_random = 1;
  }
  printf("auxv walk: pagesz %d random %d\n", seen_pagesz, seen_random);

  printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
  printf("AT_UID %lu AT_EUID %lu AT_GID %lu AT_EGID %lu\n", getauxval(AT_UID), getauxval(AT_EUID),
         getauxval(AT_GID), getauxval(AT_EGID));
  printf("AT_SECURE %lu AT_CLKTCK %lu\n", getauxval(AT_SECURE), getauxval(AT_CLKTCK));
  unsigned long hw = getauxval(AT_HWCAP);
  printf("AT_HWCAP fpu %lu sse %lu sse2 %lu\n", hw & 1, (hw >> 25) & 1, (hw >> 26) & 1);
  printf("AT_RANDOM present %d\n", getauxval(AT_RANDOM) != 0);
  const char *plat = (const char *)getauxval(AT_PLATFORM);
  printf("AT_PLATFORM %s\n", plat ? plat : "(none)");
  /* AT_EXECFN is the host path natively, so only its presence is compared. */
  printf("AT_EXECFN present %d\n", getauxval(AT_EXECFN) != 0);
  printf("AT_PHENT %lu AT_PHNUM>0 %d AT_ENTRY!=0 %d\n", getauxval(AT_PHENT),
         getauxval(AT_PHNUM) > 0, getauxval(AT_ENTRY) != 0);
  printf("sysconf pagesize %ld clk_tck %ld\n", sysconf(_SC_PAGESIZE), sysconf(_SC_CLK_TCK));
  printf("uid %d euid %d gid %d egid %d\n", (int)getuid(), (int)geteuid(), (int)getgid(),
         (int)getegid());
  return argc;
}
