#!/usr/bin/python3
"""Draws the stored sample paths of a `beliefsim simulate` output.

Usage: /usr/bin/python3 experiments/plot_paths.py OUT.h5 [PLOT.png] [--csv NUMBERS.csv]
One panel per state theta = 1..n: mu_theta(t) of every path in /sample_paths, coloured by the state
it learned (grey: not learned by the token cap), a dot where it stopped. A path whose stored points
ran out before it stopped (attribute `truncated`, or in older files a last belief off every vertex although a terminal
state is recorded) is drawn dotted and marked "cut at max_points". PLOT.png defaults to OUT.paths.png.
"""
from pathlib import Path

import h5py

from plotkit import argument_parser, PlottedNumbers, model_title, plt, save, state_name


def read_paths(f):
    out = []
    for name, g in f["sample_paths"].items():
        if not isinstance(g, h5py.Group):
            continue  # e.g. /sample_paths/state, the labels of the belief columns
        t, mu = g["t"][()], g["belief"][()]
        end = int(g.attrs["terminal_state"])
        if "truncated" in g.attrs:
            cut = bool(g.attrs["truncated"])
        else:  # older files: a learned path ends on a vertex of the simplex
            cut = end >= 0 and mu[-1].max() < 1 - 1e-9
        out.append((name, t, mu, end, cut))
    return out


def main():
    p = argument_parser(__doc__)
    p.add_argument("file")
    p.add_argument("output", nargs="?")
    a = p.parse_args()
    with h5py.File(a.file, "r") as f:
        if "sample_paths" not in f:
            raise SystemExit("error: no /sample_paths in the file (set [sample_paths] count > 0)")
        title = model_title(f["model"].attrs)
        paths = read_paths(f)
    states = paths[0][2].shape[1]
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    table = PlottedNumbers()
    fig, axes = plt.subplots(states, 1, sharex=True, figsize=(8, 2.3 * states + 0.6), squeeze=False)
    for theta, ax in enumerate(axes[:, 0]):
        for name, t, mu, end, cut in paths:
            colour = "0.5" if end < 0 or cut else colours[end % len(colours)]
            ax.plot(t, mu[:, theta], lw=0.9, color=colour, ls=":" if cut else "-")
            if not cut:
                ax.plot(t[-1], mu[-1, theta], "o", ms=3.5, color=colour)
            ending = "cut" if cut else "not learned" if end < 0 else f"theta={end + 1}"
            table.add("paths", f"mu_{theta + 1}", f"path {name} ({ending})", t, mu[:, theta])
        ax.set_ylabel(rf"$\mu_{{{theta + 1}}}(t)$")
        ax.set_ylim(-0.03, 1.03)
    ends = sorted({end for _, _, _, end, cut in paths if not cut})
    for end in ends:
        axes[0, 0].plot([], [], "-o", ms=3.5, color="0.5" if end < 0 else colours[end % len(colours)],
                        label=f"learned {state_name(end)}" if end >= 0 else "not learned by the cap")
    if any(cut for *_, cut in paths):
        axes[0, 0].plot([], [], ":", color="0.5", label="cut at max_points (still running)")
    axes[0, 0].legend(ncol=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=8, frameon=False)
    axes[-1, 0].set_xlabel(r"$t$ (model time)")
    fig.suptitle(f"{len(paths)} sample paths of the belief $\\mu_t$: {title}", fontsize=10)
    fig.tight_layout()
    out = Path(a.output) if a.output else Path(a.file).with_suffix(".paths.png")
    save(fig, out)
    table.write(a.csv)


if __name__ == "__main__":
    main()
