/*
** chebyshev.c — Chebyshev-filtered subspace iteration for the bottom of
** the spectrum of a PSD operator (Y. Zhou and Y. Saad, "A Chebyshev-
** Davidson algorithm for large symmetric eigenproblems", SIMAX 29(3), 2007;
** the filter is their scaled three-term recurrence).
**
** Each outer iteration applies a degree-m Chebyshev polynomial that is
** bounded by 1 on [a, ub] and grows fast below a (a = the largest Ritz
** value of the block, ub >= lambda_max), orthonormalises the block and
** does a Rayleigh-Ritz step.  Null directions are amplified the most, so
** they converge first; the block doubles while it holds nothing but null
** vectors, so the whole nullspace is found without knowing its dimension.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chebyshev.h"
#include "linalg.h"

#define FILTER_DEGREE 12
/* a null Ritz pair is converged when ||G x - theta x|| <= RES_NULL * ub */
#define RES_NULL 1e-12
/* a null direction missing from the block grows, relative to everything
   the filter damps, by |T_m(x0)| per iteration; stop only after the block
   has been amplified this much in all, so that no such direction can
   still be hiding below the rounding level */
#define AMPLIFICATION 1e16
/* when the largest Ritz value falls below this fraction of its value after
   the first filter, the block is being pulled into the nullspace */
#define STALL 1e-2


typedef struct Work {
  int n, b;
  double *x, *y, *t, *u;    /* n x b blocks */
  double *h, *v, *theta;    /* Rayleigh-Ritz: b x b, b x b, b */
  double *res;              /* b residual norms */
} Work;


static void free_work (Work *w) {
  free(w->y); free(w->t); free(w->u);
  free(w->h); free(w->v); free(w->res);
  w->y = w->t = w->u = w->h = w->v = w->res = NULL;
}


/* (re)allocate everything but x and theta for block size b */
static int alloc_work (Work *w, int b) {
  size_t nb = (size_t)w->n * b;
  free_work(w);
  w->b = b;
  w->y = (double *)malloc(nb * sizeof(double));
  w->t = (double *)malloc(nb * sizeof(double));
  w->u = (double *)malloc(nb * sizeof(double));
  w->h = (double *)malloc((size_t)b * b * sizeof(double));
  w->v = (double *)malloc((size_t)b * b * sizeof(double));
  w->res = (double *)malloc((size_t)b * sizeof(double));
  return (w->y && w->t && w->u && w->h && w->v && w->res) ? LS_OK : LS_ENOMEM;
}


/* y = p_m(G) x, damping [a, ub] (scaled recurrence; lowest point 0) */
static int filter (Work *w, ls_psd_op op, void *ctx, double a, double ub,
                   long *products, double *log_gain) {
  size_t nb = (size_t)w->n * w->b, i;
  double e = (ub - a) / 2, c = (ub + a) / 2;
  double sigma = e / (0.0 - c), sigma1 = sigma, tau = 2 / sigma1;
  double *x = w->x, *y = w->y, *t = w->t, *ynew = w->u;
  int st, deg;
  /* at 0 the polynomial is cosh(m acosh(c/e)); on [a, ub] it is <= 1 */
  *log_gain += FILTER_DEGREE * acosh(c / e);
  if ((st = op(ctx, w->b, x, t)) != LS_OK) return st;
  for (i = 0; i < nb; i++) y[i] = (t[i] - c * x[i]) * (sigma1 / e);
  for (deg = 2; deg <= FILTER_DEGREE; deg++) {
    double sigma2 = 1 / (tau - sigma), *tmp;
    if ((st = op(ctx, w->b, y, t)) != LS_OK) return st;
    for (i = 0; i < nb; i++)
      ynew[i] = (t[i] - c * y[i]) * (2 * sigma2 / e) - sigma * sigma2 * x[i];
    tmp = x; x = y; y = ynew; ynew = tmp;  /* rotate the three blocks */
    sigma = sigma2;
  }
  *products += (long)FILTER_DEGREE * w->b;
  /* the recurrence rotated the three buffers: bring the result to w->y
     (whatever w->y holds now is a stale iterate) */
  if (y != w->y) memcpy(w->y, y, nb * sizeof(double));
  return LS_OK;
}


/* orthonormalise w->y into w->x, Rayleigh-Ritz: x <- x V, theta, residuals */
static int rayleigh_ritz (Work *w, ls_psd_op op, void *ctx, double *theta,
                          long *products) {
  int n = w->n, b = w->b, i, j, st;
  double *r = w->h;  /* R of the QR is not needed after it */
  if ((st = ls_qr(n, b, w->y, w->x, r, NULL)) != LS_OK) return st;
  if ((st = op(ctx, b, w->x, w->t)) != LS_OK) return st;  /* t = G Q */
  *products += b;
  ls_gemm('T', 'N', b, b, n, 1.0, w->x, n, w->t, n, 0.0, w->h, b);
  for (j = 0; j < b; j++)  /* symmetrise against rounding */
    for (i = j + 1; i < b; i++) {
      double s = 0.5 * (LS_AT(w->h, b, i, j) + LS_AT(w->h, b, j, i));
      LS_AT(w->h, b, i, j) = LS_AT(w->h, b, j, i) = s;
    }
  if ((st = ls_eigh(b, w->h, theta, w->v)) != LS_OK) return st;
  ls_gemm('N', 'N', n, b, b, 1.0, w->x, n, w->v, b, 0.0, w->y, n);  /* X V */
  ls_gemm('N', 'N', n, b, b, 1.0, w->t, n, w->v, b, 0.0, w->u, n);  /* G X V */
  memcpy(w->x, w->y, (size_t)n * b * sizeof(double));
  for (j = 0; j < b; j++) {
    double s = 0.0;
    for (i = 0; i < n; i++) {
      double d = LS_AT(w->u, n, i, j) - theta[j] * LS_AT(w->x, n, i, j);
      s += d * d;
    }
    w->res[j] = sqrt(s);
  }
  return LS_OK;
}


/* grow the block to b2 columns: keep x, fill the rest with random normals */
static int grow (Work *w, double **theta, int b2, ls_Rng *rng) {
  int n = w->n, b = w->b;
  size_t i;
  double *x2 = (double *)realloc(w->x, (size_t)n * b2 * sizeof(double));
  double *th2;
  if (x2 == NULL) return LS_ENOMEM;
  w->x = x2;
  th2 = (double *)realloc(*theta, (size_t)b2 * sizeof(double));
  if (th2 == NULL) return LS_ENOMEM;
  *theta = th2;
  for (i = (size_t)n * b; i < (size_t)n * b2; i++) w->x[i] = ls_rng_normal(rng);
  return alloc_work(w, b2);
}


int ls_psd_null (int n, ls_psd_op op, void *ctx, double ub, double cut,
                 double limbo, int b0, int maxit, int (*stop) (void *), void *sctx,
                 ls_Rng *rng,
                 ls_IterResult *res) {
  Work w;
  double *theta = NULL, log_gain = 0.0, theta_ref = -1.0;
  int st, it, b = b0 < n ? b0 : n;
  size_t i;
  memset(res, 0, sizeof(*res));
  memset(&w, 0, sizeof(w));
  w.n = n;
  if (n == 0) return LS_OK;
  if (b < 1) b = 1;
  w.x = (double *)malloc((size_t)n * b * sizeof(double));
  theta = (double *)malloc((size_t)b * sizeof(double));
  if (w.x == NULL || theta == NULL || alloc_work(&w, b) != LS_OK) {
    st = LS_ENOMEM;
    goto done;
  }
  for (i = 0; i < (size_t)n * b; i++) w.y[i] = ls_rng_normal(rng);
  if ((st = rayleigh_ritz(&w, op, ctx, theta, &res->products)) != LS_OK)
    goto done;
  for (it = 1; it <= maxit; it++) {
    int k = 0, j, converged = 1;
    double a;
    if (stop != NULL && stop(sctx)) { st = LS_ESTOPPED; goto done; }
    while (k < w.b && theta[k] <= cut) k++;
    /* every Ritz pair near the cut must have converged, so that the
       decision is made on eigenvalues, not on an unfinished iteration */
    for (j = 0; j < w.b && theta[j] <= limbo; j++)
      if (w.res[j] > RES_NULL * ub) converged = 0;
    if (theta_ref < 0 && log_gain > 0) theta_ref = theta[w.b - 1];
    if (w.b == n) converged = 1;  /* the block is the whole space: exact */
    else if (k == w.b || (theta_ref > 0 && theta[w.b - 1] < STALL * theta_ref)) {
      /* nothing but null vectors, or the top of the block sinking towards
         0: the nullspace is at least as wide as the block, so widen it */
      int b2 = 2 * w.b < n ? 2 * w.b : n;
      if ((st = grow(&w, &theta, b2, rng)) != LS_OK) goto done;
      log_gain = 0.0;  /* the new random columns start from scratch */
      theta_ref = -1.0;
      memcpy(w.y, w.x, (size_t)n * w.b * sizeof(double));
      if ((st = rayleigh_ritz(&w, op, ctx, theta, &res->products)) != LS_OK)
        goto done;
      continue;
    }
    else if (log_gain < log(AMPLIFICATION))
      converged = 0;
    if (converged) {
      res->k = k;
      res->iterations = it - 1;
      st = LS_OK;
      goto done;
    }
    a = theta[w.b - 1];
    if (!(a > cut) || a >= ub) a = 0.5 * ub;
    if ((st = filter(&w, op, ctx, a, ub, &res->products, &log_gain)) != LS_OK)
      goto done;
    if ((st = rayleigh_ritz(&w, op, ctx, theta, &res->products)) != LS_OK)
      goto done;
  }
  st = LS_ENOCONV;
done:
  free_work(&w);
  res->x = w.x;
  res->theta = theta;
  res->b = w.b;
  return st;
}
