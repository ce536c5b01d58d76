/*
** lbasis.c — the Basis userdata for the built-in function bases
** (polynomials, Fourier products) and the exact coefficient matrices on
** polynomial spaces that the Lie-derivative operator is assembled from.
*/
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "poly.h"
#include "lmatrix.h"
#include "ltypes.h"
#include "lutil.h"

#define LS_BASIS_T "liesym.Basis"

enum { BASIS_POLY, BASIS_FOURIER };

typedef struct Basis {
  int kind, m, order, k;  /* order: degree d, or frequency K */
  int idx[];              /* k x m exponents or Fourier factor indices */
} Basis;


static Basis *checkbasis (lua_State *L, int arg) {
  Basis *b = (Basis *)luaL_testudata(L, arg, LS_BASIS_T);
  if (b == NULL) luaL_typeerror(L, arg, "basis");
  return b;
}


int lsL_tobasis (lua_State *L, int arg, lsL_BasisView *v) {
  Basis *b = (Basis *)luaL_testudata(L, arg, LS_BASIS_T);
  if (b == NULL) return 0;
  v->fourier = b->kind == BASIS_FOURIER;
  v->m = b->m;
  v->k = b->k;
  v->idx = b->idx;
  return 1;
}


void lsL_basis_eval (const lsL_BasisView *v, int npts, const double *x, double *out) {
  if (v->fourier) ls_fourier_eval(v->m, v->k, v->idx, npts, x, out);
  else ls_poly_eval(v->m, v->k, v->idx, npts, x, out);
}


static int check_vars (lua_State *L, int arg, const char *fname) {
  lua_Integer m;
  if (!lsL_toint(L, arg, &m) || m < 1 || m > LS_POLY_MAXVARS)
    lsL_argerr(L, arg, fname, "number of variables must be an integer in 1..256, got %s",
               lua_type(L, arg) == LUA_TNUMBER ? lua_tostring(L, arg) : lsL_typename(L, arg));
  return (int)m;
}


static Basis *newbasis (lua_State *L, int kind, int m, int order, long k) {
  Basis *b;
  if (k < 0 || k > (1L << 24) || (double)k * m > (double)(1L << 28))
    luaL_error(L, "basis of %d variables and order %d is too large", m, order);
  b = (Basis *)lua_newuserdatauv(L, sizeof(Basis) + (size_t)k * m * sizeof(int),
                                 0);
  b->kind = kind; b->m = m; b->order = order; b->k = (int)k;
  luaL_setmetatable(L, LS_BASIS_T);
  return b;
}


/***
Function bases (polynomials, Fourier products) and the exact coefficient
matrices of polynomial spaces.
@module liesym
*/


/***
All monomials of total degree <= d in m variables, graded order (1, x1..xm,
x1^2, x1*x2, ..): names like "x1^2*x3".
@function basis_poly
@tparam int m variables
@tparam int d degree
@treturn Basis
*/
static int l_poly (lua_State *L) {
  int m = check_vars(L, 1, "poly");
  lua_Integer d;
  Basis *b;
  if (!lsL_toint(L, 2, &d) || d < 0 || d > 64)
    lsL_argerr(L, 2, "poly", "degree must be an integer in 0..64, got %s",
               lua_type(L, 2) == LUA_TNUMBER ? lua_tostring(L, 2) : lsL_typename(L, 2));
  b = newbasis(L, BASIS_POLY, m, (int)d, ls_poly_count(m, (int)d));
  ls_poly_exponents(m, (int)d, b->idx);
  return 1;
}


/***
Real trigonometric products up to frequency K on the torus: per
coordinate 1, cos(j x), sin(j x) (j = 1..K); (2K+1)^m functions.
@function basis_fourier
@tparam int m variables
@tparam int K largest frequency
@treturn Basis
*/
static int l_fourier (lua_State *L) {
  int m = check_vars(L, 1, "fourier"), j;
  lua_Integer K;
  double k = 1;
  Basis *b;
  if (!lsL_toint(L, 2, &K) || K < 0 || K > 1000)
    lsL_argerr(L, 2, "fourier", "frequency must be an integer in 0..1000, got %s",
               lua_type(L, 2) == LUA_TNUMBER ? lua_tostring(L, 2) : lsL_typename(L, 2));
  for (j = 0; j < m; j++) k *= (double)(2 * K + 1);
  b = newbasis(L, BASIS_FOURIER, m, (int)K, k > (1L << 24) ? -1 : (long)k);
  ls_fourier_indices(m, (int)K, b->idx);
  return 1;
}


static int l_size (lua_State *L) {
  lua_pushinteger(L, checkbasis(L, 1)->k);
  return 1;
}


static int l_vars (lua_State *L) {
  lua_pushinteger(L, checkbasis(L, 1)->m);
  return 1;
}


static int l_order (lua_State *L) {
  Basis *b = checkbasis(L, 1);
  lua_pushinteger(L, b->order);
  lua_pushstring(L, b->kind == BASIS_POLY ? "poly" : "fourier");
  return 2;
}


static void push_name (lua_State *L, const Basis *b, int i) {
  luaL_Buffer buf;
  const int *a = b->idx + (size_t)i * b->m;
  int j, first = 1;
  char piece[64];
  luaL_buffinit(L, &buf);
  for (j = 0; j < b->m; j++) {
    if (a[j] == 0) continue;
    if (!first) luaL_addchar(&buf, '*');
    first = 0;
    if (b->kind == BASIS_POLY) {
      if (a[j] == 1) snprintf(piece, sizeof piece, "x%d", j + 1);
      else snprintf(piece, sizeof piece, "x%d^%d", j + 1, a[j]);
    }
    else {
      int f = (a[j] + 1) / 2;
      const char *fn = (a[j] % 2) ? "cos" : "sin";
      if (f == 1) snprintf(piece, sizeof piece, "%s(x%d)", fn, j + 1);
      else snprintf(piece, sizeof piece, "%s(%d*x%d)", fn, f, j + 1);
    }
    luaL_addstring(&buf, piece);
  }
  if (first) luaL_addchar(&buf, '1');
  luaL_pushresult(&buf);
}


/***
Names of the basis functions, in order.
@function names
@treturn {string,...}
*/
static int l_names (lua_State *L) {
  Basis *b = checkbasis(L, 1);
  int i;
  lua_createtable(L, b->k, 0);
  for (i = 0; i < b->k; i++) {
    push_name(L, b, i);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}


/***
Exponent vectors (polynomials) or factor indices (Fourier), as a k x m matrix.
@function exponents
*/
static int l_exponents (lua_State *L) {
  Basis *b = checkbasis(L, 1);
  lsL_Matrix *e = lsL_newmatrix(L, b->k, b->m);
  int i, j;
  for (i = 0; i < b->k; i++)
    for (j = 0; j < b->m; j++) MAT_AT(e, i, j) = b->idx[(size_t)i * b->m + j];
  return 1;
}


static lsL_Matrix *check_points (lua_State *L, Basis *b, int arg,
                                 const char *fname) {
  lsL_Matrix *x = lsL_checkmatrix(L, arg);
  if (x->cols != b->m)
    luaL_error(L, "shape mismatch in '%s': points are %dx%d, the basis has %d "
               "variables (one point per row)", fname, x->rows, x->cols, b->m);
  if (!ls_allfinite(x->data, MAT_N(x)))
    luaL_error(L, "%s: points have NaN or Inf entries", fname);
  return x;
}


/***
The basis at the points X (one per row): an N x k matrix.
@function eval
*/
static int l_eval (lua_State *L) {
  Basis *b = checkbasis(L, 1);
  lsL_Matrix *x = check_points(L, b, 2, "eval");
  lsL_Matrix *out;
  if ((double)x->rows * b->k > (double)INT_MAX)
    luaL_error(L, "eval: result of %d x %d is too large", x->rows, b->k);
  lsL_BasisView v;
  lsL_tobasis(L, 1, &v);
  out = lsL_newmatrix(L, x->rows, b->k);
  lsL_basis_eval(&v, x->rows, x->data, out->data);
  return 1;
}


/***
Jacobians at the points X: an (N*k) x m matrix whose rows (p-1)*k+1 .. p*k
are the k x m Jacobian dphi/dx at point p.
@function jacobian
*/
static int l_jacobian (lua_State *L) {
  Basis *b = checkbasis(L, 1);
  lsL_Matrix *x = check_points(L, b, 2, "jacobian");
  lsL_Matrix *out;
  if ((double)x->rows * b->k * b->m > (double)INT_MAX)
    luaL_error(L, "jacobian: result of %I x %d is too large", (lua_Integer)x->rows * b->k,
               b->m);
  out = lsL_newmatrix(L, x->rows * b->k, b->m);
  if (b->kind == BASIS_POLY)
    ls_poly_jacobian(b->m, b->k, b->idx, x->rows, x->data, out->data);
  else
    ls_fourier_jacobian(b->m, b->k, b->idx, x->rows, x->data, out->data);
  return 1;
}


static int l_tostring (lua_State *L) {
  Basis *b = checkbasis(L, 1);
  lua_pushfstring(L, "Basis %s(m = %d, %s = %d): %d functions",
                  b->kind == BASIS_POLY ? "poly" : "fourier", b->m,
                  b->kind == BASIS_POLY ? "d" : "K", b->order, b->k);
  return 1;
}


/* {======================================================
** Exact coefficient matrices on polynomial spaces
** ======================================================= */

static int check_degree (lua_State *L, int arg) {
  lua_Integer d = luaL_checkinteger(L, arg);
  luaL_argcheck(L, d >= 0 && d <= 64, arg, "degree must be in 0..64");
  return (int)d;
}


static long checked_count (lua_State *L, int m, int d) {
  long k = ls_poly_count(m, d);
  if (k < 0 || k > 20000)
    luaL_error(L, "polynomial space of %d variables and degree %d is too "
               "large for dense coefficient matrices", m, d);
  return k;
}


/***
The matrix (k_out x k_in) mapping coefficients of F in P_din to those of
DF.v in P_dout, for the polynomial field v with coefficient matrix V
(m x k_v, column b = monomial b of P_dv).
@function poly_field_matrix
*/
static int l_field_matrix (lua_State *L) {
  int m = check_vars(L, 1, "poly_field_matrix"), din = check_degree(L, 2), dv = check_degree(L, 3);
  lsL_Matrix *v = lsL_checkmatrix(L, 4), *e;
  int dout = check_degree(L, 5);
  long kin = checked_count(L, m, din), kv = checked_count(L, m, dv);
  long kout = checked_count(L, m, dout);
  if (v->rows != m || v->cols != kv)
    luaL_error(L, "shape mismatch in 'poly_field_matrix': field must be %dx%d, "
               "got %dx%d", m, (int)kv, v->rows, v->cols);
  if (dout < din + dv - 1)
    luaL_argerror(L, 5, "output degree must be at least din + dv - 1");
  e = lsL_newmatrix(L, (int)kout, (int)kin);
  lsL_checkstatus(L, ls_poly_field_matrix(m, din, dv, v->data, dout, e->data),
                  "poly_field_matrix", "failed (%d)");
  return 1;
}


/***
W E^T for the field matrix E of poly_field_matrix, without forming E:
coefficients (n x k_out) of DF.v for the n polynomials in the rows of W.
@function poly_field_apply
*/
static int l_field_apply (lua_State *L) {
  int m = check_vars(L, 1, "poly_field_apply"), din = check_degree(L, 2), dv = check_degree(L, 3);
  lsL_Matrix *v = lsL_checkmatrix(L, 4), *w, *out;
  int dout = check_degree(L, 5);
  long kin = checked_count(L, m, din), kv = checked_count(L, m, dv);
  long kout = checked_count(L, m, dout);
  w = lsL_checkmatrix(L, 6);
  if (v->rows != m || v->cols != kv)
    luaL_error(L, "shape mismatch in 'poly_field_apply': field must be %dx%d, "
               "got %dx%d", m, (int)kv, v->rows, v->cols);
  if (w->cols != kin)
    luaL_error(L, "shape mismatch in 'poly_field_apply': coefficients must have "
               "%d columns, got %dx%d", (int)kin, w->rows, w->cols);
  if (dout < din + dv - 1)
    luaL_argerror(L, 5, "output degree must be at least din + dv - 1");
  out = lsL_newmatrix(L, w->rows, (int)kout);
  lsL_checkstatus(L, ls_poly_field_apply(m, din, dv, v->data, dout, w->rows,
                                         w->data, out->data),
                  "poly_field_apply", "failed (%d)");
  return 1;
}


/***
The field matrix of poly_field_matrix as sparse entries: an nnz x 3 matrix
of (row, column, value) with 0-based indices, rows offset by `offset`
(default 0); a (row, column) pair may repeat, to be summed.
@function poly_field_entries
*/
static int l_field_entries (lua_State *L) {
  int m = check_vars(L, 1, "poly_field_entries"), din = check_degree(L, 2), dv = check_degree(L, 3);
  lsL_Matrix *v = lsL_checkmatrix(L, 4), *e;
  int dout = check_degree(L, 5);
  lua_Integer offset = luaL_optinteger(L, 6, 0);
  long kv = checked_count(L, m, dv), nnz, t;
  int *idx;
  checked_count(L, m, din);
  checked_count(L, m, dout);
  if (v->rows != m || v->cols != kv)
    luaL_error(L, "shape mismatch in 'poly_field_entries': field must be %dx%d, "
               "got %dx%d", m, (int)kv, v->rows, v->cols);
  if (dout < din + dv - 1)
    luaL_argerror(L, 5, "output degree must be at least din + dv - 1");
  luaL_argcheck(L, offset >= 0 && offset < (1 << 30), 6, "offset out of range");
  lsL_checkstatus(L, ls_poly_field_entries(m, din, dv, v->data, dout, NULL,
                                           NULL, NULL, &nnz),
                  "poly_field_entries", "failed (%d)");
  if (nnz > (1L << 28)) luaL_error(L, "poly_field_entries: too many entries");
  e = lsL_newmatrix(L, (int)nnz, 3);
  idx = (int *)lua_newuserdatauv(L, (size_t)(2 * nnz + 1) * sizeof(int), 0);
  lsL_checkstatus(L, ls_poly_field_entries(m, din, dv, v->data, dout, idx,
                                           idx + nnz, e->data + 2 * nnz, &nnz),
                  "poly_field_entries", "failed (%d)");
  for (t = 0; t < nnz; t++) {
    e->data[t] = (double)(idx[t] + offset);
    e->data[nnz + t] = (double)idx[nnz + t];
  }
  lua_pop(L, 1);
  return 1;
}


/***
The matrix (k_out x k_in) of multiplication by the polynomial g (k_g x 1
coefficients in P_dg), from P_din to P_dout.
@function poly_mul_matrix
*/
static int l_mul_matrix (lua_State *L) {
  int m = check_vars(L, 1, "poly_mul_matrix"), din = check_degree(L, 2), dg = check_degree(L, 3);
  lsL_Matrix *g = lsL_checkmatrix(L, 4), *e;
  int dout = check_degree(L, 5);
  long kin = checked_count(L, m, din), kg = checked_count(L, m, dg);
  long kout = checked_count(L, m, dout);
  if ((long)MAT_N(g) != kg)
    luaL_error(L, "shape mismatch in 'poly_mul_matrix': %d coefficients "
               "expected, got %dx%d", (int)kg, g->rows, g->cols);
  if (dout < din + dg) luaL_argerror(L, 5, "output degree must be at least din + dg");
  e = lsL_newmatrix(L, (int)kout, (int)kin);
  lsL_checkstatus(L, ls_poly_mul_matrix(m, din, dg, g->data, dout, e->data),
                  "poly_mul_matrix", "failed (%d)");
  return 1;
}


/***
The matrix (k x k) mapping coefficients of F in P_d to those of x -> F(Rx).
@function poly_substitution
*/
static int l_substitution (lua_State *L) {
  int m = check_vars(L, 1, "poly_substitution"), d = check_degree(L, 2);
  lsL_Matrix *r = lsL_checkmatrix(L, 3), *t;
  long k = checked_count(L, m, d);
  if (r->rows != m || r->cols != m)
    luaL_error(L, "shape mismatch in 'poly_substitution': %dx%d map expected, "
               "got %dx%d", m, m, r->rows, r->cols);
  if (!ls_allfinite(r->data, MAT_N(r)))
    luaL_error(L, "poly_substitution: map has NaN or Inf entries");
  t = lsL_newmatrix(L, (int)k, (int)k);
  lsL_checkstatus(L, ls_poly_linear_substitution(m, d, r->data, t->data),
                  "poly_substitution", "failed (%d)");
  return 1;
}


/***
The Gram matrix of P_d for the uniform probability measure on [-1,1]^m.
@function poly_box_gram
*/
static int l_divergence (lua_State *L) {
  int m = check_vars(L, 1, "poly_divergence"), d = check_degree(L, 2);
  long k = checked_count(L, m, d), kd = d > 0 ? checked_count(L, m, d - 1) : 0;
  lsL_Matrix *e;
  if ((double)kd * m * k > (double)(1L << 28))
    luaL_error(L, "poly_divergence: a %ld x %ld matrix is too large", kd, m * k);
  e = lsL_newmatrix(L, (int)kd, (int)(m * k));
  lsL_checkstatus(L, ls_poly_divergence_matrix(m, d, e->data), "poly_divergence", "failed (%d)");
  return 1;
}


/* core.poly_embed(m, M, off, d, A) -> B: the rows of A (r x C(m+d, d))
   as polynomials in M variables with x_i = z_(off + i) (off 0-based) */
static int l_embed (lua_State *L) {
  int m = check_vars(L, 1, "poly_embed"), M = check_vars(L, 2, "poly_embed"),
      off = (int)luaL_checkinteger(L, 3), d = check_degree(L, 4);
  lsL_Matrix *a = lsL_checkmatrix(L, 5), *b;
  long k = checked_count(L, m, d), K = checked_count(L, M, d);
  if (off < 0 || off + m > M) luaL_error(L, "poly_embed: variables out of range");
  if (a->cols != k) luaL_error(L, "poly_embed: %d columns expected", (int)k);
  if ((double)a->rows * K > (double)(1L << 28)) luaL_error(L, "poly_embed: too large");
  b = lsL_newmatrix(L, a->rows, (int)K);
  lsL_checkstatus(L, ls_poly_embed(m, M, off, d, a->rows, a->data, b->data), "poly_embed",
                  "failed (%d)");
  return 1;
}


static int l_box_gram (lua_State *L) {
  int m = check_vars(L, 1, "poly_box_gram"), d = check_degree(L, 2);
  long k = checked_count(L, m, d);
  lsL_Matrix *g = lsL_newmatrix(L, (int)k, (int)k);
  lsL_checkstatus(L, ls_poly_box_gram(m, d, g->data), "poly_box_gram",
                  "failed (%d)");
  return 1;
}


/***
The size C(m+d, d) of P_d in m variables.
@function poly_count
*/
static int l_count (lua_State *L) {
  int m = check_vars(L, 1, "poly_count"), d = check_degree(L, 2);
  long k = ls_poly_count(m, d);
  if (k < 0) luaL_error(L, "poly_count: C(%d+%d, %d) is too large", m, d, d);
  lua_pushinteger(L, k);
  return 1;
}

/* }====================================================== */




static int l_isbasis (lua_State *L) {
  lua_pushboolean(L, luaL_testudata(L, 1, LS_BASIS_T) != NULL);
  return 1;
}


static const luaL_Reg basis_methods[] = {
  {"size", l_size},
  {"vars", l_vars},
  {"order", l_order},
  {"names", l_names},
  {"exponents", l_exponents},
  {"eval", l_eval},
  {"jacobian", l_jacobian},
  {NULL, NULL}
};

static const luaL_Reg funcs[] = {
  {"basis_poly", l_poly},
  {"basis_fourier", l_fourier},
  {"poly_field_matrix", l_field_matrix},
  {"poly_field_apply", l_field_apply},
  {"poly_field_entries", l_field_entries},
  {"poly_mul_matrix", l_mul_matrix},
  {"poly_substitution", l_substitution},
  {"poly_box_gram", l_box_gram},
  {"poly_divergence", l_divergence},
  {"poly_embed", l_embed},
  {"poly_count", l_count},
  {"isbasis", l_isbasis},
  {NULL, NULL}
};


void lsL_open_basis (lua_State *L) {
  luaL_newmetatable(L, LS_BASIS_T);
  lua_pushliteral(L, "basis");
  lua_setfield(L, -2, "__name");
  lua_pushcfunction(L, l_tostring);
  lua_setfield(L, -2, "__tostring");
  luaL_newlib(L, basis_methods);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  luaL_setfuncs(L, funcs, 0);
}
