"""The numpy baseline of bench/sindy_speed.lua: PySINDy's algorithms on
the same data, written here in numpy (PySINDy itself is not in Debian).

- library: the polynomial library as PySINDy's PolynomialLibrary builds it,
  one column per monomial as the product of the chosen columns;
- derivative: second-order central differences, one-sided at the ends
  (np.gradient with edge_order=2, as PySINDy's FiniteDifference(order=2));
- STLSQ as PySINDy's STLSQ: per target and round, ridge regression on the
  active columns by the normal equations with a Cholesky solve (what
  sklearn's ridge_regression does for dense input), threshold, until the
  supports stop changing; then the support refitted by least squares
  (PySINDy's unbias);
- simulate: scipy's solve_ivp (RK45) on the fitted model, the right side
  evaluating the library at one point per call (PySINDy's
  model.simulate).

usage: python3 bench/sindy_numpy.py DATA_FILE
  DATA_FILE: a header line "N m degree dt threshold ridge t_end nt rtol atol",
  then N rows of the trajectory, then m rows of the fitted W (ours, for
  the simulation), then one row x0.
Prints "key value" lines: times in seconds and the fitted W's distance to ours.
"""
import itertools
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp
from scipy.linalg import cho_factor, cho_solve


def exponents(m, degree):
    out = [()]
    for d in range(1, degree + 1):
        out.extend(itertools.combinations_with_replacement(range(m), d))
    return out


def library(X, combos):
    cols = [np.ones(X.shape[0]) if not c else np.prod(X[:, list(c)], axis=1) for c in combos]
    return np.column_stack(cols)


def ridge(A, y, alpha):
    G = A.T @ A
    G[np.diag_indices_from(G)] += alpha
    return cho_solve(cho_factor(G), A.T @ y)


def stlsq(Theta, dX, threshold, alpha, max_iter=20):
    k, m = Theta.shape[1], dX.shape[1]
    coef = np.zeros((m, k))
    ind = np.ones((m, k), dtype=bool)
    for _ in range(max_iter):
        prev = ind.copy()
        for i in range(m):
            if not ind[i].any():
                continue
            c = np.zeros(k)
            c[ind[i]] = ridge(Theta[:, ind[i]], dX[:, i], alpha)
            small = np.abs(c) < threshold
            c[small] = 0
            ind[i] = ~small
            coef[i] = c
        if (ind == prev).all():
            break
    for i in range(m):   # unbias
        if ind[i].any():
            coef[i, ind[i]] = np.linalg.lstsq(Theta[:, ind[i]], dX[:, i], rcond=None)[0]
    return coef


def main():
    with open(sys.argv[1]) as f:
        head = f.readline().split()
        N, m, degree = int(head[0]), int(head[1]), int(head[2])
        dt, threshold, alpha, t_end = map(float, head[3:7])
        nt = int(head[7])
        rtol, atol = float(head[8]), float(head[9])
        rows = [np.array(line.split(), dtype=float) for line in f]
    X, W, x0 = np.array(rows[:N]), np.array(rows[N:N + m]), rows[N + m]
    combos = exponents(m, degree)

    t0 = time.perf_counter()
    Theta = library(X, combos)
    t_lib = time.perf_counter() - t0
    t0 = time.perf_counter()
    dX = np.gradient(X, dt, axis=0, edge_order=2)
    t_der = time.perf_counter() - t0
    t0 = time.perf_counter()
    coef = stlsq(Theta, dX, threshold, alpha)
    t_fit = time.perf_counter() - t0
    print("library", t_lib)
    print("derivative", t_der)
    print("fit", t_fit)
    print("total", t_lib + t_der + t_fit)
    print("coef_diff", np.abs(coef - W).max())

    idx = [list(c) for c in combos]

    def rhs(_, x):
        phi = np.array([1.0 if not c else np.prod(x[c]) for c in idx])
        return W @ phi

    t_eval = np.linspace(0, t_end, nt)
    t0 = time.perf_counter()
    sol = solve_ivp(rhs, (0, t_end), x0, method="RK45", t_eval=t_eval, rtol=rtol, atol=atol)
    t_sim = time.perf_counter() - t0
    print("simulate", t_sim)
    print("simulate_evals", sol.nfev)
    np.savetxt(sys.argv[1] + ".sim", sol.y.T)


if __name__ == "__main__":
    main()
