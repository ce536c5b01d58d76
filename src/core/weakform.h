/*
** weakform.h — the weak form of x' = f(x) on a sampled trajectory
** (Messenger & Bortz 2021, WSINDy): against test functions phi_k with
** compact support inside the time span, integration by parts moves the
** derivative onto phi_k,
**     integral phi_k f(x) dt = - integral phi_k' x dt,
** so a fit needs no derivative of noisy data.  Each phi_k is the
** polynomial bump ((t - a)(b - t) / h^2)^p on [a, b] = [t_s, t_(s+w-1)]
** (h = (b - a) / 2) scaled to a unit integral (so that the integral of
** phi_k a is a local average of a), the K supports spread evenly over the
** samples, the integrals by the trapezoidal rule on the sample times.
*/
#ifndef LIESYM_WEAKFORM_H
#define LIESYM_WEAKFORM_H

/* out (K x ncols) = the integrals of phi_k a(t) (deriv = 0) or of
   phi_k'(t) a(t) (deriv = 1) for the columns of a (nt x ncols, one row per
   time t, strictly increasing).  2 <= w <= nt, 1 <= K <= nt - w + 1,
   p >= 1.  LS_OK or LS_EARG. */
int ls_weak_project (int nt, const double *t, int K, int w, int p, int deriv,
                     int ncols, const double *a, double *out);

#endif
