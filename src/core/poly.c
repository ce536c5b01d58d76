/*
** poly.c — the monomial basis: enumeration, ranking, evaluation and the
** exact coefficient matrices of the operations the Lie derivative needs
** (derivative along a polynomial field, product, linear substitution).
*/
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "poly.h"


/* C(n, r) as a double (exact below 2^53) */
static double binom (int n, int r) {
  double b = 1.0;
  int i;
  if (r < 0 || n < 0 || r > n) return 0.0;
  if (r > n - r) r = n - r;
  for (i = 1; i <= r; i++) b = b * (n - r + i) / i;
  return b;
}


long ls_poly_count (int m, int d) {
  double c;
  if (m < 0 || d < 0) return (d < 0) ? 0 : -1;
  c = binom(m + d, d);
  return (c > 2147483647.0) ? -1 : (long)(c + 0.5);
}


static void compositions (int m, int pos, int rem, int *alpha, int **out) {
  int e;
  if (pos == m - 1) {
    alpha[pos] = rem;
    memcpy(*out, alpha, (size_t)m * sizeof(int));
    *out += m;
    return;
  }
  for (e = rem; e >= 0; e--) {
    alpha[pos] = e;
    compositions(m, pos + 1, rem - e, alpha, out);
  }
}


void ls_poly_exponents (int m, int d, int *exps) {
  int t, alpha[LS_POLY_MAXVARS];
  int *out = exps;
  if (m == 0) return;  /* the only monomial is 1: no exponents to write */
  for (t = 0; t <= d; t++) compositions(m, 0, t, alpha, &out);
}


long ls_poly_rank (int m, const int *alpha) {
  int t = 0, rem, pos;
  double r;
  for (pos = 0; pos < m; pos++) t += alpha[pos];
  r = (t > 0) ? binom(m + t - 1, t - 1) : 0.0;  /* monomials of degree < t */
  rem = t;
  for (pos = 0; pos < m - 1 && rem > 0; pos++) {
    /* the monomials before alpha with a bigger exponent here, summed by
       the hockey-stick identity: sum_{e > alpha_pos} C(rem - e + R, R) =
       C(rem - alpha_pos + R, R + 1), R = m - pos - 2 */
    if (rem > alpha[pos]) r += binom(rem - alpha[pos] + m - pos - 2, m - pos - 1);
    rem -= alpha[pos];
  }
  return (long)(r + 0.5);
}


static double monomial (int m, const int *alpha, const double *x, int npts,
                        int p) {
  double v = 1.0;
  int j, e;
  for (j = 0; j < m; j++) {
    double xj = x[(size_t)j * npts + p];
    for (e = 0; e < alpha[j]; e++) v *= xj;
  }
  return v;
}


/* the index of monomial i's parent, alpha - e_j for the last variable j
   of alpha, when the list holds it before i (the graded basis always
   does); -1 otherwise.  monomial() multiplies the variables in order, so
   the parent's column times x_j is the same product, to the last bit */
static long parent_of (int m, int k, const int *exps, int i, int *j) {
  int alpha[LS_POLY_MAXVARS], t;
  long r;
  const int *a = exps + (size_t)i * m;
  for (t = m - 1; t >= 0 && a[t] == 0; t--) ;
  if (t < 0) return -1;
  memcpy(alpha, a, (size_t)m * sizeof(int));
  alpha[t]--;
  r = ls_poly_rank(m, alpha);
  if (r < 0 || r >= i || r >= k || memcmp(exps + (size_t)r * m, alpha, (size_t)m * sizeof(int)) != 0)
    return -1;
  *j = t;
  return r;
}


void ls_poly_eval (int m, int k, const int *exps, int npts, const double *x,
                   double *out) {
  int p, i, j = 0;
  for (i = 0; i < k; i++) {
    long r = parent_of(m, k, exps, i, &j);
    double *oi = out + (size_t)i * npts;
    if (r >= 0) {   /* one product per point */
      const double *or = out + (size_t)r * npts, *xj = x + (size_t)j * npts;
      for (p = 0; p < npts; p++) oi[p] = or[p] * xj[p];
    }
    else
      for (p = 0; p < npts; p++) oi[p] = monomial(m, exps + (size_t)i * m, x, npts, p);
  }
}


void ls_poly_jacobian (int m, int k, const int *exps, int npts,
                       const double *x, double *out) {
  size_t rows = (size_t)npts * k;
  int p, i, j, alpha[LS_POLY_MAXVARS];
  for (p = 0; p < npts; p++)
    for (i = 0; i < k; i++) {
      const int *a = exps + (size_t)i * m;
      for (j = 0; j < m; j++) {
        double v = 0.0;
        if (a[j] > 0) {
          memcpy(alpha, a, (size_t)m * sizeof(int));
          alpha[j]--;
          v = a[j] * monomial(m, alpha, x, npts, p);
        }
        out[(size_t)j * rows + (size_t)p * k + i] = v;
      }
    }
}


int ls_poly_field_matrix (int m, int din, int dv, const double *vcoef,
                          int dout, double *e) {
  /* E^T = I E^T: apply the action to the identity's rows, then transpose */
  long kin = ls_poly_count(m, din), kout = ls_poly_count(m, dout), i;
  double *eye = (double *)calloc((size_t)(kin * kin + 1), sizeof(double));
  double *et = (double *)malloc((size_t)(kin * kout + 1) * sizeof(double));
  int st = LS_ENOMEM;
  if (eye != NULL && et != NULL) {
    for (i = 0; i < kin; i++) eye[i * kin + i] = 1.0;
    st = ls_poly_field_apply(m, din, dv, vcoef, dout, (int)kin, eye, et);
    if (st == LS_OK) ls_transpose((int)kin, (int)kout, et, e);
  }
  free(eye);
  free(et);
  return st;
}


/* Calls emit(ctx, row, col, c) for every term c x^gamma (row = rank of
   gamma in P_dout) of DF.v with F = x^alpha (col = rank of alpha in
   P_din); a (row, col) pair may come more than once. */
typedef void (*emit_term) (void *ctx, long row, long col, double c);

/* the same with the exponents of P_din and P_dv given (ein, ev) */
static int field_terms_e (int m, int din, const int *ein, int dv, const int *ev,
                          const double *vcoef, int dout, emit_term emit,
                          void *ctx) {
  long kin = ls_poly_count(m, din), kv = ls_poly_count(m, dv);
  long kout = ls_poly_count(m, dout);
  int gamma[LS_POLY_MAXVARS];
  long a, b;
  int i, j;
  /* over the field's nonzero coefficients c x^beta e_i, then the
     monomials x^alpha that x_i divides: a field with few terms costs
     what its terms cost */
  for (b = 0; b < kv; b++)
    for (i = 0; i < m; i++) {
      double c = vcoef[(size_t)b * m + i];
      const int *beta = ev + b * m;
      if (c == 0.0) continue;
      for (a = 0; a < kin; a++) {
        const int *alpha = ein + a * m;
        long row;
        if (alpha[i] == 0) continue;
        for (j = 0; j < m; j++) gamma[j] = alpha[j] + beta[j];
        gamma[i]--;
        row = ls_poly_rank(m, gamma);
        if (row >= kout) continue;
        emit(ctx, row, a, c * alpha[i]);
      }
    }
  return LS_OK;
}


static int field_terms (int m, int din, int dv, const double *vcoef,
                        int dout, emit_term emit, void *ctx) {
  long kin = ls_poly_count(m, din), kv = ls_poly_count(m, dv);
  int *ein = (int *)malloc((size_t)(kin * m + 1) * sizeof(int));
  int *ev = (int *)malloc((size_t)(kv * m + 1) * sizeof(int));
  int st;
  if (ein == NULL || ev == NULL) { free(ein); free(ev); return LS_ENOMEM; }
  ls_poly_exponents(m, din, ein);
  ls_poly_exponents(m, dv, ev);
  st = field_terms_e(m, din, ein, dv, ev, vcoef, dout, emit, ctx);
  free(ein);
  free(ev);
  return st;
}


typedef struct ApplyCtx { int n; const double *w; double *out; } ApplyCtx;

static void apply_term (void *ctx, long row, long col, double c) {
  ApplyCtx *a = (ApplyCtx *)ctx;
  int o;
  for (o = 0; o < a->n; o++)
    a->out[(size_t)row * a->n + o] += c * a->w[(size_t)col * a->n + o];
}

int ls_poly_field_apply (int m, int din, int dv, const double *vcoef,
                         int dout, int n, const double *w, double *out) {
  ApplyCtx ctx;
  ctx.n = n;
  ctx.w = w;
  ctx.out = out;
  memset(out, 0, (size_t)n * ls_poly_count(m, dout) * sizeof(double));
  return field_terms(m, din, dv, vcoef, dout, apply_term, &ctx);
}


typedef struct EntryCtx { long nnz; int *rows, *cols; double *vals; } EntryCtx;

static void entry_term (void *ctx, long row, long col, double c) {
  EntryCtx *e = (EntryCtx *)ctx;
  if (e->rows != NULL) {
    e->rows[e->nnz] = (int)row;
    e->cols[e->nnz] = (int)col;
    e->vals[e->nnz] = c;
  }
  e->nnz++;
}

long ls_poly_field_bound (int m, int din, int dv, const double *vcoef) {
  long kv = ls_poly_count(m, dv), nz = 0, b;
  int i;
  for (b = 0; b < kv; b++)
    for (i = 0; i < m; i++) nz += vcoef[(size_t)b * m + i] != 0.0;
  return nz * ls_poly_count(m, din);
}


int ls_poly_field_entries_e (int m, int din, const int *ein, int dv,
                             const int *ev, const double *vcoef, int dout,
                             int *rows, int *cols, double *vals, long *nnz) {
  EntryCtx ctx;
  int st;
  ctx.nnz = 0;
  ctx.rows = rows;
  ctx.cols = cols;
  ctx.vals = vals;
  st = field_terms_e(m, din, ein, dv, ev, vcoef, dout, entry_term, &ctx);
  *nnz = ctx.nnz;
  return st;
}


int ls_poly_field_entries (int m, int din, int dv, const double *vcoef,
                           int dout, int *rows, int *cols, double *vals,
                           long *nnz) {
  long kin = ls_poly_count(m, din), kv = ls_poly_count(m, dv);
  int *ein = (int *)malloc((size_t)(kin * m + 1) * sizeof(int));
  int *ev = (int *)malloc((size_t)(kv * m + 1) * sizeof(int));
  int st = LS_ENOMEM;
  if (ein != NULL && ev != NULL) {
    ls_poly_exponents(m, din, ein);
    ls_poly_exponents(m, dv, ev);
    st = ls_poly_field_entries_e(m, din, ein, dv, ev, vcoef, dout, rows, cols, vals, nnz);
  }
  free(ein);
  free(ev);
  return st;
}


int ls_poly_mul_matrix (int m, int din, int dg, const double *g, int dout,
                         double *e) {
  long kin = ls_poly_count(m, din), kg = ls_poly_count(m, dg);
  long kout = ls_poly_count(m, dout);
  int *ein = (int *)malloc((size_t)(kin * m + 1) * sizeof(int));
  int *eg = (int *)malloc((size_t)(kg * m + 1) * sizeof(int));
  int gamma[LS_POLY_MAXVARS];
  long a, b;
  int j;
  memset(e, 0, (size_t)kout * kin * sizeof(double));
  if (ein == NULL || eg == NULL) { free(ein); free(eg); return LS_ENOMEM; }
  ls_poly_exponents(m, din, ein);
  ls_poly_exponents(m, dg, eg);
  for (a = 0; a < kin; a++)
    for (b = 0; b < kg; b++) {
      long row;
      if (g[b] == 0.0) continue;
      for (j = 0; j < m; j++) gamma[j] = ein[a * m + j] + eg[b * m + j];
      row = ls_poly_rank(m, gamma);
      if (row < kout) e[(size_t)a * kout + row] += g[b];
    }
  free(ein);
  free(eg);
  return LS_OK;
}


int ls_poly_linear_substitution (int m, int d, const double *r, double *t) {
  long k = ls_poly_count(m, d), a, c;
  int *ex = (int *)malloc((size_t)(k * m + 1) * sizeof(int));
  double *cur = (double *)malloc((size_t)k * sizeof(double));
  double *nxt = (double *)malloc((size_t)k * sizeof(double));
  int gamma[LS_POLY_MAXVARS], i, j, rep;
  if (ex == NULL || cur == NULL || nxt == NULL) {
    free(ex); free(cur); free(nxt);
    return LS_ENOMEM;
  }
  ls_poly_exponents(m, d, ex);
  for (a = 0; a < k; a++) {  /* column a: prod_i (sum_j R_ij x_j)^alpha_i */
    memset(cur, 0, (size_t)k * sizeof(double));
    cur[0] = 1.0;
    for (i = 0; i < m; i++)
      for (rep = 0; rep < ex[a * m + i]; rep++) {
        memset(nxt, 0, (size_t)k * sizeof(double));
        for (c = 0; c < k; c++) {
          if (cur[c] == 0.0) continue;
          for (j = 0; j < m; j++) {
            double rij = r[(size_t)j * m + i];
            long row;
            if (rij == 0.0) continue;
            memcpy(gamma, ex + c * m, (size_t)m * sizeof(int));
            gamma[j]++;
            row = ls_poly_rank(m, gamma);
            if (row < k) nxt[row] += cur[c] * rij;
          }
        }
        memcpy(cur, nxt, (size_t)k * sizeof(double));
      }
    memcpy(t + (size_t)a * k, cur, (size_t)k * sizeof(double));
  }
  free(ex); free(cur); free(nxt);
  return LS_OK;
}


int ls_poly_box_gram (int m, int d, double *g) {
  long k = ls_poly_count(m, d), a, b;
  int *ex = (int *)malloc((size_t)(k * m + 1) * sizeof(int));
  uint64_t *par = (uint64_t *)malloc((size_t)(k + 1) * sizeof(uint64_t));
  int j;
  if (ex == NULL || par == NULL) { free(ex); free(par); return LS_ENOMEM; }
  ls_poly_exponents(m, d, ex);
  /* E[x^alpha x^beta] vanishes unless alpha + beta is even in every
     variable: monomials of different parity never meet (the masks tell
     apart up to 64 variables exactly, beyond that they only filter) */
  for (a = 0; a < k; a++) {
    par[a] = 0;
    for (j = 0; j < m; j++)
      if (ex[a * m + j] % 2) par[a] ^= (uint64_t)1 << (j % 64);
  }
  for (b = 0; b < k; b++)
    for (a = 0; a <= b; a++) {
      double v = 0.0;
      if (par[a] == par[b]) {
        v = 1.0;
        for (j = 0; j < m && v != 0.0; j++) {
          int e = ex[a * m + j] + ex[b * m + j];
          v = (e % 2) ? 0.0 : v / (e + 1);  /* E[x^e] on [-1,1] */
        }
      }
      g[(size_t)b * k + a] = g[(size_t)a * k + b] = v;
    }
  free(ex);
  free(par);
  return LS_OK;
}


void ls_fourier_indices (int m, int K, int *idx) {
  long k = 1, i;
  int j, base = 2 * K + 1;
  for (j = 0; j < m; j++) k *= base;
  for (i = 0; i < k; i++) {  /* i in base 2K+1, last coordinate fastest */
    long r = i;
    for (j = m - 1; j >= 0; j--) {
      idx[i * m + j] = (int)(r % base);
      r /= base;
    }
  }
}


/* factor f at t, or its derivative */
static double trig (int f, double t, int deriv) {
  int j = (f + 1) / 2;
  if (f == 0) return deriv ? 0.0 : 1.0;
  if (f % 2 == 1) return deriv ? -j * sin(j * t) : cos(j * t);
  return deriv ? j * cos(j * t) : sin(j * t);
}


void ls_fourier_eval (int m, int k, const int *idx, int npts, const double *x,
                      double *out) {
  int p, i, j;
  for (i = 0; i < k; i++)
    for (p = 0; p < npts; p++) {
      double v = 1.0;
      for (j = 0; j < m; j++) v *= trig(idx[(size_t)i * m + j], x[(size_t)j * npts + p], 0);
      out[(size_t)i * npts + p] = v;
    }
}


void ls_fourier_jacobian (int m, int k, const int *idx, int npts,
                          const double *x, double *out) {
  size_t rows = (size_t)npts * k;
  int p, i, j, l;
  for (p = 0; p < npts; p++)
    for (i = 0; i < k; i++)
      for (l = 0; l < m; l++) {  /* d/dx_l: differentiate factor l only */
        double v = 1.0;
        for (j = 0; j < m; j++)
          v *= trig(idx[(size_t)i * m + j], x[(size_t)j * npts + p], j == l);
        out[(size_t)l * rows + (size_t)p * k + i] = v;
      }
}


int ls_poly_divergence_matrix (int m, int d, double *e) {
  long k = ls_poly_count(m, d), kd = d > 0 ? ls_poly_count(m, d - 1) : 0, j;
  int *exps, i, alpha[LS_POLY_MAXVARS];
  if (k < 0 || m > LS_POLY_MAXVARS) return LS_ETOOBIG;
  memset(e, 0, (size_t)kd * (size_t)m * (size_t)k * sizeof(double));
  if (d == 0) return LS_OK;
  exps = (int *)malloc((size_t)k * m * sizeof(int));
  if (exps == NULL) return LS_ENOMEM;
  ls_poly_exponents(m, d, exps);
  for (j = 0; j < k; j++)   /* d/dx_i of x^a e_i: a_i x^(a - e_i) */
    for (i = 0; i < m; i++) {
      const int *a = exps + (size_t)j * m;
      long r;
      if (a[i] == 0) continue;
      memcpy(alpha, a, (size_t)m * sizeof(int));
      alpha[i]--;
      r = ls_poly_rank(m, alpha);
      e[((size_t)j * m + i) * (size_t)kd + (size_t)r] = a[i];
    }
  free(exps);
  return LS_OK;
}


int ls_poly_embed (int m, int M, int off, int d, int r, const double *a, double *b) {
  long k = ls_poly_count(m, d), K = ls_poly_count(M, d), j;
  int *ex, *E, i;
  if (m < 1 || off < 0 || off + m > M || d < 0 || r < 0 || k < 0 || K < 0) return LS_EARG;
  ex = (int *)malloc(((size_t)k * m + 1) * sizeof(int));
  E = (int *)calloc((size_t)M + 1, sizeof(int));
  if (ex == NULL || E == NULL) { free(ex); free(E); return LS_ENOMEM; }
  ls_poly_exponents(m, d, ex);
  memset(b, 0, (size_t)r * K * sizeof(double));
  for (j = 0; j < k; j++) {
    long J;
    memcpy(E + off, ex + (size_t)j * m, (size_t)m * sizeof(int));
    J = ls_poly_rank(M, E);
    for (i = 0; i < r; i++) b[(size_t)J * r + i] = a[(size_t)j * r + i];
  }
  free(ex);
  free(E);
  return LS_OK;
}
