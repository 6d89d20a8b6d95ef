#pragma once
/// The data of a token-cap pricing problem (Zhong §3; SPEC §1 "Token-cap menu"): the types, the
/// law of the stopping time τ of the model sold, the price per unit of time χ and the valuation,
/// with the numerical horizon and the discounted mass D(r, T) = ∫_0^T e^{−rt} f*(t) dt.
/// Tested by: tests/pricing/test_menu.cpp.
///
/// Quadrature. D and the t-integrals of the menu: adaptive Gauss-Kronrod (31 points, relative
/// tolerance 1e-11, depth ≤ 10) on [0, min(T, horizon)] split at the law's kinks, the horizon being
/// the first power of two where P(τ > t) ≤ 1e-16, searched up or down from 1 (so it follows the
/// law's scale, ~1/χ; src/pricing/law_quadrature.hpp, private to the module).

#include "beliefsim/pricing/cap_schedule.hpp"

#include <functional>
#include <vector>

namespace beliefsim::pricing {

/// Law of the stopping time τ of the model sold (e.g. the greedy model's exact law).
struct StoppingLaw {
    std::function<double(double)> density;  ///< f*(t), t ≥ 0
    std::function<double(double)> survival; ///< P(τ > t)
    std::vector<double> kinks;              ///< increasing times where f* is not smooth (phase switches)
};

/// τ ~ Exp(rate). Zhong §3.1's binary example has rate ½ (papers README). Requires rate > 0.
[[nodiscard]] StoppingLaw exponential_law(double rate);

/// The data of a pricing problem, validated, plus the numerical horizon. Immutable.
class Market {
public:
    /// Throws InvalidArgument("chi") unless χ > 0 finite; InvalidArgument if the law is empty,
    /// or the valuation is invalid (require_valid_valuation).
    Market(TypeDistribution types, StoppingLaw law, double chi, Valuation valuation = {});

    [[nodiscard]] const TypeDistribution& types() const noexcept { return types_; }
    [[nodiscard]] const StoppingLaw& law() const noexcept { return law_; }
    [[nodiscard]] const Valuation& valuation() const noexcept { return valuation_; }
    [[nodiscard]] double chi() const noexcept { return chi_; }
    /// Smallest doubling of 1 with P(τ > t) ≤ 1e-16 (at most 2^40): caps beyond it are ∞ in effect.
    [[nodiscard]] double horizon() const noexcept { return horizon_; }

    /// D(r, T) = ∫_0^T e^{−rt} f*(t) dt (T may be +∞; 0 for T ≤ 0).
    [[nodiscard]] double discounted_mass(double r, double time_cap) const;
    /// q(r) D(r, T): what type r gets from cap T before paying.
    [[nodiscard]] double value(double r, double time_cap) const;

private:
    TypeDistribution types_;
    StoppingLaw law_;
    double chi_;
    Valuation valuation_;
    double horizon_;
};

} // namespace beliefsim::pricing
