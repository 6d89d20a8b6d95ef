#!/usr/bin/env python3
"""The command line for studies (issue 15): --set, validate, --dry-run, --json, --force, seeds,
exit codes, unreadable configs and steps off the time scale, and the README's configuration block.

Usage: check_cli_study.py PATH/TO/beliefsim PROJECT_SOURCE_DIR

Checks: `--set` gives the edited file's datasets bit for bit; `prior = "uniform"`; `validate` and a
run list every error of a config at once (exit 2); `--dry-run` prints the resolved config and
writes nothing; `--json` parses and matches the HDF5 file; an existing output is refused without
`--force` and replaced with it; seeds 2^64 - 1 and 2^63 give different results, and a TOML seed
beyond 2^63 - 1 is refused; a run that cannot finish exits 3; the README's [Configuration] TOML
block is valid and every default it states is the code's (the block with all its default-valued
keys deleted gives the same datasets). Prints "N passed, 0 failed".
"""
import json
import re
import resource
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

from e2e_support import check, greedy3_config, run, tally


BASE = greedy3_config(paths=3000, audit_paths=500)


def datasets(path):
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and not name.startswith("provenance"):
                out[name] = obj[()].tobytes() if obj.dtype.kind != "O" else repr(obj[()])
        f.visititems(visit)
    return out


def main():
    exe, source = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = tmp / "base.toml"
        base.write_text(BASE)

        # --set equals the edited file, dataset by dataset; "uniform" is 1/n.
        edited = tmp / "edited.toml"
        edited.write_text(BASE.replace("chi = 0.3", "chi = 0.45").replace("[0.5, 0.3, 0.2]", "[0.25, 0.25, 0.5]"))
        r1 = run(exe, "simulate", base, "-o", tmp / "set.h5", "--quiet", "--set", "model.chi=0.45",
                 "--set", "model.prior=[0.25, 0.25, 0.5]")
        r2 = run(exe, "simulate", edited, "-o", tmp / "edited.h5", "--quiet")
        check(r1.returncode == 0 and r2.returncode == 0, f"--set run and edited run succeed ({r1.stderr}{r2.stderr})")
        check(datasets(tmp / "set.h5") == datasets(tmp / "edited.h5"), "--set gives the edited file's datasets")
        with h5py.File(tmp / "set.h5") as f:
            check("chi = 0.45" in f["provenance/config"].asstr()[()], "the resolved config is the provenance")
            check("--set" in f.attrs["command_line"], "the --set settings are in the command line")
        r = run(exe, "simulate", base, "-o", tmp / "uniform.h5", "--quiet", "--set", 'model.prior="uniform"')
        with h5py.File(tmp / "uniform.h5") as f:
            check(r.returncode == 0 and np.allclose(f["model"].attrs["prior"], 1 / 3), 'prior = "uniform" is 1/n')

        # Every error at once: validate, a run, and a dry run.
        bad = tmp / "bad.toml"
        bad.write_text(BASE.replace('"shannon"', '"shanon"').replace("chi = 0.3", "chi = -1")
                       .replace("paths = 3000", "paths = 0"))
        for args in (("validate", bad), ("simulate", bad, "-o", tmp / "bad.h5"),
                     ("simulate", bad, "-o", tmp / "bad.h5", "--dry-run")):
            r = run(exe, *args)
            fields = re.findall(r"^error: ([\w.]+):", r.stderr, flags=re.M)
            check(r.returncode == 2 and fields == ["model.entropy", "model.chi", "simulation.paths"],
                  f"{args[0]}: every error at once, exit 2 (got {r.returncode}, {fields})")
        check(not (tmp / "bad.h5").exists(), "no output for a bad config")
        r = run(exe, "validate", base)
        check(r.returncode == 0 and "valid simulate config" in r.stdout, "validate accepts a valid config")
        r = run(exe, "simulate", base, "-o", tmp / "dry.h5", "--dry-run", "--set", "model.chi=0.7")
        check(r.returncode == 0 and "chi = 0.7" in r.stdout and not (tmp / "dry.h5").exists(),
              "--dry-run prints the resolved config and writes nothing")

        # --json parses and matches the file.
        r = run(exe, "simulate", base, "-o", tmp / "json.h5", "--json")
        summary = json.loads(r.stdout)
        with h5py.File(tmp / "json.h5") as f:
            check(summary["datasets"]["/stopping_time/mean"] == f["stopping_time/mean"][()], "--json E[tau] = HDF5")
            check(summary["datasets"]["/stopping_time/laplace/mean"] == list(f["stopping_time/laplace/mean"][()]),
                  "--json Laplace = HDF5")
            check(summary["attributes"]["seed"] == 5 and summary["groups"]["/model"]["chi"] == 0.3,
                  "--json attributes")
        r = run(exe, "inspect", tmp / "json.h5", "--json")
        check(r.returncode == 0 and json.loads(r.stdout)["datasets"] == summary["datasets"],
              "inspect --json gives the run's --json")
        menu = source / "experiments/menu/binary.toml"
        r = run(exe, "menu", menu, "-o", tmp / "menu.h5", "--json", "--paths", 2000)
        summary = json.loads(r.stdout)
        with h5py.File(tmp / "menu.h5") as f:
            check(summary["groups"]["/menu"]["revenue"] == f["menu"].attrs["revenue"], "menu --json revenue = HDF5")

        # Overwrite policy, for every command that writes one file.
        commands = [("simulate", base, ()), ("menu", menu, ("--paths", 2000)),
                    ("bbs", source / "experiments/bbs/example1.toml", ()),
                    ("ttc", source / "experiments/ttc/curves.toml", ())]
        for command, config, extra in commands:
            out = tmp / f"exists_{command}.h5"
            out.write_text("old")
            r = run(exe, command, config, "-o", out, "--quiet", *extra)
            check(r.returncode == 2 and "--force" in r.stderr and out.read_text() == "old",
                  f"{command}: an existing output is refused without --force")
            r = run(exe, command, config, "-o", out, "--quiet", "--force", *extra)
            check(r.returncode == 0 and h5py.is_hdf5(out), f"{command}: --force replaces it ({r.stderr.strip()})")

        # Two runs racing to one output: without --force exactly one finishes it, the other is refused at
        # the rename (exit 2); with --force both finish and the file is whole. No temporary is left.
        for force in ((), ("--force",)):
            out = tmp / f"race{len(force)}.h5"
            racers = [subprocess.Popen([str(exe), "simulate", str(base), "-o", str(out), "--quiet",
                                        "--paths", "200000", *force], stderr=subprocess.PIPE, text=True)
                      for _ in range(2)]
            codes = sorted(p.wait() for p in racers)
            errors = " ".join(p.stderr.read() for p in racers)
            expected = [0, 0] if force else [0, 2]
            check(codes == expected and h5py.is_hdf5(out) and not list(tmp.glob("race*.tmp")),
                  f"two runs on one output{' with --force' if force else ''}: exits {codes} (want {expected}) {errors}")
            with h5py.File(out) as f:
                check(f["stopping_time/mean"].shape == (), "the raced file is whole")

        # A full disk (a file-size limit: writes fail with EFBIG) is a clean failure: exit 3, one message,
        # no file; it used to crash at exit (SIGSEGV) from a handle the failed close left open.
        def small_files():
            resource.setrlimit(resource.RLIMIT_FSIZE, (16_384, 16_384))
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        full = tmp / "full"
        full.mkdir()
        r = subprocess.run([str(exe), "simulate", str(base), "-o", str(full / "x.h5"), "--quiet"],
                           capture_output=True, text=True, preexec_fn=small_files)
        check(r.returncode == 3 and r.stderr.startswith("error: ") and not list(full.iterdir()),
              f"a full disk: exit 3, no file (got {r.returncode}: {r.stderr.strip()})")

        # Seeds: the whole unsigned range on the command line; TOML stops at 2^63 - 1.
        means = []
        for seed in (2**64 - 1, 2**63, 2**63 - 1):
            out = tmp / f"seed_{seed}.h5"
            r = run(exe, "simulate", base, "-o", out, "--quiet", "--seed", seed)
            with h5py.File(out) as f:
                check(int(f.attrs["seed"]) == seed, f"seed {seed} recorded exactly")
                means.append(f["stopping_time/mean"][()])
        check(len(set(means)) == 3, f"seeds 2^64 - 1, 2^63, 2^63 - 1 give different results ({means})")
        r = run(exe, "simulate", base, "-o", tmp / "negative_seed.h5", "--quiet", "--seed", -1)
        check(r.returncode == 2 and "--seed" in r.stderr and not (tmp / "negative_seed.h5").exists(),
              f"--seed -1 is refused, not wrapped to 2^64 - 1 (got {r.returncode}: {r.stderr.strip()})")
        big = tmp / "big_seed.toml"
        big.write_text(BASE.replace("seed = 5", "seed = 9223372036854775808"))
        r = run(exe, "validate", big)
        check(r.returncode == 2 and "64-bit range" in r.stderr, "a TOML seed beyond 2^63 - 1 is refused")

        # A run that cannot finish (a path still alive at max_time) exits 3.
        stuck = tmp / "stuck.toml"
        stuck.write_text(BASE.replace('chi = 0.3', 'chi = 0.3\nprocess = "diffusion"').replace(
            "seed = 5", 'seed = 5\nscheme = "face"\nmax_time = 0.01'))
        r = run(exe, "simulate", stuck, "-o", tmp / "stuck.h5", "--quiet")
        check(r.returncode == 3 and "max_time" in r.stderr, f"a run that cannot finish exits 3 (got {r.returncode})")

        # A config that cannot be read is an error, not an empty config; a step far off the time scale too.
        r = run(exe, "bbs", "/proc/self/mem", "-o", tmp / "mem.h5")
        check(r.returncode == 2 and "cannot read file" in r.stderr and not (tmp / "mem.h5").exists(),
              "a read error on the config exits 2")
        r = run(exe, "simulate", base, "-o", tmp / "dt.h5", "--set", 'model.process="diffusion"',
                "--set", "simulation.dt=100")
        check(r.returncode == 2 and "simulation.dt" in r.stderr, f"dt = 100 is refused ({r.stderr.strip()})")

        # The README's configuration block: valid, and its stated defaults are the code's.
        readme = (source / "README.md").read_text()
        block = readme.split("## Configuration", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
        (tmp / "readme.toml").write_text(block)
        r = run(exe, "validate", tmp / "readme.toml")
        check(r.returncode == 0, f"the README's config block is valid ({r.stderr.strip()})")
        stated = "\n".join(line for line in block.splitlines()
                           if "required" in line or line.startswith("[") or not re.match(r"^\w+\s*=", line))
        (tmp / "defaults.toml").write_text(stated)
        outs = []
        for name in ("readme", "defaults"):
            out = tmp / f"{name}.h5"
            r = run(exe, "simulate", tmp / f"{name}.toml", "-o", out, "--quiet", "--paths", 2000)
            check(r.returncode == 0, f"{name} block runs ({r.stderr.strip()})")
            outs.append(datasets(out))
        check(outs[0] == outs[1], "every default the README states is the code's (same datasets without them)")
    sys.exit(tally())


if __name__ == "__main__":
    main()
