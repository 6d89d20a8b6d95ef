"""beliefsim from Python, notebook style (each `# %%` is a cell): Zhong §3.1 reproduced, a χ sweep
with a plot, and a calibration of χ to a target revenue with scipy.optimize.

    PYTHONPATH=build/release/python /usr/bin/python3 experiments/python/quickstart.py [OUT_DIR]

Writes OUT_DIR/chi_sweep.h5 (the sweep, as `beliefsim sweep` writes it) and OUT_DIR/quickstart.png
(default OUT_DIR: build/quickstart). Run by the test suite (tests/python/test_quickstart.py).
"""

# %% Set-up
import argparse
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from scipy import optimize  # noqa: E402

import beliefsim  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("out_dir", nargs="?", default="build/quickstart", help="where the sweep and the figure go")
out = pathlib.Path(parser.parse_args().out_dir)
out.mkdir(parents=True, exist_ok=True)

# %% Zhong §3.1: the binary example. Greedy model, quadratic entropy, prior 1/2, χ = 1/8: the
# stopping time is τ ~ Exp(1/2); types r ~ U[1, 2] buy token caps.
binary = {
    "model": {"states": 2, "prior": [0.5, 0.5], "entropy": "quadratic", "chi": 0.125, "process": "greedy"},
    "simulation": {"paths": 20_000, "seed": 42},
    "types": {"distribution": "uniform", "low": 1.0, "high": 2.0},
}
result = beliefsim.menu(binary)
menu = result["menu"]
print(f"Zhong §3.1 revenue: {menu.attrs['revenue']:.6f} (paper: 0.201981)")
print(f"  E[tau] = {result.summary['stopping_time.mean']:.4f} ± {result.summary['stopping_time.mean_stderr']:.4f}"
      f" (exact {result.summary['exact.mean']:.4f})")
for number in beliefsim.reproduce("zhong-binary").numbers[:6]:
    print(f"  {number['quantity']:<56} paper {number['paper']:<10.6g} ours {number['ours']:.6g}")

# %% A χ sweep: the same menu at several budgets χ, as one `beliefsim sweep` file; its /summary
# comes back as a DataFrame, one row per point.
chis = [0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 0.4]
table = beliefsim.sweep({**binary, "simulation": {"paths": 5_000, "seed": 42}, "menu": {"tiers": 0},
                         "sweep": {"model.chi": chis}}, out / "chi_sweep.h5", force=True)
print(table[["model.chi", "stopping_time.mean", "exact.mean", "menu.revenue"]].to_string(index=False))

# %% Calibration: the χ whose optimal menu earns a target revenue. In a loop, the library objects
# avoid the Monte Carlo run: the model's exact law priced directly.
types = beliefsim.TypeDistribution.uniform(1.0, 2.0)


def revenue(chi):
    model = beliefsim.Model(states=2, prior=[0.5, 0.5], entropy="quadratic", chi=chi)
    return beliefsim.TokenCapMenu(model.stopping_law(), types, chi=chi).revenue()


target = 0.25
chi_star = optimize.brentq(lambda chi: revenue(chi) - target, 0.05, 1.0, xtol=1e-10)
check = beliefsim.menu(binary, paths=1_000, model__chi=chi_star)
print(f"calibrated chi = {chi_star:.6f}: revenue {check['menu'].attrs['revenue']:.6f} (target {target})")

# %% The plot: revenue against χ (sweep points, the calibrated χ) and the price schedules.
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
grid = np.linspace(0.05, 0.4, 50)
left.plot(grid, [revenue(c) for c in grid], color="0.6", label="exact law (library)")
left.plot(table["model.chi"], table["menu.revenue"], "o", label="sweep (menu command)")
left.plot([chi_star], [target], "r*", markersize=12, label=f"calibrated χ = {chi_star:.3f}")
left.set(xlabel="χ (entropy budget per unit time)", ylabel="revenue per buyer", title="Optimal menu revenue")
left.legend()
r = np.linspace(1.0, 2.0, 101)
for chi in (0.1, 0.125, chi_star, 0.3):
    model = beliefsim.Model(states=2, prior=[0.5, 0.5], entropy="quadratic", chi=chi)
    right.plot(r, beliefsim.TokenCapMenu(model.stopping_law(), types, chi=chi).price(r), label=f"χ = {chi:.3f}")
right.set(xlabel="type r (discount rate)", ylabel="price P(r)", title="Token-cap menu prices")
right.legend(loc="lower left")
fig.tight_layout()
fig.savefig(out / "quickstart.png", dpi=100)
print(f"wrote {out / 'quickstart.png'}")
