"""The baseline of bench/nn_speed.lua: the same multilayer perceptron
(3 hidden layers of width 384, swish, linear output, mean squared error,
Adam) in numpy, float64, forward + backward + Adam per minibatch; prints
samples per second for each batch size given."""
import sys
import time

import numpy as np


def swish(z):
    s = 1.0 / (1.0 + np.exp(-z))
    return z * s, s


def main():
    n_in, width, n_out, layers = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    seconds = float(sys.argv[5])
    batches = [int(b) for b in sys.argv[6:]]
    rng = np.random.default_rng(0)
    sizes = [n_in] + [width] * layers + [n_out]
    W = [rng.uniform(-1, 1, (sizes[l + 1], sizes[l])) * np.sqrt(6.0 / (sizes[l] + sizes[l + 1]))
         for l in range(len(sizes) - 1)]
    b = [np.zeros(sizes[l + 1]) for l in range(len(sizes) - 1)]
    params = W + b
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-8
    for B in batches:
        X = rng.standard_normal((B, n_in))
        Y = rng.standard_normal((B, n_out))
        step, n, t0 = 0, 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            H, Z, S = [X], [], []
            for l in range(len(W)):
                z = H[-1] @ W[l].T + b[l]
                Z.append(z)
                if l < len(W) - 1:
                    h, s = swish(z)
                    S.append(s)
                    H.append(h)
                else:
                    H.append(z)
            G = 2.0 * (H[-1] - Y) / (B * n_out)
            gW, gb = [None] * len(W), [None] * len(W)
            for l in range(len(W) - 1, -1, -1):
                gW[l] = G.T @ H[l]
                gb[l] = G.sum(axis=0)
                if l > 0:
                    s = S[l - 1]
                    G = (G @ W[l]) * (s + Z[l - 1] * s * (1 - s))
            step += 1
            for i, (p, g) in enumerate(zip(params, gW + gb)):
                m[i] = b1 * m[i] + (1 - b1) * g
                v[i] = b2 * v[i] + (1 - b2) * g * g
                p -= lr * (m[i] / (1 - b1 ** step)) / (np.sqrt(v[i] / (1 - b2 ** step)) + eps)
            n += B
        print("%d %.1f" % (B, n / (time.perf_counter() - t0)))
        sys.stdout.flush()


main()
