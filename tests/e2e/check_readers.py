#!/usr/bin/env python3
"""Every output kind opened by the readers users use (issue 14).

Usage: check_readers.py PATH/TO/beliefsim PROJECT_SOURCE_DIR

Writes a fresh output of every command (simulate: greedy n = 3 with sample paths, a token-capped
run and a diffusion run; menu; sweep assembled in one run and by two shards plus a resume;
reproduce; bbs; ttc; convergence) and checks, for every file:
- h5py: every dataset reads, and every dimension scale attached to it resolves, has the axis's
  length and lives in the dataset's group or an ancestor (where netCDF readers look for dimensions);
- xarray opens every group through h5netcdf and through netCDF4 (no phony dimensions needed);
- h5dump prints the file with exit status 0 and no error text;
- `beliefsim inspect` prints the kind's headline numbers (menu revenue, PoA, BBS revenue, sweep rows).
Prints "N passed, 0 failed" and exits non-zero on any failure.
"""
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import h5py
import xarray as xr

from e2e_support import check, tally


def run(exe, *args, cwd=None):
    done = subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, cwd=cwd)
    if done.returncode != 0:
        sys.exit(f"FAIL: beliefsim {' '.join(map(str, args))} exited {done.returncode}: {done.stderr.strip()}")


def groups_of(path):
    names = ["/"]
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: names.append("/" + name) if isinstance(obj, h5py.Group) else None)
    return names


def check_h5py(path):
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if not isinstance(obj, h5py.Dataset):
                return
            try:
                obj[()]
                for axis, dim in enumerate(obj.dims):
                    for scale_name, scale in dim.items():
                        check(scale.shape[0] == obj.shape[axis],
                              f"{path.name}:/{name} dim {axis} scale '{scale_name}' has {scale.shape[0]} entries "
                              f"for an axis of {obj.shape[axis]}")
                        home = scale.parent.name.rstrip("/") + "/"
                        check(obj.name.startswith(home),
                              f"{path.name}:/{name} dim {axis} scale {scale.name} is in the dataset's group "
                              "or an ancestor (netCDF scoping)")
            except Exception as error:  # noqa: BLE001: any reader failure is the finding
                check(False, f"{path.name}:/{name} through h5py: {error}")
        f.visititems(visit)
    check(True, f"{path.name} h5py walk")


def check_xarray(path):
    for group in groups_of(path):
        for engine in ("h5netcdf", "netcdf4"):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    with xr.open_dataset(path, group=group, engine=engine) as ds:
                        ds.load()
                check(True, "")
            except Exception as error:  # noqa: BLE001
                check(False, f"{path.name}:{group} through xarray/{engine}: {type(error).__name__}: {error}")


def check_h5dump(path):
    done = subprocess.run(["h5dump", str(path)], capture_output=True, text=True)
    text = done.stderr + "\n".join(line for line in done.stdout.splitlines() if line.startswith("h5dump error"))
    check(done.returncode == 0 and text.strip() == "",
          f"h5dump {path.name}: exit {done.returncode}, {text.strip()[:300]}")


HEADLINES = {"greedy_n3": "E[tau]", "token_cap": "P(not learned)", "diffusion_n3": "E[tau]",
             "menu_": "token-cap menu: revenue", "bbs": "mc_revenue =", "ttc_": "poa =", "zhong-": "numbers (ok:",
             "bbs-example1": "numbers (ok:", "ttc-synthetic": "numbers (ok:", "sweep": "sweep summary (12 points", "convergence": "/convergence"}


def check_inspect(exe, path):
    """`beliefsim inspect` prints the file kind's headline numbers, not only the dataset list."""
    done = subprocess.run([str(exe), "inspect", str(path)], capture_output=True, text=True)
    expected = next((v for k, v in sorted(HEADLINES.items(), key=lambda kv: -len(kv[0])) if path.stem.startswith(k)))
    check(done.returncode == 0 and expected in done.stdout, f"inspect {path.name} shows '{expected}'")


def outputs(exe, source, work):
    exp = source / "experiments"
    files = []

    def simulate(name, config, *extra):
        out = work / f"{name}.h5"
        run(exe, "simulate", config, "-o", out, "--quiet", *extra)
        files.append(out)

    simulate("greedy_n3", exp / "greedy_n3/config.toml", "--paths", 20_000)
    simulate("token_cap", exp / "token_cap/config.toml", "--paths", 20_000)
    simulate("diffusion_n3", exp / "diffusion_n3/config.toml", "--paths", 5_000)
    for menu in ("binary", "ironed"):
        out = work / f"menu_{menu}.h5"
        run(exe, "menu", exp / f"menu/{menu}.toml", "-o", out, "--quiet", "--paths", 20_000)
        files.append(out)
    out = work / "bbs.h5"
    run(exe, "bbs", exp / "bbs/example1.toml", "-o", out, "--quiet")
    files.append(out)
    for ttc in ("default", "beta_sweep"):
        out = work / f"ttc_{ttc}.h5"
        run(exe, "ttc", exp / f"ttc/{ttc}.toml", "-o", out, "--quiet", cwd=exp / "ttc")
        files.append(out)
    convergence = work / "convergence.toml"
    convergence.write_text('[model]\nstates = 2\nprior = [0.3, 0.7]\nentropy = "shannon"\nchi = 0.2\n'
                           'process = "diffusion"\n[convergence]\ndts = [0.08, 0.04]\nschemes = ["euler"]\n'
                           'paths = 1000\necdf_times = 2\n')
    run(exe, "convergence", convergence, "-o", work / "convergence.h5", "--quiet")
    files.append(work / "convergence.h5")
    reproduce = work / "reproduce"
    run(exe, "reproduce", "all", "-o", reproduce)
    files.extend(sorted(reproduce.glob("*.h5")))

    sweep = work / "sweep.toml"
    sweep.write_text((exp / "sweep/chi_prior.toml").read_text().replace("paths = 20_000", "paths = 2_000"))
    run(exe, "sweep", sweep, "-o", work / "sweep.h5", "--quiet")
    files.append(work / "sweep.h5")
    for shard in ("0/2", "1/2"):
        run(exe, "sweep", sweep, "-o", work / "sweep_resumed.h5", "--quiet", "--shard", shard, "--resume")
    run(exe, "sweep", sweep, "-o", work / "sweep_resumed.h5", "--quiet", "--resume")
    files.append(work / "sweep_resumed.h5")
    return files


def main():
    exe, source = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    if shutil.which("h5dump") is None:
        sys.exit("FAIL: h5dump is not installed (Debian hdf5-tools; scripts/dev.sh setup)")
    with tempfile.TemporaryDirectory() as tmp:
        for path in outputs(exe, source, Path(tmp)):
            check_h5py(path)
            check_xarray(path)
            check_h5dump(path)
            check_inspect(exe, path)
    sys.exit(tally())


if __name__ == "__main__":
    main()
