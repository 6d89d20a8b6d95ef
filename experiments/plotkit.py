"""Shared pieces of the experiments/plot_*.py scripts: the Agg backend, reading beliefsim's HDF5
strings and lists, labels (states numbered from 1, the band level), and the --csv table of the
plotted numbers.

Tested by: tests/e2e/check_plots.py (every script on a fresh output, PNG and CSV written).
"""
import argparse
import csv

import h5py
import matplotlib

matplotlib.use("Agg")  # files only: the scripts run headless in CTest
import matplotlib.pyplot as plt  # noqa: E402,F401  (re-exported for the scripts)
import numpy as np  # noqa: E402

BAND_LEVEL = 0.95
BAND_Z = 1.959963984540054  # two-sided 95 % normal quantile
BAND_TEXT = "95 % band (± 1.96 SE)"

plt.rcParams.update({"figure.dpi": 110, "savefig.dpi": 130, "axes.grid": True, "grid.alpha": 0.3,
                     "legend.fontsize": 8, "axes.titlesize": 10, "axes.labelsize": 9})


def text(value):
    """An HDF5 string attribute or scalar dataset as str (h5py gives bytes or str by version)."""
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    return value.decode() if isinstance(value, bytes) else str(value)


def strings(value):
    """A list stored either as one newline-joined string or as a string array."""
    if isinstance(value, (str, bytes)) or (isinstance(value, np.ndarray) and value.shape == ()):
        return [s for s in text(value).split("\n") if s]
    return [text(v) for v in value]


def datasets(group):
    """name -> values of the datasets directly in an HDF5 group (subgroups skipped)."""
    return {k: v[()] for k, v in group.items() if isinstance(v, h5py.Dataset)}


def state_name(index):
    """Terminal state index of the files (0-based, -1: not learned by the token cap) as the papers
    number states (from 1)."""
    return "not learned" if index < 0 else rf"$\theta = {index + 1}$"


def model_title(model):
    """One line naming the model from the /model attributes."""
    m = dict(model)
    prior = ", ".join(f"{p:g}" for p in np.atleast_1d(m["prior"]))
    entropy = text(m["entropy"])
    for key in ("q", "alpha"):
        if key in m:
            entropy += f" ({key} = {float(m[key]):g})"
    return (f"{text(m['process'])}, {entropy} entropy, {int(m['states'])} states, "
            rf"$\mu_0$ = ({prior}), $\chi$ = {float(m['chi']):g}")


class PlottedNumbers:
    """Rows figure, panel, series, x, y, lo, hi: every number drawn, for --csv. lo/hi are the
    band or error-bar ends (empty when the series has none)."""

    def __init__(self):
        self.rows = []

    def add(self, figure, panel, series, x, y, lo=None, hi=None):
        x, y = np.broadcast_arrays(np.asarray(x, dtype=object), np.asarray(y, dtype=object))
        lo = [""] * len(x.flat) if lo is None else np.ravel(lo)
        hi = [""] * len(x.flat) if hi is None else np.ravel(hi)
        for xi, yi, li, hi_ in zip(x.flat, y.flat, lo, hi):
            self.rows.append((figure, panel, series, xi, yi, li, hi_))

    def write(self, path):
        if path is None:
            return
        with open(path, "w", newline="") as out:
            w = csv.writer(out)
            w.writerow(("figure", "panel", "series", "x", "y", "lo", "hi"))
            w.writerows(self.rows)
        print(f"wrote {path}")


def argument_parser(doc):
    """The scripts' command line: their docstring as help, and --csv; each adds its positionals."""
    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--csv", help="write the plotted numbers here")
    return p


def save(fig, path):
    fig.savefig(path)
    plt.close(fig)
    print(f"wrote {path}")
