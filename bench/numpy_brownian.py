#!/usr/bin/python3
"""Vectorized numpy Euler-Maruyama baseline for the binary Brownian example (issue: diffusion).

Model: belief x_t = 1/2 + sigma W_t with sigma^2 = chi = 1/8 (quadratic entropy, f = 1), stopped at
tau = first exit from (0, 1); target E[exp(-r tau)] with r = 1, exact value sech(sqrt(r/2)/sigma).
Naive Euler: x += sigma sqrt(dt) Z on a fixed grid, tau = the first grid time outside (0, 1). Its
exit-time bias is O(sqrt(dt)); the script reports it next to the standard error. All paths of a chunk
advance together (no Python loop over paths); the loop over time steps is inherent to Euler.

Usage: /usr/bin/python3 bench/numpy_brownian.py [--dt DT] [--paths N] [--chunk C] [--seed S]
"""

import argparse
import math
import time

import numpy as np

SIGMA = math.sqrt(0.125)
R = 1.0
EXACT = 1.0 / math.cosh(math.sqrt(R / 2.0) / SIGMA)


def run(paths, dt, chunk, seed):
    rng = np.random.default_rng(seed)
    total = total_sq = 0.0
    step_sd = SIGMA * math.sqrt(dt)
    done = 0
    while done < paths:
        m = min(chunk, paths - done)
        x = np.full(m, 0.5)
        tau = np.zeros(m)
        alive = np.arange(m)
        t = 0.0
        while alive.size:
            t += dt
            x[alive] += step_sd * rng.standard_normal(alive.size)
            out = (x[alive] <= 0.0) | (x[alive] >= 1.0)
            tau[alive[out]] = t
            alive = alive[~out]
        v = np.exp(-R * tau)
        total += v.sum()
        total_sq += (v * v).sum()
        done += m
    mean = total / paths
    se = math.sqrt(max(total_sq / paths - mean * mean, 0.0) / (paths - 1))
    return mean, se


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dt", type=float, default=1e-4)
    ap.add_argument("--paths", type=int, default=20_000)
    ap.add_argument("--chunk", type=int, default=1 << 16)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    t0 = time.perf_counter()
    mean, se = run(args.paths, args.dt, args.chunk, args.seed)
    elapsed = time.perf_counter() - t0
    # Paths needed for 3 SE <= 1e-3 at this estimator's variance; cost is linear in paths.
    needed = math.ceil(args.paths * (3 * se / 1e-3) ** 2)
    print(f"numpy {np.__version__} Euler-Maruyama: dt = {args.dt:g}, {args.paths} paths in {elapsed:.2f} s "
          f"({args.paths / elapsed:.0f} paths/s, 1 thread)")
    print(f"E[exp(-tau)] = {mean:.5f} +- {se:.5f}; exact sech(2) = {EXACT:.5f}; bias = {mean - EXACT:+.5f} "
          f"({(mean - EXACT) / se:+.1f} SE)")
    print(f"paths for 3 SE <= 1e-3: {needed}; projected time at this dt: {elapsed * needed / args.paths:.0f} s")


if __name__ == "__main__":
    main()
