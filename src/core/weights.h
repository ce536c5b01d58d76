/*
** weights.h — the weight-space reduction of a fixed-space problem on a
** tensor product.  Generators that act normally on every factor and
** commute with each other (a Cartan subalgebra: rotations of so(n),
** diagonal matrices of gl(n) and sl(n)) are diagonalised together, factor
** by factor, through one generic combination H; a fixed vector of the
** tensor product is then a combination of tensor products of eigenvectors
** whose eigenvalues sum to 0 (the weight-zero space).  That space is found
** by counting tuples, without forming the product, and the remaining
** constraints are solved on it: for SO(3) on (R^3)^(x)8 the problem shrinks
** from 6561 to 1107 unknowns.
**
** In the eigenbasis the weight-zero vectors are basis tuples, and a
** Kronecker sum connects two tuples only when they differ in at most two
** places; so the Gram matrix of the continuous constraints restricted to
** the weight-zero space, and the residuals of candidate null vectors, are
** assembled from d x d blocks without touching the N-dimensional product.
**
** The reduction can only over-include: a tuple whose sum is not 0 but
** below the threshold adds a column that the remaining constraints then
** remove; a tuple is excluded only when its sum is far above rounding.
*/
#ifndef LIESYM_WEIGHTS_H
#define LIESYM_WEIGHTS_H

#include "liesym.h"

typedef struct ls_WeightData ls_WeightData;

typedef struct ls_WeightSpace {
  int64_t N;        /* the dimension of the tensor product */
  int64_t m;        /* the dimension of the weight-zero space */
  double *Y;        /* N x m, orthonormal real columns (malloc'd) */
  double excluded;  /* smallest |weight| excluded, over the threshold
                       (HUGE_VAL when nothing was excluded) */
  int ncartan;      /* how many generators were diagonalised */
  ls_WeightData *data;  /* the eigenbasis, for the functions below */
} ls_WeightSpace;

/* The weight-zero space of p factors of orders d[k] under q generators
   dr[i*p + k] (NULL for a zero factor; the pointers must stay valid while
   the space is used).  LS_EUNSUPPORTED when no generator qualifies, when
   the check would cost too much, or when the space would have more than
   max_m columns or more than half of N; LS_OK otherwise (m may be 0). */
int ls_weight_space (int p, const int *d, int q, const double *const *dr,
                     int64_t max_m, ls_WeightSpace *out);

/* M (m x m, real symmetric) = sum_i (C_i Y)^T (C_i Y) over the q algebra
   generators, C_i the Kronecker sum of the factors' dr. */
int ls_weight_gram (const ls_WeightSpace *w, double *M);

/* res[j] = sum_i ||C_i Y v_j||^2 for the k columns v_j of V (m x k). */
int ls_weight_residuals (const ls_WeightSpace *w, int k, const double *V,
                         double *res);

void ls_weight_space_free (ls_WeightSpace *w);

#endif
