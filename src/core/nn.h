/*
** nn.h — multilayer perceptrons in float64: forward, backward, Jacobians
** and Jacobian-vector products, and the whole training loop (minibatch
** Adam or SGD) in C on BLAS; plain, gated and equivariant (structured)
** layers.
**
** A net of nl linear layers maps R^w[0] to R^w[nl]; layer l (1-based) is
** Z_l = H_(l-1) W_l^T + 1 b_l^T with W_l z[l] x w[l-1], then H_l =
** act(Z_l) entrywise (z[l] = w[l]) or, for a gated layer, the gated
** nonlinearity of EMLP: H_l[:, i] = Z_l[:, i] * sigmoid(Z_l[:, gate_i]),
** i < w[l] <= z[l] (a scalar gates itself: swish; the gates are the last
** z[l] - w[l] columns).  The last layer is linear.  A layer may read, beside
** H_(l-1), products of pairs of its blocks (EMLP's bilinear terms): pair
** (a, b) appends 0.1 * (x_a (x) x_b) (b's index fastest) for the column
** ranges x_a, x_b of H_(l-1), so that W_l is z[l] x (w[l-1] + f[l]).  Samples are rows: X
** is N x w[0], column-major.  The loss is the mean squared error over
** samples and outputs.
**
** Parameters theta: a free layer holds W_l, b_l (column-major, in that
** order); a structured layer holds the coefficients of its blocks, W_l
** and b_l being Q-combinations of them (ls_NnBlock), plus, for a
** residual layer, a free W_l, b_l after them.  The dense W_l, b_l
** of every layer are kept in wb (theta itself when no layer is
** structured), recomputed by ls_mlp_sync after theta changes.
*/
#ifndef LIESYM_NN_H
#define LIESYM_NN_H

#include <stddef.h>
#include <stdint.h>

#include "liesym.h"

enum { LS_ACT_SWISH, LS_ACT_RELU, LS_ACT_TANH, LS_ACT_SIGMOID };
enum { LS_OPT_ADAM, LS_OPT_SGD };
enum { LS_LR_CONSTANT, LS_LR_COSINE };
enum { LS_INIT_GLOROT, LS_INIT_ORTHOGONAL };

/* One block of a structured layer: the maps from a summand type of dim
   din to one of dim dout in the span of Q (dout*din x d, each column the
   vec of a dout x din matrix, column-major), for every copy pair (i of
   ni at input offset in_off[i], j of no at output offset out_off[j]);
   pair (i, j) has d coefficients at theta[coef + (i*no + j)*d ...].  A
   bias block has din = 0, ni = 1 and Q dout x d (invariant vectors). */
typedef struct ls_NnBlock {
  int din, dout, d, ni, no;
  int *in_off, *out_off;
  double *Q;
  size_t coef;
} ls_NnBlock;

#define LS_NN_PAIR_SCALE 0.1

/* A layer as given to ls_mlp_new_layers (copied) */
typedef struct ls_NnLayerSpec {
  int width, zwidth;        /* w[l] and z[l] (>= w[l]) */
  const int *gate;          /* width entries in [0, zwidth), or NULL */
  int npairs;               /* products read from the layer's input */
  const int *pairs;         /* 4 per pair: offset and size of x_a, of x_b
                               (columns of H_(l-1)); the features follow
                               H_(l-1) in pair order */
  int nblocks;              /* 0: a free layer */
  const ls_NnBlock *blocks; /* coef is assigned by the constructor */
  int residual;             /* with blocks: W_l, b_l also have a free part
                               (after the coefficients in theta), zero at
                               the start: an equivariant layer plus a
                               residual, as Residual Pathway Priors */
} ls_NnLayerSpec;

typedef struct ls_Mlp {
  int refs;
  int nl, act;
  int *w, *z;      /* nl + 1 widths: after and before the nonlinearity */
  int *f;          /* nl + 1: f[l] the product features layer l reads
                      (f[0] = 0); W_l has w[l-1] + f[l] columns */
  int *npairs, **pairs;   /* nl: layer l's pairs (4 ints each) */
  int **feat;      /* nl: the product features H_(l-1) carries for layer
                      l, feat[l-1][2c], [2c+1] the columns multiplied */
  int **gate;      /* nl: a layer's gates, or NULL */
  int *nblocks;    /* nl: 0 for a free layer */
  size_t *res;     /* nl: a structured layer's free part in theta, or 0 */
  ls_NnBlock **blocks;
  size_t np, nwb;  /* parameters; entries of the dense W_l, b_l */
  size_t *off;     /* nl: a layer's first parameter */
  size_t *woff;    /* nl: W_l in wb (b_l right after it) */
  double *theta, *wb;
  double *tmp;     /* the largest block's Q-product (structured nets) */
  size_t ntmp;
} ls_Mlp;

/* A net with Glorot-uniform weights from rng and zero biases. */
int ls_mlp_new (int nl, const int *widths, int act, ls_Rng *rng, ls_Mlp **out);
/* A net of gated and/or structured layers on R^n_in.  LS_INIT_ORTHOGONAL
   (as EMLP): each W_l starts as the projection of a random orthogonal
   matrix onto its blocks' span (Q orthonormal), b_l as that of uniform
   [0, 1/sqrt(z[l])) entries; LS_INIT_GLOROT as ls_mlp_new. */
int ls_mlp_new_layers (int nl, int n_in, const ls_NnLayerSpec *layers, int act, int init,
                       ls_Rng *rng, ls_Mlp **out);
/* Recompute the dense W_l, b_l from theta (after theta changed). */
void ls_mlp_sync (ls_Mlp *net);
/* The gradient in theta (np) of one in the dense W_l, b_l (nwb). */
void ls_mlp_reduce (const ls_Mlp *net, const double *gwb, double *g);
void ls_mlp_retain (ls_Mlp *net);
void ls_mlp_release (ls_Mlp *net);

/* The buffers of a forward and backward pass of up to N samples, kept
   across the minibatches of a training run. */
typedef struct ls_NnWork { int N; size_t *o; double *Z, *H, *G, *G2, *gwb; } ls_NnWork;
int ls_nn_work_init (const ls_Mlp *net, int N, ls_NnWork *w);
void ls_nn_work_free (ls_NnWork *w);
/* ls_mlp_loss_grad on a workspace (n <= w->N samples) */
int ls_nn_loss_grad (const ls_Mlp *net, int N, const double *X, const double *Y,
                     double *loss, double *grad, ls_NnWork *w);

/* Y (N x w[nl]) = F(X). */
int ls_mlp_forward (const ls_Mlp *net, int N, const double *X, double *Y);
/* The mean squared error of F(X) against Y and its gradient (np). */
int ls_mlp_loss_grad (const ls_Mlp *net, int N, const double *X, const double *Y,
                      double *loss, double *grad);
/* JV (N x w[nl]): row p is DF(x_p) v_p for the rows v_p of V (N x w[0]);
   F (N x w[nl], may be NULL) the values. */
int ls_mlp_jvp (const ls_Mlp *net, int N, const double *X, const double *V,
                double *F, double *JV);

struct ls_Op;
/* The Lie-derivative operator of a net's layers over q generators (of the
   free layers and the residuals of structured ones; LS_EARG when there
   are none): L_xi W_l = W_l din - dout W_l and L_xi b_l = -dout b_l, din[l*q + i] (the layer's input columns, with its products,
   squared) and dout[l*q + i] (its pre-activations, squared) dense, kept
   sparse; one column of B(theta) per generator, stacked over the layers,
   theta the net's parameters. */
int ls_model_nn (const ls_Mlp *net, int q, const double *const *din,
                 const double *const *dout, struct ls_Op **out);

typedef struct ls_TrainOpts {
  int epochs, batch, optimizer, schedule;
  double lr, weight_decay;   /* weight decay decoupled from the gradient */
  uint64_t seed;             /* the minibatch order */
  int nval;                  /* validation samples (0: none) */
  const double *Xv, *Yv;
  /* after each epoch: nonzero stops the training */
  int (*progress) (void *ctx, int epoch, double train, double val);
  void *ctx;
  /* promote: gamma |B(theta)|_* added to the loss (B from ls_model_nn),
     by a primal-dual splitting with dual step dual_step > 0 (nn_train.c),
     or NULL */
  const struct ls_Op *penalty;
  double gamma, dual_step;
  int penalty_every;       /* steps between dual moves (0: 1) */
  double *penalty_value;   /* epochs entries (may be NULL): |B(theta)|_* after each */
} ls_TrainOpts;

void ls_train_defaults (ls_TrainOpts *o);

/* Train on (X, Y) (N samples); train[e], val[e] (epochs entries each, val
   may be NULL) the epoch's mean minibatch loss and the validation MSE;
   *done the epochs run. */
int ls_mlp_train (ls_Mlp *net, int N, const double *X, const double *Y,
                  const ls_TrainOpts *o, double *train, double *val, int *done);

#endif
