/*
** smat.c — identity, dense and sparse-row matrices and their products
** with dense blocks (smat.h).
*/
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "dense.h"
#include "smat.h"

/* above this fraction of nonzeros a matrix is kept dense */
#define DENSE_FRACTION 0.25


static ls_Sm *alloc_sm (int kind, int rows, int cols) {
  ls_Sm *m = (ls_Sm *)calloc(1, sizeof(ls_Sm));
  if (m == NULL) return NULL;
  m->refs = 1;
  m->kind = kind;
  m->rows = rows;
  m->cols = cols;
  return m;
}


void ls_sm_retain (ls_Sm *m) { if (m) m->refs++; }

void ls_sm_release (ls_Sm *m) {
  if (m == NULL || --m->refs > 0) return;
  free(m->val);
  free(m->ptr);
  free(m->col);
  free(m->rs);
  free(m->cs);
  free(m);
}


int ls_sm_identity (int n, ls_Sm **out) {
  ls_Sm *m;
  if (n < 0) return LS_EARG;
  if ((m = alloc_sm(LS_SM_IDENTITY, n, n)) == NULL) return LS_ENOMEM;
  *out = m;
  return LS_OK;
}


int ls_sm_axis (int n0, int n1, int axis, const double *A, const double *rs,
                const double *cs, ls_Sm **out) {
  size_t N = (size_t)n0 * n1, na;
  ls_Sm *m;
  if (n0 < 1 || n1 < 1 || (axis != 0 && axis != 1) || N > (size_t)INT_MAX) return LS_EARG;
  na = (size_t)(axis == 0 ? n0 : n1);
  if ((m = alloc_sm(LS_SM_AXIS, (int)N, (int)N)) == NULL) return LS_ENOMEM;
  m->axis = axis;
  m->n0 = n0;
  m->n1 = n1;
  m->val = (double *)malloc(na * na * sizeof(double));
  if (rs) m->rs = (double *)malloc(N * sizeof(double));
  if (cs) m->cs = (double *)malloc(N * sizeof(double));
  if (!m->val || (rs && !m->rs) || (cs && !m->cs)) { ls_sm_release(m); return LS_ENOMEM; }
  memcpy(m->val, A, na * na * sizeof(double));
  if (rs) memcpy(m->rs, rs, N * sizeof(double));
  if (cs) memcpy(m->cs, cs, N * sizeof(double));
  *out = m;
  return LS_OK;
}


/* out (N x b) = alpha T z + beta out, or T^T (trans): one gemm for axis
   0 (A on blocks of n0 rows), one per column for axis 1 (each column an
   n0 x n1 array times A^T) */
static void axis_left (const ls_Sm *m, int trans, int b, double alpha, const double *z,
                       double beta, double *out) {
  int n0 = m->n0, n1 = m->n1, j;
  size_t N = (size_t)n0 * n1;
  if (m->axis == 0)
    ls_gemm(trans ? 'T' : 'N', 'N', n0, n1 * b, n0, alpha, m->val, n0, z, n0, beta, out, n0);
  else
    for (j = 0; j < b; j++)
      ls_gemm('N', trans ? 'N' : 'T', n0, n1, n1, alpha, z + j * N, n0, m->val, n1, beta,
              out + j * N, n0);
}

/* out (a x N) = alpha Z T^T + beta out (trans_t) or Z T: by blocks of
   columns */
static void axis_right (const ls_Sm *m, int trans_t, int a, double alpha, const double *z,
                        double beta, double *out) {
  int n0 = m->n0, n1 = m->n1, i1;
  if (m->axis == 0)   /* T = I (x) A: each block of n0 columns times A^T (or A) */
    for (i1 = 0; i1 < n1; i1++)
      ls_gemm('N', trans_t ? 'T' : 'N', a, n0, n0, alpha, z + (size_t)a * n0 * i1, a, m->val,
              n0, beta, out + (size_t)a * n0 * i1, a);
  else   /* T = A (x) I: Z as an (a n0) x n1 matrix times A^T (or A) */
    ls_gemm('N', trans_t ? 'T' : 'N', a * n0, n1, n1, alpha, z, a * n0, m->val, n1, beta, out,
            a * n0);
}

/* entry (p, q) of the axis operator, 0 off its stencil */
static double axis_entry (const ls_Sm *m, size_t p, size_t q) {
  size_t n0 = (size_t)m->n0;
  double v;
  if (m->axis == 0) {
    if (p / n0 != q / n0) return 0.0;
    v = m->val[(q % n0) * n0 + p % n0];
  }
  else {
    if (p % n0 != q % n0) return 0.0;
    v = m->val[(q / n0) * (size_t)m->n1 + p / n0];
  }
  return v * (m->rs ? m->rs[p] : 1.0) * (m->cs ? m->cs[q] : 1.0);
}

void ls_sm_axis_reference (const ls_Sm *m, int side, int trans, int k, double alpha,
                           const double *x, double *y) {
  size_t N = (size_t)m->rows, n0 = (size_t)m->n0, p, j, c, na;
  na = m->axis == 0 ? n0 : (size_t)m->n1;
  for (p = 0; p < N; p++)   /* output index p, its stencil along the axis */
    for (j = 0; j < na; j++) {
      size_t q = m->axis == 0 ? (p / n0) * n0 + j : p % n0 + j * n0;
      /* left: (M x)[p] uses M[p, q]; (M^T x)[p] uses M[q, p] */
      double e = trans ? axis_entry(m, q, p) : axis_entry(m, p, q);
      if (e == 0.0) continue;
      if (side == 0)
        for (c = 0; c < (size_t)k; c++) y[c * N + p] += alpha * e * x[c * N + q];
      else   /* right: (X M^T)[:, p] uses M[p, q] x[:, q]; (X M)[:, p] uses M[q, p] */
        for (c = 0; c < (size_t)k; c++) y[p * k + c] += alpha * e * x[q * k + c];
    }
}

/* y += alpha op(M) x (left, x N x k) or alpha x op(M)^T... (right, x k x
   N): the scalings on either side of T, the T product by BLAS on blocks;
   a workspace only for the scaled copies, accumulated straight into y
   when there is no scaling after T */
static void axis_product (const ls_Sm *m, int side, int trans, int k, double alpha,
                          const double *x, double *y) {
  size_t N = (size_t)m->rows, n = N * (size_t)k, r, c;
  const double *pre, *post;
  double *a = NULL, *b = NULL;
  if (side == 0) { pre = trans ? m->rs : m->cs; post = trans ? m->cs : m->rs; }
  else { pre = trans ? m->cs : m->rs; post = trans ? m->rs : m->cs; }
  if ((pre && (a = (double *)malloc((n + 1) * sizeof(double))) == NULL) ||
      (post && (b = (double *)malloc((n + 1) * sizeof(double))) == NULL)) {
    free(a);
    ls_sm_axis_reference(m, side, side == 0 ? trans : !trans, k, alpha, x, y);
    return;
  }
  if (pre) {   /* rows (left) or columns (right) scaled */
    if (side == 0) { for (c = 0; c < (size_t)k; c++) for (r = 0; r < N; r++) a[c * N + r] = pre[r] * x[c * N + r]; }
    else for (c = 0; c < N; c++) for (r = 0; r < (size_t)k; r++) a[c * k + r] = pre[c] * x[c * k + r];
    x = a;
  }
  if (side == 0) axis_left(m, trans, k, post ? 1.0 : alpha, x, post ? 0.0 : 1.0, post ? b : y);
  else axis_right(m, trans, k, post ? 1.0 : alpha, x, post ? 0.0 : 1.0, post ? b : y);
  if (post) {
    if (side == 0) { for (c = 0; c < (size_t)k; c++) for (r = 0; r < N; r++) y[c * N + r] += alpha * post[r] * b[c * N + r]; }
    else for (c = 0; c < N; c++) for (r = 0; r < (size_t)k; r++) y[c * k + r] += alpha * post[c] * b[c * k + r];
  }
  free(a);
  free(b);
}


typedef struct Entry { int r, c; double v; } Entry;

static int cmp_entry (const void *a, const void *b) {
  const Entry *x = (const Entry *)a, *y = (const Entry *)b;
  if (x->r != y->r) return x->r < y->r ? -1 : 1;
  return (x->c > y->c) - (x->c < y->c);
}


/* a dense matrix from sorted, merged entries */
static int make_dense (int rows, int cols, long n, const Entry *e, ls_Sm **out) {
  ls_Sm *m = alloc_sm(LS_SM_DENSE, rows, cols);
  long t;
  if (m == NULL) return LS_ENOMEM;
  m->val = (double *)calloc((size_t)rows * cols + 1, sizeof(double));
  if (m->val == NULL) { ls_sm_release(m); return LS_ENOMEM; }
  for (t = 0; t < n; t++) m->val[(size_t)e[t].c * rows + e[t].r] += e[t].v;
  *out = m;
  return LS_OK;
}


int ls_sm_entries (int rows, int cols, long nnz, const int *r, const int *c,
                   const double *v, ls_Sm **out) {
  Entry *e;
  ls_Sm *m;
  long t, n = 0;
  int st = LS_OK;
  if (rows < 0 || cols < 0 || nnz < 0) return LS_EARG;
  e = (Entry *)malloc(((size_t)nnz + 1) * sizeof(Entry));
  if (e == NULL) return LS_ENOMEM;
  for (t = 0; t < nnz; t++) {
    if (r[t] < 0 || r[t] >= rows || c[t] < 0 || c[t] >= cols) { free(e); return LS_EARG; }
    e[t].r = r[t];
    e[t].c = c[t];
    e[t].v = v[t];
  }
  if (nnz > 0) qsort(e, (size_t)nnz, sizeof(Entry), cmp_entry);
  for (t = 0; t < nnz; t++) {   /* merge duplicates */
    if (n > 0 && e[n - 1].r == e[t].r && e[n - 1].c == e[t].c) e[n - 1].v += e[t].v;
    else e[n++] = e[t];
  }
  for (t = 0, nnz = 0; t < n; t++) if (e[t].v != 0.0) e[nnz++] = e[t];
  if ((double)nnz > DENSE_FRACTION * rows * (double)cols && (double)rows * cols < 1e8) {
    st = make_dense(rows, cols, nnz, e, out);
    free(e);
    return st;
  }
  m = alloc_sm(LS_SM_SPARSE, rows, cols);
  if (m != NULL) {
    m->nnz = nnz;
    m->ptr = (long *)calloc((size_t)rows + 1, sizeof(long));
    m->col = (int *)malloc(((size_t)nnz + 1) * sizeof(int));
    m->val = (double *)malloc(((size_t)nnz + 1) * sizeof(double));
  }
  if (m == NULL || !m->ptr || !m->col || !m->val) {
    ls_sm_release(m);
    free(e);
    return LS_ENOMEM;
  }
  for (t = 0; t < nnz; t++) {
    m->ptr[e[t].r + 1]++;
    m->col[t] = e[t].c;
    m->val[t] = e[t].v;
  }
  for (t = 0; t < rows; t++) m->ptr[t + 1] += m->ptr[t];
  free(e);
  *out = m;
  return LS_OK;
}


int ls_sm_dense (int rows, int cols, const double *a, ls_Sm **out) {
  size_t n = (size_t)rows * cols, t, nnz = 0;
  ls_Sm *m;
  if (rows < 0 || cols < 0) return LS_EARG;
  for (t = 0; t < n; t++) nnz += a[t] != 0.0;
  if ((double)nnz <= DENSE_FRACTION * (double)n && n > 0) {   /* sparse */
    int *r = (int *)malloc((nnz + 1) * sizeof(int)), *c = (int *)malloc((nnz + 1) * sizeof(int));
    double *v = (double *)malloc((nnz + 1) * sizeof(double));
    size_t u = 0;
    int st, i, j;
    if (!r || !c || !v) { free(r); free(c); free(v); return LS_ENOMEM; }
    for (j = 0; j < cols; j++)
      for (i = 0; i < rows; i++) {
        double x = a[(size_t)j * rows + i];
        if (x != 0.0) { r[u] = i; c[u] = j; v[u++] = x; }
      }
    st = ls_sm_entries(rows, cols, (long)nnz, r, c, v, out);
    free(r); free(c); free(v);
    return st;
  }
  if ((m = alloc_sm(LS_SM_DENSE, rows, cols)) == NULL) return LS_ENOMEM;
  m->val = (double *)malloc((n + 1) * sizeof(double));
  if (m->val == NULL) { ls_sm_release(m); return LS_ENOMEM; }
  if (n > 0) memcpy(m->val, a, n * sizeof(double));
  *out = m;
  return LS_OK;
}


void ls_sm_right_t (const ls_Sm *m, int a, double alpha, const double *x,
                    double *y) {
  long t;
  int r, i;
  switch (m->kind) {
    case LS_SM_AXIS:
      axis_product(m, 1, 1, a, alpha, x, y);
      return;
    case LS_SM_IDENTITY:
      for (t = 0; t < (long)a * m->rows; t++) y[t] += alpha * x[t];
      return;
    case LS_SM_DENSE:
      ls_gemm('N', 'T', a, m->rows, m->cols, alpha, x, a, m->val, m->rows, 1.0, y, a);
      return;
    default:   /* y[:, r] += alpha sum_c M[r, c] x[:, c] */
      for (r = 0; r < m->rows; r++)
        for (t = m->ptr[r]; t < m->ptr[r + 1]; t++) {
          const double *xc = x + (size_t)m->col[t] * a;
          double *yr = y + (size_t)r * a, w = alpha * m->val[t];
          for (i = 0; i < a; i++) yr[i] += w * xc[i];
        }
  }
}


void ls_sm_right (const ls_Sm *m, int a, double alpha, const double *x,
                  double *y) {
  long t;
  int r, i;
  switch (m->kind) {
    case LS_SM_AXIS:
      axis_product(m, 1, 0, a, alpha, x, y);
      return;
    case LS_SM_IDENTITY:
      for (t = 0; t < (long)a * m->rows; t++) y[t] += alpha * x[t];
      return;
    case LS_SM_DENSE:
      ls_gemm('N', 'N', a, m->cols, m->rows, alpha, x, a, m->val, m->rows, 1.0, y, a);
      return;
    default:   /* y[:, c] += alpha sum_r x[:, r] M[r, c] */
      for (r = 0; r < m->rows; r++)
        for (t = m->ptr[r]; t < m->ptr[r + 1]; t++) {
          const double *xr = x + (size_t)r * a;
          double *yc = y + (size_t)m->col[t] * a, w = alpha * m->val[t];
          for (i = 0; i < a; i++) yc[i] += w * xr[i];
        }
  }
}


void ls_sm_left (const ls_Sm *m, int b, double alpha, const double *x,
                 double *y) {
  long t;
  int r, j;
  switch (m->kind) {
    case LS_SM_AXIS:
      axis_product(m, 0, 0, b, alpha, x, y);
      return;
    case LS_SM_IDENTITY:
      for (t = 0; t < (long)b * m->rows; t++) y[t] += alpha * x[t];
      return;
    case LS_SM_DENSE:
      ls_gemm('N', 'N', m->rows, b, m->cols, alpha, m->val, m->rows, x, m->cols, 1.0, y, m->rows);
      return;
    default:   /* y[r, j] += alpha sum_c M[r, c] x[c, j] */
      for (j = 0; j < b; j++) {
        const double *xj = x + (size_t)j * m->cols;
        double *yj = y + (size_t)j * m->rows;
        for (r = 0; r < m->rows; r++) {
          double acc = 0.0;
          for (t = m->ptr[r]; t < m->ptr[r + 1]; t++) acc += m->val[t] * xj[m->col[t]];
          yj[r] += alpha * acc;
        }
      }
  }
}


void ls_sm_left_t (const ls_Sm *m, int b, double alpha, const double *x,
                   double *y) {
  long t;
  int r, j;
  switch (m->kind) {
    case LS_SM_AXIS:
      axis_product(m, 0, 1, b, alpha, x, y);
      return;
    case LS_SM_IDENTITY:
      for (t = 0; t < (long)b * m->rows; t++) y[t] += alpha * x[t];
      return;
    case LS_SM_DENSE:
      ls_gemm('T', 'N', m->cols, b, m->rows, alpha, m->val, m->rows, x, m->rows, 1.0, y, m->cols);
      return;
    default:   /* y[c, j] += alpha sum_r M[r, c] x[r, j] */
      for (j = 0; j < b; j++) {
        const double *xj = x + (size_t)j * m->rows;
        double *yj = y + (size_t)j * m->cols;
        for (r = 0; r < m->rows; r++) {
          double w = alpha * xj[r];
          if (w == 0.0) continue;
          for (t = m->ptr[r]; t < m->ptr[r + 1]; t++) yj[m->col[t]] += w * m->val[t];
        }
      }
  }
}


void ls_sm_to_dense (const ls_Sm *m, double *out) {
  long t;
  int r;
  memset(out, 0, (size_t)m->rows * m->cols * sizeof(double));
  switch (m->kind) {
    case LS_SM_IDENTITY:
      for (r = 0; r < m->rows; r++) out[(size_t)r * m->rows + r] = 1.0;
      return;
    case LS_SM_DENSE:
      memcpy(out, m->val, (size_t)m->rows * m->cols * sizeof(double));
      return;
    case LS_SM_AXIS: {
      size_t N = (size_t)m->rows, p, q;
      for (q = 0; q < N; q++)
        for (p = 0; p < N; p++) out[q * N + p] = axis_entry(m, p, q);
      return;
    }
    default:
      for (r = 0; r < m->rows; r++)
        for (t = m->ptr[r]; t < m->ptr[r + 1]; t++)
          out[(size_t)m->col[t] * m->rows + r] = m->val[t];
  }
}


int ls_sm_finite (const ls_Sm *m) {
  if (m->kind == LS_SM_IDENTITY) return 1;
  if (m->kind == LS_SM_AXIS) {
    size_t N = (size_t)m->rows, na = (size_t)(m->axis == 0 ? m->n0 : m->n1);
    return ls_allfinite(m->val, na * na) && (!m->rs || ls_allfinite(m->rs, N)) &&
           (!m->cs || ls_allfinite(m->cs, N));
  }
  return ls_allfinite(m->val, m->kind == LS_SM_DENSE ? (size_t)m->rows * m->cols
                                                    : (size_t)m->nnz);
}
