#!/usr/bin/python3
"""Draws a sweep's summary column against a swept key, one line per value of an optional third key.

Usage: /usr/bin/python3 experiments/plot_sweep.py SWEEP.h5 X_KEY Y_COLUMN [GROUP_KEY] [-o OUT.png]
  e.g. plot_sweep.py sweep.h5 model.chi stopping_time.mean model.prior
Error bars: Y_COLUMN_stderr when the summary has it. Columns: `h5ls -r SWEEP.h5/summary`.
"""
import argparse
from pathlib import Path

import h5py
import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def column(summary, name):
    if name not in summary:
        raise SystemExit(f"no column '{name}' in /summary (have: {', '.join(summary)})")
    values = summary[name][()]
    return np.array([v.decode() for v in values]) if values.dtype.kind in "SO" else values


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file")
    p.add_argument("x")
    p.add_argument("y")
    p.add_argument("group", nargs="?")
    p.add_argument("-o", "--output")
    a = p.parse_args()
    with h5py.File(a.file, "r") as f:
        s = f["summary"]
        x, y = column(s, a.x), column(s, a.y)
        err = column(s, a.y + "_stderr") if a.y + "_stderr" in s else None
        groups = column(s, a.group) if a.group else np.zeros(len(x))
    fig, ax = plt.subplots(figsize=(6, 4))
    for g in dict.fromkeys(groups.tolist()):
        pick = groups == g
        order = np.argsort(x[pick])
        ax.errorbar(x[pick][order], y[pick][order], yerr=None if err is None else 2 * err[pick][order],
                    marker="o", capsize=3, label=f"{a.group} = {g}" if a.group else None)
    ax.set_xlabel(a.x)
    ax.set_ylabel(a.y + (" (± 2 SE)" if err is not None else ""))
    if a.group:
        ax.legend(fontsize=8)
    fig.tight_layout()
    out = Path(a.output) if a.output else Path(a.file).with_suffix(f".{a.y}.png")
    fig.savefig(out, dpi=120)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
