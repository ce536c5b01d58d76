/*
** lmatrix.c — the Matrix userdata: construction, access, printing and
** elementwise arithmetic.  Decompositions are in llinalg.c.
*/
#define _DEFAULT_SOURCE   /* sysconf(_SC_PHYS_PAGES) */
#include <limits.h>
#include <unistd.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "dense.h"
#include "lmatrix.h"

/* A matrix the machine cannot hold is refused before the allocator is
   asked (an OOM kill or a swap storm otherwise): by default half the
   physical memory, ls.memory_limit() to read or change it; 2^36 doubles
   (512 GiB) when the memory is unknown. */
#define MAX_ENTRIES ((size_t)1 << 36)
static size_t limit_bytes = 0;   /* 0: not decided yet */

static size_t max_entries (void) {
  if (limit_bytes == 0) {
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    limit_bytes = (pages > 0 && size > 0) ? (size_t)pages * (size_t)size / 2
                                          : MAX_ENTRIES * sizeof(double);
  }
  return limit_bytes / sizeof(double);
}

/***
Matrix construction, access and arithmetic.
@module liesym
*/


/* {======================================================
** Core helpers shared with the other binding files
** ======================================================= */

lsL_Matrix *lsL_newmatrix (lua_State *L, int rows, int cols) {
  size_t n = (size_t)rows * (size_t)cols;
  lsL_Matrix *m;
  if (rows < 0 || cols < 0)
    luaL_error(L, "matrix of size %dx%d is too large", rows, cols);
  if (n > max_entries())
    luaL_error(L, "a %dx%d matrix is too large: it needs %f GiB, above the memory limit of %f GiB "
               "(ls.memory_limit)", rows, cols, (lua_Number)n * 8 / 1073741824.0,
               (lua_Number)limit_bytes / 1073741824.0);
  m = (lsL_Matrix *)lua_newuserdatauv(L, sizeof(lsL_Matrix) +
                                      n * sizeof(double), 0);
  m->rows = rows;
  m->cols = cols;
  if (n > 0) memset(m->data, 0, n * sizeof(double));
  luaL_setmetatable(L, LS_MATRIX_T);
  return m;
}


double *lsL_pushmatrix (lua_State *L, int rows, int cols, const double *data) {
  lsL_Matrix *m;
  if (luaL_getmetatable(L, LS_MATRIX_T) != LUA_TTABLE)
    luaL_error(L, "lsL_pushmatrix: liesym.core is not loaded in this state");
  lua_pop(L, 1);
  m = lsL_newmatrix(L, rows, cols);
  if (data != NULL && MAT_N(m) > 0) memcpy(m->data, data, MAT_N(m) * sizeof(double));
  return m->data;
}


double *lsL_tomatrix (lua_State *L, int idx, int *rows, int *cols) {
  lsL_Matrix *m = (lsL_Matrix *)luaL_testudata(L, idx, LS_MATRIX_T);
  if (m == NULL) return NULL;
  if (rows) *rows = m->rows;
  if (cols) *cols = m->cols;
  return m->data;
}


lsL_Matrix *lsL_testmatrix (lua_State *L, int arg) {
  return (lsL_Matrix *)luaL_testudata(L, arg, LS_MATRIX_T);
}


lsL_Matrix *lsL_checkmatrix (lua_State *L, int arg) {
  lsL_Matrix *m = (lsL_Matrix *)luaL_testudata(L, arg, LS_MATRIX_T);
  if (m == NULL) luaL_typeerror(L, arg, "matrix");
  return m;
}


int lsL_checksize (lua_State *L, int arg) {
  lua_Integer n = luaL_checkinteger(L, arg);
  luaL_argcheck(L, n >= 0, arg, "size must be non-negative");
  luaL_argcheck(L, n <= INT_MAX, arg, "size too large");
  return (int)n;
}


lsL_Matrix *lsL_checksquare (lua_State *L, int arg) {
  lsL_Matrix *m = lsL_checkmatrix(L, arg);
  if (m->rows != m->cols)
    luaL_argerror(L, arg, lua_pushfstring(L, "square matrix expected, got %dx%d",
                                          m->rows, m->cols));
  return m;
}


void lsL_checkstatus (lua_State *L, int status, const char *fname,
                      const char *lapack_meaning) {
  switch (status) {
    case LS_OK: return;
    case LS_ENOMEM:
      luaL_error(L, "%s: not enough memory for workspace", fname);
      break;
    case LS_ENONFINITE:
      luaL_error(L, "%s: matrix has NaN or Inf entries", fname);
      break;
    case LS_ENOCONV:
      luaL_error(L, "%s: iteration did not converge", fname);
      break;
    case LS_EOVERFLOW:
      luaL_error(L, "%s: the result overflows, or is too large for any of its "
                 "digits to be correct", fname);
      break;
    case LS_ETOOBIG:
      luaL_error(L, "%s: the request is too large", fname);
      break;
    default:
      if (status > 0) {
        lua_pushfstring(L, "%s: ", fname);
        /* status twice: "U(%d,%d) is zero" names the pivot by row and column */
        lua_pushfstring(L, lapack_meaning, status, status);
        lua_concat(L, 2);
        lua_error(L);
      }
      luaL_error(L, "%s: LAPACK rejected an argument (status %d)", fname,
                 status);
  }
}


void lsL_matrix_methods (lua_State *L, const luaL_Reg *funcs) {
  luaL_getmetatable(L, LS_MATRIX_T);
  lua_getfield(L, -1, "__index");
  luaL_setfuncs(L, funcs, 0);
  lua_pop(L, 2);
}

/* }====================================================== */


/* {======================================================
** Construction
** ======================================================= */

/* a number from a table entry, with an error naming where it was */
static double table_number (lua_State *L, int arg, int i, int j) {
  int isnum;
  double v = lua_tonumberx(L, -1, &isnum);
  if (!isnum) {
    const char *msg = (j > 0)
      ? lua_pushfstring(L, "number expected at row %d, column %d, got %s", i,
                        j, luaL_typename(L, -1))
      : lua_pushfstring(L, "number expected at entry %d, got %s", i,
                        luaL_typename(L, -1));
    luaL_argerror(L, arg, msg);
  }
  lua_pop(L, 1);
  return v;
}


static int checklen (lua_State *L, int arg, int idx) {
  lua_Integer n = luaL_len(L, idx);
  luaL_argcheck(L, n <= INT_MAX, arg, "table too long");
  return (int)n;
}


/* matrix from a table of rows */
static lsL_Matrix *from_rows (lua_State *L, int arg) {
  int r = checklen(L, arg, arg), c = 0, i, j;
  lsL_Matrix *m;
  for (i = 1; i <= r; i++) {
    int len;
    if (lua_geti(L, arg, i) != LUA_TTABLE)
      luaL_argerror(L, arg, lua_pushfstring(L, "row %d is not a table (got %s)",
                                            i, luaL_typename(L, -1)));
    len = checklen(L, arg, -1);
    if (i == 1) c = len;
    else if (len != c)
      luaL_argerror(L, arg, lua_pushfstring(L,
                    "row %d has %d entries, row 1 has %d", i, len, c));
    lua_pop(L, 1);
  }
  m = lsL_newmatrix(L, r, c);
  for (i = 1; i <= r; i++) {
    lua_geti(L, arg, i);
    for (j = 1; j <= c; j++) {
      lua_geti(L, -1, j);
      MAT_AT(m, i - 1, j - 1) = table_number(L, arg, i, j);
    }
    lua_pop(L, 1);
  }
  return m;
}


static void fill (lsL_Matrix *m, double v) {
  size_t k, n = MAT_N(m);
  for (k = 0; k < n; k++) m->data[k] = v;
}


/***
Build a matrix: `matrix{{1,2},{3,4}}` (a table of rows), `matrix(r, c[, fill])`,
or `matrix(A)` (a copy).
@function matrix
@param t a table of rows (tables of numbers, all of one length), a
matrix to copy, or the number of rows `r`
@tparam[opt] int c the number of columns, after `r`
@tparam[opt=0] number fill the value of every entry, after `r` and `c`
@treturn Matrix
@usage local A = ls.matrix{{1, 2}, {3, 4}}
local Z = ls.matrix(2, 3)        -- 2x3 zeros
local F = ls.matrix(2, 3, 0.5)   -- 2x3, every entry 0.5
*/
static int l_matrix (lua_State *L) {
  lsL_Matrix *a;
  if (lua_istable(L, 1)) {
    from_rows(L, 1);
  }
  else if ((a = lsL_testmatrix(L, 1)) != NULL) {
    lsL_Matrix *m = lsL_newmatrix(L, a->rows, a->cols);
    memcpy(m->data, a->data, MAT_N(a) * sizeof(double));
  }
  else if (lua_type(L, 1) == LUA_TNUMBER) {
    int r = lsL_checksize(L, 1), c = lsL_checksize(L, 2);
    double v = luaL_optnumber(L, 3, 0.0);
    fill(lsL_newmatrix(L, r, c), v);
  }
  else
    return luaL_typeerror(L, 1, "table of rows, matrix or size");
  return 1;
}


/***
A matrix of zeros.
@function zeros
@tparam int r rows
@tparam int c columns
@treturn Matrix r x c
*/
static int l_zeros (lua_State *L) {
  int r = lsL_checksize(L, 1), c = lsL_checksize(L, 2);
  lsL_newmatrix(L, r, c);
  return 1;
}


/***
A matrix of ones.
@function ones
@tparam int r rows
@tparam int c columns
@treturn Matrix r x c
*/
static int l_ones (lua_State *L) {
  int r = lsL_checksize(L, 1), c = lsL_checksize(L, 2);
  fill(lsL_newmatrix(L, r, c), 1.0);
  return 1;
}


/***
The identity matrix, or an r x c matrix with ones on its main diagonal.
@function eye
@tparam int r rows
@tparam[opt=r] int c columns
@treturn Matrix r x c
*/
static int l_eye (lua_State *L) {
  int r = lsL_checksize(L, 1);
  int c = luaL_opt(L, lsL_checksize, 2, r);
  int i;
  lsL_Matrix *m = lsL_newmatrix(L, r, c);
  for (i = 0; i < r && i < c; i++) MAT_AT(m, i, i) = 1.0;
  return 1;
}


/***
A column vector from a table of numbers.
@function vector
@tparam {number,...} t the entries
@treturn Matrix #t x 1
@usage local v = ls.vector{1, 2, 3}
*/
static int l_vector (lua_State *L) {
  int n, i;
  lsL_Matrix *m;
  luaL_checktype(L, 1, LUA_TTABLE);
  n = checklen(L, 1, 1);
  m = lsL_newmatrix(L, n, 1);
  for (i = 1; i <= n; i++) {
    lua_geti(L, 1, i);
    m->data[i - 1] = table_number(L, 1, i, 0);
  }
  return 1;
}


/* diag(v): v a table or vector gives a diagonal matrix; a matrix that is
   not a vector gives its diagonal as a column */
/***
A diagonal matrix, or the diagonal of a matrix.  Given a table of n numbers
or an n-entry vector (a matrix with one row or one column), returns the
n x n matrix with those entries on its diagonal; given any other matrix,
returns its main diagonal as a min(r, c) x 1 column.
@function diag
@tparam table|Matrix v the diagonal entries, or a matrix
@treturn Matrix
*/
static int l_diag (lua_State *L) {
  lsL_Matrix *a = lsL_testmatrix(L, 1), *m;
  int i, n;
  if (a != NULL && a->rows != 1 && a->cols != 1) {
    n = a->rows < a->cols ? a->rows : a->cols;
    m = lsL_newmatrix(L, n, 1);
    for (i = 0; i < n; i++) m->data[i] = MAT_AT(a, i, i);
    return 1;
  }
  if (a != NULL) {
    n = (int)MAT_N(a);
    m = lsL_newmatrix(L, n, n);
    for (i = 0; i < n; i++) MAT_AT(m, i, i) = a->data[i];
    return 1;
  }
  if (!lua_istable(L, 1)) return luaL_typeerror(L, 1, "table or matrix");
  n = checklen(L, 1, 1);
  m = lsL_newmatrix(L, n, n);
  for (i = 1; i <= n; i++) {
    lua_geti(L, 1, i);
    MAT_AT(m, i - 1, i - 1) = table_number(L, 1, i, 0);
  }
  return 1;
}


/***
n evenly spaced numbers from a to b, both included (exactly), as a column.
n = 1 gives `a` alone.
@function linspace
@tparam number a the first value (finite)
@tparam number b the last value (finite)
@tparam int n how many values
@treturn Matrix n x 1
*/
static int l_linspace (lua_State *L) {
  double a = luaL_checknumber(L, 1), b = luaL_checknumber(L, 2);
  int n = lsL_checksize(L, 3), i;
  lsL_Matrix *m;
  luaL_argcheck(L, isfinite(a), 1, "finite number expected");
  luaL_argcheck(L, isfinite(b), 2, "finite number expected");
  m = lsL_newmatrix(L, n, 1);
  for (i = 0; i < n; i++)  /* the end points exactly, no drift */
    m->data[i] = (n == 1) ? a : (i == n - 1) ? b
                 : a + (b - a) * ((double)i / (n - 1));
  return 1;
}


/* hcat{A, B, ...} (horizontal = 1) or vcat{A, B, ...} */
static int concat (lua_State *L, int horizontal) {
  int k, n, rows = 0, cols = 0, off = 0;
  lsL_Matrix *m;
  luaL_checktype(L, 1, LUA_TTABLE);
  n = checklen(L, 1, 1);
  for (k = 1; k <= n; k++) {
    lsL_Matrix *a;
    lua_geti(L, 1, k);
    a = lsL_testmatrix(L, -1);
    if (a == NULL)
      luaL_argerror(L, 1, lua_pushfstring(L, "matrix expected at entry %d, got %s",
                                          k, luaL_typename(L, -1)));
    if (k == 1) { rows = a->rows; cols = a->cols; }
    else if (horizontal) {
      if (a->rows != rows)
        luaL_error(L, "shape mismatch in 'hcat': entry %d is %dx%d, "
                   "entry 1 has %d rows", k, a->rows, a->cols, rows);
      if (a->cols > INT_MAX - cols) luaL_error(L, "hcat: result too large");
      cols += a->cols;
    }
    else {
      if (a->cols != cols)
        luaL_error(L, "shape mismatch in 'vcat': entry %d is %dx%d, "
                   "entry 1 has %d columns", k, a->rows, a->cols, cols);
      if (a->rows > INT_MAX - rows) luaL_error(L, "vcat: result too large");
      rows += a->rows;
    }
    lua_pop(L, 1);
  }
  m = lsL_newmatrix(L, rows, cols);
  for (k = 1; k <= n; k++) {
    lsL_Matrix *a;
    int j;
    lua_geti(L, 1, k);
    a = lsL_testmatrix(L, -1);
    if (a == NULL || (horizontal ? a->rows != rows || a->cols > cols - off
                                 : a->cols != cols || a->rows > rows - off))
      luaL_error(L, "%s: table entries changed during concatenation",
                 horizontal ? "hcat" : "vcat");  /* a proxy table */
    if (horizontal) {
      memcpy(m->data + (size_t)off * rows, a->data, MAT_N(a) * sizeof(double));
      off += a->cols;
    }
    else {
      for (j = 0; j < cols; j++)
        memcpy(&MAT_AT(m, off, j), &MAT_AT(a, 0, j),
               (size_t)a->rows * sizeof(double));
      off += a->rows;
    }
    lua_pop(L, 1);
  }
  return 1;
}

/***
Matrices side by side: all must have the same number of rows.
@function hcat
@tparam {Matrix,...} ms the blocks, left to right
@treturn Matrix
@usage local AB = ls.hcat{A, B}
*/
static int l_hcat (lua_State *L) { return concat(L, 1); }
/***
Matrices stacked vertically: all must have the same number of columns.
@function vcat
@tparam {Matrix,...} ms the blocks, top to bottom
@treturn Matrix
*/
static int l_vcat (lua_State *L) { return concat(L, 0); }

/* }====================================================== */


/* {======================================================
** Access
** ======================================================= */

/***
Matrix methods: access, shape and arithmetic.
@type Matrix
*/

/***
The number of rows.
@function rows
@treturn int
*/
static int l_rows (lua_State *L) {
  lua_pushinteger(L, lsL_checkmatrix(L, 1)->rows);
  return 1;
}


/***
The number of columns.
@function cols
@treturn int
*/
static int l_cols (lua_State *L) {
  lua_pushinteger(L, lsL_checkmatrix(L, 1)->cols);
  return 1;
}


/***
The shape.
@function shape
@treturn int rows
@treturn int columns
*/
static int l_shape (lua_State *L) {
  lsL_Matrix *m = lsL_checkmatrix(L, 1);
  lua_pushinteger(L, m->rows);
  lua_pushinteger(L, m->cols);
  return 2;
}


/* a 1-based index in [1, n] from argument arg, as 0-based */
static int checkindex (lua_State *L, int arg, int n, const char *what) {
  lua_Integer i = luaL_checkinteger(L, arg);
  if (i < 1 || i > n)
    luaL_argerror(L, arg, lua_pushfstring(L, "%s index %I out of range 1..%d",
                                          what, i, n));
  return (int)(i - 1);
}


/* get(i, j), or get(k) for the k-th entry in column-major order; pair says
   which form the caller was given */
static size_t checkpos (lua_State *L, lsL_Matrix *m, int arg, int pair) {
  if (!pair) {
    lua_Integer k = luaL_checkinteger(L, arg);
    if (k < 1 || (size_t)k > MAT_N(m))
      luaL_argerror(L, arg, lua_pushfstring(L, "index %I out of range 1..%I",
                                            k, (lua_Integer)MAT_N(m)));
    return (size_t)(k - 1);
  }
  else {
    int i = checkindex(L, arg, m->rows, "row");
    int j = checkindex(L, arg + 1, m->cols, "column");
    return (size_t)j * m->rows + i;
  }
}


/***
One entry: `A:get(i, j)`, or `A:get(k)` for the k-th entry in column-major
order.  Indices out of range raise an error.
@function get
@tparam int i row (or k, the column-major position, when j is absent)
@tparam[opt] int j column
@treturn number
*/
static int l_get (lua_State *L) {
  lsL_Matrix *m = lsL_checkmatrix(L, 1);
  lua_pushnumber(L, m->data[checkpos(L, m, 2, !lua_isnoneornil(L, 3))]);
  return 1;
}


/***
Set one entry in place: `A:set(i, j, v)`, or `A:set(k, v)` for the k-th
entry in column-major order.
@function set
@tparam int i row (or k, the column-major position)
@tparam[opt] int j column (absent with k)
@tparam number v the new value
@treturn Matrix the matrix itself
*/
static int l_set (lua_State *L) {
  lsL_Matrix *m = lsL_checkmatrix(L, 1);
  int varg = lua_gettop(L) >= 4 ? 4 : 3;  /* set(i, j, v) or set(k, v) */
  size_t k = checkpos(L, m, 2, varg == 4);
  m->data[k] = luaL_checknumber(L, varg);
  lua_settop(L, 1);
  return 1;
}


static void copyblock (lsL_Matrix *dst, const lsL_Matrix *src, int i0, int j0) {
  int j;
  for (j = 0; j < dst->cols; j++)
    memcpy(&MAT_AT(dst, 0, j), &MAT_AT(src, i0, j0 + j),
           (size_t)dst->rows * sizeof(double));
}


/***
A copy of row i.
@function row
@tparam int i
@treturn Matrix 1 x cols
*/
static int l_row (lua_State *L) {
  lsL_Matrix *m = lsL_checkmatrix(L, 1);
  int i = checkindex(L, 2, m->rows, "row");
  copyblock(lsL_newmatrix(L, 1, m->cols), m, i, 0);
  return 1;
}


/***
A copy of column j.
@function col
@tparam int j
@treturn Matrix rows x 1
*/
static int l_col (lua_State *L) {
  lsL_Matrix *m = lsL_checkmatrix(L, 1);
  int j = checkindex(L, 2, m->cols, "column");
  copyblock(lsL_newmatrix(L, m->rows, 1), m, 0, j);
  return 1;
}


/* sub(i1, i2, j1, j2): rows i1..i2 and columns j1..j2, inclusive; an empty
   range (i2 = i1 - 1) is allowed */
/***
A copy of a block: rows i1..i2 and columns j1..j2, inclusive.  An empty
range (i2 = i1 - 1, or j2 = j1 - 1) gives a matrix with no rows (columns).
@function sub
@tparam int i1 first row
@tparam int i2 last row
@tparam int j1 first column
@tparam int j2 last column
@treturn Matrix (i2 - i1 + 1) x (j2 - j1 + 1)
*/
static int l_sub (lua_State *L) {
  lsL_Matrix *m = lsL_checkmatrix(L, 1);
  lua_Integer i1 = luaL_checkinteger(L, 2), i2 = luaL_checkinteger(L, 3);
  lua_Integer j1 = luaL_checkinteger(L, 4), j2 = luaL_checkinteger(L, 5);
  if (i1 < 1 || i2 > m->rows || i2 < i1 - 1)
    luaL_error(L, "sub: row range %I..%I out of range for a %dx%d matrix",
               i1, i2, m->rows, m->cols);
  if (j1 < 1 || j2 > m->cols || j2 < j1 - 1)
    luaL_error(L, "sub: column range %I..%I out of range for a %dx%d matrix",
               j1, j2, m->rows, m->cols);
  copyblock(lsL_newmatrix(L, (int)(i2 - i1 + 1), (int)(j2 - j1 + 1)), m,
            (int)i1 - 1, (int)j1 - 1);
  return 1;
}


/***
The rows at the given indices, in their order (repeats allowed): a
column Matrix or a list of integers in 1..rows.
@function select_rows
@tparam Matrix|{int,...} idx
@treturn Matrix #idx x cols
*/
static int l_select_rows (lua_State *L) {
  lsL_Matrix *m = lsL_checkmatrix(L, 1), *idx = lsL_testmatrix(L, 2), *out;
  lua_Integer n, t, i, j;
  if (idx == NULL && !lua_istable(L, 2))
    return luaL_argerror(L, 2, "a column Matrix or a list of row indices expected");
  n = idx != NULL ? (lua_Integer)MAT_N(idx) : (lua_Integer)lua_rawlen(L, 2);
  if (idx != NULL && idx->cols != 1 && idx->rows != 1)
    return luaL_argerror(L, 2, "a vector of row indices expected");
  if (n > INT_MAX) return luaL_argerror(L, 2, "too many indices");
  out = lsL_newmatrix(L, (int)n, m->cols);
  for (t = 0; t < n; t++) {
    double v;
    if (idx != NULL) v = idx->data[t];
    else {
      int isnum;
      lua_rawgeti(L, 2, t + 1);
      v = lua_tonumberx(L, -1, &isnum);
      lua_pop(L, 1);
      if (!isnum) return luaL_argerror(L, 2, "row indices must be integers");
    }
    if (!(v >= 1 && v <= m->rows) || v != floor(v))
      return luaL_error(L, "select_rows: index %d is %f, not a row of a %dx%d matrix",
                        (int)(t + 1), v, m->rows, m->cols);
    i = (lua_Integer)v - 1;
    for (j = 0; j < m->cols; j++)
      out->data[(size_t)j * n + t] = m->data[(size_t)j * m->rows + i];
  }
  return 1;
}


/***
A copy.
@function copy
@treturn Matrix
*/
static int l_copy (lua_State *L) {
  lsL_Matrix *m = lsL_checkmatrix(L, 1);
  lsL_Matrix *c = lsL_newmatrix(L, m->rows, m->cols);
  memcpy(c->data, m->data, MAT_N(m) * sizeof(double));
  return 1;
}


/***
The same entries, in column-major order, in a new shape with as many
entries.
@function reshape
@tparam int r rows
@tparam int c columns (r * c must equal rows * cols)
@treturn Matrix r x c
*/
static int l_reshape (lua_State *L) {
  lsL_Matrix *m = lsL_checkmatrix(L, 1);
  int r = lsL_checksize(L, 2), c = lsL_checksize(L, 3);
  lsL_Matrix *out;
  if ((size_t)r * (size_t)c != MAT_N(m))
    luaL_error(L, "reshape: cannot reshape %dx%d into %dx%d", m->rows,
               m->cols, r, c);
  out = lsL_newmatrix(L, r, c);
  memcpy(out->data, m->data, MAT_N(m) * sizeof(double));
  return 1;
}


/***
The entries as a table of rows (the form @{matrix} accepts).
@function totable
@treturn table a table of rows, each a table of numbers
*/
static int l_totable (lua_State *L) {
  lsL_Matrix *m = lsL_checkmatrix(L, 1);
  int i, j;
  lua_createtable(L, m->rows, 0);
  for (i = 0; i < m->rows; i++) {
    lua_createtable(L, m->cols, 0);
    for (j = 0; j < m->cols; j++) {
      lua_pushnumber(L, MAT_AT(m, i, j));
      lua_rawseti(L, -2, j + 1);
    }
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

/* }====================================================== */


/* {======================================================
** Printing, numpy style: aligned columns, the middle of big matrices elided
** ======================================================= */

#define EDGE 3      /* rows/columns kept at each end when eliding */
#define MAXSHOW 10  /* show everything up to this many rows/columns */

static int shown (int n, int k) {  /* index of the k-th shown entry, or -1 */
  if (n <= MAXSHOW) return k < n ? k : -2;
  if (k < EDGE) return k;
  if (k == EDGE) return -1;  /* the ellipsis */
  if (k <= 2 * EDGE) return n - (2 * EDGE + 1 - k);
  return -2;
}


static void fmtnum (char *buf, size_t sz, double v) {
  if (v == 0.0) v = 0.0;  /* print -0 as 0 */
  snprintf(buf, sz, "%.6g", v);
}


static int l_tostring (lua_State *L) {
  lsL_Matrix *m = lsL_checkmatrix(L, 1);
  luaL_Buffer b;
  char num[64];
  int width[2 * EDGE + 1 + MAXSHOW];
  int i, j, si, sj;
  luaL_buffinit(L, &b);
  lua_pushfstring(L, "Matrix %dx%d", m->rows, m->cols);
  luaL_addvalue(&b);
  for (sj = 0; (j = shown(m->cols, sj)) != -2; sj++) {  /* column widths */
    int w = 3;
    if (j >= 0)
      for (si = 0; (i = shown(m->rows, si)) != -2; si++)
        if (i >= 0) {
          fmtnum(num, sizeof num, MAT_AT(m, i, j));
          if ((int)strlen(num) > w) w = (int)strlen(num);
        }
    width[sj] = w;
  }
  for (si = 0; (i = shown(m->rows, si)) != -2; si++) {
    luaL_addchar(&b, '\n');
    for (sj = 0; (j = shown(m->cols, sj)) != -2; sj++) {
      char cell[96];
      if (i < 0) snprintf(cell, sizeof cell, "  %*s", width[sj], ":");
      else if (j < 0) snprintf(cell, sizeof cell, "  %*s", width[sj], "...");
      else {
        fmtnum(num, sizeof num, MAT_AT(m, i, j));
        snprintf(cell, sizeof cell, "  %*s", width[sj], num);
      }
      luaL_addstring(&b, cell);
    }
  }
  luaL_pushresult(&b);
  return 1;
}

/* }====================================================== */


/* {======================================================
** Arithmetic
** ======================================================= */

static void shape_error (lua_State *L, const char *op, lsL_Matrix *a,
                         lsL_Matrix *b, const char *sep) {
  luaL_error(L, "shape mismatch in '%s': %dx%d %s %dx%d", op, a->rows,
             a->cols, sep, b->rows, b->cols);
}


/* operands of a binary elementwise op: matrix-matrix or matrix-number */
static int binary_operands (lua_State *L, const char *op, lsL_Matrix **a,
                            lsL_Matrix **b, double *s, int *scalar_first) {
  *a = lsL_testmatrix(L, 1);
  *b = lsL_testmatrix(L, 2);
  *scalar_first = 0;
  if (*a && *b) {
    if ((*a)->rows != (*b)->rows || (*a)->cols != (*b)->cols)
      shape_error(L, op, *a, *b, "and");
    return 0;
  }
  if (*a && lua_type(L, 2) == LUA_TNUMBER) { *s = lua_tonumber(L, 2); return 1; }
  if (*b && lua_type(L, 1) == LUA_TNUMBER) {
    *s = lua_tonumber(L, 1); *a = *b; *scalar_first = 1; return 1;
  }
  return luaL_error(L, "bad operands to '%s' (matrix and number or two "
                    "matrices expected, got %s and %s)", op,
                    luaL_typename(L, 1), luaL_typename(L, 2));
}


static int arith (lua_State *L, const char *op, int sign) {
  lsL_Matrix *a, *b, *c;
  double s = 0;
  int first;
  size_t k, n;
  int scalar = binary_operands(L, op, &a, &b, &s, &first);
  c = lsL_newmatrix(L, a->rows, a->cols);
  n = MAT_N(a);
  if (!scalar)
    for (k = 0; k < n; k++) c->data[k] = a->data[k] + sign * b->data[k];
  else if (first)  /* s + A or s - A */
    for (k = 0; k < n; k++) c->data[k] = s + sign * a->data[k];
  else
    for (k = 0; k < n; k++) c->data[k] = a->data[k] + sign * s;
  return 1;
}

static int l_add (lua_State *L) { return arith(L, "+", 1); }
static int l_subtract (lua_State *L) { return arith(L, "-", -1); }


static int l_unm (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1);
  lsL_Matrix *c = lsL_newmatrix(L, a->rows, a->cols);
  size_t k, n = MAT_N(a);
  for (k = 0; k < n; k++) c->data[k] = -a->data[k];
  return 1;
}


static void scale_into (lsL_Matrix *c, const lsL_Matrix *a, double s) {
  size_t k, n = MAT_N(a);
  for (k = 0; k < n; k++) c->data[k] = s * a->data[k];
}


static int l_mul (lua_State *L) {
  lsL_Matrix *a = lsL_testmatrix(L, 1), *b = lsL_testmatrix(L, 2), *c;
  if (a && b) {
    if (a->cols != b->rows) shape_error(L, "*", a, b, "times");
    c = lsL_newmatrix(L, a->rows, b->cols);
    ls_matmul(a->rows, a->cols, b->cols, a->data, b->data, c->data);
  }
  else if (a && lua_type(L, 2) == LUA_TNUMBER) {
    c = lsL_newmatrix(L, a->rows, a->cols);
    scale_into(c, a, lua_tonumber(L, 2));
  }
  else if (b && lua_type(L, 1) == LUA_TNUMBER) {
    c = lsL_newmatrix(L, b->rows, b->cols);
    scale_into(c, b, lua_tonumber(L, 1));
  }
  else
    return luaL_error(L, "bad operands to '*' (matrix and number or two "
                      "matrices expected, got %s and %s)",
                      luaL_typename(L, 1), luaL_typename(L, 2));
  return 1;
}


static int l_div (lua_State *L) {
  lsL_Matrix *a = lsL_testmatrix(L, 1), *c;
  double s;
  size_t k;
  if (a == NULL || lua_type(L, 2) != LUA_TNUMBER)
    return luaL_error(L, "bad operands to '/' (matrix / number expected, "
                      "got %s and %s)", luaL_typename(L, 1),
                      luaL_typename(L, 2));
  s = lua_tonumber(L, 2);
  c = lsL_newmatrix(L, a->rows, a->cols);
  for (k = 0; k < MAT_N(a); k++)  /* divide: 1/s may round or overflow */
    c->data[k] = a->data[k] / s;
  return 1;
}


static int l_eq (lua_State *L) {
  lsL_Matrix *a = lsL_testmatrix(L, 1), *b = lsL_testmatrix(L, 2);
  size_t k, n;
  int eq = (a && b && a->rows == b->rows && a->cols == b->cols);
  for (k = 0, n = eq ? MAT_N(a) : 0; k < n && eq; k++)
    eq = (a->data[k] == b->data[k]);
  lua_pushboolean(L, eq);
  return 1;
}


/***
The transpose.
@function T
@treturn Matrix cols x rows
*/
static int l_transpose (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1);
  lsL_Matrix *c = lsL_newmatrix(L, a->cols, a->rows);
  ls_transpose(a->rows, a->cols, a->data, c->data);
  return 1;
}


static lsL_Matrix *check_same_shape (lua_State *L, const char *fname,
                                     lsL_Matrix *a) {
  lsL_Matrix *b = lsL_checkmatrix(L, 2);
  if (a->rows != b->rows || a->cols != b->cols)
    shape_error(L, fname, a, b, "and");
  return b;
}


/***
The entrywise (Hadamard) product with a matrix of the same shape.
@function hadamard
@tparam Matrix B
@treturn Matrix
*/
static int l_hadamard (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1);
  lsL_Matrix *b = check_same_shape(L, "hadamard", a);
  lsL_Matrix *c = lsL_newmatrix(L, a->rows, a->cols);
  size_t k, n = MAT_N(a);
  for (k = 0; k < n; k++) c->data[k] = a->data[k] * b->data[k];
  return 1;
}


/***
The Kronecker product A (x) B: the block matrix of blocks a_ij B.
@function kron
@tparam Matrix B
@treturn Matrix (rows of A * rows of B) x (cols of A * cols of B)
*/
static int l_kron (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1), *b = lsL_checkmatrix(L, 2);
  double r = (double)a->rows * b->rows, c = (double)a->cols * b->cols;
  if (r > INT_MAX || c > INT_MAX || r * c > (double)max_entries())
    luaL_error(L, "kron: result %dx%d kron %dx%d is too large", a->rows,
               a->cols, b->rows, b->cols);
  ls_kron(a->rows, a->cols, a->data, b->rows, b->cols, b->data,
          lsL_newmatrix(L, (int)r, (int)c)->data);
  return 1;
}


/***
The Frobenius inner product: the sum of a_ij b_ij over a matrix of the same
shape.
@function dot
@tparam Matrix B
@treturn number
*/
static int l_dot (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1);
  lsL_Matrix *b = check_same_shape(L, "dot", a);
  lua_pushnumber(L, ls_dot(MAT_N(a), a->data, b->data));
  return 1;
}


/***
The trace (the sum of the diagonal) of a square matrix.
@function trace
@treturn number
*/
static int l_trace (lua_State *L) {
  lsL_Matrix *a = lsL_checksquare(L, 1);
  double t = 0.0;
  int i;
  for (i = 0; i < a->rows; i++) t += MAT_AT(a, i, i);
  lua_pushnumber(L, t);
  return 1;
}


/***
The sum of all entries.
@function sum
@treturn number
*/
static int l_sum (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1);
  double s = 0.0;
  size_t k, n = MAT_N(a);
  for (k = 0; k < n; k++) s += a->data[k];
  lua_pushnumber(L, s);
  return 1;
}


/* max/min: the extreme entry and its (row, column); NaN propagates */
static int extreme (lua_State *L, int want_max) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1);
  size_t k, best = 0, n = MAT_N(a);
  if (n == 0)
    return luaL_error(L, "%s: empty matrix", want_max ? "max" : "min");
  for (k = 1; k < n && !isnan(a->data[best]); k++)
    if (isnan(a->data[k]) || (want_max ? a->data[k] > a->data[best]
                                       : a->data[k] < a->data[best]))
      best = k;
  lua_pushnumber(L, a->data[best]);
  lua_pushinteger(L, (lua_Integer)(best % a->rows) + 1);
  lua_pushinteger(L, (lua_Integer)(best / a->rows) + 1);
  return 3;
}

/***
The largest entry and where it is (the first in column-major order; a NaN
entry is returned as the largest).  Raises an error on an empty matrix.
@function max
@treturn number the entry
@treturn int its row
@treturn int its column
*/
static int l_max (lua_State *L) { return extreme(L, 1); }
/***
The smallest entry and where it is (the first in column-major order; a NaN
entry is returned as the smallest).  Raises an error on an empty matrix.
@function min
@treturn number the entry
@treturn int its row
@treturn int its column
*/
static int l_min (lua_State *L) { return extreme(L, 0); }


/***
The entrywise absolute values.
@function abs
@treturn Matrix
*/
static int l_abs (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1);
  lsL_Matrix *c = lsL_newmatrix(L, a->rows, a->cols);
  size_t k, n = MAT_N(a);
  for (k = 0; k < n; k++) c->data[k] = fabs(a->data[k]);
  return 1;
}


/***
A copy with the entries of magnitude at most tol set to zero (rounding
noise cleaned for printing).
@function chop
@tparam number tol >= 0
@treturn Matrix
*/
static int l_chop (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1);
  double tol = luaL_checknumber(L, 2);
  lsL_Matrix *c;
  size_t k, n = MAT_N(a);
  luaL_argcheck(L, tol >= 0, 2, "tolerance must be non-negative");
  c = lsL_newmatrix(L, a->rows, a->cols);
  for (k = 0; k < n; k++) c->data[k] = fabs(a->data[k]) <= tol ? 0.0 : a->data[k];
  return 1;
}


/* map(f): f(value, i, j) for every entry, which must return a number */
/***
A new matrix of f(a_ij, i, j) for every entry; f must return a number.
@function map
@tparam function f called as f(value, i, j)
@treturn Matrix
@usage local B = A:map(function(x) return x * x end)
*/
static int l_map (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1), *c;
  int i, j;
  luaL_checktype(L, 2, LUA_TFUNCTION);
  c = lsL_newmatrix(L, a->rows, a->cols);
  for (j = 0; j < a->cols; j++)
    for (i = 0; i < a->rows; i++) {
      int isnum;
      lua_pushvalue(L, 2);
      lua_pushnumber(L, MAT_AT(a, i, j));
      lua_pushinteger(L, i + 1);
      lua_pushinteger(L, j + 1);
      lua_call(L, 3, 1);
      MAT_AT(c, i, j) = lua_tonumberx(L, -1, &isnum);
      if (!isnum)
        luaL_error(L, "map: function returned %s for entry (%d,%d), number "
                   "expected", luaL_typename(L, -1), i + 1, j + 1);
      lua_pop(L, 1);
    }
  return 1;
}

/* }====================================================== */


/***
The memory limit of one matrix, in bytes: a request above it is an error
before anything is allocated.  By default half the physical memory.
@function memory_limit
@tparam[opt] number bytes a new limit (at least 1 MiB)
@treturn number the limit in force (the previous one when setting)
*/
static int l_memory_limit (lua_State *L) {
  lua_Number old = (lua_Number)(max_entries() * sizeof(double));
  if (!lua_isnoneornil(L, 1)) {
    lua_Number b = luaL_checknumber(L, 1);
    luaL_argcheck(L, b >= 1048576 && b <= 1e18, 1, "a number of bytes in [2^20, 1e18] expected");
    limit_bytes = (size_t)b;
  }
  lua_pushnumber(L, old);
  return 1;
}


static const luaL_Reg module_funcs[] = {
  {"matrix", l_matrix},
  {"zeros", l_zeros},
  {"memory_limit", l_memory_limit},
  {"ones", l_ones},
  {"eye", l_eye},
  {"vector", l_vector},
  {"diag", l_diag},
  {"linspace", l_linspace},
  {"hcat", l_hcat},
  {"vcat", l_vcat},
  {NULL, NULL}
};


static const luaL_Reg methods[] = {
  {"rows", l_rows},
  {"cols", l_cols},
  {"shape", l_shape},
  {"get", l_get},
  {"set", l_set},
  {"row", l_row},
  {"col", l_col},
  {"sub", l_sub},
  {"select_rows", l_select_rows},
  {"copy", l_copy},
  {"reshape", l_reshape},
  {"totable", l_totable},
  {"T", l_transpose},
  {"hadamard", l_hadamard},
  {"kron", l_kron},
  {"dot", l_dot},
  {"trace", l_trace},
  {"sum", l_sum},
  {"max", l_max},
  {"min", l_min},
  {"abs", l_abs},
  {"chop", l_chop},
  {"map", l_map},
  {NULL, NULL}
};


static const luaL_Reg metamethods[] = {
  {"__tostring", l_tostring},
  {"__add", l_add},
  {"__sub", l_subtract},
  {"__unm", l_unm},
  {"__mul", l_mul},
  {"__div", l_div},
  {"__eq", l_eq},
  {NULL, NULL}
};


/*** @section end */

/***
Whether a value is a @{Matrix}.
@function ismatrix
@param x any value
@treturn bool
*/
static int l_ismatrix (lua_State *L) {
  lua_pushboolean(L, lsL_testmatrix(L, 1) != NULL);
  return 1;
}


void lsL_open_matrix (lua_State *L) {
  luaL_newmetatable(L, LS_MATRIX_T);
  luaL_setfuncs(L, metamethods, 0);
  lua_pushliteral(L, "matrix");  /* what error messages call the type */
  lua_setfield(L, -2, "__name");
  luaL_newlib(L, methods);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  luaL_setfuncs(L, module_funcs, 0);
  /* methods are module functions too: A:kron(B) and ls.kron(A, B) */
  luaL_setfuncs(L, methods, 0);
  lua_pushcfunction(L, l_ismatrix);
  lua_setfield(L, -2, "ismatrix");
}
