/*
** lieop.h — the Lie-derivative operator L(xi, theta), the one object that
** enforce, discover and promote read, and the interface through which a
** model class supplies it.
**
** The parameters theta are the column-major vectors of P parameter
** blocks W_b (n_b x k_b), stacked.  For each of the q generators e_i of
** the candidate algebra the Lie derivative of the model along e_i is, in
** each of its row blocks r, a matrix
**
**     Z_ir = sum_t alpha_t L_t W_b(t) R_t^T diag(d_t)        (nz_r x cz_r)
**
** a sum of Sylvester terms: L_t (nz_r x n_b) acts on the outputs, R_t
** (cz_r x k_b) on the basis (a field matrix, a sample matrix, a padding),
** d_t an optional scaling of the columns (a field's values at sample
** points).  The row block's inner product is a right factor S_r (sc_r x
** cz_r: the identity, a diagonal of square-root weights, or a triangular
** Cholesky or QR factor), so that ||L_ei F||^2 = sum_r ||Z_ir S_r^T||_F^2.
** Column i of
**
**     B(theta) = [ vec(Z_i1 S_1^T); vec(Z_i2 S_2^T); ... ]      (s x q)
**
** is the Lie derivative along e_i: enforce is the nullspace in theta of
** the Gram matrix sum_i B_i^T B_i (with the discrete constraints' rows),
** discover the nullspace in xi of B(theta) (its SVD), promote the nuclear
** norm of B(theta) (promote.c).  Discrete constraints K_g are extra
** generators with row blocks of their own: they enter enforce only.
**
** A model class builds an operator with ls_op_new, declares its row
** blocks (ls_op_rows), adds its terms (ls_op_term) and discrete
** constraints (ls_op_discrete), and, when its constraint is a Kronecker
** sum on square factors with an injective inner product, says so
** (ls_op_kronecker) so that enforce may use the fixed-space solver's
** tensor methods.  The matrices are ls_Sm (smat.h): reference-counted,
** so one padding, identity or sample matrix is shared by every
** generator's terms.  Then ls_op_apply,
** ls_op_adjoint, ls_op_gram, ls_op_dense, ls_op_enforce and
** ls_op_discover work for it, with no code of its own.
*/
#ifndef LIESYM_LIEOP_H
#define LIESYM_LIEOP_H

#include <stddef.h>

#include "liesym.h"
#include "smat.h"

/* inner-product factors S of a row block */
enum { LS_S_IDENTITY, LS_S_DIAG, LS_S_UPPER, LS_S_DENSE };

typedef struct ls_Op ls_Op;

/* n[b] x k[b] for each of the P parameter blocks; q generators. */
int ls_op_new (int P, const int *n, const int *k, int q, ls_Op **out);
void ls_op_retain (ls_Op *op);
void ls_op_release (ls_Op *op);

/* A row block of Z: nz x cz, factor S of kind LS_S_* (s: NULL for the
   identity, cz values for LS_S_DIAG, sc x cz column-major otherwise: a
   square upper-triangular factor for LS_S_UPPER, any for LS_S_DENSE; a
   factor with few nonzeros is kept and applied as sparse rows).  gen < 0: a
   block of the q generators' rows (all generators share it); gen = j >= 0:
   the rows of discrete constraint j (ls_op_discrete).  Copied.  Returns
   the block's index in *index. */
int ls_op_rows (ls_Op *op, int gen, int nz, int cz, int skind, int sc,
                const double *s, int *index);

/* A new discrete constraint; its index (0-based) in *j. */
int ls_op_discrete (ls_Op *op, int *j);

/* A term alpha L W_block R^T diag(d) of generator gen (0..q-1) or of
   discrete constraint gen = -1 - j, in row block `rows`.  L and R are
   retained; d (cz values, may be NULL) is copied. */
int ls_op_term (ls_Op *op, int gen, int rows, int block, double alpha,
                ls_Sm *L, ls_Sm *R, const double *d);

/* Declares the operator a Kronecker sum with an injective inner product:
   one parameter block; every generator term has L the identity (and R
   square, k x k) or R the identity (and L square, n x n); every discrete
   constraint is P W T^T - W (a term alpha = 1 and the term -I W I^T).
   Its constraint vec(W E_i^T + F_i W) = (E_i (x) I + I (x) F_i) theta is
   then a tensor-product action, and enforce may hand the dense factors
   to the fixed-space solver's tensor methods (weights, iterative).
   LS_EARG when the terms do not have that form. */
int ls_op_kronecker (ls_Op *op);

/* 1 when ls_op_kronecker accepted the operator. */
int ls_op_is_kronecker (const ls_Op *op);

/* The operator's shape. */
int ls_op_params (const ls_Op *op);      /* p = sum n_b k_b */
int ls_op_gens (const ls_Op *op);        /* q */
int ls_op_rowcount (const ls_Op *op);    /* s, the rows of B */
int ls_op_ndiscrete (const ls_Op *op);   /* h */
int ls_op_blocks (const ls_Op *op, int *n, int *k);  /* P; n, k may be NULL */
/* The rows of constraint j's block (all its row blocks). */
int ls_op_discrete_rows (const ls_Op *op, int j);

/* B(theta) (s x q, column-major). */
int ls_op_apply (const ls_Op *op, const double *theta, double *b);
/* theta (p) = B^*(y) for y (s x q): the adjoint. */
int ls_op_adjoint (const ls_Op *op, const double *y, double *theta);
/* K (p x p) = sum_i B_i^T B_i, the Gram matrix of the generators' rows;
   with_discrete adds those of the discrete constraints. */
int ls_op_gram (const ls_Op *op, int with_discrete, double *k);
/* K (p x p) of the generators' combinations N (q x dim, columns): the
   Gram matrix of theta -> B(theta) N, whose nullspace is the models the
   subalgebra spanned by N leaves invariant (one apply and one adjoint
   per parameter). */
int ls_op_gram_sub (const ls_Op *op, const double *N, int dim, double *k);
/* The operator as one matrix M with vec(B(theta)) = M theta ((s q) x p),
   followed (with_discrete) by the discrete constraints' rows. */
int ls_op_dense_rows (const ls_Op *op, int with_discrete, int64_t *rows);
int ls_op_dense (const ls_Op *op, int with_discrete, double *m);
/* 1 when every entry is finite. */
int ls_op_finite (const ls_Op *op);

/* The least change d (minimum norm) of theta with B(theta + d) N = 0, N
   (q x dim) orthonormal combinations of the generators: theta += d, by
   conjugate gradients on the normal equations from d = 0 (their iterates
   stay in the range of the adjoint: the minimum-norm change) until
   |B(theta) N| <= tol |B(theta0) N| or maxit steps; *resid the final
   ratio, *iters the steps. */
int ls_op_project_null (const ls_Op *op, const double *N, int dim, double tol, int maxit,
                        double *theta, double *resid, int *iters);

/* {======================================================
** The three tasks' read-outs.
** ======================================================= */

/* Enforce: the parameters with B(theta) = 0 and K_g theta = theta.
   method: LS_METHOD_AUTO, _SVD (the stacked dense rows), _GRAM (the
   Gram eigen-solve, null vectors verified against the structured
   operator) or _WEIGHTS/_ORBITS/_ITERATIVE (the tensor form, through the
   fixed-space solver).  LS_EUNCLEAR with a result as ls_fixed_space. */
int ls_op_enforce (const ls_Op *op, const ls_FixedOpts *opts, ls_Fixed **out);

/* Discover: the singular values of B(theta) — from the eigenvalues of
   B^T B when every one lies above 1e-4 of the largest (accurate there to
   1e-5 relative, at half the cost), else from the SVD; spec->method says
   which — the decision by rule (rank.h, data mode), and the *dim null
   directions (right singular vectors, by the SVD) into null (q x dim,
   allocated by the callee; values owned by the caller:
   ls_spectrum_clear). */
struct ls_RankRule;
int ls_op_discover (const ls_Op *op, const double *theta,
                    const struct ls_RankRule *rule, double **null, int *dim,
                    ls_Spectrum *spec);

/* The same with an absolute accuracy limit `zero`: values at or below it
   are zero (a solver's tolerance on B(theta), as promote reports it). */
int ls_op_discover_floor (const ls_Op *op, const double *theta,
                          const struct ls_RankRule *rule, double zero,
                          double **null, int *dim, ls_Spectrum *spec);

#endif
