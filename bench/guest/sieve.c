/* CPU-bound integer workload: sieve of Eratosthenes plus a checksum of the primes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 2000000;
  int rounds = argc > 2 ? atoi(argv[2]) : 3;
  unsigned char *composite = malloc(n + 1);
  unsigned long long sum = 0;
  int count = 0;
  for (int r = 0; r < rounds; r++) {
    memset(composite, 0, n + 1);
    count = 0;
    sum = 0;
    for (int i = 2; i <= n; i++) {
      if (composite[i]) continue;
      count++;
      sum = sum * 31 + (unsigned)i;
      for (long j = (long)i * i; j <= n; j += i) composite[j] = 1;
    }
  }
  printf("primes up to %d: %d, checksum %llu\n", n, count, sum);
  free(composite);
  return 0;
}
