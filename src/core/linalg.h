/*
** linalg.h — decompositions and solvers on column-major arrays, on LAPACK.
** Inputs are never modified (each routine works on its own copy).
** Return LS_OK, a negative LS_E* status (dense.h), or a positive LAPACK info
** whose meaning is given per function.  Every routine rejects NaN/Inf input
** with LS_ENONFINITE before calling LAPACK.
*/
#ifndef LIESYM_LINALG_H
#define LIESYM_LINALG_H

#include "dense.h"

/* Thin SVD A = U diag(s) V^T, k = min(m,n): u m x k, s k, vt k x n.
   u and vt may both be NULL for singular values only.  info > 0: no
   convergence (after falling back from dgesdd to dgesvd). */
int ls_svd (int m, int n, const double *a, double *u, double *s, double *vt);

/* Singular values s (min(m,n)) and all n right singular vectors as the
   rows of vt (n x n), for nullspaces of wide matrices. */
int ls_svd_right (int m, int n, const double *a, double *s, double *vt);

/* Symmetric eigen-decomposition from the lower triangle of a (n x n):
   w ascending, v (n x n) orthonormal eigenvectors (v may be NULL). */
int ls_eigh (int n, const double *a, double *w, double *v);

/* General eigen-decomposition: eigenvalues wr + i*wi; right eigenvectors in
   vr (LAPACK's real packing: a complex pair j, j+1 is vr(:,j) +- i*vr(:,j+1)).
   vr may be NULL. */
int ls_eig (int n, const double *a, double *wr, double *wi, double *vr);

/* Thin QR, k = min(m,n): q m x k orthonormal, r k x n upper triangular.
   With jpvt non-NULL the column-pivoted form A P = Q R (dgeqp3); jpvt
   receives the 1-based permutation. */
int ls_qr (int m, int n, const double *a, double *q, double *r, int *jpvt);

/* Cholesky A = L L^T of a symmetric positive definite matrix (lower
   triangle read); l gets L with zeros above the diagonal.
   info > 0: the leading minor of that order is not positive. */
int ls_chol (int n, const double *a, double *l);

/* X (n x nrhs) = A^{-1} B by LU with partial pivoting.
   info > 0: U(info,info) is exactly zero (singular). */
int ls_solve (int n, int nrhs, const double *a, const double *b, double *x);

/* Minimum-norm least squares X (n x nrhs) = argmin ||A X - B|| for any
   A (m x n), rank decided by rcond (relative to the largest singular value;
   negative means machine precision). rank and s (min(m,n)) may be NULL. */
int ls_lstsq (int m, int n, int nrhs, const double *a, const double *b,
              double rcond, double *x, int *rank, double *s);

/* Inverse by LU. info > 0: singular. */
int ls_inv (int n, const double *a, double *ainv);

/* Determinant by LU (exactly zero for a singular LU). */
int ls_det (int n, const double *a, double *det);

/* The reciprocal condition number in the 1-norm (LAPACK dgecon after an
   LU), 0 for an exactly singular matrix: scale-invariant, unlike the
   determinant, which underflows for 0.01 I of order 200. */
int ls_rcond (int n, const double *a, double *rcond);

/* Matrix exponential by scaling and squaring with Pade approximants
   (Higham 2005, "The scaling and squaring method revisited"). */
int ls_expm (int n, const double *a, double *e);

/* Default rank tolerance: max(m,n) * eps * s_max. */
double ls_default_tol (int m, int n, double smax);

#endif
