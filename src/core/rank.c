/*
** rank.c — the rank decision shared by every nullspace and discovery
** (rank.h).  A small gap means rounding or noise could have moved the
** cut.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rank.h"


void ls_rank_rule (const ls_FixedOpts *o, ls_RankRule *rule) {
  rule->tol = o ? o->tol : -1.0;
  rule->rtol = o ? o->rtol : -1.0;
  rule->rank = o ? o->rank : -1;
  rule->min_gap = (o && o->min_gap > 0) ? o->min_gap : LS_MIN_GAP;
  rule->search = 0.0;
  rule->decisive = 0.0;
}


void ls_rank_rule_data (ls_RankRule *rule, double search) {
  rule->tol = rule->rtol = -1.0;
  rule->rank = -1;
  rule->min_gap = LS_MIN_GAP;
  rule->search = search;
  rule->decisive = LS_DECISIVE_GAP;
}


double ls_rank_gap (int k, const double *s, int r, double floor) {
  double lower = r > 0 ? s[r - 1] : HUGE_VAL;
  double upper = r < k ? s[r] : 0.0;
  if (upper < floor) upper = floor;
  return (upper > 0 && lower < HUGE_VAL) ? lower / upper : HUGE_VAL;
}


/* the cut with the largest gap among those dropping values <= bound;
   -1 when there is none */
static int largest_gap (int k, const double *s, double bound, double floor,
                        double *gap) {
  int r, best = -1;
  for (r = 1; r < k; r++)
    if (s[r] <= bound) {
      double g = ls_rank_gap(k, s, r, floor);
      if (best < 0 || g > *gap) { best = r; *gap = g; }
    }
  return best;
}


/* the automatic cut of the data mode */
static int search_cut (int k, const double *s, double floor,
                       const ls_RankRule *rule) {
  double g = 0.0;
  int r;
  if (k == 0 || s[0] <= floor) return 0;   /* nothing above rounding */
  r = largest_gap(k, s, rule->search * s[0], floor, &g);
  if (r >= 0) return r;
  if (rule->decisive > 0) {
    r = largest_gap(k, s, LS_LOOSE_RTOL * s[0], floor, &g);
    if (r >= 0 && g >= rule->decisive) return r;
  }
  return k;
}


/* a threshold strictly between the kept and the dropped values of a cut */
static double cut_tol (int k, const double *s, int r, double floor) {
  if (k == 0) return 0.0;
  if (r == 0) return s[0];
  if (r == k) return 0.5 * s[k - 1];
  return sqrt(s[r - 1] * (s[r] > floor ? s[r] : floor));
}


int ls_rank_forced (const ls_RankRule *rule) {
  return rule->tol >= 0 || rule->rtol >= 0 || rule->rank >= 0;
}


int ls_rank_decide (int k, const double *s, double default_tol, double floor,
                    const ls_RankRule *rule, ls_Spectrum *out) {
  double tol;
  int r;
  out->nvalues = k;
  out->values = (double *)malloc((size_t)(k > 0 ? k : 1) * sizeof(double));
  if (out->values == NULL) return LS_ENOMEM;
  if (k > 0) memcpy(out->values, s, (size_t)k * sizeof(double));
  if (rule->rank >= 0) {
    r = rule->rank < k ? (int)rule->rank : k;
    tol = cut_tol(k, s, r, 0.0);
  }
  else if (!ls_rank_forced(rule) && rule->search > 0) {
    r = search_cut(k, s, floor, rule);
    tol = cut_tol(k, s, r, floor);
  }
  else {
    if (rule->tol >= 0) tol = rule->tol;
    else if (rule->rtol >= 0) tol = rule->rtol * (k > 0 ? s[0] : 0.0);
    else tol = default_tol;
    for (r = 0; r < k && s[r] > tol; r++) ;
  }
  out->tol = tol;
  out->floor = floor;
  out->rank = r;
  out->gap = ls_rank_gap(k, s, r, floor);
  out->clear = out->gap >= rule->min_gap;
  return r;
}


void ls_spectrum_clear (ls_Spectrum *s) {
  free(s->values);
  memset(s, 0, sizeof(*s));
}


int ls_spectrum_copy (const ls_Spectrum *from, ls_Spectrum *to) {
  *to = *from;
  to->values = (double *)malloc((size_t)(from->nvalues > 0 ? from->nvalues : 1)
                                * sizeof(double));
  if (to->values == NULL) return LS_ENOMEM;
  if (from->nvalues > 0)
    memcpy(to->values, from->values, (size_t)from->nvalues * sizeof(double));
  return LS_OK;
}
