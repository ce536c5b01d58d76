/*
** lnn.c — the Net userdata: multilayer perceptrons (src/core/nn.c) with
** forward, Jacobian-vector products and Jacobians, parameters, the
** training loop (one C call; a Lua progress function once per epoch, a
** max_time deadline), and a text format to save and load.  Options are
** checked by the Lua layer (lua/liesym/nn.lua); these check shapes.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "dense.h"
#include "nn.h"
#include "lmatrix.h"
#include "ltypes.h"
#include "lutil.h"

#define LS_NET_T "liesym.Net"

static const char *const acts[] = {"swish", "relu", "tanh", "sigmoid", NULL};


static void push_net (lua_State *L, ls_Mlp *net) {
  void **b = lsL_newbox(L, LS_NET_T);
  *b = net;
  lua_newtable(L);
  lua_setiuservalue(L, -2, 1);
}

static ls_Mlp *self (lua_State *L, const char *fname) {
  return (ls_Mlp *)lsL_checkself(L, LS_NET_T, "net", fname);
}

ls_Mlp *lsL_testnet (lua_State *L, int arg) { return (ls_Mlp *)lsL_testbox(L, arg, LS_NET_T); }


/* core.nn_mlp(widths, activation, seed) -> Net */
static int l_mlp (lua_State *L) {
  int nl, i, st, act;
  int *w;
  ls_Rng rng;
  ls_Mlp *net = NULL;
  luaL_checktype(L, 1, LUA_TTABLE);
  nl = (int)lua_rawlen(L, 1) - 1;
  if (nl < 1 || nl > 1024) return lsL_error(L, "mlp: 2 to 1025 widths expected");
  w = (int *)lua_newuserdatauv(L, ((size_t)nl + 1) * sizeof(int), 0);
  for (i = 0; i <= nl; i++) {
    lua_Integer v;
    lua_rawgeti(L, 1, i + 1);
    if (!lsL_toint(L, -1, &v) || v < 1 || v > (1 << 24))
      return lsL_error(L, "mlp: widths must be integers in 1..2^24");
    w[i] = (int)v;
    lua_pop(L, 1);
  }
  act = luaL_checkoption(L, 2, "swish", acts);
  ls_rng_seed(&rng, (uint64_t)luaL_optinteger(L, 3, 0));
  st = ls_mlp_new(nl, w, act, &rng, &net);
  if (st == LS_ETOOBIG) return lsL_error(L, "mlp: more than 2^31 parameters");
  if (st != LS_OK) return lsL_status(L, st, "mlp", NULL);
  push_net(L, net);
  return 1;
}


/* the samples at arg: an N x cols matrix, finite */
static lsL_Matrix *samples (lua_State *L, int arg, int cols, const char *what,
                            const char *fname) {
  lsL_Matrix *X = lsL_testmatrix(L, arg);
  if (X == NULL || X->cols != cols)
    lsL_argerr(L, arg - 1, fname, "%s: a matrix with %d columns expected, got %s", what, cols,
               X ? "another width" : lsL_typename(L, arg));
  if (!ls_allfinite(X->data, MAT_N(X)))
    lsL_argerr(L, arg - 1, fname, "%s have NaN or Inf entries", what);
  return X;
}


static int m_forward (lua_State *L) {
  ls_Mlp *net = self(L, "forward");
  lsL_Matrix *X = samples(L, 2, net->w[0], "inputs", "forward"), *Y;
  int st;
  Y = lsL_newmatrix(L, X->rows, net->w[net->nl]);
  st = ls_mlp_forward(net, X->rows, X->data, Y->data);
  if (st != LS_OK) return lsL_status(L, st, "forward", NULL);
  return 1;
}


/* net:jvp(X, V) -> DF(x_p) v_p per row, F(X) */
static int m_jvp (lua_State *L) {
  ls_Mlp *net = self(L, "jvp");
  lsL_Matrix *X = samples(L, 2, net->w[0], "inputs", "jvp"), *V, *JV, *F;
  int st;
  V = samples(L, 3, net->w[0], "directions", "jvp");
  if (V->rows != X->rows) return lsL_argerr(L, 2, "jvp", "one direction per input row expected");
  JV = lsL_newmatrix(L, X->rows, net->w[net->nl]);
  F = lsL_newmatrix(L, X->rows, net->w[net->nl]);
  st = ls_mlp_jvp(net, X->rows, X->data, V->data, F->data, JV->data);
  if (st != LS_OK) return lsL_status(L, st, "jvp", NULL);
  return 2;   /* JV, then F */
}


/* net:jacobian(X) -> J ((N no) x n_in): rows p no .. p no + no - 1 are
   DF(x_p) */
static int m_jacobian (lua_State *L) {
  ls_Mlp *net = self(L, "jacobian");
  lsL_Matrix *X = samples(L, 2, net->w[0], "inputs", "jacobian"), *J;
  int N = X->rows, n0 = net->w[0], no = net->w[net->nl], i, p, o, st = LS_OK;
  double *V, *JV;
  if ((double)N * no * n0 > (double)INT32_MAX)
    return lsL_error(L, "jacobian: %d points give too large a Jacobian", N);
  J = lsL_newmatrix(L, N * no, n0);
  V = (double *)lua_newuserdatauv(L, ((size_t)N * n0 + (size_t)N * no + 1) * sizeof(double), 0);
  JV = V + (size_t)N * n0;
  for (i = 0; i < n0 && st == LS_OK; i++) {   /* one direction e_i at every point */
    memset(V, 0, (size_t)N * n0 * sizeof(double));
    for (p = 0; p < N; p++) V[(size_t)i * N + p] = 1.0;
    st = ls_mlp_jvp(net, N, X->data, V, NULL, JV);
    for (p = 0; p < N && st == LS_OK; p++)
      for (o = 0; o < no; o++)
        J->data[(size_t)i * N * no + (size_t)p * no + o] = JV[(size_t)o * N + p];
  }
  if (st != LS_OK) return lsL_status(L, st, "jacobian", NULL);
  lua_pop(L, 1);
  return 1;
}


static int m_parameters (lua_State *L) {
  ls_Mlp *net = self(L, "parameters");
  lsL_Matrix *t = lsL_newmatrix(L, (int)net->np, 1);
  memcpy(t->data, net->theta, net->np * sizeof(double));
  return 1;
}


static int m_set_parameters (lua_State *L) {
  ls_Mlp *net = self(L, "set_parameters");
  lsL_Matrix *t = lsL_testmatrix(L, 2);
  if (t == NULL || MAT_N(t) != net->np)
    return lsL_argerr(L, 1, "set_parameters", "a matrix of %d entries expected", (int)net->np);
  if (!ls_allfinite(t->data, MAT_N(t)))
    return lsL_argerr(L, 1, "set_parameters", "parameters have NaN or Inf entries");
  memcpy(net->theta, t->data, net->np * sizeof(double));
  return 0;
}


static int m_nparams (lua_State *L) {
  lua_pushinteger(L, (lua_Integer)self(L, "nparams")->np);
  return 1;
}


/* the widths (a list) and the activation */
static int m_layout (lua_State *L) {
  ls_Mlp *net = self(L, "layout");
  int l;
  lua_createtable(L, net->nl + 1, 0);
  for (l = 0; l <= net->nl; l++) {
    lua_pushinteger(L, net->w[l]);
    lua_rawseti(L, -2, l + 1);
  }
  lua_pushstring(L, acts[net->act]);
  return 2;
}


/* net:save(path): "liesym-mlp 1", the activation, the widths, then the
   parameters, one %.17g per line (exact on reading back) */
static int m_save (lua_State *L) {
  ls_Mlp *net = self(L, "save");
  const char *path = luaL_checkstring(L, 2);
  FILE *f = fopen(path, "w");
  size_t t;
  int l, bad = 0;
  if (f == NULL) return lsL_error(L, "save: cannot open '%s' for writing", path);
  fprintf(f, "liesym-mlp 1\n%s\n%d", acts[net->act], net->nl + 1);
  for (l = 0; l <= net->nl; l++) fprintf(f, " %d", net->w[l]);
  fprintf(f, "\n");
  for (t = 0; t < net->np; t++) fprintf(f, "%.17g\n", net->theta[t]);
  bad = ferror(f);
  if (fclose(f) != 0 || bad) return lsL_error(L, "save: writing '%s' failed", path);
  return 0;
}


/* core.nn_load(path) -> Net */
static int l_load (lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  FILE *f = fopen(path, "r");
  char act[32];
  int version = 0, n = 0, l, a, st;
  int *w;
  ls_Rng rng;
  ls_Mlp *net = NULL;
  size_t t;
  if (f == NULL) return lsL_error(L, "load: cannot open '%s'", path);
  if (fscanf(f, "liesym-mlp %d %31s %d", &version, act, &n) != 3 || version != 1 ||
      n < 2 || n > 1025) {
    fclose(f);
    return lsL_error(L, "load: '%s' is not a liesym net (version 1)", path);
  }
  for (a = 0; acts[a] && strcmp(acts[a], act) != 0; a++) ;
  w = (int *)lua_newuserdatauv(L, (size_t)n * sizeof(int), 0);
  for (l = 0; l < n; l++)
    if (fscanf(f, "%d", &w[l]) != 1 || w[l] < 1 || w[l] > (1 << 24)) break;
  if (l < n || acts[a] == NULL) {
    fclose(f);
    return lsL_error(L, "load: '%s' has a bad header", path);
  }
  ls_rng_seed(&rng, 0);
  st = ls_mlp_new(n - 1, w, a, &rng, &net);
  if (st != LS_OK) { fclose(f); return lsL_status(L, st, "load", NULL); }
  for (t = 0; t < net->np; t++)
    if (fscanf(f, "%lf", &net->theta[t]) != 1 || !isfinite(net->theta[t])) break;
  fclose(f);
  if (t < net->np) {
    int np = (int)net->np;
    ls_mlp_release(net);
    return lsL_error(L, "load: '%s' holds fewer than %d finite parameters", path, np);
  }
  push_net(L, net);
  return 1;
}


/* the progress of a training run: the Lua function (or none) and the
   deadline; a raised error is kept on the stack and re-raised */
typedef struct Progress {
  lua_State *L;
  int fn, failed, stopped;
  double deadline;
} Progress;

static int progress (void *ctx, int epoch, double train, double val) {
  Progress *p = (Progress *)ctx;
  lua_State *L = p->L;
  if (p->fn) {
    int stop;
    lua_pushvalue(L, p->fn);
    lua_pushinteger(L, epoch);
    lua_pushnumber(L, train);
    if (isnan(val)) lua_pushnil(L); else lua_pushnumber(L, val);
    if (lua_pcall(L, 3, 1, 0) != LUA_OK) { p->failed = 1; return 1; }
    stop = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (stop) { p->stopped = 1; return 1; }
  }
  if (p->deadline > 0 && lsL_now() > p->deadline) { p->stopped = 2; return 1; }
  return 0;
}


/* a private copy of a matrix on the stack (callbacks may change the caller's) */
static double *copy_of (lua_State *L, const lsL_Matrix *m) {
  double *c = (double *)lua_newuserdatauv(L, MAT_N(m) * sizeof(double) + 1, 0);
  memcpy(c, m->data, MAT_N(m) * sizeof(double));
  return c;
}


/* core.nn_train(net, X, Y, opts) -> {train, val, epochs, stopped}: opts
   checked by the Lua layer: epochs, batch, lr, optimizer, schedule,
   weight_decay, seed, Xv, Yv, progress, max_time */
static int l_train (lua_State *L) {
  static const char *const opts_[] = {"adam", "sgd", NULL};
  static const char *const sched[] = {"constant", "cosine", NULL};
  ls_Mlp *net = (ls_Mlp *)lsL_checkbox(L, 1, LS_NET_T, "net", "train");
  lsL_Matrix *X, *Y, *Xv = NULL, *Yv = NULL, *tr, *va = NULL;
  ls_TrainOpts o;
  Progress pg;
  double *Xc, *Yc, max_time;
  int st, done = 0, no = net->w[net->nl];
  luaL_checktype(L, 4, LUA_TTABLE);
  lua_settop(L, 4);
  X = samples(L, 2, net->w[0], "inputs", "train");
  Y = samples(L, 3, no, "targets", "train");
  if (Y->rows != X->rows) return lsL_argerr(L, 2, "train", "targets: %d rows expected", X->rows);
  ls_train_defaults(&o);
  o.epochs = (int)lsL_optinteger(L, 4, "epochs", "train", o.epochs, 0, 1 << 30);
  o.batch = (int)lsL_optinteger(L, 4, "batch", "train", o.batch, 1, 1 << 30);
  o.lr = lsL_optnumber(L, 4, "lr", "train", o.lr, 1e-300, 1e300);
  o.weight_decay = lsL_optnumber(L, 4, "weight_decay", "train", 0.0, 0.0, 1e300);
  o.optimizer = lsL_optenum(L, 4, "optimizer", "train", opts_, LS_OPT_ADAM);
  o.schedule = lsL_optenum(L, 4, "schedule", "train", sched, LS_LR_CONSTANT);
  o.seed = (uint64_t)lsL_optinteger(L, 4, "seed", "train", 0, 0, LUA_MAXINTEGER);
  max_time = lsL_optnumber(L, 4, "max_time", "train", 0.0, 0.0, HUGE_VAL);
  if (lsL_rawfield(L, 4, "Xv") != LUA_TNIL) {
    Xv = samples(L, lua_gettop(L), net->w[0], "validation inputs", "train");
    lsL_rawfield(L, 4, "Yv");
    Yv = samples(L, lua_gettop(L), no, "validation targets", "train");
    if (Yv->rows != Xv->rows) return lsL_error(L, "train: validation inputs and targets differ in rows");
    o.nval = Xv->rows;
    o.Xv = copy_of(L, Xv);
    o.Yv = copy_of(L, Yv);
  }
  memset(&pg, 0, sizeof(pg));
  pg.L = L;
  if (lsL_rawfield(L, 4, "progress") == LUA_TFUNCTION) pg.fn = lua_gettop(L);
  else lua_pop(L, 1);
  pg.deadline = max_time > 0 ? lsL_now() + max_time : 0.0;
  o.progress = progress;
  o.ctx = &pg;
  Xc = copy_of(L, X);
  Yc = copy_of(L, Y);
  tr = lsL_newmatrix(L, o.epochs, 1);
  if (o.nval > 0) va = lsL_newmatrix(L, o.epochs, 1);
  ls_mlp_retain(net);   /* the net outlives a callback that drops it */
  st = ls_mlp_train(net, X->rows, Xc, Yc, &o, tr->data, va ? va->data : NULL, &done);
  ls_mlp_release(net);
  if (pg.failed) return lua_error(L);
  if (st == LS_ENONFINITE)
    return lsL_error(L, "train: the parameters became NaN or Inf (a learning rate too large?)");
  if (st != LS_OK) return lsL_status(L, st, "train", NULL);
  lua_createtable(L, 0, 4);
  lua_pushvalue(L, va ? -3 : -2);
  lua_setfield(L, -2, "train");
  if (va) { lua_pushvalue(L, -2); lua_setfield(L, -2, "validation"); }
  lua_pushinteger(L, done);
  lua_setfield(L, -2, "epochs");
  lua_pushstring(L, pg.stopped == 1 ? "progress" : pg.stopped == 2 ? "max_time" : "epochs");
  lua_setfield(L, -2, "reason");
  return 1;
}


static int m_tostring (lua_State *L) {
  ls_Mlp *net = self(L, "tostring");
  luaL_Buffer b;
  int l;
  luaL_buffinit(L, &b);
  lua_pushfstring(L, "Net: MLP %d", net->w[0]);
  luaL_addvalue(&b);
  for (l = 1; l <= net->nl; l++) {
    lua_pushfstring(L, " -> %d", net->w[l]);
    luaL_addvalue(&b);
  }
  lua_pushfstring(L, " (%s, %d parameters)", acts[net->act], (int)net->np);
  luaL_addvalue(&b);
  luaL_pushresult(&b);
  return 1;
}


static int m_index (lua_State *L) { self(L, "index"); return lsL_uvindex(L); }
static int m_newindex (lua_State *L) { self(L, "newindex"); return lsL_uvnewindex(L); }

static int m_gc (lua_State *L) {
  void **b = (void **)luaL_checkudata(L, 1, LS_NET_T);
  ls_mlp_release((ls_Mlp *)*b);
  *b = NULL;
  return 0;
}

static int l_is_net (lua_State *L) {
  lua_pushboolean(L, lsL_testnet(L, 1) != NULL);
  return 1;
}


static const luaL_Reg funcs[] = {
  {"nn_mlp", l_mlp}, {"nn_load", l_load}, {"nn_train", l_train}, {"is_net", l_is_net},
  {NULL, NULL}
};

static const luaL_Reg methods[] = {
  {"forward", m_forward}, {"jvp", m_jvp}, {"jacobian", m_jacobian},
  {"parameters", m_parameters}, {"set_parameters", m_set_parameters},
  {"nparams", m_nparams}, {"layout", m_layout}, {"save", m_save},
  {NULL, NULL}
};

static const luaL_Reg metamethods[] = {
  {"__index", m_index}, {"__newindex", m_newindex}, {"__tostring", m_tostring},
  {"__gc", m_gc},
  {NULL, NULL}
};


void lsL_open_nn (lua_State *L) {
  lsL_newtype(L, LS_NET_T, "Net", methods, metamethods);
  luaL_setfuncs(L, funcs, 0);
  luaL_getmetatable(L, LS_NET_T);
  lua_getfield(L, -1, "methods");
  lua_setfield(L, -3, "_net_methods");
  lua_pop(L, 1);
}
