/*
** lop.c — the LieOp userdata: the Lie-derivative operator of a model
** (src/core/lieop.h), built by a model class (src/core/models.h), and
** what enforce, discover and promote read from it.  The box's uservalue
** holds the Lua fields of the model (its basis, algebra, shape), which
** the Lua layer (lua/liesym/lieder.lua) sets and reads; its methods
** table takes the Lua layer's methods too.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "lieop.h"
#include "models.h"
#include "poly.h"
#include "rank.h"
#include "dense.h"
#include "lmatrix.h"
#include "ltypes.h"
#include "lutil.h"


/***
The Lie-derivative operator (built by `ls.lieder.model`).
@module liesym
*/


ls_Op *lsL_testop (lua_State *L, int arg) {
  return (ls_Op *)lsL_testbox(L, arg, LS_LIEOP_T);
}


ls_Op *lsL_checkop (lua_State *L, int arg, const char *fname) {
  return (ls_Op *)lsL_checkbox(L, arg, LS_LIEOP_T, "operator", fname);
}


void lsL_pushop (lua_State *L, ls_Op *op) {
  void **b = lsL_newbox(L, LS_LIEOP_T);
  *b = op;
  lua_newtable(L);
  lua_setiuservalue(L, -2, 1);
}


static ls_Op *self (lua_State *L, const char *fname) {
  return (ls_Op *)lsL_checkself(L, LS_LIEOP_T, "operator", fname);
}


/* {======================================================
** Building: the model classes
** ======================================================= */

/* the matrix in field `key` of the table at t (raw access), or NULL */
static lsL_Matrix *spec_matrix (lua_State *L, int t, const char *key,
                                const char *fname, int rows, int cols) {
  lsL_Matrix *m;
  if (lsL_rawfield(L, t, key) == LUA_TNIL) { lua_pop(L, 1); return NULL; }
  m = lsL_testmatrix(L, -1);
  lua_pop(L, 1);   /* still referenced by the spec table */
  if (m == NULL) lsL_error(L, "%s: '%s' must be a matrix", fname, key);
  if ((rows >= 0 && m->rows != rows) || (cols >= 0 && m->cols != cols))
    lsL_error(L, "%s: '%s' must be %dx%d, got %dx%d", fname, key,
              rows >= 0 ? rows : m->rows, cols >= 0 ? cols : m->cols, m->rows, m->cols);
  return m;
}


static int spec_int (lua_State *L, int t, const char *key, const char *fname) {
  lua_Integer v;
  lsL_rawfield(L, t, key);
  if (!lsL_toint(L, -1, &v) || v < 0 || v > (1 << 30))
    lsL_error(L, "%s: '%s' must be a non-negative integer", fname, key);
  lua_pop(L, 1);
  return (int)v;
}


/* a list of count matrices rows x cols in entry `key` of each element of
   the list in field `list` (key NULL: the elements themselves) */
static const double **matrix_list (lua_State *L, int t, const char *list,
                                   const char *key, int count, int rows,
                                   int cols, const char *fname) {
  const double **out = (const double **)lua_newuserdatauv(
      L, ((size_t)count + 1) * sizeof(double *), 0);
  int i, top;
  if (lsL_rawfield(L, t, list) != LUA_TTABLE)
    lsL_error(L, "%s: '%s' must be a list", fname, list);
  top = lua_gettop(L);
  for (i = 0; i < count; i++) {
    lsL_Matrix *m;
    lua_rawgeti(L, -1, i + 1);
    if (key != NULL) {
      if (!lua_istable(L, -1)) lsL_error(L, "%s: %s[%d] must be a table", fname, list, i + 1);
      lua_pushstring(L, key);
      lua_rawget(L, -2);
    }
    m = lsL_testmatrix(L, -1);
    if (m == NULL || m->rows != rows || m->cols != cols)
      lsL_error(L, "%s: %s[%d]%s%s must be a %dx%d matrix", fname, list, i + 1,
                key ? "." : "", key ? key : "", rows, cols);
    out[i] = m->data;
    lua_settop(L, top);   /* the spec table keeps the matrices */
  }
  lua_pop(L, 1);
  return out;   /* its userdata is left on the stack */
}


/* the fields of a matrix algebra acting on R^m, linearly (n = m) or
   affinely (n = m + 1, last row zero): degree 1, coefficients [b | A] */
static ls_Field *algebra_fields (lua_State *L, ls_Algebra *g, int m, int *q,
                                 const char *fname) {
  int n = ls_algebra_size(g), i, o, j;
  ls_Field *f;
  double *v, *x;
  *q = ls_algebra_dim(g);
  if (n != m && n != m + 1)
    lsL_error(L, "%s: an algebra of %dx%d matrices does not act on R^%d", fname, n, n, m);
  f = (ls_Field *)lua_newuserdatauv(L, ((size_t)*q + 1) * sizeof(ls_Field), 0);
  v = (double *)lua_newuserdatauv(L, ((size_t)*q * m * (m + 1) + 1) * sizeof(double), 0);
  x = (double *)lua_newuserdatauv(L, ((size_t)n * n + 1) * sizeof(double), 0);
  for (i = 0; i < *q; i++) {
    double *vi = v + (size_t)i * m * (m + 1), big = 0.0, last = 0.0;
    ls_algebra_generator(g, i, x);
    for (j = 0; j < n * n; j++) if (fabs(x[j]) > big) big = fabs(x[j]);
    if (n == m + 1)   /* rounding (as from intersect) is not a non-affine row */
      for (j = 0; j < n; j++) if (fabs(x[(size_t)j * n + m]) > last) last = fabs(x[(size_t)j * n + m]);
    if (last > 1e-12 * big)
      lsL_argerr(L, 2, fname, "an algebra of %dx%d matrices acts on R^%d only by affine "
                 "(homogeneous) generators, whose last row is zero", n, n, m);
    for (o = 0; o < m; o++) {
      vi[o] = n == m + 1 ? x[(size_t)m * n + o] : 0.0;   /* b */
      for (j = 0; j < m; j++) vi[(size_t)(1 + j) * m + o] = x[(size_t)j * n + o];   /* A */
    }
    f[i].degree = 1;
    f[i].v = vi;
  }
  lua_pop(L, 1);   /* x; f and v stay on the stack */
  return f;
}


/* the fields of the spec: `algebra` (a LieAlgebra) or `fields`, a list of
   {degree = p, V = m x C(m+p, p)} */
ls_Field *lsL_readfields (lua_State *L, int t, int m, int *q,
                          const char *fname) {
  ls_Field *f;
  int i, top;
  if (lsL_rawfield(L, t, "algebra") != LUA_TNIL) {
    ls_Algebra *g = lsL_testalgebra(L, -1);
    if (g == NULL) lsL_error(L, "%s: 'algebra' must be a LieAlgebra", fname);
    lua_pop(L, 1);   /* the spec keeps it */
    return algebra_fields(L, g, m, q, fname);
  }
  lua_pop(L, 1);
  if (lsL_rawfield(L, t, "stack") != LUA_TNIL) {   /* q fields of one degree */
    lsL_Matrix *S = lsL_testmatrix(L, -1);
    int p = spec_int(L, t, "degree", fname);
    long kv = ls_poly_count(m, p);
    lua_pop(L, 1);
    if (S == NULL || kv < 0 || S->rows != m * kv)
      lsL_error(L, "%s: 'stack' must be a matrix of %d rows", fname, (int)(m * kv));
    *q = S->cols;
    f = (ls_Field *)lua_newuserdatauv(L, ((size_t)*q + 1) * sizeof(ls_Field), 0);
    for (i = 0; i < *q; i++) {
      f[i].degree = p;
      f[i].v = S->data + (size_t)i * S->rows;
    }
    return f;
  }
  lua_pop(L, 1);
  if (lsL_rawfield(L, t, "fields") != LUA_TTABLE)
    lsL_error(L, "%s: 'fields' must be a list", fname);
  *q = (int)lua_rawlen(L, -1);
  f = (ls_Field *)lua_newuserdatauv(L, ((size_t)*q + 1) * sizeof(ls_Field), 0);
  lua_insert(L, -2);
  top = lua_gettop(L);
  for (i = 0; i < *q; i++) {
    lua_Integer p;
    lsL_Matrix *V;
    long kv;
    lua_rawgeti(L, top, i + 1);
    if (!lua_istable(L, -1)) lsL_error(L, "%s: fields[%d] must be a table", fname, i + 1);
    lua_pushliteral(L, "degree");
    lua_rawget(L, -2);
    if (!lsL_toint(L, -1, &p) || p < 0 || p > 64)
      lsL_error(L, "%s: fields[%d].degree must be an integer in 0..64", fname, i + 1);
    lua_pushliteral(L, "V");
    lua_rawget(L, -3);
    V = lsL_testmatrix(L, -1);
    kv = ls_poly_count(m, (int)p);
    if (V == NULL || V->rows != m || V->cols != kv)
      lsL_error(L, "%s: fields[%d].V must be a %dx%d matrix", fname, i + 1, m, (int)kv);
    f[i].degree = (int)p;
    f[i].v = V->data;
    lua_settop(L, top);
  }
  lua_pop(L, 1);   /* the list; the userdata stays */
  return f;
}


static int build_status (lua_State *L, int st, const char *fname) {
  switch (st) {
    case LS_EUNSUPPORTED:
      return lsL_error(L, "%s: the fields do not map this basis's span into "
                        "itself (the exact mode of a Fourier basis takes "
                        "translations and no discrete maps): give opts.points "
                        "for the sampled mode", fname);
    case LS_ETOOBIG:
      return lsL_error(L, "%s: the operator is too large (coefficient spaces of "
                        "at most 44720 monomials)", fname);
    default:
      return lsL_status(L, st, fname, "building the operator");
  }
}


/***
The operator of a model class (the kernel behind `ls.lieder.model`, which
checks the user's input; this one checks shapes).
@function lieop_model
@tparam table spec {class = "poly"|"fourier"|"samples", order = d or K,
m, n, output = "invariant"|"action"|"tangent", fields = {{degree, V},
...}, drho = {...} (action), points = X, weights = w, discrete = {{g,
rho_inv[, phi]}, ...}, phi = Phi(X), jacobian (samples)}
@tparam[opt] string fname the public function to name in errors
@treturn LieOp
*/
static int l_lieop_model (lua_State *L) {
  static const char *const classes[] = {"poly", "fourier", "samples", NULL};
  static const char *const outputs[] = {"invariant", "action", "tangent", NULL};
  const char *fname = luaL_optstring(L, 2, "model");
  ls_ModelSpec s;
  ls_Op *op = NULL;
  lsL_Matrix *X, *w, *phi = NULL, *jac = NULL;
  const double **phig = NULL;
  int cls, order = 0, st, k = 0;
  lua_settop(L, 2);
  luaL_checktype(L, 1, LUA_TTABLE);
  memset(&s, 0, sizeof(s));
  cls = lsL_optenum(L, 1, "class", fname, classes, 0);
  s.output = lsL_optenum(L, 1, "output", fname, outputs, LS_OUT_INVARIANT);
  s.m = spec_int(L, 1, "m", fname);
  s.n = spec_int(L, 1, "n", fname);
  if (s.m < 1 || s.n < 1) return lsL_error(L, "%s: m and n must be positive", fname);
  if (s.output == LS_OUT_TANGENT && s.n != s.m)
    return lsL_error(L, "%s: a tangent output has m components", fname);
  if (cls != 2) order = spec_int(L, 1, "order", fname);
  s.fields = lsL_readfields(L, 1, s.m, &s.q, fname);
  if (s.output == LS_OUT_ACTION)
    s.drho = matrix_list(L, 1, "drho", NULL, s.q, s.n, s.n, fname);
  X = spec_matrix(L, 1, "points", fname, -1, s.m);
  if (X != NULL) {
    s.npts = X->rows;
    s.x = X->data;
    w = spec_matrix(L, 1, "weights", fname, -1, -1);
    if (w != NULL) {
      if ((int)MAT_N(w) != s.npts)
        return lsL_error(L, "%s: 'weights' must have one entry per point", fname);
      s.w = w->data;
    }
  }
  if (cls == 2) {
    if (X == NULL) return lsL_error(L, "%s: a basis without a class needs points", fname);
    phi = spec_matrix(L, 1, "phi", fname, s.npts, -1);
    if (phi == NULL) return lsL_error(L, "%s: 'phi' expected", fname);
    k = phi->cols;
    jac = spec_matrix(L, 1, "jacobian", fname, s.npts * k, s.m);
    if (jac == NULL) return lsL_error(L, "%s: 'jacobian' expected", fname);
  }
  if (lsL_rawfield(L, 1, "scale") != LUA_TNIL) {   /* q scalar polynomials */
    lsL_Matrix *S = lsL_testmatrix(L, -1);
    int p = spec_int(L, 1, "scale_degree", fname), i;
    long kc = ls_poly_count(s.m, p);
    ls_Field *f;
    if (S == NULL || kc < 0 || S->rows != kc || S->cols != s.q)
      return lsL_error(L, "%s: 'scale' must be a %dx%d matrix", fname, (int)kc, s.q);
    if (cls == 1) return lsL_error(L, "%s: a Fourier basis takes no 'scale'", fname);
    f = (ls_Field *)lua_newuserdatauv(L, ((size_t)s.q + 1) * sizeof(ls_Field), 0);
    lua_insert(L, -2);   /* the spec keeps the matrix; the userdata stays */
    for (i = 0; i < s.q; i++) { f[i].degree = p; f[i].v = S->data + (size_t)i * kc; }
    s.scale = f;
  }
  lua_pop(L, 1);
  if (lsL_rawfield(L, 1, "discrete") == LUA_TTABLE) s.h = (int)lua_rawlen(L, -1);
  lua_pop(L, 1);
  if (s.h > 0) {
    s.g = matrix_list(L, 1, "discrete", "g", s.h, s.m, s.m, fname);
    s.rho_inv = matrix_list(L, 1, "discrete", "rho_inv", s.h, s.n, s.n, fname);
    if (cls == 2) phig = matrix_list(L, 1, "discrete", "phi", s.h, s.npts, k, fname);
  }
  switch (cls) {
    case 0: st = ls_model_poly(&s, order, &op); break;
    case 1: st = ls_model_fourier(&s, order, &op); break;
    default: st = ls_model_samples(&s, k, phi->data, jac->data, phig, &op);
  }
  if (st != LS_OK) return build_status(L, st, fname);
  lsL_pushop(L, op);
  return 1;
}


/***
An operator given by its columns' matrices: B(theta) e_i = M_i theta, M_i
(s x p) for each of the q generators (a model class whose Lie derivative
is computed elsewhere, e.g. a kernel sampled on a grid).  One parameter
block 1 x p, one row block of s rows, the Euclidean inner product.
@function lieop_explicit
@tparam {Matrix,...} M the q matrices, all s x p
@tparam[opt] string fname the public function to name in errors
@treturn LieOp
*/
static int l_lieop_explicit (lua_State *L) {
  const char *fname = luaL_optstring(L, 2, "model");
  int q, i, s = 0, p = 0, one = 1, rows, st;
  ls_Op *op = NULL;
  ls_Sm *I1 = NULL;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  q = (int)lua_rawlen(L, 1);
  if (q < 1) return lsL_error(L, "%s: at least one generator's matrix expected", fname);
  for (i = 0; i < q; i++) {
    lsL_Matrix *M;
    lua_rawgeti(L, 1, i + 1);
    M = lsL_testmatrix(L, -1);
    lua_pop(L, 1);   /* the list keeps it */
    if (M == NULL || M->rows < 1 || M->cols < 1 || (i > 0 && (M->rows != s || M->cols != p)))
      return lsL_error(L, "%s: generator %d's matrix must be %s", fname, i + 1,
                       i == 0 ? "a nonempty matrix" : "of the first's shape");
    if (!ls_allfinite(M->data, MAT_N(M)))
      return lsL_error(L, "%s: generator %d's matrix has NaN or Inf entries", fname, i + 1);
    s = M->rows;
    p = M->cols;
  }
  st = ls_op_new(1, &one, &p, q, &op);
  if (st == LS_OK) st = ls_op_rows(op, -1, 1, s, LS_S_IDENTITY, s, NULL, &rows);
  if (st == LS_OK) st = ls_sm_identity(1, &I1);
  for (i = 0; i < q && st == LS_OK; i++) {
    ls_Sm *R = NULL;
    lsL_Matrix *M;
    lua_rawgeti(L, 1, i + 1);
    M = lsL_testmatrix(L, -1);
    st = ls_sm_dense(s, p, M->data, &R);   /* B e_i = (theta^T M_i^T)^T */
    lua_pop(L, 1);
    if (st == LS_OK) st = ls_op_term(op, i, rows, 0, 1.0, I1, R, NULL);
    ls_sm_release(R);
  }
  ls_sm_release(I1);
  if (st != LS_OK) {
    ls_op_release(op);
    return lsL_status(L, st, fname, "building the operator");
  }
  lsL_pushop(L, op);
  return 1;
}


/***
Whether a value is a LieOp.
@function is_lieop
*/
static int l_is_lieop (lua_State *L) {
  lua_pushboolean(L, lsL_testop(L, 1) != NULL);
  return 1;
}

/* }====================================================== */


/* {======================================================
** Methods
** ======================================================= */

/***
The operator L(xi, theta) of a model: theta = vec(W) (W n x k,
column-major), B(theta) one column per generator.
@type LieOp
*/

/* the parameter vector at arg: a matrix with p entries */
static lsL_Matrix *check_theta (lua_State *L, int arg, const ls_Op *op,
                                const char *fname) {
  lsL_Matrix *t = lsL_testmatrix(L, arg);
  int p = ls_op_params(op);
  if (t == NULL)
    lsL_argerr(L, arg, fname, "matrix expected, got %s", lsL_typename(L, arg));
  if ((int)MAT_N(t) != p)
    lsL_argerr(L, arg, fname, "%d parameters expected, got a %dx%d matrix", p,
               t->rows, t->cols);
  if (!ls_allfinite(t->data, MAT_N(t)))
    lsL_argerr(L, arg, fname, "parameters have NaN or Inf entries");
  return t;
}


/***
Number of parameters p, generators q, rows s of B and discrete
constraints h.
@function shape
@treturn int p
@treturn int q
@treturn int s
@treturn int h
*/
static int m_shape (lua_State *L) {
  ls_Op *op = self(L, "shape");
  lua_pushinteger(L, ls_op_params(op));
  lua_pushinteger(L, ls_op_gens(op));
  lua_pushinteger(L, ls_op_rowcount(op));
  lua_pushinteger(L, ls_op_ndiscrete(op));
  return 4;
}


/***
Whether enforce may use the tensor methods (the constraint is a Kronecker
sum with an injective inner product).
@function kronecker
*/
static int m_kronecker (lua_State *L) {
  ls_Op *op = self(L, "kronecker");
  lua_pushboolean(L, ls_op_is_kronecker(op));
  return 1;
}


/***
B(theta), s x q.
@function apply
@tparam Matrix theta p entries
@treturn Matrix
*/
static int m_apply (lua_State *L) {
  ls_Op *op = self(L, "apply");
  lsL_Matrix *t = check_theta(L, 2, op, "apply");
  int st;
  lsL_Matrix *b;
  if ((double)ls_op_rowcount(op) * ls_op_gens(op) > 1e9)
    return lsL_error(L, "apply: B would have %d x %d entries", ls_op_rowcount(op), ls_op_gens(op));
  b = lsL_newmatrix(L, ls_op_rowcount(op), ls_op_gens(op));
  st = ls_op_apply(op, t->data, b->data);
  if (st != LS_OK) return lsL_status(L, st, "apply", NULL);
  return 1;
}


/***
The adjoint B^*(Y) for Y (s x q), as a p x 1 matrix.
@function adjoint
*/
static int m_adjoint (lua_State *L) {
  ls_Op *op = self(L, "adjoint");
  lsL_Matrix *y = lsL_testmatrix(L, 2), *t;
  int st;
  if (y == NULL || y->rows != ls_op_rowcount(op) || y->cols != ls_op_gens(op))
    return lsL_argerr(L, 2, "adjoint", "a %dx%d matrix expected", ls_op_rowcount(op),
                      ls_op_gens(op));
  t = lsL_newmatrix(L, ls_op_params(op), 1);
  st = ls_op_adjoint(op, y->data, t->data);
  if (st != LS_OK) return lsL_status(L, st, "adjoint", NULL);
  return 1;
}


/***
The least change of theta (in norm) that makes B(theta) N = 0 for the
orthonormal generator combinations N (q x dim): conjugate gradients on the
normal equations (a relaxed fit onto a symmetry a solve has shown).
@function project_null
@tparam Matrix theta
@tparam Matrix N q x dim, orthonormal columns
@tparam[opt] number tol relative residual |B(theta) N| (default 1e-12)
@tparam[opt] int maxit (default 1000)
@treturn Matrix theta, projected
@treturn number the relative residual reached
@treturn int the steps
*/
static int m_project_null (lua_State *L) {
  ls_Op *op = self(L, "project_null");
  lsL_Matrix *t = check_theta(L, 2, op, "project_null"), *N = lsL_testmatrix(L, 3), *out;
  double tol = luaL_optnumber(L, 4, 1e-12), resid;
  int maxit = (int)luaL_optinteger(L, 5, 1000), it, st;
  if (N == NULL || N->rows != ls_op_gens(op) || N->cols < 1)
    return lsL_argerr(L, 2, "project_null", "a %d-row matrix of generator combinations expected",
                      ls_op_gens(op));
  luaL_argcheck(L, tol >= 0 && tol < 1, 4, "a tolerance in [0, 1) expected");
  luaL_argcheck(L, maxit >= 0 && maxit <= 1000000, 5, "0 to 10^6 steps expected");
  out = lsL_newmatrix(L, ls_op_params(op), 1);
  memcpy(out->data, t->data, MAT_N(out) * sizeof(double));
  st = ls_op_project_null(op, N->data, N->cols, tol, maxit, out->data, &resid, &it);
  if (st != LS_OK) return lsL_status(L, st, "project_null", NULL);
  lua_pushnumber(L, resid);
  lua_pushinteger(L, it);
  return 3;
}


/***
The Gram matrix sum_i B_i^T B_i (p x p), with the discrete constraints'
rows when `with_discrete` is true; or, given a matrix N (q x dim) of
combinations of the generators, the Gram matrix of theta -> B(theta) N,
whose nullspace is the models the subalgebra spanned by N leaves invariant.
@function gram
@tparam[opt] boolean|Matrix with_discrete or N
@treturn Matrix p x p
*/
static int m_gram (lua_State *L) {
  ls_Op *op = self(L, "gram");
  int p = ls_op_params(op), st;
  lsL_Matrix *K, *N = lsL_testmatrix(L, 2);
  if (p > 16384) return lsL_error(L, "gram: %d parameters: too many for a dense Gram matrix", p);
  if (N != NULL && N->rows != ls_op_gens(op))
    return lsL_argerr(L, 1, "gram", "combinations of the %d generators expected (%d rows), got %dx%d",
                      ls_op_gens(op), ls_op_gens(op), N->rows, N->cols);
  K = lsL_newmatrix(L, p, p);
  st = N != NULL ? ls_op_gram_sub(op, N->data, N->cols, K->data)
                 : ls_op_gram(op, lua_toboolean(L, 2), K->data);
  if (st != LS_OK) return lsL_status(L, st, "gram", NULL);
  return 1;
}


/***
The operator as one matrix M, vec(B(theta)) = M theta ((s q) x p),
followed by the discrete constraints' rows when `with_discrete` is true.
@function dense
*/
static int m_dense (lua_State *L) {
  ls_Op *op = self(L, "dense");
  int64_t rows;
  int st, p = ls_op_params(op);
  lsL_Matrix *M;
  ls_op_dense_rows(op, lua_toboolean(L, 2), &rows);
  if ((double)rows * p > 1.5e8)
    return lsL_error(L, "dense: %f x %d entries: too many", (double)rows, p);
  M = lsL_newmatrix(L, (int)rows, p);
  st = ls_op_dense(op, lua_toboolean(L, 2), M->data);
  if (st != LS_OK) return lsL_status(L, st, "dense", NULL);
  return 1;
}


static const char *const enforce_keys[] = {
  "method", "tol", "rtol", "rank", "min_gap", "block", "maxit", "max_time", NULL
};


/***
The parameters with B(theta) = 0 and K_g theta = theta: a Subspace.
@function nullspace
@tparam[opt] table opts {method, tol, rtol, rank, min_gap, block, maxit}
@tparam[opt] string fname the public function to name in errors
*/
static int m_nullspace (lua_State *L) {
  ls_Op *op = self(L, "enforce");
  const char *fname = luaL_optstring(L, 3, "enforce");
  ls_FixedOpts o;
  ls_Fixed *F = NULL;
  int st;
  lsL_checkkeys(L, 2, 2, fname, enforce_keys);
  lsL_fixedopts(L, 2, fname, &o);
  st = ls_op_enforce(op, &o, &F);
  if (st == LS_EUNSUPPORTED && !ls_op_is_kronecker(op))
    return lsL_opterr(L, "method", fname, "the tensor methods need a constraint "
                      "that is a Kronecker sum (exact mode, constant output generators)");
  return lsL_fixed_result(L, st, F, fname);
}


static const char *const rank_keys[] = {"tol", "rtol", "rank", "min_gap", NULL};


/***
The null directions of B(theta) in the generators: the SVD and the one
rank decision (data mode).
@function symmetries
@tparam Matrix theta
@tparam[opt] table opts {tol, rtol, rank, min_gap}
@tparam[opt] string fname
@tparam[opt] number search the default bound of the gap search (1e-9)
@tparam[opt] number zero an absolute accuracy limit: values at or below it
are zero (default 0: rounding only)
@treturn Matrix q x dim
@treturn table spectrum
*/
static int m_symmetries (lua_State *L) {
  ls_Op *op = self(L, "discover");
  const char *fname = luaL_optstring(L, 4, "discover");
  lsL_Matrix *t = check_theta(L, 2, op, fname), *N;
  double search = luaL_optnumber(L, 5, 1e-9), zero = luaL_optnumber(L, 6, 0.0), *null = NULL;
  ls_RankRule rule;
  ls_Spectrum spec;
  int dim = 0, st;
  lsL_checkkeys(L, 3, 3, fname, rank_keys);
  lsL_rankrule(L, 3, fname, search, &rule);
  luaL_argcheck(L, zero >= 0 && isfinite(zero), 6, "a finite accuracy limit >= 0 expected");
  st = ls_op_discover_floor(op, t->data, &rule, zero, &null, &dim, &spec);
  if (st != LS_OK) return lsL_status(L, st, fname, "the SVD of B(W)");
  N = lsL_newmatrix(L, ls_op_gens(op), dim);
  if (dim > 0) memcpy(N->data, null, MAT_N(N) * sizeof(double));
  free(null);
  lsL_pushspectrum(L, &spec);
  ls_spectrum_clear(&spec);
  return 2;
}


static int m_tostring (lua_State *L) {
  ls_Op *op = self(L, "tostring");
  lua_getmetatable(L, 1);   /* the Lua layer's description, if any */
  lua_getfield(L, -1, "methods");
  if (lua_getfield(L, -1, "describe") == LUA_TFUNCTION) {
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    return 1;
  }
  lua_pushfstring(L, "LieOp: %d generators, %d parameters, %d rows", ls_op_gens(op),
                  ls_op_params(op), ls_op_rowcount(op));
  return 1;
}


static int m_index (lua_State *L) {
  self(L, "index");
  return lsL_uvindex(L);
}


static int m_newindex (lua_State *L) {
  self(L, "newindex");
  return lsL_uvnewindex(L);
}


static int m_gc (lua_State *L) {
  void **b = (void **)luaL_checkudata(L, 1, LS_LIEOP_T);
  ls_op_release((ls_Op *)*b);
  *b = NULL;
  return 0;
}

/* }====================================================== */


static const luaL_Reg funcs[] = {
  {"lieop_model", l_lieop_model}, {"is_lieop", l_is_lieop},
  {"lieop_explicit", l_lieop_explicit},
  {NULL, NULL}
};

static const luaL_Reg methods[] = {
  {"shape", m_shape}, {"kronecker", m_kronecker}, {"apply", m_apply},
  {"adjoint", m_adjoint}, {"gram", m_gram}, {"dense", m_dense},
  {"nullspace", m_nullspace}, {"symmetries", m_symmetries}, {"project_null", m_project_null},
  {NULL, NULL}
};

static const luaL_Reg metamethods[] = {
  {"__index", m_index}, {"__newindex", m_newindex}, {"__tostring", m_tostring},
  {"__gc", m_gc},
  {NULL, NULL}
};


void lsL_open_op (lua_State *L) {
  lsL_newtype(L, LS_LIEOP_T, "LieOp", methods, metamethods);
  luaL_setfuncs(L, funcs, 0);
  luaL_getmetatable(L, LS_LIEOP_T);   /* for the Lua layer's methods */
  lua_getfield(L, -1, "methods");
  lua_setfield(L, -3, "_lieop_methods");
  lua_pop(L, 1);
}
