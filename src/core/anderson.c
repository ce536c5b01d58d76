/*
** anderson.c — Anderson acceleration, type II, with a ring of the last
** `mem` differences of residuals (dF) and images (dG):
**   gamma = argmin ||f_k - dF gamma||,   x_(k+1) = g_k - dG gamma,
** solved through the small normal equations with a relative Tikhonov
** term (as SCS does), which keeps nearly dependent columns harmless.
*/
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>

#include "dense.h"
#include "anderson.h"

#define REG 1e-10

struct ls_Anderson {
  size_t n, nfit;
  int mem, count, slot;
  double *df, *dg, *fprev, *gprev, *f, *gram, *gamma;
};


ls_Anderson *ls_anderson_new (size_t n, size_t nfit, int mem) {
  ls_Anderson *a = (ls_Anderson *)calloc(1, sizeof(ls_Anderson));
  if (a == NULL) return NULL;
  a->n = n;
  a->nfit = nfit;
  a->mem = mem;
  a->df = (double *)malloc(n * mem * sizeof(double));
  a->dg = (double *)malloc(n * mem * sizeof(double));
  a->fprev = (double *)malloc(n * sizeof(double));
  a->gprev = (double *)malloc(n * sizeof(double));
  a->f = (double *)malloc(n * sizeof(double));
  a->gram = (double *)malloc((size_t)mem * mem * sizeof(double));
  a->gamma = (double *)malloc((size_t)mem * sizeof(double));
  if (!a->df || !a->dg || !a->fprev || !a->gprev || !a->f || !a->gram ||
      !a->gamma) {
    ls_anderson_free(a);
    return NULL;
  }
  return a;
}


void ls_anderson_free (ls_Anderson *a) {
  if (a == NULL) return;
  free(a->df); free(a->dg); free(a->fprev); free(a->gprev); free(a->f);
  free(a->gram); free(a->gamma);
  free(a);
}


void ls_anderson_reset (ls_Anderson *a) {
  a->count = 0;
  a->slot = 0;
}


int ls_anderson_step (ls_Anderson *a, const double *x, double *gx) {
  size_t n = a->n, i;
  int cols, j;
  double tr = 0.0;
  for (i = 0; i < n; i++) a->f[i] = gx[i] - x[i];
  if (a->count > 0) {  /* newest differences into the ring */
    double *df = a->df + (size_t)a->slot * n, *dg = a->dg + (size_t)a->slot * n;
    for (i = 0; i < n; i++) {
      df[i] = a->f[i] - a->fprev[i];
      dg[i] = gx[i] - a->gprev[i];
    }
    a->slot = (a->slot + 1) % a->mem;
  }
  memcpy(a->fprev, a->f, n * sizeof(double));
  memcpy(a->gprev, gx, n * sizeof(double));
  cols = a->count < a->mem ? a->count : a->mem;
  a->count++;
  if (cols == 0) return 0;
  ls_gemm('T', 'N', cols, cols, (int)a->nfit, 1.0, a->df, (int)n, a->df,
          (int)n, 0.0, a->gram, cols);
  ls_gemm('T', 'N', cols, 1, (int)a->nfit, 1.0, a->df, (int)n, a->f, (int)n,
          0.0, a->gamma, cols);
  for (j = 0; j < cols; j++) tr += a->gram[j * cols + j];
  if (!(tr > 0)) return 0;
  for (j = 0; j < cols; j++) a->gram[j * cols + j] += REG * tr;
  if (LAPACKE_dposv(LAPACK_COL_MAJOR, 'L', cols, 1, a->gram, cols, a->gamma,
                    cols) != 0)
    return 0;
  ls_gemm('N', 'N', (int)n, 1, cols, -1.0, a->dg, (int)n, a->gamma, cols, 1.0,
          gx, (int)n);
  return 1;
}
