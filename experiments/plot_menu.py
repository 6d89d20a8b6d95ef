#!/usr/bin/python3
"""Draws the token-cap menu and Zhong's Figure 1 from `beliefsim reproduce all -o DIR` output.

Usage: /usr/bin/python3 experiments/plot_menu.py DIR
Writes DIR/menu.png (token cap and price against r) and DIR/figure1.png (1/2 +- kappa(t) per r).
"""
import sys
from pathlib import Path

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    d = Path(sys.argv[1])
    with h5py.File(d / "zhong-binary.h5", "r") as f:
        m = {k: f["menu"][k][()] for k in ("r", "token_cap", "price")}
        revenue = f["menu"].attrs["revenue"]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(m["r"], m["token_cap"], label="token cap chi T(r)")
    ax.set_yscale("log")
    ax.set_xlabel("type r")
    ax.set_ylabel("token cap")
    ax2 = ax.twinx()
    ax2.plot(m["r"], m["price"], color="C1", label="price P(r)")
    ax2.set_ylabel("price")
    ax.set_title(f"Zhong binary example: optimal menu, revenue {revenue:.6f}")
    fig.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(d / "menu.png", dpi=120)

    with h5py.File(d / "zhong-quality.h5", "r") as f:
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
    fig.savefig(d / "figure1.png", dpi=120)


if __name__ == "__main__":
    main()
