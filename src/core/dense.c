/*
** dense.c — products and norms on column-major arrays.
** Small products skip BLAS: for 3x3 operands the call and dispatch cost of
** dgemm is larger than the arithmetic.
*/
#include <math.h>
#include <cblas.h>

#include "dense.h"

/* below this many multiply-adds a plain loop beats the BLAS call */
#define SMALL_PRODUCT 4096


int ls_allfinite (const double *a, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (!isfinite(a[i])) return 0;
  return 1;
}


void ls_gemm (char ta, char tb, int m, int n, int k, double alpha,
              const double *a, int lda, const double *b, int ldb,
              double beta, double *c, int ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) {  /* BLAS leaves C alone when k = 0 and beta = 1; be explicit */
    int i, j;
    for (j = 0; j < n; j++)
      for (i = 0; i < m; i++)
        LS_AT(c, ldc, i, j) = (beta == 0.0) ? 0.0 : beta * LS_AT(c, ldc, i, j);
    return;
  }
  cblas_dgemm(CblasColMajor, ta == 'T' ? CblasTrans : CblasNoTrans,
              tb == 'T' ? CblasTrans : CblasNoTrans, m, n, k, alpha,
              a, lda, b, ldb, beta, c, ldc);
}


void ls_sgemm (char ta, char tb, int m, int n, int k, float alpha,
               const float *a, int lda, const float *b, int ldb,
               float beta, float *c, int ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    int i, j;
    for (j = 0; j < n; j++)
      for (i = 0; i < m; i++)
        c[(size_t)j * ldc + i] = (beta == 0.0f) ? 0.0f : beta * c[(size_t)j * ldc + i];
    return;
  }
  cblas_sgemm(CblasColMajor, ta == 'T' ? CblasTrans : CblasNoTrans,
              tb == 'T' ? CblasTrans : CblasNoTrans, m, n, k, alpha,
              a, lda, b, ldb, beta, c, ldc);
}


void ls_matmul (int m, int k, int n, const double *a, const double *b,
                double *c) {
  if ((double)m * k * n <= SMALL_PRODUCT) {
    int i, j, p;
    for (j = 0; j < n; j++) {
      double *cj = c + (size_t)j * m;
      for (i = 0; i < m; i++) cj[i] = 0.0;
      for (p = 0; p < k; p++) {
        double bpj = b[(size_t)j * k + p];
        const double *ap = a + (size_t)p * m;
        for (i = 0; i < m; i++) cj[i] += ap[i] * bpj;
      }
    }
  }
  else
    ls_gemm('N', 'N', m, n, k, 1.0, a, m > 0 ? m : 1, b, k > 0 ? k : 1,
            0.0, c, m > 0 ? m : 1);
}


void ls_transpose (int m, int n, const double *a, double *b) {
  int i, j;
  for (j = 0; j < n; j++)
    for (i = 0; i < m; i++)
      LS_AT(b, n, j, i) = LS_AT(a, m, i, j);
}


void ls_kron (int ma, int na, const double *a, int mb, int nb,
              const double *b, double *k) {
  int ldk = ma * mb;
  int i, j, p, q;
  for (j = 0; j < na; j++)
    for (i = 0; i < ma; i++) {
      double aij = LS_AT(a, ma, i, j);
      for (q = 0; q < nb; q++)
        for (p = 0; p < mb; p++)
          LS_AT(k, ldk, i * mb + p, j * nb + q) = aij * LS_AT(b, mb, p, q);
    }
}


double ls_dot (size_t n, const double *a, const double *b) {
  double s = 0.0;
  size_t i;
  for (i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}


double ls_norm_fro (size_t n, const double *a) {
  /* two passes: the largest magnitude, then the sum of squares scaled by
     it, so that no square overflows or underflows.  Not dnrm2: OpenBLAS's
     x86 kernel relies on x87 extended range, which is not bit-for-bit the
     same everywhere (valgrind, for one, emulates it in double). */
  double scale = 0.0, acc = 0.0;
  size_t i;
  for (i = 0; i < n; i++) {
    double v = fabs(a[i]);
    if (isnan(v)) return v;
    if (v > scale) scale = v;
  }
  if (scale == 0.0 || isinf(scale)) return scale;
  for (i = 0; i < n; i++) {
    double v = a[i] / scale;
    acc += v * v;
  }
  return scale * sqrt(acc);
}


double ls_norm_1 (int m, int n, const double *a) {
  double best = 0.0;
  int i, j;
  for (j = 0; j < n; j++) {
    double s = 0.0;
    for (i = 0; i < m; i++) s += fabs(LS_AT(a, m, i, j));
    if (s > best || isnan(s)) best = s;
  }
  return best;
}


double ls_norm_inf (int m, int n, const double *a) {
  double best = 0.0;
  int i, j;
  for (i = 0; i < m; i++) {
    double s = 0.0;
    for (j = 0; j < n; j++) s += fabs(LS_AT(a, m, i, j));
    if (s > best || isnan(s)) best = s;
  }
  return best;
}
