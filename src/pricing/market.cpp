#include "beliefsim/pricing/market.hpp"

#include "beliefsim/core/error.hpp"
#include "beliefsim/process/model_rules.hpp"
#include "law_quadrature.hpp"

#include <cmath>

namespace beliefsim::pricing {

StoppingLaw exponential_law(double rate) {
    BELIEFSIM_REQUIRE(std::isfinite(rate) && rate > 0, "exponential rate must be > 0 (got " << rate << ")");
    return {[rate](double t) { return t < 0 ? 0.0 : rate * std::exp(-rate * t); },
            [rate](double t) { return t < 0 ? 1.0 : std::exp(-rate * t); },
            {}};
}

Market::Market(TypeDistribution types, StoppingLaw law, double chi, Valuation valuation)
    : types_(std::move(types)), law_(std::move(law)), chi_(chi), valuation_(std::move(valuation)), horizon_(1) {
    process::check_chi(chi); // the model's rule, one place
    BELIEFSIM_REQUIRE(law_.density && law_.survival, "the stopping law needs a density and a survival function");
    require_valid_valuation(types_, valuation_);
    while (law_.survival(horizon_) > 1e-16 && horizon_ < 0x1p40) horizon_ *= 2;
    // And down to the law's own scale: a fast model (large χ) puts its mass at t ~ 1/χ, which a
    // quadrature over [0, 1] never sees (χ = 1e6 priced every tier at 0, χ = 1e5 at 0.1% off).
    while (horizon_ > 0x1p-400 && law_.survival(horizon_ / 2) <= 1e-16) horizon_ /= 2;
}

double Market::discounted_mass(double r, double time_cap) const {
    return detail::integrate_density(
        *this, [r](double t) { return std::exp(-r * t); }, 0.0, time_cap);
}

double Market::value(double r, double time_cap) const { return valuation_.q(r) * discounted_mass(r, time_cap); }

} // namespace beliefsim::pricing
