/*
** lpromote.c — bindings of the ADMM solvers (src/core/promote.c): an
** options table in, the solution and an info table out.  A Lua progress
** function is called through lua_pcall so that an error in it stops the
** solver cleanly and is raised only after the solver has freed its memory.
*/
#include <math.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "promote.h"
#include "lmatrix.h"


typedef struct Progress {
  lua_State *L;
  int fn;       /* stack index of the Lua function, 0 for none */
  int failed;   /* the function raised: its message is on the stack */
} Progress;


static int call_progress (void *ctx, int iter, double primal, double dual,
                          double objective) {
  Progress *pg = (Progress *)ctx;
  lua_State *L = pg->L;
  int stop;
  lua_pushvalue(L, pg->fn);
  lua_pushinteger(L, iter);
  lua_pushnumber(L, primal);
  lua_pushnumber(L, dual);
  lua_pushnumber(L, objective);
  if (lua_pcall(L, 4, 1, 0) != LUA_OK) {
    pg->failed = 1;  /* keep the message on the stack */
    return 1;
  }
  stop = (lua_type(L, -1) == LUA_TBOOLEAN && lua_toboolean(L, -1));  /* true stops */
  lua_pop(L, 1);
  return stop;
}


static lsL_Matrix *field_matrix (lua_State *L, int t, const char *name,
                                 int required) {
  lsL_Matrix *m;
  lua_getfield(L, t, name);
  m = lsL_testmatrix(L, -1);
  if (m == NULL && (required || !lua_isnil(L, -1)))
    luaL_error(L, "admm: field '%s' must be a matrix", name);
  lua_pop(L, 1);  /* still referenced by the options table */
  return m;
}


static double field_number (lua_State *L, int t, const char *name, double def) {
  double v = def;
  if (lua_getfield(L, t, name) != LUA_TNIL) {
    int isnum;
    v = lua_tonumberx(L, -1, &isnum);
    if (!isnum || !isfinite(v))
      luaL_error(L, "admm: field '%s' must be a finite number", name);
  }
  lua_pop(L, 1);
  return v;
}


static void read_options (lua_State *L, int t, ls_AdmmOptions *opt,
                          Progress *pg) {
  double it = field_number(L, t, "max_iter", 10000);
  double every = field_number(L, t, "every", 0);
  opt->tol = field_number(L, t, "tol", 1e-8);
  opt->rho = field_number(L, t, "rho", 0);
  if (!(opt->tol > 0)) luaL_error(L, "admm: 'tol' must be positive");
  if (it < 1 || it > 1e9 || it != floor(it))
    luaL_error(L, "admm: 'max_iter' must be a positive integer");
  if (every < 0 || every > 1e9 || every != floor(every))
    luaL_error(L, "admm: 'every' must be a non-negative integer");
  opt->max_iter = (int)it;
  opt->every = (int)every;
  pg->L = L;
  pg->failed = 0;
  pg->fn = 0;
  opt->progress = NULL;
  opt->ctx = pg;
  if (lua_getfield(L, t, "progress") == LUA_TFUNCTION) {
    pg->fn = lua_gettop(L);  /* stays on the stack for the solve */
    opt->progress = call_progress;
    if (opt->every == 0) opt->every = 100;
  }
  else if (!lua_isnil(L, -1))
    luaL_error(L, "admm: 'progress' must be a function");
  else
    lua_pop(L, 1);
}


static void push_info (lua_State *L, const ls_AdmmInfo *info) {
  lua_createtable(L, 0, 7);
  lua_pushinteger(L, info->iterations); lua_setfield(L, -2, "iterations");
  lua_pushboolean(L, info->converged); lua_setfield(L, -2, "converged");
  lua_pushboolean(L, info->stopped); lua_setfield(L, -2, "stopped");
  lua_pushnumber(L, info->primal); lua_setfield(L, -2, "primal");
  lua_pushnumber(L, info->dual); lua_setfield(L, -2, "dual");
  lua_pushnumber(L, info->objective); lua_setfield(L, -2, "objective");
  lua_pushnumber(L, info->rho); lua_setfield(L, -2, "rho");
}


/***
Nuclear-norm fit by ADMM: opts {bop = M (p*q x k), p = p, phi = Φ (n x k),
y = (n x 1), gamma = γ (omit for the exact problem), warm = θ0, tol,
max_iter, rho, every, progress}.
@function nuclear_admm
@treturn Matrix θ (k x 1)
@treturn Matrix the dual certificate (p x q)
@treturn table info
*/
static int l_nuclear_admm (lua_State *L) {
  lsL_Matrix *bop, *phi, *y, *warm, *theta, *dual;
  ls_AdmmOptions opt;
  ls_AdmmInfo info;
  Progress pg;
  int p, q, st;
  double gamma;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  bop = field_matrix(L, 1, "bop", 1);
  phi = field_matrix(L, 1, "phi", 1);
  y = field_matrix(L, 1, "y", 1);
  warm = field_matrix(L, 1, "warm", 0);
  p = (int)field_number(L, 1, "p", -1);
  gamma = field_number(L, 1, "gamma", -1);
  if (p < 1 || bop->rows % p != 0)
    luaL_error(L, "nuclear_admm: 'p' must divide the %d rows of 'bop'", bop->rows);
  q = bop->rows / p;
  if (phi->cols != bop->cols)
    luaL_error(L, "shape mismatch in 'nuclear_admm': bop has %d columns, phi %d",
               bop->cols, phi->cols);
  if ((int)MAT_N(y) != phi->rows)
    luaL_error(L, "shape mismatch in 'nuclear_admm': phi has %d rows, y %d entries",
               phi->rows, (int)MAT_N(y));
  if (warm != NULL && (int)MAT_N(warm) != bop->cols)
    luaL_error(L, "shape mismatch in 'nuclear_admm': warm start needs %d entries",
               bop->cols);
  if (lua_getfield(L, 1, "gamma") != LUA_TNIL && !(gamma >= 0))
    luaL_error(L, "nuclear_admm: 'gamma' must be non-negative");
  lua_pop(L, 1);
  read_options(L, 1, &opt, &pg);
  theta = lsL_newmatrix(L, bop->cols, 1);
  dual = lsL_newmatrix(L, p, q);
  if (warm != NULL) memcpy(theta->data, warm->data, MAT_N(theta) * sizeof(double));
  st = ls_nuclear_admm(p, q, bop->cols, bop->data, phi->rows, phi->data,
                       y->data, gamma, &opt, theta->data, dual->data, &info);
  if (pg.failed)  /* the progress function's error, now that C is done */
    return lua_error(L);  /* its message is on the top of the stack */
  lsL_checkstatus(L, st, "nuclear_admm", "factorisation failed (%d): the "
                  "constraints may be inconsistent");
  push_info(L, &info);
  return 3;
}


/***
Basis pursuit by ADMM: opts {phi = Φ (n x k), y = (n x 1), tol, max_iter,
rho, every, progress}: min ‖θ‖₁ subject to Φθ = y.
@function l1_admm
@treturn Matrix θ (k x 1)
@treturn table info
*/
static int l_l1_admm (lua_State *L) {
  lsL_Matrix *phi, *y, *theta;
  ls_AdmmOptions opt;
  ls_AdmmInfo info;
  Progress pg;
  int st;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  phi = field_matrix(L, 1, "phi", 1);
  y = field_matrix(L, 1, "y", 1);
  if ((int)MAT_N(y) != phi->rows)
    luaL_error(L, "shape mismatch in 'l1_admm': phi has %d rows, y %d entries",
               phi->rows, (int)MAT_N(y));
  read_options(L, 1, &opt, &pg);
  theta = lsL_newmatrix(L, phi->cols, 1);
  st = ls_l1_admm(phi->cols, phi->rows, phi->data, y->data, &opt, theta->data,
                  &info);
  if (pg.failed) return lua_error(L);
  lsL_checkstatus(L, st, "l1_admm", "factorisation failed (%d): the "
                  "constraints may be inconsistent");
  push_info(L, &info);
  return 2;
}


static const luaL_Reg funcs[] = {
  {"nuclear_admm", l_nuclear_admm},
  {"l1_admm", l_l1_admm},
  {NULL, NULL}
};


void lsL_open_promote (lua_State *L) {
  luaL_setfuncs(L, funcs, 0);
}
