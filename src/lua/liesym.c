/*
** liesym.c — luaopen_liesym_core: the C half of the liesym module.
** Each binding file registers its own functions into the module table.
*/
#define _POSIX_C_SOURCE 199309L
#include <time.h>

#include "lua.h"
#include "lauxlib.h"

#include "lmatrix.h"

#define LIESYM_VERSION "0.1.0"


/* wall-clock seconds from a monotonic clock, for timing solves */
static int l_clock (lua_State *L) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  lua_pushnumber(L, (lua_Number)ts.tv_sec + 1e-9 * (lua_Number)ts.tv_nsec);
  return 1;
}


LUAMOD_API int luaopen_liesym_core (lua_State *L) {
  luaL_checkversion(L);
  lua_newtable(L);
  lsL_open_matrix(L);
  lsL_open_linalg(L);
  lsL_open_rng(L);
  lua_pushcfunction(L, l_clock);
  lua_setfield(L, -2, "clock");
  lua_pushliteral(L, LIESYM_VERSION);
  lua_setfield(L, -2, "version");
  return 1;
}
