/*
** promote.c — ADMM for symmetry-promoting fits (Boyd et al., "Distributed
** optimization and statistical learning via the alternating direction
** method of multipliers", 2011, with their residual-balancing penalty).
**
** Nuclear norm: split Z = B(theta).  The theta-step is a least-squares
** problem whose matrix does not depend on the penalty in the exact
** (interpolating) form, so its KKT system [K + dI, phi^T; phi, -eI] is
** factored once (dsytrf) and reused; the penalized form refactors a
** Cholesky factor only when the penalty changes.  The Z-step is a
** singular-value thresholding of the small p x q matrix (q generators).
** The scaled dual U gives the certificate rho*U in the subdifferential
** of the nuclear norm at Z.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>

#include "linalg.h"
#include "promote.h"

#define MU 10.0      /* residual ratio that triggers a penalty change */
#define TAU 2.0      /* factor of a penalty change */
#define ADAPT_EVERY 10


static double nrm (size_t n, const double *x) { return ls_norm_fro(n, x); }


/* Z = U diag(max(s - t, 0)) V^T of x (p x q); returns sum of the new s */
static int svt (int p, int q, const double *x, double t, double *z,
                double *u, double *s, double *vt, double *nuc) {
  int k = p < q ? p : q, i, j, st;
  double sum = 0.0;
  if ((st = ls_svd(p, q, x, u, s, vt)) != LS_OK) return st;
  for (i = 0; i < k; i++) {
    double si = s[i] - t;
    s[i] = si > 0 ? si : 0.0;
    sum += s[i];
    for (j = 0; j < p; j++) u[(size_t)i * p + j] *= s[i];
  }
  ls_gemm('N', 'N', p, q, k, 1.0, u, p, vt, k, 0.0, z, p);
  *nuc = sum;
  return LS_OK;
}


typedef struct Ws {
  double *K, *A, *rhs, *bt, *x, *z, *zold, *u, *tmp, *su, *ss, *svt;
  lapack_int *ipiv;
} Ws;

static void free_ws (Ws *w) {
  free(w->K); free(w->A); free(w->rhs); free(w->bt); free(w->x); free(w->z);
  free(w->zold); free(w->u); free(w->tmp); free(w->su); free(w->ss);
  free(w->svt); free(w->ipiv);
}


/* factor the theta-step matrix for penalty rho */
static int factor (int k, int n, const double *phi, const Ws *w, double rho,
                   int exact, double delta) {
  int i, j;
  lapack_int info;
  if (exact) {  /* [K + dI, phi^T; phi, -eI], independent of rho */
    int t = k + n;
    memset(w->A, 0, (size_t)t * t * sizeof(double));
    for (j = 0; j < k; j++)
      for (i = 0; i < k; i++) w->A[(size_t)j * t + i] = w->K[(size_t)j * k + i];
    for (i = 0; i < k; i++) w->A[(size_t)i * t + i] += delta;
    for (j = 0; j < k; j++)
      for (i = 0; i < n; i++) w->A[(size_t)j * t + k + i] = phi[(size_t)j * n + i];
    for (i = 0; i < n; i++) w->A[(size_t)(k + i) * t + k + i] = -delta;
    info = LAPACKE_dsytrf(LAPACK_COL_MAJOR, 'L', t, w->A, t, w->ipiv);
  }
  else {  /* phi^T phi + rho K + dI */
    ls_gemm('T', 'N', k, k, n, 1.0, phi, n > 0 ? n : 1, phi, n > 0 ? n : 1,
            0.0, w->A, k);
    for (j = 0; j < k; j++)
      for (i = 0; i < k; i++) {
        w->A[(size_t)j * k + i] += rho * w->K[(size_t)j * k + i];
        if (i == j) w->A[(size_t)j * k + i] += delta;
      }
    info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', k, w->A, k);
  }
  return info == 0 ? LS_OK : (info < 0 ? LS_EARG : (int)info);
}


int ls_nuclear_admm (int p, int q, int k, const double *bop, int n,
                     const double *phi, const double *y, double gamma,
                     const ls_AdmmOptions *opt, double *theta, double *dual,
                     ls_AdmmInfo *info) {
  int m = p * q, exact = gamma < 0, t = exact ? k + n : k, kk = p < q ? p : q;
  int it, st = LS_OK, i;
  double rho, delta, scale, thr, nuc = 0.0;
  Ws w;
  memset(&w, 0, sizeof(w));
  memset(info, 0, sizeof(*info));
  if (k == 0 || m == 0) return LS_OK;
  if (!ls_allfinite(bop, (size_t)m * k) || !ls_allfinite(phi, (size_t)n * k)
      || !ls_allfinite(y, (size_t)n) || !ls_allfinite(theta, (size_t)k))
    return LS_ENONFINITE;
  w.K = malloc((size_t)k * k * sizeof(double));
  w.A = malloc((size_t)t * t * sizeof(double));
  w.rhs = malloc((size_t)t * sizeof(double));
  w.bt = malloc((size_t)m * sizeof(double));
  w.x = malloc((size_t)m * sizeof(double));
  w.z = malloc((size_t)m * sizeof(double));
  w.zold = malloc((size_t)m * sizeof(double));
  w.u = malloc((size_t)m * sizeof(double));
  w.tmp = malloc((size_t)(m > t ? (m > n ? m : n) : (t > n ? t : n))
                 * sizeof(double));
  w.su = malloc((size_t)p * kk * sizeof(double));
  w.ss = malloc((size_t)kk * sizeof(double));
  w.svt = malloc((size_t)kk * q * sizeof(double));
  w.ipiv = malloc((size_t)t * sizeof(lapack_int));
  if (!w.K || !w.A || !w.rhs || !w.bt || !w.x || !w.z || !w.zold || !w.u ||
      !w.tmp || !w.su || !w.ss || !w.svt || !w.ipiv) {
    free_ws(&w);
    return LS_ENOMEM;
  }
  ls_gemm('T', 'N', k, k, m, 1.0, bop, m, bop, m, 0.0, w.K, k);
  scale = 0.0;
  for (i = 0; i < k; i++) scale += w.K[(size_t)i * k + i];
  scale = scale > 0 ? scale / k : 1.0;
  delta = 1e-12 * scale;  /* keeps the step defined on null(B) ^ null(phi) */
  rho = (opt->rho > 0) ? opt->rho : (exact ? 1.0 : (gamma > 0 ? gamma : 1.0));
  if ((st = factor(k, n, phi, &w, rho, exact, delta)) != LS_OK) goto done;
  ls_gemm('N', 'N', m, 1, k, 1.0, bop, m, theta, k, 0.0, w.z, m);  /* Z = B theta */
  memset(w.u, 0, (size_t)m * sizeof(double));
  for (it = 1; it <= opt->max_iter; it++) {
    double r, s, nb, nz, nu;
    /* theta-step */
    for (i = 0; i < m; i++) w.tmp[i] = w.z[i] - w.u[i];
    ls_gemm('T', 'N', k, 1, m, 1.0, bop, m, w.tmp, m, 0.0, w.rhs, k);
    if (exact) {
      memcpy(w.rhs + k, y, (size_t)n * sizeof(double));
      if (LAPACKE_dsytrs(LAPACK_COL_MAJOR, 'L', t, 1, w.A, t, w.ipiv, w.rhs, t)
          != 0) { st = LS_EARG; goto done; }
    }
    else {
      for (i = 0; i < k; i++) w.rhs[i] *= rho;
      ls_gemm('T', 'N', k, 1, n, 1.0, phi, n > 0 ? n : 1, y, n > 0 ? n : 1, 1.0,
              w.rhs, k);
      if (LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', k, 1, w.A, k, w.rhs, k) != 0) {
        st = LS_EARG;
        goto done;
      }
    }
    memcpy(theta, w.rhs, (size_t)k * sizeof(double));
    ls_gemm('N', 'N', m, 1, k, 1.0, bop, m, theta, k, 0.0, w.bt, m);
    /* Z-step */
    for (i = 0; i < m; i++) w.x[i] = w.bt[i] + w.u[i];
    memcpy(w.zold, w.z, (size_t)m * sizeof(double));
    thr = (exact ? 1.0 : gamma) / rho;
    if ((st = svt(p, q, w.x, thr, w.z, w.su, w.ss, w.svt, &nuc)) != LS_OK)
      goto done;
    /* dual step and residuals */
    for (i = 0; i < m; i++) {
      w.u[i] += w.bt[i] - w.z[i];
      w.tmp[i] = w.bt[i] - w.z[i];
    }
    r = nrm((size_t)m, w.tmp);
    for (i = 0; i < m; i++) w.tmp[i] = w.z[i] - w.zold[i];
    ls_gemm('T', 'N', k, 1, m, 1.0, bop, m, w.tmp, m, 0.0, w.rhs, k);
    s = rho * nrm((size_t)k, w.rhs);
    nb = nrm((size_t)m, w.bt);
    nz = nrm((size_t)m, w.z);
    ls_gemm('T', 'N', k, 1, m, 1.0, bop, m, w.u, m, 0.0, w.rhs, k);
    nu = rho * nrm((size_t)k, w.rhs);
    info->iterations = it;
    info->primal = r / (nb > nz ? (nb > 0 ? nb : 1.0) : nz);
    info->dual = s / (nu > 0 ? nu : 1.0);
    if (exact) info->objective = nuc;
    else {
      double res2 = 0.0;
      ls_gemm('N', 'N', n, 1, k, 1.0, phi, n > 0 ? n : 1, theta, k, 0.0, w.tmp,
              n > 0 ? n : 1);
      for (i = 0; i < n; i++) res2 += (w.tmp[i] - y[i]) * (w.tmp[i] - y[i]);
      info->objective = 0.5 * res2 + gamma * nuc;
    }
    if (opt->every > 0 && opt->progress && it % opt->every == 0 &&
        opt->progress(opt->ctx, it, info->primal, info->dual, info->objective)) {
      info->stopped = 1;
      break;
    }
    if (info->primal <= opt->tol && info->dual <= opt->tol) {
      info->converged = 1;
      break;
    }
    if (it % ADAPT_EVERY == 0) {  /* balance the residuals */
      double f = 1.0;
      if (r > MU * s) f = TAU;
      else if (s > MU * r) f = 1.0 / TAU;
      if (f != 1.0) {
        rho *= f;
        for (i = 0; i < m; i++) w.u[i] /= f;
        if (!exact && (st = factor(k, n, phi, &w, rho, exact, delta)) != LS_OK)
          goto done;
      }
    }
  }
  /* the certificate: rho U in the subdifferential of the nuclear norm
     (divided by gamma in the penalized form) */
  for (i = 0; i < m; i++)
    dual[i] = rho * w.u[i] / (exact ? 1.0 : (gamma > 0 ? gamma : 1.0));
  info->rho = rho;
done:
  free_ws(&w);
  return st;
}


int ls_l1_admm (int k, int n, const double *phi, const double *y,
                const ls_AdmmOptions *opt, double *theta, ls_AdmmInfo *info) {
  double *g = NULL, *x = NULL, *z = NULL, *zold = NULL, *u = NULL, *v = NULL,
         *w = NULL;
  double rho = (opt->rho > 0) ? opt->rho : 1.0, scale = 0.0;
  int it, i, st = LS_OK;
  lapack_int lin;
  memset(info, 0, sizeof(*info));
  if (k == 0) return LS_OK;
  if (!ls_allfinite(phi, (size_t)n * k) || !ls_allfinite(y, (size_t)n))
    return LS_ENONFINITE;
  g = malloc((size_t)(n > 0 ? n : 1) * (n > 0 ? n : 1) * sizeof(double));
  x = malloc((size_t)k * sizeof(double));
  z = malloc((size_t)k * sizeof(double));
  zold = malloc((size_t)k * sizeof(double));
  u = malloc((size_t)k * sizeof(double));
  v = malloc((size_t)k * sizeof(double));
  w = malloc((size_t)(n > 0 ? n : 1) * sizeof(double));
  if (!g || !x || !z || !zold || !u || !v || !w) { st = LS_ENOMEM; goto done; }
  if (n > 0) {  /* phi phi^T (+ a tiny ridge for dependent rows), Cholesky */
    ls_gemm('N', 'T', n, n, k, 1.0, phi, n, phi, n, 0.0, g, n);
    for (i = 0; i < n; i++) scale += g[(size_t)i * n + i];
    scale = scale > 0 ? scale / n : 1.0;
    for (i = 0; i < n; i++) g[(size_t)i * n + i] += 1e-13 * scale;
    lin = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', n, g, n);
    if (lin != 0) { st = lin < 0 ? LS_EARG : (int)lin; goto done; }
  }
  memset(z, 0, (size_t)k * sizeof(double));
  memset(u, 0, (size_t)k * sizeof(double));
  for (it = 1; it <= opt->max_iter; it++) {
    double r = 0.0, s = 0.0, nx, nz, nu;
    /* x = projection of z - u onto {phi x = y} */
    for (i = 0; i < k; i++) v[i] = z[i] - u[i];
    memcpy(x, v, (size_t)k * sizeof(double));
    if (n > 0) {
      ls_gemm('N', 'N', n, 1, k, 1.0, phi, n, v, k, 0.0, w, n);
      for (i = 0; i < n; i++) w[i] -= y[i];
      LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', n, 1, g, n, w, n);
      ls_gemm('T', 'N', k, 1, n, -1.0, phi, n, w, n, 1.0, x, k);
    }
    memcpy(zold, z, (size_t)k * sizeof(double));
    for (i = 0; i < k; i++) {  /* soft threshold */
      double a = x[i] + u[i], t = 1.0 / rho;
      z[i] = a > t ? a - t : (a < -t ? a + t : 0.0);
    }
    for (i = 0; i < k; i++) {
      u[i] += x[i] - z[i];
      r += (x[i] - z[i]) * (x[i] - z[i]);
      s += (z[i] - zold[i]) * (z[i] - zold[i]);
    }
    r = sqrt(r);
    s = rho * sqrt(s);
    nx = nrm((size_t)k, x); nz = nrm((size_t)k, z); nu = rho * nrm((size_t)k, u);
    info->iterations = it;
    info->primal = r / (nx > nz ? (nx > 0 ? nx : 1.0) : nz);
    info->dual = s / (nu > 0 ? nu : 1.0);
    info->objective = 0.0;
    for (i = 0; i < k; i++) info->objective += fabs(x[i]);
    if (opt->every > 0 && opt->progress && it % opt->every == 0 &&
        opt->progress(opt->ctx, it, info->primal, info->dual, info->objective)) {
      info->stopped = 1;
      break;
    }
    if (info->primal <= opt->tol && info->dual <= opt->tol) {
      info->converged = 1;
      break;
    }
    if (it % ADAPT_EVERY == 0) {
      double f = 1.0;
      if (r > MU * s) f = TAU;
      else if (s > MU * r) f = 1.0 / TAU;
      rho *= f;
      for (i = 0; i < k; i++) u[i] /= f;
    }
  }
  memcpy(theta, x, (size_t)k * sizeof(double));
  info->rho = rho;
done:
  free(g); free(x); free(z); free(zold); free(u); free(v); free(w);
  return st;
}
