/*
** lrng.c — the Rng userdata (seedable, machine-independent streams) and the
** random matrix constructors rand/randn.
*/
#include <math.h>

#include "lua.h"
#include "lauxlib.h"

#include "rng.h"
#include "lmatrix.h"

#define LS_RNG_T "liesym.Rng"


/***
Random generators and random matrices.
@module liesym
*/

ls_Rng *lsL_testrng (lua_State *L, int arg) {
  return (ls_Rng *)luaL_testudata(L, arg, LS_RNG_T);
}


ls_Rng *lsL_checkrng (lua_State *L, int arg) {
  ls_Rng *r = (ls_Rng *)luaL_testudata(L, arg, LS_RNG_T);
  if (r == NULL) luaL_typeerror(L, arg, "rng");
  return r;
}


static ls_Rng *newrng (lua_State *L, lua_Integer seed) {
  ls_Rng *r = (ls_Rng *)lua_newuserdatauv(L, sizeof(ls_Rng), 0);
  ls_rng_seed(r, (uint64_t)seed);
  luaL_setmetatable(L, LS_RNG_T);
  return r;
}


/* rng([seed]): a new generator; the default seed is 0 */
/***
A new random generator.  Equal seeds give equal streams, on every machine.
@function rng
@tparam[opt=0] int seed
@treturn Rng
@usage local g = ls.rng(42)
local A = ls.randn(3, 3, g)
*/
static int l_rng (lua_State *L) {
  newrng(L, luaL_optinteger(L, 1, 0));
  return 1;
}


/* the generator at arg, or the module's default one (kept as upvalue 1) */
static ls_Rng *optrng (lua_State *L, int arg) {
  if (lua_isnoneornil(L, arg))
    return (ls_Rng *)lua_touserdata(L, lua_upvalueindex(1));
  return lsL_checkrng(L, arg);
}


/***
Random generator methods.
@type Rng
*/

/***
A uniform random number in [a, b).
@function uniform
@tparam[opt=0] number a the lower bound (finite)
@tparam[opt=1] number b the upper bound (finite, at least a)
@treturn number
*/
static int l_uniform (lua_State *L) {
  ls_Rng *r = lsL_checkrng(L, 1);
  double a = luaL_optnumber(L, 2, 0.0), b = luaL_optnumber(L, 3, 1.0);
  luaL_argcheck(L, isfinite(a), 2, "finite number expected");
  luaL_argcheck(L, isfinite(b) && b >= a, 3, "finite upper bound >= lower "
                "bound expected");
  /* b - a overflows for bounds near the largest doubles */
  luaL_argcheck(L, isfinite(b - a), 3, "the interval's width overflows");
  lua_pushnumber(L, a + (b - a) * ls_rng_uniform(r));
  return 1;
}


/***
A normal random number (Marsaglia's polar method).
@function normal
@tparam[opt=0] number mu the mean (finite)
@tparam[opt=1] number sigma the standard deviation (finite, not negative)
@treturn number
*/
static int l_normal (lua_State *L) {
  ls_Rng *r = lsL_checkrng(L, 1);
  double mu = luaL_optnumber(L, 2, 0.0), sigma = luaL_optnumber(L, 3, 1.0);
  luaL_argcheck(L, isfinite(mu), 2, "finite number expected");
  luaL_argcheck(L, isfinite(sigma) && sigma >= 0, 3, "finite non-negative "
                "standard deviation expected");
  lua_pushnumber(L, mu + sigma * ls_rng_normal(r));
  return 1;
}


/* integer(lo, hi): uniform on {lo..hi} without modulo bias */
/***
A uniform random integer in lo..hi, both included, without modulo bias.
@function integer
@tparam int lo
@tparam int hi at least lo
@treturn int
*/
static int l_integer (lua_State *L) {
  ls_Rng *r = lsL_checkrng(L, 1);
  lua_Integer lo = luaL_checkinteger(L, 2), hi = luaL_checkinteger(L, 3);
  luaL_argcheck(L, hi >= lo, 3, "upper bound must be >= lower bound");
  lua_pushinteger(L, (lua_Integer)ls_rng_integer(r, (int64_t)lo, (int64_t)hi));
  return 1;
}


/***
A uniformly random permutation of 1..n (Fisher-Yates), as a column: for
shuffles and cross-validation folds (`X:select_rows(p)`).
@function permutation
@tparam int n
@treturn Matrix n x 1 of the integers 1..n
*/
static int l_permutation (lua_State *L) {
  ls_Rng *r = lsL_checkrng(L, 1);
  int n = lsL_checksize(L, 2), i;
  lsL_Matrix *m = lsL_newmatrix(L, n, 1);
  int *p = (int *)lua_newuserdatauv(L, ((size_t)n + 1) * sizeof(int), 0);
  ls_rng_permutation(r, n, p);
  for (i = 0; i < n; i++) m->data[i] = p[i] + 1;
  lua_pop(L, 1);
  return 1;
}


static int l_tostring (lua_State *L) {
  lua_pushfstring(L, "Rng (xoshiro256**) %p", (void *)lsL_checkrng(L, 1));
  return 1;
}


/*** @section end */

static int random_matrix (lua_State *L, int normal) {
  int r = lsL_checksize(L, 1), c = lsL_checksize(L, 2);
  ls_Rng *g = optrng(L, 3);
  lsL_Matrix *m = lsL_newmatrix(L, r, c);
  size_t k, n = MAT_N(m);
  for (k = 0; k < n; k++)
    m->data[k] = normal ? ls_rng_normal(g) : ls_rng_uniform(g);
  return 1;
}

/***
Matrix of independent uniform [0,1) entries.
@function rand
@tparam int r rows
@tparam int c columns
@tparam[opt] Rng g the generator; by default the module's own, seeded
with 0 when liesym is loaded
@treturn Matrix r x c
*/
static int l_rand (lua_State *L) { return random_matrix(L, 0); }
/***
A matrix of independent standard normal entries.
@function randn
@tparam int r rows
@tparam int c columns
@tparam[opt] Rng g the generator; by default the module's own, seeded
with 0 when liesym is loaded
@treturn Matrix r x c
*/
static int l_randn (lua_State *L) { return random_matrix(L, 1); }


static const luaL_Reg rng_methods[] = {
  {"uniform", l_uniform},
  {"normal", l_normal},
  {"integer", l_integer},
  {"permutation", l_permutation},
  {NULL, NULL}
};


void lsL_open_rng (lua_State *L) {
  luaL_newmetatable(L, LS_RNG_T);
  lua_pushliteral(L, "rng");
  lua_setfield(L, -2, "__name");
  luaL_newlib(L, rng_methods);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, l_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);
  lua_pushcfunction(L, l_rng);
  lua_setfield(L, -2, "rng");
  newrng(L, 0);  /* the default generator of this lua_State */
  lua_pushvalue(L, -1);
  lua_pushcclosure(L, l_rand, 1);
  lua_setfield(L, -3, "rand");
  lua_pushcclosure(L, l_randn, 1);
  lua_setfield(L, -2, "randn");
}
