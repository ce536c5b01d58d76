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


/* complex.h comes first: fftw_complex is then C99's double complex.
   Every buffer handed to BLAS or LAPACK has spare elements: OpenBLAS's
   complex kernels (zgemv_n on Haswell, under zgelsd and zgesdd) read one
   element past the end of a vector, which for a row of a matrix (stride
   lda) lies up to lda elements past the matrix (valgrind's reports). */

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


/* the LAPACK workspaces below are ours, queried and padded (PAD spare
   elements each), not LAPACKE's: see the overreads above */
#define PAD 64

/* least squares A x = b (A m x m2, b m, overwritten), minimum norm;
   x in b (length max(m, m2)); *rank */
static int lstsq (int m, int m2, cplx *A, cplx *b, int *rank) {
  int mn = m < m2 ? m : m2, ldb = m > m2 ? m : m2;
  double *sv = (double *)malloc(((size_t)mn + PAD) * sizeof(double)), rq = 0.0, *rwork = NULL;
  lapack_complex_double wq;
  lapack_int r = 0, info, iq = 0, *iwork = NULL, lwork;
  cplx *work = NULL;
  if (sv == NULL) return LS_ENOMEM;
  info = LAPACKE_zgelsd_work(LAPACK_COL_MAJOR, m, m2, 1, (lapack_complex_double *)A, m,
                             (lapack_complex_double *)b, ldb, sv, -1.0, &r, &wq, -1, &rq, &iq);
  if (info == 0) {
    lwork = (lapack_int)creal(wq);
    work = (cplx *)malloc(((size_t)lwork + PAD) * sizeof(cplx));
    rwork = (double *)malloc(((size_t)rq + PAD) * sizeof(double));
    iwork = (lapack_int *)malloc(((size_t)iq + PAD) * sizeof(lapack_int));
    if (!work || !rwork || !iwork) info = LS_ENOMEM;
    else info = LAPACKE_zgelsd_work(LAPACK_COL_MAJOR, m, m2, 1, (lapack_complex_double *)A, m,
                                    (lapack_complex_double *)b, ldb, sv, -1.0, &r,
                                    (lapack_complex_double *)work, lwork, rwork, iwork);
  }
  free(sv); free(work); free(rwork); free(iwork);
  *rank = (int)r;
  if (info == LS_ENOMEM) return LS_ENOMEM;
  return info < 0 ? LS_EARG : (int)info;
}


/* the full SVD A = U diag(s) VT (A m x n, overwritten; U m x m, VT n x n) */
static int svd_all (int m, int n, cplx *A, double *s, cplx *U, cplx *VT) {
  int mn = m < n ? m : n, mx = m > n ? m : n;
  size_t lr = (size_t)mn * ((size_t)(5 * mn + 7) > (size_t)(2 * mx + 2 * mn + 1)
                            ? (size_t)(5 * mn + 7) : (size_t)(2 * mx + 2 * mn + 1));
  lapack_complex_double wq;
  lapack_int info, lwork, *iwork = NULL;
  double *rwork = NULL;
  cplx *work = NULL;
  rwork = (double *)malloc((lr + PAD) * sizeof(double));
  iwork = (lapack_int *)malloc(((size_t)8 * mn + PAD) * sizeof(lapack_int));
  if (!rwork || !iwork) { free(rwork); free(iwork); return LS_ENOMEM; }
  info = LAPACKE_zgesdd_work(LAPACK_COL_MAJOR, 'A', m, n, (lapack_complex_double *)A, m, s,
                             (lapack_complex_double *)U, m, (lapack_complex_double *)VT, n,
                             &wq, -1, rwork, iwork);
  if (info == 0) {
    lwork = (lapack_int)creal(wq);
    if ((work = (cplx *)malloc(((size_t)lwork + PAD) * sizeof(cplx))) == NULL) info = LS_ENOMEM;
    else info = LAPACKE_zgesdd_work(LAPACK_COL_MAJOR, 'A', m, n, (lapack_complex_double *)A, m,
                                    s, (lapack_complex_double *)U, m,
                                    (lapack_complex_double *)VT, n,
                                    (lapack_complex_double *)work, lwork, rwork, iwork);
  }
  free(work); free(rwork); free(iwork);
  if (info == LS_ENOMEM) return LS_ENOMEM;
  return info < 0 ? LS_EARG : (int)info;
}


/* z_j = (U~^H l)_j / d_j for j != i and z_i = b[M], from the dual
   solution b = [l; z_i] (z with stride n) */
static void back_substitute (int n, int M, int i, const cplx *Ut, const double *d,
                             const cplx *b, cplx *z) {
  int j;
  size_t t;
  for (j = 0; j < n; j++) {
    cplx acc = 0.0;
    if (j == i) { z[(size_t)j * n] = b[M]; continue; }
    for (t = 0; t < (size_t)M; t++) acc += conj(Ut[(size_t)j * M + t]) * b[t];
    z[(size_t)j * n] = acc / d[j];
  }
}


/* Row i of K^ through the bordered dual system: [A + mu I, u_i; u_i^H, 0]
   [l; z_i] = [v; 0], A = sum_(j != i) u_j u_j^H / d_j, then z_j = (U~^H
   l)_j / d_j: the exact problem (mu = 0) or the ridge-type one
   min |U~ z - v|^2 + mu sum_j d_j |z_j|^2 (mu > 0; l is then the
   residual over mu).  R (M x n) and A ((M+1)^2), b (M+1) are workspace;
   z has stride n. */
static int dual_row (int n, int M, int i, const cplx *Ut, const double *d, const cplx *v,
                     double mu, cplx *R, cplx *A, cplx *b, cplx *z, int *rank) {
  cplx zero = 0.0, one = 1.0;
  size_t t;
  int j, st;
  for (j = 0; j < n; j++) {
    double s = j == i ? 0.0 : 1.0 / sqrt(d[j]);
    for (t = 0; t < (size_t)M; t++) R[(size_t)j * M + t] = s * Ut[(size_t)j * M + t];
  }
  cblas_zgemm(CblasColMajor, CblasNoTrans, CblasConjTrans, M, M, n, &one, R, M, R, M,
              &zero, A, M + 1);
  for (t = 0; t < (size_t)M; t++) A[t * (M + 1) + t] += mu;
  {   /* A + mu I positive definite (the usual case): Cholesky and the Schur
         complement of the border, z_i = u^H S^-1 v / u^H S^-1 u */
    cplx *C = (cplx *)malloc(((size_t)M * M + 2 * (size_t)M + 2) * sizeof(cplx));
    lapack_int info = -1;
    if (C != NULL) {
      cplx *x = C + (size_t)M * M, *y = x + M, uy = 0.0, uv = 0.0;
      for (j = 0; j < M; j++)
        memcpy(C + (size_t)j * M, A + (size_t)j * (M + 1), (size_t)M * sizeof(cplx));
      info = LAPACKE_zpotrf(LAPACK_COL_MAJOR, 'U', M, (lapack_complex_double *)C, M);
      if (info == 0) {
        double rc = 0.0, an = 0.0, un = 0.0;
        for (t = 0; t < (size_t)M; t++) {
          x[t] = v[t];
          y[t] = Ut[(size_t)i * M + t];
          un += creal(y[t] * conj(y[t]));
        }
        LAPACKE_zpotrs(LAPACK_COL_MAJOR, 'U', M, 1, (lapack_complex_double *)C, M,
                       (lapack_complex_double *)x, M);
        LAPACKE_zpotrs(LAPACK_COL_MAJOR, 'U', M, 1, (lapack_complex_double *)C, M,
                       (lapack_complex_double *)y, M);
        for (t = 0; t < (size_t)M; t++) {
          uy += conj(Ut[(size_t)i * M + t]) * y[t];
          uv += conj(Ut[(size_t)i * M + t]) * x[t];
        }
        /* a well-conditioned factor and border, else the SVD below */
        for (t = 0; t < (size_t)M; t++) {
          double dg = creal(C[t * M + t]);
          an = fmax(an, dg);
          rc = t == 0 ? dg : fmin(rc, dg);
        }
        /* cond(A + mu I) below 1e14, and the border's pivot u^H S^-1 u
           (real, positive) not lost to rounding */
        if (rc > 1e-7 * an && creal(uy) > 1e-13 * un / (an * an)) {
          cplx zi = uv / uy;
          for (t = 0; t < (size_t)M; t++) b[t] = x[t] - zi * y[t];
          b[M] = zi;
          info = 0;
        }
        else info = 1;
      }
      free(C);
    }
    if (info == 0) {
      *rank = M + 1;
      back_substitute(n, M, i, Ut, d, b, z);
      return LS_OK;
    }
  }
  for (t = 0; t < (size_t)M; t++) {
    A[(size_t)M * (M + 1) + t] = Ut[(size_t)i * M + t];
    A[t * (M + 1) + M] = conj(Ut[(size_t)i * M + t]);
    b[t] = v[t];
  }
  A[(size_t)M * (M + 1) + M] = 0.0;
  b[M] = 0.0;
  if ((st = lstsq(M + 1, M + 1, A, b, rank)) != LS_OK) return st;
  back_substitute(n, M, i, Ut, d, b, z);
  return LS_OK;
}


/* the relative residual |U~ K^T - V~| / |V~| and the objective |C K| of
   K^ in Fourier coordinates (unitary: the grid's values) */
static void measure (int n, int M, const cplx *Ut, const cplx *Vt, const cplx *lam,
                     const cplx *Kh, ls_ConvFitInfo *info) {
  double vnorm = 0.0, rnorm = 0.0, obj = 0.0;
  int i, j;
  size_t t;
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
}


int ls_conv_fit (int n, int M, const double *lambda, const double *U,
                 const double *V, double *K, ls_ConvFitInfo *info) {
  cplx *Ut = NULL, *Vt = NULL, *Kh = NULL, *lam = NULL, *A = NULL, *b = NULL, *Nb = NULL,
       *R = NULL, *w = NULL;
  double *d = NULL, *sv = NULL;
  int i, j, st = LS_OK, dual = M <= n / 2, r = 0, nn = 0, rank;
  size_t t;
  if (n < 1 || M < 1) return LS_EARG;
  memset(info, 0, sizeof(*info));
  Ut = (cplx *)malloc(((size_t)M * n + 2) * sizeof(cplx));
  Vt = (cplx *)malloc(((size_t)M * n + 2) * sizeof(cplx));
  Kh = (cplx *)calloc((size_t)n * n + 2, sizeof(cplx));
  lam = (cplx *)malloc((size_t)n * sizeof(cplx));
  d = (double *)malloc((size_t)n * sizeof(double));
  b = (cplx *)malloc(((size_t)(M > n ? M : n) + 3) * sizeof(cplx));
  w = (cplx *)malloc(((size_t)M + n + 2) * sizeof(cplx));
  if (!Ut || !Vt || !Kh || !lam || !d || !b || !w) { st = LS_ENOMEM; goto done; }
  for (j = 0; j < n; j++) lam[j] = lambda[2 * j] + I * lambda[2 * j + 1];
  if ((st = rows_dft(n, M, U, Ut)) != LS_OK) goto done;
  if ((st = rows_dft(n, M, V, Vt)) != LS_OK) goto done;
  if (dual) {
    A = (cplx *)malloc(((size_t)(M + 1) * (M + 2) + 16) * sizeof(cplx));
    R = (cplx *)malloc(((size_t)M * n + 2) * sizeof(cplx));
    if (!A || !R) { st = LS_ENOMEM; goto done; }
  }
  else {   /* U~ = Q S P^H once: the null space P[:, r:] and the pseudo-inverse */
    cplx *Uc = (cplx *)malloc(((size_t)M * n + M + n + 16) * sizeof(cplx));
    cplx *Q = (cplx *)malloc(((size_t)M * M + M + n + 16) * sizeof(cplx));
    int k = M < n ? M : n;
    sv = (double *)malloc(((size_t)k + 1) * sizeof(double));
    Nb = (cplx *)malloc(((size_t)n * n + M + n + 16) * sizeof(cplx));   /* P^H, n x n */
    if (!Uc || !Q || !sv || !Nb) { free(Uc); free(Q); st = LS_ENOMEM; goto done; }
    memcpy(Uc, Ut, (size_t)M * n * sizeof(cplx));
    st = svd_all(M, n, Uc, sv, Q, Nb);
    free(Uc);
    if (st != 0) { free(Q); goto done; }
    for (r = 0; r < k && sv[r] > sv[0] * 1e-13 * (M > n ? M : n); r++) ;
    R = Q;   /* U~ = Q[:, :r] S P^H[:r, :] */
    nn = n - r;
    A = (cplx *)malloc(((size_t)n * (nn + 1) + M + n + 16) * sizeof(cplx));
    if (A == NULL) { st = LS_ENOMEM; goto done; }
  }
  for (i = 0; i < n && st == LS_OK; i++) {
    const cplx *v = Vt + (size_t)i * M;
    cplx *z = Kh + i;   /* row i: stride n */
    for (j = 0; j < n; j++) { double a = cabs(lam[i] - lam[j]); d[j] = a * a; }
    if (dual) {
      if ((st = dual_row(n, M, i, Ut, d, v, 0.0, R, A, b, z, &rank)) != LS_OK) break;
      if (rank < M + 1) info->nonunique++;
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
  measure(n, M, Ut, Vt, lam, Kh, info);
  st = to_grid(n, Kh, K, &info->imag);
done:
  free(Ut); free(Vt); free(Kh); free(lam); free(d); free(b); free(w);
  free(A); free(R); free(Nb); free(sv);
  return st;
}


/* all rows at ridge weight mu (dual route): Kh, and c = ||C K|| */
static int ridge_rows (int n, int M, const cplx *Ut, const cplx *Vt, const cplx *lam,
                       double mu, double *d, cplx *R, cplx *A, cplx *b, cplx *Kh,
                       double *c, int *nonunique) {
  int i, j, st, rank;
  double acc = 0.0;
  *nonunique = 0;
  for (i = 0; i < n; i++) {
    for (j = 0; j < n; j++) { double a = cabs(lam[i] - lam[j]); d[j] = a * a; }
    st = dual_row(n, M, i, Ut, d, Vt + (size_t)i * M, mu, R, A, b, Kh + i, &rank);
    if (st != LS_OK) return st;
    if (rank < M + 1) (*nonunique)++;
    for (j = 0; j < n; j++) {
      double z = cabs(Kh[(size_t)j * n + i]);
      acc += d[j] * z * z;
    }
  }
  *c = sqrt(acc);
  return LS_OK;
}


int ls_conv_fit_penalized (int n, int M, const double *lambda, const double *U,
                           const double *V, double gamma, double *K,
                           ls_ConvFitInfo *info) {
  cplx *Ut = NULL, *Vt = NULL, *Kh = NULL, *lam = NULL, *A = NULL, *b = NULL, *R = NULL;
  double *d = NULL, gmax = 0.0, c = 0.0;
  int i, j, st = LS_OK, nu = 0;
  size_t t;
  if (n < 1 || M < 1 || !(gamma > 0) || !isfinite(gamma)) return LS_EARG;
  if (M > n / 2) return LS_EUNSUPPORTED;
  memset(info, 0, sizeof(*info));
  Ut = (cplx *)malloc(((size_t)M * n + 2) * sizeof(cplx));
  Vt = (cplx *)malloc(((size_t)M * n + 2) * sizeof(cplx));
  Kh = (cplx *)calloc((size_t)n * n + 2, sizeof(cplx));
  lam = (cplx *)malloc((size_t)n * sizeof(cplx));
  d = (double *)malloc((size_t)n * sizeof(double));
  b = (cplx *)malloc(((size_t)M + 3) * sizeof(cplx));
  A = (cplx *)malloc(((size_t)(M + 1) * (M + 2) + 16) * sizeof(cplx));
  R = (cplx *)malloc(((size_t)M * n + 2) * sizeof(cplx));
  if (!Ut || !Vt || !Kh || !lam || !d || !b || !A || !R) { st = LS_ENOMEM; goto done; }
  for (j = 0; j < n; j++) lam[j] = lambda[2 * j] + I * lambda[2 * j + 1];
  if ((st = rows_dft(n, M, U, Ut)) != LS_OK) goto done;
  if ((st = rows_dft(n, M, V, Vt)) != LS_OK) goto done;
  /* the circulant fit: K^ diagonal, z_ii = u_i^H v_i / |u_i|^2, and
     gamma_max = ( sum_(j != i) |g_ij|^2 / d_ij )^(1/2), g_i = U~^H (U~ z_i - v_i) */
  for (i = 0; i < n; i++) {
    const cplx *ui = Ut + (size_t)i * M, *v = Vt + (size_t)i * M;
    cplx num = 0.0, zi;
    double den = 0.0;
    for (t = 0; t < (size_t)M; t++) { num += conj(ui[t]) * v[t]; den += creal(ui[t] * conj(ui[t])); }
    zi = den > 0 ? num / den : 0.0;
    if (den == 0) nu++;
    for (j = 0; j < n; j++) {
      cplx g = 0.0;
      double dd = cabs(lam[i] - lam[j]);
      if (j == i) continue;
      for (t = 0; t < (size_t)M; t++) g += conj(Ut[(size_t)j * M + t]) * (ui[t] * zi - v[t]);
      gmax += creal(g * conj(g)) / (dd * dd);
    }
    Kh[(size_t)i * n + i] = zi;
  }
  info->gamma_max = gmax = sqrt(gmax);
  if (gamma >= gmax) {
    info->mu = HUGE_VAL;
    info->nonunique = nu;
  }
  else {
    /* phi(mu) = mu c(mu) rises from 0 to gamma_max: bracket gamma in log mu,
       then regula falsi (Illinois) on (log mu, log phi) */
    double lo = 0, hi = 0, flo = 0, fhi = 0, x, fx, mu;
    int have_lo = 0, have_hi = 0, side = 0, k;
    mu = 1.0;
    for (k = 0; k < 200 && !(have_lo && have_hi) && st == LS_OK; k++) {
      st = ridge_rows(n, M, Ut, Vt, lam, mu, d, R, A, b, Kh, &c, &nu);
      info->evaluations++;
      fx = log(mu * c + 1e-300) - log(gamma);
      if (fx < 0) { lo = log(mu); flo = fx; have_lo = 1; mu *= 1e3; }
      else { hi = log(mu); fhi = fx; have_hi = 1; mu *= 1e-3; }
      if (fabs(fx) < 1e-13) { have_lo = have_hi = 2; break; }
    }
    if (have_lo == 1 && have_hi == 1)
      for (k = 0; k < 200 && st == LS_OK; k++) {
        x = (lo * fhi - hi * flo) / (fhi - flo);
        mu = exp(x);
        st = ridge_rows(n, M, Ut, Vt, lam, mu, d, R, A, b, Kh, &c, &nu);
        info->evaluations++;
        fx = log(mu * c + 1e-300) - log(gamma);
        if (fabs(fx) < 1e-13 || hi - lo < 1e-14) break;
        if (fx < 0) { lo = x; flo = fx; if (side == -1) fhi /= 2; side = -1; }
        else { hi = x; fhi = fx; if (side == 1) flo /= 2; side = 1; }
      }
    if (st != LS_OK) goto done;
    info->mu = mu;
    info->nonunique = nu;
    info->stationarity = fabs(mu * c - gamma) / gamma;
  }
  measure(n, M, Ut, Vt, lam, Kh, info);
  st = to_grid(n, Kh, K, &info->imag);
done:
  free(Ut); free(Vt); free(Kh); free(lam); free(d); free(b); free(A); free(R);
  return st;
}
