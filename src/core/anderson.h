/*
** anderson.h — Anderson acceleration (type II, Walker & Ni 2011) of a
** fixed-point iteration x <- g(x): the next point is the combination of
** the last `mem` images whose residuals g(x) - x cancel best in the least-
** squares sense.  The caller safeguards: when an accelerated point makes
** the residual grow, it resets and falls back to the plain image.
*/
#ifndef LIESYM_ANDERSON_H
#define LIESYM_ANDERSON_H

#include <stddef.h>

typedef struct ls_Anderson ls_Anderson;

/* Iterates of n entries; the least-squares fit uses the first nfit of
   them and the combination is applied to all (entries past nfit must be
   linear functions of the others).  NULL when out of memory. */
ls_Anderson *ls_anderson_new (size_t n, size_t nfit, int mem);
void ls_anderson_free (ls_Anderson *a);

/* forget the history (after the map itself changed) */
void ls_anderson_reset (ls_Anderson *a);

/* gx = g(x) on entry; on return the accelerated next point.  Returns 1
   when it extrapolated, 0 when gx is left as the plain image. */
int ls_anderson_step (ls_Anderson *a, const double *x, double *gx);

#endif
