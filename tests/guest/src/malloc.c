/* malloc/free/realloc/calloc churn, including blocks large enough to be mmap'd. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define SLOTS 512

static unsigned char *slot[SLOTS];
static size_t len[SLOTS];

/* Sampled positions: dense in the first page, one per page after (keeps big blocks cheap). */
static size_t next_pos(size_t k) { return k < 4096 ? k + 61 : k + 4093; }

static void stamp(unsigned i) {
  for (size_t k = 0; k < len[i]; k = next_pos(k)) slot[i][k] = (unsigned char)(i + k);
  if (len[i]) slot[i][len[i] - 1] = (unsigned char)(i + len[i] - 1);
}

static int intact(unsigned i, size_t n) {
  for (size_t k = 0; k < n; k = next_pos(k))
    if (slot[i][k] != (unsigned char)(i + k)) return 0;
  return 1;
}

int main(void) {
  unsigned long ops = 0, bad = 0, total = 0;
  for (int round = 0; round < 6000; round++) {
    unsigned i = (unsigned)(rng() % SLOTS);
    uint64_t r = rng();
    size_t n;
    switch (r % 16) {
      case 0: n = 200000 + (r >> 8) % 300000; break; /* mmap threshold territory */
      case 1: case 2: n = 4096 + (r >> 8) % 60000; break;
      default: n = (r >> 8) % 300; break;
    }
    if (slot[i] && (r >> 40) % 3 == 0) {
      /* realloc keeps the common prefix */
      size_t keep = len[i] < n ? len[i] : n;
      if (keep) keep--; /* the last byte of the old block was stamped differently */
      unsigned char *p = realloc(slot[i], n ? n : 1);
      if (!p) return 2;
      slot[i] = p;
      if (!intact(i, keep)) bad++;
      len[i] = n;
      stamp(i);
    } else {
      if (slot[i]) {
        if (!intact(i, len[i])) bad++;
        free(slot[i]);
        total += len[i];
      }
      if ((r >> 50) & 1) {
        slot[i] = calloc(n ? n : 1, 1);
        for (size_t k = 0; k < n; k = next_pos(k))
          if (slot[i][k]) bad++;
      } else {
        slot[i] = malloc(n);
      }
      if (!slot[i] && n) return 3;
      len[i] = n;
      if (slot[i]) stamp(i);
    }
    ops++;
  }
  for (unsigned i = 0; i < SLOTS; i++) {
    if (slot[i] && !intact(i, len[i])) bad++;
    free(slot[i]);
  }
  printf("ops %lu bad %lu freed %lu\n", ops, bad, total);

  /* Alignment guarantees and aligned allocation. */
  int misaligned = 0;
  for (int i = 1; i < 2000; i += 7) {
    void *p = malloc((size_t)i);
    if ((uintptr_t)p % 16) misaligned++;
    free(p);
  }
  void *a = aligned_alloc(4096, 10000), *b = NULL;
  int pm = posix_memalign(&b, 256, 1000);
  printf("misaligned %d aligned_alloc %d posix_memalign %d %d\n", misaligned,
         (int)((uintptr_t)a % 4096), pm, (int)((uintptr_t)b % 256));
  free(a);
  free(b);

  /* One huge block, written end to end, grown and shrunk. */
  size_t big = 2u << 20;
  unsigned char *p = malloc(big);
  memset(p, 0xab, big);
  uint64_t h = fnv(FNV_INIT, p + big - 4096, 4096);
  p = realloc(p, big * 2);
  memset(p + big, 0xcd, big);
  h = fnv(h, p + big - 64, 128);
  p = realloc(p, 1000);
  h = fnv(h, p, 1000);
  free(p);
  printf("big %016llx\n", (unsigned long long)h);
  return 0;
}
