#include "beliefsim/app/simulate.hpp"

#include "beliefsim/app/exact_law.hpp"
#include "beliefsim/app/model_process.hpp"
#include "beliefsim/app/registry.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace beliefsim::app {
namespace {

/// The run's first `count` paths, stopped at the cap.
std::vector<SamplePath> sample_paths(const ModelProcess& process, const SimulationSpec& spec, double cap) {
    std::vector<SamplePath> out;
    const auto max_points = static_cast<std::size_t>(spec.sample_paths.max_points);
    for (int i = 0; i < spec.sample_paths.count; ++i) {
        auto rng = rng::make_path_rng(spec.plan.seed, static_cast<rng::PathIndex>(i));
        out.push_back(process.sample_path(rng, cap, max_points));
    }
    return out;
}

} // namespace

SimulationResult simulate(SimulationSpec spec, const ModelProcess& process, const mc::ProgressCallback& progress,
                          mc::Cluster* cluster) {
    const auto start = std::chrono::steady_clock::now();
    BELIEFSIM_CHECK(!spec.token_cap || *spec.token_cap > 0, "token_cap",
                    "must be > 0 (got " << significant(*spec.token_cap) << ")");
    const double cap = time_cap(spec).value_or(std::numeric_limits<double>::infinity());

    spec.estimators.states = spec.model.states;
    spec.estimators.capped = spec.token_cap.has_value();
    const double t_hi = grid_horizon(process, spec);
    if (spec.estimators.histogram_max <= 0) spec.estimators.histogram_max = t_hi;
    if (spec.estimators.ecdf_max <= 0) spec.estimators.ecdf_max = t_hi;

    SimulationResult result;
    result.threads = mc::resolve_threads(spec.plan.threads);
    result.time_cap = time_cap(spec);
    const estimators::StoppingTimeAccumulator empty(spec.estimators);
    const auto estimates = process.run(spec.plan, empty, result.time_cap, progress, cluster);
    if (cluster != nullptr && cluster->rank() != 0) return result; // rank 0 holds the run
    result.estimates = estimates.summary();
    if (process.law()) result.exact = tabulate(*process.law(), spec, result.time_cap);
    result.scheme = process.scheme();

    if (spec.audit.paths > 0) {
        const double audit_max = std::min(spec.audit.t_max > 0 ? spec.audit.t_max : spec.estimators.ecdf_max, cap);
        const AuditGrid grid{audit_max / spec.audit.intervals, spec.audit.intervals};
        const mc::RunPlan plan{std::min(spec.audit.paths, spec.plan.paths), 256, spec.plan.seed, spec.plan.threads};
        result.audit = process.audit(spec.model.chi, grid, plan, cap);
    }
    result.sample_paths = sample_paths(process, spec, cap);

    result.spec = std::move(spec);
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

SimulationResult simulate(SimulationSpec spec, const mc::ProgressCallback& progress, mc::Cluster* cluster) {
    const std::shared_ptr<const ModelProcess> process = make_process(spec.model, spec.diffusion);
    return simulate(std::move(spec), *process, progress, cluster);
}

} // namespace beliefsim::app
