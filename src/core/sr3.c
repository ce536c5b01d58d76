/*
** sr3.c — SR3 on the QR-reduced system (sr3.h).  The x-step's matrix
** R^T R + I/nu is the same for every iteration and column: one Cholesky
** factorisation.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>

#include "dense.h"
#include "stlsq.h"
#include "sr3.h"


int ls_sr3 (int n, int p, int nb, const double *a, const double *b,
            const ls_Sr3Opts *o, double *x, ls_Sr3Info *info) {
  int r = n < p ? n : p, i, j, it, st = LS_OK, *idx = NULL;
  double *R = NULL, *M = NULL, *rhs0 = NULL, *xs = NULL, *w = NULL, *work = NULL;
  lapack_int lst;
  memset(info, 0, sizeof(*info));
  if (n < 0 || p < 1 || nb < 0 || o->maxit < 1 || !(o->threshold >= 0) || !(o->nu > 0) ||
      !(o->tol > 0))
    return LS_EARG;
  info->converged = 1;
  R = (double *)malloc(((size_t)r * (p + nb) + 1) * sizeof(double));
  M = (double *)malloc((size_t)p * p * sizeof(double));
  rhs0 = (double *)malloc((size_t)p * sizeof(double));
  xs = (double *)malloc((size_t)p * sizeof(double));
  w = (double *)malloc((size_t)p * sizeof(double));
  idx = (int *)malloc((size_t)p * sizeof(int));
  work = (double *)malloc(((size_t)(r + p) * (p + 2) + 1) * sizeof(double));
  if (!R || !M || !rhs0 || !xs || !w || !idx || !work) { st = LS_ENOMEM; goto done; }
  if ((st = ls_stlsq_reduce(n, p, nb, a, b, R)) != LS_OK) goto done;
  /* M = R11^T R11 + I/nu, factored once */
  ls_gemm('T', 'N', p, p, r, 1.0, R, r > 0 ? r : 1, R, r > 0 ? r : 1, 0.0, M, p);
  for (i = 0; i < p; i++) M[(size_t)i * p + i] += 1.0 / o->nu;
  lst = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', p, M, p);
  if (lst != 0) { st = lst < 0 ? LS_EARG : (int)lst; goto done; }
  for (j = 0; j < nb; j++) {
    const double *c = R + (size_t)(p + j) * r;
    double *xj = x + (size_t)j * p;
    int ns = 0, done_col = 0;
    ls_gemm('T', 'N', p, 1, r, 1.0, R, r > 0 ? r : 1, c, r > 0 ? r : 1, 0.0, rhs0, p);   /* R^T c */
    memset(w, 0, (size_t)p * sizeof(double));
    for (it = 0; it < o->maxit && !done_col; it++) {
      double dw = 0.0, nw = 0.0;
      for (i = 0; i < p; i++) xs[i] = rhs0[i] + w[i] / o->nu;
      LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', p, 1, M, p, xs, p);
      for (i = 0; i < p; i++) {   /* the prox of the regulariser */
        double v = xs[i], nv;
        if (o->l1) nv = fabs(v) > o->threshold ? v - copysign(o->threshold, v) : 0.0;
        else nv = fabs(v) >= o->threshold ? v : 0.0;
        dw += (nv - w[i]) * (nv - w[i]);
        nw += nv * nv;
        w[i] = nv;
      }
      if (it > 0 && sqrt(dw) <= o->tol * fmax(sqrt(nw), 1e-300)) done_col = 1;
      if (it + 1 > info->iterations) info->iterations = it + 1;
    }
    if (!done_col) info->converged = 0;
    memcpy(xj, w, (size_t)p * sizeof(double));
    if (o->unbias) {
      for (i = 0; i < p; i++) if (w[i] != 0.0) idx[ns++] = i;
      if ((st = ls_lsq_support(r, p, R, c, ns, idx, 0.0, work, xj)) != LS_OK) goto done;
    }
  }
done:
  free(R); free(M); free(rhs0); free(xs); free(w); free(idx); free(work);
  return st;
}
