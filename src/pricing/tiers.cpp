#include "beliefsim/pricing/tiers.hpp"

#include <boost/math/tools/minima.hpp>

#include "beliefsim/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace beliefsim::pricing {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

/// Caps optimal for the thresholds (pooled_cap per tier; the top tier, with G = 0 below, gets ∞),
/// clamped so that they decrease; and the revenue Σ_k [G q D](r_k, T_k) − [G q D](r_{k−1}, T_k).
struct TierValue {
    std::vector<double> caps;
    double revenue = 0;
};

TierValue evaluate_tiers(const Market& market, const std::vector<double>& upper) {
    TierValue out;
    double lower = market.types().low();
    double previous_cap = inf;
    for (const double r : upper) {
        const double cap =
            std::min(r > lower ? pooled_cap(market.types(), market.valuation(), lower, r) : previous_cap, previous_cap);
        out.caps.push_back(cap);
        out.revenue +=
            market.types().cdf(r) * market.value(r, cap) - market.types().cdf(lower) * market.value(lower, cap);
        lower = r;
        previous_cap = cap;
    }
    return out;
}

/// Coordinate ascent over the thresholds (each by Brent between its neighbours).
std::vector<double> ascend(const Market& market, std::vector<double> upper) {
    const double low = market.types().low();
    const double high = market.types().high();
    double current = evaluate_tiers(market, upper).revenue;
    for (int sweep = 0; sweep < 60; ++sweep) {
        const double before = current;
        for (std::size_t k = 0; k < upper.size(); ++k) {
            const double a = k == 0 ? low : upper[k - 1];
            const double b = k + 1 == upper.size() ? high : upper[k + 1];
            std::vector<double> trial = upper;
            const auto objective = [&](double x) {
                trial[k] = x;
                return -evaluate_tiers(market, trial).revenue;
            };
            const auto found = boost::math::tools::brent_find_minima(objective, a, b, 30);
            if (-found.second > current) {
                current = -found.second;
                upper[k] = found.first;
            }
        }
        if (current - before <= 1e-12 * std::max(1.0, std::abs(current))) break;
    }
    return upper;
}

TierMenu finish_tiers(const Market& market, const std::vector<double>& upper) {
    TierMenu menu;
    menu.upper_type = upper;
    menu.time_cap = evaluate_tiers(market, upper).caps;
    const std::size_t K = upper.size();
    // IC prices: the lowest tier's top type gets zero surplus, each threshold type is indifferent.
    menu.price.assign(K, 0.0);
    menu.price[K - 1] = market.value(upper[K - 1], menu.time_cap[K - 1]);
    for (std::size_t k = K - 1; k-- > 0;)
        menu.price[k] =
            menu.price[k + 1] + market.value(upper[k], menu.time_cap[k]) - market.value(upper[k], menu.time_cap[k + 1]);
    double lower_G = 0;
    for (std::size_t k = 0; k < K; ++k) {
        const double G = market.types().cdf(upper[k]);
        menu.revenue += (G - lower_G) * menu.price[k];
        lower_G = G;
    }
    return menu;
}

} // namespace

std::vector<TierMenu> best_tier_menus(const Market& market, int max_tiers) {
    BELIEFSIM_REQUIRE(max_tiers >= 1, "max_tiers must be >= 1 (got " << max_tiers << ")");
    const double low = market.types().low();
    const double high = market.types().high();
    std::vector<TierMenu> menus;
    std::vector<double> previous;
    for (int K = 1; K <= max_tiers; ++K) {
        std::vector<std::vector<double>> starts;
        std::vector<double> even(static_cast<std::size_t>(K));
        for (int k = 0; k < K; ++k) even[static_cast<std::size_t>(k)] = low + (high - low) * (k + 1) / K;
        starts.push_back(even);
        // Split each tier of the (K−1)-tier optimum in two: the best of these is at least as good.
        for (std::size_t k = 0; k < previous.size(); ++k) {
            std::vector<double> split = previous;
            const double a = k == 0 ? low : previous[k - 1];
            split.insert(split.begin() + static_cast<std::ptrdiff_t>(k), 0.5 * (a + previous[k]));
            starts.push_back(split);
        }
        if (!previous.empty()) {
            std::vector<double> extended = previous;
            extended.push_back(0.5 * (previous.back() + high));
            starts.push_back(extended);
        }
        std::vector<double> best;
        double best_revenue = -inf;
        for (const auto& start : starts) {
            auto found = ascend(market, start);
            const double revenue = evaluate_tiers(market, found).revenue;
            if (revenue > best_revenue) {
                best_revenue = revenue;
                best = std::move(found);
            }
        }
        menus.push_back(finish_tiers(market, best));
        previous = best;
    }
    return menus;
}

} // namespace beliefsim::pricing
