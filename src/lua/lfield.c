/*
** lfield.c — bindings of grids and operators on sampled fields
** (src/core/grid.c, model_grid.c).  A grid reaches C as the spec table
** the Lua layer (lua/liesym/field.lua) checked: {dim, n1, n2, lo1, hi1,
** lo2, hi2, periodic, order, nyquist}; these functions check shapes only.
*/
#include <math.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "convfit.h"
#include "dense.h"
#include "grid.h"
#include "lmatrix.h"
#include "ltypes.h"
#include "lutil.h"


static double spec_number (lua_State *L, int t, const char *key) {
  double v;
  lsL_rawfield(L, t, key);
  v = lua_tonumber(L, -1);
  lua_pop(L, 1);
  return v;
}


/* the grid described by the spec table at t */
static void read_grid (lua_State *L, int t, const char *fname, ls_Grid *g) {
  static const char *const nyq[] = {"mode", "zero", NULL};
  luaL_checktype(L, t, LUA_TTABLE);
  memset(g, 0, sizeof(*g));
  g->dim = (int)spec_number(L, t, "dim");
  g->n[0] = (int)spec_number(L, t, "n1");
  g->n[1] = g->dim > 1 ? (int)spec_number(L, t, "n2") : 1;
  g->lo[0] = spec_number(L, t, "lo1");
  g->hi[0] = spec_number(L, t, "hi1");
  g->lo[1] = g->dim > 1 ? spec_number(L, t, "lo2") : 0.0;
  g->hi[1] = g->dim > 1 ? spec_number(L, t, "hi2") : 1.0;
  lsL_rawfield(L, t, "periodic");
  g->periodic = lua_toboolean(L, -1);
  lua_pop(L, 1);
  g->order = (int)spec_number(L, t, "order");
  g->nyquist = lsL_optenum(L, t, "nyquist", fname, nyq, LS_NYQUIST_MODE);
  if (ls_grid_check(g) != LS_OK) lsL_error(L, "%s: invalid grid", fname);
}


/* core.field_points(grid) -> N x dim */
static int l_points (lua_State *L) {
  ls_Grid g;
  read_grid(L, 1, "points", &g);
  ls_grid_points(&g, lsL_newmatrix(L, (int)ls_grid_size(&g), g.dim)->data);
  return 1;
}


/* core.field_weights(grid) -> N x 1 */
static int l_weights (lua_State *L) {
  ls_Grid g;
  read_grid(L, 1, "weights", &g);
  ls_grid_weights(&g, lsL_newmatrix(L, (int)ls_grid_size(&g), 1)->data);
  return 1;
}


/* core.field_derivative(grid, axis) -> n_a x n_a (axis 1-based) */
static int l_derivative (lua_State *L) {
  ls_Grid g;
  int a, st;
  lsL_Matrix *d;
  read_grid(L, 1, "derivative", &g);
  a = (int)luaL_checkinteger(L, 2) - 1;
  if (a < 0 || a >= g.dim) return lsL_argerr(L, 2, "derivative", "axis in 1..%d expected", g.dim);
  d = lsL_newmatrix(L, g.n[a], g.n[a]);
  st = ls_grid_derivative(&g, a, d->data);
  if (st != LS_OK) return lsL_status(L, st, "derivative", NULL);
  return 1;
}


/* the axes' derivative matrices, in userdata left on the stack */
static const double *const *derivatives (lua_State *L, const ls_Grid *g, const char *fname) {
  const double **d = (const double **)lua_newuserdatauv(L, sizeof(double *) * LS_GRID_MAXDIM, 0);
  int a;
  for (a = 0; a < g->dim; a++) {
    lsL_Matrix *m = lsL_newmatrix(L, g->n[a], g->n[a]);
    int st = ls_grid_derivative(g, a, m->data);
    if (st != LS_OK) lsL_status(L, st, fname, "differentiating");
    d[a] = m->data;
    lua_insert(L, -2);   /* the userdata of d stays on top */
  }
  return d;
}


/* the q fiber matrices (c x c) in field `key` of the spec at t, or NULL */
static const double **fibers (lua_State *L, int t, const char *key, int q, int c,
                              const char *fname) {
  const double **out;
  int i;
  if (lsL_rawfield(L, t, key) == LUA_TNIL) { lua_pop(L, 1); return NULL; }
  if (!lua_istable(L, -1)) lsL_error(L, "%s: '%s' must be a list", fname, key);
  out = (const double **)lua_newuserdatauv(L, ((size_t)q + 1) * sizeof(double *), 0);
  for (i = 0; i < q; i++) {
    lsL_Matrix *m;
    lua_rawgeti(L, -2, i + 1);
    m = lsL_testmatrix(L, -1);
    if (m == NULL || m->rows != c || m->cols != c)
      lsL_error(L, "%s: %s[%d] must be a %dx%d matrix", fname, key, i + 1, c, c);
    out[i] = m->data;
    lua_pop(L, 1);   /* the list keeps it */
  }
  lua_remove(L, -2);   /* the spec keeps the list */
  return out;
}


/* the q generators on c-component fields as sparse matrices, in a
   userdata left on the stack that releases them when collected */
#define GENS_T "liesym.FieldGenerators"

typedef struct Gens { int q; ls_Sm *m[1]; } Gens;

static int gens_gc (lua_State *L) {
  Gens *G = (Gens *)luaL_checkudata(L, 1, GENS_T);
  int i;
  for (i = 0; i < G->q; i++) { ls_sm_release(G->m[i]); G->m[i] = NULL; }
  return 0;
}

static Gens *new_gens (lua_State *L, int q) {
  Gens *G = (Gens *)lua_newuserdatauv(L, sizeof(Gens) + (size_t)q * sizeof(ls_Sm *), 0);
  G->q = 0;
  luaL_setmetatable(L, GENS_T);
  return G;
}

static Gens *build_generators (lua_State *L, const ls_Grid *g, const ls_Field *f, int q,
                               int c, const double *const *M, const char *fname) {
  const double *const *d = derivatives(L, g, fname);
  Gens *G = new_gens(L, q);
  int i, st;
  for (i = 0; i < q; i++) {
    G->m[i] = NULL;
    st = ls_grid_generator(g, d, &f[i], c, M ? M[i] : NULL, &G->m[i]);
    G->q = i + 1;
    if (st != LS_OK) lsL_status(L, st, fname, "discretising the fields");
  }
  return G;
}


/* the number in field key of the table at t, as a positive int */
static int spec_count (lua_State *L, int t, const char *key, const char *fname) {
  lua_Integer v;
  lsL_rawfield(L, t, key);
  if (!lsL_toint(L, -1, &v) || v < 1 || v > 1 << 20)
    lsL_error(L, "%s: '%s' must be a positive integer", fname, key);
  lua_pop(L, 1);
  return (int)v;
}


/* core.field_generators(grid, spec) -> {D_1, ...}: spec = the fields
   (lsL_readfields), c (components) and fiber = {M_1, ...} (optional) */
static int l_generators (lua_State *L) {
  static const char *const fname = "generators";
  ls_Grid g;
  const ls_Field *f;
  const double **M;
  int q, c, i;
  int64_t N;
  Gens *G;
  read_grid(L, 1, fname, &g);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  luaL_checkstack(L, 40, fname);
  N = ls_grid_size(&g);
  f = lsL_readfields(L, 2, g.dim, &q, fname);
  c = spec_count(L, 2, "c", fname);
  M = fibers(L, 2, "fiber", q, c, fname);
  if ((double)c * N * c * N > (double)INT32_MAX)
    return lsL_error(L, "%s: %d-component fields on %d points are too many for dense "
                     "generators", fname, c, (int)N);
  G = build_generators(L, &g, f, q, c, M, fname);
  lua_createtable(L, q, 0);
  for (i = 0; i < q; i++) {
    lsL_Matrix *D = lsL_newmatrix(L, (int)(c * N), (int)(c * N));
    ls_sm_to_dense(G->m[i], D->data);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}


/* a sparse copy of the matrix at index idx (rows x cols) */
static ls_Sm *sm_of (lua_State *L, int idx, int rows, int cols, const char *what,
                     const char *fname) {
  lsL_Matrix *m = lsL_testmatrix(L, idx);
  ls_Sm *out = NULL;
  int st;
  if (m == NULL || m->rows != rows || m->cols != cols)
    lsL_error(L, "%s: %s must be a %dx%d matrix", fname, what, rows, cols);
  if ((st = ls_sm_dense(rows, cols, m->data, &out)) != LS_OK) lsL_status(L, st, fname, NULL);
  return out;
}


/* core.lieop_grid(grid, spec) -> LieOp of K ((c_out N) x (c_in N)): spec
   = the fields, c_in, c_out, fiber_in, fiber_out (optional lists),
   weights (true: the grid's quadrature), test (c_in N x r test fields),
   discrete = {{pout = , pin_inv_t = }, ...} */
static int l_lieop_grid (lua_State *L) {
  const char *fname = luaL_optstring(L, 3, "grid_operator");
  ls_Grid g;
  ls_GridOpSpec s;
  const ls_Field *f;
  const double **Min, **Mout;
  int q, cin, cout, i, h = 0, st;
  int64_t N;
  Gens *Gin, *Gout;
  double *w = NULL, *win = NULL, *wout = NULL;
  int weighted;
  ls_Op *op = NULL;
  int side = (int)luaL_optinteger(L, 4, 0);
  if (side < 0 || side > 2) return luaL_argerror(L, 4, "side 0, 1 or 2 expected");
  read_grid(L, 1, fname, &g);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 4);   /* fname (argument 3) stays anchored */
  luaL_checkstack(L, 48, fname);
  N = ls_grid_size(&g);
  f = lsL_readfields(L, 2, g.dim, &q, fname);
  cin = spec_count(L, 2, "c_in", fname);
  cout = spec_count(L, 2, "c_out", fname);
  Min = fibers(L, 2, "fiber_in", q, cin, fname);
  Mout = fibers(L, 2, "fiber_out", q, cout, fname);
  if ((double)cin * N * cout * N > (double)INT32_MAX)
    return lsL_error(L, "%s: an operator on %d points with %d and %d components has too "
                     "many entries (at most 2^31)", fname, (int)N, cin, cout);
  memset(&s, 0, sizeof(s));
  s.nin = (int)(cin * N);
  s.nout = (int)(cout * N);
  s.q = q;
  s.side = side;
  if (cin == 1 && cout == 1 && Min == NULL && Mout == NULL) {   /* axis operators */
    s.grid = &g;
    s.deriv = derivatives(L, &g, fname);
    s.fields = f;
  }
  else {
    Gin = build_generators(L, &g, f, q, cin, Min, fname);
    Gout = build_generators(L, &g, f, q, cout, Mout, fname);
    s.din = Gin->m;
    s.dout = Gout->m;
  }
  lsL_rawfield(L, 2, "weights");
  weighted = lua_toboolean(L, -1);
  lua_pop(L, 1);   /* before the userdata below: they must stay anchored */
  if (weighted) {
    int64_t p;
    int o;
    w = (double *)lua_newuserdatauv(L, (size_t)N * sizeof(double), 0);
    win = (double *)lua_newuserdatauv(L, (size_t)s.nin * sizeof(double), 0);
    wout = (double *)lua_newuserdatauv(L, (size_t)s.nout * sizeof(double), 0);
    ls_grid_weights(&g, w);
    for (o = 0; o < cin; o++) for (p = 0; p < N; p++) win[o * N + p] = w[p];
    for (o = 0; o < cout; o++) for (p = 0; p < N; p++) wout[o * N + p] = w[p];
    s.w_in = win;
    s.w_out = wout;
  }
  if (lsL_rawfield(L, 2, "test") != LUA_TNIL) {
    lsL_Matrix *T = lsL_testmatrix(L, -1);
    if (T == NULL || T->rows != s.nin || T->cols < 1)
      return lsL_error(L, "%s: 'test' must be a matrix of %d rows", fname, s.nin);
    s.test = T->data;   /* the spec keeps it */
    s.ntest = T->cols;
  }
  lua_pop(L, 1);
  if (lsL_rawfield(L, 2, "discrete") == LUA_TTABLE) h = (int)lua_rawlen(L, -1);
  if (h > 0) {
    int list = lua_gettop(L);
    Gens *Po = new_gens(L, h), *Pi = new_gens(L, h);
    for (i = 0; i < h; i++) {
      lua_rawgeti(L, list, i + 1);
      if (!lua_istable(L, -1)) lsL_error(L, "%s: discrete[%d] must be a table", fname, i + 1);
      lua_pushliteral(L, "pout");
      lua_rawget(L, -2);
      Po->m[i] = sm_of(L, -1, s.nout, s.nout, "a discrete map on output fields", fname);
      Po->q = i + 1;
      lua_pushliteral(L, "pin_inv_t");
      lua_rawget(L, -3);
      Pi->m[i] = sm_of(L, -1, s.nin, s.nin, "a discrete map on input fields", fname);
      Pi->q = i + 1;
      lua_pop(L, 3);
    }
    s.h = h;
    s.pout = Po->m;
    s.pin_inv_t = Pi->m;
  }
  st = ls_model_grid(&s, &op);
  if (st != LS_OK) return lsL_status(L, st, fname, "building the operator");
  lsL_pushop(L, op);
  return 1;
}


/* core.field_convolutions(grid) -> Subspace: the translation-equivariant
   operators on scalar fields of a periodic grid (grid.h) */
static int l_convolutions (lua_State *L) {
  ls_Grid g;
  ls_Fixed *F = NULL;
  int st;
  read_grid(L, 1, "enforce", &g);
  st = ls_grid_convolutions(&g, &F);
  if (st == LS_ETOOBIG)
    return lsL_error(L, "enforce: %d points give %f operator entries, more than the "
                     "orbit solver's 2^28", (int)ls_grid_size(&g),
                     (double)ls_grid_size(&g) * (double)ls_grid_size(&g));
  if (st != LS_OK) return lsL_status(L, st, "enforce", NULL);
  lsL_pushsubspace(L, F);
  return 1;
}


/* core.field_shift(grid, axis, cells) -> the N x N permutation matrix */
static int l_shift (lua_State *L) {
  ls_Grid g;
  int a, cells, st;
  int64_t N, p;
  int *perm;
  lsL_Matrix *P;
  read_grid(L, 1, "shift", &g);
  a = (int)luaL_checkinteger(L, 2) - 1;
  cells = (int)luaL_checkinteger(L, 3);
  N = ls_grid_size(&g);
  if ((double)N * N > (double)INT32_MAX) return lsL_error(L, "shift: %d points are too many for a dense permutation", (int)N);
  perm = (int *)lua_newuserdatauv(L, (size_t)N * sizeof(int), 0);
  st = ls_grid_shift(&g, a, cells, perm);
  if (st != LS_OK) return lsL_status(L, st, "shift", NULL);
  P = lsL_newmatrix(L, (int)N, (int)N);
  memset(P->data, 0, (size_t)N * N * sizeof(double));
  for (p = 0; p < N; p++) P->data[p * N + perm[p]] = 1.0;
  return 1;
}


/* core.field_convolution(grid, c) -> K (N x N), K[p, r] = c[p - r] with
   the difference taken per axis modulo the periodic grid */
static int l_convolution (lua_State *L) {
  ls_Grid g;
  lsL_Matrix *c, *K;
  int64_t N, p, r;
  int n0;
  read_grid(L, 1, "convolution", &g);
  c = lsL_checkmatrix(L, 2);
  N = ls_grid_size(&g);
  n0 = g.n[0];
  if (!g.periodic) return lsL_error(L, "convolution: the grid is not periodic");
  if ((int64_t)MAT_N(c) != N) return lsL_error(L, "convolution: a field of %d values expected", (int)N);
  if ((double)N * N > (double)INT32_MAX) return lsL_error(L, "convolution: %d points are too many for a dense matrix", (int)N);
  K = lsL_newmatrix(L, (int)N, (int)N);
  for (r = 0; r < N; r++)
    for (p = 0; p < N; p++) {
      int d0 = (int)(p % n0 - r % n0), d1 = (int)(p / n0 - r / n0);
      if (d0 < 0) d0 += n0;
      if (d1 < 0) d1 += g.n[1];
      K->data[r * N + p] = c->data[d0 + (int64_t)n0 * d1];
    }
  return 1;
}


/* core.field_sample(X, f, c) -> N x c: f(x_1, ..., x_m) at each row of X,
   returning c numbers */
static int l_sample (lua_State *L) {
  static const char *const fname = "sample";
  lsL_Matrix *X = lsL_checkmatrix(L, 1), *Y, *Xc;
  int c, i, j, m, N;
  luaL_checktype(L, 2, LUA_TFUNCTION);
  c = (int)luaL_checkinteger(L, 3);
  N = X->rows;
  m = X->cols;
  luaL_checkstack(L, c + m + 4, fname);   /* f's arguments and c results */
  Xc = lsL_newmatrix(L, N, m);   /* f may change X: read a private copy */
  memcpy(Xc->data, X->data, MAT_N(X) * sizeof(double));
  Y = lsL_newmatrix(L, N, c);
  for (i = 0; i < N; i++) {
    lua_pushvalue(L, 2);
    for (j = 0; j < m; j++) lua_pushnumber(L, Xc->data[(size_t)j * N + i]);
    lua_call(L, m, c);
    for (j = 0; j < c; j++) {
      int isnum;
      double v = lua_tonumberx(L, -c + j, &isnum);
      if (!isnum)
        return lsL_error(L, "%s: the function returned %s at point %d, %d number%s expected",
                         fname, lsL_typename(L, -c + j), i + 1, c, c > 1 ? "s" : "");
      Y->data[(size_t)j * N + i] = v;
    }
    lua_pop(L, c);
  }
  return 1;
}


/* core.field_convolution_fit(grid, U, V[, gamma]) -> K, info: the exact
   (or, with gamma, the penalized) promote solve for the translation of a
   periodic 1-D grid (convfit.h); nil when the penalized solve does not
   apply (more than n / 2 pairs) */
static int l_convolution_fit (lua_State *L) {
  static const char *const fname = "promote";
  ls_Grid g;
  lsL_Matrix *U, *V, *K, *Uc, *Vc;
  double *lam, gamma = luaL_optnumber(L, 4, -1.0);
  ls_ConvFitInfo info;
  int n, st;
  read_grid(L, 1, fname, &g);
  if (!lua_isnoneornil(L, 4) && !(gamma > 0 && isfinite(gamma)))
    return lsL_argerr(L, 4, fname, "a positive finite gamma expected");
  U = lsL_checkmatrix(L, 2);
  V = lsL_checkmatrix(L, 3);
  n = g.n[0];
  if (g.dim != 1 || !g.periodic) return lsL_error(L, "%s: a periodic 1-D grid expected", fname);
  if (U->cols != n || V->cols != n || U->rows != V->rows || U->rows < 1)
    return lsL_error(L, "%s: input and output fields must be M x %d", fname, n);
  if (!ls_allfinite(U->data, MAT_N(U)) || !ls_allfinite(V->data, MAT_N(V)))
    return lsL_error(L, "%s: the fields have NaN or Inf entries", fname);
  /* private copies: nothing of the caller's is read after this */
  Uc = lsL_newmatrix(L, U->rows, n);
  memcpy(Uc->data, U->data, MAT_N(U) * sizeof(double));
  Vc = lsL_newmatrix(L, V->rows, n);
  memcpy(Vc->data, V->data, MAT_N(V) * sizeof(double));
  lam = (double *)lua_newuserdatauv(L, 2 * (size_t)n * sizeof(double), 0);
  ls_grid_spectrum(&g, 0, lam);
  K = lsL_newmatrix(L, n, n);
  if (gamma > 0) {
    st = ls_conv_fit_penalized(n, Uc->rows, lam, Uc->data, Vc->data, gamma, K->data, &info);
    if (st == LS_EUNSUPPORTED) { lua_pushnil(L); return 1; }
  }
  else st = ls_conv_fit(n, Uc->rows, lam, Uc->data, Vc->data, K->data, &info);
  if (st != LS_OK) return lsL_status(L, st, fname, "the Fourier-diagonal solve");
  lua_createtable(L, 0, 8);
  if (gamma > 0) {
    lua_pushnumber(L, info.mu);
    lua_setfield(L, -2, "mu");
    lua_pushnumber(L, info.gamma_max);
    lua_setfield(L, -2, "gamma_max");
    lua_pushnumber(L, info.stationarity);
    lua_setfield(L, -2, "stationarity");
    lua_pushinteger(L, info.evaluations);
    lua_setfield(L, -2, "evaluations");
  }
  lua_pushnumber(L, info.residual);
  lua_setfield(L, -2, "residual");
  lua_pushnumber(L, info.objective);
  lua_setfield(L, -2, "objective");
  lua_pushnumber(L, info.imag);
  lua_setfield(L, -2, "imag");
  lua_pushinteger(L, info.nonunique);
  lua_setfield(L, -2, "nonunique");
  return 2;
}


/* core._axis_check(n0, n1, axis, k, seed) -> the largest difference of the
   four blocked products of a random axis operator from their entrywise
   reference (smat.h), relative to the largest entry */
static int l_axis_check (lua_State *L) {
  int n0 = (int)luaL_checkinteger(L, 1), n1 = (int)luaL_checkinteger(L, 2),
      axis = (int)luaL_checkinteger(L, 3), k = (int)luaL_checkinteger(L, 4), side, trans, st;
  ls_Rng rng;
  ls_Sm *M = NULL;
  size_t N, na, t;
  double *A, *rs, *cs, *x, *y1, *y2, *dense, worst = 0.0, big = 0.0;
  luaL_argcheck(L, n0 >= 1 && n1 >= 1 && (double)n0 * n1 <= 4096, 1, "a small grid expected");
  luaL_argcheck(L, axis == 0 || axis == 1, 3, "axis 0 or 1 expected");
  luaL_argcheck(L, k >= 1 && k <= 64, 4, "1..64 columns expected");
  ls_rng_seed(&rng, (uint64_t)luaL_optinteger(L, 5, 1));
  N = (size_t)n0 * n1;
  na = (size_t)(axis == 0 ? n0 : n1);
  A = (double *)lua_newuserdatauv(L, (na * na + 2 * N + 3 * N * k + N * N) * sizeof(double), 0);
  rs = A + na * na;
  cs = rs + N;
  x = cs + N;
  y1 = x + N * k;
  y2 = y1 + N * k;
  dense = y2 + N * k;
  for (t = 0; t < na * na; t++) A[t] = ls_rng_normal(&rng);
  for (t = 0; t < N; t++) { rs[t] = ls_rng_normal(&rng); cs[t] = ls_rng_normal(&rng); }
  for (t = 0; t < N * k; t++) x[t] = ls_rng_normal(&rng);
  st = ls_sm_axis(n0, n1, axis, A, rs, cs, &M);
  if (st != LS_OK) return lsL_status(L, st, "axis_check", NULL);
  /* nothing below raises: M cannot leak */
  for (side = 0; side < 2; side++)
    for (trans = 0; trans < 2; trans++) {
      memset(y1, 0, N * k * sizeof(double));
      memset(y2, 0, N * k * sizeof(double));
      if (side == 0 && !trans) ls_sm_left(M, k, 0.5, x, y1);
      if (side == 0 && trans) ls_sm_left_t(M, k, 0.5, x, y1);
      if (side == 1 && trans) ls_sm_right_t(M, k, 0.5, x, y1);
      if (side == 1 && !trans) ls_sm_right(M, k, 0.5, x, y1);
      /* the reference's trans: right_t (x M^T) reads M[p, q] */
      ls_sm_axis_reference(M, side, side == 0 ? trans : !trans, k, 0.5, x, y2);
      for (t = 0; t < N * k; t++) {
        if (fabs(y1[t] - y2[t]) > worst) worst = fabs(y1[t] - y2[t]);
        if (fabs(y2[t]) > big) big = fabs(y2[t]);
      }
    }
  {   /* and the dense form */
    double *d = dense;
    size_t p, q;
    ls_sm_to_dense(M, d);
    memset(y1, 0, N * k * sizeof(double));
    ls_sm_left(M, k, 1.0, x, y1);
    for (t = 0; t < (size_t)k; t++)
      for (p = 0; p < N; p++) {
        double acc = 0.0;
        for (q = 0; q < N; q++) acc += d[q * N + p] * x[t * N + q];
        if (fabs(acc - y1[t * N + p]) > worst) worst = fabs(acc - y1[t * N + p]);
      }
  }
  ls_sm_release(M);
  lua_pushnumber(L, big > 0 ? worst / big : worst);
  return 1;
}


static const luaL_Reg funcs[] = {
  {"_axis_check", l_axis_check},
  {"field_convolution_fit", l_convolution_fit},
  {"field_points", l_points}, {"field_weights", l_weights},
  {"field_derivative", l_derivative}, {"field_generators", l_generators},
  {"lieop_grid", l_lieop_grid}, {"field_convolutions", l_convolutions},
  {"field_shift", l_shift}, {"field_sample", l_sample},
  {"field_convolution", l_convolution},
  {NULL, NULL}
};


void lsL_open_field (lua_State *L) {
  luaL_newmetatable(L, GENS_T);
  lua_pushcfunction(L, gens_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  luaL_setfuncs(L, funcs, 0);
}
