/*
** dense.h — dense column-major matrices of doubles: shape-checked
** elementwise operations, products and norms on raw arrays.
** Pure C99: no Lua headers.  Callers own every buffer; functions that
** need scratch memory allocate it themselves and free it before returning.
*/
#ifndef LIESYM_DENSE_H
#define LIESYM_DENSE_H

#include <stddef.h>

/* the status codes shared by the whole core (LS_OK, LS_E*; positive values
   are LAPACK infos) */
#include "liesym.h"

/* Element (i,j) (0-based) of a column-major array with leading dimension ld. */
#define LS_AT(a, ld, i, j)  ((a)[(size_t)(j) * (size_t)(ld) + (size_t)(i)])

/* 1 if all n entries are finite, else 0. */
int ls_allfinite (const double *a, size_t n);

/* C (m x n) = A (m x k) * B (k x n); C must not alias A or B. */
void ls_matmul (int m, int k, int n, const double *a, const double *b,
                double *c);

/* C = op(A) * op(B) with BLAS transposition flags ('N' or 'T'), general form:
   C = alpha*op(A)*op(B) + beta*C.  Dimensions are those of op(A) (m x k)
   and op(B) (k x n). */
void ls_gemm (char ta, char tb, int m, int n, int k, double alpha,
              const double *a, int lda, const double *b, int ldb,
              double beta, double *c, int ldc);

/* ls_gemm in single precision, for products that only need its accuracy. */
void ls_sgemm (char ta, char tb, int m, int n, int k, float alpha,
               const float *a, int lda, const float *b, int ldb,
               float beta, float *c, int ldc);

/* B (n x m) = A^T for A (m x n). */
void ls_transpose (int m, int n, const double *a, double *b);

/* K (ma*mb x na*nb) = A (ma x na) kron B (mb x nb). */
void ls_kron (int ma, int na, const double *a, int mb, int nb,
              const double *b, double *k);

/* Frobenius inner product sum a_i b_i over n entries. */
double ls_dot (size_t n, const double *a, const double *b);

/* Frobenius norm, scaled to avoid overflow (BLAS dnrm2). */
double ls_norm_fro (size_t n, const double *a);

/* Induced 1-norm (max column sum) and inf-norm (max row sum). */
double ls_norm_1 (int m, int n, const double *a);
double ls_norm_inf (int m, int n, const double *a);

#endif
