"""Baseline for bench/lieder.lua: the authors' construction of the
Lie-derivative operator of quadratic models on R^m under se(m), a dense
tensor T over generators x sample points x basis,

    T[xi, p, :] = D phi(x_p) . v_xi(x_p)          (length k)

at N_s = C(m+d, d) + 1 random points of [-1, 1]^m (d = 2), built with numpy
(vectorised: the Jacobians of all monomials at all points, the fields'
values, one einsum).  B(W) = T . w (N_s x q) and discover is the nullspace
of B(W) by SVD.

Run at m = 10 (q = 55 generators, k = 66 monomials, N_s = 67), the same
case names as bench/lieder.lua's m = 10 row.  At m = 30 (q = 465, k = 496,
N_s = 497) the tensor alone is q*N_s*k*8 bytes = 0.92 GB: it is not built;
its memory and its assembly time (the m = 10 time scaled by the ratio of
the tensor sizes) are printed as the *_extrapolated cases.
Prints "<case>\t<seconds>" lines; mem_* cases are MB.
    usage: /usr/bin/python3 bench/lieder_numpy.py [repeats]"""
import gc
import itertools
import math
import resource
import sys
import time

import numpy as np

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 1
D = 2


def emit(case, value):
    print("%s\t%.9g" % (case, value), flush=True)


def exponents(m, d):
    """Exponents of the monomials of degree <= d, graded (k x m)."""
    rows = []
    for deg in range(d + 1):
        for combo in itertools.combinations_with_replacement(range(m), deg):
            e = [0] * m
            for i in combo:
                e[i] += 1
            rows.append(e)
    return np.array(rows)


def se_generators(m):
    """se(m) as (m+1)x(m+1) homogeneous matrices: rotations, translations."""
    gens = []
    for i in range(m):
        for j in range(i + 1, m):
            A = np.zeros((m + 1, m + 1))
            A[j, i], A[i, j] = 1.0, -1.0
            gens.append(A)
    for i in range(m):
        A = np.zeros((m + 1, m + 1))
        A[i, m] = 1.0
        gens.append(A)
    return np.array(gens)


def tensor(m, rng):
    """The dense tensor T (q x N_s x k)."""
    E = exponents(m, D)                                   # k x m
    k = E.shape[0]
    n_s = math.comb(m + D, D) + 1
    X = rng.uniform(-1.0, 1.0, (n_s, m))
    G = se_generators(m)                                  # q x (m+1) x (m+1)
    # Jacobians J[p, j, i] = E[j, i] x_p^(E[j] - e_i)
    J = np.empty((n_s, k, m))
    for i in range(m):
        Ei = E.copy()
        Ei[:, i] = np.maximum(Ei[:, i] - 1, 0)
        J[:, :, i] = E[:, i] * np.prod(X[:, None, :] ** Ei[None, :, :], axis=2)
    Xh = np.hstack([X, np.ones((n_s, 1))])
    V = np.einsum("qij,pj->qpi", G[:, :m, :], Xh)        # q x N_s x m: v(x_p)
    return np.einsum("pki,qpi->qpk", J, V), E


def matrix(T, w):
    return np.einsum("qpk,k->pq", T, w)                   # N_s x q


def discover(T, w, rtol=1e-9):
    B = matrix(T, w)
    _, s, Vt = np.linalg.svd(B)
    s = np.concatenate([s, np.zeros(B.shape[1] - s.size)])
    return Vt[s <= rtol * s[0]].T                          # q x dim


def best(prepare, f):
    t, result = float("inf"), None
    for _ in range(repeats):
        arg = prepare() if prepare else None
        gc.collect()
        t0 = time.perf_counter()
        result = f(arg) if prepare else f()
        t = min(t, time.perf_counter() - t0)
    return t, result


m = 10
rng = np.random.default_rng(10)
t_asm, (T, E) = best(None, lambda: tensor(m, rng))
q, n_s, k = T.shape
assert (q, n_s, k) == (55, 67, 66), T.shape
emit("lieder_m10_assemble", t_asm)
w = rng.standard_normal(k)
t_mat, B = best(None, lambda: matrix(T, w))
emit("lieder_m10_matrix", t_mat)
t_dis, N = best(None, lambda: discover(T, w))
emit("lieder_m10_discover", t_dis)
assert B.shape == (n_s, q) and N.shape[1] == 0, (B.shape, N.shape)
# |x|^2 is invariant under exactly the 45 rotations of se(10)
sq = (E.sum(axis=1) == 2) & (E.max(axis=1) == 2)
assert discover(T, sq.astype(float)).shape[1] == m * (m - 1) // 2
emit("mem_operator_m10_MB", T.nbytes / 2**20)
emit("mem_peak_m10_MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

# m = 30 from the m = 10 measurements
q30 = 30 * 31 // 2
k30 = math.comb(32, 2)
n_s30 = k30 + 1
ratio = (q30 * n_s30 * k30) / (q * n_s * k)
emit("dense_tensor_m30_extrapolated", t_asm * ratio)
emit("mem_dense_tensor_m30_extrapolated_MB", q30 * n_s30 * k30 * 8 / 2**20)
