#include "beliefsim/app/audit.hpp"

#include "beliefsim/core/error.hpp"

#include <algorithm>
#include <span>
#include <vector>

namespace beliefsim::app {
namespace {

/// Greedy and constant-delay paths are determined by (τ, θ): their entropy on the audit grid is
/// computed from the outcome.
struct GreedyAuditSampler {
    const process::GreedyModel& model;
    std::vector<double> times; // all ≤ T (see simulate)
    double cap;
    std::vector<double> no_jump_entropy; // H(μ̂(t_k))
    std::vector<double> vertex_entropy;

    GreedyAuditSampler(const process::GreedyModel& m, std::vector<double> t, double T) : model(m), times(std::move(t)), cap(T) {
        const auto& h = model.spec().entropy;
        for (const double tk : times) no_jump_entropy.push_back(h.value(model.belief(tk)));
        for (int theta = 0; theta < model.states(); ++theta)
            vertex_entropy.push_back(h.value(Vector::Unit(model.states(), theta)));
    }

    estimators::AuditPath sample(rng::PathRng& rng) const {
        const process::PathOutcome out = model.sample(rng);
        estimators::AuditPath path{{}, std::min(out.tau, cap)};
        for (std::size_t k = 0; k < times.size(); ++k)
            path.entropy.push_back(times[k] >= out.tau ? vertex_entropy[static_cast<std::size_t>(out.terminal_state)]
                                                       : no_jump_entropy[k]);
        return path;
    }
};

struct ConstantDelayAuditSampler {
    const process::ConstantDelayModel& model;
    std::vector<double> times; // all ≤ T (see simulate)
    double cap;

    estimators::AuditPath sample(rng::PathRng& rng) const {
        const process::PathOutcome out = model.sample(rng);
        estimators::AuditPath path{{}, std::min(out.tau, cap)};
        for (const double t : times) path.entropy.push_back(model.accumulated_entropy(t, out.terminal_state));
        return path;
    }
};

/// Diffusion paths are stepped; the observer reads H(μ) at the grid times (all ≤ T, see simulate).
struct DiffusionAuditSampler {
    const process::DiffusionModel& model;
    std::vector<double> times;
    double cap;

    struct Observer final : process::PathObserver {
        const entropy::Entropy& h;
        std::span<const double> grid;
        std::vector<double> entropy;
        Observer(const entropy::Entropy& e, std::span<const double> g) : h(e), grid(g) {}
        [[nodiscard]] std::span<const double> times() const override { return grid; }
        void at_time(std::size_t /*k*/, const Vector& mu) override { entropy.push_back(h.value(mu)); }
    };

    estimators::AuditPath sample(rng::PathRng& rng) const {
        Observer observer(model.spec().entropy, times);
        const process::PathOutcome out = model.sample(rng, observer);
        return {std::move(observer.entropy), std::min(out.tau, cap)};
    }
};

template <class Sampler>
estimators::ThroughputAudit run(const Sampler& sampler, double chi, AuditGrid grid, const mc::RunPlan& plan) {
    BELIEFSIM_REQUIRE(grid.step > 0 && grid.intervals >= 1, "audit grid needs step > 0 and intervals >= 1");
    return mc::run(plan, sampler, estimators::ThroughputAuditAccumulator({grid.step, grid.intervals, chi, 4})).summary();
}

std::vector<double> grid_times(AuditGrid grid, double cap) {
    std::vector<double> times;
    for (int k = 0; k <= grid.intervals; ++k) times.push_back(grid.step * k);
    BELIEFSIM_REQUIRE(times.back() <= cap * (1 + 1e-12), "audit grid must end by the cap");
    return times;
}

} // namespace

estimators::ThroughputAudit audit(const process::GreedyModel& model, double chi, AuditGrid grid,
                                  const mc::RunPlan& plan, double cap) {
    return run(GreedyAuditSampler(model, grid_times(grid, cap), cap), chi, grid, plan);
}

estimators::ThroughputAudit audit(const process::ConstantDelayModel& model, double chi, AuditGrid grid,
                                  const mc::RunPlan& plan, double cap) {
    return run(ConstantDelayAuditSampler{model, grid_times(grid, cap), cap}, chi, grid, plan);
}

estimators::ThroughputAudit audit(const process::DiffusionModel& model, double chi, AuditGrid grid,
                                  const mc::RunPlan& plan, double cap) {
    return run(DiffusionAuditSampler{model, grid_times(grid, cap), cap}, chi, grid, plan);
}

} // namespace beliefsim::app
