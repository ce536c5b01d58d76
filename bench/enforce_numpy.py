"""Baseline for bench/enforce.lua: the fixed vectors of SO(3) on (R^3)^{(x)k}
as scipy.linalg.null_space of the dense stacked constraint
[C_x; C_y; C_z], C = sum_k I (x) .. L .. (x) I, built with numpy.kron.
Prints "<case>\t<seconds>" lines; T(8) (a 19683 x 6561 SVD) and the S(6)
direct sum (a 2,016,400-dimensional dense problem) are out of its reach
and are not run.
    usage: python3 bench/enforce_numpy.py [repeats]"""
import resource
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


def solve(k):
    C = np.vstack([kronsum(A, k) for A in L])
    return scipy.linalg.null_space(C)


best = float("inf")
for _ in range(repeats):
    t0 = time.perf_counter()
    N = solve(7)
    best = min(best, time.perf_counter() - t0)
assert N.shape[1] == 36, N.shape
print("so3_T7_2187\t%.9g" % best, flush=True)
print("mem_peak_MB\t%.9g" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
