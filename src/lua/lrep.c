/*
** lrep.c — Kronecker-structured products for Lua (kron_apply,
** kronsum_apply) and Matrix:set_block.  Factor lists are read with raw
** access, so no Lua code can run (and drop a matrix) while C holds
** pointers into the factors.
*/
#include <stdint.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "kron.h"
#include "lmatrix.h"
#include "lutil.h"


/***
Kronecker-structured products.
@module liesym
*/

/* the matrices of the list at arg (raw access), their data pointers and
   shapes in userdata arrays; the arrays and the matrices are left on the
   stack */
static int check_matrix_list (lua_State *L, int arg, const char *fname,
                              int square, const double ***data, int **rows,
                              int **cols) {
  int n, k;
  if (!lua_istable(L, arg))
    return lsL_argerr(L, arg, fname, "table expected, got %s", lsL_typename(L, arg));
  n = (int)lua_rawlen(L, arg);
  if (n < 1) return lsL_argerr(L, arg, fname, "list of at least one matrix expected");
  luaL_checkstack(L, n + 8, fname);
  *data = (const double **)lua_newuserdatauv(L, (size_t)n * sizeof(double *), 0);
  *rows = (int *)lua_newuserdatauv(L, (size_t)n * sizeof(int), 0);
  *cols = (int *)lua_newuserdatauv(L, (size_t)n * sizeof(int), 0);
  for (k = 1; k <= n; k++) {
    lsL_Matrix *m;
    lua_rawgeti(L, arg, k);
    m = lsL_testmatrix(L, -1);
    if (m == NULL)
      lsL_argerr(L, arg, fname, "matrix expected at entry %d, got %s", k, luaL_typename(L, -1));
    if (square && m->rows != m->cols)
      lsL_argerr(L, arg, fname, "entry %d is %dx%d, square expected", k, m->rows, m->cols);
    (*data)[k - 1] = m->data;
    (*rows)[k - 1] = m->rows;
    (*cols)[k - 1] = m->cols;
    /* stays on the stack: a finalizer run by a later allocation may
       change the table */
  }
  return n;
}


/* product of sizes with an overflow check against the dense bound */
static int checked_prod (lua_State *L, int p, const int *d, const char *fn) {
  double n = 1;
  int k;
  for (k = 0; k < p; k++) n *= d[k];
  if (n > (double)(1 << 30))
    lsL_error(L, "%s: Kronecker dimension %f is too large", fn, n);
  return (int)n;
}


/***
(F_1 (x) ... (x) F_p) X without forming the Kronecker product.
@function kron_apply
@tparam {Matrix,...} factors
@tparam Matrix X with prod(cols of F_k) rows
@treturn Matrix
*/
static int l_kron_apply (lua_State *L) {
  const double **f;
  int *d, *e, p, nin, nout;
  lsL_Matrix *x, *y;
  lua_settop(L, 2);
  p = check_matrix_list(L, 1, "kron_apply", 0, &f, &d, &e);
  if ((x = lsL_testmatrix(L, 2)) == NULL)
    return lsL_argerr(L, 2, "kron_apply", "matrix expected, got %s", lsL_typename(L, 2));
  nin = checked_prod(L, p, e, "kron_apply");
  nout = checked_prod(L, p, d, "kron_apply");
  if (x->rows != nin)
    return lsL_error(L, "shape mismatch in 'kron_apply': operator takes %d rows, "
                      "got %dx%d", nin, x->rows, x->cols);
  y = lsL_newmatrix(L, nout, x->cols);
  lsL_checkstatus(L, ls_kron_apply(p, d, e, f, x->cols, x->data, y->data),
                  "kron_apply", "failed (%d)");
  return 1;
}


/***
(sum_k I (x) .. A_k .. (x) I) X for square A_k, without forming the sum.
@function kronsum_apply
@tparam {Matrix,...} terms
@tparam Matrix X
@treturn Matrix
*/
static int l_kronsum_apply (lua_State *L) {
  const double **a;
  int *d, *e, p, n;
  lsL_Matrix *x, *y;
  lua_settop(L, 2);
  p = check_matrix_list(L, 1, "kronsum_apply", 1, &a, &d, &e);
  if ((x = lsL_testmatrix(L, 2)) == NULL)
    return lsL_argerr(L, 2, "kronsum_apply", "matrix expected, got %s", lsL_typename(L, 2));
  n = checked_prod(L, p, d, "kronsum_apply");
  if (x->rows != n)
    return lsL_error(L, "shape mismatch in 'kronsum_apply': operator takes %d "
                      "rows, got %dx%d", n, x->rows, x->cols);
  y = lsL_newmatrix(L, n, x->cols);
  lsL_checkstatus(L, ls_kronsum_apply(p, d, a, x->cols, x->data, y->data),
                  "kronsum_apply", "failed (%d)");
  return 1;
}


/***
Write B into A with its top-left corner at (i, j), in place.
@function set_block
*/
static int l_set_block (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1), *b;
  lua_Integer i = luaL_checkinteger(L, 2), j = luaL_checkinteger(L, 3);
  int c;
  b = lsL_checkmatrix(L, 4);
  /* compared without forming i - 1 + rows, which can overflow */
  if (i < 1 || j < 1 || i > a->rows || j > a->cols ||
      b->rows > a->rows - (i - 1) || b->cols > a->cols - (j - 1))
    lsL_error(L, "set_block: a %dx%d block at (%I,%I) does not fit in a "
               "%dx%d matrix", b->rows, b->cols, i, j, a->rows, a->cols);
  for (c = 0; c < b->cols; c++)
    memcpy(&MAT_AT(a, i - 1, j - 1 + c), &MAT_AT(b, 0, c),
           (size_t)b->rows * sizeof(double));
  lua_settop(L, 1);
  return 1;
}


static const luaL_Reg funcs[] = {
  {"kron_apply", l_kron_apply},
  {"kronsum_apply", l_kronsum_apply},
  {NULL, NULL}
};

static const luaL_Reg methods[] = {
  {"set_block", l_set_block},
  {NULL, NULL}
};


void lsL_open_rep (lua_State *L) {
  luaL_setfuncs(L, funcs, 0);
  lsL_matrix_methods(L, methods);
}
