/*
** model_fields.c — what the model classes read from a polynomial vector
** field: its true degree, its partial derivatives (as coefficients and
** at points), its values at points (models.h).
*/
#include <stdlib.h>
#include <string.h>

#include "models.h"
#include "poly.h"


int ls_field_degree (int m, const ls_Field *f) {
  int e;
  for (e = f->degree; e >= 1; e--) {
    long lo = ls_poly_count(m, e - 1), hi = ls_poly_count(m, e), b;
    size_t i;
    for (b = lo; b < hi; b++)
      for (i = 0; i < (size_t)m; i++)
        if (f->v[(size_t)b * m + i] != 0.0) return e;
  }
  return 0;
}


int ls_field_derivative (int m, const ls_Field *f, int o, int j, double *out) {
  long kv = ls_poly_count(m, f->degree), kd = ls_poly_count(m, f->degree - 1), b;
  int *ex = (int *)malloc(((size_t)kv * m + 1) * sizeof(int));
  int alpha[LS_POLY_MAXVARS];
  if (ex == NULL) return LS_ENOMEM;
  memset(out, 0, (size_t)kd * sizeof(double));
  ls_poly_exponents(m, f->degree, ex);
  for (b = 0; b < kv; b++) {
    double c = f->v[(size_t)b * m + o];
    if (c == 0.0 || ex[b * m + j] == 0) continue;
    memcpy(alpha, ex + b * m, (size_t)m * sizeof(int));
    alpha[j]--;
    out[ls_poly_rank(m, alpha)] += c * ex[b * m + j];
  }
  free(ex);
  return LS_OK;
}


/* out (npts x kv) = the monomials of degree <= p at the points */
static int monomials_at (int m, int p, int npts, const double *x, double **out,
                         long *kv) {
  int *ex;
  *kv = ls_poly_count(m, p);
  ex = (int *)malloc(((size_t)*kv * m + 1) * sizeof(int));
  *out = (double *)malloc(((size_t)npts * *kv + 1) * sizeof(double));
  if (ex == NULL || *out == NULL) { free(ex); free(*out); return LS_ENOMEM; }
  ls_poly_exponents(m, p, ex);
  ls_poly_eval(m, (int)*kv, ex, npts, x, *out);
  free(ex);
  return LS_OK;
}


int ls_field_values (int m, const ls_Field *f, int npts, const double *x,
                     double *out) {
  double *psi;
  long kv;
  int st = monomials_at(m, f->degree, npts, x, &psi, &kv);
  if (st != LS_OK) return st;
  ls_gemm('N', 'T', npts, m, (int)kv, 1.0, psi, npts, f->v, m, 0.0, out, npts);
  free(psi);
  return LS_OK;
}


int ls_field_partial_values (int m, const ls_Field *f, int o, int j,
                             int npts, const double *x, double *out) {
  long kd = ls_poly_count(m, f->degree - 1), kv;
  double *c = (double *)malloc(((size_t)kd + 1) * sizeof(double)), *psi = NULL;
  int st = c ? ls_field_derivative(m, f, o, j, c) : LS_ENOMEM;
  if (st == LS_OK) st = monomials_at(m, f->degree - 1, npts, x, &psi, &kv);
  if (st == LS_OK)
    ls_gemm('N', 'N', npts, 1, (int)kv, 1.0, psi, npts, c, (int)kv, 0.0, out, npts);
  free(c); free(psi);
  return st;
}


void ls_field_linear_part (int m, const ls_Field *f, double *a) {
  int o, j;
  for (j = 0; j < m; j++)
    for (o = 0; o < m; o++)
      a[(size_t)j * m + o] = f->degree >= 1 ? f->v[(size_t)(1 + j) * m + o] : 0.0;
}
