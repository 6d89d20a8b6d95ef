#pragma once
/// The integrals of the pricing module (private to src/pricing): over time against the stopping
/// law, cut at the horizon and the law's kinks, and over types. One rule, tolerance and depth each.

#include "beliefsim/core/quadrature.hpp"
#include "beliefsim/pricing/market.hpp"

#include <algorithm>
#include <vector>

namespace beliefsim::pricing::detail {

/// Inner (time) integrals: smooth integrands, so a tight tolerance is cheap.
inline constexpr Quadrature TIME_QUADRATURE{1e-11, 10};
/// Outer (type) integrals: each point may cost an inner integral, so fewer points per panel.
inline constexpr Quadrature TYPE_QUADRATURE{1e-10, 10};

/// ∫_a^b h(t) w(t) dt with a, b clamped to the horizon, in pieces between the law's kinks and
/// `extra`.
template <class H, class W>
double integrate_law(const Market& m, H h, W w, double a, double b, std::vector<double> extra = {}) {
    extra.insert(extra.end(), m.law().kinks.begin(), m.law().kinks.end());
    const auto f = [&](double t) { return h(t) * w(t); };
    return integrate_pieces(f, std::min(a, m.horizon()), std::min(b, m.horizon()), std::move(extra), TIME_QUADRATURE);
}

/// ∫_a^b h(t) f*(t) dt.
template <class H>
double integrate_density(const Market& m, H h, double a, double b, std::vector<double> extra = {}) {
    return integrate_law(m, h, m.law().density, a, b, std::move(extra));
}

/// ∫_a^b f(r) dr over types, split at `breaks`.
template <class F>
double integrate_types(const F& f, double a, double b, std::vector<double> breaks = {}) {
    return integrate_pieces<15>(f, a, b, std::move(breaks), TYPE_QUADRATURE);
}

} // namespace beliefsim::pricing::detail
