/*
** model_nn.c — the Lie-derivative operator of a net's layers (nn.h):
** for layer l with actions rho_in on its input (with its products) and
** rho_out on its pre-activations (with its gates), and each generator xi,
**     L_xi W_l = W_l drho_in(xi) - drho_out(xi) W_l,   L_xi b_l = -drho_out(xi) b_l,
** stacked over the layers as one column of B(theta) per generator (the
** paper's stacked operator: its null space is the common symmetry of
** every layer).  The parameter blocks are theta's: W_l, b_l of a free
** layer; of a structured one its coefficients (no term: equivariant by
** construction) and, for a residual layer, its free W_l, b_l.
*/
#include <stdlib.h>

#include "lieop.h"
#include "nn.h"


/* a dense n x n matrix as sparse entries, transposed when t */
static int sparse_of (int n, const double *a, int t, ls_Sm **out) {
  long nnz = 0, k = 0;
  size_t i, nn = (size_t)n * n;
  int *r, *c, st;
  double *v;
  for (i = 0; i < nn; i++) if (a[i] != 0.0) nnz++;
  r = (int *)malloc(((size_t)nnz + 1) * sizeof(int));
  c = (int *)malloc(((size_t)nnz + 1) * sizeof(int));
  v = (double *)malloc(((size_t)nnz + 1) * sizeof(double));
  if (!r || !c || !v) { free(r); free(c); free(v); return LS_ENOMEM; }
  for (i = 0; i < nn; i++)
    if (a[i] != 0.0) {
      int row = (int)(i % (size_t)n), col = (int)(i / (size_t)n);
      r[k] = t ? col : row;
      c[k] = t ? row : col;
      v[k++] = a[i];
    }
  st = ls_sm_entries(n, n, nnz, r, c, v, out);
  free(r); free(c); free(v);
  return st;
}


/* the coefficients of a structured layer's blocks: a parameter block the
   operator has no term on (equivariant by construction) */
static size_t coef_count (const ls_Mlp *net, int l) {
  size_t c = 0;
  int k;
  for (k = 0; k < net->nblocks[l]; k++) {
    const ls_NnBlock *b = &net->blocks[l][k];
    c += (size_t)b->d * b->ni * b->no;
  }
  return c;
}

int ls_model_nn (const ls_Mlp *net, int q, const double *const *din,
                 const double *const *dout, ls_Op **out) {
  int P = 0, *n, *k, l, i, st = LS_OK, rw, rb, free_layers = 0;
  int *wblock;   /* a layer's W block index, or -1 */
  ls_Op *op = NULL;
  *out = NULL;
  if (q < 1) return LS_EARG;
  n = (int *)malloc(((size_t)3 * net->nl + 1) * sizeof(int));
  k = (int *)malloc(((size_t)3 * net->nl + 1) * sizeof(int));
  wblock = (int *)malloc(((size_t)net->nl + 1) * sizeof(int));
  if (!n || !k || !wblock) { free(n); free(k); free(wblock); return LS_ENOMEM; }
  for (l = 0; l < net->nl; l++) {   /* theta's layout, block by block */
    wblock[l] = -1;
    if (net->nblocks[l] > 0) {
      size_t c = coef_count(net, l);
      if (c > (size_t)INT32_MAX) { st = LS_ETOOBIG; break; }
      n[P] = (int)c; k[P++] = 1;
      if (!net->res[l]) continue;
    }
    wblock[l] = P;
    n[P] = net->z[l + 1]; k[P++] = net->w[l] + net->f[l + 1];
    n[P] = net->z[l + 1]; k[P++] = 1;
    free_layers++;
  }
  if (st == LS_OK && free_layers == 0) st = LS_EARG;   /* nothing to promote */
  if (st == LS_OK) st = ls_op_new(P, n, k, q, &op);
  for (l = 0; l < net->nl && st == LS_OK; l++) {
    int wb = wblock[l], fo, fi;
    ls_Sm *Iin = NULL, *Iout = NULL, *I1 = NULL;
    if (wb < 0) continue;
    fo = n[wb];
    fi = k[wb];
    if ((st = ls_op_rows(op, -1, fo, fi, LS_S_IDENTITY, 0, NULL, &rw)) != LS_OK ||
        (st = ls_op_rows(op, -1, fo, 1, LS_S_IDENTITY, 0, NULL, &rb)) != LS_OK ||
        (st = ls_sm_identity(fi, &Iin)) != LS_OK || (st = ls_sm_identity(fo, &Iout)) != LS_OK ||
        (st = ls_sm_identity(1, &I1)) != LS_OK) {
      ls_sm_release(Iin); ls_sm_release(Iout); ls_sm_release(I1);
      break;
    }
    for (i = 0; i < q && st == LS_OK; i++) {
      ls_Sm *AT = NULL, *B = NULL;
      const double *A = din[(size_t)l * q + i], *Bd = dout[(size_t)l * q + i];
      if (A == NULL || Bd == NULL) { st = LS_EARG; break; }
      if ((st = sparse_of(fi, A, 1, &AT)) == LS_OK && (st = sparse_of(fo, Bd, 0, &B)) == LS_OK) {
        /* W A = I W (A^T)^T;  - B W I^T;  - B b */
        st = ls_op_term(op, i, rw, wb, 1.0, Iout, AT, NULL);
        if (st == LS_OK) st = ls_op_term(op, i, rw, wb, -1.0, B, Iin, NULL);
        if (st == LS_OK) st = ls_op_term(op, i, rb, wb + 1, -1.0, B, I1, NULL);
      }
      ls_sm_release(AT); ls_sm_release(B);
    }
    ls_sm_release(Iin); ls_sm_release(Iout); ls_sm_release(I1);
  }
  free(n); free(k); free(wblock);
  if (st != LS_OK) { ls_op_release(op); return st; }
  *out = op;
  return LS_OK;
}
