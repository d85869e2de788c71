/* Allocator workload: random malloc/realloc/free churn over a working set of blocks of
 * varying sizes, touching each allocation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  int steps = argc > 1 ? atoi(argv[1]) : 300000;
  enum { SLOTS = 4096 };
  static char *slot[SLOTS];
  static size_t size[SLOTS];
  unsigned seed = 7;
  unsigned long check = 0;
  for (int s = 0; s < steps; s++) {
    seed = seed * 1664525 + 1013904223;
    unsigned i = (seed >> 8) % SLOTS;
    size_t n = 8 + ((seed >> 20) % ((seed & 3) == 0 ? 2048 : 96));
    if (slot[i] == NULL) {
      slot[i] = malloc(n);
      size[i] = n;
      memset(slot[i], (int)s, n);
    } else if ((seed & 7) == 1) {
      slot[i] = realloc(slot[i], n);
      if (n > size[i]) memset(slot[i] + size[i], 1, n - size[i]);
      size[i] = n;
    } else {
      check += (unsigned char)slot[i][size[i] / 2] + size[i];
      free(slot[i]);
      slot[i] = NULL;
    }
  }
  printf("checksum %lu\n", check);
  return 0;
}
