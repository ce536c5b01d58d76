/*
** rng.c — xoshiro256** and its splitmix64 seeding.
*/
#include <math.h>

#include "rng.h"


static uint64_t rotl (uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}


static uint64_t splitmix64 (uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}


void ls_rng_seed (ls_Rng *r, uint64_t seed) {
  int i;
  for (i = 0; i < 4; i++) r->s[i] = splitmix64(&seed);
  r->spare = 0.0;
  r->has_spare = 0;
}


uint64_t ls_rng_next (ls_Rng *r) {
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}


double ls_rng_uniform (ls_Rng *r) {
  return (double)(ls_rng_next(r) >> 11) * 0x1.0p-53;
}


double ls_rng_normal (ls_Rng *r) {
  double u, v, q, f;
  if (r->has_spare) {
    r->has_spare = 0;
    return r->spare;
  }
  do {
    u = 2.0 * ls_rng_uniform(r) - 1.0;
    v = 2.0 * ls_rng_uniform(r) - 1.0;
    q = u * u + v * v;
  } while (q >= 1.0 || q == 0.0);
  f = sqrt(-2.0 * log(q) / q);
  r->spare = v * f;
  r->has_spare = 1;
  return u * f;
}


int64_t ls_rng_integer (ls_Rng *r, int64_t lo, int64_t hi) {
  uint64_t span = (uint64_t)hi - (uint64_t)lo + 1, x, limit;
  if (hi < lo) return lo;
  if (span == 0) return (int64_t)ls_rng_next(r);  /* the full 2^64 range */
  limit = UINT64_MAX - UINT64_MAX % span;  /* no modulo bias */
  do x = ls_rng_next(r); while (x >= limit);
  return (int64_t)((uint64_t)lo + x % span);
}


void ls_rng_permutation (ls_Rng *r, int n, int *p) {
  int i;
  for (i = 0; i < n; i++) p[i] = i;
  for (i = n - 1; i > 0; i--) {   /* Fisher-Yates, from the top */
    int j = (int)ls_rng_integer(r, 0, i), t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
}
