/* Text workload: builds lines of words, then repeatedly measures, copies, searches
 * and counts them with the C library's string functions (strlen, memcpy, strchr,
 * strcmp, memcmp), and sorts the words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *WORDS[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
                              "hotel", "india", "juliet", "kilo", "lima", "mike", "november",
                              "oscar", "papa", "quebec", "romeo", "sierra", "tango"};

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 40;
  enum { LINES = 2000 };
  char *lines[LINES];
  unsigned seed = 1;
  for (int i = 0; i < LINES; i++) {
    char buf[512];
    buf[0] = 0;
    int n = 8 + (int)((seed = seed * 1103515245 + 12345) >> 16) % 40;
    for (int w = 0; w < n; w++) {
      strcat(buf, WORDS[(seed = seed * 1103515245 + 12345) >> 16 & 15]);
      strcat(buf, w + 1 < n ? " " : "");
      if (strlen(buf) > 400) break;
    }
    lines[i] = strdup(buf);
  }
  long total = 0, spaces = 0, equal = 0;
  char *copy = malloc(1 << 20);
  for (int r = 0; r < rounds; r++) {
    size_t at = 0;
    for (int i = 0; i < LINES; i++) {
      size_t len = strlen(lines[i]);
      memcpy(copy + at, lines[i], len + 1);
      total += (long)len;
      for (const char *p = strchr(copy + at, ' '); p; p = strchr(p + 1, ' ')) spaces++;
      if (i > 0 && memcmp(lines[i], lines[i - 1], 5) == 0) equal++;
      at += len + 1;
    }
  }
  char *words[LINES];
  for (int i = 0; i < LINES; i++) words[i] = lines[(i * 7919) % LINES];
  qsort(words, LINES, sizeof *words, cmp);
  printf("chars %ld spaces %ld equal-prefix %ld first %.12s last %.12s\n", total, spaces, equal,
         words[0], words[LINES - 1]);
  return 0;
}
