/*
** lie.c — Lie algebras of n x n matrices with sparse generators: the
** built-in bases, coordinates, structure constants, the Killing form,
** orthonormalisation, spans and intersections.
**
** Coordinates solve the normal equations G c = B^T x block by block (G
** splits into the blocks of generators that share an entry) with one
** step of refinement on the residual (corrected semi-normal equations),
** which is as accurate as a QR solve for any basis that is not close to
** dependent, and touches only the entries involved: a bracket of two
** so(30) generators costs a handful of operations, not n^2 q.
*/
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include <lapacke.h>

#include "dense.h"
#include "lie.h"
#include "rank.h"
#include "linalg.h"

#define EPS DBL_EPSILON


/* {======================================================
** Construction
** ======================================================= */

typedef struct Entry { int gen, pos; double val; } Entry;

static int cmp_entry (const void *a, const void *b) {
  const Entry *x = (const Entry *)a, *y = (const Entry *)b;
  if (x->gen != y->gen) return x->gen < y->gen ? -1 : 1;
  return (x->pos > y->pos) - (x->pos < y->pos);
}


static char *dupname (const char *name) {
  char *s;
  size_t len;
  if (name == NULL) name = "";
  len = strlen(name);
  s = (char *)malloc(len + 1);
  if (s != NULL) memcpy(s, name, len + 1);
  return s;
}


static ls_Algebra *alloc_algebra (int n, int q, size_t nnz, const char *name) {
  ls_Algebra *g = (ls_Algebra *)calloc(1, sizeof(ls_Algebra));
  if (g == NULL) return NULL;
  g->refs = 1;
  g->n = n;
  g->q = q;
  g->start = (size_t *)calloc((size_t)q + 1, sizeof(size_t));
  g->pos = (int *)malloc((nnz ? nnz : 1) * sizeof(int));
  g->val = (double *)malloc((nnz ? nnz : 1) * sizeof(double));
  g->name = dupname(name);
  if (!g->start || !g->pos || !g->val || !g->name) {
    free(g->start); free(g->pos); free(g->val); free(g->name); free(g);
    return NULL;
  }
  return g;
}


/* sort, merge duplicates, drop zeros, and fill the algebra */
static int build (int n, int q, size_t nnz, Entry *e, const char *name,
                  int closed, ls_Algebra **out) {
  size_t i, m = 0;
  ls_Algebra *g;
  if (nnz > 0) qsort(e, nnz, sizeof(Entry), cmp_entry);
  for (i = 0; i < nnz; i++) {
    if (m > 0 && e[m - 1].gen == e[i].gen && e[m - 1].pos == e[i].pos)
      e[m - 1].val += e[i].val;
    else e[m++] = e[i];
  }
  g = alloc_algebra(n, q, m, name);
  if (g == NULL) return LS_ENOMEM;
  nnz = 0;
  for (i = 0; i < m; i++) {
    if (e[i].val == 0.0) continue;
    g->pos[nnz] = e[i].pos;
    g->val[nnz] = e[i].val;
    g->start[e[i].gen + 1]++;
    nnz++;
  }
  for (i = 0; i < (size_t)q; i++) g->start[i + 1] += g->start[i];
  g->closed = closed;
  *out = g;
  return LS_OK;
}


static int check_size (int n, size_t nnz) {
  if (n < 0) return LS_EARG;
  if (n > LS_MAX_ALGEBRA_SIZE || nnz > LS_MAX_ALGEBRA_ENTRIES) return LS_ETOOBIG;
  return LS_OK;
}


int ls_algebra_from_entries (int n, int q, size_t nnz, const int *gen,
                             const int *row, const int *col,
                             const double *val, const char *name, int closed,
                             ls_Algebra **out) {
  Entry *e;
  size_t i;
  int st = check_size(n, nnz);
  if (st != LS_OK) return st;
  if (q < 0) return LS_EARG;
  e = (Entry *)malloc((nnz ? nnz : 1) * sizeof(Entry));
  if (e == NULL) return LS_ENOMEM;
  for (i = 0; i < nnz; i++) {
    if (gen[i] < 0 || gen[i] >= q || row[i] < 0 || row[i] >= n ||
        col[i] < 0 || col[i] >= n) {
      free(e);
      return LS_EARG;
    }
    e[i].gen = gen[i];
    e[i].pos = row[i] + col[i] * n;
    e[i].val = val[i];
  }
  st = build(n, q, nnz, e, name, closed, out);
  free(e);
  return st;
}


/* entries of the built-in bases, collected before the algebra is built */
typedef struct Builder {
  int n, q;
  size_t len, cap;
  Entry *e;
  int failed;
} Builder;

static void add (Builder *b, int gen, int row, int col, double v) {
  if (b->failed) return;
  if (b->len == b->cap) {
    size_t cap = b->cap ? 2 * b->cap : 64;
    Entry *e = (Entry *)realloc(b->e, cap * sizeof(Entry));
    if (e == NULL) { b->failed = 1; return; }
    b->e = e;
    b->cap = cap;
  }
  b->e[b->len].gen = gen;
  b->e[b->len].pos = row + col * b->n;
  b->e[b->len].val = v;
  b->len++;
}

static int start_builder (Builder *b, int n, double expected) {
  memset(b, 0, sizeof(*b));
  b->n = n;
  if (n < 0) return LS_EARG;
  if (n > LS_MAX_ALGEBRA_SIZE || expected > (double)LS_MAX_ALGEBRA_ENTRIES)
    return LS_ETOOBIG;
  return LS_OK;
}

static int finish (Builder *b, const char *name, ls_Algebra **out) {
  int st = b->failed ? LS_ENOMEM : build(b->n, b->q, b->len, b->e, name, 1, out);
  free(b->e);
  return st;
}


int ls_algebra_gl (int n, ls_Algebra **out) {
  Builder b;
  char name[32];
  int i, j, st = start_builder(&b, n, (double)n * n);
  if (st != LS_OK) return st;
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++) add(&b, b.q++, i, j, 1.0);
  snprintf(name, sizeof name, "gl(%d)", n);
  return finish(&b, name, out);
}


int ls_algebra_sl (int n, ls_Algebra **out) {
  Builder b;
  char name[32];
  int i, j, st = start_builder(&b, n, (double)n * n + n);
  if (st != LS_OK) return st;
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      if (i != j) add(&b, b.q++, i, j, 1.0);
  for (i = 0; i + 1 < n; i++) {
    add(&b, b.q, i, i, 1.0);
    add(&b, b.q++, i + 1, i + 1, -1.0);
  }
  snprintf(name, sizeof name, "sl(%d)", n);
  return finish(&b, name, out);
}


/* so(p, q): X^T eta + eta X = 0, eta = diag(1^p, (-1)^q) */
static void so_entries (Builder *b, int p, int q, int offset) {
  int n = p + q, i, j;
  if (n == 3 && q == 0) {  /* L_x, L_y, L_z: [L_i, L_j] = eps_ijk L_k */
    add(b, b->q, 2 + offset, 1 + offset, 1.0);
    add(b, b->q++, 1 + offset, 2 + offset, -1.0);
    add(b, b->q, 0 + offset, 2 + offset, 1.0);
    add(b, b->q++, 2 + offset, 0 + offset, -1.0);
    add(b, b->q, 1 + offset, 0 + offset, 1.0);
    add(b, b->q++, 0 + offset, 1 + offset, -1.0);
    return;
  }
  for (i = 0; i < n; i++)
    for (j = i + 1; j < n; j++) {
      int same = (i < p) == (j < p);
      add(b, b->q, j + offset, i + offset, 1.0);
      add(b, b->q++, i + offset, j + offset, same ? -1.0 : 1.0);
    }
}


int ls_algebra_so (int p, int q, ls_Algebra **out) {
  Builder b;
  char name[48];
  int st;
  if (p < 0 || q < 0) return LS_EARG;
  st = start_builder(&b, p + q, (double)(p + q) * (p + q));
  if (st != LS_OK) return st;
  so_entries(&b, p, q, 0);
  if (q == 0) snprintf(name, sizeof name, "so(%d)", p);
  else snprintf(name, sizeof name, "so(%d,%d)", p, q);
  return finish(&b, name, out);
}


int ls_algebra_sp (int n, ls_Algebra **out) {
  Builder b;
  char name[32];
  int i, j, st = (n < 0) ? LS_EARG : start_builder(&b, 2 * n, 8.0 * n * n + 4);
  if (st != LS_OK) return st;
  for (i = 0; i < n; i++)   /* [[A, 0], [0, -A^T]] */
    for (j = 0; j < n; j++) {
      add(&b, b.q, i, j, 1.0);
      add(&b, b.q++, n + j, n + i, -1.0);
    }
  for (i = 0; i < n; i++)   /* [[0, B], [0, 0]] and [[0, 0], [C, 0]] */
    for (j = i; j < n; j++) {
      add(&b, b.q, i, n + j, 1.0);
      if (i != j) add(&b, b.q, j, n + i, 1.0);
      b.q++;
      add(&b, b.q, n + i, j, 1.0);
      if (i != j) add(&b, b.q, n + j, i, 1.0);
      b.q++;
    }
  snprintf(name, sizeof name, "sp(%d)", n);
  return finish(&b, name, out);
}


int ls_algebra_t (int n, ls_Algebra **out) {
  Builder b;
  char name[32];
  int i, st = (n < 0) ? LS_EARG : start_builder(&b, n + 1, n);
  if (st != LS_OK) return st;
  for (i = 0; i < n; i++) add(&b, b.q++, i, n, 1.0);
  snprintf(name, sizeof name, "t(%d)", n);
  return finish(&b, name, out);
}


int ls_algebra_se (int n, ls_Algebra **out) {
  Builder b;
  char name[32];
  int i, st = (n < 0) ? LS_EARG : start_builder(&b, n + 1, (double)n * n + n);
  if (st != LS_OK) return st;
  so_entries(&b, n, 0, 0);
  for (i = 0; i < n; i++) add(&b, b.q++, i, n, 1.0);
  snprintf(name, sizeof name, "se(%d)", n);
  return finish(&b, name, out);
}


int ls_algebra_aff (int n, ls_Algebra **out) {
  Builder b;
  char name[32];
  int i, j, st = (n < 0) ? LS_EARG : start_builder(&b, n + 1, (double)n * n + n);
  if (st != LS_OK) return st;
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++) add(&b, b.q++, i, j, 1.0);
  for (i = 0; i < n; i++) add(&b, b.q++, i, n, 1.0);
  snprintf(name, sizeof name, "aff(%d)", n);
  return finish(&b, name, out);
}


int ls_algebra_scaling (int n, ls_Algebra **out) {
  Builder b;
  char name[32];
  int i, st = start_builder(&b, n, n);
  if (st != LS_OK) return st;
  for (i = 0; i < n; i++) add(&b, 0, i, i, 1.0);
  b.q = 1;
  snprintf(name, sizeof name, "scaling(%d)", n);
  return finish(&b, name, out);
}


int ls_algebra_zero (int n, ls_Algebra **out) {
  Builder b;
  int st = start_builder(&b, n, 0);
  if (st != LS_OK) return st;
  return finish(&b, "0", out);
}


/* the rank of q dense n x n matrices by the SVD of their nonzero rows,
   with the default tolerance max(rows, q) * eps * s_max */
static int dense_rank (int n, int q, const double *gens, int *rank) {
  size_t nn = (size_t)n * n, t, rows = 0;
  int *keep, i, k, st;
  double *a, *s;
  *rank = 0;
  if (q == 0) return LS_OK;
  keep = (int *)malloc(nn * sizeof(int));
  if (keep == NULL) return LS_ENOMEM;
  for (t = 0; t < nn; t++) {
    for (i = 0; i < q && gens[(size_t)i * nn + t] == 0.0; i++) ;
    if (i < q) keep[rows++] = (int)t;
  }
  if (rows == 0) { free(keep); return LS_OK; }
  if (rows * (size_t)q > ((size_t)1 << 28)) { free(keep); return LS_ETOOBIG; }
  a = (double *)malloc(rows * q * sizeof(double));
  s = (double *)malloc((size_t)q * sizeof(double));
  if (a == NULL || s == NULL) { free(keep); free(a); free(s); return LS_ENOMEM; }
  for (i = 0; i < q; i++)
    for (t = 0; t < rows; t++) a[(size_t)i * rows + t] = gens[(size_t)i * nn + keep[t]];
  st = ls_svd((int)rows, q, a, NULL, s, NULL);
  if (st == LS_OK) {
    int kmin = (int)rows < q ? (int)rows : q;
    double tol = ls_default_tol((int)rows, q, s[0]);
    for (k = 0; k < kmin && s[k] > tol; k++) ;
    *rank = k;
  }
  free(keep); free(a); free(s);
  return st;
}


int ls_algebra_new_rank (int n, int q, const double *gens, const char *name,
                         ls_Algebra **out, int *rank) {
  size_t nn = (size_t)n * n, t, nnz = 0;
  Entry *e;
  int i, st;
  if (n < 0 || q < 0) return LS_EARG;
  if (n > LS_MAX_ALGEBRA_SIZE || nn * (size_t)q > LS_MAX_ALGEBRA_ENTRIES)
    return LS_ETOOBIG;
  if (!ls_allfinite(gens, nn * (size_t)q)) return LS_ENONFINITE;
  st = dense_rank(n, q, gens, rank);
  if (st != LS_OK) return st;
  if (*rank < q) return LS_EDEPENDENT;
  for (t = 0; t < nn * (size_t)q; t++) nnz += gens[t] != 0.0;
  e = (Entry *)malloc((nnz ? nnz : 1) * sizeof(Entry));
  if (e == NULL) return LS_ENOMEM;
  nnz = 0;
  for (i = 0; i < q; i++)
    for (t = 0; t < nn; t++) {
      double v = gens[(size_t)i * nn + t];
      if (v != 0.0) { e[nnz].gen = i; e[nnz].pos = (int)t; e[nnz].val = v; nnz++; }
    }
  st = build(n, q, nnz, e, name, 0, out);
  free(e);
  return st;
}


int ls_algebra_new (int n, int q, const double *gens, const char *name,
                    ls_Algebra **out) {
  int rank;
  return ls_algebra_new_rank(n, q, gens, name, out, &rank);
}

/* }====================================================== */


/* {======================================================
** Access
** ======================================================= */

static void free_coords (ls_Coords *c);
static void free_structure (ls_Structure *s);
static double gen_norm (const ls_Algebra *g, int i);

void ls_algebra_retain (ls_Algebra *g) { if (g) g->refs++; }

void ls_algebra_release (ls_Algebra *g) {
  if (g == NULL || --g->refs > 0) return;
  free_coords(g->coords);
  free_structure(g->sc);
  free(g->start); free(g->pos); free(g->val); free(g->name);
  free(g);
}

int ls_algebra_dim (const ls_Algebra *g) { return g->q; }
int ls_algebra_size (const ls_Algebra *g) { return g->n; }
const char *ls_algebra_name (const ls_Algebra *g) { return g->name; }
int ls_algebra_known_closed (const ls_Algebra *g) { return g->closed; }


void ls_algebra_axpy (const ls_Algebra *g, int i, double w, double *out) {
  size_t t;
  for (t = g->start[i]; t < g->start[i + 1]; t++) out[g->pos[t]] += w * g->val[t];
}


int ls_algebra_generator (const ls_Algebra *g, int i, double *out) {
  if (i < 0 || i >= g->q) return LS_EARG;
  memset(out, 0, (size_t)g->n * g->n * sizeof(double));
  ls_algebra_axpy(g, i, 1.0, out);
  return LS_OK;
}


int ls_algebra_combine (const ls_Algebra *g, const double *c, double *out) {
  int i;
  memset(out, 0, (size_t)g->n * g->n * sizeof(double));
  for (i = 0; i < g->q; i++)
    if (c[i] != 0.0) ls_algebra_axpy(g, i, c[i], out);
  return ls_allfinite(out, (size_t)g->n * g->n) ? LS_OK : LS_ENONFINITE;
}


int ls_algebra_exp (const ls_Algebra *g, const double *c, double *out) {
  size_t nn = (size_t)g->n * g->n;
  double *x = (double *)malloc((nn ? nn : 1) * sizeof(double));
  int st;
  if (x == NULL) return LS_ENOMEM;
  st = ls_algebra_combine(g, c, x);
  if (st == LS_OK) st = ls_expm(g->n, x, out);
  if (st == LS_OK && !ls_allfinite(out, nn)) st = LS_EOVERFLOW;
  free(x);
  return st;
}


static double gen_norm (const ls_Algebra *g, int i) {
  return ls_norm_fro(g->start[i + 1] - g->start[i], g->val + g->start[i]);
}

/* }====================================================== */


/* {======================================================
** Coordinates
** ======================================================= */

struct ls_Coords {
  size_t nnz;
  int *tpos, *tgen;      /* the entries sorted by position */
  double *tval;
  int ncomp;
  int *comp, *loc;       /* q: block of each generator, index in it */
  int *cstart, *cgen;    /* the generators of block b: cgen[cstart[b]..] */
  double **chol;         /* per block: the Cholesky factor of the Gram
                            matrix of its normalised generators */
  double *norm;          /* q: the generators' Frobenius norms */
};


static void free_coords (ls_Coords *c) {
  int b;
  if (c == NULL) return;
  if (c->chol) for (b = 0; b < c->ncomp; b++) free(c->chol[b]);
  free(c->chol);
  free(c->tpos); free(c->tgen); free(c->tval);
  free(c->comp); free(c->loc); free(c->cstart); free(c->cgen); free(c->norm);
  free(c);
}


typedef struct TEntry { int pos, gen; double val; } TEntry;

static int cmp_tentry (const void *a, const void *b) {
  const TEntry *x = (const TEntry *)a, *y = (const TEntry *)b;
  if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
  return (x->gen > y->gen) - (x->gen < y->gen);
}


static int uf_find (int *parent, int x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}


/* the first index of the entries at position p (or where they would be) */
static size_t lower_pos (const ls_Coords *c, int p) {
  size_t lo = 0, hi = c->nnz;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (c->tpos[mid] < p) lo = mid + 1; else hi = mid;
  }
  return lo;
}


/* the Gram block of block b: G_kl = <e_k, e_l> / (|e_k| |e_l|) over its
   generators (normalised, so that no scale underflows or overflows) */
static int block_gram (const ls_Algebra *g, const ls_Coords *c, int b,
                       double *gram) {
  int m = c->cstart[b + 1] - c->cstart[b], k, l;
  for (k = 0; k < m; k++)
    for (l = k; l < m; l++) {
      int gk = c->cgen[c->cstart[b] + k], gl = c->cgen[c->cstart[b] + l];
      size_t s = g->start[gk], t = g->start[gl];
      double acc = 0.0;
      while (s < g->start[gk + 1] && t < g->start[gl + 1]) {  /* merge */
        if (g->pos[s] < g->pos[t]) s++;
        else if (g->pos[s] > g->pos[t]) t++;
        else acc += (g->val[s++] / c->norm[gk]) * (g->val[t++] / c->norm[gl]);
      }
      gram[(size_t)l * m + k] = gram[(size_t)k * m + l] = acc;
    }
  return m;
}


static int build_coords (ls_Algebra *g) {
  ls_Coords *c;
  TEntry *te = NULL;
  int *parent = NULL, *count = NULL, q = g->q, i, b;
  size_t nnz = g->start[q], t;
  int st = LS_ENOMEM;
  if (g->coords) return LS_OK;
  c = (ls_Coords *)calloc(1, sizeof(ls_Coords));
  if (c == NULL) return LS_ENOMEM;
  c->nnz = nnz;
  te = (TEntry *)malloc((nnz ? nnz : 1) * sizeof(TEntry));
  c->tpos = (int *)malloc((nnz ? nnz : 1) * sizeof(int));
  c->tgen = (int *)malloc((nnz ? nnz : 1) * sizeof(int));
  c->tval = (double *)malloc((nnz ? nnz : 1) * sizeof(double));
  parent = (int *)malloc((size_t)(q ? q : 1) * sizeof(int));
  count = (int *)calloc((size_t)q + 1, sizeof(int));
  c->comp = (int *)malloc((size_t)(q ? q : 1) * sizeof(int));
  c->loc = (int *)malloc((size_t)(q ? q : 1) * sizeof(int));
  c->cgen = (int *)malloc((size_t)(q ? q : 1) * sizeof(int));
  c->norm = (double *)malloc((size_t)(q ? q : 1) * sizeof(double));
  if (!te || !c->tpos || !c->tgen || !c->tval || !parent || !count ||
      !c->comp || !c->loc || !c->cgen || !c->norm)
    goto done;
  for (i = 0; i < q; i++) {
    c->norm[i] = gen_norm(g, i);
    if (!(c->norm[i] > 0) || !isfinite(c->norm[i])) { st = LS_EDEPENDENT; goto done; }
  }
  for (i = 0; i < q; i++)
    for (t = g->start[i]; t < g->start[i + 1]; t++) {
      te[t].pos = g->pos[t];
      te[t].gen = i;
      te[t].val = g->val[t];
    }
  if (nnz > 0) qsort(te, nnz, sizeof(TEntry), cmp_tentry);
  for (t = 0; t < nnz; t++) {
    c->tpos[t] = te[t].pos;
    c->tgen[t] = te[t].gen;
    c->tval[t] = te[t].val;
  }
  /* blocks: generators that share a position are joined */
  for (i = 0; i < q; i++) parent[i] = i;
  for (t = 1; t < nnz; t++)
    if (c->tpos[t] == c->tpos[t - 1]) {
      int a = uf_find(parent, c->tgen[t]), z = uf_find(parent, c->tgen[t - 1]);
      if (a != z) parent[a] = z;
    }
  c->ncomp = 0;
  for (i = 0; i < q; i++) c->comp[i] = -1;
  for (i = 0; i < q; i++) {  /* number the blocks by their first generator */
    int r = uf_find(parent, i);
    if (c->comp[r] < 0) c->comp[r] = c->ncomp++;
    c->comp[i] = c->comp[r];
  }
  for (i = 0; i < q; i++) count[c->comp[i] + 1]++;
  c->cstart = (int *)malloc((size_t)(c->ncomp + 1) * sizeof(int));
  c->chol = (double **)calloc((size_t)(c->ncomp ? c->ncomp : 1), sizeof(double *));
  if (!c->cstart || !c->chol) goto done;
  c->cstart[0] = 0;
  for (b = 0; b < c->ncomp; b++) c->cstart[b + 1] = c->cstart[b] + count[b + 1];
  memset(count, 0, (size_t)(q + 1) * sizeof(int));
  for (i = 0; i < q; i++) {
    b = c->comp[i];
    c->loc[i] = count[b];
    c->cgen[c->cstart[b] + count[b]++] = i;
  }
  for (b = 0; b < c->ncomp; b++) {
    int m = c->cstart[b + 1] - c->cstart[b];
    lapack_int info;
    c->chol[b] = (double *)malloc((size_t)m * m * sizeof(double));
    if (c->chol[b] == NULL) goto done;
    block_gram(g, c, b, c->chol[b]);
    info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', m, c->chol[b], m);
    if (info != 0) { st = info > 0 ? LS_EDEPENDENT : LS_EARG; goto done; }
  }
  st = LS_OK;
done:
  free(te); free(parent); free(count);
  if (st == LS_OK) g->coords = c; else free_coords(c);
  return st;
}


/* a sparse vector of n*n entries: values, whether touched, touched list */
typedef struct SVec {
  size_t n, len;
  double *v;
  unsigned char *mark;
  int *idx;
} SVec;

static int svec_init (SVec *s, size_t n) {
  s->n = n;
  s->len = 0;
  s->v = (double *)calloc(n ? n : 1, sizeof(double));
  s->mark = (unsigned char *)calloc(n ? n : 1, 1);
  s->idx = (int *)malloc((n ? n : 1) * sizeof(int));
  return (s->v && s->mark && s->idx) ? LS_OK : LS_ENOMEM;
}

static void svec_free (SVec *s) { free(s->v); free(s->mark); free(s->idx); }

static void svec_add (SVec *s, int i, double x) {
  if (!s->mark[i]) { s->mark[i] = 1; s->idx[s->len++] = i; }
  s->v[i] += x;
}

static void svec_reset (SVec *s) {
  size_t t;
  for (t = 0; t < s->len; t++) { s->v[s->idx[t]] = 0.0; s->mark[s->idx[t]] = 0; }
  s->len = 0;
}


/* the 2-norm of the touched entries, scaled so that no square under- or
   overflows */
static double svec_norm (const SVec *s) {
  double big = 0.0, acc = 0.0;
  size_t t;
  for (t = 0; t < s->len; t++) if (fabs(s->v[s->idx[t]]) > big) big = fabs(s->v[s->idx[t]]);
  if (big == 0.0 || !isfinite(big)) return big;
  for (t = 0; t < s->len; t++) {
    double x = s->v[s->idx[t]] / big;
    acc += x * x;
  }
  return big * sqrt(acc);
}


/* the workspace of sparse coordinate solves */
typedef struct CWork {
  SVec c;          /* coefficients (q) */
  SVec r;          /* residual (n*n) */
  int *blocks;     /* touched blocks */
  unsigned char *bmark;
  double *rhs;     /* one block's right-hand side */
  int maxblock;
} CWork;

static int cwork_init (const ls_Algebra *g, CWork *w) {
  const ls_Coords *c = g->coords;
  int b;
  memset(w, 0, sizeof(*w));
  w->maxblock = 1;
  for (b = 0; b < c->ncomp; b++)
    if (c->cstart[b + 1] - c->cstart[b] > w->maxblock)
      w->maxblock = c->cstart[b + 1] - c->cstart[b];
  if (svec_init(&w->c, (size_t)g->q) != LS_OK ||
      svec_init(&w->r, (size_t)g->n * g->n) != LS_OK)
    return LS_ENOMEM;
  w->blocks = (int *)malloc((size_t)(c->ncomp ? c->ncomp : 1) * sizeof(int));
  w->bmark = (unsigned char *)calloc((size_t)(c->ncomp ? c->ncomp : 1), 1);
  w->rhs = (double *)malloc((size_t)w->maxblock * sizeof(double));
  return (w->blocks && w->bmark && w->rhs) ? LS_OK : LS_ENOMEM;
}

static void cwork_free (CWork *w) {
  svec_free(&w->c);
  svec_free(&w->r);
  free(w->blocks); free(w->bmark); free(w->rhs);
}


/* one pass: c += G^-1 B^T r, over the blocks that r touches */
static void coords_pass (const ls_Algebra *g, CWork *w) {
  const ls_Coords *c = g->coords;
  int nb = 0, b, k;
  size_t t, s;
  for (t = 0; t < w->r.len; t++) {
    int p = w->r.idx[t];
    if (w->r.v[p] == 0.0) continue;
    for (s = lower_pos(c, p); s < c->nnz && c->tpos[s] == p; s++) {
      int gen = c->tgen[s];
      b = c->comp[gen];
      if (!w->bmark[b]) { w->bmark[b] = 1; w->blocks[nb++] = b; }
    }
  }
  for (k = 0; k < nb; k++) {
    int m, i;
    b = w->blocks[k];
    m = c->cstart[b + 1] - c->cstart[b];
    for (i = 0; i < m; i++) {  /* rhs = D^-1 B_b^T r (D the norms) */
      int gen = c->cgen[c->cstart[b] + i];
      double acc = 0.0;
      for (t = g->start[gen]; t < g->start[gen + 1]; t++)
        acc += (g->val[t] / c->norm[gen]) * w->r.v[g->pos[t]];
      w->rhs[i] = acc;
    }
    /* G = D Gn D, so G^-1 B^T r = D^-1 Gn^-1 D^-1 B^T r */
    LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', m, 1, c->chol[b], m, w->rhs, m);
    for (i = 0; i < m; i++) {
      int gen = c->cgen[c->cstart[b] + i];
      svec_add(&w->c, gen, w->rhs[i] / c->norm[gen]);
    }
    w->bmark[b] = 0;
  }
}


/* r = x - B c over the entries of x (in w->r on entry) */
static void subtract_combination (const ls_Algebra *g, CWork *w, SVec *x) {
  size_t t, s;
  svec_reset(&w->r);
  for (t = 0; t < x->len; t++) svec_add(&w->r, x->idx[t], x->v[x->idx[t]]);
  for (t = 0; t < w->c.len; t++) {
    int gen = w->c.idx[t];
    double cv = w->c.v[gen];
    if (cv == 0.0) continue;
    for (s = g->start[gen]; s < g->start[gen + 1]; s++)
      svec_add(&w->r, g->pos[s], -cv * g->val[s]);
  }
}


/* coordinates of the sparse x into w->c, residual left in w->r */
static void coords_sparse (const ls_Algebra *g, CWork *w, SVec *x) {
  size_t t;
  svec_reset(&w->c);
  svec_reset(&w->r);
  for (t = 0; t < x->len; t++) svec_add(&w->r, x->idx[t], x->v[x->idx[t]]);
  coords_pass(g, w);                 /* c = G^-1 B^T x */
  subtract_combination(g, w, x);     /* r = x - B c */
  coords_pass(g, w);                 /* c += G^-1 B^T r */
  subtract_combination(g, w, x);
}


int ls_algebra_coords (ls_Algebra *g, const double *x, double *c,
                       double *residual) {
  size_t nn = (size_t)g->n * g->n, t;
  SVec sx;
  CWork w;
  double nx, nr;
  int st, i;
  if (!ls_allfinite(x, nn)) return LS_ENONFINITE;
  if ((st = build_coords(g)) != LS_OK) return st;
  if (svec_init(&sx, nn) != LS_OK) { svec_free(&sx); return LS_ENOMEM; }
  if (cwork_init(g, &w) != LS_OK) { svec_free(&sx); cwork_free(&w); return LS_ENOMEM; }
  for (t = 0; t < nn; t++) if (x[t] != 0.0) svec_add(&sx, (int)t, x[t]);
  coords_sparse(g, &w, &sx);
  for (i = 0; i < g->q; i++) c[i] = w.c.v[i];
  nx = ls_norm_fro(nn, x);
  nr = svec_norm(&w.r);
  *residual = nx > 0 ? nr / nx : 0.0;
  svec_free(&sx);
  cwork_free(&w);
  return LS_OK;
}

/* }====================================================== */


/* {======================================================
** Structure constants and the Killing form
** ======================================================= */

struct ls_Structure {
  size_t nnz;
  int *i, *j, *k;        /* sorted by (i, j, k), i < j */
  double *c;
  double closure;
};


static void free_structure (ls_Structure *s) {
  if (s == NULL) return;
  free(s->i); free(s->j); free(s->k); free(s->c);
  free(s);
}


static int push_sc (ls_Structure *s, size_t *cap, int i, int j, int k,
                    double c) {
  if (s->nnz == *cap) {
    size_t nc = *cap ? 2 * *cap : 256;
    int *a = (int *)realloc(s->i, nc * sizeof(int)), *b, *d;
    double *v;
    if (a == NULL) return LS_ENOMEM;
    s->i = a;
    if ((b = (int *)realloc(s->j, nc * sizeof(int))) == NULL) return LS_ENOMEM;
    s->j = b;
    if ((d = (int *)realloc(s->k, nc * sizeof(int))) == NULL) return LS_ENOMEM;
    s->k = d;
    if ((v = (double *)realloc(s->c, nc * sizeof(double))) == NULL) return LS_ENOMEM;
    s->c = v;
    *cap = nc;
  }
  s->i[s->nnz] = i; s->j[s->nnz] = j; s->k[s->nnz] = k; s->c[s->nnz] = c;
  s->nnz++;
  return LS_OK;
}


/* the first entry of generator gen in column col (entries sorted by
   position row + col*n) */
static size_t col_begin (const ls_Algebra *g, int gen, int col) {
  size_t lo = g->start[gen], hi = g->start[gen + 1];
  int target = col * g->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (g->pos[mid] < target) lo = mid + 1; else hi = mid;
  }
  return lo;
}


/* z += s * e_a e_b (sparse): entry (r', c') of e_b meets column r' of e_a */
static void add_product (const ls_Algebra *g, int a, int b, double s, SVec *z) {
  int n = g->n;
  size_t t, u;
  for (t = g->start[b]; t < g->start[b + 1]; t++) {
    int rb = g->pos[t] % n, cb = g->pos[t] / n;
    double vb = s * g->val[t];
    for (u = col_begin(g, a, rb); u < g->start[a + 1] && g->pos[u] / n == rb; u++)
      svec_add(z, g->pos[u] % n + cb * n, g->val[u] * vb);
  }
}


static int build_structure (ls_Algebra *g) {
  ls_Structure *s;
  SVec z;
  CWork w;
  size_t cap = 0, t;
  int q = g->q, i, j, st;
  double *norms = NULL;
  if (g->sc) return LS_OK;
  if ((st = build_coords(g)) != LS_OK) return st;
  s = (ls_Structure *)calloc(1, sizeof(ls_Structure));
  norms = (double *)malloc((size_t)(q ? q : 1) * sizeof(double));
  if (s == NULL || norms == NULL) { free(s); free(norms); return LS_ENOMEM; }
  if (svec_init(&z, (size_t)g->n * g->n) != LS_OK || cwork_init(g, &w) != LS_OK) {
    svec_free(&z); cwork_free(&w); free(s); free(norms);
    return LS_ENOMEM;
  }
  for (i = 0; i < q; i++) norms[i] = gen_norm(g, i);
  st = LS_OK;
  for (i = 0; i < q && st == LS_OK; i++)
    for (j = i + 1; j < q && st == LS_OK; j++) {
      double big = 0.0, res = 0.0;
      svec_reset(&z);
      add_product(g, i, j, 1.0, &z);
      add_product(g, j, i, -1.0, &z);
      for (t = 0; t < z.len; t++) if (z.v[z.idx[t]] != 0.0) break;
      if (t == z.len) continue;  /* the two commute */
      coords_sparse(g, &w, &z);
      for (t = 0; t < w.c.len; t++) {
        double v = fabs(w.c.v[w.c.idx[t]]);
        if (v > big) big = v;
      }
      /* sort the touched coefficients so that entries come out ordered */
      {
        size_t a, b2;
        for (a = 1; a < w.c.len; a++) {
          int key = w.c.idx[a];
          for (b2 = a; b2 > 0 && w.c.idx[b2 - 1] > key; b2--)
            w.c.idx[b2] = w.c.idx[b2 - 1];
          w.c.idx[b2] = key;
        }
      }
      for (t = 0; t < w.c.len && st == LS_OK; t++) {
        int k = w.c.idx[t];
        double v = w.c.v[k];
        if (fabs(v) > 64 * EPS * big) st = push_sc(s, &cap, i, j, k, v);
      }
      res = svec_norm(&w.r) / norms[i] / norms[j];
      if (res > s->closure) s->closure = res;
    }
  svec_free(&z);
  cwork_free(&w);
  free(norms);
  if (st != LS_OK) { free_structure(s); return st; }
  g->sc = s;
  if (s->closure <= 1e-12) g->closed = 1;
  return LS_OK;
}


int ls_algebra_structure_nnz (ls_Algebra *g, size_t *nnz) {
  int st = build_structure(g);
  if (st == LS_OK) *nnz = g->sc->nnz;
  return st;
}


int ls_algebra_structure_entry (ls_Algebra *g, size_t idx, int *i, int *j,
                                int *k, double *c) {
  int st = build_structure(g);
  if (st != LS_OK) return st;
  if (idx >= g->sc->nnz) return LS_EARG;
  *i = g->sc->i[idx]; *j = g->sc->j[idx]; *k = g->sc->k[idx]; *c = g->sc->c[idx];
  return LS_OK;
}


int ls_algebra_structure_get (ls_Algebra *g, int i, int j, int k, double *c) {
  const ls_Structure *s;
  size_t lo, hi;
  double sign = 1.0;
  int st;
  if (i < 0 || j < 0 || k < 0 || i >= g->q || j >= g->q || k >= g->q)
    return LS_EARG;
  if ((st = build_structure(g)) != LS_OK) return st;
  s = g->sc;
  *c = 0.0;
  if (i == j) return LS_OK;
  if (i > j) { int t = i; i = j; j = t; sign = -1.0; }
  lo = 0; hi = s->nnz;   /* first entry >= (i, j, k) */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int less = s->i[mid] < i || (s->i[mid] == i && (s->j[mid] < j ||
               (s->j[mid] == j && s->k[mid] < k)));
    if (less) lo = mid + 1; else hi = mid;
  }
  if (lo < s->nnz && s->i[lo] == i && s->j[lo] == j && s->k[lo] == k)
    *c = sign * s->c[lo];
  return LS_OK;
}


int ls_algebra_closure_residual (ls_Algebra *g, double *r) {
  int st = build_structure(g);
  if (st == LS_OK) *r = g->sc->closure;
  return st;
}


/* an entry (row, col) of some ad e_owner */
typedef struct AdEntry { int64_t key; int owner; double v; } AdEntry;

static int cmp_ad (const void *a, const void *b) {
  const AdEntry *x = (const AdEntry *)a, *y = (const AdEntry *)b;
  return (x->key > y->key) - (x->key < y->key);
}


int ls_algebra_killing (ls_Algebra *g, double *out) {
  const ls_Structure *s;
  AdEntry *e;
  size_t m, t, a, b;
  int q = g->q, st = build_structure(g);
  if (st != LS_OK) return st;
  s = g->sc;
  memset(out, 0, (size_t)q * q * sizeof(double));
  m = 2 * s->nnz;
  e = (AdEntry *)malloc((m ? m : 1) * sizeof(AdEntry));
  if (e == NULL) return LS_ENOMEM;
  /* [e_i, e_j] = sum_k c e_k: (ad e_i)[k, j] = c and (ad e_j)[k, i] = -c */
  for (t = 0; t < s->nnz; t++) {
    e[2 * t].key = (int64_t)s->k[t] * q + s->j[t];
    e[2 * t].owner = s->i[t];
    e[2 * t].v = s->c[t];
    e[2 * t + 1].key = (int64_t)s->k[t] * q + s->i[t];
    e[2 * t + 1].owner = s->j[t];
    e[2 * t + 1].v = -s->c[t];
  }
  if (m > 0) qsort(e, m, sizeof(AdEntry), cmp_ad);
  /* K_ab = sum over (r, c) of (ad e_a)[r, c] (ad e_b)[c, r] */
  for (a = 0; a < m; a = b) {
    int64_t key = e[a].key, r = key / q, c = key % q, twin = c * q + r;
    size_t lo = 0, hi = m, u, v;
    for (b = a; b < m && e[b].key == key; b++) ;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (e[mid].key < twin) lo = mid + 1; else hi = mid;
    }
    for (u = a; u < b; u++)
      for (v = lo; v < m && e[v].key == twin; v++)
        out[(size_t)e[v].owner * q + e[u].owner] += e[u].v * e[v].v;
  }
  free(e);
  return LS_OK;
}

/* }====================================================== */


/* {======================================================
** New algebras from old: orthonormal bases, spans, intersections
** ======================================================= */

static int cmp_int (const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}


/* the positions any of the listed generators uses, ascending */
static int union_pattern (const ls_Algebra *g, int m, const int *gens,
                          int **out, size_t *len) {
  size_t total = 0, t, u = 0;
  int i, *p;
  for (i = 0; i < m; i++) total += g->start[gens[i] + 1] - g->start[gens[i]];
  p = (int *)malloc((total ? total : 1) * sizeof(int));
  if (p == NULL) return LS_ENOMEM;
  for (i = 0; i < m; i++)
    for (t = g->start[gens[i]]; t < g->start[gens[i] + 1]; t++) p[u++] = g->pos[t];
  if (total > 0) qsort(p, total, sizeof(int), cmp_int);
  for (t = 0, u = 0; t < total; t++)
    if (u == 0 || p[u - 1] != p[t]) p[u++] = p[t];
  *out = p;
  *len = u;
  return LS_OK;
}

/* generators gens[0..m-1] as a dense len x m matrix on the pattern */
static void gather (const ls_Algebra *g, int m, const int *gens,
                    const int *pat, size_t len, double *a) {
  int i;
  size_t t, u;
  memset(a, 0, len * (size_t)m * sizeof(double));
  for (i = 0; i < m; i++) {
    u = 0;
    for (t = g->start[gens[i]]; t < g->start[gens[i] + 1]; t++) {
      while (pat[u] < g->pos[t]) u++;
      a[(size_t)i * len + u] = g->val[t];
    }
  }
}


/* the entries of m dense columns on a pattern, as generators first..  */
static int scatter (int m, const int *pat, size_t len, const double *a,
                    int first, Entry **e, size_t *ne, size_t *cap) {
  int i;
  size_t t;
  for (i = 0; i < m; i++)
    for (t = 0; t < len; t++) {
      double v = a[(size_t)i * len + t];
      if (v == 0.0) continue;
      if (*ne == *cap) {
        size_t nc = *cap ? 2 * *cap : 256;
        Entry *x = (Entry *)realloc(*e, nc * sizeof(Entry));
        if (x == NULL) return LS_ENOMEM;
        *e = x;
        *cap = nc;
      }
      (*e)[*ne].gen = first + i;
      (*e)[*ne].pos = pat[t];
      (*e)[*ne].val = v;
      (*ne)++;
    }
  return LS_OK;
}


/* A (len x m) <- A R^-1 for the Cholesky factor R^T R = A^T A, twice
   (CholeskyQR2: orthonormal to rounding for any condition below 1e7) */
static int cholqr2 (size_t len, int m, double *a) {
  double *r = (double *)malloc((size_t)m * m * sizeof(double));
  int pass;
  lapack_int info = 0;
  if (r == NULL) return LS_ENOMEM;
  for (pass = 0; pass < 2 && info == 0; pass++) {
    ls_gemm('T', 'N', m, m, (int)len, 1.0, a, (int)len, a, (int)len, 0.0, r, m);
    info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'U', m, r, m);
    if (info == 0)
      cblas_dtrsm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans,
                  CblasNonUnit, (int)len, m, 1.0, r, m, a, (int)len);
  }
  free(r);
  return info == 0 ? LS_OK : LS_EDEPENDENT;
}


int ls_algebra_orthonormal (ls_Algebra *g, ls_Algebra **out) {
  const ls_Coords *c;
  Entry *e = NULL;
  size_t ne = 0, cap = 0;
  int b, st;
  if ((st = build_coords(g)) != LS_OK) return st;
  c = g->coords;
  for (b = 0; b < c->ncomp && st == LS_OK; b++) {
    int m = c->cstart[b + 1] - c->cstart[b];
    const int *gens = c->cgen + c->cstart[b];
    int *pat = NULL;
    size_t len;
    double *a;
    if ((st = union_pattern(g, m, gens, &pat, &len)) != LS_OK) break;
    a = (double *)malloc((len ? len : 1) * (size_t)m * sizeof(double));
    if (a == NULL) { free(pat); st = LS_ENOMEM; break; }
    gather(g, m, gens, pat, len, a);
    if (m == 1) {  /* a lone generator: just scale it */
      double s = ls_norm_fro(len, a);
      size_t t;
      for (t = 0; t < len; t++) a[t] /= s;
    }
    else st = cholqr2(len, m, a);
    /* the new generators keep the block's order: first is gens[0] */
    if (st == LS_OK) {
      int i;
      for (i = 0; i < m && st == LS_OK; i++)
        st = scatter(1, pat, len, a + (size_t)i * len, gens[i], &e, &ne, &cap);
    }
    free(a);
    free(pat);
  }
  if (st == LS_OK) st = build(g->n, g->q, ne, e, g->name, g->closed, out);
  free(e);
  return st;
}


int ls_algebra_span (ls_Algebra *g, int r, const double *cm, const char *name,
                     ls_Algebra **out) {
  size_t nn = (size_t)g->n * g->n;
  double *dense;
  int l, i, st;
  if (r < 0) return LS_EARG;
  if (nn * (size_t)r > LS_MAX_ALGEBRA_ENTRIES) return LS_ETOOBIG;
  if (!ls_allfinite(cm, (size_t)g->q * r)) return LS_ENONFINITE;
  dense = (double *)calloc((nn ? nn : 1) * (size_t)(r ? r : 1), sizeof(double));
  if (dense == NULL) return LS_ENOMEM;
  for (l = 0; l < r; l++)
    for (i = 0; i < g->q; i++) {
      double w = cm[(size_t)l * g->q + i];
      if (w != 0.0) ls_algebra_axpy(g, i, w, dense + (size_t)l * nn);
    }
  st = ls_algebra_new(g->n, r, dense, name, out);
  free(dense);
  return st;
}


int ls_algebra_intersect (ls_Algebra *a, ls_Algebra *b, ls_Algebra **out,
                          ls_Spectrum *spec) {
  return ls_algebra_intersect_opts(a, b, NULL, out, spec);
}


int ls_algebra_intersect_opts (ls_Algebra *a, ls_Algebra *b,
                               const ls_FixedOpts *opts, ls_Algebra **out,
                               ls_Spectrum *spec) {
  ls_Algebra *ao = NULL;
  int n = a->n, qa = a->q, i, k, st, *all = NULL, *pat = NULL;
  size_t nn = (size_t)n * n, len, t;
  double *y = NULL, *s = NULL, *vt = NULL, *c = NULL, *x = NULL, *basis = NULL;
  if (spec) memset(spec, 0, sizeof(*spec));
  if (b->n != n) return LS_EARG;
  if (qa == 0 || b->q == 0) return ls_algebra_zero(n, out);
  /* with a orthonormal, the singular values of its residual off b are the
     sines of the principal angles: the intersection is where they vanish */
  if ((st = ls_algebra_orthonormal(a, &ao)) != LS_OK) return st;
  all = (int *)malloc((size_t)qa * sizeof(int));
  if (all == NULL) { st = LS_ENOMEM; goto done; }
  for (i = 0; i < qa; i++) all[i] = i;
  if ((st = union_pattern(ao, qa, all, &pat, &len)) != LS_OK) goto done;
  if ((double)nn * qa > (double)LS_MAX_ALGEBRA_ENTRIES) { st = LS_ETOOBIG; goto done; }
  y = (double *)malloc(nn * (size_t)qa * sizeof(double));
  x = (double *)malloc(nn * sizeof(double));
  c = (double *)malloc((size_t)b->q * sizeof(double));
  s = (double *)malloc((size_t)qa * sizeof(double));
  vt = (double *)malloc((size_t)qa * qa * sizeof(double));
  if (!y || !x || !c || !s || !vt) { st = LS_ENOMEM; goto done; }
  for (i = 0; i < qa; i++) {
    double res;
    ls_algebra_generator(ao, i, x);
    if ((st = ls_algebra_coords(b, x, c, &res)) != LS_OK) goto done;
    memcpy(y + (size_t)i * nn, x, nn * sizeof(double));
    for (k = 0; k < b->q; k++)
      if (c[k] != 0.0) ls_algebra_axpy(b, k, -c[k], y + (size_t)i * nn);
  }
  if ((st = ls_svd_right((int)nn, qa, y, s, vt)) != LS_OK) goto done;
  {
    ls_Spectrum sp;
    int kmin = (int)nn < qa ? (int)nn : qa, r;
    double tol = (double)((int)nn > qa ? (int)nn : qa) * EPS;  /* sines are in [0, 1] */
    double *vals = (double *)calloc((size_t)qa, sizeof(double));
    if (vals == NULL) { st = LS_ENOMEM; goto done; }
    for (i = 0; i < kmin; i++) vals[i] = s[i];  /* the rest are zero */
    {   /* the one rank decision (rank.h), threshold mode */
      ls_RankRule rule;
      memset(&sp, 0, sizeof(sp));
      ls_rank_rule(opts, &rule);
      r = ls_rank_decide(qa, vals, tol, tol, &rule, &sp);
      free(vals);
      if (r < 0) { st = r; goto done; }
      vals = sp.values;
    }
    sp.method = "svd";
    /* the intersection: ao * (right singular vectors r..qa-1) */
    basis = (double *)calloc(nn * (size_t)(qa - r ? qa - r : 1), sizeof(double));
    if (basis == NULL) { free(vals); st = LS_ENOMEM; goto done; }
    for (k = 0; k < qa - r; k++)
      for (i = 0; i < qa; i++) {
        double w = vt[(size_t)i * qa + (r + k)];
        if (w != 0.0) ls_algebra_axpy(ao, i, w, basis + (size_t)k * nn);
      }
    /* drop rounding below eps of each generator so patterns stay sparse */
    for (k = 0; k < qa - r; k++) {
      double big = 0.0;
      for (t = 0; t < nn; t++) if (fabs(basis[(size_t)k * nn + t]) > big) big = fabs(basis[(size_t)k * nn + t]);
      for (t = 0; t < nn; t++) if (fabs(basis[(size_t)k * nn + t]) <= EPS * big) basis[(size_t)k * nn + t] = 0.0;
    }
    st = ls_algebra_new(n, qa - r, basis, "", out);
    if (spec) *spec = sp; else free(vals);
  }
done:
  ls_algebra_release(ao);
  free(all); free(pat); free(y); free(x); free(c); free(s); free(vt); free(basis);
  return st;
}

/* }====================================================== */
