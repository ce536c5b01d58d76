/*
** rng.h — a seedable random generator that gives the same stream on every
** machine: xoshiro256** (Blackman & Vigna 2018) seeded through splitmix64.
** All state lives in the struct: no globals, any number of generators.
*/
#ifndef LIESYM_RNG_H
#define LIESYM_RNG_H

/* ls_Rng and its functions are part of the public API */
#include "liesym.h"

#endif
