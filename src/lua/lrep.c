/*
** lrep.c — the numerical side of representations: Kronecker-structured
** products and the fixed-vector solver behind ls.enforce for tensor
** products of small representations.  The Lua layer (lua/liesym/action.lua)
** decides the structure; this file does the arithmetic.
*/
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "chebyshev.h"
#include "kron.h"
#include "linalg.h"
#include "nullspace.h"
#include "lmatrix.h"

/* the largest representation the dense solvers accept: its Gram matrix is
   n^2 doubles (2 GiB at this bound) */
#define MAX_DENSE_DIM 16384
/* at or below this dimension the stacked constraint is decomposed by SVD
   (more accurate); above it the Gram matrix is cheaper by a factor ~q */
#define SVD_MAX_DIM 300
/* above this dimension the default is the iterative solver: the dense
   Gram eigen-solve costs O(n^3) */
#define GRAM_MAX_DIM 4096
/* the iterative solver's representations may be far larger than dense */
#define MAX_ITERATIVE_DIM (1 << 26)

#define MAX_FACTORS 32
#define MAX_GENERATORS 256


/***
Representations: Kronecker-structured products and the fixed-vector solver.
@module liesym
*/

/* matrices of a Lua array at arg into mats[]; returns their count */
static int check_matrix_list (lua_State *L, int arg, lsL_Matrix **mats,
                              int square) {
  int n, k;
  luaL_checktype(L, arg, LUA_TTABLE);
  n = (int)luaL_len(L, arg);
  luaL_argcheck(L, n >= 1 && n <= MAX_FACTORS, arg,
                "list of 1 to 32 matrices expected");
  for (k = 1; k <= n; k++) {
    lua_geti(L, arg, k);
    mats[k - 1] = lsL_testmatrix(L, -1);
    if (mats[k - 1] == NULL)
      luaL_argerror(L, arg, lua_pushfstring(L, "matrix expected at entry %d, "
                                            "got %s", k, luaL_typename(L, -1)));
    if (square && mats[k - 1]->rows != mats[k - 1]->cols)
      luaL_argerror(L, arg, lua_pushfstring(L, "entry %d is %dx%d, square "
                                            "expected", k, mats[k - 1]->rows,
                                            mats[k - 1]->cols));
    lua_pop(L, 1);  /* still referenced by the table */
  }
  return n;
}


/* product of sizes with an overflow check against the dense bound */
static int checked_prod (lua_State *L, int p, const int *d, const char *fn) {
  double n = 1;
  int k;
  for (k = 0; k < p; k++) n *= d[k];
  if (n > (double)(1 << 30))
    luaL_error(L, "%s: Kronecker dimension %f is too large", fn, n);
  return (int)n;
}


/***
(F_1 ⊗ ... ⊗ F_p)·X without forming the Kronecker product.
@function kron_apply
@tparam {Matrix,...} factors
@tparam Matrix X with prod(cols of F_k) rows
@treturn Matrix
*/
static int l_kron_apply (lua_State *L) {
  lsL_Matrix *f[MAX_FACTORS], *x, *y;
  const double *fd[MAX_FACTORS];
  int d[MAX_FACTORS], e[MAX_FACTORS];
  int p = check_matrix_list(L, 1, f, 0), k, nin, nout;
  x = lsL_checkmatrix(L, 2);
  for (k = 0; k < p; k++) { d[k] = f[k]->rows; e[k] = f[k]->cols; fd[k] = f[k]->data; }
  nin = checked_prod(L, p, e, "kron_apply");
  nout = checked_prod(L, p, d, "kron_apply");
  if (x->rows != nin)
    luaL_error(L, "shape mismatch in 'kron_apply': operator takes %d rows, "
               "got %dx%d", nin, x->rows, x->cols);
  y = lsL_newmatrix(L, nout, x->cols);
  lsL_checkstatus(L, ls_kron_apply(p, d, e, fd, x->cols, x->data, y->data),
                  "kron_apply", "failed (%d)");
  return 1;
}


/***
(Σ_k I ⊗ .. A_k .. ⊗ I)·X for square A_k, without forming the sum.
@function kronsum_apply
@tparam {Matrix,...} terms
@tparam Matrix X
@treturn Matrix
*/
static int l_kronsum_apply (lua_State *L) {
  lsL_Matrix *a[MAX_FACTORS], *x, *y;
  const double *ad[MAX_FACTORS];
  int d[MAX_FACTORS];
  int p = check_matrix_list(L, 1, a, 1), k, n;
  x = lsL_checkmatrix(L, 2);
  for (k = 0; k < p; k++) { d[k] = a[k]->rows; ad[k] = a[k]->data; }
  n = checked_prod(L, p, d, "kronsum_apply");
  if (x->rows != n)
    luaL_error(L, "shape mismatch in 'kronsum_apply': operator takes %d "
               "rows, got %dx%d", n, x->rows, x->cols);
  y = lsL_newmatrix(L, n, x->cols);
  lsL_checkstatus(L, ls_kronsum_apply(p, d, ad, x->cols, x->data, y->data),
                  "kronsum_apply", "failed (%d)");
  return 1;
}


/* {======================================================
** fixed_space(factors, opts): vectors v of V_1 (x) ... (x) V_p with
** dρ(ξ_i) v = 0 for every algebra generator and ρ(h_j) v = v for every
** discrete generator.  factors[k] = {drho = {q matrices}, rho = {h
** matrices}}, all of order d[k].
** ======================================================= */

typedef struct Factors {
  int p, q, h, n;
  int d[MAX_FACTORS];
  const double *dr[MAX_FACTORS * MAX_GENERATORS];  /* dr[i*p + k] */
  const double *rh[MAX_FACTORS * MAX_GENERATORS];  /* rh[j*p + k] */
} Factors;


static int read_field_list (lua_State *L, int t, const char *field,
                            const double **out, int stride, int k, int dim,
                            int factor) {
  int n, i;
  if (lua_getfield(L, t, field) != LUA_TTABLE)
    luaL_error(L, "fixed_space: factor %d: field '%s' must be a list of "
               "matrices", factor, field);
  n = (int)luaL_len(L, -1);
  if (n > MAX_GENERATORS)
    luaL_error(L, "fixed_space: at most %d generators", MAX_GENERATORS);
  for (i = 1; i <= n; i++) {
    lsL_Matrix *m;
    lua_geti(L, -1, i);
    m = lsL_testmatrix(L, -1);
    if (m == NULL || m->rows != dim || m->cols != dim)
      luaL_error(L, "fixed_space: factor %d: %s[%d] must be a %dx%d matrix",
                 factor, field, i, dim, dim);
    out[(i - 1) * stride + k] = m->data;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return n;
}


static void read_factors (lua_State *L, int arg, Factors *f) {
  int k;
  double n = 1;
  luaL_checktype(L, arg, LUA_TTABLE);
  f->p = (int)luaL_len(L, arg);
  luaL_argcheck(L, f->p >= 1 && f->p <= MAX_FACTORS, arg,
                "list of 1 to 32 factors expected");
  for (k = 0; k < f->p; k++) {  /* first pass: dimensions */
    lua_geti(L, arg, k + 1);
    if (!lua_istable(L, -1))
      luaL_error(L, "fixed_space: factor %d must be a table", k + 1);
    lua_getfield(L, -1, "dim");
    {
      int isint;
      lua_Integer dk = lua_tointegerx(L, -1, &isint);
      if (!isint)
        luaL_error(L, "fixed_space: factor %d: field 'dim' must be an integer, "
                   "got %s", k + 1, luaL_typename(L, -1));
      if (dk < 1 || dk > MAX_ITERATIVE_DIM)
        luaL_error(L, "fixed_space: factor %d has dim < 1 or too large", k + 1);
      f->d[k] = (int)dk;
    }
    n *= f->d[k];
    lua_pop(L, 2);
  }
  if (n > MAX_ITERATIVE_DIM)
    luaL_error(L, "fixed_space: representation of dimension %f is too large "
               "(at most %d)", n, MAX_ITERATIVE_DIM);
  f->n = (int)n;
  for (k = 0; k < f->p; k++) {
    int q, h;
    lua_geti(L, arg, k + 1);
    q = read_field_list(L, -1, "drho", f->dr, f->p, k, f->d[k], k + 1);
    h = read_field_list(L, -1, "rho", f->rh, f->p, k, f->d[k], k + 1);
    if (k == 0) { f->q = q; f->h = h; }
    else if (q != f->q || h != f->h)
      luaL_error(L, "fixed_space: factor %d has %d algebra and %d discrete "
                 "generators, factor 1 has %d and %d", k + 1, q, h, f->q,
                 f->h);
    lua_pop(L, 1);
  }
}


/* the stacked constraint [C_1; ..; C_q; P_1 - I; ..] as one dense matrix */
static lsL_Matrix *stacked_constraint (lua_State *L, Factors *f) {
  int n = f->n, m = (f->q + f->h) * n, i, j, r;
  lsL_Matrix *c = lsL_newmatrix(L, m, n);
  lsL_Matrix *eye = lsL_newmatrix(L, n, n);
  lsL_Matrix *blk = lsL_newmatrix(L, n, n);
  for (i = 0; i < n; i++) MAT_AT(eye, i, i) = 1.0;
  for (i = 0; i < f->q + f->h; i++) {
    int st;
    if (i < f->q)
      st = ls_kronsum_apply(f->p, f->d, f->dr + (size_t)i * f->p, n,
                            eye->data, blk->data);
    else {
      st = ls_kron_apply(f->p, f->d, f->d, f->rh + (size_t)(i - f->q) * f->p,
                         n, eye->data, blk->data);
      for (r = 0; r < n; r++) MAT_AT(blk, r, r) -= 1.0;
    }
    lsL_checkstatus(L, st, "fixed_space", "failed (%d)");
    for (j = 0; j < n; j++)
      memcpy(&MAT_AT(c, i * n, j), &MAT_AT(blk, 0, j), (size_t)n * sizeof(double));
  }
  lua_pop(L, 2);
  return c;
}


static double opt_tol (lua_State *L, int arg) {
  double tol = -1;
  if (lua_istable(L, arg)) {
    if (lua_getfield(L, arg, "tol") != LUA_TNIL) {
      tol = luaL_checknumber(L, -1);
      if (!(tol >= 0) || !isfinite(tol))
        luaL_error(L, "fixed_space: option 'tol' must be a finite "
                   "non-negative number");
    }
    lua_pop(L, 1);
  }
  return tol;
}


enum { METHOD_SVD, METHOD_GRAM, METHOD_ITERATIVE };

static int opt_method (lua_State *L, int arg, int n) {
  int method = (n <= SVD_MAX_DIM) ? METHOD_SVD
             : (n <= GRAM_MAX_DIM) ? METHOD_GRAM : METHOD_ITERATIVE;
  if (lua_istable(L, arg)) {
    if (lua_getfield(L, arg, "method") != LUA_TNIL) {
      const char *const names[] = {"svd", "gram", "iterative", NULL};
      method = luaL_checkoption(L, -1, NULL, names);
    }
    lua_pop(L, 1);
  }
  if (method != METHOD_ITERATIVE && n > MAX_DENSE_DIM)
    luaL_error(L, "fixed_space: representation of dimension %d is too large "
               "for the dense solvers (at most %d): use method 'iterative'",
               n, MAX_DENSE_DIM);
  return method;
}


static int opt_int (lua_State *L, int arg, const char *field, int def,
                    int lo, int hi) {
  int v = def;
  if (lua_istable(L, arg)) {
    if (lua_getfield(L, arg, field) != LUA_TNIL) {
      lua_Integer x = luaL_checkinteger(L, -1);
      if (x < lo || x > hi)
        luaL_error(L, "fixed_space: option '%s' must be in %d..%d", field,
                   lo, hi);
      v = (int)x;
    }
    lua_pop(L, 1);
  }
  return v;
}


static int fixed_by_svd (lua_State *L, Factors *f, double tol) {
  int n = f->n, m = (f->q + f->h) * n, r, i, j;
  lsL_Matrix *c = stacked_constraint(L, f);
  lsL_Matrix *s = lsL_newmatrix(L, n, 1);
  lsL_Matrix *vt = lsL_newmatrix(L, n, n), *basis;
  lsL_checkstatus(L, ls_svd_right(m, n, c->data, s->data, vt->data),
                  "fixed_space", "SVD did not converge (%d)");
  if (tol < 0) tol = ls_default_tol(m, n, s->data[0]);
  for (r = 0; r < n && s->data[r] > tol; r++) ;
  basis = lsL_newmatrix(L, n, n - r);
  for (j = 0; j < n - r; j++)
    for (i = 0; i < n; i++) MAT_AT(basis, i, j) = MAT_AT(vt, r + j, i);
  lsL_push_spectrum(L, s->data, n, tol, r, n);
  lua_pushliteral(L, "svd");
  lua_setfield(L, -2, "method");
  return 2;
}


static int fixed_by_gram (lua_State *L, Factors *f, double tol) {
  int n = f->n, m = (f->q + f->h) * n, k, i;
  lsL_Matrix *g = lsL_newmatrix(L, n, n);
  lsL_Matrix *d = lsL_newmatrix(L, n, 1), *e = lsL_newmatrix(L, n, 1);
  lsL_Matrix *tau = lsL_newmatrix(L, n, 1), *w = lsL_newmatrix(L, n, 1);
  lsL_Matrix *sigma = lsL_newmatrix(L, n, 1), *basis;
  lsL_checkstatus(L, ls_tensor_gram(f->p, f->d, f->q, f->dr, f->h, f->rh,
                                    g->data), "fixed_space", "failed (%d)");
  lsL_checkstatus(L, ls_gram_reduce(n, g->data, d->data, e->data, tau->data,
                                    w->data), "fixed_space",
                  "eigensolver did not converge (%d)");
  /* singular values of the stacked constraint, descending */
  for (i = 0; i < n; i++) {
    double v = w->data[n - 1 - i];
    sigma->data[i] = v > 0 ? sqrt(v) : 0.0;
  }
  /* eigenvalues of G carry absolute errors ~ n*eps*lambda_max, so singular
     values below sqrt(max(m,n)*eps)*sigma_max are indistinguishable from 0 */
  if (tol < 0) tol = sqrt((double)(m > n ? m : n) * DBL_EPSILON) * sigma->data[0];
  for (k = 0; k < n && sigma->data[n - 1 - k] <= tol; k++) ;
  basis = lsL_newmatrix(L, n, k);
  lsL_checkstatus(L, ls_gram_smallest(n, g->data, d->data, e->data, tau->data,
                                      k, basis->data),
                  "fixed_space", "eigenvectors did not converge (%d)");
  lsL_push_spectrum(L, sigma->data, n, tol, n - k, n);
  lua_pushliteral(L, "gram");
  lua_setfield(L, -2, "method");
  return 2;
}


/* {======================================================
** The iterative solver: the Gram operator applied matrix-free
** ======================================================= */

typedef struct GramOp {
  Factors *f;
  const double *drt[MAX_FACTORS * MAX_GENERATORS];  /* transposes of dr */
  const double *rht[MAX_FACTORS * MAX_GENERATORS];  /* transposes of rh */
} GramOp;


static int gram_apply (void *ctx, int ncols, const double *x, double *y) {
  GramOp *op = (GramOp *)ctx;
  Factors *f = op->f;
  return ls_tensor_gram_apply(f->p, f->d, f->q, f->dr, op->drt, f->h, f->rh,
                              op->rht, ncols, x, y);
}


/* the 2-norm of a small square matrix */
static double norm2 (lua_State *L, const double *a, int d) {
  lsL_Matrix *s = lsL_newmatrix(L, d, 1);
  double v;
  lsL_checkstatus(L, ls_svd(d, d, a, NULL, s->data, NULL), "fixed_space",
                  "SVD did not converge (%d)");
  v = s->data[0];
  lua_pop(L, 1);
  return v;
}


/* result buffers of the iterative solver, freed by the collector even when
   an error escapes */
typedef struct Box { ls_IterResult r; } Box;

static int box_gc (lua_State *L) {
  Box *b = (Box *)lua_touserdata(L, 1);
  free(b->r.x);
  free(b->r.theta);
  b->r.x = b->r.theta = NULL;
  return 0;
}


static int fixed_by_iterative (lua_State *L, Factors *f, double tol, int b0,
                               int maxit) {
  int n = f->n, m = (f->q + f->h) * n, i, j, k, idx = 0, st;
  size_t total = 0;
  GramOp *op = (GramOp *)lua_newuserdatauv(L, sizeof(GramOp), 0);
  lsL_Matrix *tr, *basis, *sigma;
  double ub = 0.0, cut;
  Box *box;
  ls_Rng rng;
  op->f = f;
  for (k = 0; k < f->p; k++) total += (size_t)f->d[k] * f->d[k];
  tr = lsL_newmatrix(L, (int)(total * (f->q + f->h)), 1);
  for (j = 0; j < f->q + f->h; j++) {  /* transposes and the bound on G */
    double gen = 0.0, prod = 1.0;
    for (k = 0; k < f->p; k++) {
      int dk = f->d[k];
      const double *a = (j < f->q) ? f->dr[(size_t)j * f->p + k]
                                   : f->rh[(size_t)(j - f->q) * f->p + k];
      double *at = tr->data + idx;
      ls_transpose(dk, dk, a, at);
      idx += dk * dk;
      if (j < f->q) { op->drt[(size_t)j * f->p + k] = at; gen += norm2(L, a, dk); }
      else { op->rht[(size_t)(j - f->q) * f->p + k] = at; prod *= norm2(L, a, dk); }
    }
    ub += (j < f->q) ? gen * gen : (prod + 1) * (prod + 1);
  }
  /* lambda_max <= ub, so sqrt(ub) bounds the largest singular value */
  if (tol < 0) tol = sqrt((double)(m > n ? m : n) * DBL_EPSILON) * sqrt(ub);
  cut = tol * tol;
  box = (Box *)lua_newuserdatauv(L, sizeof(Box), 0);
  memset(box, 0, sizeof(*box));
  lua_newtable(L);
  lua_pushcfunction(L, box_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  ls_rng_seed(&rng, 20231101);  /* a fixed start: results are repeatable */
  st = ls_psd_null(n, gram_apply, op, ub, cut, b0, maxit, &rng, &box->r);
  if (st == LS_ENOCONV)
    luaL_error(L, "fixed_space: the iterative solver did not converge in %d "
               "iterations (block %d); raise 'maxit' or use a dense method",
               maxit, box->r.b);
  lsL_checkstatus(L, st, "fixed_space", "failed (%d)");
  basis = lsL_newmatrix(L, n, box->r.k);
  memcpy(basis->data, box->r.x, (size_t)n * box->r.k * sizeof(double));
  sigma = lsL_newmatrix(L, box->r.b, 1);  /* Ritz singular values, descending */
  for (i = 0; i < box->r.b; i++) {
    double v = box->r.theta[box->r.b - 1 - i];
    sigma->data[i] = v > 0 ? sqrt(v) : 0.0;
  }
  /* values: the block's Ritz singular values only (those near the cut);
     the rank is that of the whole constraint */
  lsL_push_spectrum(L, sigma->data, box->r.b, tol, box->r.b - box->r.k, n);
  lua_pushinteger(L, n - box->r.k);
  lua_setfield(L, -2, "rank");
  lua_pushliteral(L, "iterative");
  lua_setfield(L, -2, "method");
  lua_pushinteger(L, box->r.iterations);
  lua_setfield(L, -2, "iterations");
  lua_pushinteger(L, (lua_Integer)box->r.products);
  lua_setfield(L, -2, "products");
  lua_pushnumber(L, sqrt(ub));
  lua_setfield(L, -2, "sigma_bound");
  lua_remove(L, -2);  /* sigma */
  return 2;
}

/* }====================================================== */


/***
Orthonormal basis of the fixed vectors of a tensor product of
representations, and the spectrum of the constraint.
@function fixed_space
@tparam {table,...} factors each {dim = d, drho = {...}, rho = {...}}
@tparam[opt] table opts {tol = σ threshold, method = "svd"|"gram"|"iterative",
block = starting block size, maxit = outer iterations (iterative only)}
@treturn Matrix basis (columns)
@treturn table {values, tol, rank, gap, method}
*/
static int l_fixed_space (lua_State *L) {
  Factors *f;
  double tol;
  int method, i;
  lua_settop(L, 2);
  /* too big for the C stack; a userdata is freed by the collector even
     when an error escapes */
  f = (Factors *)lua_newuserdatauv(L, sizeof(Factors), 0);
  read_factors(L, 1, f);
  tol = opt_tol(L, 2);
  method = opt_method(L, 2, f->n);
  if (f->q + f->h == 0) {  /* no constraint: every vector is fixed */
    lsL_Matrix *b = lsL_newmatrix(L, f->n, f->n);
    for (i = 0; i < f->n; i++) MAT_AT(b, i, i) = 1.0;
    lsL_push_spectrum(L, NULL, 0, 0.0, 0, f->n);
    lua_pushliteral(L, "none");
    lua_setfield(L, -2, "method");
    return 2;
  }
  if (method == METHOD_SVD) return fixed_by_svd(L, f, tol);
  if (method == METHOD_GRAM) return fixed_by_gram(L, f, tol);
  return fixed_by_iterative(L, f, tol, opt_int(L, 2, "block", 32, 1, 1 << 20),
                            opt_int(L, 2, "maxit", 1000, 1, 1 << 30));
}

/* }====================================================== */


/***
Write B into A with its top-left corner at (i, j), in place.
@function set_block
*/
static int l_set_block (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1), *b;
  lua_Integer i = luaL_checkinteger(L, 2), j = luaL_checkinteger(L, 3);
  int c;
  b = lsL_checkmatrix(L, 4);
  if (i < 1 || j < 1 || i - 1 + b->rows > a->rows || j - 1 + b->cols > a->cols)
    luaL_error(L, "set_block: a %dx%d block at (%I,%I) does not fit in a "
               "%dx%d matrix", b->rows, b->cols, i, j, a->rows, a->cols);
  for (c = 0; c < b->cols; c++)
    memcpy(&MAT_AT(a, i - 1, j - 1 + c), &MAT_AT(b, 0, c),
           (size_t)b->rows * sizeof(double));
  lua_settop(L, 1);
  return 1;
}


static const luaL_Reg funcs[] = {
  {"kron_apply", l_kron_apply},
  {"kronsum_apply", l_kronsum_apply},
  {"fixed_space", l_fixed_space},
  {NULL, NULL}
};

static const luaL_Reg methods[] = {
  {"set_block", l_set_block},
  {NULL, NULL}
};


void lsL_open_rep (lua_State *L) {
  luaL_setfuncs(L, funcs, 0);
  lsL_matrix_methods(L, methods);
}
