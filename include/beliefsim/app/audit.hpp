#pragma once
/// The throughput audit's common part: simulate paths, read H(μ_t) on a time grid, and judge the
/// increments against a budget χ (estimators/throughput_audit.hpp). Each process supplies the path
/// sampler (its ModelProcess::audit, app/model_process.hpp). The budget is a parameter, not read
/// from the model, so that a test can audit a deliberately mis-scaled process.
/// Tested by: tests/app/test_simulate.cpp.

#include "beliefsim/core/error.hpp"
#include "beliefsim/estimators/throughput_audit.hpp"
#include "beliefsim/mc/engine.hpp"

#include <vector>

namespace beliefsim::app {

/// Grid t_k = k·step, k = 0..intervals.
struct AuditGrid {
    double step = 1;
    int intervals = 40;
};

/// The grid's times. Requires: they end by `cap` (a token cap; +∞: none).
[[nodiscard]] std::vector<double> audit_times(AuditGrid grid, double cap);

/// The audit of paths 0..plan.paths−1 of `plan.seed` (the run's own first paths): `sampler` returns
/// an estimators::AuditPath (entropy at the grid times, τ stopped at the cap).
template <class Sampler>
[[nodiscard]] estimators::ThroughputAudit run_audit(const Sampler& sampler, double chi, AuditGrid grid,
                                                    const mc::RunPlan& plan) {
    BELIEFSIM_REQUIRE(grid.step > 0 && grid.intervals >= 1, "audit grid needs step > 0 and intervals >= 1");
    const estimators::ThroughputAuditAccumulator empty({grid.step, grid.intervals, chi, 4});
    return mc::run(plan, sampler, empty).summary();
}

} // namespace beliefsim::app
