/*
** llinalg.c — Matrix methods that decompose or solve: thin wrappers over
** src/core/linalg.c that check shapes and turn statuses into Lua errors.
*/
#include <float.h>
#include <math.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "linalg.h"
#include "lmatrix.h"
#include "lutil.h"
#include "rank.h"


/***
Decompositions and solvers, on LAPACK.
@module liesym
*/

/* relative asymmetry ||A - A^T||_F / ||A||_F; symmetric routines refuse a
   matrix whose lower and upper triangles disagree beyond rounding */
#define SYMMETRY_RTOL 1e-10

static void check_symmetric (lua_State *L, lsL_Matrix *a, const char *fname) {
  double diff = 0.0, tot = 0.0, amax = 0.0;
  size_t k;
  int i, j;
  /* scale by the largest entry so that the squares neither overflow nor
     underflow; Inf and NaN entries are refused later by the finite check */
  for (k = 0; k < MAT_N(a); k++)
    if (fabs(a->data[k]) > amax) amax = fabs(a->data[k]);
  if (amax == 0.0 || isinf(amax)) return;
  for (j = 0; j < a->cols; j++)
    for (i = 0; i < a->rows; i++) {
      double x = MAT_AT(a, i, j) / amax, d = x - MAT_AT(a, j, i) / amax;
      diff += d * d;
      tot += x * x;
    }
  if (diff > SYMMETRY_RTOL * SYMMETRY_RTOL * tot)
    luaL_error(L, "%s: matrix is not symmetric (relative asymmetry %f)",
               fname, sqrt(diff / tot));
}


/* {======================================================
** Rank decisions: the tolerance, the rank and the gap at the cut
** ======================================================= */

static const char *const rank_keys[] = {"tol", "rtol", "rank", "min_gap", NULL};

/* The rank decision (rank.h, threshold mode) of the option at arg on the
   singular values s[0..k-1] of an m x n matrix: nil for the default
   threshold max(m, n) eps s_1, a number for an absolute threshold, or a
   table {tol = absolute, rtol = relative to s_1, rank = forced, min_gap}.
   The caller frees spec->values (ls_spectrum_clear). */
static int decide (lua_State *L, int arg, const char *fname, int m, int n,
                   const double *s, int k, ls_Spectrum *spec) {
  ls_FixedOpts o;
  ls_RankRule rule;
  double floor = ls_default_tol(m, n, k > 0 ? s[0] : 0.0);
  int r;
  memset(spec, 0, sizeof(*spec));
  ls_fixed_opts_init(&o);
  if (lua_type(L, arg) == LUA_TNUMBER) {
    o.tol = lua_tonumber(L, arg);
    if (!(o.tol >= 0 && isfinite(o.tol)))
      lsL_argerr(L, arg, fname, "tolerance must be a finite non-negative number");
  }
  else if (lua_istable(L, arg)) {
    lsL_checkkeys(L, arg, arg, fname, rank_keys);
    lsL_fixedopts(L, arg, fname, &o);
  }
  else if (!lua_isnoneornil(L, arg))
    lsL_argerr(L, arg, fname, "number, table or nil expected, got %s", lsL_typename(L, arg));
  ls_rank_rule(&o, &rule);
  r = ls_rank_decide(k, s, floor, floor, &rule, spec);
  if (r < 0) lsL_status(L, r, fname, NULL);
  spec->method = "svd";
  return r;
}


/* }====================================================== */


/***
Matrix methods: decompositions, solvers and norms.  Each works on a copy
of the matrix and raises an error on NaN or Inf entries.
@type Matrix
*/

/* A = U diag(s) V^T (thin) */
/***
The thin singular value decomposition A = U diag(s) V^T, with
k = min(m, n) for an m x n matrix (LAPACK dgesdd, falling back to dgesvd
when it does not converge).
@function svd
@treturn Matrix U, m x k, orthonormal columns
@treturn Matrix s, k x 1, the singular values in descending order
@treturn Matrix V, n x k, orthonormal columns (V, not its transpose)
@usage local U, s, V = A:svd()
print((U * ls.diag(s) * V:T() - A):norm())   -- about 1e-15
*/
static int l_svd (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1);
  int m = a->rows, n = a->cols, k = m < n ? m : n;
  lsL_Matrix *u = lsL_newmatrix(L, m, k);
  lsL_Matrix *s = lsL_newmatrix(L, k, 1);
  lsL_Matrix *v = lsL_newmatrix(L, n, k);
  lsL_Matrix *vt = lsL_newmatrix(L, k, n);
  lsL_checkstatus(L, ls_svd(m, n, a->data, u->data, s->data, vt->data), "svd",
                  "SVD did not converge (%d superdiagonals)");
  ls_transpose(k, n, vt->data, v->data);
  lua_pop(L, 1);
  return 3;
}


/***
The singular values alone (cheaper than @{Matrix:svd}).
@function svdvals
@treturn Matrix min(m, n) x 1, in descending order
*/
static int l_svdvals (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1);
  int k = a->rows < a->cols ? a->rows : a->cols;
  lsL_Matrix *s = lsL_newmatrix(L, k, 1);
  lsL_checkstatus(L, ls_svd(a->rows, a->cols, a->data, NULL, s->data, NULL),
                  "svdvals", "SVD did not converge (%d superdiagonals)");
  return 1;
}


/* the singular values of a without the vectors, as a Lua-owned matrix */
static lsL_Matrix *push_svdvals (lua_State *L, lsL_Matrix *a,
                                 const char *fname) {
  int k = a->rows < a->cols ? a->rows : a->cols;
  lsL_Matrix *s = lsL_newmatrix(L, k, 1);
  lsL_checkstatus(L, ls_svd(a->rows, a->cols, a->data, NULL, s->data, NULL),
                  fname, "SVD did not converge (%d superdiagonals)");
  return s;
}


/***
A matrix norm.
@function norm
@param[opt="fro"] kind `"fro"` (Frobenius, the default), `"nuc"` (nuclear:
the sum of the singular values), `1` (the largest absolute column sum),
`2` (the largest singular value), `"inf"` (the largest absolute row sum)
or `"max"` (the largest absolute entry)
@treturn number
*/
static int l_norm (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1);
  double r;
  if (lua_isnoneornil(L, 2)) r = ls_norm_fro(MAT_N(a), a->data);
  else if (lua_type(L, 2) == LUA_TNUMBER) {
    lua_Number p = lua_tonumber(L, 2);
    if (p == 1) r = ls_norm_1(a->rows, a->cols, a->data);
    else if (p == 2) {
      lsL_Matrix *s = push_svdvals(L, a, "norm");
      r = s->rows > 0 ? s->data[0] : 0.0;
    }
    else return luaL_argerror(L, 2, "norm kind must be 'fro', 'nuc', 1, 2, "
                              "'inf' or 'max'");
  }
  else {
    const char *const kinds[] = {"fro", "nuc", "inf", "max", NULL};
    int kind = luaL_checkoption(L, 2, NULL, kinds);
    size_t k, n = MAT_N(a);
    switch (kind) {
      case 0: r = ls_norm_fro(n, a->data); break;
      case 1: {
        lsL_Matrix *s = push_svdvals(L, a, "norm");
        r = 0.0;
        for (k = 0; k < (size_t)s->rows; k++) r += s->data[k];
        break;
      }
      case 2: r = ls_norm_inf(a->rows, a->cols, a->data); break;
      default:
        r = 0.0;
        for (k = 0; k < n; k++)
          if (fabs(a->data[k]) > r || isnan(a->data[k])) r = fabs(a->data[k]);
        break;
    }
  }
  lua_pushnumber(L, r);
  return 1;
}


/***
The eigen-decomposition of a symmetric matrix: A V = V diag(w), from the
lower triangle (LAPACK dsyevd).  Raises an error when the matrix is not
symmetric (relative asymmetry ||A - A^T|| / ||A|| above 1e-10).
@function eigh
@treturn Matrix w, n x 1, the eigenvalues in ascending order
@treturn Matrix V, n x n, orthonormal eigenvectors as columns
*/
static int l_eigh (lua_State *L) {
  lsL_Matrix *a = lsL_checksquare(L, 1);
  int n = a->rows;
  lsL_Matrix *w, *v;
  check_symmetric(L, a, "eigh");
  w = lsL_newmatrix(L, n, 1);
  v = lsL_newmatrix(L, n, n);
  lsL_checkstatus(L, ls_eigh(n, a->data, w->data, v->data), "eigh",
                  "eigensolver did not converge (info %d)");
  return 2;
}


/***
The eigenvalues and right eigenvectors of a general square matrix
(LAPACK dgeev).  Eigenvalue j is wr[j] + i wi[j].  The eigenvectors use
LAPACK's real packing: for a real eigenvalue, column j of V; for a complex
pair j, j + 1 (wi[j] > 0), the vectors V[:, j] +- i V[:, j + 1].
@function eig
@treturn Matrix wr, n x 1, real parts
@treturn Matrix wi, n x 1, imaginary parts
@treturn Matrix V, n x n, the packed eigenvectors
*/
static int l_eig (lua_State *L) {
  lsL_Matrix *a = lsL_checksquare(L, 1);
  int n = a->rows;
  lsL_Matrix *wr = lsL_newmatrix(L, n, 1);
  lsL_Matrix *wi = lsL_newmatrix(L, n, 1);
  lsL_Matrix *v = lsL_newmatrix(L, n, n);
  lsL_checkstatus(L, ls_eig(n, a->data, wr->data, wi->data, v->data), "eig",
                  "QR algorithm failed to compute all eigenvalues (info %d)");
  return 3;
}


/* qr() -> Q, R; qr{pivot = true} (or qr(true)) -> Q, R, p with A[:,p] = QR */
/***
The thin QR decomposition A = Q R, k = min(m, n); with column pivoting
(LAPACK dgeqp3) A[:, p] = Q R.
@function qr
@param[opt] pivot `true` or `{pivot = true}` for column pivoting
@treturn Matrix Q, m x k, orthonormal columns
@treturn Matrix R, k x n, upper triangular
@treturn[opt] table p, with pivoting only: the column order (1-based)
*/
static int l_qr (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1);
  int m = a->rows, n = a->cols, k = m < n ? m : n, pivot = 0, j;
  lsL_Matrix *q, *r;
  int *jpvt = NULL;
  if (lua_istable(L, 2)) {
    lua_getfield(L, 2, "pivot");
    pivot = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  else if (!lua_isnoneornil(L, 2)) {
    luaL_argexpected(L, lua_isboolean(L, 2), 2, "table, boolean or nil");
    pivot = lua_toboolean(L, 2);
  }
  q = lsL_newmatrix(L, m, k);
  r = lsL_newmatrix(L, k, n);
  if (pivot)
    jpvt = (int *)lua_newuserdatauv(L, (size_t)(n > 0 ? n : 1) * sizeof(int), 0);
  lsL_checkstatus(L, ls_qr(m, n, a->data, q->data, r->data, jpvt), "qr",
                  "QR failed (info %d)");
  if (!pivot) return 2;
  lua_createtable(L, n, 0);
  for (j = 0; j < n; j++) {
    lua_pushinteger(L, jpvt[j]);
    lua_rawseti(L, -2, j + 1);
  }
  lua_remove(L, -2);
  return 3;
}


/***
The Cholesky factor L of a symmetric positive definite matrix:
A = L L^T, L lower triangular.  Raises an error when the matrix is not
symmetric or not positive definite.
@function chol
@treturn Matrix L, n x n
*/
static int l_chol (lua_State *L) {
  lsL_Matrix *a = lsL_checksquare(L, 1);
  lsL_Matrix *l;
  check_symmetric(L, a, "chol");
  l = lsL_newmatrix(L, a->rows, a->rows);
  lsL_checkstatus(L, ls_chol(a->rows, a->data, l->data), "chol",
                  "matrix is not positive definite (leading minor %d)");
  return 1;
}


/***
The solution X of A X = B for a square A, by LU with partial pivoting
(LAPACK dgesv).  Raises an error when A is singular; use
@{Matrix:lstsq} for non-square or rank-deficient systems.
@function solve
@tparam Matrix B the right-hand sides, with as many rows as A
@treturn Matrix X, the shape of B
*/
static int l_solve (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1), *b = lsL_checkmatrix(L, 2), *x;
  if (a->rows != a->cols)
    luaL_error(L, "solve: matrix is %dx%d, square expected (use lstsq for "
               "least squares)", a->rows, a->cols);
  if (b->rows != a->rows)
    luaL_error(L, "shape mismatch in 'solve': %dx%d matrix, %dx%d right-hand "
               "side", a->rows, a->cols, b->rows, b->cols);
  x = lsL_newmatrix(L, b->rows, b->cols);
  lsL_checkstatus(L, ls_solve(a->rows, b->cols, a->data, b->data, x->data),
                  "solve", "matrix is singular (U(%d,%d) is zero)");
  return 1;
}


/* lstsq(B[, rcond]) -> X, rank: minimum-norm least squares */
/***
The minimum-norm least-squares solution X of A X ~ B, for any m x n A
(LAPACK dgelsd).
@function lstsq
@tparam Matrix B the right-hand sides, m rows
@tparam[opt] number rcond singular values at or below rcond * s_max count
as zero (default max(m, n) * eps; in [0, 1))
@treturn Matrix X, n x (columns of B)
@treturn int the effective rank of A
*/
static int l_lstsq (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1), *b = lsL_checkmatrix(L, 2), *x;
  int m = a->rows, n = a->cols, rank = 0;
  double rcond = luaL_optnumber(L, 3, (double)(m > n ? m : n) * DBL_EPSILON);
  /* LAPACK takes rcond >= 1 as "use eps" without a word */
  luaL_argcheck(L, rcond >= 0 && rcond < 1, 3, "rcond must be in [0, 1)");
  if (b->rows != m)
    luaL_error(L, "shape mismatch in 'lstsq': %dx%d matrix, %dx%d right-hand "
               "side", m, n, b->rows, b->cols);
  x = lsL_newmatrix(L, n, b->cols);
  lsL_checkstatus(L, ls_lstsq(m, n, b->cols, a->data, b->data, rcond, x->data,
                              &rank, NULL),
                  "lstsq", "SVD did not converge (%d superdiagonals)");
  lua_pushinteger(L, rank);
  return 2;
}


/***
The inverse of a square matrix, by LU.  Raises an error when it is
singular.
@function inv
@treturn Matrix
*/
static int l_inv (lua_State *L) {
  lsL_Matrix *a = lsL_checksquare(L, 1);
  lsL_Matrix *x = lsL_newmatrix(L, a->rows, a->rows);
  lsL_checkstatus(L, ls_inv(a->rows, a->data, x->data), "inv",
                  "matrix is singular (U(%d,%d) is zero)");
  return 1;
}


/***
The determinant of a square matrix, by LU (exactly 0 when a pivot is
exactly zero).
@function det
@treturn number
*/
static int l_det (lua_State *L) {
  lsL_Matrix *a = lsL_checksquare(L, 1);
  double d;
  lsL_checkstatus(L, ls_det(a->rows, a->data, &d), "det", "LU failed (%d)");
  lua_pushnumber(L, d);
  return 1;
}


/* thin SVD pushed as U, s, VT (three matrices) */
static void push_thin_svd (lua_State *L, lsL_Matrix *a, const char *fname,
                           lsL_Matrix **u, lsL_Matrix **s, lsL_Matrix **vt) {
  int m = a->rows, n = a->cols, k = m < n ? m : n;
  *u = lsL_newmatrix(L, m, k);
  *s = lsL_newmatrix(L, k, 1);
  *vt = lsL_newmatrix(L, k, n);
  lsL_checkstatus(L, ls_svd(m, n, a->data, (*u)->data, (*s)->data,
                            (*vt)->data),
                  fname, "SVD did not converge (%d superdiagonals)");
}


/***
The Moore-Penrose pseudoinverse, from the SVD with the singular values at
or below the tolerance dropped.
@function pinv
@param[opt] tol the rank decision: nil for the threshold max(m, n) * eps *
s_max, a number for an absolute threshold, or a table `{tol = t}`
(absolute), `{rtol = r}` (relative to s_max) or `{rank = r}` (forced);
singular values above the threshold are kept
@treturn Matrix n x m
*/
static int l_pinv (lua_State *L) {
  lua_settop(L, 2);  /* the tolerance stays at index 2 */
  lsL_Matrix *a = lsL_checkmatrix(L, 1), *u, *s, *vt, *x;
  int m = a->rows, n = a->cols, k = m < n ? m : n, r, i, j;
  ls_Spectrum spec;
  push_thin_svd(L, a, "pinv", &u, &s, &vt);
  r = decide(L, 2, "pinv", m, n, s->data, k, &spec);
  ls_spectrum_clear(&spec);
  for (j = 0; j < n; j++)  /* scale the kept rows of V^T by 1/s */
    for (i = 0; i < r; i++) MAT_AT(vt, i, j) /= s->data[i];
  x = lsL_newmatrix(L, n, m);
  ls_gemm('T', 'T', n, m, r, 1.0, vt->data, k > 0 ? k : 1, u->data,
          m > 0 ? m : 1, 0.0, x->data, n > 0 ? n : 1);
  return 1;
}


/***
The numerical rank: the number of singular values above the tolerance.
@function rank
@param[opt] tol the rank decision: nil for the threshold max(m, n) * eps *
s_max, a number for an absolute threshold, or a table `{tol = t}`
(absolute), `{rtol = r}` (relative to s_max) or `{rank = r}` (forced);
singular values above the threshold are kept
@treturn int
*/
static int l_rank (lua_State *L) {
  lua_settop(L, 2);  /* the tolerance stays at index 2 */
  lsL_Matrix *a = lsL_checkmatrix(L, 1);
  int k = a->rows < a->cols ? a->rows : a->cols;
  lsL_Matrix *s = push_svdvals(L, a, "rank");
  ls_Spectrum spec;
  int r = decide(L, 2, "rank", a->rows, a->cols, s->data, k, &spec);
  ls_spectrum_clear(&spec);
  lua_pushinteger(L, r);
  return 1;
}


/* push the right singular vectors past r (rows r.. of vt, n x n) as the
   columns of N, and the decision (freed here) */
static int push_null (lua_State *L, const lsL_Matrix *vt, int r, ls_Spectrum *spec) {
  int n = vt->cols, i, j;
  lsL_Matrix *nb = lsL_newmatrix(L, n, n - r);
  for (j = 0; j < n - r; j++)
    for (i = 0; i < n; i++) MAT_AT(nb, i, j) = MAT_AT(vt, r + j, i);
  lsL_pushspectrum(L, spec);
  ls_spectrum_clear(spec);
  return 2;
}


/* null([tol]) -> N (orthonormal basis of the nullspace), info */
/***
An orthonormal basis of the nullspace (the right singular vectors past
the rank), and the singular spectrum behind the rank decision.
@function null
@param[opt] tol the rank decision: nil for the threshold max(m, n) * eps *
s_max, a number for an absolute threshold, or a table `{tol = t}`
(absolute), `{rtol = r}` (relative to s_max) or `{rank = r}` (forced);
singular values above the threshold are kept
@treturn Matrix N, n x (n - rank), with A N ~ 0
@treturn table `{values = {...}, tol, floor, rank, gap, clear, method}`:
the singular values (descending), the threshold, the rounding floor
max(m, n) eps s_max, the rank, and the gap: the smallest kept value over
the larger of the largest dropped one and the floor (at full rank s_min /
floor; `math.huge` when nothing is kept), clear when at least 100
*/
static int l_null (lua_State *L) {
  lua_settop(L, 2);  /* the tolerance stays at index 2 */
  lsL_Matrix *a = lsL_checkmatrix(L, 1);
  int m = a->rows, n = a->cols, k = m < n ? m : n, r;
  lsL_Matrix *s = lsL_newmatrix(L, k, 1);
  lsL_Matrix *vt = lsL_newmatrix(L, n, n);
  ls_Spectrum spec;
  lsL_checkstatus(L, ls_svd_right(m, n, a->data, s->data, vt->data), "null",
                  "SVD did not converge (%d superdiagonals)");
  r = decide(L, 2, "null", m, n, s->data, k, &spec);
  return push_null(L, vt, r, &spec);
}


/***
The nullspace of a sample matrix by the data rule (rank.h): the largest
gap among cuts at rounding level, else a decisive gap, unless the
options force the decision (the kernel of `discover_manifold`).
@function nullspace_data
@tparam Matrix A
@tparam[opt] table opts {tol, rtol, rank, min_gap}
@tparam[opt] string fname
@tparam[opt] number search the rounding level relative to s_max (1e-8)
@treturn Matrix N
@treturn table the decision
*/
static int l_nullspace_data (lua_State *L) {
  lsL_Matrix *a = lsL_checkmatrix(L, 1), *s, *vt;
  const char *fname = luaL_optstring(L, 3, "nullspace_data");
  double search = luaL_optnumber(L, 4, 1e-8);
  int m = a->rows, n = a->cols, k = m < n ? m : n, r;
  ls_RankRule rule;
  ls_Spectrum spec;
  lua_settop(L, 4);
  memset(&spec, 0, sizeof(spec));
  lsL_checkkeys(L, 2, 2, fname, rank_keys);
  lsL_rankrule(L, 2, fname, search, &rule);
  s = lsL_newmatrix(L, k, 1);
  vt = lsL_newmatrix(L, n, n);
  lsL_checkstatus(L, ls_svd_right(m, n, a->data, s->data, vt->data), fname,
                  "SVD did not converge (%d superdiagonals)");
  r = ls_rank_decide(k, s->data, ls_default_tol(m, n, k > 0 ? s->data[0] : 0.0),
                     ls_default_tol(m, n, k > 0 ? s->data[0] : 0.0), &rule, &spec);
  if (r < 0) return lsL_status(L, r, fname, NULL);
  spec.method = "svd";
  return push_null(L, vt, r, &spec);
}


/***
An orthonormal basis of the column space (the left singular vectors up to
the rank).
@function orth
@param[opt] tol the rank decision: nil for the threshold max(m, n) * eps *
s_max, a number for an absolute threshold, or a table `{tol = t}`
(absolute), `{rtol = r}` (relative to s_max) or `{rank = r}` (forced);
singular values above the threshold are kept
@treturn Matrix m x rank
*/
static int l_orth (lua_State *L) {
  lua_settop(L, 2);  /* the tolerance stays at index 2 */
  lsL_Matrix *a = lsL_checkmatrix(L, 1), *u, *s, *vt, *q;
  int m = a->rows, n = a->cols, k = m < n ? m : n, r;
  ls_Spectrum spec;
  push_thin_svd(L, a, "orth", &u, &s, &vt);
  r = decide(L, 2, "orth", m, n, s->data, k, &spec);
  ls_spectrum_clear(&spec);
  q = lsL_newmatrix(L, m, r);
  memcpy(q->data, u->data, (size_t)m * r * sizeof(double));
  return 1;
}


/***
The matrix exponential e^A of a square matrix, by scaling and squaring
with Pade approximants (Higham 2005).  A matrix whose 1-norm needs more
than 30 squarings (above about 5.8e9) is an error: each squaring can
double the relative error of a non-normal matrix, and 2^30 eps is already
2.4e-7; so is a norm that overflows.
@function expm
@treturn Matrix
@usage -- a rotation by t about the z axis
local R = ls.matrix{{0, -t, 0}, {t, 0, 0}, {0, 0, 0}}:expm()
*/
static int l_expm (lua_State *L) {
  lsL_Matrix *a = lsL_checksquare(L, 1);
  lsL_Matrix *e = lsL_newmatrix(L, a->rows, a->rows);
  lsL_checkstatus(L, ls_expm(a->rows, a->data, e->data), "expm",
                  "Pade denominator is singular (%d)");
  return 1;
}


static const luaL_Reg methods[] = {
  {"svd", l_svd},
  {"svdvals", l_svdvals},
  {"norm", l_norm},
  {"eigh", l_eigh},
  {"eig", l_eig},
  {"qr", l_qr},
  {"chol", l_chol},
  {"solve", l_solve},
  {"lstsq", l_lstsq},
  {"inv", l_inv},
  {"det", l_det},
  {"pinv", l_pinv},
  {"rank", l_rank},
  {"null", l_null},
  {"orth", l_orth},
  {"expm", l_expm},
  {NULL, NULL}
};


void lsL_open_linalg (lua_State *L) {
  lsL_matrix_methods(L, methods);
  luaL_setfuncs(L, methods, 0);
  lua_pushcfunction(L, l_nullspace_data);   /* a kernel, not a method */
  lua_setfield(L, -2, "nullspace_data");
}
