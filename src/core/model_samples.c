/*
** model_samples.c — models of any basis from samples (models.h): the
** values of L_xi F at the points, DF v_xi - M_xi F, weighted by the
** square roots of the weights (a diagonal factor, never an N x N
** matrix).  DF v = W sum_j diag(v_j(x)) J_j^T with J_j the basis's
** partial derivatives at the points: m shared matrices whose columns the
** field's values scale, so q generators cost q m scalings, not q
** Jacobian products.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models.h"
#include "poly.h"


int ls_model_samples (const ls_ModelSpec *s, int k, const double *phi,
                      const double *jac, const double *const *phig,
                      ls_Op **out) {
  int m = s->m, n = s->n, N = s->npts, i, j, o, p, c, rows, st = LS_OK;
  ls_Op *op = NULL;
  ls_Sm *In = NULL, *Phi = NULL, **J = NULL;
  double *sw = NULL, *vals = NULL, *col = NULL, *dj = NULL;
  if (m < 1 || n < 1 || k < 1 || N < 1) return LS_EARG;
  J = (ls_Sm **)calloc((size_t)m, sizeof(ls_Sm *));
  sw = (double *)malloc((size_t)N * sizeof(double));
  vals = (double *)malloc(((size_t)N * m + 1) * sizeof(double));
  col = (double *)malloc((size_t)N * sizeof(double));
  dj = (double *)malloc(((size_t)N * k + 1) * sizeof(double));
  if (!J || !sw || !vals || !col || !dj) st = LS_ENOMEM;
  for (p = 0; p < N && st == LS_OK; p++) sw[p] = s->w ? sqrt(s->w[p]) : 1.0 / sqrt((double)N);
  for (j = 0; j < m && st == LS_OK; j++) {   /* J_j[p, c] = d phi_c / dx_j (x_p) */
    for (c = 0; c < k; c++)
      for (p = 0; p < N; p++)
        dj[(size_t)c * N + p] = jac[(size_t)j * N * k + (size_t)p * k + c];
    st = ls_sm_dense(N, k, dj, &J[j]);
  }
  if (st == LS_OK) st = ls_sm_dense(N, k, phi, &Phi);
  if (st == LS_OK) st = ls_op_new(1, &n, &k, s->q, &op);
  if (st == LS_OK) st = ls_op_rows(op, -1, n, N, LS_S_DIAG, N, sw, &rows);
  if (st == LS_OK) st = ls_sm_identity(n, &In);
  for (i = 0; i < s->q && st == LS_OK; i++) {
    const ls_Field *f = &s->fields[i];
    int done;
    st = ls_field_values(m, f, N, s->x, vals);
    for (j = 0; j < m && st == LS_OK; j++) {
      const double *v = vals + (size_t)j * N;
      for (p = 0; p < N && v[p] == 0.0; p++) ;
      if (p < N) st = ls_op_term(op, i, rows, 0, 1.0, In, J[j], v);
    }
    if (st == LS_OK) st = ls_model_output_term(op, s, i, rows, Phi, &done);
    if (st == LS_OK && s->scale) {   /* c_i(x) F(x) */
      const ls_Field *sc = &s->scale[i];
      long kc = ls_poly_count(m, sc->degree), b;
      int *ex = (int *)malloc(((size_t)kc * m + 1) * sizeof(int));
      double *mono = (double *)malloc(((size_t)kc * N + 1) * sizeof(double));
      if (!ex || !mono) st = LS_ENOMEM;
      else {
        ls_poly_exponents(m, sc->degree, ex);
        ls_poly_eval(m, (int)kc, ex, N, s->x, mono);
        for (p = 0; p < N; p++) col[p] = 0.0;
        for (b = 0; b < kc; b++)
          if (sc->v[b] != 0.0)
            for (p = 0; p < N; p++) col[p] += sc->v[b] * mono[(size_t)b * N + p];
        for (p = 0; p < N && col[p] == 0.0; p++) ;
        if (p < N) st = ls_op_term(op, i, rows, 0, 1.0, In, Phi, col);
      }
      free(ex);
      free(mono);
    }
    for (o = 0; o < m && st == LS_OK && !done; o++)   /* Dv(x) F(x) */
      for (j = 0; j < m && st == LS_OK; j++) {
        ls_Sm *L = NULL;
        st = ls_field_partial_values(m, f, o, j, N, s->x, col);
        for (p = 0; p < N && st == LS_OK && col[p] == 0.0; p++) ;
        if (st != LS_OK || p == N) continue;
        st = ls_model_unit(m, o, j, &L);
        if (st == LS_OK) st = ls_op_term(op, i, rows, 0, -1.0, L, Phi, col);
        ls_sm_release(L);
      }
  }
  for (j = 0; j < s->h && st == LS_OK; j++) {
    ls_Sm *G = NULL;
    st = ls_sm_dense(N, k, phig[j], &G);
    if (st == LS_OK) st = ls_model_discrete(op, s, j, G, Phi, LS_S_DIAG, N, sw);
    ls_sm_release(G);
  }
  ls_sm_release(In); ls_sm_release(Phi);
  if (J) for (j = 0; j < m; j++) ls_sm_release(J[j]);
  free(J); free(sw); free(vals); free(col); free(dj);
  if (st != LS_OK) { ls_op_release(op); return st; }
  *out = op;
  return LS_OK;
}
