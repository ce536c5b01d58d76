/*
** ode.c — Dormand–Prince 5(4) with dense output, and classical RK4
** (ode.h).  The step-size control and the starting step are Hairer's
** (DOPRI5: the error of the embedded 4th-order solution in the scaled RMS
** norm, h_new = h * clamp(0.9 err^(-1/5), 0.2, 10), no growth right after
** a rejection); the dense output is the 4th-order interpolant of
** Hairer, Nørsett & Wanner (II.6) built from the same stages.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dense.h"
#include "ode.h"

#define SAFETY 0.9
#define FAC_MIN 0.2
#define FAC_MAX 10.0
#define NSTAGE 7

/* the Dormand–Prince tableau: a[i][j] for stage i+1, the 5th-order
   weights are the last row (FSAL), e the difference to the 4th order */
static const double C[NSTAGE] = {0.0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1.0, 1.0};
static const double A[NSTAGE][NSTAGE - 1] = {
  {0},
  {1.0 / 5},
  {3.0 / 40, 9.0 / 40},
  {44.0 / 45, -56.0 / 15, 32.0 / 9},
  {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
  {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
  {35.0 / 384, 0.0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}
};
static const double E[NSTAGE] = {71.0 / 57600, 0.0, -71.0 / 16695, 71.0 / 1920,
                                 -17253.0 / 339200, 22.0 / 525, -1.0 / 40};
/* the dense output's fifth coefficient vector */
static const double D[NSTAGE] = {-12715105075.0 / 11282082432.0, 0.0,
                                 87487479700.0 / 32700410799.0,
                                 -10690763975.0 / 1880347072.0,
                                 701980252875.0 / 199316789632.0,
                                 -1453857185.0 / 822651844.0,
                                 69997945.0 / 29380423.0};


void ls_ode_defaults (ls_OdeOpts *o) {
  o->method = LS_ODE_DOPRI5;
  o->rtol = 1e-8;
  o->atol = 1e-10;
  o->h0 = 0.0;
  o->hmax = 0.0;
  o->max_steps = 10000000L;
}


typedef struct Work {
  ls_OdeRhs f;
  void *ctx;
  int m;
  long evals;
  double *k[NSTAGE], *y, *ynew, *tmp, *r[5];
} Work;


static int call (Work *w, double t, const double *x, double *dx) {
  int st = w->f(w->ctx, t, x, dx);
  w->evals++;
  if (st != 0) return st;
  return ls_allfinite(dx, (size_t)w->m) ? LS_OK : LS_ODE_NONFINITE;
}


/* the scaled RMS norm of v against the scale atol + rtol max(|a|, |b|) */
static double scaled_norm (int m, const double *v, const double *a, const double *b,
                           double rtol, double atol) {
  double s = 0.0;
  int i;
  for (i = 0; i < m; i++) {
    double sc = atol + rtol * fmax(fabs(a[i]), b != NULL ? fabs(b[i]) : 0.0);
    double q = v[i] / sc;
    s += q * q;
  }
  return sqrt(s / (m > 0 ? m : 1));
}


/* Hairer's starting step: from |x0| and |f(x0)| an explicit Euler step
   that changes x by 1% of its scale, then corrected by a finite-difference
   estimate of the second derivative (k[0] = f(t0, y) on entry) */
static int initial_step (Work *w, const ls_OdeOpts *o, double t0, double dir,
                         double span, double *h) {
  int m = w->m, i, st;
  double d0 = scaled_norm(m, w->y, w->y, NULL, o->rtol, o->atol);
  double d1 = scaled_norm(m, w->k[0], w->y, NULL, o->rtol, o->atol);
  double h0, d2, h1;
  h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
  h0 = fmin(h0, span);
  for (i = 0; i < m; i++) w->tmp[i] = w->y[i] + dir * h0 * w->k[0][i];
  if ((st = call(w, t0 + dir * h0, w->tmp, w->k[1])) != LS_OK) return st;
  for (i = 0; i < m; i++) w->ynew[i] = w->k[1][i] - w->k[0][i];
  d2 = scaled_norm(m, w->ynew, w->y, NULL, o->rtol, o->atol) / h0;
  if (fmax(d1, d2) <= 1e-15) h1 = fmax(1e-6, h0 * 1e-3);
  else h1 = pow(0.01 / fmax(d1, d2), 1.0 / 5);
  *h = fmin(fmin(100 * h0, h1), span);
  return LS_OK;
}


/* one Dormand–Prince step of h from (t, y) with k[0] = f(t, y): ynew,
   k[6] = f(t + h, ynew), and the error estimate's norm */
static int dopri_step (Work *w, const ls_OdeOpts *o, double t, double h, double *err) {
  int m = w->m, s, j, i, st;
  for (s = 1; s < NSTAGE; s++) {
    double *x = s == NSTAGE - 1 ? w->ynew : w->tmp;
    for (i = 0; i < m; i++) {
      double acc = 0.0;
      for (j = 0; j < s; j++) acc += A[s][j] * w->k[j][i];
      x[i] = w->y[i] + h * acc;
    }
    if ((st = call(w, t + C[s] * h, x, w->k[s])) != LS_OK) return st;
  }
  for (i = 0; i < m; i++) {
    double acc = 0.0;
    for (s = 0; s < NSTAGE; s++) acc += E[s] * w->k[s][i];
    w->tmp[i] = h * acc;
  }
  *err = scaled_norm(m, w->tmp, w->y, w->ynew, o->rtol, o->atol);
  return LS_OK;
}


/* the interpolant's coefficients for the step just taken (y -> ynew) */
static void dense_prepare (Work *w, double h) {
  int m = w->m, i, s;
  for (i = 0; i < m; i++) {
    double d = w->ynew[i] - w->y[i], acc = 0.0;
    w->r[0][i] = w->y[i];
    w->r[1][i] = d;
    w->r[2][i] = h * w->k[0][i] - d;
    w->r[3][i] = d - h * w->k[6][i] - w->r[2][i];
    for (s = 0; s < NSTAGE; s++) acc += D[s] * w->k[s][i];
    w->r[4][i] = h * acc;
  }
}


static void dense_eval (const Work *w, double theta, double *x, int ld) {
  int i;
  double u = 1.0 - theta;
  for (i = 0; i < w->m; i++)
    x[(size_t)i * ld] = w->r[0][i] + theta * (w->r[1][i] + u * (w->r[2][i] +
                        theta * (w->r[3][i] + u * w->r[4][i])));
}


static void put_row (double *out, int nt, int row, int m, const double *x) {
  int i;
  for (i = 0; i < m; i++) out[(size_t)i * nt + row] = x[i];
}


static int run_dopri (Work *w, const ls_OdeOpts *o, int nt, const double *t,
                      double *out, ls_OdeInfo *info) {
  int m = w->m, next = 1, st, rejected_last = 0;
  double dir = t[nt - 1] >= t[0] ? 1.0 : -1.0, tc = t[0], tend = t[nt - 1];
  double span = fabs(tend - tc), hmax = o->hmax > 0 ? o->hmax : span, h, err;
  if ((st = call(w, tc, w->y, w->k[0])) != LS_OK) return st;
  if (o->h0 > 0) h = fmin(o->h0, hmax);
  else if ((st = initial_step(w, o, tc, dir, span, &h)) != LS_OK) return st;
  h = fmin(h, hmax);
  while (next < nt) {
    double rest = fabs(tend - tc), fac, hs;
    if (info->steps + info->rejected >= o->max_steps) return LS_ODE_MAXSTEPS;
    if (h >= rest) h = rest;
    if (h <= 16 * 2.220446049250313e-16 * fmax(fabs(tc), 1e-300)) return LS_ODE_SMALLSTEP;
    hs = dir * h;
    if ((st = dopri_step(w, o, tc, hs, &err)) != LS_OK) return st;
    fac = err > 0 ? SAFETY * pow(err, -1.0 / 5) : FAC_MAX;
    fac = fmin(FAC_MAX, fmax(FAC_MIN, fac));
    if (err > 1.0) {   /* reject */
      info->rejected++;
      rejected_last = 1;
      h *= fmin(1.0, fac);
      continue;
    }
    info->steps++;
    {
      double tn = (h == rest) ? tend : tc + hs;
      dense_prepare(w, hs);
      while (next < nt && (dir > 0 ? t[next] <= tn : t[next] >= tn)) {
        if (t[next] == tn) put_row(out, nt, next, m, w->ynew);
        else dense_eval(w, (t[next] - tc) / hs, out + next, nt);
        info->rows = ++next;
      }
      tc = tn;
    }
    memcpy(w->y, w->ynew, (size_t)m * sizeof(double));
    memcpy(w->k[0], w->k[NSTAGE - 1], (size_t)m * sizeof(double));   /* FSAL */
    info->t = tc;
    h = fmin(hmax, h * (rejected_last ? fmin(1.0, fac) : fac));
    rejected_last = 0;
  }
  return LS_OK;
}


static int run_rk4 (Work *w, const ls_OdeOpts *o, int nt, const double *t,
                    double *out, ls_OdeInfo *info) {
  int m = w->m, iv, i, st;
  for (iv = 1; iv < nt; iv++) {
    double dt = t[iv] - t[iv - 1], tc = t[iv - 1], h;
    long nsub = 1, s;
    if (o->hmax > 0) nsub = (long)ceil(fabs(dt) / o->hmax - 1e-12);
    if (nsub < 1) nsub = 1;
    h = dt / (double)nsub;
    for (s = 0; s < nsub; s++) {
      double ts = tc + (double)s * h;
      if ((st = call(w, ts, w->y, w->k[0])) != LS_OK) return st;
      for (i = 0; i < m; i++) w->tmp[i] = w->y[i] + 0.5 * h * w->k[0][i];
      if ((st = call(w, ts + 0.5 * h, w->tmp, w->k[1])) != LS_OK) return st;
      for (i = 0; i < m; i++) w->tmp[i] = w->y[i] + 0.5 * h * w->k[1][i];
      if ((st = call(w, ts + 0.5 * h, w->tmp, w->k[2])) != LS_OK) return st;
      for (i = 0; i < m; i++) w->tmp[i] = w->y[i] + h * w->k[2][i];
      if ((st = call(w, ts + h, w->tmp, w->k[3])) != LS_OK) return st;
      for (i = 0; i < m; i++)
        w->y[i] += h / 6.0 * (w->k[0][i] + 2.0 * (w->k[1][i] + w->k[2][i]) + w->k[3][i]);
      info->steps++;
    }
    put_row(out, nt, iv, m, w->y);
    info->rows = iv + 1;
    info->t = t[iv];
  }
  return LS_OK;
}


int ls_ode_solve (ls_OdeRhs f, void *ctx, int m, const double *x0, int nt,
                  const double *t, const ls_OdeOpts *o, double *out,
                  ls_OdeInfo *info) {
  Work w;
  double *buf;
  int s, st;
  memset(info, 0, sizeof(*info));
  if (m < 1 || nt < 1) return LS_EARG;
  buf = (double *)malloc((size_t)m * (NSTAGE + 3 + 5) * sizeof(double));
  if (buf == NULL) return LS_ENOMEM;
  w.f = f; w.ctx = ctx; w.m = m; w.evals = 0;
  for (s = 0; s < NSTAGE; s++) w.k[s] = buf + (size_t)s * m;
  w.y = buf + (size_t)NSTAGE * m;
  w.ynew = w.y + m;
  w.tmp = w.ynew + m;
  for (s = 0; s < 5; s++) w.r[s] = w.tmp + (size_t)(s + 1) * m;
  memcpy(w.y, x0, (size_t)m * sizeof(double));
  put_row(out, nt, 0, m, x0);
  info->rows = 1;
  info->t = t[0];
  if (nt == 1) st = LS_OK;
  else if (o->method == LS_ODE_RK4) st = run_rk4(&w, o, nt, t, out, info);
  else st = run_dopri(&w, o, nt, t, out, info);
  info->evals = w.evals;
  free(buf);
  return st;
}
