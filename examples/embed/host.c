/*
** host.c — embed liesym in a C program, and use it from both languages.
**
** Part 1 uses the C API (liesym.h) alone: it builds SO(3) acting on
** V (x) V -> V and asks for the equivariant maps: one, the cross product.
** Part 2 opens a Lua state in which `require "liesym"` works with no file
** on disk (the C half is linked in, the Lua half compiled in by
** tools/embed-lua.lua), hands it the map from part 1 as a Matrix `W`, and
** runs a Lua snippet on it: the default one below, or the first argument.
**
**   usage: ./host ['lua code']     (from any folder)
**   LIESYM_LUA_DIR=dir ./host      loads the Lua half from dir instead
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lualib.h"
#include "lauxlib.h"

#include "liesym.h"

/* generated into liesym_lua.c by tools/embed-lua.lua */
void liesym_preload_lua (lua_State *L);


/* {======================================================
** Part 1: the C API
** ======================================================= */

static int check (int st, const char *what) {
  if (st != LS_OK) fprintf(stderr, "host: %s: %s\n", what, ls_strerror(st));
  return st == LS_OK;
}


/* W (3 x 9, column-major): the basis of the SO(3)-equivariant maps
   V (x) V -> V; returns 0 on failure */
static int cross_product_in_c (double *W) {
  ls_Group *G = NULL;
  ls_Action *V = NULL, *VV = NULL, *H = NULL, *pair[2];
  ls_Fixed *F = NULL;
  const ls_Spectrum *s;
  double a[3] = {1, 2, 3}, b[3] = {-1, 0.5, 2}, ab[9], y[3], c[3], k, off = 0;
  int ok, i, j;
  ok = check(ls_group_SO(3, &G), "SO(3)") && check(ls_action_defining(G, &V), "V");
  pair[0] = pair[1] = V;
  ok = ok && check(ls_action_tensor(2, pair, &VV), "V x V");
  ok = ok && check(ls_action_hom(VV, V, &H), "hom");
  ok = ok && check(ls_fixed_space(H, NULL, &F), "fixed space");
  if (ok) {
    s = ls_fixed_spectrum(F);
    printf("C: SO(3)-equivariant maps V x V -> V: dim %d (method %s, gap %.3g)\n",
           (int)ls_fixed_dim(F), s->method, s->gap);
    ok = ls_fixed_dim(F) == 1 && check(ls_fixed_basis(F, W), "basis");
  }
  if (ok) {   /* W (a (x) b) against a x b: one multiple for every a, b */
    for (i = 0; i < 3; i++) for (j = 0; j < 3; j++) ab[i * 3 + j] = a[i] * b[j];
    for (i = 0; i < 3; i++) {
      y[i] = 0;
      for (j = 0; j < 9; j++) y[i] += W[j * 3 + i] * ab[j];
    }
    c[0] = a[1] * b[2] - a[2] * b[1];
    c[1] = a[2] * b[0] - a[0] * b[2];
    c[2] = a[0] * b[1] - a[1] * b[0];
    k = (y[0] * c[0] + y[1] * c[1] + y[2] * c[2]) /
        (c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
    for (i = 0; i < 3; i++) off += (y[i] - k * c[i]) * (y[i] - k * c[i]);
    printf("C: W (a (x) b) = s (a x b) with |s| = %.12f (1/sqrt(6) = %.12f), "
           "off by %.3g\n", fabs(k), 1 / sqrt(6.0), sqrt(off));
  }
  ls_fixed_release(F);
  ls_action_release(H);
  ls_action_release(VV);
  ls_action_release(V);
  ls_group_release(G);
  return ok;
}

/* }====================================================== */


/* {======================================================
** Part 2: Lua
** ======================================================= */

static const char *const default_snippet =
  "local ls = require 'liesym'\n"
  "-- W came from the C part: check it with the Lua API\n"
  "local G = ls.group.SO(3)\n"
  "local V = ls.action.V(G)\n"
  "print(string.format('Lua: W from C is %dx%d, equivariant to %.3g', W:rows(),\n"
  "                    W:cols(), ls.check_equivariance(W, V * V, V, G)))\n"
  "local S = ls.enforce(ls.action.hom(V * V, V))\n"
  "local w = W:reshape(27, 1)\n"
  "print(string.format('Lua: ls.enforce agrees: |P w - w| = %.3g',\n"
  "                    (S:project(w) - w):norm()))\n"
  "-- a rotation by 0.5 rad about the z axis: the exponential of a\n"
  "-- skew-symmetric generator\n"
  "local t = 0.5\n"
  "local R = ls.lie.so(3):exp{0, 0, t}\n"
  "print(string.format('det(R) = %.12f', R:det()))\n"
  "print(string.format('R[1][1] = %.12f  cos(0.5) = %.12f', R:get(1, 1),\n"
  "                    math.cos(t)))\n"
  "print(string.format('||R^T R - I|| = %.3g', (R:T() * R - ls.eye(3)):norm()))\n"
  "-- SVD of a known matrix: singular values 3*sqrt(5) and sqrt(5)\n"
  "local A = ls.matrix{{3, 0}, {4, 5}}\n"
  "local U, s, Vs = A:svd()\n"
  "print(string.format('singular values %.12f %.12f', s:get(1), s:get(2)))\n"
  "print(string.format('||U diag(s) V^T - A|| = %.3g',\n"
  "                    (U * ls.diag(s) * Vs:T() - A):norm()))\n";


/* message handler: append a traceback to the error message */
static int msghandler (lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
      return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)",
                          luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}


/* make require "liesym" work: the C half and the Lua half from this
   executable (or the Lua half from dir, when given) */
static void open_liesym (lua_State *L, const char *dir) {
  /* loaded now, not on demand: the Matrix type must exist before the
     host pushes one */
  luaL_requiref(L, "liesym.core", luaopen_liesym_core, 0);
  lua_pop(L, 1);
  if (dir == NULL) {
    liesym_preload_lua(L);
    return;
  }
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "path");
  lua_pushfstring(L, "%s/?.lua;%s/?/init.lua;%s", dir, dir, lua_tostring(L, -1));
  lua_setfield(L, -3, "path");
  lua_pop(L, 2);
}


static int run (lua_State *L, const char *code) {
  int status;
  lua_pushcfunction(L, msghandler);
  status = luaL_loadbufferx(L, code, strlen(code), "=snippet", "t");
  if (status == LUA_OK) status = lua_pcall(L, 0, 0, -2);
  if (status != LUA_OK) {
    fprintf(stderr, "host: %s\n", lua_tostring(L, -1));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return status;
}

/* }====================================================== */


int main (int argc, char **argv) {
  double W[27];
  int status;
  lua_State *L;
  if (!cross_product_in_c(W)) return EXIT_FAILURE;
  if ((L = luaL_newstate()) == NULL) {
    fprintf(stderr, "host: cannot create a Lua state\n");
    return EXIT_FAILURE;
  }
  luaL_openlibs(L);
  open_liesym(L, getenv("LIESYM_LUA_DIR"));
  lsL_pushmatrix(L, 3, 9, W);   /* the C result, as a Matrix for Lua */
  lua_setglobal(L, "W");
  status = run(L, argc > 1 ? argv[1] : default_snippet);
  lua_close(L);
  return status == LUA_OK ? EXIT_SUCCESS : EXIT_FAILURE;
}
