/*
** nn.c — a net's layers and parameters (nn.h): construction, the
** initial weights, and the map between theta and the dense W_l, b_l of
** structured layers.  The passes are in nn_pass.c, training in
** nn_train.c.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dense.h"
#include "linalg.h"
#include "nn.h"

#define MAX_WIDTH (1 << 24)


void ls_mlp_retain (ls_Mlp *net) { if (net) net->refs++; }

static void free_blocks (ls_NnBlock *b, int n) {
  int k;
  if (b == NULL) return;
  for (k = 0; k < n; k++) { free(b[k].in_off); free(b[k].out_off); free(b[k].Q); }
  free(b);
}

void ls_mlp_release (ls_Mlp *net) {
  int l;
  if (net == NULL || --net->refs > 0) return;
  for (l = 0; l < net->nl; l++) {
    if (net->gate) free(net->gate[l]);
    if (net->pairs) free(net->pairs[l]);
    if (net->feat) free(net->feat[l]);
    if (net->blocks) free_blocks(net->blocks[l], net->nblocks[l]);
  }
  if (net->wb != net->theta) free(net->wb);
  free(net->res);
  free(net->w); free(net->z); free(net->f); free(net->npairs); free(net->pairs);
  free(net->feat);
  free(net->gate); free(net->nblocks); free(net->blocks);
  free(net->off); free(net->woff); free(net->theta); free(net->tmp); free(net);
}


/* a copy of a spec's block, its offsets checked against the layer */
static int copy_block (const ls_NnBlock *s, int fi, int fo, ls_NnBlock *b) {
  int i, rows = s->din > 0 ? s->dout * s->din : s->dout;
  memset(b, 0, sizeof(*b));
  if (s->din < 0 || s->dout < 1 || s->d < 1 || s->ni < 1 || s->no < 1 ||
      (s->din == 0 && s->ni != 1) || s->Q == NULL || s->out_off == NULL ||
      (s->din > 0 && s->in_off == NULL))
    return LS_EARG;
  if ((double)rows * s->d > 1e9 || (double)s->d * s->ni * s->no > 1e9) return LS_ETOOBIG;
  for (i = 0; i < s->no; i++) if (s->out_off[i] < 0 || s->out_off[i] + s->dout > fo) return LS_EARG;
  for (i = 0; s->din > 0 && i < s->ni; i++)
    if (s->in_off[i] < 0 || s->in_off[i] + s->din > fi) return LS_EARG;
  if (!ls_allfinite(s->Q, (size_t)rows * s->d)) return LS_EARG;
  *b = *s;
  b->in_off = (int *)malloc(((size_t)s->ni + 1) * sizeof(int));
  b->out_off = (int *)malloc(((size_t)s->no + 1) * sizeof(int));
  b->Q = (double *)malloc(((size_t)rows * s->d + 1) * sizeof(double));
  if (!b->in_off || !b->out_off || !b->Q) return LS_ENOMEM;
  if (s->din > 0) memcpy(b->in_off, s->in_off, (size_t)s->ni * sizeof(int));
  else b->in_off[0] = 0;
  memcpy(b->out_off, s->out_off, (size_t)s->no * sizeof(int));
  memcpy(b->Q, s->Q, (size_t)rows * s->d * sizeof(double));
  return LS_OK;
}


/* the layers' shapes, gates and blocks; theta's and wb's layout */
static int build (ls_Mlp *net, int n_in, const ls_NnLayerSpec *L) {
  int l, k, st, structured = 0;
  size_t np = 0, nwb = 0, ntmp = 1;
  net->w[0] = net->z[0] = n_in;
  net->f[0] = 0;
  for (l = 1; l <= net->nl; l++) {
    const ls_NnLayerSpec *s = &L[l - 1];
    int fi, fo, nf = 0;
    if (s->npairs < 0 || s->npairs > MAX_WIDTH || (s->npairs > 0 && s->pairs == NULL)) return LS_EARG;
    if (s->npairs > 0) {
      net->pairs[l - 1] = (int *)malloc((size_t)s->npairs * 4 * sizeof(int));
      if (net->pairs[l - 1] == NULL) return LS_ENOMEM;
      for (k = 0; k < s->npairs; k++) {
        const int *q = s->pairs + 4 * k;
        if (q[0] < 0 || q[1] < 1 || q[0] + q[1] > net->w[l - 1] || q[2] < 0 || q[3] < 1 ||
            q[2] + q[3] > net->w[l - 1] || (double)nf + (double)q[1] * q[3] > MAX_WIDTH)
          return LS_EARG;
        nf += q[1] * q[3];
      }
      memcpy(net->pairs[l - 1], s->pairs, (size_t)s->npairs * 4 * sizeof(int));
      net->npairs[l - 1] = s->npairs;
      net->feat[l - 1] = (int *)malloc(((size_t)nf * 2 + 1) * sizeof(int));
      if (net->feat[l - 1] == NULL) return LS_ENOMEM;
      for (k = 0, nf = 0; k < s->npairs; k++) {
        const int *q = s->pairs + 4 * k;
        int p, r;
        for (p = 0; p < q[1]; p++)     /* x_a (x) x_b, b's index fastest */
          for (r = 0; r < q[3]; r++, nf++) {
            net->feat[l - 1][2 * nf] = q[0] + p;
            net->feat[l - 1][2 * nf + 1] = q[2] + r;
          }
      }
    }
    net->f[l] = nf;
    fi = net->w[l - 1] + nf;
    if (fi > MAX_WIDTH) return LS_EARG;
    if (s->width < 1 || s->width > MAX_WIDTH || s->zwidth < s->width || s->zwidth > MAX_WIDTH)
      return LS_EARG;
    if (l == net->nl && (s->zwidth != s->width || s->gate != NULL)) return LS_EARG;
    if (s->gate == NULL && s->zwidth != s->width) return LS_EARG;
    net->w[l] = s->width;
    net->z[l] = fo = s->zwidth;
    if (s->gate != NULL) {
      net->gate[l - 1] = (int *)malloc((size_t)s->width * sizeof(int));
      if (net->gate[l - 1] == NULL) return LS_ENOMEM;
      for (k = 0; k < s->width; k++) {
        if (s->gate[k] < 0 || s->gate[k] >= fo) return LS_EARG;
        net->gate[l - 1][k] = s->gate[k];
      }
    }
    net->off[l - 1] = np;
    net->woff[l - 1] = nwb;
    nwb += (size_t)fo * (fi + 1);
    if (s->nblocks < 0 || (s->nblocks > 0 && s->blocks == NULL)) return LS_EARG;
    if (s->nblocks == 0) { np += (size_t)fo * (fi + 1); continue; }
    structured = 1;
    net->blocks[l - 1] = (ls_NnBlock *)calloc((size_t)s->nblocks, sizeof(ls_NnBlock));
    if (net->blocks[l - 1] == NULL) return LS_ENOMEM;
    net->nblocks[l - 1] = s->nblocks;
    for (k = 0; k < s->nblocks; k++) {
      ls_NnBlock *b = &net->blocks[l - 1][k];
      size_t cells;
      if ((st = copy_block(&s->blocks[k], fi, fo, b)) != LS_OK) return st;
      b->coef = np;
      np += (size_t)b->d * b->ni * b->no;
      cells = (size_t)(b->din > 0 ? b->din : 1) * b->dout * b->ni * b->no;
      if (cells > ntmp) ntmp = cells;
    }
    if (s->residual) {   /* the free part: zero at the start */
      net->res[l - 1] = np;
      np += (size_t)fo * (fi + 1);
    }
    if (np > (size_t)INT32_MAX || nwb > (size_t)INT32_MAX) return LS_ETOOBIG;
  }
  if (np > (size_t)INT32_MAX || nwb > (size_t)INT32_MAX) return LS_ETOOBIG;
  net->np = np;
  net->nwb = nwb;
  net->theta = (double *)calloc(np + 1, sizeof(double));
  if (net->theta == NULL) return LS_ENOMEM;
  if (!structured) { net->wb = net->theta; return LS_OK; }
  net->wb = (double *)calloc(nwb + 1, sizeof(double));
  net->tmp = (double *)malloc(ntmp * sizeof(double));
  net->ntmp = ntmp;
  return net->wb && net->tmp ? LS_OK : LS_ENOMEM;
}


static ls_Mlp *alloc_net (int nl, int act) {
  ls_Mlp *net = (ls_Mlp *)calloc(1, sizeof(ls_Mlp));
  if (net == NULL) return NULL;
  net->refs = 1;
  net->nl = nl;
  net->act = act;
  net->w = (int *)malloc(((size_t)nl + 1) * sizeof(int));
  net->z = (int *)malloc(((size_t)nl + 1) * sizeof(int));
  net->f = (int *)malloc(((size_t)nl + 1) * sizeof(int));
  net->npairs = (int *)calloc((size_t)nl, sizeof(int));
  net->pairs = (int **)calloc((size_t)nl, sizeof(int *));
  net->feat = (int **)calloc((size_t)nl, sizeof(int *));
  net->gate = (int **)calloc((size_t)nl, sizeof(int *));
  net->nblocks = (int *)calloc((size_t)nl, sizeof(int));
  net->res = (size_t *)calloc((size_t)nl, sizeof(size_t));
  net->blocks = (ls_NnBlock **)calloc((size_t)nl, sizeof(ls_NnBlock *));
  net->off = (size_t *)malloc((size_t)nl * sizeof(size_t));
  net->woff = (size_t *)malloc((size_t)nl * sizeof(size_t));
  if (!net->w || !net->z || !net->f || !net->npairs || !net->pairs || !net->feat || !net->res || !net->gate || !net->nblocks || !net->blocks || !net->off ||
      !net->woff) {
    ls_mlp_release(net);
    return NULL;
  }
  return net;
}


/* a random fo x fi matrix with orthonormal rows or columns (the Q of a
   Gaussian's QR, its columns' signs fixed by R's diagonal) */
static int orthogonal (int fo, int fi, ls_Rng *rng, double *W) {
  int m = fo > fi ? fo : fi, n = fo > fi ? fi : fo, i, j, st;
  double *A = (double *)malloc(((size_t)m * n * 2 + (size_t)n * n + 1) * sizeof(double));
  double *Q = A + (size_t)m * n, *R = Q + (size_t)m * n;
  if (A == NULL) return LS_ENOMEM;
  for (i = 0; i < m * n; i++) A[i] = ls_rng_normal(rng);
  if ((st = ls_qr(m, n, A, Q, R, NULL)) == LS_OK)
    for (j = 0; j < n; j++) {
      double sg = R[(size_t)j * n + j] < 0 ? -1.0 : 1.0;
      for (i = 0; i < m; i++) {
        double v = sg * Q[(size_t)j * m + i];
        if (fo >= fi) W[(size_t)j * fo + i] = v;      /* m = fo rows */
        else W[(size_t)i * fo + j] = v;               /* the transpose */
      }
    }
  free(A);
  return st;
}


/* the dense entry of block b's copy pair (i, j), cell (r, c) of the
   dout x din map, in a layer's W (fo rows); bias blocks: in b */
#define CELL(b, i, j, r, c, fo) \
  ((size_t)((b)->in_off[i] + (c)) * (fo) + (b)->out_off[j] + (r))

void ls_mlp_reduce (const ls_Mlp *net, const double *gwb, double *g) {
  int l, k;
  for (l = 0; l < net->nl; l++) {
    int fo = net->z[l + 1], fi = net->w[l] + net->f[l + 1];
    const double *gW = gwb + net->woff[l], *gb = gW + (size_t)fo * fi;
    if (net->nblocks[l] == 0) {
      if (g + net->off[l] != gW) memcpy(g + net->off[l], gW, (size_t)fo * (fi + 1) * sizeof(double));
      continue;
    }
    for (k = 0; k < net->nblocks[l]; k++) {
      const ls_NnBlock *b = &net->blocks[l][k];
      int din = b->din > 0 ? b->din : 1, rows = b->dout * din, i, j, r, c;
      double *M = net->tmp;
      for (i = 0; i < b->ni; i++)      /* M column (i, j): the pair's vec */
        for (j = 0; j < b->no; j++) {
          double *col = M + (size_t)(i * b->no + j) * rows;
          if (b->din == 0) memcpy(col, gb + b->out_off[j], (size_t)b->dout * sizeof(double));
          else
            for (c = 0; c < b->din; c++)
              for (r = 0; r < b->dout; r++) col[c * b->dout + r] = gW[CELL(b, i, j, r, c, fo)];
        }
      ls_gemm('T', 'N', b->d, b->ni * b->no, rows, 1.0, b->Q, rows, M, rows, 0.0,
              g + b->coef, b->d);
    }
    if (net->res[l]) memcpy(g + net->res[l], gW, (size_t)fo * (fi + 1) * sizeof(double));
  }
}

void ls_mlp_sync (ls_Mlp *net) {
  int l, k;
  if (net->wb == net->theta) return;
  for (l = 0; l < net->nl; l++) {
    int fo = net->z[l + 1], fi = net->w[l] + net->f[l + 1];
    double *W = net->wb + net->woff[l], *bias = W + (size_t)fo * fi;
    if (net->nblocks[l] == 0) {
      memcpy(W, net->theta + net->off[l], (size_t)fo * (fi + 1) * sizeof(double));
      continue;
    }
    memset(W, 0, (size_t)fo * (fi + 1) * sizeof(double));
    for (k = 0; k < net->nblocks[l]; k++) {
      const ls_NnBlock *b = &net->blocks[l][k];
      int din = b->din > 0 ? b->din : 1, rows = b->dout * din, i, j, r, c;
      double *M = net->tmp;
      ls_gemm('N', 'N', rows, b->ni * b->no, b->d, 1.0, b->Q, rows, net->theta + b->coef,
              b->d, 0.0, M, rows);
      for (i = 0; i < b->ni; i++)
        for (j = 0; j < b->no; j++) {
          const double *col = M + (size_t)(i * b->no + j) * rows;
          if (b->din == 0)
            for (r = 0; r < b->dout; r++) bias[b->out_off[j] + r] += col[r];
          else
            for (c = 0; c < b->din; c++)
              for (r = 0; r < b->dout; r++) W[CELL(b, i, j, r, c, fo)] += col[c * b->dout + r];
        }
    }
    if (net->res[l]) {
      const double *R = net->theta + net->res[l];
      size_t t, nw = (size_t)fo * (fi + 1);
      for (t = 0; t < nw; t++) W[t] += R[t];
    }
  }
}


/* the initial dense weights, then theta: free layers take them as they
   are, structured ones their projection (reduce is Q^T, and with Q
   orthonormal Q Q^T the projection) */
static int init_weights (ls_Mlp *net, int init, ls_Rng *rng) {
  int l, st = LS_OK;
  size_t t;
  double *dense = net->wb == net->theta ? net->theta
                  : (double *)calloc(net->nwb + 1, sizeof(double));
  if (dense == NULL) return LS_ENOMEM;
  for (l = 0; l < net->nl && st == LS_OK; l++) {
    int fo = net->z[l + 1], fi = net->w[l] + net->f[l + 1];
    double *W = dense + net->woff[l], *b = W + (size_t)fo * fi;
    if (init == LS_INIT_ORTHOGONAL) {
      st = orthogonal(fo, fi, rng, W);
      for (t = 0; t < (size_t)fo; t++) b[t] = ls_rng_uniform(rng) / sqrt((double)fo);
    }
    else {
      double a = sqrt(6.0 / (fi + fo));   /* Glorot uniform */
      for (t = 0; t < (size_t)fo * fi; t++) W[t] = a * (2.0 * ls_rng_uniform(rng) - 1.0);
      for (t = 0; t < (size_t)fo; t++) b[t] = 0.0;
    }
  }
  if (st == LS_OK && dense != net->theta) {
    ls_mlp_reduce(net, dense, net->theta);
    for (l = 0; l < net->nl; l++)   /* residuals start at zero */
      if (net->res[l])
        memset(net->theta + net->res[l], 0,
               (size_t)net->z[l + 1] * (net->w[l] + net->f[l + 1] + 1) * sizeof(double));
    ls_mlp_sync(net);
  }
  if (dense != net->theta) free(dense);
  return st;
}


int ls_mlp_new_layers (int nl, int n_in, const ls_NnLayerSpec *layers, int act, int init,
                       ls_Rng *rng, ls_Mlp **out) {
  ls_Mlp *net;
  int st;
  *out = NULL;
  if (nl < 1 || nl > 1024 || n_in < 1 || n_in > MAX_WIDTH || act < LS_ACT_SWISH ||
      act > LS_ACT_SIGMOID || (init != LS_INIT_GLOROT && init != LS_INIT_ORTHOGONAL))
    return LS_EARG;
  if ((net = alloc_net(nl, act)) == NULL) return LS_ENOMEM;
  if ((st = build(net, n_in, layers)) != LS_OK || (st = init_weights(net, init, rng)) != LS_OK) {
    ls_mlp_release(net);
    return st;
  }
  *out = net;
  return LS_OK;
}


int ls_mlp_new (int nl, const int *widths, int act, ls_Rng *rng, ls_Mlp **out) {
  ls_NnLayerSpec *L;
  int l, st;
  if (nl < 1 || nl > 1024) return LS_EARG;
  for (l = 0; l <= nl; l++) if (widths[l] < 1 || widths[l] > MAX_WIDTH) return LS_EARG;
  L = (ls_NnLayerSpec *)calloc((size_t)nl, sizeof(ls_NnLayerSpec));
  if (L == NULL) return LS_ENOMEM;
  for (l = 0; l < nl; l++) L[l].width = L[l].zwidth = widths[l + 1];
  st = ls_mlp_new_layers(nl, widths[0], L, act, LS_INIT_GLOROT, rng, out);
  free(L);
  return st;
}
