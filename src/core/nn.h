/*
** nn.h — multilayer perceptrons in float64: forward, backward, Jacobians
** and Jacobian-vector products, and the whole training loop (minibatch
** Adam or SGD) in C on BLAS.
**
** A net of nl linear layers maps R^w[0] to R^w[nl]; layer l (1-based)
** is H_l = act(H_(l-1) W_l^T + 1 b_l^T) with W_l w[l] x w[l-1], the last
** layer linear.  Samples are rows: X is N x w[0], column-major.  The
** parameters theta are W_1, b_1, W_2, b_2, ... each column-major, stacked.
** The loss is the mean squared error over samples and outputs.
*/
#ifndef LIESYM_NN_H
#define LIESYM_NN_H

#include <stddef.h>
#include <stdint.h>

#include "liesym.h"

enum { LS_ACT_SWISH, LS_ACT_RELU, LS_ACT_TANH, LS_ACT_SIGMOID };
enum { LS_OPT_ADAM, LS_OPT_SGD };
enum { LS_LR_CONSTANT, LS_LR_COSINE };

typedef struct ls_Mlp {
  int refs;
  int nl, act;
  int *w;          /* nl + 1 widths */
  size_t np;       /* parameters */
  size_t *off;     /* nl offsets: W_l at off[l-1], b_l right after it */
  double *theta;
} ls_Mlp;

/* A net with Glorot-uniform weights from rng and zero biases. */
int ls_mlp_new (int nl, const int *widths, int act, ls_Rng *rng, ls_Mlp **out);
void ls_mlp_retain (ls_Mlp *net);
void ls_mlp_release (ls_Mlp *net);

/* Y (N x w[nl]) = F(X). */
int ls_mlp_forward (const ls_Mlp *net, int N, const double *X, double *Y);
/* The mean squared error of F(X) against Y and its gradient (np). */
int ls_mlp_loss_grad (const ls_Mlp *net, int N, const double *X, const double *Y,
                      double *loss, double *grad);
/* JV (N x w[nl]): row p is DF(x_p) v_p for the rows v_p of V (N x w[0]);
   F (N x w[nl], may be NULL) the values. */
int ls_mlp_jvp (const ls_Mlp *net, int N, const double *X, const double *V,
                double *F, double *JV);

typedef struct ls_TrainOpts {
  int epochs, batch, optimizer, schedule;
  double lr, weight_decay;   /* weight decay decoupled from the gradient */
  uint64_t seed;             /* the minibatch order */
  int nval;                  /* validation samples (0: none) */
  const double *Xv, *Yv;
  /* after each epoch: nonzero stops the training */
  int (*progress) (void *ctx, int epoch, double train, double val);
  void *ctx;
} ls_TrainOpts;

void ls_train_defaults (ls_TrainOpts *o);

/* Train on (X, Y) (N samples); train[e], val[e] (epochs entries each, val
   may be NULL) the epoch's mean minibatch loss and the validation MSE;
   *done the epochs run. */
int ls_mlp_train (ls_Mlp *net, int N, const double *X, const double *Y,
                  const ls_TrainOpts *o, double *train, double *val, int *done);

#endif
