/*
** ltypes.h — the userdata of the core objects (algebras, groups, actions,
** subspaces): each is a box holding one reference to a reference-counted
** core object, released by the collector.  Shared by the binding files.
*/
#ifndef LIESYM_LTYPES_H
#define LIESYM_LTYPES_H

#include "lua.h"
#include "lauxlib.h"

#include "liesym.h"

#define LS_ALGEBRA_T  "liesym.LieAlgebra"
#define LS_GROUP_T    "liesym.Group"
#define LS_ACTION_T   "liesym.Action"
#define LS_SUBSPACE_T "liesym.Subspace"
#define LS_LIEOP_T    "liesym.LieOp"

/* The object of a box at arg, or NULL when it is not one. */
ls_Algebra *lsL_testalgebra (lua_State *L, int arg);
ls_Group *lsL_testgroup (lua_State *L, int arg);
ls_Action *lsL_testaction (lua_State *L, int arg);
ls_Fixed *lsL_testsubspace (lua_State *L, int arg);

/* The operator at arg, or NULL (lop.c). */
struct ls_Op;
struct ls_Op *lsL_testop (lua_State *L, int arg);
struct ls_Op *lsL_checkop (lua_State *L, int arg, const char *fname);

/* The object at arg, or "bad argument #arg to 'fname' (X expected)". */
ls_Algebra *lsL_checkalgebra (lua_State *L, int arg, const char *fname);
ls_Group *lsL_checkgroup (lua_State *L, int arg, const char *fname);
ls_Action *lsL_checkaction (lua_State *L, int arg, const char *fname);

/* Push a box holding a new reference to the object (retained here). */
void lsL_pushalgebra (lua_State *L, ls_Algebra *g);
void lsL_pushgroup (lua_State *L, ls_Group *G);
void lsL_pushaction (lua_State *L, ls_Action *R);

/* A group element at arg, for G: a defining Matrix, or a table {coeffs =
   list or Matrix, word = list of 1-based indices[, matrix]} from
   G:sample().  Its arrays live in userdata pushed on the stack (they stay
   valid while that stays). */
void lsL_checkelement (lua_State *L, int arg, const char *fname,
                       ls_Group *G, ls_Element *e);

/* The result of ls_fixed_space as a Subspace (takes the reference). */
void lsL_pushsubspace (lua_State *L, ls_Fixed *F);
/* Push the Subspace of a fixed-space status st (LS_OK: F) and return 1,
   or raise the error st means (LS_EUNCLEAR: with the spectrum behind it;
   F is collected). */
int lsL_fixed_result (lua_State *L, int st, ls_Fixed *F, const char *fname);

/* A built-in Basis (poly or fourier) seen from C: valid while the
   userdata stays referenced.  lsL_tobasis returns 0 for anything else. */
typedef struct lsL_BasisView {
  int fourier, m, k;
  const int *idx;
} lsL_BasisView;
int lsL_tobasis (lua_State *L, int arg, lsL_BasisView *v);
/* out (npts x k) = the basis at the points x (npts x m) */
void lsL_basis_eval (const lsL_BasisView *v, int npts, const double *x, double *out);

/* An operator as a new LieOp userdata (taking the reference). */
void lsL_pushop (lua_State *L, struct ls_Op *op);
/* The fields of a spec table at t: `algebra` (a LieAlgebra acting on R^m),
   `stack` and `degree`, or `fields` = {{degree, V}, ...}: q fields in
   userdata left on the stack (the spec must keep its matrices). */
struct ls_Field;
struct ls_Field *lsL_readfields (lua_State *L, int t, int m, int *q,
                                 const char *fname);

void lsL_open_ode (lua_State *L);
void lsL_open_field (lua_State *L);
void lsL_open_nn (lua_State *L);
void lsL_open_sindy (lua_State *L);
void lsL_open_algebra (lua_State *L);
void lsL_open_group (lua_State *L);
void lsL_open_action (lua_State *L);
void lsL_open_subspace (lua_State *L);
void lsL_open_op (lua_State *L);

#endif
