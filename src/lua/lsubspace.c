/*
** lsubspace.c — the Subspace userdata (the results of enforce) and the
** entry points of the fixed-space solver: on an action tree, on a bare
** tensor product given as factor tables, and dense subspaces made in Lua.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#include "dense.h"
#include "fixed.h"
#include "lmatrix.h"
#include "ltypes.h"
#include "lutil.h"

/* dense bases above this many entries are refused by basis() */
#define MAX_DENSE_ENTRIES 1e8


/***
Subspaces: the results of `enforce`.
@module liesym
*/


ls_Fixed *lsL_testsubspace (lua_State *L, int arg) {
  return (ls_Fixed *)lsL_testbox(L, arg, LS_SUBSPACE_T);
}


/* a Subspace box with its table of Lua fields (the uservalue) */
void lsL_pushsubspace (lua_State *L, ls_Fixed *F) {
  void **b = lsL_newbox(L, LS_SUBSPACE_T);
  *b = F;
  lua_newtable(L);
  lua_setiuservalue(L, -2, 1);
}


static ls_Fixed *self (lua_State *L, const char *fname) {
  return (ls_Fixed *)lsL_checkself(L, LS_SUBSPACE_T, "Subspace", fname);
}


/* {======================================================
** Solving
** ======================================================= */

static const char *const fixed_keys[] = {
  "method", "tol", "rtol", "rank", "min_gap", "block", "maxit", "max_time", NULL
};


/* the first block whose decision is unclear, for the message */
static const ls_Fixed *unclear_part (const ls_Fixed *F) {
  int i, n = ls_fixed_nparts(F);
  if (n == 0) return F->spec.clear ? NULL : F;
  for (i = 0; i < n; i++) {
    const ls_Fixed *P = unclear_part(ls_fixed_part(F, i));
    if (P != NULL) return P;
  }
  return NULL;
}


static int raise_unclear (lua_State *L, const ls_Fixed *F, const char *fname) {
  const ls_Fixed *P = unclear_part(F);
  const ls_Spectrum *s;
  char buf[600];
  if (P == NULL) return lsL_error(L, "%s: the rank decision is not clear", fname);
  s = &P->spec;
  snprintf(buf, sizeof buf,
           "%s: the rank decision is not clear: gap %.3g (at least %g counts as "
           "clear) at rank %lld of a constraint on %lld unknowns (method %s, "
           "threshold %.3g, accuracy floor %.3g); values this close to the cut "
           "could be rounding: give tol, rtol or rank to decide, or "
           "method = \"svd\"",
           fname, s->gap, LS_MIN_GAP, (long long)s->rank, (long long)P->N,
           s->method ? s->method : "?", s->tol, s->floor);
  return lsL_error(L, "%s", buf);
}


static int fixed_status (lua_State *L, int st, const char *fname) {
  switch (st) {
    case LS_ETOOBIG:
      return lsL_error(L, "%s: the representation is too large for the solver "
                        "(dense methods: 16384; iterative: 2^26; orbits: 2^28)", fname);
    case LS_EUNSUPPORTED:
      return lsL_error(L, "%s: the method does not apply to this action (orbits: "
                        "signed permutations and no algebra; weights: normal "
                        "commuting generators; iterative: no forced rank)", fname);
    case LS_ENOCONV:
      return lsL_error(L, "%s: the iterative solver did not converge; raise "
                        "'maxit' or use a dense method", fname);
    case LS_ESTOPPED:
      return lsL_error(L, "%s: max_time reached before the iterative solver "
                        "converged", fname);
    default:
      return lsL_status(L, st, fname, NULL);
  }
}


int lsL_fixed_result (lua_State *L, int st, ls_Fixed *F, const char *fname) {
  if (st == LS_EUNCLEAR) {
    lsL_pushsubspace(L, F);   /* collected with the error */
    return raise_unclear(L, F, fname);
  }
  if (st != LS_OK) return fixed_status(L, st, fname);
  lsL_pushsubspace(L, F);
  return 1;
}


/***
The subspace of vectors fixed by the action R (for `ls.action.hom(A, B)`:
the equivariant maps A -> B, vectorised column-major).  Direct sums are
solved once per distinct summand and stay block-structured.  A rank
decision without a clear gap raises an error, unless `tol`, `rtol` or
`rank` decide it.
@function enforce_action
@tparam Action R
@tparam[opt] table opts {method = "auto"|"svd"|"gram"|"iterative"|
"orbits"|"weights", tol = absolute threshold, rtol = relative threshold,
rank = forced rank, min_gap = gap that counts as clear (default 100),
block, maxit, max_time (iterative: seconds of wall clock, then an error)}
@treturn Subspace
*/
static int l_enforce_action (lua_State *L) {
  ls_Action *R = lsL_checkaction(L, 1, "enforce");
  ls_FixedOpts o;
  ls_Fixed *F = NULL;
  int st;
  lsL_checkkeys(L, 2, 2, "enforce", fixed_keys);
  lsL_fixedopts(L, 2, "enforce", &o);
  st = ls_fixed_space(R, &o, &F);
  if (st == LS_EUNCLEAR) {
    lsL_pushsubspace(L, F);   /* collected with the error */
    return raise_unclear(L, F, "enforce");
  }
  if (st != LS_OK) return fixed_status(L, st, "enforce");
  lsL_pushsubspace(L, F);
  return 1;
}


/* factors[k] = {dim = d, drho = {...}, rho = {...}}, read with raw access
   (no metamethod runs).  A first pass checks everything; the second
   anchors each matrix in a table on the stack before taking its data
   pointer, so that no collection (and no finalizer that edits the lists)
   can free a matrix the solver reads. */
static int read_factors (lua_State *L, int arg, const char *fname, int **d,
                         int *q, int *h, const double ***dr, const double ***rh) {
  int p, k, i, pass, anchor, count = 0;
  if (!lua_istable(L, arg))
    return lsL_argerr(L, arg, fname, "table expected, got %s", lsL_typename(L, arg));
  p = (int)lua_rawlen(L, arg);
  if (p < 1) return lsL_argerr(L, arg, fname, "list of at least one factor expected");
  *d = (int *)lua_newuserdatauv(L, (size_t)p * sizeof(int), 0);
  lua_newtable(L);
  anchor = lua_gettop(L);
  for (pass = 0; pass < 2; pass++) {
    for (k = 0; k < p; k++) {
      int isint, nd, nr, t;
      lua_Integer dk;
      if (lua_rawgeti(L, arg, k + 1) != LUA_TTABLE)
        return lsL_error(L, "%s: factor %d must be a table", fname, k + 1);
      lua_pushliteral(L, "dim");
      lua_rawget(L, -2);
      isint = lsL_toint(L, -1, &dk);
      if (!isint)
        return lsL_error(L, "%s: factor %d: field 'dim' must be an integer, got %s", fname,
                         k + 1, luaL_typename(L, -1));
      if (dk < 1 || dk > LS_MAX_DENSE_DIM * 4)
        return lsL_error(L, "%s: factor %d has dim < 1 or too large", fname, k + 1);
      lua_pop(L, 1);
      if (pass == 1 && (*d)[k] != (int)dk)
        return lsL_error(L, "%s: the factors changed while they were read", fname);
      (*d)[k] = (int)dk;
      for (t = 0; t < 2; t++) {
        const char *field = t == 0 ? "drho" : "rho";
        lua_pushstring(L, field);
        if (lua_rawget(L, -2) != LUA_TTABLE)
          return lsL_error(L, "%s: factor %d: field '%s' must be a list of matrices", fname,
                           k + 1, field);
        nd = (int)lua_rawlen(L, -1);
        if (k == 0 && pass == 0) { if (t == 0) *q = nd; else *h = nd; }
        nr = t == 0 ? *q : *h;
        if (nd != nr)
          return lsL_error(L, "%s: factor %d has %d %s generators, factor 1 has %d", fname,
                           k + 1, nd, t == 0 ? "algebra" : "discrete", nr);
        for (i = 1; i <= nd; i++) {
          lsL_Matrix *m;
          lua_rawgeti(L, -1, i);
          m = lsL_testmatrix(L, -1);
          if (m == NULL || m->rows != (int)dk || m->cols != (int)dk)
            return lsL_error(L, "%s: factor %d: %s[%d] must be a %dx%d matrix", fname,
                             k + 1, field, i, (int)dk, (int)dk);
          if (pass == 1) {   /* anchored first, then its data is taken */
            lua_pushvalue(L, -1);
            lua_rawseti(L, anchor, ++count);
            if (t == 0) (*dr)[(size_t)(i - 1) * p + k] = m->data;
            else (*rh)[(size_t)(i - 1) * p + k] = m->data;
          }
          lua_pop(L, 1);
        }
        lua_pop(L, 1);
      }
      lua_pop(L, 1);
    }
    if (pass == 0) {
      double n = 1;
      for (k = 0; k < p; k++) n *= (*d)[k];
      if (n > (double)LS_MAX_ITERATIVE_DIM)
        return lsL_error(L, "%s: representation of dimension %f is too large "
                         "(at most %d)", fname, n, (int)LS_MAX_ITERATIVE_DIM);
      *dr = (const double **)lua_newuserdatauv(L, ((size_t)*q * p + 1) * sizeof(double *), 0);
      *rh = (const double **)lua_newuserdatauv(L, ((size_t)*h * p + 1) * sizeof(double *), 0);
      lua_insert(L, anchor);   /* keep the anchor table on top of them */
      lua_insert(L, anchor);
      anchor += 2;
    }
  }
  return p;
}


/***
Orthonormal basis of the fixed vectors of a tensor product of explicit
representations, and the spectrum of the constraint (the kernel behind
`ls.enforce`; the same methods and options).
@function fixed_space
@tparam {table,...} factors each {dim = d, drho = {...}, rho = {...}}
@tparam[opt] table opts as for enforce
@tparam[opt] string fname the public function to name in errors
@treturn Matrix basis (columns)
@treturn table {values, tol, floor, rank, gap, clear, method, ...}
*/
static int l_fixed_space (lua_State *L) {
  int *d = NULL, q = 0, h = 0, p, st;
  const double **dr = NULL, **rh = NULL;
  const char *fname = luaL_optstring(L, 3, "fixed_space");
  ls_FixedOpts o;
  ls_Fixed *F = NULL;
  lsL_Matrix *Q;
  lua_settop(L, 3);
  p = read_factors(L, 1, fname, &d, &q, &h, &dr, &rh);
  lsL_checkkeys(L, 2, 2, fname, fixed_keys);
  lsL_fixedopts(L, 2, fname, &o);
  st = ls_fixed_tensor(p, d, q, dr, h, rh, &o, &F);
  if (st == LS_EUNCLEAR) {
    lsL_pushsubspace(L, F);
    return raise_unclear(L, F, fname);
  }
  if (st != LS_OK) return fixed_status(L, st, fname);
  lsL_pushsubspace(L, F);   /* owned by the collector from here */
  if ((double)F->N * (double)ls_fixed_dim(F) > MAX_DENSE_ENTRIES)
    return lsL_error(L, "fixed_space: a dense basis of %d x %d is too large",
                      (int)F->N, (int)ls_fixed_dim(F));
  Q = lsL_newmatrix(L, (int)F->N, (int)ls_fixed_dim(F));
  st = ls_fixed_basis(F, Q->data);
  if (st != LS_OK) return lsL_status(L, st, "fixed_space", NULL);
  lsL_pushspectrum(L, &F->spec);
  return 2;
}


/***
A dense subspace from an orthonormal basis Q (copied) and the table that
describes the decision behind it (kept and returned by `spectrum`).
@function subspace_dense
@tparam Matrix Q
@tparam[opt] table info
@treturn Subspace
*/
static int l_subspace_dense (lua_State *L) {
  lsL_Matrix *q = lsL_testmatrix(L, 1);
  ls_Fixed *F = NULL;
  double defect = 0;
  int st, i, j;
  if (q == NULL)
    return lsL_argerr(L, 1, "subspace_dense", "matrix expected, got %s", lsL_typename(L, 1));
  if (!lua_isnoneornil(L, 2) && !lua_istable(L, 2))
    return lsL_argerr(L, 2, "subspace_dense", "table expected, got %s", lsL_typename(L, 2));
  if (q->cols > q->rows)
    return lsL_argerr(L, 1, "subspace_dense", "%dx%d: more columns than rows", q->rows, q->cols);
  if (!ls_allfinite(q->data, MAT_N(q)))
    return lsL_argerr(L, 1, "subspace_dense", "matrix has NaN or Inf entries");
  for (j = 0; j < q->cols; j++)   /* the projector is Q Q^T: Q must be orthonormal */
    for (i = 0; i <= j; i++) {
      double d = ls_dot((size_t)q->rows, q->data + (size_t)i * q->rows,
                        q->data + (size_t)j * q->rows) - (i == j);
      if (fabs(d) > defect) defect = fabs(d);
    }
  if (defect > 1e-8)
    return lsL_argerr(L, 1, "subspace_dense", "columns must be orthonormal (|Q^T Q - I| = %f)",
                      defect);
  st = ls_fixed_from_basis(q->rows, q->cols, q->data, NULL, &F);
  if (st != LS_OK) return lsL_status(L, st, "subspace_dense", NULL);
  lsL_pushsubspace(L, F);
  if (lua_istable(L, 2)) {
    lua_getiuservalue(L, -1, 1);
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, "info");
    lua_pop(L, 1);
  }
  return 1;
}


/***
Whether a value is a Subspace.
@function is_subspace
*/
static int l_is_subspace (lua_State *L) {
  lua_pushboolean(L, lsL_testsubspace(L, 1) != NULL);
  return 1;
}

/* }====================================================== */


/* {======================================================
** Methods
** ======================================================= */

/***
Subspace methods.  Four shapes share them: dense (an orthonormal basis),
orbits (orbit sums of a signed-permutation action: exact, and stored as
one label per coordinate), direct sums (one subspace per summand, block
diagonal) and homs between direct sums (one subspace per pair of distinct
summands, shared by every block of that pair).
@type Subspace
*/

/***
Dimension.
@function dim
*/
static int m_dim (lua_State *L) {
  lua_pushinteger(L, (lua_Integer)ls_fixed_dim(self(L, "dim")));
  return 1;
}

/***
Dimension of the ambient space.
@function ambient_dim
*/
static int m_ambient_dim (lua_State *L) {
  lua_pushinteger(L, (lua_Integer)self(L, "ambient_dim")->N);
  return 1;
}

/***
The shape: "dense", "orbits", "sum" or "hom".
@function kind
*/
static int m_kind (lua_State *L) {
  lua_pushstring(L, ls_fixed_kind(self(L, "kind")));
  return 1;
}


/***
An orthonormal basis as the columns of a dense N x dim matrix (refused
when it would hold more than 1e8 entries: use project and sample instead).
@function basis
@treturn Matrix
*/
static int m_basis (lua_State *L) {
  ls_Fixed *F = self(L, "basis");
  int64_t k = ls_fixed_dim(F);
  lsL_Matrix *Q;
  int st;
  if ((double)F->N * (double)k > MAX_DENSE_ENTRIES)
    return lsL_error(L, "basis: a dense %dx%d basis is too large; use project and sample",
                      (int)F->N, (int)k);
  Q = lsL_newmatrix(L, (int)F->N, (int)k);
  st = ls_fixed_basis(F, Q->data);
  if (st != LS_OK) return lsL_status(L, st, "basis", NULL);
  return 1;
}


/***
Orthogonal projection of the columns of v (N x k) onto the subspace; for a
hom subspace a dim(B) x dim(A) matrix is projected as a matrix.
@function project
@tparam Matrix v
@treturn Matrix
*/
static int m_project (lua_State *L) {
  ls_Fixed *F = self(L, "project");
  lsL_Matrix *v = lsL_testmatrix(L, 2), *y;
  int st;
  if (v == NULL) return lsL_argerr(L, 1, "project", "matrix expected, got %s", lsL_typename(L, 2));
  if (F->kind == LS_FIX_HOM && v->rows == F->nrows && v->cols == F->ncols && F->ncols != 1) {
    y = lsL_newmatrix(L, v->rows, v->cols);   /* vec(W) is W's storage */
    st = ls_fixed_project(F, 1, v->data, y->data);
  }
  else {
    if ((int64_t)v->rows != F->N)
      return lsL_error(L, "shape mismatch in 'project': subspace of R^%d, got %dx%d",
                        (int)F->N, v->rows, v->cols);
    y = lsL_newmatrix(L, v->rows, v->cols);
    st = ls_fixed_project(F, v->cols, v->data, y->data);
  }
  if (st != LS_OK) return lsL_status(L, st, "project", NULL);
  return 1;
}


/***
A random element: standard normal coordinates in an orthonormal basis.
@function sample
@tparam[opt] Rng rng (default: a new generator seeded with 0)
@treturn Matrix N x 1
*/
static int m_sample (lua_State *L) {
  ls_Fixed *F = self(L, "sample");
  ls_Rng local, *rng;
  lsL_Matrix *y;
  int st;
  if (lua_isnoneornil(L, 2)) { ls_rng_seed(&local, 0); rng = &local; }
  else if ((rng = lsL_testrng(L, 2)) == NULL)
    return lsL_argerr(L, 1, "sample", "rng expected, got %s", lsL_typename(L, 2));
  if (F->N > INT32_MAX) return lsL_error(L, "sample: the space is too large");
  y = lsL_newmatrix(L, (int)F->N, 1);
  st = ls_fixed_sample(F, rng, y->data);
  if (st != LS_OK) return lsL_status(L, st, "sample", NULL);
  return 1;
}


static void push_spectrum_of (lua_State *L, const ls_Fixed *F) {
  int n = ls_fixed_nparts(F), i, clear;
  if (n == 0) { lsL_pushspectrum(L, &F->spec); return; }
  lua_createtable(L, 0, 3);
  lua_createtable(L, n, 0);
  for (i = 0; i < n; i++) {
    push_spectrum_of(L, ls_fixed_part(F, i));
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "parts");
  lua_pushnumber(L, ls_fixed_min_gap(F, &clear));
  lua_setfield(L, -2, "gap");
  lua_pushboolean(L, clear);
  lua_setfield(L, -2, "clear");
}

/***
The decision behind the subspace: {values = singular values of the
constraint (descending; for the iterative method those near the cut),
tol, floor, rank, gap, clear, method} of a dense or orbit solve (orbits
are exact: gap = inf); for structured subspaces {parts = the parts'
spectra, gap = the smallest, clear = whether all are}.
@function spectrum
@treturn table
*/
static int m_spectrum (lua_State *L) {
  ls_Fixed *F = self(L, "spectrum");
  lua_getiuservalue(L, 1, 1);
  if (lua_getfield(L, -1, "info") == LUA_TTABLE) return 1;
  push_spectrum_of(L, F);
  return 1;
}


static int m_tostring (lua_State *L) {
  ls_Fixed *F = self(L, "tostring");
  int clear;
  double gap = ls_fixed_min_gap(F, &clear);
  char buf[64];
  lua_getiuservalue(L, 1, 1);
  if (lua_getfield(L, -1, "info") == LUA_TTABLE) {
    lua_getfield(L, -1, "gap");
    if (lua_type(L, -1) == LUA_TNUMBER) gap = lua_tonumber(L, -1);
  }
  snprintf(buf, sizeof buf, "%.3g", gap);
  lua_pushfstring(L, "Subspace: dim %I in R^%I (%s), gap %s", (lua_Integer)ls_fixed_dim(F),
                  (lua_Integer)F->N, ls_fixed_kind(F), buf);
  return 1;
}


static int m_index (lua_State *L) {
  self(L, "index");
  return lsL_uvindex(L);
}


/* Lua fields (such as the model a subspace came from) live in its table */
static int m_newindex (lua_State *L) {
  self(L, "newindex");
  return lsL_uvnewindex(L);
}


static int m_gc (lua_State *L) {
  void **b = (void **)luaL_checkudata(L, 1, LS_SUBSPACE_T);
  ls_fixed_release((ls_Fixed *)*b);
  *b = NULL;
  return 0;
}

/* }====================================================== */


static const luaL_Reg funcs[] = {
  {"enforce_action", l_enforce_action}, {"fixed_space", l_fixed_space},
  {"subspace_dense", l_subspace_dense}, {"is_subspace", l_is_subspace},
  {NULL, NULL}
};

static const luaL_Reg methods[] = {
  {"dim", m_dim}, {"ambient_dim", m_ambient_dim}, {"kind", m_kind},
  {"basis", m_basis}, {"project", m_project}, {"sample", m_sample},
  {"spectrum", m_spectrum},
  {NULL, NULL}
};

static const luaL_Reg metamethods[] = {
  {"__index", m_index}, {"__newindex", m_newindex}, {"__tostring", m_tostring},
  {"__gc", m_gc},
  {NULL, NULL}
};


void lsL_open_subspace (lua_State *L) {
  lsL_newtype(L, LS_SUBSPACE_T, "Subspace", methods, metamethods);
  luaL_setfuncs(L, funcs, 0);
}
