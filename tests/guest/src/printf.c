/* printf family: integers with every flag/width/precision, double and long double. */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char *ifmts[] = {"%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%8.3d",
                              "%x", "%#x", "%08X", "%#o", "%o", "%u", "%hhd", "%hd"};
static const int ivals[] = {0, 1, -1, 7, 42, -42, 255, 256, 65535, -65536, 12345678,
                            INT_MAX, INT_MIN, 'A'};
static const char *lfmts[] = {"%ld", "%lx", "%lu", "%#lo", "%20ld", "%-20lx|", "%lld", "%jd",
                              "%zu", "%.0ld"};
static const long lvals[] = {0, 1, -1, 1000000007L, -4294967296L, LONG_MAX, LONG_MIN,
                             0x123456789abcdefL};
static const char *dfmts[] = {"%f", "%.0f", "%.1f", "%.17g", "%g", "%e", "%.3e", "%a",
                              "%.3a", "%10.4f", "%-12.2e|", "%+g", "%#g", "%#.0f", "%G", "%E", "%A"};
static const char *ldfmts[] = {"%Lf", "%.0Lf", "%.21Lg", "%Lg", "%Le", "%La", "%.5La", "%.30Lf",
                               "%LA"};

int main(void) {
  for (unsigned i = 0; i < sizeof ifmts / sizeof *ifmts; i++) {
    for (unsigned j = 0; j < sizeof ivals / sizeof *ivals; j++) {
      printf("[");
      printf(ifmts[i], ivals[j]);
      printf("]");
    }
    printf("\n");
  }
  for (unsigned i = 0; i < sizeof lfmts / sizeof *lfmts; i++) {
    for (unsigned j = 0; j < sizeof lvals / sizeof *lvals; j++) {
      printf("[");
      printf(lfmts[i], lvals[j]);
      printf("]");
    }
    printf("\n");
  }
  double dv[] = {0.0, -0.0, 1.0, -1.5, 0.1, 1.0 / 3, 2.0 / 3, 100.0, 123456.789, 1e-5, 1e-300,
                 5e-324, DBL_MIN, DBL_MAX, 1e21, 1e22, 0.5, 2.5, 3.5, 1.005, 9.995, 1e15 + 0.3,
                 M_PI, -M_E, INFINITY, -INFINITY, NAN, 4.9406564584124654e-324, 0x1.fffffffffffffp-1};
  for (unsigned i = 0; i < sizeof dfmts / sizeof *dfmts; i++) {
    for (unsigned j = 0; j < sizeof dv / sizeof *dv; j++) {
      printf("[");
      printf(dfmts[i], dv[j]);
      printf("]");
    }
    printf("\n");
  }
  long double lv[] = {0.0L, -0.0L, 1.0L, 0.1L, 1.0L / 3, 2.0L / 3, 1e-4000L, LDBL_MIN,
                      LDBL_MAX, LDBL_EPSILON, 3.14159265358979323846264338327950288L,
                      12345678901234567890.0L, 1e300L * 1e300L, 0.5L, 2.5L,
                      (long double)INFINITY, -(long double)INFINITY, (long double)NAN,
                      0x1p-16445L, 123.456L};
  for (unsigned i = 0; i < sizeof ldfmts / sizeof *ldfmts; i++) {
    for (unsigned j = 0; j < sizeof lv / sizeof *lv; j++) {
      /* Thousands of %Lf digits cost glibc ~100M instructions: keep those to %Lg/%Le/%La. */
      if (strchr(ldfmts[i], 'f') && fabsl(lv[j]) > 1e30L && !isinf(lv[j])) continue;
      printf("[");
      printf(ldfmts[i], lv[j]);
      printf("]");
    }
    printf("\n");
  }
  /* Long double arithmetic results through printf (exercises the x87 unit). */
  long double acc = 1.0L;
  for (int i = 1; i <= 30; i++) {
    acc = acc * 3.0L / (long double)(i + 1) + 1.0L / (long double)i;
    printf("%d %.25Lg %La\n", i, acc, acc);
  }
  for (int i = -5; i <= 5; i++) printf("%.*f|%*d|%-*s|\n", i < 0 ? 2 : i, 2.0 / 7, i, i, i, "ab");
  char buf[64];
  int n = snprintf(buf, 10, "%s-%d-%f", "truncated", 12345, 1.25);
  printf("%d [%s]\n", n, buf);
  n = snprintf(NULL, 0, "%Lg %g %d", 1.0L / 7, 1.0 / 7, 7);
  printf("%d\n", n);
  printf("%5s|%-5s|%.2s|%%|%c%c\n", "ab", "cd", "efgh", 'x', 'y');
  float f = 16777217.0f;
  printf("%f %a %g\n", f, (double)f, (double)(float)0.1f);
  return 0;
}
