/*
** fixed.h — fixed-space results (their public functions are in
** liesym.h) and the solver of one tensor-product block, which the tree
** solver in fixed.c calls once per distinct block.
*/
#ifndef LIESYM_FIXED_H
#define LIESYM_FIXED_H

#include "liesym.h"
#include "orbits.h"

/* at or below this dimension the default is the SVD of the stacked
   constraint (the most accurate); above it the weight-space reduction
   when it applies, else the Gram matrix, which is cheaper by a factor ~q */
#define LS_SVD_MAX_DIM 300
/* above this dimension the default is the matrix-free iteration: the dense
   Gram eigen-solve costs O(N^3) */
#define LS_GRAM_MAX_DIM 4096
/* the largest dimension the dense Gram solver accepts (2 GiB) */
#define LS_MAX_DENSE_DIM 16384
/* the most doubles a stacked constraint for the SVD may hold (2 GiB) */
#define LS_MAX_SVD_ENTRIES ((double)((size_t)1 << 28))
/* the iterative solver's spaces may be far larger than dense */
#define LS_MAX_ITERATIVE_DIM ((int64_t)1 << 26)
/* the weight-zero space must be at most this wide to be worth solving on */
#define LS_MAX_WEIGHT_DIM 4096

enum { LS_FIX_DENSE, LS_FIX_ORBITS, LS_FIX_SUM, LS_FIX_HOM };

typedef struct ls_FixBlock { int64_t offset, size; int type; } ls_FixBlock;

struct ls_Fixed {
  int refs, kind;
  int64_t N, k;           /* ambient dimension; dimension (dense, orbits) */
  double *Q;              /* dense: N x k */
  ls_Spectrum spec;       /* dense, orbits */
  ls_Orbits orb;          /* orbits */
  int nparts;             /* sum: the summands' results, in order */
  ls_Fixed **parts;
  int64_t *offset;
  int nr, nc, ntr, ntc;   /* hom: row and column blocks and their types */
  ls_FixBlock *rows, *cols;
  ls_Fixed **pair;        /* hom: pair[row type * ntc + column type] */
  int64_t nrows, ncols;
};

/* One tensor-product block: p factors of orders d[k]; dr[i*p + k] the
   q algebra generators (NULL for a zero matrix), rh[j*p + k] the h
   discrete ones; perm/sign (may be NULL) their signed-permutation forms
   when every rh is one. */
typedef struct ls_Factors {
  int p, q, h;
  const int *d;
  const double *const *dr;
  const double *const *rh;
  const int *const *perm;
  const signed char *const *sign;
} ls_Factors;

/* Solve one block; LS_EUNCLEAR comes with a result (see ls_fixed_space). */
int ls_fixed_block (const ls_Factors *f, const ls_FixedOpts *opts,
                    ls_Fixed **out);

#endif
