/*
** host.c — embed liesym in a C program.
**
** The C half of liesym (src/core + src/lua) is linked into this executable,
** so no liesym/core.so is needed: luaopen_liesym_core is registered in
** package.preload["liesym.core"], and the pure-Lua half (the .lua files
** of lua/liesym) is found through package.path.  Then the host runs a Lua
** snippet, the first command-line argument or a default demo, and reports
** its errors with a traceback.
**
**   usage: ./host ['lua code']
**   The lua/ folder is the one this was built from (LIESYM_LUA_DIR at
**   compile time); the environment variable LIESYM_LUA_DIR overrides it.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lualib.h"
#include "lauxlib.h"

#ifndef LIESYM_LUA_DIR
#define LIESYM_LUA_DIR "../../lua"
#endif

/* defined in src/lua/liesym.c, linked in statically */
int luaopen_liesym_core (lua_State *L);


static const char *const default_snippet =
  "local ls = require 'liesym'\n"
  "-- a rotation by 0.5 rad about the z axis: the exponential of a\n"
  "-- skew-symmetric generator\n"
  "local t = 0.5\n"
  "local X = ls.matrix{{0, -t, 0}, {t, 0, 0}, {0, 0, 0}}\n"
  "local R = ls.expm(X)\n"
  "print(R)\n"
  "print(string.format('det(R) = %.12f', R:det()))\n"
  "print(string.format('R[1][1] = %.12f  cos(0.5) = %.12f', R:get(1, 1),\n"
  "                    math.cos(t)))\n"
  "print(string.format('||R^T R - I|| = %.3g', (R:T() * R - ls.eye(3)):norm()))\n"
  "-- SVD of a known matrix: singular values 3*sqrt(5) and sqrt(5)\n"
  "local A = ls.matrix{{3, 0}, {4, 5}}\n"
  "local U, s, V = A:svd()\n"
  "print(string.format('singular values %.12f %.12f', s:get(1), s:get(2)))\n"
  "print(string.format('||U diag(s) V^T - A|| = %.3g',\n"
  "                    (U * ls.diag(s) * V:T() - A):norm()))\n";


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


/* make require "liesym" work: the C part from package.preload, the Lua part
   from dir/?.lua and dir/?/init.lua put first on package.path */
static void open_liesym (lua_State *L, const char *dir) {
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_liesym_core);
  lua_setfield(L, -2, "liesym.core");
  lua_pop(L, 1);
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "path");
  lua_pushfstring(L, "%s/?.lua;%s/?/init.lua;%s", dir, dir,
                  lua_tostring(L, -1));
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


int main (int argc, char **argv) {
  const char *dir = getenv("LIESYM_LUA_DIR");
  int status;
  lua_State *L = luaL_newstate();
  if (L == NULL) {
    fprintf(stderr, "host: cannot create a Lua state\n");
    return EXIT_FAILURE;
  }
  luaL_openlibs(L);
  open_liesym(L, dir != NULL ? dir : LIESYM_LUA_DIR);
  status = run(L, argc > 1 ? argv[1] : default_snippet);
  lua_close(L);
  return status == LUA_OK ? EXIT_SUCCESS : EXIT_FAILURE;
}
