/*
** nn_pass.c — a net's passes (nn.h): forward, the loss and its gradient
** by backpropagation, and Jacobian-vector products, on the dense W_l, b_l
** (every layer kind is a dense layer here; structured ones map their
** gradient back to their coefficients by ls_mlp_reduce).
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

#define W_OF(net, l) ((net)->wb + (net)->woff[(l) - 1])


/* H_l from Z_l (N rows): entrywise, or gated */
static void nonlinearity (const ls_Mlp *net, int l, int N, const double *z, double *h) {
  const int *g = net->gate[l - 1];
  size_t t, i;
  if (g == NULL) {
    for (t = 0; t < (size_t)N * net->w[l]; t++) h[t] = act_f(net->act, z[t]);
    return;
  }
  for (i = 0; i < (size_t)net->w[l]; i++) {
    const double *zi = z + i * N, *zg = z + (size_t)g[i] * N;
    for (t = 0; t < (size_t)N; t++) h[i * N + t] = zi[t] * sigm(zg[t]);
  }
}

/* dZ_l (N x z[l]) from dH_l (N x w[l]) at Z_l: the chain rule backwards */
static void nonlinearity_back (const ls_Mlp *net, int l, int N, const double *z,
                               const double *dh, double *dz) {
  const int *g = net->gate[l - 1];
  size_t t, i;
  if (g == NULL) {
    for (t = 0; t < (size_t)N * net->w[l]; t++) dz[t] = dh[t] * act_d(net->act, z[t]);
    return;
  }
  memset(dz, 0, (size_t)N * net->z[l] * sizeof(double));
  for (i = 0; i < (size_t)net->w[l]; i++) {
    const double *zi = z + i * N, *zg = z + (size_t)g[i] * N, *di = dh + i * N;
    double *ei = dz + i * N, *eg = dz + (size_t)g[i] * N;
    for (t = 0; t < (size_t)N; t++) {
      double s = sigm(zg[t]);
      ei[t] += di[t] * s;
      eg[t] += di[t] * zi[t] * s * (1.0 - s);
    }
  }
}

/* dH_l (N x w[l]) from dZ_l (N x z[l]) at Z_l: the chain rule forwards;
   dh and dz do not overlap */
static void nonlinearity_jvp (const ls_Mlp *net, int l, int N, const double *z,
                              const double *dz, double *dh) {
  const int *g = net->gate[l - 1];
  size_t t, i;
  if (g == NULL) {
    for (t = 0; t < (size_t)N * net->w[l]; t++) dh[t] = dz[t] * act_d(net->act, z[t]);
    return;
  }
  for (i = 0; i < (size_t)net->w[l]; i++) {
    const double *zi = z + i * N, *zg = z + (size_t)g[i] * N;
    const double *di = dz + i * N, *dg = dz + (size_t)g[i] * N;
    for (t = 0; t < (size_t)N; t++) {
      double s = sigm(zg[t]);
      dh[i * N + t] = di[t] * s + zi[t] * s * (1.0 - s) * dg[t];
    }
  }
}


/* H_l's columns with the products the next layer reads */
static int aug (const ls_Mlp *net, int l) {
  return net->w[l] + (l < net->nl ? net->f[l + 1] : 0);
}

/* one sample's columns of layer l in a workspace (Z_l and H_l with its
   products share the size) */
static int cols (const ls_Mlp *net, int l) {
  int a = aug(net, l);
  return net->z[l] > a ? net->z[l] : a;
}

static size_t width_sum (const ls_Mlp *net) {
  size_t s = 0;
  int l;
  for (l = 0; l <= net->nl; l++) s += (size_t)cols(net, l);
  return s;
}

static int width_max (const ls_Mlp *net) {
  int l, m = 0;
  for (l = 0; l <= net->nl; l++) if (cols(net, l) > m) m = cols(net, l);
  return m;
}

/* the offsets of N samples' layers in a workspace */
static void offsets (const ls_Mlp *net, int N, size_t *o) {
  size_t acc = 0;
  int l;
  for (l = 0; l <= net->nl; l++) { o[l] = acc; acc += (size_t)N * cols(net, l); }
}


/* The products layer l + 1 reads from H_l (N rows: w[l] columns, then
   room for them): feature c is 0.1 x_fa x_fb, fa and fb from the pairs */
static void pair_features (const ls_Mlp *net, int l, int N, double *H) {
  const int *ft = l < net->nl ? net->feat[l] : NULL;
  int c;
  size_t t;
  for (c = 0; ft && c < net->f[l + 1]; c++) {
    const double *xa = H + (size_t)ft[2 * c] * N, *xb = H + (size_t)ft[2 * c + 1] * N;
    double *out = H + (size_t)(net->w[l] + c) * N;
    for (t = 0; t < (size_t)N; t++) out[t] = LS_NN_PAIR_SCALE * xa[t] * xb[t];
  }
}

/* dH (N x aug) at H: the products' gradient added to the first w[l] columns */
static void pair_back (const ls_Mlp *net, int l, int N, const double *H, double *dH) {
  const int *ft = l < net->nl ? net->feat[l] : NULL;
  int c;
  size_t t;
  for (c = 0; ft && c < net->f[l + 1]; c++) {
    size_t fa = (size_t)ft[2 * c] * N, fb = (size_t)ft[2 * c + 1] * N;
    const double *g = dH + (size_t)(net->w[l] + c) * N;
    for (t = 0; t < (size_t)N; t++) {
      double ga = LS_NN_PAIR_SCALE * g[t] * H[fb + t], gb = LS_NN_PAIR_SCALE * g[t] * H[fa + t];
      dH[fa + t] += ga;
      dH[fb + t] += gb;
    }
  }
}

/* D (N x aug): the products' directional derivatives from D's first
   w[l] columns at H */
static void pair_jvp (const ls_Mlp *net, int l, int N, const double *H, double *D) {
  const int *ft = l < net->nl ? net->feat[l] : NULL;
  int c;
  size_t t;
  for (c = 0; ft && c < net->f[l + 1]; c++) {
    size_t fa = (size_t)ft[2 * c] * N, fb = (size_t)ft[2 * c + 1] * N;
    double *out = D + (size_t)(net->w[l] + c) * N;
    for (t = 0; t < (size_t)N; t++)
      out[t] = LS_NN_PAIR_SCALE * (D[fa + t] * H[fb + t] + H[fa + t] * D[fb + t]);
  }
}


/* forward pass keeping every layer: Z[l] (pre-activations, l >= 1) and
   H[l] (activations; H[0] = X, H[nl] = Z[nl]) at offsets o[l] */
static void forward_all (const ls_Mlp *net, int N, const double *X, double *Z, double *H,
                         const size_t *o) {
  int l, nl = net->nl;
  size_t t, c;
  memcpy(H, X, (size_t)N * net->w[0] * sizeof(double));
  pair_features(net, 0, N, H);
  for (l = 1; l <= nl; l++) {
    int fo = net->z[l], fi = aug(net, l - 1);
    const double *W = W_OF(net, l), *b = W + (size_t)fo * fi;
    double *z = Z + o[l], *h = H + o[l];
    ls_gemm('N', 'T', N, fo, fi, 1.0, H + o[l - 1], N, W, fo, 0.0, z, N);
    for (c = 0; c < (size_t)fo; c++)
      for (t = 0; t < (size_t)N; t++) z[c * N + t] += b[c];
    if (l < nl) {
      nonlinearity(net, l, N, z, h);
      pair_features(net, l, N, h);
    }
    else memcpy(h, z, (size_t)N * fo * sizeof(double));
  }
}


void ls_nn_work_free (ls_NnWork *w) {
  free(w->o); free(w->Z); free(w->H); free(w->G); free(w->G2);
  if (w->gwb != NULL) free(w->gwb);
  memset(w, 0, sizeof(*w));
}

int ls_nn_work_init (const ls_Mlp *net, int N, ls_NnWork *w) {
  size_t s = width_sum(net), wm = (size_t)width_max(net);
  memset(w, 0, sizeof(*w));
  if (N < 1) return LS_EARG;
  w->o = (size_t *)malloc(((size_t)net->nl + 2) * sizeof(size_t));
  w->Z = (double *)malloc(((size_t)N * s + 1) * sizeof(double));
  w->H = (double *)malloc(((size_t)N * s + 1) * sizeof(double));
  w->G = (double *)malloc(((size_t)N * wm + 1) * sizeof(double));
  w->G2 = (double *)malloc(((size_t)N * wm + 1) * sizeof(double));
  if (net->wb != net->theta) w->gwb = (double *)malloc((net->nwb + 1) * sizeof(double));
  if (!w->o || !w->Z || !w->H || !w->G || !w->G2 || (net->wb != net->theta && !w->gwb)) {
    ls_nn_work_free(w);
    return LS_ENOMEM;
  }
  w->N = N;
  return LS_OK;
}


int ls_mlp_forward (const ls_Mlp *net, int N, const double *X, double *Y) {
  ls_NnWork w;
  int st;
  if (N < 0) return LS_EARG;
  if (N == 0) return LS_OK;
  if ((st = ls_nn_work_init(net, N, &w)) != LS_OK) return st;
  offsets(net, N, w.o);
  forward_all(net, N, X, w.Z, w.H, w.o);
  memcpy(Y, w.H + w.o[net->nl], (size_t)N * net->w[net->nl] * sizeof(double));
  ls_nn_work_free(&w);
  return LS_OK;
}


int ls_nn_loss_grad (const ls_Mlp *net, int N, const double *X, const double *Y,
                     double *loss, double *grad, ls_NnWork *w) {
  size_t *o = w->o, t, c;
  double *Z = w->Z, *H = w->H, *G = w->G, *G2 = w->G2, s = 0.0;
  double *gwb = w->gwb != NULL ? w->gwb : grad;
  int l, nl = net->nl, no = net->w[nl];
  if (N < 1 || N > w->N) return LS_EARG;
  offsets(net, N, o);
  forward_all(net, N, X, Z, H, o);
  /* dL/dF = 2 (F - Y) / (N no) */
  for (t = 0; t < (size_t)N * no; t++) {
    double r = H[o[nl] + t] - Y[t];
    s += r * r;
    G[t] = 2.0 * r / ((double)N * no);
  }
  *loss = s / ((double)N * no);
  if (grad == NULL) return LS_OK;
  for (l = nl; l >= 1; l--) {   /* G = dL/dZ_l */
    int fo = net->z[l], fi = aug(net, l - 1);
    const double *W = W_OF(net, l);
    double *dW = gwb + net->woff[l - 1], *db = dW + (size_t)fo * fi;
    ls_gemm('T', 'N', fo, fi, N, 1.0, G, N, H + o[l - 1], N, 0.0, dW, fo);
    for (c = 0; c < (size_t)fo; c++) {
      double acc = 0.0;
      for (t = 0; t < (size_t)N; t++) acc += G[c * N + t];
      db[c] = acc;
    }
    if (l > 1) {   /* dL/dH_(l-1) = G W, then G = dL/dZ_(l-1) */
      ls_gemm('N', 'N', N, fi, fo, 1.0, G, N, W, fo, 0.0, G2, N);
      pair_back(net, l - 1, N, H + o[l - 1], G2);
      nonlinearity_back(net, l - 1, N, Z + o[l - 1], G2, G);
    }
  }
  if (w->gwb != NULL) ls_mlp_reduce(net, gwb, grad);
  return LS_OK;
}


int ls_mlp_loss_grad (const ls_Mlp *net, int N, const double *X, const double *Y,
                      double *loss, double *grad) {
  ls_NnWork w;
  int st;
  if (N < 1) return LS_EARG;
  if ((st = ls_nn_work_init(net, N, &w)) != LS_OK) return st;
  st = ls_nn_loss_grad(net, N, X, Y, loss, grad, &w);
  ls_nn_work_free(&w);
  return st;
}


int ls_mlp_jvp (const ls_Mlp *net, int N, const double *X, const double *V,
                double *F, double *JV) {
  ls_NnWork w;
  double *D, *D2;
  int st, l, nl = net->nl;
  if (N < 0) return LS_EARG;
  if (N == 0) return LS_OK;
  if ((st = ls_nn_work_init(net, N, &w)) != LS_OK) return st;
  D = w.G;
  D2 = w.G2;
  offsets(net, N, w.o);
  forward_all(net, N, X, w.Z, w.H, w.o);
  memcpy(D, V, (size_t)N * net->w[0] * sizeof(double));
  for (l = 1; l <= nl; l++) {   /* dZ_l = dH_(l-1) W_l^T, then dH_l */
    int fo = net->z[l], fi = aug(net, l - 1);
    pair_jvp(net, l - 1, N, w.H + w.o[l - 1], D);
    ls_gemm('N', 'T', N, fo, fi, 1.0, D, N, W_OF(net, l), fo, 0.0, D2, N);
    if (l < nl) nonlinearity_jvp(net, l, N, w.Z + w.o[l], D2, D);
    else memcpy(D, D2, (size_t)N * fo * sizeof(double));
  }
  memcpy(JV, D, (size_t)N * net->w[nl] * sizeof(double));
  if (F) memcpy(F, w.H + w.o[nl], (size_t)N * net->w[nl] * sizeof(double));
  ls_nn_work_free(&w);
  return LS_OK;
}
