#!/usr/bin/env python3
"""h5py read-back of `beliefsim convergence` output, and its bad input.

Usage: check_convergence.py PATH/TO/beliefsim

Runs the binary Brownian model (quadratic entropy, prior 1/2, chi 1/8: the bridge is exact at any dt,
so its bias is zero within 4 SE at every rung) and a 3-state Shannon model (no exact law: Richardson
reference), then reads the files with h5py: provenance, layout, descriptions and units, dimension
scales, bias = estimate - reference, byte-identical datasets for --threads 1 and 2, and h5dump. Bad
input exits 2 with one line naming the field and leaves no file. Prints "N passed, 0 failed".
"""
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

from e2e_support import check, tally

BROWNIAN = """\
[model]
states = 2
prior = [0.5, 0.5]
entropy = "quadratic"
chi = 0.125
process = "diffusion"

[estimators]
laplace_r = [0.5, 2.0]

[convergence]
dts = [0.32, 0.16, 0.08]
paths = 4000
seed = 5
ecdf_times = 4
"""

SHANNON3 = """\
[model]
states = 3
prior = [0.5, 0.3, 0.2]
entropy = "shannon"
chi = 0.3
process = "diffusion"

[convergence]
dts = [0.2, 0.1, 0.05]
schemes = ["bridge"]
paths = 2000
"""

K = 4.0  # standard errors
KINDS = ("mean", "laplace", "ecdf")


def run(exe, config, out, *extra):
    return subprocess.run([exe, "convergence", str(config), "-o", str(out), "--quiet", *extra],
                          capture_output=True, text=True)


def converge(exe, config, out, *extra):
    r = run(exe, config, out, *extra)
    if r.returncode != 0:
        sys.exit(f"FAIL: beliefsim convergence exited {r.returncode}: {r.stderr.strip()}")


def datasets(group):
    found = {}
    group.visititems(lambda name, obj: found.__setitem__(name, obj) if isinstance(obj, h5py.Dataset) else None)
    return found


def check_brownian(path):
    with h5py.File(path, "r") as f:
        check(f.attrs["tool"] == "beliefsim" and isinstance(f.attrs["git_sha1"], str), "root provenance attributes")
        check(f["provenance/config"].asstr()[()] == BROWNIAN, "/provenance/config holds the TOML as run")
        check(int(f.attrs["seed"]) == 5 and int(f.attrs["paths"]) == 4000, "seed and paths per rung recorded")
        check(f["model"].attrs["entropy"] == "quadratic", "/model attributes")
        for name, ds in datasets(f).items():
            check(isinstance(ds.attrs.get("description"), str) and ds.attrs["description"] != "",
                  f"{name} has a str description")
        cv = f["convergence"]
        check(cv.attrs["reference"] == "exact", "reference = exact for a binary model")
        check(float(cv.attrs["resolved_z"]) > 0, "resolved_z recorded")
        dt = cv["dt"][()]
        np.testing.assert_allclose(dt, [0.32, 0.16, 0.08])
        check(cv["dt"].attrs["units"] == "model time", "dt has units")
        check(cv["laplace_r"].attrs["units"] == "1/model time", "laplace_r has units")
        check(list(cv["schemes"].asstr()[()]) == ["face", "bridge", "euler"], "default schemes: every stepped scheme")
        r, t = cv["laplace_r"][()], cv["ecdf_t"][()]
        check(len(t) == 4 and np.all(np.diff(t) > 0), "four increasing ECDF times")
        exact_laplace = 1 / np.cosh(np.sqrt(r / 2) / np.sqrt(0.125))  # Zhong §2.2: sech(sqrt(r/2)/sigma)
        for scheme in ("bridge", "euler"):
            s = cv[scheme]
            check(s["wall_seconds"].attrs["units"] == "s", f"{scheme}: wall_seconds in s")
            check(s["seed"].shape == (3,), f"{scheme}: one seed per rung")
            np.testing.assert_allclose(s["laplace/reference"][()], exact_laplace, rtol=1e-9)
            check(abs(s["mean/reference"][0] - 2.0) < 1e-9, f"{scheme}: E[tau] reference = 2 (sigma^2 = 1/8)")
            check(s["mean"].attrs["units"] == "model time", f"{scheme}: E[tau] group has units")
            for kind, width in zip(KINDS, (1, len(r), len(t))):
                g = s[kind]
                est, ref, bias = g["estimate"][()], g["reference"][()], g["bias"][()]
                check(est.shape == (3, width) and g["bias_stderr"].shape == (3, width), f"{scheme}/{kind}: rungs x K")
                np.testing.assert_allclose(bias, est - ref[None, :], atol=1e-15)
                check(g["estimate"].dims[0][0].name == "/convergence/dt", f"{scheme}/{kind}: dt is axis 0's scale")
                check(g["fit_status"].shape == (width,), f"{scheme}/{kind}: one fit per column")
                statuses = set(g["fit_status"].asstr()[()])
                check(statuses <= {"fitted", "unresolved", "mixed-sign"}, f"{scheme}/{kind}: fit statuses")
                if kind != "mean":
                    axis = "/convergence/laplace_r" if kind == "laplace" else "/convergence/ecdf_t"
                    check(g["bias"].dims[1][0].name == axis, f"{scheme}/{kind}: K axis scale")
                    check(g["order"].dims[0][0].name == axis, f"{scheme}/{kind}: fit axis scale")
                if scheme == "bridge":
                    z = np.abs(bias) / g["bias_stderr"][()]
                    check(np.all(z <= K), f"bridge/{kind}: exact at every dt, max |z| = {z.max():.2f} <= {K}")


def check_richardson(path):
    with h5py.File(path, "r") as f:
        cv = f["convergence"]
        check(cv.attrs["reference"] == "richardson", "n = 3: Richardson reference")
        check("Richardson" in cv.attrs["reference_source"], "reference_source says how")
        check(float(cv["bridge"].attrs["assumed_order"]) == 1.0, "bridge: assumed order 1")
        g = cv["bridge/mean"]
        # E[τ] = H(μ0)/χ for Shannon (the throughput identity), exact for any n.
        exact = -sum(p * np.log(p) for p in (0.5, 0.3, 0.2)) / 0.3
        check(g["reference_stderr"][0] == 0 and abs(g["reference"][0] - exact) < 1e-12,
              "E[tau]: the throughput identity as exact reference")
        check(cv["bridge/laplace"]["reference_stderr"][0] > 0, "a Richardson reference has a standard error")
        check(np.all(np.isfinite(g["bias"][()])), "finite biases")


def check_repro(a, b):
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        da, db = datasets(fa), datasets(fb)
        check(sorted(da) == sorted(db), "same datasets for --threads 1 and 2")
        for name in sorted(set(da) & set(db)):
            if name.endswith("wall_seconds") or name == "provenance/config":
                continue
            x, y = da[name][()], db[name][()]
            same = x.tolist() == y.tolist() if da[name].dtype.kind == "O" else np.asarray(x).tobytes() == np.asarray(y).tobytes()
            check(same, f"{name} byte-identical across thread counts")


def check_bad_input(exe, tmp):
    out = tmp / "bad.h5"
    cases = [
        ("unknown scheme", BROWNIAN.replace("paths = 4000", 'paths = 4000\nschemes = ["milstein"]'),
         "convergence.schemes"),
        ("dt <= 0", BROWNIAN.replace("dts = [0.32, 0.16, 0.08]", "dts = [0.32, 0.0]"), "convergence.dts"),
        ("not a diffusion", BROWNIAN.replace('process = "diffusion"', 'process = "greedy"'), "model.process"),
        ("simulation.paths", BROWNIAN + "[simulation]\npaths = 10\n", "simulation.paths"),
        ("token cap", BROWNIAN + "[simulation]\ntoken_cap = 1.0\n", "simulation.token_cap"),
    ]
    for name, text, field in cases:
        config = tmp / "bad.toml"
        config.write_text(text)
        r = run(exe, config, out)
        check(r.returncode == 2, f"{name}: exit status 2 (got {r.returncode})")
        check(r.stderr.startswith(f"error: {field}: ") and r.stderr.count("\n") == 1,
              f"{name}: one stderr line naming {field} (got {r.stderr!r})")
        check(not out.exists() and not any(out.parent.glob(out.name + ".*tmp")), f"{name}: no output file")
    config = tmp / "ok.toml"
    config.write_text(BROWNIAN.replace("paths = 4000", "paths = 100"))
    (tmp / "a-directory.h5").mkdir()
    r = run(exe, config, tmp / "a-directory.h5")
    check(r.returncode == 2 and r.stderr.startswith("error: --output: "), "output that is a directory: exit 2")
    # An existing file is never replaced silently: refused (exit 2, untouched), replaced with --force.
    out.write_text("old")
    r = run(exe, config, out)
    check(r.returncode == 2 and "--force" in r.stderr and out.read_text() == "old", "an existing output is refused")
    r = run(exe, config, out, "--force")
    check(r.returncode == 0 and h5py.is_hdf5(out), "an existing output file is replaced with --force")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    exe = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="beliefsim-convergence-") as d:
        tmp = Path(d)
        config = tmp / "brownian.toml"
        config.write_text(BROWNIAN)
        one, two = tmp / "t1.h5", tmp / "t2.h5"
        converge(exe, config, one, "--threads", "1")
        converge(exe, config, two, "--threads", "2")
        try:
            check_brownian(one)
        except (AssertionError, KeyError) as e:
            check(False, f"layout: {type(e).__name__}: {e}")
        check_repro(one, two)
        if shutil.which("h5dump"):
            dump = subprocess.run(["h5dump", "-H", str(one)], capture_output=True, text=True)
            check(dump.returncode == 0 and "GROUP \"convergence\"" in dump.stdout, "h5dump reads the file")
        n3 = tmp / "shannon3.toml"
        n3.write_text(SHANNON3)
        converge(exe, n3, tmp / "n3.h5")
        try:
            check_richardson(tmp / "n3.h5")
        except (AssertionError, KeyError) as e:
            check(False, f"richardson: {type(e).__name__}: {e}")
        check_bad_input(exe, tmp)
    return tally()


if __name__ == "__main__":
    sys.exit(main())
