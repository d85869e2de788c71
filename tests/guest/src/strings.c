/* string.h over sizes 0..300 and alignments 0..15, printing checksums. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common.h"

#define BUF 1024
static unsigned char pat[BUF], src[BUF], dst[BUF];
static char letters[BUF];
static const size_t sizes[] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,  12,  13,  14,
                               15, 16, 17, 23, 24, 31, 32, 33, 47, 48, 63, 64,  65,  95,  96,
                               127, 128, 129, 191, 255, 256, 257, 299, 300};
#define NS (sizeof sizes / sizeof *sizes)
static const int deltas[] = {-33, -17, -16, -9, -8, -3, -1, 0, 1, 2, 7, 8, 15, 16, 33};
#define ND (sizeof deltas / sizeof *deltas)

int main(void) {
  for (int i = 0; i < BUF; i++) {
    pat[i] = (unsigned char)(i * 7 + 3 + (i >> 3));
    letters[i] = (char)('a' + (i * 7) % 26);
  }
  memcpy(src, pat, BUF);
  uint64_t h;
  /* memcpy: every size, every source alignment, six destination alignments each;
     the destination is checked with 16 guard bytes on each side. */
  h = FNV_INIT;
  for (unsigned a = 0; a < 16; a++)
    for (unsigned b = 0; b < 16; b += 3)
      for (unsigned s = 0; s < NS; s++) {
        unsigned char *d = dst + 64 + b;
        memset(d - 16, 0xee, sizes[s] + 32);
        void *r = memcpy(d, src + 64 + a + s, sizes[s]);
        h = hashw(h, d - 16, sizes[s] + 32);
        h ^= (uint64_t)((unsigned char *)r - d);
      }
  printf("memcpy %016llx\n", (unsigned long long)h);

  /* memmove: overlapping in both directions by many distances. */
  h = FNV_INIT;
  for (unsigned k = 0; k < ND; k++)
    for (unsigned a = 0; a < 16; a++)
      for (unsigned s = 0; s < NS; s += 2) {
        memcpy(dst + 256, pat + a, 400);
        void *r = memmove(dst + 300 + a + deltas[k], dst + 300 + a, sizes[s]);
        h = hashw(h, dst + 256, 400);
        h ^= (uint64_t)((unsigned char *)r - dst);
      }
  printf("memmove %016llx\n", (unsigned long long)h);

  h = FNV_INIT;
  for (unsigned a = 0; a < 16; a++)
    for (unsigned s = 0; s < NS; s++) {
      unsigned char *d = dst + 64 + a;
      memset(d - 16, 0x11, sizes[s] + 32);
      memset(d, (int)(a * 17 + s), sizes[s]);
      h = hashw(h, d - 16, sizes[s] + 32);
    }
  printf("memset %016llx\n", (unsigned long long)h);

  /* memcmp: equal buffers, then one difference at a position that moves with the alignment. */
  h = FNV_INIT;
  for (unsigned a = 0; a < 16; a++)
    for (unsigned s = 0; s < NS; s++) {
      size_t n = sizes[s];
      memcpy(src + a, pat, n + 1);
      memcpy(dst + 2 * a, pat, n + 1);
      int r[3] = {sgn(memcmp(src + a, dst + 2 * a, n)), 0, 0};
      if (n) {
        size_t pos = (a * 13) % n;
        dst[2 * a + pos] ^= (unsigned char)(a & 1 ? 0x80 : 0x01);
        r[1] = sgn(memcmp(src + a, dst + 2 * a, n));
        r[2] = sgn(memcmp(dst + 2 * a, src + a, n));
      }
      h = fnv(h, r, sizeof r);
    }
  printf("memcmp %016llx\n", (unsigned long long)h);

  /* C strings: a NUL-free string of each length at each alignment. */
  uint64_t hl = FNV_INIT, hc = FNV_INIT, hs = FNV_INIT, hcmp = FNV_INIT, hcpy = FNV_INIT,
           hcat = FNV_INIT, hspn = FNV_INIT;
  for (unsigned a = 0; a < 16; a++)
    for (unsigned s = 0; s < NS; s++) {
      size_t n = sizes[s];
      char *str = (char *)src + 64 + a;
      memcpy(str, letters + a * 3, n);
      str[n] = 0;
      long l = (long)strlen(str);
      hl = fnv(hl, &l, sizeof l);
      for (int c = 'a'; c <= 'z'; c += 5) {
        char *p = strchr(str, c), *q = strrchr(str, c), *m = memchr(str, c, n);
        long v[3] = {p ? p - str : -1, q ? q - str : -1, m ? (char *)m - str : -1};
        hc = fnv(hc, v, sizeof v);
      }
      long zv = strchr(str, 0) - str;
      hc = fnv(hc, &zv, sizeof zv);
      static const char *needles[] = {"", "a", "hov", "zgn", "abc", "ipwdk", "xelsz"};
      for (unsigned k = 0; k < 7; k++) {
        char *p = strstr(str, needles[k]);
        long v = p ? p - str : -1;
        hs = fnv(hs, &v, sizeof v);
      }
      char *other = (char *)dst + 128 + (a * 5) % 16;
      memcpy(other, str, n + 1);
      int c1 = sgn(strcmp(str, other));
      if (n) other[n / 2] = 'A';
      int cv[5] = {c1, sgn(strcmp(str, other)), sgn(strncmp(str, other, n / 2)),
                   sgn(strncmp(other, str, n / 2 + 1)), sgn(strcasecmp(str, other))};
      hcmp = fnv(hcmp, cv, sizeof cv);
      memset(dst + 512, 0x5a, 400);
      char *d = (char *)dst + 512 + (a * 3) % 16;
      strcpy(d, str);
      hcpy = hashw(hcpy, dst + 512, 360);
      memset(dst + 512, 0x5a, 400);
      strncpy(d, str, n / 2 + 3);
      hcpy = hashw(hcpy, dst + 512, 360);
      long e = stpcpy(d, "xy") - d;
      hcpy = fnv(hcpy, &e, sizeof e);
      strcat(d, str);
      strncat(d, str, 5);
      hcat = hashw(hcat, d, strlen(d) + 1);
      char *pb = strpbrk(str, "qrs");
      long sp[4] = {(long)strspn(str, "abcdefghij"), (long)strcspn(str, "xyz"),
                    (long)strnlen(str, n / 3), pb ? pb - str : -1};
      hspn = fnv(hspn, sp, sizeof sp);
    }
  printf("strlen %016llx\nstrchr %016llx\nstrstr %016llx\n", (unsigned long long)hl,
         (unsigned long long)hc, (unsigned long long)hs);
  printf("strcmp %016llx\nstrcpy %016llx\nstrcat %016llx\nstrspn %016llx\n",
         (unsigned long long)hcmp, (unsigned long long)hcpy, (unsigned long long)hcat,
         (unsigned long long)hspn);

  /* A few readable results too. */
  char buf[64];
  strcpy(buf, "hello, world");
  printf("%s %zu %s %s %d %d\n", buf, strlen(buf), strchr(buf, 'o'), strrchr(buf, 'o'),
         sgn(strcmp("abc", "abd")), sgn(memcmp("\xff", "\x01", 1)));
  char tok[] = "a,b,,c;d";
  for (char *t = strtok(tok, ",;"); t; t = strtok(NULL, ",;")) printf("<%s>", t);
  printf("\n%s\n", strstr("the quick brown fox", "brown"));
  return 0;
}
