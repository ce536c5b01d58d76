/*
** kron.c — Kronecker-structured products and the tensor Gram matrix.
** A Kronecker product acts on a vector as a sequence of mode products: the
** vector is a column-major tensor whose first (fastest) index belongs to
** the last factor; applying factor k multiplies the slabs of that tensor by
** F_k^T with one dgemm each.
*/
#include <stdlib.h>
#include <string.h>

#include "kron.h"

/* factors with at most this many entries are applied by plain loops */
#define SMALL_FACTOR 64


/* product of the p entries of v */
static size_t prod (int p, const int *v) {
  size_t n = 1;
  int k;
  for (k = 0; k < p; k++) n *= (size_t)v[k];
  return n;
}


/* mode product: y = F applied to axis k of x, dims cur[] (cur[k] = e),
   leaving cur[k] = d; every slab is a fast x e matrix times F^T */
static void mode_product (int p, int *cur, int k, int dk, const double *f,
                          size_t ncols, const double *x, double *y) {
  size_t fast = 1, slow = ncols, b;
  int t, ek = cur[k];
  for (t = k + 1; t < p; t++) fast *= (size_t)cur[t];
  for (t = 0; t < k; t++) slow *= (size_t)cur[t];
  if (fast == 1)  /* the slabs are contiguous columns: one product */
    ls_gemm('N', 'N', dk, (int)slow, ek, 1.0, f, dk, x, ek, 0.0, y, dk);
  else if (dk * ek <= SMALL_FACTOR)  /* tiny factor: dgemm's call overhead
                                        would dominate every slab */
    for (b = 0; b < slow; b++) {
      const double *xs = x + b * fast * ek;
      double *ys = y + b * fast * dk;
      int i, j;
      size_t a;
      for (i = 0; i < dk; i++) {
        double *yi = ys + (size_t)i * fast;
        for (a = 0; a < fast; a++) yi[a] = 0.0;
        for (j = 0; j < ek; j++) {
          double fij = f[(size_t)j * dk + i];
          const double *xj = xs + (size_t)j * fast;
          if (fij != 0.0)
            for (a = 0; a < fast; a++) yi[a] += fij * xj[a];
        }
      }
    }
  else
    for (b = 0; b < slow; b++)
      ls_gemm('N', 'T', (int)fast, dk, ek, 1.0, x + b * fast * ek, (int)fast,
              f, dk, 0.0, y + b * fast * dk, (int)fast);
  cur[k] = dk;
}


int ls_kron_apply (int p, const int *d, const int *e,
                   const double *const *f, int ncols, const double *x,
                   double *y) {
  int *cur;
  size_t maxlen = prod(p, e), len, nout = prod(p, d);
  double *buf[2];
  const double *src = x;
  int k, which = 0, applied = 0;
  if (nout == 0 || ncols == 0) return LS_OK;
  if ((cur = (int *)malloc((size_t)(p > 0 ? p : 1) * sizeof(int))) == NULL)
    return LS_ENOMEM;
  memcpy(cur, e, (size_t)p * sizeof(int));
  len = maxlen;  /* the largest intermediate: track it along the sequence */
  for (k = p - 1; k >= 0; k--) {
    if (f[k] == NULL) continue;
    len = len / (size_t)e[k] * (size_t)d[k];
    if (len > maxlen) maxlen = len;
  }
  buf[0] = (double *)malloc(maxlen * (size_t)ncols * sizeof(double));
  buf[1] = (double *)malloc(maxlen * (size_t)ncols * sizeof(double));
  if (buf[0] == NULL || buf[1] == NULL) {
    free(buf[0]); free(buf[1]); free(cur);
    return LS_ENOMEM;
  }
  for (k = p - 1; k >= 0; k--) {
    if (f[k] == NULL) continue;
    mode_product(p, cur, k, d[k], f[k], (size_t)ncols, src, buf[which]);
    src = buf[which];
    which = 1 - which;
    applied = 1;
  }
  memcpy(y, applied ? src : x, nout * (size_t)ncols * sizeof(double));
  free(buf[0]); free(buf[1]); free(cur);
  return LS_OK;
}


int ls_kronsum_apply (int p, const int *d, const double *const *a,
                      int ncols, const double *x, double *y) {
  size_t n = prod(p, d) * (size_t)ncols, i;
  double *tmp;
  int *cur, k;
  memset(y, 0, n * sizeof(double));
  if (n == 0) return LS_OK;
  tmp = (double *)malloc(n * sizeof(double));
  cur = (int *)malloc((size_t)p * sizeof(int));
  if (tmp == NULL || cur == NULL) { free(tmp); free(cur); return LS_ENOMEM; }
  for (k = 0; k < p; k++) {
    if (a[k] == NULL) continue;
    memcpy(cur, d, (size_t)p * sizeof(int));
    mode_product(p, cur, k, d[k], a[k], (size_t)ncols, x, tmp);
    for (i = 0; i < n; i++) y[i] += tmp[i];
  }
  free(tmp);
  free(cur);
  return LS_OK;
}


/* g += X at axis k (x) Y at axis l (identity elsewhere; Y NULL for a single
   factor): each row meets d[k]*d[l] columns, so this costs N*d[k]*d[l] */
static void add_kron2 (size_t n, const size_t *stride, const int *d, int k,
                       const double *x, int l, const double *y, double *g) {
  size_t r;
  int dk = d[k], dl = (y != NULL) ? d[l] : 1;
  for (r = 0; r < n; r++) {
    int rk = (int)((r / stride[k]) % (size_t)dk);
    int rl = (y != NULL) ? (int)((r / stride[l]) % (size_t)dl) : 0;
    size_t base = r - (size_t)rk * stride[k]
                    - ((y != NULL) ? (size_t)rl * stride[l] : 0);
    int ck, cl;
    for (ck = 0; ck < dk; ck++) {
      double xv = x[(size_t)ck * dk + rk];
      if (xv == 0.0) continue;
      if (y == NULL)
        g[(base + (size_t)ck * stride[k]) * n + r] += xv;
      else
        for (cl = 0; cl < dl; cl++)
          g[(base + (size_t)ck * stride[k] + (size_t)cl * stride[l]) * n + r]
            += xv * y[(size_t)cl * dl + rl];
    }
  }
}


/* dense Kronecker product of p square factors into out (N x N), using
   tmp (N x N) as scratch */
static void dense_kron (int p, const int *d, const double *const *f,
                        double *out, double *tmp) {
  int k, sz = 1;
  out[0] = 1.0;
  for (k = 0; k < p; k++) {
    ls_kron(sz, sz, out, d[k], d[k], f[k], tmp);
    sz *= d[k];
    memcpy(out, tmp, (size_t)sz * sz * sizeof(double));
  }
}


int ls_tensor_gram (int p, const int *d, int q, const double *const *dr,
                    int h, const double *const *rh, double *g) {
  size_t n = prod(p, d), *stride, i;
  int k, l, j;
  if (n == 0) return LS_OK;
  if ((stride = (size_t *)malloc((size_t)p * sizeof(size_t))) == NULL)
    return LS_ENOMEM;
  for (k = p - 1; k >= 0; k--)
    stride[k] = (k == p - 1) ? 1 : stride[k + 1] * (size_t)d[k + 1];
  for (i = 0; i < (size_t)q; i++)
    for (k = 0; k < p; k++) {
      const double *ak = dr[i * p + k];
      int dk = d[k];
      /* the diagonal term I (x) A_k^T A_k (x) I */
      double *ata = (double *)malloc((size_t)dk * dk * sizeof(double));
      if (ata == NULL) { free(stride); return LS_ENOMEM; }
      ls_gemm('T', 'N', dk, dk, dk, 1.0, ak, dk, ak, dk, 0.0, ata, dk);
      add_kron2(n, stride, d, k, ata, 0, NULL, g);
      free(ata);
      for (l = 0; l < p; l++) {  /* cross terms A_k^T at k, A_l at l */
        const double *al = dr[i * p + l];
        double *akt;
        if (l == k) continue;
        if ((akt = (double *)malloc((size_t)dk * dk * sizeof(double))) == NULL) {
          free(stride);
          return LS_ENOMEM;
        }
        ls_transpose(dk, dk, ak, akt);
        add_kron2(n, stride, d, k, akt, l, al, g);
        free(akt);
      }
    }
  if (h > 0) {
    double *pk = (double *)malloc(n * n * sizeof(double));
    double *tmp = (double *)malloc(n * n * sizeof(double));
    double **ptp = (double **)calloc((size_t)p, sizeof(double *));
    int ok = (pk != NULL && tmp != NULL && ptp != NULL);
    for (k = 0; ok && k < p; k++)
      ok = (ptp[k] = (double *)malloc((size_t)d[k] * d[k] * sizeof(double)))
           != NULL;
    if (!ok) {
      if (ptp) for (k = 0; k < p; k++) free(ptp[k]);
      free(ptp); free(pk); free(tmp); free(stride);
      return LS_ENOMEM;
    }
    for (j = 0; j < h; j++) {
      size_t r, c;
      /* (P - I)^T (P - I) = (x)(R_k^T R_k) - P - P^T + I */
      for (k = 0; k < p; k++)
        ls_gemm('T', 'N', d[k], d[k], d[k], 1.0, rh[j * p + k], d[k],
                rh[j * p + k], d[k], 0.0, ptp[k], d[k]);
      dense_kron(p, d, (const double *const *)ptp, pk, tmp);
      for (i = 0; i < n * n; i++) g[i] += pk[i];
      dense_kron(p, d, rh + (size_t)j * p, pk, tmp);
      for (c = 0; c < n; c++)
        for (r = 0; r < n; r++)
          g[c * n + r] -= pk[c * n + r] + pk[r * n + c];
      for (r = 0; r < n; r++) g[r * n + r] += 1.0;
    }
    for (k = 0; k < p; k++) free(ptp[k]);
    free(ptp); free(pk); free(tmp);
  }
  free(stride);
  return LS_OK;
}


int ls_tensor_gram_apply (int p, const int *d, int q,
                          const double *const *dr, const double *const *drt,
                          int h, const double *const *rh,
                          const double *const *rht, int ncols,
                          const double *x, double *y) {
  size_t len = prod(p, d) * (size_t)ncols, i;
  double *t1 = (double *)malloc((len ? len : 1) * sizeof(double));
  double *t2 = (double *)malloc((len ? len : 1) * sizeof(double));
  int j, st = LS_OK;
  if (t1 == NULL || t2 == NULL) { free(t1); free(t2); return LS_ENOMEM; }
  memset(y, 0, len * sizeof(double));
  for (j = 0; j < q && st == LS_OK; j++) {  /* C_j^T C_j x */
    st = ls_kronsum_apply(p, d, dr + (size_t)j * p, ncols, x, t1);
    if (st == LS_OK)
      st = ls_kronsum_apply(p, d, drt + (size_t)j * p, ncols, t1, t2);
    for (i = 0; st == LS_OK && i < len; i++) y[i] += t2[i];
  }
  for (j = 0; j < h && st == LS_OK; j++) {  /* (P_j - I)^T (P_j - I) x */
    st = ls_kron_apply(p, d, d, rh + (size_t)j * p, ncols, x, t1);
    for (i = 0; st == LS_OK && i < len; i++) t1[i] -= x[i];
    if (st == LS_OK)
      st = ls_kron_apply(p, d, d, rht + (size_t)j * p, ncols, t1, t2);
    for (i = 0; st == LS_OK && i < len; i++) y[i] += t2[i] - t1[i];
  }
  free(t1);
  free(t2);
  return st;
}
