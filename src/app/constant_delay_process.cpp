// The constant-delay process in a run (Zhong §2.2): a deterministic τ0, the prior until then.

#include "beliefsim/app/registry.hpp"

#include "beliefsim/process/constant_delay.hpp"

#include <algorithm>
#include <cmath>

namespace beliefsim::app {
namespace {

using process::ConstantDelayModel;

/// The audit reads the accumulated information of pure accumulation (the belief itself only moves
/// at τ0).
struct AuditSampler {
    const ConstantDelayModel& model;
    std::vector<double> times; // all ≤ cap
    double cap;

    estimators::AuditPath sample(rng::PathRng& rng) const {
        const process::PathOutcome out = model.sample(rng);
        estimators::AuditPath path{{}, std::min(out.tau, cap)};
        for (const double t : times) path.entropy.push_back(model.accumulated_entropy(t, out.terminal_state));
        return path;
    }
};

class ConstantDelayProcess final : public ProcessOf<ConstantDelayModel> {
public:
    explicit ConstantDelayProcess(const ProcessInputs& in)
        : ProcessOf(ConstantDelayModel({in.entropy, in.prior, in.chi, in.fraction})) {
        const double tau = model_.delay();
        const Vector prior = model_.spec().prior;
        LawFunctions law;
        law.source = "constant delay: deterministic tau";
        law.survival = [tau](double t) { return t < tau ? 1.0 : 0.0; };
        law.state_cdf = [tau, prior](double t) { return t < tau ? Vector(Vector::Zero(prior.size())) : prior; };
        law.laplace = [tau](double r) { return std::exp(-r * tau); };
        law.terminal = prior;
        law.mean = tau;
        law.atom = tau;
        law_ = std::move(law);
    }

    [[nodiscard]] estimators::ThroughputAudit audit(double chi, AuditGrid grid, const mc::RunPlan& plan,
                                                    double cap) const override {
        return run_audit(AuditSampler{model_, audit_times(grid, cap), cap}, chi, grid, plan);
    }

    /// The prior from 0 to min(τ0, cap), then the vertex at τ0.
    [[nodiscard]] SamplePath sample_path(rng::PathRng& rng, double cap, std::size_t /*max_points*/) const override {
        SamplePath path;
        const auto o = model_.sample(rng);
        append(path, 0, model_.spec().prior);
        append(path, std::min(o.tau, cap), model_.spec().prior);
        end_path(path, o, cap, model_.states());
        return path;
    }
};

} // namespace

std::shared_ptr<const ModelProcess> make_constant_delay_process(const ProcessInputs& in) {
    return std::make_shared<const ConstantDelayProcess>(in);
}

} // namespace beliefsim::app
