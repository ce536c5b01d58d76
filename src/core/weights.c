/*
** weights.c — the weight-zero space of a tensor product under a Cartan
** subalgebra, by the real Schur form of one generic element per factor.
*/
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>

#include "dense.h"
#include "weights.h"

/* normality and commutation are judged relative to the matrices' size */
#define STRUCT_TOL 1e-12
/* off-block entries of the Schur form of a normal matrix are rounding */
#define SCHUR_TOL 1e-10
/* a weight is zero when below this fraction of the weights' scale */
#define WEIGHT_TOL 1e-6
/* the flops the structure checks may take before the reduction is skipped */
#define CHECK_BUDGET 4e9

#define SQRT2 1.41421356237309504880


/* ||A B - s B A||_F for d x d matrices (s = 1: the commutator; with
   B = A^T and s = 1: A A^T - A^T A) */
static double defect (int d, const double *a, char ta, const double *b,
                      char tb, double *w) {
  size_t dd = (size_t)d * d;
  ls_gemm(ta, tb, d, d, d, 1.0, a, d, b, d, 0.0, w, d);
  ls_gemm(tb, ta, d, d, d, -1.0, b, d, a, d, 1.0, w, d);
  return ls_norm_fro(dd, w);
}


/* eigen-data of one factor: eigenvalues and unit eigenvectors (complex,
   split into real and imaginary parts), and each one's conjugate */
typedef struct Eigen {
  int d;
  double *re, *im;       /* d eigenvalues */
  double *ure, *uim;     /* d x d: column a is eigenvector a */
  int *conj;
} Eigen;

static void free_eigen (Eigen *e) {
  free(e->re); free(e->im); free(e->ure); free(e->uim); free(e->conj);
}


/* the eigen-data of a normal matrix h (destroyed) from its Schur form */
static int eigen_of (int d, double *h, Eigen *e) {
  double *z, *wr, *wi, tn;
  lapack_int sdim = 0, info;
  int i, j, st = LS_OK;
  memset(e, 0, sizeof(*e));
  e->d = d;
  e->re = (double *)malloc((size_t)d * sizeof(double));
  e->im = (double *)calloc((size_t)d, sizeof(double));
  e->ure = (double *)calloc((size_t)d * d, sizeof(double));
  e->uim = (double *)calloc((size_t)d * d, sizeof(double));
  e->conj = (int *)malloc((size_t)d * sizeof(int));
  z = (double *)malloc((size_t)d * d * sizeof(double));
  wr = (double *)malloc((size_t)d * sizeof(double));
  wi = (double *)malloc((size_t)d * sizeof(double));
  if (!e->re || !e->im || !e->ure || !e->uim || !e->conj || !z || !wr || !wi) {
    st = LS_ENOMEM;
    goto done;
  }
  tn = ls_norm_fro((size_t)d * d, h);
  info = LAPACKE_dgees(LAPACK_COL_MAJOR, 'V', 'N', NULL, d, h, d, &sdim, wr,
                       wi, z, d);
  if (info != 0) { st = info > 0 ? LS_ENOCONV : LS_EARG; goto done; }
  /* a normal matrix has a block-diagonal Schur form */
  for (j = 0; j < d; j++)
    for (i = 0; i < j; i++) {
      int in_block = (i + 1 == j) && h[(size_t)i * d + j] != 0.0;
      if (!in_block && fabs(h[(size_t)j * d + i]) > SCHUR_TOL * tn) {
        st = LS_EUNSUPPORTED;
        goto done;
      }
    }
  for (i = 0; i < d; i++) {
    if (i + 1 < d && h[(size_t)i * d + i + 1] != 0.0) {
      /* the block [[a, b], [c, a]], b c < 0: H(z1 + i t z2) = (a + i t b)
         (z1 + i t z2) with t = sqrt(-c / b) (1 for a normal matrix) */
      double a = h[(size_t)i * d + i], c = h[(size_t)i * d + i + 1];
      double b = h[(size_t)(i + 1) * d + i], t = sqrt(-c / b);
      double nrm = sqrt(1.0 + t * t);
      int r;
      for (r = 0; r < d; r++) {
        e->ure[(size_t)i * d + r] = z[(size_t)i * d + r] / nrm;
        e->uim[(size_t)i * d + r] = t * z[(size_t)(i + 1) * d + r] / nrm;
        e->ure[(size_t)(i + 1) * d + r] = e->ure[(size_t)i * d + r];
        e->uim[(size_t)(i + 1) * d + r] = -e->uim[(size_t)i * d + r];
      }
      e->re[i] = e->re[i + 1] = a;
      e->im[i] = t * b;
      e->im[i + 1] = -t * b;
      e->conj[i] = i + 1;
      e->conj[i + 1] = i;
      i++;
    }
    else {
      memcpy(e->ure + (size_t)i * d, z + (size_t)i * d, (size_t)d * sizeof(double));
      e->re[i] = h[(size_t)i * d + i];
      e->conj[i] = i;
    }
  }
done:
  free(z); free(wr); free(wi);
  if (st != LS_OK) free_eigen(e);
  return st;
}


/* the generators used: normal on every factor, nonzero somewhere, and
   commuting with each other on every factor */
static int choose_cartan (int p, const int *d, int q, const double *const *dr,
                          int *chosen, int *nchosen) {
  double *w;
  int i, j, k, dmax = 1, st = LS_OK;
  double cost = 0;
  *nchosen = 0;
  for (k = 0; k < p; k++) {
    if (d[k] > dmax) dmax = d[k];
    cost += 4.0 * d[k] * d[k] * d[k];
  }
  if (cost * q * 4 > CHECK_BUDGET) return LS_EUNSUPPORTED;
  w = (double *)malloc((size_t)dmax * dmax * sizeof(double));
  if (w == NULL) return LS_ENOMEM;
  for (i = 0; i < q; i++) {
    int ok = 1, nonzero = 0;
    for (k = 0; k < p && ok; k++) {
      const double *a = dr[(size_t)i * p + k];
      double na = ls_norm_fro((size_t)d[k] * d[k], a);
      if (na == 0.0) continue;
      nonzero = 1;
      if (defect(d[k], a, 'N', a, 'T', w) > STRUCT_TOL * na * na) ok = 0;
    }
    for (j = 0; j < *nchosen && ok; j++)
      for (k = 0; k < p && ok; k++) {
        const double *a = dr[(size_t)i * p + k];
        const double *b = dr[(size_t)chosen[j] * p + k];
        double na = ls_norm_fro((size_t)d[k] * d[k], a);
        double nb = ls_norm_fro((size_t)d[k] * d[k], b);
        if (na == 0.0 || nb == 0.0) continue;
        if (defect(d[k], a, 'N', b, 'N', w) > STRUCT_TOL * na * nb) ok = 0;
      }
    if (ok && nonzero) chosen[(*nchosen)++] = i;
  }
  free(w);
  return st;
}


int ls_weight_space (int p, const int *d, int q, const double *const *dr,
                     int64_t max_m, ls_WeightSpace *out) {
  Eigen *eig = NULL;
  int *chosen = NULL, *digit = NULL, *tuples = NULL, nchosen = 0, k, j, st;
  double *coef = NULL, *h = NULL, *sre = NULL, *sim = NULL, scale = 0, tau;
  double *cre = NULL, *cim = NULL, *nre = NULL, *nim = NULL;
  int64_t N = 1, idx, m = 0, cap = 0, col;
  ls_Rng rng;
  memset(out, 0, sizeof(*out));
  out->excluded = HUGE_VAL;
  if (p < 1 || q < 1) return LS_EUNSUPPORTED;
  for (k = 0; k < p; k++) N *= d[k];
  out->N = N;
  chosen = (int *)malloc((size_t)q * sizeof(int));
  if (chosen == NULL) return LS_ENOMEM;
  st = choose_cartan(p, d, q, dr, chosen, &nchosen);
  if (st != LS_OK || nchosen == 0) {
    free(chosen);
    return st != LS_OK ? st : LS_EUNSUPPORTED;
  }
  out->ncartan = nchosen;
  /* a generic element: coefficients from a fixed stream, in [1, 2] */
  ls_rng_seed(&rng, 0x77656967687473ULL);
  coef = (double *)malloc((size_t)nchosen * sizeof(double));
  eig = (Eigen *)calloc((size_t)p, sizeof(Eigen));
  digit = (int *)calloc((size_t)p, sizeof(int));
  sre = (double *)calloc((size_t)p + 1, sizeof(double));
  sim = (double *)calloc((size_t)p + 1, sizeof(double));
  if (!coef || !eig || !digit || !sre || !sim) { st = LS_ENOMEM; goto done; }
  for (j = 0; j < nchosen; j++) coef[j] = 1.0 + ls_rng_uniform(&rng);
  for (k = 0; k < p; k++) {
    size_t dd = (size_t)d[k] * d[k], t;
    double big = 0;
    h = (double *)calloc(dd, sizeof(double));
    if (h == NULL) { st = LS_ENOMEM; goto done; }
    for (j = 0; j < nchosen; j++) {
      const double *a = dr[(size_t)chosen[j] * p + k];
      for (t = 0; t < dd; t++) h[t] += coef[j] * a[t];
    }
    st = eigen_of(d[k], h, &eig[k]);
    free(h);
    h = NULL;
    if (st != LS_OK) goto done;
    for (t = 0; t < (size_t)d[k]; t++) {
      double a = hypot(eig[k].re[t], eig[k].im[t]);
      if (a > big) big = a;
    }
    scale += big;
  }
  tau = WEIGHT_TOL * scale;
  /* the tuples of eigenvalues summing to zero, with prefix sums per level
     so that each tuple costs O(1) on average */
  for (k = 0; k < p; k++) {
    sre[k + 1] = sre[k] + eig[k].re[0];
    sim[k + 1] = sim[k] + eig[k].im[0];
  }
  for (idx = 0; idx < N; idx++) {
    double mag = hypot(sre[p], sim[p]);
    if (mag <= tau) {
      if (m >= max_m || 2 * (m + 1) > N) { st = LS_EUNSUPPORTED; goto done; }
      if (m == cap) {
        int64_t nc = cap ? 2 * cap : 64;
        int *t2 = (int *)realloc(tuples, (size_t)nc * p * sizeof(int));
        if (t2 == NULL) { st = LS_ENOMEM; goto done; }
        tuples = t2;
        cap = nc;
      }
      memcpy(tuples + (size_t)m * p, digit, (size_t)p * sizeof(int));
      m++;
    }
    else if (mag / tau < out->excluded) out->excluded = mag / tau;
    for (k = p - 1; k >= 0; k--) {  /* next tuple, last factor fastest */
      if (++digit[k] < d[k]) break;
      digit[k] = 0;
    }
    if (k < 0) break;
    for (; k < p; k++) {
      sre[k + 1] = sre[k] + eig[k].re[digit[k]];
      sim[k + 1] = sim[k] + eig[k].im[digit[k]];
    }
  }
  out->m = m;
  out->Y = (double *)malloc((size_t)(N * (m ? m : 1)) * sizeof(double));
  cre = (double *)malloc((size_t)N * sizeof(double));
  cim = (double *)malloc((size_t)N * sizeof(double));
  nre = (double *)malloc((size_t)N * sizeof(double));
  nim = (double *)malloc((size_t)N * sizeof(double));
  if (!out->Y || !cre || !cim || !nre || !nim) { st = LS_ENOMEM; goto done; }
  col = 0;
  for (idx = 0; idx < m; idx++) {
    const int *t = tuples + (size_t)idx * p;
    int64_t lin = 0, lconj = 0, len = 1, i2;
    for (k = 0; k < p; k++) {
      lin = lin * d[k] + t[k];
      lconj = lconj * d[k] + eig[k].conj[t[k]];
    }
    if (lconj < lin) continue;   /* its conjugate gave the pair */
    cre[0] = 1.0; cim[0] = 0.0;
    for (k = 0; k < p; k++) {     /* v <- v (x) u_k */
      const double *ur = eig[k].ure + (size_t)t[k] * d[k];
      const double *ui = eig[k].uim + (size_t)t[k] * d[k];
      int r;
      for (i2 = 0; i2 < len; i2++)
        for (r = 0; r < d[k]; r++) {
          nre[i2 * d[k] + r] = cre[i2] * ur[r] - cim[i2] * ui[r];
          nim[i2 * d[k] + r] = cre[i2] * ui[r] + cim[i2] * ur[r];
        }
      len *= d[k];
      memcpy(cre, nre, (size_t)len * sizeof(double));
      memcpy(cim, nim, (size_t)len * sizeof(double));
    }
    if (lconj == lin) {           /* a real vector */
      memcpy(out->Y + (size_t)col * N, cre, (size_t)N * sizeof(double));
      col++;
    }
    else {                        /* Re and Im of v, v-bar: sqrt 2 each */
      for (i2 = 0; i2 < N; i2++) {
        out->Y[(size_t)col * N + i2] = SQRT2 * cre[i2];
        out->Y[(size_t)(col + 1) * N + i2] = SQRT2 * cim[i2];
      }
      col += 2;
    }
  }
  if (col != m) st = LS_EUNSUPPORTED;   /* conjugate pairs did not match */
done:
  if (eig) for (k = 0; k < p; k++) free_eigen(&eig[k]);
  free(eig); free(chosen); free(coef); free(digit); free(sre); free(sim);
  free(tuples); free(h); free(cre); free(cim); free(nre); free(nim);
  if (st != LS_OK) ls_weight_space_free(out);
  return st;
}


void ls_weight_space_free (ls_WeightSpace *w) {
  free(w->Y);
  w->Y = NULL;
}
