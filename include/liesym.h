/*
** liesym.h — the C API of liesym: Lie algebras, groups, their actions
** (representations) and the fixed-space solver that gives equivariant
** maps and invariant tensors, for C programs with or without Lua.
**
** Conventions.
** - Matrices are column-major arrays of doubles; indices are 0-based.
**   Every function copies what it keeps: callers own their arrays.
** - Objects (ls_Algebra, ls_Group, ls_Action, ls_Fixed) are reference
**   counted: a constructor returns one reference, *_retain adds one,
**   *_release drops one and frees the object with the last.  Objects that
**   hold others (a group its algebra, an action its group and parts, a
**   result its parts) keep their own references.  Objects are not
**   thread-safe: use each from one thread at a time (two threads may each
**   build and solve their own).
** - Functions return LS_OK (0) or a negative status (ls_strerror names
**   it); LAPACK failures are positive statuses.  Constructors write the
**   object to *out only on success.
** - Sizes of spaces are int64_t (tensor products grow fast); matrices
**   given to BLAS are at most INT_MAX per side.
*/
#ifndef LIESYM_H
#define LIESYM_H

#include <stddef.h>
#include <stdint.h>

#define LIESYM_VERSION "0.2.0"

/* {======================================================
** Status codes
** ======================================================= */

#define LS_OK           0
#define LS_ENOMEM     (-1)  /* an allocation failed */
#define LS_ENONFINITE (-2)  /* NaN or Inf in the input of a decomposition */
#define LS_ENOCONV    (-3)  /* an iteration did not converge */
#define LS_EARG       (-4)  /* an argument is invalid (size, index, shape) */
#define LS_ETOOBIG    (-5)  /* the request exceeds a documented size limit */
#define LS_EUNCLEAR   (-6)  /* a rank decision has no clear gap */
#define LS_EDEPENDENT (-7)  /* generators are linearly dependent */
#define LS_EUNSUPPORTED (-8) /* the operation does not apply to this input */
#define LS_EOVERFLOW  (-9)  /* the result overflows, or no digit of it would
                               be correct */
#define LS_EINCONSISTENT (-10) /* linear constraints have no solution */
#define LS_ESTOPPED   (-11) /* the caller's stop callback ended the iteration */

/* A short English description of a status (never NULL). */
const char *ls_strerror (int status);


/* {======================================================
** Random numbers: xoshiro256** seeded by splitmix64, the same stream on
** every machine.  The state is the struct itself: no globals.
** ======================================================= */

typedef struct ls_Rng {
  uint64_t s[4];
  double spare;      /* second normal deviate of the last polar pair */
  int has_spare;
} ls_Rng;

void ls_rng_seed (ls_Rng *r, uint64_t seed);
uint64_t ls_rng_next (ls_Rng *r);
double ls_rng_uniform (ls_Rng *r);            /* [0, 1), 53 bits */
double ls_rng_normal (ls_Rng *r);             /* standard normal */
int64_t ls_rng_integer (ls_Rng *r, int64_t lo, int64_t hi);  /* lo..hi */
/* p[0..n-1] = a uniformly random permutation of 0..n-1 (Fisher-Yates) */
void ls_rng_permutation (ls_Rng *r, int n, int *p);


/* {======================================================
** Rank decisions
** ======================================================= */

/* A rank decision on singular values: the values (descending; for
   iterative solvers only those near the cut), the threshold, the rank,
   and the gap at the cut.  gap = (smallest kept value) / max(largest
   dropped value, floor), where floor is the method's accuracy limit
   (infinite when nothing is kept); clear is 1 when gap >= min_gap. */
typedef struct ls_Spectrum {
  int nvalues;
  double *values;     /* owned by the structure that holds this */
  double tol;         /* values <= tol are dropped */
  double floor;       /* below this the method cannot tell a value from 0 */
  int64_t rank;       /* rank of the whole constraint */
  double gap;
  int clear;
  const char *method; /* "svd", "gram", "iterative", "weights", "orbits",
                         "none" */
  /* solver details, 0 when they do not apply */
  int iterations;     /* iterative: outer iterations */
  long products;      /* iterative: operator products, counted in vectors */
  double sigma_bound; /* iterative: an upper bound on the largest value */
  int64_t reduced;    /* weights: dimension of the weight-zero space */
  double weight_gap;  /* weights: smallest excluded weight / threshold */
  double residual;    /* gram, weights, iterative: the largest ||C q|| over
                         the basis vectors, checked on the constraint itself
                         (0 when not checked) */
} ls_Spectrum;

/* The smallest gap that counts as clear by default. */
#define LS_MIN_GAP 100.0


/* {======================================================
** Lie algebras: q linearly independent n x n matrices (a basis); the
** bracket is the commutator.  Affine algebras on R^m are homogeneous
** (m+1) x (m+1) matrices [[A, b], [0, 0]].  Generators are stored
** sparsely, so gl(n), so(n), se(n) cost memory in proportion to their
** nonzeros, not n^2 per generator.
** ======================================================= */

typedef struct ls_Algebra ls_Algebra;

/* Built-in bases (their closed forms are in the README): gl(n) E_ij in
   row-major order; sl(n) E_ij (i != j) then E_ii - E_(i+1)(i+1); so(p, q)
   preserving diag(1^p, (-1)^q) (so(3, 0) is L_x, L_y, L_z); sp(n) on
   2n x 2n; t(n), se(n), aff(n) homogeneous; scaling(n) = span{I};
   zero(n) of dimension 0. */
int ls_algebra_gl (int n, ls_Algebra **out);
int ls_algebra_sl (int n, ls_Algebra **out);
int ls_algebra_so (int p, int q, ls_Algebra **out);
int ls_algebra_sp (int n, ls_Algebra **out);
int ls_algebra_t (int n, ls_Algebra **out);
int ls_algebra_se (int n, ls_Algebra **out);
int ls_algebra_aff (int n, ls_Algebra **out);
int ls_algebra_scaling (int n, ls_Algebra **out);
int ls_algebra_zero (int n, ls_Algebra **out);

/* An algebra from q matrices n x n stored one after another (n*n*q
   doubles); LS_EDEPENDENT when they are linearly dependent.  Closure
   under the bracket is not assumed: see ls_algebra_closure_residual. */
int ls_algebra_new (int n, int q, const double *gens, const char *name,
                    ls_Algebra **out);

void ls_algebra_retain (ls_Algebra *g);
void ls_algebra_release (ls_Algebra *g);

int ls_algebra_dim (const ls_Algebra *g);    /* q */
int ls_algebra_size (const ls_Algebra *g);   /* n */
const char *ls_algebra_name (const ls_Algebra *g);  /* "" when unnamed */
/* 1 when the algebra is known to be closed (built-in, or checked). */
int ls_algebra_known_closed (const ls_Algebra *g);

/* Generator i (0-based) as a dense n x n matrix. */
int ls_algebra_generator (const ls_Algebra *g, int i, double *out);
/* X = sum_i c_i e_i (n x n). */
int ls_algebra_combine (const ls_Algebra *g, const double *c, double *out);
/* Coordinates c (q) of X (n x n) by least squares, and the relative
   residual ||X - sum c_i e_i|| / ||X|| (0 for X = 0). */
int ls_algebra_coords (ls_Algebra *g, const double *x, double *c,
                       double *residual);
/* exp(sum_i c_i e_i) (n x n). */
int ls_algebra_exp (const ls_Algebra *g, const double *c, double *out);

/* Structure constants [e_i, e_j] = sum_k c_ijk e_k, kept sparse by the
   algebra (computed once): nnz entries with i < j (c_jik = -c_ijk).
   Coefficients below 64 eps times the largest of their bracket are
   rounding and are dropped. */
int ls_algebra_structure_nnz (ls_Algebra *g, size_t *nnz);
int ls_algebra_structure_entry (ls_Algebra *g, size_t idx, int *i, int *j,
                                int *k, double *c);
/* c_ijk for any i, j, k (0-based). */
int ls_algebra_structure_get (ls_Algebra *g, int i, int j, int k,
                              double *c);
/* max over i < j of ||[e_i, e_j] - sum_k c_ijk e_k|| / (||e_i|| ||e_j||). */
int ls_algebra_closure_residual (ls_Algebra *g, double *r);
/* The Killing form K_ij = tr(ad e_i ad e_j), q x q. */
int ls_algebra_killing (ls_Algebra *g, double *out);

/* A Frobenius-orthonormal basis of the same span. */
int ls_algebra_orthonormal (ls_Algebra *g, ls_Algebra **out);
/* The span of sum_i C[i, l] e_i for l < r (C is q x r); LS_EDEPENDENT
   when those are dependent. */
int ls_algebra_span (ls_Algebra *g, int r, const double *c, const char *name,
                     ls_Algebra **out);
/* The intersection of two algebras of n x n matrices, with an
   orthonormal basis; spec (may be NULL) receives the rank decision
   (its values are owned by the caller: free(spec->values)). */
int ls_algebra_intersect (ls_Algebra *a, ls_Algebra *b, ls_Algebra **out,
                          ls_Spectrum *spec);


/* {======================================================
** Groups: an algebra (possibly 0) and h discrete generators, all n x n
** matrices of the defining representation.
** ======================================================= */

typedef struct ls_Group ls_Group;

/* g may be NULL (finite groups; n must then be given); disc holds h
   invertible n x n matrices one after another.  The group keeps a
   reference to g and copies disc. */
int ls_group_new (ls_Algebra *g, int n, int h, const double *disc,
                  const char *name, ls_Group **out);
/* Built-in groups: SO(n), O(n) (SO(n) and diag(1,..,1,-1)), SL(n), GL(n)
   (gl(n) and the same reflection), Sp(n), SO+(1,3), O(1,3), S(n)
   (a transposition and an n-cycle), Z(n) (the n-cycle), D(k) (rotation
   by 2 pi / k and a reflection of R^2), T(n), SE(n), E(n), Scaling(n). */
int ls_group_SO (int n, ls_Group **out);
int ls_group_O (int n, ls_Group **out);
int ls_group_SL (int n, ls_Group **out);
int ls_group_GL (int n, ls_Group **out);
int ls_group_Sp (int n, ls_Group **out);
int ls_group_SO13 (ls_Group **out);
int ls_group_O13 (ls_Group **out);
int ls_group_S (int n, ls_Group **out);
int ls_group_Z (int n, ls_Group **out);
int ls_group_D (int k, ls_Group **out);
int ls_group_T (int n, ls_Group **out);
int ls_group_SE (int n, ls_Group **out);
int ls_group_E (int n, ls_Group **out);
int ls_group_Scaling (int n, ls_Group **out);

void ls_group_retain (ls_Group *G);
void ls_group_release (ls_Group *G);

int ls_group_size (const ls_Group *G);                  /* n */
ls_Algebra *ls_group_algebra (const ls_Group *G);       /* borrowed */
int ls_group_ndiscrete (const ls_Group *G);             /* h */
const double *ls_group_discrete (const ls_Group *G, int j);  /* borrowed */
const char *ls_group_name (const ls_Group *G);
/* 1 when both have the same defining matrices (algebra basis and
   discrete generators, in order). */
int ls_group_same (const ls_Group *a, const ls_Group *b);

/* A group element: its defining matrix (n x n) and, when it was sampled,
   its recipe exp(sum c_i e_i) h_word[0] ... h_word[len-1], from which any
   representation, even one given only by its generators, evaluates
   rho(g).  matrix or coeffs may be NULL. */
typedef struct ls_Element {
  int n;
  double *matrix;
  int q;
  double *coeffs;
  int len;
  int *word;         /* 0-based discrete generator indices */
} ls_Element;

/* A random element: coefficients uniform in [-scale, scale], then a word
   of 0 to 4 uniformly chosen discrete generators.  Fills a new element
   (free it with ls_element_free). */
int ls_group_sample (const ls_Group *G, ls_Rng *rng, double scale,
                     ls_Element *out);
void ls_element_free (ls_Element *e);


/* {======================================================
** Actions: linear representations of a group, as a tree of defining,
** trivial, custom (generators given), dual, direct sum, tensor product,
** hom and symmetric-power nodes.  Tensor products are never expanded:
** the fixed-space solver sees their factors.  Kronecker order: in
** A (x) B the index of B varies fastest; hom(A, B) = A* (x) B acts on
** vec(W) of a dim B x dim A matrix W, column-major.
** ======================================================= */

typedef struct ls_Action ls_Action;

int ls_action_defining (ls_Group *G, ls_Action **out);      /* V */
int ls_action_trivial (ls_Group *G, int k, ls_Action **out); /* R^k */
/* dρ(e_i) for the q algebra generators and ρ(h_j) for the h discrete
   ones, d x d each, one after another (either may be NULL when its count
   is 0).  The homomorphism property is the caller's responsibility. */
int ls_action_custom (ls_Group *G, int d, const double *drho,
                      const double *rho, ls_Action **out);
int ls_action_dual (ls_Action *R, ls_Action **out);
int ls_action_sum (int n, ls_Action *const *parts, ls_Action **out);
int ls_action_tensor (int n, ls_Action *const *parts, ls_Action **out);
int ls_action_power (ls_Action *R, int k, ls_Action **out);   /* R^(x)k */
int ls_action_copies (ls_Action *R, int k, ls_Action **out);  /* k R */
int ls_action_hom (ls_Action *from, ls_Action *to, ls_Action **out);
int ls_action_T (int p, int q, ls_Group *G, ls_Action **out); /* V^p V*^q */
int ls_action_sym (ls_Action *R, int k, ls_Action **out);     /* Sym^k R */
/* The same action with explicit matrices (small sizes only). */
int ls_action_materialize (ls_Action *R, ls_Action **out);

void ls_action_retain (ls_Action *R);
void ls_action_release (ls_Action *R);

int64_t ls_action_dim (const ls_Action *R);
ls_Group *ls_action_group (const ls_Action *R);   /* borrowed */
/* dρ(e_i) and ρ(h_j) as dense dim x dim matrices. */
int ls_action_drho (ls_Action *R, int i, double *out);
int ls_action_rho (ls_Action *R, int j, double *out);
/* ρ(g) as a dense matrix: from the element's recipe when it has one,
   else from its defining matrix (LS_EUNSUPPORTED for custom actions,
   which have no formula in terms of the defining matrix). */
int ls_action_rho_of (ls_Action *R, const ls_Element *g, double *out);
/* Y = ρ(g) X, or ρ(g)^T X with transpose = 1 (X is dim x ncols), without
   forming ρ(g) for tensor products. */
int ls_action_apply (ls_Action *R, const ls_Element *g, int transpose,
                     int ncols, const double *x, double *y);
/* How a summand may pass a nonlinearity: LS_KIND_SCALAR when the action
   is trivial (dρ = 0, ρ = I: each coordinate an invariant),
   LS_KIND_PERMUTATION when dρ = 0 and every ρ(h_j) permutes the
   coordinates (pointwise functions commute with it), LS_KIND_OTHER
   otherwise (and for dimensions above 4096, not examined). */
enum { LS_KIND_OTHER = 0, LS_KIND_SCALAR = 1, LS_KIND_PERMUTATION = 2 };
int ls_action_kind (ls_Action *R, int *kind);
/* A direct sum's summands (a sum's parts, or R itself): n, and, when
   parts is not NULL, borrowed pointers in order. */
int ls_action_summands (ls_Action *R, ls_Action **parts);
/* A readable description such as "(V[3] x V[3])"; writes at most size
   bytes (always terminated) and returns the full length. */
size_t ls_action_describe (const ls_Action *R, char *buf, size_t size);


/* {======================================================
** The fixed space: the vectors v with dρ(ξ) v = 0 for every algebra
** generator and ρ(h) v = v for every discrete generator (for hom(A, B):
** the equivariant maps A -> B).
** ======================================================= */

typedef struct ls_Fixed ls_Fixed;

enum {
  LS_METHOD_AUTO = 0,   /* orbits when the action permutes a basis
                           (with signs), else the weight-space reduction
                           when it applies, else SVD up to dimension
                           300, the Gram eigen-solve up to 4096, the
                           matrix-free iteration beyond; an unclear
                           decision is retried with a more accurate
                           method, then reported */
  LS_METHOD_SVD, LS_METHOD_GRAM, LS_METHOD_ITERATIVE, LS_METHOD_ORBITS,
  LS_METHOD_WEIGHTS
};

typedef struct ls_FixedOpts {
  int method;      /* LS_METHOD_* */
  double tol;      /* absolute threshold on singular values; < 0: default */
  double rtol;     /* threshold relative to the largest value; < 0: off */
  int64_t rank;    /* force the rank of each block's constraint; < 0: off */
  double min_gap;  /* gap that counts as clear (default LS_MIN_GAP) */
  int block;       /* iterative: starting block size (default 32) */
  int maxit;       /* iterative: outer iterations (default 1000) */
  /* iterative: polled before each outer iteration; nonzero ends the
     solve with LS_ESTOPPED (a deadline, an interrupt).  NULL: none.
     stop_at is storage its caller may point stop_ctx at. */
  int (*stop) (void *ctx);
  void *stop_ctx;
  double stop_at;
} ls_FixedOpts;

void ls_fixed_opts_init (ls_FixedOpts *o);

/* ls_algebra_intersect with its rank decision given by opts (tol, rtol,
   rank, min_gap; NULL for the default threshold). */
int ls_algebra_intersect_opts (ls_Algebra *a, ls_Algebra *b,
                               const ls_FixedOpts *opts, ls_Algebra **out,
                               ls_Spectrum *spec);

/* Solve; direct sums are solved once per distinct summand (for hom, per
   distinct pair) and stay block-structured.  LS_EUNCLEAR when a decision
   made with the default tolerance has no clear gap: *out then holds the
   result anyway, so that its spectra can be reported. */
int ls_fixed_space (ls_Action *R, const ls_FixedOpts *opts, ls_Fixed **out);

/* The same for a bare tensor product of p factors of orders d[k], with
   dr[i*p + k] = dρ_k(e_i) (q generators) and rh[j*p + k] = ρ_k(h_j)
   (h elements), each d[k] x d[k]. */
int ls_fixed_tensor (int p, const int *d, int q, const double *const *dr,
                     int h, const double *const *rh, const ls_FixedOpts *opts,
                     ls_Fixed **out);

/* An orthonormal dense basis as a subspace (N x k, copied) with a
   spectrum (copied; may be NULL). */
int ls_fixed_from_basis (int64_t N, int64_t k, const double *q,
                         const ls_Spectrum *spec, ls_Fixed **out);

void ls_fixed_retain (ls_Fixed *F);
void ls_fixed_release (ls_Fixed *F);

int64_t ls_fixed_dim (const ls_Fixed *F);
int64_t ls_fixed_ambient (const ls_Fixed *F);
/* An orthonormal basis, N x dim (the caller allocates it). */
int ls_fixed_basis (const ls_Fixed *F, double *out);
/* Y = P X for the orthogonal projector P (X and Y are N x ncols). */
int ls_fixed_project (const ls_Fixed *F, int ncols, const double *x,
                      double *y);
/* A random element: standard normal coordinates in the basis (N). */
int ls_fixed_sample (const ls_Fixed *F, ls_Rng *rng, double *out);

/* How the result is structured: "dense", "orbits", "sum" or "hom";
   a sum or hom has parts (its distinct blocks), the others a spectrum. */
const char *ls_fixed_kind (const ls_Fixed *F);
const ls_Spectrum *ls_fixed_spectrum (const ls_Fixed *F);
int ls_fixed_nparts (const ls_Fixed *F);
ls_Fixed *ls_fixed_part (const ls_Fixed *F, int i);    /* borrowed */
/* The smallest gap and whether every decision inside is clear. */
double ls_fixed_min_gap (const ls_Fixed *F, int *clear);


/* {======================================================
** Lua: the module's entry point, and matrices across the boundary (for
** hosts that embed Lua and call liesym from both languages).
** ======================================================= */

struct lua_State;
int luaopen_liesym_core (struct lua_State *L);
/* Push a new Matrix (rows x cols, column-major data copied; data may be
   NULL for zeros) and return its entries.  liesym.core must be loaded in
   the state (require "liesym.core", or luaL_requiref with
   luaopen_liesym_core). */
double *lsL_pushmatrix (struct lua_State *L, int rows, int cols,
                        const double *data);
/* The Matrix at index idx: its entries, and its shape in *rows, *cols;
   NULL when the value is not a Matrix. */
double *lsL_tomatrix (struct lua_State *L, int idx, int *rows, int *cols);

#endif
