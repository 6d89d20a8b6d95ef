#pragma once
/// One simulation run as a library call: model spec → process → Monte Carlo → estimators, plus the
/// exact stopping law where the process has one. The CLI only parses, calls this and writes.
/// Tested by: tests/simulation/test_simulate.cpp.

#include "beliefsim/core/linalg.hpp"
#include "beliefsim/estimators/stopping_time.hpp"
#include "beliefsim/mc/engine.hpp"

#include <optional>
#include <string>
#include <vector>

namespace beliefsim::simulation {

/// The `[model]` table. `entropy_parameter` is q (tsallis) or alpha (power).
struct ModelSpec {
    int states = 2;
    std::vector<double> prior;
    std::string entropy = "shannon";
    std::optional<double> entropy_parameter;
    double chi = 0;
    std::string process = "greedy";
};

/// A whole run. In `estimators`, a non-positive histogram_max/ecdf_max means "choose from the exact
/// law" (its 0.9999 quantile); `estimators.states` is overwritten with `model.states`.
struct SimulationSpec {
    ModelSpec model;
    mc::RunPlan plan;
    estimators::StoppingTimeSpec estimators;
    int exact_points = 401; ///< grid of the tabulated exact law
};

/// The exact stopping-time law on a grid (greedy process).
struct ExactLaw {
    std::vector<double> t, survival, density;
    std::vector<double> state_density, state_cdf; ///< states × points, row-major
    std::vector<double> laplace;                  ///< at the spec's laplace_r
    std::vector<double> terminal_probability;
    std::vector<double> phase_times;
    double mean = 0, variance = 0;
};

struct SimulationResult {
    SimulationSpec spec; ///< as run (grid maxima resolved)
    estimators::StoppingTimeSummary estimates;
    std::optional<ExactLaw> exact;
    int threads = 1;
    double wall_seconds = 0;
};

/// Runs the simulation. Throws: ConfigError for model fields that fail their rules (naming the
/// field), InvalidArgument for violated library preconditions.
[[nodiscard]] SimulationResult simulate(SimulationSpec spec, const mc::ProgressCallback& progress = {});

} // namespace beliefsim::simulation
