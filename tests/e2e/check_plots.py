#!/usr/bin/env python3
"""Runs every experiments/plot_*.py on fresh beliefsim outputs and checks the PNGs and CSVs.

Usage: check_plots.py PATH/TO/beliefsim PROJECT_SOURCE_DIR

Makes small outputs in a temporary directory (simulate: an exact law, a token-capped run, a 3-state
diffusion with sample paths and no exact law, a run without the throughput audit; menu: an exact and
a sampled law; ttc with a beta sweep; bbs Example 1; reproduce zhong-binary and zhong-quality; a sweep
over a string, an integer and a vector key; a convergence ladder), runs each plot script on them
with --csv (matplotlib's Agg backend), and checks that every PNG it promises is a non-empty PNG
image and that the CSV holds the plotted series (the exact law where there is one, the censoring of a
capped run, the exact overlay of a sweep). Fails if a plot_*.py script is not exercised here.
Prints "N passed, M failed".
"""
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

from e2e_support import check, tally

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

NO_AUDIT = """\
[model]
states = 3
prior = [0.5, 0.3, 0.2]
entropy = "shannon"
chi = 0.3
process = "greedy"

[simulation]
paths = 4000
seed = 3

[audit]
paths = 0
"""

SWEEP = """\
[model]
states = 2
prior = [0.5, 0.5]
entropy = "quadratic"
chi = 0.125
process = "greedy"

[simulation]
paths = 2000
seed = 1

[audit]
paths = 200

[sweep]
"model.process" = ["greedy", "constant-delay"]
"model.states" = [2, 3]
"model.prior" = [[0.5, 0.5], [0.5, 0.3, 0.2]]
zip = [["model.states", "model.prior"]]
"""

CONVERGENCE = """\
[model]
states = 2
prior = [0.3, 0.7]
entropy = "shannon"
chi = 0.2
process = "diffusion"

[convergence]
dts = [0.08, 0.04]
schemes = ["euler"]
paths = 1000
ecdf_times = 2
"""


def run(command, what):
    r = subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, f"{what} exited {r.returncode}: {r.stderr.strip()[-400:]}")
    return r.returncode == 0


def csv_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def check_outputs(what, pngs, table):
    for png in pngs:
        ok = png.is_file() and png.stat().st_size > 10_000 and png.read_bytes()[:8] == PNG_MAGIC
        check(ok, f"{what}: {png.name} is a non-empty PNG")
    rows = csv_rows(table) if table.is_file() else []
    check(len(rows) > 0 and set(rows[0]) == {"figure", "panel", "series", "x", "y", "lo", "hi"},
          f"{what}: {table.name} holds the plotted numbers")
    return rows


def series(rows, panel=None):
    return {r["series"] for r in rows if panel is None or r["panel"] == panel}


def main():
    exe, source = Path(sys.argv[1]), Path(sys.argv[2])
    experiments = source / "experiments"
    scripts = {p.name for p in experiments.glob("plot_*.py")}
    exercised = set()
    with tempfile.TemporaryDirectory(prefix="beliefsim-plots-") as d:
        tmp = Path(d)

        def beliefsim(*args, what):
            quiet = [] if args[0] == "reproduce" else ["--quiet"]  # reproduce prints its table only
            return run([exe, *args, *quiet], f"beliefsim {what}")

        def plot(script, *args, what, pngs, csv_name):
            exercised.add(script)
            table = tmp / csv_name
            if not run(["/usr/bin/python3", experiments / script, *args, "--csv", table], f"{script} {what}"):
                return []
            return check_outputs(f"{script} {what}", pngs, table)

        # simulate: exact law; capped; no exact law with sample paths; no audit.
        runs = {"exact": (experiments / "zhong_binary/config.toml", "20000"),
                "capped": (experiments / "token_cap/config.toml", "20000"),
                "diffusion": (experiments / "diffusion_n3/config.toml", "3000")}
        (tmp / "no_audit.toml").write_text(NO_AUDIT)
        runs["no_audit"] = (tmp / "no_audit.toml", "4000")
        for name, (config, paths) in runs.items():
            beliefsim("simulate", config, "-o", tmp / f"{name}.h5", "--paths", paths, what=f"simulate {name}")
            rows = plot("plot_law.py", tmp / f"{name}.h5", "-o", tmp / f"{name}.law.png", what=name,
                        pngs=[tmp / f"{name}.law.png"], csv_name=f"{name}.law.csv")
            has_exact = "exact" in series(rows, "cdf")
            check(has_exact == (name != "diffusion"), f"plot_law {name}: exact CDF overlaid iff the file has one")
            check(("not_learned" in series(rows, "cdf")) == (name == "capped"),
                  f"plot_law {name}: the not-learned fraction is shown iff the run is capped")
            check(("increment" in series(rows, "audit")) == (name != "no_audit"),
                  f"plot_law {name}: audit increments drawn iff the file has an audit")
            if name == "capped":
                cap = max(float(r["x"]) for r in rows if r["series"] == "ecdf")
                check(cap < 3.0, "plot_law capped: the ECDF stops before the cap T = 3 (censored there)")
        plot("plot_paths.py", tmp / "diffusion.h5", tmp / "paths.png", what="diffusion",
             pngs=[tmp / "paths.png"], csv_name="paths.csv")

        # menu: exact law (tiers, families) and sampled law (standard errors).
        for name, paths in (("binary", "20000"), ("diffusion3_sampled", "3000")):
            h5 = tmp / f"{name}.h5"
            beliefsim("menu", experiments / f"menu/{name}.toml", "-o", h5, "--paths", paths, what=f"menu {name}")
            rows = plot("plot_menu.py", h5, tmp / "menu", what=name,
                        pngs=[tmp / f"menu/{name}_menu.png", tmp / f"menu/{name}_revenue.png"],
                        csv_name=f"menu_{name}.csv")
            bars = [r for r in rows if r["figure"] == "revenue"]
            check(bool(bars) and all(r["lo"] for r in bars if r["x"] == "optimal menu") == (name != "binary"),
                  f"plot_menu {name}: revenue error bar iff the law is sampled")
        beliefsim("reproduce", "zhong-binary", "-o", tmp / "repro", what="reproduce zhong-binary")
        beliefsim("reproduce", "zhong-quality", "-o", tmp / "repro", what="reproduce zhong-quality")
        plot("plot_menu.py", tmp / "repro", what="reproduce directory",
             pngs=[tmp / "repro/menu.png", tmp / "repro/revenue.png", tmp / "repro/figure1.png"],
             csv_name="repro.csv")

        # ttc with a beta sweep: six figures.
        beliefsim("ttc", experiments / "ttc/beta_sweep.toml", "-o", tmp / "ttc.h5", what="ttc")
        figures = ("curves", "tokens", "value", "dynamics", "auction", "poa")
        rows = plot("plot_ttc.py", tmp / "ttc.h5", tmp / "ttc", what="beta sweep",
                    pngs=[tmp / f"ttc/ttc_{n}.png" for n in figures], csv_name="ttc.csv")
        check({r["figure"] for r in rows} == set(figures), "plot_ttc: every figure's numbers in the CSV")

        beliefsim("bbs", experiments / "bbs/example1.toml", "-o", tmp / "bbs.h5", what="bbs")
        plot("plot_bbs_figure1.py", tmp / "bbs.h5", tmp / "bbs", what="example 1",
             pngs=[tmp / "bbs/bbs_figure1.png"], csv_name="bbs.csv")

        # sweep: a string key (process), an integer key (states) and a vector key (prior).
        (tmp / "sweep.toml").write_text(SWEEP)
        beliefsim("sweep", tmp / "sweep.toml", "-o", tmp / "sweep.h5", what="sweep")
        for x, group in (("model.states", "model.process"), ("model.process", "model.prior")):
            png = tmp / f"sweep_{x}.png"
            rows = plot("plot_sweep.py", tmp / "sweep.h5", x, "stopping_time.mean", group, "-o", png,
                        what=f"x = {x}", pngs=[png], csv_name=f"sweep_{x}.csv")
            check(any(s.startswith("exact") for s in series(rows)), f"plot_sweep x = {x}: exact values overlaid")
            check({r["series"] for r in rows if not r["series"].startswith("exact")}
                  .isdisjoint({"model.process = 'greedy'", "model.process = \"'greedy'\""}),
                  f"plot_sweep x = {x}: string values without TOML quotes")

        (tmp / "convergence.toml").write_text(CONVERGENCE)
        beliefsim("convergence", tmp / "convergence.toml", "-o", tmp / "convergence.h5", what="convergence")
        plot("plot_convergence.py", tmp / "convergence.h5", tmp / "convergence.png", what="ladder",
             pngs=[tmp / "convergence.png"], csv_name="convergence.csv")

    check(exercised == scripts, f"every plot script is exercised (missing: {sorted(scripts - exercised)})")
    return tally()


if __name__ == "__main__":
    sys.exit(main())
