/*
** sr3.h — sparse relaxed regularized regression (SR3: Zheng, Askham,
** Brunton, Kutz & Aravkin 2018; Champion et al. 2020, PySINDy's SR3):
**     min_{x, w} 1/2 |A x - b|^2 + lambda R(w) + 1/(2 nu) |x - w|^2
** by alternating x = (A^T A + I/nu)^-1 (A^T b + w/nu) and w = prox(x),
** R the l0 norm (w = x where |x| >= threshold, 0 elsewhere: lambda =
** threshold^2 / (2 nu)) or the l1 norm (soft thresholding at threshold:
** lambda = threshold / nu), so that `threshold` cuts where STLSQ's does.
** A tall A is reduced first by the QR factorisation of [A B] (stlsq.h).
*/
#ifndef LIESYM_SR3_H
#define LIESYM_SR3_H

typedef struct ls_Sr3Opts {
  double threshold, nu, tol;   /* tol: |w_k - w_(k-1)| / max(|w_k|, 1e-300) */
  int l1, maxit, unbias;       /* unbias: refit the support by least squares */
} ls_Sr3Opts;

typedef struct ls_Sr3Info {
  int iterations;    /* the largest over the columns */
  int converged;     /* every column met tol */
} ls_Sr3Info;

/* X (p x nb), the sparse w of each column of B.  LS_OK, LS_EARG,
   LS_ENOMEM, LS_ENONFINITE or a LAPACK info. */
int ls_sr3 (int n, int p, int nb, const double *a, const double *b,
            const ls_Sr3Opts *o, double *x, ls_Sr3Info *info);

#endif
