/*
** promote.h — convex fits that promote symmetry: the nuclear norm of the
** Lie-derivative matrix B(theta) (P x q, one column per generator), by
** ADMM with singular-value thresholding, and the l1 baseline.
*/
#ifndef LIESYM_PROMOTE_H
#define LIESYM_PROMOTE_H

#include "dense.h"

/* called every `every` iterations; a non-zero return stops the solver */
typedef int (*ls_progress) (void *ctx, int iter, double primal, double dual,
                            double objective);

typedef struct ls_AdmmOptions {
  double tol;        /* relative primal and dual residuals */
  int max_iter;
  double rho;        /* initial penalty (<= 0: automatic) */
  int every;         /* progress period (0: never) */
  ls_progress progress;
  void *ctx;
} ls_AdmmOptions;

typedef struct ls_AdmmInfo {
  int iterations, converged, stopped;
  double primal, dual, objective, rho;
} ls_AdmmInfo;

/* Nuclear-norm fit.  bop (m x k, m = p*q) maps theta to vec(B(theta))
   column-major; phi (n x k), y (n).  gamma < 0: the exact problem
     min ||B(theta)||_*  s.t.  phi theta = y;
   gamma >= 0: min 1/2 ||phi theta - y||^2 + gamma ||B(theta)||_*.
   theta (k) holds the start (warm) and receives the solution; dual (m)
   receives the nuclear norm's subgradient certificate. */
int ls_nuclear_admm (int p, int q, int k, const double *bop, int n,
                     const double *phi, const double *y, double gamma,
                     const ls_AdmmOptions *opt, double *theta, double *dual,
                     ls_AdmmInfo *info);

/* Basis pursuit: min ||theta||_1 s.t. phi theta = y (phi n x k). */
int ls_l1_admm (int k, int n, const double *phi, const double *y,
                const ls_AdmmOptions *opt, double *theta, ls_AdmmInfo *info);

#endif
