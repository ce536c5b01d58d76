/*
** promote.c — ADMM for symmetry-promoting fits (Boyd et al., "Distributed
** optimization and statistical learning via the alternating direction
** method of multipliers", 2011, with over-relaxation and a penalty that
** balances the relative residuals), accelerated by Anderson mixing of the whole iterate
** (as SCS 3 does; anderson.c) with a safeguard that falls back to the
** plain step whenever the fixed-point residual grows.
**
** Nuclear norm: split Z = B(theta) (and V = theta for an l1 term).  The
** theta-step is a least-squares problem whose matrix does not depend on
** the penalty in the exact (interpolating) form, so its KKT system
** [K + dI, phi^T; phi, -dI] is factored once (dsytrf) and reused; the
** penalized form refactors a Cholesky factor only when the penalty
** changes.  K = B^* B is assembled from the operator's sparse structure
** (lieop.c), and every product with B uses that structure.  The Z-step is
** a singular-value thresholding of the small s x q matrix (q generators).
** The scaled dual U gives the certificate rho*U in the subdifferential of
** the nuclear norm at Z.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>

#include "anderson.h"
#include "linalg.h"
#include "promote.h"
#include "promote_newton.h"
#include "promote_step.h"
#include "svt.h"

#define ADAPT_RATIO 5.0   /* residual ratio that triggers a penalty change */
#define MAX_CHANGE 1e3    /* largest factor of one change */
#define REFRESH_EVERY 50  /* recompute the tracked adjoints exactly */
#define RELAX_AFTER 1000  /* iterations after which over-relaxation stops */
#define ROUNDING (64 * 2.220446049250313e-16)  /* B theta this small is zero */
#define L1_CONSISTENT 1e-8   /* relative residual above which phi x = y has no solution */


static double nrm (size_t n, const double *x) { return ls_norm_fro(n, x); }


/* r relative to the larger of two scales (to 1 when both vanish) */
static double relative (double r, double a, double b) {
  double scale = a > b ? a : b;
  return r / (scale > 0 ? scale : 1.0);
}


/* After iteration `it` (info holds its residuals and objective): calls
   the progress function and tests convergence; 1 when the solver stops. */
static int finished (const ls_AdmmOptions *opt, ls_AdmmInfo *info, int it) {
  info->iterations = it;
  if (opt->every > 0 && opt->progress && it % opt->every == 0 &&
      opt->progress(opt->ctx, it, info->primal, info->dual, info->objective)) {
    info->stopped = 1;
    return 1;
  }
  if (info->primal <= opt->tol && info->dual <= opt->tol) {
    info->converged = 1;
    return 1;
  }
  return 0;
}


/* The penalty balances the relative residuals: rho *= primal / dual, only
   when they differ by more than ADAPT_RATIO, and less and less often (the
   interval doubles after each change), since convergence needs rho to
   settle and, with acceleration, every change restarts the history.
   (Balancing the absolute residuals by a fixed factor, as in Boyd et al.,
   left rho far from the best value on rank-deficient problems: 7x more
   iterations.)  Returns the factor of the change, 1 for none. */
typedef struct Penalty { int interval, next; } Penalty;

static double penalty_change (Penalty *pen, const ls_AdmmInfo *info, int it) {
  double f;
  if (it < pen->next) return 1.0;
  pen->next = it + pen->interval;
  f = info->primal / (info->dual > 0 ? info->dual : 1e-300);
  if (!(f > ADAPT_RATIO || f < 1.0 / ADAPT_RATIO)) return 1.0;
  if (f > MAX_CHANGE) f = MAX_CHANGE;
  if (f < 1.0 / MAX_CHANGE) f = 1.0 / MAX_CHANGE;
  pen->interval *= 2;
  pen->next = it + pen->interval;
  return f;
}


static double soft (double a, double t) {
  return a > t ? a - t : (a < -t ? a + t : 0.0);
}


/* The solver's state is one vector (z, u, v, w): z = B(theta) split off,
   u its scaled multiplier; with an l1 term also v = theta split off and
   w its multiplier.  One ADMM iteration maps a state to the next, so
   Anderson acceleration can act on the whole vector. */
typedef struct Solver {
  const ls_Op *op;
  int m, k, exact, l1, rank;
  const ls_FitData *data;
  ls_ThetaStep step;
  double *fit;         /* penalized: W Phi^T (nout x npts) */
  double gamma, lambda, rho, alpha, rho0;
  double *K, *rhs, *bt, *x, *tmp, *theta, *kt, *d;
  ls_Svt *svt;
  int off_a;  /* where a = B^* z and b = B^* u start in the state */
  double opnorm;   /* |B|_2 */
  double ref;      /* |B theta_ref| (+ |theta_ref| with l1): the primal scale */
  /* from the last iteration */
  double r, nb, nz, nt, nuc, l1norm, grad, grad0;
} Solver;

static void free_solver (Solver *w) {
  ls_theta_step_free(&w->step);
  free(w->fit); free(w->K); free(w->rhs); free(w->bt);
  free(w->kt); free(w->d);
  free(w->x); free(w->tmp); ls_svt_free(w->svt);
}


/* one ADMM iteration (over-relaxed by alpha): state -> next, theta.
   The state carries a = B^* z and b = B^* u, updated by linearity
   (B^* B theta = K theta), so one iteration costs one product with B and
   one with B^*, not four. */
static int iterate (Solver *w, const double *state, double *next) {
  int m = w->m, k = w->k, i, st;
  const double *z = state, *u = state + m, *v = state + 2 * m,
               *uw = state + 2 * m + k, *ta = state + w->off_a,
               *tb = state + w->off_a + k;
  double *z1 = next, *u1 = next + m, *v1 = next + 2 * m,
         *uw1 = next + 2 * m + k, *ta1 = next + w->off_a,
         *tb1 = next + w->off_a + k;
  double thr, r2 = 0.0, nb2 = 0.0, nz2 = 0.0, nt2 = 0.0, a;
  /* theta-step */
  for (i = 0; i < k; i++) w->rhs[i] = ta[i] - tb[i];
  if (w->l1) for (i = 0; i < k; i++) w->rhs[i] += v[i] - uw[i];
  ls_theta_step_solve(&w->step, w->rho, w->rhs, w->theta);
  if ((st = ls_op_apply(w->op, w->theta, w->bt)) != LS_OK) return st;
  /* Z-step on the relaxed point, then the multiplier */
  for (i = 0; i < m; i++) {
    w->tmp[i] = w->alpha * w->bt[i] + (1.0 - w->alpha) * z[i];
    w->x[i] = w->tmp[i] + u[i];
  }
  thr = (w->exact ? 1.0 : w->gamma) / w->rho;
  if ((st = ls_svt(w->svt, w->x, thr, z1, &w->nuc, &w->rank)) != LS_OK)
    return st;
  for (i = 0; i < m; i++) {
    u1[i] = u[i] + w->tmp[i] - z1[i];
    r2 += (w->bt[i] - z1[i]) * (w->bt[i] - z1[i]);
    nb2 += w->bt[i] * w->bt[i];
    nz2 += z1[i] * z1[i];
  }
  /* a1 = B^* z1;  b1 = B^* u1 = b + alpha K theta + (1 - alpha) a - a1 */
  if ((st = ls_op_adjoint(w->op, z1, ta1)) != LS_OK) return st;
  ls_gemm('N', 'N', k, 1, k, 1.0, w->K, k, w->theta, k, 0.0, w->kt, k);
  for (i = 0; i < k; i++)
    tb1[i] = tb[i] + w->alpha * w->kt[i] + (1.0 - w->alpha) * ta[i] - ta1[i];
  w->l1norm = 0.0;
  if (w->l1)
    for (i = 0; i < k; i++) {
      a = w->alpha * w->theta[i] + (1.0 - w->alpha) * v[i];
      v1[i] = soft(a + uw[i], w->lambda / w->rho);
      uw1[i] = uw[i] + a - v1[i];
      w->l1norm += fabs(v1[i]);
      r2 += (w->theta[i] - v1[i]) * (w->theta[i] - v1[i]);
      nz2 += v1[i] * v1[i];
    }
  w->nt = ls_norm_fro((size_t)k, w->theta);
  nt2 = w->l1 ? w->nt * w->nt : 0.0;   /* theta is split off too */
  w->r = sqrt(r2);
  w->nb = sqrt(nb2 + nt2);
  w->nz = sqrt(nz2);
  return LS_OK;
}


/* The stationarity residual at theta and the multipliers Y = rho u (of
   the nuclear split) and rho w (of the l1 split) of a state: the data
   term's gradient (penalized) + B^* Y + rho w, in the free directions
   (the exact form's constraint absorbs the rest).  Its scale: the
   larger of its terms and of their natural sizes, which do not vanish
   at an optimum: |B|_2 in the exact form (|Y|_2 <= 1), the gradient at
   theta = 0, |Phi^T y|, in the penalized one. */
static void stationarity (Solver *w, const double *next, double *res, double *scale) {
  int k = w->k, i;
  const double *tb1 = next + w->off_a + k, *uw1 = next + 2 * w->m + k;
  double ny = 0.0, nw = 0.0;
  for (i = 0; i < k; i++) {
    w->d[i] = w->rho * tb1[i];
    ny += w->d[i] * w->d[i];
    if (w->l1) { w->d[i] += w->rho * uw1[i]; nw += uw1[i] * uw1[i]; }
    if (!w->exact) w->d[i] += w->kt[i];   /* the gradient, from objective() */
  }
  *res = ls_theta_step_dual_norm(&w->step, w->d);
  *scale = fmax(sqrt(ny), w->rho * sqrt(nw));
  *scale = fmax(*scale, w->exact ? w->opnorm : fmax(w->grad, w->grad0));
}


/* recompute the tracked a = B^* z, b = B^* u of a state exactly */
static int refresh (Solver *w, double *state) {
  int st = ls_op_adjoint(w->op, state, state + w->off_a);
  if (st == LS_OK) st = ls_op_adjoint(w->op, state + w->m, state + w->off_a + w->k);
  return st;
}


/* the objective; penalized: also the data term's gradient norm
   |Phi^T (Phi theta - y)|, a scale of the stationarity condition */
static double objective (Solver *w) {
  double f = w->nuc + w->lambda * w->l1norm;
  const ls_FitData *d = w->data;
  int o, p;
  if (!w->exact) {   /* R = W Phi^T - Y^T, gradient R Phi */
    double res2 = 0.0;
    if (d->npts > 0)
      ls_gemm('N', 'T', d->nout, d->npts, d->kb, 1.0, w->theta, d->nout, d->phi,
              d->npts, 0.0, w->fit, d->nout);
    for (p = 0; p < d->npts; p++)
      for (o = 0; o < d->nout; o++) {
        double *r = &w->fit[(size_t)p * d->nout + o];
        *r -= d->y[(size_t)o * d->npts + p];
        res2 += *r * *r;
      }
    if (d->npts > 0)
      ls_gemm('N', 'N', d->nout, d->kb, d->npts, 1.0, w->fit, d->nout, d->phi,
              d->npts, 0.0, w->kt, d->nout);
    w->grad = ls_norm_fro((size_t)w->k, w->kt);
    f = 0.5 * res2 + w->gamma * w->nuc + w->lambda * w->l1norm;
  }
  return f;
}


static double distance (size_t n, const double *a, const double *b) {
  double s = 0.0;
  size_t i;
  for (i = 0; i < n; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
  return sqrt(s);
}


/* |K|_2^(1/2) = |B|_2 by a few power iterations (a scale, not a result:
   a lower bound within a few percent is enough) */
static double operator_norm (int k, const double *K, double *v, double *t) {
  double lam = 0.0, n;
  int i, it;
  for (i = 0; i < k; i++) v[i] = 1.0 + 0.5 * (double)(i % 7) / 7.0;
  for (it = 0; it < 30; it++) {
    n = ls_norm_fro((size_t)k, v);
    if (!(n > 0)) return 0.0;
    for (i = 0; i < k; i++) v[i] /= n;
    ls_gemm('N', 'N', k, 1, k, 1.0, K, k, v, k, 0.0, t, k);
    lam = 0.0;
    for (i = 0; i < k; i++) lam += v[i] * t[i];
    memcpy(v, t, (size_t)k * sizeof(double));
  }
  return sqrt(lam > 0 ? lam : 0.0);
}


/* The optimum in closed form, when there is nothing to iterate: the
   reference solution (the minimum-norm interpolant or least-squares fit)
   when B vanishes on it (certificate 0), or, in the exact form, the only
   feasible point (certificate U V^T of B theta0).  1 when it applies. */
static int closed_form (Solver *w, double *dual, ls_AdmmInfo *info, int *st) {
  int m = w->m, k = w->k, s = ls_op_rowcount(w->op), q = ls_op_gens(w->op);
  double nb0 = 0.0, nt0 = ls_norm_fro((size_t)k, w->step.theta0);
  int i, j, c, mn = s < q ? s : q;
  *st = ls_op_apply(w->op, w->step.theta0, w->bt);
  if (*st != LS_OK) return 1;
  nb0 = ls_norm_fro((size_t)m, w->bt);
  w->ref = sqrt(nb0 * nb0 + (w->l1 ? nt0 * nt0 : 0.0));
  memset(dual, 0, (size_t)m * sizeof(double));
  if (!(nb0 <= ROUNDING * w->opnorm * nt0 && (!w->l1 || nt0 == 0))
      && !(w->exact && w->step.kr == 0))
    return 0;
  memcpy(w->theta, w->step.theta0, (size_t)k * sizeof(double));
  if (nb0 > ROUNDING * w->opnorm * nt0) {   /* U_r V_r^T */
    double *U = malloc(((size_t)s * mn + 1) * sizeof(double)),
           *sv = malloc(((size_t)mn + 1) * sizeof(double)),
           *vt = malloc(((size_t)mn * q + 1) * sizeof(double));
    if (!U || !sv || !vt) *st = LS_ENOMEM;
    else if ((*st = ls_svd(s, q, w->bt, U, sv, vt)) == LS_OK) {
      double tol = ls_default_tol(s, q, sv[0]);
      for (c = 0; c < mn && sv[c] > tol; c++)
        for (j = 0; j < q; j++)
          for (i = 0; i < s; i++)
            dual[(size_t)j * s + i] += U[(size_t)c * s + i] * vt[(size_t)j * mn + c];
    }
    free(U); free(sv); free(vt);
  }
  info->closed_form = 1;
  info->converged = 1;
  info->zero_level = ROUNDING * w->opnorm * fmax(nt0, w->step.fit_size);
  info->objective = objective(w);
  if (w->exact) {
    double nuc = 0.0;
    for (i = 0; i < m; i++) nuc += dual[i] * w->bt[i];   /* <U V^T, B theta> */
    info->objective = nuc;
    if (w->l1) for (i = 0; i < k; i++) info->objective += w->lambda * fabs(w->theta[i]);
  }
  return 1;
}


/* the certificate Y is rho u / cert_scale (u the scaled multiplier) */
static double cert_scale (const Solver *w) {
  return w->exact ? 1.0 : (w->gamma > 0 ? w->gamma : 1.0);
}


/* The exact form's solve continued by the Newton method from the ADMM
   iterate after `done` iterations (theta, the certificate, the penalty),
   with `budget` iterations of work.  1 when it ends the solve (converged,
   stopped by the user, or `last`): info then holds its result; otherwise
   the ADMM iteration goes on from its own state. */
static int newton_try (Solver *w, const ls_AdmmOptions *opt, int done, int budget,
                       int last, double *dual, ls_AdmmInfo *info, int *st) {
  ls_NewtonResult res;
  double sigma = w->rho;
  if (done == 0 && opt->warm_dual != NULL)   /* the start's certificate */
    memcpy(dual, opt->warm_dual, (size_t)w->m * sizeof(double));
  else if (done == 0)
    memset(dual, 0, (size_t)w->m * sizeof(double));
  *st = ls_nuclear_newton_progress(w->op, &w->step, w->opnorm, opt->tol, budget,
                                   w->theta, dual, &sigma,
                                   opt->every > 0 ? opt->progress : NULL, opt->ctx, done, &res);
  info->newton_steps = res.steps;
  info->cg_steps = res.cg;
  info->iterations = done + res.work;
  if (*st != LS_OK) return 1;
  if (!(res.converged || res.stopped || last)) return 0;
  w->rho = sigma;
  info->newton = 1;
  info->converged = res.converged;
  info->stopped = res.stopped;
  info->primal = res.primal;
  info->dual = res.dual;
  info->objective = res.objective;
  info->zero_level = res.zero_level;
  return 1;
}


/* One solve at w->gamma from the state (whose z, u, v, w are a start;
   a and b are recomputed), theta and dual its results. */
static int solve (Solver *w, const ls_AdmmOptions *opt, ls_Anderson *aa,
                  double **statep, double **nextp, double *plain, size_t len,
                  double *dual, ls_AdmmInfo *info) {
  double *state = *statep, *next = *nextp, fprev = HUGE_VAL;
  int m = w->m, k = w->k, it, st = LS_OK, i, accelerated = 0, broke = 0;
  int tried = 0, newton_after = opt->newton_after;
  if (newton_after < 0) {
    /* Newton's steps pay off when the SVT is large (se(30): 5x faster);
       on small problems ADMM alone was as fast or faster (t(30), t(50)
       of the recovery experiment: 1.3 to 1.6 times) */
    int s = ls_op_rowcount(w->op), q = ls_op_gens(w->op);
    newton_after = (s < q ? s : q) >= LS_NEWTON_LARGE ? LS_NEWTON_SOON : opt->max_iter;
  }
  double gscale = cert_scale(w);
  Penalty pen;
  pen.interval = pen.next = opt->adapt_every;
  w->alpha = opt->alpha > 0 ? opt->alpha : 1.0;
  if (aa != NULL) ls_anderson_reset(aa);
  if ((st = refresh(w, state)) != LS_OK) return st;
  for (it = 1; it <= opt->max_iter; it++) {
    double fnorm, f, ds, res, pscale;
    if (w->exact && !w->l1 && !tried &&
        (opt->method == LS_NEWTON || (opt->method == LS_AUTO && it > newton_after))) {
      /* auto: half the remaining budget, and ADMM again if it stalls
         (on nearly degenerate problems, where psi is almost flat) */
      int left = opt->max_iter - (it - 1), forced = opt->method == LS_NEWTON;
      tried = 1;
      if (newton_try(w, opt, it - 1, forced ? left : left / 2, forced, dual, info, &st))
        break;
      it = info->iterations;   /* the work spent counts */
      continue;
    }
    if (it % REFRESH_EVERY == 0 && (st = refresh(w, state)) != LS_OK) break;  /* no drift */
    if ((st = iterate(w, state, next)) != LS_OK) break;
    info->objective = objective(w);
    /* primal: |B theta - z| against the larger of |B theta|, |z| and
       |B|_2 |theta|, the size of B theta for a theta without symmetry
       (B theta and z both vanish at a fully symmetric optimum), with
       |theta| at least |y| / |Phi|_2, the size of a fit (theta itself
       vanishes when gamma is large enough) */
    pscale = fmax(fmax(w->nb, w->nz), fmax(w->opnorm * fmax(w->nt, w->step.fit_size), 1e-300));
    info->primal = w->r / pscale;
    info->zero_level = opt->tol * pscale;
    stationarity(w, next, &res, &ds);
    info->dual = res / (ds > 0 ? ds : 1.0);
    if (info->primal <= opt->tol && info->dual <= opt->tol) {
      /* the tracked B^* u differs from the exact one by rounding of the
         order of eps |K| |theta| (more with a large penalty): a
         convergence is confirmed with the exact product */
      if ((st = refresh(w, next)) != LS_OK) break;
      stationarity(w, next, &res, &ds);
      info->dual = res / (ds > 0 ? ds : 1.0);
    }
    for (i = 0; i < m; i++)  /* the certificate of this iterate */
      dual[i] = w->rho * next[m + i] / gscale;
    if (finished(opt, info, it)) { broke = 1; break; }
    fnorm = distance((size_t)w->off_a, next, state);
    if (aa != NULL && accelerated && fnorm > fprev) {
      /* the extrapolated point made things worse: back to the plain image
         of the last accepted point, and a fresh history */
      memcpy(state, plain, len * sizeof(double));
      ls_anderson_reset(aa);
      accelerated = 0;
      info->rejected++;
      continue;
    }
    fprev = fnorm;
    memcpy(plain, next, len * sizeof(double));
    if (aa != NULL) accelerated = ls_anderson_step(aa, state, next);
    { double *sw = state; state = next; next = sw; }
    f = penalty_change(&pen, info, it);
    if (w->alpha != 1.0 && (it >= RELAX_AFTER || (it >= 100 && 4 * info->rejected > it))) {
      /* over-relaxation speeds most solves up but stalls a few (the
         penalty balancing, or the acceleration, whose steps the safeguard
         keeps rejecting): those continue without it, from the starting
         penalty, which may move again */
      w->alpha = 1.0;
      pen.interval = opt->adapt_every;
      pen.next = it + pen.interval;
      f = w->rho0 > 0 ? w->rho0 / w->rho : 1.0;
      if (f == 1.0) {
        if (aa != NULL) ls_anderson_reset(aa);
        accelerated = 0;
        fprev = HUGE_VAL;
      }
    }
    if (f != 1.0) {
      w->rho *= f;
      /* the scaled multipliers u, w and b = B^* u */
      for (i = m; i < 2 * m; i++) state[i] /= f;
      if (w->l1) for (i = 2 * m + k; i < 2 * m + 2 * k; i++) state[i] /= f;
      for (i = w->off_a + k; i < w->off_a + 2 * k; i++) state[i] /= f;
      if (aa != NULL) ls_anderson_reset(aa);
      accelerated = 0;
      fprev = HUGE_VAL;
    }
  }
  if (broke) { double *sw = state; state = next; next = sw; }  /* the last iterate */
  info->rho = w->rho;
  *statep = state;
  *nextp = next;
  return st;
}


int ls_nuclear_admm_path (const ls_Op *op, const ls_FitData *data, int ngamma,
                          const double *gammas, double lambda,
                          const ls_AdmmOptions *opt, double *thetas,
                          double *duals, ls_AdmmInfo *infos) {
  Solver w;
  ls_Anderson *aa = NULL;
  double *state = NULL, *next = NULL, *plain = NULL, *kp = NULL;
  size_t len;
  int st = LS_OK, i, g, m, k, started = 0;
  memset(&w, 0, sizeof(w));
  memset(infos, 0, (size_t)(ngamma > 0 ? ngamma : 0) * sizeof(*infos));
  if (ngamma < 1) return LS_EARG;
  for (g = 0; g < ngamma; g++)   /* one mode: all exact or all penalized */
    if ((gammas[g] < 0) != (gammas[0] < 0) || gammas[g] != gammas[g]) return LS_EARG;
  w.op = op;
  m = w.m = ls_op_rowcount(op) * ls_op_gens(op);
  k = w.k = ls_op_params(op);
  if (data->kb * data->nout != k || data->npts < 0) return LS_EARG;
  w.data = data;
  w.exact = gammas[0] < 0;
  w.lambda = lambda > 0 ? lambda : 0.0;
  w.l1 = lambda > 0;
  w.alpha = opt->alpha > 0 ? opt->alpha : 1.0;
  if (k == 0 || m == 0) return LS_OK;
  if (!ls_op_finite(op) || !ls_allfinite(data->phi, (size_t)data->npts * data->kb)
      || !ls_allfinite(data->y, (size_t)data->npts * data->nout)
      || !ls_allfinite(thetas, (size_t)k))
    return LS_ENONFINITE;
  w.off_a = 2 * m + (w.l1 ? 2 * k : 0);
  len = (size_t)w.off_a + 2 * (size_t)k;
  w.K = malloc((size_t)k * k * sizeof(double));
  w.rhs = malloc((size_t)k * sizeof(double));
  w.bt = malloc((size_t)m * sizeof(double));
  w.x = malloc((size_t)m * sizeof(double));
  w.tmp = malloc((size_t)(m > k ? m : k) * sizeof(double));
  w.svt = ls_svt_new(ls_op_rowcount(op), ls_op_gens(op));
  w.kt = malloc((size_t)k * sizeof(double));
  w.d = malloc((size_t)k * sizeof(double));
  w.fit = malloc(((size_t)data->npts * data->nout + 1) * sizeof(double));
  state = malloc(len * sizeof(double));
  next = malloc(len * sizeof(double));
  plain = malloc(len * sizeof(double));
  /* Anderson fits the iterate (z, u, v, w); a and b follow linearly */
  if (opt->accel > 0) aa = ls_anderson_new(len, (size_t)w.off_a, opt->accel);
  if (!w.K || !w.rhs || !w.bt || !w.x || !w.tmp || !w.svt || !w.kt || !w.d ||
      !w.fit || !state || !next || !plain || (opt->accel > 0 && aa == NULL)) {
    st = LS_ENOMEM;
    goto done;
  }
  if ((st = ls_op_gram(op, 0, w.K)) != LS_OK) goto done;
  w.opnorm = operator_norm(k, w.K, w.rhs, w.kt);
  if (w.l1) {   /* the step's K' = K + I */
    if ((kp = malloc((size_t)k * k * sizeof(double))) == NULL) { st = LS_ENOMEM; goto done; }
    memcpy(kp, w.K, (size_t)k * k * sizeof(double));
    for (i = 0; i < k; i++) kp[(size_t)i * k + i] += 1.0;
  }
  w.theta = thetas;
  st = ls_theta_step_init(&w.step, data, kp ? kp : w.K, w.exact, thetas);
  free(kp);
  for (g = 0; g < ngamma; g++) {
    infos[g].data_rank = w.step.data_rank;
    infos[g].nonunique = w.step.nonunique;
    infos[g].residual = w.step.residual;
  }
  if (st != LS_OK) goto done;
  if (!w.exact) w.grad0 = ls_norm_fro((size_t)k, w.step.pty);
  for (g = 0; g < ngamma; g++) {
    double *theta = thetas + (size_t)g * k, *dual = duals + (size_t)g * m;
    ls_AdmmInfo *info = infos + g;
    if (g > 0) memcpy(theta, thetas + (size_t)(g - 1) * k, (size_t)k * sizeof(double));
    w.theta = theta;
    w.gamma = gammas[g];
    if (closed_form(&w, dual, info, &st)) {
      if (st != LS_OK) goto done;
      continue;
    }
    if (!started) {
      /* the threshold starts at the RMS singular value of B theta_ref */
      int s = ls_op_rowcount(op), q = ls_op_gens(op);
      double gm = w.exact ? 1.0 : w.gamma, t0 = w.ref / sqrt((double)(s < q ? s : q));
      w.rho = (opt->rho > 0) ? opt->rho : (gm > 0 && t0 > 0 ? gm / t0 : 1.0);
      w.rho0 = w.rho;
      memset(state, 0, len * sizeof(double));
      if ((st = ls_op_apply(op, theta, state)) != LS_OK) goto done;   /* z = B(theta) */
      if (opt->warm_dual != NULL)   /* u = Y gscale / rho */
        for (i = 0; i < m; i++) state[m + i] = opt->warm_dual[i] * cert_scale(&w) / w.rho;
      if (w.l1) memcpy(state + 2 * m, theta, (size_t)k * sizeof(double));
      started = 1;
    }
    else {   /* from the last solve: the threshold gamma / rho and u stay */
      w.rho *= w.gamma / gammas[g - 1];
      w.rho0 *= w.gamma / gammas[g - 1];
    }
    st = solve(&w, opt, aa, &state, &next, plain, len, dual, info);
    if (st != LS_OK) goto done;
    if (info->stopped) {   /* by the user: the rest of the path is not run */
      for (i = g + 1; i < ngamma; i++) infos[i].stopped = 1;
      break;
    }
  }
done:
  free_solver(&w);
  ls_anderson_free(aa);
  free(state); free(next); free(plain);
  return st;
}


int ls_nuclear_admm (const ls_Op *op, const ls_FitData *data, double gamma,
                     double lambda, const ls_AdmmOptions *opt, double *theta,
                     double *dual, ls_AdmmInfo *info) {
  return ls_nuclear_admm_path(op, data, 1, &gamma, lambda, opt, theta, dual, info);
}


int ls_nuclear_gamma_max (const ls_Op *op, const ls_FitData *data,
                          double *gamma0, double *theta_sym) {
  ls_ThetaStep step;
  int k = ls_op_params(op), s = ls_op_rowcount(op), q = ls_op_gens(op);
  int N = data->npts, kb = data->kb, no = data->nout, mn = s < q ? s : q, o, p, st;
  double *K = NULL, *fit = NULL, *g = NULL, *x = NULL, *Y0 = NULL, *sv = NULL;
  memset(&step, 0, sizeof(step));
  *gamma0 = 0.0;
  if (kb * no != k || N < 0) return LS_EARG;
  if (k == 0 || s == 0 || q == 0) return LS_OK;
  if (!ls_op_finite(op) || !ls_allfinite(data->phi, (size_t)N * kb)
      || !ls_allfinite(data->y, (size_t)N * no))
    return LS_ENONFINITE;
  K = malloc((size_t)k * k * sizeof(double));
  fit = malloc(((size_t)N * no + 1) * sizeof(double));
  g = malloc((size_t)k * sizeof(double));
  x = malloc((size_t)k * sizeof(double));
  Y0 = malloc((size_t)s * q * sizeof(double));
  sv = malloc(((size_t)mn + 1) * sizeof(double));
  if (!K || !fit || !g || !x || !Y0 || !sv) { st = LS_ENOMEM; goto done; }
  if ((st = ls_op_gram(op, 0, K)) != LS_OK) goto done;
  if ((st = ls_theta_step_init(&step, data, K, 0, NULL)) != LS_OK) goto done;
  ls_theta_step_symmetric_fit(&step, theta_sym);
  /* g = Phi^T (Phi theta_s - y) as W Phi^T - Y^T times Phi */
  if (N > 0) {
    ls_gemm('N', 'T', no, N, kb, 1.0, theta_sym, no, data->phi, N, 0.0, fit, no);
    for (p = 0; p < N; p++)
      for (o = 0; o < no; o++) fit[(size_t)p * no + o] -= data->y[(size_t)o * N + p];
    ls_gemm('N', 'N', no, kb, N, -1.0, fit, no, data->phi, N, 0.0, g, no);
  }
  else memset(g, 0, (size_t)k * sizeof(double));
  /* B^* Y = -g with Y = B x, K x = -g: the smallest Y in Frobenius norm */
  ls_theta_step_range_solve(&step, g, x);
  if ((st = ls_op_apply(op, x, Y0)) != LS_OK) goto done;
  if ((st = ls_svd(s, q, Y0, NULL, sv, NULL)) != LS_OK) goto done;
  *gamma0 = mn > 0 ? sv[0] : 0.0;
done:
  ls_theta_step_free(&step);
  free(K); free(fit); free(g); free(x); free(Y0); free(sv);
  return st;
}


/* The l1 solve on data scaled to unit size: phi / sp, y / sy, whose
   solution x' gives theta = x' sy / sp.  Its optimality is checked independently of
   the residuals (which a huge penalty drives to 0 anywhere): the scaled
   dual c = rho u must be a subgradient of |x|_1 (|c_i| <= 1, c_i =
   sign x_i on the support) orthogonal to the null space of phi. */
static int l1_scaled (int k, int n, const double *phi, const double *y,
                      const ls_AdmmOptions *opt, double *theta, ls_AdmmInfo *info);

int ls_l1_admm (int k, int n, const double *phi, const double *y,
                const ls_AdmmOptions *opt, double *theta, ls_AdmmInfo *info) {
  double sp = 0.0, sy = 0.0, *ps = NULL, *ys = NULL;
  size_t t, nk = (size_t)n * k;
  int i, st;
  memset(info, 0, sizeof(*info));
  if (k == 0) return LS_OK;
  if (!ls_allfinite(phi, nk) || !ls_allfinite(y, (size_t)n)) return LS_ENONFINITE;
  for (t = 0; t < nk; t++) sp = fmax(sp, fabs(phi[t]));
  for (i = 0; i < n; i++) sy = fmax(sy, fabs(y[i]));
  if (sy == 0.0) {   /* y = 0: theta = 0 is the optimum */
    memset(theta, 0, (size_t)k * sizeof(double));
    info->converged = info->closed_form = 1;
    return LS_OK;
  }
  if (sp == 0.0) {   /* phi = 0 and y != 0: no solution */
    memset(theta, 0, (size_t)k * sizeof(double));
    info->residual = 1.0;
    return LS_EINCONSISTENT;
  }
  ps = malloc((nk + 1) * sizeof(double));
  ys = malloc(((size_t)n + 1) * sizeof(double));
  if (!ps || !ys) { free(ps); free(ys); return LS_ENOMEM; }
  for (t = 0; t < nk; t++) ps[t] = phi[t] / sp;
  for (i = 0; i < n; i++) ys[i] = y[i] / sy;
  st = l1_scaled(k, n, ps, ys, opt, theta, info);
  free(ps);
  free(ys);
  if (st != LS_OK && st != LS_EINCONSISTENT) return st;
  for (i = 0; i < k; i++) theta[i] = theta[i] / sp * sy;   /* in that order: no overflow */
  if (!ls_allfinite(theta, (size_t)k)) return LS_EOVERFLOW;
  info->objective *= sy / sp;
  return st;
}


/* the violation of the l1 optimality certificate c = rho u: |c|_inf <= 1,
   c = sign z on the support of z (the soft-thresholded iterate, whose
   zeros are exact), c in the range of phi^T (g the Cholesky factor of
   phi phi^T); v (k) and w (n) are workspace */
static double l1_violation (int k, int n, const double *phi, const double *g, double rho,
                            const double *u, const double *z, double *v, double *w) {
  double viol = 0.0;
  int i;
  for (i = 0; i < k; i++) {
    double c = rho * u[i];
    viol = fmax(viol, fabs(c) - 1.0);
    if (z[i] != 0.0) viol = fmax(viol, fabs(c - (z[i] > 0 ? 1.0 : -1.0)));
    v[i] = c;
  }
  if (n > 0) {   /* v - phi^T (phi phi^T)^-1 phi v: the null-space part */
    ls_gemm('N', 'N', n, 1, k, 1.0, phi, n, v, k, 0.0, w, n);
    LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', n, 1, g, n, w, n);
    ls_gemm('T', 'N', k, 1, n, -1.0, phi, n, w, n, 1.0, v, k);
    for (i = 0; i < k; i++) viol = fmax(viol, fabs(v[i]));
  }
  return viol;
}

static double l1_kkt_tol (const ls_AdmmOptions *opt) {
  return opt->tol > 0 ? fmax(1e-6, 100 * opt->tol) : 1e-6;
}


static int l1_scaled (int k, int n, const double *phi, const double *y,
                      const ls_AdmmOptions *opt, double *theta, ls_AdmmInfo *info) {
  double *g = NULL, *x = NULL, *z = NULL, *zold = NULL, *u = NULL, *v = NULL,
         *w = NULL;
  double rho = (opt->rho > 0) ? opt->rho : 1.0, scale = 0.0, f;
  int it, i, st = LS_OK, resets = 0;
  lapack_int lin;
  Penalty pen;
  pen.interval = pen.next = opt->adapt_every;
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
    for (i = 0; i < k; i++) z[i] = soft(x[i] + u[i], 1.0 / rho);
    for (i = 0; i < k; i++) {
      u[i] += x[i] - z[i];
      r += (x[i] - z[i]) * (x[i] - z[i]);
      s += (z[i] - zold[i]) * (z[i] - zold[i]);
    }
    r = sqrt(r);
    s = rho * sqrt(s);
    nx = nrm((size_t)k, x); nz = nrm((size_t)k, z); nu = rho * nrm((size_t)k, u);
    info->primal = relative(r, nx, nz);
    info->dual = s / (nu > 0 ? nu : 1.0);
    info->objective = 0.0;
    for (i = 0; i < k; i++) info->objective += fabs(x[i]);
    if (finished(opt, info, it)) {
      /* residuals at rest need not be an optimum (a huge penalty stalls
         anywhere): unless the certificate holds, restart from rho = 1 */
      if (!info->converged || resets == 3 ||
          l1_violation(k, n, phi, g, rho, u, z, v, w) <= l1_kkt_tol(opt))
        break;
      info->converged = 0;
      resets++;
      for (i = 0; i < k; i++) u[i] *= rho;
      rho = 1.0;
      continue;
    }
    if ((f = penalty_change(&pen, info, it)) != 1.0) {
      rho *= f;
      for (i = 0; i < k; i++) u[i] /= f;
    }
  }
  memcpy(theta, x, (size_t)k * sizeof(double));
  info->rho = rho;
  /* x is the projection onto {phi x = y} at every iteration, so that a
     residual is the constraints' inconsistency, not a lack of convergence
     (the tiny ridge of the factor leaves about 1e-13 of the scale) */
  if (n > 0) {
    double nr, ny = nrm((size_t)n, y), np = sqrt(scale * n);
    ls_gemm('N', 'N', n, 1, k, 1.0, phi, n, x, k, 0.0, w, n);
    for (i = 0; i < n; i++) w[i] -= y[i];
    nr = nrm((size_t)n, w);
    info->residual = ny > 0 ? nr / ny : nr;
    if (nr > L1_CONSISTENT * (ny + np * nrm((size_t)k, x))) {
      info->converged = 0;
      st = LS_EINCONSISTENT;
    }
  }
  if (st == LS_OK && info->converged) {
    info->zero_level = l1_violation(k, n, phi, g, rho, u, z, v, w);
    if (info->zero_level > l1_kkt_tol(opt)) info->converged = 0;
  }
done:
  free(g); free(x); free(z); free(zold); free(u); free(v); free(w);
  return st;
}
