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


int ls_kron_work_reserve (ls_KronWork *w, int p, size_t len) {
  int i;
  if (p > w->p) {
    int *cur = (int *)realloc(w->cur, (size_t)p * sizeof(int));
    if (cur == NULL) return LS_ENOMEM;
    w->cur = cur;
    w->p = p;
  }
  if (len > w->len) {
    for (i = 0; i < LS_KRON_BUFFERS; i++) {
      double *b = (double *)realloc(w->buf[i], len * sizeof(double));
      if (b == NULL) return LS_ENOMEM;
      w->buf[i] = b;
    }
    w->len = len;
  }
  return LS_OK;
}


void ls_kron_work_free (ls_KronWork *w) {
  int i;
  for (i = 0; i < LS_KRON_BUFFERS; i++) free(w->buf[i]);
  free(w->cur);
  memset(w, 0, sizeof(*w));
}


/* the largest intermediate of a product applied last factor first */
static size_t kron_maxlen (int p, const int *d, const int *e,
                           const double *const *f) {
  size_t maxlen = prod(p, e), len = maxlen;
  int k;
  for (k = p - 1; k >= 0; k--) {
    if (f[k] == NULL) continue;
    len = len / (size_t)e[k] * (size_t)d[k];
    if (len > maxlen) maxlen = len;
  }
  return maxlen;
}


/* uses buffers 0 and 1 of w */
int ls_kron_apply_w (int p, const int *d, const int *e,
                     const double *const *f, int ncols, const double *x,
                     double *y, ls_KronWork *w) {
  size_t nin = prod(p, e), nout = prod(p, d), need;
  const double *src = x;
  int k, which = 0, applied = 0, st;
  if (nout == 0 || ncols == 0) return LS_OK;
  if (nin == 0) {  /* from the zero space: the result is 0 */
    memset(y, 0, nout * (size_t)ncols * sizeof(double));
    return LS_OK;
  }
  need = kron_maxlen(p, d, e, f) * (size_t)ncols;
  if ((st = ls_kron_work_reserve(w, p, need)) != LS_OK) return st;
  memcpy(w->cur, e, (size_t)p * sizeof(int));
  for (k = p - 1; k >= 0; k--) {
    if (f[k] == NULL) continue;
    mode_product(p, w->cur, k, d[k], f[k], (size_t)ncols, src, w->buf[which]);
    src = w->buf[which];
    which = 1 - which;
    applied = 1;
  }
  memcpy(y, applied ? src : x, nout * (size_t)ncols * sizeof(double));
  return LS_OK;
}


int ls_kron_apply (int p, const int *d, const int *e,
                   const double *const *f, int ncols, const double *x,
                   double *y) {
  ls_KronWork w;
  int st;
  memset(&w, 0, sizeof(w));
  st = ls_kron_apply_w(p, d, e, f, ncols, x, y, &w);
  ls_kron_work_free(&w);
  return st;
}


/* uses buffer 2 of w */
int ls_kronsum_apply_w (int p, const int *d, const double *const *a,
                        int ncols, const double *x, double *y,
                        ls_KronWork *w) {
  size_t n = prod(p, d) * (size_t)ncols, i;
  int k, st;
  memset(y, 0, n * sizeof(double));
  if (n == 0) return LS_OK;
  if ((st = ls_kron_work_reserve(w, p, n)) != LS_OK) return st;
  for (k = 0; k < p; k++) {
    double *tmp = w->buf[2];
    if (a[k] == NULL) continue;
    memcpy(w->cur, d, (size_t)p * sizeof(int));
    mode_product(p, w->cur, k, d[k], a[k], (size_t)ncols, x, tmp);
    for (i = 0; i < n; i++) y[i] += tmp[i];
  }
  return LS_OK;
}


int ls_kronsum_apply (int p, const int *d, const double *const *a,
                      int ncols, const double *x, double *y) {
  ls_KronWork w;
  int st;
  memset(&w, 0, sizeof(w));
  st = ls_kronsum_apply_w(p, d, a, ncols, x, y, &w);
  ls_kron_work_free(&w);
  return st;
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


/* A^T A (d x d) of a square matrix: through the nonzeros of each row when
   A is sparse (the field matrices of polynomial bases have a handful per
   row, and a dense product would cost d^3 for each generator) */
static int gram_of (int d, const double *a, double *out) {
  size_t dd = (size_t)d * d, t, nnz = 0;
  int *cnt, *start, *col, r, c;
  double *val;
  for (t = 0; t < dd; t++) nnz += a[t] != 0.0;
  if (nnz * 16 > dd) {
    ls_gemm('T', 'N', d, d, d, 1.0, a, d, a, d, 0.0, out, d);
    return LS_OK;
  }
  memset(out, 0, dd * sizeof(double));
  cnt = (int *)calloc((size_t)d + 1, sizeof(int));
  start = (int *)malloc(((size_t)d + 1) * sizeof(int));
  col = (int *)malloc((nnz + 1) * sizeof(int));
  val = (double *)malloc((nnz + 1) * sizeof(double));
  if (!cnt || !start || !col || !val) {
    free(cnt); free(start); free(col); free(val);
    return LS_ENOMEM;
  }
  for (c = 0; c < d; c++)
    for (r = 0; r < d; r++) if (a[(size_t)c * d + r] != 0.0) cnt[r + 1]++;
  start[0] = 0;
  for (r = 0; r < d; r++) start[r + 1] = start[r] + cnt[r + 1];
  memset(cnt, 0, ((size_t)d + 1) * sizeof(int));
  for (c = 0; c < d; c++)
    for (r = 0; r < d; r++) {
      double v = a[(size_t)c * d + r];
      if (v == 0.0) continue;
      col[start[r] + cnt[r]] = c;
      val[start[r] + cnt[r]++] = v;
    }
  for (r = 0; r < d; r++) {   /* (A^T A)[j, l] = sum_r A[r, j] A[r, l] */
    int x, y;
    for (x = start[r]; x < start[r + 1]; x++)
      for (y = start[r]; y < start[r + 1]; y++)
        out[(size_t)col[y] * d + col[x]] += val[x] * val[y];
  }
  free(cnt); free(start); free(col); free(val);
  return LS_OK;
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
      double *ata;
      if (ak == NULL) continue;   /* a zero factor */
      /* the diagonal term I (x) A_k^T A_k (x) I */
      ata = (double *)malloc((size_t)dk * dk * sizeof(double));
      if (ata == NULL) { free(stride); return LS_ENOMEM; }
      if (gram_of(dk, ak, ata) != LS_OK) { free(ata); free(stride); return LS_ENOMEM; }
      add_kron2(n, stride, d, k, ata, 0, NULL, g);
      free(ata);
      for (l = 0; l < p; l++) {  /* cross terms A_k^T at k, A_l at l */
        const double *al = dr[i * p + l];
        double *akt;
        if (l == k || al == NULL) continue;
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
    /* (P - I)^T (P - I), applied to column blocks of the identity: no
       dense Kronecker product is formed */
    size_t nb = n < 256 ? n : 256, c0, c, r;
    double *x = (double *)malloc(n * nb * sizeof(double));
    double *t1 = (double *)malloc(n * nb * sizeof(double));
    double *t2 = (double *)malloc(n * nb * sizeof(double));
    const double **rt = (const double **)calloc((size_t)h * p, sizeof(double *));
    double *tr = NULL;
    ls_KronWork w;
    size_t total = 0;
    int st = LS_OK;
    memset(&w, 0, sizeof(w));
    for (k = 0; k < p; k++) total += (size_t)d[k] * d[k];
    tr = (double *)malloc((total * (size_t)h + 1) * sizeof(double));
    if (!x || !t1 || !t2 || !rt || !tr) st = LS_ENOMEM;
    if (st == LS_OK) {  /* the transposed factors */
      double *at = tr;
      for (j = 0; j < h; j++)
        for (k = 0; k < p; k++) {
          ls_transpose(d[k], d[k], rh[(size_t)j * p + k], at);
          rt[(size_t)j * p + k] = at;
          at += (size_t)d[k] * d[k];
        }
    }
    for (c0 = 0; st == LS_OK && c0 < n; c0 += nb) {
      size_t cols = (n - c0 < nb) ? n - c0 : nb;
      memset(x, 0, n * cols * sizeof(double));
      for (c = 0; c < cols; c++) x[c * n + c0 + c] = 1.0;
      for (j = 0; st == LS_OK && j < h; j++) {
        st = ls_kron_apply_w(p, d, d, rh + (size_t)j * p, (int)cols, x, t1, &w);
        for (i = 0; st == LS_OK && i < n * cols; i++) t1[i] -= x[i];
        if (st == LS_OK)
          st = ls_kron_apply_w(p, d, d, rt + (size_t)j * p, (int)cols, t1, t2, &w);
        for (c = 0; st == LS_OK && c < cols; c++)
          for (r = 0; r < n; r++)
            g[(c0 + c) * n + r] += t2[c * n + r] - t1[c * n + r];
      }
    }
    ls_kron_work_free(&w);
    free(x); free(t1); free(t2); free(rt); free(tr);
    if (st != LS_OK) { free(stride); return st; }
  }
  free(stride);
  return LS_OK;
}


int ls_tensor_gram_apply_w (int p, const int *d, int q,
                            const double *const *dr, const double *const *drt,
                            int h, const double *const *rh,
                            const double *const *rht, int ncols,
                            const double *x, double *y, ls_KronWork *w) {
  size_t len = prod(p, d) * (size_t)ncols, i;
  int j, st;
  double *t1, *t2;
  memset(y, 0, len * sizeof(double));
  if (len == 0) return LS_OK;
  if ((st = ls_kron_work_reserve(w, p, len)) != LS_OK) return st;
  t1 = w->buf[3];
  t2 = w->buf[4];
  for (j = 0; j < q && st == LS_OK; j++) {  /* C_j^T C_j x */
    st = ls_kronsum_apply_w(p, d, dr + (size_t)j * p, ncols, x, t1, w);
    if (st == LS_OK)
      st = ls_kronsum_apply_w(p, d, drt + (size_t)j * p, ncols, t1, t2, w);
    for (i = 0; st == LS_OK && i < len; i++) y[i] += t2[i];
  }
  for (j = 0; j < h && st == LS_OK; j++) {  /* (P_j - I)^T (P_j - I) x */
    st = ls_kron_apply_w(p, d, d, rh + (size_t)j * p, ncols, x, t1, w);
    for (i = 0; st == LS_OK && i < len; i++) t1[i] -= x[i];
    if (st == LS_OK)
      st = ls_kron_apply_w(p, d, d, rht + (size_t)j * p, ncols, t1, t2, w);
    for (i = 0; st == LS_OK && i < len; i++) y[i] += t2[i] - t1[i];
  }
  return st;
}
