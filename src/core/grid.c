/*
** grid.c — tensor grids, their derivative matrices and the generators of
** vector fields on sampled fields (grid.h).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "deriv.h"
#include "fixed.h"
#include "grid.h"

#define PI 3.14159265358979323846


int ls_grid_check (const ls_Grid *g) {
  int a;
  double N = 1.0;
  if (g->dim < 1 || g->dim > LS_GRID_MAXDIM) return LS_EARG;
  for (a = 0; a < g->dim; a++) {
    if (g->n[a] < (g->periodic ? 1 : 2)) return LS_EARG;
    if (!(g->hi[a] > g->lo[a]) || !isfinite(g->hi[a] - g->lo[a])) return LS_EARG;
    if (!g->periodic && (g->order < 2 || g->order % 2 != 0 || g->order >= g->n[a]))
      return LS_EARG;
    N *= g->n[a];
  }
  return N > (double)INT32_MAX ? LS_ETOOBIG : LS_OK;
}


int64_t ls_grid_size (const ls_Grid *g) {
  int64_t N = 1;
  int a;
  for (a = 0; a < g->dim; a++) N *= g->n[a];
  return N;
}


/* the coordinate of point i along axis a, and its spacing */
static double step (const ls_Grid *g, int a) {
  return (g->hi[a] - g->lo[a]) / (g->periodic ? g->n[a] : g->n[a] - 1);
}

/* the index of point p along axis a, and the stride of that axis */
static int axis_index (const ls_Grid *g, int a, int64_t p) {
  return a == 0 ? (int)(p % g->n[0]) : (int)(p / g->n[0]);
}

static int64_t stride (const ls_Grid *g, int a) { return a == 0 ? 1 : g->n[0]; }


void ls_grid_points (const ls_Grid *g, double *x) {
  int64_t N = ls_grid_size(g), p;
  int a;
  for (a = 0; a < g->dim; a++) {
    double h = step(g, a);
    for (p = 0; p < N; p++) x[(size_t)a * N + p] = g->lo[a] + h * axis_index(g, a, p);
  }
}


void ls_grid_weights (const ls_Grid *g, double *w) {
  int64_t N = ls_grid_size(g), p;
  int a;
  for (p = 0; p < N; p++) {
    double v = 1.0;
    for (a = 0; a < g->dim; a++) {
      int i = axis_index(g, a, p);
      double h = step(g, a);
      v *= (!g->periodic && (i == 0 || i == g->n[a] - 1)) ? 0.5 * h : h;
    }
    w[p] = v;
  }
}


int ls_grid_derivative (const ls_Grid *g, int a, double *d) {
  int n, i, st;
  double *eye, *t, h;
  if (a < 0 || a >= g->dim || ls_grid_check(g) != LS_OK) return LS_EARG;
  n = g->n[a];
  h = step(g, a);
  eye = (double *)calloc((size_t)n * n + 1, sizeof(double));
  t = (double *)malloc(((size_t)n + 1) * sizeof(double));
  if (eye == NULL || t == NULL) { free(eye); free(t); return LS_ENOMEM; }
  for (i = 0; i < n; i++) { eye[(size_t)i * n + i] = 1.0; t[i] = g->lo[a] + h * i; }
  /* column j is the derivative of the j-th unit field */
  if (g->periodic) st = ls_deriv_spectral(n, n, h, eye, d);
  else st = ls_deriv_fd(n, n, t, eye, g->order, d);
  if (st == LS_OK && g->periodic && n % 2 == 0 && g->nyquist == LS_NYQUIST_MODE) {
    /* + c nu nu^T / n, nu = (-1)^i: the Nyquist mode's eigenvalue c */
    double c = PI * n / (g->hi[a] - g->lo[a]);
    int j;
    for (j = 0; j < n; j++)
      for (i = 0; i < n; i++) d[(size_t)j * n + i] += ((i + j) % 2 ? -c : c) / n;
  }
  free(eye);
  free(t);
  return st;
}


int ls_grid_spectrum (const ls_Grid *g, int a, double *lam) {
  int n, k;
  double L;
  if (!g->periodic || a < 0 || a >= g->dim) return LS_EARG;
  n = g->n[a];
  L = g->hi[a] - g->lo[a];
  for (k = 0; k < n; k++) {
    int kap = 2 * k < n ? k : k - n;
    lam[2 * k] = 0.0;
    lam[2 * k + 1] = 2.0 * PI * kap / L;
    if (2 * k == n) {   /* the Nyquist mode */
      lam[2 * k + 1] = 0.0;
      lam[2 * k] = g->nyquist == LS_NYQUIST_MODE ? PI * n / L : 0.0;
    }
  }
  return LS_OK;
}


int ls_grid_generator (const ls_Grid *g, const double *const *d,
                       const ls_Field *f, int c, const double *M, ls_Sm **out) {
  int64_t N = ls_grid_size(g), p, nnz = 0, cap;
  int m = g->dim, a, o, r, s, st;
  int *ri = NULL, *ci = NULL;
  double *v = NULL, *x = NULL, *vals = NULL;
  if (c < 1 || (double)c * N > (double)INT32_MAX) return LS_ETOOBIG;
  cap = (int64_t)c * N * (g->n[0] + (m > 1 ? g->n[1] : 0)) + (int64_t)c * c * N + 1;
  x = (double *)malloc(((size_t)N * m + 1) * sizeof(double));
  vals = (double *)malloc(((size_t)N * m + 1) * sizeof(double));
  ri = (int *)malloc((size_t)cap * sizeof(int));
  ci = (int *)malloc((size_t)cap * sizeof(int));
  v = (double *)malloc((size_t)cap * sizeof(double));
  st = (x && vals && ri && ci && v) ? LS_OK : LS_ENOMEM;
  if (st == LS_OK) {
    ls_grid_points(g, x);
    st = ls_field_values(m, f, (int)N, x, vals);
  }
  /* (Du v)[p] = sum_a v_a(p) sum_j D_a[i_a(p), j] u[p + (j - i_a(p)) stride_a] */
  for (a = 0; a < m && st == LS_OK; a++) {
    const double *va = vals + (size_t)a * N, *da = d[a];
    int n = g->n[a], j;
    int64_t sa = stride(g, a);
    for (p = 0; p < N; p++) {
      int i = axis_index(g, a, p);
      if (va[p] == 0.0) continue;
      for (j = 0; j < n; j++) {
        double e = da[(size_t)j * n + i];
        if (e == 0.0) continue;
        for (o = 0; o < c; o++) {
          ri[nnz] = (int)(o * N + p);
          ci[nnz] = (int)(o * N + p + (j - i) * sa);
          v[nnz++] = va[p] * e;
        }
      }
    }
  }
  if (M != NULL && st == LS_OK)   /* - M (x) I_N */
    for (s = 0; s < c; s++)
      for (r = 0; r < c; r++) {
        double e = M[(size_t)s * c + r];
        if (e == 0.0) continue;
        for (p = 0; p < N; p++) {
          ri[nnz] = (int)(r * N + p);
          ci[nnz] = (int)(s * N + p);
          v[nnz++] = -e;
        }
      }
  if (st == LS_OK) st = ls_sm_entries((int)(c * N), (int)(c * N), (long)nnz, ri, ci, v, out);
  free(x); free(vals); free(ri); free(ci); free(v);
  return st;
}


int ls_grid_shift (const ls_Grid *g, int a, int cells, int *perm) {
  int64_t N = ls_grid_size(g), p;
  int n;
  if (!g->periodic || a < 0 || a >= g->dim) return LS_EARG;
  n = g->n[a];
  cells %= n;
  if (cells < 0) cells += n;
  for (p = 0; p < N; p++) {
    int i = axis_index(g, a, p), k = (i + cells) % n;
    perm[p] = (int)(p + (int64_t)(k - i) * stride(g, a));
  }
  return LS_OK;
}


int ls_grid_convolutions (const ls_Grid *g, ls_Fixed **out) {
  int64_t N = ls_grid_size(g), NN = N * N, col, row;
  int n0 = g->n[0];
  ls_Fixed *F;
  if (!g->periodic || ls_grid_check(g) != LS_OK) return LS_EARG;
  if (NN > LS_MAX_ORBIT_DIM) return LS_ETOOBIG;
  F = (ls_Fixed *)calloc(1, sizeof(ls_Fixed));
  if (F == NULL) return LS_ENOMEM;
  F->refs = 1;
  F->kind = LS_FIX_ORBITS;
  F->N = NN;
  F->k = N;
  F->orb.N = NN;
  F->orb.norb = N;
  F->orb.label = (int32_t *)malloc((size_t)NN * sizeof(int32_t));
  F->orb.sign = (signed char *)malloc((size_t)NN);
  F->orb.size = (int64_t *)malloc((size_t)N * sizeof(int64_t));
  F->spec.values = (double *)malloc(sizeof(double));
  if (!F->orb.label || !F->orb.sign || !F->orb.size || !F->spec.values) {
    ls_fixed_release(F);
    return LS_ENOMEM;
  }
  /* entry (row, col) lies on the orbit of its difference row - col, taken
     per axis modulo the grid: the orbit whose smallest index (col = 0) is
     that difference, so orbits are numbered by it */
  for (col = 0; col < N; col++) {
    int c0 = (int)(col % n0), c1 = (int)(col / n0);
    for (row = 0; row < N; row++) {
      int d0 = (int)(row % n0) - c0, d1 = (int)(row / n0) - c1;
      if (d0 < 0) d0 += n0;
      if (d1 < 0) d1 += g->dim > 1 ? g->n[1] : 1;
      F->orb.label[col * N + row] = (int32_t)(d0 + (int64_t)n0 * d1);
    }
  }
  memset(F->orb.sign, 1, (size_t)NN);
  for (row = 0; row < N; row++) F->orb.size[row] = N;
  F->spec.nvalues = 0;
  F->spec.rank = NN - N;
  F->spec.gap = HUGE_VAL;   /* exact: no rounding can move it */
  F->spec.clear = 1;
  F->spec.method = "convolutions";
  *out = F;
  return LS_OK;
}
