#include "beliefsim/pricing/families.hpp"

#include <boost/math/tools/minima.hpp>

#include "beliefsim/core/error.hpp"
#include "law_quadrature.hpp"

#include <cmath>
#include <limits>

namespace beliefsim::pricing {

ModelFamily constant_delay_family(double t_min, double t_max) {
    BELIEFSIM_REQUIRE(std::isfinite(t_min) && t_min > 0 && std::isfinite(t_max) && t_max > t_min,
                      "constant delay needs 0 < t_min < t_max < inf (got " << t_min << ", " << t_max << ")");
    return {"constant_delay", t_min, t_max, [](double r, double s) { return std::exp(-r * s); },
            [](double r, double s) { return -s * std::exp(-r * s); }};
}

ModelFamily binary_brownian_family(double sigma_max) {
    BELIEFSIM_REQUIRE(std::isfinite(sigma_max) && sigma_max > 0, "sigma_max must be > 0 (got " << sigma_max << ")");
    // u = sech(x), x = √(r/2)/σ (the binary Brownian motion's E[e^{−rτ}] from ½); ∂x/∂r = x/(2r).
    return {"diffusion", sigma_max / 1000, sigma_max,
            [](double r, double s) { return 1 / std::cosh(std::sqrt(r / 2) / s); },
            [](double r, double s) {
                const double x = std::sqrt(r / 2) / s;
                return r > 0 ? -std::tanh(x) / std::cosh(x) * x / (2 * r) : 0.0;
            }};
}

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

struct PointwiseBest {
    double parameter; ///< NaN when excluded
    double value;     ///< ≥ 0
};

PointwiseBest best_parameter(const TypeDistribution& types, const Valuation& valuation, const ModelFamily& family,
                             double r) {
    const double g = types.pdf(r);
    const double G = types.cdf(r);
    const double q = valuation.q(r);
    const double dq = valuation.dq(r);
    const auto phi = [&](double s) {
        const double u = family.value(r, s);
        return g * q * u + G * (dq * u + q * family.value_dr(r, s));
    };
    constexpr int grid = 64;
    const double step = (family.parameter_high - family.parameter_low) / grid;
    int best = 0;
    double best_value = -inf;
    for (int j = 0; j <= grid; ++j) {
        const double v = phi(family.parameter_low + j * step);
        if (v > best_value) {
            best_value = v;
            best = j;
        }
    }
    double best_s = family.parameter_low + best * step;
    const double a = std::max(family.parameter_low, best_s - step);
    const double b = std::min(family.parameter_high, best_s + step);
    const auto refined = boost::math::tools::brent_find_minima([&](double s) { return -phi(s); }, a, b, 50);
    if (-refined.second > best_value) {
        best_value = -refined.second;
        best_s = refined.first;
    }
    if (!(best_value > 0)) return {std::numeric_limits<double>::quiet_NaN(), 0};
    return {best_s, best_value};
}

} // namespace

FamilyMenu best_family_menu(const TypeDistribution& types, const Valuation& valuation, const ModelFamily& family,
                            std::span<const double> r_grid) {
    BELIEFSIM_REQUIRE(family.value && family.value_dr && family.parameter_high > family.parameter_low,
                      "model family '" << family.name << "' is incomplete");
    FamilyMenu menu;
    menu.family = family.name;
    int direction = 0; // +1 / −1 once the served parameters have moved
    double previous = std::numeric_limits<double>::quiet_NaN();
    for (const double r : r_grid) {
        // Where the type density is unbounded (a beta law with a < 1 or b < 1 at its ends) the
        // pointwise problem is infinite for every parameter; its limit from inside is the answer.
        const double inward = 1e-9 * (types.high() - types.low());
        const double at = std::isfinite(types.pdf(r))          ? r
                          : r - types.low() < types.high() - r ? r + inward
                                                               : r - inward;
        const PointwiseBest best = best_parameter(types, valuation, family, at);
        menu.r.push_back(r);
        menu.parameter.push_back(best.parameter);
        menu.virtual_value.push_back(best.value);
        if (std::isnan(best.parameter)) continue;
        if (!std::isnan(previous) &&
            std::abs(best.parameter - previous) > 1e-7 * (family.parameter_high - family.parameter_low)) {
            const int d = best.parameter > previous ? 1 : -1;
            if (direction != 0 && d != direction) menu.monotone = false;
            direction = d;
        }
        previous = best.parameter;
    }
    menu.revenue = detail::integrate_types([&](double r) { return best_parameter(types, valuation, family, r).value; },
                                           types.low(), types.high());
    return menu;
}

} // namespace beliefsim::pricing
