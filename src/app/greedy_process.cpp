// The greedy process in a run (Zhong, Definition 1): exact law from the no-jump ODE, paths from (τ, θ).

#include "beliefsim/app/registry.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"
#include "beliefsim/process/greedy.hpp"

#include <algorithm>

namespace beliefsim::app {
namespace {

using process::GreedyModel;

/// A greedy path is determined by (τ, θ): its entropy on the audit grid follows from the outcome,
/// the no-jump belief before τ and the vertex after.
struct AuditSampler {
    const GreedyModel& model;
    std::vector<double> times; // all ≤ cap
    double cap;
    std::vector<double> no_jump_entropy; // H(μ̂(t_k))
    std::vector<double> vertex_entropy;

    AuditSampler(const GreedyModel& m, std::vector<double> t, double T) : model(m), times(std::move(t)), cap(T) {
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

class GreedyProcess final : public ProcessOf<GreedyModel> {
public:
    explicit GreedyProcess(const ProcessInputs& in) : ProcessOf(GreedyModel({in.entropy, in.prior, in.chi})) {
        const GreedyModel& g = model_;
        law_ = LawFunctions{"greedy: no-jump ODE (Boost.Odeint) and its cumulative hazard",
                            [&g](double t) { return g.survival(t); },
                            [&g](double t) { return g.density(t); },
                            [&g](double t) { return g.state_cdfs(t); },
                            [&g](double t) { return g.state_densities(t); },
                            [&g](double r) { return g.laplace(r); },
                            g.terminal_probabilities(),
                            g.mean(),
                            g.variance(),
                            {},
                            std::nullopt,
                            {}};
        for (const auto& phase : g.phases()) {
            law_->phase_times.push_back(phase.start_time);
            if (phase.start_time > 0) law_->kinks.push_back(phase.start_time);
        }
    }

    [[nodiscard]] estimators::ThroughputAudit audit(double chi, AuditGrid grid, const mc::RunPlan& plan,
                                                    double cap) const override {
        return run_audit(AuditSampler(model_, audit_times(grid, cap), cap), chi, grid, plan);
    }

    /// The no-jump belief on an even grid up to min(τ, cap), then the vertex at τ.
    [[nodiscard]] SamplePath sample_path(rng::PathRng& rng, double cap, std::size_t max_points) const override {
        SamplePath path;
        const auto o = model_.sample(rng);
        const double stop = std::min(o.tau, cap);
        const std::size_t points = std::max<std::size_t>(2, std::min<std::size_t>(max_points - 1, 200));
        for (std::size_t j = 0; j < points; ++j) {
            const double t = stop * static_cast<double>(j) / static_cast<double>(points - 1);
            append(path, t, model_.belief(t));
        }
        end_path(path, o, cap, model_.states());
        return path;
    }
};

} // namespace

std::shared_ptr<const ModelProcess> make_greedy_process(const ProcessInputs& in) {
    BELIEFSIM_CHECK(in.fraction == 1, "throughput_fraction",
                    "the greedy process spends the whole budget: it must be 1 (got " << significant(in.fraction)
                                                                                     << ")");
    return std::make_shared<const GreedyProcess>(in);
}

} // namespace beliefsim::app
