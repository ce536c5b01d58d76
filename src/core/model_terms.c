/*
** model_terms.c — the terms every model class of models.h shares: the
** output term of a constant output generator and the rows of a discrete
** constraint.
*/
#include <stdlib.h>

#include "models.h"


int ls_model_output_term (ls_Op *op, const ls_ModelSpec *s, int i, int rows,
                          ls_Sm *F, int *done) {
  ls_Sm *M = NULL;
  double *a = NULL;
  int st = LS_OK;
  *done = 1;
  switch (s->output) {
    case LS_OUT_INVARIANT: return LS_OK;
    case LS_OUT_ACTION:
      st = ls_sm_dense(s->n, s->n, s->drho[i], &M);
      break;
    default:
      if (ls_field_degree(s->m, &s->fields[i]) > 1) { *done = 0; return LS_OK; }
      if ((a = (double *)malloc(((size_t)s->m * s->m + 1) * sizeof(double))) == NULL)
        return LS_ENOMEM;
      ls_field_linear_part(s->m, &s->fields[i], a);
      st = ls_sm_dense(s->m, s->m, a, &M);
      free(a);
  }
  if (st == LS_OK && !(M->kind == LS_SM_SPARSE && M->nnz == 0))
    st = ls_op_term(op, i, rows, 0, -1.0, M, F, NULL);
  ls_sm_release(M);
  return st;
}


int ls_model_unit (int n, int o, int j, ls_Sm **out) {
  double one = 1.0;
  return ls_sm_entries(n, n, 1, &o, &j, &one, out);
}


int ls_model_discrete (ls_Op *op, const ls_ModelSpec *s, int j, ls_Sm *Fg,
                       ls_Sm *F, int skind, int sc, const double *sv) {
  ls_Sm *P = NULL, *I = NULL;
  int c, rows, st;
  if ((st = ls_op_discrete(op, &c)) != LS_OK) return st;
  if ((st = ls_op_rows(op, c, s->n, F->rows, skind, sc, sv, &rows)) != LS_OK) return st;
  st = ls_sm_dense(s->n, s->n, s->rho_inv[j], &P);
  if (st == LS_OK) st = ls_sm_identity(s->n, &I);
  if (st == LS_OK) st = ls_op_term(op, -1 - c, rows, 0, 1.0, P, Fg, NULL);
  if (st == LS_OK) st = ls_op_term(op, -1 - c, rows, 0, -1.0, I, F, NULL);
  ls_sm_release(P);
  ls_sm_release(I);
  return st;
}
