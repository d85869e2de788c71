/* A fuzzing target: builds a table at start-up (the costly part a fork skips),
 * then reads one line from stdin and "crashes" (abort) on a few inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned table[1 << 16];

int main(void) {
  unsigned x = 2463534242u;
  for (int round = 0; round < 8; round++)
    for (unsigned i = 0; i < sizeof table / sizeof table[0]; i++) {
      x ^= x << 13, x ^= x >> 17, x ^= x << 5;
      table[i] += x;
    }
  printf("ready\n");
  fflush(stdout);
  char line[256];
  if (!fgets(line, sizeof line, stdin)) return 2;
  unsigned h = 0;
  for (size_t i = 0; line[i] && line[i] != '\n'; i++) h = h * 31 + (unsigned char)line[i];
  unsigned v = table[h & 0xffff];
  printf("input %.*s -> %08x\n", (int)strcspn(line, "\n"), line, v);
  if ((v & 0x1f) == 0) abort(); /* the "bug" */
  return 0;
}
