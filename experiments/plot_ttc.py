#!/usr/bin/python3
"""Draws a `beliefsim ttc` output: curves, value curves, dynamics and PoA against beta.

Usage: /usr/bin/python3 experiments/plot_ttc.py OUT.h5 [DIR]   (DIR defaults to OUT.h5's directory)
Writes DIR/ttc_curves.png (accuracy with its percentile band and mean tokens against theta, per
provider), DIR/ttc_value.png (user value V = q - p and provider margin p - c against theta),
DIR/ttc_dynamics.png (level of every provider and the potential per turn) and, when the file has a
beta sweep, DIR/ttc_poa.png (price of anarchy against beta, log x).
"""
import sys
from pathlib import Path

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def per_provider(ax, theta, rows, names, ylabel, band=None):
    for i, name in enumerate(names):
        ax.plot(theta, rows[i], marker="o", ms=3, label=name)
        if band is not None:
            ax.fill_between(theta, band[0][i], band[1][i], alpha=0.15)
    ax.set_xscale("log", base=2)
    ax.set_xlabel("compute level theta (samples per query)")
    ax.set_ylabel(ylabel)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    path = Path(sys.argv[1])
    out = Path(sys.argv[2]) if len(sys.argv) == 3 else path.parent
    out.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "r") as f:
        names = list(f["ttc/provider"].asstr()[()])
        method = f["ttc/curves"].attrs["method"]
        theta = f["ttc/curves/theta"][()]
        c = {k: f["ttc/curves"][k][()] for k in ("accuracy", "accuracy_lo", "accuracy_hi", "tokens")}
        o = {k: f["ttc/offers"][k][()] for k in ("user_value", "price", "cost")}
        d = {k: f["ttc/dynamics"][k][()] for k in ("level", "potential", "round")}
        eq = dict(f["ttc/equilibrium"].attrs)
        sweep = {k: f["ttc/beta_sweep"][k][()] for k in ("beta", "poa")} if "beta_sweep" in f["ttc"] else None

    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4))
    per_provider(a1, theta, c["accuracy"], names, f"{method} accuracy", (c["accuracy_lo"], c["accuracy_hi"]))
    per_provider(a2, theta, c["tokens"], names, "mean tokens per query")
    a2.set_yscale("log")
    a1.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out / "ttc_curves.png", dpi=120)

    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4))
    per_provider(a1, theta, o["user_value"], names, "user value V = q - p ($ per query)")
    per_provider(a2, theta, o["price"] - o["cost"], names, "provider margin p - c ($ per query)")
    a1.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out / "ttc_value.png", dpi=120)

    fig, (a1, a2) = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
    turns = range(len(d["potential"]))
    for i, name in enumerate(names):
        a1.step(turns, theta[d["level"][:, i]], where="post", label=name)
    a1.set_yscale("log", base=2)
    a1.set_ylabel("theta")
    a1.set_title(f"dynamics at beta = {eq['beta']:g}: {eq['rounds']} rounds, PoA {eq['poa']:.4f}")
    a1.legend(fontsize=7, ncol=3)
    a2.plot(turns, d["potential"])
    a2.set_xlabel("turn")
    a2.set_ylabel("potential Phi")
    fig.tight_layout()
    fig.savefig(out / "ttc_dynamics.png", dpi=120)

    if sweep is not None:
        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.plot(sweep["beta"], sweep["poa"], marker=".")
        ax.set_xscale("log")
        ax.set_xlabel("user rationality beta")
        ax.set_ylabel("price of anarchy")
        ax.axhline(1, color="grey", lw=0.8)
        fig.tight_layout()
        fig.savefig(out / "ttc_poa.png", dpi=120)


if __name__ == "__main__":
    main()
