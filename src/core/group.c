/*
** group.c — groups as an algebra plus discrete generators; the built-in
** groups; sampling elements with their recipe.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dense.h"
#include "group.h"
#include "lie.h"
#include "linalg.h"
#include "orbits.h"


static char *dupname (const char *name) {
  size_t len = strlen(name ? name : "");
  char *s = (char *)malloc(len + 1);
  if (s != NULL) memcpy(s, name ? name : "", len + 1);
  return s;
}


int ls_group_new (ls_Algebra *g, int n, int h, const double *disc,
                  const char *name, ls_Group **out) {
  ls_Group *G;
  size_t nn;
  int j, st;
  if (g != NULL) n = g->n;
  if (n < 1 || h < 0) return LS_EARG;
  nn = (size_t)n * n;
  if (n > LS_MAX_ALGEBRA_SIZE || nn * (size_t)h > LS_MAX_ALGEBRA_ENTRIES)
    return LS_ETOOBIG;
  if (h > 0 && !ls_allfinite(disc, nn * (size_t)h)) return LS_ENONFINITE;
  G = (ls_Group *)calloc(1, sizeof(ls_Group));
  if (G == NULL) return LS_ENOMEM;
  G->perm = (int *)malloc(((size_t)n * h + 1) * sizeof(int));
  G->psign = (signed char *)malloc((size_t)n * h + 1);
  if (G->perm == NULL || G->psign == NULL) {
    free(G->perm); free(G->psign); free(G);
    return LS_ENOMEM;
  }
  G->perm_ok = 1;
  for (j = 0; j < h; j++) {  /* each must be invertible */
    double rc;
    if (ls_signed_perm(n, disc + (size_t)j * nn, G->perm + (size_t)j * n,
                       G->psign + (size_t)j * n))
      continue;   /* a signed permutation: invertible, and kept as such */
    G->perm_ok = 0;
    if ((st = ls_rcond(n, disc + (size_t)j * nn, &rc)) != LS_OK ||
        rc <= LS_SINGULAR_RCOND) {
      free(G->perm); free(G->psign); free(G);
      return st != LS_OK ? st : LS_EARG;
    }
  }
  G->refs = 1;
  G->n = n;
  G->h = h;
  G->name = dupname(name);
  G->disc = (double *)malloc((nn * (size_t)h + 1) * sizeof(double));
  if (G->name == NULL || G->disc == NULL) {
    free(G->name); free(G->disc); free(G->perm); free(G->psign); free(G);
    return LS_ENOMEM;
  }
  if (h > 0) memcpy(G->disc, disc, nn * (size_t)h * sizeof(double));
  if (g != NULL) { ls_algebra_retain(g); G->g = g; }
  else if ((st = ls_algebra_zero(n, &G->g)) != LS_OK) {
    free(G->name); free(G->disc); free(G->perm); free(G->psign); free(G);
    return st;
  }
  *out = G;
  return LS_OK;
}


void ls_group_retain (ls_Group *G) { if (G) G->refs++; }

void ls_group_release (ls_Group *G) {
  if (G == NULL || --G->refs > 0) return;
  ls_algebra_release(G->g);
  free(G->disc);
  free(G->name);
  free(G->perm);
  free(G->psign);
  free(G);
}

int ls_group_size (const ls_Group *G) { return G->n; }
ls_Algebra *ls_group_algebra (const ls_Group *G) { return G->g; }
int ls_group_ndiscrete (const ls_Group *G) { return G->h; }
const char *ls_group_name (const ls_Group *G) { return G->name; }

const double *ls_group_discrete (const ls_Group *G, int j) {
  if (j < 0 || j >= G->h) return NULL;
  return G->disc + (size_t)j * G->n * G->n;
}


int ls_group_same (const ls_Group *a, const ls_Group *b) {
  const ls_Algebra *x, *y;
  size_t nnz;
  if (a == b) return 1;
  if (a->n != b->n || a->h != b->h) return 0;
  x = a->g; y = b->g;
  if (x->q != y->q) return 0;
  nnz = x->start[x->q];
  if (nnz != y->start[y->q] ||
      memcmp(x->start, y->start, ((size_t)x->q + 1) * sizeof(size_t)) != 0 ||
      memcmp(x->pos, y->pos, nnz * sizeof(int)) != 0 ||
      memcmp(x->val, y->val, nnz * sizeof(double)) != 0)
    return 0;
  return memcmp(a->disc, b->disc,
                (size_t)a->n * a->n * (size_t)a->h * sizeof(double)) == 0;
}


/* {======================================================
** Built-in groups
** ======================================================= */

/* identity with -1 at position k (0-based) */
static double *reflection (int n, int k) {
  double *r;
  int i;
  if (n <= 0 || (size_t)n * n > LS_MAX_ALGEBRA_ENTRIES) return NULL;
  r = (double *)calloc((size_t)n * n, sizeof(double));
  if (r == NULL) return NULL;
  for (i = 0; i < n; i++) r[(size_t)i * n + i] = 1.0;
  r[(size_t)k * n + k] = -1.0;
  return r;
}


typedef int (*algebra_ctor) (int, ls_Algebra **);

static int so_n (int n, ls_Algebra **g) { return ls_algebra_so(n, 0, g); }

/* the group of the algebra ctor(n) on size x size matrices, with the
   reflection at position reflect (0-based) when reflect >= 0 */
static int builtin (algebra_ctor ctor, int n, int size, int reflect,
                    const char *fmt, ls_Group **out) {
  ls_Algebra *g = NULL;
  double *r = NULL;
  char name[32];
  int st;
  if (n < 1) return LS_EARG;
  snprintf(name, sizeof name, fmt, n);
  if ((st = ctor(n, &g)) != LS_OK) return st;
  if (reflect >= 0 && (r = reflection(size, reflect)) == NULL) st = LS_ENOMEM;
  if (st == LS_OK) st = ls_group_new(g, size, r ? 1 : 0, r, name, out);
  free(r);
  ls_algebra_release(g);
  return st;
}


int ls_group_SO (int n, ls_Group **out) { return builtin(so_n, n, n, -1, "SO(%d)", out); }
int ls_group_O (int n, ls_Group **out) { return builtin(so_n, n, n, n - 1, "O(%d)", out); }
int ls_group_SL (int n, ls_Group **out) { return builtin(ls_algebra_sl, n, n, -1, "SL(%d)", out); }
int ls_group_GL (int n, ls_Group **out) { return builtin(ls_algebra_gl, n, n, n - 1, "GL(%d)", out); }
int ls_group_Sp (int n, ls_Group **out) { return builtin(ls_algebra_sp, n, 2 * n, -1, "Sp(%d)", out); }
int ls_group_T (int n, ls_Group **out) { return builtin(ls_algebra_t, n, n + 1, -1, "T(%d)", out); }
int ls_group_SE (int n, ls_Group **out) { return builtin(ls_algebra_se, n, n + 1, -1, "SE(%d)", out); }
int ls_group_E (int n, ls_Group **out) { return builtin(ls_algebra_se, n, n + 1, n - 1, "E(%d)", out); }
int ls_group_Scaling (int n, ls_Group **out) {
  return builtin(ls_algebra_scaling, n, n, -1, "Scaling(%d)", out);
}


static int lorentz (int h, const double *disc, const char *name, ls_Group **out) {
  ls_Algebra *g = NULL;
  int st = ls_algebra_so(1, 3, &g);
  if (st == LS_OK) st = ls_group_new(g, 4, h, disc, name, out);
  ls_algebra_release(g);
  return st;
}

int ls_group_SO13 (ls_Group **out) { return lorentz(0, NULL, "SO+(1,3)", out); }

int ls_group_O13 (ls_Group **out) {
  static const double pt[32] = {  /* parity diag(1,-1,-1,-1), time reversal */
    1, 0, 0, 0,  0, -1, 0, 0,  0, 0, -1, 0,  0, 0, 0, -1,
    -1, 0, 0, 0,  0, 1, 0, 0,  0, 0, 1, 0,  0, 0, 0, 1};
  return lorentz(2, pt, "O(1,3)", out);
}

/* h permutation matrices P e_j = e_p(j) from the maps p (n each) */
static int permutations (int n, int h, const int *p, const char *name,
                         ls_Group **out) {
  double *m;
  int j, i, st;
  if (n < 1) return LS_EARG;
  if ((size_t)n * n * (size_t)h > LS_MAX_ALGEBRA_ENTRIES) return LS_ETOOBIG;
  m = (double *)calloc((size_t)n * n * (size_t)h, sizeof(double));
  if (m == NULL) return LS_ENOMEM;
  for (j = 0; j < h; j++)
    for (i = 0; i < n; i++)
      m[(size_t)j * n * n + (size_t)i * n + p[(size_t)j * n + i]] = 1.0;
  st = ls_group_new(NULL, n, h, m, name, out);
  free(m);
  return st;
}

int ls_group_S (int n, ls_Group **out) {
  int *p, i, st;
  char name[32];
  if (n < 1) return LS_EARG;
  if ((size_t)n * n * 2 > LS_MAX_ALGEBRA_ENTRIES) return LS_ETOOBIG;
  p = (int *)malloc((size_t)2 * n * sizeof(int));
  if (p == NULL) return LS_ENOMEM;
  for (i = 0; i < n; i++) { p[i] = i; p[n + i] = (i + 1) % n; }
  if (n >= 2) { p[0] = 1; p[1] = 0; }   /* the transposition (1 2) */
  snprintf(name, sizeof name, "S(%d)", n);
  st = permutations(n, 2, p, name, out);
  free(p);
  return st;
}

int ls_group_Z (int n, ls_Group **out) {
  int *p, i, st;
  char name[32];
  if (n < 1) return LS_EARG;
  if ((size_t)n * n > LS_MAX_ALGEBRA_ENTRIES) return LS_ETOOBIG;
  p = (int *)malloc((size_t)n * sizeof(int));
  if (p == NULL) return LS_ENOMEM;
  for (i = 0; i < n; i++) p[i] = (i + 1) % n;
  snprintf(name, sizeof name, "Z(%d)", n);
  st = permutations(n, 1, p, name, out);
  free(p);
  return st;
}

int ls_group_D (int k, ls_Group **out) {
  const double pi = 3.14159265358979323846;
  double m[8], t;
  char name[32];
  if (k < 1) return LS_EARG;
  t = 2 * pi / k;
  m[0] = cos(t); m[1] = sin(t); m[2] = -sin(t); m[3] = cos(t);
  m[4] = 1; m[5] = 0; m[6] = 0; m[7] = -1;
  snprintf(name, sizeof name, "D(%d)", k);
  return ls_group_new(NULL, 2, 2, m, name, out);
}

/* }====================================================== */


/* {======================================================
** Elements
** ======================================================= */

int ls_element_check (const ls_Group *G, const ls_Element *e) {
  int i;
  if (e->matrix == NULL && e->coeffs == NULL) return LS_EARG;
  if (e->matrix != NULL && e->n != G->n) return LS_EARG;
  if (e->coeffs != NULL) {
    if (e->q != G->g->q || e->len < 0 || (e->len > 0 && e->word == NULL))
      return LS_EARG;
    for (i = 0; i < e->len; i++)
      if (e->word[i] < 0 || e->word[i] >= G->h) return LS_EARG;
    if (!ls_allfinite(e->coeffs, (size_t)e->q)) return LS_ENONFINITE;
  }
  if (e->matrix != NULL && !ls_allfinite(e->matrix, (size_t)e->n * e->n))
    return LS_ENONFINITE;
  return LS_OK;
}


void ls_element_free (ls_Element *e) {
  free(e->matrix);
  free(e->coeffs);
  free(e->word);
  memset(e, 0, sizeof(*e));
}


int ls_group_sample (const ls_Group *G, ls_Rng *rng, double scale,
                     ls_Element *out) {
  int n = G->n, q = G->g->q, i, st;
  size_t nn = (size_t)n * n;
  double *tmp;
  memset(out, 0, sizeof(*out));
  if (!(scale >= 0) || !isfinite(scale)) return LS_EARG;
  if (nn > LS_MAX_DENSE_ENTRIES) return LS_ETOOBIG;
  out->n = n;
  out->q = q;
  out->matrix = (double *)malloc((nn ? nn : 1) * sizeof(double));
  out->coeffs = (double *)malloc((size_t)(q ? q : 1) * sizeof(double));
  out->word = (int *)malloc(4 * sizeof(int));
  tmp = (double *)malloc((nn ? nn : 1) * sizeof(double));
  if (!out->matrix || !out->coeffs || !out->word || !tmp) {
    free(tmp);
    ls_element_free(out);
    return LS_ENOMEM;
  }
  for (i = 0; i < q; i++)
    out->coeffs[i] = -scale + 2 * scale * ls_rng_uniform(rng);
  if (G->h > 0) {
    out->len = (int)ls_rng_integer(rng, 0, 4);
    for (i = 0; i < out->len; i++)
      out->word[i] = (int)ls_rng_integer(rng, 1, G->h) - 1;
  }
  st = ls_algebra_exp(G->g, out->coeffs, out->matrix);
  if (st == LS_ENONFINITE || st == LS_EOVERFLOW || st > 0) st = LS_EARG;  /* scale too large */
  for (i = 0; st == LS_OK && i < out->len; i++) {
    ls_gemm('N', 'N', n, n, n, 1.0, out->matrix, n,
            G->disc + (size_t)out->word[i] * nn, n, 0.0, tmp, n);
    memcpy(out->matrix, tmp, nn * sizeof(double));
  }
  if (st == LS_OK && !ls_allfinite(out->matrix, nn)) st = LS_EARG;
  free(tmp);
  if (st != LS_OK) ls_element_free(out);
  return st;
}

/* }====================================================== */
