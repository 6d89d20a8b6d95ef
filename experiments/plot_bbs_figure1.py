#!/usr/bin/python3
"""Draws BBS Figure 1 from a `beliefsim bbs` output: exclusion and fine-tuning regions in the (w, s) square.

Usage: /usr/bin/python3 experiments/plot_bbs_figure1.py OUT.h5 [DIR] [--csv NUMBERS.csv]   (DIR: OUT.h5's directory)
Writes DIR/bbs_figure1.png: one panel per contracting regime in the file (menus of token allocations,
Proposition 4; menus of token packages, Proposition 5), each shading the excluded types, the served
types that do not fine-tune and the types that fine-tune, plus a panel overlaying the boundaries of
both regimes. Reads /bbs/figure1/s and /bbs/figure1/{allocations,packages}/{w_exclusion, w_fine_tuning}
(boundaries clamped to [w_low, w_high]: w_high means no such type at that scale, so a clamped
stretch shades a region but draws no boundary line).
"""
from pathlib import Path

import h5py
import numpy as np

from plotkit import argument_parser, PlottedNumbers, plt, save

REGIMES = (("allocations", "token allocations (Prop. 4)", "tab:blue"),
           ("packages", "token packages (Prop. 5)", "tab:red"))


def boundary(w, w_low, w_high):
    """The boundary as a line: NaN where it is clamped to the square's edge (no such type there)."""
    return np.where((w > w_low) & (w < w_high), w, np.nan)


def regions(ax, s, w_ex, w_ft, w_low, w_high, title):
    ax.fill_betweenx(s, w_low, w_ex, color="0.85", label="excluded")
    ax.fill_betweenx(s, w_ex, w_ft, color="tab:olive", alpha=0.35, label="served, no fine-tuning")
    ax.fill_betweenx(s, w_ft, w_high, color="tab:purple", alpha=0.45, label="fine-tuning")
    ax.plot(boundary(w_ex, w_low, w_high), s, color="k", lw=1, label="exclusion boundary")
    ax.plot(boundary(w_ft, w_low, w_high), s, color="k", lw=1, ls="--", label="fine-tuning boundary")
    ax.set_title(title)


def main():
    p = argument_parser(__doc__)
    p.add_argument("file")
    p.add_argument("outdir", nargs="?")
    a = p.parse_args()
    path = Path(a.file)
    out = Path(a.outdir) if a.outdir else path.parent
    out.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "r") as f:
        if "bbs/figure1" not in f:
            raise SystemExit(f"{path}: no /bbs/figure1 (binary types have no Figure 1)")
        g = f["bbs/figure1"]
        w_low, w_high = float(g.attrs["w_low"]), float(g.attrs["w_high"])
        s = g["s"][()]
        curves = {name: (g[name]["w_exclusion"][()], g[name]["w_fine_tuning"][()])
                  for name, _, _ in REGIMES if name in g}
        types = f["bbs"].attrs["types"]
    table = PlottedNumbers()
    present = [r for r in REGIMES if r[0] in curves]
    fig, axes = plt.subplots(1, len(present) + 1, figsize=(4.8 * (len(present) + 1), 4.6), sharey=True,
                             gridspec_kw=dict(wspace=0.12))
    for ax, (name, title, _) in zip(axes, present):
        regions(ax, s, *curves[name], w_low, w_high, title)
        table.add("figure1", name, "w_exclusion", curves[name][0], s)
        table.add("figure1", name, "w_fine_tuning", curves[name][1], s)
    overlay = axes[-1]
    for name, title, colour in present:
        w_ex, w_ft = curves[name]
        overlay.plot(boundary(w_ex, w_low, w_high), s, color=colour, lw=1.5, label=f"{title}: exclusion")
        overlay.plot(boundary(w_ft, w_low, w_high), s, color=colour, lw=1.5, ls="--",
                     label=f"{title}: fine-tuning")
    overlay.set_title("boundaries of both regimes")
    for ax in axes:
        ax.set_xlim(w_low, w_high)
        ax.set_ylim(s[0], s[-1])
        ax.set_xlabel(r"task value $w$")
        ax.grid(False)
    # Inner panels start their w axis one tick in, so that no two tick labels meet at a shared edge.
    ticks = np.linspace(w_low, w_high, 6)
    for ax in axes[1:]:
        ax.set_xticks(ticks[1:])
    axes[0].set_xticks(ticks)
    axes[0].set_ylabel(r"scale $s$ (share of tasks)")
    axes[0].legend(loc="lower left", fontsize=7)
    overlay.legend(loc="best", fontsize=7)
    fig.suptitle(f"Optimal fine-tuning (BBS Figure 1): {types}", fontsize=10)
    fig.subplots_adjust(left=0.06, right=0.99, bottom=0.12, top=0.86)
    save(fig, out / "bbs_figure1.png")
    table.write(a.csv)


if __name__ == "__main__":
    main()
