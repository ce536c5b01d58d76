/*
** convfit.h — the exact promote solve for translation-equivariant
** operators on a periodic 1-D grid, in closed form.
**
** min ||D K - K D||_F  subject to  U K^T = V      (U, V: M x n, K n x n)
**
** D the grid's spectral derivative (grid.h: eigenvalues i k w0, the
** Nyquist mode's pi n / L, all distinct).  D is diagonal in the unitary
** Fourier basis F, and with K^ = F* K F, U~ = U conj(F), V~ = V conj(F)
** the problem separates by the rows z of K^: each minimises
** sum_j |lambda_i - lambda_j|^2 |z_j|^2 subject to U~ z = v~_i, a weighted
** minimum-norm solution (z_i, of weight 0, free).  Solved through the
** (M+1) x (M+1) bordered dual system when M is small, through the null
** space of U~ (one SVD for all rows) when it is not; least squares with
** the minimum-norm solution where a system is singular.  The nuclear norm
** of the one-column B(K) is its Frobenius norm, so this is ls.promote's
** exact mode for the translation of a 1-D grid.  It plans FFTs: see
** deriv.h on threads.
*/
#ifndef LIESYM_CONVFIT_H
#define LIESYM_CONVFIT_H

typedef struct ls_ConvFitInfo {
  double residual;     /* ||U K^T - V||_F / ||V||_F */
  double objective;    /* ||D K - K D||_F */
  double imag;         /* the largest |Im K| before it is dropped */
  int nonunique;       /* rows whose solution was not unique (minimum norm) */
  /* the penalized solve */
  double mu;           /* the ridge weight whose solution it is (inf: circulant) */
  double gamma_max;    /* above it the optimum is the circulant fit */
  double stationarity; /* |mu ||DK - KD|| - gamma| / gamma at the end */
  int evaluations;     /* row solves of the whole grid */
} ls_ConvFitInfo;

/* K (n x n) from U, V (M x n, column-major); lambda the n eigenvalues of D
   on the Fourier modes e^(2 pi i j k / n) (k = 0..n-1) as re, im pairs
   (2n doubles).  LS_OK, LS_EARG, LS_ENOMEM or a LAPACK info. */
int ls_conv_fit (int n, int M, const double *lambda, const double *U,
                 const double *V, double *K, ls_ConvFitInfo *info);

/* The penalized problem min 1/2 ||U K^T - V||_F^2 + gamma ||D K - K D||_F
   (ls.promote's penalized mode, one generator): its optimum is the
   ridge-type solution of min 1/2 ||U K^T - V||^2 + mu/2 ||D K - K D||^2
   whose mu ||D K - K D|| = gamma (each such solve separates by rows as
   above), found by safeguarded regula falsi on log mu; for gamma at or
   above gamma_max (closed form: the dual norm of the data term's gradient
   at the circulant least-squares fit) the optimum is that fit.  Rows
   through the dual system: M <= n / 2 (LS_EUNSUPPORTED otherwise). */
int ls_conv_fit_penalized (int n, int M, const double *lambda, const double *U,
                           const double *V, double gamma, double *K,
                           ls_ConvFitInfo *info);

#endif
