/* Floating-point environment: rounding modes (SSE and x87 paths) and exception flags. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>

#pragma STDC FENV_ACCESS ON

static volatile double one = 1.0, zero = 0.0, three = 3.0, big = DBL_MAX, tiny = DBL_MIN;
static volatile long double lone = 1.0L, lthree = 3.0L;
static volatile float fone = 1.0f, fthree = 3.0f;

static void flags(const char *what) {
  int f = fetestexcept(FE_ALL_EXCEPT);
  printf("%-14s %s%s%s%s%s%s\n", what, f & FE_INVALID ? " invalid" : "",
         f & FE_DIVBYZERO ? " divbyzero" : "", f & FE_OVERFLOW ? " overflow" : "",
         f & FE_UNDERFLOW ? " underflow" : "", f & FE_INEXACT ? " inexact" : "",
         f ? "" : " none");
  feclearexcept(FE_ALL_EXCEPT);
}

int main(void) {
  static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
  static const char *names[] = {"nearest", "downward", "upward", "towardzero"};
  for (int m = 0; m < 4; m++) {
    printf("set %s: %d get ok %d\n", names[m], fesetround(modes[m]), fegetround() == modes[m]);
    double d = one / three, nd = -one / three;
    float fl = fone / fthree;
    long double ld = lone / lthree, nld = -lone / lthree;
    printf(" double %a %a %.20f\n", d, nd, d);
    printf(" float %a\n", (double)fl);
    printf(" long double %La %La %.25Lf\n", ld, nld, ld);
    printf(" sqrt %a %La\n", sqrt(three), sqrtl(lthree));
    printf(" rint %g %g %g %g lrint %ld %ld nearbyint %g\n", rint(2.5), rint(-2.5), rint(3.5),
           rint(-0.5), lrint(2.5), lrint(-3.5), nearbyint(1.5));
    printf(" rintl %Lg %Lg llrintl %lld\n", rintl(2.5L), rintl(-2.5L), llrintl(-7.5L));
    printf(" conv %d %lld %a %a\n", (int)(three * 1.1), (long long)(d * 1e18),
           (double)(float)(one / three), (double)(long long)(nd * 1e17));
    printf(" big %a %La sum %a\n", big * 2 - big, (long double)big * 4, 0.1 + 0.2);
    printf(" printf %.3f %.0f %.2f %e\n", 2.0005, 0.5, -1.005, 1.0 / 3);
  }
  fesetround(FE_TONEAREST);
  feclearexcept(FE_ALL_EXCEPT);
  flags("start");
  volatile double r;
  r = one / zero;
  flags("1/0");
  r = zero / zero;
  flags("0/0");
  r = big * 2;
  flags("max*2");
  r = tiny / 3;
  flags("min/3");
  r = one / three;
  flags("1/3");
  r = sqrt(-one);
  flags("sqrt(-1)");
  r = one + one;
  flags("1+1");
  volatile float rf = (float)big;
  flags("(float)max");
  rf = fone / (float)zero;
  flags("float 1/0");
  volatile long double rl = lone / (long double)zero;
  flags("ld 1/0");
  rl = (long double)zero / (long double)zero;
  flags("ld 0/0");
  rl = lone / lthree;
  flags("ld 1/3");
  volatile int ri = (int)(big);
  flags("(int)max");
  volatile long long rll = (long long)(zero / zero);
  flags("(ll)nan");
  r = log(zero);
  flags("log(0)");
  r = exp(1000.0 * one);
  flags("exp(1000)");
  r = exp(-1000.0 * one);
  flags("exp(-1000)");
  (void)r;
  (void)rf;
  (void)rl;
  (void)ri;
  (void)rll;

  feraiseexcept(FE_OVERFLOW | FE_INEXACT);
  flags("raise ovf|inx");
  feraiseexcept(FE_INVALID);
  fexcept_t saved;
  fegetexceptflag(&saved, FE_ALL_EXCEPT);
  feclearexcept(FE_ALL_EXCEPT);
  fesetexceptflag(&saved, FE_INVALID);
  flags("restored inv");
  fenv_t env;
  fesetround(FE_UPWARD);
  feholdexcept(&env);
  r = one / zero;
  flags("held 1/0");
  fesetenv(&env);
  printf("round after fesetenv upward %d\n", fegetround() == FE_UPWARD);
  fesetenv(FE_DFL_ENV);
  printf("round after default %d\n", fegetround() == FE_TONEAREST);
  return 0;
}
