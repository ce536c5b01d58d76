/*
** lsindy.c — bindings of the SINDy kernels: derivatives of sampled
** trajectories (src/core/deriv.c) and sequentially thresholded least
** squares (src/core/stlsq.c).  Option tables are read by the Lua layer
** (lua/liesym/sindy.lua); these take plain arguments.
*/
#include <math.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "dense.h"
#include "deriv.h"
#include "stlsq.h"
#include "sr3.h"
#include "weakform.h"
#include "lmatrix.h"
#include "lutil.h"


/* the times of X's rows: a step (number > 0) or a vector of nt strictly
   increasing times; pushed as an nt-vector */
static lsL_Matrix *push_times (lua_State *L, int arg, int nt, const char *fname) {
  lsL_Matrix *t;
  int i;
  if (lua_type(L, arg) == LUA_TNUMBER) {
    double h = lua_tonumber(L, arg);
    if (!(h > 0) || !isfinite(h))
      lsL_argerr(L, arg, fname, "a positive time step expected, got %s", lua_tostring(L, arg));
    t = lsL_newmatrix(L, nt, 1);
    for (i = 0; i < nt; i++) t->data[i] = h * i;
    return t;
  }
  else {
    lsL_Matrix *s = lsL_testmatrix(L, arg);
    if (s == NULL || (s->cols != 1 && s->rows != 1) || (int)MAT_N(s) != nt)
      lsL_argerr(L, arg, fname, "a time step or a vector of %d times expected, got %s", nt,
                 s == NULL ? lsL_typename(L, arg) : "a matrix of another size");
    for (i = 1; i < nt; i++)
      if (!(s->data[i] > s->data[i - 1]) || !isfinite(s->data[i])) break;
    if (i < nt || !isfinite(s->data[0]))
      lsL_argerr(L, arg, fname, "times must be finite and strictly increasing");
    t = lsL_newmatrix(L, nt, 1);
    memcpy(t->data, s->data, (size_t)nt * sizeof(double));
    return t;
  }
}


/* core.sindy_derivative(X, t, method, a, b): method "fd" with a = order,
   "savgol" with a = window and b = degree, or "spectral" */
static int l_derivative (lua_State *L) {
  static const char *const fname = "sindy.derivative";
  lsL_Matrix *x = lsL_checkmatrix(L, 1), *t, *dx;
  const char *method = luaL_checkstring(L, 3);
  int a = (int)luaL_checkinteger(L, 4), st;
  if (!ls_allfinite(x->data, MAT_N(x)))
    lsL_argerr(L, 1, fname, "the trajectory has NaN or Inf entries");
  t = push_times(L, 2, x->rows, fname);
  dx = lsL_newmatrix(L, x->rows, x->cols);
  if (strcmp(method, "spectral") == 0) {
    if (lua_type(L, 2) != LUA_TNUMBER)
      lsL_argerr(L, 2, fname, "the spectral method needs a time step (uniform samples)");
    st = ls_deriv_spectral(x->rows, x->cols, lua_tonumber(L, 2), x->data, dx->data);
  }
  else if (strcmp(method, "fd") == 0) {
    if (x->rows <= a)
      lsL_argerr(L, 1, fname, "order %d needs more than %d samples, got %d", a, a, x->rows);
    st = ls_deriv_fd(x->rows, x->cols, t->data, x->data, a, dx->data);
  }
  else {
    int b = (int)luaL_checkinteger(L, 5);
    if (x->rows < a)
      lsL_argerr(L, 1, fname, "a window of %d needs as many samples, got %d", a, x->rows);
    st = ls_deriv_savgol(x->rows, x->cols, t->data, x->data, a, b, dx->data);
  }
  lsL_checkstatus(L, st, fname, NULL);
  return 1;
}


/* the regression's library A and targets B: as many rows, finite */
static void check_system (lua_State *L, const lsL_Matrix *a, const lsL_Matrix *b,
                          const char *fname) {
  if (a->rows != b->rows)
    lsL_error(L, "%s: the library has %d rows, the derivatives %d", fname, a->rows, b->rows);
  if (!ls_allfinite(a->data, MAT_N(a)))
    lsL_error(L, "%s: the library has NaN or Inf entries at the data", fname);
  if (!ls_allfinite(b->data, MAT_N(b)))
    lsL_error(L, "%s: the derivatives have NaN or Inf entries", fname);
}


/* core.sindy_stlsq(A, B, threshold, ridge, maxit, unbias) -> X, info */
static int l_stlsq (lua_State *L) {
  static const char *const fname = "sindy.fit";
  lsL_Matrix *a = lsL_checkmatrix(L, 1), *b = lsL_checkmatrix(L, 2), *x;
  ls_StlsqOpts o;
  ls_StlsqInfo info;
  int st;
  o.threshold = luaL_checknumber(L, 3);
  o.ridge = luaL_checknumber(L, 4);
  o.maxit = (int)luaL_checkinteger(L, 5);
  o.unbias = lua_toboolean(L, 6);
  if (!(o.threshold >= 0) || !isfinite(o.threshold))
    lsL_argerr(L, 3, fname, "a threshold >= 0 expected");
  if (!(o.ridge >= 0) || !isfinite(o.ridge)) lsL_argerr(L, 4, fname, "a ridge weight >= 0 expected");
  if (o.maxit < 1) lsL_argerr(L, 5, fname, "at least one round expected");
  check_system(L, a, b, fname);
  x = lsL_newmatrix(L, a->cols, b->cols);
  st = ls_stlsq(a->rows, a->cols, b->cols, a->data, b->data, &o, x->data, &info);
  lsL_checkstatus(L, st, fname, "the least-squares solver did not converge (%d)");
  lua_createtable(L, 0, 3);
  lua_pushinteger(L, info.iterations); lua_setfield(L, -2, "iterations");
  lua_pushboolean(L, info.converged); lua_setfield(L, -2, "converged");
  lua_pushnumber(L, info.residual); lua_setfield(L, -2, "residual");
  return 2;
}


/* core.sindy_reduce(A, B) -> R11, R12: |A x - B_j| = |R11 x - R12_j| + const */
static int l_reduce (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1), *b = lsL_checkmatrix(L, 2), *r, *r11, *r12;
  int rr = a->rows < a->cols ? a->rows : a->cols, st;
  if (a->rows != b->rows)
    return lsL_error(L, "sindy.fit: the library has %d rows, the derivatives %d", a->rows, b->rows);
  if (a->cols < 1) return lsL_error(L, "sindy.fit: the library is empty");
  r = lsL_newmatrix(L, rr, a->cols + b->cols);
  st = ls_stlsq_reduce(a->rows, a->cols, b->cols, a->data, b->data, r->data);
  lsL_checkstatus(L, st, "sindy.fit", "the QR factorisation failed (%d)");
  r11 = lsL_newmatrix(L, rr, a->cols);
  memcpy(r11->data, r->data, MAT_N(r11) * sizeof(double));
  r12 = lsL_newmatrix(L, rr, b->cols);
  memcpy(r12->data, r->data + MAT_N(r11), MAT_N(r12) * sizeof(double));
  return 2;
}


/* core.sindy_weak(A, t, K, w, p, deriv) -> the K x ncols test-function
   integrals of A's columns (phi_k, or phi_k' with deriv) */
static int l_weak (lua_State *L) {
  static const char *const fname = "sindy.fit";
  lsL_Matrix *a = lsL_checkmatrix(L, 1), *t, *out;
  int K = (int)luaL_checkinteger(L, 3), w = (int)luaL_checkinteger(L, 4);
  int p = (int)luaL_checkinteger(L, 5), deriv = lua_toboolean(L, 6), st;
  t = push_times(L, 2, a->rows, fname);
  if (w < 2 || w > a->rows)
    return lsL_opterr(L, "weak", fname, "a support of %d samples in a trajectory of %d", w, a->rows);
  if (K < 1 || K > a->rows - w + 1)
    return lsL_opterr(L, "weak", fname, "%d test functions of %d samples in a trajectory of %d "
                      "(at most %d)", K, w, a->rows, a->rows - w + 1);
  if (p < 1) return lsL_opterr(L, "weak", fname, "a degree >= 1 expected, got %d", p);
  out = lsL_newmatrix(L, K, a->cols);
  st = ls_weak_project(a->rows, t->data, K, w, p, deriv, a->cols, a->data, out->data);
  lsL_checkstatus(L, st, fname, NULL);
  return 1;
}


/* core.sindy_sr3(A, B, threshold, nu, l1, maxit, tol, unbias) -> X, info */
static int l_sr3 (lua_State *L) {
  static const char *const fname = "sindy.fit";
  lsL_Matrix *a = lsL_checkmatrix(L, 1), *b = lsL_checkmatrix(L, 2), *x;
  ls_Sr3Opts o;
  ls_Sr3Info info;
  int st;
  o.threshold = luaL_checknumber(L, 3);
  o.nu = luaL_checknumber(L, 4);
  o.l1 = lua_toboolean(L, 5);
  o.maxit = (int)luaL_checkinteger(L, 6);
  o.tol = luaL_checknumber(L, 7);
  o.unbias = lua_toboolean(L, 8);
  if (!(o.threshold >= 0) || !isfinite(o.threshold))
    lsL_argerr(L, 3, fname, "a threshold >= 0 expected");
  if (!(o.nu > 0) || !isfinite(o.nu)) lsL_argerr(L, 4, fname, "a relaxation nu > 0 expected");
  if (o.maxit < 1) lsL_argerr(L, 6, fname, "at least one iteration expected");
  if (!(o.tol > 0)) lsL_argerr(L, 7, fname, "a tolerance > 0 expected");
  check_system(L, a, b, fname);
  x = lsL_newmatrix(L, a->cols, b->cols);
  st = ls_sr3(a->rows, a->cols, b->cols, a->data, b->data, &o, x->data, &info);
  lsL_checkstatus(L, st, fname, "the relaxed system could not be factored (%d)");
  lua_createtable(L, 0, 2);
  lua_pushinteger(L, info.iterations); lua_setfield(L, -2, "iterations");
  lua_pushboolean(L, info.converged); lua_setfield(L, -2, "converged");
  return 2;
}


static const luaL_Reg funcs[] = {
  {"sindy_sr3", l_sr3},
  {"sindy_weak", l_weak},
  {"sindy_reduce", l_reduce},
  {"sindy_derivative", l_derivative},
  {"sindy_stlsq", l_stlsq},
  {NULL, NULL}
};

void lsL_open_sindy (lua_State *L) {
  luaL_setfuncs(L, funcs, 0);
}
