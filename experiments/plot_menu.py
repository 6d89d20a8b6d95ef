#!/usr/bin/python3
"""Draws token-cap menus from beliefsim HDF5 files.

Usage:
  /usr/bin/python3 experiments/plot_menu.py MENU.h5 [OUTDIR]   (output of `beliefsim menu`)
  /usr/bin/python3 experiments/plot_menu.py DIR                (output of `beliefsim reproduce all -o DIR`)

For a menu file: OUTDIR/<stem>_menu.png (token cap and price against r, 2-SE bands with a sampled
law, the best K-tier menus as steps) and OUTDIR/<stem>_revenue.png (revenue of the optimal menu,
the restricted families and the K-tier menus). For a reproduce directory: DIR/menu.png for the
binary example and DIR/figure1.png (Zhong's Figure 1: 1/2 +- kappa(t) per type r).
"""
import sys
from pathlib import Path

import h5py
import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def plot_menu(f, title, out):
    m = f["menu"]
    r, cap, price = m["r"][()], m["token_cap"][()], m["price"][()]
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(10, 3.8))
    finite = np.isfinite(cap) & (cap > 0)
    ax.plot(r[finite], cap[finite], label="optimal menu")
    ax2.plot(r, price, label="optimal menu")
    if "price_stderr" in m:
        se = m["price_stderr"][()]
        ax2.fill_between(r, price - 2 * se, price + 2 * se, alpha=0.3, label="2 standard errors")
    if "tiers" in m:
        for key in sorted(k for k in m["tiers"] if k.isdigit()):
            tier = m["tiers"][key]
            edges = np.concatenate([[r[0]], tier["upper_type"][()]])
            caps, prices = tier["token_cap"][()], tier["price"][()]
            shown = np.where(np.isfinite(caps), caps, np.nan)
            ax.stairs(shown, edges, label=f"K = {int(key)} tiers (top tier uncapped)", alpha=0.7, baseline=None)
            ax2.stairs(prices, edges, alpha=0.7, baseline=None)
    ax.set_yscale("log")
    ax.set_xlabel("type r (discount rate)")
    ax.set_ylabel("token cap chi T(r)")
    ax2.set_xlabel("type r (discount rate)")
    ax2.set_ylabel("price P(r)")
    ax.legend(fontsize=7)
    ax2.legend(fontsize=7)
    fig.suptitle(f"{title}: revenue {m.attrs['revenue']:.6f}" +
                 (" (ironed)" if m.attrs.get("ironed", 0) else ""))
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def plot_revenue(f, title, out):
    m = f["menu"]
    names, values = ["optimal menu"], [m.attrs["revenue"]]
    for family in ("constant_delay", "diffusion"):
        if family in m.get("families", {}):
            names.append(family.replace("_", " ") + " family")
            values.append(m["families"][family].attrs["revenue"])
    if "tiers" in m:
        for k, v in zip(m["tiers"]["tiers"][()], m["tiers"]["revenue"][()]):
            names.append(f"{k} tiers")
            values.append(v)
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.barh(names, values)
    ax.invert_yaxis()
    ax.set_xlabel("revenue")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def plot_figure1(path, out):
    with h5py.File(path, "r") as f:
        r, t, kappa = f["quality/r"][()], f["quality/t"][()], f["quality/kappa"][()]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for i, ri in enumerate(r):
        line, = ax.plot(t[i], 0.5 + kappa[i], label=f"r = {ri:g}")
        ax.plot(t[i], 0.5 - kappa[i], color=line.get_color())
    ax.set_xlabel("t")
    ax.set_ylabel("stopping boundaries 1/2 +- kappa(t)")
    ax.set_title("Zhong Figure 1: chi = 1/8, alpha = 2")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    src = Path(sys.argv[1])
    if src.is_dir():
        with h5py.File(src / "zhong-binary.h5", "r") as f:
            plot_menu(f, "Zhong binary example", src / "menu.png")
        plot_figure1(src / "zhong-quality.h5", src / "figure1.png")
        return
    out = Path(sys.argv[2]) if len(sys.argv) == 3 else src.parent
    with h5py.File(src, "r") as f:
        plot_menu(f, src.stem, out / f"{src.stem}_menu.png")
        plot_revenue(f, f"{src.stem}: revenue by mechanism", out / f"{src.stem}_revenue.png")


if __name__ == "__main__":
    main()
