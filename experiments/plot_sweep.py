#!/usr/bin/python3
"""Draws a sweep's summary column against a swept key, one line per value of an optional third key.

Usage: /usr/bin/python3 experiments/plot_sweep.py SWEEP.h5 X_KEY Y_COLUMN [GROUP_KEY] [-o OUT.png] [--csv CSV]
  e.g. plot_sweep.py sweep.h5 model.chi stopping_time.mean "model.prior[0]"
X_KEY may be real (a continuous axis), integer (integer ticks) or categorical (strings or vectors:
one tick per value, in the order of the sweep). Error bars: 95 % (± 1.96 SE) when the summary has
the SE column (Y_COLUMN_stderr, e.g. laplace[r=1].mean_stderr). The exact value is overlaid (open black
markers) when the summary has it (exact.<name> for stopping_time.<name>, or G.exact next to G.mean).
Columns: `h5ls -r SWEEP.h5/summary`.
"""
import re
from pathlib import Path

import h5py
import numpy as np

from plotkit import argument_parser, BAND_Z, PlottedNumbers, plt, save, text

LABELS = {  # mathtext names and units of the usual columns and keys
    "stopping_time.mean": r"$E[\tau]$ (model time)",
    "stopping_time.variance": r"$\mathrm{Var}[\tau]$ (model time$^2$)",
    "menu.revenue": "revenue of the optimal menu (value)",
    "model.chi": r"throughput $\chi$ (entropy per model time)",
    "model.prior": r"prior $\mu_0$",
    "model.states": "states $n$",
    "model.q": "Tsallis $q$",
    "model.alpha": r"power $\alpha$",
    "simulation.token_cap": "token cap (tokens)",
    "model.process": "process",
    "model.entropy": "entropy",
}
PATTERNS = (  # grouped columns: laplace[r=1].mean, terminal[theta=2].freq
    (r"laplace\[r=([^\]]+)\]\.mean", lambda r: rf"$E[e^{{-{r}\tau}}]$"),
    (r"terminal\[theta=([^\]]+)\]\.freq", lambda k: rf"$P(\mathrm{{terminal\ state}} = {k})$"),
)


def column(summary, name):
    if name not in summary:
        raise SystemExit(f"no column '{name}' in /summary (have: {', '.join(summary)})")
    values = summary[name][()]
    if values.dtype.kind in "SOU":
        # Older files keep the TOML quotes of strings ("'greedy'"): the value is what is inside.
        return np.array([text(v).strip().strip("'\"") for v in values], dtype=object)
    if values.ndim == 2:  # a vector key stored as a fixed-size array: one category per vector
        return np.array(["[" + ", ".join(f"{v:g}" for v in row) + "]" for row in values], dtype=object)
    return values


def label(summary, name):
    units = text(summary[name].attrs["units"]) if "units" in summary[name].attrs else ""
    for pattern, make in PATTERNS:
        match = re.fullmatch(pattern, name)
        if match:
            return make(match.group(1))
    return LABELS.get(name, name + (f" ({units})" if units else ""))


def sibling(summary, y, kind):
    """The column with y's standard error (kind "stderr") or exact value (kind "exact"), if any:
    y_stderr (laplace[r=1].mean_stderr), or for a grouped column like laplace[r=1].mean its sibling
    laplace[r=1].exact, or exact.<name> for stopping_time.<name>."""
    group = y.rsplit(".", 1)[0] if "." in y else None
    candidates = [f"{y}_{kind}", f"{y}.{kind}"] + ([f"{group}.{kind}"] if group else [])
    if kind == "exact" and y.startswith("stopping_time."):
        candidates.insert(0, "exact." + y[len("stopping_time."):])
    return next((c for c in candidates if c in summary and c != y), None)


def axis_kind(x):
    """'categorical', 'integer' or 'real'."""
    if x.dtype == object:
        return "categorical"
    if x.dtype.kind in "iu" or np.all(np.equal(np.mod(x, 1), 0)):
        return "integer"
    return "real"


def main():
    p = argument_parser(__doc__)
    p.add_argument("file")
    p.add_argument("x")
    p.add_argument("y")
    p.add_argument("group", nargs="?")
    p.add_argument("-o", "--output")
    a = p.parse_args()
    with h5py.File(a.file, "r") as f:
        s = f["summary"]
        x, y = column(s, a.x), column(s, a.y).astype(float)
        err_name, exact_name = sibling(s, a.y, "stderr"), sibling(s, a.y, "exact")
        err = column(s, err_name).astype(float) if err_name else None
        exact = column(s, exact_name).astype(float) if exact_name else None
        groups = column(s, a.group) if a.group else np.array([""] * len(x), dtype=object)
        xlabel, ylabel = label(s, a.x), label(s, a.y)
        glabel = re.sub(r" \([^()]*\)$", "", label(s, a.group)) if a.group else ""  # units go with the value
    kind = axis_kind(x)
    if kind == "categorical":
        categories = list(dict.fromkeys(x.tolist()))
        position = np.array([categories.index(v) for v in x], dtype=float)
    else:
        position = x.astype(float)
    group_values = list(dict.fromkeys(groups.tolist()))
    # Groups side by side at a discrete x, so that their error bars do not hide each other.
    spacing = np.min(np.diff(np.unique(position))) if len(np.unique(position)) > 1 else 1.0
    dodge = 0.0 if kind == "real" else 0.3 * spacing / max(len(group_values), 1)
    table = PlottedNumbers()
    fig, ax = plt.subplots(figsize=(7, 4.4))
    for i, g in enumerate(group_values):
        pick = groups == g
        order = np.argsort(position[pick], kind="stable")
        px = position[pick][order] + (i - (len(group_values) - 1) / 2) * dodge
        py = y[pick][order]
        pe = None if err is None else BAND_Z * err[pick][order]
        name = f"{glabel} = {g}" if a.group else "Monte Carlo"
        # Categories have no order to draw a line along: markers only.
        ax.errorbar(px, py, yerr=pe, marker="o", ms=4, capsize=3, lw=1.1, label=name,
                    ls="none" if kind == "categorical" else "-")
        table.add("sweep", a.y, name, x[pick][order], py, None if pe is None else py - pe,
                  None if pe is None else py + pe)
        if exact is not None:
            ex = exact[pick][order]
            ax.plot(px, ex, "o", color="k", mfc="none", ms=8, mew=1,
                    label="exact" if i == 0 else None)
            table.add("sweep", a.y, f"exact {name}", x[pick][order], ex)
    if kind == "categorical":
        ax.set_xticks(range(len(categories)))
        ax.set_xticklabels(categories, rotation=20 if max(len(c) for c in categories) > 8 else 0)
        ax.set_xlim(-0.5, len(categories) - 0.5)
    elif kind == "integer":
        ticks = np.unique(position)
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"{int(v)}" for v in ticks])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    notes = ["bars: 95 % (± 1.96 SE)"] if err is not None else []
    if exact is not None:
        notes.append(f"open circles: exact ({exact_name}; NaN where the model has none)")
    ax.set_title("\n".join([f"{len(x)} sweep points"] + notes), fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    out = Path(a.output) if a.output else Path(a.file).with_suffix(f".{a.y}.png")
    save(fig, out)
    table.write(a.csv)


if __name__ == "__main__":
    main()
