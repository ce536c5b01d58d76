/*
** orbits.h — fixed vectors of signed-permutation actions, exactly.
** When every discrete generator permutes the basis of each factor (with
** signs) and the algebra acts by zero, the fixed vectors of the tensor
** product are spanned by orbit sums: a fixed v has v[g(I)] = s v[I] along
** every generator edge, so v is constant (up to the signs) on each orbit
** of the index set and vanishes on an orbit whose signs contradict.
** Union-find with parity finds the orbits in time linear in the
** dimension; no floating-point decision is involved.
*/
#ifndef LIESYM_ORBITS_H
#define LIESYM_ORBITS_H

#include "liesym.h"

/* the largest index set the orbit solver takes (about 15 bytes each while
   solving: 4 GB at this bound) */
#define LS_MAX_ORBIT_DIM ((int64_t)1 << 28)

/* 1 when m (d x d) is a signed permutation: one entry ±1 per column, in
   distinct rows; then m e_i = sign[i] e_perm[i] (perm and sign may be
   NULL for the test alone). */
int ls_signed_perm (int d, const double *m, int *perm, signed char *sign);

typedef struct ls_Orbits {
  int64_t N;          /* the dimension */
  int64_t norb;       /* orbits that carry a fixed vector */
  int32_t *label;     /* N: the orbit of each index, -1 for none */
  signed char *sign;  /* N: the sign of each index in its orbit's vector */
  int64_t *size;      /* norb: indices in each orbit */
} ls_Orbits;

/* The orbits of the tensor product of p factors of orders d[k] under h
   generators, generator j acting on factor k by perm[j*p + k] with signs
   sign[j*p + k].  Orbits are numbered by their smallest index. */
int ls_orbits_solve (int p, const int *d, int h, const int *const *perm,
                     const signed char *const *sign, ls_Orbits *out);

void ls_orbits_free (ls_Orbits *o);

#endif
