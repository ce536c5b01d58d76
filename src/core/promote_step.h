/*
** promote_step.h — the theta-step of the nuclear-norm ADMM (promote.c),
** solved exactly for every penalty from one decomposition per data set.
**
** With K' = B^* B (+ I for an l1 split) and the data Phi theta = y
** (Phi = Phi_b (x) I), the step is
**   exact:      argmin |B theta - c|^2 (+ |theta - e|^2)  s.t. Phi theta = y
**   penalized:  argmin |Phi theta - y|^2 + rho (|B theta - c|^2 (+ ...)).
** Both forms are solved in coordinates where they are diagonal:
**   exact:      theta = theta0 + Z diag(1/g) Z^T (rhs - K' theta0), Z an
**               orthonormal basis of null(Phi) in which Z^T K' Z = diag(g);
**   penalized:  theta = V diag(1 / (1 + (rho - sigma) lambda)) V^T (rho rhs
**               + Phi^T y), V the pencil's basis with V^T (P + sigma K') V
**               = I and V^T K' V = diag(lambda), P = Phi^T Phi.
** (The exact form uses a Cholesky factor instead when no direction is
** left out: a third of the cost.)
** So a change of the penalty costs nothing and never fails, and the
** directions that change neither B theta nor the fit (null(B) ^ null(Phi),
** where the optimum is not unique) are decided once (rank.h) and left
** out: the solver returns the minimum-norm optimum along them.
*/
#ifndef LIESYM_PROMOTE_STEP_H
#define LIESYM_PROMOTE_STEP_H

#include "promote.h"

typedef struct ls_ThetaStep {
  int k, kr, exact;
  double sigma;     /* penalized: the pencil's shift */
  double *basis;    /* k x kr: exact Z (orthonormal), penalized V */
  double *lam;      /* kr: exact g, penalized lambda */
  double *theta0;   /* k: the minimum-norm least-squares solution of Phi theta = y */
  double *h0;       /* exact: Z^T K' theta0 (kr) */
  double *pty;      /* penalized: Phi^T y (k) */
  double *work;     /* kr */
  int data_rank;    /* rank of Phi_b */
  int nonunique;    /* dimension left out: directions of equal objective */
  double residual;  /* exact: |Phi theta0 - y| / |y| (consistency) */
  double fit_size;  /* |y| / |Phi|_2: the smallest |theta| of a fit */
  int nzero;        /* penalized: the lambda that are 0 (null(K') directions,
                       the first ones) */
  /* exact form, when the optimum is unique (the common case): a pivoted
     Cholesky factor of M = P_Z K' P_Z + s V V^T instead of the eigen-
     decomposition (V = the data's row space (x) I, P_Z = I - V V^T), so
     that theta = theta0 + M^-1 P_Z (rhs - K' theta0) */
  double *chol, *vr, *hz, *vw, *pd;  /* k x k, k x nr, k, max(k, nr), k */
  int *piv, nr;
} ls_ThetaStep;

/* Decompose for the data d and K' (k x k, both triangles); theta (k), if
   not NULL, is moved to the nearest point the step can reach (onto the
   constraint, off the left-out directions).  Exact mode: LS_EINCONSISTENT
   when Phi theta = y has no solution (s->residual says how far). */
int ls_theta_step_init (ls_ThetaStep *s, const ls_FitData *d, const double *K,
                        int exact, double *theta);
void ls_theta_step_free (ls_ThetaStep *s);

/* theta = the step's minimiser for penalty rho, rhs = B^* c (+ e) */
void ls_theta_step_solve (ls_ThetaStep *s, double rho, const double *rhs,
                          double *theta);

/* penalized: theta = the least-squares fit among the theta with
   K' theta = 0 (the fully symmetric fit) */
void ls_theta_step_symmetric_fit (ls_ThetaStep *s, double *theta);

/* penalized: x with K' x = g, for g in range(K') */
void ls_theta_step_range_solve (ls_ThetaStep *s, const double *g, double *x);

/* the norm of d's component in the free directions (exact: |Z^T d|; the
   penalized form has no constraint: |d|): the measure of a dual residual */
double ls_theta_step_dual_norm (ls_ThetaStep *s, const double *d);

/* exact form: out = the projection of d onto the free directions (those
   the solver moves theta along: null(Phi) without the left-out ones) */
void ls_theta_step_project (ls_ThetaStep *s, const double *d, double *out);

/* exact form: out = (P K' P)^+ r, P that projection (r, out: k) */
void ls_theta_step_free_solve (ls_ThetaStep *s, const double *r, double *out);

#endif
