#include "beliefsim/process/constant_delay.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/core/format.hpp"
#include "beliefsim/process/model_rules.hpp"

#include <cmath>

namespace beliefsim::process {

ConstantDelayModel::ConstantDelayModel(ConstantDelaySpec spec) : spec_(std::move(spec)) {
    spec_.prior = checked_prior(spec_.prior);
    check_chi(spec_.chi);
    check_throughput_fraction(spec_.fraction);
    const auto n = spec_.prior.size();
    prior_entropy_ = spec_.entropy.value(spec_.prior);
    vertex_entropy_.resize(n);
    for (Eigen::Index theta = 0; theta < n; ++theta)
        vertex_entropy_[theta] = spec_.entropy.value(Vector::Unit(n, theta));
    // Σ_θ μ_θ H(e_θ) − H(μ) = Σ_θ μ_θ D(e_θ|μ): the divergences keep their relative precision next
    // to a vertex, where the difference of entropies cancels (quadratic, prior 1e-300: 0, exit 1).
    delay_ = spec_.prior.dot(spec_.entropy.vertex_divergences(spec_.prior)) / (spec_.chi * spec_.fraction);
    BELIEFSIM_CHECK(std::isfinite(delay_) && delay_ > 0, "prior",
                    "gives a constant delay of " << delay_ << ": it must be finite and > 0 (H(e_θ) finite, the prior "
                                                 << "not within rounding of a vertex)");
}

PathOutcome ConstantDelayModel::sample(rng::PathRng& rng) const {
    return {delay_, state_by_inversion(spec_.prior, rng::uniform_open_closed(rng))};
}

double ConstantDelayModel::accumulated_entropy(double t, int theta) const {
    return t < delay_ ? prior_entropy_ + spec_.chi * spec_.fraction * t : vertex_entropy_[theta];
}

} // namespace beliefsim::process
