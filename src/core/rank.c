/*
** rank.c — the rank decision shared by every fixed-space method.
** The gap is one number with one meaning everywhere: the smallest kept
** value over the larger of the largest dropped value and the method's
** accuracy floor.  A small gap means rounding could have moved the cut.
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
}


int ls_rank_forced (const ls_RankRule *rule) {
  return rule->tol >= 0 || rule->rtol >= 0 || rule->rank >= 0;
}


int ls_rank_decide (int k, const double *s, double default_tol, double floor,
                    const ls_RankRule *rule, ls_Spectrum *out) {
  double tol, lower, upper;
  int r;
  out->nvalues = k;
  out->values = (double *)malloc((size_t)(k > 0 ? k : 1) * sizeof(double));
  if (out->values == NULL) return LS_ENOMEM;
  if (k > 0) memcpy(out->values, s, (size_t)k * sizeof(double));
  if (rule->rank >= 0) {
    r = rule->rank < k ? (int)rule->rank : k;
    /* a threshold strictly between the kept and the dropped values */
    if (r == 0) tol = k > 0 ? s[0] : 0.0;
    else if (r == k) tol = 0.5 * s[k - 1];
    else tol = sqrt(s[r - 1] * s[r]);
  }
  else {
    if (rule->tol >= 0) tol = rule->tol;
    else if (rule->rtol >= 0) tol = rule->rtol * (k > 0 ? s[0] : 0.0);
    else tol = default_tol;
    for (r = 0; r < k && s[r] > tol; r++) ;
  }
  lower = r > 0 ? s[r - 1] : HUGE_VAL;
  upper = r < k ? s[r] : 0.0;
  if (upper < floor) upper = floor;
  out->tol = tol;
  out->floor = floor;
  out->rank = r;
  out->gap = (upper > 0 && lower < HUGE_VAL) ? lower / upper : HUGE_VAL;
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
