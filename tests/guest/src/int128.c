/* 64- and 128-bit integer arithmetic: mul/div/mod, shifts, overflow builtins. */
#include <inttypes.h>
#include <stdio.h>

#include "common.h"

typedef unsigned __int128 u128;
typedef __int128 i128;

static void p128(const char *tag, u128 v) {
  printf("%s %016" PRIx64 "%016" PRIx64 "\n", tag, (uint64_t)(v >> 64), (uint64_t)v);
}

/* volatile so the compiler cannot fold the operations at build time. */
static volatile uint64_t vals[] = {0,
                                   1,
                                   2,
                                   3,
                                   7,
                                   0x7f,
                                   0x80,
                                   0xff,
                                   0x7fffffff,
                                   0x80000000,
                                   0xffffffff,
                                   0x100000000,
                                   0x123456789abcdef0,
                                   0x7fffffffffffffff,
                                   0x8000000000000000,
                                   0xfffffffffffffffe,
                                   0xffffffffffffffff};
#define NV (sizeof vals / sizeof *vals)

int main(void) {
  uint64_t h = FNV_INIT;
  for (unsigned i = 0; i < NV; i++)
    for (unsigned j = 0; j < NV; j++) {
      uint64_t a = vals[i], b = vals[j];
      int64_t sa = (int64_t)a, sb = (int64_t)b;
      uint64_t r[16] = {a + b, a - b, a * b, (uint64_t)(sa * (int64_t)(b | 1)), a & b, a | b, a ^ b,
                        a << (b & 63), a >> (b & 63), (uint64_t)(sa >> (b & 63))};
      if (b) {
        r[10] = a / b;
        r[11] = a % b;
        if (!(sa == INT64_MIN && sb == -1)) {
          r[12] = (uint64_t)(sa / sb);
          r[13] = (uint64_t)(sa % sb);
        }
      }
      u128 wide = (u128)a * b;
      i128 swide = (i128)sa * sb;
      r[14] = (uint64_t)(wide >> 64);
      r[15] = (uint64_t)((u128)swide >> 64);
      h = fnv(h, r, sizeof r);
      uint64_t o1, o2, o3;
      int64_t s1, s2, s3;
      unsigned flags = __builtin_add_overflow(a, b, &o1) | __builtin_sub_overflow(a, b, &o2) << 1 |
                       __builtin_mul_overflow(a, b, &o3) << 2 |
                       __builtin_add_overflow(sa, sb, &s1) << 3 |
                       __builtin_sub_overflow(sa, sb, &s2) << 4 |
                       __builtin_mul_overflow(sa, sb, &s3) << 5;
      uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b, o4;
      int32_t s4;
      flags |= __builtin_mul_overflow(a32, b32, &o4) << 6 |
               __builtin_mul_overflow((int32_t)a32, (int32_t)b32, &s4) << 7;
      h = fnv(h, &flags, sizeof flags);
    }
  printf("pairs64 %016" PRIx64 "\n", h);

  /* 128-bit division and modulo (libgcc __udivti3/__divti3/__umodti3/__modti3). */
  h = FNV_INIT;
  for (unsigned i = 0; i < NV; i++)
    for (unsigned j = 0; j < NV; j++)
      for (unsigned k = 1; k < NV; k += 2) {
        u128 n = (u128)vals[i] << 64 | vals[j];
        u128 d = (u128)vals[k] << (j % 3 == 0 ? 64 : 0) | vals[(i + k) % NV];
        if (!d) continue;
        u128 q = n / d, m = n % d;
        i128 sn = (i128)n, sd = (i128)d;
        i128 sq = 0, sm = 0;
        if (!(sd == -1 && sn == (i128)((u128)1 << 127))) {
          sq = sn / sd;
          sm = sn % sd;
        }
        u128 rr[4] = {q, m, (u128)sq, (u128)sm};
        h = fnv(h, rr, sizeof rr);
        if (q * d + m != n) printf("bad division %u %u %u\n", i, j, k);
      }
  printf("div128 %016" PRIx64 "\n", h);

  u128 x = 1;
  for (int i = 0; i < 127; i++) x = x * 3 + (u128)i;
  p128("pow3", x);
  p128("shl", x << 67);
  p128("shr", x >> 67);
  p128("sar", (u128)((i128)x >> 100));
  p128("mul", x * x);
  p128("div", x / 0x123456789ull);
  p128("mod", x % 0xfedcba987654321ull);
  p128("neg", -x);
  p128("clz", (u128)(__builtin_clzll((uint64_t)(x >> 64)) + __builtin_ctzll((uint64_t)x)));
  printf("popcount %d %d parity %d\n", __builtin_popcountll(vals[12]), __builtin_popcount(0xf0f0),
         __builtin_parityll(vals[12]));
  printf("bswap %016" PRIx64 " %08x\n", __builtin_bswap64(vals[12]),
         __builtin_bswap32((uint32_t)vals[12]));
  /* Factorials until 128-bit overflow. */
  u128 f = 1;
  for (unsigned i = 1; i < 40; i++) {
    u128 nf;
    if (__builtin_mul_overflow(f, (u128)i, &nf)) {
      printf("overflow at %u\n", i);
      break;
    }
    f = nf;
  }
  p128("fact", f);
  return 0;
}
