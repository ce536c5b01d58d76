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
#include "svt.h"
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


static lsL_Matrix *field_matrix (lua_State *L, int t, const char *fname,
                                 const char *name, int required) {
  lsL_Matrix *m;
  lua_getfield(L, t, name);
  m = lsL_testmatrix(L, -1);
  if (m == NULL && (required || !lua_isnil(L, -1)))
    luaL_error(L, "%s: field '%s' must be a matrix", fname, name);
  lua_pop(L, 1);  /* still referenced by the options table */
  return m;
}


static double field_number (lua_State *L, int t, const char *fname,
                             const char *name, double def) {
  double v = def;
  if (lua_getfield(L, t, name) != LUA_TNIL) {
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
}


/* the operator: dense {bop, p} or structured {R, entries, q, k} */
static void read_operator (lua_State *L, int t, const char *fname, ls_LieOp *op,
                           int **index) {
  lsL_Matrix *bop = field_matrix(L, t, fname, "bop", 0);
  memset(op, 0, sizeof(*op));
  if (bop != NULL) {
    int p = (int)field_number(L, t, fname, "p", -1);
    if (p < 1 || bop->rows % p != 0)
      luaL_error(L, "%s: 'p' must divide the %d rows of 'bop'", fname,
                 bop->rows);
    op->s = p;
    op->q = bop->rows / p;
    op->k = bop->cols;
    op->bop = bop->data;
  }
  else {
    lsL_Matrix *r = field_matrix(L, t, fname, "R", 1);
    lsL_Matrix *e = field_matrix(L, t, fname, "entries", 1);
    double q = field_number(L, t, fname, "q", -1), k = field_number(L, t, fname, "k", -1);
    long i;
    if (q < 1 || q > 1e8 || q != floor(q) || k < 1 || k > 1e8 || k != floor(k))
      luaL_error(L, "%s: 'q' and 'k' must be positive integers", fname);
    if (e->cols != 3)
      luaL_error(L, "%s: 'entries' must have 3 columns (row, col, value)", fname);
    op->s = r->rows;
    op->ko = r->cols;
    op->q = (int)q;
    op->k = (int)k;
    op->r = r->data;
    op->nnz = e->rows;
    /* one block: rows, then cols (0-based), from the matrix's columns */
    *index = (int *)lua_newuserdatauv(L, (size_t)(2 * op->nnz + 1) * sizeof(int), 0);
    for (i = 0; i < op->nnz; i++) {
      double ri = e->data[i], ci = e->data[op->nnz + i];
      if (!(ri >= 0 && ri < (double)op->ko * op->q && ri == floor(ri) &&
            ci >= 0 && ci < k && ci == floor(ci)))
        luaL_error(L, "%s: entry %d has an index out of range", fname,
                   (int)(i + 1));
      (*index)[i] = (int)ri;
      (*index)[op->nnz + i] = (int)ci;
    }
    op->row = *index;
    op->col = *index + op->nnz;
    op->val = e->data + 2 * op->nnz;
  }
}


/***
Solvers for symmetry-promoting fits (ADMM) and singular-value thresholding.
@module liesym
*/


/***
Nuclear-norm fit by ADMM: opts {bop = M (p*q x k), p = p} (dense) or
{R = R (s x ko), entries = (nnz x 3: row of vec(G), column of θ, value,
0-based), q = q, k = k} (structured, B = R·G(θ)); phi = Φ (n x k), y =
(n x 1), gamma = γ (omit for the exact problem), lambda = λ (l1 weight),
warm = θ0, tol, max_iter, rho, alpha, accel, adapt_every, every, progress.
@function nuclear_admm
@treturn Matrix θ (k x 1)
@treturn Matrix the dual certificate (s x q)
@treturn table info
*/
static int l_nuclear_admm (lua_State *L) {
  lsL_Matrix *phi, *y, *warm, *theta, *dual;
  ls_LieOp op;
  ls_AdmmOptions opt;
  ls_AdmmInfo info;
  Progress pg;
  int st, *index = NULL;
  double gamma, lambda;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  read_operator(L, 1, "nuclear_admm", &op, &index);
  phi = field_matrix(L, 1, "nuclear_admm", "phi", 1);
  y = field_matrix(L, 1, "nuclear_admm", "y", 1);
  warm = field_matrix(L, 1, "nuclear_admm", "warm", 0);
  gamma = field_number(L, 1, "nuclear_admm", "gamma", -1);
  lambda = field_number(L, 1, "nuclear_admm", "lambda", 0);
  if (phi->cols != op.k)
    luaL_error(L, "shape mismatch in 'nuclear_admm': the operator has %d columns, phi %d",
               op.k, phi->cols);
  if ((int)MAT_N(y) != phi->rows)
    luaL_error(L, "shape mismatch in 'nuclear_admm': phi has %d rows, y %d entries",
               phi->rows, (int)MAT_N(y));
  if (warm != NULL && (int)MAT_N(warm) != op.k)
    luaL_error(L, "shape mismatch in 'nuclear_admm': warm start needs %d entries",
               op.k);
  if (lua_getfield(L, 1, "gamma") != LUA_TNIL && !(gamma >= 0))
    luaL_error(L, "nuclear_admm: 'gamma' must be non-negative");
  lua_pop(L, 1);
  if (!(lambda >= 0)) luaL_error(L, "nuclear_admm: 'lambda' must be non-negative");
  read_options(L, 1, "nuclear_admm", &opt, &pg);
  theta = lsL_newmatrix(L, op.k, 1);
  dual = lsL_newmatrix(L, op.s, op.q);
  if (warm != NULL) memcpy(theta->data, warm->data, MAT_N(theta) * sizeof(double));
  st = ls_nuclear_admm(&op, phi->rows, phi->data, y->data, gamma, lambda,
                       &opt, theta->data, dual->data, &info);
  if (pg.failed)  /* the progress function's error, now that C is done */
    return lua_error(L);  /* its message is on the top of the stack */
  lsL_checkstatus(L, st, "nuclear_admm", "factorisation failed (%d): the "
                  "constraints may be inconsistent");
  push_info(L, &info);
  return 3;
}


/***
B(θ) from an operator given as for nuclear_admm ({bop, p} or {R, entries,
q, k}): the s x q matrix.
@function lieop_apply
@tparam table op
@tparam Matrix θ (k entries)
@treturn Matrix B(θ)
*/
static int l_lieop_apply (lua_State *L) {
  ls_LieOp op;
  lsL_Matrix *theta, *out;
  int *index = NULL;
  luaL_checktype(L, 1, LUA_TTABLE);
  theta = lsL_checkmatrix(L, 2);
  lua_settop(L, 2);
  read_operator(L, 1, "lieop_apply", &op, &index);
  if ((int)MAT_N(theta) != op.k)
    luaL_error(L, "shape mismatch in 'lieop_apply': the operator has %d columns, "
               "theta %d entries", op.k, (int)MAT_N(theta));
  if (op.bop == NULL)
    op.work = (double *)lua_newuserdatauv(L, ((size_t)op.ko * op.q + 1)
                                             * sizeof(double), 0);
  out = lsL_newmatrix(L, op.s, op.q);
  ls_lieop_prepare(&op);
  ls_lieop_apply(&op, theta->data, out->data);
  return 1;
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
  lsL_Matrix *phi, *y, *theta;
  ls_AdmmOptions opt;
  ls_AdmmInfo info;
  Progress pg;
  int st;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
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
  lsL_checkstatus(L, st, "l1_admm", "factorisation failed (%d): the "
                  "constraints may be inconsistent");
  push_info(L, &info);
  return 2;
}


static const luaL_Reg funcs[] = {
  {"nuclear_admm", l_nuclear_admm},
  {"l1_admm", l_l1_admm},
  {"lieop_apply", l_lieop_apply},
  {"svt", l_svt},
  {NULL, NULL}
};


void lsL_open_promote (lua_State *L) {
  luaL_setfuncs(L, funcs, 0);
}
