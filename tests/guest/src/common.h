/* Helpers shared by the guest test programs: deterministic checksums and PRNG. */
#ifndef GUEST_COMMON_H
#define GUEST_COMMON_H
#include <stddef.h>
#include <stdint.h>

/* FNV-1a over a byte range, chained through `h`. */
static inline uint64_t fnv(uint64_t h, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ull;
  return h;
}
#define FNV_INIT 1469598103934665603ull

/* Cheaper hash for large buffers: whole 64-bit words, then the tail bytes. */
static inline uint64_t hashw(uint64_t h, const void *p, size_t n) {
  const unsigned char *b = p;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    __builtin_memcpy(&w, b + i, 8);
    h = (h ^ w) * 1099511628211ull;
  }
  return fnv(h, b + i, n - i);
}

/* xorshift64: the same sequence on every libc. */
static uint64_t rng_state = 88172645463325252ull;
static inline uint64_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

/* Sign of a comparison result: libcs may return any magnitude. */
static inline int sgn(long v) { return (v > 0) - (v < 0); }
#endif
