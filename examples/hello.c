/* The demo guest: a static C program built with musl-gcc (see examples/build.sh). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  printf("Hello from x86-64 Linux inside linuxvm!\n");
  for (int i = 1; i < argc; i++) printf("argv[%d] = %s\n", i, argv[i]);
  unsigned long long fib[90] = {0, 1};
  for (int i = 2; i < 90; i++) fib[i] = fib[i - 1] + fib[i - 2];
  printf("fib(89) = %llu, sqrt(2) = %.17g\n", fib[89], 1.4142135623730951);
  char *buf = malloc(1 << 20);
  memset(buf, 'x', (1 << 20) - 1);
  buf[(1 << 20) - 1] = 0;
  printf("malloc'd a 1 MiB string of length %zu\n", strlen(buf));
  free(buf);
  return 0;
}
