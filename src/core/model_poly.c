/*
** model_poly.c — polynomial models F = W phi, phi the monomials of degree
** <= d (models.h).  L_xi F is a polynomial of degree <= d + p - 1 whose
** coefficients are exact: W E_i^T - M_i W Pad^T, E_i the sparse field
** matrix (poly.c) and Pad the embedding of P_d, or, for the tangent
** output of a nonlinear field, sum_oj e_o e_j^T W Mul(d_j v_o)^T.  The
** inner product of the coefficients is the box measure's (exact) or the
** points' (sampled), through a triangular factor either way.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>

#include "models.h"
#include "poly.h"


/* the field matrix of field f as a sparse ko x k matrix (P_d -> P_dout);
   ein, ev the exponents of P_d and P_eff */
static int field_matrix (int m, int d, const int *ein, const ls_Field *f, int eff,
                         const int *ev, int dout, ls_Sm **out) {
  long nnz = ls_poly_field_bound(m, d, eff, f->v), ko = ls_poly_count(m, dout),
       k = ls_poly_count(m, d);
  int *r = NULL, *c = NULL, st = LS_OK;
  double *v = NULL;
  r = (int *)malloc(((size_t)nnz + 1) * sizeof(int));
  c = (int *)malloc(((size_t)nnz + 1) * sizeof(int));
  v = (double *)malloc(((size_t)nnz + 1) * sizeof(double));
  if (!r || !c || !v) st = LS_ENOMEM;
  if (st == LS_OK)
    st = ls_poly_field_entries_e(m, d, ein, eff, ev, f->v, dout, r, c, v, &nnz);
  if (st == LS_OK) st = ls_sm_entries((int)ko, (int)k, nnz, r, c, v, out);
  free(r); free(c); free(v);
  return st;
}


/* P_d inside P_dout */
static int padding (long k, long ko, ls_Sm **out) {
  int *r, st;
  double *v;
  long i;
  if (k == ko) return ls_sm_identity((int)k, out);
  r = (int *)malloc((size_t)k * sizeof(int));
  v = (double *)malloc((size_t)k * sizeof(double));
  if (!r || !v) { free(r); free(v); return LS_ENOMEM; }
  for (i = 0; i < k; i++) { r[i] = (int)i; v[i] = 1.0; }
  st = ls_sm_entries((int)ko, (int)k, k, r, r, v, out);
  free(r); free(v);
  return st;
}


/* The upper Cholesky factor S (ko x ko, zeroed by the caller) of the box
   Gram matrix of P_e.  Monomials of different parity are orthogonal, so
   the matrix is block diagonal up to a permutation: each parity class is
   factored on its own (its Cholesky factor, scattered back, is the whole
   matrix's, since elimination never fills between classes).  Returns 0,
   a negative status or the LAPACK info. */
static int box_factor (int m, int e, int ko, double *S) {
  double *g = (double *)malloc(((size_t)ko * ko + 1) * sizeof(double));
  double *blk = (double *)malloc(((size_t)ko * ko + 1) * sizeof(double));
  int *idx = (int *)malloc(((size_t)ko + 1) * sizeof(int));
  char *done = (char *)calloc((size_t)ko + 1, 1);
  int a, b, c, n, st = 0;
  if (!g || !blk || !idx || !done) st = LS_ENOMEM;
  if (st == 0) st = ls_poly_box_gram(m, e, g);
  /* the class of a: the monomials of its parity, whose Gram entries with
     it are positive */
  for (a = 0; a < ko && st == 0; a++) {
    if (done[a]) continue;
    n = 0;
    for (b = a; b < ko; b++)
      if (!done[b] && (b == a || g[(size_t)a * ko + b] != 0.0)) {
        idx[n++] = b;
        done[b] = 1;
      }
    for (c = 0; c < n; c++)
      for (b = 0; b < n; b++) blk[(size_t)c * n + b] = g[(size_t)idx[c] * ko + idx[b]];
    st = (int)LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'U', n, blk, n);
    for (c = 0; c < n && st == 0; c++)
      for (b = 0; b <= c; b++) S[(size_t)idx[c] * ko + idx[b]] = blk[(size_t)c * n + b];
  }
  free(g); free(blk); free(idx); free(done);
  return st;
}


/* The factor S with ||S c|| the norm of the polynomial c in P_e: the
   Cholesky factor of the box Gram matrix, or the R of the QR
   factorisation of the weighted monomials at the points.  *kind, *sc. */
static int inner_factor (const ls_ModelSpec *s, int e, double **S, int *kind,
                         int *sc) {
  int m = s->m, N = s->npts, i, j;
  long ko = ls_poly_count(m, e);
  lapack_int info;
  *S = NULL;
  if (N == 0) {
    if ((*S = (double *)calloc((size_t)ko * ko + 1, sizeof(double))) == NULL)
      return LS_ENOMEM;
    if ((info = box_factor(m, e, (int)ko, *S)) != 0) {
      free(*S);
      *S = NULL;
      return info < 0 ? (int)info : LS_EARG;
    }
    *kind = LS_S_UPPER;
    *sc = (int)ko;
    return LS_OK;
  }
  {
    int *ex = (int *)malloc(((size_t)ko * m + 1) * sizeof(int));
    double *a = (double *)malloc(((size_t)N * ko + 1) * sizeof(double));
    double *tau = (double *)malloc(((size_t)ko + 1) * sizeof(double));
    int r = N < ko ? N : (int)ko, st = LS_OK;
    if (!ex || !a || !tau) st = LS_ENOMEM;
    if (st == LS_OK) {
      ls_poly_exponents(m, e, ex);
      ls_poly_eval(m, (int)ko, ex, N, s->x, a);
      for (j = 0; j < ko; j++)
        for (i = 0; i < N; i++)
          a[(size_t)j * N + i] *= s->w ? sqrt(s->w[i]) : 1.0 / sqrt((double)N);
      info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, N, (int)ko, a, N, tau);
      if (info != 0) st = info < 0 ? LS_EARG : LS_ENOMEM;
    }
    if (st == LS_OK && (*S = (double *)calloc((size_t)r * ko + 1, sizeof(double))) == NULL)
      st = LS_ENOMEM;
    if (st == LS_OK)
      for (j = 0; j < ko; j++)
        for (i = 0; i <= j && i < r; i++) (*S)[(size_t)j * r + i] = a[(size_t)j * N + i];
    free(ex); free(a); free(tau);
    if (st != LS_OK) { free(*S); *S = NULL; return st; }
    *kind = r == ko ? LS_S_UPPER : LS_S_DENSE;
    *sc = r;
    return LS_OK;
  }
}


/* sum_oj e_o e_j^T W Mul(d_j v_o)^T: the tangent output of a nonlinear
   field */
static int tangent_terms (ls_Op *op, const ls_ModelSpec *s, int i, int rows,
                          int d, int dout) {
  int m = s->m, o, j, st = LS_OK;
  const ls_Field *f = &s->fields[i];
  long kd = ls_poly_count(m, f->degree - 1), ko = ls_poly_count(m, dout),
       k = ls_poly_count(m, d), t;
  double *g = (double *)malloc(((size_t)kd + 1) * sizeof(double));
  double *e = (double *)malloc(((size_t)ko * k + 1) * sizeof(double));
  if (!g || !e) st = LS_ENOMEM;
  for (o = 0; o < m && st == LS_OK; o++)
    for (j = 0; j < m && st == LS_OK; j++) {
      ls_Sm *L = NULL, *Mul = NULL;
      int any = 0;
      if ((st = ls_field_derivative(m, f, o, j, g)) != LS_OK) break;
      for (t = 0; t < kd; t++) any |= g[t] != 0.0;
      if (!any) continue;
      st = ls_poly_mul_matrix(m, d, f->degree - 1, g, dout, e);
      if (st == LS_OK) st = ls_sm_dense((int)ko, (int)k, e, &Mul);
      if (st == LS_OK) st = ls_model_unit(m, o, j, &L);
      if (st == LS_OK) st = ls_op_term(op, i, rows, 0, -1.0, L, Mul, NULL);
      ls_sm_release(L);
      ls_sm_release(Mul);
    }
  free(g); free(e);
  return st;
}


/* c_i W Mul(c_i)^T: a scalar multiplier of the model (models.h) */
static int scale_term (ls_Op *op, const ls_ModelSpec *s, int i, int rows, int d,
                       int dout, ls_Sm *In) {
  const ls_Field *c = &s->scale[i];
  long ko = ls_poly_count(s->m, dout), k = ls_poly_count(s->m, d),
       kc = ls_poly_count(s->m, c->degree), t;
  double *e;
  ls_Sm *Mul = NULL;
  int st, any = 0;
  for (t = 0; t < kc; t++) any |= c->v[t] != 0.0;
  if (!any) return LS_OK;
  if (d + c->degree > dout) return LS_EARG;
  if ((e = (double *)malloc(((size_t)ko * k + 1) * sizeof(double))) == NULL) return LS_ENOMEM;
  st = ls_poly_mul_matrix(s->m, d, c->degree, c->v, dout, e);
  if (st == LS_OK) st = ls_sm_dense((int)ko, (int)k, e, &Mul);
  if (st == LS_OK) st = ls_op_term(op, i, rows, 0, 1.0, In, Mul, NULL);
  ls_sm_release(Mul);
  free(e);
  return st;
}


static int discrete_rows (ls_Op *op, const ls_ModelSpec *s, int d, ls_Sm *Ik) {
  int m = s->m, j, st = LS_OK, kind = LS_S_IDENTITY, sc = 0;
  long k = ls_poly_count(m, d);
  double *S = NULL, *t;
  if (s->h == 0) return LS_OK;
  /* exact: the coefficients themselves; sampled: their values at the points */
  if (s->npts > 0 && (st = inner_factor(s, d, &S, &kind, &sc)) != LS_OK) return st;
  t = (double *)malloc(((size_t)k * k + 1) * sizeof(double));
  if (t == NULL) st = LS_ENOMEM;
  for (j = 0; j < s->h && st == LS_OK; j++) {
    ls_Sm *T = NULL;
    /* F(g x) has the coefficients W T^T */
    st = ls_poly_linear_substitution(m, d, s->g[j], t);
    if (st == LS_OK) st = ls_sm_dense((int)k, (int)k, t, &T);
    if (st == LS_OK) st = ls_model_discrete(op, s, j, T, Ik, kind, sc, S);
    ls_sm_release(T);
  }
  free(t); free(S);
  return st;
}


int ls_model_poly (const ls_ModelSpec *s, int d, ls_Op **out) {
  int m = s->m, n = s->n, i, pmax = 0, dout, rows, kind, sc, st, kk, constant = 1;
  int *eff = NULL, *ein = NULL, **ev = NULL;
  long k = ls_poly_count(m, d), ko;
  double *S = NULL;
  ls_Op *op = NULL;
  ls_Sm *In = NULL, *Ik = NULL, *Pad = NULL;
  if (m < 1 || m > LS_POLY_MAXVARS || d < 0 || n < 1 || k < 1) return LS_EARG;
  if ((eff = (int *)malloc(((size_t)s->q + 1) * sizeof(int))) == NULL) return LS_ENOMEM;
  for (i = 0; i < s->q; i++) {
    eff[i] = ls_field_degree(m, &s->fields[i]);
    if (eff[i] > pmax) pmax = eff[i];
    if (s->scale && s->scale[i].degree + 1 > pmax) pmax = s->scale[i].degree + 1;
  }
  dout = d + pmax - 1 > d ? d + pmax - 1 : d;
  ko = ls_poly_count(m, dout);
  kk = (int)k;
  if (ko < 0 || (double)ko * ko > 2e9) { free(eff); return LS_ETOOBIG; }
  /* the exponent tables, once: of P_d and of each field degree */
  ein = (int *)malloc(((size_t)k * m + 1) * sizeof(int));
  ev = (int **)calloc((size_t)pmax + 1, sizeof(int *));
  st = (ein && ev) ? LS_OK : LS_ENOMEM;
  if (st == LS_OK) ls_poly_exponents(m, d, ein);
  for (i = 0; i <= pmax && st == LS_OK; i++) {
    long kv = ls_poly_count(m, i);
    if ((ev[i] = (int *)malloc(((size_t)kv * m + 1) * sizeof(int))) == NULL) st = LS_ENOMEM;
    else ls_poly_exponents(m, i, ev[i]);
  }
  if (st == LS_OK) st = inner_factor(s, dout, &S, &kind, &sc);
  if (st == LS_OK) st = ls_op_new(1, &n, &kk, s->q, &op);
  if (st == LS_OK) st = ls_op_rows(op, -1, n, (int)ko, kind, sc, S, &rows);
  if (st == LS_OK) st = ls_sm_identity(n, &In);
  if (st == LS_OK) st = ls_sm_identity((int)k, &Ik);
  if (st == LS_OK) st = padding(k, ko, &Pad);
  for (i = 0; i < s->q && st == LS_OK; i++) {
    ls_Sm *E = NULL;
    int done;
    st = field_matrix(m, d, ein, &s->fields[i], eff[i], ev[eff[i]], dout, &E);
    if (st == LS_OK && !(E->kind == LS_SM_SPARSE && E->nnz == 0))
      st = ls_op_term(op, i, rows, 0, 1.0, In, E, NULL);
    ls_sm_release(E);
    if (st == LS_OK) st = ls_model_output_term(op, s, i, rows, Pad, &done);
    if (st == LS_OK && !done) {
      constant = 0;
      st = tangent_terms(op, s, i, rows, d, dout);
    }
    if (st == LS_OK && s->scale) st = scale_term(op, s, i, rows, d, dout, In);
  }
  if (st == LS_OK) st = discrete_rows(op, s, d, Ik);
  /* the box measure's factor is invertible: the constraint is a Kronecker
     sum when every output generator is constant and nothing is padded */
  if (st == LS_OK && s->npts == 0 && constant && ko == k) ls_op_kronecker(op);
  ls_sm_release(In); ls_sm_release(Ik); ls_sm_release(Pad);
  if (ev) for (i = 0; i <= pmax; i++) free(ev[i]);
  free(S); free(eff); free(ein); free(ev);
  if (st != LS_OK) { ls_op_release(op); return st; }
  *out = op;
  return LS_OK;
}
