/* qsort/bsearch, strtod/strtol/strtoul and snprintf round trips, atoi & friends. */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

struct rec {
  unsigned key;
  unsigned seq;
};

static int cmp_rec(const void *a, const void *b) {
  const struct rec *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
  /* qsort on many sizes and key distributions. */
  static int arr[1000];
  uint64_t h = FNV_INIT;
  for (int n = 0; n <= 1000; n = n < 20 ? n + 1 : n * 2 + 1) {
    for (int kind = 0; kind < 4; kind++) {
      for (int i = 0; i < n; i++)
        arr[i] = kind == 0 ? (int)rng() : kind == 1 ? i : kind == 2 ? n - i : (int)(rng() % 7);
      qsort(arr, (size_t)n, sizeof *arr, cmp_int);
      int sorted = 1;
      for (int i = 1; i < n; i++)
        if (arr[i - 1] > arr[i]) sorted = 0;
      h = fnv(h, arr, (size_t)n * sizeof *arr);
      if (!sorted) printf("not sorted n=%d kind=%d\n", n, kind);
      for (int k = 0; k < 20 && n; k++) {
        int key = arr[rng() % (unsigned)n] + (k & 1);
        int *p = bsearch(&key, arr, (size_t)n, sizeof *arr, cmp_int);
        int found = p != NULL && *p == key;
        h = fnv(h, &found, sizeof found);
      }
    }
  }
  printf("qsort %016" PRIx64 "\n", h);
  static struct rec recs[1000];
  for (unsigned i = 0; i < 1000; i++) recs[i] = (struct rec){(unsigned)(rng() % 100), i};
  qsort(recs, 1000, sizeof *recs, cmp_rec);
  printf("records %u/%u %u/%u %u/%u\n", recs[0].key, recs[0].seq, recs[500].key, recs[500].seq,
         recs[999].key, recs[999].seq);
  char *words[] = {"pear", "apple", "fig", "banana", "cherry", "apple", "date", "Zebra", ""};
  qsort(words, 9, sizeof *words, cmp_str);
  for (int i = 0; i < 9; i++) printf("%s,", words[i]);
  printf("\n");

  /* strtod: decimal and hex, rounding boundaries, denormals, overflow, partial parses. */
  static const char *nums[] = {"0", "-0", "1", "0.1", "3.14159265358979323846", "1e308", "1.8e308",
                               "2.2250738585072011e-308", "4.9e-324", "2.4703282292062327e-324",
                               "2.4703282292062328e-324", "1e-400", "0x1.8p3", "0X.8p-1", "inf",
                               "-Infinity", "nan", "  +12.5e+2xyz", "9007199254740993",
                               "1.00000000000000011102230246251565404236316680908203125",
                               "123456789012345678901234567890", ".e5", "1e", "0x", "-.5"};
  for (unsigned i = 0; i < sizeof nums / sizeof *nums; i++) {
    char *end;
    errno = 0;
    double d = strtod(nums[i], &end);
    int e = errno;
    float f = strtof(nums[i], NULL);
    long double ld = strtold(nums[i], NULL);
    char back[64];
    snprintf(back, sizeof back, "%.17g", d);
    double again = strtod(back, NULL);
    printf("[%s] -> %a erange %d used %d | f %a | ld %Lg | %s roundtrip %d\n", nums[i], d,
           e == ERANGE, (int)(end - nums[i]), (double)f, ld, back,
           memcmp(&d, &again, sizeof d) == 0 || d != d);
  }
  /* Round-trip many random doubles through %.17g and %a. */
  int bad = 0;
  h = FNV_INIT;
  for (int i = 0; i < 300; i++) {
    /* Half over the full exponent range, half near 1 (where most real numbers live). */
    uint64_t bits = rng();
    if (i & 1) bits = (bits & 0x800fffffffffffffull) | ((uint64_t)(1023 - 40 + bits % 80) << 52);
    double d;
    memcpy(&d, &bits, 8);
    if (d != d) continue;
    char s1[64], s2[64];
    snprintf(s1, sizeof s1, "%.17g", d);
    snprintf(s2, sizeof s2, "%a", d);
    double r1 = strtod(s1, NULL), r2 = strtod(s2, NULL);
    if (memcmp(&d, &r1, 8) || memcmp(&d, &r2, 8)) bad++;
    h = fnv(h, s1, strlen(s1));
  }
  printf("random doubles: bad %d digits %016" PRIx64 "\n", bad, h);

  /* strtol family: bases, overflow, signs, prefixes. */
  static const char *ints[] = {"0", "-0", "42", "-42", "  +17", "0x1F", "0X1f", "017", "0b101",
                               "2147483647", "2147483648", "-2147483649", "9223372036854775807",
                               "9223372036854775808", "-9223372036854775808",
                               "-9223372036854775809", "18446744073709551615",
                               "18446744073709551616", "zz", "12abc", "-", "0x"};
  static const int bases[] = {0, 10, 16, 8, 36, 2};
  for (unsigned i = 0; i < sizeof ints / sizeof *ints; i++) {
    printf("[%s]", ints[i]);
    for (unsigned b = 0; b < sizeof bases / sizeof *bases; b++) {
      char *end;
      errno = 0;
      long v = strtol(ints[i], &end, bases[b]);
      int e = errno;
      errno = 0;
      unsigned long u = strtoul(ints[i], NULL, bases[b]);
      int eu = errno;
      printf(" b%d:%ld/%d/%d/%lu/%d", bases[b], v, e == ERANGE, (int)(end - ints[i]), u,
             eu == ERANGE);
    }
    printf(" atoi %d atol %ld\n", atoi(ints[i]), atol(ints[i]));
  }
  errno = 0;
  printf("strtol invalid base %ld errno-einval %d\n", strtol("10", NULL, 99), errno == EINVAL);
  printf("strtoimax %" PRIdMAX " strtoumax %" PRIuMAX " strtoll %lld\n",
         strtoimax("-123456789012", NULL, 10), strtoumax("777", NULL, 8),
         strtoll("-0x7fffffffffffffff", NULL, 16));

  /* snprintf -> sscanf round trips of integers. */
  h = FNV_INIT;
  bad = 0;
  for (int i = 0; i < 800; i++) {
    long long v = (long long)rng() >> (rng() % 64);
    char s[80];
    int n = snprintf(s, sizeof s, "%lld %llx %llo", v, (unsigned long long)v,
                     (unsigned long long)v);
    long long a;
    unsigned long long b, c;
    if (sscanf(s, "%lld %llx %llo", &a, &b, &c) != 3 || a != v || b != (unsigned long long)v ||
        c != (unsigned long long)v)
      bad++;
    h = fnv(h, s, (size_t)n);
  }
  printf("int roundtrip bad %d %016" PRIx64 "\n", bad, h);
  div_t dv = div(-7, 2);
  ldiv_t ldv = ldiv(LONG_MIN + 1, 10);
  printf("div %d %d ldiv %ld %ld abs %d labs %ld\n", dv.quot, dv.rem, ldv.quot, ldv.rem, abs(-5),
         labs(LONG_MIN + 1));
  char ebuf[32];
  printf("ecvt-like %s\n", (snprintf(ebuf, sizeof ebuf, "%.3e", DBL_EPSILON), ebuf));
  return 0;
}
