/*
** chebyshev.h — the nullspace of a positive semi-definite operator known
** only through products, by Chebyshev-filtered subspace iteration
** (Zhou & Saad 2007): for representations too big for a dense Gram matrix.
*/
#ifndef LIESYM_CHEBYSHEV_H
#define LIESYM_CHEBYSHEV_H

#include "dense.h"

/* y (n x ncols) = G x; returns LS_OK or a negative status */
typedef int (*ls_psd_op) (void *ctx, int ncols, const double *x, double *y);

typedef struct ls_IterResult {
  double *x;      /* n x b orthonormal Ritz vectors, ascending Ritz values */
  double *theta;  /* b Ritz values of G */
  int b;          /* block size at the end */
  int k;          /* how many Ritz values are <= cut (the nullspace) */
  int iterations; /* outer iterations (each: one filter + Rayleigh-Ritz) */
  long products;  /* operator products, counted in vectors */
} ls_IterResult;

/* Eigenvectors of G for the eigenvalues <= cut, where ub >= lambda_max(G).
   The iteration goes on until every Ritz pair with a value <= limbo (>=
   cut) has converged, so that values near the cut are eigenvalues.  The
   block starts at b0 columns and doubles while every Ritz value is below
   the cut; res->x and res->theta are malloc'd (the caller frees them,
   also on failure).  LS_ENOCONV after maxit outer iterations. */
int ls_psd_null (int n, ls_psd_op op, void *ctx, double ub, double cut,
                 double limbo, int b0, int maxit, int (*stop) (void *), void *sctx,
                 ls_Rng *rng,
                 ls_IterResult *res);

#endif
