#!/usr/bin/env python3
"""MPI: `mpirun -np 1` and `mpirun -np 2` (loopback, --oversubscribe) give the datasets of the run
without mpirun, bit for bit, for a sweep (points shared out), for one large simulate run (paths
shared out) and for a convergence ladder (each rung's paths shared out) (README: Sweeps;
include/beliefsim/mc/cluster.hpp); `menu` and `bbs` on two ranks refuse to run (exit 2).

Usage: check_mpi.py PATH/TO/beliefsim SOURCE_DIR
Prints "N passed, 0 failed" and exits non-zero on any failure.
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np


def datasets(path, groups):
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and name.startswith(groups) and not name.endswith("wall_seconds"):
                out[name] = obj[()]
        f.visititems(visit)
    return out


def main():
    exe, source = sys.argv[1], Path(sys.argv[2])
    sweep = source / "experiments" / "sweep" / "chi_prior.toml"
    single = source / "experiments" / "greedy_n3" / "config.toml"
    ladder = source / "experiments" / "convergence" / "config.toml"
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1", ASAN_OPTIONS="detect_leaks=0")
    cases = (("sweep", ["sweep", str(sweep)], ("points/", "summary/"), 12 * 10),
             ("simulate", ["simulate", str(single), "--paths", "200000"], ("stopping_time/",), 10),
             ("convergence", ["convergence", str(ladder), "--paths", "5000"], ("convergence/",), 80))
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case, args, groups, at_least in cases:
            runs = {}
            for name, prefix in (("plain", []), ("np1", ["mpirun", "-np", "1"]), ("np2", ["mpirun", "-np", "2"])):
                out = Path(tmp) / f"{case}-{name}.h5"
                r = subprocess.run(prefix + [exe] + args + ["-o", str(out), "--quiet", "--threads", "1"],
                                   env=env, capture_output=True, text=True)
                if r.returncode != 0:
                    print(f"FAIL {case} {name}: exit {r.returncode}: {r.stderr}")
                    return 1
                runs[name] = datasets(out, groups)
            reference = runs["plain"]
            if len(reference) < at_least:
                print(f"FAIL {case}: only {len(reference)} datasets")
                return 1
            for name in ("np1", "np2"):
                same = runs[name].keys() == reference.keys() and all(
                    np.array_equal(runs[name][k], reference[k]) for k in reference)
                print(("ok  " if same else "FAIL") + f" {case} {name}: {len(runs[name])} datasets identical to the plain run")
                passed, failed = passed + same, failed + (not same)
        # The commands that do not share work refuse more than one rank (exit 2, the rule named, no
        # file) instead of every rank writing one file; -np 1 runs as usual.
        for command, config in (("menu", source / "experiments/menu/binary.toml"),
                                ("bbs", source / "experiments/bbs/example1.toml")):
            out = Path(tmp) / f"{command}-np2.h5"
            r = subprocess.run(["mpirun", "-np", "2", exe, command, str(config), "-o", str(out), "--quiet"],
                               env=env, capture_output=True, text=True)
            refused = r.returncode == 2 and f"error: mpirun: `{command}` runs on one rank" in r.stderr
            refused = refused and not out.exists() and not list(Path(tmp).glob("*.tmp"))
            print(("ok  " if refused else "FAIL") + f" {command} np2: refused with exit 2 ({r.returncode})")
            passed, failed = passed + refused, failed + (not refused)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
