/*
** models.h — the model classes of basis regression F(x) = W phi(x)
** (W n x k) on the Lie-derivative operator (lieop.h):
**
**     (L_xi F)(x) = DF(x) v_xi(x) - M_xi(x) F(x)
**
** with v_xi the candidate's polynomial vector fields on R^m and M_xi the
** output's generator: 0 (invariant), an action's d rho(xi), or Dv_xi (a
** tangent output, the bracket [v_xi, F] of vector fields).  Each builder
** supplies the terms and inner product of one class and nothing else;
** enforce, discover and promote are the operator's.
**
**   ls_model_poly     monomials of degree <= d.  Exact (no points): the
**                     coefficients of L_xi F in the monomials of degree
**                     d + p - 1, in the L^2 inner product of the uniform
**                     probability on [-1,1]^m (a Cholesky factor of the
**                     monomials' Gram matrix).  Sampled: the same
**                     coefficients, in the weighted inner product of the
**                     points (the R of a QR factorisation of the weighted
**                     monomials), so the rows are as many as the
**                     coefficients, not the points.
**   ls_model_fourier  the trigonometric basis on the m-torus under
**                     translations (constant fields), which map its span
**                     into itself: exact, L^2 of the uniform measure.
**   ls_model_samples  any basis from its values and Jacobians at the
**                     points: the fields' values scale the columns of the
**                     Jacobians, the weights scale the rows.
**
** Discrete constraints F(g x) = rho(g) F(x) are rows of their own.
*/
#ifndef LIESYM_MODELS_H
#define LIESYM_MODELS_H

#include "lieop.h"

/* A polynomial vector field of degree <= degree on R^m: component i is
   sum_b v[b*m + i] x^b over the monomials b of that degree (poly.h). */
typedef struct ls_Field {
  int degree;
  const double *v;
} ls_Field;

enum { LS_OUT_INVARIANT, LS_OUT_ACTION, LS_OUT_TANGENT };

typedef struct ls_ModelSpec {
  int m, n, q;                   /* variables, outputs, generators */
  const ls_Field *fields;        /* q */
  int output;                    /* LS_OUT_* (tangent: n = m) */
  const double *const *drho;     /* LS_OUT_ACTION: q matrices n x n */
  int npts;                      /* 0: the exact mode */
  const double *x;               /* npts x m */
  const double *w;               /* npts weights, or NULL for 1/npts */
  int h;                         /* discrete constraints */
  const double *const *g;        /* h linear maps of R^m (m x m) */
  const double *const *rho_inv;  /* h matrices n x n: rho(g)^-1 */
  /* NULL, or q scalar polynomials c_i on R^m (one component: v[b] over
     the monomials b of degree <= degree) that add the term c_i(x) F(x)
     to L_i F: the divergence term of an integral kernel (lieder.kernel) */
  const ls_Field *scale;
} ls_ModelSpec;

int ls_model_poly (const ls_ModelSpec *s, int d, ls_Op **out);

/* LS_EUNSUPPORTED when a field is not constant or a discrete map is
   given: those do not map the span into itself. */
int ls_model_fourier (const ls_ModelSpec *s, int K, ls_Op **out);

/* phi (npts x k) the basis at the points, jac ((npts k) x m) its
   Jacobians (rows p k .. p k + k - 1 at point p), phig[j] (npts x k) the
   basis at the points g_j x. */
int ls_model_samples (const ls_ModelSpec *s, int k, const double *phi,
                      const double *jac, const double *const *phig,
                      ls_Op **out);

/* {======================================================
** Polynomial fields (model_fields.c)
** ======================================================= */

/* The highest degree with a nonzero coefficient (0 for a constant field,
   e.g. a translation stored with degree 1). */
int ls_field_degree (int m, const ls_Field *f);
/* Coefficients (C(m+p-1, p-1), p = f->degree >= 1) of d v_o / d x_j. */
int ls_field_derivative (int m, const ls_Field *f, int o, int j, double *out);
/* out (npts x m) = the field at the points. */
int ls_field_values (int m, const ls_Field *f, int npts, const double *x,
                     double *out);
/* out (npts) = d v_o / d x_j at the points. */
int ls_field_partial_values (int m, const ls_Field *f, int o, int j,
                             int npts, const double *x, double *out);
/* The linear part A (m x m, A[o, j] = d v_o / d x_j) of a field of
   degree <= 1. */
void ls_field_linear_part (int m, const ls_Field *f, double *a);

/* {======================================================
** Terms every class shares (model_terms.c)
** ======================================================= */

/* The output term -M_i W F^T of generator i in row block `rows` when M_i
   is constant (invariant: none; action: d rho(e_i); tangent of a field
   of degree <= 1: its linear part), F (cz x k) the model's values or
   coefficients.  *done = 0 when the class must supply it itself (the
   tangent output of a nonlinear field). */
int ls_model_output_term (ls_Op *op, const ls_ModelSpec *s, int i, int rows,
                          ls_Sm *F, int *done);

/* The matrix e_o e_j^T (n x n), for the terms of Dv F. */
int ls_model_unit (int n, int o, int j, ls_Sm **out);

/* Discrete constraint rho(g)^-1 W Fg^T - W F^T = 0 with rows nz = n and
   the inner product (skind, sc, sv) of ls_op_rows. */
int ls_model_discrete (ls_Op *op, const ls_ModelSpec *s, int j, ls_Sm *Fg,
                       ls_Sm *F, int skind, int sc, const double *sv);

#endif
