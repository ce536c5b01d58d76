/*
** lieop.h — the Lie-derivative operator theta -> B(theta) (s x q, one
** column per generator) in the two forms the solvers take:
**   dense:      vec(B) = bop * theta, bop (s*q x k);
**   structured: B = R * G(theta), R (s x ko) dense and G(theta) (ko x q)
**               sparse-linear in theta: vec(G)[row[t]] += val[t] *
**               theta[col[t]].  Column i of G is D_i theta, the
**               coefficients of the Lie derivative along generator i;
**               R carries the inner product (a Cholesky or QR factor).
** The structured form costs O(nnz + s ko q) per product instead of
** O(s q k), and its Gram matrix is assembled block by block from the
** sparse D_i without ever forming R D_i.
*/
#ifndef LIESYM_LIEOP_H
#define LIESYM_LIEOP_H

#include <stddef.h>

typedef struct ls_LieOp {
  int s, q, k;              /* B is s x q; theta has k entries */
  const double *bop;        /* dense form, or NULL */
  int ko;                   /* structured form: G is ko x q */
  const double *r;          /* s x ko, column-major */
  long nnz;
  const int *row, *col;     /* row in vec(G) (0 .. ko*q-1), col in theta */
  const double *val;
  double *work;             /* ko*q scratch, owned by the caller */
  int upper;                /* R square upper triangular (ls_lieop_prepare) */
} ls_LieOp;

/* Notes whether R is upper triangular (a Cholesky or QR factor is), so
   that products with it take half the work. */
void ls_lieop_prepare (ls_LieOp *op);

/* out (s*q) = vec(B(theta)) */
void ls_lieop_apply (const ls_LieOp *op, const double *theta, double *out);

/* out (k) = B^* (y), the adjoint applied to y (s*q) */
void ls_lieop_adjoint (const ls_LieOp *op, const double *y, double *out);

/* k (k x k) = B^* B, the Gram matrix of the operator */
int ls_lieop_gram (const ls_LieOp *op, double *k);

/* All finite? */
int ls_lieop_finite (const ls_LieOp *op);

#endif
