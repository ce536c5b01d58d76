/*
** fixed_block.c — the fixed space of one tensor-product block: the
** vectors v with C_i v = 0 (C_i the Kronecker sum of the factors' dρ(e_i))
** and P_j v = v (P_j the Kronecker product of their ρ(h_j)).
**
** Methods, and the order the automatic choice tries them in:
**   orbits   signed-permutation actions with no algebra: exact (orbits.c)
**   svd      the stacked constraint, up to dimension 300: the most accurate
**   weights  the weight-zero space of a Cartan subalgebra (weights.c),
**            then the Gram matrix of the constraint restricted to it
**   gram     sum C_i^T C_i + sum (P_j - I)^T (P_j - I), assembled from its
**            Kronecker terms; one tridiagonal reduction gives the spectrum
**   iterative  the same operator matrix-free, by Chebyshev-filtered
**            subspace iteration (chebyshev.c), for big spaces
** Every decision goes through ls_rank_decide.  When the default threshold
** gives a cut without a clear gap, the block is solved again by a more
** accurate method that fits in memory (iterative -> gram -> svd, weights
** -> its restricted SVD -> svd); a decision that stays unclear is
** returned as LS_EUNCLEAR with its spectrum, never as a confident answer.
*/
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>

#include "chebyshev.h"
#include "dense.h"
#include "fixed.h"
#include "kron.h"
#include "linalg.h"
#include "nullspace.h"
#include "rank.h"
#include "weights.h"

#define EPS DBL_EPSILON
/* the iterative solver's fallback to the dense Gram matrix stops here */
#define ESCALATE_GRAM_DIM 8192


/* the constraint without its zero generators and identity elements */
typedef struct Block {
  int p;
  const int *d;
  int64_t N;
  int q, h;               /* effective counts */
  const double **dr;      /* q * p, NULL for a zero factor */
  const double **rh;      /* h * p */
  const int **perm;       /* h * p, or NULL */
  const signed char **sign;
} Block;


static void free_block (Block *b) {
  free(b->dr); free(b->rh); free(b->perm); free(b->sign);
}


static int is_identity (int d, const double *m) {
  int i, j;
  for (j = 0; j < d; j++)
    for (i = 0; i < d; i++)
      if (m[(size_t)j * d + i] != (i == j ? 1.0 : 0.0)) return 0;
  return 1;
}


static int make_block (const ls_Factors *f, Block *b) {
  int i, j, k, p = f->p;
  memset(b, 0, sizeof(*b));
  b->p = p;
  b->d = f->d;
  b->N = 1;
  for (k = 0; k < p; k++) {
    if (f->d[k] < 1) return LS_EARG;
    b->N *= f->d[k];
    if (b->N > ((int64_t)1 << 40)) return LS_ETOOBIG;
  }
  b->dr = (const double **)malloc(((size_t)f->q * p + 1) * sizeof(double *));
  b->rh = (const double **)malloc(((size_t)f->h * p + 1) * sizeof(double *));
  b->perm = (const int **)malloc(((size_t)f->h * p + 1) * sizeof(int *));
  b->sign = (const signed char **)malloc(((size_t)f->h * p + 1) * sizeof(char *));
  if (!b->dr || !b->rh || !b->perm || !b->sign) { free_block(b); return LS_ENOMEM; }
  for (i = 0; i < f->q; i++) {
    int nonzero = 0;
    for (k = 0; k < p; k++) nonzero |= f->dr[(size_t)i * p + k] != NULL;
    if (!nonzero) continue;
    for (k = 0; k < p; k++) b->dr[(size_t)b->q * p + k] = f->dr[(size_t)i * p + k];
    b->q++;
  }
  for (j = 0; j < f->h; j++) {
    int trivial = 1;
    for (k = 0; k < p && trivial; k++)
      trivial = is_identity(f->d[k], f->rh[(size_t)j * p + k]);
    if (trivial) continue;
    for (k = 0; k < p; k++) {
      b->rh[(size_t)b->h * p + k] = f->rh[(size_t)j * p + k];
      b->perm[(size_t)b->h * p + k] = f->perm ? f->perm[(size_t)j * p + k] : NULL;
      b->sign[(size_t)b->h * p + k] = f->sign ? f->sign[(size_t)j * p + k] : NULL;
    }
    b->h++;
  }
  if (f->perm == NULL) { free(b->perm); free(b->sign); b->perm = NULL; b->sign = NULL; }
  return LS_OK;
}


static ls_Fixed *new_dense (int64_t N, int64_t k) {
  ls_Fixed *F = (ls_Fixed *)calloc(1, sizeof(ls_Fixed));
  if (F == NULL) return NULL;
  F->refs = 1;
  F->kind = LS_FIX_DENSE;
  F->N = N;
  F->k = k;
  F->Q = (double *)malloc(((size_t)(N * k) + 1) * sizeof(double));
  if (F->Q == NULL) { free(F); return NULL; }
  return F;
}


/* the decision's status: unclear only for the default threshold */
static int verdict (const ls_Fixed *F, const ls_RankRule *rule) {
  return (F->spec.clear || ls_rank_forced(rule)) ? LS_OK : LS_EUNCLEAR;
}


/* {======================================================
** orbits
** ======================================================= */

static int by_orbits (const Block *b, ls_Fixed **out) {
  ls_Fixed *F;
  int st;
  if (b->N > LS_MAX_ORBIT_DIM) return LS_ETOOBIG;
  F = (ls_Fixed *)calloc(1, sizeof(ls_Fixed));
  if (F == NULL) return LS_ENOMEM;
  F->refs = 1;
  F->kind = LS_FIX_ORBITS;
  st = ls_orbits_solve(b->p, b->d, b->h, b->perm, b->sign, &F->orb);
  if (st != LS_OK) { free(F); return st; }
  F->N = b->N;
  F->k = F->orb.norb;
  F->spec.values = (double *)malloc(sizeof(double));
  if (F->spec.values == NULL) { ls_orbits_free(&F->orb); free(F); return LS_ENOMEM; }
  F->spec.nvalues = 0;
  F->spec.rank = F->N - F->k;
  F->spec.gap = HUGE_VAL;   /* combinatorial: no rounding can move it */
  F->spec.clear = 1;
  F->spec.method = "orbits";
  *out = F;
  return LS_OK;
}

/* }====================================================== */


/* {======================================================
** The stacked constraint and its SVD
** ======================================================= */

/* rows (q + h) N of [C_1 X; ...; P_1 X - X; ...] for X (N x m) */
static int stacked_product (const Block *b, int m, const double *x,
                            double *out, ls_KronWork *w) {
  size_t N = (size_t)b->N, rows = (size_t)(b->q + b->h) * N, c, r;
  double *t = (double *)malloc((N * m + 1) * sizeof(double));
  int i, st = LS_OK;
  if (t == NULL) return LS_ENOMEM;
  for (i = 0; i < b->q + b->h && st == LS_OK; i++) {
    if (i < b->q)
      st = ls_kronsum_apply_w(b->p, b->d, b->dr + (size_t)i * b->p, m, x, t, w);
    else {
      st = ls_kron_apply_w(b->p, b->d, b->d, b->rh + (size_t)(i - b->q) * b->p,
                           m, x, t, w);
      for (c = 0; st == LS_OK && c < N * m; c++) t[c] -= x[c];
    }
    for (c = 0; st == LS_OK && c < (size_t)m; c++)
      for (r = 0; r < N; r++) out[c * rows + (size_t)i * N + r] = t[c * N + r];
  }
  free(t);
  return st;
}


static int svd_fits (const Block *b, int64_t m) {
  return (double)(b->q + b->h) * (double)b->N * (double)m + (double)m * m
         <= LS_MAX_SVD_ENTRIES && b->N <= LS_MAX_DENSE_DIM * 4;
}


/* the null space of [C_i Y; P_j Y - Y] for an orthonormal Y (N x m), or
   of the constraint itself (y == NULL), by the SVD: coefficients in
   *coef (m x k) and the decision in spec */
static int restricted_svd (const Block *b, int m, const double *y,
                           const ls_RankRule *rule, double **coef, int *k,
                           ls_Spectrum *spec) {
  size_t N = (size_t)b->N, rows = (size_t)(b->q + b->h) * N, t;
  double *x = NULL, *c, *s, *vt, floor;
  ls_KronWork w;
  int r, j, st = LS_OK;
  memset(&w, 0, sizeof(w));
  c = (double *)malloc((rows * m + 1) * sizeof(double));
  s = (double *)calloc((size_t)m + 1, sizeof(double));
  vt = (double *)malloc(((size_t)m * m + 1) * sizeof(double));
  if (y == NULL) {  /* Y = I */
    x = (double *)calloc(N * N + 1, sizeof(double));
    if (x != NULL) for (t = 0; t < N; t++) x[t * N + t] = 1.0;
    y = x;
  }
  if (!c || !s || !vt || !y) st = LS_ENOMEM;
  if (st == LS_OK) st = stacked_product(b, m, y, c, &w);
  if (st == LS_OK && rows > 0) st = ls_svd_right((int)rows, m, c, s, vt);
  if (st == LS_OK) {
    size_t big = rows > (size_t)m ? rows : (size_t)m;
    floor = (double)big * EPS * s[0];
    r = ls_rank_decide(m, s, floor, floor, rule, spec);
    if (r < 0) st = r;
    else {
      *k = m - r;
      *coef = (double *)malloc(((size_t)m * (m - r) + 1) * sizeof(double));
      if (*coef == NULL) st = LS_ENOMEM;
      else
        for (j = 0; j < m - r; j++)
          for (t = 0; t < (size_t)m; t++)
            (*coef)[(size_t)j * m + t] = vt[t * m + (size_t)(r + j)];
    }
  }
  ls_kron_work_free(&w);
  free(x); free(c); free(s); free(vt);
  return st;
}


static int by_svd (const Block *b, const ls_RankRule *rule, ls_Fixed **out) {
  double *coef = NULL;
  int k = 0, st;
  ls_Fixed *F;
  ls_Spectrum spec;
  memset(&spec, 0, sizeof(spec));
  if (!svd_fits(b, b->N)) return LS_ETOOBIG;
  st = restricted_svd(b, (int)b->N, NULL, rule, &coef, &k, &spec);
  if (st != LS_OK) { free(coef); ls_spectrum_clear(&spec); return st; }
  F = new_dense(b->N, k);
  if (F == NULL) { free(coef); ls_spectrum_clear(&spec); return LS_ENOMEM; }
  memcpy(F->Q, coef, (size_t)b->N * k * sizeof(double));
  free(coef);
  F->spec = spec;
  F->spec.rank = b->N - k;
  F->spec.method = "svd";
  *out = F;
  return verdict(F, rule);
}

/* }====================================================== */


static int norm2 (int d, const double *a, double *v);
static int norm2_bound (int d, const double *a, double *v);

/* {======================================================
** Verification of the Gram-based methods
** ======================================================= */

/* an upper bound on the largest singular value of the constraint, from
   the 2-norms of the factors */
static int sigma_bound (const Block *b, double *bound) {
  double ub = 0.0;
  int j, k, st = LS_OK;
  for (j = 0; j < b->q + b->h && st == LS_OK; j++) {
    double gen = 0.0, prod = 1.0;
    for (k = 0; k < b->p && st == LS_OK; k++) {
      const double *a = (j < b->q) ? b->dr[(size_t)j * b->p + k]
                                   : b->rh[(size_t)(j - b->q) * b->p + k];
      double nv = 0.0;
      if (a == NULL) continue;
      st = norm2_bound(b->d[k], a, &nv);
      if (j < b->q) gen += nv; else prod *= nv;
    }
    ub += (j < b->q) ? gen * gen : (prod + 1) * (prod + 1);
  }
  *bound = sqrt(ub);
  return st;
}


/* the largest ||C q|| over the columns q of Q (N x k), by products with
   the constraint (only the discrete part when discrete_only), added to
   res2 as squares */
static int residual_dense (const Block *b, int64_t k, const double *Q,
                           int discrete_only, double *res2) {
  Block d = *b;
  size_t N = (size_t)b->N, rows, c, r, chunk = 64;
  double *out;
  ls_KronWork w;
  int64_t j;
  int st = LS_OK;
  if (discrete_only) d.q = 0;
  rows = (size_t)(d.q + d.h) * N;
  if (k == 0 || rows == 0) return LS_OK;
  if ((double)rows * chunk > (double)((size_t)1 << 28)) chunk = 1;
  out = (double *)malloc((rows * chunk + 1) * sizeof(double));
  if (out == NULL) return LS_ENOMEM;
  memset(&w, 0, sizeof(w));
  for (j = 0; j < k && st == LS_OK; j += (int64_t)chunk) {
    size_t m = (size_t)(k - j) < chunk ? (size_t)(k - j) : chunk;
    st = stacked_product(&d, (int)m, Q + (size_t)j * N, out, &w);
    for (c = 0; st == LS_OK && c < m; c++) {
      double s2 = 0.0;
      for (r = 0; r < rows; r++) s2 += out[c * rows + r] * out[c * rows + r];
      res2[(size_t)j + c] += s2;
    }
  }
  ls_kron_work_free(&w);
  free(out);
  return st;
}


/* The Gram matrix sees singular values only down to sqrt(eps) sigma_1:
   below that a true value and a zero look alike.  So every basis vector
   q is checked on the constraint itself: a null vector has ||C q|| near
   eps sigma_1, one along a small unresolved value has ||C q|| equal to
   that value.  Above (max(m, N) eps)^(3/4) sigma_1, the geometric mean of
   the SVD's and the Gram's accuracy, the decision is marked unclear (the
   automatic choice then solves again by the SVD).  res2 holds the
   squared residuals of the k basis vectors. */
static void judge (const Block *b, const ls_RankRule *rule, double sigma1,
                   const double *res2, ls_Fixed *F) {
  size_t N = (size_t)b->N, rows = (size_t)(b->q + b->h) * N;
  size_t big = rows > N ? rows : N;
  double worst = 0.0, fsvd = (double)big * EPS * sigma1;
  double fgram = sqrt((double)big * EPS) * sigma1;
  int64_t j;
  for (j = 0; j < F->k; j++) if (sqrt(res2[j]) > worst) worst = sqrt(res2[j]);
  F->spec.residual = worst;
  if (!ls_rank_forced(rule) && worst > sqrt(fsvd * fgram)) F->spec.clear = 0;
}


static int verify (const Block *b, const ls_RankRule *rule, double sigma1,
                   ls_Fixed *F) {
  double *res2;
  int st;
  if (F->k == 0 || b->q + b->h == 0) return LS_OK;
  res2 = (double *)calloc((size_t)F->k, sizeof(double));
  if (res2 == NULL) return LS_ENOMEM;
  st = residual_dense(b, F->k, F->Q, 0, res2);
  if (st == LS_OK) judge(b, rule, sigma1, res2, F);
  free(res2);
  return st;
}

/* }====================================================== */


/* {======================================================
** gram
** ======================================================= */

static int by_gram (const Block *b, const ls_RankRule *rule, ls_Fixed **out) {
  int n = (int)b->N, i, r, k, st;
  size_t rows = (size_t)(b->q + b->h) * (size_t)n, big = rows > (size_t)n ? rows : (size_t)n;
  double *g, *d, *e, *tau, *w, *sigma, floor;
  ls_Fixed *F = NULL;
  ls_Spectrum spec;
  memset(&spec, 0, sizeof(spec));
  if (b->N > LS_MAX_DENSE_DIM) return LS_ETOOBIG;
  g = (double *)calloc((size_t)n * n + 1, sizeof(double));
  d = (double *)malloc(((size_t)n + 1) * sizeof(double));
  e = (double *)malloc(((size_t)n + 1) * sizeof(double));
  tau = (double *)malloc(((size_t)n + 1) * sizeof(double));
  w = (double *)malloc(((size_t)n + 1) * sizeof(double));
  sigma = (double *)malloc(((size_t)n + 1) * sizeof(double));
  st = (g && d && e && tau && w && sigma) ? LS_OK : LS_ENOMEM;
  if (st == LS_OK) st = ls_tensor_gram(b->p, b->d, b->q, b->dr, b->h, b->rh, g);
  if (st == LS_OK) st = ls_gram_reduce(n, g, d, e, tau, w);
  if (st == LS_OK) {
    for (i = 0; i < n; i++) {  /* singular values of the constraint, descending */
      double v = w[n - 1 - i];
      sigma[i] = v > 0 ? sqrt(v) : 0.0;
    }
    /* eigenvalues of G carry absolute errors ~ n eps lambda_max, so singular
       values below sqrt(max(m, n) eps) sigma_max are indistinguishable from 0 */
    floor = sqrt((double)big * EPS) * sigma[0];
    r = ls_rank_decide(n, sigma, floor, floor, rule, &spec);
    if (r < 0) st = r;
    else {
      k = n - r;
      F = new_dense(n, k);
      if (F == NULL) st = LS_ENOMEM;
      else st = ls_gram_smallest(n, g, d, e, tau, k, F->Q);
    }
  }
  free(g); free(d); free(e); free(tau); free(w); free(sigma);
  if (st != LS_OK) {
    ls_spectrum_clear(&spec);
    if (F) { free(F->Q); free(F); }
    return st;
  }
  F->spec = spec;
  F->spec.rank = (int64_t)n - F->k;
  F->spec.method = "gram";
  if ((st = verify(b, rule, spec.nvalues > 0 ? spec.values[0] : 0.0, F)) != LS_OK) {
    ls_fixed_release(F);
    return st;
  }
  *out = F;
  return verdict(F, rule);
}

/* }====================================================== */


/* {======================================================
** weights
** ======================================================= */

/* M (lower triangle) = [C_i Y; P_j Y - Y]^T [C_i Y; P_j Y - Y] (m x m),
   or M plus that with accumulate */
static int restricted_gram (const Block *b, int m, const double *y,
                            double *M, int accumulate) {
  size_t N = (size_t)b->N, c;
  double *t = (double *)malloc((N * m + 1) * sizeof(double));
  ls_KronWork w;
  int i, st = LS_OK;
  memset(&w, 0, sizeof(w));
  if (t == NULL) return LS_ENOMEM;
  if (!accumulate) memset(M, 0, (size_t)m * m * sizeof(double));
  for (i = 0; i < b->q + b->h && st == LS_OK; i++) {
    if (i < b->q)
      st = ls_kronsum_apply_w(b->p, b->d, b->dr + (size_t)i * b->p, m, y, t, &w);
    else {
      st = ls_kron_apply_w(b->p, b->d, b->d, b->rh + (size_t)(i - b->q) * b->p,
                           m, y, t, &w);
      for (c = 0; st == LS_OK && c < N * m; c++) t[c] -= y[c];
    }
    if (st == LS_OK)
      cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, m, (int)N, 1.0, t,
                  (int)N, 1.0, M, m);
  }
  ls_kron_work_free(&w);
  free(t);
  return st;
}


static int by_weights (const Block *b, const ls_RankRule *rule, int use_svd,
                       ls_Fixed **out) {
  ls_WeightSpace ws;
  ls_Fixed *F = NULL;
  ls_Spectrum spec;
  double *coef = NULL;
  int m, k = 0, st, i;
  memset(&spec, 0, sizeof(spec));
  if (b->p < 2 || b->q < 1) return LS_EUNSUPPORTED;
  st = ls_weight_space(b->p, b->d, b->q, b->dr, LS_MAX_WEIGHT_DIM, &ws);
  if (st != LS_OK) return st;
  m = (int)ws.m;
  if (m == 0) {   /* no weight-zero tuple: nothing is fixed */
    F = new_dense(b->N, 0);
    spec.values = (double *)malloc(sizeof(double));
    if (F == NULL || spec.values == NULL) { st = LS_ENOMEM; goto done; }
    spec.nvalues = 0;
    spec.gap = ws.excluded;
    spec.clear = spec.gap >= rule->min_gap;
  }
  else if (use_svd) {
    if (!svd_fits(b, m)) { st = LS_ETOOBIG; goto done; }
    st = restricted_svd(b, m, ws.Y, rule, &coef, &k, &spec);
  }
  else {
    size_t rows = (size_t)(b->q + b->h) * (size_t)b->N;
    double *M = (double *)malloc(((size_t)m * m + 1) * sizeof(double));
    double *w = (double *)malloc(((size_t)m + 1) * sizeof(double));
    double *v = (double *)malloc(((size_t)m * m + 1) * sizeof(double));
    double *sigma = (double *)malloc(((size_t)m + 1) * sizeof(double));
    st = (M && w && v && sigma) ? LS_OK : LS_ENOMEM;
    /* the algebra's part from the eigenbasis, the discrete part directly */
    if (st == LS_OK) st = ls_weight_gram(&ws, M);
    if (st == LS_OK && b->h > 0) {
      Block disc = *b;
      disc.q = 0;
      st = restricted_gram(&disc, m, ws.Y, M, 1);
    }
    if (st == LS_OK) st = ls_eigh(m, M, w, v);
    if (st == LS_OK) {
      double floor;
      int r, j;
      for (i = 0; i < m; i++) sigma[i] = w[m - 1 - i] > 0 ? sqrt(w[m - 1 - i]) : 0.0;
      floor = sqrt((double)(rows > (size_t)m ? rows : (size_t)m) * EPS) * sigma[0];
      r = ls_rank_decide(m, sigma, floor, floor, rule, &spec);
      if (r < 0) st = r;
      else {
        k = m - r;  /* the eigenvectors of the k smallest eigenvalues */
        coef = (double *)malloc(((size_t)m * k + 1) * sizeof(double));
        if (coef == NULL) st = LS_ENOMEM;
        else for (j = 0; j < k; j++)
          memcpy(coef + (size_t)j * m, v + (size_t)j * m, (size_t)m * sizeof(double));
      }
    }
    free(M); free(w); free(v); free(sigma);
  }
  if (st != LS_OK) goto done;
  if (m > 0) {
    F = new_dense(b->N, k);
    if (F == NULL) { st = LS_ENOMEM; goto done; }
    if (k > 0)
      ls_gemm('N', 'N', (int)b->N, k, m, 1.0, ws.Y, (int)b->N, coef, m, 0.0,
              F->Q, (int)b->N);
  }
  F->spec = spec;
  memset(&spec, 0, sizeof(spec));
  F->spec.rank = b->N - F->k;
  F->spec.method = "weights";
  F->spec.reduced = ws.m;
  F->spec.weight_gap = ws.excluded;
  if (!use_svd && F->k > 0) {   /* check the null vectors on the constraint */
    double bound = 0.0, *res2 = (double *)calloc((size_t)F->k, sizeof(double));
    st = res2 ? sigma_bound(b, &bound) : LS_ENOMEM;
    if (st == LS_OK) st = ls_weight_residuals(&ws, (int)F->k, coef, res2);
    if (st == LS_ETOOBIG) {   /* too big to accumulate: products instead */
      memset(res2, 0, (size_t)F->k * sizeof(double));
      st = residual_dense(b, F->k, F->Q, 0, res2);
    }
    else if (st == LS_OK && b->h > 0) st = residual_dense(b, F->k, F->Q, 1, res2);
    if (st == LS_OK) judge(b, rule, bound, res2, F);
    free(res2);
  }
done:
  ls_weight_space_free(&ws);
  free(coef);
  ls_spectrum_clear(&spec);
  if (st != LS_OK) {
    if (F) { ls_spectrum_clear(&F->spec); free(F->Q); free(F); }
    return st;
  }
  *out = F;
  return verdict(F, rule);
}

/* }====================================================== */


/* {======================================================
** iterative
** ======================================================= */

typedef struct GramOp {
  const Block *b;
  const double **drt, **rht;   /* transposes */
  ls_KronWork w;
} GramOp;


static int gram_apply (void *ctx, int ncols, const double *x, double *y) {
  GramOp *op = (GramOp *)ctx;
  const Block *b = op->b;
  return ls_tensor_gram_apply_w(b->p, b->d, b->q, b->dr, op->drt, b->h, b->rh,
                                op->rht, ncols, x, y, &op->w);
}


/* an upper bound on the 2-norm: exact (the SVD) to order 64, above that
   min(||a||_F, sqrt(||a||_1 ||a||_inf)), which a hundred field matrices
   of order 286 get in O(d^2) each instead of an SVD each */
static int norm2_bound (int d, const double *a, double *v) {
  double f, one, inf;
  if (d <= 64) return norm2(d, a, v);
  f = ls_norm_fro((size_t)d * d, a);
  one = ls_norm_1(d, d, a);
  inf = ls_norm_inf(d, d, a);
  *v = sqrt(one * inf) < f ? sqrt(one * inf) : f;
  return LS_OK;
}


/* the 2-norm of a small square matrix */
static int norm2 (int d, const double *a, double *v) {
  double *s = (double *)malloc(((size_t)d + 1) * sizeof(double));
  int st;
  if (s == NULL) return LS_ENOMEM;
  st = ls_svd(d, d, a, NULL, s, NULL);
  *v = s[0];
  free(s);
  return st;
}


static int by_iterative (const Block *b, const ls_RankRule *rule, int b0,
                         int maxit, const ls_FixedOpts *o, ls_Fixed **out) {
  int64_t N = b->N;
  size_t total = 0, idx = 0, rows = (size_t)(b->q + b->h) * (size_t)N;
  double ub = 0.0, tol, floor, *tr = NULL, *sigma = NULL;
  GramOp op;
  ls_IterResult res;
  ls_Fixed *F = NULL;
  ls_Rng rng;
  int i, j, k, st = LS_OK;
  memset(&op, 0, sizeof(op));
  memset(&res, 0, sizeof(res));
  if (N > LS_MAX_ITERATIVE_DIM) return LS_ETOOBIG;
  if (rule->rank >= 0) return LS_EUNSUPPORTED;  /* only thresholds apply */
  op.b = b;
  for (k = 0; k < b->p; k++) total += (size_t)b->d[k] * b->d[k];
  tr = (double *)malloc((total * (size_t)(b->q + b->h) + 1) * sizeof(double));
  op.drt = (const double **)calloc((size_t)b->q * b->p + 1, sizeof(double *));
  op.rht = (const double **)calloc((size_t)b->h * b->p + 1, sizeof(double *));
  if (!tr || !op.drt || !op.rht) { st = LS_ENOMEM; goto done; }
  for (j = 0; j < b->q + b->h && st == LS_OK; j++) {  /* transposes, bound */
    double gen = 0.0, prod = 1.0;
    for (k = 0; k < b->p && st == LS_OK; k++) {
      int dk = b->d[k];
      const double *a = (j < b->q) ? b->dr[(size_t)j * b->p + k]
                                   : b->rh[(size_t)(j - b->q) * b->p + k];
      double nv = 0.0;
      if (a == NULL) continue;
      ls_transpose(dk, dk, a, tr + idx);
      if (j < b->q) op.drt[(size_t)j * b->p + k] = tr + idx;
      else op.rht[(size_t)(j - b->q) * b->p + k] = tr + idx;
      idx += (size_t)dk * dk;
      st = norm2(dk, a, &nv);
      if (j < b->q) gen += nv; else prod *= nv;
    }
    ub += (j < b->q) ? gen * gen : (prod + 1) * (prod + 1);
  }
  if (st != LS_OK) goto done;
  /* lambda_max <= ub, so sqrt(ub) bounds the largest singular value */
  floor = sqrt((double)(rows > (size_t)N ? rows : (size_t)N) * EPS) * sqrt(ub);
  tol = rule->tol >= 0 ? rule->tol : rule->rtol >= 0 ? rule->rtol * sqrt(ub) : floor;
  ls_rng_seed(&rng, 20231101);  /* a fixed start: results are repeatable */
  st = ls_psd_null((int)N, gram_apply, &op, ub, tol * tol,
                   tol * tol * rule->min_gap * rule->min_gap, b0, maxit, o->stop,
                   o->stop_ctx, &rng,
                   &res);
  if (st != LS_OK) goto done;
  F = new_dense(N, res.k);
  sigma = (double *)malloc(((size_t)res.b + 1) * sizeof(double));
  if (F == NULL || sigma == NULL) { st = LS_ENOMEM; goto done; }
  memcpy(F->Q, res.x, (size_t)N * res.k * sizeof(double));
  for (i = 0; i < res.b; i++) {   /* Ritz singular values, descending */
    double v = res.theta[res.b - 1 - i];
    sigma[i] = v > 0 ? sqrt(v) : 0.0;
  }
  {
    ls_RankRule at = *rule;   /* the cut the iteration used */
    at.tol = tol;
    at.rtol = -1;
    if ((st = ls_rank_decide(res.b, sigma, tol, floor, &at, &F->spec)) < 0) goto done;
    st = LS_OK;
  }
  /* values: the block's Ritz values only (those near the cut); the rank is
     that of the whole constraint */
  F->spec.rank = N - res.k;
  F->spec.method = "iterative";
  F->spec.iterations = res.iterations;
  F->spec.products = res.products;
  F->spec.sigma_bound = sqrt(ub);
  st = verify(b, rule, sqrt(ub), F);
done:
  free(res.x); free(res.theta); free(sigma); free(tr);
  free(op.drt); free(op.rht);
  ls_kron_work_free(&op.w);
  if (st != LS_OK) {
    if (F) { ls_spectrum_clear(&F->spec); free(F->Q); free(F); }
    return st;
  }
  *out = F;
  return verdict(F, rule);
}

/* }====================================================== */


/* {======================================================
** The choice of method
** ======================================================= */

static void drop (ls_Fixed **F) {
  ls_fixed_release(*F);
  *F = NULL;
}


/* run one method; a result comes with LS_OK and with LS_EUNCLEAR */
static int run (const Block *b, int method, const ls_RankRule *rule,
                const ls_FixedOpts *o, ls_Fixed **out) {
  switch (method) {
    case LS_METHOD_ORBITS: return by_orbits(b, out);
    case LS_METHOD_SVD: return by_svd(b, rule, out);
    case LS_METHOD_GRAM: return by_gram(b, rule, out);
    case LS_METHOD_WEIGHTS: return by_weights(b, rule, 0, out);
    default:
      return by_iterative(b, rule, o->block > 0 ? o->block : 32,
                          o->maxit > 0 ? o->maxit : 1000, o, out);
  }
}


/* keep the retry's result when it produced one (clear or not) */
static int retry (int st, ls_Fixed **F, int st2, ls_Fixed *G) {
  if (st2 == LS_OK || st2 == LS_EUNCLEAR) {
    if (*F) drop(F);
    *F = G;
    return st2;
  }
  return st;
}


/* the automatic choice, with the retries an unclear decision earns */
static int automatic (const Block *b, const ls_RankRule *rule,
                      const ls_FixedOpts *o, ls_Fixed **out) {
  ls_Fixed *F = NULL, *G = NULL;
  int st, st2;
  if (b->N <= LS_SVD_MAX_DIM) return by_svd(b, rule, out);
  st = by_weights(b, rule, 0, &F);
  if (st == LS_EUNCLEAR) {
    st2 = by_weights(b, rule, 1, &G);
    st = retry(st, &F, st2, G);
  }
  if (st == LS_EUNSUPPORTED || st == LS_ETOOBIG) {   /* no reduction */
    if (b->N <= LS_GRAM_MAX_DIM) st = by_gram(b, rule, &F);
    else {
      st = run(b, LS_METHOD_ITERATIVE, rule, o, &F);
      if ((st == LS_EUNCLEAR || st == LS_ENOCONV) && b->N <= ESCALATE_GRAM_DIM) {
        G = NULL;
        st2 = by_gram(b, rule, &G);
        st = (st == LS_ENOCONV) ? (F = G, st2) : retry(st, &F, st2, G);
      }
    }
  }
  if (st == LS_EUNCLEAR && svd_fits(b, b->N)) {
    G = NULL;
    st2 = by_svd(b, rule, &G);
    st = retry(st, &F, st2, G);
  }
  if (st == LS_OK || st == LS_EUNCLEAR) *out = F;
  else if (F) drop(&F);
  return st;
}


int ls_fixed_block (const ls_Factors *f, const ls_FixedOpts *opts,
                    ls_Fixed **out) {
  ls_FixedOpts defaults;
  ls_RankRule rule;
  Block b;
  int st, all_perm, j, k;
  if (opts == NULL) { ls_fixed_opts_init(&defaults); opts = &defaults; }
  ls_rank_rule(opts, &rule);
  if ((st = make_block(f, &b)) != LS_OK) return st;
  all_perm = b.perm != NULL;
  for (j = 0; j < b.h && all_perm; j++)
    for (k = 0; k < b.p && all_perm; k++)
      all_perm = b.perm[(size_t)j * b.p + k] != NULL;
  if (b.q == 0 && b.h == 0) all_perm = 1;   /* nothing acts: singletons */
  if (opts->method == LS_METHOD_ORBITS || (opts->method == LS_METHOD_AUTO &&
                                            b.q == 0 && all_perm))
    st = (b.q == 0 && all_perm) ? by_orbits(&b, out) : LS_EUNSUPPORTED;
  else if (opts->method == LS_METHOD_AUTO)
    st = automatic(&b, &rule, opts, out);
  else
    st = run(&b, opts->method, &rule, opts, out);
  free_block(&b);
  return st;
}

/* }====================================================== */
