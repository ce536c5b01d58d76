/*
** orbits.c — union-find with parity over the index set of a tensor
** product of signed-permutation representations.
*/
#include <stdlib.h>
#include <string.h>

#include "orbits.h"


int ls_signed_perm (int d, const double *m, int *perm, signed char *sign) {
  unsigned char *seen;
  int i, r, ok = 1;
  if (d <= 0) return 1;
  seen = (unsigned char *)calloc((size_t)d, 1);
  if (seen == NULL) return 0;
  for (i = 0; i < d && ok; i++) {
    int row = -1;
    for (r = 0; r < d; r++) {
      double v = m[(size_t)i * d + r];
      if (v == 0.0) continue;
      if ((v != 1.0 && v != -1.0) || row >= 0) { ok = 0; break; }
      row = r;
    }
    if (!ok || row < 0 || seen[row]) { ok = 0; break; }
    seen[row] = 1;
    if (perm) perm[i] = row;
    if (sign) sign[i] = m[(size_t)i * d + row] > 0 ? 1 : -1;
  }
  free(seen);
  return ok;
}


/* the root of x, and x's parity relative to it (v[x] = (-1)^par v[root]),
   compressing the path */
static int32_t find (int32_t *parent, unsigned char *par, int32_t x,
                     unsigned char *parity) {
  int32_t r = x, y;
  unsigned char acc = 0, p;
  while (parent[r] != r) { acc ^= par[r]; r = parent[r]; }
  *parity = acc;
  /* second pass: point everything on the path at r with its own parity */
  y = x;
  p = acc;
  while (parent[y] != y) {
    int32_t next = parent[y];
    unsigned char pn = (unsigned char)(p ^ par[y]);
    parent[y] = r;
    par[y] = p;
    y = next;
    p = pn;
  }
  return r;
}


int ls_orbits_solve (int p, const int *d, int h, const int *const *perm,
                     const signed char *const *sign, ls_Orbits *out) {
  int64_t N = 1, I, *stride = NULL;
  int32_t *parent = NULL, *id = NULL;
  unsigned char *par = NULL, *rank = NULL, *dead = NULL;
  int *digit = NULL, k, j, st = LS_ENOMEM;
  memset(out, 0, sizeof(*out));
  for (k = 0; k < p; k++) {
    if (d[k] < 1) return LS_EARG;
    N *= d[k];
    if (N > LS_MAX_ORBIT_DIM) return LS_ETOOBIG;
  }
  out->N = N;
  stride = (int64_t *)malloc((size_t)(p ? p : 1) * sizeof(int64_t));
  digit = (int *)calloc((size_t)(p ? p : 1), sizeof(int));
  parent = (int32_t *)malloc((size_t)N * sizeof(int32_t));
  par = (unsigned char *)calloc((size_t)N, 1);
  rank = (unsigned char *)calloc((size_t)N, 1);
  dead = (unsigned char *)calloc((size_t)N, 1);
  if (!stride || !digit || !parent || !par || !rank || !dead) goto done;
  for (k = p - 1; k >= 0; k--) stride[k] = (k == p - 1) ? 1 : stride[k + 1] * d[k + 1];
  for (I = 0; I < N; I++) parent[I] = (int32_t)I;
  for (I = 0; I < N; I++) {
    for (j = 0; j < h; j++) {  /* the edge v[g(I)] = s v[I] */
      int64_t J = 0;
      unsigned char s = 0, pi, pj;
      int32_t ri, rj;
      for (k = 0; k < p; k++) {
        J += (int64_t)perm[j * p + k][digit[k]] * stride[k];
        s ^= (unsigned char)(sign[j * p + k][digit[k]] < 0);
      }
      ri = find(parent, par, (int32_t)I, &pi);
      rj = find(parent, par, (int32_t)J, &pj);
      if (ri == rj) {
        if ((pi ^ pj) != s) dead[ri] = 1;   /* v = -v on this orbit */
        continue;
      }
      /* v[rj] = (-1)^(s ^ pi ^ pj) v[ri]: hang the lower tree below */
      if (rank[ri] < rank[rj]) {
        int32_t t = ri; ri = rj; rj = t;
      }
      parent[rj] = ri;
      par[rj] = (unsigned char)(s ^ pi ^ pj);
      dead[ri] |= dead[rj];
      if (rank[ri] == rank[rj]) rank[ri]++;
    }
    for (k = p - 1; k >= 0; k--) {  /* the next index, last factor fastest */
      if (++digit[k] < d[k]) break;
      digit[k] = 0;
    }
  }
  /* number the live orbits by their smallest index */
  out->label = (int32_t *)malloc((size_t)N * sizeof(int32_t));
  out->sign = (signed char *)malloc((size_t)N);
  id = (int32_t *)malloc((size_t)N * sizeof(int32_t));
  if (!out->label || !out->sign || !id) goto done;
  for (I = 0; I < N; I++) id[I] = -2;   /* -2: root not seen yet */
  for (I = 0; I < N; I++) {
    unsigned char pi;
    int32_t r = find(parent, par, (int32_t)I, &pi);
    if (id[r] == -2) id[r] = dead[r] ? -1 : (int32_t)out->norb++;
    out->label[I] = id[r];
    out->sign[I] = (signed char)(pi ? -1 : 1);
  }
  out->size = (int64_t *)calloc((size_t)(out->norb ? out->norb : 1), sizeof(int64_t));
  if (out->size == NULL) goto done;
  for (I = 0; I < N; I++) if (out->label[I] >= 0) out->size[out->label[I]]++;
  st = LS_OK;
done:
  free(stride); free(digit); free(parent); free(par); free(rank); free(dead);
  free(id);
  if (st != LS_OK) ls_orbits_free(out);
  return st;
}


void ls_orbits_free (ls_Orbits *o) {
  free(o->label);
  free(o->sign);
  free(o->size);
  o->label = NULL;
  o->sign = NULL;
  o->size = NULL;
}
