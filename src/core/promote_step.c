/*
** promote_step.c — the exact theta-step of the nuclear-norm ADMM
** (promote_step.h): one SVD of the data and one symmetric eigen-
** decomposition per data set, then two products per step.
**
** Why not a factorisation of the step's matrix: the penalized form's
** matrix P + rho K' changes with the penalty and is singular on the
** directions that change neither B theta nor the fit; a Cholesky factor
** with a small ridge failed there for small rho, and the ridge turned
** rounding into steps of size eps / ridge along those directions, which
** the acceleration then extrapolated (|W| = 1e12 on a fully symmetric
** problem).  In the pencil's coordinates every rho is exact and those
** directions are not there.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include <lapacke.h>

#include "linalg.h"
#include "promote_step.h"
#include "rank.h"

#define CONSISTENT 1e-8   /* relative residual below which Phi theta = y holds */


/* descending copy of an ascending spectrum, negatives clamped to 0 */
static double *descending (int n, const double *w) {
  double *s = (double *)malloc(((size_t)n + 1) * sizeof(double));
  int i;
  if (s == NULL) return NULL;
  for (i = 0; i < n; i++) s[i] = w[n - 1 - i] > 0 ? w[n - 1 - i] : 0.0;
  return s;
}


/* the rank of a spectrum (descending) at the default threshold relative
   to the larger of its largest value and `scale` (the size of the matrix
   it came from: a block of K' can be all rounding): the one rank
   decision, threshold mode */
static int decide (int n, int dim, const double *s, double scale) {
  ls_RankRule rule;
  ls_Spectrum sp;
  double tol;
  int r;
  if (n == 0) return 0;
  tol = ls_default_tol(dim, dim, s[0] > scale ? s[0] : scale);
  ls_rank_rule(NULL, &rule);
  memset(&sp, 0, sizeof(sp));
  r = ls_rank_decide(n, s, tol, tol, &rule, &sp);
  ls_spectrum_clear(&sp);
  return r;
}


/* the data's rank, the minimum-norm least-squares solution theta0 and,
   for the exact form, null(Phi_b) (the last kb - rank rows of vt) */
static int data_part (ls_ThetaStep *s, const ls_FitData *d, double *vt) {
  int N = d->npts, kb = d->kb, no = d->nout, mn = N < kb ? N : kb, r, o, c, st;
  double *sv = NULL, *x = NULL, *res = NULL, ny, nx, nr;
  sv = (double *)malloc(((size_t)mn + 1) * sizeof(double));
  x = (double *)calloc((size_t)kb * no + 1, sizeof(double));
  res = (double *)malloc(((size_t)N * no + 1) * sizeof(double));
  if (!sv || !x || !res) { st = LS_ENOMEM; goto done; }
  if ((st = ls_svd_right(N, kb, d->phi, sv, vt)) != LS_OK) goto done;
  s->data_rank = r = decide(mn, N > kb ? N : kb, sv, 0.0);
  if (r < 0) { st = r; goto done; }
  if (r > 0) {
    int rank;
    /* rcond puts dgelsd's cut where the decision put it */
    double rc = 0.5 * (sv[r - 1] + (r < mn ? sv[r] : 0.0)) / sv[0];
    if ((st = ls_lstsq(N, kb, no, d->phi, d->y, rc, x, &rank, NULL)) != LS_OK) goto done;
  }
  for (o = 0; o < no; o++)   /* theta0 = vec(W0), W0 = x^T */
    for (c = 0; c < kb; c++) s->theta0[o + (size_t)no * c] = x[c + (size_t)kb * o];
  memcpy(res, d->y, (size_t)N * no * sizeof(double));
  if (N > 0) ls_gemm('N', 'N', N, no, kb, 1.0, d->phi, N, x, kb, -1.0, res, N);
  ny = ls_norm_fro((size_t)N * no, d->y);
  nx = ls_norm_fro((size_t)kb * no, x);
  nr = ls_norm_fro((size_t)N * no, res);
  s->residual = ny > 0 ? nr / ny : 0.0;
  s->fit_size = (mn > 0 && sv[0] > 0) ? ny / sv[0] : 0.0;
  if (s->exact && nr > CONSISTENT * (ny + (mn > 0 ? sv[0] : 0.0) * nx)) st = LS_EINCONSISTENT;
done:
  free(sv); free(x); free(res);
  return st;
}


/* exact form by Cholesky: with V (k x nr) an orthonormal basis of the
   data's row space and P_Z = I - V V^T, the step is theta0 + x with
   M x = P_Z (rhs - K' theta0), M = P_Z K' P_Z + c V V^T (c > 0): M is
   Z G Z^T + c V V^T for G = Z^T K' Z, so x = Z G^-1 Z^T (...), with no
   eigendecomposition and no k x kc products.  M is formed as
   K' - (V T^T + T V^T), T = K' V - V (V^T K' V + c I) / 2 (one rank-2nr
   update) and factored with pivoting (dpstrf); 1 when it has full rank
   (the optimum is unique), 0 when some direction is (numerically) left
   undetermined: the eigendecomposition then decides which. */
static int exact_chol (ls_ThetaStep *s, const ls_FitData *d, const double *K,
                       const double *vt, int ldvt, double *theta) {
  int kb = d->kb, no = d->nout, k = s->k, rb = s->data_rank, nr = rb * no;
  int i, j, c, o, rank, st = LS_OK, used = 0;
  double *V = NULL, *KV = NULL, *H = NULL, *M = NULL, *t = NULL, cs = 0.0;
  lapack_int info, *piv = NULL, lrank;
  V = (double *)calloc((size_t)k * nr + 1, sizeof(double));
  KV = (double *)malloc(((size_t)k * nr + 1) * sizeof(double));
  H = (double *)malloc(((size_t)nr * nr + 1) * sizeof(double));
  M = (double *)malloc((size_t)k * k * sizeof(double));
  t = (double *)malloc(((size_t)k + nr + 1) * sizeof(double));
  piv = (lapack_int *)malloc(((size_t)k + 1) * sizeof(lapack_int));
  if (!V || !KV || !H || !M || !t || !piv) { st = LS_ENOMEM; goto done; }
  for (j = 0; j < rb; j++)          /* V = V_b (x) I, column o + no j */
    for (c = 0; c < kb; c++)
      for (o = 0; o < no; o++)
        V[(size_t)(o + no * j) * k + o + (size_t)no * c] = vt[j + (size_t)ldvt * c];
  for (i = 0; i < k; i++) if (K[(size_t)i * k + i] > cs) cs = K[(size_t)i * k + i];
  if (!(cs > 0)) cs = 1.0;
  memcpy(M, K, (size_t)k * k * sizeof(double));
  if (nr > 0) {
    ls_gemm('N', 'N', k, nr, k, 1.0, K, k, V, k, 0.0, KV, k);
    ls_gemm('T', 'N', nr, nr, k, 1.0, V, k, KV, k, 0.0, H, nr);
    for (i = 0; i < nr; i++) H[(size_t)i * nr + i] += cs;
    ls_gemm('N', 'N', k, nr, nr, -0.5, V, k, H, nr, 1.0, KV, k);   /* T */
    cblas_dsyr2k(CblasColMajor, CblasLower, CblasNoTrans, k, nr, -1.0, V, k, KV, k,
                 1.0, M, k);
  }
  info = LAPACKE_dpstrf(LAPACK_COL_MAJOR, 'L', k, M, k, piv, &lrank, -1.0);
  if (info < 0) { st = LS_EARG; goto done; }
  rank = (int)lrank;
  if (rank < k) goto done;   /* not unique, or too close to it */
  s->chol = M; M = NULL;
  s->vr = V; V = NULL;
  s->piv = (int *)malloc(((size_t)k + 1) * sizeof(int));
  s->hz = (double *)malloc(((size_t)k + 1) * sizeof(double));
  s->vw = (double *)malloc(((size_t)(k > nr ? k : nr) + 1) * sizeof(double));
  s->pd = (double *)malloc(((size_t)k + 1) * sizeof(double));
  if (!s->piv || !s->hz || !s->vw || !s->pd) { st = LS_ENOMEM; goto done; }
  for (i = 0; i < k; i++) s->piv[i] = (int)piv[i] - 1;
  s->nr = nr;
  s->kr = kb * no - nr;   /* the free dimension */
  s->nonunique = 0;
  /* hz = P_Z K' theta0 */
  ls_gemm('N', 'N', k, 1, k, 1.0, K, k, s->theta0, k, 0.0, s->hz, k);
  if (nr > 0) {
    ls_gemm('T', 'N', nr, 1, k, 1.0, s->vr, k, s->hz, k, 0.0, t, nr);
    ls_gemm('N', 'N', k, 1, nr, -1.0, s->vr, k, t, nr, 1.0, s->hz, k);
  }
  if (theta != NULL) {   /* theta0 + P_Z (theta - theta0) */
    for (i = 0; i < k; i++) theta[i] -= s->theta0[i];
    if (nr > 0) {
      ls_gemm('T', 'N', nr, 1, k, 1.0, s->vr, k, theta, k, 0.0, t, nr);
      ls_gemm('N', 'N', k, 1, nr, -1.0, s->vr, k, t, nr, 1.0, theta, k);
    }
    for (i = 0; i < k; i++) theta[i] += s->theta0[i];
  }
  used = 1;
done:
  free(V); free(KV); free(H); free(M); free(t); free(piv);
  return st != LS_OK ? st : used;
}


/* x = M^-1 b with the pivoted factor: P^T M P = L L^T */
static void chol_solve (ls_ThetaStep *s, const double *b, double *x) {
  int k = s->k, i;
  for (i = 0; i < k; i++) s->vw[i] = b[s->piv[i]];
  cblas_dtrsv(CblasColMajor, CblasLower, CblasNoTrans, CblasNonUnit, k, s->chol, k, s->vw, 1);
  cblas_dtrsv(CblasColMajor, CblasLower, CblasTrans, CblasNonUnit, k, s->chol, k, s->vw, 1);
  for (i = 0; i < k; i++) x[s->piv[i]] = s->vw[i];
}


/* d - V V^T d, into out (k) */
static void project_free (ls_ThetaStep *s, const double *d, double *out) {
  int k = s->k, nr = s->nr;
  if (out != d) memcpy(out, d, (size_t)k * sizeof(double));
  if (nr == 0) return;
  ls_gemm('T', 'N', nr, 1, k, 1.0, s->vr, k, d, k, 0.0, s->vw, nr);
  ls_gemm('N', 'N', k, 1, nr, -1.0, s->vr, k, s->vw, nr, 1.0, out, k);
}



/* exact form: Z = an orthonormal basis of null(Phi) (x) I in which
   Z^T K' Z is diagonal, without its null directions */
static int exact_part (ls_ThetaStep *s, const ls_FitData *d, const double *K,
                       const double *vt, double *theta) {
  int kb = d->kb, no = d->nout, k = s->k, nz = kb - s->data_rank, kc = nz * no;
  int j, c, o, r, st = LS_OK;
  double *Z = NULL, *KZ = NULL, *G = NULL, *E = NULL, *g = NULL, *gd = NULL, *t = NULL;
  if (kc == 0) return LS_OK;
  Z = (double *)calloc((size_t)k * kc, sizeof(double));
  KZ = (double *)malloc((size_t)k * kc * sizeof(double));
  G = (double *)malloc((size_t)kc * kc * sizeof(double));
  E = (double *)malloc((size_t)kc * kc * sizeof(double));
  g = (double *)malloc((size_t)kc * sizeof(double));
  t = (double *)malloc((size_t)k * sizeof(double));
  if (!Z || !KZ || !G || !E || !g || !t) { st = LS_ENOMEM; goto done; }
  for (j = 0; j < nz; j++)          /* Z = Z_b (x) I, column o + no j */
    for (c = 0; c < kb; c++)
      for (o = 0; o < no; o++)
        Z[(size_t)(o + no * j) * k + o + (size_t)no * c] = vt[(s->data_rank + j) + (size_t)kb * c];
  ls_gemm('N', 'N', k, kc, k, 1.0, K, k, Z, k, 0.0, KZ, k);
  ls_gemm('T', 'N', kc, kc, k, 1.0, Z, k, KZ, k, 0.0, G, kc);
  if ((st = ls_eigh(kc, G, g, E)) != LS_OK) goto done;
  if ((gd = descending(kc, g)) == NULL) { st = LS_ENOMEM; goto done; }
  {  /* Z^T K' Z against |K'|_2 >= its largest diagonal entry */
    double kmax = 0.0;
    for (j = 0; j < k; j++) if (K[(size_t)j * k + j] > kmax) kmax = K[(size_t)j * k + j];
    r = decide(kc, k, gd, kmax);
  }
  if (r < 0) { st = r; goto done; }
  s->kr = r;
  s->nonunique = kc - r;
  s->basis = (double *)malloc(((size_t)k * r + 1) * sizeof(double));
  s->lam = (double *)malloc(((size_t)r + 1) * sizeof(double));
  s->h0 = (double *)malloc(((size_t)r + 1) * sizeof(double));
  s->work = (double *)malloc(((size_t)r + 1) * sizeof(double));
  if (!s->basis || !s->lam || !s->h0 || !s->work) { st = LS_ENOMEM; goto done; }
  if (r > 0) {   /* the r largest: the last r eigenvectors */
    ls_gemm('N', 'N', k, r, kc, 1.0, Z, k, E + (size_t)(kc - r) * kc, kc, 0.0, s->basis, k);
    memcpy(s->lam, g + (kc - r), (size_t)r * sizeof(double));
    ls_gemm('N', 'N', k, 1, k, 1.0, K, k, s->theta0, k, 0.0, t, k);
    ls_gemm('T', 'N', r, 1, k, 1.0, s->basis, k, t, k, 0.0, s->h0, r);
  }
  if (theta != NULL) {   /* theta0 + Z Z^T (theta - theta0) */
    for (j = 0; j < k; j++) t[j] = theta[j] - s->theta0[j];
    if (r > 0) {
      ls_gemm('T', 'N', r, 1, k, 1.0, s->basis, k, t, k, 0.0, s->work, r);
      memcpy(theta, s->theta0, (size_t)k * sizeof(double));
      ls_gemm('N', 'N', k, 1, r, 1.0, s->basis, k, s->work, r, 1.0, theta, k);
    }
    else memcpy(theta, s->theta0, (size_t)k * sizeof(double));
  }
done:
  free(Z); free(KZ); free(G); free(E); free(g); free(gd); free(t);
  return st;
}


/* penalized form: the pencil (P, K'), P = Phi^T Phi (x) I, in the
   coordinates V^T (P + sigma K') V = I, V^T K' V = diag(lambda) */
static int penalized_part (ls_ThetaStep *s, const ls_FitData *d, const double *K,
                           double *theta) {
  int N = d->npts, kb = d->kb, no = d->nout, k = s->k, a, b, o, i, j, r, st = LS_OK;
  double *ptp = NULL, *M = NULL, *U = NULL, *mu = NULL, *md = NULL, *C = NULL,
         *S = NULL, *lam = NULL, *mt = NULL, trp = 0.0, trk = 0.0;
  ptp = (double *)calloc((size_t)kb * kb + 1, sizeof(double));
  M = (double *)malloc((size_t)k * k * sizeof(double));
  U = (double *)malloc((size_t)k * k * sizeof(double));
  mu = (double *)malloc((size_t)k * sizeof(double));
  mt = (double *)calloc((size_t)k, sizeof(double));
  s->pty = (double *)calloc((size_t)k, sizeof(double));
  if (!ptp || !M || !U || !mu || !mt || !s->pty) { st = LS_ENOMEM; goto done; }
  if (N > 0) {
    ls_gemm('T', 'N', kb, kb, N, 1.0, d->phi, N, d->phi, N, 0.0, ptp, kb);
    /* (Y^T Phi)[o, c] at o + nout c */
    ls_gemm('T', 'N', no, kb, N, 1.0, d->y, N, d->phi, N, 0.0, s->pty, no);
  }
  for (a = 0; a < kb; a++) trp += no * ptp[(size_t)a * kb + a];
  for (i = 0; i < k; i++) trk += K[(size_t)i * k + i];
  s->sigma = (trp > 0 && trk > 0) ? trp / trk : 1.0;
  for (j = 0; j < k; j++)
    for (i = 0; i < k; i++) M[(size_t)j * k + i] = s->sigma * K[(size_t)j * k + i];
  for (b = 0; b < kb; b++)
    for (a = 0; a < kb; a++)
      for (o = 0; o < no; o++)
        M[(size_t)(o + no * b) * k + o + no * a] += ptp[(size_t)b * kb + a];
  if (theta != NULL) ls_gemm('N', 'N', k, 1, k, 1.0, M, k, theta, k, 0.0, mt, k);
  if ((st = ls_eigh(k, M, mu, U)) != LS_OK) goto done;
  if ((md = descending(k, mu)) == NULL) { st = LS_ENOMEM; goto done; }
  r = decide(k, k, md, 0.0);
  if (r < 0) { st = r; goto done; }
  s->kr = r;
  s->nonunique = k - r;
  /* Q = U_r diag(mu_r^(-1/2)), in place in U's last r columns */
  for (j = k - r; j < k; j++) {
    double f = 1.0 / sqrt(mu[j]);
    for (i = 0; i < k; i++) U[(size_t)j * k + i] *= f;
  }
  C = (double *)malloc(((size_t)r * r + 1) * sizeof(double));
  S = (double *)malloc(((size_t)r * r + 1) * sizeof(double));
  s->lam = lam = (double *)malloc(((size_t)r + 1) * sizeof(double));
  s->work = (double *)malloc(((size_t)r + 1) * sizeof(double));
  s->basis = (double *)malloc(((size_t)k * r + 1) * sizeof(double));
  if (!C || !S || !lam || !s->work || !s->basis) { st = LS_ENOMEM; goto done; }
  if (r > 0) {
    const double *Q = U + (size_t)(k - r) * k;
    ls_gemm('N', 'N', k, r, k, 1.0, K, k, Q, k, 0.0, M, k);      /* K' Q, over M */
    ls_gemm('T', 'N', r, r, k, 1.0, Q, k, M, k, 0.0, C, r);
    if ((st = ls_eigh(r, C, lam, S)) != LS_OK) goto done;
    {  /* the zero lambda: null(K') (the one rank decision on them) */
      double *ld = descending(r, lam);
      int rk;
      if (ld == NULL) { st = LS_ENOMEM; goto done; }
      rk = decide(r, k, ld, 0.0);
      free(ld);
      if (rk < 0) { st = rk; goto done; }
      s->nzero = r - rk;
    }
    ls_gemm('N', 'N', k, r, r, 1.0, Q, k, S, r, 0.0, s->basis, k);
    if (theta != NULL) {   /* V V^T M theta: theta without its null(M) part */
      ls_gemm('T', 'N', r, 1, k, 1.0, s->basis, k, mt, k, 0.0, s->work, r);
      ls_gemm('N', 'N', k, 1, r, 1.0, s->basis, k, s->work, r, 0.0, theta, k);
    }
  }
  else if (theta != NULL) memset(theta, 0, (size_t)k * sizeof(double));
done:
  free(ptp); free(M); free(U); free(mu); free(md); free(C); free(S); free(mt);
  return st;
}


int ls_theta_step_init (ls_ThetaStep *s, const ls_FitData *d, const double *K,
                        int exact, double *theta) {
  double *vt = NULL;
  int st;
  memset(s, 0, sizeof(*s));
  s->k = d->kb * d->nout;
  s->exact = exact;
  s->theta0 = (double *)calloc((size_t)s->k + 1, sizeof(double));
  vt = (double *)malloc(((size_t)d->kb * d->kb + 1) * sizeof(double));
  if (!s->theta0 || !vt) { free(vt); return LS_ENOMEM; }
  st = data_part(s, d, vt);
  if (st == LS_OK && exact && s->data_rank < d->kb) {
    st = exact_chol(s, d, K, vt, d->kb, theta);
    st = st == 1 ? LS_OK : (st == 0 ? exact_part(s, d, K, vt, theta) : st);
  }
  else if (st == LS_OK)
    st = exact ? exact_part(s, d, K, vt, theta) : penalized_part(s, d, K, theta);
  free(vt);
  return st;
}


void ls_theta_step_free (ls_ThetaStep *s) {
  free(s->basis); free(s->lam); free(s->theta0); free(s->h0); free(s->pty);
  free(s->work); free(s->chol); free(s->vr); free(s->hz); free(s->vw); free(s->piv); free(s->pd);
  memset(s, 0, sizeof(*s));
}


void ls_theta_step_solve (ls_ThetaStep *s, double rho, const double *rhs,
                          double *theta) {
  int k = s->k, r = s->kr, i;
  if (s->chol != NULL) {   /* theta0 + M^-1 (P_Z rhs - P_Z K' theta0) */
    project_free(s, rhs, theta);
    for (i = 0; i < k; i++) theta[i] -= s->hz[i];
    chol_solve(s, theta, theta);
    for (i = 0; i < k; i++) theta[i] += s->theta0[i];
    return;
  }
  if (s->exact) {
    memcpy(theta, s->theta0, (size_t)k * sizeof(double));
    if (r == 0) return;
    ls_gemm('T', 'N', r, 1, k, 1.0, s->basis, k, rhs, k, 0.0, s->work, r);
    for (i = 0; i < r; i++) s->work[i] = (s->work[i] - s->h0[i]) / s->lam[i];
    ls_gemm('N', 'N', k, 1, r, 1.0, s->basis, k, s->work, r, 1.0, theta, k);
    return;
  }
  if (r == 0) { memset(theta, 0, (size_t)k * sizeof(double)); return; }
  for (i = 0; i < k; i++) theta[i] = rho * rhs[i] + s->pty[i];
  ls_gemm('T', 'N', r, 1, k, 1.0, s->basis, k, theta, k, 0.0, s->work, r);
  for (i = 0; i < r; i++) {  /* 1 - sigma lambda >= 0 but for rounding */
    double p = 1.0 - s->sigma * s->lam[i];
    s->work[i] /= (p > 0 ? p : 0.0) + rho * s->lam[i];
  }
  ls_gemm('N', 'N', k, 1, r, 1.0, s->basis, k, s->work, r, 0.0, theta, k);
}


double ls_theta_step_dual_norm (ls_ThetaStep *s, const double *d) {
  if (!s->exact) return ls_norm_fro((size_t)s->k, d);
  if (s->chol != NULL) {   /* |P_Z d|, projected (not |d|^2 - |V^T d|^2,
                              which cancels when d lies nearly in range V) */
    project_free(s, d, s->pd);
    return ls_norm_fro((size_t)s->k, s->pd);
  }
  if (s->kr == 0) return 0.0;
  ls_gemm('T', 'N', s->kr, 1, s->k, 1.0, s->basis, s->k, d, s->k, 0.0, s->work, s->kr);
  return ls_norm_fro((size_t)s->kr, s->work);
}


void ls_theta_step_project (ls_ThetaStep *s, const double *d, double *out) {
  int k = s->k, r = s->kr;
  if (s->chol != NULL) { project_free(s, d, out); return; }
  if (r == 0) { memset(out, 0, (size_t)k * sizeof(double)); return; }
  ls_gemm('T', 'N', r, 1, k, 1.0, s->basis, k, d, k, 0.0, s->work, r);
  ls_gemm('N', 'N', k, 1, r, 1.0, s->basis, k, s->work, r, 0.0, out, k);
}


/* Cholesky route: M^-1 P_Z r = Z G^-1 Z^T r, since M = Z G Z^T + c V V^T;
   eigen route: Z diag(1/g) Z^T r */
void ls_theta_step_free_solve (ls_ThetaStep *s, const double *r, double *out) {
  int k = s->k, n = s->kr, i;
  if (s->chol != NULL) {
    project_free(s, r, s->pd);
    chol_solve(s, s->pd, out);
    return;
  }
  if (n == 0) { memset(out, 0, (size_t)k * sizeof(double)); return; }
  ls_gemm('T', 'N', n, 1, k, 1.0, s->basis, k, r, k, 0.0, s->work, n);
  for (i = 0; i < n; i++) s->work[i] /= s->lam[i];
  ls_gemm('N', 'N', k, 1, n, 1.0, s->basis, k, s->work, n, 0.0, out, k);
}


/* theta = V_0 V_0^T Phi^T y over the first nzero columns of V */
void ls_theta_step_symmetric_fit (ls_ThetaStep *s, double *theta) {
  int k = s->k, z = s->nzero;
  memset(theta, 0, (size_t)k * sizeof(double));
  if (s->exact || z == 0) return;
  ls_gemm('T', 'N', z, 1, k, 1.0, s->basis, k, s->pty, k, 0.0, s->work, z);
  ls_gemm('N', 'N', k, 1, z, 1.0, s->basis, k, s->work, z, 0.0, theta, k);
}


/* x = V_+ diag(1/lambda_+) V_+^T g: K' V = M V diag(lambda) and M V V^T
   is the identity on range(M), which holds range(K') */
void ls_theta_step_range_solve (ls_ThetaStep *s, const double *g, double *x) {
  int k = s->k, z = s->nzero, n = s->kr - s->nzero, i;
  const double *Vp = s->basis + (size_t)z * k;
  memset(x, 0, (size_t)k * sizeof(double));
  if (s->exact || n <= 0) return;
  ls_gemm('T', 'N', n, 1, k, 1.0, Vp, k, g, k, 0.0, s->work, n);
  for (i = 0; i < n; i++) s->work[i] /= s->lam[z + i];
  ls_gemm('N', 'N', k, 1, n, 1.0, Vp, k, s->work, n, 0.0, x, k);
}
