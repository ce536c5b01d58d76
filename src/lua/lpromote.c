/*
** lpromote.c — bindings of the ADMM solvers (src/core/promote.c): an
** options table in, the solution and an info table out.  A Lua progress
** function is called through lua_pcall so that an error in it stops the
** solver cleanly and is raised only after the solver has freed its memory.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "promote.h"
#include "svt.h"
#include "lmatrix.h"
#include "ltypes.h"
#include "lutil.h"


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


/* opts[name] (raw access) as a private copy anchored on the stack for
   the whole call: the progress function may change or drop the caller's
   matrices while C reads these; NULL (nothing pushed) when absent */
static lsL_Matrix *field_matrix (lua_State *L, int t, const char *fname,
                                 const char *name, int required) {
  lsL_Matrix *m, *c;
  lsL_rawfield(L, t, name);
  m = lsL_testmatrix(L, -1);
  if (m == NULL && (required || !lua_isnil(L, -1)))
    luaL_error(L, "%s: field '%s' must be a matrix", fname, name);
  if (m == NULL) { lua_pop(L, 1); return NULL; }
  c = lsL_newmatrix(L, m->rows, m->cols);
  memcpy(c->data, m->data, MAT_N(m) * sizeof(double));
  lua_remove(L, -2);   /* the caller's matrix; the copy stays */
  return c;
}


static double field_number (lua_State *L, int t, const char *fname,
                             const char *name, double def) {
  double v = def;
  if (lsL_rawfield(L, t, name) != LUA_TNIL) {
    int isnum;
    v = lua_tonumberx(L, -1, &isnum);
    if (!isnum || !isfinite(v))
      luaL_error(L, "%s: field '%s' must be a finite number", fname, name);
  }
  lua_pop(L, 1);
  return v;
}


static void read_options (lua_State *L, int t, const char *fname,
                          ls_AdmmOptions *opt, Progress *pg) {
  double it = field_number(L, t, fname, "max_iter", 10000);
  double every = field_number(L, t, fname, "every", 0);
  double accel = field_number(L, t, fname, "accel", 0);
  double adapt = field_number(L, t, fname, "adapt_every", 10);
  opt->tol = field_number(L, t, fname, "tol", 1e-8);
  opt->rho = field_number(L, t, fname, "rho", 0);
  opt->warm_dual = NULL;
  {  /* the names in the order of LS_ADMM, LS_NEWTON, LS_AUTO */
    static const char *const methods[] = {"admm", "newton", "auto", NULL};
    opt->method = lsL_optenum(L, t, "method", fname, methods, LS_ADMM);
  }
  /* -1: the solver's choice (promote.h) */
  opt->newton_after = (int)lsL_optinteger(L, t, "newton_after", fname, -1, -1, 1000000000);
  opt->alpha = field_number(L, t, fname, "alpha", 1);
  if (!(opt->tol > 0)) luaL_error(L, "%s: 'tol' must be positive", fname);
  if (!(opt->alpha > 0 && opt->alpha < 2))
    luaL_error(L, "%s: 'alpha' must lie in (0, 2)", fname);
  if (accel < 0 || accel > 100 || accel != floor(accel))
    luaL_error(L, "%s: 'accel' must be an integer in [0, 100]", fname);
  if (adapt < 1 || adapt > 1e9 || adapt != floor(adapt))
    luaL_error(L, "%s: 'adapt_every' must be a positive integer", fname);
  opt->accel = (int)accel;
  opt->adapt_every = (int)adapt;
  if (it < 1 || it > 1e9 || it != floor(it))
    luaL_error(L, "%s: 'max_iter' must be a positive integer", fname);
  if (every < 0 || every > 1e9 || every != floor(every))
    luaL_error(L, "%s: 'every' must be a non-negative integer", fname);
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
    luaL_error(L, "%s: 'progress' must be a function", fname);
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
  lua_pushinteger(L, info->rejected); lua_setfield(L, -2, "rejected");
  lua_pushboolean(L, info->closed_form); lua_setfield(L, -2, "closed_form");
  lua_pushinteger(L, info->data_rank); lua_setfield(L, -2, "data_rank");
  lua_pushinteger(L, info->nonunique); lua_setfield(L, -2, "nonunique");
  lua_pushnumber(L, info->residual); lua_setfield(L, -2, "residual");
  lua_pushnumber(L, info->zero_level); lua_setfield(L, -2, "zero_level");
  lua_pushstring(L, info->newton ? "newton" : "admm"); lua_setfield(L, -2, "method");
  lua_pushinteger(L, info->newton_steps); lua_setfield(L, -2, "newton_steps");
  lua_pushinteger(L, info->cg_steps); lua_setfield(L, -2, "cg_steps");
}


/***
Solvers for symmetry-promoting fits (ADMM) and singular-value thresholding.
@module liesym
*/


/***
Nuclear-norm fit by ADMM: opts {op = LieOp (one parameter block W,
n x kb), phi = Phi (N x kb, the basis at the points), y = Y (N x n),
gamma = γ (omit for the exact problem), lambda = λ (l1 weight), warm =
θ0, tol, max_iter, rho, alpha, accel, adapt_every, every, progress}.
@function nuclear_admm
@treturn Matrix θ = vec(W) (p x 1)
@treturn Matrix the dual certificate (s x q)
@treturn table info
*/
/* the shared fields of nuclear_admm and nuclear_gamma_max: op, phi, y */
static ls_Op *fit_data (lua_State *L, const char *fname, ls_FitData *data) {
  lsL_Matrix *phi, *y;
  ls_Op *op;
  int nb, kb;
  lsL_rawfield(L, 1, "op");
  op = lsL_testop(L, -1);
  if (op == NULL) luaL_error(L, "%s: field 'op' must be a LieOp", fname);
  /* it stays on the stack: the progress function may drop the options */
  if (ls_op_blocks(op, &nb, &kb) != 1)
    luaL_error(L, "%s: the operator must have one parameter block", fname);
  phi = field_matrix(L, 1, fname, "phi", 1);
  y = field_matrix(L, 1, fname, "y", 1);
  if (phi->cols != kb)
    luaL_error(L, "shape mismatch in '%s': the model has %d basis "
               "functions, phi %d columns", fname, kb, phi->cols);
  if (y->rows != phi->rows || y->cols != nb)
    luaL_error(L, "shape mismatch in '%s': y must be %dx%d, got %dx%d",
               fname, phi->rows, nb, y->rows, y->cols);
  if ((double)ls_op_params(op) * ls_op_params(op) > 2.5e8)
    luaL_error(L, "%s: %d coefficients are too many for the dense %dx%d step "
               "(at most 15,811)", fname, ls_op_params(op), ls_op_params(op),
               ls_op_params(op));
  data->npts = phi->rows;
  data->kb = kb;
  data->nout = nb;
  data->phi = phi->data;
  data->y = y->data;
  return op;
}


static const char *name_of (lua_State *L, const char *def) {
  const char *fname;
  lsL_rawfield(L, 1, "name");   /* the public function, for messages */
  fname = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : def;
  return fname;   /* stays on the stack */
}


/***
Nuclear-norm fit by ADMM: opts {op = LieOp (one parameter block W,
n x kb), phi = Phi (N x kb, the basis at the points), y = Y (N x n),
gamma = γ (omit for the exact problem) or gammas = a decreasing column of
γ (a path, warm-started), lambda = λ (l1 weight), warm = θ0, tol,
max_iter, rho, alpha, accel, adapt_every, every, progress, method
("admm", "newton" or "auto"; exact form), newton_after, warm_dual (a
starting certificate, s x q), name (the public function, for messages)}.
@function nuclear_admm
@treturn Matrix θ = vec(W) (p x 1; with gammas p x #gammas)
@treturn Matrix the dual certificate (s x q; with gammas a list of them)
@treturn table info (with gammas a list of them)
*/
static int l_nuclear_admm (lua_State *L) {
  lsL_Matrix *warm, *theta, *dual, *gm, *wd;
  ls_Op *op;
  ls_FitData data;
  ls_AdmmOptions opt;
  ls_AdmmInfo *info;
  Progress pg;
  int st, p, ng, g, s, q;
  double gamma, lambda, *gammas;
  const char *fname;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  luaL_checkstack(L, 24, "nuclear_admm");
  fname = name_of(L, "nuclear_admm");
  op = fit_data(L, fname, &data);
  p = ls_op_params(op);
  s = ls_op_rowcount(op);
  q = ls_op_gens(op);
  warm = field_matrix(L, 1, fname, "warm", 0);
  gamma = field_number(L, 1, fname, "gamma", -1);
  lambda = field_number(L, 1, fname, "lambda", 0);
  gm = field_matrix(L, 1, fname, "gammas", 0);
  if (warm != NULL && (int)MAT_N(warm) != p)
    luaL_error(L, "shape mismatch in '%s': warm start needs %d entries", fname, p);
  if (lsL_rawfield(L, 1, "gamma") != LUA_TNIL && !(gamma >= 0))
    luaL_error(L, "%s: 'gamma' must be non-negative", fname);
  lua_pop(L, 1);
  if (!(lambda >= 0)) luaL_error(L, "%s: 'lambda' must be non-negative", fname);
  ng = gm != NULL ? (int)MAT_N(gm) : 1;
  if (gm != NULL && ng < 1) luaL_error(L, "%s: 'gammas' is empty", fname);
  /* the gammas and the infos, anchored on the stack for the solve */
  gammas = (double *)lua_newuserdatauv(L, (size_t)ng * sizeof(double), 0);
  info = (ls_AdmmInfo *)lua_newuserdatauv(L, (size_t)ng * sizeof(ls_AdmmInfo), 0);
  if (gm == NULL) gammas[0] = gamma;
  else
    for (g = 0; g < ng; g++) {
      gammas[g] = gm->data[g];
      if (!(gammas[g] >= 0) || !isfinite(gammas[g]))
        luaL_error(L, "%s: 'gammas' must be finite and non-negative", fname);
      if (g > 0 && gammas[g] > gammas[g - 1])
        luaL_error(L, "%s: 'gammas' must decrease", fname);
    }
  read_options(L, 1, fname, &opt, &pg);
  wd = field_matrix(L, 1, fname, "warm_dual", 0);
  if (wd != NULL && (int)MAT_N(wd) != s * q)
    luaL_error(L, "shape mismatch in '%s': warm_dual needs %d entries", fname, s * q);
  opt.warm_dual = wd != NULL ? wd->data : NULL;
  theta = lsL_newmatrix(L, p, ng);
  dual = gm == NULL ? lsL_newmatrix(L, s, q) : lsL_newmatrix(L, s * q, ng);
  if (warm != NULL) memcpy(theta->data, warm->data, (size_t)p * sizeof(double));
  st = ls_nuclear_admm_path(op, &data, ng, gammas, lambda, &opt, theta->data,
                            dual->data, info);
  if (pg.failed)  /* the progress function's error, now that C is done */
    return lua_error(L);  /* its message is on the top of the stack */
  if (st == LS_EINCONSISTENT) {
    char res[32];
    snprintf(res, sizeof(res), "%.3g", info[0].residual);
    luaL_error(L, "%s: the exact mode needs data a model of the basis can "
               "interpolate, and the least-squares residual is %s of |Y| "
               "(the penalized mode fits such data)", fname, res);
  }
  lsL_checkstatus(L, st, fname, "a decomposition failed (LAPACK status %d)");
  if (gm == NULL) {
    push_info(L, &info[0]);
    return 3;
  }
  lua_createtable(L, ng, 0);   /* the certificates */
  for (g = 0; g < ng; g++) {
    lsL_Matrix *d = lsL_newmatrix(L, s, q);
    memcpy(d->data, dual->data + (size_t)g * s * q, (size_t)s * q * sizeof(double));
    lua_rawseti(L, -2, g + 1);
  }
  lua_createtable(L, ng, 0);   /* the infos */
  for (g = 0; g < ng; g++) {
    push_info(L, &info[g]);
    lua_rawseti(L, -2, g + 1);
  }
  lua_pushvalue(L, -4);   /* theta, the certificates, the infos */
  lua_insert(L, -3);
  return 3;
}


/***
The penalty above which the penalized fit is known to be the fully
symmetric one: opts {op, phi, y, name} as for nuclear_admm.
@function nuclear_gamma_max
@treturn number γ0 (0 when the least-squares fit is already symmetric)
@treturn Matrix θ_sym = vec(W_sym) (p x 1), the least-squares fit with B(W) = 0
*/
static int l_nuclear_gamma_max (lua_State *L) {
  ls_Op *op;
  ls_FitData data;
  lsL_Matrix *theta;
  double g0 = 0.0;
  const char *fname;
  int st;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  fname = name_of(L, "nuclear_gamma_max");
  op = fit_data(L, fname, &data);
  theta = lsL_newmatrix(L, ls_op_params(op), 1);
  st = ls_nuclear_gamma_max(op, &data, &g0, theta->data);
  lsL_checkstatus(L, st, fname, "a decomposition failed (LAPACK status %d)");
  lua_pushnumber(L, g0);
  lua_insert(L, -2);
  return 2;
}


/***
Singular-value thresholding, the proximal map of t‖·‖_*: Z = U max(S − t,
0) Vᵀ for X = U S Vᵀ (the solvers' Z-step).
@function svt
@tparam Matrix X
@tparam number t threshold, >= 0
@treturn Matrix Z
@treturn number the nuclear norm of Z
@treturn int the rank of Z
*/
static int l_svt (lua_State *L) {
  lsL_Matrix *x = lsL_checkmatrix(L, 1), *z;
  double t = luaL_checknumber(L, 2), nuc = 0.0;
  int rank = 0, st;
  ls_Svt *w;
  luaL_argcheck(L, t >= 0 && isfinite(t), 2, "threshold must be finite and >= 0");
  if (!ls_allfinite(x->data, MAT_N(x)))
    luaL_error(L, "svt: matrix has NaN or Inf entries");
  z = lsL_newmatrix(L, x->rows, x->cols);
  if (MAT_N(x) > 0) {
    if ((w = ls_svt_new(x->rows, x->cols)) == NULL)
      luaL_error(L, "svt: not enough memory");
    st = ls_svt(w, x->data, t, z->data, &nuc, &rank);
    ls_svt_free(w);
    lsL_checkstatus(L, st, "svt", "the SVD did not converge (%d)");
  }
  lua_pushnumber(L, nuc);
  lua_pushinteger(L, rank);
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
  const char *fname;
  lsL_Matrix *phi, *y, *theta;
  ls_AdmmOptions opt;
  ls_AdmmInfo info;
  Progress pg;
  int st;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  luaL_checkstack(L, 16, "l1_admm");
  fname = name_of(L, "l1_admm");
  phi = field_matrix(L, 1, "l1_admm", "phi", 1);
  y = field_matrix(L, 1, "l1_admm", "y", 1);
  if ((int)MAT_N(y) != phi->rows)
    luaL_error(L, "shape mismatch in 'l1_admm': phi has %d rows, y %d entries",
               phi->rows, (int)MAT_N(y));
  read_options(L, 1, "l1_admm", &opt, &pg);
  theta = lsL_newmatrix(L, phi->cols, 1);
  st = ls_l1_admm(phi->cols, phi->rows, phi->data, y->data, &opt, theta->data,
                  &info);
  if (pg.failed) return lua_error(L);
  if (st == LS_EINCONSISTENT) {
    char res[32];
    snprintf(res, sizeof(res), "%.3g", info.residual);
    lsL_error(L, "%s: the constraints Phi theta = y have no solution (the "
              "closest fit leaves %s of |y|)", fname, res);
  }
  if (st == LS_EOVERFLOW)
    return lsL_error(L, "%s: the solution overflows (the data's scales are %s)", fname,
                     "too far apart");
  lsL_checkstatus(L, st, "l1_admm", "factorisation failed (%d)");
  push_info(L, &info);
  /* the l1 solve's accuracy is its certificate's violation */
  lua_getfield(L, -1, "zero_level");
  lua_setfield(L, -2, "kkt");
  lua_pushnil(L);
  lua_setfield(L, -2, "zero_level");
  return 2;
}


static const luaL_Reg funcs[] = {
  {"nuclear_admm", l_nuclear_admm},
  {"nuclear_gamma_max", l_nuclear_gamma_max},
  {"l1_admm", l_l1_admm},
  {"svt", l_svt},
  {NULL, NULL}
};


void lsL_open_promote (lua_State *L) {
  luaL_setfuncs(L, funcs, 0);
}
