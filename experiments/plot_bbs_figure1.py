#!/usr/bin/python3
"""Draws BBS Figure 1 from a `beliefsim bbs` output: exclusion and fine-tuning regions in the (w, s) square.

Usage: /usr/bin/python3 experiments/plot_bbs_figure1.py OUT.h5 [DIR]   (DIR defaults to OUT.h5's directory)
Writes DIR/bbs_figure1.png: one panel per contracting regime in the file (menus of token allocations,
Proposition 4; menus of token packages, Proposition 5), each shading the excluded types, the served
types that do not fine-tune and the types that fine-tune, plus a panel overlaying the boundaries of
both regimes. Reads /bbs/figure1/s and /bbs/figure1/{allocations,packages}/{w_exclusion, w_fine_tuning}
(boundaries clamped to [w_low, w_high]: w_high means no such type at that scale).
"""
import sys
from pathlib import Path

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

REGIMES = (("allocations", "token allocations (Prop. 4)", "tab:blue"),
           ("packages", "token packages (Prop. 5)", "tab:red"))


def regions(ax, s, w_ex, w_ft, w_low, w_high, title):
    ax.fill_betweenx(s, w_low, w_ex, color="0.85", label="excluded")
    ax.fill_betweenx(s, w_ex, w_ft, color="tab:olive", alpha=0.35, label="served, no fine-tuning")
    ax.fill_betweenx(s, w_ft, w_high, color="tab:purple", alpha=0.45, label="fine-tuning")
    ax.plot(w_ex, s, color="k", lw=1)
    ax.plot(w_ft, s, color="k", lw=1, ls="--")
    ax.set_title(title)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    path = Path(sys.argv[1])
    out = Path(sys.argv[2]) if len(sys.argv) == 3 else path.parent
    out.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "r") as f:
        if "bbs/figure1" not in f:
            sys.exit(f"{path}: no /bbs/figure1 (binary types have no Figure 1)")
        g = f["bbs/figure1"]
        w_low, w_high = float(g.attrs["w_low"]), float(g.attrs["w_high"])
        s = g["s"][()]
        curves = {name: (g[name]["w_exclusion"][()], g[name]["w_fine_tuning"][()])
                  for name, _, _ in REGIMES if name in g}
        types = f["bbs"].attrs["types"]
    present = [r for r in REGIMES if r[0] in curves]
    fig, axes = plt.subplots(1, len(present) + 1, figsize=(4.6 * (len(present) + 1), 4.4), sharey=True)
    for ax, (name, title, _) in zip(axes, present):
        regions(ax, s, *curves[name], w_low, w_high, title)
    overlay = axes[-1]
    for name, title, colour in present:
        w_ex, w_ft = curves[name]
        overlay.plot(w_ex, s, color=colour, lw=1.5, label=f"{title}: exclusion")
        overlay.plot(w_ft, s, color=colour, lw=1.5, ls="--", label=f"{title}: fine-tuning")
    overlay.set_title("boundaries of both regimes")
    for ax in axes:
        ax.set_xlim(w_low, w_high)
        ax.set_ylim(s[0], s[-1])
        ax.set_xlabel("task value w")
    axes[0].set_ylabel("scale s (share of tasks)")
    axes[0].legend(loc="lower left", fontsize=8)
    overlay.legend(loc="lower left", fontsize=7)
    fig.suptitle(f"Optimal fine-tuning (BBS Figure 1): {types}", fontsize=10)
    fig.tight_layout()
    fig.savefig(out / "bbs_figure1.png", dpi=130)
    print(out / "bbs_figure1.png")


if __name__ == "__main__":
    main()
