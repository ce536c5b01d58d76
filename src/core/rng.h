/*
** rng.h — a seedable random generator that gives the same stream on every
** machine: xoshiro256** (Blackman & Vigna 2018) seeded through splitmix64.
** All state lives in the struct: no globals, any number of generators.
*/
#ifndef LIESYM_RNG_H
#define LIESYM_RNG_H

#include <stdint.h>

typedef struct ls_Rng {
  uint64_t s[4];
  double spare;      /* second normal deviate of the last polar pair */
  int has_spare;
} ls_Rng;

/* Seed the generator; equal seeds give equal streams. */
void ls_rng_seed (ls_Rng *r, uint64_t seed);

/* Next raw 64-bit output. */
uint64_t ls_rng_next (ls_Rng *r);

/* Uniform double in [0, 1) with 53 random bits. */
double ls_rng_uniform (ls_Rng *r);

/* Standard normal deviate (Marsaglia's polar method: uses only log and
   sqrt, so results agree across IEEE machines). */
double ls_rng_normal (ls_Rng *r);

#endif
