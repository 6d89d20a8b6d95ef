"""beliefsim: Monte Carlo of belief processes, their stopping times and token pricing, from Python.

The commands of the `beliefsim` CLI as functions over the same C++ library, with the same configs,
checks, seeds and files:

    simulate, menu, bbs, ttc   one run of a config  -> Result (xarray groups, headline summary, write)
    exact_law                  the exact stopping law a simulate run tabulates -> xarray.Dataset
    reproduce                  a paper example, every number next to the paper's -> Result
    sweep                      a [sweep] grid into a file -> pandas.DataFrame of its /summary
    open, write                any beliefsim HDF5 file -> its groups; a Result -> the CLI's file

and the library objects for loops: Entropy, Model (its exact law on arrays), TypeDistribution,
Valuation, StoppingLaw (the model's, tabulated, or Python callables) and TokenCapMenu.

Configs. `config` is a dict ({"model": {"chi": 0.125, ...}}), a TOML string, or a path (relative
files it names are read from its directory). Keyword overrides are the CLI's `--set KEY=VALUE`:
every keyword a function does not name itself is a dotted config key, written with `__` for the
dot or passed as `**{"model.chi": 0.3}`:

    beliefsim.simulate(cfg, paths=10_000, seed=7, model__chi=0.3)
    beliefsim.simulate(cfg, **{"model.prior": [0.6, 0.4]})

`seed`, `threads`, `paths` are the CLI's --seed, --threads, --paths (the same rules and messages).
Results do not depend on `threads`, and equal the CLI's file for the same config and seed.

Conventions. Time is in the model's units: χ (`model.chi`) is the entropy budget per unit time,
tokens are χ × time, discount rates r are per unit time, prices in units of the buyer's value of
learning at once (q = 1).

Errors. Bad input raises beliefsim.ConfigError, a ValueError whose text is the CLI's `FIELD: RULE`
lines (every error of a config at once; `.errors` holds the pairs); a run that cannot finish raises
RuntimeError. Ctrl-C during a run raises KeyboardInterrupt between waves of paths; nothing is
written (a sweep stops at once; its finished points stay committed). The GIL is released while
a run computes.
"""

import os
import sys
import time

from . import _core
from ._config import load as _load
from ._config import settings as _settings
from ._config import to_toml
from ._core import (ConfigError, Entropy, Model, StoppingLaw, TokenCapMenu, TypeDistribution,
                    Valuation)
from ._files import Groups, Result, open, write  # noqa: A004: beliefsim.open reads a file
from ._files import record_invocation as _record_invocation

for _class in (Entropy, Model, StoppingLaw, TokenCapMenu, TypeDistribution, Valuation):
    _class.__module__ = __name__  # help() and repr name them beliefsim.X, as users import them
__version__ = _core.__version__
__all__ = ["simulate", "exact_law", "menu", "bbs", "ttc", "reproduce", "sweep", "summary_table", "open", "write",
           "to_toml", "Result", "Groups", "ConfigError", "Entropy", "Model", "TypeDistribution",
           "Valuation", "StoppingLaw", "TokenCapMenu"]


class _Bar:
    """A progress bar on stderr (rate and ETA), redrawn at most ten times a second."""

    def __init__(self, unit):
        self.unit, self.start, self.last = unit, time.monotonic(), 0.0

    def __call__(self, done, total):
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        elapsed = now - self.start
        fraction = done / total if total else 1.0
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = elapsed * (1 - fraction) / fraction if fraction > 0 else 0.0
        filled = int(30 * fraction)
        sys.stderr.write(f"\r  [{'#' * filled}{'-' * (30 - filled)}] {100 * fraction:3.0f}%  {done}/{total} "
                         f"{self.unit}  {rate:.3g} {self.unit}/s  ETA {int(eta) // 60}:{int(eta) % 60:02d} ")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _reporter(progress, unit="paths"):
    if progress is True:
        return _Bar(unit)
    if progress is False or progress is None:
        return None
    if callable(progress):
        return progress
    raise TypeError("progress: expected True, False or a callable (done, total)")


def _seed(seed):
    """A simulation seed (0 to 2^64 - 1): a negative one is bad input, as bbs and ttc say it."""
    if seed is not None and seed < 0:
        error = ConfigError(f"--seed: must be >= 0 (got {seed})")
        error.errors = [("--seed", f"must be >= 0 (got {seed})")]
        raise error
    return seed


def _finish(result, output):
    if output is not None:
        write(result, output)
    return result


def _check_output(output):
    if output is not None:
        _core.check_output(os.fspath(output), True)


def simulate(config=None, *, seed=None, threads=None, paths=None, progress=False, output=None, **overrides):
    """Simulates one model's paths (the `simulate` command): Monte Carlo estimates of the stopping
    time τ (mean, variance, histogram, ECDF, Laplace transform E[exp(-r τ)], terminal states, with
    standard errors), the exact law where the process has one, the throughput audit.

    config: dict, TOML string or path with [model], [simulation], [estimators] (README,
      "Configuration"); **overrides: dotted keys (`model__chi=0.3`); seed, threads, paths: the CLI's
      --seed, --threads, --paths.
    progress: True draws a bar on stderr; a callable receives (paths done, paths total).
    output: a path to write the CLI's file to when the run is done (checked before it starts).

    Returns a Result: result["stopping_time"] (estimates; coordinates t, r, state),
    result["stopping_time/exact"], result["model"], result.summary["stopping_time.mean"], ...
    """
    text, _ = _load(config)
    _check_output(output)
    run = _core.simulate(text, _settings(overrides), _seed(seed), threads, paths, _reporter(progress))
    return _finish(Result("simulate", run), output)


def menu(config=None, *, seed=None, threads=None, paths=None, progress=False, output=None, **overrides):
    """Prices a model with the optimal token-cap menu (the `menu` command; Zhong Definition 2,
    Theorem 1): simulates the model, takes its exact stopping law (or the Monte Carlo sample), builds
    the menu for the [types] distribution of discount rates r and the [valuation], audits IC/IR,
    and compares it with the restricted families and K-tier menus.

    config: a simulate config plus [types] (distribution, low, high, ...), [valuation], [menu];
    other arguments as in `simulate`.

    Returns a Result: result["menu"] has, per type r, time_cap T(r) (model time), token_cap χT(r),
    price P(r), marginal_price (per token), expected_tokens χE[min(τ, T)], surplus; its attributes
    the revenue (per buyer, in units of q) and the audit. result.summary["menu.revenue"].
    """
    text, directory = _load(config)
    _check_output(output)
    run = _core.menu(text, directory, _settings(overrides), _seed(seed), threads, paths, _reporter(progress))
    return _finish(Result("menu", run), output)


def bbs(config=None, *, seed=None, threads=None, output=None, **overrides):
    """Token allocations, packages and two-part tariffs of Bergemann-Bonatti-Smolin (the `bbs`
    command): [technology] v = x^α y^β (b + z)^γ with token costs, [types], [menus], [monte_carlo].
    seed, threads: the CLI's --seed (monte_carlo.seed) and --threads.

    Returns a Result: result["bbs/allocations"], result["bbs/packages"] (revenue R*, profit Π* as
    attributes), result["bbs/efficient"], result["bbs/figure1"], ...; result.summary holds
    "bbs.allocations.revenue", "bbs.packages.profit", ...
    """
    text, directory = _load(config)
    _check_output(output)
    run = _core.bbs(text, directory, _settings(overrides), seed, threads)
    return _finish(Result("bbs", run), output)


def ttc(config=None, *, seed=None, threads=None, output=None, **overrides):
    """The test-time-compute market (the `ttc` command): accuracy and token curves, the logit
    equilibrium at β, price of anarchy, the reverse second-price auction, a β sweep. Prices in
    dollars per query. seed, threads: the CLI's --seed (curves and dynamics) and --threads.

    Returns a Result: result["ttc/equilibrium"], result["ttc/curves"], result["ttc/auction"], ...
    """
    text, directory = _load(config)
    _check_output(output)
    run = _core.ttc(text, directory, _settings(overrides), seed, threads)
    return _finish(Result("ttc", run), output)


def reproduce(name, *, output=None):
    """Recomputes every number of a paper example next to the paper's (the `reproduce` command).
    name: "zhong-binary" | "zhong-quality" | "bbs-example1" | "ttc-synthetic".

    Returns a Result with `numbers` (dicts: quantity, paper, ours, tolerance, agrees, note) and
    result["reproduce"] (the same as arrays).
    """
    _check_output(output)
    result = Result("reproduce", _core.reproduce(name))
    result.numbers = result._run.numbers
    return _finish(result, output)


def exact_law(config=None, **overrides):
    """The exact stopping law a `simulate` run of the config tabulates (no Monte Carlo): on the ECDF
    grid t ∈ [0, estimators.ecdf_max] (default: past the 0.9999 quantile), with a token cap the law
    of min(τ, T). ValueError (model.process) when the process has no exact law.

    Returns an xarray.Dataset laid out as a simulate file's /stopping_time/exact group (a dict
    without xarray): survival P(τ > t), density f(t), per learned state state_density and state_cdf
    (P(τ ≤ t, θ)), laplace E[exp(-r τ)] at estimators.laplace_r, terminal_probability (with a cap,
    the last entry is P(not learned)), phase_times; attributes mean, variance, source (and time_cap
    T with a cap).
    """
    text, _ = _load(config)
    law = _core.exact_law(text, _settings(overrides))
    states = law.pop("states")
    # The layout of a simulate file's /stopping_time/exact group.
    arrays = {
        "survival": (("t",), law["survival"]),
        "laplace": (("r",), law["laplace"]),
        "terminal_probability": (("state",), law["terminal_probability"]),
    }
    if law["density"]:
        arrays["density"] = (("t",), law["density"])
    for name in ("state_density", "state_cdf"):
        if law[name]:
            arrays[name] = (("learned_state", "t"), _reshape(law[name], states, len(law["t"])))
    attrs = {"source": law["source"], "mean": law["mean"], "variance": law["variance"]}
    if law["time_cap"] is not None:
        attrs["time_cap"] = law["time_cap"]
    coords = {"t": law["t"], "r": law["r"], "learned_state": list(range(states)),
              "state": list(range(len(law["terminal_probability"]))), "phase_times": law["phase_times"]}
    try:
        import xarray as xr
    except ImportError:
        return {**{k: v for k, (_, v) in arrays.items()}, **coords, "attrs": attrs}
    return xr.Dataset(arrays, coords=coords, attrs=attrs)


def _reshape(values, rows, columns):
    import numpy as np
    return np.asarray(values).reshape(rows, columns)


def sweep(config, output, *, resume=False, force=False, threads=None, progress=False, **overrides):
    """Runs a sweep (the `sweep` command): every point of the config's [sweep] grid is run as its
    command and committed in `<output>.points/`, then assembled into `output`.

    resume: reuse finished points; force: recompute them and replace `output`; threads per point.
    Ctrl-C stops at once (finished points stay: resume=True continues) and raises
    KeyboardInterrupt; `output` is then not written.

    Returns the /summary table as a pandas.DataFrame: one row per point, its seed, one column per
    swept key and every scalar result (e.g. "stopping_time.mean", "menu.revenue").
    """
    text, directory = _load(config)
    unit = "points" if _core.config_kind(text) in ("bbs", "ttc") else "paths"
    _record_invocation("sweep")
    report = _core.sweep(text, directory, _settings(overrides), os.fspath(output), threads, resume, force,
                         _reporter(progress, unit))
    if not report["assembled"]:
        raise RuntimeError(f"sweep: {report['missing']} points are missing; {output} was not assembled")
    return summary_table(output)


def summary_table(path):
    """The /summary of a sweep file as a pandas.DataFrame (strings decoded)."""
    import h5py
    import pandas as pd
    with h5py.File(os.fspath(path), "r") as f:
        return pd.DataFrame({k: v.asstr()[()] if v.dtype.kind == "O" else v[()] for k, v in f["summary"].items()})
