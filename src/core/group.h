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
};

/* Check an element against G: its matrix n x n, its recipe with q
   coefficients and a word of discrete indices in range. */
int ls_element_check (const ls_Group *G, const ls_Element *e);

#endif
