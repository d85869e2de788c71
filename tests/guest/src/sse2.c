/* SSE2 intrinsics: packed integer and floating-point arithmetic, shuffles, conversions, compares. */
#include <emmintrin.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

static uint64_t h;

static void out(const char *name, __m128i v) {
  unsigned char b[16];
  _mm_storeu_si128((__m128i *)b, v);
  h = fnv(h, b, 16);
  printf("%-10s", name);
  for (int i = 15; i >= 0; i--) printf("%02x", b[i]);
  printf("\n");
}
#define OUTD(name, v) out(name, _mm_castpd_si128(v))
#define OUTS(name, v) out(name, _mm_castps_si128(v))

static __m128i ld(const void *p) { return _mm_loadu_si128((const __m128i *)p); }

int main(void) {
  /* volatile sources keep the compiler from folding everything at build time. */
  static volatile uint8_t ba[16] = {0, 1, 2, 0x7f, 0x80, 0x81, 0xfe, 0xff,
                                    0x10, 0x20, 0x40, 0xc0, 0x55, 0xaa, 0x33, 0xcc};
  static volatile uint8_t bb[16] = {0xff, 0x01, 0x80, 0x7f, 0x80, 0x7f, 0x02, 0xff,
                                    0xf0, 0xe0, 0x40, 0x40, 0xaa, 0xaa, 0x00, 0xcc};
  uint8_t ta[16], tb[16];
  for (int i = 0; i < 16; i++) ta[i] = ba[i], tb[i] = bb[i];
  __m128i a = ld(ta), b = ld(tb);
  out("add8", _mm_add_epi8(a, b));
  out("adds8", _mm_adds_epi8(a, b));
  out("addsu8", _mm_adds_epu8(a, b));
  out("sub16", _mm_sub_epi16(a, b));
  out("subs16", _mm_subs_epi16(a, b));
  out("subsu16", _mm_subs_epu16(a, b));
  out("add32", _mm_add_epi32(a, b));
  out("sub64", _mm_sub_epi64(a, b));
  out("mullo16", _mm_mullo_epi16(a, b));
  out("mulhi16", _mm_mulhi_epi16(a, b));
  out("mulhiu16", _mm_mulhi_epu16(a, b));
  out("mulu32", _mm_mul_epu32(a, b));
  out("madd16", _mm_madd_epi16(a, b));
  out("sad8", _mm_sad_epu8(a, b));
  out("avg8", _mm_avg_epu8(a, b));
  out("avg16", _mm_avg_epu16(a, b));
  out("min8", _mm_min_epu8(a, b));
  out("max16", _mm_max_epi16(a, b));
  out("and", _mm_and_si128(a, b));
  out("andnot", _mm_andnot_si128(a, b));
  out("or", _mm_or_si128(a, b));
  out("xor", _mm_xor_si128(a, b));
  out("cmpeq8", _mm_cmpeq_epi8(a, b));
  out("cmpgt8", _mm_cmpgt_epi8(a, b));
  out("cmpgt16", _mm_cmpgt_epi16(a, b));
  out("cmpgt32", _mm_cmpgt_epi32(a, b));
  out("slli16", _mm_slli_epi16(a, 3));
  out("srli32", _mm_srli_epi32(a, 5));
  out("srai16", _mm_srai_epi16(a, 9));
  out("srai32", _mm_srai_epi32(a, 31));
  out("slli64", _mm_slli_epi64(a, 63));
  out("sll16", _mm_sll_epi16(a, _mm_cvtsi32_si128(4)));
  out("sll16big", _mm_sll_epi16(a, _mm_cvtsi32_si128(16)));
  out("srl64", _mm_srl_epi64(a, _mm_cvtsi32_si128(7)));
  out("sra32", _mm_sra_epi32(a, _mm_cvtsi32_si128(40)));
  out("bslli", _mm_bslli_si128(a, 5));
  out("bsrli", _mm_bsrli_si128(a, 11));
  out("unpacklo8", _mm_unpacklo_epi8(a, b));
  out("unpackhi16", _mm_unpackhi_epi16(a, b));
  out("unpacklo32", _mm_unpacklo_epi32(a, b));
  out("unpackhi64", _mm_unpackhi_epi64(a, b));
  out("packs16", _mm_packs_epi16(a, b));
  out("packus16", _mm_packus_epi16(a, b));
  out("packs32", _mm_packs_epi32(a, b));
  out("shuf32", _mm_shuffle_epi32(a, 0x1b));
  out("shufhi", _mm_shufflehi_epi16(a, 0x93));
  out("shuflo", _mm_shufflelo_epi16(a, 0x4e));
  out("insert16", _mm_insert_epi16(a, 0xbeef, 5));
  printf("extract16 %d movemask8 %04x\n", _mm_extract_epi16(a, 6), _mm_movemask_epi8(a));
  out("movq", _mm_move_epi64(a));

  /* Doubles, including signed zeros, NaNs, infinities and denormals. */
  static volatile double dv[] = {1.5, -0.0, NAN, INFINITY, -2.25, DBL_MIN / 4, 1e308, 3.0};
  double d[8];
  for (int i = 0; i < 8; i++) d[i] = dv[i];
  for (int i = 0; i < 8; i += 2) {
    __m128d x = _mm_loadu_pd(d + i), y = _mm_loadu_pd(d + ((i + 3) & 7) / 2 * 2);
    y = _mm_shuffle_pd(y, x, 1);
    printf("-- pd pair %d\n", i);
    OUTD("addpd", _mm_add_pd(x, y));
    OUTD("subpd", _mm_sub_pd(x, y));
    OUTD("mulpd", _mm_mul_pd(x, y));
    OUTD("divpd", _mm_div_pd(x, y));
    OUTD("sqrtpd", _mm_sqrt_pd(x));
    OUTD("minpd", _mm_min_pd(x, y));
    OUTD("maxpd", _mm_max_pd(x, y));
    OUTD("minsd", _mm_min_sd(x, y));
    OUTD("cmpltpd", _mm_cmplt_pd(x, y));
    OUTD("cmpunord", _mm_cmpunord_pd(x, y));
    OUTD("cmpneq", _mm_cmpneq_pd(x, y));
    OUTD("cmpnle", _mm_cmpnle_pd(x, y));
    OUTD("andpd", _mm_and_pd(x, y));
    OUTD("unpcklpd", _mm_unpacklo_pd(x, y));
    out("cvtpd2dq", _mm_cvtpd_epi32(x));
    out("cvttpd2dq", _mm_cvttpd_epi32(x));
    OUTS("cvtpd2ps", _mm_cvtpd_ps(x));
    printf("comisd %d%d%d ucomisd %d%d movmskpd %d cvtsd2si %d cvttsd2si64 %lld\n",
           _mm_comieq_sd(x, y), _mm_comilt_sd(x, y), _mm_comige_sd(x, y), _mm_ucomieq_sd(x, y),
           _mm_ucomineq_sd(x, y), _mm_movemask_pd(x), _mm_cvtsd_si32(x),
           (long long)_mm_cvttsd_si64(x));
  }
  /* Singles. */
  static volatile float fv[] = {1.5f, -0.0f, NAN, -INFINITY, 16777217.0f, 1e-40f, 3e38f, -7.5f};
  float f[8];
  for (int i = 0; i < 8; i++) f[i] = fv[i];
  __m128 p = _mm_loadu_ps(f), q = _mm_loadu_ps(f + 4);
  OUTS("addps", _mm_add_ps(p, q));
  OUTS("mulps", _mm_mul_ps(p, q));
  OUTS("divps", _mm_div_ps(q, p));
  OUTS("sqrtps", _mm_sqrt_ps(q));
  OUTS("minps", _mm_min_ps(p, q));
  OUTS("maxps", _mm_max_ps(q, p));
  OUTS("cmpleps", _mm_cmple_ps(p, q));
  OUTS("cmpordps", _mm_cmpord_ps(p, q));
  OUTS("shufps", _mm_shuffle_ps(p, q, 0xb1));
  OUTS("unpckhps", _mm_unpackhi_ps(p, q));
  OUTS("movhlps", _mm_movehl_ps(p, q));
  OUTS("movlhps", _mm_movelh_ps(p, q));
  out("cvtps2dq", _mm_cvtps_epi32(q));
  out("cvttps2dq", _mm_cvttps_epi32(q));
  OUTD("cvtps2pd", _mm_cvtps_pd(q));
  OUTS("cvtdq2ps", _mm_cvtepi32_ps(a));
  OUTD("cvtdq2pd", _mm_cvtepi32_pd(a));
  OUTS("cvtsi2ss", _mm_cvtsi64_ss(p, -123456789123LL));
  OUTD("cvtsi2sd", _mm_cvtsi64_sd(_mm_setzero_pd(), 0x7fffffffffffffffLL));
  printf("movmskps %d cvtss2si %d\n", _mm_movemask_ps(q), _mm_cvtss_si32(q));

  /* A loop with an accumulated dependency to catch rounding drift. */
  __m128d acc = _mm_set_pd(1.0, 0.5);
  __m128i iacc = _mm_set1_epi32(0x12345678);
  for (int i = 0; i < 1000; i++) {
    __m128d k = _mm_set_pd(1.0 + i * 1e-3, 1.0 - i * 1e-3);
    acc = _mm_add_pd(_mm_mul_pd(acc, k), _mm_div_pd(k, _mm_set1_pd(3.0)));
    acc = _mm_sqrt_pd(_mm_mul_pd(acc, acc));
    iacc = _mm_add_epi32(_mm_shuffle_epi32(iacc, 0x39), _mm_mullo_epi16(iacc, _mm_set1_epi16(31)));
    iacc = _mm_xor_si128(iacc, _mm_srli_epi64(iacc, 13));
  }
  OUTD("loopd", acc);
  out("loopi", iacc);
  printf("hash %016llx\n", (unsigned long long)h);
  return 0;
}
