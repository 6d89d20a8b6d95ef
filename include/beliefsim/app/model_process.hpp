#pragma once
/// A model's process as a run uses it: its Monte Carlo run (with or without a token cap), its exact
/// stopping law where it has one, its throughput-audit hook and its sample-path recorder. Built once
/// per run (app/registry.hpp) and handed to everything that needs it: simulate, the menu's exact law,
/// the audit. One implementation per process kind, each in its own file (src/app/*_process.cpp).
/// Tested by: tests/app/test_simulate.cpp, tests/app/test_menu_run.cpp.

#include "beliefsim/app/audit.hpp"
#include "beliefsim/app/simulate.hpp"
#include "beliefsim/core/linalg.hpp"
#include "beliefsim/estimators/stopping_time.hpp"
#include "beliefsim/estimators/throughput_audit.hpp"
#include "beliefsim/mc/engine.hpp"
#include "beliefsim/process/outcome.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace beliefsim::app {

/// What a process knows exactly about its stopping law (uncapped). Empty functions: not known.
struct LawFunctions {
    std::string source;
    std::function<double(double)> survival, density;
    std::function<Vector(double)> state_cdf, state_density;
    std::function<double(double)> laplace;
    Vector terminal;
    double mean = 0, variance = 0;
    std::vector<double> kinks;  ///< times where the density is not smooth (phase switches)
    std::optional<double> atom; ///< a deterministic τ (constant delay)
    std::vector<double> phase_times;
};

/// Immutable once built; share it `const` across threads. Not copyable: the law's functions refer
/// into the object.
class ModelProcess {
public:
    ModelProcess(const ModelProcess&) = delete;
    ModelProcess& operator=(const ModelProcess&) = delete;
    virtual ~ModelProcess() = default;

    /// The exact law of τ, uncapped, when the process has one.
    [[nodiscard]] const std::optional<LawFunctions>& law() const { return law_; }
    /// The diffusion scheme in use ("" for a process without one).
    [[nodiscard]] virtual std::string scheme() const { return {}; }

    /// One path's (τ, θ), uncapped.
    [[nodiscard]] virtual process::PathOutcome sample(rng::PathRng& rng) const = 0;
    /// The stopping-time estimators over `plan`'s paths, each stopped at `cap` when one is given
    /// (mc::run, with its cluster semantics).
    [[nodiscard]] virtual estimators::StoppingTimeAccumulator
    run(const mc::RunPlan& plan, const estimators::StoppingTimeAccumulator& empty, std::optional<double> cap,
        const mc::ProgressCallback& progress, mc::Cluster* cluster) const = 0;
    /// The throughput audit (app/audit.hpp) of paths 0..plan.paths−1 against the budget `chi`, on a
    /// grid that ends by `cap` (+∞: no cap).
    [[nodiscard]] virtual estimators::ThroughputAudit audit(double chi, AuditGrid grid, const mc::RunPlan& plan,
                                                            double cap) const = 0;
    /// The (t, μ) points of `rng`'s path up to `cap` (+∞: no cap), at most `max_points` of them
    /// before the final one.
    [[nodiscard]] virtual SamplePath sample_path(rng::PathRng& rng, double cap, std::size_t max_points) const = 0;

protected:
    ModelProcess() = default;

    static void append(SamplePath& path, double t, const Vector& mu) {
        path.t.push_back(t);
        path.belief.insert(path.belief.end(), mu.begin(), mu.end());
    }

    /// A path that ends at τ: it is labelled with θ and ends at the vertex when τ ≤ cap, otherwise
    /// it is not learned.
    static void end_path(SamplePath& path, const process::PathOutcome& o, double cap, Eigen::Index states) {
        path.terminal_state = o.tau <= cap ? o.terminal_state : process::NOT_LEARNED;
        if (o.tau <= cap) append(path, o.tau, Vector::Unit(states, o.terminal_state));
    }

    std::optional<LawFunctions> law_; ///< set by the implementation's constructor
};

/// What every process kind does the same way with its model: sample a path and run the Monte Carlo
/// (capped by process::Capped when a cap is given).
template <class Model>
class ProcessOf : public ModelProcess {
public:
    [[nodiscard]] process::PathOutcome sample(rng::PathRng& rng) const final { return model_.sample(rng); }

    [[nodiscard]] estimators::StoppingTimeAccumulator
    run(const mc::RunPlan& plan, const estimators::StoppingTimeAccumulator& empty, std::optional<double> cap,
        const mc::ProgressCallback& progress, mc::Cluster* cluster) const final {
        if (cap) return mc::run(plan, process::Capped<Model>{model_, *cap}, empty, progress, cluster);
        return mc::run(plan, model_, empty, progress, cluster);
    }

protected:
    explicit ProcessOf(Model model) : model_(std::move(model)) {}
    Model model_;
};

} // namespace beliefsim::app
