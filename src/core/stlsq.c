/*
** stlsq.c — sequentially thresholded least squares (stlsq.h).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>

#include "dense.h"
#include "linalg.h"
#include "stlsq.h"

/* below this reciprocal condition number a support's fit is rank
   deficient to rounding: minimum norm, not QR */
#define RCOND_MIN 1e-12


/* the least-squares problem of [R_S; sqrt(ridge) I] against [c; 0] */
int ls_lsq_support (int r, int p, const double *R, const double *c, int ns,
                    const int *idx, double ridge, double *work, double *x) {
  int rows = r + (ridge > 0 ? ns : 0), i, j, st;
  double *M = work, *rhs = work + (size_t)rows * ns, *sol = rhs + rows;   /* sol: rows */
  for (j = 0; j < ns; j++) {
    double *col = M + (size_t)j * rows;
    memcpy(col, R + (size_t)idx[j] * r, (size_t)r * sizeof(double));
    if (ridge > 0) {
      for (i = 0; i < ns; i++) col[r + i] = 0.0;
      col[r + j] = sqrt(ridge);
    }
  }
  memcpy(rhs, c, (size_t)r * sizeof(double));
  for (i = r; i < rows; i++) rhs[i] = 0.0;
  memset(x, 0, (size_t)p * sizeof(double));
  if (ns == 0) return LS_OK;
  /* Householder QR (dgels) when the columns are clearly independent
     (the ridge rows make them so); the minimum-norm solution by the SVD
     when the triangular factor's condition number says they are not */
  memcpy(sol, rhs, (size_t)rows * sizeof(double));
  st = rows >= ns ? (int)LAPACKE_dgels(LAPACK_COL_MAJOR, 'N', rows, ns, 1, M, rows, sol, rows) : 1;
  if (st == 0) {
    double rc = 0.0;
    if (LAPACKE_dtrcon(LAPACK_COL_MAJOR, '1', 'U', 'N', ns, M, rows, &rc) != 0 || !(rc > RCOND_MIN))
      st = 1;
  }
  if (st != 0) {
    for (j = 0; j < ns; j++) {   /* M was overwritten: rebuild it */
      double *col = M + (size_t)j * rows;
      memcpy(col, R + (size_t)idx[j] * r, (size_t)r * sizeof(double));
      for (i = r; i < rows; i++) col[i] = (ridge > 0 && i - r == j) ? sqrt(ridge) : 0.0;
    }
    st = ls_lstsq(rows, ns, 1, M, rhs, -1.0, sol, NULL, NULL);
    if (st != LS_OK) return st;
  }
  for (j = 0; j < ns; j++) x[idx[j]] = sol[j];
  return LS_OK;
}


/* one column: the thresholding rounds on R (r x p) against c */
static int one_column (int r, int p, const double *R, const double *c,
                       const ls_StlsqOpts *o, int *idx, double *work, double *x,
                       int *rounds, int *stable) {
  int ns = p, it, j, st;
  for (j = 0; j < p; j++) idx[j] = j;
  *stable = 0;
  for (it = 0; it < o->maxit; it++) {
    int kept = 0;
    if ((st = ls_lsq_support(r, p, R, c, ns, idx, o->ridge, work, x)) != LS_OK) return st;
    for (j = 0; j < ns; j++)
      if (fabs(x[idx[j]]) >= o->threshold) idx[kept++] = idx[j];
      else x[idx[j]] = 0.0;
    *rounds = it + 1;
    if (kept == ns) { *stable = 1; break; }
    ns = kept;
  }
  if (!*stable) {   /* the last round's support, refitted */
    if ((st = ls_lsq_support(r, p, R, c, ns, idx, o->ridge, work, x)) != LS_OK) return st;
  }
  if (o->unbias && o->ridge > 0)
    return ls_lsq_support(r, p, R, c, ns, idx, 0.0, work, x);
  return LS_OK;
}


int ls_stlsq_reduce (int n, int p, int nb, const double *a, const double *b,
                     double *r) {
  int kk = n < p + nb ? n : p + nb, rr = n < p ? n : p, i, j;
  double *ab, *tau;
  lapack_int qr;
  if (n < 0 || p < 1 || nb < 0) return LS_EARG;
  if (!ls_allfinite(a, (size_t)n * p) || !ls_allfinite(b, (size_t)n * nb))
    return LS_ENONFINITE;
  ab = (double *)malloc(((size_t)n * (p + nb) + 1) * sizeof(double));
  tau = (double *)malloc(((size_t)kk + 1) * sizeof(double));
  if (ab == NULL || tau == NULL) { free(ab); free(tau); return LS_ENOMEM; }
  memcpy(ab, a, (size_t)n * p * sizeof(double));
  memcpy(ab + (size_t)n * p, b, (size_t)n * nb * sizeof(double));
  qr = n > 0 ? LAPACKE_dgeqrf(LAPACK_COL_MAJOR, n, p + nb, ab, n, tau) : 0;
  if (qr == 0)
    for (j = 0; j < p + nb; j++)
      for (i = 0; i < rr; i++) r[(size_t)j * rr + i] = (i <= j) ? ab[(size_t)j * n + i] : 0.0;
  free(ab);
  free(tau);
  return qr == 0 ? LS_OK : qr < 0 ? LS_EARG : (int)qr;
}


int ls_stlsq (int n, int p, int nb, const double *a, const double *b,
              const ls_StlsqOpts *o, double *x, ls_StlsqInfo *info) {
  int r = n < p ? n : p, j, st = LS_OK, *idx = NULL;
  double *R = NULL, *work = NULL, res = 0.0;
  memset(info, 0, sizeof(*info));
  if (n < 0 || p < 1 || nb < 0 || o->maxit < 1 || !(o->threshold >= 0) || !(o->ridge >= 0))
    return LS_EARG;
  info->converged = 1;
  /* [R11 R12] of the QR factorisation of [A B]: the residual of any x
     against column j is |R11 x - R12_j| plus a constant */
  R = (double *)malloc(((size_t)r * (p + nb) + 1) * sizeof(double));
  idx = (int *)malloc((size_t)p * sizeof(int));
  work = (double *)malloc(((size_t)(n + 2 * p) * (p + 3) + 1) * sizeof(double));
  if (!R || !idx || !work) { st = LS_ENOMEM; goto done; }
  if ((st = ls_stlsq_reduce(n, p, nb, a, b, R)) != LS_OK) goto done;
  for (j = 0; j < nb; j++) {
    int rounds = 0, stable = 0;
    st = one_column(r, p, R, R + (size_t)(p + j) * r, o, idx, work, x + (size_t)j * p,
                    &rounds, &stable);
    if (st != LS_OK) goto done;
    if (rounds > info->iterations) info->iterations = rounds;
    if (!stable) info->converged = 0;
  }
  /* the residual on the original data */
  for (j = 0; j < nb; j++) {
    int i;
    double *fit = work;
    ls_gemm('N', 'N', n, 1, p, 1.0, a, n > 0 ? n : 1, x + (size_t)j * p, p, 0.0, fit, n > 0 ? n : 1);
    for (i = 0; i < n; i++) {
      double d = fit[i] - b[(size_t)j * n + i];
      res += d * d;
    }
  }
  info->residual = sqrt(res);
done:
  free(R); free(idx); free(work);
  return st;
}
