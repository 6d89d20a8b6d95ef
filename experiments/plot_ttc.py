#!/usr/bin/python3
"""Draws a `beliefsim ttc` output (test-time-compute market).

Usage: /usr/bin/python3 experiments/plot_ttc.py OUT.h5 [DIR] [--csv NUMBERS.csv]   (DIR: OUT.h5's directory)
Writes to DIR:
  ttc_curves.png    accuracy a(theta) per provider, one small panel each (the others in grey), with the
                    central percentile band of the resampling replicates (level from /ttc band) and the
                    equilibrium and welfare-optimal compute levels marked;
  ttc_tokens.png    mean tokens n(theta) per provider with 95 % bars, one small panel each;
  ttc_value.png     user value V = q - p and provider margin p - c per provider against theta;
  ttc_dynamics.png  the compute level of every provider after every turn (a heat map), the potential
                    Phi and the welfare per turn;
  ttc_auction.png   market equilibrium against the reverse second-price auction: welfare, user value
                    and price, with the maximal welfare;
  ttc_poa.png       (with a beta sweep) price of anarchy against beta, the configured beta marked.
"""
from pathlib import Path

import h5py
import numpy as np
from matplotlib.colors import BoundaryNorm

from plotkit import argument_parser, BAND_Z, PlottedNumbers, datasets, plt, save, strings, text

THETA_LABEL = r"compute level $\theta$ (samples per query)"
DOLLARS = "dollars per query"


def read(path):
    with h5py.File(path, "r") as f:
        t = f["ttc"]
        d = {"names": strings(t["provider"][()]), "attrs": dict(t.attrs), "method": text(t["curves"].attrs["method"])}
        for group in ("curves", "offers", "dynamics", "equilibrium", "auction", "comparison", "beta_sweep"):
            if group in t:
                d[group] = datasets(t[group])
                d[group + "_attrs"] = dict(t[group].attrs)
    return d


def grid_of(n):
    cols = int(np.ceil(np.sqrt(n)))
    return int(np.ceil(n / cols)), cols


def small_multiples(d, draw, ylabel, title, out, logy=False):
    """One panel per provider: every provider in grey, this one drawn by draw(ax, i, colour)."""
    rows, cols = grid_of(len(d["names"]))
    fig, axes = plt.subplots(rows, cols, figsize=(3.4 * cols, 2.6 * rows + 0.8), sharex=True, sharey=True,
                             squeeze=False)
    eq, opt = d["equilibrium"]["level"], d["equilibrium"]["optimum_level"]
    theta = d["curves"]["theta"]
    for i, ax in enumerate(axes.flat):
        if i >= len(d["names"]):
            ax.set_visible(False)
            continue
        draw(ax, None, "0.8")
        draw(ax, i, "tab:blue")
        ax.axvline(theta[eq[i]], color="tab:red", lw=1, ls="--")
        ax.axvline(theta[opt[i]], color="tab:green", lw=1, ls=":")
        ax.set_title(d["names"][i], fontsize=9)
        ax.set_xscale("log", base=2)
        ax.set_xticks(theta)
        ax.set_xticklabels([str(v) for v in theta])
        if logy:
            ax.set_yscale("log")
    for ax in axes[-1]:
        ax.set_xlabel(THETA_LABEL)
    for ax in axes[:, 0]:
        ax.set_ylabel(ylabel)
    handles = [plt.Line2D([], [], color="tab:red", ls="--", label=r"equilibrium $\theta$"),
               plt.Line2D([], [], color="tab:green", ls=":", label=r"welfare-optimal $\theta$"),
               plt.Line2D([], [], color="0.8", label="other providers")]
    fig.suptitle(title, fontsize=10)
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.965), ncol=3, fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    save(fig, out)


def plot_curves(d, out, table):
    c, theta = d["curves"], d["curves"]["theta"]
    band = float(d["attrs"].get("band", 0.95))

    def draw(ax, i, colour):
        for j in range(len(d["names"])) if i is None else [i]:
            ax.plot(theta, c["accuracy"][j], color=colour, lw=1.6 if i is not None else 0.8,
                    marker="o" if i is not None else None, ms=3)
        if i is not None:
            ax.fill_between(theta, c["accuracy_lo"][i], c["accuracy_hi"][i], color=colour, alpha=0.25, lw=0)
            table.add("curves", d["names"][i], "accuracy", theta, c["accuracy"][i], c["accuracy_lo"][i],
                      c["accuracy_hi"][i])

    source = (f"curves given in the config's file (no resampling band)" if d["attrs"].get("curves") == "given"
              else rf"shaded: central {band:.0%} percentile band of "
              f"{int(d['attrs'].get('replicates', 0))} resampling replicates")
    small_multiples(d, draw, f"{d['method']} accuracy", rf"accuracy $a(\theta)$ per provider, {source}", out)


def plot_tokens(d, out, table):
    c, theta = d["curves"], d["curves"]["theta"]

    def draw(ax, i, colour):
        if i is None:
            for row in c["tokens"]:
                ax.plot(theta, row, color=colour, lw=0.8)
            return
        se = c["tokens_stderr"][i] if "tokens_stderr" in c else np.zeros(len(theta))
        ax.errorbar(theta, c["tokens"][i], yerr=BAND_Z * se, color=colour, lw=1.6, marker="o", ms=3, capsize=2)
        table.add("tokens", d["names"][i], "tokens", theta, c["tokens"][i], c["tokens"][i] - BAND_Z * se,
                  c["tokens"][i] + BAND_Z * se)

    small_multiples(d, draw, r"tokens $n(\theta)$ per query",
                    r"mean tokens $n(\theta)$ of the $\theta$ samples per provider, 95 % bars ($\pm$ 1.96 SE)",
                    out, logy=True)


def plot_value(d, out, table):
    o, theta = d["offers"], d["curves"]["theta"]

    def draw(ax, i, colour):
        rows = range(len(d["names"])) if i is None else [i]
        for j in rows:
            v, margin = o["user_value"][j], o["price"][j] - o["cost"][j]
            ax.plot(theta, v, color=colour, lw=1.6 if i is not None else 0.8, marker="o" if i is not None else None,
                    ms=3, label=r"user value $V = q - p$" if i is not None else None)
            ax.plot(theta, margin, color="tab:orange" if i is not None else colour, lw=1.6 if i is not None else 0.6,
                    ls="-" if i is not None else ":", marker="s" if i is not None else None, ms=3,
                    label=r"margin $p - c$" if i is not None else None)
        if i is not None:
            table.add("value", d["names"][i], "user_value", theta, o["user_value"][i])
            table.add("value", d["names"][i], "margin", theta, o["price"][i] - o["cost"][i])
            if i == 0:
                ax.legend(fontsize=7, loc="best")

    small_multiples(d, draw, f"value ({DOLLARS})",
                    r"user value $V = q - p$ (blue) and provider margin $p - c$ (orange) per provider", out)


def plot_dynamics(d, out, table):
    dyn, theta = d["dynamics"], d["curves"]["theta"]
    eq = d["equilibrium_attrs"]
    levels = dyn["level"]
    turns = np.arange(len(levels))
    fig, (a1, a2) = plt.subplots(2, 1, figsize=(9, 6.4), sharex=True, gridspec_kw=dict(height_ratios=[1.6, 1]))
    cmap = plt.get_cmap("viridis", len(theta))
    image = a1.imshow(levels.T, aspect="auto", cmap=cmap, interpolation="nearest",
                      norm=BoundaryNorm(np.arange(len(theta) + 1) - 0.5, len(theta)),
                      extent=(-0.5, len(turns) - 0.5, len(d["names"]) - 0.5, -0.5))
    # The colour bar outside the axes, so the heat map keeps the width of the turn axis below it.
    cax = a1.inset_axes([1.01, 0, 0.02, 1])
    cax.grid(False)
    bar = fig.colorbar(image, cax=cax, ticks=range(len(theta)))
    bar.ax.set_yticklabels([str(v) for v in theta])
    bar.set_label(r"$\theta$ (samples per query)")
    a1.set_yticks(range(len(d["names"])))
    a1.set_yticklabels(d["names"], fontsize=8)
    a1.grid(False)
    movers = dyn["mover"]
    moved = movers >= 0
    a1.plot(turns[moved], movers[moved], "w.", ms=3, label="provider who moved")
    a1.legend(loc="lower right", fontsize=7, facecolor="0.3", labelcolor="white")
    a1.set_title(rf"nearest-better dynamics at $\beta$ = {float(eq['beta']):g}: {int(eq['rounds'])} rounds, "
                 f"{int(eq['moves'])} moves, PoA {float(eq['poa']):.4f}")
    for j, name in enumerate(d["names"]):
        table.add("dynamics", "level", name, turns, theta[levels[:, j]])
    a2.plot(turns, dyn["potential"], color="tab:purple", label=r"potential $\Phi$")
    a2.set_ylabel(r"potential $\Phi$", color="tab:purple")
    table.add("dynamics", "potential", "Phi", turns, dyn["potential"])
    if "welfare" in dyn:
        w = a2.twinx()
        w.plot(turns, dyn["welfare"], color="tab:green", label="welfare")
        w.axhline(float(eq["optimum_welfare"]), color="tab:green", ls=":", lw=1, label="maximal market welfare")
        w.set_ylabel(f"welfare ({DOLLARS})", color="tab:green")
        w.grid(False)
        w.legend(loc="center right", fontsize=7)
        table.add("dynamics", "welfare", "welfare", turns, dyn["welfare"])
    a2.set_xlabel("turn")
    fig.tight_layout()
    save(fig, out)


def plot_auction(d, out, table):
    comp = d["comparison"]
    rows = strings(comp["mechanism"])
    measures = [("welfare", "welfare"), ("user_value", "user value"), ("price", "price paid")]
    x = np.arange(len(measures))
    width = 0.8 / len(rows)
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    for k, row in enumerate(rows):
        values = [comp[m][k] for m, _ in measures]
        bars = ax.bar(x + (k - (len(rows) - 1) / 2) * width, values, width, label=row)
        ax.bar_label(bars, fmt="%.5f", fontsize=7, padding=2)
        table.add("auction", "comparison", row, [name for _, name in measures], values)
    optimum = float(d["equilibrium_attrs"]["optimum_welfare"])
    ax.hlines(optimum, x[0] - 0.45, x[0] + 0.45, color="k", ls="--", lw=1.2, label=r"maximal market welfare (best profile of $\theta$, logit shares)")
    table.add("auction", "comparison", "maximal welfare", "welfare", optimum)
    a = d["auction_attrs"]
    ax.set_xticks(x)
    ax.set_xticklabels([name for _, name in measures])
    ax.set_ylabel(f"{DOLLARS}")
    ax.set_ylim(0, max(np.max(comp["welfare"]), optimum) * 1.45)  # room for the legend over the bars
    ax.set_title(rf"market (logit, $\beta$ = {float(d['equilibrium_attrs']['beta']):g}) against the reverse "
                 f"second-price auction\nauction winner {text(a['winner'])}, runner-up {text(a['runner_up'])}",
                 fontsize=9)
    ax.legend(fontsize=8, loc="upper right")
    ax.grid(axis="x", visible=False)
    fig.tight_layout()
    save(fig, out)


def plot_poa(d, out, table):
    s = d["beta_sweep"]
    beta, poa = s["beta"], s["poa"]
    configured = float(d["attrs"]["beta"])
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(beta, poa, marker=".", ms=4, lw=1, label="equilibrium of the dynamics")
    table.add("poa", "poa", "poa", beta, poa)
    if "converged" in s and not s["converged"].all():
        bad = s["converged"] == 0
        ax.plot(beta[bad], poa[bad], "rx", label="dynamics did not converge")
    at = float(d["equilibrium_attrs"]["poa"])
    ax.axvline(configured, color="tab:red", ls="--", lw=1)
    ax.plot(configured, at, "o", color="tab:red", ms=7, mfc="none",
            label=rf"configured $\beta$ = {configured:g}: PoA {at:.4f}")
    ax.axhline(1, color="grey", lw=0.8)
    ax.set_xscale("log")
    ax.set_xlabel(r"user rationality $\beta$ (1/dollar)")
    ax.set_ylabel("PoA = maximal / equilibrium welfare")
    ax.set_title(rf"price of anarchy against $\beta$ ({len(beta)} markets)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    save(fig, out)


def main():
    p = argument_parser(__doc__)
    p.add_argument("file")
    p.add_argument("outdir", nargs="?")
    a = p.parse_args()
    out = Path(a.outdir) if a.outdir else Path(a.file).parent
    out.mkdir(parents=True, exist_ok=True)
    d = read(a.file)
    table = PlottedNumbers()
    plot_curves(d, out / "ttc_curves.png", table)
    plot_tokens(d, out / "ttc_tokens.png", table)
    plot_value(d, out / "ttc_value.png", table)
    plot_dynamics(d, out / "ttc_dynamics.png", table)
    plot_auction(d, out / "ttc_auction.png", table)
    if "beta_sweep" in d:
        plot_poa(d, out / "ttc_poa.png", table)
    table.write(a.csv)


if __name__ == "__main__":
    main()
