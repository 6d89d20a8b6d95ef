#pragma once
/// The throughput audit of each process: simulate paths, read H(μ_t) on a time grid, and judge the
/// increments against a budget χ (estimators/throughput_audit.hpp). The budget is a parameter, not
/// read from the model, so that a test can audit a deliberately mis-scaled process.
/// Tested by: tests/app/test_simulate.cpp.

#include "beliefsim/estimators/throughput_audit.hpp"
#include "beliefsim/mc/engine.hpp"
#include "beliefsim/process/constant_delay.hpp"
#include "beliefsim/process/diffusion.hpp"
#include "beliefsim/process/greedy.hpp"

#include <limits>

namespace beliefsim::app {

/// Grid t_k = k·step, k = 0..intervals.
struct AuditGrid {
    double step = 1;
    int intervals = 40;
};

/// Paths 0..plan.paths−1 of `plan.seed` (the run's own first paths), stopped at `cap` (a token cap;
/// the grid must end by then). Greedy and constant-delay paths follow from (τ, θ): the no-jump belief
/// before τ, the vertex after (constant delay: the accumulated information of pure accumulation, the
/// belief itself only moves at τ). Diffusion paths are stepped (an `exact`-scheme model cannot be
/// observed: audit its `bridge` twin).
[[nodiscard]] estimators::ThroughputAudit audit(const process::GreedyModel& model, double chi, AuditGrid grid,
                                                const mc::RunPlan& plan,
                                                double cap = std::numeric_limits<double>::infinity());
[[nodiscard]] estimators::ThroughputAudit audit(const process::ConstantDelayModel& model, double chi, AuditGrid grid,
                                                const mc::RunPlan& plan,
                                                double cap = std::numeric_limits<double>::infinity());
[[nodiscard]] estimators::ThroughputAudit audit(const process::DiffusionModel& model, double chi, AuditGrid grid,
                                                const mc::RunPlan& plan,
                                                double cap = std::numeric_limits<double>::infinity());

} // namespace beliefsim::app
