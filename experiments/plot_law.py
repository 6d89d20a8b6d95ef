#!/usr/bin/python3
"""Draws the stopping-time law of a `beliefsim simulate` output against its exact law.

Usage: /usr/bin/python3 experiments/plot_law.py OUT.h5 [-o PLOT.png] [--csv NUMBERS.csv]
Small multiples (PLOT.png defaults to OUT.law.png):
  CDF      P(tau <= t) with its 95 % band, the exact CDF where /stopping_time/exact exists;
  states   P(tau <= t, terminal state theta) per state (numbered from 1), binomial 95 % bands, exact;
  density  the histogram as a density with 95 % bars, the exact density (and per state);
  Laplace  E[exp(-r tau)] with 95 % bars against the exact values (z-scores written);
  audit    the throughput audit: E[H(mu_{t+s}) - H(mu_t)] per interval against the budget chi s and
           chi E[alive time]; and the excess over chi E[alive time] with its 95 % bars.
A token-capped run (/model time_cap T) is censored at T: the curves stop at T (a dashed line) and the
"not learned" fraction P(tau > T) is written with its SE and exact value.
"""
from pathlib import Path

import h5py
import numpy as np

from plotkit import (BAND_TEXT, BAND_Z, PlottedNumbers, argument_parser, datasets, model_title, plt, save,
                     state_name, text)

FIG = "law"


def read(f):
    st = f["stopping_time"]
    law = {"t": st["ecdf/t"][()], "F": st["ecdf/F"][()], "F_se": st["ecdf/F_stderr"][()],
           "F_by_state": st["ecdf/F_by_state"][()], "states": st["state"][()],
           "freq": st["terminal_state_freq"][()], "freq_se": st["terminal_state_freq_stderr"][()],
           "edges": st["histogram/edges"][()], "counts": st["histogram/counts"][()].astype(float),
           "overflow": float(st["histogram/overflow"][()]),
           "r": st["laplace/r"][()], "laplace": st["laplace/mean"][()], "laplace_se": st["laplace/stderr"][()],
           "mean": float(st["mean"][()]), "mean_se": float(st["mean_stderr"][()])}
    law["paths"] = int(f.attrs.get("paths", law["counts"].sum() + law["overflow"]))
    law["cap"] = float(f["model"].attrs["time_cap"]) if "time_cap" in f["model"].attrs else None
    law["not_learned"] = ((float(st["not_learned"][()]), float(st["not_learned_stderr"][()]))
                          if "not_learned" in st else None)
    law["exact"] = datasets(st["exact"]) if "exact" in st else None
    if law["exact"] is not None:
        law["exact_source"] = text(st["exact"].attrs.get("source", "exact law"))
    law["audit"] = None
    if "throughput_audit" in f:
        a = f["throughput_audit"]
        law["audit"] = datasets(a)
        law["audit"].update({k: a.attrs[k] for k in a.attrs})
    return law


def state_colour(state):
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    return colours[state % len(colours)]


def censor(law, t, *curves):
    """The part of a curve before the cap T: at T the files hold the law of min(tau, T)."""
    keep = t < law["cap"] if law["cap"] is not None else np.ones_like(t, dtype=bool)
    return (t[keep],) + tuple(c[..., keep] for c in curves)


def view_limit(law):
    """Right end of the time axes: the cap, else where the ECDF reaches 0.995 (the grid runs to the
    0.9999 quantile, whose long flat tail would squeeze the body of the law)."""
    if law["cap"] is not None:
        return law["cap"] * 1.04
    reached = np.nonzero(law["F"] >= 0.995)[0]
    return min(law["t"][-1], 1.15 * law["t"][reached[0]]) if len(reached) else law["t"][-1]


def mark_cap(ax, law):
    if law["cap"] is not None:
        ax.axvline(law["cap"], color="0.3", ls="--", lw=1, label=f"token cap: T = {law['cap']:g}")


def panel_cdf(ax, law, table):
    t, F, se = censor(law, law["t"], law["F"], law["F_se"])
    lo, hi = np.clip(F - BAND_Z * se, 0, 1), np.clip(F + BAND_Z * se, 0, 1)
    ax.fill_between(t, lo, hi, color="tab:blue", alpha=0.3, lw=0, label=BAND_TEXT)
    ax.plot(t, F, color="tab:blue", lw=1.2, label=f"ECDF ({law['paths']:,} paths)")
    table.add(FIG, "cdf", "ecdf", t, F, lo, hi)
    ex = law["exact"]
    if ex is not None and "survival" in ex:
        te, Fe = censor(law, ex["t"], 1 - ex["survival"])
        ax.plot(te, Fe, "k--", lw=1, label="exact")
        table.add(FIG, "cdf", "exact", te, Fe)
    mark_cap(ax, law)
    if law["cap"] is not None:
        learned = law["states"] >= 0
        p, p_se = law["not_learned"] if law["not_learned"] else (law["freq"][~learned].sum(),
                                                                  law["freq_se"][~learned].sum())
        note = rf"not learned by $T$: $P(\tau > T)$ = {p:.4f} ± {p_se:.4f}"
        if ex is not None and "terminal_probability" in ex and len(ex["terminal_probability"]) > learned.sum():
            note += f"\n(exact {ex['terminal_probability'][-1]:.4f})"
        ax.text(0.97, 0.05, note, transform=ax.transAxes, ha="right", va="bottom", fontsize=8,
                bbox=dict(fc="white", ec="0.7", alpha=0.9))
        table.add(FIG, "cdf", "not_learned", law["cap"], p, p - BAND_Z * p_se, p + BAND_Z * p_se)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(r"$t$ (model time)")
    ax.set_ylabel(r"$P(\tau \leq t)$")
    ax.set_title(r"stopping-time CDF" + (r" (censored at $T$)" if law["cap"] is not None else ""))
    ax.legend(loc="upper left")


def panel_states(ax, law, table):
    t, F = censor(law, law["t"], law["F_by_state"])
    ex = law["exact"]
    exact_rows = None
    if ex is not None and "state_cdf" in ex:
        te, exact_rows = censor(law, ex["t"], ex["state_cdf"])
    for row, state in enumerate(law["states"]):
        if state < 0:
            continue  # the not-learned row only jumps at T: written in the CDF panel
        colour = state_colour(state)
        p = F[row]
        se = np.sqrt(p * (1 - p) / law["paths"])  # a Bernoulli mean over the paths
        lo, hi = np.clip(p - BAND_Z * se, 0, 1), np.clip(p + BAND_Z * se, 0, 1)
        ax.fill_between(t, lo, hi, color=colour, alpha=0.3, lw=0)
        ax.plot(t, p, color=colour, lw=1.2, label=state_name(state))
        table.add(FIG, "states", f"theta={state + 1}", t, p, lo, hi)
        if exact_rows is not None and state < len(exact_rows):
            ax.plot(te, exact_rows[state], "--", color="k", lw=0.9)
            table.add(FIG, "states", f"exact theta={state + 1}", te, exact_rows[state])
    if exact_rows is not None:
        ax.plot([], [], "k--", lw=0.9, label="exact")
    ax.fill_between([], [], [], color="0.6", alpha=0.4, label="95 % band (binomial)")
    mark_cap(ax, law)
    ax.set_xlabel(r"$t$ (model time)")
    ax.set_ylabel(r"$P(\tau \leq t,\ \mathrm{terminal\ state} = \theta)$")
    ax.set_title("per terminal state")
    ax.legend(loc="upper left")


def panel_density(ax, law, table):
    edges, counts = law["edges"], law["counts"]
    width = np.diff(edges)
    density = counts / (law["paths"] * width)
    bar = BAND_Z * np.sqrt(counts) / (law["paths"] * width)  # Poisson count error
    centre = 0.5 * (edges[1:] + edges[:-1])
    ax.stairs(density, edges, color="0.35", lw=1.1, label="histogram")
    ax.errorbar(centre, density, yerr=bar, fmt="none", ecolor="0.35", alpha=0.5, lw=0.8,
                label="95 % bars")
    table.add(FIG, "density", "histogram", centre, density, density - bar, density + bar)
    ex = law["exact"]
    if ex is not None and "density" in ex:
        te, fe = censor(law, ex["t"], ex["density"])
        ax.plot(te, fe, "k--", lw=1, label="exact")
        table.add(FIG, "density", "exact", te, fe)
        if "state_density" in ex and len(ex["state_density"]) > 1:
            for state, row in enumerate(censor(law, ex["t"], ex["state_density"])[1]):
                ax.plot(te, row, ":", lw=1.2, color=state_colour(state), label=f"exact, {state_name(state)}")
                table.add(FIG, "density", f"exact theta={state + 1}", te, row)
    mark_cap(ax, law)
    ax.set_xlabel(r"$t$ (model time)")
    ax.set_ylabel(r"density of $\tau$ (1/model time)")
    beyond = law["overflow"] / law["paths"]
    ax.set_title("density" + (f" ({beyond:.3g} of the paths beyond t = {edges[-1]:g})" if beyond > 0 else ""))
    ax.legend(loc="upper right")


def panel_laplace(ax, law, table):
    r, est, se = law["r"], law["laplace"], law["laplace_se"]
    ax.errorbar(r, est, yerr=BAND_Z * se, fmt="o", color="tab:blue", ms=4, capsize=3,
                label="Monte Carlo, 95 % bars")
    table.add(FIG, "laplace", "monte_carlo", r, est, est - BAND_Z * se, est + BAND_Z * se)
    ex = law["exact"]
    if ex is not None and "laplace" in ex:
        ax.plot(r, ex["laplace"], "kx", ms=7, label="exact")
        table.add(FIG, "laplace", "exact", r, ex["laplace"])
        for ri, e, s, x in zip(r, est, se, ex["laplace"]):
            ax.annotate(f"z = {(e - x) / s:+.1f}" if s > 0 else "SE 0", (ri, e), textcoords="offset points",
                        xytext=(6, 6), fontsize=7)
    capped = law["cap"] is not None
    ax.set_xlabel(r"discount rate $r$ (1/model time)")
    ax.set_ylabel(r"$E[e^{-r\tau};\ \tau \leq T]$" if capped else r"$E[e^{-r\tau}]$")
    ax.set_title("Laplace transform" + (" (learned paths)" if capped else ""))
    ax.margins(x=0.15, y=0.15)
    ax.legend(loc="upper right")


def panel_audit(ax, ax_excess, law, table):
    a = law["audit"]
    s = float(a["interval"])
    mid = a["t"] + s / 2
    inc, inc_se = a["increment_mean"], a["increment_stderr"]
    ax.errorbar(mid, inc, yerr=BAND_Z * inc_se, fmt="o", ms=3, color="tab:blue", capsize=2,
                label=r"$E[H(\mu_{t+s}) - H(\mu_t)]$, 95 % bars")
    ax.plot(mid, a["bound"], "k-", lw=1, label=rf"budget $\chi s$ ($s$ = {s:g})")
    ax.plot(mid, a["alive_bound"], "-", color="tab:orange", lw=1.2, label=r"$\chi\,E[$time alive in $[t, t+s)]$")
    table.add(FIG, "audit", "increment", mid, inc, inc - BAND_Z * inc_se, inc + BAND_Z * inc_se)
    table.add(FIG, "audit", "chi_s", mid, a["bound"])
    table.add(FIG, "audit", "chi_alive_time", mid, a["alive_bound"])
    mark_cap(ax, law)
    ax.set_xlabel(r"interval midpoint $t + s/2$ (model time)")
    ax.set_ylabel("entropy increment (entropy)")
    ax.set_title(f"throughput audit ({int(a['paths']):,} paths): verdict {text(a['verdict'])}")
    ax.legend(loc="center right")

    ex, ex_se = a["excess_mean"], a["excess_stderr"]
    ax_excess.axhline(0, color="k", lw=0.8)
    ax_excess.errorbar(mid, ex, yerr=BAND_Z * ex_se, fmt="o", ms=3, color="tab:red", capsize=2,
                       label="excess, 95 % bars")
    table.add(FIG, "audit_excess", "excess", mid, ex, ex - BAND_Z * ex_se, ex + BAND_Z * ex_se)
    total = float(a["total_excess"]), float(a["total_excess_stderr"])
    ax_excess.set_xlabel(r"interval midpoint $t + s/2$ (model time)")
    ax_excess.set_ylabel(r"increment $- \chi\,E[$alive time$]$ (entropy)")
    ax_excess.set_title(f"excess over the budget (> 0 beyond noise: violated)\ntotal {total[0]:+.4f} ± "
                        f"{total[1]:.4f}", fontsize=9)
    ax_excess.legend(loc="upper right")


def main():
    p = argument_parser(__doc__)
    p.add_argument("file")
    p.add_argument("-o", "--output", help="PNG (default: FILE with suffix .law.png)")
    a = p.parse_args()
    with h5py.File(a.file, "r") as f:
        if "stopping_time/ecdf" not in f:
            raise SystemExit(f"{a.file}: no /stopping_time/ecdf (not a simulate output)")
        law = read(f)
        title = model_title(f["model"].attrs)
    table = PlottedNumbers()
    cols = 3 if law["audit"] is not None else 2
    fig, axes = plt.subplots(2, cols, figsize=(5.2 * cols, 8.2))
    panel_cdf(axes[0, 0], law, table)
    panel_states(axes[0, 1], law, table)
    panel_density(axes[1, 0], law, table)
    panel_laplace(axes[1, 1], law, table)
    if law["audit"] is not None:
        panel_audit(axes[0, 2], axes[1, 2], law, table)
    for ax in [axes[0, 0], axes[0, 1], axes[1, 0]] + ([axes[0, 2], axes[1, 2]] if law["audit"] is not None else []):
        ax.set_xlim(0, view_limit(law))
    exact = f"exact law: {law['exact_source']}" if law["exact"] is not None else "no exact law for this model"
    mean = r"$E[\min(\tau, T)]$" if law["cap"] is not None else r"$E[\tau]$"
    audit = "" if law["audit"] is not None else "; no throughput audit in the file"
    fig.suptitle(f"{title}\n{mean} = {law['mean']:.4f} ± {law['mean_se']:.4f} (model time); {exact}{audit}",
                 fontsize=10)
    fig.tight_layout()
    out = Path(a.output) if a.output else Path(a.file).with_suffix(".law.png")
    save(fig, out)
    table.write(a.csv)


if __name__ == "__main__":
    main()
