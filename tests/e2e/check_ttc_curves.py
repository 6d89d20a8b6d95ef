#!/usr/bin/env python3
"""`beliefsim ttc` from curves a user wrote with h5py (issue 14): published curves as an HDF5 file.

Usage: check_ttc_curves.py PATH/TO/beliefsim PROJECT_SOURCE_DIR

Writes data/ttc/curves.csv as a user would from numpy arrays (names as fixed-length byte strings,
int64 theta, no standard errors), runs `beliefsim ttc` on it and on the CSV, and checks that both
price the same market (offers, equilibrium, auction), that the output says the curves were given
with NaN standard errors and bands, and that xarray opens its /ttc/curves group by provider name.
Prints "N passed, 0 failed" and exits non-zero on any failure.
"""
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np
import xarray as xr

from e2e_support import check, tally


MARKET = '[market]\nbeta = 1000\nalpha = 0.008\nbaseline = 0.1\nvalue_curve = "linear"\n'


def run_ttc(exe, work, name, curves, prices):
    config = work / f"{name}.toml"
    config.write_text(f'[data]\ncurves = "{curves}"\nprices = "{prices}"\n{MARKET}')
    out = work / f"{name}.h5"
    done = subprocess.run([str(exe), "ttc", str(config), "-o", str(out), "--quiet"], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"FAIL: beliefsim ttc {config.name} exited {done.returncode}: {done.stderr.strip()}")
    return out


def main():
    exe, source = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    table = source / "data/ttc/curves.csv"
    prices = source / "data/ttc/prices.csv"
    rows = list(csv.DictReader(table.open()))
    names = list(dict.fromkeys(r["provider"] for r in rows))
    theta = sorted({int(r["theta"]) for r in rows})

    def grid(column):
        return np.array([[float(r[column]) for r in rows if r["provider"] == n] for n in names])

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with h5py.File(work / "published.h5", "w") as f:
            f["ttc/curves/provider"] = np.array(names, dtype="S")
            f["ttc/curves/theta"] = np.array(theta, dtype=np.int64)
            f["ttc/curves/accuracy"] = grid("accuracy")
            f["ttc/curves/tokens"] = grid("tokens")
        from_h5 = run_ttc(exe, work, "from_h5", work / "published.h5", prices)
        from_csv = run_ttc(exe, work, "from_csv", table, prices)
        with h5py.File(from_h5, "r") as a, h5py.File(from_csv, "r") as b:
            check(a["ttc"].attrs["curves"] == "given", "the output says the curves were given")
            check(list(a["ttc/provider"].asstr()[()]) == names, "provider names kept in file order")
            for path in ("ttc/offers/price", "ttc/offers/user_value", "ttc/equilibrium/level", "ttc/equilibrium/share",
                         "ttc/auction/W", "ttc/comparison/welfare"):
                check(np.array_equal(a[path][()], b[path][()]), f"{path}: same as from the CSV")
            check(np.isnan(a["ttc/curves/accuracy_stderr"][()]).all(), "standard errors not given: NaN")
            check(np.isnan(a["ttc/curves/accuracy_hi"][()]).all(), "no percentile band for given curves")
            check(np.isfinite(b["ttc/curves/accuracy_stderr"][()]).all(), "the CSV's standard errors are kept")
        with xr.open_dataset(from_h5, group="ttc/curves", engine="h5netcdf") as ds:
            check(float(ds.accuracy.sel(provider=names[0], theta=theta[-1])) == grid("accuracy")[0, -1],
                  "xarray selects a curve point by provider name and theta")
    sys.exit(tally())


if __name__ == "__main__":
    main()
