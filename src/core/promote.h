/*
** promote.h — convex fits that promote symmetry: the nuclear norm of the
** Lie-derivative matrix B(theta) (P x q, one column per generator), by
** ADMM with singular-value thresholding, and the l1 baseline.
*/
#ifndef LIESYM_PROMOTE_H
#define LIESYM_PROMOTE_H

#include "dense.h"
#include "lieop.h"

/* called every `every` iterations; a non-zero return stops the solver */
typedef int (*ls_progress) (void *ctx, int iter, double primal, double dual,
                            double objective);

enum { LS_ADMM = 0, LS_NEWTON = 1, LS_AUTO = 2 };
#define LS_NEWTON_SOON 20     /* the default of newton_after when the SVT */
#define LS_NEWTON_LARGE 100   /* of B(theta) dominates each iteration */

typedef struct ls_AdmmOptions {
  double tol;        /* relative primal and dual residuals */
  int max_iter;
  double rho;        /* initial penalty (<= 0: automatic) */
  double alpha;      /* over-relaxation in (0, 2) (<= 0: none, 1) */
  int accel;         /* Anderson memory (0: none) */
  int adapt_every;   /* period of the penalty balancing */
  int every;         /* progress period (0: never) */
  int method;        /* exact form: LS_ADMM, LS_NEWTON or LS_AUTO (ADMM,
                        then Newton when it has not converged after
                        newton_after iterations, and ADMM again should
                        Newton stall); the penalized form
                        always takes ADMM */
  int newton_after;  /* LS_AUTO: the ADMM iterations before the Newton
                        method takes over (< 0: LS_NEWTON_SOON when
                        B(theta) has at least LS_NEWTON_LARGE rows and
                        columns, never otherwise) */
  const double *warm_dual;  /* a start for the certificate (s x q), as a
                               solve returns it, or NULL; with rho, the
                               penalty it was found at (warm starts of
                               nearby problems) */
  ls_progress progress;
  void *ctx;
} ls_AdmmOptions;

typedef struct ls_AdmmInfo {
  int iterations, converged, stopped, rejected;
  double primal, dual, objective, rho;
  int closed_form;   /* the optimum needed no iteration */
  int data_rank;     /* rank of Phi(X) */
  int nonunique;     /* dimension of the directions along which the optimum
                        is not unique (null(B) ^ null(Phi)): the solution
                        is the minimum-norm one along them */
  double residual;   /* |Phi theta0 - y| / |y| of the least-squares fit */
  int newton;        /* the solve finished with the Newton method */
  int newton_steps, cg_steps;   /* its work (in iterations, with the
                                   ADMM iterations before it) */
  double zero_level; /* singular values of B(theta) below it are zero to
                        the solver's tolerance (tol times the primal
                        residual's scale) */
} ls_AdmmInfo;

/* The data of a fit of theta = vec(W), W nout x kb: the basis at npts
   points, phi (npts x kb), and the targets y (npts x nout); the model's
   values are W Phi^T.  The solver uses Phi^T Phi (x) I, never Phi (x) I,
   in the penalized form. */
typedef struct ls_FitData {
  int npts, kb, nout;
  const double *phi, *y;
} ls_FitData;

/* Nuclear-norm fit with the operator op (one parameter block, nout x kb;
   B(theta) is s x q); lambda >= 0 an optional l1 weight.  With
   D theta = vec(W Phi^T) and d = vec(Y^T):
   gamma < 0: the exact problem
     min ||B(theta)||_* + lambda ||theta||_1  s.t.  D theta = d;
   gamma >= 0:
     min 1/2 ||D theta - d||^2 + gamma ||B(theta)||_* + lambda ||theta||_1.
   theta (p) holds the start (warm) and receives the solution; dual
   (s x q) receives the nuclear norm's subgradient certificate. */
int ls_nuclear_admm (const ls_Op *op, const ls_FitData *data, double gamma,
                     double lambda, const ls_AdmmOptions *opt, double *theta,
                     double *dual, ls_AdmmInfo *info);

/* The same for a decreasing path of penalties gammas[0..ngamma-1] (all
   >= 0; or one exact gamma < 0), warm-started from each other: one
   decomposition of the data, and the iterate (with the threshold
   gamma / rho) carried from one gamma to the next.  thetas (p x ngamma)
   holds the start in its first column, duals is (s q) x ngamma; after a
   progress function stops a solve, the later ones have info.stopped. */
int ls_nuclear_admm_path (const ls_Op *op, const ls_FitData *data, int ngamma,
                          const double *gammas, double lambda,
                          const ls_AdmmOptions *opt, double *thetas,
                          double *duals, ls_AdmmInfo *infos);

/* The smallest gamma0 at which the penalized optimum is known to be the
   fully symmetric fit theta_sym (the least-squares fit with B theta = 0,
   p entries): gamma0 = |Y0|_2 for the smallest Y0 (in Frobenius norm)
   with B^* Y0 = -Phi^T (Phi theta_sym - y), so that Y0 / gamma0 is a
   certificate there.  It bounds the path's first gamma: above it B(W) =
   0; the least gamma with that property can be smaller (finding it is a
   semidefinite program). */
int ls_nuclear_gamma_max (const ls_Op *op, const ls_FitData *data,
                          double *gamma0, double *theta_sym);

/* Basis pursuit: min ||theta||_1 s.t. phi theta = y (phi n x k). */
int ls_l1_admm (int k, int n, const double *phi, const double *y,
                const ls_AdmmOptions *opt, double *theta, ls_AdmmInfo *info);

#endif
