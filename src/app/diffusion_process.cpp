// The diffusion process in a run: the model's scheme (exact where it can be); the exact law of
// binary models (Brownian closed form, otherwise the Feynman-Kac reference); none for n >= 3.

#include "beliefsim/app/registry.hpp"

#include "beliefsim/process/binary_reference.hpp"
#include "beliefsim/process/diffusion.hpp"

#include <algorithm>
#include <cmath>
#include <span>

namespace beliefsim::app {
namespace {

using process::DiffusionModel;

LawFunctions brownian_law(const process::BrownianExitLaw* b) {
    Vector terminal(2);
    terminal << b->terminal_probability(0), b->terminal_probability(1);
    return {"binary Brownian motion: exit-time series (images / eigenfunctions)",
            [b](double t) { return b->survival(t); },
            [b](double t) { return b->density(t); },
            [b](double t) {
                Vector v(2);
                v << b->state_cdf(0, t), b->state_cdf(1, t);
                return v;
            },
            [b](double t) {
                Vector v(2);
                v << b->state_density(0, t), b->state_density(1, t);
                return v;
            },
            [b](double r) { return b->laplace(r); },
            terminal,
            b->mean(),
            b->tau_variance(),
            {},
            std::nullopt,
            {}};
}

LawFunctions reference_law(const process::BinaryDiffusionReference* ref) {
    Vector terminal(2);
    terminal << ref->probability_upper(), 1 - ref->probability_upper();
    LawFunctions law;
    law.source = "binary diffusion: Feynman-Kac boundary-value problem (Boost.Odeint), Laplace inversion";
    law.survival = [ref](double t) { return ref->survival(t); };
    law.density = [ref](double t) { return ref->density(t); };
    law.laplace = [ref](double r) { return ref->laplace(r); };
    law.terminal = terminal;
    law.mean = ref->mean();
    law.variance = ref->variance();
    return law;
}

/// The audit steps paths; the observer reads H(μ) at the grid times (all ≤ cap).
struct AuditSampler {
    const DiffusionModel& model;
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

/// Records (t, μ) of one stepped path, keeping at most `max_points` (then the belief at the cap).
struct PathRecorder final : process::PathObserver {
    std::span<const double> stops; // {T} when capped: the belief at T ends a capped path
    std::size_t max_points;
    double cap;
    SamplePath path;
    std::optional<Vector> at_cap;
    PathRecorder(std::span<const double> s, std::size_t m, double T) : stops(s), max_points(m), cap(T) {}
    [[nodiscard]] std::span<const double> times() const override { return stops; }
    void at_time(std::size_t /*k*/, const Vector& mu) override { at_cap = mu; }
    void on_step(double t, const Vector& mu) override {
        if (t > cap) return;
        if (path.t.size() >= max_points) {
            path.truncated = true;
            return;
        }
        path.t.push_back(t);
        path.belief.insert(path.belief.end(), mu.begin(), mu.end());
    }
};

class DiffusionProcess final : public ProcessOf<DiffusionModel> {
public:
    explicit DiffusionProcess(const ProcessInputs& in)
        : ProcessOf(DiffusionModel(process::DiffusionSpec{in.entropy,
                                                          in.prior,
                                                          in.chi,
                                                          in.fraction,
                                                          process::scheme_from_name(in.diffusion.scheme),
                                                          in.diffusion.dt,
                                                          in.diffusion.max_time,
                                                          {}})) {
        if (model_.states() != 2) return;
        if (const process::BrownianExitLaw* b = model_.exact_law()) {
            law_ = brownian_law(b);
            return;
        }
        reference_.emplace(process::BinaryDiffusionSpec{model_.spec().prior[0], model_.spec().entropy,
                                                        model_.spec().chi, model_.spec().fraction, 0.5});
        law_ = reference_law(&*reference_);
    }

    [[nodiscard]] std::string scheme() const override { return std::string(process::scheme_name(model_.scheme())); }

    [[nodiscard]] estimators::ThroughputAudit audit(double chi, AuditGrid grid, const mc::RunPlan& plan,
                                                    double cap) const override {
        return run_audit(AuditSampler{model_, audit_times(grid, cap), cap}, chi, grid, plan);
    }

    [[nodiscard]] SamplePath sample_path(rng::PathRng& rng, double cap, std::size_t max_points) const override {
        const std::vector<double> stops = std::isfinite(cap) ? std::vector<double>{cap} : std::vector<double>{};
        PathRecorder recorder(stops, max_points, cap);
        const auto o = model_.sample(rng, recorder);
        SamplePath path = std::move(recorder.path);
        path.terminal_state = o.tau <= cap ? o.terminal_state : process::NOT_LEARNED;
        if (o.tau > cap && recorder.at_cap) append(path, cap, *recorder.at_cap);
        return path;
    }

private:
    std::optional<process::BinaryDiffusionReference> reference_;
};

} // namespace

std::shared_ptr<const ModelProcess> make_diffusion_process(const ProcessInputs& in) {
    return std::make_shared<const DiffusionProcess>(in);
}

} // namespace beliefsim::app
