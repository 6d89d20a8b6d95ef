#pragma once
/// Finite K-tier token-cap menus (Zhong §4): K caps for K intervals of types, with IC prices.
/// Tested by: tests/pricing/test_menu.cpp.

#include "beliefsim/pricing/market.hpp"

#include <vector>

namespace beliefsim::pricing {

/// A K-tier menu: tier k serves types (upper_type[k−1], upper_type[k]] (upper_type[−1] = low) with
/// time_cap[k] (decreasing, time_cap[0] = ∞) at price[k] (IC: each threshold type is indifferent).
struct TierMenu {
    std::vector<double> upper_type, time_cap, price;
    double revenue = 0; ///< Σ_k (G(upper_k) − G(upper_{k−1})) price_k
};
/// Best K-tier menus for K = 1..max_tiers (max_tiers ≥ 1). Caps are optimal for given thresholds
/// (closed form from the identity g ρ_r = ∂_r[G q e^{−rt}] of pricing/menu.hpp, clamped to stay decreasing); thresholds
/// by coordinate ascent (Brent) from the (K−1)-tier optimum with one tier split, and from equal spacing.
[[nodiscard]] std::vector<TierMenu> best_tier_menus(const Market& market, int max_tiers);

} // namespace beliefsim::pricing
