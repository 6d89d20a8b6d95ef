#!/usr/bin/python3
"""Draws |bias| ± 2 SE against dt (log-log) for every scheme of a `beliefsim convergence` file.

Usage: /usr/bin/python3 experiments/plot_convergence.py CONVERGENCE.h5 [OUT.png] [--csv NUMBERS.csv]
One panel per quantity (E[tau], E[exp(-r tau)] for each r, P(tau <= t) for each t); per scheme the
rungs' |bias| with 2-SE bars (filled marker: bias > 0, open: bias < 0; a bar that reaches zero is
drawn as an upper limit at |bias| + 2 SE), the fitted C dt^p (dashed, p ± SE in the legend), and
grey guides of slope 1 and 1/2. Output: OUT.png, or CONVERGENCE.png next to the file. The CSV
holds per scheme and quantity the rungs' dt, bias and bias ± 2 SE.
"""
from pathlib import Path

import h5py
import matplotlib.ticker
import numpy as np

from plotkit import argument_parser, PlottedNumbers, model_title, plt, save, strings, text


def panels(f):
    """(kind, column, title, units) of every quantity, in file order."""
    out = [("mean", 0, r"$E[\tau]$", "model time")]
    out += [("laplace", j, rf"$E[e^{{-{'' if r == 1 else f'{r:g}'}\tau}}]$", "")
            for j, r in enumerate(f["convergence/laplace_r"][()])]
    out += [("ecdf", j, rf"$P(\tau \leq {t:g})$", "") for j, t in enumerate(f["convergence/ecdf_t"][()])]
    return out


def draw_panel(ax, f, schemes, dt, table, kind, column, title, units):
    ax.set_xscale("log")
    ax.set_yscale("log")
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    anchor = []
    # Schemes side by side at each rung, so that their bars do not hide each other.
    shift = 1.06 ** (np.arange(len(schemes)) - (len(schemes) - 1) / 2)
    for i, scheme in enumerate(schemes):
        x = dt * shift[i]
        g = f[f"convergence/{scheme}/{kind}"]
        bias, se = g["bias"][:, column], g["bias_stderr"][:, column]
        color = colors[i % len(colors)]
        size, low = np.abs(bias), np.abs(bias) - 2 * se
        table.add("convergence", f"{kind}[{column}] {title}", scheme, dt, bias, bias - 2 * se, bias + 2 * se)
        resolved = low > 0
        for j in range(len(dt)):
            face = color if bias[j] > 0 else "white"
            if resolved[j]:
                ax.errorbar(x[j], size[j], yerr=[[2 * se[j]], [2 * se[j]]], fmt="o", color=color, mfc=face,
                            ms=5, capsize=3, lw=1)
            else:  # the 2-SE band reaches zero: only an upper limit
                ax.errorbar(x[j], size[j] + 2 * se[j], yerr=[[0.35 * (size[j] + 2 * se[j])], [0]], uplims=True,
                            fmt="_", color=color, ms=8, capsize=0, lw=1)
                ax.plot(x[j], max(size[j], 1e-300), "o", color=color, mfc=face, ms=5, alpha=0.5)
        status = text(g["fit_status"][column])
        if status == "fitted":
            p, p_se, c = g["order"][column], g["order_stderr"][column], abs(g["constant"][column])
            grid = np.geomspace(dt.min(), dt.max(), 20)
            ax.plot(grid, c * grid**p, "--", color=color, lw=1.2)
            label = f"{scheme}: p = {p:.2f} ± {p_se:.2f}"
        else:
            label = f"{scheme}: {status}"
        ax.plot([], [], "o-", color=color, label=label)  # legend entry
        anchor += [v for v in size[resolved]] or [v for v in size + 2 * se]
    # Guides through the middle of the data: slope 1 and slope 1/2.
    level = np.exp(np.mean(np.log(np.maximum(anchor, 1e-300))))
    mid = np.exp(np.mean(np.log(dt)))
    grid = np.geomspace(dt.min(), dt.max(), 20)
    ax.plot(grid, level * (grid / mid), ":", color="0.5", lw=1, label="slope 1")
    ax.plot(grid, level * np.sqrt(grid / mid), "-.", color="0.65", lw=1, label="slope ½")
    ax.set_xticks(dt)
    ax.set_xticklabels([f"{d:g}" for d in dt])
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    # 1-2-5 labels: most panels span less than a decade of |bias|.
    ax.yaxis.set_major_locator(matplotlib.ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_title(title, fontsize=11)
    ax.set_xlabel(r"step $dt$ (model time)")
    ax.set_ylabel("|bias| ± 2 SE" + (f" ({units})" if units else ""))
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=7, loc="best")


def main():
    p = argument_parser(__doc__)
    p.add_argument("file")
    p.add_argument("output", nargs="?")
    a = p.parse_args()
    path = Path(a.file)
    out = Path(a.output) if a.output else path.with_suffix(".png")
    table = PlottedNumbers()
    with h5py.File(path, "r") as f:
        cv = f["convergence"]
        schemes = strings(cv["schemes"][()])
        dt = cv["dt"][()]
        items = panels(f)
        cols = min(4, len(items))
        rows = -(-len(items) // cols)
        fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.6 * rows), squeeze=False)
        for ax, item in zip(axes.flat, items):
            draw_panel(ax, f, schemes, dt, table, *item)
        for ax in axes.flat[len(items):]:
            ax.set_visible(False)
        reference = text(cv.attrs["reference"])
        fig.suptitle(f"{model_title(f['model'].attrs)}: bias against the "
                     f"{'exact law' if reference == 'exact' else 'Richardson extrapolation'}, "
                     f"{int(cv.attrs['paths']):,} paths per rung\n"
                     f"bars: ± 2 SE (≈ 95 %); filled: bias > 0, open: bias < 0; arrow: |bias| < 2 SE (upper limit); "
                     f"dashed: fitted $C\\,dt^p$ on the rungs with |bias| ≥ {float(cv.attrs['resolved_z']):g} SE",
                     fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    save(fig, out)
    table.write(a.csv)


if __name__ == "__main__":
    main()
