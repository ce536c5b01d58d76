/*
** lieop_solve.c — what enforce and discover read from the operator
** (lieop.h): the nullspace in theta, by the fixed-space solver's tensor
** methods, the SVD of the stacked rows or the Gram eigen-solve verified
** against the structured operator; and the SVD of B(theta).  Every
** decision goes through ls_rank_decide (rank.h).
*/
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>

#include "fixed.h"
#include "lieop_impl.h"
#include "linalg.h"
#include "nullspace.h"
#include "rank.h"

#define EPS DBL_EPSILON
/* the most doubles the tensor factors handed to the fixed-space solver
   may hold (256 MiB) */
#define MAX_TENSOR_ENTRIES ((double)((size_t)1 << 25))


static int64_t total_rows (const ls_Op *op) {
  int64_t rows;
  ls_op_dense_rows(op, 1, &rows);
  return rows;
}


/* {======================================================
** The tensor route
** ======================================================= */

static double tensor_entries (const ls_Op *op) {
  double k = op->k[0], n = op->n[0];
  return (op->q + op->h) * (k * k + n * n);
}


/* dense factors of the Kronecker-sum form (ls_op_kronecker) */
static int tensor_factors (const ls_Op *op, double **dr, double **rh) {
  int k = op->k[0], n = op->n[0], i, j, c;
  size_t kk = (size_t)k * k, nn = (size_t)n * n;
  double *tmp = (double *)malloc((kk > nn ? kk : nn) * sizeof(double));
  if (tmp == NULL) return LS_ENOMEM;
  for (i = 0; i < 2 * op->q; i++)
    if ((dr[i] = (double *)calloc(i % 2 ? nn : kk, sizeof(double))) == NULL) {
      free(tmp);
      return LS_ENOMEM;
    }
  for (j = 0; j < 2 * op->h; j++)
    if ((rh[j] = (double *)calloc(j % 2 ? nn : kk, sizeof(double))) == NULL) {
      free(tmp);
      return LS_ENOMEM;
    }
  for (i = 0; i < op->nterms; i++) {
    const Term *t = &op->terms[i];
    if (t->gen >= 0) {
      /* vec(L W R^T) = (R (x) L) theta: an identity L makes R the first
         factor's generator, an identity R makes L the second's */
      if (t->L->kind == LS_SM_IDENTITY) {
        ls_sm_to_dense(t->R, tmp);
        for (c = 0; c < (int)kk; c++) dr[2 * t->gen][c] += t->alpha * tmp[c];
      }
      else {
        ls_sm_to_dense(t->L, tmp);
        for (c = 0; c < (int)nn; c++) dr[2 * t->gen + 1][c] += t->alpha * tmp[c];
      }
    }
    else if (!(t->alpha == -1.0 && t->L->kind == LS_SM_IDENTITY &&
               t->R->kind == LS_SM_IDENTITY)) {   /* the P W T^T of P W T^T - W */
      j = -1 - t->gen;
      ls_sm_to_dense(t->R, rh[2 * j]);
      ls_sm_to_dense(t->L, rh[2 * j + 1]);
    }
  }
  free(tmp);
  return LS_OK;
}


static int by_tensor (const ls_Op *op, const ls_FixedOpts *opts, ls_Fixed **out) {
  int d[2], st, i, q = op->q, h = op->h;
  double **dr = (double **)calloc((size_t)2 * q + 1, sizeof(double *));
  double **rh = (double **)calloc((size_t)2 * h + 1, sizeof(double *));
  d[0] = op->k[0];
  d[1] = op->n[0];
  st = (dr && rh) ? tensor_factors(op, dr, rh) : LS_ENOMEM;
  if (st == LS_OK)
    st = ls_fixed_tensor(2, d, q, (const double *const *)dr, h,
                         (const double *const *)rh, opts, out);
  if (dr) for (i = 0; i < 2 * q; i++) free(dr[i]);
  if (rh) for (i = 0; i < 2 * h; i++) free(rh[i]);
  free(dr); free(rh);
  return st;
}

/* }====================================================== */


/* {======================================================
** The SVD of the stacked rows, and the Gram eigen-solve
** ======================================================= */

static int svd_fits (const ls_Op *op) {
  double rows = (double)total_rows(op), p = ls_op_params(op);
  return rows * p + p * p <= LS_MAX_SVD_ENTRIES;
}


static int by_svd (const ls_Op *op, const ls_RankRule *rule, ls_Fixed **out) {
  int p = ls_op_params(op), kv, r, j, t, st;
  int64_t rows = total_rows(op);
  double *m, *s, *vt, *q = NULL, floor;
  ls_Spectrum spec;
  memset(&spec, 0, sizeof(spec));
  if (!svd_fits(op)) return LS_ETOOBIG;
  kv = rows < p ? (int)rows : p;
  m = (double *)malloc(((size_t)rows * p + 1) * sizeof(double));
  s = (double *)calloc((size_t)p + 1, sizeof(double));
  vt = (double *)malloc(((size_t)p * p + 1) * sizeof(double));
  st = (m && s && vt) ? ls_op_dense(op, 1, m) : LS_ENOMEM;
  if (st == LS_OK && rows > 0) st = ls_svd_right((int)rows, p, m, s, vt);
  else if (st == LS_OK)   /* no rows: everything is free */
    for (j = 0; j < p; j++)
      for (t = 0; t < p; t++) vt[(size_t)t * p + j] = (j == t);
  if (st == LS_OK) {
    floor = (double)(rows > p ? rows : p) * EPS * (kv > 0 ? s[0] : 0.0);
    r = ls_rank_decide(kv, s, floor, floor, rule, &spec);
    if (r < 0) st = r;
    else if ((q = (double *)malloc(((size_t)p * (p - r) + 1) * sizeof(double))) == NULL)
      st = LS_ENOMEM;
    else {
      for (j = 0; j < p - r; j++)
        for (t = 0; t < p; t++) q[(size_t)j * p + t] = vt[(size_t)t * p + r + j];
      spec.rank = r;
      spec.method = "svd";
      st = ls_fixed_from_basis(p, p - r, q, &spec, out);
    }
  }
  free(m); free(s); free(vt); free(q);
  ls_spectrum_clear(&spec);
  return st;
}


/* the largest residual ||constraint(v)|| over the columns of Q (p x k) */
static int residual (const ls_Op *op, int k, const double *Q, double *worst) {
  int64_t s = op->s;
  int c, j, st = LS_OK;
  size_t len = (size_t)s * op->q, hmax = 1;
  double *b;
  for (j = 0; j < op->h; j++) if ((size_t)op->hrows[j] > hmax) hmax = (size_t)op->hrows[j];
  if (hmax > len) len = hmax;
  b = (double *)malloc((len + 1) * sizeof(double));
  if (b == NULL) return LS_ENOMEM;
  *worst = 0.0;
  for (c = 0; c < k && st == LS_OK; c++) {
    const double *v = Q + (size_t)c * ls_op_params(op);
    double r2;
    st = ls_op_apply(op, v, b);
    r2 = st == LS_OK ? ls_dot((size_t)s * op->q, b, b) : 0.0;
    for (j = 0; j < op->h && st == LS_OK; j++) {
      st = ls_op_eval(op, j, v, b, op->hrows[j]);
      r2 += ls_dot((size_t)op->hrows[j], b, b);
    }
    if (sqrt(r2) > *worst) *worst = sqrt(r2);
  }
  free(b);
  return st;
}


static int by_gram (const ls_Op *op, const ls_RankRule *rule, ls_Fixed **out) {
  int p = ls_op_params(op), i, r, k, st;
  int64_t rows = total_rows(op);
  double big = (double)(rows > p ? rows : p);
  double *g, *d, *e, *tau, *w, *sigma, *q = NULL, floor, worst = 0.0;
  ls_Spectrum spec;
  memset(&spec, 0, sizeof(spec));
  if (p > LS_MAX_DENSE_DIM) return LS_ETOOBIG;
  g = (double *)malloc(((size_t)p * p + 1) * sizeof(double));
  d = (double *)malloc(((size_t)p + 1) * sizeof(double));
  e = (double *)malloc(((size_t)p + 1) * sizeof(double));
  tau = (double *)malloc(((size_t)p + 1) * sizeof(double));
  w = (double *)malloc(((size_t)p + 1) * sizeof(double));
  sigma = (double *)malloc(((size_t)p + 1) * sizeof(double));
  st = (g && d && e && tau && w && sigma) ? ls_op_gram(op, 1, g) : LS_ENOMEM;
  if (st == LS_OK) st = ls_gram_reduce(p, g, d, e, tau, w);
  if (st == LS_OK) {
    for (i = 0; i < p; i++) {
      double v = w[p - 1 - i];
      sigma[i] = v > 0 ? sqrt(v) : 0.0;
    }
    /* the Gram's eigenvalues carry errors ~ eps lambda_max: singular
       values below sqrt(big eps) sigma_1 cannot be told from 0 */
    floor = sqrt(big * EPS) * sigma[0];
    r = ls_rank_decide(p, sigma, floor, floor, rule, &spec);
    if (r < 0) st = r;
    else {
      k = p - r;
      if ((q = (double *)malloc(((size_t)p * k + 1) * sizeof(double))) == NULL) st = LS_ENOMEM;
      else st = ls_gram_smallest(p, g, d, e, tau, k, q);
      if (st == LS_OK) st = residual(op, k, q, &worst);
      if (st == LS_OK) {
        /* a null vector's true residual is ~ big eps sigma_1; one past the
           geometric mean of the SVD's and the Gram's accuracy was a small
           value the Gram could not resolve */
        double fsvd = big * EPS * sigma[0];
        spec.residual = worst;
        if (!ls_rank_forced(rule) && worst > sqrt(fsvd * floor)) spec.clear = 0;
        spec.rank = r;
        spec.method = "gram";
        st = ls_fixed_from_basis(p, k, q, &spec, out);
      }
    }
  }
  free(g); free(d); free(e); free(tau); free(w); free(sigma); free(q);
  ls_spectrum_clear(&spec);
  return st;
}

/* }====================================================== */


static int verdict (ls_Fixed *F, const ls_RankRule *rule) {
  int clear;
  ls_fixed_min_gap(F, &clear);
  return (clear || ls_rank_forced(rule)) ? LS_OK : LS_EUNCLEAR;
}


int ls_op_enforce (const ls_Op *op, const ls_FixedOpts *opts, ls_Fixed **out) {
  ls_FixedOpts defaults;
  ls_RankRule rule;
  ls_Fixed *F = NULL;
  int method, st, p = ls_op_params(op);
  if (opts == NULL) { ls_fixed_opts_init(&defaults); opts = &defaults; }
  if (!ls_op_finite(op)) return LS_ENONFINITE;
  ls_rank_rule(opts, &rule);
  method = opts->method;
  if (method == LS_METHOD_ORBITS || method == LS_METHOD_WEIGHTS ||
      method == LS_METHOD_ITERATIVE) {
    if (!op->kron) return LS_EUNSUPPORTED;
    return by_tensor(op, opts, out);
  }
  if (method == LS_METHOD_SVD) st = by_svd(op, &rule, &F);
  else if (method == LS_METHOD_GRAM) st = by_gram(op, &rule, &F);
  else if (p <= LS_SVD_MAX_DIM && svd_fits(op)) st = by_svd(op, &rule, &F);
  else if (op->kron && tensor_entries(op) <= MAX_TENSOR_ENTRIES)
    return by_tensor(op, opts, out);
  else {
    st = by_gram(op, &rule, &F);
    if (st == LS_OK && verdict(F, &rule) == LS_EUNCLEAR && svd_fits(op)) {
      ls_Fixed *G = NULL;
      if (by_svd(op, &rule, &G) == LS_OK) { ls_fixed_release(F); F = G; }
    }
  }
  if (st != LS_OK) return st;
  *out = F;
  return verdict(F, &rule);
}


/* the smallest singular value, relative to the largest, that the Gram
   matrix's eigenvalues give well: their absolute errors are ~ n eps
   sigma_1^2, so a value s gets a relative error ~ n eps (sigma_1 / s)^2 / 2,
   below 1e-5 above this bound (n <= 10^3) */
#define GRAM_VALUES_RTOL 1e-4

/* The singular values s (min(m, n)) of a (m x n), and 1 in *gram when
   they came from the eigenvalues of a^T a: for a tall matrix whose values
   all lie above GRAM_VALUES_RTOL s_1 (the reduction to tridiagonal form
   costs half the bidiagonal one). A smaller value sends it to the SVD, so
   that every decision about small values is made on accurate ones. */
static int singular_values (int m, int n, const double *a, double *s, int *gram) {
  *gram = 0;
  if (m >= n && n > 32) {
    /* zeroed: dsyrk fills the lower triangle only */
    double *g = (double *)calloc((size_t)n * n + 1, sizeof(double));
    double *d = (double *)malloc(((size_t)n + 1) * sizeof(double));
    double *e = (double *)malloc(((size_t)n + 1) * sizeof(double));
    double *tau = (double *)malloc(((size_t)n + 1) * sizeof(double));
    double *w = (double *)malloc(((size_t)n + 1) * sizeof(double));
    int st = (g && d && e && tau && w) ? LS_OK : LS_ENOMEM, i;
    if (st == LS_OK) {
      cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, n, m, 1.0, a, m, 0.0, g, n);
      st = ls_gram_reduce(n, g, d, e, tau, w);
    }
    if (st == LS_OK && w[n - 1] > 0 &&
        w[0] >= GRAM_VALUES_RTOL * GRAM_VALUES_RTOL * w[n - 1]) {
      for (i = 0; i < n; i++) s[i] = sqrt(w[n - 1 - i]);
      *gram = 1;
    }
    free(g); free(d); free(e); free(tau); free(w);
    if (st != LS_OK && st != LS_ENONFINITE) return st;
    if (*gram) return LS_OK;
  }
  return ls_svd(m, n, a, NULL, s, NULL);
}


int ls_op_discover (const ls_Op *op, const double *theta,
                    const ls_RankRule *rule, double **null, int *dim,
                    ls_Spectrum *spec) {
  return ls_op_discover_floor(op, theta, rule, 0.0, null, dim, spec);
}


int ls_op_discover_floor (const ls_Op *op, const double *theta,
                          const ls_RankRule *rule, double zero, double **null,
                          int *dim, ls_Spectrum *spec) {
  int q = op->q, r, j, t, st, kv, gram = 0;
  int64_t s = op->s;
  double *b, *sv, *vt = NULL, floor;
  *null = NULL;
  *dim = 0;
  memset(spec, 0, sizeof(*spec));
  if ((double)s * q > (double)((size_t)1 << 28)) return LS_ETOOBIG;
  if (!ls_op_finite(op) || !ls_allfinite(theta, (size_t)ls_op_params(op)))
    return LS_ENONFINITE;
  kv = s < q ? (int)s : q;
  b = (double *)malloc(((size_t)s * q + 1) * sizeof(double));
  sv = (double *)calloc((size_t)q + 1, sizeof(double));
  st = (b && sv) ? ls_op_apply(op, theta, b) : LS_ENOMEM;
  /* the values first: the right singular vectors are needed only when
     something is dropped, and cost as much again */
  if (st == LS_OK && kv > 0) st = singular_values((int)s, q, b, sv, &gram);
  if (st == LS_OK) {
    floor = (double)(s > q ? s : q) * EPS * (kv > 0 ? sv[0] : 0.0);
    if (zero > floor) floor = zero;
    r = ls_rank_decide(kv, sv, floor, floor, rule, spec);
    if (r < 0) st = r;
    else {
      spec->rank = r;
      spec->method = gram ? "gram" : "svd";
      *dim = q - r;
      if (*dim > 0) {
        double *s2 = (double *)malloc(((size_t)q + 1) * sizeof(double));
        vt = (double *)malloc(((size_t)q * q + 1) * sizeof(double));
        if (!s2 || !vt) st = LS_ENOMEM;
        else if (kv > 0) st = ls_svd_right((int)s, q, b, s2, vt);
        else
          for (j = 0; j < q; j++)
            for (t = 0; t < q; t++) vt[(size_t)t * q + j] = (j == t);
        free(s2);
      }
      if (st == LS_OK &&
          (*null = (double *)malloc(((size_t)q * *dim + 1) * sizeof(double))) == NULL)
        st = LS_ENOMEM;
      if (st == LS_OK)
        for (j = 0; j < *dim; j++)
          for (t = 0; t < q; t++) (*null)[(size_t)j * q + t] = vt[(size_t)t * q + r + j];
    }
  }
  if (st != LS_OK) { free(*null); *null = NULL; ls_spectrum_clear(spec); }
  free(b); free(sv); free(vt);
  return st;
}


int ls_op_gram_sub (const ls_Op *op, const double *N, int dim, double *k) {
  int p = ls_op_params(op), q = op->q, j, i;
  int64_t s = op->s;
  double *e = NULL, *b = NULL, *bn = NULL, *t = NULL;
  int st = LS_OK;
  if (dim < 0 || (double)s * q > (double)((size_t)1 << 28)) return LS_ETOOBIG;
  if (!ls_allfinite(N, (size_t)q * dim)) return LS_ENONFINITE;
  e = (double *)calloc((size_t)p + 1, sizeof(double));
  b = (double *)malloc(((size_t)s * q + 1) * sizeof(double));
  bn = (double *)malloc(((size_t)s * dim + 1) * sizeof(double));
  t = (double *)malloc(((size_t)s * q + 1) * sizeof(double));
  if (!e || !b || !bn || !t) { st = LS_ENOMEM; goto done; }
  /* column j: B^*(B(e_j) N N^T) */
  for (j = 0; j < p && st == LS_OK; j++) {
    e[j] = 1.0;
    st = ls_op_apply(op, e, b);
    e[j] = 0.0;
    if (st != LS_OK) break;
    if (dim == 0) { memset(k + (size_t)j * p, 0, (size_t)p * sizeof(double)); continue; }
    ls_gemm('N', 'N', (int)s, dim, q, 1.0, b, (int)s, N, q, 0.0, bn, (int)s);
    ls_gemm('N', 'T', (int)s, q, dim, 1.0, bn, (int)s, N, q, 0.0, t, (int)s);
    st = ls_op_adjoint(op, t, k + (size_t)j * p);
  }
  if (st == LS_OK)   /* exactly symmetric */
    for (j = 0; j < p; j++)
      for (i = j + 1; i < p; i++) {
        double v = 0.5 * (k[(size_t)j * p + i] + k[(size_t)i * p + j]);
        k[(size_t)j * p + i] = k[(size_t)i * p + j] = v;
      }
done:
  free(e); free(b); free(bn); free(t);
  return st;
}


/* Y (s x dim) = B(x) N, through the s x q scratch b */
static int apply_n (const ls_Op *op, const double *N, int dim, const double *x, double *b,
                    double *y) {
  int s = ls_op_rowcount(op), q = ls_op_gens(op), st;
  if ((st = ls_op_apply(op, x, b)) != LS_OK) return st;
  cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, s, dim, q, 1.0, b, s, N, q, 0.0, y, s);
  return LS_OK;
}

/* x (p) = B^*(Y N^T), through the scratch b */
static int adjoint_n (const ls_Op *op, const double *N, int dim, const double *y, double *b,
                      double *x) {
  int s = ls_op_rowcount(op), q = ls_op_gens(op);
  cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, s, q, dim, 1.0, y, s, N, q, 0.0, b, s);
  return ls_op_adjoint(op, b, x);
}

int ls_op_project_null (const ls_Op *op, const double *N, int dim, double tol, int maxit,
                        double *theta, double *resid, int *iters) {
  int s = ls_op_rowcount(op), q = ls_op_gens(op), p = ls_op_params(op), it = 0, st, i;
  size_t sd = (size_t)s * dim;
  double *b, *r, *qv, *g, *pv, *d, r0, gam;
  *resid = 0.0;
  *iters = 0;
  if (dim < 1 || dim > q || maxit < 0 || !(tol >= 0)) return LS_EARG;
  b = (double *)malloc(((size_t)s * q + 1) * sizeof(double));
  r = (double *)malloc((sd + 1) * sizeof(double));
  qv = (double *)malloc((sd + 1) * sizeof(double));
  g = (double *)malloc(((size_t)p + 1) * sizeof(double));
  pv = (double *)malloc(((size_t)p + 1) * sizeof(double));
  d = (double *)calloc((size_t)p + 1, sizeof(double));
  if (!b || !r || !qv || !g || !pv || !d) { st = LS_ENOMEM; goto done; }
  /* CGLS on min |B_N d + B_N theta|: r = -B_N theta - B_N d */
  if ((st = apply_n(op, N, dim, theta, b, r)) != LS_OK) goto done;
  for (i = 0; i < (int)sd; i++) r[i] = -r[i];
  r0 = cblas_dnrm2((int)sd, r, 1);
  if (!(r0 > 0)) goto done;
  if ((st = adjoint_n(op, N, dim, r, b, g)) != LS_OK) goto done;
  memcpy(pv, g, (size_t)p * sizeof(double));
  gam = cblas_ddot(p, g, 1, g, 1);
  *resid = 1.0;
  while (it < maxit && *resid > tol && gam > 0) {
    double qq, a, gam1;
    if ((st = apply_n(op, N, dim, pv, b, qv)) != LS_OK) goto done;
    qq = cblas_ddot((int)sd, qv, 1, qv, 1);
    if (!(qq > 0)) break;
    a = gam / qq;
    cblas_daxpy(p, a, pv, 1, d, 1);
    cblas_daxpy((int)sd, -a, qv, 1, r, 1);
    if ((st = adjoint_n(op, N, dim, r, b, g)) != LS_OK) goto done;
    gam1 = cblas_ddot(p, g, 1, g, 1);
    for (i = 0; i < p; i++) pv[i] = g[i] + (gam1 / gam) * pv[i];
    gam = gam1;
    it++;
    *resid = cblas_dnrm2((int)sd, r, 1) / r0;
  }
  cblas_daxpy(p, 1.0, d, 1, theta, 1);
  *iters = it;
  /* the true residual, not the recursion's */
  if ((st = apply_n(op, N, dim, theta, b, r)) == LS_OK) *resid = cblas_dnrm2((int)sd, r, 1) / r0;
done:
  free(b); free(r); free(qv); free(g); free(pv); free(d);
  return st;
}
