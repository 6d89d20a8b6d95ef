#!/usr/bin/python3
"""Vectorized numpy Euler baseline for the three-state Shannon diffusion (issue 13, Benchmark).

Model (SPEC "Processes", diffusion): dmu = sqrt(c(mu)) B(mu) dW with B B^T = diag(mu) - mu mu^T and
c = 2 chi f / (k - 1), k the number of states alive (mu_i > 0), so that the throughput constraint binds
at chi f; absorbed states stay at 0 and the path continues on the face; tau = the first time mu is a
vertex. Prior (0.5, 0.3, 0.2), chi = 0.3, f = 1; target E[exp(-tau)].

Naive Euler, the honest baseline a user would write: B = diag(sqrt mu) - mu sqrt(mu)^T (so
dmu_i = sqrt(c dt)(sqrt(mu_i) Z_i - mu_i sum_j sqrt(mu_j) Z_j), zero on absorbed states, sum kept at 1);
after each step a coordinate <= 0 is absorbed (set to 0, the rest renormalized); tau = the first grid
time with one state left. Default dt = 1e-3/(chi f), beliefsim's default step. All alive paths of a
chunk advance together (no Python loop over paths); the loop over time steps is inherent to Euler.

Exact: E[tau] = H(mu0)/(chi f), H = -sum mu log mu. E[exp(-tau)] has no closed form; REFERENCE below
solves the backward equation (1/2) c tr(B B^T D^2 V) = V on the triangle, with the binary
Wright-Fisher law (Kimura series, bench/numpy_wright_fisher.py, c = 2 chi f) on the edges, by a
monotone finite-difference scheme (run --reference to recompute it). In the coordinates (mu_1, mu_2)
the operator is (c/2)(mu_1 mu_3 d_13 + mu_2 mu_3 d_23 + mu_1 mu_2 d_12), d_ij the second difference
along e_i - e_j: six neighbours inside the triangle, nonnegative weights. The grid error is first
order in h (the solution has p log p terms at the edges, as in one dimension), so the grids
h = 1/100 ... 1/800 are extrapolated (Richardson, observed order).

Time to accuracy: as bench/numpy_wright_fisher.py (paths needed at this dt for |bias| + 3 SE <= 1e-3,
projected time; --to-target runs the cheapest (dt, paths), TARGET_DT).

Usage: /usr/bin/python3 bench/numpy_diffusion3.py [--dt DT] [--paths N] [--chunk C] [--seed S] [--json]
       /usr/bin/python3 bench/numpy_diffusion3.py --to-target [--seed S] [--json]
       /usr/bin/python3 bench/numpy_diffusion3.py --reference
"""

import argparse
import json
import math
import time

import numpy as np

from numpy_wright_fisher import wright_fisher_laplace

PRIOR = np.array([0.5, 0.3, 0.2])
CHI, FRACTION = 0.3, 1.0
R = 1.0
TARGET = 1e-3
# Cheapest (dt, paths) for |bias| + 3 SE <= TARGET, measured (seed 21: 4e5 paths at dt = 0.0133, 0.00667,
# 0.00333, 0.00167; seed 22: 1e6 at 0.00333): bias = -0.00199, -0.00129, -0.00043, -0.00019 and
# -0.00051 (SE 1.7e-4, 1.1e-4); fitted bias = -0.155 dt (chi2 2.9 on 4 dof; an added sqrt(dt) term fits
# to ~0). SD of exp(-tau) 0.109. Cost ~ paths/dt with paths = 9 SD^2/(TARGET - |bias|)^2 is least at
# |bias| = TARGET/3: dt = 0.00215, paths = 2.4e5.
TARGET_DT, TARGET_PATHS = 0.0022, 250_000
EXACT_MEAN_TAU = float(-(PRIOR * np.log(PRIOR)).sum() / (CHI * FRACTION))
# From --reference: grids 1/100, 1/200, 1/400, 1/800 give 0.09550459, 0.09470446, 0.09430760,
# 0.09411026 (observed order 1.008), extrapolated 0.0939151 (first-order extrapolation 0.0939129);
# the same solver and extrapolation give E[tau] = 3.43220 (grids to 1/400; first order 3.432173)
# against the exact H(mu0)/(chi f) = 3.432177 (--reference prints both). Uncertainty ~ 1e-5.
REFERENCE = 0.093915


def run(paths, dt, chunk, seed):
    """Naive Euler; returns (sum e^{-tau}, sum e^{-2 tau}, sum tau) over the paths."""
    rng = np.random.default_rng(seed)
    sums = np.zeros(3)
    done = 0
    while done < paths:
        m = min(chunk, paths - done)
        mu = np.tile(PRIOR, (m, 1))
        alive = np.full(m, len(PRIOR))
        t = 0.0
        while len(mu):
            t += dt
            scale = np.sqrt(2.0 * CHI * FRACTION / (alive - 1) * dt)
            noise = np.sqrt(mu) * rng.standard_normal(mu.shape)
            mu += scale[:, None] * (noise - mu * noise.sum(axis=1, keepdims=True))
            np.maximum(mu, 0.0, out=mu)
            mu /= mu.sum(axis=1, keepdims=True)
            alive = np.count_nonzero(mu > 0.0, axis=1)
            out = alive == 1
            hit = np.count_nonzero(out)
            if hit:
                v = math.exp(-R * t)
                sums += hit * np.array([v, v * v, t])
                mu, alive = mu[~out], alive[~out]
        done += m
    return sums


def summarize(paths, dt, elapsed, cpu, sums):
    mean = sums[0] / paths
    se = math.sqrt(max(sums[1] / paths - mean * mean, 0.0) / (paths - 1))
    bias = mean - REFERENCE
    # Paths for |bias| + 3 SE <= TARGET at this dt (None when the bias alone exceeds it).
    needed = math.ceil(paths * (3 * se / (TARGET - abs(bias))) ** 2) if abs(bias) < TARGET else None
    return {
        "model": "diffusion_n3", "prior": PRIOR.tolist(), "chi": CHI, "f": FRACTION, "r": R, "dt": dt,
        "paths": paths, "seconds": elapsed, "cpu_seconds": cpu, "paths_per_s": paths / elapsed,
        "laplace_mean": mean, "laplace_se": se, "reference": REFERENCE, "bias": bias, "bias_z": bias / se,
        "mean_tau": sums[2] / paths, "exact_mean_tau": EXACT_MEAN_TAU,
        "paths_to_target": needed, "seconds_to_target": None if needed is None else elapsed * needed / paths,
    }


# ---------------------------------------------------------------- reference (not timed)

def backward_equation(n, quantity="laplace"):
    """On the grid h = 1/n (n a multiple of 10, so mu0 is a node): V(mu0) = E[exp(-r tau)]
    ((1/2) c tr(B B^T D^2 V) = r V), or with quantity "mean", E[tau] ((1/2) c tr(...) = -1), the check
    against the exact H(mu0)/(chi f)."""
    import scipy.sparse as sp
    from scipy.sparse.linalg import spsolve

    from numpy_wright_fisher import wright_fisher_mean_exit_time

    h = 1.0 / n
    i, j = (a.ravel() for a in np.meshgrid(np.arange(1, n), np.arange(1, n), indexing="ij"))
    inside = i + j <= n - 1
    i, j = i[inside], j[inside]
    index = np.full((n + 1, n + 1), -1)
    index[i, j] = np.arange(i.size)
    # Edge values: one state absorbed, the binary Wright-Fisher law with c = 2 chi f; the free
    # coordinate is mu_2 on mu_1 = 0 and mu_1 on the other two edges.
    edge = np.full((n + 1, n + 1), np.nan)
    k = np.arange(1, n)
    c_edge = 2.0 * CHI * FRACTION
    if quantity == "laplace":
        law, rate, source, vertex = wright_fisher_laplace(k * h, c_edge, R), R, 0.0, 1.0
    else:
        law, rate, source, vertex = wright_fisher_mean_exit_time(k * h, c_edge), 0.0, 1.0, 0.0
    edge[0, k], edge[k, 0], edge[k, n - k] = law, law, law
    edge[0, 0] = edge[n, 0] = edge[0, n] = vertex
    x, y = i * h, j * h
    z = 1.0 - x - y
    half_c = 0.5 * CHI * FRACTION / h**2  # c = 2 chi f / (k - 1), k = 3
    weights = {(1, 0): z * x, (-1, 0): z * x, (0, 1): z * y, (0, -1): z * y, (1, -1): x * y, (-1, 1): x * y}
    rows, cols = [np.arange(i.size)], [np.arange(i.size)]
    vals = [-2.0 * half_c * (z * x + z * y + x * y) - rate]
    rhs = np.full(i.size, -source)
    for (di, dj), w in weights.items():
        col = index[i + di, j + dj]
        known = col < 0
        rows.append(np.flatnonzero(~known))
        cols.append(col[~known])
        vals.append(half_c * w[~known])
        rhs[known] -= half_c * w[known] * edge[i[known] + di, j[known] + dj]
    a = sp.csc_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(i.size, i.size))
    v = spsolve(a, rhs)
    return float(v[index[round(PRIOR[0] * n), round(PRIOR[1] * n)]])


def extrapolate(grids, quantity):
    """Richardson on the last three grids, order observed."""
    values = []
    for n in grids:
        values.append(backward_equation(n, quantity))
        print(f"  h = 1/{n}: {values[-1]:.8f}", flush=True)
    d = np.diff(values)
    order = math.log2(d[-2] / d[-1])
    return values[-1] + d[-1] / (2.0**order - 1.0), order, values[-1] + d[-1]


def reference():
    print("E[tau] (check):")
    mean, order, first = extrapolate((50, 100, 200, 400), "mean")
    print(f"  observed order {order:.3f}; extrapolated {mean:.6f} (first order {first:.6f}); exact {EXACT_MEAN_TAU:.6f}")
    print("E[exp(-tau)]:")
    value, order, first = extrapolate((100, 200, 400, 800), "laplace")
    print(f"  observed order {order:.3f}; extrapolated {value:.7f} (first order {first:.7f})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dt", type=float, default=1e-3 / (CHI * FRACTION), help="time step (default 1e-3/(chi f))")
    ap.add_argument("--paths", type=int, default=20_000)
    ap.add_argument("--chunk", type=int, default=1 << 16)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true", help="one JSON object on stdout instead of text")
    ap.add_argument("--to-target", action="store_true", help=f"dt = {TARGET_DT}, paths = {TARGET_PATHS}: the "
                    f"cheapest run to |bias| + 3 SE <= {TARGET:g} (measured; see TARGET_DT)")
    ap.add_argument("--reference", action="store_true", help="recompute REFERENCE by finite differences and exit")
    args = ap.parse_args()
    if args.reference:
        reference()
        return
    if args.to_target:
        args.dt, args.paths = TARGET_DT, TARGET_PATHS
    t0, c0 = time.perf_counter(), time.process_time()
    sums = run(args.paths, args.dt, args.chunk, args.seed)
    s = summarize(args.paths, args.dt, time.perf_counter() - t0, time.process_time() - c0, sums)
    if args.json:
        print(json.dumps(s))
        return
    print(f"numpy {np.__version__} Euler, n = 3 Shannon, prior {PRIOR.tolist()}, chi = {CHI}: dt = {args.dt:g}, "
          f"{args.paths} paths in {s['seconds']:.2f} s ({s['paths_per_s']:.0f} paths/s, 1 thread; {s['cpu_seconds']:.2f} s CPU)")
    print(f"E[exp(-tau)] = {s['laplace_mean']:.5f} +- {s['laplace_se']:.5f}; reference {REFERENCE:.6f}; "
          f"bias = {s['bias']:+.5f} ({s['bias_z']:+.1f} SE)")
    print(f"E[tau] = {s['mean_tau']:.4f}; exact {EXACT_MEAN_TAU:.4f}")
    if s["paths_to_target"] is None:
        print(f"|bias| >= {TARGET:g}: no path count reaches |bias| + 3 SE <= {TARGET:g} at this dt")
    else:
        print(f"paths for |bias| + 3 SE <= {TARGET:g}: {s['paths_to_target']}; "
              f"projected time at this dt: {s['seconds_to_target']:.1f} s")


if __name__ == "__main__":
    main()
