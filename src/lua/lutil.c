/*
** lutil.c — shared binding helpers: errors, options, statuses, spectra.
*/
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "lutil.h"
#include "rank.h"


#define INTERNAL_KEY "liesym.internal"


/* the position of the first frame that is neither C nor one of liesym's
   own Lua modules: the user's line, however many layers of the library
   lie between */
static void where (lua_State *L) {
  lua_Debug ar;
  int level;
  lua_getfield(L, LUA_REGISTRYINDEX, INTERNAL_KEY);
  for (level = 1; lua_getstack(L, level, &ar); level++) {
    int internal = 0;
    lua_getinfo(L, "Sl", &ar);
    if (ar.currentline <= 0) continue;
    if (lua_istable(L, -1)) {
      lua_getfield(L, -1, ar.source);
      internal = lua_toboolean(L, -1);
      lua_pop(L, 1);
    }
    if (internal) continue;
    lua_pop(L, 1);
    lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
    return;
  }
  lua_pop(L, 1);
  lua_pushliteral(L, "");
}


static int raise_at_caller (lua_State *L) {
  where(L);
  lua_insert(L, -2);
  lua_concat(L, 2);
  return lua_error(L);
}


int lsL_error (lua_State *L, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  lua_pushvfstring(L, fmt, ap);
  va_end(ap);
  return raise_at_caller(L);
}


/* _mark_internal{source, ...}: chunk names of liesym's own Lua modules,
   whose frames errors skip */
static int l_mark_internal (lua_State *L) {
  lua_Integer i, n;
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, INTERNAL_KEY);
  n = (lua_Integer)lua_rawlen(L, 1);
  for (i = 1; i <= n; i++) {
    if (lua_rawgeti(L, 1, i) == LUA_TSTRING) {
      lua_pushboolean(L, 1);
      lua_rawset(L, -3);
    }
    else lua_pop(L, 1);
  }
  return 0;
}


/* an operator a type does not have: a clean error instead of Lua's
   "attempt to ..." (upvalues: the operator, the type's name) */
static int refuse (lua_State *L) {
  return lsL_error(L, "bad operands to '%s' (%s does not support it)",
                   lua_tostring(L, lua_upvalueindex(1)),
                   lua_tostring(L, lua_upvalueindex(2)));
}


void lsL_refuse_others (lua_State *L, const char *tname, const char *shown) {
  static const char *const ops[][2] = {
    {"__add", "+"}, {"__sub", "-"}, {"__mul", "*"}, {"__div", "/"},
    {"__mod", "%"}, {"__pow", "^"}, {"__unm", "-"}, {"__idiv", "//"},
    {"__band", "&"}, {"__bor", "|"}, {"__bxor", "~"}, {"__shl", "<<"},
    {"__shr", ">>"}, {"__bnot", "~"}, {"__concat", ".."}, {"__len", "#"},
    {"__lt", "<"}, {"__le", "<="}, {"__call", "call"},
    {"__newindex", "field assignment"}, {NULL, NULL}};
  int i;
  luaL_getmetatable(L, tname);
  for (i = 0; ops[i][0] != NULL; i++) {
    if (lua_getfield(L, -1, ops[i][0]) == LUA_TNIL) {
      lua_pushstring(L, ops[i][1]);
      lua_pushstring(L, shown);
      lua_pushcclosure(L, refuse, 2);
      lua_setfield(L, -3, ops[i][0]);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}


/* _raise(msg): the error at the user's line, for the Lua layer */
static int l_raise (lua_State *L) {
  return lsL_error(L, "%s", luaL_checkstring(L, 1));
}


/* _checkkeys(opts, arg, fname, {known, ...}): lsL_checkkeys for the Lua
   layer */
static int l_checkkeys (lua_State *L) {
  const char *fname = luaL_checkstring(L, 3);
  int arg = (int)luaL_checkinteger(L, 2), n, i;
  const char **known;
  luaL_checktype(L, 4, LUA_TTABLE);
  n = (int)lua_rawlen(L, 4);
  known = (const char **)lua_newuserdatauv(L, ((size_t)n + 1) * sizeof(char *), 0);
  for (i = 0; i < n; i++) {
    lua_rawgeti(L, 4, i + 1);
    known[i] = lua_tostring(L, -1);   /* the list keeps the string */
    lua_pop(L, 1);
    if (known[i] == NULL) return luaL_argerror(L, 4, "strings expected");
  }
  known[n] = NULL;
  lsL_checkkeys(L, 1, arg, fname, known);
  return 0;
}


void lsL_open_util (lua_State *L) {
  lua_pushcfunction(L, l_mark_internal);
  lua_setfield(L, -2, "_mark_internal");
  lua_pushcfunction(L, l_raise);
  lua_setfield(L, -2, "_raise");
  lua_pushcfunction(L, l_checkkeys);
  lua_setfield(L, -2, "_checkkeys");
}


/* the message "head(fmt...)" at the caller's line; head is on the stack */
static int raise_bad (lua_State *L, const char *fmt, va_list ap) {
  lua_pushvfstring(L, fmt, ap);
  lua_pushliteral(L, ")");
  lua_concat(L, 3);
  return raise_at_caller(L);
}


int lsL_argerr (lua_State *L, int arg, const char *fname, const char *fmt, ...) {
  va_list ap;
  int r;
  lua_pushfstring(L, "bad argument #%d to '%s' (", arg, fname);
  va_start(ap, fmt);
  r = raise_bad(L, fmt, ap);
  va_end(ap);
  return r;
}


int lsL_opterr (lua_State *L, const char *key, const char *fname,
                const char *fmt, ...) {
  va_list ap;
  int r;
  lua_pushfstring(L, "bad option '%s' to '%s' (", key, fname);
  va_start(ap, fmt);
  r = raise_bad(L, fmt, ap);
  va_end(ap);
  return r;
}


/* {======================================================
** Boxes: userdata holding one reference to a core object
** ======================================================= */

void **lsL_newbox (lua_State *L, const char *tname) {
  void **b = (void **)lua_newuserdatauv(L, sizeof(void *), 1);
  *b = NULL;
  luaL_setmetatable(L, tname);
  return b;
}


void *lsL_testbox (lua_State *L, int arg, const char *tname) {
  void **b = (void **)luaL_testudata(L, arg, tname);
  return b ? *b : NULL;
}


void *lsL_checkbox (lua_State *L, int arg, const char *tname,
                    const char *what, const char *fname) {
  void *p = lsL_testbox(L, arg, tname);
  if (p == NULL)
    lsL_argerr(L, arg, fname, "%s expected, got %s", what,
               lua_isnone(L, arg) ? "no value" : lsL_typename(L, arg));
  return p;
}


void *lsL_checkself (lua_State *L, const char *tname, const char *what,
                     const char *fname) {
  void *p = lsL_testbox(L, 1, tname);
  if (p == NULL)
    lsL_argerr(L, 1, fname, "%s expected as self, got %s", what,
               lua_isnone(L, 1) ? "no value" : lsL_typename(L, 1));
  return p;
}


int lsL_uvindex (lua_State *L) {
  if (lsL_method(L)) return 1;
  lua_getiuservalue(L, 1, 1);
  lua_pushvalue(L, 2);
  lua_rawget(L, -2);
  return 1;
}


int lsL_uvnewindex (lua_State *L) {
  lua_getiuservalue(L, 1, 1);
  lua_pushvalue(L, 2);
  lua_pushvalue(L, 3);
  lua_rawset(L, -3);
  return 0;
}


int lsL_method (lua_State *L) {
  if (lua_type(L, 2) != LUA_TSTRING || !lua_getmetatable(L, 1)) return 0;
  lua_getfield(L, -1, "methods");
  lua_pushvalue(L, 2);
  if (lua_rawget(L, -2) != LUA_TNIL) return 1;
  lua_pop(L, 3);
  return 0;
}


void lsL_newtype (lua_State *L, const char *tname, const char *shown,
                  const luaL_Reg *methods, const luaL_Reg *metamethods) {
  luaL_newmetatable(L, tname);
  lua_pushstring(L, shown);
  lua_setfield(L, -2, "__name");
  luaL_setfuncs(L, metamethods, 0);
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  lua_setfield(L, -2, "methods");
  lua_pop(L, 1);
  lsL_refuse_others(L, tname, shown);
}

/* }====================================================== */


void lsL_checkkeys (lua_State *L, int idx, int arg, const char *fname,
                    const char *const known[]) {
  idx = lua_absindex(L, idx);
  if (lua_isnoneornil(L, idx)) return;
  if (!lua_istable(L, idx))
    lsL_argerr(L, arg, fname, "options table expected, got %s", luaL_typename(L, idx));
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {   /* lua_next is raw */
    int i, ok = 0;
    if (lua_type(L, -2) == LUA_TSTRING) {
      const char *k = lua_tostring(L, -2);
      for (i = 0; known[i] != NULL && !ok; i++) ok = strcmp(k, known[i]) == 0;
      if (!ok) lsL_opterr(L, k, fname, "unknown key");
    }
    else lsL_argerr(L, arg, fname, "option keys must be strings, got %s",
                    luaL_typename(L, -2));
    lua_pop(L, 1);
  }
}


int lsL_rawfield (lua_State *L, int idx, const char *key) {
  if (!lua_istable(L, idx)) { lua_pushnil(L); return LUA_TNIL; }
  idx = lua_absindex(L, idx);
  lua_pushstring(L, key);
  return lua_rawget(L, idx);
}


double lsL_optnumber (lua_State *L, int idx, const char *key,
                      const char *fname, double def, double lo, double hi) {
  double v = def;
  int t = lsL_rawfield(L, idx, key);
  if (t != LUA_TNIL) {
    if (t != LUA_TNUMBER)
      lsL_opterr(L, key, fname, "number expected, got %s", luaL_typename(L, -1));
    v = lua_tonumber(L, -1);
    if (!(v >= lo && v <= hi))
      lsL_opterr(L, key, fname, "a number in [%f, %f] expected, got %f", lo, hi, v);
  }
  lua_pop(L, 1);
  return v;
}


lua_Integer lsL_optinteger (lua_State *L, int idx, const char *key,
                            const char *fname, lua_Integer def,
                            lua_Integer lo, lua_Integer hi) {
  lua_Integer v = def;
  int t = lsL_rawfield(L, idx, key), isint = 0;
  if (t != LUA_TNIL) {
    if (t == LUA_TNUMBER) v = lua_tointegerx(L, -1, &isint);
    if (!isint)
      lsL_opterr(L, key, fname, "integer expected, got %s", luaL_typename(L, -1));
    if (v < lo || v > hi)
      lsL_opterr(L, key, fname, "an integer in %I..%I expected, got %I", lo, hi, v);
  }
  lua_pop(L, 1);
  return v;
}


int lsL_optenum (lua_State *L, int idx, const char *key, const char *fname,
                 const char *const names[], int def) {
  int t = lsL_rawfield(L, idx, key), i, v = def;
  if (t != LUA_TNIL) {
    const char *s = t == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    const char *tname = luaL_typename(L, -1);
    v = -1;
    for (i = 0; s != NULL && names[i] != NULL; i++)
      if (strcmp(s, names[i]) == 0) v = i;
    if (v < 0) {
      luaL_Buffer b;
      luaL_buffinit(L, &b);
      for (i = 0; names[i] != NULL; i++) {
        if (i > 0) luaL_addstring(&b, ", ");
        luaL_addchar(&b, '"');
        luaL_addstring(&b, names[i]);
        luaL_addchar(&b, '"');
      }
      luaL_pushresult(&b);
      lsL_opterr(L, key, fname, "one of %s expected, got %s", lua_tostring(L, -1),
                 s ? s : tname);
    }
  }
  lua_pop(L, 1);
  return v;
}


const char *lsL_typename (lua_State *L, int idx) {
  const char *name = NULL;
  if (luaL_getmetafield(L, idx, "__name") != LUA_TNIL) {
    name = lua_tostring(L, -1);
    lua_pop(L, 1);   /* the name stays alive in the metatable */
  }
  return name ? name : luaL_typename(L, idx);
}


int lsL_checkindex (lua_State *L, int idx, int arg, const char *fname, int n) {
  lua_Integer v;
  if (!lsL_toint(L, idx, &v)) {
    if (lua_type(L, idx) == LUA_TNUMBER)
      return lsL_argerr(L, arg, fname, "index in 1..%d expected, got %f", n,
                        (double)lua_tonumber(L, idx));
    return lsL_argerr(L, arg, fname, "index in 1..%d expected, got %s", n,
                      lua_isnone(L, idx) ? "no value" : lsL_typename(L, idx));
  }
  if (v < 1 || v > n)
    return lsL_argerr(L, arg, fname, "index %I out of range 1..%d", v, n);
  return (int)v;
}


int lsL_toint (lua_State *L, int idx, lua_Integer *v) {
  int isint = 0;
  *v = 0;
  if (lua_type(L, idx) == LUA_TNUMBER) *v = lua_tointegerx(L, idx, &isint);
  return isint;
}


int lsL_checkint (lua_State *L, int arg, const char *fname, lua_Integer lo,
                  lua_Integer hi) {
  lua_Integer v;
  int isint = lsL_toint(L, arg, &v);
  if (!isint)
    lsL_argerr(L, arg, fname, "integer expected, got %s",
               lua_type(L, arg) == LUA_TNUMBER ? "a non-integer number" : luaL_typename(L, arg));
  if (v < lo || v > hi)
    lsL_argerr(L, arg, fname, "an integer in %I..%I expected, got %I", lo, hi, v);
  return (int)v;
}


int lsL_status (lua_State *L, int st, const char *fname, const char *what) {
  if (st > 0)
    lua_pushfstring(L, "%s: LAPACK failed (info %d)", fname, st);
  else if (what != NULL)
    lua_pushfstring(L, "%s: %s: %s", fname, what, ls_strerror(st));
  else
    lua_pushfstring(L, "%s: %s", fname, ls_strerror(st));
  return raise_at_caller(L);
}


void lsL_pushspectrum (lua_State *L, const ls_Spectrum *s) {
  int i;
  lua_createtable(L, 0, 10);
  lua_createtable(L, s->nvalues, 0);
  for (i = 0; i < s->nvalues; i++) {
    lua_pushnumber(L, s->values[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "values");
  lua_pushnumber(L, s->tol);
  lua_setfield(L, -2, "tol");
  lua_pushnumber(L, s->floor);
  lua_setfield(L, -2, "floor");
  lua_pushinteger(L, (lua_Integer)s->rank);
  lua_setfield(L, -2, "rank");
  lua_pushnumber(L, s->gap);
  lua_setfield(L, -2, "gap");
  lua_pushboolean(L, s->clear);
  lua_setfield(L, -2, "clear");
  lua_pushstring(L, s->method ? s->method : "none");
  lua_setfield(L, -2, "method");
  if (s->residual > 0) {
    lua_pushnumber(L, s->residual);
    lua_setfield(L, -2, "residual");
  }
  if (s->iterations > 0 || (s->method && strcmp(s->method, "iterative") == 0)) {
    lua_pushinteger(L, s->iterations);
    lua_setfield(L, -2, "iterations");
    lua_pushinteger(L, (lua_Integer)s->products);
    lua_setfield(L, -2, "products");
    lua_pushnumber(L, s->sigma_bound);
    lua_setfield(L, -2, "sigma_bound");
  }
  if (s->method && strcmp(s->method, "weights") == 0) {
    lua_pushinteger(L, (lua_Integer)s->reduced);
    lua_setfield(L, -2, "reduced");
    lua_pushnumber(L, s->weight_gap);
    lua_setfield(L, -2, "weight_gap");
  }
}


/* the options every rank decision takes: tol (absolute), rtol (relative),
   rank (forced), min_gap */
static void rank_options (lua_State *L, int idx, const char *fname, double *tol,
                          double *rtol, int64_t *rank, double *min_gap) {
  *tol = lsL_optnumber(L, idx, "tol", fname, -1.0, 0.0, HUGE_VAL);
  if (lsL_rawfield(L, idx, "tol") != LUA_TNIL && !isfinite(*tol))
    lsL_opterr(L, "tol", fname, "a finite non-negative number expected");
  lua_pop(L, 1);
  *rtol = lsL_optnumber(L, idx, "rtol", fname, -1.0, 0.0, 1.0);
  *rank = lsL_optinteger(L, idx, "rank", fname, -1, 0, LUA_MAXINTEGER);
  *min_gap = lsL_optnumber(L, idx, "min_gap", fname, LS_MIN_GAP, 1.0, HUGE_VAL);
}


static int past_deadline (void *ctx) { return lsL_now() > *(const double *)ctx; }

void lsL_fixedopts (lua_State *L, int idx, const char *fname, ls_FixedOpts *o) {
  static const char *const methods[] = {"auto", "svd", "gram", "iterative",
                                        "orbits", "weights", NULL};
  ls_fixed_opts_init(o);
  o->method = lsL_optenum(L, idx, "method", fname, methods, LS_METHOD_AUTO);
  rank_options(L, idx, fname, &o->tol, &o->rtol, &o->rank, &o->min_gap);
  o->block = (int)lsL_optinteger(L, idx, "block", fname, 32, 1, 1 << 20);
  o->maxit = (int)lsL_optinteger(L, idx, "maxit", fname, 1000, 1, 1 << 30);
  if (lua_istable(L, idx) && lsL_rawfield(L, idx, "max_time") != LUA_TNIL) {
    double t = lua_tonumber(L, -1);
    if (!lua_isnumber(L, -1) || !(t > 0))
      lsL_opterr(L, "max_time", fname, "a positive number of seconds expected");
    o->stop_at = lsL_now() + t;
    o->stop = past_deadline;
    o->stop_ctx = &o->stop_at;
  }
  if (lua_istable(L, idx)) lua_pop(L, 1);
}


/* the rank rule of a data decision: forced by tol, rtol or rank, else the
   largest-gap search below `search` (and a decisive gap) */
void lsL_rankrule (lua_State *L, int idx, const char *fname, double search,
                   ls_RankRule *rule) {
  ls_rank_rule_data(rule, search);
  rank_options(L, idx, fname, &rule->tol, &rule->rtol, &rule->rank, &rule->min_gap);
}
