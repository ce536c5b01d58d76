/*
** linalg.c — LAPACK-backed decompositions (see linalg.h for contracts).
** Each routine copies its input because LAPACK overwrites it; the copy is
** made with malloc and freed before return, so no status path leaks.
*/
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>

#include "linalg.h"


static int lapack_status (lapack_int info) {
  if (info == LAPACK_WORK_MEMORY_ERROR || info == LAPACK_TRANSPOSE_MEMORY_ERROR)
    return LS_ENOMEM;
  if (info < 0) return LS_EARG;
  return (int)info;
}


static double *copy_of (const double *a, size_t n) {
  double *c = (double *)malloc((n ? n : 1) * sizeof(double));
  if (c != NULL && n > 0) memcpy(c, a, n * sizeof(double));
  return c;
}


double ls_default_tol (int m, int n, double smax) {
  return (double)(m > n ? m : n) * DBL_EPSILON * smax;
}


int ls_svd (int m, int n, const double *a, double *u, double *s, double *vt) {
  int k = m < n ? m : n;
  char jobz = (u != NULL) ? 'S' : 'N';
  double *w;
  lapack_int info;
  if (k == 0) return LS_OK;
  if (!ls_allfinite(a, (size_t)m * n)) return LS_ENONFINITE;
  if ((w = copy_of(a, (size_t)m * n)) == NULL) return LS_ENOMEM;
  info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, jobz, m, n, w, m, s, u, m, vt,
                        k);
  if (info > 0) {  /* dgesdd's divide and conquer can fail; dgesvd is slower
                      but more robust */
    double *superb = (double *)malloc((size_t)k * sizeof(double));
    if (superb == NULL) { free(w); return LS_ENOMEM; }
    memcpy(w, a, (size_t)m * n * sizeof(double));
    info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, jobz, jobz, m, n, w, m, s, u, m,
                          vt, k, superb);
    free(superb);
  }
  free(w);
  return lapack_status(info);
}


int ls_svd_right (int m, int n, const double *a, double *s, double *vt) {
  double *w, *u = NULL;
  lapack_int info;
  int k = m < n ? m : n;
  if (n == 0) return LS_OK;
  if (m == 0) {  /* every vector is in the nullspace */
    int i;
    memset(vt, 0, (size_t)n * n * sizeof(double));
    for (i = 0; i < n; i++) LS_AT(vt, n, i, i) = 1.0;
    return LS_OK;
  }
  if (!ls_allfinite(a, (size_t)m * n)) return LS_ENONFINITE;
  if ((w = copy_of(a, (size_t)m * n)) == NULL) return LS_ENOMEM;
  if (m >= n)  /* 'O' writes U over the copy: no m x n scratch for tall A */
    info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'O', m, n, w, m, s, NULL, m, vt,
                          n);
  else {
    if ((u = (double *)malloc((size_t)m * m * sizeof(double))) == NULL) {
      free(w);
      return LS_ENOMEM;
    }
    info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'A', m, n, w, m, s, u, m, vt, n);
  }
  if (info > 0) {
    double *superb = (double *)malloc((size_t)k * sizeof(double));
    if (superb == NULL) { free(w); free(u); return LS_ENOMEM; }
    memcpy(w, a, (size_t)m * n * sizeof(double));
    info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, 'N', 'A', m, n, w, m, s, NULL, 1,
                          vt, n, superb);
    free(superb);
  }
  free(u);
  free(w);
  return lapack_status(info);
}


int ls_eigh (int n, const double *a, double *w, double *v) {
  double *c;
  lapack_int info;
  if (n == 0) return LS_OK;
  if (!ls_allfinite(a, (size_t)n * n)) return LS_ENONFINITE;
  c = (v != NULL) ? v : (double *)malloc((size_t)n * n * sizeof(double));
  if (c == NULL) return LS_ENOMEM;
  memcpy(c, a, (size_t)n * n * sizeof(double));
  info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, v != NULL ? 'V' : 'N', 'L', n, c, n,
                        w);
  if (v == NULL) free(c);
  return lapack_status(info);
}


int ls_eig (int n, const double *a, double *wr, double *wi, double *vr) {
  double *c;
  lapack_int info;
  if (n == 0) return LS_OK;
  if (!ls_allfinite(a, (size_t)n * n)) return LS_ENONFINITE;
  if ((c = copy_of(a, (size_t)n * n)) == NULL) return LS_ENOMEM;
  info = LAPACKE_dgeev(LAPACK_COL_MAJOR, 'N', vr != NULL ? 'V' : 'N', n, c, n,
                       wr, wi, NULL, 1, vr, n);
  free(c);
  return lapack_status(info);
}


int ls_qr (int m, int n, const double *a, double *q, double *r, int *jpvt) {
  int k = m < n ? m : n;
  int i, j;
  double *c, *tau;
  lapack_int info;
  if (k == 0) {
    if (jpvt != NULL) for (j = 0; j < n; j++) jpvt[j] = j + 1;
    return LS_OK;
  }
  if (!ls_allfinite(a, (size_t)m * n)) return LS_ENONFINITE;
  c = copy_of(a, (size_t)m * n);
  tau = (double *)malloc((size_t)k * sizeof(double));
  if (c == NULL || tau == NULL) { free(c); free(tau); return LS_ENOMEM; }
  if (jpvt != NULL) {
    lapack_int *p = (lapack_int *)calloc((size_t)n, sizeof(lapack_int));
    if (p == NULL) { free(c); free(tau); return LS_ENOMEM; }
    info = LAPACKE_dgeqp3(LAPACK_COL_MAJOR, m, n, c, m, p, tau);
    for (j = 0; j < n; j++) jpvt[j] = (int)p[j];
    free(p);
  }
  else
    info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, m, n, c, m, tau);
  if (info == 0) {
    for (j = 0; j < n; j++)
      for (i = 0; i < k; i++)
        LS_AT(r, k, i, j) = (i <= j) ? LS_AT(c, m, i, j) : 0.0;
    memcpy(q, c, (size_t)m * k * sizeof(double));
    info = LAPACKE_dorgqr(LAPACK_COL_MAJOR, m, k, k, q, m, tau);
  }
  free(c);
  free(tau);
  return lapack_status(info);
}


int ls_chol (int n, const double *a, double *l) {
  int i, j;
  lapack_int info;
  if (n == 0) return LS_OK;
  if (!ls_allfinite(a, (size_t)n * n)) return LS_ENONFINITE;
  memcpy(l, a, (size_t)n * n * sizeof(double));
  info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', n, l, n);
  for (j = 1; j < n; j++)
    for (i = 0; i < j; i++) LS_AT(l, n, i, j) = 0.0;
  return lapack_status(info);
}


int ls_solve (int n, int nrhs, const double *a, const double *b, double *x) {
  double *c;
  lapack_int *piv, info;
  if (n == 0 || nrhs == 0) return LS_OK;
  if (!ls_allfinite(a, (size_t)n * n) || !ls_allfinite(b, (size_t)n * nrhs))
    return LS_ENONFINITE;
  c = copy_of(a, (size_t)n * n);
  piv = (lapack_int *)malloc((size_t)n * sizeof(lapack_int));
  if (c == NULL || piv == NULL) { free(c); free(piv); return LS_ENOMEM; }
  memcpy(x, b, (size_t)n * nrhs * sizeof(double));
  info = LAPACKE_dgesv(LAPACK_COL_MAJOR, n, nrhs, c, n, piv, x, n);
  free(c);
  free(piv);
  return lapack_status(info);
}


int ls_lstsq (int m, int n, int nrhs, const double *a, const double *b,
              double rcond, double *x, int *rank, double *s) {
  int k = m < n ? m : n;
  int ldb = m > n ? m : n;
  int i, j;
  double *c, *bb, *sv;
  lapack_int rk = 0, info;
  if (rank != NULL) *rank = 0;
  if (n == 0 || nrhs == 0) return LS_OK;
  if (m == 0 || k == 0) {  /* no equations: the minimum-norm solution is 0 */
    memset(x, 0, (size_t)n * nrhs * sizeof(double));
    return LS_OK;
  }
  if (!ls_allfinite(a, (size_t)m * n) || !ls_allfinite(b, (size_t)m * nrhs))
    return LS_ENONFINITE;
  c = copy_of(a, (size_t)m * n);
  bb = (double *)calloc((size_t)ldb * nrhs, sizeof(double));
  sv = (s != NULL) ? s : (double *)malloc((size_t)k * sizeof(double));
  if (c == NULL || bb == NULL || sv == NULL) {
    free(c); free(bb); if (sv != s) free(sv);
    return LS_ENOMEM;
  }
  for (j = 0; j < nrhs; j++)
    for (i = 0; i < m; i++) LS_AT(bb, ldb, i, j) = LS_AT(b, m, i, j);
  info = LAPACKE_dgelsd(LAPACK_COL_MAJOR, m, n, nrhs, c, m, bb, ldb, sv,
                        rcond, &rk);
  if (info == 0)
    for (j = 0; j < nrhs; j++)
      for (i = 0; i < n; i++) LS_AT(x, n, i, j) = LS_AT(bb, ldb, i, j);
  if (rank != NULL) *rank = (int)rk;
  free(c);
  free(bb);
  if (sv != s) free(sv);
  return lapack_status(info);
}


int ls_inv (int n, const double *a, double *ainv) {
  lapack_int *piv, info;
  if (n == 0) return LS_OK;
  if (!ls_allfinite(a, (size_t)n * n)) return LS_ENONFINITE;
  if ((piv = (lapack_int *)malloc((size_t)n * sizeof(lapack_int))) == NULL)
    return LS_ENOMEM;
  memcpy(ainv, a, (size_t)n * n * sizeof(double));
  info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, n, n, ainv, n, piv);
  if (info == 0)
    info = LAPACKE_dgetri(LAPACK_COL_MAJOR, n, ainv, n, piv);
  free(piv);
  return lapack_status(info);
}


int ls_det (int n, const double *a, double *det) {
  double *c, d = 1.0;
  lapack_int *piv, info;
  int i;
  *det = 1.0;
  if (n == 0) return LS_OK;
  if (!ls_allfinite(a, (size_t)n * n)) return LS_ENONFINITE;
  c = copy_of(a, (size_t)n * n);
  piv = (lapack_int *)malloc((size_t)n * sizeof(lapack_int));
  if (c == NULL || piv == NULL) { free(c); free(piv); return LS_ENOMEM; }
  info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, n, n, c, n, piv);
  if (info > 0) d = 0.0;  /* exactly singular U: the determinant is zero */
  else if (info == 0)
    for (i = 0; i < n; i++) {
      d *= LS_AT(c, n, i, i);
      if (piv[i] != i + 1) d = -d;
    }
  *det = d;
  free(c);
  free(piv);
  return info > 0 ? LS_OK : lapack_status(info);
}


int ls_rcond (int n, const double *a, double *rcond) {
  double *c, anorm;
  lapack_int *piv, info;
  *rcond = 1.0;
  if (n == 0) return LS_OK;
  if (!ls_allfinite(a, (size_t)n * n)) return LS_ENONFINITE;
  c = copy_of(a, (size_t)n * n);
  piv = (lapack_int *)malloc((size_t)n * sizeof(lapack_int));
  if (c == NULL || piv == NULL) { free(c); free(piv); return LS_ENOMEM; }
  anorm = ls_norm_1(n, n, a);
  info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, n, n, c, n, piv);
  if (info > 0 || anorm == 0.0) *rcond = 0.0;
  else if (info == 0) info = LAPACKE_dgecon(LAPACK_COL_MAJOR, '1', n, c, n, anorm, rcond);
  free(c);
  free(piv);
  return info > 0 ? LS_OK : lapack_status(info);
}
