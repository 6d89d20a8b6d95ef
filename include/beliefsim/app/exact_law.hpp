#pragma once
/// A process's exact stopping law (app/model_process.hpp: LawFunctions) tabulated for a run's
/// output (ExactLaw, app/simulate.hpp), with or without a token cap, and its quantiles.
/// Tested by: tests/app/test_simulate.cpp, tests/python (exact_law).

#include "beliefsim/app/model_process.hpp"
#include "beliefsim/app/simulate.hpp"

#include <optional>

namespace beliefsim::app {

/// t with P(τ > t) = 1 − p, by bracketing (the atom of a deterministic τ).
[[nodiscard]] double quantile(const LawFunctions& law, double p);

/// The longest time of a run's grids (histogram, ECDF, exact law) when the spec leaves it out: T
/// under a token cap, else a clean number above the 0.9999 quantile of τ, from the exact law or,
/// without one, from a pilot of the run's own first paths.
[[nodiscard]] double grid_horizon(const ModelProcess& process, const SimulationSpec& spec);

/// The law on spec.exact_points times evenly spaced on [0, spec.estimators.ecdf_max]; with a cap T
/// the law of min(τ, T) (ExactLaw).
[[nodiscard]] ExactLaw tabulate(const LawFunctions& law, const SimulationSpec& spec, std::optional<double> cap);

/// T = token_cap/χ in model time, or none without a token cap.
[[nodiscard]] std::optional<double> time_cap(const SimulationSpec& spec);

/// The exact law a `simulate` run of `spec` tabulates, without the run (same grid, same cap).
/// Throws: InvalidArgument("process") when the spec's process has no exact law; also what
/// app::make_process throws.
[[nodiscard]] ExactLaw exact_law(SimulationSpec spec);

} // namespace beliefsim::app
