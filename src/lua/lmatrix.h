/*
** lmatrix.h — the Matrix userdata shared by every binding file.
** Entries live inside the userdata (column-major), so Lua's collector sees
** the full size of every matrix.
*/
#ifndef LIESYM_LMATRIX_H
#define LIESYM_LMATRIX_H

#include "lua.h"
#include "lauxlib.h"

#include "liesym.h"

#define LS_MATRIX_T "liesym.Matrix"

typedef struct lsL_Matrix {
  int rows, cols;
  double data[];  /* rows*cols entries, column-major */
} lsL_Matrix;

#define MAT_N(m)  ((size_t)(m)->rows * (size_t)(m)->cols)
#define MAT_AT(m, i, j)  ((m)->data[(size_t)(j) * (m)->rows + (i)])

/* Push a new rows x cols matrix, zero-filled. Raises on absurd sizes. */
lsL_Matrix *lsL_newmatrix (lua_State *L, int rows, int cols);

/* The matrix at arg, or a "matrix expected" argument error. */
lsL_Matrix *lsL_checkmatrix (lua_State *L, int arg);

/* The matrix at arg, or NULL when it is not one. */
lsL_Matrix *lsL_testmatrix (lua_State *L, int arg);

/* A size argument: a non-negative integer that fits a LAPACK index. */
int lsL_checksize (lua_State *L, int arg);

/* Require a square matrix at arg (the message names the function). */
lsL_Matrix *lsL_checksquare (lua_State *L, int arg);

/* Raise a Lua error for a non-OK core status; lapack_meaning describes a
   positive LAPACK info (may contain one %d for it). */
void lsL_checkstatus (lua_State *L, int status, const char *fname,
                      const char *lapack_meaning);


/* The Rng at arg, or an "rng expected" argument error; or NULL. */
ls_Rng *lsL_checkrng (lua_State *L, int arg);
ls_Rng *lsL_testrng (lua_State *L, int arg);

/* Registration of each binding file's functions into the module table at
   the top of the stack and its methods into the Matrix method table. */
void lsL_open_matrix (lua_State *L);
void lsL_open_linalg (lua_State *L);
void lsL_open_rng (lua_State *L);
void lsL_open_rep (lua_State *L);
void lsL_open_basis (lua_State *L);
void lsL_open_promote (lua_State *L);

/* Register funcs as methods of the Matrix type (its __index table). */
void lsL_matrix_methods (lua_State *L, const luaL_Reg *funcs);

#endif
