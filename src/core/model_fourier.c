/*
** model_fourier.c — trigonometric models on the m-torus under
** translations (models.h).  A translation field b differentiates the
** basis within its span, d/dx_j cos(a x_j) = -a sin(a x_j) and
** d/dx_j sin(a x_j) = a cos(a x_j), so L_b F = W E_b^T - M W is exact with
** E_b = sum_j b_j D_j, each D_j one entry per column; the basis is
** orthogonal in L^2 of the uniform probability on the torus, with norms
** 1 (constant) and 1/2 per trigonometric factor.
*/
#include <math.h>
#include <stdlib.h>

#include "models.h"
#include "poly.h"


/* E_b (k x k) for the constant field b (m values) */
static int translation_matrix (int m, int K, long k, const int *idx,
                               const double *b, ls_Sm **out) {
  long c, nnz = 0, stride;
  int j, st;
  int *r = (int *)malloc(((size_t)k * m + 1) * sizeof(int));
  int *cc = (int *)malloc(((size_t)k * m + 1) * sizeof(int));
  double *v = (double *)malloc(((size_t)k * m + 1) * sizeof(double));
  if (!r || !cc || !v) { free(r); free(cc); free(v); return LS_ENOMEM; }
  for (j = 0, stride = k; j < m; j++) {
    stride /= 2 * K + 1;   /* the first coordinate varies slowest */
    if (b[j] == 0.0) continue;
    for (c = 0; c < k; c++) {
      int f = idx[c * m + j], a = (f + 1) / 2;
      if (f == 0) continue;
      r[nnz] = (int)(c + (f % 2 ? stride : -stride));   /* cos -> sin, sin -> cos */
      cc[nnz] = (int)c;
      v[nnz++] = b[j] * (f % 2 ? -a : a);
    }
  }
  st = ls_sm_entries((int)k, (int)k, nnz, r, cc, v, out);
  free(r); free(cc); free(v);
  return st;
}


int ls_model_fourier (const ls_ModelSpec *s, int K, ls_Op **out) {
  int m = s->m, n = s->n, i, j, rows, st = LS_OK, kk;
  double kd = pow(2.0 * K + 1, m);
  long k = (long)kd, c;
  int *idx;
  double *sd, *b;
  ls_Op *op = NULL;
  ls_Sm *In = NULL, *Ik = NULL;
  if (m < 1 || K < 0 || n < 1 || kd > 1e7) return LS_EARG;
  if (s->h > 0 || s->npts > 0) return LS_EUNSUPPORTED;
  for (i = 0; i < s->q; i++)
    if (ls_field_degree(m, &s->fields[i]) > 0) return LS_EUNSUPPORTED;
  kk = (int)k;
  idx = (int *)malloc(((size_t)k * m + 1) * sizeof(int));
  sd = (double *)malloc(((size_t)k + 1) * sizeof(double));
  b = (double *)malloc(((size_t)m + 1) * sizeof(double));
  if (!idx || !sd || !b) st = LS_ENOMEM;
  if (st == LS_OK) {
    ls_fourier_indices(m, K, idx);
    for (c = 0; c < k; c++) {
      double g = 1.0;
      for (j = 0; j < m; j++) if (idx[c * m + j] != 0) g *= 0.5;
      sd[c] = sqrt(g);
    }
    st = ls_op_new(1, &n, &kk, s->q, &op);
  }
  if (st == LS_OK) st = ls_op_rows(op, -1, n, kk, LS_S_DIAG, kk, sd, &rows);
  if (st == LS_OK) st = ls_sm_identity(n, &In);
  if (st == LS_OK) st = ls_sm_identity(kk, &Ik);
  for (i = 0; i < s->q && st == LS_OK; i++) {
    ls_Sm *E = NULL;
    int done;
    for (j = 0; j < m; j++) b[j] = s->fields[i].v[j];   /* the constant term */
    st = translation_matrix(m, K, k, idx, b, &E);
    if (st == LS_OK && !(E->kind == LS_SM_SPARSE && E->nnz == 0))
      st = ls_op_term(op, i, rows, 0, 1.0, In, E, NULL);
    ls_sm_release(E);
    /* a constant field has Dv = 0: a tangent output adds nothing */
    if (st == LS_OK) st = ls_model_output_term(op, s, i, rows, Ik, &done);
  }
  if (st == LS_OK) ls_op_kronecker(op);
  ls_sm_release(In); ls_sm_release(Ik);
  free(idx); free(sd); free(b);
  if (st != LS_OK) { ls_op_release(op); return st; }
  *out = op;
  return LS_OK;
}
