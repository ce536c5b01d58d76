/*
** liesym.c — luaopen_liesym_core: the C half of the liesym module.
** Each binding file registers its own functions into the module table.
*/
#define _POSIX_C_SOURCE 199309L
#include <time.h>

#include <fftw3.h>

#include "lua.h"
#include "lauxlib.h"

#include "lmatrix.h"
#include "ltypes.h"
#include "lutil.h"



/***
The C half of liesym (`liesym.core`): matrices, random generators,
decompositions.  Its functions and types are documented as part of the
liesym module, which re-exports them.
@module liesym
*/

/* wall-clock seconds from a monotonic clock, for timing solves */
/***
Wall-clock time in seconds from a monotonic clock, for timing: only
differences between two calls are meaningful.
@function clock
@treturn number seconds since an arbitrary fixed point
@usage local t0 = ls.clock(); A:svd(); print(ls.clock() - t0)
*/
double lsL_now (void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int l_clock (lua_State *L) {
  lua_pushnumber(L, (lua_Number)lsL_now());
  return 1;
}


/***
A dense real matrix.  Entries are doubles stored column-major inside the
userdata, so Lua's collector sees the full size of every matrix.  Indices
are 1-based.  Build matrices with @{matrix}, @{zeros}, @{ones}, @{eye},
@{vector}, @{diag}, @{linspace}, @{hcat}, @{vcat}, @{rand} or @{randn}.

Every method is also a module function taking the matrix first:
`A:kron(B)` is `ls.kron(A, B)`.  Methods return new matrices and leave
their operands alone, except @{Matrix:set}.  Shape mismatches, NaN or Inf
input to a decomposition and LAPACK failures raise errors that name the
function.

Operators: `A + B` and `A - B` (same shape), `A + s`, `s + A`, `A - s`,
`s - A` (a number s, entrywise), `-A`, `A * B` (matrix product),
`s * A` and `A * s` (scaling), `A / s`, `A == B` (same shape and equal
entries), and `tostring(A)`, which prints aligned columns numpy style and
elides the middle of matrices with more than 10 rows or columns.
@type Matrix
*/

/***
A seedable random generator, xoshiro256** seeded through splitmix64: equal
seeds give equal streams on every machine.  Make one with @{rng}; @{rand}
and @{randn} draw from a given generator or from the module's default one.
`tostring(g)` names the algorithm.
@type Rng
*/

LUAMOD_API int luaopen_liesym_core (lua_State *L) {
  luaL_checkversion(L);
  /* FFTW's planner is shared by the process: two lua_States in two
     threads may plan at once (deriv.c, convfit.c) */
  fftw_make_planner_thread_safe();
  lua_newtable(L);
  lsL_open_matrix(L);
  lsL_open_linalg(L);
  lsL_open_rng(L);
  lsL_open_rep(L);
  lsL_open_algebra(L);
  lsL_open_group(L);
  lsL_open_action(L);
  lsL_open_subspace(L);
  lsL_open_op(L);
  lsL_open_util(L);
  lsL_open_basis(L);
  lsL_open_promote(L);
  lsL_open_ode(L);
  lsL_open_sindy(L);
  lsL_open_field(L);
  lsL_open_nn(L);
  lua_pushcfunction(L, l_clock);
  lua_setfield(L, -2, "clock");
  lua_pushliteral(L, LIESYM_VERSION);
  lua_setfield(L, -2, "version");
  return 1;
}
