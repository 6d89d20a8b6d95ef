#!/usr/bin/python3
"""Draws the stored sample paths of a `beliefsim simulate` output (Debian matplotlib + h5py).

Usage: /usr/bin/python3 experiments/plot_paths.py OUT.h5 PLOT.png
One panel per state: mu_theta(t) of every path in /sample_paths, ending at its stopping time.
"""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with h5py.File(sys.argv[1], "r") as f:
        if "sample_paths" not in f:
            sys.exit("error: no /sample_paths in the file (set [sample_paths] count > 0)")
        model = dict(f["model"].attrs)
        paths = [(p["t"][()], p["belief"][()], int(p.attrs["terminal_state"])) for p in f["sample_paths"].values()]
    states = paths[0][1].shape[1]
    fig, axes = plt.subplots(states, 1, sharex=True, figsize=(7, 2.2 * states), squeeze=False)
    for theta, ax in enumerate(axes[:, 0]):
        for t, mu, end in paths:
            ax.plot(t, mu[:, theta], lw=0.9, label=f"ends in {end if end >= 0 else 'cap'}")
        ax.set_ylabel(f"mu_{theta}(t)")
        ax.set_ylim(-0.02, 1.02)
    axes[0, 0].set_title(f"{model['process']}, {model['entropy']}, chi = {model['chi']:g}")
    axes[0, 0].legend(fontsize=7, ncol=3)
    axes[-1, 0].set_xlabel("t (model time)")
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=120)


if __name__ == "__main__":
    main()
