"""Baseline for bench/enforce.lua, measured in the same run:
- fixed spaces as scipy.linalg.null_space of the dense stacked constraint
  [C_1; ..; C_q; P_1 - I; ..] (C = sum_k I (x) .. A .. (x) I, P = (x)_k R),
  built with numpy.kron, for the sizes a dense SVD can take (SO(3) T(7), a
  4374 x 2187 matrix; S(30) T(2), 1800 x 900);
- the structure constants of se(20) by least squares of all brackets on
  the basis, and its Killing form from them (K = C C'^T over the q^2
  index pairs), as a numpy user would write it.
Prints "<case>\t<seconds>" lines.  S(100) T(2) (a 20000 x 10000 SVD), S(1000)
V -> V (10^6 unknowns), T(3) of S(100), SO(3) T(8) (19683 x 6561) and the
S(6) direct sum (2,016,400 unknowns) are out of its reach and not run.
    usage: python3 bench/enforce_numpy.py [repeats]"""
import sys
import time

import numpy as np
import scipy.linalg

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 1
L = [np.array([[0, 0, 0], [0, 0, -1], [0, 1, 0]], float),
     np.array([[0, 0, 1], [0, 0, 0], [-1, 0, 0]], float),
     np.array([[0, -1, 0], [1, 0, 0], [0, 0, 0]], float)]


def kronsum(A, k):
    n = A.shape[0] ** k
    out = np.zeros((n, n))
    for pos in range(k):
        term = np.ones((1, 1))
        for j in range(k):
            term = np.kron(term, A if j == pos else np.eye(A.shape[0]))
        out += term
    return out


def kronpow(R, k):
    out = np.ones((1, 1))
    for _ in range(k):
        out = np.kron(out, R)
    return out


def so3_T(k):
    C = np.vstack([kronsum(A, k) for A in L])
    return scipy.linalg.null_space(C)


def perm(p):
    n = len(p)
    P = np.zeros((n, n))
    P[p, np.arange(n)] = 1
    return P


def S_T(n, k):
    swap = list(range(n))
    swap[0], swap[1] = 1, 0
    cycle = [(i + 1) % n for i in range(n)]
    N = n ** k
    C = np.vstack([kronpow(perm(p), k) - np.eye(N) for p in (swap, cycle)])
    return scipy.linalg.null_space(C)


def se_basis(n):
    gens = []
    for i in range(n):
        for j in range(i + 1, n):
            X = np.zeros((n + 1, n + 1))
            X[j, i], X[i, j] = 1, -1
            gens.append(X)
    for i in range(n):
        X = np.zeros((n + 1, n + 1))
        X[i, n] = 1
        gens.append(X)
    return np.array(gens)


def structure_killing(n):
    E = se_basis(n)
    q, m = E.shape[0], E.shape[1]
    B = E.reshape(q, m * m).T                        # m^2 x q
    br = np.einsum("iab,jbc->ijac", E, E)
    br = br - br.transpose(1, 0, 2, 3)               # [e_i, e_j]
    C = np.linalg.lstsq(B, br.reshape(q * q, m * m).T, rcond=None)[0]
    C = C.T.reshape(q, q, q)                         # C[i, j, k]
    ad = C.transpose(0, 2, 1)                        # (ad e_i)[k, j] = C[i, j, k]
    K = ad.reshape(q, q * q) @ ad.transpose(0, 2, 1).reshape(q, q * q).T
    return C, K


def best(f):
    t = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        r = f()
        t = min(t, time.perf_counter() - t0)
    return t, r


t, (C, K) = best(lambda: structure_killing(20))
assert abs(K[0, 0] - (20 - 2 + 1) * (-2)) < 1e-9, K[0, 0]   # (n - 1) tr(J^2)
print("se20_structure_killing\t%.9g" % t, flush=True)
t, N = best(lambda: S_T(30, 2))
assert N.shape[1] == 2, N.shape
print("s30_T2_900\t%.9g" % t, flush=True)
t, N = best(lambda: so3_T(7))
assert N.shape[1] == 36, N.shape
print("so3_T7_2187\t%.9g" % t, flush=True)
