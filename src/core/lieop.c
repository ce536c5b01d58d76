/*
** lieop.c — products with the Lie-derivative operator and its Gram
** matrix, dense or structured (lieop.h).
*/
#include <stdlib.h>
#include <string.h>
#include <cblas.h>

#include "dense.h"
#include "lieop.h"


void ls_lieop_prepare (ls_LieOp *op) {
  int i, j;
  op->upper = 0;
  if (op->bop != NULL || op->s != op->ko) return;
  for (j = 0; j < op->ko; j++)
    for (i = j + 1; i < op->s; i++)
      if (op->r[(size_t)j * op->s + i] != 0.0) return;
  op->upper = 1;
}


void ls_lieop_apply (const ls_LieOp *op, const double *theta, double *out) {
  long t;
  if (op->bop != NULL) {
    ls_gemm('N', 'N', op->s * op->q, 1, op->k, 1.0, op->bop, op->s * op->q,
            theta, op->k, 0.0, out, op->s * op->q);
    return;
  }
  if (op->upper) {  /* G straight into out, then out = R out in place */
    memset(out, 0, (size_t)op->ko * op->q * sizeof(double));
    for (t = 0; t < op->nnz; t++)
      out[op->row[t]] += op->val[t] * theta[op->col[t]];
    cblas_dtrmm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans,
                CblasNonUnit, op->s, op->q, 1.0, op->r, op->s, out, op->s);
    return;
  }
  memset(op->work, 0, (size_t)op->ko * op->q * sizeof(double));
  for (t = 0; t < op->nnz; t++)
    op->work[op->row[t]] += op->val[t] * theta[op->col[t]];
  ls_gemm('N', 'N', op->s, op->q, op->ko, 1.0, op->r, op->s, op->work, op->ko,
          0.0, out, op->s);
}


void ls_lieop_adjoint (const ls_LieOp *op, const double *y, double *out) {
  long t;
  if (op->bop != NULL) {
    ls_gemm('T', 'N', op->k, 1, op->s * op->q, 1.0, op->bop, op->s * op->q,
            y, op->s * op->q, 0.0, out, op->k);
    return;
  }
  if (op->upper) {
    memcpy(op->work, y, (size_t)op->s * op->q * sizeof(double));
    cblas_dtrmm(CblasColMajor, CblasLeft, CblasUpper, CblasTrans,
                CblasNonUnit, op->s, op->q, 1.0, op->r, op->s, op->work, op->s);
  }
  else
    ls_gemm('T', 'N', op->ko, op->q, op->s, 1.0, op->r, op->s, y, op->s, 0.0,
            op->work, op->ko);
  memset(out, 0, (size_t)op->k * sizeof(double));
  for (t = 0; t < op->nnz; t++)
    out[op->col[t]] += op->val[t] * op->work[op->row[t]];
}


/* K = sum_i D_i^T (R^T R) D_i, pairing the entries of each D_i: the cost
   is the sum of squared entry counts, never s*q*k^2 */
int ls_lieop_gram (const ls_LieOp *op, double *k) {
  int ko = op->ko, q = op->q, i;
  long t, u, *start, *next, *order;
  double *m;
  if (op->bop != NULL) {
    int rows = op->s * op->q;
    ls_gemm('T', 'N', op->k, op->k, rows, 1.0, op->bop, rows, op->bop, rows,
            0.0, k, op->k);
    return LS_OK;
  }
  start = (long *)calloc((size_t)q + 1, sizeof(long));
  next = (long *)malloc(((size_t)q + 1) * sizeof(long));
  order = (long *)malloc((size_t)(op->nnz + 1) * sizeof(long));
  m = (double *)malloc((size_t)ko * ko * sizeof(double));
  if (start == NULL || next == NULL || order == NULL || m == NULL) {
    free(start); free(next); free(order); free(m);
    return LS_ENOMEM;
  }
  ls_gemm('T', 'N', ko, ko, op->s, 1.0, op->r, op->s, op->r, op->s, 0.0, m, ko);
  /* counting sort of the entries by generator */
  for (t = 0; t < op->nnz; t++) start[op->row[t] / ko + 1]++;
  for (i = 0; i < q; i++) start[i + 1] += start[i];
  memcpy(next, start, (size_t)q * sizeof(long));
  for (t = 0; t < op->nnz; t++) order[next[op->row[t] / ko]++] = t;
  memset(k, 0, (size_t)op->k * op->k * sizeof(double));
  for (i = 0; i < q; i++)
    for (t = start[i]; t < start[i + 1]; t++) {
      long a = order[t];
      const double *mcol = m + (size_t)(op->row[a] % ko) * ko;
      double *kcol = k + (size_t)op->col[a] * op->k;
      double va = op->val[a];
      for (u = start[i]; u < start[i + 1]; u++) {
        long b = order[u];
        kcol[op->col[b]] += va * op->val[b] * mcol[op->row[b] % ko];
      }
    }
  free(start); free(next); free(order); free(m);
  return LS_OK;
}


int ls_lieop_finite (const ls_LieOp *op) {
  if (op->bop != NULL)
    return ls_allfinite(op->bop, (size_t)op->s * op->q * op->k);
  return ls_allfinite(op->r, (size_t)op->s * op->ko) &&
         ls_allfinite(op->val, (size_t)op->nnz);
}
