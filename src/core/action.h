/*
** action.h — the action (representation) tree; its public functions are
** in liesym.h.  Leaves carry explicit matrices: the defining, trivial,
** custom and symmetric-power representations, duals of leaves, and
** materialised copies of structured nodes.  Inner nodes are direct sums,
** tensor products and homs between sums; they never hold their big
** matrices unless asked for one.
*/
#ifndef LIESYM_ACTION_H
#define LIESYM_ACTION_H

#include "liesym.h"

/* the largest dimension an action may have (a tensor product's is the
   product of its factors'); dense exports are limited further */
#define LS_MAX_ACTION_DIM ((int64_t)1 << 40)
/* the largest dimension whose dense dim x dim matrices may be formed
   (2 GB each) */
#define LS_MAX_DENSE_ACTION 16384

enum {
  LS_ACT_DEFINING, LS_ACT_TRIVIAL, LS_ACT_CUSTOM, LS_ACT_DUAL, LS_ACT_SYM,
  LS_ACT_MATERIAL,                 /* the leaves, up to here */
  LS_ACT_SUM, LS_ACT_TENSOR, LS_ACT_HOM
};

struct ls_Action {
  int refs, kind;
  ls_Group *G;
  int64_t dim;
  int nparts;
  ls_Action **parts;   /* sum/tensor: the parts; dual, sym, material: the
                          source; hom: from, to and the tensor form */
  int k;               /* sym: the power; trivial: the size */
  double *drho;        /* leaves: q matrices dim x dim (NULL until needed
                          for trivial ones) */
  double *rho;         /* leaves: h matrices */
  double *sym_basis;   /* sym: the orthonormal basis of Sym^k in R^(d^k) */
  unsigned char *zero; /* leaves: q flags, dρ(e_i) == 0 (NULL until known) */
  int perm_state;      /* leaves: 0 unknown, 1 every ρ(h_j) a signed
                          permutation, -1 not */
  int *perm;           /* h * dim */
  signed char *psign;  /* h * dim */
  ls_Action *dual_of;  /* a leaf's cached dual (not a reference) */
  unsigned char shared;  /* LS_SHARED_*: arrays owned by the group or the source */
  char *name;
};

#define LS_SHARED_RHO  1   /* rho is the group's or the source's */
#define LS_SHARED_PERM 2   /* perm and psign too */

/* 1 for a leaf (explicit matrices) */
#define ls_action_is_leaf(R)  ((R)->kind <= LS_ACT_MATERIAL)

/* A leaf's explicit dρ and ρ (computed on first use); NULL only on
   allocation failure. */
const double *ls_action_leaf_drho (ls_Action *R, int i);
const double *ls_action_leaf_rho (ls_Action *R, int j);
/* 1 when dρ(e_i) of the leaf is zero. */
int ls_action_leaf_zero (ls_Action *R, int i);
/* 1 when every ρ(h_j) of the leaf is a signed permutation; then perm and
   sign (h * dim each, generator j first) describe them. */
int ls_action_leaf_perm (ls_Action *R, const int **perm,
                         const signed char **sign);

/* The factors of a tensor-like node (a leaf, a tensor product, or the
   tensor form of a hom), each a leaf: a sum inside is materialised.
   Returns new references in a malloc'd array (release each, free the
   array). */
int ls_action_factors (ls_Action *R, ls_Action ***out, int *p);

/* A key, equal for actions built the same way from the same leaves,
   appended to a growing malloc'd string. */
typedef struct ls_Buffer { char *s; size_t len, cap; int failed; } ls_Buffer;
void ls_buffer_add (ls_Buffer *b, const char *s);
void ls_action_key (const ls_Action *R, ls_Buffer *b);

#endif
