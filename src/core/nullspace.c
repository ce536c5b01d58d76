/*
** nullspace.c — bottom of the spectrum of a Gram matrix: dsytrd once,
** dsterf for all eigenvalues (O(n^2) after the reduction), MRRR (dstemr)
** for the k wanted eigenvectors of the tridiagonal matrix, with bisection
** and inverse iteration (dstebz + dstein) as the fallback, and dormtr to
** carry them back.  The cost is one reduction instead of a full eigh.
*/
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>

#include "nullspace.h"

#define LAPACK_STATUS(info) \
  ((info) == LAPACK_WORK_MEMORY_ERROR ? LS_ENOMEM : (int)(info))


int ls_gram_reduce (int n, double *g, double *d, double *e, double *tau,
                    double *w) {
  lapack_int info;
  if (n == 0) return LS_OK;
  if (!ls_allfinite(g, (size_t)n * n)) return LS_ENONFINITE;
  info = LAPACKE_dsytrd(LAPACK_COL_MAJOR, 'L', n, g, n, d, e, tau);
  if (info != 0) return LAPACK_STATUS(info);
  memcpy(w, d, (size_t)n * sizeof(double));
  {
    double *ew = (double *)malloc((size_t)(n > 1 ? n - 1 : 1) * sizeof(double));
    if (ew == NULL) return LS_ENOMEM;
    if (n > 1) memcpy(ew, e, (size_t)(n - 1) * sizeof(double));
    info = LAPACKE_dsterf(n, w, ew);
    free(ew);
  }
  return LAPACK_STATUS(info);
}


/* inverse iteration on the tridiagonal matrix: the robust fallback */
static lapack_int smallest_by_bisection (int n, const double *d,
                                         const double *e, int k, double *z) {
  lapack_int m = 0, nsplit = 0, info;
  double *w = (double *)malloc((size_t)n * sizeof(double));
  lapack_int *iblock = (lapack_int *)malloc((size_t)n * sizeof(lapack_int));
  lapack_int *isplit = (lapack_int *)malloc((size_t)n * sizeof(lapack_int));
  lapack_int *ifail = (lapack_int *)malloc((size_t)k * sizeof(lapack_int));
  if (!w || !iblock || !isplit || !ifail) {
    free(w); free(iblock); free(isplit); free(ifail);
    return LAPACK_WORK_MEMORY_ERROR;
  }
  info = LAPACKE_dstebz('I', 'B', n, 0.0, 0.0, 1, k, 0.0, d, e, &m, &nsplit,
                        w, iblock, isplit);
  if (info == 0)
    info = LAPACKE_dstein(LAPACK_COL_MAJOR, n, d, e, m, w, iblock, isplit, z,
                          n, ifail);
  free(w); free(iblock); free(isplit); free(ifail);
  return info;
}


int ls_gram_smallest (int n, const double *g, const double *d,
                      const double *e, const double *tau, int k, double *z) {
  lapack_int m = 0, info;
  lapack_logical tryrac = 1;
  double *dd, *ee, *w;
  lapack_int *isuppz;
  if (n == 0 || k == 0) return LS_OK;
  dd = (double *)malloc((size_t)n * sizeof(double));
  ee = (double *)malloc((size_t)n * sizeof(double));
  w = (double *)malloc((size_t)n * sizeof(double));
  isuppz = (lapack_int *)malloc((size_t)2 * k * sizeof(lapack_int));
  if (!dd || !ee || !w || !isuppz) {
    free(dd); free(ee); free(w); free(isuppz);
    return LS_ENOMEM;
  }
  memcpy(dd, d, (size_t)n * sizeof(double));
  memset(ee, 0, (size_t)n * sizeof(double));
  if (n > 1) memcpy(ee, e, (size_t)(n - 1) * sizeof(double));
  info = LAPACKE_dstemr(LAPACK_COL_MAJOR, 'V', 'I', n, dd, ee, 0.0, 0.0, 1, k,
                        &m, w, z, n, k, isuppz, &tryrac);
  if (info != 0 || m != k) {
    memcpy(dd, d, (size_t)n * sizeof(double));
    if (n > 1) memcpy(ee, e, (size_t)(n - 1) * sizeof(double));
    info = smallest_by_bisection(n, dd, ee, k, z);
  }
  free(dd); free(ee); free(w); free(isuppz);
  if (info != 0) return LAPACK_STATUS(info);
  /* dormtr works on g in place but restores it on exit (LAPACK's contract
     for dormql/dormqr), so no copy of the n x n reflectors is needed */
  info = LAPACKE_dormtr(LAPACK_COL_MAJOR, 'L', 'L', 'N', n, k, (double *)g, n,
                        (double *)tau, z, n);
  return LAPACK_STATUS(info);
}
