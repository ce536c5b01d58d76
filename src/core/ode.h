/*
** ode.h — initial-value problems x' = f(t, x) in R^m: the adaptive
** Dormand–Prince 5(4) pair with its continuous extension of order 4
** (Hairer, Nørsett & Wanner, "Solving ODEs I", II.5 and II.6), and the
** classical fixed-step Runge–Kutta method of order 4.  Plain C: the right
** side is a callback, so a C host, a Lua function or a fitted model can
** supply it.
*/
#ifndef LIESYM_ODE_H
#define LIESYM_ODE_H

/* dx = f(t, x); a nonzero return stops the integration with that code. */
typedef int (*ls_OdeRhs) (void *ctx, double t, const double *x, double *dx);

enum { LS_ODE_DOPRI5 = 0, LS_ODE_RK4 = 1 };

typedef struct ls_OdeOpts {
  int method;        /* LS_ODE_DOPRI5 or LS_ODE_RK4 */
  double rtol, atol; /* DOPRI5: the local error per step, componentwise */
  double h0;         /* DOPRI5: the first step (0: chosen from f) */
  double hmax;       /* the largest step (0: the whole span); RK4: the
                        step, each output interval divided into equal steps
                        of at most hmax (0: one step per interval) */
  long max_steps;    /* DOPRI5: accepted and rejected steps, at most */
} ls_OdeOpts;

/* status of ls_ode_solve, besides LS_OK and a code returned by f */
enum {
  LS_ODE_MAXSTEPS = -101,   /* max_steps reached before the last time */
  LS_ODE_SMALLSTEP = -102,  /* the step fell below rounding at t */
  LS_ODE_NONFINITE = -103   /* f returned Inf or NaN */
};

typedef struct ls_OdeInfo {
  long steps, rejected, evals;  /* accepted steps, rejected, f calls */
  double t;                     /* the time reached */
  int rows;                     /* rows of out filled */
} ls_OdeInfo;

/* Defaults: DOPRI5, rtol 1e-8, atol 1e-10, max_steps 10^7. */
void ls_ode_defaults (ls_OdeOpts *o);

/* Integrate from x(t[0]) = x0 through the nt times t (strictly monotone,
   increasing or decreasing); out (nt x m, column-major: out[j*nt + i] =
   x_j(t[i])) gets the solution at each time, between DOPRI5's steps by
   its dense output.  Returns LS_OK, a status above, LS_ENOMEM, or f's
   code; info says how far it got. */
int ls_ode_solve (ls_OdeRhs f, void *ctx, int m, const double *x0, int nt,
                  const double *t, const ls_OdeOpts *o, double *out,
                  ls_OdeInfo *info);

#endif
