#!/usr/bin/env python3
"""A sweep's /summary as a table (issue 14): a mixed grid of process x (states, prior) x entropy.

Usage: check_sweep_summary.py PATH/TO/beliefsim

Runs an 8-point sweep and reads /summary with the README's one-liners (xarray through h5netcdf,
and h5py into pandas). Checks: one row per point; integers stay integers, strings come without
their TOML quotes, a list key of varying length is a string column, a list key of fixed length is
one column per entry; exact values are NaN exactly where a point has no exact law and every
estimate is within 4 standard errors of its exact value elsewhere; the seeds, the base seed and
the [sweep] table are stored. Prints "N passed, 0 failed" and exits non-zero on any failure.
"""
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import xarray as xr

from e2e_support import check, tally

CONFIG = """\
[model]
states = 2
prior = [0.5, 0.5]
entropy = "quadratic"
chi = 0.25

[simulation]
paths = 4_000
seed = 11

[audit]
paths = 0

[sweep]
"model.process" = ["greedy", "diffusion"]
"model.states" = [2, 3]
"model.prior" = [[0.4, 0.6], [0.5, 0.3, 0.2]]
"model.entropy" = ["quadratic", "shannon"]
"estimators.laplace_r" = [[0.5, 2.0]]
zip = [["model.states", "model.prior"]]
"""

K = 4.0


def main():
    exe = Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        config, out = Path(tmp) / "mixed.toml", Path(tmp) / "mixed.h5"
        config.write_text(CONFIG)
        run = subprocess.run([str(exe), "sweep", str(config), "-o", str(out), "--quiet"], capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(f"FAIL: beliefsim sweep exited {run.returncode}: {run.stderr.strip()}")

        # The README's one-liners.
        df = xr.open_dataset(out, group="summary", engine="h5netcdf").to_dataframe()
        with h5py.File(out, "r") as f:
            frame = pd.DataFrame({k: v.asstr()[()] if v.dtype.kind == "O" else v[()] for k, v in f["summary"].items()})
            seeds = [int(f[f"points/{i:06d}"].attrs["seed"]) for i in range(8)]
            check(int(f["sweep"].attrs["base_seed"]) == 11, "base seed stored")
            check(f["sweep/table"].asstr()[()].startswith("[sweep]\n"), "the [sweep] table stored")
            check(list(f["sweep/keys"].asstr()[()]) == ["estimators.laplace_r", "model.entropy", "model.prior",
                                                       "model.process", "model.states"], "the swept keys stored")
            check(f["points/000000"].attrs["model.process"] == "greedy", "point attribute string without quotes")
            check(f["points/000000"].attrs["model.states"].dtype.kind == "i", "point attribute integer")

        check(len(df) == 8 and len(frame) == 8, f"one row per point (xarray {len(df)}, h5py {len(frame)})")
        check(list(frame["seed"]) == seeds, "seed column = the points' seeds")
        check(frame["model.states"].dtype.kind == "i", f"integer key stays integer ({frame['model.states'].dtype})")
        check(set(frame["model.process"]) == {"greedy", "diffusion"}, "string key without TOML quotes")
        check(len(frame[frame["model.process"] == "greedy"]) == 4, "filtering on a string key works")
        check(frame["model.prior"].dtype.kind == "O", "a list key of varying length is a string column")
        check(list(frame["estimators.laplace_r[1]"]) == [2.0] * 8, "a fixed-length list key: one column per entry")
        for name in frame.columns:
            check(name in df.columns or name == "index", f"xarray sees column {name}")

        no_exact = (frame["model.process"] == "diffusion") & (frame["model.states"] == 3)
        for value, exact in (("stopping_time.mean", "exact.mean"), ("laplace[r=2].mean", "laplace[r=2].exact"),
                             ("terminal[theta=1].freq", "terminal[theta=1].exact")):
            check(bool(frame.loc[no_exact, exact].isna().all()), f"{exact} is NaN where there is no exact law")
            check(bool(frame.loc[~no_exact, exact].notna().all()), f"{exact} is present where there is an exact law")
            rows = frame[~no_exact]
            z = (rows[value] - rows[exact]) / rows[value + "_stderr"]
            check(bool((np.abs(z) < K).all()), f"{value} within {K} SE of {exact}: z = {np.round(z.values, 2)}")
        check(bool(frame["terminal[theta=3].freq"].isna().sum() == 4), "a third state's column is NaN for 2 states")
    sys.exit(tally())


if __name__ == "__main__":
    main()
