/*
** nullspace.h — nullspaces of large symmetric positive semi-definite Gram
** matrices in two phases, so that the caller can size the result after
** seeing the spectrum: one tridiagonal reduction gives every eigenvalue,
** then eigenvectors are computed only for the k smallest.
*/
#ifndef LIESYM_NULLSPACE_H
#define LIESYM_NULLSPACE_H

#include "dense.h"

/* Reduce symmetric g (n x n, lower triangle read; overwritten with the
   reflectors) to tridiagonal form d (n), e (n), tau (n) and put all its
   eigenvalues in w (n, ascending). */
int ls_gram_reduce (int n, double *g, double *d, double *e, double *tau,
                    double *w);

/* Orthonormal eigenvectors z (n x k) of the k smallest eigenvalues, from
   the output of ls_gram_reduce (g, d, e, tau are not modified). */
int ls_gram_smallest (int n, const double *g, const double *d,
                      const double *e, const double *tau, int k, double *z);

#endif
