/* libm: float, double and long double functions printed bit-exactly with %a. */
#include <math.h>
#include <stdio.h>

static const double xs[] = {0.0, -0.0, 1e-310, 1e-20, 0.001, 0.1, 0.5, 0.75, 1.0, 1.25, 2.0,
                            M_PI / 4, M_PI / 2, M_PI, 3.0, 10.0, 22.5, 100.0, 710.0, 1e10,
                            1e300, -0.3, -1.0, -2.5, -7.75, -100.0, INFINITY, -INFINITY, NAN};
#define NX (sizeof xs / sizeof *xs)

#define D1(fn)                                                              \
  do {                                                                      \
    printf("%-7s", #fn);                                                    \
    for (unsigned i = 0; i < NX; i++) printf(" %a", fn(xs[i]));             \
    printf("\n%-7s", #fn "f");                                              \
    for (unsigned i = 0; i < NX; i++) printf(" %a", (double)fn##f((float)xs[i])); \
    printf("\n%-7s", #fn "l");                                              \
    for (unsigned i = 0; i < NX; i++) printf(" %La", fn##l((long double)xs[i]));  \
    printf("\n");                                                           \
  } while (0)

#define D2(fn)                                                                       \
  do {                                                                               \
    printf("%-7s", #fn);                                                             \
    for (unsigned i = 0; i < NX; i += 2)                                             \
      for (unsigned j = 1; j < NX; j += 3) printf(" %a", fn(xs[i], xs[j]));          \
    printf("\n%-7s", #fn "f");                                                       \
    for (unsigned i = 0; i < NX; i += 2)                                             \
      for (unsigned j = 1; j < NX; j += 3)                                           \
        printf(" %a", (double)fn##f((float)xs[i], (float)xs[j]));                    \
    printf("\n%-7s", #fn "l");                                                       \
    for (unsigned i = 0; i < NX; i += 2)                                             \
      for (unsigned j = 1; j < NX; j += 3)                                           \
        printf(" %La", fn##l((long double)xs[i], (long double)xs[j]));               \
    printf("\n");                                                                    \
  } while (0)

int main(void) {
  D1(sin);
  D1(cos);
  D1(tan);
  D1(asin);
  D1(acos);
  D1(atan);
  D1(sinh);
  D1(cosh);
  D1(tanh);
  D1(exp);
  D1(exp2);
  D1(expm1);
  D1(log);
  D1(log2);
  D1(log10);
  D1(log1p);
  D1(sqrt);
  D1(cbrt);
  D1(erf);
  D1(erfc);
  D1(lgamma);
  D1(tgamma);
  D1(floor);
  D1(ceil);
  D1(round);
  D1(trunc);
  D1(rint);
  D1(fabs);
  D2(pow);
  D2(atan2);
  D2(fmod);
  D2(hypot);
  D2(remainder);
  D2(fmin);
  D2(fmax);
  D2(copysign);
  D2(nextafter);
  /* A dense sweep where last-bit differences would show. */
  double acc = 0;
  long double lacc = 0;
  for (int i = -2000; i <= 2000; i++) {
    double x = i * 0.0137;
    acc += sin(x) * cos(x * 0.7) + exp(x * 0.01) + log1p(fabs(x)) + atan(x) + cbrt(x);
    lacc += sinl(x) + expl(x * 0.01L) + logl(1 + fabsl(x)) + atanl(x) + powl(1.001L, x);
  }
  printf("sweep %a %La\n", acc, lacc);
  int e;
  double m = frexp(1234.5, &e);
  printf("frexp %a %d ldexp %a modf ", m, e, ldexp(0.75, -1074));
  double ip, fp = modf(-3.75, &ip);
  printf("%a %a ilogb %d lrint %ld llround %lld\n", fp, ip, ilogb(1e-310), lrint(2.5),
         llround(-2.5));
  printf("fma %a %a\n", fma(0x1p52 + 1, 0x1p52 - 1, -0x1p104), (double)fmaf(3.0f, 1.0f / 3, -1));
  return 0;
}
