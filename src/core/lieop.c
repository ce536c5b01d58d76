/*
** lieop.c — the Lie-derivative operator (lieop.h): construction, the
** products theta -> B(theta) and its adjoint, the Gram matrix and the
** dense form.
**
** Products work on the transposes: with Wt = W^T (k x n) every term's
** R Wt (cz x n) is computed once per distinct (R, block) and shared by
** the terms that use it (a padding, a sample matrix), the generators'
** Z_i^T are stacked side by side (cz x q nz) and the inner-product factor
** is applied to all of them in one BLAS-3 call.  The Gram matrix pairs
** the terms of each generator grouped by their output matrix L: sparse R
** are paired entry by entry (the cost is the squared entry count, never
** s q k^2), and pairs whose L are both the identity are summed over the
** generators before their one Kronecker product with I.
*/
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>

#include "dense.h"
#include "lieop_impl.h"


/* {======================================================
** Construction
** ======================================================= */

int ls_op_new (int P, const int *n, const int *k, int q, ls_Op **out) {
  ls_Op *op;
  int64_t p = 0;
  int b;
  if (P < 1 || q < 0) return LS_EARG;
  for (b = 0; b < P; b++) {
    if (n[b] < 1 || k[b] < 1) return LS_EARG;
    p += (int64_t)n[b] * k[b];
  }
  if (p > INT32_MAX) return LS_ETOOBIG;
  op = (ls_Op *)calloc(1, sizeof(ls_Op));
  if (op == NULL) return LS_ENOMEM;
  op->refs = 1;
  op->P = P;
  op->q = q;
  op->n = (int *)malloc((size_t)P * sizeof(int));
  op->k = (int *)malloc((size_t)P * sizeof(int));
  op->poff = (int64_t *)malloc(((size_t)P + 1) * sizeof(int64_t));
  if (!op->n || !op->k || !op->poff) { ls_op_release(op); return LS_ENOMEM; }
  op->poff[0] = 0;
  for (b = 0; b < P; b++) {
    op->n[b] = n[b];
    op->k[b] = k[b];
    op->poff[b + 1] = op->poff[b] + (int64_t)n[b] * k[b];
  }
  *out = op;
  return LS_OK;
}


void ls_op_retain (ls_Op *op) { if (op) op->refs++; }


void ls_op_release (ls_Op *op) {
  int i;
  if (op == NULL || --op->refs > 0) return;
  for (i = 0; i < op->nterms; i++) {
    ls_sm_release(op->terms[i].L);
    ls_sm_release(op->terms[i].R);
    free(op->terms[i].d);
  }
  for (i = 0; i < op->nrows; i++) {
    free(op->rows[i].s);
    ls_sm_release(op->rows[i].sm);
  }
  free(op->terms); free(op->rows); free(op->rb); free(op->hrows);
  free(op->n); free(op->k); free(op->poff);
  free(op);
}


/* grow *a (of *cap elements of size sz) to hold one more than n */
static int grow (void **a, int *cap, int n, size_t sz) {
  void *t;
  int c;
  if (n < *cap) return LS_OK;
  c = *cap > 0 ? 2 * *cap : 8;
  t = realloc(*a, (size_t)c * sz);
  if (t == NULL) return LS_ENOMEM;
  *a = t;
  *cap = c;
  return LS_OK;
}


int ls_op_rows (ls_Op *op, int gen, int nz, int cz, int skind, int sc,
                const double *s, int *index) {
  Rows *r;
  size_t len = 0;
  int64_t *count;
  if (gen < -1 || gen >= op->h || nz < 1 || cz < 1) return LS_EARG;
  switch (skind) {
    case LS_S_IDENTITY: sc = cz; break;
    case LS_S_DIAG: sc = cz; len = (size_t)cz; break;
    case LS_S_UPPER: if (sc != cz) return LS_EARG; len = (size_t)sc * cz; break;
    case LS_S_DENSE: if (sc < 1) return LS_EARG; len = (size_t)sc * cz; break;
    default: return LS_EARG;
  }
  if (len > 0 && (s == NULL || !ls_allfinite(s, len))) return LS_EARG;
  count = gen < 0 ? &op->s : &op->hrows[gen];
  if ((double)*count + (double)nz * sc > (double)INT32_MAX) return LS_ETOOBIG;
  if (grow((void **)&op->rows, &op->caprows, op->nrows, sizeof(Rows)) != LS_OK)
    return LS_ENOMEM;
  r = &op->rows[op->nrows];
  memset(r, 0, sizeof(*r));
  if (len > 0 && skind != LS_S_DIAG) {
    /* a sparse factor (a box Gram matrix's Cholesky factor couples only
       monomials of equal parity) is applied as sparse rows */
    size_t t, nnz = 0;
    for (t = 0; t < len; t++) nnz += s[t] != 0.0;
    if ((double)nnz <= SPARSE_FACTOR * (double)len) {
      int st = ls_sm_dense(sc, cz, s, &r->sm);
      if (st != LS_OK) return st;
      if (r->sm->kind != LS_SM_SPARSE) { ls_sm_release(r->sm); r->sm = NULL; }
      else skind = LS_S_SPARSE;
    }
  }
  if (len > 0 && skind != LS_S_SPARSE) {
    if ((r->s = (double *)malloc(len * sizeof(double))) == NULL) return LS_ENOMEM;
    memcpy(r->s, s, len * sizeof(double));
  }
  r->gen = gen;
  r->nz = nz;
  r->cz = cz;
  r->skind = skind;
  r->sc = sc;
  r->off = *count;
  *count += (int64_t)nz * sc;
  *index = op->nrows++;
  return LS_OK;
}


int ls_op_discrete (ls_Op *op, int *j) {
  int64_t *t = (int64_t *)realloc(op->hrows, ((size_t)op->h + 1) * sizeof(int64_t));
  if (t == NULL) return LS_ENOMEM;
  op->hrows = t;
  t[op->h] = 0;
  *j = op->h++;
  return LS_OK;
}


/* the index of (R, block) among the distinct ones, added if new */
static int find_rb (ls_Op *op, ls_Sm *R, int block, int *index) {
  int i;
  for (i = 0; i < op->nrb; i++)
    if (op->rb[i].R == R && op->rb[i].block == block) { *index = i; return LS_OK; }
  if (grow((void **)&op->rb, &op->caprb, op->nrb, sizeof(RB)) != LS_OK) return LS_ENOMEM;
  op->rb[op->nrb].R = R;
  op->rb[op->nrb].block = block;
  *index = op->nrb++;
  return LS_OK;
}


int ls_op_term (ls_Op *op, int gen, int rows, int block, double alpha,
                ls_Sm *L, ls_Sm *R, const double *d) {
  Term *t;
  const Rows *r;
  int ri;
  if (gen >= op->q || gen < -op->h || rows < 0 || rows >= op->nrows ||
      block < 0 || block >= op->P || L == NULL || R == NULL || !isfinite(alpha))
    return LS_EARG;
  r = &op->rows[rows];
  if ((gen >= 0) != (r->gen < 0) || (gen < 0 && r->gen != -1 - gen)) return LS_EARG;
  if (L->rows != r->nz || L->cols != op->n[block] || R->rows != r->cz ||
      R->cols != op->k[block] || !ls_sm_finite(L) || !ls_sm_finite(R))
    return LS_EARG;
  if (d != NULL && !ls_allfinite(d, (size_t)r->cz)) return LS_EARG;
  if (find_rb(op, R, block, &ri) != LS_OK) return LS_ENOMEM;
  if (grow((void **)&op->terms, &op->capterms, op->nterms, sizeof(Term)) != LS_OK)
    return LS_ENOMEM;
  t = &op->terms[op->nterms];
  memset(t, 0, sizeof(*t));
  if (d != NULL) {
    if ((t->d = (double *)malloc((size_t)r->cz * sizeof(double))) == NULL) return LS_ENOMEM;
    memcpy(t->d, d, (size_t)r->cz * sizeof(double));
  }
  t->gen = gen;
  t->rows = rows;
  t->block = block;
  t->alpha = alpha;
  t->L = L;
  t->R = R;
  t->ri = ri;
  ls_sm_retain(L);
  ls_sm_retain(R);
  op->nterms++;
  return LS_OK;
}


int ls_op_kronecker (ls_Op *op) {
  int i, n = op->n[0], k = op->k[0], j;
  if (op->P != 1) return LS_EARG;
  for (i = 0; i < op->nterms; i++) {
    const Term *t = &op->terms[i];
    int lid = t->L->kind == LS_SM_IDENTITY, rid = t->R->kind == LS_SM_IDENTITY;
    if (t->d != NULL) return LS_EARG;
    if (t->gen >= 0) {
      if (!(lid && t->R->rows == k) && !(rid && t->L->rows == n)) return LS_EARG;
    }
  }
  for (j = 0; j < op->h; j++) {   /* P W T^T - W */
    int plain = 0, minus = 0;
    for (i = 0; i < op->nterms; i++) {
      const Term *t = &op->terms[i];
      if (t->gen != -1 - j) continue;
      if (t->alpha == -1.0 && t->L->kind == LS_SM_IDENTITY && t->R->kind == LS_SM_IDENTITY)
        minus++;
      else if (t->alpha == 1.0 && t->L->rows == n && t->R->rows == k) plain++;
      else return LS_EARG;
    }
    if (plain != 1 || minus != 1) return LS_EARG;
  }
  op->kron = 1;
  return LS_OK;
}


int ls_op_is_kronecker (const ls_Op *op) { return op->kron; }
int ls_op_params (const ls_Op *op) { return (int)op->poff[op->P]; }
int ls_op_gens (const ls_Op *op) { return op->q; }
int ls_op_rowcount (const ls_Op *op) { return (int)op->s; }
int ls_op_ndiscrete (const ls_Op *op) { return op->h; }

int ls_op_blocks (const ls_Op *op, int *n, int *k) {
  int b;
  for (b = 0; b < op->P; b++) {
    if (n) n[b] = op->n[b];
    if (k) k[b] = op->k[b];
  }
  return op->P;
}

int ls_op_discrete_rows (const ls_Op *op, int j) {
  return (j >= 0 && j < op->h) ? (int)op->hrows[j] : 0;
}


int ls_op_finite (const ls_Op *op) {
  int i;
  for (i = 0; i < op->nterms; i++) {
    const Term *t = &op->terms[i];
    if (!ls_sm_finite(t->L) || !ls_sm_finite(t->R)) return 0;
  }
  return 1;
}

/* }====================================================== */


/* {======================================================
** Products
** ======================================================= */

/* which family a term or row block belongs to: -1 the generators, j the
   discrete constraint j */
static int term_family (const Term *t) { return t->gen >= 0 ? -1 : -1 - t->gen; }
/* its column in the family's output */
static int term_column (const Term *t) { return t->gen >= 0 ? t->gen : 0; }


/* Wt_b = W_b^T for every block (k_b x n_b, one after another) */
static void transpose_params (const ls_Op *op, const double *theta, double *wt) {
  int b;
  for (b = 0; b < op->P; b++)
    ls_transpose(op->n[b], op->k[b], theta + op->poff[b], wt + op->poff[b]);
}


/* y = S x (x cz x c, y sc x c), or with trans y = S^T x (x sc x c, y
   cz x c) */
static void apply_factor (const Rows *r, int trans, int c, const double *x,
                          double *y) {
  int in = trans ? r->sc : r->cz, out = trans ? r->cz : r->sc, i, j;
  size_t t;
  switch (r->skind) {
    case LS_S_IDENTITY:
      memcpy(y, x, (size_t)in * c * sizeof(double));
      return;
    case LS_S_DIAG:   /* square: in = out = cz */
      for (j = 0; j < c; j++)
        for (i = 0; i < in; i++) y[(size_t)j * in + i] = r->s[i] * x[(size_t)j * in + i];
      return;
    case LS_S_UPPER:
      for (t = 0; t < (size_t)in * c; t++) y[t] = x[t];
      cblas_dtrmm(CblasColMajor, CblasLeft, CblasUpper, trans ? CblasTrans : CblasNoTrans,
                  CblasNonUnit, r->sc, c, 1.0, r->s, r->sc, y, r->sc);
      return;
    case LS_S_SPARSE:
      memset(y, 0, (size_t)out * c * sizeof(double));
      if (trans) ls_sm_left_t(r->sm, c, 1.0, x, y);
      else ls_sm_left(r->sm, c, 1.0, x, y);
      return;
    default:
      ls_gemm(trans ? 'T' : 'N', 'N', out, c, in, 1.0, r->s, r->sc, x, in, 0.0, y, out);
  }
}


/* the largest cz * n over the (R, block) pairs, and offsets of their
   products R Wt in one buffer */
static size_t rb_layout (const ls_Op *op, size_t *off) {
  size_t total = 0;
  int i;
  for (i = 0; i < op->nrb; i++) {
    off[i] = total;
    total += (size_t)op->rb[i].R->rows * op->n[op->rb[i].block];
  }
  return total;
}


/* the largest Z^T or S Z^T block (cz or sc x ncols nz) of a family */
static size_t family_scratch (const ls_Op *op, int fam, int ncols) {
  size_t zmax = 1;
  int r;
  for (r = 0; r < op->nrows; r++)
    if (op->rows[r].gen == fam) {
      const Rows *rw = &op->rows[r];
      size_t rows = (size_t)(rw->cz > rw->sc ? rw->cz : rw->sc);
      if (rows * ncols * rw->nz > zmax) zmax = rows * ncols * rw->nz;
    }
  return zmax;
}


/* whether a family uses (R, block) i */
static int family_uses (const ls_Op *op, int fam, int ri) {
  int i;
  for (i = 0; i < op->nterms; i++)
    if (op->terms[i].ri == ri && term_family(&op->terms[i]) == fam) return 1;
  return 0;
}


int ls_op_eval (const ls_Op *op, int fam, const double *theta, double *out,
                int64_t ld) {
  int p = ls_op_params(op), i, ncols = fam < 0 ? op->q : 1, r;
  size_t *off = NULL, total, zmax;
  double *wt = NULL, *prod = NULL, *zt = NULL, *y = NULL, *tmp = NULL;
  int st = LS_OK;
  off = (size_t *)malloc(((size_t)op->nrb + 1) * sizeof(size_t));
  if (off == NULL) return LS_ENOMEM;
  total = rb_layout(op, off);
  zmax = family_scratch(op, fam, ncols);
  wt = (double *)malloc(((size_t)p + 1) * sizeof(double));
  prod = (double *)malloc((total + 1) * sizeof(double));
  zt = (double *)malloc(zmax * sizeof(double));
  y = (double *)malloc(zmax * sizeof(double));
  tmp = (double *)malloc((total + 1) * sizeof(double));
  if (!wt || !prod || !zt || !y || !tmp) { st = LS_ENOMEM; goto done; }
  transpose_params(op, theta, wt);
  for (i = 0; i < op->nrb; i++) {   /* R Wt, once per distinct R */
    const RB *b = &op->rb[i];
    size_t len = (size_t)b->R->rows * op->n[b->block];
    if (!family_uses(op, fam, i)) continue;
    memset(prod + off[i], 0, len * sizeof(double));
    ls_sm_left(b->R, op->n[b->block], 1.0, wt + op->poff[b->block], prod + off[i]);
  }
  for (r = 0; r < op->nrows; r++) {
    const Rows *rw = &op->rows[r];
    int nz = rw->nz, cz = rw->cz, sc = rw->sc, a, c, col;
    if (rw->gen != fam) continue;
    memset(zt, 0, (size_t)cz * ncols * nz * sizeof(double));
    for (i = 0; i < op->nterms; i++) {
      const Term *t = &op->terms[i];
      const double *x = prod + off[t->ri];
      int nb = op->n[t->block];
      if (t->rows != r) continue;
      if (t->d != NULL) {   /* diag(d) R Wt */
        for (c = 0; c < nb; c++)
          for (a = 0; a < cz; a++)
            tmp[(size_t)c * cz + a] = t->d[a] * x[(size_t)c * cz + a];
        x = tmp;
      }
      /* Z_i^T += alpha (R Wt) L^T */
      ls_sm_right_t(t->L, cz, t->alpha, x,
                    zt + (size_t)term_column(t) * cz * nz);
    }
    apply_factor(rw, 0, ncols * nz, zt, y);
    for (col = 0; col < ncols; col++)   /* B[off + a + nz c, col] */
      for (a = 0; a < nz; a++)
        for (c = 0; c < sc; c++)
          out[rw->off + a + (int64_t)nz * c + ld * col] =
            y[(size_t)c + (size_t)sc * ((size_t)col * nz + a)];
  }
done:
  free(off); free(wt); free(prod); free(zt); free(y); free(tmp);
  return st;
}


int ls_op_apply (const ls_Op *op, const double *theta, double *b) {
  return ls_op_eval(op, -1, theta, b, op->s);
}


int ls_op_adjoint_family (const ls_Op *op, int fam, const double *yin,
                          int64_t ld, double *theta) {
  int p = ls_op_params(op), i, ncols = fam < 0 ? op->q : 1, r, b;
  size_t *off = NULL, total, zmax;
  double *wt = NULL, *acc = NULL, *u = NULL, *yt = NULL, *tmp = NULL;
  int st = LS_OK;
  off = (size_t *)malloc(((size_t)op->nrb + 1) * sizeof(size_t));
  if (off == NULL) return LS_ENOMEM;
  total = rb_layout(op, off);
  zmax = family_scratch(op, fam, ncols);
  wt = (double *)calloc((size_t)p + 1, sizeof(double));
  acc = (double *)calloc(total + 1, sizeof(double));
  u = (double *)malloc(zmax * sizeof(double));
  yt = (double *)malloc(zmax * sizeof(double));
  tmp = (double *)malloc(zmax * sizeof(double));
  if (!wt || !acc || !u || !yt || !tmp) { st = LS_ENOMEM; goto done; }
  for (r = 0; r < op->nrows; r++) {
    const Rows *rw = &op->rows[r];
    int nz = rw->nz, cz = rw->cz, sc = rw->sc, a, c, col;
    if (rw->gen != fam) continue;
    for (col = 0; col < ncols; col++)
      for (a = 0; a < nz; a++)
        for (c = 0; c < sc; c++)
          yt[(size_t)c + (size_t)sc * ((size_t)col * nz + a)] =
            yin[rw->off + a + (int64_t)nz * c + ld * col];
    apply_factor(rw, 1, ncols * nz, yt, u);
    for (i = 0; i < op->nterms; i++) {
      const Term *t = &op->terms[i];
      const double *v = u + (size_t)term_column(t) * cz * nz;
      if (t->rows != r) continue;
      if (t->d != NULL) {
        for (c = 0; c < nz; c++)
          for (a = 0; a < cz; a++)
            tmp[(size_t)c * cz + a] = t->d[a] * v[(size_t)c * cz + a];
        v = tmp;
      }
      /* (R Wt) part: alpha diag(d) U_i L */
      ls_sm_right(t->L, cz, t->alpha, v, acc + off[t->ri]);
    }
  }
  for (i = 0; i < op->nrb; i++) {   /* Wt += R^T acc */
    const RB *rb = &op->rb[i];
    if (!family_uses(op, fam, i)) continue;
    ls_sm_left_t(rb->R, op->n[rb->block], 1.0, acc + off[i], wt + op->poff[rb->block]);
  }
  for (b = 0; b < op->P; b++)
    ls_transpose(op->k[b], op->n[b], wt + op->poff[b], theta + op->poff[b]);
done:
  free(off); free(wt); free(acc); free(u); free(yt); free(tmp);
  return st;
}


int ls_op_adjoint (const ls_Op *op, const double *y, double *theta) {
  return ls_op_adjoint_family(op, -1, y, op->s, theta);
}

/* }====================================================== */


/* {======================================================
** The Gram matrix
** ======================================================= */

/* a group of a constraint's terms in one row block sharing L and block:
   F = sum alpha_t diag(d_t) R_t, kept as the one Sm when it is a single
   plain term, else dense */
typedef struct Group {
  ls_Sm *L;
  int block;
  const ls_Sm *R;     /* the single term's matrix, or NULL */
  double alpha;
  double *f;          /* dense cz x k, or NULL */
} Group;


static int make_groups (const ls_Op *op, const int *idx, int nt, int cz,
                        Group *g, int *ng) {
  int i, j, c, a;
  *ng = 0;
  for (i = 0; i < nt; i++) {
    const Term *t = &op->terms[idx[i]];
    Group *G = NULL;
    for (j = 0; j < *ng; j++)
      if (g[j].L == t->L && g[j].block == t->block) { G = &g[j]; break; }
    if (G == NULL) {
      G = &g[(*ng)++];
      G->L = t->L;
      G->block = t->block;
      G->R = NULL;
      G->f = NULL;
      G->alpha = 1.0;
      if (t->d == NULL) {
        int more = 0;
        for (j = i + 1; j < nt; j++)
          if (op->terms[idx[j]].L == t->L && op->terms[idx[j]].block == t->block) more = 1;
        if (!more) { G->R = t->R; G->alpha = t->alpha; continue; }
      }
    }
    if (G->f == NULL) {
      int k = op->k[t->block];
      G->f = (double *)calloc((size_t)cz * k + 1, sizeof(double));
      if (G->f == NULL) return LS_ENOMEM;
    }
    {
      int k = op->k[t->block];
      double *dense = (double *)malloc(((size_t)cz * k + 1) * sizeof(double));
      if (dense == NULL) return LS_ENOMEM;
      ls_sm_to_dense(t->R, dense);
      for (c = 0; c < k; c++)
        for (a = 0; a < cz; a++)
          G->f[(size_t)c * cz + a] += t->alpha * (t->d ? t->d[a] : 1.0)
                                      * dense[(size_t)c * cz + a];
      free(dense);
    }
  }
  return LS_OK;
}


/* the entries of row r of a sparse or identity matrix */
static long row_entries (const ls_Sm *m, int r, const int **col,
                         const double **val, int *one_col) {
  static const double one = 1.0;
  if (m->kind == LS_SM_IDENTITY) {
    *one_col = r;
    *col = one_col;
    *val = &one;
    return 1;
  }
  *col = m->col + m->ptr[r];
  *val = m->val + m->ptr[r];
  return m->ptr[r + 1] - m->ptr[r];
}


/* C (kg x kh) += F_g^T G F_h with G = S^T S: gk 0 identity, 1 diagonal
   (g holds it), 2 dense (cz x cz) */
static int pair_product (const Group *a, const Group *b, int cz, int gk,
                         const double *g, int kg, int kh, double *C) {
  int sa = a->R && (a->R->kind == LS_SM_SPARSE || a->R->kind == LS_SM_IDENTITY),
      sb = b->R && (b->R->kind == LS_SM_SPARSE || b->R->kind == LS_SM_IDENTITY);
  double al = a->alpha * b->alpha;
  if (sa && sb) {   /* entry pairs */
    int r, r2, oa, ob;
    long x, y, na, nb;
    const int *ca, *cb;
    const double *va, *vb;
    int *rows_b = NULL, nrows_b = 0;
    if (gk == 2) {
      if ((rows_b = (int *)malloc((size_t)cz * sizeof(int))) == NULL) return LS_ENOMEM;
      for (r = 0; r < cz; r++)
        if (row_entries(b->R, r, &cb, &vb, &ob) > 0) rows_b[nrows_b++] = r;
    }
    for (r = 0; r < cz; r++) {
      na = row_entries(a->R, r, &ca, &va, &oa);
      if (na == 0) continue;
      if (gk < 2) {
        double w = al * (gk == 1 ? g[r] : 1.0);
        nb = row_entries(b->R, r, &cb, &vb, &ob);
        for (x = 0; x < na; x++)
          for (y = 0; y < nb; y++)
            C[(size_t)cb[y] * kg + ca[x]] += w * va[x] * vb[y];
      }
      else   /* over the rows of F_h that hold entries */
        for (y = 0; y < nrows_b; y++) {
          double w;
          long z;
          r2 = rows_b[y];
          w = al * g[(size_t)r2 * cz + r];
          if (w == 0.0) continue;
          nb = row_entries(b->R, r2, &cb, &vb, &ob);
          for (x = 0; x < na; x++)
            for (z = 0; z < nb; z++)
              C[(size_t)cb[z] * kg + ca[x]] += w * va[x] * vb[z];
        }
    }
    free(rows_b);
    return LS_OK;
  }
  {   /* X = G F_h, C += F_g^T X */
    double *x = (double *)calloc((size_t)cz * kh + 1, sizeof(double));
    double *fb = NULL;
    int i, j;
    if (x == NULL) return LS_ENOMEM;
    if (b->R && gk == 2) ls_sm_right(b->R, cz, b->alpha, g, x);
    else {
      const double *src;
      if (b->R) {
        fb = (double *)malloc(((size_t)cz * kh + 1) * sizeof(double));
        if (fb == NULL) { free(x); return LS_ENOMEM; }
        ls_sm_to_dense(b->R, fb);
        for (i = 0; i < cz * kh; i++) fb[i] *= b->alpha;
        src = fb;
      }
      else src = b->f;
      if (gk == 2)
        ls_gemm('N', 'N', cz, kh, cz, 1.0, g, cz, src, cz, 0.0, x, cz);
      else
        for (j = 0; j < kh; j++)
          for (i = 0; i < cz; i++)
            x[(size_t)j * cz + i] = (gk == 1 ? g[i] : 1.0) * src[(size_t)j * cz + i];
    }
    if (a->R) ls_sm_left_t(a->R, kh, a->alpha, x, C);
    else ls_gemm('T', 'N', kg, kh, cz, 1.0, a->f, cz, x, cz, 1.0, C, kg);
    free(x);
    free(fb);
  }
  return LS_OK;
}


/* K[block g, block h] += C (x) A, A = L_g^T L_h */
static int kron_add (const ls_Op *op, const Group *a, const Group *b,
                     const double *C, double *K) {
  int ng = op->n[a->block], nh = op->n[b->block], kg = op->k[a->block],
      kh = op->k[b->block], nz = a->L->rows, o, o2, c, c2;
  int64_t p = op->poff[op->P];
  double *la = (double *)malloc(((size_t)nz * ng + 1) * sizeof(double));
  double *lb = (double *)malloc(((size_t)nz * nh + 1) * sizeof(double));
  double *A = (double *)malloc(((size_t)ng * nh + 1) * sizeof(double));
  if (!la || !lb || !A) { free(la); free(lb); free(A); return LS_ENOMEM; }
  ls_sm_to_dense(a->L, la);
  ls_sm_to_dense(b->L, lb);
  ls_gemm('T', 'N', ng, nh, nz, 1.0, la, nz, lb, nz, 0.0, A, ng);
  for (o2 = 0; o2 < nh; o2++)
    for (o = 0; o < ng; o++) {
      double v = A[(size_t)o2 * ng + o];
      if (v == 0.0) continue;
      for (c2 = 0; c2 < kh; c2++) {
        double *kc = K + (size_t)(op->poff[b->block] + o2 + (int64_t)nh * c2) * p
                       + op->poff[a->block] + o;
        const double *cc = C + (size_t)c2 * kg;
        for (c = 0; c < kg; c++) kc[(size_t)ng * c] += v * cc[c];
      }
    }
  free(la); free(lb); free(A);
  return LS_OK;
}


/* G = S^T S of a row block: kind and values */
static int row_gram (const Rows *r, int *gk, double **g) {
  int i;
  *g = NULL;
  if (r->skind == LS_S_IDENTITY) { *gk = 0; return LS_OK; }
  if (r->skind == LS_S_DIAG) {
    *gk = 1;
    if ((*g = (double *)malloc((size_t)r->cz * sizeof(double))) == NULL) return LS_ENOMEM;
    for (i = 0; i < r->cz; i++) (*g)[i] = r->s[i] * r->s[i];
    return LS_OK;
  }
  *gk = 2;
  if ((*g = (double *)malloc(((size_t)r->cz * r->cz + 1) * sizeof(double))) == NULL)
    return LS_ENOMEM;
  if (r->skind == LS_S_SPARSE) {   /* S^T S = S^T (S I) */
    double *sd = (double *)malloc(((size_t)r->sc * r->cz + 1) * sizeof(double));
    if (sd == NULL) { free(*g); *g = NULL; return LS_ENOMEM; }
    ls_sm_to_dense(r->sm, sd);
    memset(*g, 0, (size_t)r->cz * r->cz * sizeof(double));
    ls_sm_left_t(r->sm, r->cz, 1.0, sd, *g);
    free(sd);
    return LS_OK;
  }
  ls_gemm('T', 'N', r->cz, r->cz, r->sc, 1.0, r->s, r->sc, r->s, r->sc, 0.0, *g, r->cz);
  return LS_OK;
}


/* accumulators of identity-identity pairs, one per block pair */
typedef struct Acc { double **c; int P; } Acc;


static int gram_rows (const ls_Op *op, int r, Acc *acc, double *K) {
  const Rows *rw = &op->rows[r];
  int ncols = rw->gen < 0 ? op->q : 1, col, i, nt, ng, x, y, gk, st = LS_OK;
  int *idx = (int *)malloc(((size_t)op->nterms + 1) * sizeof(int));
  Group *g = (Group *)calloc((size_t)op->nterms + 1, sizeof(Group));
  double *G = NULL, *C = NULL;
  size_t cmax = 1;
  for (i = 0; i < op->P; i++) {
    size_t c = (size_t)op->k[i];
    if (c * c > cmax) cmax = c * c;
  }
  for (x = 0; x < op->P; x++)
    for (y = 0; y < op->P; y++)
      if ((size_t)op->k[x] * op->k[y] > cmax) cmax = (size_t)op->k[x] * op->k[y];
  C = (double *)malloc(cmax * sizeof(double));
  if (!idx || !g || !C) { st = LS_ENOMEM; goto done; }
  if ((st = row_gram(rw, &gk, &G)) != LS_OK) goto done;
  for (col = 0; col < ncols && st == LS_OK; col++) {
    nt = 0;
    for (i = 0; i < op->nterms; i++)
      if (op->terms[i].rows == r && term_column(&op->terms[i]) == col) idx[nt++] = i;
    if (nt == 0) continue;
    st = make_groups(op, idx, nt, rw->cz, g, &ng);
    for (x = 0; x < ng && st == LS_OK; x++)
      for (y = 0; y < ng && st == LS_OK; y++) {
        int kg = op->k[g[x].block], kh = op->k[g[y].block];
        if (g[x].L->kind == LS_SM_IDENTITY && g[y].L->kind == LS_SM_IDENTITY) {
          double **slot = &acc->c[g[x].block * op->P + g[y].block];
          if (*slot == NULL &&
              (*slot = (double *)calloc((size_t)kg * kh + 1, sizeof(double))) == NULL)
            st = LS_ENOMEM;
          else st = pair_product(&g[x], &g[y], rw->cz, gk, G, kg, kh, *slot);
        }
        else {
          memset(C, 0, (size_t)kg * kh * sizeof(double));
          st = pair_product(&g[x], &g[y], rw->cz, gk, G, kg, kh, C);
          if (st == LS_OK) st = kron_add(op, &g[x], &g[y], C, K);
        }
      }
    for (x = 0; x < ng; x++) { free(g[x].f); g[x].f = NULL; }
  }
done:
  free(idx); free(g); free(G); free(C);
  return st;
}


int ls_op_gram (const ls_Op *op, int with_discrete, double *K) {
  int64_t p = op->poff[op->P];
  int r, a, b, st = LS_OK;
  Acc acc;
  acc.P = op->P;
  acc.c = (double **)calloc((size_t)op->P * op->P, sizeof(double *));
  if (acc.c == NULL) return LS_ENOMEM;
  memset(K, 0, (size_t)p * p * sizeof(double));
  for (r = 0; r < op->nrows && st == LS_OK; r++)
    if (op->rows[r].gen < 0 || with_discrete) st = gram_rows(op, r, &acc, K);
  for (a = 0; a < op->P && st == LS_OK; a++)
    for (b = 0; b < op->P; b++) {   /* the summed identity pairs, (x) I */
      const double *C = acc.c[a * op->P + b];
      int n = op->n[a], ka = op->k[a], kb = op->k[b], o, c, c2;
      if (C == NULL) continue;
      for (c2 = 0; c2 < kb; c2++)
        for (c = 0; c < ka; c++) {
          double v = C[(size_t)c2 * ka + c];
          if (v == 0.0) continue;
          for (o = 0; o < n; o++)
            K[(size_t)(op->poff[b] + o + (int64_t)n * c2) * p + op->poff[a] + o + (int64_t)n * c] += v;
        }
    }
  for (a = 0; a < op->P * op->P; a++) free(acc.c[a]);
  free(acc.c);
  return st;
}

/* }====================================================== */


/* {======================================================
** The dense form
** ======================================================= */

int ls_op_dense_rows (const ls_Op *op, int with_discrete, int64_t *rows) {
  int j;
  *rows = op->s * op->q;
  if (with_discrete) for (j = 0; j < op->h; j++) *rows += op->hrows[j];
  return LS_OK;
}


int ls_op_dense (const ls_Op *op, int with_discrete, double *m) {
  int64_t rows, *base, p = op->poff[op->P];
  int i, j, st = LS_OK;
  ls_op_dense_rows(op, with_discrete, &rows);
  base = (int64_t *)malloc(((size_t)op->h + 1) * sizeof(int64_t));
  if (base == NULL) return LS_ENOMEM;
  base[0] = op->s * op->q;
  for (j = 1; j <= op->h; j++) base[j] = base[j - 1] + op->hrows[j - 1];
  memset(m, 0, (size_t)rows * p * sizeof(double));
  for (i = 0; i < op->nterms && st == LS_OK; i++) {
    const Term *t = &op->terms[i];
    const Rows *rw = &op->rows[t->rows];
    int fam = term_family(t), kb = op->k[t->block], nb = op->n[t->block],
        cz = rw->cz, sc = rw->sc, nz = rw->nz, a, c, c2, o;
    int64_t start;
    double *dr, *sdr, *l;
    if (fam >= 0 && !with_discrete) continue;
    start = (fam < 0 ? op->s * t->gen : base[fam]) + rw->off;
    dr = (double *)malloc(((size_t)cz * kb + 1) * sizeof(double));
    sdr = (double *)malloc(((size_t)sc * kb + 1) * sizeof(double));
    l = (double *)malloc(((size_t)nz * nb + 1) * sizeof(double));
    if (!dr || !sdr || !l) { free(dr); free(sdr); free(l); st = LS_ENOMEM; break; }
    ls_sm_to_dense(t->R, dr);
    ls_sm_to_dense(t->L, l);
    if (t->d)
      for (c = 0; c < kb; c++)
        for (a = 0; a < cz; a++) dr[(size_t)c * cz + a] *= t->d[a];
    apply_factor(rw, 0, kb, dr, sdr);
    /* alpha (S D R) (x) L at rows start + a + nz c, columns o + nb c2 */
    for (c2 = 0; c2 < kb; c2++)
      for (o = 0; o < nb; o++) {
        double *mc = m + (size_t)(op->poff[t->block] + o + (int64_t)nb * c2) * rows + start;
        for (c = 0; c < sc; c++) {
          double v = t->alpha * sdr[(size_t)c2 * sc + c];
          if (v == 0.0) continue;
          for (a = 0; a < nz; a++) mc[a + (int64_t)nz * c] += v * l[(size_t)o * nz + a];
        }
      }
    free(dr); free(sdr); free(l);
  }
  free(base);
  return st;
}

/* }====================================================== */
