/*
** lie.h — the Lie algebra object (its public functions are declared in
** liesym.h).  Generators are stored sparsely, one sorted run of entries
** per generator, so that the built-in bases cost memory in proportion to
** their nonzeros.  Coordinates go through the Gram matrix of the basis,
** split into the blocks of generators that share an entry (one block per
** generator for the built-in bases, whose generators are orthogonal).
*/
#ifndef LIESYM_LIE_H
#define LIESYM_LIE_H

#include "liesym.h"

/* the largest matrix size: positions n*n fit an int */
#define LS_MAX_ALGEBRA_SIZE 46340
/* the most entries an algebra may hold in all (2^27: about 2.7 GB with
   their positions and values); a larger request is refused up front */
#define LS_MAX_ALGEBRA_ENTRIES ((size_t)1 << 27)

typedef struct ls_Coords ls_Coords;
typedef struct ls_Structure ls_Structure;

struct ls_Algebra {
  int refs;
  int n, q;
  size_t *start;      /* q + 1: generator i is entries start[i]..start[i+1]-1 */
  int *pos;           /* row + col * n, ascending within a generator */
  double *val;
  char *name;
  int closed;         /* 1: known closed (built-in or checked), 0: unknown */
  ls_Coords *coords;  /* built on first use */
  ls_Structure *sc;   /* built on first use */
};

/* Dense generator i, added with weight w into out (n x n). */
void ls_algebra_axpy (const ls_Algebra *g, int i, double w, double *out);

/* An algebra from a list of sparse generators given as entries
   (gen, row, col, value), in any order (duplicates are summed); takes no
   ownership.  No independence check: the caller knows. */
int ls_algebra_from_entries (int n, int q, size_t nnz, const int *gen,
                             const int *row, const int *col,
                             const double *val, const char *name, int closed,
                             ls_Algebra **out);

/* ls_algebra_new, also giving the rank found when the generators are
   dependent (LS_EDEPENDENT) */
int ls_algebra_new_rank (int n, int q, const double *gens, const char *name,
                         ls_Algebra **out, int *rank);

#endif
