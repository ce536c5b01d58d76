/*
** weakform.c — test-function integrals of the weak form (weakform.h).
*/
#include <math.h>
#include <stdlib.h>

#include "dense.h"
#include "weakform.h"


/* the first sample of support k of K, spread evenly over nt - w + 1 starts */
static int support_start (int nt, int K, int w, int k) {
  return K == 1 ? (nt - w) / 2 : (int)floor((double)k * (nt - w) / (K - 1) + 0.5);
}


int ls_weak_project (int nt, const double *t, int K, int w, int p, int deriv,
                     int ncols, const double *a, double *out) {
  int k, n, c;
  double *q;
  if (w < 2 || w > nt || K < 1 || K > nt - w + 1 || p < 1 || ncols < 0) return LS_EARG;
  q = (double *)malloc((size_t)w * sizeof(double));
  if (q == NULL) return LS_ENOMEM;
  for (k = 0; k < K; k++) {
    int s = support_start(nt, K, w, k), e = s + w - 1;
    double lo = t[s], hi = t[e], h = 0.5 * (hi - lo);
    /* the trapezoidal weights times phi (or phi'), which vanish at the
       ends; phi scaled to a unit integral */
    double mass = 0.0;
    q[0] = q[w - 1] = 0.0;
    for (n = s + 1; n < e; n++) {
      double u = (t[n] - lo) * (hi - t[n]) / (h * h), dt = 0.5 * (t[n + 1] - t[n - 1]);
      double v = deriv ? p * pow(u, p - 1) * (lo + hi - 2 * t[n]) / (h * h) : pow(u, p);
      q[n - s] = dt * v;
      mass += dt * pow(u, p);
    }
    for (n = 1; n < w - 1; n++) q[n] /= mass;
    for (c = 0; c < ncols; c++) {
      const double *ac = a + (size_t)c * nt + s;
      double acc = 0.0;
      for (n = 1; n < w - 1; n++) acc += q[n] * ac[n];
      out[(size_t)c * K + k] = acc;
    }
  }
  free(q);
  return LS_OK;
}
