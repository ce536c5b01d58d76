/*
** rank.h — the one rank decision of the fixed-space solvers: singular
** values in, the rank, the threshold, the gap at the cut and whether the
** cut is clear out.  A user may force the decision by an absolute or a
** relative threshold or by the rank itself; the gap is reported either
** way.
*/
#ifndef LIESYM_RANK_H
#define LIESYM_RANK_H

#include "liesym.h"

typedef struct ls_RankRule {
  double tol;       /* absolute threshold, < 0: none */
  double rtol;      /* threshold relative to the largest value, < 0: none */
  int64_t rank;     /* forced rank, < 0: none */
  double min_gap;   /* gap that counts as clear */
} ls_RankRule;

/* The rule of a solver's options. */
void ls_rank_rule (const ls_FixedOpts *o, ls_RankRule *rule);

/* 1 when the rule fixes the decision (tol, rtol or rank given). */
int ls_rank_forced (const ls_RankRule *rule);

/* Decide on s[0..k-1] (descending): values above the threshold are kept.
   default_tol is the threshold when the rule gives none, floor the
   method's accuracy limit.  Fills out->values (a malloc'd copy of s),
   tol, floor, rank (the count kept), gap and clear; returns the count
   kept, or LS_ENOMEM. */
int ls_rank_decide (int k, const double *s, double default_tol, double floor,
                    const ls_RankRule *rule, ls_Spectrum *out);

/* Free the values of a spectrum and zero it. */
void ls_spectrum_clear (ls_Spectrum *s);

/* Copy a spectrum (values included); LS_ENOMEM on failure. */
int ls_spectrum_copy (const ls_Spectrum *from, ls_Spectrum *to);

#endif
