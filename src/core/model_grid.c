/*
** model_grid.c — operators K on sampled fields as a model class of the
** Lie-derivative operator (grid.h): L_i K = Dout_i K - K Din_i, the
** commutator of K with the generators' discretisations, one Sylvester
** pair per generator.  With uniform weights and every input point the
** constraint is a Kronecker sum, so enforce may use the tensor solvers.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"


/* M with its rows scaled by s (NULL: M itself, retained) */
static int scaled_rows (ls_Sm *M, const double *s, ls_Sm **out) {
  double *d;
  int r, c, st;
  if (s == NULL) { ls_sm_retain(M); *out = M; return LS_OK; }
  if (M->kind == LS_SM_IDENTITY) {   /* diag(s): never an N x N buffer */
    int *ri = (int *)malloc(((size_t)M->rows + 1) * sizeof(int));
    if (ri == NULL) return LS_ENOMEM;
    for (r = 0; r < M->rows; r++) ri[r] = r;
    st = ls_sm_entries(M->rows, M->rows, M->rows, ri, ri, s, out);
    free(ri);
    return st;
  }
  if (M->kind == LS_SM_SPARSE) {
    int *ri = (int *)malloc(((size_t)M->nnz + 1) * sizeof(int));
    double *v = (double *)malloc(((size_t)M->nnz + 1) * sizeof(double));
    long t;
    if (!ri || !v) { free(ri); free(v); return LS_ENOMEM; }
    for (r = 0; r < M->rows; r++)
      for (t = M->ptr[r]; t < M->ptr[r + 1]; t++) { ri[t] = r; v[t] = s[r] * M->val[t]; }
    st = ls_sm_entries(M->rows, M->cols, M->nnz, ri, M->col, v, out);
    free(ri); free(v);
    return st;
  }
  if ((d = (double *)malloc(((size_t)M->rows * M->cols + 1) * sizeof(double))) == NULL)
    return LS_ENOMEM;
  ls_sm_to_dense(M, d);
  for (c = 0; c < M->cols; c++)
    for (r = 0; r < M->rows; r++) d[(size_t)c * M->rows + r] *= s[r];
  st = ls_sm_dense(M->rows, M->cols, d, out);
  free(d);
  return st;
}


/* the transpose of M */
static int transposed (ls_Sm *M, ls_Sm **out) {
  long nnz = 0, t;
  int r, c, st;
  int *ri, *ci;
  double *v;
  if (M->kind == LS_SM_IDENTITY) { ls_sm_retain(M); *out = M; return LS_OK; }
  nnz = M->kind == LS_SM_SPARSE ? M->nnz : (long)M->rows * M->cols;
  ri = (int *)malloc(((size_t)nnz + 1) * sizeof(int));
  ci = (int *)malloc(((size_t)nnz + 1) * sizeof(int));
  v = (double *)malloc(((size_t)nnz + 1) * sizeof(double));
  if (!ri || !ci || !v) { free(ri); free(ci); free(v); return LS_ENOMEM; }
  if (M->kind == LS_SM_SPARSE) {
    for (r = 0; r < M->rows; r++)
      for (t = M->ptr[r]; t < M->ptr[r + 1]; t++) { ri[t] = M->col[t]; ci[t] = r; v[t] = M->val[t]; }
  }
  else {
    for (c = 0, t = 0; c < M->cols; c++)
      for (r = 0; r < M->rows; r++, t++) { ri[t] = c; ci[t] = r; v[t] = M->val[t]; }
  }
  st = ls_sm_entries(M->cols, M->rows, nnz, ri, ci, v, out);
  free(ri); free(ci); free(v);
  return st;
}


/* generator i's terms on scalar fields, axis by axis: + diag(left v_a)
   T_a K and - K T_a^T diag(v_a) ... as L W R^T: R = T_a^T diag(v_a)
   is the axis operator of A^T with column scaling v_a */
static int axis_terms (ls_Op *op, const ls_GridOpSpec *s, int i, int rows,
                       const double *left, ls_Sm *Iin, ls_Sm *Lw) {
  const ls_Grid *g = s->grid;
  int m = g->dim, a, n0 = g->n[0], n1 = g->dim > 1 ? g->n[1] : 1, st;
  int64_t N = ls_grid_size(g), p;
  double *x = (double *)malloc(((size_t)N * m + 1) * sizeof(double));
  double *v = (double *)malloc(((size_t)N * m + 1) * sizeof(double));
  double *rs = (double *)malloc(((size_t)N + 1) * sizeof(double));
  double *At = (double *)malloc(((size_t)N + 1) * sizeof(double) + sizeof(double) *
                                (size_t)(n0 > n1 ? n0 : n1) * (n0 > n1 ? n0 : n1));
  st = (x && v && rs && At) ? LS_OK : LS_ENOMEM;
  if (st == LS_OK) {
    ls_grid_points(g, x);
    st = ls_field_values(m, &s->fields[i], (int)N, x, v);
  }
  for (a = 0; a < m && st == LS_OK; a++) {
    const double *va = v + (size_t)a * N, *A = s->deriv[a];
    int na = g->n[a], r, c;
    ls_Sm *L = NULL, *R = NULL;
    for (p = 0; p < N && va[p] == 0.0; p++) ;
    if (p == N) continue;
    for (p = 0; p < N; p++) rs[p] = (left ? left[p] : 1.0) * va[p];
    for (c = 0; c < na; c++)
      for (r = 0; r < na; r++) At[(size_t)r * na + c] = A[(size_t)c * na + r];
    st = ls_sm_axis(n0, n1, a, A, rs, NULL, &L);
    if (st == LS_OK) st = ls_sm_axis(n0, n1, a, At, NULL, va, &R);
    if (st == LS_OK && s->side != 2) st = ls_op_term(op, i, rows, 0, 1.0, L, Iin, NULL);
    if (st == LS_OK && s->side != 1) st = ls_op_term(op, i, rows, 0, -1.0, Lw, R, NULL);
    ls_sm_release(L);
    ls_sm_release(R);
  }
  free(x); free(v); free(rs); free(At);
  return st;
}


int ls_model_grid (const ls_GridOpSpec *s, ls_Op **out) {
  int nin = s->nin, nout = s->nout, i, j, rows, st, kind = LS_S_IDENTITY, uniform = 1;
  double *left = NULL, *right = NULL;
  ls_Op *op = NULL;
  ls_Sm *Iin = NULL, *Iout = NULL, *Lw = NULL;
  if (nin < 1 || nout < 1 || s->q < 0 || s->h < 0) return LS_EARG;
  if (s->ntest < 0 || (s->ntest > 0 && s->test == NULL)) return LS_EARG;
  left = (double *)malloc((size_t)nout * sizeof(double));
  right = (double *)malloc(((size_t)nin * (s->ntest > 0 ? s->ntest : 1)) * sizeof(double));
  if (!left || !right) { free(left); free(right); return LS_ENOMEM; }
  /* the Hilbert-Schmidt norm of L^2(w): rows sqrt(w_out), columns
     1 / sqrt(w_in), or the test fields */
  for (i = 0; i < nout; i++) left[i] = s->w_out ? sqrt(s->w_out[i]) : 1.0;
  for (j = 0; j < nin; j++) right[j] = s->w_in ? 1.0 / sqrt(s->w_in[j]) : 1.0;
  for (i = 1; i < nout; i++) uniform &= left[i] == left[0];
  for (j = 1; j < nin; j++) uniform &= right[j] == right[0];
  if (s->ntest > 0) {   /* S = T^T (ntest x nin) */
    int t;
    for (t = 0; t < s->ntest; t++)
      for (j = 0; j < nin; j++) right[(size_t)j * s->ntest + t] = s->test[(size_t)t * nin + j];
    kind = LS_S_DENSE;
    if (uniform) for (j = 0; j < nin * s->ntest; j++) right[j] *= left[0];
  }
  else if (uniform) {   /* a constant factor: the Kronecker form survives */
    double a = left[0] * right[0];
    for (j = 0; j < nin; j++) right[j] = a;
    kind = a == 1.0 ? LS_S_IDENTITY : LS_S_DIAG;
  }
  else kind = LS_S_DIAG;
  st = ls_op_new(1, &nout, &nin, s->q, &op);
  if (st == LS_OK)
    st = ls_op_rows(op, -1, nout, nin, kind, s->ntest > 0 ? s->ntest : nin,
                    kind == LS_S_IDENTITY ? NULL : right, &rows);
  if (st == LS_OK) st = ls_sm_identity(nin, &Iin);
  if (st == LS_OK) st = ls_sm_identity(nout, &Iout);
  if (st == LS_OK) st = scaled_rows(Iout, uniform ? NULL : left, &Lw);
  for (i = 0; i < s->q && st == LS_OK && s->grid != NULL; i++)
    st = axis_terms(op, s, i, rows, uniform ? NULL : left, Iin, Lw);
  for (i = 0; i < s->q && st == LS_OK && s->grid == NULL; i++) {
    ls_Sm *Lo = NULL, *Rt = NULL;
    if (s->din[i]->rows != nin || s->dout[i]->rows != nout) { st = LS_EARG; break; }
    st = scaled_rows(s->dout[i], uniform ? NULL : left, &Lo);
    if (st == LS_OK) st = transposed(s->din[i], &Rt);
    if (st == LS_OK && s->side != 2) st = ls_op_term(op, i, rows, 0, 1.0, Lo, Iin, NULL);  /* Dout K */
    if (st == LS_OK && s->side != 1) st = ls_op_term(op, i, rows, 0, -1.0, Lw, Rt, NULL); /* - K Din */
    ls_sm_release(Lo);
    ls_sm_release(Rt);
  }
  for (j = 0; j < s->h && st == LS_OK; j++) {   /* Pout K Pin^-1 - K */
    int c, drows;
    st = ls_op_discrete(op, &c);
    if (st == LS_OK) st = ls_op_rows(op, c, nout, nin, LS_S_IDENTITY, nin, NULL, &drows);
    if (st == LS_OK) st = ls_op_term(op, -1 - c, drows, 0, 1.0, s->pout[j], s->pin_inv_t[j], NULL);
    if (st == LS_OK) st = ls_op_term(op, -1 - c, drows, 0, -1.0, Iout, Iin, NULL);
  }
  if (st == LS_OK && uniform && s->ntest == 0 && s->side == 0 && nin == nout) ls_op_kronecker(op);
  ls_sm_release(Iin); ls_sm_release(Iout); ls_sm_release(Lw);
  free(left); free(right);
  if (st != LS_OK) { ls_op_release(op); return st; }
  *out = op;
  return LS_OK;
}
