/*
** lieop_impl.h — the representation of the Lie-derivative operator,
** shared by its construction and products (lieop.c) and the tasks that
** read it (lieop_solve.c).  Model classes use lieop.h only.
*/
#ifndef LIESYM_LIEOP_IMPL_H
#define LIESYM_LIEOP_IMPL_H

#include <stdint.h>

#include "lieop.h"

typedef struct Rows {
  int gen;            /* -1: the generators' rows; j: discrete constraint j */
  int nz, cz, skind, sc;
  double *s;          /* LS_S_DIAG: cz values; else sc x cz (or NULL) */
  ls_Sm *sm;          /* a sparse factor (kind LS_S_SPARSE), or NULL */
  int64_t off;        /* first row in a column of B, or in constraint j */
} Rows;

/* a triangular or dense factor this sparse is applied as sparse rows */
#define LS_S_SPARSE 100
#define SPARSE_FACTOR 0.1

typedef struct Term {
  int gen;            /* 0..q-1, or -1 - j for discrete constraint j */
  int rows, block;
  double alpha;
  ls_Sm *L, *R;
  double *d;          /* cz values, or NULL */
  int ri;             /* index of (R, block) in rb */
} Term;

typedef struct RB { ls_Sm *R; int block; } RB;

struct ls_Op {
  int refs;
  int P, q, h;
  int *n, *k;
  int64_t *poff;      /* P + 1 offsets of the blocks in theta */
  int nrows, caprows;
  Rows *rows;
  int nterms, capterms;
  Term *terms;
  int nrb, caprb;
  RB *rb;             /* the distinct (R, block) pairs */
  int64_t s;          /* rows of B */
  int64_t *hrows;     /* rows of each discrete constraint */
  int kron;           /* ls_op_kronecker accepted the terms */
};

/* The rows of one family (-1: the generators, as B, column i at out +
   ld i; j: discrete constraint j, one column) for theta. */
int ls_op_eval (const ls_Op *op, int fam, const double *theta, double *out,
                int64_t ld);
/* theta = the family's adjoint applied to y (laid out as ls_op_eval's). */
int ls_op_adjoint_family (const ls_Op *op, int fam, const double *y,
                          int64_t ld, double *theta);

#endif
