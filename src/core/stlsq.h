/*
** stlsq.h — sequentially thresholded least squares (Brunton, Proctor &
** Kutz 2016, the optimizer PySINDy calls STLSQ): each column b of B is
** fitted by ridge regression on A restricted to the active columns, the
** coefficients below the threshold in magnitude leave the active set, and
** this repeats until the active set no longer changes; the last fit on the
** final support is plain least squares ("unbiased") unless asked not to.
** A tall A is reduced once by a QR factorisation of [A B]: every later
** fit then costs O(p^3), not O(n p^2).
*/
#ifndef LIESYM_STLSQ_H
#define LIESYM_STLSQ_H

typedef struct ls_StlsqOpts {
  double threshold;  /* |x_i| < threshold leaves the support */
  double ridge;      /* ridge weight: min |A x - b|^2 + ridge |x|^2 */
  int maxit;         /* thresholding rounds, at most */
  int unbias;        /* refit the final support by least squares */
} ls_StlsqOpts;

typedef struct ls_StlsqInfo {
  int iterations;    /* rounds, the largest over the columns */
  int converged;     /* every column's support stopped changing */
  double residual;   /* |A X - B|_F */
} ls_StlsqInfo;

/* x (p, zero off the support) on the support S (|S| = ns, indices idx)
   minimising |R x - c|^2 + ridge |x|^2, R (r x p); minimum norm when the
   columns are dependent to rounding.  work: (r + p)(p + 2) doubles. */
int ls_lsq_support (int r, int p, const double *R, const double *c, int ns,
                    const int *idx, double ridge, double *work, double *x);

/* r (min(n, p) x (p + nb)): the first rows of the triangular factor of
   [A B] (A n x p, B n x nb), so that |A x - B_j| = |R11 x - R12_j| up to a
   constant for every x. */
int ls_stlsq_reduce (int n, int p, int nb, const double *a, const double *b,
                     double *r);

/* X (p x nb) for A (n x p) and B (n x nb), column-major.  LS_OK, LS_EARG,
   LS_ENOMEM, LS_ENONFINITE or a LAPACK info. */
int ls_stlsq (int n, int p, int nb, const double *a, const double *b,
              const ls_StlsqOpts *o, double *x, ls_StlsqInfo *info);

#endif
