/*
** fixed.c — the fixed space of an action tree, and what a result can do.
**
** The tree is solved structurally: a direct sum once per distinct summand
** and a hom between sums once per distinct pair of summands (a layer
** between 100 V0 + 100 V + 20 V^2 and itself is 9 small problems, not
** one of dimension 2,016,400); every other node is a tensor product of
** leaves and goes to ls_fixed_block.  Results keep that structure, so
** projecting onto an 84,000-dimensional space of layers needs no dense
** basis.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "dense.h"
#include "fixed.h"
#include "group.h"
#include "lie.h"
#include "rank.h"


const char *ls_strerror (int status) {
  switch (status) {
    case LS_OK: return "no error";
    case LS_ENOMEM: return "not enough memory";
    case LS_ENONFINITE: return "NaN or Inf in the input";
    case LS_ENOCONV: return "an iteration did not converge";
    case LS_EARG: return "invalid argument";
    case LS_ETOOBIG: return "the request is too large";
    case LS_EUNCLEAR: return "the rank decision is not clear";
    case LS_EDEPENDENT: return "the generators are linearly dependent";
    case LS_EUNSUPPORTED: return "not supported for this input";
    case LS_EOVERFLOW: return "the result overflows or has no correct digit";
    case LS_EINCONSISTENT: return "the constraints have no solution";
    case LS_ESTOPPED: return "stopped by the caller";
    default: return status > 0 ? "LAPACK reported a failure" : "unknown status";
  }
}


void ls_fixed_opts_init (ls_FixedOpts *o) {
  o->method = LS_METHOD_AUTO;
  o->tol = -1.0;
  o->rtol = -1.0;
  o->rank = -1;
  o->min_gap = LS_MIN_GAP;
  o->block = 32;
  o->maxit = 1000;
  o->stop = NULL;
  o->stop_ctx = NULL;
  o->stop_at = 0.0;
}


/* {======================================================
** Results
** ======================================================= */

void ls_fixed_retain (ls_Fixed *F) { if (F) F->refs++; }

void ls_fixed_release (ls_Fixed *F) {
  int i;
  if (F == NULL || --F->refs > 0) return;
  free(F->Q);
  ls_spectrum_clear(&F->spec);
  ls_orbits_free(&F->orb);
  for (i = 0; i < F->nparts; i++) ls_fixed_release(F->parts[i]);
  free(F->parts);
  free(F->offset);
  if (F->pair) for (i = 0; i < F->ntr * F->ntc; i++) ls_fixed_release(F->pair[i]);
  free(F->pair);
  free(F->rows);
  free(F->cols);
  free(F);
}


int64_t ls_fixed_dim (const ls_Fixed *F) {
  int64_t n = 0;
  int i, j;
  switch (F->kind) {
    case LS_FIX_SUM:
      for (i = 0; i < F->nparts; i++) n += ls_fixed_dim(F->parts[i]);
      return n;
    case LS_FIX_HOM:
      for (i = 0; i < F->nr; i++)
        for (j = 0; j < F->nc; j++)
          n += ls_fixed_dim(F->pair[F->rows[i].type * F->ntc + F->cols[j].type]);
      return n;
    default:
      return F->k;
  }
}

int64_t ls_fixed_ambient (const ls_Fixed *F) { return F->N; }

const char *ls_fixed_kind (const ls_Fixed *F) {
  static const char *const names[] = {"dense", "orbits", "sum", "hom"};
  return names[F->kind];
}

const ls_Spectrum *ls_fixed_spectrum (const ls_Fixed *F) {
  return (F->kind == LS_FIX_DENSE || F->kind == LS_FIX_ORBITS) ? &F->spec : NULL;
}

int ls_fixed_nparts (const ls_Fixed *F) {
  if (F->kind == LS_FIX_SUM) return F->nparts;
  if (F->kind == LS_FIX_HOM) return F->ntr * F->ntc;
  return 0;
}

ls_Fixed *ls_fixed_part (const ls_Fixed *F, int i) {
  if (i < 0 || i >= ls_fixed_nparts(F)) return NULL;
  return F->kind == LS_FIX_SUM ? F->parts[i] : F->pair[i];
}


double ls_fixed_min_gap (const ls_Fixed *F, int *clear) {
  double gap = HUGE_VAL;
  int i, n = ls_fixed_nparts(F);
  *clear = 1;
  if (n == 0) {
    *clear = F->spec.clear;
    return F->spec.gap;
  }
  for (i = 0; i < n; i++) {
    int c;
    double g = ls_fixed_min_gap(ls_fixed_part(F, i), &c);
    if (g < gap) gap = g;
    if (!c) *clear = 0;
  }
  return gap;
}


/* the basis of an orbit result: column o is sign / sqrt(size) on orbit o */
static void orbit_basis (const ls_Fixed *F, double *out) {
  int64_t I;
  memset(out, 0, (size_t)(F->N * F->k) * sizeof(double));
  for (I = 0; I < F->N; I++) {
    int32_t o = F->orb.label[I];
    if (o >= 0) out[(size_t)o * F->N + I] = F->orb.sign[I] / sqrt((double)F->orb.size[o]);
  }
}


int ls_fixed_basis (const ls_Fixed *F, double *out) {
  size_t N = (size_t)F->N;
  int i, j, st = LS_OK;
  switch (F->kind) {
    case LS_FIX_DENSE:
      memcpy(out, F->Q, N * (size_t)F->k * sizeof(double));
      return LS_OK;
    case LS_FIX_ORBITS:
      orbit_basis(F, out);
      return LS_OK;
    case LS_FIX_SUM: {
      size_t dim = (size_t)ls_fixed_dim(F), col = 0;
      memset(out, 0, N * dim * sizeof(double));
      for (i = 0; i < F->nparts && st == LS_OK; i++) {
        const ls_Fixed *P = F->parts[i];
        size_t n = (size_t)P->N, k = (size_t)ls_fixed_dim(P), c;
        double *q = (double *)malloc((n * k + 1) * sizeof(double));
        if (q == NULL) return LS_ENOMEM;
        st = ls_fixed_basis(P, q);
        for (c = 0; st == LS_OK && c < k; c++)
          memcpy(out + (col + c) * N + F->offset[i], q + c * n, n * sizeof(double));
        col += k;
        free(q);
      }
      return st;
    }
    default: {   /* hom: for each column block, each row block, each vector */
      size_t dim = (size_t)ls_fixed_dim(F), col = 0, nr = (size_t)F->nrows;
      memset(out, 0, N * dim * sizeof(double));
      for (j = 0; j < F->nc && st == LS_OK; j++)
        for (i = 0; i < F->nr && st == LS_OK; i++) {
          const ls_FixBlock *r = &F->rows[i], *c = &F->cols[j];
          const ls_Fixed *P = F->pair[r->type * F->ntc + c->type];
          size_t n = (size_t)P->N, k = (size_t)ls_fixed_dim(P), t, a, b2;
          double *q = (double *)malloc((n * k + 1) * sizeof(double));
          if (q == NULL) return LS_ENOMEM;
          st = ls_fixed_basis(P, q);
          for (t = 0; st == LS_OK && t < k; t++, col++)
            for (b2 = 0; b2 < (size_t)c->size; b2++)   /* block column */
              for (a = 0; a < (size_t)r->size; a++)
                out[col * N + ((size_t)c->offset + b2) * nr + (size_t)r->offset + a] =
                  q[t * n + b2 * (size_t)r->size + a];
          free(q);
        }
      return st;
    }
  }
}


int ls_fixed_project (const ls_Fixed *F, int ncols, const double *x,
                      double *y) {
  size_t N = (size_t)F->N, c;
  int i, j, st = LS_OK;
  if (ncols < 0) return LS_EARG;
  switch (F->kind) {
    case LS_FIX_DENSE: {
      size_t k = (size_t)F->k;
      double *t;
      if (k == 0 || ncols == 0) {
        memset(y, 0, N * (size_t)ncols * sizeof(double));
        return LS_OK;
      }
      t = (double *)malloc(k * (size_t)ncols * sizeof(double));
      if (t == NULL) return LS_ENOMEM;
      ls_gemm('T', 'N', (int)k, ncols, (int)N, 1.0, F->Q, (int)N, x, (int)N, 0.0, t, (int)k);
      ls_gemm('N', 'N', (int)N, ncols, (int)k, 1.0, F->Q, (int)N, t, (int)k, 0.0, y, (int)N);
      free(t);
      return LS_OK;
    }
    case LS_FIX_ORBITS: {
      double *coef = (double *)malloc(((size_t)F->k + 1) * sizeof(double));
      int64_t I;
      if (coef == NULL) return LS_ENOMEM;
      for (c = 0; c < (size_t)ncols; c++) {
        const double *xc = x + c * N;
        double *yc = y + c * N;
        memset(coef, 0, (size_t)F->k * sizeof(double));
        for (I = 0; I < F->N; I++)
          if (F->orb.label[I] >= 0) coef[F->orb.label[I]] += F->orb.sign[I] * xc[I];
        for (I = 0; I < F->k; I++) coef[I] /= (double)F->orb.size[I];
        for (I = 0; I < F->N; I++)
          yc[I] = F->orb.label[I] >= 0 ? F->orb.sign[I] * coef[F->orb.label[I]] : 0.0;
      }
      free(coef);
      return LS_OK;
    }
    case LS_FIX_SUM:
      for (i = 0; i < F->nparts && st == LS_OK; i++) {
        const ls_Fixed *P = F->parts[i];
        size_t n = (size_t)P->N;
        double *xs = (double *)malloc((n * ncols + 1) * sizeof(double));
        double *ys = (double *)malloc((n * ncols + 1) * sizeof(double));
        if (!xs || !ys) { free(xs); free(ys); return LS_ENOMEM; }
        for (c = 0; c < (size_t)ncols; c++)
          memcpy(xs + c * n, x + c * N + F->offset[i], n * sizeof(double));
        st = ls_fixed_project(P, ncols, xs, ys);
        for (c = 0; st == LS_OK && c < (size_t)ncols; c++)
          memcpy(y + c * N + F->offset[i], ys + c * n, n * sizeof(double));
        free(xs);
        free(ys);
      }
      return st;
    default: {   /* hom: every block W_rc projected with its pair's space */
      size_t nr = (size_t)F->nrows, maxn = 1, a, b2;
      double *xs, *ys;
      for (i = 0; i < F->ntr * F->ntc; i++)
        if ((size_t)F->pair[i]->N > maxn) maxn = (size_t)F->pair[i]->N;
      xs = (double *)malloc(maxn * sizeof(double));
      ys = (double *)malloc(maxn * sizeof(double));
      if (!xs || !ys) { free(xs); free(ys); return LS_ENOMEM; }
      for (c = 0; c < (size_t)ncols && st == LS_OK; c++)
        for (j = 0; j < F->nc && st == LS_OK; j++)
          for (i = 0; i < F->nr && st == LS_OK; i++) {
            const ls_FixBlock *r = &F->rows[i], *cb = &F->cols[j];
            const ls_Fixed *P = F->pair[r->type * F->ntc + cb->type];
            for (b2 = 0; b2 < (size_t)cb->size; b2++)
              for (a = 0; a < (size_t)r->size; a++)
                xs[b2 * (size_t)r->size + a] =
                  x[c * N + ((size_t)cb->offset + b2) * nr + (size_t)r->offset + a];
            st = ls_fixed_project(P, 1, xs, ys);
            for (b2 = 0; st == LS_OK && b2 < (size_t)cb->size; b2++)
              for (a = 0; a < (size_t)r->size; a++)
                y[c * N + ((size_t)cb->offset + b2) * nr + (size_t)r->offset + a] =
                  ys[b2 * (size_t)r->size + a];
          }
      free(xs);
      free(ys);
      return st;
    }
  }
}


int ls_fixed_sample (const ls_Fixed *F, ls_Rng *rng, double *out) {
  size_t N = (size_t)F->N, t;
  int i, j, st = LS_OK;
  switch (F->kind) {
    case LS_FIX_DENSE: {
      double *a = (double *)malloc(((size_t)F->k + 1) * sizeof(double));
      if (a == NULL) return LS_ENOMEM;
      for (t = 0; t < (size_t)F->k; t++) a[t] = ls_rng_normal(rng);
      if (F->k > 0)
        ls_gemm('N', 'N', (int)N, 1, (int)F->k, 1.0, F->Q, (int)N, a, (int)F->k,
                0.0, out, (int)N);
      else memset(out, 0, N * sizeof(double));
      free(a);
      return LS_OK;
    }
    case LS_FIX_ORBITS: {
      double *a = (double *)malloc(((size_t)F->k + 1) * sizeof(double));
      int64_t I;
      if (a == NULL) return LS_ENOMEM;
      for (I = 0; I < F->k; I++) a[I] = ls_rng_normal(rng) / sqrt((double)F->orb.size[I]);
      for (I = 0; I < F->N; I++)
        out[I] = F->orb.label[I] >= 0 ? F->orb.sign[I] * a[F->orb.label[I]] : 0.0;
      free(a);
      return LS_OK;
    }
    case LS_FIX_SUM:
      for (i = 0; i < F->nparts && st == LS_OK; i++)
        st = ls_fixed_sample(F->parts[i], rng, out + F->offset[i]);
      return st;
    default: {   /* hom: row blocks outer, column blocks inner */
      size_t nr = (size_t)F->nrows, maxn = 1, a, b2;
      double *s;
      for (i = 0; i < F->ntr * F->ntc; i++)
        if ((size_t)F->pair[i]->N > maxn) maxn = (size_t)F->pair[i]->N;
      if ((s = (double *)malloc(maxn * sizeof(double))) == NULL) return LS_ENOMEM;
      for (i = 0; i < F->nr && st == LS_OK; i++)
        for (j = 0; j < F->nc && st == LS_OK; j++) {
          const ls_FixBlock *r = &F->rows[i], *c = &F->cols[j];
          st = ls_fixed_sample(F->pair[r->type * F->ntc + c->type], rng, s);
          for (b2 = 0; st == LS_OK && b2 < (size_t)c->size; b2++)
            for (a = 0; a < (size_t)r->size; a++)
              out[((size_t)c->offset + b2) * nr + (size_t)r->offset + a] =
                s[b2 * (size_t)r->size + a];
        }
      free(s);
      return st;
    }
  }
}


int ls_fixed_from_basis (int64_t N, int64_t k, const double *q,
                         const ls_Spectrum *spec, ls_Fixed **out) {
  ls_Fixed *F;
  if (N < 0 || k < 0 || k > N) return LS_EARG;
  if ((double)N * (double)k > (double)((size_t)1 << 30)) return LS_ETOOBIG;
  F = (ls_Fixed *)calloc(1, sizeof(ls_Fixed));
  if (F == NULL) return LS_ENOMEM;
  F->refs = 1;
  F->kind = LS_FIX_DENSE;
  F->N = N;
  F->k = k;
  F->Q = (double *)malloc(((size_t)(N * k) + 1) * sizeof(double));
  if (F->Q == NULL) { free(F); return LS_ENOMEM; }
  if (N * k > 0) memcpy(F->Q, q, (size_t)(N * k) * sizeof(double));
  if (spec != NULL) {
    if (ls_spectrum_copy(spec, &F->spec) != LS_OK) { ls_fixed_release(F); return LS_ENOMEM; }
  }
  else {
    F->spec.values = (double *)malloc(sizeof(double));
    if (F->spec.values == NULL) { ls_fixed_release(F); return LS_ENOMEM; }
    F->spec.gap = HUGE_VAL;
    F->spec.clear = 1;
    F->spec.rank = N - k;
    F->spec.method = "given";
  }
  *out = F;
  return LS_OK;
}

/* }====================================================== */


/* {======================================================
** The tree solver
** ======================================================= */

typedef struct Solve {
  const ls_FixedOpts *opts;
  int n, cap;
  char **keys;
  ls_Fixed **vals;
  int unclear;
} Solve;


static ls_Fixed *cached (Solve *s, const char *key) {
  int i;
  for (i = 0; i < s->n; i++)
    if (strcmp(s->keys[i], key) == 0) { ls_fixed_retain(s->vals[i]); return s->vals[i]; }
  return NULL;
}


static int remember (Solve *s, char *key, ls_Fixed *F) {
  if (s->n == s->cap) {
    int cap = s->cap ? 2 * s->cap : 16;
    char **k = (char **)realloc(s->keys, (size_t)cap * sizeof(char *));
    ls_Fixed **v;
    if (k == NULL) return LS_ENOMEM;
    s->keys = k;
    if ((v = (ls_Fixed **)realloc(s->vals, (size_t)cap * sizeof(ls_Fixed *))) == NULL)
      return LS_ENOMEM;
    s->vals = v;
    s->cap = cap;
  }
  ls_fixed_retain(F);
  s->keys[s->n] = key;
  s->vals[s->n++] = F;
  return LS_OK;
}


/* a tensor-like node: its leaves' matrices to ls_fixed_block */
static int solve_tensor (ls_Action *R, Solve *s, ls_Fixed **out) {
  ls_Action **f;
  ls_Factors fac;
  int p, q = R->G->g->q, h = R->G->h, i, j, k, st, all_perm = 1;
  int *d;
  const double **dr, **rh;
  const int **perm;
  const signed char **sign;
  if ((st = ls_action_factors(R, &f, &p)) != LS_OK) return st;
  d = (int *)malloc((size_t)p * sizeof(int));
  dr = (const double **)calloc((size_t)q * p + 1, sizeof(double *));
  rh = (const double **)calloc((size_t)h * p + 1, sizeof(double *));
  perm = (const int **)calloc((size_t)h * p + 1, sizeof(int *));
  sign = (const signed char **)calloc((size_t)h * p + 1, sizeof(char *));
  st = (d && dr && rh && perm && sign) ? LS_OK : LS_ENOMEM;
  for (k = 0; k < p && st == LS_OK; k++) {
    const int *pk = NULL;
    const signed char *sk = NULL;
    if (f[k]->dim > LS_MAX_DENSE_ACTION) { st = LS_ETOOBIG; break; }
    d[k] = (int)f[k]->dim;
    for (i = 0; i < q && st == LS_OK; i++) {
      if (ls_action_leaf_zero(f[k], i)) continue;
      if ((dr[(size_t)i * p + k] = ls_action_leaf_drho(f[k], i)) == NULL) st = LS_ENOMEM;
    }
    for (j = 0; j < h && st == LS_OK; j++)
      if ((rh[(size_t)j * p + k] = ls_action_leaf_rho(f[k], j)) == NULL) st = LS_ENOMEM;
    if (st == LS_OK && h > 0) {
      if (ls_action_leaf_perm(f[k], &pk, &sk))
        for (j = 0; j < h; j++) {
          perm[(size_t)j * p + k] = pk + (size_t)j * d[k];
          sign[(size_t)j * p + k] = sk + (size_t)j * d[k];
        }
      else all_perm = 0;
    }
  }
  if (st == LS_OK) {
    fac.p = p; fac.q = q; fac.h = h; fac.d = d; fac.dr = dr; fac.rh = rh;
    fac.perm = all_perm ? perm : NULL;
    fac.sign = all_perm ? sign : NULL;
    st = ls_fixed_block(&fac, s->opts, out);
  }
  for (k = 0; k < p; k++) ls_action_release(f[k]);
  free(f); free(d); free(dr); free(rh); free(perm); free(sign);
  return st;
}


static int solve_node (ls_Action *R, Solve *s, ls_Fixed **out);

/* the summands of A with a type index per distinct key */
static int layout (ls_Action *A, ls_FixBlock **blocks, int *nb,
                   ls_Action ***types, int *nt) {
  int n = A->kind == LS_ACT_SUM ? A->nparts : 1, i, t;
  int64_t off = 0;
  char **keys = (char **)calloc((size_t)n, sizeof(char *));
  *blocks = (ls_FixBlock *)malloc((size_t)n * sizeof(ls_FixBlock));
  *types = (ls_Action **)malloc((size_t)n * sizeof(ls_Action *));
  *nt = 0;
  *nb = n;
  if (!keys || !*blocks || !*types) { free(keys); return LS_ENOMEM; }
  for (i = 0; i < n; i++) {
    ls_Action *P = A->kind == LS_ACT_SUM ? A->parts[i] : A;
    ls_Buffer b = {NULL, 0, 0, 0};
    ls_action_key(P, &b);
    if (b.failed) { free(b.s); for (t = 0; t < *nt; t++) free(keys[t]); free(keys); return LS_ENOMEM; }
    for (t = 0; t < *nt && strcmp(keys[t], b.s) != 0; t++) ;
    if (t == *nt) { keys[t] = b.s; (*types)[t] = P; (*nt)++; }
    else free(b.s);
    (*blocks)[i].offset = off;
    (*blocks)[i].size = P->dim;
    (*blocks)[i].type = t;
    off += P->dim;
  }
  for (t = 0; t < *nt; t++) free(keys[t]);
  free(keys);
  return LS_OK;
}


static int solve_hom (ls_Action *R, Solve *s, ls_Fixed **out) {
  ls_Fixed *F = (ls_Fixed *)calloc(1, sizeof(ls_Fixed));
  ls_Action **from_types = NULL, **to_types = NULL;
  int st, a, b;
  if (F == NULL) return LS_ENOMEM;
  F->refs = 1;
  F->kind = LS_FIX_HOM;
  F->N = R->dim;
  F->nrows = R->parts[1]->dim;
  F->ncols = R->parts[0]->dim;
  st = layout(R->parts[1], &F->rows, &F->nr, &to_types, &F->ntr);
  if (st == LS_OK) st = layout(R->parts[0], &F->cols, &F->nc, &from_types, &F->ntc);
  if (st == LS_OK) {
    F->pair = (ls_Fixed **)calloc((size_t)F->ntr * F->ntc, sizeof(ls_Fixed *));
    if (F->pair == NULL) st = LS_ENOMEM;
  }
  for (b = 0; b < F->ntr && (st == LS_OK || st == LS_EUNCLEAR); b++)
    for (a = 0; a < F->ntc && (st == LS_OK || st == LS_EUNCLEAR); a++) {
      ls_Action *H;
      int st2 = ls_action_hom(from_types[a], to_types[b], &H);
      if (st2 == LS_OK) {
        st2 = solve_node(H, s, &F->pair[b * F->ntc + a]);
        ls_action_release(H);
      }
      if (st2 != LS_OK) st = st2;
    }
  free(from_types);
  free(to_types);
  if (st != LS_OK) { ls_fixed_release(F); return st; }
  *out = F;
  return LS_OK;
}


static int solve_sum (ls_Action *R, Solve *s, ls_Fixed **out) {
  ls_Fixed *F = (ls_Fixed *)calloc(1, sizeof(ls_Fixed));
  int64_t off = 0;
  int i, st = LS_OK;
  if (F == NULL) return LS_ENOMEM;
  F->refs = 1;
  F->kind = LS_FIX_SUM;
  F->N = R->dim;
  F->nparts = R->nparts;
  F->parts = (ls_Fixed **)calloc((size_t)R->nparts, sizeof(ls_Fixed *));
  F->offset = (int64_t *)malloc((size_t)R->nparts * sizeof(int64_t));
  if (!F->parts || !F->offset) st = LS_ENOMEM;
  for (i = 0; i < R->nparts && st == LS_OK; i++) {
    st = solve_node(R->parts[i], s, &F->parts[i]);
    F->offset[i] = off;
    off += R->parts[i]->dim;
  }
  if (st != LS_OK) { ls_fixed_release(F); return st; }
  *out = F;
  return LS_OK;
}


/* LS_EUNCLEAR from a block is recorded and the solve goes on, so that the
   caller gets the whole result with every spectrum */
static int solve_node (ls_Action *R, Solve *s, ls_Fixed **out) {
  ls_Buffer b = {NULL, 0, 0, 0};
  ls_Fixed *F;
  int st;
  ls_action_key(R, &b);
  if (b.failed) { free(b.s); return LS_ENOMEM; }
  if ((F = cached(s, b.s)) != NULL) { free(b.s); *out = F; return LS_OK; }
  if (R->kind == LS_ACT_SUM) st = solve_sum(R, s, &F);
  else if (R->kind == LS_ACT_HOM) st = solve_hom(R, s, &F);
  else st = solve_tensor(R, s, &F);
  if (st == LS_EUNCLEAR) { s->unclear = 1; st = LS_OK; }
  if (st == LS_OK) {
    if ((st = remember(s, b.s, F)) != LS_OK) free(b.s);
  }
  else { free(b.s); F = NULL; }
  if (st != LS_OK) {
    if (F) ls_fixed_release(F);
    return st;
  }
  *out = F;
  return LS_OK;
}


int ls_fixed_space (ls_Action *R, const ls_FixedOpts *opts, ls_Fixed **out) {
  ls_FixedOpts defaults;
  Solve s;
  int st, i;
  if (opts == NULL) { ls_fixed_opts_init(&defaults); opts = &defaults; }
  memset(&s, 0, sizeof(s));
  s.opts = opts;
  st = solve_node(R, &s, out);
  for (i = 0; i < s.n; i++) {
    free(s.keys[i]);
    ls_fixed_release(s.vals[i]);
  }
  free(s.keys);
  free(s.vals);
  if (st == LS_OK && s.unclear) return LS_EUNCLEAR;
  return st;
}


int ls_fixed_tensor (int p, const int *d, int q, const double *const *dr,
                     int h, const double *const *rh, const ls_FixedOpts *opts,
                     ls_Fixed **out) {
  ls_Factors f;
  const double **z = NULL;
  int **perm = NULL;
  signed char **sign = NULL;
  int i, k, j, st = LS_OK, all_perm = 1;
  if (p < 1 || q < 0 || h < 0) return LS_EARG;
  for (k = 0; k < p; k++) if (d[k] < 1) return LS_EARG;
  /* zero generators as NULL; signed-permutation forms when all are */
  z = (const double **)malloc(((size_t)q * p + 1) * sizeof(double *));
  perm = (int **)calloc((size_t)h * p + 1, sizeof(int *));
  sign = (signed char **)calloc((size_t)h * p + 1, sizeof(signed char *));
  if (!z || !perm || !sign) st = LS_ENOMEM;
  for (i = 0; i < q * p && st == LS_OK; i++) {
    size_t dd = (size_t)d[i % p] * d[i % p], e;
    for (e = 0; e < dd && dr[i][e] == 0.0; e++) ;
    z[i] = e == dd ? NULL : dr[i];
    if (!ls_allfinite(dr[i], dd)) st = LS_ENONFINITE;
  }
  for (j = 0; j < h && st == LS_OK; j++)
    for (k = 0; k < p && st == LS_OK; k++) {
      size_t idx = (size_t)j * p + k;
      if (!ls_allfinite(rh[idx], (size_t)d[k] * d[k])) { st = LS_ENONFINITE; break; }
      perm[idx] = (int *)malloc((size_t)d[k] * sizeof(int));
      sign[idx] = (signed char *)malloc((size_t)d[k]);
      if (!perm[idx] || !sign[idx]) { st = LS_ENOMEM; break; }
      if (!ls_signed_perm(d[k], rh[idx], perm[idx], sign[idx])) all_perm = 0;
    }
  if (st == LS_OK) {
    f.p = p; f.q = q; f.h = h; f.d = d; f.dr = z; f.rh = rh;
    f.perm = all_perm ? (const int *const *)perm : NULL;
    f.sign = all_perm ? (const signed char *const *)sign : NULL;
    st = ls_fixed_block(&f, opts, out);
  }
  for (i = 0; i < h * p; i++) {
    if (perm) free(perm[i]);
    if (sign) free(sign[i]);
  }
  free(perm); free(sign); free(z);
  return st;
}

/* }====================================================== */
