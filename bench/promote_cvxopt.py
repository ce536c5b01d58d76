"""Baseline for bench/promote.lua: the same exact nuclear-norm problem,
    min ||B(theta)||_*  s.t.  Phi theta = y,
as a semidefinite program solved by cvxopt (Debian's python3-cvxopt):
    min (tr W1 + tr W2) / 2  s.t.  [[W1, B(theta)], [B(theta)^T, W2]] >= 0.
Reads the problem written by bench/promote.lua (whitespace-separated:
p q k n, then bop (p*q x k, row-major), phi (n x k, row-major), y (n));
prints "<seconds> <objective> <theta_1> ... <theta_k>"."""
import sys
import time

import numpy as np
from cvxopt import matrix, solvers


def main(path):
    with open(path) as f:
        data = np.array(f.read().split(), dtype=float)
    p, q, k, n = (int(v) for v in data[:4])
    pos = 4
    bop = data[pos:pos + p * q * k].reshape(p * q, k); pos += p * q * k
    phi = data[pos:pos + n * k].reshape(n, k); pos += n * k
    y = data[pos:pos + n]
    s = p + q
    sym1 = [(a, b) for b in range(p) for a in range(b, p)]
    sym2 = [(a, b) for b in range(q) for a in range(b, q)]
    nv = k + len(sym1) + len(sym2)
    G = np.zeros((s * s, nv))   # -[[W1, B], [B^T, W2]] <= 0, column-major
    for j in range(k):
        Bj = bop[:, j].reshape(q, p).T   # vec(B) is column-major p x q
        M = np.zeros((s, s))
        M[:p, p:] = Bj
        M[p:, :p] = Bj.T
        G[:, j] = -M.ravel(order="F")
    for i, (a, b) in enumerate(sym1):
        M = np.zeros((s, s)); M[a, b] = M[b, a] = 1.0
        G[:, k + i] = -M.ravel(order="F")
    for i, (a, b) in enumerate(sym2):
        M = np.zeros((s, s)); M[p + a, p + b] = M[p + b, p + a] = 1.0
        G[:, k + len(sym1) + i] = -M.ravel(order="F")
    c = np.zeros(nv)
    for i, (a, b) in enumerate(sym1):
        if a == b: c[k + i] = 0.5
    for i, (a, b) in enumerate(sym2):
        if a == b: c[k + len(sym1) + i] = 0.5
    A = np.zeros((n, nv)); A[:, :k] = phi
    solvers.options["show_progress"] = False
    solvers.options["abstol"] = 1e-9
    solvers.options["reltol"] = 1e-9
    solvers.options["feastol"] = 1e-9
    t0 = time.perf_counter()
    sol = solvers.sdp(matrix(c), Gs=[matrix(G)], hs=[matrix(np.zeros((s, s)))],
                      A=matrix(A), b=matrix(y))
    dt = time.perf_counter() - t0
    theta = np.array(sol["x"]).ravel()[:k]
    B = (bop @ theta).reshape(q, p).T
    obj = np.linalg.svd(B, compute_uv=False).sum()
    print(dt, obj, " ".join("%.17g" % v for v in theta))


if __name__ == "__main__":
    main(sys.argv[1])
