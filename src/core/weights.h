/*
** weights.h — the weight-space reduction of a fixed-space problem on a
** tensor product.  Generators that act normally on every factor and
** commute with each other (a Cartan subalgebra: rotations of so(n),
** diagonal matrices of gl(n) and sl(n)) are diagonalised together, factor
** by factor, through one generic combination H; a fixed vector of the
** tensor product is then a combination of tensor products of eigenvectors
** whose eigenvalues sum to 0 (the weight-zero space).  That space is
** found by counting tuples, without forming the product, and the
** remaining constraints are solved on it: for SO(3) on (R^3)^(x)8 the
** problem shrinks from 6561 to 1107 unknowns.
**
** The reduction can only over-include: a tuple whose sum is not 0 but
** below the threshold adds a column that the remaining constraints then
** remove; a tuple is excluded only when its sum is far above rounding.
*/
#ifndef LIESYM_WEIGHTS_H
#define LIESYM_WEIGHTS_H

#include "liesym.h"

typedef struct ls_WeightSpace {
  int64_t N;        /* the dimension of the tensor product */
  int64_t m;        /* the dimension of the weight-zero space */
  double *Y;        /* N x m, orthonormal columns (malloc'd) */
  double excluded;  /* smallest |weight| excluded, over the threshold
                       (HUGE_VAL when nothing was excluded) */
  int ncartan;      /* how many generators were diagonalised */
} ls_WeightSpace;

/* The weight-zero space of p factors of orders d[k] under q generators
   dr[i*p + k].  LS_EUNSUPPORTED when no generator qualifies, when the
   check would cost too much, or when the space would have more than
   max_m columns or more than half of N; LS_OK otherwise (m may be 0). */
int ls_weight_space (int p, const int *d, int q, const double *const *dr,
                     int64_t max_m, ls_WeightSpace *out);

void ls_weight_space_free (ls_WeightSpace *w);

#endif
