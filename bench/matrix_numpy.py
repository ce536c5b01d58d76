"""Dense-matrix benchmark, numpy side (bench/matrix.lua is the liesym side;
bench/run.sh runs both and prints the comparison).

Prints one line per case: "<case>\t<seconds>", the best of several runs
after a warm-up; for loop cases the seconds are per operation.
    usage: /usr/bin/python3 bench/matrix_numpy.py [repeats]
Run it with Debian's python3 so that numpy uses the system OpenBLAS, the
same library liesym links.
"""
import gc
import sys
import time

import numpy as np

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
LOOP_N = 1_000_000  # 3x3 products in the loop case

rng = np.random.default_rng(42)


def symmetric(n):
    a = rng.standard_normal((n, n))
    return (a + a.T) * 0.5


def best_of(repeats, f):
    """The best wall time of f over `repeats` runs after one warm-up run."""
    f()
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best


def report(case, seconds):
    print(f"{case}\t{seconds:.9g}", flush=True)


def main():
    a, b = rng.standard_normal((1000, 1000)), rng.standard_normal((1000, 1000))
    report("matmul_1000", best_of(REPEATS, lambda: a @ b))

    a = rng.standard_normal((2000, 500))
    report("svd_thin_2000x500",
           best_of(REPEATS, lambda: np.linalg.svd(a, full_matrices=False)))

    s = symmetric(1000)
    report("eigh_1000", best_of(REPEATS, lambda: np.linalg.eigh(s)))

    a, b = rng.standard_normal((1000, 1000)), rng.standard_normal((1000, 1))
    report("solve_1000_1rhs", best_of(REPEATS, lambda: np.linalg.solve(a, b)))

    a, b = rng.standard_normal((3, 3)), rng.standard_normal((3, 3))

    def loop():
        c = None
        for _ in range(LOOP_N):
            c = a @ b
        return c

    report("loop_matmul_3x3", best_of(min(REPEATS, 3), loop) / LOOP_N)


if __name__ == "__main__":
    main()
