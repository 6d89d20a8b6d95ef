#pragma once
/// One simulation run as a library call: model spec → process → Monte Carlo → estimators, plus the
/// exact stopping law where the process has one. The CLI only parses, calls this and writes.
/// Tested by: tests/app/test_simulate.cpp.

#include "beliefsim/core/linalg.hpp"
#include "beliefsim/estimators/stopping_time.hpp"
#include "beliefsim/estimators/throughput_audit.hpp"
#include "beliefsim/mc/engine.hpp"

#include <optional>
#include <string>
#include <vector>

namespace beliefsim::app {

/// The `[model]` table. `entropy_parameter` is q (tsallis) or alpha (power).
struct ModelSpec {
    int states = 2;
    std::vector<double> prior;
    std::string entropy = "shannon";
    std::optional<double> entropy_parameter;
    double chi = 0;
    std::string process = "greedy"; ///< greedy | diffusion | constant-delay
    double throughput_fraction = 1; ///< f ∈ (0, 1] (diffusion, constant-delay)
};

/// Time stepping of the diffusion process ([simulation] scheme, dt, max_time).
struct DiffusionSettings {
    std::string scheme = "auto"; ///< auto | exact | face | bridge | euler (process/diffusion.hpp)
    std::optional<double> dt, max_time;
};

/// The throughput audit ([audit]): `paths` paths (the run's first ones; 0 turns it off) observed on
/// the grid t_k = k·t_max/intervals; t_max ≤ 0 means the ECDF grid's maximum (capped at T).
struct AuditSettings {
    std::uint64_t paths = 10'000;
    int intervals = 40;
    double t_max = 0;
};

/// Opt-in sample paths for plotting ([sample_paths]): the run's first `count` paths, at most
/// `max_points` (t, μ) points each.
struct SamplePathSettings {
    int count = 0;
    int max_points = 2'000;
};

/// A whole run. In `estimators`, a non-positive histogram_max/ecdf_max means "choose from the exact
/// law" (its 0.9999 quantile); `estimators.states` is overwritten with `model.states`.
struct SimulationSpec {
    ModelSpec model;
    mc::RunPlan plan;
    estimators::StoppingTimeSpec estimators;
    int exact_points = 401; ///< grid of the tabulated exact law
    /// Token cap χT ([simulation] token_cap): every path stops by T = token_cap/χ; unset: no cap.
    std::optional<double> token_cap;
    DiffusionSettings diffusion;
    AuditSettings audit;
    SamplePathSettings sample_paths;
};

/// The exact stopping-time law on a grid, where the process has one (greedy; constant-delay; binary
/// diffusion). With a token cap it is the law of min(τ, T): the survival keeps an atom at T, the
/// Laplace transform is E[e^{−rτ}; τ ≤ T], and terminal_probability ends with P(not learned).
/// Vectors the source cannot give are empty (a constant delay has no density).
struct ExactLaw {
    std::string source; ///< how it was computed
    std::vector<double> t, survival, density;
    std::vector<double> state_density, state_cdf; ///< states × points, row-major
    std::vector<double> laplace;                  ///< at the spec's laplace_r
    std::vector<double> terminal_probability;
    std::vector<double> phase_times;
    double mean = 0, variance = 0; ///< of min(τ, T)
};

/// One stored path: times and beliefs (points × states, row-major), and how it ended.
struct SamplePath {
    std::vector<double> t, belief;
    std::int32_t terminal_state = 0; ///< process::NOT_LEARNED when the cap stopped it
    bool truncated = false;          ///< the point cap (max_points) ended the record before the path stopped
};

struct SimulationResult {
    SimulationSpec spec; ///< as run (grid maxima resolved)
    estimators::StoppingTimeSummary estimates;
    std::optional<ExactLaw> exact;
    std::optional<estimators::ThroughputAudit> audit;
    std::vector<SamplePath> sample_paths;
    std::optional<double> time_cap; ///< T, when token_cap is set
    std::string scheme;             ///< diffusion scheme used ("" for other processes)
    int threads = 1;
    double wall_seconds = 0;
};

class ModelProcess; // app/model_process.hpp

/// Runs the simulation of `process`, the spec's model built by app::make_process(spec.model,
/// spec.diffusion) (app/registry.hpp) and shared with whatever else the run needs of it.
/// Throws: InvalidArgument naming the spec's parameter ("token_cap") when one breaks its rule, and
/// for violated library preconditions.
/// With a `cluster` of several MPI ranks the paths are shared out (mc/engine.hpp): rank 0 returns
/// the whole result, bitwise equal to a single-process run; other ranks return an empty result.
[[nodiscard]] SimulationResult simulate(SimulationSpec spec, const ModelProcess& process,
                                        const mc::ProgressCallback& progress = {}, mc::Cluster* cluster = nullptr);
/// Builds the spec's process and runs it. Throws: also what app::make_process throws (InvalidArgument
/// naming a model parameter: "states", "prior", "chi", "process", ...).
[[nodiscard]] SimulationResult simulate(SimulationSpec spec, const mc::ProgressCallback& progress = {},
                                        mc::Cluster* cluster = nullptr);

} // namespace beliefsim::app
