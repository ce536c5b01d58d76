/*
** rank.h — the one rank decision of liesym: singular values in, the
** rank, the threshold, the gap at the cut and whether the cut is clear
** out.  Every nullspace (the fixed-space solvers, enforce on an operator,
** Matrix:null) and every discovery (of a model's symmetries, of a data
** set's equations) decides here.
**
** A user may force the decision by an absolute (tol) or a relative
** (rtol) threshold or by the rank itself.  Otherwise the rule has two
** modes: a threshold (exact constraints: values at or below the
** method's accuracy are zero), or, for results computed from data, a
** search for the cut with the largest gap — first among cuts whose
** dropped values are at rounding level (search * s_1), else a decisive
** gap (at least `decisive`, dropping values below LS_LOOSE_RTOL * s_1),
** else nothing is dropped.  So exact data keep their exact answer, data
** with noise give the cut their spectrum shows, and a generic spectrum
** gives full rank.
**
** The gap is one number with one meaning: the smallest kept value over
** the larger of the largest dropped value and the floor (the accuracy
** limit); at full rank s_min / floor, with nothing kept infinity.
*/
#ifndef LIESYM_RANK_H
#define LIESYM_RANK_H

#include "liesym.h"

typedef struct ls_RankRule {
  double tol;       /* absolute threshold, < 0: none */
  double rtol;      /* threshold relative to the largest value, < 0: none */
  int64_t rank;     /* forced rank, < 0: none */
  double min_gap;   /* gap that counts as clear */
  double search;    /* > 0: the largest-gap search among cuts whose
                       dropped values are <= search * s_1; else the
                       threshold default_tol */
  double decisive;  /* > 0: with no such cut, a gap this large (dropping
                       values <= LS_LOOSE_RTOL * s_1) is taken */
} ls_RankRule;

/* the gap that data must show for a cut above the rounding level */
#define LS_DECISIVE_GAP 1e3
/* and the largest relative value such a cut may drop */
#define LS_LOOSE_RTOL 1e-2

/* The gap of a cut at r (values s[0..k-1] descending, floor as above). */
double ls_rank_gap (int k, const double *s, int r, double floor);

/* The rule of a solver's options (threshold mode). */
void ls_rank_rule (const ls_FixedOpts *o, ls_RankRule *rule);
/* A data-mode rule: nothing forced, the search bound given. */
void ls_rank_rule_data (ls_RankRule *rule, double search);

/* 1 when the rule fixes the decision (tol, rtol or rank given). */
int ls_rank_forced (const ls_RankRule *rule);

/* Decide on s[0..k-1] (descending): values above the threshold are kept.
   default_tol is the threshold when the rule gives none and does not
   search (out->tol is then the cut's threshold), floor the method's
   accuracy limit.  Fills out->values (a malloc'd copy of s),
   tol, floor, rank (the count kept), gap and clear; returns the count
   kept, or LS_ENOMEM. */
int ls_rank_decide (int k, const double *s, double default_tol, double floor,
                    const ls_RankRule *rule, ls_Spectrum *out);

/* Free the values of a spectrum and zero it. */
void ls_spectrum_clear (ls_Spectrum *s);

/* Copy a spectrum (values included); LS_ENOMEM on failure. */
int ls_spectrum_copy (const ls_Spectrum *from, ls_Spectrum *to);

#endif
