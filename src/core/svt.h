/*
** svt.h — singular-value thresholding, the proximal map of t ||.||_*:
** Z = U diag(max(s - t, 0)) V^T for X = U diag(s) V^T (p x q).
*/
#ifndef LIESYM_SVT_H
#define LIESYM_SVT_H

typedef struct ls_Svt ls_Svt;

/* workspace for p x q matrices; NULL when out of memory */
ls_Svt *ls_svt_new (int p, int q);
void ls_svt_free (ls_Svt *s);

/* z = SVT_t(x); *nuc = sum of the thresholded singular values, *rank
   their count */
int ls_svt (ls_Svt *s, const double *x, double t, double *z, double *nuc,
            int *rank);

#endif
