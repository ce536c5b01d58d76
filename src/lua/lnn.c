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
#include "lieop.h"
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


/* an integer list field of the table at idx (length n, entries in
   [lo, hi)), into a userdata on the stack */
static int *int_list (lua_State *L, int idx, const char *key, int n, int lo, int hi) {
  int *v, i;
  if (lsL_rawfield(L, idx, key) != LUA_TTABLE || (int)lua_rawlen(L, -1) != n)
    lsL_error(L, "nn_layers: '%s' must be a list of %d integers", key, n);
  v = (int *)lua_newuserdatauv(L, (size_t)n * sizeof(int) + 1, 0);
  for (i = 0; i < n; i++) {
    lua_Integer x;
    lua_rawgeti(L, -2, i + 1);
    if (!lsL_toint(L, -1, &x) || x < lo || x >= hi)
      lsL_error(L, "nn_layers: '%s' entry %d must be an integer in %d..%d", key, i + 1, lo, hi - 1);
    v[i] = (int)x;
    lua_pop(L, 1);
  }
  lua_remove(L, -2);   /* the list; the userdata stays */
  return v;
}

static int int_field (lua_State *L, int idx, const char *key, int lo, int hi) {
  lua_Integer x;
  lsL_rawfield(L, idx, key);
  if (!lsL_toint(L, -1, &x) || x < lo || x > hi)
    lsL_error(L, "nn_layers: '%s' must be an integer in %d..%d", key, lo, hi);
  lua_pop(L, 1);
  return (int)x;
}

/* block t of the blocks table at idx: its fields, Q and offsets kept on
   the stack */
static void read_block (lua_State *L, int idx, int fi, int fo, ls_NnBlock *b) {
  lsL_Matrix *Q;
  int rows;
  memset(b, 0, sizeof(*b));
  b->din = int_field(L, idx, "din", 0, fi);
  b->dout = int_field(L, idx, "dout", 1, fo);
  b->ni = b->din > 0 ? int_field(L, idx, "ni", 1, fi) : 1;
  b->no = int_field(L, idx, "no", 1, fo);
  rows = b->din > 0 ? b->din * b->dout : b->dout;
  lsL_rawfield(L, idx, "Q");
  Q = lsL_testmatrix(L, -1);
  if (Q == NULL || Q->rows != rows || Q->cols < 1)
    lsL_error(L, "nn_layers: a block's 'Q' must be a matrix with %d rows", rows);
  b->d = Q->cols;
  b->Q = Q->data;
  if (b->din > 0) b->in_off = int_list(L, idx, "in_off", b->ni, 0, fi - b->din + 1);
  b->out_off = int_list(L, idx, "out_off", b->no, 0, fo - b->dout + 1);
}

/* core.nn_layers(n_in, layers, activation, init, seed) -> Net; layers[l] =
   {width, zwidth, gate = {0-based indices} or nil, blocks = {{din, dout,
   ni, no, Q, in_off, out_off}, ...} or nil, pairs = {a, da, b, db, ...}
   (products of the layer's input columns a.., b.., 0-based) or nil} */
static int l_layers (lua_State *L) {
  static const char *const inits[] = {"glorot", "orthogonal", NULL};
  int n_in = (int)lsL_checkint(L, 1, "nn_layers", 1, 1 << 24), nl, l, k, st, act, init;
  int fi = n_in;
  ls_NnLayerSpec *spec;
  ls_Rng rng;
  ls_Mlp *net = NULL;
  luaL_checktype(L, 2, LUA_TTABLE);
  act = luaL_checkoption(L, 3, "swish", acts);
  init = luaL_checkoption(L, 4, "glorot", inits);
  ls_rng_seed(&rng, (uint64_t)luaL_optinteger(L, 5, 0));
  lua_settop(L, 5);
  nl = (int)lua_rawlen(L, 2);
  if (nl < 1 || nl > 1024) return lsL_error(L, "nn_layers: 1 to 1024 layers expected");
  spec = (ls_NnLayerSpec *)lua_newuserdatauv(L, (size_t)nl * sizeof(ls_NnLayerSpec), 0);
  memset(spec, 0, (size_t)nl * sizeof(ls_NnLayerSpec));
  for (l = 0; l < nl; l++) {
    int li;
    double nf = 0;
    if (!lua_checkstack(L, 8)) return lsL_error(L, "nn_layers: too many layers");
    if (lua_rawgeti(L, 2, l + 1) != LUA_TTABLE) return lsL_error(L, "nn_layers: layer %d is not a table", l + 1);
    li = lua_gettop(L);
    spec[l].width = int_field(L, li, "width", 1, 1 << 24);
    spec[l].zwidth = int_field(L, li, "zwidth", spec[l].width, 1 << 24);
    if (lsL_rawfield(L, li, "gate") != LUA_TNIL) {
      lua_pop(L, 1);
      spec[l].gate = int_list(L, li, "gate", spec[l].width, 0, spec[l].zwidth);
    }
    else lua_pop(L, 1);
    if (lsL_rawfield(L, li, "pairs") != LUA_TNIL) {   /* 4 per pair, 0-based */
      int np4 = (int)lua_rawlen(L, -1);
      lua_pop(L, 1);
      if (np4 < 4 || np4 % 4 != 0 || np4 > (1 << 24))
        return lsL_error(L, "nn_layers: layer %d: 'pairs' must hold 4 integers per pair", l + 1);
      spec[l].pairs = int_list(L, li, "pairs", np4, 0, fi + 1);
      spec[l].npairs = np4 / 4;
      for (k = 0; k < spec[l].npairs; k++) nf += (double)spec[l].pairs[4 * k + 1] * spec[l].pairs[4 * k + 3];
      if (nf > (1 << 24)) return lsL_error(L, "nn_layers: layer %d: too many products", l + 1);
    }
    else lua_pop(L, 1);
    lsL_rawfield(L, li, "residual");
    spec[l].residual = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (lsL_rawfield(L, li, "blocks") == LUA_TTABLE) {
      int bi = lua_gettop(L), nb = (int)lua_rawlen(L, bi);
      ls_NnBlock *blocks;
      if (nb < 1 || nb > (1 << 20)) return lsL_error(L, "nn_layers: layer %d: 1 to 2^20 blocks expected", l + 1);
      if (!lua_checkstack(L, 4 * nb + 8)) return lsL_error(L, "nn_layers: too many blocks");
      blocks = (ls_NnBlock *)lua_newuserdatauv(L, (size_t)nb * sizeof(ls_NnBlock), 0);
      for (k = 0; k < nb; k++) {
        if (lua_rawgeti(L, bi, k + 1) != LUA_TTABLE)
          return lsL_error(L, "nn_layers: layer %d: block %d is not a table", l + 1, k + 1);
        read_block(L, lua_gettop(L), fi + (int)nf, spec[l].zwidth, &blocks[k]);   /* nf <= 2^24 */
        /* the block's table stays below its Q and offsets: all anchored */
      }
      spec[l].nblocks = nb;
      spec[l].blocks = blocks;
    }
    else if (!lua_isnil(L, -1)) return lsL_error(L, "nn_layers: layer %d: 'blocks' must be a list", l + 1);
    fi = spec[l].width;
  }
  /* the blocks' input offsets count the products: read_block checked
     them against the widths alone, ls_mlp_new_layers checks the rest */
  st = ls_mlp_new_layers(nl, n_in, spec, act, init, &rng, &net);
  if (st == LS_ETOOBIG) return lsL_error(L, "nn_layers: more than 2^31 parameters");
  if (st == LS_EARG) return lsL_error(L, "nn_layers: inconsistent layers (widths, gates or blocks)");
  if (st != LS_OK) return lsL_status(L, st, "nn_layers", NULL);
  push_net(L, net);
  return 1;
}


/* core.nn_lieop(net, din, dout) -> LieOp: din[(l-1) q + i], dout[...]
   the dense generators of layer l's input (with its products) and
   pre-activations; q = #din / layers */
static int l_lieop (lua_State *L) {
  ls_Mlp *net = (ls_Mlp *)lsL_checkbox(L, 1, LS_NET_T, "net", "nn_lieop");
  int nl = net->nl, total, q, t, st;
  const double **din, **dout;
  struct ls_Op *op = NULL;
  luaL_checktype(L, 2, LUA_TTABLE);
  luaL_checktype(L, 3, LUA_TTABLE);
  total = (int)lua_rawlen(L, 2);
  if (total < nl || total % nl != 0 || (int)lua_rawlen(L, 3) != total)
    return lsL_error(L, "nn_lieop: %d layers need q generators each, in both lists", nl);
  q = total / nl;
  din = (const double **)lua_newuserdatauv(L, 2 * (size_t)total * sizeof(double *), 0);
  dout = din + total;
  for (t = 0; t < total; t++) {
    int li = t / q, fi = net->w[li] + net->f[li + 1], fo = net->z[li + 1];
    lsL_Matrix *a, *b;
    lua_rawgeti(L, 2, t + 1);
    lua_rawgeti(L, 3, t + 1);
    a = lsL_testmatrix(L, -2);
    b = lsL_testmatrix(L, -1);
    if (a == NULL || a->rows != fi || a->cols != fi || b == NULL || b->rows != fo || b->cols != fo)
      return lsL_error(L, "nn_lieop: layer %d needs %dx%d input and %dx%d output generators",
                       li + 1, fi, fi, fo, fo);
    din[t] = a->data;
    dout[t] = b->data;
    lua_pop(L, 2);   /* the lists keep them alive */
  }
  st = ls_model_nn(net, q, din, dout, &op);
  if (st == LS_EARG) return lsL_error(L, "nn_lieop: no free layer or residual to promote");
  if (st != LS_OK) return lsL_status(L, st, "nn_lieop", NULL);
  lsL_pushop(L, op);
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
  ls_mlp_sync(net);
  return 0;
}


/* net:weights() -> {{W = z x (w + products), b = z x 1}, ...}: the dense
   layers (an equivariant net's assembled from its coefficients) */
static int m_weights (lua_State *L) {
  ls_Mlp *net = self(L, "weights");
  int l;
  lua_createtable(L, net->nl, 0);
  for (l = 0; l < net->nl; l++) {
    int fo = net->z[l + 1], fi = net->w[l] + net->f[l + 1];
    const double *W = net->wb + net->woff[l];
    lsL_Matrix *m;
    lua_createtable(L, 0, 2);
    m = lsL_newmatrix(L, fo, fi);
    memcpy(m->data, W, (size_t)fo * fi * sizeof(double));
    lua_setfield(L, -2, "W");
    m = lsL_newmatrix(L, fo, 1);
    memcpy(m->data, W + (size_t)fo * fi, (size_t)fo * sizeof(double));
    lua_setfield(L, -2, "b");
    lua_rawseti(L, -2, l + 1);
  }
  return 1;
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


/* net:save(path): "liesym-mlp 2", the activation, the layer count and the
   inputs; per layer "layer width zwidth gated nblocks", the gates, and
   per block "block din dout d ni no", its offsets and Q; then the
   parameters.  Numbers as %.17g, exact on reading back.  Version 1 (plain
   nets: the widths, then the parameters) still loads. */
static void put_ints (FILE *f, const int *v, int n) {
  int i;
  for (i = 0; i < n; i++) fprintf(f, i ? " %d" : "%d", v[i]);
  fprintf(f, "\n");
}

static int m_save (lua_State *L) {
  ls_Mlp *net = self(L, "save");
  const char *path = luaL_checkstring(L, 2);
  FILE *f = fopen(path, "w");
  size_t t;
  int l, k, bad = 0;
  if (f == NULL) return lsL_error(L, "save: cannot open '%s' for writing", path);
  fprintf(f, "liesym-mlp 2\n%s %d %d\n", acts[net->act], net->nl, net->w[0]);
  for (l = 0; l < net->nl; l++) {
    fprintf(f, "layer %d %d %d %d %d %d\n", net->w[l + 1], net->z[l + 1], net->gate[l] != NULL,
            net->nblocks[l], net->npairs[l], net->res[l] != 0);
    if (net->gate[l]) put_ints(f, net->gate[l], net->w[l + 1]);
    if (net->npairs[l]) put_ints(f, net->pairs[l], 4 * net->npairs[l]);
    for (k = 0; k < net->nblocks[l]; k++) {
      const ls_NnBlock *b = &net->blocks[l][k];
      size_t rows = (size_t)(b->din > 0 ? b->din : 1) * b->dout;
      fprintf(f, "block %d %d %d %d %d\n", b->din, b->dout, b->d, b->ni, b->no);
      if (b->din > 0) put_ints(f, b->in_off, b->ni);
      put_ints(f, b->out_off, b->no);
      for (t = 0; t < rows * b->d; t++) fprintf(f, "%.17g\n", b->Q[t]);
    }
  }
  for (t = 0; t < net->np; t++) fprintf(f, "%.17g\n", net->theta[t]);
  bad = ferror(f);
  if (fclose(f) != 0 || bad) return lsL_error(L, "save: writing '%s' failed", path);
  return 0;
}


/* reading a saved net: n integers or doubles into a userdata on the
   stack; 0 on a short or bad read */
static int *read_ints (lua_State *L, FILE *f, int n) {
  int *v = (int *)lua_newuserdatauv(L, (size_t)n * sizeof(int) + 1, 0), i;
  for (i = 0; i < n; i++) if (fscanf(f, "%d", &v[i]) != 1) return NULL;
  return v;
}

static double *read_doubles (lua_State *L, FILE *f, size_t n) {
  double *v = (double *)lua_newuserdatauv(L, n * sizeof(double) + 1, 0);
  size_t i;
  for (i = 0; i < n; i++) if (fscanf(f, "%lf", &v[i]) != 1 || !isfinite(v[i])) return NULL;
  return v;
}

/* the layers of a version-2 file (the header read), or NULL */
static ls_NnLayerSpec *read_layers (lua_State *L, FILE *f, int nl) {
  ls_NnLayerSpec *spec;
  int l, k;
  if (nl < 1 || nl > 1024 || !lua_checkstack(L, 3 * nl + 8)) return NULL;
  spec = (ls_NnLayerSpec *)lua_newuserdatauv(L, (size_t)nl * sizeof(ls_NnLayerSpec), 0);
  memset(spec, 0, (size_t)nl * sizeof(ls_NnLayerSpec));
  for (l = 0; l < nl; l++) {
    int gated, nb, npr;
    ls_NnBlock *b;
    if (fscanf(f, " layer %d %d %d %d %d %d", &spec[l].width, &spec[l].zwidth, &gated, &nb, &npr,
               &spec[l].residual) != 6 ||
        npr < 0 || npr > (1 << 22) ||
        spec[l].width < 1 || spec[l].width > (1 << 24) || spec[l].zwidth < spec[l].width ||
        spec[l].zwidth > (1 << 24) || nb < 0 || nb > (1 << 20))
      return NULL;
    if (gated && (spec[l].gate = read_ints(L, f, spec[l].width)) == NULL) return NULL;
    if (npr > 0 && (spec[l].pairs = read_ints(L, f, 4 * npr)) == NULL) return NULL;
    spec[l].npairs = npr;
    if (nb == 0) continue;
    if (!lua_checkstack(L, 3 * nb + 8)) return NULL;
    b = (ls_NnBlock *)lua_newuserdatauv(L, (size_t)nb * sizeof(ls_NnBlock), 0);
    memset(b, 0, (size_t)nb * sizeof(ls_NnBlock));
    for (k = 0; k < nb; k++) {
      double rows;
      if (fscanf(f, " block %d %d %d %d %d", &b[k].din, &b[k].dout, &b[k].d, &b[k].ni,
                 &b[k].no) != 5 || b[k].din < 0 || b[k].din > (1 << 24) || b[k].dout < 1 ||
          b[k].dout > (1 << 24) || b[k].d < 1 || b[k].ni < 1 || b[k].ni > (1 << 24) ||
          b[k].no < 1 || b[k].no > (1 << 24))
        return NULL;
      rows = (double)(b[k].din > 0 ? b[k].din : 1) * b[k].dout;
      if (rows * b[k].d > 1e9) return NULL;
      if (b[k].din > 0 && (b[k].in_off = read_ints(L, f, b[k].ni)) == NULL) return NULL;
      if ((b[k].out_off = read_ints(L, f, b[k].no)) == NULL) return NULL;
      if ((b[k].Q = read_doubles(L, f, (size_t)rows * b[k].d)) == NULL) return NULL;
    }
    spec[l].nblocks = nb;
    spec[l].blocks = b;
  }
  return spec;
}

/* core.nn_load(path) -> Net */
static int l_load (lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  FILE *f = fopen(path, "r");
  char act[32];
  int version = 0, n = 0, l, a, st, n_in = 0, *w = NULL;
  ls_NnLayerSpec *spec = NULL;
  ls_Rng rng;
  ls_Mlp *net = NULL;
  size_t t;
  if (f == NULL) return lsL_error(L, "load: cannot open '%s'", path);
  if (fscanf(f, "liesym-mlp %d %31s %d", &version, act, &n) != 3 ||
      (version != 1 && version != 2)) {
    fclose(f);
    return lsL_error(L, "load: '%s' is not a liesym net (version 1 or 2)", path);
  }
  for (a = 0; acts[a] && strcmp(acts[a], act) != 0; a++) ;
  if (version == 1) {
    if (n >= 2 && n <= 1025 && (w = read_ints(L, f, n)) != NULL)
      for (l = 0; l < n && w[l] >= 1 && w[l] <= (1 << 24); l++) ;
    else l = -1;
    if (l < n) w = NULL;
  }
  else if (fscanf(f, "%d", &n_in) != 1 || n_in < 1 || n_in > (1 << 24)) n = 0;
  else spec = read_layers(L, f, n);
  if (acts[a] == NULL || (version == 1 ? w == NULL : spec == NULL)) {
    fclose(f);
    return lsL_error(L, "load: '%s' has a bad header or layers", path);
  }
  ls_rng_seed(&rng, 0);
  st = version == 1 ? ls_mlp_new(n - 1, w, a, &rng, &net)
                    : ls_mlp_new_layers(n, n_in, spec, a, LS_INIT_GLOROT, &rng, &net);
  if (st != LS_OK) {
    fclose(f);
    if (st == LS_EARG) return lsL_error(L, "load: '%s' has inconsistent layers", path);
    return lsL_status(L, st, "load", NULL);
  }
  for (t = 0; t < net->np; t++)
    if (fscanf(f, "%lf", &net->theta[t]) != 1 || !isfinite(net->theta[t])) break;
  fclose(f);
  if (t < net->np) {
    int np = (int)net->np;
    ls_mlp_release(net);
    return lsL_error(L, "load: '%s' holds fewer than %d finite parameters", path, np);
  }
  ls_mlp_sync(net);
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
  if (lsL_rawfield(L, 4, "penalty") != LUA_TNIL) {   /* promote: a LieOp and gamma */
    o.penalty = lsL_checkop(L, lua_gettop(L), "train");
    if (ls_op_params(o.penalty) != (int)net->np)
      return lsL_error(L, "train: the promote operator does not fit the net");
    o.gamma = lsL_optnumber(L, 4, "gamma", "train", 0.0, 0.0, 1e300);
    o.dual_step = lsL_optnumber(L, 4, "dual_step", "train", 1.0, 1e-300, 1e300);
    o.penalty_every = (int)lsL_optinteger(L, 4, "penalty_every", "train", 1, 1, 1 << 30);
  }
  else lua_pop(L, 1);
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
  if (o.penalty) {
    lsL_Matrix *pv = lsL_newmatrix(L, o.epochs, 1);
    o.penalty_value = pv->data;
    lua_insert(L, va ? -3 : -2);   /* below the train and validation losses */
  }
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
  if (o.penalty) {
    lua_pushvalue(L, va ? -4 : -3);
    lua_setfield(L, -2, "penalty");
  }
  return 1;
}


static int m_tostring (lua_State *L) {
  ls_Mlp *net = self(L, "tostring");
  luaL_Buffer b;
  int l;
  int structured = 0, gated = 0;
  for (l = 0; l < net->nl; l++) { structured |= net->nblocks[l] > 0; gated |= net->gate[l] != NULL; }
  luaL_buffinit(L, &b);
  lua_pushfstring(L, "Net: %s %d", structured ? "equivariant MLP" : gated ? "gated MLP" : "MLP",
                  net->w[0]);
  luaL_addvalue(&b);
  for (l = 1; l <= net->nl; l++) {
    if (net->f[l] > 0) { lua_pushfstring(L, " (+%d products)", net->f[l]); luaL_addvalue(&b); }
    lua_pushfstring(L, " -> %d", net->w[l]);
    luaL_addvalue(&b);
    if (net->z[l] > net->w[l]) { lua_pushfstring(L, " (%d gates)", net->z[l] - net->w[l]); luaL_addvalue(&b); }
  }
  lua_pushfstring(L, " (%s, %d parameters)", gated ? "gated swish" : acts[net->act], (int)net->np);
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
  {"nn_mlp", l_mlp}, {"nn_layers", l_layers}, {"nn_lieop", l_lieop}, {"nn_load", l_load}, {"nn_train", l_train}, {"is_net", l_is_net},
  {NULL, NULL}
};

static const luaL_Reg methods[] = {
  {"forward", m_forward}, {"jvp", m_jvp}, {"jacobian", m_jacobian},
  {"parameters", m_parameters}, {"set_parameters", m_set_parameters},
  {"nparams", m_nparams}, {"layout", m_layout}, {"save", m_save}, {"weights", m_weights},
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
