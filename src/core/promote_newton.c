/*
** promote_newton.c — the exact nuclear-norm fit by a semismooth Newton
** augmented Lagrangian method (promote_newton.h).
**
** The generalized Jacobian of Pi at G = U S V^T (thin SVD) is I - D, D
** the derivative of singular-value thresholding (Ding, Sun & Toh 2014).
** With Ht = U^T H V, g(s) = min(s, 1/sigma) and c = g(s)/s,
**   Pi'[H] = U (O1 o sym(Ht) + O2 o skew(Ht)) V^T + the part of H outside
**            the range of U (or of V) scaled by c,
** O1_ij = (g_i - g_j)/(s_i - s_j), O2_ij = (g_i + g_j)/(s_i + s_j): four
** products with the singular vectors per CG step.  CG is preconditioned by
** (P K P)^+ / sigma, the Hessian when no singular value is thresholded,
** which the theta-step has factored already.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linalg.h"
#include "promote_newton.h"

#define SIGMA_GROWTH 10.0   /* penalty factor while the primal residual lags */
#define SIGMA_MAX 1e14
#define MAX_NEWTON 60       /* Newton steps per subproblem */
#define MAX_CG 300          /* CG steps per Newton step */
#define ARMIJO 1e-4
#define EPS_CURV 1e-8
#define ROUND (16 * 2.220446049250313e-16)
#define INNER 0.5           /* subproblems are solved to INNER * tol */
#define INNER_PRIMAL 0.3    /* ... or to this fraction of the last primal
                               residual when that is larger */
#define SINGLE_ABOVE 1e-6   /* Pi' in single precision for subproblems solved
                               to this or looser */

typedef struct Decomp {   /* the decomposition at one point */
  double *G, *U, *S, *VT, *Pi, psi, nsvt, nuc;
} Decomp;

typedef struct Nt {
  const ls_Op *op;
  ls_ThetaStep *step;
  int s, q, k, mn, tall;
  double sigma, eps;
  const double *lam;
  Decomp cur, trial;
  double *T;                                   /* evaluate's scratch */
  int single;                      /* Pi' in single precision (dpi) */
  void *Up, *VTp, *Hp, *Yp, *Htp, *Rp, *Tp;   /* Pi' workspace */
  double *O1, *O2, *c;              /* the weights of D at cur */
  double *grad, *d, *r, *z, *p, *hp, *th;
} Nt;


static int alloc_decomp (Decomp *D, int s, int q, int mn) {
  D->G = malloc((size_t)s * q * sizeof(double));
  D->U = malloc(((size_t)s * mn + 1) * sizeof(double));
  D->S = malloc(((size_t)mn + 1) * sizeof(double));
  D->VT = malloc(((size_t)mn * q + 1) * sizeof(double));
  D->Pi = malloc((size_t)s * q * sizeof(double));
  return D->G && D->U && D->S && D->VT && D->Pi;
}

static void free_decomp (Decomp *D) {
  free(D->G); free(D->U); free(D->S); free(D->VT); free(D->Pi);
}


/* D at theta: G = B theta + lam / sigma, its SVD, Pi = U min(S, 1/sigma)
   V^T (from the singular values, not as G - SVT(G): sigma Pi, the next
   multiplier, would carry sigma times the rounding of G) and
   psi = |SVT(G)|_* + sigma/2 |Pi|^2 */
static int evaluate (Nt *w, const double *theta, Decomp *D) {
  int s = w->s, q = w->q, mn = w->mn, i, j, st;
  double tau = 1.0 / w->sigma, sum = 0.0, pi2 = 0.0, f2 = 0.0;
  size_t n = (size_t)s * q;
  if ((st = ls_op_apply(w->op, theta, D->G)) != LS_OK) return st;
  for (i = 0; i < (int)n; i++) D->G[i] += w->lam[i] * tau;
  if ((st = ls_svd(s, q, D->G, D->U, D->S, D->VT)) != LS_OK) return st;
  for (j = 0; j < mn; j++) {   /* T = U diag(min(S, tau)), Pi = T V^T */
    double f = D->S[j] > tau ? D->S[j] - tau : 0.0, g = D->S[j] - f;
    sum += f;
    f2 += f * f;
    pi2 += g * g;
    for (i = 0; i < s; i++) w->T[(size_t)j * s + i] = D->U[(size_t)j * s + i] * g;
  }
  ls_gemm('N', 'N', s, q, mn, 1.0, w->T, s, D->VT, mn, 0.0, D->Pi, s);
  D->psi = sum + 0.5 * w->sigma * pi2;
  D->nsvt = sqrt(f2);
  D->nuc = sum;
  return LS_OK;
}


/* Pi' runs in single or double precision on the same buffers (sized for
   double): entry i of a buffer, and a product C = op(A) op(B) */
static double rd (const void *p, size_t i, int single) {
  return single ? (double)((const float *)p)[i] : ((const double *)p)[i];
}

static void wr (void *p, size_t i, int single, double v) {
  if (single) ((float *)p)[i] = (float)v;
  else ((double *)p)[i] = v;
}

static void gemm (int single, char ta, char tb, int m, int n, int k,
                  const void *a, int lda, const void *b, int ldb, void *c, int ldc) {
  if (single)
    ls_sgemm(ta, tb, m, n, k, 1.0f, (const float *)a, lda, (const float *)b, ldb,
             0.0f, (float *)c, ldc);
  else
    ls_gemm(ta, tb, m, n, k, 1.0, (const double *)a, lda, (const double *)b, ldb,
            0.0, (double *)c, ldc);
}


/* the weights of Pi' at cur: those of D subtracted from 1, computed from
   g = min(s, 1/sigma) so that no weight is a difference of nearly equal
   numbers (1 - O2_ij = (g_i + g_j)/(s_i + s_j), 1 - c_j = g_j/s_j) */
static void weights (Nt *w) {
  int mn = w->mn, i, j;
  const double *S = w->cur.S;
  double tau = 1.0 / w->sigma;
  size_t nu = (size_t)w->s * mn, nv = (size_t)mn * w->q, t;
  for (t = 0; t < nu; t++) wr(w->Up, t, w->single, w->cur.U[t]);
  for (t = 0; t < nv; t++) wr(w->VTp, t, w->single, w->cur.VT[t]);
  for (j = 0; j < mn; j++) {
    double gj = fmin(S[j], tau);
    w->c[j] = S[j] > 0 ? gj / S[j] : 1.0;
    for (i = 0; i < mn; i++) {
      double gi = fmin(S[i], tau), o1, o2, den = S[i] + S[j];
      if (S[i] > tau && S[j] > tau) o1 = 0.0;          /* g is tau */
      else if (!(S[i] > tau) && !(S[j] > tau)) o1 = 1.0;   /* g is s */
      else o1 = (gi - gj) / (S[i] - S[j]);
      o2 = den > 0 ? (gi + gj) / den : 1.0;
      w->O1[(size_t)j * mn + i] = o1;
      w->O2[(size_t)j * mn + i] = o2;
    }
  }
}


/* out = Pi'(G)[H] at cur.  Written as (U R + Y diag(c)) V^T (tall; the
   transpose for wide) with Y = H V, Ht = U^T Y and
   R = O1 o sym(Ht) + O2 o skew(Ht) - Ht diag(c), not as H - D[H]: when
   sigma is large Pi' is small, and the difference would lose its digits.
   H is scaled to a unit largest entry, so that nothing overflows or
   underflows single precision */
static void dpi (Nt *w, const double *H, double *out) {
  int s = w->s, q = w->q, mn = w->mn, i, j, sp = w->single;
  size_t n = (size_t)s * q;
  void *Hp = w->Hp, *Y = w->Yp, *Ht = w->Htp, *R = w->Rp, *T = w->Tp;
  double hmax = 0.0, hs;
  for (i = 0; i < (int)n; i++) hmax = fmax(hmax, fabs(H[i]));
  if (!(hmax > 0.0)) { memset(out, 0, n * sizeof(double)); return; }
  hs = 1.0 / hmax;
  for (i = 0; i < (int)n; i++) wr(Hp, (size_t)i, sp, H[i] * hs);
  if (w->tall) {   /* Y = H V, Ht = U^T Y */
    gemm(sp, 'N', 'T', s, mn, q, Hp, s, w->VTp, mn, Y, s);
    gemm(sp, 'T', 'N', mn, mn, s, w->Up, s, Y, s, Ht, mn);
  }
  else {           /* Y = U^T H (mn x q), Ht = Y V */
    gemm(sp, 'T', 'N', mn, q, s, w->Up, s, Hp, s, Y, mn);
    gemm(sp, 'N', 'T', mn, mn, q, Y, mn, w->VTp, mn, Ht, mn);
  }
  for (j = 0; j < mn; j++)
    for (i = 0; i < mn; i++) {
      size_t ij = (size_t)j * mn + i;
      double a = rd(Ht, ij, sp), b = rd(Ht, (size_t)i * mn + j, sp);
      double v = w->O1[ij] * 0.5 * (a + b) + w->O2[ij] * 0.5 * (a - b);
      wr(R, ij, sp, v - (w->tall ? w->c[j] : w->c[i]) * a);
    }
  if (w->tall) {   /* (U R + Y diag(c)) V^T */
    gemm(sp, 'N', 'N', s, mn, mn, w->Up, s, R, mn, T, s);
    for (j = 0; j < mn; j++)
      for (i = 0; i < s; i++) {
        size_t t = (size_t)j * s + i;
        wr(T, t, sp, rd(T, t, sp) + w->c[j] * rd(Y, t, sp));
      }
    gemm(sp, 'N', 'N', s, q, mn, T, s, w->VTp, mn, Hp, s);
  }
  else {           /* U (R V^T + diag(c) Y) */
    gemm(sp, 'N', 'N', mn, q, mn, R, mn, w->VTp, mn, T, mn);
    for (j = 0; j < q; j++)
      for (i = 0; i < mn; i++) {
        size_t t = (size_t)j * mn + i;
        wr(T, t, sp, rd(T, t, sp) + w->c[i] * rd(Y, t, sp));
      }
    gemm(sp, 'N', 'N', s, q, mn, w->Up, s, T, mn, Hp, s);
  }
  for (i = 0; i < (int)n; i++) out[i] = hmax * rd(Hp, (size_t)i, sp);
}


static double dot (int n, const double *a, const double *b) {
  double s = 0.0;
  int i;
  for (i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}


/* hp = sigma P B^* Pi'(G)[B x] + eps x */
static int hessian (Nt *w, const double *x, double *hp) {
  int k = w->k, i, st;
  double *bx = w->trial.G;   /* the trial point's buffers as scratch */
  if ((st = ls_op_apply(w->op, x, bx)) != LS_OK) return st;
  dpi(w, bx, w->trial.Pi);
  if ((st = ls_op_adjoint(w->op, w->trial.Pi, hp)) != LS_OK) return st;
  ls_theta_step_project(w->step, hp, hp);
  for (i = 0; i < k; i++) hp[i] = w->sigma * hp[i] + w->eps * x[i];
  return LS_OK;
}


/* d ~ -H^-1 grad by preconditioned CG to the relative residual eta */
static int newton_direction (Nt *w, double eta, int maxit, int *used) {
  int k = w->k, i, it = 0, st;
  double rz, nb;
  memset(w->d, 0, (size_t)k * sizeof(double));
  for (i = 0; i < k; i++) w->r[i] = -w->grad[i];
  nb = ls_norm_fro((size_t)k, w->r);
  ls_theta_step_free_solve(w->step, w->r, w->z);
  for (i = 0; i < k; i++) w->z[i] /= w->sigma;
  memcpy(w->p, w->z, (size_t)k * sizeof(double));
  rz = dot(k, w->r, w->z);
  while (it < maxit && ls_norm_fro((size_t)k, w->r) > eta * nb) {
    double php, a, rz1;
    if ((st = hessian(w, w->p, w->hp)) != LS_OK) return st;
    it++;
    php = dot(k, w->p, w->hp);
    if (!(php > 0)) break;
    a = rz / php;
    for (i = 0; i < k; i++) { w->d[i] += a * w->p[i]; w->r[i] -= a * w->hp[i]; }
    ls_theta_step_free_solve(w->step, w->r, w->z);
    for (i = 0; i < k; i++) w->z[i] /= w->sigma;
    rz1 = dot(k, w->r, w->z);
    if (!(rz > 0)) break;
    for (i = 0; i < k; i++) w->p[i] = w->z[i] + (rz1 / rz) * w->p[i];
    rz = rz1;
  }
  if (it == 0 || !(dot(k, w->d, w->grad) < 0)) {   /* preconditioned descent */
    ls_theta_step_free_solve(w->step, w->grad, w->d);
    for (i = 0; i < k; i++) w->d[i] /= -w->sigma;
  }
  *used = it;
  return LS_OK;
}


/* g = P B^* (sigma Pi) at D; *gnorm = |g|, *scale = max(|B^* L+|, |B|_2) */
static int gradient_at (Nt *w, const Decomp *D, double opnorm, double *g,
                        double *gnorm, double *scale) {
  int k = w->k, i, st;
  if ((st = ls_op_adjoint(w->op, D->Pi, g)) != LS_OK) return st;
  for (i = 0; i < k; i++) g[i] *= w->sigma;
  *scale = fmax(ls_norm_fro((size_t)k, g), opnorm);
  ls_theta_step_project(w->step, g, g);
  *gnorm = ls_norm_fro((size_t)k, g);
  return LS_OK;
}

static int gradient (Nt *w, double opnorm, double *gnorm, double *scale) {
  return gradient_at(w, &w->cur, opnorm, w->grad, gnorm, scale);
}


static void swap (Decomp *a, Decomp *b) { Decomp t = *a; *a = *b; *b = t; }


int ls_nuclear_newton (const ls_Op *op, ls_ThetaStep *step, double opnorm,
                       double tol, int budget, double *theta, double *lam,
                       double *sigma, ls_NewtonResult *res) {
  return ls_nuclear_newton_progress(op, step, opnorm, tol, budget, theta, lam, sigma,
                                    NULL, NULL, 0, res);
}


int ls_nuclear_newton_progress (const ls_Op *op, ls_ThetaStep *step, double opnorm,
                                double tol, int budget, double *theta, double *lam,
                                double *sigma, ls_progress progress, void *ctx,
                                int offset, ls_NewtonResult *res) {
  Nt w;
  int s = ls_op_rowcount(op), q = ls_op_gens(op), k = ls_op_params(op);
  int mn = s < q ? s : q, big = s > q ? s : q, st = LS_OK, i, outer;
  size_t n = (size_t)s * q;
  double *lamn = NULL, last = 1.0;
  memset(&w, 0, sizeof(w));
  memset(res, 0, sizeof(*res));
  if (k == 0 || n == 0) { res->converged = 1; return LS_OK; }
  w.op = op; w.step = step; w.s = s; w.q = q; w.k = k; w.mn = mn; w.tall = s >= q;
  w.sigma = *sigma > 0 ? *sigma : 1.0;
  w.lam = lam;
  w.T = malloc(((size_t)big * mn + 1) * sizeof(double));
  w.Up = malloc(((size_t)s * mn + 1) * sizeof(double));
  w.VTp = malloc(((size_t)mn * q + 1) * sizeof(double));
  w.Hp = malloc((n + 1) * sizeof(double));
  w.Yp = malloc(((size_t)big * mn + 1) * sizeof(double));
  w.Htp = malloc(((size_t)mn * mn + 1) * sizeof(double));
  w.Rp = malloc(((size_t)mn * mn + 1) * sizeof(double));
  w.Tp = malloc(((size_t)big * mn + 1) * sizeof(double));
  w.O1 = malloc(((size_t)mn * mn + 1) * sizeof(double));
  w.O2 = malloc(((size_t)mn * mn + 1) * sizeof(double));
  w.c = malloc(((size_t)mn + 1) * sizeof(double));
  w.grad = malloc((size_t)k * sizeof(double));
  w.d = malloc((size_t)k * sizeof(double));
  w.r = malloc((size_t)k * sizeof(double));
  w.z = malloc((size_t)k * sizeof(double));
  w.p = malloc((size_t)k * sizeof(double));
  w.hp = malloc((size_t)k * sizeof(double));
  w.th = malloc((size_t)k * sizeof(double));
  lamn = malloc(n * sizeof(double));
  if (!alloc_decomp(&w.cur, s, q, mn) || !alloc_decomp(&w.trial, s, q, mn) ||
      !w.T || !w.Up || !w.VTp || !w.Hp || !w.Yp || !w.Htp || !w.Rp || !w.Tp || !w.O1 || !w.O2 || !w.c || !w.grad ||
      !w.d || !w.r || !w.z || !w.p || !w.hp || !w.th || !lamn) {
    st = LS_ENOMEM;
    goto done;
  }
  for (outer = 0; ; outer++) {
    double gnorm = 0.0, dscale = 1.0, pr, pscale, nb2 = 0.0;
    int stepn;
    /* the subproblem's accuracy follows the primal residual: early ones
       need not be solved to tol (a third of the CG steps saved) */
    double inner = fmax(INNER * tol, INNER_PRIMAL * last);
    /* Pi' is two thirds of a CG step, and sgemm does its products in half
       the time; single precision limits the Newton steps' accuracy to
       about 1e-7 relative, which the looser subproblems do not need (on
       se(30) it cost a third more steps at tol 1e-8) */
    w.single = inner >= SINGLE_ABOVE;
    /* a floor on the curvature: psi is linear along directions in which
       every singular value stays above the threshold */
    w.eps = EPS_CURV * w.sigma * opnorm * opnorm;
    if ((st = evaluate(&w, theta, &w.cur)) != LS_OK) goto done;
    res->work++;
    /* the subproblem: semismooth Newton with an Armijo line search */
    for (stepn = 0; stepn < MAX_NEWTON; stepn++) {
      double gd, a = 1.0, eta;
      int used, tries, rounding, accepted;
      if ((st = gradient(&w, opnorm, &gnorm, &dscale)) != LS_OK) goto done;
      if (gnorm <= inner * dscale || res->work >= budget) break;
      weights(&w);
      eta = fmin(0.1, sqrt(gnorm / dscale));
      if ((st = newton_direction(&w, eta, budget - res->work < MAX_CG ? budget - res->work : MAX_CG,
                                 &used)) != LS_OK) goto done;
      res->work += used;
      res->cg += used;
      gd = dot(k, w.grad, w.d);
      /* Armijo on psi while its predicted decrease is above psi's
         rounding; below it (the last steps, near the subproblem's
         solution) psi cannot tell, and a step is taken when it reduces
         the gradient instead */
      rounding = -gd <= ROUND * fabs(w.cur.psi);
      for (tries = 0, accepted = 0; tries < 40 && res->work < budget; tries++) {
        for (i = 0; i < k; i++) w.th[i] = theta[i] + a * w.d[i];
        if ((st = evaluate(&w, w.th, &w.trial)) != LS_OK) goto done;
        res->work++;
        if (!rounding && w.trial.psi <= w.cur.psi + ARMIJO * a * gd) { accepted = 1; break; }
        if (rounding) {
          double gt, sc;
          if ((st = gradient_at(&w, &w.trial, opnorm, w.hp, &gt, &sc)) != LS_OK) goto done;
          if (gt < (1.0 - ARMIJO * a) * gnorm) { accepted = 1; break; }
        }
        a *= 0.5;
      }
      res->steps++;
      if (!accepted) break;   /* no decrease left, or no budget */
      memcpy(theta, w.th, (size_t)k * sizeof(double));
      swap(&w.cur, &w.trial);
    }
    if ((st = gradient(&w, opnorm, &gnorm, &dscale)) != LS_OK) goto done;
    /* the multiplier update and the residuals, as ADMM measures them */
    for (i = 0; i < (int)n; i++) {
      double bt = w.cur.G[i] - lam[i] / w.sigma;   /* B theta */
      lamn[i] = w.sigma * w.cur.Pi[i];
      nb2 += bt * bt;
    }
    pr = 0.0;
    for (i = 0; i < (int)n; i++) pr += (lamn[i] - lam[i]) * (lamn[i] - lam[i]);
    pr = sqrt(pr) / w.sigma;
    pscale = fmax(fmax(sqrt(nb2), w.cur.nsvt),
                  fmax(opnorm * fmax(ls_norm_fro((size_t)k, theta), step->fit_size), 1e-300));
    memcpy(lam, lamn, n * sizeof(double));
    res->outer = outer + 1;
    res->primal = pr / pscale;
    res->dual = gnorm / dscale;
    res->zero_level = tol * pscale;
    if (res->primal <= tol && res->dual <= tol) { res->converged = 1; break; }
    if (progress != NULL && progress(ctx, offset + res->work, res->primal, res->dual, w.cur.nuc)) {
      res->stopped = 1;
      break;
    }
    if (res->work >= budget) break;
    last = res->primal;
    if (res->primal > tol && w.sigma < SIGMA_MAX) w.sigma *= SIGMA_GROWTH;
  }
  /* the objective |B theta|_* */
  if ((st = ls_op_apply(op, theta, w.cur.G)) != LS_OK) goto done;
  if ((st = ls_svd(s, q, w.cur.G, NULL, w.cur.S, NULL)) != LS_OK) goto done;
  res->objective = 0.0;
  for (i = 0; i < mn; i++) res->objective += w.cur.S[i];
  *sigma = w.sigma;
done:
  free_decomp(&w.cur); free_decomp(&w.trial);
  free(w.T); free(w.Up); free(w.VTp); free(w.Hp); free(w.Yp); free(w.Htp);
  free(w.Rp); free(w.Tp); free(w.O1); free(w.O2); free(w.c);
  free(w.grad); free(w.d); free(w.r); free(w.z); free(w.p); free(w.hp); free(w.th);
  free(lamn);
  return st;
}
