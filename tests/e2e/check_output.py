#!/usr/bin/env python3
"""h5py read-back of `beliefsim simulate` output (SPEC §3, §4).

Usage: check_output.py PATH/TO/beliefsim

Checks that strings come back as str, every dataset has a description, the binary quadratic example
(prior 1/2, chi 1/8; Zhong §3: f(t) = 1/2 e^{-t/2}, so E[e^{-r tau}] = 0.5/(r + 0.5)) is matched
within 4 standard errors, axes are dimension scales, and --threads 1 and --threads 2 give
byte-identical datasets. Prints "N passed, 0 failed" and exits non-zero on any failure.
"""
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

from e2e_support import check, tally

CONFIG = """\
[model]
states = 2
prior = [0.5, 0.5]
entropy = "quadratic"
chi = 0.125

[simulation]
paths = 40_000
seed = 2024
block_size = 1000

[estimators]
laplace_r = [0.25, 0.5, 1.0, 2.0, 4.0]
raw_samples = 100
"""

K = 4.0  # standard errors; about 6e-5 false alarms per comparison


def simulate(exe, config, out, *extra):
    run = subprocess.run([exe, "simulate", str(config), "-o", str(out), "--quiet", *extra],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"FAIL: beliefsim simulate exited {run.returncode}: {run.stderr.strip()}")


def datasets(group):
    found = {}
    group.visititems(lambda name, obj: found.__setitem__(name, obj) if isinstance(obj, h5py.Dataset) else None)
    return found


def check_layout(path):
    with h5py.File(path, "r") as f:
        for name in ("tool", "version", "git_sha1", "created_utc", "host", "command_line", "hdf5_version",
                     "boost_version", "compiler"):
            check(isinstance(f.attrs.get(name), str), f"root attribute {name} is a str")
        check(int(f.attrs["format_version"]) == 2, "format_version 2")
        check(int(f.attrs["ranks"]) == 1, "one rank recorded")
        check(" simulate " in f.attrs["command_line"] and str(path) in f.attrs["command_line"],
              "the command line recorded")
        check(f.attrs["tool"] == "beliefsim", "root attribute tool == 'beliefsim'")
        check(f.attrs["created_utc"].endswith("Z"), "created_utc is ISO 8601 UTC")
        check(int(f.attrs["seed"]) == 2024 and int(f.attrs["paths"]) == 40_000, "seed and paths recorded")
        check(f["provenance/config"].asstr()[()] == CONFIG, "/provenance/config holds the TOML as run")
        check(isinstance(f["model"].attrs["entropy"], str), "/model entropy attribute is a str")
        np.testing.assert_array_equal(f["model"].attrs["prior"], [0.5, 0.5])
        for name, ds in datasets(f).items():
            check(isinstance(ds.attrs.get("description"), str) and ds.attrs["description"] != "",
                  f"{name} has a str description")

        st = f["stopping_time"]
        r, mean, se = st["laplace/r"][()], st["laplace/mean"][()], st["laplace/stderr"][()]
        exact = 0.5 / (r + 0.5)
        for ri, m, s, e in zip(r, mean, se, exact):
            check(abs(m - e) <= K * s, f"E[exp(-{ri} tau)] = {m:.6f} ± {s:.2g} within {K} SE of {e:.6f}")
        check(abs(st["mean"][()] - 2.0) <= K * st["mean_stderr"][()], "E[tau] within 4 SE of 2")
        np.testing.assert_allclose(st["exact/laplace"][()], exact, rtol=1e-6)

        check(st["ecdf/F"].dims[0][0].name == "/stopping_time/ecdf/t", "ecdf/F has ecdf/t as dimension scale")
        check(st["ecdf/F_by_state"].dims[1][0].name == "/stopping_time/ecdf/t", "F_by_state axis 1 is t")
        check(st["ecdf/F_by_state"].dims[0][0].name == "/stopping_time/state", "F_by_state axis 0 is state")
        check(st["laplace/mean"].dims[0][0].name == "/stopping_time/laplace/r", "laplace/mean has r as scale")
        check(st["exact/survival"].dims[0][0].name == "/stopping_time/exact/t", "exact/survival has exact/t")
        check(st["raw/tau"].shape == (100,) and st["raw/state"].shape == (100,), "raw samples capped at 100")
        check(st["ecdf/F_by_state"].shape == (2, st["ecdf/t"].shape[0]), "F_by_state is states x points")

        audit = f["throughput_audit"]
        check(audit.attrs["verdict"] == "binding", "greedy throughput audit is binding")
        check(audit["increment_mean"].dims[0][0].name == "/throughput_audit/t", "audit increments have t as scale")
        np.testing.assert_allclose(audit["bound"][()], 0.125 * audit.attrs["interval"])


def check_diffusion_paths(exe, tmp):
    """Opt-in sample paths of an n = 3 diffusion: on the simplex at every stored point (SPEC §1)."""
    config = tmp / "diffusion.toml"
    config.write_text('[model]\nstates = 3\nprior = [0.5, 0.3, 0.2]\nentropy = "shannon"\nchi = 0.3\n'
                      'process = "diffusion"\n[simulation]\npaths = 500\nseed = 3\n[audit]\npaths = 200\n'
                      '[sample_paths]\ncount = 4\n')
    out = tmp / "diffusion.h5"
    simulate(exe, config, out)
    with h5py.File(out, "r") as f:
        paths = {name: g for name, g in f["sample_paths"].items() if isinstance(g, h5py.Group)}
        check(len(paths) == 4, "four sample paths stored")
        for name, path in paths.items():
            mu = path["belief"][()]
            check(mu.shape == (path["t"].shape[0], 3), f"sample path {name} is points x states")
            check(bool((mu >= 0).all()) and np.allclose(mu.sum(axis=1), 1, atol=1e-12), f"sample path {name} on the simplex")
            check(path["belief"].dims[0][0].name == f"/sample_paths/{name}/t", f"sample path {name} has t as scale")
            check(path["belief"].dims[1][0].name == "/sample_paths/state", f"sample path {name} has state as scale")
            check(path.attrs["truncated"] == 0, f"sample path {name} ends at its stopping time")
        check(f["model"].attrs["scheme"] == "exact", "diffusion scheme recorded")


def check_repro(a, b):
    """Same config and seed with 1 and 2 threads: every dataset byte-identical (SPEC §4)."""
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        da, db = datasets(fa), datasets(fb)
        check(sorted(da) == sorted(db), "same dataset names for --threads 1 and 2")
        for name in sorted(set(da) & set(db)):
            x, y = da[name], db[name]
            same = x.dtype == y.dtype and x.shape == y.shape and (
                x[()] == y[()] if x.dtype.kind == "O" else np.asarray(x[()]).tobytes() == np.asarray(y[()]).tobytes())
            check(same, f"{name} byte-identical across thread counts")
        for key in fa["model"].attrs:
            check(np.array_equal(fa["model"].attrs[key], fb["model"].attrs[key]), f"/model attribute {key} equal")
        for key in fa.attrs:
            if key not in ("threads", "created_utc", "command_line"):  # the run, not the results
                check(np.array_equal(fa.attrs[key], fb.attrs[key]), f"root attribute {key} equal")
        check(int(fa.attrs["threads"]) == 1 and int(fb.attrs["threads"]) == 2, "threads attribute recorded")


def check_bad_input(exe, tmp):
    config = tmp / "bad.toml"
    config.write_text(CONFIG.replace("chi = 0.125", "chi = -0.125"))
    out = tmp / "bad.h5"
    run = subprocess.run([exe, "simulate", str(config), "-o", str(out)], capture_output=True, text=True)
    check(run.returncode == 2, "negative chi exits with status 2")
    check(run.stderr.startswith("error: model.chi: ") and run.stderr.count("\n") == 1,
          "negative chi: one stderr line naming model.chi")
    check(not out.exists() and not any(out.parent.glob(out.name + ".*tmp")), "negative chi leaves no output file")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    exe = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="beliefsim-h5py-") as d:
        tmp = Path(d)
        config = tmp / "binary.toml"
        config.write_text(CONFIG)
        one, two = tmp / "t1.h5", tmp / "t2.h5"
        simulate(exe, config, one, "--threads", "1")
        simulate(exe, config, two, "--threads", "2")
        try:
            check_layout(one)
        except (AssertionError, KeyError) as e:
            check(False, f"layout: {type(e).__name__}: {e}")
        check_repro(one, two)
        check_bad_input(exe, tmp)
        check_diffusion_paths(exe, tmp)
    return tally()


if __name__ == "__main__":
    sys.exit(main())
