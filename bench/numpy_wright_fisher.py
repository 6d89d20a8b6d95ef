#!/usr/bin/python3
"""Vectorized numpy Euler baseline for the binary Shannon (Wright-Fisher) diffusion (issue 13, Benchmark).

Model: dp = sqrt(2 chi f p(1-p)) dW from p0 = 0.3, chi = 0.2, f = 1, stopped at tau = first time p is
0 or 1; target E[exp(-tau)]. Naive Euler, the honest baseline a user would write: p += sigma(p)
sqrt(dt) Z on a fixed grid, tau = the first grid time with p <= 0 or p >= 1. All alive paths of a
chunk advance together (no Python loop over paths); the loop over time steps is inherent to Euler.

Reference (exact, independent of beliefsim's code): Kimura (1955),
    P(tau > t) = sum_{i odd} w_i C_{i-1}^{(3/2)}(1 - 2p) exp(-lambda_i t),
    w_i = 4(2i+1)/(i(i+1)) p(1-p),   lambda_i = i(i+1)c/2,   c = 2 chi f,
the same series as beliefsim's wright_fisher_survival (include/beliefsim/process/binary_reference.hpp;
compared by reading only). Laplace-transformed term by term, E[exp(-r tau)] = 1 - r int S(t) e^{-rt} dt
= 1 - r sum w_i C_i / (lambda_i + r). That series converges slowly (terms ~ i^{-5/2}); with
1/(lambda + r) = 1/lambda - r/(lambda(lambda + r)) and sum w_i C_i / lambda_i = E[tau] (closed form
-(2/c)(p ln p + q ln q)) it becomes 1 - r E[tau] + r^2 sum w_i C_i / (lambda_i (lambda_i + r)), whose
terms fall like i^{-9/2}; 4000 terms give it to 1e-12 (checked against 8000 by --check-reference).
Gegenbauer values come from the three-term recurrence, checked against scipy.special.eval_gegenbauer
by --check-reference. Cross-checked once by finite differences on (1/2) c p(1-p) V'' = r V (grid
1/64000, first order, extrapolated): 0.1711485 against the series' 0.1711485245.

Time to accuracy: the estimate's error is |bias(dt)| + 3 SE; the script prints the paths needed at
this dt for |bias| + 3 SE <= 1e-3 (SE scales as 1/sqrt(paths), the bias does not move) and the
projected time, cost being linear in paths. --to-target runs the cheapest (dt, paths) found by
measuring the bias on a dt ladder (TARGET_DT).

Usage: /usr/bin/python3 bench/numpy_wright_fisher.py [--dt DT] [--paths N] [--chunk C] [--seed S] [--json]
       /usr/bin/python3 bench/numpy_wright_fisher.py --to-target [--seed S] [--json]
       /usr/bin/python3 bench/numpy_wright_fisher.py --check-reference
"""

import argparse
import json
import math
import time

import numpy as np
from scipy.special import eval_gegenbauer

P0 = 0.3
CHI, FRACTION = 0.2, 1.0
R = 1.0
TARGET = 1e-3
# Cheapest (dt, paths) for |bias| + 3 SE <= TARGET, measured (seeds 11, 12; 1e6 paths at dt = 0.04, 0.02,
# 0.01, 0.005, 4e6 at 0.005, 0.0025): bias = -0.00373, -0.00192, -0.00089, -0.00035, -0.00042, -0.00035
# (SE 1.9e-4, 0.9e-4); fitted bias = -0.093 dt (chi2 2.3 on 5 dof; an added sqrt(dt) term fits to ~0).
# SD of exp(-tau) 0.185. Cost ~ paths/dt with paths = 9 SD^2/(TARGET - |bias|)^2 is least at |bias| =
# TARGET/3: dt = 0.0036, paths = 6.9e5.
TARGET_DT, TARGET_PATHS = 0.0035, 700_000


def wright_fisher_mean_exit_time(p, c):
    """E[tau] = -(2/c)(p ln p + (1-p) ln(1-p)) for dp = sqrt(c p(1-p)) dW."""
    p = np.asarray(p, dtype=float)
    return -(2.0 / c) * (p * np.log(p) + (1.0 - p) * np.log1p(-p))


def gegenbauer_even(x, degrees):
    """C_0^{(3/2)}(x), C_2^{(3/2)}(x), ..., C_{degrees-2}^{(3/2)}(x) as rows, by the three-term recurrence
    n C_n = 2x(n + 1/2) C_{n-1} - (n + 1) C_{n-2} (vectorized over x; scipy's eval_gegenbauer is
    ~60 us per call at degree 1000, too slow for the triangle's edges; --check-reference compares)."""
    x = np.asarray(x, dtype=float)
    out = np.empty((degrees // 2,) + x.shape)
    previous, current = np.ones_like(x), 3.0 * x
    out[0] = previous
    for n in range(2, degrees - 1):
        previous, current = current, (2.0 * x * (n + 0.5) * current - (n + 1.0) * previous) / n
        if n % 2 == 0:
            out[n // 2] = current
    return out


def wright_fisher_laplace(p, c, r, terms=4000):
    """E[exp(-r tau)] for dp = sqrt(c p(1-p)) dW from p (scalar or array in (0, 1)), Kimura's series
    transformed term by term (module docstring)."""
    p = np.atleast_1d(np.asarray(p, dtype=float))
    i = np.arange(1, 2 * terms, 2, dtype=float)[:, None]
    lam = 0.5 * i * (i + 1.0) * c
    weight = 4.0 * (2.0 * i + 1.0) / (i * (i + 1.0)) * p * (1.0 - p)
    tail = (weight * gegenbauer_even(1.0 - 2.0 * p, 2 * terms) / (lam * (lam + r))).sum(axis=0)
    value = 1.0 - r * wright_fisher_mean_exit_time(p, c) + r * r * tail
    return value if value.size > 1 else float(value[0])


C = 2.0 * CHI * FRACTION
EXACT_MEAN_TAU = float(wright_fisher_mean_exit_time(P0, C))
EXACT = wright_fisher_laplace(P0, C, R)


def run(paths, dt, chunk, seed):
    """Naive Euler; returns (sum e^{-tau}, sum e^{-2 tau}, sum tau) over the paths."""
    rng = np.random.default_rng(seed)
    sums = np.zeros(3)
    sqrt_c_dt = math.sqrt(C * dt)
    done = 0
    while done < paths:
        m = min(chunk, paths - done)
        p = np.full(m, P0)
        t = 0.0
        while p.size:
            t += dt
            p += sqrt_c_dt * np.sqrt(p * (1.0 - p)) * rng.standard_normal(p.size)
            out = (p <= 0.0) | (p >= 1.0)
            hit = np.count_nonzero(out)
            if hit:
                v = math.exp(-R * t)
                sums += hit * np.array([v, v * v, t])
                p = p[~out]
        done += m
    return sums


def summarize(paths, dt, elapsed, cpu, sums):
    mean = sums[0] / paths
    se = math.sqrt(max(sums[1] / paths - mean * mean, 0.0) / (paths - 1))
    bias = mean - EXACT
    # Paths for |bias| + 3 SE <= TARGET at this dt (None when the bias alone exceeds it).
    needed = math.ceil(paths * (3 * se / (TARGET - abs(bias))) ** 2) if abs(bias) < TARGET else None
    return {
        "model": "wright_fisher", "p0": P0, "chi": CHI, "f": FRACTION, "r": R, "dt": dt, "paths": paths,
        "seconds": elapsed, "cpu_seconds": cpu, "paths_per_s": paths / elapsed,
        "laplace_mean": mean, "laplace_se": se, "exact": EXACT, "bias": bias, "bias_z": bias / se,
        "mean_tau": sums[2] / paths, "exact_mean_tau": EXACT_MEAN_TAU,
        "paths_to_target": needed, "seconds_to_target": None if needed is None else elapsed * needed / paths,
    }


def check_reference():
    """Convergence in the number of terms, the recurrence against scipy's eval_gegenbauer, and E[tau]
    from the untransformed series."""
    for terms in (1000, 4000, 8000):
        print(f"terms {terms:5d}: E[exp(-tau)] = {wright_fisher_laplace(P0, C, R, terms):.15f}")
    degrees = np.arange(0, 8000, 2)
    scipy_values = eval_gegenbauer(degrees, 1.5, 1.0 - 2.0 * P0)  # integer degrees: float n > 170 gives nan
    ours = gegenbauer_even(1.0 - 2.0 * P0, 8000)
    print(f"recurrence vs eval_gegenbauer, degrees < 8000: max |diff| = {np.abs(ours - scipy_values).max():.2e} "
          f"(max |C| = {np.abs(scipy_values).max():.1f})")
    i = np.arange(1, 100001, 2, dtype=float)
    lam = 0.5 * i * (i + 1.0) * C
    w = 4.0 * (2.0 * i + 1.0) / (i * (i + 1.0)) * P0 * (1.0 - P0) * gegenbauer_even(1.0 - 2.0 * P0, 100001)
    print(f"E[tau]: sum w/lambda = {(w / lam).sum():.12f}, closed form = {EXACT_MEAN_TAU:.12f}")
    print(f"plain series 1 - r sum w/(lambda + r), 5e4 terms = {1.0 - R * (w / (lam + R)).sum():.9f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dt", type=float, default=1e-3 / (CHI * FRACTION), help="time step (default 1e-3/(chi f))")
    ap.add_argument("--paths", type=int, default=100_000)
    ap.add_argument("--chunk", type=int, default=1 << 17)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true", help="one JSON object on stdout instead of text")
    ap.add_argument("--to-target", action="store_true", help=f"dt = {TARGET_DT}, paths = {TARGET_PATHS}: the "
                    f"cheapest run to |bias| + 3 SE <= {TARGET:g} (measured; see TARGET_DT)")
    ap.add_argument("--check-reference", action="store_true", help="print the reference's convergence and exit")
    args = ap.parse_args()
    if args.check_reference:
        check_reference()
        return
    if args.to_target:
        args.dt, args.paths = TARGET_DT, TARGET_PATHS
    t0, c0 = time.perf_counter(), time.process_time()
    sums = run(args.paths, args.dt, args.chunk, args.seed)
    s = summarize(args.paths, args.dt, time.perf_counter() - t0, time.process_time() - c0, sums)
    if args.json:
        print(json.dumps(s))
        return
    print(f"numpy {np.__version__} Euler, Wright-Fisher p0 = {P0}, chi = {CHI}: dt = {args.dt:g}, {args.paths} paths "
          f"in {s['seconds']:.2f} s ({s['paths_per_s']:.0f} paths/s, 1 thread; {s['cpu_seconds']:.2f} s CPU)")
    print(f"E[exp(-tau)] = {s['laplace_mean']:.5f} +- {s['laplace_se']:.5f}; exact (Kimura) {EXACT:.6f}; "
          f"bias = {s['bias']:+.5f} ({s['bias_z']:+.1f} SE)")
    print(f"E[tau] = {s['mean_tau']:.4f}; exact {EXACT_MEAN_TAU:.4f}")
    if s["paths_to_target"] is None:
        print(f"|bias| >= {TARGET:g}: no path count reaches |bias| + 3 SE <= {TARGET:g} at this dt")
    else:
        print(f"paths for |bias| + 3 SE <= {TARGET:g}: {s['paths_to_target']}; "
              f"projected time at this dt: {s['seconds_to_target']:.1f} s")


if __name__ == "__main__":
    main()
