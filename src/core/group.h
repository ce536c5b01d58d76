/*
** group.h — the group object (its public functions are in liesym.h):
** an algebra and dense discrete generators of the defining representation.
*/
#ifndef LIESYM_GROUP_H
#define LIESYM_GROUP_H

#include "liesym.h"

struct ls_Group {
  int refs;
  int n, h;
  ls_Algebra *g;     /* never NULL: the zero algebra for finite groups */
  double *disc;      /* h matrices n x n, one after another */
  char *name;
  int perm_ok;       /* 1 when every discrete generator is a signed permutation */
  int *perm;         /* then h * n: e_i -> sign e_perm[i], generator j first */
  signed char *psign;
};

/* a matrix whose reciprocal condition number is at most this is singular
   for a group: its inverse would carry no correct digit */
#define LS_SINGULAR_RCOND 1e-15
/* the most entries a dense matrix made for a caller may have (2 GB) */
#define LS_MAX_DENSE_ENTRIES ((size_t)1 << 28)

/* Check an element against G: its matrix n x n, its recipe with q
   coefficients and a word of discrete indices in range. */
int ls_element_check (const ls_Group *G, const ls_Element *e);

#endif
