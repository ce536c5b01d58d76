/*
** weights.c — the weight-zero space of a tensor product under a Cartan
** subalgebra, by the real Schur form of one generic element per factor,
** and the restricted constraint assembled in that eigenbasis.
*/
#include <complex.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include <lapacke.h>

#include "dense.h"
#include "weights.h"

/* normality and commutation are judged relative to the matrices' size */
#define STRUCT_TOL 1e-12
/* off-block entries of the Schur form of a normal matrix are rounding */
#define SCHUR_TOL 1e-10
/* a weight is zero when below this fraction of the weights' scale */
#define WEIGHT_TOL 1e-6
/* the most doubles the dense basis Y may hold (1 GB) */
#define MAX_Y_ENTRIES ((double)((size_t)1 << 27))
/* the largest N whose residuals use a dense accumulator (256 MB) */
#define MAX_ACC_DIM ((int64_t)1 << 24)

#define SQRT1_2 0.70710678118654752440

typedef double complex cplx;


struct ls_WeightData {
  int p, q;
  int *d;               /* p */
  int64_t *stride;      /* p: last factor fastest */
  int nf;               /* distinct factors */
  int *factor;          /* p: the distinct factor at each position */
  int *fd;              /* nf: orders */
  cplx **U;             /* nf: d x d unitary, column a an eigenvector */
  int **conj;           /* nf: d, the conjugate eigenvalue's index */
  cplx **Ah;            /* nf: q blocks U^H dr U, d x d each */
  unsigned char **zero; /* nf: q flags, the block is zero */
  cplx **B;             /* nf: sum_i Ah_i^H Ah_i */
  int *tuples;          /* m x p, by increasing linear index */
  int64_t *lin;         /* m */
  int *t1, *t2;         /* m real columns: their complex tuples */
  signed char *kind;    /* 0: v_t1; 1: (v_t1 + v_t2)/sqrt2; 2: -i (v_t1 - v_t2)/sqrt2 */
  int64_t m;
};


static void free_data (ls_WeightData *w) {
  int f;
  if (w == NULL) return;
  for (f = 0; f < w->nf; f++) {
    if (w->U) free(w->U[f]);
    if (w->conj) free(w->conj[f]);
    if (w->Ah) free(w->Ah[f]);
    if (w->zero) free(w->zero[f]);
    if (w->B) free(w->B[f]);
  }
  free(w->U); free(w->conj); free(w->Ah); free(w->zero); free(w->B);
  free(w->d); free(w->stride); free(w->factor); free(w->fd);
  free(w->tuples); free(w->lin); free(w->t1); free(w->t2); free(w->kind);
  free(w);
}


void ls_weight_space_free (ls_WeightSpace *w) {
  free(w->Y);
  free_data(w->data);
  w->Y = NULL;
  w->data = NULL;
}


/* {======================================================
** The Cartan subalgebra and the eigenbasis
** ======================================================= */

/* How far A and B are from commuting, ||A B x - B A x|| / (||A|| ||B||
   ||x||) for two random vectors x (O(d^2), not O(d^3); with b = A^T, how
   far A is from normal).  A false pass cannot make the reduction wrong:
   the Schur form of the combination is checked to be block diagonal, and
   the reduction is skipped when it is not. */
static double defect (int d, const double *a, double na, const double *b,
                      double nb, int bt, ls_Rng *rng, double *w) {
  double worst = 0;
  double *x = w, *y = w + d, *u = w + 2 * (size_t)d, *v = w + 3 * (size_t)d;
  int rep, i;
  char tb = bt ? 'T' : 'N';
  if (na == 0 || nb == 0) return 0;
  for (rep = 0; rep < 2; rep++) {
    double nx, diff = 0;
    for (i = 0; i < d; i++) x[i] = ls_rng_normal(rng);
    nx = ls_norm_fro((size_t)d, x);
    ls_gemm(tb, 'N', d, 1, d, 1.0, b, d, x, d, 0.0, y, d);   /* B x */
    ls_gemm('N', 'N', d, 1, d, 1.0, a, d, y, d, 0.0, u, d);  /* A B x */
    ls_gemm('N', 'N', d, 1, d, 1.0, a, d, x, d, 0.0, y, d);  /* A x */
    ls_gemm(tb, 'N', d, 1, d, 1.0, b, d, y, d, 0.0, v, d);   /* B A x */
    for (i = 0; i < d; i++) diff += (u[i] - v[i]) * (u[i] - v[i]);
    if (sqrt(diff) / (na * nb * nx) > worst) worst = sqrt(diff) / (na * nb * nx);
  }
  return worst;
}


/* the generators used: normal on every factor, nonzero somewhere, and
   commuting with each other on every factor */
static int choose_cartan (int p, const int *d, int q, const double *const *dr,
                          int *chosen, int *nchosen) {
  double *w, *nrm;
  int i, j, k, dmax = 1;
  ls_Rng rng;
  *nchosen = 0;
  for (k = 0; k < p; k++) if (d[k] > dmax) dmax = d[k];
  w = (double *)malloc((size_t)dmax * 4 * sizeof(double));
  nrm = (double *)malloc(((size_t)q * p + 1) * sizeof(double));
  if (w == NULL || nrm == NULL) { free(w); free(nrm); return LS_ENOMEM; }
  for (i = 0; i < q * p; i++)
    nrm[i] = dr[i] ? ls_norm_fro((size_t)d[i % p] * d[i % p], dr[i]) : 0.0;
  ls_rng_seed(&rng, 0x636172746172ULL);
  for (i = 0; i < q; i++) {
    int ok = 1, nonzero = 0;
    for (k = 0; k < p && ok; k++) {
      const double *a = dr[(size_t)i * p + k];
      if (a == NULL) continue;
      nonzero = 1;
      if (defect(d[k], a, nrm[(size_t)i * p + k], a, nrm[(size_t)i * p + k], 1, &rng, w)
          > STRUCT_TOL)
        ok = 0;
    }
    for (j = 0; j < *nchosen && ok; j++)
      for (k = 0; k < p && ok; k++) {
        const double *a = dr[(size_t)i * p + k];
        const double *b = dr[(size_t)chosen[j] * p + k];
        if (a == NULL || b == NULL) continue;
        if (defect(d[k], a, nrm[(size_t)i * p + k], b, nrm[(size_t)chosen[j] * p + k], 0,
                   &rng, w) > STRUCT_TOL)
          ok = 0;
      }
    if (ok && nonzero) chosen[(*nchosen)++] = i;
  }
  free(w);
  free(nrm);
  return LS_OK;
}


/* eigenvalues lam (d) and a unitary eigenbasis U (d x d) of a normal
   matrix h (destroyed), from its real Schur form; conj[a] is the index
   of the conjugate eigenvalue */
static int eigen_of (int d, double *h, cplx *lam, cplx *U, int *partner) {
  double *z, *wr, *wi, tn;
  lapack_int sdim = 0, info;
  int i, j, r, st = LS_OK;
  z = (double *)malloc((size_t)d * d * sizeof(double));
  wr = (double *)malloc((size_t)d * sizeof(double));
  wi = (double *)malloc((size_t)d * sizeof(double));
  if (!z || !wr || !wi) { free(z); free(wr); free(wi); return LS_ENOMEM; }
  tn = ls_norm_fro((size_t)d * d, h);
  info = LAPACKE_dgees(LAPACK_COL_MAJOR, 'V', 'N', NULL, d, h, d, &sdim, wr,
                       wi, z, d);
  if (info != 0) st = info > 0 ? LS_ENOCONV : LS_EARG;
  /* a normal matrix has a block-diagonal Schur form */
  for (j = 0; j < d && st == LS_OK; j++)
    for (i = 0; i < j; i++) {
      int in_block = (i + 1 == j) && h[(size_t)i * d + j] != 0.0;
      if (!in_block && fabs(h[(size_t)j * d + i]) > SCHUR_TOL * tn) {
        st = LS_EUNSUPPORTED;
        break;
      }
    }
  for (i = 0; i < d && st == LS_OK; i++) {
    if (i + 1 < d && h[(size_t)i * d + i + 1] != 0.0) {
      /* the block [[a, b], [c, a]], b c < 0: H(z1 + i t z2) = (a + i t b)
         (z1 + i t z2) with t = sqrt(-c / b) (1 for a normal matrix) */
      double a = h[(size_t)i * d + i], c = h[(size_t)i * d + i + 1];
      double b = h[(size_t)(i + 1) * d + i], t = sqrt(-c / b);
      double nrm = sqrt(1.0 + t * t);
      for (r = 0; r < d; r++) {
        cplx u = (z[(size_t)i * d + r] + _Complex_I * t * z[(size_t)(i + 1) * d + r]) / nrm;
        U[(size_t)i * d + r] = u;
        U[(size_t)(i + 1) * d + r] = conj(u);
      }
      lam[i] = a + _Complex_I * (t * b);
      lam[i + 1] = conj(lam[i]);
      partner[i] = i + 1;
      partner[i + 1] = i;
      i++;
    }
    else {
      for (r = 0; r < d; r++) U[(size_t)i * d + r] = z[(size_t)i * d + r];
      lam[i] = h[(size_t)i * d + i];
      partner[i] = i;
    }
  }
  free(z); free(wr); free(wi);
  return st;
}


/* factors k and l act the same way (the same matrix for every generator) */
static int same_factor (int p, int q, const int *d, const double *const *dr,
                        int k, int l) {
  int i;
  if (d[k] != d[l]) return 0;
  for (i = 0; i < q; i++)
    if (dr[(size_t)i * p + k] != dr[(size_t)i * p + l]) return 0;
  return 1;
}


/* whether U (d x d) is the identity: the Cartan element was diagonal */
static int is_identity (int d, const cplx *U) {
  int i, j;
  for (j = 0; j < d; j++)
    for (i = 0; i < d; i++)
      if (U[(size_t)j * d + i] != (i == j ? 1.0 : 0.0)) return 0;
  return 1;
}


/* B += A^T A for a real A (d x d) with few entries: pairs of entries in
   each row, so a field matrix costs its squared row counts, not d^3 */
static void add_sparse_gram (int d, const double *a, cplx *B, int *cols,
                             double *vals) {
  int r, j, x, y, n;
  for (r = 0; r < d; r++) {
    n = 0;
    for (j = 0; j < d; j++)
      if (a[(size_t)j * d + r] != 0.0) { cols[n] = j; vals[n++] = a[(size_t)j * d + r]; }
    for (x = 0; x < n; x++)
      for (y = 0; y < n; y++) B[(size_t)cols[y] * d + cols[x]] += vals[x] * vals[y];
  }
}


/* Ah_i = U^H A_i U for every generator, and B = sum_i Ah_i^H Ah_i */
static int transform (ls_WeightData *w, int f, int k, const double *const *dr) {
  int d = w->fd[f], q = w->q, i, ident = is_identity(w->fd[f], w->U[f]);
  size_t dd = (size_t)d * d, t, nnz;
  cplx one = 1.0, zero = 0.0, *a, *tmp;
  int *cols = (int *)malloc((size_t)d * sizeof(int));
  double *vals = (double *)malloc((size_t)d * sizeof(double));
  w->Ah[f] = (cplx *)calloc(dd * q + 1, sizeof(cplx));
  w->zero[f] = (unsigned char *)calloc((size_t)q + 1, 1);
  w->B[f] = (cplx *)calloc(dd, sizeof(cplx));
  a = (cplx *)malloc(dd * sizeof(cplx));
  tmp = (cplx *)malloc(dd * sizeof(cplx));
  if (!w->Ah[f] || !w->zero[f] || !w->B[f] || !a || !tmp || !cols || !vals) {
    free(a); free(tmp); free(cols); free(vals);
    return LS_ENOMEM;
  }
  for (i = 0; i < q; i++) {
    const double *src = dr[(size_t)i * w->p + k];
    cplx *ah = w->Ah[f] + dd * i;
    if (src == NULL) { w->zero[f][i] = 1; continue; }
    for (t = 0, nnz = 0; t < dd; t++) nnz += src[t] != 0.0;
    if (ident && nnz * 8 <= dd) {
      /* a diagonal Cartan element (gl(n) on monomials): the generators are
         their own transforms, and sparse */
      for (t = 0; t < dd; t++) ah[t] = src[t];
      add_sparse_gram(d, src, w->B[f], cols, vals);
      continue;
    }
    for (t = 0; t < dd; t++) a[t] = src[t];
    cblas_zgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, d, d, d, &one, a, d,
                w->U[f], d, &zero, tmp, d);
    cblas_zgemm(CblasColMajor, CblasConjTrans, CblasNoTrans, d, d, d, &one,
                w->U[f], d, tmp, d, &zero, ah, d);
    cblas_zgemm(CblasColMajor, CblasConjTrans, CblasNoTrans, d, d, d, &one, ah,
                d, ah, d, &one, w->B[f], d);
  }
  free(a);
  free(tmp);
  free(cols);
  free(vals);
  return LS_OK;
}

/* }====================================================== */


/* {======================================================
** The weight-zero space
** ======================================================= */

/* the position of a linear index among the sorted tuples, or -1 */
static int64_t find_tuple (const ls_WeightData *w, int64_t lin) {
  int64_t lo = 0, hi = w->m;
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (w->lin[mid] < lin) lo = mid + 1; else hi = mid;
  }
  return (lo < w->m && w->lin[lo] == lin) ? lo : -1;
}


int ls_weight_space (int p, const int *d, int q, const double *const *dr,
                     int64_t max_m, ls_WeightSpace *out) {
  ls_WeightData *w = NULL;
  cplx **lam = NULL, *sum = NULL;
  int *chosen = NULL, *digit = NULL, nchosen = 0, k, j, f, st;
  double *coef = NULL, *h = NULL, scale = 0, tau;
  int64_t N = 1, idx, cap = 0, col, m = 0;
  ls_Rng rng;
  memset(out, 0, sizeof(*out));
  out->excluded = HUGE_VAL;
  if (p < 1 || q < 1) return LS_EUNSUPPORTED;
  for (k = 0; k < p; k++) N *= d[k];
  out->N = N;
  chosen = (int *)malloc((size_t)q * sizeof(int));
  if (chosen == NULL) return LS_ENOMEM;
  st = choose_cartan(p, d, q, dr, chosen, &nchosen);
  if (st == LS_OK && nchosen == 0) st = LS_EUNSUPPORTED;
  if (st != LS_OK) { free(chosen); return st; }
  out->ncartan = nchosen;
  w = (ls_WeightData *)calloc(1, sizeof(ls_WeightData));
  if (w == NULL) { free(chosen); return LS_ENOMEM; }
  w->p = p;
  w->q = q;
  w->d = (int *)malloc((size_t)p * sizeof(int));
  w->stride = (int64_t *)malloc((size_t)p * sizeof(int64_t));
  w->factor = (int *)malloc((size_t)p * sizeof(int));
  w->fd = (int *)malloc((size_t)p * sizeof(int));
  w->U = (cplx **)calloc((size_t)p, sizeof(cplx *));
  w->conj = (int **)calloc((size_t)p, sizeof(int *));
  w->Ah = (cplx **)calloc((size_t)p, sizeof(cplx *));
  w->zero = (unsigned char **)calloc((size_t)p, sizeof(unsigned char *));
  w->B = (cplx **)calloc((size_t)p, sizeof(cplx *));
  lam = (cplx **)calloc((size_t)p, sizeof(cplx *));
  coef = (double *)malloc((size_t)nchosen * sizeof(double));
  digit = (int *)calloc((size_t)p, sizeof(int));
  sum = (cplx *)calloc((size_t)p + 1, sizeof(cplx));
  st = (w->d && w->stride && w->factor && w->fd && w->U && w->conj && w->Ah &&
        w->zero && w->B && lam && coef && digit && sum) ? LS_OK : LS_ENOMEM;
  if (st != LS_OK) goto done;
  memcpy(w->d, d, (size_t)p * sizeof(int));
  for (k = p - 1; k >= 0; k--) w->stride[k] = (k == p - 1) ? 1 : w->stride[k + 1] * d[k + 1];
  /* a generic element: coefficients from a fixed stream, in [1, 2] */
  ls_rng_seed(&rng, 0x77656967687473ULL);
  for (j = 0; j < nchosen; j++) coef[j] = 1.0 + ls_rng_uniform(&rng);
  /* one eigenbasis per distinct factor */
  for (k = 0; k < p && st == LS_OK; k++) {
    size_t dd = (size_t)d[k] * d[k], t;
    int l;
    double big = 0;
    for (l = 0; l < k && !same_factor(p, q, d, dr, k, l); l++) ;
    if (l < k) { w->factor[k] = w->factor[l]; }
    else {
      f = w->nf++;
      w->factor[k] = f;
      w->fd[f] = d[k];
      w->U[f] = (cplx *)malloc(dd * sizeof(cplx));
      w->conj[f] = (int *)malloc((size_t)d[k] * sizeof(int));
      lam[f] = (cplx *)malloc((size_t)d[k] * sizeof(cplx));
      h = (double *)calloc(dd, sizeof(double));
      if (!w->U[f] || !w->conj[f] || !lam[f] || !h) { st = LS_ENOMEM; break; }
      for (j = 0; j < nchosen; j++) {
        const double *a = dr[(size_t)chosen[j] * p + k];
        if (a != NULL) for (t = 0; t < dd; t++) h[t] += coef[j] * a[t];
      }
      st = eigen_of(d[k], h, lam[f], w->U[f], w->conj[f]);
      free(h);
      h = NULL;
      if (st == LS_OK) st = transform(w, f, k, dr);
    }
    f = w->factor[k];
    for (t = 0; st == LS_OK && t < (size_t)d[k]; t++)
      if (cabs(lam[f][t]) > big) big = cabs(lam[f][t]);
    scale += big;
  }
  if (st != LS_OK) goto done;
  tau = WEIGHT_TOL * scale;
  /* the tuples of eigenvalues summing to zero, with prefix sums per level
     so that each tuple costs O(1) on average */
  for (k = 0; k < p; k++) sum[k + 1] = sum[k] + lam[w->factor[k]][0];
  for (idx = 0; idx < N; idx++) {
    double mag = cabs(sum[p]);
    if (mag <= tau) {
      if (m >= max_m || 2 * (m + 1) > N) { st = LS_EUNSUPPORTED; goto done; }
      if (m == cap) {
        int64_t nc = cap ? 2 * cap : 64;
        int *t2 = (int *)realloc(w->tuples, (size_t)nc * p * sizeof(int));
        int64_t *l2;
        if (t2 == NULL) { st = LS_ENOMEM; goto done; }
        w->tuples = t2;
        if ((l2 = (int64_t *)realloc(w->lin, (size_t)nc * sizeof(int64_t))) == NULL) {
          st = LS_ENOMEM;
          goto done;
        }
        w->lin = l2;
        cap = nc;
      }
      memcpy(w->tuples + (size_t)m * p, digit, (size_t)p * sizeof(int));
      w->lin[m] = idx;
      m++;
    }
    else if (mag / tau < out->excluded) out->excluded = mag / tau;
    for (k = p - 1; k >= 0; k--) {  /* next tuple, last factor fastest */
      if (++digit[k] < d[k]) break;
      digit[k] = 0;
    }
    if (k < 0) break;
    for (; k < p; k++) sum[k + 1] = sum[k] + lam[w->factor[k]][digit[k]];
  }
  w->m = out->m = m;
  if ((double)N * (double)m > MAX_Y_ENTRIES) { st = LS_EUNSUPPORTED; goto done; }
  /* real columns: a real tuple itself, or Re and Im of a conjugate pair */
  w->t1 = (int *)malloc(((size_t)m + 1) * sizeof(int));
  w->t2 = (int *)malloc(((size_t)m + 1) * sizeof(int));
  w->kind = (signed char *)malloc((size_t)m + 1);
  out->Y = (double *)calloc((size_t)(N * m) + 1, sizeof(double));
  if (!w->t1 || !w->t2 || !w->kind || !out->Y) { st = LS_ENOMEM; goto done; }
  col = 0;
  for (idx = 0; idx < m && st == LS_OK; idx++) {
    const int *t = w->tuples + (size_t)idx * p;
    int64_t lconj = 0, other;
    for (k = 0; k < p; k++) lconj = lconj * d[k] + w->conj[w->factor[k]][t[k]];
    if (lconj < w->lin[idx]) continue;   /* its conjugate gave the pair */
    other = find_tuple(w, lconj);
    if (other < 0 || col + (lconj == w->lin[idx] ? 1 : 2) > m) { st = LS_EUNSUPPORTED; break; }
    if (lconj == w->lin[idx]) {
      w->t1[col] = w->t2[col] = (int)idx;
      w->kind[col++] = 0;
    }
    else {
      w->t1[col] = w->t1[col + 1] = (int)idx;
      w->t2[col] = w->t2[col + 1] = (int)other;
      w->kind[col] = 1;
      w->kind[col + 1] = 2;
      col += 2;
    }
  }
  if (st == LS_OK && col != m) st = LS_EUNSUPPORTED;
  /* Y, column by column: the tensor products of the eigenvectors */
  if (st == LS_OK) {
    cplx *v = (cplx *)malloc((size_t)N * sizeof(cplx));
    cplx *nv = (cplx *)malloc((size_t)N * sizeof(cplx));
    if (!v || !nv) st = LS_ENOMEM;
    for (col = 0; st == LS_OK && col < m; col++) {
      const int *t = w->tuples + (size_t)w->t1[col] * p;
      int64_t len = 1, i2;
      double *y = out->Y + (size_t)col * N;
      v[0] = 1.0;
      for (k = 0; k < p; k++) {
        const cplx *u = w->U[w->factor[k]] + (size_t)t[k] * d[k];
        int r;
        for (i2 = 0; i2 < len; i2++)
          for (r = 0; r < d[k]; r++) nv[i2 * d[k] + r] = v[i2] * u[r];
        len *= d[k];
        memcpy(v, nv, (size_t)len * sizeof(cplx));
      }
      /* v_t2 = conj(v_t1): Re and Im give the pair's two columns */
      for (i2 = 0; i2 < N; i2++)
        y[i2] = w->kind[col] == 0 ? creal(v[i2])
              : w->kind[col] == 1 ? 2 * SQRT1_2 * creal(v[i2]) : 2 * SQRT1_2 * cimag(v[i2]);
    }
    free(v);
    free(nv);
  }
done:
  if (lam) for (k = 0; k < p; k++) free(lam[k]);
  free(lam); free(chosen); free(coef); free(digit); free(sum); free(h);
  out->data = w;
  if (st != LS_OK) ls_weight_space_free(out);
  return st;
}

/* }====================================================== */


/* {======================================================
** The restricted constraint in the eigenbasis
** ======================================================= */

/* Ah_i of the distinct factor at position k, entry (x, y) */
#define AH(w, i, k, x, y) \
  ((w)->Ah[(w)->factor[k]][(size_t)(i) * (w)->d[k] * (w)->d[k] + \
                           (size_t)(y) * (w)->d[k] + (size_t)(x)])


/* <C e_s, C e_t> summed over the generators, for tuples s and t that
   differ at the positions diff[0..nd-1] (nd <= 2) */
static cplx gram_entry (const ls_WeightData *w, const int *s, const int *t,
                        int nd, const int *diff) {
  int p = w->p, q = w->q, i, k;
  cplx acc = 0;
  if (nd == 0) {   /* sum_k B_k[s_k, s_k] + sum_i (|sum_k a_ik|^2 - sum_k |a_ik|^2) */
    for (k = 0; k < p; k++) {
      int f = w->factor[k], dk = w->d[k];
      acc += w->B[f][(size_t)s[k] * dk + s[k]];
    }
    for (i = 0; i < q; i++) {
      cplx tot = 0;
      double sq = 0;
      for (k = 0; k < p; k++) {
        cplx a;
        if (w->zero[w->factor[k]][i]) continue;
        a = AH(w, i, k, s[k], s[k]);
        tot += a;
        sq += creal(a * conj(a));
      }
      acc += creal(tot * conj(tot)) - sq;
    }
    return acc;
  }
  if (nd == 1) {
    int k0 = diff[0], f0 = w->factor[k0], d0 = w->d[k0];
    acc = w->B[f0][(size_t)t[k0] * d0 + s[k0]];
    for (i = 0; i < q; i++) {
      cplx rest = 0;
      if (w->zero[f0][i]) continue;
      for (k = 0; k < p; k++)
        if (k != k0 && !w->zero[w->factor[k]][i]) rest += AH(w, i, k, s[k], s[k]);
      acc += conj(AH(w, i, k0, t[k0], s[k0])) * rest
           + conj(rest) * AH(w, i, k0, s[k0], t[k0]);
    }
    return acc;
  }
  {
    int k1 = diff[0], k2 = diff[1];
    for (i = 0; i < q; i++) {
      if (w->zero[w->factor[k1]][i] || w->zero[w->factor[k2]][i]) continue;
      acc += conj(AH(w, i, k1, t[k1], s[k1])) * AH(w, i, k2, s[k2], t[k2])
           + conj(AH(w, i, k2, t[k2], s[k2])) * AH(w, i, k1, s[k1], t[k1]);
    }
    return acc;
  }
}


/* the real columns a complex tuple s contributes to, with coefficients
   T[s, c] (at most 2); returns how many */
static int columns_of (const ls_WeightData *w, const int64_t *first, int64_t s,
                       int64_t *c, cplx *coef) {
  int64_t c0 = first[s];
  if (w->kind[c0] == 0) { c[0] = c0; coef[0] = 1.0; return 1; }
  c[0] = c0;
  c[1] = c0 + 1;
  coef[0] = SQRT1_2;
  coef[1] = (w->t1[c0] == s) ? -_Complex_I * SQRT1_2 : _Complex_I * SQRT1_2;
  return 2;
}


/* first[s]: the first real column of complex tuple s */
static int64_t *first_columns (const ls_WeightData *w) {
  int64_t *first = (int64_t *)malloc(((size_t)w->m + 1) * sizeof(int64_t)), c;
  if (first == NULL) return NULL;
  for (c = w->m - 1; c >= 0; c--) {
    first[w->t1[c]] = (w->kind[c] == 2) ? c - 1 : c;
    first[w->t2[c]] = (w->kind[c] == 2) ? c - 1 : c;
  }
  return first;
}


int ls_weight_gram (const ls_WeightSpace *ws, double *M) {
  const ls_WeightData *w = ws->data;
  int64_t m = w->m, s, t, *first = first_columns(w);
  int p = w->p;
  if (first == NULL) return LS_ENOMEM;
  memset(M, 0, (size_t)(m * m) * sizeof(double));
  for (s = 0; s < m; s++)
    for (t = s; t < m; t++) {
      const int *a = w->tuples + (size_t)s * p, *b = w->tuples + (size_t)t * p;
      int diff[3], nd = 0, k, x, y, ns, nt;
      int64_t cs[2], ct[2];
      cplx g, ks[2], kt[2];
      for (k = 0; k < p && nd <= 2; k++) if (a[k] != b[k]) diff[nd++] = k;
      if (nd > 2) continue;   /* a Kronecker sum moves at most one index */
      g = gram_entry(w, a, b, nd, diff);
      if (g == 0) continue;
      ns = columns_of(w, first, s, cs, ks);
      nt = columns_of(w, first, t, ct, kt);
      /* M += T^H E T for the Hermitian pair E[s,t] = g, E[t,s] = conj(g) */
      for (x = 0; x < ns; x++)
        for (y = 0; y < nt; y++) {
          double v = creal(conj(ks[x]) * g * kt[y]);
          M[(size_t)ct[y] * m + cs[x]] += v;
          if (s != t) M[(size_t)cs[x] * m + ct[y]] += v;
        }
    }
  free(first);
  return LS_OK;
}


int ls_weight_residuals (const ls_WeightSpace *ws, int kcols, const double *V,
                         double *res) {
  const ls_WeightData *w = ws->data;
  int64_t m = w->m, N = ws->N, s, c, *first, *touched;
  int p = w->p, q = w->q, i, k, j, x;
  cplx *z, *acc;
  unsigned char *mark;
  if (N > MAX_ACC_DIM) return LS_ETOOBIG;
  first = first_columns(w);
  z = (cplx *)malloc(((size_t)m + 1) * sizeof(cplx));
  acc = (cplx *)calloc((size_t)N, sizeof(cplx));
  mark = (unsigned char *)calloc((size_t)N, 1);
  touched = (int64_t *)malloc((size_t)N * sizeof(int64_t));
  if (!first || !z || !acc || !mark || !touched) {
    free(first); free(z); free(acc); free(mark); free(touched);
    return LS_ENOMEM;
  }
  for (j = 0; j < kcols; j++) {
    double r2 = 0;
    for (s = 0; s < m; s++) {   /* z = T v_j: coefficients on the tuples */
      int64_t cs[2];
      cplx ks[2];
      int n = columns_of(w, first, s, cs, ks);
      z[s] = 0;
      for (c = 0; c < n; c++) z[s] += ks[c] * V[(size_t)j * m + cs[c]];
    }
    for (i = 0; i < q; i++) {
      int64_t nt = 0, t;
      for (s = 0; s < m; s++) {
        const int *a = w->tuples + (size_t)s * p;
        if (z[s] == 0) continue;
        for (k = 0; k < p; k++) {   /* (C_i e_s)[x at k] = Ah_i[x, s_k] */
          if (w->zero[w->factor[k]][i]) continue;
          for (x = 0; x < w->d[k]; x++) {
            cplx v = AH(w, i, k, x, a[k]);
            int64_t at = w->lin[s] + (int64_t)(x - a[k]) * w->stride[k];
            if (v == 0) continue;
            if (!mark[at]) { mark[at] = 1; touched[nt++] = at; }
            acc[at] += z[s] * v;
          }
        }
      }
      for (t = 0; t < nt; t++) {
        r2 += creal(acc[touched[t]] * conj(acc[touched[t]]));
        acc[touched[t]] = 0;
        mark[touched[t]] = 0;
      }
    }
    res[j] = r2;
  }
  free(first); free(z); free(acc); free(mark); free(touched);
  return LS_OK;
}

/* }====================================================== */
