/*
** convfit.c — the closed-form exact promote solve of convfit.h.
*/
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include <fftw3.h>
#include <lapacke.h>

#include "liesym.h"
#include "convfit.h"

typedef double complex cplx;


/* complex.h comes first: fftw_complex is then C99's double complex */

/* rows of A (M x n, real, column-major) to A conj(F) (the unitary forward
   DFT of each row), into B (M x n complex) */
static int rows_dft (int n, int M, const double *A, cplx *B) {
  fftw_complex *buf = (fftw_complex *)fftw_malloc((size_t)n * sizeof(fftw_complex));
  fftw_plan p;
  int r, j;
  double s = 1.0 / sqrt((double)n);
  if (buf == NULL) return LS_ENOMEM;
  /* FFTW_ESTIMATE: no timing runs, the same plan on every machine */
  p = fftw_plan_dft_1d(n, buf, buf, FFTW_FORWARD, FFTW_ESTIMATE);
  if (p == NULL) { fftw_free(buf); return LS_ENOMEM; }
  for (r = 0; r < M; r++) {
    for (j = 0; j < n; j++) buf[j] = A[(size_t)j * M + r];
    fftw_execute(p);
    for (j = 0; j < n; j++) B[(size_t)j * M + r] = s * buf[j];
  }
  fftw_destroy_plan(p);
  fftw_free(buf);
  return LS_OK;
}


/* K = F Kh F* (real part into K; the largest |Im| into *imag): the
   inverse of Kh = F* K F */
static int to_grid (int n, cplx *Kh, double *K, double *imag) {
  fftw_complex *buf = (fftw_complex *)fftw_malloc((size_t)n * sizeof(fftw_complex));
  fftw_plan fwd, inv;
  int i, j;
  double s = 1.0 / sqrt((double)n), big = 0.0;
  if (buf == NULL) return LS_ENOMEM;
  fwd = fftw_plan_dft_1d(n, buf, buf, FFTW_FORWARD, FFTW_ESTIMATE);
  inv = fftw_plan_dft_1d(n, buf, buf, FFTW_BACKWARD, FFTW_ESTIMATE);
  if (fwd == NULL || inv == NULL) {
    if (fwd) fftw_destroy_plan(fwd);
    if (inv) fftw_destroy_plan(inv);
    fftw_free(buf);
    return LS_ENOMEM;
  }
  /* rows: (Kh F*)[i, b] = sum_j Kh[i, j] e^(-2 pi i b j / n) / sqrt(n) */
  for (i = 0; i < n; i++) {
    for (j = 0; j < n; j++) buf[j] = Kh[(size_t)j * n + i];
    fftw_execute(fwd);
    for (j = 0; j < n; j++) Kh[(size_t)j * n + i] = s * buf[j];
  }
  /* columns: K[a, b] = sum_i e^(2 pi i a i / n) (.)[i, b] / sqrt(n) */
  for (j = 0; j < n; j++) {
    for (i = 0; i < n; i++) buf[i] = Kh[(size_t)j * n + i];
    fftw_execute(inv);
    for (i = 0; i < n; i++) {
      K[(size_t)j * n + i] = s * creal(buf[i]);
      if (fabs(s * cimag(buf[i])) > big) big = fabs(s * cimag(buf[i]));
    }
  }
  fftw_destroy_plan(fwd);
  fftw_destroy_plan(inv);
  fftw_free(buf);
  *imag = big;
  return LS_OK;
}


/* least squares A x = b (A m x m2, b m, overwritten), minimum norm;
   x in b (length max(m, m2)); *rank */
static int lstsq (int m, int m2, cplx *A, cplx *b, int *rank) {
  double *sv = (double *)malloc(((size_t)(m < m2 ? m : m2) + 1) * sizeof(double));
  lapack_int r = 0, info;
  if (sv == NULL) return LS_ENOMEM;
  info = LAPACKE_zgelsd(LAPACK_COL_MAJOR, m, m2, 1, (lapack_complex_double *)A, m,
                        (lapack_complex_double *)b, m > m2 ? m : m2, sv, -1.0, &r);
  free(sv);
  *rank = (int)r;
  return info < 0 ? LS_EARG : (int)info;
}


int ls_conv_fit (int n, int M, const double *lambda, const double *U,
                 const double *V, double *K, ls_ConvFitInfo *info) {
  cplx *Ut = NULL, *Vt = NULL, *Kh = NULL, *lam = NULL, *A = NULL, *b = NULL, *Nb = NULL,
       *R = NULL, *w = NULL;
  double *d = NULL, *sv = NULL, vnorm = 0.0, rnorm = 0.0, obj = 0.0;
  int i, j, st = LS_OK, dual = M <= n / 2, r = 0, nn = 0, rank;
  size_t t;
  if (n < 1 || M < 1) return LS_EARG;
  memset(info, 0, sizeof(*info));
  Ut = (cplx *)malloc((size_t)M * n * sizeof(cplx));
  Vt = (cplx *)malloc((size_t)M * n * sizeof(cplx));
  Kh = (cplx *)calloc((size_t)n * n, sizeof(cplx));
  lam = (cplx *)malloc((size_t)n * sizeof(cplx));
  d = (double *)malloc((size_t)n * sizeof(double));
  b = (cplx *)malloc(((size_t)(M > n ? M : n) + 2) * sizeof(cplx));
  w = (cplx *)malloc(((size_t)M + n + 2) * sizeof(cplx));
  if (!Ut || !Vt || !Kh || !lam || !d || !b || !w) { st = LS_ENOMEM; goto done; }
  for (j = 0; j < n; j++) lam[j] = lambda[2 * j] + I * lambda[2 * j + 1];
  if ((st = rows_dft(n, M, U, Ut)) != LS_OK) goto done;
  if ((st = rows_dft(n, M, V, Vt)) != LS_OK) goto done;
  if (dual) {
    A = (cplx *)malloc(((size_t)(M + 1) * (M + 1)) * sizeof(cplx));
    R = (cplx *)malloc((size_t)M * n * sizeof(cplx));
    if (!A || !R) { st = LS_ENOMEM; goto done; }
  }
  else {   /* U~ = Q S P^H once: the null space P[:, r:] and the pseudo-inverse */
    cplx *Uc = (cplx *)malloc((size_t)M * n * sizeof(cplx));
    cplx *Q = (cplx *)malloc((size_t)M * M * sizeof(cplx));
    int k = M < n ? M : n;
    sv = (double *)malloc(((size_t)k + 1) * sizeof(double));
    Nb = (cplx *)malloc((size_t)n * n * sizeof(cplx));   /* P^H, n x n */
    if (!Uc || !Q || !sv || !Nb) { free(Uc); free(Q); st = LS_ENOMEM; goto done; }
    memcpy(Uc, Ut, (size_t)M * n * sizeof(cplx));
    st = LAPACKE_zgesdd(LAPACK_COL_MAJOR, 'A', M, n, (lapack_complex_double *)Uc, M, sv,
                        (lapack_complex_double *)Q, M, (lapack_complex_double *)Nb, n);
    free(Uc);
    if (st != 0) { free(Q); st = st < 0 ? LS_EARG : st; goto done; }
    for (r = 0; r < k && sv[r] > sv[0] * 1e-13 * (M > n ? M : n); r++) ;
    R = Q;   /* U~ = Q[:, :r] S P^H[:r, :] */
    nn = n - r;
    A = (cplx *)malloc(((size_t)n * (nn + 1) + 1) * sizeof(cplx));
    if (A == NULL) { st = LS_ENOMEM; goto done; }
  }
  for (i = 0; i < n && st == LS_OK; i++) {
    const cplx *v = Vt + (size_t)i * M;
    cplx *z = Kh + i;   /* row i: stride n */
    for (j = 0; j < n; j++) { double a = cabs(lam[i] - lam[j]); d[j] = a * a; }
    if (dual) {
      /* [A u_i; u_i^H 0] [mu; z_i] = [v; 0], A = sum_(j != i) u_j u_j^H / d_j */
      cplx zero = 0.0, one = 1.0;
      for (j = 0; j < n; j++) {
        double s = j == i ? 0.0 : 1.0 / sqrt(d[j]);
        for (t = 0; t < (size_t)M; t++) R[(size_t)j * M + t] = s * Ut[(size_t)j * M + t];
      }
      cblas_zgemm(CblasColMajor, CblasNoTrans, CblasConjTrans, M, M, n, &one, R, M, R, M,
                  &zero, A, M + 1);
      for (t = 0; t < (size_t)M; t++) {
        A[(size_t)M * (M + 1) + t] = Ut[(size_t)i * M + t];
        A[t * (M + 1) + M] = conj(Ut[(size_t)i * M + t]);
        b[t] = v[t];
      }
      A[(size_t)M * (M + 1) + M] = 0.0;
      b[M] = 0.0;
      if ((st = lstsq(M + 1, M + 1, A, b, &rank)) != LS_OK) break;
      if (rank < M + 1) info->nonunique++;
      /* z_j = (U~^H mu)_j / d_j, z_i = the border's unknown */
      for (j = 0; j < n; j++) {
        cplx acc = 0.0;
        if (j == i) { z[(size_t)j * n] = b[M]; continue; }
        for (t = 0; t < (size_t)M; t++) acc += conj(Ut[(size_t)j * M + t]) * b[t];
        z[(size_t)j * n] = acc / d[j];
      }
    }
    else {
      /* z0 = U~^+ v (P[:, :r] S^-1 Q^H v), then the null-space part */
      cplx *z0 = w;
      int c;
      for (c = 0; c < r; c++) {
        cplx acc = 0.0;
        for (t = 0; t < (size_t)M; t++) acc += conj(R[(size_t)c * M + t]) * v[t];
        b[c] = acc / sv[c];
      }
      for (j = 0; j < n; j++) {
        cplx acc = 0.0;
        for (c = 0; c < r; c++) acc += conj(Nb[(size_t)j * n + c]) * b[c];
        z0[j] = acc;
      }
      if (nn > 0) {
        /* min ||sqrt(d) (z0 + N y)||, N = P[:, r:] = conj(Nb[r:, :])^T:
           least squares on sqrt(d) N y = -sqrt(d) z0 */
        int c2;
        for (c2 = 0; c2 < nn; c2++)
          for (j = 0; j < n; j++)
            A[(size_t)c2 * n + j] = sqrt(d[j]) * conj(Nb[(size_t)j * n + r + c2]);
        for (j = 0; j < n; j++) b[j] = -sqrt(d[j]) * z0[j];
        if ((st = lstsq(n, nn, A, b, &rank)) != LS_OK) break;
        if (rank < nn) info->nonunique++;
        for (j = 0; j < n; j++) {
          cplx acc = z0[j];
          for (c2 = 0; c2 < nn; c2++) acc += conj(Nb[(size_t)j * n + r + c2]) * b[c2];
          z[(size_t)j * n] = acc;
        }
      }
      else for (j = 0; j < n; j++) z[(size_t)j * n] = z0[j];
    }
  }
  if (st != LS_OK) goto done;
  /* the residual and objective in Fourier coordinates (unitary) */
  for (i = 0; i < n; i++) {
    for (t = 0; t < (size_t)M; t++) {
      cplx acc = -Vt[(size_t)i * M + t];
      for (j = 0; j < n; j++) acc += Ut[(size_t)j * M + t] * Kh[(size_t)j * n + i];
      rnorm += creal(acc * conj(acc));
      vnorm += creal(Vt[(size_t)i * M + t] * conj(Vt[(size_t)i * M + t]));
    }
    for (j = 0; j < n; j++) {
      double a = cabs((lam[i] - lam[j]) * Kh[(size_t)j * n + i]);
      obj += a * a;
    }
  }
  info->residual = vnorm > 0 ? sqrt(rnorm / vnorm) : sqrt(rnorm);
  info->objective = sqrt(obj);
  st = to_grid(n, Kh, K, &info->imag);
done:
  free(Ut); free(Vt); free(Kh); free(lam); free(d); free(b); free(w);
  free(A); free(R); free(Nb); free(sv);
  return st;
}
