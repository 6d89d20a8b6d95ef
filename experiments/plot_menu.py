#!/usr/bin/python3
"""Draws token-cap menus from beliefsim HDF5 files.

Usage:
  /usr/bin/python3 experiments/plot_menu.py MENU.h5 [OUTDIR] [--csv NUMBERS.csv]   (`beliefsim menu`)
  /usr/bin/python3 experiments/plot_menu.py DIR [--csv NUMBERS.csv]   (`beliefsim reproduce all -o DIR`)

For a menu file: OUTDIR/<stem>_menu.png, the optimal menu against the type r on one r-range (token
cap chi T(r), price P(r), expected tokens; 95 % bands with a sampled law; excluded and ironed types
shaded) over one small panel per best K-tier menu (its token-cap steps and prices on the optimal
cap), and OUTDIR/<stem>_revenue.png, the revenue of every mechanism with its value written on the bar
(95 % bars for a sampled law). For a reproduce directory: DIR/menu.png and DIR/revenue.png for the
binary example and DIR/figure1.png (Zhong's Figure 1: 1/2 +- kappa(t) per type r).
"""
from pathlib import Path

import h5py
import numpy as np

from plotkit import argument_parser, BAND_Z, PlottedNumbers, plt, save, text

R_LABEL = r"type $r$ (discount rate, 1/model time)"


def type_range(m):
    r = m["r"][()]
    return (float(m.attrs.get("types_low", r[0])), float(m.attrs.get("types_high", r[-1])))


def runs(mask):
    """(start, stop) index pairs of the True runs of mask."""
    edges = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    return list(zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]))


def shaded_types(m):
    """(label, colour, [(r_a, r_b), ...]) of the excluded types and, in an ironed menu, the types
    pooled on one item (a flat time cap over three or more grid types)."""
    r, cap = m["r"][()], m["time_cap"][()]
    step = np.diff(r).mean() / 2
    out = [("excluded types", "0.75",
            [(r[a] - step, r[b - 1] + step) for a, b in runs(cap == 0)])]
    if int(m.attrs.get("ironed", 0)):
        served = np.isfinite(cap) & (cap > 0)
        flat = np.zeros(len(r), dtype=bool)
        same = served[1:] & served[:-1] & np.isclose(cap[1:], cap[:-1], rtol=1e-9, atol=0)
        flat[1:] |= same
        flat[:-1] |= same
        out.append(("ironed (pooled) types", "tab:olive",
                    [(r[a], r[b - 1]) for a, b in runs(flat) if b - a >= 3]))
    return [(label, colour, spans) for label, colour, spans in out if spans]


def shade(ax, shaded, legend=True):
    for label, colour, spans in shaded:
        for i, (a, b) in enumerate(spans):
            ax.axvspan(a, b, color=colour, alpha=0.35, lw=0, label=label if legend and i == 0 else None)


def with_band(ax, m, r, name, table, figure, label):
    y = m[name][()]
    ax.plot(r, y, color="tab:blue", lw=1.4, label=label)
    lo = hi = None
    if f"{name}_stderr" in m:
        se = m[f"{name}_stderr"][()]
        lo, hi = y - BAND_Z * se, y + BAND_Z * se
        ax.fill_between(r, lo, hi, color="tab:blue", alpha=0.3, lw=0, label="95 % band (± 1.96 SE)")
    table.add(figure, name, "optimal", r, y, lo, hi)


def tiers_of(m):
    if "tiers" not in m:
        return []
    return [(int(k), m["tiers"][k]) for k in sorted(m["tiers"]) if k.isdigit()]


def draw_tier(ax, k, tier, m, table, figure):
    r, cap = m["r"][()], m["token_cap"][()]
    low, high = type_range(m)
    served = np.isfinite(cap) & (cap > 0)
    ax.plot(r[served], cap[served], color="0.6", lw=1, label="optimal menu")
    ax.plot([], [], color="tab:red", lw=2, label="tiers (top step: uncapped)")
    edges = np.concatenate([[low], tier["upper_type"][()]])
    caps, prices = tier["token_cap"][()], tier["price"][()]
    top = np.nanmax(cap[served]) * 3 if served.any() else 1
    for number, (a, b, c, price) in enumerate(zip(edges[:-1], edges[1:], caps, prices), start=1):
        y = c if np.isfinite(c) else top
        ax.hlines(y, a, b, color="tab:red", lw=2)
        if b - a > 0.04 * (high - low):  # the tier's number over its step; prices in the title
            ax.text((a + b) / 2, y * 1.15, str(number),
                    ha="center", va="bottom", fontsize=7)
        table.add(figure, f"tiers_K{k}", "token_cap", [a, b], [c, c])
        table.add(figure, f"tiers_K{k}", "price", [a, b], [price, price])
    if edges[-1] < high:  # types above the last tier buy nothing
        ax.axvspan(edges[-1], high, color="0.75", alpha=0.35, lw=0)
    ax.vlines(edges[1:-1], 1e-300, top, color="tab:red", lw=0.6, ls=":")
    ax.set_yscale("log")
    ax.set_ylim(top=top * 4)
    revenue = float(tier.attrs["revenue"])
    fraction = tier.attrs.get("revenue_fraction")
    ax.set_title(f"K = {k}: revenue {revenue:.4g}" + (f" ({float(fraction):.2%})" if fraction is not None else "")
                 + "\nprices " + ", ".join(f"{v:.3g}" for v in prices), fontsize=8)
    ax.set_xlabel(r"type $r$")


def plot_menu(f, title, out, table):
    m = f["menu"]
    r = m["r"][()]
    low, high = type_range(m)
    shaded = shaded_types(m)
    tiers = tiers_of(m)
    cols = max(3, len(tiers))
    fig = plt.figure(figsize=(3.3 * cols, 7.6 if tiers else 4.2), layout="constrained")
    rows = fig.subfigures(2, 1, height_ratios=[1.1, 1]) if tiers else [fig]
    top = rows[0].subplots(1, 3)
    cap = m["token_cap"][()]
    served = np.isfinite(cap) & (cap > 0)
    top[0].plot(r[served], cap[served], color="tab:blue", lw=1.4, label="optimal menu")
    table.add("menu", "token_cap", "optimal", r, cap)
    uncapped = np.isinf(cap)
    if uncapped.any():
        top[0].plot([], [], " ", label=rf"uncapped ($T = \infty$) for $r \leq$ {r[uncapped].max():.3g}")
    top[0].set_yscale("log")
    top[0].set_ylabel(r"token cap $\chi\,T(r)$ (tokens)")
    with_band(top[1], m, r, "price", table, "menu", "optimal menu")
    top[1].set_ylabel(r"price $P(r)$ (value)")
    with_band(top[2], m, r, "expected_tokens", table, "menu", "optimal menu")
    top[2].set_ylabel(r"tokens $\chi\,E[\min(\tau, T(r))]$")
    for i, ax in enumerate(top):
        shade(ax, shaded, legend=i == 0)
        ax.set_xlim(low, high)
        ax.set_xlabel(R_LABEL)
        ax.legend(loc="best")
    bottom = rows[1].subplots(1, len(tiers), sharey=True, squeeze=False)[0] if tiers else []
    for i, (ax, (k, tier)) in enumerate(zip(bottom, tiers)):
        ax.set_xlim(low, high)
        draw_tier(ax, k, tier, m, table, "menu")
        if i == 0:
            ax.set_ylabel(r"token cap $\chi T$ (tokens)")
            ax.legend(loc="lower left", fontsize=7)
    law = text(m.attrs.get("law", "exact"))
    revenue = float(m.attrs["revenue"])
    se = float(m.attrs.get("revenue_stderr", 0))
    fig.suptitle(f"{title}: optimal token-cap menu ({law} law), revenue {revenue:.6f}"
                 + (f" ± {se:.6f}" if se > 0 else "")
                 + ("; ironed" if int(m.attrs.get("ironed", 0)) else "")
                 + ("\nbottom: best K-tier menus (red steps: tiers 1..K from low r, "
                    "their prices P in the titles; grey: optimal cap; dotted: tier boundaries)" if tiers else ""), fontsize=10)
    save(fig, out)


def plot_revenue(f, title, out, table):
    m = f["menu"]
    bars = [("optimal menu", float(m.attrs["revenue"]), float(m.attrs.get("revenue_stderr", 0)))]
    if "revenue_from_samples" in m.attrs:
        bars.append(("optimal menu on the run's samples (check)", float(m.attrs["revenue_from_samples"]),
                     float(m.attrs.get("revenue_from_samples_stderr", 0))))
    families = m.get("families", {})
    for family in ("constant_delay", "diffusion"):
        if family in families:
            g = families[family]
            bars.append((family.replace("_", "-") + " family", float(g.attrs["revenue"]),
                         float(g.attrs.get("revenue_stderr", 0))))
    if "tiers" in m:
        se = m["tiers"]["revenue_stderr"][()] if "revenue_stderr" in m["tiers"] else None
        for i, (k, v) in enumerate(zip(m["tiers"]["tiers"][()], m["tiers"]["revenue"][()])):
            bars.append((f"best {k}-tier menu", float(v), float(se[i]) if se is not None else 0.0))
    names, values, errors = zip(*bars)
    errors = np.array(errors) * BAND_Z
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(bars) + 1.4))
    colours = ["tab:blue"] + ["tab:cyan" if "samples" in n else "tab:orange" if "family" in n else "tab:green"
                              for n in names[1:]]
    ax.barh(names, values, color=colours)
    sampled = np.nonzero(errors > 0)[0]
    ax.errorbar(np.array(values)[sampled], sampled, xerr=errors[sampled], fmt="none", ecolor="k", capsize=4, lw=1.2)
    best = values[0]
    for i, (v, e) in enumerate(zip(values, errors)):
        ax.text(v + max(e, 0) + 0.01 * best, i, f"{v:.4f}" + (f" ± {e:.4f}" if e > 0 else "") +
                f"  ({v / best:.2%})", va="center", fontsize=8)
    table.add("revenue", "revenue", "bar", list(names), list(values),
              [v - e if e > 0 else "" for v, e in zip(values, errors)],
              [v + e if e > 0 else "" for v, e in zip(values, errors)])
    ax.invert_yaxis()
    ax.set_xlim(0, best * 1.5)
    ax.set_xlabel("expected revenue per buyer (value)" + ("; bars: 95 % (± 1.96 SE)" if errors.any() else ""))
    missing = text(families.attrs["missing"]) if hasattr(families, "attrs") and "missing" in families.attrs else ""
    ax.set_title(f"{title}: revenue by mechanism (% of the optimal menu)"
                 + (f"\nmissing: {missing}" if missing else ""))
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    save(fig, out)


def plot_figure1(path, out, table):
    with h5py.File(path, "r") as f:
        q = f["quality"]
        r, t, kappa = q["r"][()], q["t"][()], q["kappa"][()]
        t = np.broadcast_to(t, kappa.shape)
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for i, ri in enumerate(r):
        line, = ax.plot(t[i], 0.5 + kappa[i], label=f"$r$ = {ri:g}")
        ax.plot(t[i], 0.5 - kappa[i], color=line.get_color())
        table.add("figure1", "boundary", f"r={ri:g} upper", t[i], 0.5 + kappa[i])
        table.add("figure1", "boundary", f"r={ri:g} lower", t[i], 0.5 - kappa[i])
    ax.axhline(0.5, color="0.5", lw=0.8)
    ax.set_xlabel(r"$t$ (model time)")
    ax.set_ylabel(r"stopping boundaries $\frac{1}{2} \pm \kappa(t)$ (belief $\mu_1$)")
    ax.set_title(r"Zhong Figure 1: $\chi$ = 1/8, $\alpha$ = 2")
    ax.legend(fontsize=8)
    fig.tight_layout()
    save(fig, out)


def main():
    p = argument_parser(__doc__)
    p.add_argument("source", help="menu file, or a `reproduce all` directory")
    p.add_argument("outdir", nargs="?")
    a = p.parse_args()
    src = Path(a.source)
    table = PlottedNumbers()
    if src.is_dir():
        with h5py.File(src / "zhong-binary.h5", "r") as f:
            plot_menu(f, "Zhong binary example", src / "menu.png", table)
            plot_revenue(f, "Zhong binary example", src / "revenue.png", table)
        plot_figure1(src / "zhong-quality.h5", src / "figure1.png", table)
    else:
        out = Path(a.outdir) if a.outdir else src.parent
        out.mkdir(parents=True, exist_ok=True)
        with h5py.File(src, "r") as f:
            plot_menu(f, src.stem, out / f"{src.stem}_menu.png", table)
            plot_revenue(f, src.stem, out / f"{src.stem}_revenue.png", table)
    table.write(a.csv)


if __name__ == "__main__":
    main()
