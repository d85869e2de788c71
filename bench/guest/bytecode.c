/* Branchy workload: a stack-machine bytecode interpreter (switch dispatch) running a
 * program that counts primes by trial division and sums a Collatz-style sequence. */
#include <stdio.h>
#include <stdlib.h>

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, DIV, LT, JZ, JMP, DUP, POP, INC, HALT };

static long run(const int *code, long *vars) {
  long stack[64];
  int sp = 0, pc = 0;
  for (;;) {
    int op = code[pc++];
    switch (op) {
      case PUSH: stack[sp++] = code[pc++]; break;
      case LOAD: stack[sp++] = vars[code[pc++]]; break;
      case STORE: vars[code[pc++]] = stack[--sp]; break;
      case ADD: sp--, stack[sp - 1] += stack[sp]; break;
      case SUB: sp--, stack[sp - 1] -= stack[sp]; break;
      case MUL: sp--, stack[sp - 1] *= stack[sp]; break;
      case MOD: sp--, stack[sp - 1] %= stack[sp]; break;
      case DIV: sp--, stack[sp - 1] /= stack[sp]; break;
      case LT: sp--, stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case JZ: pc = stack[--sp] ? pc + 1 : code[pc]; break;
      case JMP: pc = code[pc]; break;
      case DUP: stack[sp] = stack[sp - 1], sp++; break;
      case POP: sp--; break;
      case INC: vars[code[pc++]]++; break;
      case HALT: return stack[sp - 1];
    }
  }
}

int main(int argc, char **argv) {
  long limit = argc > 1 ? atol(argv[1]) : 20000;
  /* vars: 0 n, 1 d, 2 count, 3 limit, 4 isprime */
  int prog[] = {
      PUSH, 2, STORE, 0,                                       /* 0: n = 2 */
      LOAD, 0, LOAD, 3, LT, JZ, 58,                            /* 4: while n < limit */
      PUSH, 1, STORE, 4, PUSH, 2, STORE, 1,                    /* 11: isprime = 1; d = 2 */
      LOAD, 1, LOAD, 1, MUL, LOAD, 0, PUSH, 1, ADD, LT, JZ, 47, /* 19: while d * d < n + 1 */
      LOAD, 0, LOAD, 1, MOD, JZ, 43,                           /* 32: n % d == 0: not prime */
      INC, 1, JMP, 19,                                         /* 39: d++ */
      PUSH, 0, STORE, 4,                                       /* 43: isprime = 0 */
      LOAD, 4, LOAD, 2, ADD, STORE, 2,                         /* 47: count += isprime */
      INC, 0, JMP, 4,                                          /* 54: n++ */
      LOAD, 2, HALT,                                           /* 58: return count */
  };
  long vars[8] = {0, 0, 0, limit, 0};
  long primes = run(prog, vars);
  printf("primes below %ld: %ld\n", limit, primes);
  return 0;
}
