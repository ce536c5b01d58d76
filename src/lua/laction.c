/*
** laction.c — the Action userdata (ls.action): representations of a group
** as a tree held in C, with the operators + (direct sum), * (tensor
** product, or k copies with a number), ^ (tensor power).
*/
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "action.h"
#include "group.h"
#include "lie.h"
#include "lmatrix.h"
#include "ltypes.h"
#include "lutil.h"


/***
Actions of a group on a vector space (`ls.action`): linear
representations as a tree of defining, trivial, custom, dual, sum,
tensor, hom and symmetric-power nodes, held in C.  Tensor products are
never expanded into big Kronecker matrices for solving: `ls.enforce`
hands their factors to the C solver, and sums keep their block structure.
Kronecker order: in R1 (x) R2 the index of R2 varies fastest, so
`hom(A, B)` = A* (x) B acts on vec(W) of a dim(B) x dim(A) matrix W,
column-major.
@module liesym
*/


ls_Action *lsL_testaction (lua_State *L, int arg) {
  return (ls_Action *)lsL_testbox(L, arg, LS_ACTION_T);
}


ls_Action *lsL_checkaction (lua_State *L, int arg, const char *fname) {
  return (ls_Action *)lsL_checkbox(L, arg, LS_ACTION_T, "action", fname);
}


void lsL_pushaction (lua_State *L, ls_Action *R) {
  void **b = lsL_newbox(L, LS_ACTION_T);
  ls_action_retain(R);
  *b = R;
}


/* push the new action or raise for the status */
static int push_new (lua_State *L, int st, ls_Action **R, const char *fname) {
  void **b;
  if (st == LS_EDEPENDENT)
    return lsL_error(L, "%s: a discrete generator's matrix is singular (not a group "
                     "element)", fname);
  if (st == LS_ETOOBIG)
    return lsL_error(L, "%s: the action's dimension would be too large "
                      "(at most 2^40)", fname);
  if (st != LS_OK) return lsL_status(L, st, fname, NULL);
  b = lsL_newbox(L, LS_ACTION_T);
  *b = *R;
  return 1;
}


static void same_group (lua_State *L, ls_Action *a, ls_Action *b,
                        const char *fname) {
  if (!ls_group_same(a->G, b->G)) {
    const char *na = a->G->name[0] ? a->G->name : "(user)";
    const char *nb = b->G->name[0] ? b->G->name : "(user)";
    lsL_error(L, "mismatched groups in '%s': %s and %s", fname, na, nb);
  }
}


/* {======================================================
** Constructors
** ======================================================= */

/***
The defining representation of G (its own matrices).
@function action.V
@tparam Group G
@treturn Action
*/
static int l_V (lua_State *L) {
  ls_Group *G = lsL_checkgroup(L, 1, "V");
  ls_Action *R = NULL;
  return push_new(L, ls_action_defining(G, &R), &R, "V");
}


/***
The trivial representation on R^k (default k = 1).
@function action.trivial
@tparam Group G
@tparam[opt=1] int k
@treturn Action
*/
static int l_trivial (lua_State *L) {
  ls_Group *G = lsL_checkgroup(L, 1, "trivial");
  int k = lua_isnoneornil(L, 2) ? 1 : lsL_checkint(L, 2, "trivial", 1, LS_MAX_DENSE_ACTION);
  ls_Action *R = NULL;
  return push_new(L, ls_action_trivial(G, k, &R), &R, "trivial");
}


/* count (raw) square matrices of one order d in the list at idx, reported
   as argument arg; copied into a userdata pushed on the stack */
static double *read_square_list (lua_State *L, int idx, int arg, const char *what,
                                 int count, int *d) {
  double *out;
  int i;
  for (i = 1; i <= count; i++) {
    lsL_Matrix *m;
    lua_rawgeti(L, idx, i);
    if ((m = lsL_testmatrix(L, -1)) == NULL)
      lsL_argerr(L, arg, "custom", "%s %d: matrix expected, got %s", what, i,
                 lsL_typename(L, -1));
    if (*d < 0) *d = m->rows;
    if (m->rows != *d || m->cols != *d)
      lsL_argerr(L, arg, "custom", "%s %d is %dx%d, %dx%d expected", what, i, m->rows,
                 m->cols, *d, *d);
    lua_pop(L, 1);
  }
  if (*d > LS_MAX_DENSE_ACTION) lsL_argerr(L, arg, "custom", "matrices too large");
  out = (double *)lua_newuserdatauv(L, ((size_t)*d * (*d > 0 ? *d : 0) * count + 1)
                                    * sizeof(double), 0);
  for (i = 1; i <= count; i++) {
    lsL_Matrix *m;
    lua_rawgeti(L, idx, i);
    m = lsL_testmatrix(L, -1);
    if (m == NULL || m->rows != *d)
      lsL_argerr(L, arg, "custom", "the list changed while it was read");
    memcpy(out + (size_t)(i - 1) * *d * *d, m->data, (size_t)*d * *d * sizeof(double));
    lua_pop(L, 1);
  }
  return out;
}


/***
A representation given by its generators: one matrix dρ(e_i) for each
algebra generator and one ρ(h_j) for each discrete generator of G (the
matrices are copied).  The homomorphism property is the caller's
responsibility.
@function action.custom
@tparam Group G
@tparam {Matrix,...} drho
@tparam {Matrix,...} rho
@treturn Action
*/
static int l_custom (lua_State *L) {
  ls_Group *G = lsL_checkgroup(L, 1, "custom");
  ls_Action *R = NULL;
  int q = G->g->q, h = G->h, nd, nr, d = -1;
  double *dr, *rh;
  lua_settop(L, 3);
  if (lua_isnil(L, 2)) { lua_newtable(L); lua_replace(L, 2); }
  if (lua_isnil(L, 3)) { lua_newtable(L); lua_replace(L, 3); }
  if (!lua_istable(L, 2)) return lsL_argerr(L, 2, "custom", "list of matrices expected");
  if (!lua_istable(L, 3)) return lsL_argerr(L, 3, "custom", "list of matrices expected");
  nd = (int)lua_rawlen(L, 2);
  nr = (int)lua_rawlen(L, 3);
  if (nd != q)
    return lsL_argerr(L, 2, "custom", "%d algebra generators expected, got %d", q, nd);
  if (nr != h)
    return lsL_argerr(L, 3, "custom", "%d discrete generators expected, got %d", h, nr);
  dr = read_square_list(L, 2, 2, "dρ", q, &d);
  rh = read_square_list(L, 3, 3, "ρ", h, &d);
  if (d < 0) return lsL_argerr(L, 2, "custom", "no generator gives the dimension");
  if (d == 0) return lsL_argerr(L, 2, "custom", "0x0 generators");
  return push_new(L, ls_action_custom(G, d, dr, rh, &R), &R, "custom");
}


/***
Linear maps from R1 to R2: R1* (x) R2 acting on vec(W), W of size
dim R2 x dim R1.  Between direct sums the result keeps their blocks.
@function action.hom
@tparam Action R1
@tparam Action R2
@treturn Action
*/
static int l_hom (lua_State *L) {
  ls_Action *a = lsL_checkaction(L, 1, "hom"), *b = lsL_checkaction(L, 2, "hom");
  ls_Action *R = NULL;
  same_group(L, a, b, "hom");
  return push_new(L, ls_action_hom(a, b, &R), &R, "hom");
}


/***
V^p (x) (V*)^q of the defining representation of G.
@function action.T
@tparam int p
@tparam int q
@tparam Group G
@treturn Action
*/
static int l_T (lua_State *L) {
  int p = lsL_checkint(L, 1, "T", 0, 1 << 20), q = lsL_checkint(L, 2, "T", 0, 1 << 20);
  ls_Group *G = lsL_checkgroup(L, 3, "T");
  ls_Action *R = NULL;
  return push_new(L, ls_action_T(p, q, G, &R), &R, "T");
}


/***
The symmetric power Sym^k(R), made explicit (small sizes).
@function action.sym
@tparam Action R
@tparam int k
@treturn Action
*/
static int l_sym (lua_State *L) {
  ls_Action *R = lsL_checkaction(L, 1, "sym"), *S = NULL;
  int k = lsL_checkint(L, 2, "sym", 1, 64), st = ls_action_sym(R, k, &S);
  if (st == LS_ETOOBIG)
    return lsL_error(L, "sym: Sym^%d of a %d-dimensional action is too large", k, (int)R->dim);
  return push_new(L, st, &S, "sym");
}


/***
The same action with explicit matrices (a leaf; small sizes only).
@function action.materialize
@tparam Action R
@treturn Action
*/
static int l_materialize (lua_State *L) {
  ls_Action *R = lsL_checkaction(L, 1, "materialize"), *M = NULL;
  int st = ls_action_materialize(R, &M);
  if (st == LS_ETOOBIG)
    return lsL_error(L, "materialize: a %d-dimensional action is too large to make explicit",
                      (int)R->dim);
  return push_new(L, st, &M, "materialize");
}


/***
Whether a value is an Action.
@function action.is_action
*/
static int l_is_action (lua_State *L) {
  lua_pushboolean(L, lsL_testaction(L, 1) != NULL);
  return 1;
}

/* }====================================================== */


/* {======================================================
** Methods and operators
** ======================================================= */

/***
Action methods and the field `R.G` (its group).
@type Action
*/

static ls_Action *self (lua_State *L, const char *fname) {
  return (ls_Action *)lsL_checkself(L, LS_ACTION_T, "action", fname);
}

/***
Dimension of the space acted on.
@function dim
*/
static int m_dim (lua_State *L) {
  lua_pushinteger(L, (lua_Integer)self(L, "dim")->dim);
  return 1;
}

/***
The group acting.
@function group
*/
static int m_group (lua_State *L) {
  lsL_pushgroup(L, self(L, "group")->G);
  return 1;
}

/***
The dual (contragredient) representation: dρ* = -dρ^T, ρ* = ρ^-T.
@function dual
*/
static int m_dual (lua_State *L) {
  ls_Action *R = self(L, "dual"), *D = NULL;
  return push_new(L, ls_action_dual(R, &D), &D, "dual");
}


static lsL_Matrix *dense_out (lua_State *L, ls_Action *R, const char *fname) {
  if (R->dim > LS_MAX_DENSE_ACTION)
    lsL_error(L, "%s: a dense %dx%d matrix is too large", fname, (int)R->dim, (int)R->dim);
  return lsL_newmatrix(L, (int)R->dim, (int)R->dim);
}

/***
dρ(e_i) as a dense matrix.
@function drho
@tparam int i in 1..q
*/
static int m_drho (lua_State *L) {
  ls_Action *R = self(L, "drho");
  int i, st;
  lsL_Matrix *m;
  i = lsL_checkindex(L, 2, 1, "drho", R->G->g->q);
  m = dense_out(L, R, "drho");
  st = ls_action_drho(R, i - 1, m->data);
  if (st != LS_OK) return lsL_status(L, st, "drho", NULL);
  return 1;
}

/***
ρ(h_j) of discrete generator j as a dense matrix.
@function rho
@tparam int j in 1..h
*/
static int m_rho (lua_State *L) {
  ls_Action *R = self(L, "rho");
  int j, st;
  lsL_Matrix *m;
  j = lsL_checkindex(L, 2, 1, "rho", R->G->h);
  m = dense_out(L, R, "rho");
  st = ls_action_rho(R, j - 1, m->data);
  if (st != LS_OK) return lsL_status(L, st, "rho", NULL);
  return 1;
}


static int element_status (lua_State *L, int st, const char *fname) {
  if (st == LS_EUNSUPPORTED)
    return lsL_error(L, "%s: this representation has no formula in terms of the "
                      "defining matrix; pass an element from G:sample()", fname);
  if (st == LS_EARG)
    return lsL_error(L, "%s: the element is not invertible in this representation", fname);
  if (st == LS_EOVERFLOW)
    return lsL_error(L, "%s: the element's exponential overflows, or is too large for "
                     "any digit of it to be correct", fname);
  return lsL_status(L, st, fname, NULL);
}

/***
ρ(g) as a dense matrix, for g a defining-representation matrix or an
element from `G:sample()`.
@function rho_of
@param g
@treturn Matrix
*/
static int m_rho_of (lua_State *L) {
  ls_Action *R = self(L, "rho_of");
  ls_Element e;
  lsL_Matrix *m;
  int st;
  lua_settop(L, 2);
  lsL_checkelement(L, 2, "rho_of", R->G, &e);
  m = dense_out(L, R, "rho_of");
  st = ls_action_rho_of(R, &e, m->data);
  if (st != LS_OK) return element_status(L, st, "rho_of");
  return 1;
}


static int apply (lua_State *L, int transpose, const char *fname) {
  ls_Action *R = self(L, fname);
  ls_Element e;
  lsL_Matrix *x, *y;
  int st;
  lua_settop(L, 3);
  lsL_checkelement(L, 2, fname, R->G, &e);
  if ((x = lsL_testmatrix(L, 3)) == NULL)
    return lsL_argerr(L, 2, fname, "matrix expected, got %s", lsL_typename(L, 3));
  if ((int64_t)x->rows != R->dim)
    return lsL_error(L, "shape mismatch in '%s': a %d-dimensional action, got %dx%d",
                      fname, (int)R->dim, x->rows, x->cols);
  y = lsL_newmatrix(L, x->rows, x->cols);
  st = ls_action_apply(R, &e, transpose, x->cols, x->data, y->data);
  if (st != LS_OK) return element_status(L, st, fname);
  return 1;
}

/***
ρ(g) X without forming ρ(g) for tensor products.
@function apply
@param g
@tparam Matrix X
@treturn Matrix
*/
static int m_apply (lua_State *L) { return apply(L, 0, "apply"); }

/***
ρ(g)^T X without forming ρ(g).
@function apply_transpose
@param g
@tparam Matrix X
@treturn Matrix
*/
static int m_apply_transpose (lua_State *L) { return apply(L, 1, "apply_transpose"); }


/***
The leaf factors of a tensor-like action (sums inside made explicit).
@function factors
@treturn {Action,...}
*/
static int m_factors (lua_State *L) {
  ls_Action *R = self(L, "factors"), **f;
  int p, k, st = ls_action_factors(R, &f, &p);
  if (st != LS_OK) return lsL_status(L, st, "factors", NULL);
  lua_createtable(L, p, 0);
  for (k = 0; k < p; k++) {
    void **b = lsL_newbox(L, LS_ACTION_T);
    *b = f[k];   /* the box takes the reference */
    lua_rawseti(L, -2, k + 1);
  }
  free(f);
  return 1;
}


/***
The summands of a direct sum (R itself when it is not a sum), in order.
@function summands
@treturn table a list of {action, offset (0-based first coordinate), dim,
key (equal for summands built the same way), kind ("scalar": trivial;
"permutation": the algebra acts by zero and the discrete generators
permute the coordinates; "other")}
*/
static int m_summands (lua_State *L) {
  static const char *const kinds[] = {"other", "scalar", "permutation"};
  ls_Action *R = self(L, "summands"), **parts;
  int n = ls_action_summands(R, NULL), k, st;
  int64_t off = 0;
  parts = (ls_Action **)lua_newuserdatauv(L, (size_t)n * sizeof(ls_Action *), 0);
  ls_action_summands(R, parts);
  lua_createtable(L, n, 0);
  for (k = 0; k < n; k++) {
    ls_Buffer key = {NULL, 0, 0, 0};
    int kind;
    void **b;
    if ((st = ls_action_kind(parts[k], &kind)) != LS_OK) return lsL_status(L, st, "summands", NULL);
    ls_action_key(parts[k], &key);
    if (key.failed) { free(key.s); return lsL_status(L, LS_ENOMEM, "summands", NULL); }
    lua_createtable(L, 0, 5);
    b = lsL_newbox(L, LS_ACTION_T);
    ls_action_retain(parts[k]);
    *b = parts[k];
    lua_setfield(L, -2, "action");
    lua_pushinteger(L, (lua_Integer)off);
    lua_setfield(L, -2, "offset");
    lua_pushinteger(L, (lua_Integer)parts[k]->dim);
    lua_setfield(L, -2, "dim");
    lua_pushlstring(L, key.s ? key.s : "", key.len);
    free(key.s);
    lua_setfield(L, -2, "key");
    lua_pushstring(L, kinds[kind]);
    lua_setfield(L, -2, "kind");
    lua_rawseti(L, -2, k + 1);
    off += parts[k]->dim;
  }
  return 1;
}


static int m_add (lua_State *L) {
  ls_Action *a = lsL_testaction(L, 1), *b = lsL_testaction(L, 2), *R = NULL, *pair[2];
  if (a == NULL) return lsL_argerr(L, 1, "+", "action expected, got %s", lsL_typename(L, 1));
  if (b == NULL) return lsL_argerr(L, 2, "+", "action expected, got %s", lsL_typename(L, 2));
  same_group(L, a, b, "+");
  pair[0] = a; pair[1] = b;
  return push_new(L, ls_action_sum(2, pair, &R), &R, "+");
}


static int copies (lua_State *L, int num, int act) {
  ls_Action *R = lsL_testaction(L, act), *S = NULL;
  lua_Integer k;
  int isint = lsL_toint(L, num, &k);
  if (R == NULL) return lsL_argerr(L, act, "*", "action expected, got %s", lsL_typename(L, act));
  if (!isint || k < 1 || k > (1 << 24))
    return lsL_error(L, "bad multiplicity in '*' (positive integer expected, got %s)",
                      luaL_tolstring(L, num, NULL));
  return push_new(L, ls_action_copies(R, (int)k, &S), &S, "*");
}


static int m_mul (lua_State *L) {
  ls_Action *a, *b, *R = NULL, *pair[2];
  if (lua_type(L, 1) == LUA_TNUMBER) return copies(L, 1, 2);
  if (lua_type(L, 2) == LUA_TNUMBER) return copies(L, 2, 1);
  a = lsL_testaction(L, 1);
  b = lsL_testaction(L, 2);
  if (a == NULL) return lsL_argerr(L, 1, "*", "action expected, got %s", lsL_typename(L, 1));
  if (b == NULL) return lsL_argerr(L, 2, "*", "action expected, got %s", lsL_typename(L, 2));
  same_group(L, a, b, "*");
  pair[0] = a; pair[1] = b;
  return push_new(L, ls_action_tensor(2, pair, &R), &R, "*");
}


static int m_pow (lua_State *L) {
  ls_Action *a = lsL_testaction(L, 1), *R = NULL;
  lua_Integer k;
  int isint = lsL_toint(L, 2, &k);
  if (a == NULL) return lsL_argerr(L, 1, "^", "action expected, got %s", lsL_typename(L, 1));
  if (!isint || k < 0 || k > (1 << 20))
    return lsL_error(L, "bad exponent in '^' (non-negative integer expected, got %s)",
                      luaL_tolstring(L, 2, NULL));
  return push_new(L, ls_action_power(a, (int)k, &R), &R, "^");
}


static int m_tostring (lua_State *L) {
  ls_Action *R = self(L, "tostring");
  size_t len = ls_action_describe(R, NULL, 0);
  char *buf = (char *)lua_newuserdatauv(L, len + 1, 0);
  ls_action_describe(R, buf, len + 1);
  lua_pushstring(L, buf);
  return 1;
}


static int m_index (lua_State *L) {
  ls_Action *R = self(L, "index");
  if (lsL_method(L)) return 1;
  if (lua_type(L, 2) == LUA_TSTRING && strcmp(lua_tostring(L, 2), "G") == 0) {
    lsL_pushgroup(L, R->G);
    return 1;
  }
  return 0;
}


static int m_gc (lua_State *L) {
  void **b = (void **)luaL_checkudata(L, 1, LS_ACTION_T);
  ls_action_release((ls_Action *)*b);
  *b = NULL;
  return 0;
}

/* }====================================================== */


static const luaL_Reg action_funcs[] = {
  {"V", l_V}, {"trivial", l_trivial}, {"custom", l_custom}, {"hom", l_hom},
  {"T", l_T}, {"sym", l_sym}, {"materialize", l_materialize},
  {"is_action", l_is_action},
  {NULL, NULL}
};

static const luaL_Reg methods[] = {
  {"dim", m_dim}, {"group", m_group}, {"dual", m_dual}, {"drho", m_drho},
  {"rho", m_rho}, {"rho_of", m_rho_of}, {"apply", m_apply},
  {"apply_transpose", m_apply_transpose}, {"factors", m_factors},
  {"summands", m_summands},
  {NULL, NULL}
};

static const luaL_Reg metamethods[] = {
  {"__index", m_index}, {"__add", m_add}, {"__mul", m_mul}, {"__pow", m_pow},
  {"__tostring", m_tostring}, {"__gc", m_gc},
  {NULL, NULL}
};


void lsL_open_action (lua_State *L) {
  lsL_newtype(L, LS_ACTION_T, "action", methods, metamethods);
  luaL_newlib(L, action_funcs);
  lua_setfield(L, -2, "action");
}
