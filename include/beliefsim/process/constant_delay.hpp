#pragma once
/// Constant-delay model (Zhong §2.2, "pure accumulation" of Chen and Zhong): the belief stays at the
/// prior, information accumulates at the rate χf, and the state is revealed at the deterministic time
///   τ0 = (Σ_θ μ0_θ H(e_θ) − H(μ0)) / (χf),
/// the earliest time at which full revelation respects the throughput constraint.
/// Tested by: tests/process/test_constant_delay.cpp.

#include "beliefsim/core/linalg.hpp"
#include "beliefsim/entropy/entropy.hpp"
#include "beliefsim/process/outcome.hpp"
#include "beliefsim/rng/path_rng.hpp"

namespace beliefsim::process {

/// The constructor checks the prior, χ and f (process/model_rules.hpp) and keeps the prior
/// renormalized.
struct ConstantDelaySpec {
    entropy::Entropy entropy;
    Vector prior;
    double chi = 0;
    double fraction = 1;
};

/// Immutable; share it `const` across threads.
class ConstantDelayModel {
public:
    explicit ConstantDelayModel(ConstantDelaySpec spec);

    [[nodiscard]] const ConstantDelaySpec& spec() const { return spec_; }
    [[nodiscard]] int states() const { return static_cast<int>(spec_.prior.size()); }
    [[nodiscard]] double delay() const { return delay_; } ///< τ0

    /// τ = τ0; the terminal state θ with probability μ0_θ (one (0,1] uniform).
    [[nodiscard]] PathOutcome sample(rng::PathRng& rng) const;

    /// The information measure of the pure-accumulation construction at time t on a path that learns
    /// θ at τ0: H(μ0) + χf·t before τ0, H(e_θ) from τ0 on. Its expected increments are exactly χf·s
    /// while the path runs (what the throughput audit checks); the reported belief itself stays at
    /// the prior until τ0.
    [[nodiscard]] double accumulated_entropy(double t, int theta) const;

private:
    ConstantDelaySpec spec_;
    double delay_ = 0;
    double prior_entropy_ = 0;
    Vector vertex_entropy_; // H(e_θ)
};

} // namespace beliefsim::process
