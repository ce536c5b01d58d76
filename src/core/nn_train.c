/*
** nn_train.c — the training loop of a net (nn.h): minibatches in the
** order of liesym's generator, Adam or SGD with decoupled weight decay,
** a constant or cosine learning rate; a structured net's dense weights
** recomputed after every step.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dense.h"
#include "lieop.h"
#include "linalg.h"
#include "nn.h"


/* promote's penalty gamma |B(theta)|_* by a primal-dual splitting: the
   penalty is max over |L|_2 <= gamma of <L, B theta>; each step moves the
   dual L by dual_step B(theta) and projects it back onto the spectral-norm
   ball (its singular values clipped at gamma), and the primal gradient
   gains B^*(L).  At a fixed point B(theta) vanishes along every direction
   where L is inside the ball: the penalty's zeros are reached, not
   oscillated about as a subgradient step would.  The dual (an apply and
   an adjoint of the operator, the costly part) moves every
   penalty_every steps, by that many steps' worth; the steps between
   reuse B^*(L).  q, the candidate's
   dimension, is small: the SVDs come from the q x q Gram matrices. */
typedef struct Penalty {
  const ls_Op *op;
  int s, q;
  double *B, *L, *G, *K, *lam, *V, *D, *gp;
} Penalty;

static void penalty_free (Penalty *P) {
  free(P->B); free(P->L); free(P->G); free(P->K); free(P->lam); free(P->V); free(P->D);
  free(P->gp);
}

static int penalty_init (Penalty *P, const ls_Op *op, size_t np) {
  size_t sq;
  memset(P, 0, sizeof(*P));
  if (op == NULL) return LS_OK;
  if ((size_t)ls_op_params(op) != np) return LS_EARG;
  P->op = op;
  P->s = ls_op_rowcount(op);
  P->q = ls_op_gens(op);
  sq = (size_t)P->s * P->q;
  P->B = (double *)malloc((sq + 1) * sizeof(double));
  P->L = (double *)calloc(sq + 1, sizeof(double));
  P->G = (double *)malloc((sq + 1) * sizeof(double));
  P->K = (double *)malloc(((size_t)P->q * P->q + 1) * sizeof(double));
  P->lam = (double *)malloc(((size_t)P->q + 1) * sizeof(double));
  P->V = (double *)malloc(((size_t)P->q * P->q + 1) * sizeof(double));
  P->D = (double *)malloc(((size_t)P->q * P->q + 1) * sizeof(double));
  P->gp = (double *)malloc((np + 1) * sizeof(double));
  if (!P->B || !P->L || !P->G || !P->K || !P->lam || !P->V || !P->D || !P->gp) {
    penalty_free(P);
    return LS_ENOMEM;
  }
  return LS_OK;
}

/* the singular values of A (s x q) from its Gram matrix: lam (their
   squares, ascending) and V; returns LS_* */
static int gram_svd (Penalty *P, const double *A) {
  int q = P->q;
  ls_gemm('T', 'N', q, q, P->s, 1.0, A, P->s, A, P->s, 0.0, P->K, q);
  return ls_eigh(q, P->K, P->lam, P->V);
}

/* |B(theta)|_* */
static int penalty_value (Penalty *P, const double *theta, double *nuc) {
  int k, st;
  *nuc = 0.0;
  if ((st = ls_op_apply(P->op, theta, P->B)) != LS_OK || (st = gram_svd(P, P->B)) != LS_OK)
    return st;
  for (k = 0; k < P->q; k++) *nuc += sqrt(fmax(P->lam[k], 0.0));
  return LS_OK;
}

/* one dual step: L <- proj(L + dual_step B(theta)), gp = B^*(L) */
static int penalty_update (Penalty *P, const double *theta, double gamma, double dual_step) {
  int q = P->q, i, j, k, st;
  size_t t, sq = (size_t)P->s * q;
  if ((st = ls_op_apply(P->op, theta, P->B)) != LS_OK) return st;
  for (t = 0; t < sq; t++) P->L[t] += dual_step * P->B[t];
  if ((st = gram_svd(P, P->L)) != LS_OK) return st;
  /* L <- L V diag(min(1, gamma / s)) V^T */
  memset(P->D, 0, (size_t)q * q * sizeof(double));
  for (k = 0; k < q; k++) {
    double sk = sqrt(fmax(P->lam[k], 0.0)), c = sk > gamma ? gamma / sk : 1.0;
    for (j = 0; j < q; j++)
      for (i = 0; i < q; i++) P->D[(size_t)j * q + i] += c * P->V[(size_t)k * q + i] * P->V[(size_t)k * q + j];
  }
  ls_gemm('N', 'N', P->s, q, q, 1.0, P->L, P->s, P->D, q, 0.0, P->G, P->s);
  memcpy(P->L, P->G, sq * sizeof(double));
  return ls_op_adjoint(P->op, P->L, P->gp);
}

void ls_train_defaults (ls_TrainOpts *o) {
  memset(o, 0, sizeof(*o));
  o->epochs = 100;
  o->batch = 32;
  o->optimizer = LS_OPT_ADAM;
  o->schedule = LS_LR_CONSTANT;
  o->lr = 1e-3;
  o->seed = 0;
}


int ls_mlp_train (ls_Mlp *net, int N, const double *X, const double *Y,
                  const ls_TrainOpts *o, double *train, double *val, int *done) {
  int n0 = net->w[0], no = net->w[net->nl], B, e, st = LS_OK, *perm = NULL;
  size_t np = net->np, t, step = 0;
  double *m = NULL, *v = NULL, *g = NULL, *Xb = NULL, *Yb = NULL, *Fv = NULL;
  const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
  ls_Rng rng;
  ls_NnWork w;
  Penalty pen;
  memset(&w, 0, sizeof(w));
  memset(&pen, 0, sizeof(pen));
  *done = 0;
  if (N < 1 || o->epochs < 0 || o->batch < 1 || !(o->lr > 0) || o->weight_decay < 0 ||
      (o->penalty != NULL && (!(o->gamma >= 0) || !(o->dual_step > 0))))
    return LS_EARG;
  if ((st = penalty_init(&pen, o->penalty, np)) != LS_OK) return st;
  B = o->batch < N ? o->batch : N;
  m = (double *)calloc(np + 1, sizeof(double));
  v = (double *)calloc(np + 1, sizeof(double));
  g = (double *)malloc((np + 1) * sizeof(double));
  Xb = (double *)malloc(((size_t)B * n0 + 1) * sizeof(double));
  Yb = (double *)malloc(((size_t)B * no + 1) * sizeof(double));
  perm = (int *)malloc(((size_t)N + 1) * sizeof(int));
  if (o->nval > 0) Fv = (double *)malloc(((size_t)o->nval * no + 1) * sizeof(double));
  if (!m || !v || !g || !Xb || !Yb || !perm || (o->nval > 0 && !Fv)) { st = LS_ENOMEM; goto out; }
  if ((st = ls_nn_work_init(net, B, &w)) != LS_OK) goto out;
  ls_rng_seed(&rng, o->seed);
  for (e = 0; e < o->epochs && st == LS_OK; e++) {
    double lr = o->lr, sum = 0.0, vl = 0.0;
    int start, batches = 0;
    if (o->schedule == LS_LR_COSINE) lr *= 0.5 * (1.0 + cos(3.14159265358979323846 * e / o->epochs));
    ls_rng_permutation(&rng, N, perm);
    for (start = 0; start < N && st == LS_OK; start += B) {
      int nb = N - start < B ? N - start : B, r, c;
      double loss;
      for (c = 0; c < n0; c++)
        for (r = 0; r < nb; r++) Xb[(size_t)c * nb + r] = X[(size_t)c * N + perm[start + r]];
      for (c = 0; c < no; c++)
        for (r = 0; r < nb; r++) Yb[(size_t)c * nb + r] = Y[(size_t)c * N + perm[start + r]];
      if ((st = ls_nn_loss_grad(net, nb, Xb, Yb, &loss, g, &w)) != LS_OK) break;
      if (pen.op != NULL) {   /* the dual moves every `every` steps, by as much */
        int every = o->penalty_every > 0 ? o->penalty_every : 1;
        if (step % (size_t)every == 0 &&   /* step counts the steps before this one */
            (st = penalty_update(&pen, net->theta, o->gamma, o->dual_step * every)) != LS_OK)
          break;
        for (t = 0; t < np; t++) g[t] += pen.gp[t];
      }
      sum += loss;
      batches++;
      step++;
      if (o->optimizer == LS_OPT_ADAM) {
        double c1 = 1.0 - pow(b1, (double)step), c2 = 1.0 - pow(b2, (double)step);
        for (t = 0; t < np; t++) {
          m[t] = b1 * m[t] + (1 - b1) * g[t];
          v[t] = b2 * v[t] + (1 - b2) * g[t] * g[t];
          net->theta[t] -= lr * (m[t] / c1 / (sqrt(v[t] / c2) + eps) + o->weight_decay * net->theta[t]);
        }
      }
      else
        for (t = 0; t < np; t++) net->theta[t] -= lr * (g[t] + o->weight_decay * net->theta[t]);
      ls_mlp_sync(net);
    }
    if (st != LS_OK) break;
    if (!ls_allfinite(net->theta, np)) { st = LS_ENONFINITE; break; }
    train[e] = sum / batches;
    if (pen.op != NULL && o->penalty_value != NULL &&
        (st = penalty_value(&pen, net->theta, &o->penalty_value[e])) != LS_OK)
      break;
    if (o->nval > 0 && val) {
      if ((st = ls_mlp_loss_grad(net, o->nval, o->Xv, o->Yv, &vl, NULL)) != LS_OK) break;
      val[e] = vl;
    }
    *done = e + 1;
    if (o->progress && o->progress(o->ctx, e + 1, train[e], o->nval > 0 ? vl : NAN)) break;
  }
out:
  ls_nn_work_free(&w);
  penalty_free(&pen);
  free(m); free(v); free(g); free(Xb); free(Yb); free(perm); free(Fv);
  return st;
}
