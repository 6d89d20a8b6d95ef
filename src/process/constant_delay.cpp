#include "beliefsim/process/constant_delay.hpp"

#include "beliefsim/core/error.hpp"
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
    double expected_terminal = 0;
    for (Eigen::Index theta = 0; theta < n; ++theta) {
        vertex_entropy_[theta] = spec_.entropy.value(Vector::Unit(n, theta));
        expected_terminal += spec_.prior[theta] * vertex_entropy_[theta];
    }
    delay_ = (expected_terminal - prior_entropy_) / (spec_.chi * spec_.fraction);
    BELIEFSIM_ENSURE(std::isfinite(delay_) && delay_ > 0,
                     "constant delay must be finite and > 0 (got " << delay_ << "): H(e_θ) must be finite");
}

PathOutcome ConstantDelayModel::sample(rng::PathRng& rng) const {
    return {delay_, state_by_inversion(spec_.prior, rng::uniform_open_closed(rng))};
}

double ConstantDelayModel::accumulated_entropy(double t, int theta) const {
    return t < delay_ ? prior_entropy_ + spec_.chi * spec_.fraction * t : vertex_entropy_[theta];
}

} // namespace beliefsim::process
