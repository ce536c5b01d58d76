/*
** kron.h — operators with Kronecker structure, applied without forming
** them: products A_1 (x) ... (x) A_p and sums sum_k I (x) .. A_k .. (x) I,
** and the dense Gram matrix of the constraints that define the fixed
** vectors of a tensor-product representation.
** Kronecker order throughout: the index of the last factor varies fastest,
** as in kron(A, B)[i*mb + p, j*nb + q] = A[i,j] B[p,q].
*/
#ifndef LIESYM_KRON_H
#define LIESYM_KRON_H

#include "dense.h"

/* Scratch buffers reused across products (an iterative solver applies the
   same operator thousands of times; fresh allocations each time cost more
   than the arithmetic).  Zero-initialise, then free with
   ls_kron_work_free. */
#define LS_KRON_BUFFERS 5
typedef struct ls_KronWork {
  size_t len;                     /* doubles in each buffer */
  double *buf[LS_KRON_BUFFERS];
  int p;
  int *cur;
} ls_KronWork;

int ls_kron_work_reserve (ls_KronWork *w, int p, size_t len);
void ls_kron_work_free (ls_KronWork *w);

/* Y (prod d x ncols) = (F_1 (x) ... (x) F_p) X (prod e x ncols), factor k
   being d[k] x e[k]; f[k] == NULL means the identity (d[k] == e[k]). */
int ls_kron_apply (int p, const int *d, const int *e,
                   const double *const *f, int ncols, const double *x,
                   double *y);

/* The same with caller-kept scratch (buffers 0 and 1). */
int ls_kron_apply_w (int p, const int *d, const int *e,
                     const double *const *f, int ncols, const double *x,
                     double *y, ls_KronWork *w);

/* Y = (sum_k I (x) .. (x) A_k (x) .. (x) I) X for square A_k of order d[k];
   a NULL A_k contributes nothing. */
int ls_kronsum_apply (int p, const int *d, const double *const *a,
                      int ncols, const double *x, double *y);

/* The same with caller-kept scratch (buffer 2). */
int ls_kronsum_apply_w (int p, const int *d, const double *const *a,
                        int ncols, const double *x, double *y,
                        ls_KronWork *w);

/* Accumulate into the N x N matrix g (N = prod d) the Gram matrix of the
   fixed-vector constraints of a tensor-product representation:
     sum_i C_i^T C_i,  C_i = sum_k I (x) .. dr[i][k] .. (x) I  (q generators)
   + sum_j (P_j - I)^T (P_j - I),  P_j = (x)_k rh[j][k]       (h elements)
   where dr[i][k] and rh[j][k] are d[k] x d[k] column-major matrices. */
int ls_tensor_gram (int p, const int *d, int q, const double *const *dr,
                    int h, const double *const *rh, double *g);

/* y (N x ncols) = G x for the Gram matrix of ls_tensor_gram, without
   forming it; drt and rht hold the transposes of dr and rh (all buffers
   of w are used). */
int ls_tensor_gram_apply_w (int p, const int *d, int q,
                            const double *const *dr, const double *const *drt,
                            int h, const double *const *rh,
                            const double *const *rht, int ncols,
                            const double *x, double *y, ls_KronWork *w);

#endif
