/*
** deriv.c — finite-difference and Savitzky–Golay derivatives (deriv.h).
** Both are a weighted sum of the samples on a stencil around each time;
** the weights depend only on the times, so on a uniform grid they are
** computed once for the interior and once per end position, and reused
** for every column.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <fftw3.h>

#include "dense.h"
#include "linalg.h"
#include "deriv.h"


int ls_fd_weights (double x0, int n, const double *x, double *w) {
  /* Fornberg's recursion for the first derivative over growing stencils
     x[0..i]: c0 the interpolation weights, w the derivative's */
  double c1 = 1.0, c4 = x[0] - x0, *c0;
  int i, j;
  if (n < 1) return LS_EARG;
  c0 = (double *)calloc((size_t)n, sizeof(double));
  if (c0 == NULL) return LS_ENOMEM;
  memset(w, 0, (size_t)n * sizeof(double));
  c0[0] = 1.0;
  for (i = 1; i < n; i++) {
    double c2 = 1.0, c5 = c4;
    c4 = x[i] - x0;
    for (j = 0; j < i; j++) {
      double c3 = x[i] - x[j];
      c2 *= c3;
      if (j == i - 1) {
        w[i] = c1 * (c0[i - 1] - c5 * w[i - 1]) / c2;
        c0[i] = -c1 * c5 * c0[i - 1] / c2;
      }
      w[j] = (c4 * w[j] - c0[j]) / c3;
      c0[j] = c4 * c0[j] / c3;
    }
    c1 = c2;
  }
  free(c0);
  return LS_OK;
}


/* the first point of the stencil of len points for time i */
static int stencil_start (int nt, int i, int len) {
  int lo = i - len / 2;
  if (lo < 0) lo = 0;
  if (lo + len > nt) lo = nt - len;
  return lo;
}


/* whether the times are equally spaced (to rounding) */
static int uniform (int nt, const double *t) {
  double h = (t[nt - 1] - t[0]) / (nt - 1);
  int i;
  for (i = 1; i < nt; i++)
    if (fabs(t[i] - t[i - 1] - h) > 1e-10 * fabs(h)) return 0;
  return 1;
}


/* dx = the stencil's weights times x, for every column; weights(i, lo)
   gives them for time i.  On a uniform grid they depend only on the
   position i - lo of the time in its stencil: computed once per position */
typedef int (*Weights) (void *ctx, int i, int lo, double *w);

static int apply_stencils (int nt, int m, const double *t, const double *x,
                           int len, Weights weights, void *ctx, double *dx) {
  double *w = (double *)malloc((size_t)len * len * sizeof(double));
  char *have = (char *)calloc((size_t)len, 1);
  int uni = uniform(nt, t), i, j, p, st = LS_OK;
  if (w == NULL || have == NULL) { free(w); free(have); return LS_ENOMEM; }
  for (i = 0; i < nt; i++) {
    int lo = stencil_start(nt, i, len), pos = i - lo;
    double *wi = w + (uni ? (size_t)pos * len : 0);
    if (!uni || !have[pos]) {
      if ((st = weights(ctx, i, lo, wi)) != LS_OK) break;
      have[pos] = 1;
    }
    for (j = 0; j < m; j++) {
      const double *xj = x + (size_t)j * nt + lo;
      double acc = 0.0;
      for (p = 0; p < len; p++) acc += wi[p] * xj[p];
      dx[(size_t)j * nt + i] = acc;
    }
  }
  free(w);
  free(have);
  return st;
}


typedef struct Stencil {
  const double *t;
  int len, degree;
} Stencil;


static int fd_at (void *ctx, int i, int lo, double *w) {
  Stencil *s = (Stencil *)ctx;
  return ls_fd_weights(s->t[i], s->len, s->t + lo, w);
}


int ls_deriv_fd (int nt, int m, const double *t, const double *x, int order,
                 double *dx) {
  Stencil s;
  if (order < 2 || order % 2 != 0 || order >= nt || m < 0) return LS_EARG;
  s.t = t; s.len = order + 1; s.degree = order;
  return apply_stencils(nt, m, t, x, order + 1, fd_at, &s, dx);
}


/* Savitzky–Golay weights: the derivative at t[i] of the least-squares
   polynomial on the window, w = row 2 of V^+ with V the Vandermonde
   matrix in (t - t[i]) / h, h the window's half width */
static int sg_at (void *ctx, int i, int lo, double *w) {
  Stencil *s = (Stencil *)ctx;
  int n = s->len, k = s->degree + 1, r, c, st;
  double h = 0.5 * (s->t[lo + n - 1] - s->t[lo]);
  double *V = (double *)malloc((size_t)n * (k + n + (size_t)k * n) * sizeof(double));
  double *I, *P;
  if (V == NULL) return LS_ENOMEM;
  I = V + (size_t)n * k;
  P = I + (size_t)n * n;
  for (r = 0; r < n; r++) {
    double u = (s->t[lo + r] - s->t[i]) / h, pw = 1.0;
    for (c = 0; c < k; c++) { V[(size_t)c * n + r] = pw; pw *= u; }
  }
  memset(I, 0, (size_t)n * n * sizeof(double));
  for (r = 0; r < n; r++) I[(size_t)r * n + r] = 1.0;
  st = ls_lstsq(n, k, n, V, I, -1.0, P, NULL, NULL);
  if (st == LS_OK)
    for (r = 0; r < n; r++) w[r] = P[(size_t)r * k + 1] / h;
  free(V);
  return st;
}


int ls_deriv_savgol (int nt, int m, const double *t, const double *x,
                     int window, int degree, double *dx) {
  Stencil s;
  if (window % 2 != 1 || degree < 1 || degree >= window || window > nt || m < 0)
    return LS_EARG;
  s.t = t; s.len = window; s.degree = degree;
  return apply_stencils(nt, m, t, x, window, sg_at, &s, dx);
}


int ls_deriv_spectral (int nt, int m, double h, const double *x, double *dx) {
  int nf = nt / 2 + 1, j, c;
  double *buf;
  fftw_complex *spec;
  fftw_plan fwd, inv;
  double w0 = 2.0 * 3.14159265358979323846 / (nt * h);
  if (nt < 1 || m < 0 || !(h > 0)) return LS_EARG;
  buf = (double *)fftw_malloc((size_t)nt * sizeof(double));
  spec = (fftw_complex *)fftw_malloc((size_t)nf * sizeof(fftw_complex));
  if (buf == NULL || spec == NULL) { fftw_free(buf); fftw_free(spec); return LS_ENOMEM; }
  /* FFTW_ESTIMATE: no timing runs, the same plan on every machine */
  fwd = fftw_plan_dft_r2c_1d(nt, buf, spec, FFTW_ESTIMATE);
  inv = fftw_plan_dft_c2r_1d(nt, spec, buf, FFTW_ESTIMATE);
  if (fwd == NULL || inv == NULL) {
    if (fwd) fftw_destroy_plan(fwd);
    if (inv) fftw_destroy_plan(inv);
    fftw_free(buf); fftw_free(spec);
    return LS_ENOMEM;
  }
  for (c = 0; c < m; c++) {
    memcpy(buf, x + (size_t)c * nt, (size_t)nt * sizeof(double));
    fftw_execute(fwd);
    for (j = 0; j < nf; j++) {   /* times i k_j / nt; the Nyquist mode has no derivative */
      double k = w0 * j / nt, re = spec[j][0], im = spec[j][1];
      if (nt % 2 == 0 && j == nt / 2) k = 0.0;
      spec[j][0] = -k * im;
      spec[j][1] = k * re;
    }
    fftw_execute(inv);
    memcpy(dx + (size_t)c * nt, buf, (size_t)nt * sizeof(double));
  }
  fftw_destroy_plan(fwd);
  fftw_destroy_plan(inv);
  fftw_free(buf);
  fftw_free(spec);
  return LS_OK;
}
