/*
** action.c — representations as a tree: construction (with the nesting
** rules of the Lua API: sums of sums and products of products are
** flattened, a single part stands for itself, duals move down to the
** leaves), explicit matrices of leaves, dρ, ρ, ρ(g) and ρ(g) X of any
** node, descriptions and structural keys.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "dense.h"
#include "group.h"
#include "kron.h"
#include "lie.h"
#include "linalg.h"
#include "orbits.h"

/* the most doubles a leaf's explicit matrices may take (1 GB) */
#define MAX_LEAF_ENTRIES ((size_t)1 << 27)


/* {======================================================
** Nodes
** ======================================================= */

static char *dupstr (const char *s) {
  size_t len = strlen(s);
  char *d = (char *)malloc(len + 1);
  if (d != NULL) memcpy(d, s, len + 1);
  return d;
}


static ls_Action *new_node (int kind, ls_Group *G, int64_t dim, int nparts,
                            const char *name) {
  ls_Action *R = (ls_Action *)calloc(1, sizeof(ls_Action));
  if (R == NULL) return NULL;
  R->refs = 1;
  R->kind = kind;
  R->G = G;
  R->dim = dim;
  R->nparts = nparts;
  if (nparts > 0) {
    R->parts = (ls_Action **)calloc((size_t)nparts, sizeof(ls_Action *));
    if (R->parts == NULL) { free(R); return NULL; }
  }
  R->name = dupstr(name ? name : "");
  if (R->name == NULL) { free(R->parts); free(R); return NULL; }
  ls_group_retain(G);
  return R;
}


void ls_action_retain (ls_Action *R) { if (R) R->refs++; }

void ls_action_release (ls_Action *R) {
  int i;
  if (R == NULL || --R->refs > 0) return;
  if (R->kind == LS_ACT_DUAL && R->parts[0]->dual_of == R)
    R->parts[0]->dual_of = NULL;   /* the source forgets its cached dual */
  for (i = 0; i < R->nparts; i++) ls_action_release(R->parts[i]);
  free(R->parts);
  free(R->drho); free(R->sym_basis); free(R->zero); free(R->name);
  if (!(R->shared & LS_SHARED_RHO)) free(R->rho);
  if (!(R->shared & LS_SHARED_PERM)) { free(R->perm); free(R->psign); }
  ls_group_release(R->G);
  free(R);
}

int64_t ls_action_dim (const ls_Action *R) { return R->dim; }
ls_Group *ls_action_group (const ls_Action *R) { return R->G; }

static int q_of (const ls_Action *R) { return R->G->g->q; }
static int h_of (const ls_Action *R) { return R->G->h; }


/* room for a leaf's q + h matrices of order d */
static int leaf_fits (const ls_Group *G, int64_t d) {
  double entries = (double)d * (double)d * (double)(G->g->q + G->h);
  return d <= LS_MAX_DENSE_ACTION && entries <= (double)MAX_LEAF_ENTRIES;
}

/* }====================================================== */


/* {======================================================
** Leaves and their explicit matrices
** ======================================================= */

int ls_action_defining (ls_Group *G, ls_Action **out) {
  ls_Action *R = new_node(LS_ACT_DEFINING, G, G->n, 0, "V");
  if (R == NULL) return LS_ENOMEM;
  *out = R;
  return LS_OK;
}


int ls_action_trivial (ls_Group *G, int k, ls_Action **out) {
  char name[32];
  ls_Action *R;
  if (k < 1) return LS_EARG;
  if (k == 1) snprintf(name, sizeof name, "V0");
  else snprintf(name, sizeof name, "trivial(%d)", k);
  R = new_node(LS_ACT_TRIVIAL, G, k, 0, name);
  if (R == NULL) return LS_ENOMEM;
  R->k = k;
  *out = R;
  return LS_OK;
}


int ls_action_custom (ls_Group *G, int d, const double *drho,
                      const double *rho, ls_Action **out) {
  ls_Action *R;
  size_t dd = (size_t)d * d;
  int q = G->g->q, h = G->h, j;
  if (d < 1 || (q > 0 && drho == NULL) || (h > 0 && rho == NULL)) return LS_EARG;
  if (!leaf_fits(G, d)) return LS_ETOOBIG;
  if ((q > 0 && !ls_allfinite(drho, dd * q)) || (h > 0 && !ls_allfinite(rho, dd * h)))
    return LS_ENONFINITE;
  for (j = 0; j < h; j++) {   /* a group element is invertible */
    double rc;
    int st;
    if (ls_signed_perm(d, rho + dd * j, NULL, NULL)) continue;
    if ((st = ls_rcond(d, rho + dd * j, &rc)) != LS_OK) return st;
    if (rc <= LS_SINGULAR_RCOND) return LS_EDEPENDENT;
  }
  R = new_node(LS_ACT_CUSTOM, G, d, 0, "custom");
  if (R == NULL) return LS_ENOMEM;
  R->drho = (double *)malloc((dd * q + 1) * sizeof(double));
  R->rho = (double *)malloc((dd * h + 1) * sizeof(double));
  if (R->drho == NULL || R->rho == NULL) { ls_action_release(R); return LS_ENOMEM; }
  if (q > 0) memcpy(R->drho, drho, dd * q * sizeof(double));
  if (h > 0) memcpy(R->rho, rho, dd * h * sizeof(double));
  *out = R;
  return LS_OK;
}


/* the explicit matrices of a leaf that computes them on demand; the
   defining representation shares the group's discrete matrices */
static int leaf_matrices (ls_Action *R) {
  int q = q_of(R), h = h_of(R), i, j;
  size_t d = (size_t)R->dim, dd = d * d;
  if (R->drho != NULL && R->rho != NULL) return LS_OK;
  if (R->kind != LS_ACT_DEFINING && R->kind != LS_ACT_TRIVIAL) return LS_EARG;
  if (!leaf_fits(R->G, R->dim)) return LS_ETOOBIG;
  R->drho = (double *)calloc(dd * q + 1, sizeof(double));
  if (R->kind == LS_ACT_DEFINING) {
    R->rho = R->G->disc;
    R->shared |= LS_SHARED_RHO;
  }
  else R->rho = (double *)calloc(dd * h + 1, sizeof(double));
  if (R->drho == NULL || R->rho == NULL) {
    free(R->drho);
    if (!(R->shared & LS_SHARED_RHO)) free(R->rho);
    R->drho = R->rho = NULL;
    R->shared = 0;
    return LS_ENOMEM;
  }
  if (R->kind == LS_ACT_DEFINING)
    for (i = 0; i < q; i++) ls_algebra_axpy(R->G->g, i, 1.0, R->drho + dd * i);
  else
    for (j = 0; j < h; j++)
      for (i = 0; i < (int)d; i++) R->rho[dd * j + (size_t)i * d + i] = 1.0;
  return LS_OK;
}


const double *ls_action_leaf_drho (ls_Action *R, int i) {
  if (!ls_action_is_leaf(R) || i < 0 || i >= q_of(R)) return NULL;
  if (leaf_matrices(R) != LS_OK && R->drho == NULL) return NULL;
  return R->drho + (size_t)R->dim * R->dim * i;
}


const double *ls_action_leaf_rho (ls_Action *R, int j) {
  if (!ls_action_is_leaf(R) || j < 0 || j >= h_of(R)) return NULL;
  if (leaf_matrices(R) != LS_OK && R->rho == NULL) return NULL;
  return R->rho + (size_t)R->dim * R->dim * j;
}


int ls_action_leaf_zero (ls_Action *R, int i) {
  int q = q_of(R), t;
  size_t dd = (size_t)R->dim * R->dim, e;
  if (R->kind == LS_ACT_TRIVIAL) return 1;
  if (R->kind == LS_ACT_DEFINING) {
    const ls_Algebra *g = R->G->g;
    return g->start[i + 1] == g->start[i];
  }
  if (R->zero == NULL) {
    if ((R->zero = (unsigned char *)calloc((size_t)q + 1, 1)) == NULL) return 0;
    for (t = 0; t < q; t++) {
      const double *a = R->drho + dd * t;
      for (e = 0; e < dd && a[e] == 0.0; e++) ;
      R->zero[t] = e == dd;
    }
  }
  return R->zero[i];
}


int ls_action_leaf_perm (ls_Action *R, const int **perm,
                         const signed char **sign) {
  int h = h_of(R), j;
  size_t d = (size_t)R->dim;
  if (R->perm_state == 0 && R->kind == LS_ACT_DEFINING) {  /* the group knows */
    R->perm_state = R->G->perm_ok ? 1 : -1;
    R->perm = R->G->perm;
    R->psign = R->G->psign;
    R->shared |= LS_SHARED_PERM;
  }
  if (R->perm_state == 0) {
    R->perm_state = -1;
    R->perm = (int *)malloc((d * h + 1) * sizeof(int));
    R->psign = (signed char *)malloc(d * h + 1);
    if (R->perm == NULL || R->psign == NULL) return 0;
    if (R->kind == LS_ACT_TRIVIAL) {
      size_t i;
      for (i = 0; i < d * h; i++) { R->perm[i] = (int)(i % d); R->psign[i] = 1; }
      R->perm_state = 1;
    }
    else {
      if (leaf_matrices(R) != LS_OK && R->rho == NULL) return 0;
      R->perm_state = 1;
      for (j = 0; j < h && R->perm_state == 1; j++)
        if (!ls_signed_perm((int)d, R->rho + d * d * j, R->perm + d * j,
                            R->psign + d * j))
          R->perm_state = -1;
    }
  }
  if (perm) *perm = R->perm;
  if (sign) *sign = R->psign;
  return R->perm_state == 1;
}


/* dρ* = -dρ^T, ρ* = ρ^-T */
static int dual_leaf (ls_Action *src, ls_Action **out) {
  int q = q_of(src), h = h_of(src), i, j, st;
  size_t d = (size_t)src->dim, dd = d * d;
  char *name;
  ls_Action *R;
  if ((st = leaf_matrices(src)) != LS_OK && src->drho == NULL) return st;
  name = (char *)malloc(strlen(src->name) + 2);
  if (name == NULL) return LS_ENOMEM;
  sprintf(name, "%s*", src->name[0] ? src->name : "R");
  R = new_node(LS_ACT_DUAL, src->G, src->dim, 1, name);
  free(name);
  if (R == NULL) return LS_ENOMEM;
  ls_action_retain(src);
  R->parts[0] = src;
  R->drho = (double *)malloc((dd * q + 1) * sizeof(double));
  if (ls_action_leaf_perm(src, NULL, NULL)) {
    /* orthogonal: rho^-T = rho, exactly; the arrays are the source's */
    R->rho = src->rho;
    R->perm = src->perm;
    R->psign = src->psign;
    R->perm_state = 1;
    R->shared = LS_SHARED_RHO | LS_SHARED_PERM;
  }
  else R->rho = (double *)malloc((dd * h + 1) * sizeof(double));
  if (R->drho == NULL || R->rho == NULL) { ls_action_release(R); return LS_ENOMEM; }
  for (i = 0; i < q; i++) {
    const double *a = src->drho + dd * i;
    size_t r, c;
    for (c = 0; c < d; c++)
      for (r = 0; r < d; r++) R->drho[dd * i + c * d + r] = -a[r * d + c];
  }
  for (j = 0; j < h && !(R->shared & LS_SHARED_RHO); j++) {
    double *inv = (double *)malloc(dd * sizeof(double));
    if (inv == NULL) { ls_action_release(R); return LS_ENOMEM; }
    st = ls_inv((int)d, src->rho + dd * j, inv);
    if (st != LS_OK) { free(inv); ls_action_release(R); return st > 0 ? LS_EARG : st; }
    ls_transpose((int)d, (int)d, inv, R->rho + dd * j);
    free(inv);
  }
  src->dual_of = R;
  *out = R;
  return LS_OK;
}

/* }====================================================== */


/* {======================================================
** Structured nodes
** ======================================================= */

/* a sum or tensor of parts, nested ones of the same kind spliced in; a
   single part stands for itself */
static int combine (int kind, int n, ls_Action *const *parts, ls_Action **out) {
  int i, j, m = 0;
  int64_t dim = (kind == LS_ACT_SUM) ? 0 : 1;
  ls_Action *R;
  if (n < 1) return LS_EARG;
  for (i = 0; i < n; i++) {
    if (parts[i] == NULL) return LS_EARG;
    if (!ls_group_same(parts[i]->G, parts[0]->G)) return LS_EARG;
    m += (parts[i]->kind == kind) ? parts[i]->nparts : 1;
  }
  if (m == 1) {
    ls_Action *only = parts[0]->kind == kind ? parts[0]->parts[0] : parts[0];
    ls_action_retain(only);
    *out = only;
    return LS_OK;
  }
  R = new_node(kind, parts[0]->G, 0, m, NULL);
  if (R == NULL) return LS_ENOMEM;
  m = 0;
  for (i = 0; i < n; i++) {
    if (parts[i]->kind == kind)
      for (j = 0; j < parts[i]->nparts; j++) R->parts[m++] = parts[i]->parts[j];
    else R->parts[m++] = parts[i];
  }
  for (i = 0; i < m; i++) {
    int64_t pd = R->parts[i]->dim;
    ls_action_retain(R->parts[i]);
    if (dim < 0) continue;
    if (kind == LS_ACT_SUM)
      dim = (dim + pd > LS_MAX_ACTION_DIM) ? -1 : dim + pd;
    else
      dim = ((double)dim * (double)pd > (double)LS_MAX_ACTION_DIM) ? -1 : dim * pd;
  }
  if (dim < 0) { ls_action_release(R); return LS_ETOOBIG; }
  R->dim = dim;
  *out = R;
  return LS_OK;
}


int ls_action_sum (int n, ls_Action *const *parts, ls_Action **out) {
  return combine(LS_ACT_SUM, n, parts, out);
}

int ls_action_tensor (int n, ls_Action *const *parts, ls_Action **out) {
  return combine(LS_ACT_TENSOR, n, parts, out);
}


/* k copies of R in a sum or a tensor product */
static int repeat (int kind, ls_Action *R, int k, ls_Action **out) {
  ls_Action **parts;
  int i, st;
  if (k < 1) return LS_EARG;
  if ((double)k * (R->kind == kind ? R->nparts : 1) > 1e7) return LS_ETOOBIG;
  if (kind == LS_ACT_TENSOR && k * log((double)(R->dim > 1 ? R->dim : 1))
      > log((double)LS_MAX_ACTION_DIM))
    return LS_ETOOBIG;
  if (kind == LS_ACT_SUM && (double)k * R->dim > (double)LS_MAX_ACTION_DIM)
    return LS_ETOOBIG;
  parts = (ls_Action **)malloc((size_t)k * sizeof(ls_Action *));
  if (parts == NULL) return LS_ENOMEM;
  for (i = 0; i < k; i++) parts[i] = R;
  st = combine(kind, k, parts, out);
  free(parts);
  return st;
}


int ls_action_power (ls_Action *R, int k, ls_Action **out) {
  if (k < 0) return LS_EARG;
  if (k == 0) return ls_action_trivial(R->G, 1, out);
  return repeat(LS_ACT_TENSOR, R, k, out);
}

int ls_action_copies (ls_Action *R, int k, ls_Action **out) {
  return repeat(LS_ACT_SUM, R, k, out);
}


int ls_action_dual (ls_Action *R, ls_Action **out) {
  ls_Action **parts, *t;
  int i, st = LS_OK;
  if (R->kind == LS_ACT_DUAL) {  /* the dual of a dual is the source */
    ls_action_retain(R->parts[0]);
    *out = R->parts[0];
    return LS_OK;
  }
  if (ls_action_is_leaf(R)) {
    if (R->dual_of != NULL) {
      ls_action_retain(R->dual_of);
      *out = R->dual_of;
      return LS_OK;
    }
    return dual_leaf(R, out);
  }
  if (R->kind == LS_ACT_HOM) {
    /* hom(A, B) = A* (x) B, whose dual is A (x) B* in the same index order
       (hom(B, A) = B* (x) A would permute the coordinates) */
    ls_Action *pair[2], *bd;
    if ((st = ls_action_dual(R->parts[1], &bd)) != LS_OK) return st;
    pair[0] = R->parts[0];
    pair[1] = bd;
    st = ls_action_tensor(2, pair, out);
    ls_action_release(bd);
    return st;
  }
  parts = (ls_Action **)calloc((size_t)R->nparts, sizeof(ls_Action *));
  if (parts == NULL) return LS_ENOMEM;
  for (i = 0; i < R->nparts && st == LS_OK; i++) st = ls_action_dual(R->parts[i], &parts[i]);
  if (st == LS_OK) st = combine(R->kind, R->nparts, parts, &t);
  for (i = 0; i < R->nparts; i++) ls_action_release(parts[i]);
  free(parts);
  if (st == LS_OK) *out = t;
  return st;
}


int ls_action_hom (ls_Action *from, ls_Action *to, ls_Action **out) {
  ls_Action *pair[2], *t, *R;
  int st;
  if (!ls_group_same(from->G, to->G)) return LS_EARG;
  if ((st = ls_action_dual(from, &pair[0])) != LS_OK) return st;
  pair[1] = to;
  st = ls_action_tensor(2, pair, &t);
  ls_action_release(pair[0]);
  if (st != LS_OK) return st;
  if (from->kind != LS_ACT_SUM && to->kind != LS_ACT_SUM) { *out = t; return LS_OK; }
  R = new_node(LS_ACT_HOM, from->G, t->dim, 3, NULL);
  if (R == NULL) { ls_action_release(t); return LS_ENOMEM; }
  ls_action_retain(from);
  ls_action_retain(to);
  R->parts[0] = from;
  R->parts[1] = to;
  R->parts[2] = t;
  *out = R;
  return LS_OK;
}


int ls_action_T (int p, int q, ls_Group *G, ls_Action **out) {
  ls_Action *V, *Vd, **parts;
  int i, st;
  if (p < 0 || q < 0) return LS_EARG;
  if (p + q == 0) return ls_action_trivial(G, 1, out);
  if ((double)(p + q) * log((double)(G->n > 1 ? G->n : 1)) > log((double)LS_MAX_ACTION_DIM))
    return LS_ETOOBIG;
  if ((st = ls_action_defining(G, &V)) != LS_OK) return st;
  if ((st = ls_action_dual(V, &Vd)) != LS_OK) { ls_action_release(V); return st; }
  parts = (ls_Action **)malloc((size_t)(p + q) * sizeof(ls_Action *));
  if (parts == NULL) st = LS_ENOMEM;
  else {
    for (i = 0; i < p + q; i++) parts[i] = i < p ? V : Vd;
    st = ls_action_tensor(p + q, parts, out);
    free(parts);
  }
  ls_action_release(V);
  ls_action_release(Vd);
  return st;
}

/* }====================================================== */


/* {======================================================
** Dense matrices of any node
** ======================================================= */

static int dense_ok (const ls_Action *R) { return R->dim <= LS_MAX_DENSE_ACTION; }

/* the block-diagonal matrix of a sum from its parts' matrices (part(P,
   ctx, block) fills the block of part P) */
typedef int (*part_matrix) (ls_Action *P, const void *ctx, double *out);

static int blockdiag (ls_Action *R, part_matrix part, const void *ctx,
                      double *out) {
  size_t n = (size_t)R->dim, off = 0;
  int k, st = LS_OK;
  memset(out, 0, n * n * sizeof(double));
  for (k = 0; k < R->nparts && st == LS_OK; k++) {
    size_t m = (size_t)R->parts[k]->dim, c;
    double *blk = (double *)malloc((m * m + 1) * sizeof(double));
    if (blk == NULL) return LS_ENOMEM;
    st = part(R->parts[k], ctx, blk);
    for (c = 0; st == LS_OK && c < m; c++)
      memcpy(out + (off + c) * n + off, blk + c * m, m * sizeof(double));
    free(blk);
    off += m;
  }
  return st;
}


/* which: 0 for dρ(e_i), 1 for ρ(h_i) */
static int dense_generator (ls_Action *R, int which, int i, double *out);

/* the leaf factors of a tensor-like node, as borrowed pointers with the
   matrices of generator i (NULL where a dρ is zero) */
static int factor_matrices (ls_Action **f, int p, int which, int i,
                            const double **m, int *d) {
  int k;
  for (k = 0; k < p; k++) {
    d[k] = (int)f[k]->dim;
    if (which == 0)
      m[k] = ls_action_leaf_zero(f[k], i) ? NULL : ls_action_leaf_drho(f[k], i);
    else m[k] = ls_action_leaf_rho(f[k], i);
    if (m[k] == NULL && (which == 1 || !ls_action_leaf_zero(f[k], i)))
      return LS_ENOMEM;
  }
  return LS_OK;
}


static int generator_part (ls_Action *P, const void *ctx, double *out) {
  const int *wi = (const int *)ctx;
  return dense_generator(P, wi[0], wi[1], out);
}


static int dense_generator (ls_Action *R, int which, int i, double *out) {
  size_t n = (size_t)R->dim, t;
  int st = LS_OK;
  if (!dense_ok(R)) return LS_ETOOBIG;
  if (ls_action_is_leaf(R)) {
    const double *m = which == 0 ? ls_action_leaf_drho(R, i) : ls_action_leaf_rho(R, i);
    if (m == NULL) return LS_ENOMEM;
    memcpy(out, m, n * n * sizeof(double));
    return LS_OK;
  }
  if (R->kind == LS_ACT_SUM) {
    int ctx[2];
    ctx[0] = which;
    ctx[1] = i;
    return blockdiag(R, generator_part, ctx, out);
  }
  {  /* a tensor product: the operator applied to the identity */
    ls_Action **f;
    const double **m;
    int p, *d;
    double *eye;
    if ((st = ls_action_factors(R, &f, &p)) != LS_OK) return st;
    m = (const double **)malloc((size_t)p * sizeof(double *));
    d = (int *)malloc((size_t)p * sizeof(int));
    eye = (double *)calloc(n * n, sizeof(double));
    if (!m || !d || !eye) st = LS_ENOMEM;
    if (st == LS_OK) st = factor_matrices(f, p, which, i, m, d);
    if (st == LS_OK) {
      for (t = 0; t < n; t++) eye[t * n + t] = 1.0;
      st = which == 0 ? ls_kronsum_apply(p, d, m, (int)n, eye, out)
                      : ls_kron_apply(p, d, d, m, (int)n, eye, out);
    }
    free(m); free(d); free(eye);
    for (t = 0; t < (size_t)p; t++) ls_action_release(f[t]);
    free(f);
    return st;
  }
}


int ls_action_drho (ls_Action *R, int i, double *out) {
  if (i < 0 || i >= q_of(R)) return LS_EARG;
  return dense_generator(R, 0, i, out);
}

int ls_action_rho (ls_Action *R, int j, double *out) {
  if (j < 0 || j >= h_of(R)) return LS_EARG;
  return dense_generator(R, 1, j, out);
}


int ls_action_materialize (ls_Action *R, ls_Action **out) {
  ls_Action *M;
  int q = q_of(R), h = h_of(R), i, st = LS_OK;
  size_t n = (size_t)R->dim, nn = n * n;
  char buf[256];
  if (ls_action_is_leaf(R)) { ls_action_retain(R); *out = R; return LS_OK; }
  if (!leaf_fits(R->G, R->dim)) return LS_ETOOBIG;
  ls_action_describe(R, buf, sizeof buf);
  M = new_node(LS_ACT_MATERIAL, R->G, R->dim, 1, buf);
  if (M == NULL) return LS_ENOMEM;
  ls_action_retain(R);
  M->parts[0] = R;
  M->drho = (double *)malloc((nn * q + 1) * sizeof(double));
  M->rho = (double *)malloc((nn * h + 1) * sizeof(double));
  if (M->drho == NULL || M->rho == NULL) st = LS_ENOMEM;
  for (i = 0; i < q && st == LS_OK; i++) st = dense_generator(R, 0, i, M->drho + nn * i);
  for (i = 0; i < h && st == LS_OK; i++) st = dense_generator(R, 1, i, M->rho + nn * i);
  if (st != LS_OK) { ls_action_release(M); return st; }
  *out = M;
  return LS_OK;
}


int ls_action_factors (ls_Action *R, ls_Action ***out, int *p) {
  ls_Action **f, *t = R;
  int k, n, st = LS_OK;
  if (R->kind == LS_ACT_HOM) t = R->parts[2];
  n = (t->kind == LS_ACT_TENSOR) ? t->nparts : 1;
  f = (ls_Action **)calloc((size_t)n, sizeof(ls_Action *));
  if (f == NULL) return LS_ENOMEM;
  for (k = 0; k < n && st == LS_OK; k++)
    st = ls_action_materialize(t->kind == LS_ACT_TENSOR ? t->parts[k] : t, &f[k]);
  if (st != LS_OK) {
    for (k = 0; k < n; k++) ls_action_release(f[k]);
    free(f);
    return st;
  }
  *out = f;
  *p = n;
  return LS_OK;
}

/* }====================================================== */


/* {======================================================
** Symmetric powers
** ======================================================= */

/* the next permutation of a[0..k-1] in lexicographic order; 0 at the end */
static int next_permutation (int *a, int k) {
  int i = k - 2, j, t;
  while (i >= 0 && a[i] >= a[i + 1]) i--;
  if (i < 0) return 0;
  j = k - 1;
  while (a[j] <= a[i]) j--;
  t = a[i]; a[i] = a[j]; a[j] = t;
  for (i = i + 1, j = k - 1; i < j; i++, j--) { t = a[i]; a[i] = a[j]; a[j] = t; }
  return 1;
}


/* the orthonormal basis of symmetric tensors in (R^d)^(x)k: one column per
   multiset (nondecreasing index tuples in lexicographic order), 1/sqrt(c)
   at its c distinct permutations */
static int symmetric_basis (int d, int k, double **out, int *ncols) {
  double cols = 1, rows = pow((double)d, k);
  int i, *idx, *perm, col = 0;
  double *P;
  for (i = 1; i <= k; i++) cols = cols * (d + k - i) / i;  /* C(d+k-1, k) */
  cols = floor(cols + 0.5);
  if (rows > (double)(1 << 24) || rows * cols > (double)((size_t)1 << 27))
    return LS_ETOOBIG;
  P = (double *)calloc((size_t)(rows * cols), sizeof(double));
  idx = (int *)calloc((size_t)k, sizeof(int));
  perm = (int *)malloc((size_t)k * sizeof(int));
  if (!P || !idx || !perm) { free(P); free(idx); free(perm); return LS_ENOMEM; }
  for (;;) {
    int count = 0, c;
    size_t R = (size_t)rows, first = (size_t)col * R, pos;
    memcpy(perm, idx, (size_t)k * sizeof(int));
    do {
      pos = 0;
      for (c = 0; c < k; c++) pos = pos * (size_t)d + (size_t)perm[c];
      P[first + pos] = 1.0;
      count++;
    } while (next_permutation(perm, k));
    for (pos = 0; pos < R; pos++) if (P[first + pos] != 0.0) P[first + pos] = 1.0 / sqrt((double)count);
    col++;
    for (i = k - 1; i >= 0 && idx[i] == d - 1; i--) ;
    if (i < 0) break;
    idx[i]++;
    for (c = i + 1; c < k; c++) idx[c] = idx[i];
  }
  free(idx);
  free(perm);
  *out = P;
  *ncols = col;
  return LS_OK;
}


/* P^T (op applied to the k-fold power) P, for a k-fold Kronecker product
   (sum = 0) or Kronecker sum (sum = 1) of the d x d matrix a */
static int sym_project (int d, int k, int m, const double *P, const double *a,
                        int sum, double *out) {
  size_t N = (size_t)pow((double)d, k);
  int *dims = (int *)malloc((size_t)k * sizeof(int)), i, st;
  const double **f = (const double **)malloc((size_t)k * sizeof(double *));
  double *z = (double *)malloc(N * (size_t)m * sizeof(double));
  if (!dims || !f || !z) { free(dims); free(f); free(z); return LS_ENOMEM; }
  for (i = 0; i < k; i++) { dims[i] = d; f[i] = a; }
  st = sum ? ls_kronsum_apply(k, dims, f, m, P, z)
           : ls_kron_apply(k, dims, dims, f, m, P, z);
  if (st == LS_OK)
    ls_gemm('T', 'N', m, m, (int)N, 1.0, P, (int)N, z, (int)N, 0.0, out, m);
  free(dims); free(f); free(z);
  return st;
}


int ls_action_sym (ls_Action *R, int k, ls_Action **out) {
  ls_Action *leaf = NULL, *S;
  int q = q_of(R), h = h_of(R), m, i, st;
  double *P;
  char name[32];
  if (k < 1 || R->dim < 1) return LS_EARG;
  if ((st = ls_action_materialize(R, &leaf)) != LS_OK) return st;
  st = symmetric_basis((int)leaf->dim, k, &P, &m);
  if (st == LS_OK && !leaf_fits(R->G, m)) { free(P); st = LS_ETOOBIG; }
  if (st != LS_OK) { ls_action_release(leaf); return st; }
  snprintf(name, sizeof name, "Sym^%d", k);
  S = new_node(LS_ACT_SYM, R->G, m, 1, name);
  if (S == NULL) { free(P); ls_action_release(leaf); return LS_ENOMEM; }
  S->parts[0] = leaf;   /* the reference from materialize */
  S->k = k;
  S->sym_basis = P;
  S->drho = (double *)malloc(((size_t)m * m * q + 1) * sizeof(double));
  S->rho = (double *)malloc(((size_t)m * m * h + 1) * sizeof(double));
  if (S->drho == NULL || S->rho == NULL) st = LS_ENOMEM;
  for (i = 0; i < q && st == LS_OK; i++)
    st = sym_project((int)leaf->dim, k, m, P, ls_action_leaf_drho(leaf, i), 1,
                     S->drho + (size_t)m * m * i);
  for (i = 0; i < h && st == LS_OK; i++)
    st = sym_project((int)leaf->dim, k, m, P, ls_action_leaf_rho(leaf, i), 0,
                     S->rho + (size_t)m * m * i);
  if (st != LS_OK) { ls_action_release(S); return st; }
  *out = S;
  return LS_OK;
}

/* }====================================================== */


/* {======================================================
** Group elements
** ======================================================= */

/* ρ(g) of a leaf from the element's recipe: exp(sum c_i dρ_i) ρ(h_w)... */
static int leaf_recipe (ls_Action *R, const ls_Element *g, double *out) {
  size_t n = (size_t)R->dim, nn = n * n, t;
  double *x = (double *)calloc(nn, sizeof(double));
  double *tmp = (double *)malloc(nn * sizeof(double));
  int i, st = LS_OK;
  if (x == NULL || tmp == NULL) { free(x); free(tmp); return LS_ENOMEM; }
  for (i = 0; i < g->q && st == LS_OK; i++) {
    const double *a;
    if (g->coeffs[i] == 0.0 || ls_action_leaf_zero(R, i)) continue;
    if ((a = ls_action_leaf_drho(R, i)) == NULL) { st = LS_ENOMEM; break; }
    for (t = 0; t < nn; t++) x[t] += g->coeffs[i] * a[t];
  }
  if (st == LS_OK) st = ls_expm((int)n, x, out);
  if (st == LS_OK && !ls_allfinite(out, nn)) st = LS_EOVERFLOW;
  for (i = 0; i < g->len && st == LS_OK; i++) {
    const double *h = ls_action_leaf_rho(R, g->word[i]);
    if (h == NULL) { st = LS_ENOMEM; break; }
    ls_gemm('N', 'N', (int)n, (int)n, (int)n, 1.0, out, (int)n, h, (int)n, 0.0,
            tmp, (int)n);
    memcpy(out, tmp, nn * sizeof(double));
  }
  free(x);
  free(tmp);
  return st;
}


/* ρ(g) of a leaf from the defining matrix alone */
static int leaf_formula (ls_Action *R, const ls_Element *g, double *out) {
  size_t n = (size_t)R->dim, nn = n * n, t;
  int st;
  switch (R->kind) {
    case LS_ACT_DEFINING:
      memcpy(out, g->matrix, nn * sizeof(double));
      return LS_OK;
    case LS_ACT_TRIVIAL:
      memset(out, 0, nn * sizeof(double));
      for (t = 0; t < n; t++) out[t * n + t] = 1.0;
      return LS_OK;
    case LS_ACT_MATERIAL:
      return ls_action_rho_of(R->parts[0], g, out);
    case LS_ACT_DUAL: {
      double *a = (double *)malloc(nn * sizeof(double));
      double *inv = (double *)malloc(nn * sizeof(double));
      st = (a && inv) ? ls_action_rho_of(R->parts[0], g, a) : LS_ENOMEM;
      if (st == LS_OK) st = ls_inv((int)n, a, inv);
      if (st > 0) st = LS_EARG;  /* not invertible: not a group element */
      if (st == LS_OK) ls_transpose((int)n, (int)n, inv, out);
      free(a);
      free(inv);
      return st;
    }
    case LS_ACT_SYM: {
      ls_Action *src = R->parts[0];
      size_t d = (size_t)src->dim;
      double *a = (double *)malloc(d * d * sizeof(double));
      st = a ? ls_action_rho_of(src, g, a) : LS_ENOMEM;
      if (st == LS_OK)
        st = sym_project((int)d, R->k, (int)n, R->sym_basis, a, 0, out);
      free(a);
      return st;
    }
    default:   /* custom: only the generators are known */
      return LS_EUNSUPPORTED;
  }
}


static int element_part (ls_Action *P, const void *ctx, double *out) {
  return ls_action_rho_of(P, (const ls_Element *)ctx, out);
}


int ls_action_rho_of (ls_Action *R, const ls_Element *g, double *out) {
  size_t n = (size_t)R->dim;
  int st;
  if ((st = ls_element_check(R->G, g)) != LS_OK) return st;
  if (!dense_ok(R)) return LS_ETOOBIG;
  if (ls_action_is_leaf(R))
    return g->coeffs != NULL ? leaf_recipe(R, g, out) : leaf_formula(R, g, out);
  if (R->kind == LS_ACT_SUM) return blockdiag(R, element_part, g, out);
  {  /* a tensor product: the operator applied to the identity */
    double *eye = (double *)calloc(n * n, sizeof(double));
    size_t t;
    if (eye == NULL) return LS_ENOMEM;
    for (t = 0; t < n; t++) eye[t * n + t] = 1.0;
    st = ls_action_apply(R, g, 0, (int)n, eye, out);
    free(eye);
    return st;
  }
}


int ls_action_apply (ls_Action *R, const ls_Element *g, int transpose,
                     int ncols, const double *x, double *y) {
  int st, k;
  if ((st = ls_element_check(R->G, g)) != LS_OK) return st;
  if (ncols < 0) return LS_EARG;
  if (R->kind == LS_ACT_SUM) {  /* block by block: no dim x dim matrix */
    size_t off = 0, n = (size_t)R->dim, c;
    for (k = 0; k < R->nparts && st == LS_OK; k++) {
      size_t m = (size_t)R->parts[k]->dim;
      double *xs = (double *)malloc((m * ncols + 1) * sizeof(double));
      double *ys = (double *)malloc((m * ncols + 1) * sizeof(double));
      if (xs == NULL || ys == NULL) { free(xs); free(ys); return LS_ENOMEM; }
      for (c = 0; c < (size_t)ncols; c++)
        memcpy(xs + c * m, x + c * n + off, m * sizeof(double));
      st = ls_action_apply(R->parts[k], g, transpose, ncols, xs, ys);
      for (c = 0; st == LS_OK && c < (size_t)ncols; c++)
        memcpy(y + c * n + off, ys + c * m, m * sizeof(double));
      free(xs);
      free(ys);
      off += m;
    }
    return st;
  }
  if (ls_action_is_leaf(R)) {
    size_t n = (size_t)R->dim;
    double *m = (double *)malloc(n * n * sizeof(double));
    if (m == NULL) return LS_ENOMEM;
    st = ls_action_rho_of(R, g, m);
    if (st == LS_OK)
      ls_gemm(transpose ? 'T' : 'N', 'N', (int)n, ncols, (int)n, 1.0, m, (int)n,
              x, (int)n, 0.0, y, (int)n);
    free(m);
    return st;
  }
  {  /* tensor-like: ρ(g) of each factor, applied as a Kronecker product */
    ls_Action **f;
    double **m;
    int p, *d;
    if ((st = ls_action_factors(R, &f, &p)) != LS_OK) return st;
    m = (double **)calloc((size_t)p, sizeof(double *));
    d = (int *)malloc((size_t)p * sizeof(int));
    if (!m || !d) st = LS_ENOMEM;
    for (k = 0; k < p && st == LS_OK; k++) {
      size_t n = (size_t)f[k]->dim;
      d[k] = (int)n;
      m[k] = (double *)malloc(n * n * sizeof(double));
      if (m[k] == NULL) { st = LS_ENOMEM; break; }
      st = ls_action_rho_of(f[k], g, m[k]);
      if (st == LS_OK && transpose) {
        double *t = (double *)malloc(n * n * sizeof(double));
        if (t == NULL) { st = LS_ENOMEM; break; }
        ls_transpose((int)n, (int)n, m[k], t);
        free(m[k]);
        m[k] = t;
      }
    }
    if (st == LS_OK)
      st = ls_kron_apply(p, d, d, (const double *const *)m, ncols, x, y);
    for (k = 0; k < p; k++) {
      if (m) free(m[k]);
      ls_action_release(f[k]);
    }
    free(m); free(d); free(f);
    return st;
  }
}

/* }====================================================== */


/* {======================================================
** Descriptions and keys
** ======================================================= */

void ls_buffer_add (ls_Buffer *b, const char *s) {
  size_t len = strlen(s);
  if (b->failed) return;
  if (b->len + len + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    char *t;
    while (cap < b->len + len + 1) cap *= 2;
    if ((t = (char *)realloc(b->s, cap)) == NULL) { b->failed = 1; return; }
    b->s = t;
    b->cap = cap;
  }
  memcpy(b->s + b->len, s, len + 1);
  b->len += len;
}


static void describe (const ls_Action *R, ls_Buffer *b) {
  char num[64];
  int i;
  if (ls_action_is_leaf(R)) {
    ls_buffer_add(b, R->name[0] ? R->name : "R");
    snprintf(num, sizeof num, "[%lld]", (long long)R->dim);
    ls_buffer_add(b, num);
    return;
  }
  if (R->kind == LS_ACT_HOM) {
    ls_buffer_add(b, "hom(");
    describe(R->parts[0], b);
    ls_buffer_add(b, ", ");
    describe(R->parts[1], b);
    ls_buffer_add(b, ")");
    return;
  }
  ls_buffer_add(b, "(");
  for (i = 0; i < R->nparts; i++) {
    if (R->nparts > 8 && i >= 2 && i < R->nparts - 1) {
      if (i == 2) ls_buffer_add(b, R->kind == LS_ACT_SUM ? " + ..." : " x ...");
      continue;
    }
    if (i > 0) ls_buffer_add(b, R->kind == LS_ACT_SUM ? " + " : " x ");
    describe(R->parts[i], b);
  }
  ls_buffer_add(b, ")");
}


size_t ls_action_describe (const ls_Action *R, char *buf, size_t size) {
  ls_Buffer b = {NULL, 0, 0, 0};
  size_t len;
  describe(R, &b);
  len = b.failed ? 0 : b.len;
  if (size > 0) {
    size_t n = len < size - 1 ? len : size - 1;
    if (n > 0) memcpy(buf, b.s, n);
    buf[n] = '\0';
  }
  free(b.s);
  return len;
}


void ls_action_key (const ls_Action *R, ls_Buffer *b) {
  char tag[64];
  int i;
  switch (R->kind) {
    case LS_ACT_DEFINING:   /* the same for every V of the same group */
      snprintf(tag, sizeof tag, "V%p", (const void *)R->G);
      ls_buffer_add(b, tag);
      return;
    case LS_ACT_TRIVIAL:
      snprintf(tag, sizeof tag, "1x%d", R->k);
      ls_buffer_add(b, tag);
      return;
    case LS_ACT_CUSTOM:
      snprintf(tag, sizeof tag, "C%p", (const void *)R);
      ls_buffer_add(b, tag);
      return;
    case LS_ACT_DUAL: ls_buffer_add(b, "D("); break;
    case LS_ACT_SYM:
      snprintf(tag, sizeof tag, "Y%d(", R->k);
      ls_buffer_add(b, tag);
      break;
    case LS_ACT_MATERIAL: ls_buffer_add(b, "M("); break;
    case LS_ACT_SUM: ls_buffer_add(b, "S("); break;
    case LS_ACT_TENSOR: ls_buffer_add(b, "T("); break;
    default: ls_buffer_add(b, "H("); break;
  }
  for (i = 0; i < R->nparts && !(R->kind == LS_ACT_HOM && i == 2); i++) {
    if (i > 0) ls_buffer_add(b, ",");
    ls_action_key(R->parts[i], b);
  }
  ls_buffer_add(b, ")");
}

/* }====================================================== */


int ls_action_summands (ls_Action *R, ls_Action **parts) {
  int i;
  if (R->kind != LS_ACT_SUM) {
    if (parts) parts[0] = R;
    return 1;
  }
  for (i = 0; parts && i < R->nparts; i++) parts[i] = R->parts[i];
  return R->nparts;
}


/* 1 when the n x n matrix a is zero, the identity (id) or a 0/1
   permutation matrix (perm) */
static void classify (const double *a, size_t n, int *zero, int *id, int *perm) {
  size_t r, c;
  *zero = *id = *perm = 1;
  for (c = 0; c < n; c++) {
    int ones = 0;
    for (r = 0; r < n; r++) {
      double v = a[c * n + r];
      if (v != 0.0) *zero = 0;
      if (v != (r == c ? 1.0 : 0.0)) *id = 0;
      if (v == 1.0) ones++;
      else if (v != 0.0) *perm = 0;
    }
    if (ones != 1) *perm = 0;
  }
}

int ls_action_kind (ls_Action *R, int *kind) {
  int q = q_of(R), h = h_of(R), i, st = LS_OK, z, id, pm, scalar = 1, perm = 1;
  size_t n = (size_t)R->dim;
  double *a;
  *kind = LS_KIND_OTHER;
  if (R->dim > 4096) return LS_OK;
  if (R->kind == LS_ACT_TRIVIAL) { *kind = LS_KIND_SCALAR; return LS_OK; }
  a = (double *)malloc((n * n + 1) * sizeof(double));
  if (a == NULL) return LS_ENOMEM;
  for (i = 0; i < q && st == LS_OK && perm; i++) {
    if ((st = dense_generator(R, 0, i, a)) != LS_OK) break;
    classify(a, n, &z, &id, &pm);
    if (!z) scalar = perm = 0;
  }
  for (i = 0; i < h && st == LS_OK && perm; i++) {
    if ((st = dense_generator(R, 1, i, a)) != LS_OK) break;
    classify(a, n, &z, &id, &pm);
    if (!id) scalar = 0;
    if (!pm) perm = 0;
  }
  free(a);
  if (st == LS_OK) *kind = scalar ? LS_KIND_SCALAR : perm ? LS_KIND_PERMUTATION : LS_KIND_OTHER;
  return st;
}
