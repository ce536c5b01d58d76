/*
** poly.h — polynomials in m variables in the monomial basis of total
** degree <= d, graded order: degree 0, then degree 1 (x1..xm), then degree
** 2 (x1^2, x1 x2, .., x2^2, ..), lexicographic within a degree (a larger
** exponent of an earlier variable comes first).  Coefficient vectors of
** P_d are prefixes of those of P_(d+1), so a space embeds in a larger one
** by padding with zeros.
*/
#ifndef LIESYM_POLY_H
#define LIESYM_POLY_H

#include "dense.h"

/* C(m+d, d), the size of P_d in m variables, or -1 when above 2^31. */
long ls_poly_count (int m, int d);

/* At most this many variables (exponent vectors live on the C stack). */
#define LS_POLY_MAXVARS 256

/* The exponent vectors of P_d in order: exps[i*m + j] is the exponent of
   variable j in monomial i (k = ls_poly_count rows). */
void ls_poly_exponents (int m, int d, int *exps);

/* Index (0-based) of the monomial with exponents alpha in the graded order. */
long ls_poly_rank (int m, const int *alpha);

/* out (npts x k) = the k monomials at the npts points X (npts x m). */
void ls_poly_eval (int m, int k, const int *exps, int npts, const double *x,
                   double *out);

/* Jacobians: out ((npts*k) x m), rows p*k .. p*k+k-1 are dphi/dx at point p. */
void ls_poly_jacobian (int m, int k, const int *exps, int npts,
                       const double *x, double *out);

/* The induced action of a polynomial vector field on coefficients:
   e (kout x kin) maps the coefficients c of F in P_din to those of
   DF . v in P_dout, where v_i = sum_b vcoef[b*m + i] x^b (vcoef m x kv,
   column b = monomial b of P_dv) and dout >= din + dv - 1. */
int ls_poly_field_matrix (int m, int din, int dv, const double *vcoef,
                           int dout, double *e);

/* The same action applied to n coefficient rows without forming the
   matrix: out (n x kout) = w (n x kin) e^T, in O(n kin m kv) operations. */
int ls_poly_field_apply (int m, int din, int dv, const double *vcoef,
                         int dout, int n, const double *w, double *out);

/* The same action as sparse entries: e[rows[t], cols[t]] += vals[t] for
   t < *nnz (a pair may repeat).  With rows == NULL only counts them. */
int ls_poly_field_entries (int m, int din, int dv, const double *vcoef,
                           int dout, int *rows, int *cols, double *vals,
                           long *nnz);

/* The same with the exponent tables of P_din and P_dv given (ein, ev from
   ls_poly_exponents), for callers that build many field matrices; and a
   bound on the entry count (the field's nonzero coefficients times the
   size of P_din). */
int ls_poly_field_entries_e (int m, int din, const int *ein, int dv,
                             const int *ev, const double *vcoef, int dout,
                             int *rows, int *cols, double *vals, long *nnz);
long ls_poly_field_bound (int m, int din, int dv, const double *vcoef);

/* Multiplication by a fixed polynomial g in P_dg: e (kout x kin) maps P_din
   to P_dout, dout >= din + dg. */
int ls_poly_mul_matrix (int m, int din, int dg, const double *g, int dout,
                         double *e);

/* Substitution by a linear map: t (k x k) maps the coefficients of F in
   P_d to those of x -> F(R x), R m x m column-major. */
int ls_poly_linear_substitution (int m, int d, const double *r, double *t);

/* The divergence of polynomial vector fields of degree <= d on R^m as a
   matrix: e (C(m+d-1, d-1) x m C(m+d, d)) maps vec(W) (W m x C(m+d, d),
   column-major: f_i = sum_b W[i, b] x^b) to the coefficients of
   div f = sum_i df_i/dx_i in P_(d-1).  No rows for d = 0. */
int ls_poly_divergence_matrix (int m, int d, double *e);

/* The coefficients of polynomials in x_1..x_m (rows of a: r x C(m+d, d))
   as polynomials in z_1..z_M with x_i = z_(off + i): b (r x C(M+d, d)),
   zero elsewhere.  off + m <= M. */
int ls_poly_embed (int m, int M, int off, int d, int r, const double *a, double *b);

/* Gram matrix of P_d under the uniform probability measure on [-1,1]^m:
   g[a,b] = E[x^(alpha_a + alpha_b)]. */
int ls_poly_box_gram (int m, int d, double *g);

/* The real trigonometric basis on the torus: products over the m
   coordinates of 1, cos(j x), sin(j x) (j = 1..K); factor index f = 0 is 1,
   f = 2j-1 is cos(j x), f = 2j is sin(j x).  idx (k x m, k = (2K+1)^m)
   lists the factor indices, the first coordinate varying slowest. */
void ls_fourier_indices (int m, int K, int *idx);
void ls_fourier_eval (int m, int k, const int *idx, int npts, const double *x,
                      double *out);
void ls_fourier_jacobian (int m, int k, const int *idx, int npts,
                          const double *x, double *out);

#endif
