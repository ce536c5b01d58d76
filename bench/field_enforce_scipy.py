"""The baseline of bench/field_enforce.lua: the translation-equivariant
operators of a periodic grid as scipy.linalg.null_space of the dense
stacked commutator constraint, on the same spectral generators as
liesym's (the Nyquist mode given the eigenvalue pi n / L), for growing
grids until one size takes more than budget / 8 seconds or its
constraint would not fit in 8 GB."""
import sys
import time

import numpy as np
import scipy.linalg


def derivative(n, L=2 * np.pi):
    k = np.fft.fftfreq(n, d=1.0 / n)
    lam = 1j * 2 * np.pi * k / L
    if n % 2 == 0:
        lam[n // 2] = np.pi * n / L
    F = np.fft.fft(np.eye(n), axis=0) / np.sqrt(n)  # unitary; F^H e_k = mode k
    return np.real(F.conj().T @ np.diag(lam) @ F)


def constraint(shape):
    n1, n2 = shape
    N = n1 * n2
    gens = [np.kron(np.eye(n2), derivative(n1))]
    if n2 > 1:
        gens.append(np.kron(derivative(n2), np.eye(n1)))
    I = np.eye(N)
    # vec(D K - K D) = (I (x) D - D^T (x) I) vec(K), column-major vec
    return np.vstack([np.kron(I, D) - np.kron(D.T, I) for D in gens])


def main():
    budget = float(sys.argv[1]) if len(sys.argv) > 1 else 120.0
    print("%-10s %8s %12s %12s %10s" % ("grid", "N", "N^2", "scipy", "dim"))
    for shape in [(16, 1), (32, 1), (48, 1), (64, 1), (80, 1), (4, 4), (6, 6), (8, 8), (9, 9)]:
        N = shape[0] * shape[1]
        rows = N * N * (2 if shape[1] > 1 else 1)
        if rows * N * N * 8 * 3 > 8e9:
            print("%-10s %8d %12d %12s" % ("%dx%d" % shape if shape[1] > 1 else shape[0], N,
                                           N * N, "out of memory (constraint %.1f GB)"
                                           % (rows * N * N * 8 / 1e9)))
            continue
        t0 = time.perf_counter()
        C = constraint(shape)
        Z = scipy.linalg.null_space(C)
        t = time.perf_counter() - t0
        print("%-10s %8d %12d %11.3fs %10d" % ("%dx%d" % shape if shape[1] > 1 else shape[0], N,
                                               N * N, t, Z.shape[1]))
        sys.stdout.flush()
        if t > budget / 8:
            print("(stopped: the next size would exceed the budget of %g s)" % budget)
            break


main()
