/*
** lalgebra.c — the LieAlgebra userdata (ls.lie): built-in bases, algebras
** from matrices, and their methods; the sparse structure constants as an
** object that reads like the nested table c[i][j][k].
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "dense.h"
#include "lie.h"
#include "lmatrix.h"
#include "ltypes.h"
#include "lutil.h"

#define LS_STRUCTURE_T "liesym.StructureConstants"
#define LS_STRUCTROW_T "liesym.StructureRow"


/***
Lie algebras of real n x n matrices (`ls.lie`).
@module liesym
*/


/* {======================================================
** Boxes shared by the binding files
** ======================================================= */

ls_Algebra *lsL_testalgebra (lua_State *L, int arg) {
  return (ls_Algebra *)lsL_testbox(L, arg, LS_ALGEBRA_T);
}


ls_Algebra *lsL_checkalgebra (lua_State *L, int arg, const char *fname) {
  return (ls_Algebra *)lsL_checkbox(L, arg, LS_ALGEBRA_T, "LieAlgebra", fname);
}


void lsL_pushalgebra (lua_State *L, ls_Algebra *g) {
  void **b = lsL_newbox(L, LS_ALGEBRA_T);
  ls_algebra_retain(g);
  *b = g;
}


/* self of a method (argument 1); user arguments count from 2 on, and are
   reported from #1 like those of the Lua API */
static ls_Algebra *self (lua_State *L, const char *fname) {
  return (ls_Algebra *)lsL_checkself(L, LS_ALGEBRA_T, "LieAlgebra", fname);
}

/* }====================================================== */


/* {======================================================
** Constructors
** ======================================================= */

static int push_new (lua_State *L, int st, ls_Algebra **g, const char *fname,
                     const char *what) {
  void **b;
  if (st != LS_OK) return lsL_status(L, st, fname, what);
  b = lsL_newbox(L, LS_ALGEBRA_T);
  *b = *g;
  return 1;
}

#define BUILTIN(name, call) \
  static int l_##name (lua_State *L) { \
    ls_Algebra *g = NULL; \
    int n = lsL_checkint(L, 1, #name, 1, LS_MAX_ALGEBRA_SIZE); \
    int st = call; \
    lua_pushfstring(L, "n = %d", n); \
    return push_new(L, st, &g, #name, lua_tostring(L, -1)); \
  }

/***
gl(n): all n x n matrices, basis E_ij in row-major order.
@function lie.gl
@tparam int n
@treturn LieAlgebra
*/
BUILTIN(gl, ls_algebra_gl(n, &g))
/***
sl(n): traceless matrices, E_ij (i != j) then E_ii - E_(i+1)(i+1).
@function lie.sl
*/
BUILTIN(sl, ls_algebra_sl(n, &g))
/***
sp(n): 2n x 2n matrices X with X^T J + J X = 0, J = [[0, I], [-I, 0]]:
X = [[A, B], [C, -A^T]], B and C symmetric.
@function lie.sp
*/
BUILTIN(sp, ls_algebra_sp(n, &g))
/***
t(n): translations of R^n as homogeneous (n+1) x (n+1) matrices.
@function lie.t
*/
BUILTIN(t, ls_algebra_t(n, &g))
/***
se(n): rotations then translations, homogeneous (n+1) x (n+1).
@function lie.se
*/
BUILTIN(se, ls_algebra_se(n, &g))
/***
aff(n): gl(n) then translations, homogeneous (n+1) x (n+1).
@function lie.aff
*/
BUILTIN(aff, ls_algebra_aff(n, &g))
/***
scaling(n): the one-dimensional algebra spanned by the identity.
@function lie.scaling
*/
BUILTIN(scaling, ls_algebra_scaling(n, &g))
/***
The zero algebra of n x n matrices (for finite groups).
@function lie.zero
*/
BUILTIN(zero, ls_algebra_zero(n, &g))


/***
so(n) (antisymmetric matrices), or so(p, q) preserving diag(1^p, (-1)^q).
so(3) uses the standard basis L_x, L_y, L_z (structure constants eps_ijk);
so(1, 3) is the Lorentz algebra with the time coordinate first.
@function lie.so
@tparam int p
@tparam[opt=0] int q
@treturn LieAlgebra
*/
static int l_so (lua_State *L) {
  ls_Algebra *g = NULL;
  int p = lsL_checkint(L, 1, "so", 0, LS_MAX_ALGEBRA_SIZE);
  int q = lua_isnoneornil(L, 2) ? 0 : lsL_checkint(L, 2, "so", 0, LS_MAX_ALGEBRA_SIZE);
  if (p + q < 1) lsL_argerr(L, 1, "so", "p + q >= 1 expected");
  lua_pushfstring(L, "p = %d, q = %d", p, q);
  return push_new(L, ls_algebra_so(p, q, &g), &g, "so", lua_tostring(L, -1));
}


/* the square matrices of the list at arg, all of one size n (raw access),
   copied into one block of doubles (a userdata on the stack) */
static double *read_generators (lua_State *L, int arg, const char *fname,
                                int *q, int *n) {
  int len, i;
  double *all;
  if (!lua_istable(L, arg))
    lsL_argerr(L, arg, fname, "table of matrices expected, got %s", lsL_typename(L, arg));
  len = (int)lua_rawlen(L, arg);
  for (i = 1; i <= len; i++) {
    lsL_Matrix *m;
    lua_rawgeti(L, arg, i);
    m = lsL_testmatrix(L, -1);
    if (m == NULL)
      lsL_argerr(L, arg, fname, "matrix expected at entry %d, got %s", i, luaL_typename(L, -1));
    if (m->rows != m->cols)
      lsL_argerr(L, arg, fname, "generator %d is %dx%d, square expected", i, m->rows, m->cols);
    if (*n < 0) *n = m->rows;
    if (m->rows == 0) lsL_argerr(L, arg, fname, "generator %d is 0x0", i);
    if (m->rows != *n)
      lsL_argerr(L, arg, fname, "generator %d is %dx%d, %dx%d expected", i,
                 m->rows, m->cols, *n, *n);
    lua_pop(L, 1);
  }
  if (*n < 0) lsL_argerr(L, arg + 1, fname, "matrix size expected for an empty basis");
  if ((double)*n * *n * len > (double)LS_MAX_ALGEBRA_ENTRIES)
    lsL_argerr(L, arg, fname, "%d generators of size %d are too many", len, *n);
  all = (double *)lua_newuserdatauv(L, ((size_t)*n * *n * len + 1) * sizeof(double), 0);
  for (i = 1; i <= len; i++) {
    lsL_Matrix *m;
    lua_rawgeti(L, arg, i);
    m = lsL_testmatrix(L, -1);
    if (m == NULL || m->rows != *n)  /* the list changed under us */
      lsL_argerr(L, arg, fname, "the list changed while it was read");
    memcpy(all + (size_t)(i - 1) * *n * *n, m->data, (size_t)*n * *n * sizeof(double));
    lua_pop(L, 1);
  }
  *q = len;
  return all;
}


/***
An algebra from any list of square matrices of one size (copied).
Linear independence is checked (an error gives the rank); closure under the
bracket is not assumed: see `closure_residual`.
@function lie.from
@tparam {Matrix,...} gens the basis
@tparam[opt] int n the matrix size (needed when `gens` is empty)
@tparam[opt] string name
@treturn LieAlgebra
*/
static int l_from (lua_State *L) {
  ls_Algebra *g = NULL;
  int q = 0, n = -1, rank = 0, st;
  if (!lua_istable(L, 1))
    return lsL_argerr(L, 1, "from", "table of matrices expected, got %s",
                      lua_isnone(L, 1) ? "no value" : lsL_typename(L, 1));
  lua_settop(L, 3);
  const char *name = lua_type(L, 3) == LUA_TSTRING ? lua_tostring(L, 3) : "";
  double *gens;
  if (!lua_isnoneornil(L, 2)) n = lsL_checkint(L, 2, "from", 1, LS_MAX_ALGEBRA_SIZE);
  if (!lua_isnil(L, 3) && lua_type(L, 3) != LUA_TSTRING)
    return lsL_argerr(L, 3, "from", "string expected, got %s", lsL_typename(L, 3));
  gens = read_generators(L, 1, "from", &q, &n);
  st = ls_algebra_new_rank(n, q, gens, name, &g, &rank);
  if (st == LS_EDEPENDENT)
    return lsL_argerr(L, 1, "from", "generators are linearly dependent: rank %d of %d", rank, q);
  if (st == LS_ENONFINITE) return lsL_argerr(L, 1, "from", "generators have NaN or Inf entries");
  return push_new(L, st, &g, "from", NULL);
}


/***
Whether a value is a LieAlgebra.
@function lie.is_algebra
*/
static int l_is_algebra (lua_State *L) {
  lua_pushboolean(L, lsL_testalgebra(L, 1) != NULL);
  return 1;
}

/* }====================================================== */


/* {======================================================
** Methods
** ======================================================= */

/***
Lie algebra methods.  A LieAlgebra is a basis e_1..e_q of n x n matrices,
stored sparsely in C; the bracket is the commutator.
@type LieAlgebra
*/

/***
Number of generators q.
@function dim
*/
static int m_dim (lua_State *L) {
  lua_pushinteger(L, ls_algebra_dim(self(L, "dim")));
  return 1;
}

/***
Matrix size n.
@function size
*/
static int m_size (lua_State *L) {
  lua_pushinteger(L, ls_algebra_size(self(L, "size")));
  return 1;
}


static void push_generator (lua_State *L, ls_Algebra *g, int i) {
  lsL_Matrix *m = lsL_newmatrix(L, g->n, g->n);
  ls_algebra_generator(g, i, m->data);
}

/***
Generator i (a copy).
@function generator
@tparam int i in 1..q
@treturn Matrix
*/
static int m_generator (lua_State *L) {
  ls_Algebra *g = self(L, "generator");
  int i = lsL_checkindex(L, 2, 1, "generator", g->q);
  push_generator(L, g, i - 1);
  return 1;
}

/***
All generators, as a list of copies.
@function generators
@treturn {Matrix,...}
*/
static int m_generators (lua_State *L) {
  ls_Algebra *g = self(L, "generators");
  int i;
  lua_createtable(L, g->q, 0);
  for (i = 0; i < g->q; i++) {
    push_generator(L, g, i);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}


/* an element (n x n matrix) at stack index idx, reported as argument arg */
static lsL_Matrix *element (lua_State *L, ls_Algebra *g, int idx, int arg,
                            const char *fname) {
  lsL_Matrix *m = lsL_testmatrix(L, idx);
  if (m == NULL)
    lsL_argerr(L, arg, fname, "matrix expected, got %s", lsL_typename(L, idx));
  if (m->rows != g->n || m->cols != g->n)
    lsL_argerr(L, arg, fname, "%dx%d matrix expected, got %dx%d", g->n, g->n,
               m->rows, m->cols);
  return m;
}

/***
The commutator [X, Y] = XY - YX.
@function bracket
@tparam Matrix X
@tparam Matrix Y
@treturn Matrix
*/
static int m_bracket (lua_State *L) {
  ls_Algebra *g = self(L, "bracket");
  lsL_Matrix *x = element(L, g, 2, 1, "bracket"), *y = element(L, g, 3, 2, "bracket");
  lsL_Matrix *z = lsL_newmatrix(L, g->n, g->n);
  int n = g->n;
  ls_gemm('N', 'N', n, n, n, 1.0, x->data, n, y->data, n, 0.0, z->data, n);
  ls_gemm('N', 'N', n, n, n, -1.0, y->data, n, x->data, n, 1.0, z->data, n);
  return 1;
}


/***
Coordinates of X in the basis (least squares) and the relative residual
||X - sum c_i e_i|| / ||X|| of X off the span.
@function coords
@tparam Matrix X
@treturn Matrix c (q x 1)
@treturn number residual
*/
static int m_coords (lua_State *L) {
  ls_Algebra *g = self(L, "coords");
  lsL_Matrix *x = element(L, g, 2, 1, "coords");
  lsL_Matrix *c = lsL_newmatrix(L, g->q, 1);
  double res;
  int st = ls_algebra_coords(g, x->data, c->data, &res);
  if (st == LS_ENONFINITE) return lsL_argerr(L, 1, "coords", "matrix has NaN or Inf entries");
  if (st != LS_OK) return lsL_status(L, st, "coords", NULL);
  lua_pushnumber(L, res);
  return 2;
}

/***
Whether X lies in the algebra, up to a relative tolerance (default 1e-10):
X a matrix, a LieAlgebra (all of its generators) or a Subalgebra from
`discover` (anything with an `algebra()` method giving a LieAlgebra).
@function contains
@tparam Matrix|LieAlgebra|Subalgebra X
@tparam[opt=1e-10] number tol
@treturn boolean
@treturn number the relative residual (the largest over the generators)
*/
static int m_contains (lua_State *L) {
  ls_Algebra *g = self(L, "contains"), *h;
  double tol = 1e-10, res = 0.0, r;
  double *c, *x;
  int st, i;
  if (!lua_isnoneornil(L, 3)) {
    if (lua_type(L, 3) != LUA_TNUMBER || !(lua_tonumber(L, 3) >= 0))
      return lsL_argerr(L, 2, "contains", "non-negative number expected");
    tol = lua_tonumber(L, 3);
  }
  lua_settop(L, 3);
  if (lua_istable(L, 2) && luaL_getmetafield(L, 2, "algebra") != LUA_TNIL) {
    lua_pushvalue(L, 2);   /* a Subalgebra: its LieAlgebra */
    lua_call(L, 1, 1);
    lua_replace(L, 2);
  }
  c = (double *)lua_newuserdatauv(L, ((size_t)g->q + 1) * sizeof(double), 0);
  h = lsL_testalgebra(L, 2);
  if (h != NULL) {
    if (h->n != g->n)
      return lsL_argerr(L, 1, "contains", "an algebra of %dx%d matrices expected, got %dx%d",
                        g->n, g->n, h->n, h->n);
    x = (double *)lua_newuserdatauv(L, ((size_t)h->n * h->n + 1) * sizeof(double), 0);
    for (i = 0; i < h->q; i++) {
      ls_algebra_generator(h, i, x);
      st = ls_algebra_coords(g, x, c, &r);
      if (st != LS_OK) return lsL_status(L, st, "contains", NULL);
      if (r > res) res = r;
    }
  }
  else {
    lsL_Matrix *m = element(L, g, 2, 1, "contains");
    st = ls_algebra_coords(g, m->data, c, &res);
    if (st == LS_ENONFINITE) return lsL_argerr(L, 1, "contains", "matrix has NaN or Inf entries");
    if (st != LS_OK) return lsL_status(L, st, "contains", NULL);
  }
  lua_pushboolean(L, res <= tol);
  lua_pushnumber(L, res);
  return 2;
}


/***
Largest distance of a bracket [e_i, e_j] from the span, relative to
||e_i|| ||e_j||; about 1e-16 for a true algebra (computed with the
structure constants, once).
@function closure_residual
@treturn number
*/
static int m_closure_residual (lua_State *L) {
  ls_Algebra *g = self(L, "closure_residual");
  double r;
  int st = ls_algebra_closure_residual(g, &r);
  if (st != LS_OK) return lsL_status(L, st, "closure_residual", NULL);
  lua_pushnumber(L, r);
  return 1;
}

/***
The Killing form K_ij = tr(ad e_i ad e_j) as a q x q matrix, from the
sparse structure constants.
@function killing
@treturn Matrix
*/
static int m_killing (lua_State *L) {
  ls_Algebra *g = self(L, "killing");
  lsL_Matrix *k = lsL_newmatrix(L, g->q, g->q);
  int st = ls_algebra_killing(g, k->data);
  if (st != LS_OK) return lsL_status(L, st, "killing", NULL);
  return 1;
}

/***
A Frobenius-orthonormal basis of the same span (generators orthogonal to
the others are only scaled, so sparse bases stay sparse).
@function orthonormal
@treturn LieAlgebra
*/
static int m_orthonormal (lua_State *L) {
  ls_Algebra *g = self(L, "orthonormal"), *h = NULL;
  return push_new(L, ls_algebra_orthonormal(g, &h), &h, "orthonormal", NULL);
}


/* q coefficients from a list (raw access) or a Matrix at idx */
static double *coefficients (lua_State *L, ls_Algebra *g, int idx, int arg,
                             const char *fname) {
  double *c = (double *)lua_newuserdatauv(L, ((size_t)g->q + 1) * sizeof(double), 0);
  lsL_Matrix *m = lsL_testmatrix(L, idx);
  int i;
  if (m != NULL) {
    if ((int)MAT_N(m) != g->q || (m->cols != 1 && m->rows != 1))
      lsL_argerr(L, arg, fname, "%d coefficients expected", g->q);
    memcpy(c, m->data, (size_t)g->q * sizeof(double));
    return c;
  }
  if (!lua_istable(L, idx) || (int)lua_rawlen(L, idx) != g->q)
    lsL_argerr(L, arg, fname, "%d coefficients expected", g->q);
  for (i = 0; i < g->q; i++) {
    if (lua_rawgeti(L, idx, i + 1) != LUA_TNUMBER)
      lsL_argerr(L, arg, fname, "%d coefficients expected", g->q);
    c[i] = lua_tonumber(L, -1);
    lua_pop(L, 1);
  }
  return c;
}

/***
The group element exp(sum c_i e_i).
@function exp
@tparam table|Matrix c q coefficients
@treturn Matrix
*/
static int m_exp (lua_State *L) {
  ls_Algebra *g = self(L, "exp");
  double *c = coefficients(L, g, 2, 1, "exp");
  lsL_Matrix *e = lsL_newmatrix(L, g->n, g->n);
  int st = ls_algebra_exp(g, c, e->data);
  if (st == LS_ENONFINITE) return lsL_argerr(L, 1, "exp", "NaN or Inf coefficients");
  if (st == LS_EOVERFLOW)
    return lsL_argerr(L, 1, "exp", "the exponential overflows, or the combination is too "
                      "large for any digit of it to be correct");
  if (st != LS_OK) return lsL_status(L, st, "exp", NULL);
  return 1;
}

/***
The element sum c_i e_i.
@function combine
@tparam table|Matrix c q coefficients
@treturn Matrix
*/
static int m_combine (lua_State *L) {
  ls_Algebra *g = self(L, "combine");
  double *c = coefficients(L, g, 2, 1, "combine");
  lsL_Matrix *e = lsL_newmatrix(L, g->n, g->n);
  if (ls_algebra_combine(g, c, e->data) != LS_OK)
    return lsL_argerr(L, 1, "combine", "NaN or Inf coefficients");
  return 1;
}

/***
The intersection with another algebra of the same matrix size, with an
orthonormal basis, and the decision behind it: the singular values are
the sines of the principal angles between the two spans.
@function intersect
@tparam LieAlgebra h
@tparam[opt] table opts the rank decision: {tol = absolute threshold on the
sines, rtol = relative one, rank = forced, min_gap}; default threshold
max(n^2, q) eps
@treturn LieAlgebra
@treturn table {values, tol, floor, rank, gap, clear}
*/
static int m_intersect (lua_State *L) {
  static const char *const keys[] = {"tol", "rtol", "rank", "min_gap", NULL};
  ls_Algebra *g = self(L, "intersect"), *h = lsL_testalgebra(L, 2), *r = NULL;
  ls_Spectrum spec;
  ls_FixedOpts o;
  int st;
  if (h == NULL)
    return lsL_argerr(L, 1, "intersect", "LieAlgebra expected, got %s", lsL_typename(L, 2));
  if (h->n != g->n)
    return lsL_argerr(L, 1, "intersect", "algebra of %dx%d matrices expected, got %dx%d",
                      g->n, g->n, h->n, h->n);
  lsL_checkkeys(L, 3, 2, "intersect", keys);
  lsL_fixedopts(L, 3, "intersect", &o);
  st = ls_algebra_intersect_opts(g, h, &o, &r, &spec);
  if (st != LS_OK) { free(spec.values); return lsL_status(L, st, "intersect", NULL); }
  push_new(L, LS_OK, &r, "intersect", NULL);
  if (spec.values != NULL) lsL_pushspectrum(L, &spec);
  else { lua_newtable(L); }
  free(spec.values);
  return 2;
}

/***
The subalgebra spanned by combinations of the generators: the columns of
a q x r coefficient matrix C, or a list of generator indices.  Independence
is checked; closure is not (see closure_residual).
@function subalgebra
@tparam Matrix|{int,...} C
@tparam[opt] string name
@treturn LieAlgebra
*/
static int m_subalgebra (lua_State *L) {
  ls_Algebra *g = self(L, "subalgebra"), *h = NULL;
  lsL_Matrix *c;
  const char *name;
  double *cm;
  int r, st;
  if (lua_isnone(L, 2))
    return lsL_argerr(L, 1, "subalgebra", "matrix or list of indices expected, got no value");
  lua_settop(L, 3);   /* the name stays at 3 whatever is pushed later */
  c = lsL_testmatrix(L, 2);
  if (!lua_isnil(L, 3) && lua_type(L, 3) != LUA_TSTRING)
    return lsL_argerr(L, 2, "subalgebra", "string expected, got %s", lsL_typename(L, 3));
  name = lua_isnil(L, 3) ? "" : lua_tostring(L, 3);
  if (c != NULL) {
    if (c->rows != g->q)
      return lsL_argerr(L, 1, "subalgebra", "%d x r coefficients expected, got %dx%d",
                        g->q, c->rows, c->cols);
    r = c->cols;
    cm = c->data;
  }
  else if (lua_istable(L, 2)) {
    int i;
    r = (int)lua_rawlen(L, 2);
    cm = (double *)lua_newuserdatauv(L, ((size_t)g->q * r + 1) * sizeof(double), 0);
    memset(cm, 0, ((size_t)g->q * r) * sizeof(double));
    for (i = 0; i < r; i++) {
      int isint;
      lua_Integer k;
      lua_rawgeti(L, 2, i + 1);
      isint = lsL_toint(L, -1, &k);
      if (!isint || k < 1 || k > g->q)
        return lsL_argerr(L, 1, "subalgebra", "generator index in 1..%d expected at entry %d",
                          g->q, i + 1);
      cm[(size_t)i * g->q + (size_t)(k - 1)] = 1.0;
      lua_pop(L, 1);
    }
  }
  else return lsL_argerr(L, 1, "subalgebra", "matrix or list of indices expected, got %s",
                         lsL_typename(L, 2));
  st = ls_algebra_span(g, r, cm, name, &h);
  if (st == LS_EDEPENDENT)
    return lsL_argerr(L, 1, "subalgebra", "the combinations are linearly dependent");
  if (st == LS_ENONFINITE) return lsL_argerr(L, 1, "subalgebra", "NaN or Inf coefficients");
  return push_new(L, st, &h, "subalgebra", NULL);
}


static int m_tostring (lua_State *L) {
  ls_Algebra *g = self(L, "tostring");
  const char *name = g->name[0] ? g->name : "(user)";
  if (g->sc != NULL || g->closed) {
    double r = 0;
    if (g->sc != NULL) ls_algebra_closure_residual(g, &r);
    if (g->sc == NULL)   /* built in: closed by construction */
      lua_pushfstring(L, "LieAlgebra %s: dim %d, %dx%d matrices, closed", name,
                      g->q, g->n, g->n);
    else {
      char buf[32];
      snprintf(buf, sizeof buf, "%.1e", r);
      lua_pushfstring(L, "LieAlgebra %s: dim %d, %dx%d matrices, closure residual %s",
                      name, g->q, g->n, g->n, buf);
    }
  }
  else   /* printing never does the O(q^2) work of the closure check */
    lua_pushfstring(L, "LieAlgebra %s: dim %d, %dx%d matrices, closure not checked "
                    "(closure_residual())", name, g->q, g->n, g->n);
  return 1;
}


/* properties: name */
static int m_index (lua_State *L) {
  ls_Algebra *g = self(L, "index");
  if (lsL_method(L)) return 1;
  if (lua_type(L, 2) == LUA_TSTRING && strcmp(lua_tostring(L, 2), "name") == 0) {
    if (g->name[0]) lua_pushstring(L, g->name); else lua_pushnil(L);
    return 1;
  }
  return 0;
}


static int m_gc (lua_State *L) {
  void **b = (void **)luaL_checkudata(L, 1, LS_ALGEBRA_T);
  ls_algebra_release((ls_Algebra *)*b);
  *b = NULL;
  return 0;
}

/* }====================================================== */


/* {======================================================
** Structure constants: sparse, read as c[i][j][k]
** ======================================================= */

/* the object (a box holding its own reference to the algebra) and its
   rows ({algebra, i}, with a reference too): both stay valid whatever
   happens to the LieAlgebra they came from */
typedef struct Row { ls_Algebra *g; int i; } Row;

static ls_Algebra *sc_self (lua_State *L, const char *fname) {
  return (ls_Algebra *)lsL_checkself(L, LS_STRUCTURE_T, "StructureConstants", fname);
}

static Row *row_self (lua_State *L) {
  Row *r = (Row *)luaL_testudata(L, 1, LS_STRUCTROW_T);
  if (r == NULL)
    lsL_argerr(L, 1, "index", "StructureRow expected as self, got %s", luaL_typename(L, 1));
  return r;
}

/***
Structure constants: [e_i, e_j] = sum_k c_ijk e_k, kept sparse in C (a
few nonzeros per bracket for the built-in bases).  `c[i][j][k]` reads an
entry and `#c` is q, as for a nested table; `c:get(i, j, k)`, `c:nnz()`
and `c:entries()` (the nonzeros with i < j, as four lists i, j, k, c)
read it directly.
@function structure_constants
@treturn StructureConstants
*/
static int m_structure_constants (lua_State *L) {
  ls_Algebra *g = self(L, "structure_constants");
  size_t nnz;
  void **b;
  int st = ls_algebra_structure_nnz(g, &nnz);
  if (st != LS_OK) return lsL_status(L, st, "structure_constants", NULL);
  b = lsL_newbox(L, LS_STRUCTURE_T);
  ls_algebra_retain(g);
  *b = g;
  return 1;
}


static int sc_index (lua_State *L) {
  ls_Algebra *g = sc_self(L, "index");
  lua_Integer i;
  Row *r;
  if (lsL_method(L)) return 1;
  if (!lsL_toint(L, 2, &i) || i < 1 || i > g->q) return 0;   /* nil, as a table would */
  r = (Row *)lua_newuserdatauv(L, sizeof(Row), 0);
  r->g = NULL;
  luaL_setmetatable(L, LS_STRUCTROW_T);
  ls_algebra_retain(g);
  r->g = g;
  r->i = (int)i - 1;
  return 1;
}


/* row[j]: the q coefficients of [e_i, e_j] as a plain table */
static int row_index (lua_State *L) {
  Row *r = row_self(L);
  lua_Integer j;
  int k;
  if (!lsL_toint(L, 2, &j) || j < 1 || j > r->g->q) return 0;
  lua_createtable(L, r->g->q, 0);
  for (k = 0; k < r->g->q; k++) {
    double c;
    ls_algebra_structure_get(r->g, r->i, (int)j - 1, k, &c);
    lua_pushnumber(L, c);
    lua_rawseti(L, -2, k + 1);
  }
  return 1;
}


static int row_len (lua_State *L) {
  lua_pushinteger(L, row_self(L)->g->q);
  return 1;
}


static int row_gc (lua_State *L) {
  Row *r = (Row *)luaL_testudata(L, 1, LS_STRUCTROW_T);
  if (r != NULL) { ls_algebra_release(r->g); r->g = NULL; }
  return 0;
}


static int sc_len (lua_State *L) {
  lua_pushinteger(L, sc_self(L, "len")->q);
  return 1;
}


static int sc_get (lua_State *L) {
  ls_Algebra *g = sc_self(L, "get");
  int i = lsL_checkint(L, 2, "get", 1, g->q);
  int j = lsL_checkint(L, 3, "get", 1, g->q);
  int k = lsL_checkint(L, 4, "get", 1, g->q);
  double c;
  ls_algebra_structure_get(g, i - 1, j - 1, k - 1, &c);
  lua_pushnumber(L, c);
  return 1;
}


static int sc_nnz (lua_State *L) {
  size_t nnz = 0;
  ls_algebra_structure_nnz(sc_self(L, "nnz"), &nnz);
  lua_pushinteger(L, (lua_Integer)nnz);
  return 1;
}


static int sc_entries (lua_State *L) {
  ls_Algebra *g = sc_self(L, "entries");
  size_t nnz = 0, t;
  int col;
  ls_algebra_structure_nnz(g, &nnz);
  for (col = 0; col < 4; col++) lua_createtable(L, (int)nnz, 0);
  for (t = 0; t < nnz; t++) {
    int i, j, k;
    double c;
    ls_algebra_structure_entry(g, t, &i, &j, &k, &c);
    lua_pushinteger(L, i + 1); lua_rawseti(L, -5, (lua_Integer)t + 1);
    lua_pushinteger(L, j + 1); lua_rawseti(L, -4, (lua_Integer)t + 1);
    lua_pushinteger(L, k + 1); lua_rawseti(L, -3, (lua_Integer)t + 1);
    lua_pushnumber(L, c); lua_rawseti(L, -2, (lua_Integer)t + 1);
  }
  return 4;
}


static int sc_tostring (lua_State *L) {
  ls_Algebra *g = sc_self(L, "tostring");
  size_t nnz = 0;
  ls_algebra_structure_nnz(g, &nnz);
  lua_pushfstring(L, "StructureConstants of a %d-dimensional algebra: %I nonzeros (i < j)",
                  g->q, (lua_Integer)nnz);
  return 1;
}


static int sc_gc (lua_State *L) {
  void **b = (void **)luaL_testudata(L, 1, LS_STRUCTURE_T);
  if (b != NULL) { ls_algebra_release((ls_Algebra *)*b); *b = NULL; }
  return 0;
}

/* }====================================================== */


static const luaL_Reg lie_funcs[] = {
  {"gl", l_gl}, {"sl", l_sl}, {"so", l_so}, {"sp", l_sp}, {"t", l_t},
  {"se", l_se}, {"aff", l_aff}, {"scaling", l_scaling}, {"zero", l_zero},
  {"from", l_from}, {"is_algebra", l_is_algebra},
  {NULL, NULL}
};

static const luaL_Reg methods[] = {
  {"dim", m_dim}, {"size", m_size}, {"generator", m_generator},
  {"generators", m_generators}, {"bracket", m_bracket}, {"coords", m_coords},
  {"contains", m_contains}, {"structure_constants", m_structure_constants},
  {"closure_residual", m_closure_residual}, {"killing", m_killing},
  {"orthonormal", m_orthonormal}, {"exp", m_exp}, {"combine", m_combine},
  {"intersect", m_intersect}, {"subalgebra", m_subalgebra},
  {NULL, NULL}
};

static const luaL_Reg sc_methods[] = {
  {"get", sc_get}, {"nnz", sc_nnz}, {"entries", sc_entries},
  {NULL, NULL}
};


static const luaL_Reg metamethods[] = {
  {"__index", m_index}, {"__tostring", m_tostring}, {"__gc", m_gc},
  {NULL, NULL}
};

static const luaL_Reg sc_metamethods[] = {
  {"__index", sc_index}, {"__len", sc_len}, {"__tostring", sc_tostring},
  {"__gc", sc_gc},
  {NULL, NULL}
};

static const luaL_Reg row_metamethods[] = {
  {"__index", row_index}, {"__len", row_len}, {"__gc", row_gc},
  {NULL, NULL}
};

static const luaL_Reg no_methods[] = {{NULL, NULL}};


void lsL_open_algebra (lua_State *L) {
  lsL_newtype(L, LS_ALGEBRA_T, "LieAlgebra", methods, metamethods);
  lsL_newtype(L, LS_STRUCTURE_T, "StructureConstants", sc_methods, sc_metamethods);
  lsL_newtype(L, LS_STRUCTROW_T, "StructureRow", no_methods, row_metamethods);
  luaL_newlib(L, lie_funcs);
  lua_setfield(L, -2, "lie");
}
