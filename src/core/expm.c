/*
** expm.c — matrix exponential by scaling and squaring with Pade
** approximants of degree 3, 5, 7, 9 or 13, chosen from the 1-norm as in
** N. J. Higham, "The scaling and squaring method for the matrix exponential
** revisited", SIAM J. Matrix Anal. Appl. 26(4), 2005, Algorithm 2.3.
** The thetas bound the backward error of each approximant by unit roundoff.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linalg.h"

/* squarings at most: the norm may reach theta[4] 2^30, about 5.8e9 */
#define MAX_SQUARINGS 30

static const double theta[] = {  /* for degrees 3, 5, 7, 9, 13 */
  1.495585217958292e-2, 2.539398330063230e-1, 9.504178996162932e-1,
  2.097847961257068e0, 5.371920351148152e0
};

static const double b3[] = {120., 60., 12., 1.};
static const double b5[] = {30240., 15120., 3360., 420., 30., 1.};
static const double b7[] = {17297280., 8648640., 1995840., 277200., 25200.,
                            1512., 56., 1.};
static const double b9[] = {17643225600., 8821612800., 2075673600.,
                            302702400., 30270240., 2162160., 110880., 3960.,
                            90., 1.};
static const double b13[] = {64764752532480000., 32382376266240000.,
                             7771770303897600., 1187353796428800.,
                             129060195264000., 10559470521600.,
                             670442572800., 33522128640., 1323241920.,
                             40840800., 960960., 16380., 182., 1.};


/* y = sum_k c[k] * P[k] over the listed powers (P[0] = I implicit) */
static void combine (int n, double *y, const double *c, int npow,
                     double *const *pw) {
  size_t nn = (size_t)n * n, i;
  int k;
  memset(y, 0, nn * sizeof(double));
  for (i = 0; i < (size_t)n; i++) y[i * n + i] = c[0];
  for (k = 1; k <= npow; k++)
    if (c[k] != 0.0)
      for (i = 0; i < nn; i++) y[i] += c[k] * pw[k][i];
}


int ls_expm (int n, const double *a, double *e) {
  size_t nn = (size_t)n * n, i;
  double norm, *buf, *A, *A2, *A4, *A6, *U, *V, *T, *P;
  int s = 0, deg, status;
  if (n == 0) return LS_OK;
  if (!ls_allfinite(a, nn)) return LS_ENONFINITE;
  norm = ls_norm_1(n, n, a);
  /* a finite matrix can still have an infinite norm (the sum overflows):
     no scaling brings it into range */
  if (!isfinite(norm)) return LS_EOVERFLOW;
  if (norm <= theta[0]) deg = 3;
  else if (norm <= theta[1]) deg = 5;
  else if (norm <= theta[2]) deg = 7;
  else if (norm <= theta[3]) deg = 9;
  else {
    deg = 13;
    /* each squaring can double the relative error of a non-normal
       matrix: after s of them the bound is 2^s eps, 2.4e-7 at the
       MAX_SQUARINGS allowed ([[-1e16, 1e16], [0, 0]], 51 squarings, gave
       0.78 for 1) */
    if (norm > theta[4]) {
      double sd = ceil(log2(norm / theta[4]));
      if (sd > MAX_SQUARINGS) return LS_EOVERFLOW;
      s = (int)sd;
    }
  }
  if ((buf = (double *)malloc(8 * nn * sizeof(double))) == NULL)
    return LS_ENOMEM;
  A = buf; A2 = A + nn; A4 = A2 + nn; A6 = A4 + nn;
  U = A6 + nn; V = U + nn; T = V + nn; P = T + nn;
  for (i = 0; i < nn; i++) A[i] = ldexp(a[i], -s);
  ls_matmul(n, n, n, A, A, A2);
  if (deg == 13) {
    double *pw[7];
    ls_matmul(n, n, n, A2, A2, A4);
    ls_matmul(n, n, n, A4, A2, A6);
    pw[0] = NULL; pw[1] = NULL; pw[2] = A2; pw[3] = NULL; pw[4] = A4;
    pw[5] = NULL; pw[6] = A6;
    {  /* U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I] */
      const double hi[] = {0, 0, b13[9], 0, b13[11], 0, b13[13]};
      const double lo[] = {b13[1], 0, b13[3], 0, b13[5], 0, b13[7]};
      combine(n, T, hi, 6, pw);
      ls_matmul(n, n, n, A6, T, P);
      combine(n, T, lo, 6, pw);
      for (i = 0; i < nn; i++) P[i] += T[i];
      ls_matmul(n, n, n, A, P, U);
    }
    {  /* V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I */
      const double hi[] = {0, 0, b13[8], 0, b13[10], 0, b13[12]};
      const double lo[] = {b13[0], 0, b13[2], 0, b13[4], 0, b13[6]};
      combine(n, T, hi, 6, pw);
      ls_matmul(n, n, n, A6, T, V);
      combine(n, T, lo, 6, pw);
      for (i = 0; i < nn; i++) V[i] += T[i];
    }
  }
  else {
    const double *b = deg == 3 ? b3 : deg == 5 ? b5 : deg == 7 ? b7 : b9;
    double *pw[9];
    double odd[9], even[9];
    int k, npow = deg - 1;  /* highest even power used */
    memset(pw, 0, sizeof(pw));
    pw[2] = A2;
    if (npow >= 4) { ls_matmul(n, n, n, A2, A2, A4); pw[4] = A4; }
    if (npow >= 6) { ls_matmul(n, n, n, A4, A2, A6); pw[6] = A6; }
    if (npow >= 8) { ls_matmul(n, n, n, A6, A2, P); pw[8] = P; }
    for (k = 0; k <= npow; k++) {
      odd[k] = (k % 2 == 0) ? b[k + 1] : 0.0;
      even[k] = (k % 2 == 0) ? b[k] : 0.0;
    }
    combine(n, T, odd, npow, pw);
    ls_matmul(n, n, n, A, T, U);
    combine(n, V, even, npow, pw);
  }
  /* r = (V - U)^{-1} (V + U) */
  for (i = 0; i < nn; i++) { T[i] = V[i] - U[i]; P[i] = V[i] + U[i]; }
  status = ls_solve(n, n, T, P, e);
  while (status == LS_OK && s-- > 0) {
    ls_matmul(n, n, n, e, e, T);
    memcpy(e, T, nn * sizeof(double));
  }
  free(buf);
  if (status == LS_OK && !ls_allfinite(e, nn)) status = LS_EOVERFLOW;
  return status;
}
