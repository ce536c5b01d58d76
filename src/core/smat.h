/*
** smat.h — the matrices the Lie-derivative operator is assembled from:
** the identity, dense column-major arrays, or sparse rows (CSR), chosen
** by density so that a field matrix with a handful of entries per row
** costs what its entries cost and a dense sample matrix goes to BLAS.
** Reference-counted: one output matrix or padding is shared by the terms
** of every generator.  An axis operator on a tensor grid (a derivative
** along one axis, scaled by a field's values) is kept as its small factor
** and applied by BLAS on reshaped blocks: never the N x N matrix.
*/
#ifndef LIESYM_SMAT_H
#define LIESYM_SMAT_H

#include <stddef.h>

enum { LS_SM_IDENTITY, LS_SM_DENSE, LS_SM_SPARSE, LS_SM_AXIS };

typedef struct ls_Sm {
  int refs;
  int kind;
  int rows, cols;
  double *val;      /* dense: rows * cols; sparse: nnz */
  long nnz;         /* sparse */
  long *ptr;        /* sparse: rows + 1, row r is ptr[r] .. ptr[r+1]-1 */
  int *col;         /* sparse: the entries' columns, ascending in a row */
  int axis, n0, n1; /* axis: diag(rs) T diag(cs), T = I_n1 (x) A (axis 0) or
                       A (x) I_n0 (axis 1), A (val) n_axis x n_axis */
  double *rs, *cs;  /* axis: N = n0 n1 scalings, or NULL */
} ls_Sm;

/* The n x n identity. */
int ls_sm_identity (int n, ls_Sm **out);
/* A copy of a dense rows x cols matrix (kept dense or made sparse by its
   density). */
int ls_sm_dense (int rows, int cols, const double *a, ls_Sm **out);
/* The axis operator diag(rs) T diag(cs) on an n0 x n1 grid (point i0 +
   n0 i1): T = I_n1 (x) A for axis 0, A (x) I_n0 for axis 1, A dense n_axis
   x n_axis; rs, cs (n0 n1 values) may be NULL.  Copied. */
int ls_sm_axis (int n0, int n1, int axis, const double *A, const double *rs,
                const double *cs, ls_Sm **out);

/* From entries a[r[t], c[t]] += v[t] (duplicates summed, zeros dropped),
   kept sparse or made dense by density. */
int ls_sm_entries (int rows, int cols, long nnz, const int *r, const int *c,
                   const double *v, ls_Sm **out);

void ls_sm_retain (ls_Sm *m);
void ls_sm_release (ls_Sm *m);

/* Y (a x rows) += alpha X (a x cols) M^T: columns of X combined. */
void ls_sm_right_t (const ls_Sm *m, int a, double alpha, const double *x,
                    double *y);
/* Y (a x cols) += alpha X (a x rows) M. */
void ls_sm_right (const ls_Sm *m, int a, double alpha, const double *x,
                  double *y);
/* Y (rows x b) += alpha M X (X cols x b). */
void ls_sm_left (const ls_Sm *m, int b, double alpha, const double *x,
                 double *y);
/* Y (cols x b) += alpha M^T X (X rows x b). */
void ls_sm_left_t (const ls_Sm *m, int b, double alpha, const double *x,
                   double *y);

/* The products of an axis operator entry by entry, with no workspace:
   what the four products above fall back to without memory, and their
   reference in the specs.  side 0: y (N x k) += alpha op(M) x; side 1:
   y (k x N) += alpha x op(M)^T; op(M) = M^T when trans. */
void ls_sm_axis_reference (const ls_Sm *m, int side, int trans, int k, double alpha,
                           const double *x, double *y);

/* The dense matrix (rows x cols) into out. */
void ls_sm_to_dense (const ls_Sm *m, double *out);

/* 1 when every entry is finite. */
int ls_sm_finite (const ls_Sm *m);

#endif
