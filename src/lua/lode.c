/*
** lode.c — binding of the integrators (src/core/ode.c).  The right side
** is a Lua function f(t, x), called through lua_pcall so that an error in
** it stops the integration cleanly and is raised after the solver has
** freed its memory; or a model x' = W phi(x) on a built-in basis, evaluated
** in C with no Lua per step.  The solution is a Matrix pushed before the
** integration starts, so that nothing C writes to can be collected.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "dense.h"
#include "ode.h"
#include "lmatrix.h"
#include "ltypes.h"
#include "lutil.h"

#define FNAME "ode.solve"

/* a wall-clock deadline (0: none), checked at every evaluation of f */
typedef struct Deadline { double at; int expired; } Deadline;

static int expired (Deadline *d) {
  if (d->at > 0 && lsL_now() > d->at) d->expired = 1;
  return d->expired;
}

typedef struct LuaRhs {
  lua_State *L;
  int fn, m;
  int failed;   /* 1: f raised (message on the stack); 2: a bad value */
  Deadline *deadline;
} LuaRhs;


/* f(t, x) with x a fresh m x 1 Matrix; a Matrix of m entries or a list
   of m numbers back */
static int lua_rhs (void *ctx, double t, const double *x, double *dx) {
  LuaRhs *r = (LuaRhs *)ctx;
  lua_State *L = r->L;
  lsL_Matrix *xm, *y;
  int i;
  if (expired(r->deadline)) return 1;
  lua_pushvalue(L, r->fn);
  lua_pushnumber(L, t);
  xm = lsL_newmatrix(L, r->m, 1);
  memcpy(xm->data, x, (size_t)r->m * sizeof(double));
  if (lua_pcall(L, 2, 1, 0) != LUA_OK) { r->failed = 1; return 1; }
  if ((y = lsL_testmatrix(L, -1)) != NULL && (int)MAT_N(y) == r->m)
    memcpy(dx, y->data, (size_t)r->m * sizeof(double));
  else if (lua_type(L, -1) == LUA_TTABLE && (int)lua_rawlen(L, -1) == r->m) {
    for (i = 0; i < r->m; i++) {
      int ok;
      lua_rawgeti(L, -1, i + 1);
      dx[i] = lua_tonumberx(L, -1, &ok);
      lua_pop(L, 1);
      if (!ok) break;
    }
    if (i < r->m) {
      lua_pop(L, 1);
      lua_pushfstring(L, "%s: f(t, x) must return %d numbers, entry %d is not one",
                      FNAME, r->m, i + 1);
      r->failed = 2;
      return 1;
    }
  }
  else {
    const char *got = lsL_typename(L, -1);
    lua_pop(L, 1);
    lua_pushfstring(L, "%s: f(t, x) must return a Matrix or a list of %d numbers, got %s",
                    FNAME, r->m, got);
    r->failed = 2;
    return 1;
  }
  lua_pop(L, 1);
  return 0;
}


typedef struct ModelRhs {
  lsL_BasisView b;
  int m;
  const double *W;   /* m x k, a private copy */
  double *phi;
  Deadline *deadline;
} ModelRhs;

static int model_rhs (void *ctx, double t, const double *x, double *dx) {
  ModelRhs *r = (ModelRhs *)ctx;
  int i, j;
  (void)t;
  if (expired(r->deadline)) return 1;
  lsL_basis_eval(&r->b, 1, x, r->phi);
  for (i = 0; i < r->m; i++) dx[i] = 0.0;
  for (j = 0; j < r->b.k; j++) {
    double p = r->phi[j];
    const double *wj = r->W + (size_t)j * r->m;
    for (i = 0; i < r->m; i++) dx[i] += wj[i] * p;
  }
  return 0;
}


/* the output times: a column (or row) Matrix, strictly monotone */
static lsL_Matrix *check_times (lua_State *L, int arg) {
  lsL_Matrix *t = lsL_testmatrix(L, arg);
  size_t n, i;
  if (t == NULL || (t->cols != 1 && t->rows != 1))
    lsL_argerr(L, arg, FNAME, "a vector of times expected, got %s",
               t == NULL ? lsL_typename(L, arg) : "a matrix");
  n = MAT_N(t);
  if (n < 1) lsL_argerr(L, arg, FNAME, "at least one time expected");
  if (!ls_allfinite(t->data, n)) lsL_argerr(L, arg, FNAME, "times must be finite");
  for (i = 2; i < n; i++)
    if ((t->data[i] - t->data[i - 1]) * (t->data[1] - t->data[0]) <= 0) break;
  if (n >= 2 && (t->data[1] == t->data[0] || i < n))
    lsL_argerr(L, arg, FNAME, "times must be strictly increasing or decreasing");
  return t;
}


/* core.ode_solve(f, x0, t, opts[, basis, W]): f a function, or nil with
   the model's basis and W */
static int l_ode_solve (lua_State *L) {
  static const char *const keys[] = {"method", "rtol", "atol", "h0", "hmax",
                                     "max_steps", "max_time", NULL};
  static const char *const methods[] = {"dopri5", "rk4", NULL};
  lsL_Matrix *x0 = lsL_testmatrix(L, 2), *t, *out, *W = NULL;
  ls_OdeOpts o;
  ls_OdeInfo info;
  LuaRhs lr;
  ModelRhs mr;
  Deadline dl = {0.0, 0};
  double *wcopy = NULL, max_time;
  int m, nt, st, model = lua_isnoneornil(L, 1);
  if (!model && !lua_isfunction(L, 1))
    lsL_argerr(L, 1, FNAME, "a function f(t, x) or a fitted model expected, got %s",
               lsL_typename(L, 1));
  if (x0 == NULL || (x0->cols != 1 && x0->rows != 1) || MAT_N(x0) < 1)
    lsL_argerr(L, 2, FNAME, "a vector x0 expected, got %s",
               x0 == NULL ? lsL_typename(L, 2) : "a matrix");
  if (!ls_allfinite(x0->data, MAT_N(x0))) lsL_argerr(L, 2, FNAME, "x0 must be finite");
  m = (int)MAT_N(x0);
  t = check_times(L, 3);
  nt = (int)MAT_N(t);
  lsL_checkkeys(L, 4, 4, FNAME, keys);
  ls_ode_defaults(&o);
  o.method = lsL_optenum(L, 4, "method", FNAME, methods, LS_ODE_DOPRI5);
  o.rtol = lsL_optnumber(L, 4, "rtol", FNAME, o.rtol, 1e-15, 1.0);
  o.atol = lsL_optnumber(L, 4, "atol", FNAME, o.atol, 0.0, HUGE_VAL);
  o.h0 = lsL_optnumber(L, 4, "h0", FNAME, 0.0, 0.0, HUGE_VAL);
  o.hmax = lsL_optnumber(L, 4, "hmax", FNAME, 0.0, 0.0, HUGE_VAL);
  o.max_steps = (long)lsL_optinteger(L, 4, "max_steps", FNAME, o.max_steps, 1,
                                     (lua_Integer)1 << 40);
  max_time = lsL_optnumber(L, 4, "max_time", FNAME, 0.0, 0.0, HUGE_VAL);
  if (lua_istable(L, 4) && lsL_rawfield(L, 4, "max_time") != LUA_TNIL && !(max_time > 0))
    return lsL_opterr(L, "max_time", FNAME, "a positive number of seconds expected");
  if (lua_istable(L, 4)) lua_pop(L, 1);
  if (max_time > 0) dl.at = lsL_now() + max_time;
  mr.deadline = &dl;
  if (model) {
    if (!lsL_tobasis(L, 5, &mr.b))
      lsL_argerr(L, 1, FNAME, "the model's basis must be a built-in Basis here");
    W = lsL_checkmatrix(L, 6);
    if (W->rows != m || W->cols != mr.b.k || mr.b.m != m)
      lsL_argerr(L, 2, FNAME, "x0 has %d entries, the model is a field on R^%d", m, mr.b.m);
  }
  {   /* private copies: f may change the caller's matrices while it runs */
    lsL_Matrix *tc = lsL_newmatrix(L, nt, 1), *xc = lsL_newmatrix(L, m, 1);
    memcpy(tc->data, t->data, (size_t)nt * sizeof(double));
    memcpy(xc->data, x0->data, (size_t)m * sizeof(double));
    t = tc;
    x0 = xc;
  }
  out = lsL_newmatrix(L, nt, m);   /* anchored on the stack */
  if (model) {
    wcopy = (double *)malloc(MAT_N(W) * sizeof(double) + (size_t)mr.b.k * sizeof(double) + 1);
    if (wcopy == NULL) return luaL_error(L, "%s: out of memory", FNAME);
    memcpy(wcopy, W->data, MAT_N(W) * sizeof(double));
    mr.W = wcopy;
    mr.phi = wcopy + MAT_N(W);
    mr.m = m;
    st = ls_ode_solve(model_rhs, &mr, m, x0->data, nt, t->data, &o, out->data, &info);
    free(wcopy);
  }
  else {
    lr.L = L; lr.fn = 1; lr.m = m; lr.failed = 0; lr.deadline = &dl;
    st = ls_ode_solve(lua_rhs, &lr, m, x0->data, nt, t->data, &o, out->data, &info);
    if (lr.failed == 1) return lua_error(L);   /* f's own error, as raised */
    if (lr.failed == 2) return lsL_error(L, "%s", lua_tostring(L, -1));
  }
  if (dl.expired)
    return lsL_error(L, "%s: max_time (%f s) reached at t = %f", FNAME, max_time, info.t);
  switch (st) {
    case LS_OK: break;
    case LS_ODE_MAXSTEPS:
      return lsL_error(L, "%s: max_steps (%d) reached at t = %f", FNAME, (int)o.max_steps,
                       info.t);
    case LS_ODE_SMALLSTEP:
      return lsL_error(L, "%s: the step size fell below rounding at t = %f "
                       "(a singularity, or a stiff problem)", FNAME, info.t);
    case LS_ODE_NONFINITE:
      return lsL_error(L, "%s: f returned Inf or NaN near t = %f", FNAME, info.t);
    default:
      lsL_checkstatus(L, st, FNAME, NULL);
  }
  lua_createtable(L, 0, 4);
  lua_pushinteger(L, info.steps); lua_setfield(L, -2, "steps");
  lua_pushinteger(L, info.rejected); lua_setfield(L, -2, "rejected");
  lua_pushinteger(L, info.evals); lua_setfield(L, -2, "evaluations");
  lua_pushstring(L, methods[o.method]); lua_setfield(L, -2, "method");
  return 2;
}


static const luaL_Reg funcs[] = {
  {"ode_solve", l_ode_solve},
  {NULL, NULL}
};

void lsL_open_ode (lua_State *L) {
  luaL_setfuncs(L, funcs, 0);
}
