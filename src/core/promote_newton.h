/*
** promote_newton.h — the exact nuclear-norm fit
**   min ||B theta||_*  s.t.  Phi theta = y
** by an augmented Lagrangian method whose subproblems are solved by a
** semismooth Newton method with preconditioned conjugate gradients (the
** SSNAL scheme of Zhao, Sun & Toh 2010 and Li, Sun & Toh 2018, applied to
** the primal).  Each subproblem minimises, over the feasible theta,
**   psi(theta) = min_X ||X||_* + sigma/2 |B theta + L/sigma - X|^2,
** whose gradient is P B^* L+ with L+ = sigma Pi(G), G = B theta + L/sigma
** and Pi the projection onto the spectral-norm ball of radius 1/sigma; the
** multiplier update is L <- L+, so |L|_2 <= 1 holds at every step.  Near
** the threshold of a recovery experiment, where ADMM needs thousands of
** iterations, this takes tens of Newton steps and a few hundred CG steps.
*/
#ifndef LIESYM_PROMOTE_NEWTON_H
#define LIESYM_PROMOTE_NEWTON_H

#include "lieop.h"
#include "promote.h"
#include "promote_step.h"

typedef struct ls_NewtonResult {
  int work;        /* SVDs + CG steps spent (against the budget) */
  int steps, cg, outer;
  int converged, stopped;
  double primal, dual, objective, zero_level;
} ls_NewtonResult;

/* From a feasible theta (k), a multiplier lam (s x q, |lam|_2 <= 1, or
   zeros) and a penalty *sigma > 0: runs until the relative primal and
   dual residuals (as ADMM measures them) are below tol or `budget` units
   of work are spent.  theta, lam and *sigma receive the last iterate; lam
   is then the nuclear norm's subgradient certificate. */
int ls_nuclear_newton (const ls_Op *op, ls_ThetaStep *step, double opnorm,
                       double tol, int budget, double *theta, double *lam,
                       double *sigma, ls_NewtonResult *res);

/* The same, calling progress(ctx, offset + work, primal, dual, objective)
   after each multiplier update (a non-zero return stops: res->stopped) */
int ls_nuclear_newton_progress (const ls_Op *op, ls_ThetaStep *step, double opnorm,
                                double tol, int budget, double *theta, double *lam,
                                double *sigma, ls_progress progress, void *ctx,
                                int offset, ls_NewtonResult *res);

#endif
