/* Standard input: byte/line/word counts, getline, scanf parsing and sorting of the lines. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
  /* The first line holds three numbers for scanf. */
  int a, b;
  double x;
  if (scanf("%d %x %lf\n", &a, &b, &x) != 3) return 1;
  printf("scanf %d %d %.6f\n", a, b, x);
  char **lines = NULL;
  size_t nlines = 0, cap = 0, bytes = 0, words = 0, longest = 0;
  char *line = NULL;
  size_t lcap = 0;
  ssize_t n;
  uint64_t h = FNV_INIT;
  while ((n = getline(&line, &lcap, stdin)) > 0) {
    bytes += (size_t)n;
    h = fnv(h, line, (size_t)n);
    int inword = 0;
    for (ssize_t i = 0; i < n; i++) {
      if (isspace((unsigned char)line[i]))
        inword = 0;
      else if (!inword)
        inword = 1, words++;
    }
    if ((size_t)n > longest) longest = (size_t)n;
    if (nlines == cap) lines = realloc(lines, (cap = cap ? cap * 2 : 64) * sizeof *lines);
    lines[nlines++] = strdup(line);
  }
  free(line);
  printf("lines %zu words %zu bytes %zu longest %zu hash %016llx\n", nlines, words, bytes,
         longest, (unsigned long long)h);
  qsort(lines, nlines, sizeof *lines, cmp);
  h = FNV_INIT;
  for (size_t i = 0; i < nlines; i++) h = fnv(h, lines[i], strlen(lines[i]));
  printf("sorted hash %016llx\n", (unsigned long long)h);
  for (size_t i = 0; i < nlines && i < 3; i++) printf("first: %s", lines[i]);
  if (nlines) printf("last: %s", lines[nlines - 1]);
  for (size_t i = 0; i < nlines; i++) free(lines[i]);
  free(lines);
  printf("eof %d read after eof %zd\n", feof(stdin), read(0, &a, 1));
  return 0;
}
