/*
** grid.h — fields sampled on tensor grids (1-D and 2-D boxes, periodic
** or not) and the Lie algebra's fields discretised on them as derivative
** operators, the model class of operators on fields (model_grid.c).
**
** Points are numbered with axis 0 fastest: point p = i0 + n0 i1, so a
** field on an n0 x n1 grid is the column-major n0 x n1 array of its
** values.  A periodic axis of length L has the points lo + i L / n (the
** period's end left out) and is differentiated spectrally (FFTW); a
** closed axis has lo + i L / (n - 1) and finite differences of a given
** even order (Fornberg's weights, deriv.h).  Quadrature: the trapezoid
** rule (spectrally accurate on periodic axes), products over the axes.
**
** The Nyquist mode.  On an even periodic axis the derivative of the
** trigonometric interpolant sends the Nyquist mode (-1)^i to 0, as it
** sends the constants: the two share the eigenvalue 0, so the operators
** commuting with that derivative are the circulants plus the maps that
** mix those two modes (n + 2 of them, not n).  LS_NYQUIST_MODE gives the
** Nyquist mode the real eigenvalue pi n / L (its wavenumber) instead:
** the derivative of every field without a Nyquist component is
** unchanged, and the generator's eigenvalues are distinct, so its
** commutant is exactly that of the one-cell shift — the circulants.
*/
#ifndef LIESYM_GRID_H
#define LIESYM_GRID_H

#include <stdint.h>

#include "liesym.h"
#include "models.h"
#include "smat.h"

#define LS_GRID_MAXDIM 2

enum { LS_NYQUIST_MODE, LS_NYQUIST_ZERO };

typedef struct ls_Grid {
  int dim;                        /* 1 or 2 */
  int n[LS_GRID_MAXDIM];          /* points per axis */
  double lo[LS_GRID_MAXDIM], hi[LS_GRID_MAXDIM];
  int periodic;                   /* every axis, or none */
  int order;                      /* finite differences: even, < n */
  int nyquist;                    /* LS_NYQUIST_* */
} ls_Grid;

/* LS_OK or LS_EARG (sizes, box, order). */
int ls_grid_check (const ls_Grid *g);
/* The number of points N. */
int64_t ls_grid_size (const ls_Grid *g);
/* x (N x dim, column-major): the points. */
void ls_grid_points (const ls_Grid *g, double *x);
/* w (N): the quadrature weights. */
void ls_grid_weights (const ls_Grid *g, double *w);

/* d (n_a x n_a): the derivative along axis a on that axis's points. */
int ls_grid_derivative (const ls_Grid *g, int a, double *d);

/* lam (2 n_a doubles: re, im) = the eigenvalues of ls_grid_derivative
   along periodic axis a on the modes e^(2 pi i j k / n_a), k = 0..n_a - 1:
   i k w0 (k - n_a above n_a / 2), w0 = 2 pi / L; the Nyquist mode's pi n_a
   / L or 0 (LS_NYQUIST_*). */
int ls_grid_spectrum (const ls_Grid *g, int a, double *lam);

/* The generator of field f on fields of c components with fiber matrix
   M (c x c, column-major; NULL for none): the (c N) x (c N) sparse
   matrix u -> Du v_f - M u, components in blocks of N (a field is the
   N x c matrix of its values).  d[a] are the axes' derivatives from
   ls_grid_derivative. */
int ls_grid_generator (const ls_Grid *g, const double *const *d,
                       const ls_Field *f, int c, const double *M, ls_Sm **out);

/* The permutation of the points that shifts fields by `cells` along axis
   a of a periodic grid: (P u)[p] = u[p - cells e_a]; perm[p] is the image
   of point p. */
int ls_grid_shift (const ls_Grid *g, int a, int cells, int *perm);

/* The operators on scalar fields of a periodic grid that commute with
   every translation (with the Nyquist mode's eigenvalue distinct, the
   commutant of the spectral translation generators): K[p, r] depends on
   p - r only, the N convolutions, as an exact orbit subspace of R^(N^2)
   (vec K column-major; no floating-point decision). */
int ls_grid_convolutions (const ls_Grid *g, ls_Fixed **out);

/* {======================================================
** Operators on grid fields (model_grid.c)
** ======================================================= */

/* K (nout x nin) on sampled fields; generator i acts on input fields by
   din[i] and on output fields by dout[i] (the generators of
   ls_grid_generator), and L_i K = dout[i] K - K din[i], in the
   Hilbert-Schmidt norm of L^2(w): rows scaled by sqrt(w_out), columns
   by 1 / sqrt(w_in) (w_in, w_out NULL: uniform).  With ntest > 0 test
   fields T (nin x ntest) the columns are L_i K T instead: the norm on
   the fields T spans (smooth fields inside a disk, where a rotation's
   generator is accurate on a box).  Discrete constraints
   pout[j] K pin_inv_t[j]^T = K.  side = 1 keeps only the terms Dout K,
   side = 2 only K Din (their sizes are the scale of B's rounding). */
typedef struct ls_GridOpSpec {
  int nin, nout, q, h, ntest, side;
  /* scalar fields: the grid, its axes' derivatives and the q fields, so
     that each generator is a sum of axis operators (smat.h: applied by
     BLAS on blocks, never as N x N matrices); else din, dout */
  const ls_Grid *grid;
  const double *const *deriv;
  const ls_Field *fields;
  ls_Sm *const *din, *const *dout;
  const double *w_in, *w_out, *test;
  ls_Sm *const *pout, *const *pin_inv_t;
} ls_GridOpSpec;

int ls_model_grid (const ls_GridOpSpec *s, ls_Op **out);

#endif
