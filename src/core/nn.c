/*
** nn.c — multilayer perceptrons (nn.h).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dense.h"
#include "nn.h"


static double sigm (double z) { return 1.0 / (1.0 + exp(-z)); }

static double act_f (int a, double z) {
  switch (a) {
    case LS_ACT_SWISH: return z * sigm(z);
    case LS_ACT_RELU: return z > 0 ? z : 0.0;
    case LS_ACT_TANH: return tanh(z);
    default: return sigm(z);
  }
}

static double act_d (int a, double z) {
  double s;
  switch (a) {
    case LS_ACT_SWISH: s = sigm(z); return s + z * s * (1.0 - s);
    case LS_ACT_RELU: return z > 0 ? 1.0 : 0.0;
    case LS_ACT_TANH: s = tanh(z); return 1.0 - s * s;
    default: s = sigm(z); return s * (1.0 - s);
  }
}


int ls_mlp_new (int nl, const int *widths, int act, ls_Rng *rng, ls_Mlp **out) {
  ls_Mlp *net;
  int l;
  size_t np = 0, t;
  if (nl < 1 || act < LS_ACT_SWISH || act > LS_ACT_SIGMOID) return LS_EARG;
  for (l = 0; l <= nl; l++) if (widths[l] < 1 || widths[l] > (1 << 24)) return LS_EARG;
  for (l = 1; l <= nl; l++) np += (size_t)widths[l] * (widths[l - 1] + 1);
  if (np > (size_t)INT32_MAX) return LS_ETOOBIG;
  net = (ls_Mlp *)calloc(1, sizeof(ls_Mlp));
  if (net == NULL) return LS_ENOMEM;
  net->refs = 1;
  net->nl = nl;
  net->act = act;
  net->np = np;
  net->w = (int *)malloc(((size_t)nl + 1) * sizeof(int));
  net->off = (size_t *)malloc((size_t)nl * sizeof(size_t));
  net->theta = (double *)malloc((np + 1) * sizeof(double));
  if (!net->w || !net->off || !net->theta) { ls_mlp_release(net); return LS_ENOMEM; }
  memcpy(net->w, widths, ((size_t)nl + 1) * sizeof(int));
  for (l = 1, np = 0; l <= nl; l++) {
    int fo = widths[l], fi = widths[l - 1];
    double a = sqrt(6.0 / (fi + fo));   /* Glorot uniform */
    net->off[l - 1] = np;
    for (t = 0; t < (size_t)fo * fi; t++) net->theta[np + t] = a * (2.0 * ls_rng_uniform(rng) - 1.0);
    np += (size_t)fo * fi;
    for (t = 0; t < (size_t)fo; t++) net->theta[np + t] = 0.0;
    np += (size_t)fo;
  }
  *out = net;
  return LS_OK;
}

void ls_mlp_retain (ls_Mlp *net) { if (net) net->refs++; }

void ls_mlp_release (ls_Mlp *net) {
  if (net == NULL || --net->refs > 0) return;
  free(net->w); free(net->off); free(net->theta); free(net);
}


/* the widths' sum (the activations of one sample) */
static size_t width_sum (const ls_Mlp *net) {
  size_t s = 0;
  int l;
  for (l = 0; l <= net->nl; l++) s += (size_t)net->w[l];
  return s;
}

/* forward pass keeping every layer: Z[l] (pre-activations, l >= 1) and
   H[l] (activations; H[0] = X, H[nl] = Z[nl]) in one buffer, N x w[l]
   each at offsets o[l] */
static void forward_all (const ls_Mlp *net, int N, const double *X, double *Z, double *H,
                         const size_t *o) {
  int l, nl = net->nl;
  size_t t, c;
  memcpy(H, X, (size_t)N * net->w[0] * sizeof(double));
  for (l = 1; l <= nl; l++) {
    int fo = net->w[l], fi = net->w[l - 1];
    const double *W = net->theta + net->off[l - 1], *b = W + (size_t)fo * fi;
    double *z = Z + o[l], *h = H + o[l];
    ls_gemm('N', 'T', N, fo, fi, 1.0, H + o[l - 1], N, W, fo, 0.0, z, N);
    for (c = 0; c < (size_t)fo; c++)
      for (t = 0; t < (size_t)N; t++) z[c * N + t] += b[c];
    if (l < nl) for (t = 0; t < (size_t)N * fo; t++) h[t] = act_f(net->act, z[t]);
    else memcpy(h, z, (size_t)N * fo * sizeof(double));
  }
}

static int buffers (const ls_Mlp *net, int N, size_t **o, double **Z, double **H) {
  size_t s = width_sum(net), acc = 0;
  int l;
  *o = (size_t *)malloc(((size_t)net->nl + 2) * sizeof(size_t));
  *Z = (double *)malloc(((size_t)N * s + 1) * sizeof(double));
  *H = (double *)malloc(((size_t)N * s + 1) * sizeof(double));
  if (!*o || !*Z || !*H) { free(*o); free(*Z); free(*H); return LS_ENOMEM; }
  for (l = 0; l <= net->nl; l++) { (*o)[l] = acc; acc += (size_t)N * net->w[l]; }
  return LS_OK;
}


int ls_mlp_forward (const ls_Mlp *net, int N, const double *X, double *Y) {
  size_t *o;
  double *Z, *H;
  int st;
  if (N < 0) return LS_EARG;
  if (N == 0) return LS_OK;
  if ((st = buffers(net, N, &o, &Z, &H)) != LS_OK) return st;
  forward_all(net, N, X, Z, H, o);
  memcpy(Y, H + o[net->nl], (size_t)N * net->w[net->nl] * sizeof(double));
  free(o); free(Z); free(H);
  return LS_OK;
}


/* the buffers of a forward and backward pass of up to N samples, kept
   across the minibatches of a training run */
typedef struct Work { int N; size_t *o; double *Z, *H, *G, *G2; } Work;

static void work_free (Work *w) {
  free(w->o); free(w->Z); free(w->H); free(w->G); free(w->G2);
  memset(w, 0, sizeof(*w));
}

static int work_init (const ls_Mlp *net, int N, Work *w) {
  int l, wmax = 0, st;
  memset(w, 0, sizeof(*w));
  if ((st = buffers(net, N, &w->o, &w->Z, &w->H)) != LS_OK) return st;
  for (l = 0; l <= net->nl; l++) if (net->w[l] > wmax) wmax = net->w[l];
  w->G = (double *)malloc(((size_t)N * wmax + 1) * sizeof(double));
  w->G2 = (double *)malloc(((size_t)N * wmax + 1) * sizeof(double));
  if (!w->G || !w->G2) { work_free(w); return LS_ENOMEM; }
  w->N = N;
  return LS_OK;
}

/* the offsets of N samples' layers in a workspace */
static void work_offsets (const ls_Mlp *net, int N, size_t *o) {
  size_t acc = 0;
  int l;
  for (l = 0; l <= net->nl; l++) { o[l] = acc; acc += (size_t)N * net->w[l]; }
}

static int loss_grad (const ls_Mlp *net, int N, const double *X, const double *Y,
                      double *loss, double *grad, Work *w) {
  size_t *o = w->o, t, c;
  double *Z = w->Z, *H = w->H, *G = w->G, *G2 = w->G2, s = 0.0;
  int st = LS_OK, l, nl = net->nl, no = net->w[nl];
  if (N < 1 || N > w->N) return LS_EARG;
  work_offsets(net, N, o);
  forward_all(net, N, X, Z, H, o);
  /* dL/dF = 2 (F - Y) / (N no) */
  for (t = 0; t < (size_t)N * no; t++) {
    double r = H[o[nl] + t] - Y[t];
    s += r * r;
    G[t] = 2.0 * r / ((double)N * no);
  }
  *loss = s / ((double)N * no);
  if (grad == NULL) goto done;
  for (l = nl; l >= 1; l--) {
    int fo = net->w[l], fi = net->w[l - 1];
    const double *W = net->theta + net->off[l - 1];
    double *dW = grad + net->off[l - 1], *db = dW + (size_t)fo * fi;
    ls_gemm('T', 'N', fo, fi, N, 1.0, G, N, H + o[l - 1], N, 0.0, dW, fo);
    for (c = 0; c < (size_t)fo; c++) {
      double acc = 0.0;
      for (t = 0; t < (size_t)N; t++) acc += G[c * N + t];
      db[c] = acc;
    }
    if (l > 1) {   /* G_(l-1) = (G W) o act'(Z_(l-1)) */
      double *swap;
      ls_gemm('N', 'N', N, fi, fo, 1.0, G, N, W, fo, 0.0, G2, N);
      for (t = 0; t < (size_t)N * fi; t++) G2[t] *= act_d(net->act, Z[o[l - 1] + t]);
      swap = G; G = G2; G2 = swap;
    }
  }
done:
  return st;
}


int ls_mlp_loss_grad (const ls_Mlp *net, int N, const double *X, const double *Y,
                      double *loss, double *grad) {
  Work w;
  int st;
  if (N < 1) return LS_EARG;
  if ((st = work_init(net, N, &w)) != LS_OK) return st;
  st = loss_grad(net, N, X, Y, loss, grad, &w);
  work_free(&w);
  return st;
}


int ls_mlp_jvp (const ls_Mlp *net, int N, const double *X, const double *V,
                double *F, double *JV) {
  size_t *o, t;
  double *Z, *H, *D = NULL, *D2 = NULL;
  int st, l, nl = net->nl, wmax = 0;
  if (N < 0) return LS_EARG;
  if (N == 0) return LS_OK;
  if ((st = buffers(net, N, &o, &Z, &H)) != LS_OK) return st;
  for (l = 0; l <= nl; l++) if (net->w[l] > wmax) wmax = net->w[l];
  D = (double *)malloc(((size_t)N * wmax + 1) * sizeof(double));
  D2 = (double *)malloc(((size_t)N * wmax + 1) * sizeof(double));
  if (!D || !D2) { st = LS_ENOMEM; goto done; }
  forward_all(net, N, X, Z, H, o);
  memcpy(D, V, (size_t)N * net->w[0] * sizeof(double));
  for (l = 1; l <= nl; l++) {   /* dZ_l = dH_(l-1) W_l^T, dH_l = act'(Z_l) dZ_l */
    int fo = net->w[l], fi = net->w[l - 1];
    double *swap;
    ls_gemm('N', 'T', N, fo, fi, 1.0, D, N, net->theta + net->off[l - 1], fo, 0.0, D2, N);
    if (l < nl) for (t = 0; t < (size_t)N * fo; t++) D2[t] *= act_d(net->act, Z[o[l] + t]);
    swap = D; D = D2; D2 = swap;
  }
  memcpy(JV, D, (size_t)N * net->w[nl] * sizeof(double));
  if (F) memcpy(F, H + o[nl], (size_t)N * net->w[nl] * sizeof(double));
done:
  free(o); free(Z); free(H); free(D); free(D2);
  return st;
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
  Work w;
  memset(&w, 0, sizeof(w));
  *done = 0;
  if (N < 1 || o->epochs < 0 || o->batch < 1 || !(o->lr > 0) || o->weight_decay < 0) return LS_EARG;
  B = o->batch < N ? o->batch : N;
  m = (double *)calloc(np + 1, sizeof(double));
  v = (double *)calloc(np + 1, sizeof(double));
  g = (double *)malloc((np + 1) * sizeof(double));
  Xb = (double *)malloc(((size_t)B * n0 + 1) * sizeof(double));
  Yb = (double *)malloc(((size_t)B * no + 1) * sizeof(double));
  perm = (int *)malloc(((size_t)N + 1) * sizeof(int));
  if (o->nval > 0) Fv = (double *)malloc(((size_t)o->nval * no + 1) * sizeof(double));
  if (!m || !v || !g || !Xb || !Yb || !perm || (o->nval > 0 && !Fv)) { st = LS_ENOMEM; goto out; }
  if ((st = work_init(net, B, &w)) != LS_OK) goto out;
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
      if ((st = loss_grad(net, nb, Xb, Yb, &loss, g, &w)) != LS_OK) break;
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
    }
    if (st != LS_OK) break;
    if (!ls_allfinite(net->theta, np)) { st = LS_ENONFINITE; break; }
    train[e] = sum / batches;
    if (o->nval > 0 && val) {
      if ((st = ls_mlp_loss_grad(net, o->nval, o->Xv, o->Yv, &vl, NULL)) != LS_OK) break;
      val[e] = vl;
    }
    *done = e + 1;
    if (o->progress && o->progress(o->ctx, e + 1, train[e], o->nval > 0 ? vl : NAN)) break;
  }
out:
  work_free(&w);
  free(m); free(v); free(g); free(Xb); free(Yb); free(perm); free(Fv);
  return st;
}
