/*
** deriv.h — time derivatives of sampled trajectories, column by column:
** finite differences of any even order on uniform or nonuniform times
** (Fornberg's weights on a stencil of order + 1 points, centred inside
** and shifted at the ends, so exact on polynomials of degree <= order),
** and Savitzky–Golay (the derivative of the least-squares polynomial of a
** given degree on a window of points around each time), and spectral
** differentiation of periodic samples (FFTW).  FFTW's planner is global
** to the process: a C host that calls these from several threads calls
** fftw_make_planner_thread_safe() (libfftw3_threads) once first, as the
** Lua module does when it is loaded.
*/
#ifndef LIESYM_DERIV_H
#define LIESYM_DERIV_H

/* Weights w (n) such that f'(x0) ~ sum_i w[i] f(x[i]), exact for
   polynomials of degree < n (Fornberg 1988).  The nodes must be distinct.
   LS_OK, LS_EARG or LS_ENOMEM. */
int ls_fd_weights (double x0, int n, const double *x, double *w);

/* dx (nt x m) from x (nt x m, column-major) at the nt times t (strictly
   increasing); order even, 2 <= order < nt.  LS_EARG on bad sizes. */
int ls_deriv_fd (int nt, int m, const double *t, const double *x, int order,
                 double *dx);

/* The same by Savitzky–Golay: window points (odd, degree < window <= nt)
   and a polynomial of the given degree (>= 1), the window shifted inside
   at the ends.  LS_EARG on bad sizes, or a LAPACK info. */
int ls_deriv_savgol (int nt, int m, const double *t, const double *x,
                     int window, int degree, double *dx);

/* The same for periodic samples on a uniform grid of step h (the period
   nt h, the sample at the period's end left out): the derivative of the
   trigonometric interpolant, by FFTW. */
int ls_deriv_spectral (int nt, int m, double h, const double *x, double *dx);

#endif
